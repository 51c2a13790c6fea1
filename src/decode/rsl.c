/*
 * rsl.c — Radio Signalling Link on the GSM Abis interface, 3GPP TS 48.058
 * v17 (and the ip.access vendor messages of the nanoBTS), with the layer 3
 * message of its L3 Information IE handed to gsm_l3.c.
 *
 *   | discriminator (7) T (1) | 0 message type (7) | IEs ... |
 *   discriminator (§9.1): 0x02 radio link layer management (RLL), 0x08
 *   dedicated channel, 0x0c common channel, 0x10 TRX management, 0x16
 *   location services, 0x7e ip.access; T: transparent to the BTS.
 *
 *   IEs (§9.3) are TV of a fixed length, TLV | IEI | length (1) | value |,
 *   or, for L3 Information (0x0b, §9.3.11), | IEI | length (2) | value |.
 *   Cause (0x1a, §9.3.26): | ext (1) | value (7) | [ value (8) if ext ] |;
 *   RLM cause (0x16, §9.3.22): | 0 | value (7) |.
 *
 * Causes: the Cause IE wherever it stands (Connection Failure Indication,
 * Channel Activation / Mode Modify / ip.access CRCX/MDCX NACK, Error
 * Report, RF Channel Release ...), family rsl; the RLM cause of an Error
 * Indication, family rlm. The L3 Information of the RLL Data, Establish
 * and Unit Data messages (and of any other message that has one) goes to
 * ct_decode_gsm_l3, so MM/CC/RR causes inside come out; its status does not
 * change RSL's (a layer 3 message not read is named by its message).
 *
 * Identity: the Channel Number (§9.3.1) of a dedicated channel (C-bits
 * 00001 TCH/F, 0001T TCH/H, 001TT SDCCH/4, 01TTT SDCCH/8, the timeslot
 * below them) as CT_ID_RSL_CHAN: within one TRX's link (the IPA
 * connection, or the TEI on E1, which becomes part of the value) the
 * channel is one subscriber's from its activation to its release, so the
 * causes the BTS reports on it (Connection Failure, Error and Release
 * Indications) reach the IMSI or TMSI its layer 3 named. The link
 * identifier (SAPI 0 or 3 on that channel) is the same subscriber's and is
 * not part of it. Common channels (BCCH, RACH, PCH/AGCH: C-bits 1xxxx)
 * carry many subscribers and give none.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "nas_common.h"

#define MAX_IES 48 /* IEs looked at per message */

enum {
	IE_CHAN_NR = 0x01, IE_LINK_ID = 0x02, IE_L3_INFO = 0x0b, IE_RLM_CAUSE = 0x16,
	IE_CAUSE = 0x1a, MT_ERROR_IND = 0x03
};

/* §9.1 message types (with the discriminator's bits not part of them);
 * 0x70.. the ip.access RTP messages. */
