/* util.c — error formatting, allocation, growable strings, file helpers and durations
 * (times and zones: time.c). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "celltriage/util.h"

int
ct_fail(struct ct_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

static void
oom(void)
{
	fputs("celltriage: out of memory\n", stderr);
	exit(3);
}

void *
ct_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
ct_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
ct_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom();
	return q;
}

void *
ct_xgrow(void *p, size_t need, size_t *cap, size_t elsize)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / elsize)
			oom();
		c *= 2;
	}
	*cap = c;
	return ct_xrealloc(p, c * elsize);
}

char *
ct_xstrdup(const char *s)
{
	return ct_xstrndup(s, strlen(s));
}

char *
ct_xstrndup(const char *s, size_t n)
{
	char *p = ct_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
ct_buf_add(struct ct_buf *b, const char *s, size_t n)
{
	b->s = ct_xgrow(b->s, b->len + n + 1, &b->cap, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
ct_buf_puts(struct ct_buf *b, const char *s)
{
	ct_buf_add(b, s, strlen(s));
}

void
ct_buf_vprintf(struct ct_buf *b, const char *fmt, va_list ap)
{
	size_t room = b->cap - b->len;
	va_list cp;
	int n;

	/* Into the room left, which is mostly enough: formatted once. Else
	 * the length it gave, and again into a buffer grown to it. */
	va_copy(cp, ap);
	n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		if (room)
			b->s[b->len] = '\0';   /* whatever it wrote is dropped */
		return;
	}
	if ((size_t)n >= room) {
		b->s = ct_xgrow(b->s, b->len + (size_t)n + 1, &b->cap, 1);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
ct_buf_printf(struct ct_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
ct_buf_reset(struct ct_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

const char *
ct_buf_str(const struct ct_buf *b)
{
	return b->s ? b->s : "";
}

char *
ct_buf_detach(struct ct_buf *b)
{
	char *s = b->s ? b->s : ct_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
ct_buf_free(struct ct_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int
ct_read_file(const char *path, size_t max, char **out, size_t *len,
	     struct ct_err *err)
{
	FILE *f = fopen(path, "rb");
	struct ct_buf b = CT_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return ct_fail(err, CT_EINPUT, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > max) {
			fclose(f);
			ct_buf_free(&b);
			return ct_fail(err, CT_EINPUT,
				       "%s: larger than %zu bytes", path, max);
		}
		ct_buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		ct_buf_free(&b);
		return ct_fail(err, CT_EINPUT, "%s: read error: %s", path,
			       strerror(e));
	}
	fclose(f);
	*len = b.len;
	*out = ct_buf_detach(&b);
	return 0;
}

void
ct_fmt_num(char *dst, size_t n, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(dst, n, "%.0f", v);
	else
		snprintf(dst, n, "%.6g", v);
}

size_t
ct_fmt_int(char *dst, long long v)
{
	/* The magnitude as unsigned: -LLONG_MIN does not fit a long long. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char tmp[CT_INT_LEN];
	size_t n = 0, len;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	len = n + (v < 0);
	if (v < 0)
		*dst++ = '-';
	while (n)
		*dst++ = tmp[--n];
	*dst = '\0';
	return len;
}

/* "2h15m", "45m", "30s", "-10m" (overdue), "0s". */
void
ct_fmt_duration(char *dst, size_t n, long long s)
{
	const char *sign = s < 0 ? "-" : "";
	long long a = s < 0 ? -s : s;

	if (a >= 86400 && a % 3600 == 0)
		snprintf(dst, n, "%s%lldd%lldh", sign, a / 86400, a % 86400 / 3600);
	else if (a >= 3600)
		snprintf(dst, n, "%s%lldh%02lldm", sign, a / 3600, a % 3600 / 60);
	else if (a >= 60)
		snprintf(dst, n, "%s%lldm", sign, a / 60);
	else
		snprintf(dst, n, "%s%llds", sign, a);
}

double
ct_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	/* IUGG mean Earth radius R1. */
	const double r = 6371008.8, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

	return 2 * r * asin(fmin(1.0, sqrt(h)));
}

const char *
ct_basename_dot(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? dot + 1 : name;
}

const char *
ct_name_of(const struct ct_name *t, int v)
{
	for (; t->name; t++)
		if (t->value == v)
			return t->name;
	return NULL;
}

int
ct_value_of(const struct ct_name *t, const char *name)
{
	for (; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t->value;
	return -1;
}

const char *
ct_eol(const char *p, const char *end, const char **next)
{
	while (p < end && *p != '\n' && *p != '\r')
		p++;
	if (next)
		*next = p >= end ? end : p + 1 + (*p == '\r' && p + 1 < end && p[1] == '\n');
	return p;
}

size_t
ct_bom(const char *p, size_t len)
{
	return len >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
	       (unsigned char)p[2] == 0xbf ? 3 : 0;
}

size_t
ct_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0], min, cp;
	size_t len;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80; cp = c & 0x1f; }
	else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800; cp = c & 0x0f; }
	else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000; cp = c & 0x07; }
	else return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* A plain decimal number: [+-]digits[.digits][(e|E)[+-]digits]. */
static int
is_number(const char *s)
{
	size_t d = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		d++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			d++;
	if (!d)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

int
ct_csv_guarded(const char *s)
{
	const char *p = s;

	while (*p == '\'')
		p++;
	return *p && strchr("=+-@\t\r", *p) && !is_number(p);
}

long
ct_ctrl_char(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return (long)(p - s);
	return -1;
}

void
ct_buf_put_text(struct ct_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		const unsigned char *q = p;

		/* the common case, printable text: as it is */
		while (*q >= 0x20 && *q != 0x7f && !(q[0] == 0xc2 && q[1] >= 0x80 && q[1] <= 0x9f))
			q++;
		ct_buf_add(b, (const char *)p, (size_t)(q - p));
		p = q;
		if (!*p)
			break;
		if (*p == 0xc2) {
			ct_buf_printf(b, "\\u%04x", p[1]);
			p += 2;
			continue;
		}
		switch (*p) {
		case '\n': ct_buf_puts(b, "\\n"); break;
		case '\r': ct_buf_puts(b, "\\r"); break;
		case '\t': ct_buf_puts(b, "\\t"); break;
		case 0x1b: ct_buf_puts(b, "\\e"); break;
		default: ct_buf_printf(b, "\\x%02x", *p); break;
		}
		p++;
	}
}
