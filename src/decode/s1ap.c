/*
 * s1ap.c — S1 Application Protocol, 3GPP TS 36.413 v17 (ASN.1 aligned PER).
 *
 *   S1AP-PDU (9.3.2), after PER:
 *    +---+-----+---------+-------------------+--------+---------+--------------+
 *    | E | kind| padding | procedureCode (8) | crit(2)| padding | length | value |
 *    +---+-----+---------+-------------------+--------+---------+--------------+
 *     E = extension bit; kind 0 initiatingMessage, 1 successfulOutcome,
 *     2 unsuccessfulOutcome; value = open type holding the message:
 *
 *    +---+---------+-----------------+----------------------------------------+
 *    | E | padding | IE count (16)   | IE: id (16) | crit(2) pad | len | value |...
 *    +---+---------+-----------------+----------------------------------------+
 *
 * Every IE of the ProtocolIE-Container is walked, bounded by its count and
 * by the bytes left. Decoded: Cause (id 2) and the per-bearer causes of the
 * E-RAB lists (13, 19, 29, 32, 33, 34, 48), NAS-PDU (26, handed to
 * ct_decode_nas_eps with the same d) and the per-bearer NAS-PDUs of the
 * E-RAB lists to set up or modify (16, 24, 30: the Attach accept or the
 * bearer context request a bearer is set up with), MME-UE-S1AP-ID (0), eNB-UE-S1AP-ID
 * (8), UE-S1AP-IDs (99), S-TMSI (96), TAI (67) -> CT_ID_TAI "mcc-mnc-tac"
 * and EUTRAN-CGI (100) -> CT_ID_CELL "mcc-mnc-eci" (TAC and 28-bit E-UTRAN
 * cell identity in decimal).
 *
 * Status: the S1AP status, or, when S1AP itself decoded, a truncated or
 * malformed NAS-PDU's status. A ciphered NAS-PDU leaves the status OK and
 * sets d->ciphered. d->protocol stays "s1ap".
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "celltriage/per.h"
#include "bcd.h"
#include "nas_common.h"

/* 9.3.6 Constant definitions: protocol IE ids. */
enum {
	IE_MME_UE_S1AP_ID = 0,
	IE_CAUSE = 2,
	IE_ENB_UE_S1AP_ID = 8,
	IE_NAS_PDU = 26,
	IE_E_RAB_TO_RELEASE_HO_CMD = 13,   /* E-RABtoReleaseListHOCmd */
	IE_E_RAB_TO_SETUP_BEARER = 16,     /* E-RABToBeSetupListBearerSUReq */
	IE_E_RAB_TO_SETUP_CTXT = 24,       /* E-RABToBeSetupListCtxtSUReq */
	IE_E_RAB_TO_MODIFY_BEARER = 30,    /* E-RABToBeModifiedListBearerModReq */
	IE_E_RAB_FAILED_SETUP_HO_ACK = 19, /* E-RABFailedToSetupListHOReqAck */
	IE_E_RAB_FAILED_SETUP_BEARER = 29, /* E-RABFailedToSetupListBearerSURes */
	IE_E_RAB_FAILED_MODIFY = 32,       /* E-RABFailedToModifyList */
	IE_E_RAB_TO_BE_RELEASED = 33,      /* E-RABToBeReleasedList */
	IE_E_RAB_FAILED_RELEASE = 34,      /* E-RABFailedToReleaseList */
	IE_E_RAB_FAILED_SETUP_CTXT = 48,   /* E-RABFailedToSetupListCtxtSURes */
	IE_TAI = 67,
	IE_S_TMSI = 96,
	IE_UE_S1AP_IDS = 99,
	IE_EUTRAN_CGI = 100
};

/* 9.2.1.3 Cause: the root values of each group (the enumerations are
 * extensible; values after the "..." are extensions). */
