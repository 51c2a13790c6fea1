/*
 * escalate.c — escalation of tickets whose stage deadline is near or
 * passed (store.h ct_store_escalate), found through the queue's index
 * (tickets.due_at, due.c), never by reading every ticket.
 *
 *   one scan, one write transaction:
 *
 *   tickets (partial index tickets_esc)         escalation (schema 8)
 *   due_at <= now + before, and no row  ---->   (ticket, stage, due_at, level)
 *   (ticket, due_stage, due_at, level)          inserted ON CONFLICT DO NOTHING
 *   in escalation                               + one ticket_event "escalation"
 *                                                 when the row went in
 *
 * A stage run is known by its due time: a ticket dispatched again runs a
 * new handle stage with a new due time, which escalates afresh. Once its
 * overdue is raised a ticket's esc_due is that due time, and the partial
 * index tickets_esc (due_at where esc_due differs) leaves it out of every
 * later scan until its stage moves on: a scan reads the tickets that may
 * still escalate, not every one long past due. The write
 * lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock) and the
 * primary key make two scanners (two servers, a server and a cron job)
 * raise each escalation once between them.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/store.h"
#include "internal.h"

struct esc_arg {
	long long now, before;
	const char *who;
	struct ct_escalation *v;
	size_t n, cap;
};

struct candidate {
	long long id, due, last;
	char *stage, *status;
};

/* The stage's static name (ct_stage_name's), NULL when it is none. */
static const char *
stage_static(const char *name)
{
	for (int k = CT_STAGE_FIRST; k < CT_STAGE_END; k++)
		if (name && !strcmp(name, ct_stage_name((enum ct_stage_id)k)))
			return ct_stage_name((enum ct_stage_id)k);
	return NULL;
}

