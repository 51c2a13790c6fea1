/*
 * diameter.c — Diameter base protocol messages (IETF RFC 6733), with the
 * 3GPP applications triage meets: S6a/S6d (TS 29.272), Gx (TS 29.212),
 * Gy/Ro (RFC 4006, TS 32.299), Cx (TS 29.229), Rx (TS 29.214).
 *
 * Reads the header, names the command, and walks the AVPs for the outcome
 * (Result-Code 268; Experimental-Result 297 = Vendor-Id 266 +
 * Experimental-Result-Code 298), the session (Session-Id 263) and the
 * subscriber (User-Name 1 when it is an IMSI; Subscription-Id 443; the
 * MSISDN 701 of S6a Subscription-Data 1400). Grouped AVPs that can carry
 * these are descended into, to a bounded depth.
 *
 * Header (RFC 6733 §3) and AVP (§4.1):
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +---------------+-----------------------------------------------+
 *    |  Version = 1  |        Message Length (whole message)         |
 *    +-+-+-+-+-------+-----------------------------------------------+
 *    |R|P|E|T|r r r r|                 Command Code                  |
 *    +-+-+-+-+-------+-----------------------------------------------+
 *    |                        Application-ID                         |
 *    |                     Hop-by-Hop Identifier                     |
 *    |                     End-to-End Identifier                     |
 *    +---------------------------------------------------------------+
 *    |                           AVP Code                            |
 *    +-+-+-+---------+-----------------------------------------------+
 *    |V|M|P|r r r r r|      AVP Length (header + data, no padding)   |
 *    +-+-+-+---------+-----------------------------------------------+
 *    |                  Vendor-ID (only when V = 1)                  |
 *    +---------------------------------------------------------------+
 *    |    Data ... padded with zeros to a multiple of 4 octets       |
 *
 * The message length and the AVP lengths are checked against each other:
 * a length that runs past the bytes we hold is TRUNCATED when the message
 * itself runs past them, MALFORMED when it runs past its own container.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"

#define DIAM_HDR_LEN 20u
#define DIAM_FLAG_R 0x80u /* request (RFC 6733 §3) */
#define AVP_FLAG_V 0x80u  /* Vendor-ID present (§4.1) */
#define VENDOR_3GPP 10415u

/* The deepest legitimate nesting we descend into is S6a Subscription-Data
 * inside the message (depth 1); Gy Multiple-Services-Credit-Control holds
 * its Result-Code at depth 1 as well. Eight leaves room for vendors'
 * wrapping; anything deeper is a nesting bomb. */
#define DIAM_DEPTH_MAX 8

/* Larger than any real Diameter message, smaller than the 24-bit maximum:
 * a stream that announces more is not Diameter (ct_diameter_frame_len). */
#define DIAM_FRAME_MAX (1u << 20)

/* AVP codes (RFC 6733 §4.5, RFC 4006 §8, TS 29.272 §7.3). */
enum {
	AVP_USER_NAME = 1,
	AVP_SESSION_ID = 263,
	AVP_VENDOR_ID = 266,
	AVP_RESULT_CODE = 268,
	AVP_EXPERIMENTAL_RESULT = 297,
	AVP_EXPERIMENTAL_RESULT_CODE = 298,
	AVP_SUBSCRIPTION_ID = 443,
	AVP_SUBSCRIPTION_ID_DATA = 444,
	AVP_SUBSCRIPTION_ID_TYPE = 450,
	AVP_MSCC = 456, /* Multiple-Services-Credit-Control */
	AVP_3GPP_MSISDN = 701,
	AVP_3GPP_SUBSCRIPTION_DATA = 1400
};

/* Subscription-Id-Type (RFC 4006 §8.47). */
enum { SUB_END_USER_E164 = 0, SUB_END_USER_IMSI = 1 };

struct diam_cmd {
	uint32_t code;
	const char *request, *answer;
};

/* RFC 6733 §3.1, RFC 4006, RFC 4005/7155, TS 29.272 §7.2, TS 29.229 §6.1,
 * TS 29.329, TS 29.172, TS 29.338. */
