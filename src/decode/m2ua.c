/*
 * m2ua.c — SS7 MTP2-User Adaptation over SCTP, RFC 3331 (PPID 2, port 2904).
 *
 *   common header (§3.1.1): | version (1) = 1 | spare (1) | class (1) |
 *                           | type (1) | message length (4), header included |
 *   parameters (§3.1.3): | tag (2) | length (2), tag and length included |
 *                        | value | pad to 4 |
 *   DATA (class 6 MAUP, type 1, §3.3.1.1): Interface Identifier, then
 *   Protocol Data 1 (tag 0x0300): the MTP3 message from its SIO (mtp3.c), or
 *   Protocol Data 2 (tag 0x0301, TTC): a priority octet first.
 * The other classes (management, ASP state and traffic maintenance, the
 * other MAUP messages: link state, retrieval) carry no subscriber cause.
 */
#include "celltriage/decode.h"

#define MAX_PARAMS 32

enum { CLASS_MAUP = 6, TYPE_DATA = 1, TAG_DATA1 = 0x0300, TAG_DATA2 = 0x0301 };

enum ct_dec_status
ct_decode_m2ua(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c, body;
	uint8_t version, cls, type;
	uint32_t mlen;

	ct_cur_init(&c, p, len);
	d->protocol = "m2ua";
	version = ct_cur_u8(&c);
	ct_cur_skip(&c, 1);
	cls = ct_cur_u8(&c);
	type = ct_cur_u8(&c);
	mlen = ct_cur_be32(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (version != 1 || mlen < 8)
		return CT_DEC_MALFORMED;
	if (mlen - 8 > ct_cur_left(&c))
		return CT_DEC_TRUNCATED;
	ct_cur_sub(&c, mlen - 8, &body);
	if (cls != CLASS_MAUP || type != TYPE_DATA) {
		ct_dissect_set_message(d, cls == CLASS_MAUP ? "M2UA link message" : "M2UA management");
		return CT_DEC_OK;
	}
	for (int n = 0; n < MAX_PARAMS && ct_cur_left(&body) >= 4; n++) {
		uint16_t tag = ct_cur_be16(&body), plen = ct_cur_be16(&body);
		struct ct_cur val;
		size_t pad = (4 - plen % 4) % 4;

		if (plen < 4)
			return CT_DEC_MALFORMED;
		ct_cur_sub(&body, plen - 4u, &val);
		if (!ct_cur_ok(&body))
			return CT_DEC_TRUNCATED;
		ct_cur_skip(&body, pad < ct_cur_left(&body) ? pad : ct_cur_left(&body));
		if (tag == TAG_DATA1 || tag == TAG_DATA2) {
			if (tag == TAG_DATA2)
				ct_cur_skip(&val, 1);
			if (!ct_cur_ok(&val))
				return CT_DEC_MALFORMED;
			return ct_decode_mtp3(val.p + val.off, ct_cur_left(&val), v, d);
		}
	}
	return CT_DEC_MALFORMED; /* DATA without Protocol Data */
}
