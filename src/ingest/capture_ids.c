/*
 * capture_ids.c — the identities a capture's messages carry, linked into
 * subscribers: the identity map (binary keys to nodes, union-find over the
 * nodes), the merge of a worker's map into the capture's, and the
 * subscribers made from the map at the end (capture.h).
 *
 * Identities seen together in one message are one subscriber: IMSI, MSISDN,
 * IMEI, TMSI/GUTI, SUCI, GTP TEIDs, Diameter Session-Id, SIP Call-ID, and
 * the S1AP/NGAP UE ids, which are unique only within their SCTP
 * association and are freed for reuse when the UE context is released
 * (3GPP TS 36.413 §8.3.3, TS 38.413 §8.3.3), and the Abis RSL dedicated
 * channels (within their TRX's link, freed by the channel's release). Cells and tracking areas are
 * places, not people: they link nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_int.h"

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
 * (what merging a part read by a worker needs, ct_cap_ids_merge).
 */
#define KEY_MAX (1 + 2 * (1 + 16 + 2) + 64)
#define SLOT_EMPTY (-1)
/* A retired key keeps its slot, marked: SLOT_RETIRED(node) <= -3 and back. */
#define SLOT_RETIRED(n) (-3 - (n))

struct idslot {
	int32_t node;        /* node number, SLOT_EMPTY or SLOT_RETIRED(node) */
	uint32_t hash;
};

