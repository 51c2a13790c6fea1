/*
 * capture_int.h — private to src/ingest/capture*.c: what the files of the
 * capture reader (capture.h) share. One pass over a file goes
 *
 *   capture.c          the API: opens the file, picks one thread or the
 *        |             threaded reader, makes the subscribers, frees
 *        v
 *   capture_threads.c  (with CT_CAP_READAHEAD or workers) a read-ahead
 *        |             thread, worker threads decoding chunks, the merge
 *        v             of their parts in file order
 *   capture_open.c     (before) the file's compression (gzip, zstd, lz4) undone
 *   capture_demux.c    one frame: link layer, tunnels, IPv4 / IPv6, UDP /
 *        |             SCTP / TCP, by port, PPID or content to its decoder
 *        |             (decode.h); what spans packets goes through
 *        |             capture_reasm.c (fragments, TCP flows, SCTP TSNs)
 *        v
 *   capture_causes.c   what a decoded message leaves in the capture: counts,
 *        |             the ladder, its causes (in memory or spilled to a
 *        v             temporary file, and read back)
 *   capture_ids.c      its identities linked in the identity map; the
 *                      subscribers made from the map at the end
 *
 * Nothing here is thread-safe by itself: each worker thread has its own
 * struct ct_cap_pkt, capture part and identity map (capture_threads.c).
 */
#ifndef CELLTRIAGE_INGEST_CAPTURE_INT_H
#define CELLTRIAGE_INGEST_CAPTURE_INT_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>

#include "celltriage/capture.h"
#include "celltriage/cursor.h"
#include "celltriage/dissect.h"
#include "pcaplib.h"

/* An endpoint's address as read from the packet: formatted only when a
 * message is kept (the ladder) or a subscriber's ids are listed. */
struct ct_cap_addr {
	uint8_t len;              /* 4, 16, or 0 when unknown */
	uint8_t a[16];
};

/* The identity map (capture_ids.c): identity keys to nodes, union-find
 * over the nodes. Its layout is private to capture_ids.c. */
struct ct_cap_idmap;

/* The transport state of a pass (capture_reasm.c). */
struct ct_cap_reasm;

/*
 * How a pass runs the demux. Transport state (fragments, TCP flows, SCTP
 * TSNs seen) follows the file in order, so it lives in one place:
 *   ALL     one thread (or read-ahead): state and decoding together;
 *   STAGE   the reader thread of the workers: the state only; each frame
 *           becomes units (the frame itself, with what the state decided
 *           about it, and the datagrams and TCP messages it completed);
 *   DECODE  a worker: decodes units, holds no state.
 * A file gives the same messages in the same order either way.
 */
enum ct_cap_mode { CT_CAP_MODE_ALL, CT_CAP_MODE_STAGE, CT_CAP_MODE_DECODE };

enum ct_cap_unit_kind {
	CT_UNIT_FRAME,            /* a frame of the file, decoded as it is */
	CT_UNIT_HELD,             /* a frame whose payload the state took (a
				   * fragment, a TCP segment): counted only */
	CT_UNIT_DATAGRAM,         /* an IP datagram put together: its payload */
	CT_UNIT_STREAM,           /* one whole message of a TCP flow */
	CT_UNIT_SCTP_MSG,         /* an SCTP user message put together from fragments */
	CT_UNIT_SCCP_MSG          /* the user data of an SCCP message put together
				   * from XUDT segments; proto: its subsystem */
};

/* A unit's description; its bytes follow it in a batch. */
struct ct_cap_unit {
	uint8_t kind;
	uint8_t proto;            /* DATAGRAM: IP protocol; STREAM, SCTP_MSG: application */
	uint16_t sport, dport;
	uint32_t teid;            /* the GTP-U tunnel it came in, 0 none */
	uint64_t dup;             /* FRAME, DATAGRAM: bit i set, the i-th SCTP DATA
				   * chunk of the packet is a duplicate */
	struct ct_cap_addr src, dst;
};

/* Keys of the transport state, compared as bytes: zero them first. */
struct ct_cap_frag_key {
	struct ct_cap_addr src, dst;
	uint8_t version, proto;   /* proto: IPv4's; 0 for IPv6 */
	uint32_t id;
};
struct ct_cap_tcp_key {
	struct ct_cap_addr src, dst;
	uint16_t sport, dport;
};
/* An SCTP association, one direction: its ports and the verification tag
 * the receiver chose (RFC 9260 §8.5), not its addresses. An association is
 * multi-homed (§6.4): a chunk is retransmitted to another address of the
 * peer, and a NAT between two capture points changes an address, yet the
 * TSN and the tag stay the association's. */
