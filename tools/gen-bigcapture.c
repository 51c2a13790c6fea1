/*
 * gen-bigcapture.c — writes a large signalling capture (hundreds of MB to a
 * few GB) for tools/bench.sh, from the project's own sample messages
 * (tools/gen-captures.c, included below for its message builders: nothing
 * is copied from a recorded capture), with a known number of failures
 * planted.
 *
 *   usage: gen-bigcapture FILE SIZE [SUBSCRIBERS [FAIL_EVERY [HALFOPEN_EVERY]]]
 *          SIZE: bytes, or with a suffix K, M or G (e.g. 512M, 2G)
 *          SUBSCRIBERS: distinct subscribers cycled through (1..250,
 *                       default 200): the identities, hence celltriage's
 *                       memory, do not grow with SIZE
 *          FAIL_EVERY: one round in FAIL_EVERY fails (default 4)
 *          HALFOPEN_EVERY: after one round in HALFOPEN_EVERY, a TCP flow
 *                       is opened and never closed (default 0: none)
 *
 * The file is a sequence of rounds; round r belongs to subscriber
 * k = r % SUBSCRIBERS, whose identities are all derived from k: IMSI
 * 00101 + MSIN k, MSISDN, 5G SUCI with the same MSIN, S1AP eNB/MME UE ids and NGAP
 * RAN/AMF UE ids k + 1 (one octet in the builders: hence at most 250
 * subscribers), GTP TEIDs, Diameter Session-Id and SIP Call-ID with k in
 * them. Frame times advance by a varying step (a fixed LCG, so the file is
 * reproducible).
 *
 *   a failing round (10 frames, 6 failure events with the default profile):
 *     S1AP InitialUEMessage (Attach request)  -> Diameter S6a AIR
 *     <- AIA Experimental-Result 5001          (event: diameter/experimental 5001)
 *     <- S1AP DownlinkNASTransport Attach reject, EMM 15  (event: emm 15)
 *     GTPv2 Create Session Request -> Response cause 73    (event: gtpv2 73)
 *     SIP INVITE -> 503 with Reason Q.850 34  (events: sip 503, sip/q850 34)
 *     NGAP InitialUEMessage -> Registration reject 5GMM 7 (event: 5gmm 7)
 *   a successful round (8 frames, no failure event):
 *     S1AP InitialUEMessage, S6a AIR, GTPv2 Create Session Request ->
 *     Response cause 16 (request accepted), SIP INVITE -> 100 Trying ->
 *     200 OK, NGAP InitialUEMessage
 *
 * Half-open TCP flows (HALFOPEN_EVERY): flow f (numbered from 0) comes
 * from its own client address and port, opens with SYN (and SYN-ACK),
 * carries one subscriber's signalling in segments and is never closed
 * (no FIN, no RST): the reader must expire or evict it. Its kind is f % 4:
 *   0  SIP (port 5060): INVITE in two segments -> 503 with Reason Q.850
 *      34 in two segments (events: sip 503, sip/q850 34), then the first
 *      60 octets of a second INVITE, never completed
 *   1  SIP: the INVITE's first 100 octets, then its octets from 200 on:
 *      a gap that never fills
 *   2  Diameter S6a over TCP (port 3868): AIR in two segments -> AIA
 *      Experimental-Result 5001 in two segments (event: diameter/
 *      experimental 5001), then the first 12 octets of another AIR
 *   3  Diameter: the AIR's first 40 octets, then its octets from 80 on
 * Every 4 flows plant 3 failure events; every flow leaves a partial
 * message (kinds 0, 2) or a gap (kinds 1, 3) behind.
 *
 * The last line of stdout is machine-readable:
 *   "planted N failures in R rounds, F frames, B bytes"
 *
 * Build (no Makefile rule; tools/bench.sh does this):
 *   cc -std=c11 -O2 -o build/gen-bigcapture tools/gen-bigcapture.c -lpcap -lnghttp2
 */
int gen_captures_main(int argc, char **argv);
#define main gen_captures_main
#include "gen-captures.c"
#undef main

#define FAIL_EVENTS 6 /* failure events of one failing round (see above) */

/* Replaces every occurrence of pat (n octets) in w by rep; returns how many. */
static unsigned
patch(struct wb *w, const uint8_t *pat, const uint8_t *rep, size_t n)
{
	unsigned hits = 0;

	for (size_t i = 0; i + n <= w->n; i++)
		if (memcmp(w->b + i, pat, n) == 0) {
			memcpy(w->b + i, rep, n);
			hits++;
			i += n - 1;
		}
	return hits;
}

