/*
 * lapd.c — LAPD (ITU-T Q.921) frames of GSM Abis on E1, with the SAPIs of
 * 3GPP TS 48.056 §4.1 (as libpcap's LINKTYPE_LINUX_LAPD delivers them after
 * its 16-octet pseudo-header, which the capture layer skips).
 *
 *   address (Q.921 §3.3.3): | SAPI (6) | C/R (1) | EA0=0 (1) | TEI (7) | EA1=1 (1) |
 *   control (§3.4): I frame | N(S) (7) 0 | N(R) (7) P (1) |   (2 octets)
 *                   S frame | 0000 SS 01 | N(R) (7) P/F |     (2 octets)
 *                   U frame | MMM P/F MM 11 |                 (1 octet)
 *   information: I and UI frames only.
 *
 *   SAPI 0: radio signalling (RSL, rsl.c); 62: O&M (OML, TS 12.21: named,
 *   not read); 63: layer 2 management (TEI assignment); 1 and others: not
 *   Abis signalling.
 *
 * A frame without information (S frames, SABME, UA, DISC, DM: the data
 * link's own procedure) is named and decoded OK: it carries no cause.
 */
#include <stdio.h>

#include "celltriage/decode.h"

enum { SAPI_RSL = 0, SAPI_OML = 62, SAPI_L2M = 63 };

/* Q.921 §3.6 U frame commands and responses (control octet, P/F masked). */
static const struct ct_name u_names[] = {
	{ 0x6f, "LAPD SABME" }, { 0x0f, "LAPD DM" }, { 0x43, "LAPD DISC" },
	{ 0x63, "LAPD UA" }, { 0x87, "LAPD FRMR" }, { 0xaf, "LAPD XID" }, { 0, NULL }
};

enum ct_dec_status
ct_decode_lapd(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t a1, a2, ctl;
	unsigned sapi;
	const char *name;
	size_t info;

	ct_cur_init(&c, p, len);
	d->protocol = "lapd";
	a1 = ct_cur_u8(&c);
	a2 = ct_cur_u8(&c);
	ctl = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if ((a1 & 0x01) || !(a2 & 0x01)) {
		ct_dissect_set_message(d, "LAPD");
		return CT_DEC_MALFORMED; /* §3.3.1: EA0 is 0, EA1 is 1 */
	}
	sapi = a1 >> 2;
	if ((ctl & 0x01) == 0) {
		ct_cur_skip(&c, 1); /* I frame: N(R), P */
	} else if ((ctl & 0x03) == 0x01) {
		ct_cur_skip(&c, 1); /* S frame: RR, RNR, REJ */
		ct_dissect_set_message(d, "LAPD supervisory");
		return ct_cur_ok(&c) ? CT_DEC_OK : CT_DEC_TRUNCATED;
	} else if ((ctl & 0xef) != 0x03) {
		name = ct_name_of(u_names, ctl & 0xef);
		ct_dissect_set_message(d, name ? name : "LAPD U frame");
		return name ? CT_DEC_OK : CT_DEC_UNSUPPORTED;
	}
	if (!ct_cur_ok(&c))
		return CT_DEC_TRUNCATED;
	info = ct_cur_left(&c);
	switch (sapi) {
	case SAPI_RSL:
		return ct_decode_rsl_tei(p + c.off, info, (a2 >> 1) & 0x7f, d);
	case SAPI_OML:
		d->protocol = "oml";
		ct_dissect_set_message(d, "OML");
		return CT_DEC_UNSUPPORTED;
	case SAPI_L2M:
		ct_dissect_set_message(d, "LAPD TEI management");
		return CT_DEC_OK;
	default: {
		char buf[24];

		snprintf(buf, sizeof(buf), "LAPD SAPI %u", sapi);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	}
}
