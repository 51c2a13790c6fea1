/*
 * failure.c — which causes are failures: one rule per cause family, in one
 * table, read by every decoder (through ct_dissect_add_cause) and by the
 * decision tree (a cause typed into a complaint). dissect.h documents it.
 *
 * A row lists the values of a family (and cause group) that are NOT
 * failures: the success, acceptance and normal-release values of the
 * protocol's own specification. Every value a row does not list is a
 * failure, and so is every value of a family or group without a row:
 * a cause nobody knows is reported, not hidden.
 */
#include <stddef.h>

#include "celltriage/dissect.h"

#define RANGES(a) (a), sizeof(a) / sizeof((a)[0])

/* TS 44.018 §10.5.2.31: 0 "Normal event". */
static const struct ct_value_range rr_normal[] = { { 0, 0 } };

/* Q.850 §2.2.7.1 / TS 24.008 Table 10.5.123: 16 "Normal call clearing",
 * 30 "Response to STATUS ENQUIRY" (an answer, not a release reason), 31
 * "Normal, unspecified". The same values in a CC Cause IE and in a SIP
 * Reason header's Q.850 cause (RFC 3326). */
static const struct ct_value_range q850_normal[] = { { 16, 16 }, { 30, 31 } };

/* TS 36.331 §6.2.2 RRCConnectionRelease's ReleaseCause, numbered 0..3 by
 * lte_rrc.c; re-establishment causes (16..19) and the rejects (32, 33)
 * are failures. */
static const struct ct_value_range lte_rrc_release[] = { { 0, 3 } };

/* TS 24.301 §9.9.4.4 / TS 24.501 §9.11.4.2 / TS 24.008 §10.5.6.6 (SM):
 * 36 "Regular deactivation", 39 "Reactivation requested" end a bearer,
 * session or PDP context in order. */
static const struct ct_value_range sm_normal[] = { { 36, 36 }, { 39, 39 } };

/* TS 36.413 §9.2.1.3 / TS 38.413 §9.3.1.2: radioNetwork 2
 * "successful-handover", 20 "user-inactivity"; nas 0 "normal-release",
 * 2 "detach" (S1AP) / "deregister" (NGAP). "release-due-to-...-generated-
 * reason" stays a failure: the RAN node gives it for its own abnormal
 * releases. */
static const struct ct_value_range ap_radio_normal[] = { { 2, 2 }, { 20, 20 } };
static const struct ct_value_range ap_nas_normal[] = { { 0, 0 }, { 2, 2 } };

/* TS 29.274 §8.4 Table 8.4-1: 0 reserved, 1-15 causes of a request or
 * initial message, 16-63 acceptance in a response; 64-255 rejection. */
static const struct ct_value_range gtpv2_accept[] = { { 0, 63 } };

/* RFC 6733 §7.1: the thousands digit is the class; 1xxx informational,
 * 2xxx success, 3xxx protocol errors, 4xxx transient and 5xxx permanent
 * failures. Experimental-Result-Codes share the classes (TS 29.272 §7.4:
 * 2xxx success, 4xxx transient, 5xxx permanent failures; e.g. 2001
 * DIAMETER_FIRST_REGISTRATION of TS 29.229 §6.2.1 is a success). */
static const struct ct_value_range diameter_ok[] = { { 1000, 2999 } };

/* RFC 3261 §21: 1xx provisional, 2xx successful, 3xx redirection; 4xx
 * request, 5xx server and 6xx global failures. */
static const struct ct_value_range sip_ok[] = { { 100, 399 } };

/* RFC 9110 §15: the same classes for HTTP (an SBI response). The
 * ProblemDetails causes (group problem) come only with a 4xx or 5xx and
 * are all failures. */
static const struct ct_value_range http_ok[] = { { 100, 399 } };

/* TS 48.008 §3.2.2.5: 0x08 "Response to MSC invocation", 0x09 "Call
 * control" (the call ended), 0x0b "Handover successful", the handover
 * reasons 0x0c-0x12 ("Better Cell", "Directed Retry", "Joined group call
 * channel", "Traffic", load and relocation reasons: a handover asked for,
 * not one that failed) and 0x16 the answer to an internal handover
 * enquiry. Radio link and quality causes stay failures: a Clear Request
 * for "Radio interface failure" is the dropped call. */
static const struct ct_value_range bssmap_normal[] = { { 0x08, 0x09 }, { 0x0b, 0x12 },
							{ 0x16, 0x16 } };