/* One subscriber's identities, as the octets the builders write for the
 * sample subscriber and as they must read for subscriber k. */
struct subst {
	struct wb from[12], to[12];
	unsigned n;
};

static void
subst_add(struct subst *s, const struct wb *from, const struct wb *to)
{
	s->from[s->n] = *from;
	s->to[s->n] = *to;
	s->n++;
}

static void
subst_for(struct subst *s, unsigned k)
{
	char imsi[16], msin[11], msisdn[14], sess[14], callid[15];
	struct wb a, b;

	memset(s, 0, sizeof(*s));
	snprintf(msin, sizeof(msin), "%010u", 123456789u + k);
	snprintf(imsi, sizeof(imsi), "00101%s", msin);
	/* IMSI: NAS mobile identity (TS 24.008 §10.5.1.4), GTP TBCD (TS 29.274
	 * §8.3), Diameter User-Name in ASCII (TS 29.272 §7.2.5). */
	a.n = b.n = 0; imsi_ident(&a, IMSI); imsi_ident(&b, imsi); subst_add(s, &a, &b);
	a.n = b.n = 0; tbcd(&a, IMSI); tbcd(&b, imsi); subst_add(s, &a, &b);
	a.n = b.n = 0; puts_(&a, IMSI); puts_(&b, imsi); subst_add(s, &a, &b);
	/* MSISDN: GTP TBCD (TS 29.274 §8.11), SIP From / Contact user part */
	snprintf(msisdn, sizeof(msisdn), "86136%08u", 12345678u + k);
	a.n = b.n = 0; tbcd(&a, "8613612345678"); tbcd(&b, msisdn); subst_add(s, &a, &b);
	a.n = b.n = 0; puts_(&a, "8613612345678"); puts_(&b, msisdn); subst_add(s, &a, &b);
	/* SUCI scheme output (null scheme: the MSIN, TS 24.501 §9.11.3.4) */
	a.n = b.n = 0; tbcd(&a, "0123456789"); tbcd(&b, msin); subst_add(s, &a, &b);
	/* GTP TEIDs: the MME's and the SGW's S11 F-TEIDs */
	a.n = b.n = 0; put32(&a, 0x11223344); put32(&b, 0x11000000u + k); subst_add(s, &a, &b);
	a.n = b.n = 0; put32(&a, 0x55667788); put32(&b, 0x55000000u + k); subst_add(s, &a, &b);
	/* Diameter Session-Id "...;1795137300;42" -> "...;<k, 10 digits>;42" */
	snprintf(sess, sizeof(sess), "%010u;42", k);
	a.n = b.n = 0; puts_(&a, "1795137300;42"); puts_(&b, sess); subst_add(s, &a, &b);
	/* SIP Call-ID "a84b4c76e66710@..." -> "<k, 14 hex digits>@..." */
	snprintf(callid, sizeof(callid), "%014x", k);
	a.n = b.n = 0; puts_(&a, "a84b4c76e66710"); puts_(&b, callid); subst_add(s, &a, &b);
}

static void
apply(struct wb *m, const struct subst *s)
{
	for (unsigned i = 0; i < s->n; i++)
		patch(m, s->from[i].b, s->to[i].b, s->from[i].n);
}

static uint32_t lcg = 12345;

/* The next frame's time step: 50 .. 4145 microseconds. */
static long
step(void)
{
	lcg = lcg * 1103515245u + 12345u;
	return 50 + (long)((lcg >> 16) & 0xfff);
}

static long long
parse_size(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (v <= 0)
		return -1;
	switch (*end) {
	case '\0': return v;
	case 'k': case 'K': v *= 1024; break;
	case 'm': case 'M': v *= 1024 * 1024; break;
	case 'g': case 'G': v *= 1024LL * 1024 * 1024; break;
	default: return -1;
	}
	return end[1] ? -1 : v;
}

/* A TCP segment with the given flags (RFC 9293 §3.1: FIN 0x01, SYN 0x02,
 * PSH 0x08, ACK 0x10), no options. */
