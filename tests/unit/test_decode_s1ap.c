/* test_decode_s1ap.c — S1AP decoder (TS 36.413, aligned PER) on hand-built PDUs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "celltriage/decode.h"
#include "celltriage/per.h"

/* UEContextReleaseRequest, Cause radioNetwork 21 (the same bytes as frame 376
 * of s1ap-open5gs-testattach-...pcapng, with MME-UE-S1AP-ID 16). */
static const uint8_t release_request[] = {
	0x00,             /* E=0, initiatingMessage (00), padding */
	0x12,             /* procedureCode 18: UEContextReleaseRequest */
	0x40,             /* criticality ignore (01), padding */
	0x15,             /* open type length 21 */
	0x00,             /* message SEQUENCE extension bit 0, padding */
	0x00, 0x03,       /* ProtocolIE-Container: 3 IEs */
	0x00, 0x00,       /* id 0 MME-UE-S1AP-ID */
	0x00,             /* criticality reject */
	0x02,             /* open type length 2 */
	0x00, 0x10,       /* 2-bit octet count - 1 = 0, padding; value 16 */
	0x00, 0x08,       /* id 8 eNB-UE-S1AP-ID */
	0x00, 0x02,       /* reject, length 2 */
	0x00, 0x01,       /* octet count - 1 = 0; value 1 */
	0x00, 0x02,       /* id 2 Cause */
	0x40, 0x02,       /* ignore, length 2 */
	0x02, 0xa0,       /* E=0 radioNetwork(000) E=0 value 21 (010101), padding */
};

/* InitialUEMessage carrying an Attach request with an IMSI, TAI and ECGI. */
static const uint8_t initial_ue[] = {
	0x00, 0x0c, 0x40, /* initiatingMessage, procedureCode 12, ignore */
	0x39,             /* open type length 57 */
	0x00, 0x00, 0x04, /* extension 0; 4 IEs */
	0x00, 0x08, 0x00, 0x02, 0x00, 0x01, /* eNB-UE-S1AP-ID 1 */
	0x00, 0x1a, 0x00, /* id 26 NAS-PDU, reject */
	0x16,             /* open type length 22 */
	0x15,             /* OCTET STRING length 21 */
	/* NAS-EPS Attach request (TS 24.301 8.2.4) */
	0x07,             /* security header 0, PD EMM */
	0x41,             /* Attach request */
	0x71,             /* NAS KSI 7 (no key), EPS attach type 1 */
	0x08,             /* EPS mobile identity, length 8 */
	0x09,             /* digit 1 = 0, odd, type IMSI (001) */
	0x10, 0x10, 0x10, 0x32, 0x54, 0x76, 0x98, /* digits 0 1 0 1 0 1 2 3 4 5 6 7 8 9 */
	0x02, 0xe0, 0xe0, /* UE network capability LV */
	0x00, 0x04,       /* ESM message container, LV-E length 4 */
	0x02, 0x01, 0xd0, 0x11, /* EBI 0 PD ESM, PTI 1, PDN connectivity request, IPv4 initial */
	0x00, 0x43, 0x40, 0x06, /* id 67 TAI, ignore, length 6 */
	0x00,             /* E=0, no iE-Extensions, padding */
	0x00, 0xf1, 0x10, /* PLMN 001-01 */
	0x00, 0x07,       /* TAC 7 */
	0x00, 0x64, 0x40, 0x08, /* id 100 EUTRAN-CGI, ignore, length 8 */
	0x00,             /* E=0, no iE-Extensions, padding */
	0x00, 0xf1, 0x10, /* PLMN 001-01 */
	0x00, 0x19, 0xb0, 0x10, /* cell identity 0x0019b01 (28 bits) = 105217 */
};

