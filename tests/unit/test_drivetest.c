/*
 * test_drivetest.c — drive-test logs: G-NetTrack, Nemo NMF and mapped CSV
 * readers on small logs written here, the statistics against hand-computed
 * values, every event kind, RFC 4180 quoting, the malformed-line messages,
 * and (when ../shared is there) the real files' row and RAT counts that
 * ../shared/data/README.md states.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "celltriage/drivetest.h"
#include "celltriage/evidence.h"
#include "celltriage/spill.h"
#include "../../src/ingest/dtcsv.h"

#define GT_HDR "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR," \
	       "CQI,RSSI,DL_bitrate,UL_bitrate,State,PINGAVG,PINGMIN,PINGMAX,PINGSTDEV,PINGLOSS," \
	       "CELLHEX,NODEHEX,LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ\n"

static struct ct_profile prof;

static int
setup(void **state)
{
	struct ct_err err;

	(void)state;
	return ct_profile_load(NULL, &prof, &err);
}

static int
teardown(void **state)
{
	(void)state;
	ct_profile_free(&prof);
	return 0;
}

static int
read_str(const char *name, const char *text, const struct ct_profile *p, struct ct_dt_log *log,
	 struct ct_err *err)
{
	return ct_dt_read_mem(name, text, strlen(text), p, log, err);
}

static double
civil(int y, int m, int d, int hh, int mm, double ss)
{
	return (double)ct_dt_days(y, m, d) * 86400.0 + hh * 3600.0 + mm * 60.0 + ss;
}

/* ---- G-NetTrack ---- */

static const char gt_small[] = GT_HDR
	/* LTE: RSRP -85, RSRQ -13, SNR -2.0, DL 2566, UL 26, ECI 11016963 (0xA81B*256+3), NRx -78/-12 */
	"2020.02.13_13.18.43,-8.396135,51.930793,34,B,3,LTE,-85,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n"
	/* 5G NSA: the RSRP column is the LTE anchor's -> lte, level -100 */
	"2020.02.13_13.18.44,-8.396,51.931,34,B,12,5G,-100,-11,8.0,9,-70,100,10,D,-,-,-,-,-,C,A81B,9CBA,11016972,-95.0,-10.0\n"
	/* HSPA+: umts level -90; its RSRQ "-2" is not an Ec/No and is not used */
	"2020.02.13_13.18.45,-8.397,51.932,30,B,2,HSPA+,-90,-2,-,-,-,5,1,D,-,-,-,-,-,2,12D8,9CBA,19766842,-,-\n"
	/* EDGE: gsm level -51, cell identity "-" (unknown) */
	"2020.02.13_13.18.46,-8.398,51.933,30,B,-,EDGE,-51,0,-,-,-,0,0,I,-,-,-,-,-,-,-,-,-,-,-\n"
	/* UMTS with RSRP "-": no serving level; RAWCELLID 0 is unknown */
	"2020.02.13_13.18.47,-8.399,51.934,30,B,0,UMTS,-,-,-,-,-,-,-,I,-,-,-,-,-,0,0,0,0,-,-\n"
	/* a NetworkMode the reader does not map: the level is not used */
	"2020.02.13_13.18.48,-8.400,51.935,30,B,0,WiFi,-60,-,-,-,-,-,-,I,-,-,-,-,-,0,0,0,0,-,-\n"
	/* LTE without a GPS fix ("-"): position unknown, level -120 */
	"2020.02.13_13.18.49,-,-,0,B,3,LTE,-120,-16,-6.0,2,-100,-,-,D,-,-,-,-,-,3,A81B,9CBA,11016963,-,-\n";

static void
test_gnettrack_rows(void **state)
{
	struct ct_dt_log log;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_str("g.csv", gt_small, &prof, &log, &err), 0);
	assert_string_equal(log.format_name, "gnettrack");
	assert_int_equal(log.format, CT_DT_GNETTRACK);
	assert_int_equal(log.rows, 7);
	assert_int_equal(log.n, 7);
	assert_int_equal(ct_dt_usable(&log), 5);
	assert_int_equal(log.other_system, 1);
	/* row 1 */
	assert_int_equal(log.s[0].rat, CT_RAT_LTE);
	assert_true(log.s[0].level == -85.0);
	assert_true(log.s[0].quality == -13.0);
	assert_true(log.s[0].sinr == -2.0);
	assert_true(log.s[0].dl_kbps == 2566.0 && log.s[0].ul_kbps == 26.0);
	assert_string_equal(log.s[0].cell, "11016963");
	assert_true(log.s[0].cell_id == 11016963LL);
	assert_true(log.s[0].lat == 51.930793 && log.s[0].lon == -8.396135);
	assert_true(log.s[0].t == civil(2020, 2, 13, 13, 18, 43));
	assert_true(isnan(log.s[0].ta));
	/* NRxRSRP is a neighbour, never the serving level */
	assert_int_equal(log.s[0].nneigh, 1);
	assert_true(log.nb[log.s[0].neigh].level == -78.0);
	assert_true(log.nb[log.s[0].neigh].quality == -12.0);
	assert_true(isnan(log.s[0].nr_level) && isnan(log.s[0].nr_quality));
	/* 5G NSA -> lte with the anchor's RSRP, and an NR leg: NRxRSRP/NRxRSRQ */
	assert_int_equal(log.s[1].rat, CT_RAT_LTE);
	assert_true(log.s[1].level == -100.0);
	assert_true(log.s[1].nr_level == -95.0);
	assert_true(log.s[1].nr_quality == -10.0);
	assert_true(isnan(log.s[1].nr_sinr));
	assert_int_equal(log.s[1].nneigh, 0);
	assert_int_equal(log.nr_placeholders, 0);
	/* HSPA+ -> umts, quality not taken from RSRQ */
	assert_int_equal(log.s[2].rat, CT_RAT_UMTS);
	assert_true(log.s[2].level == -90.0);
	assert_true(isnan(log.s[2].quality));
	assert_true(isnan(log.s[2].sinr));
	assert_int_equal(log.s[2].nneigh, 0);
	/* EDGE -> gsm, unknown cell */
	assert_int_equal(log.s[3].rat, CT_RAT_GSM);
	assert_true(log.s[3].level == -51.0);
	assert_string_equal(log.s[3].cell, "");
	assert_true(log.s[3].cell_id == -1);
	/* "-" is missing, never zero */
	assert_int_equal(log.s[4].rat, CT_RAT_UMTS);
	assert_true(isnan(log.s[4].level));
	assert_true(isnan(log.s[4].dl_kbps));
	assert_string_equal(log.s[4].cell, "");
	assert_int_equal(log.s[5].rat, CT_RAT_UNKNOWN);
	assert_true(isnan(log.s[5].level));
	assert_true(isnan(log.s[6].lat) && isnan(log.s[6].lon));
	assert_true(log.s[6].level == -120.0);
	ct_dt_free(&log);
}

static void
test_gnettrack_stats(void **state)
{
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_str("g.csv", gt_small, &prof, &log, &err), 0);
	assert_int_equal(ct_dt_analyse(&log, &prof, &st, &err), 0);
	assert_int_equal(st.samples, 5);
	assert_int_equal(st.rat[CT_RAT_LTE].samples, 3);
	assert_int_equal(st.rat[CT_RAT_UMTS].samples, 1);
	assert_int_equal(st.rat[CT_RAT_GSM].samples, 1);
	/* the 5G row counts on lte (its anchor) and on nr (its NR leg) */
	assert_int_equal(st.rat[CT_RAT_NR].samples, 1);
	assert_true(st.rat[CT_RAT_NR].level.median == -95.0);
	assert_true(st.rat[CT_RAT_NR].quality.median == -10.0);
	assert_int_equal(st.rat[CT_RAT_NR].below.n, 1);
	assert_int_equal(st.rat[CT_RAT_NR].below.below, 0);
	/* LTE levels -120, -100, -85: (n-1)f = 0.2 -> -116; median -100; 1.8 -> -88 */
	assert_true(fabs(st.rat[CT_RAT_LTE].level.p10 - -116.0) < 1e-9);
	assert_true(st.rat[CT_RAT_LTE].level.median == -100.0);
	assert_true(fabs(st.rat[CT_RAT_LTE].level.p90 - -88.0) < 1e-9);
	/* one of three below -110 */
	assert_int_equal(st.rat[CT_RAT_LTE].below.below, 1);
	assert_int_equal(st.rat[CT_RAT_LTE].below.n, 3);
	assert_true(st.rat[CT_RAT_LTE].below.threshold == -110.0);
	assert_true(fabs(st.rat[CT_RAT_LTE].below.share - 1.0 / 3.0) < 1e-12);
	/* SINR -6, -2, 8 vs -3: one poor */
	assert_int_equal(st.rat[CT_RAT_LTE].poor_sinr.below, 1);
	assert_int_equal(st.rat[CT_RAT_NR].sinr.n, 0);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
}

