/* fuzz_capture.c — libFuzzer target: a whole capture file from memory, read
 * by libpcap (fmemopen + pcap_fopen_offline; gzip inflated) through the capture pipeline
 * (link, tunnels, IP with its fragments, UDP/SCTP/TCP with the transport
 * state, every decoder, identity linking) and rendered by
 * every output (JSON, text, CSV, each subscriber's ladder).
 * The streamed JSON writer must give the bytes jansson gives for the same
 * capture, and a second read with the causes spilled to a temporary file
 * (CT_CAP_SPILL, and CT_CAP_FAILURES_ONLY for CSV) the same outputs again,
 * and so must the threaded reads: read-ahead, and two workers decoding
 * every packet as a chunk of its own, merged in order.
 * Any crash, sanitizer report, leak, hang or broken invariant is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/capture.h"
#include "celltriage/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* size: the input's bytes. A packet gives at most 64 SCTP chunks' messages;
 * messages put together from several packets (IP fragments, TCP streams,
 * SCTP fragments) take at least a byte of the input each. */
static void
check(const struct ct_capture *cap, size_t size)
{
	if (cap->messages > 64 * (cap->packets + 1) + size || cap->nmsgs > cap->messages)
		__builtin_trap();
	for (size_t i = 0; i < cap->ncauses; i++) {
		const struct ct_cap_cause *c = &cap->causes[i];

		if (c->frame < 1 || c->frame > cap->packets || c->sub >= (int)cap->nsubs)
			__builtin_trap();
	}
	for (size_t i = 0; i < cap->nmsgs; i++)
		if (cap->msgs[i].sub >= (int)cap->nsubs ||
		    (cap->msgs[i].ncause >= 0 &&
		     (size_t)cap->msgs[i].ncause + (size_t)cap->msgs[i].nc > cap->ncauses))
			__builtin_trap();
}

/* What writer fn makes of cap, in a malloc'd string (*n bytes). */
static char *
render(const struct ct_capture *cap, int csv, size_t *n)
{
	char *s = NULL;
	FILE *f = open_memstream(&s, n);

	if (!f)
		__builtin_trap();
	if (csv)
		ct_capture_write_csv(f, cap, NULL, 1);
	else
		ct_capture_write_json(f, cap, NULL);
	fclose(f);
	return s;
}

/* Reads the same bytes again with flags and checks the outputs match. */
static void
spilled(const uint8_t *data, size_t size, unsigned flags, const char *want, size_t wn, int csv)
{
	struct ct_capture cap;
	struct ct_err err;
	char *got;
	size_t gn;
	FILE *fp = fmemopen((void *)(uintptr_t)data, size, "rb");

	if (!fp)
		return;
	if (ct_capture_read_fp(fp, "fuzz.pcap", flags, NULL, &cap, &err) != 0)
		__builtin_trap(); /* it was readable a moment ago */
	got = render(&cap, csv, &gn);
	if (gn != wn || memcmp(got, want, wn) != 0)
		__builtin_trap();
	free(got);
	ct_capture_free(&cap);
}

/* The same bytes with SBI ports named (capture.sbi_ports: 80, 7777,
 * 8080): TCP on them is taken up as HTTP without the content test. No
 * crash, no leak; the result may differ from the first read. */
static void
with_sbi_ports(const uint8_t *data, size_t size)
{
	static const unsigned ports[] = { 80, 7777, 8080 };
	struct ct_capture_opts opts;
	struct ct_capture cap;
	struct ct_err err;
	FILE *fp = fmemopen((void *)(uintptr_t)data, size, "rb");

	if (!fp)
		return;
	memset(&opts, 0, sizeof(opts));
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		opts.sbi_port[ports[i] / 8] |= (unsigned char)(1u << (ports[i] % 8));
	if (ct_capture_read_fp(fp, "fuzz.pcap", CT_CAP_KEEP_MESSAGES, &opts, &cap, &err) != 0)
		__builtin_trap(); /* it was readable a moment ago */
	check(&cap, size);
	ct_capture_free(&cap);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_capture cap;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_err err;
	json_t *o;
	FILE *fp;

	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	fp = fmemopen((void *)(uintptr_t)data, size, "rb");
	if (!fp)
		return 0;
	if (ct_capture_read_fp(fp, "fuzz.pcap", CT_CAP_KEEP_MESSAGES, NULL, &cap, &err) != 0)
		return 0;
	check(&cap, size);
	o = ct_capture_to_json(&cap, NULL);
	{
		char *ref = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER), *js, *csv;
		size_t jn, cn;

		js = render(&cap, 0, &jn);
		if (!ref || jn != strlen(ref) + 1 || memcmp(js, ref, jn - 1) != 0 || js[jn - 1] != '\n')
			__builtin_trap();
		csv = render(&cap, 1, &cn);
		spilled(data, size, CT_CAP_SPILL, js, jn, 0);
		spilled(data, size, CT_CAP_SPILL | CT_CAP_FAILURES_ONLY, csv, cn, 1);
		spilled(data, size, CT_CAP_SPILL | CT_CAP_READAHEAD, js, jn, 0);
		ct_capture_set_chunk(1); /* every packet a chunk: the most merging */
		spilled(data, size, CT_CAP_SPILL | CT_CAP_WORKERS(2), js, jn, 0);
		spilled(data, size, CT_CAP_SPILL | CT_CAP_FAILURES_ONLY | CT_CAP_WORKERS(2), csv, cn, 1);
		ct_capture_set_chunk(0);
		free(ref);
		free(js);
		free(csv);
	}
	json_decref(o);
	with_sbi_ports(data, size);
	ct_capture_text(&b, &cap, NULL);
	ct_capture_csv(&b, &cap, NULL, 1);
	for (size_t i = 0; i < cap.nsubs && i < 4; i++) {
		ct_ladder_text(&b, &cap, (int)i);
		json_decref(ct_ladder_to_json(&cap, (int)i));
	}
	ct_buf_free(&b);
	ct_capture_free(&cap);
	return 0;
}
