/*
 * capture.h — signalling captures (pcap / pcapng through libpcap) read into
 * the causes they carry, the subscribers they concern, and what could not
 * be decoded.
 *
 * ct_capture_read walks every packet: link layer (Ethernet with VLAN tags,
 * PPPoE sessions, Linux cooked SLL and SLL2, raw IPv4/IPv6, loopback/NULL),
 * IPv4 / IPv6 (fragments put back together), tunnels (GTP-U, GRE, L2TPv2:
 * the inner packet goes the same way), then UDP, SCTP (every DATA chunk, by
 * PPID and port; a TSN its association has seen counted as a duplicate;
 * fragmented user messages put together) or TCP (the flows of the stream
 * protocols put in order and cut into messages), and hands each signalling
 * message to its decoder (decode.h): GSMTAP 4729, GTPv2-C 2123, Diameter
 * 3868, SIP 5060 or by its start line on any port, S1AP (PPID 18 / 36412),
 * NGAP (PPID 60 / 38412). The transport state is bounded in bytes and
 * expires in capture time. A file compressed with gzip, zstd or LZ4 is read
 * by its content.
 * What cannot be decoded is counted by reason (enum ct_undec), never
 * dropped silently.
 *
 * Identities seen together in one message (IMSI, GUTI/TMSI, S1AP/NGAP UE
 * ids scoped to their association until the UE context is released, GTP
 * TEIDs, Diameter Session-Id, SIP Call-ID, TCAP transaction ids and
 * SCCP local references scoped to their two endpoints until the End,
 * Abort or RLC) are linked into subscribers.
 *
 * Memory: by default every cause is kept in cap->causes (what diagnose and
 * the tests use). With CT_CAP_SPILL the causes are written, in a compact
 * form, to a temporary file (tmpfile(3)) during the pass instead, and read
 * back with ct_capture_next_cause: what stays in memory is then bounded by
 * the identities (the union-find of subscribers), not by the packets.
 * CT_CAP_FAILURES_ONLY keeps only the causes the decoders judge failures
 * (all the text and CSV outputs need). CT_CAP_KEEP_MESSAGES (the ladder)
 * keeps every message in memory, and its causes with it: not with SPILL.
 * CT_CAP_READAHEAD runs libpcap's reading in a second thread that hands
 * the packets over in 1 MiB batches (4 in flight): for a spare core, when
 * there are fewer files than jobs. CT_CAP_WORKERS(n) goes further for a
 * spilled read: n threads decode 8 MiB chunks of the file side by side and
 * the calling thread merges them in order (n + 2 chunks in memory). Either
 * way the result is the same, byte for byte, as one thread's.
 *
 * Each cause's failure flag is the failure rule's (dissect.h): opts->rules,
 * the profile's overrides (its `failures`), or NULL for the built-in table;
 * a user link type's frames go to the decoder opts->user_dlt names. opts
 * (NULL: neither) is read while the call runs, not kept.
 *
 * Errors (util.h): a file libpcap cannot open or that ends mid-record, or
 * whose compression is cut short or corrupt ("gzip: ...", "zstd: ..."), is
 * CT_EINPUT with "file: frame N: reason"; so is a temporary file that cannot
 * be made or written; the capture is then freed, so no partial result is
 * printed. Everything in struct ct_capture is owned by it (the temporary
 * file too); ct_capture_free releases it.
 */
#ifndef CELLTRIAGE_CAPTURE_H
#define CELLTRIAGE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "celltriage/dissect.h"
#include "celltriage/util.h"

/* Why a packet (or a message in it) was not decoded. The first five are
 * the decoders' and SCTP's; the others name the transport that gave up on
 * the packet (capture_reasm.c, capture_demux.c): its IP fragments, its TCP
 * segment, its SCTP chunk seen before, a tunnel's own control traffic. */
