/*
 * test_report_ticket.c — the ticket renderers of report.h, compared byte for
 * byte with the expected output: the JSON object of a ticket, the JSON
 * array of `ticket list`, RFC 4180 CSV, the aligned list and `ticket show`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/report.h"

/* Complaint as received, with a Chinese description (UTF-8):
 * 室内无信号 = "no signal indoors". */
static const char complaint_doc[] =
	"{\"id\":\"C20261120-0001\",\"description\":\"\xe5\xae\xa4\xe5\x86\x85"
	"\xe6\x97\xa0\xe4\xbf\xa1\xe5\x8f\xb7\"}";

/* A verdict as diagnose --format json writes it, with a two-step path, one
 * need and one action. */
static const char verdict_doc[] =
	"{\"complaint\":\"C20261120-0001\",\"class\":\"network\",\"domain\":\"radio\","
	"\"cause\":\"radio/coverage\",\"grade\":2,\"decided_by\":\"Q3.1.1\","
	"\"path\":["
	"{\"node\":\"Q1.account\",\"check\":\"account state\",\"result\":\"pass\","
	"\"evidence\":\"account.arrears=false (complaint)\","
	"\"why\":\"the account is neither in arrears nor barred\"},"
	"{\"node\":\"Q3.1.1\",\"check\":\"weak signal\",\"result\":\"fail\","
	"\"evidence\":\"measurements.signal_dbm=-97 (complaint)\",\"value\":-97,"
	"\"threshold\":-94,\"why\":\"-97 dBm is below the gsm coverage threshold of"
	" -94 dBm, so the cell does not reach the complainant's location reliably\","
	"\"source\":\"complaint\"}],"
	"\"needs\":[{\"test\":\"test_sim_on_site\",\"why\":\"decides Q1.2\","
	"\"how\":\"put a known-good test SIM in the user's phone on the spot\","
	"\"where\":\"on_site\",\"node\":\"Q1.2\"}],"
	"\"actions\":[\"plan coverage improvement for the cell\"]}";

static char *tags_a[] = { "network", "radio", "cell:460-00-12345-1" };
static struct ct_deadline dl_a[] = {
	{ "dispatch", 1795140900 }, /* 2026-11-20T02:15:00Z: filed + 15 min */
	{ "reply", 1795150800 },    /* 2026-11-20T05:00:00Z: filed + 3 h */
};

/* Ticket A: every field known. */
static struct ct_ticket
ticket_a(void)
{
	struct ct_ticket t;

	memset(&t, 0, sizeof(t));
	t.id = 1;
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
	t.grade = 2;
	t.status = CT_STATUS_ACCEPTED;
	t.kind = "ordinary";
	t.received_at = 1795137300; /* 2026-11-20T09:15:00+08:00 = 01:15:00Z */
	t.filed_at = 1795140000;    /* 2026-11-20T02:00:00Z */
	t.updated_at = 1795140000;
	t.rev = 1;
	t.tags = tags_a;
	t.ntags = 3;
	t.deadlines = dl_a;
	t.ndeadlines = 2;
	t.complaint_json = (char *)complaint_doc;
	t.verdict_json = (char *)verdict_doc;
	return t;
}

static char *tags_b[] = { "undetermined", "x,y" };

/* Ticket B: a comma and a quote in its complaint id, a tag with a comma,
 * several fields unknown. */
static struct ct_ticket
ticket_b(void)
{
	struct ct_ticket t;

	memset(&t, 0, sizeof(t));
	t.id = 2;
	t.complaint = "batch \"north\", 2";
	t.msisdn = "13800000001";
	t.cause = "undetermined/needs_test";
	t.klass = "undetermined";
	t.domain = "undetermined";
	t.confidence = "low";
	t.grade = 4;
	t.status = CT_STATUS_ACCEPTED;
	t.kind = "appeal";
	t.filed_at = 1795143600;    /* 2026-11-20T03:00:00Z */
	t.updated_at = 1795147200;  /* 2026-11-20T04:00:00Z */
	t.rev = 2;
	t.tags = tags_b;
	t.ntags = 2;
	return t;
}

