/*
 * fuzz_mac_lte.c — libFuzzer target: one frame of a user link type given
 * to ct_decode_user. The first input octet picks what the link type
 * carries (enum ct_user_carrier, CT_USER_NONE and past the end included so
 * the refusal runs too); mac-lte-framed gets two thirds of the inputs, as
 * the decoder this target is for (context tags, MAC subheaders, RLC AM,
 * PDCP, then LTE RRC and the NAS inside).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	enum ct_dec_status st;
	unsigned pick;

	if (size < 1)
		return 0;
	pick = data[0] % (3u * (CT_USER__COUNT + 1));
	if (pick > CT_USER__COUNT)
		pick = CT_USER_MAC_LTE_FRAMED;
	ct_dissect_reset(&d);
	st = ct_decode_user((enum ct_user_carrier)pick, data + 1, size - 1, &d);
	fuzz_dissect_check(st, &d);
	return 0;
}
