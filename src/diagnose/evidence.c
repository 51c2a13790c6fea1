/*
 * evidence.c — joins evidence files to a complaint (evidence.h).
 */
#include <stdio.h>
#include <string.h>

#include <math.h>
#include <stdlib.h>

#include "celltriage/drivetest.h"
#include "celltriage/evidence.h"
#include "celltriage/profile.h"

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
	int sub = -1;
	size_t added = 0;

	for (size_t i = 0; i < cap->nsubs && sub < 0; i++) {
		const struct ct_cap_sub *s = &cap->subs[i];

		if ((c->imsi && s->imsi[0] && strcmp(c->imsi, s->imsi) == 0) ||
		    (c->msisdn && s->msisdn[0] && same_number(c->msisdn, s->msisdn)))
			sub = (int)i;
	}
	c->has_sig = 1;
	if (sub < 0 && cap->nsubs > 1 && !cap->phone_side)
		return 0;
	for (size_t i = 0; i < cap->ncauses; i++) {
		const struct ct_cap_cause *k = &cap->causes[i];
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

size_t
ct_evidence_add_drivetest(struct ct_complaint *c, const struct ct_dt_log *log,
			  const struct ct_dt_stats *st, const struct ct_profile *p)
{
	size_t per[CT_RAT__COUNT] = { 0 }, n = 0, nlev = 0, nsinr = 0, nq = 0, nta = 0, first = 0, last = 0;
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
	if (!n)
		return 0;
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
	if (rat == CT_RAT_UNKNOWN || !per[rat])
		return set;
	lev = ct_xcalloc(n, sizeof(double));
	sinr = ct_xcalloc(n, sizeof(double));
	q = ct_xcalloc(n, sizeof(double));
	ta = ct_xcalloc(n, sizeof(double));
	for (size_t i = 0; i < log->n; i++) {
		const struct ct_dt_sample *s = &log->s[i];

		if (s->rat != rat || isnan(s->level) || !near(c, p, s->lat, s->lon, s->cell, s->cell_id))
			continue;
		lev[nlev++] = s->level;
		if (!isnan(s->sinr))
			sinr[nsinr++] = s->sinr;
		if (!isnan(s->quality))
			q[nq++] = s->quality;
		if (!isnan(s->ta))
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

enum ct_evkind
ct_evidence_sniff(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return CT_EV_UNKNOWN;
	n = fread(m, 1, sizeof(m), f);
	fclose(f);
	for (size_t i = 0; i < n; i++) {
		if (m[i] == '{' || m[i] == '[')
			return CT_EV_JSON;
		if (m[i] != ' ' && m[i] != '\t' && m[i] != '\r' && m[i] != '\n')
			break;
	}
	if (n < 4)
		return CT_EV_UNKNOWN;
	/* pcap magic in either byte order, micro- (a1b2c3d4) or nanosecond
	 * (a1b23c4d) timestamps, and the pcapng Section Header Block type. */
	if ((m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0xc3 && m[3] == 0xd4) ||
	    (m[0] == 0xd4 && m[1] == 0xc3 && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0x3c && m[3] == 0x4d) ||
	    (m[0] == 0x4d && m[1] == 0x3c && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a))
		return CT_EV_CAPTURE;
	return CT_EV_UNKNOWN;
}
