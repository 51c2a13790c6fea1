/*
 * db.h — the store's one connection to its database engine: SQLite (a
 * file, the default) or PostgreSQL (a server, through libpq). Private to
 * src/store/; everything above it speaks this interface and constant SQL
 * that both engines run.
 *
 * The SQL the store writes is the common part of both dialects: numbered
 * parameters ?1 .. ?N (turned into $1 .. $N for PostgreSQL), ON CONFLICT
 * instead of INSERT OR ..., RETURNING instead of last_insert_rowid, no
 * engine functions beyond count/min/max/sum/coalesce. What differs (the
 * schema's DDL, the store's identity, how a write takes the store's lock)
 * is asked of st_db_engine() or done here.
 *
 * Result codes are SQLite's for both engines: SQLITE_OK, SQLITE_ROW,
 * SQLITE_DONE, SQLITE_BUSY (retry), SQLITE_CONSTRAINT, SQLITE_CANTOPEN,
 * SQLITE_ERROR ...; a PostgreSQL failure is mapped from its SQLSTATE
 * class and its message is kept for st_db_errmsg.
 */
#ifndef CELLTRIAGE_STORE_DB_H
#define CELLTRIAGE_STORE_DB_H

#include <stdatomic.h>
#include <stddef.h>

#include <sqlite3.h>

enum st_engine {
	ST_SQLITE,
	ST_POSTGRESQL
};

typedef struct st_db st_db;
typedef struct st_stmt st_stmt;

/* Whether name is a PostgreSQL store (postgresql://, postgres://,
 * service=NAME), not a file path. */
int st_db_is_server(const char *name);

/* name as messages may show it: a password in it (which opening refuses)
 * replaced by ***. The caller frees. */
char *st_db_shown_name(const char *name);

/* A statement text made once for the process: made kept in *slot, unless
 * another thread stored one first, whose text is then returned (made
 * freed). */
const char *st_sql_keep(_Atomic(char *) *slot, char *made);

/* Opens a SQLite file (flags as sqlite3_open_v2's; ":memory:" works). */
int st_db_open_sqlite(const char *path, int flags, st_db **out);
/* Connects to a PostgreSQL store; a refusal (a password in the name, a
 * server that does not answer) is SQLITE_CANTOPEN with its reason in
 * st_db_errmsg. *out is set even on failure, for the message; close it. */
int st_db_open_pg(const char *conninfo, st_db **out);
void st_db_close(st_db *db);

enum st_engine st_db_engine(const st_db *db);
/* The raw SQLite handle (NULL on PostgreSQL): PRAGMAs and tuning only. */
sqlite3 *st_db_sqlite(st_db *db);

/* Runs constant SQL without parameters (several statements allowed); no
 * rows are kept. */
int st_exec(st_db *db, const char *sql);
/* Whether a transaction is open on this connection. */
int st_in_txn(st_db *db);
/* BEGIN for a read (one snapshot) or for a write (the store's write lock
 * taken first: SQLite's BEGIN IMMEDIATE; on PostgreSQL an advisory lock
 * held to the end of the transaction, so writers are serialised exactly as
 * on SQLite and a lookup is never outdated by another writer before the
 * write that uses it). */
int st_begin(st_db *db, int write);
/*
 * A filing's write (st_begin with ST_WRITE_SHARED): on PostgreSQL the
 * write lock is shared with other filings, which lock what they look up
 * (the complaint, the subscriber, the cell: store.c) instead of the whole
 * store; every other write still takes it alone, so waits for them. The
 * rows of its one-row INSERTs (st_prepare_row: a new ticket's documents,
 * words, deadlines and history) are gathered to its commit
 * (st_order_commit), which sends them, the history under the order lock,
 * held by one write at a time to its end: event ids are drawn in the
 * order the writes commit, which the desk's notifications and queue cache
 * read by.
 * A write that must write history at once (a ticket filed again reads
 * its own) takes the order lock then (st_order_take), and its rows go at
 * once from there. On SQLite the same as 1: one writer at a time.
 */
#define ST_WRITE_SHARED 2
/* Whether db's write is a shared one on PostgreSQL. */
int st_db_shared(const st_db *db);
/* Whether db's write gathers its rows for the order lock (a shared write
 * on PostgreSQL that has not taken it). */
int st_db_holding(const st_db *db);
/* The order lock queued (st_queue) and the rows gathered sent; nothing if
 * not holding. SQLITE_BUSY, and st_db_regroup true, when rows of an
 * earlier filing (before st_held_mark) are gathered: sent inside this
 * filing's savepoint they would be undone with it; its group commits
 * first, and it is filed again as the next one's first. */
int st_order_take(st_db *db);
int st_db_regroup(const st_db *db);
/* Before COMMIT of a write: the order lock (when holding), then the rows
 * gathered sent; gathering ends. */
