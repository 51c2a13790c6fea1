/*
 * test_failure_rule.c — one failure rule per cause family (dissect.h,
 * src/decode/failure.c), the same for a cause typed into a complaint and
 * for the same cause captured.
 *
 * Each case is a cause of one family. As typed, it is the complaint's only
 * "signalling" entry and the decision tree judges it: a failure makes
 * Q3.1.5 ("abnormal layer-3 signalling") fail or pass on "the failures point
 * at the radio link"; a cause that is not a failure passes it with "the
 * trace shows no layer-3 failure". As captured, it is the cause field of a
 * message built octet by octet (as the test_decode_* tests build theirs)
 * and decoded; the decoder's failure flag is its judgement. Both must give
 * the expected judgement, with the built-in rules and with a profile that
 * overrides some families. Then the same through a pcap file read by
 * ct_capture_read, one thread and workers; the call ends of a Nemo NMF
 * drive-test log, judged by the CC rule; and the profile's `failures`
 * group's errors.
 *
 * Run from the source root (as tests/run.sh does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include "celltriage/capture.h"
#include "celltriage/complaint.h"
#include "celltriage/decode.h"
#include "celltriage/diagnose.h"
#include "celltriage/drivetest.h"
#include "celltriage/profile.h"

/* ---- messages carrying one cause ------------------------------------ */

struct msg {
	uint8_t b[256];
	size_t n;
	int channel;              /* LTE RRC logical channel */
};

