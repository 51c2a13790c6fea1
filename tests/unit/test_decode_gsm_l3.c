/*
 * test_decode_gsm_l3.c — GSM layer 3 (TS 24.007 framing, TS 44.018 RR,
 * TS 24.008 MM and CC): message names, causes, identities, bad input.
 * Every vector is written octet by octet from the message definitions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"
#include "decode_copy.h"

/* Decodes a copy of exactly len bytes (decode_copy.h). */
static enum ct_dec_status
decode(const uint8_t *v, size_t len, struct ct_dissect *d)
{
	return decode_copy(ct_decode_gsm_l3, v, len, d);
}

/* Every strict prefix of a message whose mandatory part runs to its last
 * octet is reported as not OK (truncated or malformed) with no cause. */
static void
check_prefixes(const uint8_t *v, size_t len)
{
	struct ct_dissect d;
	size_t n;

	for (n = 0; n < len; n++) {
		assert_int_not_equal(decode(v, n, &d), CT_DEC_OK);
		assert_int_equal(d.ncauses, 0);
	}
}

static const uint8_t lu_reject_13[] = {
	0x05, /* skip indicator 0, PD 5 = MM */
	0x04, /* message type: Location Updating Reject */
	0x0d, /* reject cause 13: roaming not allowed in this location area */
};

