/*
 * tmf.c — the TroubleTicket resource of TM Forum's Trouble Ticket
 * Management API (TMF621 v4.0.0) over the ticket store (desk.h).
 *
 *   GET    .../troubleTicket            the tickets, by id; filters status,
 *                                       severity, grade, cell, cause,
 *                                       department, person, the related
 *                                       party (msisdn, imsi), externalId,
 *                                       q (free text), creationDate and
 *                                       expectedResolutionDate .gt ... .lte;
 *                                       fields=, offset=, limit=
 *   GET    .../troubleTicket/ID         one ticket; ETag: its rev
 *   POST   .../troubleTicket            a complaint (our complaint JSON, or
 *                                       a TroubleTicket_Create carrying it
 *                                       as the complaintDocument
 *                                       characteristic): diagnosed and filed
 *   PATCH  .../troubleTicket/ID         application/merge-patch+json: a
 *                                       status move (If-Match: the rev),
 *                                       and/or notes to add (comments)
 *
 * A ticket is written as `ticket export --format tmf621` writes it
 * (report.h ct_ticket_to_tmf621) with href added. Every query parameter
 * is one this file implements or the request is refused with 400 naming
 * it: a filter is never silently ignored.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "celltriage/report.h"
#include "celltriage/verdict.h"
#include "internal.h"

#define COLLECTION "/tmf-api/troubleTicket/v4/troubleTicket"
/* A page is at most this many tickets (limit's default too). */
#define PAGE_MAX 1000

/* ---------------------------------------------------------------------
 * GET list
 */

struct listq {
	const struct ct_profile *prof;  /* the departments */
	struct ct_ticket_filter f;
	char *fields;                /* comma-separated attributes; NULL: all */
	long long offset, limit;
	const char *bad;             /* the first parameter refused, and why */
	char why[1024];
};

static int
parse_count(const char *v, long long max, long long *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < 0 || n > max)
		return -1;
	*out = n;
	return 0;
}

/*
 * TMF630 date filters: creationDate (when the ticket was filed, the
 * resource's creationDate) and expectedResolutionDate (when its running
 * stage falls due: the queue's index, open tickets only) with .gt, .gte,
 * .lt, .lte and an ISO 8601 time. 1 when key is one of them (l->why set
 * when its value is refused), 0 otherwise. Both bounds are kept as the
 * filter's half-open [from, to).
 */
static int
date_filter(struct listq *l, const char *key, const char *v)
{
	static const struct {
		const char *name;
		size_t from, to;
	} attrs[] = {
		{ "creationDate", offsetof(struct ct_ticket_filter, filed_from),
		  offsetof(struct ct_ticket_filter, filed_to) },
		{ "expectedResolutionDate", offsetof(struct ct_ticket_filter, due_from),
		  offsetof(struct ct_ticket_filter, due_to) },
	};
	static const char *const ops[] = { "gt", "gte", "lt", "lte" };
	const char *dot = strchr(key, '.');
	long long t;

	for (size_t i = 0; dot && i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if (strlen(attrs[i].name) != (size_t)(dot - key) ||
		    strncmp(key, attrs[i].name, (size_t)(dot - key)) != 0)
			continue;
		for (size_t k = 0; k < 4; k++) {
			long long *from = (long long *)((char *)&l->f + attrs[i].from);
			long long *to = (long long *)((char *)&l->f + attrs[i].to);

			if (strcmp(dot + 1, ops[k]) != 0)
				continue;
			if (ct_parse_time(v, &t) || t < 0 || t >= CT_TIME_MAX) {
				snprintf(l->why, sizeof(l->why), "%s: '%s' is not an ISO 8601 time "
					 "(2026-11-20T00:00:00Z)", key, v);
				return 1;
			}
			/* gt t: from t + 1; gte t: from t; lt t: to t; lte t: to t + 1 (a
			 * bound of 0 is none: the epoch itself is kept as 1). */
			t += k == 0 || k == 3;
			*(k < 2 ? from : to) = t < 1 ? 1 : t;
			return 1;
		}
		snprintf(l->why, sizeof(l->why), "%s: the operator is not gt, gte, lt or lte", key);
		return 1;
	}
	return 0;
}