static void
put(struct msg *m, const uint8_t *p, size_t n)
{
	assert_true(m->n + n <= sizeof(m->b));
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void
put_be32(struct msg *m, uint32_t v)
{
	const uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	put(m, b, 4);
}

/* TS 36.331 §6.2.2, unaligned PER (bit strings as in test_decode_lte_rrc.c):
 * release causes 0..3 in an RRCConnectionRelease (DL-DCCH), 16..19 the
 * reestablishmentCause of an RRCConnectionReestablishmentRequest (UL-CCCH),
 * 32 an RRCConnectionReject (DL-CCCH, waitTime 10 s). */
static void
lte_rrc(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	if (v < 16) {
		const uint8_t b[] = { 0x2e, (uint8_t)(v << 1) };

		m->channel = CT_LTE_RRC_DL_DCCH;
		put(m, b, sizeof(b));
	} else if (v < 32) {
		const uint8_t b[] = { 0x00, 0x00, 0x20, 0x00, 0x00, (uint8_t)((v - 16) << 2) };

		m->channel = CT_LTE_RRC_UL_CCCH;
		put(m, b, sizeof(b));
	} else {
		const uint8_t b[] = { 0x41, 0x20 };

		assert_int_equal(v, 32);
		m->channel = CT_LTE_RRC_DL_CCCH;
		put(m, b, sizeof(b));
	}
}

/* Aligned PER bits, most significant first. */
struct bits {
	uint8_t b[4];
	unsigned n;
};

static void
bits_put(struct bits *w, uint32_t v, unsigned width)
{
	while (width--) {
		if (v >> width & 1)
			w->b[w->n / 8] |= (uint8_t)(0x80 >> (w->n % 8));
		w->n++;
	}
}

/* The Cause of S1AP (TS 36.413 §9.2.1.3: an extensible CHOICE) or NGAP (TS
 * 38.413 §9.3.1.2: not extensible, a sixth alternative for extensions),
 * each group an extensible ENUMERATED of `width` bits for its root values. */
static struct bits
ap_cause(int ngap, enum ct_cause_group g, uint32_t v)
{
	/* ceil(log2(root count)): radioNetwork 36 (S1AP) / 45 (NGAP), transport
	 * 2, nas 4, protocol 7, misc 6 (S1AP) / 5 (NGAP) */
	static const unsigned width[] = { 6, 1, 2, 3, 3 };
	unsigned alt = (unsigned)(g - CT_CG_RADIO_NETWORK);
	struct bits w = { { 0 }, 0 };

	assert_true(alt < 5);
	if (!ngap)
		bits_put(&w, 0, 1);   /* CHOICE extension bit */
	bits_put(&w, alt, 3);
	bits_put(&w, 0, 1);           /* ENUMERATED extension bit */
	bits_put(&w, v, width[alt]);
	return w;
}

/* UEContextReleaseRequest (S1AP procedure 18 / NGAP 42) with two UE ids of
 * value 1 and the Cause IE (S1AP id 2, NGAP id 15). */
static void
ap_release_request(struct msg *m, int ngap, enum ct_cause_group g, uint32_t v)
{
	struct bits c = ap_cause(ngap, g, v);
	uint8_t clen = (uint8_t)((c.n + 7) / 8);
	const uint8_t head[] = {
		0x00, ngap ? 0x2a : 0x12, 0x40,   /* initiatingMessage, procedure, ignore */
		(uint8_t)(19 + clen),             /* open type length */
		0x00, 0x00, 0x03,                 /* extension 0, 3 IEs */
		0x00, ngap ? 0x0a : 0x00, 0x00, 0x02, 0x00, 0x01, /* AMF / MME UE id 1 */
		0x00, ngap ? 0x55 : 0x08, 0x00, 0x02, 0x00, 0x01, /* RAN / eNB UE id 1 */
		0x00, ngap ? 0x0f : 0x02, 0x40, clen,             /* Cause, ignore */
	};

	put(m, head, sizeof(head));
	put(m, c.b, clen);
}

static void
s1ap_release_request(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	ap_release_request(m, 0, g, v);
}

static void
ngap_release_request(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	ap_release_request(m, 1, g, v);
}

/* TS 29.274 §7.2.2 Create Session Response with a Cause IE (§8.4). */
static void
gtpv2_create_session_response(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	const uint8_t b[] = {
		0x48, 0x21, 0x00, 0x0e, /* v2, T=1; type 33; length 14 */
		0x11, 0x22, 0x33, 0x44, /* TEID */
		0x00, 0x00, 0x2a, 0x00, /* sequence 42, spare */
		0x02, 0x00, 0x02, 0x00, (uint8_t)v, 0x00, /* Cause IE */
	};

	put(m, b, sizeof(b));
}

/* An S6a Update-Location-Answer (RFC 6733 §3, TS 29.272 §5.2.1.1.3) with a
 * Result-Code AVP (268), or an Experimental-Result (297) holding Vendor-Id
 * 10415 and Experimental-Result-Code (298). */
static void
diameter_ula(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	const int exp = g == CT_CG_EXPERIMENTAL;
	const uint8_t head[] = {
		0x01, 0x00, 0x00, exp ? 0x34 : 0x20, /* version 1, length */
		0x40, 0x00, 0x01, 0x3c,             /* answer, command 316 */
		0x01, 0x00, 0x00, 0x23,             /* S6a */
		0x00, 0x00, 0x00, 0x01,             /* Hop-by-Hop */
		0x00, 0x00, 0x00, 0x02,             /* End-to-End */
	};
	static const uint8_t result_code[] = { 0x00, 0x00, 0x01, 0x0c, 0x40, 0x00, 0x00, 0x0c };
	static const uint8_t exp_result[] = {
		0x00, 0x00, 0x01, 0x29, 0x40, 0x00, 0x00, 0x20, /* Experimental-Result, length 32 */
		0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x28, 0xaf, /* Vendor-Id */
		0x00, 0x00, 0x01, 0x2a, 0x40, 0x00, 0x00, 0x0c, /* Experimental-Result-Code */
	};

	put(m, head, sizeof(head));
	if (exp)
		put(m, exp_result, sizeof(exp_result));
	else
		put(m, result_code, sizeof(result_code));
	put_be32(m, v);
}

/* A SIP response (RFC 3261 §7.2) with the status, or a 480 whose Reason
 * header (RFC 3326) carries the Q.850 cause. */
static void
sip_response(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	char s[200];
	int n;

	if (g == CT_CG_Q850)
		n = snprintf(s, sizeof(s), "SIP/2.0 480 Temporarily Unavailable\r\n"
				       "Call-ID: a84b4c76e66710@10.0.0.1\r\nCSeq: 1 INVITE\r\n"
				       "Reason: Q.850;cause=%u\r\nContent-Length: 0\r\n\r\n", v);
	else
		n = snprintf(s, sizeof(s), "SIP/2.0 %u X\r\n"
				       "Call-ID: a84b4c76e66710@10.0.0.1\r\nCSeq: 1 INVITE\r\n"
				       "Content-Length: 0\r\n\r\n", v);
	assert_true(n > 0 && (size_t)n < sizeof(s));
	put(m, (const uint8_t *)s, (size_t)n);
}

/* TS 29.060 §7.1: a GTPv1-C Create PDP Context Response with its Cause. */
static void
gtpv1_create_pdp_response(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	const uint8_t b[] = { 0x32, 0x11, 0x00, 0x06, 0x00, 0x00, 0xa0, 0x02,
			      0x01, 0x01, 0x00, 0x00, 0x01, (uint8_t)v };

	(void)g;
	put(m, b, sizeof(b));
}

/* TS 29.244 §7.2.2: a PFCP Session Establishment Response (no SEID) with
 * its Cause IE (type 19, length 1). */
static void
pfcp_response(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	const uint8_t b[] = { 0x20, 0x33, 0x00, 0x09, 0x00, 0x00, 0x2a, 0x00,
			      0x00, 0x13, 0x00, 0x01, (uint8_t)v };

	(void)g;
	put(m, b, sizeof(b));
}

/* Q.931 §3.1.11 Release Complete, call reference length 0, Cause IE
 * (§4.5.12): ext 1, ITU-T, user; ext 1 and the Q.850 value. */
static void
q931_release_complete(struct msg *m, enum ct_cause_group g, uint32_t v)
{
	const uint8_t b[] = { 0x08, 0x00, 0x5a, 0x08, 0x02, 0x80, (uint8_t)(0x80 | v) };

	(void)g;
	put(m, b, sizeof(b));
}

/* The message that carries a family's cause: either a fixed head and then
 * the cause octet (with the bits of `set` set), or what build() writes. */
struct carrier {
	uint8_t head[4];
	size_t nhead;
	uint8_t set;
	void (*build)(struct msg *m, enum ct_cause_group g, uint32_t v);
	enum ct_dec_status (*decode)(const uint8_t *p, size_t n, struct ct_dissect *d);
};

static const struct carrier carriers[CT_FAM__COUNT] = {
	/* TS 44.018 §9.1.7 Channel Release: PD RR, type 0x0d, RR cause V */
	[CT_FAM_RR] = { { 0x06, 0x0d }, 2, 0, NULL, ct_decode_gsm_l3 },
	/* TS 24.008 §9.2.14 Location Updating Reject: PD MM, type 0x04, cause V */
	[CT_FAM_MM] = { { 0x05, 0x04 }, 2, 0, NULL, ct_decode_gsm_l3 },
	/* TS 24.008 §9.3.7 Disconnect: PD CC, type 0x25, Cause LV (§10.5.4.11):
	 * ext 1, GSM coding, location 1; ext 1 and the Q.850 value */
	[CT_FAM_CC] = { { 0x03, 0x25, 0x02, 0xe1 }, 4, 0x80, NULL, ct_decode_gsm_l3 },
	[CT_FAM_LTE_RRC] = { { 0 }, 0, 0, lte_rrc, NULL },
	/* TS 24.301 §8.2.3 Attach reject: plain EMM, type 0x44, EMM cause V */
	[CT_FAM_EMM] = { { 0x07, 0x44 }, 2, 0, NULL, ct_decode_nas_eps },
	/* TS 24.301 §8.3.12 Deactivate EPS bearer context request: EBI 5 PD ESM,
	 * PTI 0, type 0xcd, ESM cause V */
	[CT_FAM_ESM] = { { 0x52, 0x00, 0xcd }, 3, 0, NULL, ct_decode_nas_eps },
	/* TS 24.501 §8.2.9 Registration reject: plain 5GMM, type 0x44, cause V */
	[CT_FAM_5GMM] = { { 0x7e, 0x00, 0x44 }, 3, 0, NULL, ct_decode_nas_5gs },
	/* TS 24.501 §8.3.14 PDU session release command: EPD 5GSM, PDU session
	 * 5, PTI 1, type 0xd3, 5GSM cause V */
	[CT_FAM_5GSM] = { { 0x2e, 0x05, 0x01, 0xd3 }, 4, 0, NULL, ct_decode_nas_5gs },
	[CT_FAM_S1AP] = { { 0 }, 0, 0, s1ap_release_request, ct_decode_s1ap },
	[CT_FAM_NGAP] = { { 0 }, 0, 0, ngap_release_request, ct_decode_ngap },
	[CT_FAM_GTPV2] = { { 0 }, 0, 0, gtpv2_create_session_response, ct_decode_gtpv2 },
	[CT_FAM_DIAMETER] = { { 0 }, 0, 0, diameter_ula, ct_decode_diameter },
	[CT_FAM_SIP] = { { 0 }, 0, 0, sip_response, ct_decode_sip },
	[CT_FAM_GTPV1] = { { 0 }, 0, 0, gtpv1_create_pdp_response, ct_decode_gtpv1 },
	[CT_FAM_PFCP] = { { 0 }, 0, 0, pfcp_response, ct_decode_pfcp },
	[CT_FAM_Q931] = { { 0 }, 0, 0, q931_release_complete, ct_decode_q931 },
	/* TS 24.008 §9.4.4 Attach Reject: PD GMM, type 0x04, GMM cause V */
	[CT_FAM_GMM] = { { 0x08, 0x04 }, 2, 0, NULL, ct_decode_gsm_l3 },
	/* TS 24.008 §9.5.14 Deactivate PDP Context Request: TI 0, PD SM, type
	 * 0x46, SM cause V */
	[CT_FAM_SM] = { { 0x0a, 0x46 }, 2, 0, NULL, ct_decode_gsm_l3 },
};

/* ---- the two judgements --------------------------------------------- */

struct cause {
	enum ct_family fam;
	enum ct_cause_group grp;
	uint32_t value;
};

static const char *
cause_text(const struct cause *k, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s %u", ct_family_name(k->fam), k->grp ? "/" : "",
		 k->grp ? ct_cause_group_name(k->grp) : "", k->value);
	return buf;
}

