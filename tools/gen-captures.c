/*
 * gen-captures.c — writes celltriage's own sample signalling captures, byte
 * by byte from the specifications, through libpcap (pcap_open_dead +
 * pcap_dump). Nothing here is copied from a recorded capture.
 *
 *   usage: gen-captures DIR            the sample captures (tools/gen-captures.sh)
 *          gen-captures --big FILE MB  one large capture for tools/bench.sh:
 *                                      the samples' messages repeated, with
 *                                      known failures planted in every round
 *
 * Layers and the specification each follows:
 *   Ethernet II, IEEE 802.1Q / 802.1ad tags; Linux cooked capture (SLL)
 *   IPv4 RFC 791 (header checksum), IPv6 RFC 8200, UDP RFC 768 (checksum
 *   over the pseudo-header), TCP RFC 9293, SCTP RFC 9260 (DATA chunk,
 *   CRC32c checksum, Appendix A)
 *   S1AP TS 36.413 and NGAP TS 38.413 in ALIGNED PER (ITU-T X.691)
 *   NAS-EPS TS 24.301, 5GS NAS TS 24.501, GTPv2-C TS 29.274, Diameter
 *   RFC 6733 with S6a TS 29.272, SIP RFC 3261 with Reason RFC 3326,
 *   GSMTAP v2 (Osmocom), LAPDm TS 44.006, GSM CC TS 24.008, LTE RRC
 *   TS 36.331 (unaligned PER).
 *   SS7: M3UA RFC 4666 (SCTP PPID 3), MTP2 Q.703 (LINKTYPE_MTP2), MTP3
 *   Q.704 (ITU routing label), SCCP Q.713, BSSMAP TS 48.008, RANAP
 *   TS 25.413 (aligned PER), TCAP Q.773 with MAP TS 29.002 (BER), ISUP Q.763.
 *   Abis: RSL TS 48.058 over ip.access IPA (TCP 3003) and over LAPD Q.921
 *   (LINKTYPE_LINUX_LAPD, SAPIs of TS 48.056); Iuh: HNBAP TS 25.469 (SCTP
 *   PPID 20) and RUA TS 25.468 (PPID 19) in aligned PER.
 *
 *   5G core SBI: HTTP/2 RFC 9113 (headers HPACK-encoded, RFC 7541, by
 *   libnghttp2's deflater) and HTTP/1.1 RFC 9112, ProblemDetails TS 29.571,
 *   multipart/related RFC 2387 with NAS-5GS (TS 29.518 N1N2MessageTransfer).
 *
 * Build and run (no Makefile rule, see tools/gen-captures.sh):
 *   cc -std=c11 -O2 -o build/gen-captures tools/gen-captures.c -lpcap -lnghttp2
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* libpcap's headers use u_char, u_int */
#include <nghttp2/nghttp2.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 2026-11-20T01:15:00Z: the samples' clock starts here. */
#define T0 1795137300L

/* ---- byte buffers ------------------------------------------------------ */

struct wb {
	uint8_t b[4096];
	size_t n;
};

static void
put8(struct wb *w, unsigned v)
{
	if (w->n >= sizeof(w->b)) {
		fputs("gen-captures: message too large\n", stderr);
		exit(1);
	}
	w->b[w->n++] = (uint8_t)v;
}

static void put16(struct wb *w, unsigned v) { put8(w, v >> 8); put8(w, v); }
static void put24(struct wb *w, uint32_t v) { put8(w, v >> 16); put16(w, v & 0xffff); }
static void put32(struct wb *w, uint32_t v) { put16(w, v >> 16); put16(w, v & 0xffff); }

static void
putn(struct wb *w, const void *p, size_t n)
{
	const uint8_t *s = p;

	for (size_t i = 0; i < n; i++)
		put8(w, s[i]);
}

static void putwb(struct wb *w, const struct wb *x) { putn(w, x->b, x->n); }
static void puts_(struct wb *w, const char *s) { putn(w, s, strlen(s)); }

/* Bit writer for PER: most significant bit first. */
struct bw {
	struct wb *w;
	unsigned used; /* bits used in the last octet, 0 = aligned */
};

static void
bits(struct bw *b, uint32_t v, unsigned n)
{
	while (n--) {
		unsigned bit = (v >> n) & 1u;

		if (b->used == 0)
			put8(b->w, 0);
		if (bit)
			b->w->b[b->w->n - 1] |= (uint8_t)(0x80u >> b->used);
		b->used = (b->used + 1) % 8;
	}
}

/* ---- S1AP / NGAP (aligned PER) ----------------------------------------- */

enum { REJECT = 0, IGNORE = 1 };

/* ProtocolIE-Field: id (16), criticality (2 bits, padded), open type. */
static void
ie(struct wb *w, unsigned id, unsigned crit, const struct wb *val)
{
	put16(w, id);
	put8(w, crit << 6);
	put8(w, (unsigned)val->n); /* length determinant, < 128 here */
	putwb(w, val);
}

/* Open type with an OCTET STRING inside (NAS-PDU): a length, then the octets. */
static void
ie_octets(struct wb *w, unsigned id, unsigned crit, const struct wb *octets)
{
	struct wb v = { .n = 0 };

	put8(&v, (unsigned)octets->n);
	putwb(&v, octets);
	ie(w, id, crit, &v);
}

/* A UE id INTEGER (0..2^32-1 or 2^24-1 / 2^40-1): a 2- or 3-bit octet count
 * minus one, padding, the value in one octet (ids < 256 here). */
static void
ie_small_id(struct wb *w, unsigned id, unsigned crit, unsigned v)
{
	struct wb x = { .n = 0 };

	put8(&x, 0x00);
	put8(&x, v);
	ie(w, id, crit, &x);
}

/* PDU: choice (ext 0 + kind in 2 bits), procedureCode, criticality, open
 * type holding SEQUENCE { protocolIEs (count, IEs), ... }. */
static void
ap_pdu(struct wb *w, unsigned kind, unsigned proc, unsigned crit,
       unsigned nies, const struct wb *ies)
{
	struct wb v = { .n = 0 };

	put8(&v, 0x00);
	put16(&v, nies);
	putwb(&v, ies);
	put8(w, kind << 5);
	put8(w, proc);
	put8(w, crit << 6);
	put8(w, (unsigned)v.n);
	putwb(w, &v);
}

/* ---- network framing ---------------------------------------------------- */

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* CRC32c (Castagnoli), reflected, RFC 9260 Appendix A. */
static uint32_t
crc32c(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1u)));
	}
	return ~c;
}

struct ep {
	int v6;
	uint8_t a[16]; /* IPv4 in the first 4 */
	unsigned port;
};

static struct ep
v4(unsigned a, unsigned b, unsigned c, unsigned d, unsigned port)
{
	struct ep e = { .v6 = 0, .port = port };

	e.a[0] = (uint8_t)a, e.a[1] = (uint8_t)b, e.a[2] = (uint8_t)c, e.a[3] = (uint8_t)d;
	return e;
}

static struct ep
v6(unsigned last, unsigned port)
{
	/* 2001:db8::<last> (RFC 3849 documentation prefix) */
	struct ep e = { .v6 = 1, .port = port };

	e.a[0] = 0x20, e.a[1] = 0x01, e.a[2] = 0x0d, e.a[3] = 0xb8;
	e.a[15] = (uint8_t)last;
	return e;
}

/* UDP datagram with its checksum over the IPv4 or IPv6 pseudo-header. */
static void
udp(struct wb *w, struct ep s, struct ep d, const struct wb *payload)
{
	size_t at = w->n, len = 8 + payload->n;
	uint32_t ps;
	uint16_t ck;

	put16(w, s.port);
	put16(w, d.port);
	put16(w, (unsigned)len);
	put16(w, 0);
	putwb(w, payload);
	ps = sum16(s.a, s.v6 ? 16 : 4, 0);
	ps = sum16(d.a, d.v6 ? 16 : 4, ps);
	ps += 17 + (uint32_t)len;
	ck = fold(sum16(w->b + at, len, ps));
	if (ck == 0)
		ck = 0xffff;
	w->b[at + 6] = (uint8_t)(ck >> 8);
	w->b[at + 7] = (uint8_t)ck;
}

/* TCP segment, PSH|ACK, no options. */
static void
tcp(struct wb *w, struct ep s, struct ep d, uint32_t seq, uint32_t ack, const struct wb *payload)
{
	size_t at = w->n, len = 20 + payload->n;
	uint32_t ps;
	uint16_t ck;

	put16(w, s.port);
	put16(w, d.port);
	put32(w, seq);
	put32(w, ack);
	put8(w, 5 << 4);  /* data offset 5 words */
	put8(w, 0x18);    /* PSH, ACK */
	put16(w, 65535);  /* window */
	put16(w, 0);      /* checksum, below */
	put16(w, 0);      /* urgent pointer */
	putwb(w, payload);
	ps = sum16(s.a, s.v6 ? 16 : 4, 0);
	ps = sum16(d.a, d.v6 ? 16 : 4, ps);
	ps += 6 + (uint32_t)len;
	ck = fold(sum16(w->b + at, len, ps));
	w->b[at + 16] = (uint8_t)(ck >> 8);
	w->b[at + 17] = (uint8_t)ck;
}

/* SCTP packet with one DATA chunk (B and E set: an unfragmented message). */
static void
sctp(struct wb *w, struct ep s, struct ep d, uint32_t tsn, unsigned stream,
     unsigned ssn, uint32_t ppid, const struct wb *payload)
{
	size_t at = w->n;
	uint32_t c;

	put16(w, s.port);
	put16(w, d.port);
	put32(w, 0x5ca1ab1e);        /* verification tag */
	put32(w, 0);                 /* checksum, below */
	put8(w, 0);                  /* chunk type 0: DATA */
	put8(w, 0x03);               /* flags: B, E */
	put16(w, (unsigned)(16 + payload->n));
	put32(w, tsn);
	put16(w, stream);
	put16(w, ssn);
	put32(w, ppid);
	putwb(w, payload);
	while ((w->n - at) % 4)
		put8(w, 0);          /* chunk padding */
	c = crc32c(w->b + at, w->n - at);
	/* RFC 9260 Appendix A: the CRC's least significant byte goes first. */
	w->b[at + 8] = (uint8_t)c;
	w->b[at + 9] = (uint8_t)(c >> 8);
	w->b[at + 10] = (uint8_t)(c >> 16);
	w->b[at + 11] = (uint8_t)(c >> 24);
}

static unsigned ip_id = 0x1000;

/* IPv4 header (no options) around body; frag = flags/offset field. */
static void
ipv4_frag(struct wb *w, struct ep s, struct ep d, unsigned proto, unsigned id,
	  unsigned frag, const uint8_t *body, size_t n)
{
	size_t at = w->n;
	uint16_t ck;

	put8(w, 0x45);               /* version 4, IHL 5 */
	put8(w, 0);                  /* DSCP/ECN */
	put16(w, (unsigned)(20 + n));
	put16(w, id);
	put16(w, frag);
	put8(w, 64);                 /* TTL */
	put8(w, proto);
	put16(w, 0);                 /* checksum, below */
	putn(w, s.a, 4);
	putn(w, d.a, 4);
	ck = fold(sum16(w->b + at, 20, 0));
	w->b[at + 10] = (uint8_t)(ck >> 8);
	w->b[at + 11] = (uint8_t)ck;
	putn(w, body, n);
}

static void
ip(struct wb *w, struct ep s, struct ep d, unsigned proto, const struct wb *body)
{
	if (!s.v6) {
		ipv4_frag(w, s, d, proto, ip_id++, 0x4000 /* DF */, body->b, body->n);
		return;
	}
	put32(w, 0x60000000);        /* version 6, class 0, flow 0 */
	put16(w, (unsigned)body->n);
	put8(w, proto);
	put8(w, 64);                 /* hop limit */
	putn(w, s.a, 16);
	putn(w, d.a, 16);
	putwb(w, body);
}

enum frm { ETH, ETH_VLAN, ETH_QINQ, SLL, MTP2, LAPD, USER0 };

/* Link header for ethertype et. */
static void
link_hdr(struct wb *w, enum frm f, unsigned et, int outgoing)
{
	static const uint8_t mac_a[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

	if (f == SLL) {
		put16(w, outgoing ? 4 : 0); /* packet type: sent by us / to us */
		put16(w, 1);                /* ARPHRD_ETHER */
		put16(w, 6);                /* link-layer address length */
		putn(w, outgoing ? mac_a : mac_b, 6);
		put16(w, 0);                /* address padded to 8 octets */
		put16(w, et);
		return;
	}
	putn(w, outgoing ? mac_b : mac_a, 6);
	putn(w, outgoing ? mac_a : mac_b, 6);
	if (f == ETH_QINQ) {
		put16(w, 0x88a8);           /* 802.1ad service tag */
		put16(w, 100);              /* S-VID 100 */
	}
	if (f == ETH_VLAN || f == ETH_QINQ) {
		put16(w, 0x8100);           /* 802.1Q customer tag */
		put16(w, (5u << 13) | 20);  /* priority 5, VID 20 */
	}
	put16(w, et);
}

/* ---- capture files ------------------------------------------------------- */

struct out {
	pcap_t *pd;
	pcap_dumper_t *d;
	enum frm frm;
	long t;        /* microseconds since T0 */
	uint32_t tsn;
	unsigned ssn;
};

static void
out_open(struct out *o, const char *dir, const char *name, enum frm f)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(o, 0, sizeof(*o));
	o->frm = f;
	o->pd = pcap_open_dead(f == SLL ? DLT_LINUX_SLL : f == MTP2 ? 140 /* LINKTYPE_MTP2 */
			       : f == LAPD ? 177 /* LINKTYPE_LINUX_LAPD */
			       : f == USER0 ? 147 /* LINKTYPE_USER0 */ : DLT_EN10MB,
			       65535);
	o->d = o->pd ? pcap_dump_open(o->pd, path) : NULL;
	if (!o->d) {
		fprintf(stderr, "gen-captures: %s: %s\n", path, o->pd ? pcap_geterr(o->pd) : "pcap_open_dead failed");
		exit(1);
	}
	o->tsn = 1;
	ip_id = 0x1000; /* per file: adding a frame to one sample leaves the others as they are */
}

static void
out_frame(struct out *o, const struct wb *frame, long step_us)
{
	struct pcap_pkthdr h;

	o->t += step_us;
	h.ts.tv_sec = T0 + o->t / 1000000;
	h.ts.tv_usec = o->t % 1000000;
	h.caplen = h.len = (bpf_u_int32)frame->n;
	pcap_dump((u_char *)o->d, &h, frame->b);
}

static void
out_close(struct out *o)
{
	pcap_dump_close(o->d);
	pcap_close(o->pd);
}

/* One IP packet carrying transport bytes tb (protocol proto). */
static void
send_ip(struct out *o, struct ep s, struct ep d, unsigned proto, const struct wb *tb, int outgoing, long step)
{
	struct wb f = { .n = 0 };

	link_hdr(&f, o->frm, s.v6 ? 0x86dd : 0x0800, outgoing);
	ip(&f, s, d, proto, tb);
	out_frame(o, &f, step);
}

static void
send_udp(struct out *o, struct ep s, struct ep d, const struct wb *msg, int outgoing, long step)
{
	struct wb t = { .n = 0 };

	udp(&t, s, d, msg);
	send_ip(o, s, d, 17, &t, outgoing, step);
}

static void
send_sctp(struct out *o, struct ep s, struct ep d, uint32_t ppid, const struct wb *msg, int outgoing, long step)
{
	struct wb t = { .n = 0 };

	sctp(&t, s, d, o->tsn++, 1, o->ssn++ & 0xffff, ppid, msg);
	send_ip(o, s, d, 132, &t, outgoing, step);
}

/* ---- NAS and application messages --------------------------------------- */

/* The sample subscriber (test PLMN 001-01, TS 23.003 §2.2). */
#define IMSI "001010123456789"
static const uint8_t plmn_001_01[3] = { 0x00, 0xf1, 0x10 }; /* MCC 001, MNC 01 (TS 24.008 §10.5.1.3) */

/* IMSI as a TS 24.008 §10.5.1.4 mobile identity value: first digit, odd
 * flag and type 1, then the remaining digits two per octet. */
static void
imsi_ident(struct wb *w, const char *imsi)
{
	size_t n = strlen(imsi);

	put8(w, (unsigned)(imsi[0] - '0') << 4 | (n % 2 ? 0x08 : 0) | 0x01);
	for (size_t i = 1; i < n; i += 2) {
		unsigned lo = (unsigned)(imsi[i] - '0');
		unsigned hi = i + 1 < n ? (unsigned)(imsi[i + 1] - '0') : 0xf;

		put8(w, hi << 4 | lo);
	}
}

/* TBCD digits (TS 29.274 §8.3, §8.11): two per octet, low nibble first. */
static void
tbcd(struct wb *w, const char *digits)
{
	size_t n = strlen(digits);

	for (size_t i = 0; i < n; i += 2) {
		unsigned lo = (unsigned)(digits[i] - '0');
		unsigned hi = i + 1 < n ? (unsigned)(digits[i + 1] - '0') : 0xf;

		put8(w, hi << 4 | lo);
	}
}

/* NAS-EPS Attach request, TS 24.301 §8.2.4, plain. */
static void
nas_attach_request(struct wb *w, const char *imsi)
{
	struct wb id = { .n = 0 };

	put8(w, 0x07);       /* security header 0 (plain), PD 7 EMM */
	put8(w, 0x41);       /* Attach request */
	put8(w, 0x71);       /* NAS key set identifier 7 (none), EPS attach type 1 */
	imsi_ident(&id, imsi);
	put8(w, (unsigned)id.n);  /* EPS mobile identity (LV), IMSI */
	putwb(w, &id);
	put8(w, 2);          /* UE network capability (LV) */
	put8(w, 0xe0);       /*   EEA0, 128-EEA1, 128-EEA2 */
	put8(w, 0xe0);       /*   EIA0, 128-EIA1, 128-EIA2 */
	put16(w, 4);         /* ESM message container (LV-E): PDN connectivity request */
	put8(w, 0x02);       /*   EPS bearer identity 0, PD 2 ESM */
	put8(w, 0x01);       /*   procedure transaction identity 1 */
	put8(w, 0xd0);       /*   PDN connectivity request */
	put8(w, 0x11);       /*   PDN type 1 IPv4, request type 1 initial request */
}

/* S1AP InitialUEMessage (procedure 12) with the Attach request of imsi. */
static void
s1ap_initial_ue_of(struct wb *w, unsigned enb_id, const char *imsi)
{
	struct wb ies = { .n = 0 }, nas = { .n = 0 }, v = { .n = 0 };

	ie_small_id(&ies, 8, REJECT, enb_id);                /* eNB-UE-S1AP-ID */
	nas_attach_request(&nas, imsi);
	ie_octets(&ies, 26, REJECT, &nas);                    /* NAS-PDU */
	put8(&v, 0x00);                                       /* TAI: ext 0, no iE-Extensions */
	putn(&v, plmn_001_01, 3);                             /*   pLMNidentity */
	put16(&v, 0x0001);                                    /*   tAC 1 */
	ie(&ies, 67, REJECT, &v);                             /* TAI */
	v.n = 0;
	put8(&v, 0x00);                                       /* EUTRAN-CGI: ext 0, no iE-Extensions */
	putn(&v, plmn_001_01, 3);                             /*   pLMNidentity */
	put32(&v, 0x0123405u << 4);                           /*   cell-ID (28 bits): eNB 0x01234, cell 5 */
	ie(&ies, 100, IGNORE, &v);                            /* EUTRAN-CGI */
	v.n = 0;
	put8(&v, 0x30);                                       /* ext 0, mo-Signalling (3) */
	ie(&ies, 134, IGNORE, &v);                            /* RRC-Establishment-Cause */
	ap_pdu(w, 0, 12, IGNORE, 5, &ies);
}

static void
s1ap_initial_ue(struct wb *w, unsigned enb_id)
{
	s1ap_initial_ue_of(w, enb_id, IMSI);
}

/* S1AP UEContextReleaseComplete (procedure 23, successfulOutcome): the UE
 * context is gone, its S1AP ids free for the next UE (TS 36.413 §8.3.3). */
static void
s1ap_release_complete(struct wb *w, unsigned mme_id, unsigned enb_id)
{
	struct wb ies = { .n = 0 };

	ie_small_id(&ies, 0, IGNORE, mme_id);                 /* MME-UE-S1AP-ID */
	ie_small_id(&ies, 8, IGNORE, enb_id);                 /* eNB-UE-S1AP-ID */
	ap_pdu(w, 1, 23, REJECT, 2, &ies);
}

/* S1AP DownlinkNASTransport (procedure 11) with an EMM Attach reject. */
static void
s1ap_attach_reject(struct wb *w, unsigned mme_id, unsigned enb_id, unsigned emm_cause)
{
	struct wb ies = { .n = 0 }, nas = { .n = 0 };

	ie_small_id(&ies, 0, REJECT, mme_id);                 /* MME-UE-S1AP-ID */
	ie_small_id(&ies, 8, REJECT, enb_id);                 /* eNB-UE-S1AP-ID */
	put8(&nas, 0x07);    /* plain NAS, EMM */
	put8(&nas, 0x44);    /* Attach reject, TS 24.301 §8.2.3 */
	put8(&nas, emm_cause); /* EMM cause, §9.9.3.9 */
	ie_octets(&ies, 26, REJECT, &nas);                    /* NAS-PDU */
	ap_pdu(w, 0, 11, IGNORE, 3, &ies);
}

/* Diameter (RFC 6733 §3, §4). */
enum { AVP_V = 0x80, AVP_M = 0x40 };
#define VENDOR_3GPP 10415

static void
avp(struct wb *w, uint32_t code, unsigned flags, uint32_t vendor, const void *data, size_t n)
{
	size_t hl = flags & AVP_V ? 12 : 8;

	put32(w, code);
	put8(w, flags);
	put24(w, (uint32_t)(hl + n));
	if (flags & AVP_V)
		put32(w, vendor);
	putn(w, data, n);
	while (n++ % 4)
		put8(w, 0); /* padding to 32 bits, not counted in the length */
}

static void avp_str(struct wb *w, uint32_t code, const char *s) { avp(w, code, AVP_M, 0, s, strlen(s)); }

static void
avp_u32(struct wb *w, uint32_t code, unsigned flags, uint32_t vendor, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	avp(w, code, flags, vendor, b, 4);
}

