/*
 * capture.c — pcap / pcapng files (libpcap) down to signalling messages,
 * and the identities that link them into subscribers.
 *
 *   frame --> link layer ------> IPv4 / IPv6 -----> UDP  4729 GSMTAP
 *             EN10MB (+VLAN)     (fragments:        |    2123 GTPv2-C
 *             LINUX_SLL, SLL2     not reassembled)  |    5060 SIP, 3868 Diameter
 *             RAW, IPV4, IPV6                       SCTP DATA / I-DATA chunks:
 *             NULL, LOOP                            |    PPID 18 or 36412 S1AP
 *                                                   |    PPID 60 or 38412 NGAP
 *                                                   |    PPID 46/47 or 3868 Diameter
 *                                                   TCP  3868 Diameter, 5060 SIP
 *                                                        (whole messages in one segment)
 *
 * Every header is read through the bounds-checked cursor (cursor.h).
 * Header layouts: IPv4 RFC 791, IPv6 RFC 8200, UDP RFC 768, TCP RFC 9293,
 * SCTP RFC 9260 §3 (DATA chunk §3.3.1), I-DATA RFC 8260 §2.1, Linux cooked
 * capture as documented for LINKTYPE_LINUX_SLL / LINUX_SLL2.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/capture.h"
#include "celltriage/decode.h"

#define MAX_VLAN_TAGS 4     /* QinQ and a little more */
#define MAX_V6_EXT 8        /* extension headers followed before giving up */
#define MAX_SCTP_CHUNKS 64  /* per packet */
#define MAX_TCP_MSGS 64     /* per segment */
#define READ_BUF (1 << 18)  /* stdio buffer of the capture file */
#define SPILL_BUF (1 << 16) /* stdio buffer of the temporary file of causes */

enum app { APP_NONE, APP_GSMTAP, APP_GTPV2, APP_SIP, APP_DIAMETER, APP_S1AP, APP_NGAP };

static const struct ct_name undec_names[] = {
	{ CT_UNDEC_TRUNCATED, "truncated" }, { CT_UNDEC_CIPHERED, "ciphered" },
	{ CT_UNDEC_UNSUPPORTED, "unsupported" }, { CT_UNDEC_MALFORMED, "malformed" },
	{ CT_UNDEC_NOT_REASSEMBLED, "not_reassembled" }, { 0, NULL }
};

const char *ct_undec_name(enum ct_undec u) { return ct_name_of(undec_names, (int)u); }

/* ---- identity map: keys -> nodes, union-find over nodes --------------- */

/*
 * A key is binary, built with memcpy into a fixed buffer (no formatting per
 * packet): the identity kind, for UE ids the two endpoints of their SCTP
 * association in a canonical order, then the value's bytes. Its text form
 * ("imsi:001010123456789", "enb-ue-id:10.0.0.1/36412-10.0.0.2/36412:1")
 * is made only for the subscribers' id lists, at the end (key_text).
 *
 *   | kind (1) | [endpoint A | endpoint B] | value (n) |
 *   endpoint: | address length (1): 4, 16 or 0 | address (0/4/16) | port (2) |
 *
 * The map is open addressing over node numbers, each slot the node and its
 * key's hash side by side (one cache line holds eight); a node's key lives
 * length-prefixed in one arena (keys, at node_off[node]), so a retired key
 * keeps its node and what it was linked to. A retired key's slot stays,
 * marked (SLOT_RETIRED), so the map knows every key it ever had:
 * node_first says whether a node's key was new to the map when it was made
 * (what merging a part read by a worker needs, merge_part).
 */
#define KEY_MAX (1 + 2 * (1 + 16 + 2) + 64)
#define SLOT_EMPTY (-1)
/* A retired key keeps its slot, marked: SLOT_RETIRED(node) <= -3 and back. */
#define SLOT_RETIRED(n) (-3 - (n))

struct idslot {
	int32_t node;        /* node number, SLOT_EMPTY or SLOT_RETIRED(node) */
	uint32_t hash;
};

struct idmap {
	struct idslot *slot;
	size_t cap, used;
	int *parent;
	size_t *node_off;         /* where each node's key starts in keys */
	unsigned *node_fail;      /* failures among the causes of the messages it stood for */
	unsigned char *node_first; /* the key was new to the map */
	size_t nnodes, capnodes;
	unsigned char *keys;      /* [length][bytes] ... */
	size_t keylen, keycap;
};

static const unsigned char *
node_key(const struct idmap *m, size_t node)
{
	return m->keys + m->node_off[node];
}

/* Eight key bytes at a time, each word mixed in by a multiply and a
 * shift, then a final avalanche (the finaliser of MurmurHash3's 64-bit
 * variant): every message hashes several keys, and a byte at a time was a
 * tenth of the run. The hash lives only in this process's table. */
