/*
 * test_decode_mac_lte.c — LTE MAC PDUs in the mac-lte-framed layout
 * (TS 36.321 §6.1.2), through RLC AM (TS 36.322) and PDCP (TS 36.323) to
 * LTE RRC and the NAS inside it; the user link type dispatch.
 *
 * Every vector starts with the same context: 01 FDD, 00 UL / 01 DL,
 * 03 C-RNTI, tag 02 RNTI 0x003d, tag 07 CRC 01 (correct), tag 01 payload.
 * The MAC PDU follows, its subheader first.
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

#define UL 0x01, 0x00, 0x03, 0x02, 0x00, 0x3d, 0x07, 0x01, 0x01
#define DL 0x01, 0x01, 0x03, 0x02, 0x00, 0x3d, 0x07, 0x01, 0x01

/* Decodes a copy of exactly len bytes (decode_copy.h). */
static enum ct_dec_status
decode(const uint8_t *v, size_t len, struct ct_dissect *d)
{
	return decode_copy(ct_decode_mac_lte_framed, v, len, d);
}

/* 00: E 0, LCID 0 (CCCH); then UL-CCCH RRCConnectionRequest, S-TMSI mmec
 * 0x1a, m-TMSI 0xc0ffee01, mo-Signalling. */
static const uint8_t ccch_request[] = { UL, 0x00, 0x41, 0xac, 0x0f, 0xfe, 0xe0, 0x16 };
/* DL-CCCH RRCConnectionReject, waitTime 5. */
static const uint8_t ccch_reject[] = { DL, 0x00, 0x40, 0x80 };
/* 01: LCID 1 (SRB1); RLC AMD 80 00 (FI 00, SN 0); PDCP SN 0; UL-DCCH
 * RRCConnectionSetupComplete whose dedicatedInfoNAS (14 octets, not octet
 * aligned) is an Attach request of IMSI 001010123456789; MAC-I 0. */
static const uint8_t srb1_setup_complete[] = {
	UL, 0x01, 0x80, 0x00, 0x00, 0x20, 0x00, 0x2a, 0x0e, 0x82, 0xe2, 0x10, 0x12, 0x20,
	0x20, 0x20, 0x64, 0xa8, 0xed, 0x30, 0x05, 0xc1, 0xc0, 0x00, 0x08, 0x04, 0x03, 0xa0,
	0x22, 0x00, 0x00, 0x00, 0x00
};
/* DL-DCCH DLInformationTransfer with an Attach reject, EMM cause 15. */
static const uint8_t srb1_attach_reject[] = {
	DL, 0x01, 0x80, 0x00, 0x00, 0x08, 0x00, 0x18, 0x3a, 0x20, 0x78, 0x00, 0x00, 0x00, 0x00
};
/* DL-DCCH RRCConnectionRelease, releaseCause other (1). */
static const uint8_t srb1_release[] = {
	DL, 0x01, 0x80, 0x01, 0x01, 0x2a, 0x02, 0x00, 0x00, 0x00, 0x00
};
/* RLC AMD with FI 01: the first piece of an SDU continued in the next PDU. */
static const uint8_t srb1_segment[] = {
	UL, 0x01, 0x88, 0x01, 0x01, 0x22, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
};
/* 3d: E 1, short BSR; 1f: E 0, padding; the BSR octet; padding. */
static const uint8_t bsr_padding[] = { UL, 0x3d, 0x1f, 0x00, 0x00, 0x00 };

