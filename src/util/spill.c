/*
 * spill.c — an external merge sort of fixed-size records (spill.h).
 *
 *   add ──> in-memory run (≤ run records)
 *             │ full: stable sort, append to the level-0 file
 *             v
 *   level 0 file: run run run ... (CT_SPILL_FANIN of them) ──merge──> one run
 *   level 1 file: run run ...                                 ──merge──> ...
 *
 *   walk: merge every run still on disk with the in-memory run
 *
 * Runs are listed oldest first. A merge of level k happens just after its
 * CT_SPILL_FANIN-th run arrived, when every lower level is empty, so the
 * runs it merges are the youngest on the list and their result takes their
 * place: the list stays oldest first. Every merge breaks comparator ties in
 * favour of the older run, and each run is sorted stably, so records that
 * compare equal always leave in the order they came.
 *
 * Each record is written once per level (log base CT_SPILL_FANIN of the
 * number of runs), and memory is the in-memory run plus one read block per
 * waiting run (at most CT_SPILL_FANIN - 1 per level).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "celltriage/spill.h"

#define DEFAULT_RUN 16384
#define BLOCK_BYTES 32768 /* read block per run while merging */

static size_t default_run = DEFAULT_RUN;

struct run {
	int level;
	off_t off;          /* first byte in the level's file */
	size_t n;           /* records */
	/* merging */
	size_t read;        /* records read from the file so far */
	char *blk;          /* records read, not yet given */
	size_t nblk, at;
};

struct ct_spill {
	char *name;
	size_t size, run;
	ct_spill_cmp cmp;
	size_t count;
	/* the in-memory run; order[] its sorted order once sorted */
	char *mem;
	size_t nmem, memcap;
	size_t *order, ordcap;
	int sorted;
	/* runs on disk, oldest first, and a file per level (NULL: none yet) */
	struct run *runs;
	size_t nruns, runcap;
	FILE **lvl;
	size_t nlvl;
	/* a merge: a heap of sources (run indexes; nruns = the memory run) */
	size_t *heap, nheap, heapcap;
	size_t memat;
	size_t blkrecs;
	char *cur;          /* the record last given */
	int walking;
};

size_t
ct_spill_set_default_run(size_t run)
{
	size_t old = default_run;

	default_run = run ? run : DEFAULT_RUN;
	return old;
}

struct ct_spill *
ct_spill_new(const char *name, size_t size, ct_spill_cmp cmp, size_t run)
{
	struct ct_spill *s = ct_xcalloc(1, sizeof(*s));

	s->name = ct_xstrdup(name);
	s->size = size ? size : 1;
	s->cmp = cmp;
	s->run = run ? run : default_run;
	s->blkrecs = BLOCK_BYTES / s->size ? BLOCK_BYTES / s->size : 1;
	return s;
}

size_t
ct_spill_count(const struct ct_spill *s)
{
	return s->count;
}

int
ct_spill_on_disk(const struct ct_spill *s)
{
	return s->nruns > 0;
}

static const char *
rec_at(const struct ct_spill *s, size_t i)
{
	return s->mem + i * s->size;
}

/* Stable sort of the memory run: a bottom-up merge sort of indexes
 * (order[], with a scratch array as large), ties to the lower index. */
static void
sort_mem(struct ct_spill *s)
{
	size_t n = s->nmem, *a, *b;

	if (s->sorted)
		return;
	s->order = ct_xgrow(s->order, n ? 2 * n : 1, &s->ordcap, sizeof(*s->order));
	a = s->order;
	b = s->order + n;
	for (size_t i = 0; i < n; i++)
		a[i] = i;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				b[k++] = s->cmp(rec_at(s, a[j]), rec_at(s, a[i])) < 0 ? a[j++] : a[i++];
			while (i < mid)
				b[k++] = a[i++];
			while (j < hi)
				b[k++] = a[j++];
		}
		{
			size_t *t = a;

			a = b;
			b = t;
		}
	}
	if (a != s->order)
		memcpy(s->order, a, n * sizeof(*a));
	s->sorted = 1;
}

static int
io_fail(const struct ct_spill *s, struct ct_err *err, const char *what, FILE *f)
{
	const char *why = f && !ferror(f) ? "unexpected end" : strerror(errno ? errno : EIO);

	return ct_fail(err, CT_EINPUT, "%s: cannot %s the temporary file: %s", s->name, what, why);
}

/* The file of level k, created when first needed; positioned at its end. */
static int
level_file(struct ct_spill *s, int k, FILE **out, struct ct_err *err)
{
	if ((size_t)k >= s->nlvl) {
		size_t old = s->nlvl;

		s->lvl = ct_xrealloc(s->lvl, ((size_t)k + 1) * sizeof(*s->lvl));
		s->nlvl = (size_t)k + 1;
		for (size_t i = old; i < s->nlvl; i++)
			s->lvl[i] = NULL;
	}
	errno = 0;
	if (!s->lvl[k] && !(s->lvl[k] = tmpfile()))
		return ct_fail(err, CT_EINPUT, "%s: cannot create a temporary file: %s", s->name,
			       strerror(errno ? errno : EIO));
	if (fseeko(s->lvl[k], 0, SEEK_END) != 0)
		return io_fail(s, err, "write", NULL);
	*out = s->lvl[k];
	return 0;
}

