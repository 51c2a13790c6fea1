/*
 * internal.h — what the store's files (store.c: schema, filing, reading;
 * workflow.c: lifecycle moves, history, batches, import; monitor.c:
 * knowledge and customer profiles; due.c: the queue's index) share. Private to src/store/; the
 * public API is include/celltriage/store.h.
 *
 * Every st_* helper returns a SQLite result code unless it says otherwise.
 */
#ifndef CELLTRIAGE_STORE_INTERNAL_H
#define CELLTRIAGE_STORE_INTERNAL_H

#include "db.h"

#include "celltriage/profile.h"
#include "celltriage/store.h"

struct ct_store {
	st_db *db;
	char *path;
	int found_version;
	int readonly;            /* opened CT_STORE_READONLY */
	long long repeat_window; /* seconds; 0 = no repeat detection */
	struct ct_deadlines dl;  /* ct_store_set_deadlines' */
	int have_dl;
	const char *who;         /* ct_store_set_who's (the caller's string); NULL: $USER */
	int group;               /* a group's transaction is open (ct_store_group_begin) */
	int keys;                /* PostgreSQL: its filings have locked what they look up */
	int made;                /* SQLite: the open made the file (1) or began an empty one (2) */
	/* PostgreSQL: a streamed import's tickets sent and not yet answered
	 * (workflow.c), while its pipeline is open (st_defer_on); the last
	 * nunsent of them with their rows still gathered. */
	struct st_import_pending *pending;
	size_t npending, cpending, nunsent;
};
/* Forgets a streamed import's tickets not yet answered (workflow.c). */
void st_import_forget(struct ct_store *s);

/* "SELECT stage, due FROM deadlines WHERE ticket = ?1 ..." */
extern const char st_deadlines_sql[];

typedef int (*txn_fn)(st_db *db, void *arg);

/* BEGIN IMMEDIATE; fn; COMMIT, retried while busy (store.c). SQLite's
 * message for a failure is saved in why (n bytes). Inside a transaction
 * already open (a hook of ct_store_file_hooked) fn joins it. */
int st_write_txn(st_db *db, txn_fn fn, void *arg, char *why, size_t n);
int st_step_done(st_stmt *st);
/* A parameter of st_run: a text (NULL binds NULL), an integer, or a
 * tsvector's text (st_bind_tsvector). */
enum st_param_kind { ST_PARAM_TEXT, ST_PARAM_INT, ST_PARAM_TSVECTOR };
struct st_param {
	enum st_param_kind kind;
	long long i;
	const char *s;
};
#define ST_INT(v)      { ST_PARAM_INT, (v), NULL }
#define ST_TEXT(v)     { ST_PARAM_TEXT, 0, (v) }
#define ST_TSVECTOR(v) { ST_PARAM_TSVECTOR, 0, (v) }
/* Runs sql, which returns no row, with p[0 .. n-1] as ?1 .. ?n; *changed
 * (when not NULL): the rows it changed. */
int st_run(st_db *db, const char *sql, const struct st_param *p, size_t n, long long *changed);
/* st_run of a one-row INSERT whose row may go with others (db.h
 * st_prepare_row). */
int st_run_row(st_db *db, const char *sql, const struct st_param *p, size_t n);
/* st_run as a write transaction of its own (joining one already open);
 * the module's one-line message on failure. Not a SQLite code. */
int st_write_one(struct ct_store *s, const char *sql, const struct st_param *p, size_t n,
		 long long *changed, struct ct_err *err);
/* Runs an INSERT ... RETURNING id, then resets it; the new id in *id. */
int st_step_id(st_stmt *st, long long *id);
int st_is_busy(int rc);
void st_backoff(int try);
/* BEGIN IMMEDIATE, retried with st_backoff while another writer holds the
 * lock (WRITE_TRIES times): for a write the caller commits itself. */
int st_begin_write(st_db *db);
/* st_begin_write for filings (db.h ST_WRITE_SHARED). */
int st_begin_filing(struct ct_store *s);
/* COMMIT of a write, the rows it gathered sent first, under the order
 * lock when it holds them for it (db.h st_order_commit). */
int st_commit_write(st_db *db);
/* A column as a new string (caller frees), NULL for SQL NULL. */
char *st_col_text(st_stmt *st, int i);
/* A status column (CT_STATUS_NONE for a name the lifecycle lacks). */
enum ct_status st_col_status(st_stmt *st, int i);
/* "SELECT <every column of the field table> FROM tickets" into b; a row of
 * it fills t (overwritten) with st_row_to_ticket. */
