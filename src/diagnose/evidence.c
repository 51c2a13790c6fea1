/*
 * evidence.c — joins evidence files to a complaint (evidence.h); which
 * file is what, and reading them, is load.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "celltriage/drivetest.h"
#include "celltriage/evidence.h"
#include "celltriage/profile.h"

/* Records that file adds nothing to c, and why (printf format). */
static void
unused(struct ct_complaint *c, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
unused(struct ct_complaint *c, const char *file, const char *fmt, ...)
{
	struct ct_buf b = CT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ct_complaint_unused(c, file, ct_buf_str(&b));
	ct_buf_free(&b);
}

/* A distance for a person: "850 m", "2.4 km". */
static void
fmt_distance(char *dst, size_t n, double m)
{
	if (m < 1000)
		snprintf(dst, n, "%.0f m", m);
	else
		snprintf(dst, n, "%.1f km", m / 1000);
}

static int
same_number(const char *a, const char *b)
{
	/* MSISDNs come with and without the country code: compare the last
	 * 11 digits when both are long enough (the national number). */
	size_t la = strlen(a), lb = strlen(b), n = 11;

	if (!la || !lb)
		return 0;
	if (la < n || lb < n)
		return strcmp(a, b) == 0;
	return strcmp(a + la - n, b + lb - n) == 0;
}

size_t
ct_evidence_add_capture(struct ct_complaint *c, const struct ct_capture *cap)
{
	struct ct_cap_cause kc;
	int sub = -1;
	size_t added = 0;

	for (size_t i = 0; i < cap->nsubs && sub < 0; i++) {
		const struct ct_cap_sub *s = &cap->subs[i];

		if ((c->imsi && s->imsi[0] && strcmp(c->imsi, s->imsi) == 0) ||
		    (c->msisdn && s->msisdn[0] && same_number(c->msisdn, s->msisdn)))
			sub = (int)i;
	}
	if (sub < 0 && !cap->phone_side) {
		/* Not found by identity: only a trace that names nobody (no
		 * IMSI, no MSISDN) is taken as the complainant's own. */
		const struct ct_cap_sub *s = cap->nsubs == 1 ? &cap->subs[0] : NULL;

		if (cap->nsubs > 1 || (s && (s->imsi[0] || s->msisdn[0]))) {
			if (cap->nsubs == 1)
				unused(c, cap->file, "no packets for this subscriber: its one "
				       "subscriber is not the complaint's IMSI or MSISDN");
			else
				unused(c, cap->file, "no packets for this subscriber: none of its "
				       "%zu subscribers is the complaint's IMSI or MSISDN", cap->nsubs);
			return 0;
		}
	}
	c->has_sig = 1;
	for (size_t it = 0; ct_capture_next_cause(cap, &it, &kc);) {
		const struct ct_cap_cause *k = &kc;
		struct ct_sigcause *s;
		char src[512];

		if (!k->failure || (sub >= 0 && !cap->phone_side && k->sub != sub))
			continue;
		c->sig = ct_xgrow(c->sig, c->nsig + 1, &c->capsig, sizeof(*c->sig));
		s = &c->sig[c->nsig++];
		s->family = (int)k->family;
		s->group = (int)k->group;
		s->cause = (long)k->value;
		snprintf(src, sizeof(src), "%s frame %llu", cap->file, (unsigned long long)k->frame);
		s->source = ct_xstrdup(src);
		s->message = ct_xstrdup(k->message);
		added++;
	}
	return added;
}

/* The last number of a cell id ("460-00-12345-1" -> 1, "12345" -> 12345). */
static long long
cell_tail(const char *cell)
{
	const char *p = strrchr(cell, '-');
	char *end;
	long long v = strtoll(p ? p + 1 : cell, &end, 10);

	return *end || end == (p ? p + 1 : cell) ? -1 : v;
}

static int
near(const struct ct_complaint *c, const struct ct_profile *p, double lat, double lon,
     const char *cell, long long cell_id)
{
	if (c->lat.has && c->lon.has)
		return !isnan(lat) && !isnan(lon) &&
		       ct_distance_m(c->lat.v, c->lon.v, lat, lon) <= p->dt.evidence_radius_m;
	if (!c->cell)
		return 0;
	return (cell[0] && strcmp(cell, c->cell) == 0) ||
	       (cell_id >= 0 && cell_id == cell_tail(c->cell));
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sets a measurement from the median of the selected samples' values. */
static int
set_median(struct ct_complaint *c, struct ct_num *dst, const char *field, double *v, size_t n,
	   const char *where)
{
	char said[64] = "", buf[512], a[32];
	double m;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), by_value);
	m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	m = round(m * 10) / 10;
	if (dst->has && dst->v != m) {
		ct_fmt_num(a, sizeof(a), dst->v);
		snprintf(said, sizeof(said), "; the complaint said %s", a);
	}
	snprintf(buf, sizeof(buf), "%s: median of %zu samples%s", where, n, said);
	dst->has = 1;
	dst->v = m;
	ct_complaint_note(c, field, buf);
	return 1;
}

