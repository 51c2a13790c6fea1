/*
 * capture_demux.c — one frame of a capture down through its link layer,
 * tunnels, IP and transport headers to the decoder of the signalling
 * message it carries (decode.h); each decoded message goes to
 * ct_cap_record.
 *
 *   frame --> link layer ------> IPv4 / IPv6 -----> UDP  4729 GSMTAP
 *             EN10MB (+VLAN,     (fragments put     |    2123 GTPv2-C, GTPv1-C (version bits)
 *             MPLS), PPPoE       together:          |    3386 GTPv0; GTP' (its Cause)
 *             LINUX_SLL, SLL2    capture_reasm.c)   |    8805 PFCP
 *             RAW, IPV4, IPV6                       |    3868 Diameter
 *             NULL, LOOP                            |    5060, or by content: SIP
 *                                                   |    2152 GTP-U  --> inner IP
 *                                                   |    1701 L2TPv2 --> PPP --> IP
 *                                                   SCTP DATA / I-DATA chunks
 *                                                   |    (a TSN seen before: a duplicate;
 *                                                   |    fragments put together)
 *                                                   |    PPID 18 or 36412 S1AP
 *                                                   |    PPID 60 or 38412 NGAP
 *                                                   |    PPID 46/47 or 3868 Diameter
 *                                                   |    PPID 3 or 2905 M3UA, 2 or 2904 M2UA,
 *                                                   |    5 or 3565 M2PA (SS7: MTP3, SCCP ...)
 *                                                   |    PPID 4 or 14001 SUA (SCCP's users)
 *                                                   |    PPID 20 HNBAP, 19 RUA (Iuh)
 *                                                   |    PPID 25 NBAP (Iub): its Radio Link
 *                                                   |    Setups name the FP flows (UDP):
 *                                                   |    FP -> MAC-d -> RLC -> UMTS RRC
 *                                                   TCP  3868 Diameter, 5060 or by
 *                                                   |    content SIP; 3002/3003 or by
 *                                                   |    content IPA (Abis RSL); 1720
 *                                                   |    H.225.0 (Q.931 in TPKT): the flow
 *                                                   |    put in order and cut into messages
 *                                                   GRE --> IPv4 / IPv6 / Ethernet
 *   LINUX_LAPD (E1 Abis) --> LAPD --> SAPI 0 RSL, 62 OML
 *
 * Every header is read through the bounds-checked cursor (cursor.h).
 * Link-layer types: libpcap's LINKTYPE_ETHERNET (IEEE 802.3, 802.1Q /
 * 802.1ad tags, MPLS RFC 3032), LINKTYPE_LINUX_SLL and LINUX_SLL2 (Linux cooked capture),
 * LINKTYPE_RAW, IPV4 and IPV6 (bare IP), LINKTYPE_NULL and LOOP (BSD
 * loopback: a 4-byte address family), LINKTYPE_MTP2 and MTP2_WITH_PHDR
 * (SS7 links, Q.703), LINKTYPE_MTP3 (the MTP3 message alone) and
 * LINKTYPE_LINUX_LAPD (Abis on E1, Q.921 after a 16-octet header); the MTP3
 * variant is the capture's flags' (CT_CAP_MTP3, from the profile). Header layouts: IPv4 RFC 791, IPv6
 * RFC 8200, UDP RFC 768, TCP RFC 9293, SCTP RFC 9260 §3 (DATA chunk
 * §3.3.1), I-DATA RFC 8260 §2.1, PPPoE RFC 2516, PPP RFC 1661, GRE RFC
 * 2784 and RFC 2890, L2TPv2 RFC 2661 §3.1, GTP-U TS 29.281 §5. Ports and
 * PPIDs: IANA, 3GPP TS 29.274 §4.4.2.1, TS 29.060 §4.2, TS 32.295 §6.1,
 * TS 29.244 §4.2.2, ITU-T H.225.0 §7 (1720, RFC 1006 TPKT), TS 29.281 §4.4.2.3, RFC 3261
 * §18.1, RFC 6733 §2.1, TS 36.412 §7, TS 38.412 §7.
 *
 * The same code runs in the three modes of capture_int.h (ALL, STAGE,
 * DECODE): what depends on earlier packets (fragments, TCP, SCTP TSNs)
 * is decided where the mode holds the state, and read from the unit where
 * it does not. Counts that need no state are made by the pass that
 * decodes (undec), those of the state by the pass that holds it (held).
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_int.h"
#include "celltriage/decode.h"

#define MAX_VLAN_TAGS 4     /* QinQ and a little more */
#define MAX_V6_EXT 8        /* extension headers followed before giving up */
#define MAX_SCTP_CHUNKS 64  /* per packet */
#define MAX_TUNNELS 8       /* tunnels in tunnels followed before giving up */
#define MAX_GTPU_EXT 16     /* GTP-U extension headers followed */
#define MAX_MPLS_LABELS 8   /* MPLS label stack entries followed */

enum app { APP_NONE, APP_GSMTAP, APP_GTPC, APP_GTP_PRIME, APP_PFCP, APP_H225, APP_SIP,
	   APP_DIAMETER, APP_S1AP, APP_NGAP, APP_M3UA, APP_M2UA, APP_M2PA, APP_SUA, APP_IPA,
	   APP_HNBAP, APP_RUA, APP_NBAP,
	   APP_RRC_DL_DCCH, APP_RRC_UL_DCCH, /* an RLC SDU of an Iub FP flow's SRB */
	   APP_SBI,      /* one HTTP message: HTTP/1.1 on the wire, or an HTTP/2 stream put together */
	   APP_HTTP2,    /* HTTP/2 frames: to the flow's struct ct_http2_dir, never decoded as such */
	   APP_NAS_EPS, APP_NAS_5GS };

static void ethernet(struct ct_cap_pkt *k, struct ct_cur *c);
static void ip_any(struct ct_cap_pkt *k, struct ct_cur *c);
static void ip_payload(struct ct_cap_pkt *k, int v6, unsigned proto, struct ct_cur *c);

/* "10.0.0.1", or IPv6 in full form with lowercase hex groups: enough to
 * tell hosts apart. */