static const struct ct_name radio_network[] = {
	{ 0, "unspecified" },
	{ 1, "tx2relocoverall-expiry" },
	{ 2, "successful-handover" },
	{ 3, "release-due-to-eutran-generated-reason" },
	{ 4, "handover-cancelled" },
	{ 5, "partial-handover" },
	{ 6, "ho-failure-in-target-EPC-eNB-or-target-system" },
	{ 7, "ho-target-not-allowed" },
	{ 8, "tS1relocoverall-expiry" },
	{ 9, "tS1relocprep-expiry" },
	{ 10, "cell-not-available" },
	{ 11, "unknown-targetID" },
	{ 12, "no-radio-resources-available-in-target-cell" },
	{ 13, "unknown-mme-ue-s1ap-id" },
	{ 14, "unknown-enb-ue-s1ap-id" },
	{ 15, "unknown-pair-ue-s1ap-id" },
	{ 16, "handover-desirable-for-radio-reason" },
	{ 17, "time-critical-handover" },
	{ 18, "resource-optimisation-handover" },
	{ 19, "reduce-load-in-serving-cell" },
	{ 20, "user-inactivity" },
	{ 21, "radio-connection-with-ue-lost" },
	{ 22, "load-balancing-tau-required" },
	{ 23, "cs-fallback-triggered" },
	{ 24, "ue-not-available-for-ps-service" },
	{ 25, "radio-resources-not-available" },
	{ 26, "failure-in-radio-interface-procedure" },
	{ 27, "invalid-qos-combination" },
	{ 28, "interrat-redirection" },
	{ 29, "interaction-with-other-procedure" },
	{ 30, "unknown-E-RAB-ID" },
	{ 31, "multiple-E-RAB-ID-instances" },
	{ 32, "encryption-and-or-integrity-protection-algorithms-not-supported" },
	{ 33, "s1-intra-system-handover-triggered" },
	{ 34, "s1-inter-system-handover-triggered" },
	{ 35, "x2-handover-triggered" },
	/* extensions */
	{ 36, "redirection-towards-1xRTT" },
	{ 37, "not-supported-QCI-value" },
	{ 38, "invalid-CSG-Id" },
	{ 39, "release-due-to-pre-emption" },
	{ 40, "n26-interface-not-available" },
	{ 41, "insufficient-ue-capabilities" },
	{ 42, "maximum-bearer-pre-emption-rate-exceeded" },
	{ 43, "up-integrity-protection-not-possible" },
	{ 0, NULL }
};
#define RADIO_NETWORK_ROOT 36

static const struct ct_name transport[] = {
	{ 0, "transport-resource-unavailable" },
	{ 1, "unspecified" },
	{ 0, NULL }
};
#define TRANSPORT_ROOT 2

static const struct ct_name nas[] = {
	{ 0, "normal-release" },
	{ 1, "authentication-failure" },
	{ 2, "detach" },
	{ 3, "unspecified" },
	/* extensions */
	{ 4, "csg-subscription-expiry" },
	{ 5, "uE-not-in-PLMN-serving-area" },
	{ 0, NULL }
};
#define NAS_ROOT 4

static const struct ct_name protocol[] = {
	{ 0, "transfer-syntax-error" },
	{ 1, "abstract-syntax-error-reject" },
	{ 2, "abstract-syntax-error-ignore-and-notify" },
	{ 3, "message-not-compatible-with-receiver-state" },
	{ 4, "semantic-error" },
	{ 5, "abstract-syntax-error-falsely-constructed-message" },
	{ 6, "unspecified" },
	{ 0, NULL }
};
#define PROTOCOL_ROOT 7

static const struct ct_name misc[] = {
	{ 0, "control-processing-overload" },
	{ 1, "not-enough-user-plane-processing-resources" },
	{ 2, "hardware-failure" },
	{ 3, "om-intervention" },
	{ 4, "unspecified" },
	{ 5, "unknown-PLMN" },
	{ 0, NULL }
};
#define MISC_ROOT 6

const struct ct_name *
ct_s1ap_cause_table(enum ct_cause_group g)
{
	switch (g) {
	case CT_CG_RADIO_NETWORK: return radio_network;
	case CT_CG_TRANSPORT: return transport;
	case CT_CG_NAS: return nas;
	case CT_CG_PROTOCOL: return protocol;
	case CT_CG_MISC: return misc;
	default: return NULL;
	}
}

