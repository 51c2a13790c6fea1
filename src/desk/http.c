/*
 * http.c — `celltriage serve`'s server (desk.h): libmicrohttpd with a
 * thread per connection (each request opens its own store handle; a
 * handle is never shared between threads), TLS through its GnuTLS support
 * when a certificate is given, the API token check, one log line per
 * request:
 *
 *   2026-12-02T06:00:00Z ann PATCH /tmf-api/troubleTicket/v4/troubleTicket/3 200 12ms
 *
 * (time, user or "-", method, path, status, milliseconds), and the error
 * bodies of TMF630 (the TM Forum API guidelines): {"code", "reason",
 * "message", "status"}.
 *
 * Routes: /openapi.json (anonymous), /session (signing in, session.c),
 * the console's pages and files (/, /console/: console.c, the sign-in
 * page for the anonymous), and the TroubleTicket resource (tmf.c), the
 * hub (hub.c) and the console's reads (/desk/v1, console.c) for a user
 * signed in with "Authorization: Bearer TOKEN" or a session cookie (whose
 * changes carry the session's X-CSRF-Token). A
 * connection keeps one store handle for all its requests (keep-alive), in
 * its own thread.
 *
 * Every answer says Content-Security-Policy: default-src 'self' (no
 * script, style or image from elsewhere, no inline script: the console's
 * are files of its own), may not be framed by another site, and is not
 * kept in caches (tickets are personal data).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "celltriage/report.h"
#include "internal.h"

#define COLLECTION "/tmf-api/troubleTicket/v4/troubleTicket"
#define HUB "/tmf-api/troubleTicket/v4/hub"
#define DESK_API "/desk/v1"
#define CSP "default-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
/* Connections at once, each a thread with its own store handle (and, on
 * PostgreSQL, its own server connection: under max_connections' 100). */
#define CONNECTIONS_MAX 64u

/* The HTTP reason phrases the desk answers with. */
static const struct ct_name reasons[] = {
	{ 200, "OK" }, { 201, "Created" }, { 204, "No Content" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" }, { 409, "Conflict" },
	{ 412, "Precondition Failed" }, { 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Entity" }, { 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
	{ 0, NULL }
};

long long
desk_path_id(const struct desk_req *q, const char *rest, struct desk_resp *r)
{
	long long id;
	char *end;

	errno = 0;
	id = strtoll(rest + 1, &end, 10);
	if (rest[0] != '/' || errno || end == rest + 1 || *end || id <= 0) {
		desk_error(r, 404, "%s: no such resource", q->path);
		return 0;
	}
	return id;
}

void
desk_error(struct desk_resp *r, int status, const char *fmt, ...)
{
	struct ct_buf msg = CT_BUF_INIT;
	const char *reason = ct_name_of(reasons, status);
	char code[16];
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	snprintf(code, sizeof(code), "%d", status);
	json_decref(r->json);
	r->status = status;
	r->json = json_pack("{s:s, s:s, s:o, s:s}", "code", code, "reason",
			    reason ? reason : "Error", "message", ct_json_str(ct_buf_str(&msg)),
			    "status", code);
	ct_buf_free(&msg);
}

int
desk_content_type_is(const struct desk_req *q, const char *type)
{
	const char *ct = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Content-Type");
	size_t n = strlen(type);

	return ct && !strncasecmp(ct, type, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

int
desk_sign_in_failed(int rc, const struct ct_err *err, struct desk_resp *r)
{
	desk_error(r, rc == CT_EAUTH ? 401 : 503, "%s", err->msg);
	return -1;
}

struct ct_store *
desk_store(const struct desk_req *q, struct desk_resp *r)
{
	struct ct_err err;

	if (!*q->store && ct_store_open(q->cfg->store, CT_STORE_EXISTING, q->store, &err) != 0) {
		*q->store = NULL;
		desk_error(r, 503, "%s", err.msg);
		return NULL;
	}
	/* Whoever filed through this handle before: the filing names its own. */
	ct_store_set_who(*q->store, NULL);
	return *q->store;
}

/* A connection's store handle, made on its first request (desk_store). */
static void
connection_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		  enum MHD_ConnectionNotificationCode toe)
{
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = ct_xcalloc(1, sizeof(struct ct_store *));
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		struct ct_store **st = *socket_context;

		ct_store_close(*st);
		free(st);
		*socket_context = NULL;
	}
}

/* ---------------------------------------------------------------------
 * Signing in
 */

/* The user of the request's bearer token, else of its session cookie
 * (session.c: a change needs the CSRF token), into q->user; 0, or an
 * error answer (401, 403) and -1. */
static int
sign_in(struct desk_req *q, struct desk_resp *r)
{
	const char *h = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Authorization");
	const char *cookie = desk_session_cookie(q);
	struct ct_store *st;
	struct ct_err err;
	int rc;

	if (!h && cookie)
		return desk_session_sign_in(q, cookie, r);
	if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
		desk_error(r, 401, "sign in: Authorization: Bearer TOKEN ('celltriage user token')");
		return -1;
	}
	h += 7;
	while (*h == ' ')
		h++;
	if (!(st = desk_store(q, r)))
		return -1;
	rc = ct_user_check_token(st, h, &q->user, &err);
	return rc ? desk_sign_in_failed(rc, &err, r) : 0;
}

/* ---------------------------------------------------------------------
 * Requests
 */

/* What a connection's request gathers while its body arrives. */
struct pending {
	struct ct_buf body;
	int too_big;
	struct timespec t0;
};

/* Whether path is prefix or below it. */
static int
under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(path, prefix, n) && (!path[n] || path[n] == '/');
}

