/*
 * nmf.c — Nemo Outdoor measurement files (.nmf, text, file-format 2.x),
 * the records a drive-test triage needs. Field layouts as they appear in
 * real Nemo Outdoor 7.7-8.0 logs (format 2.26-2.31); indexes count from 0
 * and include the record name:
 *
 *   NAME,hh:mm:ss.mmm,<n contexts or empty>,ctx...,parameters...
 *    [0]     [1]              [2]           [3]..
 *
 *   #START,time,,"d.m.yyyy"        the date of the first record
 *   GPS,t,,lon,lat,height,...      [3] longitude, [4] latitude (WGS84)
 *   CELLMEAS,t,,sys,nh,<nh header values>,...          [3] system
 *     sys 7 (LTE FDD) / 8 (LTE TDD), from i = 5+nh:
 *       [i] cells, [i+1] values per cell (>= 7), then per cell:
 *       +0 cell type (0 serving, else neighbour), +1 band, +2 EARFCN, +3 PCI,
 *       +4 RSSI, +5 RSRP dBm, +6 RSRQ dB, +7 timing, +8 path loss
 *     sys 5 (UMTS FDD), from i = 5+nh:
 *       [i] channels, [i+1] values per channel, <channels>, then
 *       [j] cells, [j+1] values per cell (>= 7), then per cell:
 *       +0 cell type (0 active set, else neighbour), +1 band, +2 UARFCN,
 *       +3 scrambling code, +4 Ec/No dB, +5 STTD, +6 RSCP dBm
 *       (the serving sample is the active-set cell with the best RSCP)
 *     other systems (20 = WLAN scan ...): counted, not read
 *   TAD,t,,sys,ta                  timing advance (steps) of system sys
 *   HOA,t,1,ho,type,?,sys,n,<n values>,sys2,n2,<n2 values>
 *                                  handover attempt: source then target,
 *                                  each channel,PCI/SC,band
 *   HOS,t,1,ho                     handover success: the serving cell changed
 *                                  from source to target (ping-pong input)
 *   HOF,t,1,ho,...                 handover failure -> handover_failure
 *   CAA,t,1,call,sys,type,dir,...  call attempt
 *   CAC,t,1,call,sys,type,state,.. call connected (state 1..3: setup, alerting, connected)
 *   CAF,t,1,call,sys,type,status,cause   call attempt failed -> call_setup_failure
 *   CAD,t,1,call,sys,type,status,cause   call disconnected: status 1 is a
 *                                  normal end (the real logs pair it with
 *                                  Q.850 cause 16 normal clearing); any other
 *                                  status -> call_drop. No status: the cause
 *                                  is judged by the CC failure rule (16, 30,
 *                                  31 normal; dissect.h), others a drop.
 *   DAA,t,n,data,...               data connection attempt
 *   DAC,t,1,data,...               data connection established
 *   DAF,t,1,data,proto,status,cause   data connection failed: before DAC ->
 *                                  data_setup_failure, after -> data_drop
 *   DAD,t,1,data,proto,status,cause   data disconnected: status 1 normal,
 *                                  otherwise data_drop
 *
 * Times of day roll over at midnight: a time more than 12 h before the
 * previous record's is the next day.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtcsv.h"

#define NMF_SYS_UMTS_FDD 5
#define NMF_SYS_LTE_FDD  7
#define NMF_SYS_LTE_TDD  8
#define NMF_TRACK        64 /* handovers / calls / data sessions tracked at once */

struct track {
	long id;
	int used, connected;
	char from[32], to[32];
};

struct nmf {
	struct ct_dtcsv *c;
	struct ct_dt_log *log;
	struct ct_err *err;
	long long day0;         /* seconds since 1970 of the #START date */
	double last_tod;
	long long day;
	double lat, lon;        /* last GPS fix */
	double ta, ta_t;        /* timing advance not yet given to a sample */
	int ta_sys;
	struct track ho[NMF_TRACK], call[NMF_TRACK], data[NMF_TRACK];
};

int
ct_dt_is_nmf(const char *buf, size_t len)
{
	static const char *const marks[] = { "#PRODUCT,", "#FF,", "#START,", "CELLMEAS,", NULL };
	const char *p = buf, *end = buf + len;

	/* The header lines come first; look at the first 40 lines. */
	for (int line = 0; line < 40 && p < end; line++) {
		const char *np, *nl = ct_eol(p, end, &np);

		for (int i = 0; marks[i]; i++) {
			size_t n = strlen(marks[i]);

			if ((size_t)(end - p) >= n && !memcmp(p, marks[i], n))
				return 1;
		}
		if (nl == end)
			break;
		p = np;
	}
	return 0;
}