enum ct_undec {
	CT_UNDEC_TRUNCATED, CT_UNDEC_CIPHERED, CT_UNDEC_UNSUPPORTED, CT_UNDEC_MALFORMED,
	CT_UNDEC_NOT_REASSEMBLED,
	CT_UNDEC_IP_FRAG_TIMEOUT,     /* its datagram's other fragments did not come in time */
	CT_UNDEC_IP_FRAG_INCOMPLETE,  /* ... not before the end of the capture */
	CT_UNDEC_IP_FRAG_DUP,         /* a fragment bringing nothing new */
	CT_UNDEC_IP_FRAG_LIMIT,       /* too long, too many pieces, inconsistent ends, no room */
	CT_UNDEC_TCP_RETRANSMISSION,  /* bytes already delivered */
	CT_UNDEC_TCP_GAP,             /* bytes missing before it, never filled */
	CT_UNDEC_TCP_UNFRAMED,        /* not a message of the flow's protocol */
	CT_UNDEC_TCP_INCOMPLETE,      /* the flow ended (FIN, idle, end of file) mid-message */
	CT_UNDEC_TCP_LIMIT,           /* a message too long, or no room for the flow */
	CT_UNDEC_SCTP_DUPLICATE,      /* a DATA chunk whose TSN was seen in its association
				       * (ports and verification tag): retransmitted or captured twice */
	CT_UNDEC_PPP_NOT_IP,          /* PPPoE discovery; PPP (PPPoE, L2TP) carrying no IP */
	CT_UNDEC_GRE_UNSUPPORTED,     /* a GRE version or payload not read */
	CT_UNDEC_L2TP_CONTROL,        /* L2TP control messages */
	CT_UNDEC_GTPU_CONTROL,        /* GTP-U messages other than G-PDU (echo, end marker ...) */
	CT_UNDEC_USER_DLT_UNMAPPED,   /* a user link type (DLT 147..162) the profile does not map */
	CT_UNDEC__COUNT
};
const char *ct_undec_name(enum ct_undec u);

/* One cause-bearing field of one message. */
struct ct_cap_cause {
	uint64_t frame;           /* 1-based, as Wireshark numbers frames */
	int64_t sec;              /* capture time, UTC */
	int32_t usec;
	const char *protocol;     /* static */
	char message[64];
	enum ct_family family;
	enum ct_cause_group group;
	uint32_t value;
	int failure;
	int node;                 /* identity node (internal); -1 none */
	int sub;                  /* index into subs after linking; -1 none */
	char cell[40];            /* CGI from the same message, "" unknown */
};

/* One message on the subscriber's ladder. */
struct ct_cap_msg {
	uint64_t frame;
	int64_t sec;
	int32_t usec;
	const char *protocol;
	char message[64];
	char src[48], dst[48];    /* "addr:port" */
	int ncause;               /* index of its first cause in causes, -1 none */
	int nc;                   /* how many causes it carried */
	int node, sub;
};

struct ct_cap_sub {
	char imsi[24], msisdn[24], imei[24];
	char **ids;               /* "guti:...", "tmsi:...", "call-id:...", ... */
	size_t nids;
	uint64_t first_frame, last_frame;
	unsigned messages, failures;
};

struct ct_capture {
	char *file;
	uint64_t packets;         /* frames in the file */
	uint64_t messages;        /* signalling messages handed to a decoder */
	uint64_t phone_side;      /* of which GSMTAP: logged by the subscriber's own phone */
	char link_type[32];       /* libpcap's name, e.g. "EN10MB" */
	struct ct_cap_cause *causes;
	size_t ncauses, capcauses;
	struct ct_cap_msg *msgs;  /* kept only with CT_CAP_KEEP_MESSAGES */
	size_t nmsgs, capmsgs;
	struct ct_cap_sub *subs;
	size_t nsubs;
	uint64_t undecoded[CT_UNDEC__COUNT];
	FILE *spill;              /* internal: the causes, with CT_CAP_SPILL */
	const unsigned char *want; /* internal: keep only these nodes' messages */
	size_t nwant;
	char *spillbuf;           /* internal: its stdio buffer */
	struct ct_cap_spill_reader *spillrd; /* internal: reading it back */
	int *sub_of;              /* internal: identity node -> subscriber */
	size_t nsub_of;
};