/* TS 25.413 §9.2.1.4: radioNetwork 6 "relocation-triggered", 11
 * "successful-relocation", 16 "user-inactivity", 17 "time-critical-
 * relocation", 31 "no-remaining-rab", 40 "release-due-to-UE-generated-
 * signalling-connection-release", 41 "resource-optimisation-relocation",
 * 43 "relocation-desirable-for-radio-reasons"; nas 81/82 the user
 * restriction indications and 83 "normal-release". */
static const struct ct_value_range ranap_radio_normal[] = { { 6, 6 }, { 11, 11 }, { 16, 17 },
							     { 31, 31 }, { 40, 41 }, { 43, 43 } };
static const struct ct_value_range ranap_nas_normal[] = { { 81, 83 } };

/* TS 48.058 §9.3.26: 0x0f "normal event, unspecified" (a channel released
 * in order); the radio link, equipment, resource and protocol causes are
 * failures. Every RLM cause (§9.3.22) is a data link layer error. */
static const struct ct_value_range rsl_normal[] = { { 0x0f, 0x0f } };

/* TS 25.469 §9.2.1.2 CauseRadioNetwork (enumeration index): 8
 * "ue-RRC-release", 11 "normal", 12 "uE-relocated" end a UE's registration
 * in order. TS 25.468 §9.2.1.3: 0 "normal", 2 "network-release" (the CN
 * ended the connection). */
static const struct ct_value_range hnbap_radio_normal[] = { { 8, 8 }, { 11, 12 } };
static const struct ct_value_range rua_radio_normal[] = { { 0, 0 }, { 2, 2 } };
/* TS 29.060 §7.7.1: 0-127 causes of a request, 128-191 acceptance in a
 * response; 192-255 rejection. GTP' (TS 32.295 §6.2.4.1), whose causes
 * share the family, rejects a transfer with 177 "CDR decoding error" too. */
static const struct ct_value_range gtpv1_accept[] = { { 0, 176 }, { 178, 191 } };

/* TS 29.244 §8.2.1 Table 8.2.1-1: 1 "Request accepted (success)", 2 "More
 * Usage Report to send" and 3 "Request partially accepted" are in the
 * acceptance range 1-63 (0 reserved); 64 and up reject. */
static const struct ct_value_range pfcp_accept[] = { { 0, 63 } };
/* TS 25.331 §10.3.3.32 ReleaseCause (celltriage's numbering, umts_rrc.c):
 * 0 normalEvent, 5 directed signalling connection re-establishment (the
 * UE sent to another cell or RAT on purpose), 6 userInactivity. The other
 * release causes and both RejectionCauses (16, 17) are failures. */
static const struct ct_value_range umts_rrc_normal[] = { { 0, 0 }, { 5, 6 } };

/* The table, indexed by family and cause group (a family judged the same in
 * every group has its rule at CT_CG_NONE); a lookup is one load. */
