/* test_decode_nas.c — EPS NAS (TS 24.301) and 5GS NAS (TS 24.501) decoders. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "celltriage/decode.h"

/* ---- EPS ---- */

/* Attach reject, EMM cause 19 (ESM failure), with an ESM message container
 * holding a PDN connectivity reject, ESM cause 27. */
static const uint8_t attach_reject_esm[] = {
	0x07,             /* security header 0, PD EMM */
	0x44,             /* Attach reject */
	0x13,             /* EMM cause 19 */
	0x78,             /* IEI: ESM message container (TLV-E) */
	0x00, 0x04,       /* length 4 */
	0x02,             /* EBI 0, PD ESM */
	0x01,             /* PTI 1 */
	0xd1,             /* PDN connectivity reject */
	0x1b,             /* ESM cause 27 */
};

/* Integrity protected (type 1) Service reject, EMM cause 9. */
static const uint8_t protected_service_reject[] = {
	0x17,             /* security header 1, PD EMM */
	0xde, 0xad, 0xbe, 0xef, /* MAC */
	0x03,             /* sequence number */
	0x07, 0x4e, 0x09, /* plain EMM: Service reject, cause 9 */
};

/* Integrity protected and ciphered (type 2). */
static const uint8_t ciphered[] = {
	0x27, 0x01, 0x02, 0x03, 0x04, 0x05, 0x66, 0x77,
};

/* GUTI reallocation command with GUTI 001-01, MMEGI 0x0002, MMEC 0x01, M-TMSI 0xc0000001. */
static const uint8_t guti_realloc[] = {
	0x07, 0x50,       /* plain EMM, GUTI reallocation command */
	0x0b,             /* EPS mobile identity length 11 */
	0xf6,             /* filler, even, type GUTI (110) */
	0x00, 0xf1, 0x10, /* PLMN 001-01 */
	0x00, 0x02,       /* MME group id */
	0x01,             /* MME code */
	0xc0, 0x00, 0x00, 0x01, /* M-TMSI */
};

/* Detach request, network originating, EMM cause 7. */
static const uint8_t detach_network[] = {
	0x07, 0x45,       /* plain EMM, Detach request */
	0x03,             /* spare, detach type 3 (IMSI detach) */
	0x53, 0x07,       /* EMM cause IE: 7 */
};

/* Identity response with IMEISV 3569380356438091 (16 digits, even). */
static const uint8_t identity_imeisv[] = {
	0x07, 0x56,       /* plain EMM, Identity response */
	0x09,             /* mobile identity length 9 */
	0x33,             /* digit 1 = 3, even, type IMEISV (011) */
	0x65, 0x39, 0x08, 0x53, 0x46, 0x83, 0x90, 0xf1, /* 5 6 9 3 8 0 3 5 6 4 3 8 0 9 1, filler */
};

/* Deactivate EPS bearer context request, ESM cause 36 regular deactivation. */
static const uint8_t deactivate_regular[] = {
	0x52, 0x00, 0xcd, 0x24, /* EBI 5 PD ESM, PTI 0, deactivate request, cause 36 */
};

/* ---- 5GS ---- */

/* Integrity protected Authentication failure, 5GMM cause 21. */
static const uint8_t mm_protected_auth_failure[] = {
	0x7e, 0x01,       /* EPD 5GMM, integrity protected */
	0x11, 0x22, 0x33, 0x44, /* MAC */
	0x00,             /* sequence number */
	0x7e, 0x00, 0x59, /* plain 5GMM: Authentication failure */
	0x15,             /* 5GMM cause 21 */
	0x30, 0x0e, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, /* auth failure parameter, 14 octets */
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
};

/* 5GMM ciphered (type 2). */
static const uint8_t mm_ciphered[] = {
	0x7e, 0x02, 0x01, 0x02, 0x03, 0x04, 0x09, 0xaa, 0xbb,
};