int st_order_commit(st_db *db);
/* The write's state before a filing (its savepoint), put back when the
 * savepoint is rolled back: the rows gathered since are forgotten, the
 * order lock taken since is not counted. SQLITE_ABORT when rows gathered
 * before the mark were sent since (they went with the savepoint): the
 * whole write must be rolled back. */
struct st_held_mark {
	int ordered, rows_on, nsets;
	unsigned long sent;
	size_t nrows[6];
};
void st_held_mark(st_db *db, struct st_held_mark *m);
int st_held_restore(st_db *db, const struct st_held_mark *m);
/*
 * A second connection to the server of db, in a read transaction that
 * sees exactly what db's read transaction sees (its snapshot exported
 * there and imported here): a statement run on it is worked by a server
 * process of its own, beside db's. For one long read of two large
 * statements at once; the caller ends the transaction (st_exec COMMIT)
 * and closes it. PostgreSQL only, db in a read transaction (st_begin 0),
 * else SQLITE_MISUSE. A failure to connect (the server's connection
 * limit) leaves *out NULL and db as it was; a failure of the export is
 * db's, as any statement's.
 */
int st_db_twin(st_db *db, st_db **out);
/* Rows changed by the last INSERT/UPDATE/DELETE. */
long long st_changes(st_db *db);
/*
 * Writes sent without waiting (PostgreSQL's pipeline mode): after
 * st_defer_begin, each statement run on the connection is sent and its
 * answer left for st_defer_end, which waits for them all and leaves the
 * mode: one round trip for many statements. Only statements whose rows
 * and changes nobody reads may run in between. st_defer_end: SQLITE_OK,
 * or the first failure. On SQLite each statement runs at once as ever, and
 * both do nothing.
 */
int st_defer_begin(st_db *db);
int st_defer_end(st_db *db);
/* st_defer_begin's writes left for the next statement that is sent:
 * read in its round trip, a failure among them its failure. st_defer_end
 * (or a command: st_exec, st_queue) reads them if no statement has.
 * Nothing on SQLite. */
int st_defer_leave(st_db *db);
/* Whether st_defer_begin's mode is on (0 on SQLite). */
int st_defer_on(const st_db *db);
/* The answers the statements sent since st_defer_begin will give (a
 * statement prepared on its first sending gives two): the index of the
 * next one's. 0 outside the mode and on SQLite. */
int st_defer_sent(const st_db *db);
/* st_defer_end, and the rows changed by each of the first n answers in
 * changes[] (-2: the failure, whose message and kind are the db's; -1:
 * skipped after it, or no answer). */
int st_defer_end_changes(st_db *db, long long *changes, size_t n);
/*
 * A command whose answer can wait (a group's SAVEPOINT and RELEASE): on
 * PostgreSQL sent in pipeline mode, its answer read in the round trip of
 * the next statement that is sent. Its failure is that statement's (or
 * the commit's); then every statement is refused with it until the
 * transaction is rolled back as a whole (st_exec "ROLLBACK"). On SQLite
 * the command runs at once, kept prepared (parsing a SAVEPOINT again cost
 * more than a filing's row).
 */
int st_queue(st_db *db, const char *sql);
/*
 * A lookup sent ahead (prepared and bound, not stepped yet): on PostgreSQL
 * sent in pipeline mode like st_queue's commands, its rows read in the
 * round trip of the next statement that is sent, so several lookups cost
 * one round trip; its first st_step takes them (reading them first if
 * nothing has). Its failure is its own first step's. A queued command's
 * failure before it fails it too. On SQLite, and for a streamed statement
 * or inside st_defer_begin's mode, nothing: the first step runs it as
 * ever. Nothing that writes may run between the ask and that step (on
 * SQLite the lookup would see it, on PostgreSQL not).
 */
int st_ask(st_stmt *st);
/* The engine's message for the last failure (one line). */
const char *st_db_errmsg(st_db *db);
/* Whether the last failure was a unique index's refusal of a row. */
int st_db_failed_unique(st_db *db);
/* The last failure's detail on PostgreSQL (a unique index's refusal names
 * the key: "Key (id)=(7) already exists."; "" when it had none, and on
 * SQLite). */
const char *st_db_failed_detail(const st_db *db);
/* What this program found wrong in a value it read back (printf-style,
 * e.g. which ticket's which column): noted for the "database is corrupt"
 * message (st_sql_fail, which clears it), and SQLITE_CORRUPT returned.
 * st_db_corrupt_why: the note, or NULL when there is none. */
