/*
 * q931.c — ITU-T Q.931 (05/1998) call control as H.225.0 (v7, §7) carries
 * it on TCP 1720 for H.323, each message in a TPKT (RFC 1006 §6): the
 * message types and the Cause IE (§4.5.12), whose value is Q.850's.
 *
 *   TPKT:  | version 3 | reserved 0 | length (2, header included) |
 *   Q.931: | protocol discriminator 0x08 |
 *          | 0 0 0 0 | call reference length (4 bits) |
 *          | flag | call reference value ... |
 *          | 0 | message type (7 bits) |
 *          | IEs: single octet (bit 8 set) or | id | length | value | |
 *
 *   Cause (id 0x08, §4.5.12, Q.850 §2.1):
 *          | ext | coding standard (2) | spare | location (4) |
 *          | ext | recommendation (7) |     only when the first ext is 0
 *          | ext | cause value (7) | diagnostics ... |
 *
 * H.225.0 §7.2.2.1: the User-user IE (0x7e) has a two-octet length there,
 * unlike Q.931's one. The causes are reported in family q931 (a protocol
 * of its own, judged and named as Q.850, as ISUP's are): where a cause
 * was captured tells the H.323 side of a call from the SS7 and the
 * mobile one.
 */
#include <stdio.h>

#include "celltriage/decode.h"

enum { PD_Q931 = 0x08, IE_CAUSE = 0x08, IE_USER_USER = 0x7e };

#define MAX_IES 64 /* information elements read per message */

/* Q.931 Table 4-2 (and H.225.0 §7.3: Facility 0x62 is H.323's). */
static const struct ct_name msg_names[] = {
	{ 0x01, "Q.931 Alerting" },
	{ 0x02, "Q.931 Call Proceeding" },
	{ 0x03, "Q.931 Progress" },
	{ 0x05, "Q.931 Setup" },
	{ 0x07, "Q.931 Connect" },
	{ 0x0d, "Q.931 Setup Acknowledge" },
	{ 0x0f, "Q.931 Connect Acknowledge" },
	{ 0x20, "Q.931 User Information" },
	{ 0x21, "Q.931 Suspend Reject" },
	{ 0x22, "Q.931 Resume Reject" },
	{ 0x25, "Q.931 Suspend" },
	{ 0x26, "Q.931 Resume" },
	{ 0x2d, "Q.931 Suspend Acknowledge" },
	{ 0x2e, "Q.931 Resume Acknowledge" },
	{ 0x45, "Q.931 Disconnect" },
	{ 0x46, "Q.931 Restart" },
	{ 0x4d, "Q.931 Release" },
	{ 0x4e, "Q.931 Restart Acknowledge" },
	{ 0x5a, "Q.931 Release Complete" },
	{ 0x60, "Q.931 Segment" },
	{ 0x62, "Q.931 Facility" },
	{ 0x6e, "Q.931 Notify" },
	{ 0x75, "Q.931 Status Enquiry" },
	{ 0x79, "Q.931 Congestion Control" },
	{ 0x7b, "Q.931 Information" },
	{ 0x7d, "Q.931 Status" },
	{ 0, NULL }
};

size_t
ct_tpkt_frame_len(const uint8_t *p, size_t len)
{
	struct ct_cur c;
	uint8_t version, reserved;
	uint16_t n;

	if (len < 4)
		return 0;
	ct_cur_init(&c, p, len);
	version = ct_cur_u8(&c);
	reserved = ct_cur_u8(&c);
	n = ct_cur_be16(&c);
	if (version != 3 || reserved != 0 || n < 4) /* RFC 1006 §6 */
		return (size_t)-1;
	return n <= len ? n : 0;
}

/* The Cause IE's value (after its length). */
static void
cause(struct ct_cur *v, struct ct_dissect *d)
{
	uint8_t o3 = ct_cur_u8(v), value;

	if (!(o3 & 0x80))
		ct_cur_skip(v, 1); /* octet 3a: recommendation */
	value = ct_cur_u8(v);
	if (ct_cur_ok(v))
		ct_dissect_add_cause(d, CT_FAM_Q931, CT_CG_NONE, value & 0x7fu, NULL);
}

enum ct_dec_status
ct_decode_q931(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t pd, crl, type;
	const char *name;
	char buf[32];

	d->protocol = "q931";
	ct_cur_init(&c, p, len);
	pd = ct_cur_u8(&c);
	crl = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (pd != PD_Q931 || (crl & 0xf0) != 0)
		return CT_DEC_MALFORMED;
	ct_cur_skip(&c, crl & 0x0fu); /* call reference value */
	type = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	d->procedure = type;
	name = ct_name_of(msg_names, type & 0x7f);
	if (!name) {
		snprintf(buf, sizeof(buf), "Q.931 0x%02x", (unsigned)type);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	d->is_request = (type == 0x05 || type == 0x46 || type == 0x75);
	for (int n = 0; n < MAX_IES && ct_cur_left(&c); n++) {
		struct ct_cur v;
		uint8_t id = ct_cur_u8(&c);
		size_t l;

		if (id & 0x80) /* §4.5.1: single-octet IE (shift, more data ...) */
			continue;
		l = id == IE_USER_USER ? ct_cur_be16(&c) : ct_cur_u8(&c);
		if (!ct_cur_ok(&c))
			return ct_cur_status(&c);
		if (l > ct_cur_left(&c))
			return CT_DEC_MALFORMED;
		ct_cur_sub(&c, l, &v);
		if (id == IE_CAUSE)
			cause(&v, d);
	}
	return ct_cur_status(&c);
}

enum ct_dec_status
ct_decode_h225(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	size_t n = ct_tpkt_frame_len(p, len);

	d->protocol = "q931";
	if (n == (size_t)-1)
		return CT_DEC_MALFORMED;
	if (n == 0)
		return CT_DEC_TRUNCATED;
	if (n == 4) { /* H.225.0 §7.1: an empty TPKT keeps the connection alive */
		ct_dissect_set_message(d, "TPKT keep-alive");
		return CT_DEC_OK;
	}
	return ct_decode_q931(p + 4, n - 4, d);
}
