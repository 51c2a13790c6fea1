/*
 * capture_reasm.c — the transport state of one pass over a capture: IP
 * datagrams put back together from their fragments (IPv4 RFC 791 §3.2,
 * RFC 815; IPv6 RFC 8200 §4.5), TCP byte streams put back in order (RFC
 * 9293 §3.4, §3.10.7.4) and cut into the messages of their protocol, and
 * SCTP user messages sent in fragments put back together (RFC 9260 §6.9),
 * the SCTP DATA chunks already seen (RFC 9260 §6.2: a TSN received again
 * is a duplicate, however it came back: the peer's retransmission, to the
 * same address or another of a multi-homed peer, or the same packet
 * captured twice, as on Linux "any" or on both sides of a NAT), and SCCP
 * messages sent in XUDT/XUDTS segments put back together (ITU-T Q.713
 * §3.17, Q.714 §4.1.1.2).
 *
 * Everything here is bounded, whatever the capture holds: bytes per
 * datagram and per flow, datagrams and flows held, bytes held in all, and
 * capture time (a datagram or a flow that stops getting packets expires).
 * What is given up is counted by reason in the caller's undecoded[], one
 * count per packet whose bytes were not delivered in a decoded message.
 *
 *   fragments:  key (version, src, dst, id, IPv4 protocol) -> datagram:
 *               bytes so far, a bitmap of the 8-octet blocks received,
 *               the total length once the last fragment is in
 *   TCP flows:  key (src, dst, ports) -> next sequence number expected,
 *               the bytes of the message being put together, segments
 *               that came early (out of order), held until the gap fills
 *   SCTP:       key (ports, verification tag: one direction of an
 *               association, whatever addresses it uses) -> the highest
 *               TSN seen and a bitmap of the SCTP_WINDOW TSNs below it
 *   SCCP:       key (called and calling address, local reference) -> the
 *               user data so far, the segments still to come
 *
 * Not thread-safe: one struct per pass (capture_int.h: the stage).
 */
#include <stdlib.h>
#include <string.h>

#include "capture_int.h"
#include "celltriage/decode.h"

/* IP fragments. A datagram is at most 65535 octets (RFC 791's total length,
 * RFC 8200's payload length without jumbograms); 64 fragments is eight
 * times what a 9000-octet datagram over a 1280-octet path needs. The 30 s
 * is Linux's ipfrag_time (RFC 791 §3.2 suggests 15 s as a lower bound). */
#define FRAG_MAX_BYTES 65535u
#define FRAG_MAX_PIECES 64u
#define FRAG_MAX_HELD 256u
#define FRAG_MAX_TOTAL (8u << 20)
#define FRAG_TIMEOUT_S 30

/* TCP. A message longer than the largest a decoder frames (SIP: 64 KiB of
 * headers and 1 MiB of body) cannot be put together; early segments are
 * held up to a count and a size per flow; flows idle for five minutes of
 * capture time are dropped. */
#define TCP_MAX_MSG ((64u << 10) + (1u << 20))
#define TCP_MAX_EARLY 32u
#define TCP_MAX_EARLY_BYTES (256u << 10)
#define TCP_MAX_FLOWS 4096u
#define TCP_MAX_TOTAL (32u << 20)
#define TCP_IDLE_S 300
#define TCP_SWEEP_S 60
#define TCP_BUCKETS 4096u

/* SCTP: duplicates are recognised up to SCTP_WINDOW TSNs behind the
 * highest seen in an association (a TSN further behind is taken as new). */
#define SCTP_WINDOW 1024u
#define SCTP_MAX_ASSOCS 4096u
#define SCTP_BUCKETS 1024u
/* SCTP user messages in fragments (RFC 9260 §6.9): a message is at most
 * 256 KiB (an S1AP/NGAP message far exceeds none), 64 messages are put
 * together at once, 4 MiB in all, each within 30 s of capture time. */
#define SCTP_MSG_MAX (256u << 10)
#define SCTP_MSG_HELD 64u
#define SCTP_MSG_TOTAL (4u << 20)
#define SCTP_MSG_TIMEOUT_S 30

/* SCCP segments: the Segmentation parameter counts at most 15 segments
 * after the first (4 bits), each XUDT carrying at most 254 octets of data:
 * 4 KiB holds any message; 64 messages are put together at once, 256 KiB
 * in all, each within 20 s of capture time (the upper bound of Q.714's
 * reassembly timer T(reass)). A segment that is not the one expected
 * (missing, repeated, out of order) gives up its message. */
#define SCCP_MSG_MAX (4u << 10)
#define SCCP_MSG_HELD 64u
#define SCCP_MSG_TOTAL (256u << 10)
#define SCCP_MSG_TIMEOUT_S 20

struct sccp_msg {
	uint8_t key[CT_SCCP_SEG_KEY_MAX];
	uint8_t keylen;
	uint8_t remaining;      /* segments still to come */
	unsigned ssn;           /* the first segment's subsystem */
	int64_t first_sec;
	uint8_t *buf;
	size_t n;
	unsigned pieces;
};

struct frag {
	struct ct_cap_frag_key key;
	int64_t first_sec;
	uint8_t *buf;
	size_t have;            /* bytes of buf in use (highest end received) */
	size_t total;           /* from the last fragment; 0 until it comes */
	uint8_t blocks[FRAG_MAX_BYTES / 8 / 8 + 1]; /* 8-octet blocks received */
	unsigned pieces;
	uint8_t proto;          /* IPv6: from the first fragment's header */
	int have_first;
};