/* Why no sample of log is near the complaint. */
static void
drivetest_unused(struct ct_complaint *c, const struct ct_dt_log *log, const struct ct_profile *p)
{
	char r[32], d[32];
	double best = INFINITY;

	if (!(c->lat.has && c->lon.has)) {
		if (c->cell)
			unused(c, log->file, "no sample on cell %s (the complaint gives no location)",
			       c->cell);
		else
			unused(c, log->file, "the complaint gives neither a location nor a cell "
			       "to find samples by");
		return;
	}
	for (size_t i = 0; i < log->n; i++) {
		const struct ct_dt_sample *s = &log->s[i];

		if (!isnan(s->lat) && !isnan(s->lon) && !isnan(s->level))
			best = fmin(best, ct_distance_m(c->lat.v, c->lon.v, s->lat, s->lon));
	}
	fmt_distance(r, sizeof(r), p->dt.evidence_radius_m);
	if (isinf(best)) {
		unused(c, log->file, "no sample within %s of the complaint's location "
		       "(no sample with a position and a level)", r);
		return;
	}
	fmt_distance(d, sizeof(d), best);
	unused(c, log->file, "no sample within %s of the complaint's location "
	       "(the nearest is %s away)", r, d);
}

/* A spot's count beyond a threshold (a later file's replaces an earlier
 * one's, as its medians do). */
static void
set_spot(struct ct_spot *sp, size_t n, size_t beyond, double threshold, const char *where)
{
	free(sp->where);
	sp->has = 1;
	sp->n = n;
	sp->beyond = beyond;
	sp->threshold = threshold;
	sp->where = ct_xstrdup(where);
}

