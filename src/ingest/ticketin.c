/*
 * ticketin.c — reading back our own `ticket export` output (ticketin.h):
 * the JSON array of `--format json` and the CSV of `--format csv`, so that
 * export -> import into an empty store -> export gives the same bytes. The
 * members, columns and their types are the field table's (ticket.h).
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
 * time an ISO 8601 UTC string, ...: the types' table in ticket.h); the
 * first mistake, in the field table's order, is reported as
 * "file:line: ticket ID: what", line being where the ticket starts. The
 * CSV carries neither the history nor the complaint and verdict documents:
 * a ticket imported from CSV has none (what the CSV holds round-trips,
 * cells guarded against spreadsheet formulas included).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/ticket.h"
#include "celltriage/ticketin.h"

/* ---------------------------------------------------------------------
 * JSON
 */

/* An ISO 8601 time the outputs write back the same: years 1970-9999 (a
 * year before 1970 or after 9999 would not print as four digits), which
 * ct_parse_time sees to. */
static int
parse_time(const char *s, long long *t)
{
	if (!s || ct_parse_time(s, t) != 0)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------------
 * The elements of a JSON array read one at a time from a file: each is
 * scanned to its end (strings skipped), then parsed alone, so memory holds
 * one ticket whatever the file's size.
 */

/* Cap on one element: the largest ticket (documents, 64 KiB evidence,
 * a long history) with room to spare. */
#define JSON_ITEM_MAX (64u * 1024 * 1024)

enum { JS_START, JS_ARRAY, JS_ONE, JS_END };

void
ct_json_stream_init(struct ct_json_stream *js, FILE *fp, const char *file)
{
	memset(js, 0, sizeof(*js));
	js->fp = fp;
	js->file = file;
	js->line = 1;
	js->col = 1;
	js->push = EOF;
	js->state = JS_START;
}

void
ct_json_stream_free(struct ct_json_stream *js)
{
	ct_buf_free(&js->item);
	ct_buf_free(&js->lifted);
	free(js->ahead);
	js->ahead = NULL;
}

/* Bytes read from the file at a time. */
#define JSON_AHEAD (64u * 1024)

/* More bytes of the file when all read ahead are taken: 0 at its end or
 * on an error (ferror tells). */
static size_t
js_fill(struct ct_json_stream *js)
{
	if (js->at < js->got)
		return js->got - js->at;
	if (!js->ahead)
		js->ahead = ct_xmalloc(JSON_AHEAD);
	js->at = 0;
	js->got = fread(js->ahead, 1, JSON_AHEAD, js->fp);
	return js->got;
}

/* Counts the byte c just taken into the line and column. */
static void
js_count(struct ct_json_stream *js, int c)
{
	if (c == '\n') {
		js->line++;
		js->col = 1;
	} else {
		js->col++;
	}
}

static int
js_get(struct ct_json_stream *js)
{
	int c = js->push;

	js->push = EOF;
	if (c == EOF) {
		if (!js_fill(js))
			return EOF;
		c = (unsigned char)js->ahead[js->at++];
	}
	js_count(js, c);
	return c;
}

/* The next byte that is not white space (RFC 8259 §2). */
static int
js_skip(struct ct_json_stream *js)
{
	int c;

	while ((c = js_get(js)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		;
	return c;
}

/* A mistake at the byte just read (c), or at the end of the file. */
static int
js_fail(struct ct_json_stream *js, int c, struct ct_err *err, const char *what)
{
	js->state = JS_END;
	if (ferror(js->fp))
		return ct_fail(err, CT_EINPUT, "%s: cannot read the file", js->file);
	return ct_fail(err, CT_EINPUT, "%s:%zu:%zu: %s", js->file, js->line,
		       c == EOF || c == '\n' ? js->col : js->col - 1, what);
}

/* Reads one element starting with c into js->item. */
static int
js_element(struct ct_json_stream *js, int c, struct ct_err *err)
{
	int depth = 1, instr = 0, esc = 0;

	ct_buf_reset(&js->item);
	if (c != '{' && c != '[') {
		/* A scalar: to the next delimiter; jansson names the mistake. */
		while (c != EOF && c != ',' && c != ']' && c != ' ' && c != '\t' && c != '\r' &&
		       c != '\n') {
			ct_buf_putc(&js->item, (char)c);
			if (js->item.len > 64)
				break;
			c = js_get(js);
		}
		js->push = c;
		if (c == '\n')
			js->line--;   /* counted again when read */
		else if (c != EOF)
			js->col--;
		return 0;
	}
	/* The element's bytes are taken from those read ahead a run at a
	 * time, each byte looked at once: to its closing bracket, outside
	 * strings (escapes kept as written). */
	ct_buf_putc(&js->item, (char)c);
	for (;;) {
		const char *run, *end;
		size_t room = JSON_ITEM_MAX - js->item.len;

		if (!js_fill(js))
			return js_fail(js, EOF, err, "unexpected end of file");
		run = js->ahead + js->at;
		end = js->ahead + js->got;
		if ((size_t)(end - run) > room)
			end = run + room + 1;   /* the byte past 64 MiB is the mistake */
		for (const char *q = run; q < end; q++) {
			c = (unsigned char)*q;
			if (instr && !esc && c != '"' && c != '\\' && c != '\n') {
				/* Inside a string (most of the bytes): to the next
				 * byte that may end it or counts a line (memchr's
				 * wide reads: the loop took seven instructions a
				 * byte). */
				const char *r = memchr(q, '"', (size_t)(end - q)), *x;

				if (!r)
					r = end;
				if ((x = memchr(q, '\\', (size_t)(r - q))))
					r = x;
				if ((x = memchr(q, '\n', (size_t)(r - q))))
					r = x;
				js->col += (size_t)(r - q);
				q = r - 1;
				continue;
			}
			js_count(js, c);
			if (esc) {
				esc = 0;
			} else if (instr) {
				esc = c == '\\';
				instr = c != '"';
			} else if (c == '"') {
				instr = 1;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if ((c == '}' || c == ']') && --depth == 0) {
				end = q + 1;
			}
		}
		ct_buf_add(&js->item, run, (size_t)(end - run));
		js->at += (size_t)(end - run);
		if (js->item.len > JSON_ITEM_MAX)
			return js_fail(js, c, err, "an element is larger than 64 MiB");
		if (depth == 0)
			return 0;
	}
}

/* Past the white space at p (RFC 8259 §2). */
static char *
ws_end(char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/*
 * A walk over an element's text, sure of what it takes: each value
 * checked by ct_json_skim, a key with an escape left alone. The lifting
 * below and the export's reader (direct_ticket) go by it.
 */

/* Whether the key [k, k + n) is name. */
static int
dr_key_is(const char *k, size_t n, const char *name)
{
	return strlen(name) == n && !memcmp(k, name, n);
}

/* To the next item of an object or array (close: its closing bracket),
 * *pp just after the opening one (first) or after the item before: 1 with
 * *pp at the item, 0 at the end (*pp past it), -1 when not sure. */
static int
dr_next(char **pp, int first, char close)
{
	char *p = ws_end(*pp);

	if (*p == close) {
		*pp = p + 1;
		return 0;
	}
	if (!first) {
		if (*p++ != ',')
			return -1;
		p = ws_end(p);
	}
	*pp = p;
	return 1;
}

/* The value at *pp: 1 with it in [*v, *ve) (*spaced: white space inside
 * it) and *pp past it, -1 when the scan is not sure of it. */
static int
dr_value(char **pp, char **v, char **ve, int *spaced)
{
	const char *end;

	*v = *pp;
	if (!ct_json_skim(*pp, &end, spaced))
		return -1;
	*pp = *ve = (char *)end;
	return 1;
}

/* The next member of an object (dr_next): 1 with its key [*k, *k + *klen)
 * and its value (dr_value), 0 at the object's end, -1. */
static int
dr_member(char **pp, int first, char **k, size_t *klen, char **v, char **ve, int *spaced)
{
	const char *end;
	char *p;
	int rc = dr_next(pp, first, '}'), plain;

	if (rc != 1)
		return rc;
	p = *pp;
	if (*p != '"' || !ct_json_skim(p, &end, &plain))
		return -1;
	*k = p + 1;
	*klen = (size_t)(end - 1 - *k);
	if (memchr(*k, '\\', *klen))
		return -1;
	p = ws_end((char *)end);
	if (*p++ != ':')
		return -1;
	*pp = ws_end(p);
	return dr_value(pp, v, ve, spaced);
}

/*
 * Copies the item just read (an object) into js->lifted with null in the
 * place of the values of its members named in keys that are objects or
 * arrays, each taken out as its compact text into texts[k]: jansson then
 * never builds the tree of a bulky document only for it to be written out
 * as text again, nor reads its bytes. Each value taken was checked as
 * jansson would (ct_json_skim); at the first thing the walk is not sure
 * of it stops and copies the rest as it is, for jansson to read or to
 * report. 1 when something was taken (js->lifted holds the text to
 * parse), else 0.
 */
static int
js_lift(struct ct_json_stream *js, const char *const *keys, char **texts)
{
	char *p = js->item.s, *from = js->item.s, *k, *v, *ve;
	size_t klen;
	int spaced, took = 0;

	ct_buf_reset(&js->lifted);
	if (!p || *p != '{')
		return 0;
	p++;
	for (int first = 1; dr_member(&p, first, &k, &klen, &v, &ve, &spaced) == 1; first = 0)
		for (size_t i = 0; keys[i] && (*v == '{' || *v == '['); i++) {
			if (texts[i] || !dr_key_is(k, klen, keys[i]))
				continue;
			texts[i] = spaced ? ct_json_compact(v, (size_t)(ve - v))
					  : ct_xstrndup(v, (size_t)(ve - v));
			ct_buf_add(&js->lifted, from, (size_t)(v - from));
			ct_buf_puts(&js->lifted, "null");
			from = ve;
			took = 1;
			break;
		}
	if (took)
		ct_buf_add(&js->lifted, from, js->item.len - (size_t)(from - js->item.s));
	return took;
}

int
ct_json_stream_next(struct ct_json_stream *js, json_t **item, size_t *line, struct ct_err *err)
{
	return ct_json_stream_next_lifted(js, NULL, NULL, item, line, err);
}

/* The next element of the stream into js->item: 1 with the line and
 * column it starts at, 0 after the last, CT_EINPUT. */
static int
js_next_item(struct ct_json_stream *js, size_t *at_line, size_t *at_col, struct ct_err *err)
{
	int c;

	if (js->state == JS_END)
		return 0;
	c = js_skip(js);
	if (js->state == JS_START) {
		if (c == '[') {
			js->state = JS_ARRAY;
			c = js_skip(js);
			if (c == ']')
				goto end;
		} else if (c == '{') {
			js->state = JS_ONE;
		} else {
			return js_fail(js, c, err, "not a JSON array or object");
		}
	} else if (js->state == JS_ARRAY) {
		if (c == ']')
			goto end;
		if (c != ',')
			return js_fail(js, c, err, "',' or ']' expected");
		c = js_skip(js);
		if (c == ']')
			return js_fail(js, c, err, "a value expected after ','");
	} else {
		goto end;     /* the one object has been read */
	}
	*at_line = js->line;
	*at_col = js->col - 1;
	return js_element(js, c, err) != 0 ? CT_EINPUT : 1;
end:
	/* Nothing may follow the array or the object. */
	if ((c = js_skip(js)) != EOF)
		return js_fail(js, c, err, "end of file expected");
	js->state = JS_END;
	return ferror(js->fp) ? js_fail(js, EOF, err, "") : 0;
}

/* The element just read (js_next_item, at at_line:at_col) parsed by
 * jansson, keys lifted first (NULL: none). */
static int
js_parse(struct ct_json_stream *js, const char *const *keys, char **texts, json_t **item,
	 size_t at_line, size_t at_col, struct ct_err *err)
{
	json_error_t je;
	int lifted = keys && js_lift(js, keys, texts);

	if (lifted)
		*item = json_loadb(js->lifted.s, js->lifted.len, JSON_REJECT_DUPLICATES, &je);
	else
		*item = json_loadb(js->item.s, js->item.len, JSON_REJECT_DUPLICATES, &je);
	if (*item)
		return 1;
	for (size_t i = 0; keys && keys[i]; i++) {
		free(texts[i]);
		texts[i] = NULL;
	}
	/* The mistake where it is in the file: the item as written (what
	 * was taken out was valid, so it fails there too). */
	if (lifted)
		json_decref(json_loadb(js->item.s, js->item.len, JSON_REJECT_DUPLICATES, &je));
	js->state = JS_END;
	return ct_fail(err, CT_EINPUT, "%s:%zu:%zu: %s", js->file, at_line + (size_t)je.line - 1,
		       je.line <= 1 ? at_col + (size_t)je.column - 1 : (size_t)je.column, je.text);
}

int
ct_json_stream_next_lifted(struct ct_json_stream *js, const char *const *keys, char **texts,
			   json_t **item, size_t *line, struct ct_err *err)
{
	size_t at_line = 0, at_col = 0;
	int rc;

	*item = NULL;
	for (size_t i = 0; keys && keys[i]; i++)
		texts[i] = NULL;
	if ((rc = js_next_item(js, &at_line, &at_col, err)) != 1)
		return rc;
	if ((rc = js_parse(js, keys, texts, item, at_line, at_col, err)) == 1)
		*line = at_line;
	return rc;
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

static int
absent(json_t *v)
{
	return !v || json_is_null(v);
}

/* A string or null (absent = null). */
static int
get_str(struct jin *in, json_t *v, const char *what, char **out)
{
	*out = NULL;
	if (absent(v))
		return 0;
	if (!json_is_string(v))
		return bad_type(in, what, "a string");
	*out = ct_xstrdup(json_string_value(v));
	return 0;
}

static int
get_time(struct jin *in, json_t *v, const char *what, int required, long long *out)
{
	*out = 0;
	if (absent(v))
		return required ? ct_fail(in->err, CT_EINPUT, "%s: %s is missing", in->where, what)
				: 0;
	if (!json_is_string(v) || parse_time(json_string_value(v), out) != 0)
		return bad_type(in, what, "an ISO 8601 time");
	return 0;
}

static int
get_int(struct jin *in, json_t *v, const char *what, int nullable, long long lo, long long hi,
	long long *out)
{
	*out = 0;
	if (absent(v) && nullable)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return bad_type(in, what, "an integer in range");
	*out = json_integer_value(v);
	return 0;
}

/* A stored document: null, the text kept as a string, or any other JSON
 * value kept as its compact text (the export shows it parsed again). */
static char *
doc_text(json_t *v)
{
	if (absent(v))
		return NULL;
	if (json_is_string(v))
		return ct_xstrdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* One field from its JSON value v (ticket.h, the types' table). */
static int
read_field(struct jin *in, json_t *v, const struct ct_field *f, struct ct_ticket *t)
{
	const char *what = f->json, *k;
	char *s = NULL;
	long long n;
	json_t *x;
	size_t i;
	int rc;

	switch (f->type) {
	case CT_FT_ID:
	case CT_FT_INT:
	case CT_FT_SECONDS:
	case CT_FT_REF:
		if ((rc = get_int(in, v, what, !(f->flags & CT_FF_REQUIRED), f->min, f->max, &n)))
			return rc;
		ct_field_set_int(t, f, n);
		return 0;
	case CT_FT_FLAG:
		if (!absent(v) && !json_is_boolean(v))
			return bad_type(in, what, "true or false");
		ct_field_set_int(t, f, json_is_true(v));
		return 0;
	case CT_FT_TEXT:
		return get_str(in, v, what, (char **)ct_field_ptr(t, f));
	case CT_FT_STATUS:
		if ((rc = get_str(in, v, what, &s)))
			return rc;
		t->status = ct_status_from_name(s);
		if (t->status == CT_STATUS_NONE)
			rc = ct_fail(in->err, CT_EINPUT, "%s: status \"%s\" is not one of the lifecycle's",
				     in->where, s ? s : "");
		free(s);
		return rc;
	case CT_FT_TIME:
		if ((rc = get_time(in, v, what, f->flags & CT_FF_REQUIRED, &n)))
			return rc;
		ct_field_set_int(t, f, n);
		return 0;
	case CT_FT_TAGS:
		if (v && !json_is_array(v))
			return bad_type(in, what, "an array");
		t->tags = ct_xcalloc(json_array_size(v) + 1, sizeof(*t->tags));
		json_array_foreach(v, i, x) {
			if (!json_is_string(x))
				return bad_type(in, "a tag", "a string");
			t->tags[t->ntags++] = ct_xstrdup(json_string_value(x));
		}
		return 0;
	case CT_FT_DEADLINES:
		if (v && !json_is_object(v))
			return bad_type(in, what, "an object");
		t->deadlines = ct_xcalloc(json_object_size(v) + 1, sizeof(*t->deadlines));
		json_object_foreach(v, k, x) {
			struct ct_deadline *d = &t->deadlines[t->ndeadlines];

			if (!json_is_string(x) || parse_time(json_string_value(x), &d->due) != 0)
				return bad_type(in, "a deadline", "an ISO 8601 time");
			d->stage = ct_xstrdup(k);
			t->ndeadlines++;
		}
		return 0;
	case CT_FT_DOC:
		*(char **)ct_field_ptr(t, f) = doc_text(v);
		return 0;
	}
	return 0;
}

static int
read_event(struct jin *in, json_t *o, struct ct_event *e)
{
	json_t *d;
	long long rev;
	int rc;

	if (!json_is_object(o))
		return bad_type(in, "a history item", "an object");
	if ((rc = get_time(in, json_object_get(o, "at"), "at", 0, &e->at)) ||
	    (rc = get_str(in, json_object_get(o, "who"), "who", &e->who)) ||
	    (rc = get_str(in, json_object_get(o, "action"), "action", &e->action)) ||
	    (rc = get_int(in, json_object_get(o, "rev"), "rev", 1, 0, 2147483647, &rev)) ||
	    (rc = get_str(in, json_object_get(o, "status"), "status", &e->status)))
		return rc;
	e->rev = (int)rev;
	d = json_object_get(o, "detail");
	if (json_is_object(d))
		e->detail = json_dumps(d, JSON_COMPACT);
	else if ((rc = get_str(in, d, "detail", &e->detail)))
		return rc;
	return 0;
}

int
ct_ticket_from_export_json(json_t *o, struct ct_ticket *t, struct ct_event **evp, size_t *nevp,
			   const char *where, struct ct_err *err)
{
	struct jin in = { where, err };
	struct ct_event *ev = NULL;
	char why[160];
	size_t nev = 0, i;
	json_t *x, *v;
	int rc;

	memset(t, 0, sizeof(*t));
	*evp = NULL;
	*nevp = 0;
	if (!json_is_object(o))
		return bad_type(&in, "the ticket", "an object");
	for (i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		char grp[32];
		const char *key = ct_field_json_key(f, grp, sizeof(grp));
		json_t *from = o;

		if (*grp) {
			/* A member of an object such as "reply" (null: none set). */
			from = json_object_get(o, grp);
			if (absent(from))
				continue;
			if (!json_is_object(from)) {
				rc = bad_type(&in, grp, "an object");
				goto fail;
			}
		}
		if ((rc = read_field(&in, json_object_get(from, key), f, t)))
			goto fail;
	}
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
	/* As filing and the workflow make them (ticket.h). */
	if (ct_ticket_check(t, ev, nev, 1, why, sizeof(why)) != 0) {
		rc = ct_fail(err, CT_EINPUT, "%s: %s", where, why);
		goto fail;
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
 * An export's ticket read from its text, without a tree: `ticket import`'s
 * common case, where jansson's parse cost more than all the rest of the
 * reading. The walk takes only what it is sure of, the export as this
 * program writes it: each member of the type the field table gives, no key
 * twice in an object, no escape in a string, a history item's detail in
 * the form jansson writes it back (integers only), every value checked by
 * ct_json_skim. For that it gives the ticket the tree reader gives (the
 * fuzz target compares the two); on anything else it answers -1 and the
 * tree reader reads the ticket, or says what is wrong with it.
 */

/* Keys of one object outside the field table, kept to see one twice. */
#define DR_OTHER 8

struct dr_keys {
	const char *k[DR_OTHER];
	size_t n[DR_OTHER];
	size_t count;
};

/* A key no field reads: -1 when seen before in its object (or too many). */
static int
dr_other(struct dr_keys *o, const char *k, size_t n)
{
	for (size_t i = 0; i < o->count; i++)
		if (o->n[i] == n && !memcmp(o->k[i], k, n))
			return -1;
	if (o->count == DR_OTHER)
		return -1;
	o->k[o->count] = k;
	o->n[o->count++] = n;
	return 0;
}

/* The next element of an array (dr_next, dr_value). */
static int
dr_element(char **pp, int first, char **v, char **ve, int *spaced)
{
	int rc = dr_next(pp, first, ']');

	return rc == 1 ? dr_value(pp, v, ve, spaced) : rc;
}

/* A string or null [v, ve): 0 with a copy in *out (NULL for null); -1
 * for anything else, or a string with an escape. */
static int
dr_text(const char *v, const char *ve, char **out)
{
	*out = NULL;
	if (*v == 'n')
		return 0;
	if (*v != '"' || memchr(v + 1, '\\', (size_t)(ve - v - 2)))
		return -1;
	*out = ct_xstrndup(v + 1, (size_t)(ve - v - 2));
	return 0;
}

/* A time string [v, ve): 0 with *out, else -1. */
static int
dr_time(const char *v, const char *ve, long long *out)
{
	char buf[64];
	size_t n = (size_t)(ve - v);

	if (*v != '"' || n < 2 || n - 2 >= sizeof(buf) || memchr(v + 1, '\\', n - 2))
		return -1;
	memcpy(buf, v + 1, n - 2);
	buf[n - 2] = '\0';
	return parse_time(buf, out);
}

/* An object or array [v, ve) as json_dumps(JSON_COMPACT) writes it back:
 * its compact text when that is sure (no escape, every number an integer
 * other than -0), else -1. */
static int
dr_dumped(const char *v, const char *ve, int spaced, char **out)
{
	for (const char *p = v; p < ve; p++) {
		if (*p == '"') {
			for (p++; *p != '"'; p++)
				if (*p == '\\')
					return -1;
		} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
			if (p[0] == '-' && p[1] == '0')
				return -1;
			while (p + 1 < ve && p[1] >= '0' && p[1] <= '9')
				p++;
			if (p[1] == '.' || p[1] == 'e' || p[1] == 'E')
				return -1;
		}
	}
	*out = spaced ? ct_json_compact(v, (size_t)(ve - v)) : ct_xstrndup(v, (size_t)(ve - v));
	return 0;
}

/* Every string of an array [v, ve) (tags). */
static int
dr_tags(char *v, struct ct_ticket *t)
{
	size_t cap = 0;
	char *p = v + 1, *e, *ee;
	int sp, rc;

	t->tags = ct_xgrow(NULL, 1, &cap, sizeof(*t->tags));
	t->tags[0] = NULL;
	for (int first = 1; (rc = dr_element(&p, first, &e, &ee, &sp)) == 1; first = 0) {
		char *tag;

		if (*e != '"' || dr_text(e, ee, &tag) != 0)
			return -1;
		t->tags = ct_xgrow(t->tags, t->ntags + 2, &cap, sizeof(*t->tags));
		t->tags[t->ntags++] = tag;
		t->tags[t->ntags] = NULL;
	}
	return rc;
}

/* Each stage: its time, of an object [v, ve) (deadlines). */
static int
dr_deadlines(char *v, struct ct_ticket *t)
{
	size_t cap = 0, klen;
	char *p = v + 1, *k, *e, *ee;
	int sp, rc;

	t->deadlines = ct_xgrow(NULL, 1, &cap, sizeof(*t->deadlines));
	memset(t->deadlines, 0, sizeof(*t->deadlines));
	for (int first = 1; (rc = dr_member(&p, first, &k, &klen, &e, &ee, &sp)) == 1; first = 0) {
		struct ct_deadline *d;

		for (size_t i = 0; i < t->ndeadlines; i++)
			if (dr_key_is(k, klen, t->deadlines[i].stage))
				return -1;
		t->deadlines = ct_xgrow(t->deadlines, t->ndeadlines + 2, &cap, sizeof(*t->deadlines));
		d = &t->deadlines[t->ndeadlines];
		memset(d, 0, 2 * sizeof(*d));
		if (dr_time(e, ee, &d->due) != 0)
			return -1;
		d->stage = ct_xstrndup(k, klen);
		t->ndeadlines++;
	}
	return rc;
}

/* One field's value [v, ve) (read_field's rules). */
static int
dr_field(struct ct_ticket *t, const struct ct_field *f, char *v, char *ve, int spaced)
{
	int null = *v == 'n';
	long long n = 0;
	char *s;

	switch (f->type) {
	case CT_FT_ID:
	case CT_FT_INT:
	case CT_FT_SECONDS:
	case CT_FT_REF:
		if (null ? (f->flags & CT_FF_REQUIRED) != 0
			 : ct_parse_integer(v, ve, &n) != 0 || n < f->min || n > f->max)
			return -1;
		ct_field_set_int(t, f, n);
		return 0;
	case CT_FT_FLAG:
		if (*v != 't' && *v != 'f' && !null)
			return -1;
		ct_field_set_int(t, f, *v == 't');
		return 0;
	case CT_FT_TEXT:
		return dr_text(v, ve, (char **)ct_field_ptr(t, f));
	case CT_FT_STATUS:
		if (dr_text(v, ve, &s) != 0)
			return -1;
		t->status = ct_status_from_name(s);
		free(s);
		return t->status == CT_STATUS_NONE ? -1 : 0;
	case CT_FT_TIME:
		if (null ? (f->flags & CT_FF_REQUIRED) != 0 : dr_time(v, ve, &n) != 0)
			return -1;
		ct_field_set_int(t, f, n);
		return 0;
	case CT_FT_TAGS:
		return *v == '[' ? dr_tags(v, t) : -1;
	case CT_FT_DEADLINES:
		return *v == '{' ? dr_deadlines(v, t) : -1;
	case CT_FT_DOC:
		if (*v != '{' && *v != '[')
			return dr_text(v, ve, (char **)ct_field_ptr(t, f));
		/* One in an object such as "reply" is not taken out before the
		 * tree is built: jansson writes it back. */
		if (strchr(f->json, '.'))
			return dr_dumped(v, ve, spaced, (char **)ct_field_ptr(t, f));
		*(char **)ct_field_ptr(t, f) = spaced ? ct_json_compact(v, (size_t)(ve - v))
						      : ct_xstrndup(v, (size_t)(ve - v));
		return 0;
	}
	return -1;
}

/* One history item, an object [v, ve) (read_event's rules). */
static int
dr_event(char *v, struct ct_event *e)
{
	struct dr_keys other = { .count = 0 };
	unsigned seen = 0;
	size_t klen;
	char *p = v + 1, *k, *x, *xe;
	long long n;
	int sp, rc;

	if (*v != '{')
		return -1;
	for (int first = 1; (rc = dr_member(&p, first, &k, &klen, &x, &xe, &sp)) == 1; first = 0) {
		static const char *const keys[] = { "at", "who", "action", "rev", "status", "detail" };
		size_t i = 0;

		while (i < 6 && !dr_key_is(k, klen, keys[i]))
			i++;
		if (i == 6) {
			if (dr_other(&other, k, klen) != 0)
				return -1;
			continue;
		}
		if (seen & (1u << i))
			return -1;
		seen |= 1u << i;
		switch (i) {
		case 0:
			n = 0;
			if (*x != 'n' && dr_time(x, xe, &n) != 0)
				return -1;
			e->at = n;
			break;
		case 1:
			rc = dr_text(x, xe, &e->who);
			break;
		case 2:
			rc = dr_text(x, xe, &e->action);
			break;
		case 3:
			n = 0;
			if (*x != 'n' && (ct_parse_integer(x, xe, &n) != 0 || n < 0 || n > 2147483647))
				return -1;
			e->rev = (int)n;
			break;
		case 4:
			rc = dr_text(x, xe, &e->status);
			break;
		default:
			rc = *x == '{' ? dr_dumped(x, xe, sp, &e->detail) : *x == '[' ? -1
			     : dr_text(x, xe, &e->detail);
			break;
		}
		if (rc != 1 && rc != 0)
			return -1;
	}
	return rc;
}

/* The history, an array [v, ve) of items. */
static int
dr_history(char *v, struct ct_event **evp, size_t *nevp)
{
	size_t cap = 0;
	char *p = v + 1, *x, *xe;
	int sp, rc;

	if (*v != '[')
		return -1;
	for (int first = 1; (rc = dr_element(&p, first, &x, &xe, &sp)) == 1; first = 0) {
		struct ct_event *e;

		*evp = ct_xgrow(*evp, *nevp + 1, &cap, sizeof(**evp));
		e = &(*evp)[(*nevp)++];
		memset(e, 0, sizeof(*e));
		if (dr_event(x, e) != 0)
			return -1;
		for (size_t q = 0; e->rev && q + 1 < *nevp; q++)
			if ((*evp)[q].rev == e->rev)
				return -1;
	}
	return rc;
}

/* The fields a walk reads, at most. */
#define DR_FIELDS 64

/* The members of object [v, ...) that are fields of group grp ("" for the
 * ticket's own), into t; seen[i] set for each field i read. A member
 * naming a group is that group's object (read when groups is set). */
static int
dr_object(char *v, const char *grp, struct ct_ticket *t, struct ct_event **evp, size_t *nevp,
	  const char *const *key, const char *const *group, unsigned char *seen,
	  unsigned char *groups)
{
	struct dr_keys other = { .count = 0 };
	size_t klen, next = 0;
	char *p = v + 1, *k, *x, *xe;
	int sp, rc, history = 0;

	for (int first = 1; (rc = dr_member(&p, first, &k, &klen, &x, &xe, &sp)) == 1; first = 0) {
		size_t i = ct_nfields;

		/* Looked for from the field after the last one found: an export
		 * writes them in the table's order, so the first looked at is
		 * nearly always the one. */
		for (size_t n = 0; n < ct_nfields; n++) {
			size_t j = (next + n) % ct_nfields;

			if (dr_key_is(k, klen, key[j]) && !strcmp(group[j], grp)) {
				i = j;
				break;
			}
		}
		if (i < ct_nfields) {
			next = i + 1;
			if (seen[i] || dr_field(t, &ct_fields[i], x, xe, sp) != 0)
				return -1;
			seen[i] = 1;
			continue;
		}
		if (groups) {
			if (dr_key_is(k, klen, "history")) {
				if (history++ || dr_history(x, evp, nevp) != 0)
					return -1;
				continue;
			}
			for (i = 0; i < ct_nfields; i++)
				if (*group[i] && dr_key_is(k, klen, group[i]))
					break;
			if (i < ct_nfields) {
				/* The first field of the group stands for it. */
				if (groups[i] || (*x != 'n' && *x != '{'))
					return -1;
				groups[i] = *x == '{' ? 2 : 1;
				if (*x == '{' && dr_object(x, group[i], t, evp, nevp, key, group, seen,
							   NULL) != 0)
					return -1;
				continue;
			}
		}
		if (dr_other(&other, k, klen) != 0)
			return -1;
	}
	return rc;
}

/*
 * The ticket of the export object at s: 0 with *t, *evp, *nevp as
 * ct_ticket_from_export_json gives them; -1 with nothing kept when the
 * walk is not sure (the tree reader then reads s).
 */
static int
direct_ticket(char *s, struct ct_ticket *t, struct ct_event **evp, size_t *nevp)
{
	char grps[DR_FIELDS][32];
	const char *key[DR_FIELDS], *group[DR_FIELDS];
	unsigned char seen[DR_FIELDS] = { 0 }, groups[DR_FIELDS] = { 0 };
	char why[160];

	memset(t, 0, sizeof(*t));
	*evp = NULL;
	*nevp = 0;
	if (!s || *s != '{' || ct_nfields > DR_FIELDS)
		return -1;
	for (size_t i = 0; i < ct_nfields; i++) {
		key[i] = ct_field_json_key(&ct_fields[i], grps[i], sizeof(grps[i]));
		group[i] = grps[i];
	}
	/* A group's members share its first field's mark in groups. */
	for (size_t i = 0; i < ct_nfields; i++)
		for (size_t j = 0; *group[i] && j < i; j++)
			if (!strcmp(group[j], group[i])) {
				group[i] = group[j];
				break;
			}
	if (dr_object(s, "", t, evp, nevp, key, group, seen, groups) != 0)
		goto unsure;
	/* What was not there: as the tree reader takes an absent member. */
	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		size_t g = 0;

		if (seen[i])
			continue;
		if (*group[i]) {
			while (group[g] != group[i])
				g++;
			if (groups[g] != 2)
				continue;   /* the group absent or null: none read */
		}
		if ((f->flags & CT_FF_REQUIRED) &&
		    (f->type == CT_FT_ID || f->type == CT_FT_INT || f->type == CT_FT_SECONDS ||
		     f->type == CT_FT_REF || f->type == CT_FT_TIME))
			goto unsure;
		if (f->type == CT_FT_STATUS)
			goto unsure;
		if (f->type == CT_FT_TAGS)
			t->tags = ct_xcalloc(1, sizeof(*t->tags));
		if (f->type == CT_FT_DEADLINES)
			t->deadlines = ct_xcalloc(1, sizeof(*t->deadlines));
	}
	for (size_t i = 0; i < *nevp; i++)
		(*evp)[i].ticket = t->id;
	if (ct_ticket_check(t, *evp, *nevp, 1, why, sizeof(why)) != 0)
		goto unsure;
	return 0;
unsure:
	ct_events_free(*evp, *nevp);
	ct_ticket_free(t);
	memset(t, 0, sizeof(*t));
	*evp = NULL;
	*nevp = 0;
	return -1;
}

/* The stored documents of a ticket (the field table's CT_FT_DOC members of
 * the export's top level), at most this many. */
#define EXPORT_DOCS 4

int
ct_export_json_next(struct ct_json_stream *js, size_t n, struct ct_ticket *t,
		    struct ct_event **ev, size_t *nev, size_t *line, struct ct_err *err)
{
	const char *keys[EXPORT_DOCS + 1];
	char *texts[EXPORT_DOCS], where[512];
	const struct ct_field *doc[EXPORT_DOCS];
	size_t nk = 0, at_line = 0, at_col = 0;
	json_t *x;
	int rc;

	memset(t, 0, sizeof(*t));
	*ev = NULL;
	*nev = 0;
	for (size_t i = 0; i < ct_nfields && nk < EXPORT_DOCS; i++)
		if (ct_fields[i].type == CT_FT_DOC && !strchr(ct_fields[i].json, '.')) {
			doc[nk] = &ct_fields[i];
			keys[nk++] = ct_fields[i].json;
		}
	keys[nk] = NULL;
	for (size_t k = 0; k < nk; k++)
		texts[k] = NULL;
	if ((rc = js_next_item(js, &at_line, &at_col, err)) != 1)
		return rc;
	*line = at_line;
	if (direct_ticket(js->item.s, t, ev, nev) == 0)
		return 1;
	if ((rc = js_parse(js, keys, texts, &x, at_line, at_col, err)) != 1)
		return rc;
	snprintf(where, sizeof(where), "%s:%zu: ticket %zu", js->file, *line, n);
	rc = ct_ticket_from_export_json(x, t, ev, nev, where, err);
	json_decref(x);
	for (size_t k = 0; k < nk; k++) {
		char **field = (char **)ct_field_ptr(t, doc[k]);

		/* The member read as the null put in its place. */
		if (rc == 0 && texts[k] && !*field)
			*field = texts[k];
		else
			free(texts[k]);
	}
	return rc ? rc : 1;
}

/* ---------------------------------------------------------------------
 * CSV
 */

/* Cap on one field (evidence is at most 64 KiB, quoted it may double). */
#define CSV_FIELD_MAX (256u * 1024)
/* Room for every column of the field table (ct_ticket_csv_columns). */
#define CSV_COLUMNS_MAX 64

/* One record from *p (end at e): fields into f (NULL = empty), their count
 * in *nf. *line is the physical line count, advanced past the record.
 * Returns 0, or -1 with *why set. */
static int
csv_record(const char **p, const char *e, char **f, size_t ncol, size_t *nf, size_t *line,
	   const char **why)
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
		if (*nf >= ncol) {
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

/* One field from its CSV text s (NULL when empty; taken when kept). 0, or
 * -1 when s is not valid for it (ticket.h, the types' table). */
static int
csv_field(char **s, const struct ct_field *f, struct ct_ticket *t)
{
	const char *q;
	long long n;

	/* The export's guard against formulas (util.h ct_csv_guarded): its
	 * single quote is not part of the value. */
	if (*s && (*s)[0] == '\'' && ct_csv_guarded(*s + 1))
		memmove(*s, *s + 1, strlen(*s));
	switch (f->type) {
	case CT_FT_ID:
	case CT_FT_INT:
	case CT_FT_SECONDS:
	case CT_FT_FLAG:
		if (csv_int(*s, f->min, f->max, &n))
			return -1;
		ct_field_set_int(t, f, n);
		return 0;
	case CT_FT_REF:
		if (*s && csv_int(*s, f->min, f->max, &n))
			return -1;
		ct_field_set_int(t, f, *s ? n : 0);
		return 0;
	case CT_FT_TEXT:
	case CT_FT_DOC:
		*(char **)ct_field_ptr(t, f) = *s;
		*s = NULL;
		return 0;
	case CT_FT_STATUS:
		t->status = ct_status_from_name(*s);
		return t->status == CT_STATUS_NONE ? -1 : 0;
	case CT_FT_TIME:
		if (!*s)
			return f->flags & CT_FF_REQUIRED ? -1 : 0;
		if (parse_time(*s, &n))
			return -1;
		ct_field_set_int(t, f, n);
		return 0;
	case CT_FT_TAGS:
		/* a;b;c */
		q = *s ? *s : "";
		t->tags = ct_xcalloc(strlen(q) + 2, sizeof(*t->tags));
		while (*q) {
			size_t l = strcspn(q, ";");

			t->tags[t->ntags++] = ct_xstrndup(q, l);
			q += l;
			if (*q == ';' && !*++q)
				return -1;
		}
		return 0;
	case CT_FT_DEADLINES:
		/* stage=time;stage=time */
		q = *s ? *s : "";
		t->deadlines = ct_xcalloc(strlen(q) + 2, sizeof(*t->deadlines));
		while (*q) {
			size_t l = strcspn(q, ";"), eq = strcspn(q, "=");
			struct ct_deadline *d = &t->deadlines[t->ndeadlines];
			char tm[40];

			if (eq >= l || l - eq - 1 >= sizeof(tm))
				return -1;
			d->stage = ct_xstrndup(q, eq);
			memcpy(tm, q + eq + 1, l - eq - 1);
			tm[l - eq - 1] = '\0';
			t->ndeadlines++;
			if (parse_time(tm, &d->due))
				return -1;
			q += l;
			if (*q == ';' && !*++q)
				return -1;
		}
		return 0;
	}
	return 0;
}

/* A record's fields f (one per column, in the header's order) as a
 * ticket; *bad names the column that is not valid. */
static int
csv_ticket(char **f, struct ct_ticket *t, const char **bad)
{
	size_t c = 0;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < ct_nfields; i++) {
		if (!ct_fields[i].csv)
			continue;
		if (csv_field(&f[c++], &ct_fields[i], t) != 0) {
			*bad = ct_fields[i].csv;
			return -1;
		}
	}
	return 0;
}

/* One record's bytes from the file: to a line end outside quotes (the
 * quotes' parity), or the end of the file. Returns its length (0 at the
 * end). Capped: a longer record holds a field csv_record refuses. */
#define CSV_RECORD_MAX (2 * CSV_FIELD_MAX * (CSV_COLUMNS_MAX + 1))

static size_t
csv_read_record(FILE *fp, struct ct_buf *b)
{
	int c, quoted = 0;

	ct_buf_reset(b);
	while (b->len < CSV_RECORD_MAX && (c = getc(fp)) != EOF) {
		char ch = (char)c;

		ct_buf_add(b, &ch, 1);
		if (c == '"')
			quoted = !quoted;
		else if (c == '\n' && !quoted)
			break;
	}
	return b->len;
}

void
ct_csv_stream_init(struct ct_csv_stream *cs, FILE *fp, const char *file)
{
	memset(cs, 0, sizeof(*cs));
	cs->fp = fp;
	cs->file = file;
	cs->line = 1;
}

void
ct_csv_stream_free(struct ct_csv_stream *cs)
{
	ct_buf_free(&cs->rec);
}

int
ct_csv_stream_next(struct ct_csv_stream *cs, struct ct_ticket *t, size_t *line,
		   struct ct_err *err)
{
	size_t ncol = ct_ticket_csv_columns();
	char *f[CSV_COLUMNS_MAX] = { 0 };
	size_t nf = 0, at;
	const char *p, *e, *why = NULL, *col = NULL;
	char why2[160];
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (!cs->header) {
		struct ct_buf hdr = CT_BUF_INIT;
		size_t n = csv_read_record(cs->fp, &cs->rec);

		ct_ticket_csv_header(&hdr, 0);
		/* The header, then a line end or nothing. */
		if (n < hdr.len || memcmp(cs->rec.s, hdr.s, hdr.len) != 0 ||
		    !(n == hdr.len || !strcmp(cs->rec.s + hdr.len, "\n") ||
		      !strcmp(cs->rec.s + hdr.len, "\r\n"))) {
			ct_buf_free(&hdr);
			return ct_fail(err, CT_EINPUT, "%s:1: not the header of a ticket export",
				       cs->file);
		}
		ct_buf_free(&hdr);
		cs->header = 1;
		cs->line = 2;
	}
	if (csv_read_record(cs->fp, &cs->rec) == 0)
		return ferror(cs->fp) ? ct_fail(err, CT_EINPUT, "%s: cannot read the file", cs->file)
				      : 0;
	p = cs->rec.s;
	e = p + cs->rec.len;
	at = cs->line;
	if (csv_record(&p, e, f, ncol, &nf, &cs->line, &why) != 0) {
		rc = ct_fail(err, CT_EINPUT, "%s:%zu: %s", cs->file, at, why);
	} else if (p != e) {
		/* The parity scan and the record disagree only on a record
		 * longer than the cap. */
		rc = ct_fail(err, CT_EINPUT, "%s:%zu: a field is too long", cs->file, at);
	} else if (nf != ncol) {
		rc = ct_fail(err, CT_EINPUT, "%s:%zu: %zu columns, the header has %zu", cs->file, at,
			     nf, ncol);
	} else if (csv_ticket(f, t, &col) != 0) {
		rc = ct_fail(err, CT_EINPUT, "%s:%zu: %s is not valid", cs->file, at, col);
	} else if (ct_ticket_check(t, NULL, 0, 0, why2, sizeof(why2)) != 0) {
		/* The CSV carries no history: the rest as filing makes it. */
		rc = ct_fail(err, CT_EINPUT, "%s:%zu: ticket %lld: %s", cs->file, at, t->id, why2);
	}
	for (size_t i = 0; i < ncol; i++)
		free(f[i]);
	if (rc) {
		ct_ticket_free(t);
		return rc;
	}
	*line = at;
	return 1;
}

int
ct_tickets_from_export_csv(const char *text, size_t len, const char *file,
			   struct ct_ticket **out, size_t **lines, size_t *nout, struct ct_err *err)
{
	struct ct_csv_stream cs;
	struct ct_ticket *v = NULL, t;
	size_t *ln = NULL, n = 0, cap = 0, line;
	FILE *fp;
	int rc;

	*out = NULL;
	*lines = NULL;
	*nout = 0;
	if (len == 0)
		return ct_fail(err, CT_EINPUT, "%s:1: not the header of a ticket export", file);
	fp = fmemopen((void *)text, len, "r");
	if (!fp)
		return ct_fail(err, CT_EINPUT, "%s: out of memory", file);
	ct_csv_stream_init(&cs, fp, file);
	while ((rc = ct_csv_stream_next(&cs, &t, &line, err)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = ct_xrealloc(v, cap * sizeof(*v));
			ln = ct_xrealloc(ln, cap * sizeof(*ln));
		}
		v[n] = t;
		ln[n++] = line;
	}
	ct_csv_stream_free(&cs);
	fclose(fp);
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