/* The decoder's judgement of the cause in the message that carries it. */
static int
captured_is_failure(const struct ct_profile *p, const struct cause *k)
{
	const struct carrier *c = &carriers[k->fam];
	struct msg m = { { 0 }, 0, 0 };
	struct ct_dissect d;
	enum ct_dec_status st;
	char t[64];

	if (c->build) {
		c->build(&m, k->grp, k->value);
	} else {
		const uint8_t v = (uint8_t)(k->value | c->set);

		put(&m, c->head, c->nhead);
		put(&m, &v, 1);
	}
	ct_dissect_reset(&d);
	d.rules = &p->failures;
	st = c->decode ? c->decode(m.b, m.n, &d) : ct_decode_lte_rrc(m.b, m.n, m.channel, &d);
	if (st != CT_DEC_OK)
		fail_msg("%s: the decoder says %d", cause_text(k, t, sizeof(t)), (int)st);
	for (unsigned i = 0; i < d.ncauses; i++)
		if (d.causes[i].family == k->fam && d.causes[i].group == k->grp &&
		    d.causes[i].value == k->value)
			return d.causes[i].failure;
	fail_msg("%s: not among the decoded causes", cause_text(k, t, sizeof(t)));
	return -1;
}

/* A complaint whose radio checks are all clean (as core-signalling.scn), so
 * that Q3.1.5 looks at its signalling. */