static void
test_percentiles_and_ci(void **state)
{
	double x[] = { -60, -100, -80, -70, -90 };
	struct ct_dt_dist d;
	double lo, hi;

	(void)state;
	ct_dt_percentiles(x, 5, &d);
	/* sorted -100 -90 -80 -70 -60; p10 at 0.4 -> -96, p90 at 3.6 -> -64 */
	assert_int_equal(d.n, 5);
	assert_true(fabs(d.p10 - -96.0) < 1e-9);
	assert_true(d.median == -80.0);
	assert_true(fabs(d.p90 - -64.0) < 1e-9);
	/* Clopper-Pearson 95% for 2 of 5: 0.0527..0.8534 (exact binomial tables) */
	ct_dt_binom_ci(2, 5, &lo, &hi);
	assert_true(fabs(lo - 0.0527) < 1e-4);
	assert_true(fabs(hi - 0.8534) < 1e-4);
	/* 0 of 10: 0 .. 1-0.025^(1/10) = 0.3085 */
	ct_dt_binom_ci(0, 10, &lo, &hi);
	assert_true(lo == 0.0);
	assert_true(fabs(hi - 0.3085) < 1e-4);
	ct_dt_binom_ci(0, 0, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
	/* A long drive: 96000 of 1920002 (where gsl_cdf_beta_Pinv alone fails
	 * to converge for the lower bound, and GSL's handler would abort).
	 * The exact bounds, found by bisection on binomial tail sums (the p
	 * with P(X >= 96000) = 0.025, and with P(X <= 96000) = 0.025), are
	 * 0.04969209 and 0.05030917. */
	ct_dt_binom_ci(96000, 1920002, &lo, &hi);
	assert_true(fabs(lo - 0.04969209) < 2e-8);
	assert_true(fabs(hi - 0.05030917) < 2e-8);
}

/* One G-NetTrack LTE row at second s of 13:00, latitude lat, level, SNR, cell. */
static void
gt_row(struct ct_buf *b, int s, double lat, int level, double snr, const char *cell)
{
	ct_buf_printf(b, "2020.02.13_13.%02d.%02d,-8.400000,%.6f,30,B,1,LTE,%d,-10,%.1f,9,-70,100,10,D,"
			 "-,-,-,-,-,1,1,1,%s,-,-\n", s / 60, s % 60, lat, level, snr, cell);
}

static void
test_segments_and_pingpong(void **state)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;
	/* 0.0003 degrees of latitude = 33.4 m between rows */
	static const int level[] = { -80, -115, -118, -120, -80, -115, -116, -80, -90, -90, -90, -80, -80, -80 };
	static const double snr[] = { 10, 10, 10, 10, 10, 10, 10, 10, -5, -5, -5, 10, 10, 10 };
	static const char *const cell[] = { "100", "100", "100", "100", "100", "100", "100", "100",
					    "100", "100", "100", "200", "100", "100" };

	(void)state;
	ct_buf_puts(&b, GT_HDR);
	for (int i = 0; i < 14; i++)
		gt_row(&b, i, 51.9 + 0.0003 * i, level[i], snr[i], cell[i]);
	assert_int_equal(read_str("seg.csv", ct_buf_str(&b), &prof, &log, &err), 0);
	assert_int_equal(ct_dt_analyse(&log, &prof, &st, &err), 0);
	/* rows 1-3 below -110 over 66.7 m (>= 50): a segment; rows 5-6, 33 m: not */
	assert_int_equal(st.count[CT_DT_WEAK_COVERAGE], 1);
	/* rows 8-10: good level, SNR -5 < -3 three times: interference */
	assert_int_equal(st.count[CT_DT_INTERFERENCE], 1);
	assert_int_equal(st.nseg, 2);
	assert_int_equal(st.seg[0].kind, CT_DT_WEAK_COVERAGE);
	assert_int_equal(st.seg[0].first, 1);
	assert_int_equal(st.seg[0].last, 3);
	assert_int_equal(st.seg[0].samples, 3);
	assert_true(st.seg[0].worst == -120.0);
	assert_true(fabs(st.seg[0].length_m - 66.72) < 0.05);
	assert_true(st.seg[0].t0 == civil(2020, 2, 13, 13, 0, 1));
	assert_string_equal(st.seg[0].cell, "100");
	assert_int_equal(st.seg[1].kind, CT_DT_INTERFERENCE);
	assert_int_equal(st.seg[1].samples, 3);
	assert_true(st.seg[1].worst == -5.0);
	/* 100 -> 200 at 13:00:11, back to 100 at 13:00:12: a ping-pong */
	assert_int_equal(st.count[CT_DT_PINGPONG], 1);
	assert_int_equal(st.nev, 1);
	assert_int_equal(st.ev[0].kind, CT_DT_PINGPONG);
	assert_string_equal(st.ev[0].cell, "100");
	assert_string_equal(st.ev[0].detail, "100 -> 200 -> 100");
	assert_true(st.ev[0].t == civil(2020, 2, 13, 13, 0, 12));
	assert_true(fabs(st.ev[0].lat - (51.9 + 0.0003 * 12)) < 1e-9);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	ct_buf_free(&b);
}

/* ---- Nemo NMF ---- */

static const char nmf_small[] =
	"#FF,,,\"2.26\"\n"
	/* the date of the first record; the log crosses midnight */
	"#START,23:59:58.000,,\"31.12.2019\"\n"
	/* GPS: lon -8.40, lat 51.90 */
	"GPS,23:59:58.500,,-8.40,51.90,10,0,1,9,0,,,,\n"
	/* LTE FDD (7), no header values, 2 cells of 9: serving EARFCN 3350 PCI 329 RSRP -100.5
	 * RSRQ -9.5; neighbour PCI 327 RSRP -105.0 RSRQ -12.0 */
	"CELLMEAS,23:59:59.000,,7,0,2,9,0,1,3350,329,-70.0,-100.5,-9.5,1000,120.0,2,1,3350,327,-75.0,-105.0,-12.0,,\n"
	/* timing advance 12 for LTE FDD, same time: belongs to that measurement */
	"TAD,23:59:59.000,,7,12\n"
	/* UMTS FDD (5): 1 channel of 3 values; 2 cells of 17, both active set (type 0):
	 * SC 114 Ec/No -13 RSCP -81, SC 159 Ec/No -9 RSCP -78 (the best: serving) */
	"CELLMEAS,00:00:00.500,,5,0,1,3,10563,-69.0,50001,2,17,"
	"0,50001,10563,114,-13.0,,-81.0,,,,,,,,,,,"
	"0,50001,10563,159,-9.0,,-78.0\n"
	/* handover 70: 3350/329 -> 3350/327, success */
	"HOA,00:00:01.000,1,70,1,901,7,3,3350,329,1,7,3,3350,327,1\n"
	"HOS,00:00:01.100,1,70\n"
	/* handover 71: back 327 -> 329 two seconds later: ping-pong */
	"HOA,00:00:03.000,1,71,1,901,7,3,3350,327,1,7,3,3350,329,1\n"
	"HOS,00:00:03.100,1,71\n"
	/* handover 72: 329 -> 29 fails */
	"HOA,00:00:05.000,1,72,1,901,7,3,3350,329,1,7,3,3350,29,1\n"
	"HOF,00:00:07.000,1,72,\n"
	/* call 44: connected, ended normally (status 1, cause 16): not a drop */
	"CAA,00:00:10.000,1,44,5,1,1,\"123\",,15000,,\n"
	"CAC,00:00:12.000,1,44,5,1,3,0\n"
	"CAD,00:00:20.000,1,44,5,1,1,16\n"
	/* call 45: connected, dropped (status 2, cause 41) */
	"CAA,00:00:21.000,1,45,5,1,1,\"123\",,15000,,\n"
	"CAC,00:00:22.000,1,45,5,1,3,0\n"
	"CAD,00:00:30.000,1,45,5,1,2,41\n"
	/* call 46: attempt failed (cause 17) */
	"CAA,00:00:31.000,1,46,7,1,1,\"123\",,,,\n"
	"CAF,00:00:33.000,1,46,5,1,2,17\n"
	/* data 21: fails before it connects */
	"DAA,00:00:40.000,3,21,7,,3,\"10.0.0.1\",21,30000,\n"
	"DAF,00:00:45.000,1,21,3,3,\n"
	/* data 22: connected, then disconnected abnormally (status 2) */
	"DAA,00:00:50.000,3,22,7,,3,\"10.0.0.1\",21,30000,\n"
	"DAC,00:00:51.000,1,22,3\n"
	"DAD,00:00:55.000,1,22,3,2,\n"
	/* data 23: connected, disconnected normally */
	"DAA,00:01:00.000,3,23,7,,3,\"10.0.0.1\",21,30000,\n"
	"DAC,00:01:01.000,1,23,3\n"
	"DAD,00:01:05.000,1,23,3,1,\n"
	/* a WLAN scan (system 20): not a cellular measurement */
	"CELLMEAS,00:01:06.000,,20,0,0,0\n";

static void
test_nmf(void **state)
{
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;
	double day1 = civil(2020, 1, 1, 0, 0, 0);

	(void)state;
	assert_int_equal(read_str("n.nmf", nmf_small, &prof, &log, &err), 0);
	assert_string_equal(log.format_name, "nmf");
	assert_int_equal(log.n, 2);
	assert_int_equal(log.rows, 2);
	assert_int_equal(log.other_system, 1);
	/* LTE sample */
	assert_int_equal(log.s[0].rat, CT_RAT_LTE);
	assert_string_equal(log.s[0].cell, "3350/329");
	assert_true(log.s[0].level == -100.5);
	assert_true(log.s[0].quality == -9.5);
	assert_true(log.s[0].ta == 12.0);
	assert_true(log.s[0].lat == 51.90 && log.s[0].lon == -8.40);
	assert_true(log.s[0].t == civil(2019, 12, 31, 23, 59, 59));
	assert_int_equal(log.s[0].nneigh, 1);
	assert_string_equal(log.nb[log.s[0].neigh].cell, "3350/327");
	assert_true(log.nb[log.s[0].neigh].level == -105.0);
	/* UMTS sample: best RSCP of the active set, after midnight */
	assert_int_equal(log.s[1].rat, CT_RAT_UMTS);
	assert_string_equal(log.s[1].cell, "10563/159");
	assert_true(log.s[1].level == -78.0);
	assert_true(log.s[1].quality == -9.0);
	assert_true(isnan(log.s[1].ta));
	assert_true(fabs(log.s[1].t - (day1 + 0.5)) < 1e-6);
	assert_int_equal(log.nhc, 2);

	assert_int_equal(ct_dt_analyse(&log, &prof, &st, &err), 0);
	assert_int_equal(st.nev, 6);
	assert_int_equal(st.count[CT_DT_PINGPONG], 1);
	assert_int_equal(st.count[CT_DT_HO_FAILURE], 1);
	assert_int_equal(st.count[CT_DT_CALL_DROP], 1);
	assert_int_equal(st.count[CT_DT_CALL_SETUP_FAILURE], 1);
	assert_int_equal(st.count[CT_DT_DATA_SETUP_FAILURE], 1);
	assert_int_equal(st.count[CT_DT_DATA_DROP], 1);
	/* in time order */
	assert_int_equal(st.ev[0].kind, CT_DT_PINGPONG);
	assert_string_equal(st.ev[0].detail, "3350/329 -> 3350/327 -> 3350/329");
	assert_true(fabs(st.ev[0].t - (day1 + 3.1)) < 1e-6);
	assert_int_equal(st.ev[1].kind, CT_DT_HO_FAILURE);
	assert_string_equal(st.ev[1].cell, "3350/329");
	assert_string_equal(st.ev[1].detail, "3350/329 -> 3350/29");
	assert_true(st.ev[1].lat == 51.90);
	assert_int_equal(st.ev[2].kind, CT_DT_CALL_DROP);
	assert_int_equal(st.ev[2].cause, 41);
	/* a call's cause is named as the CC cause (Q.850 table) */
	assert_string_equal(st.ev[2].cause_name, "Temporary failure");
	assert_string_equal(st.ev[2].detail, "status 2 cause 41 (Temporary failure)");
	assert_int_equal(st.ev[3].kind, CT_DT_CALL_SETUP_FAILURE);
	assert_int_equal(st.ev[3].cause, 17);
	assert_string_equal(st.ev[3].cause_name, "User busy");
	assert_int_equal(st.ev[4].kind, CT_DT_DATA_SETUP_FAILURE);
	/* a data session's cause is Nemo's own code: not named */
	assert_string_equal(st.ev[4].cause_name, "");
	assert_int_equal(st.ev[5].kind, CT_DT_DATA_DROP);
	assert_true(fabs(st.ev[5].t - (day1 + 55)) < 1e-6);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
}

