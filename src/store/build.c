/*
 * build.c — a diagnosed complaint becomes a ticket: what the store keeps and
 * the stage deadlines of SPEC §3 (seeds 000, 002, 004) from the profile.
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

static void
deadline(struct ct_ticket *t, const char *stage, long long due)
{
	t->deadlines = ct_xrealloc(t->deadlines, (t->ndeadlines + 1) * sizeof(*t->deadlines));
	t->deadlines[t->ndeadlines].stage = ct_xstrdup(stage);
	t->deadlines[t->ndeadlines].due = due;
	t->ndeadlines++;
}

void
ct_ticket_build(const struct ct_complaint *c, const struct ct_verdict *v,
		const struct ct_profile *p, long long now, struct ct_ticket *t)
{
	const struct ct_deadlines *d = &p->dl;
	/* Seed 000: an appeal is a complaint escalated to an outside body
	 * (the regulator, the consumer council, ...): flagged, or lodged there. */
	int appeal = ((c->flags >> CT_FL_APPEAL) & 1u) || c->channel == CT_CH_REGULATOR ||
		     c->channel == CT_CH_CONSUMER_COUNCIL;
	long long base = c->has_received ? c->received_epoch : now, at;
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
	t->status = ct_xstrdup("accepted");
	t->kind = ct_xstrdup(appeal ? "appeal" : "ordinary");
	t->received_at = c->has_received ? c->received_epoch : 0;
	t->filed_at = t->updated_at = now;
	t->rev = 1;
	t->tags = ct_xcalloc(v->ntags ? v->ntags : 1, sizeof(*t->tags));
	for (size_t i = 0; i < v->ntags; i++)
		t->tags[t->ntags++] = ct_xstrdup(v->tags[i]);

	/* Seed 002: registered within 1 h, major (grade 1) within 30 min;
	 * first call back within 2 h; progress report after 3 days unresolved
	 * (counted as calendar days here); satisfaction revisit on day 5-7. */
	deadline(t, "register", base + 60LL * (v->grade == 1 ? d->register_major_min : d->register_min));
	/* Seed 004: dispatch 15 min -> handle 2 h -> return 15 min -> feedback 1 h. */
	at = base + 60LL * d->dispatch_min;
	deadline(t, "dispatch", at);
	at += 60LL * d->handle_min;
	deadline(t, "handle", at);
	at += 60LL * d->return_min;
	deadline(t, "return", at);
	at += 60LL * d->feedback_min;
	deadline(t, "feedback", at);
	deadline(t, "callback", base + 60LL * d->callback_min);
	/* Seed 000: reply within 3 h, appeals 4 h. */
	deadline(t, "reply", base + 60LL * (appeal ? d->appeal_reply_min : d->reply_min));
	deadline(t, "progress_report", base + 86400LL * d->progress_report_days);
	deadline(t, "revisit_from", base + 86400LL * d->revisit_days_min);
	deadline(t, "revisit_to", base + 86400LL * d->revisit_days_max);

	t->complaint_json = json_dumps(c->json, JSON_PRESERVE_ORDER | JSON_COMPACT);
	vj = ct_verdict_to_json(v);
	t->verdict_json = json_dumps(vj, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(vj);
	if (!t->complaint_json || !t->verdict_json) {
		fputs("celltriage: out of memory\n", stderr);
		exit(3);
	}
}
