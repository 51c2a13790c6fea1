/*
 * nas_5gs.c — 5GS NAS: 5GMM and 5GSM messages and causes, 3GPP TS 24.501 v17.
 *
 *   5GMM, plain (9.1.1, 9.7):                 5GSM (9.1.1):
 *    +------------------------------+          +------------------------------+
 *    | EPD 0x7E                     | octet 1  | EPD 0x2E                     | octet 1
 *    | spare | security header type | octet 2  | PDU session identity         | octet 2
 *    | message type                 | octet 3  | procedure transaction id     | octet 3
 *    | IEs ...                      |          | message type                 | octet 4
 *
 *   Security protected (9.1.1, header type 1-4):
 *    | 0x7E | sec. hdr | MAC (4) | sequence number (1) | plain 5GS NAS message |
 *   Types 1 and 3 (integrity only) are decoded through the inner message;
 *   2 and 4 (ciphered) too when the inner bytes decode whole as a plain
 *   message (the null cipher NEA0, nas_common.h ct_nas_null_cipher);
 *   otherwise they are reported as CT_DEC_CIPHERED and d->ciphered.
 *   5GSM messages inside UL/DL NAS transport (payload container type 1,
 *   "N1 SM information") and the plain message inside the NAS message
 *   container of a Security mode complete are decoded too.
 *
 * Identities (5GS mobile identity, 9.11.3.4):
 *   SUCI        CT_ID_SUCI "suci-0-<mcc>-<mnc>-<routing ind.>-<scheme>-<key id>-<output>"
 *               (TS 23.003 2.2B; the output is the MSIN digits for the null
 *               scheme, hex otherwise, cut to fit 63 characters)
 *   5G-GUTI     CT_ID_GUTI "mcc-mnc-<AMF region>-<AMF set>-<AMF pointer>-<5G-TMSI>"
 *               in hex digits (2, 3, 2, 8), and CT_ID_TMSI
 *   5G-S-TMSI   CT_ID_TMSI (8 hex digits)
 *   IMEI(SV)    CT_ID_IMEI
 *
 * Failures: the causes of rejects, statuses, authentication failure, a
 * UE-terminated deregistration, a 5GMM cause in DL NAS transport (payload
 * not forwarded) and a PDU session release command are judged by the 5GMM
 * and 5GSM failure rules (failure.c: every 5GMM cause is a failure; 5GSM
 * "regular deactivation" (36) and "reactivation requested" (39) are not);
 * a cause in an accept or in the UE's own release request is informative,
 * never a failure.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "bcd.h"
#include "nas_common.h"
#include "text.h"

#define EPD_5GMM 0x7e
#define EPD_5GSM 0x2e

/* 9.11.3.2 5GMM cause. */
static const struct ct_name mm_causes[] = {
	{ 3, "Illegal UE" },
	{ 5, "PEI not accepted" },
	{ 6, "Illegal ME" },
	{ 7, "5GS services not allowed" },
	{ 9, "UE identity cannot be derived by the network" },
	{ 10, "Implicitly de-registered" },
	{ 11, "PLMN not allowed" },
	{ 12, "Tracking area not allowed" },
	{ 13, "Roaming not allowed in this tracking area" },
	{ 15, "No suitable cells in tracking area" },
	{ 20, "MAC failure" },
	{ 21, "Synch failure" },
	{ 22, "Congestion" },
	{ 23, "UE security capabilities mismatch" },
	{ 24, "Security mode rejected, unspecified" },
	{ 26, "Non-5G authentication unacceptable" },
	{ 27, "N1 mode not allowed" },
	{ 28, "Restricted service area" },
	{ 31, "Redirection to EPC required" },
	{ 36, "IAB-node operation not authorized" },
	{ 43, "LADN not available" },
	{ 62, "No network slices available" },
	{ 65, "Maximum number of PDU sessions reached" },
	{ 67, "Insufficient resources for specific slice and DNN" },
	{ 69, "Insufficient resources for specific slice" },
	{ 71, "ngKSI already in use" },
	{ 72, "Non-3GPP access to 5GCN not allowed" },
	{ 73, "Serving network not authorized" },
	{ 74, "Temporarily not authorized for this SNPN" },
	{ 75, "Permanently not authorized for this SNPN" },
	{ 76, "Not authorized for this CAG or authorized for CAG cells only" },
	{ 77, "Wireline access area not allowed" },
	{ 78, "PLMN not allowed to operate at the present UE location" },
	{ 79, "UAS services not allowed" },
	{ 80, "Disaster roaming for the determined PLMN with disaster condition not allowed" },
	{ 90, "Payload was not forwarded" },
	{ 91, "DNN not supported or not subscribed in the slice" },
	{ 92, "Insufficient user-plane resources for the PDU session" },
	{ 93, "Onboarding services terminated" },
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

/* 9.11.4.2 5GSM cause. */
static const struct ct_name sm_causes[] = {
	{ 8, "Operator determined barring" },
	{ 26, "Insufficient resources" },
	{ 27, "Missing or unknown DNN" },
	{ 28, "Unknown PDU session type" },
	{ 29, "User authentication or authorization failed" },
	{ 31, "Request rejected, unspecified" },
	{ 32, "Service option not supported" },
	{ 33, "Requested service option not subscribed" },
	{ 34, "Service option temporarily out of order" },
	{ 35, "PTI already in use" },
	{ 36, "Regular deactivation" },
	{ 37, "5GS QoS not accepted" },
	{ 38, "Network failure" },
	{ 39, "Reactivation requested" },
	{ 41, "Semantic error in the TFT operation" },
	{ 42, "Syntactical error in the TFT operation" },
	{ 43, "Invalid PDU session identity" },
	{ 44, "Semantic errors in packet filter(s)" },
	{ 45, "Syntactical error in packet filter(s)" },
	{ 46, "Out of LADN service area" },
	{ 47, "PTI mismatch" },
	{ 50, "PDU session type IPv4 only allowed" },
	{ 51, "PDU session type IPv6 only allowed" },
	{ 54, "PDU session does not exist" },
	{ 57, "PDU session type IPv4v6 only allowed" },
	{ 58, "PDU session type Unstructured only allowed" },
	{ 59, "Unsupported 5QI value" },
	{ 61, "PDU session type Ethernet only allowed" },
	{ 67, "Insufficient resources for specific slice and DNN" },
	{ 68, "Not supported SSC mode" },
	{ 69, "Insufficient resources for specific slice" },
	{ 70, "Missing or unknown DNN in a slice" },
	{ 81, "Invalid PTI value" },
	{ 82, "Maximum data rate per UE for user-plane integrity protection is too low" },
	{ 83, "Semantic error in the QoS operation" },
	{ 84, "Syntactical error in the QoS operation" },
	{ 85, "Invalid mapped EPS bearer identity" },
	{ 86, "UAS services not allowed" },
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

/* 9.7 Table 9.7.1: 5GS mobility management message types. */
static const struct ct_name mm_msgs[] = {
	{ 0x41, "Registration request" },
	{ 0x42, "Registration accept" },
	{ 0x43, "Registration complete" },
	{ 0x44, "Registration reject" },
	{ 0x45, "Deregistration request (UE originating)" },
	{ 0x46, "Deregistration accept (UE originating)" },
	{ 0x47, "Deregistration request (UE terminated)" },
	{ 0x48, "Deregistration accept (UE terminated)" },
	{ 0x4c, "Service request" },
	{ 0x4d, "Service reject" },
	{ 0x4e, "Service accept" },
	{ 0x4f, "Control plane service request" },
	{ 0x50, "Network slice-specific authentication command" },
	{ 0x51, "Network slice-specific authentication complete" },
	{ 0x52, "Network slice-specific authentication result" },
	{ 0x54, "Configuration update command" },
	{ 0x55, "Configuration update complete" },
	{ 0x56, "Authentication request" },
	{ 0x57, "Authentication response" },
	{ 0x58, "Authentication reject" },
	{ 0x59, "Authentication failure" },
	{ 0x5a, "Authentication result" },
	{ 0x5b, "Identity request" },
	{ 0x5c, "Identity response" },
	{ 0x5d, "Security mode command" },
	{ 0x5e, "Security mode complete" },
	{ 0x5f, "Security mode reject" },
	{ 0x64, "5GMM status" },
	{ 0x65, "Notification" },
	{ 0x66, "Notification response" },
	{ 0x67, "UL NAS transport" },
	{ 0x68, "DL NAS transport" },
	{ 0, NULL }
};

/* 9.7 Table 9.7.2: 5GS session management message types. */
static const struct ct_name sm_msgs[] = {
	{ 0xc1, "PDU session establishment request" },
	{ 0xc2, "PDU session establishment accept" },
	{ 0xc3, "PDU session establishment reject" },
	{ 0xc5, "PDU session authentication command" },
	{ 0xc6, "PDU session authentication complete" },
	{ 0xc7, "PDU session authentication result" },
	{ 0xc9, "PDU session modification request" },
	{ 0xca, "PDU session modification reject" },
	{ 0xcb, "PDU session modification command" },
	{ 0xcc, "PDU session modification complete" },
	{ 0xcd, "PDU session modification command reject" },
	{ 0xd1, "PDU session release request" },
	{ 0xd2, "PDU session release reject" },
	{ 0xd3, "PDU session release command" },
	{ 0xd4, "PDU session release complete" },
	{ 0xd6, "5GSM status" },
	{ 0, NULL }
};

const struct ct_name *ct_5gmm_cause_table(void) { return mm_causes; }
const struct ct_name *ct_5gsm_cause_table(void) { return sm_causes; }

/*
 * SUCI, SUPI format IMSI (9.11.3.4, figure 9.11.3.4.3):
 *   | spare | SUPI format 000 | spare | type 001 |  octet 1
 *   | PLMN (3) | routing indicator (2, BCD, 0xF fillers)
 *   | spare | protection scheme id |  octet 7
 *   | home network public key id   |  octet 8
 *   | scheme output ...             |
 */
static void
suci(struct ct_cur *v, const uint8_t *p, size_t n, struct ct_dissect *d)
{
	char plmn[8], ri[8], out[64], msin[24];
	unsigned scheme;
	struct ct_tw w;

	if (((p[0] >> 4) & 7) != 0)
		return; /* SUPI format NAI: not printed */
	if (n < 8 || ct_bcd_plmn(p + 1, plmn, sizeof(plmn)) < 0 ||
	    ct_bcd_digits(p + 4, 2, 0, ri, sizeof(ri)) < 0) {
		ct_cur_invalid(v);
		return;
	}
	scheme = p[6] & 0x0f;
	ct_tw_init(&w, out, sizeof(out));
	ct_tw_str(&w, "suci-0-");
	ct_tw_str(&w, plmn);
	ct_tw_char(&w, '-');
	ct_tw_str(&w, ri[0] ? ri : "0");
	ct_tw_char(&w, '-');
	ct_tw_u64(&w, scheme);
	ct_tw_char(&w, '-');
	ct_tw_u64(&w, p[7]); /* home network public key identifier */
	ct_tw_char(&w, '-');
	if (scheme == 0) { /* null scheme: the MSIN in BCD */
		if (ct_bcd_digits(p + 8, n - 8, 0, msin, sizeof(msin)) < 0) {
			ct_cur_invalid(v);
			return;
		}
		ct_tw_str(&w, msin);
	} else {
		ct_tw_octets(&w, p + 8, n - 8);
	}
	ct_dissect_add_id(d, CT_ID_SUCI, out);
}

/* 5GS mobile identity value (9.11.3.4). */
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
	case 1: /* SUCI */
		suci(v, p, n, d);
		break;
	case 2: /* 5G-GUTI: 0xF2, PLMN, AMF region, set (10 bits) + pointer (6), 5G-TMSI */
		if (n != 11 || ct_bcd_plmn(p + 1, plmn, sizeof(plmn)) < 0) {
			ct_cur_invalid(v);
			return;
		}
		ct_tw_init(&w, buf, sizeof(buf));
		ct_tw_str(&w, plmn);
		ct_tw_char(&w, '-');
		ct_tw_hex(&w, p[4], 2);                            /* AMF region */
		ct_tw_char(&w, '-');
		ct_tw_hex(&w, (unsigned)(p[5] << 2 | p[6] >> 6), 3); /* AMF set */
		ct_tw_char(&w, '-');
		ct_tw_hex(&w, p[6] & 0x3fu, 2);                    /* AMF pointer */
		ct_tw_char(&w, '-');
		ct_tw_octets(&w, p + 7, 4);                        /* 5G-TMSI */
		ct_dissect_add_id(d, CT_ID_GUTI, buf);
		ct_dissect_add_hex(d, CT_ID_TMSI, ct_nas_be32(p + 7), 8);
		break;
	case 3: /* IMEI */
	case 5: /* IMEISV */
		if (n > 9 || ct_bcd_digits(p, n, 1, buf, sizeof(buf)) <= 0) {
			ct_cur_invalid(v);
			return;
		}
		ct_dissect_add_id(d, CT_ID_IMEI, buf);
		break;
	case 4: /* 5G-S-TMSI: AMF set + pointer (2), 5G-TMSI (4) */
		if (n != 7) {
			ct_cur_invalid(v);
			return;
		}
		ct_dissect_add_hex(d, CT_ID_TMSI, ct_nas_be32(p + 3), 8);
		break;
	default: /* no identity, MAC address, EUI-64 */
		break;
	}
}

