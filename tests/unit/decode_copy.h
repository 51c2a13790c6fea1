/*
 * decode_copy.h — the decoder unit tests' one way to run a decoder: on a
 * heap copy of exactly the bytes given, so that AddressSanitizer reports
 * any read past them (a static array would have neighbours to read).
 */
#ifndef CELLTRIAGE_TEST_DECODE_COPY_H
#define CELLTRIAGE_TEST_DECODE_COPY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/decode.h"

typedef enum ct_dec_status (*decode_copy_fn)(const uint8_t *p, size_t len,
					     struct ct_dissect *d);

/* d reset, then fn on a copy of v[0 .. len). */
static inline enum ct_dec_status
decode_copy(decode_copy_fn fn, const uint8_t *v, size_t len, struct ct_dissect *d)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum ct_dec_status st;

	assert_non_null(copy);
	if (len)
		memcpy(copy, v, len);
	ct_dissect_reset(d);
	st = fn(copy, len, d);
	free(copy);
	return st;
}

#endif
