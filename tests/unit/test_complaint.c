/*
 * test_complaint.c — the complaint reader: absent is unknown (never false),
 * the three file shapes (object, array, JSON Lines), errors that name the
 * line or the field, UTF-8 kept exactly; and the distance the repeater check
 * uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/complaint.h"
#include "celltriage/diagnose.h"

static int
read_one(const char *text, struct ct_complaint *c, struct ct_err *err)
{
	struct ct_complaint_reader *r;
	int rc = ct_complaints_open_mem("c.json", text, strlen(text), &r, err);

	if (rc)
		return rc;
	rc = ct_complaints_next(r, c, err);
	ct_complaints_close(r);
	return rc;
}

static void
test_absent_is_unknown(void **state)
{
	struct ct_complaint c;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"account\":{\"arrears\":false},"
				  "\"field_tests\":{\"test_sim_on_site\":\"works\"}}", &c, &err), 1);
	assert_int_equal(c.arrears, CT_NO);
	assert_int_equal(c.barred, CT_UNKNOWN);
	assert_int_equal(c.test_sim_on_site, CT_YES);
	assert_int_equal(c.user_sim_in_test_phone, CT_UNKNOWN);
	assert_false(c.meas.signal_dbm.has);
	assert_false(c.omc.alarms.has);
	assert_int_equal(c.rat, CT_RAT_UNKNOWN);
	assert_null(c.id);
	ct_complaint_free(&c);
}

static void
test_fields(void **state)
{
	struct ct_complaint c;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_one("{\"id\":\"C1\",\"msisdn\":\"13800000000\",\"phenomenon\":\"slow_data\","
				  "\"received_at\":\"2026-11-20T09:15:00+08:00\",\"rat\":\"lte\","
				  "\"location\":{\"lat\":41.1,\"lon\":82.7,\"serving_site\":{\"lat\":41.2,\"lon\":82.8}},"
				  "\"omc\":{\"alarms\":[]},\"flags\":[\"media_exposed\",\"appeal\"],"
				  "\"signalling\":[{\"family\":\"s1ap\",\"group\":\"radioNetwork\",\"cause\":21}],"
				  "\"measurements\":{\"signal_dbm\":-97.5}}", &c, &err), 1);
	assert_string_equal(c.id, "C1");
	assert_true(c.has_received);
	assert_int_equal(c.received_epoch, 1795137300); /* 2026-11-20T01:15:00Z */
	assert_int_equal(c.rat, CT_RAT_LTE);
	assert_true(c.site_lat.has && c.site_lat.v == 41.2);
	assert_true(c.omc.alarms.has);
	assert_int_equal(c.omc.alarms.n, 0);
	assert_true(c.flags & (1u << CT_FL_MEDIA_EXPOSED));
	assert_true(c.flags & (1u << CT_FL_APPEAL));
	assert_true(c.has_sig);
	assert_int_equal(c.nsig, 1);
	assert_int_equal(c.sig[0].cause, 21);
	assert_true(c.meas.signal_dbm.v == -97.5);
	ct_complaint_free(&c);
}

/* The text a filed ticket keeps: each shape's complaint as written,
 * white space between tokens dropped, numbers and escapes untouched. */
static const char text_want[] =
	"{\"id\":\"T\",\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\",\"description\":\"a \\\" \\u4e2d b\","
	"\"location\":{\"lat\":41.152,\"lon\":8.27e1}}";

/* Every complaint of file text (n of them) has text_want as its text. */
static void
texts_are_wanted(const char *name, const char *text, int n)
{
	struct ct_complaint_reader *r;
	struct ct_complaint c;
	struct ct_err err;

	assert_int_equal(ct_complaints_open_mem(name, text, strlen(text), &r, &err), 0);
	for (int i = 0; i < n; i++) {
		assert_int_equal(ct_complaints_next(r, &c, &err), 1);
		assert_string_equal(c.text, text_want);
		ct_complaint_free(&c);
	}
	assert_int_equal(ct_complaints_next(r, &c, &err), 0);
	ct_complaints_close(r);
}

