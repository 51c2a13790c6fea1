/*
 * test_ticketin.c — reading our own ticket export back (src/report/
 * ticketin.c): the CSV of `ticket export --format csv` field by field
 * (quoted commas and line breaks, empty = unknown, tags and deadlines
 * lists), its line numbers and refusals; the JSON object's types; the
 * checks of filing on import; the elements of a JSON array read one at a
 * time with their lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "celltriage/report.h"
#include "celltriage/store.h"
#include "celltriage/ticketin.h"

#define HDR "id,complaint,msisdn,imsi,cell,rat,phenomenon,cause,class,domain,confidence," \
	    "grade,status,kind,received_at,filed_at,updated_at,rev,tags,deadlines,department," \
	    "person,reply_cause,result,satisfaction,time_taken_s,invalid,evidence,status_at," \
	    "repeat_of,batch\r\n"

/* Ticket 7: id, complaint R7, msisdn, no imsi, cell, rat, phenomenon,
 * cause, class, domain, confidence, grade 1, status closed, kind repeat,
 * received_at, filed_at, updated_at, rev 6, tags "a;b:c", deadlines
 * dispatch and reply, department "radio, north" (quoted comma), person,
 * reply_cause, result, satisfaction, time_taken_s 5400, invalid 1,
 * evidence with a quote and a line break, status_at, repeat_of 3, no batch. */
#define ROW7 "7,R7,13800000007,,460-00-1-2,lte,call_drop,radio/coverage,radio,coverage,high," \
	     "1,closed,repeat,2026-11-20T01:15:00Z,2026-11-20T01:20:00Z,2026-11-20T04:00:00Z,6," \
	     "a;b:c,dispatch=2026-11-20T01:30:00Z;reply=2026-11-20T04:15:00Z," \
	     "\"radio, north\",li,weak coverage,repeater,satisfied,5400,1," \
	     "\"log says \"\"off\"\"\r\nat 08:02\",2026-11-20T04:00:00Z,3,\r\n"

static void
test_csv_fields(void **state)
{
	const char text[] = HDR ROW7 "8,R8,,,,,,,,,,3,accepted,ordinary,,2026-11-20T05:00:00Z,"
				   "2026-11-20T05:00:00Z,1,,,,,,,,0,0,,,,B-1\r\n";
	struct ct_ticket *v = NULL;
	size_t *lines = NULL, n = 0;
	struct ct_err err;
	long long t;

	(void)state;
	assert_int_equal(ct_tickets_from_export_csv(text, sizeof(text) - 1, "x.csv", &v, &lines, &n,
						    &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 4); /* the evidence of ticket 7 spans lines 2-3 */
	assert_int_equal(v[0].id, 7);
	assert_string_equal(v[0].complaint, "R7");
	assert_null(v[0].imsi);
	assert_int_equal(v[0].grade, 1);
	assert_int_equal(v[0].status, CT_STATUS_CLOSED);
	assert_string_equal(v[0].kind, "repeat");
	assert_int_equal(ct_parse_time("2026-11-20T01:15:00Z", &t), 0);
	assert_int_equal(v[0].received_at, t);
	assert_int_equal(v[0].rev, 6);
	assert_int_equal(v[0].ntags, 2);
	assert_string_equal(v[0].tags[0], "a");
	assert_string_equal(v[0].tags[1], "b:c");
	assert_int_equal(v[0].ndeadlines, 2);
	assert_string_equal(v[0].deadlines[1].stage, "reply");
	assert_int_equal(ct_parse_time("2026-11-20T04:15:00Z", &t), 0);
	assert_int_equal(v[0].deadlines[1].due, t);
	assert_string_equal(v[0].department, "radio, north");
	assert_int_equal(v[0].time_taken_s, 5400);
	assert_int_equal(v[0].invalid, 1);
	assert_string_equal(v[0].evidence, "log says \"off\"\r\nat 08:02");
	assert_int_equal(v[0].repeat_of, 3);
	assert_null(v[0].batch);
	assert_null(v[1].msisdn);
	assert_int_equal(v[1].ntags, 0);
	assert_int_equal(v[1].ndeadlines, 0);
	assert_int_equal(v[1].status_at, 0);
	assert_string_equal(v[1].batch, "B-1");
	ct_tickets_free(v, n);
	free(lines);
}

/* export(import(csv)) == csv: the CSV writer on what the reader gave. */
static void
test_csv_round_trip(void **state)
{
	const char text[] = HDR ROW7;
	struct ct_ticket *v = NULL;
	struct ct_buf b = CT_BUF_INIT;
	size_t *lines = NULL, n = 0;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_tickets_from_export_csv(text, sizeof(text) - 1, "x.csv", &v, &lines, &n,
						    &err), 0);
	ct_tickets_export_csv(&b, v, n);
	assert_string_equal(ct_buf_str(&b), text);
	ct_buf_free(&b);
	ct_tickets_free(v, n);
	free(lines);
}