static uint32_t
hash_key(const unsigned char *k, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; k += 8, n -= 8) {
		memcpy(&w, k, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 31;
	}
	if (n) {
		w = 0;
		memcpy(&w, k, n);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 31;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

static void
idmap_put(struct idmap *m, int node, uint32_t h)
{
	size_t i;

	for (i = h & (m->cap - 1); m->slot[i].node != SLOT_EMPTY; i = (i + 1) & (m->cap - 1))
		;
	m->slot[i].node = node;
	m->slot[i].hash = h;
	m->used++;
}

static void
idmap_grow(struct idmap *m)
{
	struct idslot *os = m->slot;
	size_t ocap = m->cap;

	m->cap = ocap ? ocap * 2 : 256;
	m->slot = ct_xmalloc(m->cap * sizeof(*m->slot));
	for (size_t i = 0; i < m->cap; i++)
		m->slot[i].node = SLOT_EMPTY;
	m->used = 0;
	for (size_t i = 0; i < ocap; i++)
		if (os[i].node != SLOT_EMPTY)
			idmap_put(m, os[i].node, os[i].hash);
	free(os);
}

/* The slot of key: its live one, or with retired = 1 any, live or retired;
 * -1 when none. */
static long
idmap_lookup(const struct idmap *m, const unsigned char *key, size_t n, uint32_t h, int retired)
{
	if (!m->cap)
		return -1;
	for (size_t i = h & (m->cap - 1), c = 0; m->slot[i].node != SLOT_EMPTY && c < m->cap;
	     i = (i + 1) & (m->cap - 1), c++) {
		const unsigned char *nk;
		int node = m->slot[i].node;

		if (m->slot[i].hash != h || (node < 0 && !retired))
			continue;
		nk = node_key(m, (size_t)(node < 0 ? SLOT_RETIRED(node) : node));
		if (nk[0] == n && memcmp(nk + 1, key, n) == 0)
			return (long)i;
	}
	return -1;
}

static long
idmap_slot(const struct idmap *m, const unsigned char *key, size_t n, uint32_t h)
{
	return idmap_lookup(m, key, n, h, 0);
}

static int
find(struct idmap *m, int n)
{
	while (m->parent[n] != n) {
		m->parent[n] = m->parent[m->parent[n]];
		n = m->parent[n];
	}
	return n;
}

/* The node of key, made when new. */
static int
node_of(struct idmap *m, const unsigned char *key, size_t n)
{
	uint32_t h = hash_key(key, n);
	long s = idmap_slot(m, key, n, h);
	int node;

	if (s >= 0)
		return m->slot[s].node;
	node = (int)m->nnodes;
	if (m->nnodes + 1 > m->capnodes) {
		m->parent = ct_xgrow(m->parent, m->nnodes + 1, &m->capnodes, sizeof(*m->parent));
		m->node_off = ct_xrealloc(m->node_off, m->capnodes * sizeof(*m->node_off));
		m->node_fail = ct_xrealloc(m->node_fail, m->capnodes * sizeof(*m->node_fail));
		m->node_first = ct_xrealloc(m->node_first, m->capnodes);
	}
	m->node_first[node] = idmap_lookup(m, key, n, h, 1) < 0;
	m->parent[node] = node;
	m->keys = ct_xgrow(m->keys, m->keylen + n + 1, &m->keycap, 1);
	m->node_off[node] = m->keylen;
	m->keys[m->keylen] = (unsigned char)n;
	memcpy(m->keys + m->keylen + 1, key, n);
	m->keylen += n + 1;
	m->node_fail[node] = 0;
	m->nnodes++;
	if ((m->used + 1) * 2 > m->cap)
		idmap_grow(m);
	idmap_put(m, node, h);
	return node;
}

/* Forgets key (its node stays, with what it was linked to): a later use of
 * the same value is a different subscriber. */
static void
idmap_retire(struct idmap *m, const unsigned char *key, size_t n)
{
	long s = idmap_slot(m, key, n, hash_key(key, n));

	if (s >= 0)
		m->slot[s].node = SLOT_RETIRED(m->slot[s].node);
}

static void
idmap_free(struct idmap *m)
{
	if (!m)
		return;
	free(m->slot);
	free(m->parent);
	free(m->node_off);
	free(m->keys);
	free(m->node_fail);
	free(m->node_first);
	free(m);
}

/* ---- per packet ------------------------------------------------------- */

/* An endpoint's address as read from the packet: formatted only when a
 * message is kept (the ladder) or a subscriber's ids are listed. */
struct addr {
	uint8_t len;              /* 4, 16, or 0 when unknown */
	uint8_t a[16];
};

struct pkt {
	struct ct_capture *cap;
	struct idmap *ids;
	unsigned flags;
	uint64_t frame;
	int64_t sec;
	int32_t usec;
	struct addr src, dst;
	unsigned sport, dport;
	int sctp;                 /* the message came over SCTP (UE ids scope by association) */
	struct ct_dissect d;
};

static const struct ct_name id_kind_names[] = {
	{ CT_ID_IMSI, "imsi" }, { CT_ID_MSISDN, "msisdn" }, { CT_ID_IMEI, "imei" },
	{ CT_ID_TMSI, "tmsi" }, { CT_ID_GUTI, "guti" }, { CT_ID_SUCI, "suci" },
	{ CT_ID_ENB_UE_ID, "enb-ue-id" }, { CT_ID_MME_UE_ID, "mme-ue-id" },
	{ CT_ID_RAN_UE_ID, "ran-ue-id" }, { CT_ID_AMF_UE_ID, "amf-ue-id" },
	{ CT_ID_TEID, "teid" }, { CT_ID_SESSION, "session" }, { CT_ID_CALL_ID, "call-id" },
	{ CT_ID_CELL, "cell" }, { CT_ID_TAI, "tai" }, { 0, NULL }
};

static const char *
id_kind_name(int k)
{
	const char *n = ct_name_of(id_kind_names, k);

	return n ? n : "id";
}

static int
ue_scoped(int k)
{
	return k == CT_ID_ENB_UE_ID || k == CT_ID_MME_UE_ID || k == CT_ID_RAN_UE_ID ||
	       k == CT_ID_AMF_UE_ID;
}

/* "10.0.0.1", or IPv6 in full form with lowercase hex groups: enough to
 * tell hosts apart. */
static void
addr_text(char *dst, size_t n, const uint8_t *a, size_t len)
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

/* Appends an endpoint to a key; returns the new length. */
static size_t
put_endpoint(unsigned char *k, size_t at, const struct addr *a, unsigned port)
{
	k[at++] = a->len;
	memcpy(k + at, a->a, a->len);
	at += a->len;
	k[at++] = (unsigned char)(port >> 8);
	k[at++] = (unsigned char)port;
	return at;
}

/* The identity key of id (see above); returns its length. UE ids are only
 * unique within their SCTP association: both endpoints are part of it, in
 * a canonical order so that either direction gives the same key. */
static size_t
id_key(const struct pkt *k, const struct ct_ident *id, unsigned char *key)
{
	size_t n = 1, vl = strnlen(id->value, sizeof(id->value) - 1);

	key[0] = (unsigned char)id->kind;
	if (ue_scoped(id->kind)) {
		unsigned char ea[19], eb[19];
		size_t la = put_endpoint(ea, 0, &k->src, k->sport);
		size_t lb = put_endpoint(eb, 0, &k->dst, k->dport);
		int c = memcmp(ea, eb, la < lb ? la : lb);

		if (c > 0 || (c == 0 && la > lb)) {
			memcpy(key + n, eb, lb), n += lb;
			memcpy(key + n, ea, la), n += la;
		} else {
			memcpy(key + n, ea, la), n += la;
			memcpy(key + n, eb, lb), n += lb;
		}
	}
	memcpy(key + n, id->value, vl);
	return n + vl;
}

/* The text form of a key: "kind:value", for UE ids
 * "kind:addrA/portA-addrB/portB:value" with the endpoints in text order. */
static char *
key_text(const unsigned char *nk)
{
	size_t n = nk[0], at = 2;
	const unsigned char *k = nk + 1;
	char value[72], a[48], b[48], buf[256];
	unsigned pa, pb;

	if (!ue_scoped(k[0])) {
		snprintf(value, sizeof(value), "%.*s", (int)(n - 1), (const char *)k + 1);
		snprintf(buf, sizeof(buf), "%s:%s", id_kind_name(k[0]), value);
		return ct_xstrdup(buf);
	}
	addr_text(a, sizeof(a), k + at, k[1]);
	at += k[1];
	pa = (unsigned)k[at] << 8 | k[at + 1];
	at += 2;
	addr_text(b, sizeof(b), k + at + 1, k[at]);
	at += 1u + k[at];
	pb = (unsigned)k[at] << 8 | k[at + 1];
	at += 2;
	snprintf(value, sizeof(value), "%.*s", (int)(n - at), (const char *)k + at);
	if (strcmp(a, b) > 0 || (strcmp(a, b) == 0 && pa > pb))
		snprintf(buf, sizeof(buf), "%s:%s/%u-%s/%u:%s", id_kind_name(k[0]), b, pb, a, pa, value);
	else
		snprintf(buf, sizeof(buf), "%s:%s/%u-%s/%u:%s", id_kind_name(k[0]), a, pa, b, pb, value);
	return ct_xstrdup(buf);
}

/* Links the message's identities; returns the node standing for it, -1 none. */
static int
link_ids(struct pkt *k)
{
	unsigned char key[KEY_MAX];
	int first = -1;

	for (unsigned i = 0; i < k->d.nids; i++) {
		const struct ct_ident *id = &k->d.ids[i];
		int n, a, b;

		/* Cells and tracking areas are places, not people. */
		if (id->kind == CT_ID_CELL || id->kind == CT_ID_TAI || !id->value[0])
			continue;
		n = node_of(k->ids, key, id_key(k, id, key));
		if (first < 0) {
			first = n;
			continue;
		}
		a = find(k->ids, first);
		b = find(k->ids, n);
		if (a != b)
			k->ids->parent[b] = a;
	}
	/* A released UE context frees its ids for reuse (TS 36.413 §8.3.3,
	 * TS 38.413 §8.3.3): the next use is someone else. */
	if (k->d.nids && strcmp(k->d.message, "UEContextReleaseComplete") == 0)
		for (unsigned i = 0; i < k->d.nids; i++)
			if (ue_scoped(k->d.ids[i].kind))
				idmap_retire(k->ids, key, id_key(k, &k->d.ids[i], key));
	return first;
}

/* Copies a NUL-terminated string into a fixed field (truncating). */
static size_t
copy_field(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);

	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = '\0';
	return l;
}

/*
 * A spilled cause (CT_CAP_SPILL): this header, then the message and the
 * cell without their NULs. The file is read back by the same process, so
 * the protocol's static name is kept as its pointer.
 */
struct spill_rec {
	uint64_t frame;
	int64_t sec;
	const char *protocol;
	int32_t usec;
	uint32_t value;
	int32_t node;
	uint8_t family, group, failure, msglen, celllen;
};

static void
spill_cause(struct ct_capture *cap, const struct ct_cap_cause *c, size_t msglen, size_t celllen)
{
	struct spill_rec r;

	memset(&r, 0, sizeof(r));
	r.frame = c->frame;
	r.sec = c->sec;
	r.protocol = c->protocol;
	r.usec = c->usec;
	r.value = c->value;
	r.node = c->node;
	r.family = (uint8_t)c->family;
	r.group = (uint8_t)c->group;
	r.failure = (uint8_t)(c->failure != 0);
	r.msglen = (uint8_t)msglen;
	r.celllen = (uint8_t)celllen;
	fwrite(&r, sizeof(r), 1, cap->spill);
	fwrite(c->message, 1, msglen, cap->spill);
	fwrite(c->cell, 1, celllen, cap->spill);
}

/* Reading the spill back: blocks of SPILL_BUF, records taken from them
 * (three fread calls per record were a quarter of writing the JSON). */
struct ct_cap_spill_reader {
	unsigned char buf[SPILL_BUF];
	size_t pos, len;
};

/* The next n bytes of the spill, NULL at its end or on a read error. */
static const unsigned char *
spill_take(FILE *f, struct ct_cap_spill_reader *rd, size_t n)
{
	const unsigned char *p;

	if (rd->len - rd->pos < n) {
		memmove(rd->buf, rd->buf + rd->pos, rd->len - rd->pos);
		rd->len -= rd->pos;
		rd->pos = 0;
		rd->len += fread(rd->buf + rd->len, 1, sizeof(rd->buf) - rd->len, f);
		if (rd->len < n)
			return NULL;
	}
	p = rd->buf + rd->pos;
	rd->pos += n;
	return p;
}

int
ct_capture_next_cause(const struct ct_capture *cap, size_t *it, struct ct_cap_cause *c)
{
	struct ct_cap_spill_reader *rd = cap->spillrd;
	const unsigned char *p;
	struct spill_rec r;

	if (*it >= cap->ncauses)
		return 0;
	if (!cap->spill) {
		*c = cap->causes[(*it)++];
		return 1;
	}
	if (*it == 0) {
		if (fflush(cap->spill) != 0 || fseek(cap->spill, 0, SEEK_SET) != 0)
			return 0;
		rd->pos = rd->len = 0;
	}
	if (!(p = spill_take(cap->spill, rd, sizeof(r))))
		return 0;
	memcpy(&r, p, sizeof(r));
	if (r.msglen >= sizeof(c->message) || r.celllen >= sizeof(c->cell) ||
	    !(p = spill_take(cap->spill, rd, (size_t)r.msglen + r.celllen)))
		return 0;
	memcpy(c->message, p, r.msglen);
	memcpy(c->cell, p + r.msglen, r.celllen);
	c->message[r.msglen] = '\0';
	c->cell[r.celllen] = '\0';
	c->frame = r.frame;
	c->sec = r.sec;
	c->usec = r.usec;
	c->protocol = r.protocol;
	c->family = (enum ct_family)r.family;
	c->group = (enum ct_cause_group)r.group;
	c->value = r.value;
	c->failure = r.failure;
	c->node = r.node;
	c->sub = r.node >= 0 && cap->sub_of ? cap->sub_of[r.node] : -1;
	(*it)++;
	return 1;
}

static void
record(struct pkt *k, enum ct_dec_status st)
{
	struct ct_capture *cap = k->cap;
	const char *cell = "";
	int node, keep;

	cap->messages++;
	switch (st) {
	case CT_DEC_OK: break;
	case CT_DEC_TRUNCATED: cap->undecoded[CT_UNDEC_TRUNCATED]++; break;
	case CT_DEC_MALFORMED: cap->undecoded[CT_UNDEC_MALFORMED]++; break;
	case CT_DEC_UNSUPPORTED: cap->undecoded[CT_UNDEC_UNSUPPORTED]++; break;
	case CT_DEC_CIPHERED: cap->undecoded[CT_UNDEC_CIPHERED]++; break;
	}
	if (k->d.ciphered && st != CT_DEC_CIPHERED)
		cap->undecoded[CT_UNDEC_CIPHERED]++;
	node = link_ids(k);
	for (unsigned i = 0; i < k->d.nids; i++)
		if (k->d.ids[i].kind == CT_ID_CELL)
			cell = k->d.ids[i].value;
	keep = !cap->want || (node >= 0 && (size_t)node < cap->nwant && cap->want[node]);
	if ((k->flags & CT_CAP_KEEP_MESSAGES) && keep) {
		struct ct_cap_msg *m;
		char a[40]; /* the longest: IPv6 in full, 8 x 4 hex digits and 7 colons */

		cap->msgs = ct_xgrow(cap->msgs, cap->nmsgs + 1, &cap->capmsgs, sizeof(*cap->msgs));
		m = &cap->msgs[cap->nmsgs++];
		m->frame = k->frame;
		m->sec = k->sec;
		m->usec = k->usec;
		m->protocol = k->d.protocol ? k->d.protocol : "";
		copy_field(m->message, sizeof(m->message), k->d.message);
		addr_text(a, sizeof(a), k->src.a, k->src.len);
		snprintf(m->src, sizeof(m->src), "%s:%hu", a, (unsigned short)k->sport);
		addr_text(a, sizeof(a), k->dst.a, k->dst.len);
		snprintf(m->dst, sizeof(m->dst), "%s:%hu", a, (unsigned short)k->dport);
		m->ncause = k->d.ncauses ? (int)cap->ncauses : -1;
		m->nc = (int)k->d.ncauses;
		m->node = node;
		m->sub = -1;
	}
	for (unsigned i = 0; i < k->d.ncauses; i++) {
		const struct ct_cause *dc = &k->d.causes[i];
		struct ct_cap_cause tmp, *c = &tmp;
		size_t ml, cl;

		if (node >= 0 && dc->failure)
			k->ids->node_fail[node]++;
		if (((k->flags & CT_CAP_FAILURES_ONLY) && !dc->failure) || !keep)
			continue;
		if (!cap->spill) {
			cap->causes = ct_xgrow(cap->causes, cap->ncauses + 1, &cap->capcauses,
					       sizeof(*cap->causes));
			c = &cap->causes[cap->ncauses];
		}
		cap->ncauses++;
		c->frame = k->frame;
		c->sec = k->sec;
		c->usec = k->usec;
		c->protocol = k->d.protocol ? k->d.protocol : "";
		ml = copy_field(c->message, sizeof(c->message), dc->message[0] ? dc->message : k->d.message);
		c->family = dc->family;
		c->group = dc->group;
		c->value = dc->value;
		c->failure = dc->failure;
		c->node = node;
		c->sub = -1;
		cl = copy_field(c->cell, sizeof(c->cell), cell);
		if (cap->spill)
			spill_cause(cap, c, ml, cl);
	}
}

static void
decode_app(struct pkt *k, enum app app, const uint8_t *p, size_t len)
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
	default: return;
	}
	record(k, st);
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
		default: break;
		}
	}
	return APP_NONE;
}

