/*
 * dissect.h — what a protocol decoder reports about one message.
 *
 * Each decoder in src/decode/<protocol>.c fills a struct ct_dissect from the
 * bytes of one message (or one PDU inside a transport payload) and returns an
 * enum ct_dec_status (cursor.h). The capture layer (src/ingest/) turns these
 * into events, subscribers and the per-file summary; the decision tree maps
 * cause families and values onto its branches through the profile.
 *
 * Everything lives inside the struct (fixed-size arrays, no allocation), so a
 * decoder cannot leak and a packet costs no malloc. What does not fit is
 * counted in `dropped`, never written out of bounds.
 *
 * A decoder that hands an inner PDU to another decoder (S1AP -> NAS-EPS,
 * GSMTAP -> RR/LTE RRC/NAS) passes the same struct: causes and identities
 * from every layer accumulate, and `message` holds the innermost message
 * that carried a cause (or the outermost when none did).
 */
#ifndef CELLTRIAGE_DISSECT_H
#define CELLTRIAGE_DISSECT_H

#include <stdint.h>

#include "celltriage/cursor.h"

/* Cause families, named (ct_family_name) as a complaint's "signalling"
 * entries and a profile's tables name them. */
enum ct_family {
	CT_FAM_NONE = 0,
	CT_FAM_RR,       /* TS 44.018 RR cause */
	CT_FAM_MM,       /* TS 24.008 MM reject cause */
	CT_FAM_CC,       /* TS 24.008 CC cause (Q.850 values) */
	CT_FAM_LTE_RRC,  /* TS 36.331 release / reestablishment / reject causes */
	CT_FAM_EMM,      /* TS 24.301 EMM cause */
	CT_FAM_ESM,      /* TS 24.301 ESM cause */
	CT_FAM_5GMM,     /* TS 24.501 5GMM cause */
	CT_FAM_5GSM,     /* TS 24.501 5GSM cause */
	CT_FAM_S1AP,     /* TS 36.413 Cause (group + value) */
	CT_FAM_NGAP,     /* TS 38.413 Cause (group + value) */
	CT_FAM_GTPV2,    /* TS 29.274 Cause IE */
	CT_FAM_DIAMETER, /* RFC 6733 Result-Code / TS 29.272 Experimental-Result-Code */
	CT_FAM_SIP,      /* SIP response status, or Q.850 cause of a Reason header */
	CT_FAM_BSSMAP,   /* TS 48.008 §3.2.2.5 Cause (A interface) */
	CT_FAM_RANAP,    /* TS 25.413 §9.2.1.4 Cause (Iu), group + value */
	CT_FAM_MAP,      /* TS 29.002 §17.6.6 MAP error code (TCAP returnError) */
	CT_FAM_CAMEL,    /* TS 29.078 CAMEL error code (TCAP returnError) */
	CT_FAM_TCAP,     /* Q.773 aborts: P-Abort cause, ABRT abort-source */
	CT_FAM_ISUP,     /* Q.763 §3.12 Cause indicators (Q.850 values) */
	CT_FAM_RSL,      /* TS 48.058 §9.3.26 Cause (Abis RSL) */
	CT_FAM_RLM,      /* TS 48.058 §9.3.22 RLM cause (Abis radio link layer) */
	CT_FAM_HNBAP,    /* TS 25.469 §9.2.1.2 Cause (Iuh HNBAP), group + value */
	CT_FAM_RUA,      /* TS 25.468 §9.2.1.3 Cause (Iuh RUA), group + value */
	CT_FAM_GTPV1,    /* TS 29.060 §7.7.1 Cause IE */
	CT_FAM_PFCP,     /* TS 29.244 §8.2.1 Cause IE */
	CT_FAM_Q931,     /* Q.931 §4.5.12 Cause (Q.850 values), H.225.0 call signalling */
	CT_FAM_GMM,      /* TS 24.008 §10.5.5.14 GMM cause */
	CT_FAM_SM,       /* TS 24.008 §10.5.6.6 SM cause */
	CT_FAM_SBI,      /* 5GC SBI: HTTP status; group problem: the ProblemDetails cause (decode.h) */
	CT_FAM_UMTS_RRC, /* TS 25.331 release / connection reject causes */
	CT_FAM_ANSI_MAP, /* TIA/EIA-41 §6.4.1.2 Error Code (ANSI TCAP Return Error) */
	CT_FAM_NBAP,     /* TS 25.433 §9.2.1.6 Cause (Iub NBAP), group + value */
	CT_FAM__COUNT
};
/* The families' names in the enum's order, for messages that list them
 * (kept beside the enum: a new family is named in both). */