struct early {                  /* a segment that came before its turn */
	uint32_t seq;
	size_t n;
	uint8_t *p;
};

struct flow {
	struct ct_cap_tcp_key key;
	struct flow *next;      /* in its bucket */
	struct flow *older, *newer; /* in the order of their last segment */
	int64_t last_sec;
	uint32_t next_seq;
	int unsynced;           /* next_seq not known yet: no segment starting a message seen */
	int lost;               /* framing lost: wait for a segment starting a message */
	uint8_t *buf;           /* the message being put together */
	size_t n, cap;
	unsigned pending;       /* segments whose bytes are all in buf, none delivered */
	struct early early[TCP_MAX_EARLY];
	unsigned nearly;
	size_t early_bytes;
	unsigned app;           /* ct_cap_tcp_app's id */
	void *state;            /* the protocol's own (ct_cap_tcp_state) */
	void (*state_free)(void *);
};

struct assoc {
	struct ct_cap_sctp_key key;
	struct assoc *next;
	uint32_t high;
	uint8_t seen[SCTP_WINDOW / 8]; /* bit t % SCTP_WINDOW: TSN t, for t in (high - SCTP_WINDOW, high] */
};

struct sctp_msg {               /* a fragmented user message being put together */
	struct ct_cap_sctp_key key;
	unsigned stream;
	uint32_t next_tsn;
	int64_t first_sec;
	uint8_t *buf;
	size_t n;
	unsigned pieces;
};

/* Iub (TS 25.430): the transport bearers Radio Link Setups set up (their
 * requests wait for their responses by transaction id), each bearer an FP
 * flow keyed by the Node B's address and UDP port (from the response) and
 * one by the RNC's (from the request, when it names it), with the RLC entities
 * of its signalling radio bearers (RB1 UM, RB2..4 AM: TS 25.331 §6.3) in
 * each direction. At most IUB_FLOWS bearers: a new one replaces the
 * oldest set up (a UE's radio link lasts a call; the capture's bearers
 * beyond that many at once lose their oldest). */
#define IUB_PENDING 16u
#define IUB_FLOWS 64u
#define IUB_SRBS 4u
#define IUB_ASSOCS 16u

struct ct_cap_reasm {
	struct sccp_msg *smsgs[SCCP_MSG_HELD]; /* oldest first */
	unsigned nsmsgs;
	size_t smsg_bytes;
	struct sctp_msg *msgs[SCTP_MSG_HELD]; /* oldest first */
	unsigned nmsgs;
	size_t msg_bytes;
	struct frag *frags[FRAG_MAX_HELD];   /* oldest first */
	unsigned nfrags;
	size_t frag_bytes;
	struct flow *flows[TCP_BUCKETS];
	struct flow *oldest, *newest; /* the flows by their last segment */
	unsigned nflows;
	size_t tcp_bytes;
	int64_t tcp_swept;
	struct assoc *assocs[SCTP_BUCKETS];
	unsigned nassocs;
	unsigned nstates;       /* flows holding a protocol state */
	struct iub_pending *iub_pending; /* IUB_PENDING slots, allocated when first needed */
	struct ct_cap_iub_flow *iub;     /* IUB_FLOWS slots, likewise */
	unsigned iub_next;               /* the slot the next flow takes when all are used */
	struct ct_cap_tcp_key nbap[IUB_ASSOCS]; /* SCTP endpoints that carried NBAP */
	unsigned nnbap;
};

struct iub_pending {
	int used;
	struct ct_nbap_setup req;
};

struct ct_cap_iub_flow {
	int used;
	int from;               /* the direction of frames sent from this end */
	struct ct_cap_addr addr;
	uint16_t port;
	struct ct_iub_bearer b;
	struct ct_rlc_entity rlc[2][IUB_SRBS];
};

/* The flow of bearer b at addr:port (the end sending frames of direction
 * from): a new slot, the one it had, or the oldest made. */
static void
iub_flow_new(struct ct_cap_reasm *r, const uint8_t *addr, uint8_t len, uint16_t port,
	     const struct ct_iub_bearer *b, int from)
{
	struct ct_cap_iub_flow *f = NULL;

	if (!r->iub)
		r->iub = ct_xcalloc(IUB_FLOWS, sizeof(*r->iub));
	for (unsigned k = 0; k < IUB_FLOWS && !f; k++)
		if (r->iub[k].used && r->iub[k].port == port && r->iub[k].addr.len == len &&
		    !memcmp(r->iub[k].addr.a, addr, len))
			f = &r->iub[k];
	for (unsigned k = 0; k < IUB_FLOWS && !f; k++)
		if (!r->iub[k].used)
			f = &r->iub[k];
	if (!f) {
		f = &r->iub[r->iub_next];
		r->iub_next = (r->iub_next + 1) % IUB_FLOWS;
	}
	memset(f, 0, sizeof(*f));
	f->used = 1;
	f->from = from;
	f->addr.len = len;
	memcpy(f->addr.a, addr, len);
	f->port = port;
	f->b = *b;
	for (unsigned d = 0; d < 2; d++)
		for (unsigned l = 0; l < IUB_SRBS; l++)
			ct_rlc_init(&f->rlc[d][l], l == 0 ? CT_RLC_UM : CT_RLC_AM);
}

