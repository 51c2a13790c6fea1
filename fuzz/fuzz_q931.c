/* fuzz_q931.c — libFuzzer target for ct_decode_h225 and ct_decode_q931
 * (decode.h): the input as a TPKT-framed message and, from its second
 * octet, as a bare Q.931 message; the TPKT framer must name a length
 * within the input or none. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	size_t n = ct_tpkt_frame_len(data, size);

	if (n != (size_t)-1 && n > size)
		__builtin_trap();
	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_h225(data, size, &d), &d);
	if (size < 1)
		return 0;
	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_q931(data + 1, size - 1, &d), &d);
	return 0;
}