static enum MHD_Result
list_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct listq *l = cls;
	const char *v = value ? value : "";
	char *end;

	if (l->bad)
		return MHD_NO;
	if (!strcmp(key, "status")) {
		l->f.status = ct_status_from_name(v);
		/* A TMF621 status: the set of ours it stands for. */
		for (int k = CT_STATUS_FIRST; l->f.status == CT_STATUS_NONE && k < CT_STATUS_END; k++)
			if (!strcmp(ct_status_tmf((enum ct_status)k), v))
				l->f.statuses |= 1u << k;
		if (l->f.status == CT_STATUS_NONE && !l->f.statuses)
			snprintf(l->why, sizeof(l->why), "status '%s' is not a ticket status", v);
	} else if (!strcmp(key, "severity")) {
		/* The grades shown as that severity. */
		for (int g = CT_GRADE_FIRST; g <= CT_GRADE_LAST; g++)
			if (!strcmp(ct_grade_tmf_severity(g), v))
				l->f.grades |= 1u << g;
		if (!l->f.grades)
			snprintf(l->why, sizeof(l->why), "severity '%s' is not Critical, Major or Minor",
				 v);
	} else if (!strcmp(key, "grade")) {
		l->f.grade = (int)strtol(v, &end, 10);
		if (*end || end == v || l->f.grade < CT_GRADE_FIRST || l->f.grade > CT_GRADE_LAST)
			snprintf(l->why, sizeof(l->why), "grade '%s' is not a grade (%d to %d)", v,
				 CT_GRADE_FIRST, CT_GRADE_LAST);
	} else if (!strcmp(key, "cell")) {
		l->f.cell = v;
	} else if (!strcmp(key, "cause")) {
		if (!ct_cause_valid(v))
			snprintf(l->why, sizeof(l->why), "cause '%s' is not a cause code", v);
		l->f.cause = v;
	} else if (!strcmp(key, "department")) {
		const struct ct_department *d = ct_profile_department(l->prof, v);
		char ids[256];

		if (!d) {
			ct_profile_department_ids(l->prof, ids, sizeof(ids));
			snprintf(l->why, sizeof(l->why), "department '%s' is not a department of the "
				 "profile (%s)", v, ids);
		}
		l->f.department = d ? d->id : NULL;
	} else if (!strcmp(key, "person")) {
		l->f.person = v;
	} else if (!strcmp(key, "msisdn") || !strcmp(key, "relatedParty.id")) {
		/* The customer party's id is the MSISDN (ct_fields[]). */
		l->f.msisdn = v;
	} else if (!strcmp(key, "imsi")) {
		l->f.imsi = v;
	} else if (!strcmp(key, "externalId")) {
		l->f.complaint = v;
	} else if (!strcmp(key, "q")) {
		if (!ct_store_search_words(v))
			snprintf(l->why, sizeof(l->why), "q '%s' has no word to search for", v);
		l->f.search = v;
	} else if (date_filter(l, key, v)) {
		; /* creationDate.gt ... (or its refusal) */
	} else if (!strcmp(key, "fields")) {
		free(l->fields);
		l->fields = ct_xstrdup(v);
	} else if (!strcmp(key, "offset")) {
		if (parse_count(v, 1LL << 40, &l->offset))
			snprintf(l->why, sizeof(l->why), "offset '%s' is not a count", v);
	} else if (!strcmp(key, "limit")) {
		if (parse_count(v, PAGE_MAX, &l->limit) || l->limit == 0)
			snprintf(l->why, sizeof(l->why), "limit '%s' is not 1 to %d", v, PAGE_MAX);
	} else {
		snprintf(l->why, sizeof(l->why),
			 "query parameter '%s' is not implemented (status, severity, grade, cell, "
			 "cause, department, person, msisdn, relatedParty.id, imsi, externalId, q, "
			 "creationDate.gt|gte|lt|lte, expectedResolutionDate.gt|gte|lt|lte, fields, "
			 "offset, limit)", key);
	}
	if (l->why[0])
		l->bad = key;
	return l->bad ? MHD_NO : MHD_YES;
}

