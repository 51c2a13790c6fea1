/*
 * gsm_l3.c — GSM/UMTS layer 3: RR, MM and CC (circuit switched), GMM and
 * SM (packet switched) message types, their causes, and the mobile
 * identities they carry.
 *
 * 3GPP TS 24.007 v16 §11 (L3 message framing), TS 44.018 v16 §9-10 (RR),
 * TS 24.008 v16 §9-10 (MM, CC, GMM, SM). The bytes start at the protocol
 * discriminator octet: the caller (gsmtap.c) has already removed the L2
 * pseudo length (BCCH/CCCH) or the LAPDm header (SDCCH/SACCH/FACCH).
 *
 *     8     7     6     5     4     3     2     1
 *  +-----+-----------------+-----------------------+
 *  | TI  |  TI value /     | protocol discriminator|  octet 1
 *  | flag|  skip indicator |  (3 CC, 5 MM, 6 RR)   |
 *  +-----+-----+-----------+-----------------------+
 *  | TI extension octet, only when TI value = 7    |  (CC, SS, SM)
 *  +-----+-----+-----------------------------------+
 *  |  0  |N(SD)|        message type (6 bits)      |  octet 2 (MM, CC, SS)
 *  +-----+-----+-----------------------------------+
 *  |        message type (8 bits, RR, GMM, SM)     |
 *  +-----------------------------------------------+
 *  |  information elements (V, LV, TV, TLV) ...    |
 *  +-----------------------------------------------+
 *
 * Causes reported (struct ct_dissect), each judged by its family's failure
 * rule (failure.c):
 *   CT_FAM_RR  TS 44.018 §10.5.2.31 RR cause, from Channel Release,
 *              Assignment/Handover Complete and Failure, RR Status,
 *              Configuration Change Reject; plus pseudo value 256 for
 *              Immediate Assignment Reject (no cause IE, see the table).
 *   CT_FAM_MM  TS 24.008 §10.5.3.6 reject cause, from Location Updating
 *              Reject, CM Service Reject, Abort, MM Status; plus pseudo
 *              value 256 for Authentication Reject.
 *   CT_FAM_CC  TS 24.008 §10.5.4.11 Cause (Q.850 values) from Disconnect,
 *              Release, Release Complete, Status and the Reject messages.
 *              Names come from ct_q850_cause_table() (q850.c).
 *   CT_FAM_GMM TS 24.008 §10.5.5.14 GMM cause, from Attach Reject, Routing
 *              Area Update Reject, Service Reject, Detach Request (network
 *              to MS, optional), GMM Status, Authentication and Ciphering
 *              Failure; plus pseudo value 256 for Authentication and
 *              Ciphering Reject (no cause IE).
 *   CT_FAM_SM  TS 24.008 §10.5.6.6 SM cause, from Activate (secondary)
 *              PDP Context Reject, Request PDP Context Activation Reject,
 *              Modify PDP Context Reject, Deactivate PDP Context Request,
 *              SM Status and the MBMS context rejects.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/cursor.h"
#include "celltriage/decode.h"

/* TS 24.007 §11.2.3.1.1 protocol discriminator values. */
enum {
	PD_GCC = 0x0, PD_BCC = 0x1, PD_EPS_SM = 0x2, PD_CC = 0x3, PD_GTTP = 0x4,
	PD_MM = 0x5, PD_RR = 0x6, PD_EPS_MM = 0x7, PD_GMM = 0x8, PD_SMS = 0x9,
	PD_SM = 0xa, PD_SS = 0xb, PD_LCS = 0xc
};

/* A pseudo cause for a reject that carries no cause IE. Real RR and MM
 * causes are one octet, so 256 can never collide with one. */
#define CT_L3_REJECT_NO_CAUSE 256

