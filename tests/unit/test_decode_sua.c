/*
 * test_decode_sua.c — SUA (RFC 3868): the common header, the parameters of
 * CLDT, CLDR and the connection-oriented messages, the user data handed to
 * the SCCP users (TCAP/MAP, RANAP), the reference numbers as identities,
 * CLDT segments to the SCCP segment hook, the management messages named,
 * and what is truncated or malformed. Every vector is written octet by
 * octet from the message definitions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"

/* A TCAP End (Q.773), dtid 0x31323334, one returnError: invokeID 1, local
 * error code 1 (MAP unknownSubscriber). */
static const uint8_t tcap_end[] = {
	0x64, 0x10, 0x49, 0x04, 0x31, 0x32, 0x33, 0x34, 0x6c, 0x08,
	0xa3, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01,
};

/* RANAP (TS 25.413) Iu-ReleaseRequest, Cause radioNetwork 46
 * (radio-connection-with-UE-Lost). */
static const uint8_t ranap_iu_release_request[] = {
	0x00, 0x0b, 0x40, 0x09, 0x00, 0x00, 0x01, 0x00, 0x04, 0x40, 0x02, 0x0b, 0x40,
};

/* The parameters of a CLDT (§3.3.1.1) from the HLR (SSN 6, point code 200)
 * to the VLR (SSN 7, point code 100): Protocol Class 0, Source Address,
 * Destination Address (routing indicator 2, SSN and PC present: Point
 * Code 0x8002, SSN 0x8003), Sequence Control. */
static const uint8_t cldt_params[] = {
	0x01, 0x15, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x02, 0x00, 0x18, 0x00, 0x02, 0x00, 0x03,
	0x80, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00, 0xc8,
	0x80, 0x03, 0x00, 0x08, 0x00, 0x00, 0x00, 0x06,
	0x01, 0x03, 0x00, 0x18, 0x00, 0x02, 0x00, 0x03,
	0x80, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00, 0x64,
	0x80, 0x03, 0x00, 0x08, 0x00, 0x00, 0x00, 0x07,
	0x01, 0x16, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00,
};

struct msg {
	uint8_t b[256];
	size_t n;
};

/* | version 1 | reserved | class | type | length (4) |, the length set by done(). */
static void
start(struct msg *m, uint8_t cls, uint8_t type)
{
	uint8_t h[8] = { 1, 0, cls, type, 0, 0, 0, 8 };

	memcpy(m->b, h, 8);
	m->n = 8;
}

static void
raw(struct msg *m, const uint8_t *p, size_t n)
{
	assert_true(m->n + n <= sizeof(m->b));
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

/* | tag (2) | length with the header (2) | value | padding to 4 | */
static void
param(struct msg *m, uint16_t tag, const uint8_t *v, size_t n)
{
	uint8_t h[4] = { (uint8_t)(tag >> 8), (uint8_t)tag, (uint8_t)((n + 4) >> 8),
			 (uint8_t)(n + 4) };
	static const uint8_t pad[3];

	raw(m, h, 4);
	raw(m, v, n);
	raw(m, pad, (4 - n % 4) % 4);
}

static const uint8_t *
done(struct msg *m)
{
	m->b[6] = (uint8_t)(m->n >> 8);
	m->b[7] = (uint8_t)m->n;
	return m->b;
}

static void
test_cldt_map_error(void **state)
{
	struct msg m;
	struct ct_dissect d;

	(void)state;
	start(&m, 7, 1);
	raw(&m, cldt_params, sizeof(cldt_params));
	param(&m, 0x010b, tcap_end, sizeof(tcap_end));
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "TCAP End");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MAP);
	assert_int_equal(d.causes[0].value, 1);
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_TCAP_TID);

	/* cut anywhere in the message: truncated */
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(m.b, m.n - 1, &d), CT_DEC_TRUNCATED);
	/* version 2: malformed */
	m.b[0] = 2;
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(m.b, m.n, &d), CT_DEC_MALFORMED);
}

/* A CORE's Destination Address names RANAP (SSN 142); the CODT names no
 * subsystem: its data is recognised as RANAP by its first octets. */