#define CT_FAMILY_CHOICES "rr mm cc lte-rrc emm esm 5gmm 5gsm s1ap ngap gtpv2 diameter sip bssmap ranap map camel tcap isup rsl rlm hnbap rua gtpv1 pfcp q931 gmm sm sbi umts-rrc ansi-map nbap"
/* The same for the cause groups below (ct_cause_group_name). */
#define CT_CAUSE_GROUP_CHOICES "radioNetwork, transport, nas, protocol, misc, q850, experimental, nonStandard, radioNetworkExtension, p-abort, u-abort, problem, ansi-p-abort or national"

/* S1AP / NGAP / RANAP / HNBAP / RUA / NBAP cause groups (the CHOICE alternative of Cause; RANAP's
 * transmissionNetwork is "transport"), and the TCAP abort kinds. */
enum ct_cause_group {
	CT_CG_NONE = 0,
	CT_CG_RADIO_NETWORK, /* "radioNetwork" */
	CT_CG_TRANSPORT,     /* "transport" */
	CT_CG_NAS,           /* "nas" */
	CT_CG_PROTOCOL,      /* "protocol" */
	CT_CG_MISC,          /* "misc" */
	CT_CG_Q850,          /* SIP Reason: Q.850 (cause is the Q.850 value) */
	CT_CG_EXPERIMENTAL,  /* Diameter Experimental-Result-Code (vendor-specific, TS 29.272/29.229) */
	CT_CG_NON_STANDARD,  /* RANAP non-Standard (129..256) */
	CT_CG_RADIO_NETWORK_EXT, /* RANAP radioNetworkExtension (257..512) */
	CT_CG_P_ABORT,       /* TCAP P-Abort cause (Q.773 §4.2.1) */
	CT_CG_U_ABORT,       /* TCAP dialogue ABRT abort-source (Q.773 §4.2.2) */
	CT_CG_PROBLEM,       /* SBI ProblemDetails cause (TS 29.500 §5.2.7.2), celltriage's numbering */
	CT_CG_ANSI_P_ABORT,  /* ANSI TCAP P-Abort cause (T1.114 §3.2.3) */
	CT_CG_NATIONAL,      /* ANSI TCAP national error code (T1.114 §3.2.4), not named */
	CT_CG__COUNT
};

#define CT_DISSECT_MAX_CAUSES 8
#define CT_DISSECT_MAX_IDS 8

struct ct_cause {
	enum ct_family family;
	enum ct_cause_group group;
	uint32_t value;
	/* Whether it is a failure: the failure rule's judgement of (family,
	 * group, value) (ct_cause_is_failure, below), or 0 for a cause a
	 * success carries for information (ct_dissect_add_info). The profile's
	 * signalling table has the last word on what becomes an event. */
	unsigned char failure;
	char message[48]; /* the message that carried it */
};