/* 9.3.4 / 9.3.6: procedure codes and the message of each PDU kind. */
static const struct ct_ap_proc procs[] = {
	{ 0, { "HandoverRequired", "HandoverCommand", "HandoverPreparationFailure" } },
	{ 1, { "HandoverRequest", "HandoverRequestAcknowledge", "HandoverFailure" } },
	{ 2, { "HandoverNotify", NULL, NULL } },
	{ 3, { "PathSwitchRequest", "PathSwitchRequestAcknowledge", "PathSwitchRequestFailure" } },
	{ 4, { "HandoverCancel", "HandoverCancelAcknowledge", NULL } },
	{ 5, { "E-RABSetupRequest", "E-RABSetupResponse", NULL } },
	{ 6, { "E-RABModifyRequest", "E-RABModifyResponse", NULL } },
	{ 7, { "E-RABReleaseCommand", "E-RABReleaseResponse", NULL } },
	{ 8, { "E-RABReleaseIndication", NULL, NULL } },
	{ 9, { "InitialContextSetupRequest", "InitialContextSetupResponse", "InitialContextSetupFailure" } },
	{ 10, { "Paging", NULL, NULL } },
	{ 11, { "DownlinkNASTransport", NULL, NULL } },
	{ 12, { "InitialUEMessage", NULL, NULL } },
	{ 13, { "UplinkNASTransport", NULL, NULL } },
	{ 14, { "Reset", "ResetAcknowledge", NULL } },
	{ 15, { "ErrorIndication", NULL, NULL } },
	{ 16, { "NASNonDeliveryIndication", NULL, NULL } },
	{ 17, { "S1SetupRequest", "S1SetupResponse", "S1SetupFailure" } },
	{ 18, { "UEContextReleaseRequest", NULL, NULL } },
	{ 19, { "DownlinkS1cdma2000tunnelling", NULL, NULL } },
	{ 20, { "UplinkS1cdma2000tunnelling", NULL, NULL } },
	{ 21, { "UEContextModificationRequest", "UEContextModificationResponse", "UEContextModificationFailure" } },
	{ 22, { "UECapabilityInfoIndication", NULL, NULL } },
	{ 23, { "UEContextReleaseCommand", "UEContextReleaseComplete", NULL } },
	{ 24, { "ENBStatusTransfer", NULL, NULL } },
	{ 25, { "MMEStatusTransfer", NULL, NULL } },
	{ 26, { "DeactivateTrace", NULL, NULL } },
	{ 27, { "TraceStart", NULL, NULL } },
	{ 28, { "TraceFailureIndication", NULL, NULL } },
	{ 29, { "ENBConfigurationUpdate", "ENBConfigurationUpdateAcknowledge", "ENBConfigurationUpdateFailure" } },
	{ 30, { "MMEConfigurationUpdate", "MMEConfigurationUpdateAcknowledge", "MMEConfigurationUpdateFailure" } },
	{ 31, { "LocationReportingControl", NULL, NULL } },
	{ 32, { "LocationReportingFailureIndication", NULL, NULL } },
	{ 33, { "LocationReport", NULL, NULL } },
	{ 34, { "OverloadStart", NULL, NULL } },
	{ 35, { "OverloadStop", NULL, NULL } },
	{ 36, { "WriteReplaceWarningRequest", "WriteReplaceWarningResponse", NULL } },
	{ 37, { "ENBDirectInformationTransfer", NULL, NULL } },
	{ 38, { "MMEDirectInformationTransfer", NULL, NULL } },
	{ 39, { "PrivateMessage", NULL, NULL } },
	{ 40, { "ENBConfigurationTransfer", NULL, NULL } },
	{ 41, { "MMEConfigurationTransfer", NULL, NULL } },
	{ 42, { "CellTrafficTrace", NULL, NULL } },
	{ 43, { "KillRequest", "KillResponse", NULL } },
	{ 44, { "DownlinkUEAssociatedLPPaTransport", NULL, NULL } },
	{ 45, { "UplinkUEAssociatedLPPaTransport", NULL, NULL } },
	{ 46, { "DownlinkNonUEAssociatedLPPaTransport", NULL, NULL } },
	{ 47, { "UplinkNonUEAssociatedLPPaTransport", NULL, NULL } },
	{ 48, { "UERadioCapabilityMatchRequest", "UERadioCapabilityMatchResponse", NULL } },
	{ 49, { "PWSRestartIndication", NULL, NULL } },
	{ 50, { "E-RABModificationIndication", "E-RABModificationConfirm", NULL } },
	{ 51, { "PWSFailureIndication", NULL, NULL } },
	{ 52, { "RerouteNASRequest", NULL, NULL } },
	{ 53, { "UEContextModificationIndication", "UEContextModificationConfirm", NULL } },
	{ 54, { "ConnectionEstablishmentIndication", NULL, NULL } },
	{ 55, { "UEContextSuspendRequest", "UEContextSuspendResponse", NULL } },
	{ 56, { "UEContextResumeRequest", "UEContextResumeResponse", "UEContextResumeFailure" } },
	{ 57, { "NASDeliveryIndication", NULL, NULL } },
	{ 58, { "RetrieveUEInformation", NULL, NULL } },
	{ 59, { "UEInformationTransfer", NULL, NULL } },
	{ 60, { "ENBCPRelocationIndication", NULL, NULL } },
	{ 61, { "MMECPRelocationIndication", NULL, NULL } },
	{ 62, { "SecondaryRATDataUsageReport", NULL, NULL } },
	{ 63, { "UERadioCapabilityIDMappingRequest", "UERadioCapabilityIDMappingResponse", NULL } },
	{ 64, { "HandoverSuccess", NULL, NULL } },
	{ 65, { "ENBEarlyStatusTransfer", NULL, NULL } },
	{ 66, { "MMEEarlyStatusTransfer", NULL, NULL } },
};

