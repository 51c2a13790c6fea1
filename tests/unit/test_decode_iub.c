/*
 * test_decode_iub.c — Iub: NBAP (TS 25.433: message names, Cause, the
 * bindings of a Radio Link Setup), the FP data frames of a DCH (TS
 * 25.427), MAC-d's C/T (TS 25.321) and RLC (TS 25.322) putting SDUs
 * together, what a gap, a retransmission and an oversize SDU do.
 *
 * The vectors are the payloads of the generated sample
 * iub-nbap-fp-rlc-rrc-release-cc-disconnect.pcap (their bits are spelt out
 * in tools/gen-captures.c); the RLC cases are written here.
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

/* RadioLinkSetupRequestFDD: DCH 31, TF 0 none, TF 1 one block of 148 bits
 * both ways, payload CRC included; the RNC's binding 10.0.5.1:50000. */
static const uint8_t rl_setup_request[] = {
	0x00, 0x1b, 0x22, 0x01, 0x6f, 0x6f, 0x00, 0x00, 0x03, 0x00, 0x2c, 0x00, 0x02, 0x00, 0x61,
	0x00, 0x38, 0x00, 0x24, 0x00, 0x08, 0x00, 0x28, 0x00, 0x02, 0x00, 0x00, 0x1f, 0x02, 0x00,
	0x00, 0x00, 0x50, 0x00, 0x01, 0x00, 0x94, 0x50, 0x14, 0xe5, 0x34, 0x08, 0x00, 0x00, 0x50,
	0x00, 0x01, 0x00, 0x94, 0x50, 0x14, 0xe5, 0x34, 0xf0, 0x20, 0x00, 0xd8, 0x80, 0x3a, 0x00,
	0x00, 0xd3, 0x80, 0x35, 0x44, 0x00, 0x04, 0x52, 0x00, 0x02, 0x94, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x09, 0x00, 0xec, 0x01, 0x5e, 0x00, 0xc8, 0x00, 0x00, 0x00, 0x67, 0x40, 0x1c, 0x00,
	0xc0, 0x1f, 0x20, 0xc3, 0x50, 0x4f, 0x80, 0x35, 0x00, 0x01, 0x0a, 0x00, 0x05, 0x01, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
};
/* RadioLinkSetupResponseFDD: DCH 31 bound on the Node B to 10.0.5.2:40000
 * (an NSAP address). */
static const uint8_t rl_setup_response[] = {
	0x20, 0x1b, 0x22, 0x01, 0x6f, 0x33, 0x00, 0x00, 0x02, 0x00, 0x2c, 0x40, 0x02, 0x00, 0x61,
	0x00, 0xe0, 0x40, 0x26, 0x00, 0x00, 0xdc, 0x40, 0x21, 0x00, 0x00, 0x00, 0x00, 0x80, 0x18,
	0x1f, 0x20, 0x9c, 0x40, 0x4f, 0x80, 0x35, 0x00, 0x01, 0x0a, 0x00, 0x05, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80
};
/* RadioLinkReconfigurationPrepare adding DCH 16 (one 336-bit block), and
 * its Ready binding it on the Node B to 10.0.5.2:40002. */
