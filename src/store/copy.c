/*
 * copy.c — a whole store into another (store.h ct_store_copy): SQLite to
 * PostgreSQL when a NOC outgrows one machine, and back.
 *
 * Every table is copied row for row with its ids, in the order the
 * foreign keys need, inside one write transaction on the target (all or
 * nothing) while the source is read in one snapshot. The rows are read
 * with SELECT * and written naming each column the source answered with,
 * so the copy does not depend on the order in which a schema's steps added
 * the columns; each value keeps its kind (integer, text, NULL). What the
 * store keeps about itself (its identity, its schema version) is the
 * target's own; of store_meta only the queue's limits travel, and the
 * searched text (an index of the engine's own kind) is made anew.
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/store.h"
#include "internal.h"

/* Parents before children. */
static const struct {
	const char *table, *select;
} copy_tables[] = {
	{ "tickets", "SELECT * FROM tickets ORDER BY id" },
	{ "ticket_doc", "SELECT * FROM ticket_doc ORDER BY ticket" },
	{ "deadlines", "SELECT * FROM deadlines ORDER BY ticket" },
	{ "ticket_tag", "SELECT * FROM ticket_tag ORDER BY ticket, tag" },
	{ "ticket_event", "SELECT * FROM ticket_event ORDER BY id" },
	{ "batch", "SELECT * FROM batch ORDER BY id" },
	{ "knowledge", "SELECT * FROM knowledge ORDER BY id" },
	{ "customer", "SELECT * FROM customer ORDER BY msisdn" },
	{ "users", "SELECT * FROM users ORDER BY name" },
	{ "user_token", "SELECT * FROM user_token ORDER BY hash" },
	{ "hub", "SELECT * FROM hub ORDER BY id" },
	{ "escalation", "SELECT * FROM escalation ORDER BY ticket, stage, due_at, level" },
	{ "store_meta", "SELECT * FROM store_meta WHERE key = 'due_limits'" },
};

/* Rows per INSERT: a round trip to a server per row would make a copy of a
 * million tickets take an hour. */
#define COPY_BATCH 100

/* "INSERT INTO table (c1, ...) VALUES (?1, ...), ..." for rows rows of the
 * columns of row. */
static char *
insert_sql(const char *table, st_stmt *row, int rows)
{
	struct ct_buf b = CT_BUF_INIT;
	int n = st_col_count(row);

	ct_buf_printf(&b, "INSERT INTO %s (", table);
	for (int i = 0; i < n; i++)
		ct_buf_printf(&b, "%s%s", i ? ", " : "", st_col_name(row, i));
	ct_buf_puts(&b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		ct_buf_puts(&b, r ? ", (" : "(");
		for (int i = 0; i < n; i++)
			ct_buf_printf(&b, "%s?%d", i ? ", " : "", r * n + i + 1);
		ct_buf_puts(&b, ")");
	}
	return ct_buf_detach(&b);
}

/* One value read from the source, kept until its batch is written. */
struct cell {
	int type;          /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_TEXT */
	long long i;
	char *text;
};

static void
cell_read(struct cell *c, st_stmt *row, int i)
{
	c->type = st_col_type(row, i);
	c->i = c->type == SQLITE_INTEGER ? st_col_int64(row, i) : 0;
	/* A document kept as a frame (st_bind_doc) copies as its text. */
	c->text = c->type == SQLITE_TEXT ? st_col_doc(row, i) : NULL;
}

/* Writes the first k rows of cells (n columns each) with one INSERT. */
static int
flush(st_db *to, const char *table, st_stmt *row, struct cell *cells, int n, int k)
{
	st_stmt *ins = NULL;
	char *sql = insert_sql(table, row, k);
	int rc = st_prepare(to, sql, &ins);
	int docs = !strcmp(table, "ticket_doc"); /* kept as the target keeps them */

	free(sql);
	for (int j = 0; rc == SQLITE_OK && j < k * n; j++) {
		if (cells[j].type == SQLITE_NULL)
			st_bind_null(ins, j + 1);
		else if (cells[j].type == SQLITE_INTEGER)
			st_bind_int64(ins, j + 1, cells[j].i);
		else if (docs)
			st_bind_doc(ins, j + 1, cells[j].text);
		else
			st_bind_text(ins, j + 1, cells[j].text);
	}
	if (rc == SQLITE_OK)
		rc = st_step_done(ins);
	st_finalize(ins);
	for (int j = 0; j < k * n; j++) {
		free(cells[j].text);
		cells[j].text = NULL;
	}
	return rc;
}

