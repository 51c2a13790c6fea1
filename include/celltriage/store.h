/*
 * store.h — the shared ticket store: one SQLite file in WAL mode.
 *
 * Several processes (field laptops syncing, NOC consoles, batch jobs) file
 * into the same store at once. Every write is one BEGIN IMMEDIATE
 * transaction, retried while another writer holds the lock (busy timeout
 * plus a bounded retry loop), committed with synchronous=FULL: a ticket
 * whose id has been returned is on disk, whatever happens to the process
 * afterwards. The schema is versioned with PRAGMA user_version and migrated
 * forward when a command that writes opens it (never backward: a store
 * newer than the program is refused). A new store file is created readable by its owner only (0600).
 * The tickets table's columns are the field table's (ticket.h ct_fields[]).
 *
 * Filing is idempotent by complaint id: a complaint id already in the store
 * updates that ticket (rev + 1) instead of making a second one.
 *
 * Errors follow util.h: 0 or a negative CT_E* code with a one-line message
 * starting with the store's path ("tickets.db: database or disk is full").
 */
#ifndef CELLTRIAGE_STORE_H
#define CELLTRIAGE_STORE_H

#include <stddef.h>

#include "celltriage/ticket.h"
#include "celltriage/util.h"

/* The schema version this program writes (PRAGMA user_version). */
#define CT_STORE_SCHEMA 18
/* PRAGMA application_id of a celltriage store ("CTRG"): set when a store
 * is made, and when one written before it was set (schema 1 .. 4,
 * application_id 0, our tables) is next opened by a command that writes. */
#define CT_STORE_APPLICATION_ID 0x43545247

/*
 * Outcomes of the NOC workflow beyond util.h's: the CLI maps them,
 * like every code but CT_EUSAGE, onto exit status 2. Kept apart from util.h's
 * small numbers so other modules can grow theirs.
 */
enum {
	CT_ESTATE = -16,    /* the ticket's state forbids the move (illegal move, missing reply field) */
	CT_ECONFLICT = -17, /* the ticket changed since it was read (rev differs); re-read and retry */
	CT_EAUTH = -18,     /* a password or token that does not match a user */
	CT_EREGROUP = -19   /* a group's filing needs what another writer holds: commit the
			       group, then file it again (it is the next group's first) */
};

struct ct_store;
struct ct_deadlines;

/*
 * Where the store is: opt (--store) when not NULL, else $CELLTRIAGE_STORE,
 * else $XDG_DATA_HOME/celltriage/tickets.db, else
 * $HOME/.local/share/celltriage/tickets.db. Returns a string the caller
 * frees, or NULL with err set when none can be found (no HOME).
 */
char *ct_store_default_path(const char *opt, struct ct_err *err);

/* How a command opens the store. */
enum ct_store_mode {
	CT_STORE_EXISTING = 0,  /* writes; refuses a missing file ("tickets.db: no such store") */
	CT_STORE_CREATE = 1,    /* writes; makes the file (0600) and missing parent
				 * directories (0700) whatever the path */
	CT_STORE_READONLY = 2   /* only reads: never writes the file, nor leaves a -wal or
				 * -shm behind (the connection is query_only) */
};

/*
 * Opens the store at path in mode. A file that is not a celltriage store
 * (another application_id, or other tables) is refused before anything is
 * written: "tickets.db: not a celltriage store (another program's database:
 * application_id 0, user_version 0)". A writing mode switches the store to
 * WAL, migrates it to CT_STORE_SCHEMA and initialises an empty (zero-byte)
 * file, which gets mode 0600. CT_STORE_READONLY does none of that: an empty
 * file reads as a store without tickets (the file is left empty), and a
 * store of an older schema is refused with a line saying that a command
 * that writes migrates it.
 */
int ct_store_open(const char *path, int mode, struct ct_store **s,
		  struct ct_err *err);
void ct_store_close(struct ct_store *s);
/*
 * Closes s after a command that failed. A SQLite store whose file the open
 * made (there was none, or an empty one) and that still holds no ticket is
 * put back as it was, removed or emptied: a refused import leaves no store
 * behind. Any other store is closed as by ct_store_close.
 */
void ct_store_close_failed(struct ct_store *s);
/* The schema version found on open, before migration (0 = new file). */
int ct_store_found_version(const struct ct_store *s);