static int
raise_one(st_db *db, struct esc_arg *a, const struct candidate *c)
{
	const char *level = c->due <= a->now ? "overdue" : "near";
	long long at = c->last > a->now ? c->last : a->now, changed = 0;
	const struct st_param prm[] = { ST_INT(c->id), ST_TEXT(c->stage), ST_INT(c->due),
					ST_TEXT(level), ST_INT(at) };
	char due[40], *detail;
	json_t *d;
	int rc;

	rc = st_run(db, "INSERT INTO escalation (ticket, stage, due_at, level, at)"
		    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", prm, 5, &changed);
	/* Overdue is the last level: the ticket leaves the scan's index
	 * (tickets_esc) until its running stage falls due at another time. */
	if (rc == SQLITE_OK && c->due <= a->now) {
		const struct st_param up[] = { ST_INT(c->id), ST_INT(c->due) };

		rc = st_run(db, "UPDATE tickets SET esc_due = ?2 WHERE id = ?1", up, 2, NULL);
	}
	if (rc != SQLITE_OK || changed == 0)
		return rc;
	ct_fmt_time(due, sizeof(due), c->due);
	d = json_pack("{s:s, s:s, s:s}", "stage", c->stage, "due", due, "level", level);
	detail = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(d);
	/* No rev: an observation of the clock, not a change (ticket.h). */
	rc = st_put_event(db, c->id, at, a->who, CT_EVENT_ESCALATION, detail ? detail : "{}", 0,
			  c->status);
	free(detail);
	if (rc == SQLITE_OK) {
		struct ct_escalation *e;

		a->v = ct_xgrow(a->v, a->n + 1, &a->cap, sizeof(*a->v));
		e = &a->v[a->n++];
		e->ticket = c->id;
		e->due = c->due;
		e->at = at;
		e->stage = stage_static(c->stage);
		e->overdue = c->due <= a->now;
	}
	return rc;
}

static int
escalate_txn(st_db *db, void *p)
{
	struct esc_arg *a = p;
	struct candidate *c = NULL;
	size_t nc = 0, cap = 0;
	st_stmt *st = NULL;
	int rc;

	a->n = 0;
	/* Through tickets_esc: only what is due by then and not escalated
	 * overdue at that due time; each level not yet raised for this stage
	 * run. The ids first: the rows are written below. */
	rc = st_prepare(db, "SELECT t.id, t.due_stage, t.due_at, t.status,"
			" (SELECT max(e.at) FROM ticket_event AS e WHERE e.ticket = t.id)"
			" FROM tickets AS t WHERE t.due_at IS NOT NULL"
			" AND t.esc_due IS DISTINCT FROM t.due_at AND t.due_at <= ?1"
			" AND NOT EXISTS (SELECT 1 FROM escalation AS x WHERE x.ticket = t.id"
			" AND x.stage = t.due_stage AND x.due_at = t.due_at AND x.level ="
			" CASE WHEN t.due_at <= ?2 THEN 'overdue' ELSE 'near' END)"
			" ORDER BY t.due_at, t.id", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, a->now + a->before);
	st_bind_int64(st, 2, a->now);
	while ((rc = st_step(st)) == SQLITE_ROW) {
		if (!stage_static(st_col_ctext(st, 1)))
			continue; /* nothing running (never with a due time) */
		c = ct_xgrow(c, nc + 1, &cap, sizeof(*c));
		c[nc].id = st_col_int64(st, 0);
		c[nc].stage = st_col_text(st, 1);
		c[nc].due = st_col_int64(st, 2);
		c[nc].status = st_col_text(st, 3);
		c[nc].last = st_col_int64(st, 4);
		nc++;
	}
	st_finalize(st);
	rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	for (size_t i = 0; rc == SQLITE_OK && i < nc; i++)
		rc = raise_one(db, a, &c[i]);
	for (size_t i = 0; i < nc; i++) {
		free(c[i].stage);
		free(c[i].status);
	}
	free(c);
	return rc;
}

int
ct_store_escalate(struct ct_store *s, long long now, long long before_s, const char *who,
		  struct ct_escalation **v, size_t *n, struct ct_err *err)
{
	struct esc_arg a;
	char why[256], me[32];
	int rc;

	*v = NULL;
	*n = 0;
	if (!st_deadlines(s))
		return ct_fail(err, CT_ESTATE, "%s: escalation needs the profile's deadlines", s->path);
	memset(&a, 0, sizeof(a));
	a.now = now;
	a.before = before_s > 0 ? before_s : 0;
	a.who = who && *who ? who : st_who_am_i(me, sizeof(me));
	rc = st_write_txn(s->db, escalate_txn, &a, why, sizeof(why));
	if (rc != SQLITE_OK) {
		free(a.v);
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	}
	*v = a.v;
	*n = a.n;
	return 0;
}

/* What escalation event e raised: 1 with its stage (one of the static
 * names), due time and level (near or overdue), which the caller frees;
 * 0 for any other event, or one that does not say what it raised. */
static int
escalation_of(const struct ct_event *e, char **stage, long long *due, char **level)
{
	char *when;
	int ok;

	*stage = *level = NULL;
	if (ct_event_is_change(e))
		return 0;
	*stage = ct_doc_string(e->detail, "stage");
	*level = ct_doc_string(e->detail, "level");
	when = ct_doc_string(e->detail, "due");
	ok = stage_static(*stage) && when && ct_parse_time(when, due) == 0 && *level &&
	     (!strcmp(*level, "near") || !strcmp(*level, "overdue"));
	free(when);
	if (ok)
		return 1;
	free(*stage);
	free(*level);
	*stage = *level = NULL;
	return 0;
}

int
st_escalated_overdue(const struct ct_event *ev, size_t nev, long long due_at)
{
	int found = 0;

	for (size_t i = 0; !found && i < nev; i++) {
		char *stage, *level;
		long long due;

		if (escalation_of(&ev[i], &stage, &due, &level))
			found = due == due_at && !strcmp(level, "overdue");
		free(stage);
		free(level);
	}
	return found;
}

int
st_escalations_put(st_db *db, long long ticket, const struct ct_event *ev, size_t nev)
{
	int rc = SQLITE_OK;

	/* One that does not say what it raised cannot be matched: the event
	 * is kept, the record of it not. */
	for (size_t i = 0; rc == SQLITE_OK && i < nev; i++) {
		char *stage, *level;
		long long due;

		if (escalation_of(&ev[i], &stage, &due, &level)) {
			const struct st_param prm[] = { ST_INT(ticket), ST_TEXT(stage), ST_INT(due),
							ST_TEXT(level), ST_INT(ev[i].at) };

			rc = st_run(db, "INSERT INTO escalation (ticket, stage, due_at, level, at)"
				    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", prm, 5, NULL);
		}
		free(stage);
		free(level);
	}
	return rc;
}
