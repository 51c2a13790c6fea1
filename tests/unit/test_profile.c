/*
 * test_profile.c — the profile loader: the built-in and example profiles'
 * values, inheritance (a chain of bases merged key by key, lists replaced
 * whole or prepended to, every value's file and line), and each class of
 * mistake refused with file:line and the reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "celltriage/capture.h"
#include "celltriage/dissect.h"
#include "celltriage/decode.h"
#include "celltriage/profile.h"
#include "celltriage/verdict.h"

static void
test_builtin_values(void **state)
{
	struct ct_profile p;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	/* The operator complaint procedure's GSM levels. */
	assert_true(p.rat[CT_RAT_GSM].present);
	assert_true(p.rat[CT_RAT_GSM].coverage_dbm == -94.0);
	assert_true(p.rat[CT_RAT_GSM].interference_dbm == -85.0);
	assert_int_equal(p.rat[CT_RAT_GSM].interference_grade_min, 4);
	assert_true(p.rat[CT_RAT_GSM].ta_step_m == 553.5);
	assert_true(p.rat[CT_RAT_LTE].coverage_dbm == -110.0);
	assert_true(p.rat[CT_RAT_LTE].has_sinr);
	assert_true(p.rat[CT_RAT_NR].present);
	/* The stage deadlines (doc/lifecycle.md). */
	assert_int_equal(p.dl.dispatch_min, 15);
	assert_int_equal(p.dl.handle_min, 120);
	assert_int_equal(p.dl.reply_min, 180);
	assert_int_equal(p.dl.appeal_reply_min, 240);
	assert_int_equal(p.dl.register_major_min, 30);
	assert_int_equal(p.default_grade, 3);
	assert_true(p.ngrades >= 14);
	/* Every cause code has its actions. */
	for (const char *const *c = ct_cause_codes; *c; c++) {
		const struct ct_action *a = ct_profile_actions(&p, *c);

		assert_non_null(a);
		assert_true(a->n > 0);
	}
	assert_string_equal(p.name, "built-in default.cfg");
	ct_profile_free(&p);
}

static void
test_strict_lte(void **state)
{
	struct ct_profile p;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_profile_load("profiles/strict-lte.cfg", &p, &err), 0);
	assert_true(p.rat[CT_RAT_LTE].coverage_dbm == -100.0);
	assert_true(p.rat[CT_RAT_LTE].sinr_min_db == 0.0);
	assert_true(p.rat[CT_RAT_GSM].coverage_dbm == -94.0);
	ct_profile_free(&p);
}

/*
 * Writes the built-in profile with the first `from` replaced by `to`, and
 * returns the line number where it was (1-based), for the error message.
 */
static int
write_variant(const char *path, const char *from, const char *to)
{
	const char *t = ct_default_profile_text, *at = strstr(t, from);
	FILE *f;
	int line = 1;

	assert_non_null(at);
	for (const char *q = t; q < at; q++)
		line += *q == '\n';
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(t, 1, (size_t)(at - t), f);
	fputs(to, f);
	fputs(at + strlen(from), f);
	fclose(f);
	return line;
}

static void
expect_error(const char *from, const char *to, int line_offset, const char *reason)
{
	char path[] = "/tmp/ct-profile-XXXXXX";
	char want[512];
	struct ct_profile p;
	struct ct_err err;
	int fd = mkstemp(path), line;

	assert_true(fd >= 0);
	close(fd);
	line = write_variant(path, from, to);
	assert_int_equal(ct_profile_load(path, &p, &err), CT_EPROFILE);
	snprintf(want, sizeof(want), "%s:%d: %s", path, line + line_offset, reason);
	assert_string_equal(err.msg, want);
	unlink(path);
}

