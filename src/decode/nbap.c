/*
 * nbap.c — Node B Application Part on Iub, 3GPP TS 25.433 v11 (ASN.1
 * aligned PER, SCTP PPID 25), read with per.c. Its frame is not S1AP's: the
 * procedure names a mode and the message a transaction (§9.3.2):
 *
 *   NBAP-PDU ::= CHOICE { initiatingMessage, succesfulOutcome,
 *                         unsuccesfulOutcome, outcome, ... }
 *   each: | procedureCode (0..255, aligned) | ddMode (ext, 2) | criticality (2) |
 *         | messageDiscriminator (1) | transactionID CHOICE: short (7) or
 *         | long (16, aligned) | value: open type |
 *   value: SEQUENCE { protocolIEs, protocolExtensions OPTIONAL, ... }
 *          | ext | ext-present | count (16) | IE: id (16) | crit | open type | ...
 *
 *   Cause (§9.2.1.6) ::= CHOICE { radioNetwork, transport, protocol, misc, ... }
 *   each an extensible ENUMERATED, reported by its index as tshark shows it:
 *   radioNetwork 0 unknown-C-ID .. (31 in the root, 67 named), transport
 *   0..1, protocol 0..6, misc 0..4.
 *
 * Decoded: Cause (id 13) wherever it stands among a message's IEs (Radio
 * Link Setup / Addition / Reconfiguration Failure, Radio Link Failure
 * Indication, Error Indication, measurement failures ...). For the capture
 * layer, ct_nbap_bindings reads how a Radio Link Setup (§9.1.36) and a
 * synchronised Radio Link Reconfiguration Preparation (§9.1.39) set up
 * dedicated transport channels: the request's DCH-FDD-Information or
 * DCHs-to-Add (DCH ids, each with its uplink and downlink Transport Format
 * Set, §9.2.1.59, §9.2.2.4C) and the response's DCH-InformationResponse
 * (§9.2.1.20C: each transport bearer's Binding ID, the UDP port, and
 * Transport Layer Address, the Node B's IP address) so that the Frame
 * Protocol on that bearer (fp.c) can be read as the network set it up.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"
#include "celltriage/per.h"
#include "iuh.h"

/* NBAP-Constants: procedure codes (§9.3.6) and IE ids used here. */
enum {
	PROC_RL_SETUP = 27,
	PROC_RL_RECONF_PREPARE = 31,
	IE_CAUSE = 13,
	IE_CRNC_CONTEXT = 44,
	IE_DCHS_TO_ADD_FDD = 48,
	IE_DCH_FDD_INFORMATION = 56,
	IE_DCH_INFORMATION_RESPONSE = 59,
	IE_RL_SPECIFIC_DCH_INFO = 103,
	IE_RL_INFORMATION_ITEM_SETUP = 211,
	IE_RL_INFORMATION_LIST_SETUP = 216,
	IE_RL_INFORMATION_RESPONSE_ITEM_RECONF_READY = 218,
	IE_RL_INFORMATION_RESPONSE_ITEM_SETUP = 220,
	IE_RL_INFORMATION_RESPONSE_LIST_RECONF_READY = 222,
	IE_RL_INFORMATION_RESPONSE_LIST_SETUP = 224
};

