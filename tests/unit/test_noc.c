/*
 * test_noc.c — the NOC workflow's pure parts: the move table,
 * the close check, stage times against the profile's limits, masking,
 * durations, and TMF621 TroubleTicket both ways.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "celltriage/profile.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "celltriage/ticketin.h"

/* The limits as profiles/default.cfg sets them (minutes). */
static const struct ct_deadlines dl = {
	.dispatch_min = 15, .handle_min = 120, .return_min = 15, .feedback_min = 60,
	.reply_min = 180, .appeal_reply_min = 240, .register_min = 60,
	.register_major_min = 30, .callback_min = 120, .progress_report_days = 3,
	.revisit_days_min = 5, .revisit_days_max = 7, .repeat_window_days = 30,
};

#define T0 1795140000LL /* 2026-11-20T02:00:00Z */

static void
test_move_table(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(ct_move_target(CT_STATUS_ACCEPTED, CT_ACTION_DISPATCH), CT_STATUS_DISPATCHED);
	assert_int_equal(ct_move_target(CT_STATUS_DISPATCHED, CT_ACTION_DISPATCH), CT_STATUS_DISPATCHED);
	assert_int_equal(ct_move_target(CT_STATUS_DISPATCHED, CT_ACTION_HANDLE), CT_STATUS_HANDLING);
	assert_int_equal(ct_move_target(CT_STATUS_HANDLING, CT_ACTION_REPLY), CT_STATUS_REPLIED);
	assert_int_equal(ct_move_target(CT_STATUS_REPLIED, CT_ACTION_FEEDBACK), CT_STATUS_FEEDBACK);
	assert_int_equal(ct_move_target(CT_STATUS_FEEDBACK, CT_ACTION_CLOSE), CT_STATUS_CLOSED);
	assert_int_equal(ct_move_target(CT_STATUS_FEEDBACK, CT_ACTION_REOPEN), CT_STATUS_HANDLING);
	assert_int_equal(ct_move_target(CT_STATUS_CLOSED, CT_ACTION_REOPEN), CT_STATUS_HANDLING);
	assert_int_equal(ct_move_target(CT_STATUS_ACCEPTED, CT_ACTION_CLOSE), CT_STATUS_NONE);
	assert_int_equal(ct_move_target(CT_STATUS_CLOSED, CT_ACTION_CLOSE), CT_STATUS_NONE);
	assert_int_equal(ct_move_target(CT_STATUS_HANDLING, CT_ACTION_FEEDBACK), CT_STATUS_NONE);
	assert_int_equal(ct_move_target(CT_STATUS_NONE, CT_ACTION_DISPATCH), CT_STATUS_NONE);
	ct_moves_allowed(CT_STATUS_ACCEPTED, buf, sizeof(buf));
	assert_string_equal(buf, "dispatch");
	ct_moves_allowed(CT_STATUS_REPLIED, buf, sizeof(buf));
	assert_string_equal(buf, "feedback, close");
	ct_moves_allowed(CT_STATUS_FEEDBACK, buf, sizeof(buf));
	assert_string_equal(buf, "close, reopen");
	ct_moves_allowed(CT_STATUS_NONE, buf, sizeof(buf));
	assert_string_equal(buf, "none");
}

