/*
 * gtpv1.c — GTPv1-C control messages (3GPP TS 29.060 v17, Gn/Gp between
 * SGSN and GGSN), GTP version 0 (GSM 09.60) and GTP' (TS 32.295).
 *
 * Reads the header, names the message and walks the information elements
 * for what triage needs: the Cause IE (type 1, §7.7.1) of the responses,
 * the subscriber's IMSI (2, §7.7.2) and MSISDN (134, §7.7.33), and the
 * TEIDs of the header, TEID Data I (16, §7.7.13) and TEID Control Plane
 * (17, §7.7.14).
 *
 * Header (§6, Figure 2), then IEs (§7.7: TV below 128, TLV from 128):
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-----+-+-+-+-+-+---------------+-------------------------------+
 *    | Ver |P|*|E|S|N| Message Type  | Length (after the first 8)    |
 *    +-----+-+-+-+-+-+---------------+-------------------------------+
 *    |               Tunnel Endpoint Identifier                      |
 *    +-------------------------------+---------------+---------------+
 *    | Sequence Number   (present when E, S or N is set, all four    |
 *    |   octets)                     | N-PDU Number  | Next Ext Type |
 *    +-------------------------------+---------------+---------------+
 *    | Ext: | length (4-octet units) | contents ...  | next type     |
 *    +---------------+-----------------------------------------------+
 *    | IE type < 128 | value (fixed length by type) ...              |
 *    | IE type >=128 | length (2)   | value ...                      |
 *
 * Ver is 1 and P (protocol type) 1; P = 0 is GTP' (TS 32.295 §6.1), the
 * charging protocol on UDP 3386 sharing the first octet's layout: its
 * header and IEs are read for the Cause of its responses (below); GTP
 * version 0 (GSM 09.60), which shares that port, is decoded as version 1
 * is (below). The NSAPI (20) is not
 * reported as an identity: it numbers a PDP context within one MS (5..15),
 * so every subscriber has the same few values.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"
#include "bcd.h"
#include "text.h"

enum {
	IE_CAUSE = 1,
	IE_IMSI = 2,
	IE_TEID_DATA_I = 16,
	IE_TEID_CONTROL = 17,
	IE_MSISDN = 134,
	IE_TV_LAST = 127 /* §7.7.0: types 0..127 are TV, 128..255 TLV */
};

#define MAX_EXT_HEADERS 16 /* extension headers followed before giving up */

/* TS 29.060 §7.7: the value length of each TV IE (the type octet not
 * counted); 0 where the type is not a TV IE of the specification. */
static const uint8_t tv_len[IE_TV_LAST + 1] = {
	[1] = 1,   /* Cause */
	[2] = 8,   /* IMSI */
	[3] = 6,   /* Routeing Area Identity */
	[4] = 4,   /* TLLI */
	[5] = 4,   /* P-TMSI */
	[8] = 1,   /* Reordering Required */
	[9] = 28,  /* Authentication Triplet */
	[11] = 1,  /* MAP Cause */
	[12] = 3,  /* P-TMSI Signature */
	[13] = 1,  /* MS Validated */
	[14] = 1,  /* Recovery */
	[15] = 1,  /* Selection Mode */
	[16] = 4,  /* TEID Data I */
	[17] = 4,  /* TEID Control Plane */
	[18] = 5,  /* TEID Data II */
	[19] = 1,  /* Teardown Ind */
	[20] = 1,  /* NSAPI */
	[21] = 1,  /* RANAP Cause */
	[22] = 9,  /* RAB Context */
	[23] = 1,  /* Radio Priority SMS */
	[24] = 1,  /* Radio Priority */
	[25] = 2,  /* Packet Flow Id */
	[26] = 2,  /* Charging Characteristics */
	[27] = 2,  /* Trace Reference */
	[28] = 2,  /* Trace Type */
	[29] = 1,  /* MS Not Reachable Reason */
	[126] = 1, /* Packet Transfer Command (GTP', TS 32.295 §6.2.4.6) */
	[127] = 4, /* Charging ID */
};

/* GSM 09.60 §7.9: the TV IEs of version 0, where they differ from
 * version 1's (QoS Profile was TV, the flow labels took the TEIDs' types). */