/* MME-UE-S1AP-ID ::= INTEGER (0..2^32-1); ENB-UE-S1AP-ID ::= INTEGER (0..2^24-1) */
#define MME_ID_MAX 4294967295u
#define ENB_ID_MAX 16777215u

/* Cause ::= CHOICE { radioNetwork, transport, nas, protocol, misc, ... } */
static void
decode_cause(struct ct_cur *v, struct ct_dissect *d)
{
	static const uint32_t roots[5] = { RADIO_NETWORK_ROOT, TRANSPORT_ROOT,
					   NAS_ROOT, PROTOCOL_ROOT, MISC_ROOT };
	uint32_t alt, value;
	enum ct_cause_group g;

	alt = ct_per_enum(v, 5, 1);
	if (!ct_cur_ok(v))
		return;
	if (alt >= 5) {
		ct_cur_invalid(v); /* no extension alternatives are defined */
		return;
	}
	value = ct_per_enum(v, roots[alt], 1);
	if (!ct_cur_ok(v))
		return;
	g = (enum ct_cause_group)(CT_CG_RADIO_NETWORK + alt);
	ct_dissect_add_cause(d, CT_FAM_S1AP, g, value, NULL);
}

/* TAI ::= SEQUENCE { pLMNidentity OCTET STRING (3), tAC OCTET STRING (2), iE-Extensions OPTIONAL, ... } */
static void
decode_tai(struct ct_cur *v, struct ct_dissect *d)
{
	const uint8_t *plmn;
	char pl[8];
	unsigned tac;

	(void)ct_per_bit(v); /* extension */
	(void)ct_per_bit(v); /* iE-Extensions present */
	ct_cur_align(v);
	plmn = ct_cur_bytes(v, 3);
	tac = ct_cur_be16(v);
	if (!plmn || !ct_cur_ok(v))
		return;
	if (ct_bcd_plmn(plmn, pl, sizeof(pl)) < 0) {
		ct_cur_invalid(v);
		return;
	}
	ct_dissect_add_plmn_number(d, CT_ID_TAI, pl, tac);
}

