/*
 * drivetest.h — drive-test logs: reading them into samples and events,
 * statistics and problem detection, and the text/JSON/CSV/KML/GeoJSON/SVG
 * renderings.
 *
 * Formats, recognised from the content (never from the file name):
 *   - G-NetTrack Pro CSV: a header row starting "Timestamp," and naming
 *     NetworkMode and RSRP (src/ingest/gnettrack.c);
 *   - Nemo Outdoor NMF: "#FF" / "#PRODUCT" header lines or record names
 *     such as CELLMEAS/GPS in the first lines (src/ingest/nmf.c);
 *   - any other CSV whose header row carries every column of one of the
 *     profile's drivetest.csv mappings (src/ingest/csvmap.c).
 *
 * Missing values ("-", empty, a mapping's sentinels) are NAN, never zero.
 * Times are the wall-clock time the tool logged, as seconds since
 * 1970-01-01 of that clock; log->utc says whether the clock was UTC (the
 * modem CSVs say "UTC") or local (G-NetTrack, Nemo).
 *
 * Errors follow util.h: 0 or a negative CT_E* code with a one-line message
 * "file:line: reason" (CSV structure, a number that is not a number, a row
 * with the wrong number of fields, a truncated last line, caps on line
 * length and field count).
 *
 * Bad rows: a row that cannot be read (any of the above but a file that is
 * not a log at all or has no usable header) is skipped and counted in
 * log->bad, and the rest of the log is read, unless the profile says
 * drivetest.strict = true: then the first bad row fails the whole read.
 * A truncated last row is a bad row like any other (reported, not dropped
 * silently). Without a profile (p = NULL) reading is lenient.
 *
 * Ownership: ct_dt_read fills a caller-provided struct ct_dt_log, which owns
 * every array in it; ct_dt_free releases them (also after a failed read).
 * ct_dt_analyse and ct_dt_read_stats fill a struct ct_dt_stats released by
 * ct_dt_stats_free (which also closes its temporary files, if any).
 */
#ifndef CELLTRIAGE_DRIVETEST_H
#define CELLTRIAGE_DRIVETEST_H

#include <stddef.h>
#include <stdio.h>

#include "celltriage/badrows.h"
#include "celltriage/complaint.h"
#include "celltriage/profile.h"
#include "celltriage/util.h"

struct ct_dt_log;
struct ct_dt_stats;
struct ct_dt_acc;
struct ct_dt_cells;
struct ct_spill;

/* Caps on what a log may make us hold: a line, a record's fields. */
#define CT_DT_MAX_LINE   65536
#define CT_DT_MAX_FIELDS 2048
#define CT_DT_MAX_FILE   ((size_t)2 << 30) /* 2 GiB */

enum ct_dt_format { CT_DT_GNETTRACK = 1, CT_DT_NMF, CT_DT_CSVMAP };

/* What the detectors report (ct_dt_kind_name: the name the outputs give). */
enum ct_dt_kind {
	CT_DT_WEAK_COVERAGE, CT_DT_INTERFERENCE, CT_DT_PINGPONG, CT_DT_HO_FAILURE,
	CT_DT_CALL_SETUP_FAILURE, CT_DT_CALL_DROP, CT_DT_DATA_SETUP_FAILURE,
	CT_DT_DATA_DROP, CT_DT_KIND__COUNT
};
const char *ct_dt_kind_name(enum ct_dt_kind k);

struct ct_dt_neigh {
	char cell[32];     /* "" when the log does not name the cell */
	double level;      /* dBm, NAN when missing */
	double quality;    /* dB, NAN when missing */
};

