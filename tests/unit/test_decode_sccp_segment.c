/*
 * test_decode_sccp_segment.c — SCCP XUDT segments (ITU-T Q.713 §3.17) as
 * the decoder hands them to its hook (dissect.h struct ct_sccp_hook): the
 * segment's place and key, the status with and without a hook, the stage's
 * look at segments only, and the whole decoded by ct_decode_sccp_data.
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

/* A TCAP End (Q.773), dtid 0x21222324, one returnError: invokeID 1, local
 * error code 1 (MAP unknownSubscriber). */
static const uint8_t tcap_end[] = {
	0x64, 0x10, 0x49, 0x04, 0x21, 0x22, 0x23, 0x24, 0x6c, 0x08,
	0xa3, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01,
};

/* XUDT (Q.713 §4.18): class 1, hop counter 15, pointers to called (SSN 7),
 * calling (SSN 6), the data (the End's first 9 octets) and the optional
 * part: Segmentation (0x10, 4 octets) first, class bit, 1 remaining, local
 * reference 0x0a0b0c; end of optional parameters. */
static const uint8_t xudt_first[] = {
	0x11, 0x01, 0x0f, 4, 8, 12, 21,
	0x04, 0x43, 0x64, 0x00, 0x07,
	0x04, 0x43, 0xc8, 0x00, 0x06,
	9, 0x64, 0x10, 0x49, 0x04, 0x21, 0x22, 0x23, 0x24, 0x6c,
	0x10, 0x04, 0xc1, 0x0a, 0x0b, 0x0c, 0x00,
};

struct seen {
	unsigned calls;
	struct ct_sccp_segment s;
	uint8_t data[32];
};

static void
take(void *arg, const struct ct_sccp_segment *s)
{
	struct seen *w = arg;

	w->calls++;
	w->s = *s;
	assert_true(s->len <= sizeof(w->data));
	memcpy(w->data, s->data, s->len);
}

static void
test_segment_to_hook(void **state)
{
	struct seen w = { 0 };
	struct ct_sccp_hook hook = { take, &w, 0 };
	struct ct_dissect d;

	(void)state;
	ct_dissect_reset(&d);
	d.sccp = &hook;
	assert_int_equal(ct_decode_sccp(xudt_first, sizeof(xudt_first), CT_MTP3_ITU, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SCCP XUDT segment");
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(w.calls, 1);
	assert_int_equal(w.s.first, 1);
	assert_int_equal(w.s.remaining, 1);
	assert_int_equal(w.s.ssn, 7);
	assert_int_equal(w.s.len, 9);
	assert_memory_equal(w.data, tcap_end, 9);
	/* | 4 | called | 4 | calling | reference | */
	assert_int_equal(w.s.keylen, 1 + 4 + 1 + 4 + 3);
	assert_memory_equal(w.s.key, "\x04\x43\x64\x00\x07\x04\x43\xc8\x00\x06\x0a\x0b\x0c", 13);

	/* no hook: not reassembled, as before the hook existed */
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sccp(xudt_first, sizeof(xudt_first), CT_MTP3_ITU, &d),
			 CT_DEC_NOT_REASSEMBLED);

	/* a worker's hook (no function): the stage has it, the segment is OK */
	hook.segment = NULL;
	ct_dissect_reset(&d);
	d.sccp = &hook;
	assert_int_equal(ct_decode_sccp(xudt_first, sizeof(xudt_first), CT_MTP3_ITU, &d), CT_DEC_OK);
	assert_int_equal(w.calls, 1);
}

/* A single segment ("first, 0 remaining") is a whole message: decoded. A
 * Segmentation parameter shorter than its 4 octets is malformed. */
static void
test_whole_and_bad(void **state)
{
	uint8_t v[sizeof(xudt_first) + sizeof(tcap_end) - 9];
	struct seen w = { 0 };
	struct ct_sccp_hook hook = { take, &w, 0 };
	struct ct_dissect d;
	size_t n = 0;

	(void)state;
	memcpy(v, xudt_first, 17);
	n = 17;
	v[n++] = sizeof(tcap_end);
	memcpy(v + n, tcap_end, sizeof(tcap_end));
	n += sizeof(tcap_end);
	v[6] = (uint8_t)(n - 6); /* the optional part after the whole End */
	memcpy(v + n, "\x10\x04\x80\x0a\x0b\x0c\x00", 7);
	n += 7;
	assert_true(n <= sizeof(v));
	ct_dissect_reset(&d);
	d.sccp = &hook;
	assert_int_equal(ct_decode_sccp(v, n, CT_MTP3_ITU, &d), CT_DEC_OK);
	assert_int_equal(w.calls, 0);
	assert_string_equal(d.message, "TCAP End");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MAP);

	/* the stage's look: segments only, nothing else decoded */
	hook.only_segments = 1;
	ct_dissect_reset(&d);
	d.sccp = &hook;
	assert_int_equal(ct_decode_sccp(v, n, CT_MTP3_ITU, &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 0);

	/* Segmentation with 3 octets */
	memcpy(v + n - 7, "\x10\x03\x80\x0a\x0b\x00", 6);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sccp(v, n - 1, CT_MTP3_ITU, &d), CT_DEC_MALFORMED);
}

static void
test_sccp_data(void **state)
{
	struct ct_dissect d;

	(void)state;
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sccp_data(tcap_end, sizeof(tcap_end), 7, &d), CT_DEC_OK);
	assert_string_equal(d.message, "TCAP End");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MAP);
	assert_int_equal(d.causes[0].value, 1);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sccp_data(tcap_end, 0, 7, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SCCP XUDT reassembled");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segment_to_hook),
		cmocka_unit_test(test_whole_and_bad),
		cmocka_unit_test(test_sccp_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