static const struct diam_cmd diam_cmds[] = {
	{ 257, "Capabilities-Exchange-Request", "Capabilities-Exchange-Answer" },
	{ 258, "Re-Auth-Request", "Re-Auth-Answer" },
	{ 265, "AA-Request", "AA-Answer" },
	{ 268, "Diameter-EAP-Request", "Diameter-EAP-Answer" },
	{ 271, "Accounting-Request", "Accounting-Answer" },
	{ 272, "Credit-Control-Request", "Credit-Control-Answer" },
	{ 274, "Abort-Session-Request", "Abort-Session-Answer" },
	{ 275, "Session-Termination-Request", "Session-Termination-Answer" },
	{ 280, "Device-Watchdog-Request", "Device-Watchdog-Answer" },
	{ 282, "Disconnect-Peer-Request", "Disconnect-Peer-Answer" },
	{ 300, "User-Authorization-Request", "User-Authorization-Answer" },
	{ 301, "Server-Assignment-Request", "Server-Assignment-Answer" },
	{ 302, "Location-Info-Request", "Location-Info-Answer" },
	{ 303, "Multimedia-Auth-Request", "Multimedia-Auth-Answer" },
	{ 304, "Registration-Termination-Request", "Registration-Termination-Answer" },
	{ 305, "Push-Profile-Request", "Push-Profile-Answer" },
	{ 306, "User-Data-Request", "User-Data-Answer" },
	{ 307, "Profile-Update-Request", "Profile-Update-Answer" },
	{ 308, "Subscribe-Notifications-Request", "Subscribe-Notifications-Answer" },
	{ 309, "Push-Notification-Request", "Push-Notification-Answer" },
	{ 316, "Update-Location-Request", "Update-Location-Answer" },
	{ 317, "Cancel-Location-Request", "Cancel-Location-Answer" },
	{ 318, "Authentication-Information-Request", "Authentication-Information-Answer" },
	{ 319, "Insert-Subscriber-Data-Request", "Insert-Subscriber-Data-Answer" },
	{ 320, "Delete-Subscriber-Data-Request", "Delete-Subscriber-Data-Answer" },
	{ 321, "Purge-UE-Request", "Purge-UE-Answer" },
	{ 322, "Reset-Request", "Reset-Answer" },
	{ 323, "Notify-Request", "Notify-Answer" },
	{ 324, "ME-Identity-Check-Request", "ME-Identity-Check-Answer" },
	{ 8388620, "Provide-Location-Request", "Provide-Location-Answer" },
	{ 8388621, "Location-Report-Request", "Location-Report-Answer" },
	{ 8388622, "LCS-Routing-Info-Request", "LCS-Routing-Info-Answer" },
	{ 8388645, "MO-Forward-Short-Message-Request", "MO-Forward-Short-Message-Answer" },
	{ 8388646, "MT-Forward-Short-Message-Request", "MT-Forward-Short-Message-Answer" },
	{ 8388647, "Send-Routing-Info-for-SM-Request", "Send-Routing-Info-for-SM-Answer" },
	{ 8388648, "Alert-Service-Centre-Request", "Alert-Service-Centre-Answer" },
	{ 8388649, "Report-SM-Delivery-Status-Request", "Report-SM-Delivery-Status-Answer" },
	{ 0, NULL, NULL }
};

/* IANA Diameter Application-Ids (RFC 6733 §11.3 and 3GPP's allocations). */
static const struct ct_name diam_apps[] = {
	{ 0, "Diameter Common Messages" },
	{ 1, "NASREQ" },
	{ 2, "Mobile IPv4" },
	{ 3, "Diameter Base Accounting" },
	{ 4, "Diameter Credit Control (Gy/Ro)" },
	{ 5, "Diameter EAP" },
	{ 6, "Diameter SIP" },
	{ 16777216, "Cx/Dx" },
	{ 16777217, "Sh/Dh" },
	{ 16777236, "Rx" },
	{ 16777238, "Gx" },
	{ 16777250, "STa" },
	{ 16777251, "S6a/S6d" },
	{ 16777252, "S13/S13'" },
	{ 16777255, "SLg" },
	{ 16777264, "SWm" },
	{ 16777265, "SWx" },
	{ 16777266, "Gxx" },
	{ 16777267, "S9" },
	{ 16777272, "S6b" },
	{ 16777291, "SLh" },
	{ 16777302, "Sy" },
	{ 16777303, "Sd" },
	{ 16777308, "S7a/S7d" },
	{ 16777310, "S6m" },
	{ 16777312, "S6c" },
	{ 16777313, "SGd/Gdd" },
	{ -1, "Relay" }, /* 0xffffffff (RFC 6733 §2.8), as ct_name's int holds it */
	{ 0, NULL }
};

