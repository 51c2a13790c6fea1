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
#include "ss7.h"

#define MAX_PARAMS 32

enum { CLASS_MAUP = 6, TYPE_DATA = 1, TAG_DATA1 = 0x0300, TAG_DATA2 = 0x0301 };

enum ct_dec_status
ct_decode_m2ua(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c, body, val;
	enum ct_dec_status st;
	uint8_t cls, type;
	uint16_t tag;
	int r;

	ct_cur_init(&c, p, len);
	d->protocol = "m2ua";
	if ((st = ct_sigtran_header(&c, &cls, &type, &body)) != CT_DEC_OK)
		return st;
	if (cls != CLASS_MAUP || type != TYPE_DATA) {
		ct_dissect_set_message(d, cls == CLASS_MAUP ? "M2UA link message" : "M2UA management");
		return CT_DEC_OK;
	}
	for (int n = 0; n < MAX_PARAMS && (r = ct_sigtran_param(&body, &tag, &val)) != 0; n++) {
		if (r < 0)
			return ct_cur_status(&body);
		if (tag != TAG_DATA1 && tag != TAG_DATA2)
			continue;
		if (tag == TAG_DATA2)
			ct_cur_skip(&val, 1); /* TTC priority */
		if (!ct_cur_ok(&val))
			return CT_DEC_MALFORMED;
		return ct_decode_mtp3(val.p + val.off, ct_cur_left(&val), v, d);
	}
	return CT_DEC_MALFORMED; /* DATA without Protocol Data */
}