enum ct_id_kind {
	CT_ID_IMSI = 1,   /* digits */
	CT_ID_MSISDN,     /* digits */
	CT_ID_IMEI,       /* digits (IMEI or IMEISV) */
	CT_ID_TMSI,       /* M-TMSI / 5G-TMSI / TMSI, as 8 hex digits */
	CT_ID_GUTI,       /* "mcc-mnc-mmegi-mmec-mtmsi" (or 5G-GUTI) */
	CT_ID_SUCI,       /* as printed by the decoder */
	CT_ID_ENB_UE_ID,  /* S1AP eNB-UE-S1AP-ID, decimal */
	CT_ID_MME_UE_ID,  /* S1AP MME-UE-S1AP-ID, decimal */
	CT_ID_RAN_UE_ID,  /* NGAP RAN-UE-NGAP-ID, decimal */
	CT_ID_AMF_UE_ID,  /* NGAP AMF-UE-NGAP-ID, decimal */
	CT_ID_TEID,       /* GTP TEID, as 8 hex digits */
	CT_ID_SESSION,    /* Diameter Session-Id */
	CT_ID_CALL_ID,    /* SIP Call-ID */
	CT_ID_CELL,       /* E-UTRAN CGI / NR CGI / GSM CGI: "mcc-mnc-id" */
	CT_ID_TAI,        /* "mcc-mnc-tac" */
	CT_ID_TCAP_TID,   /* TCAP transaction id (Q.773 §4.2.1: otid, dtid), hex */
	CT_ID_SCCP_REF,   /* SCCP local reference (Q.713 §3.2, §3.3), 6 hex digits */
	CT_ID_RUA_CTX,    /* Iuh Context-ID (TS 25.468 §9.2.1.5, TS 25.469 §9.2.1.8), 6 hex digits */
	CT_ID_SEID,       /* PFCP session endpoint id (TS 29.244 §8.2.37), 16 hex digits */
	CT_ID_RSL_CHAN,   /* Abis RSL dedicated channel (TS 48.058 §9.3.1 Channel Number),
			   * "cc" (2 hex digits) over IPA, "teiN-cc" over E1 LAPD */
	CT_ID_SUA_REF     /* SUA source/destination reference number (RFC 3868 §3.10.4,
			   * §3.10.5), 8 hex digits */
};

struct ct_ident {
	enum ct_id_kind kind;
	char value[64];
};

struct ct_failure_rules;

/*
 * One segment of an SCCP message sent in XUDT or XUDTS segments (ITU-T
 * Q.713 §3.17 Segmentation parameter, Q.714 §4.1.1.2), as the SCCP decoder
 * finds it. The segments of one message share the key: the called and the
 * calling party address as sent, and the segmentation local reference.
 * Points into the message being decoded: valid during the hook's call.
 */
#define CT_SCCP_SEG_KEY_MAX (2 * (1 + 32) + 3)
struct ct_sccp_segment {
	uint8_t key[CT_SCCP_SEG_KEY_MAX]; /* | len | called (<= 32) | len | calling (<= 32) | ref (3) | */
	uint8_t keylen;
	uint8_t first;            /* the F bit: the first segment */
	uint8_t remaining;        /* segments still to come after this one (0-15) */
	unsigned ssn;             /* the called party's subsystem, else the calling's (0 none) */
	const uint8_t *data;      /* this segment's user data */
	size_t len;
};

/*
 * Where the SCCP decoder hands a segment (struct ct_dissect's sccp): the
 * capture puts the segments of a message back together (src/ingest/) and
 * decodes the whole with ct_decode_sccp_data (decode.h). segment NULL: a
 * segment is taken as handed on elsewhere (a worker thread, whose reader
 * collects the segments). only_segments: nothing but segments is looked at
 * (the reader thread's pass over SS7 messages; other SCCP data is not
 * decoded). A segment is decoded CT_DEC_OK, its message "SCCP XUDT
 * segment"; without a hook, CT_DEC_NOT_REASSEMBLED.
 */
struct ct_sccp_hook {
	void (*segment)(void *arg, const struct ct_sccp_segment *s);
	void *arg;
	int only_segments;
};

struct ct_dissect {
	/* In: the failure rules the causes are judged by (a profile's
	 * overrides, below); NULL, as ct_dissect_reset leaves it, is the
	 * built-in table. ct_dissect_reuse keeps it. Not owned. */
	const struct ct_failure_rules *rules;
	/* In: where SCCP segments go (above); NULL, as ct_dissect_reset
	 * leaves it: nowhere. ct_dissect_reuse keeps it. Not owned. */
	const struct ct_sccp_hook *sccp;
	const char *protocol;     /* "s1ap", "nas-eps", "gtpv2", "diameter", "sip", ... (static) */
	char message[64];         /* e.g. "Create Session Response", "Attach reject", "INVITE" */
	int is_request;           /* 1 request / initiating, 0 response / outcome, -1 n/a */
	uint32_t procedure;       /* S1AP/NGAP procedure code, GTP message type, Diameter command */
	uint32_t application;     /* Diameter Application-Id, 0 otherwise */
	uint32_t seq;             /* GTP sequence number, Diameter hop-by-hop id, SIP CSeq */
	int ciphered;             /* an inner NAS message was ciphered (not decoded) */
	struct ct_cause causes[CT_DISSECT_MAX_CAUSES];
	unsigned ncauses;
	struct ct_ident ids[CT_DISSECT_MAX_IDS];
	unsigned nids;
	unsigned dropped;         /* causes or ids that did not fit */
};