static int
field_num(struct nmf *m, size_t i, const char *what, double *v)
{
	if (i >= m->c->nf) {
		*v = NAN;
		return 0;
	}
	return ct_dt_num(m->c, what, m->c->f[i], v, m->err);
}

/* An integer field that must be present: counts and indexes. */
static int
field_count(struct nmf *m, size_t i, const char *what, long max, long *out)
{
	double v;
	int rc;

	if (i >= m->c->nf)
		return ct_fail(m->err, CT_EINPUT, "%s:%zu: %s record ends before its %s",
			       m->c->name, m->c->rec_line, m->c->f[0], what);
	if ((rc = ct_dt_num(m->c, what, m->c->f[i], &v, m->err)))
		return rc;
	if (isnan(v) || v < 0 || v > max || v != floor(v))
		return ct_fail(m->err, CT_EINPUT, "%s:%zu: %s %s \"%.20s\" is not a count 0..%ld",
			       m->c->name, m->c->rec_line, m->c->f[0], what, m->c->f[i], max);
	*out = (long)v;
	return 0;
}

/* "hh:mm:ss.mmm" -> seconds since 1970 (with the #START date and rollover). */
static int
record_time(struct nmf *m, double *t)
{
	const char *s = m->c->nf > 1 ? m->c->f[1] : "";
	int h, mi, used = -1;
	double sec;

	if (sscanf(s, "%2d:%2d:%lf%n", &h, &mi, &sec, &used) != 3 || used != (int)strlen(s) ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || !(sec >= 0 && sec < 61))
		return ct_fail(m->err, CT_EINPUT, "%s:%zu: %s time \"%.20s\" is not hh:mm:ss.mmm",
			       m->c->name, m->c->rec_line, m->c->f[0], s);
	sec += h * 3600.0 + mi * 60.0;
	if (sec < m->last_tod - 43200.0)
		m->day++;
	m->last_tod = sec;
	*t = (double)m->day0 + (double)m->day * 86400.0 + sec;
	return 0;
}

static struct track *
track_find(struct track *t, long id, int create)
{
	struct track *free_slot = NULL;

	for (int i = 0; i < NMF_TRACK; i++) {
		if (t[i].used && t[i].id == id)
			return &t[i];
		if (!t[i].used && !free_slot)
			free_slot = &t[i];
	}
	if (!create)
		return NULL;
	if (!free_slot)
		free_slot = &t[(unsigned long)id % NMF_TRACK]; /* overwrite: a log that never closes */
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->used = 1;
	free_slot->id = id;
	return free_slot;
}

static void
cell_name(char *dst, size_t n, const char *ch, const char *code)
{
	snprintf(dst, n, "%.14s/%.14s", ch, code);
}

static int
read_start(struct nmf *m)
{
	int d, mo, y, used = -1;
	const char *s;

	if (m->c->nf < 4)
		return 0;
	s = m->c->f[3];
	if (sscanf(s, "%2d.%2d.%4d%n", &d, &mo, &y, &used) != 3 || used != (int)strlen(s) ||
	    d < 1 || d > 31 || mo < 1 || mo > 12)
		return ct_fail(m->err, CT_EINPUT, "%s:%zu: #START date \"%.20s\" is not d.m.yyyy",
			       m->c->name, m->c->rec_line, s);
	m->day0 = ct_dt_days(y, mo, d) * 86400LL;
	return 0;
}

static struct ct_dt_event *
add_event(struct nmf *m, enum ct_dt_kind kind, double t, const char *cell)
{
	struct ct_dt_event *e = ct_dt_add_event(m->log);
	const struct ct_dt_log *log = m->log;

	e->t = t;
	e->kind = kind;
	e->line = m->c->rec_line;
	e->lat = m->lat;
	e->lon = m->lon;
	if (cell)
		snprintf(e->cell, sizeof(e->cell), "%s", cell);
	else if (log->n)
		snprintf(e->cell, sizeof(e->cell), "%s", log->s[log->n - 1].cell);
	return e;
}

