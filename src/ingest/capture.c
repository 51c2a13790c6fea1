/*
 * capture.c — the capture reader's API (capture.h): opening a pcap or
 * pcapng file (libpcap), one pass over its packets (on this thread, or on
 * the threaded reader of capture_threads.c), the subscribers made at the
 * end, the two-pass read of one subscriber's ladder, and freeing.
 *
 * The rest of the reader, by concern (capture_int.h shows how they meet):
 * capture_demux.c (link layer, IP and transport down to the decoders),
 * capture_causes.c (what a decoded message leaves: counts, the ladder, the
 * causes in memory or spilled to a temporary file), capture_ids.c (the
 * identity map and the subscribers), capture_threads.c (read-ahead and
 * worker threads, the merge of their chunks).
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_int.h"
#include "celltriage/decode.h"
#include "celltriage/profile.h"

#define READ_BUF (1 << 18)  /* stdio buffer of the capture file */

static const struct ct_name undec_names[] = {
	{ CT_UNDEC_TRUNCATED, "truncated" }, { CT_UNDEC_CIPHERED, "ciphered" },
	{ CT_UNDEC_UNSUPPORTED, "unsupported" }, { CT_UNDEC_MALFORMED, "malformed" },
	{ CT_UNDEC_NOT_REASSEMBLED, "not_reassembled" },
	{ CT_UNDEC_IP_FRAG_TIMEOUT, "ip_fragments_timed_out" },
	{ CT_UNDEC_IP_FRAG_INCOMPLETE, "ip_fragments_incomplete" },
	{ CT_UNDEC_IP_FRAG_DUP, "ip_fragment_duplicate" },
	{ CT_UNDEC_IP_FRAG_LIMIT, "ip_fragments_over_limit" },
	{ CT_UNDEC_TCP_RETRANSMISSION, "tcp_retransmission" }, { CT_UNDEC_TCP_GAP, "tcp_gap" },
	{ CT_UNDEC_TCP_UNFRAMED, "tcp_unframed" }, { CT_UNDEC_TCP_INCOMPLETE, "tcp_incomplete" },
	{ CT_UNDEC_TCP_LIMIT, "tcp_over_limit" }, { CT_UNDEC_SCTP_DUPLICATE, "sctp_duplicate" },
	{ CT_UNDEC_PPP_NOT_IP, "ppp_not_ip" }, { CT_UNDEC_GRE_UNSUPPORTED, "gre_unsupported" },
	{ CT_UNDEC_L2TP_CONTROL, "l2tp_control" }, { CT_UNDEC_GTPU_CONTROL, "gtpu_control" },
	{ CT_UNDEC_USER_DLT_UNMAPPED, "user_dlt_unmapped" },
	{ 0, NULL }
};

const char *ct_undec_name(enum ct_undec u) { return ct_name_of(undec_names, (int)u); }

/* Reads every packet of an open capture; closes pc. zerr: what the
 * decompression of the file said went wrong ("" nothing), read when
 * libpcap stops on an error. */
