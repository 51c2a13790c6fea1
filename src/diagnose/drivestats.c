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
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
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

void
ct_dt_binom_ci(size_t k, size_t n, double *lo, double *hi)
{
	if (n == 0) {
		*lo = *hi = NAN;
		return;
	}
	*lo = k == 0 ? 0.0 : gsl_cdf_beta_Pinv(0.025, (double)k, (double)(n - k + 1));
	*hi = k == n ? 1.0 : gsl_cdf_beta_Pinv(0.975, (double)(k + 1), (double)(n - k));
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

static void
rat_stats(const struct ct_dt_log *log, const struct ct_profile *p, enum ct_rat r,
	  struct ct_dt_ratstats *rs, double *tmp[5])
{
	size_t nl = 0, nq = 0, ns = 0, nd = 0, nu = 0;
	double thr = cov_thr(p, r);
	double qmin = p->dt.has_quality[r] ? p->dt.quality_min_db[r] : NAN;
	double smin = p->rat[r].present && p->rat[r].has_sinr ? p->rat[r].sinr_min_db : NAN;

	memset(rs, 0, sizeof(*rs));
	rs->below.threshold = thr;
	rs->poor_quality.threshold = qmin;
	rs->poor_sinr.threshold = smin;
	for (size_t i = 0; i < log->n; i++) {
		const struct ct_dt_sample *s = &log->s[i];

		if (s->rat != r || isnan(s->level))
			continue;
		tmp[0][nl++] = s->level;
		if (!isnan(thr)) {
			rs->below.n++;
			rs->below.below += s->level < thr;
		}
		if (!isnan(s->quality)) {
			tmp[1][nq++] = s->quality;
			if (!isnan(qmin)) {
				rs->poor_quality.n++;
				rs->poor_quality.below += s->quality < qmin;
			}
		}
		if (!isnan(s->sinr)) {
			tmp[2][ns++] = s->sinr;
			if (!isnan(smin)) {
				rs->poor_sinr.n++;
				rs->poor_sinr.below += s->sinr < smin;
			}
		}
		if (!isnan(s->dl_kbps))
			tmp[3][nd++] = s->dl_kbps;
		if (!isnan(s->ul_kbps))
			tmp[4][nu++] = s->ul_kbps;
	}
	rs->samples = nl;
	ct_dt_percentiles(tmp[0], nl, &rs->level);
	ct_dt_percentiles(tmp[1], nq, &rs->quality);
	ct_dt_percentiles(tmp[2], ns, &rs->sinr);
	ct_dt_percentiles(tmp[3], nd, &rs->dl);
	ct_dt_percentiles(tmp[4], nu, &rs->ul);
	share_done(&rs->below);
	share_done(&rs->poor_quality);
	share_done(&rs->poor_sinr);
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
seg_add(struct segbuild *b, const struct ct_dt_log *log, size_t i, enum ct_dt_kind kind)
{
	const struct ct_dt_sample *s = &log->s[i];
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

int
ct_dt_analyse(const struct ct_dt_log *log, const struct ct_profile *p, struct ct_dt_stats *st,
	      struct ct_err *err)
{
	double *tmp[5];
	struct segbuild wb, ib;
	size_t segcap = 0, evcap = 0;
	/* serving-cell changes (when the log does not record handovers) */
	char cur[32] = "";
	struct ct_dt_change *chg = NULL;
	const struct ct_dt_change *chp;
	size_t nchg = 0, chgcap = 0, nch;

	memset(st, 0, sizeof(*st));
	memset(&wb, 0, sizeof(wb));
	memset(&ib, 0, sizeof(ib));
	for (int i = 0; i < 5; i++)
		tmp[i] = ct_xcalloc(log->n + 1, sizeof(double));
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		rat_stats(log, p, (enum ct_rat)r, &st->rat[r], tmp);
		st->samples += st->rat[r].samples;
	}
	for (int i = 0; i < 5; i++)
		free(tmp[i]);

	st->ev = ct_xcalloc(log->nev + 1, sizeof(*st->ev));
	evcap = log->nev + 1;
	if (log->nev)
		memcpy(st->ev, log->ev, log->nev * sizeof(*log->ev));
	st->nev = log->nev;

	for (size_t i = 0; i < log->n; i++) {
		const struct ct_dt_sample *s = &log->s[i];

		if (!isnan(s->level)) {
			if (weak(p, s))
				seg_add(&wb, log, i, CT_DT_WEAK_COVERAGE);
			else
				seg_close(&wb, p, st, &segcap);
			if (interfered(p, s))
				seg_add(&ib, log, i, CT_DT_INTERFERENCE);
			else
				seg_close(&ib, p, st, &segcap);
		}
		if (log->logs_handovers || !*s->cell || !strcmp(s->cell, cur))
			continue;
		if (*cur) {
			struct ct_dt_change ch;

			memset(&ch, 0, sizeof(ch));
			ch.t = s->t;
			ch.lat = s->lat;
			ch.lon = s->lon;
			ch.line = s->line;
			memcpy(ch.from, cur, sizeof(ch.from));
			memcpy(ch.to, s->cell, sizeof(ch.to));
			chg = ct_xgrow(chg, nchg + 1, &chgcap, sizeof(*chg));
			chg[nchg++] = ch;
		}
		memcpy(cur, s->cell, sizeof(cur));
	}
	if (log->logs_handovers) {
		chp = log->hc;
		nch = log->nhc;
	} else {
		chp = chg;
		nch = nchg;
	}
	/* A -> B, then back to A within the window. */
	for (size_t i = 1; i < nch; i++) {
		const struct ct_dt_change *a = &chp[i - 1], *b = &chp[i];
		struct ct_dt_event *e;

		if (strcmp(b->to, a->from) || b->t - a->t > p->dt.pingpong_window_s)
			continue;
		st->ev = ct_xgrow(st->ev, st->nev + 1, &evcap, sizeof(*st->ev));
		e = &st->ev[st->nev++];
		memset(e, 0, sizeof(*e));
		e->t = b->t;
		e->lat = b->lat;
		e->lon = b->lon;
		e->kind = CT_DT_PINGPONG;
		e->cause = -1;
		e->line = b->line;
		memcpy(e->cell, b->to, sizeof(e->cell));
		snprintf(e->detail, sizeof(e->detail), "%.18s -> %.18s -> %.18s", a->from, a->to, b->to);
	}
	free(chg);
	seg_close(&wb, p, st, &segcap);
	seg_close(&ib, p, st, &segcap);
	if (st->nseg)
		qsort(st->seg, st->nseg, sizeof(*st->seg), seg_cmp);
	if (st->nev)
		qsort(st->ev, st->nev, sizeof(*st->ev), ev_cmp);
	for (size_t i = 0; i < st->nev; i++)
		st->count[st->ev[i].kind]++;
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