/* DL NAS transport carrying a PDU session establishment reject, 5GSM cause 27. */
static const uint8_t dl_transport_sm_reject[] = {
	0x7e, 0x00, 0x68, /* plain 5GMM, DL NAS transport */
	0x01,             /* payload container type 1: N1 SM information */
	0x00, 0x05,       /* payload container, LV-E length 5 */
	0x2e,             /* EPD 5GSM */
	0x05,             /* PDU session id 5 */
	0x01,             /* PTI 1 */
	0xc3,             /* PDU session establishment reject */
	0x1b,             /* 5GSM cause 27 */
	0x12, 0x05,       /* PDU session identity 2 (TV) */
};

/* Deregistration request (UE terminated) with 5GMM cause 11. */
static const uint8_t dereg_network[] = {
	0x7e, 0x00, 0x47, /* plain 5GMM, Deregistration request (UE terminated) */
	0x01,             /* spare, de-registration type 3GPP access */
	0x58, 0x0b,       /* 5GMM cause IE: 11 */
};

/* Registration accept with a 5G-GUTI. */
static const uint8_t reg_accept_guti[] = {
	0x7e, 0x00, 0x42, /* plain 5GMM, Registration accept */
	0x01, 0x01,       /* 5GS registration result LV: 3GPP access */
	0x77, 0x00, 0x0b, /* 5G-GUTI, TLV-E length 11 */
	0xf2,             /* filler, type 5G-GUTI (010) */
	0x00, 0xf1, 0x10, /* PLMN 001-01 */
	0x01,             /* AMF region 0x01 */
	0x00, 0x41,       /* AMF set id 1 (10 bits), AMF pointer 1 (6 bits) */
	0x12, 0x34, 0x56, 0x78, /* 5G-TMSI */
};

static enum ct_dec_status
eps(const uint8_t *p, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_nas_eps(p, n, d);
}

static enum ct_dec_status
fivegs(const uint8_t *p, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_nas_5gs(p, n, d);
}

static void
assert_cause(const struct ct_dissect *d, unsigned i, enum ct_family f,
	     uint32_t v, int failure, const char *msg)
{
	assert_true(i < d->ncauses);
	assert_int_equal(d->causes[i].family, f);
	assert_int_equal(d->causes[i].group, CT_CG_NONE);
	assert_int_equal(d->causes[i].value, v);
	assert_int_equal(d->causes[i].failure, failure);
	assert_string_equal(d->causes[i].message, msg);
}

static void
assert_id(const struct ct_dissect *d, unsigned i, enum ct_id_kind k, const char *v)
{
	assert_true(i < d->nids);
	assert_int_equal(d->ids[i].kind, k);
	assert_string_equal(d->ids[i].value, v);
}

