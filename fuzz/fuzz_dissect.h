/*
 * fuzz_dissect.h — what every decoder's libFuzzer target checks of the
 * result it got (dissect.h): a status the decoders may give, the causes
 * and identities within their arrays, a NUL-terminated message name, and
 * a name for each cause. A broken promise traps: libFuzzer keeps the input.
 */
#ifndef CELLTRIAGE_FUZZ_DISSECT_H
#define CELLTRIAGE_FUZZ_DISSECT_H

#include <string.h>

#include "celltriage/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_dissect_check(enum ct_dec_status st, const struct ct_dissect *d)
{
	char buf[64];

	if (st > CT_DEC_NOT_REASSEMBLED || d->ncauses > CT_DISSECT_MAX_CAUSES ||
	    d->nids > CT_DISSECT_MAX_IDS || memchr(d->message, '\0', sizeof(d->message)) == NULL)
		__builtin_trap();
	for (unsigned i = 0; i < d->ncauses; i++)
		(void)ct_cause_name(d->causes[i].family, d->causes[i].group, d->causes[i].value,
				    buf, sizeof(buf));
}

#endif
