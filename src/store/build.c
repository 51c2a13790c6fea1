/*
 * build.c — a diagnosed complaint becomes a ticket: what the store keeps and
 * the deadlines from the profile (ticket.h ct_ticket_set_deadlines).
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/complaint.h"
#include "celltriage/profile.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "celltriage/verdict.h"

static char *
dup_or_null(const char *s)
{
	return s ? ct_xstrdup(s) : NULL;
}

void
ct_ticket_build(const struct ct_complaint *c, const struct ct_verdict *v,
		const struct ct_profile *p, long long now, struct ct_ticket *t)
{
	const struct ct_deadlines *d = &p->dl;
	/* An appeal is a complaint escalated to an outside body (the
	 * regulator, the consumer council, ...): flagged, or lodged there
	 * (complaint handling management rules). */
	int appeal = ((c->flags >> CT_FL_APPEAL) & 1u) || c->channel == CT_CH_REGULATOR ||
		     c->channel == CT_CH_CONSUMER_COUNCIL;
	long long base = c->has_received ? c->received_epoch : now;
	json_t *vj;

	memset(t, 0, sizeof(*t));
	t->complaint = dup_or_null(c->id);
	t->msisdn = dup_or_null(c->msisdn);
	t->imsi = dup_or_null(c->imsi);
	t->cell = dup_or_null(c->cell);
	t->rat = c->rat != CT_RAT_UNKNOWN ? ct_xstrdup(ct_rat_name(c->rat)) : NULL;
	t->phenomenon = ct_xstrdup(ct_phenomenon_name(c->phenomenon));
	t->cause = ct_xstrdup(v->cause);
	t->klass = ct_xstrdup(v->klass);
	t->domain = ct_xstrdup(v->domain);
	t->confidence = ct_xstrdup(v->confidence);
	t->grade = v->grade;
	t->status = CT_STATUS_FIRST;
	t->kind = ct_xstrdup(appeal ? "appeal" : "ordinary");
	t->received_at = c->has_received ? c->received_epoch : 0;
	t->filed_at = t->updated_at = now;
	t->rev = 1;
	t->tags = ct_xcalloc(v->ntags ? v->ntags : 1, sizeof(*t->tags));
	for (size_t i = 0; i < v->ntags; i++)
		t->tags[t->ntags++] = ct_xstrdup(v->tags[i]);

	ct_ticket_set_deadlines(t, d, base, appeal);

	t->complaint_json = json_dumps(c->json, JSON_PRESERVE_ORDER | JSON_COMPACT);
	vj = ct_verdict_to_json(v);
	t->verdict_json = json_dumps(vj, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(vj);
	if (!t->complaint_json || !t->verdict_json) {
		fputs("celltriage: out of memory\n", stderr);
		exit(3);
	}
}
