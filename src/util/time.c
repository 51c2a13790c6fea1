/*
 * time.c — times as ISO 8601 text and back, the process's time zone, and
 * the working-day calendar.
 *
 * Every time inside is UTC epoch seconds. Text is local: ct_fmt_time writes
 * the process's zone with its offset, ct_parse_time reads an offset exactly
 * and a zone-less time in the process's zone. The zone is set once, at
 * start (ct_zone_set, before any thread: setenv and tzset are not
 * thread-safe), from the profile or --tz; the C library's localtime_r and
 * mktime do the zone rules (DST included) from Debian's tzdata.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "celltriage/util.h"

/* ---------------------------------------------------------------------
 * The zone
 */

static char zone_set[128];

int
ct_zone_valid(const char *zone)
{
	char path[sizeof(CT_ZONEINFO) + sizeof(zone_set)];
	char magic[4];
	struct stat st;
	FILE *f;
	size_t got;

	/* A name under the zone directory, never a path out of it. */
	if (!zone || !*zone || strlen(zone) >= sizeof(zone_set) || zone[0] == '/' ||
	    strstr(zone, ".."))
		return 0;
	for (const char *c = zone; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || strchr("/_-+", *c)))
			return 0;
	snprintf(path, sizeof(path), "%s/%s", CT_ZONEINFO, zone);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	/* A zone file, not one of the directory's tables (zone.tab ...):
	 * RFC 8536 section 3.1, the magic "TZif". */
	if (!(f = fopen(path, "rb")))
		return 0;
	got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	return got == sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

int
ct_zone_set(const char *zone)
{
	char tz[sizeof(CT_ZONEINFO) + sizeof(zone_set) + 1];

	if (!ct_zone_valid(zone))
		return -1;
	/* ":file": the C library reads that file (POSIX leaves the form after
	 * ':' to the implementation; glibc takes a path). */
	snprintf(tz, sizeof(tz), ":%s/%s", CT_ZONEINFO, zone);
	if (setenv("TZ", tz, 1) != 0)
		return -1;
	tzset();
	snprintf(zone_set, sizeof(zone_set), "%s", zone);
	return 0;
}

const char *
ct_zone(void)
{
	return zone_set[0] ? zone_set : NULL;
}

/* ---------------------------------------------------------------------
 * ISO 8601
 */

/* Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm). */
long long
ct_days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
ct_parse_time(const char *s, long long *epoch)
{
	return ct_parse_time_zoned(s, epoch, NULL);
}

/* The epoch of a local date and time of the process's zone (a time the
 * zone skips, in a DST change, is read as the C library's mktime reads it:
 * an hour on). */
static long long
local_epoch(int y, int mo, int d, int h, int mi, int sec)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;  /* the zone's rules say whether DST is on */
	return (long long)mktime(&tm);
}

long long
ct_local_midnight(long long y, unsigned m, unsigned d)
{
	return local_epoch((int)y, (int)m, (int)d, 0, 0, 0);
}

long long
ct_local_day(long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	localtime_r(&t, &tm);
	return ct_days_from_civil(tm.tm_year + 1900LL, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

int
ct_parse_time_zoned(const char *s, long long *epoch, int *zoneless)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0, local = 0;
	const char *p;

	if (strlen(s) < 16)
		return -1;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != ' ') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi))
		return -1;
	p = s + 16;
	if (*p == ':') {
		if (digits(p + 1, 2, &sec))
			return -1;
		p += 3;
		if (*p == '.' || *p == ',') /* fractions of a second: ignored */
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh))
			return -1;
		p += 3;
		if (*p == ':')
			p++;
		if (digits(p, 2, &om))
			return -1;
		p += 2;
	} else {
		local = 1;
	}
	if (*p != '\0')
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || sec > 60 || oh > 23 || om > 59)
		return -1;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	if (zoneless)
		*zoneless = local;
	if (local)
		*epoch = local_epoch(y, mo, d, h, mi, sec);
	else
		*epoch = ct_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL +
			 h * 3600LL + mi * 60LL + sec - sign * (oh * 3600LL + om * 60LL);
	if (*epoch < 0 || *epoch > CT_TIME_MAX)
		return CT_TIME_RANGE;
	return 0;
}

void
ct_fmt_time(char *dst, size_t n, long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	size_t len;
	long off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff;
	/* A year the readers cannot read back (a time near 9999-12-31 east of
	 * Greenwich), or an offset of seconds (a zone's local mean time): UTC. */
	if (tm.tm_year + 1900 > 9999 || off % 60) {
		gmtime_r(&t, &tm);
		off = 0;
	}
	len = strftime(dst, n, "%Y-%m-%dT%H:%M:%S", &tm);
	if (off == 0)
		snprintf(dst + len, n - len, "Z");
	else
		snprintf(dst + len, n - len, "%c%02ld:%02ld", off < 0 ? '-' : '+',
			 labs(off) / 3600, labs(off) / 60 % 60);
}

void
ct_fmt_time_utc(char *dst, size_t n, long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(dst, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---------------------------------------------------------------------
 * Working days
 */

static int
listed(const long long *v, size_t n, long long day)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] == day)
			return 1;
		if (v[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
ct_working_day(const struct ct_calendar *c, long long day)
{
	/* 1970-01-01 was a Thursday (weekday 4). */
	long long wd = ((day % 7) + 7 + 4) % 7;

	if (listed(c->on, c->non, day))
		return 1;
	if (listed(c->off, c->noff, day))
		return 0;
	return (c->week >> wd) & 1u;
}

long long
ct_add_working_days(const struct ct_calendar *c, long long epoch, int n)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	long long day, steps = 0;
	int found = 0;

	if (n <= 0)
		return epoch;
	localtime_r(&t, &tm);
	day = ct_days_from_civil(tm.tm_year + 1900LL, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
	/* Bounded: a calendar that never works would loop for ever. */
	while (found < n && steps < 3660) {
		steps++;
		found += ct_working_day(c, day + steps);
	}
	if (found < n)
		return epoch + 86400LL * n;
	/* The same wall-clock time that many dates on: mktime normalises the
	 * day of the month and finds the offset of that date (DST). */
	tm.tm_mday += (int)steps;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm);
}
