/* fuzz_tcap.c — libFuzzer target for ct_decode_tcap (decode.h), the first
 * input octet as the SCCP subsystem (146 reads CAMEL errors): any bytes, no
 * crash, no read outside the input, and a consistent result. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;

	if (size < 1)
		return 0;
	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_tcap(data + 1, size - 1, data[0], &d), &d);
	return 0;
}
