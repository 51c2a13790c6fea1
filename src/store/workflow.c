/*
 * workflow.c — the NOC's ticket workflow on the shared store (store.h):
 * lifecycle moves with an optimistic rev check, the audit trail, batches
 * and import.
 *
 * The moves are the lifecycle table's (ticket.h CT_MOVES; provincial
 * complaint-handling flow): accept -> dispatch (to a department and person)
 * -> handle -> reply -> customer feedback -> close, reopened when the
 * revisit finds the customer unsatisfied. A ticket is not closed without
 * the mandatory reply fields, nor judged invalid without evidence
 * (complaint handling and assessment standard); every change is kept (who,
 * when, what).
 *
 *   one move, as two steps:
 *
 *   read (own snapshot)            write (BEGIN IMMEDIATE)
 *   +----------------------+       +-----------------------------------+
 *   | ticket: status, rev  |  -->  | UPDATE tickets ... rev = rev + 1   |
 *   | history: replies     |       |   WHERE id = ? AND rev = <read>    |
 *   | check the move table |       | 0 rows: lost race -> re-read, again|
 *   | and the close fields |       | 1 row : INSERT ticket_event (rev,  |
 *   +----------------------+       |   status, who, at, action, detail) |
 *                                  +-----------------------------------+
 *
 * The check runs on what was read; the write happens only if nobody changed
 * the ticket since (its rev), so a move is never applied to a state it was
 * not checked against. Event details are compact JSON objects of the
 * fields the move gave ({"from":"accepted","department":"radio"}).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/store.h"
#include "internal.h"

/* Re-reads after a lost race before giving up: each retry means another
 * writer committed a change to this very ticket in between. */
#define MOVE_TRIES 64

static int
given(const char *s)
{
	return s && *s;
}

void
ct_close_missing(const struct ct_ticket *t, const struct ct_move *m, int has_reply,
		 char *buf, size_t n)
{
	struct ct_buf b = CT_BUF_INIT;
	const struct {
		const char *name, *have, *add;
	} f[] = {
		{ "cause", t->reply_cause, m->reply_cause },
		{ "result", t->result, m->result },
		{ "satisfaction", t->satisfaction, m->satisfaction },
		{ "department", t->department, m->department },
		{ "person", t->person, m->person },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!given(f[i].have) && !given(f[i].add))
			ct_buf_printf(&b, "%s%s", b.len ? ", " : "", f[i].name);
	if (!t->time_taken_s && !m->time_taken_s && !has_reply)
		ct_buf_printf(&b, "%s%s", b.len ? ", " : "", "time taken");
	snprintf(buf, n, "%s", ct_buf_str(&b));
	ct_buf_free(&b);
}

/* ---------------------------------------------------------------------
 * Moves
 */

/* When the first reply was made (0 = none): the end of the reply stage. */
static int
first_reply(st_db *db, long long id, long long *at)
{
	st_stmt *st;
	int rc = st_prepare(db, "SELECT min(at) FROM ticket_event"
				    " WHERE ticket = ?1 AND action = ?2", &st);

	*at = 0;
	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, id);
	st_bind_text(st, 2, ct_action_name(CT_ACTION_REPLY));
	rc = st_step(st);
	if (rc == SQLITE_ROW) {
		*at = st_col_int64(st, 0);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc;
}

/* Dates move m against ticket t as read: a time before its last change
 * (its latest event, else updated_at) would put the history out of order
 * and give a stage a negative time, so it is refused; a time read from the
 * clock (m->clock: another writer came first, or this machine's clock is
 * behind) becomes that last change's. */
static int
date_move(struct ct_store *s, const struct ct_ticket *t, struct ct_move *m, struct ct_err *err)
{
	st_stmt *st;
	long long last = t->updated_at;
	char when[40], then[40];
	int rc = st_prepare(s->db, "SELECT max(at) FROM ticket_event WHERE ticket = ?1", &st);

	if (rc == SQLITE_OK) {
		st_bind_int64(st, 1, t->id);
		rc = st_step(st);
		if (rc == SQLITE_ROW && !st_col_is_null(st, 0) &&
		    st_col_int64(st, 0) > last)
			last = st_col_int64(st, 0);
		rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
		st_finalize(st);
	}
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	if (m->at >= last)
		return 0;
	if (m->clock) {
		m->at = last;
		return 0;
	}
	ct_fmt_time(when, sizeof(when), m->at);
	ct_fmt_time(then, sizeof(then), last);
	return ct_fail(err, CT_ESTATE, "ticket %lld: %s is before its last change at %s", t->id,
		       when, then);
}

/* The event's detail: the fields the move gave, as compact JSON. */
static char *
move_detail(enum ct_status from, const struct ct_move *m, long long time_taken)
{
	json_t *o = json_object();
	char *s;
	const struct {
		const char *key, *val;
	} kv[] = {
		{ "department", m->department }, { "person", m->person },
		{ "cause", m->reply_cause }, { "result", m->result },
		{ "satisfaction", m->satisfaction }, { "evidence", m->evidence },
		{ "note", m->note },
	};

	json_object_set_new(o, "from", ct_status_name(from) ? json_string(ct_status_name(from))
							   : json_null());
	for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		json_t *v = given(kv[i].val) ? json_string(kv[i].val) : NULL;

		/* json_string refuses invalid UTF-8: such a field is kept on the
		 * ticket but left out of the detail rather than failing the move. */
		if (v)
			json_object_set_new(o, kv[i].key, v);
	}
	if (time_taken)
		json_object_set_new(o, "time_taken_s", json_integer(time_taken));
	if (m->invalid)
		json_object_set_new(o, "invalid", json_true());
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s ? s : ct_xstrdup("{}");
}

