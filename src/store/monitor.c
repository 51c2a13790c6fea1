/*
 * monitor.c — what the store keeps for the NOC's monitoring (store.h):
 * knowledge of planned outages and site adjustments, and customer profiles,
 * both schema 4 (store.c); the tickets of a time range the hotspot test
 * reads; the action line a ticket linked to knowledge carries. The
 * analyses on them are src/noc/'s.
 *
 *   knowledge #3  area 460-00-12345   2026-11-20T00:00Z .. 2026-11-21T06:00Z
 *        |                            restore 2026-11-21T06:00Z
 *        +-- covers cells 460-00-12345-1, -2, -3 ...
 *        +-- a complaint received in the span on such a cell is tagged
 *            known:3 and its verdict gets "Known planned work #3 ..."
 *
 * Every SQL text is a constant; values are bound parameters.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "celltriage/store.h"
#include "internal.h"

/* ---------------------------------------------------------------------
 * The action line of a linked ticket
 */

void
ct_knowledge_action(struct ct_buf *b, const struct ct_knowledge *k)
{
	char from[32], to[32], rs[32];

	ct_fmt_time(from, sizeof(from), k->from);
	ct_fmt_time(to, sizeof(to), k->to);
	ct_buf_printf(b, "Known planned work #%lld on %s %s (%s, %s to %s)", k->id,
		      k->cell ? "cell" : "area", k->cell ? k->cell : k->area,
		      k->what ? k->what : "-", from, to);
	if (k->restore > 0) {
		ct_fmt_time(rs, sizeof(rs), k->restore);
		ct_buf_printf(b, ": tell the customer service is promised back by %s", rs);
	} else {
		ct_buf_puts(b, ": tell the customer it is known planned work");
	}
}

/* ---------------------------------------------------------------------
 * Time ranges for the hotspot test
 */

