/*
 * drivestats.c — drive-test statistics and problem detection (issue 4).
 *
 * Statistics per RAT over the samples with a usable serving level:
 * 10th/50th/90th percentiles (GSL's gsl_stats_quantile_from_sorted_data:
 * linear interpolation at (n-1)f of the sorted data) of the level, quality,
 * SINR and throughput; the share of samples strictly below the profile's
 * coverage threshold for the RAT with its 95% Clopper-Pearson interval
 * (exact binomial, from beta quantiles: gsl_cdf_beta_Pinv); the same for
 * quality below drivetest.quality_min_db and SINR below sinr_min_db.
 *
 * Problems, the way drive-test post-processing names them:
 *   weak_coverage     consecutive samples below the coverage threshold
 *                     covering at least drivetest.weak_coverage_min_m along
 *                     the route (or lasting weak_coverage_min_s when the
 *                     samples have no position); samples without a level
 *                     neither break nor extend a stretch
 *   interference      at least interference_min_samples consecutive samples
 *                     with a good level (>= coverage threshold) and poor
 *                     quality (SINR below sinr_min_db where logged, else
 *                     quality below quality_min_db)
 *   pingpong_handover the serving cell goes A -> B -> A with the return
 *                     within drivetest.pingpong_window_s of the first change
 *   the others        as the log records them (NMF HOF, CAF, CAD, DAF, DAD)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "celltriage/drivetest.h"

void
ct_dt_percentiles(double *x, size_t n, struct ct_dt_dist *d)
{
	d->n = n;
	if (n == 0) {
		d->p10 = d->median = d->p90 = NAN;
		return;
	}
	gsl_sort(x, 1, n);
	d->p10 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.10);
	d->median = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
	d->p90 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.90);
}

/*
 * The P quantile of Beta(a, b). gsl_cdf_beta_Pinv's Newton iteration does
 * not converge for shape parameters in the millions (a long drive: "inverse
 * failed to converge"), and GSL's default handler then aborts the program.
 * So the handler is off here, and where Pinv gives up, the quantile is
 * found by bisection on the CDF (monotonic in x; 200 halvings reach the
 * resolution of a double).
 */
static double
beta_quantile(double P, double a, double b)
{
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	double x = gsl_cdf_beta_Pinv(P, a, b);

	if (!isfinite(x)) {
		double lo = 0.0, hi = 1.0;

		for (int i = 0; i < 200; i++) {
			double mid = lo + (hi - lo) / 2, c = gsl_cdf_beta_P(mid, a, b);

			if (mid <= lo || mid >= hi || !isfinite(c))
				break;
			if (c < P)
				lo = mid;
			else
				hi = mid;
		}
		x = lo + (hi - lo) / 2;
	}
	gsl_set_error_handler(old);
	return x;
}

void
ct_dt_binom_ci(size_t k, size_t n, double *lo, double *hi)
{
	if (n == 0) {
		*lo = *hi = NAN;
		return;
	}
	*lo = k == 0 ? 0.0 : beta_quantile(0.025, (double)k, (double)(n - k + 1));
	*hi = k == n ? 1.0 : beta_quantile(0.975, (double)(k + 1), (double)(n - k));
}

static void
share_done(struct ct_dt_share *s)
{
	s->share = s->n ? (double)s->below / (double)s->n : NAN;
	ct_dt_binom_ci(s->below, s->n, &s->lo, &s->hi);
}

/* The coverage threshold of a sample's RAT, NAN when the profile has none. */
static double
cov_thr(const struct ct_profile *p, enum ct_rat r)
{
	return r > CT_RAT_UNKNOWN && r < CT_RAT__COUNT && p->rat[r].present ? p->rat[r].coverage_dbm : NAN;
}

static int
weak(const struct ct_profile *p, const struct ct_dt_sample *s)
{
	double thr = cov_thr(p, s->rat);

	return !isnan(thr) && s->level < thr;
}

/* Good level, poor quality: 1; not: 0. */
static int
interfered(const struct ct_profile *p, const struct ct_dt_sample *s)
{
	double thr = cov_thr(p, s->rat);
	const struct ct_rat_thresholds *t;

	if (isnan(thr) || s->level < thr)
		return 0;
	t = &p->rat[s->rat];
	if (!isnan(s->sinr) && t->has_sinr)
		return s->sinr < t->sinr_min_db;
	if (!isnan(s->quality) && p->dt.has_quality[s->rat])
		return s->quality < p->dt.quality_min_db[s->rat];
	return 0;
}

struct segbuild {
	struct ct_dt_segment cur;
	int open;
	double plat, plon; /* last positioned sample of the stretch */
};

