/* test_decode_ngap.c — NGAP decoder (TS 38.413, aligned PER) on hand-built PDUs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "celltriage/decode.h"

/* DownlinkNASTransport carrying a Registration reject, 5GMM cause 7. */
static const uint8_t dl_reg_reject[] = {
	0x00,             /* E=0, initiatingMessage (00), padding */
	0x04,             /* procedureCode 4: DownlinkNASTransport */
	0x40,             /* criticality ignore */
	0x18,             /* open type length 24 */
	0x00,             /* message extension bit 0, padding */
	0x00, 0x03,       /* 3 IEs */
	0x00, 0x0a,       /* id 10 AMF-UE-NGAP-ID */
	0x00, 0x02,       /* reject, length 2 */
	0x00, 0x01,       /* 3-bit octet count - 1 = 0, padding; value 1 */
	0x00, 0x55,       /* id 85 RAN-UE-NGAP-ID */
	0x00, 0x02,       /* reject, length 2 */
	0x00, 0x02,       /* 2-bit octet count - 1 = 0; value 2 */
	0x00, 0x26,       /* id 38 NAS-PDU */
	0x00, 0x05,       /* reject, length 5 */
	0x04,             /* OCTET STRING length 4 */
	0x7e, 0x00,       /* EPD 5GMM, plain */
	0x44,             /* Registration reject */
	0x07,             /* 5GMM cause 7 */
};

/* InitialUEMessage: Registration request with a null-scheme SUCI, and
 * UserLocationInformation NR (NR CGI and TAI). */
static const uint8_t initial_ue[] = {
	0x00, 0x0f, 0x40, /* initiatingMessage, procedureCode 15, ignore */
	0x34,             /* length 52 */
	0x00, 0x00, 0x03, /* 3 IEs */
	0x00, 0x55, 0x00, 0x02, 0x00, 0x01, /* RAN-UE-NGAP-ID 1 */
	0x00, 0x26, 0x00, 0x14, /* NAS-PDU, reject, open type length 20 */
	0x13,             /* OCTET STRING length 19 */
	0x7e, 0x00, 0x41, /* plain 5GMM, Registration request */
	0x79,             /* ngKSI 7, follow-on request 1, initial registration */
	0x00, 0x0d,       /* 5GS mobile identity, LV-E length 13 */
	0x01,             /* SUPI format IMSI, type SUCI */
	0x00, 0xf1, 0x10, /* PLMN 001-01 */
	0xf0, 0xff,       /* routing indicator "0" */
	0x00,             /* protection scheme: null */
	0x00,             /* home network public key id 0 */
	0x10, 0x32, 0x54, 0x76, 0x98, /* MSIN 0123456789 */
	0x00, 0x79, 0x40, 0x0f, /* id 121 UserLocationInformation, ignore, length 15 */
	0x40,             /* choice NR (01), E=0, no timeStamp/ext, NR-CGI E=0 no ext, pad */
	0x00, 0xf1, 0x10, /* NR-CGI PLMN 001-01 */
	0x12, 0x34, 0x56, 0x78, /* NR cell identity 0x123456789 (36 bits) ... */
	0x90,             /* ... last 4 bits; TAI E=0, no ext, padding */
	0x00, 0xf1, 0x10, /* TAI PLMN 001-01 */
	0x00, 0x00, 0x01, /* TAC 1 */
};

/* UEContextReleaseRequest, Cause radioNetwork 21 (non-extensible CHOICE). */
static const uint8_t release_request[] = {
	0x00, 0x2a, 0x40, /* initiatingMessage, procedureCode 42, ignore */
	0x15,             /* length 21 */
	0x00, 0x00, 0x03, /* 3 IEs */
	0x00, 0x0a, 0x00, 0x02, 0x00, 0x03, /* AMF-UE-NGAP-ID 3 */
	0x00, 0x55, 0x00, 0x02, 0x00, 0x04, /* RAN-UE-NGAP-ID 4 */
	0x00, 0x0f, 0x40, 0x02, /* id 15 Cause, ignore, length 2 */
	0x05, 0x40,       /* radioNetwork (000), E=0, 21 (010101) in 6 bits, padding */
};