static const uint8_t reconf_prepare[] = {
	0x00, 0x1f, 0x26, 0x01, 0x70, 0x31, 0x00, 0x00, 0x02, 0x00, 0x8f, 0x00, 0x02, 0x00, 0x00,
	0x00, 0x30, 0x00, 0x24, 0x00, 0x08, 0x00, 0x1e, 0x00, 0x02, 0x00, 0x00, 0x10, 0x02, 0x00,
	0x00, 0x00, 0x50, 0x00, 0x01, 0x01, 0x50, 0x50, 0x14, 0xe5, 0x34, 0x08, 0x00, 0x00, 0x50,
	0x00, 0x01, 0x01, 0x50, 0x50, 0x14, 0xe5, 0x34, 0xf0, 0x20
};
static const uint8_t reconf_ready[] = {
	0x20, 0x1f, 0x26, 0x01, 0x70, 0x34, 0x00, 0x00, 0x02, 0x00, 0x2c, 0x40, 0x02, 0x00, 0x61,
	0x00, 0xde, 0x40, 0x27, 0x00, 0x00, 0xda, 0x40, 0x22, 0x40, 0x00, 0x00, 0x3b, 0x40, 0x1c,
	0x00, 0xc0, 0x10, 0x20, 0x9c, 0x42, 0x4f, 0x80, 0x35, 0x00, 0x01, 0x0a, 0x00, 0x05, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
};
/* DedicatedMeasurementFailureIndication, Cause radioNetwork 16. */
static const uint8_t meas_failure[] = {
	0x00, 0x10, 0x46, 0x01, 0x70, 0x15, 0x00, 0x00, 0x03, 0x00, 0x2c, 0x40, 0x02, 0x00, 0x61,
	0x00, 0x85, 0x00, 0x02, 0x00, 0x01, 0x00, 0x0d, 0x40, 0x02, 0x08, 0x00
};
/* FP downlink frames of DCH 31: an RLC AM PDU of RB3 (SN 0, no length
 * indicator), then SN 1 ending the SDU (a DownlinkDirectTransfer with a
 * CC Disconnect, user busy); RB1 UM with an RRCConnectionRelease, cause
 * unspecified. Uplink: RB3 with an UplinkDirectTransfer (CC Release). */
static const uint8_t fp_dt1[] = {
	0x34, 0x0a, 0x01, 0x28, 0x00, 0x01, 0x44, 0x02, 0x40, 0x64, 0xa0, 0x5c,
	0x12, 0x2f, 0xc1, 0x80, 0x8c, 0x6c, 0x2d, 0x8d, 0x8c, 0xa0, 0x15, 0x30
};
static const uint8_t fp_dt2[] = {
	0xe2, 0x0b, 0x01, 0x28, 0x00, 0x90, 0xdf, 0xee, 0x44, 0x0c, 0x4e, 0xae,
	0x6f, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0xf1
};
static const uint8_t fp_ul_dt[] = {
	0x7c, 0x14, 0x01, 0x28, 0x00, 0x10, 0xbf, 0xe6, 0xc0, 0x00, 0xc1, 0x96, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0xf4, 0xf8
};
static const uint8_t fp_release[] = {
	0xc2, 0x1e, 0x01, 0x00, 0x1f, 0x90, 0x5f, 0xe3, 0xc2, 0x20, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x76, 0xad
};

static void
test_nbap_cause_and_names(void **state)
{
	struct ct_dissect d;
	char buf[96];

	(void)state;
	assert_int_equal(decode_copy(ct_decode_nbap, meas_failure, sizeof(meas_failure), &d),
			 CT_DEC_OK);
	assert_string_equal(d.protocol, "nbap");
	assert_string_equal(d.message, "DedicatedMeasurementFailureIndication");
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].family, CT_FAM_NBAP);
	assert_int_equal(d.causes[0].group, CT_CG_RADIO_NETWORK);
	assert_int_equal(d.causes[0].value, 16);
	assert_true(d.causes[0].failure);
	assert_string_equal(ct_cause_name(CT_FAM_NBAP, CT_CG_RADIO_NETWORK, 16, buf, sizeof(buf)),
			    "measurement-temporarily-not-available");
	assert_string_equal(ct_family_name(CT_FAM_NBAP), "nbap");
	assert_int_equal(decode_copy(ct_decode_nbap, rl_setup_request, sizeof(rl_setup_request),
				     &d), CT_DEC_OK);
	assert_string_equal(d.message, "RadioLinkSetupRequest");
	assert_int_equal(d.ncauses, 0);
	assert_int_equal(decode_copy(ct_decode_nbap, rl_setup_response, sizeof(rl_setup_response),
				     &d), CT_DEC_OK);
	assert_string_equal(d.message, "RadioLinkSetupResponse");
	/* every strict prefix stops short without a cause */
	for (size_t n = 0; n < sizeof(meas_failure); n++) {
		assert_int_not_equal(decode_copy(ct_decode_nbap, meas_failure, n, &d), CT_DEC_OK);
		assert_int_equal(d.ncauses, 0);
	}
}

