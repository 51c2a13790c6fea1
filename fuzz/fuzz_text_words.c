/* fuzz_text_words.c — libFuzzer target: a ticket's searched words
 * (st_text_words, src/store/text.c), which decodes the UTF-8 of any
 * complaint's description or comment, folds its letters and writes them
 * again, and the tsvector text PostgreSQL is given of them
 * (st_text_vector) and a search's query on either engine (st_text_query,
 * st_text_where).
 * Invariants, for any bytes: the words are UTF-8, single-spaced, of
 * lower-case ASCII letters and digits or non-ASCII characters, none over
 * 2046 bytes; the tsvector text reads back as the same words at places
 * 1, 2, ... (the last at most 16383). A crash, sanitizer report or leak
 * is a bug too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/util.h"
#include "../src/store/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_words(const char *w, size_t n)
{
	size_t i = 0, word = 0;

	if (n && (w[0] == ' ' || w[n - 1] == ' '))
		abort();
	while (i < n) {
		unsigned char c = (unsigned char)w[i];
		size_t len = c < 0x80 ? 1 : ct_utf8_len((const unsigned char *)w + i, n - i);

		if (len == 0)
			abort(); /* not UTF-8 */
		if (c == ' ') {
			if (word == 0)
				abort(); /* two spaces */
			word = 0;
		} else if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			abort();
		} else if ((word += len) > 2046) {
			abort();
		}
		i += len;
	}
}

/* The tsvector text v read back against the words w: 'word':place each. */
static void
check_vector(const char *v, const char *w)
{
	long place = 0;

	while (*w) {
		size_t k = strcspn(w, " ");
		long at;
		char *end;

		if (place && *v++ != ' ')
			abort();
		if (*v++ != '\'')
			abort();
		for (size_t i = 0; i < k; i++) {
			if (*v == '\\')
				v++;
			if (*v++ != w[i])
				abort();
		}
		if (*v++ != '\'' || *v++ != ':')
			abort();
		at = strtol(v, &end, 10);
		place += place < 16383;
		if (end == v || at != place)
			abort();
		v = end;
		w += k;
		w += *w == ' ';
	}
	if (*v)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_buf w = CT_BUF_INIT, v = CT_BUF_INIT, q1 = CT_BUF_INIT, q2 = CT_BUF_INIT;
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	st_text_words(&w, text);
	check_words(ct_buf_str(&w), w.len);
	st_text_vector(&v, ct_buf_str(&w));
	check_vector(ct_buf_str(&v), ct_buf_str(&w));
	st_text_query(text, &q1);
	st_text_where(&q2, ST_POSTGRESQL, text);
	ct_buf_free(&w);
	ct_buf_free(&v);
	ct_buf_free(&q1);
	ct_buf_free(&q2);
	free(text);
	return 0;
}