static void
diameter(struct wb *w, unsigned flags, uint32_t cmd, uint32_t app, uint32_t hbh, const struct wb *avps)
{
	put8(w, 1);                        /* version */
	put24(w, (uint32_t)(20 + avps->n));
	put8(w, flags);                    /* R 0x80, P 0x40 */
	put24(w, cmd);
	put32(w, app);
	put32(w, hbh);                     /* hop-by-hop */
	put32(w, hbh ^ 0x5a5a0000u);       /* end-to-end */
	putwb(w, avps);
}

#define S6A 16777251u
#define SESSION "mme.epc.mnc001.mcc001.3gppnetwork.org;1795137300;42"

static void
s6a_air(struct wb *w)
{
	struct wb a = { .n = 0 };

	avp_str(&a, 263, SESSION);                             /* Session-Id */
	avp_u32(&a, 277, AVP_M, 0, 1);                          /* Auth-Session-State: NO_STATE_MAINTAINED */
	avp_str(&a, 264, "mme.epc.mnc001.mcc001.3gppnetwork.org"); /* Origin-Host */
	avp_str(&a, 296, "epc.mnc001.mcc001.3gppnetwork.org");  /* Origin-Realm */
	avp_str(&a, 283, "epc.mnc001.mcc001.3gppnetwork.org");  /* Destination-Realm */
	avp_str(&a, 1, IMSI);                                   /* User-Name: the IMSI (TS 29.272 §7.2.5) */
	avp(&a, 1407, AVP_V | AVP_M, VENDOR_3GPP, plmn_001_01, 3); /* Visited-PLMN-Id */
	diameter(w, 0xc0, 318, S6A, 0x0a000001, &a);           /* Authentication-Information-Request */
}

static void
s6a_aia_exp(struct wb *w, uint32_t exp_code)
{
	struct wb a = { .n = 0 }, g = { .n = 0 };

	avp_str(&a, 263, SESSION);
	avp_u32(&a, 277, AVP_M, 0, 1);
	avp_str(&a, 264, "hss.epc.mnc001.mcc001.3gppnetwork.org");
	avp_str(&a, 296, "epc.mnc001.mcc001.3gppnetwork.org");
	avp_u32(&g, 266, AVP_M, 0, VENDOR_3GPP);                /* Vendor-Id */
	avp_u32(&g, 298, AVP_M, 0, exp_code);                   /* Experimental-Result-Code */
	avp(&a, 297, AVP_M, 0, g.b, g.n);                       /* Experimental-Result (grouped) */
	diameter(w, 0x40, 318, S6A, 0x0a000001, &a);           /* Authentication-Information-Answer */
}

/* S6a Update-Location Request / Answer (Result-Code 2001) for the TCP sample. */
static void
s6a_ulr_ula(struct wb *req, struct wb *ans)
{
	struct wb a = { .n = 0 };

	avp_str(&a, 263, "mme.epc.mnc001.mcc001.3gppnetwork.org;1795137300;43");
	avp_u32(&a, 277, AVP_M, 0, 1);
	avp_str(&a, 264, "mme.epc.mnc001.mcc001.3gppnetwork.org");
	avp_str(&a, 296, "epc.mnc001.mcc001.3gppnetwork.org");
	avp_str(&a, 283, "epc.mnc001.mcc001.3gppnetwork.org");
	avp_str(&a, 1, "001010000000042");                      /* User-Name */
	avp_u32(&a, 1032, AVP_V | AVP_M, VENDOR_3GPP, 1004);    /* RAT-Type: EUTRAN */
	avp_u32(&a, 1405, AVP_V | AVP_M, VENDOR_3GPP, 0x22);    /* ULR-Flags: S6a/S6d indicator, initial attach */
	avp(&a, 1407, AVP_V | AVP_M, VENDOR_3GPP, plmn_001_01, 3);
	diameter(req, 0xc0, 316, S6A, 0x0a000002, &a);         /* Update-Location-Request */
	a.n = 0;
	avp_str(&a, 263, "mme.epc.mnc001.mcc001.3gppnetwork.org;1795137300;43");
	avp_u32(&a, 268, AVP_M, 0, 2001);                       /* Result-Code: DIAMETER_SUCCESS */
	avp_u32(&a, 277, AVP_M, 0, 1);
	avp_str(&a, 264, "hss.epc.mnc001.mcc001.3gppnetwork.org");
	avp_str(&a, 296, "epc.mnc001.mcc001.3gppnetwork.org");
	avp_u32(&a, 1406, AVP_V | AVP_M, VENDOR_3GPP, 0);       /* ULA-Flags */
	diameter(ans, 0x40, 316, S6A, 0x0a000002, &a);         /* Update-Location-Answer */
}

/* GTPv2-C (TS 29.274 §5.1): T=1 header, then IEs (§8.2: type, length, instance). */
static void
gtp_ie(struct wb *w, unsigned type, unsigned inst, const struct wb *v)
{
	put8(w, type);
	put16(w, (unsigned)v->n);
	put8(w, inst & 0x0f);
	putwb(w, v);
}

static void
gtpv2(struct wb *w, unsigned type, uint32_t teid, uint32_t seq, const struct wb *ies)
{
	put8(w, 0x48);                          /* version 2, P 0, T 1 */
	put8(w, type);
	put16(w, (unsigned)(8 + ies->n));       /* after the first 4 octets */
	put32(w, teid);
	put24(w, seq);
	put8(w, 0);                             /* spare */
	putwb(w, ies);
}

static void
gtp_create_session(struct wb *req, struct wb *rsp, unsigned cause)
{
	struct wb ies = { .n = 0 }, v = { .n = 0 }, bc = { .n = 0 };

	tbcd(&v, IMSI);
	gtp_ie(&ies, 1, 0, &v);                 /* IMSI (§8.3) */
	v.n = 0;
	tbcd(&v, "8613612345678");
	gtp_ie(&ies, 76, 0, &v);                /* MSISDN (§8.11) */
	v.n = 0;
	put8(&v, 6);
	gtp_ie(&ies, 82, 0, &v);                /* RAT Type (§8.17): 6 EUTRAN */
	v.n = 0;
	put8(&v, 0x8a);                         /* V4, interface 10: S11 MME GTP-C */
	put32(&v, 0x11223344);                  /* TEID */
	put32(&v, 0x0a000002);                  /* 10.0.0.2 */
	gtp_ie(&ies, 87, 0, &v);                /* Sender F-TEID (§8.22) */
	v.n = 0;
	put8(&v, 8);
	puts_(&v, "internet");
	gtp_ie(&ies, 71, 0, &v);                /* APN (§8.6), one label */
	v.n = 0;
	put8(&v, 1);
	gtp_ie(&ies, 99, 0, &v);                /* PDN Type (§8.34): IPv4 */
	v.n = 0;
	put8(&v, 5);
	gtp_ie(&bc, 73, 0, &v);                 /* EPS Bearer ID 5 */
	gtp_ie(&ies, 93, 0, &bc);               /* Bearer Context (§8.28) */
	gtpv2(req, 32, 0, 0x000101, &ies);      /* Create Session Request, TEID 0 */
	ies.n = 0;
	v.n = 0;
	put8(&v, cause);                        /* Cause value */
	put8(&v, 0x00);                         /* PCE, BCE, CS = 0 */
	gtp_ie(&ies, 2, 0, &v);                 /* Cause (§8.4) */
	if (cause < 64) {
		/* accepted: the SGW's own S11 F-TEID */
		v.n = 0;
		put8(&v, 0x8b);                 /* V4, interface 11: S11/S4 SGW GTP-C */
		put32(&v, 0x55667788);
		put32(&v, 0x0a000004);
		gtp_ie(&ies, 87, 0, &v);
	}
	gtpv2(rsp, 33, 0x11223344, 0x000101, &ies); /* Create Session Response */
}

/* SIP (RFC 3261), Reason header RFC 3326. */
#define SIP_VIA "Via: SIP/2.0/UDP 10.1.0.10:5060;branch=z9hG4bK776asdhds\r\n"
#define SIP_FROM "From: <sip:+8613612345678@ims.example.org>;tag=1928301774\r\n"
#define SIP_TO "To: <sip:+8613912345678@ims.example.org>"
#define SIP_CALLID "Call-ID: a84b4c76e66710@10.1.0.10\r\n"

static void
sip_invite(struct wb *w)
{
	puts_(w, "INVITE sip:+8613912345678@ims.example.org SIP/2.0\r\n"
		 SIP_VIA "Max-Forwards: 70\r\n" SIP_FROM SIP_TO "\r\n" SIP_CALLID
		 "CSeq: 1 INVITE\r\n"
		 "Contact: <sip:+8613612345678@10.1.0.10:5060>\r\n"
		 "Content-Length: 0\r\n\r\n");
}

static void
sip_response(struct wb *w, const char *status, const char *extra)
{
	puts_(w, "SIP/2.0 ");
	puts_(w, status);
	puts_(w, "\r\n" SIP_VIA SIP_FROM SIP_TO ";tag=314159\r\n" SIP_CALLID "CSeq: 1 INVITE\r\n");
	puts_(w, extra);
	puts_(w, "Content-Length: 0\r\n\r\n");
}

/* The samples' failure: 503 with the Q.850 cause 34 in a Reason header. */
static void
sip_503_q850(struct wb *w)
{
	sip_response(w, "503 Service Unavailable",
		     "Reason: Q.850;cause=34;text=\"No circuit/channel available\"\r\n");
}

static void
sip_ack(struct wb *w)
{
	puts_(w, "ACK sip:+8613912345678@ims.example.org SIP/2.0\r\n"
		 SIP_VIA "Max-Forwards: 70\r\n" SIP_FROM SIP_TO ";tag=314159\r\n" SIP_CALLID
		 "CSeq: 1 ACK\r\n"
		 "Content-Length: 0\r\n\r\n");
}

/* GSMTAP v2 header (Osmocom gsmtap.h), 16 octets. */
static void
gsmtap_v2(struct wb *w, unsigned type, unsigned arfcn, int uplink, unsigned sub_type, uint32_t fn)
{
	put8(w, 2);                             /* version */
	put8(w, 4);                             /* header length in 32-bit words */
	put8(w, type);                          /* 1 GSM Um, 0x0d LTE RRC */
	put8(w, 0);                             /* timeslot */
	put16(w, (uplink ? 0x4000u : 0) | (arfcn & 0x3fff));
	put8(w, (unsigned)(uint8_t)(int8_t)-71); /* signal dBm */
	put8(w, 20);                            /* SNR dB */
	put32(w, fn);                           /* GSM frame number */
	put8(w, sub_type);                      /* channel / RRC logical channel */
	put8(w, 0);                             /* antenna */
	put8(w, 0);                             /* sub-slot */
	put8(w, 0);                             /* reserved */
}

/* GSM CC Disconnect (TS 24.008 §9.3.7) on SDCCH in a LAPDm I frame. */
static void
gsm_cc_disconnect(struct wb *w, unsigned q850)
{
	static const uint8_t l3_hdr[] = {
		0x83,   /* TI flag 1 (to the originating side), TI 0; PD 3 call control */
		0x25,   /* Disconnect */
		0x02,   /* Cause (LV, §10.5.4.11): 2 octets */
		0x82,   /*   ext 1, coding standard 00 (Q.931), location 2 public network, local user */
	};
	size_t start = w->n;

	gsmtap_v2(w, 0x01, 62, 0, 0x08 /* SDCCH/8 */, 1234567);
	put8(w, 0x03);                          /* LAPDm address: SAPI 0, C/R 1, EA 1 */
	put8(w, 0x00);                          /* control: I frame, N(R) 0, P 0, N(S) 0 */
	put8(w, (5u << 2) | 0x01);              /* length 5, M 0, EL 1 */
	putn(w, l3_hdr, sizeof(l3_hdr));
	put8(w, 0x80 | q850);                   /*   ext 1, cause value */
	while (w->n - start < 16 + 23)
		put8(w, 0x2b);                  /* fill to the 23-octet LAPDm frame */
}

/* A GSM layer 3 message l3[0..n) on downlink SDCCH in the LAPDm I frame
 * of send sequence number ns (TS 44.006), filled to the 23-octet frame. */
static void
gsm_sdcch_dl(struct wb *w, const uint8_t *l3, size_t n, unsigned ns, uint32_t fn)
{
	size_t start = w->n;

	gsmtap_v2(w, 0x01, 62, 0, 0x08 /* SDCCH/8 */, fn);
	put8(w, 0x03);                          /* LAPDm address: SAPI 0, C/R 1, EA 1 */
	put8(w, (ns & 7u) << 1);                /* control: I frame, N(R) 0, P 0, N(S) ns */
	put8(w, (unsigned)(n << 2) | 0x01);     /* length n, M 0, EL 1 */
	putn(w, l3, n);
	while (w->n - start < 16 + 23)
		put8(w, 0x2b);
}

/* LTE RRC UL-CCCH RRCConnectionReestablishmentRequest (TS 36.331 §6.2.2),
 * basic unaligned PER. cause: 0 reconfigurationFailure, 1 handoverFailure,
 * 2 otherFailure. */
static void
lte_rrc_reestablishment(struct wb *w, unsigned cause)
{
	struct bw b = { w, 0 };

	gsmtap_v2(w, 0x0d, 1850, 1, 2 /* UL-CCCH */, 0);
	bits(&b, 0, 1);       /* UL-CCCH-MessageType: c1 */
	bits(&b, 0, 1);       /* c1: rrcConnectionReestablishmentRequest */
	bits(&b, 0, 1);       /* criticalExtensions: rrcConnectionReestablishmentRequest-r8 */
	bits(&b, 0x1234, 16); /* ue-Identity.c-RNTI */
	bits(&b, 101, 9);     /* ue-Identity.physCellId */
	bits(&b, 0xbeef, 16); /* ue-Identity.shortMAC-I */
	bits(&b, cause, 2);   /* reestablishmentCause */
	bits(&b, 0, 2);       /* spare */
}

/* LTE RRC DL-CCCH RRCConnectionReject (TS 36.331 §6.2.2), wait time in s. */
static void
lte_rrc_reject(struct wb *w, unsigned wait_s)
{
	struct bw b = { w, 0 };

	gsmtap_v2(w, 0x0d, 1850, 0, 0 /* DL-CCCH */, 0);
	bits(&b, 0, 1);          /* DL-CCCH-MessageType: c1 */
	bits(&b, 2, 2);          /* c1: rrcConnectionReject (third of four) */
	bits(&b, 0, 1);          /* criticalExtensions: c1 */
	bits(&b, 0, 2);          /* c1: rrcConnectionReject-r8 */
	bits(&b, 0, 1);          /* nonCriticalExtension absent */
	bits(&b, wait_s - 1, 4); /* waitTime INTEGER (1..16) */
}

/* 5GS NAS Registration request (TS 24.501 §8.2.6) with a SUCI (null scheme). */
static void
nas5g_registration_request(struct wb *w)
{
	put8(w, 0x7e);        /* extended PD: 5GMM */
	put8(w, 0x00);        /* plain 5GS NAS message */
	put8(w, 0x41);        /* Registration request */
	put8(w, 0x79);        /* ngKSI 7 (none); FOR 1, initial registration (1) */
	put16(w, 13);         /* 5GS mobile identity (LV-E) */
	put8(w, 0x01);        /*   SUPI format IMSI (0), type SUCI (1) */
	putn(w, plmn_001_01, 3);
	put8(w, 0xf0);        /*   routing indicator 0 */
	put8(w, 0xff);
	put8(w, 0x00);        /*   protection scheme: null */
	put8(w, 0x00);        /*   home network public key identifier */
	tbcd(w, "0123456789"); /*   scheme output: the MSIN */
}

/* NGAP InitialUEMessage (procedure 15) and DownlinkNASTransport (4). */
static void
ngap_initial_ue(struct wb *w, unsigned ran_id)
{
	struct wb ies = { .n = 0 }, nas = { .n = 0 }, v = { .n = 0 };

	ie_small_id(&ies, 85, REJECT, ran_id);                /* RAN-UE-NGAP-ID */
	nas5g_registration_request(&nas);
	ie_octets(&ies, 38, REJECT, &nas);                    /* NAS-PDU */
	put8(&v, 0x30);                                       /* ext 0, mo-Signalling (3) */
	ie(&ies, 90, IGNORE, &v);                             /* RRCEstablishmentCause */
	ap_pdu(w, 0, 15, IGNORE, 3, &ies);
}

static void
ngap_registration_reject(struct wb *w, unsigned amf_id, unsigned ran_id, unsigned cause)
{
	struct wb ies = { .n = 0 }, nas = { .n = 0 };

	ie_small_id(&ies, 10, REJECT, amf_id);                /* AMF-UE-NGAP-ID */
	ie_small_id(&ies, 85, REJECT, ran_id);                /* RAN-UE-NGAP-ID */
	put8(&nas, 0x7e);    /* 5GMM */
	put8(&nas, 0x00);    /* plain */
	put8(&nas, 0x44);    /* Registration reject, TS 24.501 §8.2.9 */
	put8(&nas, cause);   /* 5GMM cause, §9.11.3.2 */
	ie_octets(&ies, 38, REJECT, &nas);                    /* NAS-PDU */
	ap_pdu(w, 0, 4, IGNORE, 3, &ies);
}

/* ---- the sample files ---------------------------------------------------- */

static const struct ep enb_s1 = { 0, { 10, 0, 0, 1 }, 36412 };
static const struct ep mme_s1 = { 0, { 10, 0, 0, 2 }, 36412 };

static void
lte_attach_reject(const char *dir)
{
	struct ep mme_s6a = v4(10, 0, 0, 2, 3868), hss = v4(10, 0, 0, 3, 3868);
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "lte-attach-reject.pcap", ETH);
	mme_s6a.port = 40001;
	s1ap_initial_ue(&m, 1);
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 0);           /* 1: InitialUEMessage, Attach request */
	m.n = 0;
	s6a_air(&m);
	send_sctp(&o, mme_s6a, hss, 46, &m, 1, 1500);          /* 2: AIR for the IMSI */
	m.n = 0;
	s6a_aia_exp(&m, 5001);
	send_sctp(&o, hss, mme_s6a, 46, &m, 0, 2300);          /* 3: AIA, DIAMETER_ERROR_USER_UNKNOWN */
	m.n = 0;
	s1ap_attach_reject(&m, 1, 1, 15);
	send_sctp(&o, mme_s1, enb_s1, 18, &m, 1, 800);         /* 4: Attach reject, EMM 15 */
	out_close(&o);
}

/* Two UEs one after the other on the same S1AP ids: the first is rejected,
 * its context released, the ids reused for the second. Two subscribers. */
static void
s1ap_ue_id_reuse(const char *dir)
{
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "s1ap-ue-id-reuse.pcap", ETH);
	s1ap_initial_ue_of(&m, 1, IMSI);
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 0);           /* 1: Attach request, IMSI ...789 */
	m.n = 0;
	s1ap_attach_reject(&m, 1, 1, 15);
	send_sctp(&o, mme_s1, enb_s1, 18, &m, 1, 900);         /* 2: Attach reject, EMM 15 */
	m.n = 0;
	s1ap_release_complete(&m, 1, 1);
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 700);         /* 3: UEContextReleaseComplete */
	m.n = 0;
	s1ap_initial_ue_of(&m, 1, "001010123456790");
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 5000);        /* 4: Attach request, IMSI ...790 */
	m.n = 0;
	s1ap_attach_reject(&m, 1, 1, 7);
	send_sctp(&o, mme_s1, enb_s1, 18, &m, 1, 900);         /* 5: Attach reject, EMM 7 */
	out_close(&o);
}

static void
gtpv2_no_resources(const char *dir, const char *name, enum frm f, int use_v6, unsigned cause)
{
	struct ep mme = use_v6 ? v6(2, 2123) : v4(10, 0, 0, 2, 2123);
	struct ep sgw = use_v6 ? v6(4, 2123) : v4(10, 0, 0, 4, 2123);
	struct wb req = { .n = 0 }, rsp = { .n = 0 };
	struct out o;

	out_open(&o, dir, name, f);
	gtp_create_session(&req, &rsp, cause);
	send_udp(&o, mme, sgw, &req, 1, 0);
	send_udp(&o, sgw, mme, &rsp, 0, 4200);
	out_close(&o);
}

static void
sip_503(const char *dir, const char *name, enum frm f)
{
	struct ep ue = v4(10, 1, 0, 10, 5060), pcscf = v4(10, 1, 0, 1, 5060);
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, name, f);
	sip_invite(&m);
	send_udp(&o, ue, pcscf, &m, 1, 0);
	m.n = 0;
	sip_response(&m, "100 Trying", "");
	send_udp(&o, pcscf, ue, &m, 0, 900);
	m.n = 0;
	sip_503_q850(&m);
	send_udp(&o, pcscf, ue, &m, 0, 350000);
	m.n = 0;
	sip_ack(&m);
	send_udp(&o, ue, pcscf, &m, 1, 700);
	out_close(&o);
}

static void
gsmtap_samples(const char *dir)
{
	struct ep phone = v4(127, 0, 0, 1, 40000), logger = v4(127, 0, 0, 1, 4729);
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "gsmtap-cc-disconnect-rrc-reestablishment.pcap", ETH);
	gsm_cc_disconnect(&m, 17);                             /* 1: CC Disconnect, user busy */
	send_udp(&o, phone, logger, &m, 1, 0);
	m.n = 0;
	lte_rrc_reestablishment(&m, 1);                        /* 2: reestablishment, handoverFailure */
	send_udp(&o, phone, logger, &m, 1, 2500000);
	m.n = 0;
	lte_rrc_reject(&m, 10);                                /* 3: RRCConnectionReject, wait 10 s */
	send_udp(&o, phone, logger, &m, 1, 40000);
	out_close(&o);
}

/* UMTS RRC in GSMTAP (type 0x0c, sub-type = logical channel; TS 25.331
 * §11, unaligned PER): an RRC connection rejected for congestion, then a
 * CM Service Reject in a DownlinkDirectTransfer, a CC Disconnect (user
 * busy) in another, and an RRCConnectionRelease (r4, with integrity check
 * information) for congestion. */
