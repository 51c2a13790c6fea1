/*
 * ngap.c — NG Application Protocol, 3GPP TS 38.413 v17 (ASN.1 aligned PER).
 *
 *   NGAP-PDU (9.4.2), after PER — the same frame as S1AP:
 *    +---+-----+---------+-------------------+--------+---------+--------------+
 *    | E | kind| padding | procedureCode (8) | crit(2)| padding | length | value |
 *    +---+-----+---------+-------------------+--------+---------+--------------+
 *     kind 0 initiatingMessage, 1 successfulOutcome, 2 unsuccessfulOutcome;
 *     value = open type holding SEQUENCE { protocolIEs, ... }:
 *    +---+---------+-----------------+----------------------------------------+
 *    | E | padding | IE count (16)   | IE: id (16) | crit(2) pad | len | value |...
 *    +---+---------+-----------------+----------------------------------------+
 *
 * Every IE is walked, bounded by its count and the bytes left. Decoded:
 * Cause (id 15) and the causes inside the transfers of the PDU session
 * resource lists (55-58, 78, 79, 132), NAS-PDU (38, handed to ct_decode_nas_5gs with the same d)
 * and the per-session NAS-PDUs of the lists to set up or modify (64, 71,
 * 74: the PDU session establishment accept or modification command),
 * AMF-UE-NGAP-ID (10), RAN-UE-NGAP-ID (85), UE-NGAP-IDs (114), FiveG-S-TMSI
 * (26), UserLocationInformation (121) for its E-UTRA and NR alternatives:
 * CT_ID_CELL "mcc-mnc-cellid" (28-bit E-UTRA or 36-bit NR cell identity in
 * decimal) and CT_ID_TAI "mcc-mnc-tac" (24-bit TAC in decimal).
 *
 * Status: the NGAP status, or, when NGAP itself decoded, a truncated or
 * malformed NAS-PDU's status. A ciphered NAS-PDU leaves the status OK and
 * sets d->ciphered. d->protocol stays "ngap".
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "celltriage/per.h"
#include "bcd.h"
#include "nas_common.h"

/* 9.4.7 Constant definitions: protocol IE ids. */
enum {
	IE_AMF_UE_NGAP_ID = 10,
	IE_CAUSE = 15,
	IE_FIVEG_S_TMSI = 26,
	IE_NAS_PDU = 38,
	/* PDU session resource lists whose items carry a Cause in a transfer */
	IE_PDU_FAILED_SETUP_CXT_RES = 55,
	IE_PDU_FAILED_SETUP_HO_ACK = 56,
	IE_PDU_FAILED_SETUP_PS_REQ = 57,
	IE_PDU_FAILED_SETUP_SU_RES = 58,
	IE_PDU_TO_RELEASE_HO_CMD = 78,
	IE_PDU_TO_RELEASE_REL_CMD = 79,
	IE_PDU_FAILED_SETUP_CXT_FAIL = 132,
	/* PDU session resource lists whose items may carry a NAS-PDU */
	IE_PDU_MODIFY_MOD_REQ = 64,        /* PDUSessionResourceModifyListModReq */
	IE_PDU_SETUP_CXT_REQ = 71,         /* PDUSessionResourceSetupListCxtReq */
	IE_PDU_SETUP_SU_REQ = 74,          /* PDUSessionResourceSetupListSUReq */
	IE_RAN_UE_NGAP_ID = 85,
	IE_UE_NGAP_IDS = 114,
	IE_USER_LOCATION_INFORMATION = 121
};

