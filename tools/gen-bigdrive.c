/*
 * gen-bigdrive.c — a large G-NetTrack Pro CSV drive-test log for the bench
 * (tools/bench.sh), made from the project's own sample route
 * (captures/drivetest/sample-route.csv, tools/gen-drivetest.sh), never from
 * the real logs in ../shared.
 *
 *   gen-bigdrive [--clean] SAMPLE.csv ROWS > big.csv
 *
 * Writes the sample's header, then ROWS data rows: the sample's rows over
 * and over, each lap shifted so that no two laps are equal:
 *   Timestamp  one second per row from the sample's first time on (the date
 *              rolls over; the calendar is proleptic Gregorian)
 *   Latitude   the lap's offset added (0.02 degrees per lap, wrapping after
 *              1000 laps), so the route moves on and the weak and interfered
 *              stretches of the sample recur at new places
 *   RSRP, SNR  the sample's value plus a deterministic -3..+3 dB ripple
 *              (1 dB steps, as G-NetTrack logs them)
 *   RAWCELLID  the sample's cell plus 2 x (lap mod 50): new cells, the same
 *              ping-pong pattern
 *   DL/UL      the sample's kbit/s plus the row number mod 97
 * Other columns are copied. Deterministic: no randomness, the same bytes
 * for the same arguments. Missing values ("-") stay missing.
 *
 * --clean: the same rows with nothing wrong on them: RSRP at least -100 dBm,
 * SNR at least 5 dB, RSRQ at least -12 dB, one cell, no gaps in service.
 * The route then has no problem segments or events at all, so what a long
 * log costs in memory is the reader's and the statistics' alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 100000
#define MAX_LINE 4096
#define MAX_COLS 64

struct row {
	char *f[MAX_COLS];
	int n;
};

static int
split(char *s, struct row *r)
{
	r->n = 0;
	for (;;) {
		char *c = strchr(s, ',');

		if (r->n == MAX_COLS)
			return -1;
		r->f[r->n++] = s;
		if (!c)
			return 0;
		*c = '\0';
		s = c + 1;
	}
}

static int
col(const struct row *h, const char *name)
{
	for (int i = 0; i < h->n; i++)
		if (!strcmp(h->f[i], name))
			return i;
	return -1;
}

/* Days from 1970-01-01 to a civil date, and back (H. Hinnant's algorithms). */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* A whole number field plus delta, at least floor, or "-" kept. */
static void
put_int(FILE *o, const char *s, long long delta, long long floor)
{
	char *end;
	long long v;

	if (!*s || !strcmp(s, "-")) {
		fputs(s, o);
		return;
	}
	v = strtoll(s, &end, 10);
	if (v + delta < floor)
		v = floor - delta;
	if (*end == '.') /* "14.0": keep one decimal, as the sample writes SNR */
		fprintf(o, "%lld.0", v + delta);
	else
		fprintf(o, "%lld", v + delta);
}

int
main(int argc, char **argv)
{
	static char lines[MAX_ROWS][MAX_LINE];
	static struct row rows[MAX_ROWS];
	char hdrline[MAX_LINE];
	struct row hdr;
	FILE *in;
	long long total, t0;
	int n = 0, y, mo, d, h, mi, se;
	int c_time, c_lat, c_rsrp, c_rsrq, c_snr, c_cell, c_dl, c_ul, clean = 0;
	const long long none = -1000000;
	char *end;

	if (argc == 4 && !strcmp(argv[1], "--clean")) {
		clean = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fputs("usage: gen-bigdrive [--clean] SAMPLE.csv ROWS > big.csv\n", stderr);
		return 1;
	}
	total = strtoll(argv[2], &end, 10);
	if (*end || total < 0) {
		fprintf(stderr, "gen-bigdrive: %s: not a number of rows\n", argv[2]);
		return 1;
	}
	if (!(in = fopen(argv[1], "r"))) {
		perror(argv[1]);
		return 2;
	}
	if (!fgets(hdrline, sizeof(hdrline), in)) {
		fprintf(stderr, "gen-bigdrive: %s: empty\n", argv[1]);
		return 2;
	}
	hdrline[strcspn(hdrline, "\r\n")] = '\0';
	fputs(hdrline, stdout);
	fputc('\n', stdout);
	if (split(hdrline, &hdr) != 0)
		return 2;
	while (n < MAX_ROWS && fgets(lines[n], MAX_LINE, in)) {
		lines[n][strcspn(lines[n], "\r\n")] = '\0';
		if (!lines[n][0])
			continue;
		if (split(lines[n], &rows[n]) != 0 || rows[n].n != hdr.n) {
			fprintf(stderr, "gen-bigdrive: %s: row %d has %d fields, the header %d\n",
				argv[1], n + 2, rows[n].n, hdr.n);
			return 2;
		}
		n++;
	}
	fclose(in);
	c_time = col(&hdr, "Timestamp");
	c_lat = col(&hdr, "Latitude");
	c_rsrp = col(&hdr, "RSRP");
	c_snr = col(&hdr, "SNR");
	c_rsrq = col(&hdr, "RSRQ");
	c_cell = col(&hdr, "RAWCELLID");
	c_dl = col(&hdr, "DL_bitrate");
	c_ul = col(&hdr, "UL_bitrate");
	if (n == 0 || c_time < 0 || c_lat < 0 || c_rsrp < 0 || c_rsrq < 0 || c_snr < 0 || c_cell < 0 || c_dl < 0 ||
	    c_ul < 0 || sscanf(rows[0].f[c_time], "%4d.%2d.%2d_%2d.%2d.%2d", &y, &mo, &d, &h, &mi, &se) != 6) {
		fprintf(stderr, "gen-bigdrive: %s: not the G-NetTrack sample layout\n", argv[1]);
		return 2;
	}
	t0 = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	for (long long i = 0; i < total; i++) {
		const struct row *r = &rows[i % n];
		/* --clean: rows without service borrow the first row's values */
		const struct row *v = clean && !strcmp(r->f[c_rsrp], "-") ? &rows[0] : r;
		long long lap = i / n, t = t0 + i, yy;
		int m, dd;
		/* -3..+3 dB, a different ripple on each lap */
		int ripple = (int)((i * 7 + lap * 3) % 7) - 3;

		for (int k = 0; k < r->n; k++) {
			if (k)
				fputc(',', stdout);
			if (k == c_time) {
				civil_from_days(t / 86400, &yy, &m, &dd);
				fprintf(stdout, "%04lld.%02d.%02d_%02lld.%02lld.%02lld", yy, m, dd,
					t % 86400 / 3600, t % 3600 / 60, t % 60);
			} else if (k == c_lat) {
				fprintf(stdout, "%.6f", strtod(r->f[k], NULL) + 0.02 * (double)(lap % 1000));
			} else if (k == c_rsrp) {
				put_int(stdout, v->f[k], ripple, clean ? -100 : none);
			} else if (k == c_snr) {
				put_int(stdout, v->f[k], ripple, clean ? 5 : none);
			} else if (k == c_rsrq) {
				put_int(stdout, v->f[k], 0, clean ? -12 : none);
			} else if (k == c_cell) {
				if (clean)
					fputs(rows[0].f[k], stdout);
				else
					put_int(stdout, r->f[k], 2 * (lap % 50), none);
			} else if (k == c_dl || k == c_ul) {
				put_int(stdout, v->f[k], i % 97, none);
			} else {
				fputs(clean ? v->f[k] : r->f[k], stdout);
			}
		}
		fputc('\n', stdout);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-bigdrive: stdout");
		return 2;
	}
	return 0;
}