/* EUTRAN-CGI ::= SEQUENCE { pLMNidentity, cell-ID BIT STRING (28), iE-Extensions OPTIONAL, ... } */
static void
decode_ecgi(struct ct_cur *v, struct ct_dissect *d)
{
	const uint8_t *plmn;
	char pl[8];
	uint32_t eci;

	(void)ct_per_bit(v);
	(void)ct_per_bit(v);
	ct_cur_align(v);
	plmn = ct_cur_bytes(v, 3);
	eci = ct_cur_bits(v, 28);
	if (!plmn || !ct_cur_ok(v))
		return;
	if (ct_bcd_plmn(plmn, pl, sizeof(pl)) < 0) {
		ct_cur_invalid(v);
		return;
	}
	ct_dissect_add_plmn_number(d, CT_ID_CELL, pl, eci);
}

/* S-TMSI ::= SEQUENCE { mMEC OCTET STRING (1), m-TMSI OCTET STRING (4), iE-Extensions OPTIONAL, ... } */
static void
decode_s_tmsi(struct ct_cur *v, struct ct_dissect *d)
{
	uint32_t tmsi;

	(void)ct_per_bit(v);
	(void)ct_per_bit(v);
	(void)ct_cur_bits(v, 8); /* mMEC: fixed size <= 2 octets, not aligned */
	ct_cur_align(v);
	tmsi = ct_cur_be32(v);
	if (!ct_cur_ok(v))
		return;
	ct_dissect_add_hex(d, CT_ID_TMSI, tmsi, 8);
}

/* UE-S1AP-IDs ::= CHOICE { uE-S1AP-ID-pair SEQUENCE { mME, eNB, iE-Extensions OPTIONAL, ... }, mME-UE-S1AP-ID, ... } */
static void
decode_ue_ids(struct ct_cur *v, struct ct_dissect *d)
{
	uint32_t alt = ct_per_enum(v, 2, 1);
	uint64_t mme, enb;

	if (!ct_cur_ok(v))
		return;
	if (alt == 0) {
		(void)ct_per_bit(v);
		(void)ct_per_bit(v);
		mme = ct_per_constrained(v, 0, MME_ID_MAX);
		enb = ct_per_constrained(v, 0, ENB_ID_MAX);
		if (!ct_cur_ok(v))
			return;
		ct_dissect_add_number(d, CT_ID_MME_UE_ID, mme);
		ct_dissect_add_number(d, CT_ID_ENB_UE_ID, enb);
	} else if (alt == 1) {
		mme = ct_per_constrained(v, 0, MME_ID_MAX);
		if (ct_cur_ok(v))
			ct_dissect_add_number(d, CT_ID_MME_UE_ID, mme);
	} else {
		ct_cur_invalid(v);
	}
}

/* E-RAB-ID ::= INTEGER (0..15, ...) */
static void
skip_erab_id(struct ct_cur *c)
{
	size_t k;

	if (ct_per_bit(c)) {                   /* outside 0..15: length + */
		if (ct_per_length(c, &k) == CT_DEC_OK) /* octets (X.691 13.2.6) */
			ct_cur_skip(c, k);
	} else {
		(void)ct_cur_bits(c, 4);
	}
}

/*
 * E-RABLevelQoSParameters ::= SEQUENCE { qCI INTEGER (0..255),
 *   allocationRetentionPriority SEQUENCE { priorityLevel INTEGER (0..15),
 *     pre-emptionCapability ENUMERATED (2), pre-emptionVulnerability
 *     ENUMERATED (2), iE-Extensions OPTIONAL, ... },
 *   gbrQosInformation SEQUENCE { four BitRate INTEGER (0..10000000000),
 *     iE-Extensions OPTIONAL, ... } OPTIONAL,
 *   iE-Extensions OPTIONAL, ... }
 * Skipped: nothing in it is evidence, but the NAS-PDU comes after it.
 */
