/*
 * fuzz_umts_rrc.c — libFuzzer target: the first input octet picks the UMTS
 * RRC logical channel (enum ct_umts_rrc_channel as GSMTAP numbers it, the
 * values it refuses included), the rest is the UPER-encoded message given
 * to ct_decode_umts_rrc (integrity check information, CHOICE indexes, the
 * direct transfers' NAS to the GSM layer 3 decoder, release and reject
 * causes).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	enum ct_dec_status st;

	if (size < 1)
		return 0;
	ct_dissect_reset(&d);
	st = ct_decode_umts_rrc(data + 1, size - 1, data[0] % 12, &d);
	fuzz_dissect_check(st, &d);
	return 0;
}