static void
test_close_missing(void **state)
{
	struct ct_ticket t;
	struct ct_move m;
	char buf[128];

	(void)state;
	memset(&t, 0, sizeof(t));
	memset(&m, 0, sizeof(m));
	ct_close_missing(&t, &m, 0, buf, sizeof(buf));
	assert_string_equal(buf, "cause, result, satisfaction, department, person, time taken");
	/* A reply in the history makes the time computable. */
	ct_close_missing(&t, &m, 1, buf, sizeof(buf));
	assert_string_equal(buf, "cause, result, satisfaction, department, person");
	/* Fields on the ticket and fields given with the close both count. */
	t.reply_cause = "weak coverage";
	t.department = "radio";
	m.result = "repeater installed";
	m.satisfaction = "satisfied";
	m.time_taken_s = 3600;
	ct_close_missing(&t, &m, 0, buf, sizeof(buf));
	assert_string_equal(buf, "person");
	m.person = "";                      /* empty is not given */
	ct_close_missing(&t, &m, 0, buf, sizeof(buf));
	assert_string_equal(buf, "person");
	m.person = "li";
	ct_close_missing(&t, &m, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static struct ct_event
ev(long long at, const char *action, const char *detail)
{
	struct ct_event e;

	memset(&e, 0, sizeof(e));
	e.at = at;
	e.action = (char *)action;
	e.detail = (char *)detail;
	return e;
}

/* Received 01:45, filed 02:00, dispatched to radio 02:10, re-dispatched to
 * core 03:00, handled, replied 04:30, feedback 05:00, closed 05:05. */
static void
test_stages(void **state)
{
	struct ct_ticket t;
	struct ct_event e[] = {
		ev(T0, "filed", "rev 1"),
		ev(T0 + 600, "dispatch", "{\"from\":\"accepted\",\"department\":\"radio\"}"),
		ev(T0 + 3600, "dispatch", "{\"from\":\"dispatched\",\"department\":\"core\"}"),
		ev(T0 + 3700, "handle", "{\"from\":\"dispatched\"}"),
		ev(T0 + 9000, "reply", "{\"from\":\"handling\"}"),
		ev(T0 + 10800, "feedback", "{\"from\":\"replied\"}"),
		ev(T0 + 11100, "close", "{\"from\":\"feedback\"}"),
	};
	struct ct_stage *v;
	size_t n;
	const char *stage;
	long long by;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.grade = 1;
	t.kind = "ordinary";
	t.status = CT_STATUS_CLOSED;
	t.received_at = T0 - 900;
	t.filed_at = T0;
	ct_ticket_stages(&t, e, 7, &dl, &v, &n);
	assert_int_equal(n, 6);
	/* register: 15 min of 30 (grade 1). */
	assert_string_equal(v[0].name, "register");
	assert_int_equal(v[0].end - v[0].start, 900);
	assert_int_equal(v[0].limit_s, 1800);
	/* dispatch: filed -> first dispatch, 10 of 15 min. */
	assert_string_equal(v[1].name, "dispatch");
	assert_int_equal(v[1].end - v[1].start, 600);
	assert_int_equal(v[1].limit_s, 900);
	/* reply: received -> first reply, 2 h 45 of 3 h. */
	assert_string_equal(v[2].name, "reply");
	assert_int_equal(v[2].start, T0 - 900);
	assert_int_equal(v[2].end, T0 + 9000);
	assert_int_equal(v[2].limit_s, 10800);
	/* handle per department: radio until the re-dispatch, core until the reply. */
	assert_string_equal(v[3].name, "handle");
	assert_string_equal(v[3].department, "radio");
	assert_int_equal(v[3].end - v[3].start, 3000);
	assert_int_equal(v[3].limit_s, 8100);           /* 2 h + 15 min return */
	assert_string_equal(v[4].department, "core");
	assert_int_equal(v[4].end - v[4].start, 5400);
	assert_string_equal(v[5].name, "feedback");
	assert_int_equal(v[5].end - v[5].start, 1800);
	assert_int_equal(v[5].limit_s, 3600);
	/* Closed: nothing runs. */
	assert_int_equal(ct_ticket_due(v, n, t.status, T0 + 99999, &stage, &by), -1);
	free(v);

	/* The same ticket as it stood at 02:30, an appeal not dispatched yet:
	 * dispatch and reply run; it waits on dispatch (02:25), 5 min over. */
	t.status = CT_STATUS_ACCEPTED;
	t.kind = "appeal";
	t.grade = 3;
	ct_ticket_stages(&t, e, 1, &dl, &v, &n);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].limit_s, 3600);           /* register, grade 3 */
	assert_int_equal(v[2].limit_s, 14400);          /* appeal reply: 4 h */
	assert_int_equal(ct_ticket_due(v, n, t.status, T0 + 1800, &stage, &by), 0);
	assert_string_equal(stage, "dispatch");
	assert_int_equal(by, 900);
	/* A reply due before the dispatch (received long before it was
	 * filed): an accepted ticket still waits on its dispatch, the clock
	 * its status runs; a status that runs none takes the first due. */
	v[2].limit_s = 60;
	assert_int_equal(ct_ticket_due(v, n, t.status, T0 + 1800, &stage, &by), 0);
	assert_string_equal(stage, "dispatch");
	assert_int_equal(ct_ticket_due(v, n, CT_STATUS_FEEDBACK, T0 + 1800, &stage, &by), 0);
	assert_string_equal(stage, "reply");
	free(v);

	/* Reopened after feedback: a fresh handle budget for the department. */
	{
		struct ct_event r[] = {
			ev(T0, "filed", "rev 1"),
			ev(T0 + 60, "dispatch", "{\"department\":\"radio\"}"),
			ev(T0 + 120, "handle", "{}"),
			ev(T0 + 180, "reply", "{}"),
			ev(T0 + 240, "feedback", "{}"),
			ev(T0 + 300, "reopen", "{}"),
		};

		t.status = CT_STATUS_HANDLING;
		t.received_at = 0;
		ct_ticket_stages(&t, r, 6, &dl, &v, &n);
		assert_int_equal(n, 5);
		assert_string_equal(v[4].name, "handle");
		assert_string_equal(v[4].department, "radio");
		assert_int_equal(v[4].start, T0 + 300);
		assert_int_equal(v[4].end, 0);
		assert_int_equal(ct_ticket_due(v, n, t.status, T0 + 300 + 8100 + 1, &stage, &by), 0);
		assert_string_equal(stage, "handle");
		assert_int_equal(by, 1);
		free(v);
	}
}