static int
by_id(const void *a, const void *b)
{
	const struct ct_ticket *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int
ct_store_between(struct ct_store *s, long long from, long long to, struct ct_ticket **out,
		 size_t *nout, struct ct_err *err)
{
	/* Two halves so that each can use its index (an OR would make SQLite
	 * scan). received_at = 0: the complaint gave no time. */
	static const char sql[] =
		"SELECT id, cell, cause, received_at, filed_at, batch, complaint FROM tickets"
		" WHERE received_at > 0 AND received_at BETWEEN ?1 AND ?2"
		" UNION ALL SELECT id, cell, cause, received_at, filed_at, batch, complaint FROM tickets"
		" WHERE received_at = 0 AND filed_at BETWEEN ?1 AND ?2";
	st_stmt *st = NULL;
	struct ct_ticket *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	rc = st_prepare(s->db, sql, &st);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	st_bind_int64(st, 1, from);
	st_bind_int64(st, 2, to);
	while ((rc = st_step(st)) == SQLITE_ROW) {
		v = ct_xgrow(v, n + 1, &cap, sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		v[n].id = st_col_int64(st, 0);
		v[n].cell = st_col_text(st, 1);
		v[n].cause = st_col_text(st, 2);
		v[n].received_at = st_col_int64(st, 3);
		v[n].filed_at = st_col_int64(st, 4);
		v[n].batch = st_col_text(st, 5);
		v[n].complaint = st_col_text(st, 6);
		n++;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_tickets_free(v, n);
		return st_sql_fail(s->path, s->db, rc, err);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_id);
	*out = v;
	*nout = n;
	return 0;
}

int
ct_store_cell_counts(struct ct_store *s, const char *cell, long long from, long long split,
		     long long to, const char *except, long long *all, long long *recent,
		     struct ct_err *err)
{
	/* Counted by the engine on tickets_cell_received (cell, time), one
	 * range per kind of time as in ct_store_between: no ticket is read,
	 * and no row is looked at but for its time. The complaint left out
	 * is looked up alone and taken off when it is one of them. */
	static const char sql[] =
		"SELECT a.n, a.r, b.n, b.r, (SELECT CASE WHEN received_at > 0 THEN received_at"
		" ELSE filed_at END FROM tickets WHERE complaint = ?6 AND cell = ?1)"
		" FROM (SELECT count(*) AS n, count(*) FILTER (WHERE received_at >= ?3) AS r"
		" FROM tickets WHERE cell = ?1 AND received_at BETWEEN ?2 AND ?4) AS a,"
		" (SELECT count(*) AS n, count(*) FILTER (WHERE filed_at >= ?3) AS r"
		" FROM tickets WHERE cell = ?1 AND received_at = 0 AND filed_at BETWEEN ?5 AND ?4) AS b";
	long long lo_recent = split > from ? split : from;
	st_stmt *st = NULL;
	int rc;

	*all = *recent = 0;
	rc = st_prepare(s->db, sql, &st);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	st_bind_text(st, 1, cell);
	st_bind_int64(st, 2, from > 1 ? from : 1);   /* received: a time, not 0 */
	st_bind_int64(st, 3, lo_recent);
	st_bind_int64(st, 4, to);
	st_bind_int64(st, 5, from);
	st_bind_text(st, 6, except);
	rc = st_step(st);
	if (rc == SQLITE_ROW) {
		long long at = st_col_int64(st, 4);

		*all = st_col_int64(st, 0) + st_col_int64(st, 2);
		*recent = st_col_int64(st, 1) + st_col_int64(st, 3);
		if (!st_col_is_null(st, 4) && at >= from && at <= to) {
			(*all)--;
			if (at >= lo_recent)
				(*recent)--;
		}
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc == SQLITE_OK ? 0 : st_sql_fail(s->path, s->db, rc, err);
}

/* ---------------------------------------------------------------------
 * Knowledge
 */

#define KNOWLEDGE_COLUMNS "id, cell, area, from_at, to_at, restore_at, what, who, created_at"

static void
row_to_knowledge(st_stmt *st, struct ct_knowledge *k)
{
	memset(k, 0, sizeof(*k));
	k->id = st_col_int64(st, 0);
	k->cell = st_col_text(st, 1);
	k->area = st_col_text(st, 2);
	k->from = st_col_int64(st, 3);
	k->to = st_col_int64(st, 4);
	k->restore = st_col_int64(st, 5);
	k->what = st_col_text(st, 6);
	k->who = st_col_text(st, 7);
	k->created_at = st_col_int64(st, 8);
}

struct kadd_arg {
	const struct ct_knowledge *k;
	long long now, id;
	size_t linked;
	const char *who;
};

/*
 * A stored JSON document with value appended to its array (the document
 * itself when member is NULL, else its member of that name); NULL when
 * the document is not that shape, which is then kept as it is. Only the
 * verdict's actions decide: its tags member is made when it is missing.
 */
static char *
json_append_to(const char *doc, const char *member, const char *value)
{
	json_t *root = doc ? json_loads(doc, JSON_DECODE_ANY, NULL) : NULL;
	json_t *a = member ? json_object_get(root, member) : root;
	char *out = NULL;

	if (member && !a && json_is_object(root) && !strcmp(member, "tags")) {
		a = json_array();
		json_object_set_new(root, member, a);
	}
	if (json_is_array(a) && json_array_append_new(a, json_string(value)) == 0)
		out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(root);
	return out;
}

/* Links one ticket: tag, action in the stored verdict, rev + 1, an event. */
static int
link_ticket(st_db *db, long long ticket, int rev, const char *status, const char *tag,
	    const char *action, const struct kadd_arg *a)
{
	st_stmt *st = NULL;
	char *tags = NULL, *verdict = NULL, *stored;
	int rc;

	rc = st_prepare(db, "SELECT tickets.tags, ticket_doc.verdict_json FROM " ST_TICKETS_WITH_DOCS
			" WHERE tickets.id = ?1", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, ticket);
	if ((rc = st_step(st)) == SQLITE_ROW) {
		tags = json_append_to(st_col_ctext(st, 0), NULL, tag);
		stored = st_col_doc(st, 1);
		verdict = json_append_to(stored, "actions", action);
		free(stored);
		if (verdict) {
			char *v2 = json_append_to(verdict, "tags", tag);

			free(verdict);
			verdict = v2;
		}
		rc = SQLITE_OK;
	}
	st_finalize(st);
	if (rc == SQLITE_OK) {
		const struct st_param p[] = { ST_INT(ticket), ST_TEXT(tags), ST_INT(rev + 1),
					      ST_INT(a->now) };

		rc = st_run(db, "UPDATE tickets SET tags = coalesce(?2, tags), rev = ?3, updated_at = ?4"
			    " WHERE id = ?1", p, 4, NULL);
	}
	if (rc == SQLITE_OK && verdict &&
	    (rc = st_prepare(db, "UPDATE ticket_doc SET verdict_json = ?2 WHERE ticket = ?1",
			     &st)) == SQLITE_OK) {
		st_bind_int64(st, 1, ticket);
		st_bind_doc(st, 2, verdict);
		rc = st_step_done(st);
		st_finalize(st);
	}
	if (rc == SQLITE_OK) {
		const struct st_param p[] = { ST_INT(ticket), ST_TEXT(tag) };

		rc = st_run(db, "INSERT INTO ticket_tag (ticket, tag) VALUES (?1, ?2)"
			    " ON CONFLICT DO NOTHING", p, 2, NULL);
	}
	free(tags);
	free(verdict);
	if (rc != SQLITE_OK)
		return rc;
	{
		/* The detail is an object, as every event's. */
		json_t *d = json_pack("{s:s, s:s?}", "tag", tag, "text", action);
		char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

		json_decref(d);
		rc = st_put_event(db, ticket, a->now, a->who, "known", detail ? detail : "{}", rev + 1,
				  status);
		free(detail);
		return rc;
	}
}

static int
kadd_txn(st_db *db, void *p)
{
	struct kadd_arg *a = p;
	const struct ct_knowledge *k = a->k;
	struct ct_knowledge kk = *k;
	struct ct_buf action = CT_BUF_INIT;
	st_stmt *st = NULL;
	long long *ids = NULL;
	int *revs = NULL;
	char **statuses = NULL;
	size_t n = 0, cap = 0, cap2 = 0, cap3 = 0;
	char tag[40];
	int rc;

	a->linked = 0;
	rc = st_prepare(db, "INSERT INTO knowledge (cell, area, from_at, to_at, restore_at,"
				" what, who, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 1, k->cell);
	st_bind_text(st, 2, k->area);
	st_bind_int64(st, 3, k->from);
	st_bind_int64(st, 4, k->to);
	st_bind_int64(st, 5, k->restore);
	st_bind_text(st, 6, k->what);
	st_bind_text(st, 7, a->who);
	st_bind_int64(st, 8, a->now);
	rc = st_step_id(st, &a->id);
	st_finalize(st);
	if (rc != SQLITE_OK)
		return rc;
	kk.id = a->id;
	snprintf(tag, sizeof(tag), CT_KNOWN_TAG "%lld", a->id);
	ct_knowledge_action(&action, &kk);

	/* The tickets already filed in its place and time. */
	rc = st_prepare(db, "SELECT id, rev, status FROM tickets WHERE cell IS NOT NULL"
		" AND (CASE WHEN received_at > 0 THEN received_at ELSE filed_at END) BETWEEN ?3 AND ?4"
		" AND (cell = ?1 OR (?2 IS NOT NULL AND (cell = ?2"
		"      OR substr(cell, 1, length(?2) + 1) = ?2 || '-')))"
		" ORDER BY id", &st);
	if (rc != SQLITE_OK)
		goto out;
	st_bind_text(st, 1, k->cell);
	st_bind_text(st, 2, k->area);
	st_bind_int64(st, 3, k->from);
	st_bind_int64(st, 4, k->to);
	while ((rc = st_step(st)) == SQLITE_ROW) {
		ids = ct_xgrow(ids, n + 1, &cap, sizeof(*ids));
		revs = ct_xgrow(revs, n + 1, &cap2, sizeof(*revs));
		statuses = ct_xgrow(statuses, n + 1, &cap3, sizeof(*statuses));
		ids[n] = st_col_int64(st, 0);
		revs[n] = st_col_int(st, 1);
		statuses[n] = st_col_text(st, 2);
		n++;
	}
	st_finalize(st);
	rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		rc = link_ticket(db, ids[i], revs[i], statuses[i], tag, ct_buf_str(&action), a);
		if (rc == SQLITE_OK)
			a->linked++;
	}
out:
	for (size_t i = 0; i < n; i++)
		free(statuses[i]);
	free(statuses);
	free(revs);
	free(ids);
	ct_buf_free(&action);
	return rc;
}

int
ct_knowledge_add(struct ct_store *s, const struct ct_knowledge *k, long long now,
		 long long *id, size_t *nlinked, struct ct_err *err)
{
	struct kadd_arg a = { k, now, 0, 0, NULL };
	char who[32], why[256];
	int rc;

	if (!k->cell == !k->area)
		return ct_fail(err, CT_EUSAGE, "knowledge needs a cell or an area (one of them)");
	if (k->from > k->to)
		return ct_fail(err, CT_EUSAGE, "knowledge: the span ends before it begins");
	if (!k->what || !*k->what)
		return ct_fail(err, CT_EUSAGE, "knowledge needs a description (--what)");
	a.who = k->who ? k->who : st_who_am_i(who, sizeof(who));
	rc = st_write_txn(s->db, kadd_txn, &a, why, sizeof(why));
	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	if (id)
		*id = a.id;
	if (nlinked)
		*nlinked = a.linked;
	return 0;
}

/* A knowledge statement prepared (the cell and time bound to ?1 and ?2
 * when cell is given). */
static int
knowledge_prepare(struct ct_store *s, const char *sql, const char *cell, long long at,
		  st_stmt **st, struct ct_err *err)
{
	int rc = st_prepare(s->db, sql, st);

	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	if (cell) {
		st_bind_text(*st, 1, cell);
		st_bind_int64(*st, 2, at);
	}
	return 0;
}

/* Its entries read (the statement finalized). */
static int
knowledge_rows(struct ct_store *s, st_stmt *st, int with_linked, struct ct_knowledge **out,
	       size_t *nout, struct ct_err *err)
{
	struct ct_knowledge *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	while ((rc = st_step(st)) == SQLITE_ROW) {
		v = ct_xgrow(v, n + 1, &cap, sizeof(*v));
		row_to_knowledge(st, &v[n]);
		if (with_linked)
			v[n].linked = st_col_int64(st, 9);
		n++;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_knowledge_free(v, n);
		return st_sql_fail(s->path, s->db, rc, err);
	}
	*out = v;
	*nout = n;
	return 0;
}

static int
knowledge_query(struct ct_store *s, const char *sql, const char *cell, long long at,
		int with_linked, struct ct_knowledge **out, size_t *nout, struct ct_err *err)
{
	st_stmt *st;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = knowledge_prepare(s, sql, cell, at, &st, err)) != 0)
		return rc;
	return knowledge_rows(s, st, with_linked, out, nout, err);
}

int
ct_knowledge_list(struct ct_store *s, struct ct_knowledge **v, size_t *n, struct ct_err *err)
{
	return knowledge_query(s,
		"SELECT " KNOWLEDGE_COLUMNS ", (SELECT count(*) FROM ticket_tag"
		" WHERE tag = '" CT_KNOWN_TAG "' || knowledge.id) FROM knowledge ORDER BY id",
		NULL, 0, 1, v, n, err);
}

/* The entries covering a cell at a time (?1, ?2). */
#define KNOWLEDGE_MATCH_SQL \
	"SELECT " KNOWLEDGE_COLUMNS " FROM knowledge" \
	" WHERE ?2 BETWEEN from_at AND to_at AND (cell = ?1 OR (area IS NOT NULL" \
	" AND (?1 = area OR substr(?1, 1, length(area) + 1) = area || '-')))" \
	" ORDER BY id"

int
ct_knowledge_match(struct ct_store *s, const char *cell, long long at,
		   struct ct_knowledge **v, size_t *n, struct ct_err *err)
{
	*v = NULL;
	*n = 0;
	if (!cell)
		return 0;
	return knowledge_query(s, KNOWLEDGE_MATCH_SQL, cell, at, 0, v, n, err);
}

int
ct_store_cell_lookups(struct ct_store *s, const char *cell, long long at, long long from,
		      long long split, long long to, const char *except,
		      struct ct_knowledge **v, size_t *n, long long *all, long long *recent,
		      struct ct_err *err)
{
	st_stmt *st;
	int rc;

	*v = NULL;
	*n = 0;
	*all = *recent = 0;
	/* The knowledge asked for first (st_ask): its rows come back with
	 * the counts'. */
	if ((rc = knowledge_prepare(s, KNOWLEDGE_MATCH_SQL, cell, at, &st, err)) != 0)
		return rc;
	if ((rc = st_ask(st)) != SQLITE_OK) {
		st_finalize(st);
		return st_sql_fail(s->path, s->db, rc, err);
	}
	if ((rc = ct_store_cell_counts(s, cell, from, split, to, except, all, recent, err)) != 0) {
		st_finalize(st);
		return rc;
	}
	return knowledge_rows(s, st, 0, v, n, err);
}

void
ct_knowledge_free(struct ct_knowledge *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].cell);
		free(v[i].area);
		free(v[i].what);
		free(v[i].who);
	}
	free(v);
}