/* SCTP payload protocol identifiers (IANA; TS 36.412 §7, TS 38.412 §7, RFC 6733 §2.1). */
static enum app
by_ppid(uint32_t ppid)
{
	switch (ppid) {
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
sctp(struct pkt *k, struct ct_cur *c)
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
udp(struct pkt *k, struct ct_cur *c)
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
tcp(struct pkt *k, struct ct_cur *c)
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
transport(struct pkt *k, int proto, struct ct_cur *c)
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
ipv4(struct pkt *k, struct ct_cur *c)
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
ipv6(struct pkt *k, struct ct_cur *c)
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
network(struct pkt *k, unsigned ethertype, struct ct_cur *c)
{
	if (ethertype == 0x0800)
		ipv4(k, c);
	else if (ethertype == 0x86dd)
		ipv6(k, c);
}

/* By the first nibble, for link types that carry bare IP. */
static void
raw_ip(struct pkt *k, struct ct_cur *c, const uint8_t *p, size_t len)
{
	if (len && (p[0] >> 4) == 4)
		ipv4(k, c);
	else if (len && (p[0] >> 4) == 6)
		ipv6(k, c);
}

static void
packet(struct pkt *k, int dlt, const uint8_t *p, size_t len)
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
	default:
		k->cap->undecoded[CT_UNDEC_UNSUPPORTED]++;
		break;
	}
}