static void
test_connection_ranap(void **state)
{
	static const uint8_t class2[] = { 0, 0, 0, 2 }, srn[] = { 0, 1, 0, 1 },
			     drn[] = { 0, 2, 0, 2 };
	static const uint8_t to_ranap[] = {
		0x00, 0x02, 0x00, 0x03, 0x80, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00, 0x64,
		0x80, 0x03, 0x00, 0x08, 0x00, 0x00, 0x00, 0x8e,
	};
	struct msg m;
	struct ct_dissect d;

	(void)state;
	start(&m, 8, 1); /* CORE */
	param(&m, 0x0115, class2, 4);
	param(&m, 0x0104, srn, 4);
	param(&m, 0x0103, to_ranap, sizeof(to_ranap));
	param(&m, 0x010b, ranap_iu_release_request, sizeof(ranap_iu_release_request));
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "Iu-ReleaseRequest");
	assert_int_equal(d.nids, 1);
	assert_int_equal(d.ids[0].kind, CT_ID_SUA_REF);
	assert_string_equal(d.ids[0].value, "00010001");

	start(&m, 8, 8); /* CODT */
	param(&m, 0x0105, drn, 4);
	param(&m, 0x010b, ranap_iu_release_request, sizeof(ranap_iu_release_request));
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "Iu-ReleaseRequest");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_RANAP);
	assert_int_equal(d.causes[0].value, 46);
	assert_int_equal(d.ids[0].kind, CT_ID_SUA_REF);
	assert_string_equal(d.ids[0].value, "00020002");

	/* RELCO: both references, no data */
	start(&m, 8, 5);
	param(&m, 0x0105, drn, 4);
	param(&m, 0x0104, srn, 4);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SUA RELCO");
	assert_int_equal(d.nids, 2);
	assert_int_equal(d.ncauses, 0);

	/* a reference number of 3 octets: malformed */
	start(&m, 8, 5);
	param(&m, 0x0105, drn, 3);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_MALFORMED);

	/* a Protocol Class of 2 octets: malformed */
	start(&m, 8, 1);
	param(&m, 0x0115, class2, 2);
	param(&m, 0x0104, srn, 4);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_MALFORMED);

	/* a connection-oriented message with a Segmentation parameter */
	start(&m, 8, 8);
	param(&m, 0x0105, drn, 4);
	param(&m, 0x0117, (const uint8_t *)"\x81\x0c\x0d\x0e", 4);
	param(&m, 0x010b, ranap_iu_release_request, 6);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_NOT_REASSEMBLED);
}

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

/* A CLDT segment (Segmentation §3.10.17: first, 1 remaining, reference
 * 0x0c0d0e) goes to the SCCP segment hook keyed by the destination and
 * source address values and the reference; without a hook it is not
 * reassembled; the whole is decoded as SCCP's is. */
static void
test_cldt_segment(void **state)
{
	struct seen w = { 0 };
	struct ct_sccp_hook hook = { take, &w, 0 };
	struct msg m;
	struct ct_dissect d;

	(void)state;
	start(&m, 7, 1);
	raw(&m, cldt_params, sizeof(cldt_params));
	param(&m, 0x0117, (const uint8_t *)"\x81\x0c\x0d\x0e", 4);
	param(&m, 0x010b, tcap_end, 9);
	done(&m);
	ct_dissect_reset(&d);
	d.sccp = &hook;
	assert_int_equal(ct_decode_sua(m.b, m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SUA CLDT segment");
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(w.calls, 1);
	assert_int_equal(w.s.first, 1);
	assert_int_equal(w.s.remaining, 1);
	assert_int_equal(w.s.ssn, 7);
	assert_int_equal(w.s.len, 9);
	assert_memory_equal(w.data, tcap_end, 9);
	/* | 20 | destination | 20 | source | reference | */
	assert_int_equal(w.s.keylen, 1 + 20 + 1 + 20 + 3);
	assert_int_equal(w.s.key[0], 20);
	assert_memory_equal(w.s.key + 1, cldt_params + 36, 20);
	assert_int_equal(w.s.key[21], 20);
	assert_memory_equal(w.s.key + 22, cldt_params + 12, 20);
	assert_memory_equal(w.s.key + 42, "\x0c\x0d\x0e", 3);

	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(m.b, m.n, &d), CT_DEC_NOT_REASSEMBLED);

	/* a Segmentation of 3 octets: malformed */
	start(&m, 7, 1);
	raw(&m, cldt_params, sizeof(cldt_params));
	param(&m, 0x0117, (const uint8_t *)"\x81\x0c\x0d", 3);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_MALFORMED);

	/* "first, 0 remaining": a whole message, decoded here */
	start(&m, 7, 1);
	raw(&m, cldt_params, sizeof(cldt_params));
	param(&m, 0x0117, (const uint8_t *)"\x80\x0c\x0d\x0e", 4);
	param(&m, 0x010b, tcap_end, sizeof(tcap_end));
	w.calls = 0;
	ct_dissect_reset(&d);
	d.sccp = &hook;
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_int_equal(w.calls, 0);
	assert_int_equal(d.ncauses, 1);
}

/* A CLDR's return cause (SCCP Cause §3.10.6, type 1: Q.713 §3.12) is
 * named in its message; the management classes are named, no payload; an
 * unknown class is unsupported. */
static void
test_cldr_and_management(void **state)
{
	struct msg m;
	struct ct_dissect d;

	(void)state;
	start(&m, 7, 2);
	raw(&m, cldt_params, sizeof(cldt_params));
	param(&m, 0x0106, (const uint8_t *)"\x00\x00\x01\x03", 4);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SUA CLDR (subsystem failure)");
	assert_int_equal(d.ncauses, 0);

	start(&m, 3, 1);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SUA ASPUP");
	start(&m, 2, 1);
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_OK);
	assert_string_equal(d.message, "SUA DUNA");

	start(&m, 1, 1); /* M3UA's transfer class: not SUA's */
	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(done(&m), m.n, &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "SUA class 1 type 1");

	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_sua(m.b, 5, &d), CT_DEC_TRUNCATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cldt_map_error),
		cmocka_unit_test(test_connection_ranap),
		cmocka_unit_test(test_cldt_segment),
		cmocka_unit_test(test_cldr_and_management),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