static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	assert_non_null(s);
	return s;
}

static void
test_ticket_to_json(void **state)
{
	struct ct_ticket a = ticket_a(), b = ticket_b();
	json_t *j, *v;
	char *s;

	(void)state;
	j = ct_ticket_to_json(&a, 0);
	s = dump(j);
	assert_string_equal(s,
		"{\"id\":1,\"complaint\":\"C20261120-0001\",\"msisdn\":\"13150423168\","
		"\"imsi\":\"460001234567890\",\"cell\":\"460-00-12345-1\",\"rat\":\"gsm\","
		"\"phenomenon\":\"no_access\",\"cause\":\"radio/coverage\",\"class\":\"network\","
		"\"domain\":\"radio\",\"confidence\":\"high\",\"grade\":2,\"status\":\"accepted\","
		"\"kind\":\"ordinary\",\"received_at\":\"2026-11-20T01:15:00Z\","
		"\"filed_at\":\"2026-11-20T02:00:00Z\",\"updated_at\":\"2026-11-20T02:00:00Z\","
		"\"rev\":1,\"tags\":[\"network\",\"radio\",\"cell:460-00-12345-1\"],"
		"\"deadlines\":{\"dispatch\":\"2026-11-20T02:15:00Z\","
		"\"reply\":\"2026-11-20T05:00:00Z\"}}");
	free(s);
	json_decref(j);

	/* Unknown fields are null; no received time is null, not 1970. */
	j = ct_ticket_to_json(&b, 0);
	assert_true(json_is_null(json_object_get(j, "imsi")));
	assert_true(json_is_null(json_object_get(j, "cell")));
	assert_true(json_is_null(json_object_get(j, "received_at")));
	assert_string_equal(json_string_value(json_object_get(j, "complaint")), "batch \"north\", 2");
	assert_int_equal(json_integer_value(json_object_get(j, "rev")), 2);
	assert_int_equal(json_object_size(json_object_get(j, "deadlines")), 0);
	assert_null(json_object_get(j, "verdict"));
	json_decref(j);

	/* full = 1 adds the complaint and the verdict as objects. */
	j = ct_ticket_to_json(&a, 1);
	v = json_object_get(j, "verdict");
	assert_true(json_is_object(v));
	assert_string_equal(json_string_value(json_object_get(v, "cause")), "radio/coverage");
	assert_int_equal(json_array_size(json_object_get(v, "path")), 2);
	v = json_object_get(j, "complaint_data");
	assert_true(json_is_object(v));
	assert_string_equal(json_string_value(json_object_get(v, "description")),
			    "\xe5\xae\xa4\xe5\x86\x85\xe6\x97\xa0\xe4\xbf\xa1\xe5\x8f\xb7");
	json_decref(j);

	/* A stored document that is not JSON is shown as a string. */
	b.verdict_json = "not json";
	j = ct_ticket_to_json(&b, 1);
	assert_string_equal(json_string_value(json_object_get(j, "verdict")), "not json");
	assert_true(json_is_null(json_object_get(j, "complaint_data")));
	json_decref(j);

	/* Invalid UTF-8 (0xff) becomes U+FFFD; the rest of the value stays. */
	b.cell = "460\xff" "1";
	j = ct_ticket_to_json(&b, 0);
	assert_string_equal(json_string_value(json_object_get(j, "cell")), "460\xef\xbf\xbd" "1");
	json_decref(j);
}