/* 9.3.1.2 Cause: root values, then the extensions after "...". */
static const struct ct_name radio_network[] = {
	{ 0, "unspecified" },
	{ 1, "txnrelocoverall-expiry" },
	{ 2, "successful-handover" },
	{ 3, "release-due-to-ngran-generated-reason" },
	{ 4, "release-due-to-5gc-generated-reason" },
	{ 5, "handover-cancelled" },
	{ 6, "partial-handover" },
	{ 7, "ho-failure-in-target-5GC-ngran-node-or-target-system" },
	{ 8, "ho-target-not-allowed" },
	{ 9, "tngrelocoverall-expiry" },
	{ 10, "tngrelocprep-expiry" },
	{ 11, "cell-not-available" },
	{ 12, "unknown-targetID" },
	{ 13, "no-radio-resources-available-in-target-cell" },
	{ 14, "unknown-local-UE-NGAP-ID" },
	{ 15, "inconsistent-remote-UE-NGAP-ID" },
	{ 16, "handover-desirable-for-radio-reason" },
	{ 17, "time-critical-handover" },
	{ 18, "resource-optimisation-handover" },
	{ 19, "reduce-load-in-serving-cell" },
	{ 20, "user-inactivity" },
	{ 21, "radio-connection-with-ue-lost" },
	{ 22, "radio-resources-not-available" },
	{ 23, "invalid-qos-combination" },
	{ 24, "failure-in-radio-interface-procedure" },
	{ 25, "interaction-with-other-procedure" },
	{ 26, "unknown-PDU-session-ID" },
	{ 27, "unkown-qos-flow-ID" },
	{ 28, "multiple-PDU-session-ID-instances" },
	{ 29, "multiple-qos-flow-ID-instances" },
	{ 30, "encryption-and-or-integrity-protection-algorithms-not-supported" },
	{ 31, "ng-intra-system-handover-triggered" },
	{ 32, "ng-inter-system-handover-triggered" },
	{ 33, "xn-handover-triggered" },
	{ 34, "not-supported-5QI-value" },
	{ 35, "ue-context-transfer" },
	{ 36, "ims-voice-eps-fallback-or-rat-fallback-triggered" },
	{ 37, "up-integrity-protection-not-possible" },
	{ 38, "up-confidentiality-protection-not-possible" },
	{ 39, "slice-not-supported" },
	{ 40, "ue-in-rrc-inactive-state-not-reachable" },
	{ 41, "redirection" },
	{ 42, "resources-not-available-for-the-slice" },
	{ 43, "ue-max-integrity-protected-data-rate-reason" },
	{ 44, "release-due-to-cn-detected-mobility" },
	/* extensions */
	{ 45, "n26-interface-not-available" },
	{ 46, "release-due-to-pre-emption" },
	{ 47, "multiple-location-reporting-reference-ID-instances" },
	{ 48, "rsn-not-available-for-the-up" },
	{ 49, "npn-access-denied" },
	{ 50, "cag-only-access-denied" },
	{ 51, "insufficient-ue-capabilities" },
	{ 52, "redcap-ue-not-supported" },
	{ 53, "unknown-MBS-Session-ID" },
	{ 54, "indicated-MBS-session-area-information-not-served-by-the-gNB" },
	{ 55, "inconsistent-slice-info-for-the-session" },
	{ 56, "misaligned-association-for-multicast-unicast" },
	{ 0, NULL }
};
#define RADIO_NETWORK_ROOT 45

static const struct ct_name transport[] = {
	{ 0, "transport-resource-unavailable" },
	{ 1, "unspecified" },
	{ 0, NULL }
};
#define TRANSPORT_ROOT 2

static const struct ct_name nas[] = {
	{ 0, "normal-release" },
	{ 1, "authentication-failure" },
	{ 2, "deregister" },
	{ 3, "unspecified" },
	/* extensions */
	{ 4, "uE-not-in-PLMN-serving-area" },
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
	{ 4, "unknown-PLMN-or-SNPN" },
	{ 5, "unspecified" },
	{ 0, NULL }
};
#define MISC_ROOT 6

const struct ct_name *
ct_ngap_cause_table(enum ct_cause_group g)
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