/*
 * Files t (t->id is ignored). On success *id is the ticket id and *updated
 * is 1 when a ticket with the same complaint id existed and was updated
 * (its id, filed_at and status are kept; everything else is replaced, rev
 * + 1), 0 when a new ticket was made. One transaction; a failure leaves the
 * store as it was.
 * Times: a new ticket's filed_at is t->filed_at, or now when 0; updated_at
 * is t->updated_at, or (0) the filed_at of a new ticket / now for an update.
 * No status (CT_STATUS_NONE) is the first status, a NULL kind "ordinary".
 * Each call appends a
 * "filed" or "updated" event to the ticket's history (table ticket_event).
 */
int ct_store_file(struct ct_store *s, const struct ct_ticket *t,
		  long long *id, int *updated, struct ct_err *err);

/*
 * Filing with lookups: what the layer above reads from the store to add to
 * the ticket (knowledge, a hot cell, its batch) runs inside the filing's
 * write transaction, so no other writer comes between a lookup and the
 * write of what it found. before runs after the write lock is taken and
 * may change t; after runs once t is written as ticket id. Both may call
 * this store's functions on s (reads see the transaction, writes join it);
 * a non-zero return (a CT_E* code with err set) rolls everything back and
 * is returned. Either may be NULL. The lock is waited for as by every
 * write; once it is held the hooks run once (no retry).
 */
struct ct_file_hooks {
	int (*before)(struct ct_store *s, struct ct_ticket *t, void *arg, struct ct_err *err);
	int (*after)(struct ct_store *s, const struct ct_ticket *t, long long id, void *arg,
		     struct ct_err *err);
	void *arg;
};
int ct_store_file_hooked(struct ct_store *s, struct ct_ticket *t, const struct ct_file_hooks *h,
			 long long *id, int *updated, struct ct_err *err);

/*
 * Group commit: from ct_store_group_begin to ct_store_group_commit the
 * filings of ct_store_file_hooked share one write transaction, each in a
 * savepoint of its own (a filing that fails is undone alone, the others
 * stay), and are made durable together by one commit: one flush to disk
 * for the group instead of one per filing. The write lock is held from
 * begin to commit, so a group is kept short. Nothing filed in a group is
 * durable, nor may it be reported as filed, before ct_store_group_commit
 * returns 0; when it fails none of the group is in the store.
 * ct_store_group_abort rolls an open group back (nothing of it stays).
 */
int ct_store_group_begin(struct ct_store *s, struct ct_err *err);
int ct_store_group_commit(struct ct_store *s, struct ct_err *err);
void ct_store_group_abort(struct ct_store *s);
int ct_store_in_group(const struct ct_store *s);

/* Filters for ct_store_list: NULL / 0 (CT_STATUS_NONE) = any. */
struct ct_ticket_filter {
	enum ct_status status;
	const char *cause, *cell;
	int grade;
	const char *kind;          /* CT_KIND_*, NULL: any */
	long long from, to;        /* received (else filed) in [from, to); to 0: any time */
	int brief;                 /* read without the stored documents, but for the
				    * complaint's channel ({"channel": ...}) */
	unsigned long long fields; /* with brief, the fields read (ct_field_bits; the
				    * id always), the others left empty (NULL, 0):
				    * a read that shows a few columns; 0: all */
	int no_deadlines;          /* each ticket's deadlines left out (ndeadlines
				    * 0): the queue's text shows only the due stage
				    * and time, the month's figures take a stage's
				    * limit from the profile */
	/* Exact values (NULL: any): the handling department and person, the
	 * subscriber, the complaint id. */
	const char *department, *person, *msisdn, *imsi, *complaint;
	/* Sets (0: any): the statuses (bit CT_STATUS_*) and grades (bit
	 * grade) a ticket may have, e.g. the statuses one TMF621 status
	 * stands for. */
	unsigned statuses, grades;
	/* A page of the matching tickets, in id order: limit 0 is all. */
	long long offset, limit;
	/* Free text (schema 8): every word found in the ticket's complaint id,
	 * MSISDN, IMSI, cell, cause, description or comments (words as
	 * ct_store_search_words counts them; a search of none finds nothing). */
	const char *search;
	/* Filed within [filed_from, filed_to), and the running stage due (the
	 * queue's index: open tickets) within [due_from, due_to); 0: open. */
	long long filed_from, filed_to, due_from, due_to;
};

