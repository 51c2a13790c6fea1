/*
 * ticketin.c — reading back our own `ticket export` output (report.h,
 * issue 5 item 9): the JSON array of `--format json` and the CSV of
 * `--format csv`, so that export -> import into an empty store -> export
 * gives the same bytes.
 *
 *   --format json                          --format csv (RFC 4180, CRLF)
 *   [                                      id,complaint,...,batch      header
 *     {  "id": 1,          <- line N      1,R1,1380...,,B-1           <- line N
 *        ... ticket_to_json(full)         2,"a,b",...                 <- line N+1
 *        "history": [ {event}, ... ]
 *     },
 *   ]
 *
 * Every member is type-checked (a string field takes a string or null, a
 * time an ISO 8601 UTC string, ...); the first mistake is reported as
 * "file:line: ticket ID: what", line being where the ticket starts. The
 * CSV carries neither the history nor the complaint and verdict documents:
 * a ticket imported from CSV has none (what the CSV holds round-trips).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/report.h"
#include "celltriage/store.h"

/* ---------------------------------------------------------------------
 * JSON
 */

/* An ISO 8601 time the outputs write back the same: years 1970-9999 (a
 * year before 1970 or after 9999 would not print as four digits). */
static int
parse_time(const char *s, long long *t)
{
	if (!s || ct_parse_time(s, t) != 0 || *t < 0 || *t > 253402300799LL)
		return -1;
	return 0;
}

/* Line (from 1) of each element of the top-level array, or of the one
 * object: a scan that skips strings. Fills at most max lines. */
size_t
ct_json_item_lines(const char *s, size_t len, size_t *lines, size_t max)
{
	size_t line = 1, n = 0;
	int depth = 0, instr = 0, top_object = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\n')
			line++;
		if (instr) {
			if (c == '\\')
				i++;
			else if (c == '"')
				instr = 0;
			continue;
		}
		if (c == '"') {
			instr = 1;
		} else if (c == '{' || c == '[') {
			if (depth == 0 && c == '{')
				top_object = 1;
			if ((depth == 1 && !top_object) || (depth == 0 && c == '{'))
				if (n < max)
					lines[n++] = line;
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (depth == 1 && !top_object && c != ',' && c != ' ' && c != '\t' &&
			   c != '\r' && c != '\n') {
			/* a scalar element: its line, once */
			if (n < max && (i == 0 || strchr("[, \t\r\n", s[i - 1])))
				lines[n++] = line;
		}
	}
	return n;
}

struct jin {
	const char *where; /* "file:line: ticket 3" */
	struct ct_err *err;
};

static int
bad_type(struct jin *in, const char *what, const char *want)
{
	return ct_fail(in->err, CT_EINPUT, "%s: %s is not %s", in->where, what, want);
}

/* A string member or null (absent = null). */
static int
get_str(struct jin *in, json_t *o, const char *key, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad_type(in, key, "a string");
	*out = ct_xstrdup(json_string_value(v));
	return 0;
}

static int
get_time(struct jin *in, json_t *o, const char *key, int required, long long *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (!v || json_is_null(v))
		return required ? ct_fail(in->err, CT_EINPUT, "%s: %s is missing", in->where, key)
				: 0;
	if (!json_is_string(v) || parse_time(json_string_value(v), out) != 0)
		return bad_type(in, key, "an ISO 8601 time");
	return 0;
}

static int
get_int(struct jin *in, json_t *o, const char *key, int nullable, long long lo, long long hi,
	long long *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if ((!v || json_is_null(v)) && nullable)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return bad_type(in, key, "an integer in range");
	*out = json_integer_value(v);
	return 0;
}

/* A stored document: null, the text kept as a string, or any other JSON
 * value kept as its compact text (the export shows it parsed again). */