static const struct ct_name msg_names[] = {
	{ 0x01, "Data Request" },
	{ 0x02, "Data Indication" },
	{ 0x03, "Error Indication" },
	{ 0x04, "Establish Request" },
	{ 0x05, "Establish Confirm" },
	{ 0x06, "Establish Indication" },
	{ 0x07, "Release Request" },
	{ 0x08, "Release Confirm" },
	{ 0x09, "Release Indication" },
	{ 0x0a, "Unit Data Request" },
	{ 0x0b, "Unit Data Indication" },
	{ 0x0c, "Suspend Request" },
	{ 0x0d, "Suspend Confirm" },
	{ 0x0e, "Resume Request" },
	{ 0x0f, "Reconnect Request" },
	{ 0x11, "BCCH Information" },
	{ 0x12, "CCCH Load Indication" },
	{ 0x13, "Channel Required" },
	{ 0x14, "Delete Indication" },
	{ 0x15, "Paging Command" },
	{ 0x16, "Immediate Assign Command" },
	{ 0x17, "SMS Broadcast Request" },
	{ 0x19, "RF Resource Indication" },
	{ 0x1a, "SACCH Filling" },
	{ 0x1b, "Overload" },
	{ 0x1c, "Error Report" },
	{ 0x1d, "SMS Broadcast Command" },
	{ 0x1e, "CBCH Load Indication" },
	{ 0x1f, "Notification Command" },
	{ 0x21, "Channel Activation" },
	{ 0x22, "Channel Activation Acknowledge" },
	{ 0x23, "Channel Activation Negative Acknowledge" },
	{ 0x24, "Connection Failure Indication" },
	{ 0x25, "Deactivate SACCH" },
	{ 0x26, "Encryption Command" },
	{ 0x27, "Handover Detection" },
	{ 0x28, "Measurement Result" },
	{ 0x29, "Mode Modify Request" },
	{ 0x2a, "Mode Modify Acknowledge" },
	{ 0x2b, "Mode Modify Negative Acknowledge" },
	{ 0x2c, "Physical Context Request" },
	{ 0x2d, "Physical Context Confirm" },
	{ 0x2e, "RF Channel Release" },
	{ 0x2f, "MS Power Control" },
	{ 0x30, "BS Power Control" },
	{ 0x31, "Preprocess Configure" },
	{ 0x32, "Preprocessed Measurement Result" },
	{ 0x33, "RF Channel Release Acknowledge" },
	{ 0x34, "SACCH Info Modify" },
	{ 0x35, "Talker Detection" },
	{ 0x36, "Listener Detection" },
	{ 0x37, "Remote Codec Configuration Report" },
	{ 0x38, "Round Trip Delay Report" },
	{ 0x39, "Pre-handover Notification" },
	{ 0x3a, "MultiRate Codec Modification Request" },
	{ 0x3b, "MultiRate Codec Modification Acknowledge" },
	{ 0x3c, "MultiRate Codec Modification Negative Acknowledge" },
	{ 0x3d, "MultiRate Codec Modification Performed" },
	{ 0x3e, "TFO Report" },
	{ 0x3f, "TFO Modification Request" },
	{ 0x41, "Location Information" },
	{ 0x48, "ip.access PDCH Activation" },
	{ 0x49, "ip.access PDCH Activation Acknowledge" },
	{ 0x4a, "ip.access PDCH Activation Negative Acknowledge" },
	{ 0x4b, "ip.access PDCH Deactivation" },
	{ 0x4c, "ip.access PDCH Deactivation Acknowledge" },
	{ 0x4d, "ip.access PDCH Deactivation Negative Acknowledge" },
	{ 0x70, "ip.access CRCX" },
	{ 0x71, "ip.access CRCX Acknowledge" },
	{ 0x72, "ip.access CRCX Negative Acknowledge" },
	{ 0x73, "ip.access MDCX" },
	{ 0x74, "ip.access MDCX Acknowledge" },
	{ 0x75, "ip.access MDCX Negative Acknowledge" },
	{ 0x76, "ip.access DLCX Indication" },
	{ 0x77, "ip.access DLCX" },
	{ 0x78, "ip.access DLCX Acknowledge" },
	{ 0x79, "ip.access DLCX Negative Acknowledge" },
	{ 0, NULL }
};

/* §9.3.26 Cause values. */
static const struct ct_name causes[] = {
	{ 0x00, "radio interface failure" },
	{ 0x01, "radio link failure" },
	{ 0x02, "handover access failure" },
	{ 0x03, "talker access failure" },
	{ 0x07, "O&M intervention" },
	{ 0x0f, "normal event, unspecified" },
	{ 0x18, "T_MSRFPCI expiry" },
	{ 0x20, "equipment failure" },
	{ 0x21, "radio resource not available" },
	{ 0x22, "terrestrial channel failure" },
	{ 0x23, "CCCH overload" },
	{ 0x24, "ACCH overload" },
	{ 0x25, "processor overload" },
	{ 0x27, "BTS not equipped" },
	{ 0x28, "remote transcoder failure" },
	{ 0x29, "notification overflow" },
	{ 0x2f, "resource not available, unspecified" },
	{ 0x30, "requested transcoding/rate adaption not available" },
	{ 0x3f, "service or option not available, unspecified" },
	{ 0x40, "encryption algorithm not implemented" },
	{ 0x4f, "service or option not implemented, unspecified" },
	{ 0x50, "radio channel already activated/allocated" },
	{ 0x5f, "invalid message, unspecified" },
	{ 0x60, "message discriminator error" },
	{ 0x61, "message type error" },
	{ 0x62, "message sequence error" },
	{ 0x63, "general information element error" },
	{ 0x64, "mandatory information element error" },
	{ 0x65, "optional information element error" },
	{ 0x66, "information element non-existent" },
	{ 0x67, "information element length error" },
	{ 0x68, "invalid information element contents" },
	{ 0x6f, "protocol error, unspecified" },
	{ 0x7f, "interworking, unspecified" },
	{ 0, NULL }
};