struct move_arg {
	long long id;
	int rev;               /* the rev the check saw */
	enum ct_status from, to;
	const struct ct_move *m;
	long long time_taken;  /* close: given or computed; 0 otherwise */
	const struct ct_deadlines *dl; /* the store's (NULL: not set) */
	int conflict;          /* out: the ticket's rev was no longer rev */
};

static int
move_txn(st_db *db, void *p)
{
	struct move_arg *a = p;
	const struct ct_move *m = a->m;
	/* A move back into the work (reopen) ends the earlier reply. */
	int reopen = m->action == CT_ACTION_REOPEN;
	st_stmt *st = NULL;
	char who[32], *detail;
	int rc;

	a->conflict = 0;
	/* Reopening clears the reply: the next close needs a new one. */
	rc = st_prepare(db, "UPDATE tickets SET status = ?3, status_at = ?4, updated_at = ?4, rev = rev + 1,"
		" department = COALESCE(?5, department), person = COALESCE(?6, person),"
		" reply_cause = CASE WHEN ?12 <> 0 THEN NULL ELSE COALESCE(?7, reply_cause) END,"
		" result = CASE WHEN ?12 <> 0 THEN NULL ELSE COALESCE(?8, result) END,"
		" satisfaction = CASE WHEN ?12 <> 0 THEN NULL ELSE COALESCE(?9, satisfaction) END,"
		" time_taken_s = CASE WHEN ?12 <> 0 THEN 0 WHEN ?10 > 0 THEN ?10 ELSE time_taken_s END,"
		" invalid = CASE WHEN ?12 <> 0 THEN 0 WHEN ?11 <> 0 THEN 1 ELSE invalid END,"
		" evidence = CASE WHEN ?12 <> 0 THEN NULL ELSE COALESCE(?13, evidence) END"
		" WHERE id = ?1 AND rev = ?2", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, a->id);
	st_bind_int64(st, 2, a->rev);
	st_bind_text(st, 3, ct_status_name(a->to));
	st_bind_int64(st, 4, m->at);
	st_bind_text(st, 5, given(m->department) ? m->department : NULL);
	st_bind_text(st, 6, given(m->person) ? m->person : NULL);
	st_bind_text(st, 7, given(m->reply_cause) ? m->reply_cause : NULL);
	st_bind_text(st, 8, given(m->result) ? m->result : NULL);
	st_bind_text(st, 9, given(m->satisfaction) ? m->satisfaction : NULL);
	st_bind_int64(st, 10, a->time_taken);
	st_bind_int64(st, 11, m->invalid);
	st_bind_int64(st, 12, reopen);
	st_bind_text(st, 13, given(m->evidence) ? m->evidence : NULL);
	rc = st_step_done(st);
	st_finalize(st);
	if (rc != SQLITE_OK)
		return rc;
	if (st_changes(db) == 0) {
		/* Someone else's change came first: nothing written. */
		a->conflict = 1;
		return SQLITE_OK;
	}
	detail = move_detail(a->from, m, a->time_taken);
	rc = st_put_event(db, a->id, m->at, given(m->who) ? m->who : st_who_am_i(who, sizeof(who)),
			  ct_action_name(m->action), detail, a->rev + 1, ct_status_name(a->to));
	free(detail);
	/* The move starts or stops stage clocks: the queue's columns follow. */
	if (rc == SQLITE_OK)
		rc = st_due_update(db, a->dl, a->id);
	return rc;
}

/* Checks m against t as read; fills a. 0 or CT_EUSAGE / CT_ESTATE. */
static int
check_move(struct ct_store *s, const struct ct_ticket *t, const struct ct_move *m,
	   struct move_arg *a, struct ct_err *err)
{
	char allowed[128], missing[128];
	long long replied = 0;
	int rc;

	a->to = ct_move_target(t->status, m->action);
	if (a->to == CT_STATUS_NONE) {
		ct_moves_allowed(t->status, allowed, sizeof(allowed));
		return ct_fail(err, CT_ESTATE, "ticket %lld is %s: %s is not allowed (allowed: %s)",
			       t->id, ct_status_name(t->status) ? ct_status_name(t->status)
							       : "without status",
			       ct_action_name(m->action), allowed);
	}
	if (m->action == CT_ACTION_DISPATCH && !given(m->department))
		return ct_fail(err, CT_EUSAGE, "ticket %lld: dispatch needs --department", t->id);
	if (m->action == CT_ACTION_FEEDBACK && !given(m->satisfaction) && !given(t->satisfaction))
		return ct_fail(err, CT_EUSAGE, "ticket %lld: feedback needs --satisfaction", t->id);
	a->time_taken = 0;
	if (m->action == CT_ACTION_CLOSE) {
		rc = first_reply(s->db, t->id, &replied);
		if (rc != SQLITE_OK)
			return st_sql_fail(s->path, s->db, rc, err);
		ct_close_missing(t, m, replied != 0, missing, sizeof(missing));
		if (*missing)
			return ct_fail(err, CT_ESTATE, "ticket %lld cannot be closed: missing %s",
				       t->id, missing);
		/* A ticket becomes invalid only with enough evidence that the
		 * fault is the customer's (complaint handling and assessment
		 * standard). */
		if (m->invalid && !given(m->evidence) && !given(t->evidence))
			return ct_fail(err, CT_ESTATE,
				       "ticket %lld cannot be judged invalid without evidence (--evidence)",
				       t->id);
		/* Time taken: given, else from receipt to the first reply. */
		if (m->time_taken_s)
			a->time_taken = m->time_taken_s;
		else if (!t->time_taken_s)
			a->time_taken = replied - (t->received_at ? t->received_at : t->filed_at);
		if (a->time_taken < 0)
			a->time_taken = 0;
	} else if (m->time_taken_s) {
		a->time_taken = m->time_taken_s;
	}
	return 0;
}

