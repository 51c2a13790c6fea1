/*
 * hub.c — the desk's notifications (TMF621 v4 /hub, events after TMF688's
 * Event): subscriptions kept in the store (store.h ct_hub_*) and their
 * delivery.
 *
 *   POST   .../troubleTicket/v4/hub       {"callback": "http://...",
 *                                          "query": "eventType=A,B"}
 *   GET    .../troubleTicket/v4/hub/ID
 *   DELETE .../troubleTicket/v4/hub/ID
 *
 * The outbox is the ticket's audit trail: a change and its event are one
 * transaction. One thread walks every subscription from the last event its
 * callback took: an event is POSTed as
 *
 *   {"eventId": "<the event's id>", "eventTime": ..., "eventType":
 *    "TroubleTicketCreateEvent" | "TroubleTicketStateChangeEvent" |
 *    "TroubleTicketAttributeValueChangeEvent" | "TroubleTicketEscalationEvent",
 *    "event": {"troubleTicket": <the ticket as GET gives it now>,
 *              "detail": <the history event's detail object>}}
 *
 * The same thread scans for escalations (store.h ct_store_escalate) every
 * desk.escalation.scan_s seconds of the profile; they reach the
 * subscribers as the audit trail's other events do.
 *
 * and the subscription's cursor moves past it once the callback answers
 * 2xx; any other answer, or none within DELIVERY_TIMEOUT_S, is retried after
 * 1, 2, 4 ... up to BACKOFF_MAX_S seconds. A restart resumes from the
 * cursor in the store: each event is delivered at least once (twice when
 * the server stops between the callback's answer and the cursor's write;
 * eventId tells them apart).
 */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "celltriage/report.h"
#include "internal.h"

#define HUB_PATH "/tmf-api/troubleTicket/v4/hub"
#define CALLBACK_MAX 512
#define DELIVERY_TIMEOUT_S 5
#define BACKOFF_MAX_S 300
/* Events read per subscription per round. */
#define BATCH 50

/* The event types, one per kind of event of the audit trail; the last is
 * the project's own (TMF621 has none for a deadline). */
static const char *const event_types[] = {
	"TroubleTicketCreateEvent", "TroubleTicketStateChangeEvent",
	"TroubleTicketAttributeValueChangeEvent", "TroubleTicketEscalationEvent", NULL
};

static const char *
event_type(const struct ct_event *e)
{
	if (e->action && !strcmp(e->action, "filed"))
		return event_types[0];
	if (ct_action_from_name(e->action) != CT_ACTION_NONE)
		return event_types[1];
	if (e->action && !strcmp(e->action, CT_EVENT_ESCALATION))
		return event_types[3];
	/* A comment (note), a refiling, a batch, knowledge linked. */
	return event_types[2];
}

/* "http://HOST[:PORT][/PATH]" split; 0, or -1 for anything else. */
static int
split_url(const char *url, char *host, size_t nhost, char *port, size_t nport, const char **path)
{
	const char *h = url + 7, *end, *colon;
	size_t n;

	if (strncmp(url, "http://", 7) != 0)
		return -1;
	end = h + strcspn(h, "/?#");
	colon = memchr(h, ':', (size_t)(end - h));
	n = (size_t)((colon ? colon : end) - h);
	if (n == 0 || n >= nhost || memchr(h, '@', (size_t)(end - h)))
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	if (colon) {
		n = (size_t)(end - colon - 1);
		if (n == 0 || n >= nport || strspn(colon + 1, "0123456789") < n)
			return -1;
		memcpy(port, colon + 1, n);
		port[n] = '\0';
	} else {
		snprintf(port, nport, "80");
	}
	*path = *end == '/' ? end : "/";
	return *end == '#' ? -1 : 0;
}

/* Whether query ("" / NULL, or "eventType=A,B") is one the hub takes. */
static int
query_ok(const char *q)
{
	const char *p;

	if (!q || !*q)
		return 1;
	if (strncmp(q, "eventType=", 10) != 0 || !q[10])
		return 0;
	for (p = q + 10; *p;) {
		size_t n = strcspn(p, ",");
		int known = 0;

		for (size_t i = 0; event_types[i]; i++)
			known |= strlen(event_types[i]) == n && !strncmp(p, event_types[i], n);
		if (!known)
			return 0;
		p += n + (p[n] == ',');
	}
	return 1;
}