static void
seg_add(struct segbuild *b, const struct ct_dt_sample *s, size_t i, enum ct_dt_kind kind)
{
	struct ct_dt_segment *g = &b->cur;
	double w = kind == CT_DT_WEAK_COVERAGE ? s->level : (!isnan(s->sinr) ? s->sinr : s->quality);

	if (!b->open) {
		memset(g, 0, sizeof(*g));
		g->kind = kind;
		g->t0 = s->t;
		g->first = i;
		g->lat0 = g->lon0 = g->lat1 = g->lon1 = NAN;
		g->length_m = NAN;
		g->worst = w;
		memcpy(g->cell, s->cell, sizeof(g->cell));
		b->open = 1;
		b->plat = b->plon = NAN;
	}
	g->t1 = s->t;
	g->last = i;
	g->samples++;
	if (w < g->worst || isnan(g->worst))
		g->worst = w;
	if (!isnan(s->lat)) {
		if (isnan(g->lat0)) {
			g->lat0 = s->lat;
			g->lon0 = s->lon;
			g->length_m = 0;
		} else {
			g->length_m += ct_distance_m(b->plat, b->plon, s->lat, s->lon);
		}
		g->lat1 = b->plat = s->lat;
		g->lon1 = b->plon = s->lon;
	}
}

static void
seg_close(struct segbuild *b, const struct ct_profile *p, struct ct_dt_stats *st, size_t *cap)
{
	/* st is the accumulator's: only seg, nseg and count are touched */
	struct ct_dt_segment *g = &b->cur;
	int keep;

	if (!b->open)
		return;
	b->open = 0;
	if (g->kind == CT_DT_WEAK_COVERAGE)
		keep = !isnan(g->length_m) ? g->length_m >= p->dt.weak_min_m
					   : g->t1 - g->t0 >= p->dt.weak_min_s;
	else
		keep = g->samples >= (size_t)p->dt.interference_min_samples;
	if (!keep)
		return;
	st->seg = ct_xgrow(st->seg, st->nseg + 1, cap, sizeof(*st->seg));
	st->seg[st->nseg++] = *g;
	st->count[g->kind]++;
}

static int
seg_cmp(const void *a, const void *b)
{
	const struct ct_dt_segment *x = a, *y = b;

	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct ct_dt_event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * The values a percentile needs, and no more: each distinct value once
 * with its count (open addressing on the value's bits). The percentiles
 * from it are GSL's exactly (the same sorted multiset, the same
 * interpolation at (n-1)f), and its size is the number of distinct values,
 * not of samples: levels logged in 1 dB or 0.1 dB steps take at most a few
 * thousand entries however long the drive. (A column of free-running real
 * values, such as a throughput computed from byte counters, still grows
 * with the log.)
 */
struct vcount {
	double v;
	size_t n;          /* 0: empty slot */
};

struct vset {
	struct vcount *t;
	size_t cap, used;  /* slots, distinct values */
	size_t n;          /* values */
};

static uint64_t
vhash(double v)
{
	uint64_t h;

	memcpy(&h, &v, sizeof(h));
	h ^= h >> 33; /* splitmix64's finaliser */
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static void vset_add(struct vset *s, double v, size_t n);

static void
vset_grow(struct vset *s)
{
	struct vcount *old = s->t;
	size_t oldcap = s->cap;

	s->cap = oldcap ? oldcap * 2 : 64;
	s->t = ct_xcalloc(s->cap, sizeof(*s->t));
	s->used = 0;
	s->n = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].n)
			vset_add(s, old[i].v, old[i].n);
	free(old);
}

static void
vset_add(struct vset *s, double v, size_t n)
{
	size_t i;

	if ((s->used + 1) * 4 > s->cap * 3)
		vset_grow(s);
	v += 0.0; /* -0 and +0 are one value, as they are to a sort */
	for (i = (size_t)(vhash(v) & (s->cap - 1)); s->t[i].n && s->t[i].v != v; i = (i + 1) & (s->cap - 1))
		;
	if (!s->t[i].n) {
		s->t[i].v = v;
		s->used++;
	}
	s->t[i].n += n;
	s->n += n;
}