#define NGROUPS CT_CG__COUNT
#define RULE(f, g, ...) [f][g] = { f, g, __VA_ARGS__ }
static const struct ct_failure_rule builtin[CT_FAM__COUNT][NGROUPS] = {
	RULE(CT_FAM_RR, CT_CG_NONE, RANGES(rr_normal), "3GPP TS 44.018 §10.5.2.31"),
	RULE(CT_FAM_MM, CT_CG_NONE, NULL, 0, "3GPP TS 24.008 §10.5.3.6"),
	RULE(CT_FAM_CC, CT_CG_NONE, RANGES(q850_normal), "3GPP TS 24.008 Table 10.5.123, ITU-T Q.850"),
	RULE(CT_FAM_LTE_RRC, CT_CG_NONE, RANGES(lte_rrc_release), "3GPP TS 36.331 §6.2.2"),
	RULE(CT_FAM_EMM, CT_CG_NONE, NULL, 0, "3GPP TS 24.301 §9.9.3.9"),
	RULE(CT_FAM_ESM, CT_CG_NONE, RANGES(sm_normal), "3GPP TS 24.301 §9.9.4.4"),
	RULE(CT_FAM_5GMM, CT_CG_NONE, NULL, 0, "3GPP TS 24.501 §9.11.3.2"),
	RULE(CT_FAM_5GSM, CT_CG_NONE, RANGES(sm_normal), "3GPP TS 24.501 §9.11.4.2"),
	RULE(CT_FAM_S1AP, CT_CG_RADIO_NETWORK, RANGES(ap_radio_normal), "3GPP TS 36.413 §9.2.1.3"),
	RULE(CT_FAM_S1AP, CT_CG_TRANSPORT, NULL, 0, "3GPP TS 36.413 §9.2.1.3"),
	RULE(CT_FAM_S1AP, CT_CG_NAS, RANGES(ap_nas_normal), "3GPP TS 36.413 §9.2.1.3"),
	RULE(CT_FAM_S1AP, CT_CG_PROTOCOL, NULL, 0, "3GPP TS 36.413 §9.2.1.3"),
	RULE(CT_FAM_S1AP, CT_CG_MISC, NULL, 0, "3GPP TS 36.413 §9.2.1.3"),
	RULE(CT_FAM_NGAP, CT_CG_RADIO_NETWORK, RANGES(ap_radio_normal), "3GPP TS 38.413 §9.3.1.2"),
	RULE(CT_FAM_NGAP, CT_CG_TRANSPORT, NULL, 0, "3GPP TS 38.413 §9.3.1.2"),
	RULE(CT_FAM_NGAP, CT_CG_NAS, RANGES(ap_nas_normal), "3GPP TS 38.413 §9.3.1.2"),
	RULE(CT_FAM_NGAP, CT_CG_PROTOCOL, NULL, 0, "3GPP TS 38.413 §9.3.1.2"),
	RULE(CT_FAM_NGAP, CT_CG_MISC, NULL, 0, "3GPP TS 38.413 §9.3.1.2"),
	RULE(CT_FAM_GTPV2, CT_CG_NONE, RANGES(gtpv2_accept), "3GPP TS 29.274 §8.4 Table 8.4-1"),
	RULE(CT_FAM_DIAMETER, CT_CG_NONE, RANGES(diameter_ok), "RFC 6733 §7.1"),
	RULE(CT_FAM_DIAMETER, CT_CG_EXPERIMENTAL, RANGES(diameter_ok), "3GPP TS 29.272 §7.4, RFC 6733 §7.1"),
	RULE(CT_FAM_SIP, CT_CG_NONE, RANGES(sip_ok), "RFC 3261 §21"),
	RULE(CT_FAM_SIP, CT_CG_Q850, RANGES(q850_normal), "ITU-T Q.850, RFC 3326"),
	RULE(CT_FAM_BSSMAP, CT_CG_NONE, RANGES(bssmap_normal), "3GPP TS 48.008 §3.2.2.5"),
	RULE(CT_FAM_RANAP, CT_CG_RADIO_NETWORK, RANGES(ranap_radio_normal), "3GPP TS 25.413 §9.2.1.4"),
	RULE(CT_FAM_RANAP, CT_CG_TRANSPORT, NULL, 0, "3GPP TS 25.413 §9.2.1.4"),
	RULE(CT_FAM_RANAP, CT_CG_NAS, RANGES(ranap_nas_normal), "3GPP TS 25.413 §9.2.1.4"),
	RULE(CT_FAM_RANAP, CT_CG_PROTOCOL, NULL, 0, "3GPP TS 25.413 §9.2.1.4"),
	RULE(CT_FAM_RANAP, CT_CG_MISC, NULL, 0, "3GPP TS 25.413 §9.2.1.4"),
	RULE(CT_FAM_RANAP, CT_CG_NON_STANDARD, NULL, 0, "3GPP TS 25.413 §9.2.1.4"),
	RULE(CT_FAM_RANAP, CT_CG_RADIO_NETWORK_EXT, NULL, 0, "3GPP TS 25.413 §9.2.1.4"),
	RULE(CT_FAM_MAP, CT_CG_NONE, NULL, 0, "3GPP TS 29.002 §17.6.6"),
	RULE(CT_FAM_CAMEL, CT_CG_NONE, NULL, 0, "3GPP TS 29.078 §5.3"),
	RULE(CT_FAM_TCAP, CT_CG_P_ABORT, NULL, 0, "ITU-T Q.773 §4.2.1"),
	RULE(CT_FAM_TCAP, CT_CG_U_ABORT, NULL, 0, "ITU-T Q.773 §4.2.2"),
	RULE(CT_FAM_ISUP, CT_CG_NONE, RANGES(q850_normal), "ITU-T Q.763 §3.12, Q.850"),
	RULE(CT_FAM_RSL, CT_CG_NONE, RANGES(rsl_normal), "3GPP TS 48.058 §9.3.26"),
	RULE(CT_FAM_RLM, CT_CG_NONE, NULL, 0, "3GPP TS 48.058 §9.3.22"),
	RULE(CT_FAM_HNBAP, CT_CG_RADIO_NETWORK, RANGES(hnbap_radio_normal), "3GPP TS 25.469 §9.2.1.2"),
	RULE(CT_FAM_HNBAP, CT_CG_TRANSPORT, NULL, 0, "3GPP TS 25.469 §9.2.1.2"),
	RULE(CT_FAM_HNBAP, CT_CG_PROTOCOL, NULL, 0, "3GPP TS 25.469 §9.2.1.2"),
	RULE(CT_FAM_HNBAP, CT_CG_MISC, NULL, 0, "3GPP TS 25.469 §9.2.1.2"),
	RULE(CT_FAM_RUA, CT_CG_RADIO_NETWORK, RANGES(rua_radio_normal), "3GPP TS 25.468 §9.2.1.3"),
	RULE(CT_FAM_RUA, CT_CG_TRANSPORT, NULL, 0, "3GPP TS 25.468 §9.2.1.3"),
	RULE(CT_FAM_RUA, CT_CG_PROTOCOL, NULL, 0, "3GPP TS 25.468 §9.2.1.3"),
	RULE(CT_FAM_RUA, CT_CG_MISC, NULL, 0, "3GPP TS 25.468 §9.2.1.3"),
	RULE(CT_FAM_GTPV1, CT_CG_NONE, RANGES(gtpv1_accept), "3GPP TS 29.060 §7.7.1"),
	RULE(CT_FAM_PFCP, CT_CG_NONE, RANGES(pfcp_accept), "3GPP TS 29.244 §8.2.1"),
	RULE(CT_FAM_Q931, CT_CG_NONE, RANGES(q850_normal), "ITU-T Q.931 §4.5.12, Q.850"),
	RULE(CT_FAM_GMM, CT_CG_NONE, NULL, 0, "3GPP TS 24.008 §10.5.5.14"),
	RULE(CT_FAM_SM, CT_CG_NONE, RANGES(sm_normal), "3GPP TS 24.008 §10.5.6.6"),
	RULE(CT_FAM_SBI, CT_CG_NONE, RANGES(http_ok), "RFC 9110 §15"),
	RULE(CT_FAM_SBI, CT_CG_PROBLEM, NULL, 0, "3GPP TS 29.500 §5.2.7.2"),
	RULE(CT_FAM_UMTS_RRC, CT_CG_NONE, RANGES(umts_rrc_normal), "3GPP TS 25.331 §10.3.3.32"),
	RULE(CT_FAM_TCAP, CT_CG_ANSI_P_ABORT, NULL, 0, "ANSI T1.114 §3.2.3"),
	RULE(CT_FAM_ANSI_MAP, CT_CG_NONE, NULL, 0, "TIA/EIA-41-D §6.4.1.2"),
	RULE(CT_FAM_ANSI_MAP, CT_CG_NATIONAL, NULL, 0, "ANSI T1.114 §3.2.4"),
	RULE(CT_FAM_NBAP, CT_CG_RADIO_NETWORK, NULL, 0, "3GPP TS 25.433 §9.2.1.6"),
	RULE(CT_FAM_NBAP, CT_CG_TRANSPORT, NULL, 0, "3GPP TS 25.433 §9.2.1.6"),
	RULE(CT_FAM_NBAP, CT_CG_PROTOCOL, NULL, 0, "3GPP TS 25.433 §9.2.1.6"),
	RULE(CT_FAM_NBAP, CT_CG_MISC, NULL, 0, "3GPP TS 25.433 §9.2.1.6"),
};