/* Result-Code AVP values: RFC 6733 §7.1, RFC 4006 §9 (credit control),
 * RFC 4004 (Mobile IPv4), RFC 4740 (SIP application). 1xxx informational,
 * 2xxx success, 3xxx protocol errors, 4xxx transient and 5xxx permanent
 * failures. */
static const struct ct_name diam_results[] = {
	{ 1001, "DIAMETER_MULTI_ROUND_AUTH" },
	{ 2001, "DIAMETER_SUCCESS" },
	{ 2002, "DIAMETER_LIMITED_SUCCESS" },
	{ 2003, "DIAMETER_FIRST_REGISTRATION" },
	{ 2004, "DIAMETER_SUBSEQUENT_REGISTRATION" },
	{ 2005, "DIAMETER_UNREGISTERED_SERVICE" },
	{ 2006, "DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED" },
	{ 2007, "DIAMETER_SERVER_SELECTION" },
	{ 2008, "DIAMETER_SUCCESS_AUTH_SENT_SERVER_NOT_STORED" },
	{ 3001, "DIAMETER_COMMAND_UNSUPPORTED" },
	{ 3002, "DIAMETER_UNABLE_TO_DELIVER" },
	{ 3003, "DIAMETER_REALM_NOT_SERVED" },
	{ 3004, "DIAMETER_TOO_BUSY" },
	{ 3005, "DIAMETER_LOOP_DETECTED" },
	{ 3006, "DIAMETER_REDIRECT_INDICATION" },
	{ 3007, "DIAMETER_APPLICATION_UNSUPPORTED" },
	{ 3008, "DIAMETER_INVALID_HDR_BITS" },
	{ 3009, "DIAMETER_INVALID_AVP_BITS" },
	{ 3010, "DIAMETER_UNKNOWN_PEER" },
	{ 4001, "DIAMETER_AUTHENTICATION_REJECTED" },
	{ 4002, "DIAMETER_OUT_OF_SPACE" },
	{ 4003, "DIAMETER_ELECTION_LOST" },
	{ 4005, "DIAMETER_ERROR_MIP_REPLY_FAILURE" },
	{ 4006, "DIAMETER_ERROR_HA_NOT_AVAILABLE" },
	{ 4007, "DIAMETER_ERROR_BAD_KEY" },
	{ 4008, "DIAMETER_ERROR_MIP_FILTER_NOT_SUPPORTED" },
	{ 4010, "DIAMETER_END_USER_SERVICE_DENIED" },
	{ 4011, "DIAMETER_CREDIT_CONTROL_NOT_APPLICABLE" },
	{ 4012, "DIAMETER_CREDIT_LIMIT_REACHED" },
	{ 5001, "DIAMETER_AVP_UNSUPPORTED" },
	{ 5002, "DIAMETER_UNKNOWN_SESSION_ID" },
	{ 5003, "DIAMETER_AUTHORIZATION_REJECTED" },
	{ 5004, "DIAMETER_INVALID_AVP_VALUE" },
	{ 5005, "DIAMETER_MISSING_AVP" },
	{ 5006, "DIAMETER_RESOURCES_EXCEEDED" },
	{ 5007, "DIAMETER_CONTRADICTING_AVPS" },
	{ 5008, "DIAMETER_AVP_NOT_ALLOWED" },
	{ 5009, "DIAMETER_AVP_OCCURS_TOO_MANY_TIMES" },
	{ 5010, "DIAMETER_NO_COMMON_APPLICATION" },
	{ 5011, "DIAMETER_UNSUPPORTED_VERSION" },
	{ 5012, "DIAMETER_UNABLE_TO_COMPLY" },
	{ 5013, "DIAMETER_INVALID_BIT_IN_HEADER" },
	{ 5014, "DIAMETER_INVALID_AVP_LENGTH" },
	{ 5015, "DIAMETER_INVALID_MESSAGE_LENGTH" },
	{ 5016, "DIAMETER_INVALID_AVP_BIT_COMBO" },
	{ 5017, "DIAMETER_NO_COMMON_SECURITY" },
	{ 5024, "DIAMETER_ERROR_NO_FOREIGN_HA_SERVICE" },
	{ 5025, "DIAMETER_ERROR_END_TO_END_MIP_KEY_ENCRYPTION" },
	{ 5030, "DIAMETER_USER_UNKNOWN" },
	{ 5031, "DIAMETER_RATING_FAILED" },
	{ 5032, "DIAMETER_ERROR_USER_UNKNOWN" },
	{ 5033, "DIAMETER_ERROR_IDENTITIES_DONT_MATCH" },
	{ 5034, "DIAMETER_ERROR_IDENTITY_NOT_REGISTERED" },
	{ 5035, "DIAMETER_ERROR_ROAMING_NOT_ALLOWED" },
	{ 5036, "DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED" },
	{ 5037, "DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED" },
	{ 5038, "DIAMETER_ERROR_IN_ASSIGNMENT_TYPE" },
	{ 5039, "DIAMETER_ERROR_TOO_MUCH_DATA" },
	{ 5040, "DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA" },
	{ 0, NULL }
};

