/* test_decode_diameter.c — Diameter decoder (RFC 6733, TS 29.272, RFC 4006)
 * on vectors built from the specifications. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"

/* S6a Update-Location-Answer refusing with Experimental-Result 5420
 * DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION (TS 29.272 §5.2.1.1.3). */
static const uint8_t ula_reject[] = {
	0x01, 0x00, 0x00, 0x6c,             /* version 1, length 108 */
	0x40, 0x00, 0x01, 0x3c,             /* flags P (answer), command 316 ULR/ULA */
	0x01, 0x00, 0x00, 0x23,             /* Application-Id 16777251 (S6a) */
	0x12, 0x34, 0x56, 0x78,             /* Hop-by-Hop */
	0x9a, 0xbc, 0xde, 0xf0,             /* End-to-End */
	/* Session-Id (263), M, length 23, "mme.example;1;2" + 1 pad */
	0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x17,
	'm', 'm', 'e', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ';', '1', ';', '2', 0x00,
	/* Auth-Session-State (277), M, length 12, NO_STATE_MAINTAINED (1) */
	0x00, 0x00, 0x01, 0x15, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01,
	/* Origin-Host (264), M, length 19, "hss.example" + 1 pad */
	0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x13,
	'h', 's', 's', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x00,
	/* Experimental-Result (297), M, length 32, grouped: */
	0x00, 0x00, 0x01, 0x29, 0x40, 0x00, 0x00, 0x20,
	/*   Vendor-Id (266), M, length 12, 10415 (3GPP) */
	0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x28, 0xaf,
	/*   Experimental-Result-Code (298), M, length 12, 5420 */
	0x00, 0x00, 0x01, 0x2a, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x15, 0x2c,
};

/* S6a Update-Location-Request: User-Name is the IMSI (TS 29.272 §5.2.1.1.2). */
static const uint8_t ulr[] = {
	0x01, 0x00, 0x00, 0x44,             /* version 1, length 68 */
	0xc0, 0x00, 0x01, 0x3c,             /* flags R P, command 316 */
	0x01, 0x00, 0x00, 0x23,             /* S6a */
	0x00, 0x00, 0x00, 0x01,             /* Hop-by-Hop 1 */
	0x00, 0x00, 0x00, 0x02,             /* End-to-End 2 */
	/* Session-Id (263), length 23, "mme.example;1;2" + pad */
	0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x17,
	'm', 'm', 'e', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ';', '1', ';', '2', 0x00,
	/* User-Name (1), M, length 23, "001010123456789" + pad */
	0x00, 0x00, 0x00, 0x01, 0x40, 0x00, 0x00, 0x17,
	'0', '0', '1', '0', '1', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0x00,
};

/* S6a Update-Location-Answer, success, with Subscription-Data (1400,
 * vendor 10415) holding the MSISDN (701, TBCD; TS 29.272 §7.3.2). */
static const uint8_t ula_ok[] = {
	0x01, 0x00, 0x00, 0x58,             /* version 1, length 88 */
	0x40, 0x00, 0x01, 0x3c,             /* answer, command 316 */
	0x01, 0x00, 0x00, 0x23,             /* S6a */
	0x00, 0x00, 0x00, 0x01,             /* Hop-by-Hop 1 */
	0x00, 0x00, 0x00, 0x02,             /* End-to-End 2 */
	0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x17, /* Session-Id, length 23 */
	'm', 'm', 'e', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ';', '1', ';', '2', 0x00,
	/* Result-Code (268), M, length 12, 2001 DIAMETER_SUCCESS */
	0x00, 0x00, 0x01, 0x0c, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x07, 0xd1,
	/* Subscription-Data (1400), V M, length 32, vendor 10415, grouped: */
	0x00, 0x00, 0x05, 0x78, 0xc0, 0x00, 0x00, 0x20, 0x00, 0x00, 0x28, 0xaf,
	/*   MSISDN (701), V M, length 19, vendor 10415, TBCD 8613912345678 + pad */
	0x00, 0x00, 0x02, 0xbd, 0xc0, 0x00, 0x00, 0x13, 0x00, 0x00, 0x28, 0xaf,
	0x68, 0x31, 0x19, 0x32, 0x54, 0x76, 0xf8, 0x00,
};

/* Gy Credit-Control-Answer: the message succeeds, the service's quota
 * does not (Multiple-Services-Credit-Control's Result-Code, RFC 4006 §8.16). */
