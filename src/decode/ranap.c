/*
 * ranap.c — Radio Access Network Application Part (Iu), 3GPP TS 25.413 v17
 * (ASN.1 aligned PER), read with the project's PER reader (per.c): the
 * frame is S1AP's, with a fourth PDU kind, "outcome" (per.h).
 *
 *   RANAP-PDU ::= CHOICE { initiatingMessage, successfulOutcome,
 *                          unsuccessfulOutcome, outcome, ... }
 *   each: | procedureCode (0..255) | criticality | value: open type |
 *   value: SEQUENCE { protocolIEs: | count (16) | IE: id (16) | crit | open type | ... }
 *
 *   Cause (§9.2.1.4) ::= CHOICE { radioNetwork (1..64),
 *     transmissionNetwork (65..80), nAS (81..96), protocol (97..112),
 *     misc (113..128), non-Standard (129..256), ...,
 *     radioNetworkExtension (257..512) }
 *   each a constrained INTEGER: the value is reported as it stands (83 is
 *   nAS "normal-release"), in the groups radioNetwork, transport
 *   (transmissionNetwork), nas, protocol, misc, nonStandard,
 *   radioNetworkExtension.
 *
 * Decoded: Cause (id 4) wherever it stands (Iu Release Request/Command,
 * Relocation Preparation Failure, Reset, Error Indication, Security Mode
 * Reject ...), the per-RAB causes of the RAB lists below (failed and
 * released RABs of RAB Assignment, RAB Release Request); NAS-PDU (16)
 * handed to ct_decode_gsm_l3 (MM/CC/RR; GMM and SM are named, not read). A NAS-PDU's status does not change
 * RANAP's: a layer 3 message not decoded is named by the message.
 */
#include "celltriage/decode.h"
#include "celltriage/per.h"
#include "nas_common.h"

/* §9.3.6 protocol IE ids. The RAB lists whose items are
 * SEQUENCE { rAB-ID BIT STRING (8), cause Cause, iE-Extensions OPTIONAL, ... }:
 * each list id and its item's id. */
enum { IE_CAUSE = 4, IE_NAS_PDU = 16 };
static const struct { uint16_t list, item; } rab_cause_lists[] = {
	{ 35, 34 }, /* RAB-FailedList: RAB-FailedItem (RAB Assignment Response) */
	{ 39, 34 }, /* RAB-ReleaseFailedList: RAB-FailedItem */
	{ 41, 40 }, /* RAB-ReleaseList: RAB-ReleaseItem (RAB Assignment Request, RAB Release Request) */
	{ 72, 71 }, /* RAB-FailedtoReportList: RAB-FailedtoReportItem */
	{ 85, 84 }, /* RAB-ContextFailedtoTransferList */
};

