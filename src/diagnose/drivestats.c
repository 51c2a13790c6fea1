/*
 * drivestats.c — drive-test statistics and problem detection.
 *
 * Statistics per RAT over the samples with a usable level on it (a 5G NSA
 * sample counts on LTE, its anchor, and on NR, its NR leg: ct_dt_legs):
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
 *   (both on the serving leg, and separately on the NR leg of EN-DC
 *   samples, where a sample with a level but no NR leg ends the stretch)
 *   pingpong_handover the serving cell goes A -> B -> A with the return
 *                     within drivetest.pingpong_window_s of the first change
 *   the others        as the log records them (NMF HOF, CAF, CAD, DAF, DAD)
 *
 * Segments and events go into a spill (spill.h) as they are found: for
 * ct_dt_read_stats one of bounded memory that sorts through temporary files
 * on a long problem-rich drive, for ct_dt_analyse one that keeps them all
 * and hands them over as arrays. Either way they come out in the same
 * order: segments by start time, then first sample; events by time, then
 * line, then the log's own before ping-pongs, and ties beyond that in the
 * order they were found (the spill's sort is stable).
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
#include "celltriage/spill.h"

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
weak(const struct ct_profile *p, const struct ct_dt_leg *l)
{
	double thr = cov_thr(p, l->rat);

	return !isnan(thr) && l->level < thr;
}

/* Good level, poor quality: 1; not: 0. */
static int
interfered(const struct ct_profile *p, const struct ct_dt_leg *l)
{
	double thr = cov_thr(p, l->rat);
	const struct ct_rat_thresholds *t;

	if (isnan(thr) || l->level < thr)
		return 0;
	t = &p->rat[l->rat];
	if (!isnan(l->sinr) && t->has_sinr)
		return l->sinr < t->sinr_min_db;
	if (!isnan(l->quality) && p->dt.has_quality[l->rat])
		return l->quality < p->dt.quality_min_db[l->rat];
	return 0;
}

struct segbuild {
	struct ct_dt_segment cur;
	int open;
	double plat, plon; /* last positioned sample of the stretch */
};

static void add_point(struct ct_dt_acc *a, const struct ct_dt_segment *g, const struct ct_dt_sample *s);

static void
seg_add(struct ct_dt_acc *a, struct segbuild *b, const struct ct_dt_sample *s,
	const struct ct_dt_leg *l, size_t i, enum ct_dt_kind kind)
{
	struct ct_dt_segment *g = &b->cur;
	double w = kind == CT_DT_WEAK_COVERAGE ? l->level : (!isnan(l->sinr) ? l->sinr : l->quality);

	if (!b->open) {
		memset(g, 0, sizeof(*g));
		g->kind = kind;
		g->rat = l->rat;
		g->t0 = s->t;
		g->first = i;
		g->lat0 = g->lon0 = g->lat1 = g->lon1 = NAN;
		g->length_m = NAN;
		g->worst = w;
		/* The NR leg's cell is not the anchor's, and the logs do not
		 * name it. */
		if (l->rat == s->rat)
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
		add_point(a, g, s);
	}
}

/* Start time, first sample, then kind and RAT: a serving-leg and an
 * NR-leg segment may start on the same sample, and (t0, first, kind, rat)
 * names one segment (a weak and an interference stretch on one leg never
 * share a sample; an SA sample has no NR leg). */
static int
seg_key_cmp(double t0, size_t first, int kind, int rat, double t1, size_t first1, int kind1,
	    int rat1)
{
	if (t0 != t1)
		return t0 < t1 ? -1 : 1;
	if (first != first1)
		return first < first1 ? -1 : 1;
	if (kind != kind1)
		return kind < kind1 ? -1 : 1;
	return rat < rat1 ? -1 : rat > rat1;
}

static int
seg_cmp(const void *a, const void *b)
{
	const struct ct_dt_segment *x = a, *y = b;

	return seg_key_cmp(x->t0, x->first, (int)x->kind, (int)x->rat, y->t0, y->first, (int)y->kind,
			   (int)y->rat);
}

static int
point_cmp(const void *a, const void *b)
{
	const struct ct_dt_point *x = a, *y = b;

	return seg_key_cmp(x->t0, x->first, x->kind, x->rat, y->t0, y->first, y->kind, y->rat);
}