/* ---- mapped CSV ---- */

static void
test_csvmap(void **state)
{
	static const char text[] =
		"Time,ecioVal_signal_info(dB),rssiumts_signal_info(dBm),Sent Bytes,RATE(MBit/s)\n"
		/* Ec/No -12.5, RSSI -70: RSCP -82.5 */
		"Sat Aug 20 13:28:14 UTC 2022,-12.5,-70.0,94789,0\n"
		/* the modem's -125 sentinel: no level; a negative rate: no rate */
		"Sat Aug 20 13:28:18 UTC 2022,-125,-125,94789,-3.5\n"
		/* Ec/No -6, RSSI -90: RSCP -96; 1.5 Mbit/s = 1500 kbit/s */
		"Sat Aug 20 13:28:22 UTC 2022,-6.0,-90.0,100000,1.5";
	struct ct_profile mp;
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_profile_load("profiles/mtu-modem.cfg", &mp, &err), 0);
	assert_int_equal(mp.dt.nmaps, 3);
	/* the built-in profile has no mapping for this header */
	assert_int_equal(read_str("u.csv", text, &prof, &log, &err), CT_EINPUT);
	assert_string_equal(err.msg, "u.csv:1: not a drive-test log this version reads (G-NetTrack CSV, Nemo NMF, or a CSV layout the profile's drivetest.csv maps)");
	ct_dt_free(&log);
	assert_int_equal(read_str("u.csv", text, &mp, &log, &err), 0);
	assert_string_equal(log.format_name, "csv:mtu-umts");
	assert_int_equal(log.utc, 1);
	assert_int_equal(log.rows, 3);
	assert_int_equal(ct_dt_usable(&log), 2);
	assert_int_equal(log.s[0].rat, CT_RAT_UMTS);
	assert_true(log.s[0].level == -82.5);
	assert_true(log.s[0].quality == -12.5);
	assert_true(log.s[0].t == civil(2022, 8, 20, 13, 28, 14));
	assert_true(log.s[0].ul_kbps == 0.0);
	assert_true(isnan(log.s[1].level) && isnan(log.s[1].quality) && isnan(log.s[1].ul_kbps));
	assert_true(log.s[2].level == -96.0);
	assert_true(log.s[2].ul_kbps == 1500.0);
	assert_true(isnan(log.s[2].lat));
	assert_int_equal(ct_dt_analyse(&log, &mp, &st, &err), 0);
	assert_int_equal(st.rat[CT_RAT_UMTS].samples, 2);
	assert_int_equal(st.rat[CT_RAT_UMTS].below.below, 1); /* -96 < -95 */
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	ct_profile_free(&mp);
}

/* ---- RFC 4180 ---- */

static void
test_csv_quoting(void **state)
{
	static const char text[] = "a,\"b,c\",\"d\"\"e\",\"\"\r\n\"multi\nline\",x\n\n,\n";
	struct ct_dtcsv c;
	struct ct_err err;

	(void)state;
	ct_dtcsv_init(&c, "q.csv", text, strlen(text));
	assert_int_equal(ct_dtcsv_next(&c, &err), 1);
	assert_int_equal(c.nf, 4);
	assert_string_equal(c.f[0], "a");
	assert_string_equal(c.f[1], "b,c");
	assert_string_equal(c.f[2], "d\"e");
	assert_string_equal(c.f[3], "");
	assert_int_equal(c.rec_line, 1);
	assert_int_equal(ct_dtcsv_next(&c, &err), 1);
	assert_int_equal(c.nf, 2);
	assert_string_equal(c.f[0], "multi\nline");
	assert_string_equal(c.f[1], "x");
	assert_int_equal(c.rec_line, 2);
	/* the empty line is skipped; ",": two empty fields on line 5 */
	assert_int_equal(ct_dtcsv_next(&c, &err), 1);
	assert_int_equal(c.rec_line, 5);
	assert_int_equal(c.nf, 2);
	assert_string_equal(c.f[0], "");
	assert_int_equal(ct_dtcsv_next(&c, &err), 0);
	ct_dtcsv_free(&c);
}

/* ---- malformed input: one line, file and line ---- */

/* In strict mode (drivetest.strict = true) the first bad row fails the log
 * with its one-line message; test_bad_rows has the lenient default. */
static void
expect_error(const char *name, const char *text, const char *msg)
{
	struct ct_profile sp = prof; /* shallow copy: read only */
	struct ct_dt_log log;
	struct ct_err err;

	sp.dt.strict = 1;
	assert_int_equal(read_str(name, text, &sp, &log, &err), CT_EINPUT);
	assert_string_equal(err.msg, msg);
	assert_null(strchr(err.msg, '\n'));
	ct_dt_free(&log);
}

static void
test_malformed(void **state)
{
	(void)state;
	expect_error("t.csv", GT_HDR
		     "2020.02.13_13.18.43,-8.39,51.93,34,B,3,LTE,-85,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n"
		     "2020.02.13_13.18.44,-8.39,51.93,34,B\n",
		     "t.csv:3: 5 fields, the header has 26");
	expect_error("t.csv", GT_HDR
		     "2020.02.13_13.18.43,-8.39,51.93,34,B,3,LTE,-85,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n"
		     "2020.02.13_13.18.44,-8.39,51.93,34,B,3,LTE,-8",
		     "t.csv:3: truncated row (8 of 26 fields)");
	expect_error("t.csv", GT_HDR
		     "2020.02.13_13.18.43,-8.39,51.93,34,B,3,LTE,abc,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n",
		     "t.csv:2: RSRP \"abc\" is not a number");
	expect_error("t.csv", GT_HDR
		     "2020.02.13_13.18.43,-8.39,51.93,34,\"B,3,LTE\n",
		     "t.csv:2: quoted field not closed at the end of the file (truncated?)");
	expect_error("t.csv", GT_HDR
		     "2020.02.13_13.18.43,-8.39,5\"1,34\n",
		     "t.csv:2: quote inside an unquoted field 3");
	expect_error("t.csv", GT_HDR
		     "2020/02/13 13:18:43,-8.39,51.93,34,B,3,LTE,-85,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n",
		     "t.csv:2: Timestamp \"2020/02/13 13:18:43\" is not YYYY.MM.DD_HH.MM.SS");
	expect_error("t.nmf", "#FF,,,\"2.26\"\nGPS,10:00:00.000,,-8.40,51.90\nTAD,10:00:01.000,,7,1",
		     "t.nmf:3: last record has no line end (truncated file?)");
	expect_error("t.nmf", "#FF,,,\"2.26\"\nCELLMEAS,10:00:00.000,,7,0,2,9,0,1,3350,329,-70.0\n",
		     "t.nmf:2: CELLMEAS announces 2 cells of 9 values, the record has 12 fields");
	expect_error("t.nmf", "#FF,,,\"2.26\"\nGPS,25:00:00.000,,-8.40,51.90\n",
		     "t.nmf:2: GPS time \"25:00:00.000\" is not hh:mm:ss.mmm");
	expect_error("t.csv", "", "t.csv: empty file, not a drive-test log");
	expect_error("t.csv", "a,b\n1,2\n",
		     "t.csv:1: not a drive-test log this version reads (G-NetTrack CSV, Nemo NMF, or a CSV layout the profile's drivetest.csv maps)");
}

/* ---- bad rows: skipped and counted unless the profile says strict ---- */

/* One good G-NetTrack row (LTE, RSRP -85) with its timestamp's second. */
#define GT_ROW(ss, rsrp) "2020.02.13_13.18." ss ",-8.39,51.93,34,B,3,LTE," rsrp \
	",-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n"

static const char gt_bad[] = GT_HDR                 /* line 1 */
	GT_ROW("40", "-85")                        /* 2: good */
	"2020.02.13_13.18.41,-8.39,51.93,34,B\n"   /* 3: 5 of 26 fields */
	GT_ROW("42", "abc")                        /* 4: RSRP not a number */
	GT_ROW("43", "-90")                        /* 5: good */
	"2020.02.13_13.18.44,-8.39,5\"1,34\n"       /* 6: stray quote */
	/* 7: a quote opened and never closed: only this row is lost */
	"2020.02.13_13.18.45,-8.39,51.93,34,\"B,3,LTE,-70\n"
	GT_ROW("46", "-95")                        /* 8: good */
	"2020/02/13 13:18:47,-8.39,51.93,34,B,3,LTE,-85,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n" /* 9: time */
	"2020.02.13_13.18.48,-8.39,951.93,34,B,3,LTE,-85,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n" /* 10: latitude 951.93 */
	GT_ROW("49", "-100")                       /* 11: good */
	"2020.02.13_13.18.50,-8.39,51.93,34,B,3,LTE,-8"; /* 12: truncated, no line end */

static void
test_bad_rows(void **state)
{
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;
	struct ct_buf b = CT_BUF_INIT;

	(void)state;
	/* lenient (the built-in profile): 4 good rows read, 7 bad rows counted */
	assert_int_equal(read_str("t.csv", gt_bad, &prof, &log, &err), 0);
	assert_int_equal(log.rows, 4);
	assert_int_equal(log.n, 4);
	assert_true(log.s[0].level == -85 && log.s[1].level == -90 && log.s[2].level == -95 &&
		    log.s[3].level == -100);
	assert_int_equal(log.s[2].line, 8);
	assert_int_equal(log.s[3].line, 11);
	assert_int_equal(log.nnb, 4); /* the bad rows added no neighbour */
	assert_int_equal(log.bad.n, 7);
	assert_int_equal(log.bad.first[0].line, 3);
	assert_string_equal(log.bad.first[0].reason, "5 fields, the header has 26");
	assert_int_equal(log.bad.first[1].line, 4);
	assert_string_equal(log.bad.first[1].reason, "RSRP \"abc\" is not a number");
	assert_int_equal(log.bad.first[2].line, 6);
	assert_string_equal(log.bad.first[2].reason, "quote inside an unquoted field 3");
	assert_int_equal(log.bad.first[3].line, 7);
	assert_string_equal(log.bad.first[3].reason,
			    "quoted field not closed at the end of the file (truncated?)");
	assert_int_equal(log.bad.first[4].line, 9);
	assert_string_equal(log.bad.first[4].reason,
			    "Timestamp \"2020/02/13 13:18:47\" is not YYYY.MM.DD_HH.MM.SS");
	/* the JSON names the count and the first five */
	assert_int_equal(ct_dt_analyse(&log, &prof, &st, &err), 0);
	{
		struct ct_dt_out o = { CT_BUF_INIT, NULL, NULL };

		assert_int_equal(ct_dt_json(&o, &log, &st, &prof, &err), 0);
		b = o.b;
	}
	assert_non_null(strstr(ct_buf_str(&b), "\"rows\":4,\"bad_rows\":{\"count\":7,\"first\":[{\"line\":3,\"reason\":\"5 fields, the header has 26\"},"));
	ct_buf_free(&b);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);

	/* the same log, strict: the first bad row fails it */
	expect_error("t.csv", gt_bad, "t.csv:3: 5 fields, the header has 26");

	/* a truncated last row alone is still reported, as a bad row */
	assert_int_equal(read_str("t.csv", GT_HDR GT_ROW("40", "-85")
				  "2020.02.13_13.18.41,-8.39,51.93,34,B,3,LTE,-8", &prof, &log, &err), 0);
	assert_int_equal(log.rows, 1);
	assert_int_equal(log.bad.n, 1);
	assert_int_equal(log.bad.first[0].line, 3);
	assert_string_equal(log.bad.first[0].reason, "truncated row (8 of 26 fields)");
	ct_dt_free(&log);
	/* a clean log has none */
	assert_int_equal(read_str("t.csv", GT_HDR GT_ROW("40", "-85"), &prof, &log, &err), 0);
	assert_int_equal(log.bad.n, 0);
	ct_dt_free(&log);
}

