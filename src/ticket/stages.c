/*
 * stages.c — how long each stage of a ticket took, against its limit
 * (ticket.h ct_ticket_stages): the stage clocks of the lifecycle table run
 * over the ticket's history.
 *
 *   history:   filed        dispatch       handle     reply       feedback
 *   status:    accepted --> dispatched --> handling --> replied --> feedback
 *   clock:     dispatch     handle ......(kept)....     feedback    (none)
 *   ends:      register                                 reply
 *
 * Each move into a status stops the clock that runs and starts the one its
 * status runs (a move that keeps the clock, like handle, changes nothing);
 * the first arrival in a status ends the stage it ends; a terminal status
 * stops every clock. Everything is computed from the history as stored, so
 * a past day can be re-examined with another "now"; nothing here writes.
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/profile.h"
#include "celltriage/ticket.h"

static long
add(struct ct_stage **v, size_t *n, size_t *cap, enum ct_stage_id id, long long start,
    long long limit_s)
{
	struct ct_stage *s;

	*v = ct_xgrow(*v, *n + 1, cap, sizeof(**v));
	s = &(*v)[(*n)++];
	memset(s, 0, sizeof(*s));
	s->stage = id;
	s->name = ct_stage_name(id);
	s->start = start;
	s->limit_s = limit_s;
	return (long)(*n - 1);
}

long long
ct_stage_filing_start(const struct ct_ticket *t, enum ct_stage_id id)
{
	switch (ct_stage_def(id)->start) {
	case CT_START_RECEIPT:
		return t->received_at;
	case CT_START_RECEIPT_OR_FILING:
		return t->received_at ? t->received_at : t->filed_at;
	case CT_START_STATUS:
		/* Filing is the arrival in the first status: its clock starts. */
		return id == ct_status_def(CT_STATUS_FIRST)->clock ? t->filed_at : 0;
	}
	return 0;
}

/* The department an event's detail names; buf is kept when it names none. */
static void
event_department(const struct ct_event *e, char *buf, size_t n)
{
	char *dep = ct_doc_string(e->detail, "department");

	if (dep)
		snprintf(buf, n, "%s", dep);
	free(dep);
}

/* Closes stage i (when there is one and it is still running) at time at. */
static void
stop(struct ct_stage *v, long i, long long at)
{
	if (i >= 0 && !v[i].end)
		v[i].end = at;
}

void
ct_ticket_stages(const struct ct_ticket *t, const struct ct_event *ev, size_t nev,
		 const struct ct_deadlines *d, struct ct_stage **out, size_t *n)
{
	struct ct_stage *v = NULL;
	size_t nv = 0, cap = 0;
	int appeal = ct_ticket_kind_is(t, CT_KIND_APPEAL);
	const struct ct_status_def *first = ct_status_def(CT_STATUS_FIRST);
	/* Indexes of the running stages, not pointers: add() may move the array. */
	long run[CT_STAGE_END];
	char dep[64] = "";

	run[CT_STAGE_NONE] = -1;
	for (int s = CT_STAGE_FIRST; s < CT_STAGE_END; s++) {
		long long start = ct_stage_filing_start(t, (enum ct_stage_id)s);

		run[s] = -1;
		if (!start)
			continue;
		run[s] = add(&v, &nv, &cap, (enum ct_stage_id)s, start,
			     ct_stage_limit((enum ct_stage_id)s, d, t->grade, appeal));
	}
	/* Filing is the arrival in the first status (never before receipt). */
	if (first->ends != CT_STAGE_NONE)
		stop(v, run[first->ends], t->filed_at > t->received_at ? t->filed_at : t->received_at);

	for (size_t i = 0; i < nev; i++) {
		enum ct_action_id a = ct_action_from_name(ev[i].action);
		enum ct_status to = ct_action_target(a);
		const struct ct_status_def *sd;
		long long at = ev[i].at;

		if (to == CT_STATUS_NONE)
			continue; /* filed, updated, batch, known, note: no move */
		sd = ct_status_def(to);
		if (sd->flags & CT_SF_TERMINAL) {
			/* Closing ends whatever still runs (a ticket closed without a
			 * dispatch: imported, or from an old store). */
			for (size_t k = 0; k < nv; k++)
				stop(v, (long)k, at);
			continue;
		}
		if (sd->ends != CT_STAGE_NONE)
			stop(v, run[sd->ends], at);
		if (ct_action_def(a)->clock == CT_CLOCK_KEEP)
			continue;
		for (int s = CT_STAGE_FIRST; s < CT_STAGE_END; s++)
			if (ct_stage_def((enum ct_stage_id)s)->start == CT_START_STATUS) {
				stop(v, run[s], at);
				run[s] = -1;
			}
		if (sd->clock == CT_STAGE_NONE)
			continue;
		run[sd->clock] = add(&v, &nv, &cap, sd->clock, at,
				     ct_stage_limit(sd->clock, d, t->grade, appeal));
		/* The handle stage is the department's: the one a move names, else
		 * the one that had the ticket (a reopen goes back to it, with a
		 * fresh budget). */
		if (sd->clock == CT_STAGE_HANDLE) {
			event_department(&ev[i], dep, sizeof(dep));
			snprintf(v[run[sd->clock]].department, sizeof(v->department), "%s", dep);
		}
	}
	/* A finished ticket whose last move is not in the history (the oldest
	 * stores kept none). */
	if (ct_status_terminal(t->status))
		for (size_t k = 0; k < nv; k++)
			stop(v, (long)k, t->status_at ? t->status_at : t->updated_at);
	*out = v;
	*n = nv;
}

void
ct_ticket_clock_deadlines(struct ct_ticket *t, const struct ct_stage *v, size_t n,
			  const struct ct_deadlines *d)
{
	for (size_t k = 0; k < t->ndeadlines; k++) {
		const char *name = t->deadlines[k].stage;
		/* The handle stage's budget is the department's handling and its
		 * return (ct_stage_limit): its deadlines are those two. */
		int ret = name && !strcmp(name, "return");
		const struct ct_stage *last = NULL;

		for (size_t i = 0; name && i < n; i++)
			if (!strcmp(v[i].name, ret ? ct_stage_name(CT_STAGE_HANDLE) : name))
				last = &v[i];
		if (!last)
			continue;
		if (last->stage == CT_STAGE_HANDLE && !ret)
			t->deadlines[k].due = last->start + 60LL * d->handle_min;
		else
			t->deadlines[k].due = last->start + last->limit_s;
	}
}

int
ct_ticket_due(const struct ct_stage *v, size_t n, enum ct_status status, long long now,
	      const char **stage, long long *overdue_by)
{
	enum ct_stage_id clock = status > CT_STATUS_NONE && status < CT_STATUS_END ?
				 ct_status_def(status)->clock : CT_STAGE_NONE;
	long long since = 0, best = 0;
	int found = -1;

	*stage = NULL;
	*overdue_by = 0;
	/* When the clock the status runs started: a stage that fell due
	 * before that (a reply due before the ticket was even filed) is not
	 * what the ticket waits on now. */
	for (size_t i = 0; i < n; i++)
		if (!v[i].end && v[i].stage == clock)
			since = v[i].start;
	for (size_t i = 0; i < n; i++) {
		long long due = v[i].start + v[i].limit_s;

		if (v[i].end || due < since)
			continue;
		if (found < 0 || due < best) {
			best = due;
			*stage = v[i].name;
			found = 0;
		}
	}
	if (found == 0)
		*overdue_by = now - best;
	return found;
}