/* 9.4.4 / 9.4.7: procedure codes and the message of each PDU kind. */
static const struct ct_ap_proc procs[] = {
	{ 0, { "AMFConfigurationUpdate", "AMFConfigurationUpdateAcknowledge", "AMFConfigurationUpdateFailure" } },
	{ 1, { "AMFStatusIndication", NULL, NULL } },
	{ 2, { "CellTrafficTrace", NULL, NULL } },
	{ 3, { "DeactivateTrace", NULL, NULL } },
	{ 4, { "DownlinkNASTransport", NULL, NULL } },
	{ 5, { "DownlinkNonUEAssociatedNRPPaTransport", NULL, NULL } },
	{ 6, { "DownlinkRANConfigurationTransfer", NULL, NULL } },
	{ 7, { "DownlinkRANStatusTransfer", NULL, NULL } },
	{ 8, { "DownlinkUEAssociatedNRPPaTransport", NULL, NULL } },
	{ 9, { "ErrorIndication", NULL, NULL } },
	{ 10, { "HandoverCancel", "HandoverCancelAcknowledge", NULL } },
	{ 11, { "HandoverNotify", NULL, NULL } },
	{ 12, { "HandoverRequired", "HandoverCommand", "HandoverPreparationFailure" } },
	{ 13, { "HandoverRequest", "HandoverRequestAcknowledge", "HandoverFailure" } },
	{ 14, { "InitialContextSetupRequest", "InitialContextSetupResponse", "InitialContextSetupFailure" } },
	{ 15, { "InitialUEMessage", NULL, NULL } },
	{ 16, { "LocationReportingControl", NULL, NULL } },
	{ 17, { "LocationReportingFailureIndication", NULL, NULL } },
	{ 18, { "LocationReport", NULL, NULL } },
	{ 19, { "NASNonDeliveryIndication", NULL, NULL } },
	{ 20, { "NGReset", "NGResetAcknowledge", NULL } },
	{ 21, { "NGSetupRequest", "NGSetupResponse", "NGSetupFailure" } },
	{ 22, { "OverloadStart", NULL, NULL } },
	{ 23, { "OverloadStop", NULL, NULL } },
	{ 24, { "Paging", NULL, NULL } },
	{ 25, { "PathSwitchRequest", "PathSwitchRequestAcknowledge", "PathSwitchRequestFailure" } },
	{ 26, { "PDUSessionResourceModifyRequest", "PDUSessionResourceModifyResponse", NULL } },
	{ 27, { "PDUSessionResourceModifyIndication", "PDUSessionResourceModifyConfirm", NULL } },
	{ 28, { "PDUSessionResourceReleaseCommand", "PDUSessionResourceReleaseResponse", NULL } },
	{ 29, { "PDUSessionResourceSetupRequest", "PDUSessionResourceSetupResponse", NULL } },
	{ 30, { "PDUSessionResourceNotify", NULL, NULL } },
	{ 31, { "PrivateMessage", NULL, NULL } },
	{ 32, { "PWSCancelRequest", "PWSCancelResponse", NULL } },
	{ 33, { "PWSFailureIndication", NULL, NULL } },
	{ 34, { "PWSRestartIndication", NULL, NULL } },
	{ 35, { "RANConfigurationUpdate", "RANConfigurationUpdateAcknowledge", "RANConfigurationUpdateFailure" } },
	{ 36, { "RerouteNASRequest", NULL, NULL } },
	{ 37, { "RRCInactiveTransitionReport", NULL, NULL } },
	{ 38, { "TraceFailureIndication", NULL, NULL } },
	{ 39, { "TraceStart", NULL, NULL } },
	{ 40, { "UEContextModificationRequest", "UEContextModificationResponse", "UEContextModificationFailure" } },
	{ 41, { "UEContextReleaseCommand", "UEContextReleaseComplete", NULL } },
	{ 42, { "UEContextReleaseRequest", NULL, NULL } },
	{ 43, { "UERadioCapabilityCheckRequest", "UERadioCapabilityCheckResponse", NULL } },
	{ 44, { "UERadioCapabilityInfoIndication", NULL, NULL } },
	{ 45, { "UETNLABindingReleaseRequest", NULL, NULL } },
	{ 46, { "UplinkNASTransport", NULL, NULL } },
	{ 47, { "UplinkNonUEAssociatedNRPPaTransport", NULL, NULL } },
	{ 48, { "UplinkRANConfigurationTransfer", NULL, NULL } },
	{ 49, { "UplinkRANStatusTransfer", NULL, NULL } },
	{ 50, { "UplinkUEAssociatedNRPPaTransport", NULL, NULL } },
	{ 51, { "WriteReplaceWarningRequest", "WriteReplaceWarningResponse", NULL } },
	{ 52, { "SecondaryRATDataUsageReport", NULL, NULL } },
	{ 53, { "UplinkRIMInformationTransfer", NULL, NULL } },
	{ 54, { "DownlinkRIMInformationTransfer", NULL, NULL } },
	{ 55, { "RetrieveUEInformation", NULL, NULL } },
	{ 56, { "UEInformationTransfer", NULL, NULL } },
	{ 57, { "RANCPRelocationIndication", NULL, NULL } },
	{ 58, { "UEContextResumeRequest", "UEContextResumeResponse", "UEContextResumeFailure" } },
	{ 59, { "UEContextSuspendRequest", "UEContextSuspendResponse", "UEContextSuspendFailure" } },
	{ 60, { "UERadioCapabilityIDMappingRequest", "UERadioCapabilityIDMappingResponse", NULL } },
	{ 61, { "HandoverSuccess", NULL, NULL } },
	{ 62, { "UplinkRANEarlyStatusTransfer", NULL, NULL } },
	{ 63, { "DownlinkRANEarlyStatusTransfer", NULL, NULL } },
	{ 64, { "AMFCPRelocationIndication", NULL, NULL } },
	{ 65, { "ConnectionEstablishmentIndication", NULL, NULL } },
};

