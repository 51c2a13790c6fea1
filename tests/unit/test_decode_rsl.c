/*
 * test_decode_rsl.c — GSM Abis (TS 48.058 RSL, its IPA and LAPD carriers)
 * and Iuh (TS 25.469 HNBAP, TS 25.468 RUA): message names, the exact
 * causes found, the layer 3 and RANAP inside, identities, bad input. Every
 * vector is written octet by octet from the message definitions.
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

typedef decode_copy_fn decoder;

/* Decodes a copy of exactly len bytes (decode_copy.h). */
static enum ct_dec_status
decode(decoder fn, const uint8_t *v, size_t len, struct ct_dissect *d)
{
	return decode_copy(fn, v, len, d);
}

/* Every strict prefix decodes without fault (the sanitizers watch the
 * exact-length copies) and is not reported as a whole message with the
 * cause the last octet completes. */
static void
check_prefixes(decoder fn, const uint8_t *v, size_t len)
{
	struct ct_dissect d;

	for (size_t n = 0; n < len; n++)
		assert_false(decode(fn, v, n, &d) == CT_DEC_OK && d.ncauses > 1);
}

/* TS 48.058 §8.4.4 Connection Failure Indication: DCM discriminator 0x08,
 * type 0x24, Channel Number (TV), Cause TLV 0x1a len 1 "radio link
 * failure" (0x01). */
static const uint8_t conn_fail[] = { 0x08, 0x24, 0x01, 0x0a, 0x1a, 0x01, 0x01 };

static void
test_rsl_connection_failure(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(ct_decode_rsl, conn_fail, sizeof(conn_fail), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "rsl");
	assert_string_equal(d.message, "Connection Failure Indication");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_RSL);
	assert_int_equal(d.causes[0].value, 1);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_RSL, CT_CG_NONE, 1, buf, sizeof(buf)),
			    "radio link failure");
	/* Channel Number 0x0a: C-bits 00001 (TCH/F), timeslot 2: a dedicated
	 * channel, the subscriber's identity on this link */
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_RSL_CHAN);
	assert_string_equal(d.ids[0].value, "0a");
	check_prefixes(ct_decode_rsl, conn_fail, sizeof(conn_fail));
}

/* §8.4.3 Channel Activation NACK (0x23) with Cause 0x50 "radio channel
 * already activated/allocated", §8.4.11 Mode Modify NACK (0x2b); "normal
 * event, unspecified" (0x0f) in an Error Report (§8.6.4) is not a
 * failure; the two-octet (extended) form of the Cause. */
