/* test_decode_gtpv2.c — GTPv2-C decoder (TS 29.274) on vectors built from the spec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"

/* Create Session Request, S11 (MME -> SGW), TS 29.274 §7.2.1. */
static const uint8_t csr[] = {
	0x48,                   /* version 2, P=0, T=1 */
	0x20,                   /* message type 32: Create Session Request */
	0x00, 0x53,             /* message length 83 (after the first 4 octets) */
	0x00, 0x00, 0x00, 0x00, /* TEID 0: the SGW has not allocated one yet */
	0x00, 0x00, 0x2a,       /* sequence number 42 */
	0x00,                   /* spare */
	/* IMSI IE (§8.3): type 1, length 8, instance 0, TBCD 460001234567890 */
	0x01, 0x00, 0x08, 0x00,
	0x64, 0x00, 0x10, 0x32, 0x54, 0x76, 0x98, 0xf0,
	/* MSISDN IE (§8.11): type 76, length 7, TBCD 8613912345678 */
	0x4c, 0x00, 0x07, 0x00,
	0x68, 0x31, 0x19, 0x32, 0x54, 0x76, 0xf8,
	/* ULI IE (§8.21): type 86, length 13, flags TAI + ECGI */
	0x56, 0x00, 0x0d, 0x00,
	0x18,                   /* ECGI (bit 5) and TAI (bit 4) present */
	0x64, 0xf0, 0x00,       /* TAI PLMN: MCC 460, MNC 00 */
	0x12, 0x34,             /* TAC 0x1234 = 4660 */
	0x64, 0xf0, 0x00,       /* ECGI PLMN: MCC 460, MNC 00 */
	0x00, 0x01, 0x23, 0x45, /* spare nibble, ECI 0x0012345 = 74565 */
	/* Sender F-TEID for control plane (§8.22): type 87, length 9 */
	0x57, 0x00, 0x09, 0x00,
	0x8a,                   /* V4, interface type 10 (S11 MME GTP-C) */
	0x11, 0x22, 0x33, 0x44, /* TEID */
	0x0a, 0x00, 0x00, 0x01, /* IPv4 10.0.0.1 */
	/* Bearer Context (§8.28): type 93, length 18, grouped */
	0x5d, 0x00, 0x12, 0x00,
	0x49, 0x00, 0x01, 0x00, 0x05, /* EBI IE (type 73): EBI 5 */
	0x57, 0x00, 0x09, 0x01,       /* F-TEID, instance 1 */
	0x84,                         /* V4, interface type 4 (S5/S8 SGW GTP-U) */
	0x55, 0x66, 0x77, 0x88,       /* TEID */
	0x0a, 0x00, 0x00, 0x02,       /* IPv4 10.0.0.2 */
};

/* Create Session Response rejecting with Cause 64 "Context Not Found". */
static const uint8_t csr_reject[] = {
	0x48, 0x21, 0x00, 0x0e, /* v2, T=1; type 33; length 14 */
	0x11, 0x22, 0x33, 0x44, /* TEID: the MME's S11 TEID */
	0x00, 0x00, 0x2a, 0x00, /* sequence 42, spare */
	/* Cause IE (§8.4): type 2, length 2, cause 64, PCE/BCE/CS 0 */
	0x02, 0x00, 0x02, 0x00, 0x40, 0x00,
};

/* Create Session Response (P=1) accepting, with a bearer-level cause, and
 * a piggybacked Create Bearer Request (§5.5.1). */