int
ct_dt_point_cmp(const struct ct_dt_point *pt, const struct ct_dt_segment *g)
{
	return seg_key_cmp(pt->t0, pt->first, pt->kind, pt->rat, g->t0, g->first, (int)g->kind,
			   (int)g->rat);
}

/* Time, line, then the log's own events before the ping-pongs found in
 * them: the order of the log's events followed by the ping-pongs, sorted
 * stably, whichever came first into the spill. */
static int
ev_cmp(const void *a, const void *b)
{
	const struct ct_dt_event *x = a, *y = b;
	int px = x->kind == CT_DT_PINGPONG, py = y->kind == CT_DT_PINGPONG;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return px - py;
}

/*
 * The values a percentile needs, and no more: each distinct value once
 * with its count (open addressing on the value's bits). The percentiles
 * from it are GSL's exactly (the same sorted multiset, the same
 * interpolation at (n-1)f), and its size is the number of distinct values,
 * not of samples: levels logged in 1 dB or 0.1 dB steps take at most a few
 * thousand entries however long the drive. (A column of free-running real
 * values, such as a throughput computed from byte counters, still grows
 * with the log.) The plot's CDF is drawn from the same counts.
 */
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

static void
counts_grow(struct ct_dt_counts *s)
{
	struct ct_dt_count *old = s->t;
	size_t oldcap = s->cap;

	s->cap = oldcap ? oldcap * 2 : 64;
	s->t = ct_xcalloc(s->cap, sizeof(*s->t));
	s->used = 0;
	s->n = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].n)
			ct_dt_counts_add(s, old[i].v, old[i].n);
	free(old);
}