static int
query_wants(const char *q, const char *type)
{
	size_t n = strlen(type);

	if (!q || !*q)
		return 1;
	for (const char *p = q + 10; *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, type, n))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

static json_t *
hub_json(const struct ct_hub *h)
{
	char id[32];

	json_t *o;

	snprintf(id, sizeof(id), "%lld", h->id);
	o = json_pack("{s:s, s:s}", "id", id, "callback", h->callback);
	if (h->query)
		json_object_set_new(o, "query", json_string(h->query));
	return o;
}

/* ---------------------------------------------------------------------
 * The resource
 */

static void
hub_create(const struct desk_req *q, struct desk_resp *r)
{
	char host[128], port[8];
	const char *path, *k, *cb = NULL, *query = NULL;
	struct ct_store *st;
	struct ct_hub h;
	struct ct_err err;
	json_error_t je;
	json_t *o, *v;
	long long id;

	if (q->user.role < CT_ROLE_OPERATOR) {
		desk_error(r, 403, "user %s (%s) cannot subscribe", q->user.name,
			   ct_role_name(q->user.role));
		return;
	}
	if (q->body_too_big) {
		desk_error(r, 400, "the body is over %d bytes", DESK_BODY_MAX);
		return;
	}
	if (!q->nbody) {
		desk_error(r, 400, "no body: a JSON object is expected");
		return;
	}
	if (!(o = json_loadb(q->body, q->nbody, JSON_REJECT_DUPLICATES, &je)) || !json_is_object(o)) {
		desk_error(r, 400, "body:%d:%d: %s", je.line, je.column,
			   o ? "a JSON object is expected" : je.text);
		json_decref(o);
		return;
	}
	json_object_foreach(o, k, v) {
		if (strcmp(k, "callback") && strcmp(k, "query")) {
			desk_error(r, 400, "body: '%s' is not callback or query", k);
			json_decref(o);
			return;
		}
		if (!json_is_string(v)) {
			desk_error(r, 400, "body: %s: a string is expected", k);
			json_decref(o);
			return;
		}
	}
	cb = json_string_value(json_object_get(o, "callback"));
	query = json_string_value(json_object_get(o, "query"));
	if (!cb || strlen(cb) > CALLBACK_MAX ||
	    split_url(cb, host, sizeof(host), port, sizeof(port), &path) != 0)
		desk_error(r, 400, "body: callback: an http://HOST[:PORT]/PATH URL is expected");
	else if (!query_ok(query))
		desk_error(r, 400, "body: query '%s' is not eventType=TYPE[,TYPE] (%s, %s, %s)",
			   query, event_types[0], event_types[1], event_types[2]);
	else if ((st = desk_store(q, r)) != NULL) {
		if (ct_hub_add(st, cb, query && *query ? query : NULL, q->user.name,
			       (long long)time(NULL), &id, &err) != 0 ||
		    ct_hub_get(st, id, &h, &err) != 0) {
			desk_error(r, 503, "%s", err.msg);
		} else {
			r->status = 201;
			r->json = hub_json(&h);
			snprintf(r->location, sizeof(r->location), HUB_PATH "/%lld", id);
			ct_hub_free(&h);
		}
	}
	json_decref(o);
}