struct ct_cap_sctp_key {
	uint16_t sport, dport;
	uint32_t vtag;
};

/* What a TCP flow's bytes are cut into and handed to. */
struct ct_cap_tcp_app {
	size_t (*frame_len)(const uint8_t *p, size_t len); /* decode.h framing */
	void (*deliver)(void *arg, const uint8_t *p, size_t len);
	void *arg;
	unsigned id;              /* the caller's name for the protocol, kept with
				   * the flow (ct_cap_tcp_app_of); 0 none */
};
#define CT_TCP_FIN 0x01
#define CT_TCP_SYN 0x02
#define CT_TCP_RST 0x04

/* An SCCP message put together, waiting to be decoded (ALL) or handed to
 * the workers (STAGE) after the message that completed it. */
#define CT_CAP_SCCP_DONE_MAX 4
struct ct_cap_sccp_done {
	uint8_t *p;               /* malloc'd */
	size_t n;
	unsigned ssn;
};

/* The packet being read, and where what it carries goes. */
struct ct_cap_pkt {
	struct ct_capture *cap;
	struct ct_cap_idmap *ids;
	unsigned flags;
	int user;                 /* a user link type's carrier (decode.h enum ct_user_carrier) */
	const unsigned char *sbi_port; /* ct_capture_opts.sbi_port, NULL: none (the caller's) */
	uint64_t frame;
	int64_t sec;
	int32_t usec;
	struct ct_cap_addr src, dst;
	unsigned sport, dport;
	int sctp;                 /* the message came over SCTP (UE ids scope by association) */
	uint32_t teid;            /* the GTP-U tunnel the packet came in, 0 none */
	struct ct_dissect d;
	enum ct_cap_mode mode;
	struct ct_cap_reasm *rs;  /* ALL, STAGE: the transport state */
	struct ct_cap_unit *unit; /* STAGE: the unit being made; DECODE: being read */
	unsigned nchunk;          /* SCTP DATA chunks so far in the unit */
	unsigned depth;           /* IP layers (tunnels) entered */
	/* STAGE: where the units go (the reader's batch). */
	void (*emit)(void *arg, const struct ct_cap_unit *u, const struct ct_cap_pkt *k,
		     const uint8_t *p, size_t len);
	void *emit_arg;
	/* SCCP segments (ct_cap_sccp_init): d.sccp points here */
	struct ct_sccp_hook sccp;
	struct ct_cap_sccp_done sccp_done[CT_CAP_SCCP_DONE_MAX];
	unsigned nsccp_done;
};

/* ---- capture_demux.c ---------------------------------------------------- */

/* Where k's SCCP segments go, for its mode (set k->mode, k->rs first):
 * ALL and STAGE put them together in k->rs (STAGE looks at SS7 messages
 * for nothing else), DECODE leaves them to the stage. */
void ct_cap_sccp_init(struct ct_cap_pkt *k);
/* The SCCP messages k's last message completed: decoded and recorded
 * (ALL) or handed on as units (STAGE), then freed. */
void ct_cap_sccp_flush(struct ct_cap_pkt *k);
/* One packet of the file (frame numbered from 1), link layer dlt, down to
 * its decoders; each message decoded goes to ct_cap_record. */
void ct_cap_one_packet(struct ct_cap_pkt *k, int dlt, uint64_t frame, int64_t sec, int32_t usec,
		       const uint8_t *data, size_t caplen);
/* 0, or -1 with why in ebuf (n bytes) when a record's time lies outside
 * the years 1970-9999 (util.h CT_TIME_MAX; a pcapng timestamp is 64 bits):
 * the outputs could not write it as a four-digit year. */
int ct_cap_time_check(const struct pcap_pkthdr *h, char *ebuf, size_t n);
/* "10.0.0.1", or IPv6 in full form (len 4 or 16; "" otherwise). */
void ct_cap_addr_text(char *dst, size_t n, const uint8_t *a, size_t len);

/* A unit made by a STAGE pass, decoded by a DECODE pass (frame, time and
 * bytes as in ct_cap_one_packet). */
void ct_cap_one_unit(struct ct_cap_pkt *k, int dlt, const struct ct_cap_unit *u, uint64_t frame,
		     int64_t sec, int32_t usec, const uint8_t *data, size_t len);

/* ---- capture_open.c ----------------------------------------------------- */

