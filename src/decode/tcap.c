/*
 * tcap.c — Transaction Capabilities Application Part, ITU-T Q.773 (06/97)
 * §4 (BER, X.690), with the error codes of MAP (3GPP TS 29.002 v17
 * §17.6.6) and CAMEL (TS 29.078 v17 §5.3) in its returnError components.
 *
 *   TCMessage ::= CHOICE {
 *     unidirectional [APPLICATION 1] 0x61, begin [APPLICATION 2] 0x62,
 *     end [APPLICATION 4] 0x64, continue [APPLICATION 5] 0x65,
 *     abort [APPLICATION 7] 0x67 }
 *   inside: otid [APPLICATION 8] 0x48, dtid [APPLICATION 9] 0x49,
 *     p-abortCause [APPLICATION 10] 0x4a (Abort, from the provider),
 *     dialoguePortion [APPLICATION 11] 0x6b: EXTERNAL { OID, [0] dialogue PDU:
 *       AARQ [APPLICATION 0] 0x60, AARE [APPLICATION 1] 0x61,
 *       ABRT [APPLICATION 4] 0x64 { abort-source [0] 0x80, ... } },
 *     components [APPLICATION 12] 0x6c: SEQUENCE OF Component:
 *       invoke [1] 0xa1, returnResultLast [2] 0xa2, returnError [3] 0xa3
 *       { invokeID INTEGER, errorCode CHOICE { local INTEGER, global OID },
 *         parameter ANY OPTIONAL }, reject [4] 0xa4, returnResultNotLast [7] 0xa7
 *
 * Reported: every returnError's local error code (family map, or camel when
 * the SCCP subsystem is 146, the gsmSCF's CAP), the P-Abort cause (tcap
 * p-abort) and the abort-source of a dialogue ABRT in a TC-U-ABORT (tcap
 * u-abort). Global (OID) error codes are not named. ANSI TCAP (T1.114,
 * private tags 0xe1-0xe6 and 0xf6) goes to ansi_tcap.c, chosen by that
 * first tag whatever the MTP3 variant.
 *
 * Identities: otid and dtid (CT_ID_TCAP_TID, hex), which tie a dialogue's
 * Begin, Continue and End together, and the IMSI an invoke of a MAP
 * operation that starts with one carries (the table below), so that the
 * error answering it reaches the subscriber.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "bcd.h"
#include "ss7.h"

#define MAX_ELEMENTS 16    /* elements looked at per constructed value */
#define MAX_COMPONENTS 32  /* components per message */
enum { SSN_CAMEL = 146 };

/* TS 29.002 §17.6.6 (MAP-Errors), local values. */
static const struct ct_name map_errors[] = {
	{ 1, "unknownSubscriber" },
	{ 2, "unknownBaseStation" },
	{ 3, "unknownMSC" },
	{ 4, "secureTransportError" },
	{ 5, "unidentifiedSubscriber" },
	{ 6, "absentSubscriberSM" },
	{ 7, "unknownEquipment" },
	{ 8, "roamingNotAllowed" },
	{ 9, "illegalSubscriber" },
	{ 10, "bearerServiceNotProvisioned" },
	{ 11, "teleserviceNotProvisioned" },
	{ 12, "illegalEquipment" },
	{ 13, "callBarred" },
	{ 14, "forwardingViolation" },
	{ 15, "cug-Reject" },
	{ 16, "illegalSS-Operation" },
	{ 17, "ss-ErrorStatus" },
	{ 18, "ss-NotAvailable" },
	{ 19, "ss-SubscriptionViolation" },
	{ 20, "ss-Incompatibility" },
	{ 21, "facilityNotSupported" },
	{ 22, "ongoingGroupCall" },
	{ 23, "invalidTargetBaseStation" },
	{ 24, "noRadioResourceAvailable" },
	{ 25, "noHandoverNumberAvailable" },
	{ 26, "subsequentHandoverFailure" },
	{ 27, "absentSubscriber" },
	{ 28, "incompatibleTerminal" },
	{ 29, "shortTermDenial" },
	{ 30, "longTermDenial" },
	{ 31, "subscriberBusyForMT-SMS" },
	{ 32, "sm-DeliveryFailure" },
	{ 33, "messageWaitingListFull" },
	{ 34, "systemFailure" },
	{ 35, "dataMissing" },
	{ 36, "unexpectedDataValue" },
	{ 37, "pw-RegistrationFailure" },
	{ 38, "negativePW-Check" },
	{ 39, "noRoamingNumberAvailable" },
	{ 40, "tracingBufferFull" },
	{ 42, "targetCellOutsideGroupCallArea" },
	{ 43, "numberOfPW-AttemptsViolation" },
	{ 44, "numberChanged" },
	{ 45, "busySubscriber" },
	{ 46, "noSubscriberReply" },
	{ 47, "forwardingFailed" },
	{ 48, "or-NotAllowed" },
	{ 49, "ati-NotAllowed" },
	{ 50, "noGroupCallNumberAvailable" },
	{ 51, "resourceLimitation" },
	{ 52, "unauthorizedRequestingNetwork" },
	{ 53, "unauthorizedLCSClient" },
	{ 54, "positionMethodFailure" },
	{ 58, "unknownOrUnreachableLCSClient" },
	{ 59, "mm-EventNotSupported" },
	{ 60, "atsi-NotAllowed" },
	{ 61, "atm-NotAllowed" },
	{ 62, "informationNotAvailable" },
	{ 71, "unknownAlphabet" },
	{ 72, "ussd-Busy" },
	{ 0, NULL }
};

