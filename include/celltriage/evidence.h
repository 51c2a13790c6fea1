/*
 * evidence.h — evidence files joined to a complaint before the tree walks it.
 *
 * A signalling capture adds the failure causes that concern the complaint's
 * subscriber (matched by IMSI or MSISDN) to the complaint's signalling list,
 * each with its file and frame as the source, so the verdict's path shows
 * where every value came from. A phone-side log (GSMTAP, from the
 * complainant's own phone: it also shows other phones' paging identities)
 * or a trace of a single subscriber that names no IMSI or MSISDN concerns
 * the complainant; a trace whose subscribers are named but are not the
 * complainant adds nothing (so one capture given with a batch of complaints
 * is joined to its own subscriber's complaint alone). A capture
 * that concerns the complainant counts as "traced" (an empty list then means
 * no failure seen).
 */
#ifndef CELLTRIAGE_EVIDENCE_H
#define CELLTRIAGE_EVIDENCE_H

#include <stdio.h>

#include "celltriage/capture.h"
#include "celltriage/complaint.h"
#include "celltriage/omc.h"

/* Returns the number of causes added. */
size_t ct_evidence_add_capture(struct ct_complaint *c, const struct ct_capture *cap);

/*
 * An OMC export joined to a complaint. Matching: an object concerns the
 * complaint when ct_omc_dn_is_cell(object DN, location.cell) holds (omc.h:
 * the whole DN, its last "Type=value", that value, or a ",cell" suffix
 * equals the cell) and, when the complaint has received_at, its granularity
 * period (end - granularity_s, end] contains that time. An alarm concerns
 * it when its object is the cell (same rule) or an ancestor of a matched
 * object's DN (the site or node), and it was active at received_at (raised
 * before, not cleared before; without a time: not cleared). The first
 * matched object's full DN is kept as the note "location.cell_dn" so that
 * an alarm file joined later can still tie a site alarm to a short cell name.
 *
 * What it fills, over the matched objects (the worst one decides):
 *   omc.cell_busy                 <- KPI cell busy (PRB use vs omc.prb_busy_pct)
 *   measurements.interference_dbm <- KPI ul_interference_dbm (highest)
 *   omc.packet_resource_load_pct  <- KPI packet_load_pct (highest)
 *   omc.gateway_load_pct          <- KPI gateway_load_pct (highest)
 *   omc.alarms                    <- active alarms, "name on object"; an alarm
 *                                    file naming none of them: [] (known clean)
 * The file's value replaces a typed one (the file decides) and the field's
 * note (ct_complaint_note) names the file, object and counter, and what the
 * complaint had typed, so the verdict shows both. A later file replaces an
 * earlier file's note only when it changes the value (a busy cell, a higher
 * load or interference). A complaint without location.cell takes nothing.
 * Returns the number of fields filled.
 */
size_t ct_evidence_add_omc(struct ct_complaint *c, const struct ct_omc *omc);

/*
 * A drive-test log: the samples within the profile's evidence_radius_m of
 * the complaint's location (all samples on the complaint's cell when it has
 * no coordinates) give the serving level (median), SINR, RSRQ and timing
 * advance of the complaint's RAT (or the RAT they show, when the complaint
 * does not say), and the ping-pong handovers there; and the spot's counts
 * of samples beyond the RAT's thresholds (complaint.h spot_level,
 * spot_sinr), by which the tree judges the spot. A file value replaces a
 * typed one (the file decides; the evidence keeps what the complaint said).
 * Returns the number of fields set; 0 when no sample is near (the
 * complaint's unused list then says why, as for a capture or an OMC export
 * that adds nothing).
 */
struct ct_dt_log;
struct ct_dt_stats;
struct ct_profile;
size_t ct_evidence_add_drivetest(struct ct_complaint *c, const struct ct_dt_log *log,
				 const struct ct_dt_stats *st, const struct ct_profile *p);

