/*
 * test_spill.c — the external sort of src/util/spill.c: records come back
 * in comparator order, equal keys in the order they were added, with one
 * run in memory, with several runs on disk, and with enough runs to merge
 * levels (a run of 2 records: 16 runs make a level-1 run, 256 a level-2
 * run); zero records; walking twice; adding after a walk; detach.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/spill.h"

/* A record: the key the comparator sees, and the position it was added at,
 * which the comparator ignores (so equal keys are ties it leaves open). */
struct rec {
	int key;
	unsigned seq;
	char pad[20]; /* an odd record size: 28 bytes */
};

static int
key_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* Keys from a fixed linear congruential sequence (Numerical Recipes'
 * constants), reduced to few distinct values so that ties abound. */
static int
key_of(unsigned i, int distinct)
{
	uint32_t x = 12345u;

	for (unsigned k = 0; k <= i % 97; k++)
		x = x * 1664525u + 1013904223u;
	x ^= i * 2654435761u;
	return (int)(x % (uint32_t)distinct) - distinct / 2;
}

/* Adds n records with run size run, walks them (twice) and checks the
 * order: keys never decrease, and within a key seq increases. Also that
 * every record came back once (the seqs seen are 0..n-1). */
static void
check(size_t n, size_t run, int distinct, int want_disk)
{
	struct ct_spill *s = ct_spill_new("test", sizeof(struct rec), key_cmp, run);
	struct ct_err err;
	unsigned char *seen = calloc(n + 1, 1);
	long long sum_keys = 0;

	assert_non_null(seen);
	for (unsigned i = 0; i < n; i++) {
		struct rec r;

		memset(&r, 0, sizeof(r));
		r.key = key_of(i, distinct);
		r.seq = i;
		memset(r.pad, 'a' + (int)(i % 26), sizeof(r.pad));
		sum_keys += r.key;
		assert_int_equal(ct_spill_add(s, &r, &err), 0);
	}
	assert_int_equal(ct_spill_count(s), n);
	assert_int_equal(ct_spill_on_disk(s), want_disk);
	for (int pass = 0; pass < 2; pass++) {
		const void *p;
		const struct rec *prev = NULL;
		struct rec last;
		size_t got = 0;
		long long sum = 0;
		int rc;

		memset(seen, 0, n + 1);
		assert_int_equal(ct_spill_rewind(s, &err), 0);
		while ((rc = ct_spill_next(s, &p, &err)) == 1) {
			const struct rec *r = p;

			assert_true(r->seq < n);
			assert_int_equal(seen[r->seq], 0);
			seen[r->seq] = 1;
			assert_int_equal(r->pad[0], 'a' + (int)(r->seq % 26));
			assert_int_equal(r->pad[19], 'a' + (int)(r->seq % 26));
			if (prev) {
				assert_true(last.key <= r->key);
				if (last.key == r->key)
					assert_true(last.seq < r->seq);
			}
			last = *r;
			prev = &last;
			sum += r->key;
			got++;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(got, n);
		assert_true(sum == sum_keys);
	}
	free(seen);
	ct_spill_free(s);
}

static void
test_zero(void **state)
{
	struct ct_spill *s = ct_spill_new("test", sizeof(struct rec), key_cmp, 4);
	struct ct_err err;
	const void *p = &err;
	size_t n = 99;

	(void)state;
	assert_int_equal(ct_spill_count(s), 0);
	assert_int_equal(ct_spill_rewind(s, &err), 0);
	assert_int_equal(ct_spill_next(s, &p, &err), 0);
	assert_null(p);
	assert_null(ct_spill_detach(s, &n));
	assert_int_equal(n, 0);
	ct_spill_free(s);
	check(0, 1, 10, 0);
}

static void
test_one_run(void **state)
{
	(void)state;
	check(1, 0, 10, 0);
	check(5, 0, 3, 0);
	check(1000, CT_SPILL_NEVER, 7, 0);
	check(1000, 1000, 7, 0); /* exactly one full run: still in memory */
}

static void
test_several_runs(void **state)
{
	(void)state;
	check(1001, 1000, 7, 1); /* one run on disk, one record in memory */
	check(100, 7, 5, 1);     /* 14 runs on level 0 */
	check(100, 1, 5, 1);     /* runs of one record: levels 0..1 */
	check(5000, 2, 11, 1);   /* 2500 runs: levels 0, 1, 2 */
	check(5000, 3, 5000, 1); /* mostly distinct keys */
	check(4096, 2, 1, 1);    /* every key equal: pure insertion order */
}

/* The keys 9, 8 ... 0 each twice (seq in order): exact expected order. */
static void
test_exact_order(void **state)
{
	struct ct_spill *s = ct_spill_new("test", sizeof(struct rec), key_cmp, 3);
	struct ct_err err;
	const void *p;
	unsigned i = 0;

	(void)state;
	for (int k = 9; k >= 0; k--)
		for (int j = 0; j < 2; j++) {
			struct rec r = { k, i++, { 0 } };

			assert_int_equal(ct_spill_add(s, &r, &err), 0);
		}
	assert_int_equal(ct_spill_on_disk(s), 1);
	assert_int_equal(ct_spill_rewind(s, &err), 0);
	for (int k = 0; k <= 9; k++)
		for (int j = 0; j < 2; j++) {
			const struct rec *r;

			assert_int_equal(ct_spill_next(s, &p, &err), 1);
			r = p;
			assert_int_equal(r->key, k);
			/* key k was added at positions 2(9-k) and 2(9-k)+1 */
			assert_int_equal(r->seq, (unsigned)(2 * (9 - k) + j));
		}
	assert_int_equal(ct_spill_next(s, &p, &err), 0);
	/* a record added after the walk joins the next one, in its place */
	{
		struct rec r = { 5, 100, { 0 } };
		const struct rec *q;
		int k5 = 0;

		assert_int_equal(ct_spill_add(s, &r, &err), 0);
		assert_int_equal(ct_spill_rewind(s, &err), 0);
		while (ct_spill_next(s, &p, &err) == 1) {
			q = p;
			if (q->key == 5) {
				k5++;
				if (k5 == 3)
					assert_int_equal(q->seq, 100);
			}
		}
		assert_int_equal(k5, 3);
	}
	ct_spill_free(s);
}

static void
test_detach(void **state)
{
	struct ct_spill *s = ct_spill_new("test", sizeof(struct rec), key_cmp, 0);
	struct ct_err err;
	struct rec *a;
	size_t n;
	const int keys[] = { 3, -1, 3, 0, -1, 7, 3 };
	/* sorted, ties by position: -1(1) -1(4) 0(3) 3(0) 3(2) 3(6) 7(5) */
	const unsigned want[] = { 1, 4, 3, 0, 2, 6, 5 };

	(void)state;
	for (unsigned i = 0; i < 7; i++) {
		struct rec r = { keys[i], i, { 0 } };

		assert_int_equal(ct_spill_add(s, &r, &err), 0);
	}
	a = ct_spill_detach(s, &n);
	assert_non_null(a);
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(a[i].seq, want[i]);
	free(a);
	assert_int_equal(ct_spill_count(s), 0);
	ct_spill_free(s);

	/* on disk: no array */
	s = ct_spill_new("test", sizeof(struct rec), key_cmp, 2);
	for (unsigned i = 0; i < 7; i++) {
		struct rec r = { keys[i], i, { 0 } };

		assert_int_equal(ct_spill_add(s, &r, &err), 0);
	}
	assert_null(ct_spill_detach(s, &n));
	assert_int_equal(n, 0);
	assert_int_equal(ct_spill_count(s), 7);
	ct_spill_free(s);
}

/* The default run size: settable for tests, 0 restores 16384. */
static void
test_default_run(void **state)
{
	size_t old = ct_spill_set_default_run(2);

	(void)state;
	assert_int_equal(old, 16384);
	check(40, 0, 4, 1);
	assert_int_equal(ct_spill_set_default_run(0), 2);
	check(40, 0, 4, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_one_run),
		cmocka_unit_test(test_several_runs),
		cmocka_unit_test(test_exact_order),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_default_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
