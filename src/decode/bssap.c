/*
 * bssap.c — BSS Application Part on the A interface: 3GPP TS 48.006 §9.3
 * (the discrimination), TS 48.008 v17 (BSSMAP) and DTAP carried to
 * gsm_l3.c.
 *
 *   BSSMAP: | discriminator 0x00 | length (1) | message type (1) | IEs ... |
 *   DTAP:   | discriminator 0x01 | DLCI (1) | length (1) | layer 3 message |
 *
 *   BSSMAP IEs (§3.2.2) are TLV | IEI (1) | length (1) | value | except a
 *   few of fixed length (TV, the table below). Cause (IEI 0x04, §3.2.2.5):
 *   | ext (1) | class (3) | value (4) |, and when ext is 1 a second octet:
 *   the cause is then ((octet 1 & 0x0f) << 8 | octet 2) (national causes).
 *
 * Causes are read from every message that has a Cause IE (the failures
 * the brief lists: Clear Request/Command, Assignment Failure, Handover
 * Failure, Handover Required Reject, Cipher Mode Reject; and Handover
 * Required, Reset, Confusion ... that carry one too), each judged by the
 * bssmap failure rule (failure.c). The DTAP message is decoded by
 * ct_decode_gsm_l3 with the same d: its MM/CC/RR causes come with it.
 */
#include <stdio.h>

#include "celltriage/decode.h"

#define MAX_IES 32 /* IEs looked at per message */

enum { DISC_BSSMAP = 0x00, DISC_DTAP = 0x01, IEI_CAUSE = 0x04 };

/* §3.2.2.1 message types. */
static const struct ct_name msg_names[] = {
	{ 0x01, "Assignment Request" },
	{ 0x02, "Assignment Complete" },
	{ 0x03, "Assignment Failure" },
	{ 0x10, "Handover Request" },
	{ 0x11, "Handover Required" },
	{ 0x12, "Handover Request Acknowledge" },
	{ 0x13, "Handover Command" },
	{ 0x14, "Handover Complete" },
	{ 0x15, "Handover Succeeded" },
	{ 0x16, "Handover Failure" },
	{ 0x17, "Handover Performed" },
	{ 0x18, "Handover Candidate Enquire" },
	{ 0x19, "Handover Candidate Response" },
	{ 0x1a, "Handover Required Reject" },
	{ 0x1b, "Handover Detect" },
	{ 0x20, "Clear Command" },
	{ 0x21, "Clear Complete" },
	{ 0x22, "Clear Request" },
	{ 0x25, "SAPI n Reject" },
	{ 0x26, "Confusion" },
	{ 0x28, "Suspend" },
	{ 0x29, "Resume" },
	{ 0x2a, "Connection Oriented Information" },
	{ 0x2b, "Perform Location Request" },
	{ 0x2c, "LSA Information" },
	{ 0x2d, "Perform Location Response" },
	{ 0x2e, "Perform Location Abort" },
	{ 0x2f, "Common Id" },
	{ 0x30, "Reset" },
	{ 0x31, "Reset Acknowledge" },
	{ 0x32, "Overload" },
	{ 0x34, "Reset Circuit" },
	{ 0x35, "Reset Circuit Acknowledge" },
	{ 0x36, "MSC Invoke Trace" },
	{ 0x37, "BSS Invoke Trace" },
	{ 0x3a, "Connectionless Information" },
	{ 0x40, "Block" },
	{ 0x41, "Blocking Acknowledge" },
	{ 0x42, "Unblock" },
	{ 0x43, "Unblocking Acknowledge" },
	{ 0x44, "Circuit Group Block" },
	{ 0x45, "Circuit Group Blocking Acknowledge" },
	{ 0x46, "Circuit Group Unblock" },
	{ 0x47, "Circuit Group Unblocking Acknowledge" },
	{ 0x48, "Unequipped Circuit" },
	{ 0x4e, "Change Circuit" },
	{ 0x4f, "Change Circuit Acknowledge" },
	{ 0x50, "Resource Request" },
	{ 0x51, "Resource Indication" },
	{ 0x52, "Paging" },
	{ 0x53, "Cipher Mode Command" },
	{ 0x54, "Classmark Update" },
	{ 0x55, "Cipher Mode Complete" },
	{ 0x56, "Queuing Indication" },
	{ 0x57, "Complete Layer 3 Information" },
	{ 0x58, "Classmark Request" },
	{ 0x59, "Cipher Mode Reject" },
	{ 0x5a, "Load Indication" },
	{ 0, NULL }
};