/* ---- subscribers ------------------------------------------------------ */

static void
sub_add_id(struct ct_cap_sub *s, const char *key)
{
	const char *colon = strchr(key, ':');
	size_t kl = colon ? (size_t)(colon - key) : 0;
	const char *val = colon ? colon + 1 : key;

	if (kl == 4 && strncmp(key, "imsi", 4) == 0 && !s->imsi[0])
		snprintf(s->imsi, sizeof(s->imsi), "%s", val);
	else if (kl == 6 && strncmp(key, "msisdn", 6) == 0 && !s->msisdn[0])
		snprintf(s->msisdn, sizeof(s->msisdn), "%s", val);
	else if (kl == 4 && strncmp(key, "imei", 4) == 0 && !s->imei[0])
		snprintf(s->imei, sizeof(s->imei), "%s", val);
	if (s->nids < 32) {
		s->ids = ct_xrealloc(s->ids, (s->nids + 1) * sizeof(*s->ids));
		s->ids[s->nids++] = ct_xstrdup(key);
	}
}

/* Turns the identity components into subscribers, in order of first sight. */
static void
make_subscribers(struct ct_capture *cap, struct idmap *m)
{
	int *sub_of = ct_xmalloc((m->nnodes ? m->nnodes : 1) * sizeof(int));

	for (size_t i = 0; i < m->nnodes; i++)
		sub_of[i] = -1;
	for (size_t i = 0; i < m->nnodes; i++) {
		int r = find(m, (int)i);

		if (sub_of[r] < 0) {
			sub_of[r] = (int)cap->nsubs;
			cap->subs = ct_xrealloc(cap->subs, (cap->nsubs + 1) * sizeof(*cap->subs));
			memset(&cap->subs[cap->nsubs], 0, sizeof(*cap->subs));
			cap->nsubs++;
		}
	}
	/* Every node to its subscriber, for the causes read back later. */
	for (size_t i = 0; i < m->nnodes; i++) {
		struct ct_cap_sub *s;
		char *key;

		sub_of[i] = sub_of[find(m, (int)i)];
		s = &cap->subs[sub_of[i]];
		s->failures += m->node_fail[i];
		key = key_text(node_key(m, i));
		sub_add_id(s, key);
		free(key);
	}
	for (size_t i = 0; i < cap->ncauses && !cap->spill; i++) {
		struct ct_cap_cause *c = &cap->causes[i];

		if (c->node >= 0)
			c->sub = sub_of[c->node];
	}
	for (size_t i = 0; i < cap->nmsgs; i++) {
		struct ct_cap_msg *g = &cap->msgs[i];
		struct ct_cap_sub *s;

		if (g->node < 0)
			continue;
		g->sub = sub_of[g->node];
		s = &cap->subs[g->sub];
		if (!s->messages++)
			s->first_frame = g->frame;
		s->last_frame = g->frame;
	}
	cap->sub_of = sub_of;
	cap->nsub_of = m->nnodes;
}