static void
test_nbap_bindings(void **state)
{
	struct ct_nbap_setup s;
	static const uint8_t nodeb[4] = { 10, 0, 5, 2 }, rnc[4] = { 10, 0, 5, 1 };

	(void)state;
	assert_int_equal(ct_nbap_bindings(rl_setup_request, sizeof(rl_setup_request), &s), CT_DEC_OK);
	assert_int_equal(s.kind, CT_NBAP_SETUP_REQUEST);
	assert_int_equal(s.transaction, 367);
	assert_int_equal(s.crnc_context, 97);
	assert_int_equal(s.nbearers, 1);
	assert_int_equal(s.bearer[0].crc, 1);
	assert_int_equal(s.bearer[0].ndch, 1);
	assert_int_equal(s.bearer[0].dch[0].id, 31);
	assert_int_equal(s.bearer[0].dch[0].tfs[CT_IUB_DL].n, 2);
	assert_int_equal(s.bearer[0].dch[0].tfs[CT_IUB_DL].tf[0].ntb, 0);
	assert_int_equal(s.bearer[0].dch[0].tfs[CT_IUB_DL].tf[1].ntb, 1);
	assert_int_equal(s.bearer[0].dch[0].tfs[CT_IUB_UL].tf[1].size, 148);
	assert_true(ct_fp_dch_is_srb(&s.bearer[0].dch[0]));
	/* the RNC's end, named by the radio link's RL-Specific-DCH-Info */
	assert_int_equal(s.nrnc, 1);
	assert_int_equal(s.rnc[0].dch, 31);
	assert_int_equal(s.rnc[0].port, 50000);
	assert_int_equal(s.rnc[0].addr_len, 4);
	assert_memory_equal(s.rnc[0].addr, rnc, 4);
	assert_int_equal(ct_nbap_bindings(rl_setup_response, sizeof(rl_setup_response), &s),
			 CT_DEC_OK);
	assert_int_equal(s.kind, CT_NBAP_SETUP_RESPONSE);
	assert_int_equal(s.transaction, 367);
	assert_int_equal(s.nbearers, 1);
	assert_int_equal(s.bearer[0].dch[0].id, 31);
	assert_int_equal(s.bearer[0].port, 40000);
	assert_int_equal(s.bearer[0].addr_len, 4);
	assert_memory_equal(s.bearer[0].addr, nodeb, 4);
	/* a reconfiguration's new DCH: not the SRBs' */
	assert_int_equal(ct_nbap_bindings(reconf_prepare, sizeof(reconf_prepare), &s), CT_DEC_OK);
	assert_int_equal(s.kind, CT_NBAP_SETUP_REQUEST);
	assert_int_equal(s.transaction, 368);
	assert_int_equal(s.nbearers, 1);
	assert_int_equal(s.bearer[0].dch[0].id, 16);
	assert_int_equal(s.bearer[0].dch[0].tfs[CT_IUB_UL].tf[1].size, 336);
	assert_false(ct_fp_dch_is_srb(&s.bearer[0].dch[0]));
	assert_int_equal(ct_nbap_bindings(reconf_ready, sizeof(reconf_ready), &s), CT_DEC_OK);
	assert_int_equal(s.kind, CT_NBAP_SETUP_RESPONSE);
	assert_int_equal(s.nbearers, 1);
	assert_int_equal(s.bearer[0].dch[0].id, 16);
	assert_int_equal(s.bearer[0].port, 40002);
	assert_memory_equal(s.bearer[0].addr, nodeb, 4);
	/* another procedure: no bindings */
	assert_int_equal(ct_nbap_bindings(meas_failure, sizeof(meas_failure), &s), CT_DEC_OK);
	assert_int_equal(s.kind, CT_NBAP_SETUP_NONE);
}

/* The bearer of the sample, as the request and response set it up. */
static void
bearer(struct ct_iub_bearer *b)
{
	struct ct_nbap_setup s;

	assert_int_equal(ct_nbap_bindings(rl_setup_request, sizeof(rl_setup_request), &s), CT_DEC_OK);
	*b = s.bearer[0];
}

