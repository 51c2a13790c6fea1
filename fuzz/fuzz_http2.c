/* fuzz_http2.c — libFuzzer target for the HTTP/2 reader (decode.h
 * ct_http2_*): the input is two directions of a connection, interleaved
 * by its first byte's bits, cut into frames by ct_http2_frame_len and
 * read through each direction's HPACK table and streams; every message
 * they give is decoded by ct_decode_sbi. No crash, no read outside the
 * input, no leak, bounded memory, and a consistent result. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

static void
emit(void *arg, const struct ct_http2_mark *at, const uint8_t *p, size_t n)
{
	struct ct_dissect d;

	(void)arg;
	(void)at;
	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_sbi(p, n, &d), &d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_http2_dir *dir[2];
	struct ct_http2_mark at = { 0, 0, 0 };
	size_t off[2], end[2];
	unsigned frames = 0;
	uint8_t pick;

	if (size < 3)
		return 0;
	pick = data[0];
	/* data[1]: where the second direction's bytes start */
	off[0] = 2;
	end[0] = 2 + (size - 2) * data[1] / 256;
	off[1] = end[0];
	end[1] = size;
	dir[0] = ct_http2_dir_new();
	dir[1] = ct_http2_dir_new();
	if (!dir[0] || !dir[1])
		__builtin_trap();
	(void)ct_http2_sniff(data + 2, size - 2);
	(void)ct_http2_starts(data + 2, size - 2);
	while (frames < 2000) {
		unsigned k = (pick >> (frames++ % 8)) & 1;
		size_t n;
		enum ct_dec_status st;

		if (off[k] >= end[k])
			k ^= 1;
		if (off[k] >= end[k])
			break;
		n = ct_http2_frame_len(data + off[k], end[k] - off[k]);
		if (n == 0 || n == (size_t)-1) {
			off[k] = end[k];
			continue;
		}
		if (n > end[k] - off[k])
			__builtin_trap();
		at.frame = frames;
		st = ct_http2_frame(dir[k], dir[k ^ 1], &at, data + off[k], n, emit, NULL);
		if (st > CT_DEC_NOT_REASSEMBLED)
			__builtin_trap();
		off[k] += n;
	}
	ct_http2_flush(dir[0], dir[1], emit, NULL);
	ct_http2_flush(dir[1], dir[0], emit, NULL);
	ct_http2_dir_free(dir[0]);
	ct_http2_dir_free(dir[1]);
	return 0;
}