static void
add_run(struct ct_spill *s, int level, off_t off, size_t n)
{
	struct run *r;

	s->runs = ct_xgrow(s->runs, s->nruns + 1, &s->runcap, sizeof(*s->runs));
	r = &s->runs[s->nruns++];
	memset(r, 0, sizeof(*r));
	r->level = level;
	r->off = off;
	r->n = n;
}

/* ---- merging ---- */

/* The next record of source i (a run, or nruns: the memory run); NULL when
 * it has none left. Reads the run's next block when its buffer is empty. */
static int
head(struct ct_spill *s, size_t i, const char **rec, struct ct_err *err)
{
	struct run *r;
	size_t want;
	FILE *f;

	if (i == s->nruns) {
		*rec = s->memat < s->nmem ? rec_at(s, s->order[s->memat]) : NULL;
		return 0;
	}
	r = &s->runs[i];
	if (r->at < r->nblk) {
		*rec = r->blk + r->at * s->size;
		return 0;
	}
	*rec = NULL;
	if (r->read == r->n)
		return 0;
	want = r->n - r->read < s->blkrecs ? r->n - r->read : s->blkrecs;
	if (!r->blk)
		r->blk = ct_xmalloc(s->blkrecs * s->size);
	f = s->lvl[r->level];
	errno = 0;
	if (fseeko(f, r->off + (off_t)(r->read * s->size), SEEK_SET) != 0 ||
	    fread(r->blk, s->size, want, f) != want)
		return io_fail(s, err, "read", f);
	r->read += want;
	r->nblk = want;
	r->at = 0;
	*rec = r->blk;
	return 0;
}

static void
advance(struct ct_spill *s, size_t i)
{
	if (i == s->nruns)
		s->memat++;
	else
		s->runs[i].at++;
}

/* Source a before source b: the smaller head, on a tie the older source. */
static int
before(struct ct_spill *s, size_t a, size_t b)
{
	const char *x, *y;
	int c;

	/* heads are in their buffers: head() ran on both before they entered the heap */
	x = a == s->nruns ? rec_at(s, s->order[s->memat]) : s->runs[a].blk + s->runs[a].at * s->size;
	y = b == s->nruns ? rec_at(s, s->order[s->memat]) : s->runs[b].blk + s->runs[b].at * s->size;
	c = s->cmp(x, y);
	return c < 0 || (c == 0 && a < b);
}

static void
sift_down(struct ct_spill *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < s->nheap && before(s, s->heap[l], s->heap[m]))
			m = l;
		if (r < s->nheap && before(s, s->heap[r], s->heap[m]))
			m = r;
		if (m == i)
			return;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

/* A merge of sources first..last (inclusive; last may be nruns, the memory
 * run): reset them and heap those that have a record. */
static int
merge_start(struct ct_spill *s, size_t first, size_t last, struct ct_err *err)
{
	int rc;

	s->heap = ct_xgrow(s->heap, last - first + 1, &s->heapcap, sizeof(*s->heap));
	s->nheap = 0;
	for (size_t i = first; i <= last; i++) {
		const char *rec;

		if (i == s->nruns) {
			s->memat = 0;
		} else {
			s->runs[i].read = 0;
			s->runs[i].nblk = s->runs[i].at = 0;
		}
		if ((rc = head(s, i, &rec, err)) != 0)
			return rc;
		if (rec)
			s->heap[s->nheap++] = i;
	}
	for (size_t i = s->nheap / 2; i-- > 0;)
		sift_down(s, i);
	return 0;
}

/* The smallest record of the merge, or NULL at its end: a copy in s->cur,
 * so that reading the next block of its run does not overwrite it. */
static int
merge_next(struct ct_spill *s, const char **out, struct ct_err *err)
{
	size_t top;
	const char *rec;
	int rc;

	*out = NULL;
	if (!s->nheap)
		return 0;
	top = s->heap[0];
	if ((rc = head(s, top, &rec, err)) != 0)
		return rc;
	if (!s->cur)
		s->cur = ct_xmalloc(s->size);
	memcpy(s->cur, rec, s->size);
	advance(s, top);
	if ((rc = head(s, top, &rec, err)) != 0)
		return rc;
	if (!rec)
		s->heap[0] = s->heap[--s->nheap];
	if (s->nheap)
		sift_down(s, 0);
	*out = s->cur;
	return 0;
}

static void
drop_blocks(struct ct_spill *s)
{
	for (size_t i = 0; i < s->nruns; i++) {
		free(s->runs[i].blk);
		s->runs[i].blk = NULL;
		s->runs[i].nblk = s->runs[i].at = 0;
	}
}

/* ---- writing runs ---- */