static void
test_bad_rows_nmf_csvmap(void **state)
{
	static const char nmf[] =
		"#FF,,,\"2.26\"\n"                                        /* 1 */
		"#START,10:00:00.000,,\"25.02.2019\"\n"                   /* 2 */
		"GPS,10:00:00.000,,-8.40,51.90\n"                         /* 3 */
		/* 4: LTE FDD serving cell EARFCN 3350 PCI 329, RSRP -104.4 */
		"CELLMEAS,10:00:01.000,,7,0,1,9,0,1,3350,329,-76.2,-104.4,-8.1,203288,132.0\n"
		/* 5: announces 2 cells but carries one: skipped, no sample left */
		"CELLMEAS,10:00:02.000,,7,0,2,9,0,1,3350,329,-70.0,-100.0,-9.0,1,1\n"
		"GPS,25:00:00.000,,-8.40,51.90\n"                         /* 6: hour 25 */
		/* 7: serving RSRP -110.0 */
		"CELLMEAS,10:00:03.000,,7,0,1,9,0,1,3350,329,-80.0,-110.0,-12.0,1,1\n"
		"TAD,10:00:04.000,,7,1";                                  /* 8: cut off */
	static const char umts[] =
		"Time,ecioVal_signal_info(dB),rssiumts_signal_info(dBm),Sent Bytes,RATE(MBit/s)\n"
		"Sat Aug 20 13:28:14 UTC 2022,-12.5,-70.0,94789,0\n"       /* 2: good */
		"Sat Aug 20 13:28:18 EST 2022,-12.5,-70.0,94789,0\n"       /* 3: not UTC */
		"Sat Aug 20 13:28:22 UTC 2022,-6.0,x,100000,1.5\n";        /* 4: RSSI "x" */
	struct ct_profile mp;
	struct ct_dt_log log;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_str("t.nmf", nmf, &prof, &log, &err), 0);
	assert_int_equal(log.n, 2);
	assert_true(log.s[0].level == -104.4 && log.s[1].level == -110.0);
	assert_int_equal(log.s[1].line, 7);
	assert_int_equal(log.bad.n, 3);
	assert_int_equal(log.bad.first[0].line, 5);
	assert_string_equal(log.bad.first[0].reason,
			    "CELLMEAS announces 2 cells of 9 values, the record has 16 fields");
	assert_int_equal(log.bad.first[1].line, 6);
	assert_string_equal(log.bad.first[1].reason, "GPS time \"25:00:00.000\" is not hh:mm:ss.mmm");
	assert_int_equal(log.bad.first[2].line, 8);
	assert_string_equal(log.bad.first[2].reason, "last record has no line end (truncated file?)");
	ct_dt_free(&log);

	assert_int_equal(ct_profile_load("profiles/mtu-modem.cfg", &mp, &err), 0);
	assert_int_equal(read_str("u.csv", umts, &mp, &log, &err), 0);
	assert_int_equal(log.rows, 1);
	assert_true(log.s[0].level == -82.5);
	assert_int_equal(log.bad.n, 2);
	assert_int_equal(log.bad.first[0].line, 3);
	assert_string_equal(log.bad.first[0].reason,
			    "Time \"Sat Aug 20 13:28:18 EST 2022\" is not a date(1) time in UTC");
	assert_int_equal(log.bad.first[1].line, 4);
	assert_string_equal(log.bad.first[1].reason, "rssiumts_signal_info(dBm) \"x\" is not a number");
	ct_dt_free(&log);
	mp.dt.strict = 1;
	assert_int_equal(read_str("u.csv", umts, &mp, &log, &err), CT_EINPUT);
	assert_string_equal(err.msg, "u.csv:3: Time \"Sat Aug 20 13:28:18 EST 2022\" is not a date(1) time in UTC");
	ct_dt_free(&log);
	ct_profile_free(&mp);
}

/* ---- line ends: LF, CRLF and a lone CR read alike ---- */

/* text with every LF replaced by eol (caller frees). */
static char *
with_eol(const char *text, const char *eol)
{
	struct ct_buf b = CT_BUF_INIT;

	for (const char *p = text; *p; p++)
		if (*p == '\n')
			ct_buf_puts(&b, eol);
		else
			ct_buf_add(&b, p, 1);
	return ct_buf_detach(&b);
}

/* The log read with CRLF and with CR line ends is the LF log: the same
 * samples on the same lines, the same bad rows with the same lines and
 * reasons, and in strict mode the same error. */
static void
same_with_any_eol(const char *name, const char *text)
{
	static const char *const eols[] = { "\r\n", "\r" };
	struct ct_profile sp = prof; /* shallow copy: read only */
	struct ct_dt_log want, got;
	struct ct_err err, werr;
	int wrc;

	sp.dt.strict = 1;
	assert_int_equal(read_str(name, text, &prof, &want, &err), 0);
	wrc = read_str(name, text, &sp, &got, &werr);
	ct_dt_free(&got);
	for (size_t k = 0; k < 2; k++) {
		char *t = with_eol(text, eols[k]);

		assert_int_equal(read_str(name, t, &prof, &got, &err), 0);
		assert_string_equal(got.format_name, want.format_name);
		assert_int_equal(got.rows, want.rows);
		assert_int_equal(got.n, want.n);
		assert_int_equal(got.nev, want.nev);
		assert_int_equal(got.nhc, want.nhc);
		for (size_t i = 0; i < want.n; i++) {
			assert_int_equal(got.s[i].line, want.s[i].line);
			assert_true(got.s[i].level == want.s[i].level ||
				    (isnan(got.s[i].level) && isnan(want.s[i].level)));
		}
		assert_int_equal(got.bad.n, want.bad.n);
		for (size_t i = 0; i < want.bad.n && i < CT_BADROWS_KEEP; i++) {
			assert_int_equal(got.bad.first[i].line, want.bad.first[i].line);
			assert_string_equal(got.bad.first[i].reason, want.bad.first[i].reason);
		}
		ct_dt_free(&got);
		assert_int_equal(read_str(name, t, &sp, &got, &err), wrc);
		if (wrc)
			assert_string_equal(err.msg, werr.msg);
		ct_dt_free(&got);
		free(t);
	}
	ct_dt_free(&want);
}

static void
test_line_ends(void **state)
{
	(void)state;
	same_with_any_eol("g.csv", gt_small);
	same_with_any_eol("t.csv", gt_bad);
	same_with_any_eol("n.nmf", nmf_small);
	/* a quoted field over two lines, blank lines, then a bad row: its line */
	same_with_any_eol("q.csv", GT_HDR GT_ROW("40", "-85")
			  "2020.02.13_13.18.41,-8.39,51.93,34,\"B\nC\",3,LTE,-86,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n"
			  "\n\n" GT_ROW("42", "abc") GT_ROW("43", "-90"));
	same_with_any_eol("b.nmf", "#FF,,,\"2.26\"\n#START,10:00:00.000,,\"25.02.2019\"\n"
			  "GPS,10:00:00.000,,-8.40,51.90\n"
			  "CELLMEAS,10:00:01.000,,7,0,1,9,0,1,3350,329,-76.2,-104.4,-8.1,203288,132.0\n"
			  "GPS,25:00:00.000,,-8.40,51.90\n"
			  "CELLMEAS,10:00:03.000,,7,0,1,9,0,1,3350,329,-80.0,-110.0,-12.0,1,1\n"
			  "TAD,10:00:04.000,,7,1");
}

/* A UTF-8 byte order mark before the first byte changes nothing. */
static void
same_with_bom(const char *name, const char *text)
{
	struct ct_dt_log want, got;
	struct ct_err err;
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_puts(&b, "\xef\xbb\xbf");
	ct_buf_puts(&b, text);
	assert_int_equal(read_str(name, text, &prof, &want, &err), 0);
	assert_int_equal(read_str(name, ct_buf_str(&b), &prof, &got, &err), 0);
	assert_string_equal(got.format_name, want.format_name);
	assert_int_equal(got.rows, want.rows);
	assert_int_equal(got.n, want.n);
	assert_int_equal(got.bad.n, want.bad.n);
	for (size_t i = 0; i < want.n; i++) {
		assert_int_equal(got.s[i].line, want.s[i].line);
		assert_true(got.s[i].t == want.s[i].t);
	}
	ct_dt_free(&want);
	ct_dt_free(&got);
	ct_buf_free(&b);
}

static void
test_bom(void **state)
{
	struct ct_dt_cells cells;
	struct ct_err err;
	static const char ocid[] = "\xef\xbb\xbfradio,mcc,net,area,cell,unit,lon,lat,range\n"
				   "LTE,272,1,100,11016963,0,-8.39,51.93,1000\n";

	(void)state;
	same_with_bom("g.csv", gt_small);
	same_with_bom("t.csv", gt_bad);
	same_with_bom("n.nmf", nmf_small);
	/* the OpenCellID header row is still the header */
	assert_int_equal(ct_dt_cells_read_mem("c.csv", ocid, strlen(ocid), &cells, &err), 0);
	assert_int_equal(cells.n, 1);
	ct_dt_cells_free(&cells);
}

/* A row with a value outside its measurement's reporting range is a bad
 * row (the ends of each range are in it). */
#define GT_MODE_ROW(ss, mode, rsrp, rsrq, snr) "2020.02.13_13.18." ss ",-8.39,51.93,34,B,3," mode "," \
	rsrp "," rsrq "," snr ",5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0\n"