static const struct ct_name radio_network[] = {
	{ 0, "unknown-C-ID" },
	{ 1, "cell-not-available" },
	{ 2, "power-level-not-supported" },
	{ 3, "dl-radio-resources-not-available" },
	{ 4, "ul-radio-resources-not-available" },
	{ 5, "rl-already-ActivatedOrAllocated" },
	{ 6, "nodeB-Resources-unavailable" },
	{ 7, "measurement-not-supported-for-the-object" },
	{ 8, "combining-resources-not-available" },
	{ 9, "requested-configuration-not-supported" },
	{ 10, "synchronisation-failure" },
	{ 11, "priority-transport-channel-established" },
	{ 12, "sIB-Origination-in-Node-B-not-Supported" },
	{ 13, "requested-tx-diversity-mode-not-supported" },
	{ 14, "unspecified" },
	{ 15, "bCCH-scheduling-error" },
	{ 16, "measurement-temporarily-not-available" },
	{ 17, "invalid-CM-settings" },
	{ 18, "reconfiguration-CFN-not-elapsed" },
	{ 19, "number-of-DL-codes-not-supported" },
	{ 20, "s-cpich-not-supported" },
	{ 21, "combining-not-supported" },
	{ 22, "ul-sf-not-supported" },
	{ 23, "dl-SF-not-supported" },
	{ 24, "common-transport-channel-type-not-supported" },
	{ 25, "dedicated-transport-channel-type-not-supported" },
	{ 26, "downlink-shared-channel-type-not-supported" },
	{ 27, "uplink-shared-channel-type-not-supported" },
	{ 28, "cm-not-supported" },
	{ 29, "tx-diversity-no-longer-supported" },
	{ 30, "unknown-Local-Cell-ID" },
	{ 31, "number-of-UL-codes-not-supported" },
	{ 32, "information-temporarily-not-available" },
	{ 33, "information-provision-not-supported-for-the-object" },
	{ 34, "cell-synchronisation-not-supported" },
	{ 35, "cell-synchronisation-adjustment-not-supported" },
	{ 36, "dpc-mode-change-not-supported" },
	{ 37, "iPDL-already-activated" },
	{ 38, "iPDL-not-supported" },
	{ 39, "iPDL-parameters-not-available" },
	{ 40, "frequency-acquisition-not-supported" },
	{ 41, "power-balancing-status-not-compatible" },
	{ 42, "requested-typeofbearer-re-arrangement-not-supported" },
	{ 43, "signalling-Bearer-Re-arrangement-not-supported" },
	{ 44, "bearer-Re-arrangement-needed" },
	{ 45, "delayed-activation-not-supported" },
	{ 46, "rl-timing-adjustment-not-supported" },
	{ 47, "mich-not-supported" },
	{ 48, "f-DPCH-not-supported" },
	{ 49, "modification-period-not-available" },
	{ 50, "pLCCH-not-supported" },
	{ 51, "continuous-packet-connectivity-DTX-DRX-operation-not-available" },
	{ 52, "continuous-packet-connectivity-UE-DTX-Cycle-not-available" },
	{ 53, "mIMO-not-available" },
	{ 54, "e-DCH-MACdPDU-SizeFormat-not-available" },
	{ 55, "multi-Cell-operation-not-available" },
	{ 56, "semi-Persistent-scheduling-not-supported" },
	{ 57, "continuous-Packet-Connectivity-DRX-not-supported" },
	{ 58, "continuous-Packet-Connectivity-DRX-not-available" },
	{ 59, "sixtyfourQAM-DL-and-MIMO-Combined-not-available" },
	{ 60, "s-cpich-power-offset-not-available" },
	{ 61, "tx-diversity-for-mimo-on-DL-control-channels-not-available" },
	{ 62, "single-Stream-MIMO-not-available" },
	{ 63, "multi-Cell-operation-with-MIMO-not-available" },
	{ 64, "multi-Cell-operation-with-Single-Stream-MIMO-not-available" },
	{ 65, "cellSpecificTxDiversityHandlingForMultiCellOperationNotAvailable" },
	{ 66, "multi-Cell-EDCH-operation-not-available" },
	{ 0, NULL }
};

static const struct ct_name misc[] = {
	{ 0, "control-processing-overload" },
	{ 1, "hardware-failure" },
	{ 2, "oam-intervention" },
	{ 3, "not-enough-user-plane-processing-resources" },
	{ 4, "unspecified" },
	{ 0, NULL }
};

const struct ct_name *
ct_nbap_cause_table(enum ct_cause_group g)
{
	switch (g) {
	case CT_CG_RADIO_NETWORK: return radio_network;
	case CT_CG_TRANSPORT: return ct_iuh_transport_causes;
	case CT_CG_PROTOCOL: return ct_iuh_protocol_causes;
	case CT_CG_MISC: return misc;
	default: return NULL;
	}
}

/* §9.3.6 procedure codes: the message of each outcome (FDD names, as the
 * Iub of a UMTS FDD network carries them). */