static const uint8_t gy_cca[] = {
	0x01, 0x00, 0x00, 0x4c,             /* version 1, length 76 */
	0x40, 0x00, 0x01, 0x10,             /* answer, command 272 Credit-Control */
	0x00, 0x00, 0x00, 0x04,             /* Application-Id 4 (Gy) */
	0x00, 0x00, 0x00, 0x63,             /* Hop-by-Hop 99 */
	0x00, 0x00, 0x00, 0x64,             /* End-to-End 100 */
	0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x17, /* Session-Id, length 23 */
	'p', 'g', 'w', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ';', '7', ';', '8', 0x00,
	/* Result-Code (268) 2001 */
	0x00, 0x00, 0x01, 0x0c, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x07, 0xd1,
	/* Multiple-Services-Credit-Control (456), M, length 20, grouped: */
	0x00, 0x00, 0x01, 0xc8, 0x40, 0x00, 0x00, 0x14,
	/*   Result-Code (268) 4012 DIAMETER_CREDIT_LIMIT_REACHED */
	0x00, 0x00, 0x01, 0x0c, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x0f, 0xac,
};

/* Gx Credit-Control-Request with two Subscription-Id (RFC 4006 §8.46). */
static const uint8_t gx_ccr[] = {
	0x01, 0x00, 0x00, 0x84,             /* version 1, length 132 */
	0xc0, 0x00, 0x01, 0x10,             /* request, command 272 */
	0x01, 0x00, 0x00, 0x16,             /* Application-Id 16777238 (Gx) */
	0x00, 0x00, 0x00, 0x05,             /* Hop-by-Hop 5 */
	0x00, 0x00, 0x00, 0x06,             /* End-to-End 6 */
	0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x17, /* Session-Id, length 23 */
	'p', 'g', 'w', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', ';', '7', ';', '8', 0x00,
	/* Subscription-Id (443), M, length 44, grouped: */
	0x00, 0x00, 0x01, 0xbb, 0x40, 0x00, 0x00, 0x2c,
	/*   Subscription-Id-Type (450) END_USER_IMSI (1) */
	0x00, 0x00, 0x01, 0xc2, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01,
	/*   Subscription-Id-Data (444), length 23, "001010123456789" + pad */
	0x00, 0x00, 0x01, 0xbc, 0x40, 0x00, 0x00, 0x17,
	'0', '0', '1', '0', '1', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0x00,
	/* Subscription-Id (443), M, length 44, grouped: */
	0x00, 0x00, 0x01, 0xbb, 0x40, 0x00, 0x00, 0x2c,
	/*   Subscription-Id-Type (450) END_USER_E164 (0) */
	0x00, 0x00, 0x01, 0xc2, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00,
	/*   Subscription-Id-Data (444), length 21, "8613912345678" + 3 pad */
	0x00, 0x00, 0x01, 0xbc, 0x40, 0x00, 0x00, 0x15,
	'8', '6', '1', '3', '9', '1', '2', '3', '4', '5', '6', '7', '8', 0x00, 0x00, 0x00,
};

/* A table answers once per value, with a name: a duplicate would shadow. */
static void
assert_table_sane(const struct ct_name *t, unsigned min_entries)
{
	const struct ct_name *a, *b;
	unsigned n = 0;

	for (a = t; a->name; a++, n++) {
		assert_true(a->name[0] != '\0');
		for (b = a + 1; b->name; b++)
			assert_int_not_equal(a->value, b->value);
	}
	assert_true(n >= min_entries);
}

static const char *
id_of(const struct ct_dissect *d, enum ct_id_kind kind)
{
	unsigned i;

	for (i = 0; i < d->nids; i++)
		if (d->ids[i].kind == kind)
			return d->ids[i].value;
	return NULL;
}

static enum ct_dec_status
decode(const uint8_t *p, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_diameter(p, n, d);
}

static void
test_ula_experimental_reject(void **state)
{
	struct ct_dissect d;
	char buf[48];

	(void)state;
	assert_int_equal(decode(ula_reject, sizeof(ula_reject), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "diameter");
	assert_string_equal(d.message, "Update-Location-Answer");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.procedure, 316);
	assert_int_equal(d.application, 16777251);
	assert_int_equal(d.seq, 0x12345678);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_DIAMETER);
	assert_int_equal(d.causes[0].group, CT_CG_EXPERIMENTAL);
	assert_int_equal(d.causes[0].value, 5420);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "Update-Location-Answer");
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 5420, buf,
					  sizeof(buf)),
			    "DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION");
	assert_string_equal(ct_cause_group_name(CT_CG_EXPERIMENTAL), "experimental");
	assert_int_equal(d.nids, 1);
	assert_string_equal(id_of(&d, CT_ID_SESSION), "mme.example;1;2");
}