/* Experimental-Result-Code values of 3GPP (vendor 10415): TS 29.229 §6.2
 * (Cx), TS 29.272 §7.4 (S6a/S6d, S13), TS 29.212 §5.5 (Gx), TS 29.214
 * §5.5 (Rx), TS 29.329 §6.2 (Sh), TS 29.273 §8.2 (SWx, S6b), TS 29.172
 * (SLg), TS 29.338 (SGd), TS 29.219 (Sy). */
static const struct ct_name diam_experimental[] = {
	{ 2001, "DIAMETER_FIRST_REGISTRATION" },
	{ 2002, "DIAMETER_SUBSEQUENT_REGISTRATION" },
	{ 2003, "DIAMETER_UNREGISTERED_SERVICE" },
	{ 2004, "DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED" },
	{ 2021, "DIAMETER_PDP_CONTEXT_DELETION_INDICATION" },
	{ 4100, "DIAMETER_USER_DATA_NOT_AVAILABLE" },
	{ 4101, "DIAMETER_PRIOR_UPDATE_IN_PROGRESS" },
	{ 4141, "DIAMETER_PCC_BEARER_EVENT" },
	{ 4142, "DIAMETER_BEARER_EVENT" },
	{ 4143, "DIAMETER_AN_GW_FAILED" },
	{ 4144, "DIAMETER_PENDING_TRANSACTION" },
	{ 4181, "DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE" },
	{ 4182, "DIAMETER_ERROR_CAMEL_SUBSCRIPTION_PRESENT" },
	{ 4201, "DIAMETER_ERROR_ABSENT_USER" },
	{ 4221, "DIAMETER_ERROR_UNREACHABLE_USER" },
	{ 4222, "DIAMETER_ERROR_SUSPENDED_USER" },
	{ 4223, "DIAMETER_ERROR_DETACHED_USER" },
	{ 4224, "DIAMETER_ERROR_POSITIONING_DENIED" },
	{ 4225, "DIAMETER_ERROR_POSITIONING_FAILED" },
	{ 4226, "DIAMETER_ERROR_UNKNOWN_UNREACHABLE_LCS_CLIENT" },
	{ 4241, "DIAMETER_ERROR_NO_AVAILABLE_POLICY_COUNTERS" },
	{ 4261, "REQUESTED_SERVICE_TEMPORARILY_NOT_AUTHORIZED" },
	{ 5001, "DIAMETER_ERROR_USER_UNKNOWN" },
	{ 5002, "DIAMETER_ERROR_IDENTITIES_DONT_MATCH" },
	{ 5003, "DIAMETER_ERROR_IDENTITY_NOT_REGISTERED" },
	{ 5004, "DIAMETER_ERROR_ROAMING_NOT_ALLOWED" },
	{ 5005, "DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED" },
	{ 5006, "DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED" },
	{ 5007, "DIAMETER_ERROR_IN_ASSIGNMENT_TYPE" },
	{ 5008, "DIAMETER_ERROR_TOO_MUCH_DATA" },
	{ 5009, "DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA" },
	{ 5011, "DIAMETER_ERROR_FEATURE_UNSUPPORTED" },
	{ 5012, "DIAMETER_ERROR_SERVING_NODE_FEATURE_UNSUPPORTED" },
	{ 5061, "INVALID_SERVICE_INFORMATION" },
	{ 5062, "FILTER_RESTRICTIONS" },
	{ 5063, "REQUESTED_SERVICE_NOT_AUTHORIZED" },
	{ 5064, "DUPLICATED_AF_SESSION" },
	{ 5065, "IP-CAN_SESSION_NOT_AVAILABLE" },
	{ 5066, "UNAUTHORIZED_NON_EMERGENCY_SESSION" },
	{ 5067, "UNAUTHORIZED_SPONSORED_DATA_CONNECTIVITY" },
	{ 5068, "TEMPORARY_NETWORK_FAILURE" },
	{ 5100, "DIAMETER_ERROR_USER_DATA_NOT_RECOGNIZED" },
	{ 5101, "DIAMETER_ERROR_OPERATION_NOT_ALLOWED" },
	{ 5102, "DIAMETER_ERROR_USER_DATA_CANNOT_BE_READ" },
	{ 5103, "DIAMETER_ERROR_USER_DATA_CANNOT_BE_MODIFIED" },
	{ 5104, "DIAMETER_ERROR_USER_DATA_CANNOT_BE_NOTIFIED" },
	{ 5105, "DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC" },
	{ 5106, "DIAMETER_ERROR_SUBS_DATA_ABSENT" },
	{ 5107, "DIAMETER_ERROR_NO_SUBSCRIPTION_TO_DATA" },
	{ 5108, "DIAMETER_ERROR_DSAI_NOT_AVAILABLE" },
	{ 5140, "DIAMETER_ERROR_INITIAL_PARAMETERS" },
	{ 5141, "DIAMETER_ERROR_TRIGGER_EVENT" },
	{ 5142, "DIAMETER_PCC_RULE_EVENT" },
	{ 5143, "DIAMETER_ERROR_BEARER_NOT_AUTHORIZED" },
	{ 5144, "DIAMETER_ERROR_TRAFFIC_MAPPING_INFO_REJECTED" },
	{ 5145, "DIAMETER_QOS_RULE_EVENT" },
	{ 5147, "DIAMETER_ERROR_CONFLICTING_REQUEST" },
	{ 5148, "DIAMETER_ADC_RULE_EVENT" },
	{ 5149, "DIAMETER_ERROR_NBIFOM_NOT_AUTHORIZED" },
	{ 5420, "DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION" },
	{ 5421, "DIAMETER_ERROR_RAT_NOT_ALLOWED" },
	{ 5422, "DIAMETER_ERROR_EQUIPMENT_UNKNOWN" },
	{ 5423, "DIAMETER_ERROR_UNKNOWN_SERVING_NODE" },
	{ 5450, "DIAMETER_ERROR_USER_NO_NON_3GPP_SUBSCRIPTION" },
	{ 5451, "DIAMETER_ERROR_USER_NO_APN_SUBSCRIPTION" },
	{ 5452, "DIAMETER_ERROR_RAT_TYPE_NOT_ALLOWED" },
	{ 5453, "DIAMETER_ERROR_LATE_OVERLAPPING_REQUEST" },
	{ 5454, "DIAMETER_ERROR_TIMED_OUT_REQUEST" },
	{ 5550, "DIAMETER_ERROR_ABSENT_USER" },
	{ 5551, "DIAMETER_ERROR_USER_BUSY_FOR_MT_SMS" },
	{ 5552, "DIAMETER_ERROR_FACILITY_NOT_SUPPORTED" },
	{ 5553, "DIAMETER_ERROR_ILLEGAL_USER" },
	{ 5554, "DIAMETER_ERROR_ILLEGAL_EQUIPMENT" },
	{ 5555, "DIAMETER_ERROR_SM_DELIVERY_FAILURE" },
	{ 5556, "DIAMETER_ERROR_SERVICE_NOT_SUBSCRIBED" },
	{ 5557, "DIAMETER_ERROR_SERVICE_BARRED" },
	{ 5558, "DIAMETER_ERROR_MWD_LIST_FULL" },
	{ 5570, "DIAMETER_ERROR_UNKNOWN_POLICY_COUNTERS" },
	{ 0, NULL }
};