static void
gsmtap_umts_rrc(const char *dir)
{
	static const uint8_t cm_reject[] = {
		0x05,   /* skip indicator 0, PD 5 mobility management */
		0x22,   /* CM Service Reject (TS 24.008 §9.2.6) */
		0x11,   /* reject cause (§10.5.3.6): 17 network failure */
	};
	static const uint8_t cc_disc[] = {
		0x83, 0x25, 0x02, 0x82, /* CC Disconnect, Cause LV: Q.931, public network */
		0x80 | 17,              /*   user busy */
	};
	struct ep phone = v4(127, 0, 0, 1, 40000), logger = v4(127, 0, 0, 1, 4729);
	struct wb m = { .n = 0 };
	struct bw b = { &m, 0 };
	struct out o;

	out_open(&o, dir, "gsmtap-umts-rrc-reject-direct-transfer-release.pcap", ETH);
	/* 1: DL-CCCH RRCConnectionReject r3, TMSI and LAI, congestion, wait 5 s */
	gsmtap_v2(&m, 0x0c, 10700, 0, 2 /* DL-CCCH */, 0);
	bits(&b, 0, 1);                   /* no integrityCheckInfo */
	bits(&b, 1, 3);                   /* rrcConnectionReject */
	bits(&b, 0, 1);                   /* r3 */
	bits(&b, 0, 1);                   /* laterNonCriticalExtensions absent */
	bits(&b, 0, 1);                   /* redirectionInfo absent */
	bits(&b, 1, 3);                   /* initialUE-Identity: tmsi-and-LAI */
	bits(&b, 0x2badf00du, 32);        /*   TMSI */
	bits(&b, 0x001, 12);              /*   MCC 001 */
	bits(&b, 0, 1); bits(&b, 0x01, 8); /*  MNC 01 (two digits) */
	bits(&b, 0x1234, 16);             /*   LAC */
	bits(&b, 0, 2);                   /* rrc-TransactionIdentifier */
	bits(&b, 0, 1);                   /* rejectionCause: congestion */
	bits(&b, 5, 4);                   /* waitTime */
	send_udp(&o, phone, logger, &m, 1, 0);
	/* 2, 3: DL-DCCH DownlinkDirectTransfer r3, CS domain */
	for (int i = 0; i < 2; i++) {
		const uint8_t *nas = i ? cc_disc : cm_reject;
		size_t n = i ? sizeof(cc_disc) : sizeof(cm_reject);

		m.n = 0; b.used = 0;
		gsmtap_v2(&m, 0x0c, 10700, 0, 0 /* DL-DCCH */, 0);
		bits(&b, 0, 1);           /* no integrityCheckInfo */
		bits(&b, 5, 5);           /* downlinkDirectTransfer */
		bits(&b, 0, 1);           /* r3 */
		bits(&b, 0, 1);           /* laterNonCriticalExtensions absent */
		bits(&b, (unsigned)i, 2); /* rrc-TransactionIdentifier */
		bits(&b, 0, 1);           /* cn-DomainIdentity: cs-domain */
		bits(&b, (uint32_t)n - 1, 12); /* nas-Message length - 1 */
		for (size_t j = 0; j < n; j++)
			bits(&b, nas[j], 8);
		send_udp(&o, phone, logger, &m, 1, 3000000);
	}
	/* 4: DL-DCCH RRCConnectionRelease later-than-r3, r4: congestion */
	m.n = 0; b.used = 0;
	gsmtap_v2(&m, 0x0c, 10700, 0, 0 /* DL-DCCH */, 0);
	bits(&b, 1, 1);                   /* integrityCheckInfo present */
	bits(&b, 0x5eed1234u, 32);        /*   messageAuthenticationCode */
	bits(&b, 3, 4);                   /*   rrc-MessageSequenceNumber */
	bits(&b, 15, 5);                  /* rrcConnectionRelease */
	bits(&b, 1, 1);                   /* later-than-r3 */
	bits(&b, 2, 2);                   /* rrc-TransactionIdentifier */
	bits(&b, 0, 1);                   /* criticalExtensions: r4 */
	bits(&b, 0, 1);                   /* v4d0NonCriticalExtensions absent */
	bits(&b, 1, 1); bits(&b, 0, 1);   /* n-308 present, rplmn-information absent */
	bits(&b, 1, 3);                   /* n-308 = 2 */
	bits(&b, 3, 3);                   /* releaseCause: congestion */
	send_udp(&o, phone, logger, &m, 1, 500000);
	out_close(&o);
}

/* RR Channel Release with an RR cause, then MM Location Updating Reject:
 * the rr and mm cause families from the phone's side. */
static void
gsmtap_rr_mm(const char *dir)
{
	static const uint8_t release[] = {
		0x06,   /* skip indicator 0, PD 6 radio resources (TS 44.018 §10.1) */
		0x0d,   /* Channel Release (§9.1.7) */
		0x04,   /* RR cause (§10.5.2.31): abnormal release, no activity on the radio path */
	};
	static const uint8_t lu_reject[] = {
		0x05,   /* skip indicator 0, PD 5 mobility management (TS 24.008 §10.2) */
		0x04,   /* Location Updating Reject (§9.2.6) */
		0x0c,   /* reject cause (§10.5.3.6): 12 location area not allowed */
	};
	struct ep phone = v4(127, 0, 0, 1, 40000), logger = v4(127, 0, 0, 1, 4729);
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "gsmtap-rr-release-mm-reject.pcap", ETH);
	gsm_sdcch_dl(&m, lu_reject, sizeof(lu_reject), 0, 2234567);
	send_udp(&o, phone, logger, &m, 1, 0);                 /* 1: LU reject, MM 12 */
	m.n = 0;
	gsm_sdcch_dl(&m, release, sizeof(release), 1, 2234619);
	send_udp(&o, phone, logger, &m, 1, 240000);            /* 2: Channel Release, RR 4 */
	out_close(&o);
}

/* S1AP UEContextReleaseRequest (procedure 18) with its Cause (TS 36.413
 * §9.2.1.3): CHOICE index (ext 0, 3 bits), then the group's ENUMERATED
 * (ext 0, bits for its root values), aligned PER. */
static void
s1ap_release_request(struct wb *w, unsigned mme_id, unsigned enb_id)
{
	struct wb ies = { .n = 0 }, v = { .n = 0 };

	ie_small_id(&ies, 0, REJECT, mme_id);                 /* MME-UE-S1AP-ID */
	ie_small_id(&ies, 8, REJECT, enb_id);                 /* eNB-UE-S1AP-ID */
	put8(&v, 0x02);      /* 0 000 0 010 | radioNetwork, value 21 (6 bits of 36 roots): */
	put8(&v, 0xa0);      /* 101 00000  | radio-connection-with-ue-lost */
	ie(&ies, 2, IGNORE, &v);                              /* Cause */
	ap_pdu(w, 0, 18, IGNORE, 3, &ies);
}

/* S1AP DownlinkNASTransport with a plain ESM PDN connectivity reject. */
static void
s1ap_pdn_reject(struct wb *w, unsigned mme_id, unsigned enb_id, unsigned esm_cause)
{
	struct wb ies = { .n = 0 }, nas = { .n = 0 };

	ie_small_id(&ies, 0, REJECT, mme_id);                 /* MME-UE-S1AP-ID */
	ie_small_id(&ies, 8, REJECT, enb_id);                 /* eNB-UE-S1AP-ID */
	put8(&nas, 0x02);      /* EPS bearer identity 0, PD 2 ESM (TS 24.301 §9.2) */
	put8(&nas, 0x01);      /* procedure transaction identity 1 */
	put8(&nas, 0xd1);      /* PDN connectivity reject (§8.3.19) */
	put8(&nas, esm_cause); /* ESM cause (§9.9.4.4) */
	ie_octets(&ies, 26, REJECT, &nas);                    /* NAS-PDU */
	ap_pdu(w, 0, 11, IGNORE, 3, &ies);
}

/* A UE attaches, its PDN connectivity is rejected (ESM 27), then the eNB
 * loses it (S1AP radioNetwork 21): the esm and s1ap cause families. */
static void
s1ap_esm_release(const char *dir)
{
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "s1ap-pdn-reject-radio-lost.pcap", ETH);
	s1ap_initial_ue_of(&m, 2, "001010123456791");
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 0);           /* 1: Attach request */
	m.n = 0;
	s1ap_pdn_reject(&m, 2, 2, 27);
	send_sctp(&o, mme_s1, enb_s1, 18, &m, 1, 1200);        /* 2: PDN connectivity reject, ESM 27 */
	m.n = 0;
	s1ap_release_request(&m, 2, 2);
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 900000);      /* 3: UEContextReleaseRequest, radio lost */
	out_close(&o);
}

/* NGAP DownlinkNASTransport: 5GMM DL NAS transport carrying a 5GSM PDU
 * session establishment reject (TS 24.501 §8.7.2, §8.3.3). */
static void
ngap_pdu_reject(struct wb *w, unsigned amf_id, unsigned ran_id, unsigned sm_cause)
{
	struct wb ies = { .n = 0 }, nas = { .n = 0 };

	ie_small_id(&ies, 10, REJECT, amf_id);                /* AMF-UE-NGAP-ID */
	ie_small_id(&ies, 85, REJECT, ran_id);                /* RAN-UE-NGAP-ID */
	put8(&nas, 0x7e);      /* 5GMM */
	put8(&nas, 0x00);      /* plain */
	put8(&nas, 0x68);      /* DL NAS transport */
	put8(&nas, 0x01);      /* payload container type: N1 SM information */
	put16(&nas, 5);        /* payload container (LV-E): the 5GSM message */
	put8(&nas, 0x2e);      /*   5GSM */
	put8(&nas, 0x01);      /*   PDU session identity 1 */
	put8(&nas, 0x01);      /*   procedure transaction identity 1 */
	put8(&nas, 0xc3);      /*   PDU session establishment reject */
	put8(&nas, sm_cause);  /*   5GSM cause (§9.11.4.2) */
	put8(&nas, 0x12);      /* PDU session ID (IEI 0x12) */
	put8(&nas, 0x01);
	ie_octets(&ies, 38, REJECT, &nas);                    /* NAS-PDU */
	ap_pdu(w, 0, 4, IGNORE, 3, &ies);
}

/* NGAP UEContextReleaseCommand (procedure 41): UE-NGAP-IDs, the
 * aMF-UE-NGAP-ID alternative, and a Cause (TS 38.413 §9.3.1.2). */
static void
ngap_release_command(struct wb *w, unsigned amf_id)
{
	struct wb ies = { .n = 0 }, v = { .n = 0 };

	put8(&v, 0x40);      /* 01 choice aMF-UE-NGAP-ID | 000 one octet | pad */
	put8(&v, amf_id);
	ie(&ies, 114, REJECT, &v);                            /* UE-NGAP-IDs */
	v.n = 0;
	put8(&v, 0x05);      /* 000 radioNetwork | 0 | 0101 01: value 21 of 45 roots, */
	put8(&v, 0x40);      /* radio-connection-with-ue-lost */
	ie(&ies, 15, IGNORE, &v);                             /* Cause */
	ap_pdu(w, 0, 41, REJECT, 2, &ies);
}

/* A PDU session refused (5GSM 27), then the UE context released because
 * the radio connection was lost: the 5gsm and ngap cause families. */
static void
ngap_pdu_release(const char *dir)
{
	struct ep gnb = v4(10, 0, 1, 1, 38412), amf = v4(10, 0, 1, 2, 38412);
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "ngap-pdu-reject-release.pcap", ETH);
	ngap_pdu_reject(&m, 3, 7, 27);
	send_sctp(&o, amf, gnb, 60, &m, 1, 0);                 /* 1: PDU session establishment reject */
	m.n = 0;
	ngap_release_command(&m, 3);
	send_sctp(&o, amf, gnb, 60, &m, 1, 30000);             /* 2: UEContextReleaseCommand */
	out_close(&o);
}

static void
ngap_reject(const char *dir)
{
	struct ep gnb = v4(10, 0, 1, 1, 38412), amf = v4(10, 0, 1, 2, 38412);
	struct wb m = { .n = 0 };
	struct out o;

	/* Linux cooked capture: as captured with "tcpdump -i any" on the AMF. */
	out_open(&o, dir, "ngap-registration-reject-sll.pcap", SLL);
	ngap_initial_ue(&m, 7);
	send_sctp(&o, gnb, amf, 60, &m, 0, 0);                 /* 1: Registration request */
	m.n = 0;
	ngap_registration_reject(&m, 3, 7, 7);
	send_sctp(&o, amf, gnb, 60, &m, 1, 5100);              /* 2: Registration reject, 5GMM 7 */
	out_close(&o);
}

static void
diameter_tcp_vlan(const char *dir)
{
	struct ep mme = v4(10, 0, 0, 2, 45000), hss = v4(10, 0, 0, 3, 3868);
	struct wb req = { .n = 0 }, ans = { .n = 0 }, t = { .n = 0 };
	struct out o;

	out_open(&o, dir, "diameter-tcp-qinq.pcap", ETH_QINQ);
	s6a_ulr_ula(&req, &ans);
	tcp(&t, mme, hss, 1000, 2000, &req);
	send_ip(&o, mme, hss, 6, &t, 1, 0);
	t.n = 0;
	tcp(&t, hss, mme, 2000, 1000 + (uint32_t)req.n, &ans);
	send_ip(&o, hss, mme, 6, &t, 0, 3100);
	out_close(&o);
}

/* The SIP 503 sent in two IPv4 fragments (RFC 791 §2.3), put back together
 * as tshark does. */
static void
ip_fragment(const char *dir)
{
	struct ep ue = v4(10, 1, 0, 10, 5060), pcscf = v4(10, 1, 0, 1, 5060);
	struct wb m = { .n = 0 }, t = { .n = 0 }, f = { .n = 0 };
	struct out o;
	size_t first = 160; /* a multiple of 8 octets */

	out_open(&o, dir, "sip-ip-fragments.pcap", ETH);
	sip_invite(&m);
	send_udp(&o, ue, pcscf, &m, 1, 0);                     /* 1: INVITE, whole */
	m.n = 0;
	sip_503_q850(&m);
	udp(&t, pcscf, ue, &m);
	link_hdr(&f, ETH, 0x0800, 0);
	ipv4_frag(&f, pcscf, ue, 17, 0x2222, 0x2000 /* MF, offset 0 */, t.b, first);
	out_frame(&o, &f, 350000);                             /* 2: first fragment */
	f.n = 0;
	link_hdr(&f, ETH, 0x0800, 0);
	ipv4_frag(&f, pcscf, ue, 17, 0x2222, (unsigned)(first / 8), t.b + first, t.n - first);
	out_frame(&o, &f, 10);                                 /* 3: last fragment */
	out_close(&o);
}

/* The INVITE / 503 exchange of sip_503 on UDP port 5065 (as Cisco CUBE
 * uses): SIP recognised by content, not by port. */
static void
sip_other_port(const char *dir)
{
	struct ep ue = v4(10, 1, 0, 10, 5065), pcscf = v4(10, 1, 0, 1, 5065);
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "sip-port-5065.pcap", ETH);
	sip_invite(&m);
	send_udp(&o, ue, pcscf, &m, 1, 0);                     /* 1: INVITE */
	m.n = 0;
	sip_503_q850(&m);
	send_udp(&o, pcscf, ue, &m, 0, 350000);                /* 2: 503, Q.850 34 */
	out_close(&o);
}

/* An IP packet (UDP, src -> dst, payload msg) as bytes of its own. */
static void
ip_udp_packet(struct wb *w, struct ep s, struct ep d, const struct wb *msg)
{
	struct wb t = { .n = 0 };

	udp(&t, s, d, msg);
	ip(w, s, d, 17, &t);
}

/*
 * GTP-U G-PDU (TS 29.281 §5.1) carrying inner: version 1, PT 1; with ext,
 * the optional fields and a PDU Session Container extension header (type
 * 0x85, TS 38.415 §5.5.2: one 4-octet unit, QFI 9) as N3 carries them.
 */
static void
gtpu(struct wb *w, uint32_t teid, int ext, const struct wb *inner)
{
	put8(w, ext ? 0x34 : 0x30);
	put8(w, 255);                /* G-PDU */
	put16(w, (unsigned)(inner->n + (ext ? 8 : 0)));
	put32(w, teid);
	if (ext) {
		put16(w, 0);         /* sequence number */
		put8(w, 0);          /* N-PDU number */
		put8(w, 0x85);       /* next: PDU Session Container */
		put8(w, 1);          /* length: 4 octets */
		put8(w, 0x10);       /* UL PDU session information */
		put8(w, 9);          /* QFI */
		put8(w, 0);          /* no next extension */
	}
	putwb(w, inner);
}

/* SIP between a UE and the P-CSCF inside GTP-U tunnels on S1-U (eNB <->
 * SGW, port 2152): the INVITE uplink (TEID 0x1001), the 503 downlink
 * (TEID 0x2002, with an extension header). */
static void
sip_in_gtpu(const char *dir)
{
	struct ep enb = v4(10, 0, 2, 1, 2152), sgw = v4(10, 0, 2, 2, 2152);
	struct ep ue = v4(10, 45, 0, 2, 5060), pcscf = v4(10, 46, 0, 1, 5060);
	struct wb m = { .n = 0 }, in = { .n = 0 }, g = { .n = 0 };
	struct out o;

	out_open(&o, dir, "sip-in-gtpu.pcap", ETH);
	sip_invite(&m);
	ip_udp_packet(&in, ue, pcscf, &m);
	gtpu(&g, 0x1001, 0, &in);
	send_udp(&o, enb, sgw, &g, 1, 0);                      /* 1: INVITE, uplink */
	m.n = in.n = g.n = 0;
	sip_503_q850(&m);
	ip_udp_packet(&in, pcscf, ue, &m);
	gtpu(&g, 0x2002, 1, &in);
	send_udp(&o, sgw, enb, &g, 0, 350000);                 /* 2: 503, downlink */
	m.n = g.n = 0;
	put8(&g, 0x32);                                        /* 3: echo request (type 1): */
	put8(&g, 1);                                           /*    GTP-U's own, counted */
	put16(&g, 4);
	put32(&g, 0);
	put32(&g, 0);
	send_udp(&o, enb, sgw, &g, 1, 1000);
	out_close(&o);
}

/* IPv6 fragment (RFC 8200 §4.5) of the fragmentable part part[0..n) at
 * byte offset off, upper protocol proto. */
static void
ipv6_frag(struct wb *w, struct ep s, struct ep d, unsigned proto, uint32_t id, size_t off, int more,
	  const uint8_t *part, size_t n)
{
	put32(w, 0x60000000);
	put16(w, (unsigned)(8 + n));
	put8(w, 44);                 /* next: Fragment */
	put8(w, 64);
	putn(w, s.a, 16);
	putn(w, d.a, 16);
	put8(w, proto);
	put8(w, 0);
	put16(w, (unsigned)off | (more ? 1u : 0u));
	put32(w, id);
	putn(w, part, n);
}

/* The 503 over IPv6 in three fragments, the middle one sent twice before
 * the last (a duplicate changes nothing, counted once as such). */
static void
sip_ipv6_fragments(const char *dir)
{
	struct ep ue = v6(10, 5060), pcscf = v6(1, 5060);
	struct wb m = { .n = 0 }, t = { .n = 0 }, f = { .n = 0 };
	struct out o;
	size_t a = 152, b = 304; /* multiples of 8 octets */

	out_open(&o, dir, "sip-ipv6-fragments.pcap", ETH);
	sip_invite(&m);
	send_udp(&o, ue, pcscf, &m, 1, 0);                     /* 1: INVITE, whole */
	m.n = 0;
	sip_503_q850(&m);
	udp(&t, pcscf, ue, &m);
	link_hdr(&f, ETH, 0x86dd, 0);
	ipv6_frag(&f, pcscf, ue, 17, 0x33334444, 0, 1, t.b, a);
	out_frame(&o, &f, 350000);                             /* 2: first fragment */
	f.n = 0;
	link_hdr(&f, ETH, 0x86dd, 0);
	ipv6_frag(&f, pcscf, ue, 17, 0x33334444, a, 1, t.b + a, b - a);
	out_frame(&o, &f, 10);                                 /* 3: middle */
	out_frame(&o, &f, 10);                                 /* 4: middle again: a duplicate */
	f.n = 0;
	link_hdr(&f, ETH, 0x86dd, 0);
	ipv6_frag(&f, pcscf, ue, 17, 0x33334444, b, 0, t.b + b, t.n - b);
	out_frame(&o, &f, 10);                                 /* 5: last: complete */
	out_close(&o);
}

/* A TCP segment of payload p[0..n) (PSH|ACK). */
static void
send_tcp(struct out *o, struct ep s, struct ep d, uint32_t seq, uint32_t ack, const uint8_t *p,
	 size_t n, int outgoing, long step)
{
	struct wb t = { .n = 0 }, pl = { .n = 0 };

	putn(&pl, p, n);
	tcp(&t, s, d, seq, ack, &pl);
	send_ip(o, s, d, 6, &t, outgoing, step);
}

/* SIP over TCP (RFC 3261 §18.3) in segments: the INVITE in two, its first
 * segment retransmitted; the 503 in three, the third arriving before the
 * second (out of order), so neither message is whole in one segment. */
static void
sip_tcp_segments(const char *dir)
{
	struct ep ue = v4(10, 1, 0, 10, 50600), pcscf = v4(10, 1, 0, 1, 5060);
	struct wb inv = { .n = 0 }, rsp = { .n = 0 };
	struct out o;
	uint32_t us = 1000, them = 9000;
	size_t cut = 100, cut2 = 200;

	out_open(&o, dir, "sip-tcp-segments.pcap", ETH);
	sip_invite(&inv);
	sip_503_q850(&rsp);
	send_tcp(&o, ue, pcscf, us, them, inv.b, cut, 1, 0);                 /* 1: INVITE, part 1 */
	send_tcp(&o, ue, pcscf, us, them, inv.b, cut, 1, 200000);            /* 2: retransmitted */
	send_tcp(&o, ue, pcscf, us + (uint32_t)cut, them, inv.b + cut, inv.n - cut, 1, 10); /* 3 */
	us += (uint32_t)inv.n;
	send_tcp(&o, pcscf, ue, them, us, rsp.b, cut, 0, 350000);           /* 4: 503, part 1 */
	send_tcp(&o, pcscf, ue, them + (uint32_t)cut2, us, rsp.b + cut2, rsp.n - cut2, 0, 10); /* 5: part 3 */
	send_tcp(&o, pcscf, ue, them + (uint32_t)cut, us, rsp.b + cut, cut2 - cut, 0, 10); /* 6: part 2 */
	out_close(&o);
}

/* The 503 over a PPPoE session (RFC 2516 §4: ethertype 0x8864, PPP
 * protocol 0x0021 IPv4), after a PADI (discovery, 0x8863: counted). */