static void
test_ranges(void **state)
{
	static const char gt[] = GT_HDR                       /* 1 */
		GT_MODE_ROW("40", "LTE", "50", "-13", "-2")       /* 2: RSRP +50 */
		GT_MODE_ROW("41", "LTE", "-500", "-13", "-2")     /* 3: RSRP -500 */
		GT_MODE_ROW("42", "LTE", "-156", "-34", "-23")    /* 4: good, the low ends */
		GT_MODE_ROW("43", "LTE", "-31", "2.5", "40")      /* 5: good, the high ends */
		GT_MODE_ROW("44", "LTE", "-90", "-35", "0")       /* 6: RSRQ -35 */
		GT_MODE_ROW("45", "LTE", "-90", "-10", "40.5")    /* 7: SNR 40.5 */
		GT_MODE_ROW("46", "EDGE", "-114", "0", "-")       /* 8: RxLev -114 */
		GT_MODE_ROW("47", "EDGE", "-113", "0", "-")       /* 9: good */
		GT_MODE_ROW("48", "HSPA+", "-20", "-2", "-")      /* 10: RSCP -20 */
		GT_MODE_ROW("49", "HSPA+", "-25", "-40", "-");    /* 11: good; RSRQ unused on UMTS */
	static const char nmf[] =
		"#FF,,,\"2.26\"\n#START,10:00:00.000,,\"25.02.2019\"\n"
		"CELLMEAS,10:00:01.000,,7,0,1,9,0,1,3350,329,-76.2,-204.4,-8.1,203288,132.0\n"    /* 3 */
		"CELLMEAS,10:00:02.000,,7,0,1,9,0,1,3350,329,-76.2,-104.4,-8.1,203288,132.0\n"    /* 4 */
		"CELLMEAS,10:00:03.000,,5,0,1,3,10563,-69.0,50001,1,17,"
		"0,50001,10563,114,-25.0,,-81.0\n";                                              /* 5 */
	static const char umts[] =
		"Time,ecioVal_signal_info(dB),rssiumts_signal_info(dBm),Sent Bytes,RATE(MBit/s)\n"
		"Sat Aug 20 13:28:14 UTC 2022,-12.5,-70.0,94789,0\n"        /* 2: good, -82.5 */
		"Sat Aug 20 13:28:18 UTC 2022,-12.5,-110.0,94789,0\n";      /* 3: -122.5 */
	static const struct { size_t line; const char *reason; } gt_bad_rows[] = {
		{ 2, "RSRP 50 is outside the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133)" },
		{ 3, "RSRP -500 is outside the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133)" },
		{ 6, "RSRQ -35 is outside the LTE RSRQ reporting range -34..2.5 dB (3GPP TS 36.133)" },
		{ 7, "SNR 40.5 is outside the LTE RS-SINR reporting range -23..40 dB (3GPP TS 36.133)" },
		{ 8, "RSRP -114 is outside the GSM RxLev reporting range -113..-47 dBm (3GPP TS 45.008, TS 27.007)" },
	};
	struct ct_profile sp = prof, mp;
	struct ct_dt_log log;
	struct ct_err err;

	(void)state;
	assert_int_equal(read_str("r.csv", gt, &prof, &log, &err), 0);
	assert_int_equal(log.rows, 4);
	assert_int_equal(log.s[0].line, 4);
	assert_true(log.s[0].level == -156 && log.s[0].quality == -34 && log.s[0].sinr == -23);
	assert_true(log.s[1].level == -31 && log.s[1].quality == 2.5 && log.s[1].sinr == 40);
	assert_true(log.s[2].level == -113 && log.s[3].level == -25);
	assert_int_equal(log.bad.n, 6);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(log.bad.first[i].line, gt_bad_rows[i].line);
		assert_string_equal(log.bad.first[i].reason, gt_bad_rows[i].reason);
	}
	ct_dt_free(&log);
	sp.dt.strict = 1;
	assert_int_equal(read_str("r.csv", gt, &sp, &log, &err), CT_EINPUT);
	assert_string_equal(err.msg,
			    "r.csv:2: RSRP 50 is outside the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133)");
	ct_dt_free(&log);

	assert_int_equal(read_str("r.nmf", nmf, &prof, &log, &err), 0);
	assert_int_equal(log.n, 1);
	assert_true(log.s[0].level == -104.4);
	assert_int_equal(log.bad.n, 2);
	assert_int_equal(log.bad.first[0].line, 3);
	assert_string_equal(log.bad.first[0].reason,
			    "RSRP -204.4 is outside the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133)");
	assert_int_equal(log.bad.first[1].line, 5);
	assert_string_equal(log.bad.first[1].reason,
			    "Ec/No -25 is outside the UMTS Ec/No reporting range -24..0 dB (3GPP TS 25.133)");
	ct_dt_free(&log);

	assert_int_equal(ct_profile_load("profiles/mtu-modem.cfg", &mp, &err), 0);
	assert_int_equal(read_str("u.csv", umts, &mp, &log, &err), 0);
	assert_int_equal(log.rows, 1);
	assert_int_equal(log.bad.n, 1);
	assert_int_equal(log.bad.first[0].line, 3);
	assert_string_equal(log.bad.first[0].reason,
			    "rssiumts_signal_info(dBm) + ecioVal_signal_info(dB) -122.5 is outside the UMTS RSCP reporting range -120..-25 dBm (3GPP TS 25.133)");
	ct_dt_free(&log);
	ct_profile_free(&mp);
}

/* A log of a layout a shipped profile maps, read without it: the message
 * read from a file names that profile (the tests run in the source tree,
 * whose profiles/ holds it); bytes in memory are not compared with files. */
static void
test_modem_hint(void **state)
{
	static const char lte[] =
		"Time,rsrpVal_signal_info(dBm),rsrqVal_signal_info(dB),snrVal_signal_info(dB),RATE(MBit/s)\n"
		"Sat Aug 20 13:28:14 UTC 2022,-90,-10,5,1\n";
	static const char base[] = ":1: not a drive-test log this version reads (G-NetTrack CSV, Nemo NMF, "
				   "or a CSV layout the profile's drivetest.csv maps)";
	char path[] = "/tmp/ct-modem-XXXXXX", want[512];
	struct ct_dt_log log;
	struct ct_err err;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, lte, strlen(lte)), (ssize_t)strlen(lte));
	close(fd);
	assert_int_equal(ct_dt_read(path, &prof, &log, &err), CT_EINPUT);
	snprintf(want, sizeof(want), "%s%s; its header is the mtu-lte layout of "
		 "profiles/mtu-modem.cfg: --profile profiles/mtu-modem.cfg reads it", path, base);
	assert_string_equal(err.msg, want);
	ct_dt_free(&log);
	assert_int_equal(read_str("m.csv", lte, &prof, &log, &err), CT_EINPUT);
	snprintf(want, sizeof(want), "m.csv%s", base);
	assert_string_equal(err.msg, want);
	ct_dt_free(&log);
	unlink(path);
}

static void
test_badrows_helpers(void **state)
{
	struct ct_badrows b;

	(void)state;
	memset(&b, 0, sizeof(b));
	/* the reason is the message without "file:line: ", even with ':' in the path */
	ct_badrows_add(&b, 12, "c:/logs/a.csv:12: RSRP \"x\" is not a number");
	assert_string_equal(b.first[0].reason, "RSRP \"x\" is not a number");
	ct_badrows_add(&b, 13, "a.xml:13:4: expected '>'");
	assert_string_equal(b.first[1].reason, "expected '>'");
	/* control bytes from a quoted field are not kept */
	ct_badrows_add(&b, 14, "a.csv:14: \"a\nb\" is not a number");
	assert_string_equal(b.first[2].reason, "\"a?b\" is not a number");
	for (int i = 0; i < 7; i++)
		ct_badrows_add(&b, 20 + (size_t)i, "a.csv:20: x");
	assert_int_equal(b.n, 10);
	assert_int_equal(b.first[4].line, 21); /* the first five kept */
}

/* ---- one pass, no samples kept: the same statistics ---- */

static void
same_dist(const struct ct_dt_dist *a, const struct ct_dt_dist *b)
{
	assert_int_equal(a->n, b->n);
	/* bit for bit: the same sorted values, the same interpolation */
	assert_memory_equal(&a->p10, &b->p10, sizeof(double));
	assert_memory_equal(&a->median, &b->median, sizeof(double));
	assert_memory_equal(&a->p90, &b->p90, sizeof(double));
}

static void
same_stats(const struct ct_dt_stats *a, const struct ct_dt_stats *b)
{
	assert_int_equal(a->samples, b->samples);
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		const struct ct_dt_ratstats *x = &a->rat[r], *y = &b->rat[r];

		assert_int_equal(x->samples, y->samples);
		same_dist(&x->level, &y->level);
		same_dist(&x->quality, &y->quality);
		same_dist(&x->sinr, &y->sinr);
		same_dist(&x->dl, &y->dl);
		same_dist(&x->ul, &y->ul);
		assert_int_equal(x->below.n, y->below.n);
		assert_int_equal(x->below.below, y->below.below);
		assert_int_equal(x->poor_quality.below, y->poor_quality.below);
		assert_int_equal(x->poor_sinr.below, y->poor_sinr.below);
	}
	assert_int_equal(a->nseg, b->nseg);
	for (size_t i = 0; i < a->nseg; i++) {
		assert_int_equal(a->seg[i].kind, b->seg[i].kind);
		assert_int_equal(a->seg[i].first, b->seg[i].first);
		assert_int_equal(a->seg[i].last, b->seg[i].last);
		assert_true(a->seg[i].worst == b->seg[i].worst);
	}
	assert_int_equal(a->nev, b->nev);
	for (size_t i = 0; i < a->nev; i++) {
		assert_int_equal(a->ev[i].kind, b->ev[i].kind);
		assert_int_equal(a->ev[i].line, b->ev[i].line);
		assert_string_equal(a->ev[i].detail, b->ev[i].detail);
	}
	assert_memory_equal(a->count, b->count, sizeof(a->count));
}

/* text, JSON and CSV of one log, one after the other; caller frees. */
static char *
render_all(const struct ct_dt_log *log, const struct ct_dt_stats *st, const struct ct_profile *p)
{
	struct ct_dt_out o = { CT_BUF_INIT, NULL, NULL };
	struct ct_err err;

	assert_int_equal(ct_dt_text(&o, log, st, p, &err), 0);
	assert_int_equal(ct_dt_json(&o, log, st, p, &err), 0);
	assert_int_equal(ct_dt_csv(&o, log, st, 1, &err), 0);
	return ct_buf_detach(&o.b);
}

