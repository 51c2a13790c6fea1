/*
 * file.c — a complaint diagnosed and filed (desk.h ct_desk_file): the one
 * path `celltriage ticket file` and the API's POST share. The verdict's
 * JSON is the report layer's (ct_verdict_to_json), which is why this sits
 * above it and not in noc/.
 */
#include <string.h>

#include "celltriage/desk.h"
#include "celltriage/diagnose.h"
#include "celltriage/report.h"

int
ct_desk_file(struct ct_store *st, const struct ct_profile *p, const struct ct_complaint *c,
	     long long now, struct ct_ticket *t, struct ct_filing_notes *fn, long long *id,
	     int *updated, struct ct_err *err)
{
	struct ct_verdict v;
	json_t *vdoc;
	int rc;

	ct_diagnose(c, p, CT_WALK_DIAGNOSE, &v);
	vdoc = ct_verdict_to_json(&v);
	ct_ticket_build(c, &v, vdoc, p, now, t);
	json_decref(vdoc);
	ct_verdict_free(&v);
	/* Knowledge, hot cell, customer profile (noc.h). */
	rc = ct_filing_file(st, p, t, now, fn, id, updated, err);
	return rc;
}