static void
tcp_flags(struct wb *w, struct ep s, struct ep d, uint32_t seq, uint32_t ack, unsigned flags,
	  const uint8_t *p, size_t n)
{
	size_t at = w->n, len = 20 + n;
	uint32_t ps;
	uint16_t ck;

	put16(w, s.port);
	put16(w, d.port);
	put32(w, seq);
	put32(w, ack);
	put8(w, 5 << 4);
	put8(w, flags);
	put16(w, 65535);
	put16(w, 0);
	put16(w, 0);
	putn(w, p, n);
	ps = sum16(s.a, 4, 0);
	ps = sum16(d.a, 4, ps);
	ps += 6 + (uint32_t)len;
	ck = fold(sum16(w->b + at, len, ps));
	w->b[at + 16] = (uint8_t)(ck >> 8);
	w->b[at + 17] = (uint8_t)ck;
}

static unsigned long long halfopen_frames;

static void
send_seg(struct out *o, struct ep s, struct ep d, uint32_t seq, uint32_t ack, unsigned flags,
	 const uint8_t *p, size_t n, int outgoing)
{
	struct wb t = { .n = 0 };

	tcp_flags(&t, s, d, seq, ack, flags, p, n);
	send_ip(o, s, d, 6, &t, outgoing, step());
	halfopen_frames++;
}

/* Half-open flow f (see above) for subscriber s; returns its failure
 * events. */
static unsigned
halfopen(struct out *o, unsigned long long f, const struct subst *s)
{
	/* client ports in the dynamic range (RFC 6335 §6): none names a
	 * protocol of its own (1720 would be H.225.0's) */
	struct ep c = v4(10, 2 + (unsigned)(f >> 16 & 0x3f), (unsigned)(f >> 8 & 0xff),
			 (unsigned)(f & 0xff), 49152 + (unsigned)(f % 16000));
	struct ep srv = f % 4 < 2 ? v4(10, 1, 0, 1, 5060) : v4(10, 0, 0, 3, 3868);
	uint32_t cs = 0x10000000u + (uint32_t)f * 7919u, ss = 0x20000000u + (uint32_t)f * 104729u;
	struct wb req = { .n = 0 }, rsp = { .n = 0 }, more = { .n = 0 };
	size_t cut;

	if (f % 4 < 2) {
		sip_invite(&req);
		sip_503_q850(&rsp);
	} else {
		s6a_air(&req);
		s6a_aia_exp(&rsp, 5001);
	}
	apply(&req, s);
	apply(&rsp, s);
	more = req;
	send_seg(o, c, srv, cs, 0, 0x02, NULL, 0, 1);          /* SYN */
	send_seg(o, srv, c, ss, cs + 1, 0x12, NULL, 0, 0);     /* SYN-ACK */
	cs++;
	ss++;
	if (f % 2 == 1) {
		/* a gap: the middle of the request never comes */
		size_t a = f % 4 == 1 ? 100 : 40, b = f % 4 == 1 ? 200 : 80;

		send_seg(o, c, srv, cs, ss, 0x18, req.b, a, 1);
		send_seg(o, c, srv, cs + (uint32_t)b, ss, 0x18, req.b + b, req.n - b, 1);
		return 0;
	}
	cut = req.n / 2;
	send_seg(o, c, srv, cs, ss, 0x18, req.b, cut, 1);
	send_seg(o, c, srv, cs + (uint32_t)cut, ss, 0x18, req.b + cut, req.n - cut, 1);
	cs += (uint32_t)req.n;
	cut = rsp.n / 3;
	send_seg(o, srv, c, ss, cs, 0x18, rsp.b, cut, 0);
	send_seg(o, srv, c, ss + (uint32_t)cut, cs, 0x18, rsp.b + cut, rsp.n - cut, 0);
	ss += (uint32_t)rsp.n;
	/* the start of a next request, the rest never sent */
	send_seg(o, c, srv, cs, ss, 0x18, more.b, f % 4 == 0 ? 60 : 12, 1);
	return f % 4 == 0 ? 2 : 1;
}

