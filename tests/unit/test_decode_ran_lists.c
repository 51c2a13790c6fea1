/*
 * test_decode_ran_lists.c — causes inside S1AP E-RAB lists (TS 36.413) and
 * NGAP PDU session transfers (TS 38.413), and the NGAP procedure codes of
 * the PDU session procedures. Vectors built by hand in aligned PER
 * (ITU-T X.691); each byte is commented with the bits it holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"

/* S1AP E-RABReleaseCommand (procedure 7) releasing two bearers. */
static const uint8_t erab_release_cmd[] = {
	0x00,       /* ext 0, initiatingMessage (00), padding */
	0x07,       /* procedureCode 7 id-E-RABRelease */
	0x00,       /* criticality reject (00), padding */
	0x21,       /* open type length 33 */
	0x00,       /* E-RABReleaseCommand: ext 0, padding */
	0x00, 0x03, /* 3 protocol IEs */
	/* id-MME-UE-S1AP-ID (0), reject, length 2: 1 octet ('00' length-1), value 1 */
	0x00, 0x00, 0x00, 0x02, 0x00, 0x01,
	/* id-eNB-UE-S1AP-ID (8), reject, length 2: 1 octet, value 2 */
	0x00, 0x08, 0x00, 0x02, 0x00, 0x02,
	/* id-E-RABToBeReleasedList (33), ignore ('01'), length 14 */
	0x00, 0x21, 0x40, 0x0e,
	0x01,       /* SIZE(1..256): 2 items (count - 1) */
	/* item 1: id-E-RABItem (35), reject, length 2:
	 * ext 0, iE-Ext 0, e-RAB-ID ext 0 + 0101 (5), Cause ext 0 + 010 (nas),
	 * nas ext 0 + 00 (normal-release) -> 0000 1010 0100 00(pad) */
	0x00, 0x23, 0x00, 0x02, 0x0a, 0x40,
	/* item 2: id-E-RABItem, length 3: e-RAB-ID 6, Cause 000 (radioNetwork),
	 * ext 0 + 010101 (21 radio-connection-with-ue-lost)
	 * -> 0000110 0000 0010101 -> 0000 1100 0000 0101 01(pad) */
	0x00, 0x23, 0x00, 0x03, 0x0c, 0x05, 0x40,
};

/* NGAP PDUSessionResourceReleaseCommand (procedure 28), as in Open5GS. */
static const uint8_t pdu_release_cmd[] = {
	0x00,       /* ext 0, initiatingMessage, padding */
	0x1c,       /* procedureCode 28 id-PDUSessionResourceRelease */
	0x00,       /* criticality reject */
	0x18,       /* open type length 24 */
	0x00, 0x00, 0x03, /* ext 0; 3 IEs */
	/* id-AMF-UE-NGAP-ID (10): length 2, '000' (1 octet) pad, value 1 */
	0x00, 0x0a, 0x00, 0x02, 0x00, 0x01,
	/* id-RAN-UE-NGAP-ID (85): length 2, '00' (1 octet) pad, value 1 */
	0x00, 0x55, 0x00, 0x02, 0x00, 0x01,
	/* id-PDUSessionResourceToReleaseListRelCmd (79), reject, length 5 */
	0x00, 0x4f, 0x00, 0x05,
	0x00,       /* SIZE(1..256): 1 item */
	0x00,       /* item: ext 0, iE-Extensions absent, padding */
	0x05,       /* pDUSessionID 5 (0..255: one aligned octet) */
	0x01,       /* pDUSessionResourceReleaseCommandTransfer: 1 octet */
	0x10,       /* ext 0, iE-Ext 0, Cause 010 (nas), ext 0 + 00 normal-release */
};