/* The rows of one table, COPY_BATCH to an INSERT. *fail says which side
 * failed (0 source, 1 target). */
static int
copy_table(st_db *from, st_db *to, size_t t, size_t *rows, ct_copy_progress_fn progress,
	   void *arg, int *fail)
{
	st_stmt *sel = NULL;
	struct cell *cells = NULL;
	int rc, n = 0, k = 0;

	*fail = 0;
	rc = st_prepare_stream(from, copy_tables[t].select, &sel);
	while (rc == SQLITE_OK && (rc = st_step(sel)) == SQLITE_ROW) {
		if (!cells) {
			n = st_col_count(sel);
			cells = ct_xcalloc((size_t)(n * COPY_BATCH), sizeof(*cells));
		}
		for (int i = 0; i < n; i++)
			cell_read(&cells[k * n + i], sel, i);
		rc = SQLITE_OK;
		if (++k == COPY_BATCH) {
			rc = flush(to, copy_tables[t].table, sel, cells, n, k);
			*fail = rc != SQLITE_OK;
			k = 0;
		}
		if (++rows[t] % 10000 == 0 && progress && t == 0)
			progress(copy_tables[t].table, rows[t], arg);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	/* The names of the columns are still the statement's after its end. */
	if (rc == SQLITE_OK && k) {
		rc = flush(to, copy_tables[t].table, sel, cells, n, k);
		*fail = rc != SQLITE_OK;
	}
	for (int j = 0; cells && j < n * COPY_BATCH; j++)
		free(cells[j].text);
	free(cells);
	st_finalize(sel);
	return rc;
}

int
ct_store_copy(struct ct_store *from, struct ct_store *to, long long *ntickets,
	      ct_copy_progress_fn progress, void *arg, struct ct_err *err)
{
	size_t rows[sizeof(copy_tables) / sizeof(copy_tables[0])] = { 0 };
	long long have = 0;
	st_stmt *st = NULL;
	int rc, own, fail = 0;

	*ntickets = 0;
	if ((rc = st_read_begin(from->db, &own)) != SQLITE_OK)
		return st_sql_fail(from->path, from->db, rc, err);
	if ((rc = st_begin_write(to->db)) != SQLITE_OK) {
		st_read_end(from->db, own, rc);
		return st_sql_fail(to->path, to->db, rc, err);
	}
	/* Only into an empty store: a copy never merges. */
	rc = st_prepare(to->db, "SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM"
			" knowledge) + (SELECT count(*) FROM customer) + (SELECT count(*) FROM batch)"
			" + (SELECT count(*) FROM users)",
			&st);
	if (rc == SQLITE_OK && (rc = st_step(st)) == SQLITE_ROW) {
		have = st_col_int64(st, 0);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	if (rc != SQLITE_OK) {
		fail = 1;
	} else if (have) {
		st_exec(to->db, "ROLLBACK");
		st_read_end(from->db, own, SQLITE_OK);
		return ct_fail(err, CT_ESTATE, "%s: the target store is not empty; a copy goes into "
			       "a new store only", to->path);
	}
	for (size_t t = 0; rc == SQLITE_OK && t < sizeof(copy_tables) / sizeof(copy_tables[0]); t++)
		rc = copy_table(from->db, to->db, t, rows, progress, arg, &fail);
	if (rc == SQLITE_OK) {
		fail = 1;
		rc = st_sync_ids(to->db);
	}
	/* The searched text is the target engine's own index: made anew. */
	if (rc == SQLITE_OK)
		rc = st_text_fill(to->db);
	if (rc == SQLITE_OK)
		rc = st_exec(to->db, "COMMIT");
	if (rc != SQLITE_OK) {
		char why[256];
		struct ct_store *s = fail ? to : from;

		snprintf(why, sizeof(why), "%s", st_db_errmsg(s->db));
		if (st_in_txn(to->db))
			st_exec(to->db, "ROLLBACK");
		st_read_end(from->db, own, rc);
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	}
	st_read_end(from->db, own, SQLITE_OK);
	*ntickets = (long long)rows[0];
	return 0;
}