static const uint8_t tv_len_v0[IE_TV_LAST + 1] = {
	[1] = 1, [2] = 8, [3] = 6, [4] = 4, [5] = 4,
	[6] = 3,   /* Quality of Service Profile */
	[8] = 1, [9] = 28, [11] = 1, [12] = 3, [13] = 1, [14] = 1, [15] = 1,
	[16] = 2,  /* Flow Label Data I */
	[17] = 2,  /* Flow Label Signalling */
	[18] = 3,  /* Flow Label Data II */
	[19] = 1,  /* MS Not Reachable Reason */
	[127] = 4, /* Charging ID */
};

/* TS 29.060 §7.1 Table 1: message types (G-PDU 255 is GTP-U's). */
static const struct ct_name gtpv1_msgs[] = {
	{ 1, "Echo Request" },
	{ 2, "Echo Response" },
	{ 3, "Version Not Supported" },
	{ 4, "Node Alive Request" },
	{ 5, "Node Alive Response" },
	{ 6, "Redirection Request" },
	{ 7, "Redirection Response" },
	{ 16, "Create PDP Context Request" },
	{ 17, "Create PDP Context Response" },
	{ 18, "Update PDP Context Request" },
	{ 19, "Update PDP Context Response" },
	{ 20, "Delete PDP Context Request" },
	{ 21, "Delete PDP Context Response" },
	{ 22, "Initiate PDP Context Activation Request" },
	{ 23, "Initiate PDP Context Activation Response" },
	{ 26, "Error Indication" },
	{ 27, "PDU Notification Request" },
	{ 28, "PDU Notification Response" },
	{ 29, "PDU Notification Reject Request" },
	{ 30, "PDU Notification Reject Response" },
	{ 31, "Supported Extension Headers Notification" },
	{ 32, "Send Routeing Information for GPRS Request" },
	{ 33, "Send Routeing Information for GPRS Response" },
	{ 34, "Failure Report Request" },
	{ 35, "Failure Report Response" },
	{ 36, "Note MS GPRS Present Request" },
	{ 37, "Note MS GPRS Present Response" },
	{ 48, "Identification Request" },
	{ 49, "Identification Response" },
	{ 50, "SGSN Context Request" },
	{ 51, "SGSN Context Response" },
	{ 52, "SGSN Context Acknowledge" },
	{ 53, "Forward Relocation Request" },
	{ 54, "Forward Relocation Response" },
	{ 55, "Forward Relocation Complete" },
	{ 56, "Relocation Cancel Request" },
	{ 57, "Relocation Cancel Response" },
	{ 58, "Forward SRNS Context" },
	{ 59, "Forward Relocation Complete Acknowledge" },
	{ 60, "Forward SRNS Context Acknowledge" },
	{ 61, "UE Registration Query Request" },
	{ 62, "UE Registration Query Response" },
	{ 70, "RAN Information Relay" },
	{ 96, "MBMS Notification Request" },
	{ 97, "MBMS Notification Response" },
	{ 98, "MBMS Notification Reject Request" },
	{ 99, "MBMS Notification Reject Response" },
	{ 100, "Create MBMS Context Request" },
	{ 101, "Create MBMS Context Response" },
	{ 102, "Update MBMS Context Request" },
	{ 103, "Update MBMS Context Response" },
	{ 104, "Delete MBMS Context Request" },
	{ 105, "Delete MBMS Context Response" },
	{ 112, "MBMS Registration Request" },
	{ 113, "MBMS Registration Response" },
	{ 114, "MBMS De-Registration Request" },
	{ 115, "MBMS De-Registration Response" },
	{ 116, "MBMS Session Start Request" },
	{ 117, "MBMS Session Start Response" },
	{ 118, "MBMS Session Stop Request" },
	{ 119, "MBMS Session Stop Response" },
	{ 120, "MBMS Session Update Request" },
	{ 121, "MBMS Session Update Response" },
	{ 128, "MS Info Change Notification Request" },
	{ 129, "MS Info Change Notification Response" },
	{ 240, "Data Record Transfer Request" },
	{ 241, "Data Record Transfer Response" },
	{ 254, "End Marker" },
	{ 0, NULL }
};

/* TS 32.295 §6.2.1 Table 6.2.1.1: GTP' message types. */
static const struct ct_name gtp_prime_msgs[] = {
	{ 1, "GTP' Echo Request" },
	{ 2, "GTP' Echo Response" },
	{ 3, "GTP' Version Not Supported" },
	{ 4, "GTP' Node Alive Request" },
	{ 5, "GTP' Node Alive Response" },
	{ 6, "GTP' Redirection Request" },
	{ 7, "GTP' Redirection Response" },
	{ 240, "GTP' Data Record Transfer Request" },
	{ 241, "GTP' Data Record Transfer Response" },
	{ 0, NULL }
};