struct ct_dt_sample {
	double t;          /* seconds since 1970 on the log's clock */
	double lat, lon;   /* WGS84 degrees, NAN when unknown */
	enum ct_rat rat;   /* serving RAT (CT_RAT_UNKNOWN when not said) */
	char cell[32];     /* serving cell as the log names it, "" unknown */
	long long cell_id; /* numeric global cell id (ECI, UC-Id), -1 unknown */
	double level;      /* serving level dBm: RSRP / RSCP / RxLev; NAN missing */
	double quality;    /* RSRQ or Ec/No, dB; NAN missing */
	double sinr;       /* SINR / SNR dB; NAN missing */
	/* The NR leg of an EN-DC (5G NSA) sample, whose serving RAT is the LTE
	 * anchor: SS-RSRP dBm, SS-RSRQ dB, SS-SINR dB of the NR cell (3GPP TS
	 * 38.215 §5.1.1-5.1.5), NAN when the phone is not on NR. A 5G SA
	 * sample has rat CT_RAT_NR and its NR values in level/quality/sinr. */
	double nr_level, nr_quality, nr_sinr;
	double ta;         /* timing advance in steps; NAN when not logged */
	double dl_kbps, ul_kbps; /* throughput; NAN missing */
	double site_m;     /* distance to the serving site (--cells); NAN unknown */
	size_t line;       /* line of the file the sample comes from */
	size_t neigh, nneigh; /* neighbours: log->nb[neigh .. neigh+nneigh) */
};

/* An event the log itself records (NMF CAF, HOF ...) or a detector found. */
struct ct_dt_event {
	double t;
	double lat, lon;   /* NAN when unknown */
	char cell[32];
	enum ct_dt_kind kind;
	int cause;         /* the log's cause value, -1 none */
	/* The cause's 3GPP name ("User busy": a call's cause is a TS 24.008
	 * CC cause, the Q.850 values), "" when the log gives none or its
	 * table is not known; the name is also in detail. */
	char cause_name[96];
	char detail[160];  /* e.g. "327 -> 29", "status 2 cause 17 (User busy)" */
	size_t line;
};

/* A change of serving cell: a completed handover where the log records
 * them (NMF HOA + HOS), else a change of the samples' serving cell. */
struct ct_dt_change {
	double t, lat, lon;
	char from[32], to[32];
	size_t line;
};

/* A reader's consumer (ct_dt_read_each): takes the first n samples of log
 * (log->s[0..n)), complete, and the events and recorded handovers so far
 * (log->ev, log->hc), all of which the reader then drops. */
typedef void ct_dt_take_fn(void *ctx, const struct ct_dt_log *log, size_t n);

struct ct_dt_log {
	char *file;
	enum ct_dt_format format;
	char format_name[48]; /* "gnettrack", "nmf", "csv:<mapping name>" */
	int utc;
	struct ct_dt_sample *s;
	size_t n, cap;
	struct ct_dt_neigh *nb;
	size_t nnb, nbcap;
	struct ct_dt_event *ev; /* events logged in the file, in time order */
	size_t nev, evcap;
	struct ct_dt_change *hc; /* handovers the log records (logs_handovers) */
	size_t nhc, hccap;
	int logs_handovers;   /* 1: ping-pongs come from hc, not from samples */
	size_t rows;       /* data rows (CSV) or measurement records (NMF) read */
	size_t other_system; /* NMF measurements of systems we do not read (WLAN) */
	size_t nr_placeholders; /* NR values outside the reporting range taken as
				 * "no NR reading" (gnettrack.c), not as bad rows */
	struct ct_badrows bad; /* rows skipped (lenient mode): count, first lines */
	ct_dt_take_fn *take;  /* ct_dt_read_each: the records go here as they come */
	void *take_ctx;
};

/* Reads path (format from the content). p supplies the CSV mappings and
 * may be NULL (then only G-NetTrack and NMF are recognised). */
int ct_dt_read(const char *path, const struct ct_profile *p, struct ct_dt_log *log,
	       struct ct_err *err);
/* The same from memory; name is used in messages. buf need not be
 * NUL-terminated. */
int ct_dt_read_mem(const char *name, const char *buf, size_t len, const struct ct_profile *p,
		   struct ct_dt_log *log, struct ct_err *err);
void ct_dt_free(struct ct_dt_log *log);

