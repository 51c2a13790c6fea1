/*
 * due.c — the NOC's queue as an index (store.h ct_store_set_deadlines,
 * ct_store_due): each open ticket's running stage due first, and when,
 * kept in tickets.due_at and tickets.due_stage (schema 5) by every change
 * that moves a stage clock, in the change's own transaction.
 *
 *   tickets.due_stage   NULL   not computed (a ticket imported, or from
 *                              before schema 5, or written with no
 *                              deadlines set): the index cannot answer
 *                      ''      nothing running (closed)
 *                      name    the running stage due first, due at due_at
 *   store_meta 'due_limits'    the stage limits the columns were computed
 *                              with (every stage, grade 1 and other,
 *                              ordinary and appeal, in seconds)
 *
 * The columns are the ticket module's stage clocks (ticket.h
 * ct_ticket_stages, ct_ticket_due) run over the ticket's row and history,
 * exactly what `ticket list --overdue` computed from the histories before;
 * a reader whose profile has other limits, or a store with a ticket not
 * computed, is answered that way again (ct_store_due returns 1).
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/store.h"
#include "internal.h"

/* Which rule picks the stage a ticket waits on (ct_ticket_due): a store
 * whose columns another rule computed has other limits text, so it is
 * recomputed (or answered from the histories) like one with other limits.
 * 2: the status's own clock (1, before: the running stage due first). */
#define DUE_RULE "rule 2;"

/* The limits as text: what the due columns depend on in a profile. */
static void
limits_text(const struct ct_deadlines *d, struct ct_buf *b)
{
	ct_buf_puts(b, DUE_RULE);
	for (int s = CT_STAGE_FIRST; s < CT_STAGE_END; s++)
		for (int grade = 1; grade <= 2; grade++)
			for (int appeal = 0; appeal <= 1; appeal++)
				ct_buf_printf(b, "%s%lld", b->len > strlen(DUE_RULE) ? "," : "",
					      ct_stage_limit((enum ct_stage_id)s, d, grade, appeal));
}

const struct ct_deadlines *
st_deadlines(const struct ct_store *s)
{
	return s->have_dl ? &s->dl : NULL;
}

/* st_due_of from the ticket's stages, already computed. */
static int
due_of_stages(const struct ct_ticket *t, const struct ct_stage *sv, size_t ns,
	      long long *due_at, const char **stage)
{
	long long by = 0;

	*due_at = 0;
	*stage = "";
	if (ct_status_terminal(t->status))
		return 0;
	/* At now = 0 the overdue time is minus the due time. */
	if (ct_ticket_due(sv, ns, t->status, 0, stage, &by) != 0) {
		*stage = "";
		return 0;
	}
	*due_at = -by;
	return 1;
}

int
st_due_of(const struct ct_deadlines *d, const struct ct_ticket *t, const struct ct_event *ev,
	  size_t nev, long long *due_at, const char **stage)
{
	struct ct_stage *sv = NULL;
	size_t ns = 0;
	int running;

	if (ct_status_terminal(t->status)) {
		*due_at = 0;
		*stage = "";
		return 0;
	}
	ct_ticket_stages(t, ev, nev, d, &sv, &ns);
	running = due_of_stages(t, sv, ns, due_at, stage);
	free(sv);
	return running;
}

/*
 * The deadlines of the stages that have started, as their clocks say
 * (ticket.h ct_ticket_clock_deadlines): kept in the ticket's rows, so that
 * `ticket show`, the exports, the TMF621 resource and the console read one
 * answer. A row that does not change is not written.
 */
static int
clock_deadlines(st_db *db, const struct ct_deadlines *d, struct ct_ticket *t,
		const struct ct_stage *sv, size_t ns)
{
	long long *was;
	st_stmt *st = NULL;
	char *text = NULL;
	int changed = 0, rc = st_prepare(db, st_deadlines_sql, &st);

	if (rc == SQLITE_OK)
		rc = st_load_deadlines(st, t);
	st_finalize(st);
	if (rc != SQLITE_OK || t->ndeadlines == 0)
		return rc;
	was = ct_xcalloc(t->ndeadlines, sizeof(*was));
	for (size_t k = 0; k < t->ndeadlines; k++)
		was[k] = t->deadlines[k].due;
	ct_ticket_clock_deadlines(t, sv, ns, d);
	for (size_t k = 0; k < t->ndeadlines && !changed; k++)
		changed = t->deadlines[k].due != was[k];
	if (changed && (rc = st_deadlines_text(t, &text)) == SQLITE_OK) {
		const struct st_param prm[] = { ST_INT(t->id), ST_TEXT(text) };

		rc = st_run(db, "UPDATE deadlines SET stages = ?2 WHERE ticket = ?1", prm, 2, NULL);
	}
	free(text);
	free(was);
	return rc;
}

