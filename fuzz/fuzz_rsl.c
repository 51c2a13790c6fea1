/* fuzz_rsl.c — libFuzzer target for the Abis decoders (decode.h), the first
 * input octet choosing the entry point: ct_decode_rsl (0), ct_decode_ipa with
 * its framing and sniffing (1), ct_decode_lapd (2). Any bytes, no crash, no
 * read outside the input, and a consistent result. */
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
	switch (data[0] % 3) {
	case 0:
		fuzz_dissect_check(ct_decode_rsl(data + 1, size - 1, &d), &d);
		break;
	case 1:
		(void)ct_ipa_frame_len(data + 1, size - 1);
		(void)ct_ipa_sniff(data + 1, size - 1);
		fuzz_dissect_check(ct_decode_ipa(data + 1, size - 1, &d), &d);
		break;
	default:
		fuzz_dissect_check(ct_decode_lapd(data + 1, size - 1, &d), &d);
		break;
	}
	return 0;
}