/*
 * Reads path as ct_dt_read does, through a window, handing the records to
 * take(ctx, log, n) in batches as they are complete (the last call, after
 * the whole file, hands over everything left) instead of keeping them:
 * memory does not grow with the file. Afterwards log holds the counts,
 * format and bad rows but no samples, events or handovers (log->n, nev and
 * nhc are 0). ct_dt_read_stats (src/diagnose/drivestats.c) folds them into
 * the statistics this way.
 */
int ct_dt_read_each(const char *path, const struct ct_profile *p, struct ct_dt_log *log,
		    ct_dt_take_fn *take, void *ctx, struct ct_err *err);

/*
 * Reads path and computes its statistics in one pass, in memory that does
 * not grow with the file nor with the problems found in it: the file is
 * read through a window; the samples are folded into the statistics in
 * batches and dropped (what stays is one entry per distinct value for the
 * percentiles); the log's events and recorded handovers are taken from log
 * batch by batch (a ping-pong needs only the last handover); the segments
 * and events found go into spills (spill.h) that keep a bounded run in
 * memory and sort the rest through temporary files. Afterwards log holds
 * the counts, format and bad rows but no samples, events or handovers
 * (log->n, nev and nhc are 0), so it cannot feed the evidence join (the
 * maps, the plot and the cell list take the samples as they pass:
 * ct_dt_read_stats_each). st holds what ct_dt_analyse would give
 * for the same file, in the same order, but the segments and events may
 * be on disk (st->seg/st->ev NULL): read them with ct_dt_walk_segments /
 * ct_dt_walk_events. p must not be NULL. A temporary file that cannot be
 * created, written or read back fails the read (CT_EINPUT,
 * "FILE: events: cannot write the temporary file: REASON").
 */
int ct_dt_read_stats(const char *path, const struct ct_profile *p, struct ct_dt_log *log,
		     struct ct_dt_stats *st, struct ct_err *err);
/* The same, also handing each batch of samples to take(ctx, log, n) before
 * it is dropped (the maps: ct_dt_maps_take), with cells (NULL: none)
 * giving each sample its distance to the site first. */
int ct_dt_read_stats_each(const char *path, const struct ct_profile *p,
			  const struct ct_dt_cells *cells, struct ct_dt_log *log,
			  struct ct_dt_stats *st, ct_dt_take_fn *take, void *ctx,
			  struct ct_err *err);

/* Samples with a usable serving level. */
size_t ct_dt_usable(const struct ct_dt_log *log);

/*
 * What a sample measured on one RAT (a leg): its serving RAT's values, and
 * on an EN-DC sample also the NR leg's. ct_dt_legs fills leg[0..2) and
 * returns how many legs have a level: the serving one first (when its RAT
 * is known and it has a level), then the NR leg (an NSA sample with an
 * SS-RSRP). ct_dt_leg gives the leg on rat alone: 1 and *l filled, or 0
 * when the sample has no level on rat. Statistics, segments, maps, the
 * plot and the evidence for a complaint all read samples through these.
 */
struct ct_dt_leg {
	enum ct_rat rat;
	double level, quality, sinr;
};
size_t ct_dt_legs(const struct ct_dt_sample *s, struct ct_dt_leg leg[2]);
int ct_dt_leg(const struct ct_dt_sample *s, enum ct_rat rat, struct ct_dt_leg *l);

/*
 * Cell list (OpenCellID CSV: radio,mcc,net,area,cell,unit,lon,lat,range,...).
 * Caller frees with ct_dt_cells_free. ct_dt_cells_apply sets site_m on every
 * sample whose (RAT, numeric cell id) is in the list.
 */
struct ct_dt_cell {
	enum ct_rat rat;
	long long cell;
	double lat, lon;
};
struct ct_dt_cells {
	struct ct_dt_cell *c;
	size_t n, cap;
};
int ct_dt_cells_read(const char *path, struct ct_dt_cells *cells, struct ct_err *err);
int ct_dt_cells_read_mem(const char *name, const char *buf, size_t len,
			 struct ct_dt_cells *cells, struct ct_err *err);
size_t ct_dt_cells_apply(const struct ct_dt_cells *cells, struct ct_dt_log *log);
/* The distance from s to its serving site in m, NAN when s has no position
 * or its cell is not in the list. */
