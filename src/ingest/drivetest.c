/*
 * drivetest.c — drive-test logs: recognising the format from the content,
 * the RFC 4180 record reader every reader shares, and the OpenCellID cell
 * list that gives each sample its distance to the serving site.
 *
 * RFC 4180 as read here:
 *
 *   record = field *("," field) (CRLF / LF / end of file)
 *   field  = *(any byte but , " CR LF NUL)  /  DQUOTE *(any byte but " NUL, or "") DQUOTE
 *
 * A quoted field may hold commas and line ends; a quote inside an unquoted
 * field, bytes after a closing quote, a bare CR and a NUL byte are errors, as
 * is a quote still open at the end of the file (a truncated file). Empty
 * lines between records are skipped. A record may not be longer than
 * CT_DT_MAX_LINE bytes nor have more than CT_DT_MAX_FIELDS fields.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/drivetest.h"
#include "dtcsv.h"

static const struct ct_name kind_names[] = {
	{ CT_DT_WEAK_COVERAGE, "weak_coverage" },
	{ CT_DT_INTERFERENCE, "interference" },
	{ CT_DT_PINGPONG, "pingpong_handover" },
	{ CT_DT_HO_FAILURE, "handover_failure" },
	{ CT_DT_CALL_SETUP_FAILURE, "call_setup_failure" },
	{ CT_DT_CALL_DROP, "call_drop" },
	{ CT_DT_DATA_SETUP_FAILURE, "data_setup_failure" },
	{ CT_DT_DATA_DROP, "data_drop" },
	{ 0, NULL }
};

const char *
ct_dt_kind_name(enum ct_dt_kind k)
{
	const char *n = ct_name_of(kind_names, (int)k);

	return n ? n : "unknown";
}

/* ---- the record reader ---- */

static int refill(struct ct_dtcsv *c, struct ct_err *err);

void
ct_dtcsv_init(struct ct_dtcsv *c, const char *name, const char *buf, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->p = buf;
	c->end = buf ? buf + len : buf;
	c->line = 1;
	/* Every output byte comes from an input byte, plus one NUL per field. */
	c->bufcap = CT_DT_MAX_LINE + CT_DT_MAX_FIELDS + 1;
	c->buf = ct_xmalloc(c->bufcap);
	c->fcap = CT_DT_MAX_FIELDS;
	c->f = ct_xcalloc(c->fcap, sizeof(*c->f));
}

int
ct_dtcsv_init_file(struct ct_dtcsv *c, const char *name, FILE *fp, struct ct_err *err)
{
	ct_dtcsv_init(c, name, NULL, 0);
	c->fp = fp;
	c->wincap = CT_DT_WINDOW;
	c->win = ct_xmalloc(c->wincap);
	c->p = c->end = c->win;
	return refill(c, err);
}

void
ct_dtcsv_free(struct ct_dtcsv *c)
{
	free(c->win);
	c->win = NULL;
	free(c->buf);
	free(c->f);
	c->buf = NULL;
	c->f = NULL;
}

/*
 * After a bad record: the reader goes on at the line after the one where
 * the error was found (from), so a lenient caller can skip the record and
 * read the next. A quote left open to the end of the file resumes at the
 * line after the record's first (from = start): one stray quote costs one
 * row, not the rest of the file.
 */
static int
resync(struct ct_dtcsv *c, const char *start, const char *from, int rc)
{
	const char *np, *nl = ct_eol(from, c->end, &np);
	size_t lines = 0;

	for (const char *q = start, *nx; q < np; q = nx)
		lines += ct_eol(q, np, &nx) < np;
	c->p = np;
	c->line = c->rec_line + lines;
	/* Reading a file through a window: the line goes on past it. */
	if (nl == c->end && c->fp && !c->eof)
		c->skipnl = 1;
	return rc;
}

/*
 * Reading a file: keeps at least one whole record (CT_DT_MAX_LINE bytes and
 * its line end) ahead in the window, or everything up to the end of the
 * file, so the record parser never meets the window's end mid-record.
 */
static int
refill(struct ct_dtcsv *c, struct ct_err *err)
{
	size_t have, want, got;

	if (!c->fp || c->eof || (size_t)(c->end - c->p) >= CT_DT_MAX_LINE + 2)
		return 0;
	have = (size_t)(c->end - c->p);
	memmove(c->win, c->p, have);
	want = c->wincap - have;
	got = fread(c->win + have, 1, want, c->fp);
	if (got < want) {
		if (ferror(c->fp))
			return ct_fail(err, CT_EINPUT, "%s: cannot read: %s", c->name, strerror(errno));
		c->eof = 1;
	}
	c->read += got;
	c->p = c->win;
	c->end = c->win + have + got;
	return 0;
}