void
hub_route(const struct desk_req *q, const char *rest, struct desk_resp *r)
{
	struct ct_store *st;
	struct ct_hub h;
	struct ct_err err;
	long long id;
	int rc;

	if (!*rest) {
		if (!strcmp(q->method, "POST")) {
			hub_create(q, r);
		} else {
			r->allow = "POST";
			desk_error(r, 405, "%s is not allowed on the hub", q->method);
		}
		return;
	}
	if ((id = desk_path_id(q, rest, r)) == 0)
		return;
	if (strcmp(q->method, "GET") && strcmp(q->method, "DELETE")) {
		r->allow = "GET, DELETE";
		desk_error(r, 405, "%s is not allowed on a subscription", q->method);
		return;
	}
	if (!strcmp(q->method, "DELETE") && q->user.role < CT_ROLE_OPERATOR) {
		desk_error(r, 403, "user %s (%s) cannot unsubscribe", q->user.name,
			   ct_role_name(q->user.role));
		return;
	}
	if (!(st = desk_store(q, r)))
		return;
	if (!strcmp(q->method, "DELETE")) {
		rc = ct_hub_remove(st, id, &err);
		if (!rc)
			r->status = 204;
	} else {
		rc = ct_hub_get(st, id, &h, &err);
		if (!rc) {
			r->status = 200;
			r->json = hub_json(&h);
			ct_hub_free(&h);
		}
	}
	if (rc)
		desk_error(r, rc == CT_ENOTFOUND ? 404 : 503, "%s", err.msg);
}

/* ---------------------------------------------------------------------
 * Delivery
 */