int st_db_corrupt(st_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *st_db_corrupt_why(st_db *db);
void st_db_corrupt_clear(st_db *db);
/* The connection a statement was prepared on. */
st_db *st_stmt_db(st_stmt *st);
/* After rows were written with explicit ids (an import): the engine's id
 * generators continue after the largest id (no-op on SQLite, whose
 * AUTOINCREMENT does it itself). */
int st_sync_ids(st_db *db);

/* Prepares sql. st_prepare_stream is for a statement whose rows are not
 * bounded (listings, exports): PostgreSQL reads them through a cursor in
 * batches instead of all at once. */
int st_prepare(st_db *db, const char *sql, st_stmt **out);
int st_prepare_stream(st_db *db, const char *sql, st_stmt **out);
/*
 * A one-row INSERT whose row may go with others: sql is "INSERT INTO t
 * (c1, ..., cn) VALUES (?1, ..., ?n)" and nothing after (SQLITE_MISUSE
 * otherwise, on PostgreSQL). Between st_rows_begin and st_rows_send (or
 * st_rows_end) its steps on PostgreSQL keep the row and report it written
 * (one change); st_rows_send sends each such statement's rows as one
 * INSERT, in st_defer_begin's pipeline when that is on, its failure the
 * failure of that statement. st_rows_drop forgets them (a rollback). On
 * SQLite, and outside st_rows_begin, a statement as st_prepare's.
 */
int st_prepare_row(st_db *db, const char *sql, st_stmt **out);
/* st_prepare_row for rows whose order counts (a shared write's history,
 * ST_WRITE_SHARED): sent after the others, under the order lock. */
int st_prepare_row_ordered(st_db *db, const char *sql, st_stmt **out);
int st_rows_begin(st_db *db);
int st_rows_send(st_db *db);
/* The rows gathered for sql (st_prepare_row's text) sent now as one INSERT;
 * *answer: its answer's index in st_defer_begin's pipeline (st_defer_sent
 * before it, as st_defer_end_changes counts), -1 when nothing was sent. */
int st_rows_flush(st_db *db, const char *sql, int *answer);
/* Whether rows are being gathered now outside a shared write (an import's
 * window: st_rows_begin), so a row's INSERT goes there too. */
int st_rows_on(const st_db *db);
int st_rows_end(st_db *db);
void st_rows_drop(st_db *db);
/* SQLITE_ROW, SQLITE_DONE or a failure. */
int st_step(st_stmt *st);
/* A stream's statement sent, its bindings made, without waiting for its
 * first rows (PostgreSQL: the cursor declared and its first batch asked
 * for), so the server works them out while this process goes on; the
 * first st_step takes them. Nothing on SQLite, or once stepped. */
int st_start(st_stmt *st);
/* Back to before the first step; bindings are kept. */
void st_reset(st_stmt *st);
void st_finalize(st_stmt *st);

int st_bind_int64(st_stmt *st, int i, long long v);
int st_bind_null(st_stmt *st, int i);
/* s NULL binds NULL. The text is copied. */
int st_bind_text(st_stmt *st, int i, const char *s);
/* A tsvector written as its text (PostgreSQL's input form, text.c makes
 * it), for a column of that type; on SQLite a text. */
int st_bind_tsvector(st_stmt *st, int i, const char *s);
/* A stored document (ticket_doc's complaint_json, verdict_json): a long
 * one goes in as a zstd frame, read back by st_col_doc (and on SQLite by
 * SQL's ct_doc(x)); a short one as its text (on PostgreSQL its bytes). */
int st_bind_doc(st_stmt *st, int i, const char *s);
/*
 * A document made ready for st_bind_doc ahead of the statement, by any
 * thread: st_doc_pack packs s when s gains by it; st_bind_packed binds the
 * frame, or s when it has none (a copy: st_doc_free may come before the
 * statement runs).
 */
struct st_doc {
	void *frame;
	size_t n;
};
void st_doc_pack(struct st_doc *d, const char *s);
int st_bind_packed(st_stmt *st, int i, const struct st_doc *d, const char *s);
void st_doc_free(struct st_doc *d);

int st_col_count(st_stmt *st);
int st_col_is_null(st_stmt *st, int i);
long long st_col_int64(st_stmt *st, int i);
int st_col_int(st_stmt *st, int i);
/* The column's text, valid until the next step/reset (NULL for NULL). */
const char *st_col_ctext(st_stmt *st, int i);
/* A stored document's text whichever way it was kept (st_bind_doc), or
 * any column's text; NULL for NULL (or a frame that does not unpack).
 * The caller frees. */
char *st_col_doc(st_stmt *st, int i);
/* The column's name in the answer, and what the row holds there:
 * SQLITE_INTEGER, SQLITE_TEXT or SQLITE_NULL (a PostgreSQL integer or
 * boolean column reads as SQLITE_INTEGER, anything else as text). */
const char *st_col_name(st_stmt *st, int i);
int st_col_type(st_stmt *st, int i);

#endif
