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
#include "mhd.h"

/* A request body is at most this (a complaint with its documents). */
#define DESK_BODY_MAX (1024 * 1024)
/* A console session lasts this long from its sign-in (a 12-hour shift). */
#define DESK_SESSION_S (12 * 3600)
/* The CSRF value's length: 64 hex digits (32 bytes of BLAKE2b). */
#define DESK_CSRF_LEN 64

struct desk_req {
	struct MHD_Connection *conn;
	const struct ct_desk_config *cfg;
	struct ct_store **store;     /* the connection's handle (NULL until used) */
	const char *method, *path;
	const char *body;            /* NUL-terminated; "" when none */
	size_t nbody;
	int body_too_big;
	struct ct_user user;         /* signed in (name NULL: anonymous) */
	const char *session;         /* the cookie's session token when it signed in */
	char csrf[DESK_CSRF_LEN + 1];/* ... and its CSRF value */
};

/* The answer: status, a JSON body (owned; NULL none) or another (text,
 * owned, or data, static: ndata bytes of type), and a few headers. */
struct desk_resp {
	int status;
	json_t *json;
	char *text;
	const char *data;
	size_t ndata;
	const char *type;
	const char *csp;             /* Content-Security-Policy; NULL: the desk's */
	char cookie[200];            /* Set-Cookie; "" none */
	char etag[32], location[128];
	long long total, result;     /* X-Total-Count, X-Result-Count; -1: none */
	const char *allow;           /* for 405 */
};

/* A TMF error body {"code","reason","message","status"} (message printf-like). */
void desk_error(struct desk_resp *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* r's JSON body as the text it is sent as (r->text, r->ndata, r->type;
 * r->json released): for an answer kept to be sent again. */
void desk_json_to_text(struct desk_resp *r);
/* Whether the request's Content-Type is type (its parameters aside). */
int desk_content_type_is(const struct desk_req *q, const char *type);
/* The answer to a failed sign-in check (ct_user_check_token,
 * ct_session_check): 401 for CT_EAUTH, else 503, with err's message;
 * returns -1. */
int desk_sign_in_failed(int rc, const struct ct_err *err, struct desk_resp *r);
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

/* The console's sign-in (session.c): /session; the session token of the
 * request's cookie (NULL: none); signing in with it (0, or -1 with a
 * 401, or 403 for a change without the CSRF token, in r), which fills
 * q->user, q->session and q->csrf; the CSRF value of a session token. */
void session_route(struct desk_req *q, struct desk_resp *r);
const char *desk_session_cookie(const struct desk_req *q);
int desk_session_sign_in(struct desk_req *q, const char *token, struct desk_resp *r);
void desk_csrf(const char *token, char out[DESK_CSRF_LEN + 1]);

/* The console (console.c): its pages and files (/, /console/NAME) and
 * its reads (rest follows "/desk/v1"). */
void console_page(struct desk_req *q, struct desk_resp *r);
void console_api(const struct desk_req *q, const char *rest, struct desk_resp *r);

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