static void
test_text_as_written(void **state)
{
	static const char body[] =
		"{ \"id\" : \"T\", \"msisdn\" : \"13800000000\",\t\"phenomenon\": \"no_access\",\r\n \"description\": \"a \\\" \\u4e2d b\",\n"
		"  \"location\": { \"lat\": 41.152, \"lon\": 8.27e1 } }";
	char text[512];

	(void)state;
	texts_are_wanted("o.json", body, 1);                 /* one object, the whole file */
	snprintf(text, sizeof(text), "[\n  %s ,\n%s\n]\n", body, body);
	texts_are_wanted("a.json", text, 2);                 /* an array */
	snprintf(text, sizeof(text), "%.*s }  \r\n%s\n", (int)(sizeof(text_want) - 2), text_want,
		 text_want);
	texts_are_wanted("l.jsonl", text, 2);                /* JSON Lines */
}

static void
test_jsonl_goes_on_past_a_bad_line(void **state)
{
	const char *text =
		"{\"id\":\"A\",\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\"}\n"
		"{\"id\":\"B\",\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\",\"rat\":\"6g\"}\n"
		"{\"id\":\"C\",\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\"\n"
		"{\"id\":\"D\",\"msisdn\":\"13800000000\",\"phenomenon\":\"call_drop\"}\n";
	struct ct_complaint_reader *r;
	struct ct_complaint c;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_complaints_open_mem("b.jsonl", text, strlen(text), &r, &err), 0);
	assert_int_equal(ct_complaints_next(r, &c, &err), 1);
	assert_string_equal(c.id, "A");
	ct_complaint_free(&c);
	assert_int_equal(ct_complaints_next(r, &c, &err), CT_EINPUT);
	assert_string_equal(err.msg, "b.jsonl:2: rat: \"6g\" is not one of gsm, umts, tdscdma, lte, nr");
	assert_true(ct_complaints_next(r, &c, &err) < 0);
	assert_non_null(strstr(err.msg, "b.jsonl:3:"));
	assert_int_equal(ct_complaints_next(r, &c, &err), 1);
	assert_string_equal(c.id, "D");
	ct_complaint_free(&c);
	assert_int_equal(ct_complaints_next(r, &c, &err), 0);
	assert_int_equal(ct_complaints_count(r), 4);
	ct_complaints_close(r);
}

static void
test_utf8_kept(void **state)
{
	const char *desc = "地下车库内手机无信号，无法拨打电话。";
	char text[512];
	struct ct_complaint c;
	struct ct_err err;
	char *dump;

	(void)state;
	snprintf(text, sizeof(text),
		 "{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\",\"description\":\"%s\"}", desc);
	assert_int_equal(read_one(text, &c, &err), 1);
	assert_string_equal(c.description, desc);
	dump = json_dumps(c.json, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_non_null(strstr(dump, desc));
	free(dump);
	ct_complaint_free(&c);
}

static void
test_bad_values_name_the_field(void **state)
{
	struct ct_complaint c;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"terminal\":{\"supported_rats\":[\"gsm\",7]}}", &c, &err), CT_EINPUT);
	assert_non_null(strstr(err.msg, "terminal.supported_rats"));
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"measurements\":{\"bler_pct\":140}}", &c, &err), CT_EINPUT);
	assert_non_null(strstr(err.msg, "measurements.bler_pct: 140 is out of range"));
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"phenomenon\":\"call_drop\"}", &c, &err), CT_EINPUT);
	assert_non_null(strstr(err.msg, "duplicate"));
}

