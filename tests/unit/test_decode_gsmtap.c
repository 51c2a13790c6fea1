/*
 * test_decode_gsmtap.c — the GSMTAP pseudo-header (v2, v3), LAPDm and L2
 * pseudo length framing, and dispatch to the GSM L3 and LTE RRC decoders.
 * Vectors are written octet by octet from the GSMTAP header layout,
 * TS 44.006 (LAPDm) and TS 44.018 / 24.008 / 36.331.
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

/* Decodes a copy of exactly len bytes (decode_copy.h). */
static enum ct_dec_status
decode(const uint8_t *v, size_t len, struct ct_dissect *d)
{
	return decode_copy(ct_decode_gsmtap, v, len, d);
}

/* GSMTAP v2 over SDCCH/8, downlink: MM Location Updating Reject, cause 13. */
static const uint8_t sdcch_lu_reject[] = {
	0x02,                   /* version 2 */
	0x04,                   /* hdr_len: 4 words = 16 octets */
	0x01,                   /* type 1: GSM Um */
	0x03,                   /* timeslot 3 */
	0x00, 0x7b,             /* PCS 0, uplink 0, ARFCN 123 */
	0xb5,                   /* signal -75 dBm */
	0x1e,                   /* SNR 30 dB */
	0x00, 0x01, 0x02, 0x03, /* frame number 0x00010203 */
	0x08,                   /* sub-type 8: SDCCH/8 */
	0x00,                   /* antenna 0 */
	0x02,                   /* sub-slot 2 */
	0x00,                   /* reserved */
	/* LAPDm (TS 44.006) */
	0x01,                   /* address: SAPI 0, C/R 0, EA 1 */
	0x20,                   /* control: I frame, N(R) 1, N(S) 0 */
	0x0d,                   /* length indicator: L 3, M 0, EL 1 */
	/* layer 3 (TS 24.008) */
	0x05,                   /* PD MM */
	0x04,                   /* Location Updating Reject */
	0x0d,                   /* reject cause 13 */
	/* fill octets to 23 */
	0x2b, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b,
	0x2b, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b, 0x2b,
};
#define SDCCH_L3_END (16 + 3 + 3) /* header + LAPDm + L3 */

static void
test_v2_sdcch_location_updating_reject(void **state)
{
	struct ct_dissect d;
	struct ct_gsmtap_hdr h;
	size_t n;

	(void)state;
	assert_int_equal(decode(sdcch_lu_reject, sizeof(sdcch_lu_reject), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-mm");
	assert_string_equal(d.message, "Location Updating Reject");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_MM);
	assert_int_equal(d.causes[0].value, 13);
	assert_int_equal(d.causes[0].failure, 1);

	assert_int_equal(ct_gsmtap_header(sdcch_lu_reject, sizeof(sdcch_lu_reject), &h), CT_DEC_OK);
	assert_int_equal(h.version, 2);
	assert_int_equal(h.hdr_bytes, 16);
	assert_int_equal(h.payload, 16);
	assert_int_equal(h.type, 1);
	assert_int_equal(h.sub_type, 8);
	assert_string_equal(h.rat, "gsm");
	assert_int_equal(h.has_radio, 1);
	assert_int_equal(h.timeslot, 3);
	assert_int_equal(h.arfcn, 123);
	assert_int_equal(h.uplink, 0);
	assert_int_equal(h.pcs, 0);
	assert_int_equal(h.signal_dbm, -75);
	assert_int_equal(h.snr_db, 30);
	assert_int_equal(h.frame_nr, 0x00010203);
	assert_int_equal(h.antenna, 0);
	assert_int_equal(h.sub_slot, 2);

	/* Every cut before the end of the L3 message is not OK, no cause. */
	for (n = 0; n < SDCCH_L3_END; n++) {
		assert_int_not_equal(decode(sdcch_lu_reject, n, &d), CT_DEC_OK);
		assert_int_equal(d.ncauses, 0);
	}
	/* Cuts inside the fill octets lose nothing. */
	assert_int_equal(decode(sdcch_lu_reject, SDCCH_L3_END, &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
}

static void
test_v2_header_fields(void **state)
{
	uint8_t v[sizeof(sdcch_lu_reject)];
	struct ct_gsmtap_hdr h;

	(void)state;
	memcpy(v, sdcch_lu_reject, sizeof(v));
	v[4] = 0xc3; /* PCS 1, uplink 1, ARFCN bits 13-8 = 3 */
	v[5] = 0xff; /* ARFCN = 0x3ff = 1023 */
	v[6] = 0x80; /* signal -128 dBm */
	assert_int_equal(ct_gsmtap_header(v, sizeof(v), &h), CT_DEC_OK);
	assert_int_equal(h.pcs, 1);
	assert_int_equal(h.uplink, 1);
	assert_int_equal(h.arfcn, 1023);
	assert_int_equal(h.signal_dbm, -128);
}

static void
test_absurd_hdr_len(void **state)
{
	uint8_t v[sizeof(sdcch_lu_reject)];
	struct ct_dissect d;
	struct ct_gsmtap_hdr h;
	unsigned words;

	(void)state;
	memcpy(v, sdcch_lu_reject, sizeof(v));
	/* Shorter than the fixed v2 header: malformed. */
	for (words = 0; words < 4; words++) {
		v[1] = (uint8_t)words;
		assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_MALFORMED);
		assert_int_equal(d.ncauses, 0);
	}
	/* Longer than the packet (255 words = 1020 octets): truncated. */
	v[1] = 0xff;
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_TRUNCATED);
	assert_int_equal(ct_gsmtap_header(v, sizeof(v), &h), CT_DEC_TRUNCATED);
	assert_int_equal(h.hdr_bytes, 1020);
	/* Exactly the packet: an empty SDCCH payload is truncated LAPDm. */
	v[1] = sizeof(v) / 4; /* 40 / 4 = 10 words */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_TRUNCATED);
	/* One word more moves the payload by 4 octets: the LAPDm address is
	 * then the L3 octet 0x04, whose EA bit is 0. */
	v[1] = 5;
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 0);
}

