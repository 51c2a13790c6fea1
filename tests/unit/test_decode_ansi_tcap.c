/*
 * test_decode_ansi_tcap.c — ANSI TCAP (T1.114) with ANSI-41 MAP errors:
 * package names, the Return Error's private and national error codes, the
 * Abort's P-Abort cause, transaction ids and the IMSI parameter, the choice
 * of ANSI over ITU TCAP by the first tag (through ct_decode_tcap and an
 * SCCP UDT), bad input. Every vector is written octet by octet from the
 * package and component definitions.
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

/* Response (0xe4), TransactionID 0x0a0b0c0d, a Return Error (0xeb):
 * ComponentIDs 1, private error code 0x81 (unrecognized-MIN), an empty
 * parameter set. */
static const uint8_t response_error[] = {
	0xe4, 0x12, 0xc7, 0x04, 0x0a, 0x0b, 0x0c, 0x0d, 0xe8, 0x0a,
	0xeb, 0x08, 0xcf, 0x01, 0x01, 0xd4, 0x01, 0x81, 0xf2, 0x00,
};

/* Abort (0xf6), TransactionID 0x01020304, P-Abort cause 4
 * (unassignedRespondingTransactionID). */
static const uint8_t abort_p[] = { 0xf6, 0x09, 0xc7, 0x04, 0x01, 0x02, 0x03, 0x04,
				   0xd7, 0x01, 0x04 };

/* QueryWithPerm (0xe2), TransactionID 0x0a0b0c0d, an Invoke (Last, 0xe9):
 * ComponentIDs 1, private operation 0x090d, a parameter set with the IMSI
 * ([242], 0x9f 0x81 0x72) 310012345678901. */
static const uint8_t query_invoke[] = {
	0xe2, 0x1f, 0xc7, 0x04, 0x0a, 0x0b, 0x0c, 0x0d, 0xe8, 0x17, 0xe9, 0x15,
	0xcf, 0x01, 0x01, 0xd1, 0x02, 0x09, 0x0d, 0xf2, 0x0c, 0x9f, 0x81, 0x72,
	0x08, 0x13, 0x00, 0x21, 0x43, 0x65, 0x87, 0x09, 0xf1,
};

static void
check_prefixes(const uint8_t *v, size_t len)
{
	struct ct_dissect d;

	for (size_t n = 0; n < len; n++)
		assert_false(decode_copy(ct_decode_ansi_tcap, v, n, &d) == CT_DEC_OK &&
			     d.ncauses > 0);
}

static void
test_return_error(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode_copy(ct_decode_ansi_tcap, response_error, sizeof(response_error),
				     &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "tcap");
	assert_string_equal(d.message, "ANSI TCAP Response");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_ANSI_MAP);
	assert_int_equal(d.causes[0].group, CT_CG_NONE);
	assert_int_equal(d.causes[0].value, 0x81);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_ANSI_MAP, CT_CG_NONE, 0x81, buf, sizeof(buf)),
			    "unrecognized-MIN");
	assert_string_equal(ct_family_name(CT_FAM_ANSI_MAP), "ansi-map");
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_TCAP_TID);
	assert_string_equal(d.ids[0].value, "0a0b0c0d");
	check_prefixes(response_error, sizeof(response_error));
}

static void
test_national_error(void **state)
{
	uint8_t v[sizeof(response_error)];
	struct ct_dissect d;

	(void)state;
	memcpy(v, response_error, sizeof(v));
	v[15] = 0xd3; /* national error code, value 0x81 */
	assert_int_equal(decode_copy(ct_decode_ansi_tcap, v, sizeof(v), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_ANSI_MAP);
	assert_int_equal(d.causes[0].group, CT_CG_NATIONAL);
	assert_int_equal(d.causes[0].value, 0x81);
}

static void
test_abort(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode_copy(ct_decode_ansi_tcap, abort_p, sizeof(abort_p), &d), CT_DEC_OK);
	assert_string_equal(d.message, "ANSI TCAP Abort");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_TCAP);
	assert_int_equal(d.causes[0].group, CT_CG_ANSI_P_ABORT);
	assert_int_equal(d.causes[0].value, 4);
	assert_string_equal(ct_cause_name(CT_FAM_TCAP, CT_CG_ANSI_P_ABORT, 4, buf, sizeof(buf)),
			    "unassignedRespondingTransactionID");
	assert_string_equal(ct_cause_group_name(CT_CG_ANSI_P_ABORT), "ansi-p-abort");
	check_prefixes(abort_p, sizeof(abort_p));
}

static void
test_query_imsi(void **state)
{
	struct ct_dissect d;
	int imsi = 0;

	(void)state;
	assert_int_equal(decode_copy(ct_decode_ansi_tcap, query_invoke, sizeof(query_invoke), &d),
			 CT_DEC_OK);
	assert_string_equal(d.message, "ANSI TCAP QueryWithPerm");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.ncauses, 0);
	for (unsigned i = 0; i < d.nids; i++)
		if (d.ids[i].kind == CT_ID_IMSI) {
			assert_string_equal(d.ids[i].value, "310012345678901");
			imsi = 1;
		}
	assert_true(imsi);
}

/* ct_decode_tcap hands an ANSI package on by its first tag, whatever the
 * SSN; so does SCCP for data to an unknown subsystem. */
static void
test_chosen_by_tag(void **state)
{
	uint8_t udt[5 + 3 + 3 + 1 + sizeof(response_error)];
	static const uint8_t head[] = {
		0x09, 0x00, 3, 5, 7,  /* UDT, class 0, pointers: called, calling, data */
		0x02, 0x42, 200,      /* called: route on SSN, SSN 200 */
		0x02, 0x42, 200,      /* calling: the same */
		sizeof(response_error),
	};
	struct ct_dissect d;
	size_t n = 0;

	(void)state;
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_tcap(response_error, sizeof(response_error), 6, &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].family, CT_FAM_ANSI_MAP);
	/* SCCP UDT (Q.713 §4.10) to a subsystem no decoder is known for: the
	 * data's first tag says TCAP */
	memcpy(udt, head, sizeof(head));
	n = sizeof(head);
	memcpy(udt + n, response_error, sizeof(response_error));
	n += sizeof(response_error);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sccp(udt, n, CT_MTP3_ITU, &d), CT_DEC_OK);
	assert_string_equal(d.message, "ANSI TCAP Response");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 0x81);
}

static void
test_bad_input(void **state)
{
	static const uint8_t unknown_pkg[] = { 0xe7, 0x00 };
	/* an error code of 5 octets (T1.114 codes at most 4) */
	static const uint8_t long_code[] = { 0xe4, 0x0e, 0xe8, 0x0c, 0xeb, 0x0a, 0xcf, 0x01, 0x01,
					     0xd4, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05 };
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode_copy(ct_decode_ansi_tcap, unknown_pkg, sizeof(unknown_pkg), &d),
			 CT_DEC_MALFORMED);
	assert_int_equal(decode_copy(ct_decode_ansi_tcap, long_code, sizeof(long_code), &d),
			 CT_DEC_MALFORMED);
	assert_int_equal(decode_copy(ct_decode_ansi_tcap, NULL, 0, &d), CT_DEC_TRUNCATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_return_error),
		cmocka_unit_test(test_national_error),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_query_imsi),
		cmocka_unit_test(test_chosen_by_tag),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
