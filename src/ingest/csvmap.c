/*
 * csvmap.c — drive-test CSV logs of any other tool, read through a column
 * mapping in the profile (drivetest.csv, see profile.h struct ct_dt_map and
 * profiles/mtu-modem.cfg).
 *
 * A mapping matches a file when the file's header row has every column the
 * mapping names; the first matching mapping is used. Per row:
 *   time     "date": date(1) style "Fri Dec 17 14:14:53 UTC 2021" (UTC/GMT only),
 *            "iso": ISO 8601 (ct_parse_time: a zone-less time is the profile's
 *            zone's local time), "epoch": seconds since 1970
 *   level    serving level dBm; with level_add, the sum of both columns
 *            (UMTS CPICH RSCP = carrier RSSI + CPICH Ec/No, TS 25.215 §5.1.6)
 *   quality, sinr   dB
 *   a value listed in the mapping's missing = [...] is missing (NAN) in the
 *   level, level_add, quality and sinr columns
 *   dl, ul   throughput times rate_to_kbps; a negative rate (a byte counter
 *            that reset) is missing, not a rate
 *   rat      a column (gsm/umts/tdscdma/lte/nr, or a G-NetTrack NetworkMode
 *            name) or the mapping's fixed_rat
 *   cell     the cell identity; a whole number is also the numeric cell id
 *   nr_level, nr_quality, nr_sinr   the NR leg of a 5G NSA (EN-DC) row:
 *            SS-RSRP dBm, SS-RSRQ dB, SS-SINR dB, with the same missing
 *            values and the NR reporting ranges; unused on an NR (SA) row,
 *            whose level, quality and sinr are the NR values already
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dtcsv.h"

enum { M_TIME, M_LAT, M_LON, M_RAT, M_CELL, M_LEVEL, M_ADD, M_QUAL, M_SINR, M_DL, M_UL,
       M_NRLEV, M_NRQUAL, M_NRSINR, M__N };

static const char *
map_col(const struct ct_dt_map *m, int i)
{
	switch (i) {
	case M_TIME: return m->time;
	case M_LAT: return m->lat;
	case M_LON: return m->lon;
	case M_RAT: return m->rat;
	case M_CELL: return m->cell;
	case M_LEVEL: return m->level;
	case M_ADD: return m->level_add;
	case M_QUAL: return m->quality;
	case M_SINR: return m->sinr;
	case M_DL: return m->dl;
	case M_UL: return m->ul;
	case M_NRLEV: return m->nr_level;
	case M_NRQUAL: return m->nr_quality;
	case M_NRSINR: return m->nr_sinr;
	}
	return NULL;
}

const struct ct_dt_map *
ct_dt_find_map(const struct ct_profile *p, char *const *hdr, size_t n)
{
	if (!p)
		return NULL;
	for (size_t k = 0; k < p->dt.nmaps; k++) {
		const struct ct_dt_map *m = &p->dt.maps[k];
		int all = 1;

		for (int i = 0; i < M__N && all; i++)
			if (map_col(m, i) && ct_dtcsv_col(hdr, n, map_col(m, i)) < 0)
				all = 0;
		if (all)
			return m;
	}
	return NULL;
}

/* Where the shipped profiles are: the source tree's profiles/ (relative to
 * the working directory) and the installed copy (make install's PROFDIR). */
static const char *const shipped_dirs[] = {
	"profiles",
#ifdef CT_PROFDIR
	CT_PROFDIR,
#endif
};

/* The first profile of dir (by name) whose drivetest.csv maps the header:
 * its path in path, its mapping's name in map. 0 when none does. */
static int
shipped_match(const char *dir, char *const *hdr, size_t n, char *path, size_t plen, char *map,
	      size_t mlen)
{
	struct dirent **names = NULL;
	int k = scandir(dir, &names, NULL, alphasort), found = 0;

	for (int i = 0; i < k; i++) {
		const char *nm = names[i]->d_name;
		size_t l = strlen(nm);
		struct ct_profile p;
		struct ct_err err;
		const struct ct_dt_map *m;

		if (!found && l > 4 && !strcmp(nm + l - 4, ".cfg")) {
			snprintf(path, plen, "%s/%s", dir, nm);
			if (ct_profile_load(path, &p, &err) == 0) {
				if ((m = ct_dt_find_map(&p, hdr, n)) != NULL) {
					snprintf(map, mlen, "%s", m->name);
					found = 1;
				}
				ct_profile_free(&p);
			}
		}
		free(names[i]);
	}
	free(names);
	return found;
}

