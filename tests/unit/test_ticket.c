/*
 * test_ticket.c — the ticket module's tables (ticket.h): the lifecycle is
 * whole (every status named, reachable from the first, every move leads to
 * a status, each action to one status, every clock run by a status), and
 * the names convert both ways; the field table agrees with the store's
 * schema, names each field once per format, and every field comes back
 * from the JSON, CSV and TMF621 it is written to.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "celltriage/profile.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "celltriage/ticket.h"
#include "celltriage/ticketin.h"

static void
test_statuses_named(void **state)
{
	char names[256];

	(void)state;
	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++) {
		const char *n = ct_status_name((enum ct_status)s);

		assert_non_null(n);
		assert_true(*n);
		assert_int_equal(ct_status_from_name(n), s);
		/* Its TMF621 status reads back as a status with that TMF621 status. */
		assert_non_null(ct_status_tmf((enum ct_status)s));
		assert_string_equal(ct_status_tmf(ct_status_from_tmf(ct_status_tmf((enum ct_status)s))),
				    ct_status_tmf((enum ct_status)s));
		for (int o = CT_STATUS_FIRST; o < s; o++)
			assert_string_not_equal(ct_status_name((enum ct_status)o), n);
	}
	assert_null(ct_status_name(CT_STATUS_NONE));
	assert_null(ct_status_name(CT_STATUS_END));
	assert_int_equal(ct_status_from_name("nonsense"), CT_STATUS_NONE);
	assert_int_equal(ct_status_from_name(NULL), CT_STATUS_NONE);
	assert_int_equal(ct_status_from_tmf("nonsense"), CT_STATUS_NONE);
	/* Other systems' statuses, and a status two of ours share. */
	assert_int_equal(ct_status_from_tmf("held"), CT_STATUS_HANDLING);
	assert_int_equal(ct_status_from_tmf("cancelled"), CT_STATUS_CLOSED);
	assert_int_equal(ct_status_from_tmf("resolved"), CT_STATUS_REPLIED);
	assert_string_equal(ct_status_tmf(CT_STATUS_NONE), "acknowledged");
	/* The names for messages: every status, in the table's order. */
	ct_status_names(names, sizeof(names));
	{
		char want[256] = "";

		for (int st = CT_STATUS_FIRST; st < CT_STATUS_END; st++)
			snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s",
				 st > (int)CT_STATUS_FIRST ? ", " : "", ct_status_name((enum ct_status)st));
		assert_string_equal(names, want);
		assert_int_equal(strncmp(names, "accepted, dispatched, handling", 30), 0);
	}
	for (int a = CT_ACTION_FIRST; a < CT_ACTION_END; a++) {
		const char *n = ct_action_name((enum ct_action_id)a);

		assert_non_null(n);
		assert_int_equal(ct_action_from_name(n), a);
	}
	assert_int_equal(ct_action_from_name("filed"), CT_ACTION_NONE);
	for (int g = CT_STAGE_FIRST; g < CT_STAGE_END; g++)
		assert_non_null(ct_stage_name((enum ct_stage_id)g));
	assert_null(ct_stage_name(CT_STAGE_NONE));
}

static void
test_moves_whole(void **state)
{
	size_t n;
	const struct ct_move_rule *m = ct_move_table(&n);
	int reached[CT_STATUS_END] = { 0 }, used[CT_ACTION_END] = { 0 };
	int more = 1;

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		/* Every move's ends exist. */
		assert_non_null(ct_status_name(m[i].from));
		assert_non_null(ct_status_name(m[i].to));
		assert_non_null(ct_action_name(m[i].action));
		/* An action leads to one status whatever it starts from. */
		assert_int_equal(ct_action_target(m[i].action), m[i].to);
		assert_int_equal(ct_move_target(m[i].from, m[i].action), m[i].to);
		/* A move out of a finished ticket only reopens it. */
		if (ct_status_terminal(m[i].from))
			assert_false(ct_status_terminal(m[i].to));
		used[m[i].action] = 1;
	}
	for (int a = CT_ACTION_FIRST; a < CT_ACTION_END; a++)
		assert_true(used[a]);
	/* Every status is reachable from a new ticket's. */
	reached[CT_STATUS_FIRST] = 1;
	while (more) {
		more = 0;
		for (size_t i = 0; i < n; i++)
			if (reached[m[i].from] && !reached[m[i].to])
				reached[m[i].to] = more = 1;
	}
	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++) {
		char buf[128];

		assert_true(reached[s]);
		/* ... and none is a dead end. */
		ct_moves_allowed((enum ct_status)s, buf, sizeof(buf));
		assert_string_not_equal(buf, "none");
	}
	assert_int_equal(ct_move_target(CT_STATUS_NONE, CT_ACTION_DISPATCH), CT_STATUS_NONE);
	assert_int_equal(ct_move_target(CT_STATUS_ACCEPTED, CT_ACTION_CLOSE), CT_STATUS_NONE);
}