size_t
ct_evidence_add_drivetest(struct ct_complaint *c, const struct ct_dt_log *log,
			  const struct ct_dt_stats *st, const struct ct_profile *p)
{
	size_t per[CT_RAT__COUNT] = { 0 }, n = 0, nlev = 0, nsinr = 0, nq = 0, nta = 0, first = 0, last = 0;
	size_t lev_beyond = 0, sinr_beyond = 0;
	const struct ct_rat_thresholds *thr;
	double *lev, *sinr, *q, *ta;
	char where[320], buf[512];
	enum ct_rat rat = c->rat;
	size_t set = 0, pp = 0;

	for (size_t i = 0; i < log->n; i++) {
		const struct ct_dt_sample *s = &log->s[i];

		if (!near(c, p, s->lat, s->lon, s->cell, s->cell_id) || isnan(s->level))
			continue;
		per[s->rat]++;
		if (!n++)
			first = s->line;
		last = s->line;
	}
	if (!n) {
		drivetest_unused(c, log, p);
		return 0;
	}
	if (rat == CT_RAT_UNKNOWN) {
		/* The RAT the samples show, when nearly all agree. */
		for (int r = 1; r < CT_RAT__COUNT; r++)
			if (per[r] * 10 >= n * 9)
				rat = (enum ct_rat)r;
		if (rat != CT_RAT_UNKNOWN) {
			snprintf(buf, sizeof(buf), "%s: %zu of %zu samples near the complaint on %s",
				 log->file, per[rat], n, ct_rat_name(rat));
			c->rat = rat;
			ct_complaint_note(c, "rat", buf);
			set++;
		}
	}
	if (rat == CT_RAT_NR) {
		/* An NR complaint: the NR legs of 5G NSA samples near it count
		 * too (the RAT the samples show stays their serving one). */
		struct ct_dt_leg l;

		per[rat] = 0;
		for (size_t i = 0; i < log->n; i++)
			per[rat] += ct_dt_leg(&log->s[i], rat, &l) &&
				    near(c, p, log->s[i].lat, log->s[i].lon, log->s[i].cell, log->s[i].cell_id);
	}
	if (rat == CT_RAT_UNKNOWN) {
		unused(c, log->file, "%zu samples near the complaint are on more than one RAT, "
		       "and the complaint names none", n);
		return set;
	}
	if (!per[rat]) {
		unused(c, log->file, "%zu samples near the complaint, none of them on %s", n,
		       ct_rat_name(rat));
		return set;
	}
	thr = &p->rat[rat];
	lev = ct_xcalloc(per[rat], sizeof(double));
	sinr = ct_xcalloc(per[rat], sizeof(double));
	q = ct_xcalloc(per[rat], sizeof(double));
	ta = ct_xcalloc(per[rat], sizeof(double));
	for (size_t i = 0; i < log->n; i++) {
		const struct ct_dt_sample *s = &log->s[i];
		struct ct_dt_leg l;

		/* the sample's values on the complaint's RAT: its serving ones,
		 * or its NR leg's for NR (ct_dt_leg) */
		if (!ct_dt_leg(s, rat, &l) || !near(c, p, s->lat, s->lon, s->cell, s->cell_id))
			continue;
		lev[nlev++] = l.level;
		lev_beyond += thr->present && l.level < thr->coverage_dbm;
		if (!isnan(l.sinr)) {
			sinr[nsinr++] = l.sinr;
			sinr_beyond += thr->has_sinr && l.sinr < thr->sinr_min_db;
		}
		if (!isnan(l.quality))
			q[nq++] = l.quality;
		if (l.rat == s->rat && !isnan(s->ta))
			ta[nta++] = s->ta;
	}
	if (c->lat.has && c->lon.has)
		snprintf(where, sizeof(where), "%s lines %zu-%zu, %s within %.0f m", log->file, first, last,
			 ct_rat_name(rat), p->dt.evidence_radius_m);
	else
		snprintf(where, sizeof(where), "%s lines %zu-%zu, %s on cell %s", log->file, first, last,
			 ct_rat_name(rat), c->cell);
	set += (size_t)set_median(c, &c->meas.signal_dbm, "measurements.signal_dbm", lev, nlev, where);
	set += (size_t)set_median(c, &c->meas.sinr_db, "measurements.sinr_db", sinr, nsinr, where);
	/* The spot's shares beyond the thresholds, counted as the drive-test
	 * report counts them: the tree judges the spot by these. */
	if (thr->present)
		set_spot(&c->spot_level, nlev, lev_beyond, thr->coverage_dbm, where);
	if (thr->has_sinr && nsinr)
		set_spot(&c->spot_sinr, nsinr, sinr_beyond, thr->sinr_min_db, where);
	set += (size_t)set_median(c, &c->meas.rsrq_db, "measurements.rsrq_db", q, nq, where);
	set += (size_t)set_median(c, &c->meas.timing_advance, "measurements.timing_advance", ta, nta, where);
	free(lev);
	free(sinr);
	free(q);
	free(ta);
	/* Ping-pongs there: only a log that knows its cells can tell. */
	if (st && (log->logs_handovers || log->nhc || (log->n && log->s[0].cell[0]))) {
		for (size_t i = 0; i < st->nev; i++)
			pp += st->ev[i].kind == CT_DT_PINGPONG &&
			      near(c, p, st->ev[i].lat, st->ev[i].lon, st->ev[i].cell, cell_tail(st->ev[i].cell));
		snprintf(buf, sizeof(buf), "%s: %zu ping-pong handover%s near the complaint%s", log->file, pp,
			 pp == 1 ? "" : "s", c->meas.pingpong_handovers.has &&
			 c->meas.pingpong_handovers.v != (double)pp ? " (the complaint said otherwise)" : "");
		c->meas.pingpong_handovers.has = 1;
		c->meas.pingpong_handovers.v = (double)pp;
		ct_complaint_note(c, "measurements.pingpong_handovers", buf);
		set++;
	}
	return set;
}

