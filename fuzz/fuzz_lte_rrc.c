/*
 * fuzz_lte_rrc.c — libFuzzer target: the first input octet picks the LTE RRC
 * logical channel (enum ct_lte_rrc_channel, values past MCCH included so the
 * refusal path runs too), the rest is the UPER-encoded message given to
 * ct_decode_lte_rrc. The NAS message some carry (dedicatedInfoNAS) adds its
 * EMM / ESM causes; the RRC causes are all named.
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
	char buf[64];
	unsigned i;

	if (size < 1)
		return 0;
	ct_dissect_reset(&d);
	st = ct_decode_lte_rrc(data + 1, size - 1, data[0] % 10, &d);
	if (st > CT_DEC_CIPHERED || d.ncauses > CT_DISSECT_MAX_CAUSES ||
	    d.nids > CT_DISSECT_MAX_IDS || strcmp(d.protocol, "lte-rrc") != 0)
		abort();
	for (i = 0; i < d.ncauses; i++) {
		if (d.causes[i].family == CT_FAM_EMM || d.causes[i].family == CT_FAM_ESM)
			continue;
		if (d.causes[i].family != CT_FAM_LTE_RRC ||
		    strncmp(ct_cause_name(d.causes[i].family, d.causes[i].group,
					  d.causes[i].value, buf, sizeof(buf)), "unknown", 7) == 0)
			abort();
	}
	return 0;
}