/* UEContextReleaseCommand: UE-NGAP-IDs pair, Cause nas deregister. */
static const uint8_t release_command[] = {
	0x00, 0x29, 0x00, /* initiatingMessage, procedureCode 41, reject */
	0x10,             /* length 16 */
	0x00, 0x00, 0x02, /* 2 IEs */
	0x00, 0x72, 0x00, 0x04, /* id 114 UE-NGAP-IDs, reject, length 4 */
	0x00,             /* choice pair (00), E=0, no ext, AMF count-1 (000) */
	0x09,             /* AMF-UE-NGAP-ID 9 */
	0x00, 0x0a,       /* RAN count-1 (00); RAN-UE-NGAP-ID 10 */
	0x00, 0x0f, 0x40, 0x01, /* Cause, ignore, length 1 */
	0x48,             /* nas (010), E=0, deregister (10), padding */
};

/* PDUSessionResourceReleaseCommand: one PDU session to release, its
 * PDUSessionResourceReleaseCommandTransfer holding Cause radioNetwork 21. */
static const uint8_t pdu_release[] = {
	0x00, 0x1c, 0x00, /* initiatingMessage, procedureCode 28 (PDUSessionResourceRelease), reject */
	0x0d,             /* length 13 */
	0x00, 0x00, 0x01, /* 1 IE */
	0x00, 0x4f, 0x00, 0x06, /* id 79 PDUSessionResourceToReleaseListRelCmd, reject, length 6 */
	0x00,             /* SIZE(1..256): 1 item (count - 1 = 0) */
	0x00,             /* item: E=0, no iE-Extensions, padding */
	0x05,             /* pDUSessionID 5 */
	0x02,             /* transfer OCTET STRING length 2 */
	0x01, 0x50,       /* E=0, no ext; Cause radioNetwork (000) E=0 21 (010101), padding */
};

/* PDUSessionResourceSetupRequest with two sessions to set up, each with its
 * NAS-PDU (a DL NAS transport carrying a 5GSM message): the first item also
 * has an S-NSSAI with its SD and an iE-Extensions container, which must be
 * read to reach the second item (the items are not open types). */
static const uint8_t pdu_setup[] = {
	0x00, 0x1d, 0x00, /* initiatingMessage, procedureCode 29, reject */
	0x4b,             /* length 75 */
	0x00, 0x00, 0x03, /* 3 IEs */
	0x00, 0x0a, 0x00, 0x02, 0x00, 0x01, /* AMF-UE-NGAP-ID 1 */
	0x00, 0x55, 0x00, 0x02, 0x00, 0x02, /* RAN-UE-NGAP-ID 2 */
	0x00, 0x4a, 0x00, 0x38, /* id 74 PDUSessionResourceSetupListSUReq, reject, length 56 */
	0x01,             /* 2 items */
	0x60,             /* item 1: E=0, NAS-PDU present, iE-Extensions present */
	0x01,             /* pDUSessionID 1 */
	0x12,             /* pDUSessionNAS-PDU, length 18 */
	0x7e, 0x00, 0x68, /* plain 5GMM, DL NAS transport */
	0x01,             /* payload container type: N1 SM information */
	0x00, 0x0a,       /* payload container, LV-E length 10 */
	0x2e, 0x01, 0x01, 0xc2, /* 5GSM, session 1, PTI 1, PDU session establishment accept */
	0x11,             /* SSC mode 1, PDU session type IPv4 */
	0x00, 0x00,       /* authorized QoS rules (empty) */
	0x00,             /* session AMBR (empty) */
	0x59, 0x32,       /* 5GSM cause 50: PDU session type IPv4 only allowed */
	0x12, 0x01,       /* PDU session identity 2: 1 */
	0x40, 0x20,       /* S-NSSAI: E=0, SD present, no ext; sST 1 (8 bits), padding */
	0x00, 0x00, 0x01, /* sD */
	0x03, 0x00, 0x00, 0x00, /* pDUSessionResourceSetupRequestTransfer, 3 octets */
	0x00, 0x00, 0x00, 0x94, 0x40, 0x01, 0x00, /* iE-Extensions: 1, id 148, ignore, 1 octet */
	0x40,             /* item 2: E=0, NAS-PDU present, no iE-Extensions */
	0x02,             /* pDUSessionID 2 */
	0x0b,             /* pDUSessionNAS-PDU, length 11 */
	0x7e, 0x00, 0x68, 0x01, 0x00, 0x05, /* DL NAS transport, N1 SM, length 5 */
	0x2e, 0x02, 0x01, 0xd3, 0x24, /* PDU session release command, 5GSM cause 36 */
	0x00, 0x20,       /* S-NSSAI: no SD; sST 1 */
	0x01, 0x00,       /* transfer, 1 octet */
};