/* TS 44.018 §10.4 table 10.4.1: RR message types. */
static const struct ct_name rr_msg_names[] = {
	{ 0x00, "System Information Type 13" },
	{ 0x02, "System Information Type 2bis" },
	{ 0x03, "System Information Type 2ter" },
	{ 0x04, "System Information Type 9" },
	{ 0x05, "System Information Type 5bis" },
	{ 0x06, "System Information Type 5ter" },
	{ 0x07, "System Information Type 2quater" },
	{ 0x08, "RR-cell Change Order" },
	{ 0x09, "VGCS Uplink Grant" },
	{ 0x0a, "Partial Release" },
	{ 0x0d, "Channel Release" },
	{ 0x0e, "Uplink Release" },
	{ 0x0f, "Partial Release Complete" },
	{ 0x10, "Channel Mode Modify" },
	{ 0x11, "Talker Indication" },
	{ 0x12, "RR Status" },
	{ 0x13, "Classmark Enquiry" },
	{ 0x14, "Frequency Redefinition" },
	{ 0x15, "Measurement Report" },
	{ 0x16, "Classmark Change" },
	{ 0x17, "Channel Mode Modify Acknowledge" },
	{ 0x18, "System Information Type 8" },
	{ 0x19, "System Information Type 1" },
	{ 0x1a, "System Information Type 2" },
	{ 0x1b, "System Information Type 3" },
	{ 0x1c, "System Information Type 4" },
	{ 0x1d, "System Information Type 5" },
	{ 0x1e, "System Information Type 6" },
	{ 0x1f, "System Information Type 7" },
	{ 0x20, "Notification/NCH" },
	{ 0x21, "Paging Request Type 1" },
	{ 0x22, "Paging Request Type 2" },
	{ 0x23, "PDCH Assignment Command" },
	{ 0x24, "Paging Request Type 3" },
	{ 0x26, "Notification/Response" },
	{ 0x27, "Paging Response" },
	{ 0x28, "Handover Failure" },
	{ 0x29, "Assignment Complete" },
	{ 0x2a, "Uplink Busy" },
	{ 0x2b, "Handover Command" },
	{ 0x2c, "Handover Complete" },
	{ 0x2d, "Physical Information" },
	{ 0x2e, "Assignment Command" },
	{ 0x2f, "Assignment Failure" },
	{ 0x30, "Configuration Change Command" },
	{ 0x31, "Configuration Change Ack" },
	{ 0x32, "Ciphering Mode Complete" },
	{ 0x33, "Configuration Change Reject" },
	{ 0x34, "GPRS Suspension Request" },
	{ 0x35, "Ciphering Mode Command" },
	{ 0x36, "Extended Measurement Report" },
	{ 0x37, "Extended Measurement Order" },
	{ 0x38, "Application Information" },
	{ 0x39, "Immediate Assignment Extended" },
	{ 0x3a, "Immediate Assignment Reject" },
	{ 0x3b, "Additional Assignment" },
	{ 0x3d, "System Information Type 16" },
	{ 0x3e, "System Information Type 17" },
	{ 0x3f, "Immediate Assignment" },
	{ 0x40, "System Information Type 18" },
	{ 0x41, "System Information Type 19" },
	{ 0x42, "System Information Type 20" },
	{ 0x46, "System Information Type 21" },
	{ 0x48, "DTM Assignment Failure" },
	{ 0x49, "DTM Reject" },
	{ 0x4a, "DTM Request" },
	{ 0x4b, "Packet Assignment" },
	{ 0x4c, "DTM Assignment Command" },
	{ 0x4d, "DTM Information" },
	{ 0x4e, "Packet Notification" },
	{ 0x60, "UTRAN Classmark Change" },
	{ 0x62, "cdma2000 Classmark Change" },
	{ 0x63, "Inter System to UTRAN Handover Command" },
	{ 0x64, "Inter System to cdma2000 Handover Command" },
	{ 0, NULL }
};

/* TS 24.008 §10.4 table 10.2: MM message types (6 bits). */
static const struct ct_name mm_msg_names[] = {
	{ 0x01, "IMSI Detach Indication" },
	{ 0x02, "Location Updating Accept" },
	{ 0x04, "Location Updating Reject" },
	{ 0x08, "Location Updating Request" },
	{ 0x11, "Authentication Reject" },
	{ 0x12, "Authentication Request" },
	{ 0x14, "Authentication Response" },
	{ 0x18, "Identity Request" },
	{ 0x19, "Identity Response" },
	{ 0x1a, "TMSI Reallocation Command" },
	{ 0x1b, "TMSI Reallocation Complete" },
	{ 0x1c, "Authentication Failure" },
	{ 0x21, "CM Service Accept" },
	{ 0x22, "CM Service Reject" },
	{ 0x23, "CM Service Abort" },
	{ 0x24, "CM Service Request" },
	{ 0x25, "CM Service Prompt" },
	{ 0x28, "CM Re-establishment Request" },
	{ 0x29, "Abort" },
	{ 0x30, "MM Null" },
	{ 0x31, "MM Status" },
	{ 0x32, "MM Information" },
	{ 0, NULL }
};

/* TS 24.008 §10.4 table 10.3: CC message types (6 bits). */
static const struct ct_name cc_msg_names[] = {
	{ 0x01, "Alerting" },
	{ 0x02, "Call Proceeding" },
	{ 0x03, "Progress" },
	{ 0x04, "CC-Establishment" },
	{ 0x05, "Setup" },
	{ 0x06, "CC-Establishment Confirmed" },
	{ 0x07, "Connect" },
	{ 0x08, "Call Confirmed" },
	{ 0x09, "Start CC" },
	{ 0x0b, "Recall" },
	{ 0x0e, "Emergency Setup" },
	{ 0x0f, "Connect Acknowledge" },
	{ 0x10, "User Information" },
	{ 0x13, "Modify Reject" },
	{ 0x17, "Modify" },
	{ 0x18, "Hold" },
	{ 0x19, "Hold Acknowledge" },
	{ 0x1a, "Hold Reject" },
	{ 0x1c, "Retrieve" },
	{ 0x1d, "Retrieve Acknowledge" },
	{ 0x1e, "Retrieve Reject" },
	{ 0x1f, "Modify Complete" },
	{ 0x25, "Disconnect" },
	{ 0x2a, "Release Complete" },
	{ 0x2d, "Release" },
	{ 0x31, "Stop DTMF" },
	{ 0x32, "Stop DTMF Acknowledge" },
	{ 0x34, "Status Enquiry" },
	{ 0x35, "Start DTMF" },
	{ 0x36, "Start DTMF Acknowledge" },
	{ 0x37, "Start DTMF Reject" },
	{ 0x39, "Congestion Control" },
	{ 0x3a, "Facility" },
	{ 0x3d, "Status" },
	{ 0x3e, "Notify" },
	{ 0, NULL }
};