int
ct_dtcsv_next(struct ct_dtcsv *c, struct ct_err *err)
{
	const char *p, *end, *start;
	size_t used = 0, line;
	size_t offs[CT_DT_MAX_FIELDS];
	int rc;

	for (;;) {
		if ((rc = refill(c, err)) != 0)
			return rc;
		p = c->p;
		end = c->end;
		if (c->skipnl) {
			/* the rest of a bad line longer than the window */
			const char *np, *nl = ct_eol(p, end, &np);

			c->p = np;
			if (nl < end) {
				c->line++;
				c->skipnl = 0;
			} else if (!c->fp || c->eof) {
				c->skipnl = 0;
			}
			continue;
		}
		/* Skip empty lines (LF, CRLF or CR each end one). */
		while (p < end && (*p == '\n' || *p == '\r')) {
			ct_eol(p, end, &p);
			c->line++;
		}
		c->p = p;
		if (p < end)
			break;
		if (!c->fp || c->eof)
			return 0;
	}
	start = p;
	line = c->line;
	c->rec_line = line;
	c->nf = 0;
	c->last_unterminated = 0;
	for (;;) {
		if (c->nf == CT_DT_MAX_FIELDS)
			return resync(c, start, p, ct_fail(err, CT_EINPUT, "%s:%zu: more than %d fields in a record",
				       c->name, c->rec_line, CT_DT_MAX_FIELDS));
		offs[c->nf] = used;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p >= end)
					return resync(c, start, start, ct_fail(err, CT_EINPUT, "%s:%zu: quoted field not closed at the end of the file (truncated?)",
						       c->name, c->rec_line));
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						c->buf[used++] = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\0')
					return resync(c, start, p, ct_fail(err, CT_EINPUT, "%s:%zu: NUL byte in a text log", c->name, line));
				if (*p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n')))
					line++;
				if ((size_t)(p - start) >= CT_DT_MAX_LINE)
					return resync(c, start, p, ct_fail(err, CT_EINPUT, "%s:%zu: record longer than %d bytes",
						       c->name, c->rec_line, CT_DT_MAX_LINE));
				c->buf[used++] = *p++;
			}
			if (p < end && *p != ',' && *p != '\n' && *p != '\r')
				return resync(c, start, p, ct_fail(err, CT_EINPUT, "%s:%zu: '%c' after a closing quote (expected , or the line end)",
					       c->name, line, *p));
		} else {
			while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
				if (*p == '"')
					return resync(c, start, p, ct_fail(err, CT_EINPUT, "%s:%zu: quote inside an unquoted field %zu",
						       c->name, line, c->nf + 1));
				if (*p == '\0')
					return resync(c, start, p, ct_fail(err, CT_EINPUT, "%s:%zu: NUL byte in a text log", c->name, line));
				if ((size_t)(p - start) >= CT_DT_MAX_LINE)
					return resync(c, start, p, ct_fail(err, CT_EINPUT, "%s:%zu: record longer than %d bytes",
						       c->name, c->rec_line, CT_DT_MAX_LINE));
				c->buf[used++] = *p++;
			}
		}
		c->buf[used++] = '\0';
		c->nf++;
		if (p >= end) {
			c->last_unterminated = 1;
			break;
		}
		if (*p == ',') {
			p++;
			continue;
		}
		ct_eol(p, end, &p); /* the LF, CRLF or CR */
		line++;
		break;
	}
	for (size_t i = 0; i < c->nf; i++)
		c->f[i] = c->buf + offs[i];
	c->p = p;
	c->line = line;
	return 1;
}

int
ct_dtcsv_col(char *const *hdr, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(hdr[i], name))
			return (int)i;
	return -1;
}

int
ct_dtcsv_width(const struct ct_dtcsv *c, size_t ncols, struct ct_err *err)
{
	if (c->nf == ncols)
		return 0;
	if (c->last_unterminated && c->nf < ncols)
		return ct_fail(err, CT_EINPUT, "%s:%zu: truncated row (%zu of %zu fields)",
			       c->name, c->rec_line, c->nf, ncols);
	return ct_fail(err, CT_EINPUT, "%s:%zu: %zu fields, the header has %zu", c->name,
		       c->rec_line, c->nf, ncols);
}

