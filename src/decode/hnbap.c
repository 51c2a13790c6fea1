/*
 * hnbap.c — Home Node B Application Part on Iuh, 3GPP TS 25.469 v17
 * (ASN.1 aligned PER, SCTP PPID 20), read with per.c: the frame is S1AP's
 * (per.h).
 *
 *   HNBAP-PDU ::= CHOICE { initiatingMessage, successfulOutcome,
 *                          unsuccessfulOutcome, ... }
 *   each: | procedureCode (0..255) | criticality | value: open type |
 *   value: SEQUENCE { protocolIEs: | count (16) | IE: id (16) | crit | open type | ... }
 *
 *   Cause (§9.2.1.2) ::= CHOICE { radioNetwork, transport, protocol,
 *                                 misc, ... }
 *   each an extensible ENUMERATED, reported by its index (as tshark shows
 *   it): radioNetwork 0 overload .. 13 ue-registered-in-another-HNB (14, 15
 *   extensions), transport 0..1, protocol 0..6, misc 0..3.
 *
 * Decoded: Cause (id 1) wherever it stands (HNB Register Reject, UE
 * Register Reject, Error Indication, HNB / UE De-Register); UE-Identity
 * (id 5, §9.2.1.6) when it is an IMSI; Context-ID (id 4, §9.2.1.8), the
 * UE's handle that RUA's messages carry too.
 */
#include "bcd.h"
#include "celltriage/decode.h"
#include "celltriage/per.h"
#include "iuh.h"

enum { IE_CAUSE = 1, IE_CONTEXT_ID = 4, IE_UE_IDENTITY = 5 };

static const struct ct_name radio_network[] = {
	{ 0, "overload" },
	{ 1, "unauthorised-Location" },
	{ 2, "unauthorised-HNB" },
	{ 3, "hNB-parameter-mismatch" },
	{ 4, "invalid-UE-identity" },
	{ 5, "uE-not-allowed-on-this-HNB" },
	{ 6, "uE-unauthorised" },
	{ 7, "connection-with-UE-lost" },
	{ 8, "ue-RRC-release" },
	{ 9, "hNB-not-registered" },
	{ 10, "unspecified" },
	{ 11, "normal" },
	{ 12, "uE-relocated" },
	{ 13, "ue-registered-in-another-HNB" },
	{ 14, "no-neighbour-information-available" },
	{ 15, "iurh-connection-to-that-neighbour-not-Allowed" },
	{ 0, NULL }
};

const struct ct_name ct_iuh_transport_causes[] = {
	{ 0, "transport-resource-unavailable" },
	{ 1, "unspecified" },
	{ 0, NULL }
};

const struct ct_name ct_iuh_protocol_causes[] = {
	{ 0, "transfer-syntax-error" },
	{ 1, "abstract-syntax-error-reject" },
	{ 2, "abstract-syntax-error-ignore-and-notify" },
	{ 3, "message-not-compatible-with-receiver-state" },
	{ 4, "semantic-error" },
	{ 5, "unspecified" },
	{ 6, "abstract-syntax-error-falsely-constructed-message" },
	{ 0, NULL }
};

const struct ct_name ct_iuh_misc_causes[] = {
	{ 0, "processing-overload" },
	{ 1, "hardware-failure" },
	{ 2, "o-and-m-intervention" },
	{ 3, "unspecified" },
	{ 0, NULL }
};

const struct ct_name *
ct_hnbap_cause_table(enum ct_cause_group g)
{
	switch (g) {
	case CT_CG_RADIO_NETWORK: return radio_network;
	case CT_CG_TRANSPORT: return ct_iuh_transport_causes;
	case CT_CG_PROTOCOL: return ct_iuh_protocol_causes;
	case CT_CG_MISC: return ct_iuh_misc_causes;
	default: return NULL;
	}
}