/* PDUSessionResourceModifyRequest: one session, its NAS-PDU a DL NAS
 * transport with PDU session modification reject, 5GSM cause 26. */
static const uint8_t pdu_modify[] = {
	0x00, 0x1a, 0x00, /* initiatingMessage, procedureCode 26, reject */
	0x18,             /* length 24 */
	0x00, 0x00, 0x01, /* 1 IE */
	0x00, 0x40, 0x00, 0x11, /* id 64 PDUSessionResourceModifyListModReq, reject, length 17 */
	0x00,             /* 1 item */
	0x40,             /* E=0, NAS-PDU present, no iE-Extensions */
	0x01,             /* pDUSessionID 1 */
	0x0b,             /* nAS-PDU, length 11 */
	0x7e, 0x00, 0x68, 0x01, 0x00, 0x05,
	0x2e, 0x01, 0x01, 0xcd, 0x1a, /* PDU session modification reject, cause 26 */
	0x01, 0x00,       /* pDUSessionResourceModifyRequestTransfer, 1 octet */
};

static enum ct_dec_status
run(const uint8_t *p, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_ngap(p, n, d);
}

static void
assert_id(const struct ct_dissect *d, unsigned i, enum ct_id_kind k, const char *v)
{
	assert_true(i < d->nids);
	assert_int_equal(d->ids[i].kind, k);
	assert_string_equal(d->ids[i].value, v);
}

static void
test_dl_registration_reject(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(run(dl_reg_reject, sizeof(dl_reg_reject), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "ngap");
	assert_string_equal(d.message, "Registration reject");
	assert_int_equal(d.procedure, 4);
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_5GMM);
	assert_int_equal(d.causes[0].value, 7);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "Registration reject");
	assert_string_equal(ct_cause_name(CT_FAM_5GMM, CT_CG_NONE, 7, buf, sizeof(buf)),
			    "5GS services not allowed");
	assert_int_equal(d.nids, 2);
	assert_id(&d, 0, CT_ID_AMF_UE_ID, "1");
	assert_id(&d, 1, CT_ID_RAN_UE_ID, "2");
}

static void
test_initial_ue_suci_location(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(run(initial_ue, sizeof(initial_ue), &d), CT_DEC_OK);
	assert_string_equal(d.message, "InitialUEMessage");
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 4);
	assert_id(&d, 0, CT_ID_RAN_UE_ID, "1");
	assert_id(&d, 1, CT_ID_SUCI, "suci-0-001-01-0-0-0-0123456789");
	assert_id(&d, 2, CT_ID_CELL, "001-01-4886718345");
	assert_id(&d, 3, CT_ID_TAI, "001-01-1");
}

static void
test_release_request_radio_lost(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(run(release_request, sizeof(release_request), &d), CT_DEC_OK);
	assert_string_equal(d.message, "UEContextReleaseRequest");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_NGAP);
	assert_int_equal(d.causes[0].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[0].value, 21);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(ct_cause_name(CT_FAM_NGAP, CT_CG_RADIO_NETWORK, 21, buf, sizeof(buf)),
			    "radio-connection-with-ue-lost");
	assert_id(&d, 0, CT_ID_AMF_UE_ID, "3");
	assert_id(&d, 1, CT_ID_RAN_UE_ID, "4");
}

static void
test_release_command_deregister(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(run(release_command, sizeof(release_command), &d), CT_DEC_OK);
	assert_string_equal(d.message, "UEContextReleaseCommand");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].group, CT_CG_NAS);
	assert_int_equal(d.causes[0].value, 2);
	assert_int_equal(d.causes[0].failure, 0); /* a normal ending */
	assert_string_equal(ct_cause_name(CT_FAM_NGAP, CT_CG_NAS, 2, buf, sizeof(buf)),
			    "deregister");
	assert_id(&d, 0, CT_ID_AMF_UE_ID, "9");
	assert_id(&d, 1, CT_ID_RAN_UE_ID, "10");
}