static void
test_stage_clocks(void **state)
{
	static const struct ct_deadlines dl = {
		.dispatch_min = 15, .handle_min = 120, .return_min = 15, .feedback_min = 60,
		.reply_min = 180, .appeal_reply_min = 240, .register_min = 60,
		.register_major_min = 30, .callback_min = 120, .progress_report_days = 3,
		.revisit_days_min = 5, .revisit_days_max = 7, .repeat_window_days = 30,
	};
	int run[CT_STAGE_END] = { 0 }, ended[CT_STAGE_END] = { 0 };

	(void)state;
	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++) {
		const struct ct_status_def *d = ct_status_def((enum ct_status)s);

		/* A status runs a clock that starts with a status ... */
		if (d->clock != CT_STAGE_NONE) {
			assert_int_equal(ct_stage_def(d->clock)->start, CT_START_STATUS);
			run[d->clock] = 1;
		}
		/* ... and ends one that is counted from the complaint. */
		if (d->ends != CT_STAGE_NONE) {
			assert_int_not_equal(ct_stage_def(d->ends)->start, CT_START_STATUS);
			ended[d->ends] = 1;
		}
		/* A finished ticket runs no clock. */
		if (ct_status_terminal((enum ct_status)s))
			assert_int_equal(d->clock, CT_STAGE_NONE);
	}
	for (int g = CT_STAGE_FIRST; g < CT_STAGE_END; g++) {
		/* Every stage starts and ends somewhere, and has a limit. */
		if (ct_stage_def((enum ct_stage_id)g)->start == CT_START_STATUS)
			assert_true(run[g]);
		else
			assert_true(ended[g]);
		assert_true(ct_stage_limit((enum ct_stage_id)g, &dl, 3, 0) > 0);
	}
	assert_int_equal(ct_stage_limit(CT_STAGE_REGISTER, &dl, 1, 0), 30 * 60);
	assert_int_equal(ct_stage_limit(CT_STAGE_REPLY, &dl, 3, 1), 240 * 60);
	assert_int_equal(ct_stage_limit(CT_STAGE_HANDLE, &dl, 3, 0), 135 * 60);
}

/* The store's tickets table has a column for every field the table says
 * it keeps there, and no column the field table does not know. */
static void
test_fields_match_schema(void **state)
{
	char dir[] = "/tmp/test_ticket.XXXXXX", path[64];
	struct ct_store *st = NULL;
	struct ct_err err = { "" };
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	size_t ncols = 0, nsql = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(ct_store_open(path, 1, &st, &err), 0);
	ct_store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* The row's columns and the documents' (ticket_doc, but its key). */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('tickets')"
					    " UNION ALL SELECT name FROM pragma_table_info('ticket_doc')"
					    " WHERE name <> 'ticket'", -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(q, 0);
		int known = 0;

		/* The queue's index (store.h, schema 5), the escalation
		 * scan's (schema 8) and the complaint's channel (schema 10)
		 * are the store's, derived from the fields, the history and
		 * the documents: not fields of the ticket. */
		if (!strcmp(col, "due_at") || !strcmp(col, "due_stage") || !strcmp(col, "esc_due") ||
		    !strcmp(col, "channel"))
			continue;
		for (size_t i = 0; i < ct_nfields; i++)
			known |= ct_fields[i].sql && !strcmp(ct_fields[i].sql, col);
		if (!known)
			fail_msg("column tickets.%s is not in the field table", col);
		ncols++;
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	for (size_t i = 0; i < ct_nfields; i++)
		nsql += ct_fields[i].sql != NULL;
	assert_int_equal(ncols, nsql);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/* Every field's name is there once per format, and the lookups find it. */
static void
test_fields_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];

		assert_non_null(f->name);
		assert_non_null(f->json);
		assert_non_null(f->tmf.name);
		assert_ptr_equal(ct_field_by_json(f->json), f);
		if (f->tmf.kind == CT_TMF_CHARACTERISTIC)
			assert_ptr_equal(ct_field_by_tmf(f->tmf.name), f);
		if (f->tmf.kind == CT_TMF_PARTY || f->tmf.kind == CT_TMF_ENTITY) {
			assert_non_null(f->tmf.key);
			assert_non_null(f->tmf.referred);
		}
		for (size_t k = 0; k < i; k++) {
			const struct ct_field *g = &ct_fields[k];

			assert_string_not_equal(g->name, f->name);
			assert_string_not_equal(g->json, f->json);
			if (f->csv && g->csv)
				assert_string_not_equal(g->csv, f->csv);
			if (f->sql && g->sql)
				assert_string_not_equal(g->sql, f->sql);
			if (f->tmf.kind == g->tmf.kind)
				assert_string_not_equal(g->tmf.name, f->tmf.name);
		}
	}
	assert_null(ct_field_by_json("nonsense"));
	assert_null(ct_field_by_tmf("externalId")); /* an attribute, not a characteristic */
}