static void
test_tickets_json_array(void **state)
{
	struct ct_ticket v[2] = { ticket_a(), ticket_b() };
	struct ct_buf b = CT_BUF_INIT;
	json_t *j;
	json_error_t e;

	(void)state;
	ct_tickets_json(&b, v, 2);
	/* One JSON document: an array of two ticket objects. */
	j = json_loads(ct_buf_str(&b), 0, &e);
	assert_non_null(j);
	assert_true(json_is_array(j));
	assert_int_equal(json_array_size(j), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 1), "id")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 1), "filed_at")),
			    "2026-11-20T03:00:00Z");
	json_decref(j);
	assert_int_equal(b.s[b.len - 1], '\n');
	ct_buf_free(&b);

	ct_tickets_json(&b, NULL, 0);
	assert_string_equal(ct_buf_str(&b), "[]\n");
	ct_buf_free(&b);
}

static void
test_csv_field(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ NULL, "" },                          /* unknown: empty field */
		{ "", "" },
		{ "plain", "plain" },
		{ "a,b", "\"a,b\"" },                  /* comma */
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" }, /* quotes doubled */
		{ "two\nlines", "\"two\nlines\"" },    /* LF */
		{ "cr\r", "\"cr\r\"" },                /* CR */
		{ " lead", " lead" },                  /* spaces are data (RFC 4180 §2.4) */
		{ "\xe5\xae\xa4\xe5\x86\x85", "\xe5\xae\xa4\xe5\x86\x85" }, /* UTF-8 as is */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ct_buf b = CT_BUF_INIT;

		ct_csv_field(&b, cases[i].in);
		assert_string_equal(ct_buf_str(&b), cases[i].out);
		ct_buf_free(&b);
	}
}

static void
test_tickets_csv(void **state)
{
	struct ct_ticket v[2] = { ticket_a(), ticket_b() };
	struct ct_buf b = CT_BUF_INIT;

	(void)state;
	ct_tickets_csv(&b, v, 2);
	assert_string_equal(ct_buf_str(&b),
		"id,complaint,msisdn,imsi,cell,rat,phenomenon,cause,class,domain,confidence,"
		"grade,status,kind,received_at,filed_at,updated_at,rev,tags,deadlines\r\n"
		"1,C20261120-0001,13150423168,460001234567890,460-00-12345-1,gsm,no_access,"
		"radio/coverage,network,radio,high,2,accepted,ordinary,2026-11-20T01:15:00Z,"
		"2026-11-20T02:00:00Z,2026-11-20T02:00:00Z,1,network;radio;cell:460-00-12345-1,"
		"dispatch=2026-11-20T02:15:00Z;reply=2026-11-20T05:00:00Z\r\n"
		"2,\"batch \"\"north\"\", 2\",13800000001,,,,,undetermined/needs_test,"
		"undetermined,undetermined,low,4,accepted,appeal,,2026-11-20T03:00:00Z,"
		"2026-11-20T04:00:00Z,2,\"undetermined;x,y\",\r\n");
	ct_buf_free(&b);

	ct_tickets_csv(&b, v, 0);
	assert_string_equal(ct_buf_str(&b),
		"id,complaint,msisdn,imsi,cell,rat,phenomenon,cause,class,domain,confidence,"
		"grade,status,kind,received_at,filed_at,updated_at,rev,tags,deadlines\r\n");
	ct_buf_free(&b);
}

/* Every line of s fits width columns (ASCII input). */
static void
assert_lines_fit(const char *s, size_t width)
{
	while (*s) {
		const char *e = strchr(s, '\n');

		assert_non_null(e);
		assert_true((size_t)(e - s) <= width);
		s = e + 1;
	}
}

static void
test_tickets_text(void **state)
{
	struct ct_ticket v[2] = { ticket_a(), ticket_b() };
	struct ct_buf b = CT_BUF_INIT;

	(void)state;
	ct_tickets_text(&b, v, 2);
	assert_string_equal(ct_buf_str(&b),
		"id gr status   cause                   cell           msisdn      filed\n"
		" 1 2  accepted radio/coverage          460-00-12345-1 13150423168 2026-11-20\n"
		" 2 4  accepted undetermined/needs_test -              13800000001 2026-11-20\n");
	/* Two-space gutters would make 82 columns: one space, 76. */
	assert_lines_fit(ct_buf_str(&b), 80);
	ct_buf_free(&b);
}