static void
test_rsl_nacks_and_normal(void **state)
{
	static const uint8_t nack[] = { 0x08, 0x23, 0x01, 0x0a, 0x1a, 0x01, 0x50 };
	static const uint8_t mm_nack[] = { 0x08, 0x2b, 0x01, 0x0a, 0x1a, 0x01, 0x21 };
	static const uint8_t normal[] = { 0x10, 0x1c, 0x1a, 0x01, 0x0f };
	static const uint8_t ext[] = { 0x10, 0x1c, 0x1a, 0x02, 0x80, 0x05 };
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ct_decode_rsl, nack, sizeof(nack), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Channel Activation Negative Acknowledge");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 0x50);
	assert_int_equal(decode(ct_decode_rsl, mm_nack, sizeof(mm_nack), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Mode Modify Negative Acknowledge");
	assert_int_equal(d.causes[0].value, 0x21);
	assert_int_equal(d.causes[0].failure, 1);
	assert_int_equal(decode(ct_decode_rsl, normal, sizeof(normal), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Error Report");
	assert_int_equal(d.causes[0].value, 0x0f);
	assert_int_equal(d.causes[0].failure, 0);
	assert_int_equal(decode(ct_decode_rsl, ext, sizeof(ext), &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].value, 0x05);
}

/* §8.3.3 Error Indication (RLL 0x02, type 0x03): Channel Number, Link
 * Identifier, RLM cause 0x16 len 1 value 1 (T200 expired); and the same
 * message with the first-generation identifiers (0x03, 0xb2) and an
 * overlong length: the cause is read from its place, the message is
 * malformed. */
static void
test_rsl_error_indication(void **state)
{
	static const uint8_t std[] = { 0x02, 0x03, 0x01, 0x0a, 0x02, 0x00, 0x16, 0x01, 0x01 };
	static const uint8_t old[] = { 0x0c, 0x03, 0x01, 0x88, 0x03, 0x17, 0xb2, 0x27, 0x11,
				       0x00, 0x10 };
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(ct_decode_rsl, std, sizeof(std), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Error Indication");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_RLM);
	assert_int_equal(d.causes[0].value, 1);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_RLM, CT_CG_NONE, 1, buf, sizeof(buf)),
			    "timer T200 expired (N200+1) times");
	assert_int_equal(decode(ct_decode_rsl, old, sizeof(old), &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_RLM);
	assert_int_equal(d.causes[0].value, 17);
	check_prefixes(ct_decode_rsl, std, sizeof(std));
	check_prefixes(ct_decode_rsl, old, sizeof(old));
}

/* §8.3.1 Data Request (RLL 0x02 | T, type 0x01) whose L3 Information
 * (0x0b, two-octet length) is a Location Updating Reject, cause 3 "Illegal
 * MS" (TS 24.008 §9.2.14); and a CC Release with cause 1. */
static const uint8_t data_req_lu_reject[] = {
	0x03, 0x01, 0x01, 0x0a, 0x02, 0x00, 0x0b, 0x00, 0x03, 0x05, 0x04, 0x03
};

static void
test_rsl_layer3_inside(void **state)
{
	static const uint8_t cc_release[] = {
		0x03, 0x02, 0x01, 0x0a, 0x02, 0x00, 0x0b, 0x00, 0x06,
		0x83, 0x2d, 0x08, 0x02, 0xe1, 0x81 /* CC Release, Cause 1 */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ct_decode_rsl, data_req_lu_reject, sizeof(data_req_lu_reject), &d),
			 CT_DEC_OK);
	assert_string_equal(d.protocol, "rsl");
	assert_string_equal(d.message, "Location Updating Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MM);
	assert_int_equal(d.causes[0].value, 3);
	assert_int_equal(decode(ct_decode_rsl, cc_release, sizeof(cc_release), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Release");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_CC);
	assert_int_equal(d.causes[0].value, 1);
	assert_int_equal(d.causes[0].failure, 1);
	check_prefixes(ct_decode_rsl, data_req_lu_reject, sizeof(data_req_lu_reject));
}

static void
test_rsl_unknown_and_empty(void **state)
{
	static const uint8_t unknown[] = { 0x08, 0x5f };
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ct_decode_rsl, unknown, sizeof(unknown), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "RSL 0x08/0x5f");
	assert_int_equal(decode(ct_decode_rsl, unknown, 1, &d), CT_DEC_TRUNCATED);
	/* a Cause TLV whose length runs past the message */
	{
		static const uint8_t over[] = { 0x08, 0x24, 0x01, 0x0a, 0x1a, 0x05, 0x01 };

		assert_int_equal(decode(ct_decode_rsl, over, sizeof(over), &d), CT_DEC_MALFORMED);
		assert_int_equal(d.ncauses, 0);
	}
}

/* IPA: | length (2) | stream 0x00 RSL | the Data Request above |; CCM PING;
 * OML unsupported; the framing and the sniffing. */
static void
test_ipa(void **state)
{
	uint8_t ipa[3 + sizeof(data_req_lu_reject)];
	static const uint8_t ping[] = { 0x00, 0x01, 0xfe, 0x00 };
	static const uint8_t oml[] = { 0x00, 0x02, 0xff, 0x80, 0x80 };
	static const uint8_t tls[] = { 0x17, 0x03, 0x03, 0x00, 0x10 };
	struct ct_dissect d;
	uint8_t two[sizeof(ipa) + sizeof(ping)];

	(void)state;
	ipa[0] = 0;
	ipa[1] = sizeof(data_req_lu_reject);
	ipa[2] = 0x00;
	memcpy(ipa + 3, data_req_lu_reject, sizeof(data_req_lu_reject));
	assert_int_equal(decode(ct_decode_ipa, ipa, sizeof(ipa), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "rsl");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 3);
	assert_int_equal(decode(ct_decode_ipa, ping, sizeof(ping), &d), CT_DEC_OK);
	assert_string_equal(d.message, "IPA PING");
	assert_int_equal(decode(ct_decode_ipa, oml, sizeof(oml), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.protocol, "oml");
	assert_int_equal(decode(ct_decode_ipa, ipa, sizeof(ipa) - 1, &d), CT_DEC_TRUNCATED);
	assert_int_equal(ct_ipa_frame_len(ipa, 2), 0);
	assert_int_equal(ct_ipa_frame_len(ipa, sizeof(ipa)), sizeof(ipa));
	assert_int_equal(ct_ipa_frame_len(tls, sizeof(tls)), (size_t)-1);
	memcpy(two, ipa, sizeof(ipa));
	memcpy(two + sizeof(ipa), ping, sizeof(ping));
	assert_int_equal(ct_ipa_sniff(two, sizeof(two)), 1);
	assert_int_equal(ct_ipa_sniff(two, sizeof(two) - 1), 0);
	assert_int_equal(ct_ipa_sniff(tls, sizeof(tls)), 0);
	check_prefixes(ct_decode_ipa, ipa, sizeof(ipa));
}

/* LAPD: SAPI 0 (C/R 0, EA0 0), TEI 1 (EA1 1), UI (0x03), the Error
 * Indication; SAPI 62 OML; an I frame; a SABME; a bad address. */
static void
test_lapd(void **state)
{
	static const uint8_t ui[] = { 0x00, 0x03, 0x03, 0x02, 0x03, 0x01, 0x0a, 0x02, 0x00,
				      0x16, 0x01, 0x01 };
	static const uint8_t i_frame[] = { 0x00, 0x03, 0x00, 0x00, 0x08, 0x24, 0x01, 0x0a,
					   0x1a, 0x01, 0x01 };
	static const uint8_t oml[] = { 0xfa, 0x33, 0x03, 0x80, 0x80 };
	static const uint8_t sabme[] = { 0x00, 0x03, 0x7f };
	static const uint8_t bad[] = { 0x01, 0x03, 0x03 };
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ct_decode_lapd, ui, sizeof(ui), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Error Indication");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_RLM);
	assert_int_equal(decode(ct_decode_lapd, i_frame, sizeof(i_frame), &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].family, CT_FAM_RSL);
	assert_int_equal(d.causes[0].value, 1);
	/* on E1 the TEI (1) scopes the channel */
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_RSL_CHAN);
	assert_string_equal(d.ids[0].value, "tei1-0a");
	assert_int_equal(decode(ct_decode_lapd, oml, sizeof(oml), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "OML");
	assert_int_equal(decode(ct_decode_lapd, sabme, sizeof(sabme), &d), CT_DEC_OK);
	assert_string_equal(d.message, "LAPD SABME");
	assert_int_equal(decode(ct_decode_lapd, bad, sizeof(bad), &d), CT_DEC_MALFORMED);
	check_prefixes(ct_decode_lapd, ui, sizeof(ui));
}

/*
 * HNBAP ErrorIndication (procedure 5), as an HNB sends it: initiatingMessage,
 * criticality ignore, one IE: Cause (id 1), protocol transfer-syntax-error
 * (CHOICE ext 0, alternative 2, ENUMERATED ext 0, index 0: 0x40).
 */
static const uint8_t hnbap_error_ind[] = {
	0x00, 0x05, 0x40, 0x08, 0x00, 0x00, 0x01, 0x00, 0x01, 0x40, 0x01, 0x40
};

static void
test_hnbap(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(ct_decode_hnbap, hnbap_error_ind, sizeof(hnbap_error_ind), &d),
			 CT_DEC_OK);
	assert_string_equal(d.protocol, "hnbap");
	assert_string_equal(d.message, "ErrorIndication");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_HNBAP);
	assert_int_equal(d.causes[0].group, CT_CG_PROTOCOL);
	assert_int_equal(d.causes[0].value, 0);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_HNBAP, CT_CG_PROTOCOL, 0, buf, sizeof(buf)),
			    "transfer-syntax-error");
	check_prefixes(ct_decode_hnbap, hnbap_error_ind, sizeof(hnbap_error_ind));
}

/* HNBAP UERegisterReject (unsuccessfulOutcome, procedure 3): UE-Identity
 * (id 5) iMSI 001010123456789 (CHOICE 0, length 8: 0x0a, then TBCD), Cause
 * (id 1) radioNetwork uE-not-allowed-on-this-HNB (0 00 0 0101: 0x05). */
static void
test_hnbap_ue_register_reject(void **state)
{
	static const uint8_t v[] = {
		0x40, 0x03, 0x00, 0x15,             /* unsuccessful, proc 3, reject, len 21 */
		0x00, 0x00, 0x02,                   /* preamble, 2 IEs */
		0x00, 0x05, 0x00, 0x09,             /* UE-Identity, reject, len 9 */
		0x0a, 0x00, 0x01, 0x01, 0x21, 0x43, 0x65, 0x87, 0xf9,
		0x00, 0x01, 0x00, 0x01, 0x05,       /* Cause */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ct_decode_hnbap, v, sizeof(v), &d), CT_DEC_OK);
	assert_string_equal(d.message, "UERegisterReject");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[0].value, 5);
	assert_int_equal(d.causes[0].failure, 1);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_IMSI);
	assert_string_equal(d.ids[0].value, "001010123456789");
	check_prefixes(ct_decode_hnbap, v, sizeof(v));
}