static const char complaint_head[] =
	"{\"id\": \"T-failure-rule\", \"msisdn\": \"13800000000\","
	" \"account\": {\"arrears\": false, \"barred\": false},"
	" \"field_tests\": {\"user_sim_in_test_phone\": \"fails\", \"test_sim_on_site\": \"fails\"},"
	" \"measurements\": {\"signal_dbm\": -75, \"interference_dbm\": -100, \"interference_grade\": 1},"
	" \"omc\": {\"cell_busy\": false, \"alarms\": [], \"core_cell_data_match\": true,"
	" \"core_board_alarm\": false},"
	" \"phenomenon\": \"no_access\", \"rat\": \"gsm\", \"signalling\": [";

/* The tree's judgement of the cause typed into a complaint. */
static int
typed_is_failure(const struct ct_profile *p, const struct cause *k)
{
	char js[1024], t[64];
	struct ct_complaint c;
	struct ct_verdict v;
	struct ct_err err;
	json_error_t jerr;
	json_t *obj;
	int failure = -1;

	if (k->grp)
		snprintf(js, sizeof(js), "%s{\"family\": \"%s\", \"group\": \"%s\", \"cause\": %u}]}",
			 complaint_head, ct_family_name(k->fam), ct_cause_group_name(k->grp), k->value);
	else
		snprintf(js, sizeof(js), "%s{\"family\": \"%s\", \"cause\": %u}]}",
			 complaint_head, ct_family_name(k->fam), k->value);
	obj = json_loads(js, 0, &jerr);
	if (!obj)
		fail_msg("complaint JSON: %s", jerr.text);
	if (ct_complaint_from_json(obj, "typed", &c, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(obj);
	ct_diagnose(&c, p, CT_WALK_DIAGNOSE, &v);
	for (size_t i = 0; i < v.nsteps; i++) {
		const struct ct_step *s = &v.steps[i];

		if (strcmp(s->node, "Q3.1.5") != 0)
			continue;
		failure = !(s->result == CT_R_PASS &&
			    strcmp(s->why, "the trace shows no layer-3 failure") == 0);
	}
	ct_verdict_free(&v);
	ct_complaint_free(&c);
	if (failure < 0)
		fail_msg("%s: the tree did not reach Q3.1.5", cause_text(k, t, sizeof(t)));
	return failure;
}

struct judged {
	struct cause k;
	int failure;
};

/* Typed and captured, each case must be judged as expected. */
static void
check_cases(const struct ct_profile *p, const struct judged *j, size_t n)
{
	char t[64];

	for (size_t i = 0; i < n; i++) {
		int typed = typed_is_failure(p, &j[i].k), captured = captured_is_failure(p, &j[i].k);

		if (typed != j[i].failure || captured != j[i].failure)
			fail_msg("%s: typed judged %s, captured %s, expected %s",
				 cause_text(&j[i].k, t, sizeof(t)), typed ? "a failure" : "not a failure",
				 captured ? "a failure" : "not a failure",
				 j[i].failure ? "a failure" : "not a failure");
	}
}

#define NONE CT_CG_NONE

/* Every family, its built-in rule on both sides of each boundary. */
static const struct judged builtin_cases[] = {
	{ { CT_FAM_RR, NONE, 0 }, 0 },      /* normal event */
	{ { CT_FAM_RR, NONE, 3 }, 1 },      /* abnormal release, timer expired */
	{ { CT_FAM_MM, NONE, 13 }, 1 },     /* every MM cause is a reject's */
	{ { CT_FAM_CC, NONE, 16 }, 0 },     /* normal call clearing */
	{ { CT_FAM_CC, NONE, 30 }, 0 },     /* response to STATUS ENQUIRY: the tree counted it */
	{ { CT_FAM_CC, NONE, 31 }, 0 },     /* normal, unspecified */
	{ { CT_FAM_CC, NONE, 17 }, 1 },     /* user busy */
	{ { CT_FAM_CC, NONE, 34 }, 1 },     /* no circuit/channel available */
	{ { CT_FAM_LTE_RRC, NONE, 1 }, 0 }, /* release cause "other": the tree counted it */
	{ { CT_FAM_LTE_RRC, NONE, 17 }, 1 },/* reestablishment after handover failure */
	{ { CT_FAM_LTE_RRC, NONE, 32 }, 1 },/* RRCConnectionReject */
	{ { CT_FAM_EMM, NONE, 15 }, 1 },
	{ { CT_FAM_ESM, NONE, 36 }, 0 },    /* regular deactivation: the tree counted it */
	{ { CT_FAM_ESM, NONE, 39 }, 0 },    /* reactivation requested */
	{ { CT_FAM_ESM, NONE, 26 }, 1 },    /* insufficient resources */
	{ { CT_FAM_5GMM, NONE, 7 }, 1 },
	{ { CT_FAM_5GSM, NONE, 36 }, 0 },
	{ { CT_FAM_5GSM, NONE, 26 }, 1 },
	{ { CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 2 }, 0 },  /* successful-handover: the tree counted it */
	{ { CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 20 }, 0 }, /* user-inactivity */
	{ { CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 21 }, 1 }, /* radio-connection-with-ue-lost */
	{ { CT_FAM_S1AP, CT_CG_NAS, 0 }, 0 },            /* normal-release */
	{ { CT_FAM_S1AP, CT_CG_NAS, 2 }, 0 },            /* detach */
	{ { CT_FAM_S1AP, CT_CG_NAS, 1 }, 1 },            /* authentication-failure */
	{ { CT_FAM_S1AP, CT_CG_TRANSPORT, 0 }, 1 },
	{ { CT_FAM_S1AP, CT_CG_PROTOCOL, 0 }, 1 },
	{ { CT_FAM_S1AP, CT_CG_MISC, 0 }, 1 },
	{ { CT_FAM_NGAP, CT_CG_RADIO_NETWORK, 20 }, 0 },
	{ { CT_FAM_NGAP, CT_CG_RADIO_NETWORK, 21 }, 1 },
	{ { CT_FAM_NGAP, CT_CG_NAS, 2 }, 0 },            /* deregister */
	{ { CT_FAM_NGAP, CT_CG_NAS, 3 }, 1 },
	{ { CT_FAM_NGAP, CT_CG_MISC, 0 }, 1 },
	{ { CT_FAM_GTPV2, NONE, 5 }, 0 },   /* ISR deactivation, a request's cause: the tree counted it */
	{ { CT_FAM_GTPV2, NONE, 16 }, 0 },  /* request accepted */
	{ { CT_FAM_GTPV2, NONE, 63 }, 0 },
	{ { CT_FAM_GTPV2, NONE, 64 }, 1 },  /* context not found */
	{ { CT_FAM_GTPV2, NONE, 72 }, 1 },  /* system failure */
	{ { CT_FAM_DIAMETER, NONE, 1001 }, 0 },           /* multi-round auth: the tree counted it */
	{ { CT_FAM_DIAMETER, NONE, 2001 }, 0 },
	{ { CT_FAM_DIAMETER, NONE, 3002 }, 1 },
	{ { CT_FAM_DIAMETER, NONE, 5012 }, 1 },
	{ { CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 2001 }, 0 }, /* first registration */
	{ { CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 4181 }, 1 },
	{ { CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 5420 }, 1 },
	{ { CT_FAM_SIP, NONE, 180 }, 0 },
	{ { CT_FAM_SIP, NONE, 200 }, 0 },
	{ { CT_FAM_SIP, NONE, 302 }, 0 },   /* redirection: the tree counted it */
	{ { CT_FAM_SIP, NONE, 486 }, 1 },
	{ { CT_FAM_SIP, NONE, 503 }, 1 },
	{ { CT_FAM_SIP, CT_CG_Q850, 16 }, 0 },
	{ { CT_FAM_SIP, CT_CG_Q850, 30 }, 0 }, /* the tree and the SIP decoder counted it */
	{ { CT_FAM_SIP, CT_CG_Q850, 21 }, 1 },
	{ { CT_FAM_GTPV1, NONE, 8 }, 0 },   /* network failure, a request's cause */
	{ { CT_FAM_GTPV1, NONE, 128 }, 0 }, /* request accepted */
	{ { CT_FAM_GTPV1, NONE, 191 }, 0 },
	{ { CT_FAM_GTPV1, NONE, 63 }, 0 },  /* GTP': this node is about to go down (a notice) */
	{ { CT_FAM_GTPV1, NONE, 177 }, 1 }, /* GTP': CDR decoding error */
	{ { CT_FAM_GTPV1, NONE, 255 }, 1 }, /* GTP': request not fulfilled */
	{ { CT_FAM_GTPV1, NONE, 192 }, 1 }, /* non-existent */
	{ { CT_FAM_GTPV1, NONE, 200 }, 1 }, /* service not supported */
	{ { CT_FAM_PFCP, NONE, 1 }, 0 },    /* request accepted */
	{ { CT_FAM_PFCP, NONE, 3 }, 0 },    /* request partially accepted */
	{ { CT_FAM_PFCP, NONE, 64 }, 1 },   /* request rejected */
	{ { CT_FAM_PFCP, NONE, 75 }, 1 },   /* no resources available */
	{ { CT_FAM_Q931, NONE, 16 }, 0 },   /* normal call clearing */
	{ { CT_FAM_Q931, NONE, 31 }, 0 },
	{ { CT_FAM_Q931, NONE, 34 }, 1 },   /* no circuit/channel available */
	{ { CT_FAM_GMM, NONE, 7 }, 1 },     /* every GMM cause is a reject's */
	{ { CT_FAM_SM, NONE, 36 }, 0 },     /* regular deactivation */
	{ { CT_FAM_SM, NONE, 39 }, 0 },     /* reactivation requested */
	{ { CT_FAM_SM, NONE, 26 }, 1 },     /* insufficient resources */
};

static void
test_builtin_typed_equals_captured(void **state)
{
	struct ct_profile p;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(p.failures.n, 0);
	check_cases(&p, builtin_cases, sizeof(builtin_cases) / sizeof(builtin_cases[0]));
	ct_profile_free(&p);
}

/* Every family has a built-in rule naming its source; ct_cause_is_failure
 * without rules is the built-in table. */
static void
test_builtin_table(void **state)
{
	(void)state;
	for (int f = CT_FAM_NONE + 1; f < CT_FAM__COUNT; f++) {
		enum ct_cause_group g = f == CT_FAM_S1AP || f == CT_FAM_NGAP || f == CT_FAM_RANAP ||
						     f == CT_FAM_HNBAP || f == CT_FAM_RUA ||
						     f == CT_FAM_NBAP
						? CT_CG_RADIO_NETWORK
					: f == CT_FAM_TCAP ? CT_CG_P_ABORT : CT_CG_NONE;
		const struct ct_failure_rule *r = ct_failure_rule_of(NULL, (enum ct_family)f, g);

		assert_non_null(r);
		assert_true(strlen(r->source) > 5);
	}
	assert_non_null(ct_failure_rule_of(NULL, CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL));
	assert_non_null(ct_failure_rule_of(NULL, CT_FAM_SIP, CT_CG_Q850));
	/* no rule: every value is a failure */
	assert_null(ct_failure_rule_of(NULL, CT_FAM_NONE, CT_CG_NONE));
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_NONE, CT_CG_NONE, 0), 1);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_GTPV2, CT_CG_NONE, 0), 0);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_SIP, CT_CG_NONE, 99), 1);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_SIP, CT_CG_NONE, 399), 0);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_DIAMETER, CT_CG_NONE, 999), 1);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_DIAMETER, CT_CG_NONE, 2999), 0);
	assert_int_equal(ct_cause_is_failure(NULL, CT_FAM_DIAMETER, CT_CG_NONE, 3000), 1);
}