/* ---------------------------------------------------------------------
 * Customer profiles
 */

struct cset_arg {
	const char *msisdn;
	const struct ct_customer_set *u;
	const char *who, *note;
	long long now;
};

static int
cset_txn(st_db *db, void *p)
{
	struct cset_arg *a = p;
	st_stmt *st = NULL;
	int rc;

	rc = st_prepare(db, "INSERT INTO customer (msisdn, sensitive, repeat, contact, notes, who, updated_at)"
		" VALUES (?1, CASE WHEN ?2 > 0 THEN ?2 ELSE 0 END,"
		" CASE WHEN ?3 > 0 THEN ?3 ELSE 0 END, ?4, ?5, ?6, ?7)"
		/* The row's own values named with the table (PostgreSQL would
		 * not tell them from the proposed row's). */
		" ON CONFLICT(msisdn) DO UPDATE SET"
		" sensitive = CASE WHEN ?2 >= 0 THEN ?2 ELSE customer.sensitive END,"
		" repeat = CASE WHEN ?3 >= 0 THEN ?3 ELSE customer.repeat END,"
		" contact = coalesce(?4, customer.contact),"
		" notes = CASE WHEN ?5 IS NULL THEN customer.notes"
		"         WHEN customer.notes IS NULL OR customer.notes = '' THEN ?5"
		"         ELSE customer.notes || ?8 || ?5 END,"
		" who = ?6, updated_at = ?7", &st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 1, a->msisdn);
	st_bind_int64(st, 2, a->u->sensitive);
	st_bind_int64(st, 3, a->u->repeat);
	st_bind_text(st, 4, a->u->contact);
	st_bind_text(st, 5, a->note);
	st_bind_text(st, 6, a->who);
	st_bind_int64(st, 7, a->now);
	st_bind_text(st, 8, "\n");
	rc = st_step_done(st);
	st_finalize(st);
	return rc;
}