static void
expect_csv_error(const char *text, const char *msg)
{
	struct ct_ticket *v = NULL;
	size_t *lines = NULL, n = 0;
	struct ct_err err;

	assert_int_equal(ct_tickets_from_export_csv(text, strlen(text), "x.csv", &v, &lines, &n, &err),
			 CT_EINPUT);
	assert_string_equal(err.msg, msg);
	assert_null(v);
	assert_int_equal(n, 0);
}

static void
test_csv_refusals(void **state)
{
	(void)state;
	expect_csv_error("id,name\r\n1,x\r\n", "x.csv:1: not the header of a ticket export");
	/* grade "high" on the record starting at line 4 (ticket 7 takes 2-3) */
	expect_csv_error(HDR ROW7 "8,R8,,,,,,,,,,high,accepted,ordinary,,2026-11-20T05:00:00Z,"
				  "2026-11-20T05:00:00Z,1,,,,,,,,0,0,,,,\r\n",
			 "x.csv:4: grade is not valid");
	expect_csv_error(HDR "8,R8,,,,,,,,,,3,lost,ordinary,,2026-11-20T05:00:00Z,"
			     "2026-11-20T05:00:00Z,1,,,,,,,,0,0,,,,\r\n",
			 "x.csv:2: status is not valid");
	expect_csv_error(HDR "8,R8,,,,,,,,,,3,accepted,ordinary,,2026-11-20,"
			     "2026-11-20T05:00:00Z,1,,,,,,,,0,0,,,,\r\n",
			 "x.csv:2: filed_at is not valid");
	expect_csv_error(HDR "8,R8\r\n", "x.csv:2: 2 columns, the header has 31");
	expect_csv_error(HDR "8,\"R8\r\n", "x.csv:2: a quoted field does not end");
	expect_csv_error(HDR "8,\"R8\"x,\r\n", "x.csv:2: text after a quoted field");
}

static void
test_json_types(void **state)
{
	json_t *o = json_pack("{s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:[s], s:{s:s},"
			      " s:[{s:s, s:s, s:s, s:i, s:s, s:{s:s}}]}",
			      "id", (json_int_t)4, "complaint", "R4", "grade", 2, "status", "accepted",
			      "kind", "ordinary", "filed_at", "2026-11-20T01:20:00Z", "updated_at",
			      "2026-11-20T01:20:00Z", "rev", 1, "tags", "x", "deadlines", "dispatch",
			      "2026-11-20T01:35:00Z", "history", "at", "2026-11-20T01:20:00Z", "who",
			      "ann", "action", "filed", "rev", 1, "status", "accepted", "detail",
			      "from", "none");
	struct ct_ticket t;
	struct ct_event *ev = NULL;
	size_t nev = 0;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_ticket_from_export_json(o, &t, &ev, &nev, "f.json:2: ticket 1", &err), 0);
	assert_int_equal(t.id, 4);
	assert_int_equal(t.grade, 2);
	assert_null(t.msisdn);
	assert_int_equal(nev, 1);
	assert_string_equal(ev[0].who, "ann");
	assert_string_equal(ev[0].detail, "{\"from\":\"none\"}");
	ct_ticket_free(&t);
	ct_events_free(ev, nev);

	json_object_set_new(o, "msisdn", json_integer(138));
	assert_int_equal(ct_ticket_from_export_json(o, &t, &ev, &nev, "f.json:2: ticket 1", &err),
			 CT_EINPUT);
	assert_string_equal(err.msg, "f.json:2: ticket 1: msisdn is not a string");
	json_object_set_new(o, "msisdn", json_null());
	json_object_set_new(o, "filed_at", json_string("yesterday"));
	assert_int_equal(ct_ticket_from_export_json(o, &t, &ev, &nev, "w", &err), CT_EINPUT);
	assert_string_equal(err.msg, "w: filed_at is not an ISO 8601 time");
	json_decref(o);
}

