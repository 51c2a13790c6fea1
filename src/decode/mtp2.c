/*
 * mtp2.c — SS7 Message Transfer Part level 2 signal units, ITU-T Q.703 §2.2
 * (libpcap LINKTYPE_MTP2: no flags, no check bits).
 *
 *   | BIB (1) BSN (7) | FIB (1) FSN (7) | spare (2) LI (6) | SIF ... |
 *
 * The length indicator tells the kind (§2.3.3): 0 fill-in signal unit,
 * 1 or 2 link status signal unit (alignment, no user message), 3..63 a
 * message signal unit whose SIO and SIF go to MTP3 (mtp3.c). The message
 * runs to the end of the frame: LI 63 stands for every longer message
 * (§2.3.3), and capture cards are seen to write other LIs than the
 * message's length (LI 3 on 20-octet link tests). Only when exactly two
 * octets more than LI follow are they taken for the 16-bit check (§2.2,
 * kept by some cards) and left out.
 */
#include "celltriage/decode.h"

enum ct_dec_status
ct_decode_mtp2(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c;
	unsigned li;

	ct_cur_init(&c, p, len);
	d->protocol = "mtp2";
	ct_cur_skip(&c, 2); /* BSN, FSN */
	li = ct_cur_u8(&c) & 0x3fu;
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (li < 3) {
		ct_dissect_set_message(d, li ? "MTP2 link status" : "MTP2 fill-in");
		return CT_DEC_OK;
	}
	return ct_decode_mtp3(p + c.off, ct_cur_left(&c) == (size_t)li + 2 ? li : ct_cur_left(&c),
			      v, d);
}