/* A mandatory LV-E 5GS mobile identity. */
static void
identity_lve(struct ct_cur *c, struct ct_dissect *d)
{
	struct ct_cur v;

	ct_nas_lv(c, &v, 1);
	mobile_identity(&v, d);
	if (v.invalid)
		ct_cur_invalid(c);
}

static enum ct_dec_status decode_nas(struct ct_cur *c, struct ct_dissect *d, int depth);

/* A message inside a container: keeps the outer name unless it had a cause. */
static enum ct_dec_status
nested(struct ct_cur *v, struct ct_dissect *d, int depth)
{
	struct ct_nas_saved s;
	enum ct_dec_status st;

	if (ct_cur_left(v) == 0)
		return ct_cur_status(v);
	ct_nas_save(d, &s);
	st = decode_nas(v, d, depth);
	ct_nas_restore(d, &s);
	return st;
}

static enum ct_dec_status
decode_5gsm(struct ct_cur *c, struct ct_dissect *d)
{
	static const struct ct_nas_tv sm_tv[] = {
		{ 0x56, 2 }, /* RQ timer value */
		{ 0x59, 2 }, /* 5GSM cause */
		{ 0, 0 }
	};
	struct ct_cur v;
	uint8_t mt, iei, cause;
	const char *name;
	char buf[40];

	ct_cur_skip(c, 3); /* EPD, PDU session identity, PTI */
	mt = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	name = ct_name_of(sm_msgs, mt);
	if (!name) {
		snprintf(buf, sizeof(buf), "5GSM message 0x%02x", mt);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	switch (mt) {
	case 0xc3: case 0xca: case 0xcd: case 0xd2: /* rejects */
	case 0xd6: /* 5GSM status */
		cause = ct_cur_u8(c);
		if (ct_cur_ok(c))
			ct_nas_add_cause(d, CT_FAM_5GSM, cause);
		break;
	case 0xd3: /* PDU session release command */
		cause = ct_cur_u8(c);
		if (ct_cur_ok(c))
			ct_nas_add_cause(d, CT_FAM_5GSM, cause);
		break;
	case 0xc2: /* PDU session establishment accept (8.3.2) */
		(void)ct_cur_u8(c); /* SSC mode | PDU session type */
		ct_nas_lv(c, &v, 1);       /* authorized QoS rules */
		ct_nas_lv(c, &v, 0);       /* session AMBR */
		/* fall through */
	case 0xd1: /* PDU session release request: optional cause */
		while (ct_nas_next_ie(c, sm_tv, &iei, &v))
			if (iei == 0x59)
				ct_nas_add_info(d, CT_FAM_5GSM, ct_cur_u8(&v));
		break;
	default:
		break;
	}
	return ct_cur_status(c);
}

static enum ct_dec_status
decode_5gmm(struct ct_cur *c, struct ct_dissect *d, int depth)
{
	static const struct ct_nas_tv mm_tv[] = {
		{ 0x12, 2 }, /* PDU session identity 2 */
		{ 0x46, 2 }, /* local time zone */
		{ 0x47, 8 }, /* universal time and local time zone */
		{ 0x52, 7 }, /* last visited registered TAI */
		{ 0x58, 2 }, /* 5GMM cause */
		{ 0x59, 2 }, /* old PDU session identity */
		{ 0, 0 }
	};
	struct ct_cur v;
	enum ct_dec_status inner = CT_DEC_OK;
	uint8_t mt, iei, b;
	const char *name;
	char buf[40];

	ct_cur_skip(c, 2); /* EPD, security header type 0 */
	mt = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	name = ct_name_of(mm_msgs, mt);
	if (!name) {
		snprintf(buf, sizeof(buf), "5GMM message 0x%02x", mt);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	switch (mt) {
	case 0x41: /* Registration request (8.2.6): ngKSI | type, identity */
	case 0x45: /* Deregistration request, UE originating (8.2.12) */
	case 0x4c: /* Service request (8.2.16): 5G-S-TMSI */
		(void)ct_cur_u8(c);
		/* fall through */
	case 0x5c: /* Identity response (8.2.22) */
		identity_lve(c, d);
		break;
	case 0x42: /* Registration accept (8.2.7) */
		ct_nas_lv(c, &v, 0); /* 5GS registration result */
		/* fall through */
	case 0x54: /* Configuration update command (8.2.19) */
	case 0x5e: /* Security mode complete (8.2.26) */
		while (ct_nas_next_ie(c, mm_tv, &iei, &v)) {
			if (iei == 0x77) { /* 5G-GUTI or IMEISV */
				mobile_identity(&v, d);
				if (v.invalid)
					ct_cur_invalid(c);
			} else if (iei == 0x58) {
				ct_nas_add_info(d, CT_FAM_5GMM, ct_cur_u8(&v));
			} else if (iei == 0x71 && mt == 0x5e && depth == 0) {
				/* NAS message container: the complete plain
				 * Registration or Service request */
				inner = ct_nas_worse(inner, nested(&v, d, depth + 1));
			}
		}
		break;
	case 0x47: /* Deregistration request, UE terminated (8.2.14) */
		(void)ct_cur_u8(c);
		while (ct_nas_next_ie(c, mm_tv, &iei, &v))
			if (iei == 0x58)
				ct_nas_add_cause(d, CT_FAM_5GMM, ct_cur_u8(&v));
		break;
	case 0x44: /* Registration reject */
	case 0x4d: /* Service reject */
	case 0x59: /* Authentication failure */
	case 0x5f: /* Security mode reject */
	case 0x64: /* 5GMM status */
		b = ct_cur_u8(c); /* 5GMM cause, mandatory V */
		if (ct_cur_ok(c))
			ct_nas_add_cause(d, CT_FAM_5GMM, b);
		break;
	case 0x67: /* UL NAS transport (8.2.10) */
	case 0x68: /* DL NAS transport (8.2.11) */
		b = ct_cur_u8(c) & 0x0f; /* payload container type */
		ct_nas_lv(c, &v, 1);
		/* type 1 = N1 SM information (9.11.3.40): a 5GSM message */
		if (ct_cur_ok(c) && b == 1 && depth < 2)
			inner = nested(&v, d, depth + 1);
		while (ct_nas_next_ie(c, mm_tv, &iei, &v))
			if (iei == 0x58 && mt == 0x68)
				ct_nas_add_cause(d, CT_FAM_5GMM, ct_cur_u8(&v));
		break;
	default:
		break;
	}
	return ct_nas_worse(ct_cur_status(c), inner);
}

/* depth counts containers: a security protected message's inner message and
 * a container's message must be plain (9.1.1), so nesting stops at 2. */
static enum ct_dec_status
decode_nas(struct ct_cur *c, struct ct_dissect *d, int depth)
{
	struct ct_cur peek = *c, inner;
	uint8_t epd, sht;

	epd = ct_cur_u8(&peek);
	sht = ct_cur_u8(&peek) & 0x0f;
	if (!ct_cur_ok(&peek)) {
		c->truncated = 1;
		return CT_DEC_TRUNCATED;
	}
	d->protocol = "nas-5gs";
	if (epd == EPD_5GSM)
		return decode_5gsm(c, d);
	if (epd != EPD_5GMM)
		return CT_DEC_UNSUPPORTED; /* another extended protocol discriminator */
	if (sht == 0)
		return decode_5gmm(c, d, depth);
	if (depth > 0) {
		ct_cur_invalid(c);
		return CT_DEC_MALFORMED;
	}
	switch (sht) {
	case 1: /* integrity protected */
	case 3: /* integrity protected with new 5G NAS security context */
		ct_cur_skip(c, 7); /* EPD, header type, MAC (4), sequence number */
		if (!ct_cur_ok(c))
			return ct_cur_status(c);
		ct_cur_sub(c, ct_cur_left(c), &inner);
		return decode_nas(&inner, d, depth + 1);
	case 2: /* integrity protected and ciphered: plain under NEA0 */
	case 4: /* ... with new 5G NAS security context */
		ct_cur_skip(c, 7);
		if (!ct_cur_ok(c))
			return ct_cur_status(c);
		ct_cur_sub(c, ct_cur_left(c), &inner);
		return ct_nas_null_cipher(&inner, d, decode_nas);
	default: /* reserved */
		return CT_DEC_UNSUPPORTED;
	}
}

enum ct_dec_status
ct_decode_nas_5gs(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;

	ct_cur_init(&c, p, len);
	return decode_nas(&c, d, 0);
}
