/*
 * m2pa.c — SS7 MTP2-User Peer-to-Peer Adaptation over SCTP, RFC 4165
 * (PPID 5, port 3565).
 *
 *   common header (§2.1): | version (1) = 1 | spare (1) | class (1) = 11 |
 *                         | type (1) | message length (4), header included |
 *   M2PA header (§2.2):   | unused (1) | BSN (3) | unused (1) | FSN (3) |
 *   User Data (type 1, §2.3.1): | priority (2 bits) spare (6) | MTP3 message:
 *                               SIO, routing label, SIF (mtp3.c) |
 *   Link Status (type 2): alignment and proving, no user message.
 */
#include "celltriage/decode.h"

enum { M2PA_CLASS = 11, TYPE_USER_DATA = 1, TYPE_LINK_STATUS = 2 };

enum ct_dec_status
ct_decode_m2pa(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t version, cls, type;
	uint32_t mlen;

	ct_cur_init(&c, p, len);
	d->protocol = "m2pa";
	version = ct_cur_u8(&c);
	ct_cur_skip(&c, 1);
	cls = ct_cur_u8(&c);
	type = ct_cur_u8(&c);
	mlen = ct_cur_be32(&c);
	ct_cur_skip(&c, 8); /* BSN, FSN */
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (version != 1 || cls != M2PA_CLASS || mlen < 16)
		return CT_DEC_MALFORMED;
	if (mlen - 16 > ct_cur_left(&c))
		return CT_DEC_TRUNCATED;
	if (type == TYPE_LINK_STATUS) {
		ct_dissect_set_message(d, "M2PA link status");
		return CT_DEC_OK;
	}
	if (type != TYPE_USER_DATA) {
		ct_dissect_set_message(d, "M2PA message");
		return CT_DEC_UNSUPPORTED;
	}
	if (mlen == 16) { /* an acknowledgement: no data */
		ct_dissect_set_message(d, "M2PA user data (empty)");
		return CT_DEC_OK;
	}
	ct_cur_skip(&c, 1); /* priority */
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	return ct_decode_mtp3(p + c.off, mlen - c.off, v, d);
}