/* A JSON export's ticket (a valid one, rev 1 and its filing) with one
 * member replaced: refused with the check's one line. */
static void
expect_json_refused(const char *member, json_t *value, const char *msg)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:i,"
			      " s:[{s:s, s:s, s:i, s:s}]}",
			      "id", (json_int_t)4, "complaint", "R4", "cause", "radio/coverage",
			      "grade", 2, "status", "accepted", "kind", "ordinary",
			      "filed_at", "2026-11-20T01:20:00Z", "updated_at", "2026-11-20T01:20:00Z",
			      "rev", 1, "history", "at", "2026-11-20T01:20:00Z", "action", "filed",
			      "rev", 1, "status", "accepted");
	struct ct_ticket t;
	struct ct_event *ev = NULL;
	size_t nev = 0;
	struct ct_err err;

	assert_int_equal(ct_ticket_from_export_json(o, &t, &ev, &nev, "f.json:2: ticket 1", &err), 0);
	ct_ticket_free(&t);
	ct_events_free(ev, nev);
	json_object_set_new(o, member, value);
	assert_int_equal(ct_ticket_from_export_json(o, &t, &ev, &nev, "f.json:2: ticket 1", &err),
			 CT_EINPUT);
	assert_string_equal(err.msg, msg);
	assert_int_equal(nev, 0);
	json_decref(o);
}

/* An import is checked as filing makes tickets: ids a later filing can
 * follow, grades, causes, kinds, rev = the history's length, the history in
 * time order, times within 1970-9999. */