/* A ticket with every field set to a value no default would give. */
static void
every_field(struct ct_ticket *t)
{
	static char *tags[] = { "network", "radio", "known:3" };
	static struct ct_deadline dls[] = { { "dispatch", 1795140900 }, { "reply", 1795150800 } };

	memset(t, 0, sizeof(*t));
	t->id = 42;
	t->complaint = "C20261120-0001";
	t->msisdn = "13150423168";
	t->imsi = "460001234567890";
	t->cell = "460-00-12345-1";
	t->rat = "lte";
	t->phenomenon = "no_access";
	t->cause = "radio/coverage";
	t->klass = "network";
	t->domain = "radio";
	t->confidence = "high";
	t->grade = 2;
	t->status = CT_STATUS_FEEDBACK;
	t->kind = "appeal";
	t->received_at = 1795137300;
	t->filed_at = 1795140000;
	t->updated_at = 1795160000;
	t->rev = 7;
	t->tags = tags;
	t->ntags = 3;
	t->deadlines = dls;
	t->ndeadlines = 2;
	t->complaint_json = "{\"id\":\"C20261120-0001\",\"description\":\"\xe5\xae\xa4\xe5\x86\x85\"}";
	t->verdict_json = "{\"cause\":\"radio/coverage\",\"path\":[]}";
	t->department = "radio";
	t->person = "li";
	t->reply_cause = "weak indoor coverage";
	t->result = "repeater installed";
	t->satisfaction = "partly";
	t->time_taken_s = 9000;
	t->invalid = 1;
	t->evidence = "a, \"quoted\" line\nand another";
	t->status_at = 1795159000;
	t->repeat_of = 3;
	t->batch = "B-1";
	for (size_t i = 0; i < ct_nfields; i++)
		if (!ct_field_is_set(t, &ct_fields[i]))
			fail_msg("the sample leaves %s unset", ct_fields[i].name);
}

/* 1 when field f of a and b is the same. */
static int
same_field(const struct ct_ticket *a, const struct ct_ticket *b, const struct ct_field *f)
{
	switch (f->type) {
	case CT_FT_TEXT:
	case CT_FT_DOC:
		if (!ct_field_text(a, f) || !ct_field_text(b, f))
			return ct_field_text(a, f) == ct_field_text(b, f);
		return !strcmp(ct_field_text(a, f), ct_field_text(b, f));
	case CT_FT_TAGS:
		if (a->ntags != b->ntags)
			return 0;
		for (size_t i = 0; i < a->ntags; i++)
			if (strcmp(a->tags[i], b->tags[i]))
				return 0;
		return 1;
	case CT_FT_DEADLINES:
		if (a->ndeadlines != b->ndeadlines)
			return 0;
		for (size_t i = 0; i < a->ndeadlines; i++)
			if (strcmp(a->deadlines[i].stage, b->deadlines[i].stage) ||
			    a->deadlines[i].due != b->deadlines[i].due)
				return 0;
		return 1;
	default:
		return ct_field_int(a, f) == ct_field_int(b, f);
	}
}

