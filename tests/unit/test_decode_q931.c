/* test_decode_q931.c — Q.931 (ITU-T Q.931) in H.225.0 TPKT framing
 * (RFC 1006 §6): names, the Cause IE's Q.850 value, framing, bad input. */
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
	return decode_copy(ct_decode_h225, v, len, d);
}

/* Release Complete (§3.1.11) with Cause 34 (octet 3a present), after a
 * shift (single-octet IE) and before a User-user IE whose length is two
 * octets (H.225.0 §7.2.2.1). */
static const uint8_t release_complete[] = {
	0x03, 0x00, 0x00, 0x16,       /* TPKT, length 22 */
	0x08, 0x02, 0x80, 0x01, 0x5a, /* Q.931, call reference 0x8001, Release Complete */
	0x96,                         /* locking shift to codeset 6 */
	0x08, 0x03, 0x02, 0x90, 0xa2, /* Cause: ext 0, location 2; octet 3a; 34 */
	0x7e, 0x00, 0x03, 0x05, 0x25, 0x80, /* User-user, 3 octets */
	0xa1,                         /* sending complete */
};

static void
test_release_complete_cause34(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(ct_tpkt_frame_len(release_complete, sizeof(release_complete)), 22);
	assert_int_equal(ct_tpkt_frame_len(release_complete, 21), 0);
	assert_int_equal(ct_tpkt_frame_len(release_complete, 3), 0);
	assert_int_equal(decode(release_complete, sizeof(release_complete), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "q931");
	assert_string_equal(d.message, "Q.931 Release Complete");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_Q931);
	assert_int_equal(d.causes[0].value, 34);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_Q931, CT_CG_NONE, 34, buf, sizeof(buf)),
			    "No circuit/channel available");
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_Q931, CT_CG_NONE, 16), 0);
}

static void
test_framing_and_bad_input(void **state)
{
	static const uint8_t keepalive[] = { 0x03, 0x00, 0x00, 0x04 };
	static const uint8_t not_tpkt[] = { 0x04, 0x00, 0x00, 0x08, 0x08, 0x00, 0x05, 0x00 };
	static const uint8_t not_q931[] = { 0x03, 0x00, 0x00, 0x07, 0x09, 0x00, 0x05 };
	static const uint8_t ie_over[] = { 0x03, 0x00, 0x00, 0x0a, 0x08, 0x00, 0x5a,
					   0x08, 0x05, 0x80 };
	static const uint8_t unknown[] = { 0x03, 0x00, 0x00, 0x07, 0x08, 0x00, 0x70 };
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(keepalive, sizeof(keepalive), &d), CT_DEC_OK);
	assert_string_equal(d.message, "TPKT keep-alive");
	assert_int_equal(ct_tpkt_frame_len(not_tpkt, sizeof(not_tpkt)), (size_t)-1);
	assert_int_equal(decode(not_tpkt, sizeof(not_tpkt), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(not_q931, sizeof(not_q931), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(ie_over, sizeof(ie_over), &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(decode(unknown, sizeof(unknown), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "Q.931 0x70");
	for (size_t n = 0; n < sizeof(release_complete); n++)
		assert_int_equal(decode(release_complete, n, &d), CT_DEC_TRUNCATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_complete_cause34),
		cmocka_unit_test(test_framing_and_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