static void
route(struct desk_req *q, struct desk_resp *r)
{
	size_t n = strlen(COLLECTION);

	if (!strcmp(q->path, "/openapi.json")) {
		if (strcmp(q->method, "GET")) {
			r->allow = "GET";
			desk_error(r, 405, "%s is not allowed on /openapi.json", q->method);
			return;
		}
		json_error_t je;

		r->status = 200;
		r->json = json_loads(ct_desk_openapi, 0, &je);
		if (!r->json)
			desk_error(r, 500, "openapi.json:%d: %s", je.line, je.text);
		return;
	}
	if (!strcmp(q->path, "/session")) {
		session_route(q, r);
		return;
	}
	if (!strcmp(q->path, "/") || !strncmp(q->path, "/console/", 9)) {
		console_page(q, r);
		return;
	}
	/* Nothing else is shown to the anonymous, not even what does not exist. */
	if (sign_in(q, r) != 0)
		return;
	if (under(q->path, HUB)) {
		hub_route(q, q->path + strlen(HUB), r);
		return;
	}
	if (under(q->path, DESK_API)) {
		console_api(q, q->path + strlen(DESK_API), r);
		return;
	}
	if (strncmp(q->path, COLLECTION, n) != 0 || (q->path[n] && q->path[n] != '/')) {
		desk_error(r, 404, "%s: no such resource", q->path);
		return;
	}
	tmf_route(q, q->path + n, r);
}

#define JSON_TYPE "application/json;charset=utf-8"

void
desk_json_to_text(struct desk_resp *r)
{
	char *text = json_dumps(r->json, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	size_t len = text ? strlen(text) : 0;

	text = ct_xrealloc(text, len + 2);
	text[len++] = '\n';
	text[len] = '\0';
	json_decref(r->json);
	r->json = NULL;
	free(r->text);
	r->text = text;
	r->ndata = len;
	r->type = JSON_TYPE;
}

/* Sends r (its text is handed over to libmicrohttpd). */
static enum MHD_Result
answer(struct MHD_Connection *conn, struct desk_resp *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;
	char num[32];

	if (r->json)
		desk_json_to_text(r);
	if (r->text)
		resp = MHD_create_response_from_buffer(r->ndata, r->text, MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(r->ndata, (void *)(r->data ? r->data : ""),
						       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;  /* r->text freed by the caller */
	r->text = NULL;  /* libmicrohttpd's now (or static data) */
	if (r->type)
		MHD_add_response_header(resp, "Content-Type", r->type);
	MHD_add_response_header(resp, "Content-Security-Policy", r->csp ? r->csp : CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->cookie);
	if (r->etag[0])
		MHD_add_response_header(resp, "ETag", r->etag);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->allow)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->status == 401 && r->type && !strcmp(r->type, JSON_TYPE))
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"celltriage\"");
	if (r->total >= 0) {
		snprintf(num, sizeof(num), "%lld", r->total);
		MHD_add_response_header(resp, "X-Total-Count", num);
		snprintf(num, sizeof(num), "%lld", r->result);
		MHD_add_response_header(resp, "X-Result-Count", num);
	}
	ok = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	const struct ct_desk_config *cfg = cls;
	struct pending *p = *con_cls;
	struct desk_req q;
	struct desk_resp r;
	struct timespec t1;
	struct ct_buf shown = CT_BUF_INIT;
	enum MHD_Result ok;
	char at[32];

	if (!p) {
		p = ct_xcalloc(1, sizeof(*p));
		clock_gettime(CLOCK_MONOTONIC, &p->t0);
		*con_cls = p;
		return MHD_YES;
	}
	if (*upload_size) {
		/* Past the cap the rest is read and dropped: the answer is a 400. */
		if (p->body.len + *upload_size > DESK_BODY_MAX)
			p->too_big = 1;
		else
			ct_buf_add(&p->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	r.total = -1;
	q.conn = conn;
	q.cfg = cfg;
	q.store = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT)->socket_context;
	q.method = method;
	q.path = url;
	q.body = ct_buf_str(&p->body);
	q.nbody = p->body.len;
	q.body_too_big = p->too_big;
	route(&q, &r);
	ok = answer(conn, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ct_fmt_time(at, sizeof(at), (long long)time(NULL));
	/* One fprintf: stdio locks the stream, so lines of threads never mix.
	 * The path as decoded may hold any byte: a control byte would forge a
	 * line. */
	for (size_t i = 0; url[i]; i++)
		ct_buf_putc(&shown, (unsigned char)url[i] < 0x20 || url[i] == 0x7f ? '?' : url[i]);
	fprintf(cfg->log, "%s %s %s %s %d %lldms\n", at, q.user.name ? q.user.name : "-", method,
		ct_buf_str(&shown), r.status,
		(long long)(t1.tv_sec - p->t0.tv_sec) * 1000 + (t1.tv_nsec - p->t0.tv_nsec) / 1000000);
	ct_buf_free(&shown);
	json_decref(r.json);
	free(r.text);
	ct_user_free(&q.user);
	return ok;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	  enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *con_cls;

	if (p) {
		ct_buf_free(&p->body);
		free(p);
		*con_cls = NULL;
	}
}

/* "HOST:PORT" or "[V6]:PORT" into *sa. */
static int
parse_listen(const char *s, struct sockaddr_storage *sa, struct ct_err *err)
{
	const char *colon = strrchr(s, ':');
	char host[64], *end;
	size_t n;
	long port;

	if (!colon)
		return ct_fail(err, CT_EUSAGE, "--listen: '%s' is not HOST:PORT", s);
	port = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end || port < 0 || port > 65535)
		return ct_fail(err, CT_EUSAGE, "--listen: '%s': the port is not 0 to 65535", s);
	n = (size_t)(colon - s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(host))
		return ct_fail(err, CT_EUSAGE, "--listen: '%s' is not HOST:PORT", s);
	memcpy(host, s, n);
	host[n] = '\0';
	memset(sa, 0, sizeof(*sa));
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)sa)->sin_addr) == 1) {
		((struct sockaddr_in *)sa)->sin_family = AF_INET;
		((struct sockaddr_in *)sa)->sin_port = htons((unsigned short)port);
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)sa)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)sa)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)sa)->sin6_port = htons((unsigned short)port);
	} else {
		return ct_fail(err, CT_EUSAGE, "--listen: '%s' is not an IP address", host);
	}
	return 0;
}