/* §3.2.2.5 Cause values (names as tshark shows them; the reserved ranges
 * fall back to "unknown"). */
static const struct ct_name causes[] = {
	{ 0x00, "Radio interface message failure" },
	{ 0x01, "Radio interface failure" },
	{ 0x02, "Uplink quality" },
	{ 0x03, "Uplink strength" },
	{ 0x04, "Downlink quality" },
	{ 0x05, "Downlink strength" },
	{ 0x06, "Distance" },
	{ 0x07, "O and M intervention" },
	{ 0x08, "Response to MSC invocation" },
	{ 0x09, "Call control" },
	{ 0x0a, "Radio interface failure, reversion to old channel" },
	{ 0x0b, "Handover successful" },
	{ 0x0c, "Better Cell" },
	{ 0x0d, "Directed Retry" },
	{ 0x0e, "Joined group call channel" },
	{ 0x0f, "Traffic" },
	{ 0x10, "Reduce load in serving cell" },
	{ 0x11, "Traffic load in target cell higher than in source cell" },
	{ 0x12, "Relocation triggered" },
	{ 0x14, "Requested option not authorised" },
	{ 0x15, "Alternative channel configuration requested" },
	{ 0x16, "Response to an INTERNAL HANDOVER ENQUIRY message" },
	{ 0x17, "INTERNAL HANDOVER ENQUIRY reject" },
	{ 0x18, "Redundancy Level not adequate" },
	{ 0x20, "Equipment failure" },
	{ 0x21, "No radio resource available" },
	{ 0x22, "Requested terrestrial resource unavailable" },
	{ 0x23, "CCCH overload" },
	{ 0x24, "Processor overload" },
	{ 0x25, "BSS not equipped" },
	{ 0x26, "MS not equipped" },
	{ 0x27, "Invalid cell" },
	{ 0x28, "Traffic Load" },
	{ 0x29, "Preemption" },
	{ 0x2a, "DTM Handover - SGSN Failure" },
	{ 0x2b, "DTM Handover - PS Allocation failure" },
	{ 0x30, "Requested transcoding/rate adaption unavailable" },
	{ 0x31, "Circuit pool mismatch" },
	{ 0x32, "Switch circuit pool" },
	{ 0x33, "Requested speech version unavailable" },
	{ 0x34, "LSA not allowed" },
	{ 0x35, "Requested Codec Type or Codec Configuration unavailable" },
	{ 0x36, "Requested A-Interface Type unavailable" },
	{ 0x37, "Invalid CSG cell" },
	{ 0x3f, "Requested Redundancy Level not available" },
	{ 0x40, "Ciphering algorithm not supported" },
	{ 0x41, "GERAN Iu-mode failure" },
	{ 0x42, "Incoming Relocation Not Supported Due To PUESBINE Feature" },
	{ 0x43, "Access Restricted Due to Shared Networks" },
	{ 0x44, "Requested Codec Type or Codec Configuration not supported" },
	{ 0x45, "Requested A-Interface Type not supported" },
	{ 0x46, "Requested Redundancy Level not supported" },
	{ 0x50, "Terrestrial circuit already allocated" },
	{ 0x51, "Invalid message contents" },
	{ 0x52, "Information element or field missing" },
	{ 0x53, "Incorrect value" },
	{ 0x54, "Unknown Message type" },
	{ 0x55, "Unknown Information Element" },
	{ 0x56, "DTM Handover - Invalid PS Indication" },
	{ 0x57, "Call Identifier already allocated" },
	{ 0x60, "Protocol Error between BSS and MSC" },
	{ 0x61, "VGCS/VBS call non existent" },
	{ 0x62, "DTM Handover - Timer Expiry" },
	{ 0, NULL }
};

