/* fuzz_m2pa.c — libFuzzer target for ct_decode_m2pa (decode.h), the first input
 * octet choosing the MTP3 variant: any bytes, no crash, no read outside the
 * input, and a consistent result. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	enum ct_mtp3_variant v;

	if (size < 1)
		return 0;
	v = (enum ct_mtp3_variant)(data[0] % CT_MTP3__COUNT);
	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_m2pa(data + 1, size - 1, v, &d), &d);
	return 0;
}