int
ct_store_move(struct ct_store *s, long long id, int expect_rev, const struct ct_move *m,
	      struct ct_move_result *r, struct ct_err *err)
{
	struct ct_move_result dummy;
	char why[256];
	int rc;

	if (!r)
		r = &dummy;
	memset(r, 0, sizeof(*r));
	if (!ct_action_name(m->action))
		return ct_fail(err, CT_EUSAGE, "ticket %lld: no move given", id);
	for (int try = 0; try < MOVE_TRIES; try++) {
		struct ct_ticket t;
		struct ct_move dated = *m;
		struct move_arg a;

		if (try > 0)
			st_backoff(try > 6 ? 6 : try - 1);
		rc = ct_store_get(s, id, &t, err);
		if (rc)
			return rc;
		if (expect_rev > 0 && t.rev != expect_rev) {
			rc = ct_fail(err, CT_ECONFLICT, "ticket %lld changed since it was read (rev %d, now %d)",
				     id, expect_rev, t.rev);
			ct_ticket_free(&t);
			return rc;
		}
		memset(&a, 0, sizeof(a));
		a.id = id;
		a.rev = t.rev;
		a.m = &dated;
		a.dl = st_deadlines(s);
		a.from = t.status;
		rc = date_move(s, &t, &dated, err);
		if (rc == 0)
			rc = check_move(s, &t, &dated, &a, err);
		if (rc == 0) {
			rc = st_write_txn(s->db, move_txn, &a, why, sizeof(why));
			if (rc != SQLITE_OK)
				rc = st_sql_fail_why(s->path, s->db, rc, why, err);
		}
		if (rc == 0 && !a.conflict) {
			r->from_rev = t.rev;
			r->to_rev = t.rev + 1;
			r->from = t.status;
			r->to = a.to;
		}
		ct_ticket_free(&t);
		if (rc)
			return rc;
		if (!a.conflict)
			return 0;
		if (expect_rev > 0)
			return ct_fail(err, CT_ECONFLICT, "ticket %lld changed since it was read (rev %d)",
				       id, expect_rev);
		r->conflicts++;
	}
	return ct_fail(err, CT_ESTORE, "%s: ticket %lld kept changing under us (gave up after %d tries)",
		       s->path, id, MOVE_TRIES);
}

/* ---------------------------------------------------------------------
 * Comments
 */

struct comment_arg {
	long long id, at;
	int rev;                /* the rev the check saw */
	const char *who, *detail, *status;
	int conflict;           /* out */
};

static int
comment_txn(st_db *db, void *p)
{
	struct comment_arg *a = p;
	const struct st_param prm[] = { ST_INT(a->id), ST_INT(a->rev), ST_INT(a->at) };
	long long changed = 0;
	int rc;

	a->conflict = 0;
	/* The status and every clock stay: only the rev and the time move. */
	rc = st_run(db, "UPDATE tickets SET rev = rev + 1, updated_at = ?3 WHERE id = ?1 AND rev = ?2",
		    prm, 3, &changed);
	if (rc != SQLITE_OK)
		return rc;
	if (changed == 0) {
		a->conflict = 1;
		return SQLITE_OK;
	}
	rc = st_put_event(db, a->id, a->at, a->who, CT_EVENT_COMMENT, a->detail, a->rev + 1, a->status);
	/* Its words are searched with the ticket's. */
	return rc == SQLITE_OK ? st_text_update(db, a->id) : rc;
}

int
ct_store_comment(struct ct_store *s, long long id, int expect_rev, const char *who,
		 long long at, int clock, const char *text, struct ct_move_result *r,
		 struct ct_err *err)
{
	struct ct_move_result dummy;
	char why[256], me[32];
	json_t *d;
	char *detail;
	int rc;