struct sdus {
	int channel;
	unsigned n;
	struct ct_dissect d[4];
};

static void
collect(void *arg, const uint8_t *p, size_t n)
{
	struct sdus *s = arg;

	assert_true(s->n < 4);
	ct_dissect_reset(&s->d[s->n]);
	(void)ct_decode_umts_rrc(p, n, s->channel, &s->d[s->n]);
	s->n++;
}

/* One FP frame through MAC-d to its RLC entity (rlc[lch - 1]). */
static void
feed(const uint8_t *frame, size_t n, int dir, struct ct_rlc_entity rlc[4], struct sdus *out)
{
	struct ct_iub_bearer b;
	struct ct_fp_frame f;
	uint8_t *copy = malloc(n), pdu[CT_FP_TB_OCTETS_MAX];
	size_t len;
	unsigned lch;

	assert_non_null(copy);
	memcpy(copy, frame, n);
	bearer(&b);
	assert_int_equal(ct_fp_dch_frame(copy, n, &b, dir, &f), CT_DEC_OK);
	assert_int_equal(f.ntb, 1);
	assert_int_equal(f.tb[0].bits, 148);
	assert_int_equal(ct_mac_d_ct(f.tb[0].p, f.tb[0].bits, &lch, pdu, sizeof(pdu), &len), CT_DEC_OK);
	assert_int_equal(len, 18);
	assert_in_range(lch, 1, 4);
	assert_int_equal(ct_rlc_pdu(&rlc[lch - 1], pdu, len, collect, out), CT_DEC_OK);
	free(copy);
}

static void
test_fp_mac_rlc_rrc(void **state)
{
	struct ct_rlc_entity dl[4], ul[4];
	struct sdus out = { CT_UMTS_RRC_DL_DCCH, 0, { { 0 } } };
	struct ct_iub_bearer b;
	struct ct_fp_frame f;
	uint8_t bad[sizeof(fp_release)];

	(void)state;
	for (int l = 0; l < 4; l++) {
		ct_rlc_init(&dl[l], l == 0 ? CT_RLC_UM : CT_RLC_AM);
		ct_rlc_init(&ul[l], l == 0 ? CT_RLC_UM : CT_RLC_AM);
	}
	feed(fp_dt1, sizeof(fp_dt1), CT_IUB_DL, dl, &out);
	assert_int_equal(out.n, 0);               /* the SDU's first segment only */
	feed(fp_dt2, sizeof(fp_dt2), CT_IUB_DL, dl, &out);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.d[0].message, "Disconnect");
	assert_int_equal(out.d[0].ncauses, 1);
	assert_int_equal(out.d[0].causes[0].family, CT_FAM_CC);
	assert_int_equal(out.d[0].causes[0].value, 17);
	feed(fp_release, sizeof(fp_release), CT_IUB_DL, dl, &out);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.d[1].message, "RRCConnectionRelease");
	assert_int_equal(out.d[1].causes[0].family, CT_FAM_UMTS_RRC);
	assert_int_equal(out.d[1].causes[0].value, 1);
	out.channel = CT_UMTS_RRC_UL_DCCH;
	feed(fp_ul_dt, sizeof(fp_ul_dt), CT_IUB_UL, ul, &out);
	assert_int_equal(out.n, 3);
	assert_string_equal(out.d[2].message, "UplinkDirectTransfer");
	assert_int_equal(dl[2].dropped + dl[0].dropped + ul[2].dropped, 0);
	/* a header CRC that does not match: malformed, no block */
	bearer(&b);
	memcpy(bad, fp_release, sizeof(bad));
	bad[2] ^= 0x01;                           /* the TFI */
	assert_int_equal(ct_fp_dch_frame(bad, sizeof(bad), &b, CT_IUB_DL, &f), CT_DEC_MALFORMED);
	/* cut short: truncated */
	assert_int_equal(ct_fp_dch_frame(fp_release, 10, &b, CT_IUB_DL, &f), CT_DEC_TRUNCATED);
	/* a control frame (FT 1): no block */
	bad[0] |= 1;
	assert_int_equal(ct_fp_dch_frame(bad, sizeof(bad), &b, CT_IUB_DL, &f), CT_DEC_OK);
	assert_int_equal(f.control, 1);
	assert_int_equal(f.ntb, 0);
}

