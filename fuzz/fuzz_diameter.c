/* fuzz_diameter.c — libFuzzer target: ct_decode_diameter on arbitrary bytes
 * and ct_diameter_frame_len's framing of them as a TCP stream.
 * Any crash, sanitizer report, hang or broken invariant is a bug. */
#include <stddef.h>
#include <stdint.h>

#include "celltriage/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Names every cause the decoder reported: the tables must answer for any value. */
static void
name_causes(const struct ct_dissect *d)
{
	char buf[64];
	unsigned i;

	if (d->ncauses > CT_DISSECT_MAX_CAUSES || d->nids > CT_DISSECT_MAX_IDS)
		__builtin_trap();
	for (i = 0; i < d->ncauses; i++)
		if (!ct_cause_name(d->causes[i].family, d->causes[i].group,
				   d->causes[i].value, buf, sizeof(buf)))
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dissect d;
	size_t off = 0;
	unsigned frames = 0;

	ct_dissect_reset(&d);
	(void)ct_decode_diameter(data, size, &d);
	name_causes(&d);

	/* Frame the input as a stream; every frame is decoded on its own. */
	while (off < size && frames++ < 1000) {
		size_t n = ct_diameter_frame_len(data + off, size - off);

		if (n == 0 || n == (size_t)-1)
			break;
		if (n > size - off) /* framing must never claim bytes it was not given */
			__builtin_trap();
		ct_dissect_reset(&d);
		(void)ct_decode_diameter(data + off, n, &d);
		name_causes(&d);
		off += n;
	}
	return 0;
}
