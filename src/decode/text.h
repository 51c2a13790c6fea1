/*
 * text.h — a bounded text writer for the decoders' identity and message
 * strings (private to src/decode/).
 *
 * The decoders format an identity or two for nearly every message they
 * read ("001-01-7", "c0a80001", "001-01-0a1b-01-..."); snprintf's format
 * interpretation was a tenth of `celltriage capture`'s time. These write
 * the same text directly. Like snprintf they never write past the buffer
 * and always leave it NUL-terminated: what does not fit is cut (check
 * ct_tw_full when a cut value must not be used).
 *
 *     char buf[32];
 *     struct ct_tw w;
 *     ct_tw_init(&w, buf, sizeof(buf));
 *     ct_tw_str(&w, plmn); ct_tw_char(&w, '-'); ct_tw_u64(&w, tac);
 */
#ifndef CELLTRIAGE_DECODE_TEXT_H
#define CELLTRIAGE_DECODE_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct ct_tw {
	char *p;      /* where the next character goes */
	char *end;    /* the byte kept for the NUL */
	int cut;      /* something did not fit */
};

/* n must be at least 1. */
static inline void
ct_tw_init(struct ct_tw *w, char *buf, size_t n)
{
	w->p = buf;
	w->end = buf + n - 1;
	w->cut = 0;
	*w->p = '\0';
}

static inline void
ct_tw_char(struct ct_tw *w, char c)
{
	if (w->p < w->end) {
		*w->p++ = c;
		*w->p = '\0';
	} else {
		w->cut = 1;
	}
}

static inline void
ct_tw_str(struct ct_tw *w, const char *s)
{
	while (*s && w->p < w->end)
		*w->p++ = *s++;
	*w->p = '\0';
	if (*s)
		w->cut = 1;
}

/* Decimal, as "%llu". */
static inline void
ct_tw_u64(struct ct_tw *w, uint64_t v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		ct_tw_char(w, d[--n]);
}

/* Lowercase hex of the low 4*digits bits, zero-padded: "%0*x". */
static inline void
ct_tw_hex(struct ct_tw *w, uint64_t v, unsigned digits)
{
	static const char hx[] = "0123456789abcdef";

	while (digits--)
		ct_tw_char(w, hx[(v >> (4 * digits)) & 0xfu]);
}

/* Two lowercase hex digits per octet of p[0..n), whole octets only. */
static inline void
ct_tw_octets(struct ct_tw *w, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (w->end - w->p < 2) {
			w->cut = 1;
			return;
		}
		ct_tw_hex(w, p[i], 2);
	}
}

static inline int
ct_tw_full(const struct ct_tw *w)
{
	return w->cut;
}

#endif