static void
test_ulr_imsi(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ulr, sizeof(ulr), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Update-Location-Request");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.seq, 1);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 2);
	assert_string_equal(id_of(&d, CT_ID_SESSION), "mme.example;1;2");
	assert_string_equal(id_of(&d, CT_ID_IMSI), "001010123456789");
}

static void
test_ula_success_msisdn(void **state)
{
	struct ct_dissect d;
	char buf[48];

	(void)state;
	assert_int_equal(decode(ula_ok, sizeof(ula_ok), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].group, CT_CG_NONE);
	assert_int_equal(d.causes[0].value, 2001);
	assert_int_equal(d.causes[0].failure, 0);
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_NONE, 2001, buf, sizeof(buf)),
			    "DIAMETER_SUCCESS");
	assert_string_equal(id_of(&d, CT_ID_MSISDN), "8613912345678");
}

static void
test_gy_cca_mscc(void **state)
{
	struct ct_dissect d;
	char buf[48];

	(void)state;
	assert_int_equal(decode(gy_cca, sizeof(gy_cca), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Credit-Control-Answer");
	assert_int_equal(d.application, 4);
	assert_int_equal(d.seq, 99);
	assert_int_equal(d.ncauses, 2);
	assert_int_equal(d.causes[0].value, 2001);
	assert_int_equal(d.causes[0].failure, 0);
	assert_int_equal(d.causes[1].value, 4012);
	assert_int_equal(d.causes[1].group, CT_CG_NONE);
	assert_int_equal(d.causes[1].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_NONE, 4012, buf, sizeof(buf)),
			    "DIAMETER_CREDIT_LIMIT_REACHED");
}

static void
test_gx_ccr_subscription_ids(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(gx_ccr, sizeof(gx_ccr), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Credit-Control-Request");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.application, 16777238);
	assert_int_equal(d.nids, 3);
	assert_string_equal(id_of(&d, CT_ID_SESSION), "pgw.example;7;8");
	assert_string_equal(id_of(&d, CT_ID_IMSI), "001010123456789");
	assert_string_equal(id_of(&d, CT_ID_MSISDN), "8613912345678");
}

/* The same number means different things in the two groups. */
static void
test_names_overlap(void **state)
{
	char buf[48];
	const struct ct_name *apps = ct_diameter_application_table();

	(void)state;
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_NONE, 5001, buf, sizeof(buf)),
			    "DIAMETER_AVP_UNSUPPORTED");
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 5001, buf,
					  sizeof(buf)),
			    "DIAMETER_ERROR_USER_UNKNOWN");
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 5421, buf,
					  sizeof(buf)),
			    "DIAMETER_ERROR_RAT_NOT_ALLOWED");
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 4181, buf,
					  sizeof(buf)),
			    "DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE");
	assert_string_equal(ct_cause_name(CT_FAM_DIAMETER, CT_CG_NONE, 9999, buf, sizeof(buf)),
			    "unknown (9999)");
	assert_string_equal(ct_name_of(apps, 16777251), "S6a/S6d");
	assert_string_equal(ct_name_of(apps, 16777238), "Gx");
	assert_string_equal(ct_name_of(apps, 4), "Diameter Credit Control (Gy/Ro)");
}

static void
test_truncated_everywhere(void **state)
{
	static const struct { const uint8_t *p; size_t n; } v[] = {
		{ ula_reject, sizeof(ula_reject) }, { ulr, sizeof(ulr) },
		{ ula_ok, sizeof(ula_ok) }, { gy_cca, sizeof(gy_cca) },
		{ gx_ccr, sizeof(gx_ccr) },
	};
	struct ct_dissect d;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (n = 0; n < v[i].n; n++) {
			/* exactly n bytes on the heap: ASan sees a read past them */
			uint8_t *b = malloc(n ? n : 1);

			assert_non_null(b);
			memcpy(b, v[i].p, n);
			assert_int_equal(decode(b, n, &d), CT_DEC_TRUNCATED);
			free(b);
		}
	/* a cut after the header still names the command */
	assert_int_equal(decode(ula_reject, 30, &d), CT_DEC_TRUNCATED);
	assert_string_equal(d.message, "Update-Location-Answer");
}