void
ct_dt_map_hint(char *const *hdr, size_t n, struct ct_buf *b)
{
	char path[2][512], map[2][64];
	size_t nf = 0;

	for (size_t d = 0; d < sizeof(shipped_dirs) / sizeof(shipped_dirs[0]); d++)
		if (shipped_match(shipped_dirs[d], hdr, n, path[nf], sizeof(path[nf]), map[nf],
				  sizeof(map[nf])))
			nf++;
	if (nf == 0)
		return;
	ct_buf_printf(b, "; its header is the %s layout of %s: --profile %s reads it", map[0],
		      path[0], path[0]);
	if (nf > 1)
		ct_buf_printf(b, " (installed: %s)", path[1]);
}

static const struct ct_name rat_names[] = {
	{ CT_RAT_GSM, "gsm" }, { CT_RAT_GSM, "GPRS" }, { CT_RAT_GSM, "EDGE" },
	{ CT_RAT_UMTS, "umts" }, { CT_RAT_UMTS, "HSPA" }, { CT_RAT_UMTS, "HSPA+" },
	{ CT_RAT_UMTS, "HSDPA" }, { CT_RAT_UMTS, "HSUPA" }, { CT_RAT_UMTS, "wcdma" },
	{ CT_RAT_TDSCDMA, "tdscdma" }, { CT_RAT_LTE, "lte" }, { CT_RAT_NR, "nr" },
	{ 0, NULL }
};

static int
rat_of(const char *s)
{
	for (const struct ct_name *n = rat_names; n->name; n++)
		if (!strcasecmp(n->name, s))
			return n->value;
	return -1;
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
				      "Sep", "Oct", "Nov", "Dec" };

