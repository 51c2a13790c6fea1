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
#include "ss7.h"

enum { M2PA_CLASS = 11, TYPE_USER_DATA = 1, TYPE_LINK_STATUS = 2 };

enum ct_dec_status
ct_decode_m2pa(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c, body;
	enum ct_dec_status st;
	uint8_t cls, type;

	ct_cur_init(&c, p, len);
	d->protocol = "m2pa";
	if ((st = ct_sigtran_header(&c, &cls, &type, &body)) != CT_DEC_OK)
		return st;
	ct_cur_skip(&body, 8); /* BSN, FSN */
	if (!ct_cur_ok(&body))
		return CT_DEC_MALFORMED;
	if (cls != M2PA_CLASS)
		return CT_DEC_MALFORMED;
	if (type == TYPE_LINK_STATUS) {
		ct_dissect_set_message(d, "M2PA link status");
		return CT_DEC_OK;
	}
	if (type != TYPE_USER_DATA) {
		ct_dissect_set_message(d, "M2PA message");
		return CT_DEC_UNSUPPORTED;
	}
	if (ct_cur_left(&body) == 0) { /* an acknowledgement: no data */
		ct_dissect_set_message(d, "M2PA user data (empty)");
		return CT_DEC_OK;
	}
	ct_cur_skip(&body, 1); /* priority */
	return ct_decode_mtp3(body.p + body.off, ct_cur_left(&body), v, d);
}