int
ct_capture_find_sub(const struct ct_capture *cap, const char *id)
{
	for (size_t i = 0; i < cap->nsubs; i++) {
		const struct ct_cap_sub *s = &cap->subs[i];

		if (strcmp(s->imsi, id) == 0 || strcmp(s->msisdn, id) == 0 || strcmp(s->imei, id) == 0)
			return (int)i;
	}
	return -1;
}

/* ---- reading in threads (CT_CAP_READAHEAD, workers) -------------------- */

/*
 * A reader thread runs libpcap's read loop (the I/O and the record parsing,
 * by itself about a sixth of a run) and copies the packets into batches,
 * each a run of records padded to 8 bytes:
 *   | frame (8) | sec (8) | usec (4) | caplen (4) | caplen bytes | pad |
 * The batches go round a ring of slots. Then either
 *   - read-ahead (no workers): the calling thread decodes each batch into
 *     the capture, in file order, as one thread would; or
 *   - workers: each batch (a chunk of the file) is decoded by one of the
 *     worker threads into a part of its own: its own identity map and
 *     counters, its causes in memory. The calling thread merges the parts
 *     in file order (merge_part): the identities of a part are mapped onto
 *     the capture's as one pass over the whole file would have linked
 *     them, the causes are spilled with the capture's node numbers. The
 *     result is the same as one thread's, byte for byte.
 */
#define PIPE_BATCH_READAHEAD (1u << 20)
#define PIPE_BATCH_CHUNK (8u << 20)

static size_t chunk_bytes = PIPE_BATCH_CHUNK;

void
ct_capture_set_chunk(size_t bytes)
{
	chunk_bytes = bytes ? bytes : PIPE_BATCH_CHUNK;
}

struct pipe_rec {
	uint64_t frame;
	int64_t sec;
	int32_t usec;
	uint32_t caplen;
};

enum slot_state { SLOT_FREE, SLOT_READY, SLOT_WORKING, SLOT_DONE };

struct pipe_slot {
	unsigned char *buf;
	size_t len, cap;
	enum slot_state state;
	int last;                 /* the reader's last batch (may be empty) */
	struct ct_capture part;   /* workers: what the chunk gave */
	struct idmap *ids;
};

struct pipe {
	pcap_t *pc;
	int dlt;
	unsigned flags;           /* the capture's, for the workers' parts */
	const struct ct_failure_rules *rules; /* the capture's, for the workers' decoding */
	size_t batch;             /* bytes a batch is published at */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pipe_slot *slot;
	size_t nslots;
	size_t head;              /* batches published by the reader */
	size_t work;              /* batches taken by a worker */
	size_t tail;              /* batches the calling thread is done with */
	int stop;                 /* workers: no batch will come any more */
	int rc;                   /* pcap_next_ex's last result */
	char err[PCAP_ERRBUF_SIZE];
};

static struct pipe_slot *
pipe_slot(struct pipe *pp, size_t seq)
{
	return &pp->slot[seq % pp->nslots];
}

/*
 * A slot's buffer: room for a batch and the packet that ends it, made once.
 * Where the kernel offers transparent huge pages on request, the buffer
 * asks for them: touching megabytes of fresh memory page by page costs
 * thousands of page faults per run, expensive under virtualisation.
 */
static void
slot_alloc(struct pipe_slot *b, size_t n)
{
	size_t huge = (size_t)2 << 20;
	void *p = NULL;

	n = (n + huge - 1) / huge * huge;
	if (posix_memalign(&p, huge, n) != 0 || !p)
		p = ct_xmalloc(n);
#ifdef MADV_HUGEPAGE
	else
		(void)madvise(p, n, MADV_HUGEPAGE);
#endif
	b->buf = p;
	b->cap = n;
}