static void
test_versions(void **state)
{
	uint8_t v[sizeof(sdcch_lu_reject)];
	struct ct_dissect d;

	(void)state;
	memcpy(v, sdcch_lu_reject, sizeof(v));
	v[0] = 1; /* version 1: not decoded */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	v[0] = 0xff;
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	assert_int_equal(decode(v, 0, &d), CT_DEC_TRUNCATED);
}

/* SACCH/SDCCH downlink: L1 header, LAPDm UI (format B4), SI Type 5. */
static const uint8_t sacch_si5[] = {
	0x02, 0x04, 0x01, 0x00,  /* v2, 16 octets, GSM Um, TS 0 */
	0x00, 0x10,              /* ARFCN 16, downlink */
	0xc4, 0x00,              /* signal -60 dBm, SNR 0 */
	0x00, 0x00, 0x00, 0x10,  /* frame number 16 */
	0x86,                    /* sub-type: ACCH flag 0x80 | SDCCH (6) = SACCH */
	0x00, 0x00, 0x00,        /* antenna, sub-slot, reserved */
	0x05,                    /* L1 header: ordered MS power level 5 */
	0x01,                    /* L1 header: timing advance 1 */
	0x03,                    /* LAPDm address: SAPI 0, C/R 1, EA 1 */
	0x03,                    /* LAPDm control: UI */
	0x49,                    /* L2 pseudo length 18 (B4 has no length indicator) */
	0x06,                    /* PD RR */
	0x1d,                    /* System Information Type 5 */
	/* neighbour cell description (16 octets) */
	0x8f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* BCCH: L2 pseudo length, then System Information Type 3 (start only). */
static const uint8_t bcch_si3[] = {
	0x02, 0x04, 0x01, 0x00,  /* v2, 16 octets, GSM Um, TS 0 */
	0x00, 0x10, 0xc4, 0x00,  /* ARFCN 16, -60 dBm, SNR 0 */
	0x00, 0x00, 0x00, 0x33,  /* frame number */
	0x01,                    /* sub-type 1: BCCH */
	0x00, 0x00, 0x00,        /* antenna, sub-slot, reserved */
	0x49,                    /* L2 pseudo length 18 */
	0x06,                    /* PD RR */
	0x1b,                    /* System Information Type 3 */
	0x00, 0x01,              /* cell identity (the rest is not read) */
};

static void
test_v2_sacch_and_bcch(void **state)
{
	uint8_t v[sizeof(bcch_si3)];
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(sacch_si5, sizeof(sacch_si5), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-rr");
	assert_string_equal(d.message, "System Information Type 5");

	assert_int_equal(decode(bcch_si3, sizeof(bcch_si3), &d), CT_DEC_OK);
	assert_string_equal(d.message, "System Information Type 3");
	/* Pseudo length with bits 2-1 not 01 (TS 44.018 §10.5.2.19). */
	memcpy(v, bcch_si3, sizeof(v));
	v[16] = 0x48;
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_MALFORMED);
	/* Header only: the pseudo length octet is missing. */
	assert_int_equal(decode(bcch_si3, 16, &d), CT_DEC_TRUNCATED);
}

static void
test_lapdm_frames(void **state)
{
	uint8_t v[sizeof(sdcch_lu_reject)];
	struct ct_dissect d;

	(void)state;
	memcpy(v, sdcch_lu_reject, sizeof(v));
	v[16] = 0x00; /* address EA 0: a multi-octet address LAPDm does not have */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_MALFORMED);

	memcpy(v, sdcch_lu_reject, sizeof(v));
	v[17] = 0x21; /* control: S frame RR, N(R) 1 */
	v[18] = 0x01; /* length 0, EL 1 */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "lapdm");
	assert_string_equal(d.message, "LAPDm S");
	assert_int_equal(d.ncauses, 0);

	memcpy(v, sdcch_lu_reject, sizeof(v));
	v[18] = 0x0c; /* length indicator EL 0 */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_MALFORMED);

	memcpy(v, sdcch_lu_reject, sizeof(v));
	v[18] = 0xfd; /* L = 63: more than the 21 octets left */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_TRUNCATED);
	assert_int_equal(d.ncauses, 0);

	memcpy(v, sdcch_lu_reject, sizeof(v));
	v[12] = 0x03; /* RACH: access bursts, not layer 3 */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	v[12] = 0x0d; /* PDCH: RLC/MAC */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
}

