/*
 * fuzz_gsmtap.c — libFuzzer target: one UDP payload of port 4729 through
 * ct_decode_gsmtap (GSMTAP v2/v3 -> LAPDm -> GSM L3, LTE RRC). Checks the
 * decoder's contract: a known status, counters within their arrays, and
 * NUL-terminated strings.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	struct ct_gsmtap_hdr h;
	enum ct_dec_status st;
	unsigned i;

	ct_dissect_reset(&d);
	st = ct_decode_gsmtap(data, size, &d);
	if (st > CT_DEC_CIPHERED || d.ncauses > CT_DISSECT_MAX_CAUSES ||
	    d.nids > CT_DISSECT_MAX_IDS || memchr(d.message, 0, sizeof(d.message)) == NULL)
		abort();
	for (i = 0; i < d.nids; i++)
		if (memchr(d.ids[i].value, 0, sizeof(d.ids[i].value)) == NULL)
			abort();
	if (ct_gsmtap_header(data, size, &h) == CT_DEC_OK && h.payload > size)
		abort();
	return 0;
}
