/*
 * dtcsv.h — private to src/ingest/: the RFC 4180 record reader shared by the
 * drive-test readers (G-NetTrack, NMF, mapped CSV, cell lists), and helpers
 * each reader needs (numbers with "missing" markers, adding samples/events).
 *
 * The reader walks a buffer it does not own. ct_dtcsv_next() yields one
 * record at a time: fields are NUL-terminated copies in the reader's own
 * buffer (valid until the next call), quotes removed, "" unescaped. A quoted
 * field may span lines. A line ends in LF, CRLF or a lone CR (ct_eol), and
 * lines are counted so. Errors name the file and the line the record starts on.
 */
#ifndef CELLTRIAGE_INGEST_DTCSV_H
#define CELLTRIAGE_INGEST_DTCSV_H

#include <stddef.h>
#include <stdio.h>

#include "celltriage/drivetest.h"
#include "celltriage/util.h"

struct ct_dtcsv {
	const char *name;
	const char *p, *end;
	size_t line;       /* line of the next record */
	size_t rec_line;   /* line the current record started on */
	char *buf;         /* field bytes, NUL-separated */
	size_t bufcap;
	char **f;          /* fields */
	size_t nf, fcap;
	int last_unterminated; /* the current record ended at EOF without a line end */
	int strict;        /* the profile's drivetest.strict: a bad row fails the log */
	const struct ct_failure_rules *failures; /* the profile's (NULL: built-in), for call-end causes */
	/* Reading a file through a window (ct_dtcsv_init_file); fp NULL: a buffer. */
	FILE *fp;
	char *win;
	size_t wincap;
	int eof, skipnl;
	size_t read;       /* bytes read from fp */
};

/* The window: a few records' worth beyond the largest record. */
#define CT_DT_WINDOW ((size_t)1 << 20)

void ct_dtcsv_init(struct ct_dtcsv *c, const char *name, const char *buf, size_t len);
/* The same over an open file, read through a window of CT_DT_WINDOW bytes
 * (memory independent of the file's size); fills the first window. */
int ct_dtcsv_init_file(struct ct_dtcsv *c, const char *name, FILE *fp, struct ct_err *err);
/* 1: a record is in c->f[0..nf); 0: end of input; <0: CT_EINPUT with err set,
 * and the reader already placed after the bad record (the next call reads on). */
int ct_dtcsv_next(struct ct_dtcsv *c, struct ct_err *err);
void ct_dtcsv_free(struct ct_dtcsv *c);

/* The index of column name in the header record (exact match), or -1. */
int ct_dtcsv_col(char *const *hdr, size_t n, const char *name);

/* 0 when the current record has the header's ncols fields, else the row's
 * error: "file:line: truncated row (2 of 26 fields)" for a last line cut
 * short, "file:line: 2 fields, the header has 26" otherwise. */
int ct_dtcsv_width(const struct ct_dtcsv *c, size_t ncols, struct ct_err *err);

/*
 * A number from a field. Empty and "-" are missing (*v = NAN, returns 0).
 * Anything else that is not a whole finite decimal number is an error:
 * "file:line: COLUMN \"abc\" is not a number".
 */
int ct_dt_num(const struct ct_dtcsv *c, const char *col, const char *s, double *v,
	      struct ct_err *err);

/*
 * Whether a serving measurement is within the reporting range of its
 * definition on that RAT (the table in drivetest.c names each range's 3GPP
 * source). 0 when it is, when v is missing (NAN) or when the RAT has no
 * such measurement; else the row's error: "file:line: RSRP 50 is outside
 * the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133)", col being
 * the column (or record field) the value came from.
 */
enum ct_dt_meas { CT_DT_LEVEL, CT_DT_QUALITY, CT_DT_SINR };
int ct_dt_range(const struct ct_dtcsv *c, enum ct_rat rat, enum ct_dt_meas meas, const char *col,
		double v, struct ct_err *err);

/* Appends a sample/neighbour/event to the log (grows the arrays). */
struct ct_dt_sample *ct_dt_add_sample(struct ct_dt_log *log);
void ct_dt_add_neigh(struct ct_dt_log *log, struct ct_dt_sample *s, const char *cell,
		     double level, double quality);
struct ct_dt_event *ct_dt_add_event(struct ct_dt_log *log);

/*
 * A row the reader cannot use (rc < 0, err set): in strict mode returns rc
 * (the log fails); otherwise counts the row in log->bad and returns 0, and
 * the caller skips the row, having added nothing to the log for it.
 */
int ct_dt_skip_row(const struct ct_dtcsv *c, struct ct_dt_log *log, int rc, struct ct_err *err);

/* With log->take set (ct_dt_read_each): hands it the samples and drops
 * them, all of them (all = 1) or all but the last, which a later record may
 * complete, with the events and handovers recorded so far (log->nev and
 * log->nhc become 0). The readers call ct_dt_batch() before each record,
 * when the records before are complete. */
void ct_dt_flush(struct ct_dt_log *log, int all);
#define CT_DT_BATCH 4096
static inline void
ct_dt_batch(struct ct_dt_log *log)
{
	if (log->take && (log->n >= CT_DT_BATCH || log->nev >= CT_DT_BATCH || log->nhc >= CT_DT_BATCH))
		ct_dt_flush(log, 0);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
long long ct_dt_days(int y, int m, int d);

/* The format readers (src/ingest/gnettrack.c, nmf.c, csvmap.c). */
int ct_dt_is_gnettrack(char *const *hdr, size_t n);
int ct_dt_read_gnettrack(struct ct_dtcsv *c, struct ct_dt_log *log, struct ct_err *err);
int ct_dt_is_nmf(const char *buf, size_t len);
int ct_dt_read_nmf(struct ct_dtcsv *c, struct ct_dt_log *log, struct ct_err *err);
const struct ct_dt_map *ct_dt_find_map(const struct ct_profile *p, char *const *hdr, size_t n);
/* When a profile shipped with celltriage (the .cfg files of profiles/, in the source
 * tree or where make install put them) maps the header, appends to b
 * "; its header is the NAME layout of P: --profile P reads it"; else
 * nothing. Reads those files: only for a log read from a file. */
void ct_dt_map_hint(char *const *hdr, size_t n, struct ct_buf *b);
int ct_dt_read_csvmap(struct ct_dtcsv *c, const struct ct_dt_map *m, struct ct_dt_log *log,
		      struct ct_err *err);

#endif
