/* test_decode_gtpv1.c — GTPv1-C (TS 29.060), GTPv0 (GSM 09.60) and GTP'
 * (TS 32.295), on vectors written from the specifications. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"
#include "decode_copy.h"

/* Decodes a copy of exactly len bytes (decode_copy.h). */
static enum ct_dec_status
decode(const uint8_t *v, size_t len, struct ct_dissect *d)
{
	return decode_copy(ct_decode_gtpv1, v, len, d);
}

static const char *
id_of(const struct ct_dissect *d, enum ct_id_kind k, unsigned nth)
{
	for (unsigned i = 0; i < d->nids; i++)
		if (d->ids[i].kind == k && nth-- == 0)
			return d->ids[i].value;
	return NULL;
}

/* Create PDP Context Request (§7.3.1), SGSN -> GGSN. */
static const uint8_t create_req[] = {
	0x32, 0x10, 0x00, 0x2b,  /* v1, PT 1, S; type 16; length 43 */
	0x00, 0x00, 0x00, 0x00,  /* TEID 0: none assigned yet */
	0x01, 0x01, 0x00, 0x00,  /* sequence 257, N-PDU 0, no extension */
	0x02, 0x00, 0x01, 0x11, 0x32, 0x54, 0x76, 0x98, 0xf0, /* IMSI 001011234567890 */
	0x0f, 0xfc,              /* Selection Mode */
	0x10, 0x00, 0x00, 0xa0, 0x01, /* TEID Data I */
	0x11, 0x00, 0x00, 0xa0, 0x02, /* TEID Control Plane */
	0x14, 0x05,              /* NSAPI 5: not an identity */
	0x86, 0x00, 0x08, 0x91,  /* MSISDN, TLV 8: international, ISDN */
	0x68, 0x31, 0x16, 0x32, 0x54, 0x76, 0xf8, /* 8613612345678 */
	0xff, 0x00, 0x02, 0x00, 0x01, /* Private Extension (TLV 255) */
};

/* Create PDP Context Response (§7.3.2) rejecting: Cause 200. */
static const uint8_t create_rsp[] = {
	0x32, 0x11, 0x00, 0x06, 0x00, 0x00, 0xa0, 0x02,
	0x01, 0x01, 0x00, 0x00,
	0x01, 0xc8,              /* Cause 200 "Service not supported" */
};

static void
test_create_pdp_context(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(decode(create_req, sizeof(create_req), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gtpv1");
	assert_string_equal(d.message, "Create PDP Context Request");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.seq, 257);
	assert_int_equal(d.ncauses, 0);
	assert_string_equal(id_of(&d, CT_ID_IMSI, 0), "001011234567890");
	assert_string_equal(id_of(&d, CT_ID_TEID, 0), "0000a001");
	assert_string_equal(id_of(&d, CT_ID_TEID, 1), "0000a002");
	assert_string_equal(id_of(&d, CT_ID_MSISDN, 0), "8613612345678");
	assert_int_equal(d.nids, 4);

	assert_int_equal(decode(create_rsp, sizeof(create_rsp), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Create PDP Context Response");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_GTPV1);
	assert_int_equal(d.causes[0].value, 200);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(id_of(&d, CT_ID_TEID, 0), "0000a002");
	assert_string_equal(ct_cause_name(CT_FAM_GTPV1, CT_CG_NONE, 200, buf, sizeof(buf)),
			    "Service not supported");
	assert_string_equal(ct_cause_name(CT_FAM_GTPV1, CT_CG_NONE, 128, buf, sizeof(buf)),
			    "Request accepted");
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_GTPV1, CT_CG_NONE, 128), 0);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_GTPV1, CT_CG_NONE, 192), 1);
}

/* An extension header chain (§6.1), and the errors: a type TS 29.060 does
 * not define, an IE past the message, bytes cut short. */