/* TS 29.060 §7.7.1 Table 38: 0-127 causes of a request, 128-191
 * acceptance in a response, 192-255 rejection (the names are the
 * table's). */
static const struct ct_name gtpv1_causes[] = {
	{ 0, "Request IMSI" },
	{ 1, "Request IMEI" },
	{ 2, "Request IMSI and IMEI" },
	{ 3, "No identity needed" },
	{ 4, "MS refuses" },
	{ 5, "MS is not GPRS responding" },
	{ 6, "Reactivation Requested" },
	{ 7, "PDP address inactivity timer expires" },
	{ 8, "Network failure" },
	{ 9, "QoS parameter mismatch" },
	/* TS 32.295 §6.2.4.1: GTP' causes of a request */
	{ 59, "System failure" },
	{ 60, "The transmit buffers are becoming full" },
	{ 61, "The receive buffers are becoming full" },
	{ 62, "Another node is about to go down" },
	{ 63, "This node is about to go down" },
	{ 128, "Request accepted" },
	{ 129, "New PDP type due to network preference" },
	{ 130, "New PDP type due to single address bearer only" },
	{ 177, "CDR decoding error" }, /* GTP' */
	{ 192, "Non-existent" },
	{ 193, "Invalid message format" },
	{ 194, "IMSI/IMEI not known" },
	{ 195, "MS is GPRS detached" },
	{ 196, "MS is not GPRS responding" },
	{ 197, "MS refuses" },
	{ 198, "Version not supported" },
	{ 199, "No resources available" },
	{ 200, "Service not supported" },
	{ 201, "Mandatory IE incorrect" },
	{ 202, "Mandatory IE missing" },
	{ 203, "Optional IE incorrect" },
	{ 204, "System failure" },
	{ 205, "Roaming restriction" },
	{ 206, "P-TMSI Signature mismatch" },
	{ 207, "GPRS connection suspended" },
	{ 208, "Authentication failure" },
	{ 209, "User authentication failed" },
	{ 210, "Context not found" },
	{ 211, "All dynamic PDP addresses are occupied" },
	{ 212, "No memory is available" },
	{ 213, "Relocation failure" },
	{ 214, "Unknown mandatory extension header" },
	{ 215, "Semantic error in the TFT operation" },
	{ 216, "Syntactic error in the TFT operation" },
	{ 217, "Semantic errors in packet filter(s)" },
	{ 218, "Syntactic errors in packet filter(s)" },
	{ 219, "Missing or unknown APN" },
	{ 220, "Unknown PDP address or PDP type" },
	{ 221, "PDP context without TFT already activated" },
	{ 222, "APN access denied - no subscription" },
	{ 223, "APN Restriction type incompatibility with currently active PDP Contexts" },
	{ 224, "MS MBMS Capabilities Insufficient" },
	{ 225, "Invalid Correlation-ID" },
	{ 226, "MBMS Bearer Context Superseded" },
	{ 227, "Bearer Control Mode violation" },
	{ 228, "Collision with network initiated request" },
	{ 229, "APN Congestion" },
	{ 230, "Bearer handling not supported" },
	{ 231, "Target access restricted for the subscriber" },
	{ 232, "UE is temporarily not reachable due to power saving" },
	{ 233, "Relocation failure due to NAS message redirection" },
	/* TS 32.295 §6.2.4.1: GTP' rejections */
	{ 252, "Request related to possibly duplicated packets already fulfilled" },
	{ 253, "Request already fulfilled" },
	{ 254, "Sequence numbers of released/cancelled packets IE incorrect" },
	{ 255, "Request not fulfilled" },
	{ 0, NULL }
};

const struct ct_name *
ct_gtpv1_cause_table(void)
{
	return gtpv1_causes;
}

/* A TEID as 8 lowercase hex digits (dissect.h), once per message: the
 * header's TEID is the peer's, which a response also names in an IE. */
static void
add_teid(struct ct_dissect *d, uint32_t teid)
{
	char hex[9];
	struct ct_tw w;

	if (teid == 0) /* §9.3.1.1: 0 before a TEID has been assigned */
		return;
	ct_tw_init(&w, hex, sizeof(hex));
	ct_tw_hex(&w, teid, 8);
	for (unsigned i = 0; i < d->nids; i++)
		if (d->ids[i].kind == CT_ID_TEID && strcmp(d->ids[i].value, hex) == 0)
			return;
	ct_dissect_add_id(d, CT_ID_TEID, hex);
}