const struct ct_name *
ct_diameter_result_table(void)
{
	return diam_results;
}

const struct ct_name *
ct_diameter_experimental_table(void)
{
	return diam_experimental;
}

const struct ct_name *
ct_diameter_application_table(void)
{
	return diam_apps;
}

/* What a grouped AVP's members tell once the group has been walked. */
struct avp_group {
	uint32_t exp_code;
	int has_exp_code;
	uint32_t sub_type;
	int has_sub_type;
	char sub_data[64];
};

/* Copies an octet string as printable ASCII (anything else becomes '?'),
 * truncated to fit; identities end up in text, CSV and JSON outputs. */
static void
copy_text(struct ct_cur *v, char *out, size_t n)
{
	size_t len = ct_cur_left(v), k;
	const uint8_t *p;

	if (len > n - 1)
		len = n - 1;
	p = ct_cur_bytes(v, len);
	if (!p) {
		out[0] = '\0';
		return;
	}
	/* one bound, so the compiler makes the loop wide: Session-Id and
	 * the hosts and realms of every message come through here */
	for (k = 0; k < len; k++)
		out[k] = (p[k] >= 0x20 && p[k] < 0x7f) ? (char)p[k] : '?';
	out[len] = '\0';
}

/* An IMSI is 6 to 15 digits (TS 23.003 §2.2: MCC 3 + MNC 2-3 + MSIN). */
static int
is_imsi(const char *s, size_t n)
{
	size_t i;

	if (n < 6 || n > 15)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* User-Name (RFC 6733 §8.14) is the IMSI on S6a (TS 29.272 §7.3.1 note),
 * "IMSI@realm" as an IMS private identity on Cx (TS 23.003 §13.3). */
static void
user_name(struct ct_cur *v, struct ct_dissect *d)
{
	char s[128];
	const char *at;
	size_t n;

	copy_text(v, s, sizeof(s));
	at = strchr(s, '@');
	n = at ? (size_t)(at - s) : strlen(s);
	if (is_imsi(s, n)) {
		s[n] = '\0';
		ct_dissect_add_id(d, CT_ID_IMSI, s);
	}
}

/* MSISDN AVP (TS 29.329 §6.3.2): TBCD, low nibble first, 0xF filler. */
static void
msisdn_tbcd(struct ct_cur *v, struct ct_dissect *d)
{
	char s[24];
	size_t k = 0;

	while (ct_cur_left(v) > 0) {
		uint8_t o = ct_cur_u8(v);
		unsigned dg[2] = { o & 0x0fu, o >> 4 };
		unsigned i;

		for (i = 0; i < 2; i++) {
			if (dg[i] == 0x0f && i == 1 && ct_cur_left(v) == 0)
				break;
			if (dg[i] > 9 || k + 1 >= sizeof(s))
				return;
			s[k++] = (char)('0' + dg[i]);
		}
	}
	s[k] = '\0';
	if (k)
		ct_dissect_add_id(d, CT_ID_MSISDN, s);
}

/* Reads an Unsigned32 AVP value (RFC 6733 §4.2): exactly four octets. */
static int
avp_u32(struct ct_cur *v, uint32_t *out)
{
	if (ct_cur_left(v) != 4)
		return -1;
	*out = ct_cur_be32(v);
	return 0;
}

static enum ct_dec_status walk_avps(struct ct_cur *c, struct ct_dissect *d,
				    struct avp_group *g, int cut, unsigned depth);

/* Walks a grouped AVP's members, then reports what the group means. */
static enum ct_dec_status
grouped(uint32_t code, struct ct_cur *v, struct ct_dissect *d, unsigned depth)
{
	struct avp_group g;
	enum ct_dec_status st;

	if (depth + 1 > DIAM_DEPTH_MAX)
		return CT_DEC_MALFORMED;
	memset(&g, 0, sizeof(g));
	st = walk_avps(v, d, &g, 0, depth + 1);
	if (st != CT_DEC_OK)
		return st;
	if (code == AVP_EXPERIMENTAL_RESULT && g.has_exp_code)
		ct_dissect_add_cause(d, CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, g.exp_code, NULL);
	if (code == AVP_SUBSCRIPTION_ID && g.has_sub_type && g.sub_data[0]) {
		size_t n = strlen(g.sub_data);

		if (g.sub_type == SUB_END_USER_IMSI && is_imsi(g.sub_data, n))
			ct_dissect_add_id(d, CT_ID_IMSI, g.sub_data);
		else if (g.sub_type == SUB_END_USER_E164)
			ct_dissect_add_id(d, CT_ID_MSISDN, g.sub_data);
	}
	return CT_DEC_OK;
}

/* Handles one AVP whose data is v. g collects the members of the group
 * being walked (never NULL: the message level has a group of its own). */
static enum ct_dec_status
avp(uint32_t code, uint32_t vendor, struct ct_cur *v, struct ct_dissect *d,
    struct avp_group *g, unsigned depth)
{
	char s[64];
	uint32_t u;

	if (vendor == VENDOR_3GPP) {
		if (code == AVP_3GPP_SUBSCRIPTION_DATA)
			return grouped(code, v, d, depth);
		if (code == AVP_3GPP_MSISDN)
			msisdn_tbcd(v, d);
		return CT_DEC_OK;
	}
	if (vendor != 0)
		return CT_DEC_OK;

	switch (code) {
	case AVP_SESSION_ID:
		copy_text(v, s, sizeof(s));
		if (depth == 0 && s[0])
			ct_dissect_add_id(d, CT_ID_SESSION, s);
		break;
	case AVP_USER_NAME:
		user_name(v, d);
		break;
	case AVP_RESULT_CODE:
		if (avp_u32(v, &u) < 0)
			return CT_DEC_MALFORMED;
		ct_dissect_add_cause(d, CT_FAM_DIAMETER, CT_CG_NONE, u, NULL);
		break;
	case AVP_EXPERIMENTAL_RESULT_CODE:
		if (avp_u32(v, &u) < 0)
			return CT_DEC_MALFORMED;
		g->exp_code = u;
		g->has_exp_code = 1;
		break;
	case AVP_SUBSCRIPTION_ID_TYPE: /* Enumerated: four octets */
		if (avp_u32(v, &u) < 0)
			return CT_DEC_MALFORMED;
		g->sub_type = u;
		g->has_sub_type = 1;
		break;
	case AVP_SUBSCRIPTION_ID_DATA:
		copy_text(v, g->sub_data, sizeof(g->sub_data));
		break;
	case AVP_EXPERIMENTAL_RESULT:
	case AVP_SUBSCRIPTION_ID:
	case AVP_MSCC:
		return grouped(code, v, d, depth);
	default:
		break;
	}
	return CT_DEC_OK;
}

/*
 * Walks the AVPs in c. cut: c ends where our bytes end, not where its
 * container ends, so an AVP running past it is TRUNCATED rather than
 * MALFORMED. Every iteration consumes at least 8 octets: the loop ends.
 */
static enum ct_dec_status
walk_avps(struct ct_cur *c, struct ct_dissect *d, struct avp_group *g, int cut,
	  unsigned depth)
{
	while (ct_cur_left(c) > 0) {
		struct ct_cur v;
		uint32_t code, alen, vendor = 0;
		uint8_t flags;
		size_t hdr, dlen, pad;
		enum ct_dec_status st;

		if (ct_cur_left(c) < 8)
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
		code = ct_cur_be32(c);
		flags = ct_cur_u8(c);
		alen = ct_cur_be24(c);
		hdr = (flags & AVP_FLAG_V) ? 12 : 8;
		if (alen < hdr) /* RFC 6733 §7.1.5 DIAMETER_INVALID_AVP_LENGTH */
			return CT_DEC_MALFORMED;
		if (flags & AVP_FLAG_V) {
			if (ct_cur_left(c) < 4)
				return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
			vendor = ct_cur_be32(c);
		}
		dlen = alen - hdr;
		if (dlen > ct_cur_left(c))
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
		ct_cur_sub(c, dlen, &v);
		/* §4.1: padding is not in AVP Length but is in the container's;
		 * a last AVP without it is tolerated. */
		pad = (4 - dlen % 4) % 4;
		if (pad > ct_cur_left(c)) {
			if (cut)
				return CT_DEC_TRUNCATED;
			pad = ct_cur_left(c);
		}
		ct_cur_skip(c, pad);

		st = avp(code, vendor, &v, d, g, depth);
		if (st != CT_DEC_OK)
			return st;
	}
	return CT_DEC_OK;
}

static const struct diam_cmd *
find_cmd(uint32_t code)
{
	const struct diam_cmd *m;

	for (m = diam_cmds; m->request; m++)
		if (m->code == code)
			return m;
	return NULL;
}

enum ct_dec_status
ct_decode_diameter(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	const struct diam_cmd *cmd;
	struct ct_cur c, m;
	struct avp_group top;
	char name[64];
	uint8_t version, flags;
	uint32_t mlen, code, app, hbh;
	size_t have;
	int cut, req;
	enum ct_dec_status st;

	d->protocol = "diameter";
	ct_cur_init(&c, p, len);
	version = ct_cur_u8(&c);
	mlen = ct_cur_be24(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (version != 1 || mlen < DIAM_HDR_LEN || mlen % 4 != 0)
		return CT_DEC_MALFORMED;

	have = ct_cur_left(&c);
	cut = mlen - 4 > have;
	ct_cur_sub(&c, cut ? have : mlen - 4, &m);
	flags = ct_cur_u8(&m);
	code = ct_cur_be24(&m);
	app = ct_cur_be32(&m);
	hbh = ct_cur_be32(&m);
	ct_cur_skip(&m, 4); /* End-to-End Identifier */
	if (!ct_cur_ok(&m))
		return CT_DEC_TRUNCATED;

	req = (flags & DIAM_FLAG_R) != 0;
	cmd = find_cmd(code);
	if (cmd)
		ct_dissect_set_message(d, req ? cmd->request : cmd->answer);
	else {
		snprintf(name, sizeof(name), "Diameter command %u %s", (unsigned)code,
			 req ? "Request" : "Answer");
		ct_dissect_set_message(d, name);
	}
	d->is_request = req;
	d->procedure = code;
	d->application = app;
	d->seq = hbh;

	memset(&top, 0, sizeof(top));
	st = walk_avps(&m, d, &top, cut, 0);
	if (st == CT_DEC_OK && cut)
		st = CT_DEC_TRUNCATED;
	return st;
}

size_t
ct_diameter_frame_len(const uint8_t *p, size_t len)
{
	struct ct_cur c;
	uint8_t version;
	uint32_t mlen;

	ct_cur_init(&c, p, len);
	version = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return 0;
	if (version != 1)
		return (size_t)-1;
	mlen = ct_cur_be24(&c);
	if (!ct_cur_ok(&c))
		return 0;
	if (mlen < DIAM_HDR_LEN || mlen % 4 != 0 || mlen > DIAM_FRAME_MAX)
		return (size_t)-1;
	return mlen <= len ? mlen : 0;
}