int
st_due_update(st_db *db, const struct ct_deadlines *d, long long id)
{
	struct ct_ticket t;
	struct ct_event *ev = NULL;
	struct ct_stage *sv = NULL;
	size_t nev = 0, ns = 0;
	const char *stage = "";
	long long due_at = 0;
	st_stmt *st;
	int rc, found, running = 0;

	rc = st_prepare(db, "UPDATE tickets SET due_at = ?2, due_stage = ?3 WHERE id = ?1", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, id);
	if (!d) {
		/* Unknown: the index is not trusted until it is computed. */
		st_bind_null(st, 2);
		st_bind_null(st, 3);
		rc = st_step_done(st);
		st_finalize(st);
		return rc;
	}
	rc = st_load_ticket(db, id, &t, &found);
	if (rc == SQLITE_OK && found && !ct_status_terminal(t.status))
		rc = st_load_events(db, id, &ev, &nev);
	/* One reading of the stages for the due columns and the deadlines. */
	if (rc == SQLITE_OK && found && !ct_status_terminal(t.status))
		ct_ticket_stages(&t, ev, nev, d, &sv, &ns);
	if (rc == SQLITE_OK && found)
		running = due_of_stages(&t, sv, ns, &due_at, &stage);
	if (rc == SQLITE_OK && found && nev)
		rc = clock_deadlines(db, d, &t, sv, ns);
	if (rc == SQLITE_OK && found) {
		if (running)
			st_bind_int64(st, 2, due_at);
		else
			st_bind_null(st, 2);
		st_bind_text(st, 3, stage);
		rc = st_step_done(st);
	}
	st_finalize(st);
	free(sv);
	ct_events_free(ev, nev);
	ct_ticket_free(&t);
	return rc;
}

struct set_arg {
	const struct ct_deadlines *d;
	const char *limits;
};

/* Finished tickets run no stage whatever the limits: one statement for
 * those not computed yet (most of a migrated store). */
static int
finished_not_computed(st_db *db)
{
	st_stmt *st;
	int rc = st_prepare(db, "UPDATE tickets SET due_at = NULL, due_stage = ''"
				    " WHERE due_stage IS NULL AND status = ?1", &st);

	for (int k = CT_STATUS_FIRST; rc == SQLITE_OK && k < CT_STATUS_END; k++) {
		if (!ct_status_terminal((enum ct_status)k))
			continue;
		st_bind_text(st, 1, ct_status_name((enum ct_status)k));
		rc = st_step_done(st);
	}
	st_finalize(st);
	return rc;
}

/* Recomputes every ticket the stored columns do not answer for: those not
 * computed, and when the limits changed every one with a running stage
 * (which stages run does not depend on the limits: a ticket with none
 * keeps none). */
static int
set_txn(st_db *db, void *p)
{
	struct set_arg *a = p;
	st_stmt *st;
	long long *ids = NULL;
	size_t n = 0, cap = 0;
	int rc, same = 0;

	rc = st_prepare(db, "SELECT value = ?1 FROM store_meta WHERE key = 'due_limits'", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 1, a->limits);
	rc = st_step(st);
	if (rc == SQLITE_ROW)
		same = st_col_int(st, 0);
	st_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	rc = finished_not_computed(db);
	if (rc != SQLITE_OK)
		return rc;
	/* The ids first: the update below writes the table being read. */
	rc = st_prepare(db, same ? "SELECT id FROM tickets WHERE due_stage IS NULL"
			       /* Both through the partial indexes; a ticket not
				* computed has no due_at either. */
			       : "SELECT id FROM tickets WHERE due_stage IS NULL UNION ALL"
			       " SELECT id FROM tickets WHERE due_at IS NOT NULL", &st);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = st_step(st)) == SQLITE_ROW) {
		ids = ct_xgrow(ids, n + 1, &cap, sizeof(*ids));
		ids[n++] = st_col_int64(st, 0);
	}
	st_finalize(st);
	rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++)
		rc = st_due_update(db, a->d, ids[i]);
	free(ids);
	if (rc != SQLITE_OK || same)
		return rc;
	{
		const struct st_param prm[] = { ST_TEXT(a->limits) };

		return st_run(db, "INSERT INTO store_meta (key, value) VALUES ('due_limits', ?1)"
			      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", prm, 1, NULL);
	}
}

