/*
 * drivetest.c — what `celltriage drivetest` prints and draws: text (80
 * columns), JSON Lines (the keys of drivetest.h), CSV (RFC 4180), KML (Google Earth),
 * GeoJSON (QGIS) and an SVG plot of the signal-level CDF per RAT.
 *
 * Map colours come from the profile's thresholds, not from fixed levels:
 *   weak         level below the RAT's coverage_dbm            red
 *   interference level at or above it, quality poor (the        orange
 *                interference rule of drivestats.c)
 *   good         at or above the threshold, quality not poor    green
 *   no level     the row has no usable serving level           grey
 * A 5G NSA sample is coloured by its LTE anchor; its NR leg is in the
 * description (KML) or the nr_* properties (GeoJSON), binned on NR's own
 * thresholds, and it makes the plot's NR curve.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "celltriage/drivetest.h"
#include "celltriage/report.h"

enum bin { BIN_NONE, BIN_GOOD, BIN_INTERF, BIN_WEAK, BIN__N };
static const char *const bin_name[BIN__N] = { "no_level", "good", "interference", "weak" };
static const char *const bin_rgb[BIN__N] = { "#9e9e9e", "#2e7d32", "#ef6c00", "#c62828" };
/* KML colours are aabbggrr. */
static const char *const bin_kml[BIN__N] = { "ff9e9e9e", "ff327d2e", "ff006cef", "ff2828c6" };

static const char *const rat_rgb[CT_RAT__COUNT] = { "#000000", "#6a1b9a", "#1565c0", "#00838f",
						    "#2e7d32", "#c62828" };

static enum bin
leg_bin(const struct ct_profile *p, const struct ct_dt_leg *l)
{
	const struct ct_rat_thresholds *t;

	if (isnan(l->level) || l->rat <= CT_RAT_UNKNOWN || l->rat >= CT_RAT__COUNT ||
	    !p->rat[l->rat].present)
		return BIN_NONE;
	t = &p->rat[l->rat];
	if (l->level < t->coverage_dbm)
		return BIN_WEAK;
	if (!isnan(l->sinr) && t->has_sinr)
		return l->sinr < t->sinr_min_db ? BIN_INTERF : BIN_GOOD;
	if (!isnan(l->quality) && p->dt.has_quality[l->rat])
		return l->quality < p->dt.quality_min_db[l->rat] ? BIN_INTERF : BIN_GOOD;
	return BIN_GOOD;
}

/* A sample's bin: its serving leg's. */
static enum bin
sample_bin(const struct ct_profile *p, const struct ct_dt_sample *s)
{
	struct ct_dt_leg l = { s->rat, s->level, s->quality, s->sinr };

	return leg_bin(p, &l);
}

/* The NR leg's bin, on NR's thresholds. */
static enum bin
nr_bin(const struct ct_profile *p, const struct ct_dt_sample *s)
{
	struct ct_dt_leg l = { CT_RAT_NR, s->nr_level, s->nr_quality, s->nr_sinr };

	return leg_bin(p, &l);
}

/* "2020-02-13T21:18:43.250+08:00" in the zone when the log's clock is
 * UTC; "2020-02-13T13:18:43.250" as the log's own clock when it is not
 * (its zone is not known: no offset is made up). */
static void
fmt_t(char *dst, size_t n, double t, int utc)
{
	char base[CT_TIME_LEN], ms_s[16] = "";
	double secs = floor(t);
	int ms = (int)lround((t - secs) * 1000.0);

	if (ms >= 1000) {
		secs += 1;
		ms -= 1000;
	}
	if (utc)
		ct_fmt_time(base, sizeof(base), (long long)secs);
	else
		ct_fmt_time_utc(base, sizeof(base), (long long)secs);
	if (ms)
		snprintf(ms_s, sizeof(ms_s), ".%03d", ms);
	snprintf(dst, n, "%.*s%s%s", CT_TIME_BASE_LEN, base, ms_s, utc ? base + CT_TIME_BASE_LEN : "");
}

static json_t *
jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static void
fmt_opt(char *dst, size_t n, double v, const char *fmt_missing)
{
	if (isnan(v))
		snprintf(dst, n, "%s", fmt_missing);
	else
		snprintf(dst, n, "%.1f", v);
}

/* ---- JSON ---- */

static json_t *
event_json(const struct ct_dt_event *e, int utc)
{
	json_t *o = json_object();
	char t[48];

	fmt_t(t, sizeof(t), e->t, utc);
	json_object_set_new(o, "time", json_string(t));
	if (!isnan(e->lat)) {
		json_object_set_new(o, "lat", json_real(e->lat));
		json_object_set_new(o, "lon", json_real(e->lon));
	}
	json_object_set_new(o, "cell", *e->cell ? ct_json_str(e->cell) : json_null());
	json_object_set_new(o, "kind", json_string(ct_dt_kind_name(e->kind)));
	if (e->cause >= 0)
		json_object_set_new(o, "cause", json_integer(e->cause));
	if (*e->cause_name)
		json_object_set_new(o, "cause_name", ct_json_str(e->cause_name));
	if (*e->detail)
		json_object_set_new(o, "detail", ct_json_str(e->detail));
	json_object_set_new(o, "line", json_integer((json_int_t)e->line));
	return o;
}