/* §9.2.1.4, names as the ASN.1 spells them. */
static const struct ct_name radio_network[] = {
	{ 1, "rab-pre-empted" },
	{ 2, "trelocoverall-expiry" },
	{ 3, "trelocprep-expiry" },
	{ 4, "treloccomplete-expiry" },
	{ 5, "tqueing-expiry" },
	{ 6, "relocation-triggered" },
	{ 7, "trellocalloc-expiry" },
	{ 8, "unable-to-establish-during-relocation" },
	{ 9, "unknown-target-rnc" },
	{ 10, "relocation-cancelled" },
	{ 11, "successful-relocation" },
	{ 12, "requested-ciphering-and-or-integrity-protection-algorithms-not-supported" },
	{ 13, "conflict-with-already-existing-integrity-protection-and-or-ciphering-information" },
	{ 14, "failure-in-the-radio-interface-procedure" },
	{ 15, "release-due-to-utran-generated-reason" },
	{ 16, "user-inactivity" },
	{ 17, "time-critical-relocation" },
	{ 18, "requested-traffic-class-not-available" },
	{ 19, "invalid-rab-parameters-value" },
	{ 20, "requested-maximum-bit-rate-not-available" },
	{ 21, "requested-guaranteed-bit-rate-not-available" },
	{ 22, "requested-transfer-delay-not-achievable" },
	{ 23, "invalid-rab-parameters-combination" },
	{ 24, "condition-violation-for-sdu-parameters" },
	{ 25, "condition-violation-for-traffic-handling-priority" },
	{ 26, "condition-violation-for-guaranteed-bit-rate" },
	{ 27, "user-plane-versions-not-supported" },
	{ 28, "iu-up-failure" },
	{ 29, "relocation-failure-in-target-CN-RNC-or-target-system" },
	{ 30, "invalid-RAB-ID" },
	{ 31, "no-remaining-rab" },
	{ 32, "interaction-with-other-procedure" },
	{ 33, "requested-maximum-bit-rate-for-dl-not-available" },
	{ 34, "requested-maximum-bit-rate-for-ul-not-available" },
	{ 35, "requested-guaranteed-bit-rate-for-dl-not-available" },
	{ 36, "requested-guaranteed-bit-rate-for-ul-not-available" },
	{ 37, "repeated-integrity-checking-failure" },
	{ 38, "requested-request-type-not-supported" },
	{ 39, "request-superseded" },
	{ 40, "release-due-to-UE-generated-signalling-connection-release" },
	{ 41, "resource-optimisation-relocation" },
	{ 42, "requested-information-not-available" },
	{ 43, "relocation-desirable-for-radio-reasons" },
	{ 44, "relocation-not-supported-in-target-RNC-or-target-system" },
	{ 45, "directed-retry" },
	{ 46, "radio-connection-with-UE-Lost" },
	{ 47, "rNC-unable-to-establish-all-RFCs" },
	{ 48, "deciphering-keys-not-available" },
	{ 49, "dedicated-assistance-data-not-available" },
	{ 50, "relocation-target-not-allowed" },
	{ 51, "location-reporting-congestion" },
	{ 52, "reduce-load-in-serving-cell" },
	{ 53, "no-radio-resources-available-in-target-cell" },
	{ 54, "gERAN-Iumode-failure" },
	{ 55, "access-restricted-due-to-shared-networks" },
	{ 56, "incoming-relocation-not-supported-due-to-PUESBINE-feature" },
	{ 57, "traffic-load-in-the-target-cell-higher-than-in-the-source-cell" },
	{ 58, "mBMS-no-multicast-service-for-this-UE" },
	{ 59, "mBMS-unknown-UE-ID" },
	{ 60, "successful-MBMS-session-start-no-data-bearer-necessary" },
	{ 61, "mBMS-superseded-due-to-NNSF" },
	{ 62, "mBMS-UE-linking-already-done" },
	{ 63, "mBMS-UE-de-linking-failure-no-existing-UE-linking" },
	{ 64, "tMGI-unknown" },
	{ 0, NULL }
};

static const struct ct_name transmission[] = {
	{ 65, "signalling-transport-resource-failure" },
	{ 66, "iu-transport-connection-failed-to-establish" },
	{ 0, NULL }
};

static const struct ct_name nas[] = {
	{ 81, "user-restriction-start-indication" },
	{ 82, "user-restriction-end-indication" },
	{ 83, "normal-release" },
	{ 84, "csg-subscription-expiry" },
	{ 0, NULL }
};

static const struct ct_name protocol[] = {
	{ 97, "transfer-syntax-error" },
	{ 98, "semantic-error" },
	{ 99, "message-not-compatible-with-receiver-state" },
	{ 100, "abstract-syntax-error-reject" },
	{ 101, "abstract-syntax-error-ignore-and-notify" },
	{ 102, "abstract-syntax-error-falsely-constructed-message" },
	{ 0, NULL }
};

static const struct ct_name misc[] = {
	{ 113, "om-intervention" },
	{ 114, "no-resource-available" },
	{ 115, "unspecified-failure" },
	{ 116, "network-optimisation" },
	{ 0, NULL }
};

