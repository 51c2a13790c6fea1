/*
 * ticket.c — a ticket in memory (ticket.h): freeing one (every member the
 * field table names), its history, reading a member of its stored JSON
 * documents, and the annotation a ticket gets when the NOC's monitoring
 * explains it (a tag and an action line), and the check of a ticket read
 * from outside.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/ticket.h"
#include "celltriage/verdict.h"   /* ct_cause_valid (kept in src/util/names.c) */

void
ct_ticket_free(struct ct_ticket *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].type == CT_FT_TEXT || ct_fields[i].type == CT_FT_DOC)
			free(*(char **)ct_field_ptr(t, &ct_fields[i]));
	for (size_t k = 0; k < t->ntags; k++)
		free(t->tags[k]);
	free(t->tags);
	for (size_t k = 0; k < t->ndeadlines; k++)
		free(t->deadlines[k].stage);
	free(t->deadlines);
	memset(t, 0, sizeof(*t));
}

void
ct_tickets_free(struct ct_ticket *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ct_ticket_free(&v[i]);
	free(v);
}

void
ct_events_free(struct ct_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].who);
		free(v[i].action);
		free(v[i].detail);
		free(v[i].status);
	}
	free(v);
}

/*
 * ct_doc_string reads stored documents many times over (every event's
 * detail of every ticket a month report counts, every complaint a search
 * indexes): a whole parse to a tree for one member cost more than the rest
 * of the work. doc_scan walks the text instead, checking it as strictly as
 * jansson does (RFC 8259 grammar, UTF-8, no U+0000), and answers only what
 * it is sure of: anything it leaves (an escape in the member wanted or in
 * a key, a long number that jansson might find out of range, deep nesting)
 * goes to jansson, so the answer is always jansson's.
 */
enum { SCAN_NO = 0, SCAN_BAD = -1, SCAN_ASK = -2 };

#define SCAN_DEPTH 64
/* Keys of one object compared for a repeat (ct_json_skim); an object with
 * more is left to jansson. */
#define SCAN_KEYS 48

/* What a walk found besides the grammar: ask, jansson must judge (set by
 * anything the walk is not sure of); dups, a key twice in an object is
 * asked about (as jansson's JSON_REJECT_DUPLICATES refuses it); spaced,
 * white space seen between tokens. */
struct scan {
	int ask;
	int dups;
	int spaced;
};

static const char *
scan_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* scan_ws inside a value: notes that there was some. */
static const char *
scan_ws_in(const char *p, struct scan *sc)
{
	const char *q = scan_ws(p);

	if (q != p)
		sc->spaced = 1;
	return q;
}

/* One UTF-8 sequence at p (its first byte >= 0x80): its length, or 0 when
 * it is not a well-formed one (overlong, a surrogate, above U+10FFFF). */
static size_t
scan_utf8(const unsigned char *p)
{
	unsigned c = p[0], v;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, v = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	return n;
}

