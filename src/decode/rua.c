/*
 * rua.c — RANAP User Adaption on Iuh, 3GPP TS 25.468 v17 (ASN.1 aligned
 * PER, SCTP PPID 19): the connections that carry RANAP between a Home
 * Node B and its gateway. The frame is S1AP's (per.h).
 *
 *   RUA-PDU ::= CHOICE { initiatingMessage, successfulOutcome,
 *                        unsuccessfulOutcome, ... }
 *   Connect, DirectTransfer, Disconnect, ConnectionlessTransfer:
 *     | CN-DomainIndicator | Context-ID | ... | RANAP-Message (OCTET STRING) |
 *   Cause (§9.2.1.3) ::= CHOICE { radioNetwork { normal, connect-failed,
 *     network-release, unspecified, ... }, transport, protocol, misc, ... }
 *   reported by enumeration index, as tshark shows it.
 *
 * Decoded: Cause (id 1: Disconnect, Error Indication), Context-ID (id 3,
 * the UE's handle, linked with HNBAP's UE Register Accept), and the RANAP
 * message (id 4) handed to ct_decode_ranap with the same d, so RANAP's
 * causes and the NAS inside come out. The message then is RANAP's when it
 * carried a cause (dissect.h), RUA's otherwise.
 */
#include "celltriage/decode.h"
#include "celltriage/per.h"
#include "iuh.h"
#include "nas_common.h"

enum { IE_CAUSE = 1, IE_CONTEXT_ID = 3, IE_RANAP_MESSAGE = 4 };

static const struct ct_name radio_network[] = {
	{ 0, "normal" },
	{ 1, "connect-failed" },
	{ 2, "network-release" },
	{ 3, "unspecified" },
	{ 0, NULL }
};

const struct ct_name *
ct_rua_cause_table(enum ct_cause_group g)
{
	switch (g) {
	case CT_CG_RADIO_NETWORK: return radio_network;
	case CT_CG_TRANSPORT: return ct_iuh_transport_causes;
	case CT_CG_PROTOCOL: return ct_iuh_protocol_causes;
	case CT_CG_MISC: return ct_iuh_misc_causes;
	default: return NULL;
	}
}

/* §9.3.4 procedure codes (RUA-Constants). */
static const struct ct_ap_proc procs[] = {
	{ 1, { "Connect", NULL, NULL, NULL } },
	{ 2, { "DirectTransfer", NULL, NULL, NULL } },
	{ 3, { "Disconnect", NULL, NULL, NULL } },
	{ 4, { "ConnectionlessTransfer", NULL, NULL, NULL } },
	{ 5, { "ErrorIndication", NULL, NULL, NULL } },
	{ 6, { "PrivateMessage", NULL, NULL, NULL } },
};

static enum ct_dec_status
decode_ie(unsigned id, struct ct_cur *v, struct ct_dissect *d)
{
	static const unsigned nroot[4] = { 4, 2, 7, 4 };
	struct ct_nas_saved s;
	struct ct_cur msg;

	switch (id) {
	case IE_CAUSE:
		ct_iuh_cause(v, d, CT_FAM_RUA, nroot);
		break;
	case IE_CONTEXT_ID:
		ct_iuh_context_id(v, d);
		break;
	case IE_RANAP_MESSAGE: /* OCTET STRING */
		if (ct_per_octets(v, &msg) != CT_DEC_OK)
			break;
		ct_nas_save(d, &s);
		(void)ct_decode_ranap(msg.p, msg.len, d);
		ct_nas_restore(d, &s);
		break;
	default:
		break;
	}
	return CT_DEC_OK;
}

enum ct_dec_status
ct_decode_rua(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	static const struct ct_ap_def def = {
		"rua", "RUA", procs, sizeof(procs) / sizeof(procs[0]), 6, decode_ie, 3
	};

	return ct_per_ap_decode(p, len, d, &def);
}