/* Abis (type 2) as QCSuper writes it: a bare L3 message. CC Disconnect,
 * cause 21 call rejected — the octets of frame 1351 of the QCSuper sample. */
static const uint8_t abis_disconnect[] = {
	0x02, 0x04, 0x02, 0x00,  /* v2, 16 octets, type 2 Abis, TS 0 */
	0x00, 0x00, 0x00, 0x00,  /* ARFCN 0 downlink, 0 dBm, SNR 0 */
	0x00, 0x00, 0x00, 0x00,  /* frame number 0 */
	0x06, 0x00, 0x00, 0x00,  /* sub-type 6 SDCCH, antenna, sub-slot, reserved */
	0x83,                    /* TI flag 1, TI 0, PD CC */
	0x25,                    /* Disconnect */
	0x02,                    /* Cause length 2 */
	0xe2,                    /* ext 1, GSM coding, location 2 (public network, local user) */
	0x95,                    /* ext 1, cause 21: call rejected */
	0x1e, 0x02, 0xe0, 0x88,  /* Progress indicator IE (not read) */
};

static void
test_v2_abis_cc_disconnect(void **state)
{
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(abis_disconnect, sizeof(abis_disconnect), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "gsm-cc");
	assert_string_equal(d.message, "Disconnect");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_CC);
	assert_int_equal(d.causes[0].value, 21);
	assert_int_equal(d.causes[0].failure, 1);
}

/* LTE RRC over GSMTAP v2: DL-DCCH RRCConnectionRelease, cause other. */
static const uint8_t lte_release[] = {
	0x02, 0x04, 0x0d, 0x00,  /* v2, 16 octets, type 0x0d LTE RRC, TS 0 */
	0x00, 0x00, 0x00, 0x00,  /* EARFCN 0, downlink; signal, SNR */
	0x00, 0x00, 0x00, 0x00,  /* frame number */
	0x01, 0x00, 0x00, 0x00,  /* sub-type 1: DL-DCCH */
	0x2e, 0x02,              /* c1 5 rrcConnectionRelease, TI 3, r8, no options, cause other */
};