void ct_dissect_reset(struct ct_dissect *d);
/* The same reset for a struct that has been through ct_dissect_reset once:
 * every scalar and count is zeroed and message emptied, but the entries of
 * causes[] and ids[] beyond the counts (which no reader looks at) keep
 * their old bytes: ~100 bytes written per message instead of ~1.2 kB. */
void ct_dissect_reuse(struct ct_dissect *d);
/* Appends a cause; message may be NULL (uses d->message). Its failure flag
 * is ct_cause_is_failure(d->rules, fam, grp, value): every decoder judges
 * its causes by the one rule, whatever message carried them (a reject, a
 * release, a response). */
void ct_dissect_add_cause(struct ct_dissect *d, enum ct_family fam,
			  enum ct_cause_group grp, uint32_t value, const char *message);
/* Appends a cause that a success carries for information only (the EMM
 * cause of an attach accept for EPS services only, the ESM cause of a
 * default bearer granted with another PDN type): never a failure. */
void ct_dissect_add_info(struct ct_dissect *d, enum ct_family fam,
			 enum ct_cause_group grp, uint32_t value, const char *message);
void ct_dissect_add_id(struct ct_dissect *d, enum ct_id_kind kind, const char *value);
/* An identity that is a number (UE ids): its decimal form. */
void ct_dissect_add_number(struct ct_dissect *d, enum ct_id_kind kind, uint64_t value);
/* An identity that is a bit field shown in hex (TMSIs): `digits` lowercase
 * hex digits, zero-padded ("%0*x"). */
void ct_dissect_add_hex(struct ct_dissect *d, enum ct_id_kind kind, uint64_t value,
			unsigned digits);
/* A number within a PLMN (TAC, cell identity): "mcc-mnc-<decimal>". */
void ct_dissect_add_plmn_number(struct ct_dissect *d, enum ct_id_kind kind, const char *plmn,
				uint64_t value);
void ct_dissect_set_message(struct ct_dissect *d, const char *message);

/* "emm", "s1ap", ... as complaints and profiles name them; "radioNetwork", ... */
const char *ct_family_name(enum ct_family f);
int ct_family_from_name(const char *name); /* -1 when unknown */
const char *ct_cause_group_name(enum ct_cause_group g);
int ct_cause_group_from_name(const char *name); /* -1 when unknown */

/*
 * The cause's 3GPP / IETF name, from the decoders' tables, e.g.
 * ("emm", 7) -> "EPS services not allowed". Writes "unknown (0x%x)" style
 * fallback text into buf when the value is not in the table; returns buf or
 * a static string.
 */
const char *ct_cause_name(enum ct_family f, enum ct_cause_group g,
			  uint32_t value, char *buf, size_t n);

