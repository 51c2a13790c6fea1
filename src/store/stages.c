/*
 * stages.c — how long each stage of a ticket took, against its limit
 * (SPEC §3; seed 000: reply 3 h, appeals 4 h; seed 002: registration 1 h,
 * major 30 min; seed 004: dispatch 15 min, handle 2 h per department,
 * return 15 min, feedback 1 h). The table of stages is in store.h.
 *
 *   received   filed     dispatch         reply      feedback   close
 *      |--------|-----------|---------------|-----------|---------|
 *       register  dispatch        handle       feedback
 *      |------------------ reply -----------|
 *
 * Everything is computed from the history (ticket_event) as stored, so a
 * past day can be re-examined with another "now"; nothing here writes.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/profile.h"
#include "celltriage/store.h"

static struct ct_stage *
add(struct ct_stage **v, size_t *n, size_t *cap, const char *name, long long start,
    long long limit_s)
{
	struct ct_stage *s;

	*v = ct_xgrow(*v, *n + 1, cap, sizeof(**v));
	s = &(*v)[(*n)++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->start = start;
	s->limit_s = limit_s;
	return s;
}

/* The department a dispatch event named ("" when none). */
static void
event_department(const struct ct_event *e, char *buf, size_t n)
{
	json_t *d = e->detail ? json_loads(e->detail, 0, NULL) : NULL;
	const char *dep = json_string_value(json_object_get(d, "department"));

	snprintf(buf, n, "%s", dep ? dep : "");
	json_decref(d);
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
	long long clock0 = t->received_at ? t->received_at : t->filed_at;
	long long handle_s = 60LL * (d->handle_min + d->return_min);
	int appeal = t->kind && !strcmp(t->kind, "appeal");
	/* Indexes of the stages, not pointers: add() may move the array. */
	long di, ri, hi = -1, fi = -1;
	char dep[64] = "";

	if (t->received_at) {
		add(&v, &nv, &cap, "register", t->received_at,
		    60LL * (t->grade == 1 ? d->register_major_min : d->register_min));
		v[0].end = t->filed_at > t->received_at ? t->filed_at : t->received_at;
	}
	di = (long)nv;
	add(&v, &nv, &cap, "dispatch", t->filed_at, 60LL * d->dispatch_min);
	ri = (long)nv;
	add(&v, &nv, &cap, "reply", clock0, 60LL * (appeal ? d->appeal_reply_min : d->reply_min));
	for (size_t i = 0; i < nev; i++) {
		const char *a = ev[i].action ? ev[i].action : "";
		long long at = ev[i].at;

		if (!strcmp(a, "dispatch") || !strcmp(a, "reopen")) {
			stop(v, di, at);
			stop(v, hi, at);
			stop(v, fi, at);
			/* A reopen goes back to the department that had it, with a
			 * fresh budget; a dispatch names the next one. */
			if (!strcmp(a, "dispatch"))
				event_department(&ev[i], dep, sizeof(dep));
			hi = (long)nv;
			add(&v, &nv, &cap, "handle", at, handle_s);
			snprintf(v[hi].department, sizeof(v[hi].department), "%s", dep);
			fi = -1;
		} else if (!strcmp(a, "reply")) {
			stop(v, ri, at);
			stop(v, hi, at);
			fi = (long)nv;
			add(&v, &nv, &cap, "feedback", at, 60LL * d->feedback_min);
		} else if (!strcmp(a, "feedback")) {
			stop(v, fi, at);
		} else if (!strcmp(a, "close")) {
			/* Closing ends whatever still runs (a ticket closed without
			 * a dispatch: imported, or from an old store). */
			for (size_t k = 0; k < nv; k++)
				stop(v, (long)k, at);
		}
	}
	/* A closed ticket whose close is not in the history (schema 1). */
	if (t->status && !strcmp(t->status, "closed"))
		for (size_t k = 0; k < nv; k++)
			stop(v, (long)k, t->status_at ? t->status_at : t->updated_at);
	*out = v;
	*n = nv;
}

int
ct_ticket_due(const struct ct_stage *v, size_t n, long long now, const char **stage,
	      long long *overdue_by)
{
	int found = -1;
	long long best = 0;

	*stage = NULL;
	*overdue_by = 0;
	for (size_t i = 0; i < n; i++) {
		long long due = v[i].start + v[i].limit_s;

		if (v[i].end)
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