static const struct {
	uint8_t code;
	const char *msg[3]; /* initiating, successful, unsuccessful */
} procs[] = {
	{ 0, { "AuditRequest", "AuditResponse", "AuditFailure" } },
	{ 1, { "AuditRequiredIndication", NULL, NULL } },
	{ 2, { "BlockResourceRequest", "BlockResourceResponse", "BlockResourceFailure" } },
	{ 3, { "CellDeletionRequest", "CellDeletionResponse", NULL } },
	{ 4, { "CellReconfigurationRequest", "CellReconfigurationResponse",
	       "CellReconfigurationFailure" } },
	{ 5, { "CellSetupRequest", "CellSetupResponse", "CellSetupFailure" } },
	{ 6, { "CommonMeasurementFailureIndication", NULL, NULL } },
	{ 7, { "CommonMeasurementInitiationRequest", "CommonMeasurementInitiationResponse",
	       "CommonMeasurementInitiationFailure" } },
	{ 8, { "CommonMeasurementReport", NULL, NULL } },
	{ 9, { "CommonMeasurementTerminationRequest", NULL, NULL } },
	{ 10, { "CommonTransportChannelDeletionRequest", "CommonTransportChannelDeletionResponse",
		NULL } },
	{ 11, { "CommonTransportChannelReconfigurationRequest",
		"CommonTransportChannelReconfigurationResponse",
		"CommonTransportChannelReconfigurationFailure" } },
	{ 12, { "CommonTransportChannelSetupRequest", "CommonTransportChannelSetupResponse",
		"CommonTransportChannelSetupFailure" } },
	{ 13, { "ResetRequest", "ResetResponse", NULL } },
	{ 14, { "CompressedModeCommand", NULL, NULL } },
	{ 16, { "DedicatedMeasurementFailureIndication", NULL, NULL } },
	{ 17, { "DedicatedMeasurementInitiationRequest", "DedicatedMeasurementInitiationResponse",
		"DedicatedMeasurementInitiationFailure" } },
	{ 18, { "DedicatedMeasurementReport", NULL, NULL } },
	{ 19, { "DedicatedMeasurementTerminationRequest", NULL, NULL } },
	{ 20, { "DL-PowerControlRequest", NULL, NULL } },
	{ 21, { "ErrorIndication", NULL, NULL } },
	{ 22, { "PrivateMessage", NULL, NULL } },
	{ 23, { "RadioLinkAdditionRequest", "RadioLinkAdditionResponse",
		"RadioLinkAdditionFailure" } },
	{ 24, { "RadioLinkDeletionRequest", "RadioLinkDeletionResponse", NULL } },
	{ 25, { "RadioLinkFailureIndication", NULL, NULL } },
	{ 26, { "RadioLinkRestoreIndication", NULL, NULL } },
	{ 27, { "RadioLinkSetupRequest", "RadioLinkSetupResponse", "RadioLinkSetupFailure" } },
	{ 28, { "ResourceStatusIndication", NULL, NULL } },
	{ 29, { "RadioLinkReconfigurationCancel", NULL, NULL } },
	{ 30, { "RadioLinkReconfigurationCommit", NULL, NULL } },
	{ 31, { "RadioLinkReconfigurationPrepare", "RadioLinkReconfigurationReady",
		"RadioLinkReconfigurationFailure" } },
	{ 32, { "SystemInformationUpdateRequest", "SystemInformationUpdateResponse",
		"SystemInformationUpdateFailure" } },
	{ 33, { "UnblockResourceIndication", NULL, NULL } },
	{ 34, { "RadioLinkReconfigurationRequest", "RadioLinkReconfigurationResponse",
		"RadioLinkReconfigurationFailure" } },
	{ 35, { "ErrorIndication", NULL, NULL } },
	{ 36, { "PrivateMessage", NULL, NULL } },
	{ 39, { "RadioLinkPreemptionRequiredIndication", NULL, NULL } },
	{ 51, { "RadioLinkActivationCommand", NULL, NULL } },
	{ 52, { "RadioLinkParameterUpdateIndication", NULL, NULL } },
};

/* The frame up to the message's IEs: *kind (0..3; 4 for an extension
 * alternative, which has none of the rest), *code, and the value open type
 * as sub; the cursor's status. */