/* ---- a profile that overrides --------------------------------------- */

/* The built-in profile's text with `extra` appended, in a new temporary
 * file; *line is the line extra starts on. Caller unlinks and frees. */
static char *
write_profile(const char *extra, int *line)
{
	char *path = strdup("/tmp/ct-failures-XXXXXX");
	FILE *f;
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(ct_default_profile_text, f);
	fputs("\n", f);
	fputs(extra, f);
	fclose(f);
	*line = 2;
	for (const char *s = ct_default_profile_text; *s; s++)
		*line += *s == '\n';
	return path;
}

static const char override_text[] =
	"failures = (\n"
	"  { family = \"gtpv2\"; not_failures = ( [0, 63], 72 ); },\n"
	"  { family = \"sip\"; not_failures = ( [100, 299] ); },\n"
	"  { family = \"sip\"; group = \"q850\"; not_failures = ( 16, 31 ); },\n"
	"  { family = \"diameter\"; not_failures = ( [2000, 2999] ); },\n"
	"  { family = \"s1ap\"; group = \"radioNetwork\"; not_failures = ( 2, 20, 21 ); },\n"
	"  { family = \"emm\"; not_failures = ( 18 ); },\n"
	"  { family = \"cc\"; not_failures = ( ); }\n"
	");\n";