/* NGAP PDUSessionResourceSetupResponse (procedure 29) with a failed session. */
static const uint8_t pdu_setup_rsp[] = {
	0x20,       /* ext 0, successfulOutcome (01), padding */
	0x1d,       /* procedureCode 29 id-PDUSessionResourceSetup */
	0x00,       /* criticality reject */
	0x19,       /* open type length 25 */
	0x00, 0x00, 0x03, /* ext 0; 3 IEs */
	0x00, 0x0a, 0x40, 0x02, 0x00, 0x07, /* AMF-UE-NGAP-ID 7, ignore */
	0x00, 0x55, 0x40, 0x02, 0x00, 0x09, /* RAN-UE-NGAP-ID 9, ignore */
	/* id-PDUSessionResourceFailedToSetupListSURes (58), ignore, length 6 */
	0x00, 0x3a, 0x40, 0x06,
	0x00,       /* 1 item */
	0x00, 0x06, /* item: ext 0, iE-Ext 0, pad; pDUSessionID 6 */
	0x02,       /* PDUSessionResourceSetupUnsuccessfulTransfer: 2 octets */
	/* ext 0, criticalityDiagnostics 0, iE-Ext 0, Cause 000 (radioNetwork),
	 * ext 0 + 010110 (22 radio-resources-not-available)
	 * -> 0000 0000 1011 0(pad) */
	0x00, 0xb0,
};

static void
test_erab_release_command(void **state)
{
	struct ct_dissect d;

	(void)state;
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_s1ap(erab_release_cmd, sizeof(erab_release_cmd), &d), CT_DEC_OK);
	assert_string_equal(d.message, "E-RABReleaseCommand");
	assert_int_equal(d.ncauses, 2);
	assert_int_equal(d.causes[0].family, CT_FAM_S1AP);
	assert_int_equal(d.causes[0].group, CT_CG_NAS);
	assert_int_equal(d.causes[0].value, 0);
	assert_int_equal(d.causes[0].failure, 0);
	assert_int_equal(d.causes[1].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[1].value, 21);
	assert_int_equal(d.causes[1].failure, 1);
}

static void
test_pdu_release_command(void **state)
{
	struct ct_dissect d;

	(void)state;
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_ngap(pdu_release_cmd, sizeof(pdu_release_cmd), &d), CT_DEC_OK);
	assert_string_equal(d.message, "PDUSessionResourceReleaseCommand");
	assert_int_equal(d.procedure, 28);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_NGAP);
	assert_int_equal(d.causes[0].group, CT_CG_NAS);
	assert_int_equal(d.causes[0].value, 0);
	assert_int_equal(d.causes[0].failure, 0);
}

static void
test_pdu_setup_failed(void **state)
{
	struct ct_dissect d;

	(void)state;
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_ngap(pdu_setup_rsp, sizeof(pdu_setup_rsp), &d), CT_DEC_OK);
	assert_string_equal(d.message, "PDUSessionResourceSetupResponse");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[0].value, 22);
	assert_int_equal(d.causes[0].failure, 1);
}

/* Every cut of each vector: never OK with causes invented, never a crash. */
static void
test_truncated(void **state)
{
	struct ct_dissect d;

	(void)state;
	for (size_t n = 0; n < sizeof(erab_release_cmd); n++) {
		ct_dissect_reset(&d);
		assert_int_not_equal(ct_decode_s1ap(erab_release_cmd, n, &d), CT_DEC_OK);
	}
	for (size_t n = 0; n < sizeof(pdu_release_cmd); n++) {
		ct_dissect_reset(&d);
		assert_int_not_equal(ct_decode_ngap(pdu_release_cmd, n, &d), CT_DEC_OK);
	}
}

/* A transfer that runs past its octet string is malformed, not a cause. */
static void
test_bad_transfer(void **state)
{
	uint8_t bad[sizeof(pdu_setup_rsp)];
	struct ct_dissect d;

	(void)state;
	memcpy(bad, pdu_setup_rsp, sizeof(bad));
	bad[sizeof(bad) - 3] = 0x01; /* the transfer claims 1 octet: the cause's enum is cut */
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_ngap(bad, sizeof(bad), &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_erab_release_command),
		cmocka_unit_test(test_pdu_release_command),
		cmocka_unit_test(test_pdu_setup_failed),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_transfer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