static void
test_malformed(void **state)
{
	struct ct_dissect d;
	uint8_t b[sizeof(ula_ok)];

	(void)state;
	memcpy(b, ula_ok, sizeof(b));
	b[0] = 2; /* version 2 */
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);

	memcpy(b, ula_ok, sizeof(b));
	b[3] = 0x13; /* length 19: shorter than the header */
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);

	memcpy(b, ula_ok, sizeof(b));
	b[3] = 0x57; /* length 87: not a multiple of 4 */
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);

	memcpy(b, ula_ok, sizeof(b));
	b[25] = 0xff, b[26] = 0xff, b[27] = 0xff; /* Session-Id length 16777215 */
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);

	memcpy(b, ula_ok, sizeof(b));
	b[27] = 0x04; /* Session-Id length 4: shorter than an AVP header */
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);

	memcpy(b, ula_ok, sizeof(b));
	b[51] = 0x0a; /* Result-Code length 10: an Unsigned32 has 4 octets */
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);

	memcpy(b, ula_ok, sizeof(b));
	b[3] = 0x54; /* message length 84: the last AVP overruns the message */
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);
}

/* Experimental-Result inside Experimental-Result, 40 deep. */
static void
test_depth_bomb(void **state)
{
	enum { DEPTH = 40 };
	uint8_t b[20 + DEPTH * 8 + 12];
	struct ct_dissect d;
	size_t len = sizeof(b), i, off;

	(void)state;
	memset(b, 0, sizeof(b));
	b[0] = 1;
	b[1] = (uint8_t)(len >> 16), b[2] = (uint8_t)(len >> 8), b[3] = (uint8_t)len;
	b[4] = 0x40, b[7] = 0x3c; /* answer, command 316 */
	for (i = 0; i < DEPTH; i++) {
		size_t alen = len - 20 - i * 8;

		off = 20 + i * 8;
		b[off + 2] = 0x01, b[off + 3] = 0x29; /* Experimental-Result (297) */
		b[off + 4] = 0x40;
		b[off + 5] = (uint8_t)(alen >> 16), b[off + 6] = (uint8_t)(alen >> 8);
		b[off + 7] = (uint8_t)alen;
	}
	off = 20 + DEPTH * 8; /* innermost: Experimental-Result-Code 5001 */
	b[off + 2] = 0x01, b[off + 3] = 0x2a, b[off + 4] = 0x40, b[off + 7] = 0x0c;
	b[off + 10] = 0x13, b[off + 11] = 0x89;
	assert_int_equal(decode(b, len, &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 0);
}

static void
test_frame_len(void **state)
{
	uint8_t two[sizeof(ulr) + sizeof(ula_ok)];
	static const uint8_t http[] = { 'G', 'E', 'T', ' ' };

	(void)state;
	memcpy(two, ulr, sizeof(ulr));
	memcpy(two + sizeof(ulr), ula_ok, sizeof(ula_ok));
	assert_int_equal(ct_diameter_frame_len(two, sizeof(two)), sizeof(ulr));
	assert_int_equal(ct_diameter_frame_len(ulr, sizeof(ulr)), sizeof(ulr));
	assert_int_equal(ct_diameter_frame_len(ulr, sizeof(ulr) - 1), 0);
	assert_int_equal(ct_diameter_frame_len(ulr, 3), 0);
	assert_int_equal(ct_diameter_frame_len(ulr, 0), 0);
	assert_int_equal(ct_diameter_frame_len(http, sizeof(http)), (size_t)-1);
}

static void
test_tables(void **state)
{
	(void)state;
	assert_table_sane(ct_diameter_result_table(), 50);
	assert_table_sane(ct_diameter_experimental_table(), 70);
	assert_table_sane(ct_diameter_application_table(), 25);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ula_experimental_reject),
		cmocka_unit_test(test_ulr_imsi),
		cmocka_unit_test(test_ula_success_msisdn),
		cmocka_unit_test(test_gy_cca_mscc),
		cmocka_unit_test(test_gx_ccr_subscription_ids),
		cmocka_unit_test(test_names_overlap),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth_bomb),
		cmocka_unit_test(test_frame_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