static const uint8_t piggyback[] = {
	0x58, 0x21, 0x00, 0x1d, /* v2, P=1, T=1; type 33; length 29 */
	0x11, 0x22, 0x33, 0x44, /* TEID */
	0x00, 0x00, 0x07, 0x00, /* sequence 7, spare */
	0x02, 0x00, 0x02, 0x00, 0x10, 0x00, /* Cause 16 Request accepted */
	0x5d, 0x00, 0x0b, 0x00,             /* Bearer Context, length 11 */
	0x49, 0x00, 0x01, 0x00, 0x05,       /*   EBI 5 */
	0x02, 0x00, 0x02, 0x00, 0x10, 0x00, /*   Cause 16 */
	/* piggybacked: Create Bearer Request (type 95), P=0, T=1 */
	0x48, 0x5f, 0x00, 0x19, /* length 25 */
	0x55, 0x66, 0x77, 0x88, /* TEID */
	0x00, 0x00, 0x08, 0x00, /* sequence 8 */
	0x5d, 0x00, 0x0d, 0x00,       /* Bearer Context, length 13 */
	0x57, 0x00, 0x09, 0x00, 0x81, /*   F-TEID, S1-U SGW GTP-U (1), V4 */
	0x0a, 0x0b, 0x0c, 0x0d,       /*   TEID */
	0xc0, 0xa8, 0x00, 0x01,       /*   IPv4 */
};

/* Echo Request (§7.1.1): no TEID; Recovery IE (type 3) restart counter 5. */
static const uint8_t echo[] = {
	0x40, 0x01, 0x00, 0x09, /* v2, T=0; type 1; length 9 */
	0x00, 0x00, 0x01, 0x00, /* sequence 1, spare */
	0x03, 0x00, 0x01, 0x00, 0x05,
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
id_of(const struct ct_dissect *d, enum ct_id_kind kind, unsigned nth)
{
	unsigned i;

	for (i = 0; i < d->nids; i++)
		if (d->ids[i].kind == kind && nth-- == 0)
			return d->ids[i].value;
	return NULL;
}

static enum ct_dec_status
decode(const uint8_t *p, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_gtpv2(p, n, d);
}

static void
test_create_session_request(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(csr, sizeof(csr), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gtpv2");
	assert_string_equal(d.message, "Create Session Request");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.procedure, 32);
	assert_int_equal(d.seq, 42);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 6);
	assert_string_equal(id_of(&d, CT_ID_IMSI, 0), "460001234567890");
	assert_string_equal(id_of(&d, CT_ID_MSISDN, 0), "8613912345678");
	assert_string_equal(id_of(&d, CT_ID_TAI, 0), "460-00-4660");
	assert_string_equal(id_of(&d, CT_ID_CELL, 0), "460-00-74565");
	assert_string_equal(id_of(&d, CT_ID_TEID, 0), "11223344");
	assert_string_equal(id_of(&d, CT_ID_TEID, 1), "55667788");
	assert_null(id_of(&d, CT_ID_TEID, 2)); /* header TEID 0 is not an id */
}