static char *
doc_text(json_t *v)
{
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return ct_xstrdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

static int
read_event(struct jin *in, json_t *o, struct ct_event *e)
{
	json_t *d;
	long long rev;
	int rc;

	if (!json_is_object(o))
		return bad_type(in, "a history item", "an object");
	if ((rc = get_time(in, o, "at", 0, &e->at)) || (rc = get_str(in, o, "who", &e->who)) ||
	    (rc = get_str(in, o, "action", &e->action)) ||
	    (rc = get_int(in, o, "rev", 1, 0, 2147483647, &rev)) ||
	    (rc = get_str(in, o, "status", &e->status)))
		return rc;
	e->rev = (int)rev;
	d = json_object_get(o, "detail");
	if (json_is_object(d))
		e->detail = json_dumps(d, JSON_COMPACT);
	else if ((rc = get_str(in, o, "detail", &e->detail)))
		return rc;
	return 0;
}

static int
read_reply(struct jin *in, json_t *r, struct ct_ticket *t)
{
	json_t *inv;
	int rc;

	if (!r || json_is_null(r))
		return 0;
	if (!json_is_object(r))
		return bad_type(in, "reply", "an object");
	if ((rc = get_str(in, r, "cause", &t->reply_cause)) ||
	    (rc = get_str(in, r, "result", &t->result)) ||
	    (rc = get_str(in, r, "satisfaction", &t->satisfaction)) ||
	    (rc = get_int(in, r, "time_taken_s", 1, 0, 100LL * 365 * 86400, &t->time_taken_s)) ||
	    (rc = get_str(in, r, "evidence", &t->evidence)))
		return rc;
	inv = json_object_get(r, "invalid");
	if (inv && !json_is_boolean(inv))
		return bad_type(in, "reply.invalid", "true or false");
	t->invalid = json_is_true(inv);
	return 0;
}

int
ct_ticket_from_export_json(json_t *o, struct ct_ticket *t, struct ct_event **evp, size_t *nevp,
			   const char *where, struct ct_err *err)
{
	struct jin in = { where, err };
	const struct {
		const char *key;
		size_t off;
	} strs[] = {
		{ "complaint", offsetof(struct ct_ticket, complaint) },
		{ "msisdn", offsetof(struct ct_ticket, msisdn) },
		{ "imsi", offsetof(struct ct_ticket, imsi) },
		{ "cell", offsetof(struct ct_ticket, cell) },
		{ "rat", offsetof(struct ct_ticket, rat) },
		{ "phenomenon", offsetof(struct ct_ticket, phenomenon) },
		{ "cause", offsetof(struct ct_ticket, cause) },
		{ "class", offsetof(struct ct_ticket, klass) },
		{ "domain", offsetof(struct ct_ticket, domain) },
		{ "confidence", offsetof(struct ct_ticket, confidence) },
		{ "kind", offsetof(struct ct_ticket, kind) },
		{ "department", offsetof(struct ct_ticket, department) },
		{ "person", offsetof(struct ct_ticket, person) },
		{ "batch", offsetof(struct ct_ticket, batch) },
	};
	struct ct_event *ev = NULL;
	size_t nev = 0, i;
	json_t *x, *v;
	long long n;
	const char *k;
	int rc;

	memset(t, 0, sizeof(*t));
	*evp = NULL;
	*nevp = 0;
	if (!json_is_object(o))
		return bad_type(&in, "the ticket", "an object");
	if ((rc = get_int(&in, o, "id", 0, 1, 9007199254740991LL, &t->id)))
		return rc;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if ((rc = get_str(&in, o, strs[i].key, (char **)((char *)t + strs[i].off))))
			goto fail;
	{
		char *st = NULL;

		if ((rc = get_str(&in, o, "status", &st)))
			goto fail;
		t->status = ct_status_from_name(st);
		if (t->status == CT_STATUS_NONE) {
			rc = ct_fail(err, CT_EINPUT, "%s: status \"%s\" is not one of the lifecycle's",
				     where, st ? st : "");
			free(st);
			goto fail;
		}
		free(st);
	}
	if ((rc = get_int(&in, o, "grade", 0, 0, 9, &n)))
		goto fail;
	t->grade = (int)n;
	if ((rc = get_int(&in, o, "rev", 0, 1, 2147483647, &n)))
		goto fail;
	t->rev = (int)n;
	if ((rc = get_time(&in, o, "received_at", 0, &t->received_at)) ||
	    (rc = get_time(&in, o, "filed_at", 1, &t->filed_at)) ||
	    (rc = get_time(&in, o, "updated_at", 1, &t->updated_at)) ||
	    (rc = get_time(&in, o, "status_at", 0, &t->status_at)) ||
	    (rc = get_int(&in, o, "repeat_of", 1, 1, 9007199254740991LL, &t->repeat_of)) ||
	    (rc = read_reply(&in, json_object_get(o, "reply"), t)))
		goto fail;
	x = json_object_get(o, "tags");
	if (x && !json_is_array(x)) {
		rc = bad_type(&in, "tags", "an array");
		goto fail;
	}
	t->tags = ct_xcalloc(json_array_size(x) + 1, sizeof(*t->tags));
	json_array_foreach(x, i, v) {
		if (!json_is_string(v)) {
			rc = bad_type(&in, "a tag", "a string");
			goto fail;
		}
		t->tags[t->ntags++] = ct_xstrdup(json_string_value(v));
	}
	x = json_object_get(o, "deadlines");
	if (x && !json_is_object(x)) {
		rc = bad_type(&in, "deadlines", "an object");
		goto fail;
	}
	t->deadlines = ct_xcalloc(json_object_size(x) + 1, sizeof(*t->deadlines));
	json_object_foreach(x, k, v) {
		struct ct_deadline *d = &t->deadlines[t->ndeadlines];

		if (!json_is_string(v) || parse_time(json_string_value(v), &d->due) != 0) {
			rc = bad_type(&in, "a deadline", "an ISO 8601 time");
			goto fail;
		}
		d->stage = ct_xstrdup(k);
		t->ndeadlines++;
	}
	t->complaint_json = doc_text(json_object_get(o, "complaint_data"));
	t->verdict_json = doc_text(json_object_get(o, "verdict"));
	x = json_object_get(o, "history");
	if (x && !json_is_array(x)) {
		rc = bad_type(&in, "history", "an array");
		goto fail;
	}
	if (json_array_size(x))
		ev = ct_xcalloc(json_array_size(x), sizeof(*ev));
	json_array_foreach(x, i, v) {
		struct ct_event *e = &ev[nev++];

		e->ticket = t->id;
		if ((rc = read_event(&in, v, e)))
			goto fail;
		/* The store keeps each rev once per ticket. */
		for (size_t q = 0; e->rev && q + 1 < nev; q++)
			if (ev[q].rev == e->rev) {
				rc = ct_fail(err, CT_EINPUT, "%s: the history has rev %d twice", where,
					     e->rev);
				goto fail;
			}
	}
	*evp = ev;
	*nevp = nev;
	return 0;
fail:
	ct_events_free(ev, nev);
	ct_ticket_free(t);
	memset(t, 0, sizeof(*t));
	return rc;
}

/* ---------------------------------------------------------------------
 * CSV
 */

/* Cap on one field (evidence is at most 64 KiB, quoted it may double). */
#define CSV_FIELD_MAX (256u * 1024)
#define CSV_COLUMNS 31

/* One record from *p (end at e): fields into f (NULL = empty), their count
 * in *nf. *line is the physical line count, advanced past the record.
 * Returns 0, or -1 with *why set. */
static int
csv_record(const char **p, const char *e, char **f, size_t *nf, size_t *line, const char **why)
{
	const char *s = *p;
	struct ct_buf b = CT_BUF_INIT;

	*nf = 0;
	for (;;) {
		int quoted = 0;

		ct_buf_reset(&b);
		if (s < e && *s == '"') {
			quoted = 1;
			for (s++;; s++) {
				if (s >= e) {
					*why = "a quoted field does not end";
					goto bad;
				}
				if (*s == '"') {
					if (s + 1 < e && s[1] == '"') {
						ct_buf_add(&b, s, 1);
						s++;
						continue;
					}
					s++;
					break;
				}
				if (*s == '\n')
					(*line)++;
				if (*s == '\0') {
					*why = "a NUL byte";
					goto bad;
				}
				ct_buf_add(&b, s, 1);
				if (b.len > CSV_FIELD_MAX) {
					*why = "a field is too long";
					goto bad;
				}
			}
		} else {
			const char *q = s;

			while (q < e && *q != ',' && *q != '\r' && *q != '\n') {
				if (*q == '"' || *q == '\0') {
					*why = *q ? "a quote inside an unquoted field" : "a NUL byte";
					goto bad;
				}
				q++;
			}
			if ((size_t)(q - s) > CSV_FIELD_MAX) {
				*why = "a field is too long";
				goto bad;
			}
			ct_buf_add(&b, s, (size_t)(q - s));
			s = q;
		}
		if (*nf >= CSV_COLUMNS) {
			*why = "more columns than the header's";
			goto bad;
		}
		f[(*nf)++] = (b.len || quoted) ? ct_buf_detach(&b) : NULL;
		if (s < e && *s == ',') {
			s++;
			continue;
		}
		if (s < e && *s == '\r' && s + 1 < e && s[1] == '\n')
			s += 2;
		else if (s < e && *s == '\n')
			s++;
		else if (s < e) {
			*why = "text after a quoted field";
			goto bad;
		}
		(*line)++;
		break;
	}
	ct_buf_free(&b);
	*p = s;
	return 0;
bad:
	ct_buf_free(&b);
	return -1;
}

static int
csv_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end;

	*out = 0;
	if (!s)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno || end == s || *end || *out < lo || *out > hi || s[0] == '+' || s[0] == ' ')
		return -1;
	return 0;
}

