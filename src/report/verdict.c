/*
 * verdict.c — the verdict and the one-visit test plan, as text and JSON.
 *
 * The text is for a person at an 80-column terminal: the conclusion first
 * (cause, class, confidence, grade), then the path that led there, what is
 * still needed, and what to do. Long sentences wrap under their column.
 * The JSON is the verdict object of doc/verdict.md, keys in a fixed order.
 */
#include <string.h>

#include "celltriage/report.h"

#define WIDTH 80

/* Appends text wrapped at WIDTH; continuation lines start at column
 * `indent`; the first line starts at column `col` (already written). */
static void
wrap(struct ct_buf *b, size_t col, size_t indent, const char *raw)
{
	struct ct_buf shown = CT_BUF_INIT;
	const char *p;

	/* A complaint's bytes reach no terminal raw (util.h). */
	ct_buf_put_text(&shown, raw);
	p = ct_buf_str(&shown);

	while (*p) {
		const char *end = p, *brk = NULL;
		size_t room = col < WIDTH ? WIDTH - col : 1;

		while (*end && *end != '\n' && (size_t)(end - p) < room) {
			if (*end == ' ')
				brk = end;
			end++;
		}
		if (*end && *end != '\n' && brk && brk > p)
			end = brk;	/* break at the last space that fits */
		else if (*end && *end != '\n' && !brk)
			while (*end && *end != ' ' && *end != '\n')
				end++;	/* one long word: let it overflow */
		ct_buf_add(b, p, (size_t)(end - p));
		ct_buf_puts(b, "\n");
		p = end;
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p)
			ct_buf_printf(b, "%*s", (int)indent, "");
		col = indent;
	}
	ct_buf_free(&shown);
}

static void
field(struct ct_buf *b, const char *label, const char *text)
{
	ct_buf_printf(b, "%-12s", label);
	wrap(b, 12, 12, text && *text ? text : "-");
}