/* §9.3.22 RLM cause values (TS 44.006 §5.4, the data link layer's errors). */
static const struct ct_name rlm_causes[] = {
	{ 0x01, "timer T200 expired (N200+1) times" },
	{ 0x02, "re-establishment request" },
	{ 0x03, "unsolicited UA response" },
	{ 0x04, "unsolicited DM response" },
	{ 0x05, "unsolicited DM response, multiple frame established state" },
	{ 0x06, "unsolicited supervisory response" },
	{ 0x07, "sequence error" },
	{ 0x08, "U-frame with incorrect parameters" },
	{ 0x09, "S-frame with incorrect parameters" },
	{ 0x0a, "I-frame with incorrect use of M bit" },
	{ 0x0b, "I-frame with incorrect length" },
	{ 0x0c, "frame not implemented" },
	{ 0x0d, "SABM command, multiple frame established state" },
	{ 0x0e, "SABM frame with information not allowed in this state" },
	{ 0, NULL }
};

const struct ct_name *ct_rsl_cause_table(void) { return causes; }
const struct ct_name *ct_rlm_cause_table(void) { return rlm_causes; }

/*
 * How long each IE is (§9.3, and the ip.access IEs 0xe0..0xfe): the value
 * octets after the IEI of a TV IE, or TLV (a one-octet length), or TL16V
 * (a two-octet length). An IEI not listed ends the walk: its length is not
 * known, so nothing after it can be found.
 */