/* What the overrides change, and what they leave to the built-in rules. */
static const struct judged override_cases[] = {
	{ { CT_FAM_GTPV2, NONE, 72 }, 0 },
	{ { CT_FAM_GTPV2, NONE, 73 }, 1 },
	{ { CT_FAM_GTPV2, NONE, 5 }, 0 },
	{ { CT_FAM_SIP, NONE, 200 }, 0 },
	{ { CT_FAM_SIP, NONE, 302 }, 1 },      /* this operator counts redirects */
	{ { CT_FAM_SIP, CT_CG_Q850, 16 }, 0 },
	{ { CT_FAM_SIP, CT_CG_Q850, 30 }, 1 }, /* the group's own entry wins */
	{ { CT_FAM_DIAMETER, NONE, 1001 }, 1 },/* the family entry covers both groups */
	{ { CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 1001 }, 1 },
	{ { CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, 2001 }, 0 },
	{ { CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 21 }, 0 },
	{ { CT_FAM_S1AP, CT_CG_RADIO_NETWORK, 26 }, 1 },
	{ { CT_FAM_S1AP, CT_CG_NAS, 0 }, 0 },  /* other groups: built-in */
	{ { CT_FAM_EMM, NONE, 18 }, 0 },
	{ { CT_FAM_EMM, NONE, 15 }, 1 },
	{ { CT_FAM_CC, NONE, 16 }, 1 },        /* an empty list: every value a failure */
	{ { CT_FAM_ESM, NONE, 36 }, 0 },       /* not overridden */
	{ { CT_FAM_RR, NONE, 0 }, 0 },
};