void
ct_cap_addr_text(char *dst, size_t n, const uint8_t *a, size_t len)
{
	if (len == 4)
		snprintf(dst, n, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	else if (len == 16)
		snprintf(dst, n, "%x:%x:%x:%x:%x:%x:%x:%x", a[0] << 8 | a[1], a[2] << 8 | a[3],
			 a[4] << 8 | a[5], a[6] << 8 | a[7], a[8] << 8 | a[9], a[10] << 8 | a[11],
			 a[12] << 8 | a[13], a[14] << 8 | a[15]);
	else if (n)
		dst[0] = '\0';
}

/* A count that needs no transport state: made by the pass that decodes
 * (ALL, DECODE), not by the stage, so each packet counts once. */
static void
undec(struct ct_cap_pkt *k, enum ct_undec u)
{
	if (k->mode != CT_CAP_MODE_STAGE)
		k->cap->undecoded[u]++;
}

/* Marks the unit being made as taken by the transport state (STAGE). */
static void
held(struct ct_cap_pkt *k)
{
	if (k->mode == CT_CAP_MODE_STAGE)
		k->unit->kind = CT_UNIT_HELD;
}

/* The association of the packet's SCTP chunks, one direction: its ports
 * and verification tag (capture_int.h: not its addresses); a duplicate and
 * a fragment are known within it. */
static void
sctp_key(const struct ct_cap_pkt *k, uint32_t vtag, struct ct_cap_sctp_key *key)
{
	memset(key, 0, sizeof(*key));
	key->sport = (uint16_t)k->sport;
	key->dport = (uint16_t)k->dport;
	key->vtag = vtag;
}

/* A unit the stage makes from what the packet being read says (STAGE). */
static void
unit_of(const struct ct_cap_pkt *k, enum ct_cap_unit_kind kind, unsigned proto,
	struct ct_cap_unit *u)
{
	memset(u, 0, sizeof(*u));
	u->kind = (uint8_t)kind;
	u->proto = (uint8_t)proto;
	u->sport = (uint16_t)k->sport;
	u->dport = (uint16_t)k->dport;
	u->teid = k->teid;
	u->src = k->src;
	u->dst = k->dst;
}

/* ---- SCCP segments ------------------------------------------------------- */

/* A segment the SCCP decoder found (ALL, STAGE): to the state; a message it
 * completes waits in k->sccp_done for ct_cap_sccp_flush. */
static void
sccp_segment(void *arg, const struct ct_sccp_segment *s)
{
	struct ct_cap_pkt *k = arg;
	uint8_t *out;
	size_t n;
	unsigned ssn;

	if (!ct_cap_sccp_segment(k->rs, s, k->sec, k->cap->undecoded, &out, &n, &ssn))
		return;
	if (k->nsccp_done == CT_CAP_SCCP_DONE_MAX) {
		free(out); /* more than a packet can hold: not decoded */
		k->cap->undecoded[CT_UNDEC_NOT_REASSEMBLED]++;
		return;
	}
	k->sccp_done[k->nsccp_done].p = out;
	k->sccp_done[k->nsccp_done].n = n;
	k->sccp_done[k->nsccp_done].ssn = ssn;
	k->nsccp_done++;
}

void
ct_cap_sccp_init(struct ct_cap_pkt *k)
{
	memset(&k->sccp, 0, sizeof(k->sccp));
	if (k->mode != CT_CAP_MODE_DECODE) {
		k->sccp.segment = sccp_segment;
		k->sccp.arg = k;
	}
	k->sccp.only_segments = k->mode == CT_CAP_MODE_STAGE;
	k->d.sccp = &k->sccp;
}

void
ct_cap_sccp_flush(struct ct_cap_pkt *k)
{
	for (unsigned i = 0; i < k->nsccp_done; i++) {
		struct ct_cap_sccp_done *w = &k->sccp_done[i];

		if (k->mode == CT_CAP_MODE_STAGE) {
			struct ct_cap_unit u;

			unit_of(k, CT_UNIT_SCCP_MSG, w->ssn, &u);
			k->emit(k->emit_arg, &u, k, w->p, w->n);
		} else {
			ct_dissect_reuse(&k->d);
			ct_cap_record(k, ct_decode_sccp_data(w->p, w->n, w->ssn, &k->d));
		}
		free(w->p);
	}
	k->nsccp_done = 0;
}

/* The stage's look at an SS7 message (STAGE): its SCCP segments, if any,
 * to the state (k->d's hook looks at nothing else). */
static void
stage_ss7(struct ct_cap_pkt *k, enum app app, const uint8_t *p, size_t len)
{
	enum ct_mtp3_variant v = CT_CAP_MTP3_OF(k->flags);

	ct_dissect_reuse(&k->d);
	switch (app) {
	case APP_M3UA: (void)ct_decode_m3ua(p, len, v, &k->d); break;
	case APP_M2UA: (void)ct_decode_m2ua(p, len, v, &k->d); break;
	case APP_M2PA: (void)ct_decode_m2pa(p, len, v, &k->d); break;
	case APP_SUA: (void)ct_decode_sua(p, len, &k->d); break;
	default: break;
	}
}

static void
decode_app(struct ct_cap_pkt *k, enum app app, const uint8_t *p, size_t len)
{
	enum ct_dec_status st;

	if (k->mode == CT_CAP_MODE_STAGE) {
		stage_ss7(k, app, p, len);
		return;
	}
	ct_dissect_reuse(&k->d);
	switch (app) {
	case APP_GSMTAP:
		st = ct_decode_gsmtap(p, len, &k->d);
		k->cap->phone_side++;
		break;
	case APP_GTPC: {
		/* TS 29.274 §5.1 / TS 29.060 §6: the version in the first
		 * octet's top three bits tells GTPv2-C from GTPv1-C. */
		struct ct_cur v;

		ct_cur_init(&v, p, len);
		st = (ct_cur_u8(&v) >> 5) == 1 ? ct_decode_gtpv1(p, len, &k->d)
					       : ct_decode_gtpv2(p, len, &k->d);
		break;
	}
	case APP_GTP_PRIME: st = ct_decode_gtpv1(p, len, &k->d); break;
	case APP_PFCP: st = ct_decode_pfcp(p, len, &k->d); break;
	case APP_H225: st = ct_decode_h225(p, len, &k->d); break;
	case APP_SIP: st = ct_decode_sip(p, len, &k->d); break;
	case APP_DIAMETER: st = ct_decode_diameter(p, len, &k->d); break;
	case APP_S1AP: st = ct_decode_s1ap(p, len, &k->d); break;
	case APP_NGAP: st = ct_decode_ngap(p, len, &k->d); break;
	case APP_M3UA: st = ct_decode_m3ua(p, len, CT_CAP_MTP3_OF(k->flags), &k->d); break;
	case APP_M2UA: st = ct_decode_m2ua(p, len, CT_CAP_MTP3_OF(k->flags), &k->d); break;
	case APP_M2PA: st = ct_decode_m2pa(p, len, CT_CAP_MTP3_OF(k->flags), &k->d); break;
	case APP_IPA: st = ct_decode_ipa(p, len, &k->d); break;
	case APP_HNBAP: st = ct_decode_hnbap(p, len, &k->d); break;
	case APP_RUA: st = ct_decode_rua(p, len, &k->d); break;
	case APP_NBAP: st = ct_decode_nbap(p, len, &k->d); break;
	case APP_RRC_DL_DCCH: st = ct_decode_umts_rrc(p, len, CT_UMTS_RRC_DL_DCCH, &k->d); break;
	case APP_RRC_UL_DCCH: st = ct_decode_umts_rrc(p, len, CT_UMTS_RRC_UL_DCCH, &k->d); break;
	case APP_SBI: st = ct_decode_sbi(p, len, &k->d); break;
	case APP_NAS_EPS: st = ct_decode_nas_eps(p, len, &k->d); break;
	case APP_NAS_5GS: st = ct_decode_nas_5gs(p, len, &k->d); break;
	case APP_SUA: st = ct_decode_sua(p, len, &k->d); break;
	default: return;
	}
	if (k->teid) {
		/* Signalling inside a GTP-U tunnel (SIP between the UE and the
		 * P-CSCF): the tunnel's TEID is the subscriber's, as the
		 * F-TEIDs of GTPv2-C name it (8 hex digits, dissect.h). */
		char hex[9];

		snprintf(hex, sizeof(hex), "%08x", (unsigned)k->teid);
		ct_dissect_add_id(&k->d, CT_ID_TEID, hex);
	}
	ct_cap_record(k, st);
	ct_cap_sccp_flush(k);
}

static enum app
by_port(unsigned sport, unsigned dport, int proto)
{
	unsigned ports[2] = { dport, sport };

	for (int i = 0; i < 2; i++) {
		switch (ports[i]) {
		case 4729: if (proto == 17) return APP_GSMTAP; break;  /* IANA gsmtap */
		case 2123: if (proto == 17) return APP_GTPC; break;    /* TS 29.274 §4.4.2.1, TS 29.060 §4.2 GTP-C */
		case 3386: if (proto == 17) return APP_GTP_PRIME; break; /* TS 32.295 §6.1 GTP' */
		case 8805: if (proto == 17) return APP_PFCP; break;    /* TS 29.244 §4.2.2 PFCP */
		case 1720: if (proto == 6) return APP_H225; break;     /* H.225.0 §7 call signalling */
		case 5060: if (proto != 132) return APP_SIP; break;    /* RFC 3261 §18.1 */
		case 3868: return APP_DIAMETER;                        /* RFC 6733 §2.1 */
		case 36412: if (proto == 132) return APP_S1AP; break;  /* TS 36.412 §7 */
		case 38412: if (proto == 132) return APP_NGAP; break;  /* TS 38.412 §7 */
		case 2905: if (proto == 132) return APP_M3UA; break;   /* RFC 4666 §1.4.8 */
		case 2904: if (proto == 132) return APP_M2UA; break;   /* RFC 3331 §1.5 */
		case 3565: if (proto == 132) return APP_M2PA; break;   /* RFC 4165 §1.5 */
		case 14001: if (proto == 132) return APP_SUA; break;   /* RFC 3868 §1.8 */
		case 3002: case 3003: if (proto == 6) return APP_IPA; break; /* ip.access OML, RSL */
		default: break;
		}
	}
	return APP_NONE;
}

/* SCTP payload protocol identifiers (IANA; TS 36.412 §7, TS 38.412 §7, RFC 6733 §2.1;
 * RFC 3331, RFC 3868, RFC 4666, RFC 4165). */
static enum app
by_ppid(uint32_t ppid)
{
	switch (ppid) {
	case 2: return APP_M2UA;
	case 3: return APP_M3UA;
	case 4: return APP_SUA;
	case 5: return APP_M2PA;
	case 18: return APP_S1AP;
	case 60: return APP_NGAP;
	case 46: case 47: return APP_DIAMETER;
	case 19: return APP_RUA;    /* TS 25.468 §7 */
	case 20: return APP_HNBAP;  /* TS 25.469 §7 */
	case 25: return APP_NBAP;   /* TS 25.432 §7 */
	default: return APP_NONE;
	}
}

/* Whether this DATA chunk's TSN was seen before in its association: asked
 * of the state (ALL, STAGE: the stage marks it in the unit) or read from
 * the unit (DECODE). The i-th DATA chunk of the packet; past the unit's 64
 * bits (more chunks than MAX_SCTP_CHUNKS allows) none is a duplicate. */
static int
sctp_duplicate(struct ct_cap_pkt *k, uint32_t vtag, uint32_t tsn)
{
	unsigned i = k->nchunk++;
	struct ct_cap_sctp_key key;

	if (k->mode == CT_CAP_MODE_DECODE)
		return i < 64 && (k->unit->dup >> i & 1);
	sctp_key(k, vtag, &key);
	if (i >= 64 || !ct_cap_sctp_seen(k->rs, &key, tsn))
		return 0;
	k->cap->undecoded[CT_UNDEC_SCTP_DUPLICATE]++;
	if (k->mode == CT_CAP_MODE_STAGE)
		k->unit->dup |= (uint64_t)1 << i;
	return 1;
}

/* A DATA chunk of a fragmented user message (ALL, STAGE): to the state; the
 * message when complete, decoded (ALL) or a unit for the workers (STAGE).
 * In DECODE the stage has done it. */
static void
sctp_fragment(struct ct_cap_pkt *k, uint32_t vtag, unsigned stream, uint32_t tsn, uint8_t fl,
	      enum app app, const uint8_t *data, size_t n)
{
	struct ct_cap_sctp_key key;
	uint8_t *out;
	size_t outlen;

	if (k->mode == CT_CAP_MODE_DECODE)
		return;
	sctp_key(k, vtag, &key);
	if (!ct_cap_sctp_fragment(k->rs, &key, stream, tsn, (fl & 0x02) != 0, (fl & 0x01) != 0,
				  k->sec, data, n, k->cap->undecoded, &out, &outlen))
		return;
	if (app != APP_NONE && k->mode == CT_CAP_MODE_STAGE) {
		struct ct_cap_unit u;

		unit_of(k, CT_UNIT_SCTP_MSG, app, &u);
		k->emit(k->emit_arg, &u, k, out, outlen);
		/* an SCCP message it completes follows it, as in ALL */
		stage_ss7(k, app, out, outlen);
		ct_cap_sccp_flush(k);
	} else if (app != APP_NONE) {
		decode_app(k, app, out, outlen);
	}
	free(out);
}

/* An NBAP message (ALL, STAGE): a Radio Link Setup's bearers to the state. */
static void
iub_setup(struct ct_cap_pkt *k, const uint8_t *p, size_t n)
{
	struct ct_nbap_setup s;

	if (ct_nbap_bindings(p, n, &s) == CT_DEC_OK && s.kind != CT_NBAP_SETUP_NONE)
		ct_cap_iub_nbap(k->rs, &s);
}

/* An NBAP message known by its association (ALL, STAGE): to the state,
 * then decoded (ALL) or a unit for the workers (STAGE). */
static void
nbap_by_assoc(struct ct_cap_pkt *k, const uint8_t *p, size_t n)
{
	iub_setup(k, p, n);
	if (k->mode == CT_CAP_MODE_STAGE) {
		struct ct_cap_unit u;

		unit_of(k, CT_UNIT_SCTP_MSG, APP_NBAP, &u);
		k->emit(k->emit_arg, &u, k, p, n);
		return;
	}
	decode_app(k, APP_NBAP, p, n);
}

struct iub_deliver {
	struct ct_cap_pkt *k;
	enum app app;
};

/* An RRC message an SRB's RLC put together: decoded (ALL), or a unit
 * (STAGE) numbered by the frame that completed it. */
static void
iub_sdu(void *arg, const uint8_t *p, size_t n)
{
	struct iub_deliver *id = arg;

	if (id->k->mode == CT_CAP_MODE_STAGE) {
		struct ct_cap_unit u;

		unit_of(id->k, CT_UNIT_STREAM, id->app, &u);
		id->k->emit(id->k->emit_arg, &u, id->k, p, n);
		return;
	}
	decode_app(id->k, id->app, p, n);
}

/*
 * An FP data frame of flow f (ALL, STAGE), uplink when it comes from the
 * Node B's binding: each transport block of a DCH carrying the SRBs
 * through MAC-d's C/T to its logical channel's RLC entity, whose SDUs are
 * DCCH messages. A frame that does not read is counted malformed (by the
 * pass that holds the state, as the SDUs it would have given).
 */
static void
iub_fp(struct ct_cap_pkt *k, struct ct_cap_iub_flow *f, int dir, const uint8_t *p, size_t n)
{
	const struct ct_iub_bearer *b = ct_cap_iub_bearer(f);
	struct ct_fp_frame fr;
	struct iub_deliver id = { k, dir == CT_IUB_UL ? APP_RRC_UL_DCCH : APP_RRC_DL_DCCH };
	enum ct_dec_status st = ct_fp_dch_frame(p, n, b, dir, &fr);

	held(k);
	if (st != CT_DEC_OK) {
		k->cap->undecoded[st == CT_DEC_TRUNCATED ? CT_UNDEC_TRUNCATED : CT_UNDEC_MALFORMED]++;
		return;
	}
	for (unsigned i = 0; i < fr.ntb; i++) {
		uint8_t pdu[CT_FP_TB_OCTETS_MAX];
		size_t len;
		unsigned lch;
		struct ct_rlc_entity *e;
		unsigned before;

		if (!ct_fp_dch_is_srb(&b->dch[fr.tb[i].dch]))
			continue;
		if (ct_mac_d_ct(fr.tb[i].p, fr.tb[i].bits, &lch, pdu, sizeof(pdu), &len) != CT_DEC_OK)
			continue;
		e = ct_cap_iub_rlc(f, dir, lch);
		if (!e)
			continue;
		before = e->dropped;
		(void)ct_rlc_pdu(e, pdu, len, iub_sdu, &id);
		k->cap->undecoded[CT_UNDEC_NOT_REASSEMBLED] += e->dropped - before;
	}
}

/*
 * SCTP common header and chunks (RFC 9260 §3):
 *   | src port (2) | dst port (2) | verification tag (4) | checksum (4) |
 *   chunk: | type (1) | flags (1) | length (2) | value ... | pad to 4 |
 *   DATA:  flags U B E | TSN (4) | stream id (2) | stream seq (2) | PPID (4) | data
 *   I-DATA (RFC 8260): | TSN (4) | stream id (2) | reserved (2) | MID (4) | PPID/FSN (4) | data
 */
static void
sctp(struct ct_cap_pkt *k, struct ct_cur *c)
{
	unsigned n = 0;
	uint32_t vtag;

	k->sport = ct_cur_be16(c);
	k->dport = ct_cur_be16(c);
	vtag = ct_cur_be32(c);
	ct_cur_skip(c, 4);
	k->sctp = 1;
	while (ct_cur_ok(c) && ct_cur_left(c) >= 4 && n++ < MAX_SCTP_CHUNKS) {
		uint8_t type = ct_cur_u8(c), fl = ct_cur_u8(c);
		uint16_t clen = ct_cur_be16(c);
		struct ct_cur ch;
		size_t hdr = type == 64 ? 20 : 16, body, pad;

		if (clen < 4) {
			undec(k, CT_UNDEC_MALFORMED);
			return;
		}
		if ((size_t)clen - 4 > ct_cur_left(c)) {
			if (type == 0 || type == 64)
				undec(k, CT_UNDEC_TRUNCATED);
			return;
		}
		ct_cur_sub(c, clen - 4u, &ch);
		pad = (4 - clen % 4) % 4;  /* the last chunk's padding may be absent */
		ct_cur_skip(c, pad < ct_cur_left(c) ? pad : ct_cur_left(c));
		if (type != 0 && type != 64)
			continue;
		if (clen < hdr) {
			undec(k, CT_UNDEC_MALFORMED);
			continue;
		}
		{
			uint32_t ppid, tsn;
			unsigned stream;
			enum app app;
			const uint8_t *data;
			struct ct_cur h = ch;

			tsn = ct_cur_be32(&h);
			stream = ct_cur_be16(&h);
			if (sctp_duplicate(k, vtag, tsn))
				continue;
			ct_cur_skip(&ch, hdr - 8);
			ppid = ct_cur_be32(&ch);
			body = clen - hdr;
			data = ct_cur_bytes(&ch, body);
			app = by_ppid(ppid);
			if (app == APP_NONE)
				app = by_port(k->sport, k->dport, 132);
			if (k->mode != CT_CAP_MODE_DECODE &&
			    (app == APP_NBAP || app == APP_NONE) &&
			    ct_cap_iub_nbap_assoc(k->rs, &k->src, k->sport, &k->dst, k->dport,
						  app == APP_NBAP) && app == APP_NONE) {
				/* the answer of an NBAP association under another PPID:
				 * only the state knows it, so the stage hands it on */
				if ((fl & 0x03) == 0x03 && data)
					nbap_by_assoc(k, data, body);
				continue;
			}
			if ((fl & 0x03) != 0x03) {
				/* Not both B(eginning) and E(nd): a fragment of a user message. */
				if (type == 64)
					undec(k, CT_UNDEC_NOT_REASSEMBLED); /* I-DATA's MID/FSN: not followed */
				else if (data)
					sctp_fragment(k, vtag, stream, tsn, fl, app, data, body);
				continue;
			}
			if (data && app == APP_NBAP && k->mode != CT_CAP_MODE_DECODE)
				iub_setup(k, data, body);
			if (data && app != APP_NONE)
				decode_app(k, app, data, body);
		}
	}
}

/*
 * GTP-U (TS 29.281 §5.1), UDP port 2152:
 *   | ver(3) PT E S PN | type (1) | length (2) | TEID (4) |
 *   [ sequence (2) | N-PDU (1) | next extension type (1) ]   if E, S or PN
 *   extension: | length in 4 octets (1) | content ... | next type (1) |
 * A G-PDU (type 255) carries a user's IP packet: it goes through the same
 * demux, the TEID kept as the subscriber's.
 */
static void
gtpu(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint8_t fl = ct_cur_u8(c), type = ct_cur_u8(c);
	uint16_t len = ct_cur_be16(c);
	uint32_t teid = ct_cur_be32(c), saved = k->teid;
	struct ct_cur body;

	if (!ct_cur_ok(c) || (fl >> 5) != 1 || !(fl & 0x10)) {
		undec(k, CT_UNDEC_MALFORMED);
		return;
	}
	if (type != 255) {
		undec(k, CT_UNDEC_GTPU_CONTROL);
		return;
	}
	ct_cur_sub(c, len < ct_cur_left(c) ? len : ct_cur_left(c), &body);
	if (fl & 0x07) {
		uint8_t next;

		ct_cur_skip(&body, 3);
		next = ct_cur_u8(&body);
		for (int i = 0; next && i < MAX_GTPU_EXT; i++) {
			uint8_t el = ct_cur_u8(&body);

			if (el == 0) {
				ct_cur_invalid(&body);
				break;
			}
			ct_cur_skip(&body, (size_t)el * 4 - 2);
			next = ct_cur_u8(&body);
		}
		if (next)
			ct_cur_invalid(&body);
	}
	if (!ct_cur_ok(&body)) {
		undec(k, CT_UNDEC_MALFORMED);
		return;
	}
	k->teid = teid;
	ip_any(k, &body);
	k->teid = saved;
}

/*
 * PPP in HDLC-like framing as L2TP carries it (RFC 1662 §3.1, RFC 1661
 * §6.5): an optional address/control 0xff 0x03, then the protocol in one
 * octet when compressed (odd) or two. IPv4 0x0021, IPv6 0x0057.
 */
static void
ppp(struct ct_cap_pkt *k, struct ct_cur *c)
{
	const uint8_t *p;
	unsigned proto;

	p = ct_cur_left(c) >= 2 ? ct_cur_bytes(c, 0) : NULL;
	if (p && p[0] == 0xff && p[1] == 0x03)
		ct_cur_skip(c, 2);
	proto = ct_cur_u8(c);
	if (!(proto & 1))
		proto = proto << 8 | ct_cur_u8(c);
	if (!ct_cur_ok(c))
		undec(k, CT_UNDEC_TRUNCATED);
	else if (proto == 0x0021)
		ip_payload(k, 0, 0x100, c);
	else if (proto == 0x0057)
		ip_payload(k, 1, 0x100, c);
	else
		undec(k, CT_UNDEC_PPP_NOT_IP);
}

/*
 * L2TPv2 (RFC 2661 §3.1), UDP port 1701:
 *   | T L x x S x O P x x x x ver(4) | [length (2)] | tunnel (2) | session (2) |
 *   [ Ns (2) | Nr (2) ] | [ offset size (2) | offset pad ] | PPP frame
 * T: a control message (tunnel and session set-up), not a user's packet.
 */
static void
l2tp(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint16_t fl = ct_cur_be16(c);

	if (!ct_cur_ok(c) || (fl & 0x000f) != 2) {
		undec(k, CT_UNDEC_UNSUPPORTED);
		return;
	}
	if (fl & 0x8000) {
		undec(k, CT_UNDEC_L2TP_CONTROL);
		return;
	}
	if (fl & 0x4000)
		ct_cur_skip(c, 2);
	ct_cur_skip(c, 4);
	if (fl & 0x0800)
		ct_cur_skip(c, 4);
	if (fl & 0x0200)
		ct_cur_skip(c, ct_cur_be16(c));
	if (!ct_cur_ok(c)) {
		undec(k, CT_UNDEC_TRUNCATED);
		return;
	}
	ppp(k, c);
}

static void
udp(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint16_t ulen;
	enum app app;
	size_t n;
	struct ct_cur body;

	k->sport = ct_cur_be16(c);
	k->dport = ct_cur_be16(c);
	ulen = ct_cur_be16(c);
	ct_cur_skip(c, 2);
	if (!ct_cur_ok(c))
		return;
	n = ct_cur_left(c);
	if (ulen >= 8 && (size_t)ulen - 8 < n)
		n = (size_t)ulen - 8;  /* Ethernet padding after the datagram */
	app = by_port(k->sport, k->dport, 17);
	if (app == APP_NONE && k->mode != CT_CAP_MODE_DECODE) {
		/* Iub FP: a flow a Radio Link Setup set up, from one of its
		 * bound ends or to it; it holds state (RLC), so the stage reads it. */
		struct ct_cap_iub_flow *f = ct_cap_iub_flow(k->rs, &k->src, k->sport);
		int dir = f ? ct_cap_iub_from(f) : CT_IUB_UL;

		if (!f && (f = ct_cap_iub_flow(k->rs, &k->dst, k->dport)) != NULL)
			dir = ct_cap_iub_from(f) == CT_IUB_UL ? CT_IUB_DL : CT_IUB_UL;
		if (f) {
			iub_fp(k, f, dir, ct_cur_bytes(c, n), n);
			return;
		}
	}
	if (app == APP_NONE) {
		/* Tunnels: whatever their payload carries, the stage too must
		 * see it (fragments, TCP, SCTP inside). */
		if (k->dport == 2152 || k->sport == 2152) {
			ct_cur_sub(c, n, &body);
			gtpu(k, &body);
			return;
		}
		if (k->dport == 1701 || k->sport == 1701) {
			ct_cur_sub(c, n, &body);
			l2tp(k, &body);
			return;
		}
		if (k->mode == CT_CAP_MODE_STAGE || !ct_sip_sniff(ct_cur_bytes(c, 0), n))
			return;
		app = APP_SIP;
	}
	if (ulen >= 8 && (size_t)ulen - 8 > n) {
		undec(k, CT_UNDEC_TRUNCATED);
		return;
	}
	decode_app(k, app, ct_cur_bytes(c, n), n);
}

struct tcp_deliver {
	struct ct_cap_pkt *k;
	enum app app;
	struct ct_cap_tcp_key key, rev; /* the flow, and its other direction */
};

/* One whole message of a TCP flow: decoded (ALL), or a unit (STAGE). */
static void
stream_message(struct ct_cap_pkt *k, enum app app, const uint8_t *p, size_t n)
{
	if (k->mode == CT_CAP_MODE_STAGE) {
		struct ct_cap_unit u;

		unit_of(k, CT_UNIT_STREAM, app, &u);
		k->emit(k->emit_arg, &u, k, p, n);
		return;
	}
	k->sctp = 0;
	decode_app(k, app, p, n);
}

static void
h2_free(void *h)
{
	ct_http2_dir_free(h);
}

/* An HTTP/2 stream put together: one message for the SBI decoder, numbered
 * and dated by the frame that completed its headers. */
static void
h2_emit(void *arg, const struct ct_http2_mark *at, const uint8_t *p, size_t n)
{
	struct tcp_deliver *td = arg;
	struct ct_cap_pkt *k = td->k;
	uint64_t frame = k->frame;
	int64_t sec = k->sec;
	int32_t usec = k->usec;

	k->frame = at->frame;
	k->sec = at->sec;
	k->usec = at->usec;
	stream_message(k, APP_SBI, p, n);
	k->frame = frame;
	k->sec = sec;
	k->usec = usec;
}

/* One HTTP/2 frame of a flow (ALL, STAGE: the state's pass): through the
 * flow's HPACK table and streams (http2.c); the streams it ends become
 * messages. What it cannot read is counted here, by the pass that holds
 * the state. */
static void
h2_frame(struct tcp_deliver *td, const uint8_t *p, size_t n)
{
	struct ct_cap_pkt *k = td->k;
	void **slot = ct_cap_tcp_state(k->rs, &td->key, h2_free), **peer;
	enum ct_dec_status st;
	struct ct_http2_mark at = { k->frame, k->sec, k->usec };

	if (slot && !*slot)
		*slot = ct_http2_dir_new();
	if (!slot || !*slot) {
		k->cap->undecoded[CT_UNDEC_TCP_LIMIT]++;
		return;
	}
	peer = ct_cap_tcp_app_of(k->rs, &td->rev) == APP_HTTP2
		       ? ct_cap_tcp_state(k->rs, &td->rev, h2_free)
		       : NULL;
	st = ct_http2_frame(*slot, peer ? *peer : NULL, &at, p, n, h2_emit, td);
	if (st == CT_DEC_NOT_REASSEMBLED)
		k->cap->undecoded[CT_UNDEC_NOT_REASSEMBLED]++;
	else if (st == CT_DEC_TRUNCATED)
		k->cap->undecoded[CT_UNDEC_TRUNCATED]++;
	else if (st != CT_DEC_OK)
		k->cap->undecoded[CT_UNDEC_MALFORMED]++;
}

static void
h1_free(void *h)
{
	ct_http1_dir_free(h);
}

static void
h1_emit(void *arg, const uint8_t *p, size_t n)
{
	struct tcp_deliver *td = arg;

	stream_message(td->k, APP_SBI, p, n);
}

/* One HTTP/1.1 message of a flow (ALL, STAGE): a request remembered by
 * the flow, a response given its request's method and path (sbi.c). A flow
 * past the states' limit has its messages decoded unpaired. */
static void
h1_message(struct tcp_deliver *td, const uint8_t *p, size_t n)
{
	struct ct_cap_pkt *k = td->k;
	void **slot = ct_cap_tcp_state(k->rs, &td->key, h1_free), **peer;

	if (slot && !*slot)
		*slot = ct_http1_dir_new();
	if (!slot || !*slot) {
		stream_message(k, APP_SBI, p, n);
		return;
	}
	peer = ct_cap_tcp_app_of(k->rs, &td->rev) == APP_SBI
		       ? ct_cap_tcp_state(k->rs, &td->rev, h1_free)
		       : NULL;
	ct_http1_message(*slot, peer ? *peer : NULL, p, n, h1_emit, td);
}

static void
tcp_deliver(void *arg, const uint8_t *p, size_t n)
{
	struct tcp_deliver *td = arg;

	if (td->app == APP_HTTP2)
		h2_frame(td, p, n);
	else if (td->app == APP_SBI)
		h1_message(td, p, n);
	else
		stream_message(td->k, td->app, p, n);
}

/*
 * A TCP flow's protocol when no port names it: the one it was followed
 * as, or found by content in its bytes: SIP (RFC 3261 start line), HTTP/2
 * (RFC 9113 §3.4 connection preface, or whole frames with a header block;
 * the other direction of an HTTP/2 flow takes its frames as they come,
 * SETTINGS first), HTTP/1.1 (RFC 9112 start line), as tshark's
 * heuristics find them.
 */
static enum app
by_content(struct ct_cap_pkt *k, const struct ct_cap_tcp_key *key,
	   const struct ct_cap_tcp_key *rev, const uint8_t *p, size_t n)
{
	unsigned id = ct_cap_tcp_app_of(k->rs, key), back;

	if (id)
		return (enum app)id;
	if (ct_cap_tcp_known(k->rs, key) || ct_sip_sniff(p, n))
		return APP_SIP;
	if (!n)
		return APP_NONE;
	back = ct_cap_tcp_app_of(k->rs, rev);
	if (ct_http2_sniff(p, n) || (back == APP_HTTP2 && ct_http2_frame_len(p, n) != (size_t)-1))
		return APP_HTTP2;
	if (ct_http1_sniff(p, n))
		return APP_SBI;
	if (ct_ipa_sniff(p, n))
		return APP_IPA;
	return APP_NONE;
}

/* Whether the profile reads TCP port p as the SBI (capture.sbi_ports). */
static int
sbi_port(const struct ct_cap_pkt *k, unsigned p)
{
	return k->sbi_port && p < 65536 && (k->sbi_port[p / 8] >> (p % 8) & 1);
}

/*
 * A TCP flow on a port the profile reads as the SBI: the one it was
 * followed as; else HTTP/1.1 from a segment with a start line, HTTP/2 from
 * one that starts with the preface or a frame header RFC 9113 allows. Not
 * the whole frames with a complete header block that content alone needs
 * (by_content): a capture begun mid-connection, whose first segments carry
 * a header block in CONTINUATION frames or a frame cut by the segment's
 * end, is read from its first message rather than from the first segment
 * that happens to pass that test.
 */
static enum app
by_sbi_port(struct ct_cap_pkt *k, const struct ct_cap_tcp_key *key, const uint8_t *p, size_t n)
{
	unsigned id = ct_cap_tcp_app_of(k->rs, key);

	if (id)
		return (enum app)id;
	if (!n)
		return APP_NONE;
	if (ct_http1_sniff(p, n))
		return APP_SBI;
	if (ct_http2_starts(p, n))
		return APP_HTTP2;
	return APP_NONE;
}

/*
 * TCP (RFC 9293 §3.1):
 *   | src port (2) | dst port (2) | seq (4) | ack (4) | offset(4) rsv(4) | flags (1) | ...
 * A flow of a stream protocol (by port, or SIP found by content in its
 * first bytes) goes to the transport state, which puts it in order and
 * hands over whole messages (capture_reasm.c). In DECODE, the stage has
 * done that: the segment itself is left.
 */
static void
tcp(struct ct_cap_pkt *k, struct ct_cur *c)
{
	struct ct_cap_tcp_key key;
	struct ct_cap_tcp_app ta;
	struct tcp_deliver td;
	const uint8_t *p;
	uint32_t seq;
	uint8_t doff, fl;
	enum app app;
	size_t left;

	k->sport = ct_cur_be16(c);
	k->dport = ct_cur_be16(c);
	seq = ct_cur_be32(c);
	ct_cur_skip(c, 4);
	doff = (uint8_t)(ct_cur_u8(c) >> 4);
	fl = ct_cur_u8(c);
	ct_cur_skip(c, 6);
	if (!ct_cur_ok(c) || doff < 5 || k->mode == CT_CAP_MODE_DECODE)
		return;
	ct_cur_skip(c, (size_t)(doff - 5) * 4);
	if (!ct_cur_ok(c))
		return;
	left = ct_cur_left(c);
	p = ct_cur_bytes(c, left);
	memset(&key, 0, sizeof(key));
	key.src = k->src;
	key.dst = k->dst;
	key.sport = (uint16_t)k->sport;
	key.dport = (uint16_t)k->dport;
	memset(&td.rev, 0, sizeof(td.rev));
	td.rev.src = k->dst;
	td.rev.dst = k->src;
	td.rev.sport = (uint16_t)k->dport;
	td.rev.dport = (uint16_t)k->sport;
	app = by_port(k->sport, k->dport, 6);
	if (app == APP_NONE && (sbi_port(k, k->sport) || sbi_port(k, k->dport)))
		app = by_sbi_port(k, &key, p, left);
	if (app == APP_NONE)
		app = by_content(k, &key, &td.rev, p, left);
	if (app == APP_NONE)
		return;
	td.k = k;
	td.app = app;
	td.key = key;
	switch (app) {
	case APP_DIAMETER: ta.frame_len = ct_diameter_frame_len; break;
	case APP_IPA: ta.frame_len = ct_ipa_frame_len; break;
	case APP_H225: ta.frame_len = ct_tpkt_frame_len; break;
	case APP_HTTP2: ta.frame_len = ct_http2_frame_len; break;
	case APP_SBI: ta.frame_len = ct_http1_frame_len; break;
	default: ta.frame_len = ct_sip_frame_len; break;
	}
	ta.deliver = tcp_deliver;
	ta.arg = &td;
	ta.id = app;
	if (left)
		held(k);
	ct_cap_tcp_segment(k->rs, &key, k->sec, seq,
			   (fl & 0x01 ? CT_TCP_FIN : 0) | (fl & 0x02 ? CT_TCP_SYN : 0) |
			   (fl & 0x04 ? CT_TCP_RST : 0), p, left, &ta, k->cap->undecoded);
}

/*
 * GRE (RFC 2784 §2.1, key and sequence number RFC 2890 §2):
 *   | C R K S s recur(3) | flags(5) ver(3) | protocol (2) |
 *   [ checksum (2) | offset (2) ]  if C or R   [ key (4) ] if K   [ seq (4) ] if S
 * Version 0 only (1 is PPTP's enhanced GRE); source routing (R, RFC 1701)
 * is not followed. Payloads: IPv4, IPv6, Ethernet (transparent bridging).
 */
static void
gre(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint16_t fl = ct_cur_be16(c), proto = ct_cur_be16(c);

	if (!ct_cur_ok(c)) {
		undec(k, CT_UNDEC_TRUNCATED);
		return;
	}
	if ((fl & 0x0007) != 0 || (fl & 0x4000)) {
		undec(k, CT_UNDEC_GRE_UNSUPPORTED);
		return;
	}
	if (fl & 0x8000)
		ct_cur_skip(c, 4);
	if (fl & 0x2000)
		ct_cur_skip(c, 4);
	if (fl & 0x1000)
		ct_cur_skip(c, 4);
	if (!ct_cur_ok(c)) {
		undec(k, CT_UNDEC_TRUNCATED);
		return;
	}
	switch (proto) {
	case 0x0800: ip_payload(k, 0, 0x100, c); break;
	case 0x86dd: ip_payload(k, 1, 0x100, c); break;
	case 0x6558: ethernet(k, c); break;
	default: undec(k, CT_UNDEC_GRE_UNSUPPORTED); break;
	}
}

static void
transport(struct ct_cap_pkt *k, int proto, struct ct_cur *c)
{
	switch (proto) {
	case 17: udp(k, c); break;
	case 132: sctp(k, c); break;
	case 6: tcp(k, c); break;
	case 47: gre(k, c); break;
	case 50: undec(k, CT_UNDEC_CIPHERED); break; /* ESP (RFC 4303): IPsec, e.g. VoLTE Gm */
	default: break;
	}
}

/*
 * A datagram put together from its fragments: on through its upper
 * protocol now (ALL), or as a unit for the workers, after the stage has
 * seen its inside (STAGE: fragments, TCP or SCTP in it). Owns buf.
 */
static void
datagram(struct ct_cap_pkt *k, int v6, uint8_t proto, uint8_t *buf, size_t n)
{
	struct ct_cur c;

	ct_cur_init(&c, buf, n);
	if (k->mode == CT_CAP_MODE_STAGE) {
		struct ct_cap_unit u, *outer = k->unit;
		unsigned nchunk = k->nchunk;

		unit_of(k, CT_UNIT_DATAGRAM, proto, &u);
		u.sport = u.dport = 0;
		k->unit = &u;
		k->nchunk = 0;
		ip_payload(k, v6, proto, &c);
		if (u.kind == CT_UNIT_DATAGRAM)
			k->emit(k->emit_arg, &u, k, buf, n);
		k->unit = outer;
		k->nchunk = nchunk;
	} else {
		k->nchunk = 0;
		ip_payload(k, v6, proto, &c);
	}
	free(buf);
}

/* One fragment (ALL, STAGE): to the state; the datagram when complete. */
static void
fragment(struct ct_cap_pkt *k, int v6, uint8_t proto, uint32_t id, size_t off, int more,
	 struct ct_cur *c, int cut)
{
	struct ct_cap_frag_key key;
	uint8_t *out, oproto;
	size_t n = ct_cur_left(c), outlen;

	held(k);
	if (k->mode == CT_CAP_MODE_DECODE)
		return;
	if (cut) {
		/* The snap length cut the fragment: its bytes are not all there. */
		k->cap->undecoded[CT_UNDEC_TRUNCATED]++;
		return;
	}
	memset(&key, 0, sizeof(key));
	key.src = k->src;
	key.dst = k->dst;
	key.version = v6 ? 6 : 4;
	key.proto = v6 ? 0 : proto;
	key.id = id;
	if (ct_cap_frag_add(k->rs, &key, k->sec, off, ct_cur_bytes(c, n), n, more, proto,
			    k->cap->undecoded, &out, &outlen, &oproto))
		datagram(k, v6, oproto, out, outlen);
}

/*
 * IPv4 (RFC 791 §3.1):
 *   | ver/IHL | TOS | total length | id | flags/frag offset | TTL | proto | csum | src | dst |
 */
static void
ipv4(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint8_t vihl = ct_cur_u8(c), proto;
	uint16_t total, frag, id;
	const uint8_t *a, *b;
	size_t ihl = (size_t)(vihl & 0x0f) * 4;
	struct ct_cur body;
	int cut = 0;

	ct_cur_skip(c, 1);
	total = ct_cur_be16(c);
	id = ct_cur_be16(c);
	frag = ct_cur_be16(c);
	ct_cur_skip(c, 1);
	proto = ct_cur_u8(c);
	ct_cur_skip(c, 2);
	a = ct_cur_bytes(c, 4);
	b = ct_cur_bytes(c, 4);
	if (!ct_cur_ok(c) || (vihl >> 4) != 4 || ihl < 20 || total < ihl)
		return;
	ct_cur_skip(c, ihl - 20);
	if (!ct_cur_ok(c))
		return;
	/* Whole: the flow keys compare the addresses as bytes, and an
	 * IPv6 packet before would leave its last twelve behind. */
	memset(&k->src, 0, sizeof(k->src));
	memset(&k->dst, 0, sizeof(k->dst));
	k->src.len = k->dst.len = 4;
	memcpy(k->src.a, a, 4);
	memcpy(k->dst.a, b, 4);
	if (total - ihl > ct_cur_left(c)) {
		/* Snap length cut the datagram: decode what is there (the
		 * decoders report truncation themselves). */
		ct_cur_sub(c, ct_cur_left(c), &body);
		cut = 1;
	} else {
		ct_cur_sub(c, total - ihl, &body);
	}
	if (frag & 0x3fff) {
		/* More fragments (0x2000), or not the first (offset in 8 octets). */
		fragment(k, 0, proto, id, (size_t)(frag & 0x1fff) * 8, (frag & 0x2000) != 0, &body, cut);
		return;
	}
	transport(k, proto, &body);
}

/*
 * IPv6 extension headers (RFC 8200 §4): hop-by-hop 0, routing 43,
 * destination 60: | next | length in 8-octet units, not counting the first | ...;
 * AH 51 (RFC 4302); fragment 44 (§4.5):
 *   | next (1) | reserved (1) | offset (13 bits) res (2) M (1) | identification (4) |
 */
static void
ipv6_next(struct ct_cap_pkt *k, uint8_t next, struct ct_cur *body)
{
	for (int i = 0; i < MAX_V6_EXT; i++) {
		uint8_t nx, hl;
		uint16_t off;
		uint32_t id;

		switch (next) {
		case 0: case 43: case 60:
			nx = ct_cur_u8(body);
			hl = ct_cur_u8(body);
			ct_cur_skip(body, (size_t)hl * 8 + 6);
			next = nx;
			continue;
		case 51:
			nx = ct_cur_u8(body);
			hl = ct_cur_u8(body);
			ct_cur_skip(body, ((size_t)hl + 2) * 4 - 2);
			next = nx;
			continue;
		case 44:
			nx = ct_cur_u8(body);
			ct_cur_skip(body, 1);
			off = ct_cur_be16(body);
			id = ct_cur_be32(body);
			if (!ct_cur_ok(body))
				return;
			if ((off & 0xfff9) == 0) {
				/* An atomic fragment (offset 0, M 0, RFC 8021): whole. */
				next = nx;
				continue;
			}
			fragment(k, 1, nx, id, off & 0xfff8, off & 1, body, 0);
			return;
		default:
			if (ct_cur_ok(body))
				transport(k, next, body);
			return;
		}
	}
}

/* IPv6 (RFC 8200 §3): | ver/class/flow (4) | payload length (2) | next (1) | hops (1) | src (16) | dst (16) | */
static void
ipv6(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint32_t vcf = ct_cur_be32(c);
	uint16_t plen = ct_cur_be16(c);
	uint8_t next = ct_cur_u8(c);
	const uint8_t *a, *b;
	struct ct_cur body;

	ct_cur_skip(c, 1);
	a = ct_cur_bytes(c, 16);
	b = ct_cur_bytes(c, 16);
	if (!ct_cur_ok(c) || (vcf >> 28) != 6)
		return;
	k->src.len = k->dst.len = 16;
	memcpy(k->src.a, a, 16);
	memcpy(k->dst.a, b, 16);
	ct_cur_sub(c, plen < ct_cur_left(c) ? plen : ct_cur_left(c), &body);
	ipv6_next(k, next, &body);
}

/* By the first nibble, where the link or tunnel says only "IP". */
static void
ip_any(struct ct_cap_pkt *k, struct ct_cur *c)
{
	const uint8_t *p = ct_cur_left(c) ? ct_cur_bytes(c, 0) : NULL;

	if (p && (p[0] >> 4) == 4)
		ip_payload(k, 0, 0x100, c);
	else if (p && (p[0] >> 4) == 6)
		ip_payload(k, 1, 0x100, c);
}

/*
 * An IP packet from its header (proto 0x100), or the payload of one put
 * together (proto: its upper protocol). Tunnels nest here: at most
 * MAX_TUNNELS deep, so hostile nesting cannot exhaust the stack.
 */
static void
ip_payload(struct ct_cap_pkt *k, int v6, unsigned proto, struct ct_cur *c)
{
	if (k->depth >= MAX_TUNNELS) {
		undec(k, CT_UNDEC_UNSUPPORTED);
		return;
	}
	k->depth++;
	if (proto == 0x100)
		v6 ? ipv6(k, c) : ipv4(k, c);
	else if (v6)
		ipv6_next(k, (uint8_t)proto, c);
	else
		transport(k, (int)proto, c);
	k->depth--;
}

/*
 * PPPoE session stage (RFC 2516 §4, ethertype 0x8864):
 *   | ver(4) type(4) | code (1) | session id (2) | length (2) | PPP protocol (2) | ...
 * Discovery (0x8863) sets the session up and carries no user's packet.
 */
static void
pppoe(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint8_t vt = ct_cur_u8(c), code = ct_cur_u8(c);
	uint16_t len, proto;
	struct ct_cur body;

	ct_cur_skip(c, 2);
	len = ct_cur_be16(c);
	if (!ct_cur_ok(c) || vt != 0x11 || code != 0 || len < 2) {
		undec(k, ct_cur_ok(c) ? CT_UNDEC_MALFORMED : CT_UNDEC_TRUNCATED);
		return;
	}
	ct_cur_sub(c, len < ct_cur_left(c) ? len : ct_cur_left(c), &body);
	proto = ct_cur_be16(&body);
	if (!ct_cur_ok(&body))
		undec(k, CT_UNDEC_TRUNCATED);
	else if (proto == 0x0021)
		ip_payload(k, 0, 0x100, &body);
	else if (proto == 0x0057)
		ip_payload(k, 1, 0x100, &body);
	else
		undec(k, CT_UNDEC_PPP_NOT_IP);
}

/*
 * MPLS (RFC 3032 §2.1): label stack entries of | label (20) | TC (3) |
 * S (1) | TTL (8) |, the last with S set; what follows has no type of its
 * own (RFC 3032 §2.2): IP by its version nibble, other payloads (pseudo-
 * wires) are not read.
 */
static void
mpls(struct ct_cap_pkt *k, struct ct_cur *c)
{
	struct ct_cur peek;
	uint32_t entry = 0;
	uint8_t v;

	for (int i = 0; i < MAX_MPLS_LABELS && !(entry & 0x100); i++)
		entry = ct_cur_be32(c);
	if (!ct_cur_ok(c) || !(entry & 0x100)) {
		undec(k, ct_cur_ok(c) ? CT_UNDEC_MALFORMED : CT_UNDEC_TRUNCATED);
		return;
	}
	peek = *c;
	v = (uint8_t)(ct_cur_u8(&peek) >> 4);
	if (v == 4)
		ip_payload(k, 0, 0x100, c);
	else if (v == 6)
		ip_payload(k, 1, 0x100, c);
}

static void
network(struct ct_cap_pkt *k, unsigned ethertype, struct ct_cur *c)
{
	switch (ethertype) {
	case 0x0800: ip_payload(k, 0, 0x100, c); break;
	case 0x86dd: ip_payload(k, 1, 0x100, c); break;
	case 0x8847: /* MPLS unicast, RFC 3032 §5 */
	case 0x8848: mpls(k, c); break; /* multicast */
	case 0x8864: pppoe(k, c); break;
	case 0x8863: undec(k, CT_UNDEC_PPP_NOT_IP); break;
	default: break;
	}
}

/* Ethernet II: | dst (6) | src (6) | type (2) |, 802.1Q / 802.1ad tags before the type. */
static void
ethernet(struct ct_cap_pkt *k, struct ct_cur *c)
{
	unsigned et;

	ct_cur_skip(c, 12);
	et = ct_cur_be16(c);
	for (int i = 0; i < MAX_VLAN_TAGS && (et == 0x8100 || et == 0x88a8 || et == 0x9100); i++) {
		ct_cur_skip(c, 2);
		et = ct_cur_be16(c);
	}
	if (ct_cur_ok(c))
		network(k, et, c);
}

/* An E1 Abis link's frame (LINKTYPE_LINUX_LAPD): a 16-octet pseudo-header
 * (| packet type (2) | ARPHRD (2) | address length (2) | address (8) |
 * protocol (2) |, as Linux cooked capture's), then the LAPD frame. */
static void
lapd_link(struct ct_cap_pkt *k, const uint8_t *p, size_t len)
{
	if (k->mode == CT_CAP_MODE_STAGE)
		return; /* no transport state: decoded by the decoding pass */
	ct_dissect_reuse(&k->d);
	if (len < 16) {
		undec(k, CT_UNDEC_TRUNCATED);
		return;
	}
	ct_cap_record(k, ct_decode_lapd(p + 16, len - 16, &k->d));
}

/* An SS7 link's frame (no IP): MTP2 signal units or MTP3 messages. */
static void
ss7_link(struct ct_cap_pkt *k, int dlt, const uint8_t *p, size_t len)
{
	enum ct_mtp3_variant v = CT_CAP_MTP3_OF(k->flags);
	enum ct_dec_status st;

	/* Decoded (and counted) by the decoding pass; the stage only looks
	 * for SCCP segments (k->d's hook) and hands their messages on after
	 * the frame (ct_cap_one_packet). */
	ct_dissect_reuse(&k->d);
	if (dlt == 139 && len < 4) {
		undec(k, CT_UNDEC_TRUNCATED);
		return;
	}
	if (dlt == 141)
		st = ct_decode_mtp3(p, len, v, &k->d);
	else
		st = dlt == 139 ? ct_decode_mtp2(p + 4, len - 4, v, &k->d)
				: ct_decode_mtp2(p, len, v, &k->d);
	if (k->mode == CT_CAP_MODE_STAGE)
		return;
	ct_cap_record(k, st);
	ct_cap_sccp_flush(k);
}

/* An HTTP/2 stream of an exported PDU: a message for the SBI decoder. */
static void
exported_h2_emit(void *arg, const struct ct_http2_mark *at, const uint8_t *p, size_t n)
{
	decode_app(arg, APP_SBI, p, n);
}

/* The protocol names of exported PDUs (Wireshark's dissector names) and
 * the decoder each goes to. */
static const struct ct_name exported_apps[] = {
	{ APP_SIP, "sip" },         { APP_DIAMETER, "diameter" }, { APP_S1AP, "s1ap" },
	{ APP_NGAP, "ngap" },       { APP_GTPC, "gtpv2" },        { APP_GTPC, "gtp" },
	{ APP_PFCP, "pfcp" },       { APP_GSMTAP, "gsmtap" },     { APP_M3UA, "m3ua" },
	{ APP_SBI, "http" },        { APP_HTTP2, "http2" },       { APP_NAS_EPS, "nas-eps" },
	{ APP_NAS_5GS, "nas-5gs" }, { APP_HNBAP, "hnbap" },       { APP_RUA, "rua" },
	{ APP_NBAP, "nbap" },       { APP_SUA, "sua" },
	{ 0, NULL }
};

/*
 * LINKTYPE_WIRESHARK_UPPER_PDU (252): one PDU and the tags naming its
 * protocol and endpoints (exported_pdu.c). Each PDU stands alone: an
 * HTTP/2 one is read with a header table of its own (what an earlier PDU
 * of the connection added to the peer's table is not known), its frames
 * whole in it. "ip" goes down the IP path (the stage too must see it);
 * the others are stateless, decoded by the decoding pass. A name no
 * decoder here reads is counted as unsupported, the name in the message.
 */
static void
exported(struct ct_cap_pkt *k, const uint8_t *p, size_t len)
{
	struct ct_exported_pdu h;
	enum ct_dec_status st = ct_exported_pdu_header(p, len, &h);
	const uint8_t *pdu;
	size_t n;
	int app;

	if (st != CT_DEC_OK) {
		undec(k, st == CT_DEC_TRUNCATED ? CT_UNDEC_TRUNCATED : CT_UNDEC_MALFORMED);
		return;
	}
	pdu = p + h.payload;
	n = len - h.payload;
	if (!strcmp(h.proto, "ip")) {
		struct ct_cur c;

		ct_cur_init(&c, pdu, n);
		ip_any(k, &c);
		return;
	}
	if (k->mode == CT_CAP_MODE_STAGE)
		return;
	k->src.len = h.src_len;
	memcpy(k->src.a, h.src, sizeof(h.src));
	k->dst.len = h.dst_len;
	memcpy(k->dst.a, h.dst, sizeof(h.dst));
	k->sport = h.sport;
	k->dport = h.dport;
	app = ct_value_of(exported_apps, h.proto);
	if (app == APP_HTTP2) {
		struct ct_http2_dir *dir = ct_http2_dir_new();
		struct ct_http2_mark mark = { k->frame, k->sec, k->usec };
		size_t at = 0;

		while (dir && at < n) {
			size_t m = ct_http2_frame_len(pdu + at, n - at);

			if (m == 0 || m == (size_t)-1) {
				undec(k, m == 0 ? CT_UNDEC_TRUNCATED : CT_UNDEC_MALFORMED);
				break;
			}
			st = ct_http2_frame(dir, NULL, &mark, pdu + at, m, exported_h2_emit, k);
			if (st != CT_DEC_OK)
				undec(k, st == CT_DEC_TRUNCATED ? CT_UNDEC_TRUNCATED : CT_UNDEC_MALFORMED);
			at += m;
		}
		if (dir)
			ct_http2_flush(dir, NULL, exported_h2_emit, k);
		ct_http2_dir_free(dir);
		return;
	}
	if (app > 0) {
		decode_app(k, (enum app)app, pdu, n);
		return;
	}
	ct_dissect_reuse(&k->d);
	k->d.protocol = "exported-pdu";
	ct_dissect_set_message(&k->d, h.proto);
	ct_cap_record(k, CT_DEC_UNSUPPORTED);
}

/* A user link type's frame: to the decoder of what the profile says it
 * carries (decode.h ct_decode_user). */
static void
user_link(struct ct_cap_pkt *k, const uint8_t *p, size_t len)
{
	/* No transport state: decoded (and counted) by the decoding pass. */
	if (k->mode == CT_CAP_MODE_STAGE)
		return;
	if (k->user == CT_USER_NONE) {
		undec(k, CT_UNDEC_USER_DLT_UNMAPPED);
		return;
	}
	ct_dissect_reuse(&k->d);
	ct_cap_record(k, ct_decode_user((enum ct_user_carrier)k->user, p, len, &k->d));
}

static void
packet(struct ct_cap_pkt *k, int dlt, const uint8_t *p, size_t len)
{
	struct ct_cur c;
	unsigned et;
	uint32_t fam;

	ct_cur_init(&c, p, len);
	switch (dlt) {
	case DLT_EN10MB:
		ethernet(k, &c);
		break;
	case DLT_LINUX_SLL:
		/* | packet type (2) | ARPHRD (2) | addr len (2) | addr (8) | protocol (2) | */
		ct_cur_skip(&c, 14);
		et = ct_cur_be16(&c);
		if (ct_cur_ok(&c))
			network(k, et, &c);
		break;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2:
		/* | protocol (2) | reserved (2) | ifindex (4) | ARPHRD (2) | type (1) | addr len (1) | addr (8) | */
		et = ct_cur_be16(&c);
		ct_cur_skip(&c, 18);
		if (ct_cur_ok(&c))
			network(k, et, &c);
		break;
#endif
	case DLT_NULL:
	case DLT_LOOP:
		/* A 4-byte address family: host order for NULL (the capturing
		 * machine's), network order for LOOP. AF_INET is 2 everywhere;
		 * AF_INET6 is 10 (Linux), 24, 28 or 30 (the BSDs, macOS). */
		fam = ct_cur_be32(&c);
		if (dlt == DLT_NULL && (fam & 0xffff) == 0)
			fam = ((fam >> 24) & 0xff) | ((fam >> 8) & 0xff00);
		if (!ct_cur_ok(&c))
			break;
		if (fam == 2)
			ip_payload(k, 0, 0x100, &c);
		else if (fam == 10 || fam == 24 || fam == 28 || fam == 30)
			ip_payload(k, 1, 0x100, &c);
		break;
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
	case DLT_IPV6:
#endif
		ip_any(k, &c);
		break;
	case 139: /* LINKTYPE_MTP2_WITH_PHDR: sent, annex A, link number (4 octets) */
	case 140: /* LINKTYPE_MTP2 */
	case 141: /* LINKTYPE_MTP3 */
		ss7_link(k, dlt, p, len);
		break;
	case 177: /* LINKTYPE_LINUX_LAPD */
		lapd_link(k, p, len);
		break;
	case 252: /* LINKTYPE_WIRESHARK_UPPER_PDU */
		exported(k, p, len);
		break;
	default:
		if (dlt >= CT_USER_DLT_FIRST && dlt < CT_USER_DLT_FIRST + CT_USER_DLT_COUNT) {
			user_link(k, p, len);
			break;
		}
		undec(k, CT_UNDEC_UNSUPPORTED);
		break;
	}
}

/* One packet of the file. */
int
ct_cap_time_check(const struct pcap_pkthdr *h, char *ebuf, size_t n)
{
	long long sec = (long long)h->ts.tv_sec + (long long)((uint32_t)h->ts.tv_usec / 1000000);

	if (sec >= 0 && sec <= CT_TIME_MAX)
		return 0;
	snprintf(ebuf, n, "time %lld s since 1970 %s", sec, CT_TIME_RANGE_WHY);
	return -1;
}

static void
packet_start(struct ct_cap_pkt *k, uint64_t frame, int64_t sec, int32_t usec)
{
	/* A record's ts_usec is unsigned and meant to be below 10^6, but
	 * libpcap passes on whatever the file holds (and scales a nanosecond
	 * file's the same way): whole seconds in it are carried over, so a
	 * time is always well formed (never "23:59:59.-00001"). */
	uint32_t u = (uint32_t)usec;

	k->frame = frame;
	k->sec = sec + u / 1000000;
	k->usec = (int32_t)(u % 1000000);
	k->src.len = k->dst.len = 0;
	k->sport = k->dport = 0;
	k->sctp = 0;
	k->teid = 0;
	k->nchunk = 0;
}

void
ct_cap_one_packet(struct ct_cap_pkt *k, int dlt, uint64_t frame, int64_t sec, int32_t usec,
		  const uint8_t *data, size_t caplen)
{
	struct ct_cap_unit u;

	k->cap->packets++;
	packet_start(k, frame, sec, usec);
	if (k->mode == CT_CAP_MODE_STAGE) {
		memset(&u, 0, sizeof(u));
		u.kind = CT_UNIT_FRAME;
		k->unit = &u;
		packet(k, dlt, data, caplen);
		/* A frame the state took is only counted by the workers: its
		 * bytes are not copied to them. */
		k->emit(k->emit_arg, &u, k, data, u.kind == CT_UNIT_HELD ? 0 : caplen);
		k->unit = NULL;
		ct_cap_sccp_flush(k); /* after the frame whose segment completed them */
		return;
	}
	packet(k, dlt, data, caplen);
}

void
ct_cap_one_unit(struct ct_cap_pkt *k, int dlt, const struct ct_cap_unit *u, uint64_t frame,
		int64_t sec, int32_t usec, const uint8_t *data, size_t len)
{
	struct ct_cur c;

	k->unit = (struct ct_cap_unit *)(uintptr_t)u; /* read only in DECODE */
	switch (u->kind) {
	case CT_UNIT_FRAME:
		ct_cap_one_packet(k, dlt, frame, sec, usec, data, len);
		break;
	case CT_UNIT_HELD:
		k->cap->packets++;
		break;
	case CT_UNIT_DATAGRAM:
		packet_start(k, frame, sec, usec);
		k->src = u->src;
		k->dst = u->dst;
		k->teid = u->teid;
		ct_cur_init(&c, data, len);
		ip_payload(k, u->src.len == 16, u->proto, &c);
		break;
	case CT_UNIT_STREAM:
	case CT_UNIT_SCTP_MSG:
		packet_start(k, frame, sec, usec);
		k->src = u->src;
		k->dst = u->dst;
		k->sport = u->sport;
		k->dport = u->dport;
		k->teid = u->teid;
		k->sctp = u->kind == CT_UNIT_SCTP_MSG;
		decode_app(k, (enum app)u->proto, data, len);
		break;
	case CT_UNIT_SCCP_MSG:
		packet_start(k, frame, sec, usec);
		k->src = u->src;
		k->dst = u->dst;
		k->sport = u->sport;
		k->dport = u->dport;
		k->teid = u->teid;
		ct_dissect_reuse(&k->d);
		ct_cap_record(k, ct_decode_sccp_data(data, len, u->proto, &k->d));
		break;
	default:
		break;
	}
	k->unit = NULL;
}