static void
sip_pppoe(const char *dir)
{
	struct ep ue = v4(10, 1, 0, 10, 5060), pcscf = v4(10, 1, 0, 1, 5060);
	struct wb m = { .n = 0 }, in = { .n = 0 }, f = { .n = 0 };
	struct out o;

	out_open(&o, dir, "sip-pppoe.pcap", ETH);
	link_hdr(&f, ETH, 0x8863, 1);
	put8(&f, 0x11);              /* version 1, type 1 */
	put8(&f, 0x09);              /* PADI */
	put16(&f, 0);                /* session 0 */
	put16(&f, 4);
	put16(&f, 0x0101);           /* tag: Service-Name, empty */
	put16(&f, 0);
	out_frame(&o, &f, 0);                                  /* 1: PADI */
	sip_503_q850(&m);
	ip_udp_packet(&in, pcscf, ue, &m);
	f.n = 0;
	link_hdr(&f, ETH, 0x8864, 0);
	put8(&f, 0x11);
	put8(&f, 0x00);              /* session data */
	put16(&f, 0x0042);           /* session id */
	put16(&f, (unsigned)(2 + in.n));
	put16(&f, 0x0021);           /* PPP: IPv4 */
	putwb(&f, &in);
	out_frame(&o, &f, 350000);                             /* 2: 503 */
	out_close(&o);
}

/* The 503 inside GRE (RFC 2784, with the key of RFC 2890) between two
 * routers: the inner packet IPv4, then (transparent Ethernet bridging,
 * 0x6558) an Ethernet frame; then the 503 over L2TPv2 (RFC 2661: UDP 1701,
 * a data message with length and sequence numbers, PPP in HDLC-like
 * framing) after an L2TP control message (counted). */
static void
sip_gre(const char *dir)
{
	struct ep r1 = v4(192, 0, 2, 1, 0), r2 = v4(192, 0, 2, 2, 0);
	struct ep lac = v4(192, 0, 2, 3, 1701), lns = v4(192, 0, 2, 4, 1701);
	struct ep ue = v4(10, 1, 0, 10, 5060), pcscf = v4(10, 1, 0, 1, 5060);
	struct wb m = { .n = 0 }, in = { .n = 0 }, g = { .n = 0 };
	struct out o;

	out_open(&o, dir, "sip-gre.pcap", ETH);
	sip_503_q850(&m);
	ip_udp_packet(&in, pcscf, ue, &m);
	put16(&g, 0x2000);           /* K: a key follows; version 0 */
	put16(&g, 0x0800);           /* IPv4 */
	put32(&g, 77);               /* key */
	putwb(&g, &in);
	send_ip(&o, r1, r2, 47, &g, 0, 0);                     /* 1: 503 in GRE, IPv4 */
	g.n = 0;
	put16(&g, 0x0000);           /* no options; version 0 */
	put16(&g, 0x6558);           /* transparent Ethernet bridging */
	link_hdr(&g, ETH, 0x0800, 0);
	putwb(&g, &in);
	send_ip(&o, r1, r2, 47, &g, 0, 1000);                  /* 2: 503 in GRE, Ethernet */
	g.n = 0;
	put16(&g, 0xc802);           /* T L S, version 2: a control message */
	put16(&g, 12);               /* length */
	put16(&g, 0);                /* tunnel 0 */
	put16(&g, 0);                /* session 0 */
	put16(&g, 0);                /* Ns */
	put16(&g, 0);                /* Nr */
	send_udp(&o, lac, lns, &g, 1, 1000);                   /* 3: L2TP control (ZLB) */
	g.n = 0;
	put16(&g, 0x4802);           /* L S, version 2: data */
	put16(&g, (unsigned)(12 + 4 + in.n));
	put16(&g, 5);                /* tunnel */
	put16(&g, 9);                /* session */
	put16(&g, 1);                /* Ns */
	put16(&g, 1);                /* Nr */
	put8(&g, 0xff);              /* PPP address */
	put8(&g, 0x03);              /* PPP control */
	put16(&g, 0x0021);           /* PPP: IPv4 */
	putwb(&g, &in);
	send_udp(&o, lns, lac, &g, 0, 1000);                   /* 4: 503 in L2TP */
	out_close(&o);
}

/* An S1AP DownlinkNASTransport whose NAS-PDU is security protected with
 * header type sht (TS 24.301 §9.3.1: MAC, sequence number sqn) around
 * body: the plain message under the null cipher EEA0, or ciphertext. */
static void
s1ap_protected_nas(struct wb *w, unsigned mme_id, unsigned enb_id, unsigned sht, unsigned sqn,
		   const struct wb *body)
{
	struct wb ies = { .n = 0 }, nas = { .n = 0 };

	ie_small_id(&ies, 0, REJECT, mme_id);
	ie_small_id(&ies, 8, REJECT, enb_id);
	put8(&nas, (sht << 4) | 0x07);
	put32(&nas, 0x5a17c0de); /* MAC */
	put8(&nas, sqn);
	putwb(&nas, body);
	ie_octets(&ies, 26, REJECT, &nas);
	ap_pdu(w, 0, 11, IGNORE, 3, &ies);
}

/* After the Attach request: a Tracking area update reject with EMM cause
 * 17 (network failure) sent "integrity protected and ciphered" under the
 * null cipher (decoded), then a message really ciphered (counted). */
static void
nas_null_cipher(const char *dir)
{
	static const uint8_t cipher[] = { 0x9c, 0x31, 0xe7, 0x05, 0x6b, 0xd2, 0x48, 0x1f };
	struct wb m = { .n = 0 }, b = { .n = 0 };
	struct out o;

	out_open(&o, dir, "nas-null-cipher-reject.pcap", ETH);
	s1ap_initial_ue(&m, 1);
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 0);           /* 1: Attach request */
	m.n = 0;
	put8(&b, 0x07);              /* plain NAS, EMM */
	put8(&b, 0x4b);              /* Tracking area update reject, §8.2.28 */
	put8(&b, 17);                /* EMM cause: network failure */
	s1ap_protected_nas(&m, 1, 1, 2, 3, &b);
	send_sctp(&o, mme_s1, enb_s1, 18, &m, 1, 900);         /* 2: under EEA0 */
	m.n = b.n = 0;
	putn(&b, cipher, sizeof(cipher));
	s1ap_protected_nas(&m, 1, 1, 2, 4, &b);
	send_sctp(&o, mme_s1, enb_s1, 18, &m, 1, 900);         /* 3: ciphered: counted */
	out_close(&o);
}

/* The attach of lte_attach_reject on a Linux "any" capture (cooked), its
 * Attach reject captured twice (the same DATA chunk, the same TSN): one
 * cause, the copy counted as a duplicate. */
static void
s1ap_duplicate_chunk(const char *dir)
{
	struct wb m = { .n = 0 }, t = { .n = 0 }, f = { .n = 0 };
	struct out o;

	out_open(&o, dir, "s1ap-duplicate-chunk.pcap", SLL);
	s1ap_initial_ue(&m, 1);
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 0);           /* 1: Attach request */
	m.n = 0;
	s1ap_attach_reject(&m, 1, 1, 15);
	sctp(&t, mme_s1, enb_s1, o.tsn++, 1, o.ssn++ & 0xffff, 18, &m);
	link_hdr(&f, SLL, 0x0800, 1);
	ip(&f, mme_s1, enb_s1, 132, &t);
	out_frame(&o, &f, 900);                                /* 2: Attach reject, EMM 15 */
	out_frame(&o, &f, 3);                                  /* 3: the same, again */
	out_close(&o);
}

/* The attach of lte_attach_reject with a multi-homed eNB (a second address,
 * 10.0.0.11): the Attach reject is not acknowledged, so the MME sends the
 * same DATA chunk again after the retransmission timeout (RFC 9260 §6.3.3:
 * RTO.Initial 1 s) to the eNB's other address (§6.4: a retransmission goes
 * to another active destination). One association, one TSN: one cause, the
 * retransmission counted as a duplicate. */
static void
s1ap_retransmission_multihomed(const char *dir)
{
	static const struct ep enb_s1_alt = { 0, { 10, 0, 0, 11 }, 36412 };
	struct wb m = { .n = 0 }, t = { .n = 0 }, f = { .n = 0 }, g = { .n = 0 };
	struct out o;

	out_open(&o, dir, "s1ap-retransmission-multihomed.pcap", ETH);
	s1ap_initial_ue(&m, 1);
	send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 0);           /* 1: Attach request */
	m.n = 0;
	s1ap_attach_reject(&m, 1, 1, 15);
	sctp(&t, mme_s1, enb_s1, o.tsn++, 1, o.ssn++ & 0xffff, 18, &m);
	link_hdr(&f, ETH, 0x0800, 1);
	ip(&f, mme_s1, enb_s1, 132, &t);
	out_frame(&o, &f, 900);                                /* 2: Attach reject, EMM 15 */
	link_hdr(&g, ETH, 0x0800, 1);
	ip(&g, mme_s1, enb_s1_alt, 132, &t);
	out_frame(&o, &g, 1000000);                            /* 3: the same chunk, to 10.0.0.11 */
	out_close(&o);
}

/* ---- GPRS, the user plane's control, H.323 ------------------------------- */

/* GTPv1-C header (TS 29.060 §6): version 1, PT 1, S set; the length counts
 * what follows the first 8 octets (sequence number, N-PDU, next ext, IEs). */
static void
gtpv1_msg(struct wb *w, unsigned type, uint32_t teid, unsigned seq, const struct wb *ies)
{
	put8(w, 0x32);
	put8(w, type);
	put16(w, (unsigned)(4 + ies->n));
	put32(w, teid);
	put16(w, seq);
	put8(w, 0);                             /* N-PDU number */
	put8(w, 0);                             /* no extension header */
	putwb(w, ies);
}

/* An SGSN's Create PDP Context Request and the GGSN's Response rejecting
 * it (cause 200 "Service not supported"), then a GTP' echo on 3386
 * (charging: named, counted unsupported). */
static void
gtpv1_create_pdp_reject(const char *dir)
{
	struct ep sgsn = v4(10, 2, 0, 1, 2123), ggsn = v4(10, 2, 0, 2, 2123);
	struct ep cdf = v4(10, 2, 0, 3, 3386), cgf = v4(10, 2, 0, 4, 3386);
	struct wb ies = { .n = 0 }, m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "gtpv1-create-pdp-reject.pcap", ETH);
	put8(&ies, 2);                          /* IMSI (§7.7.2), TV 8 */
	tbcd(&ies, IMSI);
	put8(&ies, 15);                         /* Selection Mode (§7.7.12) */
	put8(&ies, 0xfc);                       /* MS or network provided APN, subscribed */
	put8(&ies, 16);                         /* TEID Data I (§7.7.13) */
	put32(&ies, 0x0000a001);
	put8(&ies, 17);                         /* TEID Control Plane (§7.7.14) */
	put32(&ies, 0x0000a002);
	put8(&ies, 20);                         /* NSAPI (§7.7.17) */
	put8(&ies, 5);
	put8(&ies, 131);                        /* Access Point Name (§7.7.30), TLV */
	put16(&ies, 9);
	put8(&ies, 8);
	puts_(&ies, "internet");
	put8(&ies, 134);                        /* MSISDN (§7.7.33), TLV */
	put16(&ies, 8);
	put8(&ies, 0x91);                       /* international, ISDN numbering plan */
	tbcd(&ies, "8613612345678");
	gtpv1_msg(&m, 16, 0, 0x0101, &ies);     /* 1: Create PDP Context Request */
	send_udp(&o, sgsn, ggsn, &m, 1, 0);
	ies.n = m.n = 0;
	put8(&ies, 1);                          /* Cause (§7.7.1) */
	put8(&ies, 200);                        /* Service not supported */
	gtpv1_msg(&m, 17, 0x0000a002, 0x0101, &ies); /* 2: Create PDP Context Response */
	send_udp(&o, ggsn, sgsn, &m, 0, 3100);
	m.n = 0;
	put8(&m, 0x2f);                         /* GTP' (TS 32.295 §6.1.1): version 1, PT 0, H 1: the 6-octet header */
	put8(&m, 1);                            /* Echo Request */
	put16(&m, 0);
	put16(&m, 7);                           /* sequence number */
	send_udp(&o, cdf, cgf, &m, 1, 500000);  /* 3: GTP' Echo Request */
	out_close(&o);
}

/* A PFCP IE (TS 29.244 §8.1.1): type, length, value. */
static void
pfcp_ie(struct wb *w, unsigned type, const struct wb *v)
{
	put16(w, type);
	put16(w, (unsigned)v->n);
	putwb(w, v);
}

/* PFCP header (§7.2.2.1) with a SEID (S = 1). */
static void
pfcp_msg(struct wb *w, unsigned type, uint32_t seid_lo, unsigned seq, const struct wb *ies)
{
	put8(w, 0x21);                          /* version 1, S */
	put8(w, type);
	put16(w, (unsigned)(12 + ies->n));
	put32(w, 0);
	put32(w, seid_lo);                      /* SEID */
	put24(w, seq);
	put8(w, 0);
	putwb(w, ies);
}

/* An SMF's Session Establishment Request and the UPF's Response rejecting
 * it: cause 73 "Rule creation/modification Failure", Offending IE 1
 * (Create PDR). */
static void
pfcp_session_reject(const char *dir)
{
	struct ep smf = v4(10, 3, 0, 1, 8805), upf = v4(10, 3, 0, 2, 8805);
	struct wb ies = { .n = 0 }, v = { .n = 0 }, m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "pfcp-session-establishment-reject.pcap", ETH);
	put8(&v, 0);                            /* Node ID (§8.2.38): IPv4 */
	putn(&v, smf.a, 4);
	pfcp_ie(&ies, 60, &v);
	v.n = 0;
	put8(&v, 0x02);                         /* F-SEID (§8.2.37): V4 */
	put32(&v, 0);
	put32(&v, 0x00005001);                  /* the SMF's SEID */
	putn(&v, smf.a, 4);
	pfcp_ie(&ies, 57, &v);
	pfcp_msg(&m, 50, 0, 42, &ies);          /* 1: Session Establishment Request */
	send_udp(&o, smf, upf, &m, 1, 0);
	ies.n = v.n = m.n = 0;
	put8(&v, 0);                            /* Node ID: IPv4 */
	putn(&v, upf.a, 4);
	pfcp_ie(&ies, 60, &v);
	v.n = 0;
	put8(&v, 73);                           /* Cause (§8.2.1) */
	pfcp_ie(&ies, 19, &v);
	v.n = 0;
	put16(&v, 1);                           /* Offending IE (§8.2.22): Create PDR */
	pfcp_ie(&ies, 40, &v);
	pfcp_msg(&m, 51, 0x00005001, 42, &ies); /* 2: Session Establishment Response */
	send_udp(&o, upf, smf, &m, 0, 2100);
	out_close(&o);
}

/* A Q.931 message (Q.931 §4) in a TPKT (RFC 1006 §6): protocol
 * discriminator 8, a 2-octet call reference, the type, the IEs. */
static void
h225_msg(struct wb *w, unsigned type, unsigned cref, const struct wb *ies)
{
	put8(w, 3);                             /* TPKT version 3 */
	put8(w, 0);
	put16(w, (unsigned)(4 + 5 + ies->n));
	put8(w, 0x08);                          /* Q.931 */
	put8(w, 2);                             /* call reference length */
	put16(w, cref);
	put8(w, type);
	putwb(w, ies);
}

/* An H.323 call on TCP 1720: Setup (Bearer capability), then Release
 * Complete with cause 34 "No circuit/channel available", its TPKT cut over
 * two segments. */
static void
h225_release_cause34(const char *dir)
{
	struct ep caller = v4(10, 4, 0, 1, 11720), gk = v4(10, 4, 0, 2, 1720);
	struct wb ies = { .n = 0 }, setup = { .n = 0 }, rc = { .n = 0 };
	struct out o;
	uint32_t us = 5000, them = 7000;
	size_t cut = 9;

	out_open(&o, dir, "h225-release-complete-cause34.pcap", ETH);
	put8(&ies, 0x04);                       /* Bearer capability (§4.5.5) */
	put8(&ies, 3);
	put8(&ies, 0x88);                       /* ITU-T, unrestricted digital */
	put8(&ies, 0x90);                       /* circuit mode, 64 kbit/s */
	put8(&ies, 0xa5);                       /* layer 1: G.711 A-law */
	h225_msg(&setup, 0x05, 0x0001, &ies);
	send_tcp(&o, caller, gk, us, them, setup.b, setup.n, 1, 0);           /* 1: Setup */
	us += (uint32_t)setup.n;
	ies.n = 0;
	put8(&ies, 0x08);                       /* Cause (§4.5.12) */
	put8(&ies, 2);
	put8(&ies, 0x82);                       /* ext, ITU-T, public network serving the local user */
	put8(&ies, 0x80 | 34);                  /* ext, No circuit/channel available */
	h225_msg(&rc, 0x5a, 0x8001, &ies);
	send_tcp(&o, gk, caller, them, us, rc.b, cut, 0, 40000);              /* 2: Release Complete, part 1 */
	send_tcp(&o, gk, caller, them + (uint32_t)cut, us, rc.b + cut, rc.n - cut, 0, 10); /* 3: part 2 */
	out_close(&o);
}

/* GMM Attach Reject and SM Activate PDP Context Reject on the phone's
 * side (GSMTAP, SDCCH): the gmm and sm cause families. */
static void
gsmtap_gmm_sm(const char *dir)
{
	static const uint8_t attach_reject[] = {
		0x08,   /* skip indicator 0, PD 8 GPRS mobility management (TS 24.007 §11.2.3.1.1) */
		0x04,   /* Attach Reject (TS 24.008 §9.4.4) */
		0x07,   /* GMM cause (§10.5.5.14): 7 GPRS services not allowed */
	};
	static const uint8_t pdp_reject[] = {
		0x8a,   /* TI flag 1, TI 0, PD 10 session management */
		0x43,   /* Activate PDP Context Reject (§9.5.3) */
		0x1a,   /* SM cause (§10.5.6.6): 26 insufficient resources */
	};
	struct ep phone = v4(127, 0, 0, 1, 40000), logger = v4(127, 0, 0, 1, 4729);
	struct wb m = { .n = 0 };
	struct out o;

	out_open(&o, dir, "gsmtap-gmm-attach-reject.pcap", ETH);
	gsm_sdcch_dl(&m, pdp_reject, sizeof(pdp_reject), 0, 3234567);
	send_udp(&o, phone, logger, &m, 1, 0);                 /* 1: Activate PDP Context Reject, SM 26 */
	m.n = 0;
	gsm_sdcch_dl(&m, attach_reject, sizeof(attach_reject), 1, 3234619);
	send_udp(&o, phone, logger, &m, 1, 300000);            /* 2: Attach Reject, GMM 7 */
	out_close(&o);
}

/* A file that ends in the middle of its third record (as a capture copied
 * while still being written): libpcap reports it after frame 2. */
static void
truncated(const char *dir)
{
	char path[1024];
	FILE *fp;
	long size;

	sip_503(dir, "truncated.pcap", ETH);
	snprintf(path, sizeof(path), "%s/truncated.pcap", dir);
	fp = fopen(path, "rb");
	if (!fp || fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0) {
		fprintf(stderr, "gen-captures: %s: cannot measure\n", path);
		exit(1);
	}
	fclose(fp);
	/* 24-octet file header, then records of 16-octet header + frame:
	 * frames 1 and 2, then 16 + 40 octets of frame 3. */
	{
		struct wb a = { .n = 0 }, b = { .n = 0 }, u = { .n = 0 }, fr = { .n = 0 };
		struct ep ue = v4(10, 1, 0, 10, 5060), pcscf = v4(10, 1, 0, 1, 5060);
		long cut;

		sip_invite(&a);
		udp(&u, ue, pcscf, &a);
		link_hdr(&fr, ETH, 0x0800, 1);
		ip(&fr, ue, pcscf, 17, &u);
		cut = 24 + 16 + (long)fr.n;
		sip_response(&b, "100 Trying", "");
		u.n = 0;
		fr.n = 0;
		udp(&u, pcscf, ue, &b);
		link_hdr(&fr, ETH, 0x0800, 0);
		ip(&fr, pcscf, ue, 17, &u);
		cut += 16 + (long)fr.n + 16 + 40;
		if (cut >= size || truncate(path, cut) != 0) {
			fprintf(stderr, "gen-captures: %s: cannot cut at %ld\n", path, cut);
			exit(1);
		}
	}
}

/* ---- SS7: M3UA, MTP2/MTP3, SCCP, BSSMAP, RANAP, TCAP/MAP, ISUP ----------- */

static const struct ep msc_m3ua = { 0, { 10, 0, 2, 1 }, 2905 };
static const struct ep stp_m3ua = { 0, { 10, 0, 2, 2 }, 2905 };

/* M3UA DATA (RFC 4666 §3.3.1) with Protocol Data: OPC, DPC, SI, NI 2
 * (national), MP 0, SLS 0, then the MTP3 user's message. */
static void
m3ua_data(struct wb *w, uint32_t opc, uint32_t dpc, unsigned si, const struct wb *user)
{
	size_t plen = 4 + 12 + user->n, pad = (4 - plen % 4) % 4;

	put8(w, 1); put8(w, 0); put8(w, 1); put8(w, 1); /* version, reserved, transfer, DATA */
	put32(w, (uint32_t)(8 + plen + pad));
	put16(w, 0x0210);
	put16(w, (unsigned)plen);
	put32(w, opc);
	put32(w, dpc);
	put8(w, si); put8(w, 2); put8(w, 0); put8(w, 0);
	putwb(w, user);
	for (size_t i = 0; i < pad; i++)
		put8(w, 0);
}

/* SCCP party address, ITU (Q.713 §3.4): route on SSN, point code and SSN. */
static void
sccp_addr(struct wb *w, unsigned pc, unsigned ssn)
{
	put8(w, 4);
	put8(w, 0x43); /* RI = SSN, no GT, SSN and PC present */
	put8(w, pc & 0xff);
	put8(w, pc >> 8);
	put8(w, ssn);
}

/* SCCP UDT, class 0 (Q.713 §4.10): three pointers, called, calling, data. */
static void
sccp_udt(struct wb *w, unsigned called_ssn, unsigned calling_ssn, const struct wb *data)
{
	put8(w, 0x09);
	put8(w, 0x00);
	put8(w, 3);          /* called: after the three pointers */
	put8(w, 3 + 5 - 1);  /* calling: after called (5 octets) */
	put8(w, 3 + 10 - 2); /* data: after both */
	sccp_addr(w, 100, called_ssn);
	sccp_addr(w, 200, calling_ssn);
	put8(w, (unsigned)data->n);
	putwb(w, data);
}

