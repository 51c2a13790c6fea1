/*
 * mac_umts.c — UMTS MAC-d on a dedicated channel, 3GPP TS 25.321 v11
 * §9.2.1: when logical channels share a DCH the MAC header is the C/T
 * field alone (§9.2.1.4, case c: no TCTF, no UE id on a DCH):
 *
 *   bit: 0 .. 3     4 ..
 *      | C/T (4) | RLC PDU (the rest of the transport block)      |
 *
 * C/T 0..14 is logical channel 1..15; 15 is reserved. The RLC PDU starts
 * four bits into the block: it is copied out, shifted, in whole octets (an
 * RLC PDU is octet aligned, TS 25.322 §9.2.2.9).
 */
#include "celltriage/cursor.h"
#include "celltriage/decode.h"

enum ct_dec_status
ct_mac_d_ct(const uint8_t *tb, unsigned bits, unsigned *lch, uint8_t *out, size_t n,
	    size_t *outlen)
{
	struct ct_cur c;
	unsigned ct;
	size_t octets;

	*lch = 0;
	*outlen = 0;
	ct_cur_init(&c, tb, (bits + 7) / 8);
	ct = ct_cur_bits(&c, 4);
	if (!ct_cur_ok(&c) || bits < 4)
		return CT_DEC_TRUNCATED;
	if (ct == 15)
		return CT_DEC_MALFORMED;
	octets = (bits - 4) / 8;
	if (octets > n)
		octets = n;
	for (size_t i = 0; i < octets; i++)
		out[i] = (uint8_t)ct_cur_bits(&c, 8);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	*lch = ct + 1;
	*outlen = octets;
	return CT_DEC_OK;
}
