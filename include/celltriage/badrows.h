/*
 * badrows.h — rows of a large log that could not be read and were skipped:
 * a bad row in a large log is counted and reported, not fatal, unless the
 * profile says strict.
 *
 * A reader in lenient mode (drivetest.strict / omc.strict not set) records
 * each bad row here and goes on with the next one: the count is exact, the
 * first CT_BADROWS_KEEP rows keep their line and reason for the report.
 * Readers in strict mode return the row's error instead (exit status 2).
 *
 * The struct is a plain value (no heap memory): embed it, zero it, copy it.
 */
#ifndef CELLTRIAGE_BADROWS_H
#define CELLTRIAGE_BADROWS_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define CT_BADROWS_KEEP 5

struct ct_badrow {
	size_t line;        /* line of the file the row starts on */
	char reason[160];   /* the error message without its "file:line: " */
};

struct ct_badrows {
	size_t n;           /* every bad row, kept or not */
	struct ct_badrow first[CT_BADROWS_KEEP];
};

/* Counts one bad row; msg is the reader's one-line error ("file:line:
 * reason"), of which the reason is kept for the first rows. */
void ct_badrows_add(struct ct_badrows *b, size_t line, const char *msg);

/* Warnings for people: "prefix: file:line: reason (row skipped)" for each
 * kept row, then the count: "prefix: file: N bad rows skipped" (with
 * "(first K shown)" when not all were). Nothing when there are none. */
void ct_badrows_warn(FILE *f, const char *prefix, const char *file, const struct ct_badrows *b);

/* {"count": N, "first": [{"line": L, "reason": "..."}, ...]} (new
 * reference), the JSON outputs' "bad_rows" member (src/report/badrows.c). */
json_t *ct_badrows_json(const struct ct_badrows *b);

#endif