static void
skip_erab_qos(struct ct_cur *c)
{
	unsigned ext, gbr, ie_ext, arp_ext, arp_ie_ext, i;

	ext = ct_per_bit(c);
	gbr = ct_per_bit(c);
	ie_ext = ct_per_bit(c);
	(void)ct_per_constrained(c, 0, 255);   /* qCI */
	arp_ext = ct_per_bit(c);
	arp_ie_ext = ct_per_bit(c);
	(void)ct_cur_bits(c, 4 + 1 + 1);       /* priority, capability, vulnerability */
	if (arp_ie_ext)
		ct_per_skip_ie_extensions(c);
	if (arp_ext)
		ct_per_skip_additions(c);
	if (gbr) {
		unsigned gbr_ext = ct_per_bit(c), gbr_ie_ext = ct_per_bit(c);

		for (i = 0; i < 4; i++)        /* MBR DL, UL, GBR DL, UL */
			(void)ct_per_constrained(c, 0, 10000000000ull);
		if (gbr_ie_ext)
			ct_per_skip_ie_extensions(c);
		if (gbr_ext)
			ct_per_skip_additions(c);
	}
	if (ie_ext)
		ct_per_skip_ie_extensions(c);
	if (ext)
		ct_per_skip_additions(c);
}

/* A NAS-PDU (OCTET STRING) to the NAS decoder with the same d; the NAS
 * status when it is one a caller reports (truncated, malformed). */
static enum ct_dec_status
decode_nas_pdu(struct ct_cur *v, struct ct_dissect *d)
{
	struct ct_cur pdu;

	if (ct_per_octets(v, &pdu) != CT_DEC_OK)
		return CT_DEC_OK; /* v is marked: the IE is malformed */
	return ct_nas_inner(&pdu, d, ct_decode_nas_eps);
}

/* The E-RAB item layouts a list's ProtocolIE-SingleContainer holds. */
enum erab_item {
	ERAB_CAUSE,       /* E-RABItem and the like: a Cause per bearer */
	ERAB_SETUP_CTXT,  /* E-RABToBeSetupItemCtxtSUReq: NAS-PDU OPTIONAL */
	ERAB_SETUP_BEARER,/* E-RABToBeSetupItemBearerSUReq: NAS-PDU */
	ERAB_MODIFY       /* E-RABToBeModifiedItemBearerModReq: NAS-PDU */
};

/*
 * One item, read from its open type:
 *  E-RABItem ::= SEQUENCE { e-RAB-ID, cause Cause, iE-Extensions OPTIONAL, ... }
 *    (E-RABFailedToSetupItemHOReqAck, the item of id 19, has the same layout)
 *  E-RABToBeSetupItemCtxtSUReq ::= SEQUENCE { e-RAB-ID, e-RABlevelQoSParameters,
 *    transportLayerAddress BIT STRING (SIZE (1..160, ...)), gTP-TEID OCTET
 *    STRING (SIZE (4)), nAS-PDU OPTIONAL, iE-Extensions OPTIONAL, ... }
 *  E-RABToBeSetupItemBearerSUReq: the same with nAS-PDU mandatory
 *  E-RABToBeModifiedItemBearerModReq ::= SEQUENCE { e-RAB-ID,
 *    e-RABLevelQoSParameters, nAS-PDU, iE-Extensions OPTIONAL, ... }
 * Reading stops after the Cause or the NAS-PDU: what follows is not needed
 * and the open type bounds the item.
 */
static enum ct_dec_status
decode_erab_item(struct ct_cur *item, struct ct_dissect *d, enum erab_item kind)
{
	unsigned has_nas = 1;

	(void)ct_per_bit(item);                /* extension */
	if (kind == ERAB_SETUP_CTXT)
		has_nas = ct_per_bit(item);    /* nAS-PDU present */
	(void)ct_per_bit(item);                /* iE-Extensions present */
	skip_erab_id(item);
	if (kind == ERAB_CAUSE) {
		decode_cause(item, d);
		return CT_DEC_OK;
	}
	skip_erab_qos(item);
	if (kind != ERAB_MODIFY) {
		ct_per_skip_bits(item, 1, 160, 1); /* transportLayerAddress */
		ct_cur_align(item);            /* gTP-TEID: 4 octets, aligned (X.691 17.7) */
		ct_cur_skip(item, 4);
	}
	if (!has_nas || !ct_cur_ok(item))
		return CT_DEC_OK;
	return decode_nas_pdu(item, d);
}