static void
test_import_checked_as_filing(void **state)
{
	json_t *h;
	const char tmf[] = "{\"id\":\"9223372036854775807\",\"creationDate\":\"2026-11-20T01:20:00Z\"}";
	json_t *o = json_loads(tmf, 0, NULL);
	struct ct_ticket t;
	struct ct_event *ev = NULL;
	size_t nev = 0;
	struct ct_err err;

	(void)state;
	expect_json_refused("id", json_integer(9223372036854775807LL),
			    "f.json:2: ticket 1: id is not an integer in range");
	expect_json_refused("grade", json_integer(77), "f.json:2: ticket 1: grade is not an integer in range");
	expect_json_refused("cause", json_string("radio/anything"),
			    "f.json:2: ticket 1: cause \"radio/anything\" is not one of the cause codes");
	expect_json_refused("kind", json_string("vip"),
			    "f.json:2: ticket 1: kind \"vip\" is not ordinary, appeal, repeat or batch");
	expect_json_refused("rev", json_integer(99),
			    "f.json:2: ticket 1: rev 99 but 1 change in the history");
	expect_json_refused("history", json_array(),
			    "f.json:2: ticket 1: rev 1 but 0 changes in the history");
	h = json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]", "at", "2026-11-20T01:20:00Z", "action",
		      "filed", "rev", 1, "at", "2026-11-20T01:00:00Z", "action", "dispatch", "rev", 2);
	expect_json_refused("history", h, "f.json:2: ticket 1: rev 1 but 2 changes in the history");
	/* The same with rev 2: out of time order. */
	{
		json_t *o2 = json_pack("{s:I, s:s, s:i, s:s, s:s, s:s, s:i, s:[{s:s, s:i}, {s:s, s:i}]}",
				       "id", (json_int_t)4, "complaint", "R4", "grade", 2,
				       "status", "accepted", "filed_at", "2026-11-20T01:20:00Z",
				       "updated_at", "2026-11-20T01:20:00Z", "rev", 2, "history",
				       "at", "2026-11-20T01:20:00Z", "rev", 1,
				       "at", "2026-11-20T01:00:00Z", "rev", 2);

		assert_int_equal(ct_ticket_from_export_json(o2, &t, &ev, &nev, "w", &err), CT_EINPUT);
		assert_string_equal(err.msg, "w: history item 2 (2026-11-20T01:00:00Z) is before the one before it");
		json_decref(o2);
	}
	/* TMF621: the id a later filing could not follow. */
	assert_int_equal(ct_ticket_from_tmf621(o, &t, &ev, &nev, "t.json: item 1", &err), CT_EINPUT);
	assert_string_equal(err.msg, "t.json: item 1: ticket 9223372036854775807: id 9223372036854775807 "
			    "is not 1 to 9007199254740991");
	json_decref(o);
	/* Another system's ticket without notes: its creation is its history. */
	o = json_loads("{\"id\":\"5\",\"creationDate\":\"2026-11-20T01:20:00Z\"}", 0, NULL);
	assert_int_equal(ct_ticket_from_tmf621(o, &t, &ev, &nev, "t.json: item 1", &err), 0);
	assert_int_equal(t.rev, 1);
	assert_int_equal(nev, 1);
	assert_string_equal(ev[0].action, "filed");
	ct_ticket_free(&t);
	ct_events_free(ev, nev);
	json_decref(o);
	/* The CSV: grade 0, a cause outside the codes. */
	expect_csv_error(HDR "8,R8,,,,,,,,,,0,accepted,ordinary,,2026-11-20T05:00:00Z,"
			     "2026-11-20T05:00:00Z,1,,,,,,,,0,0,,,,\r\n", "x.csv:2: grade is not valid");
	expect_csv_error(HDR "8,R8,,,,,,x/y,,,,3,accepted,ordinary,,2026-11-20T05:00:00Z,"
			     "2026-11-20T05:00:00Z,1,,,,,,,,0,0,,,,\r\n",
			 "x.csv:2: ticket 8: cause \"x/y\" is not one of the cause codes");
}

/* The elements of a JSON array read one at a time from a file: each with
 * the line it starts on; malformed JSON, a missing comma, text after the
 * array: one line with line and column. */
static void
test_json_stream(void **state)
{
	const char ok[] = "[\n  {\"a\": \"]}\\\"\"},\n  {\"b\":\n [2]}\n]\n";
	struct {
		const char *text, *msg;
	} bad[] = {
		{ "[{\"a\":1} {\"b\":2}]", "x.json:1:10: ',' or ']' expected" },
		{ "[{\"a\":1},\n ]", "x.json:2:2: a value expected after ','" },
		{ "[{\"a\":1}] x", "x.json:1:11: end of file expected" },
		{ "[{\"a\":1},\n {\"a\":", "x.json:2:7: unexpected end of file" },
		{ "[{\"a\":1},\n {\"a\" 1}]", "x.json:2:7: ':' expected near '1'" },
		{ "tickets", "x.json:1:1: not a JSON array or object" },
	};
	struct ct_json_stream js;
	struct ct_err err;
	json_t *x;
	size_t line = 0;
	FILE *fp;

	(void)state;
	fp = fmemopen((void *)ok, sizeof(ok) - 1, "r");
	assert_non_null(fp);
	ct_json_stream_init(&js, fp, "x.json");
	assert_int_equal(ct_json_stream_next(&js, &x, &line, &err), 1);
	assert_int_equal(line, 2);
	assert_string_equal(json_string_value(json_object_get(x, "a")), "]}\"");
	json_decref(x);
	assert_int_equal(ct_json_stream_next(&js, &x, &line, &err), 1);
	assert_int_equal(line, 3);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(x, "b"), 0)), 2);
	json_decref(x);
	assert_int_equal(ct_json_stream_next(&js, &x, &line, &err), 0);
	assert_int_equal(ct_json_stream_next(&js, &x, &line, &err), 0);
	ct_json_stream_free(&js);
	fclose(fp);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc;

		fp = fmemopen((void *)bad[i].text, strlen(bad[i].text), "r");
		assert_non_null(fp);
		ct_json_stream_init(&js, fp, "x.json");
		while ((rc = ct_json_stream_next(&js, &x, &line, &err)) == 1)
			json_decref(x);
		assert_int_equal(rc, CT_EINPUT);
		assert_string_equal(err.msg, bad[i].msg);
		ct_json_stream_free(&js);
		fclose(fp);
	}
}

