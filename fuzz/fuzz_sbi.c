/* fuzz_sbi.c — libFuzzer target for ct_decode_sbi (decode.h) on arbitrary
 * bytes, and ct_http1_frame_len's framing of them as a TCP stream (its
 * messages paired by ct_http1_message as two directions'): no
 * crash, no read outside the input, no leak (the JSON trees are freed),
 * and a consistent result. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_dissect.h"

static void
emit(void *arg, const uint8_t *p, size_t n)
{
	struct ct_dissect d;

	(void)arg;
	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_sbi(p, n, &d), &d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	size_t off = 0;
	unsigned frames = 0;
	struct ct_http1_dir *dir[2] = { ct_http1_dir_new(), ct_http1_dir_new() };

	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_sbi(data, size, &d), &d);
	(void)ct_http1_sniff(data, size);
	while (off < size && frames++ < 1000) {
		size_t n = ct_http1_frame_len(data + off, size - off);

		if (n == 0 || n == (size_t)-1)
			break;
		if (n > size - off) /* framing must never claim bytes it was not given */
			__builtin_trap();
		ct_dissect_reset(&d);
		fuzz_dissect_check(ct_decode_sbi(data + off, n, &d), &d);
		/* the same messages as two directions' requests and responses */
		if (dir[0] && dir[1])
			ct_http1_message(dir[frames & 1], dir[(frames & 1) ^ 1], data + off, n, emit,
					 NULL);
		off += n;
	}
	ct_http1_dir_free(dir[0]);
	ct_http1_dir_free(dir[1]);
	return 0;
}