/*
 * Which causes are failures: one rule per cause family (and, for S1AP,
 * NGAP, Diameter and SIP, per cause group), kept in one table
 * (src/decode/failure.c). A rule lists the values that are NOT failures
 * (success, acceptance, normal release); every other value of the family
 * is one. The decoders judge every cause they add by it (through
 * ct_dissect_add_cause), and the decision tree judges the causes typed into
 * a complaint by it, so a cause typed and the same cause captured are
 * judged alike.
 *
 * The built-in table, with the specification each row comes from:
 *   rr                 0                 3GPP TS 44.018 §10.5.2.31 (normal event)
 *   mm                 none              3GPP TS 24.008 §10.5.3.6 (reject causes)
 *   cc                 16, 30, 31        3GPP TS 24.008 Table 10.5.123, ITU-T Q.850
 *   lte-rrc            0..3              3GPP TS 36.331 §6.2.2 ReleaseCause (celltriage's numbering)
 *   emm, 5gmm          none              3GPP TS 24.301 §9.9.3.9, TS 24.501 §9.11.3.2
 *   esm, 5gsm          36, 39            3GPP TS 24.301 §9.9.4.4, TS 24.501 §9.11.4.2
 *   s1ap, ngap         radioNetwork 2, 20; nas 0, 2; other groups none
 *                                        3GPP TS 36.413 §9.2.1.3, TS 38.413 §9.3.1.2
 *   gtpv2              0..63             3GPP TS 29.274 §8.4 Table 8.4-1
 *   diameter           1000..2999        RFC 6733 §7.1 (Result-Code)
 *   diameter/experimental 1000..2999     3GPP TS 29.272 §7.4, RFC 6733 §7.1
 *   sip                100..399          RFC 3261 §21 (1xx-3xx)
 *   sip/q850           16, 30, 31        ITU-T Q.850 (RFC 3326 Reason)
 *   bssmap             handover reasons and normal clearing (failure.c)
 *                                        3GPP TS 48.008 §3.2.2.5
 *   ranap              radioNetwork relocation reasons, user inactivity,
 *                      UE release, no remaining RAB; nas 81..83; other groups none
 *                                        3GPP TS 25.413 §9.2.1.4
 *   map, camel, tcap   none              3GPP TS 29.002 §17.6.6, TS 29.078, ITU-T Q.773
 *   isup               16, 30, 31        ITU-T Q.763 §3.12, Q.850
 *   rsl                0x0f              3GPP TS 48.058 §9.3.26 (normal event)
 *   rlm                none              3GPP TS 48.058 §9.3.22
 *   hnbap              radioNetwork 8, 11, 12 (UE RRC release, normal,
 *                      UE relocated); other groups none
 *                                        3GPP TS 25.469 §9.2.1.2
 *   rua                radioNetwork 0, 2 (normal, network release); other
 *                      groups none       3GPP TS 25.468 §9.2.1.3
 *   isup, q931         16, 30, 31        ITU-T Q.763 §3.12, Q.931 §4.5.12, Q.850
 *   gtpv1              0..191            3GPP TS 29.060 §7.7.1 Table 38
 *   pfcp               0..63             3GPP TS 29.244 §8.2.1 Table 8.2.1-1
 *   gmm                none              3GPP TS 24.008 §10.5.5.14
 *   sm                 36, 39            3GPP TS 24.008 §10.5.6.6
 *   sbi                100..399          RFC 9110 §15 (HTTP status: 1xx-3xx)
 *   sbi/problem        none              3GPP TS 29.500 §5.2.7.2 (ProblemDetails cause)
 *   umts-rrc           0, 5, 6           3GPP TS 25.331 §10.3.3.32 ReleaseCause
 *                                        (normal event, directed signalling
 *                                        connection re-establishment, user
 *                                        inactivity; celltriage's numbering)
 *   nbap               none              3GPP TS 25.433 §9.2.1.6 (a Cause comes
 *                                        with a failure or an error)
 *
 * A profile may replace a family's rule (its optional `failures` group,
 * profile.h): a struct ct_failure_rules, consulted before the built-in
 * table. A rule of group CT_FAIL_ANY_GROUP replaces every group of its
 * family; one naming a group wins over it for that group.
 */
struct ct_value_range {
	uint32_t lo, hi;           /* inclusive */
};

#define CT_FAIL_ANY_GROUP (-1)

struct ct_failure_rule {
	int family;                /* enum ct_family */
	int group;                 /* enum ct_cause_group, or CT_FAIL_ANY_GROUP */
	const struct ct_value_range *not_failures;
	size_t n;                  /* 0: every value is a failure */
	const char *source;        /* the specification, or "file:line" of a profile */
};

struct ct_failure_rules {
	const struct ct_failure_rule *rule;
	size_t n;
};

/*
 * The rule that judges (f, g): rules' own for the group, then rules' for
 * every group of f, then the built-in table's; NULL when none has one (no
 * such family or group: every value is a failure). rules may be NULL.
 */
const struct ct_failure_rule *ct_failure_rule_of(const struct ct_failure_rules *rules,
						 enum ct_family f, enum ct_cause_group g);
/* 1 when value is a failure of family f (group g) under rules (NULL: the
 * built-in table), 0 when the rule lists it as not a failure. */
int ct_cause_is_failure(const struct ct_failure_rules *rules, enum ct_family f,
			enum ct_cause_group g, uint32_t value);

#endif