/*
 * The words a search has: each run of ASCII letters and digits, of other
 * letters, and each CJK character is a part, and a search word (between
 * spaces) matches as a phrase of its parts, in order. 0 when the search
 * has nothing to look for (only punctuation).
 */
int ct_store_search_words(const char *search);

/*
 * Calls fn for each ticket matching f, by id, one at a time: memory does not
 * grow with the store. t is the store's, filled like ct_store_list's, and
 * freed after the call (fn may change it, or take members it sets to NULL).
 * fn may read the store (ct_store_history ...) but not write it. A non-zero
 * return from fn stops the walk and is returned (fn sets err). The walk is
 * one read snapshot.
 */
typedef int (*ct_ticket_fn)(struct ct_ticket *t, void *arg, struct ct_err *err);
int ct_store_each(struct ct_store *s, const struct ct_ticket_filter *f, ct_ticket_fn fn,
		  void *arg, struct ct_err *err);

/*
 * ct_store_each with each ticket's history (as ct_store_history gives it,
 * in order; ev NULL when none), read in the same walk: a listing or an
 * export costs three statements whatever the number of tickets. fn may
 * change ev (e.g. mask it) but not keep it.
 */
typedef int (*ct_history_fn)(struct ct_ticket *t, struct ct_event *ev, size_t nev,
			     void *arg, struct ct_err *err);
int ct_store_each_history(struct ct_store *s, const struct ct_ticket_filter *f,
			  ct_history_fn fn, void *arg, struct ct_err *err);

/*
 * One snapshot across several reads (e.g. two walks of ct_store_each, one
 * to measure and one to print): every read between begin and end sees the
 * store as at the first of them. Writes are not allowed in between.
 */
int ct_store_read_begin(struct ct_store *s, struct ct_err *err);
void ct_store_read_end(struct ct_store *s);

/* The id of the last change in the store's history (0: none): every
 * change of a ticket adds one, so a reader that saw the same id has seen
 * the same tickets (the desk's queue answers from it). */
int ct_store_last_change(struct ct_store *s, long long *id, struct ct_err *err);

/* How many tickets match f (its offset and limit aside; NULL: every
 * ticket), from the indexes where f's terms have one. */
int ct_store_count(struct ct_store *s, const struct ct_ticket_filter *f, long long *n,
		   struct ct_err *err);

/*
 * Tickets matching f, ordered by id, all in memory (ct_store_each walks them
 * without). *out is an array the caller frees with
 * ct_tickets_free(out, n). Every member is filled (tags and deadlines too).
 */
int ct_store_list(struct ct_store *s, const struct ct_ticket_filter *f,
		  struct ct_ticket **out, size_t *n, struct ct_err *err);

/* One ticket by id; CT_ENOTFOUND ("ticket 42 not found") when absent. */
int ct_store_get(struct ct_store *s, long long id, struct ct_ticket *out,
		 struct ct_err *err);

/*
 * The NOC's queue as an index (schema 5): each open ticket's running stage
 * due first and its due time are columns of the ticket, recomputed in the
 * transaction of every change that can move a stage clock (filing,
 * refiling, each move, import) from the ticket's row and history with the
 * ticket module's stage clocks (ticket.h ct_ticket_stages, ct_ticket_due).
 * Deadlines depend on the profile: the columns hold what the profile in
 * force at the write (the one given here) says, and the store records
 * which limits those were.
 *
 * ct_store_set_deadlines gives the store the profile's deadlines (d is
 * copied). A command that writes calls it after opening: tickets the
 * columns do not answer for (imported, migrated from schema 4, written
 * without deadlines) are computed then, and all open tickets are when the
 * limits differ from the ones recorded (one transaction). Writes made
 * without it leave the ticket's columns "not computed".
 *
 * ct_store_due answers from the index: the tickets matching f whose running
 * stage falls due within [from, to] (epoch seconds), each with its due time
 * and stage (a static name), ordered by due time then id; *v, *due, *stage
 * are arrays of *n the caller frees (ct_tickets_free, free, free). The
 * tickets come without their stored documents (complaint_json and
 * verdict_json NULL: a queue does not show them). It
 * returns 1 and reads nothing when the index cannot answer for the
 * deadlines given to ct_store_set_deadlines (none given, other limits
 * recorded, or a ticket not computed): the caller then computes the
 * stages from the histories.
 */
