/*
 * evidence.h — evidence files joined to a complaint before the tree walks it.
 *
 * A signalling capture adds the failure causes that concern the complaint's
 * subscriber (matched by IMSI or MSISDN) to the complaint's signalling list,
 * each with its file and frame as the source, so the verdict's path shows
 * where every value came from. A phone-side log (GSMTAP, from the
 * complainant's own phone: it also shows other phones' paging identities)
 * or a trace of a single subscriber concerns the complainant whatever it
 * names; a network trace in which the subscriber does not appear adds
 * nothing. Either way the capture counts as "traced" (an empty list means
 * no failure seen).
 */
#ifndef CELLTRIAGE_EVIDENCE_H
#define CELLTRIAGE_EVIDENCE_H

#include "celltriage/capture.h"
#include "celltriage/complaint.h"

/* Returns the number of causes added. */
size_t ct_evidence_add_capture(struct ct_complaint *c, const struct ct_capture *cap);

/*
 * A drive-test log: the samples within the profile's evidence_radius_m of
 * the complaint's location (all samples on the complaint's cell when it has
 * no coordinates) give the serving level (median), SINR, RSRQ and timing
 * advance of the complaint's RAT (or the RAT they show, when the complaint
 * does not say), and the ping-pong handovers there. A file value replaces a
 * typed one (the file decides; the evidence keeps what the complaint said).
 * Returns the number of fields set; 0 when no sample is near.
 */
struct ct_dt_log;
struct ct_dt_stats;
struct ct_profile;
size_t ct_evidence_add_drivetest(struct ct_complaint *c, const struct ct_dt_log *log,
				 const struct ct_dt_stats *st, const struct ct_profile *p);

/* What kind of evidence a file is, from its first bytes: a capture (pcap
 * magic), a complaint (JSON), or something else (tried as a drive-test log). */
enum ct_evkind { CT_EV_UNKNOWN, CT_EV_CAPTURE, CT_EV_JSON };
enum ct_evkind ct_evidence_sniff(const char *path);

#endif
