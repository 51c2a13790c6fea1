/*
 * test_profile.c — the profile loader: the built-in and example profiles'
 * values, and each class of mistake refused with file:line and the reason.
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
	/* SPEC §3 deadlines. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_values),
		cmocka_unit_test(test_strict_lte),
		cmocka_unit_test(test_errors_name_line_and_reason),
		cmocka_unit_test(test_missing_action_refused),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