double ct_dt_cells_site_m(const struct ct_dt_cells *cells, const struct ct_dt_sample *s);
void ct_dt_cells_free(struct ct_dt_cells *cells);

/* ---- statistics and problem detection (src/diagnose/drivestats.c) ---- */

struct ct_dt_dist {
	size_t n;
	double p10, median, p90; /* NAN when n = 0 */
};

struct ct_dt_share {
	size_t n, below;
	double share, lo, hi;   /* share below and its 95% Clopper-Pearson interval */
	double threshold;       /* NAN: no threshold for this RAT in the profile */
};

struct ct_dt_ratstats {
	size_t samples;          /* samples with a level on this RAT (NR: the NR legs of 5G NSA samples too) */
	struct ct_dt_dist level, quality, sinr, dl, ul;
	struct ct_dt_share below; /* level below the coverage threshold */
	struct ct_dt_share poor_quality; /* quality below drivetest.quality_min_db */
	struct ct_dt_share poor_sinr;    /* SINR below the RAT's sinr_min_db */
};

struct ct_dt_segment {
	enum ct_dt_kind kind;    /* weak_coverage or interference */
	enum ct_rat rat;         /* the leg it was found on: the serving RAT at
				  * its start, or CT_RAT_NR for the NR leg of
				  * EN-DC samples (a segment of its own) */
	double t0, t1;
	double lat0, lon0, lat1, lon1;
	char cell[32];           /* the serving cell at the start */
	size_t first, last;      /* sample indexes */
	size_t samples;
	double length_m;         /* NAN when the samples have no position */
	double worst;            /* lowest level (weak) or quality/SINR (interference) */
};

/*
 * The segments are in order of start time (then first sample), the events
 * (the log's own plus the ping-pongs) in time order (then line, the log's
 * before ping-pongs, then the order found). seg/ev hold them when they are
 * in memory: always after ct_dt_analyse, after ct_dt_read_stats when they
 * fit in one spill run. Otherwise seg/ev are NULL and segs/evs hold them
 * in temporary files. ct_dt_walk_* reads them either way.
 */
struct ct_dt_stats {
	size_t samples;          /* samples with a serving level of a known RAT (each sample once) */
	struct ct_dt_ratstats rat[CT_RAT__COUNT];
	struct ct_dt_segment *seg;
	size_t nseg;
	struct ct_dt_event *ev;
	size_t nev;
	size_t count[CT_DT_KIND__COUNT];
	struct ct_spill *segs, *evs; /* spilled: seg/ev are NULL */
	struct ct_spill *pts;        /* the segments' positions (ct_dt_walk_points) */
	struct ct_spill *sites;      /* distances to the site (ct_dt_walk_sites) */
};

/* A sample's distance to its serving site (--cells), in log order. */
struct ct_dt_site {
	double t;
	char cell[32];
	enum ct_rat rat;
	double distance_m;
	double ta;         /* the sample's timing advance in steps, NAN none */
};

/* A positioned sample along a segment: the segment's key (t0, first, kind,
 * rat) and the sample's place. The maps draw a segment's line through its
 * points, which ct_dt_walk_points gives in the segments' order. */
struct ct_dt_point {
	double t0;
	size_t first;
	int kind, rat;
	double lon, lat;
};
/* <0, 0, >0: pt's segment comes before g, is g, comes after g. */
int ct_dt_point_cmp(const struct ct_dt_point *pt, const struct ct_dt_segment *g);

/*
 * Walks st's segments (events) in order: start, then next until it
 * returns 0 (end) or <0 (a temporary file could not be read; err set).
 * One walk of each list of a stats at a time; the item given is valid
 * until the next call.
 */