int ct_store_set_deadlines(struct ct_store *s, const struct ct_deadlines *d, struct ct_err *err);
int ct_store_due(struct ct_store *s, const struct ct_ticket_filter *f, long long from, long long to,
		 struct ct_ticket **v, size_t *n, long long **due, const char ***stage,
		 struct ct_err *err);
/*
 * The first max (at least 1) of those tickets in the NOC's queue order
 * (grade 1 first, then the earliest due, then id: noc.h ct_queue_due's),
 * and in *total how many match in all: a page of the queue costs its
 * page, not the whole queue. Returns as ct_store_due does (1: the index
 * cannot answer).
 */
int ct_store_due_first(struct ct_store *s, const struct ct_ticket_filter *f, long long from,
		       long long to, size_t max, struct ct_ticket **v, size_t *n, long long **due,
		       const char ***stage, long long *total, struct ct_err *err);

/* ---------------------------------------------------------------------
 * The NOC workflow: lifecycle moves (ticket.h CT_MOVES), the audit trail,
 * batches.
 *
 * A move is checked against the ticket as read, then written only if the
 * ticket's rev is still the one read (optimistic check): a ticket changed
 * meanwhile is re-read and the move checked again against the fresh state,
 * never written over it.
 */

/* One change asked for. Strings may be NULL (not given). */
struct ct_move {
	enum ct_action_id action;
	const char *who;         /* NULL: $USER */
	long long at;            /* when (epoch seconds) */
	int clock;               /* at is the clock's reading, not a time given */
	const char *department, *person;
	const char *reply_cause, *result, *satisfaction;
	long long time_taken_s;  /* 0 = not given */
	int invalid;             /* close: judged invalid (needs evidence) */
	const char *evidence;
	const char *note;        /* free text kept in the event */
};

/* What a move did. */
struct ct_move_result {
	int from_rev, to_rev;
	enum ct_status from, to;
	int conflicts;           /* lost races re-read and retried */
};

/*
 * Which of the mandatory reply fields (complaint handling and assessment
 * standard: the reply template) t still lacks
 * once m's fields are added: "cause, result, satisfaction, department,
 * person, time taken" in that order, ", "-separated, into buf ("" when none
 * is missing). time taken counts as present when given or when the history
 * has a reply (has_reply) to compute it from.
 */
void ct_close_missing(const struct ct_ticket *t, const struct ct_move *m, int has_reply,
		      char *buf, size_t n);

/*
 * Applies m to ticket id. expect_rev > 0: one attempt, written only when the
 * ticket's rev is still expect_rev, else CT_ECONFLICT ("ticket 5 changed
 * since it was read (rev 3, now 4)") and nothing written. expect_rev = 0:
 * reads the ticket, checks, writes with that rev, and on a conflict re-reads
 * and checks again (bounded; r->conflicts counts the retries). An illegal
 * move is CT_ESTATE with "ticket 5 is closed: handle is not allowed (allowed:
 * reopen)"; a close without the mandatory fields is CT_ESTATE naming each
 * missing field. A move dated before the ticket's last change is CT_ESTATE
 * ("ticket 5: 2026-11-20T08:00:00Z is before its last change at
 * 2026-11-20T09:00:00Z"), unless m->clock: then it is dated at that change.
 * The status change, the new fields, rev + 1 and the
 * ticket_event row (who, when, action, detail, the new rev and status) are
 * one transaction. r may be NULL.
 */
int ct_store_move(struct ct_store *s, long long id, int expect_rev, const struct ct_move *m,
		  struct ct_move_result *r, struct ct_err *err);

/*
 * A comment on ticket id: an event "comment" with detail {"text": text}
 * by who (NULL: $USER) at at, that changes no status. It is a change of
 * the ticket all the same (its notes): rev + 1 and updated_at = at, so
 * an If-Match / --rev taken before it is stale; the searched text takes
 * the comment's words. expect_rev, at and clock as for ct_store_move (a
 * time before the last change is refused, or with clock taken as it).
 * text is 1 .. CT_COMMENT_MAX bytes of UTF-8 with something besides
 * spaces (CT_EINPUT otherwise). r (may be NULL) gets the revs and the
 * status (from = to).
 */
#define CT_COMMENT_MAX 16384
int ct_store_comment(struct ct_store *s, long long id, int expect_rev, const char *who,
		     long long at, int clock, const char *text, struct ct_move_result *r,
		     struct ct_err *err);

