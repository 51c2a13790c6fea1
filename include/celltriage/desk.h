/*
 * desk.h — the NOC's desk (src/desk/): `celltriage serve`, the TM Forum
 * TMF621 Trouble Ticket API (v4 resource model) over the ticket store,
 * for people and other systems signed in with an API token.
 *
 *   http.c   the server (libmicrohttpd, a thread per connection), routing,
 *            the token check, one log line per request, error bodies
 *   tmf.c    /tmf-api/troubleTicket/v4/troubleTicket: list, get, create,
 *            patch (status moves, notes), over store.h only
 *   hub.c    /hub subscriptions and the thread delivering their events,
 *            which also scans for escalations (store.h ct_store_escalate)
 *   file.c   a complaint diagnosed and filed, as `ticket file` does
 *   session.c the console's sign-in: session cookies, CSRF tokens
 *   console.c the console's files (src/desk/www/, built in) and its reads
 *            under /desk/v1 (queue, ticket page, hotspots, month report)
 *
 * A store handle is not shared between threads: each connection (a thread
 * of its own) opens one (ct_store_open) for its requests, so SQLite's and
 * PostgreSQL's own locking serialise the writers exactly as between
 * several CLI processes.
 *
 * Errors follow util.h: 0 or a negative CT_E* code with one line in err.
 */
#ifndef CELLTRIAGE_DESK_H
#define CELLTRIAGE_DESK_H

#include <signal.h>
#include <stdio.h>

#include <jansson.h>

#include "celltriage/complaint.h"
#include "celltriage/noc.h"
#include "celltriage/profile.h"
#include "celltriage/store.h"

struct ct_desk_config {
	const char *listen;             /* "127.0.0.1:8080", "[::1]:8080" */
	const char *store;              /* ct_store_open's path (a file or a conninfo) */
	const struct ct_profile *prof;  /* filing and the moves' deadlines */
	const char *cert_pem, *key_pem; /* TLS (the PEM texts); NULL: plain HTTP */
	FILE *log;                      /* one line per request (stderr) */
};

/*
 * Serves until *stop becomes non-zero (a signal handler sets it), then
 * stops taking connections, lets the requests and the delivery in progress
 * finish and returns 0. CT_EUSAGE for a listen address that does not parse,
 * CT_ESTORE when the store cannot be opened at start (it is opened once
 * then, and migrated, so requests never do it), CT_EINPUT when the socket
 * cannot be bound ("127.0.0.1:8080: cannot listen: Address already in use").
 * ready (may be NULL) is told the port bound (the one chosen for a listen
 * address with port 0) once the server takes connections.
 */
int ct_desk_serve(const struct ct_desk_config *c, volatile sig_atomic_t *stop,
		  void (*ready)(int port, void *arg), void *arg, struct ct_err *err);

/*
 * Diagnoses complaint c with profile p and files the ticket with what the
 * NOC's monitoring adds (noc.h ct_filing_file), as `ticket file` does:
 * *t is the ticket filed (ct_ticket_free it, also on failure), *fn the
 * filing's notes (ct_filing_notes_free, also on failure), *id its id and
 * *updated 1 when the complaint id was in the store already.
 */
int ct_desk_file(struct ct_store *st, const struct ct_profile *p, const struct ct_complaint *c,
		 long long now, struct ct_ticket *t, struct ct_filing_notes *fn, long long *id,
		 int *updated, struct ct_err *err);

/* The OpenAPI 3 description of what the server implements (JSON text). */
extern const char ct_desk_openapi[];
/* The console's files (src/desk/www/, made into C by tools/embed-www.sh):
 * name as under /console/, bytes, length; ends with a NULL name. */
struct ct_desk_asset {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct ct_desk_asset ct_desk_www[];

#endif