/* 1 when something needs computing (other limits, or a ticket not computed). */
static int
stale(st_db *db, const char *limits, int *out)
{
	st_stmt *st;
	int rc = st_prepare(db, "SELECT CASE WHEN coalesce((SELECT value = ?1 FROM store_meta"
		" WHERE key = 'due_limits'), 1 = 0)"
		" AND NOT EXISTS (SELECT 1 FROM tickets WHERE due_stage IS NULL) THEN 0 ELSE 1 END", &st);

	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 1, limits);
	rc = st_step(st);
	if (rc == SQLITE_ROW) {
		*out = st_col_int(st, 0);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc;
}

int
ct_store_set_deadlines(struct ct_store *s, const struct ct_deadlines *d, struct ct_err *err)
{
	struct ct_buf limits = CT_BUF_INIT;
	struct set_arg a;
	char why[256];
	int rc, need = 0;

	s->dl = *d;
	s->have_dl = 1;
	if (s->readonly)
		return 0;
	limits_text(d, &limits);
	a.d = d;
	a.limits = ct_buf_str(&limits);
	/* Mostly nothing to do: a read, not a write transaction. */
	rc = stale(s->db, a.limits, &need);
	if (rc == SQLITE_OK && need)
		rc = st_write_txn(s->db, set_txn, &a, why, sizeof(why));
	else
		why[0] = '\0';
	ct_buf_free(&limits);
	return rc == SQLITE_OK ? 0 : st_sql_fail_why(s->path, s->db, rc, why, err);
}

/* How many tickets the WHERE of a due read (sql, already the SELECT's
 * WHERE and no more) lets through, into *total. */
