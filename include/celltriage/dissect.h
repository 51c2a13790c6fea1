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

/* Cause families: the names are fixed by the contract (issue 3, SPEC §6). */
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
	CT_FAM__COUNT
};

/* S1AP / NGAP cause groups (the CHOICE alternative of Cause). */
enum ct_cause_group {
	CT_CG_NONE = 0,
	CT_CG_RADIO_NETWORK, /* "radioNetwork" */
	CT_CG_TRANSPORT,     /* "transport" */
	CT_CG_NAS,           /* "nas" */
	CT_CG_PROTOCOL,      /* "protocol" */
	CT_CG_MISC,          /* "misc" */
	CT_CG_Q850,          /* SIP Reason: Q.850 (cause is the Q.850 value) */
	CT_CG_EXPERIMENTAL   /* Diameter Experimental-Result-Code (vendor-specific, TS 29.272/29.229) */
};

#define CT_DISSECT_MAX_CAUSES 8
#define CT_DISSECT_MAX_IDS 8

struct ct_cause {
	enum ct_family family;
	enum ct_cause_group group;
	uint32_t value;
	/* Whether the decoder judges this a failure by the protocol's own rule
	 * (a reject message, a 4xx-6xx response, a non-2xxx result, a GTP cause
	 * >= 64). The profile's table has the last word on what becomes an event. */
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
	CT_ID_TAI         /* "mcc-mnc-tac" */
};

struct ct_ident {
	enum ct_id_kind kind;
	char value[64];
};

struct ct_dissect {
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
/* Appends a cause; message may be NULL (uses d->message). */
void ct_dissect_add_cause(struct ct_dissect *d, enum ct_family fam,
			  enum ct_cause_group grp, uint32_t value, int failure,
			  const char *message);
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

/* "emm", "s1ap", ... as fixed by the contract; "radioNetwork", ... */
const char *ct_family_name(enum ct_family f);
int ct_family_from_name(const char *name); /* -1 when unknown */
const char *ct_cause_group_name(enum ct_cause_group g);

/*
 * The cause's 3GPP / IETF name, from the decoders' tables, e.g.
 * ("emm", 7) -> "EPS services not allowed". Writes "unknown (0x%x)" style
 * fallback text into buf when the value is not in the table; returns buf or
 * a static string.
 */
const char *ct_cause_name(enum ct_family f, enum ct_cause_group g,
			  uint32_t value, char *buf, size_t n);

#endif