/*
 * Escalation (src/store/escalate.c): every open ticket whose running stage
 * (the queue's index: ct_store_set_deadlines first) is due at or before
 * now + before_s gets an event "escalation" with detail {"stage", "due",
 * "level"}: level "near" while the due time is after now, "overdue" once
 * it is not. Each ticket, stage run (its due time) and level is raised
 * once: the table escalation records it in the same write transaction, so
 * two processes scanning at once raise it once between them. An
 * escalation is no change of the ticket (ticket.h ct_event_is_change): no
 * rev, updated_at kept; it is dated now, or the ticket's last event when
 * that is later. *v (free with free()) lists what was raised, by due time;
 * stage is a static name. CT_ESTATE when no deadlines were given.
 */
struct ct_escalation {
	long long ticket, due, at;
	const char *stage;
	int overdue;
};
int ct_store_escalate(struct ct_store *s, long long now, long long before_s, const char *who,
		      struct ct_escalation **v, size_t *n, struct ct_err *err);

/* The history of ticket id in order (time, then rev); the caller frees with
 * ct_events_free(v, n). CT_ENOTFOUND when the ticket does not exist. */
int ct_store_history(struct ct_store *s, long long id, struct ct_event **v, size_t *n,
		     struct ct_err *err);

/*
 * Repeat detection at filing (a repeat complaint, complaint handling and
 * assessment standard): with a window > 0 (seconds), a new
 * ticket whose msisdn (else imsi) and phenomenon match a ticket received
 * within the window before it is filed with kind "repeat" (an appeal stays
 * "appeal") and repeat_of = the most recent such ticket. 0 (the default)
 * turns it off.
 */
void ct_store_set_repeat_window(struct ct_store *s, long long seconds);

/*
 * Batches: one cause, many tickets. create makes an empty batch (CT_ESTATE
 * when the id exists); add puts tickets in it (kind "batch" unless appeal,
 * one event each; CT_ENOTFOUND for a missing batch or ticket, nothing
 * changed then). ct_store_batch_tickets lists the ids in it.
 */
int ct_store_batch_create(struct ct_store *s, const char *batch, const char *cause,
			  const char *who, long long at, struct ct_err *err);
int ct_store_batch_add(struct ct_store *s, const char *batch, const long long *ids, size_t n,
		       const char *who, long long at, struct ct_err *err);
struct ct_batch {
	char *id, *cause, *who;
	long long created_at;
	long long *tickets;
	size_t ntickets;
};
int ct_store_batch_get(struct ct_store *s, const char *batch, struct ct_batch *out,
		       struct ct_err *err);
void ct_batch_free(struct ct_batch *b);


/*
 * Import (ticket import): puts t with its own id (t->id > 0) and its history
 * exactly as given, or CT_ESTATE when that id or complaint id is already in
 * the store. One transaction.
 */
int ct_store_import(struct ct_store *s, const struct ct_ticket *t, const struct ct_event *ev,
		    size_t nev, struct ct_err *err);

/*
 * A streamed import, ticket by ticket in one write transaction: begin
 * takes the write lock (waiting as every write does), add checks and puts
 * one ticket as ct_store_import does (CT_EINPUT for a ticket filing would
 * not make, CT_ESTATE when its id or complaint id is in the store), commit
 * makes them all visible at once, abort drops them all (also after a failed
 * add or commit; harmless when nothing is in progress). Memory does not
 * grow with the number of tickets. Other writers wait for the commit.
 *
 * where (NULL: nothing) names the ticket in a refusal's message, first
 * ("t.json:12: ticket 2 (complaint C2) is already in the store"). On
 * PostgreSQL the tickets go to the server without waiting for each one's
 * answer (a round trip per CT_STORE_IMPORT_AHEAD tickets, not two per
 * ticket): a ticket found in the store is refused by a later add or by
 * the commit, with its own where, and the import must then be aborted. On
 * SQLite the add refuses it, and the import may go on without it.
 */
#define CT_STORE_IMPORT_AHEAD 1024
struct ct_import_ready;
int ct_store_import_begin(struct ct_store *s, struct ct_err *err);
int ct_store_import_add(struct ct_store *s, const struct ct_ticket *t, const struct ct_event *ev,
			size_t nev, const struct ct_import_ready *ready, const char *where,
			struct ct_err *err);
