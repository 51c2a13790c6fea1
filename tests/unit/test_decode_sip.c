/* test_decode_sip.c — SIP decoder (RFC 3261, RFC 3326 Reason, RFC 3325
 * P-Asserted-Identity) on messages written from the RFCs' grammar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/decode.h"

/* An IMS INVITE (TS 24.229): Call-ID, CSeq, the caller asserted by the
 * P-CSCF, and an SDP body of Content-Length octets. */
static const char invite[] =
	"INVITE tel:+8613800000001 SIP/2.0\r\n"                   /* request line */
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds\r\n"
	"Max-Forwards: 70\r\n"
	"To: <tel:+8613800000001>\r\n"
	"From: <sip:+8613912345678@ims.example.com>;tag=1928301774\r\n"
	"P-Asserted-Identity: <tel:+86-139-1234-5678>\r\n"        /* visual separators */
	"Call-ID: a84b4c76e66710@10.0.0.1\r\n"
	"CSeq: 314159 INVITE\r\n"
	"Content-Type: application/sdp\r\n"
	"Content-Length: 10\r\n"
	"\r\n"
	"v=0\r\no=- 1";                                          /* 10 octets of body */

/* 480 with a Reason header carrying Q.850 cause 21 "Call rejected". */
static const char busy[] =
	"SIP/2.0 480 Temporarily Unavailable\r\n"                  /* status line */
	"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds\r\n"
	"To: <tel:+8613800000001>;tag=a6c85cf\r\n"
	"From: <sip:+8613912345678@ims.example.com>;tag=1928301774\r\n"
	"Call-ID: a84b4c76e66710@10.0.0.1\r\n"
	"CSeq: 314159 INVITE\r\n"
	"Reason: Q.850;cause=21;text=\"Call rejected\"\r\n"
	"Content-Length: 0\r\n"
	"\r\n";

/* BYE ending a call normally: two reason-values, one SIP, one Q.850. Header
 * names in odd case, the compact form "i" for Call-ID, a folded Reason
 * header, and bare LF line ends (RFC 3261 §7.3.1, §7.5). */
static const char bye[] =
	"BYE sip:alice@10.0.0.1:5060 SIP/2.0\n"
	"i: f81d4fae-7dec-11d0@10.0.0.2\n"
	"cseq:   2   BYE\n"
	"f: \"Bob\" <sip:bob@example.com>;tag=x\n"
	"REASON: SIP ;cause=200 ;text=\"Call completed elsewhere\",\n"
	"  Q.850 ;cause=16 ;text=\"Normal, \\\"quoted\\\"; call clearing\"\n"
	"l: 0\n"
	"\n";

static enum ct_dec_status
decode(const char *s, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_sip((const uint8_t *)s, n, d);
}

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

static void
test_invite(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(invite, strlen(invite), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "sip");
	assert_string_equal(d.message, "INVITE");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.seq, 314159);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 2);
	assert_string_equal(id_of(&d, CT_ID_CALL_ID), "a84b4c76e66710@10.0.0.1");
	/* P-Asserted-Identity wins over From */
	assert_string_equal(id_of(&d, CT_ID_MSISDN), "8613912345678");
}

static void
test_480_reason_q850(void **state)
{
	struct ct_dissect d;
	char buf[48];

	(void)state;
	assert_int_equal(decode(busy, strlen(busy), &d), CT_DEC_OK);
	assert_string_equal(d.message, "480 Temporarily Unavailable (INVITE)");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.seq, 314159);
	assert_int_equal(d.ncauses, 2);
	assert_int_equal(d.causes[0].family, CT_FAM_SIP);
	assert_int_equal(d.causes[0].group, CT_CG_NONE);
	assert_int_equal(d.causes[0].value, 480);
	assert_int_equal(d.causes[0].failure, 1);
	assert_int_equal(d.causes[1].family, CT_FAM_SIP);
	assert_int_equal(d.causes[1].group, CT_CG_Q850);
	assert_int_equal(d.causes[1].value, 21);
	assert_int_equal(d.causes[1].failure, 1);
	assert_string_equal(d.causes[1].message, "480 Temporarily Unavailable (INVITE)");
	assert_string_equal(ct_cause_name(CT_FAM_SIP, CT_CG_NONE, 480, buf, sizeof(buf)),
			    "Temporarily Unavailable");
	assert_string_equal(ct_cause_name(CT_FAM_SIP, CT_CG_Q850, 21, buf, sizeof(buf)),
			    "Call rejected");
	assert_string_equal(id_of(&d, CT_ID_CALL_ID), "a84b4c76e66710@10.0.0.1");
	assert_string_equal(id_of(&d, CT_ID_MSISDN), "8613912345678"); /* From */
}

static void
test_bye_folded_compact(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(bye, strlen(bye), &d), CT_DEC_OK);
	assert_string_equal(d.message, "BYE");
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.seq, 2);
	/* only the Q.850 reason-value is a cause; 16 is a normal clearing */
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].group, CT_CG_Q850);
	assert_int_equal(d.causes[0].value, 16);
	assert_int_equal(d.causes[0].failure, 0);
	assert_string_equal(id_of(&d, CT_ID_CALL_ID), "f81d4fae-7dec-11d0@10.0.0.2");
	assert_null(id_of(&d, CT_ID_MSISDN)); /* sip:bob is not a number */
}

