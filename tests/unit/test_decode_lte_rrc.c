/*
 * test_decode_lte_rrc.c — LTE RRC (TS 36.331, unaligned PER) message types
 * per channel and the release / re-establishment / reject causes.
 *
 * Vectors are written bit by bit from the ASN.1 of TS 36.331 §6.2; the
 * comment above each gives the bit string, field by field, and the octets
 * are that string cut into bytes (padded with 0 bits at the end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"

/* Decodes a copy of exactly len bytes (so ASan sees any over-read). */
static enum ct_dec_status
decode(const uint8_t *v, size_t len, int ch, struct ct_dissect *d)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum ct_dec_status st;

	assert_non_null(copy);
	if (len)
		memcpy(copy, v, len);
	ct_dissect_reset(d);
	st = ct_decode_lte_rrc(copy, len, ch, d);
	free(copy);
	return st;
}

/* Every strict prefix of a message whose fields run to its last byte must
 * come back truncated, with no cause recorded. */
static void
check_prefixes(const uint8_t *v, size_t len, int ch)
{
	struct ct_dissect d;
	size_t n;

	for (n = 0; n < len; n++) {
		assert_int_equal(decode(v, n, ch, &d), CT_DEC_TRUNCATED);
		assert_int_equal(d.ncauses, 0);
	}
}

/*
 * UL-CCCH RRCConnectionReestablishmentRequest, handoverFailure:
 *   0                  UL-CCCH-MessageType: c1
 *   0                  c1: rrcConnectionReestablishmentRequest
 *   0                  criticalExtensions: rrcConnectionReestablishmentRequest-r8
 *   0001001000110100   ue-Identity.c-RNTI = 0x1234
 *   100101101          ue-Identity.physCellId = 301
 *   1010101111001101   ue-Identity.shortMAC-I = 0xabcd
 *   01                 reestablishmentCause = handoverFailure (1)
 *   00                 spare
 */
static const uint8_t reestab_ho[] = { 0x02, 0x46, 0x92, 0xda, 0xbc, 0xd4 };

static void
test_reestablishment_request_handover_failure(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(reestab_ho, sizeof(reestab_ho), CT_LTE_RRC_UL_CCCH, &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "lte-rrc");
	assert_string_equal(d.message, "RRCConnectionReestablishmentRequest");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_LTE_RRC);
	assert_int_equal(d.causes[0].value, 17); /* 16 + handoverFailure */
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "RRCConnectionReestablishmentRequest");
	assert_string_equal(ct_cause_name(CT_FAM_LTE_RRC, CT_CG_NONE, 17, buf, sizeof(buf)),
			    "handoverFailure");
	check_prefixes(reestab_ho, sizeof(reestab_ho), CT_LTE_RRC_UL_CCCH);
}

/*
 * Same message, reestablishmentCause = otherFailure (2), other fields 0/1:
 *   0 0 0  0000000000000001  000000000  0000000000000000  10  00
 */
static const uint8_t reestab_other[] = { 0x00, 0x00, 0x20, 0x00, 0x00, 0x08 };

static void
test_reestablishment_request_other_failure(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(reestab_other, sizeof(reestab_other), CT_LTE_RRC_UL_CCCH, &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 18);
	assert_int_equal(d.causes[0].failure, 1);
}

/*
 * DL-DCCH RRCConnectionRelease, releaseCause other (as sent by the network
 * in the QCSuper sample capture, frame 16):
 *   0      DL-DCCH-MessageType: c1
 *   0101   c1: rrcConnectionRelease (5)
 *   11     rrc-TransactionIdentifier = 3
 *   0      criticalExtensions: c1
 *   00     c1: rrcConnectionRelease-r8
 *   000    redirectedCarrierInfo, idleModeMobilityControlInfo, nonCriticalExtension absent
 *   01     releaseCause = other (1)
 *   0      padding
 */
static const uint8_t release_other[] = { 0x2e, 0x02 };