static int
read_all(pcap_t *pc, const char *path, unsigned flags, const struct ct_capture_opts *opts,
	 const char *zerr, struct ct_capture *cap, struct ct_err *err)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	const char *dn;
	struct ct_cap_pkt *k;
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	unsigned workers;
	int dlt, rc;

	cap->file = ct_xstrdup(path);
	dlt = pcap_datalink(pc);
	dn = pcap_datalink_val_to_name(dlt);
	if (dlt >= CT_USER_DLT_FIRST && dlt < CT_USER_DLT_FIRST + CT_USER_DLT_COUNT) {
		/* USERn: named by what the profile says it carries */
		const char *u = opts ? ct_name_of(ct_user_carrier_table(),
						  opts->user_dlt[dlt - CT_USER_DLT_FIRST]) : NULL;

		snprintf(cap->link_type, sizeof(cap->link_type), "USER%d (%s)",
			 dlt - CT_USER_DLT_FIRST, u ? u : "unmapped");
	} else if (dn)
		snprintf(cap->link_type, sizeof(cap->link_type), "%s", dn);
	else
		snprintf(cap->link_type, sizeof(cap->link_type), "DLT %d", dlt);
	if ((flags & CT_CAP_SPILL) && !(flags & CT_CAP_KEEP_MESSAGES) && ct_cap_spill_open(cap) != 0) {
		rc = ct_fail(err, CT_EINPUT, "%s: cannot make a temporary file: %s", path,
			     strerror(errno));
		pcap_close(pc);
		ct_capture_free(cap);
		return rc;
	}
	k = ct_xcalloc(1, sizeof(*k));
	k->cap = cap;
	k->flags = flags;
	k->ids = ct_cap_ids_new();
	ct_dissect_reset(&k->d);
	k->d.rules = opts ? opts->rules : NULL;
	if (opts && dlt >= CT_USER_DLT_FIRST && dlt < CT_USER_DLT_FIRST + CT_USER_DLT_COUNT)
		k->user = opts->user_dlt[dlt - CT_USER_DLT_FIRST];
	k->sbi_port = opts ? opts->sbi_port : NULL;
	k->mode = CT_CAP_MODE_ALL;
	k->rs = ct_cap_reasm_new();
	ct_cap_sccp_init(k);
	rc = -3;
	workers = CT_CAP_WORKERS_OF(flags);
	if (!(flags & CT_CAP_SPILL) || (flags & CT_CAP_KEEP_MESSAGES) || cap->want)
		workers = 0; /* parts are merged into a spill, of causes only */
	if (workers || (flags & CT_CAP_READAHEAD))
		rc = ct_cap_read_threads(pc, k, dlt, workers, ebuf, sizeof(ebuf));
	if (rc == -3) { /* no threads (asked for or possible): this thread reads */
		ebuf[0] = '\0';
		while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
			if (ct_cap_time_check(h, ebuf, sizeof(ebuf)) != 0) {
				rc = -1;
				break;
			}
			ct_cap_one_packet(k, dlt, cap->packets + 1, (int64_t)h->ts.tv_sec,
					  (int32_t)h->ts.tv_usec, data, h->caplen);
		}
		if (rc == -1 && !ebuf[0])
			snprintf(ebuf, sizeof(ebuf), "%s", pcap_geterr(pc));
	}
	if (rc == -1) {
		/* libpcap says why (e.g. "truncated dump file; tried to read
		 * 1514 captured bytes, only got 200"): the frame after the
		 * last good one is where the file breaks. */
		rc = ct_fail(err, CT_EINPUT, "%s: frame %llu: %s", path,
			     (unsigned long long)cap->packets + 1, zerr[0] ? zerr : ebuf);
		pcap_close(pc);
		ct_cap_ids_free(k->ids);
		ct_cap_reasm_free(k->rs);
		free(k);
		ct_capture_free(cap);
		return rc;
	}
	pcap_close(pc);
	/* Fragments and TCP messages still incomplete at the end are counted. */
	ct_cap_reasm_finish(k->rs, cap->undecoded);
	ct_cap_reasm_free(k->rs);
	ct_cap_make_subscribers(cap, k->ids);
	ct_cap_ids_free(k->ids);
	free(k);
	if (cap->spill && (fflush(cap->spill) != 0 || ferror(cap->spill))) {
		rc = ct_fail(err, CT_EINPUT, "%s: cannot write the temporary file: %s", path,
			     strerror(errno));
		ct_capture_free(cap);
		return rc;
	}
	return 0;
}

/* Opens src for libpcap through ct_cap_open_stream (a compressed capture
 * is read by its content) and reads it; src is closed (but stdin), whether
 * it succeeds or not. */