/* AMF-UE-NGAP-ID ::= INTEGER (0..2^40-1); RAN-UE-NGAP-ID ::= INTEGER (0..2^32-1) */
#define AMF_ID_MAX 1099511627775ull
#define RAN_ID_MAX 4294967295ull

/* Cause ::= CHOICE { radioNetwork, transport, nas, protocol, misc, choice-Extensions } (not extensible) */
static void
decode_cause(struct ct_cur *v, struct ct_dissect *d)
{
	static const uint32_t roots[5] = { RADIO_NETWORK_ROOT, TRANSPORT_ROOT,
					   NAS_ROOT, PROTOCOL_ROOT, MISC_ROOT };
	uint32_t alt, value;
	enum ct_cause_group g;

	alt = ct_per_enum(v, 6, 0);
	if (!ct_cur_ok(v) || alt == 5) /* choice-Extensions: none defined */
		return;
	value = ct_per_enum(v, roots[alt], 1);
	if (!ct_cur_ok(v))
		return;
	g = (enum ct_cause_group)(CT_CG_RADIO_NETWORK + alt);
	ct_dissect_add_cause(d, CT_FAM_NGAP, g, value, NULL);
}

/* Adds "mcc-mnc-<n>" of the given kind. */
static void
add_plmn_id(struct ct_cur *v, struct ct_dissect *d, enum ct_id_kind kind,
	    const uint8_t *plmn, uint64_t n)
{
	char pl[8];

	if (ct_bcd_plmn(plmn, pl, sizeof(pl)) < 0) {
		ct_cur_invalid(v);
		return;
	}
	ct_dissect_add_plmn_number(d, kind, pl, n);
}

/*
 * UserLocationInformation ::= CHOICE { userLocationInformationEUTRA,
 *   userLocationInformationNR, userLocationInformationN3IWF, choice-Extensions }
 * EUTRA / NR: SEQUENCE { CGI, TAI, timeStamp OPTIONAL, iE-Extensions OPTIONAL, ... }
 *   EUTRA-CGI / NR-CGI ::= SEQUENCE { pLMNIdentity, cell id BIT STRING (28 / 36),
 *                                     iE-Extensions OPTIONAL, ... }
 *   TAI ::= SEQUENCE { pLMNIdentity, tAC OCTET STRING (3), iE-Extensions OPTIONAL, ... }
 * The CGI and TAI are read; the optional time stamp after them is not.
 */