/* Four hex digits at p: their value, or -1. */
static long
scan_hex4(const unsigned char *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int c = p[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + ((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	return v;
}

/* A string at *pp (at its opening quote): its raw text [*s, *e) between
 * the quotes; *esc 1 when it holds an escape (its text is not the raw
 * one), 2 when one of them is U+0000 (which jansson refuses). */
static int
scan_string(const char **pp, const char **s, const char **e, int *esc)
{
	const unsigned char *p = (const unsigned char *)*pp + 1;

	*s = (const char *)p;
	*esc = 0;
	for (;;) {
		if (*p == '"')
			break;
		if (*p < 0x20)
			return SCAN_BAD;
		if (*p == '\\') {
			if (!*esc)
				*esc = 1;
			if (p[1] == 'u') {
				long u = scan_hex4(p + 2), lo;

				if (u < 0)
					return SCAN_BAD;
				p += 6;
				if (u == 0)
					*esc = 2;  /* U+0000: jansson refuses the document */
				else if (u >= 0xdc00 && u <= 0xdfff)
					return SCAN_BAD;  /* a low surrogate alone */
				else if (u >= 0xd800 && u <= 0xdbff) {
					if (p[0] != '\\' || p[1] != 'u' || (lo = scan_hex4(p + 2)) < 0xdc00 ||
					    lo > 0xdfff)
						return SCAN_BAD;  /* a high one without its low one */
					p += 6;
				}
				continue;
			}
			if (!p[1] || !strchr("\"\\/bfnrt", p[1]))
				return SCAN_BAD;
			p += 2;
			continue;
		}
		if (*p >= 0x80) {
			size_t n = scan_utf8(p);

			if (!n)
				return SCAN_BAD;
			p += n;
			continue;
		}
		p++;
	}
	*e = (const char *)p;
	*pp = (const char *)p + 1;
	return SCAN_NO;
}

static int scan_value(const char **pp, int depth, struct scan *sc);

/* A number (RFC 8259 §6); a long one is left to jansson (range). */
static int
scan_number(const char **pp, struct scan *sc)
{
	const char *p = *pp, *start = p;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return SCAN_BAD;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return SCAN_BAD;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return SCAN_BAD;
		while (*p >= '0' && *p <= '9')
			p++;
		sc->ask = 1;  /* may overflow a double: jansson refuses that */
	}
	/* An integer beyond 64 bits, a real beyond a double: jansson refuses
	 * them. Up to 18 digits and 300 characters neither can be. */
	if (!memchr(start, '.', (size_t)(p - start)) ? p - start > 18 : p - start > 300)
		sc->ask = 1;
	*pp = p;
	return SCAN_NO;
}

/* Skips one value at *pp (after white space); sc->ask set when jansson
 * must judge the document. */
static int
scan_value(const char **pp, int depth, struct scan *sc)
{
	const char *p = scan_ws_in(*pp, sc), *s, *e;
	int esc;

	if (depth > SCAN_DEPTH) {
		sc->ask = 1;
		return SCAN_ASK;
	}
	if (*p == '"') {
		if (scan_string(&p, &s, &e, &esc) != SCAN_NO)
			return SCAN_BAD;
		if (esc == 2)
			sc->ask = 1;
	} else if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		const char *ks[SCAN_KEYS], *ke[SCAN_KEYS];
		size_t nk = 0;
		int rc;

		p = scan_ws_in(p + 1, sc);
		while (*p != close) {
			if (close == '}') {
				if (*p != '"' || scan_string(&p, &s, &e, &esc) != SCAN_NO)
					return SCAN_BAD;
				if (esc == 2)
					sc->ask = 1;
				if (sc->dups && !sc->ask) {
					/* An escaped key may spell another: jansson compares. */
					if (esc || nk == SCAN_KEYS)
						sc->ask = 1;
					for (size_t i = 0; i < nk && !sc->ask; i++)
						if (ke[i] - ks[i] == e - s && !memcmp(ks[i], s, (size_t)(e - s)))
							sc->ask = 1;
					if (!sc->ask) {
						ks[nk] = s;
						ke[nk++] = e;
					}
				}
				p = scan_ws_in(p, sc);
				if (*p++ != ':')
					return SCAN_BAD;
			}
			if ((rc = scan_value(&p, depth + 1, sc)) != SCAN_NO)
				return rc;
			p = scan_ws_in(p, sc);
			if (*p == close)
				break;
			if (*p++ != ',')
				return SCAN_BAD;
			p = scan_ws_in(p, sc);
			if (*p == close)
				return SCAN_BAD;  /* a trailing comma */
		}
		p++;
	} else if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4)) {
		p += 4;
	} else if (!strncmp(p, "false", 5)) {
		p += 5;
	} else if (scan_number(&p, sc) != SCAN_NO) {
		return SCAN_BAD;
	}
	*pp = p;
	return SCAN_NO;
}

int
ct_json_skim(const char *s, const char **end, int *spaced)
{
	struct scan sc = { 0, 1, 0 };
	const char *p = scan_ws(s);

	if (scan_value(&p, 1, &sc) != SCAN_NO || sc.ask)
		return 0;
	*end = p;
	*spaced = sc.spaced;
	return 1;
}

/* doc_scan: the string member key of doc's top-level object (its last
 * occurrence, as jansson keeps), 1 with *out set (NULL when there is none
 * or it is not a plain string); 0 when jansson must answer. */