/* DownlinkNASTransport carrying an Attach reject, EMM cause 7. */
static const uint8_t dl_attach_reject[] = {
	0x00, 0x0b, 0x40, /* initiatingMessage, procedureCode 11, ignore */
	0x17,             /* length 23 */
	0x00, 0x00, 0x03, /* 3 IEs */
	0x00, 0x00, 0x00, 0x02, 0x00, 0x05, /* MME-UE-S1AP-ID 5 */
	0x00, 0x08, 0x00, 0x02, 0x00, 0x07, /* eNB-UE-S1AP-ID 7 */
	0x00, 0x1a, 0x00, 0x04, /* NAS-PDU, reject, open type length 4 */
	0x03,             /* OCTET STRING length 3 */
	0x07, 0x44, 0x07, /* plain EMM, Attach reject, EMM cause 7 */
};

/* DownlinkNASTransport with a ciphered NAS-PDU (security header type 2). */
static const uint8_t dl_ciphered[] = {
	0x00, 0x0b, 0x40, 0x12, /* initiatingMessage, 11, ignore, length 18 */
	0x00, 0x00, 0x01, /* 1 IE */
	0x00, 0x1a, 0x00, 0x0b, /* NAS-PDU, length 11 */
	0x0a,             /* OCTET STRING length 10 */
	0x27,             /* integrity protected and ciphered, PD EMM */
	0x11, 0x22, 0x33, 0x44, /* MAC */
	0x05,             /* sequence number */
	0x9a, 0xbc, 0xde, 0xf0, /* ciphered message */
};

/* UEContextReleaseCommand, UE-S1AP-IDs pair, Cause nas normal-release. */
static const uint8_t release_command[] = {
	0x00, 0x17, 0x00, /* initiatingMessage, procedureCode 23, reject */
	0x10,             /* length 16 */
	0x00, 0x00, 0x02, /* 2 IEs */
	0x00, 0x63, 0x00, 0x04, /* id 99 UE-S1AP-IDs, reject, length 4 */
	0x00,             /* E=0 choice pair (0); pair E=0, no ext; MME count-1 = 0 */
	0x05,             /* MME-UE-S1AP-ID 5 */
	0x00, 0x07,       /* eNB count-1 = 0; eNB-UE-S1AP-ID 7 */
	0x00, 0x02, 0x40, 0x01, /* Cause, ignore, length 1 */
	0x20,             /* E=0 nas (010) E=0 normal-release (00), padding */
};

/* InitialContextSetupFailure, Cause radioNetwork 26. */
static const uint8_t ctx_setup_failure[] = {
	0x40,             /* E=0, unsuccessfulOutcome (10), padding */
	0x09, 0x00,       /* procedureCode 9, reject */
	0x09,             /* length 9 */
	0x00, 0x00, 0x01, /* 1 IE */
	0x00, 0x02, 0x40, 0x02, /* Cause, ignore, length 2 */
	0x03, 0x40,       /* radioNetwork, value 26 (011010) */
};

/* E-RABReleaseCommand whose E-RABToBeReleasedList has one bearer with
 * Cause nas normal-release. */
static const uint8_t erab_release[] = {
	0x00, 0x07, 0x00, /* initiatingMessage, procedureCode 7, reject */
	0x0e,             /* length 14 */
	0x00, 0x00, 0x01, /* 1 IE */
	0x00, 0x21, 0x40, 0x07, /* id 33 E-RABToBeReleasedList, ignore, length 7 */
	0x00,             /* SIZE(1..256): 1 item (count - 1 = 0) */
	0x00, 0x23, 0x40, 0x02, /* id 35 E-RABItem, ignore, length 2 */
	0x0a, 0x40,       /* E=0 no ext, e-RAB-ID E=0 5 (0101), Cause nas (0 010) normal-release (0 00) */
};

/* E-RABSetupRequest with one bearer to set up (E-RABToBeSetupItemBearerSUReq):
 * GBR QoS, an allocation and retention priority with an iE-Extensions
 * container, a 32-bit transport address, and the NAS-PDU: Activate default
 * EPS bearer context request with ESM cause 50 (the bits before it are
 * skipped, so each must be read to its end). */
