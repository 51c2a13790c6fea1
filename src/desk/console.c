/*
 * console.c — the NOC's console in the browser (desk.h): its files, and
 * the reads it makes beyond TMF621 under /desk/v1.
 *
 *   GET /                          the console (index.html) for a signed-in
 *                                  session; the sign-in page (401) otherwise
 *   GET /console/NAME              its files (src/desk/www/, built into the
 *                                  binary: no CDN, works offline); the
 *                                  sign-in page's own (signin.js, app.css)
 *                                  to the anonymous too
 *   GET /desk/v1/queue             the open tickets: overdue first, then by
 *                                  grade and time left (the queue's index)
 *   GET /desk/v1/ticket/ID         `ticket show --format json`'s object,
 *                                  with the moves allowed from its status
 *   GET /desk/v1/hotspots          the hot places now (`hotspots`)
 *   GET /desk/v1/report/month      the month's HTML report (?month=YYYY-MM,
 *                                  default this month)
 *
 * The moves and comments go through the TroubleTicket resource's PATCH
 * (tmf.c), which carries every field of `ticket MOVE`: one path for every
 * change, with the command line's rules and messages.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "celltriage/report.h"
#include "internal.h"

#define API "/desk/v1"
/* The queue shows at most this many tickets, the most urgent (the counts
 * are of all): a screenful or two, and its JSON is what the time goes on. */
#define QUEUE_MAX 100
/* Not yet overdue, due within this: every running stage (none is ten
 * years long). */
#define QUEUE_AHEAD_S (10LL * 366 * 86400)

/* The files' types, by the name's ending. */
static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html;charset=utf-8" },
	{ ".css", "text/css;charset=utf-8" },
	{ ".js", "text/javascript;charset=utf-8" },
	{ ".svg", "image/svg+xml" },
};

/* What the anonymous may load: the sign-in page and what it uses. */
static const char *const public_files[] = { "signin.html", "signin.js", "app.css" };

static const struct ct_desk_asset *
asset(const char *name)
{
	for (size_t i = 0; ct_desk_www[i].name; i++)
		if (!strcmp(ct_desk_www[i].name, name))
			return &ct_desk_www[i];
	return NULL;
}

static void
send_asset(const struct ct_desk_asset *a, int status, struct desk_resp *r)
{
	size_t n = strlen(a->name);

	r->status = status;
	r->data = a->data;
	r->ndata = a->len;
	r->type = "application/octet-stream";
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && !strcmp(a->name + n - e, types[i].ext))
			r->type = types[i].type;
	}
}

static int
public_file(const char *name)
{
	for (size_t i = 0; i < sizeof(public_files) / sizeof(public_files[0]); i++)
		if (!strcmp(public_files[i], name))
			return 1;
	return 0;
}

void
console_page(struct desk_req *q, struct desk_resp *r)
{
	const char *name = q->path[1] ? q->path + strlen("/console/") : "index.html";
	const struct ct_desk_asset *a = asset(name);
	const char *cookie;
	struct desk_resp quiet;

	if (strcmp(q->method, "GET") && strcmp(q->method, "HEAD")) {
		r->allow = "GET";
		desk_error(r, 405, "%s is not allowed on %s", q->method, q->path);
		return;
	}
	if (a && public_file(name)) {
		send_asset(a, 200, r);
		return;
	}
	/* Anyone else gets the sign-in page, 401, whatever was asked (even
	 * what does not exist). */
	memset(&quiet, 0, sizeof(quiet));
	cookie = desk_session_cookie(q);
	if (!cookie || desk_session_sign_in(q, cookie, &quiet) != 0) {
		json_decref(quiet.json);
		ct_user_free(&q->user);
		send_asset(asset("signin.html"), 401, r);
		return;
	}
	if (!a)
		desk_error(r, 404, "%s: no such resource", q->path);
	else
		send_asset(a, 200, r);
}

/* ---------------------------------------------------------------------
 * /desk/v1
 */

struct args {
	const char *allowed;  /* the one parameter taken (NULL: none) */
	const char *bad;      /* the first other one */
};

static enum MHD_Result
other_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct args *a = cls;

	if (a->allowed && !strcmp(key, a->allowed))
		return MHD_YES;
	a->bad = key;
	return MHD_NO;
}

/* 400 and 1 when the request has a query parameter other than allowed. */
static int
refuse_args(const struct desk_req *q, const char *allowed, struct desk_resp *r)
{
	struct args a = { allowed, NULL };

	MHD_get_connection_values(q->conn, MHD_GET_ARGUMENT_KIND, other_arg, &a);
	if (!a.bad)
		return 0;
	desk_error(r, 400, "query parameter '%s' is not implemented here", a.bad);
	return 1;
}