static int
due_count(struct ct_store *s, const struct ct_ticket_filter *f, long long from, long long to,
	  const char *where, long long *total)
{
	struct ct_buf sql = CT_BUF_INIT;
	st_stmt *st = NULL;
	int rc;

	ct_buf_printf(&sql, "SELECT count(*) FROM tickets%s", where);
	rc = st_prepare(s->db, ct_buf_str(&sql), &st);
	ct_buf_free(&sql);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_filter(st, f);
	st_bind_int64(st, 5, from);
	st_bind_int64(st, 6, to);
	if ((rc = st_step(st)) == SQLITE_ROW) {
		*total = st_col_int64(st, 0);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc;
}

/* ct_store_due, and ct_store_due_first when max > 0 (total: its count). */
static int
due_read(struct ct_store *s, const struct ct_ticket_filter *f, long long from, long long to,
	 size_t max, struct ct_ticket **out, size_t *n, long long **due, const char ***stage,
	 long long *total, struct ct_err *err)
{
	static const struct ct_ticket_filter any = { .status = CT_STATUS_NONE };
	struct ct_buf sql = CT_BUF_INIT, limits = CT_BUF_INIT, where = CT_BUF_INIT;
	st_stmt *st = NULL, *dl = NULL;
	struct ct_ticket *v = NULL;
	long long *dv = NULL;
	const char **sv = NULL;
	size_t nv = 0, cap = 0, cap2 = 0, cap3 = 0;
	int rc, own, need = 1;

	*out = NULL;
	*n = 0;
	*due = NULL;
	*stage = NULL;
	if (!f)
		f = &any;
	if (!s->have_dl)
		return 1;
	limits_text(&s->dl, &limits);
	rc = st_read_begin(s->db, &own);
	if (rc == SQLITE_OK)
		rc = stale(s->db, ct_buf_str(&limits), &need);
	ct_buf_free(&limits);
	if (rc != SQLITE_OK || need)
		goto out;
	/* The partial index tickets_open: open tickets only, in due order,
	 * each row whole in the index (no table page read). */
	/* The queue shows no documents (store.h). */
	ct_buf_puts(&where, " WHERE due_at IS NOT NULL AND due_at BETWEEN ?5 AND ?6 AND ");
	st_filter_where(&where, s->db, f);
	ct_buf_puts(&sql, "SELECT ");
	st_ticket_columns_brief(&sql, NULL, f->fields);
	ct_buf_puts(&sql, ", due_at, due_stage FROM tickets");
	ct_buf_puts(&sql, ct_buf_str(&where));
	/* The first max of the queue's order (grade, then due): a grade at a
	 * time on the index tickets_queue, each read in due order until max
	 * are in hand, so only those are read whole (their deadlines are a
	 * statement each); the rest are counted. One ORDER BY grade, due_at
	 * would read and sort every open ticket in the range. */
	if (max)
		ct_buf_puts(&sql, " AND grade = ?7 ORDER BY due_at, id LIMIT ?8");
	else
		ct_buf_puts(&sql, " ORDER BY due_at, id");
	rc = total ? due_count(s, f, from, to, ct_buf_str(&where), total) : SQLITE_OK;
	if (rc == SQLITE_OK)
		rc = st_prepare(s->db, st_deadlines_sql, &dl);
	/* Without max, one pass in due order (g stays CT_GRADE_FIRST). */
	for (int g = CT_GRADE_FIRST; rc == SQLITE_OK && (max ? g <= CT_GRADE_LAST && nv < max
							       : g == CT_GRADE_FIRST); g++) {
		rc = st_prepare_stream(s->db, ct_buf_str(&sql), &st);
		if (rc != SQLITE_OK)
			break;
		st_bind_filter(st, f);
		st_bind_int64(st, 5, from);
		st_bind_int64(st, 6, to);
		if (max) {
			st_bind_int64(st, 7, g);
			st_bind_int64(st, 8, (long long)(max - nv));
		}
		while ((rc = st_step(st)) == SQLITE_ROW) {
			int ncol = st_col_count(st);
			const char *name = st_col_ctext(st, ncol - 1);
			enum ct_stage_id id = CT_STAGE_NONE;

			for (int k = CT_STAGE_FIRST; k < CT_STAGE_END; k++)
				if (name && !strcmp(name, ct_stage_name((enum ct_stage_id)k)))
					id = (enum ct_stage_id)k;
			v = ct_xgrow(v, nv + 1, &cap, sizeof(*v));
			dv = ct_xgrow(dv, nv + 1, &cap2, sizeof(*dv));
			sv = ct_xgrow(sv, nv + 1, &cap3, sizeof(*sv));
			st_row_to_ticket(st, &v[nv]);
			dv[nv] = st_col_int64(st, ncol - 2);
			/* A static name, as ct_ticket_due gives. */
			sv[nv] = id != CT_STAGE_NONE ? ct_stage_name(id) : "";
			nv++;
			rc = f->no_deadlines ? SQLITE_OK : st_load_deadlines(dl, &v[nv - 1]);
			if (rc != SQLITE_OK)
				break;
		}
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		st_finalize(st);
		st = NULL;
	}
out:
	ct_buf_free(&sql);
	ct_buf_free(&where);
	st_finalize(st);
	st_finalize(dl);
	st_read_end(s->db, own, rc);
	if (rc != SQLITE_OK || need) {
		ct_tickets_free(v, nv);
		free(dv);
		free(sv);
		return rc != SQLITE_OK ? st_sql_fail(s->path, s->db, rc, err) : 1;
	}
	*out = v;
	*n = nv;
	*due = dv;
	*stage = sv;
	return 0;
}

int
ct_store_due(struct ct_store *s, const struct ct_ticket_filter *f, long long from, long long to,
	     struct ct_ticket **v, size_t *n, long long **due, const char ***stage,
	     struct ct_err *err)
{
	return due_read(s, f, from, to, 0, v, n, due, stage, NULL, err);
}

int
ct_store_due_first(struct ct_store *s, const struct ct_ticket_filter *f, long long from,
		   long long to, size_t max, struct ct_ticket **v, size_t *n, long long **due,
		   const char ***stage, long long *total, struct ct_err *err)
{
	return due_read(s, f, from, to, max ? max : 1, v, n, due, stage, total, err);
}