/* The reader's next batch: it waits while every slot is in use. */
static struct pipe_slot *
pipe_next_free(struct pipe *pp)
{
	struct pipe_slot *b;

	pthread_mutex_lock(&pp->mu);
	while (pipe_slot(pp, pp->head)->state != SLOT_FREE)
		pthread_cond_wait(&pp->cv, &pp->mu);
	b = pipe_slot(pp, pp->head);
	b->len = 0;
	b->last = 0;
	pthread_mutex_unlock(&pp->mu);
	if (!b->buf)
		slot_alloc(b, pp->batch + (256u << 10));
	return b;
}

static void
pipe_publish(struct pipe *pp, struct pipe_slot *b, int last)
{
	pthread_mutex_lock(&pp->mu);
	b->last = last;
	b->state = SLOT_READY;
	pp->head++;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

static void *
pipe_reader(void *arg)
{
	struct pipe *pp = arg;
	struct pipe_slot *b = pipe_next_free(pp);
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t frame = 0;
	int rc;

	while ((rc = pcap_next_ex(pp->pc, &h, &data)) == 1) {
		size_t need = sizeof(struct pipe_rec) + ((h->caplen + 7u) & ~(size_t)7);
		struct pipe_rec r;

		b->buf = ct_xgrow(b->buf, b->len + need, &b->cap, 1);
		r.frame = ++frame;
		r.sec = (int64_t)h->ts.tv_sec;
		r.usec = (int32_t)h->ts.tv_usec;
		r.caplen = h->caplen;
		memcpy(b->buf + b->len, &r, sizeof(r));
		memcpy(b->buf + b->len + sizeof(r), data, h->caplen);
		b->len += need;
		if (b->len >= pp->batch) {
			pipe_publish(pp, b, 0);
			b = pipe_next_free(pp);
		}
	}
	pp->rc = rc;
	if (rc == -1)
		snprintf(pp->err, sizeof(pp->err), "%s", pcap_geterr(pp->pc));
	pipe_publish(pp, b, 1);
	return NULL;
}

/* One packet of the file. */
static void
one_packet(struct pkt *k, int dlt, uint64_t frame, int64_t sec, int32_t usec,
	   const uint8_t *data, size_t caplen)
{
	k->cap->packets++;
	k->frame = frame;
	k->sec = sec;
	k->usec = usec;
	k->src.len = k->dst.len = 0;
	k->sport = k->dport = 0;
	k->sctp = 0;
	packet(k, dlt, data, caplen);
}

static void
decode_batch(struct pkt *k, int dlt, const struct pipe_slot *b)
{
	for (size_t at = 0; at < b->len;) {
		struct pipe_rec r;

		memcpy(&r, b->buf + at, sizeof(r));
		one_packet(k, dlt, r.frame, r.sec, r.usec, b->buf + at + sizeof(r), r.caplen);
		at += sizeof(r) + ((r.caplen + 7u) & ~(size_t)7);
	}
}

static void *
pipe_worker(void *arg)
{
	struct pipe *pp = arg;

	for (;;) {
		struct pipe_slot *b;
		struct pkt *k;

		pthread_mutex_lock(&pp->mu);
		while (!pp->stop && (pp->work == pp->head ||
				     pipe_slot(pp, pp->work)->state != SLOT_READY))
			pthread_cond_wait(&pp->cv, &pp->mu);
		if (pp->stop) {
			pthread_mutex_unlock(&pp->mu);
			return NULL;
		}
		b = pipe_slot(pp, pp->work++);
		b->state = SLOT_WORKING;
		if (b->last)
			pp->stop = 1; /* nothing comes after the last batch */
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);

		k = ct_xcalloc(1, sizeof(*k));
		{
			/* the causes array of the slot's last part is reused:
			 * no page faults for a fresh one per chunk */
			struct ct_cap_cause *keep = b->part.causes;
			size_t keepcap = b->part.capcauses;

			memset(&b->part, 0, sizeof(b->part));
			b->part.causes = keep;
			b->part.capcauses = keepcap;
		}
		k->cap = &b->part;
		k->flags = pp->flags & CT_CAP_FAILURES_ONLY; /* causes in memory */
		k->ids = ct_xcalloc(1, sizeof(*k->ids));
		ct_dissect_reset(&k->d);
		k->d.rules = pp->rules;
		decode_batch(k, pp->dlt, b);
		b->ids = k->ids;
		free(k);

		pthread_mutex_lock(&pp->mu);
		b->state = SLOT_DONE;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
}

/* The live node of key in m, -1 when none. */
static int
idmap_live(const struct idmap *m, const unsigned char *key, size_t n)
{
	long s = idmap_slot(m, key, n, hash_key(key, n));

	return s >= 0 ? m->slot[s].node : -1;
}

/* A new node for key, replacing a live one: what node_of does when the key
 * is not live. */
static int
idmap_new(struct idmap *m, const unsigned char *key, size_t n)
{
	idmap_retire(m, key, n);
	return node_of(m, key, n);
}

/*
 * Merges a part (a chunk decoded on its own from an empty identity map)
 * into the capture k->cap with identity map k->ids, as if one pass had
 * read on. The part made a node for a key wherever the key was not live
 * in it; one pass made one there too, except at the key's first use in
 * the chunk while the key was live in the capture: that node is the
 * capture's. A key retired in the part (released UE ids) is retired in the
 * capture when the part ends with it retired. Links and failure counts
 * carry over node by node; causes are spilled with the capture's numbers.
 */
static void
merge_part(struct pkt *k, struct ct_capture *part, struct idmap *pm)
{
	struct idmap *m = k->ids;
	struct ct_capture *cap = k->cap;
	int *map = ct_xmalloc((pm->nnodes ? pm->nnodes : 1) * sizeof(*map));

	for (size_t u = 0; u < pm->nnodes; u++) {
		const unsigned char *key = node_key(pm, u);
		int g = -1;

		if (pm->node_first[u])
			g = idmap_live(m, key + 1, key[0]);
		map[u] = g >= 0 ? g : idmap_new(m, key + 1, key[0]);
	}
	/* what the part ends with: a key retired in it and not used again */
	for (size_t i = 0; i < pm->cap; i++) {
		const unsigned char *key;

		if (pm->slot[i].node > SLOT_RETIRED(0))
			continue;
		key = node_key(pm, (size_t)SLOT_RETIRED(pm->slot[i].node));
		if (idmap_slot(pm, key + 1, key[0], pm->slot[i].hash) < 0)
			idmap_retire(m, key + 1, key[0]);
	}
	for (size_t u = 0; u < pm->nnodes; u++) {
		int a = find(m, map[find(pm, (int)u)]), b = find(m, map[u]);

		if (a != b)
			m->parent[b] = a;
		m->node_fail[map[u]] += pm->node_fail[u];
	}
	cap->packets += part->packets;
	cap->messages += part->messages;
	cap->phone_side += part->phone_side;
	for (int i = 0; i < CT_UNDEC__COUNT; i++)
		cap->undecoded[i] += part->undecoded[i];
	for (size_t i = 0; i < part->ncauses; i++) {
		struct ct_cap_cause *c = &part->causes[i];

		if (c->node >= 0)
			c->node = map[c->node];
		cap->ncauses++;
		spill_cause(cap, c, strlen(c->message), strlen(c->cell));
	}
	free(map);
}

/*
 * Decodes every packet of pc through the reader thread and, with workers
 * >= 1, that many worker threads (k->cap must then spill its causes and
 * keep no messages). Returns pcap_next_ex's last result (-2 at the end,
 * -1 on a read error, with the message in errbuf), or -3 when a thread
 * cannot be started (nothing was read: the caller reads in this thread).
 */
static int
read_threads(pcap_t *pc, struct pkt *k, int dlt, unsigned workers, char *errbuf, size_t errn)
{
	struct pipe *pp = ct_xcalloc(1, sizeof(*pp));
	pthread_t *th = ct_xcalloc(workers + 1, sizeof(*th));
	unsigned started = 0;
	int rc;

	pp->pc = pc;
	pp->dlt = dlt;
	pp->flags = k->flags;
	pp->rules = k->d.rules;
	pp->batch = workers ? chunk_bytes : PIPE_BATCH_READAHEAD;
	pp->nslots = workers ? workers + 2 : 4;
	pp->slot = ct_xcalloc(pp->nslots, sizeof(*pp->slot));
	pthread_mutex_init(&pp->mu, NULL);
	pthread_cond_init(&pp->cv, NULL);
	for (unsigned w = 0; w < workers; w++)
		if (pthread_create(&th[started + 1], NULL, pipe_worker, pp) == 0)
			started++;
	if ((workers && !started) || pthread_create(&th[0], NULL, pipe_reader, pp) != 0) {
		pthread_mutex_lock(&pp->mu);
		pp->stop = 1;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
		for (unsigned w = 0; w < started; w++)
			pthread_join(th[w + 1], NULL);
		rc = -3;
		goto out;
	}
	for (int last = 0; !last;) {
		struct pipe_slot *b = pipe_slot(pp, pp->tail);

		pthread_mutex_lock(&pp->mu);
		while (b->state != (started ? SLOT_DONE : SLOT_READY) || pp->tail == pp->head)
			pthread_cond_wait(&pp->cv, &pp->mu);
		pthread_mutex_unlock(&pp->mu);
		last = b->last;
		if (started) {
			merge_part(k, &b->part, b->ids);
			idmap_free(b->ids); /* the part's causes array stays for the slot's next */
			b->ids = NULL;
		} else {
			decode_batch(k, dlt, b);
		}
		pthread_mutex_lock(&pp->mu);
		b->state = SLOT_FREE;
		pp->tail++;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
	for (unsigned t = 0; t <= started; t++)
		pthread_join(th[t], NULL);
	rc = pp->rc;
	snprintf(errbuf, errn, "%s", pp->err);
out:
	for (size_t i = 0; i < pp->nslots; i++) {
		free(pp->slot[i].buf);
		free(pp->slot[i].part.causes);
	}
	pthread_mutex_destroy(&pp->mu);
	pthread_cond_destroy(&pp->cv);
	free(pp->slot);
	free(pp);
	free(th);
	return rc;
}

/* Reads every packet of an open capture; closes pc. */
static int
read_all(pcap_t *pc, const char *path, unsigned flags, const struct ct_failure_rules *rules,
	 struct ct_capture *cap, struct ct_err *err)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	const char *dn;
	struct pkt *k;
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	unsigned workers;
	int dlt, rc;

	cap->file = ct_xstrdup(path);
	dlt = pcap_datalink(pc);
	dn = pcap_datalink_val_to_name(dlt);
	if (dn)
		snprintf(cap->link_type, sizeof(cap->link_type), "%s", dn);
	else
		snprintf(cap->link_type, sizeof(cap->link_type), "DLT %d", dlt);
	if ((flags & CT_CAP_SPILL) && !(flags & CT_CAP_KEEP_MESSAGES)) {
		cap->spill = tmpfile();
		if (!cap->spill) {
			rc = ct_fail(err, CT_EINPUT, "%s: cannot make a temporary file: %s", path,
				     strerror(errno));
			pcap_close(pc);
			ct_capture_free(cap);
			return rc;
		}
		cap->spillbuf = ct_xmalloc(SPILL_BUF);
		setvbuf(cap->spill, cap->spillbuf, _IOFBF, SPILL_BUF);
		cap->spillrd = ct_xmalloc(sizeof(struct ct_cap_spill_reader));
	}
	k = ct_xcalloc(1, sizeof(*k));
	k->cap = cap;
	k->flags = flags;
	k->ids = ct_xcalloc(1, sizeof(*k->ids));
	ct_dissect_reset(&k->d);
	k->d.rules = rules;
	rc = -3;
	workers = CT_CAP_WORKERS_OF(flags);
	if (!(flags & CT_CAP_SPILL) || (flags & CT_CAP_KEEP_MESSAGES) || cap->want)
		workers = 0; /* parts are merged into a spill, of causes only */
	if (workers || (flags & CT_CAP_READAHEAD))
		rc = read_threads(pc, k, dlt, workers, ebuf, sizeof(ebuf));
	if (rc == -3) { /* no threads (asked for or possible): this thread reads */
		while ((rc = pcap_next_ex(pc, &h, &data)) == 1)
			one_packet(k, dlt, cap->packets + 1, (int64_t)h->ts.tv_sec,
				   (int32_t)h->ts.tv_usec, data, h->caplen);
		if (rc == -1)
			snprintf(ebuf, sizeof(ebuf), "%s", pcap_geterr(pc));
	}
	if (rc == -1) {
		/* libpcap says why (e.g. "truncated dump file; tried to read
		 * 1514 captured bytes, only got 200"): the frame after the
		 * last good one is where the file breaks. */
		rc = ct_fail(err, CT_EINPUT, "%s: frame %llu: %s", path,
			     (unsigned long long)cap->packets + 1, ebuf);
		pcap_close(pc);
		idmap_free(k->ids);
		free(k);
		ct_capture_free(cap);
		return rc;
	}
	pcap_close(pc);
	make_subscribers(cap, k->ids);
	idmap_free(k->ids);
	free(k);
	if (cap->spill && (fflush(cap->spill) != 0 || ferror(cap->spill))) {
		rc = ct_fail(err, CT_EINPUT, "%s: cannot write the temporary file: %s", path,
			     strerror(errno));
		ct_capture_free(cap);
		return rc;
	}
	return 0;
}

/* ct_capture_read, keeping only the messages of the nodes in want (NULL:
 * all). */
static int
read_path(const char *path, unsigned flags, const struct ct_failure_rules *rules,
	  const unsigned char *want, size_t nwant, struct ct_capture *cap, struct ct_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc;
	FILE *fp;

	memset(cap, 0, sizeof(*cap));
	cap->want = want;
	cap->nwant = nwant;
	ebuf[0] = '\0';
	if (strcmp(path, "-") != 0) {
		/* Opened here to give libpcap's reads a large buffer: one
		 * read(2) per 256 kB instead of per stdio block (glibc ignores
		 * the size unless the buffer is given). */
		char *buf;
		int rc;

		fp = fopen(path, "rb");
		if (!fp)
			return ct_fail(err, CT_EINPUT, "%s: %s", path, strerror(errno));
		buf = ct_xmalloc(READ_BUF);
		setvbuf(fp, buf, _IOFBF, READ_BUF);
		pc = pcap_fopen_offline(fp, ebuf);
		if (!pc) {
			fclose(fp); /* on failure libpcap leaves fp to us */
			free(buf);
			return ct_fail(err, CT_EINPUT, "%s: %s", path, ebuf[0] ? ebuf : "cannot open");
		}
		rc = read_all(pc, path, flags, rules, cap, err); /* pcap_close closes fp */
		free(buf);
		return rc;
	}
	pc = pcap_open_offline(path, ebuf);
	if (!pc) {
		/* libpcap names the file itself when it cannot open it
		 * ("f.pcap: No such file or directory"): not twice. */
		if (strncmp(ebuf, path, strlen(path)) == 0 && ebuf[strlen(path)] == ':')
			return ct_fail(err, CT_EINPUT, "%s", ebuf);
		return ct_fail(err, CT_EINPUT, "%s: %s", path, ebuf[0] ? ebuf : "cannot open");
	}
	return read_all(pc, path, flags, rules, cap, err);
}

int
ct_capture_read(const char *path, unsigned flags, const struct ct_failure_rules *rules,
		struct ct_capture *cap, struct ct_err *err)
{
	return read_path(path, flags, rules, NULL, 0, cap, err);
}

int
ct_capture_read_subscriber(const char *path, const char *id, unsigned flags,
			   const struct ct_failure_rules *rules, struct ct_capture *cap, int *sub,
			   struct ct_err *err)
{
	unsigned char *want;
	size_t n;
	int rc;

	flags &= CT_CAP_READAHEAD;
	*sub = -1;
	if (strcmp(path, "-") == 0) {
		if ((rc = read_path(path, flags | CT_CAP_KEEP_MESSAGES, rules, NULL, 0, cap, err)) == 0)
			*sub = ct_capture_find_sub(cap, id);
		return rc;
	}
	rc = read_path(path, flags | CT_CAP_SPILL | CT_CAP_FAILURES_ONLY, rules, NULL, 0, cap, err);
	if (rc || (*sub = ct_capture_find_sub(cap, id)) < 0)
		return rc;
	/* The second pass makes the same nodes in the same order (the file
	 * and the linking are the same), so the first pass's node numbers
	 * name them. */
	n = cap->nsub_of;
	want = ct_xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++)
		want[i] = cap->sub_of[i] == *sub;
	ct_capture_free(cap);
	rc = read_path(path, flags | CT_CAP_KEEP_MESSAGES, rules, want, n, cap, err);
	if (rc == 0)
		*sub = ct_capture_find_sub(cap, id);
	cap->want = NULL;
	cap->nwant = 0;
	free(want);
	return rc;
}

int
ct_capture_read_fp(FILE *fp, const char *name, unsigned flags,
		   const struct ct_failure_rules *rules, struct ct_capture *cap, struct ct_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc;

	memset(cap, 0, sizeof(*cap));
	ebuf[0] = '\0';
	pc = pcap_fopen_offline(fp, ebuf);
	if (!pc) {
		fclose(fp); /* on failure libpcap leaves fp to us */
		return ct_fail(err, CT_EINPUT, "%s: %s", name, ebuf[0] ? ebuf : "cannot open");
	}
	return read_all(pc, name, flags, rules, cap, err); /* pcap_close closes fp */
}

void
ct_capture_free(struct ct_capture *cap)
{
	free(cap->file);
	free(cap->causes);
	free(cap->msgs);
	for (size_t i = 0; i < cap->nsubs; i++) {
		for (size_t j = 0; j < cap->subs[i].nids; j++)
			free(cap->subs[i].ids[j]);
		free(cap->subs[i].ids);
	}
	free(cap->subs);
	free(cap->sub_of);
	if (cap->spill)
		fclose(cap->spill);
	free(cap->spillbuf); /* after the fclose that last used it */
	free(cap->spillrd);
	memset(cap, 0, sizeof(*cap));
}
