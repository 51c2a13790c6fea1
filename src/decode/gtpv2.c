/*
 * gtpv2.c — GTPv2-C control messages (3GPP TS 29.274 v17, S11/S5/S8/S4/S3/S10).
 *
 * Reads the header, names the message, and walks the information elements
 * for what triage needs: the Cause IE (type 2, §8.4) of the message and of
 * each Bearer Context, the subscriber's IMSI (1), MSISDN (76) and MEI (75),
 * the TEIDs of every F-TEID (87) and the TAI / E-UTRAN CGI of the User
 * Location Information (86). A piggybacked message (P flag, §5.5.1) is
 * decoded too: its causes and identities are added, under its own name.
 *
 * Header (§5.1, Figure 5.1-1), then IEs (§8.2.1, Figure 8.2.1-1):
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-----+-+-+-+---+---------------+-------------------------------+
 *    | Ver |P|T|M|Spr| Message Type  | Message Length (after octet 4)|
 *    +-----+-+-+-+---+---------------+-------------------------------+
 *    |          Tunnel Endpoint Identifier (present only if T = 1)   |
 *    +-----------------------------------------------+---------------+
 *    |              Sequence Number                  | Prio  | Spare |
 *    +---------------+-------------------------------+-------+-------+
 *    |   IE Type     |         IE Length             | Spare | Inst  |
 *    +---------------+-------------------------------+-------+-------+
 *    |   IE value (IE Length octets) ...                             |
 *
 * Ver is 2; M (message priority, Rel-11) only says the last octet carries a
 * priority. A message whose length points past the bytes we hold is
 * TRUNCATED (a snap-length cut); an IE whose length points past its own
 * message is MALFORMED.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"
#include "bcd.h"
#include "text.h"

/* TS 29.274 §8.1 Table 8.1-1: the IE types this decoder reads. */
enum {
	IE_IMSI = 1,
	IE_CAUSE = 2,
	IE_MEI = 75,
	IE_MSISDN = 76,
	IE_ULI = 86,
	IE_FTEID = 87,
	IE_BEARER_CONTEXT = 93, /* grouped */
	IE_PDN_CONNECTION = 109 /* grouped: holds Bearer Contexts */
};

/* PDN Connection -> Bearer Context -> IEs: two levels of grouping is the
 * deepest TS 29.274 nests the IEs we descend into. Deeper is hostile. */
#define GTPV2_GROUP_DEPTH_MAX 2

/* TS 29.274 §6.1 Table 6.1-1. req: 1 initial message (a request, command,
 * notification or indication that starts a procedure), 0 triggered reply. */
struct gtpv2_msg {
	uint8_t type;
	signed char req;
	const char *name;
};

