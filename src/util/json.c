/*
 * json.c — JSON text read without a tree (util.h): the scan that checks a
 * value as strictly as jansson does and answers only what it is sure of
 * (ct_json_skim, ct_json_member, ct_json_string_member), the compact copy
 * of a value a parser has read (ct_json_compact), and a string written as
 * jansson writes it (ct_buf_json_string).
 */
#include <limits.h>
#include <string.h>

#include "celltriage/util.h"

/*
 * The scan. ct_doc_string (ticket.c) reads stored documents many times
 * over (every event's detail of every ticket a month report counts, every
 * complaint a search indexes): a whole parse to a tree for one member cost
 * more than the rest of the work. ct_json_string_member walks the text
 * instead, checking it as strictly as
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
	/* The bytes a string's text is mostly made of, passed over in a
	 * tight loop: printable ASCII but the quote and the backslash (not
	 * NUL, which ends the text, nor a control byte, nor UTF-8's). */
#define PLAIN(c) ((c) >= 0x20 && (c) < 0x80 && (c) != '"' && (c) != '\\')
#define PLAIN4(c) PLAIN(c), PLAIN((c) + 1), PLAIN((c) + 2), PLAIN((c) + 3)
#define PLAIN16(c) PLAIN4(c), PLAIN4((c) + 4), PLAIN4((c) + 8), PLAIN4((c) + 12)
#define PLAIN64(c) PLAIN16(c), PLAIN16((c) + 16), PLAIN16((c) + 32), PLAIN16((c) + 48)
	static const unsigned char plain[256] = {
		PLAIN64(0), PLAIN64(64), PLAIN64(128), PLAIN64(192)
	};
#undef PLAIN64
#undef PLAIN16
#undef PLAIN4
#undef PLAIN
	const unsigned char *p = (const unsigned char *)*pp + 1;

	*s = (const char *)p;
	*esc = 0;
	for (;;) {
		while (plain[*p])
			p++;
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

int
ct_json_member(const char *doc, const char *key, const char **vs, const char **ve,
	       const char **close)
{
	const char *p = scan_ws(doc), *s, *e;
	size_t klen = strlen(key);
	struct scan sc = { 0, 0, 0 };
	int esc;

	*vs = *ve = NULL;
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
			if (match)
				*vs = p;
			if (scan_value(&p, 1, &sc) != SCAN_NO || sc.ask)
				return 0;
			if (match)
				*ve = p;
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
	*close = p;
	return 1;
}

int
ct_json_string_member(const char *doc, const char *key, char **out)
{
	const char *vs, *ve, *close, *s, *e;
	int esc;

	*out = NULL;
	if (!ct_json_member(doc, key, &vs, &ve, &close))
		return 0;
	if (vs && *vs == '"') {
		if (scan_string(&vs, &s, &e, &esc) != SCAN_NO || esc)
			return 0;
		*out = ct_xstrndup(s, (size_t)(e - s));
	}
	return 1;
}

char *
ct_json_compact(const char *s, size_t n)
{
	const char *e = s + n;
	char *out = ct_xmalloc(n + 1), *o = out;
	int instr = 0;

	for (; s < e; s++) {
		if (instr) {
			*o++ = *s;
			if (*s == '\\' && s + 1 < e)
				*o++ = *++s;
			else if (*s == '"')
				instr = 0;
		} else if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
			*o++ = *s;
			instr = *s == '"';
		}
	}
	*o = '\0';
	return out;
}

int
ct_buf_json_string(struct ct_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	const unsigned char *end = p + strlen(s);
	size_t start = b->len;

	ct_buf_putc(b, '"');
	while (*p) {
		/* The common case, text that needs no escape: as it is. */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; ) {
			size_t n = *p < 0x80 ? 1 : ct_utf8_len(p, (size_t)(end - p));

			if (!n) {
				b->len = start;
				b->s[start] = '\0';
				return -1;
			}
			p += n;
		}
		ct_buf_add(b, (const char *)run, (size_t)(p - run));
		switch (*p) {
		case '\0': break;
		case '"': ct_buf_puts(b, "\\\""); break;
		case '\\': ct_buf_puts(b, "\\\\"); break;
		case '\b': ct_buf_puts(b, "\\b"); break;
		case '\f': ct_buf_puts(b, "\\f"); break;
		case '\n': ct_buf_puts(b, "\\n"); break;
		case '\r': ct_buf_puts(b, "\\r"); break;
		case '\t': ct_buf_puts(b, "\\t"); break;
		default: ct_buf_printf(b, "\\u%04X", *p); break;
		}
		if (*p)
			p++;
	}
	ct_buf_putc(b, '"');
	return 0;
}

int
ct_parse_integer(const char *v, const char *ve, long long *out)
{
	int neg = v < ve && *v == '-';
	const char *p = v + neg;
	unsigned long long n = 0, most = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;

	if (p == ve)
		return -1;
	for (; p < ve; p++) {
		if (*p < '0' || *p > '9' || n > (most - (unsigned)(*p - '0')) / 10)
			return -1;
		n = n * 10 + (unsigned)(*p - '0');
	}
	*out = neg ? -(long long)(n - 1) - 1 : (long long)n;
	return 0;
}

size_t
ct_lltoa(long long v, char *buf)
{
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	char tmp[21];
	size_t n = 0, k = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
	return k;
}