/* The bearer of request q whose first DCH is dch, NULL none. */
static const struct ct_iub_bearer *
iub_bearer_of(const struct ct_nbap_setup *q, unsigned dch)
{
	for (unsigned j = 0; j < q->nbearers; j++)
		if (q->bearer[j].ndch && q->bearer[j].dch[0].id == dch)
			return &q->bearer[j];
	return NULL;
}

void
ct_cap_iub_nbap(struct ct_cap_reasm *r, const struct ct_nbap_setup *s)
{
	struct iub_pending *q;

	if (s->kind == CT_NBAP_SETUP_REQUEST && s->nbearers) {
		/* the RNC's ends, when the request names them: followed now */
		for (unsigned i = 0; i < s->nrnc; i++) {
			const struct ct_iub_bearer *b = iub_bearer_of(s, s->rnc[i].dch);

			if (b)
				iub_flow_new(r, s->rnc[i].addr, s->rnc[i].addr_len, s->rnc[i].port, b,
					     CT_IUB_DL);
		}
		if (!r->iub_pending)
			r->iub_pending = ct_xcalloc(IUB_PENDING, sizeof(*r->iub_pending));
		q = &r->iub_pending[s->transaction % IUB_PENDING];
		q->used = 1;
		q->req = *s;
		return;
	}
	if (s->kind != CT_NBAP_SETUP_RESPONSE || !r->iub_pending)
		return;
	q = &r->iub_pending[s->transaction % IUB_PENDING];
	if (!q->used || q->req.transaction != s->transaction)
		return;
	for (unsigned i = 0; i < s->nbearers; i++) {
		const struct ct_iub_bearer *rsp = &s->bearer[i];
		const struct ct_iub_bearer *b = iub_bearer_of(&q->req, rsp->dch[0].id);

		if (b)
			iub_flow_new(r, rsp->addr, rsp->addr_len, rsp->port, b, CT_IUB_UL);
	}
	q->used = 0;
}

/* The endpoints, either way round, as one key. */
static void
nbap_key(const struct ct_cap_addr *a, unsigned ap, const struct ct_cap_addr *b, unsigned bp,
	 struct ct_cap_tcp_key *key)
{
	memset(key, 0, sizeof(*key));
	if (memcmp(a, b, sizeof(*a)) < 0 || (!memcmp(a, b, sizeof(*a)) && ap < bp)) {
		key->src = *a, key->sport = (uint16_t)ap, key->dst = *b, key->dport = (uint16_t)bp;
	} else {
		key->src = *b, key->sport = (uint16_t)bp, key->dst = *a, key->dport = (uint16_t)ap;
	}
}

int
ct_cap_iub_nbap_assoc(struct ct_cap_reasm *r, const struct ct_cap_addr *src, unsigned sport,
		      const struct ct_cap_addr *dst, unsigned dport, int add)
{
	struct ct_cap_tcp_key key;

	nbap_key(src, sport, dst, dport, &key);
	for (unsigned i = 0; i < r->nnbap && i < IUB_ASSOCS; i++)
		if (!memcmp(&r->nbap[i], &key, sizeof(key)))
			return 1;
	if (!add)
		return 0;
	r->nbap[r->nnbap % IUB_ASSOCS] = key;
	r->nnbap++;
	return 1;
}

struct ct_cap_iub_flow *
ct_cap_iub_flow(struct ct_cap_reasm *r, const struct ct_cap_addr *addr, unsigned port)
{
	if (!r->iub)
		return NULL;
	for (unsigned k = 0; k < IUB_FLOWS; k++)
		if (r->iub[k].used && r->iub[k].port == port && r->iub[k].addr.len == addr->len &&
		    !memcmp(r->iub[k].addr.a, addr->a, addr->len))
			return &r->iub[k];
	return NULL;
}

const struct ct_iub_bearer *
ct_cap_iub_bearer(const struct ct_cap_iub_flow *f)
{
	return &f->b;
}

int
ct_cap_iub_from(const struct ct_cap_iub_flow *f)
{
	return f->from;
}

struct ct_rlc_entity *
ct_cap_iub_rlc(struct ct_cap_iub_flow *f, int dir, unsigned lch)
{
	if (lch < 1 || lch > IUB_SRBS || (dir != CT_IUB_UL && dir != CT_IUB_DL))
		return NULL;
	return &f->rlc[dir][lch - 1];
}

struct ct_cap_reasm *
ct_cap_reasm_new(void)
{
	return ct_xcalloc(1, sizeof(struct ct_cap_reasm));
}

/* A key's hash, eight bytes at a time: it is asked for every SCTP DATA
 * chunk (byte-wise FNV-1a over the 44-byte key took 3% longer on the
 * bench's capture, -j 1: 248 ms against 241 ms, best of 7). */