/* SCCP CR (§4.2): source reference, class 2, called party, no optional part. */
static void
sccp_cr(struct wb *w, uint32_t src_ref, unsigned ssn)
{
	put8(w, 0x01);
	put24(w, src_ref);
	put8(w, 0x02);
	put8(w, 2); /* called */
	put8(w, 0); /* no optional part */
	sccp_addr(w, 100, ssn);
}

/* SCCP DT1 (§4.7): destination reference, no segmenting, data. */
static void
sccp_dt1(struct wb *w, uint32_t dst_ref, const struct wb *data)
{
	put8(w, 0x06);
	put24(w, dst_ref);
	put8(w, 0x00);
	put8(w, 1);
	put8(w, (unsigned)data->n);
	putwb(w, data);
}

/* BSSMAP (TS 48.008): discriminator 0, length, type, Cause IE (0x04, 1 octet). */
static void
bssmap_cause(struct wb *w, unsigned type, unsigned cause)
{
	put8(w, 0x00);
	put8(w, 4);
	put8(w, type);
	put8(w, 0x04); put8(w, 1); put8(w, cause);
}

static void
send_m3ua_sccp(struct out *o, int to_stp, const struct wb *sccp, long step)
{
	struct wb m = { .n = 0 };

	m3ua_data(&m, to_stp ? 100 : 200, to_stp ? 200 : 100, 3, sccp);
	send_sctp(o, to_stp ? msc_m3ua : stp_m3ua, to_stp ? stp_m3ua : msc_m3ua, 3, &m, to_stp, step);
}

/* A interface: the BSC (point code 200) and the MSC (100) over M3UA. */
static void
ss7_bssmap(const char *dir)
{
	struct out o;
	struct wb b = { .n = 0 }, s = { .n = 0 };

	out_open(&o, dir, "ss7-a-bssmap-clear-request.pcap", ETH);
	s.n = 0; sccp_cr(&s, 0x010203, 254);
	send_m3ua_sccp(&o, 0, &s, 0);                     /* 1: CR to BSSAP, no data */
	b.n = 0; bssmap_cause(&b, 0x03, 0x21);
	s.n = 0; sccp_dt1(&s, 0x0a0b0c, &b);
	send_m3ua_sccp(&o, 0, &s, 200000);                /* 2: Assignment Failure, no radio resource */
	b.n = 0; bssmap_cause(&b, 0x22, 0x01);
	s.n = 0; sccp_dt1(&s, 0x0a0b0c, &b);
	send_m3ua_sccp(&o, 0, &s, 300000);                /* 3: Clear Request, radio interface failure */
	b.n = 0; bssmap_cause(&b, 0x20, 0x09);
	s.n = 0; sccp_dt1(&s, 0x010203, &b);
	send_m3ua_sccp(&o, 1, &s, 100000);                /* 4: Clear Command, call control */
	b.n = 0;                                           /* DTAP, DLCI 0: CC Disconnect cause 17 */
	put8(&b, 0x01); put8(&b, 0x00); put8(&b, 6);
	put8(&b, 0x03); put8(&b, 0x25); put8(&b, 2); put8(&b, 0xe1); put8(&b, 0x80 | 17);
	b.b[2] = (uint8_t)(b.n - 3);
	s.n = 0; sccp_dt1(&s, 0x010203, &b);
	send_m3ua_sccp(&o, 1, &s, 100000);                /* 5: DTAP CC Disconnect, user busy */
	out_close(&o);
}

/* RANAP Cause radioNetwork v (1..64): CHOICE ext 0, index 0 (3 bits),
 * INTEGER (1..64) in 6 bits. */
static void
ranap_cause_radio(struct wb *w, unsigned v)
{
	struct bw b = { w, 0 };

	bits(&b, 0, 1);
	bits(&b, 0, 3);
	bits(&b, v - 1, 6);
}

/* Iu-CS: Iu Release Request (radio-connection-with-UE-Lost, 46), Iu
 * Release Command with the same cause, RAB Assignment Response (outcome)
 * with one failed RAB (requested-maximum-bit-rate-not-available, 20). */
static void
ss7_ranap(const char *dir)
{
	struct out o;
	struct wb r = { .n = 0 }, s = { .n = 0 }, ies = { .n = 0 }, v = { .n = 0 };

	out_open(&o, dir, "ss7-iu-ranap-release-request.pcap", ETH);
	v.n = 0; ranap_cause_radio(&v, 46);
	ies.n = 0; ie(&ies, 4, IGNORE, &v);
	r.n = 0; ap_pdu(&r, 0, 11, IGNORE, 1, &ies);
	s.n = 0; sccp_dt1(&s, 0x000101, &r);
	send_m3ua_sccp(&o, 0, &s, 0);                     /* 1: Iu-ReleaseRequest */
	r.n = 0; ap_pdu(&r, 0, 1, REJECT, 1, &ies);
	s.n = 0; sccp_dt1(&s, 0x000202, &r);
	send_m3ua_sccp(&o, 1, &s, 150000);                /* 2: Iu-ReleaseCommand */
	{
		/* RAB-FailedList: SIZE (1..256) count-1 in one octet, one
		 * container of one IE: id-RAB-FailedItem (34) { ext, opt,
		 * rAB-ID (8 bits) 5, Cause } */
		struct wb item = { .n = 0 }, list = { .n = 0 };
		struct bw b = { &item, 0 };

		bits(&b, 0, 2);
		bits(&b, 5, 8);
		bits(&b, 0, 1);
		bits(&b, 0, 3);
		bits(&b, 20 - 1, 6);
		put8(&list, 0);      /* one container */
		put16(&list, 1);     /* of one IE */
		ie(&list, 34, IGNORE, &item);
		ies.n = 0; ie(&ies, 35, IGNORE, &list);
		r.n = 0; ap_pdu(&r, 3, 0, IGNORE, 1, &ies);
		s.n = 0; sccp_dt1(&s, 0x000101, &r);
		send_m3ua_sccp(&o, 0, &s, 200000);        /* 3: RAB-AssignmentResponse */
	}
	out_close(&o);
}

/* BER TLV with a short length. */
static void
ber(struct wb *w, unsigned tag, const struct wb *val)
{
	put8(w, tag);
	put8(w, (unsigned)val->n);
	putwb(w, val);
}

static void
ber_int(struct wb *w, unsigned tag, unsigned v)
{
	put8(w, tag);
	put8(w, 1);
	put8(w, v);
}

/* TCAP End (Q.773) with dtid and one returnError component (local code). */
static void
tcap_end_error(struct wb *w, uint32_t dtid, unsigned invoke_id, unsigned error)
{
	struct wb c = { .n = 0 }, comp = { .n = 0 }, comps = { .n = 0 }, body = { .n = 0 };

	ber_int(&c, 0x02, invoke_id);
	ber_int(&c, 0x02, error);
	ber(&comp, 0xa3, &c);
	ber(&comps, 0x6c, &comp);
	put8(&body, 0x49); put8(&body, 4); put32(&body, dtid);
	putwb(&body, &comps);
	ber(w, 0x64, &body);
}

/* TCAP Begin with otid and an invoke of operation op (no dialogue portion:
 * an application-context-free MAP v1 style dialogue, enough for the test). */
static void
tcap_begin_invoke(struct wb *w, uint32_t otid, unsigned invoke_id, unsigned op)
{
	struct wb c = { .n = 0 }, comp = { .n = 0 }, comps = { .n = 0 }, body = { .n = 0 };
	struct wb arg = { .n = 0 };

	ber_int(&c, 0x02, invoke_id);
	ber_int(&c, 0x02, op);
	put8(&arg, 0x04); put8(&arg, 8); /* IMSI, TBCD (TS 29.002 §17.7.8) */
	put8(&arg, 0x00); put8(&arg, 0x01); put8(&arg, 0x01); put8(&arg, 0x21);
	put8(&arg, 0x43); put8(&arg, 0x65); put8(&arg, 0x87); put8(&arg, 0xf9);
	ber(&c, 0x30, &arg);
	ber(&comp, 0xa1, &c);
	ber(&comps, 0x6c, &comp);
	put8(&body, 0x48); put8(&body, 4); put32(&body, otid);
	putwb(&body, &comps);
	ber(w, 0x62, &body);
}

/* MAP between a VLR (SSN 7) and an HLR (SSN 6): sendAuthenticationInfo
 * answered unknownSubscriber (1), updateLocation answered
 * roamingNotAllowed (8), and a TCAP P-Abort unrecognizedTransactionID (1). */
static void
ss7_map(const char *dir)
{
	struct out o;
	struct wb t = { .n = 0 }, s = { .n = 0 }, body = { .n = 0 };

	out_open(&o, dir, "ss7-map-returnerror-abort.pcap", ETH);
	t.n = 0; tcap_begin_invoke(&t, 0x11223344, 1, 56);
	s.n = 0; sccp_udt(&s, 6, 7, &t);
	send_m3ua_sccp(&o, 1, &s, 0);                     /* 1: Begin, sendAuthenticationInfo */
	t.n = 0; tcap_end_error(&t, 0x11223344, 1, 1);
	s.n = 0; sccp_udt(&s, 7, 6, &t);
	send_m3ua_sccp(&o, 0, &s, 80000);                 /* 2: End, returnError unknownSubscriber */
	t.n = 0; tcap_begin_invoke(&t, 0x11223345, 1, 2);
	s.n = 0; sccp_udt(&s, 6, 7, &t);
	send_m3ua_sccp(&o, 1, &s, 500000);                /* 3: Begin, updateLocation */
	t.n = 0; tcap_end_error(&t, 0x11223345, 1, 8);
	s.n = 0; sccp_udt(&s, 7, 6, &t);
	send_m3ua_sccp(&o, 0, &s, 80000);                 /* 4: End, returnError roamingNotAllowed */
	body.n = 0;
	put8(&body, 0x49); put8(&body, 4); put32(&body, 0x55667788);
	ber_int(&body, 0x4a, 1);
	t.n = 0; ber(&t, 0x67, &body);
	s.n = 0; sccp_udt(&s, 7, 6, &t);
	send_m3ua_sccp(&o, 0, &s, 300000);                /* 5: Abort, p-abort unrecognizedTransactionID */
	out_close(&o);
}

/* SCCP XUDT (Q.713 §4.18), class 1 (in sequence), hop counter 15, with
 * the Segmentation parameter (§3.17): first, remaining, local reference. */
static void
sccp_xudt_segment(struct wb *w, unsigned called_ssn, unsigned calling_ssn, const uint8_t *data,
		  size_t n, int first, unsigned remaining, uint32_t ref)
{
	put8(w, 0x11);
	put8(w, 0x01);
	put8(w, 15);
	put8(w, 4);                    /* called: after the four pointers */
	put8(w, 4 + 5 - 1);            /* calling: after called (5 octets) */
	put8(w, 4 + 10 - 2);           /* data: after both */
	put8(w, (unsigned)(4 + 10 + 1 + n - 3)); /* optional part: after the data */
	sccp_addr(w, 100, called_ssn);
	sccp_addr(w, 200, calling_ssn);
	put8(w, (unsigned)n);
	for (size_t i = 0; i < n; i++)
		put8(w, data[i]);
	put8(w, 0x10); put8(w, 4);     /* Segmentation */
	put8(w, (first ? 0x80 : 0) | 0x40 | (remaining & 0x0f));
	put24(w, ref);
	put8(w, 0x00);                 /* end of optional parameters */
}

/* MAP between a VLR (SSN 7) and an HLR (SSN 6), the answers in XUDT
 * segments: updateLocation answered by a returnError unknownSubscriber (1)
 * split over two segments; a second End of which only the first of two
 * segments comes (counted, not decoded). */
static void
ss7_map_xudt(const char *dir)
{
	struct out o;
	struct wb t = { .n = 0 }, s = { .n = 0 };
	size_t half;

	out_open(&o, dir, "ss7-map-xudt-segmented-returnerror.pcap", ETH);
	t.n = 0; tcap_begin_invoke(&t, 0x21222324, 1, 2);
	s.n = 0; sccp_udt(&s, 6, 7, &t);
	send_m3ua_sccp(&o, 1, &s, 0);                     /* 1: Begin, updateLocation */
	t.n = 0; tcap_end_error(&t, 0x21222324, 1, 1);
	half = t.n / 2;
	s.n = 0; sccp_xudt_segment(&s, 7, 6, t.b, half, 1, 1, 0x0a0b0c);
	send_m3ua_sccp(&o, 0, &s, 80000);                 /* 2: XUDT, first of two */
	s.n = 0; sccp_xudt_segment(&s, 7, 6, t.b + half, t.n - half, 0, 0, 0x0a0b0c);
	send_m3ua_sccp(&o, 0, &s, 2000);                  /* 3: XUDT, last: End, returnError */
	t.n = 0; tcap_end_error(&t, 0x21222325, 1, 8);
	half = t.n / 2;
	s.n = 0; sccp_xudt_segment(&s, 7, 6, t.b, half, 1, 1, 0x0a0b0d);
	send_m3ua_sccp(&o, 0, &s, 300000);                /* 4: XUDT, first of two; the second lost */
	out_close(&o);
}

/* SUA (RFC 3868) between an SGP and an ASP: the same SCCP users as over
 * M3UA, without SCCP. */
static const struct ep sgp_sua = { 0, { 10, 0, 4, 1 }, 14001 };
static const struct ep asp_sua = { 0, { 10, 0, 4, 2 }, 14001 };

/* One SUA parameter (§3.10): tag, length with the header, value, padded
 * to 4 octets. */
static void
sua_param(struct wb *w, unsigned tag, const struct wb *val)
{
	put16(w, tag);
	put16(w, (unsigned)(4 + val->n));
	putwb(w, val);
	for (size_t i = val->n; i % 4; i++)
		put8(w, 0);
}

static void
sua_u32(struct wb *w, unsigned tag, uint32_t v)
{
	struct wb val = { .n = 0 };

	put32(&val, v);
	sua_param(w, tag, &val);
}

/* A SUA address (§3.10.2): routing on SSN and point code (RI 2), address
 * indicator SSN and PC present, then Point Code (0x8002) and SSN (0x8003). */
static void
sua_addr(struct wb *w, unsigned tag, uint32_t pc, unsigned ssn)
{
	struct wb a = { .n = 0 };

	put16(&a, 2);
	put16(&a, 0x0003);
	sua_u32(&a, 0x8002, pc);
	sua_u32(&a, 0x8003, ssn);
	sua_param(w, tag, &a);
}

/* The common header (§3.1) before the parameters. */
static void
sua_msg(struct wb *w, unsigned cls, unsigned type, const struct wb *params)
{
	put8(w, 1); put8(w, 0); put8(w, cls); put8(w, type);
	put32(w, (uint32_t)(8 + params->n));
	putwb(w, params);
}

/* CLDT (§3.3.1.1): protocol class 0, source and destination address,
 * sequence control, data. (No segments: tshark does not put SUA segments
 * back together, so a sample's could not be compared with it; the unit
 * test has them.) */
static void
sua_cldt(struct wb *w, unsigned called_ssn, unsigned calling_ssn, const uint8_t *data, size_t n)
{
	struct wb p = { .n = 0 }, d = { .n = 0 };

	sua_u32(&p, 0x0115, 0);               /* Protocol Class 0 */
	sua_addr(&p, 0x0102, 200, calling_ssn); /* Source Address */
	sua_addr(&p, 0x0103, 100, called_ssn);  /* Destination Address */
	sua_u32(&p, 0x0116, 0);               /* Sequence Control */
	for (size_t i = 0; i < n; i++)
		put8(&d, data[i]);
	sua_param(&p, 0x010b, &d);
	sua_msg(w, 7, 1, &p);
}

static void
send_sua(struct out *o, int to_sgp, const struct wb *m, long step)
{
	send_sctp(o, to_sgp ? asp_sua : sgp_sua, to_sgp ? sgp_sua : asp_sua, 4, m, to_sgp, step);
}

/* MAP between a VLR (SSN 7) and an HLR (SSN 6) in SUA CLDTs:
 * sendAuthenticationInfo answered by a returnError unknownSubscriber (1);
 * then Iu-CS in a SUA connection (RANAP, SSN 142): CORE, COAK,
 * CODT with an Iu-ReleaseRequest (radio-connection-with-UE-Lost, 46),
 * RELRE, RELCO. */
static void
sua_samples(const char *dir)
{
	struct out o;
	struct wb t = { .n = 0 }, m = { .n = 0 }, p = { .n = 0 }, d = { .n = 0 };
	struct wb r = { .n = 0 }, v = { .n = 0 }, ies = { .n = 0 };

	out_open(&o, dir, "sua-map-returnerror-ranap-release.pcap", ETH);
	t.n = 0; tcap_begin_invoke(&t, 0x31323334, 1, 56);
	m.n = 0; sua_cldt(&m, 6, 7, t.b, t.n);
	send_sua(&o, 1, &m, 0);                           /* 1: CLDT Begin, sendAuthenticationInfo */
	t.n = 0; tcap_end_error(&t, 0x31323334, 1, 1);
	m.n = 0; sua_cldt(&m, 7, 6, t.b, t.n);
	send_sua(&o, 0, &m, 80000);                       /* 2: CLDT End, returnError unknownSubscriber */

	p.n = 0;
	sua_u32(&p, 0x0115, 2);                           /* Protocol Class 2 */
	sua_u32(&p, 0x0104, 0x00010001);                  /* Source Reference Number */
	sua_addr(&p, 0x0103, 100, 142);                   /* Destination Address: RANAP */
	m.n = 0; sua_msg(&m, 8, 1, &p);
	send_sua(&o, 0, &m, 500000);                      /* 3: CORE */
	p.n = 0;
	sua_u32(&p, 0x0115, 2);
	sua_u32(&p, 0x0105, 0x00010001);                  /* Destination Reference Number */
	sua_u32(&p, 0x0104, 0x00020002);
	m.n = 0; sua_msg(&m, 8, 2, &p);
	send_sua(&o, 1, &m, 20000);                       /* 4: COAK */
	v.n = 0; ranap_cause_radio(&v, 46);
	ies.n = 0; ie(&ies, 4, IGNORE, &v);
	r.n = 0; ap_pdu(&r, 0, 11, IGNORE, 1, &ies);
	p.n = 0;
	sua_u32(&p, 0x0105, 0x00020002);
	d.n = 0; putwb(&d, &r);
	sua_param(&p, 0x010b, &d);
	m.n = 0; sua_msg(&m, 8, 8, &p);
	send_sua(&o, 0, &m, 300000);                      /* 5: CODT, Iu-ReleaseRequest */
	p.n = 0;
	sua_u32(&p, 0x0105, 0x00010001);
	sua_u32(&p, 0x0104, 0x00020002);
	sua_u32(&p, 0x0106, 0x0300);                      /* SCCP Cause: release, end user originated */
	m.n = 0; sua_msg(&m, 8, 4, &p);
	send_sua(&o, 1, &m, 100000);                      /* 6: RELRE */
	p.n = 0;
	sua_u32(&p, 0x0105, 0x00020002);
	sua_u32(&p, 0x0104, 0x00010001);
	m.n = 0; sua_msg(&m, 8, 5, &p);
	send_sua(&o, 0, &m, 20000);                       /* 7: RELCO */
	out_close(&o);
}

/* ANSI TCAP (T1.114 §3) package: type, TransactionID (0xc7) of one or
 * two 4-octet ids, then what follows (components or the P-Abort cause). */
static void
ansi_tcap(struct wb *w, unsigned type, uint32_t id1, uint32_t id2, const struct wb *rest)
{
	struct wb body = { .n = 0 };

	put8(&body, 0xc7);
	put8(&body, id2 ? 8 : 4);
	put32(&body, id1);
	if (id2)
		put32(&body, id2);
	putwb(&body, rest);
	ber(w, type, &body);
}

/* ANSI-41 between a serving MSC (SSN 8) and an HLR (SSN 6), on an ITU
 * network (the TCAP is chosen by its first tag): a RegistrationNotification
 * (private operation family 9, specifier 0x0d) with the IMSI parameter
 * ([242], TIA/EIA-41), answered by a Return Error UnrecognizedMIN (0x81),
 * then an Abort with the P-Abort cause unassignedRespondingTransactionID (4). */
static void
ss7_ansi_map(const char *dir)
{
	struct out o;
	struct wb t = { .n = 0 }, s = { .n = 0 }, c = { .n = 0 }, comp = { .n = 0 };
	struct wb comps = { .n = 0 }, params = { .n = 0 };

	out_open(&o, dir, "ss7-ansi-map-return-error-abort.pcap", ETH);
	put8(&c, 0xcf); put8(&c, 1); put8(&c, 1);       /* ComponentIDs: invoke 1 */
	put8(&c, 0xd1); put8(&c, 2); put8(&c, 0x09); put8(&c, 0x0d); /* private op */
	put8(&params, 0x9f); put8(&params, 0x81); put8(&params, 0x72); put8(&params, 8);
	put8(&params, 0x13); put8(&params, 0x00); put8(&params, 0x21); put8(&params, 0x43);
	put8(&params, 0x65); put8(&params, 0x87); put8(&params, 0x09); put8(&params, 0xf1);
	ber(&c, 0xf2, &params);
	ber(&comp, 0xe9, &c);                            /* InvokeLast */
	ber(&comps, 0xe8, &comp);
	ansi_tcap(&t, 0xe2, 0x0a0b0c0d, 0, &comps);
	s.n = 0; sccp_udt(&s, 6, 8, &t);
	send_m3ua_sccp(&o, 1, &s, 0);                     /* 1: QueryWithPerm, invoke */
	c.n = 0; comp.n = 0; comps.n = 0; params.n = 0; t.n = 0;
	put8(&c, 0xcf); put8(&c, 1); put8(&c, 1);       /* ComponentIDs: correlation 1 */
	put8(&c, 0xd4); put8(&c, 1); put8(&c, 0x81);    /* private error UnrecognizedMIN */
	put8(&c, 0xf2); put8(&c, 0);                      /* empty parameter set */
	ber(&comp, 0xeb, &c);                            /* ReturnError */
	ber(&comps, 0xe8, &comp);
	ansi_tcap(&t, 0xe4, 0x0a0b0c0d, 0, &comps);
	s.n = 0; sccp_udt(&s, 8, 6, &t);
	send_m3ua_sccp(&o, 0, &s, 90000);                 /* 2: Response, ReturnError */
	c.n = 0; t.n = 0;
	put8(&c, 0xd7); put8(&c, 1); put8(&c, 4);       /* P-Abort cause */
	ansi_tcap(&t, 0xf6, 0x01020304, 0, &c);
	s.n = 0; sccp_udt(&s, 8, 6, &t);
	send_m3ua_sccp(&o, 0, &s, 400000);                /* 3: Abort */
	out_close(&o);
}