/* POSTs body to url; 0 on a 2xx answer, else -1 with why. */
static int
post(const char *url, const char *body, char *why, size_t nwhy)
{
	char host[128], port[8], line[64];
	const char *path;
	struct addrinfo hints, *ai = NULL;
	struct timeval tv = { DELIVERY_TIMEOUT_S, 0 };
	struct ct_buf req = CT_BUF_INIT;
	size_t off = 0, got = 0;
	int fd = -1, rc = -1, status = 0;
	ssize_t k;

	if (split_url(url, host, sizeof(host), port, sizeof(port), &path) != 0) {
		snprintf(why, nwhy, "not an http:// URL");
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((k = getaddrinfo(host, port, &hints, &ai)) != 0) {
		snprintf(why, nwhy, "%s: %s", host, gai_strerror((int)k));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
	    connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		snprintf(why, nwhy, "%s:%s: %s", host, port, strerror(errno));
		goto out;
	}
	ct_buf_printf(&req, "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
		      "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", path, host, port,
		      strlen(body), body);
	while (off < req.len) {
		k = send(fd, ct_buf_str(&req) + off, req.len - off, MSG_NOSIGNAL);
		if (k <= 0) {
			snprintf(why, nwhy, "%s:%s: %s", host, port, k < 0 ? strerror(errno) : "closed");
			goto out;
		}
		off += (size_t)k;
	}
	/* The status line is all we need: "HTTP/1.1 204 ...". */
	while (got + 1 < sizeof(line) && (k = recv(fd, line + got, sizeof(line) - 1 - got, 0)) > 0)
		got += (size_t)k;
	line[got] = '\0';
	if (sscanf(line, "HTTP/1.%*d %d", &status) != 1) {
		snprintf(why, nwhy, "%s:%s: no HTTP answer", host, port);
		goto out;
	}
	if (status < 200 || status > 299) {
		snprintf(why, nwhy, "%s:%s: status %d", host, port, status);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	ct_buf_free(&req);
	return rc;
}

static char *
event_body(struct ct_store *st, long long eid, const struct ct_event *e)
{
	struct ct_ticket t;
	struct ct_event *ev = NULL;
	size_t nev = 0;
	struct ct_err err;
	char id[32], href[96];
	json_t *o, *tt;
	char *s;

	if (ct_store_get(st, e->ticket, &t, &err) != 0)
		return NULL;
	if (ct_store_history(st, e->ticket, &ev, &nev, &err) != 0) {
		ct_ticket_free(&t);
		return NULL;
	}
	tt = ct_ticket_to_tmf621(&t, ev, nev);
	snprintf(href, sizeof(href), "/tmf-api/troubleTicket/v4/troubleTicket/%lld", t.id);
	json_object_set_new(tt, "href", json_string(href));
	snprintf(id, sizeof(id), "%lld", eid);
	o = json_pack("{s:s, s:o, s:s, s:{s:o}}", "eventId", id, "eventTime", ct_json_time(e->at, 0),
		      "eventType", event_type(e), "event", "troubleTicket", tt);
	/* What the event was, in the history's words (an escalation's stage,
	 * due time and level; a comment's text ...). */
	json_object_set_new(json_object_get(o, "event"), "detail", ct_event_detail_json(e->detail));
	/* TMF688's fieldPath: what attribute changed, for a note added. */
	if (e->action && !strcmp(e->action, CT_EVENT_COMMENT))
		json_object_set_new(o, "fieldPath", json_string("note"));
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	ct_events_free(ev, nev);
	ct_ticket_free(&t);
	return s;
}

/* One subscription's due events, in order, until one fails. */
static void
deliver(struct ct_store *st, const struct ct_hub *h, FILE *log)
{
	struct ct_event *ev;
	long long *ids;
	struct ct_err err;
	char why[512];
	size_t n;

	if (ct_hub_events(st, h->cursor, BATCH, &ev, &ids, &n, &err) != 0) {
		fprintf(log, "celltriage serve: hub %lld: %s\n", h->id, err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *body = NULL;
		int ok = 1;

		if (query_wants(h->query, event_type(&ev[i]))) {
			body = event_body(st, ids[i], &ev[i]);
			ok = body && post(h->callback, body, why, sizeof(why)) == 0;
			if (!body)
				snprintf(why, sizeof(why), "ticket %lld cannot be read", ev[i].ticket);
		}
		free(body);
		if (!ok) {
			long long wait = 1LL << (h->attempts < 9 ? h->attempts : 9);

			if (wait > BACKOFF_MAX_S)
				wait = BACKOFF_MAX_S;
			fprintf(log, "celltriage serve: hub %lld: event %lld: %s (retry in %llds)\n",
				h->id, ids[i], why, wait);
			ct_hub_failed(st, h->id, (long long)time(NULL) + wait, why, &err);
			break;
		}
		if (ct_hub_delivered(st, h->id, ids[i], &err) != 0)
			break; /* removed meanwhile */
	}
	ct_events_free(ev, n);
	free(ids);
}

/* The escalation scan (store.h ct_store_escalate) through the queue's
 * index: what it raises goes out with the other events. */
static void
escalate(struct ct_store *st, const struct ct_profile *prof, FILE *log)
{
	struct ct_escalation *v = NULL;
	struct ct_err err;
	size_t n = 0;
	char due[40];

	if (ct_store_set_deadlines(st, &prof->dl, &err) != 0 ||
	    ct_store_escalate(st, (long long)time(NULL), prof->desk.esc_before_s, "celltriage serve",
			      &v, &n, &err) != 0) {
		fprintf(log, "celltriage serve: escalation: %s\n", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		ct_fmt_time(due, sizeof(due), v[i].due);
		fprintf(log, "celltriage serve: escalation: ticket %lld: %s due %s %s\n", v[i].ticket,
			v[i].stage, due, v[i].overdue ? "overdue" : "near");
	}
	free(v);
}

static void *
deliver_loop(void *arg)
{
	struct hub_deliverer *d = arg;
	struct ct_store *st = NULL;
	struct ct_err err;
	long long scanned = 0;

	while (!*d->stop) {
		struct ct_hub *v = NULL;
		size_t n = 0;
		long long now = (long long)time(NULL);

		if (!st && ct_store_open(d->cfg->store, CT_STORE_EXISTING, &st, &err) != 0) {
			fprintf(d->cfg->log, "celltriage serve: hub: %s\n", err.msg);
			st = NULL;
		}
		/* Escalations every scan_s (the profile's desk.escalation). */
		if (st && now - scanned >= d->cfg->prof->desk.esc_scan_s) {
			escalate(st, d->cfg->prof, d->cfg->log);
			scanned = now;
		}
		if (st && ct_hub_due(st, (long long)time(NULL), &v, &n, &err) == 0)
			for (size_t i = 0; i < n && !*d->stop; i++)
				deliver(st, &v[i], d->cfg->log);
		ct_hubs_free(v, n);
		/* A round every 0.5 s: a change reaches its subscribers within a second. */
		for (int i = 0; i < 5 && !*d->stop; i++)
			usleep(100 * 1000);
	}
	ct_store_close(st);
	return NULL;
}

int
hub_start(struct hub_deliverer *d)
{
	return pthread_create(&d->th, NULL, deliver_loop, d) == 0 ? 0 : -1;
}

void
hub_join(struct hub_deliverer *d)
{
	pthread_join(d->th, NULL);
}