/* The fields evidence files fill that a complaint can also type. */
static const struct {
	const char *field;
	size_t num, tri; /* offset of the struct ct_num or enum ct_tri; 0 = none */
} settled[] = {
#define NUM(f, m) { f, offsetof(struct ct_complaint, m) + 1, 0 }
#define TRI(f, m) { f, 0, offsetof(struct ct_complaint, m) + 1 }
	NUM("measurements.signal_dbm", meas.signal_dbm),
	NUM("measurements.sinr_db", meas.sinr_db),
	NUM("measurements.rsrq_db", meas.rsrq_db),
	NUM("measurements.timing_advance", meas.timing_advance),
	NUM("measurements.pingpong_handovers", meas.pingpong_handovers),
	NUM("measurements.interference_dbm", meas.interference_dbm),
	NUM("omc.packet_resource_load_pct", omc.packet_resource_load_pct),
	NUM("omc.gateway_load_pct", omc.gateway_load_pct),
	TRI("omc.cell_busy", omc.cell_busy),
	TRI("omc.core_board_alarm", omc.core_board_alarm),
#undef NUM
#undef TRI
};

void
ct_evidence_settle(struct ct_complaint *c, const struct ct_complaint *typed,
		   const struct ct_profile *p)
{
	if (!p->typed_value_wins)
		return;
	for (size_t i = 0; i < sizeof(settled) / sizeof(settled[0]); i++) {
		char *cs = (char *)c, buf[600], a[32];
		const char *ts = (const char *)typed;

		for (size_t k = 0; k < c->nnotes; k++) {
			struct ct_evnote *n = &c->notes[k];

			if (strcmp(n->field, settled[i].field) != 0)
				continue;
			if (settled[i].num) {
				struct ct_num *now = (struct ct_num *)(void *)(cs + settled[i].num - 1);
				const struct ct_num *was = (const struct ct_num *)(const void *)(ts + settled[i].num - 1);

				if (!was->has)
					break;
				ct_fmt_num(a, sizeof(a), now->v);
				*now = *was;
				/* the typed value decides: not the file's spot */
				if (!strcmp(settled[i].field, "measurements.signal_dbm"))
					c->spot_level.has = 0;
				else if (!strcmp(settled[i].field, "measurements.sinr_db"))
					c->spot_sinr.has = 0;
			} else {
				enum ct_tri *now = (enum ct_tri *)(void *)(cs + settled[i].tri - 1);
				const enum ct_tri *was = (const enum ct_tri *)(const void *)(ts + settled[i].tri - 1);

				if (*was == CT_UNKNOWN)
					break;
				snprintf(a, sizeof(a), "%s", *now == CT_YES ? "true" : "false");
				*now = *was;
			}
			{
				/* The file's account, without its own "the complaint
				 * said" (the typed value is now the value). */
				char *said = strstr(n->source, "; the complaint said");

				if (said)
					*said = '\0';
			}
			snprintf(buf, sizeof(buf), "complaint, which decides by the profile's typed_value_wins; "
				 "%s gives %s", n->source, a);
			free(n->source);
			n->source = ct_xstrdup(buf);
			break;
		}
	}
}

/* --- OMC exports -------------------------------------------------------- */

