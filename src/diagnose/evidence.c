/*
 * evidence.c — joins evidence files to a complaint (evidence.h).
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/evidence.h"

static int
same_number(const char *a, const char *b)
{
	/* MSISDNs come with and without the country code: compare the last
	 * 11 digits when both are long enough (the national number). */
	size_t la = strlen(a), lb = strlen(b), n = 11;

	if (!la || !lb)
		return 0;
	if (la < n || lb < n)
		return strcmp(a, b) == 0;
	return strcmp(a + la - n, b + lb - n) == 0;
}

size_t
ct_evidence_add_capture(struct ct_complaint *c, const struct ct_capture *cap)
{
	int sub = -1;
	size_t added = 0;

	for (size_t i = 0; i < cap->nsubs && sub < 0; i++) {
		const struct ct_cap_sub *s = &cap->subs[i];

		if ((c->imsi && s->imsi[0] && strcmp(c->imsi, s->imsi) == 0) ||
		    (c->msisdn && s->msisdn[0] && same_number(c->msisdn, s->msisdn)))
			sub = (int)i;
	}
	c->has_sig = 1;
	if (sub < 0 && cap->nsubs > 1 && !cap->phone_side)
		return 0;
	for (size_t i = 0; i < cap->ncauses; i++) {
		const struct ct_cap_cause *k = &cap->causes[i];
		struct ct_sigcause *s;
		char src[512];

		if (!k->failure || (sub >= 0 && !cap->phone_side && k->sub != sub))
			continue;
		c->sig = ct_xgrow(c->sig, c->nsig + 1, &c->capsig, sizeof(*c->sig));
		s = &c->sig[c->nsig++];
		s->family = (int)k->family;
		s->group = (int)k->group;
		s->cause = (long)k->value;
		snprintf(src, sizeof(src), "%s frame %llu", cap->file, (unsigned long long)k->frame);
		s->source = ct_xstrdup(src);
		added++;
	}
	return added;
}

enum ct_evkind
ct_evidence_sniff(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return CT_EV_UNKNOWN;
	n = fread(m, 1, sizeof(m), f);
	fclose(f);
	if (n < 4)
		return CT_EV_UNKNOWN;
	/* pcap magic in either byte order, micro- (a1b2c3d4) or nanosecond
	 * (a1b23c4d) timestamps, and the pcapng Section Header Block type. */
	if ((m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0xc3 && m[3] == 0xd4) ||
	    (m[0] == 0xd4 && m[1] == 0xc3 && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0x3c && m[3] == 0x4d) ||
	    (m[0] == 0x4d && m[1] == 0x3c && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a))
		return CT_EV_CAPTURE;
	return CT_EV_UNKNOWN;
}