/*
 * The queue is the same for every console (it has no filter), and fifty
 * consoles refresh it every few seconds: one answer is kept and given
 * again while the store's last change and the second it was made in are
 * the same (a move, a filing or a comment makes the next request read the
 * store again; time left is counted in seconds). One request at a time
 * reads the store; while it does, the others are given the answer before
 * (its "now" says when it was read) instead of waiting: the next refresh
 * shows the change.
 */
static struct {
	pthread_mutex_t lock;
	int reading;     /* a request is reading the store */
	long long change, now;
	char *text;      /* the answer as sent (desk_json_to_text) */
	size_t len;
	const char *type;
} kept = { PTHREAD_MUTEX_INITIALIZER, 0, -1, 0, NULL, 0, NULL };

static void queue_read(const struct desk_req *q, struct ct_store *st, long long now,
		       struct desk_resp *r);

/* The kept answer into r (kept.lock held). */
static void
give_kept(struct desk_resp *r)
{
	r->status = 200;
	r->text = ct_xmalloc(kept.len);
	memcpy(r->text, kept.text, kept.len);
	r->ndata = kept.len;
	r->type = kept.type;
}

static void
queue(const struct desk_req *q, struct desk_resp *r)
{
	struct ct_store *st = desk_store(q, r);
	long long now = (long long)time(NULL), change;
	struct ct_err err;
	int own;

	if (!st)
		return;
	if (ct_store_last_change(st, &change, &err) != 0) {
		desk_error(r, 503, "%s", err.msg);
		return;
	}
	pthread_mutex_lock(&kept.lock);
	/* An answer read after this request's own look at the store is as
	 * fresh as one it would read. */
	if (kept.text && ((kept.change >= change && kept.now >= now) || kept.reading)) {
		give_kept(r);
		pthread_mutex_unlock(&kept.lock);
		return;
	}
	own = !kept.reading;
	kept.reading = 1;
	pthread_mutex_unlock(&kept.lock);
	queue_read(q, st, now, r);
	if (r->status == 200)
		desk_json_to_text(r);  /* kept as the text it is sent as: written once */
	pthread_mutex_lock(&kept.lock);
	if (r->status == 200 && (!kept.text || kept.change < change || kept.now < now)) {
		free(kept.text);
		kept.text = ct_xmalloc(r->ndata);
		memcpy(kept.text, r->text, r->ndata);
		kept.len = r->ndata;
		kept.type = r->type;
		kept.change = change;
		kept.now = now;
	}
	if (own)
		kept.reading = 0;
	pthread_mutex_unlock(&kept.lock);
}

/* The queue as the store has it at now. */
static void
queue_read(const struct desk_req *q, struct ct_store *st, long long now, struct desk_resp *r)
{
	const struct ct_deadlines *dl = &q->cfg->prof->dl;
	struct ct_ticket *v[2] = { NULL, NULL };
	struct ct_due *d[2] = { NULL, NULL };
	size_t nv[2] = { 0, 0 }, nd[2] = { 0, 0 };
	long long total[2] = { 0, 0 };
	struct ct_err err;
	struct ct_ticket_filter f;
	json_t *a;
	int rc;

	memset(&f, 0, sizeof(f));
	/* The overdue, then those not yet overdue; each by grade, then the
	 * least time left (noc.h ct_queue_due), from the store's index: a
	 * page of QUEUE_MAX read, the rest counted. */
	rc = ct_store_set_deadlines(st, dl, &err);
	if (!rc && !(rc = ct_store_read_begin(st, &err))) {
		rc = ct_queue_first(st, &f, dl, now, 1, -1, QUEUE_MAX, &v[0], &nv[0], &d[0], &nd[0],
				    &total[0], &err);
		/* A full page of the overdue: the others only counted (max 1). */
		if (!rc)
			rc = ct_queue_first(st, &f, dl, now, 0, QUEUE_AHEAD_S,
					    nd[0] < QUEUE_MAX ? QUEUE_MAX - nd[0] : 1, &v[1], &nv[1],
					    &d[1], &nd[1], &total[1], &err);
		ct_store_read_end(st);
	}
	if (rc) {
		desk_error(r, 503, "%s", err.msg);
	} else {
		json_t *later = ct_due_to_json(d[1], nd[0] < QUEUE_MAX ? nd[1] : 0);

		a = ct_due_to_json(d[0], nd[0]);
		json_array_extend(a, later);
		json_decref(later);
		r->status = 200;
		r->json = json_pack("{s:o, s:I, s:I, s:o}", "now", ct_json_time(now, 1), "overdue",
				    (json_int_t)total[0], "open", (json_int_t)(total[0] + total[1]),
				    "tickets", a);
	}
	for (int i = 0; i < 2; i++) {
		free(d[i]);
		ct_tickets_free(v[i], nv[i]);
	}
}

