/* fuzz_nbap.c — libFuzzer target for ct_decode_nbap and ct_nbap_bindings
 * (decode.h): any bytes, no crash, no read outside the input, a consistent
 * result, and bindings within their arrays. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	struct ct_nbap_setup s;

	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_nbap(data, size, &d), &d);
	(void)ct_nbap_bindings(data, size, &s);
	if (s.nbearers > CT_IUB_MAX_BEARERS)
		__builtin_trap();
	for (unsigned i = 0; i < s.nbearers; i++) {
		if (s.bearer[i].ndch > CT_IUB_MAX_DCH || s.bearer[i].addr_len > 16)
			__builtin_trap();
		for (unsigned j = 0; j < s.bearer[i].ndch; j++)
			for (unsigned k = 0; k < 2; k++)
				if (s.bearer[i].dch[j].tfs[k].n > CT_IUB_MAX_TF)
					__builtin_trap();
	}
	return 0;
}
