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

#define READ_BUF (1 << 18)  /* stdio buffer of the capture file */

static const struct ct_name undec_names[] = {
	{ CT_UNDEC_TRUNCATED, "truncated" }, { CT_UNDEC_CIPHERED, "ciphered" },
	{ CT_UNDEC_UNSUPPORTED, "unsupported" }, { CT_UNDEC_MALFORMED, "malformed" },
	{ CT_UNDEC_NOT_REASSEMBLED, "not_reassembled" }, { 0, NULL }
};

const char *ct_undec_name(enum ct_undec u) { return ct_name_of(undec_names, (int)u); }

/* Reads every packet of an open capture; closes pc. */
static int
read_all(pcap_t *pc, const char *path, unsigned flags, const struct ct_failure_rules *rules,
	 struct ct_capture *cap, struct ct_err *err)
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
	if (dn)
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
	k->d.rules = rules;
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
			     (unsigned long long)cap->packets + 1, ebuf);
		pcap_close(pc);
		ct_cap_ids_free(k->ids);
		free(k);
		ct_capture_free(cap);
		return rc;
	}
	pcap_close(pc);
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

	flags &= CT_CAP_READAHEAD | CT_CAP_MTP3(0xf);
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
