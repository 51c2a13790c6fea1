/*
 * fuzz_gsm_l3.c — libFuzzer target: one GSM layer 3 message (RR, MM, CC and
 * the protocols only named) through ct_decode_gsm_l3, with the decoder's
 * contract checked as in fuzz_gsmtap.c.
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
	enum ct_dec_status st;
	unsigned i;
	char buf[64];

	ct_dissect_reset(&d);
	st = ct_decode_gsm_l3(data, size, &d);
	if (st > CT_DEC_CIPHERED || d.ncauses > CT_DISSECT_MAX_CAUSES ||
	    d.nids > CT_DISSECT_MAX_IDS || d.protocol == NULL)
		abort();
	for (i = 0; i < d.ncauses; i++)
		(void)ct_cause_name(d.causes[i].family, d.causes[i].group,
				    d.causes[i].value, buf, sizeof(buf));
	for (i = 0; i < d.nids; i++)
		if (memchr(d.ids[i].value, 0, sizeof(d.ids[i].value)) == NULL)
			abort();
	return 0;
}