enum {
	CT_CAP_KEEP_MESSAGES = 1, /* keep every message (the subscriber ladder) */
	CT_CAP_SPILL = 2,         /* causes to a temporary file, not to causes[] */
	CT_CAP_FAILURES_ONLY = 4, /* keep only the causes judged failures */
	CT_CAP_READAHEAD = 8      /* a second thread reads the file (a spare core) */
};
/* With CT_CAP_SPILL (and no CT_CAP_KEEP_MESSAGES): decode the file in
 * chunks on n worker threads (1..255), read by one more thread. */
#define CT_CAP_WORKERS(n) (((unsigned)(n) & 0xffu) << 8)
#define CT_CAP_WORKERS_OF(flags) (((flags) >> 8) & 0xffu)
/* The MTP3 variant of the SS7 links in the file (decode.h enum
 * ct_mtp3_variant; 0 is ITU), as the profile's capture.mtp3 names it. */
#define CT_CAP_MTP3(v) (((unsigned)(v) & 0xfu) << 16)
#define CT_CAP_MTP3_OF(flags) ((enum ct_mtp3_variant)(((flags) >> 16) & 0xfu))
/* The size of the workers' chunks (0: the default, 8 MiB). For the tests,
 * which make every packet a chunk of its own; not thread-safe. */
void ct_capture_set_chunk(size_t bytes);

/*
 * What the profile tells the reader beyond the flags (NULL: the built-in
 * failure rules, no user link type mapped). Not owned; read during the call.
 */
struct ct_capture_opts {
	const struct ct_failure_rules *rules; /* NULL: the built-in table */
	/* what DLT CT_USER_DLT_FIRST + i carries (decode.h enum
	 * ct_user_carrier); 0: not mapped, its frames counted undecoded
	 * (user_dlt_unmapped) */
	unsigned char user_dlt[16];
	/* capture.sbi_ports: bit p % 8 of sbi_port[p / 8] set, TCP port p is
	 * read as the SBI (HTTP/2 or HTTP/1.1) from a flow's first message,
	 * without the content test of other ports */
	unsigned char sbi_port[65536 / 8];
};
struct ct_profile;
/* The profile's failure rules (pointed to, not copied), user link types
 * and SBI ports. */
void ct_capture_opts_of_profile(const struct ct_profile *p, struct ct_capture_opts *o);

int ct_capture_read(const char *path, unsigned flags, const struct ct_capture_opts *opts,
		    struct ct_capture *cap, struct ct_err *err);
/* The same from an open stream (e.g. fmemopen), named name in messages and
 * in cap->file. fp is closed by the call, whether it succeeds or not. */
int ct_capture_read_fp(FILE *fp, const char *name, unsigned flags,
		       const struct ct_capture_opts *opts, struct ct_capture *cap,
		       struct ct_err *err);
void ct_capture_free(struct ct_capture *cap);

/*
 * The causes in file order, from causes[] or from the temporary file, with
 * sub resolved: set *it = 0, then call until it returns 0. Returns 1 and
 * fills *c; 0 at the end, or when the temporary file cannot be read back
 * (then ferror(cap->spill) is set). Not for two walks at once on one capture.
 */
int ct_capture_next_cause(const struct ct_capture *cap, size_t *it, struct ct_cap_cause *c);

/* The subscriber whose IMSI, MSISDN or IMEI is id; -1 when none. */
int ct_capture_find_sub(const struct ct_capture *cap, const char *id);

/*
 * One subscriber's ladder: reads path twice, first to link the identities
 * and find the subscriber whose IMSI, MSISDN or IMEI is id (keeping no
 * message), then with CT_CAP_KEEP_MESSAGES keeping only the messages (and
 * their causes) of that subscriber: memory follows the subscriber, not the
 * file. *sub is the subscriber's index in cap->subs, -1 when not seen
 * (cap is then the first pass's). flags may add CT_CAP_READAHEAD. Standard
 * input ("-") cannot be read twice: it is read once, keeping every message.
 */
int ct_capture_read_subscriber(const char *path, const char *id, unsigned flags,
			       const struct ct_capture_opts *opts, struct ct_capture *cap,
			       int *sub, struct ct_err *err);

#endif