void st_ticket_select(struct ct_buf *b);
/* Whether field f is kept in ticket_doc (the documents: CT_FF_FULL)
 * rather than in the ticket's row. Not a SQLite code. */
int st_field_in_doc(const struct ct_field *f);
/* The FROM of a read of whole tickets. */
#define ST_TICKETS_WITH_DOCS "tickets LEFT JOIN ticket_doc ON ticket_doc.ticket = tickets.id"
/* Writes t's documents for ticket id (fresh: a new ticket's, else
 * replacing what was there); what the row keeps of them (the complaint's
 * channel) its own writer binds. packed: the two as st_pack_docs made them
 * before (NULL: packed here). */
int st_put_docs(st_db *db, long long id, const struct ct_ticket *t, const struct st_doc packed[2],
		int fresh);
/* t's complaint and verdict documents as the store keeps them, for
 * st_put_docs; any thread. st_doc_free each. */
void st_pack_docs(const struct ct_ticket *t, struct st_doc packed[2]);
/* What an import makes of a ticket before its write (store.h). */
struct ct_import_ready {
	struct st_doc docs[2];   /* st_pack_docs */
	char *channel;           /* the complaint's */
	char *text;              /* the searched text (st_text_of) */
};
/* Just the column list of that SELECT. */
void st_ticket_columns(struct ct_buf *b);
/* The same list with NULL for the stored documents (CT_FF_FULL): for a
 * listing that never shows them, which then reads a few hundred bytes of
 * each ticket instead of kilobytes. With a connection, the complaint
 * document keeps its channel ({"channel": ...}), read by the engine.
 * fields (ct_field_bits; 0: all): NULL too for a field not among them,
 * but the id. */
void st_ticket_columns_brief(struct ct_buf *b, st_db *channel, unsigned long long fields);
void st_row_to_ticket(st_stmt *st, struct ct_ticket *t);
/* Binds field f of t at parameter i as the tickets column keeps it. */
int st_bind_field(st_stmt *st, int i, const struct ct_ticket *t, const struct ct_field *f);
/* Adds t's tags (ticket_tag) and deadlines to ticket id; NULL ones are
 * skipped, a stage named twice keeps its last deadline. */
int st_put_tags_deadlines(st_db *db, long long id, const struct ct_ticket *t);
/* Appends a ticket's history as given (imports): nev rows, a few
 * statements (rev 0: NULL; no action: "note"). */
int st_put_events(st_db *db, long long ticket, const struct ct_event *ev, size_t nev);
/* Appends one row to the audit trail (rev 0: NULL). */
int st_put_event(st_db *db, long long ticket, long long at, const char *who, const char *action,
		 const char *detail, int rev, const char *status);
/* Fills t->deadlines (in due order) from the deadlines table: dl is
 * st_deadlines_sql prepared. */
int st_load_deadlines(st_stmt *dl, struct ct_ticket *t);
/* The deadlines column's text of t's deadlines (NULL when it has none):
 * a JSON object of stage: due in due order, a stage named twice keeping
 * its last. */
int st_deadlines_text(const struct ct_ticket *t, char **out);
/* The condition of a ct_ticket_filter on the tickets table (parameters
 * ?1 .. ?4, ?10 .. ?12; columns named tickets.x), and their binding. */
void st_filter_where(struct ct_buf *b, st_db *db, const struct ct_ticket_filter *f);
void st_bind_filter(st_stmt *st, const struct ct_ticket_filter *f);
/* A read transaction, unless one is open already (a reader called from
 * ct_store_each's callback, or within ct_store_read_begin): *own says
 * whether st_read_end ends it (COMMIT when rc is SQLITE_OK, else ROLLBACK). */
int st_read_begin(st_db *db, int *own);
void st_read_end(st_db *db, int own, int rc);
/* Ticket id's history in order into *out (caller frees with
 * ct_events_free); none when the ticket has none. */
int st_load_events(st_db *db, long long id, struct ct_event **out, size_t *n);
/*
 * The queue's columns of ticket id (due.c): recomputes tickets.due_at and
 * due_stage from its row and history as they are now in this transaction,
 * with deadlines d (the store's, st_deadlines; NULL marks them not
 * computed, so readers do not trust the index until a writer with a
 * profile computes them). Every change that can move a stage clock (a
 * filing, a move, an import) calls it in its own transaction.
 */
int st_due_update(st_db *db, const struct ct_deadlines *d, long long id);
/* The same columns for ticket t with history ev, computed without the
 * store: 1 with *due_at and *stage (a static name) when a stage runs, 0
 * with "" when none does. Not a SQLite code. */