void
ct_verdict_text(struct ct_buf *b, const struct ct_verdict *v)
{
	struct ct_buf t = CT_BUF_INIT;

	ct_buf_printf(&t, "%s (%s%s%s, confidence %s)", v->cause, v->klass,
		      strcmp(v->klass, v->domain) ? ", " : "",
		      strcmp(v->klass, v->domain) ? v->domain : "", v->confidence);
	field(b, "verdict", ct_buf_str(&t));
	field(b, "complaint", v->complaint);
	ct_buf_reset(&t);
	ct_buf_printf(&t, "%d, %s", v->grade, v->grade_rule ? v->grade_rule : "");
	field(b, "grade", ct_buf_str(&t));
	if (v->decided_by) {
		ct_buf_reset(&t);
		ct_buf_puts(&t, v->decided_by);
		for (size_t i = 0; i < v->nsteps; i++)
			if (v->steps[i].result == CT_R_FAIL &&
			    strcmp(v->steps[i].node, v->decided_by) == 0) {
				ct_buf_printf(&t, " %s: %s", v->steps[i].check, v->steps[i].why);
				break;
			}
		field(b, "decided by", ct_buf_str(&t));
	}
	ct_buf_reset(&t);
	for (size_t i = 0; i < v->ntags; i++)
		ct_buf_printf(&t, "%s%s", i ? " " : "", v->tags[i]);
	field(b, "tags", ct_buf_str(&t));
	ct_buf_free(&t);

	ct_buf_puts(b, "\npath\n");
	for (size_t i = 0; i < v->nsteps; i++) {
		const struct ct_step *s = &v->steps[i];

		ct_buf_printf(b, "  %-8s %-8s", s->node, ct_result_name(s->result));
		wrap(b, 19, 19, s->check);
		ct_buf_printf(b, "%19s", "");
		wrap(b, 19, 19, s->why);
		if (s->evidence && *s->evidence) {
			ct_buf_printf(b, "%19s", "");
			wrap(b, 19, 21, s->evidence);
		}
	}
	if (v->nneeds) {
		ct_buf_puts(b, "\nneeds\n");
		for (size_t i = 0; i < v->nneeds; i++) {
			const struct ct_need *n = &v->needs[i];

			ct_buf_printf(b, "  %-24s %-12s", n->test, ct_where_name(n->where));
			wrap(b, 39, 39, n->why);
		}
	}
	if (v->nactions) {
		ct_buf_puts(b, "\nactions\n");
		for (size_t i = 0; i < v->nactions; i++) {
			ct_buf_printf(b, "  %zu. ", i + 1);
			wrap(b, 5, 5, v->actions[i]);
		}
	}
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
ct_verdict_to_json(const struct ct_verdict *v)
{
	json_t *o = json_object(), *a;

	json_object_set_new(o, "complaint", str_or_null(v->complaint));
	json_object_set_new(o, "class", json_string(v->klass));
	json_object_set_new(o, "domain", json_string(v->domain));
	json_object_set_new(o, "cause", json_string(v->cause));
	json_object_set_new(o, "confidence", json_string(v->confidence));
	json_object_set_new(o, "grade", json_integer(v->grade));
	json_object_set_new(o, "grade_rule", str_or_null(v->grade_rule));
	json_object_set_new(o, "decided_by", str_or_null(v->decided_by));
	a = json_array();
	for (size_t i = 0; i < v->ntags; i++)
		json_array_append_new(a, json_string(v->tags[i]));
	json_object_set_new(o, "tags", a);
	a = json_array();
	for (size_t i = 0; i < v->nsteps; i++) {
		const struct ct_step *s = &v->steps[i];
		json_t *st = json_object();

		json_object_set_new(st, "node", json_string(s->node));
		json_object_set_new(st, "check", json_string(s->check));
		json_object_set_new(st, "result", json_string(ct_result_name(s->result)));
		json_object_set_new(st, "evidence", json_string(s->evidence));
		json_object_set_new(st, "why", json_string(s->why));
		if (s->has_value)
			json_object_set_new(st, "value", json_real(s->value));
		if (s->has_threshold)
			json_object_set_new(st, "threshold", json_real(s->threshold));
		if (s->source && *s->source)
			json_object_set_new(st, "source", json_string(s->source));
		json_array_append_new(a, st);
	}
	json_object_set_new(o, "path", a);
	a = json_array();
	for (size_t i = 0; i < v->nneeds; i++) {
		const struct ct_need *n = &v->needs[i];
		json_t *nd = json_object();

		json_object_set_new(nd, "test", json_string(n->test));
		json_object_set_new(nd, "why", json_string(n->why));
		json_object_set_new(nd, "how", json_string(n->how));
		json_object_set_new(nd, "where", json_string(ct_where_name(n->where)));
		json_object_set_new(nd, "node", json_string(n->node));
		json_array_append_new(a, nd);
	}
	json_object_set_new(o, "needs", a);
	a = json_array();
	for (size_t i = 0; i < v->nactions; i++)
		json_array_append_new(a, json_string(v->actions[i]));
	json_object_set_new(o, "actions", a);
	return o;
}

static const enum ct_where plan_order[] = { CT_W_SITE, CT_W_BACK_OFFICE, CT_W_CORE };

void
ct_plan_text(struct ct_buf *b, const struct ct_verdict *v)
{
	size_t k = 0;

	ct_buf_printf(b, "test plan for %s: %zu item%s\n", v->complaint ? v->complaint : "the complaint",
		      v->nneeds, v->nneeds == 1 ? "" : "s");
	ct_buf_printf(b, "%-12s", "so far");
	{
		struct ct_buf t = CT_BUF_INIT;

		ct_buf_printf(&t, "%s (confidence %s)", v->cause, v->confidence);
		wrap(b, 12, 12, ct_buf_str(&t));
		ct_buf_free(&t);
	}
	if (!v->nneeds) {
		ct_buf_puts(b, "\nnothing left to test: the evidence settles the verdict\n");
		return;
	}
	for (size_t w = 0; w < sizeof(plan_order) / sizeof(plan_order[0]); w++) {
		int head = 0;

		for (size_t i = 0; i < v->nneeds; i++) {
			const struct ct_need *n = &v->needs[i];

			if (n->where != plan_order[w])
				continue;
			if (!head) {
				ct_buf_printf(b, "\n%s\n", ct_where_title(plan_order[w]));
				head = 1;
			}
			ct_buf_printf(b, "%3zu. %-22s ", ++k, n->test);
			wrap(b, 28, 28, n->how);
			ct_buf_printf(b, "%28s", "");
			wrap(b, 28, 28, n->why);
		}
	}
}

json_t *
ct_plan_to_json(const struct ct_verdict *v)
{
	json_t *o = json_object(), *a = json_array();
	int k = 0;

	json_object_set_new(o, "complaint", str_or_null(v->complaint));
	json_object_set_new(o, "cause", json_string(v->cause));
	json_object_set_new(o, "confidence", json_string(v->confidence));
	for (size_t w = 0; w < sizeof(plan_order) / sizeof(plan_order[0]); w++)
		for (size_t i = 0; i < v->nneeds; i++) {
			const struct ct_need *n = &v->needs[i];
			json_t *it;

			if (n->where != plan_order[w])
				continue;
			it = json_object();
			json_object_set_new(it, "order", json_integer(++k));
			json_object_set_new(it, "where", json_string(ct_where_name(n->where)));
			json_object_set_new(it, "test", json_string(n->test));
			json_object_set_new(it, "how", json_string(n->how));
			json_object_set_new(it, "why", json_string(n->why));
			json_object_set_new(it, "node", json_string(n->node));
			json_array_append_new(a, it);
		}
	json_object_set_new(o, "plan", a);
	return o;
}