const struct ct_name *
ct_ranap_cause_table(enum ct_cause_group g)
{
	switch (g) {
	case CT_CG_RADIO_NETWORK: return radio_network;
	case CT_CG_TRANSPORT: return transmission;
	case CT_CG_NAS: return nas;
	case CT_CG_PROTOCOL: return protocol;
	case CT_CG_MISC: return misc;
	default: return NULL;
	}
}

/* §9.3.4 procedure codes; the message of each PDU kind (initiating,
 * successful, unsuccessful, outcome). */
static const struct ct_ap_proc procs[] = {
	{ 0, { "RAB-AssignmentRequest", NULL, NULL, "RAB-AssignmentResponse" } },
	{ 1, { "Iu-ReleaseCommand", "Iu-ReleaseComplete", NULL, NULL } },
	{ 2, { "RelocationRequired", "RelocationCommand", "RelocationPreparationFailure", NULL } },
	{ 3, { "RelocationRequest", "RelocationRequestAcknowledge", "RelocationFailure", NULL } },
	{ 4, { "RelocationCancel", "RelocationCancelAcknowledge", NULL, NULL } },
	{ 5, { "SRNS-ContextRequest", "SRNS-ContextResponse", NULL, NULL } },
	{ 6, { "SecurityModeCommand", "SecurityModeComplete", "SecurityModeReject", NULL } },
	{ 7, { "DataVolumeReportRequest", "DataVolumeReport", NULL, NULL } },
	{ 9, { "Reset", "ResetAcknowledge", NULL, NULL } },
	{ 10, { "RAB-ReleaseRequest", NULL, NULL, NULL } },
	{ 11, { "Iu-ReleaseRequest", NULL, NULL, NULL } },
	{ 12, { "RelocationDetect", NULL, NULL, NULL } },
	{ 13, { "RelocationComplete", NULL, NULL, NULL } },
	{ 14, { "Paging", NULL, NULL, NULL } },
	{ 15, { "CommonID", NULL, NULL, NULL } },
	{ 16, { "CN-InvokeTrace", NULL, NULL, NULL } },
	{ 17, { "LocationReportingControl", NULL, NULL, NULL } },
	{ 18, { "LocationReport", NULL, NULL, NULL } },
	{ 19, { "InitialUE-Message", NULL, NULL, NULL } },
	{ 20, { "DirectTransfer", NULL, NULL, NULL } },
	{ 21, { "Overload", NULL, NULL, NULL } },
	{ 22, { "ErrorIndication", NULL, NULL, NULL } },
	{ 23, { "SRNS-DataForwardCommand", NULL, NULL, NULL } },
	{ 24, { "ForwardSRNS-Context", NULL, NULL, NULL } },
	{ 25, { "PrivateMessage", NULL, NULL, NULL } },
	{ 26, { "CN-DeactivateTrace", NULL, NULL, NULL } },
	{ 27, { "ResetResource", "ResetResourceAcknowledge", NULL, NULL } },
	{ 28, { "RANAP-RelocationInformation", NULL, NULL, NULL } },
	{ 29, { "RAB-ModifyRequest", NULL, NULL, NULL } },
	{ 30, { "LocationRelatedDataRequest", "LocationRelatedDataResponse", "LocationRelatedDataFailure", NULL } },
	{ 31, { "InformationTransferIndication", "InformationTransferConfirmation", "InformationTransferFailure", NULL } },
	{ 32, { "UESpecificInformationIndication", NULL, NULL, NULL } },
	{ 33, { "UplinkInformationExchangeRequest", "UplinkInformationExchangeResponse", "UplinkInformationExchangeFailure", NULL } },
	{ 34, { "DirectInformationTransfer", NULL, NULL, NULL } },
	{ 43, { "EnhancedRelocationCompleteRequest", "EnhancedRelocationCompleteResponse", "EnhancedRelocationCompleteFailure", NULL } },
	{ 46, { "SRVCC-CSKeysRequest", "SRVCC-CSKeysResponse", NULL, NULL } },
	{ 48, { "UeRegistrationQueryRequest", "UeRegistrationQueryResponse", NULL, NULL } },
	{ 49, { "RerouteNASRequest", NULL, NULL, NULL } },
};

