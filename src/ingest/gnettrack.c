/*
 * gnettrack.c — G-NetTrack Pro CSV drive-test logs (the Android app's
 * "log" export; layout as in the UCC 5G data set, Raca et al., MMSys 2020).
 *
 *   Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,
 *   RSRQ,SNR,CQI,RSSI,DL_bitrate,UL_bitrate,State,...,CELLHEX,NODEHEX,
 *   LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ
 *   2020.02.13_13.18.43,-8.396135,51.930793,34,B,3,LTE,-85,-13,-2.0,5,...
 *
 * Recognised by its header row: first column "Timestamp" and columns
 * "NetworkMode" and "RSRP". Columns are found by name, so extra or reordered
 * columns are fine.
 *
 * Columns used:
 *   Timestamp   YYYY.MM.DD_HH.MM.SS, the phone's local time
 *   Longitude, Latitude   WGS84 degrees ("-" or 0,0: no fix)
 *   NetworkMode serving RAT, mapped: GPRS/EDGE -> gsm;
 *               UMTS, HSPA, HSPA+, HSDPA, HSUPA -> umts; LTE -> lte; 5G -> lte
 *               with an NR leg (5G NSA, EN-DC: RSRP/RSRQ/SNR are the LTE
 *               anchor's, NRxRSRP/NRxRSRQ the NR cell's). Any other mode: the
 *               row's level is not used (we cannot tell what it is).
 *   RSRP        serving level dBm: RSRP on LTE/5G rows, the 3G/2G level on
 *               others (the app writes the level there for every RAT)
 *   RSRQ        quality dB on LTE/5G rows only; on 2G/3G rows the column
 *               holds "-", 0 or a constant -2, not an Ec/No, so it is not used
 *   SNR         SINR dB (LTE/5G rows)
 *   DL_bitrate, UL_bitrate   application throughput, kbit/s
 *   RAWCELLID   the cell identity: NODEHEX*256+CELLHEX on LTE (the ECI),
 *               NODEHEX*65536+CELLHEX on 3G (the UC-Id); 0 or "-": unknown
 *   NRxRSRP, NRxRSRQ  on 5G rows the NR leg's SS-RSRP/SS-RSRQ (dBm, dB).
 *               While the phone is not on NR the app still fills them: on
 *               other rows they are kept as a neighbour (the data set's paper
 *               calls them the neighbour cell's), never as an NR level. The
 *               app writes placeholders when it has no NR reading: 2147483647
 *               (Android's CellInfo.UNAVAILABLE) and values such as -204/-205
 *               far outside the SS-RSRP/SS-RSRQ reporting ranges (the
 *               report mappings of 3GPP TS 38.133: -156..-31 dBm, -43..20
 *               dB). Those are not measurements: the NR value is missing,
 *               the row is kept, and the values so dropped are counted
 *               (log->nr_placeholders).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dtcsv.h"

enum { C_TIME, C_LON, C_LAT, C_MODE, C_RSRP, C_RSRQ, C_SNR, C_DL, C_UL, C_RAW, C_NRSRP, C_NRSRQ, C__N };

static const char *const cols[C__N] = {
	"Timestamp", "Longitude", "Latitude", "NetworkMode", "RSRP", "RSRQ", "SNR",
	"DL_bitrate", "UL_bitrate", "RAWCELLID", "NRxRSRP", "NRxRSRQ"
};

/* NetworkMode -> RAT. */
static const struct ct_name modes[] = {
	{ CT_RAT_GSM, "GPRS" }, { CT_RAT_GSM, "EDGE" },
	{ CT_RAT_UMTS, "UMTS" }, { CT_RAT_UMTS, "HSPA" }, { CT_RAT_UMTS, "HSPA+" },
	{ CT_RAT_UMTS, "HSDPA" }, { CT_RAT_UMTS, "HSUPA" },
	{ CT_RAT_LTE, "LTE" }, { CT_RAT_LTE, "5G" },
	{ 0, NULL }
};

int
ct_dt_is_gnettrack(char *const *hdr, size_t n)
{
	return n > 0 && !strcmp(hdr[0], "Timestamp") && ct_dtcsv_col(hdr, n, "NetworkMode") >= 0 &&
	       ct_dtcsv_col(hdr, n, "RSRP") >= 0;
}