const struct ct_name *
ct_bssmap_cause_table(void)
{
	return causes;
}

/* §3.2.2: the IEs of fixed length (TV, IEI included) that may stand before
 * a Cause; every other IE is TLV. */
static const struct { uint8_t iei, len; } fixed_ies[] = {
	{ 0x01, 3 }, /* Circuit Identity Code §3.2.2.2 */
	{ 0x0b, 2 }, /* Number of MSs §3.2.2.8 */
	{ 0x19, 2 }, /* Downlink DTX Flag §3.2.2.26 */
	{ 0x1b, 2 }, /* Interference Band To Be Used §3.2.2.30 */
	{ 0x21, 2 }, /* Chosen Channel §3.2.2.33 */
	{ 0x29, 2 }, /* Chosen Encryption Algorithm §3.2.2.44 */
	{ 0x2a, 2 }, /* Circuit Pool §3.2.2.45 */
	{ 0x30, 2 }, /* Current Channel type 1 §3.2.2.49 */
	{ 0x32, 2 }, /* Speech Version §3.2.2.51 */
};

static int
fixed_len(uint8_t iei)
{
	for (size_t i = 0; i < sizeof(fixed_ies) / sizeof(fixed_ies[0]); i++)
		if (fixed_ies[i].iei == iei)
			return fixed_ies[i].len;
	return 0;
}

static enum ct_dec_status
bssmap(struct ct_cur *c, struct ct_dissect *d)
{
	uint8_t n = ct_cur_u8(c), type;
	struct ct_cur m;
	const char *name;
	char buf[48];

	ct_cur_sub(c, n, &m);
	type = ct_cur_u8(&m);
	if (!ct_cur_ok(c) || !ct_cur_ok(&m))
		return CT_DEC_TRUNCATED;
	d->protocol = "bssmap";
	d->procedure = type;
	name = ct_name_of(msg_names, type);
	if (!name) {
		snprintf(buf, sizeof(buf), "BSSMAP 0x%02x", (unsigned)type);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	for (int i = 0; i < MAX_IES && ct_cur_left(&m) > 0; i++) {
		uint8_t iei = ct_cur_u8(&m);
		int fl = fixed_len(iei);
		struct ct_cur v;

		if (fl) {
			ct_cur_skip(&m, (size_t)fl - 1);
			continue;
		}
		ct_cur_sub(&m, ct_cur_u8(&m), &v);
		if (!ct_cur_ok(&m))
			return CT_DEC_MALFORMED; /* runs past the BSSMAP length */
		if (iei == IEI_CAUSE) {
			uint8_t o1 = ct_cur_u8(&v);
			uint32_t value = o1 & 0x7fu;

			if (o1 & 0x80) /* two-octet (national) cause */
				value = (uint32_t)(o1 & 0x0f) << 8 | ct_cur_u8(&v);
			if (!ct_cur_ok(&v))
				return CT_DEC_MALFORMED;
			ct_dissect_add_cause(d, CT_FAM_BSSMAP, CT_CG_NONE, value, NULL);
			break; /* one Cause per message (a second is a different IE) */
		}
	}
	return CT_DEC_OK;
}

enum ct_dec_status
ct_decode_bssap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t disc;

	ct_cur_init(&c, p, len);
	d->protocol = "bssap";
	disc = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (disc == DISC_BSSMAP)
		return bssmap(&c, d);
	if (disc == DISC_DTAP) {
		struct ct_cur l3;
		enum ct_dec_status st;

		ct_cur_skip(&c, 1); /* DLCI: SAPI 0 signalling, 3 SMS */
		ct_cur_sub(&c, ct_cur_u8(&c), &l3);
		if (!ct_cur_ok(&c))
			return CT_DEC_TRUNCATED;
		/* the layer 3 message names itself (protocol and message) */
		st = ct_decode_gsm_l3(l3.p, l3.len, d);
		return st == CT_DEC_UNSUPPORTED ? CT_DEC_OK : st; /* GMM, SM, SMS, SS: named, not read */
	}
	ct_dissect_set_message(d, "BSSAP");
	return CT_DEC_MALFORMED; /* TS 48.006 §9.3: only 0 and 1 */
}