/* MTP2 MSU (Q.703 §2.2): BSN, FSN, LI, then SIO (NI national, SI) and
 * the ITU routing label (DPC 100, OPC 200, SLS 0: Q.704 §2.2). */
static void
mtp2_msu(struct out *o, unsigned si, const struct wb *user, unsigned seq, long step)
{
	struct wb f = { .n = 0 };
	uint32_t label = 100u | 200u << 14;
	unsigned li = (unsigned)(1 + 4 + user->n);

	put8(&f, 0x80 | (seq & 0x7f));
	put8(&f, 0x80 | (seq & 0x7f));
	put8(&f, li < 63 ? li : 63);
	put8(&f, 0x80 | si);
	put8(&f, label & 0xff); put8(&f, (label >> 8) & 0xff);
	put8(&f, (label >> 16) & 0xff); put8(&f, label >> 24);
	putwb(&f, user);
	out_frame(o, &f, step);
}

/* ISUP over an MTP2 link: IAM, ACM, REL with Cause indicators 17 (user
 * busy, location public network serving the local user), RLC. */
static void
isup_rel(const char *dir)
{
	struct out o;
	struct wb m = { .n = 0 };

	out_open(&o, dir, "isup-rel-mtp2.pcap", MTP2);
	m.n = 0;                              /* IAM (Q.763 §1.3, Table 32) */
	put16(&m, 0x0100);                    /* CIC 1, least significant octet first */
	put8(&m, 0x01);
	put8(&m, 0x00); put16(&m, 0x2001); put8(&m, 0x0a); put8(&m, 0x03);
	put8(&m, 2); put8(&m, 0);             /* pointers: called number, no optional part */
	put8(&m, 5); put8(&m, 0x83); put8(&m, 0x10); put8(&m, 0x21); put8(&m, 0x43); put8(&m, 0x0f);
	mtp2_msu(&o, 5, &m, 1, 0);
	m.n = 0;                              /* ACM: backward call indicators, no optional part */
	put16(&m, 0x0100); put8(&m, 0x06); put16(&m, 0x1614); put8(&m, 0);
	mtp2_msu(&o, 5, &m, 2, 300000);
	m.n = 0;                              /* REL: Cause indicators, no optional part */
	put16(&m, 0x0100); put8(&m, 0x0c);
	put8(&m, 2); put8(&m, 0);
	put8(&m, 2); put8(&m, 0x82); put8(&m, 0x80 | 17);
	mtp2_msu(&o, 5, &m, 3, 2000000);
	m.n = 0;                              /* RLC */
	put16(&m, 0x0100); put8(&m, 0x10); put8(&m, 0);
	mtp2_msu(&o, 5, &m, 4, 20000);
	out_close(&o);
}

/* ---- LTE MAC (user link type 147: mac-lte-framed) -------------------------- */

/* The mac-lte-framed context (Wireshark's packet-mac-lte.h layout): FDD,
 * direction (0 UL, 1 DL), RNTI type 3 (C-RNTI), the RNTI tag, the CRC
 * status tag (1: correct), then the payload tag; the MAC PDU follows. */
static void
mac_lte_context(struct wb *w, int dl, unsigned rnti)
{
	put8(w, 1);             /* radio type: FDD */
	put8(w, dl ? 1 : 0);    /* direction */
	put8(w, 3);             /* RNTI type: C-RNTI */
	put8(w, 0x02);          /* RNTI tag */
	put16(w, rnti);
	put8(w, 0x07);          /* CRC status tag */
	put8(w, 1);             /*   correct */
	put8(w, 0x01);          /* payload tag */
}

/* A MAC PDU of one SDU on logical channel lcid: the last subheader
 * R/F2/E/LCID (E = 0: no length, the SDU runs to the end; TS 36.321 §6.1.2). */
static void
mac_lte_sdu(struct out *o, int dl, unsigned lcid, const struct wb *sdu, long step)
{
	struct wb f = { .n = 0 };

	mac_lte_context(&f, dl, 0x3d);
	put8(&f, lcid & 0x1f);
	putwb(&f, sdu);
	out_frame(o, &f, step);
}

/* An RRC message on SRB1 (LCID 1): RLC AMD PDU header (D/C 1, RF 0, P 0,
 * FI fi, E 0, SN; TS 36.322 §6.2.1.4), PDCP SRB header (SN, TS 36.323
 * §6.2.2.1), the message, a zero MAC-I (before security). */
static void
mac_lte_srb1(struct out *o, int dl, unsigned sn, unsigned fi, const struct wb *rrc, long step)
{
	struct wb sdu = { .n = 0 };

	put8(&sdu, 0x80 | (fi & 3) << 3 | ((sn >> 8) & 3));
	put8(&sdu, sn & 0xff);
	put8(&sdu, sn & 0x1f);
	putwb(&sdu, rrc);
	put32(&sdu, 0);
	mac_lte_sdu(o, dl, 1, &sdu, step);
}

/* dedicatedInfoNAS: an unaligned PER length (< 128 here) and the octets. */
static void
uper_octets(struct bw *b, const struct wb *v)
{
	bits(b, (uint32_t)v->n, 8);
	for (size_t i = 0; i < v->n; i++)
		bits(b, v->b[i], 8);
}

/* An RRC connection rejected (wait 5 s), then set up: Attach request in the
 * RRCConnectionSetupComplete, Attach reject (EMM 15) in a
 * DLInformationTransfer, RRCConnectionRelease cause other; a segment of an
 * RLC SDU (not reassembled) and a PDU with a short BSR and padding only. */
static void
mac_lte_attach_reject(const char *dir)
{
	struct wb m = { .n = 0 }, nas = { .n = 0 };
	struct bw b = { &m, 0 };
	struct out o;

	out_open(&o, dir, "lte-mac-attach-reject-dlt147.pcap", USER0);
	/* 1: UL-CCCH RRCConnectionRequest, S-TMSI (mmec 0x1a, m-TMSI), mo-Signalling */
	bits(&b, 0, 1); bits(&b, 1, 1); bits(&b, 0, 1); bits(&b, 0, 1);
	bits(&b, 0x1a, 8); bits(&b, 0xc0ffee01u, 32); bits(&b, 3, 3); bits(&b, 0, 1);
	mac_lte_sdu(&o, 0, 0, &m, 1000);
	/* 2: DL-CCCH RRCConnectionReject, waitTime 5 */
	m.n = 0; b.used = 0;
	bits(&b, 0, 1); bits(&b, 2, 2); bits(&b, 0, 1); bits(&b, 0, 2); bits(&b, 0, 1); bits(&b, 4, 4);
	mac_lte_sdu(&o, 1, 0, &m, 5000);
	/* 3: the request again */
	m.n = 0; b.used = 0;
	bits(&b, 0, 1); bits(&b, 1, 1); bits(&b, 0, 1); bits(&b, 0, 1);
	bits(&b, 0x1a, 8); bits(&b, 0xc0ffee01u, 32); bits(&b, 3, 3); bits(&b, 0, 1);
	mac_lte_sdu(&o, 0, 0, &m, 5000000);
	/* 4: DL-CCCH RRCConnectionSetup, an empty radioResourceConfigDedicated */
	m.n = 0; b.used = 0;
	bits(&b, 0, 1); bits(&b, 3, 2);  /* c1: rrcConnectionSetup */
	bits(&b, 0, 2);                  /* rrc-TransactionIdentifier */
	bits(&b, 0, 1); bits(&b, 0, 3);  /* criticalExtensions: c1, rrcConnectionSetup-r8 */
	bits(&b, 0, 1);                  /* nonCriticalExtension absent */
	bits(&b, 0, 1); bits(&b, 0, 6);  /* radioResourceConfigDedicated: no extension, nothing present */
	mac_lte_sdu(&o, 1, 0, &m, 5000);
	/* 5: UL-DCCH RRCConnectionSetupComplete with the Attach request */
	m.n = 0; b.used = 0;
	nas_attach_request(&nas, IMSI);
	bits(&b, 0, 1); bits(&b, 4, 4);  /* c1: rrcConnectionSetupComplete */
	bits(&b, 0, 2);                  /* rrc-TransactionIdentifier */
	bits(&b, 0, 1); bits(&b, 0, 2);  /* criticalExtensions: c1, -r8 */
	bits(&b, 0, 2);                  /* registeredMME, nonCriticalExtension absent */
	bits(&b, 0, 3);                  /* selectedPLMN-Identity 1 */
	uper_octets(&b, &nas);
	mac_lte_srb1(&o, 0, 0, 0, &m, 20000);
	/* 6: DL-DCCH DLInformationTransfer with an Attach reject, EMM cause 15 */
	m.n = 0; b.used = 0; nas.n = 0;
	put8(&nas, 0x07);                /* plain, EMM */
	put8(&nas, 0x44);                /* Attach reject, TS 24.301 §8.2.3 */
	put8(&nas, 15);                  /* EMM cause: no suitable cells in tracking area */
	bits(&b, 0, 1); bits(&b, 1, 4);  /* c1: dlInformationTransfer */
	bits(&b, 0, 2);                  /* rrc-TransactionIdentifier */
	bits(&b, 0, 1); bits(&b, 0, 2);  /* criticalExtensions: c1, -r8 */
	bits(&b, 0, 1);                  /* nonCriticalExtension absent */
	bits(&b, 0, 2);                  /* dedicatedInfoType: dedicatedInfoNAS */
	uper_octets(&b, &nas);
	mac_lte_srb1(&o, 1, 0, 0, &m, 30000);
	/* 7: DL-DCCH RRCConnectionRelease, releaseCause other */
	m.n = 0; b.used = 0;
	bits(&b, 0, 1); bits(&b, 5, 4);  /* c1: rrcConnectionRelease */
	bits(&b, 1, 2);                  /* rrc-TransactionIdentifier */
	bits(&b, 0, 1); bits(&b, 0, 2);  /* criticalExtensions: c1, -r8 */
	bits(&b, 0, 3);                  /* no optional component */
	bits(&b, 1, 2);                  /* releaseCause: other */
	mac_lte_srb1(&o, 1, 1, 0, &m, 10000);
	/* 8: UL SRB1, the first segment of an RLC SDU (FI 01) */
	m.n = 0;
	put8(&m, 0x22); put8(&m, 0x00); put8(&m, 0x00);
	mac_lte_srb1(&o, 0, 1, 1, &m, 10000);
	/* 9: UL, a short BSR (LCID 29) then padding (LCID 31) to the end */
	m.n = 0;
	mac_lte_context(&m, 0, 0x3d);
	put8(&m, 0x20 | 29);             /* E = 1, short BSR */
	put8(&m, 31);                    /* E = 0, padding */
	put8(&m, 0x00);                  /* LCG 0, buffer size 0 */
	put16(&m, 0);                    /* padding */
	out_frame(&o, &m, 1000);
	out_close(&o);
}

/* ---- a large capture for the benchmark ----------------------------------- */

/* Repeats one round of every sample message (planted failures: EMM 15,
 * Diameter 5001, GTPv2 73, SIP 503 + Q.850 34, 5GMM 7) until the file
 * holds mb megabytes, with distinct UE ids per round. */
static int
big(const char *path, long mb)
{
	struct ep mme_s6a = v4(10, 0, 0, 2, 40001), hss = v4(10, 0, 0, 3, 3868);
	struct ep mme = v4(10, 0, 0, 2, 2123), sgw = v4(10, 0, 0, 4, 2123);
	struct ep ue = v4(10, 1, 0, 10, 5060), pcscf = v4(10, 1, 0, 1, 5060);
	struct ep gnb = v4(10, 0, 1, 1, 38412), amf = v4(10, 0, 1, 2, 38412);
	struct wb m = { .n = 0 }, r = { .n = 0 };
	long long bytes = 0, limit = (long long)mb * 1024 * 1024;
	unsigned long rounds = 0;
	struct out o;
	char dir[1024];
	const char *slash = strrchr(path, '/');

	if (slash) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		out_open(&o, dir, slash + 1, ETH);
	} else {
		out_open(&o, ".", path, ETH);
	}
	while (bytes < limit) {
		unsigned id = (unsigned)(rounds % 250) + 1;

		m.n = 0; s1ap_initial_ue(&m, id);
		send_sctp(&o, enb_s1, mme_s1, 18, &m, 0, 100);
		m.n = 0; s6a_air(&m);
		send_sctp(&o, mme_s6a, hss, 46, &m, 1, 100);
		m.n = 0; s6a_aia_exp(&m, 5001);
		send_sctp(&o, hss, mme_s6a, 46, &m, 0, 100);
		m.n = 0; s1ap_attach_reject(&m, id, id, 15);
		send_sctp(&o, mme_s1, enb_s1, 18, &m, 1, 100);
		m.n = 0; r.n = 0; gtp_create_session(&m, &r, 73);
		send_udp(&o, mme, sgw, &m, 1, 100);
		send_udp(&o, sgw, mme, &r, 0, 100);
		m.n = 0; sip_invite(&m);
		send_udp(&o, ue, pcscf, &m, 1, 100);
		m.n = 0; sip_503_q850(&m);
		send_udp(&o, pcscf, ue, &m, 0, 100);
		m.n = 0; ngap_initial_ue(&m, id);
		send_sctp(&o, gnb, amf, 60, &m, 0, 100);
		m.n = 0; ngap_registration_reject(&m, id, id, 7);
		send_sctp(&o, amf, gnb, 60, &m, 1, 100);
		rounds++;
		bytes = (long long)pcap_dump_ftell(o.d);
	}
	out_close(&o);
	printf("%s: %lu rounds, %lu frames, %lld bytes, %lu planted failures\n", path, rounds,
	       rounds * 10, bytes, rounds * 6);
	return 0;
}

/* ---- Abis and Iuh -------------------------------------------------------- */

static const struct ep bts_ipa = { 0, { 10, 0, 3, 2 }, 40100 };
static const struct ep bsc_ipa = { 0, { 10, 0, 3, 1 }, 3003 };

/* IPA (ip.access): | length (2) | stream (1) | payload |; stream 0x00 RSL,
 * 0xfe CCM. */
static void
ipa(struct wb *w, unsigned stream, const struct wb *payload)
{
	put16(w, (unsigned)payload->n);
	put8(w, stream);
	putwb(w, payload);
}

/* RSL RLL message (TS 48.058 §8.3): discriminator 0x02 with T set (0x03:
 * the layer 3 message passes the BTS transparently), type, Channel Number
 * (0x01: SDCCH/8 subchannel 0 on timeslot 1, §9.3.1 C-bits 00100), Link
 * Identifier (0x02: main channel, SAPI 0), L3 Information (0x0b, 2-octet
 * length, §9.3.11). */
static void
rsl_rll_l3(struct wb *w, unsigned type, const struct wb *l3)
{
	put8(w, 0x03);
	put8(w, type);
	put8(w, 0x01); put8(w, 0x21);
	put8(w, 0x02); put8(w, 0x00);
	put8(w, 0x0b); put16(w, (unsigned)l3->n);
	putwb(w, l3);
}

/* Abis over IP: a BTS (10.0.3.2) and its BSC (TCP 3003, RSL). CCM PING
 * and PONG; Establish Indication with a Location Updating Request (IMSI);
 * Data Request with Location Updating Reject cause 3 (Illegal MS); Data
 * Request with a CC Disconnect cause 1 (a call to an unassigned number);
 * one segment with two IPA messages: Connection Failure Indication (Cause
 * 0x01 radio link failure) and RF Channel Release Acknowledge. */
static void
abis_ipa(const char *dir)
{
	struct out o;
	struct wb m = { .n = 0 }, r = { .n = 0 }, l3 = { .n = 0 }, seg = { .n = 0 };
	uint32_t bts = 5000, bsc = 9000;

	out_open(&o, dir, "abis-ipa-rsl-lu-reject.pcap", ETH);
	m.n = 0; put8(&m, 0x00);                          /* CCM PING */
	seg.n = 0; ipa(&seg, 0xfe, &m);
	send_tcp(&o, bts_ipa, bsc_ipa, bts, bsc, seg.b, seg.n, 1, 0);        /* 1 */
	bts += (uint32_t)seg.n;
	m.n = 0; put8(&m, 0x01);                          /* CCM PONG */
	seg.n = 0; ipa(&seg, 0xfe, &m);
	send_tcp(&o, bsc_ipa, bts_ipa, bsc, bts, seg.b, seg.n, 0, 1000);    /* 2 */
	bsc += (uint32_t)seg.n;
	/* TS 24.008 §9.2.15 Location Updating Request: MM, type 0x08, update
	 * type normal (0x0) with CKSN 7 (no key) in one octet, LAI, MS
	 * classmark 1, mobile identity (IMSI). */
	l3.n = 0;
	put8(&l3, 0x05); put8(&l3, 0x08); put8(&l3, 0x70);
	putn(&l3, plmn_001_01, 3); put16(&l3, 0x0001);
	put8(&l3, 0x33);
	r.n = 0; imsi_ident(&r, IMSI);
	put8(&l3, (unsigned)r.n); putwb(&l3, &r);
	m.n = 0; rsl_rll_l3(&m, 0x06, &l3);               /* Establish Indication */
	seg.n = 0; ipa(&seg, 0x00, &m);
	send_tcp(&o, bts_ipa, bsc_ipa, bts, bsc, seg.b, seg.n, 1, 200000);  /* 3 */
	bts += (uint32_t)seg.n;
	l3.n = 0; put8(&l3, 0x05); put8(&l3, 0x04); put8(&l3, 0x03); /* LU Reject, Illegal MS */
	m.n = 0; rsl_rll_l3(&m, 0x01, &l3);               /* Data Request */
	seg.n = 0; ipa(&seg, 0x00, &m);
	send_tcp(&o, bsc_ipa, bts_ipa, bsc, bts, seg.b, seg.n, 0, 300000);  /* 4 */
	bsc += (uint32_t)seg.n;
	/* TS 24.008 §9.3.7 Disconnect (network to MS, TI 0 flag 1): Cause LV,
	 * coding GSM, location public network serving the local user, value 1 */
	l3.n = 0; put8(&l3, 0x83); put8(&l3, 0x25); put8(&l3, 0x02); put8(&l3, 0xe2); put8(&l3, 0x81);
	m.n = 0; rsl_rll_l3(&m, 0x01, &l3);
	seg.n = 0; ipa(&seg, 0x00, &m);
	send_tcp(&o, bsc_ipa, bts_ipa, bsc, bts, seg.b, seg.n, 0, 1000000); /* 5 */
	bsc += (uint32_t)seg.n;
	/* §8.4.4 Connection Failure Indication: DCM 0x08, type 0x24, Channel
	 * Number, Cause 0x1a (radio link failure); §8.4.15 RF Channel Release
	 * Acknowledge 0x33 after it, in one segment. */
	m.n = 0; put8(&m, 0x08); put8(&m, 0x24); put8(&m, 0x01); put8(&m, 0x21);
	put8(&m, 0x1a); put8(&m, 0x01); put8(&m, 0x01);
	seg.n = 0; ipa(&seg, 0x00, &m);
	m.n = 0; put8(&m, 0x08); put8(&m, 0x33); put8(&m, 0x01); put8(&m, 0x21);
	ipa(&seg, 0x00, &m);
	send_tcp(&o, bts_ipa, bsc_ipa, bts, bsc, seg.b, seg.n, 1, 2000000);  /* 6 */
	out_close(&o);
}

/* One LAPD frame on E1 (LINKTYPE_LINUX_LAPD): the 16-octet pseudo-header
 * (packet type, ARPHRD, address length, address with the direction in its
 * first octet, protocol ETH_P_LAPD 0x0030), then address and control. */
static void
lapd_frame(struct out *o, unsigned sapi, unsigned tei, int to_bts, const uint8_t *ctl, size_t nctl,
	   const struct wb *info, long step)
{
	struct wb f = { .n = 0 };

	put16(&f, 0x0400);
	put16(&f, 0);
	put16(&f, 0);
	put8(&f, to_bts ? 1 : 0);
	for (int i = 0; i < 7; i++)
		put8(&f, 0);
	put16(&f, 0x0030);
	put8(&f, sapi << 2 | (to_bts ? 0x02 : 0)); /* C/R: commands from the BSC */
	put8(&f, tei << 1 | 1);
	putn(&f, ctl, nctl);
	if (info)
		putwb(&f, info);
	out_frame(o, &f, step);
}

/* Abis on E1 (TEI 1): SABME and UA on SAPI 0; an I frame with Channel
 * Activation NACK (Cause 0x21 radio resource not available); a UI frame
 * with Error Indication (RLM cause 0x01 timer T200 expired); an RR; an
 * OML message on SAPI 62 (named, not read); an Error Indication as a
 * first-generation BTS (Siemens BS-11) sends it: common channel
 * discriminator, Link Identifier and RLM cause under the identifiers 0x03
 * and 0xb2, a length past the message and a value (17) TS 48.058 does not
 * define. */
static void
abis_lapd(const char *dir)
{
	static const uint8_t sabme[] = { 0x7f }, ua[] = { 0x73 }, ui[] = { 0x03 };
	static const uint8_t i0[] = { 0x00, 0x00 }, rr[] = { 0x01, 0x02 };
	struct out o;
	struct wb m = { .n = 0 };

	out_open(&o, dir, "abis-lapd-rsl-error-indication.pcap", LAPD);
	lapd_frame(&o, 0, 1, 1, sabme, 1, NULL, 0);              /* 1 */
	lapd_frame(&o, 0, 1, 0, ua, 1, NULL, 1000);              /* 2 */
	m.n = 0; put8(&m, 0x08); put8(&m, 0x23);                 /* Channel Activation NACK */
	put8(&m, 0x01); put8(&m, 0x21); put8(&m, 0x1a); put8(&m, 0x01); put8(&m, 0x21);
	lapd_frame(&o, 0, 1, 0, i0, 2, &m, 100000);              /* 3 */
	m.n = 0; put8(&m, 0x02); put8(&m, 0x03);                 /* Error Indication */
	put8(&m, 0x01); put8(&m, 0x21); put8(&m, 0x02); put8(&m, 0x00);
	put8(&m, 0x16); put8(&m, 0x01); put8(&m, 0x01);
	lapd_frame(&o, 0, 1, 0, ui, 1, &m, 2000000);             /* 4 */
	lapd_frame(&o, 0, 1, 1, rr, 2, NULL, 1000);              /* 5 */
	m.n = 0; put8(&m, 0x80); put8(&m, 0x80); put8(&m, 0x00); put8(&m, 0x05);
	put8(&m, 0x63); put8(&m, 0x00); put8(&m, 0xff); put8(&m, 0xff); put8(&m, 0xff);
	lapd_frame(&o, 62, 1, 1, ui, 1, &m, 1000);               /* 6: OML */
	m.n = 0; put8(&m, 0x0c); put8(&m, 0x03);
	put8(&m, 0x01); put8(&m, 0x88); put8(&m, 0x03); put8(&m, 0x17);
	put8(&m, 0xb2); put8(&m, 0x27); put8(&m, 0x11); put8(&m, 0x00); put8(&m, 0x10);
	lapd_frame(&o, 0, 1, 0, ui, 1, &m, 1000000);             /* 7 */
	out_close(&o);
}