static enum ct_dec_status
frame(struct ct_cur *c, unsigned *kind, unsigned *code, uint32_t *transaction,
      struct ct_cur *sub)
{
	*kind = 4;
	if (ct_per_bit(c)) { /* an extension alternative of the PDU CHOICE */
		ct_cur_init(sub, (const uint8_t *)"", 0);
		return ct_cur_ok(c) ? CT_DEC_UNSUPPORTED : ct_cur_status(c);
	}
	*kind = ct_cur_bits(c, 2);
	*code = (unsigned)ct_per_constrained(c, 0, 255);
	(void)ct_per_enum(c, 3, 1);           /* ddMode: tdd, fdd, common */
	(void)ct_per_enum(c, 3, 0);           /* criticality */
	(void)ct_per_enum(c, 2, 0);           /* messageDiscriminator: common, dedicated */
	if (ct_per_bit(c))                    /* transactionID: long */
		*transaction = (uint32_t)ct_per_constrained(c, 0, 32767);
	else
		*transaction = (uint32_t)ct_per_constrained(c, 0, 127);
	if (!ct_cur_ok(c)) {
		ct_cur_init(sub, (const uint8_t *)"", 0);
		return ct_cur_status(c);
	}
	return ct_per_open_type(c, sub);
}

/* The message's IE list: its count, the cursor at the first IE. */
static unsigned
ie_count(struct ct_cur *msg)
{
	(void)ct_per_bit(msg);                /* extension */
	(void)ct_per_bit(msg);                /* protocolExtensions present */
	return (unsigned)ct_per_constrained(msg, 0, 65535);
}

/* One IE: its id, the value open type as v. */
static enum ct_dec_status
ie_next(struct ct_cur *msg, unsigned *id, struct ct_cur *v)
{
	*id = (unsigned)ct_per_constrained(msg, 0, 65535);
	(void)ct_per_enum(msg, 3, 0);         /* criticality */
	return ct_per_open_type(msg, v);
}

enum ct_dec_status
ct_decode_nbap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	static const unsigned nroot[4] = { 31, 2, 7, 5 };
	struct ct_cur c, msg, v;
	unsigned kind = 0, code = 0, count, id;
	uint32_t transaction = 0;
	enum ct_dec_status st;
	const char *name = NULL;
	char buf[64];

	ct_cur_init(&c, p, len);
	d->protocol = "nbap";
	st = frame(&c, &kind, &code, &transaction, &msg);
	if (kind > 3 || (st != CT_DEC_OK && !ct_cur_ok(&c)))
		return st; /* no procedure to name */
	d->procedure = code;
	d->is_request = kind == 0;
	d->seq = transaction;
	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++)
		if (procs[i].code == code && kind < 3)
			name = procs[i].msg[kind];
	if (!name) {
		static const char *const kinds[4] = {
			"initiatingMessage", "successfulOutcome", "unsuccessfulOutcome", "outcome"
		};

		snprintf(buf, sizeof(buf), "NBAP procedure %u %s", code, kinds[kind & 3]);
		name = buf;
	}
	ct_dissect_set_message(d, name);
	if (st != CT_DEC_OK)
		return st;
	if (code == 22 || code == 36)         /* PrivateMessage: not decoded */
		return CT_DEC_OK;
	count = ie_count(&msg);
	for (unsigned i = 0; i < count && ct_cur_ok(&msg); i++) {
		st = ie_next(&msg, &id, &v);
		if (st != CT_DEC_OK)
			return st;
		if (id == IE_CAUSE)
			ct_iuh_cause(&v, d, CT_FAM_NBAP, nroot);
		/* the open type was complete: a value that breaks its
		 * constraints is malformed, not truncated */
		if (!ct_cur_ok(&v))
			return CT_DEC_MALFORMED;
	}
	return ct_cur_status(&msg);
}

/* ---- the transport bindings of a Radio Link Setup --------------------- */

/* ProtocolExtensionContainer (§9.3.5): a count 1..65535, each extension
 * an id, a criticality and an open type: skipped. */
static void
skip_extensions(struct ct_cur *c)
{
	unsigned n = (unsigned)ct_per_constrained(c, 1, 65535), id;
	struct ct_cur v;

	for (unsigned i = 0; i < n && ct_cur_ok(c); i++)
		if (ie_next(c, &id, &v) != CT_DEC_OK)
			break;
}

/*
 * TransportFormatSet (§9.2.1.59):
 *   SEQUENCE { dynamicParts SEQUENCE (SIZE (1..32)) OF SEQUENCE {
 *                nrOfTransportBlocks (0..512), transportBlockSize (0..5000) OPTIONAL,
 *                mode CHOICE { tdd, notApplicable, ... }, iE-Extensions OPTIONAL, ... },
 *              semi-staticPart SEQUENCE { transmissionTimeInterval ENUMERATED (5, ...),
 *                channelCoding ENUMERATED (3, ...), codingRate ENUMERATED (2, ...) OPTIONAL,
 *                rateMatchingAttribute (1..256), cRC-Size ENUMERATED (5, ...),
 *                mode CHOICE { tdd, notApplicable, ... }, iE-Extensions OPTIONAL, ... },
 *              iE-Extensions OPTIONAL, ... }
 * The TDD alternatives are not read (an FDD network's Iub): invalid.
 */