static const struct gtpv2_msg gtpv2_msgs[] = {
	{ 1, 1, "Echo Request" },
	{ 2, 0, "Echo Response" },
	{ 3, 0, "Version Not Supported Indication" },
	{ 4, 1, "Node Alive Request" },
	{ 5, 0, "Node Alive Response" },
	{ 6, 1, "Redirection Request" },
	{ 7, 0, "Redirection Response" },
	{ 25, 1, "SRVCC PS to CS Request" },
	{ 26, 0, "SRVCC PS to CS Response" },
	{ 27, 1, "SRVCC PS to CS Complete Notification" },
	{ 28, 0, "SRVCC PS to CS Complete Acknowledge" },
	{ 29, 1, "SRVCC PS to CS Cancel Notification" },
	{ 30, 0, "SRVCC PS to CS Cancel Acknowledge" },
	{ 31, 1, "SRVCC CS to PS Request" },
	{ 32, 1, "Create Session Request" },
	{ 33, 0, "Create Session Response" },
	{ 34, 1, "Modify Bearer Request" },
	{ 35, 0, "Modify Bearer Response" },
	{ 36, 1, "Delete Session Request" },
	{ 37, 0, "Delete Session Response" },
	{ 38, 1, "Change Notification Request" },
	{ 39, 0, "Change Notification Response" },
	{ 40, 1, "Remote UE Report Notification" },
	{ 41, 0, "Remote UE Report Acknowledge" },
	{ 64, 1, "Modify Bearer Command" },
	{ 65, 0, "Modify Bearer Failure Indication" },
	{ 66, 1, "Delete Bearer Command" },
	{ 67, 0, "Delete Bearer Failure Indication" },
	{ 68, 1, "Bearer Resource Command" },
	{ 69, 0, "Bearer Resource Failure Indication" },
	{ 70, 1, "Downlink Data Notification Failure Indication" },
	{ 71, 1, "Trace Session Activation" },
	{ 72, 1, "Trace Session Deactivation" },
	{ 73, 1, "Stop Paging Indication" },
	{ 95, 1, "Create Bearer Request" },
	{ 96, 0, "Create Bearer Response" },
	{ 97, 1, "Update Bearer Request" },
	{ 98, 0, "Update Bearer Response" },
	{ 99, 1, "Delete Bearer Request" },
	{ 100, 0, "Delete Bearer Response" },
	{ 101, 1, "Delete PDN Connection Set Request" },
	{ 102, 0, "Delete PDN Connection Set Response" },
	{ 103, 1, "PGW Downlink Triggering Notification" },
	{ 104, 0, "PGW Downlink Triggering Acknowledge" },
	{ 128, 1, "Identification Request" },
	{ 129, 0, "Identification Response" },
	{ 130, 1, "Context Request" },
	{ 131, 0, "Context Response" },
	{ 132, 0, "Context Acknowledge" },
	{ 133, 1, "Forward Relocation Request" },
	{ 134, 0, "Forward Relocation Response" },
	{ 135, 1, "Forward Relocation Complete Notification" },
	{ 136, 0, "Forward Relocation Complete Acknowledge" },
	{ 137, 1, "Forward Access Context Notification" },
	{ 138, 0, "Forward Access Context Acknowledge" },
	{ 139, 1, "Relocation Cancel Request" },
	{ 140, 0, "Relocation Cancel Response" },
	{ 141, 1, "Configuration Transfer Tunnel" },
	{ 149, 1, "Detach Notification" },
	{ 150, 0, "Detach Acknowledge" },
	{ 151, 1, "CS Paging Indication" },
	{ 152, 1, "RAN Information Relay" },
	{ 153, 1, "Alert MME Notification" },
	{ 154, 0, "Alert MME Acknowledge" },
	{ 155, 1, "UE Activity Notification" },
	{ 156, 0, "UE Activity Acknowledge" },
	{ 157, 1, "ISR Status Indication" },
	{ 158, 1, "UE Registration Query Request" },
	{ 159, 0, "UE Registration Query Response" },
	{ 160, 1, "Create Forwarding Tunnel Request" },
	{ 161, 0, "Create Forwarding Tunnel Response" },
	{ 162, 1, "Suspend Notification" },
	{ 163, 0, "Suspend Acknowledge" },
	{ 164, 1, "Resume Notification" },
	{ 165, 0, "Resume Acknowledge" },
	{ 166, 1, "Create Indirect Data Forwarding Tunnel Request" },
	{ 167, 0, "Create Indirect Data Forwarding Tunnel Response" },
	{ 168, 1, "Delete Indirect Data Forwarding Tunnel Request" },
	{ 169, 0, "Delete Indirect Data Forwarding Tunnel Response" },
	{ 170, 1, "Release Access Bearers Request" },
	{ 171, 0, "Release Access Bearers Response" },
	{ 176, 1, "Downlink Data Notification" },
	{ 177, 0, "Downlink Data Notification Acknowledge" },
	{ 179, 1, "PGW Restart Notification" },
	{ 180, 0, "PGW Restart Notification Acknowledge" },
	{ 200, 1, "Update PDN Connection Set Request" },
	{ 201, 0, "Update PDN Connection Set Response" },
	{ 211, 1, "Modify Access Bearers Request" },
	{ 212, 0, "Modify Access Bearers Response" },
	{ 231, 1, "MBMS Session Start Request" },
	{ 232, 0, "MBMS Session Start Response" },
	{ 233, 1, "MBMS Session Update Request" },
	{ 234, 0, "MBMS Session Update Response" },
	{ 235, 1, "MBMS Session Stop Request" },
	{ 236, 0, "MBMS Session Stop Response" },
	{ 240, 0, "SRVCC CS to PS Response" },
	{ 241, 1, "SRVCC CS to PS Complete Notification" },
	{ 242, 0, "SRVCC CS to PS Complete Acknowledge" },
	{ 243, 1, "SRVCC CS to PS Cancel Notification" },
	{ 244, 0, "SRVCC CS to PS Cancel Acknowledge" },
	{ 0, 0, NULL }
};