static const struct ep hnb = { 0, { 10, 0, 4, 2 }, 29169 };
static const struct ep hnbgw = { 0, { 10, 0, 4, 1 }, 29169 };

/* HNBAP UE-Identity (TS 25.469 §9.2.1.6): CHOICE iMSI (ext 0, index 0),
 * IMSI OCTET STRING (SIZE (3..8)) of 8 octets (length 8 - 3 in 3 bits),
 * aligned, TBCD. */
static void
hnbap_imsi(struct wb *w)
{
	struct wb v = { .n = 0 };
	struct bw b = { &v, 0 };

	bits(&b, 0, 1); bits(&b, 0, 3); bits(&b, 8 - 3, 3);
	tbcd(&v, IMSI);
	ie(w, 5, REJECT, &v);
}

/* Context-ID (id 4 in HNBAP, 3 in RUA): BIT STRING (SIZE (24)). */
static void
iuh_context(struct wb *w, unsigned id, uint32_t ctx)
{
	struct wb v = { .n = 0 };

	put24(&v, ctx);
	ie(w, id, REJECT, &v);
}

/* Iuh between an HNB (10.0.4.2) and its gateway, SCTP port 29169: HNBAP
 * UERegisterRequest / UERegisterReject (Cause radioNetwork 5
 * uE-not-allowed-on-this-HNB), the same subscriber's second request
 * accepted with Context-ID 0x000102, RUA DirectTransfer with a RANAP
 * Iu-ReleaseCommand (Cause radioNetwork 46 radio-connection-with-UE-Lost),
 * RUA Disconnect (Cause radioNetwork 1 connect-failed). */
static void
iuh_samples(const char *dir)
{
	struct out o;
	struct wb ies = { .n = 0 }, m = { .n = 0 }, v = { .n = 0 }, ranap = { .n = 0 };

	out_open(&o, dir, "iuh-hnbap-reject-rua-release.pcap", ETH);
	ies.n = 0; hnbap_imsi(&ies);
	m.n = 0; ap_pdu(&m, 0, 3, REJECT, 1, &ies);                    /* UERegisterRequest */
	send_sctp(&o, hnb, hnbgw, 20, &m, 1, 0);                        /* 1 */
	ies.n = 0; hnbap_imsi(&ies);
	v.n = 0; put8(&v, 0x05);           /* radioNetwork (0 00), ENUMERATED 0 0101 */
	ie(&ies, 1, IGNORE, &v);
	m.n = 0; ap_pdu(&m, 2, 3, REJECT, 2, &ies);                    /* UERegisterReject */
	send_sctp(&o, hnbgw, hnb, 20, &m, 0, 10000);                    /* 2 */
	ies.n = 0; hnbap_imsi(&ies);
	m.n = 0; ap_pdu(&m, 0, 3, REJECT, 1, &ies);
	send_sctp(&o, hnb, hnbgw, 20, &m, 1, 5000000);                  /* 3 */
	ies.n = 0; hnbap_imsi(&ies); iuh_context(&ies, 4, 0x000102);
	m.n = 0; ap_pdu(&m, 1, 3, REJECT, 2, &ies);                    /* UERegisterAccept */
	send_sctp(&o, hnbgw, hnb, 20, &m, 0, 10000);                    /* 4 */
	/* RANAP Iu-ReleaseCommand (TS 25.413): Cause CHOICE radioNetwork (ext
	 * 0, index 0 of 6 in 3 bits), 46 - 1 in 6 bits */
	ies.n = 0; v.n = 0;
	{
		struct bw b = { &v, 0 };

		bits(&b, 0, 1); bits(&b, 0, 3); bits(&b, 46 - 1, 6);
	}
	ie(&ies, 4, IGNORE, &v);
	ranap.n = 0; ap_pdu(&ranap, 0, 1, REJECT, 1, &ies);
	ies.n = 0;
	v.n = 0; put8(&v, 0x00); ie(&ies, 7, REJECT, &v);            /* CN-DomainIndicator cs-domain */
	iuh_context(&ies, 3, 0x000102);
	ie_octets(&ies, 4, REJECT, &ranap);                            /* RANAP-Message */
	m.n = 0; ap_pdu(&m, 0, 2, IGNORE, 3, &ies);                    /* DirectTransfer */
	send_sctp(&o, hnbgw, hnb, 19, &m, 0, 3000000);                  /* 5 */
	ies.n = 0;
	v.n = 0; put8(&v, 0x00); ie(&ies, 7, REJECT, &v);
	iuh_context(&ies, 3, 0x000102);
	v.n = 0; put8(&v, 0x04);           /* radioNetwork (0 00), ENUMERATED 0 01 */
	ie(&ies, 1, IGNORE, &v);
	m.n = 0; ap_pdu(&m, 0, 3, IGNORE, 3, &ies);                    /* Disconnect */
	send_sctp(&o, hnb, hnbgw, 19, &m, 1, 20000);                    /* 6 */
	out_close(&o);
}

/* ---- Iub: NBAP, FP, MAC-d, RLC, UMTS RRC ---------------------------------- */

static const struct ep rnc_iub = { 0, { 10, 0, 5, 1 }, 5000 };
static const struct ep nodeb_iub = { 0, { 10, 0, 5, 2 }, 5000 };

/* A length determinant (X.691 11.9.3.6/7), then the octets. */
static void
per_open(struct wb *w, const struct wb *v)
{
	if (v->n < 128) {
		put8(w, (unsigned)v->n);
	} else {
		put8(w, 0x80 | (unsigned)(v->n >> 8));
		put8(w, (unsigned)(v->n & 0xff));
	}
	putwb(w, v);
}

/* ProtocolIE-Field with any length. */
static void
nbap_ie(struct wb *w, unsigned id, unsigned crit, const struct wb *val)
{
	put16(w, id);
	put8(w, crit << 6);
	per_open(w, val);
}

/* NBAP-PDU (TS 25.433 §9.3.2): kind, procedureID (code, ddMode: fdd for
 * the FDD forms of a procedure, common for the others),
 * criticality, messageDiscriminator, long transactionID, then the open
 * type SEQUENCE { protocolIEs, no protocolExtensions, ... }. */
static void
nbap_pdu(struct wb *w, unsigned kind, unsigned proc, unsigned ddmode, unsigned dedicated,
	 unsigned transaction, unsigned nies, const struct wb *ies)
{
	struct wb v = { .n = 0 };
	struct bw b = { w, 0 };

	put8(&v, 0x00);
	put16(&v, nies);
	putwb(&v, ies);
	bits(&b, 0, 1); bits(&b, kind, 2);                 /* NBAP-PDU CHOICE */
	b.used = 0; put8(w, proc);                          /* procedureCode (aligned) */
	b.used = 0;
	bits(&b, 0, 1); bits(&b, ddmode, 2);               /* ddMode: tdd, fdd, common */
	bits(&b, 0, 2);                                    /* criticality: reject */
	bits(&b, dedicated, 1);                            /* messageDiscriminator */
	bits(&b, 1, 1);                                    /* longTransActionId */
	put16(w, transaction);
	per_open(w, &v);
}

/* TransportFormatSet: TF 0 no block, TF 1 one block of `size` bits; TTI
 * 10 ms, convolutional coding 1/3, rate matching 230, CRC 16. */
static void
nbap_tfs(struct bw *b, unsigned size)
{
	bits(b, 0, 1); bits(b, 0, 1);                      /* ext, no iE-Extensions */
	bits(b, 2 - 1, 5);                                 /* dynamicParts: 2 */
	bits(b, 0, 1); bits(b, 0, 1); bits(b, 0, 1);       /* TF 0: no size, no ext */
	b->used = 0; put16(b->w, 0);                       /*   nrOfTransportBlocks 0 */
	bits(b, 0, 1); bits(b, 1, 1);                      /*   mode: notApplicable */
	bits(b, 0, 1); bits(b, 1, 1); bits(b, 0, 1);       /* TF 1: size present */
	b->used = 0; put16(b->w, 1);                       /*   one block */
	put16(b->w, size);                                 /*   of size bits */
	bits(b, 0, 1); bits(b, 1, 1);                      /*   mode: notApplicable */
	bits(b, 0, 1); bits(b, 1, 1); bits(b, 0, 1);       /* semi-static: codingRate present */
	bits(b, 0, 1); bits(b, 0, 3);                      /*   TTI msec-10 */
	bits(b, 0, 1); bits(b, 1, 2);                      /*   convolutional-coding */
	bits(b, 0, 1); bits(b, 1, 1);                      /*   codingRate third */
	b->used = 0; put8(b->w, 230 - 1);                  /*   rateMatchingAttribute */
	bits(b, 0, 1); bits(b, 3, 3);                      /*   cRC-Size v16 */
	bits(b, 0, 1); bits(b, 1, 1);                      /*   mode: notApplicable */
}

/* A binding: bindingID (the UDP port, 2 octets) and an IPv4 address as an
 * NSAP (RFC 4548: IDP 35 0001, then the address, 160 bits). */
static void
nbap_binding(struct bw *b, unsigned dch, struct ep e)
{
	bits(b, 0, 1); bits(b, 1, 1); bits(b, 1, 1); bits(b, 0, 1); /* ext, binding, address, no ext */
	b->used = 0; put8(b->w, dch);
	bits(b, 0, 1); bits(b, 2 - 1, 2);                  /* bindingID: 2 octets */
	b->used = 0; put16(b->w, e.port);
	bits(b, 0, 1); bits(b, 160 - 1, 8);                /* transportLayerAddress: 160 bits */
	b->used = 0;
	put8(b->w, 0x35); put16(b->w, 0x0001);
	putn(b->w, e.a, 4);
	for (int i = 0; i < 13; i++)
		put8(b->w, 0);
}

/* One FP DCH data frame (TS 25.427 §6.2.2) with one transport block of
 * DCH 31 (148 bits): the MAC-d C/T of logical channel lch, then the RLC
 * PDU rlc (18 octets); uplink frames add QE and the CRCI. Header CRC-7
 * and payload CRC-16 (§7). */
static unsigned
crc_bits(const uint8_t *p, size_t n, unsigned width, unsigned poly)
{
	unsigned crc = 0, top = 1u << (width - 1), mask = (1u << width) - 1;

	for (size_t i = 0; i < n; i++)
		for (int k = 7; k >= 0; k--) {
			unsigned in = (p[i] >> k) & 1, t = (crc & top) != 0;

			crc = (crc << 1) & mask;
			if (in ^ t)
				crc ^= poly;
		}
	return crc;
}

static void
fp_dch_frame(struct wb *w, int uplink, unsigned cfn, unsigned lch, const uint8_t rlc[18])
{
	struct wb tb = { .n = 0 };
	struct bw b = { &tb, 0 };
	uint8_t hdr[2] = { (uint8_t)cfn, 1 };              /* CFN, TFI 1 */

	bits(&b, lch - 1, 4);                              /* C/T */
	for (int i = 0; i < 18; i++)
		bits(&b, rlc[i], 8);
	bits(&b, 0, 4);                                    /* to the octet */
	if (uplink) {
		put8(&tb, 0x20);                           /* QE */
		put8(&tb, 0x00);                           /* CRCI: correct */
	}
	put8(w, crc_bits(hdr, 2, 7, 0x45) << 1);           /* header CRC, FT data */
	putn(w, hdr, 2);
	putwb(w, &tb);
	put16(w, crc_bits(tb.b, tb.n, 16, 0x8005));
}

/* An RLC PDU of 18 octets: an AMD (SN, HE) or UMD (SN) header, the length
 * indicators given (7 bits each, E set but on the last), the data, zero
 * padding. */
static void
rlc_pdu(uint8_t out[18], int am, unsigned sn, const unsigned *li, unsigned nli,
	const uint8_t *data, size_t n)
{
	struct wb w = { .n = 0 };
	struct bw b = { &w, 0 };

	if (am) {
		bits(&b, 1, 1); bits(&b, sn, 12); bits(&b, 0, 1); bits(&b, nli ? 1 : 0, 2);
	} else {
		bits(&b, sn, 7); bits(&b, nli ? 1 : 0, 1);
	}
	for (unsigned i = 0; i < nli; i++) {
		bits(&b, li[i], 7);
		bits(&b, i + 1 < nli, 1);
	}
	putn(&w, data, n);
	while (w.n < 18)
		put8(&w, 0);
	memcpy(out, w.b, 18);
}

/*
 * Iub between an RNC (10.0.5.1) and a Node B (10.0.5.2), NBAP on SCTP
 * (PPID 25): a Radio Link Setup Request whose DCH 31 (the SRBs: one
 * 148-bit block per 10 ms) is bound on the RNC to UDP 50000, its Response
 * binding the Node B's end to UDP 40000; then the FP frames of that DCH:
 * a DownlinkDirectTransfer with a CC Disconnect (cause 17 user busy, and a
 * user-user IE) in two RLC AM PDUs of RB3, the UE's UplinkDirectTransfer
 * with the CC Release (RB3, uplink), an RRCConnectionRelease (r3, cause
 * unspecified) on RB1 (UM); a Radio Link Reconfiguration adding DCH 16
 * (user plane) on the Node B's UDP 40002; and an NBAP Dedicated Measurement
 * Failure Indication (Cause radioNetwork 16
 * measurement-temporarily-not-available).
 */
static void
iub_samples(const char *dir)
{
	static const uint8_t cc_disc[] = {
		0x03, 0x25,             /* CC (TI 0), Disconnect (TS 24.008 §9.3.7) */
		0x02, 0xe0, 0x80 | 17,  /* Cause: coding GSM, network; user busy */
		0x7e, 0x0c, 0x04,       /* User-user: IA5 */
		'c', 'a', 'l', 'l', 'e', 'r', ' ', 'b', 'u', 's', 'y',
	};
	static const uint8_t cc_release[] = {
		0x83, 0x2d,             /* CC (TI 8), Release (§9.3.18), no IE */
	};
	struct ep rnc_fp = v4(10, 0, 5, 1, 50000), nodeb_fp = v4(10, 0, 5, 2, 40000);
	struct out o;
	struct wb ies = { .n = 0 }, m = { .n = 0 }, v = { .n = 0 }, rrc = { .n = 0 };
	struct bw b = { &v, 0 };
	uint8_t pdu[18];
	unsigned li[3];

	out_open(&o, dir, "iub-nbap-fp-rlc-rrc-release-cc-disconnect.pcap", ETH);
	/* 1: RadioLinkSetupRequestFDD */
	v.n = 0; put8(&v, 0x00); put8(&v, 0x61);        /* CRNC-CommunicationContextID 97 */
	nbap_ie(&ies, 44, REJECT, &v);
	v.n = 0; b.used = 0;                              /* DCH-FDD-Information */
	bits(&b, 0, 7);                                   /*   one bearer */
	bits(&b, 0, 1); bits(&b, 0, 1);                   /*   ext, no iE-Extensions */
	bits(&b, 0, 1); bits(&b, 0, 1);                   /*   payloadCRC cRC-Included */
	bits(&b, 0, 1); bits(&b, 1, 1);                   /*   ul-FP-Mode silent */
	b.used = 0; put16(&v, 40); put16(&v, 2);         /*   toAWS, toAWE */
	bits(&b, 0, 7);                                   /*   one DCH */
	bits(&b, 0, 1); bits(&b, 0, 1);
	b.used = 0; put8(&v, 31);                         /*   dCH-ID 31 */
	nbap_tfs(&b, 148);
	nbap_tfs(&b, 148);
	bits(&b, 0, 1); bits(&b, 0, 1);                   /*   allocationRetentionPriority */
	bits(&b, 15, 4); bits(&b, 0, 1); bits(&b, 0, 1);
	bits(&b, 0, 4);                                   /*   frameHandlingPriority */
	bits(&b, 1, 1);                                   /*   qE-Selector non-selected */
	nbap_ie(&ies, 56, REJECT, &v);
	/* RL-InformationList: one RL, its extension RL-Specific-DCH-Info
	 * naming the RNC's binding of DCH 31 */
	{
		struct wb item = { .n = 0 }, ext = { .n = 0 }, list = { .n = 0 };
		struct bw bi = { &item, 0 }, bx = { &ext, 0 };

		bits(&bx, 0, 7);                          /* one DCH */
		nbap_binding(&bx, 31, rnc_fp);
		bits(&bi, 0, 1);                          /* ext */
		bits(&bi, 0x11, 5);                       /* propagationDelay, iE-Extensions */
		bits(&bi, 0, 5);                          /* rL-ID 0 */
		bi.used = 0; put16(&item, 1106);          /* c-ID */
		bits(&bi, 0, 1); bits(&bi, 0, 1);         /* firstRLS-indicator first-RLS */
		bi.used = 0; put8(&item, 2);              /* frameOffset */
		put16(&item, 37888);                      /* chipOffset */
		put8(&item, 0);                           /* propagationDelay */
		bits(&bi, 0, 4);                          /* dl-CodeInformation: one code */
		bits(&bi, 0, 1); bits(&bi, 0, 1); bits(&bi, 0, 4); /* ext, opt, scrambling 0 */
		bi.used = 0; put16(&item, 9);             /* channelisation code 9 */
		put16(&item, 350 - 114);                  /* initialDL-transmissionPower -11.4 dB */
		put16(&item, 350 + 0);                    /* maximumDL-power */
		put16(&item, 350 - 150);                  /* minimumDL-power */
		put16(&item, 0);                          /* one extension */
		nbap_ie(&item, 103, IGNORE, &ext);        /* RL-Specific-DCH-Info */
		put8(&list, 0x00);                        /* one RL */
		nbap_ie(&list, 211, 2, &item);
		nbap_ie(&ies, 216, 2, &list);
	}
	nbap_pdu(&m, 0, 27, 1, 0, 367, 3, &ies);
	send_sctp(&o, rnc_iub, nodeb_iub, 25, &m, 1, 0);                /* 1 */
	/* 2: RadioLinkSetupResponseFDD: the Node B's binding */
	ies.n = 0;
	v.n = 0; put8(&v, 0x00); put8(&v, 0x61);
	nbap_ie(&ies, 44, IGNORE, &v);
	{
		struct wb item = { .n = 0 }, list = { .n = 0 };
		struct bw bi = { &item, 0 };

		bits(&bi, 0, 1); bits(&bi, 0, 1);         /* ext, no iE-Extensions */
		bits(&bi, 0, 5); bits(&bi, 0, 5);         /* rL-ID, rL-Set-ID */
		bi.used = 0; put16(&item, 0);             /* received-total-wide-band-power */
		bits(&bi, 1, 1);                          /* nonCombiningOrFirstRL */
		bits(&bi, 0, 1); bits(&bi, 0, 1);         /* ext, no iE-Extensions */
		bits(&bi, 0, 7);                          /* one DCH */
		nbap_binding(&bi, 31, nodeb_fp);
		bits(&bi, 1, 1);                          /* sSDT-SupportIndicator not supported */
		put8(&list, 0x00);
		nbap_ie(&list, 220, IGNORE, &item);
		nbap_ie(&ies, 224, IGNORE, &list);
	}
	m.n = 0; nbap_pdu(&m, 1, 27, 1, 0, 367, 2, &ies);
	send_sctp(&o, nodeb_iub, rnc_iub, 25, &m, 0, 20000);            /* 2 */
	/* 3, 4: DL-DCCH DownlinkDirectTransfer r3 (cs-domain) with the CC
	 * Disconnect, 25 octets, in two RLC AM PDUs of RB3 */
	rrc.n = 0; b.w = &rrc; b.used = 0;
	bits(&b, 0, 1); bits(&b, 5, 5);                   /* downlinkDirectTransfer */
	bits(&b, 0, 1); bits(&b, 0, 1);                   /* r3, no extensions */
	bits(&b, 1, 2); bits(&b, 0, 1);                   /* transaction 1, cs-domain */
	bits(&b, sizeof(cc_disc) - 1, 12);
	for (size_t i = 0; i < sizeof(cc_disc); i++)
		bits(&b, cc_disc[i], 8);
	rlc_pdu(pdu, 1, 0, NULL, 0, rrc.b, 16);           /* SN 0: the first 16 octets */
	m.n = 0; fp_dch_frame(&m, 0, 10, 3, pdu);
	send_udp(&o, rnc_fp, nodeb_fp, &m, 1, 2000000);                  /* 3 */
	li[0] = (unsigned)rrc.n - 16; li[1] = 0x7f;       /* the rest ends the SDU; padding */
	rlc_pdu(pdu, 1, 1, li, 2, rrc.b + 16, rrc.n - 16);
	m.n = 0; fp_dch_frame(&m, 0, 11, 3, pdu);
	send_udp(&o, rnc_fp, nodeb_fp, &m, 1, 10000);                    /* 4 */
	/* 5: UL-DCCH UplinkDirectTransfer (cs-domain) with the CC Release, RB3 */
	rrc.n = 0; b.used = 0;
	bits(&b, 0, 1); bits(&b, 27, 5);                  /* uplinkDirectTransfer */
	bits(&b, 0, 2); bits(&b, 0, 1);                   /* no options, cs-domain */
	bits(&b, sizeof(cc_release) - 1, 12);
	for (size_t i = 0; i < sizeof(cc_release); i++)
		bits(&b, cc_release[i], 8);
	li[0] = (unsigned)rrc.n; li[1] = 0x7f;
	rlc_pdu(pdu, 1, 0, li, 2, rrc.b, rrc.n);
	m.n = 0; fp_dch_frame(&m, 1, 20, 3, pdu);
	send_udp(&o, nodeb_fp, rnc_fp, &m, 0, 200000);                   /* 5 */
	/* 6: DL-DCCH RRCConnectionRelease r3, releaseCause unspecified, RB1 (UM) */
	rrc.n = 0; b.used = 0;
	bits(&b, 0, 1); bits(&b, 15, 5);                  /* rrcConnectionRelease */
	bits(&b, 0, 1); bits(&b, 0, 1);                   /* r3, no extensions */
	bits(&b, 0, 1); bits(&b, 0, 1);                   /* no n-308, no rplmn-information */
	bits(&b, 2, 2);                                   /* transaction 2 */
	bits(&b, 1, 3);                                   /* releaseCause unspecified */
	li[0] = 0x7c; li[1] = (unsigned)rrc.n; li[2] = 0x7f;
	rlc_pdu(pdu, 0, 0, li, 3, rrc.b, rrc.n);
	m.n = 0; fp_dch_frame(&m, 0, 30, 1, pdu);
	send_udp(&o, rnc_fp, nodeb_fp, &m, 1, 300000);                   /* 6 */
	/* 7, 8: RadioLinkReconfigurationPrepare adding DCH 16 (one 336-bit block
	 * per 10 ms: user plane, no SRB) and its Ready binding it to 40002 */
	ies.n = 0;
	v.n = 0; put8(&v, 0x00); put8(&v, 0x00);         /* NodeB-CommunicationContextID 0 */
	nbap_ie(&ies, 143, REJECT, &v);
	v.n = 0; b.w = &v; b.used = 0;                    /* DCHs-to-Add-FDD */
	bits(&b, 0, 7);
	bits(&b, 0, 1); bits(&b, 0, 1);
	bits(&b, 0, 1); bits(&b, 0, 1);                   /*   cRC-Included */
	bits(&b, 0, 1); bits(&b, 1, 1);                   /*   silent */
	b.used = 0; put16(&v, 30); put16(&v, 2);
	bits(&b, 0, 7);
	bits(&b, 0, 1); bits(&b, 0, 1);
	b.used = 0; put8(&v, 16);                         /*   dCH-ID 16 */
	nbap_tfs(&b, 336);
	nbap_tfs(&b, 336);
	bits(&b, 0, 1); bits(&b, 0, 1);
	bits(&b, 15, 4); bits(&b, 0, 1); bits(&b, 0, 1);
	bits(&b, 0, 4);
	bits(&b, 1, 1);
	nbap_ie(&ies, 48, REJECT, &v);
	m.n = 0; nbap_pdu(&m, 0, 31, 1, 1, 368, 2, &ies);
	send_sctp(&o, rnc_iub, nodeb_iub, 25, &m, 1, 100000);           /* 7 */
	ies.n = 0;
	v.n = 0; put8(&v, 0x00); put8(&v, 0x61);
	nbap_ie(&ies, 44, IGNORE, &v);
	{
		struct wb item = { .n = 0 }, resp = { .n = 0 }, list = { .n = 0 };
		struct bw bi = { &item, 0 }, br = { &resp, 0 };

		bits(&br, 0, 7);                          /* one DCH */
		nbap_binding(&br, 16, v4(10, 0, 5, 2, 40002));
		bits(&bi, 0, 1); bits(&bi, 4, 3);         /* ext; the DCH list only */
		bits(&bi, 0, 5);                          /* rL-ID 0 */
		bi.used = 0;
		nbap_ie(&item, 59, IGNORE, &resp);        /* DCH-InformationResponse */
		put8(&list, 0x00);                        /* one RL */
		nbap_ie(&list, 218, IGNORE, &item);
		nbap_ie(&ies, 222, IGNORE, &list);
	}
	m.n = 0; nbap_pdu(&m, 1, 31, 1, 1, 368, 2, &ies);
	send_sctp(&o, nodeb_iub, rnc_iub, 25, &m, 0, 20000);            /* 8 */
	/* 9: DedicatedMeasurementFailureIndication: Cause radioNetwork 16 */
	ies.n = 0;
	v.n = 0; put8(&v, 0x00); put8(&v, 0x61);
	nbap_ie(&ies, 44, IGNORE, &v);
	v.n = 0; put8(&v, 0x00); put8(&v, 0x01);         /* MeasurementID 1 */
	nbap_ie(&ies, 133, REJECT, &v);
	v.n = 0; b.w = &v; b.used = 0;
	bits(&b, 0, 1); bits(&b, 0, 2);                   /* Cause: radioNetwork */
	bits(&b, 0, 1); bits(&b, 16, 5);                  /* measurement-temporarily-not-available */
	nbap_ie(&ies, 13, IGNORE, &v);
	m.n = 0; nbap_pdu(&m, 0, 16, 2, 1, 368, 3, &ies);
	send_sctp(&o, nodeb_iub, rnc_iub, 25, &m, 0, 500000);           /* 9 */
	out_close(&o);
}