static const uint8_t erab_setup[] = {
	0x00, 0x05, 0x00, /* initiatingMessage, procedureCode 5, reject */
	0x50,             /* length 80 */
	0x00, 0x00, 0x03, /* 3 IEs */
	0x00, 0x00, 0x00, 0x02, 0x00, 0x05, /* MME-UE-S1AP-ID 5 */
	0x00, 0x08, 0x00, 0x02, 0x00, 0x07, /* eNB-UE-S1AP-ID 7 */
	0x00, 0x10, 0x00, 0x3d, /* id 16 E-RABToBeSetupListBearerSUReq, reject, length 61 */
	0x00,             /* SIZE(1..256): 1 item */
	0x00, 0x11, 0x00, 0x38, /* id 17 item, reject, length 56 */
	0x0a,             /* E=0, no ext; e-RAB-ID E=0 5 (0101); QoS E=0 */
	0x80,             /* QoS: GBR present, no ext; padding */
	0x01,             /* qCI 1 */
	0x4a,             /* ARP E=0, ext present, priority 2 (0010), may pre-empt, not pre-emptable */
	0x00, 0x00,       /* ARP iE-Extensions: 1 (count - 1 = 0) */
	0x00, 0x9c, 0x40, 0x01, 0x00, /* id 156, ignore, value of 1 octet */
	0x10, 0x0f, 0x42, 0x40, /* GBR E=0, no ext; MBR DL: 3 octets (010) = 1000000 */
	0x40, 0x0f, 0x42, 0x40, /* MBR UL */
	0x40, 0x0f, 0x42, 0x40, /* GBR DL */
	0x40, 0x0f, 0x42, 0x40, /* GBR UL */
	0x0f, 0x80,       /* transportLayerAddress E=0, 32 bits (length - 1 = 31), padding */
	0xc0, 0xa8, 0x00, 0x01, /* 192.168.0.1 */
	0x00, 0x00, 0x00, 0x01, /* gTP-TEID */
	0x12,             /* nAS-PDU, length 18 */
	0x52, 0x00, 0xc1, /* EBI 5, PD ESM, PTI 0, Activate default EPS bearer context request */
	0x01, 0x01,       /* EPS QoS: QCI 1 */
	0x04, 0x03, 0x69, 0x6d, 0x73, /* APN "ims" */
	0x05, 0x01, 0x0a, 0x2d, 0x00, 0x02, /* PDN address IPv4 10.45.0.2 */
	0x58, 0x32,       /* ESM cause 50: PDN type IPv4 only allowed */
};

/* InitialContextSetupRequest with two bearers (E-RABToBeSetupItemCtxtSUReq):
 * the first without a NAS-PDU, its QoS with an iE-Extensions container and
 * an extension addition; the second with the Attach accept whose ESM
 * container holds the default bearer's activation (ESM cause 50). */