	if (!r)
		r = &dummy;
	memset(r, 0, sizeof(*r));
	if (!text || !text[strspn(text, " \t\r\n")])
		return ct_fail(err, CT_EINPUT, "ticket %lld: the comment is empty", id);
	if (strlen(text) > CT_COMMENT_MAX)
		return ct_fail(err, CT_EINPUT, "ticket %lld: the comment is over %d bytes", id,
			       CT_COMMENT_MAX);
	d = json_string(text);
	if (!d)
		return ct_fail(err, CT_EINPUT, "ticket %lld: the comment is not UTF-8 text", id);
	d = json_pack("{s:o}", "text", d);
	detail = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	for (int try = 0; try < MOVE_TRIES; try++) {
		struct ct_ticket t;
		struct ct_move dated;
		struct comment_arg a;

		if (try > 0)
			st_backoff(try > 6 ? 6 : try - 1);
		if ((rc = ct_store_get(s, id, &t, err)) != 0)
			break;
		if (expect_rev > 0 && t.rev != expect_rev) {
			rc = ct_fail(err, CT_ECONFLICT, "ticket %lld changed since it was read (rev %d, now %d)",
				     id, expect_rev, t.rev);
			ct_ticket_free(&t);
			break;
		}
		memset(&dated, 0, sizeof(dated));
		dated.at = at;
		dated.clock = clock;
		rc = date_move(s, &t, &dated, err);
		memset(&a, 0, sizeof(a));
		a.id = id;
		a.rev = t.rev;
		a.at = dated.at;
		a.who = given(who) ? who : st_who_am_i(me, sizeof(me));
		a.detail = detail;
		a.status = ct_status_name(t.status);
		if (rc == 0 && (rc = st_write_txn(s->db, comment_txn, &a, why, sizeof(why))) != SQLITE_OK)
			rc = st_sql_fail_why(s->path, s->db, rc, why, err);
		if (rc == 0 && !a.conflict) {
			r->from_rev = t.rev;
			r->to_rev = t.rev + 1;
			r->from = r->to = t.status;
		}
		ct_ticket_free(&t);
		if (rc || !a.conflict)
			break;
		if (expect_rev > 0) {
			rc = ct_fail(err, CT_ECONFLICT, "ticket %lld changed since it was read (rev %d)",
				     id, expect_rev);
			break;
		}
		r->conflicts++;
		rc = ct_fail(err, CT_ESTORE, "%s: ticket %lld kept changing under us (gave up after %d tries)",
			     s->path, id, MOVE_TRIES);
	}
	free(detail);
	return rc;
}

/* ---------------------------------------------------------------------
 * History
 */

int
st_load_events(st_db *db, long long id, struct ct_event **out, size_t *n)
{
	st_stmt *st = NULL;
	struct ct_event *v = NULL;
	size_t nv = 0, cap = 0;
	/* Insertion order is the order the changes were committed in. */
	int rc = st_prepare(db, "SELECT ticket, at, who, action, detail, rev, status"
				    " FROM ticket_event WHERE ticket = ?1 ORDER BY id", &st);

	*out = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, id);
	while ((rc = st_step(st)) == SQLITE_ROW) {
		struct ct_event *e;

		v = ct_xgrow(v, nv + 1, &cap, sizeof(*v));
		e = &v[nv++];
		e->ticket = st_col_int64(st, 0);
		e->at = st_col_int64(st, 1);
		e->who = st_col_text(st, 2);
		e->action = st_col_text(st, 3);
		e->detail = st_col_text(st, 4);
		e->rev = st_col_int(st, 5);
		e->status = st_col_text(st, 6);
	}
	st_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_events_free(v, nv);
		return rc;
	}
	*out = v;
	*n = nv;
	return SQLITE_OK;
}

int
ct_store_history(struct ct_store *s, long long id, struct ct_event **out, size_t *n,
		 struct ct_err *err)
{
	st_stmt *st = NULL;
	struct ct_event *v = NULL;
	size_t nv = 0;
	int rc, own, found = 0;

	*out = NULL;
	*n = 0;
	rc = st_read_begin(s->db, &own);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	rc = st_prepare(s->db, "SELECT count(*) FROM tickets WHERE id = ?1", &st);
	if (rc == SQLITE_OK) {
		st_bind_int64(st, 1, id);
		if ((rc = st_step(st)) == SQLITE_ROW) {
			found = st_col_int(st, 0) > 0;
			rc = SQLITE_OK;
		}
		st_finalize(st);
	}
	if (rc == SQLITE_OK)
		rc = st_load_events(s->db, id, &v, &nv);
	st_read_end(s->db, own, rc);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	if (!found) {
		ct_events_free(v, nv);
		return ct_fail(err, CT_ENOTFOUND, "ticket %lld not found", id);
	}
	*out = v;
	*n = nv;
	return 0;
}

/* ---------------------------------------------------------------------
 * Batches
 */

struct batch_arg {
	const char *batch, *cause, *who;
	long long at;
	const long long *ids;
	size_t n;
	long long missing;     /* out: a ticket id not in the store */
	int exists, no_batch;  /* out */
};

static int
batch_create_txn(st_db *db, void *p)
{
	struct batch_arg *a = p;
	const struct st_param prm[] = { ST_TEXT(a->batch), ST_TEXT(a->cause), ST_INT(a->at),
					ST_TEXT(a->who) };
	long long changed = 0;
	int rc = st_run(db, "INSERT INTO batch (id, cause, created_at, who)"
			" VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", prm, 4, &changed);

	a->exists = rc == SQLITE_OK && changed == 0;
	return rc;
}