static int
doc_scan(const char *doc, const char *key, char **out)
{
	const char *p = scan_ws(doc), *s, *e, *vs = NULL, *ve = NULL;
	size_t klen = strlen(key);
	struct scan sc = { 0, 0, 0 };
	int esc, found = 0;

	*out = NULL;
	if (*p != '{')
		return 0;  /* not an object: jansson says so, or fails */
	p = scan_ws(p + 1);
	if (*p != '}') {
		for (;;) {
			int match;

			if (*p != '"' || scan_string(&p, &s, &e, &esc) != SCAN_NO)
				return 0;
			if (esc)
				return 0;
			match = (size_t)(e - s) == klen && !memcmp(s, key, klen);
			p = scan_ws(p);
			if (*p++ != ':')
				return 0;
			p = scan_ws(p);
			if (match) {
				found = 1;
				vs = NULL;
				if (*p == '"') {
					const char *q = p;

					if (scan_string(&q, &s, &e, &esc) != SCAN_NO || esc)
						return 0;
					vs = s;
					ve = e;
				}
			}
			if (scan_value(&p, 1, &sc) != SCAN_NO || sc.ask)
				return 0;
			p = scan_ws(p);
			if (*p == '}')
				break;
			if (*p++ != ',')
				return 0;
			p = scan_ws(p);
		}
	}
	if (*scan_ws(p + 1))
		return 0;  /* text after the object */
	if (found && vs)
		*out = ct_xstrndup(vs, (size_t)(ve - vs));
	return 1;
}

char *
ct_doc_string(const char *doc, const char *key)
{
	char *fast;
	json_t *d;

	if (doc && doc_scan(doc, key, &fast))
		return fast;
	d = doc ? json_loads(doc, 0, NULL) : NULL;
	const char *s = json_string_value(json_object_get(d, key));
	char *copy = s ? ct_xstrdup(s) : NULL;

	json_decref(d);
	return copy;
}

/* The reply template of the complaint handling and assessment standard
 * (用户满意度). */
static const char *const satisfactions[] = { "satisfied", "partly", "unsatisfied", "unreachable",
					      NULL };

int
ct_satisfaction_valid(const char *s)
{
	for (const char *const *k = satisfactions; s && *k; k++)
		if (!strcmp(*k, s))
			return 1;
	return 0;
}

static int
has_tag(const struct ct_ticket *t, const char *tag)
{
	for (size_t i = 0; i < t->ntags; i++)
		if (t->tags[i] && !strcmp(t->tags[i], tag))
			return 1;
	return 0;
}

void
ct_ticket_annotate(struct ct_ticket *t, const char *tag, const char *action)
{
	json_t *v = NULL, *a;
	char *s;

	if (tag && !has_tag(t, tag)) {
		t->tags = ct_xrealloc(t->tags, (t->ntags + 1) * sizeof(*t->tags));
		t->tags[t->ntags++] = ct_xstrdup(tag);
	}
	if (t->verdict_json)
		v = json_loads(t->verdict_json, JSON_DECODE_ANY, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		return;
	}
	if (tag) {
		a = json_object_get(v, "tags");
		if (!json_is_array(a)) {
			a = json_array();
			json_object_set_new(v, "tags", a);
		}
		json_array_append_new(a, json_string(tag));
	}
	if (action) {
		a = json_object_get(v, "actions");
		if (!json_is_array(a)) {
			a = json_array();
			json_object_set_new(v, "actions", a);
		}
		/* First: the customer is told this before any repair plan. */
		json_array_insert_new(a, 0, json_string(action));
	}
	s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(v);
	if (s) {
		free(t->verdict_json);
		t->verdict_json = s;
	}
}

/* ---------------------------------------------------------------------
 * Kinds, and the check of an imported ticket
 */

const char *const ct_kinds[] = {
	CT_KIND_ORDINARY, CT_KIND_APPEAL, CT_KIND_REPEAT, CT_KIND_BATCH, NULL
};

int
ct_ticket_kind_is(const struct ct_ticket *t, const char *kind)
{
	return !strcmp(t->kind ? t->kind : CT_KIND_ORDINARY, kind);
}

int
ct_kind_valid(const char *kind)
{
	for (const char *const *k = ct_kinds; kind && *k; k++)
		if (!strcmp(*k, kind))
			return 1;
	return 0;
}