/* TBCD digits (TS 29.002 TBCD-STRING): reported unless a nibble is not a
 * digit. */
static void
add_digits(struct ct_dissect *d, enum ct_id_kind kind, const uint8_t *p, size_t n)
{
	char digits[24];

	if (p && ct_bcd_digits(p, n, 0, digits, sizeof(digits)) > 0)
		ct_dissect_add_id(d, kind, digits);
}

/* The IEs of m (the message after its header). cut: m ends where our
 * bytes end, not where the message does (an IE past it is truncated). */
static enum ct_dec_status
walk_ies(struct ct_cur *m, struct ct_dissect *d, const uint8_t *tv, int cut)
{
	while (ct_cur_left(m) > 0) {
		uint8_t type = ct_cur_u8(m);
		size_t len;
		struct ct_cur v;

		if (type <= IE_TV_LAST) {
			len = tv[type];
			if (len == 0) /* a type TS 29.060 does not define: the
				       * length of what follows is unknown */
				return CT_DEC_MALFORMED;
		} else {
			len = ct_cur_be16(m);
		}
		if (!ct_cur_ok(m) || len > ct_cur_left(m))
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
		ct_cur_sub(m, len, &v);
		switch (type) {
		case IE_CAUSE:
			ct_dissect_add_cause(d, CT_FAM_GTPV1, CT_CG_NONE, ct_cur_u8(&v), NULL);
			break;
		case IE_IMSI:
			add_digits(d, CT_ID_IMSI, ct_cur_bytes(&v, len), len);
			break;
		case IE_TEID_DATA_I:
		case IE_TEID_CONTROL:
			if (len == 4) /* version 0's flow labels are 2 octets */
				add_teid(d, ct_cur_be32(&v));
			break;
		case IE_MSISDN:
			/* §7.7.33: the MAP ISDN-AddressString, whose first
			 * octet is the nature of address and numbering plan. */
			if (len >= 2) {
				ct_cur_skip(&v, 1);
				add_digits(d, CT_ID_MSISDN, ct_cur_bytes(&v, len - 1), len - 1);
			}
			break;
		default:
			break;
		}
	}
	return ct_cur_ok(m) ? CT_DEC_OK : ct_cur_status(m);
}

/*
 * GTP version 0 (GSM 09.60 §6, Figure 2), still met on UDP 3386 beside
 * GTP': a 20-octet header, then the same IEs as version 1 (TV below 128,
 * TLV above; the Cause values are the ones TS 29.060 kept):
 *
 *   | flags (ver 0, PT 1, spare, SNN) | type | length (after the header, 2) |
 *   | sequence number (2) | flow label (2) | SNDCP N-PDU number (1) |
 *   | spare (3) | TID (8): IMSI digits (TBCD, 15) + NSAPI (4 bits) |
 *
 * Causes are reported in family gtpv1, the subscriber by the TID's IMSI.
 */
static enum ct_dec_status
gtpv0(struct ct_cur *c, uint8_t type, uint16_t mlen, struct ct_dissect *d)
{
	const uint8_t *tid;
	const char *name;
	char buf[40];
	uint8_t imsi[8];
	size_t have;
	struct ct_cur m;
	enum ct_dec_status st;
	int cut;

	d->protocol = "gtpv0";
	d->seq = ct_cur_be16(c);
	ct_cur_skip(c, 2 + 1 + 3);
	tid = ct_cur_bytes(c, 8);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	name = type == 255 ? "T-PDU" : ct_name_of(gtpv1_msgs, type);
	if (!name) {
		snprintf(buf, sizeof(buf), "GTPv0 message type %u", (unsigned)type);
		name = buf;
	}
	ct_dissect_set_message(d, name);
	d->procedure = type;
	if (type == 255) /* T-PDU: a user's packet, not signalling */
		return CT_DEC_UNSUPPORTED;
	memcpy(imsi, tid, sizeof(imsi));
	imsi[7] |= 0xf0; /* the NSAPI's half octet is not a digit of the IMSI */
	/* Path management (echo) has an all-zero TID: no subscriber. */
	if (memcmp(imsi, "\0\0\0\0\0\0\0\xf0", sizeof(imsi)) != 0)
		add_digits(d, CT_ID_IMSI, imsi, sizeof(imsi));
	have = ct_cur_left(c);
	cut = mlen > have;
	ct_cur_sub(c, cut ? have : mlen, &m);
	st = walk_ies(&m, d, tv_len_v0, cut);
	if (st == CT_DEC_OK && cut)
		st = CT_DEC_TRUNCATED;
	return st;
}