int
ct_store_batch_create(struct ct_store *s, const char *batch, const char *cause,
		      const char *who, long long at, struct ct_err *err)
{
	struct batch_arg a;
	char why[256], me[32];
	int rc;

	memset(&a, 0, sizeof(a));
	if (!given(batch))
		return ct_fail(err, CT_EUSAGE, "a batch needs an id");
	a.batch = batch;
	a.cause = cause;
	a.who = given(who) ? who : st_who_am_i(me, sizeof(me));
	a.at = at;
	rc = st_write_txn(s->db, batch_create_txn, &a, why, sizeof(why));
	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	if (a.exists)
		return ct_fail(err, CT_ESTATE, "batch %s already exists", batch);
	return 0;
}

static int
batch_add_txn(st_db *db, void *p)
{
	struct batch_arg *a = p;
	st_stmt *st = NULL;
	char *detail = NULL;
	json_t *d;
	int rc;

	a->missing = 0;
	a->no_batch = 0;
	rc = st_prepare(db, "SELECT 1 FROM batch WHERE id = ?1", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 1, a->batch);
	rc = st_step(st);
	st_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE) {
		a->no_batch = 1;
		return SQLITE_ABORT; /* nothing written: rolled back */
	}
	if (rc != SQLITE_ROW)
		return rc;
	/* An appeal keeps its kind (it carries the appeal deadlines). */
	rc = st_prepare(db, "UPDATE tickets SET batch = ?2, rev = rev + 1, updated_at = ?3,"
		" kind = CASE WHEN kind = '" CT_KIND_APPEAL "' THEN kind ELSE '" CT_KIND_BATCH "' END"
		" WHERE id = ?1 RETURNING rev, status", &st);
	if (rc != SQLITE_OK)
		goto out;
	d = json_pack("{s:s}", "batch", a->batch);
	detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	for (size_t i = 0; i < a->n && rc == SQLITE_OK; i++) {
		int rev;
		char *status;

		st_bind_int64(st, 1, a->ids[i]);
		st_bind_text(st, 2, a->batch);
		st_bind_int64(st, 3, a->at);
		rc = st_step(st);
		if (rc == SQLITE_DONE) {
			st_reset(st);
			a->missing = a->ids[i];
			rc = SQLITE_ABORT;
			break;
		}
		if (rc != SQLITE_ROW) {
			st_reset(st);
			break;
		}
		rev = st_col_int(st, 0);
		status = st_col_text(st, 1);
		/* RETURNING rows are all produced by the first step: finish it. */
		rc = st_step_done(st);
		if (rc == SQLITE_OK)
			rc = st_put_event(db, a->ids[i], a->at, a->who, "batch", detail ? detail : "{}",
					  rev, status);
		free(status);
	}
out:
	free(detail);
	st_finalize(st);
	return rc;
}

int
ct_store_batch_add(struct ct_store *s, const char *batch, const long long *ids, size_t n,
		   const char *who, long long at, struct ct_err *err)
{
	struct batch_arg a;
	char why[256], me[32];
	int rc;

	memset(&a, 0, sizeof(a));
	a.batch = batch;
	a.ids = ids;
	a.n = n;
	a.at = at;
	a.who = given(who) ? who : st_who_am_i(me, sizeof(me));
	rc = st_write_txn(s->db, batch_add_txn, &a, why, sizeof(why));
	if (a.no_batch)
		return ct_fail(err, CT_ENOTFOUND, "batch %s not found", batch);
	if (a.missing)
		return ct_fail(err, CT_ENOTFOUND, "ticket %lld not found (no ticket added to batch %s)",
			       a.missing, batch);
	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	return 0;
}

int
ct_store_batch_get(struct ct_store *s, const char *batch, struct ct_batch *out,
		   struct ct_err *err)
{
	st_stmt *st = NULL;
	size_t cap = 0;
	int rc, own, found = 0;