/* Takes f[i] (NULL when empty) into *dst. */
static char *
take(char **f, int i)
{
	char *s = f[i];

	f[i] = NULL;
	return s;
}

static int
csv_ticket(char **f, struct ct_ticket *t, const char **bad)
{
	static const char *const names[CSV_COLUMNS] = {
		"id", "complaint", "msisdn", "imsi", "cell", "rat", "phenomenon", "cause", "class",
		"domain", "confidence", "grade", "status", "kind", "received_at", "filed_at",
		"updated_at", "rev", "tags", "deadlines", "department", "person", "reply_cause",
		"result", "satisfaction", "time_taken_s", "invalid", "evidence", "status_at",
		"repeat_of", "batch",
	};
	char **strs[] = { &t->complaint, &t->msisdn, &t->imsi, &t->cell, &t->rat, &t->phenomenon,
			  &t->cause, &t->klass, &t->domain, &t->confidence };
	long long n;

	memset(t, 0, sizeof(*t));
#define BAD(i) do { *bad = names[i]; return -1; } while (0)
	if (csv_int(f[0], 1, 9007199254740991LL, &t->id))
		BAD(0);
	for (int i = 1; i <= 10; i++)
		*strs[i - 1] = take(f, i);
	if (csv_int(f[11], 0, 9, &n))
		BAD(11);
	t->grade = (int)n;
	t->status = ct_status_from_name(f[12]);
	if (t->status == CT_STATUS_NONE)
		BAD(12);
	t->kind = take(f, 13);
	if (f[14] && parse_time(f[14], &t->received_at))
		BAD(14);
	if (!f[15] || parse_time(f[15], &t->filed_at))
		BAD(15);
	if (!f[16] || parse_time(f[16], &t->updated_at))
		BAD(16);
	if (csv_int(f[17], 1, 2147483647, &n))
		BAD(17);
	t->rev = (int)n;
	{
		/* tags: a;b;c */
		const char *s = f[18] ? f[18] : "";
		size_t cnt = *s ? 1 : 0;

		for (const char *q = s; *q; q++)
			cnt += *q == ';';
		t->tags = ct_xcalloc(cnt + 1, sizeof(*t->tags));
		while (*s) {
			size_t l = strcspn(s, ";");
			char *tag = ct_xcalloc(l + 1, 1);

			memcpy(tag, s, l);
			t->tags[t->ntags++] = tag;
			s += l;
			if (*s == ';') {
				s++;
				if (!*s)
					BAD(18);
			}
		}
	}
	{
		/* deadlines: stage=time;stage=time */
		const char *s = f[19] ? f[19] : "";
		size_t cnt = *s ? 1 : 0;

		for (const char *q = s; *q; q++)
			cnt += *q == ';';
		t->deadlines = ct_xcalloc(cnt + 1, sizeof(*t->deadlines));
		while (*s) {
			size_t l = strcspn(s, ";"), eq = strcspn(s, "=");
			struct ct_deadline *d = &t->deadlines[t->ndeadlines];
			char tm[40];

			if (eq >= l || l - eq - 1 >= sizeof(tm))
				BAD(19);
			d->stage = ct_xcalloc(eq + 1, 1);
			memcpy(d->stage, s, eq);
			memcpy(tm, s + eq + 1, l - eq - 1);
			tm[l - eq - 1] = '\0';
			t->ndeadlines++;
			if (parse_time(tm, &d->due))
				BAD(19);
			s += l;
			if (*s == ';' && !*++s)
				BAD(19);
		}
	}
	t->department = take(f, 20);
	t->person = take(f, 21);
	t->reply_cause = take(f, 22);
	t->result = take(f, 23);
	t->satisfaction = take(f, 24);
	if (csv_int(f[25], 0, 100LL * 365 * 86400, &t->time_taken_s))
		BAD(25);
	if (csv_int(f[26], 0, 1, &n))
		BAD(26);
	t->invalid = (int)n;
	t->evidence = take(f, 27);
	if (f[28] && parse_time(f[28], &t->status_at))
		BAD(28);
	if (f[29] && csv_int(f[29], 1, 9007199254740991LL, &t->repeat_of))
		BAD(29);
	t->batch = take(f, 30);
#undef BAD
	return 0;
}