static int
read_stream(FILE *src, const char *path, unsigned flags, const struct ct_capture_opts *opts,
	    struct ct_capture *cap, struct ct_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE], zerr[256];
	pcap_t *pc;
	FILE *fp;

	if (ct_pcap_load(zerr, sizeof(zerr)) != 0) {
		if (src != stdin)
			fclose(src);
		return ct_fail(err, CT_EINPUT, "%s: %s", path, zerr);
	}
	fp = ct_cap_open_stream(src, 1, zerr, sizeof(zerr));
	if (!fp) {
		if (src != stdin)
			fclose(src);
		return ct_fail(err, CT_EINPUT, "%s: %s", path, zerr);
	}
	ebuf[0] = '\0';
	pc = pcap_fopen_offline(fp, ebuf);
	if (!pc) {
		if (fp != stdin)
			fclose(fp); /* on failure libpcap leaves fp to us (the stream closes src) */
		return ct_fail(err, CT_EINPUT, "%s: %s", path,
			       zerr[0] ? zerr : ebuf[0] ? ebuf : "cannot open");
	}
	return read_all(pc, path, flags, opts, zerr, cap, err); /* pcap_close closes fp */
}

/* ct_capture_read, keeping only the messages of the nodes in want (NULL:
 * all). */
static int
read_path(const char *path, unsigned flags, const struct ct_capture_opts *opts,
	  const unsigned char *want, size_t nwant, struct ct_capture *cap, struct ct_err *err)
{
	FILE *fp;
	char *buf;
	int rc;

	memset(cap, 0, sizeof(*cap));
	cap->want = want;
	cap->nwant = nwant;
	if (strcmp(path, "-") == 0)
		return read_stream(stdin, path, flags, opts, cap, err);
	/* Opened here to give libpcap's reads a large buffer: one read(2)
	 * per 256 kB instead of per stdio block (glibc ignores the size
	 * unless the buffer is given). */
	fp = fopen(path, "rb");
	if (!fp)
		return ct_fail(err, CT_EINPUT, "%s: %s", path, strerror(errno));
	buf = ct_xmalloc(READ_BUF);
	setvbuf(fp, buf, _IOFBF, READ_BUF);
	rc = read_stream(fp, path, flags, opts, cap, err);
	free(buf); /* after the fclose that last used it */
	return rc;
}

int
ct_capture_read(const char *path, unsigned flags, const struct ct_capture_opts *opts,
		struct ct_capture *cap, struct ct_err *err)
{
	return read_path(path, flags, opts, NULL, 0, cap, err);
}

int
ct_capture_read_subscriber(const char *path, const char *id, unsigned flags,
			   const struct ct_capture_opts *opts, struct ct_capture *cap, int *sub,
			   struct ct_err *err)
{
	unsigned char *want;
	size_t n;
	int rc;

	flags &= CT_CAP_READAHEAD | CT_CAP_MTP3(0xf);
	*sub = -1;
	if (strcmp(path, "-") == 0) {
		if ((rc = read_path(path, flags | CT_CAP_KEEP_MESSAGES, opts, NULL, 0, cap, err)) == 0)
			*sub = ct_capture_find_sub(cap, id);
		return rc;
	}
	rc = read_path(path, flags | CT_CAP_SPILL | CT_CAP_FAILURES_ONLY, opts, NULL, 0, cap, err);
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
	rc = read_path(path, flags | CT_CAP_KEEP_MESSAGES, opts, want, n, cap, err);
	if (rc == 0)
		*sub = ct_capture_find_sub(cap, id);
	cap->want = NULL;
	cap->nwant = 0;
	free(want);
	return rc;
}

int
ct_capture_read_fp(FILE *fp, const char *name, unsigned flags,
		   const struct ct_capture_opts *opts, struct ct_capture *cap, struct ct_err *err)
{
	memset(cap, 0, sizeof(*cap));
	return read_stream(fp, name, flags, opts, cap, err);
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

void
ct_capture_opts_of_profile(const struct ct_profile *p, struct ct_capture_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rules = &p->failures;
	for (size_t i = 0; i < p->nuser_dlts; i++) {
		int at = p->user_dlts[i].dlt - CT_USER_DLT_FIRST;

		if (at >= 0 && at < CT_USER_DLT_COUNT) /* the profile checked the range */
			o->user_dlt[at] = (unsigned char)p->user_dlts[i].carries;
	}
	for (size_t i = 0; i < p->nsbi_ports; i++) {
		unsigned port = (unsigned)p->sbi_ports[i]; /* 1..65535: checked */

		o->sbi_port[port / 8] |= (unsigned char)(1u << (port % 8));
	}
}