static void
transport_format_set(struct ct_cur *c, struct ct_iub_tfs *t)
{
	unsigned n, ext;

	(void)ct_per_bit(c);
	ext = ct_per_bit(c);
	n = (unsigned)ct_per_constrained(c, 1, CT_IUB_MAX_TF);
	t->n = 0;
	for (unsigned i = 0; i < n && ct_cur_ok(c); i++) {
		unsigned has_size, has_ext;
		uint32_t ntb, size = 0;

		(void)ct_per_bit(c);
		has_size = ct_per_bit(c);
		has_ext = ct_per_bit(c);
		ntb = (uint32_t)ct_per_constrained(c, 0, 512);
		if (has_size)
			size = (uint32_t)ct_per_constrained(c, 0, 5000);
		if (ct_per_enum(c, 2, 1) != 1) /* mode: notApplicable */
			ct_cur_invalid(c);
		if (has_ext)
			skip_extensions(c);
		t->tf[i].ntb = (uint16_t)ntb;
		t->tf[i].size = (uint16_t)size;
		t->n = i + 1;
	}
	{       /* semi-staticPart */
		unsigned has_rate, has_ext;

		(void)ct_per_bit(c);
		has_rate = ct_per_bit(c);
		has_ext = ct_per_bit(c);
		(void)ct_per_enum(c, 5, 1);   /* transmissionTimeInterval */
		(void)ct_per_enum(c, 3, 1);   /* channelCoding */
		if (has_rate)
			(void)ct_per_enum(c, 2, 1); /* codingRate */
		(void)ct_per_constrained(c, 1, 256); /* rateMatchingAttribute */
		(void)ct_per_enum(c, 5, 1);   /* cRC-Size */
		if (ct_per_enum(c, 2, 1) != 1) /* mode: notApplicable */
			ct_cur_invalid(c);
		if (has_ext)
			skip_extensions(c);
	}
	if (ext)
		skip_extensions(c);
}

/*
 * DCH-FDD-Information (§9.2.2.4C) ::= SEQUENCE (SIZE (1..128)) OF SEQUENCE {
 *   payloadCRC-PresenceIndicator ENUMERATED (2, ...), ul-FP-Mode ENUMERATED (2, ...),
 *   toAWS (0..2559), toAWE (0..2559),
 *   dCH-SpecificInformationList SEQUENCE (SIZE (1..128)) OF SEQUENCE {
 *     dCH-ID (0..255), ul-TransportFormatSet, dl-TransportFormatSet,
 *     allocationRetentionPriority SEQUENCE { priorityLevel (0..15),
 *       pre-emptionCapability ENUMERATED (2), pre-emptionVulnerability ENUMERATED (2),
 *       iE-Extensions OPTIONAL, ... },
 *     frameHandlingPriority (0..15), qE-Selector ENUMERATED (2),
 *     iE-Extensions OPTIONAL, ... },
 *   iE-Extensions OPTIONAL, ... }
 * Each item is one transport bearer: its DCHs share one FP flow.
 */
