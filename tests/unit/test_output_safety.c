/*
 * test_output_safety.c — the helpers that keep outputs safe: the CSV guard
 * against spreadsheet formulas (util.h ct_csv_guarded) and that the import
 * rule undoes it for every value, control characters escaped for a
 * terminal (ct_buf_put_text) and found in ids (ct_ctrl_char), times outside
 * the years 1970-9999 refused (ct_parse_time), the numbers inside free
 * text masked (report.h ct_mask_text), and a library loaded when first
 * needed refused in one line when it is missing (ct_dl_fill).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/report.h"
#include "celltriage/util.h"

/* The cell as the export writes it (the guard only, no RFC 4180 quoting). */
static char *
guard(const char *v)
{
	struct ct_buf b = CT_BUF_INIT;

	if (ct_csv_guarded(v))
		ct_buf_puts(&b, "'");
	ct_buf_puts(&b, v);
	return ct_buf_detach(&b);
}

/* The value as the import reads the cell back (ticketin.c's rule). */
static const char *
unguard(const char *cell)
{
	return cell[0] == '\'' && ct_csv_guarded(cell + 1) ? cell + 1 : cell;
}

static void
test_csv_guard(void **state)
{
	static const char *const formula[] = {
		"=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=x", "''@x", "-", "+",
	};
	static const char *const plain[] = {
		"", "abc", "-94", "+8613800138000", "1.5e3", "-0.5", "'abc", "a=b", "'", "'-94", " =x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(formula) / sizeof(formula[0]); i++)
		assert_true(ct_csv_guarded(formula[i]));
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		assert_false(ct_csv_guarded(plain[i]));
}

/* Export then import gives the value back, for every short string over the
 * characters that matter (quote, the four formula starters, a digit, a
 * letter, tab): the guard is reversible. */
static void
test_csv_guard_round_trip(void **state)
{
	static const char alphabet[] = "'=+-@1a\t";
	const size_t k = sizeof(alphabet) - 1;
	char v[5];

	(void)state;
	for (size_t len = 0; len <= 4; len++) {
		size_t total = 1;

		for (size_t i = 0; i < len; i++)
			total *= k;
		for (size_t n = 0; n < total; n++) {
			size_t x = n;
			char *cell;

			for (size_t i = 0; i < len; i++, x /= k)
				v[i] = alphabet[x % k];
			v[len] = '\0';
			cell = guard(v);
			assert_string_equal(unguard(cell), v);
			/* and what a spreadsheet sees never starts a formula */
			assert_true(!cell[0] || !strchr("=+-@\t\r", cell[0]) || !ct_csv_guarded(cell));
			free(cell);
		}
	}
}

static void
test_put_text(void **state)
{
	struct ct_buf b = CT_BUF_INIT;

	(void)state;
	ct_buf_put_text(&b, "ok \xe5\x9c\xb0 text");
	assert_string_equal(ct_buf_str(&b), "ok \xe5\x9c\xb0 text");
	ct_buf_reset(&b);
	ct_buf_put_text(&b, "a\x1b[2Jb\x07" "c\nd\re\tf\x7fg\xc2\x9bh");
	assert_string_equal(ct_buf_str(&b), "a\\e[2Jb\\x07c\\nd\\re\\tf\\x7fg\\u009bh");
	ct_buf_free(&b);
	assert_int_equal(ct_ctrl_char("C20261120-0001"), -1);
	assert_int_equal(ct_ctrl_char("C1\nX"), 2);
	assert_int_equal(ct_ctrl_char("\x7f"), 0);
}

static void
test_time_range(void **state)
{
	long long t;

	(void)state;
	assert_int_equal(ct_parse_time("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(ct_parse_time("9999-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, CT_TIME_MAX);
	assert_int_equal(ct_parse_time("1969-12-31T23:59:59Z", &t), CT_TIME_RANGE);
	assert_int_equal(ct_parse_time("1970-01-01T07:59:59+08:00", &t), CT_TIME_RANGE);
	assert_int_equal(ct_parse_time("9999-12-31T23:00:00-08:00", &t), CT_TIME_RANGE);
	assert_int_equal(ct_parse_time("0000-01-01T00:00:00Z", &t), CT_TIME_RANGE);
	assert_int_equal(ct_parse_time("yesterday", &t), -1);
}

static void
test_mask_text(void **state)
{
	char *m;

	(void)state;
	m = ct_mask_text("call 13912345678 or 0755-87654321, floor 12, IMSI 460009876543210.");
	assert_string_equal(m, "call 139******78 or 0755-876***21, floor 12, IMSI 460**********10.");
	free(m);
	m = ct_mask_text("2026-11-20 10:15, room 123456");
	assert_string_equal(m, "2026-11-20 10:15, room 123456");
	free(m);
	assert_null(ct_mask_text(NULL));
}

/* A library loaded when first needed (libpq, libpcap, libxml2,
 * libmicrohttpd): one that is missing, or lacks a function the program
 * calls, is refused in one line naming it and the Debian package that has
 * it, and leaves no function half filled in. */
static void
test_dl_refusals(void **state)
{
	const struct ct_dl_sym missing[] = { { "zlibVersion", 0 }, { "no_such_zlib_call", sizeof(void *) } };
	const struct ct_dl_sym present[] = { { "zlibVersion", 0 } };
	void *table[2] = { NULL, NULL };
	char why[256];

	(void)state;
	assert_int_equal(ct_dl_fill("libno-such-library.so.9", "libno-such9", present, 1, table,
				    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot load libno-such-library.so.9 (Debian package "
				    "libno-such9): "));
	assert_null(strchr(why, '\n'));
	assert_null(table[0]);

	assert_int_equal(ct_dl_fill("libz.so.1", "zlib1g", missing, 2, table, why, sizeof(why)), -1);
	assert_string_equal(why, "libz.so.1 has no no_such_zlib_call: a newer zlib1g is needed");
	assert_null(table[0]);
	assert_null(table[1]);

	assert_int_equal(ct_dl_fill("libz.so.1", "zlib1g", present, 1, table, why, sizeof(why)), 0);
	assert_non_null(table[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_guard),
		cmocka_unit_test(test_csv_guard_round_trip),
		cmocka_unit_test(test_put_text),
		cmocka_unit_test(test_time_range),
		cmocka_unit_test(test_mask_text),
		cmocka_unit_test(test_dl_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