	memset(out, 0, sizeof(*out));
	/* Its own snapshot, unless asked inside a filing's transaction. */
	rc = st_read_begin(s->db, &own);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	rc = st_prepare(s->db, "SELECT id, cause, created_at, who FROM batch WHERE id = ?1", &st);
	if (rc == SQLITE_OK) {
		st_bind_text(st, 1, batch);
		rc = st_step(st);
		if (rc == SQLITE_ROW) {
			found = 1;
			out->id = st_col_text(st, 0);
			out->cause = st_col_text(st, 1);
			out->created_at = st_col_int64(st, 2);
			out->who = st_col_text(st, 3);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
		st_finalize(st);
		st = NULL;
	}
	if (rc == SQLITE_OK && found)
		rc = st_prepare(s->db, "SELECT id FROM tickets WHERE batch = ?1 ORDER BY id", &st);
	if (rc == SQLITE_OK && found) {
		st_bind_text(st, 1, batch);
		while ((rc = st_step(st)) == SQLITE_ROW) {
			out->tickets = ct_xgrow(out->tickets, out->ntickets + 1, &cap,
						sizeof(*out->tickets));
			out->tickets[out->ntickets++] = st_col_int64(st, 0);
		}
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	st_finalize(st);
	st_read_end(s->db, own, rc);
	if (rc != SQLITE_OK) {
		ct_batch_free(out);
		return st_sql_fail(s->path, s->db, rc, err);
	}
	if (!found)
		return ct_fail(err, CT_ENOTFOUND, "batch %s not found", batch);
	return 0;
}

void
ct_batch_free(struct ct_batch *b)
{
	if (!b)
		return;
	free(b->id);
	free(b->cause);
	free(b->who);
	free(b->tickets);
	memset(b, 0, sizeof(*b));
}

/* ---------------------------------------------------------------------
 * Import
 */

struct import_arg {
	const struct ct_ticket *t;
	const struct ct_event *ev;
	size_t nev;
	const struct ct_deadlines *dl; /* the store's (NULL: the due columns are left to the next write) */
	int streamed; /* one of many in a transaction: the words indexed at its end */
	const struct ct_import_ready *ready; /* made before (NULL: import_txn makes it) */
	int exists;   /* out */
};

/* A ticket of a streamed import on PostgreSQL sent and not yet answered. */
struct st_import_pending {
	int answer;         /* of the INSERT that took its row, in the pipeline
			     * (st_defer_sent); -1: its row still gathered */
	long long id;
	char *complaint, *where;
};

/* A streamed import's ticket rows on PostgreSQL go IMPORT_ROWS to an
 * INSERT (st_prepare_row), as its other rows: a statement costs the
 * server as much as a few rows besides its row, and a file of 20,000
 * tickets on a store of 520,000 took the server 2.00 s so, against 2.59 s
 * (medians of eight). They go as soon as they are IMPORT_ROWS, with the
 * window's other rows gathered so far, so the server works on them while
 * the next tickets are read. */
#define IMPORT_ROWS 32

/* What ct_store_import_ready gives, for a store on SQLite or not. */
static struct ct_import_ready *
ready_make(const struct ct_ticket *t, const struct ct_event *ev, size_t nev, int engine)
{
	struct ct_import_ready *r = ct_xcalloc(1, sizeof(*r));

	st_pack_docs(t, r->docs);
	r->channel = ct_doc_string(t->complaint_json, "channel");
	r->text = st_text_of(t, ev, nev, engine);
	return r;
}

/* "INSERT INTO tickets (<every column>) VALUES (?1, ...)": the field
 * table's, made once for the process (threads racing to make it keep the
 * first stored). A ticket whose id or complaint is in the store is found
 * by the row's own unique indexes: at once, the row not written (ON
 * CONFLICT DO NOTHING, no change); in a pipeline (ahead), by the server's
 * refusal of the INSERT that took its row, read with the window's answers
 * (the refusal's detail names the key), which spares every other row the
 * upsert's look into those indexes first. */
static const char *
import_sql(int ahead)
{
	static _Atomic(char *) made[2];
	struct ct_buf b = CT_BUF_INIT, vals = CT_BUF_INIT;
	const char *sql = atomic_load(&made[ahead]);
	int k = 0;

	if (sql)
		return sql;

	ct_buf_puts(&b, "INSERT INTO tickets (");
	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].sql && !st_field_in_doc(&ct_fields[i])) {
			k++;
			ct_buf_printf(&b, "%s%s", k > 1 ? ", " : "", ct_fields[i].sql);
			ct_buf_printf(&vals, "%s?%d", k > 1 ? ", " : "", k);
		}
	/* The queue's columns, computed before the row is written (esc_due:
	 * the due time whose overdue the history raised), and what the row
	 * keeps of the complaint (st_put_docs). */
	ct_buf_printf(&b, ", due_at, due_stage, esc_due, channel) VALUES (%s, ?%d, ?%d, ?%d, ?%d)%s",
		      ct_buf_str(&vals), k + 1, k + 2, k + 3, k + 4,
		      ahead ? "" : " ON CONFLICT DO NOTHING");
	ct_buf_free(&vals);
	return st_sql_keep(&made[ahead], ct_buf_detach(&b));
}

static int
import_txn(st_db *db, void *p)
{
	struct import_arg *a = p;
	const struct ct_ticket *t = a->t;
	struct ct_import_ready *own = NULL;
	const struct ct_import_ready *r = a->ready;
	st_stmt *st = NULL;
	const char *stage;
	long long due_at;
	/* In a streamed import's pipeline (PostgreSQL): left open, and the
	 * row's answer read with those of the tickets around it. */
	int ahead = st_defer_on(db), rc, col = 0, end;

	a->exists = 0;
	if (!r)
		r = own = ready_make(t, a->ev, a->nev, st_db_engine(db));
	rc = ahead ? st_prepare_row(db, import_sql(1), &st) : st_prepare(db, import_sql(0), &st);
	if (rc != SQLITE_OK)
		goto out;
	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].sql && !st_field_in_doc(&ct_fields[i]))
			st_bind_field(st, ++col, t, &ct_fields[i]);
	st_bind_null(st, col + 3);
	if (!a->dl) {
		/* Unknown: the index is not trusted until it is computed. */
		st_bind_null(st, col + 1);
		st_bind_null(st, col + 2);
	} else if (st_due_of(a->dl, t, a->ev, a->nev, &due_at, &stage)) {
		st_bind_int64(st, col + 1, due_at);
		st_bind_text(st, col + 2, stage);
		if (st_escalated_overdue(a->ev, a->nev, due_at))
			st_bind_int64(st, col + 3, due_at);
	} else {
		st_bind_null(st, col + 1);
		st_bind_text(st, col + 2, "");
	}
	st_bind_text(st, col + 4, r->channel);
	/* The id or the complaint already in the store: the row's own unique
	 * indexes find it (import_sql). */
	rc = st_step_done(st);
	st_finalize(st);
	st = NULL;
	/* In a pipeline (ahead) the row is gathered and answered later: the
	 * rows below go along (the server skips them after a refusal), and a
	 * ticket in the store already refuses the import then. */
	if (!ahead && rc == SQLITE_OK && st_changes(db) == 0) {
		a->exists = 1;
		goto out;
	}
	/* The rest of the ticket's rows, on PostgreSQL in one round trip
	 * instead of one per statement (st_defer_begin). */
	if (rc == SQLITE_OK)
		rc = st_defer_begin(db);
	if (rc == SQLITE_OK)
		rc = st_put_docs(db, t->id, t, r->docs, 1);
	if (rc != SQLITE_OK)
		goto out;
	/* A batch named by an imported ticket exists afterwards. */
	if (t->batch) {
		const struct st_param prm[] = { ST_TEXT(t->batch), ST_INT(t->filed_at) };

		rc = st_run(db, "INSERT INTO batch (id, created_at) VALUES (?1, ?2)"
			    " ON CONFLICT DO NOTHING", prm, 2, NULL);
		if (rc != SQLITE_OK)
			goto out;
	}
	rc = st_put_tags_deadlines(db, t->id, t);
	if (rc == SQLITE_OK)
		rc = st_put_events(db, t->id, a->ev, a->nev);
	if (rc == SQLITE_OK)
		rc = st_text_put_text(db, t->id, r->text, a->streamed);
	if (rc == SQLITE_OK)
		rc = st_escalations_put(db, t->id, a->ev, a->nev);