struct ct_cap_idmap {
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
node_key(const struct ct_cap_idmap *m, size_t node)
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
idmap_put(struct ct_cap_idmap *m, int node, uint32_t h)
{
	size_t i;

	for (i = h & (m->cap - 1); m->slot[i].node != SLOT_EMPTY; i = (i + 1) & (m->cap - 1))
		;
	m->slot[i].node = node;
	m->slot[i].hash = h;
	m->used++;
}

static void
idmap_grow(struct ct_cap_idmap *m)
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
idmap_lookup(const struct ct_cap_idmap *m, const unsigned char *key, size_t n, uint32_t h,
	     int retired)
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
idmap_slot(const struct ct_cap_idmap *m, const unsigned char *key, size_t n, uint32_t h)
{
	return idmap_lookup(m, key, n, h, 0);
}

static int
find(struct ct_cap_idmap *m, int n)
{
	while (m->parent[n] != n) {
		m->parent[n] = m->parent[m->parent[n]];
		n = m->parent[n];
	}
	return n;
}

/* The node of key, made when new. */
static int
node_of(struct ct_cap_idmap *m, const unsigned char *key, size_t n)
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
idmap_retire(struct ct_cap_idmap *m, const unsigned char *key, size_t n)
{
	long s = idmap_slot(m, key, n, hash_key(key, n));

	if (s >= 0)
		m->slot[s].node = SLOT_RETIRED(m->slot[s].node);
}

struct ct_cap_idmap *
ct_cap_ids_new(void)
{
	return ct_xcalloc(1, sizeof(struct ct_cap_idmap));
}

void
ct_cap_ids_free(struct ct_cap_idmap *m)
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

static const struct ct_name id_kind_names[] = {
	{ CT_ID_IMSI, "imsi" }, { CT_ID_MSISDN, "msisdn" }, { CT_ID_IMEI, "imei" },
	{ CT_ID_TMSI, "tmsi" }, { CT_ID_GUTI, "guti" }, { CT_ID_SUCI, "suci" },
	{ CT_ID_ENB_UE_ID, "enb-ue-id" }, { CT_ID_MME_UE_ID, "mme-ue-id" },
	{ CT_ID_RAN_UE_ID, "ran-ue-id" }, { CT_ID_AMF_UE_ID, "amf-ue-id" },
	{ CT_ID_TEID, "teid" }, { CT_ID_SESSION, "session" }, { CT_ID_CALL_ID, "call-id" },
	{ CT_ID_CELL, "cell" }, { CT_ID_TAI, "tai" }, { CT_ID_TCAP_TID, "tcap-tid" },
	{ CT_ID_SCCP_REF, "sccp-ref" }, { CT_ID_RUA_CTX, "rua-ctx" }, { CT_ID_SEID, "seid" },
	{ CT_ID_RSL_CHAN, "rsl-chan" }, { CT_ID_SUA_REF, "sua-ref" },
	{ 0, NULL }
};

static const char *
id_kind_name(int k)
{
	const char *n = ct_name_of(id_kind_names, k);

	return n ? n : "id";
}

/* Ids unique only between two endpoints: S1AP/NGAP UE ids and the Iuh
 * Context-ID in their SCTP association, TCAP transaction ids and SCCP local references between two
 * signalling points (the association, or the SS7 link), SUA reference numbers in their
 * association. */
static int
ue_scoped(int k)
{
	return k == CT_ID_ENB_UE_ID || k == CT_ID_MME_UE_ID || k == CT_ID_RAN_UE_ID ||
	       k == CT_ID_AMF_UE_ID || k == CT_ID_TCAP_TID || k == CT_ID_SCCP_REF ||
	       k == CT_ID_RUA_CTX || k == CT_ID_RSL_CHAN || k == CT_ID_SUA_REF;
}

/* Appends an endpoint to a key; returns the new length. */
static size_t
put_endpoint(unsigned char *k, size_t at, const struct ct_cap_addr *a, unsigned port)
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
id_key(const struct ct_cap_pkt *k, const struct ct_ident *id, unsigned char *key)
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
	ct_cap_addr_text(a, sizeof(a), k + at, k[1]);
	at += k[1];
	pa = (unsigned)k[at] << 8 | k[at + 1];
	at += 2;
	ct_cap_addr_text(b, sizeof(b), k + at + 1, k[at]);
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

/* Links the message's identities and counts its failure causes against
 * them; returns the node standing for it, -1 none. */
int
ct_cap_link_ids(struct ct_cap_pkt *k)
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
	/* A TCAP End or Abort ends its transaction (Q.774 §3.2.2; an ANSI
	 * TCAP Response or Abort, T1.114 §3.2.1), an SCCP RLC its connection
	 * (Q.714 §3.3.4), an Abis RF Channel Release Acknowledge (TS 48.058
	 * §8.4.14) or a refused Channel Activation (§8.4.3) the dedicated
	 * channel: their ids are reused for others. */
	if (k->d.nids && (strcmp(k->d.message, "UEContextReleaseComplete") == 0 ||
			  strcmp(k->d.message, "TCAP End") == 0 ||
			  strcmp(k->d.message, "TCAP Abort") == 0 ||
			  strcmp(k->d.message, "ANSI TCAP Response") == 0 ||
			  strcmp(k->d.message, "ANSI TCAP Abort") == 0 ||
			  strcmp(k->d.message, "RF Channel Release Acknowledge") == 0 ||
			  strcmp(k->d.message, "Channel Activation Negative Acknowledge") == 0 ||
			  strcmp(k->d.message, "SCCP RLC") == 0 ||
			  strcmp(k->d.message, "SUA RELCO") == 0))
		for (unsigned i = 0; i < k->d.nids; i++)
			if (ue_scoped(k->d.ids[i].kind))
				idmap_retire(k->ids, key, id_key(k, &k->d.ids[i], key));
	if (first >= 0)
		for (unsigned i = 0; i < k->d.ncauses; i++)
			if (k->d.causes[i].failure)
				k->ids->node_fail[first]++;
	return first;
}

/* The live node of key in m, -1 when none. */
static int
idmap_live(const struct ct_cap_idmap *m, const unsigned char *key, size_t n)
{
	long s = idmap_slot(m, key, n, hash_key(key, n));

	return s >= 0 ? m->slot[s].node : -1;
}

/* A new node for key, replacing a live one: what node_of does when the key
 * is not live. */
static int
idmap_new(struct ct_cap_idmap *m, const unsigned char *key, size_t n)
{
	idmap_retire(m, key, n);
	return node_of(m, key, n);
}

/*
 * Merges a part (a chunk decoded on its own from an empty identity map)
 * into the capture's identity map m, as if one pass had read on. The part
 * made a node for a key wherever the key was not live in it; one pass made
 * one there too, except at the key's first use in the chunk while the key
 * was live in the capture: that node is the capture's. A key retired in
 * the part (released UE ids) is retired in the capture when the part ends
 * with it retired. Links and failure counts carry over node by node.
 */
int *
ct_cap_ids_merge(struct ct_cap_idmap *m, struct ct_cap_idmap *pm)
{
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
	return map;
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
void
ct_cap_make_subscribers(struct ct_capture *cap, struct ct_cap_idmap *m)
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