/* §9.3.4 procedure codes (HNBAP-Constants). */
static const struct ct_ap_proc procs[] = {
	{ 1, { "HNBRegisterRequest", "HNBRegisterAccept", "HNBRegisterReject", NULL } },
	{ 2, { "HNBDe-Register", NULL, NULL, NULL } },
	{ 3, { "UERegisterRequest", "UERegisterAccept", "UERegisterReject", NULL } },
	{ 4, { "UEDe-Register", NULL, NULL, NULL } },
	{ 5, { "ErrorIndication", NULL, NULL, NULL } },
	{ 6, { "PrivateMessage", NULL, NULL, NULL } },
	{ 7, { "CSGMembershipUpdate", NULL, NULL, NULL } },
	{ 9, { "TNLUpdateRequest", "TNLUpdateResponse", "TNLUpdateFailure", NULL } },
	{ 10, { "HNBConfigTransferRequest", "HNBConfigTransferResponse", NULL, NULL } },
	{ 11, { "RelocationComplete", NULL, NULL, NULL } },
	{ 14, { "U-RNTIQueryRequest", "U-RNTIQueryResponse", NULL, NULL } },
};

/* The Cause CHOICE of HNBAP and RUA (iuh.h). */
void
ct_iuh_cause(struct ct_cur *v, struct ct_dissect *d, enum ct_family fam, const unsigned nroot[4])
{
	static const enum ct_cause_group groups[4] = {
		CT_CG_RADIO_NETWORK, CT_CG_TRANSPORT, CT_CG_PROTOCOL, CT_CG_MISC
	};
	uint32_t alt = ct_per_enum(v, 4, 1), value;

	if (!ct_cur_ok(v))
		return;
	if (alt >= 4) {
		ct_cur_invalid(v); /* no extension alternative is defined */
		return;
	}
	value = ct_per_enum(v, nroot[alt], 1);
	if (ct_cur_ok(v))
		ct_dissect_add_cause(d, fam, groups[alt], value, NULL);
}

/* Context-ID ::= BIT STRING (SIZE (24)): more than 16 bits, so octet
 * aligned (X.691 16.10); 6 hex digits. */
void
ct_iuh_context_id(struct ct_cur *v, struct ct_dissect *d)
{
	uint32_t ctx;

	ct_cur_align(v);
	ctx = ct_cur_be24(v);
	if (ct_cur_ok(v))
		ct_dissect_add_hex(d, CT_ID_RUA_CTX, ctx, 6);
}

/*
 * UE-Identity ::= CHOICE { iMSI IMSI, tMSILAI, pTMSIRAI, iMEI, eSN,
 *   iMSIDS41, iMSIESN, tMSIDS41, ... }; IMSI ::= OCTET STRING (SIZE (3..8)),
 * TBCD digits (TS 29.002 §17.7.8): a 3-bit length, then the octets, aligned.
 */
static void
ue_identity(struct ct_cur *v, struct ct_dissect *d)
{
	uint32_t alt = ct_per_enum(v, 8, 1);
	const uint8_t *q;
	unsigned n;
	char imsi[20];

	if (!ct_cur_ok(v) || alt != 0)
		return; /* only the IMSI is an identity that links */
	n = (unsigned)ct_per_constrained(v, 3, 8);
	ct_cur_align(v);
	q = ct_cur_bytes(v, n);
	/* TS 23.003 §2.2: at most 15 digits; more is not an IMSI */
	if (q && (unsigned)(ct_bcd_digits(q, n, 0, imsi, sizeof(imsi)) - 6) <= 15 - 6)
		ct_dissect_add_id(d, CT_ID_IMSI, imsi);
}

static enum ct_dec_status
decode_ie(unsigned id, struct ct_cur *v, struct ct_dissect *d)
{
	static const unsigned nroot[4] = { 14, 2, 7, 4 };

	switch (id) {
	case IE_CAUSE:
		ct_iuh_cause(v, d, CT_FAM_HNBAP, nroot);
		break;
	case IE_CONTEXT_ID:
		ct_iuh_context_id(v, d);
		break;
	case IE_UE_IDENTITY:
		ue_identity(v, d);
		break;
	default:
		break;
	}
	return CT_DEC_OK;
}

enum ct_dec_status
ct_decode_hnbap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	static const struct ct_ap_def def = {
		"hnbap", "HNBAP", procs, sizeof(procs) / sizeof(procs[0]), 6, decode_ie, 3
	};

	return ct_per_ap_decode(p, len, d, &def);
}
