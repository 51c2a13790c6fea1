/*
 * store.h — the shared ticket store: one SQLite file in WAL mode.
 *
 * Several processes (field laptops syncing, NOC consoles, batch jobs) file
 * into the same store at once. Every write is one BEGIN IMMEDIATE
 * transaction, retried while another writer holds the lock (busy timeout
 * plus a bounded retry loop), committed with synchronous=FULL: a ticket
 * whose id has been returned is on disk, whatever happens to the process
 * afterwards. The schema is versioned with PRAGMA user_version and migrated
 * forward on open (never backward: a store newer than the program is
 * refused). A new store file is created readable by its owner only (0600).
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

#include "celltriage/util.h"

/* The schema version this program writes (PRAGMA user_version). */
#define CT_STORE_SCHEMA 2

struct ct_store;

/* A deadline of one stage (SPEC §3), as epoch seconds (UTC). */
struct ct_deadline {
	char *stage;        /* "register", "dispatch", "callback", "reply", ... */
	long long due;
};

/*
 * One ticket. Strings may be NULL when unknown. ct_ticket_free releases every
 * member (not the struct itself). complaint_json and verdict_json are whole
 * JSON documents stored verbatim: the complaint exactly as received (UTF-8
 * preserved) and the verdict of SPEC §6 with its path.
 */
struct ct_ticket {
	long long id;           /* assigned by the store */
	char *complaint;        /* the complaint's id; NULL = none (never deduplicated) */
	char *msisdn, *imsi;
	char *cell, *rat, *phenomenon;
	char *cause, *klass, *domain, *confidence;
	int grade;
	char *status;           /* "accepted" when filed */
	char *kind;             /* "ordinary" | "appeal" (issue 5 adds repeat, batch) */
	long long received_at;  /* 0 when the complaint did not say */
	long long filed_at, updated_at;
	int rev;                /* 1 when filed, +1 per update */
	char **tags;
	size_t ntags;
	struct ct_deadline *deadlines;
	size_t ndeadlines;
	char *complaint_json;
	char *verdict_json;
};

void ct_ticket_free(struct ct_ticket *t);

/*
 * Where the store is: opt (--store) when not NULL, else $CELLTRIAGE_STORE,
 * else $XDG_DATA_HOME/celltriage/tickets.db, else
 * $HOME/.local/share/celltriage/tickets.db. Returns a string the caller
 * frees, or NULL with err set when none can be found (no HOME).
 */
char *ct_store_default_path(const char *opt, struct ct_err *err);

/*
 * Opens (creating if needed, with missing parent directories for the default
 * location) and migrates the store at path. create = 0 refuses a missing
 * file (for read-only commands: "tickets.db: no such store"). With create =
 * 1 missing parent directories are made (mode 0700) whatever the path.
 */
int ct_store_open(const char *path, int create, struct ct_store **s,
		  struct ct_err *err);
void ct_store_close(struct ct_store *s);
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
 * A NULL status is "accepted", a NULL kind "ordinary". Each call appends a
 * "filed" or "updated" event to the ticket's history (table ticket_event).
 */
int ct_store_file(struct ct_store *s, const struct ct_ticket *t,
		  long long *id, int *updated, struct ct_err *err);

/* Filters for ct_store_list: NULL / 0 = any. */
struct ct_ticket_filter {
	const char *status, *cause, *cell;
	int grade;
};

/*
 * Tickets matching f, ordered by id. *out is an array the caller frees with
 * ct_tickets_free(out, n). Every member is filled (tags and deadlines too).
 */
int ct_store_list(struct ct_store *s, const struct ct_ticket_filter *f,
		  struct ct_ticket **out, size_t *n, struct ct_err *err);
void ct_tickets_free(struct ct_ticket *v, size_t n);

/* One ticket by id; CT_ENOTFOUND ("ticket 42 not found") when absent. */
int ct_store_get(struct ct_store *s, long long id, struct ct_ticket *out,
		 struct ct_err *err);

/*
 * Builds the ticket for a diagnosed complaint (src/store/build.c): identity,
 * verdict fields, tags, the complaint and verdict as JSON, and the stage
 * deadlines of SPEC §3 from the profile, counted from the complaint's
 * received_at (or from now when it has none): register (30 min for grade 1),
 * dispatch, handle, return and feedback in a chain, callback, reply (appeal
 * deadline for appeals), progress_report, revisit_from, revisit_to. filed_at
 * and updated_at are now. Free with ct_ticket_free().
 */
struct ct_complaint;
struct ct_verdict;
struct ct_profile;
void ct_ticket_build(const struct ct_complaint *c, const struct ct_verdict *v,
		     const struct ct_profile *p, long long now, struct ct_ticket *t);

/*
 * Creates the first schema version (user_version 1) in an empty database
 * file: used by the migration test to build a store as the first release
 * wrote it.
 */
int ct_store_create_v1(const char *path, struct ct_err *err);

#endif