/* TS 29.274 §8.4 Table 8.4-1. 0-15 appear in requests, 16-63 accept,
 * 64 and above reject (the names are the table's). */
static const struct ct_name gtpv2_causes[] = {
	{ 2, "Local Detach" },
	{ 3, "Complete Detach" },
	{ 4, "RAT changed from 3GPP to Non-3GPP" },
	{ 5, "ISR deactivation" },
	{ 6, "Error Indication received from RNC/eNodeB/S4-SGSN/MME" },
	{ 7, "IMSI Detach Only" },
	{ 8, "Reactivation Requested" },
	{ 9, "PDN reconnection to this APN disallowed" },
	{ 10, "Access changed from Non-3GPP to 3GPP" },
	{ 11, "PDN connection inactivity timer expires" },
	{ 12, "PGW not responding" },
	{ 13, "Network Failure" },
	{ 14, "QoS parameter mismatch" },
	{ 15, "EPS to 5GS Mobility" },
	{ 16, "Request accepted" },
	{ 17, "Request accepted partially" },
	{ 18, "New PDN type due to network preference" },
	{ 19, "New PDN type due to single address bearer only" },
	{ 64, "Context Not Found" },
	{ 65, "Invalid Message Format" },
	{ 66, "Version not supported by next peer" },
	{ 67, "Invalid length" },
	{ 68, "Service not supported" },
	{ 69, "Mandatory IE incorrect" },
	{ 70, "Mandatory IE missing" },
	{ 71, "Shall not be used" },
	{ 72, "System failure" },
	{ 73, "No resources available" },
	{ 74, "Semantic error in the TFT operation" },
	{ 75, "Syntactic error in the TFT operation" },
	{ 76, "Semantic errors in packet filter(s)" },
	{ 77, "Syntactic errors in packet filter(s)" },
	{ 78, "Missing or unknown APN" },
	{ 79, "Shall not be used" },
	{ 80, "GRE key not found" },
	{ 81, "Relocation failure" },
	{ 82, "Denied in RAT" },
	{ 83, "Preferred PDN type not supported" },
	{ 84, "All dynamic addresses are occupied" },
	{ 85, "UE context without TFT already activated" },
	{ 86, "Protocol type not supported" },
	{ 87, "UE not responding" },
	{ 88, "UE refuses" },
	{ 89, "Service denied" },
	{ 90, "Unable to page UE" },
	{ 91, "No memory available" },
	{ 92, "User authentication failed" },
	{ 93, "APN access denied - no subscription" },
	{ 94, "Request rejected (reason not specified)" },
	{ 95, "P-TMSI Signature mismatch" },
	{ 96, "IMSI/IMEI not known" },
	{ 97, "Semantic error in the TAD operation" },
	{ 98, "Syntactic error in the TAD operation" },
	{ 99, "Shall not be used" },
	{ 100, "Remote peer not responding" },
	{ 101, "Collision with network initiated request" },
	{ 102, "Unable to page UE due to Suspension" },
	{ 103, "Conditional IE missing" },
	{ 104, "APN Restriction type Incompatible with currently active PDN connection" },
	{ 105, "Invalid overall length of the triggered response message and a piggybacked initial message" },
	{ 106, "Data forwarding not supported" },
	{ 107, "Invalid reply from remote peer" },
	{ 108, "Fallback to GTPv1" },
	{ 109, "Invalid peer" },
	{ 110, "Temporarily rejected due to handover/TAU/RAU procedure in progress" },
	{ 111, "Modifications not limited to S1-U bearers" },
	{ 112, "Request rejected for a PMIPv6 reason" },
	{ 113, "APN Congestion" },
	{ 114, "Bearer handling not supported" },
	{ 115, "UE already re-attached" },
	{ 116, "Multiple PDN connections for a given APN not allowed" },
	{ 117, "Target access restricted for the subscriber" },
	{ 118, "Shall not be used" },
	{ 119, "MME/SGSN refuses due to VPLMN Policy" },
	{ 120, "GTP-C Entity Congestion" },
	{ 121, "Late Overlapping Request" },
	{ 122, "Timed out Request" },
	{ 123, "UE is temporarily not reachable due to power saving" },
	{ 124, "Relocation failure due to NAS message redirection" },
	{ 125, "UE not authorised by OCS or external AAA Server" },
	{ 126, "Multiple accesses to a PDN connection not allowed" },
	{ 127, "Request rejected due to UE capability" },
	{ 128, "S1-U Path Failure" },
	{ 129, "5GC not allowed" },
	{ 130, "PGW mismatch with network slice subscribed by the UE" },
	{ 131, "Rejection due to paging restriction" },
	{ 0, NULL }
};