/* The first element of text read as file (lifting keys when given): its
 * status, the element freed; texts keep what was lifted. */
static int
first_item(const char *text, const char *file, const char *const *keys, char **texts,
	   struct ct_err *err)
{
	struct ct_json_stream js;
	json_t *x = NULL;
	size_t line;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	assert_non_null(fp);
	ct_json_stream_init(&js, fp, file);
	rc = keys ? ct_json_stream_next_lifted(&js, keys, texts, &x, &line, err)
		  : ct_json_stream_next(&js, &x, &line, err);
	json_decref(x);
	ct_json_stream_free(&js);
	fclose(fp);
	return rc;
}

/* Lifted members: an object or array named is taken out as its compact
 * text and read as null; anything the walk is not sure of (a key twice,
 * an escaped key, U+0000, a long number) stays for jansson, whose verdict
 * and message (line and column) are those of the text as written. */
static void
test_json_stream_lifted(void **state)
{
	const char ok[] =
		"[{\"id\": 1, \"verdict\": {\"a\": [1, 2.5, \"x y\\\"\"],\n \"b\": {}},"
		" \"doc\": [true]},\n"
		" {\"doc\": {\"k\": 1, \"k\": 2}, \"verdict\": {\"q\": 1}}]";
	const char *const keys[] = { "verdict", "doc", NULL };
	const char bad[] = "[{\"verdict\": {\"a\": 1,\n \"b\": 2}, \"doc\": {\"x\":\n tru}}]";
	struct ct_json_stream js;
	struct ct_err err;
	char *texts[2];
	json_t *x;
	size_t line = 0;
	FILE *fp;

	(void)state;
	fp = fmemopen((void *)ok, sizeof(ok) - 1, "r");
	assert_non_null(fp);
	ct_json_stream_init(&js, fp, "x.json");
	/* Both taken, white space outside strings dropped. */
	assert_int_equal(ct_json_stream_next_lifted(&js, keys, texts, &x, &line, &err), 1);
	assert_string_equal(texts[0], "{\"a\":[1,2.5,\"x y\\\"\"],\"b\":{}}");
	assert_string_equal(texts[1], "[true]");
	assert_true(json_is_null(json_object_get(x, "verdict")));
	assert_int_equal(json_integer_value(json_object_get(x, "id")), 1);
	free(texts[0]);
	free(texts[1]);
	json_decref(x);
	/* A key twice: not taken, so jansson refuses the item, at its place. */
	assert_int_equal(ct_json_stream_next_lifted(&js, keys, texts, &x, &line, &err), CT_EINPUT);
	assert_null(texts[0]);
	assert_null(texts[1]);
	assert_string_equal(err.msg, "x.json:3:21: duplicate object key near '\"k\"'");
	ct_json_stream_free(&js);
	fclose(fp);

	/* A string is never taken; a long integer and U+0000 are jansson's. */
	{
		const char rest[] =
			"[{\"verdict\": {\"q\\u0041\": 1}, \"doc\": {\"k\": [2]}},\n"
			" {\"verdict\": \"text\", \"doc\": {\"n\": 12345678901234567890}},\n"
			" {\"verdict\": {}, \"doc\": {\"s\": \"a\\u0000\"}}]";

		fp = fmemopen((void *)rest, sizeof(rest) - 1, "r");
		assert_non_null(fp);
		ct_json_stream_init(&js, fp, "y.json");
		assert_int_equal(ct_json_stream_next_lifted(&js, keys, texts, &x, &line, &err), 1);
		assert_null(texts[0]);  /* the walk stops at the escaped key */
		assert_null(texts[1]);
		assert_int_equal(json_integer_value(json_object_get(json_object_get(x, "verdict"),
								    "qA")), 1);
		json_decref(x);
		assert_int_equal(ct_json_stream_next_lifted(&js, keys, texts, &x, &line, &err),
				 CT_EINPUT);
		assert_null(texts[0]);
		assert_null(texts[1]);
		assert_string_equal(err.msg, "y.json:2:54: too big integer near '12345678901234567890'");
		ct_json_stream_free(&js);
		fclose(fp);
	}
	/* A mistake after a member taken: the same message, at its place as
	 * written, as without taking any; nothing is left taken. */
	assert_int_equal(first_item(bad, "z.json", keys, texts, &err), CT_EINPUT);
	assert_null(texts[0]);
	assert_string_equal(err.msg, "z.json:3:4: invalid token near 'tru'");
	assert_int_equal(first_item(bad, "z.json", NULL, NULL, &err), CT_EINPUT);
	assert_string_equal(err.msg, "z.json:3:4: invalid token near 'tru'");
	/* Characters, not bytes, on the line of the mistake (jansson counts
	 * a column in characters). */
	{
		const char wide[] = "[{\"verdict\": {\"d\": \"\xe6\x97\xa0\xe4\xbf\xa1\xe5\x8f\xb7\"},"
				    " \"doc\": {\"x\": tru}}]";
		struct ct_err plain;

		assert_int_equal(first_item(wide, "w.json", NULL, NULL, &plain), CT_EINPUT);
		assert_int_equal(first_item(wide, "w.json", keys, texts, &err), CT_EINPUT);
		assert_string_equal(err.msg, plain.msg);
	}
}

