/*
 * internal.h — what the desk's files share (private to src/desk/): a
 * request as the router hands it to a resource, and the answer it fills.
 */
#ifndef CELLTRIAGE_DESK_INTERNAL_H
#define CELLTRIAGE_DESK_INTERNAL_H

#include <pthread.h>
#include <stddef.h>

#include <microhttpd.h>

#include "celltriage/desk.h"

/* A request body is at most this (a complaint with its documents). */
#define DESK_BODY_MAX (1024 * 1024)

struct desk_req {
	struct MHD_Connection *conn;
	const struct ct_desk_config *cfg;
	struct ct_store **store;     /* the connection's handle (NULL until used) */
	const char *method, *path;
	const char *body;            /* NUL-terminated; "" when none */
	size_t nbody;
	int body_too_big;
	struct ct_user user;         /* signed in (name NULL: anonymous) */
};

/* The answer: status, a JSON body (owned; NULL none) and a few headers. */
struct desk_resp {
	int status;
	json_t *json;
	char etag[32], location[128];
	long long total, result;     /* X-Total-Count, X-Result-Count; -1: none */
	const char *allow;           /* for 405 */
};

/* A TMF error body {"code","reason","message","status"} (message printf-like). */
void desk_error(struct desk_resp *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The store: the connection's handle, opened by its first request and
 * closed with the connection (a connection's requests all run in its own
 * thread, so a handle is never used by two threads); NULL with an error
 * answer (503) when it cannot be opened. Not to be closed by the caller. */
struct ct_store *desk_store(const struct desk_req *q, struct desk_resp *r);
/* The id of a resource path's rest ("/17"): 1 .. LLONG_MAX, or 0 with a
 * 404 in r when rest is anything else. */
long long desk_path_id(const struct desk_req *q, const char *rest, struct desk_resp *r);

/* The TroubleTicket resource (tmf.c); path is what follows the collection's
 * path ("" or "/ID"). */
void tmf_route(const struct desk_req *q, const char *rest, struct desk_resp *r);

/* The hub (hub.c): its resource (rest follows ".../v4/hub"), and the
 * thread delivering its events until *stop (its own store handle). */
void hub_route(const struct desk_req *q, const char *rest, struct desk_resp *r);
struct hub_deliverer {
	const struct ct_desk_config *cfg;
	volatile sig_atomic_t *stop;
	pthread_t th;
};
int hub_start(struct hub_deliverer *d);
void hub_join(struct hub_deliverer *d);

#endif