/*
 * What the store makes of a ticket before writing it and can make without
 * it (the documents packed as it keeps them, the complaint's channel, the
 * searched words), made by any thread while another writes through s:
 * given to ct_store_import_add with its ticket (NULL: made there, in the
 * writing thread), which writes the same rows either way. Free with
 * ct_store_import_ready_free (NULL does nothing).
 */
struct ct_import_ready *ct_store_import_ready(const struct ct_store *s, const struct ct_ticket *t,
					      const struct ct_event *ev, size_t nev);
void ct_store_import_ready_free(struct ct_import_ready *r);
int ct_store_import_commit(struct ct_store *s, struct ct_err *err);
void ct_store_import_abort(struct ct_store *s);

/*
 * Copies the whole of store from into store to (ticket migrate): every
 * ticket with its id, history, tags and deadlines, the batches, knowledge,
 * customer profiles and the desk's users with their tokens, row for row, SQLite to PostgreSQL or back. One
 * transaction on to (all or nothing) reading one snapshot of from; to must
 * hold nothing yet (CT_ESTATE otherwise: a copy never merges). progress,
 * when not NULL, is told every 10,000 tickets. *ntickets: tickets copied.
 */
typedef void (*ct_copy_progress_fn)(const char *table, size_t rows, void *arg);
int ct_store_copy(struct ct_store *from, struct ct_store *to, long long *ntickets,
		  ct_copy_progress_fn progress, void *arg, struct ct_err *err);

/* ---------------------------------------------------------------------
 * What the NOC's monitoring keeps (src/store/monitor.c, schema 4): the
 * tickets of a time range, knowledge of planned work, customer profiles.
 * The analyses on them are noc.h's.
 */

/*
 * The tickets received (else filed) within [from, to], with only id,
 * complaint, cell, cause, received_at, filed_at and batch filled: what the
 * hotspot test needs, read through the time indexes of schema 4, in id
 * order. Free with ct_tickets_free.
 */
int ct_store_between(struct ct_store *s, long long from, long long to,
		     struct ct_ticket **v, size_t *n, struct ct_err *err);
/*
 * The hotspot test's figures for one cell without reading its tickets: in
 * *all how many of cell's tickets were received (else filed) within
 * [from, to], in *recent how many of those at or after split. The ticket of
 * complaint except is not counted (NULL: every ticket is).
 */
int ct_store_cell_counts(struct ct_store *s, const char *cell, long long from, long long split,
			 long long to, const char *except, long long *all, long long *recent,
			 struct ct_err *err);

/* Knowledge of planned outages and site adjustments. A ticket it explains
 * carries the tag CT_KNOWN_TAG followed by the entry's id. */
#define CT_KNOWN_TAG "known:"
struct ct_knowledge {
	long long id;
	char *cell, *area;          /* exactly one is set */
	long long from, to, restore;
	char *what, *who;
	long long created_at;
	long long linked;           /* tickets tagged known:<id> (list only) */
};
/* Adds k (id, created_at ignored: now; linked ignored) and links the
 * tickets already in the store that it covers (tag known:<id>, the action
 * line, an event "known" in each history, rev + 1). *id is the new id,
 * *nlinked how many were linked. One transaction. */
int ct_knowledge_add(struct ct_store *s, const struct ct_knowledge *k, long long now,
		     long long *id, size_t *nlinked, struct ct_err *err);
/* Every entry, by id, with its linked count. Free with ct_knowledge_free. */
int ct_knowledge_list(struct ct_store *s, struct ct_knowledge **v, size_t *n,
		      struct ct_err *err);
/* The entries covering cell at time at (from <= at <= to), by id. */
int ct_knowledge_match(struct ct_store *s, const char *cell, long long at,
		       struct ct_knowledge **v, size_t *n, struct ct_err *err);
void ct_knowledge_free(struct ct_knowledge *v, size_t n);
/* What a filing asks of its cell, in one round trip to a server: the
 * entries covering cell at time at (ct_knowledge_match), and the counts
 * of ct_store_cell_counts for [from, to], split and except. */
int ct_store_cell_lookups(struct ct_store *s, const char *cell, long long at, long long from,
			  long long split, long long to, const char *except,
			  struct ct_knowledge **v, size_t *n, long long *all, long long *recent,
			  struct ct_err *err);
/* The action line a linked ticket carries: "Known planned work #3 on ...". */
void ct_knowledge_action(struct ct_buf *b, const struct ct_knowledge *k);