/* A ticket of the export, as `ticket export` writes it. */
static const char export_ticket[] =
	"[{\"id\":5,\"complaint\":\"C5\",\"msisdn\":\"138\",\"imsi\":null,\"cell\":\"460-00-1-2\""
	",\"rat\":\"lte\",\"phenomenon\":\"call_drop\",\"cause\":\"radio/coverage\",\"class\":\"n"
	"etwork\",\"domain\":\"radio\",\"confidence\":\"high\",\"grade\":2,\"status\":\"closed\","
	"\"kind\":\"ordinary\",\"received_at\":\"2026-11-20T01:15:00Z\",\"filed_at\":\"2026-11-20"
	"T01:20:00Z\",\"updated_at\":\"2026-11-20T04:00:00Z\",\"rev\":3,\"tags\":[\"network\",\"r"
	"at:lte\"],\"deadlines\":{\"dispatch\":\"2026-11-20T01:30:00Z\",\"reply\":\"2026-11-20T04"
	":15:00Z\"},\"department\":\"radio\",\"person\":\"li\",\"reply\":{\"cause\":\"coverage\","
	"\"result\":\"repeater\",\"satisfaction\":\"satisfied\",\"time_taken_s\":5400,\"invalid\""
	":false,\"evidence\":null},\"status_at\":\"2026-11-20T04:00:00Z\",\"complaint_data\":{\"i"
	"d\":\"C5\",\"channel\":\"app\"},\"verdict\":{\"class\":\"network\",\"n\":[1,2.5]},\"hist"
	"ory\":[{\"at\":\"2026-11-20T01:20:00Z\",\"who\":\"li\",\"action\":\"filed\",\"rev\":1,\""
	"status\":\"accepted\",\"detail\":\"rev 1\"},{\"at\":\"2026-11-20T02:00:00Z\",\"who\":\"l"
	"i\",\"action\":\"dispatch\",\"rev\":2,\"status\":\"dispatched\",\"detail\":{\"from\":\"a"
	"ccepted\",\"department\":\"radio\"}},{\"at\":\"2026-11-20T04:00:00Z\",\"who\":\"li\",\"a"
	"ction\":\"close\",\"rev\":3,\"status\":\"closed\",\"detail\":{\"from\":\"dispatched\",\""
	"time_taken_s\":5400}}]}]";

/* Reads text with ct_export_json_next (the export's own form read from the
 * text, anything else through the tree) and with the tree reader: the same
 * status, and the same ticket and history, or the same message. */