static void
test_v2_lte_rrc(void **state)
{
	uint8_t v[sizeof(lte_release)];
	struct ct_dissect d;
	struct ct_gsmtap_hdr h;

	(void)state;
	assert_int_equal(decode(lte_release, sizeof(lte_release), &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "lte-rrc");
	assert_string_equal(d.message, "RRCConnectionRelease");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_LTE_RRC);
	assert_int_equal(d.causes[0].value, 1);
	assert_int_equal(d.causes[0].failure, 0);
	assert_int_equal(ct_gsmtap_header(lte_release, sizeof(lte_release), &h), CT_DEC_OK);
	assert_string_equal(h.rat, "lte");

	memcpy(v, lte_release, sizeof(v));
	v[12] = 0x0e; /* sub-type 14: DL-CCCH-NB, not decoded */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	v[2] = 0x12; /* type LTE NAS: decoded elsewhere */
	v[12] = 0x00;
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "LTE NAS");
	v[2] = 0x0c; /* type UMTS RRC, sub-type 16: a system information container */
	v[12] = 0x10;
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.message, "UMTS RRC (channel not decoded)");
	assert_int_equal(ct_gsmtap_header(v, sizeof(v), &h), CT_DEC_OK);
	assert_string_equal(h.rat, "umts");
}

/* GSMTAP v3, LTE RRC UL-CCCH: RRCConnectionReestablishmentRequest. */
static const uint8_t v3_reestab[] = {
	0x03,                    /* version 3 */
	0x00,                    /* reserved */
	0x00, 0x03,              /* hdr_len 3 words = 12 octets */
	0x04, 0x03,              /* type 0x0403: LTE RRC */
	0x00, 0x0a,              /* sub-type 0x000a: UL-CCCH */
	0x00, 0x01, 0x00, 0x00,  /* one metadata TLV: tag 1, length 0 */
	/* 0 0 0 | c-RNTI 0x1234 | physCellId 301 | shortMAC-I 0xabcd | handoverFailure | spare */
	0x02, 0x46, 0x92, 0xda, 0xbc, 0xd4,
};

static void
test_v3(void **state)
{
	uint8_t v[sizeof(v3_reestab)];
	struct ct_dissect d;
	struct ct_gsmtap_hdr h;
	size_t n;

	(void)state;
	assert_int_equal(decode(v3_reestab, sizeof(v3_reestab), &d), CT_DEC_OK);
	assert_string_equal(d.message, "RRCConnectionReestablishmentRequest");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 17);
	assert_int_equal(d.causes[0].failure, 1);
	assert_int_equal(ct_gsmtap_header(v3_reestab, sizeof(v3_reestab), &h), CT_DEC_OK);
	assert_int_equal(h.version, 3);
	assert_int_equal(h.payload, 12);
	assert_int_equal(h.type, 0x0403);
	assert_int_equal(h.sub_type, 0x000a);
	assert_string_equal(h.rat, "lte");
	assert_int_equal(h.has_radio, 0);
	for (n = 0; n < sizeof(v3_reestab); n++) {
		assert_int_not_equal(decode(v3_reestab, n, &d), CT_DEC_OK);
		assert_int_equal(d.ncauses, 0);
	}

	memcpy(v, v3_reestab, sizeof(v));
	v[3] = 1; /* hdr_len 1 word: shorter than the fixed v3 header */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_MALFORMED);
	v[2] = 0xff; /* hdr_len 0xff01 words: beyond the packet */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_TRUNCATED);

	memcpy(v, v3_reestab, sizeof(v));
	v[7] = 0x55; /* unknown LTE RRC sub-type */
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	v[4] = 0x02; /* type 0x0205 Abis; payload starts 0x02 = PD EPS SM */
	v[5] = 0x05;
	assert_int_equal(decode(v, sizeof(v), &d), CT_DEC_UNSUPPORTED);
	assert_string_equal(d.protocol, "nas-eps");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_sdcch_location_updating_reject),
		cmocka_unit_test(test_v2_header_fields),
		cmocka_unit_test(test_absurd_hdr_len),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_v2_sacch_and_bcch),
		cmocka_unit_test(test_lapdm_frames),
		cmocka_unit_test(test_v2_abis_cc_disconnect),
		cmocka_unit_test(test_v2_lte_rrc),
		cmocka_unit_test(test_v3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