static void
test_profile_override(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	char src[600];
	int line;
	char *path = write_profile(override_text, &line);
	const struct ct_failure_rule *r;

	(void)state;
	if (ct_profile_load(path, &p, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(p.failures.n, 7);
	check_cases(&p, override_cases, sizeof(override_cases) / sizeof(override_cases[0]));
	/* each rule says where it was written */
	r = ct_failure_rule_of(&p.failures, CT_FAM_SIP, CT_CG_Q850);
	assert_non_null(r);
	snprintf(src, sizeof(src), "%s:%d", path, line + 3);
	assert_string_equal(r->source, src);
	assert_string_equal(ct_failure_rule_of(&p.failures, CT_FAM_S1AP, CT_CG_NAS)->source,
			    "3GPP TS 36.413 §9.2.1.3");
	ct_profile_free(&p);
	unlink(path);
	free(path);
}

/* ---- captures read from a file -------------------------------------- */

/* Appends an Ethernet / IPv4 / UDP frame from 10.0.0.1 to 10.0.0.2, port
 * dport, carrying m. */
static void
dump_udp(pcap_dumper_t *out, unsigned sec, unsigned dport, const struct msg *m)
{
	uint8_t f[320];
	size_t ip = 20 + 8 + m->n, n = 14 + ip;
	struct pcap_pkthdr h;
	const uint8_t hdr[] = {
		0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x08, 0x00,     /* Ethernet, IPv4 */
		0x45, 0x00, (uint8_t)(ip >> 8), (uint8_t)ip,        /* IPv4, length */
		0x00, 0x01, 0x00, 0x00, 64, 17, 0x00, 0x00,         /* id, no fragment, TTL, UDP */
		10, 0, 0, 1, 10, 0, 0, 2,                           /* addresses */
		(uint8_t)(dport >> 8), (uint8_t)dport,              /* source port = dport */
		(uint8_t)(dport >> 8), (uint8_t)dport,
		(uint8_t)((8 + m->n) >> 8), (uint8_t)(8 + m->n), 0x00, 0x00, /* UDP length */
	};

	assert_true(n <= sizeof(f));
	memcpy(f, hdr, sizeof(hdr));
	memcpy(f + sizeof(hdr), m->b, m->n);
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)sec;
	h.caplen = h.len = (bpf_u_int32)n;
	pcap_dump((u_char *)out, &h, f);
}

/* A capture of a GTPv2 Create Session Response with cause 72 and a SIP 302. */
static char *
write_capture(void)
{
	char *path = strdup("/tmp/ct-failures-pcap-XXXXXX");
	struct msg gtp = { { 0 }, 0, 0 }, sip = { { 0 }, 0, 0 };
	pcap_t *dead;
	pcap_dumper_t *out;
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	gtpv2_create_session_response(&gtp, NONE, 72);
	sip_response(&sip, NONE, 302);
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	out = pcap_dump_open(dead, path);
	assert_non_null(out);
	dump_udp(out, 1795137300, 2123, &gtp);
	dump_udp(out, 1795137301, 5060, &sip);
	pcap_dump_close(out);
	pcap_close(dead);
	return path;
}

/* The failure flags of the capture's causes, in file order: "10" etc. */
static void
flags_of(const char *path, unsigned flags, const struct ct_failure_rules *rules, char *out)
{
	struct ct_capture cap;
	struct ct_cap_cause c;
	struct ct_err err;
	struct ct_capture_opts opts = { .rules = rules };
	size_t it = 0, n = 0;

	if (ct_capture_read(path, flags, &opts, &cap, &err) != 0)
		fail_msg("%s", err.msg);
	while (ct_capture_next_cause(&cap, &it, &c))
		out[n++] = c.failure ? '1' : '0';
	out[n] = '\0';
	ct_capture_free(&cap);
}

/* The capture command and captures read as evidence hand the profile's
 * rules to ct_capture_read: one thread, and workers decoding a chunk each. */
static void
test_capture_uses_the_rules(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	char got[8];
	int line;
	char *prof = write_profile(override_text, &line), *cap = write_capture();

	(void)state;
	if (ct_profile_load(prof, &p, &err) != 0)
		fail_msg("%s", err.msg);
	flags_of(cap, 0, NULL, got);
	assert_string_equal(got, "10");         /* built-in: GTPv2 72 fails, SIP 302 does not */
	flags_of(cap, 0, &p.failures, got);
	assert_string_equal(got, "01");
	ct_capture_set_chunk(1);                 /* every packet a chunk of its own */
	flags_of(cap, CT_CAP_SPILL | CT_CAP_WORKERS(2), &p.failures, got);
	ct_capture_set_chunk(0);
	assert_string_equal(got, "01");
	flags_of(cap, CT_CAP_SPILL | CT_CAP_FAILURES_ONLY, &p.failures, got);
	assert_string_equal(got, "1");
	ct_profile_free(&p);
	unlink(prof);
	unlink(cap);
	free(prof);
	free(cap);
}

/* ---- drive-test call ends ------------------------------------------- */

/* Three calls ended without a status, by Q.850 cause only: 16 and 30 are
 * normal ends by the CC rule, 34 a drop. */
static const char nmf_calls[] =
	"#FF,,,\"2.26\"\n"
	"#START,10:00:00.000,,\"01.01.2020\"\n"
	"CAA,10:00:01.000,1,1,5,1,1,\"123\",,15000,,\n"
	"CAC,10:00:02.000,1,1,5,1,3,0\n"
	"CAD,10:00:10.000,1,1,5,1,,16\n"
	"CAA,10:00:11.000,1,2,5,1,1,\"123\",,15000,,\n"
	"CAC,10:00:12.000,1,2,5,1,3,0\n"
	"CAD,10:00:20.000,1,2,5,1,,30\n"
	"CAA,10:00:21.000,1,3,5,1,1,\"123\",,15000,,\n"
	"CAC,10:00:22.000,1,3,5,1,3,0\n"
	"CAD,10:00:30.000,1,3,5,1,,34\n";

static int
nmf_drops(const struct ct_profile *p)
{
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;
	int n;

	if (ct_dt_read_mem("calls.nmf", nmf_calls, strlen(nmf_calls), p, &log, &err) != 0 ||
	    ct_dt_analyse(&log, p, &st, &err) != 0)
		fail_msg("%s", err.msg);
	n = (int)st.count[CT_DT_CALL_DROP];
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	return n;
}

static void
test_drivetest_call_ends(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	int line;
	char *path = write_profile(override_text, &line);

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(nmf_drops(&p), 1);      /* 34 */
	ct_profile_free(&p);
	if (ct_profile_load(path, &p, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(nmf_drops(&p), 3);      /* cc ( ): every cause a failure */
	ct_profile_free(&p);
	unlink(path);
	free(path);
}

/* ---- the `failures` group's errors ---------------------------------- */

static void
expect_error(const char *extra, int line_offset, const char *reason)
{
	struct ct_profile p;
	struct ct_err err;
	char want[600];
	int line;
	char *path = write_profile(extra, &line);

	assert_int_equal(ct_profile_load(path, &p, &err), CT_EPROFILE);
	snprintf(want, sizeof(want), "%s:%d: %s", path, line + line_offset, reason);
	assert_string_equal(err.msg, want);
	unlink(path);
	free(path);
}

static void
test_profile_errors(void **state)
{
	(void)state;
	expect_error("failures = 3;\n", 0, "failures: expected a list ( { ... }, ... )");
	expect_error("failures = ( 3 );\n", 0,
		     "failures[0]: expected a group { ... }");
	expect_error("failures = (\n { family = \"x2ap\"; not_failures = ( ); } );\n", 1,
		     "failures[0].family: \"x2ap\" is not one of rr mm cc lte-rrc emm esm 5gmm 5gsm s1ap ngap gtpv2 diameter sip "
		     "bssmap ranap map camel tcap isup rsl rlm hnbap rua gtpv1 pfcp q931 gmm sm sbi umts-rrc ansi-map nbap");
	expect_error("failures = ( { family = \"s1ap\"; group = \"radio\"; not_failures = ( ); } );\n", 0,
		     "failures[0].group: \"radio\" is not radioNetwork, transport, nas, protocol, misc, q850, experimental, "
		     "nonStandard, radioNetworkExtension, p-abort, u-abort, problem, ansi-p-abort or national");
	expect_error("failures = ( { family = \"gtpv2\"; } );\n", 0,
		     "failures[0].not_failures: missing");
	expect_error("failures = ( { family = \"gtpv2\"; not_failures = [0, 63]; } );\n", 0,
		     "failures[0].not_failures: expected a list ( value or [lo, hi], ... )");
	expect_error("failures = ( { family = \"gtpv2\"; not_failures = ( [63, 0] ); } );\n", 0,
		     "failures[0].not_failures[0]: the range is empty or outside 0..4294967295");
	expect_error("failures = ( { family = \"gtpv2\"; not_failures = ( -1 ); } );\n", 0,
		     "failures[0].not_failures[0]: the range is empty or outside 0..4294967295");
	expect_error("failures = ( { family = \"gtpv2\"; not_failures = ( \"16\" ); } );\n", 0,
		     "failures[0].not_failures[0]: expected a value or [lo, hi]");
	expect_error("failures = ( { family = \"sip\"; group = \"q850\"; not_failures = ( 16 ); },\n"
		     "  { family = \"sip\"; group = \"q850\"; not_failures = ( 31 ); } );\n", 1,
		     "failures[1]: a second rule for sip/q850");
}

/* The list messages give of the families is the names table, in order. */
static void
test_family_choices(void **state)
{
	char buf[256] = "";

	(void)state;
	for (int f = CT_FAM_NONE + 1; f < CT_FAM__COUNT; f++) {
		if (f > CT_FAM_NONE + 1)
			strcat(buf, " ");
		strcat(buf, ct_family_name((enum ct_family)f));
	}
	assert_string_equal(buf, CT_FAMILY_CHOICES);
	buf[0] = '\0';
	for (int g = CT_CG_RADIO_NETWORK; g < CT_CG__COUNT; g++) {
		if (g > CT_CG_RADIO_NETWORK)
			strcat(buf, g == CT_CG__COUNT - 1 ? " or " : ", ");
		strcat(buf, ct_cause_group_name((enum ct_cause_group)g));
	}
	assert_string_equal(buf, CT_CAUSE_GROUP_CHOICES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_table),
		cmocka_unit_test(test_builtin_typed_equals_captured),
		cmocka_unit_test(test_profile_override),
		cmocka_unit_test(test_capture_uses_the_rules),
		cmocka_unit_test(test_drivetest_call_ends),
		cmocka_unit_test(test_profile_errors),
		cmocka_unit_test(test_family_choices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