/* What a temporary file holds, NUL-terminated; closes it. */
static char *
slurp(FILE *f)
{
	struct ct_buf b = CT_BUF_INIT;
	char chunk[4096];
	size_t got;

	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ct_buf_add(&b, chunk, got);
	fclose(f);
	ct_buf_puts(&b, "");
	return ct_buf_detach(&b);
}

/*
 * The maps and the plot written as path is read (ct_dt_read_stats_each
 * feeding ct_dt_maps_take, spill runs of 2: the segments' positions go
 * through temporary files), with a log that fails after some samples
 * dropped in between, are byte for byte the maps of the log held in
 * memory (lm, sm).
 */
static void
maps_same(const char *path, const struct ct_profile *p, const struct ct_dt_log *lm,
	  const struct ct_dt_stats *sm)
{
	struct ct_dt_out o[3] = { { CT_BUF_INIT, NULL, "kml" }, { CT_BUF_INIT, NULL, "geojson" },
				  { CT_BUF_INIT, NULL, "svg" } };
	struct ct_buf want[3] = { CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT };
	const struct ct_dt_log *lp = lm;
	const struct ct_dt_stats *sp = sm;
	struct ct_profile strict = *p;
	char bad[] = "/tmp/ct-dt-maps-XXXXXX";
	struct ct_dt_maps *m;
	struct ct_dt_log ls, lb;
	struct ct_dt_stats ss, sb;
	struct ct_err err;
	size_t old;
	int fd;
	FILE *f;

	ct_dt_kml(&want[0], &lp, &sp, 1, p);
	ct_dt_geojson(&want[1], &lp, &sp, 1, p);
	ct_dt_svg(&want[2], &lp, 1, p);
	{
		/* Each segment's line, checked against the samples themselves:
		 * the positioned samples from its first to its last that have a
		 * level on its leg (any serving level; an NR segment of an LTE
		 * sample is its NR leg's), in order. */
		const char *at = ct_buf_str(&want[0]);
		size_t lines = 0;

		for (size_t i = 0; i < sm->nseg; i++) {
			const struct ct_dt_segment *g = &sm->seg[i];

			if (isnan(g->lat0))
				continue;
			assert_non_null(at = strstr(at, "<LineString><coordinates>"));
			at += strlen("<LineString><coordinates>");
			for (size_t j = g->first; j <= g->last; j++) {
				const struct ct_dt_sample *x = &lm->s[j];
				char pt[64];

				int leg = g->rat == CT_RAT_NR && x->rat != CT_RAT_NR;

				if (isnan(x->lat) || isnan(leg ? x->nr_level : x->level))
					continue;
				snprintf(pt, sizeof(pt), "%.6f,%.6f ", x->lon, x->lat);
				assert_memory_equal(at, pt, strlen(pt));
				at += strlen(pt);
			}
			assert_memory_equal(at, "</coordinates>", 14);
			lines++;
		}
		assert_null(strstr(at, "<LineString>"));
		if (sm->nseg)
			assert_true(lines > 0);
	}
	/* a log that fails on its third row (strict), after two samples */
	assert_true((fd = mkstemp(bad)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(GT_HDR "2020.02.13_13.18.43,-8.1,51.1,34,B,3,LTE,-85,-13,-2.0,5,-91,1,1,D,-,-,-,-,-,3,A81B,9CBA,7,-,-\n"
	      "2020.02.13_13.18.44,-8.1,51.1,34,B,3,LTE,-86,-13,-2.0,5,-91,1,1,D,-,-,-,-,-,3,A81B,9CBA,7,-,-\n"
	      "2020.02.13_13.18.45,oops\n", f);
	fclose(f);
	strict.dt.strict = 1;
	for (int k = 0; k < 3; k++)
		assert_non_null(o[k].fp = tmpfile());
	old = ct_spill_set_default_run(2);
	assert_non_null(m = ct_dt_maps_new(p, &o[0], &o[1], &o[2], &err));
	assert_int_equal(ct_dt_read_stats_each(bad, &strict, NULL, &lb, &sb, ct_dt_maps_take, m, &err),
			 CT_EINPUT);
	ct_dt_maps_drop(m);
	ct_dt_free(&lb);
	assert_int_equal(ct_dt_read_stats_each(path, p, NULL, &ls, &ss, ct_dt_maps_take, m, &err), 0);
	assert_int_equal(ct_dt_maps_log(m, &ls, &ss, &err), 0);
	assert_int_equal(ct_dt_maps_finish(m, &path, 1, &err), 0);
	ct_spill_set_default_run(old);
	for (int k = 0; k < 3; k++) {
		char *got = slurp(o[k].fp);

		assert_string_equal(got, ct_buf_str(&want[k]));
		free(got);
		ct_buf_free(&o[k].b);
		ct_buf_free(&want[k]);
	}
	ct_dt_stats_free(&ss);
	ct_dt_free(&ls);
	unlink(bad);
}

/*
 * ct_dt_read_stats with spill runs of 2 records (segments and events go
 * through temporary files, merged over several levels) renders exactly
 * what the in-memory analysis of the same log renders (lm, sm); and a
 * second rendering of the spilled stats (walking the files again) too.
 */
static void
spilled_same(const char *path, const struct ct_profile *p, const struct ct_dt_log *lm,
	     const struct ct_dt_stats *sm)
{
	struct ct_dt_log ls = { 0 };
	struct ct_dt_stats ss;
	struct ct_err err;
	size_t old = ct_spill_set_default_run(2);
	char *want, *got;

	assert_int_equal(ct_dt_read_stats(path, p, &ls, &ss, &err), 0);
	ct_spill_set_default_run(old);
	/* the samples gave the counts of the stats and the log */
	assert_int_equal(ss.samples, sm->samples);
	assert_int_equal(ss.nseg, sm->nseg);
	assert_int_equal(ss.nev, sm->nev);
	assert_memory_equal(ss.count, sm->count, sizeof(ss.count));
	assert_int_equal(ls.nev, 0); /* handed to the statistics */
	assert_int_equal(ls.nhc, 0);
	/* more than one run: on disk, no arrays */
	if (ss.nseg > 2)
		assert_true(ss.segs != NULL && ss.seg == NULL);
	if (ss.nev > 2)
		assert_true(ss.evs != NULL && ss.ev == NULL);
	/* the file name differs not: lm was read from the same path */
	want = render_all(lm, sm, p);
	got = render_all(&ls, &ss, p);
	assert_string_equal(got, want);
	free(got);
	got = render_all(&ls, &ss, p);
	assert_string_equal(got, want);
	free(got);
	free(want);
	ct_dt_stats_free(&ss);
	ct_dt_free(&ls);
	maps_same(path, p, lm, sm);
}

/* Reads path three ways (buffer, file kept, file streamed) and compares. */
static void
three_ways(const char *path, const char *text, size_t len, const struct ct_profile *p,
	   size_t want_samples, size_t want_bad, long want_pingpong)
{
	struct ct_dt_log lm, lf, ls;
	struct ct_dt_stats sm, sf, ss;
	struct ct_err err;

	assert_int_equal(ct_dt_read_mem(path, text, len, p, &lm, &err), 0);
	assert_int_equal(ct_dt_read(path, p, &lf, &err), 0);
	assert_int_equal(ct_dt_read_stats(path, p, &ls, &ss, &err), 0);
	assert_int_equal(ct_dt_analyse(&lm, p, &sm, &err), 0);
	assert_int_equal(ct_dt_analyse(&lf, p, &sf, &err), 0);
	assert_int_equal(sm.samples, want_samples);
	if (want_pingpong >= 0)
		assert_int_equal(sm.count[CT_DT_PINGPONG], want_pingpong);
	else
		assert_true(sm.count[CT_DT_PINGPONG] > 0);
	assert_true(sm.nseg > 0 || lm.format == CT_DT_NMF);
	assert_int_equal(lm.n, lf.n);
	assert_int_equal(ls.n, 0); /* none kept */
	assert_int_equal(lm.rows, ls.rows);
	assert_int_equal(lm.bad.n, want_bad);
	assert_int_equal(lf.bad.n, want_bad);
	assert_int_equal(ls.bad.n, want_bad);
	for (size_t i = 0; i < want_bad && i < CT_BADROWS_KEEP; i++) {
		assert_int_equal(lm.bad.first[i].line, ls.bad.first[i].line);
		assert_string_equal(lm.bad.first[i].reason, ls.bad.first[i].reason);
	}
	for (size_t i = 0; i < lm.n; i++) {
		assert_int_equal(lm.s[i].line, lf.s[i].line);
		assert_true(lm.s[i].t == lf.s[i].t);
		assert_true(isnan(lm.s[i].ta) == isnan(lf.s[i].ta));
		if (lm.format == CT_DT_NMF) /* each CELLMEAS got its TAD */
			assert_true(lm.s[i].ta == (double)(i % 20));
	}
	same_stats(&sm, &sf);
	same_stats(&sm, &ss);
	{
		char *want = render_all(&lf, &sf, p), *got = render_all(&ls, &ss, p);

		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	spilled_same(path, p, &lf, &sf);
	ct_dt_stats_free(&sm);
	ct_dt_stats_free(&sf);
	ct_dt_stats_free(&ss);
	ct_dt_free(&lm);
	ct_dt_free(&lf);
	ct_dt_free(&ls);
}

static void
test_streaming(void **state)
{
	char path[] = "/tmp/ct-dt-stream-XXXXXX";
	struct ct_buf b = CT_BUF_INIT;
	int fd;
	FILE *f;

	(void)state;
	/* G-NetTrack, 20000 rows (2.7 MB: the file window is 1 MiB; batches
	 * of 4096 samples), levels in 1 dB steps with weak and interfered
	 * stretches, cells that ping-pong, throughput in kbit/s; row 5001 is
	 * 1.5 MB long (a bad row longer than the window), row 9001 is bad. */
	ct_buf_puts(&b, GT_HDR);
	for (int i = 0; i < 20000; i++) {
		int rsrp = -70 - (i * 7) % 55, snr = (i / 40) % 5 == 0 ? -6 : 12;
		long cell = 11016960 + (i / 3) % 2 + ((i / 500) % 3 ? 0 : 1);

		if (i == 5000) {
			ct_buf_puts(&b, "2020.02.13_13.18.40,");
			for (int k = 0; k < 150000; k++)
				ct_buf_puts(&b, "xxxxxxxxxx");
			ct_buf_puts(&b, "\n");
			continue;
		}
		if (i == 9000) {
			ct_buf_puts(&b, "2020.02.13_13.18.40,-8.39,51.93\n");
			continue;
		}
		/* blocks of 5G NSA rows whose NR leg dips below -110 dBm and
		 * has runs of SS-RSRQ below -15 dB; now and then the app's
		 * 2147483647 placeholder */
		int nsa = (i / 200) % 3 == 1;
		int nrsrp = -100 - (i / 40) % 20, nrsrq = -(10 + (i / 3) % 8);

		ct_buf_printf(&b, "2020.02.%02d_%02d.%02d.%02d,-8.%06d,51.%06d,30,B,3,%s,%d,-%d,%d.0,5,-91,%d,%d,D,"
			      "-,-,-,-,-,3,A81B,9CBA,%ld,",
			      13 + i / 86400, (i / 3600) % 24, (i / 60) % 60, i % 60, 390000 + i * 3,
			      930000 + i * 2, nsa ? "5G" : i % 11 == 0 ? "HSPA+" : "LTE", rsrp, 8 + i % 9, snr,
			      (i * 37) % 5000, i % 100, cell);
		if (nsa && i % 997 == 0)
			ct_buf_printf(&b, "%d.0,2147483647.0\n", nrsrp);
		else if (nsa)
			ct_buf_printf(&b, "%d.0,%d.0\n", nrsrp, nrsrq);
		else
			ct_buf_puts(&b, "-78.0,-12.0\n");
	}
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	assert_int_equal(fwrite(b.s, 1, b.len, f), b.len);
	fclose(f);
	three_ways(path, b.s, b.len, &prof, 19998, 2, -1);
	{
		/* the NR legs made NR segments of both kinds, on the NR leg */
		struct ct_dt_log log;
		struct ct_dt_stats st;
		struct ct_err err;
		size_t nrweak = 0, nrint = 0;

		assert_int_equal(ct_dt_read(path, &prof, &log, &err), 0);
		assert_int_equal(ct_dt_analyse(&log, &prof, &st, &err), 0);
		assert_true(st.rat[CT_RAT_NR].samples > 5000);
		assert_true(log.nr_placeholders > 0);
		for (size_t i = 0; i < st.nseg; i++)
			if (st.seg[i].rat == CT_RAT_NR) {
				nrweak += st.seg[i].kind == CT_DT_WEAK_COVERAGE;
				nrint += st.seg[i].kind == CT_DT_INTERFERENCE;
				assert_string_equal(st.seg[i].cell, "");
			}
		assert_true(nrweak > 0 && nrint > 0);
		ct_dt_stats_free(&st);
		ct_dt_free(&log);
	}

	/* NMF: 6000 CELLMEAS, each followed by its TAD (the timing advance of
	 * the sample before it: kept across the 4096-sample batches), a
	 * handover A -> B -> A every 1000 records. */
	ct_buf_reset(&b);
	ct_buf_puts(&b, "#FF,,,\"2.26\"\n#START,10:00:00.000,,\"25.02.2019\"\n");
	for (int i = 0; i < 6000; i++) {
		int sec = i % 86400;
		char tm[16];

		snprintf(tm, sizeof(tm), "%02d:%02d:%02d.%03d", 10 + sec / 3600 % 14, sec / 60 % 60, sec % 60, 0);
		ct_buf_printf(&b, "GPS,%s,,-8.%06d,51.%06d\n", tm, 400000 + i, 900000 + i);
		ct_buf_printf(&b, "CELLMEAS,%s,,7,0,1,9,0,1,3350,329,-76.2,-%d.%d,-%d.0,1,1\n", tm,
			      90 + i % 30, i % 10, 5 + i % 14);
		ct_buf_printf(&b, "TAD,%s,,7,%d\n", tm, i % 20);
		if (i % 1000 == 999) {
			ct_buf_printf(&b, "HOA,%s,1,%d,1,901,7,3,3350,329,70007,7,3,3350,29,70007\n", tm, i);
			ct_buf_printf(&b, "HOS,%s,1,%d,\n", tm, i);
			ct_buf_printf(&b, "HOA,%s,1,%d,1,901,7,3,3350,29,70007,7,3,3350,329,70007\n", tm, i + 1);
			ct_buf_printf(&b, "HOS,%s,1,%d,\n", tm, i + 1);
		}
	}
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(b.s, 1, b.len, f), b.len);
	fclose(f);
	three_ways(path, b.s, b.len, &prof, 6000, 0, 6);

	/* NMF with few samples and many recorded events: 5000 handovers
	 * 329 -> 29 and back (HOA + HOS each, one second apart: every one
	 * after the first returns within pingpong_window_s = 10 s, so 4999
	 * ping-pongs, found across the handovers' batches of 4096), and 5000
	 * call setup failures (CAA + CAF, status 2 cause 17): the log's own
	 * events also pass the batch size without a single sample batch. */
	ct_buf_reset(&b);
	ct_buf_puts(&b, "#FF,,,\"2.26\"\n#START,10:00:00.000,,\"25.02.2019\"\n");
	for (int i = 0; i < 5000; i++) {
		int sec = i % 86400;
		char tm[16];

		snprintf(tm, sizeof(tm), "%02d:%02d:%02d.%03d", 10 + sec / 3600 % 14, sec / 60 % 60, sec % 60, 0);
		if (i % 1000 == 0) /* a sample now and then: GPS, measurement, TA */
			ct_buf_printf(&b, "GPS,%s,,-8.%06d,51.%06d\n"
				      "CELLMEAS,%s,,7,0,1,9,0,1,3350,329,-76.2,-95.0,-9.0,1,1\n"
				      "TAD,%s,,7,%d\n",
				      tm, 400000 + i, 900000 + i, tm, tm, i / 1000);
		/* handover i: from 329 to 29 when i is even, back when odd */
		ct_buf_printf(&b, "HOA,%s,1,%d,1,901,7,3,3350,%s,70007,7,3,3350,%s,70007\n", tm, i,
			      i % 2 ? "29" : "329", i % 2 ? "329" : "29");
		ct_buf_printf(&b, "HOS,%s,1,%d,\n", tm, i);
		/* call i: attempt, then setup failure with status 2 cause 17 */
		ct_buf_printf(&b, "CAA,%s,1,%d,7,1,1,\"123\",,,,\n", tm, 100000 + i);
		ct_buf_printf(&b, "CAF,%s,1,%d,5,1,2,17\n", tm, 100000 + i);
	}
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(b.s, 1, b.len, f), b.len);
	fclose(f);
	three_ways(path, b.s, b.len, &prof, 5, 0, 4999);
	{
		struct ct_dt_log log;
		struct ct_dt_stats st;
		struct ct_err err;

		assert_int_equal(ct_dt_read_stats(path, &prof, &log, &st, &err), 0);
		assert_int_equal(st.count[CT_DT_CALL_SETUP_FAILURE], 5000);
		assert_int_equal(st.count[CT_DT_PINGPONG], 4999);
		assert_int_equal(st.nev, 9999);
		ct_dt_stats_free(&st);
		ct_dt_free(&log);
	}
	unlink(path);
	ct_buf_free(&b);
}

/* The profile's strict flags: false in the built-in profile, true and
 * false read, anything else refused with its line. */
static void
test_profile_strict(void **state)
{
	char path[] = "/tmp/ct-strict-XXXXXX", *text, *at;
	size_t len;
	struct ct_profile p;
	struct ct_err err;
	int fd;
	FILE *f;

	(void)state;
	assert_int_equal(prof.dt.strict, 0);
	assert_int_equal(prof.omc.strict, 0);
	assert_int_equal(ct_read_file("profiles/default.cfg", 1 << 20, &text, &len, &err), 0);
	/* the omc group comes first in the file, then drivetest */
	assert_non_null(at = strstr(text, "strict = false;"));
	assert_non_null(strstr(at + 1, "strict = false;"));
	memcpy(strstr(at + 1, "strict = false;"), "strict = true; ", 15);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	assert_int_equal(ct_profile_load(path, &p, &err), 0);
	assert_int_equal(p.dt.strict, 1);
	assert_int_equal(p.omc.strict, 0);
	ct_profile_free(&p);
	memcpy(at, "strict = 1;    ", 15);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	assert_int_equal(ct_profile_load(path, &p, &err), CT_EPROFILE);
	assert_non_null(strstr(err.msg, ": omc.strict: expected true or false"));
	unlink(path);
	free(text);
}

/* ---- cell list and site distance ---- */

static void
test_cells(void **state)
{
	static const char ocid[] =
		"radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n"
		"LTE,272,2,40122,11016963,0,-8.396135,51.933793,1000,10,1,0,0,0\n"
		"UMTS,272,2,40122,19766842,0,-8.40,51.90,1000,10,1,0,0,0\n";
	struct ct_dt_cells cells;
	struct ct_dt_log log;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_dt_cells_read_mem("c.csv", ocid, strlen(ocid), &cells, &err), 0);
	assert_int_equal(cells.n, 2);
	assert_int_equal(read_str("g.csv", gt_small, &prof, &log, &err), 0);
	/* row 1 (ECI 11016963) is 0.003 degrees of latitude south of its site: 333.6 m;
	 * row 7 has the same cell but no position; row 3's UMTS cell is listed too */
	assert_int_equal(ct_dt_cells_apply(&cells, &log), 2);
	assert_true(fabs(log.s[0].site_m - 333.6) < 0.1);
	assert_true(isnan(log.s[6].site_m));
	assert_false(isnan(log.s[2].site_m));
	ct_dt_free(&log);
	ct_dt_cells_free(&cells);
	assert_int_equal(ct_dt_cells_read_mem("c.csv", "LTE,272,2,1,abc,0,1,1,1\n", 24, &cells, &err), CT_EINPUT);
	assert_string_equal(err.msg, "c.csv:1: cell \"abc\" is not a number");
}