/* A customer profile: what was learnt about a subscriber. */
struct ct_customer {
	char *msisdn;
	int known;                 /* a profile row exists */
	int sensitive, repeat;     /* as recorded */
	char *contact, *notes, *who;
	long long updated_at;
	/* Derived from the store. */
	long long complaints;      /* tickets from this msisdn */
	long long recent;          /* ... received within the repeat window before now */
	long long repeats;         /* ... of kind repeat */
	long long last_ticket;     /* the latest ticket id, 0 = none */
	int repeat_complainer;     /* recorded, or repeats > 0, or recent >= 2 */
};
/* A change: -1 leaves a flag as it is; NULL leaves a text. note is
 * appended to the notes as "YYYY-MM-DD who: note". */
struct ct_customer_set {
	int sensitive, repeat;
	const char *contact, *note, *who;
};
int ct_customer_set(struct ct_store *s, const char *msisdn, const struct ct_customer_set *u,
		    long long now, struct ct_err *err);
/* The profile and the derived figures (window_s: the repeat window).
 * Always fills out (known = 0 when no row); free with ct_customer_free. */
int ct_customer_get(struct ct_store *s, const char *msisdn, long long now, long long window_s,
		    struct ct_customer *out, struct ct_err *err);
/* What a filing asks once its ticket is written, in one round trip to a
 * server: whether batch (NULL: none asked) is in the store (*found), and
 * msisdn's profile as ct_customer_get gives it (NULL: none; c is zeroed).
 * Free c with ct_customer_free. */
int ct_store_batch_customer(struct ct_store *s, const char *batch, const char *msisdn,
			    long long now, long long window_s, int *found, struct ct_customer *c,
			    struct ct_err *err);
void ct_customer_free(struct ct_customer *c);
/* 1 when there is something to show (a row, or any derived flag). */
int ct_customer_worth_showing(const struct ct_customer *c);

/* ---------------------------------------------------------------------
 * The desk's users (src/store/users.c, schema 6): who may read and change
 * tickets through `celltriage serve`. A password is kept as an argon2id
 * hash (libsodium crypto_pwhash_str, interactive limits), an API token as
 * the SHA-256 of its text: the token itself is shown once, when made.
 */
enum ct_role {
	CT_ROLE_NONE = 0,
	CT_ROLE_VIEWER,     /* reads tickets */
	CT_ROLE_OPERATOR,   /* ... files and moves them */
	CT_ROLE_ADMIN       /* ... everything */
};
/* "viewer", "operator", "admin" (NULL for CT_ROLE_NONE); CT_ROLE_NONE for
 * another name. */
const char *ct_role_name(enum ct_role r);
enum ct_role ct_role_from_name(const char *name);

struct ct_user {
	char *name;
	enum ct_role role;
	long long created_at;
	long long tokens;       /* API tokens issued (ct_user_list only) */
};
/* Frees the members (not u). */
void ct_user_free(struct ct_user *u);
/* Frees n users and the array. */
void ct_users_free(struct ct_user *v, size_t n);

/* A name is 1 .. 64 of [A-Za-z0-9._@-] (it goes into history lines and
 * log lines as it is): CT_EUSAGE otherwise. A password is 8 .. 4096 bytes. */
#define CT_USER_NAME_MAX 64
#define CT_PASSWORD_MIN 8
#define CT_PASSWORD_MAX 4096
/* Adds user name (CT_ESTATE "user ann exists" when it does). */
int ct_user_add(struct ct_store *s, const char *name, enum ct_role role, const char *password,
		long long now, struct ct_err *err);
/* A new password; CT_ENOTFOUND when there is no such user. */
int ct_user_passwd(struct ct_store *s, const char *name, const char *password,
		   struct ct_err *err);
/* Removes the user and its tokens; CT_ENOTFOUND when there is none. */
int ct_user_remove(struct ct_store *s, const char *name, struct ct_err *err);
/* Every user by name; free with ct_users_free. */
int ct_user_list(struct ct_store *s, struct ct_user **v, size_t *n, struct ct_err *err);
/* A new API token for user name: "ct_" and 64 hex digits of 32 random
 * bytes, into tok (CT_TOKEN_LEN + 1 bytes). Only its hash is stored. */
#define CT_TOKEN_LEN 67
int ct_user_token_add(struct ct_store *s, const char *name, long long now, char *tok,
		      struct ct_err *err);