static void
test_status_names(void **state)
{
	char buf[48];

	(void)state;
	assert_string_equal(ct_cause_name(CT_FAM_SIP, CT_CG_NONE, 200, buf, sizeof(buf)), "OK");
	assert_string_equal(ct_cause_name(CT_FAM_SIP, CT_CG_NONE, 486, buf, sizeof(buf)),
			    "Busy Here");
	assert_string_equal(ct_cause_name(CT_FAM_SIP, CT_CG_NONE, 503, buf, sizeof(buf)),
			    "Service Unavailable");
	assert_string_equal(ct_cause_name(CT_FAM_SIP, CT_CG_NONE, 499, buf, sizeof(buf)),
			    "unknown (499)");
	assert_string_equal(ct_cause_name(CT_FAM_SIP, CT_CG_Q850, 16, buf, sizeof(buf)),
			    "Normal call clearing");
	assert_string_equal(ct_cause_name(CT_FAM_CC, CT_CG_NONE, 17, buf, sizeof(buf)),
			    "User busy");
	assert_string_equal(ct_cause_name(CT_FAM_CC, CT_CG_NONE, 34, buf, sizeof(buf)),
			    "No circuit/channel available");
}

static void
test_response_without_cseq(void **state)
{
	static const char m[] = "SIP/2.0 200 OK\r\n\r\n";
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(m, strlen(m), &d), CT_DEC_OK);
	assert_string_equal(d.message, "200 OK");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 200);
	assert_int_equal(d.causes[0].failure, 0);
}

/* Every prefix is TRUNCATED. Each is copied to a buffer of exactly its
 * length, so that AddressSanitizer catches a read one byte past it. */
static void
test_truncated_everywhere(void **state)
{
	const char *v[] = { invite, busy, bye };
	struct ct_dissect d;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (n = 0; n < strlen(v[i]); n++) {
			char *b = malloc(n ? n : 1);

			assert_non_null(b);
			memcpy(b, v[i], n);
			assert_int_equal(decode(b, n, &d), CT_DEC_TRUNCATED);
			free(b);
		}
	/* a cut inside the headers keeps the status already read */
	assert_int_equal(decode(busy, 60, &d), CT_DEC_TRUNCATED);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 480);
}

static void
test_malformed(void **state)
{
	static const char *bad[] = {
		"SIP/2.0 99 Too Low\r\n\r\n",                 /* status is 3 digits, 1xx-6xx */
		"SIP/2.0 2000 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\n\r\n",                     /* not SIP */
		"INVITE sip:bob@example.com SIP/3.0\r\n\r\n",  /* wrong version */
		"INVITE sip:bob@example.com\r\n\r\n",          /* no version */
		"INV(TE sip:bob@example.com SIP/2.0\r\n\r\n",  /* method is a token */
		"INVITE sip:b SIP/2.0\r\nContent-Length: ten\r\n\r\n",
		"INVITE sip:b SIP/2.0\r\nCSeq: x INVITE\r\n\r\n",
		"BYE sip:b SIP/2.0\r\nReason: Q.850;cause=999\r\n\r\n", /* 7-bit causes */
		"\x16\x03\x01\x02\x00",                            /* TLS, not SIP */
	};
	struct ct_dissect d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(decode(bad[i], strlen(bad[i]), &d), CT_DEC_MALFORMED);
}

static void
test_keep_alive(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode("\r\n\r\n", 4, &d), CT_DEC_OK);
	assert_string_equal(d.message, "keep-alive");
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(decode("", 0, &d), CT_DEC_TRUNCATED);
}

static void
test_frame_len(void **state)
{
	char two[sizeof(invite) + sizeof(busy)];
	size_t ni = strlen(invite), nb = strlen(busy);
	static const char big[] = "SIP/2.0 200 OK\r\nContent-Length: 2000000\r\n\r\n";

	(void)state;
	memcpy(two, invite, ni);
	memcpy(two + ni, busy, nb);
	assert_int_equal(ct_sip_frame_len((const uint8_t *)two, ni + nb), ni);
	assert_int_equal(ct_sip_frame_len((const uint8_t *)busy, nb), nb);
	assert_int_equal(ct_sip_frame_len((const uint8_t *)invite, ni - 1), 0); /* body cut */
	assert_int_equal(ct_sip_frame_len((const uint8_t *)invite, 40), 0);    /* headers cut */
	assert_int_equal(ct_sip_frame_len((const uint8_t *)"\x16\x03\x01", 3), (size_t)-1);
	assert_int_equal(ct_sip_frame_len((const uint8_t *)big, strlen(big)), (size_t)-1);
	assert_int_equal(ct_sip_frame_len((const uint8_t *)"\r\n\r\nSIP", 7), 4); /* ping */
}

static void
test_tables(void **state)
{
	(void)state;
	assert_table_sane(ct_sip_status_table(), 70);
	assert_table_sane(ct_q850_cause_table(), 70);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invite),
		cmocka_unit_test(test_480_reason_q850),
		cmocka_unit_test(test_bye_folded_compact),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_response_without_cseq),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_frame_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