/* Whether name is in the comma-separated list. */
static int
listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && !strncmp(p, name, n))
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/* The ticket as the API shows it: TMF621 with href; only id, href, @type
 * and the fields asked for when fields is given. */
static json_t *
ticket_json(const struct ct_ticket *t, const struct ct_event *ev, size_t nev, const char *fields)
{
	json_t *o = ct_ticket_to_tmf621(t, ev, nev);
	char href[96];

	snprintf(href, sizeof(href), COLLECTION "/%lld", t->id);
	json_object_set_new(o, "href", json_string(href));
	if (fields) {
		const char *k;
		json_t *v;
		void *tmp;

		json_object_foreach_safe(o, tmp, k, v) {
			if (strcmp(k, "id") && strcmp(k, "href") && strcmp(k, "@type") &&
			    !listed(fields, k))
				json_object_del(o, k);
		}
	}
	return o;
}

struct listw {
	const struct listq *l;
	json_t *a;
	long long total;
};

static int
list_one(struct ct_ticket *t, struct ct_event *ev, size_t nev, void *arg,
	 struct ct_err *err)
{
	struct listw *w = arg;

	json_array_append_new(w->a, ticket_json(t, ev, nev, w->l->fields));
	return 0;
}

static void
tmf_list(const struct desk_req *q, struct desk_resp *r)
{
	struct listq l;
	struct listw w;
	struct ct_store *st;
	struct ct_err err;

	memset(&l, 0, sizeof(l));
	l.limit = PAGE_MAX;
	l.prof = q->cfg->prof;
	MHD_get_connection_values(q->conn, MHD_GET_ARGUMENT_KIND, list_arg, &l);
	if (l.bad) {
		desk_error(r, 400, "%s", l.why);
		free(l.fields);
		return;
	}
	if (!(st = desk_store(q, r))) {
		free(l.fields);
		return;
	}
	w.l = &l;
	w.a = json_array();
	w.total = 0;
	/* The count and the page in one snapshot; the page read by the
	 * store (LIMIT/OFFSET), not skipped over here. */
	l.f.offset = l.offset;
	l.f.limit = l.limit;
	if (ct_store_read_begin(st, &err) != 0 || ct_store_count(st, &l.f, &w.total, &err) != 0 ||
	    ct_store_each_history(st, &l.f, list_one, &w, &err) != 0) {
		desk_error(r, 503, "%s", err.msg);
		json_decref(w.a);
	} else {
		r->status = 200;
		r->json = w.a;
		r->total = w.total;
		r->result = (long long)json_array_size(w.a);
	}
	ct_store_read_end(st);
	free(l.fields);
}

/* ---------------------------------------------------------------------
 * GET one
 */

static void
show(struct ct_store *st, long long id, struct desk_resp *r)
{
	struct ct_ticket t;
	struct ct_event *ev = NULL;
	size_t nev = 0;
	struct ct_err err;
	int rc = ct_store_get(st, id, &t, &err);

	if (rc) {
		desk_error(r, rc == CT_ENOTFOUND ? 404 : 503, "%s", err.msg);
		return;
	}
	if ((rc = ct_store_history(st, id, &ev, &nev, &err)) != 0) {
		desk_error(r, 503, "%s", err.msg);
	} else {
		r->status = 200;
		r->json = ticket_json(&t, ev, nev, NULL);
		snprintf(r->etag, sizeof(r->etag), "\"%d\"", t.rev);
	}
	ct_events_free(ev, nev);
	ct_ticket_free(&t);
}

static enum MHD_Result
no_args(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	const char **bad = cls;

	*bad = key;
	return MHD_NO;
}

