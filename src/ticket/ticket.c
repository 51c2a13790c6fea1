/*
 * ticket.c — a ticket in memory (ticket.h): freeing one (every member the
 * field table names), its history, reading a member of its stored JSON
 * documents (through util's scan, json.c, else jansson), and the annotation a ticket gets when the NOC's monitoring
 * explains it (a tag and an action line), and the check of a ticket read
 * from outside.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/ticket.h"
#include "celltriage/verdict.h"   /* ct_cause_valid (kept in src/util/names.c) */

void
ct_ticket_free(struct ct_ticket *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].type == CT_FT_TEXT || ct_fields[i].type == CT_FT_DOC)
			free(*(char **)ct_field_ptr(t, &ct_fields[i]));
	for (size_t k = 0; k < t->ntags; k++)
		free(t->tags[k]);
	free(t->tags);
	for (size_t k = 0; k < t->ndeadlines; k++)
		free(t->deadlines[k].stage);
	free(t->deadlines);
	memset(t, 0, sizeof(*t));
}

void
ct_tickets_free(struct ct_ticket *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ct_ticket_free(&v[i]);
	free(v);
}

void
ct_events_free(struct ct_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].who);
		free(v[i].action);
		free(v[i].detail);
		free(v[i].status);
	}
	free(v);
}

char *
ct_doc_string(const char *doc, const char *key)
{
	char *fast;
	json_t *d;

	if (doc && ct_json_string_member(doc, key, &fast))
		return fast;
	d = doc ? json_loads(doc, 0, NULL) : NULL;
	const char *s = json_string_value(json_object_get(d, key));
	char *copy = s ? ct_xstrdup(s) : NULL;

	json_decref(d);
	return copy;
}

/* The reply template of the complaint handling and assessment standard
 * (用户满意度). */
static const char *const satisfactions[] = { "satisfied", "partly", "unsatisfied", "unreachable",
					      NULL };

int
ct_satisfaction_valid(const char *s)
{
	for (const char *const *k = satisfactions; s && *k; k++)
		if (!strcmp(*k, s))
			return 1;
	return 0;
}

static int
has_tag(const struct ct_ticket *t, const char *tag)
{
	for (size_t i = 0; i < t->ntags; i++)
		if (t->tags[i] && !strcmp(t->tags[i], tag))
			return 1;
	return 0;
}

/* value (JSON text) at the end of array [vs, ve), or at its head. */
static void
array_add(struct ct_buf *b, const char *vs, const char *ve, const char *value, int head)
{
	int empty = vs[1] == ']';  /* compact text: no space inside */

	if (head) {
		ct_buf_add(b, vs, 1);
		ct_buf_puts(b, value);
		if (!empty)
			ct_buf_putc(b, ',');
		ct_buf_add(b, vs + 1, (size_t)(ve - vs - 1));
		return;
	}
	ct_buf_add(b, vs, (size_t)(ve - 1 - vs));
	if (!empty)
		ct_buf_putc(b, ',');
	ct_buf_puts(b, value);
	ct_buf_putc(b, ']');
}

/* doc (compact) with value added to its array member key (at the end, or
 * at the head), the member added last when there is none, as jansson would
 * write them; the rest of the text as it was. 0 when the member is not an
 * array or the scan is not sure: jansson does it. */
static int
member_add(struct ct_buf *out, const char *doc, const char *key, const char *value, int head)
{
	const char *vs, *ve, *close;

	if (!ct_json_member(doc, key, &vs, &ve, &close))
		return 0;
	if (vs) {
		if (*vs != '[')
			return 0;
		ct_buf_add(out, doc, (size_t)(vs - doc));
		array_add(out, vs, ve, value, head);
		ct_buf_puts(out, ve);
		return 1;
	}
	ct_buf_add(out, doc, (size_t)(close - doc));
	if (close[-1] != '{')
		ct_buf_putc(out, ',');
	ct_buf_json_string(out, key);
	ct_buf_puts(out, ":[");
	ct_buf_puts(out, value);
	ct_buf_puts(out, "]}");
	return 1;
}

/* The annotation written into the verdict's text without a tree (a
 * verdict is read and written whole by jansson otherwise, the most of a
 * filing's time in a hot cell): 1 done, 0 when jansson must do it. */
static int
annotate_text(struct ct_ticket *t, const char *tag, const char *action)
{
	struct ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT, out = CT_BUF_INIT;
	const char *doc = t->verdict_json, *end;
	int spaced, ok = 1;

	/* Text as jansson parses it, without white space between tokens
	 * (else jansson writes it anew); a tag or action line in UTF-8
	 * (else jansson drops it). */
	if (!ct_json_skim(doc, &end, &spaced) || spaced || *end ||
	    (tag && ct_buf_json_string(&a, tag)) || (action && ct_buf_json_string(&b, action)))
		ok = 0;
	if (ok && tag) {
		ok = member_add(&out, doc, "tags", ct_buf_str(&a), 0);
		doc = ct_buf_str(&out);
	}
	if (ok && action) {
		struct ct_buf next = CT_BUF_INIT;

		ok = member_add(&next, doc, "actions", ct_buf_str(&b), 1);
		ct_buf_free(&out);
		out = next;
	}
	if (ok) {
		free(t->verdict_json);
		t->verdict_json = ct_buf_detach(&out);
	}
	ct_buf_free(&a);
	ct_buf_free(&b);
	ct_buf_free(&out);
	return ok;
}