static void
test_fields_round_trip(void **state)
{
	struct ct_ticket t, *v = NULL, back;
	struct ct_event *ev = NULL;
	struct ct_err err = { "" };
	struct ct_buf csv = CT_BUF_INIT;
	size_t nev = 0, n = 0, *lines = NULL;
	json_t *j;

	(void)state;
	every_field(&t);

	/* JSON: every field, with a history of one change per rev. */
	j = ct_ticket_to_json(&t, 1);
	json_object_set_new(j, "history", json_array());
	for (int r = 1; r <= t.rev; r++)
		json_array_append_new(json_object_get(j, "history"),
				      json_pack("{s:s, s:s, s:i}", "at", "2026-11-20T01:15:00Z",
						"action", "note", "rev", r));
	if (ct_ticket_from_export_json(j, &back, &ev, &nev, "t", &err) != 0)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < ct_nfields; i++)
		if (!same_field(&t, &back, &ct_fields[i]))
			fail_msg("%s does not come back from the JSON", ct_fields[i].name);
	json_decref(j);
	ct_events_free(ev, nev);
	ct_ticket_free(&back);

	/* CSV: every field with a column. */
	ct_tickets_export_csv(&csv, &t, 1);
	if (ct_tickets_from_export_csv(csv.s, csv.len, "t.csv", &v, &lines, &n, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(n, 1);
	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].csv && !same_field(&t, &v[0], &ct_fields[i]))
			fail_msg("%s does not come back from the CSV", ct_fields[i].name);
	ct_tickets_free(v, n);
	free(lines);
	ct_buf_free(&csv);

	/* TMF621: every field, the history as its notes. */
	ev = calloc((size_t)t.rev, sizeof(*ev));
	assert_non_null(ev);
	for (int r = 0; r < t.rev; r++) {
		ev[r].at = t.filed_at;
		ev[r].action = "note";
		ev[r].rev = r + 1;
	}
	j = ct_ticket_to_tmf621(&t, ev, (size_t)t.rev);
	free(ev);
	if (ct_ticket_from_tmf621(j, &back, &ev, &nev, "t", &err) != 0)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < ct_nfields; i++)
		if (!same_field(&t, &back, &ct_fields[i]))
			fail_msg("%s does not come back from TMF621", ct_fields[i].name);
	json_decref(j);
	ct_events_free(ev, nev);
	ct_ticket_free(&back);
}

/* A stored document's string member, read without a whole parse where
 * that is sure and through jansson where it is not: the same answers. */
static void
test_doc_string(void **state)
{
	static const struct {
		const char *doc, *key, *want;
	} c[] = {
		{ "{\"channel\":\"app\",\"x\":1}", "channel", "app" },
		{ " { \"a\" : [1, {\"channel\": \"in\"}], \"channel\" : \"web\" } ", "channel", "web" },
		{ "{\"channel\":\"app\",\"channel\":\"web\"}", "channel", "web" },   /* the last */
		{ "{\"channel\":\"app\",\"channel\":7}", "channel", NULL },
		{ "{\"text\":\"\\u4e2d \\\"quoted\\\"\"}", "text", "\xe4\xb8\xad \"quoted\"" },
		{ "{\"text\":\"\xe4\xb8\xad\"}", "text", "\xe4\xb8\xad" },
		{ "{\"text\":\"\xe4\xb8\"}", "text", NULL },              /* cut UTF-8 */
		{ "{\"text\":\"\xed\xa0\x80\"}", "text", NULL },          /* a surrogate */
		{ "{\"text\":\"a\\u0000b\"}", "text", NULL },               /* NUL: jansson refuses */
		{ "{\"text\":\"a\"} x", "text", NULL },                      /* text after it */
		{ "{\"text\":\"a\",}", "text", NULL },                       /* trailing comma */
		{ "{\"n\":-0.5e+3,\"t\":true,\"f\":false,\"z\":null,\"text\":\"ok\"}", "text", "ok" },
		{ "{\"n\":01,\"text\":\"ok\"}", "text", NULL },              /* a bad number */
		{ "{\"n\":123456789012345678901234567890,\"text\":\"ok\"}", "text", NULL },  /* too big */
		{ "{\"n\":tru,\"text\":\"ok\"}", "text", NULL },
		{ "[\"text\"]", "text", NULL },
		{ "\"text\"", "text", NULL },
		{ "", "text", NULL },
		{ "{}", "text", NULL },
	};

	(void)state;
	assert_null(ct_doc_string(NULL, "text"));
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *got = ct_doc_string(c[i].doc, c[i].key);

		if (c[i].want) {
			assert_non_null(got);
			assert_string_equal(got, c[i].want);
		} else {
			assert_null(got);
		}
		free(got);
	}
}

/* A string written without a tree (the store's tags and deadlines): the
 * bytes json_dumps writes, and refused where json_string refuses. */