/*
 * RUA Disconnect (procedure 3): Context-ID (id 3) 0x000102, Cause (id 1)
 * radioNetwork connect-failed (0 00 0 01: 0x04), RANAP-Message (id 4) a
 * RANAP Iu-ReleaseCommand whose Cause is radioNetwork 46
 * radio-connection-with-UE-Lost (CHOICE 0 of 6 roots, 46 - 1 in 6 bits:
 * 0 000 101101: 0x0b 0x40).
 */
static void
test_rua_disconnect_ranap(void **state)
{
	static const uint8_t ranap[] = { 0x00, 0x01, 0x00, 0x09, 0x00, 0x00, 0x01, 0x00, 0x04,
					 0x40, 0x02, 0x0b, 0x40 };
	static const uint8_t head[] = {
		0x00, 0x03, 0x40, 0x00,             /* length set below */
		0x00, 0x00, 0x03,
		0x00, 0x03, 0x00, 0x03, 0x00, 0x01, 0x02,
		0x00, 0x01, 0x40, 0x01, 0x04,
		0x00, 0x04, 0x00, 0x0e, 0x0d,       /* open type of 14: length 13, octets */
	};
	uint8_t v[sizeof(head) + sizeof(ranap)];
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ct_decode_ranap, ranap, sizeof(ranap), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 46);
	memcpy(v, head, sizeof(head));
	memcpy(v + sizeof(head), ranap, sizeof(ranap));
	v[3] = (uint8_t)(sizeof(v) - 4);
	assert_int_equal(decode(ct_decode_rua, v, sizeof(v), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "rua");
	assert_string_equal(d.message, "Iu-ReleaseCommand");
	assert_int_equal(d.ncauses, 2);
	assert_int_equal(d.causes[0].family, CT_FAM_RUA);
	assert_int_equal(d.causes[0].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[0].value, 1);
	assert_int_equal(d.causes[0].failure, 1);
	assert_int_equal(d.causes[1].family, CT_FAM_RANAP);
	assert_int_equal(d.causes[1].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[1].value, 46);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_RUA_CTX);
	assert_string_equal(d.ids[0].value, "000102");
	/* a normal release is not a failure */
	v[sizeof(head) - 6] = 0x00;
	assert_int_equal(decode(ct_decode_rua, v, sizeof(v), &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].value, 0);
	assert_int_equal(d.causes[0].failure, 0);
	check_prefixes(ct_decode_rua, v, sizeof(v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsl_connection_failure),
		cmocka_unit_test(test_rsl_nacks_and_normal),
		cmocka_unit_test(test_rsl_error_indication),
		cmocka_unit_test(test_rsl_layer3_inside),
		cmocka_unit_test(test_rsl_unknown_and_empty),
		cmocka_unit_test(test_ipa),
		cmocka_unit_test(test_lapd),
		cmocka_unit_test(test_hnbap),
		cmocka_unit_test(test_hnbap_ue_register_reject),
		cmocka_unit_test(test_rua_disconnect_ranap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