const struct ct_name *
ct_gtpv2_cause_table(void)
{
	return gtpv2_causes;
}

static const struct gtpv2_msg *
find_msg(uint8_t type)
{
	const struct gtpv2_msg *m;

	for (m = gtpv2_msgs; m->name; m++)
		if (m->type == type)
			return m;
	return NULL;
}

/*
 * TBCD digits (TS 29.274 §8.3 IMSI, §8.11 MSISDN, §8.10 MEI; TS 29.002
 * TBCD-STRING): low nibble first, 0xF fills the last half octet. Writes
 * the digits to out; returns 0, or -1 when a nibble is not a digit or the
 * number would not fit (the identity is then not reported).
 */
static int
tbcd_digits(struct ct_cur *v, char *out, size_t n)
{
	size_t k = 0;

	while (ct_cur_left(v) > 0) {
		uint8_t o = ct_cur_u8(v);
		unsigned lo = o & 0x0f, hi = o >> 4;

		if (lo > 9 || k + 1 >= n)
			return -1;
		out[k++] = (char)('0' + lo);
		if (hi == 0x0f) {
			if (ct_cur_left(v) > 0) /* filler only in the last octet */
				return -1;
			break;
		}
		if (hi > 9 || k + 1 >= n)
			return -1;
		out[k++] = (char)('0' + hi);
	}
	out[k] = '\0';
	return k > 0 ? 0 : -1;
}

static void
add_tbcd_id(struct ct_cur *v, struct ct_dissect *d, enum ct_id_kind kind)
{
	char digits[24];

	if (tbcd_digits(v, digits, sizeof(digits)) == 0)
		ct_dissect_add_id(d, kind, digits);
}

/* Adds an identity unless the same one is already there (a TEID appears in
 * the header and again in an F-TEID). */
static void
add_id_once(struct ct_dissect *d, enum ct_id_kind kind, const char *value)
{
	unsigned i;

	for (i = 0; i < d->nids; i++)
		if (d->ids[i].kind == kind && strcmp(d->ids[i].value, value) == 0)
			return;
	ct_dissect_add_id(d, kind, value);
}

