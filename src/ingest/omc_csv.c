/*
 * omc_csv.c — CSV counter and alarm exports, read through the column
 * mappings of the profile's omc group (profile.h). RFC 4180 fields: comma
 * separated, optionally double-quoted ("" inside quotes is a quote), one
 * record per line (LF, CRLF or a lone CR), the first line the header.
 *
 *   counters:  Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl      (any order)
 *              2026-11-20 09:00:00,EUtranCellFDD=1,95,100
 *   alarms:    Object,Alarm,Severity,Raised,Cleared
 *              EUtranCellFDD=1,RRU link down,major,2026-11-20 08:55:00,
 *
 * Counter rows: the time column is the start of the period, the period is
 * omc.csv_counters.granularity_s long; every other column is a counter
 * named by its header, and an empty cell is a missing value (not counted,
 * never zero). Alarm rows: an empty cleared cell is an active alarm.
 * A row with the wrong number of fields (a truncated last row included), an
 * unterminated quote or a time that cannot be read is a bad row: skipped
 * and counted in o->bad (first lines and reasons kept), or, when the
 * profile says omc.strict = true, an error naming the line. A bad header
 * is always an error.
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/omc.h"

/* Upper bounds: a wider header is not a counter export we understand. */
#define MAX_COLS 4096

struct row {
	char **f;
	size_t n, cap;
};

static void
row_clear(struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->f[i]);
	r->n = 0;
}

/* Splits one line [p, end) into fields; -1 on an unterminated quote. */
static int
split(const char *p, const char *end, struct row *r)
{
	row_clear(r);
	for (;;) {
		struct ct_buf b = CT_BUF_INIT;

		if (r->n >= MAX_COLS)
			return -2;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				const char *q = memchr(p, '"', (size_t)(end - p));

				if (!q) {
					ct_buf_free(&b);
					return -1;
				}
				ct_buf_add(&b, p, (size_t)(q - p));
				p = q + 1;
				if (p < end && *p == '"') {
					ct_buf_add(&b, "\"", 1);
					p++;
					continue;
				}
				break;
			}
			while (p < end && *p != ',')
				p++;
		} else {
			const char *c = memchr(p, ',', (size_t)(end - p));
			const char *e = c ? c : end;

			ct_buf_add(&b, p, (size_t)(e - p));
			p = e;
		}
		r->f = ct_xgrow(r->f, r->n + 1, &r->cap, sizeof(char *));
		r->f[r->n++] = b.s ? ct_buf_detach(&b) : ct_xstrdup("");
		if (p >= end)
			return 0;
		p++; /* the comma */
	}
}

static int
col(const struct row *h, const char *name)
{
	for (size_t i = 0; name && i < h->n; i++) {
		const char *s = h->f[i];

		while (*s == ' ')
			s++;
		if (!strcmp(s, name))
			return (int)i;
	}
	return -1;
}

static int
is_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* One alarm row; nothing is added when a time cannot be read. */
static int
alarm_row(const char *name, long line, const struct row *r, int c_obj, int c_name, int c_sev,
	  int c_raised, int c_cleared, struct ct_omc *o, struct ct_err *err)
{
	struct ct_omc_alarm *a;
	long long raised = 0, cleared = 0;
	int has_raised = !is_blank(r->f[c_raised]), has_cleared = 0;

	int rc;

	if (has_raised && (rc = ct_omc_time(r->f[c_raised], &raised)) != 0)
		return ct_fail(err, CT_EINPUT, "%s:%ld: raised time \"%s\" %s", name, line,
			       r->f[c_raised], rc == CT_TIME_RANGE ? CT_TIME_RANGE_WHY : "is not a time");
	if (c_cleared >= 0 && !is_blank(r->f[c_cleared])) {
		if ((rc = ct_omc_time(r->f[c_cleared], &cleared)) != 0)
			return ct_fail(err, CT_EINPUT, "%s:%ld: cleared time \"%s\" %s", name,
				       line, r->f[c_cleared],
				       rc == CT_TIME_RANGE ? CT_TIME_RANGE_WHY : "is not a time");
		has_cleared = 1;
	}
	a = ct_omc_alarm_add(o);
	a->object = ct_xstrdup(r->f[c_obj]);
	a->name = ct_xstrdup(r->f[c_name]);
	a->severity = ct_xstrdup(c_sev >= 0 ? r->f[c_sev] : "");
	a->raised = raised;
	a->has_raised = has_raised;
	a->cleared = cleared;
	a->has_cleared = has_cleared;
	return 0;
}

