/* fuzz_capture.c — libFuzzer target: a whole capture file from memory, read
 * by libpcap (fmemopen + pcap_fopen_offline) through the capture pipeline
 * (link, IP, UDP/SCTP/TCP, every decoder, identity linking) and rendered by
 * every output (JSON, text, CSV, each subscriber's ladder).
 * Any crash, sanitizer report, leak, hang or broken invariant is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "celltriage/capture.h"
#include "celltriage/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct ct_capture *cap)
{
	if (cap->messages > 64 * (cap->packets + 1) || cap->nmsgs > cap->messages)
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
	if (ct_capture_read_fp(fp, "fuzz.pcap", CT_CAP_KEEP_MESSAGES, &cap, &err) != 0)
		return 0;
	check(&cap);
	o = ct_capture_to_json(&cap, NULL);
	json_decref(o);
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
