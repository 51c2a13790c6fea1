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

/* UMTS RRC logical channels (TS 25.331 §11.1), numbered as the GSMTAP v2
 * UMTS RRC sub-types; other values return CT_DEC_UNSUPPORTED. */
enum ct_umts_rrc_channel {
	CT_UMTS_RRC_DL_DCCH = 0,
	CT_UMTS_RRC_UL_DCCH = 1,
	CT_UMTS_RRC_DL_CCCH = 2,
	CT_UMTS_RRC_UL_CCCH = 3,
	CT_UMTS_RRC_PCCH = 4,
	CT_UMTS_RRC_BCCH_FACH = 7,
	CT_UMTS_RRC_BCCH_BCH = 8
};
/* UMTS RRC (unaligned PER): the message name per channel, the NAS of the
 * direct transfers to ct_decode_gsm_l3, RRC connection release and reject
 * causes (family umts-rrc). */
enum ct_dec_status ct_decode_umts_rrc(const uint8_t *p, size_t len, int channel,
				      struct ct_dissect *d);

/*
 * LTE MAC PDUs in Wireshark's "mac-lte-framed" layout (an optional
 * "mac-lte" start string, radio type, direction, RNTI type, tags, then the
 * PDU; TS 36.321 §6.1.2): CCCH SDUs to LTE RRC UL-/DL-CCCH, the SRBs'
 * whole RLC AM SDUs (TS 36.322) through their PDCP header (TS 36.323) to
 * UL-/DL-DCCH. A segmented RRC message is CT_DEC_NOT_REASSEMBLED, a PDU
 * the PHY flagged with a CRC error CT_DEC_MALFORMED.
 */
enum ct_dec_status ct_decode_mac_lte_framed(const uint8_t *p, size_t len, struct ct_dissect *d);

/*
 * What a user link type (LINKTYPE_USER0..15, DLT 147..162) carries, as a
 * profile names it (capture.user_dlts; the names Wireshark's user DLT
 * table uses where it has one, "lte-rrc.ul-ccch" style for the RRC
 * channels). CT_USER_NONE: not mapped, the frames are counted undecoded.
 */
enum ct_user_carrier {
	CT_USER_NONE = 0,
	CT_USER_MAC_LTE_FRAMED,
	CT_USER_LTE_RRC_UL_CCCH, CT_USER_LTE_RRC_DL_CCCH,
	CT_USER_LTE_RRC_UL_DCCH, CT_USER_LTE_RRC_DL_DCCH,
	CT_USER_LTE_RRC_BCCH_BCH, CT_USER_LTE_RRC_BCCH_DL_SCH, CT_USER_LTE_RRC_PCCH,
	CT_USER_NAS_EPS, CT_USER_NAS_5GS, CT_USER_S1AP, CT_USER_NGAP,
	CT_USER_RANAP, CT_USER_GSM_L3, CT_USER_GSMTAP,
	CT_USER_GTPV2, CT_USER_DIAMETER, CT_USER_SIP,
	CT_USER__COUNT
};
#define CT_USER_DLT_FIRST 147  /* LINKTYPE_USER0 */
#define CT_USER_DLT_COUNT 16   /* ... LINKTYPE_USER15 = 162 */
/* The names of the carriers (not CT_USER_NONE), for the profile and its
 * messages; CT_USER_CARRIER_CHOICES lists them in the table's order. */
const struct ct_name *ct_user_carrier_table(void);
#define CT_USER_CARRIER_CHOICES "mac-lte-framed, lte-rrc.ul-ccch, lte-rrc.dl-ccch, " \
	"lte-rrc.ul-dcch, lte-rrc.dl-dcch, lte-rrc.bcch-bch, lte-rrc.bcch-dl-sch, " \
	"lte-rrc.pcch, nas-eps, nas-5gs, s1ap, ngap, ranap, gsm-l3, gsmtap, gtpv2, diameter or sip"
/* One frame of a user link type that carries c, to its decoder;
 * CT_DEC_UNSUPPORTED for CT_USER_NONE. */
enum ct_dec_status ct_decode_user(enum ct_user_carrier c, const uint8_t *p, size_t len,
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

/*
 * SS7: SIGTRAN (M3UA RFC 4666, M2PA RFC 4165, M2UA RFC 3331), MTP2 (Q.703)
 * and MTP3 (Q.704, ANSI T1.111, the Chinese and Japanese 24/16-bit point
 * code variants), SCCP (Q.713), and what SCCP and MTP3 carry: BSSAP
 * (TS 48.006: BSSMAP TS 48.008, DTAP to ct_decode_gsm_l3), RANAP (TS 25.413,
 * aligned PER), TCAP (Q.773, BER) with MAP (TS 29.002) and CAMEL (TS 29.078)
 * errors, ISUP (Q.763).
 *
 * The MTP3 variant decides the routing label (ITU 14-bit point codes in 4
 * octets, ANSI and Chinese 24-bit in 7, Japanese 16-bit in 5) and the SCCP
 * address layout (ANSI T1.112 puts the SSN before the point code and swaps
 * the indicator bits). It cannot be read from the bytes in general; the
 * profile names it (capture.mtp3). CT_MTP3_AUTO reads a message as ITU and,
 * when ITU leaves what MTP3 carries malformed or truncated, as ANSI: the
 * variant is recognised only where one reading decodes and the other does
 * not.
 */
enum ct_mtp3_variant {
	CT_MTP3_ITU = 0,
	CT_MTP3_ANSI,
	CT_MTP3_CHINA,
	CT_MTP3_JAPAN,
	CT_MTP3_AUTO,
	CT_MTP3__COUNT
};
/* "itu", "ansi", "china", "japan", "auto" (the profile's spelling). */
const struct ct_name *ct_mtp3_variant_table(void);

enum ct_dec_status ct_decode_m3ua(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);
enum ct_dec_status ct_decode_m2pa(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);
enum ct_dec_status ct_decode_m2ua(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);
/* MTP2 signal unit (LINKTYPE_MTP2: BSN, FSN, LI, then the MTP3 message). */
enum ct_dec_status ct_decode_mtp2(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);
/* An MTP3 message from its service information octet (LINKTYPE_MTP3). */
enum ct_dec_status ct_decode_mtp3(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);
/* What MTP3 carries, by service indicator si (Q.704 §14.2.1: 3 SCCP,
 * 5 ISUP; 0-2 network management and tests), as M3UA's DATA hands it on. */
enum ct_dec_status ct_decode_mtp3_user(unsigned si, const uint8_t *p, size_t len,
				       enum ct_mtp3_variant v, struct ct_dissect *d);
enum ct_dec_status ct_decode_sccp(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);
enum ct_dec_status ct_decode_bssap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_ranap(const uint8_t *p, size_t len, struct ct_dissect *d);
/* ssn: the SCCP subsystem the TCAP message is for or from (146 gsmSCF:
 * its errors are CAMEL's; otherwise MAP's), 0 unknown. */
enum ct_dec_status ct_decode_tcap(const uint8_t *p, size_t len, unsigned ssn,
				  struct ct_dissect *d);
enum ct_dec_status ct_decode_isup(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);

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
const struct ct_name *ct_umts_rrc_cause_table(void);
const struct ct_name *ct_bssmap_cause_table(void);
const struct ct_name *ct_ranap_cause_table(enum ct_cause_group g);
const struct ct_name *ct_map_error_table(void);
const struct ct_name *ct_camel_error_table(void);
const struct ct_name *ct_tcap_cause_table(enum ct_cause_group g);

#endif