static void
test_mask_and_duration(void **state)
{
	static const struct { const char *in, *out; } m[] = {
		{ "13800001234", "138******34" },
		{ "460001234567890", "460**********90" },
		{ "35693803564380", "356*********80" },       /* IMEI (14 digits) */
		{ "+86 138-0000-1234", "+86 1**-****-**34" },  /* digits counted, the rest kept */
		{ "12345", "*****" },                          /* too short: all hidden */
		{ "", "" },
	};
	char buf[32];
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		s = ct_mask_number(m[i].in);
		assert_string_equal(s, m[i].out);
		free(s);
	}
	assert_null(ct_mask_number(NULL));
	ct_fmt_duration(buf, sizeof(buf), 8100);
	assert_string_equal(buf, "2h15m");
	ct_fmt_duration(buf, sizeof(buf), 600);
	assert_string_equal(buf, "10m");
	ct_fmt_duration(buf, sizeof(buf), -600);
	assert_string_equal(buf, "-10m");
	ct_fmt_duration(buf, sizeof(buf), 45);
	assert_string_equal(buf, "45s");
	ct_fmt_duration(buf, sizeof(buf), 3 * 86400);
	assert_string_equal(buf, "3d0h");
}

static void
test_ticket_mask_documents(void **state)
{
	struct ct_ticket t;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.msisdn = strdup("13800001234");
	t.imsi = NULL;
	t.complaint_json = strdup("{\"msisdn\":\"13800001234\",\"terminal\":{\"imei\":\"35693803564380\"},"
				  "\"note\":\"keep\"}");
	t.verdict_json = strdup("not json");
	ct_ticket_mask(&t);
	assert_string_equal(t.msisdn, "138******34");
	assert_null(t.imsi);
	assert_string_equal(t.complaint_json, "{\"msisdn\":\"138******34\",\"terminal\":"
			    "{\"imei\":\"356*********80\"},\"note\":\"keep\"}");
	assert_string_equal(t.verdict_json, "not json");
	ct_ticket_free(&t);
}

static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	assert_non_null(s);
	return s;
}