/* The stream libpcap is to read for src: src itself (rewound) when it is
 * not compressed and can be rewound; otherwise a stream of its own
 * (fopencookie) that decompresses gzip, zstd or LZ4 (by the first bytes) or
 * passes the bytes through, closing src when it is closed if own. NULL when
 * it cannot be made (src is then left to the caller), with why in err. err
 * (errn bytes, the caller's, alive while the stream is read) receives
 * "gzip: ...", "zstd: ..." or "lz4: ..." when the compressed data is
 * corrupt or cut; "" otherwise. */
FILE *ct_cap_open_stream(FILE *src, int own, char *err, size_t errn);

/* ---- capture_reasm.c ---------------------------------------------------- */

/* Empty state; ct_cap_reasm_free releases it (NULL is fine), dropping
 * what it holds uncounted: call ct_cap_reasm_finish first to count it. */
struct ct_cap_reasm *ct_cap_reasm_new(void);
void ct_cap_reasm_free(struct ct_cap_reasm *r);
/* The end of the file: what is still held is counted in undec. */
void ct_cap_reasm_finish(struct ct_cap_reasm *r, uint64_t *undec);
/* One IP fragment: payload p (n bytes) at byte offset off, more fragments
 * after it or not; proto is the upper protocol the fragment names (for
 * IPv6, that of the offset-0 fragment is kept). Returns 1 when the datagram
 * is complete: *out (malloc'd, the caller frees it), *outlen, *outproto;
 * 0 when the fragment is held or given up (then counted in undec). */
int ct_cap_frag_add(struct ct_cap_reasm *r, const struct ct_cap_frag_key *key, int64_t sec,
		    size_t off, const uint8_t *p, size_t n, int more, uint8_t proto, uint64_t *undec,
		    uint8_t **out, size_t *outlen, uint8_t *outproto);
/* One TCP segment of a flow whose protocol is app's: its in-order bytes
 * are cut into messages, each handed to app->deliver while the call runs.
 * flags: CT_TCP_*. What cannot be delivered is counted in undec. */
void ct_cap_tcp_segment(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key, int64_t sec,
			uint32_t seq, unsigned flags, const uint8_t *p, size_t n,
			const struct ct_cap_tcp_app *app, uint64_t *undec);
/* One DATA chunk of a fragmented SCTP user message (first: B set; last: E
 * set) of stream `stream` in association key. Returns 1 when the message
 * is complete: *out (malloc'd, the caller frees it), *outlen; 0 when held
 * or given up (counted in undec as not reassembled). */
int ct_cap_sctp_fragment(struct ct_cap_reasm *r, const struct ct_cap_sctp_key *key, unsigned stream,
			 uint32_t tsn, int first, int last, int64_t sec, const uint8_t *p, size_t n,
			 uint64_t *undec, uint8_t **out, size_t *outlen);
/* One SCCP XUDT/XUDTS segment (dissect.h). Returns 1 when it completes
 * its message: *out (malloc'd, the caller frees it), *outlen, *ssn (the
 * first segment's subsystem); 0 when held or given up (what is given up
 * counted in undec as not reassembled: a segment missing, out of order,
 * over the limits, or left when its time runs out). */
int ct_cap_sccp_segment(struct ct_cap_reasm *r, const struct ct_sccp_segment *s, int64_t sec,
			uint64_t *undec, uint8_t **out, size_t *outlen, unsigned *ssn);
/* The payload bytes the state holds; never above CT_CAP_REASM_MAX (the
 * fragments' 8 MiB, the TCP flows' 32 MiB, the SCTP messages' 4 MiB, the
 * SCCP messages' 256 KiB). */
size_t ct_cap_reasm_held(const struct ct_cap_reasm *r);
#define CT_CAP_REASM_MAX (((size_t)44 << 20) + ((size_t)256 << 10))
/* 1 when TCP flow key is followed (its protocol found by content). */
int ct_cap_tcp_known(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key);
/* The id of the app the followed flow key was started with; 0 when not
 * followed or started without one. */
unsigned ct_cap_tcp_app_of(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key);
/* The slot of the followed flow key for its protocol's own state (HTTP/2's
 * header tables), which the flow frees with free_fn when it goes; NULL
 * when the flow is not followed, or when CT_CAP_TCP_STATES flows hold a
 * state already and this one does not (the caller then counts its
 * messages as not decoded for the limit). */
void **ct_cap_tcp_state(struct ct_cap_reasm *r, const struct ct_cap_tcp_key *key,
			void (*free_fn)(void *));
#define CT_CAP_TCP_STATES 256u
/* 1 when the association key has seen DATA chunk tsn before (and now
 * remembers it), 0 otherwise. */