int
ct_desk_serve(const struct ct_desk_config *c, volatile sig_atomic_t *stop,
	      void (*ready)(int port, void *arg), void *arg, struct ct_err *err)
{
	struct sockaddr_storage sa;
	struct ct_store *st = NULL;
	struct MHD_Daemon *d;
	struct hub_deliverer hub;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			 MHD_USE_ERROR_LOG;
	int rc, port;

	if ((rc = parse_listen(c->listen, &sa, err)) != 0)
		return rc;
	{
		char why[300];

		if (desk_mhd_load(why, sizeof(why)) != 0)
			return ct_fail(err, CT_EINPUT, "%s: %s", c->listen, why);
	}
	/* Opened (and migrated) once, so that requests only read and write. */
	if ((rc = ct_store_open(c->store, CT_STORE_CREATE, &st, err)) != 0)
		return rc;
	ct_store_close(st);
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (c->cert_pem)
		flags |= MHD_USE_TLS;
	errno = 0;
	if (c->cert_pem)
		d = MHD_start_daemon(flags, 0, NULL, NULL, handle, (void *)c,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				     MHD_OPTION_NOTIFY_CONNECTION, connection_notify, NULL,
				     MHD_OPTION_CONNECTION_LIMIT, CONNECTIONS_MAX,
				     MHD_OPTION_CONNECTION_TIMEOUT, 60u,
				     MHD_OPTION_HTTPS_MEM_CERT, c->cert_pem,
				     MHD_OPTION_HTTPS_MEM_KEY, c->key_pem, MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, 0, NULL, NULL, handle, (void *)c,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
				     MHD_OPTION_NOTIFY_CONNECTION, connection_notify, NULL,
				     MHD_OPTION_CONNECTION_LIMIT, CONNECTIONS_MAX,
				     MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_END);
	if (!d)
		return ct_fail(err, CT_EINPUT, "%s: cannot listen: %s", c->listen,
			       errno ? strerror(errno) : "refused (TLS certificate or key?)");
	hub.cfg = c;
	hub.stop = stop;
	if (hub_start(&hub) != 0) {
		MHD_stop_daemon(d);
		return ct_fail(err, CT_EINPUT, "%s: cannot start the hub's thread", c->listen);
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? (int)info->port : 0;
	if (ready)
		ready(port, arg);
	while (!*stop)
		usleep(100 * 1000);
	/* Stops listening, then waits for every connection's thread, and for
	 * the delivery in progress. */
	MHD_stop_daemon(d);
	hub_join(&hub);
	return 0;
}