/* ---- the real files of ../shared/data/drive-tests (README.md counts) ---- */

#define REAL "../shared/data/drive-tests/"

static void
real(const char *file, const struct ct_profile *p, size_t rows, size_t gsm, size_t umts, size_t lte,
     struct ct_dt_stats *st, struct ct_dt_log *log)
{
	struct ct_err err;
	int rc = ct_dt_read(file, p, log, &err);

	if (rc)
		fail_msg("%s", err.msg);
	assert_int_equal(ct_dt_analyse(log, p, st, &err), 0);
	assert_int_equal(log->rows, rows);
	assert_int_equal(st->rat[CT_RAT_GSM].samples, gsm);
	assert_int_equal(st->rat[CT_RAT_UMTS].samples, umts);
	assert_int_equal(st->rat[CT_RAT_LTE].samples, lte);
}

static void
test_real_files(void **state)
{
	struct ct_profile mp;
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;

	(void)state;
	if (access("../shared/data/drive-tests", R_OK) != 0) {
		printf("notice: ../shared/data/drive-tests not present, real-file checks skipped\n");
		skip();
	}
	/* README §1: NetworkMode counts (5G and LTE -> lte; HSPA+, HSUPA, UMTS -> umts; EDGE -> gsm) */
	real(REAL "gnettrack_ucc5g_download_driving_20200213.csv", &prof, 2468, 0, 620 + 6 + 1, 805 + 1036, &st, &log);
	assert_string_equal(log.format_name, "gnettrack");
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "gnettrack_ucc5g_amazonprime_driving_20191129.csv", &prof, 2362, 13, 868 + 79 + 18, 911 + 473, &st, &log);
	/* the 13 EDGE rows sit at -77..-51 */
	assert_true(st.rat[CT_RAT_GSM].level.p10 >= -77 && st.rat[CT_RAT_GSM].level.p90 <= -51);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "gnettrack_ucc5g_download_static_20200214.csv", &prof, 1013, 0, 0, 1013, &st, &log);
	/* one 5G cell, RSRP -106..-101 on every row: nothing below -110 */
	assert_true(st.rat[CT_RAT_LTE].level.p10 >= -106 && st.rat[CT_RAT_LTE].level.p90 <= -101);
	assert_int_equal(st.rat[CT_RAT_LTE].below.below, 0);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "gnettrack_ucc5g_netflix_driving_20191126.csv", &prof, 3702, 0, 84 + 26 + 20, 2504 + 1068, &st, &log);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);

	/* README §3: the NMF logs' failures */
	real(REAL "nemo_lte_fdd_psdl_hofail_20190225_run7.nmf", &prof, 113, 0, 0, 113, &st, &log);
	assert_int_equal(st.count[CT_DT_HO_FAILURE], 1);
	assert_int_equal(st.count[CT_DT_DATA_SETUP_FAILURE] + st.count[CT_DT_DATA_DROP], 1);
	assert_int_equal(log.nhc, 2); /* 3 HOA, 2 HOS */
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "nemo_lte_fdd_csfb_moc_RYG0443_R3_R002.nmf", &prof, 314, 0, 261, 40, &st, &log);
	assert_int_equal(st.count[CT_DT_CALL_SETUP_FAILURE], 1); /* 1 CAF */
	assert_int_equal(st.count[CT_DT_CALL_DROP], 0);          /* 3 CAD cause 16: normal */
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "nemo_lte_tdd_csfb_moc_BKK_003_092_R1_38.nmf", &prof, 26, 0, 7, 17, &st, &log);
	assert_int_equal(st.count[CT_DT_CALL_SETUP_FAILURE], 2); /* 2 CAF */
	assert_int_equal(log.other_system, 12);                   /* 12 WLAN scans */
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "nemo_umts_call_short_RYG0443_R2_R003.nmf", &prof, 141, 0, 141, 0, &st, &log);
	assert_int_equal(st.count[CT_DT_CALL_DROP], 0); /* 2 calls, ended with cause 16 */
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "nemo_lte_fdd_psdl_RYG0443_R1_R003.nmf", &prof, 83, 0, 0, 83, &st, &log);
	assert_int_equal(st.nev, 0);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);

	/* README §2: the modem CSVs through profiles/mtu-modem.cfg */
	assert_int_equal(ct_profile_load("profiles/mtu-modem.cfg", &mp, &err), 0);
	real(REAL "mtu_modem_5gnsa_route_20211217.csv", &mp, 640, 0, 0, 638, &st, &log);
	assert_string_equal(log.format_name, "csv:mtu-5g-nsa");
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "mtu_modem_5gnsa_static_4gonly_20220111.csv", &mp, 612, 0, 0, 612, &st, &log);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "mtu_modem_5gnsa_stationary_20220627.csv", &mp, 9035, 0, 0, 9034, &st, &log);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "mtu_modem_lte_route_20220820.csv", &mp, 742, 0, 0, 725, &st, &log);
	assert_string_equal(log.format_name, "csv:mtu-lte");
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	real(REAL "mtu_modem_umts_route_20220820.csv", &mp, 742, 0, 723, 0, &st, &log);
	assert_string_equal(log.format_name, "csv:mtu-umts");
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	ct_profile_free(&mp);
}