static int
both_readers(const char *text)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	FILE *fp2 = fmemopen((void *)text, strlen(text), "r");
	struct ct_json_stream js, js2;
	struct ct_ticket t, t2;
	struct ct_event *ev = NULL, *ev2 = NULL;
	size_t nev = 0, nev2 = 0, line, line2;
	struct ct_err err, err2;
	json_t *x = NULL;
	int rc, rc2;

	assert_non_null(fp);
	assert_non_null(fp2);
	ct_json_stream_init(&js, fp, "t.json");
	ct_json_stream_init(&js2, fp2, "t.json");
	rc = ct_export_json_next(&js, 1, &t, &ev, &nev, &line, &err);
	rc2 = ct_json_stream_next(&js2, &x, &line2, &err2);
	if (rc2 == 1) {
		rc2 = ct_ticket_from_export_json(x, &t2, &ev2, &nev2, "t.json:1: ticket 1", &err2);
		rc2 = rc2 ? rc2 : 1;
	}
	json_decref(x);
	assert_int_equal(rc, rc2);
	if (rc == 1) {
		json_t *a = ct_ticket_to_json(&t, 1), *b = ct_ticket_to_json(&t2, 1);
		char *sa = json_dumps(a, JSON_COMPACT), *sb = json_dumps(b, JSON_COMPACT);

		assert_string_equal(sa, sb);
		assert_int_equal(nev, nev2);
		for (size_t i = 0; i < nev; i++) {
			assert_int_equal(ev[i].ticket, ev2[i].ticket);
			assert_int_equal(ev[i].at, ev2[i].at);
			assert_int_equal(ev[i].rev, ev2[i].rev);
			assert_string_equal(ev[i].who ? ev[i].who : "-", ev2[i].who ? ev2[i].who : "-");
			assert_string_equal(ev[i].action, ev2[i].action);
			assert_string_equal(ev[i].detail ? ev[i].detail : "-",
					    ev2[i].detail ? ev2[i].detail : "-");
			assert_string_equal(ev[i].status ? ev[i].status : "-",
					    ev2[i].status ? ev2[i].status : "-");
		}
		free(sa);
		free(sb);
		json_decref(a);
		json_decref(b);
		ct_ticket_free(&t);
		ct_ticket_free(&t2);
		ct_events_free(ev, nev);
		ct_events_free(ev2, nev2);
	} else {
		assert_string_equal(err.msg, err2.msg);
	}
	ct_json_stream_free(&js);
	ct_json_stream_free(&js2);
	fclose(fp);
	fclose(fp2);
	return rc;
}

/* export_ticket with its first from replaced by to. */
static char *
variant(const char *from, const char *to)
{
	const char *at = strstr(export_ticket, from);
	struct ct_buf b = CT_BUF_INIT;

	assert_non_null(at);
	ct_buf_add(&b, export_ticket, (size_t)(at - export_ticket));
	ct_buf_puts(&b, to);
	ct_buf_puts(&b, at + strlen(from));
	return ct_buf_detach(&b);
}

/* The export read back from its text gives what the tree reader gives,
 * ticket or message, for the export's own form and for everything around
 * it: white space, escapes, numbers jansson writes back otherwise, members
 * no field reads, keys twice, wrong types, a null group. */