static json_t *
segment_json(const struct ct_dt_segment *g, int utc)
{
	json_t *o = json_object();
	char t[48];

	fmt_t(t, sizeof(t), g->t0, utc);
	json_object_set_new(o, "time", json_string(t));
	fmt_t(t, sizeof(t), g->t1, utc);
	json_object_set_new(o, "end_time", json_string(t));
	if (!isnan(g->lat0)) {
		json_object_set_new(o, "lat", json_real(g->lat0));
		json_object_set_new(o, "lon", json_real(g->lon0));
		json_object_set_new(o, "end_lat", json_real(g->lat1));
		json_object_set_new(o, "end_lon", json_real(g->lon1));
	}
	json_object_set_new(o, "cell", *g->cell ? ct_json_str(g->cell) : json_null());
	json_object_set_new(o, "kind", json_string(ct_dt_kind_name(g->kind)));
	json_object_set_new(o, "rat", json_string(ct_rat_name(g->rat)));
	json_object_set_new(o, "samples", json_integer((json_int_t)g->samples));
	json_object_set_new(o, "length_m", isnan(g->length_m) ? json_null() : json_real(round(g->length_m)));
	json_object_set_new(o, g->kind == CT_DT_WEAK_COVERAGE ? "worst_dbm" : "worst_db", jnum(g->worst));
	return o;
}

static json_t *
dist_json(const struct ct_dt_dist *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "n", json_integer((json_int_t)d->n));
	json_object_set_new(o, "p10", jnum(d->p10));
	json_object_set_new(o, "median", jnum(d->median));
	json_object_set_new(o, "p90", jnum(d->p90));
	return o;
}

static json_t *
share_json(const struct ct_dt_share *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "threshold", jnum(s->threshold));
	json_object_set_new(o, "n", json_integer((json_int_t)s->n));
	json_object_set_new(o, "share", jnum(s->share));
	json_object_set_new(o, "ci95", isnan(s->lo) ? json_null() : json_pack("[ff]", s->lo, s->hi));
	return o;
}

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

int
ct_dt_out_flush(struct ct_dt_out *o, size_t min, struct ct_err *err)
{
	if (!o->fp || !o->b.len || o->b.len < min)
		return 0;
	if (fwrite(o->b.s, 1, o->b.len, o->fp) != o->b.len)
		return ct_fail(err, CT_EINPUT, "%s: %s", o->name ? o->name : "output", strerror(errno));
	ct_buf_reset(&o->b);
	return 0;
}

/* Appends item (consumed) to the output, after a comma unless it is the
 * first; writes a chunk out when one is full. */
static int
add_item(struct ct_dt_out *o, json_t *item, size_t i, struct ct_err *err)
{
	char *s = json_dumps(item, JSON_FLAGS | JSON_ENCODE_ANY);

	if (i)
		ct_buf_puts(&o->b, ",");
	if (s)
		ct_buf_puts(&o->b, s);
	free(s);
	json_decref(item);
	return ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err);
}