int ct_cap_sctp_seen(struct ct_cap_reasm *r, const struct ct_cap_sctp_key *key, uint32_t tsn);

/* Iub: the FP flows NBAP's Radio Link Setups and Reconfigurations set up
 * (capture_reasm.c). A
 * setup request is held until its response (same transaction) names the
 * Node B's binding of each transport bearer (the request may name the
 * RNC's); each binding is then followed as a flow: ct_cap_iub_flow finds
 * it by its address and UDP port (NULL: not an FP flow set up in the
 * capture), with an RLC entity per
 * direction (CT_IUB_UL, CT_IUB_DL) for each signalling radio bearer, logical
 * channel 1..4 (NULL for others). The flows are the state's. */
struct ct_nbap_setup;
struct ct_cap_iub_flow;
void ct_cap_iub_nbap(struct ct_cap_reasm *r, const struct ct_nbap_setup *s);
struct ct_cap_iub_flow *ct_cap_iub_flow(struct ct_cap_reasm *r, const struct ct_cap_addr *addr,
					unsigned port);
const struct ct_iub_bearer *ct_cap_iub_bearer(const struct ct_cap_iub_flow *f);
/* The direction (CT_IUB_UL, CT_IUB_DL) of the frames f's end sends: uplink
 * from the Node B's binding, downlink from the RNC's. */
int ct_cap_iub_from(const struct ct_cap_iub_flow *f);
struct ct_rlc_entity *ct_cap_iub_rlc(struct ct_cap_iub_flow *f, int dir, unsigned lch);
/* Whether the SCTP endpoints src:sport, dst:dport (either way round) have
 * carried NBAP (PPID 25); add: they have now (the last 16 are kept). A Node
 * B may answer with another PPID: its messages are NBAP all the same. */
int ct_cap_iub_nbap_assoc(struct ct_cap_reasm *r, const struct ct_cap_addr *src, unsigned sport,
			  const struct ct_cap_addr *dst, unsigned dport, int add);

/* ---- capture_causes.c --------------------------------------------------- */

/* Counts a decoded message (st: how its decoder ended), links its
 * identities, keeps it for the ladder (CT_CAP_KEEP_MESSAGES) and keeps or
 * spills its causes, as k->flags and k->cap->want say. */
void ct_cap_record(struct ct_cap_pkt *k, enum ct_dec_status st);
/* Makes cap's temporary file of causes (CT_CAP_SPILL) with its buffers,
 * released by ct_capture_free. 0, or -1 with errno set (tmpfile(3)). */
int ct_cap_spill_open(struct ct_capture *cap);
/* Appends cause c to cap's temporary file; msglen and celllen are the
 * lengths of c->message and c->cell. Write errors show in ferror. */
void ct_cap_spill_cause(struct ct_capture *cap, const struct ct_cap_cause *c, size_t msglen,
			size_t celllen);

/* ---- capture_ids.c ------------------------------------------------------ */

/* An empty identity map; ct_cap_ids_free releases it (NULL is fine). */
struct ct_cap_idmap *ct_cap_ids_new(void);
void ct_cap_ids_free(struct ct_cap_idmap *m);
/* Links the identities of the message in k->d in k->ids and counts its
 * failure causes against it; returns the node standing for it, -1 none. */
int ct_cap_link_ids(struct ct_cap_pkt *k);
/* Turns the identity components of m into cap->subs, in order of first
 * sight, and resolves the subscriber of every cause in memory and every
 * kept message; cap->sub_of then maps m's nodes to subscribers. */
void ct_cap_make_subscribers(struct ct_capture *cap, struct ct_cap_idmap *m);
/* Merges part map pm (a chunk read from an empty map) into m as one pass
 * would have read on; returns, for each node of pm, its node in m (an
 * array the caller frees). */
int *ct_cap_ids_merge(struct ct_cap_idmap *m, struct ct_cap_idmap *pm);

/* ---- capture_threads.c -------------------------------------------------- */

/* Decodes every packet of pc on a reader thread and, with workers >= 1,
 * that many worker threads (k->cap must then spill its causes and keep no
 * messages). Returns pcap_next_ex's last result (-2 at the end, -1 on a
 * read error, with the message in errbuf), or -3 when a thread cannot be
 * started (nothing was read: the caller reads in this thread). */
int ct_cap_read_threads(pcap_t *pc, struct ct_cap_pkt *k, int dlt, unsigned workers, char *errbuf,
			size_t errn);

#endif
