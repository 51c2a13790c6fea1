/* fuzz_gtpv2.c — libFuzzer target: ct_decode_gtpv2 on arbitrary bytes
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

	ct_dissect_reset(&d);
	(void)ct_decode_gtpv2(data, size, &d);
	name_causes(&d);
	return 0;
}