static void
test_extension_headers_and_bad_input(void **state)
{
	static const uint8_t ext[] = {
		0x36, 0x15, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x09, /* E and S; Delete PDP Context Response */
		0x00, 0x07, 0x00, 0xc0,   /* seq 7, next: PDCP PDU number */
		0x01, 0x00, 0x01, 0x00,   /* 1 unit: 2 octets of content, next none */
		0x01, 0x80,               /* Cause 128 */
	};
	static const uint8_t reserved_tv[] = {
		0x32, 0x13, 0x00, 0x06, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01, 0x00, 0x00,
		0x1e, 0x00,               /* TV type 30: not defined */
	};
	static const uint8_t zero_ext[] = {
		0x34, 0x15, 0x00, 0x08, 0x00, 0x00, 0x00, 0x09,
		0x00, 0x07, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, /* extension of length 0 */
	};
	static const uint8_t tlv_over[] = {
		0x32, 0x15, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01, 0x00, 0x00,
		0x86, 0x00, 0x09,         /* MSISDN of 9 octets in a 7-octet message */
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(ext, sizeof(ext), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Delete PDP Context Response");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 128);
	assert_int_equal(d.causes[0].failure, 0);
	assert_int_equal(decode(reserved_tv, sizeof(reserved_tv), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(zero_ext, sizeof(zero_ext), &d), CT_DEC_MALFORMED);
	assert_int_equal(decode(tlv_over, sizeof(tlv_over), &d), CT_DEC_MALFORMED);
	for (size_t n = 0; n < sizeof(create_rsp); n++) {
		assert_int_equal(decode(create_rsp, n, &d), CT_DEC_TRUNCATED);
		assert_int_equal(d.ncauses, 0);
	}
}

/* GTPv0 (GSM 09.60 §6): a 20-octet header whose TID holds the IMSI and
 * NSAPI. */
static void
test_v0(void **state)
{
	static const uint8_t v0_rsp[] = {
		0x1e, 0x11, 0x00, 0x05,   /* v0, PT 1; Create PDP Context Response; length 5 */
		0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, /* seq, flow label, N-PDU, spare */
		0x00, 0x01, 0x11, 0x32, 0x54, 0x76, 0x98, 0x50, /* TID: IMSI 001011234567890, NSAPI 5 */
		0x01, 0xc7,               /* Cause 199 "No resources available" */
		0x10, 0x00, 0x01,         /* Flow Label Data I: 2 octets in v0 */
	};
	static const uint8_t echo_v0[] = {
		0x1e, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(v0_rsp, sizeof(v0_rsp), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gtpv0");
	assert_string_equal(d.message, "Create PDP Context Response");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_GTPV1);
	assert_int_equal(d.causes[0].value, 199);
	assert_string_equal(id_of(&d, CT_ID_IMSI, 0), "001011234567890");
	assert_null(id_of(&d, CT_ID_TEID, 0));
	assert_int_equal(decode(echo_v0, sizeof(echo_v0), &d), CT_DEC_OK);
	assert_int_equal(d.nids, 0);
}

/* GTP' (TS 32.295 §6.1.1, PT 0): the 20-octet header (H = 0) and the
 * 6-octet one (H = 1), then the IEs; the Cause in family gtpv1. */
static void
test_prime(void **state)
{
	static const uint8_t drt_rsp[] = {
		0x0e, 0xf1, 0x00, 0x07,   /* v0, PT 0, spare 111, H 0; Data Record Transfer Response; 7 */
		0x16, 0xcf,               /* sequence number 5839 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* 14 unused octets */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x01, 0x80,               /* Cause 128 "Request accepted" */
		0xfd, 0x00, 0x02, 0x16, 0xcf, /* Requests Responded: 5839 */
	};
	static const uint8_t drt_reject[] = {
		0x2f, 0xf1, 0x00, 0x07,   /* v1, PT 0, spare 111, H 1: 6-octet header */
		0x00, 0x2a,               /* sequence number 42 */
		0x01, 0xb1,               /* Cause 177 "CDR decoding error" */
		0xfd, 0x00, 0x02, 0x00, 0x2a,
	};
	static const uint8_t drt_req[] = {
		0x2f, 0xf0, 0x00, 0x0a,   /* Data Record Transfer Request, 10 */
		0x00, 0x2b,
		0x7e, 0x01,               /* Packet Transfer Command: send data record packet */
		0xfc, 0x00, 0x05, 0x01, 0x01, 0x00, 0x01, 0x30, /* Data Record Packet: 1 record of 1 octet */
	};
	static const uint8_t redirect[] = {
		0x2f, 0x06, 0x00, 0x02, 0x00, 0x01, /* Redirection Request, 2 */
		0x01, 0x3f,               /* Cause 63 "This node is about to go down" */
	};
	static const uint8_t unknown[] = { 0x2f, 0x63, 0x00, 0x00, 0x00, 0x01 };
	uint8_t b[sizeof(drt_reject)];
	struct ct_dissect d;
	char name[80];

	(void)state;
	assert_int_equal(decode(drt_rsp, sizeof(drt_rsp), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gtp-prime");
	assert_string_equal(d.message, "GTP' Data Record Transfer Response");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.seq, 5839);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_GTPV1);
	assert_int_equal(d.causes[0].value, 128);
	assert_int_equal(d.causes[0].failure, 0);

	assert_int_equal(decode(drt_reject, sizeof(drt_reject), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 177);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_GTPV1, CT_CG_NONE, 177, name, sizeof(name)),
			    "CDR decoding error");
	assert_string_equal(ct_cause_name(CT_FAM_GTPV1, CT_CG_NONE, 255, name, sizeof(name)),
			    "Request not fulfilled");

	assert_int_equal(decode(drt_req, sizeof(drt_req), &d), CT_DEC_OK);
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.ncauses, 0);

	assert_int_equal(decode(redirect, sizeof(redirect), &d), CT_DEC_OK);
	assert_string_equal(d.message, "GTP' Redirection Request");
	assert_int_equal(d.causes[0].value, 63);
	assert_int_equal(d.causes[0].failure, 0); /* a notice in a request */

	/* an unknown message type: named, unsupported */
	assert_int_equal(decode(unknown, sizeof(unknown), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "GTP' message type 99");

	/* cut inside the 20-octet header, inside an IE, and a length beyond */
	for (size_t n = 4; n < sizeof(drt_rsp); n++)
		assert_int_equal(decode(drt_rsp, n, &d), CT_DEC_TRUNCATED);
	memcpy(b, drt_reject, sizeof(b));
	b[3] = 0x10;
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_TRUNCATED);
	/* a TV type the specification does not define */
	memcpy(b, drt_reject, sizeof(b));
	b[6] = 0x07;
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* a TLV whose length runs past the message */
	memcpy(b, drt_reject, sizeof(b));
	b[10] = 0x09;
	assert_int_equal(decode(b, sizeof(b), &d), CT_DEC_MALFORMED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_pdp_context),
		cmocka_unit_test(test_extension_headers_and_bad_input),
		cmocka_unit_test(test_v0),
		cmocka_unit_test(test_prime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