static int
cellmeas(struct nmf *m, double t)
{
	struct ct_dtcsv *c = m->c;
	long sys = 0, nh = 0, nch = 0, pch = 0, ncell = 0, per = 0;
	size_t i, best = 0;
	double bestv = -INFINITY;
	struct ct_dt_sample *s;
	int rc, found = 0;

	if ((rc = field_count(m, 3, "system", 1000, &sys)))
		return rc;
	if (sys != NMF_SYS_LTE_FDD && sys != NMF_SYS_LTE_TDD && sys != NMF_SYS_UMTS_FDD) {
		m->log->other_system++;
		return 0;
	}
	if ((rc = field_count(m, 4, "header count", CT_DT_MAX_FIELDS, &nh)))
		return rc;
	i = 5 + (size_t)nh;
	if (sys == NMF_SYS_UMTS_FDD) {
		if ((rc = field_count(m, i, "channel count", CT_DT_MAX_FIELDS, &nch)) ||
		    (rc = field_count(m, i + 1, "values per channel", CT_DT_MAX_FIELDS, &pch)))
			return rc;
		i += 2 + (size_t)(nch * pch);
	}
	if ((rc = field_count(m, i, "cell count", CT_DT_MAX_FIELDS, &ncell)) ||
	    (rc = field_count(m, i + 1, "values per cell", CT_DT_MAX_FIELDS, &per)))
		return rc;
	i += 2;
	if (ncell > 0 && per < 7)
		return ct_fail(m->err, CT_EINPUT, "%s:%zu: CELLMEAS with %ld values per cell, at least 7 expected",
			       c->name, c->rec_line, per);
	/* The last cell may omit trailing empty values; its first 7 must be there. */
	if (ncell > 0 && i + (size_t)((ncell - 1) * per) + 7 > c->nf)
		return ct_fail(m->err, CT_EINPUT, "%s:%zu: CELLMEAS announces %ld cells of %ld values, the record has %zu fields",
			       c->name, c->rec_line, ncell, per, c->nf);
	m->log->rows++;
	s = ct_dt_add_sample(m->log);
	s->t = t;
	s->line = c->rec_line;
	s->lat = m->lat;
	s->lon = m->lon;
	s->rat = sys == NMF_SYS_UMTS_FDD ? CT_RAT_UMTS : CT_RAT_LTE;
	/* Serving: LTE's type-0 cell; UMTS's active-set cell with the best RSCP. */
	for (long k = 0; k < ncell; k++) {
		size_t b = i + (size_t)(k * per);
		double type, lvl;

		if ((rc = field_num(m, b, "cell type", &type)) ||
		    (rc = field_num(m, b + (sys == NMF_SYS_UMTS_FDD ? 6 : 5), "level", &lvl)))
			return rc;
		if (type != 0)
			continue;
		if (!found || (!isnan(lvl) && lvl > bestv)) {
			best = b;
			bestv = isnan(lvl) ? -INFINITY : lvl;
			found = 1;
		}
		if (sys != NMF_SYS_UMTS_FDD)
			break;
	}
	for (long k = 0; k < ncell; k++) {
		size_t b = i + (size_t)(k * per);
		double lvl, q;
		char cell[32];

		if (sys == NMF_SYS_UMTS_FDD) {
			if ((rc = field_num(m, b + 6, "RSCP", &lvl)) || (rc = field_num(m, b + 4, "Ec/No", &q)))
				return rc;
		} else if ((rc = field_num(m, b + 5, "RSRP", &lvl)) || (rc = field_num(m, b + 6, "RSRQ", &q))) {
			return rc;
		}
		cell_name(cell, sizeof(cell), c->f[b + 2], c->f[b + 3]);
		if (found && b == best) {
			const int umts = sys == NMF_SYS_UMTS_FDD;

			if ((rc = ct_dt_range(c, s->rat, CT_DT_LEVEL, umts ? "RSCP" : "RSRP", lvl, m->err)) ||
			    (rc = ct_dt_range(c, s->rat, CT_DT_QUALITY, umts ? "Ec/No" : "RSRQ", q, m->err)))
				return rc;
			s->level = lvl;
			s->quality = q;
			snprintf(s->cell, sizeof(s->cell), "%s", cell);
		} else {
			ct_dt_add_neigh(m->log, s, cell, lvl, q);
		}
	}
	/* A timing advance logged just before this measurement belongs to it. */
	if (!isnan(m->ta) && t - m->ta_t <= 1.0 &&
	    (m->ta_sys == NMF_SYS_LTE_FDD || m->ta_sys == NMF_SYS_LTE_TDD) == (s->rat == CT_RAT_LTE)) {
		s->ta = m->ta;
		m->ta = NAN;
	}
	return 0;
}