/* One counter row: every column but the object and time is a counter. */
static int
counter_row(const char *name, long line, const struct row *hdr, const struct row *r, int c_obj,
	    int c_time, long gran, struct ct_omc *o, struct ct_err *err)
{
	struct ct_omc_object *ob;
	long long start;
	int rc;

	if ((rc = ct_omc_time(r->f[c_time], &start)) != 0)
		return ct_fail(err, CT_EINPUT, "%s:%ld: time \"%s\" %s", name, line, r->f[c_time],
			       rc == CT_TIME_RANGE ? CT_TIME_RANGE_WHY : "is not a time");
	ob = ct_omc_object_get(o, r->f[c_obj], start + gran, 1, gran);
	for (size_t i = 0; i < r->n; i++) {
		if ((int)i == c_obj || (int)i == c_time || is_blank(r->f[i]))
			continue;
		ct_omc_counter_add(o, ob, hdr->f[i], r->f[i], strlen(r->f[i]));
	}
	if (!o->has_begin || start < o->begin)
		o->begin = start, o->has_begin = 1;
	if (!o->has_end || start + gran > o->end)
		o->end = start + gran, o->has_end = 1;
	return 0;
}

int
ct_omc_read_csv(const char *name, const char *data, size_t len,
		const struct ct_omc_profile *m, enum ct_omc_format f, struct ct_omc *o,
		struct ct_err *err)
{
	const char *p = data, *end = data + len;
	struct row hdr = { NULL, 0, 0 }, r = { NULL, 0, 0 };
	int c_obj = -1, c_time = -1, c_name = -1, c_sev = -1, c_raised = -1, c_cleared = -1;
	long gran = m->csv_counters.granularity_s;
	int rc = 0;
	long line = 0;

	while (p < end && !rc) {
		const char *next, *le = ct_eol(p, end, &next);
		const char *nl = le < end ? le : NULL;
		struct row *cur = line == 0 ? &hdr : &r;
		int s;

		line++;
		if (line > 1 && le == p) {
			p = next;
			continue; /* blank lines (a trailing one, typically) */
		}
		s = split(p, le, cur);
		p = next;
		if (line == 1) {
			if (s == -1)
				rc = ct_fail(err, CT_EINPUT, "%s:1: unterminated quoted field", name);
			else if (s == -2)
				rc = ct_fail(err, CT_EINPUT, "%s:1: more than %d columns", name, MAX_COLS);
			else if (f == CT_OMC_CSV_ALARMS) {
				c_obj = col(&hdr, m->csv_alarms.object);
				c_name = col(&hdr, m->csv_alarms.name);
				c_sev = col(&hdr, m->csv_alarms.severity);
				c_raised = col(&hdr, m->csv_alarms.raised);
				c_cleared = col(&hdr, m->csv_alarms.cleared);
				if (c_obj < 0 || c_name < 0 || c_raised < 0)
					rc = ct_fail(err, CT_EINPUT, "%s:1: the header lacks the profile's alarm columns", name);
			} else {
				c_obj = col(&hdr, m->csv_counters.object);
				c_time = col(&hdr, m->csv_counters.time);
				if (c_obj < 0 || c_time < 0)
					rc = ct_fail(err, CT_EINPUT, "%s:1: the header lacks the profile's object and time columns", name);
			}
			continue;
		}
		if (s == -1)
			rc = ct_fail(err, CT_EINPUT, "%s:%ld: unterminated quoted field", name, line);
		else if (s == -2)
			rc = ct_fail(err, CT_EINPUT, "%s:%ld: more than %d columns", name, line, MAX_COLS);
		else if (r.n < hdr.n && !nl)
			rc = ct_fail(err, CT_EINPUT, "%s:%ld: truncated row (%zu of %zu fields)", name,
				     line, r.n, hdr.n);
		else if (r.n != hdr.n)
			rc = ct_fail(err, CT_EINPUT, "%s:%ld: %zu fields, the header has %zu", name, line,
				     r.n, hdr.n);
		else if (f == CT_OMC_CSV_ALARMS)
			rc = alarm_row(name, line, &r, c_obj, c_name, c_sev, c_raised, c_cleared, o, err);
		else
			rc = counter_row(name, line, &hdr, &r, c_obj, c_time, gran, o, err);
		/* A bad row: skipped and counted, unless the profile says strict. */
		if (rc && !m->strict) {
			ct_badrows_add(&o->bad, (size_t)line, err->msg);
			rc = 0;
		}
	}
	if (!rc && line == 0)
		rc = ct_fail(err, CT_EINPUT, "%s:1: empty file", name);
	if (!rc && f == CT_OMC_CSV_COUNTERS)
		o->granularity_s = gran;
	row_clear(&hdr);
	row_clear(&r);
	free(hdr.f);
	free(r.f);
	return rc;
}