static void
test_eps_attach_reject_with_esm(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(eps(attach_reject_esm, sizeof(attach_reject_esm), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "nas-eps");
	assert_int_equal(d.ncauses, 2);
	assert_cause(&d, 0, CT_FAM_EMM, 19, 1, "Attach reject");
	assert_cause(&d, 1, CT_FAM_ESM, 27, 1, "PDN connectivity reject");
	assert_string_equal(d.message, "PDN connectivity reject");
	assert_string_equal(ct_cause_name(CT_FAM_EMM, CT_CG_NONE, 19, buf, sizeof(buf)), "ESM failure");
	assert_string_equal(ct_cause_name(CT_FAM_ESM, CT_CG_NONE, 27, buf, sizeof(buf)),
			    "Missing or unknown APN");
	assert_string_equal(ct_cause_name(CT_FAM_ESM, CT_CG_NONE, 250, buf, sizeof(buf)),
			    "unknown (250)");
}

static void
test_eps_integrity_protected(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(eps(protected_service_reject, sizeof(protected_service_reject), &d),
			 CT_DEC_OK);
	assert_string_equal(d.message, "Service reject");
	assert_int_equal(d.ciphered, 0);
	assert_int_equal(d.ncauses, 1);
	assert_cause(&d, 0, CT_FAM_EMM, 9, 1, "Service reject");
}

static void
test_eps_ciphered(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(eps(ciphered, sizeof(ciphered), &d), CT_DEC_CIPHERED);
	assert_int_equal(d.ciphered, 1);
	assert_int_equal(d.ncauses, 0);
	assert_string_equal(d.message, "Ciphered message");
}

/* Security header type 2 around a plain Attach reject (EMM 15): the null
 * cipher EEA0 leaves the plain message after the MAC and sequence number,
 * and it decodes whole: read, not counted ciphered. A body that does not
 * decode whole (a known message cut short) stays ciphered, with nothing of
 * the try left behind. */
static const uint8_t null_ciphered[] = { 0x27, 0xde, 0xad, 0xbe, 0xef, 0x05, 0x07, 0x44, 0x0f };
static const uint8_t cut_ciphered[] = { 0x27, 0xde, 0xad, 0xbe, 0xef, 0x05, 0x07, 0x41, 0x71 };
/* 5GS: EPD 0x7e, header type 4, MAC, sequence number, then a plain
 * Registration reject (0x44) with 5GMM cause 7 (§8.2.9). */
static const uint8_t null_ciphered_5gs[] = { 0x7e, 0x04, 1, 2, 3, 4, 0x00, 0x7e, 0x00, 0x44, 0x07 };

static void
test_null_cipher(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(eps(null_ciphered, sizeof(null_ciphered), &d), CT_DEC_OK);
	assert_int_equal(d.ciphered, 0);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_EMM);
	assert_int_equal(d.causes[0].value, 15);
	assert_string_equal(d.message, "Attach reject");

	assert_int_equal(eps(cut_ciphered, sizeof(cut_ciphered), &d), CT_DEC_CIPHERED);
	assert_int_equal(d.ciphered, 1);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 0);
	assert_string_equal(d.message, "Ciphered message");

	ct_dissect_reset(&d);
	assert_int_equal(ct_decode_nas_5gs(null_ciphered_5gs, sizeof(null_ciphered_5gs), &d), CT_DEC_OK);
	assert_int_equal(d.ciphered, 0);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_5GMM);
	assert_int_equal(d.causes[0].value, 7);
}

static void
test_eps_identities(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(eps(guti_realloc, sizeof(guti_realloc), &d), CT_DEC_OK);
	assert_string_equal(d.message, "GUTI reallocation command");
	assert_int_equal(d.nids, 2);
	assert_id(&d, 0, CT_ID_GUTI, "001-01-0002-01-c0000001");
	assert_id(&d, 1, CT_ID_TMSI, "c0000001");

	assert_int_equal(eps(identity_imeisv, sizeof(identity_imeisv), &d), CT_DEC_OK);
	assert_int_equal(d.nids, 1);
	assert_id(&d, 0, CT_ID_IMEI, "3569380356438091");
}