out:
	st_finalize(st);
	ct_store_import_ready_free(own);
	end = ahead ? SQLITE_OK : st_defer_end(db);
	return rc == SQLITE_OK ? end : rc;
}

/* The refusal of a ticket whose id or complaint is in the store. */
static int
import_exists(struct ct_err *err, const char *where, long long id, const char *complaint)
{
	return ct_fail(err, CT_ESTATE, "%s%sticket %lld (complaint %s) is already in the store",
		       where ? where : "", where ? ": " : "", id, complaint ? complaint : "-");
}

/* One ticket's import, and the id generators moved past it. */
static int
import_one_txn(st_db *db, void *p)
{
	int rc = import_txn(db, p);

	return rc == SQLITE_OK ? st_sync_ids(db) : rc;
}

int
ct_store_import(struct ct_store *s, const struct ct_ticket *t, const struct ct_event *ev,
		size_t nev, struct ct_err *err)
{
	struct import_arg a = { t, ev, nev, st_deadlines(s), 0, NULL, 0 };
	char why[256];
	int rc;

	if (ct_ticket_check(t, ev, nev, nev > 0, why, sizeof(why)) != 0)
		return ct_fail(err, CT_EINPUT, "ticket %lld: %s", t->id, why);
	rc = st_write_txn(s->db, import_one_txn, &a, why, sizeof(why));
	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	if (a.exists)
		return import_exists(err, NULL, t->id, t->complaint);
	return 0;
}

void
st_import_forget(struct ct_store *s)
{
	for (size_t i = 0; i < s->npending; i++) {
		free(s->pending[i].complaint);
		free(s->pending[i].where);
	}
	s->npending = s->nunsent = 0;
}

/* The import's gathered ticket rows sent as one INSERT, with the other
 * rows gathered so far; the tickets they were learn its answer. */
static int
import_flush(struct ct_store *s)
{
	int answer, rc = st_rows_flush(s->db, import_sql(1), &answer);

	for (size_t i = s->npending - s->nunsent; i < s->npending; i++)
		s->pending[i].answer = answer;
	s->nunsent = 0;
	return rc == SQLITE_OK ? st_rows_send(s->db) : rc;
}

/* Whether the refusal of a unique index (its detail: "Key (id)=(7)
 * already exists.", the words in the server's language, the key's in
 * none) names x's id or complaint. */
static int
refused_key(const char *detail, const struct st_import_pending *x)
{
	static const char at[] = "(complaint)=(";
	const char *p = strstr(detail, at);
	char key[96];
	size_t n;

	snprintf(key, sizeof(key), "(id)=(%lld)", x->id);
	if (strstr(detail, key))
		return 1;
	if (!x->complaint || !p)
		return 0;
	n = strlen(x->complaint);
	p += sizeof(at) - 1;
	return !strncmp(p, x->complaint, n) && p[n] == ')';
}

/*
 * The answers of a streamed import's tickets sent on PostgreSQL, read: a
 * ticket whose row a unique index refused (its id or complaint in the
 * store) is refused, with its own where; else the first failure of the
 * server's.
 * The pipeline is left; again: opened anew for the tickets that follow.
 */
static int
import_answers(struct ct_store *s, int again, struct ct_err *err)
{
	int rc = import_flush(s), fail = 0;
	size_t n = (size_t)st_defer_sent(s->db);
	long long *changes = ct_xcalloc(n ? n : 1, sizeof(*changes));

	if (rc == SQLITE_OK)
		rc = st_defer_end_changes(s->db, changes, n);
	else
		st_defer_end(s->db);

	/* The INSERT of a ticket refused: the last of its tickets whose key
	 * the refusal names (a key twice in the file: the second). */
	for (size_t i = 0; !fail && i < s->npending; i++) {
		const struct st_import_pending *x = &s->pending[i], *hit = NULL;

		if (x->answer < 0 || changes[x->answer] >= 0)
			continue;
		for (size_t j = i; changes[x->answer] == -2 && st_db_failed_unique(s->db) &&
				   j < s->npending && s->pending[j].answer == x->answer; j++)
			if (refused_key(st_db_failed_detail(s->db), &s->pending[j]))
				hit = &s->pending[j];
		if (hit)
			fail = import_exists(err, hit->where, hit->id, hit->complaint);
		break;   /* else another statement's failure, or after it */
	}
	free(changes);
	st_import_forget(s);
	if (!fail && rc != SQLITE_OK)
		fail = st_sql_fail(s->path, s->db, rc, err);
	if (!fail && again && (rc = st_defer_begin(s->db)) != SQLITE_OK)
		fail = st_sql_fail(s->path, s->db, rc, err);
	return fail;
}

