/*
 * test_decode_umts_rrc.c — UMTS RRC (TS 25.331, unaligned PER): message
 * names per channel, the NAS of the direct transfers, and the connection
 * reject / release causes (celltriage's numbering: ReleaseCause index,
 * RejectionCause 16 + index).
 *
 * The first four vectors are the RRC payloads of the generated sample
 * gsmtap-umts-rrc-reject-direct-transfer-release.pcap (the bits are spelt
 * out in tools/gen-captures.c); the last two are written here bit by bit.
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
	st = ct_decode_umts_rrc(copy, len, ch, d);
	free(copy);
	return st;
}

/* DL-CCCH RRCConnectionReject r3, TMSI and LAI, congestion, wait 5 s. */
static const uint8_t reject[] = { 0x10, 0x4a, 0xeb, 0x7c, 0x03, 0x40, 0x04, 0x02, 0x24, 0x68, 0x14 };
/* DL-DCCH DownlinkDirectTransfer r3 with CM Service Reject, cause 17. */
static const uint8_t dt_cm_reject[] = { 0x14, 0x00, 0x04, 0x0a, 0x44, 0x22 };
/* DL-DCCH DownlinkDirectTransfer r3 with CC Disconnect, user busy. */
static const uint8_t dt_disconnect[] = { 0x14, 0x40, 0x09, 0x06, 0x4a, 0x05, 0x05, 0x22 };
/* DL-DCCH with integrityCheckInfo, RRCConnectionRelease r4, congestion. */
static const uint8_t release_r4[] = { 0xaf, 0x76, 0x89, 0x1a, 0x1b, 0xf1, 0x16 };
/*
 * UL-DCCH UplinkDirectTransfer, PS domain, an 11-octet NAS message:
 *   0 11011 00 1 000000001010 then the octets (a GMM Identity Response)
 */
static const uint8_t uplink_dt[] = { 0x6c, 0x80, 0x50, 0x40, 0xb0, 0x41, 0x4c, 0x00, 0x0c,
				     0x4b, 0x3a, 0x28, 0x98, 0x10 };
/*
 * DL-DCCH RRCConnectionRelease r3, no n-308, releaseCause userInactivity:
 *   0 (no integrityCheckInfo) 01111 (rrcConnectionRelease) 0 (r3)
 *   0 (no laterNonCriticalExtensions) 0 0 (no n-308, no rplmn-information)
 *   00 (transaction) 110 (userInactivity) -> 0011 1100 0000 1100
 */
static const uint8_t release_r3[] = { 0x3c, 0x0c };

static void
test_reject_and_release(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(reject, sizeof(reject), CT_UMTS_RRC_DL_CCCH, &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "umts-rrc");
	assert_string_equal(d.message, "RRCConnectionReject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_UMTS_RRC);
	assert_int_equal(d.causes[0].value, 16);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_UMTS_RRC, CT_CG_NONE, 16, buf, sizeof(buf)),
			    "congestion");

	assert_int_equal(decode(release_r4, sizeof(release_r4), CT_UMTS_RRC_DL_DCCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionRelease");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 3);   /* congestion */
	assert_int_equal(d.causes[0].failure, 1);

	assert_int_equal(decode(release_r3, sizeof(release_r3), CT_UMTS_RRC_DL_DCCH, &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 6);   /* userInactivity */
	assert_int_equal(d.causes[0].failure, 0);
	assert_string_equal(ct_cause_name(CT_FAM_UMTS_RRC, CT_CG_NONE, 6, buf, sizeof(buf)),
			    "userInactivity");
}

static void
test_direct_transfer_nas(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(dt_cm_reject, sizeof(dt_cm_reject), CT_UMTS_RRC_DL_DCCH, &d),
			 CT_DEC_OK);
	assert_string_equal(d.protocol, "umts-rrc");
	assert_string_equal(d.message, "CM Service Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MM);
	assert_int_equal(d.causes[0].value, 17);

	assert_int_equal(decode(dt_disconnect, sizeof(dt_disconnect), CT_UMTS_RRC_DL_DCCH, &d),
			 CT_DEC_OK);
	assert_string_equal(d.message, "Disconnect");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_CC);
	assert_int_equal(d.causes[0].value, 17);

	assert_int_equal(decode(uplink_dt, sizeof(uplink_dt), CT_UMTS_RRC_UL_DCCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "UplinkDirectTransfer"); /* no cause: the RRC name */
	assert_int_equal(d.ncauses, 0);
}

/* Every strict prefix stops short: truncated, no cause. */
static void
test_prefixes(void **state)
{
	static const struct { const uint8_t *v; size_t n; int ch; } m[] = {
		{ reject, sizeof(reject), CT_UMTS_RRC_DL_CCCH },
		{ dt_disconnect, sizeof(dt_disconnect), CT_UMTS_RRC_DL_DCCH },
		{ release_r4, sizeof(release_r4), CT_UMTS_RRC_DL_DCCH },
	};
	struct ct_dissect d;

	(void)state;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		for (size_t n = 0; n < m[i].n; n++) {
			assert_int_equal(decode(m[i].v, n, m[i].ch, &d), CT_DEC_TRUNCATED);
			assert_int_equal(d.ncauses, 0);
		}
}

static void
test_names_and_refusals(void **state)
{
	static const uint8_t zero[] = { 0x00, 0x00, 0x00 };
	static const uint8_t ul_ccch_request[] = { 0x20, 0x00 }; /* 0 01: rrcConnectionRequest */
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ul_ccch_request, sizeof(ul_ccch_request), CT_UMTS_RRC_UL_CCCH, &d),
			 CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionRequest");
	assert_int_equal(decode(zero, sizeof(zero), CT_UMTS_RRC_PCCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "PagingType1");
	assert_int_equal(decode(zero, sizeof(zero), CT_UMTS_RRC_BCCH_BCH, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SystemInformation-BCH");
	/* a GSMTAP sub-type this decoder does not read (a SIB container) */
	assert_int_equal(decode(zero, sizeof(zero), 16, &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "UMTS RRC (channel not decoded)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reject_and_release),
		cmocka_unit_test(test_direct_transfer_nas),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_names_and_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
