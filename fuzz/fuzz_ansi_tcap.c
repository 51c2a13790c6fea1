/* fuzz_ansi_tcap.c — libFuzzer target for ct_decode_ansi_tcap (decode.h):
 * any bytes, no crash, no read outside the input, and a consistent result. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;

	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_ansi_tcap(data, size, &d), &d);
	return 0;
}