/* TS 44.018 §10.5.2.31 table 10.5.2.31.1: RR cause. */
static const struct ct_name rr_causes[] = {
	{ 0, "Normal event" },
	{ 1, "Abnormal release, unspecified" },
	{ 2, "Abnormal release, channel unacceptable" },
	{ 3, "Abnormal release, timer expired" },
	{ 4, "Abnormal release, no activity on the radio path" },
	{ 5, "Preemptive release" },
	{ 6, "UTRAN configuration unknown" },
	{ 8, "Handover impossible, timing advance out of range" },
	{ 9, "Channel mode unacceptable" },
	{ 10, "Frequency not implemented" },
	{ 11, "Originator or talker leaving group call area" },
	{ 12, "Lower layer failure" },
	{ 65, "Call already cleared" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with protocol state" },
	{ 100, "Conditional IE error" },
	{ 101, "No cell allocation available" },
	{ 111, "Protocol error unspecified" },
	/* celltriage's own: the reject carries no RR cause IE. */
	{ CT_L3_REJECT_NO_CAUSE, "Immediate Assignment Reject (no cause IE)" },
	{ 0, NULL }
};

/* TS 24.008 §10.5.3.6 table 10.5.95: reject cause (MM). */
static const struct ct_name mm_causes[] = {
	{ 2, "IMSI unknown in HLR" },
	{ 3, "Illegal MS" },
	{ 4, "IMSI unknown in VLR" },
	{ 5, "IMEI not accepted" },
	{ 6, "Illegal ME" },
	{ 11, "PLMN not allowed" },
	{ 12, "Location Area not allowed" },
	{ 13, "Roaming not allowed in this location area" },
	{ 15, "No Suitable Cells In Location Area" },
	{ 17, "Network failure" },
	{ 20, "MAC failure" },
	{ 21, "Synch failure" },
	{ 22, "Congestion" },
	{ 23, "GSM authentication unacceptable" },
	{ 25, "Not authorized for this CSG" },
	{ 32, "Service option not supported" },
	{ 33, "Requested service option not subscribed" },
	{ 34, "Service option temporarily out of order" },
	{ 38, "Call cannot be identified" },
	{ 48, "Retry upon entry into a new cell" },
	{ 49, "Retry upon entry into a new cell" },
	{ 50, "Retry upon entry into a new cell" },
	{ 51, "Retry upon entry into a new cell" },
	{ 52, "Retry upon entry into a new cell" },
	{ 53, "Retry upon entry into a new cell" },
	{ 54, "Retry upon entry into a new cell" },
	{ 55, "Retry upon entry into a new cell" },
	{ 56, "Retry upon entry into a new cell" },
	{ 57, "Retry upon entry into a new cell" },
	{ 58, "Retry upon entry into a new cell" },
	{ 59, "Retry upon entry into a new cell" },
	{ 60, "Retry upon entry into a new cell" },
	{ 61, "Retry upon entry into a new cell" },
	{ 62, "Retry upon entry into a new cell" },
	{ 63, "Retry upon entry into a new cell" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with the protocol state" },
	{ 99, "Information element non-existent or not implemented" },
	{ 100, "Conditional IE error" },
	{ 101, "Message not compatible with the protocol state" },
	{ 111, "Protocol error, unspecified" },
	/* celltriage's own: Authentication Reject carries no cause IE. */
	{ CT_L3_REJECT_NO_CAUSE, "Authentication Reject (no cause IE)" },
	{ 0, NULL }
};

/* TS 24.008 §10.4 Table 10.4.2: GPRS mobility management message types. */
static const struct ct_name gmm_msg_names[] = {
	{ 0x01, "Attach Request" },
	{ 0x02, "Attach Accept" },
	{ 0x03, "Attach Complete" },
	{ 0x04, "Attach Reject" },
	{ 0x05, "Detach Request" },
	{ 0x06, "Detach Accept" },
	{ 0x08, "Routing Area Update Request" },
	{ 0x09, "Routing Area Update Accept" },
	{ 0x0a, "Routing Area Update Complete" },
	{ 0x0b, "Routing Area Update Reject" },
	{ 0x0c, "Service Request" },
	{ 0x0d, "Service Accept" },
	{ 0x0e, "Service Reject" },
	{ 0x10, "P-TMSI Reallocation Command" },
	{ 0x11, "P-TMSI Reallocation Complete" },
	{ 0x12, "Authentication and Ciphering Request" },
	{ 0x13, "Authentication and Ciphering Response" },
	{ 0x14, "Authentication and Ciphering Reject" },
	{ 0x15, "Identity Request" },
	{ 0x16, "Identity Response" },
	{ 0x1c, "Authentication and Ciphering Failure" },
	{ 0x20, "GMM Status" },
	{ 0x21, "GMM Information" },
	{ 0, NULL }
};

/* TS 24.008 §10.4 Table 10.4.3: session management message types. */
static const struct ct_name sm_msg_names[] = {
	{ 0x41, "Activate PDP Context Request" },
	{ 0x42, "Activate PDP Context Accept" },
	{ 0x43, "Activate PDP Context Reject" },
	{ 0x44, "Request PDP Context Activation" },
	{ 0x45, "Request PDP Context Activation Reject" },
	{ 0x46, "Deactivate PDP Context Request" },
	{ 0x47, "Deactivate PDP Context Accept" },
	{ 0x48, "Modify PDP Context Request (network to MS)" },
	{ 0x49, "Modify PDP Context Accept (MS to network)" },
	{ 0x4a, "Modify PDP Context Request (MS to network)" },
	{ 0x4b, "Modify PDP Context Accept (network to MS)" },
	{ 0x4c, "Modify PDP Context Reject" },
	{ 0x4d, "Activate Secondary PDP Context Request" },
	{ 0x4e, "Activate Secondary PDP Context Accept" },
	{ 0x4f, "Activate Secondary PDP Context Reject" },
	{ 0x55, "SM Status" },
	{ 0x56, "Activate MBMS Context Request" },
	{ 0x57, "Activate MBMS Context Accept" },
	{ 0x58, "Activate MBMS Context Reject" },
	{ 0x59, "Request MBMS Context Activation" },
	{ 0x5a, "Request MBMS Context Activation Reject" },
	{ 0x5b, "Request Secondary PDP Context Activation" },
	{ 0x5c, "Request Secondary PDP Context Activation Reject" },
	{ 0x5d, "Notification" },
	{ 0, NULL }
};

/* TS 24.008 §10.5.5.14 Table 10.5.147: GMM cause. */
static const struct ct_name gmm_causes[] = {
	{ 2, "IMSI unknown in HLR" },
	{ 3, "Illegal MS" },
	{ 5, "IMEI not accepted" },
	{ 6, "Illegal ME" },
	{ 7, "GPRS services not allowed" },
	{ 8, "GPRS services and non-GPRS services not allowed" },
	{ 9, "MS identity cannot be derived by the network" },
	{ 10, "Implicitly detached" },
	{ 11, "PLMN not allowed" },
	{ 12, "Location Area not allowed" },
	{ 13, "Roaming not allowed in this location area" },
	{ 14, "GPRS services not allowed in this PLMN" },
	{ 15, "No Suitable Cells In Location Area" },
	{ 16, "MSC temporarily not reachable" },
	{ 17, "Network failure" },
	{ 20, "MAC failure" },
	{ 21, "Synch failure" },
	{ 22, "Congestion" },
	{ 23, "GSM authentication unacceptable" },
	{ 25, "Not authorized for this CSG" },
	{ 28, "SMS provided via GPRS in this routing area" },
	{ 31, "Redirection to 5GCN required" },
	{ 40, "No PDP context activated" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with the protocol state" },
	{ 99, "Information element non-existent or not implemented" },
	{ 100, "Conditional IE error" },
	{ 101, "Message not compatible with the protocol state" },
	{ 111, "Protocol error, unspecified" },
	/* celltriage's own: Authentication and Ciphering Reject has no cause IE. */
	{ CT_L3_REJECT_NO_CAUSE, "Authentication and Ciphering Reject (no cause IE)" },
	{ 0, NULL }
};

/* TS 24.008 §10.5.6.6 Table 10.5.157: SM cause. */
static const struct ct_name sm_causes[] = {
	{ 8, "Operator Determined Barring" },
	{ 24, "MBMS bearer capabilities insufficient for the service" },
	{ 25, "LLC or SNDCP failure" },
	{ 26, "Insufficient resources" },
	{ 27, "Missing or unknown APN" },
	{ 28, "Unknown PDP address or PDP type" },
	{ 29, "User authentication failed" },
	{ 30, "Activation rejected by GGSN, Serving GW or PDN GW" },
	{ 31, "Activation rejected, unspecified" },
	{ 32, "Service option not supported" },
	{ 33, "Requested service option not subscribed" },
	{ 34, "Service option temporarily out of order" },
	{ 35, "NSAPI already used" },
	{ 36, "Regular deactivation" },
	{ 37, "QoS not accepted" },
	{ 38, "Network failure" },
	{ 39, "Reactivation requested" },
	{ 40, "Feature not supported" },
	{ 41, "Semantic error in the TFT operation" },
	{ 42, "Syntactical error in the TFT operation" },
	{ 43, "Unknown PDP context" },
	{ 44, "Semantic errors in packet filter(s)" },
	{ 45, "Syntactical errors in packet filter(s)" },
	{ 46, "PDP context without TFT already activated" },
	{ 47, "Multicast group membership time-out" },
	{ 48, "Request rejected, BCM violation" },
	{ 50, "PDP type IPv4 only allowed" },
	{ 51, "PDP type IPv6 only allowed" },
	{ 52, "Single address bearers only allowed" },
	{ 56, "Collision with network initiated request" },
	{ 60, "Bearer handling not supported" },
	{ 65, "Maximum number of PDP contexts reached" },
	{ 66, "Requested APN not supported in current RAT and PLMN combination" },
	{ 81, "Invalid transaction identifier value" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with the protocol state" },
	{ 99, "Information element non-existent or not implemented" },
	{ 100, "Conditional IE error" },
	{ 101, "Message not compatible with the protocol state" },
	{ 111, "Protocol error, unspecified" },
	{ 112, "APN restriction value incompatible with active PDP context" },
	{ 113, "Multiple accesses to a PDN connection not allowed" },
	{ 0, NULL }
};

const struct ct_name *
ct_gmm_cause_table(void)
{
	return gmm_causes;
}

const struct ct_name *
ct_sm_cause_table(void)
{
	return sm_causes;
}

const struct ct_name *
ct_rr_cause_table(void)
{
	return rr_causes;
}

const struct ct_name *
ct_mm_cause_table(void)
{
	return mm_causes;
}

/* Sets the message name from a table, or "<prefix> 0x%02x" when unknown. */
static void
set_name(struct ct_dissect *d, const struct ct_name *t, const char *prefix, unsigned type)
{
	const char *n = ct_name_of(t, (int)type);
	char buf[48];

	if (n) {
		ct_dissect_set_message(d, n);
		return;
	}
	snprintf(buf, sizeof(buf), "%s 0x%02x", prefix, type & 0xffu);
	ct_dissect_set_message(d, buf);
}

/*
 * TS 24.008 §10.5.1.4 Mobile Identity, value part (after the length):
 *
 *     8   7   6   5     4     3   2   1
 *  +---------------+-------+-----------+
 *  | digit 1 / 1111| odd/  | type of   |  type: 1 IMSI, 2 IMEI, 3 IMEISV,
 *  |               | even  | identity  |        4 TMSI/P-TMSI, 0 none
 *  +---------------+-------+-----------+
 *  | digit 3       | digit 2           |  (TMSI: 4 octets of TMSI)
 *  +---------------+-------------------+  ... last high nibble 1111 when even
 *
 * Adds IMSI/IMEI digits or the TMSI (8 hex digits) to d; other identity
 * types are ignored. Marks c invalid on a non-BCD digit.
 */
static void
add_mobile_identity(struct ct_cur *c, struct ct_dissect *d)
{
	char buf[24];
	size_t n = 0, i, len;
	unsigned first, type, odd;
	const uint8_t *v;

	len = ct_cur_left(c);
	if (len == 0) {
		ct_cur_need(c, 1); /* marks the cursor truncated */
		return;
	}
	first = ct_cur_u8(c);
	type = first & 0x7u;
	odd = (first >> 3) & 1u;
	if (type == 4) { /* TMSI/P-TMSI/M-TMSI: high nibble is 1111, then 4 octets */
		uint32_t tmsi = ct_cur_be32(c);

		if (!ct_cur_ok(c))
			return;
		ct_dissect_add_hex(d, CT_ID_TMSI, tmsi, 8);
		return;
	}
	if (type < 1 || type > 3)
		return;
	/* At most 1 + 2 * 9 digits fit in the 10-octet value of the IE. */
	if (len > 10) {
		ct_cur_invalid(c);
		return;
	}
	v = ct_cur_bytes(c, len - 1);
	if (!v && len > 1)
		return;
	if ((first >> 4) > 9) {
		ct_cur_invalid(c);
		return;
	}
	buf[n++] = (char)('0' + (first >> 4));
	for (i = 0; i + 1 < len; i++) {
		unsigned lo = v[i] & 0x0fu, hi = v[i] >> 4;
		int last = i + 2 == len;

		if (lo > 9) {
			ct_cur_invalid(c);
			return;
		}
		buf[n++] = (char)('0' + lo);
		if (last && !odd && hi == 0xf)
			break; /* filler of an even number of digits */
		if (hi > 9) {
			ct_cur_invalid(c);
			return;
		}
		buf[n++] = (char)('0' + hi);
	}
	buf[n] = '\0';
	ct_dissect_add_id(d, type == 1 ? CT_ID_IMSI : CT_ID_IMEI, buf);
}

/* Reads an LV Mobile Identity (TS 24.007 §11.2.1.1.2 format LV). */
static void
lv_mobile_identity(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_cur v;
	uint8_t l = ct_cur_u8(c);

	if (!ct_cur_ok(c))
		return;
	ct_cur_sub(c, l, &v);
	if (!ct_cur_ok(c))
		return;
	add_mobile_identity(&v, d);
	if (v.invalid)
		ct_cur_invalid(c);
	else if (v.truncated)
		ct_cur_invalid(c); /* the IE's own length was too short for it */
}

/* An optional TLV Mobile Identity with IEI 0x17 (TS 24.008 §9.2.13, 44.018 §9.1.22). */
static void
opt_mobile_identity(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_cur peek = *c; /* looks at the IEI without consuming it */

	if (ct_cur_left(c) >= 1 && ct_cur_u8(&peek) == 0x17) {
		ct_cur_skip(c, 1);
		lv_mobile_identity(c, d);
	}
}

/* Reads a one-octet RR cause (format V) and adds it. */
static void
rr_cause(struct ct_cur *c, struct ct_dissect *d)
{
	uint8_t cause = ct_cur_u8(c);

	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, CT_FAM_RR, CT_CG_NONE, cause, NULL);
}

static enum ct_dec_status
decode_rr(struct ct_cur *c, unsigned skip, struct ct_dissect *d)
{
	unsigned type = ct_cur_u8(c);
	int i;

	d->protocol = "gsm-rr";
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	set_name(d, rr_msg_names, "RR", type);
	/* TS 44.018 §10.3.1: a message whose skip indicator is not 0 is ignored. */
	if (skip != 0)
		return CT_DEC_UNSUPPORTED;

	switch (type) {
	case 0x0d: /* Channel Release §9.1.7: RR cause V */
	case 0x12: /* RR Status §9.1.29: RR cause V */
	case 0x29: /* Assignment Complete §9.1.3: RR cause V */
	case 0x2c: /* Handover Complete §9.1.16: RR cause V */
	case 0x2f: /* Assignment Failure §9.1.4: RR cause V */
	case 0x28: /* Handover Failure §9.1.17: RR cause V */
	case 0x33: /* Configuration Change Reject §9.1.12f: RR cause V */
		rr_cause(c, d);
		break;
	case 0x3a: /* Immediate Assignment Reject §9.1.20: page mode (1/2 octet,
		    * with a spare half), then 4 x (request reference 3 + wait
		    * indication 1); no cause IE */
		ct_cur_skip(c, 1 + 4 * (3 + 1));
		if (ct_cur_ok(c))
			ct_dissect_add_cause(d, CT_FAM_RR, CT_CG_NONE,
					     CT_L3_REJECT_NO_CAUSE, NULL);
		break;
	case 0x21: /* Paging Request Type 1 §9.1.22: page mode + channel needed
		    * (1), Mobile Identity 1 LV, optional Mobile Identity 2 (0x17) */
		ct_cur_skip(c, 1);
		lv_mobile_identity(c, d);
		opt_mobile_identity(c, d);
		break;
	case 0x22: /* Paging Request Type 2 §9.1.23: page mode (1), TMSI 1 and 2
		    * (§10.5.2.42, 4 octets each), optional Mobile Identity 3 */
	case 0x24: /* Paging Request Type 3 §9.1.24: page mode (1), TMSI 1..4 */
		ct_cur_skip(c, 1);
		for (i = 0; i < (type == 0x22 ? 2 : 4); i++) {
			uint32_t tmsi = ct_cur_be32(c);

			if (!ct_cur_ok(c))
				break;
			ct_dissect_add_hex(d, CT_ID_TMSI, tmsi, 8);
		}
		if (type == 0x22)
			opt_mobile_identity(c, d);
		break;
	case 0x32: /* Ciphering Mode Complete §9.1.10: optional Mobile Equipment
		    * Identity (0x17), the IMEISV when the network asked for it */
		opt_mobile_identity(c, d);
		break;
	case 0x27: /* Paging Response §9.1.25: cipher key seq + spare (1), MS
		    * Classmark 2 LV, Mobile Identity LV */
		ct_cur_skip(c, 1);
		ct_cur_skip(c, ct_cur_u8(c));
		lv_mobile_identity(c, d);
		break;
	default:
		break;
	}
	return ct_cur_status(c);
}

/* Reads a one-octet MM reject cause (format V) and adds it. */
static void
mm_cause(struct ct_cur *c, struct ct_dissect *d)
{
	uint8_t cause = ct_cur_u8(c);

	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, CT_FAM_MM, CT_CG_NONE, cause, NULL);
}

static enum ct_dec_status
decode_mm(struct ct_cur *c, unsigned skip, struct ct_dissect *d)
{
	unsigned type = ct_cur_u8(c) & 0x3fu; /* bits 8-7: spare / N(SD) */

	d->protocol = "gsm-mm";
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	set_name(d, mm_msg_names, "MM", type);
	/* TS 24.008 §10.2: MM messages with a non-zero skip indicator are ignored. */
	if (skip != 0)
		return CT_DEC_UNSUPPORTED;

	switch (type) {
	case 0x04: /* Location Updating Reject §9.2.14: reject cause V */
	case 0x22: /* CM Service Reject §9.2.6: reject cause V */
	case 0x29: /* Abort §9.2.8: reject cause V */
	case 0x31: /* MM Status §9.2.19: reject cause V */
		mm_cause(c, d);
		break;
	case 0x11: /* Authentication Reject §9.2.1: no IE */
		ct_dissect_add_cause(d, CT_FAM_MM, CT_CG_NONE, CT_L3_REJECT_NO_CAUSE, NULL);
		break;
	case 0x19: /* Identity Response §9.2.11: Mobile Identity LV */
		lv_mobile_identity(c, d);
		break;
	case 0x01: /* IMSI Detach Indication §9.2.12: MS classmark 1 (1), Mobile Identity LV */
		ct_cur_skip(c, 1);
		lv_mobile_identity(c, d);
		break;
	case 0x08: /* Location Updating Request §9.2.15: LU type + CKSN (1), LAI (5),
		    * MS classmark 1 (1), Mobile Identity LV */
		ct_cur_skip(c, 1 + 5 + 1);
		lv_mobile_identity(c, d);
		break;
	case 0x24: /* CM Service Request §9.2.9: service type + CKSN (1), MS
		    * classmark 2 LV, Mobile Identity LV */
	case 0x28: /* CM Re-establishment Request §9.2.4: CKSN + spare (1), MS
		    * classmark 2 LV, Mobile Identity LV */
		ct_cur_skip(c, 1);
		ct_cur_skip(c, ct_cur_u8(c));
		lv_mobile_identity(c, d);
		break;
	case 0x02: /* Location Updating Accept §9.2.13: LAI (5), optional Mobile Identity */
		ct_cur_skip(c, 5);
		opt_mobile_identity(c, d);
		break;
	case 0x1a: /* TMSI Reallocation Command §9.2.17: LAI (5), Mobile Identity LV */
		ct_cur_skip(c, 5);
		lv_mobile_identity(c, d);
		break;
	default:
		break;
	}
	return ct_cur_status(c);
}

/*
 * TS 24.008 §10.5.4.11 Cause, value part (after the length, 2..30 octets):
 *
 *     8     7   6     5     4   3   2   1
 *  +-----+---------+-----+---------------+
 *  | ext | coding  |spare|   location    |  octet 3 (ext 0: octet 3a follows)
 *  +-----+---------+-----+---------------+
 *  |  1  |        recommendation         |  octet 3a (optional)
 *  +-----+-------------------------------+
 *  |  1  |      cause value (Q.850)      |  octet 4
 *  +-----+-------------------------------+
 *  |  diagnostics ...                    |
 *
 * The coding standard (0 ITU-T Q.931, 3 GSM PLMN) and the location are
 * checked for presence but struct ct_dissect has no field for them; the
 * value is reported as is, and judged by the CC rule (failure.c: normal
 * clearing 16, 31 and "response to STATUS ENQUIRY" 30 are not failures).
 */
static void
cc_cause_value(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_cur v;
	uint8_t l = ct_cur_u8(c), o3, value;

	if (!ct_cur_ok(c))
		return;
	ct_cur_sub(c, l, &v);
	if (!ct_cur_ok(c))
		return;
	if (l < 2 || l > 30) {
		ct_cur_invalid(c);
		return;
	}
	o3 = ct_cur_u8(&v);
	if (!(o3 & 0x80))
		(void)ct_cur_u8(&v); /* octet 3a: recommendation */
	value = ct_cur_u8(&v);
	if (!ct_cur_ok(&v)) {
		ct_cur_invalid(c); /* the IE's length does not hold its octets */
		return;
	}
	value &= 0x7f;
	ct_dissect_add_cause(d, CT_FAM_CC, CT_CG_NONE, value, NULL);
}

/* An optional TLV Cause with IEI 0x08 (Release, Release Complete). */
static void
cc_opt_cause(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_cur peek = *c; /* looks at the IEI without consuming it */

	if (ct_cur_left(c) >= 1 && ct_cur_u8(&peek) == 0x08) {
		ct_cur_skip(c, 1);
		cc_cause_value(c, d);
	}
}

static enum ct_dec_status
decode_cc(struct ct_cur *c, unsigned ti, struct ct_dissect *d)
{
	unsigned type;

	d->protocol = "gsm-cc";
	/* TS 24.007 §11.2.3.1.3: TI value 7 means the TI continues in an
	 * extension octet (bit 8 = 1, TI value in bits 7-1). */
	if ((ti & 0x7u) == 7) {
		uint8_t ext = ct_cur_u8(c);

		if (ct_cur_ok(c) && !(ext & 0x80))
			ct_cur_invalid(c);
	}
	type = ct_cur_u8(c) & 0x3fu;
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	set_name(d, cc_msg_names, "CC", type);

	switch (type) {
	case 0x25: /* Disconnect §9.3.7: Cause LV */
	case 0x3d: /* Status §9.3.27: Cause LV, call state */
	case 0x1a: /* Hold Reject §9.3.12: Cause LV */
	case 0x1e: /* Retrieve Reject §9.3.22: Cause LV */
	case 0x37: /* Start DTMF Reject §9.3.26: Cause LV */
		cc_cause_value(c, d);
		break;
	case 0x13: /* Modify Reject §9.3.15: bearer capability LV, Cause LV */
		ct_cur_skip(c, ct_cur_u8(c));
		cc_cause_value(c, d);
		break;
	case 0x2d: /* Release §9.3.18: optional Cause, optional second Cause */
		cc_opt_cause(c, d);
		cc_opt_cause(c, d);
		break;
	case 0x2a: /* Release Complete §9.3.19: optional Cause */
		cc_opt_cause(c, d);
		break;
	default:
		break;
	}
	return ct_cur_status(c);
}

/* A one-octet cause of format V, added in family fam. */
static void
v_cause(struct ct_cur *c, struct ct_dissect *d, enum ct_family fam)
{
	uint8_t cause = ct_cur_u8(c);

	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, fam, CT_CG_NONE, cause, NULL);
}

static enum ct_dec_status
decode_gmm(struct ct_cur *c, unsigned skip, struct ct_dissect *d)
{
	unsigned type = ct_cur_u8(c);

	d->protocol = "gsm-gmm";
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	set_name(d, gmm_msg_names, "GMM", type);
	/* TS 24.007 §11.2.3.1.2: a non-zero skip indicator: ignored. */
	if (skip != 0)
		return CT_DEC_UNSUPPORTED;

	switch (type) {
	case 0x04: /* Attach Reject §9.4.4: GMM cause V */
	case 0x0b: /* Routing Area Update Reject §9.4.17: GMM cause V */
	case 0x0e: /* Service Reject §9.4.22: GMM cause V */
	case 0x20: /* GMM Status §9.4.18: GMM cause V */
	case 0x1c: /* Authentication and Ciphering Failure §9.4.10a: GMM cause V */
		v_cause(c, d, CT_FAM_GMM);
		break;
	case 0x14: /* Authentication and Ciphering Reject §9.4.11: no IE */
		ct_dissect_add_cause(d, CT_FAM_GMM, CT_CG_NONE, CT_L3_REJECT_NO_CAUSE, NULL);
		break;
	case 0x05: { /* Detach Request §9.4.5: detach type + force to standby
		      * (1), then, network to MS, an optional GMM cause TV
		      * (IEI 0x25); MS to network starts its options with
		      * P-TMSI (0x18) instead. */
		struct ct_cur peek;

		ct_cur_skip(c, 1);
		peek = *c;
		if (ct_cur_left(c) >= 2 && ct_cur_u8(&peek) == 0x25) {
			ct_cur_skip(c, 1);
			v_cause(c, d, CT_FAM_GMM);
		}
		break;
	}
	case 0x01: /* Attach Request §9.4.1: MS network capability LV, attach
		    * type + CKSN (1), DRX parameter (2), Mobile identity LV */
		ct_cur_skip(c, ct_cur_u8(c));
		ct_cur_skip(c, 1 + 2);
		lv_mobile_identity(c, d);
		break;
	case 0x16: /* Identity Response §9.4.13: Mobile identity LV */
		lv_mobile_identity(c, d);
		break;
	default:
		break;
	}
	return ct_cur_status(c);
}

static enum ct_dec_status
decode_sm(struct ct_cur *c, unsigned ti, struct ct_dissect *d)
{
	unsigned type;

	d->protocol = "gsm-sm";
	/* TS 24.007 §11.2.3.1.3: TI value 7, an extension octet follows. */
	if ((ti & 0x7u) == 7) {
		uint8_t ext = ct_cur_u8(c);

		if (ct_cur_ok(c) && !(ext & 0x80))
			ct_cur_invalid(c);
	}
	type = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	set_name(d, sm_msg_names, "SM", type);

	switch (type) {
	case 0x43: /* Activate PDP Context Reject §9.5.3: SM cause V */
	case 0x45: /* Request PDP Context Activation Reject §9.5.5 */
	case 0x46: /* Deactivate PDP Context Request §9.5.14 */
	case 0x4c: /* Modify PDP Context Reject §9.5.8 */
	case 0x4f: /* Activate Secondary PDP Context Reject §9.5.3b */
	case 0x55: /* SM Status §9.5.21 */
	case 0x58: /* Activate MBMS Context Reject §9.5.23 */
	case 0x5a: /* Request MBMS Context Activation Reject §9.5.25 */
	case 0x5c: /* Request Secondary PDP Context Activation Reject §9.5.15b */
		v_cause(c, d, CT_FAM_SM);
		break;
	default:
		break;
	}
	return ct_cur_status(c);
}

enum ct_dec_status
ct_decode_gsm_l3(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t o1;
	unsigned pd, hi;

	ct_cur_init(&c, p, len);
	o1 = ct_cur_u8(&c);
	if (!ct_cur_ok(&c)) {
		d->protocol = "gsm-l3";
		return ct_cur_status(&c);
	}
	pd = o1 & 0x0fu;
	hi = o1 >> 4; /* skip indicator (RR, MM) or TI flag + value (CC, SS, SM) */

	switch (pd) {
	case PD_RR:
		return decode_rr(&c, hi, d);
	case PD_MM:
		return decode_mm(&c, hi, d);
	case PD_CC:
		return decode_cc(&c, hi, d);
	case PD_GMM:
		return decode_gmm(&c, hi, d);
	case PD_SM:
		return decode_sm(&c, hi, d);
	default:
		break;
	}

	/* Protocols carried on the same channels but not decoded here. */
	{
		static const struct ct_name pd_names[] = {
			{ PD_GCC, "gsm-gcc" }, { PD_BCC, "gsm-bcc" },
			{ PD_EPS_SM, "nas-eps" }, { PD_GTTP, "gsm-gttp" },
			{ PD_EPS_MM, "nas-eps" }, { PD_GMM, "gsm-gmm" },
			{ PD_SMS, "gsm-sms" }, { PD_SM, "gsm-sm" },
			{ PD_SS, "gsm-ss" }, { PD_LCS, "gsm-lcs" },
			{ 0, NULL }
		};
		const char *proto = ct_name_of(pd_names, (int)pd);
		uint8_t type = ct_cur_u8(&c);
		char buf[48];

		d->protocol = proto ? proto : "gsm-l3";
		if (!ct_cur_ok(&c))
			return ct_cur_status(&c);
		snprintf(buf, sizeof(buf), "%s 0x%02x", d->protocol, (unsigned)type);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
}