enum { TLV = 0xff, TL16V = 0xfe, UNKNOWN = 0 };
static const uint8_t ie_len[256] = {
	[0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = TLV, [0x06] = TLV,
	[0x07] = TLV, [0x08] = 2, [0x09] = 1, [0x0a] = 2, [0x0b] = TL16V, [0x0c] = TLV,
	[0x0d] = 1, [0x0e] = 1, [0x0f] = 2, [0x10] = TLV, [0x11] = 1, [0x12] = TLV,
	[0x13] = 3, [0x14] = 1, [0x15] = TLV, [0x16] = TLV, [0x17] = 2, [0x18] = 1,
	[0x19] = TLV, [0x1a] = TLV, [0x1b] = 1, [0x1c] = 1, [0x1e] = 1, [0x1f] = TLV,
	[0x20] = TLV, [0x21] = TLV, [0x22] = TLV, [0x24] = 23, [0x25] = 1, [0x26] = TLV,
	[0x27] = TLV, [0x28] = 1, [0x29] = 1, [0x2a] = TLV, [0x2b] = TLV, [0x2c] = TLV,
	[0x2d] = 1, [0x2e] = 1, [0x2f] = TLV, [0x30] = TLV, [0x31] = TLV, [0x32] = TLV,
	[0x33] = 1, [0x34] = TLV, [0x35] = 1, [0x36] = TLV, [0x37] = 1, [0x38] = TLV,
	[0x39] = TLV, [0x3a] = 1, [0x3b] = 1, [0x3c] = TLV, [0x3d] = TLV, [0x3e] = TLV,
	[0x3f] = TLV, [0x40] = TLV, [0x41] = TLV, [0x42] = TLV, [0x43] = TLV,
	[0x44] = TLV, [0x45] = TLV, [0x46] = TLV, [0x47] = TLV, [0x48] = TLV,
	/* ip.access: SRTP config, proxy UDP, BSC multiplex timeout, remote IP and
	 * port, RTP payload, local port, speech mode, local IP, connection
	 * statistics, handover parameters, connection id, CSD format, jitter
	 * buffer, compression, payload 2, multiplex, multiplex id */
	[0xe0] = TLV, [0xe1] = 2, [0xe2] = 1, [0xf0] = 4, [0xf1] = 2, [0xf2] = 1,
	[0xf3] = 2, [0xf4] = 1, [0xf5] = 4, [0xf6] = TLV, [0xf7] = 1, [0xf8] = 2,
	[0xf9] = 1, [0xfa] = 2, [0xfb] = 1, [0xfc] = 1, [0xfd] = 8, [0xfe] = 1,
};

/* Cause (§9.3.26): one octet, or two when the extension bit is set (the
 * value is then the second octet, in the range the first names). */
static void
cause_ie(struct ct_cur *v, struct ct_dissect *d)
{
	uint8_t o1 = ct_cur_u8(v);
	uint32_t value = o1 & 0x7fu;

	if (o1 & 0x80)
		value = (uint32_t)(o1 & 0x7f) << 8 | ct_cur_u8(v);
	if (ct_cur_ok(v))
		ct_dissect_add_cause(d, CT_FAM_RSL, CT_CG_NONE, value, NULL);
}

/* A dedicated channel's number as an identity (above); tei < 0 over IPA. */
static void
chan_id(struct ct_cur *v, int tei, struct ct_dissect *d)
{
	uint8_t nr = ct_cur_u8(v);
	unsigned cbits = nr >> 3;
	char buf[24];

	if (!ct_cur_ok(v) || cbits < 0x01 || cbits > 0x0f)
		return;
	if (tei >= 0)
		snprintf(buf, sizeof(buf), "tei%d-%02x", tei, nr);
	else
		snprintf(buf, sizeof(buf), "%02x", nr);
	ct_dissect_add_id(d, CT_ID_RSL_CHAN, buf);
}

static void
l3_info(struct ct_cur *v, struct ct_dissect *d)
{
	struct ct_nas_saved s;

	if (!ct_cur_left(v))
		return;
	ct_nas_save(d, &s);
	(void)ct_decode_gsm_l3(v->p + v->off, ct_cur_left(v), d);
	ct_nas_restore(d, &s);
}

/*
 * The RLM cause of an Error Indication read from its place (§8.3.3:
 * Channel Number, Link Identifier, RLM Cause) when the IE walk did not
 * find it by its IEI: BTSs of the first Abis generation (Siemens BS-11)
 * send the two TV IEs and the cause IE under other identifiers. The first
 * value octet is the cause; a length running past the message is malformed.
 */
static enum ct_dec_status
rlm_by_position(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t n, v;

	ct_cur_init(&c, p, len);
	ct_cur_skip(&c, 4 + 1); /* two TV IEs of one octet each, the cause's IEI */
	n = ct_cur_u8(&c);
	v = ct_cur_u8(&c);
	if (!ct_cur_ok(&c) || n == 0)
		return CT_DEC_TRUNCATED;
	ct_dissect_add_cause(d, CT_FAM_RLM, CT_CG_NONE, v & 0x7fu, NULL);
	return (size_t)n - 1 > ct_cur_left(&c) ? CT_DEC_MALFORMED : CT_DEC_OK;
}

enum ct_dec_status
ct_decode_rsl(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	return ct_decode_rsl_tei(p, len, -1, d);
}

enum ct_dec_status
ct_decode_rsl_tei(const uint8_t *p, size_t len, int tei, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t disc, type;
	const char *name;
	char buf[48];
	int rlm = 0;
	unsigned i;
	size_t ies;

	ct_cur_init(&c, p, len);
	d->protocol = "rsl";
	disc = ct_cur_u8(&c);
	type = ct_cur_u8(&c) & 0x7fu;
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	d->procedure = type;
	name = ct_name_of(msg_names, type);
	if (!name) {
		snprintf(buf, sizeof(buf), "RSL 0x%02x/0x%02x", (unsigned)(disc & 0xfe),
			 (unsigned)type);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	ies = c.off;
	for (i = 0; i < MAX_IES && ct_cur_left(&c) > 0; i++) {
		uint8_t iei = ct_cur_u8(&c), kind = ie_len[iei];
		struct ct_cur v;

		if (kind == UNKNOWN)
			break;
		if (kind == TLV)
			ct_cur_sub(&c, ct_cur_u8(&c), &v);
		else if (kind == TL16V)
			ct_cur_sub(&c, ct_cur_be16(&c), &v);
		else
			ct_cur_sub(&c, kind, &v);
		if (!ct_cur_ok(&c))
			break; /* a length past the end: the positional read below, or malformed */
		switch (iei) {
		case IE_CHAN_NR:
			chan_id(&v, tei, d);
			break;
		case IE_CAUSE:
			cause_ie(&v, d);
			break;
		case IE_RLM_CAUSE:
			if (ct_cur_left(&v)) {
				ct_dissect_add_cause(d, CT_FAM_RLM, CT_CG_NONE, ct_cur_u8(&v) & 0x7fu,
						     NULL);
				rlm = 1;
			}
			break;
		case IE_L3_INFO:
			l3_info(&v, d);
			break;
		default:
			break;
		}
	}
	if (type == MT_ERROR_IND && !rlm)
		return rlm_by_position(p + ies, len - ies, d);
	if (!ct_cur_ok(&c))
		return CT_DEC_MALFORMED; /* an IE runs past the message */
	return CT_DEC_OK;
}
