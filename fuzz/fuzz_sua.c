/* fuzz_sua.c — libFuzzer target for ct_decode_sua (decode.h), the first input
 * octet choosing whether a segment hook is there (odd: one that reads every
 * octet of the segment and its key, as the capture's reassembly does): any
 * bytes, no crash, no read outside the input, and a consistent result. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

static void
take(void *arg, const struct ct_sccp_segment *s)
{
	unsigned *sum = arg;

	if (s->keylen > sizeof(s->key) || s->remaining > 15)
		__builtin_trap();
	for (size_t i = 0; i < s->keylen; i++)
		*sum += s->key[i];
	for (size_t i = 0; i < s->len; i++)
		*sum += s->data[i];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	unsigned sum = 0;
	struct ct_sccp_hook hook = { take, &sum, 0 };

	if (size < 1)
		return 0;
	ct_dissect_reset(&d);
	if (data[0] & 1)
		d.sccp = &hook;
	fuzz_dissect_check(ct_decode_sua(data + 1, size - 1, &d), &d);
	return 0;
}