int
main(int argc, char **argv)
{
	struct ep mme_s6a = v4(10, 0, 0, 2, 40001), hss = v4(10, 0, 0, 3, 3868);
	struct ep mme = v4(10, 0, 0, 2, 2123), sgw = v4(10, 0, 0, 4, 2123);
	struct ep ue = v4(10, 1, 0, 10, 5060), pcscf = v4(10, 1, 0, 1, 5060);
	struct ep gnb = v4(10, 0, 1, 1, 38412), amf = v4(10, 0, 1, 2, 38412);
	struct subst *subs;
	struct wb m, r;
	struct out o;
	long long limit, bytes = 0;
	unsigned long long rounds = 0, frames = 0, failing = 0;
	unsigned long long flows = 0, flow_events = 0;
	long nsub = 200, every = 4, halfopen_every = 0;
	char dir[1024];
	const char *path, *slash;

	if (argc < 3 || argc > 6 || (limit = parse_size(argv[2])) < 0) {
		fputs("usage: gen-bigcapture FILE SIZE[K|M|G] [SUBSCRIBERS [FAIL_EVERY [HALFOPEN_EVERY]]]\n",
		      stderr);
		return 2;
	}
	if (argc > 3)
		nsub = strtol(argv[3], NULL, 10);
	if (argc > 4)
		every = strtol(argv[4], NULL, 10);
	if (argc > 5)
		halfopen_every = strtol(argv[5], NULL, 10);
	if (nsub < 1 || nsub > 250 || every < 1 || halfopen_every < 0) {
		fputs("gen-bigcapture: SUBSCRIBERS must be 1..250, FAIL_EVERY at least 1, "
		      "HALFOPEN_EVERY at least 0\n", stderr);
		return 2;
	}
	path = argv[1];
	slash = strrchr(path, '/');
	if (slash) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		out_open(&o, dir, slash + 1, ETH);
	} else {
		out_open(&o, ".", path, ETH);
	}
	subs = calloc((size_t)nsub, sizeof(*subs));
	if (!subs)
		return 3;
	for (long k = 0; k < nsub; k++)
		subst_for(&subs[k], (unsigned)k);
	while (bytes < limit) {
		unsigned k = (unsigned)(rounds % (unsigned long long)nsub), id = k + 1;
		const struct subst *s = &subs[k];
		int fail = rounds % (unsigned long long)every == 0;

#define SEND_SCTP(src, dst, ppid, out) \
	do { apply(&m, s); send_sctp(&o, src, dst, ppid, &m, out, step()); frames++; } while (0)
#define SEND_UDP(src, dst, msg, out) \
	do { apply(&(msg), s); send_udp(&o, src, dst, &(msg), out, step()); frames++; } while (0)
		m.n = 0; s1ap_initial_ue(&m, id);
		SEND_SCTP(enb_s1, mme_s1, 18, 0);
		m.n = 0; s6a_air(&m);
		SEND_SCTP(mme_s6a, hss, 46, 1);
		if (fail) {
			m.n = 0; s6a_aia_exp(&m, 5001);    /* DIAMETER_ERROR_USER_UNKNOWN */
			SEND_SCTP(hss, mme_s6a, 46, 0);
			m.n = 0; s1ap_attach_reject(&m, id, id, 15); /* EMM 15 */
			SEND_SCTP(mme_s1, enb_s1, 18, 1);
		}
		m.n = 0; r.n = 0; gtp_create_session(&m, &r, fail ? 73 : 16);
		SEND_UDP(mme, sgw, m, 1);
		SEND_UDP(sgw, mme, r, 0);
		m.n = 0; sip_invite(&m);
		SEND_UDP(ue, pcscf, m, 1);
		m.n = 0;
		if (fail)
			sip_response(&m, "503 Service Unavailable",
				     "Reason: Q.850;cause=34;text=\"No circuit/channel available\"\r\n");
		else
			sip_response(&m, "100 Trying", "");
		SEND_UDP(pcscf, ue, m, 0);
		if (!fail) {
			m.n = 0; sip_response(&m, "200 OK", "");
			SEND_UDP(pcscf, ue, m, 0);
		}
		m.n = 0; ngap_initial_ue(&m, id);
		SEND_SCTP(gnb, amf, 60, 0);
		if (fail) {
			m.n = 0; ngap_registration_reject(&m, id, id, 7); /* 5GMM 7 */
			SEND_SCTP(amf, gnb, 60, 1);
		}
#undef SEND_SCTP
#undef SEND_UDP
		if (halfopen_every && rounds % (unsigned long long)halfopen_every == 0) {
			flow_events += halfopen(&o, flows, s);
			flows++;
		}
		failing += fail;
		rounds++;
		if (rounds % 64 == 0)
			bytes = (long long)pcap_dump_ftell(o.d);
	}
	bytes = (long long)pcap_dump_ftell(o.d);
	out_close(&o);
	free(subs);
	printf("%s: %ld subscribers, one round in %ld failing\n", path, nsub, every);
	if (halfopen_every)
		printf("%llu half-open TCP flows (SIP, Diameter), %llu frames, %llu failure events\n",
		       flows, halfopen_frames, flow_events);
	printf("planted %llu failures in %llu rounds, %llu frames, %lld bytes\n",
	       failing * FAIL_EVENTS + flow_events, rounds, frames + halfopen_frames, bytes);
	return 0;
}