static int
vcount_cmp(const void *a, const void *b)
{
	const struct vcount *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

/* The value of rank r (0-based) of the sorted multiset. */
static double
vset_rank(const struct vcount *c, size_t nd, size_t r)
{
	size_t seen = 0;

	for (size_t i = 0; i < nd; i++) {
		seen += c[i].n;
		if (r < seen)
			return c[i].v;
	}
	return c[nd - 1].v;
}

/* gsl_stats_quantile_from_sorted_data, over the counted values. */
static double
vset_quantile(const struct vcount *c, size_t nd, size_t n, double f)
{
	const double index = f * (double)(n - 1);
	const size_t lhs = (size_t)(int)index;
	const double delta = index - (double)lhs;

	if (lhs == n - 1)
		return vset_rank(c, nd, lhs);
	return (1 - delta) * vset_rank(c, nd, lhs) + delta * vset_rank(c, nd, lhs + 1);
}

/* The percentiles of the set; frees it. */
static void
vset_dist(struct vset *s, struct ct_dt_dist *d)
{
	size_t nd = 0;

	d->n = s->n;
	if (s->n == 0) {
		d->p10 = d->median = d->p90 = NAN;
	} else {
		for (size_t i = 0; i < s->cap; i++)
			if (s->t[i].n)
				s->t[nd++] = s->t[i];
		qsort(s->t, nd, sizeof(*s->t), vcount_cmp);
		d->p10 = vset_quantile(s->t, nd, s->n, 0.10);
		d->median = vset_quantile(s->t, nd, s->n, 0.50);
		d->p90 = vset_quantile(s->t, nd, s->n, 0.90);
	}
	free(s->t);
	memset(s, 0, sizeof(*s));
}

enum { V_LEVEL, V_QUAL, V_SINR, V_DL, V_UL, V__N };

struct ct_dt_acc {
	const struct ct_profile *p;
	size_t index;                      /* samples fed so far */
	struct vset v[CT_RAT__COUNT][V__N];
	struct ct_dt_stats st;             /* shares, segments, ping-pongs so far */
	size_t segcap, evcap;
	struct segbuild wb, ib;
	char cur[32];                      /* serving cell (changes: no handover records) */
	struct ct_dt_change last;          /* the last change of serving cell */
	int has_last;
};

struct ct_dt_acc *
ct_dt_acc_new(const struct ct_profile *p)
{
	struct ct_dt_acc *a = ct_xcalloc(1, sizeof(*a));

	a->p = p;
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		struct ct_dt_ratstats *rs = &a->st.rat[r];

		rs->below.threshold = cov_thr(p, (enum ct_rat)r);
		rs->poor_quality.threshold = p->dt.has_quality[r] ? p->dt.quality_min_db[r] : NAN;
		rs->poor_sinr.threshold = p->rat[r].present && p->rat[r].has_sinr ? p->rat[r].sinr_min_db : NAN;
	}
	return a;
}

/* A -> B, then back to A within the window: a ping-pong at the return. */
static void
pingpong(struct ct_dt_acc *a, const struct ct_dt_change *x, const struct ct_dt_change *y)
{
	struct ct_dt_event *e;

	if (strcmp(y->to, x->from) || y->t - x->t > a->p->dt.pingpong_window_s)
		return;
	a->st.ev = ct_xgrow(a->st.ev, a->st.nev + 1, &a->evcap, sizeof(*a->st.ev));
	e = &a->st.ev[a->st.nev++];
	memset(e, 0, sizeof(*e));
	e->t = y->t;
	e->lat = y->lat;
	e->lon = y->lon;
	e->kind = CT_DT_PINGPONG;
	e->cause = -1;
	e->line = y->line;
	memcpy(e->cell, y->to, sizeof(e->cell));
	snprintf(e->detail, sizeof(e->detail), "%.18s -> %.18s -> %.18s", x->from, x->to, y->to);
}

