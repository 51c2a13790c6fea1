/*
 * capture_demux.c — one frame of a capture down through its link layer,
 * IP and transport headers to the decoder of the signalling message it
 * carries (decode.h); each decoded message goes to ct_cap_record.
 *
 *   frame --> link layer ------> IPv4 / IPv6 -----> UDP  4729 GSMTAP
 *             EN10MB (+VLAN)     (fragments:        |    2123 GTPv2-C
 *             LINUX_SLL, SLL2     not reassembled)  |    5060 SIP, 3868 Diameter
 *             RAW, IPV4, IPV6                       SCTP DATA / I-DATA chunks:
 *             NULL, LOOP                            |    PPID 18 or 36412 S1AP
 *                                                   |    PPID 60 or 38412 NGAP
 *                                                   |    PPID 46/47 or 3868 Diameter
 *                                                   |    PPID 3 or 2905 M3UA, 2 or 2904 M2UA,
 *                                                   |    5 or 3565 M2PA (SS7: MTP3, SCCP ...)
 *                                                   |    PPID 4 or 14001 SUA (not decoded)
 *                                                   TCP  3868 Diameter, 5060 SIP
 *                                                        (whole messages in one segment)
 *
 * Every header is read through the bounds-checked cursor (cursor.h).
 * Link-layer types: libpcap's LINKTYPE_ETHERNET (IEEE 802.3, 802.1Q /
 * 802.1ad tags), LINKTYPE_LINUX_SLL and LINUX_SLL2 (Linux cooked capture),
 * LINKTYPE_RAW, IPV4 and IPV6 (bare IP), LINKTYPE_NULL and LOOP (BSD
 * loopback: a 4-byte address family), LINKTYPE_MTP2 and MTP2_WITH_PHDR
 * (SS7 links, Q.703) and LINKTYPE_MTP3 (the MTP3 message alone); the MTP3
 * variant is the capture's flags' (CT_CAP_MTP3, from the profile). Header layouts: IPv4 RFC 791, IPv6
 * RFC 8200, UDP RFC 768, TCP RFC 9293, SCTP RFC 9260 §3 (DATA chunk
 * §3.3.1), I-DATA RFC 8260 §2.1. Ports and PPIDs: IANA, 3GPP TS 29.274
 * §4.4.2.1, RFC 3261 §18.1, RFC 6733 §2.1, TS 36.412 §7, TS 38.412 §7.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "capture_int.h"
#include "celltriage/decode.h"

#define MAX_VLAN_TAGS 4     /* QinQ and a little more */
#define MAX_V6_EXT 8        /* extension headers followed before giving up */
#define MAX_SCTP_CHUNKS 64  /* per packet */
#define MAX_TCP_MSGS 64     /* per segment */

enum app { APP_NONE, APP_GSMTAP, APP_GTPV2, APP_SIP, APP_DIAMETER, APP_S1AP, APP_NGAP,
	   APP_M3UA, APP_M2UA, APP_M2PA, APP_SUA };

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

static void
decode_app(struct ct_cap_pkt *k, enum app app, const uint8_t *p, size_t len)
{
	enum ct_dec_status st;

	ct_dissect_reuse(&k->d);
	switch (app) {
	case APP_GSMTAP:
		st = ct_decode_gsmtap(p, len, &k->d);
		k->cap->phone_side++;
		break;
	case APP_GTPV2: st = ct_decode_gtpv2(p, len, &k->d); break;
	case APP_SIP: st = ct_decode_sip(p, len, &k->d); break;
	case APP_DIAMETER: st = ct_decode_diameter(p, len, &k->d); break;
	case APP_S1AP: st = ct_decode_s1ap(p, len, &k->d); break;
	case APP_NGAP: st = ct_decode_ngap(p, len, &k->d); break;
	case APP_M3UA: st = ct_decode_m3ua(p, len, CT_CAP_MTP3_OF(k->flags), &k->d); break;
	case APP_M2UA: st = ct_decode_m2ua(p, len, CT_CAP_MTP3_OF(k->flags), &k->d); break;
	case APP_M2PA: st = ct_decode_m2pa(p, len, CT_CAP_MTP3_OF(k->flags), &k->d); break;
	case APP_SUA: /* RFC 3868: SCCP's users without SCCP, not decoded */
		k->d.protocol = "sua";
		st = CT_DEC_UNSUPPORTED;
		break;
	default: return;
	}
	ct_cap_record(k, st);
}

