/*
 * decode.h — one decoder per protocol (src/decode/<protocol>.c).
 *
 * Each ct_decode_* reads exactly one message from p[0..len) through a
 * bounds-checked cursor (cursor.h), adds what it learnt to d (dissect.h:
 * protocol, message name, causes, identities) and returns a status:
 * CT_DEC_OK, or why the message could not be fully decoded. A decoder never
 * reads outside p[0..len), never allocates, never aborts, and terminates on
 * any input (every loop is bounded by the bytes left or by a fixed cap).
 *
 * The caller (src/ingest/) owns d and must ct_dissect_reset() it per message.
 * Decoders that carry another protocol (S1AP's NAS-PDU, GSMTAP's payload)
 * call the inner decoder with the same d.
 */
#ifndef CELLTRIAGE_DECODE_H
#define CELLTRIAGE_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "celltriage/dissect.h"
#include "celltriage/util.h"

/* Network side: TS 29.274, RFC 6733 / TS 29.272 / TS 29.212, RFC 3261. */
enum ct_dec_status ct_decode_gtpv2(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_diameter(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_sip(const uint8_t *p, size_t len, struct ct_dissect *d);

/* Framing for stream transports (TCP): the length of the complete message at
 * the start of p, 0 when more bytes are needed, or (size_t)-1 when p does not
 * start with such a message. */
size_t ct_diameter_frame_len(const uint8_t *p, size_t len);
size_t ct_sip_frame_len(const uint8_t *p, size_t len);
/* 1 when p starts with a SIP request or status line (SIP found by content
 * on any port, as tshark's heuristic does), 0 otherwise. */
int ct_sip_sniff(const uint8_t *p, size_t len);

/* RAN and NAS: TS 36.413, TS 38.413 (aligned PER), TS 24.301, TS 24.501. */
enum ct_dec_status ct_decode_s1ap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_ngap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_nas_eps(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_nas_5gs(const uint8_t *p, size_t len, struct ct_dissect *d);

/* Phone side: GSMTAP (UDP 4729) with GSM Um L3 (TS 44.018 RR, TS 24.008
 * MM/CC) and LTE RRC (TS 36.331, unaligned PER). */
enum ct_dec_status ct_decode_gsmtap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_gsm_l3(const uint8_t *p, size_t len, struct ct_dissect *d);

/* LTE RRC logical channels (TS 36.331 §6.2.1): which *-Message type the bytes
 * are. Numbered as the GSMTAP v2 LTE RRC sub-types, so a v2 sub-type can be
 * passed straight through; other values return CT_DEC_UNSUPPORTED. */
enum ct_lte_rrc_channel {
	CT_LTE_RRC_DL_CCCH = 0,
	CT_LTE_RRC_DL_DCCH = 1,
	CT_LTE_RRC_UL_CCCH = 2,
	CT_LTE_RRC_UL_DCCH = 3,
	CT_LTE_RRC_BCCH_BCH = 4,
	CT_LTE_RRC_BCCH_DL_SCH = 5,
	CT_LTE_RRC_PCCH = 6,
	CT_LTE_RRC_MCCH = 7
};
enum ct_dec_status ct_decode_lte_rrc(const uint8_t *p, size_t len, int channel,
				     struct ct_dissect *d);

/*
 * The GSMTAP pseudo-header on its own (v2 or v3), for the capture layer to
 * keep the radio context of a message (struct ct_dissect has no field for
 * it). Fills *h and returns CT_DEC_OK, or why the header cannot be read;
 * v3 carries ARFCN and levels in metadata TLVs which are not read here
 * (has_radio is then 0). h->payload is the offset of the payload in p.
 */
struct ct_gsmtap_hdr {
	unsigned version;   /* 2 or 3 */
	size_t hdr_bytes;   /* header length in bytes (hdr_len * 4) */
	size_t payload;     /* offset of the payload in p (= hdr_bytes) */
	unsigned type;      /* GSMTAP payload type (v2: 8 bits, v3: 16 bits) */
	unsigned sub_type;  /* channel / sub-type */
	const char *rat;    /* "gsm", "umts", "lte", "nr" or "" (static) */
	int has_radio;      /* the fields below are present (v2 only) */
	unsigned timeslot;
	unsigned arfcn;     /* 14 bits */
	int uplink;         /* ARFCN bit 14 */
	int pcs;            /* ARFCN bit 15: PCS 1900 band */
	int signal_dbm;
	int snr_db;
	uint32_t frame_nr;
	unsigned antenna;
	unsigned sub_slot;
};
enum ct_dec_status ct_gsmtap_header(const uint8_t *p, size_t len, struct ct_gsmtap_hdr *h);

/* Cause tables, value -> 3GPP/IETF name, terminated by {0, NULL}. Used by
 * ct_cause_name() (dissect.c). For S1AP/NGAP the table depends on the group. */
const struct ct_name *ct_gtpv2_cause_table(void);
const struct ct_name *ct_diameter_result_table(void);
/* Experimental-Result-Code (3GPP vendor 10415) values: their numbers overlap
 * the base Result-Codes, so they are a cause group of their own. */
const struct ct_name *ct_diameter_experimental_table(void);
/* Application-Id -> name ("S6a", "Gx", "Gy", ...). */
const struct ct_name *ct_diameter_application_table(void);
const struct ct_name *ct_sip_status_table(void);
const struct ct_name *ct_q850_cause_table(void);        /* CC cause and SIP Reason Q.850 */
const struct ct_name *ct_emm_cause_table(void);
const struct ct_name *ct_esm_cause_table(void);
const struct ct_name *ct_5gmm_cause_table(void);
const struct ct_name *ct_5gsm_cause_table(void);
const struct ct_name *ct_s1ap_cause_table(enum ct_cause_group g);
const struct ct_name *ct_ngap_cause_table(enum ct_cause_group g);
const struct ct_name *ct_rr_cause_table(void);
const struct ct_name *ct_mm_cause_table(void);
const struct ct_name *ct_lte_rrc_cause_table(void);

#endif