int
ct_customer_set(struct ct_store *s, const char *msisdn, const struct ct_customer_set *u,
		long long now, struct ct_err *err)
{
	struct cset_arg a = { msisdn, u, NULL, NULL, now };
	struct ct_buf note = CT_BUF_INIT;
	char who[32], why[256], day[32];
	int rc;

	a.who = u->who ? u->who : st_who_am_i(who, sizeof(who));
	if (u->note) {
		/* "2026-11-22 alice: prefers SMS" — the date of the note, its author. */
		ct_fmt_time(day, sizeof(day), now);
		day[10] = '\0';
		ct_buf_printf(&note, "%s %s: %s", day, a.who, u->note);
		a.note = ct_buf_str(&note);
	}
	rc = st_write_txn(s->db, cset_txn, &a, why, sizeof(why));
	ct_buf_free(&note);
	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	return 0;
}

/* Reads the profile kept for msisdn (a row, or none) and the figures
 * derived from the store: every complaint from the number, the recent
 * ones, the repeats; and whether batch is in the store (*found; NULL:
 * no). One statement: a round trip to a server fewer in every filing.
 * c's msisdn is already set. */
static int
customer_read(struct ct_store *s, const char *msisdn, long long now, long long window_s,
	      const char *batch, struct ct_customer *c, int *found)
{
	st_stmt *st;
	int rc = st_prepare(s->db, "SELECT CASE WHEN c.msisdn IS NULL THEN 0 ELSE 1 END, c.sensitive,"
		" c.repeat, c.contact, c.notes, c.who, c.updated_at, a.n, a.r, a.recent, a.last,"
		" CASE WHEN EXISTS (SELECT 1 FROM batch WHERE id = ?4) THEN 1 ELSE 0 END FROM"
		" (SELECT count(*) AS n, coalesce(sum(CASE WHEN kind = 'repeat' THEN 1 ELSE 0 END), 0)"
		" AS r, coalesce(sum(CASE WHEN (CASE WHEN received_at > 0 THEN received_at"
		" ELSE filed_at END) BETWEEN ?2 - ?3 AND ?2 THEN 1 ELSE 0 END), 0) AS recent,"
		" coalesce(max(id), 0) AS last FROM tickets WHERE msisdn = ?1) AS a"
		" LEFT JOIN customer AS c ON c.msisdn = ?1", &st);

	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 1, msisdn);
	st_bind_int64(st, 2, now);
	st_bind_int64(st, 3, window_s);
	st_bind_text(st, 4, batch);
	rc = st_step(st);
	if (rc == SQLITE_ROW) {
		c->known = st_col_int(st, 0);
		if (c->known) {
			c->sensitive = st_col_int(st, 1);
			c->repeat = st_col_int(st, 2);
			c->contact = st_col_text(st, 3);
			c->notes = st_col_text(st, 4);
			c->who = st_col_text(st, 5);
			c->updated_at = st_col_int64(st, 6);
		}
		c->complaints = st_col_int64(st, 7);
		c->repeats = st_col_int64(st, 8);
		c->recent = window_s > 0 ? st_col_int64(st, 9) : 0;
		c->last_ticket = st_col_int64(st, 10);
		*found = st_col_int(st, 11);
		rc = SQLITE_DONE;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_OK ? SQLITE_ERROR : rc;
	c->repeat_complainer = c->repeat || c->repeats > 0 || c->recent >= 2;
	return SQLITE_OK;
}

