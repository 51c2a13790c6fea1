/*
 * test_time.c — times in a zone and the working-day calendar: local time
 * with its offset out (a zero offset as Z), offsets read exactly and a
 * zone-less time read in the zone set, DST across a change (Europe/Berlin),
 * working days across weekends, holidays and swapped workdays, the
 * profile's time group and its mistakes refused naming the key, and the
 * deadlines a new ticket carries (progress report in working days).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "celltriage/profile.h"
#include "celltriage/ticket.h"
#include "celltriage/util.h"

static long long
at(const char *iso)
{
	long long t = -1;

	assert_int_equal(ct_parse_time(iso, &t), 0);
	return t;
}

static void
expect_fmt(long long t, const char *want)
{
	char buf[CT_TIME_LEN];

	ct_fmt_time(buf, sizeof(buf), t);
	assert_string_equal(buf, want);
}

static void
test_zone_names(void **state)
{
	(void)state;
	assert_true(ct_zone_valid("Asia/Shanghai"));
	assert_true(ct_zone_valid("UTC"));
	assert_false(ct_zone_valid("Mars/Olympus"));
	assert_false(ct_zone_valid("../../etc/passwd"));
	assert_false(ct_zone_valid("/etc/localtime"));
	assert_false(ct_zone_valid(""));
	assert_false(ct_zone_valid("zone.tab"));  /* a table of the directory, not a zone */
	assert_int_equal(ct_zone_set("Mars/Olympus"), -1);
}

static void
test_format_and_parse_in_zone(void **state)
{
	long long t;
	int zoneless = -1;

	(void)state;
	assert_int_equal(ct_zone_set("Asia/Shanghai"), 0);
	assert_string_equal(ct_zone(), "Asia/Shanghai");
	expect_fmt(at("2026-11-20T01:40:00Z"), "2026-11-20T09:40:00+08:00");
	/* offsets are read exactly, whatever the zone */
	assert_int_equal(ct_parse_time_zoned("2026-11-20T09:40:00+08:00", &t, &zoneless), 0);
	assert_int_equal(zoneless, 0);
	assert_true(t == at("2026-11-20T01:40:00Z"));
	assert_true(at("2026-11-20T03:40:00+02:00") == at("2026-11-20T01:40:00Z"));
	/* a zone-less time is the zone's local time, and says so */
	assert_int_equal(ct_parse_time_zoned("2026-11-20T09:15:00", &t, &zoneless), 0);
	assert_int_equal(zoneless, 1);
	assert_true(t == at("2026-11-20T01:15:00Z"));
	/* the latest time has no four-digit local year east of Greenwich: UTC */
	expect_fmt(CT_TIME_MAX, "9999-12-31T23:59:59Z");

	assert_int_equal(ct_zone_set("UTC"), 0);
	expect_fmt(at("2026-11-20T01:40:00Z"), "2026-11-20T01:40:00Z");
	assert_true(at("2026-11-20T01:15:00") == at("2026-11-20T01:15:00Z"));

	assert_int_equal(ct_zone_set("America/New_York"), 0);
	expect_fmt(at("2026-11-20T01:40:00Z"), "2026-11-19T20:40:00-05:00");
	/* the epoch west of Greenwich is in 1969 locally, and reads back */
	expect_fmt(0, "1969-12-31T19:00:00-05:00");
	assert_true(at("1969-12-31T19:00:00-05:00") == 0);
}

/* Europe/Berlin leaves summer time on 2026-10-25 at 03:00 CEST. */
static void
test_dst_change(void **state)
{
	struct ct_calendar cal = { .week = 0x3e };  /* Monday to Friday */
	long long t;

	(void)state;
	assert_int_equal(ct_zone_set("Europe/Berlin"), 0);
	expect_fmt(at("2026-10-24T10:00:00Z"), "2026-10-24T12:00:00+02:00");
	expect_fmt(at("2026-10-26T10:00:00Z"), "2026-10-26T11:00:00+01:00");
	assert_true(at("2026-10-23T12:00:00") == at("2026-10-23T10:00:00Z"));
	assert_true(at("2026-10-27T12:00:00") == at("2026-10-27T11:00:00Z"));
	/* Friday 12:00 CEST + 1 working day = Monday 12:00 CET: the wall
	 * clock is kept, so 73 hours pass, not 72 */
	t = ct_add_working_days(&cal, at("2026-10-23T12:00:00+02:00"), 1);
	expect_fmt(t, "2026-10-26T12:00:00+01:00");
	assert_true(t - at("2026-10-23T12:00:00+02:00") == 73 * 3600LL);
}