static void
test_extension_cause(void **state)
{
	uint8_t b[sizeof(release_request)];
	struct ct_dissect d;
	char buf[64];

	(void)state;
	/* radioNetwork extension value 46 = 45 + 1: 000 1 0 000001 */
	memcpy(b, release_request, sizeof(b));
	b[23] = 0x10, b[24] = 0x20;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].value, 46);
	assert_string_equal(ct_cause_name(CT_FAM_NGAP, CT_CG_RADIO_NETWORK, 46, buf, sizeof(buf)),
			    "release-due-to-pre-emption");
	/* root value 63 > 44: malformed */
	b[23] = 0x0f, b[24] = 0xc0; /* 000 0 111111 */
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
}

static void
test_pdu_session_list_cause(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(run(pdu_release, sizeof(pdu_release), &d), CT_DEC_OK);
	assert_string_equal(d.message, "PDUSessionResourceReleaseCommand");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_NGAP);
	assert_int_equal(d.causes[0].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[0].value, 21);
	assert_int_equal(d.causes[0].failure, 1);
}

/* The NAS-PDU of each PDU session to set up or modify. */
static void
test_pdu_session_list_nas(void **state)
{
	uint8_t b[sizeof(pdu_setup)];
	struct ct_dissect d;

	(void)state;
	assert_int_equal(run(pdu_setup, sizeof(pdu_setup), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "ngap");
	assert_int_equal(d.ncauses, 2);
	assert_int_equal(d.causes[0].family, CT_FAM_5GSM);
	assert_int_equal(d.causes[0].value, 50);
	assert_int_equal(d.causes[0].failure, 0);
	assert_string_equal(d.causes[0].message, "PDU session establishment accept");
	assert_int_equal(d.causes[1].family, CT_FAM_5GSM);
	assert_int_equal(d.causes[1].value, 36);
	assert_string_equal(d.causes[1].message, "PDU session release command");
	assert_id(&d, 0, CT_ID_AMF_UE_ID, "1");
	assert_id(&d, 1, CT_ID_RAN_UE_ID, "2");

	assert_int_equal(run(pdu_modify, sizeof(pdu_modify), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_5GSM);
	assert_int_equal(d.causes[0].value, 26);

	/* three items announced, two there: the list runs past its IE */
	memcpy(b, pdu_setup, sizeof(b));
	b[23] = 0x02;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* the first item without its iE-Extensions bit: the container is
	 * read as the second item, which then runs past the IE */
	memcpy(b, pdu_setup, sizeof(b));
	b[24] = 0x40;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
}

static void
test_truncated_everywhere(void **state)
{
	static const struct { const uint8_t *p; size_t n; } v[] = {
		{ dl_reg_reject, sizeof(dl_reg_reject) },
		{ initial_ue, sizeof(initial_ue) },
		{ release_request, sizeof(release_request) },
		{ release_command, sizeof(release_command) },
		{ pdu_release, sizeof(pdu_release) },
		{ pdu_setup, sizeof(pdu_setup) },
		{ pdu_modify, sizeof(pdu_modify) },
	};
	struct ct_dissect d;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (n = 0; n < v[i].n; n++)
			assert_int_equal(run(v[i].p, n, &d), CT_DEC_TRUNCATED);
}

static void
test_hostile(void **state)
{
	uint8_t b[sizeof(dl_reg_reject)];
	struct ct_dissect d;

	(void)state;
	/* 65535 IEs announced */
	memcpy(b, dl_reg_reject, sizeof(b));
	b[5] = 0xff, b[6] = 0xff;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_TRUNCATED);
	/* NAS-PDU OCTET STRING longer than its open type: malformed */
	memcpy(b, dl_reg_reject, sizeof(b));
	b[23] = 0x05;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* NAS inside truncated by its own length: NGAP reports it */
	memcpy(b, dl_reg_reject, sizeof(b));
	b[22] = 0x04, b[23] = 0x03; /* open type 4 bytes, string of 3: 7e 00 44 */
	assert_int_equal(run(b, sizeof(b) - 1, &d), CT_DEC_TRUNCATED);
	/* extension PDU alternative */
	memcpy(b, dl_reg_reject, sizeof(b));
	b[0] = 0x80;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_UNSUPPORTED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_registration_reject),
		cmocka_unit_test(test_initial_ue_suci_location),
		cmocka_unit_test(test_release_request_radio_lost),
		cmocka_unit_test(test_release_command_deregister),
		cmocka_unit_test(test_extension_cause),
		cmocka_unit_test(test_pdu_session_list_cause),
		cmocka_unit_test(test_pdu_session_list_nas),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