/* The moves allowed from status s: [{"action", "to"}] in the table's order. */
static json_t *
moves_from(enum ct_status s)
{
	size_t n;
	const struct ct_move_rule *m = ct_move_table(&n);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		if (m[i].from == s)
			json_array_append_new(a, json_pack("{s:s, s:s}", "action",
							   ct_action_name(m[i].action), "to",
							   ct_status_name(m[i].to)));
	return a;
}

static void
ticket(const struct desk_req *q, const char *rest, struct desk_resp *r)
{
	struct ct_store *st;
	struct ct_ticket t;
	struct ct_err err;
	long long id;
	json_t *j;
	int rc;

	if ((id = desk_path_id(q, rest, r)) == 0 || !(st = desk_store(q, r)))
		return;
	if ((rc = ct_store_get(st, id, &t, &err)) != 0) {
		desk_error(r, rc == CT_ENOTFOUND ? 404 : 503, "%s", err.msg);
		return;
	}
	rc = ct_ticket_show_json(st, &t, &q->cfg->prof->dl,
				 86400LL * q->cfg->prof->dl.repeat_window_days, (long long)time(NULL), 0,
				 &j, &err);
	if (rc) {
		desk_error(r, 503, "%s", err.msg);
	} else {
		json_object_set_new(j, "moves", moves_from(t.status));
		r->status = 200;
		r->json = j;
		snprintf(r->etag, sizeof(r->etag), "\"%d\"", t.rev);
	}
	ct_ticket_free(&t);
}

static void
hotspots(const struct desk_req *q, struct desk_resp *r)
{
	struct ct_store *st = desk_store(q, r);
	struct ct_hot_params hp;
	struct ct_ticket *v = NULL;
	struct ct_hotspot *h = NULL;
	size_t n = 0, nh = 0;
	struct ct_err err;

	if (!st)
		return;
	ct_hot_params_from_profile(q->cfg->prof, (long long)time(NULL), &hp);
	if (ct_store_between(st, hp.now - hp.window_s - hp.baseline_s, hp.now, &v, &n,
			     &err) != 0) {
		desk_error(r, 503, "%s", err.msg);
		return;
	}
	ct_hotspots_find(v, n, &hp, &h, &nh);
	r->status = 200;
	r->json = json_pack("{s:o, s:I, s:I, s:o}", "now", ct_json_time(hp.now, 1), "window_s",
			    (json_int_t)hp.window_s, "baseline_s", (json_int_t)hp.baseline_s,
			    "hotspots", ct_hotspots_to_json(h, nh));
	ct_hotspots_free(h, nh);
	ct_tickets_free(v, n);
}

static void
month_report(const struct desk_req *q, struct desk_resp *r)
{
	const char *arg = MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, "month");
	struct ct_store *st;
	struct ct_ticket_filter f;
	struct ct_month m;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_err err;
	long long from, to;
	int year, month;
	char now[32];

	if (!arg) {
		/* This month: the first 7 bytes of the time, "YYYY-MM". */
		ct_fmt_time(now, sizeof(now), (long long)time(NULL));
		now[7] = '\0';
		arg = now;
	}
	if (ct_month_parse(arg, &year, &month, &from, &to) != 0) {
		desk_error(r, 400, "month '%s' is not YYYY-MM", arg);
		return;
	}
	if (!(st = desk_store(q, r)))
		return;
	memset(&f, 0, sizeof(f));
	if (ct_month_from_store(st, &f, q->cfg->prof, year, month, 0, &m, &err) != 0) {
		desk_error(r, 503, "%s", err.msg);
		return;
	}
	ct_month_html(&b, &m);
	ct_month_free(&m);
	r->status = 200;
	r->type = "text/html;charset=utf-8";
	r->ndata = b.len;
	r->text = ct_buf_detach(&b);
	/* The report is one self-contained file with its own inline style (the
	 * file `ticket report --format html` writes): the style only, no
	 * script, and the console may show it in a frame. */
	r->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
		 "frame-ancestors 'self'";
}

void
console_api(const struct desk_req *q, const char *rest, struct desk_resp *r)
{
	static const struct {
		const char *path;
		void (*fn)(const struct desk_req *, struct desk_resp *);
		const char *arg;        /* the one query parameter it takes */
	} reads[] = {
		{ "/queue", queue, NULL },
		{ "/hotspots", hotspots, NULL },
		{ "/report/month", month_report, "month" },
	};

	if (strcmp(q->method, "GET")) {
		r->allow = "GET";
		desk_error(r, 405, "%s is not allowed on %s", q->method, q->path);
		return;
	}
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		if (!strcmp(rest, reads[i].path)) {
			if (!refuse_args(q, reads[i].arg, r))
				reads[i].fn(q, r);
			return;
		}
	}
	if (!strncmp(rest, "/ticket/", 8)) {
		if (!refuse_args(q, NULL, r))
			ticket(q, rest + 7, r);
		return;
	}
	desk_error(r, 404, "%s: no such resource", q->path);
}
