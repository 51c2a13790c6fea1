/*
 * hub.c — the desk's notification subscriptions (store.h ct_hub_*, schema
 * 6). The outbox is the audit trail itself: ticket_event rows are written
 * in the transaction of the change they record, with ids in commit order
 * (SQLite's writers take turns; on PostgreSQL a write that shares the
 * write lock with others, a filing, writes its history at its commit
 * under a lock one write holds at a time: db.h ST_WRITE_SHARED), so a
 * subscription only keeps its cursor, the last event id its callback
 * took.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define HUB_COLUMNS "id, callback, query, owner, created_at, sent_id, attempts, next_at, last_error"

void
ct_hub_free(struct ct_hub *h)
{
	free(h->callback);
	free(h->query);
	free(h->owner);
	free(h->last_error);
	memset(h, 0, sizeof(*h));
}

void
ct_hubs_free(struct ct_hub *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ct_hub_free(&v[i]);
	free(v);
}

static void
hub_row(st_stmt *st, struct ct_hub *h)
{
	h->id = st_col_int64(st, 0);
	h->callback = st_col_text(st, 1);
	h->query = st_col_text(st, 2);
	h->owner = st_col_text(st, 3);
	h->created_at = st_col_int64(st, 4);
	h->cursor = st_col_int64(st, 5);
	h->attempts = st_col_int64(st, 6);
	h->next_at = st_col_int64(st, 7);
	h->last_error = st_col_text(st, 8);
}

struct hub_add_arg {
	const char *callback, *query, *owner;
	long long now, id;
};

static int
hub_add_txn(st_db *db, void *p)
{
	struct hub_add_arg *a = p;
	st_stmt *st = NULL;
	int rc = st_prepare(db, "INSERT INTO hub (callback, query, owner, created_at, sent_id)"
			    " VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(id), 0) FROM ticket_event))"
			    " RETURNING id", &st);

	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 1, a->callback);
	st_bind_text(st, 2, a->query);
	st_bind_text(st, 3, a->owner);
	st_bind_int64(st, 4, a->now);
	rc = st_step_id(st, &a->id);
	st_finalize(st);
	return rc;
}

int
ct_hub_add(struct ct_store *s, const char *callback, const char *query, const char *owner,
	   long long now, long long *id, struct ct_err *err)
{
	struct hub_add_arg a = { callback, query, owner, now, 0 };
	char why[256] = "";
	int rc = st_write_txn(s->db, hub_add_txn, &a, why, sizeof(why));

	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	*id = a.id;
	return 0;
}

int
ct_hub_get(struct ct_store *s, long long id, struct ct_hub *out, struct ct_err *err)
{
	st_stmt *st = NULL;
	int rc = st_prepare(s->db, "SELECT " HUB_COLUMNS " FROM hub WHERE id = ?1", &st);

	memset(out, 0, sizeof(*out));
	if (rc == SQLITE_OK) {
		st_bind_int64(st, 1, id);
		rc = st_step(st);
	}
	if (rc == SQLITE_ROW)
		hub_row(st, out);
	st_finalize(st);
	if (rc == SQLITE_DONE)
		return ct_fail(err, CT_ENOTFOUND, "subscription %lld not found", id);
	if (rc != SQLITE_ROW)
		return st_sql_fail(s->path, s->db, rc, err);
	return 0;
}

int
ct_hub_due(struct ct_store *s, long long now, struct ct_hub **v, size_t *n, struct ct_err *err)
{
	st_stmt *st = NULL;
	size_t cap = 0;
	int rc = st_prepare(s->db, "SELECT " HUB_COLUMNS " FROM hub WHERE next_at <= ?1 ORDER BY id",
			    &st);

	*v = NULL;
	*n = 0;
	if (rc == SQLITE_OK)
		st_bind_int64(st, 1, now);
	while (rc == SQLITE_OK && (rc = st_step(st)) == SQLITE_ROW) {
		*v = ct_xgrow(*v, *n + 1, &cap, sizeof(**v));
		hub_row(st, &(*v)[(*n)++]);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_hubs_free(*v, *n);
		*v = NULL;
		*n = 0;
		return st_sql_fail(s->path, s->db, rc, err);
	}
	return 0;
}

int
ct_hub_events(struct ct_store *s, long long cursor, size_t max, struct ct_event **ev,
	      long long **ids, size_t *n, struct ct_err *err)
{
	st_stmt *st = NULL;
	size_t cap = 0, icap = 0;
	int rc = st_prepare(s->db, "SELECT id, ticket, at, who, action, detail, rev, status"
			    " FROM ticket_event WHERE id > ?1 ORDER BY id LIMIT ?2", &st);

	*ev = NULL;
	*ids = NULL;
	*n = 0;
	if (rc == SQLITE_OK) {
		st_bind_int64(st, 1, cursor);
		st_bind_int64(st, 2, (long long)max);
	}
	while (rc == SQLITE_OK && (rc = st_step(st)) == SQLITE_ROW) {
		struct ct_event *e;

		*ev = ct_xgrow(*ev, *n + 1, &cap, sizeof(**ev));
		*ids = ct_xgrow(*ids, *n + 1, &icap, sizeof(**ids));
		(*ids)[*n] = st_col_int64(st, 0);
		e = &(*ev)[(*n)++];
		e->ticket = st_col_int64(st, 1);
		e->at = st_col_int64(st, 2);
		e->who = st_col_text(st, 3);
		e->action = st_col_text(st, 4);
		e->detail = st_col_text(st, 5);
		e->rev = st_col_int(st, 6);
		e->status = st_col_text(st, 7);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_events_free(*ev, *n);
		free(*ids);
		*ev = NULL;
		*ids = NULL;
		*n = 0;
		return st_sql_fail(s->path, s->db, rc, err);
	}
	return 0;
}

/* One change of subscription id (?1); a missing one is said. */
static int
hub_set(struct ct_store *s, long long id, const char *sql, const struct st_param *p, size_t n,
	struct ct_err *err)
{
	long long changed = 0;
	int rc = st_write_one(s, sql, p, n, &changed, err);

	if (rc == 0 && changed == 0)
		rc = ct_fail(err, CT_ENOTFOUND, "subscription %lld not found", id);
	return rc;
}

int
ct_hub_remove(struct ct_store *s, long long id, struct ct_err *err)
{
	const struct st_param p[] = { ST_INT(id) };

	return hub_set(s, id, "DELETE FROM hub WHERE id = ?1", p, 1, err);
}

int
ct_hub_delivered(struct ct_store *s, long long id, long long cursor, struct ct_err *err)
{
	const struct st_param p[] = { ST_INT(id), ST_INT(cursor) };

	/* Never backwards: two deliverers (two servers on one store) may race. */
	return hub_set(s, id, "UPDATE hub SET sent_id = CASE WHEN sent_id > ?2 THEN sent_id ELSE ?2 END,"
		       " attempts = 0, next_at = 0, last_error = NULL WHERE id = ?1", p, 2, err);
}

int
ct_hub_failed(struct ct_store *s, long long id, long long next_at, const char *why,
	      struct ct_err *err)
{
	const struct st_param p[] = { ST_INT(id), ST_INT(next_at), ST_TEXT(why) };

	return hub_set(s, id, "UPDATE hub SET attempts = attempts + 1, next_at = ?2,"
		       " last_error = ?3 WHERE id = ?1", p, 3, err);
}
