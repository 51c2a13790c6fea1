/* test_decode_pfcp.c — PFCP (TS 29.244) on vectors written from the
 * specification: names, the Cause and Offending IE, SEIDs, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"
#include "decode_copy.h"

static enum ct_dec_status
decode(const uint8_t *v, size_t len, struct ct_dissect *d)
{
	return decode_copy(ct_decode_pfcp, v, len, d);
}

/* Session Establishment Request (§7.5.2): SEID 0, Node ID, CP F-SEID. */
static const uint8_t est_req[] = {
	0x21, 0x32, 0x00, 0x26,                         /* v1, S; type 50; length 38 */
	0, 0, 0, 0, 0, 0, 0, 0,                         /* SEID 0: none yet */
	0x00, 0x00, 0x2a, 0x00,                         /* sequence 42 */
	0x00, 0x3c, 0x00, 0x05, 0x00, 10, 3, 0, 1,      /* Node ID: IPv4 10.3.0.1 */
	0x00, 0x39, 0x00, 0x0d, 0x02,                   /* F-SEID: V4 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x01, /* SEID 0x5001 */
	10, 3, 0, 1,
};

/* Session Establishment Response (§7.5.3) rejecting: Cause 73, Offending
 * IE 1 (Create PDR), then a vendor-specific IE (Enterprise ID first). */
static const uint8_t est_rsp[] = {
	0x21, 0x33, 0x00, 0x1f,                         /* v1, S; type 51; length 31 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x01, /* SEID: the SMF's */
	0x00, 0x00, 0x2a, 0x00,
	0x00, 0x13, 0x00, 0x01, 0x49,                   /* Cause 73 */
	0x00, 0x28, 0x00, 0x02, 0x00, 0x01,             /* Offending IE: 1 */
	0x80, 0x01, 0x00, 0x04, 0x12, 0x34, 0xaa, 0xbb, /* vendor IE 32769, enterprise 0x1234 */
};

static void
test_session_establishment(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(est_req, sizeof(est_req), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "pfcp");
	assert_string_equal(d.message, "Session Establishment Request");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.seq, 42);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_SEID);
	assert_string_equal(d.ids[0].value, "0000000000005001");

	assert_int_equal(decode(est_rsp, sizeof(est_rsp), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Session Establishment Response (offending IE 1)");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_PFCP);
	assert_int_equal(d.causes[0].value, 73);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "Session Establishment Response");
	assert_int_equal(d.nids, 1);
	assert_string_equal(d.ids[0].value, "0000000000005001");
	assert_string_equal(ct_cause_name(CT_FAM_PFCP, CT_CG_NONE, 73, buf, sizeof(buf)),
			    "Rule creation / modification Failure");
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_PFCP, CT_CG_NONE, 1), 0);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_PFCP, CT_CG_NONE, 64), 1);
}

/* Heartbeat (no SEID) with a follow-on message (FO, §7.2.2.1); errors. */
static void
test_follow_on_and_bad_input(void **state)
{
	static const uint8_t fo[] = {
		0x24, 0x02, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00, /* FO; Heartbeat Response */
		0x20, 0x06, 0x00, 0x09, 0x00, 0x00, 0x02, 0x00, /* Association Setup Response */
		0x00, 0x13, 0x00, 0x01, 0x4a,                   /* Cause 74 */
	};
	static const uint8_t v2[] = { 0x40, 0x01, 0x00, 0x04, 0, 0, 1, 0 };
	static const uint8_t ie_over[] = {
		0x20, 0x02, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00,
		0x00, 0x13, 0x00, 0x05,                         /* Cause of 5 octets in 4 */
	};
	static const uint8_t short_len[] = { 0x21, 0x33, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(fo, sizeof(fo), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Heartbeat Response");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 74);
	assert_string_equal(d.causes[0].message, "Association Setup Response");
	assert_int_equal(decode(fo, 8, &d), CT_DEC_TRUNCATED);  /* follow-on announced, cut */
	assert_int_equal(decode(v2, sizeof(v2), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(ie_over, sizeof(ie_over), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(short_len, sizeof(short_len), &d), CT_DEC_MALFORMED);
	for (size_t n = 0; n < sizeof(est_rsp); n++) {
		assert_int_equal(decode(est_rsp, n, &d), CT_DEC_TRUNCATED);
		assert_int_equal(d.ncauses, n >= 21 ? 1 : 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_establishment),
		cmocka_unit_test(test_follow_on_and_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