static void
decode_uli(struct ct_cur *v, struct ct_dissect *d)
{
	uint32_t alt = ct_per_enum(v, 4, 0);
	const uint8_t *cplmn, *tplmn;
	uint64_t cell;
	uint32_t tac;

	if (!ct_cur_ok(v) || alt > 1)
		return; /* N3IWF and extensions carry no cell */
	(void)ct_per_bit(v);      /* extension */
	(void)ct_cur_bits(v, 2);  /* timeStamp, iE-Extensions present */
	(void)ct_per_bit(v);      /* CGI: extension */
	(void)ct_per_bit(v);      /* CGI: iE-Extensions present */
	ct_cur_align(v);
	cplmn = ct_cur_bytes(v, 3);
	if (alt == 0)
		cell = ct_cur_bits(v, 28);
	else
		cell = (uint64_t)ct_cur_bits(v, 32) << 4 | ct_cur_bits(v, 4);
	(void)ct_per_bit(v);      /* TAI: extension */
	(void)ct_per_bit(v);      /* TAI: iE-Extensions present */
	ct_cur_align(v);
	tplmn = ct_cur_bytes(v, 3);
	tac = ct_cur_be24(v);
	if (!cplmn || !tplmn || !ct_cur_ok(v))
		return;
	add_plmn_id(v, d, CT_ID_CELL, cplmn, cell);
	add_plmn_id(v, d, CT_ID_TAI, tplmn, tac);
}

/* FiveG-S-TMSI ::= SEQUENCE { aMFSetID BIT STRING (10), aMFPointer BIT STRING (6),
 *                             fiveG-TMSI OCTET STRING (4), iE-Extensions OPTIONAL, ... } */
static void
decode_5g_s_tmsi(struct ct_cur *v, struct ct_dissect *d)
{
	uint32_t tmsi;

	(void)ct_cur_bits(v, 2);  /* extension, iE-Extensions present */
	(void)ct_cur_bits(v, 16); /* set id, pointer: bit strings <= 16 bits, not aligned */
	ct_cur_align(v);
	tmsi = ct_cur_be32(v);
	if (!ct_cur_ok(v))
		return;
	ct_dissect_add_hex(d, CT_ID_TMSI, tmsi, 8);
}

/* UE-NGAP-IDs ::= CHOICE { uE-NGAP-ID-pair SEQUENCE { aMF, rAN, iE-Extensions OPTIONAL, ... },
 *                          aMF-UE-NGAP-ID, choice-Extensions } */
static void
decode_ue_ids(struct ct_cur *v, struct ct_dissect *d)
{
	uint32_t alt = ct_per_enum(v, 3, 0);
	uint64_t amf, ran;

	if (!ct_cur_ok(v))
		return;
	if (alt == 0) {
		(void)ct_cur_bits(v, 2);
		amf = ct_per_constrained(v, 0, AMF_ID_MAX);
		ran = ct_per_constrained(v, 0, RAN_ID_MAX);
		if (!ct_cur_ok(v))
			return;
		ct_dissect_add_number(d, CT_ID_AMF_UE_ID, amf);
		ct_dissect_add_number(d, CT_ID_RAN_UE_ID, ran);
	} else if (alt == 1) {
		amf = ct_per_constrained(v, 0, AMF_ID_MAX);
		if (ct_cur_ok(v))
			ct_dissect_add_number(d, CT_ID_AMF_UE_ID, amf);
	}
}

/*
 * The PDU session resource lists (9.3.4): SEQUENCE (SIZE (1..256)) OF
 *   Item ::= SEQUENCE { pDUSessionID INTEGER (0..255),
 *                       <transfer> OCTET STRING (CONTAINING ...),
 *                       iE-Extensions OPTIONAL, ... }
 * and every transfer named here starts with its Cause:
 *   SetupUnsuccessfulTransfer, HandoverResourceAllocationUnsuccessfulTransfer
 *     ::= SEQUENCE { cause, criticalityDiagnostics OPTIONAL, iE-Extensions OPTIONAL, ... }
 *   ReleaseCommandTransfer, PathSwitchRequestSetupFailedTransfer,
 *   HandoverPreparationUnsuccessfulTransfer
 *     ::= SEQUENCE { cause, iE-Extensions OPTIONAL, ... }
 * nopt is the number of OPTIONAL presence bits before the cause.
 */