/* The note of a field (the last one), NULL when the value is the complaint's. */
static struct ct_evnote *
note_of(const struct ct_complaint *c, const char *field)
{
	for (size_t i = c->nnotes; i-- > 0;)
		if (!strcmp(c->notes[i].field, field))
			return &c->notes[i];
	return NULL;
}

/*
 * Records where a field's value came from. typed is what the complaint had
 * said before a file replaced it (NULL: nothing, or a file had already
 * replaced it: the first file's note keeps what the complaint said).
 */
static void
set_src(struct ct_complaint *c, const char *field, const char *source, const char *typed)
{
	struct ct_evnote *n = note_of(c, field);
	static const char said[] = "; the complaint said ";
	struct ct_buf b = CT_BUF_INIT;
	const char *old;

	ct_buf_puts(&b, source);
	if (typed)
		ct_buf_printf(&b, "%s%s", said, typed);
	else if (n && (old = strstr(n->source, said)) != NULL)
		ct_buf_puts(&b, old);
	if (n) {
		free(n->source);
		n->source = ct_buf_detach(&b);
	} else {
		ct_complaint_note(c, field, ct_buf_str(&b));
	}
	ct_buf_free(&b);
}

static const char *
tri_text(enum ct_tri t)
{
	return t == CT_YES ? "true" : t == CT_NO ? "false" : NULL;
}

/* Whether an object's period holds the complaint's time (or there is no time). */
static int
in_period(const struct ct_complaint *c, const struct ct_omc_object *ob)
{
	if (!c->has_received)
		return 1;
	if (!ob->has_end)
		return 0;
	/* (end - granularity, end]; an unknown granularity: the end itself */
	return c->received_epoch <= ob->end && c->received_epoch > ob->end - ob->granularity_s -
	       (ob->granularity_s > 0 ? 0 : 1);
}

static int
alarm_active(const struct ct_complaint *c, const struct ct_omc_alarm *a)
{
	if (!c->has_received)
		return !a->has_cleared;
	if (a->has_raised && a->raised > c->received_epoch)
		return 0;
	return !a->has_cleared || a->cleared >= c->received_epoch;
}

/* A number field from a file: the file's value decides; a second file only
 * raises it (the worst value counts). */
static int
fill_num(struct ct_complaint *c, struct ct_num *n, const char *field, const struct ct_omc_kpi *k)
{
	const struct ct_evnote *prev = note_of(c, field);
	char typed[32];

	if (!k)
		return 0;
	if (prev && n->has && n->v >= k->v)
		return 0;
	if (!prev && n->has)
		ct_fmt_num(typed, sizeof(typed), n->v);
	set_src(c, field, k->source, !prev && n->has && n->v != k->v ? typed : NULL);
	n->has = 1;
	n->v = k->v;
	return 1;
}

static const struct ct_omc_kpi *
worse(const struct ct_omc_kpi *best, const struct ct_omc_kpi *k)
{
	if (!k->has)
		return best;
	return !best || k->v > best->v ? k : best;
}

/* Why an OMC export added nothing: nmatched of its objects are the cell at
 * the complaint's time, kpis when they gave a value the tree reads. */
static void
omc_unused(struct ct_complaint *c, const struct ct_omc *omc, size_t nmatched, int kpis)
{
	size_t other_time = 0;
	char at[32], b[32], e[32];

	if (!omc->nobjs && !omc->nalarms) {
		unused(c, omc->file, "no counters and no alarms in it");
		return;
	}
	if (nmatched) {
		unused(c, omc->file, kpis ? "its counters for cell %s are no worse than an "
		       "earlier file's" : "none of its counters for cell %s is one the tree reads "
		       "(PRB use, uplink interference, packet or gateway load)", c->cell);
		return;
	}
	for (size_t i = 0; i < omc->nobjs; i++)
		other_time += ct_omc_dn_is_cell(omc->objs[i].dn, c->cell);
	if (!other_time) {
		unused(c, omc->file, omc->nobjs ? "no counters for cell %s" :
		       "no alarm on cell %s or its site", c->cell);
		return;
	}
	ct_fmt_time(at, sizeof(at), c->received_epoch);
	if (omc->has_begin && omc->has_end) {
		ct_fmt_time(b, sizeof(b), omc->begin);
		ct_fmt_time(e, sizeof(e), omc->end);
		unused(c, omc->file, "no counters for cell %s in the period holding the complaint's "
		       "time %s: outside the time window of the file, %s to %s", c->cell, at, b, e);
	} else {
		unused(c, omc->file, "no counters for cell %s in the period holding the complaint's "
		       "time %s", c->cell, at);
	}
}