/*
 * After every evidence file is joined: when the profile says typed values
 * win, a field the complaint typed itself gets its typed value back, and its
 * evidence note says what the file said and that the typed value decided.
 * typed is the complaint as read, before any evidence was joined.
 */
void ct_evidence_settle(struct ct_complaint *c, const struct ct_complaint *typed,
			const struct ct_profile *p);

/* What kind of evidence a file is, from its first bytes: a capture (pcap
 * magic), a complaint (JSON), or something else (tried as a drive-test log).
 * ct_evidence_sniff_omc: an OMC export (omc.h; map, the profile's omc group,
 * recognises mapped CSV exports), to be asked first: VES is JSON too. */
enum ct_evkind { CT_EV_UNKNOWN, CT_EV_CAPTURE, CT_EV_JSON, CT_EV_OMC };
enum ct_evkind ct_evidence_sniff(const char *path);
enum ct_evkind ct_evidence_sniff_omc(const char *path, const struct ct_omc_profile *map);

/*
 * The evidence files of a run (diagnose, plan, ticket file), read once and
 * joined to each of its complaints (src/diagnose/load.c).
 *
 * ct_evidence_load reads the files of f. A positional file (args) is
 * recognised by content: an OMC export first (ct_evidence_sniff_omc), then
 * JSON is a complaint file, a pcap / pcapng file a capture, and anything
 * else a drive-test log. A positional file that is not a regular file (a
 * pipe, /dev/stdin) is a complaint file, unread: what looking at its first
 * bytes would take, its reader would not get back. A complaint file, and a
 * file that cannot be opened (the complaint reader reports it), is not
 * read but handed back in
 * complaints (room for f->nargs), in order, *ncomplaints their number. The
 * files named as captures (--capture, --pm, --alarms) are an OMC export
 * when they look like one, else a capture; drives are drive-test logs. A
 * capture keeps only its failures, in a temporary file (CT_CAP_SPILL |
 * CT_CAP_FAILURES_ONLY), so a multi-gigabyte trace costs no more memory
 * than a small one. The rows a drive-test log or an OMC export skipped
 * are reported on f->warn ("celltriage: FILE:LINE: reason (row skipped)",
 * ct_badrows_warn; NULL: not reported). A file that cannot be read fails
 * the load (the verdict must not silently lack it): the reader's CT_E*
 * code with err set, and ev holds nothing. p must outlive ev.
 *
 * ct_evidence_apply joins every file to c: captures, drive-test logs, the
 * OMC exports (PM files before alarm files: they tie a short cell name to
 * its full DN, which the alarm files need to see site alarms), then
 * ct_evidence_settle. It fails (CT_EINPUT, "FILE: cannot read back the
 * temporary file of its causes") when a capture's causes cannot be read
 * back; c then holds what was joined before.
 *
 * ct_evidence_free releases what ct_evidence_load read (not the file names).
 */
struct ct_evidence_files {
	char **args;      /* recognised by content */
	int nargs;
	char **captures;  /* --capture, --pm, --alarms */
	int ncaptures;
	char **drives;    /* --drive-test */
	int ndrives;
	FILE *warn;       /* skipped rows are reported here; NULL: nowhere */
};
struct ct_evidence_set {
	struct ct_capture *caps;
	size_t ncaps;
	struct ct_dt_log *dts;
	struct ct_dt_stats *dtst;  /* dtst[i]: the statistics of dts[i] */
	size_t ndts;
	struct ct_omc *omcs;
	size_t nomcs;
	const struct ct_profile *prof;
};
int ct_evidence_load(struct ct_evidence_set *ev, const struct ct_evidence_files *f,
		     const struct ct_profile *p, char **complaints, int *ncomplaints,
		     struct ct_err *err);
int ct_evidence_apply(const struct ct_evidence_set *ev, struct ct_complaint *c,
		      struct ct_err *err);
void ct_evidence_free(struct ct_evidence_set *ev);

#endif