int
ct_dt_num(const struct ct_dtcsv *c, const char *col, const char *s, double *v,
	  struct ct_err *err)
{
	char *end;

	*v = NAN;
	if (!*s || !strcmp(s, "-"))
		return 0;
	/* Plain decimal only: strtod would also take "inf", "nan" and hex. */
	if (strspn(s, "0123456789+-.eE") != strlen(s) || !strpbrk(s, "0123456789"))
		goto bad;
	*v = strtod(s, &end);
	if (*end || !isfinite(*v))
		goto bad;
	return 0;
bad:
	*v = NAN;
	return ct_fail(err, CT_EINPUT, "%s:%zu: %s \"%.40s\" is not a number", c->name,
		       c->rec_line, col, s);
}

/*
 * The reporting range of each serving measurement: what a UE can report,
 * so a value outside it is a logging fault, not a measurement. These are
 * facts of the measurement definitions, not an operator's choice, so they
 * live here and not in the profile.
 */
static const struct {
	enum ct_rat rat;
	enum ct_dt_meas meas;
	const char *name, *unit, *source;
	double lo, hi;
} ranges[] = {
	/* RXLEV 0..63 covers -110..-48 dBm with both ends open (3GPP TS
	 * 45.008, RXLEV mapping); loggers print the +CSQ scale of 3GPP TS
	 * 27.007 (-113 dBm "or less") or -47 for "above -48". */
	{ CT_RAT_GSM, CT_DT_LEVEL, "GSM RxLev", "dBm", "3GPP TS 45.008, TS 27.007", -113, -47 },
	/* RXQUAL_0..7 (3GPP TS 45.008). */
	{ CT_RAT_GSM, CT_DT_QUALITY, "GSM RxQual", "", "3GPP TS 45.008", 0, 7 },
	/* CPICH RSCP and CPICH Ec/No report mappings (3GPP TS 25.133). */
	{ CT_RAT_UMTS, CT_DT_LEVEL, "UMTS RSCP", "dBm", "3GPP TS 25.133", -120, -25 },
	{ CT_RAT_UMTS, CT_DT_QUALITY, "UMTS Ec/No", "dB", "3GPP TS 25.133", -24, 0 },
	/* P-CCPCH RSCP (3GPP TS 25.123), the same span as FDD's RSCP. */
	{ CT_RAT_TDSCDMA, CT_DT_LEVEL, "TD-SCDMA RSCP", "dBm", "3GPP TS 25.123", -120, -25 },
	/* RSRP, RSRQ (extended ranges) and RS-SINR report mappings (3GPP TS 36.133). */
	{ CT_RAT_LTE, CT_DT_LEVEL, "LTE RSRP", "dBm", "3GPP TS 36.133", -156, -31 },
	{ CT_RAT_LTE, CT_DT_QUALITY, "LTE RSRQ", "dB", "3GPP TS 36.133", -34, 2.5 },
	{ CT_RAT_LTE, CT_DT_SINR, "LTE RS-SINR", "dB", "3GPP TS 36.133", -23, 40 },
	/* SS-RSRP, SS-RSRQ and SS-SINR report mappings (3GPP TS 38.133). */
	{ CT_RAT_NR, CT_DT_LEVEL, "NR SS-RSRP", "dBm", "3GPP TS 38.133", -156, -31 },
	{ CT_RAT_NR, CT_DT_QUALITY, "NR SS-RSRQ", "dB", "3GPP TS 38.133", -43, 20 },
	{ CT_RAT_NR, CT_DT_SINR, "NR SS-SINR", "dB", "3GPP TS 38.133", -23, 40 },
};

int
ct_dt_range(const struct ct_dtcsv *c, enum ct_rat rat, enum ct_dt_meas meas, const char *col,
	    double v, struct ct_err *err)
{
	if (isnan(v))
		return 0;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (ranges[i].rat != rat || ranges[i].meas != meas)
			continue;
		if (v >= ranges[i].lo && v <= ranges[i].hi)
			return 0;
		return ct_fail(err, CT_EINPUT, "%s:%zu: %s %g is outside the %s reporting range %g..%g%s%s (%s)",
			       c->name, c->rec_line, col, v, ranges[i].name, ranges[i].lo, ranges[i].hi,
			       *ranges[i].unit ? " " : "", ranges[i].unit, ranges[i].source);
	}
	return 0;
}

int
ct_dt_skip_row(const struct ct_dtcsv *c, struct ct_dt_log *log, int rc, struct ct_err *err)
{
	if (c->strict || rc >= 0)
		return rc;
	ct_badrows_add(&log->bad, c->rec_line, err->msg);
	return 0;
}