void
ct_dt_counts_add(struct ct_dt_counts *s, double v, size_t n)
{
	size_t i;

	if ((s->used + 1) * 4 > s->cap * 3)
		counts_grow(s);
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
count_cmp(const void *a, const void *b)
{
	const struct ct_dt_count *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

size_t
ct_dt_counts_sort(struct ct_dt_counts *s)
{
	size_t nd = 0;

	for (size_t i = 0; i < s->cap; i++)
		if (s->t[i].n)
			s->t[nd++] = s->t[i];
	if (nd)
		qsort(s->t, nd, sizeof(*s->t), count_cmp);
	s->cap = 0; /* no longer a hash table: only free it */
	return nd;
}

void
ct_dt_counts_free(struct ct_dt_counts *s)
{
	free(s->t);
	memset(s, 0, sizeof(*s));
}

/* The value of rank r (0-based) of the sorted multiset. */
static double
counts_rank(const struct ct_dt_count *c, size_t nd, size_t r)
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
counts_quantile(const struct ct_dt_count *c, size_t nd, size_t n, double f)
{
	const double index = f * (double)(n - 1);
	const size_t lhs = (size_t)(int)index;
	const double delta = index - (double)lhs;

	if (lhs == n - 1)
		return counts_rank(c, nd, lhs);
	return (1 - delta) * counts_rank(c, nd, lhs) + delta * counts_rank(c, nd, lhs + 1);
}

/* The percentiles of the set; frees it. */
static void
counts_dist(struct ct_dt_counts *s, struct ct_dt_dist *d)
{
	size_t nd, n = s->n;

	d->n = n;
	if (n == 0) {
		d->p10 = d->median = d->p90 = NAN;
	} else {
		nd = ct_dt_counts_sort(s);
		d->p10 = counts_quantile(s->t, nd, n, 0.10);
		d->median = counts_quantile(s->t, nd, n, 0.50);
		d->p90 = counts_quantile(s->t, nd, n, 0.90);
	}
	ct_dt_counts_free(s);
}

enum { V_LEVEL, V_QUAL, V_SINR, V_DL, V_UL, V__N };

struct ct_dt_acc {
	const struct ct_profile *p;
	size_t index;                      /* samples fed so far */
	struct ct_dt_counts v[CT_RAT__COUNT][V__N];
	struct ct_dt_stats st;             /* shares and counts so far */
	struct ct_spill *segs, *evs;       /* segments and events found */
	struct ct_spill *pts;              /* the positions along the segments */
	struct ct_spill *sites;            /* the samples' distances to their site */
	int rc;                            /* the first spill error, in err */
	struct ct_err err;
	struct segbuild wb, ib;            /* on the serving leg */
	struct segbuild nwb, nib;          /* on the NR leg of EN-DC samples */
	char cur[32];                      /* serving cell (changes: no handover records) */
	struct ct_dt_change last;          /* the last change of serving cell */
	int has_last;
};

/* A positioned sample of a stretch: a point of its line on the maps. The
 * points of a stretch too short to keep stay in the spill; the maps skip
 * them (no segment has their key). */
static void
add_point(struct ct_dt_acc *a, const struct ct_dt_segment *g, const struct ct_dt_sample *s)
{
	struct ct_dt_point pt;

	memset(&pt, 0, sizeof(pt));
	pt.t0 = g->t0;
	pt.first = g->first;
	pt.kind = (int)g->kind;
	pt.rat = (int)g->rat;
	pt.lon = s->lon;
	pt.lat = s->lat;
	if (!a->rc)
		a->rc = ct_spill_add(a->pts, &pt, &a->err);
}

/* Site distances stay in log order: every one compares equal and the
 * spill's sort is stable. */
static int
site_cmp(const void *a, const void *b)
{
	(void)a;
	(void)b;
	return 0;
}

static void
keep_segment(struct ct_dt_acc *a, const struct ct_dt_segment *g)
{
	a->st.count[g->kind]++;
	if (!a->rc)
		a->rc = ct_spill_add(a->segs, g, &a->err);
}

static void
keep_event(struct ct_dt_acc *a, const struct ct_dt_event *e)
{
	a->st.count[e->kind]++;
	if (!a->rc)
		a->rc = ct_spill_add(a->evs, e, &a->err);
}

static void
seg_close(struct ct_dt_acc *a, struct segbuild *b)
{
	const struct ct_profile *p = a->p;
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
	if (keep)
		keep_segment(a, g);
}

struct ct_dt_acc *
ct_dt_acc_new(const struct ct_profile *p, const char *name, int spill)
{
	struct ct_dt_acc *a = ct_xcalloc(1, sizeof(*a));
	struct ct_buf b = CT_BUF_INIT;
	size_t run = spill ? 0 : CT_SPILL_NEVER;

	a->p = p;
	ct_buf_printf(&b, "%s: segments", name ? name : "log");
	a->segs = ct_spill_new(ct_buf_str(&b), sizeof(struct ct_dt_segment), seg_cmp, run);
	ct_buf_reset(&b);
	ct_buf_printf(&b, "%s: events", name ? name : "log");
	a->evs = ct_spill_new(ct_buf_str(&b), sizeof(struct ct_dt_event), ev_cmp, run);
	ct_buf_reset(&b);
	ct_buf_printf(&b, "%s: segment positions", name ? name : "log");
	a->pts = ct_spill_new(ct_buf_str(&b), sizeof(struct ct_dt_point), point_cmp, run);
	ct_buf_reset(&b);
	ct_buf_printf(&b, "%s: site distances", name ? name : "log");
	a->sites = ct_spill_new(ct_buf_str(&b), sizeof(struct ct_dt_site), site_cmp, run);
	ct_buf_free(&b);
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
	struct ct_dt_event e;

	if (strcmp(y->to, x->from) || y->t - x->t > a->p->dt.pingpong_window_s)
		return;
	memset(&e, 0, sizeof(e));
	e.t = y->t;
	e.lat = y->lat;
	e.lon = y->lon;
	e.kind = CT_DT_PINGPONG;
	e.cause = -1;
	e.line = y->line;
	memcpy(e.cell, y->to, sizeof(e.cell));
	snprintf(e.detail, sizeof(e.detail), "%.18s -> %.18s -> %.18s", x->from, x->to, y->to);
	keep_event(a, &e);
}

/* A change of serving cell: a ping-pong when it returns to where the last
 * one left from. Only the last change is kept (the window slides). */
static void
change(struct ct_dt_acc *a, const struct ct_dt_change *ch)
{
	if (a->has_last)
		pingpong(a, &a->last, ch);
	a->last = *ch;
	a->has_last = 1;
}

void
ct_dt_acc_add(struct ct_dt_acc *a, const struct ct_dt_sample *s, int logs_handovers)
{
	const struct ct_profile *p = a->p;
	size_t i = a->index++;

	struct ct_dt_leg leg[2], nr;
	size_t nleg = ct_dt_legs(s, leg);

	if (!isnan(s->level) && s->rat > CT_RAT_UNKNOWN && s->rat < CT_RAT__COUNT)
		a->st.samples++;
	if (!isnan(s->site_m)) {
		struct ct_dt_site d;

		memset(&d, 0, sizeof(d));
		d.t = s->t;
		memcpy(d.cell, s->cell, sizeof(d.cell));
		d.rat = s->rat;
		d.distance_m = s->site_m;
		d.ta = s->ta;
		if (!a->rc)
			a->rc = ct_spill_add(a->sites, &d, &a->err);
	}

	/* Each leg counts on its own RAT: an EN-DC sample is an LTE sample
	 * and an NR one. Throughput is the connection's, counted once, on
	 * the serving RAT. */
	for (size_t k = 0; k < nleg; k++) {
		const struct ct_dt_leg *l = &leg[k];
		struct ct_dt_ratstats *rs = &a->st.rat[l->rat];
		struct ct_dt_counts *v = a->v[l->rat];

		ct_dt_counts_add(&v[V_LEVEL], l->level, 1);
		if (!isnan(rs->below.threshold)) {
			rs->below.n++;
			rs->below.below += l->level < rs->below.threshold;
		}
		if (!isnan(l->quality)) {
			ct_dt_counts_add(&v[V_QUAL], l->quality, 1);
			if (!isnan(rs->poor_quality.threshold)) {
				rs->poor_quality.n++;
				rs->poor_quality.below += l->quality < rs->poor_quality.threshold;
			}
		}
		if (!isnan(l->sinr)) {
			ct_dt_counts_add(&v[V_SINR], l->sinr, 1);
			if (!isnan(rs->poor_sinr.threshold)) {
				rs->poor_sinr.n++;
				rs->poor_sinr.below += l->sinr < rs->poor_sinr.threshold;
			}
		}
		if (l->rat != s->rat)
			continue;
		if (!isnan(s->dl_kbps))
			ct_dt_counts_add(&v[V_DL], s->dl_kbps, 1);
		if (!isnan(s->ul_kbps))
			ct_dt_counts_add(&v[V_UL], s->ul_kbps, 1);
	}
	if (!isnan(s->level)) {
		/* The serving leg, whatever its RAT (a sample of an unknown RAT
		 * has no threshold: it ends a stretch). */
		struct ct_dt_leg sv = { s->rat, s->level, s->quality, s->sinr };

		if (weak(p, &sv))
			seg_add(a, &a->wb, s, &sv, i, CT_DT_WEAK_COVERAGE);
		else
			seg_close(a, &a->wb);
		if (interfered(p, &sv))
			seg_add(a, &a->ib, s, &sv, i, CT_DT_INTERFERENCE);
		else
			seg_close(a, &a->ib);
	}
	if (s->rat != CT_RAT_NR && ct_dt_leg(s, CT_RAT_NR, &nr)) {
		/* The NR leg of an EN-DC sample: segments of its own. */
		if (weak(p, &nr))
			seg_add(a, &a->nwb, s, &nr, i, CT_DT_WEAK_COVERAGE);
		else
			seg_close(a, &a->nwb);
		if (interfered(p, &nr))
			seg_add(a, &a->nib, s, &nr, i, CT_DT_INTERFERENCE);
		else
			seg_close(a, &a->nib);
	} else if (!isnan(s->level)) {
		/* Off NR (a level, but no NR leg): an NR stretch ends. */
		seg_close(a, &a->nwb);
		seg_close(a, &a->nib);
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
		change(a, &ch);
	}
	memcpy(a->cur, s->cell, sizeof(a->cur));
}

void
ct_dt_acc_log(struct ct_dt_acc *a, const struct ct_dt_log *log)
{
	for (size_t i = 0; i < log->nev; i++)
		keep_event(a, &log->ev[i]);
	/* Handovers the log records (NMF HOA/HOS) give the ping-pongs instead
	 * of the samples' cell changes. */
	if (log->logs_handovers)
		for (size_t i = 0; i < log->nhc; i++)
			change(a, &log->hc[i]);
}

/* Segments or events into st: an array when the spill kept them all in
 * memory (its run never filled), else the spill itself. */
static void *
hand_over(struct ct_spill **sp, struct ct_spill **keep)
{
	void *arr = NULL;
	size_t n;

	if (ct_spill_on_disk(*sp)) {
		*keep = *sp;
	} else {
		arr = ct_spill_detach(*sp, &n);
		ct_spill_free(*sp);
	}
	*sp = NULL;
	return arr;
}

int
ct_dt_acc_finish(struct ct_dt_acc *a, const struct ct_dt_log *log, struct ct_dt_stats *st,
		 struct ct_err *err)
{
	int rc;

	seg_close(a, &a->wb);
	seg_close(a, &a->ib);
	seg_close(a, &a->nwb);
	seg_close(a, &a->nib);
	ct_dt_acc_log(a, log);
	*st = a->st;
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		struct ct_dt_ratstats *rs = &st->rat[r];

		counts_dist(&a->v[r][V_LEVEL], &rs->level);
		counts_dist(&a->v[r][V_QUAL], &rs->quality);
		counts_dist(&a->v[r][V_SINR], &rs->sinr);
		counts_dist(&a->v[r][V_DL], &rs->dl);
		counts_dist(&a->v[r][V_UL], &rs->ul);
		rs->samples = rs->level.n;
		share_done(&rs->below);
		share_done(&rs->poor_quality);
		share_done(&rs->poor_sinr);
	}
	st->nseg = ct_spill_count(a->segs);
	st->nev = ct_spill_count(a->evs);
	st->segs = st->evs = NULL;
	st->seg = hand_over(&a->segs, &st->segs);
	st->ev = hand_over(&a->evs, &st->evs);
	st->pts = a->pts; /* walked only through the spill (ct_dt_walk_points) */
	a->pts = NULL;
	st->sites = a->sites;
	a->sites = NULL;
	rc = a->rc;
	if (rc) {
		*err = a->err;
		ct_dt_stats_free(st);
	}
	free(a);
	return rc;
}

void
ct_dt_acc_free(struct ct_dt_acc *a)
{
	if (!a)
		return;
	for (int r = 0; r < CT_RAT__COUNT; r++)
		for (int k = 0; k < V__N; k++)
			ct_dt_counts_free(&a->v[r][k]);
	ct_spill_free(a->segs);
	ct_spill_free(a->evs);
	ct_spill_free(a->pts);
	ct_spill_free(a->sites);
	free(a);
}

struct folding {
	struct ct_dt_acc *a;
	const struct ct_dt_cells *cells;
	ct_dt_take_fn *take;
	void *ctx;
};

/* ct_dt_read_stats's consumer: the samples and the log's own events and
 * handovers in log order, as ct_dt_analyse adds them; then the caller's
 * consumer gets the batch. */
static void
fold(void *ctx, const struct ct_dt_log *log, size_t n)
{
	struct folding *f = ctx;

	for (size_t i = 0; i < n; i++) {
		struct ct_dt_sample s = log->s[i];

		if (f->cells)
			s.site_m = ct_dt_cells_site_m(f->cells, &s);
		ct_dt_acc_add(f->a, &s, log->logs_handovers);
	}
	ct_dt_acc_log(f->a, log);
	if (f->take)
		f->take(f->ctx, log, n);
}

int
ct_dt_read_stats_each(const char *path, const struct ct_profile *p, const struct ct_dt_cells *cells,
		      struct ct_dt_log *log, struct ct_dt_stats *st, ct_dt_take_fn *take, void *ctx,
		      struct ct_err *err)
{
	struct folding f = { ct_dt_acc_new(p, path, 1), cells, take, ctx };
	int rc;

	memset(st, 0, sizeof(*st));
	rc = ct_dt_read_each(path, p, log, fold, &f, err);
	if (rc == 0)
		rc = ct_dt_acc_finish(f.a, log, st, err);
	else
		ct_dt_acc_free(f.a);
	return rc;
}

int
ct_dt_read_stats(const char *path, const struct ct_profile *p, struct ct_dt_log *log,
		 struct ct_dt_stats *st, struct ct_err *err)
{
	return ct_dt_read_stats_each(path, p, NULL, log, st, NULL, NULL, err);
}

int
ct_dt_analyse(const struct ct_dt_log *log, const struct ct_profile *p, struct ct_dt_stats *st,
	      struct ct_err *err)
{
	struct ct_dt_acc *a = ct_dt_acc_new(p, log->file, 0);

	for (size_t i = 0; i < log->n; i++)
		ct_dt_acc_add(a, &log->s[i], log->logs_handovers);
	return ct_dt_acc_finish(a, log, st, err);
}

void
ct_dt_stats_free(struct ct_dt_stats *st)
{
	free(st->seg);
	free(st->ev);
	ct_spill_free(st->segs);
	ct_spill_free(st->evs);
	ct_spill_free(st->pts);
	ct_spill_free(st->sites);
	memset(st, 0, sizeof(*st));
}

/* ---- walking the segments and events ---- */

/* The next record of a list kept in a spill (sp) or, when sp is NULL, in
 * the array base[0..n) of records of size bytes, *i the walk's place. */
static int
walk_next(struct ct_spill *sp, const void *base, size_t n, size_t size, size_t *i,
	  const void **rec, struct ct_err *err)
{
	*rec = NULL;
	if (!sp) {
		if (*i >= n)
			return 0;
		*rec = (const char *)base + (*i)++ * size;
		return 1;
	}
	return ct_spill_next(sp, rec, err);
}

int
ct_dt_walk_segments(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err)
{
	w->st = st;
	w->i = 0;
	return st->segs ? ct_spill_rewind(st->segs, err) : 0;
}

int
ct_dt_next_segment(struct ct_dt_walk *w, const struct ct_dt_segment **g, struct ct_err *err)
{
	const void *rec;
	int rc = walk_next(w->st->segs, w->st->seg, w->st->nseg, sizeof(*w->st->seg), &w->i,
			   &rec, err);

	*g = rc > 0 ? rec : NULL;
	return rc;
}

int
ct_dt_walk_events(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err)
{
	w->st = st;
	w->i = 0;
	return st->evs ? ct_spill_rewind(st->evs, err) : 0;
}

int
ct_dt_next_event(struct ct_dt_walk *w, const struct ct_dt_event **e, struct ct_err *err)
{
	const void *rec;
	int rc = walk_next(w->st->evs, w->st->ev, w->st->nev, sizeof(*w->st->ev), &w->i, &rec,
			   err);

	*e = rc > 0 ? rec : NULL;
	return rc;
}

int
ct_dt_walk_points(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err)
{
	w->st = st;
	w->i = 0;
	w->has = 0;
	w->done = !st->pts;
	return st->pts ? ct_spill_rewind(st->pts, err) : 0;
}

int
ct_dt_next_point(struct ct_dt_walk *w, const struct ct_dt_segment *g, const struct ct_dt_point **pt,
		 struct ct_err *err)
{
	*pt = NULL;
	for (;;) {
		int c;

		if (!w->has) {
			const void *rec;
			int rc;

			if (w->done)
				return 0;
			if ((rc = ct_spill_next(w->st->pts, &rec, err)) <= 0) {
				w->done = 1;
				return rc;
			}
			memcpy(&w->pt, rec, sizeof(w->pt));
			w->has = 1;
		}
		if ((c = ct_dt_point_cmp(&w->pt, g)) > 0)
			return 0; /* a later segment's: kept for it */
		w->has = 0;
		if (c == 0) {
			*pt = &w->pt;
			return 1;
		}
		/* c < 0: a stretch too short to keep, passed over */
	}
}

int
ct_dt_walk_sites(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err)
{
	w->st = st;
	w->i = 0;
	return st->sites ? ct_spill_rewind(st->sites, err) : 0;
}

int
ct_dt_next_site(struct ct_dt_walk *w, const struct ct_dt_site **s, struct ct_err *err)
{
	const void *rec;
	int rc;

	*s = NULL;
	if (!w->st->sites)
		return 0;
	if ((rc = ct_spill_next(w->st->sites, &rec, err)) > 0)
		*s = rec;
	return rc;
}
