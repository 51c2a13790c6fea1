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
/* GTPv1-C (TS 29.060) and GTPv0 (GSM 09.60); GTP' (TS 32.295, the same
 * first octet with the protocol type bit 0) as protocol "gtp-prime", its
 * Cause in family gtpv1 (an unknown GTP' message type: CT_DEC_UNSUPPORTED). */
enum ct_dec_status ct_decode_gtpv1(const uint8_t *p, size_t len, struct ct_dissect *d);
/* PFCP (TS 29.244), N4/Sx. */
enum ct_dec_status ct_decode_pfcp(const uint8_t *p, size_t len, struct ct_dissect *d);
/* Q.931 alone (from its protocol discriminator), and H.225.0 call
 * signalling: one TPKT (RFC 1006 §6) holding a Q.931 message. */
enum ct_dec_status ct_decode_q931(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_h225(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_diameter(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_sip(const uint8_t *p, size_t len, struct ct_dissect *d);

/* Framing for stream transports (TCP): the length of the complete message at
 * the start of p, 0 when more bytes are needed, or (size_t)-1 when p does not
 * start with such a message. */
size_t ct_diameter_frame_len(const uint8_t *p, size_t len);
size_t ct_sip_frame_len(const uint8_t *p, size_t len);
size_t ct_tpkt_frame_len(const uint8_t *p, size_t len);
/* 1 when p starts with a SIP request or status line (SIP found by content
 * on any port, as tshark's heuristic does), 0 otherwise. */
int ct_sip_sniff(const uint8_t *p, size_t len);

/*
 * 5G core service-based interfaces (3GPP TS 29.500): HTTP/2 (RFC 9113) or
 * HTTP/1.1 (RFC 9112) messages, ProblemDetails (TS 29.571 §5.2.4.1, the
 * "cause" of TS 29.500 §5.2.7.2 and the service specifications), and
 * multipart/related bodies (RFC 2387) carrying NAS-5GS and NGAP.
 *
 * ct_decode_sbi reads one whole HTTP message in text: an HTTP/1.1 start
 * line, or (what ct_http2_frame makes of an HTTP/2 stream) header lines
 * beginning with the pseudo-headers (":status: 404", ":method: GET",
 * ":path: /nudm-sdm/v2/..."), then "name: value" header lines, a blank
 * line and the body. A response made from HTTP/2 also carries its
 * request's ":method" and ":path" lines when the request was seen, and so
 * does an HTTP/1.1 response through ct_http1_message (below). Causes:
 * family "sbi", value the status of every response (judged by the failure
 * rule: 4xx and 5xx are failures), as SIP's; and, when an error
 * response's ProblemDetails names a cause celltriage's table knows
 * (ct_sbi_cause_table: TS 29.500 and the Nudm, Nausf, Namf, Nsmf, Npcf
 * causes, numbered 1000 and up), family "sbi" group "problem" with that
 * number. Their message is the service and the status ("nudm-sdm 404"),
 * and a cause string the table does not know follows it. d->procedure is
 * the status of a response. Unlike the other decoders it allocates: the JSON
 * parser (jansson) builds its tree, freed before it returns.
 */
enum ct_dec_status ct_decode_sbi(const uint8_t *p, size_t len, struct ct_dissect *d);
/* HTTP/1.1 framing on TCP (headers and Content-Length; 0 / (size_t)-1 as
 * above), and HTTP/1.1 found by content (a request line of a method RFC
 * 9110 §9 names with an origin-form target, or an "HTTP/1.x NNN" status
 * line). */
size_t ct_http1_frame_len(const uint8_t *p, size_t len);
int ct_http1_sniff(const uint8_t *p, size_t len);
/*
 * HTTP/1.1 responses given their requests (RFC 9112 §9.3: in order on a
 * connection): one struct ct_http1_dir per direction of a TCP flow
 * remembers the method and path of the last 16 requests it sent.
 * ct_http1_message takes one whole message (as ct_http1_frame_len cuts
 * it) and hands it to emit (bytes valid while emit runs): a request as it
 * is, remembered in h; a final response (2xx and up) with its request's
 * ":method" and ":path" lines from peer (the other direction, NULL when
 * not seen) after its status line, for ct_decode_sbi. ct_http1_dir_new
 * returns NULL when out of memory; ct_http1_dir_free takes NULL.
 */
struct ct_http1_dir;
typedef void (*ct_http1_emit)(void *arg, const uint8_t *msg, size_t len);
struct ct_http1_dir *ct_http1_dir_new(void);
void ct_http1_dir_free(struct ct_http1_dir *h);
void ct_http1_message(struct ct_http1_dir *h, struct ct_http1_dir *peer, const uint8_t *p,
		      size_t n, ct_http1_emit emit, void *arg);

/*
 * HTTP/2 (RFC 9113) on a TCP flow: one struct ct_http2_dir per direction,
 * holding its HPACK dynamic table (RFC 7541) and the streams in flight,
 * all bounded (http2.c). ct_http2_frame takes one frame (as
 * ct_http2_frame_len cuts them, the connection preface included); each
 * stream the sender ends goes to emit as one message for ct_decode_sbi
 * (the bytes are emit's only while it runs). peer is the other direction
 * (NULL when not seen): its SETTINGS' header table size and its requests,
 * whose method and path a response is given. Returns CT_DEC_OK;
 * CT_DEC_MALFORMED for a frame that cannot be read, a header block HPACK
 * cannot decompress (the table is then lost: every later block of the
 * direction is malformed too) or DATA of a stream not seen opening;
 * CT_DEC_NOT_REASSEMBLED when a stream in flight had to be given up for
 * room. ct_http2_flush hands over the streams whose headers are complete
 * but whose end was not seen (a capture's last packets, one exported
 * PDU). ct_http2_dir_new returns NULL when out of memory; the caller
 * frees with ct_http2_dir_free (NULL is fine).
 */
struct ct_http2_dir;
/* Where a frame was, as the caller counts (the capture's frame number and
 * time): a response's message is given the mark of the frame that
 * completed its headers (tshark shows the status there), a request's that
 * of the frame that ended it (its body's NAS or NGAP). */
struct ct_http2_mark {
	uint64_t frame;
	int64_t sec;
	int32_t usec;
};
typedef void (*ct_http2_emit)(void *arg, const struct ct_http2_mark *at, const uint8_t *msg,
			      size_t len);
struct ct_http2_dir *ct_http2_dir_new(void);
void ct_http2_dir_free(struct ct_http2_dir *h);
enum ct_dec_status ct_http2_frame(struct ct_http2_dir *h, struct ct_http2_dir *peer,
				  const struct ct_http2_mark *at, const uint8_t *p, size_t len,
				  ct_http2_emit emit, void *arg);
void ct_http2_flush(struct ct_http2_dir *h, const struct ct_http2_dir *peer, ct_http2_emit emit,
		    void *arg);
size_t ct_http2_frame_len(const uint8_t *p, size_t len);
/* 1 when p starts with the client connection preface, or is whole frames
 * whose headers RFC 9113 allows, one of them a complete HEADERS. */
int ct_http2_sniff(const uint8_t *p, size_t len);
/* 1 when p starts with the connection preface or with one frame header
 * RFC 9113 allows (its frame need not be whole, nor a HEADERS): how a flow
 * on a port the profile reads as SBI is taken up mid-connection. */
int ct_http2_starts(const uint8_t *p, size_t len);

/*
 * Wireshark's exported PDU (LINKTYPE_WIRESHARK_UPPER_PDU, 252): tags
 * (type 2 octets, length 2 octets, value; tag 0 ends them) naming the
 * protocol of the PDU that follows and, optionally, its addresses and
 * ports. CT_DEC_OK with *h filled, or why the tags cannot be read.
 */
struct ct_exported_pdu {
	char proto[32];            /* dissector name (tag 12), heuristic (13) or table (14) */
	uint8_t src[16], dst[16];
	uint8_t src_len, dst_len;  /* 4, 16, 0 absent */
	unsigned sport, dport;     /* 0 absent */
	size_t payload;            /* offset of the PDU in p */
};
enum ct_dec_status ct_exported_pdu_header(const uint8_t *p, size_t len,
					  struct ct_exported_pdu *h);

/* RAN and NAS: TS 36.413, TS 38.413 (aligned PER), TS 24.301, TS 24.501. */
enum ct_dec_status ct_decode_s1ap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_ngap(const uint8_t *p, size_t len, struct ct_dissect *d);
/* One NGAP transfer of TS 38.413 §9.3.4 on its own, as the SBI carries N2
 * SM information (application/vnd.3gpp.ngap): type is its N2SmInfoType /
 * NgapIeType ("PDU_RES_REL_CMD" ...); the cause of the transfers that
 * start with one is added, the others are left (CT_DEC_OK). */
enum ct_dec_status ct_decode_ngap_transfer(const uint8_t *p, size_t len, const char *type,
					   struct ct_dissect *d);
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
/* The user data of an SCCP message put back together from its XUDT/XUDTS
 * segments (dissect.h struct ct_sccp_segment), for subsystem ssn (0
 * unknown), decoded as a connectionless message's data is: BSSAP, RANAP,
 * TCAP. */
enum ct_dec_status ct_decode_sccp_data(const uint8_t *p, size_t len, unsigned ssn,
				       struct ct_dissect *d);
/* SUA (RFC 3868, SCTP PPID 4): SCCP's users over SIGTRAN without SCCP; the
 * Data of its connectionless and connection-oriented messages decoded as
 * SCCP's is, its reference numbers as identities (CT_ID_SUA_REF), its
 * CLDT/CLDR segments to d->sccp's hook as SCCP's XUDT segments go. */
enum ct_dec_status ct_decode_sua(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_bssap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_ranap(const uint8_t *p, size_t len, struct ct_dissect *d);
/* ssn: the SCCP subsystem the TCAP message is for or from (146 gsmSCF:
 * its errors are CAMEL's; otherwise MAP's), 0 unknown. */
enum ct_dec_status ct_decode_tcap(const uint8_t *p, size_t len, unsigned ssn,
				  struct ct_dissect *d);
/* ANSI TCAP (T1.114): a package from its first tag (0xe1-0xe6, 0xf6), the
 * ANSI-41 MAP error codes of its Return Errors (family ansi-map) and its
 * P-Abort cause (tcap, group ansi-p-abort). ct_decode_tcap hands such a
 * message here. */
enum ct_dec_status ct_decode_ansi_tcap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_isup(const uint8_t *p, size_t len, enum ct_mtp3_variant v,
				  struct ct_dissect *d);

/*
 * GSM Abis: RSL (TS 48.058) over ip.access IPA (TCP 3002/3003) or over
 * LAPD (Q.921, TS 48.056) on E1; its L3 Information IE handed to
 * ct_decode_gsm_l3. OML (TS 12.21) is named, not read.
 */
enum ct_dec_status ct_decode_rsl(const uint8_t *p, size_t len, struct ct_dissect *d);
/* The same from E1 LAPD, whose TEI (Q.921 §3.3.4: one TRX) scopes the
 * channel identities (CT_ID_RSL_CHAN); ct_decode_rsl is this with tei -1
 * (over IPA the connection scopes them). */
enum ct_dec_status ct_decode_rsl_tei(const uint8_t *p, size_t len, int tei,
				     struct ct_dissect *d);
/* One IPA message (| length (2) | stream (1) | payload |): RSL to
 * ct_decode_rsl, CCM (keep-alive, identity) named, OML unsupported. */
enum ct_dec_status ct_decode_ipa(const uint8_t *p, size_t len, struct ct_dissect *d);
/* TCP framing of IPA (as ct_diameter_frame_len). */
size_t ct_ipa_frame_len(const uint8_t *p, size_t len);
/* 1 when p[0..len) is one or more whole IPA messages of known streams
 * (IPA found by content on any TCP port). */
int ct_ipa_sniff(const uint8_t *p, size_t len);
/* One LAPD frame from its address field (LINKTYPE_LINUX_LAPD after the
 * 16-octet pseudo-header), SAPIs as TS 48.056 §4.1 gives them for Abis. */
enum ct_dec_status ct_decode_lapd(const uint8_t *p, size_t len, struct ct_dissect *d);

/* Iuh (TS 25.467): HNBAP (TS 25.469, SCTP PPID 20) and RUA (TS 25.468,
 * PPID 19), aligned PER; RUA's RANAP message to ct_decode_ranap. */
enum ct_dec_status ct_decode_hnbap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_rua(const uint8_t *p, size_t len, struct ct_dissect *d);

/*
 * Iub (TS 25.430): NBAP (TS 25.433, SCTP PPID 25) and the Frame Protocol of
 * the dedicated channels it sets up (TS 25.427) with MAC-d (TS 25.321) and
 * RLC (TS 25.322) down to UMTS RRC.
 *
 * ct_decode_nbap: the message name and its Cause (family nbap).
 * ct_nbap_bindings: what a Radio Link Setup (or a synchronised Radio Link
 * Reconfiguration Preparation's DCHs to add) sets up, for the capture layer's
 * FP flows: the request's transport bearers (their DCHs and each DCH's
 * Transport Format Sets, and the RNC's end of each when its radio link
 * information says it), or the response's bindings (each bearer's first
 * DCH id, the Node B's UDP port and IP address). s is filled, never
 * allocated; kind is CT_NBAP_SETUP_NONE for any other message.
 */
#define CT_IUB_MAX_TF 32       /* maxNrOfTFs (TS 25.433 §9.3.6) */
#define CT_IUB_MAX_DCH 8       /* DCHs kept per transport bearer */
#define CT_IUB_MAX_BEARERS 8   /* transport bearers kept per message */
enum { CT_IUB_UL = 0, CT_IUB_DL = 1 };
struct ct_iub_tfs {
	unsigned n;                         /* transport formats; a TFI indexes them */
	struct { uint16_t ntb, size; } tf[CT_IUB_MAX_TF]; /* blocks, bits per block */
};
struct ct_iub_dch {
	uint8_t id;
	struct ct_iub_tfs tfs[2];           /* [CT_IUB_UL], [CT_IUB_DL] */
};
struct ct_iub_bearer {
	uint8_t crc;                        /* FP payload CRC present */
	uint8_t ndch;
	struct ct_iub_dch dch[CT_IUB_MAX_DCH];
	uint16_t port;                      /* response: the Node B's Binding ID */
	uint8_t addr_len;                   /* response: 4 or 16 */
	uint8_t addr[16];
};
enum { CT_NBAP_SETUP_NONE = 0, CT_NBAP_SETUP_REQUEST, CT_NBAP_SETUP_RESPONSE };
struct ct_iub_binding {
	uint8_t dch;                        /* the bearer's (first) DCH */
	uint16_t port;
	uint8_t addr_len;                   /* 4 or 16 */
	uint8_t addr[16];
};
struct ct_nbap_setup {
	int kind;
	uint32_t transaction, crnc_context;
	unsigned nbearers;
	struct ct_iub_bearer bearer[CT_IUB_MAX_BEARERS];
	/* request: the RNC's end of the bearers (RL-Specific-DCH-Info, when the
	 * radio link's other components let it be read) */
	unsigned nrnc;
	struct ct_iub_binding rnc[CT_IUB_MAX_BEARERS];
};
enum ct_dec_status ct_decode_nbap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_nbap_bindings(const uint8_t *p, size_t len, struct ct_nbap_setup *s);

/*
 * One FP data frame of a DCH transport bearer b (TS 25.427 §6.2.2), uplink
 * (from the Node B) or downlink: its header CRC checked, the TFI of each
 * DCH looked up in the DCH's Transport Format Set, and its transport
 * blocks pointed at (within p: each starts on an octet). A control frame
 * is CT_DEC_OK with ntb 0 and control set.
 */
#define CT_FP_MAX_TB 64
#define CT_FP_TB_OCTETS_MAX 625  /* a transport block of up to 5000 bits (TS 25.433 §9.2.1.59) */
struct ct_fp_tb {
	const uint8_t *p;
	unsigned bits;
	unsigned dch;                       /* index in b->dch */
};
struct ct_fp_frame {
	int control;
	unsigned cfn, ntb;
	struct ct_fp_tb tb[CT_FP_MAX_TB];
};
enum ct_dec_status ct_fp_dch_frame(const uint8_t *p, size_t len, const struct ct_iub_bearer *b,
				   int dir, struct ct_fp_frame *f);
/* Whether DCH h of a bearer carries the signalling radio bearers (MAC-d
 * with a C/T field, mac_umts.c). */
int ct_fp_dch_is_srb(const struct ct_iub_dch *h);

/*
 * MAC-d PDU of a DCH that multiplexes logical channels (TS 25.321 §9.2.1.4:
 * the 4-bit C/T field, then the RLC PDU): *lch is the logical channel
 * (1..15), the RLC PDU's whole octets are copied to out (n bytes at most),
 * *outlen their count.
 */
enum ct_dec_status ct_mac_d_ct(const uint8_t *tb, unsigned bits, unsigned *lch, uint8_t *out,
			       size_t n, size_t *outlen);

/*
 * An RLC entity's receiving side (TS 25.322 §9.2.1.3 UMD, §9.2.1.4 AMD):
 * SDUs put together from PDUs by their length indicators. Memory is the
 * struct's (an SDU longer than CT_RLC_SDU_MAX is dropped); a PDU out of
 * sequence drops the SDU being put together. Counts what it drops.
 */
#define CT_RLC_SDU_MAX 4096
enum { CT_RLC_UM = 1, CT_RLC_AM = 2 };
struct ct_rlc_entity {
	int mode;
	int started;                        /* a PDU seen */
	int have;                           /* sdu holds an SDU's start */
	uint32_t next_sn;
	size_t len;
	unsigned dropped;                   /* SDUs lost: gaps, lengths, limits */
	uint8_t sdu[CT_RLC_SDU_MAX];
};
void ct_rlc_init(struct ct_rlc_entity *e, int mode);
/* One PDU (its octets); each SDU it completes to emit(arg, sdu, n).
 * Returns the status of the PDU's header. */
enum ct_dec_status ct_rlc_pdu(struct ct_rlc_entity *e, const uint8_t *p, size_t len,
			      void (*emit)(void *arg, const uint8_t *sdu, size_t n), void *arg);

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
const struct ct_name *ct_ansi_map_error_table(enum ct_cause_group g);
const struct ct_name *ct_ansi_tcap_p_abort_table(void);
const struct ct_name *ct_rsl_cause_table(void);
const struct ct_name *ct_rlm_cause_table(void);
const struct ct_name *ct_hnbap_cause_table(enum ct_cause_group g);
const struct ct_name *ct_nbap_cause_table(enum ct_cause_group g);
const struct ct_name *ct_rua_cause_table(enum ct_cause_group g);
const struct ct_name *ct_gtpv1_cause_table(void);
const struct ct_name *ct_pfcp_cause_table(void);
const struct ct_name *ct_gmm_cause_table(void);
const struct ct_name *ct_sm_cause_table(void);
/* ProblemDetails causes (celltriage's numbering, 1000 and up: sbi.c), and
 * HTTP statuses (RFC 9110 §15). */
const struct ct_name *ct_sbi_cause_table(void);
const struct ct_name *ct_http_status_table(void);

#endif