/* AMD PDUs written here: D/C 1, SN, P 0, HE; length indicators (7 bits, E). */
static size_t
amd(uint8_t *p, unsigned sn, unsigned he, const uint8_t *rest, size_t n)
{
	p[0] = (uint8_t)(0x80 | (sn >> 5));
	p[1] = (uint8_t)((sn & 0x1f) << 3 | he);
	memcpy(p + 2, rest, n);
	return 2 + n;
}

static void
count(void *arg, const uint8_t *p, size_t n)
{
	(void)p;
	*(size_t *)arg += n;
}

static void
test_rlc_gaps_and_limits(void **state)
{
	struct ct_rlc_entity e;
	uint8_t pdu[64], big[100];
	size_t got = 0, n;
	static const uint8_t start[] = { 'a', 'b', 'c', 'd' };             /* no LI: middle */
	static const uint8_t end[] = { 0x05, 0xfe, 'e', 'f' };            /* LI 2, LI pad */

	(void)state;
	ct_rlc_init(&e, CT_RLC_AM);
	n = amd(pdu, 0, 0, start, sizeof(start));
	assert_int_equal(ct_rlc_pdu(&e, pdu, n, count, &got), CT_DEC_OK);
	/* SN 1 lost: SN 2 ends an SDU whose middle is missing */
	n = amd(pdu, 2, 1, end, sizeof(end));
	assert_int_equal(ct_rlc_pdu(&e, pdu, n, count, &got), CT_DEC_OK);
	assert_int_equal(got, 0);
	assert_int_equal(e.dropped, 1);
	/* SN 2 again (a retransmission): skipped */
	assert_int_equal(ct_rlc_pdu(&e, pdu, n, count, &got), CT_DEC_OK);
	assert_int_equal(got, 0);
	/* SN 3 whole (LI 4 then padding) */
	{
		static const uint8_t whole[] = { 0x09, 0xfe, 'w', 'x', 'y', 'z' };

		n = amd(pdu, 3, 1, whole, sizeof(whole));
		assert_int_equal(ct_rlc_pdu(&e, pdu, n, count, &got), CT_DEC_OK);
		assert_int_equal(got, 4);
	}
	/* a length indicator past the data: malformed */
	{
		static const uint8_t past[] = { 0x40, 'a' };               /* LI 32, E 0 */

		n = amd(pdu, 4, 1, past, sizeof(past));
		assert_int_equal(ct_rlc_pdu(&e, pdu, n, count, &got), CT_DEC_MALFORMED);
	}
	/* an SDU longer than CT_RLC_SDU_MAX: dropped, counted, memory kept */
	ct_rlc_init(&e, CT_RLC_UM);
	memset(big, 'x', sizeof(big));
	big[0] = 0x01;                            /* UMD SN 0, E: a length indicator */
	big[1] = 0xf8;                            /* 0x7c: the data starts an SDU (7-bit LIs: 125 octets at most) */
	assert_int_equal(ct_rlc_pdu(&e, big, sizeof(big), count, &got), CT_DEC_OK);
	assert_int_equal(e.len, sizeof(big) - 2);
	for (unsigned i = 1; i < CT_RLC_SDU_MAX / 99 + 2; i++) {
		big[0] = (uint8_t)((i & 0x7f) << 1); /* no length indicator: the SDU goes on */
		assert_int_equal(ct_rlc_pdu(&e, big, sizeof(big), count, &got), CT_DEC_OK);
	}
	assert_int_equal(e.dropped, 1);
	assert_true(e.len < CT_RLC_SDU_MAX);
	assert_int_equal(got, 4);
	/* a header alone cut short */
	assert_int_equal(ct_rlc_pdu(&e, big, 0, count, &got), CT_DEC_TRUNCATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nbap_cause_and_names),
		cmocka_unit_test(test_nbap_bindings),
		cmocka_unit_test(test_fp_mac_rlc_rrc),
		cmocka_unit_test(test_rlc_gaps_and_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