/* Cause: CHOICE of 6 root alternatives and one extension, each a
 * constrained INTEGER (value ranges above). */
static void
decode_cause(struct ct_cur *v, struct ct_dissect *d)
{
	static const struct { uint32_t lo, hi; enum ct_cause_group g; } alts[7] = {
		{ 1, 64, CT_CG_RADIO_NETWORK }, { 65, 80, CT_CG_TRANSPORT },
		{ 81, 96, CT_CG_NAS }, { 97, 112, CT_CG_PROTOCOL }, { 113, 128, CT_CG_MISC },
		{ 129, 256, CT_CG_NON_STANDARD }, { 257, 512, CT_CG_RADIO_NETWORK_EXT }
	};
	uint32_t alt = ct_per_enum(v, 6, 1);
	uint64_t value;

	if (!ct_cur_ok(v))
		return;
	if (alt > 6) {
		ct_cur_invalid(v); /* only one extension alternative is defined */
		return;
	}
	if (alt == 6) {
		struct ct_cur ext;

		if (ct_per_open_type(v, &ext) != CT_DEC_OK)
			return;
		value = ct_per_constrained(&ext, alts[6].lo, alts[6].hi);
		if (!ct_cur_ok(&ext)) {
			ct_cur_invalid(v);
			return;
		}
	} else {
		value = ct_per_constrained(v, alts[alt].lo, alts[alt].hi);
		if (!ct_cur_ok(v))
			return;
	}
	ct_dissect_add_cause(d, CT_FAM_RANAP, alts[alt].g, (uint32_t)value, NULL);
}

/*
 * RAB-FailedList ::= SEQUENCE (SIZE (1..256)) OF ProtocolIE-Container
 *   (each of one IE, id-RAB-FailedItem: SEQUENCE { rAB-ID BIT STRING (8),
 *    cause Cause, iE-Extensions OPTIONAL, ... }); the other lists of
 *   rab_cause_lists alike.
 */
static void
decode_rab_list(struct ct_cur *v, unsigned item_id, struct ct_dissect *d)
{
	unsigned n = (unsigned)ct_per_constrained(v, 1, 256);

	for (unsigned i = 0; i < n && ct_cur_ok(v); i++) {
		unsigned count = (unsigned)ct_per_constrained(v, 0, 65535);

		for (unsigned k = 0; k < count && ct_cur_ok(v); k++) {
			unsigned id = (unsigned)ct_per_constrained(v, 0, 65535);
			struct ct_cur item;

			(void)ct_per_enum(v, 3, 0);
			if (ct_per_open_type(v, &item) != CT_DEC_OK)
				return;
			if (id != item_id)
				continue;
			(void)ct_per_bit(&item); /* extension */
			(void)ct_per_bit(&item); /* iE-Extensions present */
			(void)ct_cur_bits(&item, 8); /* rAB-ID */
			decode_cause(&item, d);
			if (item.invalid)
				ct_cur_invalid(v);
		}
	}
}

static enum ct_dec_status
decode_ie(unsigned id, struct ct_cur *v, struct ct_dissect *d)
{
	struct ct_cur pdu;

	switch (id) {
	case IE_CAUSE:
		decode_cause(v, d);
		break;
	case IE_NAS_PDU: /* OCTET STRING */
		if (ct_per_octets(v, &pdu) == CT_DEC_OK)
			(void)ct_nas_inner(&pdu, d, ct_decode_gsm_l3);
		break;
	default:
		for (size_t i = 0; i < sizeof(rab_cause_lists) / sizeof(rab_cause_lists[0]); i++)
			if (rab_cause_lists[i].list == id)
				decode_rab_list(v, rab_cause_lists[i].item, d);
		break;
	}
	return CT_DEC_OK;
}

enum ct_dec_status
ct_decode_ranap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	static const struct ct_ap_def def = {
		"ranap", "RANAP", procs, sizeof(procs) / sizeof(procs[0]), 25, decode_ie, 4
	};

	return ct_per_ap_decode(p, len, d, &def);
}