static const uint8_t ctx_setup[] = {
	0x00, 0x09, 0x00, /* initiatingMessage, procedureCode 9, reject */
	0x64,             /* length 100 */
	0x00, 0x00, 0x03, /* 3 IEs */
	0x00, 0x00, 0x00, 0x02, 0x00, 0x05, /* MME-UE-S1AP-ID 5 */
	0x00, 0x08, 0x00, 0x02, 0x00, 0x07, /* eNB-UE-S1AP-ID 7 */
	0x00, 0x18, 0x00, 0x51, /* id 24 E-RABToBeSetupListCtxtSUReq, reject, length 81 */
	0x01,             /* 2 items */
	0x00, 0x34, 0x00, 0x1a, /* id 52 item, reject, length 26 */
	0x05,             /* E=0, no NAS-PDU, no ext; e-RAB-ID E=0 5 */
	0xa0,             /* QoS E=1, no GBR, ext present; padding */
	0x09,             /* qCI 9 */
	0x3d,             /* ARP E=0, no ext, priority 15, shall not pre-empt, pre-emptable */
	0x00, 0x00, 0x00, 0xc8, 0x40, 0x02, 0xab, 0xcd, /* QoS iE-Extensions: id 200, 2 octets */
	0x03, 0x00,       /* QoS additions: 2 (0 000001), present 1 0, padding */
	0x01, 0xff,       /* the present addition: 1 octet */
	0x0f, 0x80, 0xc0, 0xa8, 0x00, 0x02, /* transportLayerAddress 192.168.0.2 */
	0x00, 0x00, 0x00, 0x02, /* gTP-TEID */
	0x00, 0x34, 0x00, 0x2e, /* id 52 item, reject, length 46 */
	0x46,             /* E=0, NAS-PDU present, no ext; e-RAB-ID E=0 6 */
	0x00,             /* QoS E=0, no GBR, no ext; padding */
	0x05,             /* qCI 5 */
	0x3d,             /* ARP */
	0x0f, 0x80, 0xc0, 0xa8, 0x00, 0x03, /* transportLayerAddress 192.168.0.3 */
	0x00, 0x00, 0x00, 0x03, /* gTP-TEID */
	0x1f,             /* nAS-PDU, length 31 */
	0x07, 0x42,       /* plain EMM, Attach accept */
	0x01, 0x21,       /* EPS only; T3412 */
	0x06, 0x00, 0x00, 0xf1, 0x10, 0x00, 0x07, /* TAI list: 001-01 TAC 7 */
	0x00, 0x12,       /* ESM message container, LV-E length 18 */
	0x52, 0x00, 0xc1, 0x01, 0x01, 0x04, 0x03, 0x69, 0x6d, 0x73,
	0x05, 0x01, 0x0a, 0x2d, 0x00, 0x02, 0x58, 0x32,
};

/* E-RABModifyRequest with one bearer (E-RABToBeModifiedItemBearerModReq):
 * its NAS-PDU an ESM status, cause 43 (any ESM message is read; one with a
 * cause shows that it was reached). */
static const uint8_t erab_modify[] = {
	0x00, 0x06, 0x00, /* initiatingMessage, procedureCode 6, reject */
	0x15,             /* length 21 */
	0x00, 0x00, 0x01, /* 1 IE */
	0x00, 0x1e, 0x00, 0x0e, /* id 30 E-RABToBeModifiedListBearerModReq, reject, length 14 */
	0x00,             /* 1 item */
	0x00, 0x24, 0x00, 0x09, /* id 36 item, reject, length 9 */
	0x0a,             /* E=0, no ext; e-RAB-ID E=0 5; QoS E=0 */
	0x00,             /* no GBR, no ext; padding */
	0x09, 0x3d,       /* qCI 9; ARP */
	0x04,             /* nAS-PDU, length 4 */
	0x52, 0x00, 0xe8, 0x2b, /* ESM status, cause 43 */
};

/* E-RABReleaseCommand with its bearer's Cause and the NAS-PDU of the
 * command (a top-level IE): Deactivate EPS bearer context request, 36. */
static const uint8_t erab_release_nas[] = {
	0x00, 0x07, 0x00, /* initiatingMessage, procedureCode 7, reject */
	0x17,             /* length 23 */
	0x00, 0x00, 0x02, /* 2 IEs */
	0x00, 0x21, 0x40, 0x07, /* id 33 E-RABToBeReleasedList, ignore, length 7 */
	0x00,
	0x00, 0x23, 0x40, 0x02, /* id 35 E-RABItem */
	0x0a, 0x40,       /* e-RAB-ID 5, Cause nas normal-release */
	0x00, 0x1a, 0x00, 0x05, /* id 26 NAS-PDU, reject, length 5 */
	0x04, 0x52, 0x00, 0xcd, 0x24, /* Deactivate EPS bearer context request, cause 36 */
};

static enum ct_dec_status
run(const uint8_t *p, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_s1ap(p, n, d);
}