static void
test_ccch(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ccch_request, sizeof(ccch_request), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "lte-rrc");
	assert_string_equal(d.message, "RRCConnectionRequest");
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_TMSI);
	assert_string_equal(d.ids[0].value, "c0ffee01");

	assert_int_equal(decode(ccch_reject, sizeof(ccch_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionReject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_LTE_RRC);
	assert_int_equal(d.causes[0].value, 32);
	assert_int_equal(d.causes[0].failure, 1);
}

static void
test_srb_nas(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(srb1_setup_complete, sizeof(srb1_setup_complete), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "lte-rrc");
	assert_string_equal(d.message, "RRCConnectionSetupComplete"); /* no cause: the RRC name */
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_IMSI);
	assert_string_equal(d.ids[0].value, "001010123456789");

	assert_int_equal(decode(srb1_attach_reject, sizeof(srb1_attach_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Attach reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_EMM);
	assert_int_equal(d.causes[0].value, 15);
	assert_int_equal(d.causes[0].failure, 1);

	assert_int_equal(decode(srb1_release, sizeof(srb1_release), &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionRelease");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_LTE_RRC);
	assert_int_equal(d.causes[0].value, 1);   /* other */
	assert_int_equal(d.causes[0].failure, 0);
}

static void
test_segment_and_control(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(srb1_segment, sizeof(srb1_segment), &d), CT_DEC_NOT_REASSEMBLED);
	assert_string_equal(d.protocol, "mac-lte");
	assert_string_equal(d.message, "MAC PDU (RRC segment)");
	assert_int_equal(d.ncauses, 0);

	assert_int_equal(decode(bsr_padding, sizeof(bsr_padding), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "mac-lte");
	assert_string_equal(d.message, "MAC PDU");
}

/* The framing: the "mac-lte" start string is skipped; a CRC error, a bad
 * context or an unknown tag is malformed; every strict prefix of a PDU
 * either stops short (truncated) or finds nothing (no cause). */
static void
test_framing(void **state)
{
	static const uint8_t crc_bad[] = { 0x01, 0x00, 0x03, 0x07, 0x00, 0x01, 0x00, 0x40 };
	static const uint8_t bad_radio[] = { 0x03, 0x00, 0x03, 0x01, 0x00 };
	static const uint8_t bad_tag[] = { 0x01, 0x00, 0x03, 0x2a, 0x01, 0x00 };
	uint8_t udp[sizeof(ccch_reject) + 7];
	struct ct_dissect d;

	(void)state;
	memcpy(udp, "mac-lte", 7);
	memcpy(udp + 7, ccch_reject, sizeof(ccch_reject));
	assert_int_equal(decode(udp, sizeof(udp), &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionReject");
	assert_int_equal(decode(crc_bad, sizeof(crc_bad), &d), CT_DEC_MALFORMED);
	assert_string_equal(d.message, "MAC PDU (CRC error)");
	assert_int_equal(decode(bad_radio, sizeof(bad_radio), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(bad_tag, sizeof(bad_tag), &d), CT_DEC_MALFORMED);
	for (size_t n = 0; n < 10; n++)  /* the context and tags, cut */
		assert_int_equal(decode(srb1_release, n, &d), CT_DEC_TRUNCATED);
	for (size_t n = 10; n < sizeof(srb1_setup_complete); n++) {
		decode(srb1_setup_complete, n, &d);
		assert_int_equal(d.ncauses, 0);
	}
}

/* The user link types: the names a profile gives, and the dispatch. */
static void
test_user_carriers(void **state)
{
	static const uint8_t nas_reject[] = { 0x07, 0x44, 0x0f };
	struct ct_dissect d;

	(void)state;
	assert_int_equal(ct_value_of(ct_user_carrier_table(), "mac-lte-framed"),
			 CT_USER_MAC_LTE_FRAMED);
	assert_int_equal(ct_value_of(ct_user_carrier_table(), "nas-eps"), CT_USER_NAS_EPS);
	assert_int_equal(ct_value_of(ct_user_carrier_table(), "lte-rrc.dl-ccch"),
			 CT_USER_LTE_RRC_DL_CCCH);
	assert_true(ct_value_of(ct_user_carrier_table(), "mac-nr") < 0);
	for (int c = 1; c < CT_USER__COUNT; c++)
		assert_non_null(ct_name_of(ct_user_carrier_table(), c));

	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_user(CT_USER_NAS_EPS, nas_reject, sizeof(nas_reject), &d),
			 CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_EMM);
	assert_int_equal(d.causes[0].value, 15);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_user(CT_USER_LTE_RRC_DL_CCCH, ccch_reject + 10,
					sizeof(ccch_reject) - 10, &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].value, 32);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_user(CT_USER_NONE, nas_reject, sizeof(nas_reject), &d),
			 CT_DEC_UNSUPPORTED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ccch),
		cmocka_unit_test(test_srb_nas),
		cmocka_unit_test(test_segment_and_control),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_user_carriers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