int
ct_dt_json(struct ct_dt_out *o, const struct ct_dt_log *log, const struct ct_dt_stats *st,
	   const struct ct_profile *p, struct ct_err *err)
{
	static const enum ct_rat rats[] = { CT_RAT_GSM, CT_RAT_UMTS, CT_RAT_LTE, CT_RAT_NR };
	json_t *obj = json_object(), *by = json_object();
	struct ct_dt_walk w;
	const struct ct_dt_event *e;
	const struct ct_dt_segment *g;
	const struct ct_dt_site *sd;
	size_t i;
	char *s;
	int rc;

	json_object_set_new(obj, "file", ct_json_str(log->file));
	json_object_set_new(obj, "format", json_string(log->format_name));
	json_object_set_new(obj, "rows", json_integer((json_int_t)log->rows));
	if (log->bad.n)
		json_object_set_new(obj, "bad_rows", ct_badrows_json(&log->bad));
	if (log->nr_placeholders)
		json_object_set_new(obj, "nr_placeholders", json_integer((json_int_t)log->nr_placeholders));
	json_object_set_new(obj, "samples", json_integer((json_int_t)st->samples));
	for (i = 0; i < sizeof(rats) / sizeof(rats[0]); i++) {
		const struct ct_dt_ratstats *rs = &st->rat[rats[i]];
		json_t *r = json_object();

		json_object_set_new(r, "samples", json_integer((json_int_t)rs->samples));
		json_object_set_new(r, "signal_median_dbm", jnum(rs->level.median));
		json_object_set_new(r, "signal_p10_dbm", jnum(rs->level.p10));
		json_object_set_new(r, "signal_p90_dbm", jnum(rs->level.p90));
		json_object_set_new(r, "below_threshold_share", jnum(rs->below.share));
		json_object_set_new(r, "below_threshold_ci95",
				    isnan(rs->below.lo) ? json_null() : json_pack("[ff]", rs->below.lo, rs->below.hi));
		json_object_set_new(r, "threshold_dbm", jnum(rs->below.threshold));
		json_object_set_new(r, "quality_db", dist_json(&rs->quality));
		json_object_set_new(r, "poor_quality", share_json(&rs->poor_quality));
		json_object_set_new(r, "sinr_db", dist_json(&rs->sinr));
		json_object_set_new(r, "poor_sinr", share_json(&rs->poor_sinr));
		json_object_set_new(r, "dl_kbps", dist_json(&rs->dl));
		json_object_set_new(r, "ul_kbps", dist_json(&rs->ul));
		json_object_set_new(by, ct_rat_name(rats[i]), r);
	}
	json_object_set_new(obj, "by_rat", by);
	/* The head object, then the lists item by item, written out a chunk
	 * at a time: a long drive can have 10^5 events and segments, and
	 * neither a jansson tree of them all nor their whole text is kept.
	 * The bytes are those one json_dumps of the whole object would give. */
	s = json_dumps(obj, JSON_FLAGS);
	json_decref(obj);
	if (!s)
		return ct_fail(err, CT_EINPUT, "%s: cannot encode JSON", log->file);
	ct_buf_add(&o->b, s, strlen(s) - 1); /* without the closing brace */
	free(s);
	ct_buf_puts(&o->b, ",\"events\":[");
	if ((rc = ct_dt_walk_events(&w, st, err)) != 0)
		return rc;
	for (i = 0; (rc = ct_dt_next_event(&w, &e, err)) > 0; i++)
		if ((rc = add_item(o, event_json(e, log->utc), i, err)) != 0)
			return rc;
	if (rc < 0)
		return rc;
	ct_buf_puts(&o->b, "],\"segments\":[");
	if ((rc = ct_dt_walk_segments(&w, st, err)) != 0)
		return rc;
	for (i = 0; (rc = ct_dt_next_segment(&w, &g, err)) > 0; i++)
		if ((rc = add_item(o, segment_json(g, log->utc), i, err)) != 0)
			return rc;
	if (rc < 0)
		return rc;
	ct_buf_puts(&o->b, "]");
	if ((rc = ct_dt_walk_sites(&w, st, err)) != 0)
		return rc;
	for (i = 0; (rc = ct_dt_next_site(&w, &sd, err)) > 0; i++) {
		json_t *d = json_object();
		char t[48];

		fmt_t(t, sizeof(t), sd->t, log->utc);
		json_object_set_new(d, "time", json_string(t));
		json_object_set_new(d, "cell", ct_json_str(sd->cell));
		json_object_set_new(d, "distance_m", json_real(round(sd->distance_m)));
		if (!isnan(sd->ta) && sd->rat > 0 && sd->rat < CT_RAT__COUNT && p->rat[sd->rat].ta_step_m > 0)
			json_object_set_new(d, "ta_distance_m", json_real(sd->ta * p->rat[sd->rat].ta_step_m));
		if (!i)
			ct_buf_puts(&o->b, ",\"site_distances\":[");
		if ((rc = add_item(o, d, i, err)) != 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	if (i)
		ct_buf_puts(&o->b, "]");
	ct_buf_puts(&o->b, "}\n");
	return ct_dt_out_flush(o, 0, err);
}

/* ---- text ---- */

int
ct_dt_text(struct ct_dt_out *o, const struct ct_dt_log *log, const struct ct_dt_stats *st,
	   const struct ct_profile *p, struct ct_err *err)
{
	struct ct_buf *b = &o->b;
	struct ct_dt_walk w;
	const struct ct_dt_segment *g;
	const struct ct_dt_event *e;
	char a[16], m[16], c[16], t[48];
	int any = 0, rc;

	ct_buf_printf(b, "%s\n  %s, %zu rows, %zu samples with a serving level\n", log->file,
		      log->format_name, log->rows, st->samples);
	if (log->bad.n)
		ct_buf_printf(b, "  %zu bad row%s skipped (first at line %zu)\n", log->bad.n,
			      log->bad.n == 1 ? "" : "s", log->bad.first[0].line);
	if (log->nr_placeholders)
		ct_buf_printf(b, "  %zu NR value%s outside the NR reporting range taken as no NR reading\n",
			      log->nr_placeholders, log->nr_placeholders == 1 ? "" : "s");
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		const struct ct_dt_ratstats *rs = &st->rat[r];

		if (!rs->samples)
			continue;
		if (!any)
			ct_buf_puts(b, "  rat      samples    p10 median    p90  below threshold  (95% CI)\n");
		any = 1;
		fmt_opt(a, sizeof(a), rs->level.p10, "-");
		fmt_opt(m, sizeof(m), rs->level.median, "-");
		fmt_opt(c, sizeof(c), rs->level.p90, "-");
		ct_buf_printf(b, "  %-7s %8zu %6s %6s %6s  %5.1f%% < %4.0f  (%.1f-%.1f%%)\n",
			      ct_rat_name((enum ct_rat)r), rs->samples, a, m, c, 100 * rs->below.share,
			      rs->below.threshold, 100 * rs->below.lo, 100 * rs->below.hi);
		if (rs->quality.n) {
			ct_buf_printf(b, "          quality dB  %6.1f %6.1f %6.1f", rs->quality.p10,
				      rs->quality.median, rs->quality.p90);
			if (rs->poor_quality.n)
				ct_buf_printf(b, "  %5.1f%% < %4.0f", 100 * rs->poor_quality.share,
					      rs->poor_quality.threshold);
			ct_buf_puts(b, "\n");
		}
		if (rs->sinr.n) {
			ct_buf_printf(b, "          SINR dB     %6.1f %6.1f %6.1f", rs->sinr.p10,
				      rs->sinr.median, rs->sinr.p90);
			if (rs->poor_sinr.n)
				ct_buf_printf(b, "  %5.1f%% < %4.0f", 100 * rs->poor_sinr.share,
					      rs->poor_sinr.threshold);
			ct_buf_puts(b, "\n");
		}
		if (rs->dl.n)
			ct_buf_printf(b, "          DL kbit/s %8.0f %6.0f %6.0f\n", rs->dl.p10, rs->dl.median,
				      rs->dl.p90);
		if (rs->ul.n)
			ct_buf_printf(b, "          UL kbit/s %8.0f %6.0f %6.0f\n", rs->ul.p10, rs->ul.median,
				      rs->ul.p90);
	}
	ct_buf_printf(b, "  problems: %zu segment%s, %zu event%s\n", st->nseg, st->nseg == 1 ? "" : "s",
		      st->nev, st->nev == 1 ? "" : "s");
	if ((rc = ct_dt_walk_segments(&w, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_segment(&w, &g, err)) > 0) {
		fmt_t(t, sizeof(t), g->t0, log->utc);
		ct_buf_printf(b, "  %s %-18s %-12.12s %3zu samples", t, ct_dt_kind_name(g->kind),
			      *g->cell ? g->cell : "-", g->samples);
		if (!isnan(g->length_m))
			ct_buf_printf(b, " %5.0f m", g->length_m);
		if (g->rat == CT_RAT_NR)
			ct_buf_puts(b, " on nr");
		ct_buf_puts(b, "\n");
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	if ((rc = ct_dt_walk_events(&w, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_event(&w, &e, err)) > 0) {
		fmt_t(t, sizeof(t), e->t, log->utc);
		ct_buf_printf(b, "  %s %-18s %-12.12s %s\n", t, ct_dt_kind_name(e->kind),
			      *e->cell ? e->cell : "-", e->detail);
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	(void)p;
	return ct_dt_out_flush(o, 0, err);
}

/* ---- CSV ---- */

int
ct_dt_csv(struct ct_dt_out *o, const struct ct_dt_log *log, const struct ct_dt_stats *st, int header,
	  struct ct_err *err)
{
	struct ct_buf *b = &o->b;
	struct ct_dt_walk w;
	const struct ct_dt_segment *g;
	const struct ct_dt_event *e;
	char t0[48], t1[48], n1[32], n2[32], n3[32], n4[32];
	int rc;

	if (header)
		ct_buf_puts(b, "file,kind,time,end_time,lat,lon,cell,samples,length_m,detail\r\n");
	if ((rc = ct_dt_walk_segments(&w, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_segment(&w, &g, err)) > 0) {
		fmt_t(t0, sizeof(t0), g->t0, log->utc);
		fmt_t(t1, sizeof(t1), g->t1, log->utc);
		n1[0] = n2[0] = n4[0] = '\0';
		if (!isnan(g->lat0)) {
			snprintf(n1, sizeof(n1), "%.6f", g->lat0);
			snprintf(n2, sizeof(n2), "%.6f", g->lon0);
		}
		if (!isnan(g->length_m))
			snprintf(n4, sizeof(n4), "%.0f", g->length_m);
		snprintf(n3, sizeof(n3), "%zu", g->samples);
		ct_csv_field(b, log->file);
		ct_buf_printf(b, ",%s,%s,%s,%s,%s,", ct_dt_kind_name(g->kind), t0, t1, n1, n2);
		ct_csv_field(b, g->cell);
		ct_buf_printf(b, ",%s,%s,\r\n", n3, n4);
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	if ((rc = ct_dt_walk_events(&w, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_event(&w, &e, err)) > 0) {
		fmt_t(t0, sizeof(t0), e->t, log->utc);
		n1[0] = n2[0] = '\0';
		if (!isnan(e->lat)) {
			snprintf(n1, sizeof(n1), "%.6f", e->lat);
			snprintf(n2, sizeof(n2), "%.6f", e->lon);
		}
		ct_csv_field(b, log->file);
		ct_buf_printf(b, ",%s,%s,,%s,%s,", ct_dt_kind_name(e->kind), t0, n1, n2);
		ct_csv_field(b, e->cell);
		ct_buf_puts(b, ",,,");
		ct_csv_field(b, e->detail);
		ct_buf_puts(b, "\r\n");
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	return ct_dt_out_flush(o, 0, err);
}

/* ---- maps and plot, written as the logs are read ---- */

static void
xml_text(struct ct_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': ct_buf_puts(b, "&amp;"); break;
		case '<': ct_buf_puts(b, "&lt;"); break;
		case '>': ct_buf_puts(b, "&gt;"); break;
		case '"': ct_buf_puts(b, "&quot;"); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				ct_buf_add(b, s, 1);
		}
	}
}

enum { MAP_KML, MAP_GEOJSON, MAP_SVG, MAP__N };

/*
 * What the maps hold while logs are read: each log's sample placemarks
 * and features are staged (in a temporary file when the map goes to a
 * file) and join the map only once the log is read whole, so a log that
 * fails leaves no trace, as before; its problems follow. The plot keeps
 * each RAT's levels as counted distinct values. None of it grows with the
 * log but the temporary files.
 */
struct ct_dt_maps {
	const struct ct_profile *p;
	struct ct_dt_out *out[MAP__N];   /* NULL: that one is not written */
	struct ct_dt_out stage[2];       /* this log's samples: KML, GeoJSON */
	size_t features, staged;         /* GeoJSON features written, staged */
	struct ct_dt_counts lv[CT_RAT__COUNT], loglv[CT_RAT__COUNT]; /* the plot's levels */
	double lo, hi, loglo, loghi;     /* lowest and highest level (NAN: none) */
	int rc;                          /* the first error while staging, in err */
	struct ct_err err;
};

#define MAP_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

/* Appends the JSON of v (consumed) to b. */
static void
put_json(struct ct_buf *b, json_t *v)
{
	char *s = json_dumps(v, MAP_JSON_FLAGS | JSON_ENCODE_ANY);

	if (s)
		ct_buf_puts(b, s);
	free(s);
	json_decref(v);
}

/* A GeoJSON feature's head (its geometry follows), after a comma unless
 * it is the first of the map. */
static void
feature_head(struct ct_buf *b, size_t before)
{
	if (before)
		ct_buf_puts(b, ",");
	ct_buf_puts(b, "{\"type\":\"Feature\",\"geometry\":");
}

/* The feature's properties (consumed) and its end. */
static void
feature_tail(struct ct_buf *b, json_t *props)
{
	ct_buf_puts(b, ",\"properties\":");
	put_json(b, props);
	ct_buf_puts(b, "}");
}

static void
point_geom(struct ct_buf *b, double lon, double lat)
{
	put_json(b, json_pack("{s:s, s:[f,f]}", "type", "Point", "coordinates", lon, lat));
}

static const char kml_head_fmt[] =
	"<Style id=\"%s\"><IconStyle><color>%s</color><scale>0.5</scale>"
	"<Icon><href>http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png</href></Icon>"
	"</IconStyle></Style>\n";

struct ct_dt_maps *
ct_dt_maps_new(const struct ct_profile *p, struct ct_dt_out *kml, struct ct_dt_out *geojson,
	       struct ct_dt_out *svg, struct ct_err *err)
{
	struct ct_dt_maps *m = ct_xcalloc(1, sizeof(*m));

	m->p = p;
	m->out[MAP_KML] = kml;
	m->out[MAP_GEOJSON] = geojson;
	m->out[MAP_SVG] = svg;
	m->lo = m->hi = m->loglo = m->loghi = NAN;
	for (int k = MAP_KML; k <= MAP_GEOJSON; k++) {
		m->stage[k].name = "the map's temporary file";
		if (m->out[k] && m->out[k]->fp && !(m->stage[k].fp = tmpfile())) {
			ct_fail(err, CT_EINPUT, "%s: cannot create a temporary file: %s",
				m->out[k]->name ? m->out[k]->name : "map", strerror(errno));
			ct_dt_maps_free(m);
			return NULL;
		}
	}
	if (kml) {
		struct ct_buf *b = &kml->b;

		ct_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			       "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n"
			       "<name>celltriage drive test</name>\n");
		for (int i = 0; i < BIN__N; i++)
			ct_buf_printf(b, kml_head_fmt, bin_name[i], bin_kml[i]);
		/* Segments in their bins' colours (weak red, interference
		 * orange), so the two kinds differ on the map as in the GeoJSON. */
		ct_buf_printf(b, "<Style id=\"weak_coverage\"><LineStyle><color>%s</color><width>6</width></LineStyle></Style>\n"
				 "<Style id=\"interference_segment\"><LineStyle><color>%s</color><width>6</width></LineStyle></Style>\n",
			      bin_kml[BIN_WEAK], bin_kml[BIN_INTERF]);
		ct_buf_puts(b, "<Style id=\"event\"><IconStyle><scale>1.2</scale><Icon><href>"
			       "http://maps.google.com/mapfiles/kml/paddle/red-stars.png</href></Icon></IconStyle></Style>\n");
	}
	if (geojson)
		ct_buf_puts(&geojson->b, "{\"type\":\"FeatureCollection\",\"features\":[");
	return m;
}

void
ct_dt_maps_free(struct ct_dt_maps *m)
{
	if (!m)
		return;
	for (int k = MAP_KML; k <= MAP_GEOJSON; k++) {
		ct_buf_free(&m->stage[k].b);
		if (m->stage[k].fp)
			fclose(m->stage[k].fp);
	}
	for (int r = 0; r < CT_RAT__COUNT; r++) {
		ct_dt_counts_free(&m->lv[r]);
		ct_dt_counts_free(&m->loglv[r]);
	}
	free(m);
}

static void
stage_kml(struct ct_dt_maps *m, const struct ct_dt_log *log, const struct ct_dt_sample *s)
{
	struct ct_buf *b = &m->stage[MAP_KML].b;
	enum bin bn = sample_bin(m->p, s);
	char t[48];

	fmt_t(t, sizeof(t), s->t, log->utc);
	ct_buf_printf(b, "<Placemark><styleUrl>#%s</styleUrl><TimeStamp><when>%s</when></TimeStamp>"
			 "<description>%s %s ", bin_name[bn], t, ct_rat_name(s->rat), t);
	xml_text(b, s->cell);
	if (!isnan(s->level))
		ct_buf_printf(b, " %.1f dBm", s->level);
	if (!isnan(s->nr_level) && s->rat != CT_RAT_NR)
		ct_buf_printf(b, ", NR %.1f dBm (%s)", s->nr_level, bin_name[nr_bin(m->p, s)]);
	ct_buf_printf(b, "</description><Point><coordinates>%.6f,%.6f</coordinates></Point></Placemark>\n",
		      s->lon, s->lat);
}

static void
stage_geojson(struct ct_dt_maps *m, const struct ct_dt_log *log, const struct ct_dt_sample *s)
{
	struct ct_buf *b = &m->stage[MAP_GEOJSON].b;
	enum bin bn = sample_bin(m->p, s);
	json_t *pr = json_object();
	char t[48];

	fmt_t(t, sizeof(t), s->t, log->utc);
	json_object_set_new(pr, "file", ct_json_str(log->file));
	json_object_set_new(pr, "feature", json_string("sample"));
	json_object_set_new(pr, "time", json_string(t));
	json_object_set_new(pr, "rat", json_string(ct_rat_name(s->rat)));
	json_object_set_new(pr, "cell", ct_json_str(s->cell));
	json_object_set_new(pr, "level_dbm", jnum(s->level));
	json_object_set_new(pr, "bin", json_string(bin_name[bn]));
	json_object_set_new(pr, "color", json_string(bin_rgb[bn]));
	if (!isnan(s->nr_level) && s->rat != CT_RAT_NR) {
		/* the NR leg of an EN-DC sample, binned on NR's thresholds */
		json_object_set_new(pr, "nr_level_dbm", json_real(s->nr_level));
		json_object_set_new(pr, "nr_quality_db", jnum(s->nr_quality));
		json_object_set_new(pr, "nr_bin", json_string(bin_name[nr_bin(m->p, s)]));
	}
	feature_head(b, m->features + m->staged);
	point_geom(b, s->lon, s->lat);
	feature_tail(b, pr);
	m->staged++;
}

/* The plot's levels: every level widens the axis; each RAT's levels make
 * its curve. */
static void
stage_level(struct ct_dt_maps *m, enum ct_rat rat, double level)
{
	if (isnan(m->loglo) || level < m->loglo)
		m->loglo = level;
	if (isnan(m->loghi) || level > m->loghi)
		m->loghi = level;
	if (rat > CT_RAT_UNKNOWN && rat < CT_RAT__COUNT)
		ct_dt_counts_add(&m->loglv[rat], level, 1);
}

void
ct_dt_maps_take(void *ctx, const struct ct_dt_log *log, size_t n)
{
	struct ct_dt_maps *m = ctx;

	for (size_t i = 0; i < n; i++) {
		const struct ct_dt_sample *s = &log->s[i];

		if (m->out[MAP_SVG]) {
			struct ct_dt_leg leg[2];
			size_t nl = ct_dt_legs(s, leg);

			/* A level of no known RAT still widens the axis. */
			if (!isnan(s->level) && (nl == 0 || leg[0].rat != s->rat))
				stage_level(m, CT_RAT_UNKNOWN, s->level);
			for (size_t k = 0; k < nl; k++)
				stage_level(m, leg[k].rat, leg[k].level);
		}
		if (isnan(s->lat))
			continue;
		if (m->out[MAP_KML])
			stage_kml(m, log, s);
		if (m->out[MAP_GEOJSON])
			stage_geojson(m, log, s);
	}
	for (int k = MAP_KML; k <= MAP_GEOJSON; k++)
		if (!m->rc)
			m->rc = ct_dt_out_flush(&m->stage[k], CT_DT_OUT_CHUNK, &m->err);
}

/* Empties a stage (its temporary file too). */
static int
stage_reset(struct ct_dt_out *st, struct ct_err *err)
{
	ct_buf_reset(&st->b);
	if (st->fp && (fflush(st->fp) != 0 || ftruncate(fileno(st->fp), 0) != 0 || fseek(st->fp, 0, SEEK_SET) != 0))
		return ct_fail(err, CT_EINPUT, "%s: %s", st->name, strerror(errno));
	return 0;
}

/* Appends the stage to o, through its temporary file when it has one. */
static int
stage_commit(struct ct_dt_out *st, struct ct_dt_out *o, struct ct_err *err)
{
	char chunk[1 << 14];
	size_t got;
	int rc;

	if (st->fp) {
		if ((rc = ct_dt_out_flush(st, 0, err)) != 0)
			return rc;
		if (fflush(st->fp) != 0 || fseek(st->fp, 0, SEEK_SET) != 0)
			return ct_fail(err, CT_EINPUT, "%s: %s", st->name, strerror(errno));
		while ((got = fread(chunk, 1, sizeof(chunk), st->fp)) > 0) {
			ct_buf_add(&o->b, chunk, got);
			if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
				return rc;
		}
		if (ferror(st->fp))
			return ct_fail(err, CT_EINPUT, "%s: cannot read: %s", st->name, strerror(errno));
	} else {
		ct_buf_add(&o->b, st->b.s ? st->b.s : "", st->b.len);
	}
	return stage_reset(st, err);
}

void
ct_dt_maps_drop(struct ct_dt_maps *m)
{
	for (int k = MAP_KML; k <= MAP_GEOJSON; k++)
		if (stage_reset(&m->stage[k], &m->err) != 0 && !m->rc)
			m->rc = CT_EINPUT;
	m->staged = 0;
	for (int r = 0; r < CT_RAT__COUNT; r++)
		ct_dt_counts_free(&m->loglv[r]);
	m->loglo = m->loghi = NAN;
}

static int
kml_problems(struct ct_dt_maps *m, const struct ct_dt_log *log, const struct ct_dt_stats *st,
	     struct ct_err *err)
{
	struct ct_dt_out *o = m->out[MAP_KML];
	struct ct_buf *b = &o->b;
	struct ct_dt_walk w, pw;
	const struct ct_dt_segment *g;
	const struct ct_dt_event *e;
	const struct ct_dt_point *pt;
	char t[48];
	int rc;

	if ((rc = ct_dt_walk_segments(&w, st, err)) != 0 || (rc = ct_dt_walk_points(&pw, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_segment(&w, &g, err)) > 0) {
		if (isnan(g->lat0))
			continue;
		fmt_t(t, sizeof(t), g->t0, log->utc);
		ct_buf_printf(b, "<Placemark><name>%s</name><styleUrl>#%s</styleUrl>"
				 "<description>%s, %zu samples, cell ",
			      ct_dt_kind_name(g->kind),
			      g->kind == CT_DT_WEAK_COVERAGE ? "weak_coverage" : "interference_segment",
			      t, g->samples);
		xml_text(b, g->cell);
		if (!isnan(g->length_m))
			ct_buf_printf(b, ", %.0f m", g->length_m);
		ct_buf_printf(b, ", worst %.1f %s</description><LineString><coordinates>", g->worst,
			      g->kind == CT_DT_WEAK_COVERAGE ? "dBm" : "dB");
		while ((rc = ct_dt_next_point(&pw, g, &pt, err)) > 0) {
			ct_buf_printf(b, "%.6f,%.6f ", pt->lon, pt->lat);
			if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
				return rc;
		}
		if (rc < 0)
			return rc;
		ct_buf_puts(b, "</coordinates></LineString></Placemark>\n");
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	if (rc < 0 || (rc = ct_dt_walk_events(&w, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_event(&w, &e, err)) > 0) {
		if (isnan(e->lat))
			continue;
		fmt_t(t, sizeof(t), e->t, log->utc);
		ct_buf_printf(b, "<Placemark><name>%s</name><styleUrl>#event</styleUrl><description>%s ",
			      ct_dt_kind_name(e->kind), t);
		xml_text(b, e->cell);
		ct_buf_puts(b, " ");
		xml_text(b, e->detail);
		ct_buf_printf(b, "</description><Point><coordinates>%.6f,%.6f</coordinates></Point></Placemark>\n",
			      e->lon, e->lat);
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	return rc;
}

static int
geojson_problems(struct ct_dt_maps *m, const struct ct_dt_log *log, const struct ct_dt_stats *st,
		 struct ct_err *err)
{
	struct ct_dt_out *o = m->out[MAP_GEOJSON];
	struct ct_buf *b = &o->b;
	struct ct_dt_walk w, pw;
	const struct ct_dt_segment *g;
	const struct ct_dt_event *e;
	const struct ct_dt_point *pt;
	int rc;

	if ((rc = ct_dt_walk_segments(&w, st, err)) != 0 || (rc = ct_dt_walk_points(&pw, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_segment(&w, &g, err)) > 0) {
		json_t *pr;
		size_t k = 0;

		if (isnan(g->lat0))
			continue;
		feature_head(b, m->features++);
		ct_buf_puts(b, "{\"type\":\"LineString\",\"coordinates\":[");
		while ((rc = ct_dt_next_point(&pw, g, &pt, err)) > 0) {
			if (k++)
				ct_buf_puts(b, ",");
			put_json(b, json_pack("[f,f]", pt->lon, pt->lat));
			if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
				return rc;
		}
		if (rc < 0)
			return rc;
		ct_buf_puts(b, "]}");
		pr = segment_json(g, log->utc);
		json_object_set_new(pr, "file", ct_json_str(log->file));
		json_object_set_new(pr, "feature", json_string("segment"));
		json_object_set_new(pr, "color", json_string(bin_rgb[g->kind == CT_DT_WEAK_COVERAGE ? BIN_WEAK : BIN_INTERF]));
		feature_tail(b, pr);
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	if (rc < 0 || (rc = ct_dt_walk_events(&w, st, err)) != 0)
		return rc;
	while ((rc = ct_dt_next_event(&w, &e, err)) > 0) {
		json_t *pr;

		if (isnan(e->lat))
			continue;
		pr = event_json(e, log->utc);
		json_object_set_new(pr, "file", ct_json_str(log->file));
		json_object_set_new(pr, "feature", json_string("event"));
		feature_head(b, m->features++);
		point_geom(b, e->lon, e->lat);
		feature_tail(b, pr);
		if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	}
	return rc;
}

int
ct_dt_maps_log(struct ct_dt_maps *m, const struct ct_dt_log *log, const struct ct_dt_stats *st,
	       struct ct_err *err)
{
	int rc;

	if (m->rc) {
		*err = m->err;
		return m->rc;
	}
	if (m->out[MAP_KML]) {
		struct ct_buf *b = &m->out[MAP_KML]->b;

		ct_buf_puts(b, "<Folder><name>");
		xml_text(b, log->file);
		ct_buf_puts(b, "</name>\n<Folder><name>samples</name>\n");
		if ((rc = stage_commit(&m->stage[MAP_KML], m->out[MAP_KML], err)) != 0)
			return rc;
		ct_buf_puts(b, "</Folder>\n<Folder><name>problems</name>\n");
		if ((rc = kml_problems(m, log, st, err)) != 0)
			return rc;
		ct_buf_puts(b, "</Folder>\n</Folder>\n");
	}
	if (m->out[MAP_GEOJSON]) {
		if ((rc = stage_commit(&m->stage[MAP_GEOJSON], m->out[MAP_GEOJSON], err)) != 0)
			return rc;
		m->features += m->staged;
		m->staged = 0;
		if ((rc = geojson_problems(m, log, st, err)) != 0)
			return rc;
	}
	/* The plot: this log's levels join the others'. */
	for (int r = 0; r < CT_RAT__COUNT; r++) {
		struct ct_dt_counts *c = &m->loglv[r];

		for (size_t i = 0; i < c->cap; i++)
			if (c->t[i].n)
				ct_dt_counts_add(&m->lv[r], c->t[i].v, c->t[i].n);
		ct_dt_counts_free(c);
	}
	if (!isnan(m->loglo)) {
		if (isnan(m->lo) || m->loglo < m->lo)
			m->lo = m->loglo;
		if (isnan(m->hi) || m->loghi > m->hi)
			m->hi = m->loghi;
	}
	m->loglo = m->loghi = NAN;
	for (int k = MAP_KML; k <= MAP_GEOJSON; k++)
		if (m->out[k] && (rc = ct_dt_out_flush(m->out[k], CT_DT_OUT_CHUNK, err)) != 0)
			return rc;
	return 0;
}

/* ---- SVG: the CDF of the serving level per RAT ---- */

static int
svg_plot(struct ct_dt_maps *m, struct ct_dt_out *o, const char *const *files, size_t n,
	 struct ct_err *err)
{
	struct ct_buf *b = &o->b;
	int rc;
	/* Plot area and the level axis: -140 dBm (the bottom of the RSRP
	 * reporting range, TS 36.133 §9.1.4) to -40 dBm, widened in 10 dB
	 * steps to the levels logged (a strong UMTS RSCP reaches -25 dBm, the
	 * top of its range, TS 25.133 §9.1.1.3), within -160 .. -20 dBm. */
	const double W = 800, H = 500, L = 70, R = 170, T = 40, B = 60;
	const struct ct_profile *p = m->p;
	double xmin = -140, xmax = -40;
	double pw = W - L - R, ph = H - T - B;
	int legend = 0;

	if (!isnan(m->lo)) {
		while (m->hi > xmax && xmax < -20)
			xmax += 10;
		while (m->lo < xmin && xmin > -160)
			xmin -= 10;
	}

	ct_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
			 "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
			 "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
			 "<text x=\"%.0f\" y=\"20\" font-size=\"15\">Serving signal level, cumulative distribution per RAT</text>\n",
			 W, H, W, H, L);
	/* Which log(s): a plot saved next to others must say what it shows. */
	ct_buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"#555555\">", L, 35.0);
	{
		size_t len = 0;

		for (size_t k = 0; k < n; k++) {
			const char *slash = strrchr(files[k], '/');

			len += strlen(slash ? slash + 1 : files[k]) + 2;
		}
		for (size_t k = 0; k < n && len <= 100; k++) {
			const char *slash = strrchr(files[k], '/');

			if (k)
				ct_buf_puts(b, ", ");
			xml_text(b, slash ? slash + 1 : files[k]);
		}
		if (len > 100) /* too many names for one line */
			ct_buf_printf(b, "%zu logs", n);
	}
	ct_buf_puts(b, "</text>\n");
	/* grid and axes */
	for (int v = (int)xmin; v <= (int)xmax; v += 10) {
		double x = L + (v - xmin) / (xmax - xmin) * pw;

		ct_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n"
				 "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n",
			      x, T, x, T + ph, x, T + ph + 18, v);
	}
	for (int k = 0; k <= 10; k += 2) {
		double y = T + ph - k / 10.0 * ph;

		ct_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n"
				 "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n",
			      L, y, L + pw, y, L - 6, y + 4, k / 10.0);
	}
	ct_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"black\"/>\n"
			 "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">serving level (dBm): RSRP, NR SS-RSRP, RSCP, RxLev</text>\n"
			 "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\">share of samples at or below</text>\n",
		      L, T, pw, ph, L + pw / 2, H - 18, T + ph / 2);
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		struct ct_dt_counts *c = &m->lv[r];
		size_t nv = c->n, nd, i = 0;
		double thr;

		if (!nv)
			continue;
		nd = ct_dt_counts_sort(c);
		ct_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", rat_rgb[r]);
		for (size_t d = 0; d < nd; d++) {
			double lv = c->t[d].v < xmin ? xmin : c->t[d].v > xmax ? xmax : c->t[d].v;
			double x = L + (lv - xmin) / (xmax - xmin) * pw;

			for (size_t k = 0; k < c->t[d].n; k++, i++) {
				double y0 = T + ph - (double)i / (double)nv * ph;
				double y1 = T + ph - (double)(i + 1) / (double)nv * ph;

				/* a step: up at each sample */
				ct_buf_printf(b, "%.1f,%.1f %.1f,%.1f ", x, y0, x, y1);
				/* a point per sample: written out as it grows */
				if ((rc = ct_dt_out_flush(o, CT_DT_OUT_CHUNK, err)) != 0)
					return rc;
			}
		}
		/* a CDF stays at 1 to the right of the last sample */
		ct_buf_printf(b, "%.1f,%.1f", L + pw, T);
		ct_buf_puts(b, "\"/>\n");
		thr = p->rat[r].present ? p->rat[r].coverage_dbm : NAN;
		if (!isnan(thr)) {
			double x = L + (thr - xmin) / (xmax - xmin) * pw;

			ct_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
					 "stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n",
				      x, T, x, T + ph, rat_rgb[r]);
		}
		ct_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n"
				 "<text x=\"%.1f\" y=\"%.1f\">%s, %zu samples</text>\n",
			      L + pw + 12, T + 14 + legend * 36, L + pw + 36, T + 14 + legend * 36, rat_rgb[r],
			      L + pw + 40, T + 18 + legend * 36, ct_rat_name((enum ct_rat)r), nv);
		if (!isnan(thr))
			ct_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"6 4\"/>\n"
					 "<text x=\"%.1f\" y=\"%.1f\">threshold %.0f dBm</text>\n",
				      L + pw + 12, T + 30 + legend * 36, L + pw + 36, T + 30 + legend * 36, rat_rgb[r],
				      L + pw + 40, T + 34 + legend * 36, thr);
		legend++;
		ct_dt_counts_free(c);
	}
	ct_buf_puts(b, "</svg>\n");
	return 0;
}

int
ct_dt_maps_finish(struct ct_dt_maps *m, const char *const *files, size_t n, struct ct_err *err)
{
	int rc = 0;

	if (m->out[MAP_KML])
		ct_buf_puts(&m->out[MAP_KML]->b, "</Document>\n</kml>\n");
	if (m->out[MAP_GEOJSON])
		ct_buf_puts(&m->out[MAP_GEOJSON]->b, "]}\n");
	if (m->out[MAP_SVG])
		rc = svg_plot(m, m->out[MAP_SVG], files, n, err);
	for (int k = 0; k < MAP__N && !rc; k++)
		if (m->out[k])
			rc = ct_dt_out_flush(m->out[k], 0, err);
	ct_dt_maps_free(m);
	return rc;
}

/* ---- the same from logs held in memory ---- */

static void
maps_of(struct ct_buf *b, int which, const struct ct_dt_log *const *logs,
	const struct ct_dt_stats *const *st, size_t n, const struct ct_profile *p)
{
	struct ct_dt_out o = { CT_BUF_INIT, NULL, NULL };
	struct ct_dt_out *outs[MAP__N] = { NULL, NULL, NULL };
	const char **files = ct_xcalloc(n ? n : 1, sizeof(*files));
	struct ct_dt_maps *m;
	struct ct_err err;

	outs[which] = &o;
	m = ct_dt_maps_new(p, outs[MAP_KML], outs[MAP_GEOJSON], outs[MAP_SVG], &err);
	for (size_t k = 0; k < n; k++) {
		files[k] = logs[k]->file;
		ct_dt_maps_take(m, logs[k], logs[k]->n);
		/* In memory nothing can fail but a stats' spill, which the
		 * analysis of a log in memory never writes. */
		if (st && ct_dt_maps_log(m, logs[k], st[k], &err) != 0)
			ct_dt_maps_drop(m);
	}
	ct_dt_maps_finish(m, files, n, &err);
	ct_buf_add(b, o.b.s ? o.b.s : "", o.b.len);
	ct_buf_free(&o.b);
	free(files);
}

void
ct_dt_kml(struct ct_buf *b, const struct ct_dt_log *const *logs, const struct ct_dt_stats *const *st,
	  size_t n, const struct ct_profile *p)
{
	maps_of(b, MAP_KML, logs, st, n, p);
}

void
ct_dt_geojson(struct ct_buf *b, const struct ct_dt_log *const *logs,
	      const struct ct_dt_stats *const *st, size_t n, const struct ct_profile *p)
{
	maps_of(b, MAP_GEOJSON, logs, st, n, p);
}

void
ct_dt_svg(struct ct_buf *b, const struct ct_dt_log *const *logs, size_t n,
	  const struct ct_profile *p)
{
	struct ct_dt_stats none;
	const struct ct_dt_stats **st = ct_xcalloc(n ? n : 1, sizeof(*st));

	/* The plot needs only the samples. */
	memset(&none, 0, sizeof(none));
	for (size_t k = 0; k < n; k++)
		st[k] = &none;
	maps_of(b, MAP_SVG, logs, st, n, p);
	free(st);
}