/* A streamed import: one write transaction from begin to commit, the
 * tickets added one at a time (memory: one ticket). */
int
ct_store_import_begin(struct ct_store *s, struct ct_err *err)
{
	int rc;

	/* An import adds to every index at random places: SQLite's page cache
	 * of 32 MiB instead of 2 keeps those pages between tickets (the
	 * import's memory stays within 100 MB). */
	if (st_db_engine(s->db) == ST_SQLITE &&
	    (rc = st_exec(s->db, "PRAGMA cache_size = -32768")) != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	rc = st_begin_write(s->db);
	if (rc == SQLITE_OK && (rc = st_text_later_begin(s->db)) != SQLITE_OK)
		st_exec(s->db, "ROLLBACK");
	/* On PostgreSQL the tickets are sent without waiting for answers, and
	 * a window's documents, words and deadlines go as one INSERT each. */
	if (rc == SQLITE_OK && (rc = st_defer_begin(s->db)) != SQLITE_OK)
		st_exec(s->db, "ROLLBACK");
	if (rc == SQLITE_OK)
		st_rows_begin(s->db);
	return rc == SQLITE_OK ? 0 : st_sql_fail(s->path, s->db, rc, err);
}

struct ct_import_ready *
ct_store_import_ready(const struct ct_store *s, const struct ct_ticket *t,
		      const struct ct_event *ev, size_t nev)
{
	return ready_make(t, ev, nev, st_db_engine(s->db));
}

void
ct_store_import_ready_free(struct ct_import_ready *r)
{
	if (!r)
		return;
	st_doc_free(&r->docs[0]);
	st_doc_free(&r->docs[1]);
	free(r->channel);
	free(r->text);
	free(r);
}

int
ct_store_import_add(struct ct_store *s, const struct ct_ticket *t, const struct ct_event *ev,
		    size_t nev, const struct ct_import_ready *ready, const char *where,
		    struct ct_err *err)
{
	struct import_arg a = { t, ev, nev, st_deadlines(s), 1, ready, 0 };
	struct st_import_pending *x;
	char why[160];
	int rc;

	if (!st_in_txn(s->db))
		return ct_fail(err, CT_ESTORE, "%s: no import in progress", s->path);
	if (ct_ticket_check(t, ev, nev, nev > 0, why, sizeof(why)) != 0)
		return ct_fail(err, CT_EINPUT, "%s%sticket %lld: %s", where ? where : "",
			       where ? ": " : "", t->id, why);
	rc = import_txn(s->db, &a);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	if (a.exists)
		return import_exists(err, where, t->id, t->complaint);
	if (!st_defer_on(s->db))
		return 0;
	s->pending = ct_xgrow(s->pending, s->npending + 1, &s->cpending, sizeof(*s->pending));
	x = &s->pending[s->npending++];
	x->answer = -1;
	x->id = t->id;
	x->complaint = t->complaint ? ct_xstrdup(t->complaint) : NULL;
	x->where = where ? ct_xstrdup(where) : NULL;
	if (++s->nunsent == IMPORT_ROWS && (rc = import_flush(s)) != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);   /* sending, not the server's answer */
	/* The answers wait in the socket's buffers until read: a bind and a
	 * command tag for each INSERT of many rows (and for a batch's or an
	 * escalation's row), a few KB a window; libpq reads them while it
	 * cannot send, so the server never stops on a client still sending. */
	return s->npending < CT_STORE_IMPORT_AHEAD ? 0 : import_answers(s, 1, err);
}

int
ct_store_import_commit(struct ct_store *s, struct ct_err *err)
{
	int rc;

	if (st_defer_on(s->db) && (rc = import_answers(s, 0, err)) != 0) {
		ct_store_import_abort(s);
		return rc;
	}
	/* Rows still gathered (none once the answers are read) go now, and
	 * gathering ends. Filing after the import goes on after the largest
	 * id imported. */
	rc = st_rows_end(s->db);
	if (rc == SQLITE_OK)
		rc = st_sync_ids(s->db);
	if (rc == SQLITE_OK)
		rc = st_text_later_end(s->db);
	if (rc == SQLITE_OK)
		rc = st_exec(s->db, "COMMIT");
	if (rc != SQLITE_OK) {
		ct_store_import_abort(s);
		return st_sql_fail(s->path, s->db, rc, err);
	}
	return 0;
}

void
ct_store_import_abort(struct ct_store *s)
{
	st_rows_drop(s->db);
	st_defer_end(s->db);
	st_import_forget(s);
	if (st_in_txn(s->db))
		st_exec(s->db, "ROLLBACK");
}