/* 400 and 1 when the request has a query parameter (none is implemented). */
static int
refuse_args(const struct desk_req *q, struct desk_resp *r)
{
	const char *bad = NULL;

	MHD_get_connection_values(q->conn, MHD_GET_ARGUMENT_KIND, no_args, &bad);
	if (!bad)
		return 0;
	desk_error(r, 400, "query parameter '%s' is not implemented here", bad);
	return 1;
}

/* ---------------------------------------------------------------------
 * Bodies
 */

/* The body as one JSON object, or a 400 naming the mistake. */
static json_t *
body_object(const struct desk_req *q, struct desk_resp *r)
{
	json_error_t je;
	json_t *o;

	if (q->body_too_big) {
		desk_error(r, 400, "the body is over %d bytes", DESK_BODY_MAX);
		return NULL;
	}
	if (q->nbody == 0) {
		desk_error(r, 400, "no body: a JSON object is expected");
		return NULL;
	}
	o = json_loadb(q->body, q->nbody, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		desk_error(r, 400, "body:%d:%d: %s", je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		desk_error(r, 400, "body: a JSON object is expected");
		return NULL;
	}
	return o;
}

/* ---------------------------------------------------------------------
 * POST: file a complaint
 */

/* The complaint a POST body carries: the body itself (our complaint JSON),
 * or, for a TroubleTicket_Create (it has @type or characteristics), the
 * characteristic the field table gives the complaint's document
 * (complaintDocument: the JSON text, as `ticket export --format tmf621`
 * writes it, or the object). A new reference, or NULL with a 400/422
 * answer. */
static json_t *
complaint_doc(json_t *body, struct desk_resp *r)
{
	const struct ct_field *doc = ct_field_by_json("complaint_data");
	json_t *chars = json_object_get(body, "troubleTicketCharacteristic"), *x, *v = NULL;
	json_error_t je;
	size_t i;

	if (!json_object_get(body, "@type") && !chars)
		return json_incref(body);
	if (chars && !json_is_array(chars)) {
		desk_error(r, 400, "body: troubleTicketCharacteristic: an array is expected");
		return NULL;
	}
	json_array_foreach(chars, i, x) {
		const char *name = json_string_value(json_object_get(x, "name"));

		if (name && ct_field_by_tmf(name) == doc)
			v = json_object_get(x, "value");
	}
	if (!v) {
		desk_error(r, 422, "body: a TroubleTicket_Create needs the %s characteristic (the "
			   "complaint's JSON) to be diagnosed", doc->tmf.name);
		return NULL;
	}
	if (json_is_object(v))
		return json_incref(v);
	x = json_is_string(v) ? json_loads(json_string_value(v), JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!x || !json_is_object(x)) {
		json_decref(x);
		desk_error(r, 400, "body: %s: not a JSON object", doc->tmf.name);
		return NULL;
	}
	return x;
}

static void
tmf_create(const struct desk_req *q, struct desk_resp *r)
{
	struct ct_complaint c;
	struct ct_filing_notes fn;
	struct ct_ticket t;
	struct ct_store *st;
	struct ct_err err;
	json_t *body, *doc;
	long long id;
	int updated, rc;

	memset(&fn, 0, sizeof(fn));
	memset(&t, 0, sizeof(t));
	if (q->user.role < CT_ROLE_OPERATOR) {
		desk_error(r, 403, "user %s (%s) cannot file tickets", q->user.name,
			   ct_role_name(q->user.role));
		return;
	}
	if (!(body = body_object(q, r)))
		return;
	doc = complaint_doc(body, r);
	json_decref(body);
	if (!doc)
		return;
	rc = ct_complaint_from_json(doc, "body", &c, &err);
	json_decref(doc);
	if (rc) {
		desk_error(r, 422, "%s", err.msg);
		return;
	}
	if (!(st = desk_store(q, r))) {
		ct_complaint_free(&c);
		return;
	}
	ct_store_set_repeat_window(st, 86400LL * q->cfg->prof->dl.repeat_window_days);
	ct_store_set_who(st, q->user.name);
	rc = ct_store_set_deadlines(st, &q->cfg->prof->dl, &err);
	if (!rc)
		rc = ct_desk_file(st, q->cfg->prof, &c, (long long)time(NULL), &t, &fn, &id, &updated,
				  &err);
	ct_complaint_free(&c);
	if (rc) {
		desk_error(r, rc == CT_ESTATE ? 409 : 503, "%s", err.msg);
	} else {
		show(st, id, r);
		if (r->status == 200) {
			r->status = updated ? 200 : 201;
			snprintf(r->location, sizeof(r->location), COLLECTION "/%lld", id);
		}
	}
	ct_filing_notes_free(&fn);
	ct_ticket_free(&t);
}

/* ---------------------------------------------------------------------
 * PATCH: a status move
 */

/* The members a PATCH may carry besides status / action: the move's
 * fields, as `ticket MOVE` takes them. */
struct patch {
	json_t *notes;               /* note: [{"text": ...}, ...], borrowed */
	const char *status, *action;
	const char *department, *person, *reply_cause, *result, *satisfaction, *evidence, *note;
	long long time_taken;
	int invalid;
};

static int
patch_read(json_t *o, struct patch *p, struct desk_resp *r)
{
	static const struct {
		const char *name;
		size_t off;
	} texts[] = {
		{ "status", offsetof(struct patch, status) },
		{ "action", offsetof(struct patch, action) },
		{ "department", offsetof(struct patch, department) },
		{ "person", offsetof(struct patch, person) },
		{ "replyCause", offsetof(struct patch, reply_cause) },
		{ "result", offsetof(struct patch, result) },
		{ "satisfaction", offsetof(struct patch, satisfaction) },
		{ "evidence", offsetof(struct patch, evidence) },
		{ "note", offsetof(struct patch, note) },
	};
	size_t ni;
	json_t *x;
	const char *k;
	json_t *v;

	memset(p, 0, sizeof(*p));
	json_object_foreach(o, k, v) {
		size_t i;

		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
			if (!strcmp(k, texts[i].name))
				break;
		if (!strcmp(k, "note") && json_is_array(v)) {
			/* TMF621's note: new notes to add (notes are append-only:
			 * the ones there are stay as they are). */
			if (!json_array_size(v)) {
				desk_error(r, 400, "body: note: an empty array adds nothing");
				return -1;
			}
			json_array_foreach(v, ni, x) {
				const char *kk;
				json_t *vv;

				if (!json_is_object(x) || !json_is_string(json_object_get(x, "text"))) {
					desk_error(r, 400, "body: note[%zu]: an object with a text is expected",
						   ni);
					return -1;
				}
				json_object_foreach(x, kk, vv)
					if (strcmp(kk, "text") && strcmp(kk, "@type")) {
						desk_error(r, 400, "body: note[%zu]: '%s' is set by the server "
							   "(a note is its text)", ni, kk);
						return -1;
					}
			}
			p->notes = v;
		} else if (i < sizeof(texts) / sizeof(texts[0])) {
			if (!json_is_string(v)) {
				desk_error(r, 400, "body: %s: a string is expected", k);
				return -1;
			}
			*(const char **)((char *)p + texts[i].off) = json_string_value(v);
		} else if (!strcmp(k, "timeTaken")) {
			if (!json_is_integer(v) || json_integer_value(v) <= 0) {
				desk_error(r, 400, "body: timeTaken: a number of seconds is expected");
				return -1;
			}
			p->time_taken = json_integer_value(v);
		} else if (!strcmp(k, "invalid")) {
			if (!json_is_boolean(v)) {
				desk_error(r, 400, "body: invalid: true or false is expected");
				return -1;
			}
			p->invalid = json_is_true(v);
		} else {
			desk_error(r, 400, "body: '%s' cannot be changed (status, action, department, "
				   "person, replyCause, result, satisfaction, timeTaken, invalid, "
				   "evidence, note: a text kept with the move, or [{\"text\": ...}] "
				   "notes to add)", k);
			return -1;
		}
	}
	return 0;
}

/* The action a PATCH asks for: its action member, else the move from
 * status now to its status member (ours, or a TMF621 status), else the
 * action that leads to that status (the store then says it is not allowed
 * from here, in the CLI's words). */
static enum ct_action_id
patch_action(const struct patch *p, enum ct_status now, struct desk_resp *r)
{
	enum ct_status to;
	enum ct_action_id a;
	size_t n;
	const struct ct_move_rule *m = ct_move_table(&n);

	if (p->action) {
		if ((a = ct_action_from_name(p->action)) == CT_ACTION_NONE)
			desk_error(r, 400, "body: action '%s' is not a move", p->action);
		return a;
	}
	if (!p->status) {
		desk_error(r, 400, "body: status or action is needed");
		return CT_ACTION_NONE;
	}
	to = ct_status_from_name(p->status);
	if (to == CT_STATUS_NONE)
		to = ct_status_from_tmf(p->status);
	if (to == CT_STATUS_NONE) {
		desk_error(r, 400, "body: status '%s' is not a ticket status", p->status);
		return CT_ACTION_NONE;
	}
	for (size_t i = 0; i < n; i++)
		if (m[i].from == now && m[i].to == to)
			return m[i].action;
	for (a = CT_ACTION_FIRST; a < CT_ACTION_END; a++)
		if (ct_action_target(a) == to)
			return a;
	desk_error(r, 422, "no move leads to status %s", p->status);
	return CT_ACTION_NONE;
}

/* If-Match: "3" or 3 (a weak W/ prefix is not a rev). 0 none, -1 bad. */
static int
if_match(const struct desk_req *q)
{
	const char *v = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "If-Match");
	char *end;
	long n;

	if (!v)
		return 0;
	if (*v == '"')
		v++;
	n = strtol(v, &end, 10);
	if (end == v || (*end && strcmp(end, "\"")) || n < 1 || n > 1000000000L)
		return -1;
	return (int)n;
}

