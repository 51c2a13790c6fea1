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

/* What kind of evidence a file is, from its first bytes. */
enum ct_evkind { CT_EV_UNKNOWN, CT_EV_CAPTURE };
enum ct_evkind ct_evidence_sniff(const char *path);

#endif