/* TS 29.078 §5.3 (CAP-errorcodes). */
static const struct ct_name camel_errors[] = {
	{ 0, "canceled" },
	{ 1, "cancelFailed" },
	{ 3, "eTCFailed" },
	{ 4, "improperCallerResponse" },
	{ 6, "missingCustomerRecord" },
	{ 7, "missingParameter" },
	{ 8, "parameterOutOfRange" },
	{ 10, "requestedInfoError" },
	{ 11, "systemFailure" },
	{ 12, "taskRefused" },
	{ 13, "unavailableResource" },
	{ 14, "unexpectedComponentSequence" },
	{ 15, "unexpectedDataValue" },
	{ 16, "unexpectedParameter" },
	{ 17, "unknownLegID" },
	{ 50, "unknownPDPID" },
	{ 51, "unknownCSID" },
	{ 0, NULL }
};

/* Q.773 §4.2.1 P-AbortCause; §4.2.2 (Q.773 dialogue portion) ABRT-source. */
static const struct ct_name p_abort[] = {
	{ 0, "unrecognizedMessageType" },
	{ 1, "unrecognizedTransactionID" },
	{ 2, "badlyFormattedTransactionPortion" },
	{ 3, "incorrectTransactionPortion" },
	{ 4, "resourceLimitation" },
	{ 0, NULL }
};
static const struct ct_name abort_source[] = {
	{ 0, "dialogue-service-user" },
	{ 1, "dialogue-service-provider" },
	{ 0, NULL }
};

const struct ct_name *
ct_map_error_table(void)
{
	return map_errors;
}

const struct ct_name *
ct_camel_error_table(void)
{
	return camel_errors;
}

const struct ct_name *
ct_tcap_cause_table(enum ct_cause_group g)
{
	return g == CT_CG_P_ABORT ? p_abort : g == CT_CG_U_ABORT ? abort_source : NULL;
}

static const struct ct_name msg_names[] = {
	{ 0x61, "TCAP Unidirectional" }, { 0x62, "TCAP Begin" }, { 0x64, "TCAP End" },
	{ 0x65, "TCAP Continue" }, { 0x67, "TCAP Abort" }, { 0, NULL }
};

/* TS 29.002 §17.6: the MAP operations whose argument starts with the
 * subscriber's IMSI, and how: the argument is the IMSI itself (0x04), or a
 * SEQUENCE (0x30) or [3] SEQUENCE (0xa3) whose first element is the IMSI,
 * universal (0x04) or [0] IMPLICIT (0x80). */
static const uint8_t imsi_ops[] = {
	2,  /* updateLocation: SEQUENCE { imsi IMSI, ... } */
	7,  /* insertSubscriberData: SEQUENCE { imsi [0] IMPLICIT IMSI OPTIONAL, ... } */
	8,  /* deleteSubscriberData: SEQUENCE { imsi [0] IMPLICIT IMSI, ... } */
	23, /* updateGprsLocation: SEQUENCE { imsi IMSI, ... } */
	56, /* sendAuthenticationInfo: v2 IMSI, v3 SEQUENCE { imsi [0] IMPLICIT IMSI, ... } */
	67, /* purgeMS: [3] SEQUENCE { imsi IMSI, ... } */
};

static void
imsi_of(struct ct_cur *v, struct ct_dissect *d)
{
	char digits[24];
	int n = ct_bcd_digits(v->p + v->off, ct_cur_left(v), 0, digits, sizeof(digits));

	if (n >= 6 && n <= 15) /* TS 23.003 §2.2: at most 15 digits */
		ct_dissect_add_id(d, CT_ID_IMSI, digits);
}

/* invoke: invokeID, linkedID [0] OPTIONAL, opcode (local), argument. */
static void
invoke(struct ct_cur *c, unsigned ssn, struct ct_dissect *d)
{
	struct ct_ber t, first;
	int32_t op = -1;
	int known = 0;

	if (ssn == SSN_CAMEL)
		return; /* CAP arguments carry no IMSI first */
	for (int n = 0; n < 4 && ct_ber_next(c, &t); n++) {
		if (t.id == 0x02 && n > 0 && op < 0) { /* the local operation code */
			if (!ct_ber_int(&t.val, &op))
				return;
			for (size_t i = 0; i < sizeof(imsi_ops); i++)
				known |= op == imsi_ops[i];
			continue;
		}
		if (!known || op < 0 || t.id == 0x80)
			continue;
		if (t.id == 0x04) {
			imsi_of(&t.val, d);
		} else if ((t.id == 0x30 || t.id == 0xa3) && ct_ber_next(&t.val, &first) &&
			   (first.id == 0x04 || first.id == 0x80)) {
			imsi_of(&first.val, d);
		}
		return;
	}
}