/* A TEID as 8 lowercase hex digits (dissect.h). */
static void
add_teid(struct ct_dissect *d, uint32_t teid)
{
	char hex[9];
	struct ct_tw w;

	ct_tw_init(&w, hex, sizeof(hex));
	ct_tw_hex(&w, teid, 8);
	add_id_once(d, CT_ID_TEID, hex);
}

/* A PLMN (TS 24.008 §10.5.1.3 layout, used by TS 29.274 §8.21) as
 * "mcc-mnc"; -1 when the cursor ran out or a digit is not 0-9. */
static int
read_plmn(struct ct_cur *v, char pl[8])
{
	const uint8_t *p = ct_cur_bytes(v, 3);

	return p ? ct_bcd_plmn(p, pl, 8) : -1;
}

/*
 * User Location Information (§8.21): a flags octet, then each present
 * location in a fixed order. We report the TAI and the E-UTRAN CGI.
 *
 *   flags: | EMeNB | MeNB | LAI | ECGI | TAI | RAI | SAI | CGI |
 *   CGI 7, SAI 7, RAI 7, TAI 5 (PLMN + TAC), ECGI 7 (PLMN + 4 spare bits + ECI 28 bits)
 */
static void
decode_uli(struct ct_cur *v, struct ct_dissect *d)
{
	uint8_t flags = ct_cur_u8(v);
	char pl[8];

	ct_cur_skip(v, (size_t)(7 * !!(flags & 0x01) + 7 * !!(flags & 0x02) +
				7 * !!(flags & 0x04)));
	if (flags & 0x08) {
		int ok = read_plmn(v, pl) == 0;
		uint16_t tac = ct_cur_be16(v);

		if (ok && ct_cur_ok(v))
			ct_dissect_add_plmn_number(d, CT_ID_TAI, pl, tac);
	}
	if (flags & 0x10) {
		int ok = read_plmn(v, pl) == 0;
		uint32_t eci = ct_cur_be32(v) & 0x0fffffffu;

		if (ok && ct_cur_ok(v))
			ct_dissect_add_plmn_number(d, CT_ID_CELL, pl, eci);
	}
}

/*
 * Walks the IEs in m. cut says that m ends where our bytes end rather than
 * where the message ends: an IE running past it is then TRUNCATED, not
 * MALFORMED.
 */
static enum ct_dec_status
walk_ies(struct ct_cur *m, struct ct_dissect *d, const char *msg, int cut,
	 unsigned depth)
{
	enum ct_dec_status st = CT_DEC_OK;

	while (ct_cur_left(m) > 0) {
		struct ct_cur v;
		uint8_t type;
		uint16_t len;

		if (ct_cur_left(m) < 4)
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
		type = ct_cur_u8(m);
		len = ct_cur_be16(m);
		ct_cur_skip(m, 1); /* spare (4 bits) and instance (4 bits) */
		if (len > ct_cur_left(m))
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
		ct_cur_sub(m, len, &v);

		switch (type) {
		case IE_CAUSE: {
			/* §8.4: cause value, then spare|PCE|BCE|CS (omitted by
			 * some peers; one octet is enough to name the cause). */
			uint8_t cause = ct_cur_u8(&v);

			if (!ct_cur_ok(&v))
				return CT_DEC_MALFORMED;
			ct_dissect_add_cause(d, CT_FAM_GTPV2, CT_CG_NONE, cause, msg);
			break;
		}
		case IE_IMSI:
			add_tbcd_id(&v, d, CT_ID_IMSI);
			break;
		case IE_MSISDN:
			add_tbcd_id(&v, d, CT_ID_MSISDN);
			break;
		case IE_MEI:
			add_tbcd_id(&v, d, CT_ID_IMEI);
			break;
		case IE_FTEID: {
			/* §8.22: V4|V6|interface type (6 bits), TEID/GRE key, addresses */
			uint32_t teid;

			ct_cur_skip(&v, 1);
			teid = ct_cur_be32(&v);
			if (!ct_cur_ok(&v))
				return CT_DEC_MALFORMED;
			if (teid != 0) /* 0: not allocated yet (§5.5.2) */
				add_teid(d, teid);
			break;
		}
		case IE_ULI:
			decode_uli(&v, d);
			break;
		case IE_BEARER_CONTEXT:
		case IE_PDN_CONNECTION:
			if (depth >= GTPV2_GROUP_DEPTH_MAX)
				return CT_DEC_MALFORMED;
			/* The whole grouped IE is in hand: inside, an overrun is
			 * malformed whatever happened to the outer message. */
			st = walk_ies(&v, d, msg, 0, depth + 1);
			if (st != CT_DEC_OK)
				return st;
			break;
		default:
			break;
		}
	}
	return st;
}