static void
test_working_days(void **state)
{
	/* The 2026 National Day holiday as a Chinese calendar lists it:
	 * 1-7 October off, Sunday 27 September and Saturday 10 October worked. */
	static const long long off[] = { 20727, 20728, 20729, 20730, 20731, 20732, 20733 };
	static const long long on[] = { 20723, 20736 };
	struct ct_calendar week = { .week = 0x3e };
	struct ct_calendar cn = { .week = 0x3e, .off = off, .noff = 7, .on = on, .non = 2 };
	struct ct_calendar none = { .week = 0 };

	(void)state;
	assert_int_equal(ct_zone_set("Asia/Shanghai"), 0);
	assert_true(ct_days_from_civil(2026, 10, 1) == off[0]);
	assert_true(ct_days_from_civil(2026, 9, 27) == on[0]);
	assert_true(ct_days_from_civil(2026, 10, 10) == on[1]);
	/* Friday + 3 working days = Wednesday, at the same local time */
	expect_fmt(ct_add_working_days(&week, at("2026-11-20T09:40:00+08:00"), 3),
		   "2026-11-25T09:40:00+08:00");
	/* Saturday and Sunday count from Monday */
	expect_fmt(ct_add_working_days(&week, at("2026-11-21T18:00:00+08:00"), 1),
		   "2026-11-23T18:00:00+08:00");
	/* the local date decides: Friday 23:30 in Shanghai is Friday 15:30 UTC */
	expect_fmt(ct_add_working_days(&week, at("2026-11-20T15:30:00Z"), 1),
		   "2026-11-23T23:30:00+08:00");
	/* holidays are skipped, a swapped Saturday is worked: Tuesday 29
	 * September + 3 = Wednesday 30 September, Thursday 8 October, Friday 9 */
	expect_fmt(ct_add_working_days(&cn, at("2026-09-29T10:00:00+08:00"), 3),
		   "2026-10-09T10:00:00+08:00");
	expect_fmt(ct_add_working_days(&cn, at("2026-10-09T10:00:00+08:00"), 1),
		   "2026-10-10T10:00:00+08:00");
	/* Friday 25 September + 1 = the swapped Sunday 27 September */
	expect_fmt(ct_add_working_days(&cn, at("2026-09-25T10:00:00+08:00"), 1),
		   "2026-09-27T10:00:00+08:00");
	assert_false(ct_working_day(&cn, off[3]));
	assert_true(ct_working_day(&cn, on[1]));
	/* nothing to add; a calendar that never works: calendar days */
	assert_true(ct_add_working_days(&week, 1000, 0) == 1000);
	assert_true(ct_add_working_days(&none, 1000, 3) == 1000 + 3 * 86400LL);
}

/* The deadlines a ticket filed on a Friday carries: dispatch from filing,
 * register and reply from receipt, the progress report 3 working days on. */
static void
test_ticket_deadlines(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	struct ct_ticket t;
	struct { const char *stage, *due; } want[] = {
		{ "register", "2026-11-20T10:40:00+08:00" },
		{ "dispatch", "2026-11-20T11:15:00+08:00" },
		{ "reply", "2026-11-20T12:40:00+08:00" },
		{ "progress_report", "2026-11-25T09:40:00+08:00" },
		{ "revisit_from", "2026-11-25T09:40:00+08:00" },
		{ "revisit_to", "2026-11-27T09:40:00+08:00" },
	};

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(ct_zone_set(p.time.zone), 0);
	memset(&t, 0, sizeof(t));
	t.grade = 3;
	t.received_at = at("2026-11-20T09:40:00+08:00");
	t.filed_at = at("2026-11-20T11:00:00+08:00");
	assert_true(ct_stage_filing_start(&t, CT_STAGE_DISPATCH) == t.filed_at);
	assert_true(ct_stage_filing_start(&t, CT_STAGE_REPLY) == t.received_at);
	assert_true(ct_stage_filing_start(&t, CT_STAGE_HANDLE) == 0);
	ct_ticket_set_deadlines(&t, &p.dl, t.received_at, 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		size_t k;

		for (k = 0; k < t.ndeadlines && strcmp(t.deadlines[k].stage, want[i].stage); k++)
			;
		assert_true(k < t.ndeadlines);
		expect_fmt(t.deadlines[k].due, want[i].due);
	}
	for (size_t k = 0; k < t.ndeadlines; k++)
		free(t.deadlines[k].stage);
	free(t.deadlines);
	ct_profile_free(&p);
}

static char dir[] = "/tmp/ct-time-XXXXXX";

static void
load_error(const char *name, const char *text, const char *want)
{
	char path[256], msg[512];
	struct ct_profile p;
	struct ct_err err;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(ct_profile_load(path, &p, &err), CT_EPROFILE);
	snprintf(msg, sizeof(msg), "%s:%s", path, want);
	assert_string_equal(err.msg, msg);
	unlink(path);
}

static void
test_profile_time_group(void **state)
{
	struct ct_profile p;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_string_equal(p.time.zone, "Asia/Shanghai");
	assert_int_equal(p.dl.cal.week, 0x3e);
	assert_int_equal(p.dl.cal.noff, 0);
	ct_profile_free(&p);

	assert_non_null(mkdtemp(dir));
	load_error("zone.cfg", "version = 1;\ntime: { zone = \"Mars/Olympus\"; };\n",
		   "2: time.zone: \"Mars/Olympus\" is not a time zone (an IANA name with a file under /usr/share/zoneinfo)");
	load_error("day.cfg", "version = 1;\ntime: {\n  working_days = [ \"mon\", \"funday\" ];\n};\n",
		   "3: time.working_days[1]: \"funday\" is not a day (mon, tue, wed, thu, fri, sat, sun)");
	load_error("date.cfg", "version = 1;\ntime: {\n  holidays = [ \"2026-02-30\" ];\n};\n",
		   "3: time.holidays[0]: \"2026-02-30\" is not a date (YYYY-MM-DD)");
	load_error("swap.cfg", "version = 1;\ntime: {\n  workdays = [ \"2026-9-27\" ];\n};\n",
		   "3: time.workdays[0]: \"2026-9-27\" is not a date (YYYY-MM-DD)");
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_names),
		cmocka_unit_test(test_format_and_parse_in_zone),
		cmocka_unit_test(test_dst_change),
		cmocka_unit_test(test_working_days),
		cmocka_unit_test(test_ticket_deadlines),
		cmocka_unit_test(test_profile_time_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