void
ct_ticket_annotate(struct ct_ticket *t, const char *tag, const char *action)
{
	json_t *v = NULL, *a;
	char *s;

	if (tag && !has_tag(t, tag)) {
		t->tags = ct_xrealloc(t->tags, (t->ntags + 1) * sizeof(*t->tags));
		t->tags[t->ntags++] = ct_xstrdup(tag);
	}
	if (!t->verdict_json || (!tag && !action) || annotate_text(t, tag, action))
		return;
	v = json_loads(t->verdict_json, JSON_DECODE_ANY, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		return;
	}
	if (tag) {
		a = json_object_get(v, "tags");
		if (!json_is_array(a)) {
			a = json_array();
			json_object_set_new(v, "tags", a);
		}
		json_array_append_new(a, json_string(tag));
	}
	if (action) {
		a = json_object_get(v, "actions");
		if (!json_is_array(a)) {
			a = json_array();
			json_object_set_new(v, "actions", a);
		}
		/* First: the customer is told this before any repair plan. */
		json_array_insert_new(a, 0, json_string(action));
	}
	s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(v);
	if (s) {
		free(t->verdict_json);
		t->verdict_json = s;
	}
}

/* ---------------------------------------------------------------------
 * Kinds, and the check of an imported ticket
 */

const char *const ct_kinds[] = {
	CT_KIND_ORDINARY, CT_KIND_APPEAL, CT_KIND_REPEAT, CT_KIND_BATCH, NULL
};

int
ct_ticket_kind_is(const struct ct_ticket *t, const char *kind)
{
	return !strcmp(t->kind ? t->kind : CT_KIND_ORDINARY, kind);
}

int
ct_kind_valid(const char *kind)
{
	for (const char *const *k = ct_kinds; kind && *k; k++)
		if (!strcmp(*k, kind))
			return 1;
	return 0;
}

static int
time_ok(long long t)
{
	return t >= 0 && t <= CT_TIME_MAX;
}

int
ct_ticket_check(const struct ct_ticket *t, const struct ct_event *ev, size_t nev,
		int history, char *why, size_t n)
{
	char tm[40];

	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		long long v;

		switch (f->type) {
		case CT_FT_ID:
		case CT_FT_INT:
		case CT_FT_SECONDS:
		case CT_FT_FLAG:
		case CT_FT_REF:
			v = ct_field_int(t, f);
			/* A reference of 0 is none. */
			if (f->type == CT_FT_REF && v == 0)
				break;
			if (v < f->min || v > f->max) {
				snprintf(why, n, "%s %lld is not %lld to %lld", f->name, v, f->min,
					 f->max);
				return -1;
			}
			break;
		case CT_FT_TIME:
			if (!time_ok(ct_field_int(t, f))) {
				snprintf(why, n, "%s is not within the years 1970 to 9999", f->name);
				return -1;
			}
			break;
		case CT_FT_STATUS:
			/* None is the first status, as filing takes it. */
			if (t->status != CT_STATUS_NONE && !ct_status_name(t->status)) {
				snprintf(why, n, "status is not one of the lifecycle's");
				return -1;
			}
			break;
		default:
			break;
		}
	}
	/* The identifiers filing refuses control characters in (they would
	 * split an output line or drive a terminal). */
	{
		const char *const ids[] = { t->complaint, t->cell };
		const char *const names[] = { "complaint", "cell" };

		for (size_t i = 0; i < 2; i++) {
			long at = ids[i] ? ct_ctrl_char(ids[i]) : -1;

			if (at >= 0) {
				snprintf(why, n, "%s: control character 0x%02x at byte %ld", names[i],
					 (unsigned char)ids[i][at], at + 1);
				return -1;
			}
		}
	}
	if (t->cause && !ct_cause_valid(t->cause)) {
		snprintf(why, n, "cause \"%s\" is not one of the cause codes", t->cause);
		return -1;
	}
	if (t->kind && !ct_kind_valid(t->kind)) {
		snprintf(why, n, "kind \"%s\" is not ordinary, appeal, repeat or batch", t->kind);
		return -1;
	}
	for (size_t i = 0; i < t->ndeadlines; i++)
		if (!time_ok(t->deadlines[i].due)) {
			snprintf(why, n, "deadline %s is not within the years 1970 to 9999",
				 t->deadlines[i].stage ? t->deadlines[i].stage : "");
			return -1;
		}
	if (!history)
		return 0;
	/* Every change leaves one row in the audit trail. */
	{
		size_t changes = 0;

		for (size_t i = 0; i < nev; i++)
			changes += (size_t)ct_event_is_change(&ev[i]);
		if (changes != (size_t)t->rev) {
			snprintf(why, n, "rev %d but %zu change%s in the history", t->rev, changes,
				 changes == 1 ? "" : "s");
			return -1;
		}
	}
	for (size_t i = 0, k = 0; i < nev; i++) {
		if (ct_event_is_change(&ev[i])) {
			k++;
			if (ev[i].rev != 0 && (size_t)ev[i].rev != k) {
				snprintf(why, n, "history item %zu has rev %d, not %zu", i + 1, ev[i].rev,
					 k);
				return -1;
			}
		} else if (ev[i].rev != 0) {
			snprintf(why, n, "history item %zu (%s) has a rev", i + 1, ev[i].action);
			return -1;
		}
		if (!time_ok(ev[i].at)) {
			snprintf(why, n, "history item %zu is not within the years 1970 to 9999",
				 i + 1);
			return -1;
		}
		if (i > 0 && ev[i].at < ev[i - 1].at) {
			ct_fmt_time(tm, sizeof(tm), ev[i].at);
			snprintf(why, n, "history item %zu (%s) is before the one before it", i + 1,
				 tm);
			return -1;
		}
	}
	return 0;
}

int
ct_event_is_change(const struct ct_event *e)
{
	return !e->action || strcmp(e->action, CT_EVENT_ESCALATION) != 0;
}