static void
test_tickets_text_fits_80(void **state)
{
	struct ct_ticket v[2] = { ticket_a(), ticket_b() };
	struct ct_buf b = CT_BUF_INIT;

	(void)state;
	/* Wide values: a 16-character cell id, a 14-character msisdn, a
	 * 5-digit id: 84 columns even with one-space gutters. The msisdn
	 * gives way to its minimum (11, 81 columns), then the cell (15, 80). */
	v[1].cell = "460-00-12345-123";
	v[1].msisdn = "+8613800000001";
	v[1].id = 12345;
	ct_tickets_text(&b, v, 2);
	assert_lines_fit(ct_buf_str(&b), 80);
	/* The cause is never cut while other columns can give way. */
	assert_non_null(strstr(ct_buf_str(&b), "undetermined/needs_test "));
	assert_string_equal(ct_buf_str(&b),
		"id    gr status   cause                   cell            msisdn      filed\n"
		"    1 2  accepted radio/coverage          460-00-12345-1  13150423168 2026-11-20\n"
		"12345 4  accepted undetermined/needs_test 460-00-12345-1~ +861380000~ 2026-11-20\n");
	ct_buf_free(&b);

	ct_tickets_text(&b, v, 0);
	assert_string_equal(ct_buf_str(&b), "no tickets\n");
	ct_buf_free(&b);
}

static void
test_ticket_show(void **state)
{
	struct ct_ticket a = ticket_a();
	struct ct_buf b = CT_BUF_INIT;

	(void)state;
	ct_ticket_text(&b, &a);
	assert_lines_fit(ct_buf_str(&b), 80);
	assert_string_equal(ct_buf_str(&b),
		"ticket 1: radio/coverage, grade 2, accepted\n"
		"  complaint    C20261120-0001\n"
		"  msisdn       13150423168\n"
		"  imsi         460001234567890\n"
		"  cell         460-00-12345-1\n"
		"  rat          gsm\n"
		"  phenomenon   no_access\n"
		"  class        network\n"
		"  domain       radio\n"
		"  confidence   high\n"
		"  kind         ordinary\n"
		"  received     2026-11-20T01:15:00Z\n"
		"  filed        2026-11-20T02:00:00Z\n"
		"  updated      2026-11-20T02:00:00Z (rev 1)\n"
		"  tags         network radio cell:460-00-12345-1\n"
		"  description  \xe5\xae\xa4\xe5\x86\x85\xe6\x97\xa0\xe4\xbf\xa1\xe5\x8f\xb7\n"
		"\n"
		"Deadlines\n"
		"  dispatch     2026-11-20T02:15:00Z\n"
		"  reply        2026-11-20T05:00:00Z\n"
		"\n"
		"Verdict\n"
		"  decided by   Q3.1.1\n"
		"\n"
		"Decision path\n"
		"  Q1.account  pass     account state\n"
		"                       evidence   account.arrears=false (complaint)\n"
		"                       why        the account is neither in arrears nor barred\n"
		"  Q3.1.1      fail     weak signal\n"
		"                       evidence   measurements.signal_dbm=-97 (complaint)\n"
		"                       value      -97 (threshold -94)\n"
		"                       why        -97 dBm is below the gsm coverage threshold of\n"
		"                                  -94 dBm, so the cell does not reach the\n"
		"                                  complainant's location reliably\n"
		"                       source     complaint\n"
		"\n"
		"Needs\n"
		"  test_sim_on_site (on_site, Q1.2)\n"
		"      why        decides Q1.2\n"
		"      how        put a known-good test SIM in the user's phone on the spot\n"
		"\n"
		"Actions\n"
		"  - plan coverage improvement for the cell\n");
	ct_buf_free(&b);
}