static void
test_unknown_keys_refused(void **state)
{
	struct ct_complaint c;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"measurments\":{\"signal_dbm\":-120}}", &c, &err), CT_EINPUT);
	assert_string_equal(err.msg, "c.json: measurments: unknown key (did you mean \"measurements\"?)");
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"complaint_id\":\"X1\"}", &c, &err), CT_EINPUT);
	assert_string_equal(err.msg, "c.json: complaint_id: unknown key");
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"measurements\":{\"sinr\":3}}", &c, &err), CT_EINPUT);
	assert_string_equal(err.msg, "c.json: measurements.sinr: unknown key");
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"terminal\":{\"modle\":\"X\"}}", &c, &err), CT_EINPUT);
	assert_string_equal(err.msg, "c.json: terminal.modle: unknown key (did you mean \"model\"?)");
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"account\":{\"barred\":true,\"bared\":true}}", &c, &err), CT_EINPUT);
	assert_string_equal(err.msg, "c.json: account.bared: unknown key (did you mean \"barred\"?)");
	/* each object of the contract is closed, alarm objects (the OMC's own) are not */
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"customer\":{\"vip\":true}}", &c, &err), CT_EINPUT);
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"field_tests\":{\"x\":1}}", &c, &err), CT_EINPUT);
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"omc\":{\"x\":1}}", &c, &err), CT_EINPUT);
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"location\":{\"x\":1}}", &c, &err), CT_EINPUT);
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"omc\":{\"alarms\":[{\"name\":\"LINK\",\"severity\":\"major\"}]}}",
				  &c, &err), 1);
	ct_complaint_free(&c);
}

static void
test_enums_without_regard_to_case(void **state)
{
	struct ct_complaint c;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"Call_Drop\","
				  "\"rat\":\"LTE\",\"channel\":\"APP\",\"customer\":{\"grade\":\"Premium\"},"
				  "\"flags\":[\"CHURN_THREAT\"],\"field_tests\":{\"user_sim_in_test_phone\":\"FAILS\"},"
				  "\"terminal\":{\"supported_rats\":[\"Nr\"]},"
				  "\"signalling\":[{\"family\":\"Lte-RRC\",\"cause\":1},"
				  "{\"family\":\"NGAP\",\"group\":\"radionetwork\",\"cause\":2}]}", &c, &err), 1);
	assert_int_equal(c.phenomenon, CT_PH_CALL_DROP);
	assert_int_equal(c.rat, CT_RAT_LTE);
	assert_int_equal(c.channel, CT_CH_APP);
	assert_int_equal(c.cust_grade, CT_CUST_PREMIUM);
	assert_true(c.flags & (1u << CT_FL_CHURN_THREAT));
	assert_int_equal(c.user_sim_in_test_phone, CT_NO);
	assert_int_equal(c.nsig, 2);
	assert_int_equal(c.sig[0].family, ct_family_from_name("lte-rrc"));
	assert_int_equal(c.sig[1].family, ct_family_from_name("ngap"));
	assert_int_equal(c.sig[1].group, CT_CG_RADIO_NETWORK);
	ct_complaint_free(&c);
	/* a value that is not a name in any case is still refused with the list */
	assert_int_equal(read_one("{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				  "\"rat\":\"LTE-A\"}", &c, &err), CT_EINPUT);
	assert_string_equal(err.msg, "c.json: rat: \"LTE-A\" is not one of gsm, umts, tdscdma, lte, nr");
}

/* Reads every record of text, returning how many were read and the last
 * error message (empty when none). */
static int
read_all(const char *name, const char *text, size_t len, char *msg, size_t msgsize)
{
	struct ct_complaint_reader *r;
	struct ct_complaint c;
	struct ct_err err;
	int rc, n = 0;

	msg[0] = '\0';
	if ((rc = ct_complaints_open_mem(name, text, len, &r, &err))) {
		snprintf(msg, msgsize, "%s", err.msg);
		return 0;
	}
	while ((rc = ct_complaints_next(r, &c, &err)) != 0) {
		if (rc < 0) {
			snprintf(msg, msgsize, "%s", err.msg);
			continue;
		}
		n++;
		ct_complaint_free(&c);
	}
	ct_complaints_close(r);
	return n;
}