static void
test_mm_location_updating_reject(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(lu_reject_13, sizeof(lu_reject_13), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-mm");
	assert_string_equal(d.message, "Location Updating Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MM);
	assert_int_equal(d.causes[0].value, 13);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "Location Updating Reject");
	assert_string_equal(ct_cause_name(CT_FAM_MM, CT_CG_NONE, 13, buf, sizeof(buf)),
			    "Roaming not allowed in this location area");
	check_prefixes(lu_reject_13, sizeof(lu_reject_13));
}

static void
test_mm_nsd_bit_and_other_rejects(void **state)
{
	static const uint8_t cm_reject[] = {
		0x05, /* PD MM */
		0x62, /* bits 7-8 = 01 (N(SD) = 1), type 0x22 CM Service Reject */
		0x11, /* reject cause 17: network failure */
	};
	static const uint8_t auth_reject[] = {
		0x05, /* PD MM */
		0x11, /* Authentication Reject: no information elements */
	};
	static const uint8_t abort_6[] = {
		0x05, /* PD MM */
		0x29, /* Abort */
		0x06, /* reject cause 6: illegal ME */
	};
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(cm_reject, sizeof(cm_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "CM Service Reject");
	assert_int_equal(d.causes[0].value, 17);
	assert_int_equal(d.causes[0].failure, 1);

	assert_int_equal(decode(auth_reject, sizeof(auth_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Authentication Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MM);
	assert_int_equal(d.causes[0].value, 256);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_MM, CT_CG_NONE, 256, buf, sizeof(buf)),
			    "Authentication Reject (no cause IE)");

	assert_int_equal(decode(abort_6, sizeof(abort_6), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Abort");
	assert_int_equal(d.causes[0].value, 6);
}

static const uint8_t cc_disconnect_17[] = {
	0x03, /* TI flag 0, TI 0, PD 3 = CC */
	0x25, /* message type: Disconnect */
	0x02, /* Cause length 2 */
	0xe1, /* ext 1, coding standard 11 (GSM), spare 0, location 0001 (private network, local user) */
	0x91, /* ext 1, cause value 17: user busy */
};

static void
test_cc_disconnect_user_busy(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(cc_disconnect_17, sizeof(cc_disconnect_17), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-cc");
	assert_string_equal(d.message, "Disconnect");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_CC);
	assert_int_equal(d.causes[0].value, 17);
	assert_int_equal(d.causes[0].failure, 1);
	check_prefixes(cc_disconnect_17, sizeof(cc_disconnect_17));
}

static void
test_cc_normal_clearing_is_not_failure(void **state)
{
	static const uint8_t disconnect_16[] = {
		0x83, /* TI flag 1 (network side), TI 0, PD CC */
		0x25, /* Disconnect */
		0x02, /* Cause length 2 */
		0xe0, /* ext 1, GSM coding, location 0 (user) */
		0x90, /* ext 1, cause 16: normal call clearing */
	};
	static const uint8_t release_complete_31[] = {
		0x03, /* PD CC */
		0x2a, /* Release Complete */
		0x08, /* IEI: Cause */
		0x02, /* length 2 */
		0xe2, /* ext 1, GSM coding, location 2 (public network, local user) */
		0x9f, /* ext 1, cause 31: normal, unspecified */
	};
	static const uint8_t release_no_cause[] = {
		0x03, /* PD CC */
		0x6d, /* N(SD) = 1, Release (0x2d), no optional IE */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(disconnect_16, sizeof(disconnect_16), &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].value, 16);
	assert_int_equal(d.causes[0].failure, 0);

	assert_int_equal(decode(release_complete_31, sizeof(release_complete_31), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Release Complete");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 31);
	assert_int_equal(d.causes[0].failure, 0);
	/* A cut inside the optional Cause IE is truncated, not silently OK. */
	assert_int_equal(decode(release_complete_31, 3, &d), CT_DEC_TRUNCATED);
	assert_int_equal(decode(release_complete_31, 5, &d), CT_DEC_TRUNCATED);

	assert_int_equal(decode(release_no_cause, sizeof(release_no_cause), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Release");
	assert_int_equal(d.ncauses, 0);
}

static void
test_cc_cause_octet_3a_and_ti_extension(void **state)
{
	static const uint8_t disconnect_3a[] = {
		0x73, /* TI flag 0, TI value 7 (extended), PD CC */
		0x85, /* TI extension octet: ext 1, TI 5 */
		0x25, /* Disconnect */
		0x03, /* Cause length 3 */
		0x60, /* ext 0 (octet 3a follows), GSM coding, location 0 */
		0x80, /* octet 3a: ext 1, recommendation 0 (Q.931) */
		0x95, /* ext 1, cause 21: call rejected */
	};
	static const uint8_t short_cause[] = {
		0x03, /* PD CC */
		0x25, /* Disconnect */
		0x01, /* Cause length 1: below the minimum of 2 */
		0xe0, /* octet 3 only */
	};
	static const uint8_t cause_3a_missing_value[] = {
		0x03, /* PD CC */
		0x25, /* Disconnect */
		0x02, /* Cause length 2 */
		0x60, /* ext 0: octet 3a follows */
		0x80, /* octet 3a; the cause value octet is missing inside the IE */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(disconnect_3a, sizeof(disconnect_3a), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Disconnect");
	assert_int_equal(d.causes[0].value, 21);
	assert_int_equal(d.causes[0].failure, 1);
	check_prefixes(disconnect_3a, sizeof(disconnect_3a));

	assert_int_equal(decode(short_cause, sizeof(short_cause), &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(decode(cause_3a_missing_value, sizeof(cause_3a_missing_value), &d),
			 CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 0);
}

static const uint8_t rr_channel_release_0[] = {
	0x06, /* skip indicator 0, PD 6 = RR */
	0x0d, /* Channel Release */
	0x00, /* RR cause 0: normal event */
};

static void
test_rr_channel_release(void **state)
{
	static const uint8_t abnormal[] = {
		0x06, /* PD RR */
		0x0d, /* Channel Release */
		0x03, /* RR cause 3: abnormal release, timer expired */
		0x2b, /* rest octets (not read) */
	};
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(rr_channel_release_0, sizeof(rr_channel_release_0), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-rr");
	assert_string_equal(d.message, "Channel Release");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_RR);
	assert_int_equal(d.causes[0].value, 0);
	assert_int_equal(d.causes[0].failure, 0);
	check_prefixes(rr_channel_release_0, sizeof(rr_channel_release_0));

	assert_int_equal(decode(abnormal, sizeof(abnormal), &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].value, 3);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_RR, CT_CG_NONE, 3, buf, sizeof(buf)),
			    "Abnormal release, timer expired");
	assert_string_equal(ct_cause_name(CT_FAM_RR, CT_CG_NONE, 200, buf, sizeof(buf)),
			    "unknown (200)");
}

static void
test_rr_failures(void **state)
{
	static const uint8_t assignment_failure[] = {
		0x06, /* PD RR */
		0x2f, /* Assignment Failure */
		0x02, /* RR cause 2: abnormal release, channel unacceptable */
	};
	static const uint8_t handover_failure_0[] = {
		0x06, /* PD RR */
		0x28, /* Handover Failure */
		0x00, /* RR cause 0 "normal event": not a failure by the RR rule
		       * (TS 44.018 §10.5.2.31), whatever message carries it */
	};
	static const uint8_t ia_reject[] = {
		0x06,             /* PD RR */
		0x3a,             /* Immediate Assignment Reject */
		0x00,             /* spare half octet, page mode 0 */
		0x23, 0x45, 0x67, /* request reference 1: RA, T1'/T3/T2 */
		0x0a,             /* wait indication 1: T3122 = 10 s */
		0x23, 0x45, 0x67, /* request reference 2 */
		0x0a,             /* wait indication 2 */
		0x23, 0x45, 0x67, /* request reference 3 */
		0x0a,             /* wait indication 3 */
		0x23, 0x45, 0x67, /* request reference 4 */
		0x0a,             /* wait indication 4 */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(assignment_failure, sizeof(assignment_failure), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Assignment Failure");
	assert_int_equal(d.causes[0].value, 2);
	assert_int_equal(d.causes[0].failure, 1);

	assert_int_equal(decode(handover_failure_0, sizeof(handover_failure_0), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Handover Failure");
	assert_int_equal(d.causes[0].value, 0);
	assert_int_equal(d.causes[0].failure, 0);

	assert_int_equal(decode(ia_reject, sizeof(ia_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Immediate Assignment Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_RR);
	assert_int_equal(d.causes[0].value, 256);
	assert_int_equal(d.causes[0].failure, 1);
	check_prefixes(ia_reject, sizeof(ia_reject));
}

static const uint8_t id_response_imsi[] = {
	0x05, /* PD MM */
	0x19, /* Identity Response */
	0x08, /* Mobile Identity length 8 */
	0x09, /* digit 1 = 0, odd (15 digits), type 1 = IMSI */
	0x10, /* digits 3,2 = 1,0 */
	0x10, /* digits 5,4 = 1,0 */
	0x10, /* digits 7,6 = 1,0 */
	0x32, /* digits 9,8 = 3,2 */
	0x54, /* digits 11,10 = 5,4 */
	0x76, /* digits 13,12 = 7,6 */
	0x98, /* digits 15,14 = 9,8 */
};

static void
test_identity_response(void **state)
{
	static const uint8_t imeisv[] = {
		0x05, /* PD MM */
		0x19, /* Identity Response */
		0x09, /* Mobile Identity length 9 */
		0x33, /* digit 1 = 3, even (16 digits), type 3 = IMEISV */
		0x15, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, /* digits 2..15 = 51234567890123, low nibble first */
		0xf8, /* digit 16 = 8, filler 1111 */
	};
	static const uint8_t bad_digit[] = {
		0x05, /* PD MM */
		0x19, /* Identity Response */
		0x02, /* length 2 */
		0x19, /* digit 1 = 1, odd, IMSI */
		0x3a, /* digit 2 = 0xa: not a BCD digit */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(id_response_imsi, sizeof(id_response_imsi), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Identity Response");
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_IMSI);
	assert_string_equal(d.ids[0].value, "001010123456789");
	check_prefixes(id_response_imsi, sizeof(id_response_imsi));
	for (size_t n = 0; n < sizeof(id_response_imsi); n++) {
		decode(id_response_imsi, n, &d);
		assert_int_equal(d.nids, 0);
	}

	assert_int_equal(decode(imeisv, sizeof(imeisv), &d), CT_DEC_OK);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_IMEI);
	assert_string_equal(d.ids[0].value, "3512345678901238");

	assert_int_equal(decode(bad_digit, sizeof(bad_digit), &d), CT_DEC_MALFORMED);
	assert_int_equal(d.nids, 0);
}

static void
test_tmsi_identities(void **state)
{
	static const uint8_t lu_request[] = {
		0x05,                         /* PD MM */
		0x08,                         /* Location Updating Request */
		0x10,                         /* CKSN 1, LU type normal */
		0x02, 0xf8, 0x01, 0x2f, 0x46, /* LAI: MCC 208, MNC 10, LAC 0x2f46 */
		0x53,                         /* MS classmark 1 */
		0x05,                         /* Mobile Identity length 5 */
		0xf4,                         /* 1111, even, type 4 = TMSI */
		0x1a, 0x2b, 0x3c, 0x4d,       /* TMSI */
	};
	static const uint8_t paging1[] = {
		0x06,       /* PD RR */
		0x21,       /* Paging Request Type 1 */
		0x00,       /* channels needed, page mode normal */
		0x05,       /* Mobile Identity 1 length 5 */
		0xf4,       /* 1111, even, type 4 = TMSI */
		0xc0, 0xff, 0xee, 0x01,
		0x17,       /* IEI: Mobile Identity 2 */
		0x08,       /* length 8 */
		0x29,       /* digit 1 = 2, odd, IMSI */
		0x80, 0x01, 0x10, 0x32, 0x54, 0x76, 0x98, /* digits 2..15 */
		0x2b, 0x2b, /* P1 rest octets */
	};
	static const uint8_t paging2[] = {
		0x06,                   /* PD RR */
		0x22,                   /* Paging Request Type 2 */
		0x00,                   /* page mode */
		0x11, 0x22, 0x33, 0x44, /* TMSI 1 */
		0x55, 0x66, 0x77, 0x88, /* TMSI 2 */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(lu_request, sizeof(lu_request), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Location Updating Request");
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_TMSI);
	assert_string_equal(d.ids[0].value, "1a2b3c4d");
	check_prefixes(lu_request, sizeof(lu_request));

	assert_int_equal(decode(paging1, sizeof(paging1), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Paging Request Type 1");
	assert_int_equal(d.nids, 2);
	assert_string_equal(d.ids[0].value, "c0ffee01");
	assert_int_equal(d.ids[1].kind, CT_ID_IMSI);
	assert_string_equal(d.ids[1].value, "208100123456789");

	assert_int_equal(decode(paging2, sizeof(paging2), &d), CT_DEC_OK);
	assert_int_equal(d.nids, 2);
	assert_string_equal(d.ids[0].value, "11223344");
	assert_string_equal(d.ids[1].value, "55667788");
	check_prefixes(paging2, sizeof(paging2));
}

/* TS 24.008 §9.4.4, §9.4.17, §9.4.22, §9.4.5, §9.4.11: the GMM rejects
 * and a network-initiated Detach Request with its optional GMM cause. */
static void
test_gmm_causes(void **state)
{
	static const uint8_t attach_reject[] = { 0x08, 0x04, 0x07 };       /* GMM 7 */
	static const uint8_t rau_reject[] = { 0x08, 0x0b, 0x0d, 0x00 };    /* GMM 13, force to standby 0 */
	static const uint8_t service_reject[] = { 0x08, 0x0e, 0x28 };      /* GMM 40 */
	static const uint8_t detach_nw[] = { 0x08, 0x05, 0x01, 0x25, 0x02 }; /* re-attach, GMM 2 */
	static const uint8_t detach_ms[] = { 0x08, 0x05, 0x01, 0x18, 0x05, 0xf4,
					     0x01, 0x02, 0x03, 0x04 };  /* P-TMSI: no cause */
	static const uint8_t auth_reject[] = { 0x08, 0x14 };
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(attach_reject, sizeof(attach_reject), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-gmm");
	assert_string_equal(d.message, "Attach Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_GMM);
	assert_int_equal(d.causes[0].value, 7);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_GMM, CT_CG_NONE, 7, buf, sizeof(buf)),
			    "GPRS services not allowed");
	check_prefixes(attach_reject, sizeof(attach_reject));

	assert_int_equal(decode(rau_reject, sizeof(rau_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Routing Area Update Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 13);

	assert_int_equal(decode(service_reject, sizeof(service_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Service Reject");
	assert_int_equal(d.causes[0].value, 40);
	assert_string_equal(ct_cause_name(CT_FAM_GMM, CT_CG_NONE, 40, buf, sizeof(buf)),
			    "No PDP context activated");

	assert_int_equal(decode(detach_nw, sizeof(detach_nw), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Detach Request");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 2);
	assert_int_equal(decode(detach_ms, sizeof(detach_ms), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 0);

	assert_int_equal(decode(auth_reject, sizeof(auth_reject), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 256);
	assert_string_equal(ct_cause_name(CT_FAM_GMM, CT_CG_NONE, 256, buf, sizeof(buf)),
			    "Authentication and Ciphering Reject (no cause IE)");
}

/* TS 24.008 §9.5.3, §9.5.14: SM causes; 36 "Regular deactivation" is not
 * a failure, and a TI of 7 takes an extension octet. */
static void
test_sm_causes(void **state)
{
	static const uint8_t pdp_reject[] = { 0x8a, 0x43, 0x1b };       /* SM 27 */
	static const uint8_t deactivate[] = { 0x0a, 0x46, 0x24 };       /* SM 36 */
	static const uint8_t ti_ext[] = { 0xfa, 0x88, 0x4c, 0x1a };     /* TI 7 + ext 8, Modify reject, SM 26 */
	static const uint8_t ti_ext_bad[] = { 0xfa, 0x08, 0x4c, 0x1a }; /* extension bit 8 clear */
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(pdp_reject, sizeof(pdp_reject), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-sm");
	assert_string_equal(d.message, "Activate PDP Context Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_SM);
	assert_int_equal(d.causes[0].value, 27);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_SM, CT_CG_NONE, 27, buf, sizeof(buf)),
			    "Missing or unknown APN");
	check_prefixes(pdp_reject, sizeof(pdp_reject));

	assert_int_equal(decode(deactivate, sizeof(deactivate), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Deactivate PDP Context Request");
	assert_int_equal(d.causes[0].value, 36);
	assert_int_equal(d.causes[0].failure, 0);

	assert_int_equal(decode(ti_ext, sizeof(ti_ext), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Modify PDP Context Reject");
	assert_int_equal(d.causes[0].value, 26);
	assert_int_equal(decode(ti_ext_bad, sizeof(ti_ext_bad), &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 0);
}

static void
test_names_and_unsupported(void **state)
{
	static const uint8_t si3[] = { 0x06, 0x1b, 0x00, 0x01 };   /* RR System Information Type 3 */
	static const uint8_t rr_unknown[] = { 0x06, 0x7f };         /* RR type 0x7f: not defined */
	static const uint8_t rr_skip[] = { 0x16, 0x0d, 0x00 };      /* skip indicator 1: ignore */
	static const uint8_t gmm[] = { 0x08, 0x08 };                /* PD 8 GMM, Routing Area Update Request */
	static const uint8_t gmm_skip[] = { 0x18, 0x04, 0x07 };     /* skip indicator 1: ignore */
	static const uint8_t sms[] = { 0x09, 0x01 };                /* PD 9 SMS, CP-DATA */
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(si3, sizeof(si3), &d), CT_DEC_OK);
	assert_string_equal(d.message, "System Information Type 3");
	assert_int_equal(decode(rr_unknown, sizeof(rr_unknown), &d), CT_DEC_OK);
	assert_string_equal(d.message, "RR 0x7f");
	assert_int_equal(decode(rr_skip, sizeof(rr_skip), &d), CT_DEC_UNSUPPORTED);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(decode(gmm, sizeof(gmm), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-gmm");
	assert_string_equal(d.message, "Routing Area Update Request");
	assert_int_equal(decode(gmm_skip, sizeof(gmm_skip), &d), CT_DEC_UNSUPPORTED);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(decode(sms, sizeof(sms), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.protocol, "gsm-sms");
	assert_int_equal(decode(sms, 1, &d), CT_DEC_TRUNCATED);
	assert_int_equal(decode(sms, 0, &d), CT_DEC_TRUNCATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mm_location_updating_reject),
		cmocka_unit_test(test_mm_nsd_bit_and_other_rejects),
		cmocka_unit_test(test_cc_disconnect_user_busy),
		cmocka_unit_test(test_cc_normal_clearing_is_not_failure),
		cmocka_unit_test(test_cc_cause_octet_3a_and_ti_extension),
		cmocka_unit_test(test_rr_channel_release),
		cmocka_unit_test(test_rr_failures),
		cmocka_unit_test(test_identity_response),
		cmocka_unit_test(test_tmsi_identities),
		cmocka_unit_test(test_gmm_causes),
		cmocka_unit_test(test_sm_causes),
		cmocka_unit_test(test_names_and_unsupported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