static int
time_ok(long long t)
{
	return t >= 0 && t <= CT_TIME_MAX;
}

int
ct_ticket_check(const struct ct_ticket *t, const struct ct_event *ev, size_t nev,
		int history, char *why, size_t n)
{
	char tm[40];

	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		long long v;

		switch (f->type) {
		case CT_FT_ID:
		case CT_FT_INT:
		case CT_FT_SECONDS:
		case CT_FT_FLAG:
		case CT_FT_REF:
			v = ct_field_int(t, f);
			/* A reference of 0 is none. */
			if (f->type == CT_FT_REF && v == 0)
				break;
			if (v < f->min || v > f->max) {
				snprintf(why, n, "%s %lld is not %lld to %lld", f->name, v, f->min,
					 f->max);
				return -1;
			}
			break;
		case CT_FT_TIME:
			if (!time_ok(ct_field_int(t, f))) {
				snprintf(why, n, "%s is not within the years 1970 to 9999", f->name);
				return -1;
			}
			break;
		case CT_FT_STATUS:
			/* None is the first status, as filing takes it. */
			if (t->status != CT_STATUS_NONE && !ct_status_name(t->status)) {
				snprintf(why, n, "status is not one of the lifecycle's");
				return -1;
			}
			break;
		default:
			break;
		}
	}
	/* The identifiers filing refuses control characters in (they would
	 * split an output line or drive a terminal). */
	{
		const char *const ids[] = { t->complaint, t->cell };
		const char *const names[] = { "complaint", "cell" };

		for (size_t i = 0; i < 2; i++) {
			long at = ids[i] ? ct_ctrl_char(ids[i]) : -1;

			if (at >= 0) {
				snprintf(why, n, "%s: control character 0x%02x at byte %ld", names[i],
					 (unsigned char)ids[i][at], at + 1);
				return -1;
			}
		}
	}
	if (t->cause && !ct_cause_valid(t->cause)) {
		snprintf(why, n, "cause \"%s\" is not one of the cause codes", t->cause);
		return -1;
	}
	if (t->kind && !ct_kind_valid(t->kind)) {
		snprintf(why, n, "kind \"%s\" is not ordinary, appeal, repeat or batch", t->kind);
		return -1;
	}
	for (size_t i = 0; i < t->ndeadlines; i++)
		if (!time_ok(t->deadlines[i].due)) {
			snprintf(why, n, "deadline %s is not within the years 1970 to 9999",
				 t->deadlines[i].stage ? t->deadlines[i].stage : "");
			return -1;
		}
	if (!history)
		return 0;
	/* Every change leaves one row in the audit trail. */
	{
		size_t changes = 0;

		for (size_t i = 0; i < nev; i++)
			changes += (size_t)ct_event_is_change(&ev[i]);
		if (changes != (size_t)t->rev) {
			snprintf(why, n, "rev %d but %zu change%s in the history", t->rev, changes,
				 changes == 1 ? "" : "s");
			return -1;
		}
	}
	for (size_t i = 0, k = 0; i < nev; i++) {
		if (ct_event_is_change(&ev[i])) {
			k++;
			if (ev[i].rev != 0 && (size_t)ev[i].rev != k) {
				snprintf(why, n, "history item %zu has rev %d, not %zu", i + 1, ev[i].rev,
					 k);
				return -1;
			}
		} else if (ev[i].rev != 0) {
			snprintf(why, n, "history item %zu (%s) has a rev", i + 1, ev[i].action);
			return -1;
		}
		if (!time_ok(ev[i].at)) {
			snprintf(why, n, "history item %zu is not within the years 1970 to 9999",
				 i + 1);
			return -1;
		}
		if (i > 0 && ev[i].at < ev[i - 1].at) {
			ct_fmt_time(tm, sizeof(tm), ev[i].at);
			snprintf(why, n, "history item %zu (%s) is before the one before it", i + 1,
				 tm);
			return -1;
		}
	}
	return 0;
}

int
ct_event_is_change(const struct ct_event *e)
{
	return !e->action || strcmp(e->action, CT_EVENT_ESCALATION) != 0;
}