static void
dch_fdd_information(struct ct_cur *c, struct ct_nbap_setup *s)
{
	unsigned n = (unsigned)ct_per_constrained(c, 1, 128);

	for (unsigned i = 0; i < n && ct_cur_ok(c); i++) {
		struct ct_iub_bearer *b = s->nbearers < CT_IUB_MAX_BEARERS
						  ? &s->bearer[s->nbearers] : NULL;
		struct ct_iub_bearer spare;
		unsigned has_ext, ndch;

		if (!b)
			b = &spare;
		memset(b, 0, sizeof(*b));
		(void)ct_per_bit(c);
		has_ext = ct_per_bit(c);
		b->crc = ct_per_enum(c, 2, 1) == 0; /* cRC-Included */
		(void)ct_per_enum(c, 2, 1);    /* ul-FP-Mode */
		(void)ct_per_constrained(c, 0, 2559);
		(void)ct_per_constrained(c, 0, 2559);
		ndch = (unsigned)ct_per_constrained(c, 1, 128);
		for (unsigned j = 0; j < ndch && ct_cur_ok(c); j++) {
			struct ct_iub_dch spare_dch, *h = j < CT_IUB_MAX_DCH ? &b->dch[j] : &spare_dch;
			unsigned dext, aext;

			(void)ct_per_bit(c);
			dext = ct_per_bit(c);
			h->id = (uint8_t)ct_per_constrained(c, 0, 255);
			transport_format_set(c, &h->tfs[CT_IUB_UL]);
			transport_format_set(c, &h->tfs[CT_IUB_DL]);
			(void)ct_per_bit(c);   /* allocationRetentionPriority */
			aext = ct_per_bit(c);
			(void)ct_per_constrained(c, 0, 15);
			(void)ct_per_enum(c, 2, 0);
			(void)ct_per_enum(c, 2, 0);
			if (aext)
				skip_extensions(c);
			(void)ct_per_constrained(c, 0, 15); /* frameHandlingPriority */
			(void)ct_per_enum(c, 2, 0); /* qE-Selector */
			if (dext)
				skip_extensions(c);
			if (j < CT_IUB_MAX_DCH)
				b->ndch = (uint8_t)(j + 1);
		}
		if (has_ext)
			skip_extensions(c);
		if (b != &spare && ct_cur_ok(c))
			s->nbearers++;
	}
}

/* TransportLayerAddress (§9.2.1.63) ::= BIT STRING (SIZE (1..160, ...)):
 * an IPv4 (32 bits) or IPv6 (128) address, or either in an NSAP (160:
 * IDP 0x35 0x0001 for IPv4, 0x35 0x0000 for IPv6, RFC 4548). */
static void
transport_layer_address(struct ct_cur *c, struct ct_iub_binding *b)
{
	const uint8_t *q;
	unsigned bits;

	if (ct_per_bit(c)) {                  /* a size beyond the root */
		ct_cur_invalid(c);
		return;
	}
	bits = (unsigned)ct_per_constrained(c, 1, 160);
	if (bits > 16)
		ct_cur_align(c);
	q = ct_cur_bytes(c, (bits + 7) / 8);
	if (!q)
		return;
	if (bits == 32 || bits == 128) {
		b->addr_len = (uint8_t)(bits / 8);
		memcpy(b->addr, q, b->addr_len);
	} else if (bits == 160 && q[0] == 0x35 && q[1] == 0x00 && q[2] <= 0x01) {
		b->addr_len = q[2] == 0x01 ? 4 : 16;
		memcpy(b->addr, q + 3, b->addr_len);
	}
}

/*
 * DCH-InformationResponse (§9.2.1.20C), and RL-Specific-DCH-Info alike
 * ::= SEQUENCE (SIZE (1..128)) OF SEQUENCE {
 *   dCH-ID, bindingID OCTET STRING (SIZE (1..4, ...)) OPTIONAL,
 *   transportLayerAddress OPTIONAL, iE-Extensions OPTIONAL, ... }
 * Each binding with a 2-octet Binding ID (the UDP port, TS 25.426 §5.1.3)
 * and an IP address to out (at most CT_IUB_MAX_BEARERS; *n counts them).
 */
static void
bindings(struct ct_cur *c, struct ct_iub_binding *out, unsigned *n)
{
	unsigned count = (unsigned)ct_per_constrained(c, 1, 128);

	for (unsigned i = 0; i < count && ct_cur_ok(c); i++) {
		struct ct_iub_binding b;
		unsigned has_binding, has_addr, has_ext;

		memset(&b, 0, sizeof(b));
		(void)ct_per_bit(c);
		has_binding = ct_per_bit(c);
		has_addr = ct_per_bit(c);
		has_ext = ct_per_bit(c);
		b.dch = (uint8_t)ct_per_constrained(c, 0, 255);
		if (has_binding) {
			unsigned blen;
			const uint8_t *q;

			if (ct_per_bit(c))
				ct_cur_invalid(c);
			blen = (unsigned)ct_per_constrained(c, 1, 4);
			if (blen > 2)
				ct_cur_align(c);
			q = ct_cur_bytes(c, blen);
			if (q && blen == 2)
				b.port = (uint16_t)(q[0] << 8 | q[1]);
		}
		if (has_addr)
			transport_layer_address(c, &b);
		if (has_ext)
			skip_extensions(c);
		if (ct_cur_ok(c) && b.port && b.addr_len && *n < CT_IUB_MAX_BEARERS)
			out[(*n)++] = b;
	}
}