static enum app
by_port(unsigned sport, unsigned dport, int proto)
{
	unsigned ports[2] = { dport, sport };

	for (int i = 0; i < 2; i++) {
		switch (ports[i]) {
		case 4729: if (proto == 17) return APP_GSMTAP; break;  /* IANA gsmtap */
		case 2123: if (proto == 17) return APP_GTPV2; break;   /* TS 29.274 §4.4.2.1 GTP-C */
		case 5060: if (proto != 132) return APP_SIP; break;    /* RFC 3261 §18.1 */
		case 3868: return APP_DIAMETER;                        /* RFC 6733 §2.1 */
		case 36412: if (proto == 132) return APP_S1AP; break;  /* TS 36.412 §7 */
		case 38412: if (proto == 132) return APP_NGAP; break;  /* TS 38.412 §7 */
		case 2905: if (proto == 132) return APP_M3UA; break;   /* RFC 4666 §1.4.8 */
		case 2904: if (proto == 132) return APP_M2UA; break;   /* RFC 3331 §1.5 */
		case 3565: if (proto == 132) return APP_M2PA; break;   /* RFC 4165 §1.5 */
		case 14001: if (proto == 132) return APP_SUA; break;   /* RFC 3868 §1.8 */
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
	default: return APP_NONE;
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

	k->sport = ct_cur_be16(c);
	k->dport = ct_cur_be16(c);
	ct_cur_skip(c, 8);
	k->sctp = 1;
	while (ct_cur_ok(c) && ct_cur_left(c) >= 4 && n++ < MAX_SCTP_CHUNKS) {
		uint8_t type = ct_cur_u8(c), fl = ct_cur_u8(c);
		uint16_t clen = ct_cur_be16(c);
		struct ct_cur ch;
		size_t hdr = type == 64 ? 20 : 16, body, pad;

		if (clen < 4) {
			k->cap->undecoded[CT_UNDEC_MALFORMED]++;
			return;
		}
		if ((size_t)clen - 4 > ct_cur_left(c)) {
			if (type == 0 || type == 64)
				k->cap->undecoded[CT_UNDEC_TRUNCATED]++;
			return;
		}
		ct_cur_sub(c, clen - 4u, &ch);
		pad = (4 - clen % 4) % 4;  /* the last chunk's padding may be absent */
		ct_cur_skip(c, pad < ct_cur_left(c) ? pad : ct_cur_left(c));
		if (type != 0 && type != 64)
			continue;
		if (clen < hdr) {
			k->cap->undecoded[CT_UNDEC_MALFORMED]++;
			continue;
		}
		if ((fl & 0x03) != 0x03) {
			/* Not both B(eginning) and E(nd): a fragment of a user message. */
			k->cap->undecoded[CT_UNDEC_NOT_REASSEMBLED]++;
			continue;
		}
		{
			uint32_t ppid;
			enum app app;
			const uint8_t *data;

			ct_cur_skip(&ch, hdr - 8);
			ppid = ct_cur_be32(&ch);
			body = clen - hdr;
			data = ct_cur_bytes(&ch, body);
			app = by_ppid(ppid);
			if (app == APP_NONE)
				app = by_port(k->sport, k->dport, 132);
			if (data && app != APP_NONE)
				decode_app(k, app, data, body);
		}
	}
}

static void
udp(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint16_t ulen;
	enum app app;
	size_t n;

	k->sport = ct_cur_be16(c);
	k->dport = ct_cur_be16(c);
	ulen = ct_cur_be16(c);
	ct_cur_skip(c, 2);
	if (!ct_cur_ok(c))
		return;
	app = by_port(k->sport, k->dport, 17);
	if (app == APP_NONE)
		return;
	n = ct_cur_left(c);
	if (ulen >= 8 && (size_t)ulen - 8 < n)
		n = (size_t)ulen - 8;  /* Ethernet padding after the datagram */
	else if (ulen >= 8 && (size_t)ulen - 8 > n) {
		k->cap->undecoded[CT_UNDEC_TRUNCATED]++;
		return;
	}
	decode_app(k, app, ct_cur_bytes(c, n), n);
}

/* TCP (RFC 9293 §3.1): messages that start and end inside this segment. */
static void
tcp(struct ct_cap_pkt *k, struct ct_cur *c)
{
	size_t (*frame_len)(const uint8_t *, size_t);
	const uint8_t *p;
	size_t left, off;
	uint8_t doff;
	enum app app;

	k->sport = ct_cur_be16(c);
	k->dport = ct_cur_be16(c);
	ct_cur_skip(c, 8);
	doff = (uint8_t)(ct_cur_u8(c) >> 4);
	ct_cur_skip(c, 7);
	if (!ct_cur_ok(c) || doff < 5)
		return;
	ct_cur_skip(c, (size_t)(doff - 5) * 4);
	app = by_port(k->sport, k->dport, 6);
	left = ct_cur_left(c);
	if (app == APP_NONE || left == 0)
		return;
	frame_len = app == APP_DIAMETER ? ct_diameter_frame_len : ct_sip_frame_len;
	p = ct_cur_bytes(c, left);
	for (unsigned n = 0; p && left && n < MAX_TCP_MSGS; n++) {
		off = frame_len(p, left);
		if (off == 0 || off == (size_t)-1 || off > left) {
			/* A message continued from or into another segment. */
			k->cap->undecoded[CT_UNDEC_NOT_REASSEMBLED]++;
			return;
		}
		decode_app(k, app, p, off);
		p += off;
		left -= off;
	}
}

static void
transport(struct ct_cap_pkt *k, int proto, struct ct_cur *c)
{
	switch (proto) {
	case 17: udp(k, c); break;
	case 132: sctp(k, c); break;
	case 6: tcp(k, c); break;
	case 50: k->cap->undecoded[CT_UNDEC_CIPHERED]++; break; /* ESP (RFC 4303): IPsec, e.g. VoLTE Gm */
	default: break;
	}
}

/*
 * IPv4 (RFC 791 §3.1):
 *   | ver/IHL | TOS | total length | id | flags/frag offset | TTL | proto | csum | src | dst |
 */
static void
ipv4(struct ct_cap_pkt *k, struct ct_cur *c)
{
	uint8_t vihl = ct_cur_u8(c), proto;
	uint16_t total, frag;
	const uint8_t *a, *b;
	size_t ihl = (size_t)(vihl & 0x0f) * 4;
	struct ct_cur body;

	ct_cur_skip(c, 1);
	total = ct_cur_be16(c);
	ct_cur_skip(c, 2);
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
	k->src.len = k->dst.len = 4;
	memcpy(k->src.a, a, 4);
	memcpy(k->dst.a, b, 4);
	if (frag & 0x3fff) {
		/* More fragments, or not the first: reassembly is not done. */
		k->cap->undecoded[CT_UNDEC_NOT_REASSEMBLED]++;
		return;
	}
	if (total - ihl > ct_cur_left(c)) {
		/* Snap length cut the datagram: decode what is there (the
		 * decoders report truncation themselves). */
		ct_cur_sub(c, ct_cur_left(c), &body);
	} else {
		ct_cur_sub(c, total - ihl, &body);
	}
	transport(k, proto, &body);
}

/*
 * IPv6 (RFC 8200 §3): | ver/class/flow (4) | payload length (2) | next (1) | hops (1) | src (16) | dst (16) |
 * then extension headers (§4): hop-by-hop 0, routing 43, destination 60:
 * | next | length in 8-octet units, not counting the first | ...; fragment 44; AH 51 (RFC 4302).
 */
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
	for (int i = 0; i < MAX_V6_EXT; i++) {
		uint8_t nx, hl;

		switch (next) {
		case 0: case 43: case 60:
			nx = ct_cur_u8(&body);
			hl = ct_cur_u8(&body);
			ct_cur_skip(&body, (size_t)hl * 8 + 6);
			next = nx;
			continue;
		case 51:
			nx = ct_cur_u8(&body);
			hl = ct_cur_u8(&body);
			ct_cur_skip(&body, ((size_t)hl + 2) * 4 - 2);
			next = nx;
			continue;
		case 44:
			k->cap->undecoded[CT_UNDEC_NOT_REASSEMBLED]++;
			return;
		default:
			if (ct_cur_ok(&body))
				transport(k, next, &body);
			return;
		}
	}
}

static void
network(struct ct_cap_pkt *k, unsigned ethertype, struct ct_cur *c)
{
	if (ethertype == 0x0800)
		ipv4(k, c);
	else if (ethertype == 0x86dd)
		ipv6(k, c);
}

/* By the first nibble, for link types that carry bare IP. */
static void
raw_ip(struct ct_cap_pkt *k, struct ct_cur *c, const uint8_t *p, size_t len)
{
	if (len && (p[0] >> 4) == 4)
		ipv4(k, c);
	else if (len && (p[0] >> 4) == 6)
		ipv6(k, c);
}

/* An SS7 link's frame (no IP): MTP2 signal units or MTP3 messages. */
static void
ss7_link(struct ct_cap_pkt *k, int dlt, const uint8_t *p, size_t len)
{
	enum ct_mtp3_variant v = CT_CAP_MTP3_OF(k->flags);
	enum ct_dec_status st;

	ct_dissect_reuse(&k->d);
	if (dlt == 139 && len < 4) {
		k->cap->undecoded[CT_UNDEC_TRUNCATED]++;
		return;
	}
	if (dlt == 141)
		st = ct_decode_mtp3(p, len, v, &k->d);
	else
		st = dlt == 139 ? ct_decode_mtp2(p + 4, len - 4, v, &k->d)
				: ct_decode_mtp2(p, len, v, &k->d);
	ct_cap_record(k, st);
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
		/* | dst (6) | src (6) | type (2) |, 802.1Q / 802.1ad tags before the type. */
		ct_cur_skip(&c, 12);
		et = ct_cur_be16(&c);
		for (int i = 0; i < MAX_VLAN_TAGS && (et == 0x8100 || et == 0x88a8 || et == 0x9100); i++) {
			ct_cur_skip(&c, 2);
			et = ct_cur_be16(&c);
		}
		if (ct_cur_ok(&c))
			network(k, et, &c);
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
			ipv4(k, &c);
		else if (fam == 10 || fam == 24 || fam == 28 || fam == 30)
			ipv6(k, &c);
		break;
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
	case DLT_IPV6:
#endif
		raw_ip(k, &c, p, len);
		break;
	case 139: /* LINKTYPE_MTP2_WITH_PHDR: sent, annex A, link number (4 octets) */
	case 140: /* LINKTYPE_MTP2 */
	case 141: /* LINKTYPE_MTP3 */
		ss7_link(k, dlt, p, len);
		break;
	default:
		k->cap->undecoded[CT_UNDEC_UNSUPPORTED]++;
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

void
ct_cap_one_packet(struct ct_cap_pkt *k, int dlt, uint64_t frame, int64_t sec, int32_t usec,
		  const uint8_t *data, size_t caplen)
{
	/* A record's ts_usec is unsigned and meant to be below 10^6, but
	 * libpcap passes on whatever the file holds (and scales a nanosecond
	 * file's the same way): whole seconds in it are carried over, so a
	 * time is always well formed (never "23:59:59.-00001"). */
	uint32_t u = (uint32_t)usec;

	k->cap->packets++;
	k->frame = frame;
	k->sec = sec + u / 1000000;
	k->usec = (int32_t)(u % 1000000);
	k->src.len = k->dst.len = 0;
	k->sport = k->dport = 0;
	k->sctp = 0;
	packet(k, dlt, data, caplen);
}