/*
 * Decodes one message at c. first: it is the first message of the packet
 * (it names d); a piggybacked one only adds causes and identities.
 * *piggy is set when the P flag announces a message after this one.
 */
static enum ct_dec_status
decode_message(struct ct_cur *c, struct ct_dissect *d, int first, int *piggy)
{
	const struct gtpv2_msg *info;
	struct ct_cur m;
	char unknown[40];
	const char *name;
	uint8_t flags, type;
	uint16_t mlen;
	size_t have, fixed;
	uint32_t teid = 0, seq;
	int has_teid, cut;
	enum ct_dec_status st;

	flags = ct_cur_u8(c);
	type = ct_cur_u8(c);
	mlen = ct_cur_be16(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	if (flags >> 5 != 2) /* GTPv1 (TS 29.060) shares port 2123 */
		return (flags >> 5) == 1 ? CT_DEC_UNSUPPORTED : CT_DEC_MALFORMED;
	has_teid = (flags & 0x08) != 0;
	*piggy = (flags & 0x10) != 0;
	fixed = has_teid ? 8 : 4; /* [TEID] + sequence number + spare */
	if (mlen < fixed)
		return CT_DEC_MALFORMED;

	have = ct_cur_left(c);
	cut = mlen > have;
	ct_cur_sub(c, cut ? have : mlen, &m);
	if (has_teid)
		teid = ct_cur_be32(&m);
	seq = ct_cur_be24(&m);
	ct_cur_skip(&m, 1); /* message priority / spare */
	if (!ct_cur_ok(&m))
		return CT_DEC_TRUNCATED;

	info = find_msg(type);
	if (info) {
		name = info->name;
	} else {
		snprintf(unknown, sizeof(unknown), "GTPv2 message type %u", (unsigned)type);
		name = unknown;
	}
	if (first) {
		ct_dissect_set_message(d, name);
		d->procedure = type;
		d->seq = seq;
		d->is_request = info ? info->req : -1;
	}
	if (has_teid && teid != 0)
		add_teid(d, teid);

	st = walk_ies(&m, d, name, cut, 0);
	if (st == CT_DEC_OK && cut)
		st = CT_DEC_TRUNCATED;
	return st;
}

enum ct_dec_status
ct_decode_gtpv2(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	enum ct_dec_status st;
	int piggy = 0, piggy2 = 0;

	d->protocol = "gtpv2";
	ct_cur_init(&c, p, len);
	st = decode_message(&c, d, 1, &piggy);
	/* §5.5.1: a triggered response may carry one initial message behind
	 * it; the piggybacked message itself has P = 0. Bytes after a message
	 * without P are ignored (UDP carries exactly one message). */
	if (st == CT_DEC_OK && piggy) {
		if (ct_cur_left(&c) == 0) /* announced but cut off */
			return CT_DEC_TRUNCATED;
		st = decode_message(&c, d, 0, &piggy2);
	}
	return st;
}