static void
test_errors_name_line_and_reason(void **state)
{
	(void)state;
	expect_error("coverage_dbm = -94.0;", "coverage_dbm = \"weak\";", 0,
		     "thresholds.gsm.coverage_dbm: expected a number");
	expect_error("coverage_dbm = -94.0;", "coverage_dbm = 30.0;", 0,
		     "thresholds.gsm.coverage_dbm: 30 is out of range -150..-20");
	expect_error("\"customer.grade=vip\"", "\"customer.grade=gold\"", 0,
		     "grades[0].when: \"customer.grade=gold\": unknown customer grade");
	expect_error("causes = 73; branch = \"core/gateway_load\";",
		     "causes = 73; branch = \"core/overload\";", 0,
		     "signalling[9].branch: \"core/overload\" is not a cause code or \"radio\"");
	expect_error("version = 1;", "version = 2;", 0, "version: expected version = 1");
	expect_error("reply_min = 180;", "reply_min = = 180;", 0, "syntax error");
}

static void
test_missing_action_refused(void **state)
{
	char path[] = "/tmp/ct-profile-XXXXXX";
	struct ct_profile p;
	struct ct_err err;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_variant(path, "{ cause = \"radio/repeater\";", "{ cause = \"radio/parameters\";");
	assert_int_equal(ct_profile_load(path, &p, &err), CT_EPROFILE);
	assert_non_null(strstr(err.msg, "actions: no entry for cause radio/repeater"));
	unlink(path);
}

static void
test_missing_file(void **state)
{
	struct ct_profile p;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_profile_load("/nonexistent/x.cfg", &p, &err), CT_EPROFILE);
	assert_string_equal(err.msg, "/nonexistent/x.cfg: cannot read the profile");
}

/* A directory of profile files for one test; put() writes one of them. */
static char dir[] = "/tmp/ct-profile-dir-XXXXXX";
static char made[16][256];
static int nmade;