/*
 * NR legs: G-NetTrack 5G rows give an NR leg (placeholders dropped and
 * counted), a mapped CSV its nr_* columns (its missing values apply), an
 * NR complaint near 5G NSA samples takes their NR legs as its evidence.
 */
static const char gt_nsa[] = GT_HDR
	"2020.02.13_13.18.43,-8.400000,51.900000,34,B,12,5G,-90,-11,8.0,9,-70,100,10,D,-,-,-,-,-,C,A81B,9CBA,11016972,-112.0,-16.0\n"
	"2020.02.13_13.18.44,-8.400100,51.900000,34,B,12,5G,-91,-11,8.0,9,-70,100,10,D,-,-,-,-,-,C,A81B,9CBA,11016972,-108.0,2147483647.0\n"
	"2020.02.13_13.18.45,-8.400200,51.900000,34,B,12,5G,-92,-11,8.0,9,-70,100,10,D,-,-,-,-,-,C,A81B,9CBA,11016972,-205.0,-204.0\n"
	"2020.02.13_13.18.46,-8.400300,51.900000,34,B,12,5G,-93,-11,8.0,9,-70,100,10,D,-,-,-,-,-,C,A81B,9CBA,11016972,-100.0,-12.0\n"
	/* on an LTE row NRxRSRP is a neighbour, not an NR leg */
	"2020.02.13_13.18.47,-8.400400,51.900000,34,B,12,LTE,-94,-11,8.0,9,-70,100,10,D,-,-,-,-,-,C,A81B,9CBA,11016972,-60.0,-5.0\n";

static void
test_nr_legs(void **state)
{
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_dt_leg leg[2];
	struct ct_complaint c;
	struct ct_profile mp;
	struct ct_err err;
	const char *modem = "Time,rsrp(dBm),rsrq(dB),rssi(dBm),nr_rsrp(dBm),nr_rsrq(dB),nr_rssi(dBm),Sent Bytes,RATE(MBit/s)\n"
			    "Fri Dec 17 14:14:53 UTC 2021,-71,-10,-42,-95,-11,-61,3290876610,101.4\n"
			    "Fri Dec 17 14:14:56 UTC 2021,-72,-10,-42,0,0,0,3290876610,101.4\n"
			    "Fri Dec 17 14:14:59 UTC 2021,-73,-10,-42,-140,-20,-120,3290876610,101.4\n";

	(void)state;
	assert_int_equal(read_str("nsa.csv", gt_nsa, &prof, &log, &err), 0);
	assert_int_equal(log.n, 5);
	assert_true(log.s[0].nr_level == -112.0 && log.s[0].nr_quality == -16.0);
	/* 2147483647 (Android's "unavailable"), -205/-204: placeholders */
	assert_true(log.s[1].nr_level == -108.0 && isnan(log.s[1].nr_quality));
	assert_true(isnan(log.s[2].nr_level) && isnan(log.s[2].nr_quality));
	assert_int_equal(log.nr_placeholders, 3);
	assert_int_equal(log.bad.n, 0);
	assert_true(isnan(log.s[4].nr_level));
	assert_int_equal(log.s[4].nneigh, 1);
	/* the legs: LTE anchor first, then NR */
	assert_int_equal(ct_dt_legs(&log.s[0], leg), 2);
	assert_int_equal(leg[0].rat, CT_RAT_LTE);
	assert_true(leg[0].level == -90.0);
	assert_int_equal(leg[1].rat, CT_RAT_NR);
	assert_true(leg[1].level == -112.0 && leg[1].quality == -16.0 && isnan(leg[1].sinr));
	assert_int_equal(ct_dt_legs(&log.s[2], leg), 1);
	assert_int_equal(ct_dt_leg(&log.s[2], CT_RAT_NR, &leg[0]), 0);
	assert_int_equal(ct_dt_analyse(&log, &prof, &st, &err), 0);
	assert_int_equal(st.samples, 5); /* each sample once */
	assert_int_equal(st.rat[CT_RAT_LTE].samples, 5);
	assert_int_equal(st.rat[CT_RAT_NR].samples, 3);
	assert_true(st.rat[CT_RAT_NR].level.median == -108.0);
	assert_int_equal(st.rat[CT_RAT_NR].below.below, 1);
	assert_int_equal(st.rat[CT_RAT_NR].quality.n, 2);
	assert_int_equal(st.rat[CT_RAT_NR].poor_quality.below, 1);
	/* throughput counted once, on the serving RAT */
	assert_int_equal(st.rat[CT_RAT_NR].dl.n, 0);
	assert_int_equal(st.rat[CT_RAT_LTE].dl.n, 5);

	/* An NR complaint at the spot: the NR legs' median, not the anchor's. */
	memset(&c, 0, sizeof(c));
	c.rat = CT_RAT_NR;
	c.lat.has = c.lon.has = 1;
	c.lat.v = 51.9;
	c.lon.v = -8.4002;
	assert_true(ct_evidence_add_drivetest(&c, &log, &st, &prof) >= 2);
	assert_true(c.meas.signal_dbm.has && c.meas.signal_dbm.v == -108.0);
	assert_true(c.meas.rsrq_db.has && c.meas.rsrq_db.v == -14.0);
	ct_complaint_free(&c);
	/* an LTE complaint there takes the anchor's */
	memset(&c, 0, sizeof(c));
	c.rat = CT_RAT_LTE;
	c.lat.has = c.lon.has = 1;
	c.lat.v = 51.9;
	c.lon.v = -8.4002;
	assert_true(ct_evidence_add_drivetest(&c, &log, &st, &prof) >= 1);
	assert_true(c.meas.signal_dbm.v == -92.0);
	ct_complaint_free(&c);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);

	/* The modem's nr_* columns through profiles/mtu-modem.cfg. */
	assert_int_equal(ct_profile_load("profiles/mtu-modem.cfg", &mp, &err), 0);
	assert_int_equal(read_str("m.csv", modem, &mp, &log, &err), 0);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.s[0].rat, CT_RAT_LTE);
	assert_true(log.s[0].nr_level == -95.0 && log.s[0].nr_quality == -11.0);
	assert_true(isnan(log.s[1].nr_level) && isnan(log.s[1].nr_quality)); /* 0: no NR */
	assert_true(isnan(log.s[2].nr_level));                                /* -140: no reading */
	assert_int_equal(ct_dt_analyse(&log, &mp, &st, &err), 0);
	assert_int_equal(st.rat[CT_RAT_NR].samples, 1);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	ct_profile_free(&mp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gnettrack_rows),
		cmocka_unit_test(test_gnettrack_stats),
		cmocka_unit_test(test_percentiles_and_ci),
		cmocka_unit_test(test_segments_and_pingpong),
		cmocka_unit_test(test_nmf),
		cmocka_unit_test(test_csvmap),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_bad_rows_nmf_csvmap),
		cmocka_unit_test(test_badrows_helpers),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_modem_hint),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_profile_strict),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_nr_legs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