static int
tad(struct nmf *m, double t)
{
	double sys, ta;
	struct ct_dt_log *log = m->log;
	int rc;

	if ((rc = field_num(m, 3, "system", &sys)) || (rc = field_num(m, 4, "timing advance", &ta)))
		return rc;
	if (isnan(ta) || isnan(sys))
		return 0;
	/* Nemo writes TAD right after the CELLMEAS it goes with (same time). */
	if (log->n && isnan(log->s[log->n - 1].ta) && t - log->s[log->n - 1].t <= 1.0 &&
	    log->s[log->n - 1].rat == ((sys == NMF_SYS_LTE_FDD || sys == NMF_SYS_LTE_TDD) ? CT_RAT_LTE : CT_RAT_UNKNOWN)) {
		log->s[log->n - 1].ta = ta;
		return 0;
	}
	m->ta = ta;
	m->ta_t = t;
	m->ta_sys = (int)sys;
	return 0;
}

/* HOA: remember source and target under the handover's id. */
static int
hoa(struct nmf *m, long id)
{
	struct ct_dtcsv *c = m->c;
	struct track *h = track_find(m->ho, id, 1);
	long n1, n2;
	int rc;

	if ((rc = field_count(m, 7, "source value count", 64, &n1)))
		return rc;
	if (n1 >= 2 && 9 < c->nf)
		cell_name(h->from, sizeof(h->from), c->f[8], c->f[9]);
	if (9 + (size_t)n1 < c->nf) {
		if ((rc = field_count(m, 9 + (size_t)n1, "target value count", 64, &n2)))
			return rc;
		if (n2 >= 2 && 11 + (size_t)n1 < c->nf)
			cell_name(h->to, sizeof(h->to), c->f[10 + n1], c->f[11 + n1]);
	}
	return 0;
}

static int
record(struct nmf *m)
{
	struct ct_dtcsv *c = m->c;
	const char *name = c->f[0];
	double t = 0, v;
	long id = -1;
	int rc;

