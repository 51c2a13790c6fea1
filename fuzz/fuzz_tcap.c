/* fuzz_tcap.c — libFuzzer target for ct_decode_tcap (decode.h), the first
 * input octet as the SCCP subsystem (146 reads CAMEL errors): any bytes, no
 * crash, no read outside the input, and a consistent result. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "celltriage/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	enum ct_dec_status st;
	char buf[64];
	unsigned i;

	if (size < 1)
		return 0;
	ct_dissect_reset(&d);
	st = ct_decode_tcap(data + 1, size - 1, data[0], &d);
	if (st > CT_DEC_NOT_REASSEMBLED || d.ncauses > CT_DISSECT_MAX_CAUSES ||
	    d.nids > CT_DISSECT_MAX_IDS || memchr(d.message, '\0', sizeof(d.message)) == NULL)
		__builtin_trap();
	for (i = 0; i < d.ncauses; i++)
		(void)ct_cause_name(d.causes[i].family, d.causes[i].group,
				    d.causes[i].value, buf, sizeof(buf));
	return 0;
}
