/*
 * m3ua.c — SS7 MTP3 User Adaptation over SCTP, RFC 4666 (PPID 3, port 2905).
 *
 *   common header (§3.1):
 *   | version (1) = 1 | reserved (1) | message class (1) | message type (1) |
 *   | message length (4), header included                                   |
 *   then parameters (§3.2), each padded to 4 octets:
 *   | tag (2) | length (2), tag and length included | value ... | pad |
 *
 *   DATA (class 1 transfer, type 1) carries Protocol Data (tag 0x0210, §3.3.1):
 *   | OPC (4) | DPC (4) | SI (1) | NI (1) | MP (1) | SLS (1) | user data ... |
 *
 * The user data is what MTP3 would carry after its routing label, handed
 * by SI to ct_decode_mtp3_user (mtp3.c). The point codes take the whole 32
 * bits here whatever the variant; the variant still decides how SCCP lays
 * out its addresses. The other classes (management, ASP state and traffic
 * maintenance, signalling network management) are named and carry no
 * subscriber cause.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "ss7.h"

#define MAX_PARAMS 32 /* parameters looked at per message */

enum { CLASS_MGMT = 0, CLASS_TRANSFER = 1, CLASS_SSNM = 2, CLASS_ASPSM = 3, CLASS_ASPTM = 4,
       CLASS_RKM = 9 };
enum { TAG_PROTOCOL_DATA = 0x0210 };

/* §3.1.2: the message classes, for the names of the messages without a cause. */
static const struct ct_name class_names[] = {
	{ CLASS_MGMT, "M3UA management" },
	{ CLASS_TRANSFER, "M3UA transfer" },
	{ CLASS_SSNM, "M3UA signalling network management" },
	{ CLASS_ASPSM, "M3UA ASP state maintenance" },
	{ CLASS_ASPTM, "M3UA ASP traffic maintenance" },
	{ CLASS_RKM, "M3UA routing key management" },
	{ 0, NULL }
};

enum ct_dec_status
ct_decode_m3ua(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c, body, val;
	enum ct_dec_status st;
	uint8_t cls, type;
	uint16_t tag;
	const char *cname;
	char buf[64];
	int r;

	ct_cur_init(&c, p, len);
	d->protocol = "m3ua";
	if ((st = ct_sigtran_header(&c, &cls, &type, &body)) != CT_DEC_OK)
		return st;
	d->procedure = (uint32_t)cls << 8 | type;
	cname = ct_name_of(class_names, cls);
	snprintf(buf, sizeof(buf), "%s %u", cname ? cname : "M3UA class", (unsigned)type);
	ct_dissect_set_message(d, buf);
	if (!cname)
		return CT_DEC_UNSUPPORTED;
	if (cls != CLASS_TRANSFER || type != 1)
		return CT_DEC_OK;

	for (int n = 0; n < MAX_PARAMS && (r = ct_sigtran_param(&body, &tag, &val)) != 0; n++) {
		uint8_t si;

		if (r < 0)
			return ct_cur_status(&body);
		if (tag != TAG_PROTOCOL_DATA)
			continue;
		ct_cur_skip(&val, 8); /* OPC, DPC */
		si = ct_cur_u8(&val);
		ct_cur_skip(&val, 3); /* NI, MP, SLS */
		if (!ct_cur_ok(&val))
			return CT_DEC_MALFORMED;
		return ct_decode_mtp3_user(si, val.p + val.off, ct_cur_left(&val), v, d);
	}
	return CT_DEC_MALFORMED; /* a DATA message without Protocol Data */
}