static void
test_release_other(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(release_other, sizeof(release_other), CT_LTE_RRC_DL_DCCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionRelease");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_LTE_RRC);
	assert_int_equal(d.causes[0].value, 1);
	assert_int_equal(d.causes[0].failure, 0);
	assert_string_equal(ct_cause_name(CT_FAM_LTE_RRC, CT_CG_NONE, 1, buf, sizeof(buf)), "other");
	check_prefixes(release_other, sizeof(release_other), CT_LTE_RRC_DL_DCCH);
}

/*
 * DL-DCCH RRCConnectionRelease, releaseCause cs-FallbackHighPriority-v1020,
 * with redirectedCarrierInfo flagged present (its contents are not read):
 *   0 0101 00 0 00 100 10 0  -> 0010 1000 0010 0100
 */
static const uint8_t release_csfb[] = { 0x28, 0x24 };

static void
test_release_csfb(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(release_csfb, sizeof(release_csfb), CT_LTE_RRC_DL_DCCH, &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 2);
	assert_int_equal(d.causes[0].failure, 0);
	assert_string_equal(ct_cause_name(CT_FAM_LTE_RRC, CT_CG_NONE, 2, buf, sizeof(buf)),
			    "cs-FallbackHighPriority-v1020");
}

/*
 * DL-CCCH RRCConnectionReject, waitTime 10 s:
 *   0      DL-CCCH-MessageType: c1
 *   10     c1: rrcConnectionReject (2)
 *   0      criticalExtensions: c1
 *   00     c1: rrcConnectionReject-r8
 *   0      nonCriticalExtension absent
 *   1001   waitTime = 10 (encoded as 10 - 1)
 *   00000  padding
 */
static const uint8_t reject_wait10[] = { 0x41, 0x20 };

static void
test_reject(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(reject_wait10, sizeof(reject_wait10), CT_LTE_RRC_DL_CCCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionReject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 32);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_LTE_RRC, CT_CG_NONE, 32, buf, sizeof(buf)),
			    "rrcConnectionReject");
	check_prefixes(reject_wait10, sizeof(reject_wait10), CT_LTE_RRC_DL_CCCH);
}

/*
 * DL-CCCH RRCConnectionReestablishmentReject:
 *   0 01 0 (criticalExtensions: r8) 0 (nonCriticalExtension absent) 000
 */
static const uint8_t reestab_reject[] = { 0x20 };

static void
test_reestablishment_reject(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(reestab_reject, sizeof(reestab_reject), CT_LTE_RRC_DL_CCCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionReestablishmentReject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 33);
	assert_int_equal(d.causes[0].failure, 1);
}

/*
 * UL-CCCH RRCConnectionRequest by S-TMSI:
 *   0                                  UL-CCCH-MessageType: c1
 *   1                                  c1: rrcConnectionRequest
 *   0                                  criticalExtensions: rrcConnectionRequest-r8
 *   0                                  ue-Identity: s-TMSI
 *   10100101                           mmec = 0xa5
 *   11011110101011011011111011101111   m-TMSI = 0xdeadbeef
 *   011                                establishmentCause = mo-Signalling
 *   0                                  spare
 */
static const uint8_t request_stmsi[] = { 0x4a, 0x5d, 0xea, 0xdb, 0xee, 0xf6 };

static void
test_request_stmsi(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(request_stmsi, sizeof(request_stmsi), CT_LTE_RRC_UL_CCCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionRequest");
	assert_int_equal(d.ncauses, 0); /* establishmentCause is not a cause */
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_TMSI);
	assert_string_equal(d.ids[0].value, "deadbeef");
	check_prefixes(request_stmsi, sizeof(request_stmsi), CT_LTE_RRC_UL_CCCH);
}