static uint32_t
hash_bytes(const void *p, size_t n)
{
	const uint8_t *s = p;
	uint64_t h = 0x9e3779b97f4a7c15u;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	for (; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3u;
	h ^= h >> 29;
	return (uint32_t)h;
}

/* ---- IP fragments ------------------------------------------------------ */

static void
frag_drop(struct ct_cap_reasm *r, unsigned i, uint64_t *undec, enum ct_undec why)
{
	struct frag *f = r->frags[i];

	if (undec)
		undec[why] += f->pieces;
	r->frag_bytes -= f->have;
	free(f->buf);
	free(f);
	memmove(&r->frags[i], &r->frags[i + 1], (r->nfrags - i - 1) * sizeof(r->frags[0]));
	r->nfrags--;
}

static int
blocks_all(const struct frag *f)
{
	size_t nb = (f->total + 7) / 8;

	for (size_t b = 0; b < nb; b++)
		if (!(f->blocks[b / 8] & (1u << (b % 8))))
			return 0;
	return 1;
}

int
ct_cap_frag_add(struct ct_cap_reasm *r, const struct ct_cap_frag_key *key, int64_t sec, size_t off,
		const uint8_t *p, size_t n, int more, uint8_t proto, uint64_t *undec,
		uint8_t **out, size_t *outlen, uint8_t *outproto)
{
	struct frag *f = NULL;
	unsigned i;
	int fresh = 0;

	/* Datagrams whose first fragment is older than the timeout expire
	 * (oldest first: the array is in order of arrival). */
	while (r->nfrags && sec - r->frags[0]->first_sec > FRAG_TIMEOUT_S)
		frag_drop(r, 0, undec, CT_UNDEC_IP_FRAG_TIMEOUT);
	for (i = 0; i < r->nfrags; i++)
		if (memcmp(&r->frags[i]->key, key, sizeof(*key)) == 0) {
			f = r->frags[i];
			break;
		}
	/* A fragment that would make the datagram longer than IP allows, or
	 * not on an 8-octet boundary where more follow (§3.1), cannot be put
	 * anywhere: the datagram is given up with it. */
	if (off + n > FRAG_MAX_BYTES || (more && (n == 0 || n % 8 != 0)) || off % 8 != 0) {
		if (f)
			frag_drop(r, i, undec, CT_UNDEC_IP_FRAG_LIMIT);
		undec[CT_UNDEC_IP_FRAG_LIMIT]++;
		return 0;
	}
	if (!f) {
		if (r->nfrags == FRAG_MAX_HELD)
			frag_drop(r, 0, undec, CT_UNDEC_IP_FRAG_LIMIT);
		f = ct_xcalloc(1, sizeof(*f));
		f->key = *key;
		f->first_sec = sec;
		i = r->nfrags;
		r->frags[r->nfrags++] = f;
		fresh = 1;
	}
	if (f->pieces >= FRAG_MAX_PIECES || (!more && f->total && f->total != off + n) ||
	    (f->total && off + n > f->total) || (!more && off + n < f->have)) {
		/* Endless fragments, or two different ends: nothing sound can
		 * be made of this datagram. */
		frag_drop(r, i, undec, CT_UNDEC_IP_FRAG_LIMIT);
		undec[CT_UNDEC_IP_FRAG_LIMIT]++;
		return 0;
	}
	{
		/* Only blocks not received yet are written: the first copy of
		 * an octet wins (a duplicate or overlapping fragment changes
		 * nothing already there, RFC 5722 for IPv6 would drop the
		 * datagram; keeping the first is what tshark shows). */
		size_t b0 = off / 8, b1 = (off + n + 7) / 8, fresh_blocks = 0;

		if (off + n > f->have) {
			size_t grow = off + n - f->have;

			while (r->frag_bytes + grow > FRAG_MAX_TOTAL && r->nfrags > 1 && r->frags[0] != f)
				frag_drop(r, 0, undec, CT_UNDEC_IP_FRAG_LIMIT);
			if (r->frag_bytes + grow > FRAG_MAX_TOTAL) {
				for (i = 0; i < r->nfrags && r->frags[i] != f; i++)
					;
				frag_drop(r, i, undec, CT_UNDEC_IP_FRAG_LIMIT);
				undec[CT_UNDEC_IP_FRAG_LIMIT]++;
				return 0;
			}
			f->buf = ct_xrealloc(f->buf, off + n);
			memset(f->buf + f->have, 0, off + n - f->have);
			r->frag_bytes += grow;
			f->have = off + n;
		}
		for (size_t b = b0; b < b1; b++) {
			size_t s = b * 8, e = s + 8 < off + n ? s + 8 : off + n;

			if (f->blocks[b / 8] & (1u << (b % 8)))
				continue;
			memcpy(f->buf + s, p + (s - off), e - s);
			if (e - s == 8 || !more)
				f->blocks[b / 8] |= (uint8_t)(1u << (b % 8));
			fresh_blocks++;
		}
		if (!fresh_blocks && !fresh && n) {
			undec[CT_UNDEC_IP_FRAG_DUP]++;
			return 0;
		}
	}
	f->pieces++;
	if (off == 0) {
		f->have_first = 1;
		f->proto = proto;
	}
	if (!more)
		f->total = off + n;
	if (!f->total || !f->have_first || !blocks_all(f))
		return 0;
	*out = f->buf;
	*outlen = f->total;
	*outproto = f->proto;
	f->buf = NULL;
	r->frag_bytes -= f->have;
	f->have = 0;
	f->pieces = 0;
	for (i = 0; r->frags[i] != f; i++)
		;
	frag_drop(r, i, NULL, CT_UNDEC_IP_FRAG_LIMIT);
	return 1;
}

/* ---- TCP --------------------------------------------------------------- */

static struct flow **
flow_slot(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key)
{
	struct flow **pp = &r->flows[hash_bytes(key, sizeof(*key)) % TCP_BUCKETS];

	while (*pp && memcmp(&(*pp)->key, key, sizeof(*key)) != 0)
		pp = &(*pp)->next;
	return pp;
}

static size_t
flow_bytes(const struct flow *f)
{
	return f->cap + f->early_bytes;
}

/* Forgets what the flow holds, each segment counted under why. */
static void
flow_clear(struct ct_cap_reasm *r, struct flow *f, uint64_t *undec, enum ct_undec why)
{
	undec[why] += f->pending + f->nearly;
	for (unsigned i = 0; i < f->nearly; i++)
		free(f->early[i].p);
	r->tcp_bytes -= flow_bytes(f);
	free(f->buf);
	f->buf = NULL;
	f->n = f->cap = 0;
	f->pending = 0;
	f->nearly = 0;
	f->early_bytes = 0;
}

/* The flows in the order of their last segment: f leaves it ... */
static void
flow_unlink(struct ct_cap_reasm *r, struct flow *f)
{
	if (f->older)
		f->older->newer = f->newer;
	else
		r->oldest = f->newer;
	if (f->newer)
		f->newer->older = f->older;
	else
		r->newest = f->older;
	f->older = f->newer = NULL;
}

/* ... and comes back in as the newest. */
static void
flow_touch(struct ct_cap_reasm *r, struct flow *f)
{
	if (r->newest == f)
		return;
	if (f->older || f->newer || r->oldest == f)
		flow_unlink(r, f);
	f->older = r->newest;
	if (r->newest)
		r->newest->newer = f;
	else
		r->oldest = f;
	r->newest = f;
}

static void
flow_free(struct ct_cap_reasm *r, struct flow **pp, uint64_t *undec, enum ct_undec why)
{
	struct flow *f = *pp;

	flow_unlink(r, f);
	flow_clear(r, f, undec, why);
	if (f->state_free) {
		/* Counted from the slot's handing out, filled or not. */
		if (f->state)
			f->state_free(f->state);
		r->nstates--;
	}
	*pp = f->next;
	free(f);
	r->nflows--;
}

/* Flows idle for TCP_IDLE_S are dropped, at most once per TCP_SWEEP_S of
 * capture time (and the oldest flow when the limits are reached). */
static void
flow_sweep(struct ct_cap_reasm *r, int64_t sec, uint64_t *undec)
{
	if (sec - r->tcp_swept < TCP_SWEEP_S && sec >= r->tcp_swept)
		return;
	r->tcp_swept = sec;
	for (unsigned b = 0; b < TCP_BUCKETS; b++)
		for (struct flow **pp = &r->flows[b]; *pp;) {
			if (sec - (*pp)->last_sec > TCP_IDLE_S)
				flow_free(r, pp, undec, CT_UNDEC_TCP_INCOMPLETE);
			else
				pp = &(*pp)->next;
		}
}

/* The flow whose last segment is the oldest (but keep) is dropped: found
 * at the head of the flows' order, not by a walk over every flow, which
 * made each new flow past TCP_MAX_FLOWS cost thousands of steps (a capture
 * of 28,608 half-open flows in 128 MB took 4.6 s instead of 0.6 s). */
static void
flow_evict_oldest(struct ct_cap_reasm *r, const struct flow *keep, uint64_t *undec)
{
	struct flow *old = r->oldest;

	if (old == keep && old)
		old = old->newer;
	if (old)
		flow_free(r, flow_slot(r, &old->key), undec, CT_UNDEC_TCP_LIMIT);
}

/* Appends n bytes to the flow's message buffer; 0, or -1 when the limits
 * forbid it. */
static int
flow_append(struct ct_cap_reasm *r, struct flow *f, const uint8_t *p, size_t n, uint64_t *undec)
{
	size_t need = f->n + n, before = f->cap;

	if (need > TCP_MAX_MSG)
		return -1;
	if (need > f->cap) {
		size_t want = f->cap ? f->cap : 2048;

		while (want < need)
			want *= 2;
		if (want > TCP_MAX_MSG)
			want = TCP_MAX_MSG;
		while (r->tcp_bytes + (want - before) > TCP_MAX_TOTAL && r->nflows > 1)
			flow_evict_oldest(r, f, undec);
		if (r->tcp_bytes + (want - before) > TCP_MAX_TOTAL)
			return -1;
		f->buf = ct_xrealloc(f->buf, want);
		f->cap = want;
		r->tcp_bytes += want - before;
	}
	memcpy(f->buf + f->n, p, n);
	f->n = need;
	return 0;
}

/* Cuts the whole messages at the start of the flow's buffer and hands each
 * to deliver; keeps the rest. */
static void
flow_frame(struct ct_cap_reasm *r, struct flow *f, const struct ct_cap_tcp_app *app,
	   uint64_t *undec)
{
	size_t at = 0;
	int any = 0;

	while (at < f->n) {
		size_t m = app->frame_len(f->buf + at, f->n - at);

		if (m == 0)
			break;
		if (m == (size_t)-1 || m > f->n - at) {
			/* Not a message of this protocol: framing is lost until
			 * a segment starts one again. */
			f->lost = 1;
			undec[CT_UNDEC_TCP_UNFRAMED] += any ? 1 : f->pending;
			f->pending = 0;
			at = f->n;
			break;
		}
		app->deliver(app->arg, f->buf + at, m);
		any = 1;
		at += m;
	}
	if (any)
		f->pending = 0;
	if (at) {
		memmove(f->buf, f->buf + at, f->n - at);
		f->n -= at;
	}
	(void)r;
}

/* Takes in-order bytes: appended, framed. */
static void
flow_take(struct ct_cap_reasm *r, struct flow *f, const uint8_t *p, size_t n,
	  const struct ct_cap_tcp_app *app, uint64_t *undec)
{
	f->next_seq += (uint32_t)n;
	if (f->lost) {
		size_t m = app->frame_len(p, n);

		if (m == (size_t)-1) {
			undec[CT_UNDEC_TCP_UNFRAMED]++;
			return;
		}
		f->lost = 0;
	}
	if (flow_append(r, f, p, n, undec) != 0) {
		undec[CT_UNDEC_TCP_LIMIT] += f->pending + 1;
		f->pending = 0;
		f->n = 0;
		f->lost = 1;
		return;
	}
	f->pending++;
	flow_frame(r, f, app, undec);
}

/* Early segments that are now in turn (or behind it) are taken. */
static void
flow_drain(struct ct_cap_reasm *r, struct flow *f, const struct ct_cap_tcp_app *app,
	   uint64_t *undec)
{
	for (int again = 1; again;) {
		again = 0;
		for (unsigned i = 0; i < f->nearly; i++) {
			struct early e = f->early[i];
			int32_t d = (int32_t)(e.seq - f->next_seq);

			if (d > 0)
				continue;
			f->early[i] = f->early[--f->nearly];
			f->early_bytes -= e.n;
			r->tcp_bytes -= e.n;
			if ((size_t)-(int64_t)d >= e.n)
				undec[CT_UNDEC_TCP_RETRANSMISSION]++;
			else
				flow_take(r, f, e.p + -d, e.n - (size_t)-d, app, undec);
			free(e.p);
			again = 1;
			break;
		}
	}
}

/* A gap that will not fill: what was put together is given up, and the
 * flow goes on from the earliest early segment. */
static void
flow_skip_gap(struct ct_cap_reasm *r, struct flow *f, const struct ct_cap_tcp_app *app,
	      uint64_t *undec)
{
	unsigned lo = 0;

	undec[CT_UNDEC_TCP_GAP] += f->pending;
	f->pending = 0;
	f->n = 0;
	f->lost = 1;
	for (unsigned i = 1; i < f->nearly; i++)
		if ((int32_t)(f->early[i].seq - f->early[lo].seq) < 0)
			lo = i;
	if (f->nearly) {
		f->next_seq = f->early[lo].seq;
		flow_drain(r, f, app, undec);
	}
}

/* Keeps a segment that came before its turn (the caller checked the room). */
static void
flow_hold_early(struct ct_cap_reasm *r, struct flow *f, uint32_t seq, const uint8_t *p, size_t n)
{
	struct early *e = &f->early[f->nearly++];

	e->seq = seq;
	e->n = n;
	e->p = ct_xmalloc(n);
	memcpy(e->p, p, n);
	f->early_bytes += n;
	r->tcp_bytes += n;
}

int
ct_cap_tcp_known(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key)
{
	return r->nflows && *flow_slot(r, key) != NULL;
}

unsigned
ct_cap_tcp_app_of(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key)
{
	struct flow *f = r->nflows ? *flow_slot(r, key) : NULL;

	return f ? f->app : 0;
}

void **
ct_cap_tcp_state(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key, void (*free_fn)(void *))
{
	struct flow *f = r->nflows ? *flow_slot(r, key) : NULL;

	if (!f)
		return NULL;
	if (!f->state_free) {
		if (r->nstates >= CT_CAP_TCP_STATES)
			return NULL;
		/* Counted as held from here: the caller fills the slot. */
		r->nstates++;
		f->state_free = free_fn;
	}
	return &f->state;
}

void
ct_cap_tcp_segment(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key, int64_t sec,
		   uint32_t seq, unsigned flags, const uint8_t *p, size_t n,
		   const struct ct_cap_tcp_app *app, uint64_t *undec)
{
	struct flow **pp, *f;
	int32_t d;

	flow_sweep(r, sec, undec);
	pp = flow_slot(r, key);
	f = *pp;
	if (!f) {
		if (!n)
			return; /* a flow is followed from its first byte of data */
		if (r->nflows >= TCP_MAX_FLOWS)
			flow_evict_oldest(r, NULL, undec);
		pp = flow_slot(r, key);
		f = ct_xcalloc(1, sizeof(*f));
		f->key = *key;
		f->app = app->id;
		f->unsynced = 1;
		*pp = f;
		r->nflows++;
	}
	f->last_sec = sec;
	flow_touch(r, f);
	if (flags & CT_TCP_SYN) {
		/* RFC 9293 §3.4: the first byte of data is SYN's sequence + 1. */
		f->next_seq = seq + 1;
		f->unsynced = 0;
		seq++;
	}
	if (n && f->unsynced) {
		/* The capture began mid-flow, or its segments came out of
		 * order: the flow starts at the first segment that starts a
		 * message; segments before it that wait are behind it. */
		if (app->frame_len(p, n) != (size_t)-1) {
			f->next_seq = seq;
			f->unsynced = 0;
			for (unsigned i = 0; i < f->nearly;) {
				struct early e = f->early[i];

				if ((int32_t)(e.seq - seq) >= 0) {
					i++;
					continue;
				}
				f->early[i] = f->early[--f->nearly];
				f->early_bytes -= e.n;
				r->tcp_bytes -= e.n;
				undec[CT_UNDEC_TCP_UNFRAMED]++;
				free(e.p);
			}
		}
	}
	if (n && f->unsynced) {
		if (f->nearly < TCP_MAX_EARLY && f->early_bytes + n <= TCP_MAX_EARLY_BYTES &&
		    r->tcp_bytes + n <= TCP_MAX_TOTAL)
			flow_hold_early(r, f, seq, p, n);
		else
			undec[CT_UNDEC_TCP_UNFRAMED]++;
	} else if (n) {
		d = (int32_t)(seq - f->next_seq);
		if (d == 0) {
			flow_take(r, f, p, n, app, undec);
			flow_drain(r, f, app, undec);
		} else if (d < 0) {
			if ((size_t)-(int64_t)d >= n)
				undec[CT_UNDEC_TCP_RETRANSMISSION]++;
			else {
				flow_take(r, f, p + -d, n - (size_t)-d, app, undec);
				flow_drain(r, f, app, undec);
			}
		} else if (f->nearly < TCP_MAX_EARLY && f->early_bytes + n <= TCP_MAX_EARLY_BYTES &&
			   r->tcp_bytes + n <= TCP_MAX_TOTAL) {
			flow_hold_early(r, f, seq, p, n);
		} else {
			/* No room to wait for the gap to fill. */
			undec[CT_UNDEC_TCP_GAP]++;
			flow_skip_gap(r, f, app, undec);
		}
	}
	if (flags & (CT_TCP_FIN | CT_TCP_RST)) {
		/* The end of the flow: a gap before it will never fill. */
		if (f->nearly)
			flow_skip_gap(r, f, app, undec);
		pp = flow_slot(r, key);
		flow_free(r, pp, undec, CT_UNDEC_TCP_INCOMPLETE);
	}
}

/* ---- SCTP duplicates --------------------------------------------------- */

int
ct_cap_sctp_seen(struct ct_cap_reasm *r, const struct ct_cap_sctp_key *key, uint32_t tsn)
{
	struct assoc **pp = &r->assocs[hash_bytes(key, sizeof(*key)) % SCTP_BUCKETS], *a;
	int32_t d;

	while (*pp && memcmp(&(*pp)->key, key, sizeof(*key)) != 0)
		pp = &(*pp)->next;
	a = *pp;
	if (!a) {
		if (r->nassocs >= SCTP_MAX_ASSOCS) {
			/* Too many at once: start again from none (bounded
			 * memory; a duplicate across this point is missed). */
			for (unsigned b = 0; b < SCTP_BUCKETS; b++)
				while (r->assocs[b]) {
					struct assoc *x = r->assocs[b];

					r->assocs[b] = x->next;
					free(x);
				}
			r->nassocs = 0;
			pp = &r->assocs[hash_bytes(key, sizeof(*key)) % SCTP_BUCKETS];
		}
		a = ct_xcalloc(1, sizeof(*a));
		a->key = *key;
		a->high = tsn;
		a->seen[tsn % SCTP_WINDOW / 8] = (uint8_t)(1u << (tsn % 8));
		a->next = *pp;
		*pp = a;
		r->nassocs++;
		return 0;
	}
	d = (int32_t)(tsn - a->high);
	if (d > 0) {
		/* The window moves up: the TSNs it now covers are unseen. */
		if ((uint32_t)d >= SCTP_WINDOW)
			memset(a->seen, 0, sizeof(a->seen));
		else
			for (uint32_t t = a->high + 1; t != tsn + 1; t++)
				a->seen[t % SCTP_WINDOW / 8] &= (uint8_t)~(1u << (t % 8));
		a->high = tsn;
	} else if (a->high - tsn >= SCTP_WINDOW) {
		/* Further behind than the window (serial arithmetic, RFC 1982:
		 * unsigned, so 2^31 behind is no overflow). */
		return 0;
	} else if (a->seen[tsn % SCTP_WINDOW / 8] & (1u << (tsn % 8))) {
		return 1;
	}
	a->seen[tsn % SCTP_WINDOW / 8] |= (uint8_t)(1u << (tsn % 8));
	return 0;
}

/* ---- SCTP user messages in fragments ------------------------------------ */

static void
msg_drop(struct ct_cap_reasm *r, unsigned i, uint64_t *undec)
{
	struct sctp_msg *m = r->msgs[i];

	if (undec)
		undec[CT_UNDEC_NOT_REASSEMBLED] += m->pieces;
	r->msg_bytes -= m->n;
	free(m->buf);
	free(m);
	memmove(&r->msgs[i], &r->msgs[i + 1], (r->nmsgs - i - 1) * sizeof(r->msgs[0]));
	r->nmsgs--;
}

int
ct_cap_sctp_fragment(struct ct_cap_reasm *r, const struct ct_cap_sctp_key *key, unsigned stream,
		     uint32_t tsn, int first, int last, int64_t sec, const uint8_t *p, size_t n,
		     uint64_t *undec, uint8_t **out, size_t *outlen)
{
	struct sctp_msg *m = NULL;
	unsigned i;

	while (r->nmsgs && sec - r->msgs[0]->first_sec > SCTP_MSG_TIMEOUT_S)
		msg_drop(r, 0, undec);
	for (i = 0; i < r->nmsgs; i++)
		if (r->msgs[i]->stream == stream &&
		    memcmp(&r->msgs[i]->key, key, sizeof(*key)) == 0) {
			m = r->msgs[i];
			break;
		}
	if (first) {
		/* A new message on the stream: one unfinished there is lost. */
		if (m)
			msg_drop(r, i, undec);
		if (r->nmsgs == SCTP_MSG_HELD)
			msg_drop(r, 0, undec);
		m = ct_xcalloc(1, sizeof(*m));
		m->key = *key;
		m->stream = stream;
		m->first_sec = sec;
		m->next_tsn = tsn;
		i = r->nmsgs;
		r->msgs[r->nmsgs++] = m;
	}
	/* Fragments of a message have consecutive TSNs (§6.9). */
	if (!m || tsn != m->next_tsn || m->n + n > SCTP_MSG_MAX ||
	    r->msg_bytes + n > SCTP_MSG_TOTAL) {
		if (m)
			msg_drop(r, i, undec);
		undec[CT_UNDEC_NOT_REASSEMBLED]++;
		return 0;
	}
	m->buf = ct_xrealloc(m->buf, m->n + n ? m->n + n : 1);
	memcpy(m->buf + m->n, p, n);
	m->n += n;
	r->msg_bytes += n;
	m->pieces++;
	m->next_tsn = tsn + 1;
	if (!last)
		return 0;
	*out = m->buf;
	*outlen = m->n;
	m->buf = NULL;
	r->msg_bytes -= m->n;
	m->n = 0;
	m->pieces = 0;
	msg_drop(r, i, NULL);
	return 1;
}

/* ---- SCCP messages in segments ------------------------------------------ */

static void
smsg_drop(struct ct_cap_reasm *r, unsigned i, uint64_t *undec)
{
	struct sccp_msg *m = r->smsgs[i];

	if (undec)
		undec[CT_UNDEC_NOT_REASSEMBLED] += m->pieces;
	r->smsg_bytes -= m->n;
	free(m->buf);
	free(m);
	memmove(&r->smsgs[i], &r->smsgs[i + 1], (r->nsmsgs - i - 1) * sizeof(r->smsgs[0]));
	r->nsmsgs--;
}

int
ct_cap_sccp_segment(struct ct_cap_reasm *r, const struct ct_sccp_segment *s, int64_t sec,
		    uint64_t *undec, uint8_t **out, size_t *outlen, unsigned *ssn)
{
	struct sccp_msg *m = NULL;
	unsigned i;

	while (r->nsmsgs && sec - r->smsgs[0]->first_sec > SCCP_MSG_TIMEOUT_S)
		smsg_drop(r, 0, undec);
	for (i = 0; i < r->nsmsgs; i++)
		if (r->smsgs[i]->keylen == s->keylen &&
		    memcmp(r->smsgs[i]->key, s->key, s->keylen) == 0) {
			m = r->smsgs[i];
			break;
		}
	if (s->first) {
		/* A new message under the key: one unfinished there is lost. */
		if (m)
			smsg_drop(r, i, undec);
		if (r->nsmsgs == SCCP_MSG_HELD)
			smsg_drop(r, 0, undec);
		m = ct_xcalloc(1, sizeof(*m));
		memcpy(m->key, s->key, s->keylen);
		m->keylen = s->keylen;
		m->remaining = (uint8_t)(s->remaining + 1);
		m->ssn = s->ssn;
		m->first_sec = sec;
		i = r->nsmsgs;
		r->smsgs[r->nsmsgs++] = m;
	}
	/* Q.714 §4.1.1.2.3: the remaining count goes down by one a segment. */
	if (!m || s->remaining + 1u != m->remaining || m->n + s->len > SCCP_MSG_MAX ||
	    r->smsg_bytes + s->len > SCCP_MSG_TOTAL) {
		if (m)
			smsg_drop(r, i, undec);
		undec[CT_UNDEC_NOT_REASSEMBLED]++;
		return 0;
	}
	m->buf = ct_xrealloc(m->buf, m->n + s->len ? m->n + s->len : 1);
	if (s->len)
		memcpy(m->buf + m->n, s->data, s->len);
	m->n += s->len;
	r->smsg_bytes += s->len;
	m->pieces++;
	m->remaining = s->remaining;
	if (s->remaining)
		return 0;
	*out = m->buf;
	*outlen = m->n;
	*ssn = m->ssn;
	m->buf = NULL;
	r->smsg_bytes -= m->n;
	m->n = 0;
	m->pieces = 0;
	smsg_drop(r, i, NULL);
	return 1;
}

size_t
ct_cap_reasm_held(const struct ct_cap_reasm *r)
{
	return r->frag_bytes + r->tcp_bytes + r->msg_bytes + r->smsg_bytes;
}

/* ---- the end ----------------------------------------------------------- */

void
ct_cap_reasm_finish(struct ct_cap_reasm *r, uint64_t *undec)
{
	while (r->nfrags)
		frag_drop(r, 0, undec, CT_UNDEC_IP_FRAG_INCOMPLETE);
	while (r->nmsgs)
		msg_drop(r, 0, undec);
	while (r->nsmsgs)
		smsg_drop(r, 0, undec);
	for (unsigned b = 0; b < TCP_BUCKETS; b++)
		while (r->flows[b])
			flow_free(r, &r->flows[b], undec, CT_UNDEC_TCP_INCOMPLETE);
}

void
ct_cap_reasm_free(struct ct_cap_reasm *r)
{
	uint64_t ignore[CT_UNDEC__COUNT] = { 0 };

	if (!r)
		return;
	ct_cap_reasm_finish(r, ignore);
	for (unsigned b = 0; b < SCTP_BUCKETS; b++)
		while (r->assocs[b]) {
			struct assoc *x = r->assocs[b];

			r->assocs[b] = x->next;
			free(x);
		}
	free(r->iub_pending);
	free(r->iub);
	free(r);
}
