/*
 * ansi_tcap.c — ANSI Transaction Capabilities, ANSI T1.114 (2000) §3
 * (BER, X.690, private-class tags), with the error codes of ANSI-41 MAP
 * (TIA/EIA-41-D §6.4.1.2 Error Code) in its Return Error components.
 *
 *   PackageType (private, constructed):
 *     0xe1 Unidirectional, 0xe2 QueryWithPermission,
 *     0xe3 QueryWithoutPermission, 0xe4 Response,
 *     0xe5 ConversationWithPermission, 0xe6 ConversationWithoutPermission,
 *     0xf6 Abort
 *   inside: | 0xc7 TransactionID: 0, 4 (originating or responding) or 8
 *     (both) octets | 0xf9 DialoguePortion OPTIONAL | 0xe8 ComponentSequence |
 *     (Abort:) 0xd7 P-Abort cause, or 0xd8 / 0xf8 user abort information
 *   Component (T1.114 §3.2.4): 0xe9 InvokeLast, 0xed InvokeNotLast,
 *     0xea ReturnResultLast, 0xee ReturnResultNotLast, 0xeb ReturnError,
 *     0xec Reject: | 0xcf ComponentIDs | operation code 0xd0 national /
 *     0xd1 private, or error code 0xd3 national / 0xd4 private, or 0xd5
 *     problem code | parameters 0xf2 set / 0x30 sequence |
 *
 * Reported: every Return Error's private error code (family ansi-map: the
 * TIA/EIA-41 values 0x81-0x8c), its national one (ansi-map, group
 * national: not named, a network's own), and the Abort's P-Abort cause
 * (tcap, group ansi-p-abort: T1.114's values, which are not Q.773's).
 * Reject problem codes are not reported (the protocol error is the
 * peer's, not the subscriber's).
 *
 * Identities: the transaction ids (CT_ID_TCAP_TID, 8 hex digits each), which
 * tie a query to its response, and the IMSI an ANSI-41 parameter set
 * carries (TIA/EIA-41 IMSI, parameter identifier [242], TBCD as in
 * TS 29.002), so that the error answering it reaches the subscriber.
 *
 * Chosen by the first octet (ct_decode_tcap hands such a message here),
 * not by the MTP3 variant: ANSI TCAP also runs over ITU networks.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "bcd.h"
#include "ss7.h"

#define MAX_ELEMENTS 16    /* elements looked at per constructed value */
#define MAX_COMPONENTS 32  /* components per package */
#define MAX_PARAMS 32      /* parameters looked at in a set */

enum {
	PKG_UNI = 0xe1, PKG_QWP = 0xe2, PKG_QWOP = 0xe3, PKG_RESP = 0xe4,
	PKG_CWP = 0xe5, PKG_CWOP = 0xe6, PKG_ABORT = 0xf6
};

static const struct ct_name msg_names[] = {
	{ PKG_UNI, "ANSI TCAP Unidirectional" },
	{ PKG_QWP, "ANSI TCAP QueryWithPerm" },
	{ PKG_QWOP, "ANSI TCAP QueryWithoutPerm" },
	{ PKG_RESP, "ANSI TCAP Response" },
	{ PKG_CWP, "ANSI TCAP ConversationWithPerm" },
	{ PKG_CWOP, "ANSI TCAP ConversationWithoutPerm" },
	{ PKG_ABORT, "ANSI TCAP Abort" },
	{ 0, NULL }
};

/* TIA/EIA-41-D §6.4.1.2: the Error Code (TCAP private error codes), named
 * as the ANSI-41 ASN.1 module names them. */
static const struct ct_name ansi_map_errors[] = {
	{ 0x81, "unrecognized-MIN" },
	{ 0x82, "unrecognized-ESN" },
	{ 0x83, "mINorHLR-Mismatch" },
	{ 0x84, "operation-Sequence-Problem" },
	{ 0x85, "resource-Shortage" },
	{ 0x86, "operation-Not-Supported" },
	{ 0x87, "trunk-Unavailable" },
	{ 0x88, "parameter-Error" },
	{ 0x89, "system-Failure" },
	{ 0x8a, "unrecognized-Parameter-Value" },
	{ 0x8b, "feature-Inactive" },
	{ 0x8c, "missing-Parameter" },
	{ 0, NULL }
};

/* T1.114 §3.2.3 P-Abort Cause. */
static const struct ct_name p_abort[] = {
	{ 1, "unrecognizedPackageType" },
	{ 2, "incorrectTransactionPortion" },
	{ 3, "badlyStructuredTransactionPortion" },
	{ 4, "unassignedRespondingTransactionID" },
	{ 5, "permissionToReleaseProblem" },
	{ 6, "resourceUnavailable" },
	{ 7, "unrecognizedDialoguePortionID" },
	{ 8, "badlyStructuredDialoguePortion" },
	{ 9, "missingDialoguePortion" },
	{ 10, "inconsistentDialoguePortion" },
	{ 0, NULL }
};