static void
test_eps_detach_and_deactivate(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(eps(detach_network, sizeof(detach_network), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_cause(&d, 0, CT_FAM_EMM, 7, 1, "Detach request");

	assert_int_equal(eps(deactivate_regular, sizeof(deactivate_regular), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	/* regular deactivation is a cause but not a failure */
	assert_cause(&d, 0, CT_FAM_ESM, 36, 0, "Deactivate EPS bearer context request");
}

static void
test_eps_bad_input(void **state)
{
	static const uint8_t unknown_type[] = { 0x07, 0x7f };
	static const uint8_t nested_header[] = { 0x17, 0, 0, 0, 0, 0, 0x17, 0x4e };
	static const uint8_t huge_lve[] = { 0x07, 0x44, 0x13, 0x78, 0xff, 0xff, 0x02 };
	static const uint8_t bad_digits[] = { 0x07, 0x56, 0x02, 0x09, 0xab };
	struct ct_dissect d;
	size_t n;

	(void)state;
	assert_int_equal(eps(unknown_type, sizeof(unknown_type), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "EMM message 0x7f");
	assert_int_equal(eps(nested_header, sizeof(nested_header), &d), CT_DEC_MALFORMED);
	assert_int_equal(eps(huge_lve, sizeof(huge_lve), &d), CT_DEC_TRUNCATED);
	assert_int_equal(eps(bad_digits, sizeof(bad_digits), &d), CT_DEC_MALFORMED);
	/* every proper prefix of messages whose every octet is mandatory */
	for (n = 0; n < sizeof(guti_realloc); n++)
		assert_int_equal(eps(guti_realloc, n, &d), CT_DEC_TRUNCATED);
	for (n = 0; n < sizeof(protected_service_reject); n++)
		assert_int_equal(eps(protected_service_reject, n, &d), CT_DEC_TRUNCATED);
	for (n = 0; n < sizeof(ciphered) && n < 6; n++)
		assert_int_equal(eps(ciphered, n, &d), CT_DEC_TRUNCATED);
	for (n = 0; n < sizeof(identity_imeisv); n++)
		assert_int_equal(eps(identity_imeisv, n, &d), CT_DEC_TRUNCATED);
}

static void
test_5gs_protected_auth_failure(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(fivegs(mm_protected_auth_failure, sizeof(mm_protected_auth_failure), &d),
			 CT_DEC_OK);
	assert_string_equal(d.protocol, "nas-5gs");
	assert_string_equal(d.message, "Authentication failure");
	assert_int_equal(d.ncauses, 1);
	assert_cause(&d, 0, CT_FAM_5GMM, 21, 1, "Authentication failure");
	assert_string_equal(ct_cause_name(CT_FAM_5GMM, CT_CG_NONE, 21, buf, sizeof(buf)),
			    "Synch failure");
}

static void
test_5gs_ciphered(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(fivegs(mm_ciphered, sizeof(mm_ciphered), &d), CT_DEC_CIPHERED);
	assert_int_equal(d.ciphered, 1);
	assert_int_equal(d.ncauses, 0);
}

static void
test_5gs_sm_in_transport(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(fivegs(dl_transport_sm_reject, sizeof(dl_transport_sm_reject), &d),
			 CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_cause(&d, 0, CT_FAM_5GSM, 27, 1, "PDU session establishment reject");
	assert_string_equal(d.message, "PDU session establishment reject");
	assert_string_equal(ct_cause_name(CT_FAM_5GSM, CT_CG_NONE, 27, buf, sizeof(buf)),
			    "Missing or unknown DNN");
}

static void
test_5gs_deregistration_and_guti(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(fivegs(dereg_network, sizeof(dereg_network), &d), CT_DEC_OK);
	assert_string_equal(d.message, "Deregistration request (UE terminated)");
	assert_int_equal(d.ncauses, 1);
	assert_cause(&d, 0, CT_FAM_5GMM, 11, 1, "Deregistration request (UE terminated)");

	assert_int_equal(fivegs(reg_accept_guti, sizeof(reg_accept_guti), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 2);
	assert_id(&d, 0, CT_ID_GUTI, "001-01-01-001-01-12345678");
	assert_id(&d, 1, CT_ID_TMSI, "12345678");
}

static void
test_5gs_bad_input(void **state)
{
	static const uint8_t other_epd[] = { 0x2f, 0x00, 0x41 };
	static const uint8_t huge[] = { 0x7e, 0x00, 0x41, 0x79, 0xff, 0xff, 0x01 };
	static const uint8_t reserved_sht[] = { 0x7e, 0x0f, 0x41 };
	struct ct_dissect d;
	size_t n;

	(void)state;
	assert_int_equal(fivegs(other_epd, sizeof(other_epd), &d), CT_DEC_UNSUPPORTED);
	assert_int_equal(fivegs(huge, sizeof(huge), &d), CT_DEC_TRUNCATED);
	assert_int_equal(fivegs(reserved_sht, sizeof(reserved_sht), &d), CT_DEC_UNSUPPORTED);
	/* cut inside the mandatory part or inside the optional 5G-GUTI IE:
	 * truncated; cut right after the mandatory part: a complete message */
	for (n = 0; n < sizeof(reg_accept_guti); n++)
		assert_int_equal(fivegs(reg_accept_guti, n, &d),
				 n == 5 ? CT_DEC_OK : CT_DEC_TRUNCATED);
	for (n = 0; n < 11; n++) /* up to and including the 5GMM cause */
		assert_int_equal(fivegs(mm_protected_auth_failure, n, &d), CT_DEC_TRUNCATED);
	for (n = 0; n < 11; n++) /* the 5GSM message inside the container */
		assert_int_equal(fivegs(dl_transport_sm_reject, n, &d), CT_DEC_TRUNCATED);
}

/* The names of every cause value seen in the real captures of
 * ../shared/captures/real (README there), as tshark 4.0 prints them. */
static void
test_cause_names_as_tshark(void **state)
{
	static const struct {
		enum ct_family f;
		enum ct_cause_group g;
		uint32_t v;
		const char *name;
	} t[] = {
		{ CT_FAM_EMM, CT_CG_NONE, 2, "IMSI unknown in HSS" },
		{ CT_FAM_EMM, CT_CG_NONE, 8, "EPS services and non-EPS services not allowed" },
		{ CT_FAM_EMM, CT_CG_NONE, 9, "UE identity cannot be derived by the network" },
		{ CT_FAM_EMM, CT_CG_NONE, 20, "MAC failure" },
		{ CT_FAM_EMM, CT_CG_NONE, 21, "Synch failure" },
		{ CT_FAM_EMM, CT_CG_NONE, 101, "Message not compatible with the protocol state" },
		{ CT_FAM_ESM, CT_CG_NONE, 27, "Missing or unknown APN" },
		{ CT_FAM_ESM, CT_CG_NONE, 36, "Regular deactivation" },
		{ CT_FAM_ESM, CT_CG_NONE, 50, "PDN type IPv4 only allowed" },
		{ CT_FAM_5GMM, CT_CG_NONE, 7, "5GS services not allowed" },
		{ CT_FAM_5GMM, CT_CG_NONE, 20, "MAC failure" },
		{ CT_FAM_5GMM, CT_CG_NONE, 21, "Synch failure" },
		{ CT_FAM_5GMM, CT_CG_NONE, 23, "UE security capabilities mismatch" },
		{ CT_FAM_5GMM, CT_CG_NONE, 101, "Message not compatible with the protocol state" },
		{ CT_FAM_5GSM, CT_CG_NONE, 36, "Regular deactivation" },
		{ CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 3, "release-due-to-eutran-generated-reason" },
		{ CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 4, "handover-cancelled" },
		{ CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 9, "tS1relocprep-expiry" },
		{ CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 13, "unknown-mme-ue-s1ap-id" },
		{ CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 17, "time-critical-handover" },
		{ CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 20, "user-inactivity" },
		{ CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 21, "radio-connection-with-ue-lost" },
		{ CT_FAM_S1AP, CT_CG_NAS, 2, "detach" },
		{ CT_FAM_S1AP, CT_CG_PROTOCOL, 5, "abstract-syntax-error-falsely-constructed-message" },
		{ CT_FAM_NGAP, CT_CG_RADIO_NETWORK, 14, "unknown-local-UE-NGAP-ID" },
		{ CT_FAM_NGAP, CT_CG_RADIO_NETWORK, 21, "radio-connection-with-ue-lost" },
		{ CT_FAM_NGAP, CT_CG_NAS, 1, "authentication-failure" },
		{ CT_FAM_NGAP, CT_CG_MISC, 4, "unknown-PLMN-or-SNPN" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(ct_cause_name(t[i].f, t[i].g, t[i].v, buf, sizeof(buf)),
				    t[i].name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eps_attach_reject_with_esm),
		cmocka_unit_test(test_eps_integrity_protected),
		cmocka_unit_test(test_eps_ciphered),
		cmocka_unit_test(test_null_cipher),
		cmocka_unit_test(test_eps_identities),
		cmocka_unit_test(test_eps_detach_and_deactivate),
		cmocka_unit_test(test_eps_bad_input),
		cmocka_unit_test(test_5gs_protected_auth_failure),
		cmocka_unit_test(test_5gs_ciphered),
		cmocka_unit_test(test_5gs_sm_in_transport),
		cmocka_unit_test(test_5gs_deregistration_and_guti),
		cmocka_unit_test(test_5gs_bad_input),
		cmocka_unit_test(test_cause_names_as_tshark),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
