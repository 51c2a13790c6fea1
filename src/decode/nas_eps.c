/*
 * nas_eps.c — EPS NAS: EMM and ESM messages and causes, 3GPP TS 24.301 v17.
 *
 *   EMM, plain (9.3.1, 9.8):            ESM, plain (9.3.2, 9.8):
 *    +-----------+-----------+           +-----------+-----------+
 *    | sec. hdr  | PD = 0111 |  octet 1  | EPS bearer| PD = 0010 |  octet 1
 *    |      message type     |  octet 2  |  procedure transaction |  octet 2
 *    |  IEs ...              |           |      message type     |  octet 3
 *    +-----------------------+           +-----------------------+
 *
 *   Security protected (9.1, security header type 1-4):
 *    | sec. hdr  | PD = 0111 | MAC (4) | SQN (1) | plain NAS message ... |
 *   Types 1 and 3 (integrity only) are decoded through the inner message;
 *   2 and 4 (ciphered) too when the inner bytes decode whole as a plain
 *   message (the null cipher EEA0, nas_common.h ct_nas_null_cipher);
 *   otherwise they are reported as CT_DEC_CIPHERED and d->ciphered.
 *   Type 12 is the short SERVICE REQUEST (9.9.3.28).
 *
 * Identities (EPS mobile identity 9.9.3.12, mobile identity TS 24.008
 * 10.5.1.4) are added as CT_ID_IMSI, CT_ID_IMEI, CT_ID_TMSI (8 hex digits)
 * and CT_ID_GUTI, written "mcc-mnc-mmegi-mmec-mtmsi" with the MME group id
 * (4), MME code (2) and M-TMSI (8) in hex digits: "001-01-0002-01-c0000001".
 *
 * Failures: the causes of a reject, an EMM/ESM status, an authentication
 * failure, a network-initiated detach and an EPS bearer deactivation are
 * judged by the EMM and ESM failure rules (failure.c: every EMM cause is a
 * failure; ESM "regular deactivation" (36) and "reactivation requested"
 * (39) are not); a cause inside an accept (combined attach accepted for EPS
 * only, "PDN type IPv4 only allowed") is informative, never a failure.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "bcd.h"
#include "nas_common.h"
#include "text.h"

#define PD_ESM 0x2
#define PD_EMM 0x7

/* 9.9.3.9 EMM cause. */
static const struct ct_name emm_causes[] = {
	{ 2, "IMSI unknown in HSS" },
	{ 3, "Illegal UE" },
	{ 5, "IMEI not accepted" },
	{ 6, "Illegal ME" },
	{ 7, "EPS services not allowed" },
	{ 8, "EPS services and non-EPS services not allowed" },
	{ 9, "UE identity cannot be derived by the network" },
	{ 10, "Implicitly detached" },
	{ 11, "PLMN not allowed" },
	{ 12, "Tracking Area not allowed" },
	{ 13, "Roaming not allowed in this tracking area" },
	{ 14, "EPS services not allowed in this PLMN" },
	{ 15, "No Suitable Cells In tracking area" },
	{ 16, "MSC temporarily not reachable" },
	{ 17, "Network failure" },
	{ 18, "CS domain not available" },
	{ 19, "ESM failure" },
	{ 20, "MAC failure" },
	{ 21, "Synch failure" },
	{ 22, "Congestion" },
	{ 23, "UE security capabilities mismatch" },
	{ 24, "Security mode rejected, unspecified" },
	{ 25, "Not authorized for this CSG" },
	{ 26, "Non-EPS authentication unacceptable" },
	{ 31, "Redirection to 5GCN required" },
	{ 35, "Requested service option not authorized in this PLMN" },
	{ 39, "CS service temporarily not available" },
	{ 40, "No EPS bearer context activated" },
	{ 42, "Severe network failure" },
	{ 78, "PLMN not allowed to operate at the present UE location" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with the protocol state" },
	{ 99, "Information element non-existent or not implemented" },
	{ 100, "Conditional IE error" },
	{ 101, "Message not compatible with the protocol state" },
	{ 111, "Protocol error, unspecified" },
	{ 0, NULL }
};

/* 9.9.4.4 ESM cause. */
static const struct ct_name esm_causes[] = {
	{ 8, "Operator Determined Barring" },
	{ 26, "Insufficient resources" },
	{ 27, "Missing or unknown APN" },
	{ 28, "Unknown PDN type" },
	{ 29, "User authentication or authorization failed" },
	{ 30, "Request rejected by Serving GW or PDN GW" },
	{ 31, "Request rejected, unspecified" },
	{ 32, "Service option not supported" },
	{ 33, "Requested service option not subscribed" },
	{ 34, "Service option temporarily out of order" },
	{ 35, "PTI already in use" },
	{ 36, "Regular deactivation" },
	{ 37, "EPS QoS not accepted" },
	{ 38, "Network failure" },
	{ 39, "Reactivation requested" },
	{ 41, "Semantic error in the TFT operation" },
	{ 42, "Syntactical error in the TFT operation" },
	{ 43, "Invalid EPS bearer identity" },
	{ 44, "Semantic errors in packet filter(s)" },
	{ 45, "Syntactical errors in packet filter(s)" },
	{ 47, "PTI mismatch" },
	{ 49, "Last PDN disconnection not allowed" },
	{ 50, "PDN type IPv4 only allowed" },
	{ 51, "PDN type IPv6 only allowed" },
	{ 52, "Single address bearers only allowed" },
	{ 53, "ESM information not received" },
	{ 54, "PDN connection does not exist" },
	{ 55, "Multiple PDN connections for a given APN not allowed" },
	{ 56, "Collision with network initiated request" },
	{ 57, "PDN type IPv4v6 only allowed" },
	{ 58, "PDN type non IP only allowed" },
	{ 59, "Unsupported QCI value" },
	{ 60, "Bearer handling not supported" },
	{ 61, "PDN type Ethernet only allowed" },
	{ 65, "Maximum number of EPS bearers reached" },
	{ 66, "Requested APN not supported in current RAT and PLMN combination" },
	{ 81, "Invalid PTI value" },
	{ 95, "Semantically incorrect message" },
	{ 96, "Invalid mandatory information" },
	{ 97, "Message type non-existent or not implemented" },
	{ 98, "Message type not compatible with the protocol state" },
	{ 99, "Information element non-existent or not implemented" },
	{ 100, "Conditional IE error" },
	{ 101, "Message not compatible with the protocol state" },
	{ 111, "Protocol error, unspecified" },
	{ 112, "APN restriction value incompatible with active EPS bearer context" },
	{ 113, "Multiple accesses to a PDN connection not allowed" },
	{ 0, NULL }
};

/* 9.8 Table 9.8.1: EMM message types. */
static const struct ct_name emm_msgs[] = {
	{ 0x41, "Attach request" },
	{ 0x42, "Attach accept" },
	{ 0x43, "Attach complete" },
	{ 0x44, "Attach reject" },
	{ 0x45, "Detach request" },
	{ 0x46, "Detach accept" },
	{ 0x48, "Tracking area update request" },
	{ 0x49, "Tracking area update accept" },
	{ 0x4a, "Tracking area update complete" },
	{ 0x4b, "Tracking area update reject" },
	{ 0x4c, "Extended service request" },
	{ 0x4d, "Control plane service request" },
	{ 0x4e, "Service reject" },
	{ 0x4f, "Service accept" },
	{ 0x50, "GUTI reallocation command" },
	{ 0x51, "GUTI reallocation complete" },
	{ 0x52, "Authentication request" },
	{ 0x53, "Authentication response" },
	{ 0x54, "Authentication reject" },
	{ 0x55, "Identity request" },
	{ 0x56, "Identity response" },
	{ 0x5c, "Authentication failure" },
	{ 0x5d, "Security mode command" },
	{ 0x5e, "Security mode complete" },
	{ 0x5f, "Security mode reject" },
	{ 0x60, "EMM status" },
	{ 0x61, "EMM information" },
	{ 0x62, "Downlink NAS transport" },
	{ 0x63, "Uplink NAS transport" },
	{ 0x64, "CS service notification" },
	{ 0x68, "Downlink generic NAS transport" },
	{ 0x69, "Uplink generic NAS transport" },
	{ 0, NULL }
};

/* 9.8 Table 9.8.2: ESM message types. */
static const struct ct_name esm_msgs[] = {
	{ 0xc1, "Activate default EPS bearer context request" },
	{ 0xc2, "Activate default EPS bearer context accept" },
	{ 0xc3, "Activate default EPS bearer context reject" },
	{ 0xc5, "Activate dedicated EPS bearer context request" },
	{ 0xc6, "Activate dedicated EPS bearer context accept" },
	{ 0xc7, "Activate dedicated EPS bearer context reject" },
	{ 0xc9, "Modify EPS bearer context request" },
	{ 0xca, "Modify EPS bearer context accept" },
	{ 0xcb, "Modify EPS bearer context reject" },
	{ 0xcd, "Deactivate EPS bearer context request" },
	{ 0xce, "Deactivate EPS bearer context accept" },
	{ 0xd0, "PDN connectivity request" },
	{ 0xd1, "PDN connectivity reject" },
	{ 0xd2, "PDN disconnect request" },
	{ 0xd3, "PDN disconnect reject" },
	{ 0xd4, "Bearer resource allocation request" },
	{ 0xd5, "Bearer resource allocation reject" },
	{ 0xd6, "Bearer resource modification request" },
	{ 0xd7, "Bearer resource modification reject" },
	{ 0xd9, "ESM information request" },
	{ 0xda, "ESM information response" },
	{ 0xdb, "Notification" },
	{ 0xdc, "ESM dummy message" },
	{ 0xe8, "ESM status" },
	{ 0xe9, "Remote UE report" },
	{ 0xea, "Remote UE report response" },
	{ 0xeb, "ESM data transport" },
	{ 0, NULL }
};

const struct ct_name *ct_emm_cause_table(void) { return emm_causes; }
const struct ct_name *ct_esm_cause_table(void) { return esm_causes; }

/* Mobile identity type field (TS 24.008 10.5.1.4, TS 24.301 9.9.3.12). */
enum { MI_IMSI = 1, MI_IMEI = 2, MI_IMEISV = 3, MI_TMSI = 4, MI_GUTI = 6 };

/*
 * An EPS mobile identity or a TS 24.008 mobile identity, value part only:
 *   | digit 1 | odd | type |  then digits 2.. low nibble first (IMSI, IMEI)
 *   | 1111    |  0  | 110  |  PLMN (3) MME group (2) MME code (1) M-TMSI (4)
 *   | 1111    |  0  | 100  |  TMSI (4)
 */
static void
mobile_identity(struct ct_cur *v, struct ct_dissect *d)
{
	size_t n = ct_cur_left(v);
	const uint8_t *p = ct_cur_bytes(v, n);
	char buf[64], plmn[8];
	struct ct_tw w;

	if (!p || n == 0)
		return;
	switch (p[0] & 7) {
	case MI_IMSI:
	case MI_IMEI:
	case MI_IMEISV:
		if (n > 9 || ct_bcd_digits(p, n, 1, buf, sizeof(buf)) <= 0) {
			ct_cur_invalid(v);
			return;
		}
		ct_dissect_add_id(d, (p[0] & 7) == MI_IMSI ? CT_ID_IMSI : CT_ID_IMEI, buf);
		break;
	case MI_TMSI:
		if (n != 5) {
			ct_cur_invalid(v);
			return;
		}
		ct_dissect_add_hex(d, CT_ID_TMSI, ct_nas_be32(p + 1), 8);
		break;
	case MI_GUTI:
		if (n != 11 || ct_bcd_plmn(p + 1, plmn, sizeof(plmn)) < 0) {
			ct_cur_invalid(v);
			return;
		}
		ct_tw_init(&w, buf, sizeof(buf));
		ct_tw_str(&w, plmn);
		ct_tw_char(&w, '-');
		ct_tw_octets(&w, p + 4, 2); /* MME group id */
		ct_tw_char(&w, '-');
		ct_tw_octets(&w, p + 6, 1); /* MME code */
		ct_tw_char(&w, '-');
		ct_tw_octets(&w, p + 7, 4); /* M-TMSI */
		ct_dissect_add_id(d, CT_ID_GUTI, buf);
		ct_dissect_add_hex(d, CT_ID_TMSI, ct_nas_be32(p + 7), 8);
		break;
	default: /* no identity (0) or a type we do not print */
		break;
	}
}

static enum ct_dec_status decode_esm(struct ct_cur *c, struct ct_dissect *d);

/* An ESM message container (9.9.3.15) inside an EMM message. */
static enum ct_dec_status
esm_container(struct ct_cur *v, struct ct_dissect *d)
{
	struct ct_nas_saved s;
	enum ct_dec_status st;

	if (ct_cur_left(v) == 0)
		return ct_cur_status(v);
	ct_nas_save(d, &s);
	st = decode_esm(v, d);
	ct_nas_restore(d, &s);
	return st;
}

static enum ct_dec_status
decode_esm(struct ct_cur *c, struct ct_dissect *d)
{
	static const struct ct_nas_tv act_default_tv[] = {
		{ 0x32, 2 }, /* negotiated LLC SAPI */
		{ 0x58, 2 }, /* ESM cause */
		{ 0, 0 }
	};
	struct ct_cur v;
	uint8_t b, mt, iei, cause;
	const char *name;
	char buf[40];

	b = ct_cur_u8(c);
	(void)ct_cur_u8(c); /* procedure transaction identity */
	mt = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	if ((b & 0x0f) != PD_ESM) {
		ct_cur_invalid(c);
		return CT_DEC_MALFORMED;
	}
	d->protocol = "nas-eps";
	name = ct_name_of(esm_msgs, mt);
	if (!name) {
		snprintf(buf, sizeof(buf), "ESM message 0x%02x", mt);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	switch (mt) {
	case 0xc3: case 0xc7: case 0xcb: /* bearer context rejects */
	case 0xd1: case 0xd3: case 0xd5: case 0xd7: /* procedure rejects */
	case 0xe8: /* ESM status */
		cause = ct_cur_u8(c);
		if (ct_cur_ok(c))
			ct_nas_add_cause(d, CT_FAM_ESM, cause);
		break;
	case 0xcd: /* Deactivate EPS bearer context request */
		cause = ct_cur_u8(c);
		if (ct_cur_ok(c))
			ct_nas_add_cause(d, CT_FAM_ESM, cause);
		break;
	case 0xc1: /* Activate default EPS bearer context request (8.3.6) */
		ct_nas_lv(c, &v, 0); /* EPS QoS */
		ct_nas_lv(c, &v, 0); /* access point name */
		ct_nas_lv(c, &v, 0); /* PDN address */
		while (ct_nas_next_ie(c, act_default_tv, &iei, &v))
			if (iei == 0x58) {
				cause = ct_cur_u8(&v);
				ct_nas_add_info(d, CT_FAM_ESM, cause);
			}
		break;
	default:
		break;
	}
	return ct_cur_status(c);
}

/* Fixed-length TV IEs of the attach and TAU accepts (8.2.1, 8.2.26). */
static const struct ct_nas_tv accept_tv[] = {
	{ 0x13, 6 }, /* location area identification */
	{ 0x17, 2 }, /* T3402 value */
	{ 0x53, 2 }, /* EMM cause */
	{ 0x59, 2 }, /* T3423 value */
	{ 0x5a, 2 }, /* T3412 value (TAU accept) */
	{ 0, 0 }
};

/* The optional IEs of an accept: GUTI, MS identity, EMM cause. */
static void
accept_optionals(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_cur v;
	uint8_t iei;

	while (ct_nas_next_ie(c, accept_tv, &iei, &v)) {
		if (iei == 0x50 || iei == 0x23) /* GUTI, MS identity */
			mobile_identity(&v, d);
		else if (iei == 0x53)
			ct_nas_add_info(d, CT_FAM_EMM, ct_cur_u8(&v));
		if (v.invalid)
			ct_cur_invalid(c);
	}
}

static enum ct_dec_status
decode_emm(struct ct_cur *c, struct ct_dissect *d)
{
	static const struct ct_nas_tv no_tv[] = { { 0, 0 } };
	struct ct_cur v, peek;
	enum ct_dec_status inner = CT_DEC_OK;
	uint8_t mt, iei;
	const char *name;
	char buf[40];

	(void)ct_cur_u8(c); /* security header type 0 | PD */
	mt = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	d->protocol = "nas-eps";
	name = ct_name_of(emm_msgs, mt);
	if (!name) {
		snprintf(buf, sizeof(buf), "EMM message 0x%02x", mt);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	switch (mt) {
	case 0x41: /* Attach request (8.2.4) */
		(void)ct_cur_u8(c);     /* NAS key set identifier | EPS attach type */
		ct_nas_lv(c, &v, 0);           /* EPS mobile identity */
		mobile_identity(&v, d);
		if (v.invalid)
			ct_cur_invalid(c);
		ct_nas_lv(c, &v, 0);           /* UE network capability */
		ct_nas_lv(c, &v, 1);           /* ESM message container */
		if (ct_cur_ok(c))
			inner = esm_container(&v, d);
		break;
	case 0x42: /* Attach accept (8.2.1) */
		(void)ct_cur_u8(c);     /* spare | EPS attach result */
		(void)ct_cur_u8(c);     /* T3412 value */
		ct_nas_lv(c, &v, 0);           /* TAI list */
		ct_nas_lv(c, &v, 1);           /* ESM message container */
		if (ct_cur_ok(c))
			inner = esm_container(&v, d);
		accept_optionals(c, d);
		break;
	case 0x44: /* Attach reject (8.2.3): EMM cause, then an optional ESM container */
		iei = ct_cur_u8(c);
		if (!ct_cur_ok(c))
			break;
		ct_nas_add_cause(d, CT_FAM_EMM, iei);
		while (ct_nas_next_ie(c, no_tv, &iei, &v))
			if (iei == 0x78)
				inner = ct_nas_worse(inner, esm_container(&v, d));
		break;
	case 0x45: /* Detach request (8.2.10, 8.2.11) */
		(void)ct_cur_u8(c); /* NAS key set identifier / spare | detach type */
		if (ct_cur_left(c) == 0)
			break;  /* network originating, no cause */
		peek = *c;
		if (ct_cur_u8(&peek) == 0x53) {
			/* network originating with EMM cause: an EPS mobile
			 * identity's length (UE originating) is never 0x53 */
			*c = peek;
			iei = ct_cur_u8(c);
			if (ct_cur_ok(c))
				ct_nas_add_cause(d, CT_FAM_EMM, iei);
		} else {
			ct_nas_lv(c, &v, 0);
			mobile_identity(&v, d);
			if (v.invalid)
				ct_cur_invalid(c);
		}
		break;
	case 0x48: /* Tracking area update request (8.2.29): old GUTI */
	case 0x4c: /* Extended service request (8.2.15): M-TMSI */
		(void)ct_cur_u8(c);
		/* fall through */
	case 0x50: /* GUTI reallocation command (8.2.16) */
	case 0x56: /* Identity response (8.2.19) */
		ct_nas_lv(c, &v, 0);
		mobile_identity(&v, d);
		if (v.invalid)
			ct_cur_invalid(c);
		break;
	case 0x49: /* Tracking area update accept (8.2.26) */
		(void)ct_cur_u8(c); /* spare | EPS update result */
		accept_optionals(c, d);
		break;
	case 0x4b: /* Tracking area update reject */
	case 0x4e: /* Service reject */
	case 0x5c: /* Authentication failure */
	case 0x5f: /* Security mode reject */
	case 0x60: /* EMM status */
		iei = ct_cur_u8(c); /* EMM cause, mandatory V */
		if (ct_cur_ok(c))
			ct_nas_add_cause(d, CT_FAM_EMM, iei);
		break;
	case 0x5e: /* Security mode complete (8.2.21): optional IMEISV */
		while (ct_nas_next_ie(c, no_tv, &iei, &v))
			if (iei == 0x23)
				mobile_identity(&v, d);
		break;
	default:
		break;
	}
	return ct_nas_worse(ct_cur_status(c), inner);
}

/* Decodes one NAS message; depth 1 is the inner message of a security
 * protected one, which must itself be plain (9.1). */
static enum ct_dec_status
decode_nas(struct ct_cur *c, struct ct_dissect *d, int depth)
{
	uint8_t b;
	unsigned sht;
	struct ct_cur inner;

	if (!ct_cur_need(c, 1))
		return CT_DEC_TRUNCATED;
	b = c->p[c->off];
	if ((b & 0x0f) == PD_ESM)
		return decode_esm(c, d);
	if ((b & 0x0f) != PD_EMM) {
		d->protocol = "nas-eps";
		return CT_DEC_UNSUPPORTED; /* another protocol discriminator */
	}
	sht = b >> 4;
	if (sht == 0)
		return decode_emm(c, d);
	d->protocol = "nas-eps";
	if (depth > 0) {
		ct_cur_invalid(c); /* a security header inside a security header */
		return CT_DEC_MALFORMED;
	}
	switch (sht) {
	case 1: /* integrity protected */
	case 3: /* integrity protected with new EPS security context */
		ct_cur_skip(c, 6); /* header octet, MAC (4), sequence number */
		if (!ct_cur_ok(c))
			return ct_cur_status(c);
		ct_cur_sub(c, ct_cur_left(c), &inner);
		return decode_nas(&inner, d, depth + 1);
	case 2: /* integrity protected and ciphered: plain under EEA0 */
	case 4: /* ... with new EPS security context */
		ct_cur_skip(c, 6);
		if (!ct_cur_ok(c))
			return ct_cur_status(c);
		ct_cur_sub(c, ct_cur_left(c), &inner);
		return ct_nas_null_cipher(&inner, d, decode_nas);
	case 12: /* SERVICE REQUEST (8.2.25): KSI and sequence, short MAC */
		ct_cur_skip(c, 4);
		if (!ct_cur_ok(c))
			return ct_cur_status(c);
		ct_dissect_set_message(d, "Service request");
		return CT_DEC_OK;
	default: /* 5-11, 13-15: not used in this version of the protocol */
		return CT_DEC_UNSUPPORTED;
	}
}

enum ct_dec_status
ct_decode_nas_eps(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;

	ct_cur_init(&c, p, len);
	return decode_nas(&c, d, 0);
}