struct ct_dt_walk {
	const struct ct_dt_stats *st;
	size_t i;
	struct ct_dt_point pt; /* ct_dt_next_point's look-ahead */
	int has, done;
};
int ct_dt_walk_segments(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err);
int ct_dt_next_segment(struct ct_dt_walk *w, const struct ct_dt_segment **g, struct ct_err *err);
int ct_dt_walk_events(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err);
int ct_dt_next_event(struct ct_dt_walk *w, const struct ct_dt_event **e, struct ct_err *err);
/* The segments' positions: start, then for each segment g in the order of
 * a segment walk, ct_dt_next_point until it returns 0 gives g's points in
 * the order of its samples (1 and *pt, valid until the next call; <0 and
 * err set when the temporary file cannot be read). */
int ct_dt_walk_points(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err);
/* The site distances, as segments and events are walked. */
int ct_dt_walk_sites(struct ct_dt_walk *w, const struct ct_dt_stats *st, struct ct_err *err);
int ct_dt_next_site(struct ct_dt_walk *w, const struct ct_dt_site **s, struct ct_err *err);
int ct_dt_next_point(struct ct_dt_walk *w, const struct ct_dt_segment *g,
		     const struct ct_dt_point **pt, struct ct_err *err);

/*
 * A multiset of values kept as each distinct value with its count: memory
 * grows with the distinct values, not with the values added (levels come
 * in 1 or 0.1 dB steps). Start from a zeroed struct; add; then
 * ct_dt_counts_sort puts the distinct values in t[0..returned) in
 * ascending order (after it the set only takes ct_dt_counts_free).
 */
struct ct_dt_count {
	double v;
	size_t n;          /* 0: an empty slot */
};
struct ct_dt_counts {
	struct ct_dt_count *t;
	size_t cap, used;  /* slots, distinct values */
	size_t n;          /* values added */
};
void ct_dt_counts_add(struct ct_dt_counts *c, double v, size_t n);
size_t ct_dt_counts_sort(struct ct_dt_counts *c);
void ct_dt_counts_free(struct ct_dt_counts *c);

/* Percentiles of x[0..n) (sorted in place), GSL's interpolation (n-1)f. */
void ct_dt_percentiles(double *x, size_t n, struct ct_dt_dist *d);
/* Clopper-Pearson 95% interval for k of n. */
void ct_dt_binom_ci(size_t k, size_t n, double *lo, double *hi);

int ct_dt_analyse(const struct ct_dt_log *log, const struct ct_profile *p,
		  struct ct_dt_stats *st, struct ct_err *err);

/*
 * The statistics one sample at a time (ct_dt_analyse and ct_dt_read_stats
 * are built on it): new, add each sample in log order, then finish, which
 * adds the log's own events and recorded handovers still in log, fills st
 * and frees the accumulator (ct_dt_acc_free frees one that is not
 * finished). name (the log's file) starts error messages; spill = 1 keeps
 * a bounded number of segments and events in memory and sorts the rest
 * through temporary files, spill = 0 keeps them all (st->seg/st->ev).
 * ct_dt_acc_log takes the log's events and recorded handovers so far (in
 * log order, after the samples before them), after which the caller may
 * empty log->ev and log->hc. finish returns 0, or CT_EINPUT when a
 * temporary file failed (err set, st empty).
 */
struct ct_dt_acc;
struct ct_dt_acc *ct_dt_acc_new(const struct ct_profile *p, const char *name, int spill);
void ct_dt_acc_add(struct ct_dt_acc *a, const struct ct_dt_sample *s, int logs_handovers);
void ct_dt_acc_log(struct ct_dt_acc *a, const struct ct_dt_log *log);
int ct_dt_acc_finish(struct ct_dt_acc *a, const struct ct_dt_log *log, struct ct_dt_stats *st,
		     struct ct_err *err);
void ct_dt_acc_free(struct ct_dt_acc *a);
void ct_dt_stats_free(struct ct_dt_stats *st);

/*
 * ---- renderings (src/report/drivetest.c) ----
 *
 * Text, JSON and CSV go to a struct ct_dt_out: with fp NULL the whole text
 * is appended to b (the caller reads and frees b); with fp set, b is
 * written to fp whenever it holds CT_DT_OUT_CHUNK bytes and at the end, so
 * a long list of problems never sits whole in memory. They return 0, or
 * CT_EINPUT when fp cannot be written ("NAME: REASON") or a spilled list
 * cannot be read back.
 */