static void
assert_id(const struct ct_dissect *d, unsigned i, enum ct_id_kind k, const char *v)
{
	assert_true(i < d->nids);
	assert_int_equal(d->ids[i].kind, k);
	assert_string_equal(d->ids[i].value, v);
}

static void
test_release_request_cause(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(run(release_request, sizeof(release_request), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "s1ap");
	assert_string_equal(d.message, "UEContextReleaseRequest");
	assert_int_equal(d.procedure, 18);
	assert_int_equal(d.is_request, 1);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_S1AP);
	assert_int_equal(d.causes[0].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[0].value, 21);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "UEContextReleaseRequest");
	assert_string_equal(ct_cause_name(CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 21, buf, sizeof(buf)),
			    "radio-connection-with-ue-lost");
	assert_int_equal(d.nids, 2);
	assert_id(&d, 0, CT_ID_MME_UE_ID, "16");
	assert_id(&d, 1, CT_ID_ENB_UE_ID, "1");
}

static void
test_initial_ue_attach_imsi(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(run(initial_ue, sizeof(initial_ue), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "s1ap");
	/* no cause anywhere: the outermost message name stays */
	assert_string_equal(d.message, "InitialUEMessage");
	assert_int_equal(d.procedure, 12);
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(d.nids, 4);
	assert_id(&d, 0, CT_ID_ENB_UE_ID, "1");
	assert_id(&d, 1, CT_ID_IMSI, "001010123456789");
	assert_id(&d, 2, CT_ID_TAI, "001-01-7");
	assert_id(&d, 3, CT_ID_CELL, "001-01-105217");
}

static void
test_dl_attach_reject(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(run(dl_attach_reject, sizeof(dl_attach_reject), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "s1ap");
	assert_string_equal(d.message, "Attach reject"); /* innermost with a cause */
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_EMM);
	assert_int_equal(d.causes[0].group, CT_CG_NONE);
	assert_int_equal(d.causes[0].value, 7);
	assert_int_equal(d.causes[0].failure, 1);
	assert_string_equal(d.causes[0].message, "Attach reject");
	assert_string_equal(ct_cause_name(CT_FAM_EMM, CT_CG_NONE, 7, buf, sizeof(buf)),
			    "EPS services not allowed");
	assert_id(&d, 0, CT_ID_MME_UE_ID, "5");
	assert_id(&d, 1, CT_ID_ENB_UE_ID, "7");
}

static void
test_dl_ciphered(void **state)
{
	struct ct_dissect d;

	(void)state;
	/* S1AP decoded; the NAS inside is a named blind spot */
	assert_int_equal(run(dl_ciphered, sizeof(dl_ciphered), &d), CT_DEC_OK);
	assert_int_equal(d.ciphered, 1);
	assert_string_equal(d.message, "DownlinkNASTransport");
	assert_int_equal(d.ncauses, 0);
}

static void
test_release_command_normal(void **state)
{
	struct ct_dissect d;
	char buf[64];

	(void)state;
	assert_int_equal(run(release_command, sizeof(release_command), &d), CT_DEC_OK);
	assert_string_equal(d.message, "UEContextReleaseCommand");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].group, CT_CG_NAS);
	assert_int_equal(d.causes[0].value, 0);
	assert_int_equal(d.causes[0].failure, 0);
	assert_string_equal(ct_cause_name(CT_FAM_S1AP, CT_CG_NAS, 0, buf, sizeof(buf)),
			    "normal-release");
	assert_id(&d, 0, CT_ID_MME_UE_ID, "5");
	assert_id(&d, 1, CT_ID_ENB_UE_ID, "7");
}

static void
test_unsuccessful_outcome(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(run(ctx_setup_failure, sizeof(ctx_setup_failure), &d), CT_DEC_OK);
	assert_string_equal(d.message, "InitialContextSetupFailure");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.procedure, 9);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 26);
	assert_int_equal(d.causes[0].failure, 1);
}