static void
test_export_read_from_text(void **state)
{
	static const struct {
		const char *from, *to;
		int ok;
	} c[] = {
		{ "\"person\":\"li\"", "\"person\":\"l\\u0069 \\\"x\\\"\"", 1 },
		{ "\"time_taken_s\":5400}}", "\"time_taken_s\":5400.0}}", 1 },
		{ "\"time_taken_s\":5400}}", "\"time_taken_s\":-0}}", 1 },
		{ "\"time_taken_s\":5400}}", "\"time_taken_s\":1e3}}", 1 },
		{ "\"department\":\"radio\"}", "\"department\":\"r\\/adio\"}", 1 },
		{ "\"id\":5,", "\"id\":5,\"x\":[1,{\"y\":2}],", 1 },
		{ "\"id\":5,", "\"id\":5,\"x\":1,\"x\":2,", 0 },
		{ "\"id\":5,", "\"\\u0069d\":5,", 1 },
		{ "\"id\":5,", "", 0 },
		{ "\"id\":5,", "\"id\":5,\"id\":6,", 0 },
		{ "\"grade\":2", "\"grade\":77", 0 },
		{ "\"grade\":2", "\"grade\":\"2\"", 0 },
		{ "\"grade\":2", "\"grade\":2.0", 0 },
		{ "\"status\":\"closed\"", "\"status\":\"nope\"", 0 },
		{ "\"imsi\":null", "\"imsi\":7", 0 },
		{ "\"tags\":[\"network\",\"rat:lte\"]", "\"tags\":[\"network\",7]", 0 },
		{ "\"tags\":[\"network\",\"rat:lte\"]", "\"tags\":null", 0 },
		{ "\"tags\":[\"network\",\"rat:lte\"],", "", 1 },
		{ "\"dispatch\":", "\"reply\":\"2026-11-20T04:15:00Z\",\"dispatch\":", 0 },
		{ "\"dispatch\":\"2026-11-20T01:30:00Z\"", "\"dispatch\":\"yesterday\"", 0 },
		{ "\"reply\":{\"cause\"", "\"reply\":null,\"r\":{\"cause\"", 1 },
		{ "\"reply\":{\"cause\"", "\"reply\":7,\"r\":{\"cause\"", 0 },
		{ "\"invalid\":false", "\"invalid\":false,\"invalid\":true", 0 },
		{ "\"invalid\":false", "\"invalid\":0", 0 },
		{ "\"status_at\":", "\"reply\":null,\"status_at\":", 0 },
		{ "\"channel\":\"app\"}", "\"channel\":\"app\",\"channel\":\"x\"}", 0 },
		{ "\"verdict\":{\"class\":\"network\",\"n\":[1,2.5]}", "\"verdict\":\"text\"", 1 },
		{ "\"verdict\":{\"class\":\"network\",\"n\":[1,2.5]}", "\"verdict\":5", 1 },
		{ "\"rev\":2,", "\"rev\":1,", 0 },
		{ "\"rev\":2,", "\"rev\":99999999999,", 0 },
		{ "\"at\":\"2026-11-20T02:00:00Z\"", "\"at\":null", 0 },
		{ "\"detail\":\"rev 1\"", "\"detail\":[1]", 0 },
		{ "\"detail\":\"rev 1\"", "\"detail\":null,\"note\":1", 1 },
		{ "{\"at\":\"2026-11-20T01:20:00Z\"", "7,{\"at\":\"2026-11-20T01:20:00Z\"", 0 },
		{ "\"history\":[", "\"history\":null,\"h\":[", 0 },
		{ "\"history\":[", "\"history\":[],\"history\":[", 0 },
		{ "\"received_at\":\"2026-11-20T01:15:00Z\"", "\"received_at\":\"1969-12-31T23:59:59Z\"", 0 },
	};
	char *pretty = ct_xstrdup(export_ticket);

	(void)state;
	assert_int_equal(both_readers(export_ticket), 1);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *v = variant(c[i].from, c[i].to);

		if (both_readers(v) != (c[i].ok ? 1 : CT_EINPUT))
			fail_msg("variant %zu: %s", i, v);
		free(v);
	}
	/* White space between every token. */
	{
		struct ct_buf b = CT_BUF_INIT;
		int instr = 0;

		for (const char *p = export_ticket; *p; p++) {
			ct_buf_add(&b, p, 1);
			if (*p == '"' && p[-1] != '\\')
				instr = !instr;
			if (!instr && strchr(",:[{", *p))
				ct_buf_puts(&b, " \n  ");
		}
		free(pretty);
		pretty = ct_buf_detach(&b);
	}
	assert_int_equal(both_readers(pretty), 1);
	free(pretty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_csv_refusals),
		cmocka_unit_test(test_json_types),
		cmocka_unit_test(test_import_checked_as_filing),
		cmocka_unit_test(test_json_stream),
		cmocka_unit_test(test_json_stream_lifted),
		cmocka_unit_test(test_export_read_from_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