/* The user whose password or token this is, into *out (free with
 * ct_user_free): CT_EAUTH ("wrong user name or password", "unknown
 * token") when none is. */
int ct_user_check_password(struct ct_store *s, const char *name, const char *password,
			   struct ct_user *out, struct ct_err *err);
int ct_user_check_token(struct ct_store *s, const char *token, struct ct_user *out,
			struct ct_err *err);
/*
 * Console sessions: a random token ("cs_" and 64 hex digits, CT_TOKEN_LEN
 * like an API token's) that the browser keeps in a cookie. Kept as a row
 * of the users' tokens (its hash marked as a session's), so removing the
 * user ends its sessions; a session token is never taken as an API token
 * nor the other way round, and `user list` does not count sessions.
 * ct_session_add makes one for user name at now into tok (CT_TOKEN_LEN +
 * 1 bytes; CT_ENOTFOUND when there is no such user), removing the user's
 * sessions older than lifetime seconds. ct_session_check gives the user of
 * a session made less than lifetime seconds before now (CT_EAUTH "the
 * session has ended: sign in again" otherwise, "no such session" for a
 * token not of the form). ct_session_remove ends one (signing out; 0 when
 * there was none).
 */
int ct_session_add(struct ct_store *s, const char *name, long long now, long long lifetime,
		   char *tok, struct ct_err *err);
int ct_session_check(struct ct_store *s, const char *tok, long long now, long long lifetime,
		     struct ct_user *out, struct ct_err *err);
int ct_session_remove(struct ct_store *s, const char *tok, struct ct_err *err);

/* Who the history names for the filings made through s (ct_store_file,
 * ct_store_file_hooked): the signed-in user; NULL (the default) is $USER.
 * who is the caller's and must outlive the filings. Moves name their own
 * (struct ct_move who). */
void ct_store_set_who(struct ct_store *s, const char *who);

/* ---------------------------------------------------------------------
 * The desk's notification subscriptions (src/store/hub.c, schema 6): a
 * callback URL told of the tickets' changes. The audit trail (ticket_event)
 * is the outbox: a change and its event are one transaction, and each
 * subscription reads the trail from its cursor, the last event id it was
 * given, which moves only once the callback has taken the event. Nothing
 * is lost across a restart; an event may be given twice (at least once).
 */
struct ct_hub {
	long long id;
	char *callback, *query, *owner;
	long long created_at;
	long long cursor;         /* the last ticket_event id delivered */
	long long attempts;       /* failed deliveries in a row */
	long long next_at;        /* not before (epoch seconds) */
	char *last_error;
};
void ct_hub_free(struct ct_hub *h);
void ct_hubs_free(struct ct_hub *v, size_t n);
/* A subscription from now on (the cursor at the last event so far);
 * *id its id. */
int ct_hub_add(struct ct_store *s, const char *callback, const char *query, const char *owner,
	       long long now, long long *id, struct ct_err *err);
/* CT_ENOTFOUND ("subscription 3 not found") when there is none. */
int ct_hub_get(struct ct_store *s, long long id, struct ct_hub *out, struct ct_err *err);
int ct_hub_remove(struct ct_store *s, long long id, struct ct_err *err);
/* Every subscription whose next_at <= now, by id; ct_hubs_free. */
int ct_hub_due(struct ct_store *s, long long now, struct ct_hub **v, size_t *n,
	       struct ct_err *err);
/* Up to max events after cursor, in order: *ev (ct_events_free) with
 * their ids in *ids (free). */
int ct_hub_events(struct ct_store *s, long long cursor, size_t max, struct ct_event **ev,
		  long long **ids, size_t *n, struct ct_err *err);
/* Delivered up to event cursor: attempts back to 0. */
int ct_hub_delivered(struct ct_store *s, long long id, long long cursor, struct ct_err *err);
/* A failed delivery: attempts + 1, not again before next_at, why kept. */
int ct_hub_failed(struct ct_store *s, long long id, long long next_at, const char *why,
		  struct ct_err *err);

/*
 * Creates the first schema version (user_version 1) in an empty database
 * file: used by the migration test to build a store as the first release
 * wrote it.
 */
int ct_store_create_v1(const char *path, struct ct_err *err);
/* The same for any older schema version (1 .. CT_STORE_SCHEMA - 1). */
int ct_store_create_version(const char *path, int version, struct ct_err *err);

#endif
