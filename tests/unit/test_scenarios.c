/*
 * test_scenarios.c — runs the decision-tree scenarios of tests/scenarios/.
 *
 * A scenario is a small readable file: comment lines (#), an optional
 * "profile: FILE" line, the complaint JSON (from a line starting with "{" to
 * a line that is exactly "}"), then the expectations, one per line:
 *
 *   cause: radio/coverage        the verdict's cause
 *   grade: 1                     the complaint's grade
 *   confidence: high             high | medium | low
 *   class: network               and domain: radio
 *   decided_by: Q3.1.1           the deciding node
 *   step: Q3.1.1 fail            some step of the path at that node has that result
 *   no_step: Q4.1.1              no step of the path is at that node
 *   needs: signal_dbm rat        each is among the verdict's needs
 *   no_needs: alarms             none is among them
 *   exact_needs: a b c           the needs are exactly these, in this order
 *   plan_needs: a b              each is among the plan walk's needs
 *   tag: rat:gsm                 the tag is present
 *
 * Each scenario is one cmocka test named after its file.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/complaint.h"
#include "celltriage/diagnose.h"
#include "celltriage/profile.h"

#define DIR_SCN "tests/scenarios"

static int
has_need(const struct ct_verdict *v, const char *t)
{
	for (size_t i = 0; i < v->nneeds; i++)
		if (strcmp(v->needs[i].test, t) == 0)
			return 1;
	return 0;
}

static void
fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fail_at(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_msg("%s:%d: %s", file, line, msg);
}

/* Checks one expectation line against the verdicts. */
static void
expect(const char *file, int line, const char *key, char *val,
       const struct ct_verdict *v, const struct ct_verdict *plan)
{
	char *save = NULL, *w;

	if (strcmp(key, "cause") == 0) {
		if (strcmp(v->cause, val) != 0)
			fail_at(file, line, "cause %s, expected %s", v->cause, val);
	} else if (strcmp(key, "grade") == 0) {
		if (v->grade != atoi(val))
			fail_at(file, line, "grade %d, expected %s", v->grade, val);
	} else if (strcmp(key, "confidence") == 0) {
		if (strcmp(v->confidence, val) != 0)
			fail_at(file, line, "confidence %s, expected %s", v->confidence, val);
	} else if (strcmp(key, "class") == 0) {
		if (strcmp(v->klass, val) != 0)
			fail_at(file, line, "class %s, expected %s", v->klass, val);
	} else if (strcmp(key, "domain") == 0) {
		if (strcmp(v->domain, val) != 0)
			fail_at(file, line, "domain %s, expected %s", v->domain, val);
	} else if (strcmp(key, "decided_by") == 0) {
		if (!v->decided_by || strcmp(v->decided_by, val) != 0)
			fail_at(file, line, "decided by %s, expected %s",
				v->decided_by ? v->decided_by : "(none)", val);
	} else if (strcmp(key, "step") == 0 || strcmp(key, "no_step") == 0) {
		char *node = strtok_r(val, " ", &save), *res = strtok_r(NULL, " ", &save);
		int found = 0;

		for (size_t i = 0; node && i < v->nsteps; i++)
			if (strcmp(v->steps[i].node, node) == 0 &&
			    (!res || strcmp(ct_result_name(v->steps[i].result), res) == 0))
				found = 1;
		if (key[0] == 's' && !found)
			fail_at(file, line, "no step %s %s in the path", node ? node : "?", res ? res : "");
		if (key[0] == 'n' && found)
			fail_at(file, line, "unexpected step %s in the path", node ? node : "?");
	} else if (strcmp(key, "needs") == 0 || strcmp(key, "no_needs") == 0 ||
		   strcmp(key, "plan_needs") == 0) {
		const struct ct_verdict *in = key[0] == 'p' ? plan : v;

		for (w = strtok_r(val, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			if (key[0] != 'n' || key[1] == 'e') {
				if (!has_need(in, w))
					fail_at(file, line, "%s not among the needs", w);
			} else if (has_need(in, w)) {
				fail_at(file, line, "%s unexpectedly among the needs", w);
			}
		}
	} else if (strcmp(key, "exact_needs") == 0) {
		size_t k = 0;

		for (w = strtok_r(val, " ", &save); w; w = strtok_r(NULL, " ", &save), k++)
			if (k >= v->nneeds || strcmp(v->needs[k].test, w) != 0)
				fail_at(file, line, "need %zu is %s, expected %s", k + 1,
					k < v->nneeds ? v->needs[k].test : "(none)", w);
		if (k != v->nneeds)
			fail_at(file, line, "%zu needs, expected %zu", v->nneeds, k);
	} else if (strcmp(key, "tag") == 0) {
		int found = 0;

		for (size_t i = 0; i < v->ntags; i++)
			found |= strcmp(v->tags[i], val) == 0;
		if (!found)
			fail_at(file, line, "tag %s missing", val);
	} else {
		fail_at(file, line, "unknown expectation '%s'", key);
	}
}

static void
run_scenario(void **state)
{
	const char *file = *state;
	char *text = NULL, *line, *save = NULL, *profile = NULL;
	struct ct_buf js = CT_BUF_INIT;
	struct ct_complaint c;
	struct ct_profile p;
	struct ct_verdict v, plan;
	struct ct_err err;
	json_error_t jerr;
	json_t *obj;
	size_t len;
	int in_json = 0, json_done = 0, lineno = 0, nexp = 0;
	struct { int line; char *key, *val; } exp[64];

	if (ct_read_file(file, 1 << 20, &text, &len, &err) != 0)
		fail_msg("%s", err.msg);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon;

		/* strtok_r skips empty lines, so count them from the offsets. */
		lineno = 1;
		for (const char *q = text; q < line; q++)
			lineno += *q == '\n' || *q == '\0';
		if (in_json) {
			ct_buf_printf(&js, "%s\n", line);
			if (strcmp(line, "}") == 0)
				in_json = 0, json_done = 1;
			continue;
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (line[0] == '{' && !json_done) {
			in_json = 1;
			ct_buf_printf(&js, "%s\n", line);
			continue;
		}
		colon = strchr(line, ':');
		if (!colon)
			fail_at(file, lineno, "expected 'key: value'");
		*colon = '\0';
		colon++;
		while (*colon == ' ')
			colon++;
		if (strcmp(line, "profile") == 0) {
			profile = colon;
			continue;
		}
		if (nexp == 64)
			fail_at(file, lineno, "too many expectations");
		exp[nexp].line = lineno;
		exp[nexp].key = line;
		exp[nexp].val = colon;
		nexp++;
	}
	if (!json_done)
		fail_at(file, 0, "no complaint JSON (a block from '{' to a line '}')");
	if (nexp == 0)
		fail_at(file, 0, "no expectations");
	if (ct_profile_load(profile, &p, &err) != 0)
		fail_msg("%s: %s", file, err.msg);
	obj = json_loads(ct_buf_str(&js), 0, &jerr);
	if (!obj)
		fail_msg("%s: complaint JSON line %d: %s", file, jerr.line, jerr.text);
	if (ct_complaint_from_json(obj, file, &c, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(obj);
	ct_diagnose(&c, &p, CT_WALK_DIAGNOSE, &v);
	ct_diagnose(&c, &p, CT_WALK_PLAN, &plan);
	/* The plan walk looks further, never elsewhere: the same cause. */
	if (strcmp(v.cause, plan.cause) != 0)
		fail_at(file, 0, "plan walk concluded %s, diagnose %s", plan.cause, v.cause);
	for (int i = 0; i < nexp; i++)
		expect(file, exp[i].line, exp[i].key, exp[i].val, &v, &plan);
	ct_verdict_free(&v);
	ct_verdict_free(&plan);
	ct_complaint_free(&c);
	ct_profile_free(&p);
	ct_buf_free(&js);
	free(text);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	DIR *d = opendir(DIR_SCN);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct CMUnitTest *tests;
	int rc;

	if (!d) {
		fprintf(stderr, "test_scenarios: cannot open %s (run from the source root)\n", DIR_SCN);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".scn") != 0)
			continue;
		names = ct_xgrow(names, n + 1, &cap, sizeof(*names));
		names[n] = ct_xmalloc(sizeof(DIR_SCN) + l + 1);
		snprintf(names[n], sizeof(DIR_SCN) + l + 1, "%s/%s", DIR_SCN, e->d_name);
		n++;
	}
	closedir(d);
	if (n == 0) {
		fprintf(stderr, "test_scenarios: no scenarios in %s\n", DIR_SCN);
		return 1;
	}
	qsort(names, n, sizeof(*names), by_name);
	tests = ct_xcalloc(n, sizeof(*tests));
	for (size_t i = 0; i < n; i++) {
		tests[i].name = names[i] + sizeof(DIR_SCN);
		tests[i].test_func = run_scenario;
		tests[i].initial_state = names[i];
	}
	rc = _cmocka_run_group_tests("scenarios", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return rc;
}