static void
decode_pdu_list(struct ct_cur *v, struct ct_dissect *d, unsigned nopt)
{
	unsigned n, i, ext, ie_ext;
	struct ct_cur t;

	n = (unsigned)ct_per_constrained(v, 1, 256);
	for (i = 0; i < n && ct_cur_ok(v); i++) {
		ext = ct_per_bit(v);
		ie_ext = ct_per_bit(v);
		(void)ct_per_constrained(v, 0, 255);  /* pDUSessionID */
		if (ct_per_octets(v, &t) != CT_DEC_OK)
			return;
		(void)ct_cur_bits(&t, 1 + nopt);      /* extension, OPTIONAL bits */
		decode_cause(&t, d);
		/* The octet string's length is the transfer's: a cause cut short
		 * inside it is a malformed transfer, not a short packet. */
		if (t.invalid || t.truncated)
			ct_cur_invalid(v);
		/* the items are not open types: the next starts after these */
		if (ie_ext)
			ct_per_skip_ie_extensions(v);
		if (ext)
			ct_per_skip_additions(v);
	}
}

/* A NAS-PDU (OCTET STRING) to the 5GS NAS decoder with the same d; the NAS
 * status when it is one a caller reports (truncated, malformed). */
static enum ct_dec_status
decode_nas_pdu(struct ct_cur *v, struct ct_dissect *d)
{
	struct ct_cur pdu;

	if (ct_per_octets(v, &pdu) != CT_DEC_OK)
		return CT_DEC_OK; /* v is marked: the IE is malformed */
	return ct_nas_inner(&pdu, d, ct_decode_nas_5gs);
}

/*
 * The lists whose items may carry the NAS message of their PDU session:
 *   PDUSessionResourceSetupItemSUReq / ...CxtReq ::= SEQUENCE {
 *     pDUSessionID INTEGER (0..255), pDUSessionNAS-PDU NAS-PDU OPTIONAL,
 *     s-NSSAI S-NSSAI, pDUSessionResourceSetupRequestTransfer OCTET STRING,
 *     iE-Extensions OPTIONAL, ... }
 *   PDUSessionResourceModifyItemModReq ::= SEQUENCE { pDUSessionID,
 *     nAS-PDU OPTIONAL, pDUSessionResourceModifyRequestTransfer OCTET STRING,
 *     iE-Extensions OPTIONAL, ... }
 *   S-NSSAI ::= SEQUENCE { sST OCTET STRING (SIZE (1)), sD OCTET STRING
 *     (SIZE (3)) OPTIONAL, iE-Extensions OPTIONAL, ... }
 * The items are not open types: each is read to its end to find the next.
 * Returns the first NAS status that is not OK.
 */
static enum ct_dec_status
decode_pdu_nas_list(struct ct_cur *v, struct ct_dissect *d, int has_nssai)
{
	enum ct_dec_status st, first = CT_DEC_OK;
	unsigned n, i, ext, has_nas, ie_ext;
	struct ct_cur t;

	n = (unsigned)ct_per_constrained(v, 1, 256);
	for (i = 0; i < n && ct_cur_ok(v); i++) {
		ext = ct_per_bit(v);
		has_nas = ct_per_bit(v);
		ie_ext = ct_per_bit(v);
		(void)ct_per_constrained(v, 0, 255);  /* pDUSessionID */
		if (has_nas && ct_cur_ok(v)) {
			st = decode_nas_pdu(v, d);
			if (first == CT_DEC_OK)
				first = st;
		}
		if (has_nssai) {
			unsigned s_ext = ct_per_bit(v), has_sd = ct_per_bit(v);
			unsigned s_ie_ext = ct_per_bit(v);

			(void)ct_cur_bits(v, 8);      /* sST: one octet, not aligned (X.691 17.6) */
			if (has_sd) {
				ct_cur_align(v);      /* sD: 3 octets, aligned (17.7) */
				ct_cur_skip(v, 3);
			}
			if (s_ie_ext)
				ct_per_skip_ie_extensions(v);
			if (s_ext)
				ct_per_skip_additions(v);
		}
		(void)ct_per_octets(v, &t);           /* the transfer */
		if (ie_ext)
			ct_per_skip_ie_extensions(v);
		if (ext)
			ct_per_skip_additions(v);
	}
	return first;
}