/*
 * GTP' (TS 32.295 §6.1.1), the charging data records' transport:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-----+-+-----+-+---------------+-------------------------------+
 *   | Ver |0|1 1 1|H| Message Type  | Length (after the header)     |
 *   +-----+-+-----+-+---------------+-------------------------------+
 *   | Sequence Number               | (H = 0: 14 unused octets, the |
 *   +-------------------------------+  20-octet header of GTPv0)    |
 *
 * then IEs as GTPv1's (TV below 128, TLV from 128; §6.2.4): Cause (1),
 * Recovery (14), Packet Transfer Command (126), Data Record Packet (252,
 * the CDRs: not read), Requests Responded (253) and the rest. The Cause
 * of a Data Record Transfer Response or a Redirection Request / Response
 * is reported in family gtpv1, whose table holds GTP''s values. Echo,
 * Node Alive and Version Not Supported carry none; an unknown message
 * type is named and counted unsupported.
 */
static enum ct_dec_status
gtp_prime(struct ct_cur *c, uint8_t flags, uint8_t type, uint16_t mlen,
	  struct ct_dissect *d)
{
	const char *name = ct_name_of(gtp_prime_msgs, type);
	char buf[40];
	size_t have;
	struct ct_cur m;
	enum ct_dec_status st;
	int cut;

	d->protocol = "gtp-prime";
	d->procedure = type;
	if (!name) {
		snprintf(buf, sizeof(buf), "GTP' message type %u", (unsigned)type);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	d->is_request = strstr(name, "Request") != NULL;
	d->seq = ct_cur_be16(c);
	if (!(flags & 0x01))
		ct_cur_skip(c, 14); /* §6.1.1: H = 0, the 20-octet header */
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	have = ct_cur_left(c);
	cut = mlen > have;
	ct_cur_sub(c, cut ? have : mlen, &m);
	st = walk_ies(&m, d, tv_len, cut);
	if (st == CT_DEC_OK && cut)
		st = CT_DEC_TRUNCATED;
	return st;
}

enum ct_dec_status
ct_decode_gtpv1(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c, m;
	uint8_t flags, type;
	uint16_t mlen;
	uint32_t teid;
	const char *name;
	char unknown[40];
	size_t have;
	int cut;
	enum ct_dec_status st;

	d->protocol = "gtpv1";
	ct_cur_init(&c, p, len);
	flags = ct_cur_u8(&c);
	type = ct_cur_u8(&c);
	mlen = ct_cur_be16(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (!(flags & 0x10))
		return gtp_prime(&c, flags, type, mlen, d);
	if (flags >> 5 == 0)
		return gtpv0(&c, type, mlen, d);
	if (flags >> 5 != 1)
		return CT_DEC_MALFORMED;
	teid = ct_cur_be32(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);

	name = ct_name_of(gtpv1_msgs, type);
	if (!name) {
		snprintf(unknown, sizeof(unknown), "GTPv1 message type %u", (unsigned)type);
		name = unknown;
	}
	ct_dissect_set_message(d, name);
	d->procedure = type;
	/* §7.1 Table 1 names each message a request, response, notification
	 * or acknowledge: the answers are the last two kinds. */
	d->is_request = name == unknown ? -1
			: !(strstr(name, "Response") || strstr(name, "Acknowledge"));
	add_teid(d, teid);

	have = ct_cur_left(&c);
	cut = mlen > have;
	ct_cur_sub(&c, cut ? have : mlen, &m);
	if (flags & 0x07) {
		/* §6: sequence number (2), N-PDU number (1), next extension
		 * header type (1), then the chain of extension headers. */
		uint8_t next;

		d->seq = ct_cur_be16(&m);
		ct_cur_skip(&m, 1);
		next = ct_cur_u8(&m);
		for (int i = 0; next != 0 && ct_cur_ok(&m); i++) {
			uint8_t units = ct_cur_u8(&m);

			if (i == MAX_EXT_HEADERS || (ct_cur_ok(&m) && units == 0))
				return CT_DEC_MALFORMED;
			ct_cur_skip(&m, (size_t)units * 4 - 2);
			next = ct_cur_u8(&m);
		}
		if (!ct_cur_ok(&m))
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
	}
	st = walk_ies(&m, d, tv_len, cut);
	if (st == CT_DEC_OK && cut)
		st = CT_DEC_TRUNCATED;
	return st;
}