int
ct_customer_get(struct ct_store *s, const char *msisdn, long long now, long long window_s,
		struct ct_customer *c, struct ct_err *err)
{
	int found;

	return ct_store_batch_customer(s, NULL, msisdn, now, window_s, &found, c, err);
}

int
ct_store_batch_customer(struct ct_store *s, const char *batch, const char *msisdn,
			long long now, long long window_s, int *found, struct ct_customer *c,
			struct ct_err *err)
{
	st_stmt *st = NULL;
	int rc = SQLITE_OK;

	*found = 0;
	memset(c, 0, sizeof(*c));
	if (msisdn) {
		c->msisdn = ct_xstrdup(msisdn);
		rc = customer_read(s, msisdn, now, window_s, batch, c, found);
	} else if (batch &&
		   (rc = st_prepare(s->db, "SELECT 1 FROM batch WHERE id = ?1", &st)) == SQLITE_OK) {
		st_bind_text(st, 1, batch);
		rc = st_step(st);
		*found = rc == SQLITE_ROW;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
		st_finalize(st);
	}
	if (rc == SQLITE_OK)
		return 0;
	ct_customer_free(c);
	return st_sql_fail(s->path, s->db, rc, err);
}

void
ct_customer_free(struct ct_customer *c)
{
	free(c->msisdn);
	free(c->contact);
	free(c->notes);
	free(c->who);
	memset(c, 0, sizeof(*c));
}

int
ct_customer_worth_showing(const struct ct_customer *c)
{
	return c->known || c->repeat_complainer;
}