static enum ct_dec_status
decode_ie(unsigned id, struct ct_cur *v, struct ct_dissect *d)
{
	enum ct_dec_status st = CT_DEC_OK;
	uint64_t n;

	switch (id) {
	case IE_AMF_UE_NGAP_ID:
		n = ct_per_constrained(v, 0, AMF_ID_MAX);
		if (ct_cur_ok(v))
			ct_dissect_add_number(d, CT_ID_AMF_UE_ID, n);
		break;
	case IE_RAN_UE_NGAP_ID:
		n = ct_per_constrained(v, 0, RAN_ID_MAX);
		if (ct_cur_ok(v))
			ct_dissect_add_number(d, CT_ID_RAN_UE_ID, n);
		break;
	case IE_CAUSE:
		decode_cause(v, d);
		break;
	case IE_NAS_PDU:
		st = decode_nas_pdu(v, d);
		break;
	case IE_PDU_SETUP_CXT_REQ:
	case IE_PDU_SETUP_SU_REQ:
		st = decode_pdu_nas_list(v, d, 1);
		break;
	case IE_PDU_MODIFY_MOD_REQ:
		st = decode_pdu_nas_list(v, d, 0);
		break;
	case IE_PDU_FAILED_SETUP_CXT_RES:
	case IE_PDU_FAILED_SETUP_HO_ACK:
	case IE_PDU_FAILED_SETUP_SU_RES:
	case IE_PDU_FAILED_SETUP_CXT_FAIL:
		decode_pdu_list(v, d, 2);
		break;
	case IE_PDU_FAILED_SETUP_PS_REQ:
	case IE_PDU_TO_RELEASE_HO_CMD:
	case IE_PDU_TO_RELEASE_REL_CMD:
		decode_pdu_list(v, d, 1);
		break;
	case IE_USER_LOCATION_INFORMATION:
		decode_uli(v, d);
		break;
	case IE_FIVEG_S_TMSI:
		decode_5g_s_tmsi(v, d);
		break;
	case IE_UE_NGAP_IDS:
		decode_ue_ids(v, d);
		break;
	default:
		break;
	}
	return st;
}

enum ct_dec_status
ct_decode_ngap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	static const struct ct_ap_def def = {
		"ngap", "NGAP", procs, sizeof(procs) / sizeof(procs[0]), 31, decode_ie, 3
	};

	return ct_per_ap_decode(p, len, d, &def);
}

/*
 * The N2 SM information of the SBI (TS 29.502 §6.1.6.3.6 N2SmInfoType, TS
 * 29.518 §6.1.6.3.x NgapIeType): one transfer of TS 38.413 §9.3.4 on its
 * own. Those that start with their Cause are read (the OPTIONAL bits
 * before it as in decode_pdu_list); the others carry none and are left.
 */
static const struct {
	const char *type;
	unsigned nopt;
} cause_transfers[] = {
	{ "PDU_RES_SETUP_FAIL", 2 },     /* PDUSessionResourceSetupUnsuccessfulTransfer */
	{ "PDU_RES_MOD_FAIL", 2 },       /* PDUSessionResourceModifyUnsuccessfulTransfer */
	{ "HANDOVER_RES_ALLOC_FAIL", 2 },/* HandoverResourceAllocationUnsuccessfulTransfer */
	{ "PDU_RES_REL_CMD", 1 },        /* PDUSessionResourceReleaseCommandTransfer */
	{ "PDU_RES_NTY_REL", 1 },        /* PDUSessionResourceNotifyReleasedTransfer */
	{ "PATH_SWITCH_SETUP_FAIL", 1 }, /* PathSwitchRequestSetupFailedTransfer */
	{ "HANDOVER_PREP_FAIL", 1 },     /* HandoverPreparationUnsuccessfulTransfer */
};

enum ct_dec_status
ct_decode_ngap_transfer(const uint8_t *p, size_t len, const char *type, struct ct_dissect *d)
{
	struct ct_cur c;

	for (size_t i = 0; type && i < sizeof(cause_transfers) / sizeof(cause_transfers[0]); i++) {
		if (strcmp(type, cause_transfers[i].type) != 0)
			continue;
		ct_cur_init(&c, p, len);
		(void)ct_cur_bits(&c, 1 + cause_transfers[i].nopt); /* extension, OPTIONAL bits */
		decode_cause(&c, d);
		return ct_cur_status(&c);
	}
	return CT_DEC_OK;
}