static void
test_erab_list_cause(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(run(erab_release, sizeof(erab_release), &d), CT_DEC_OK);
	assert_string_equal(d.message, "E-RABReleaseCommand");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].group, CT_CG_NAS);
	assert_int_equal(d.causes[0].value, 0);
}

/* The NAS-PDU of a bearer to set up or modify: reached through the QoS,
 * transport address and TEID before it. */
static void
test_erab_setup_nas(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(run(erab_setup, sizeof(erab_setup), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "s1ap");
	assert_string_equal(d.message, "Activate default EPS bearer context request");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_ESM);
	assert_int_equal(d.causes[0].value, 50);
	assert_int_equal(d.causes[0].failure, 0); /* information, not a failure */
	assert_id(&d, 0, CT_ID_MME_UE_ID, "5");
	assert_id(&d, 1, CT_ID_ENB_UE_ID, "7");

	assert_int_equal(run(ctx_setup, sizeof(ctx_setup), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_ESM);
	assert_int_equal(d.causes[0].value, 50);
	assert_string_equal(d.causes[0].message, "Activate default EPS bearer context request");

	assert_int_equal(run(erab_modify, sizeof(erab_modify), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_ESM);
	assert_int_equal(d.causes[0].value, 43);

	assert_int_equal(run(erab_release_nas, sizeof(erab_release_nas), &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 2);
	assert_int_equal(d.causes[0].family, CT_FAM_S1AP);
	assert_int_equal(d.causes[1].family, CT_FAM_ESM);
	assert_int_equal(d.causes[1].value, 36);
}

/* A bearer item broken inside its complete open type is malformed; a NAS
 * truncated by its own length is the NAS status. */
static void
test_erab_setup_hostile(void **state)
{
	uint8_t b[sizeof(ctx_setup)];
	struct ct_dissect d;

	(void)state;
	/* the first item's QoS additions announce 64 (1 + 63) presence bits */
	memcpy(b, ctx_setup, sizeof(b));
	b[40] = 0x7f, b[41] = 0xff;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* the second item's NAS-PDU longer than its item */
	memcpy(b, ctx_setup, sizeof(b));
	b[72] = 0x20;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* transport address of 161 bits: outside SIZE (1..160) */
	memcpy(b, ctx_setup, sizeof(b));
	b[44] = 0x50, b[45] = 0x00;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* the ESM container one octet longer than the Attach accept holds */
	memcpy(b, ctx_setup, sizeof(b));
	b[85] = 0x13;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_TRUNCATED);
	assert_int_equal(d.ncauses, 0);
}

/* Every proper prefix of every vector: no crash, never CT_DEC_OK. */
static void
test_truncated_everywhere(void **state)
{
	static const struct { const uint8_t *p; size_t n; } v[] = {
		{ release_request, sizeof(release_request) },
		{ initial_ue, sizeof(initial_ue) },
		{ dl_attach_reject, sizeof(dl_attach_reject) },
		{ dl_ciphered, sizeof(dl_ciphered) },
		{ release_command, sizeof(release_command) },
		{ ctx_setup_failure, sizeof(ctx_setup_failure) },
		{ erab_release, sizeof(erab_release) },
		{ erab_setup, sizeof(erab_setup) },
		{ ctx_setup, sizeof(ctx_setup) },
		{ erab_modify, sizeof(erab_modify) },
		{ erab_release_nas, sizeof(erab_release_nas) },
	};
	struct ct_dissect d;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (n = 0; n < v[i].n; n++)
			assert_int_equal(run(v[i].p, n, &d), CT_DEC_TRUNCATED);
}

static void
test_hostile_lengths(void **state)
{
	uint8_t b[sizeof(release_request)];
	struct ct_dissect d;
	static const uint8_t frag[] = { 0x00, 0x12, 0x40, 0xc1, 0x00 };
	static const uint8_t long_len[] = { 0x00, 0x12, 0x40, 0xbf, 0xff, 0x00 };

	(void)state;
	/* fragmented length determinant: refused */
	assert_int_equal(run(frag, sizeof(frag), &d), CT_DEC_UNSUPPORTED);
	/* 16383-octet open type in 6 bytes */
	assert_int_equal(run(long_len, sizeof(long_len), &d), CT_DEC_TRUNCATED);
	/* 65535 IEs announced, 3 present */
	memcpy(b, release_request, sizeof(b));
	b[5] = 0xff, b[6] = 0xff;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_TRUNCATED);
	assert_int_equal(d.ncauses, 1); /* the IEs that were there were read */
	/* an IE length pointing past the message */
	memcpy(b, release_request, sizeof(b));
	b[10] = 0x7f;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_TRUNCATED);
	/* PDU kind 3 does not exist */
	memcpy(b, release_request, sizeof(b));
	b[0] = 0x60;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* radioNetwork root value 63 (> 35) */
	memcpy(b, release_request, sizeof(b));
	b[23] = 0x07, b[24] = 0xe0; /* 0 000 0 111111 */
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
	/* criticality 3 does not exist */
	memcpy(b, release_request, sizeof(b));
	b[2] = 0xc0;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_MALFORMED);
}