int st_due_of(const struct ct_deadlines *d, const struct ct_ticket *t, const struct ct_event *ev,
	      size_t nev, long long *due_at, const char **stage);
/* Ticket id's row into t (no deadlines; t is zeroed first); *found = 0 when
 * there is none. A SQLite code; the caller frees t (ct_ticket_free). */
int st_load_ticket(st_db *db, long long id, struct ct_ticket *t, int *found);
/* The deadlines ct_store_set_deadlines gave, NULL when none. Not a SQLite code. */
const struct ct_deadlines *st_deadlines(const struct ct_store *s);
/* $USER, else "uid N" formatted into buf. Not a SQLite code. */
const char *st_who_am_i(char *buf, size_t n);
/* The module's message for a SQLite failure; returns CT_ESTORE. */
int st_sql_fail_why(const char *path, st_db *db, int rc, const char *why, struct ct_err *err);
int st_sql_fail(const char *path, st_db *db, int rc, struct ct_err *err);

/* The escalations an imported history records (escalate.c): each one's
 * (stage, due, level) into table escalation, so a scan does not raise it
 * again. A SQLite code. */
int st_escalations_put(st_db *db, long long ticket, const struct ct_event *ev, size_t nev);
/* Whether ev holds an overdue escalation raised at due_at: an imported
 * ticket's esc_due (escalate.c) when that is still its due time. */
int st_escalated_overdue(const struct ct_event *ev, size_t nev, long long due_at);

/*
 * Free-text search (text.c, schema 8). st_text_words appends text to b in
 * the one form both engines index (words of ASCII letters and digits in
 * lower case, each CJK character a word, single spaces). st_text_query
 * makes a search into FTS5's query (each word a quoted phrase of its
 * parts) and returns how many words it has (0: nothing to search for). st_text_update rewrites ticket id's
 * searched text from its row, document and comments, st_text_range those
 * of the ids in (lo, hi], st_text_fill every ticket's (a migration, a
 * copy). SQLite codes.
 */
void st_text_words(struct ct_buf *b, const char *text);
int st_text_query(const char *search, struct ct_buf *q);
/* A search's terms on engine, after b (a filter's WHERE: its parameters
 * ?18 and, on PostgreSQL, ?25 on), and their parameters bound. SQLite:
 * FTS5's query (st_text_query). PostgreSQL: the words of one part each
 * found in the searched words or as the ticket's MSISDN or IMSI, the
 * others as one tsquery. */
void st_text_where(struct ct_buf *b, int engine, const char *search);
void st_text_bind(st_stmt *st, const char *search);
/* The words of st_text_words as PostgreSQL's tsvector text holds them,
 * after v: each at its place, counted from 1 (to_tsvector('simple') of
 * them: the same value; the server sorts them and merges a word's
 * places). */
void st_text_vector(struct ct_buf *v, const char *words);
int st_text_update(st_db *db, long long id);
/* The same from t and its history ev in memory (a new ticket, an import):
 * no read of the store. */
int st_text_put(st_db *db, long long id, const struct ct_ticket *t, const struct ct_event *ev,
		size_t nev);
int st_text_range(st_db *db, long long lo, long long hi);
int st_text_fill(st_db *db);
/* Inside one long write transaction (a streamed import): st_text_put_later
 * is st_text_put with the words kept aside on SQLite, indexed together by
 * st_text_later_end before the commit (st_text_later_begin after BEGIN).
 * On PostgreSQL the words go in at once and begin and end do nothing. */
int st_text_later_begin(st_db *db);
int st_text_put_later(st_db *db, long long id, const struct ct_ticket *t,
		      const struct ct_event *ev, size_t nev);
/* The searched text of t with its history's comments, as st_text_put
 * writes it (a new string: any thread may make it), and the put of such a
 * text (later: kept aside as st_text_put_later's). */
char *st_text_of(const struct ct_ticket *t, const struct ct_event *ev, size_t nev, int engine);
int st_text_put_text(st_db *db, long long id, const char *text, int later);
int st_text_later_end(st_db *db);
/* st_text_update with the words kept aside the same way (a ticket filed
 * again in a group): FTS5 writes its pending words out at every savepoint
 * of a transaction in which its table was written, each filing of a group
 * being one, so a word written at once cost a segment per filing. */
int st_text_update_later(st_db *db, long long id);
/* Forgets the words kept aside for ticket id (it is rewritten at once). */
int st_text_drop_later(st_db *db, long long id);

#endif