size_t
ct_evidence_add_omc(struct ct_complaint *c, const struct ct_omc *omc)
{
	const struct ct_omc_kpi *busy_yes = NULL, *busy_no = NULL, *intf = NULL, *pkt = NULL,
		*gw = NULL;
	const char **matched = NULL;
	double busy_limit = 0;
	size_t nmatched = 0, filled = 0;
	struct ct_strlist found = { NULL, 0, 0 };
	struct ct_buf src = CT_BUF_INIT;

	if (!c->cell || !*c->cell) {
		unused(c, omc->file, "the complaint names no cell to find its counters and alarms by");
		return 0;
	}
	matched = ct_xcalloc(omc->nobjs + 1, sizeof(*matched));
	for (size_t i = 0; i < omc->nobjs; i++) {
		const struct ct_omc_object *ob = &omc->objs[i];
		const struct ct_omc_kpis *k = &ob->kpi;

		if (!ct_omc_dn_is_cell(ob->dn, c->cell) || !in_period(c, ob))
			continue;
		matched[nmatched++] = ob->dn;
		/* Remember the cell's full name for alarm files read later. */
		if (!note_of(c, "location.cell_dn") && strchr(ob->dn, ','))
			set_src(c, "location.cell_dn", ob->dn, NULL);
		if (k->busy >= 0)
			busy_limit = k->busy_pct;
		if (k->busy == 1)
			busy_yes = worse(busy_yes, &k->prb_use_pct);
		else if (k->busy == 0)
			busy_no = worse(busy_no, &k->prb_use_pct);
		intf = worse(intf, &k->ul_interference_dbm);
		pkt = worse(pkt, &k->packet_load_pct);
		gw = worse(gw, &k->gateway_load_pct);
	}
	if (busy_yes || busy_no) {
		const struct ct_omc_kpi *k = busy_yes ? busy_yes : busy_no;
		const struct ct_evnote *prev = note_of(c, "omc.cell_busy");
		enum ct_tri t = busy_yes ? CT_YES : CT_NO;
		double lim = busy_limit;
		char v[32], l[32];
		struct ct_buf s = CT_BUF_INIT;

		ct_fmt_num(v, sizeof(v), k->v);
		ct_fmt_num(l, sizeof(l), lim);
		ct_buf_printf(&s, "%s: PRB use %s%% %s the %s%% limit", k->source, v,
			      t == CT_YES ? "above" : "within", l);
		/* A file that shows the cell busy outweighs one that does not. */
		if (!prev || t == CT_YES || c->omc.cell_busy != CT_YES) {
			set_src(c, "omc.cell_busy", ct_buf_str(&s),
				prev || c->omc.cell_busy == t ? NULL : tri_text(c->omc.cell_busy));
			c->omc.cell_busy = t;
			filled++;
		}
		ct_buf_free(&s);
	}
	filled += (size_t)fill_num(c, &c->meas.interference_dbm, "measurements.interference_dbm", intf);
	filled += (size_t)fill_num(c, &c->omc.packet_resource_load_pct, "omc.packet_resource_load_pct", pkt);
	filled += (size_t)fill_num(c, &c->omc.gateway_load_pct, "omc.gateway_load_pct", gw);

	/* Q4.2: an active alarm on a core voice node (the profile names them). */
	for (size_t i = 0; i < omc->nalarms; i++) {
		const struct ct_omc_alarm *a = &omc->alarms[i];
		char buf[512], said[48] = "";

		if (!a->core_board || !alarm_active(c, a))
			continue;
		if (c->omc.core_board_alarm == CT_NO)
			snprintf(said, sizeof(said), "; the complaint said false");
		snprintf(buf, sizeof(buf), "%s: alarm %s on %s (core voice node)%s", omc->file,
			 a->name, a->object, said);
		if (!note_of(c, "omc.core_board_alarm"))
			ct_complaint_note(c, "omc.core_board_alarm", buf);
		c->omc.core_board_alarm = CT_YES;
		filled++;
	}

	/* Alarms on the cell, or on its site / node (an ancestor of its DN). */
	for (size_t i = 0; i < omc->nalarms; i++) {
		const struct ct_omc_alarm *a = &omc->alarms[i];
		int on = ct_omc_dn_is_cell(a->object, c->cell);
		struct ct_buf t = CT_BUF_INIT;

		const struct ct_evnote *dn = note_of(c, "location.cell_dn");

		for (size_t m = 0; !on && m < nmatched; m++)
			on = ct_omc_dn_within(matched[m], a->object);
		if (!on)
			on = ct_omc_dn_within(c->cell, a->object) ||
			     (dn && ct_omc_dn_within(dn->source, a->object));
		if (!on || !alarm_active(c, a))
			continue;
		ct_buf_printf(&t, "%s on %s", a->name, a->object);
		found.v = ct_xrealloc(found.v, (found.n + 1) * sizeof(char *));
		found.v[found.n++] = ct_buf_detach(&t);
		ct_buf_printf(&src, "%s%s", src.len ? ", " : "", a->object);
	}
	if (found.n || (omc->nalarms && !note_of(c, "omc.alarms"))) {
		const struct ct_evnote *prev = note_of(c, "omc.alarms");
		struct ct_buf s = CT_BUF_INIT, typed = CT_BUF_INIT;

		if (found.n)
			ct_buf_printf(&s, "%s: alarm list, object%s %s", omc->file, found.n == 1 ? "" : "s",
				      ct_buf_str(&src));
		else
			ct_buf_printf(&s, "%s: alarm list, no active alarm on %s", omc->file, c->cell);
		if (!prev && c->omc.alarms.has) {
			for (size_t i = 0; i < c->omc.alarms.n; i++)
				ct_buf_printf(&typed, "%s%s", i ? ", " : "", c->omc.alarms.v[i]);
			ct_buf_puts(&typed, "");
		}
		if (!prev) {
			/* the file's list replaces what was typed */
			set_src(c, "omc.alarms", ct_buf_str(&s), c->omc.alarms.has ? ct_buf_str(&typed) : NULL);
			for (size_t i = 0; i < c->omc.alarms.n; i++)
				free(c->omc.alarms.v[i]);
			c->omc.alarms.n = 0;
		} else {
			/* a second alarm file adds its alarms to the first's */
			struct ct_evnote *n = note_of(c, "omc.alarms");
			struct ct_buf both = CT_BUF_INIT;

			ct_buf_printf(&both, "%s; %s", n->source, ct_buf_str(&s));
			free(n->source);
			n->source = ct_buf_detach(&both);
		}
		c->omc.alarms.has = 1;
		for (size_t i = 0; i < found.n; i++) {
			c->omc.alarms.v = ct_xrealloc(c->omc.alarms.v, (c->omc.alarms.n + 1) * sizeof(char *));
			c->omc.alarms.v[c->omc.alarms.n++] = found.v[i];
			found.v[i] = NULL;
		}
		filled++;
		ct_buf_free(&s);
		ct_buf_free(&typed);
	}
	if (!filled)
		omc_unused(c, omc, nmatched, busy_yes || busy_no || intf || pkt || gw);
	for (size_t i = 0; i < found.n; i++)
		free(found.v[i]);
	free(found.v);
	ct_buf_free(&src);
	free(matched);
	return filled;
}