static const char *
put(const char *name, const char *text)
{
	char *path;
	FILE *f;

	assert_true(nmade < 16);
	path = made[nmade++];
	snprintf(path, sizeof(made[0]), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int
setup_dir(void **state)
{
	(void)state;
	nmade = 0;
	strcpy(dir, "/tmp/ct-profile-dir-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(made[nmade++], sizeof(made[0]), "%s/sub", dir);
	return mkdir(made[0], 0700);
}

static int
teardown_dir(void **state)
{
	(void)state;
	while (nmade > 1)
		unlink(made[--nmade]);
	rmdir(made[0]);
	return rmdir(dir);
}

/* The line of the built-in profile on which text first stands (so that
 * a line added above it does not break the check of where a value came
 * from). */
static int
builtin_line(const char *text)
{
	const char *at = strstr(ct_default_profile_text, text);
	int line = 1;

	assert_non_null(at);
	for (const char *c = ct_default_profile_text; c < at; c++)
		line += *c == '\n';
	return line;
}

/* The file and line a merged value came from. */
static void
expect_origin(const struct ct_profile *p, const char *key, const char *file, int line,
	      const char *text)
{
	const struct ct_profile_setting *st = ct_profile_setting(p, key);

	assert_non_null(st);
	assert_string_equal(st->file, file);
	assert_int_equal(st->line, line);
	assert_string_equal(st->text, text);
}

/*
 * a.cfg -> sub/b.cfg -> the built-in profile: a scalar overridden, a group
 * merged key by key across three files, a list replaced whole, a list
 * prepended to, and each value's origin.
 */
static void
test_inheritance_chain(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	const char *a, *b;

	(void)state;
	b = put("sub/b.cfg",
		"version = 1;\n"
		"base = \"default\";\n"
		"radio: { bler_high_pct = 20.0; pingpong_max = 4; };\n"
		"grades = ( { grade = 2; name = \"every VIP\"; when = [ \"customer.grade=vip\" ]; } );\n");
	a = put("a.cfg",
		"version = 1;\n"
		"base = \"sub/b.cfg\";\n"
		"radio: { pingpong_max = 5; };\n"
		"thresholds: { lte: { coverage_dbm = -100.0; }; };\n"
		"signalling_prepend = (\n"
		"  { family = \"diameter\"; causes = 3002; branch = \"core/gateway_load\"; }\n"
		");\n"
		"actions_prepend = ( );\n");
	assert_int_equal(ct_profile_load(a, &p, &err), 0);
	assert_int_equal(p.nfiles, 3);
	assert_string_equal(p.files[0], a);
	assert_string_equal(p.files[1], b);  /* dir/a.cfg's base sub/b.cfg */
	assert_string_equal(p.files[2], "built-in default.cfg");
	assert_string_equal(p.name, a);
	/* a scalar: the nearest file that sets it wins */
	assert_int_equal(p.pingpong_max, 5);
	expect_origin(&p, "radio.pingpong_max", a, 3, "5");
	/* the group radio merged key by key over a, b and the built-in profile */
	assert_true(p.bler_high_pct == 20.0);
	expect_origin(&p, "radio.bler_high_pct", b, 3, "20.0");
	assert_true(p.retrans_high_pct == 10.0);
	expect_origin(&p, "radio.retrans_high_pct", "built-in default.cfg", 94, "10.0");
	/* nested groups too: lte's other thresholds stay the default's */
	assert_true(p.rat[CT_RAT_LTE].coverage_dbm == -100.0);
	assert_true(p.rat[CT_RAT_LTE].interference_dbm == -105.0);
	assert_true(p.rat[CT_RAT_LTE].has_sinr && p.rat[CT_RAT_LTE].sinr_min_db == -3.0);
	expect_origin(&p, "thresholds.lte.coverage_dbm", a, 4, "-100.0");
	expect_origin(&p, "thresholds.lte.source", "built-in default.cfg", 70,
		      "\"LTE: RSRP/SINR coverage-rate practice; UL interference per PRB vs thermal floor\"");
	/* a list: b's grades replace the default's 14 rules whole */
	assert_int_equal(p.ngrades, 1);
	assert_string_equal(p.grades[0].name, "every VIP");
	assert_int_equal(p.grades[0].grade, 2);
	expect_origin(&p, "grades[0].when", b, 4, "[ \"customer.grade=vip\" ]");
	assert_null(ct_profile_setting(&p, "grades[1].name"));
	/* signalling_prepend: a's entry first, then the default's whole table */
	assert_string_equal(p.sigmap[0].branch, "core/gateway_load");
	assert_string_equal(p.sigmap[0].file, a);
	assert_int_equal(p.sigmap[0].line, 6);
	assert_string_equal(p.sigmap[1].file, "built-in default.cfg");
	assert_int_equal(p.sigmap[1].line, 175);
	expect_origin(&p, "signalling[0].causes", a, 6, "3002");
	expect_origin(&p, "signalling[1].causes", "built-in default.cfg", 175, "[ 2, 3 ]");
	assert_ptr_equal(ct_profile_sigmap(&p, CT_FAM_DIAMETER, CT_CG_NONE, 3002, NULL), &p.sigmap[0]);
	/* an empty _prepend leaves the base's list as it was */
	assert_int_equal(p.nactions, 22);
	expect_origin(&p, "actions[0].cause", "built-in default.cfg",
		      builtin_line("{ cause = \"sim/account_arrears\";"), "\"sim/account_arrears\"");
	/* what no file but the built-in one sets */
	assert_int_equal(p.dl.reply_min, 180);
	expect_origin(&p, "deadlines.reply_min", "built-in default.cfg", 152, "180");
	assert_true(p.noc.builtin);
	ct_profile_free(&p);
}

/* The built-in profile alone: every value from it, the chain of one file. */
static void
test_builtin_origins(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	const struct ct_profile_setting *set;
	size_t n, n2;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(p.nfiles, 1);
	set = ct_profile_settings(&p, &n);
	assert_true(n > 300);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(set[i].file, "built-in default.cfg");
		assert_true(set[i].line > 0);
	}
	/* made once: the same list again */
	assert_ptr_equal(ct_profile_settings(&p, &n2), set);
	assert_int_equal(n2, n);
	expect_origin(&p, "typed_value_wins", "built-in default.cfg", 18, "false");
	expect_origin(&p, "thresholds.gsm.source", "built-in default.cfg", 31,
		      "\"operator complaint procedure, GSM levels\"");
	assert_string_equal(ct_profile_setting(&p, "noc.hotspots.p_value")->json, "0.001");
	assert_string_equal(ct_profile_setting(&p, "omc.kpi.rrc_att")->json,
			    "[\"RRC.ConnEstabAtt\", \"pmRrcConnEstabAtt\"]");
	assert_false(p.noc.builtin);
	ct_profile_free(&p);
}

/* The shipped mtu-modem.cfg inherits the signalling table: Diameter 5001 is
 * a subscriber problem as an Experimental-Result-Code only (TS 29.272
 * DIAMETER_ERROR_USER_UNKNOWN; the base 5001 is DIAMETER_AVP_UNSUPPORTED),
 * and a failed handover points at the handover parameters. */
static void
test_mtu_modem_signalling(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	const struct ct_sigmap *m;

	(void)state;
	assert_int_equal(ct_profile_load("profiles/mtu-modem.cfg", &p, &err), 0);
	assert_int_equal(p.dt.nmaps, 3);
	m = ct_profile_sigmap(&p, CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 5001, NULL);
	assert_non_null(m);
	assert_string_equal(m->branch, "core/subscriber_data");
	m = ct_profile_sigmap(&p, CT_FAM_DIAMETER, CT_CG_NONE, 5001, NULL);
	assert_non_null(m);
	assert_string_equal(m->branch, "core/signalling");
	m = ct_profile_sigmap(&p, CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 1, "HandoverPreparationFailure");
	assert_non_null(m);
	assert_string_equal(m->branch, "radio/parameters");
	assert_string_equal(m->file, "built-in default.cfg");
	ct_profile_free(&p);
}

/* load_error FILE WANT: the profile is refused with exactly WANT. */
static void
load_error(const char *file, const char *want)
{
	struct ct_profile p;
	struct ct_err err;

	assert_int_equal(ct_profile_load(file, &p, &err), CT_EPROFILE);
	assert_string_equal(err.msg, want);
}

static void
test_chain_refused(void **state)
{
	char want[512], name[300];
	const char *c1, *c2, *f;

	(void)state;
	/* a cycle, at the base setting that closes it */
	c1 = put("c1.cfg", "version = 1;\nbase = \"sub/c2.cfg\";\n");
	c2 = put("sub/c2.cfg", "version = 1;\n\nbase = \"../c1.cfg\";\n");
	snprintf(want, sizeof(want), "%s:3: base \"../c1.cfg\": a cycle (%s/sub/../c1.cfg is already in the chain)", c2, dir);
	load_error(c1, want);
	/* a profile that is its own base */
	f = put("self.cfg", "version = 1;\nbase = \"self.cfg\";\n");
	snprintf(want, sizeof(want), "%s:2: base \"self.cfg\": a cycle (%s is already in the chain)", f, f);
	load_error(f, want);
	/* a base that is not there */
	f = put("nobase.cfg", "version = 1;\nbase = \"nosuch.cfg\";\n");
	snprintf(want, sizeof(want), "%s:2: base \"nosuch.cfg\": cannot read %s/nosuch.cfg: No such file or directory", f, dir);
	load_error(f, want);
	/* 8 files (d1 .. d8, then the built-in profile) load; 9 do not */
	for (int i = 1; i <= 9; i++) {
		char text[64];

		snprintf(name, sizeof(name), "d%d.cfg", i);
		snprintf(text, sizeof(text), "version = 1;\nbase = \"d%d.cfg\";\n", i + 1);
		put(name, i == 9 ? "version = 1;\n" : text);
	}
	{
		struct ct_profile p;
		struct ct_err err;

		snprintf(name, sizeof(name), "%s/d2.cfg", dir);
		assert_int_equal(ct_profile_load(name, &p, &err), 0);
		assert_int_equal(p.nfiles, 9);
		ct_profile_free(&p);
	}
	snprintf(name, sizeof(name), "%s/d1.cfg", dir);
	snprintf(want, sizeof(want), "%s/d8.cfg:2: base \"d9.cfg\": more than 8 profiles in the chain", dir);
	load_error(name, want);
}

/*
 * A profile file `name` holding `text` is refused with "PATH:LINE: reason"
 * ("PATH: reason" when line is 0).
 */
struct refusal {
	const char *name, *text;
	int line;
	const char *reason;
};

static void
expect_refused(const struct refusal *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = put(r[i].name, r[i].text);
		char want[512];

		if (r[i].line)
			snprintf(want, sizeof(want), "%s:%d: %s", f, r[i].line, r[i].reason);
		else
			snprintf(want, sizeof(want), "%s: %s", f, r[i].reason);
		load_error(f, want);
	}
}

static void
test_unknown_key_refused(void **state)
{
	static const struct refusal r[] = {
		{ "u1.cfg", "version = 1;\nmeasurments = 3;\n", 2, "unknown key \"measurments\"" },
		{ "u2.cfg", "version = 1;\nradio:\n{\n  bler_high_pct = 12.0;\n  bler_hihg_pct = 12.0;\n};\n",
		  5, "unknown key \"radio.bler_hihg_pct\"" },
		{ "u3.cfg", "version = 1;\nthresholds: { lte: { coverage = -100.0; }; };\n",
		  2, "unknown key \"thresholds.lte.coverage\"" },
		{ "u4.cfg", "version = 1;\nsignalling = (\n  { family = \"emm\"; branch = \"radio\"; },\n"
		  "  { family = \"emm\"; cuases = 7; branch = \"radio\"; }\n);\n",
		  4, "unknown key \"signalling[1].cuases\"" },
		/* a group where the table has a list, a list item that is not a group */
		{ "u5.cfg", "version = 1;\ngrades: { grade = 1; };\n",
		  2, "grades: expected a list ( { ... }, ... )" },
		{ "u6.cfg", "version = 1;\nactions = ( 3 );\n", 2, "actions[0]: expected a group { ... }" },
		/* a list and its _prepend in one file */
		{ "u7.cfg", "version = 1;\ngrades_prepend = ( );\ngrades = ( );\n",
		  3, "grades: give grades or grades_prepend, not both" },
		/* version is each file's own */
		{ "u8.cfg", "base = \"default\";\n", 0, "version: expected version = 1" },
		/* a user link type: a carrier not known, a DLT not a user one, one DLT twice */
		{ "u9.cfg", "version = 1;\ncapture = { user_dlts = ( { dlt = 149; carries = \"mac-nr\"; } ); };\n",
		  2, "capture.user_dlts[0].carries: \"mac-nr\" is not " CT_USER_CARRIER_CHOICES },
		{ "u10.cfg", "version = 1;\ncapture = { user_dlts = ( { dlt = 146; carries = \"s1ap\"; } ); };\n",
		  2, "capture.user_dlts[0].dlt: 146 is out of range 147..162" },
		{ "u11.cfg", "version = 1;\ncapture = { user_dlts = ( { dlt = 150; carries = \"s1ap\"; },\n"
		  "  { dlt = 150; carries = \"ngap\"; } ); };\n", 3,
		  "capture.user_dlts[1]: DLT 150 is mapped twice" },
		/* SBI ports: not a port, a port twice, not numbers */
		{ "u12.cfg", "version = 1;\ncapture = { sbi_ports = [ 7777, 70000 ]; };\n",
		  2, "capture.sbi_ports[1]: 70000 is not a TCP port (1..65535)" },
		{ "u13.cfg", "version = 1;\ncapture = { sbi_ports = [ 80, 80 ]; };\n",
		  2, "capture.sbi_ports[1]: port 80 is listed twice" },
		{ "u14.cfg", "version = 1;\ncapture = { sbi_ports = [ \"7777\" ]; };\n",
		  2, "capture.sbi_ports: expected [ numbers ]" },
	};

	(void)state;
	expect_refused(r, sizeof(r) / sizeof(r[0]));
}

/* capture.sbi_ports: none in the built-in profile (content decides); a
 * profile's list, replaced whole by a profile based on it, becomes the
 * capture reader's port bitmap. */
static void
test_sbi_ports(void **state)
{
	struct ct_capture_opts o;
	struct ct_profile p;
	struct ct_err err;
	const char *base, *top;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(p.nsbi_ports, 0);
	ct_capture_opts_of_profile(&p, &o);
	for (size_t i = 0; i < sizeof(o.sbi_port); i++)
		assert_int_equal(o.sbi_port[i], 0);
	ct_profile_free(&p);
	base = put("sbi-base.cfg", "version = 1;\ncapture = { sbi_ports = [ 7777, 80 ]; };\n");
	top = put("sbi-top.cfg", "version = 1;\nbase = \"sbi-base.cfg\";\ncapture = { sbi_ports = [ 8080 ]; };\n");
	assert_int_equal(ct_profile_load(base, &p, &err), 0);
	assert_int_equal(p.nsbi_ports, 2);
	ct_capture_opts_of_profile(&p, &o);
	assert_true(o.sbi_port[7777 / 8] & (1u << (7777 % 8)));
	assert_true(o.sbi_port[80 / 8] & (1u << (80 % 8)));
	assert_false(o.sbi_port[8080 / 8] & (1u << (8080 % 8)));
	ct_profile_free(&p);
	assert_int_equal(ct_profile_load(top, &p, &err), 0);
	assert_int_equal(p.nsbi_ports, 1);
	assert_true(p.sbi_ports[0] == 8080);
	ct_profile_free(&p);
}

/* Rules across keys, reported where the nearer file sets the value. */
static void
test_rules_across_keys(void **state)
{
	static const struct refusal r[] = {
		{ "r1.cfg", "version = 1;\ndeadlines: { revisit_days_min = 9; };\n",
		  2, "deadlines.revisit_days_min: 9 is after revisit_days_max 7" },
		{ "r2.cfg", "version = 1;\ndeadlines: { revisit_days_max = 3; };\n",
		  2, "deadlines.revisit_days_max: 3 is before revisit_days_min 5" },
		{ "r3.cfg", "version = 1;\ndrivetest: { csv = (\n"
		  "  { name = \"m\"; time = \"T\"; level = \"L\"; fixed_rat = \"lte\"; lat = \"Y\"; }\n); };\n",
		  3, "drivetest.csv[0] \"m\": give both lat and lon, or neither" },
		{ "r4.cfg", "version = 1;\ndrivetest: { csv = (\n"
		  "  { name = \"m\"; time = \"T\"; level = \"L\"; time_format = \"julian\"; rat = \"R\"; }\n); };\n",
		  3, "drivetest.csv[0].time_format: \"julian\" is not date, iso (when absent) or epoch" },
		{ "r5.cfg", "version = 1;\nsignalling = ( { family = \"emm\"; causes = [5, 2]; branch = \"radio\"; } );\n",
		  2, "signalling[0].causes: the range is empty or negative" },
		{ "r6.cfg", "version = 1;\nbase = 3;\n", 2, "base: expected a profile file name or \"default\"" },
	};

	(void)state;
	expect_refused(r, sizeof(r) / sizeof(r[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_values),
		cmocka_unit_test(test_strict_lte),
		cmocka_unit_test(test_errors_name_line_and_reason),
		cmocka_unit_test(test_missing_action_refused),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test_setup_teardown(test_inheritance_chain, setup_dir, teardown_dir),
		cmocka_unit_test(test_builtin_origins),
		cmocka_unit_test(test_mtu_modem_signalling),
		cmocka_unit_test_setup_teardown(test_chain_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_unknown_key_refused, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_rules_across_keys, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_sbi_ports, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