/* ---- the log's arrays ---- */

struct ct_dt_sample *
ct_dt_add_sample(struct ct_dt_log *log)
{
	struct ct_dt_sample *s;

	log->s = ct_xgrow(log->s, log->n + 1, &log->cap, sizeof(*log->s));
	s = &log->s[log->n++];
	memset(s, 0, sizeof(*s));
	s->lat = s->lon = s->level = s->quality = s->sinr = s->ta = NAN;
	s->nr_level = s->nr_quality = s->nr_sinr = NAN;
	s->dl_kbps = s->ul_kbps = s->site_m = NAN;
	s->cell_id = -1;
	s->neigh = log->nnb;
	return s;
}

void
ct_dt_add_neigh(struct ct_dt_log *log, struct ct_dt_sample *s, const char *cell, double level,
		double quality)
{
	struct ct_dt_neigh *nb;

	log->nb = ct_xgrow(log->nb, log->nnb + 1, &log->nbcap, sizeof(*log->nb));
	nb = &log->nb[log->nnb++];
	snprintf(nb->cell, sizeof(nb->cell), "%s", cell ? cell : "");
	nb->level = level;
	nb->quality = quality;
	if (s->nneigh == 0)
		s->neigh = log->nnb - 1;
	s->nneigh++;
}

struct ct_dt_event *
ct_dt_add_event(struct ct_dt_log *log)
{
	struct ct_dt_event *e;

	log->ev = ct_xgrow(log->ev, log->nev + 1, &log->evcap, sizeof(*log->ev));
	e = &log->ev[log->nev++];
	memset(e, 0, sizeof(*e));
	e->lat = e->lon = NAN;
	e->cause = -1;
	return e;
}

long long
ct_dt_days(int y, int m, int d)
{
	/* Days from civil (H. Hinnant's algorithm, written out). */
	long long yy = y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}


size_t
ct_dt_usable(const struct ct_dt_log *log)
{
	size_t n = 0;

	for (size_t i = 0; i < log->n; i++)
		n += !isnan(log->s[i].level);
	return n;
}

size_t
ct_dt_legs(const struct ct_dt_sample *s, struct ct_dt_leg leg[2])
{
	size_t n = 0;

	if (!isnan(s->level) && s->rat > CT_RAT_UNKNOWN && s->rat < CT_RAT__COUNT)
		leg[n++] = (struct ct_dt_leg){ s->rat, s->level, s->quality, s->sinr };
	if (!isnan(s->nr_level) && s->rat != CT_RAT_NR)
		leg[n++] = (struct ct_dt_leg){ CT_RAT_NR, s->nr_level, s->nr_quality, s->nr_sinr };
	return n;
}

int
ct_dt_leg(const struct ct_dt_sample *s, enum ct_rat rat, struct ct_dt_leg *l)
{
	struct ct_dt_leg leg[2];
	size_t n = ct_dt_legs(s, leg);

	for (size_t i = 0; i < n; i++)
		if (leg[i].rat == rat) {
			*l = leg[i];
			return 1;
		}
	return 0;
}

/* ---- reading a log ---- */

/* Messages quote fields, and a quoted field may hold a line end: keep the
 * message on one line. */