struct ct_dt_out {
	struct ct_buf b;
	FILE *fp;
	const char *name;  /* fp's name in messages, e.g. "<stdout>" */
};
#define CT_DT_OUT_CHUNK ((size_t)1 << 16)
/* Writes b to fp when it holds at least min bytes (min 0: all of it). */
int ct_dt_out_flush(struct ct_dt_out *o, size_t min, struct ct_err *err);
int ct_dt_text(struct ct_dt_out *o, const struct ct_dt_log *log, const struct ct_dt_stats *st,
	       const struct ct_profile *p, struct ct_err *err);
/* One line: the log's JSON object (format, samples, by_rat, events,
 * segments; plus file, rows, site_distances when --cells gave any). */
int ct_dt_json(struct ct_dt_out *o, const struct ct_dt_log *log, const struct ct_dt_stats *st,
	       const struct ct_profile *p, struct ct_err *err);
/* CSV: one row per event and segment (header row with header = 1). */
int ct_dt_csv(struct ct_dt_out *o, const struct ct_dt_log *log, const struct ct_dt_stats *st,
	      int header, struct ct_err *err);
/*
 * Maps and plot, written as the logs are read: memory does not grow with
 * a log's length (a log's sample placemarks wait in a temporary file until
 * the log is read whole; the segments' lines come from the stats'
 * positions, ct_dt_walk_points; the plot keeps counted distinct levels).
 *
 *   m = ct_dt_maps_new(p, kml, geojson, svg, err)   each a struct ct_dt_out
 *       (fp set: written to it a chunk at a time; fp NULL: collected in its
 *       b), or NULL when not wanted; NULL and err set when a temporary file
 *       cannot be made
 *   per log: ct_dt_maps_take as the log's take function (it is a
 *       ct_dt_take_fn: ct_dt_read_stats_each(..., ct_dt_maps_take, m, ...),
 *       or called once with the whole log held in memory), then
 *       ct_dt_maps_log(m, log, st, err) when the log was read (its samples,
 *       segments and events join the maps) or ct_dt_maps_drop(m) when not
 *   ct_dt_maps_finish(m, files, n, err)   ends the documents, draws the plot
 *       (files[0..n) name the logs in its caption) and frees m;
 *       ct_dt_maps_free frees an unfinished one.
 *
 * Maps: samples coloured by the profile's threshold bins, segments as
 * lines, events as pins. Plot (SVG): CDF of the level per RAT with the
 * threshold lines. The functions returning int give 0 or CT_EINPUT when an
 * output or a temporary file cannot be written or read back.
 */
struct ct_dt_maps;
struct ct_dt_maps *ct_dt_maps_new(const struct ct_profile *p, struct ct_dt_out *kml,
				  struct ct_dt_out *geojson, struct ct_dt_out *svg, struct ct_err *err);
void ct_dt_maps_take(void *ctx, const struct ct_dt_log *log, size_t n);
int ct_dt_maps_log(struct ct_dt_maps *m, const struct ct_dt_log *log, const struct ct_dt_stats *st,
		   struct ct_err *err);
void ct_dt_maps_drop(struct ct_dt_maps *m);
int ct_dt_maps_finish(struct ct_dt_maps *m, const char *const *files, size_t n, struct ct_err *err);
void ct_dt_maps_free(struct ct_dt_maps *m);

/* The same for logs held in memory (ct_dt_read + ct_dt_analyse), appended
 * to b. */
void ct_dt_kml(struct ct_buf *b, const struct ct_dt_log *const *logs,
	       const struct ct_dt_stats *const *st, size_t n, const struct ct_profile *p);
void ct_dt_geojson(struct ct_buf *b, const struct ct_dt_log *const *logs,
		   const struct ct_dt_stats *const *st, size_t n, const struct ct_profile *p);
void ct_dt_svg(struct ct_buf *b, const struct ct_dt_log *const *logs, size_t n,
	       const struct ct_profile *p);

#endif