void
ct_dt_acc_add(struct ct_dt_acc *a, const struct ct_dt_sample *s, int logs_handovers)
{
	const struct ct_profile *p = a->p;
	size_t i = a->index++;

	if (!isnan(s->level) && s->rat > CT_RAT_UNKNOWN && s->rat < CT_RAT__COUNT) {
		struct ct_dt_ratstats *rs = &a->st.rat[s->rat];
		struct vset *v = a->v[s->rat];

		vset_add(&v[V_LEVEL], s->level, 1);
		if (!isnan(rs->below.threshold)) {
			rs->below.n++;
			rs->below.below += s->level < rs->below.threshold;
		}
		if (!isnan(s->quality)) {
			vset_add(&v[V_QUAL], s->quality, 1);
			if (!isnan(rs->poor_quality.threshold)) {
				rs->poor_quality.n++;
				rs->poor_quality.below += s->quality < rs->poor_quality.threshold;
			}
		}
		if (!isnan(s->sinr)) {
			vset_add(&v[V_SINR], s->sinr, 1);
			if (!isnan(rs->poor_sinr.threshold)) {
				rs->poor_sinr.n++;
				rs->poor_sinr.below += s->sinr < rs->poor_sinr.threshold;
			}
		}
		if (!isnan(s->dl_kbps))
			vset_add(&v[V_DL], s->dl_kbps, 1);
		if (!isnan(s->ul_kbps))
			vset_add(&v[V_UL], s->ul_kbps, 1);
	}
	if (!isnan(s->level)) {
		if (weak(p, s))
			seg_add(&a->wb, s, i, CT_DT_WEAK_COVERAGE);
		else
			seg_close(&a->wb, p, &a->st, &a->segcap);
		if (interfered(p, s))
			seg_add(&a->ib, s, i, CT_DT_INTERFERENCE);
		else
			seg_close(&a->ib, p, &a->st, &a->segcap);
	}
	if (logs_handovers || !*s->cell || !strcmp(s->cell, a->cur))
		return;
	if (*a->cur) {
		struct ct_dt_change ch;

		memset(&ch, 0, sizeof(ch));
		ch.t = s->t;
		ch.lat = s->lat;
		ch.lon = s->lon;
		ch.line = s->line;
		memcpy(ch.from, a->cur, sizeof(ch.from));
		memcpy(ch.to, s->cell, sizeof(ch.to));
		if (a->has_last)
			pingpong(a, &a->last, &ch);
		a->last = ch;
		a->has_last = 1;
	}
	memcpy(a->cur, s->cell, sizeof(a->cur));
}

void
ct_dt_acc_finish(struct ct_dt_acc *a, const struct ct_dt_log *log, struct ct_dt_stats *st)
{
	const struct ct_profile *p = a->p;

	seg_close(&a->wb, p, &a->st, &a->segcap);
	seg_close(&a->ib, p, &a->st, &a->segcap);
	/* Handovers the log records (NMF HOA/HOS) give the ping-pongs instead. */
	if (log->logs_handovers)
		for (size_t i = 1; i < log->nhc; i++)
			pingpong(a, &log->hc[i - 1], &log->hc[i]);
	*st = a->st;
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		struct ct_dt_ratstats *rs = &st->rat[r];

		vset_dist(&a->v[r][V_LEVEL], &rs->level);
		vset_dist(&a->v[r][V_QUAL], &rs->quality);
		vset_dist(&a->v[r][V_SINR], &rs->sinr);
		vset_dist(&a->v[r][V_DL], &rs->dl);
		vset_dist(&a->v[r][V_UL], &rs->ul);
		rs->samples = rs->level.n;
		st->samples += rs->samples;
		share_done(&rs->below);
		share_done(&rs->poor_quality);
		share_done(&rs->poor_sinr);
	}
	/* The log's own events, then the ping-pongs, in time order. */
	st->ev = ct_xcalloc(log->nev + a->st.nev + 1, sizeof(*st->ev));
	if (log->nev)
		memcpy(st->ev, log->ev, log->nev * sizeof(*log->ev));
	if (a->st.nev)
		memcpy(st->ev + log->nev, a->st.ev, a->st.nev * sizeof(*a->st.ev));
	st->nev = log->nev + a->st.nev;
	free(a->st.ev);
	memset(st->count, 0, sizeof(st->count));
	for (size_t i = 0; i < st->nseg; i++)
		st->count[st->seg[i].kind]++;
	if (st->nseg)
		qsort(st->seg, st->nseg, sizeof(*st->seg), seg_cmp);
	if (st->nev)
		qsort(st->ev, st->nev, sizeof(*st->ev), ev_cmp);
	for (size_t i = 0; i < st->nev; i++)
		st->count[st->ev[i].kind]++;
	free(a);
}

void
ct_dt_acc_free(struct ct_dt_acc *a)
{
	if (!a)
		return;
	for (int r = 0; r < CT_RAT__COUNT; r++)
		for (int k = 0; k < V__N; k++)
			free(a->v[r][k].t);
	free(a->st.seg);
	free(a->st.ev);
	free(a);
}

int
ct_dt_analyse(const struct ct_dt_log *log, const struct ct_profile *p, struct ct_dt_stats *st,
	      struct ct_err *err)
{
	struct ct_dt_acc *a = ct_dt_acc_new(p);

	for (size_t i = 0; i < log->n; i++)
		ct_dt_acc_add(a, &log->s[i], log->logs_handovers);
	ct_dt_acc_finish(a, log, st);
	(void)err;
	return 0;
}

void
ct_dt_stats_free(struct ct_dt_stats *st)
{
	free(st->seg);
	free(st->ev);
	memset(st, 0, sizeof(*st));
}