/* The answer to a change of ticket id that returned rc: the ticket as it
 * is now, or the store's refusal as its HTTP status (a stale rev 412, a
 * move the lifecycle forbids 422, a bad value 400). */
static void
change_answer(struct ct_store *st, long long id, int rc, const struct ct_err *err,
	      struct desk_resp *r)
{
	if (rc == CT_ECONFLICT)
		desk_error(r, 412, "%s", err->msg);
	else if (rc == CT_ESTATE)
		desk_error(r, 422, "%s", err->msg);
	else if (rc == CT_ENOTFOUND)
		desk_error(r, 404, "%s", err->msg);
	else if (rc == CT_EUSAGE || rc == CT_EINPUT)
		desk_error(r, 400, "%s", err->msg);
	else if (rc)
		desk_error(r, 503, "%s", err->msg);
	else
		show(st, id, r);
}

/* The notes of a PATCH as comments by the signed-in user, the first
 * written only at rev (0: any); the ticket as it is then, or the error. */
static void
add_notes(const struct desk_req *q, struct ct_store *st, long long id, int rev, json_t *notes,
	  struct desk_resp *r)
{
	struct ct_move_result mr;
	struct ct_err err;
	size_t i;
	json_t *x;
	int rc = 0;

	json_array_foreach(notes, i, x) {
		rc = ct_store_comment(st, id, rev, q->user.name, (long long)time(NULL), 1,
				      json_string_value(json_object_get(x, "text")), &mr, &err);
		if (rc)
			break;
		rev = mr.to_rev;
	}
	change_answer(st, id, rc, &err, r);
}