static void
test_create_session_reject(void **state)
{
	struct ct_dissect d;
	char buf[32];

	(void)state;
	assert_int_equal(decode(csr_reject, sizeof(csr_reject), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Create Session Response");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.seq, 42);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_GTPV2);
	assert_int_equal(d.causes[0].group, CT_CG_NONE);
	assert_int_equal(d.causes[0].value, 64);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "Create Session Response");
	assert_string_equal(ct_cause_name(CT_FAM_GTPV2, CT_CG_NONE, 64, buf, sizeof(buf)),
			    "Context Not Found");
	assert_int_equal(d.nids, 1);
	assert_string_equal(id_of(&d, CT_ID_TEID, 0), "11223344");
}

static void
test_piggyback(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(piggyback, sizeof(piggyback), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Create Session Response"); /* the first */
	assert_int_equal(d.seq, 7);
	assert_int_equal(d.ncauses, 2); /* message and bearer level */
	assert_int_equal(d.causes[0].value, 16);
	assert_int_equal(d.causes[0].failure, 0);
	assert_int_equal(d.causes[1].value, 16);
	assert_int_equal(d.causes[1].failure, 0);
	assert_string_equal(id_of(&d, CT_ID_TEID, 0), "11223344");
	assert_string_equal(id_of(&d, CT_ID_TEID, 1), "55667788");
	assert_string_equal(id_of(&d, CT_ID_TEID, 2), "0a0b0c0d");
}

static void
test_echo(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(echo, sizeof(echo), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Echo Request");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.procedure, 1);
	assert_int_equal(d.seq, 1);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 0);
}

static void
test_cause_names(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(ct_cause_name(CT_FAM_GTPV2, CT_CG_NONE, 16, buf, sizeof(buf)),
			    "Request accepted");
	assert_string_equal(ct_cause_name(CT_FAM_GTPV2, CT_CG_NONE, 73, buf, sizeof(buf)),
			    "No resources available");
	assert_string_equal(ct_cause_name(CT_FAM_GTPV2, CT_CG_NONE, 78, buf, sizeof(buf)),
			    "Missing or unknown APN");
	assert_string_equal(ct_cause_name(CT_FAM_GTPV2, CT_CG_NONE, 200, buf, sizeof(buf)),
			    "unknown (200)");
}

/* Every cut of every vector is TRUNCATED, never OK and never a read past it. */
static void
test_truncated_everywhere(void **state)
{
	static const struct { const uint8_t *p; size_t n; } v[] = {
		{ csr, sizeof(csr) }, { csr_reject, sizeof(csr_reject) },
		{ piggyback, sizeof(piggyback) }, { echo, sizeof(echo) },
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
}

static void
test_truncated_keeps_header(void **state)
{
	struct ct_dissect d;

	(void)state;
	/* a snap-length cut inside the IMSI still names the message */
	assert_int_equal(decode(csr, 20, &d), CT_DEC_TRUNCATED);
	assert_string_equal(d.message, "Create Session Request");
	assert_int_equal(d.seq, 42);
}

static void
test_malformed(void **state)
{
	struct ct_dissect d;
	uint8_t b[sizeof(csr)];
	static const uint8_t short_len[] = { 0x48, 0x21, 0x00, 0x04, 0, 0, 0, 0 };
	static const uint8_t v1[] = { 0x32, 0x10, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t v3[] = { 0x68, 0x01, 0x00, 0x04, 0, 0, 0, 0 };
	/* Cause IE with length 0 */
	static const uint8_t empty_cause[] = { 0x40, 0x02, 0x00, 0x08, 0, 0, 1, 0,
					       0x02, 0x00, 0x00, 0x00 };
	/* IE length 0xffff inside a complete message */
	static const uint8_t huge_ie[] = { 0x40, 0x02, 0x00, 0x0a, 0, 0, 1, 0,
					   0x02, 0xff, 0xff, 0x00, 0x10, 0x00 };
	/* Bearer Context in Bearer Context in Bearer Context: depth 3 */
	static const uint8_t nest[] = {
		0x40, 0x21, 0x00, 0x14, 0, 0, 1, 0,
		0x5d, 0x00, 0x0c, 0x00,
		0x5d, 0x00, 0x08, 0x00,
		0x5d, 0x00, 0x04, 0x00,
		0x03, 0x00, 0x00, 0x00,
	};

	(void)state;
	/* T=1 needs at least 8 octets after the first 4 */
	assert_int_equal(decode(short_len, sizeof(short_len), &d), CT_DEC_MALFORMED);
	/* GTPv1 on the same port is not ours */
	assert_int_equal(decode(v1, sizeof(v1), &d), CT_DEC_UNSUPPORTED);
	assert_int_equal(decode(v3, sizeof(v3), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(empty_cause, sizeof(empty_cause), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(huge_ie, sizeof(huge_ie), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(nest, sizeof(nest), &d), CT_DEC_MALFORMED);

	/* message length one short of the IEs: the last IE overruns it */
	memcpy(b, csr, sizeof(b));
	b[3] = 0x52;
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);
}

static void
test_unknown_type(void **state)
{
	struct ct_dissect d;
	static const uint8_t m[] = { 0x40, 0xfa, 0x00, 0x04, 0x00, 0x00, 0x09, 0x00 };

	(void)state;
	assert_int_equal(decode(m, sizeof(m), &d), CT_DEC_OK);
	assert_string_equal(d.message, "GTPv2 message type 250");
	assert_int_equal(d.is_request, -1);
	assert_int_equal(d.seq, 9);
}

static void
test_tables(void **state)
{
	(void)state;
	assert_table_sane(ct_gtpv2_cause_table(), 80);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_session_request),
		cmocka_unit_test(test_create_session_reject),
		cmocka_unit_test(test_piggyback),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_cause_names),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_truncated_keeps_header),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unknown_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