/* The first rule of t[0..n) for family f and group g (CT_FAIL_ANY_GROUP
 * matches only a rule written for every group). */
static const struct ct_failure_rule *
find(const struct ct_failure_rule *t, size_t n, enum ct_family f, int g)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].family == (int)f && t[i].group == g)
			return &t[i];
	return NULL;
}

const struct ct_failure_rule *
ct_failure_rule_of(const struct ct_failure_rules *rules, enum ct_family f,
		   enum ct_cause_group g)
{
	const struct ct_failure_rule *r = NULL;

	if (rules && rules->n) {
		r = find(rules->rule, rules->n, f, (int)g);
		if (!r)
			r = find(rules->rule, rules->n, f, CT_FAIL_ANY_GROUP);
		if (r)
			return r;
	}
	if ((unsigned)f >= CT_FAM__COUNT || (unsigned)g >= NGROUPS || !builtin[f][g].source)
		return NULL;
	return &builtin[f][g];
}

int
ct_cause_is_failure(const struct ct_failure_rules *rules, enum ct_family f,
		    enum ct_cause_group g, uint32_t value)
{
	const struct ct_failure_rule *r = ct_failure_rule_of(rules, f, g);

	for (size_t i = 0; r && i < r->n; i++)
		if (value >= r->not_failures[i].lo && value <= r->not_failures[i].hi)
			return 0;
	return 1;
}
