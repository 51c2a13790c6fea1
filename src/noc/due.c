/*
 * due.c — the open tickets falling due (noc.h ct_tickets_due): each
 * ticket's stage times from its history against the profile's limits, the
 * running stage due first, the queue ordered as the NOC works it (grade 1
 * first, then the least time left).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/noc.h"

static int
due_cmp(const void *a, const void *b)
{
	const struct ct_due *x = a, *y = b;

	/* Grade 1 first (operator complaint procedure, 7.1), then the least
	 * time left (the most overdue). */
	if (x->t->grade != y->t->grade)
		return x->t->grade < y->t->grade ? -1 : 1;
	if (x->overdue_by != y->overdue_by)
		return x->overdue_by > y->overdue_by ? -1 : 1;
	return x->t->id < y->t->id ? -1 : x->t->id > y->t->id;
}

int
ct_tickets_due(struct ct_store *st, struct ct_ticket *v, size_t n,
	       const struct ct_deadlines *d, long long now, int overdue, long long within,
	       struct ct_due **out, size_t *nout, struct ct_err *err)
{
	struct ct_due *due = ct_xcalloc(n ? n : 1, sizeof(*due));
	size_t nd = 0;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		struct ct_event *ev = NULL;
		struct ct_stage *sv = NULL;
		size_t nev = 0, ns = 0;
		const char *stage;
		long long by;

		if (ct_status_terminal(v[i].status))
			continue;
		rc = ct_store_history(st, v[i].id, &ev, &nev, err);
		if (rc)
			break;
		ct_ticket_stages(&v[i], ev, nev, d, &sv, &ns);
		if (ct_ticket_due(sv, ns, v[i].status, now, &stage, &by) == 0 &&
		    ((overdue && by > 0) || (within >= 0 && by <= 0 && -by <= within))) {
			due[nd].t = &v[i];
			due[nd].stage = stage; /* a static name */
			due[nd].overdue_by = by;
			nd++;
		}
		free(sv);
		ct_events_free(ev, nev);
	}
	if (rc) {
		free(due);
		return rc;
	}
	qsort(due, nd, sizeof(*due), due_cmp);
	*out = due;
	*nout = nd;
	return 0;
}

/* The due entries of the tickets v read from the index (their due times
 * and stages), in the queue's order; frees due and stage. */
static void
due_entries(struct ct_ticket *v, size_t nv, long long *due, const char **stage, long long now,
	    struct ct_due **out, size_t *nout)
{
	struct ct_due *dv = ct_xcalloc(nv ? nv : 1, sizeof(*dv));

	for (size_t i = 0; i < nv; i++) {
		dv[i].t = &v[i];
		dv[i].stage = stage[i];
		dv[i].overdue_by = now - due[i];
	}
	free(due);
	free(stage);
	qsort(dv, nv, sizeof(*dv), due_cmp);
	*out = dv;
	*nout = nv;
}

int
ct_queue_due(struct ct_store *st, const struct ct_ticket_filter *f,
	     const struct ct_deadlines *d, long long now, int overdue, long long within,
	     struct ct_ticket **v, size_t *nv, struct ct_due **out, size_t *nout,
	     struct ct_err *err)
{
	/* Overdue: due before now; due within: from now to now + within. */
	long long from = overdue ? LLONG_MIN : now;
	long long to = within >= 0 ? now + within : now - 1;
	long long *due = NULL;
	const char **stage = NULL;
	int rc;

	*out = NULL;
	*nout = 0;
	rc = ct_store_due(st, f, from, to, v, nv, &due, &stage, err);
	if (rc == 1) {
		rc = ct_store_list(st, f, v, nv, err);
		return rc ? rc : ct_tickets_due(st, *v, *nv, d, now, overdue, within, out, nout, err);
	}
	if (rc)
		return rc;
	due_entries(*v, *nv, due, stage, now, out, nout);
	return 0;
}

int
ct_queue_first(struct ct_store *st, const struct ct_ticket_filter *f,
	       const struct ct_deadlines *d, long long now, int overdue, long long within,
	       size_t max, struct ct_ticket **v, size_t *nv, struct ct_due **out, size_t *nout,
	       long long *total, struct ct_err *err)
{
	long long from = overdue ? LLONG_MIN : now;
	long long to = within >= 0 ? now + within : now - 1;
	long long *due = NULL;
	const char **stage = NULL;
	int rc;

	*out = NULL;
	*nout = 0;
	rc = ct_store_due_first(st, f, from, to, max, v, nv, &due, &stage, total, err);
	if (rc == 1) {
		/* Without the index: every ticket's history, then the page. */
		rc = ct_queue_due(st, f, d, now, overdue, within, v, nv, out, nout, err);
		if (!rc) {
			*total = (long long)*nout;
			if (*nout > max)
				*nout = max;
		}
		return rc;
	}
	if (rc)
		return rc;
	due_entries(*v, *nv, due, stage, now, out, nout);
	return 0;
}