/* "Fri Dec 17 14:14:53 UTC 2021" */
static int
parse_date1(const char *s, double *t)
{
	char wd[4], mon[4], zone[8];
	int d, h, mi, se, y, used = -1, mo = -1;

	if (sscanf(s, "%3s %3s %2d %2d:%2d:%2d %7s %4d%n", wd, mon, &d, &h, &mi, &se, zone, &y,
		   &used) != 8 || used != (int)strlen(s))
		return -1;
	for (int i = 0; i < 12; i++)
		if (!strcmp(months[i], mon))
			mo = i + 1;
	if (mo < 0 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60 ||
	    (strcmp(zone, "UTC") && strcmp(zone, "GMT")))
		return -1;
	*t = (double)(ct_dt_days(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + se);
	return 0;
}

static int
is_missing(const struct ct_dt_map *m, double v)
{
	for (size_t i = 0; i < m->nmissing; i++)
		if (v == m->missing[i])
			return 1;
	return 0;
}

/*
 * Checks one data row: its numbers into v, its time into *t, its RAT into
 * *rat (CT_RAT_UNKNOWN when the column is empty or "-"). Nothing is added
 * to the log, so a bad row can be skipped whole.
 */
static int
row(const struct ct_dtcsv *c, const struct ct_dt_map *m, const int *ix, size_t ncols, double *v,
    double *t, int *rat, struct ct_err *err)
{
	const char *ts;
	int rc;

	if ((rc = ct_dtcsv_width(c, ncols, err)) != 0)
		return rc;
	for (int i = M_LAT; i < M__N; i++) {
		v[i] = NAN;
		if (ix[i] < 0 || i == M_RAT || i == M_CELL)
			continue;
		if ((rc = ct_dt_num(c, map_col(m, i), c->f[ix[i]], &v[i], err)))
			return rc;
		if ((i == M_LEVEL || i == M_ADD || i == M_QUAL || i == M_SINR || i >= M_NRLEV) &&
		    is_missing(m, v[i]))
			v[i] = NAN;
	}
	ts = c->f[ix[M_TIME]];
	if (!strcmp(m->time_format, "date")) {
		if (parse_date1(ts, t))
			return ct_fail(err, CT_EINPUT, "%s:%zu: %s \"%.40s\" is not a date(1) time in UTC",
				       c->name, c->rec_line, m->time, ts);
	} else if (!strcmp(m->time_format, "iso")) {
		long long e;

		if (ct_parse_time(ts, &e))
			return ct_fail(err, CT_EINPUT, "%s:%zu: %s \"%.40s\" is not an ISO 8601 time",
				       c->name, c->rec_line, m->time, ts);
		*t = (double)e;
	} else {
		if ((rc = ct_dt_num(c, m->time, ts, t, err)))
			return rc;
		if (isnan(*t))
			return ct_fail(err, CT_EINPUT, "%s:%zu: %s is empty", c->name, c->rec_line, m->time);
	}
	if (!isnan(v[M_LAT]) && !isnan(v[M_LON]) && !(v[M_LAT] == 0 && v[M_LON] == 0) &&
	    (fabs(v[M_LAT]) > 90 || fabs(v[M_LON]) > 180))
		return ct_fail(err, CT_EINPUT, "%s:%zu: position %g,%g is not WGS84 degrees",
			       c->name, c->rec_line, v[M_LAT], v[M_LON]);
	*rat = CT_RAT_UNKNOWN;
	if (m->fixed_rat) {
		*rat = m->fixed_rat;
	} else if ((rc = rat_of(c->f[ix[M_RAT]])) >= 0) {
		*rat = rc;
	} else if (*c->f[ix[M_RAT]] && strcmp(c->f[ix[M_RAT]], "-")) {
		return ct_fail(err, CT_EINPUT, "%s:%zu: %s \"%.20s\" is not a RAT", c->name,
			       c->rec_line, m->rat, c->f[ix[M_RAT]]);
	}
	return 0;
}

/* The values the sample will take within their reporting ranges (the
 * level after its level_add column). */
static int
in_range(const struct ct_dtcsv *c, const struct ct_dt_map *m, const int *ix, const double *v,
	 int rat, struct ct_err *err)
{
	double level = ix[M_ADD] >= 0 ? v[M_LEVEL] + v[M_ADD] : v[M_LEVEL];
	char col[160];
	int rc;

	if (rat == CT_RAT_UNKNOWN)
		return 0;
	if (ix[M_ADD] >= 0)
		snprintf(col, sizeof(col), "%.70s + %.70s", m->level, m->level_add);
	else
		snprintf(col, sizeof(col), "%.150s", m->level);
	if ((rc = ct_dt_range(c, (enum ct_rat)rat, CT_DT_LEVEL, col, level, err)) ||
	    (rc = ct_dt_range(c, (enum ct_rat)rat, CT_DT_QUALITY, m->quality, v[M_QUAL], err)) ||
	    (rc = ct_dt_range(c, (enum ct_rat)rat, CT_DT_SINR, m->sinr, v[M_SINR], err)) ||
	    rat == CT_RAT_NR)
		return rc;
	if ((rc = ct_dt_range(c, CT_RAT_NR, CT_DT_LEVEL, m->nr_level, v[M_NRLEV], err)) ||
	    (rc = ct_dt_range(c, CT_RAT_NR, CT_DT_QUALITY, m->nr_quality, v[M_NRQUAL], err)))
		return rc;
	return ct_dt_range(c, CT_RAT_NR, CT_DT_SINR, m->nr_sinr, v[M_NRSINR], err);
}

int
ct_dt_read_csvmap(struct ct_dtcsv *c, const struct ct_dt_map *m, struct ct_dt_log *log,
		  struct ct_err *err)
{
	int ix[M__N];
	size_t ncols = c->nf;
	int rc;

	for (int i = 0; i < M__N; i++)
		ix[i] = map_col(m, i) ? ct_dtcsv_col(c->f, c->nf, map_col(m, i)) : -1;
	/* Every time_format gives UTC instants (date(1) only in UTC/GMT; a
	 * zone-less ISO time through the profile's zone). */
	log->utc = 1;
	for (;;) {
		struct ct_dt_sample *s;
		double v[M__N], t = 0;
		int rat = 0;

		ct_dt_batch(log);
		if ((rc = ct_dtcsv_next(c, err)) == 0)
			break;
		if (rc < 0 || (rc = row(c, m, ix, ncols, v, &t, &rat, err)) != 0 ||
		    (rc = in_range(c, m, ix, v, rat, err)) != 0) {
			if ((rc = ct_dt_skip_row(c, log, rc, err)) != 0)
				return rc;
			continue;
		}
		log->rows++;
		s = ct_dt_add_sample(log);
		s->line = c->rec_line;
		s->t = t;
		if (!isnan(v[M_LAT]) && !isnan(v[M_LON]) && !(v[M_LAT] == 0 && v[M_LON] == 0)) {
			s->lat = v[M_LAT];
			s->lon = v[M_LON];
		}
		s->rat = (enum ct_rat)rat;
		if (s->rat != CT_RAT_UNKNOWN) {
			s->level = ix[M_ADD] >= 0 ? v[M_LEVEL] + v[M_ADD] : v[M_LEVEL];
			s->quality = v[M_QUAL];
			s->sinr = v[M_SINR];
		}
		if (s->rat != CT_RAT_UNKNOWN && s->rat != CT_RAT_NR) {
			s->nr_level = v[M_NRLEV];
			s->nr_quality = v[M_NRQUAL];
			s->nr_sinr = v[M_NRSINR];
		}
		if (!isnan(v[M_DL]) && v[M_DL] >= 0)
			s->dl_kbps = v[M_DL] * m->rate_to_kbps;
		if (!isnan(v[M_UL]) && v[M_UL] >= 0)
			s->ul_kbps = v[M_UL] * m->rate_to_kbps;
		if (ix[M_CELL] >= 0 && *c->f[ix[M_CELL]] && strcmp(c->f[ix[M_CELL]], "-")) {
			const char *cs = c->f[ix[M_CELL]];

			snprintf(s->cell, sizeof(s->cell), "%.31s", cs);
			if (strspn(cs, "0123456789") == strlen(cs) && strlen(cs) < 16)
				s->cell_id = strtoll(cs, NULL, 10);
		}
	}
	return 0;
}