const struct ct_name *
ct_ansi_map_error_table(enum ct_cause_group g)
{
	return g == CT_CG_NONE ? ansi_map_errors : NULL;
}

const struct ct_name *
ct_ansi_tcap_p_abort_table(void)
{
	return p_abort;
}

/* An unsigned value of 1-4 octets (T1.114 codes the error codes, P-Abort
 * cause and ids as octets, not as two's complement INTEGERs). */
static int
uval(struct ct_cur *v, uint32_t *out)
{
	size_t n = ct_cur_left(v);
	uint32_t x = 0;

	if (n == 0 || n > 4) {
		ct_cur_invalid(v);
		return 0;
	}
	while (n--)
		x = x << 8 | ct_cur_u8(v);
	*out = x;
	return ct_cur_ok(v);
}

/* TransactionID: none, one 4-octet id, or the originating and responding
 * ids (T1.114 §3.2.2). Each is an identity. */
static void
transaction_ids(struct ct_cur *v, struct ct_dissect *d)
{
	size_t n = ct_cur_left(v);

	if (n != 4 && n != 8)
		return;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t id = ct_cur_be32(v);

		if (ct_cur_ok(v))
			ct_dissect_add_hex(d, CT_ID_TCAP_TID, id, 8);
	}
}

/* The IMSI parameter of an ANSI-41 parameter set: identifier [242]
 * context-specific primitive, high-tag form (0x9f 0x81 0x72). */
static void
parameters(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_ber t;

	for (int n = 0; n < MAX_PARAMS && ct_ber_next(c, &t); n++) {
		char digits[24];
		int nd;

		if (t.cls != 2 || t.constructed || t.tag != 242)
			continue;
		nd = ct_bcd_digits(t.val.p + t.val.off, ct_cur_left(&t.val), 0, digits,
				   sizeof(digits));
		if (nd >= 6 && nd <= 15) /* TS 23.003 §2.2: at most 15 digits */
			ct_dissect_add_id(d, CT_ID_IMSI, digits);
		return;
	}
}

/* One component: its error code when a Return Error, the IMSI of its
 * parameters when an Invoke. */
static void
component(struct ct_ber *comp, struct ct_dissect *d)
{
	struct ct_ber t;

	for (int n = 0; n < MAX_ELEMENTS && ct_ber_next(&comp->val, &t); n++) {
		uint32_t code;

		switch (t.id) {
		case 0xd3: /* national error code */
		case 0xd4: /* private error code */
			if (comp->id != 0xeb)
				break;
			if (!uval(&t.val, &code)) {
				ct_cur_invalid(&comp->val);
				return;
			}
			ct_dissect_add_cause(d, CT_FAM_ANSI_MAP,
					     t.id == 0xd3 ? CT_CG_NATIONAL : CT_CG_NONE, code,
					     "ANSI MAP ReturnError");
			break;
		case 0xf2: /* parameter set */
		case 0x30: /* parameter sequence */
			if (comp->id == 0xe9 || comp->id == 0xed)
				parameters(&t.val, d);
			break;
		default:
			break;
		}
	}
}

static void
components(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_ber t;

	for (int n = 0; n < MAX_COMPONENTS && ct_ber_next(c, &t); n++) {
		if (t.id >= 0xe9 && t.id <= 0xee)
			component(&t, d);
		if (t.val.invalid) {
			ct_cur_invalid(c);
			return;
		}
	}
}

enum ct_dec_status
ct_decode_ansi_tcap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	struct ct_ber pkg, t;
	const char *name;

	ct_cur_init(&c, p, len);
	d->protocol = "tcap";
	if (!ct_ber_next(&c, &pkg))
		return ct_cur_status(&c) == CT_DEC_OK ? CT_DEC_TRUNCATED : ct_cur_status(&c);
	name = ct_name_of(msg_names, pkg.id);
	if (!name) {
		ct_dissect_set_message(d, "ANSI TCAP package");
		return CT_DEC_MALFORMED;
	}
	ct_dissect_set_message(d, name);
	d->procedure = pkg.id;
	d->is_request = pkg.id == PKG_QWP || pkg.id == PKG_QWOP;
	for (int n = 0; n < MAX_ELEMENTS && ct_ber_next(&pkg.val, &t); n++) {
		uint32_t cause;

		switch (t.id) {
		case 0xc7: /* TransactionID */
			transaction_ids(&t.val, d);
			break;
		case 0xd7: /* P-Abort cause */
			if (pkg.id == PKG_ABORT && uval(&t.val, &cause))
				ct_dissect_add_cause(d, CT_FAM_TCAP, CT_CG_ANSI_P_ABORT, cause,
						     NULL);
			break;
		case 0xe8: /* ComponentSequence */
			components(&t.val, d);
			break;
		default:   /* dialogue portion, user abort information */
			break;
		}
		if (t.val.invalid)
			return CT_DEC_MALFORMED;
	}
	if (!ct_cur_ok(&pkg.val))
		return ct_cur_status(&pkg.val);
	return ct_cur_status(&c);
}