/* Message names by CHOICE index on each channel. */
static void
test_names(void **state)
{
	static const struct {
		int ch;
		uint8_t b[3];
		size_t len;
		const char *name;
	} v[] = {
		/* 0 0100: c1 rrcConnectionReconfiguration (4) */
		{ CT_LTE_RRC_DL_DCCH, { 0x20 }, 1, "RRCConnectionReconfiguration" },
		/* 0 0001: c1 dlInformationTransfer (1), 00 transaction, 0 c1, 00 -r8,
		 * 0 no extension, 01 dedicatedInfoCDMA2000-1XRTT (not NAS: not read) */
		{ CT_LTE_RRC_DL_DCCH, { 0x08, 0x08 }, 2, "DLInformationTransfer" },
		/* 0 11: c1 rrcConnectionSetup (3) */
		{ CT_LTE_RRC_DL_CCCH, { 0x60 }, 1, "RRCConnectionSetup" },
		/* 1 0 00: messageClassExtension c2 rrcEarlyDataComplete-r15 */
		{ CT_LTE_RRC_DL_CCCH, { 0x80 }, 1, "RRCEarlyDataComplete-r15" },
		/* 0 0100: c1 rrcConnectionSetupComplete (4), 00 transaction, 0 c1,
		 * 00 -r8, 00 no registeredMME / extension, 000 selectedPLMN-Identity 1,
		 * 00000000 an empty dedicatedInfoNAS */
		{ CT_LTE_RRC_UL_DCCH, { 0x20, 0x00, 0x00 }, 3, "RRCConnectionSetupComplete" },
		/* 0 0001: c1 measurementReport (1) */
		{ CT_LTE_RRC_UL_DCCH, { 0x08 }, 1, "MeasurementReport" },
		/* 1 0 0011: messageClassExtension c2 scgFailureInformation-r12 (3) */
		{ CT_LTE_RRC_UL_DCCH, { 0x8c }, 1, "SCGFailureInformation-r12" },
		/* 1 0: messageClassExtension c2 rrcConnectionResumeRequest-r13 */
		{ CT_LTE_RRC_UL_CCCH, { 0x80 }, 1, "RRCConnectionResumeRequest-r13" },
		/* 1 1 0 00: messageClassExtensionFuture-r13 c3 rrcEarlyDataRequest-r15 */
		{ CT_LTE_RRC_UL_CCCH, { 0xc0 }, 1, "RRCEarlyDataRequest-r15" },
		/* 0 1: c1 systemInformationBlockType1 */
		{ CT_LTE_RRC_BCCH_DL_SCH, { 0x40 }, 1, "SystemInformationBlockType1" },
		/* 0 0: c1 systemInformation */
		{ CT_LTE_RRC_BCCH_DL_SCH, { 0x00 }, 1, "SystemInformation" },
		/* 0: c1 paging (the only alternative, no index bits) */
		{ CT_LTE_RRC_PCCH, { 0x00 }, 1, "Paging" },
		/* MasterInformationBlock: 24 bits, no CHOICE */
		{ CT_LTE_RRC_BCCH_BCH, { 0x98, 0x1c, 0x00 }, 3, "MasterInformationBlock" },
		/* 0: c1 mbsfnAreaConfiguration-r9 */
		{ CT_LTE_RRC_MCCH, { 0x00 }, 1, "MBSFNAreaConfiguration-r9" },
	};
	struct ct_dissect d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(decode(v[i].b, v[i].len, v[i].ch, &d), CT_DEC_OK);
		assert_string_equal(d.message, v[i].name);
		assert_int_equal(d.ncauses, 0);
	}
}

static void
test_unsupported(void **state)
{
	static const uint8_t ext[] = { 0x80 }; /* 1: messageClassExtension */
	static const uint8_t any[] = { 0x00, 0x00 };
	struct ct_dissect d;

	(void)state;
	/* DL-DCCH messageClassExtension is an empty SEQUENCE: a later release. */
	assert_int_equal(decode(ext, sizeof(ext), CT_LTE_RRC_DL_DCCH, &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "messageClassExtension");
	/* NB-IoT DL-CCCH (GSMTAP v2 sub-type 14) and nonsense channels. */
	assert_int_equal(decode(any, sizeof(any), 14, &d), CT_DEC_UNSUPPORTED);
	assert_int_equal(decode(any, sizeof(any), -1, &d), CT_DEC_UNSUPPORTED);
	/* An empty message is truncated on every channel that has a CHOICE. */
	assert_int_equal(decode(any, 0, CT_LTE_RRC_PCCH, &d), CT_DEC_TRUNCATED);
	assert_int_equal(decode(any, 2, CT_LTE_RRC_BCCH_BCH, &d), CT_DEC_TRUNCATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reestablishment_request_handover_failure),
		cmocka_unit_test(test_reestablishment_request_other_failure),
		cmocka_unit_test(test_release_other),
		cmocka_unit_test(test_release_csfb),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_reestablishment_reject),
		cmocka_unit_test(test_request_stmsi),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unsupported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