/* A transaction id (1-4 octets, Q.773 §4.2.1) as an identity. */
static void
tid(struct ct_cur *v, struct ct_dissect *d)
{
	size_t n = ct_cur_left(v);
	uint32_t id = 0;

	if (n == 0 || n > 4)
		return;
	for (size_t i = 0; i < n; i++)
		id = id << 8 | ct_cur_u8(v);
	ct_dissect_add_hex(d, CT_ID_TCAP_TID, id, (unsigned)(2 * n));
}

/* returnError: invokeID, errorCode (local INTEGER or global OID), parameter. */
static void
return_error(struct ct_cur *c, unsigned ssn, struct ct_dissect *d)
{
	struct ct_ber t;
	int32_t code;

	if (!ct_ber_next(c, &t) || t.id != 0x02) { /* invokeID */
		ct_cur_invalid(c);
		return;
	}
	if (!ct_ber_next(c, &t)) {
		ct_cur_invalid(c);
		return;
	}
	if (t.id == 0x06) /* global: an OID, not named */
		return;
	if (t.id != 0x02 || !ct_ber_int(&t.val, &code) || code < 0) {
		ct_cur_invalid(c);
		return;
	}
	ct_dissect_add_cause(d, ssn == SSN_CAMEL ? CT_FAM_CAMEL : CT_FAM_MAP, CT_CG_NONE,
			     (uint32_t)code, ssn == SSN_CAMEL ? "CAMEL returnError" : "MAP returnError");
}

static void
components(struct ct_cur *c, unsigned ssn, struct ct_dissect *d)
{
	struct ct_ber t;

	for (int n = 0; n < MAX_COMPONENTS && ct_ber_next(c, &t); n++) {
		if (t.id == 0xa3)
			return_error(&t.val, ssn, d);
		else if (t.id == 0xa1)
			invoke(&t.val, ssn, d);
	}
}

/* A dialogue portion: EXTERNAL { direct-reference, single-ASN1-type [0] { PDU } }. */
static void
dialogue(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_ber ext, t, pdu, f;

	if (!ct_ber_next(c, &ext) || ext.id != 0x28)
		return;
	for (int n = 0; n < MAX_ELEMENTS && ct_ber_next(&ext.val, &t); n++) {
		if (t.id != 0xa0 || !ct_ber_next(&t.val, &pdu))
			continue;
		if (pdu.id != 0x64) /* only ABRT tells why a dialogue ended */
			return;
		for (int k = 0; k < MAX_ELEMENTS && ct_ber_next(&pdu.val, &f); k++) {
			int32_t src;

			if (f.id == 0x80 && ct_ber_int(&f.val, &src) && src >= 0)
				ct_dissect_add_cause(d, CT_FAM_TCAP, CT_CG_U_ABORT, (uint32_t)src,
						     "TCAP Abort");
		}
		return;
	}
}

enum ct_dec_status
ct_decode_tcap(const uint8_t *p, size_t len, unsigned ssn, struct ct_dissect *d)
{
	struct ct_cur c;
	struct ct_ber msg, t;
	const char *name;

	ct_cur_init(&c, p, len);
	d->protocol = "tcap";
	if (ct_tcap_is_ansi(p, len))
		return ct_decode_ansi_tcap(p, len, d);
	if (!ct_ber_next(&c, &msg))
		return ct_cur_status(&c) == CT_DEC_OK ? CT_DEC_TRUNCATED : ct_cur_status(&c);
	name = ct_name_of(msg_names, msg.id);
	if (!name) {
		ct_dissect_set_message(d, "TCAP message");
		return CT_DEC_MALFORMED;
	}
	ct_dissect_set_message(d, name);
	d->procedure = msg.id;
	d->is_request = msg.id == 0x62;
	for (int n = 0; n < MAX_ELEMENTS && ct_ber_next(&msg.val, &t); n++) {
		int32_t cause;

		switch (t.id) {
		case 0x48: /* otid */
		case 0x49: /* dtid */
			tid(&t.val, d);
			break;
		case 0x4a: /* p-abortCause */
			if (ct_ber_int(&t.val, &cause) && cause >= 0)
				ct_dissect_add_cause(d, CT_FAM_TCAP, CT_CG_P_ABORT, (uint32_t)cause, NULL);
			break;
		case 0x6b:
			dialogue(&t.val, d);
			break;
		case 0x6c:
			components(&t.val, ssn, d);
			if (t.val.invalid)
				return CT_DEC_MALFORMED;
			break;
		default:
			break;
		}
		if (t.val.invalid)
			return CT_DEC_MALFORMED;
	}
	if (!ct_cur_ok(&msg.val))
		return ct_cur_status(&msg.val);
	return ct_cur_status(&c);
}