/* The last CT_SPILL_FANIN runs (all of level k) become one run of k + 1. */
static int
merge_level(struct ct_spill *s, int k, struct ct_err *err)
{
	size_t first = s->nruns - CT_SPILL_FANIN, n = 0, last = s->nruns;
	const char *rec;
	off_t off;
	FILE *out;
	int rc;

	if ((rc = level_file(s, k + 1, &out, err)) != 0)
		return rc;
	errno = 0;
	if ((off = ftello(out)) < 0)
		return io_fail(s, err, "write", NULL);
	if ((rc = merge_start(s, first, last - 1, err)) != 0)
		return rc;
	for (;;) {
		if ((rc = merge_next(s, &rec, err)) != 0)
			return rc;
		if (!rec)
			break;
		if (fwrite(rec, s->size, 1, out) != 1)
			return io_fail(s, err, "write", NULL);
		n++;
	}
	if (fflush(out) != 0)
		return io_fail(s, err, "write", NULL);
	drop_blocks(s);
	/* level k is empty now: a fresh file next time */
	fclose(s->lvl[k]);
	s->lvl[k] = NULL;
	s->nruns = first;
	add_run(s, k + 1, off, n);
	return 0;
}

/* The memory run, sorted, to the level-0 file; then the merges it makes due. */
static int
write_mem(struct ct_spill *s, struct ct_err *err)
{
	FILE *out;
	off_t off;
	int rc;

	sort_mem(s);
	if ((rc = level_file(s, 0, &out, err)) != 0)
		return rc;
	errno = 0;
	if ((off = ftello(out)) < 0)
		return io_fail(s, err, "write", NULL);
	for (size_t i = 0; i < s->nmem; i++)
		if (fwrite(rec_at(s, s->order[i]), s->size, 1, out) != 1)
			return io_fail(s, err, "write", NULL);
	if (fflush(out) != 0)
		return io_fail(s, err, "write", NULL);
	add_run(s, 0, off, s->nmem);
	s->nmem = 0;
	s->sorted = 0;
	for (int k = 0;; k++) {
		size_t same = 0;

		for (size_t i = s->nruns; i-- > 0 && s->runs[i].level == k;)
			same++;
		if (same < CT_SPILL_FANIN)
			return 0;
		if ((rc = merge_level(s, k, err)) != 0)
			return rc;
	}
}

int
ct_spill_add(struct ct_spill *s, const void *rec, struct ct_err *err)
{
	int rc;

	if (s->walking) {
		drop_blocks(s);
		s->walking = 0;
	}
	if (s->nmem >= s->run && (rc = write_mem(s, err)) != 0)
		return rc;
	if (s->nmem == s->memcap) {
		size_t want = s->nmem + 1;

		/* grow by doubling, but not past the run size */
		s->mem = ct_xgrow(s->mem, want, &s->memcap, s->size);
		if (s->memcap > s->run && s->run >= want) {
			s->memcap = s->run;
			s->mem = ct_xrealloc(s->mem, s->memcap * s->size);
		}
	}
	memcpy(s->mem + s->nmem * s->size, rec, s->size);
	s->nmem++;
	s->count++;
	s->sorted = 0;
	return 0;
}

/* ---- walking ---- */

int
ct_spill_rewind(struct ct_spill *s, struct ct_err *err)
{
	sort_mem(s);
	s->walking = 1;
	return merge_start(s, 0, s->nruns, err);
}

int
ct_spill_next(struct ct_spill *s, const void **rec, struct ct_err *err)
{
	const char *r = NULL;
	int rc;

	*rec = NULL;
	if (!s->walking)
		return 0;
	if ((rc = merge_next(s, &r, err)) != 0)
		return rc;
	*rec = r;
	return r != NULL;
}

void *
ct_spill_detach(struct ct_spill *s, size_t *n)
{
	void *out;
	char *tmp;

	*n = 0;
	if (s->nruns || !s->nmem)
		return NULL;
	sort_mem(s);
	/* Put the records in order in place: follow each cycle of the
	 * permutation (order[j] is the record that belongs at j). */
	tmp = ct_xmalloc(s->size);
	for (size_t i = 0; i < s->nmem; i++) {
		size_t j = i;

		if (s->order[i] == i)
			continue;
		memcpy(tmp, rec_at(s, i), s->size);
		while (s->order[j] != i) {
			size_t k = s->order[j];

			memcpy(s->mem + j * s->size, rec_at(s, k), s->size);
			s->order[j] = j;
			j = k;
		}
		memcpy(s->mem + j * s->size, tmp, s->size);
		s->order[j] = j;
	}
	free(tmp);
	out = s->mem;
	*n = s->nmem;
	s->mem = NULL;
	s->nmem = s->memcap = 0;
	s->count = 0;
	s->sorted = 0;
	s->walking = 0;
	return out;
}

void
ct_spill_free(struct ct_spill *s)
{
	if (!s)
		return;
	drop_blocks(s);
	for (size_t i = 0; i < s->nlvl; i++)
		if (s->lvl[i])
			fclose(s->lvl[i]);
	free(s->lvl);
	free(s->runs);
	free(s->heap);
	free(s->order);
	free(s->cur);
	free(s->mem);
	free(s->name);
	free(s);
}