/* Two digits at s, or -1. */
static int
dd(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "2020.02.13_13.18.43" -> seconds since 1970 on the phone's clock. Read
 * by position (19 bytes, fixed layout): sscanf was a tenth of the time of
 * a long log. */
static int
parse_stamp(const char *s, double *t)
{
	int c, y, mo, d, h, mi, se;

	if (strlen(s) != 19 || s[4] != '.' || s[7] != '.' || s[10] != '_' || s[13] != '.' ||
	    s[16] != '.' || (c = dd(s)) < 0 || (y = dd(s + 2)) < 0)
		return -1;
	y += c * 100;
	mo = dd(s + 5);
	d = dd(s + 8);
	h = dd(s + 11);
	mi = dd(s + 14);
	se = dd(s + 17);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 ||
	    se > 60)
		return -1;
	*t = (double)(ct_dt_days(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + se);
	return 0;
}

/*
 * Checks one data row and reads its numbers into v and its time into *t;
 * nothing is added to the log, so a bad row can be skipped whole.
 */
static int
row(const struct ct_dtcsv *c, const int *ix, size_t ncols, double *v, double *t,
    struct ct_err *err)
{
	int rc;

	if ((rc = ct_dtcsv_width(c, ncols, err)) != 0)
		return rc;
	for (int i = C_LON; i < C__N; i++) {
		v[i] = NAN;
		if (i == C_MODE || ix[i] < 0)
			continue;
		if ((rc = ct_dt_num(c, cols[i], c->f[ix[i]], &v[i], err)))
			return rc;
	}
	if (parse_stamp(c->f[ix[C_TIME]], t))
		return ct_fail(err, CT_EINPUT, "%s:%zu: Timestamp \"%.40s\" is not YYYY.MM.DD_HH.MM.SS",
			       c->name, c->rec_line, c->f[ix[C_TIME]]);
	if (!isnan(v[C_LAT]) && !isnan(v[C_LON]) && !(v[C_LAT] == 0 && v[C_LON] == 0) &&
	    (fabs(v[C_LAT]) > 90 || fabs(v[C_LON]) > 180))
		return ct_fail(err, CT_EINPUT, "%s:%zu: position %g,%g is not WGS84 degrees",
			       c->name, c->rec_line, v[C_LAT], v[C_LON]);
	return 0;
}

/* The values the sample will take within their reporting ranges: the
 * level on every RAT, RSRQ and SNR on LTE only (elsewhere unused). */
static int
in_range(const struct ct_dtcsv *c, int rat, const double *v, struct ct_err *err)
{
	int rc;

	if (rat < 0)
		return 0;
	if ((rc = ct_dt_range(c, (enum ct_rat)rat, CT_DT_LEVEL, cols[C_RSRP], v[C_RSRP], err)) ||
	    rat != CT_RAT_LTE)
		return rc;
	if ((rc = ct_dt_range(c, CT_RAT_LTE, CT_DT_QUALITY, cols[C_RSRQ], v[C_RSRQ], err)))
		return rc;
	return ct_dt_range(c, CT_RAT_LTE, CT_DT_SINR, cols[C_SNR], v[C_SNR], err);
}

/* An NR reading within its reporting range, else missing (a placeholder). */
static double
nr_value(const struct ct_dtcsv *c, struct ct_dt_log *log, enum ct_dt_meas meas, const char *col,
	 double v)
{
	struct ct_err err;

	if (isnan(v) || ct_dt_range(c, CT_RAT_NR, meas, col, v, &err) == 0)
		return v;
	log->nr_placeholders++;
	return NAN;
}

/* The NR leg of a 5G (EN-DC) row. */
static void
nr_leg(const struct ct_dtcsv *c, struct ct_dt_log *log, struct ct_dt_sample *s, double rsrp,
       double rsrq)
{
	s->nr_level = nr_value(c, log, CT_DT_LEVEL, cols[C_NRSRP], rsrp);
	s->nr_quality = nr_value(c, log, CT_DT_QUALITY, cols[C_NRSRQ], rsrq);
}

int
ct_dt_read_gnettrack(struct ct_dtcsv *c, struct ct_dt_log *log, struct ct_err *err)
{
	int ix[C__N];
	size_t ncols = c->nf;
	int rc;

	for (int i = 0; i < C__N; i++) {
		ix[i] = ct_dtcsv_col(c->f, c->nf, cols[i]);
		if (ix[i] < 0 && i <= C_RSRP)
			return ct_fail(err, CT_EINPUT, "%s:1: G-NetTrack header without the %s column",
				       c->name, cols[i]);
	}
	for (;;) {
		struct ct_dt_sample *s;
		double v[C__N], t = 0;
		int rat = -1;

		ct_dt_batch(log);
		if ((rc = ct_dtcsv_next(c, err)) == 0)
			break;
		if (rc > 0 && (rc = row(c, ix, ncols, v, &t, err)) == 0) {
			rat = ct_value_of(modes, c->f[ix[C_MODE]]);
			rc = in_range(c, rat, v, err);
		}
		if (rc < 0) {
			if ((rc = ct_dt_skip_row(c, log, rc, err)) != 0)
				return rc;
			continue;
		}
		log->rows++;
		s = ct_dt_add_sample(log);
		s->line = c->rec_line;
		s->t = t;
		if (!isnan(v[C_LAT]) && !isnan(v[C_LON]) && !(v[C_LAT] == 0 && v[C_LON] == 0)) {
			s->lat = v[C_LAT];
			s->lon = v[C_LON];
		}
		if (rat < 0) {
			log->other_system++;
		} else {
			s->rat = (enum ct_rat)rat;
			s->level = v[C_RSRP];
			if (rat == CT_RAT_LTE) {
				s->quality = v[C_RSRQ];
				s->sinr = v[C_SNR];
			}
		}
		if (!isnan(v[C_DL]) && v[C_DL] >= 0)
			s->dl_kbps = v[C_DL];
		if (!isnan(v[C_UL]) && v[C_UL] >= 0)
			s->ul_kbps = v[C_UL];
		if (!isnan(v[C_RAW]) && v[C_RAW] > 0 && v[C_RAW] == floor(v[C_RAW]) && v[C_RAW] < 1e15) {
			s->cell_id = (long long)v[C_RAW];
			snprintf(s->cell, sizeof(s->cell), "%lld", s->cell_id);
		}
		if (!strcmp(c->f[ix[C_MODE]], "5G"))
			nr_leg(c, log, s, v[C_NRSRP], v[C_NRSRQ]);
		else if (!isnan(v[C_NRSRP]) || !isnan(v[C_NRSRQ]))
			ct_dt_add_neigh(log, s, "", v[C_NRSRP], v[C_NRSRQ]);
	}
	return rc;
}