static int
one_line(struct ct_err *err, int rc)
{
	if (rc < 0)
		for (char *p = err->msg; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	return rc;
}

/* The format from the first bytes (c's buffer or first window), then its
 * reader. log->file is set. */
static int
read_any(struct ct_dtcsv *c, const struct ct_profile *p, struct ct_dt_log *log,
	 struct ct_err *err)
{
	const char *name = log->file, *buf, *end = c->end;
	size_t len;
	const struct ct_dt_map *m;
	int rc;

	/* A UTF-8 byte order mark (spreadsheet "CSV UTF-8" exports) is not
	 * part of the first field. */
	c->p += ct_bom(c->p, (size_t)(end - c->p));
	buf = c->p;
	len = (size_t)(end - buf);
	if (len == 0)
		return ct_fail(err, CT_EINPUT, "%s: empty file, not a drive-test log", name);
	if (memchr(buf, '\0', len < 4096 ? len : 4096))
		return ct_fail(err, CT_EINPUT, "%s: binary data, not a drive-test log", name);
	c->strict = p && p->dt.strict;
	c->failures = p ? &p->failures : NULL;
	if (ct_dt_is_nmf(buf, len)) {
		log->format = CT_DT_NMF;
		snprintf(log->format_name, sizeof(log->format_name), "nmf");
		rc = ct_dt_read_nmf(c, log, err);
	} else if ((rc = ct_dtcsv_next(c, err)) <= 0) {
		if (rc == 0)
			rc = ct_fail(err, CT_EINPUT, "%s: no header row, not a drive-test log", name);
	} else if (ct_dt_is_gnettrack(c->f, c->nf)) {
		log->format = CT_DT_GNETTRACK;
		snprintf(log->format_name, sizeof(log->format_name), "gnettrack");
		rc = ct_dt_read_gnettrack(c, log, err);
	} else if ((m = ct_dt_find_map(p, c->f, c->nf))) {
		log->format = CT_DT_CSVMAP;
		snprintf(log->format_name, sizeof(log->format_name), "csv:%.40s", m->name);
		rc = ct_dt_read_csvmap(c, m, log, err);
	} else {
		/* A log of a layout a shipped profile maps (a modem's CSV) read
		 * without that profile: say which one reads it. */
		struct ct_buf hint = CT_BUF_INIT;

		if (c->fp)
			ct_dt_map_hint(c->f, c->nf, &hint);
		rc = ct_fail(err, CT_EINPUT,
			     "%s:1: not a drive-test log this version reads (G-NetTrack CSV, Nemo NMF, or a CSV layout the profile's drivetest.csv maps)%s",
			     name, ct_buf_str(&hint));
		ct_buf_free(&hint);
	}
	return one_line(err, rc);
}

int
ct_dt_read_mem(const char *name, const char *buf, size_t len, const struct ct_profile *p,
	       struct ct_dt_log *log, struct ct_err *err)
{
	struct ct_dtcsv c;
	int rc;

	memset(log, 0, sizeof(*log));
	log->file = ct_xstrdup(name);
	ct_dtcsv_init(&c, name, buf, len);
	rc = read_any(&c, p, log, err);
	ct_dtcsv_free(&c);
	return rc;
}

/* Reads path through a window; log->take, when set, takes the samples. */
static int
read_path(const char *path, const struct ct_profile *p, struct ct_dt_log *log, struct ct_err *err)
{
	struct ct_dtcsv c;
	FILE *fp;
	int rc;

	if (!(fp = fopen(path, "rb")))
		return ct_fail(err, CT_EINPUT, "%s: %s", path, strerror(errno));
	if ((rc = ct_dtcsv_init_file(&c, log->file, fp, err)) == 0)
		rc = read_any(&c, p, log, err);
	ct_dtcsv_free(&c);
	fclose(fp);
	return rc;
}

int
ct_dt_read(const char *path, const struct ct_profile *p, struct ct_dt_log *log,
	   struct ct_err *err)
{
	memset(log, 0, sizeof(*log));
	log->file = ct_xstrdup(path);
	return read_path(path, p, log, err);
}

void
ct_dt_flush(struct ct_dt_log *log, int all)
{
	size_t keep = all ? 0 : 1;

	if (!log->take)
		return;
	/* The events and handovers recorded so far go with the samples: each
	 * record is complete when this runs (before the next one is read). */
	log->take(log->take_ctx, log, log->n > keep ? log->n - keep : 0);
	log->nev = 0;
	log->nhc = 0;
	if (log->n <= keep)
		return;
	if (keep) {
		/* The last sample stays: a later record may still complete it
		 * (NMF TAD gives the CELLMEAS before it its timing advance). */
		struct ct_dt_sample last = log->s[log->n - 1];

		if (last.nneigh)
			memmove(log->nb, log->nb + last.neigh, last.nneigh * sizeof(*log->nb));
		last.neigh = 0;
		log->nnb = last.nneigh;
		log->s[0] = last;
		log->n = 1;
	} else {
		log->n = 0;
		log->nnb = 0;
	}
}

int
ct_dt_read_each(const char *path, const struct ct_profile *p, struct ct_dt_log *log,
		ct_dt_take_fn *take, void *ctx, struct ct_err *err)
{
	int rc;

	memset(log, 0, sizeof(*log));
	log->file = ct_xstrdup(path);
	log->take = take;
	log->take_ctx = ctx;
	rc = read_path(path, p, log, err);
	if (rc == 0)
		ct_dt_flush(log, 1);
	log->take = NULL;
	log->take_ctx = NULL;
	return rc;
}

void
ct_dt_free(struct ct_dt_log *log)
{
	free(log->file);
	free(log->s);
	free(log->nb);
	free(log->ev);
	free(log->hc);
	memset(log, 0, sizeof(*log));
}

/* ---- OpenCellID cell list ---- */

static const struct ct_name ocid_radios[] = {
	{ CT_RAT_GSM, "GSM" }, { CT_RAT_UMTS, "UMTS" }, { CT_RAT_LTE, "LTE" }, { CT_RAT_NR, "NR" },
	{ 0, NULL }
};

static int
cell_cmp(const void *a, const void *b)
{
	const struct ct_dt_cell *x = a, *y = b;

	if (x->rat != y->rat)
		return x->rat < y->rat ? -1 : 1;
	return x->cell < y->cell ? -1 : x->cell > y->cell;
}

int
ct_dt_cells_read_mem(const char *name, const char *buf, size_t len, struct ct_dt_cells *cells,
		     struct ct_err *err)
{
	struct ct_dtcsv c;
	int rc;

	memset(cells, 0, sizeof(*cells));
	ct_dtcsv_init(&c, name, buf + ct_bom(buf, len), len - ct_bom(buf, len));
	while ((rc = ct_dtcsv_next(&c, err)) > 0) {
		double lat, lon, id;
		int r;

		if (c.rec_line == 1 && !strcmp(c.f[0], "radio"))
			continue; /* the header row */
		if (c.nf < 9) {
			rc = ct_fail(err, CT_EINPUT, "%s:%zu: %zu fields, an OpenCellID row has at least 9 (radio,mcc,net,area,cell,unit,lon,lat,range)",
				     name, c.rec_line, c.nf);
			break;
		}
		if ((r = ct_value_of(ocid_radios, c.f[0])) < 0)
			continue; /* CDMA and others: no samples of those */
		if ((rc = ct_dt_num(&c, "cell", c.f[4], &id, err)) ||
		    (rc = ct_dt_num(&c, "lon", c.f[6], &lon, err)) ||
		    (rc = ct_dt_num(&c, "lat", c.f[7], &lat, err)))
			break;
		if (isnan(id) || isnan(lat) || isnan(lon) || id < 0 || id != floor(id) || id > 1e15 ||
		    fabs(lat) > 90 || fabs(lon) > 180) {
			rc = ct_fail(err, CT_EINPUT, "%s:%zu: cell, lon and lat must be a cell id and WGS84 degrees",
				     name, c.rec_line);
			break;
		}
		cells->c = ct_xgrow(cells->c, cells->n + 1, &cells->cap, sizeof(*cells->c));
		cells->c[cells->n].rat = (enum ct_rat)r;
		cells->c[cells->n].cell = (long long)id;
		cells->c[cells->n].lat = lat;
		cells->c[cells->n].lon = lon;
		cells->n++;
	}
	ct_dtcsv_free(&c);
	if (rc < 0) {
		ct_dt_cells_free(cells);
		return one_line(err, rc);
	}
	if (cells->n)
		qsort(cells->c, cells->n, sizeof(*cells->c), cell_cmp);
	return 0;
}

int
ct_dt_cells_read(const char *path, struct ct_dt_cells *cells, struct ct_err *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(cells, 0, sizeof(*cells));
	if ((rc = ct_read_file(path, CT_DT_MAX_FILE, &buf, &len, err)) != 0)
		return rc;
	rc = ct_dt_cells_read_mem(path, buf, len, cells, err);
	free(buf);
	return rc;
}

double
ct_dt_cells_site_m(const struct ct_dt_cells *cells, const struct ct_dt_sample *s)
{
	struct ct_dt_cell key, *hit;

	if (s->cell_id < 0 || isnan(s->lat) || !cells->n)
		return NAN;
	key.rat = s->rat;
	key.cell = s->cell_id;
	hit = bsearch(&key, cells->c, cells->n, sizeof(*cells->c), cell_cmp);
	return hit ? ct_distance_m(s->lat, s->lon, hit->lat, hit->lon) : NAN;
}

size_t
ct_dt_cells_apply(const struct ct_dt_cells *cells, struct ct_dt_log *log)
{
	size_t n = 0;

	for (size_t i = 0; i < log->n; i++) {
		double d = ct_dt_cells_site_m(cells, &log->s[i]);

		if (isnan(d))
			continue;
		log->s[i].site_m = d;
		n++;
	}
	return n;
}

void
ct_dt_cells_free(struct ct_dt_cells *cells)
{
	free(cells->c);
	memset(cells, 0, sizeof(*cells));
}