/* The Node B's bindings of a response, as bearers (their first DCH). */
static void
dch_information_response(struct ct_cur *c, struct ct_nbap_setup *s)
{
	struct ct_iub_binding b[CT_IUB_MAX_BEARERS];
	unsigned n = 0;

	bindings(c, b, &n);
	for (unsigned i = 0; i < n && s->nbearers < CT_IUB_MAX_BEARERS; i++) {
		struct ct_iub_bearer *x = &s->bearer[s->nbearers++];

		memset(x, 0, sizeof(*x));
		x->ndch = 1;
		x->dch[0].id = b[i].dch;
		x->port = b[i].port;
		x->addr_len = b[i].addr_len;
		memcpy(x->addr, b[i].addr, sizeof(x->addr));
	}
}

/*
 * RL-InformationItem-RL-SetupRqstFDD (§9.1.36) ::= SEQUENCE {
 *   rL-ID (0..31), c-ID (0..65535), firstRLS-indicator ENUMERATED (2, ...),
 *   frameOffset (0..255), chipOffset (0..38399), propagationDelay (0..255) OPTIONAL,
 *   diversityControlField ENUMERATED (3, ...) OPTIONAL,
 *   dl-CodeInformation SEQUENCE (SIZE (1..10)) OF SEQUENCE {
 *     dl-ScramblingCode (0..15), fdd-DL-ChannelisationCodeNumber (0..511),
 *     iE-Extensions OPTIONAL, ... },
 *   initialDL-transmissionPower, maximumDL-power, minimumDL-power (-350..150),
 *   sSDT-Cell-Identity ENUMERATED (8, ...) OPTIONAL,
 *   transmitDiversityIndicator ENUMERATED (2) OPTIONAL,
 *   iE-Extensions OPTIONAL, ... }
 * Its extension RL-Specific-DCH-Info (id 103) gives the RNC's end of each
 * transport bearer. A code list item with extensions is not read further.
 */
static void
rl_setup_request_item(struct ct_cur *c, struct ct_nbap_setup *s)
{
	unsigned opt[5], n, count, id;
	struct ct_cur v;

	(void)ct_per_bit(c);
	for (int i = 0; i < 5; i++)
		opt[i] = ct_per_bit(c);
	(void)ct_per_constrained(c, 0, 31);
	(void)ct_per_constrained(c, 0, 65535);
	(void)ct_per_enum(c, 2, 1);
	(void)ct_per_constrained(c, 0, 255);
	(void)ct_per_constrained(c, 0, 38399);
	if (opt[0])
		(void)ct_per_constrained(c, 0, 255);
	if (opt[1])
		(void)ct_per_enum(c, 3, 1);
	n = (unsigned)ct_per_constrained(c, 1, 10);
	for (unsigned i = 0; i < n && ct_cur_ok(c); i++) {
		(void)ct_per_bit(c);
		if (ct_per_bit(c))
			return;
		(void)ct_per_constrained(c, 0, 15);
		(void)ct_per_constrained(c, 0, 511);
	}
	for (int i = 0; i < 3; i++)
		(void)ct_per_constrained(c, 0, 500);
	if (opt[2])
		(void)ct_per_enum(c, 8, 1);
	if (opt[3])
		(void)ct_per_enum(c, 2, 0);
	if (!opt[4])
		return;
	count = (unsigned)ct_per_constrained(c, 1, 65535);
	for (unsigned i = 0; i < count && ct_cur_ok(c); i++) {
		if (ie_next(c, &id, &v) != CT_DEC_OK)
			return;
		if (id == IE_RL_SPECIFIC_DCH_INFO)
			bindings(&v, s->rnc, &s->nrnc);
	}
}

/*
 * RL-InformationResponseItem-RL-SetupRspFDD (§9.1.37) ::= SEQUENCE {
 *   rL-ID (0..31), rL-Set-ID (0..31), received-total-wide-band-power (0..621),
 *   diversityIndication CHOICE { combining, nonCombiningOrFirstRL },
 *   ... }
 * nonCombiningOrFirstRL ::= SEQUENCE { dCH-InformationResponse, iE-Extensions OPTIONAL, ... }
 * (combining: the radio link joins one already set up, no new bearer.)
 */