static void
test_shape_by_first_byte(void **state)
{
	const char *array =
		"[\n"
		"  {\"id\":\"A\",\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\"},\n"
		"  {\"id\":\"B\",\"msisdn\":\"13800000001\",\"phenomenon\":\"call_drop\"}\n"
		"  {\"id\":\"C\",\"msisdn\":\"13800000002\",\"phenomenon\":\"sms_fail\"}\n"
		"]\n";
	const char *pretty =
		"{\n  \"msisdn\": \"13800000000\",\n  \"phenomenon\": \"no_access\"\n}\n";
	const char *lines =
		"{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\"}\n\n"
		"{\"msisdn\":\"13800000001\",\"phenomenon\":\"call_drop\"}\r\n";
	const char *unclosed = "[{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\"}";
	const char *object_broken =
		"{\n  \"msisdn\": \"13800000000\"\n  \"phenomenon\": \"no_access\"\n}\n";
	char msg[256];

	(void)state;
	/* a broken array is one error at its place, and nothing is read from it */
	assert_int_equal(read_all("a.json", array, strlen(array), msg, sizeof(msg)), 0);
	assert_string_equal(msg, "a.json:4:3: ',' or ']' expected after complaint [1], got '{'");
	assert_int_equal(read_all("a.json", unclosed, strlen(unclosed), msg, sizeof(msg)), 0);
	assert_string_equal(msg, "a.json:1:51: ']' expected at the end of the array after complaint [0]");
	assert_int_equal(read_all("a.json", "  []  ", 6, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
	assert_int_equal(read_all("a.json", "[] []", 5, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "a.json:1:4: end of file expected after the array");
	/* '{': one object however it is laid out, JSON Lines when the first
	 * line is a whole record and more follow */
	assert_int_equal(read_all("p.json", pretty, strlen(pretty), msg, sizeof(msg)), 1);
	assert_int_equal(read_all("l.jsonl", lines, strlen(lines), msg, sizeof(msg)), 2);
	assert_int_equal(read_all("o.json", object_broken, strlen(object_broken), msg, sizeof(msg)), 0);
	assert_string_equal(msg, "o.json:3:14: '}' expected near '\"phenomenon\"'");
	assert_int_equal(read_all("x.json", "\n\n  42", 6, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "x.json:3:3: expected a complaint object, an array of them, or JSON Lines");
}

static void
test_values_capped(void **state)
{
	static const char head[] = "{\"msisdn\":\"13800000000\",\"phenomenon\":\"no_access\","
				   "\"omc\":{\"alarms\":[";
	size_t n = 100000, len = strlen(head) + 3 * n + 8, at;
	char *text = malloc(len), msg[256];

	(void)state;
	assert_non_null(text);
	memcpy(text, head, strlen(head));
	at = strlen(head);
	for (size_t i = 0; i < n; i++) {
		memcpy(text + at, "[],", 3);
		at += 3;
	}
	memcpy(text + at - 1, "]}}", 3);
	at += 2;
	/* as one object, as an array element and as a line: refused before parsing */
	assert_int_equal(read_all("big.json", text, at, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "big.json:1:1: a complaint of more than 100000 JSON values");
	text[at] = '\0';
	{
		size_t alen = at + 2;
		char *arr = malloc(alen);

		assert_non_null(arr);
		arr[0] = '[';
		memcpy(arr + 1, text, at);
		arr[at + 1] = ']';
		assert_int_equal(read_all("big.json", arr, alen, msg, sizeof(msg)), 0);
		assert_string_equal(msg, "big.json:1:2: a complaint of more than 100000 JSON values");
		free(arr);
	}
	free(text);
}

static void
test_distance(void **state)
{
	(void)state;
	/* 0.0045 degrees of latitude is ~500 m. */
	assert_true(ct_distance_m(41.160, 82.790, 41.1645, 82.790) > 499.0);
	assert_true(ct_distance_m(41.160, 82.790, 41.1645, 82.790) < 502.0);
	assert_true(ct_distance_m(0, 0, 0, 0) == 0.0);
	/* A quarter of a meridian. */
	assert_true(ct_distance_m(0, 0, 90, 0) > 10007000.0 && ct_distance_m(0, 0, 90, 0) < 10008000.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absent_is_unknown),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_jsonl_goes_on_past_a_bad_line),
		cmocka_unit_test(test_utf8_kept),
		cmocka_unit_test(test_bad_values_name_the_field),
		cmocka_unit_test(test_unknown_keys_refused),
		cmocka_unit_test(test_enums_without_regard_to_case),
		cmocka_unit_test(test_shape_by_first_byte),
		cmocka_unit_test(test_values_capped),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_text_as_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