static void
test_extension_cause_and_unknowns(void **state)
{
	uint8_t b[sizeof(release_request)];
	struct ct_dissect d;
	char buf[64];

	(void)state;
	/* radioNetwork extension value 39 = 36 + 3: E=1, small number 0 000011 */
	memcpy(b, release_request, sizeof(b));
	b[23] = 0x08, b[24] = 0x30; /* 0 000 1 0 000011 */
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_OK);
	assert_int_equal(d.causes[0].value, 39);
	assert_string_equal(ct_cause_name(CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 39, buf, sizeof(buf)),
			    "release-due-to-pre-emption");
	assert_string_equal(ct_cause_name(CT_FAM_S1AP, CT_CG_MISC, 200, buf, sizeof(buf)),
			    "unknown (200)");
	/* an unknown procedure code is named by number */
	memcpy(b, release_request, sizeof(b));
	b[1] = 0xc8;
	assert_int_equal(run(b, sizeof(b), &d), CT_DEC_OK);
	assert_string_equal(d.message, "S1AP procedure 200 initiatingMessage");
}

/* The PER primitives on their own (X.691 11.5.7, 11.9). */
static void
test_per_primitives(void **state)
{
	static const uint8_t big[] = { 0x80, 0x01, 0x02, 0x03 }; /* 3 octets: count-1 = 2 (10) */
	static const uint8_t len2[] = { 0x81, 0x00 };            /* length 256, 2-octet form */
	struct ct_cur c;
	size_t n;

	(void)state;
	ct_cur_init(&c, big, sizeof(big));
	assert_int_equal(ct_per_constrained(&c, 0, 16777215), 0x010203);
	assert_true(ct_cur_ok(&c));
	ct_cur_init(&c, big, sizeof(big));
	assert_int_equal(ct_per_constrained(&c, 0, 15), 8); /* 4 bits: 1000 */
	ct_cur_init(&c, len2, sizeof(len2));
	assert_int_equal(ct_per_length(&c, &n), CT_DEC_TRUNCATED); /* 256 > 0 left */
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_request_cause),
		cmocka_unit_test(test_initial_ue_attach_imsi),
		cmocka_unit_test(test_dl_attach_reject),
		cmocka_unit_test(test_dl_ciphered),
		cmocka_unit_test(test_release_command_normal),
		cmocka_unit_test(test_unsuccessful_outcome),
		cmocka_unit_test(test_erab_list_cause),
		cmocka_unit_test(test_erab_setup_nas),
		cmocka_unit_test(test_erab_setup_hostile),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_hostile_lengths),
		cmocka_unit_test(test_extension_cause_and_unknowns),
		cmocka_unit_test(test_per_primitives),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