static void
rl_setup_response_item(struct ct_cur *c, struct ct_nbap_setup *s)
{
	(void)ct_per_bit(c);
	(void)ct_per_bit(c);                  /* iE-Extensions present */
	(void)ct_per_constrained(c, 0, 31);
	(void)ct_per_constrained(c, 0, 31);
	(void)ct_per_constrained(c, 0, 621);
	if (ct_per_bit(c) != 1)               /* combining */
		return;
	(void)ct_per_bit(c);
	(void)ct_per_bit(c);
	dch_information_response(c, s);
}

/*
 * RL-InformationResponseItem-RL-ReconfReady (§9.1.40) ::= SEQUENCE {
 *   rL-ID (0..31),
 *   dCH-InformationResponseList-RL-ReconfReady ProtocolIE-Single-Container
 *     { DCH-InformationResponse } OPTIONAL,
 *   ... two more OPTIONAL components ... }
 * The DCHs a reconfiguration adds: their bearers' bindings.
 */
static void
rl_reconf_ready_item(struct ct_cur *c, struct ct_nbap_setup *s)
{
	unsigned has_dch, id;
	struct ct_cur v;

	(void)ct_per_bit(c);
	has_dch = ct_per_bit(c);
	(void)ct_per_bit(c);
	(void)ct_per_bit(c);
	(void)ct_per_constrained(c, 0, 31);
	if (!has_dch || ie_next(c, &id, &v) != CT_DEC_OK || id != IE_DCH_INFORMATION_RESPONSE)
		return;
	dch_information_response(&v, s);
}

/* A list of radio links (SEQUENCE (SIZE (1..maxNrOfRLs = 16)) OF
 * ProtocolIE-Single-Container): each item to the reader of its IE. */
static void
rl_list(struct ct_cur *v, struct ct_nbap_setup *s)
{
	unsigned n = (unsigned)ct_per_constrained(v, 1, 16);

	for (unsigned j = 0; j < n && ct_cur_ok(v); j++) {
		struct ct_cur item;
		unsigned iid;

		if (ie_next(v, &iid, &item) != CT_DEC_OK)
			break;
		if (iid == IE_RL_INFORMATION_ITEM_SETUP)
			rl_setup_request_item(&item, s);
		else if (iid == IE_RL_INFORMATION_RESPONSE_ITEM_SETUP)
			rl_setup_response_item(&item, s);
		else if (iid == IE_RL_INFORMATION_RESPONSE_ITEM_RECONF_READY)
			rl_reconf_ready_item(&item, s);
	}
}

enum ct_dec_status
ct_nbap_bindings(const uint8_t *p, size_t len, struct ct_nbap_setup *s)
{
	struct ct_cur c, msg, v;
	unsigned kind = 0, code = 0, count, id;
	enum ct_dec_status st;

	memset(s, 0, sizeof(*s));
	ct_cur_init(&c, p, len);
	st = frame(&c, &kind, &code, &s->transaction, &msg);
	if (st != CT_DEC_OK)
		return st;
	if ((code != PROC_RL_SETUP && code != PROC_RL_RECONF_PREPARE) || kind > 1)
		return CT_DEC_OK;
	s->kind = kind == 0 ? CT_NBAP_SETUP_REQUEST : CT_NBAP_SETUP_RESPONSE;
	count = ie_count(&msg);
	for (unsigned i = 0; i < count && ct_cur_ok(&msg); i++) {
		st = ie_next(&msg, &id, &v);
		if (st != CT_DEC_OK)
			return st;
		if (id == IE_CRNC_CONTEXT) {
			s->crnc_context = (uint32_t)ct_per_constrained(&v, 0, 1048575);
		} else if (kind == 0 && (id == IE_DCH_FDD_INFORMATION || id == IE_DCHS_TO_ADD_FDD)) {
			dch_fdd_information(&v, s);
		} else if ((kind == 0 && id == IE_RL_INFORMATION_LIST_SETUP) ||
			   (kind == 1 && (id == IE_RL_INFORMATION_RESPONSE_LIST_SETUP ||
					  id == IE_RL_INFORMATION_RESPONSE_LIST_RECONF_READY))) {
			rl_list(&v, s);
		}
		if (!ct_cur_ok(&v))
			return CT_DEC_MALFORMED;
	}
	return ct_cur_status(&msg);
}