/* ---- 5G core SBI ------------------------------------------------------- */

/* One HTTP/2 frame (RFC 9113 §4.1). */
static void
h2_frame(struct wb *w, unsigned type, unsigned flags, uint32_t sid, const void *p, size_t n)
{
	put24(w, (uint32_t)n);
	put8(w, type);
	put8(w, flags);
	put32(w, sid);
	putn(w, p, n);
}

/* A HEADERS frame (END_HEADERS, and END_STREAM when end) of the fields
 * names[i]: values[i], HPACK-encoded by deflater hd (one per direction:
 * its dynamic table follows the connection). split > 0: the block's first
 * split octets in the HEADERS frame (without END_HEADERS), the rest in a
 * CONTINUATION frame (RFC 9113 §6.10) that ends it. */
static void
h2_headers_split(struct wb *w, nghttp2_hd_deflater *hd, uint32_t sid, int end,
		 const char *const *names, const char *const *values, size_t nf, size_t split);

static void
h2_headers(struct wb *w, nghttp2_hd_deflater *hd, uint32_t sid, int end, const char *const *names,
	   const char *const *values, size_t nf)
{
	h2_headers_split(w, hd, sid, end, names, values, nf, 0);
}

static void
h2_headers_split(struct wb *w, nghttp2_hd_deflater *hd, uint32_t sid, int end,
		 const char *const *names, const char *const *values, size_t nf, size_t split)
{
	nghttp2_nv nv[16];
	uint8_t block[1024];
	ssize_t n;

	for (size_t i = 0; i < nf && i < 16; i++) {
		nv[i].name = (uint8_t *)(uintptr_t)names[i];
		nv[i].value = (uint8_t *)(uintptr_t)values[i];
		nv[i].namelen = strlen(names[i]);
		nv[i].valuelen = strlen(values[i]);
		nv[i].flags = NGHTTP2_NV_FLAG_NONE;
	}
	n = nghttp2_hd_deflate_hd(hd, block, sizeof(block), nv, nf);
	if (n < 0) {
		fprintf(stderr, "gen-captures: HPACK: %s\n", nghttp2_strerror((int)n));
		exit(1);
	}
	if (split > 0 && split < (size_t)n) {
		h2_frame(w, 1, end ? 0x01 : 0, sid, block, split);
		h2_frame(w, 9, 0x04, sid, block + split, (size_t)n - split);
		return;
	}
	h2_frame(w, 1, 0x04 | (end ? 0x01 : 0), sid, block, (size_t)n);
}

/* The client's preface and both sides' empty SETTINGS (RFC 9113 §3.4). */
static void
h2_open(struct out *o, struct ep c, struct ep s, uint32_t *cseq, uint32_t *sseq)
{
	struct wb m = { .n = 0 };

	puts_(&m, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
	h2_frame(&m, 4, 0, 0, NULL, 0);
	send_tcp(o, c, s, *cseq, *sseq, m.b, m.n, 1, 1000);
	*cseq += (uint32_t)m.n;
	m.n = 0;
	h2_frame(&m, 4, 0, 0, NULL, 0);
	h2_frame(&m, 4, 0x01, 0, NULL, 0); /* ACK of the client's */
	send_tcp(o, s, c, *sseq, *cseq, m.b, m.n, 0, 200);
	*sseq += (uint32_t)m.n;
}

static const char problem_ct[] = "application/problem+json";

/* Nudm SDM (TS 29.503 §6.1.3.5): the AMF asks for the access and mobility
 * subscription data of a SUPI the UDM does not know: 404 with the
 * ProblemDetails cause USER_NOT_FOUND (TS 29.503 Table 6.1.7.3-1), on
 * HTTP/2 without TLS on port 7777 (a common lab setting). */
static void
sbi_nudm_not_found(const char *dir)
{
	struct ep amf = v4(10, 5, 0, 10, 41000), udm = v4(10, 5, 0, 20, 7777);
	static const char *const qn[] = { ":method", ":scheme", ":authority", ":path", "accept" };
	static const char *const qv[] = { "GET", "http", "10.5.0.20:7777",
					  "/nudm-sdm/v2/imsi-001010000000001/am-data?plmn-id=%7B%22mcc%22%3A%22001%22%2C%22mnc%22%3A%2201%22%7D",
					  "application/json" };
	static const char *const rn[] = { ":status", "content-type" };
	static const char *const rv[] = { "404", problem_ct };
	static const char body[] = "{\"title\":\"User not found\",\"status\":404,"
				   "\"detail\":\"no subscription data for imsi-001010000000001\","
				   "\"cause\":\"USER_NOT_FOUND\"}";
	nghttp2_hd_deflater *cd, *sd;
	struct wb m = { .n = 0 };
	struct out o;
	uint32_t cs = 5000, ss = 90000;

	nghttp2_hd_deflate_new(&cd, 4096);
	nghttp2_hd_deflate_new(&sd, 4096);
	out_open(&o, dir, "sbi-nudm-user-not-found-http2.pcap", ETH);
	h2_open(&o, amf, udm, &cs, &ss);                               /* 1, 2 */
	h2_headers(&m, cd, 1, 1, qn, qv, 5);
	send_tcp(&o, amf, udm, cs, ss, m.b, m.n, 1, 1000);            /* 3: GET */
	cs += (uint32_t)m.n;
	m.n = 0;
	h2_headers(&m, sd, 1, 0, rn, rv, 2);
	h2_frame(&m, 0, 0x01, 1, body, strlen(body));
	send_tcp(&o, udm, amf, ss, cs, m.b, m.n, 0, 3000);            /* 4: 404 */
	ss += (uint32_t)m.n;
	/* The same again on stream 3: the headers now come from the
	 * dynamic tables both sides filled. */
	m.n = 0;
	h2_headers(&m, cd, 3, 1, qn, qv, 5);
	send_tcp(&o, amf, udm, cs, ss, m.b, m.n, 1, 500000);          /* 5: GET */
	cs += (uint32_t)m.n;
	m.n = 0;
	h2_headers(&m, sd, 3, 0, rn, rv, 2);
	send_tcp(&o, udm, amf, ss, cs, m.b, m.n, 0, 2000);            /* 6: 404 headers */
	ss += (uint32_t)m.n;
	m.n = 0;
	h2_frame(&m, 0, 0x01, 3, body, strlen(body));
	send_tcp(&o, udm, amf, ss, cs, m.b, m.n, 0, 10);              /* 7: its body */
	out_close(&o);
	nghttp2_hd_deflate_del(cd);
	nghttp2_hd_deflate_del(sd);
}

/* Namf Communication N1N2MessageTransfer (TS 29.518 §6.1.3.5.3.1): the SMF
 * hands the AMF a PDU session establishment reject (TS 24.501 §8.3.3, 5GSM
 * cause 26 "insufficient resources") for the UE, as a multipart/related
 * body (JSON + application/vnd.3gpp.5gnas); the AMF answers 200. */
static void
sbi_n1n2_reject(const char *dir)
{
	struct ep smf = v4(10, 5, 0, 30, 42000), amf = v4(10, 5, 0, 10, 7777);
	static const char *const qn[] = { ":method", ":scheme", ":authority", ":path", "content-type" };
	static const char *const qv[] = { "POST", "http", "10.5.0.10:7777",
					  "/namf-comm/v1/ue-contexts/imsi-001010000000001/n1-n2-messages",
					  "multipart/related; boundary=gc0p4Jq0M2Yt08jU534c0p" };
	static const char *const rn[] = { ":status", "content-type" };
	static const char *const rv[] = { "200", "application/json" };
	static const char json[] = "{\"n1MessageContainer\":{\"n1MessageClass\":\"SM\","
				   "\"n1MessageContent\":{\"contentId\":\"n1msg\"}},\"pduSessionId\":5}";
	static const uint8_t nas[] = { 0x2e, 0x05, 0x01, 0xc3, 26 }; /* EPD 5GSM, PSI 5, PTI 1, reject, cause */
	static const char rsp[] = "{\"cause\":\"N1_N2_TRANSFER_INITIATED\"}";
	nghttp2_hd_deflater *cd, *sd;
	struct wb m = { .n = 0 }, b = { .n = 0 };
	struct out o;
	uint32_t cs = 7000, ss = 70000;

	nghttp2_hd_deflate_new(&cd, 4096);
	nghttp2_hd_deflate_new(&sd, 4096);
	out_open(&o, dir, "sbi-n1n2-5gsm-reject-multipart-http2.pcap", ETH);
	puts_(&b, "--gc0p4Jq0M2Yt08jU534c0p\r\nContent-Type: application/json\r\n\r\n");
	puts_(&b, json);
	puts_(&b, "\r\n--gc0p4Jq0M2Yt08jU534c0p\r\nContent-Id: n1msg\r\n"
		  "Content-Type: application/vnd.3gpp.5gnas\r\n\r\n");
	putn(&b, nas, sizeof(nas));
	puts_(&b, "\r\n--gc0p4Jq0M2Yt08jU534c0p--\r\n");
	h2_open(&o, smf, amf, &cs, &ss);                               /* 1, 2 */
	h2_headers(&m, cd, 1, 0, qn, qv, 5);
	send_tcp(&o, smf, amf, cs, ss, m.b, m.n, 1, 1000);            /* 3: POST headers */
	cs += (uint32_t)m.n;
	m.n = 0;
	h2_frame(&m, 0, 0x01, 1, b.b, b.n);
	send_tcp(&o, smf, amf, cs, ss, m.b, m.n, 1, 10);              /* 4: its body */
	cs += (uint32_t)m.n;
	m.n = 0;
	h2_headers(&m, sd, 1, 0, rn, rv, 2);
	h2_frame(&m, 0, 0x01, 1, rsp, strlen(rsp));
	send_tcp(&o, amf, smf, ss, cs, m.b, m.n, 0, 2000);            /* 5: 200 */
	out_close(&o);
	nghttp2_hd_deflate_del(cd);
	nghttp2_hd_deflate_del(sd);
}

/* Nausf over HTTP/1.1 (TS 29.500 §5.2.1 allows it for testing): the AUSF
 * refuses to authenticate the UE for a serving network: 403 with the
 * ProblemDetails cause SERVING_NETWORK_NOT_AUTHORIZED (TS 29.509 §6.1.7.3). */
static void
sbi_http1_forbidden(const char *dir)
{
	struct ep amf = v4(10, 5, 0, 10, 43000), ausf = v4(10, 5, 0, 40, 8080);
	static const char json[] = "{\"supiOrSuci\":\"imsi-001010000000001\","
				   "\"servingNetworkName\":\"5G:mnc099.mcc001.3gppnetwork.org\"}";
	static const char prob[] = "{\"title\":\"Serving network not authorized\",\"status\":403,"
				   "\"cause\":\"SERVING_NETWORK_NOT_AUTHORIZED\"}";
	struct wb m = { .n = 0 };
	struct out o;
	char head[512];
	uint32_t cs = 3000, ss = 30000;

	out_open(&o, dir, "sbi-http1-nausf-403.pcap", ETH);
	snprintf(head, sizeof(head),
		 "POST /nausf-auth/v1/ue-authentications HTTP/1.1\r\nHost: 10.5.0.40:8080\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", strlen(json));
	puts_(&m, head);
	puts_(&m, json);
	send_tcp(&o, amf, ausf, cs, ss, m.b, m.n, 1, 1000);            /* 1: POST */
	cs += (uint32_t)m.n;
	m.n = 0;
	snprintf(head, sizeof(head),
		 "HTTP/1.1 403 Forbidden\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n",
		 problem_ct, strlen(prob));
	puts_(&m, head);
	puts_(&m, prob);
	send_tcp(&o, ausf, amf, ss, cs, m.b, m.n, 0, 4000);            /* 2: 403 */
	out_close(&o);
}

/* Nudm SDM on HTTP/2, the capture begun mid-connection (after the preface
 * and SETTINGS): the GET's header block in a HEADERS and a CONTINUATION
 * frame, the 404's HEADERS and DATA (ProblemDetails USER_NOT_FOUND) in two
 * TCP segments cut inside the DATA frame. No segment is whole frames with
 * a complete HEADERS, so content alone does not find the flow; read with
 * capture.sbi_ports = [ 7777 ] it gives sbi 404 and sbi/problem 1100. */
static void
sbi_http2_midflow(const char *dir)
{
	struct ep amf = v4(10, 5, 0, 10, 41002), udm = v4(10, 5, 0, 20, 7777);
	static const char *const qn[] = { ":method", ":scheme", ":authority", ":path", "accept" };
	static const char *const qv[] = { "GET", "http", "10.5.0.20:7777",
					  "/nudm-sdm/v2/imsi-001010000000003/am-data",
					  "application/json" };
	static const char *const rn[] = { ":status", "content-type" };
	static const char *const rv[] = { "404", problem_ct };
	static const char body[] = "{\"title\":\"User not found\",\"status\":404,"
				   "\"cause\":\"USER_NOT_FOUND\"}";
	nghttp2_hd_deflater *cd, *sd;
	struct wb m = { .n = 0 };
	struct out o;
	uint32_t cs = 7000, ss = 70000;
	size_t cut;

	nghttp2_hd_deflate_new(&cd, 4096);
	nghttp2_hd_deflate_new(&sd, 4096);
	out_open(&o, dir, "sbi-http2-midflow-7777.pcap", ETH);
	h2_headers_split(&m, cd, 5, 1, qn, qv, 5, 8);
	send_tcp(&o, amf, udm, cs, ss, m.b, m.n, 1, 1000);            /* 1: GET, HEADERS + CONTINUATION */
	cs += (uint32_t)m.n;
	m.n = 0;
	h2_headers(&m, sd, 5, 0, rn, rv, 2);
	h2_frame(&m, 0, 0x01, 5, body, strlen(body));
	cut = m.n - 20;
	send_tcp(&o, udm, amf, ss, cs, m.b, cut, 0, 3000);            /* 2: 404 HEADERS, DATA begun */
	send_tcp(&o, udm, amf, ss + (uint32_t)cut, cs, m.b + cut, m.n - cut, 0, 10); /* 3: the rest */
	out_close(&o);
	nghttp2_hd_deflate_del(cd);
	nghttp2_hd_deflate_del(sd);
}

/* Nudm over HTTP/1.1: a subscriber the UDM does not know, its 404's
 * ProblemDetails (USER_NOT_FOUND, TS 29.503 §6.1.7.3) sent in the chunked
 * transfer coding (RFC 9112 §7.1): three chunks, the second with a chunk
 * extension, a trailer field, and the response in two TCP segments cut
 * inside a chunk. The same causes as a Content-Length body. */
static void
sbi_http1_chunked(const char *dir)
{
	struct ep amf = v4(10, 5, 0, 10, 43002), udm = v4(10, 5, 0, 30, 8080);
	static const char req[] = "GET /nudm-sdm/v2/imsi-001010000000002/am-data HTTP/1.1\r\n"
				  "Host: 10.5.0.30:8080\r\nAccept: application/json\r\n\r\n";
	static const char rsp[] = "HTTP/1.1 404 Not Found\r\n"
				  "Content-Type: application/problem+json\r\n"
				  "Transfer-Encoding: chunked\r\n\r\n"
				  "1a\r\n{\"title\":\"User not found\",\r\n"
				  "d;src=udr\r\n\"status\":404,\r\n"
				  "19\r\n\"cause\":\"USER_NOT_FOUND\"}\r\n"
				  "0\r\nX-Request-Id: 7\r\n\r\n";
	size_t cut = sizeof(rsp) - 1 - 40;
	struct out o;
	uint32_t cs = 5000, ss = 50000;

	out_open(&o, dir, "sbi-http1-nudm-404-chunked.pcap", ETH);
	send_tcp(&o, amf, udm, cs, ss, (const uint8_t *)req, sizeof(req) - 1, 1, 1000); /* 1: GET */
	cs += (uint32_t)(sizeof(req) - 1);
	send_tcp(&o, udm, amf, ss, cs, (const uint8_t *)rsp, cut, 0, 3000);             /* 2: 404, first part */
	send_tcp(&o, udm, amf, ss + (uint32_t)cut, cs, (const uint8_t *)rsp + cut,
		 sizeof(rsp) - 1 - cut, 0, 100);                                        /* 3: the rest */
	out_close(&o);
}

int
main(int argc, char **argv)
{
	const char *dir;

	if (argc == 4 && strcmp(argv[1], "--big") == 0)
		return big(argv[2], strtol(argv[3], NULL, 10));
	if (argc != 2) {
		fputs("usage: gen-captures DIR | gen-captures --big FILE MB\n", stderr);
		return 2;
	}
	dir = argv[1];
	lte_attach_reject(dir);
	s1ap_ue_id_reuse(dir);
	gtpv2_no_resources(dir, "gtpv2-create-session-no-resources.pcap", ETH, 0, 73);
	gtpv2_no_resources(dir, "gtpv2-create-session-ipv6.pcap", ETH, 1, 16);
	sip_503(dir, "sip-invite-503-q850.pcap", ETH);
	sip_503(dir, "sip-invite-503-vlan.pcap", ETH_VLAN);
	gsmtap_samples(dir);
	gsmtap_rr_mm(dir);
	gsmtap_umts_rrc(dir);
	s1ap_esm_release(dir);
	ngap_reject(dir);
	ngap_pdu_release(dir);
	diameter_tcp_vlan(dir);
	ip_fragment(dir);
	sip_other_port(dir);
	sip_in_gtpu(dir);
	sip_ipv6_fragments(dir);
	sip_tcp_segments(dir);
	sip_pppoe(dir);
	sip_gre(dir);
	s1ap_duplicate_chunk(dir);
	s1ap_retransmission_multihomed(dir);
	nas_null_cipher(dir);
	ss7_bssmap(dir);
	ss7_ranap(dir);
	ss7_map(dir);
	ss7_ansi_map(dir);
	ss7_map_xudt(dir);
	sua_samples(dir);
	isup_rel(dir);
	abis_ipa(dir);
	abis_lapd(dir);
	iuh_samples(dir);
	iub_samples(dir);
	gtpv1_create_pdp_reject(dir);
	pfcp_session_reject(dir);
	h225_release_cause34(dir);
	gsmtap_gmm_sm(dir);
	sbi_nudm_not_found(dir);
	sbi_n1n2_reject(dir);
	sbi_http1_forbidden(dir);
	sbi_http1_chunked(dir);
	sbi_http2_midflow(dir);
	mac_lte_attach_reject(dir);
	truncated(dir);
	return 0;
}