/*
 * E-RABList ::= SEQUENCE (SIZE (1..256)) OF ProtocolIE-SingleContainer,
 * and so are the lists to set up and modify. Each bearer that failed to set
 * up or is released carries its own Cause; each bearer set up or modified
 * may carry the NAS message for it. Returns the first item's NAS status
 * that is not OK.
 */
static enum ct_dec_status
decode_erab_list(struct ct_cur *v, struct ct_dissect *d, enum erab_item kind)
{
	enum ct_dec_status st, first = CT_DEC_OK;
	unsigned n, i;
	struct ct_cur item;

	n = (unsigned)ct_per_constrained(v, 1, 256);
	for (i = 0; i < n && ct_cur_ok(v); i++) {
		(void)ct_per_constrained(v, 0, 65535); /* the item's id (35, 52, 17, 36) */
		(void)ct_per_enum(v, 3, 0);
		if (ct_per_open_type(v, &item) != CT_DEC_OK)
			break;
		st = decode_erab_item(&item, d, kind);
		if (first == CT_DEC_OK)
			first = st;
		/* the open type was complete: an item that breaks its
		 * constraints or runs past its end is malformed */
		if (!ct_cur_ok(&item))
			ct_cur_invalid(v);
	}
	return first;
}

/* One IE's value; returns the NAS status for a NAS-PDU, OK otherwise. */
static enum ct_dec_status
decode_ie(unsigned id, struct ct_cur *v, struct ct_dissect *d)
{
	enum ct_dec_status st = CT_DEC_OK;
	uint64_t n;

	switch (id) {
	case IE_MME_UE_S1AP_ID:
		n = ct_per_constrained(v, 0, MME_ID_MAX);
		if (ct_cur_ok(v))
			ct_dissect_add_number(d, CT_ID_MME_UE_ID, n);
		break;
	case IE_ENB_UE_S1AP_ID:
		n = ct_per_constrained(v, 0, ENB_ID_MAX);
		if (ct_cur_ok(v))
			ct_dissect_add_number(d, CT_ID_ENB_UE_ID, n);
		break;
	case IE_CAUSE:
		decode_cause(v, d);
		break;
	case IE_NAS_PDU: /* OCTET STRING */
		st = decode_nas_pdu(v, d);
		break;
	case IE_E_RAB_TO_SETUP_CTXT:
		st = decode_erab_list(v, d, ERAB_SETUP_CTXT);
		break;
	case IE_E_RAB_TO_SETUP_BEARER:
		st = decode_erab_list(v, d, ERAB_SETUP_BEARER);
		break;
	case IE_E_RAB_TO_MODIFY_BEARER:
		st = decode_erab_list(v, d, ERAB_MODIFY);
		break;
	case IE_E_RAB_TO_RELEASE_HO_CMD:
	case IE_E_RAB_FAILED_SETUP_HO_ACK:
	case IE_E_RAB_FAILED_SETUP_BEARER:
	case IE_E_RAB_FAILED_MODIFY:
	case IE_E_RAB_TO_BE_RELEASED:
	case IE_E_RAB_FAILED_RELEASE:
	case IE_E_RAB_FAILED_SETUP_CTXT:
		(void)decode_erab_list(v, d, ERAB_CAUSE);
		break;
	case IE_TAI:
		decode_tai(v, d);
		break;
	case IE_EUTRAN_CGI:
		decode_ecgi(v, d);
		break;
	case IE_S_TMSI:
		decode_s_tmsi(v, d);
		break;
	case IE_UE_S1AP_IDS:
		decode_ue_ids(v, d);
		break;
	default:
		break;
	}
	return st;
}

enum ct_dec_status
ct_decode_s1ap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	static const struct ct_ap_def def = {
		"s1ap", "S1AP", procs, sizeof(procs) / sizeof(procs[0]), 39, decode_ie, 3
	};

	return ct_per_ap_decode(p, len, d, &def);
}