/* A Chinese description has no blanks: it is broken between characters,
 * each two columns wide, so that no line passes column 80. */
static void
test_ticket_show_wraps_chinese(void **state)
{
	struct ct_ticket t = ticket_b();
	struct ct_buf b = CT_BUF_INIT, doc = CT_BUF_INIT, want = CT_BUF_INIT;
	const char *p;

	(void)state;
	ct_buf_puts(&doc, "{\"description\":\"");
	for (int i = 0; i < 50; i++)
		ct_buf_puts(&doc, "\xe4\xbf\xa1"); /* U+4FE1, East Asian wide */
	ct_buf_puts(&doc, "\"}");
	t.complaint_json = doc.s;
	ct_ticket_text(&b, &t);
	/* Text starts at column 15: 32 characters reach column 79, the
	 * 33rd would end at 81. The other 18 go on the next line. */
	ct_buf_puts(&want, "  description  ");
	for (int i = 0; i < 32; i++)
		ct_buf_puts(&want, "\xe4\xbf\xa1");
	ct_buf_puts(&want, "\n               ");
	for (int i = 0; i < 18; i++)
		ct_buf_puts(&want, "\xe4\xbf\xa1");
	ct_buf_puts(&want, "\n\nDeadlines\n");
	p = strstr(ct_buf_str(&b), "  description");
	assert_non_null(p);
	assert_memory_equal(p, ct_buf_str(&want), want.len);
	ct_buf_free(&b);
	ct_buf_free(&doc);
	ct_buf_free(&want);
}

/* The tail of ct_ticket_text after the deadlines, for verdict variants. */
static char *
show_tail(const char *verdict)
{
	struct ct_ticket t = ticket_b();
	struct ct_buf b = CT_BUF_INIT;
	const char *p;
	char *out;

	t.verdict_json = (char *)verdict;
	ct_ticket_text(&b, &t);
	p = strstr(ct_buf_str(&b), "Deadlines\n  -\n");
	assert_non_null(p);
	out = strdup(p + strlen("Deadlines\n  -\n"));
	ct_buf_free(&b);
	return out;
}

static void
test_ticket_show_tolerates_partial_verdicts(void **state)
{
	char *s;

	(void)state;
	s = show_tail(NULL);
	assert_string_equal(s, "\nDecision path\n  (no verdict stored)\n");
	free(s);
	s = show_tail("not json");
	assert_string_equal(s, "\nDecision path\n  (stored verdict is not a JSON object)\n");
	free(s);
	s = show_tail("[1,2]");
	assert_string_equal(s, "\nDecision path\n  (stored verdict is not a JSON object)\n");
	free(s);
	s = show_tail("{}");
	assert_string_equal(s, "\nDecision path\n  -\n");
	free(s);
	/* Steps missing keys, a step that is not an object, a need with only
	 * a test, wrong-typed needs and actions. */
	s = show_tail("{\"path\":[{\"node\":\"Q1.account\"},{\"result\":\"unknown\","
		      "\"value\":\"n/a\"},42],\"needs\":[{\"test\":\"imsi\"}],"
		      "\"actions\":\"not an array\"}");
	assert_string_equal(s,
		"\nDecision path\n"
		"  Q1.account  -        -\n"
		"  -           unknown  -\n"
		"                       value      n/a\n"
		"  42\n"
		"\nNeeds\n"
		"  imsi\n");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticket_to_json),
		cmocka_unit_test(test_tickets_json_array),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_tickets_csv),
		cmocka_unit_test(test_tickets_text),
		cmocka_unit_test(test_tickets_text_fits_80),
		cmocka_unit_test(test_ticket_show),
		cmocka_unit_test(test_ticket_show_tolerates_partial_verdicts),
		cmocka_unit_test(test_ticket_show_wraps_chinese),
	};

	return cmocka_run_group_tests_name("report_ticket", tests, NULL, NULL);
}
