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
 *   capture_demux.c    one frame: link layer, IPv4 / IPv6, UDP / SCTP / TCP,
 *        |             by port or PPID to its decoder (decode.h)
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

/* An endpoint's address as read from the packet: formatted only when a
 * message is kept (the ladder) or a subscriber's ids are listed. */
struct ct_cap_addr {
	uint8_t len;              /* 4, 16, or 0 when unknown */
	uint8_t a[16];
};

/* The identity map (capture_ids.c): identity keys to nodes, union-find
 * over the nodes. Its layout is private to capture_ids.c. */
struct ct_cap_idmap;

/* The packet being read, and where what it carries goes. */
struct ct_cap_pkt {
	struct ct_capture *cap;
	struct ct_cap_idmap *ids;
	unsigned flags;
	uint64_t frame;
	int64_t sec;
	int32_t usec;
	struct ct_cap_addr src, dst;
	unsigned sport, dport;
	int sctp;                 /* the message came over SCTP (UE ids scope by association) */
	struct ct_dissect d;
};

/* ---- capture_demux.c ---------------------------------------------------- */

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