	if (name[0] == '#') {
		if (!strcmp(name, "#START"))
			return read_start(m);
		return 0;
	}
	if (c->nf < 2 || !*name)
		return ct_fail(m->err, CT_EINPUT, "%s:%zu: not an NMF record (NAME,time,...)",
			       c->name, c->rec_line);
	if ((rc = record_time(m, &t)))
		return rc;
	if (!strcmp(name, "GPS")) {
		double lon, lat;

		if ((rc = field_num(m, 3, "longitude", &lon)) || (rc = field_num(m, 4, "latitude", &lat)))
			return rc;
		if (!isnan(lat) && !isnan(lon) && fabs(lat) <= 90 && fabs(lon) <= 180 && !(lat == 0 && lon == 0)) {
			m->lat = lat;
			m->lon = lon;
		}
		return 0;
	}
	if (!strcmp(name, "CELLMEAS"))
		return cellmeas(m, t);
	if (!strcmp(name, "TAD"))
		return tad(m, t);
	if (strlen(name) != 3 || (strncmp(name, "HO", 2) && strncmp(name, "CA", 2) && strncmp(name, "DA", 2)))
		return 0; /* not a handover, call or data-connection event */
	/* [3] is the handover / call / data-connection context id. */
	if ((rc = field_num(m, 3, "context id", &v)))
		return rc;
	if (isnan(v) || v < 0 || v > 1e9)
		return 0;
	id = (long)v;
	switch (name[0]) {
	case 'H': {
		struct track *h = track_find(m->ho, id, name[2] == 'A');

		if (name[2] == 'A')
			return hoa(m, id);
		if (name[2] == 'F') {
			struct ct_dt_event *e = add_event(m, CT_DT_HO_FAILURE, t, h && *h->from ? h->from : NULL);

			if (h)
				snprintf(e->detail, sizeof(e->detail), "%.28s -> %.28s", h->from, h->to);
		}
		if (h && name[2] == 'S' && *h->from && *h->to) {
			struct ct_dt_change *hc;

			m->log->hc = ct_xgrow(m->log->hc, m->log->nhc + 1, &m->log->hccap, sizeof(*hc));
			hc = &m->log->hc[m->log->nhc++];
			hc->t = t;
			hc->lat = m->lat;
			hc->lon = m->lon;
			hc->line = c->rec_line;
			memcpy(hc->from, h->from, sizeof(hc->from));
			memcpy(hc->to, h->to, sizeof(hc->to));
		}
		if (h && (name[2] == 'S' || name[2] == 'F'))
			h->used = 0;
		return 0;
	}
	case 'C':
	case 'D': {
		struct track *tr = track_find(name[0] == 'C' ? m->call : m->data, id,
					      name[2] == 'A' || name[2] == 'C');
		/* status and cause: calls [6],[7]; data [5],[6] */
		size_t si = name[0] == 'C' ? 6 : 5;
		double status = NAN, cause = NAN;
		enum ct_dt_kind kind;
		struct ct_dt_event *e;
		int normal;

		if (name[2] == 'A' || name[2] == 'C') {
			if (name[2] == 'C')
				tr->connected = 1;
			return 0;
		}
		if (name[2] != 'F' && name[2] != 'D')
			return 0;
		if ((rc = field_num(m, si, "status", &status)) || (rc = field_num(m, si + 1, "cause", &cause)))
			return rc;
		if (name[2] == 'F') {
			if (name[0] == 'C')
				kind = CT_DT_CALL_SETUP_FAILURE;
			else
				kind = tr && tr->connected ? CT_DT_DATA_DROP : CT_DT_DATA_SETUP_FAILURE;
		} else {
			if (!isnan(status))
				normal = status == 1;
			else
				normal = name[0] == 'C' && cause >= 0 && cause <= UINT32_MAX &&
				 !ct_cause_is_failure(m->c->failures, CT_FAM_CC, CT_CG_NONE,
						      (uint32_t)cause);
			if (tr)
				tr->used = 0;
			if (normal)
				return 0;
			kind = name[0] == 'C' ? CT_DT_CALL_DROP : CT_DT_DATA_DROP;
		}
		if (tr)
			tr->used = 0;
		e = add_event(m, kind, t, NULL);
		if (!isnan(cause) && cause >= 0 && cause < 1e6)
			e->cause = (int)cause;
		/* A call's cause is the CC cause of the release (TS 24.008
		 * §10.5.4.11, the Q.850 values): named from the project's
		 * table, as post-processing tools show it. A data session's
		 * cause is Nemo's own code: no table to name it from. */
		if (name[0] == 'C' && e->cause >= 0) {
			char unk[32];

			snprintf(e->cause_name, sizeof(e->cause_name), "%s",
				 ct_cause_name(CT_FAM_CC, CT_CG_NONE, (uint32_t)e->cause, unk, sizeof(unk)));
		}
		if (!isnan(status) && !isnan(cause) && *e->cause_name)
			snprintf(e->detail, sizeof(e->detail), "status %.0f cause %.0f (%s)", status, cause,
				 e->cause_name);
		else if (!isnan(status) && !isnan(cause))
			snprintf(e->detail, sizeof(e->detail), "status %.0f cause %.0f", status, cause);
		else if (!isnan(status))
			snprintf(e->detail, sizeof(e->detail), "status %.0f", status);
		else if (*e->cause_name)
			snprintf(e->detail, sizeof(e->detail), "cause %d (%s)", e->cause, e->cause_name);
		return 0;
	}
	}
	return 0;
}

int
ct_dt_read_nmf(struct ct_dtcsv *c, struct ct_dt_log *log, struct ct_err *err)
{
	struct nmf m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.c = c;
	m.log = log;
	m.err = err;
	m.lat = m.lon = m.ta = NAN;
	/* Handovers are records here (HOA/HOS): the best active-set cell of a
	 * UMTS measurement changes without any handover. */
	log->logs_handovers = 1;
	for (;;) {
		size_t n, nnb, nev, nhc, rows, other;

		ct_dt_batch(log);
		n = log->n;
		nnb = log->nnb;
		nev = log->nev;
		nhc = log->nhc;
		rows = log->rows;
		other = log->other_system;

		if ((rc = ct_dtcsv_next(c, err)) == 0)
			break;
		/* Nemo ends every record with a line end: one without is cut off. */
		if (rc > 0 && c->last_unterminated)
			rc = ct_fail(err, CT_EINPUT, "%s:%zu: last record has no line end (truncated file?)",
				     c->name, c->rec_line);
		else if (rc > 0)
			rc = record(&m);
		if (rc < 0) {
			/* Undo what the record added before it failed. */
			log->n = n;
			log->nnb = nnb;
			log->nev = nev;
			log->nhc = nhc;
			log->rows = rows;
			log->other_system = other;
			if ((rc = ct_dt_skip_row(c, log, rc, err)) != 0)
				return rc;
		}
	}
	return rc;
}