static void
tmf_patch(const struct desk_req *q, long long id, struct desk_resp *r)
{
	struct ct_store *st;
	struct ct_ticket t;
	struct ct_move m;
	struct ct_move_result mr;
	struct patch p;
	struct ct_err err;
	json_t *body;
	int rev, rc;

	if (q->user.role < CT_ROLE_OPERATOR) {
		desk_error(r, 403, "user %s (%s) cannot move tickets", q->user.name,
			   ct_role_name(q->user.role));
		return;
	}
	if (!desk_content_type_is(q, "application/merge-patch+json")) {
		desk_error(r, 415, "a PATCH is application/merge-patch+json");
		return;
	}
	if ((rev = if_match(q)) < 0) {
		desk_error(r, 400, "If-Match: not a rev (\"3\")");
		return;
	}
	if (!(body = body_object(q, r)))
		return;
	if (patch_read(body, &p, r) != 0) {
		json_decref(body);
		return;
	}
	if (p.department) {
		const struct ct_department *d = ct_profile_department(q->cfg->prof, p.department);
		char ids[512];

		if (!d) {
			ct_profile_department_ids(q->cfg->prof, ids, sizeof(ids));
			desk_error(r, 422, "body: department '%s' is not a department of the profile (%s)",
				   p.department, ids);
			json_decref(body);
			return;
		}
		p.department = d->id;
	}
	if (p.satisfaction && !ct_satisfaction_valid(p.satisfaction)) {
		desk_error(r, 400, "body: satisfaction '%s' is not satisfied, partly, unsatisfied or "
			   "unreachable", p.satisfaction);
		json_decref(body);
		return;
	}
	if (!(st = desk_store(q, r))) {
		json_decref(body);
		return;
	}
	if ((rc = ct_store_get(st, id, &t, &err)) != 0) {
		desk_error(r, rc == CT_ENOTFOUND ? 404 : 503, "%s", err.msg);
		goto out;
	}
	memset(&m, 0, sizeof(m));
	if (p.notes && !p.status && !p.action) {
		/* Only notes: each a comment, the rev checked on the first. */
		ct_ticket_free(&t);
		add_notes(q, st, id, rev, p.notes, r);
		goto out;
	}
	m.action = patch_action(&p, t.status, r);
	ct_ticket_free(&t);
	if (m.action == CT_ACTION_NONE)
		goto out;
	if (p.invalid && m.action != CT_ACTION_CLOSE) {
		desk_error(r, 400, "body: invalid is for close");
		goto out;
	}
	m.who = q->user.name;
	m.at = (long long)time(NULL);
	m.clock = 1;
	m.department = p.department;
	m.person = p.person;
	m.reply_cause = p.reply_cause;
	m.result = p.result;
	m.satisfaction = p.satisfaction;
	m.time_taken_s = p.time_taken;
	m.invalid = p.invalid;
	m.evidence = p.evidence;
	m.note = p.note;
	rc = ct_store_set_deadlines(st, &q->cfg->prof->dl, &err);
	if (!rc)
		rc = ct_store_move(st, id, rev, &m, &mr, &err);
	if (!rc && p.notes) {
		/* The move, then its notes (each checked against the rev the
		 * move made). */
		add_notes(q, st, id, mr.to_rev, p.notes, r);
		goto out;
	}
	change_answer(st, id, rc, &err, r);
out:
	json_decref(body);
}

/* ---------------------------------------------------------------------
 * Routing within the resource
 */

void
tmf_route(const struct desk_req *q, const char *rest, struct desk_resp *r)
{
	long long id;

	if (!*rest || !strcmp(rest, "/")) {
		if (!strcmp(q->method, "GET")) {
			tmf_list(q, r);
		} else if (!strcmp(q->method, "POST")) {
			if (!refuse_args(q, r))
				tmf_create(q, r);
		} else {
			r->allow = "GET, POST";
			desk_error(r, 405, "%s is not allowed on the collection", q->method);
		}
		return;
	}
	if ((id = desk_path_id(q, rest, r)) == 0)
		return;
	if (!strcmp(q->method, "GET")) {
		struct ct_store *st;

		if (refuse_args(q, r) || !(st = desk_store(q, r)))
			return;
		show(st, id, r);
	} else if (!strcmp(q->method, "PATCH")) {
		if (!refuse_args(q, r))
			tmf_patch(q, id, r);
	} else {
		r->allow = "GET, PATCH";
		desk_error(r, 405, "%s is not allowed on a ticket", q->method);
	}
}