static void
test_json_string_written(void **state)
{
	static const char *const c[] = {
		"", "plain", "rat:lte", "q\"uote\\back/slash", "\b\f\n\r\t",
		"\x01\x1f\x7f end", "\xe4\xb8\xad\xe6\x96\x87 \xe2\x80\xa8 \xf0\x9f\x93\xb6",
		"\xe4\xb8", "\xed\xa0\x80", "\xc0\xaf", "\xff", "ok \xf4\x90\x80\x80",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct ct_buf b = CT_BUF_INIT;
		json_t *v = json_string(c[i]);
		int rc;

		ct_buf_puts(&b, "x");
		rc = ct_buf_json_string(&b, c[i]);
		if (v) {
			char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

			assert_int_equal(rc, 0);
			assert_string_equal(b.s + 1, want);
			free(want);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(b.s, "x");   /* nothing added */
		}
		json_decref(v);
		ct_buf_free(&b);
	}
	/* Integers as jansson writes them (%lld). */
	{
		static const long long n[] = { 0, 7, -7, 1767486503, LLONG_MAX, LLONG_MIN };

		for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
			char got[24], want[24];

			snprintf(want, sizeof(want), "%lld", n[i]);
			assert_int_equal(ct_lltoa(n[i], got), strlen(want));
			assert_string_equal(got, want);
		}
	}
}

/* The one integer reader: the whole range of long long, and nothing else. */
static void
test_parse_integer(void **state)
{
	static const struct {
		const char *s;
		int rc;
		long long v;
	} cases[] = {
		{ "0", 0, 0 }, { "-0", 0, 0 }, { "42", 0, 42 }, { "-42", 0, -42 },
		{ "9223372036854775807", 0, LLONG_MAX }, { "-9223372036854775808", 0, LLONG_MIN },
		{ "9223372036854775808", -1, 0 }, { "-9223372036854775809", -1, 0 },
		{ "", -1, 0 }, { "-", -1, 0 }, { "12a", -1, 0 }, { "+1", -1, 0 }, { " 1", -1, 0 },
		{ "1.5", -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long long v = 7;
		int rc = ct_parse_integer(cases[i].s, cases[i].s + strlen(cases[i].s), &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fail_msg("'%s': rc %d, %lld", cases[i].s, rc, v);
	}
}

/* A read's fields by name: one bit per field of the table, at its place;
 * spaces anywhere; none is none. */
static void
test_field_bits(void **state)
{
	unsigned long long want = 0;

	(void)state;
	for (size_t i = 0; i < ct_nfields; i++)
		if (!strcmp(ct_fields[i].name, "grade") || !strcmp(ct_fields[i].name, "cell") ||
		    !strcmp(ct_fields[i].name, "status_at"))
			want |= 1ULL << i;
	assert_int_equal(ct_field_bits("grade cell status_at"), want);
	assert_int_equal(ct_field_bits(" status_at  grade cell "), want);
	assert_int_equal(ct_field_bits("id"), 1ULL);
	assert_int_equal(ct_field_bits(""), 0);
	assert_true(ct_nfields <= 64);
}

/* ct_buf_printf formats into the room left when it is enough and grows
 * the buffer when it is not: each length from an empty buffer to past a
 * doubling, at each fill, is the text snprintf gives, terminated. */
static void
test_buf_printf(void **state)
{
	(void)state;
	for (size_t fill = 0; fill < 40; fill++) {
		for (int len = 0; len < 80; len++) {
			struct ct_buf b = CT_BUF_INIT;
			char want[128];

			for (size_t i = 0; i < fill; i++)
				ct_buf_putc(&b, (char)('a' + i % 26));
			snprintf(want, sizeof(want), "%.*s%.*s", (int)fill,
				 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", len,
				 "0123456789012345678901234567890123456789012345678901234567890123456789"
				 "0123456789");
			ct_buf_printf(&b, "%.*s", len,
				      "0123456789012345678901234567890123456789012345678901234567890123456789"
				      "0123456789");
			assert_int_equal(b.len, strlen(want));
			assert_string_equal(ct_buf_str(&b), want);
			assert_true(b.cap > b.len);
			ct_buf_free(&b);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses_named),
		cmocka_unit_test(test_doc_string),
		cmocka_unit_test(test_json_string_written),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_field_bits),
		cmocka_unit_test(test_parse_integer),
		cmocka_unit_test(test_moves_whole),
		cmocka_unit_test(test_stage_clocks),
		cmocka_unit_test(test_fields_match_schema),
		cmocka_unit_test(test_fields_named),
		cmocka_unit_test(test_fields_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