static void
test_tmf621_round_trip(void **state)
{
	static char *tags[] = { "network", "radio" };
	static struct ct_deadline dls[] = { { "dispatch", T0 + 900 }, { "reply", T0 + 10800 } };
	struct ct_event e[] = {
		ev(T0, "filed", "rev 1"),
		ev(T0 + 600, "dispatch", "{\"from\":\"accepted\",\"department\":\"radio\"}"),
		ev(T0 + 700, "handle", "{\"from\":\"dispatched\"}"),
	};
	struct ct_ticket t, back;
	struct ct_event *bev;
	struct ct_err err = { "" };
	size_t nb;
	json_t *j, *j2;
	char *s1, *s2;

	(void)state;
	e[0].rev = 1, e[0].status = "accepted", e[0].who = "ann";
	e[1].rev = 2, e[1].status = "dispatched", e[1].who = "bob";
	e[2].rev = 3, e[2].status = "handling", e[2].who = "li";
	memset(&t, 0, sizeof(t));
	t.id = 7;
	t.complaint = "C20261120-0001";
	t.msisdn = "13150423168";
	t.imsi = "460001234567890";
	t.cell = "460-00-12345-1";
	t.rat = "gsm";
	t.phenomenon = "no_access";
	t.cause = "radio/coverage";
	t.klass = "network";
	t.domain = "radio";
	t.confidence = "high";
	t.grade = 1;
	t.status = CT_STATUS_HANDLING;
	t.kind = "repeat";
	t.received_at = T0 - 900;
	t.filed_at = T0;
	t.updated_at = T0 + 700;
	t.status_at = T0 + 700;
	t.rev = 3;
	t.tags = tags;
	t.ntags = 2;
	t.deadlines = dls;
	t.ndeadlines = 2;
	t.complaint_json = "{\"id\":\"C20261120-0001\",\"description\":\"\xe5\xae\xa4\xe5\x86\x85\"}";
	t.verdict_json = "{\"cause\":\"radio/coverage\"}";
	t.department = "radio";
	t.person = "li";
	t.repeat_of = 3;
	t.batch = "B-1";

	j = ct_ticket_to_tmf621(&t, e, 3);
	/* The standard attributes. */
	assert_string_equal(json_string_value(json_object_get(j, "@type")), "TroubleTicket");
	assert_string_equal(json_string_value(json_object_get(j, "id")), "7");
	assert_string_equal(json_string_value(json_object_get(j, "externalId")), "C20261120-0001");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "inProgress");
	assert_string_equal(json_string_value(json_object_get(j, "severity")), "Critical");
	assert_string_equal(json_string_value(json_object_get(j, "priority")), "1");
	assert_string_equal(json_string_value(json_object_get(j, "ticketType")), "repeat");
	assert_string_equal(json_string_value(json_object_get(j, "creationDate")), "2026-11-20T02:00:00Z");
	assert_string_equal(json_string_value(json_object_get(j, "description")), "\xe5\xae\xa4\xe5\x86\x85");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "relatedParty"), 0), "role")), "customer");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "relatedParty"), 1), "name")), "radio");
	assert_int_equal(json_array_size(json_object_get(j, "note")), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "note"), 1), "text")), "dispatch -> dispatched");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "troubleTicketRelationship"), 0), "relationshipType")), "repeatOf");

	/* Back, and out again: the same bytes, every field kept. */
	assert_int_equal(ct_ticket_from_tmf621(j, &back, &bev, &nb, "t", &err), 0);
	assert_int_equal(nb, 3);
	assert_string_equal(back.complaint_json, t.complaint_json);
	assert_int_equal(back.status, CT_STATUS_HANDLING);
	assert_int_equal(back.received_at, T0 - 900);
	assert_int_equal(back.repeat_of, 3);
	assert_string_equal(back.batch, "B-1");
	assert_string_equal(bev[1].detail, e[1].detail);
	assert_int_equal(bev[2].rev, 3);
	j2 = ct_ticket_to_tmf621(&back, bev, nb);
	s1 = dump(j);
	s2 = dump(j2);
	assert_string_equal(s1, s2);
	free(s1);
	free(s2);
	json_decref(j2);
	ct_events_free(bev, nb);
	ct_ticket_free(&back);
	json_decref(j);

	/* A ticket from another system: status and severity mapped back, a
	 * plain note kept as a "note" event with its text. */
	j = json_loads("{\"id\":\"12\",\"status\":\"held\",\"severity\":\"Major\","
		       "\"creationDate\":\"2026-11-20T02:00:00Z\",\"note\":[{\"author\":\"ops\","
		       "\"date\":\"2026-11-20T03:00:00Z\",\"text\":\"waiting for parts\"}]}", 0, NULL);
	assert_int_equal(ct_ticket_from_tmf621(j, &back, &bev, &nb, "x.json: item 1", &err), 0);
	assert_int_equal(back.status, CT_STATUS_HANDLING);
	assert_int_equal(back.grade, 2);
	assert_int_equal(back.rev, 1);
	assert_int_equal(nb, 1);
	assert_string_equal(bev[0].action, "note");
	assert_string_equal(bev[0].detail, "waiting for parts");
	ct_events_free(bev, nb);
	ct_ticket_free(&back);
	json_decref(j);

	/* Refused: no usable id, a bad time. */
	j = json_loads("{\"id\":\"T-9\"}", 0, NULL);
	assert_int_equal(ct_ticket_from_tmf621(j, &back, &bev, &nb, "x.json: item 2", &err), CT_EINPUT);
	assert_string_equal(err.msg, "x.json: item 2: id \"T-9\" is not a ticket number");
	json_decref(j);
	j = json_loads("{\"id\":\"9\",\"creationDate\":\"yesterday\"}", 0, NULL);
	assert_int_equal(ct_ticket_from_tmf621(j, &back, &bev, &nb, "x.json: item 3", &err), CT_EINPUT);
	assert_string_equal(err.msg, "x.json: item 3: creationDate is not an ISO 8601 time");
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_move_table),
		cmocka_unit_test(test_close_missing),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_mask_and_duration),
		cmocka_unit_test(test_ticket_mask_documents),
		cmocka_unit_test(test_tmf621_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