int
ct_tickets_from_export_csv(const char *text, size_t len, const char *file,
			   struct ct_ticket **out, size_t **lines, size_t *nout, struct ct_err *err)
{
	struct ct_buf hdr = CT_BUF_INIT;
	const char *p = text, *e = text + len;
	struct ct_ticket *v = NULL;
	size_t *ln = NULL, n = 0, cap = 0, line = 1;
	int rc = 0;

	*out = NULL;
	*lines = NULL;
	*nout = 0;
	ct_tickets_export_csv(&hdr, NULL, 0); /* the header line, CRLF */
	if (len < hdr.len - 2 || memcmp(text, hdr.s, hdr.len - 2) != 0 ||
	    (p = text + hdr.len - 2, !(p == e || *p == '\n' || (*p == '\r' && p + 1 < e && p[1] == '\n')))) {
		ct_buf_free(&hdr);
		return ct_fail(err, CT_EINPUT, "%s:1: not the header of a ticket export", file);
	}
	ct_buf_free(&hdr);
	p += p < e && *p == '\r' ? 2 : (p < e ? 1 : 0);
	line = 2;
	while (p < e) {
		char *f[CSV_COLUMNS] = { 0 };
		size_t nf = 0, at = line;
		const char *why = NULL, *col = NULL;

		if (csv_record(&p, e, f, &nf, &line, &why) != 0) {
			rc = ct_fail(err, CT_EINPUT, "%s:%zu: %s", file, at, why);
		} else if (nf != CSV_COLUMNS) {
			rc = ct_fail(err, CT_EINPUT, "%s:%zu: %zu columns, the header has %d", file, at,
				     nf, CSV_COLUMNS);
		} else {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = ct_xrealloc(v, cap * sizeof(*v));
				ln = ct_xrealloc(ln, cap * sizeof(*ln));
			}
			if (csv_ticket(f, &v[n], &col) != 0) {
				rc = ct_fail(err, CT_EINPUT, "%s:%zu: %s is not valid", file, at, col);
				ct_ticket_free(&v[n]);
			} else {
				ln[n++] = at;
			}
		}
		for (int i = 0; i < CSV_COLUMNS; i++)
			free(f[i]);
		if (rc)
			break;
	}
	if (rc) {
		ct_tickets_free(v, n);
		free(ln);
		return rc;
	}
	*out = v;
	*lines = ln;
	*nout = n;
	return 0;
}
