/*
 * nas_common.h — pieces the EPS and 5GS NAS decoders share (private to
 * src/decode/): the optional-IE walker of TS 24.007 11.2.1.1 / TS 24.301
 * 9.4 / TS 24.501 9.4, and nesting of one decoder's message inside another.
 */
#ifndef CELLTRIAGE_DECODE_NAS_COMMON_H
#define CELLTRIAGE_DECODE_NAS_COMMON_H

#include <stdint.h>
#include <string.h>

#include "celltriage/cursor.h"
#include "celltriage/dissect.h"

/* Four octets already taken through the cursor (a TMSI inside a mobile
 * identity), as a big-endian number. */
static inline uint32_t
ct_nas_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A fixed-length TV IE of a message: its IEI and its length with the IEI. */
struct ct_nas_tv {
	uint8_t iei;
	uint8_t len;
};

/*
 * Reads the next optional IE of a message body. The format follows from the
 * IEI (TS 24.007 11.2.1.1.2 and the two NAS specs' conventions):
 *   0x80-0xFF   type 1 / type 2, one octet (value in the low nibble)
 *   in tv[]     TV of the listed fixed length
 *   0x70-0x7F   TLV-E (two-octet length)
 *   otherwise   TLV (one-octet length)
 * Returns 1 with *iei and the value split off as val (empty for one-octet
 * IEs), or 0 at the end of the body or when the cursor failed (truncated).
 * tv is terminated by {0, 0}.
 */
static inline int
ct_nas_next_ie(struct ct_cur *c, const struct ct_nas_tv *tv, uint8_t *iei,
	       struct ct_cur *val)
{
	size_t n;

	if (!ct_cur_ok(c) || ct_cur_left(c) == 0)
		return 0;
	*iei = ct_cur_u8(c);
	if (*iei >= 0x80) {
		ct_cur_init(val, (const uint8_t *)"", 0);
		return 1;
	}
	for (; tv && tv->iei; tv++)
		if (tv->iei == *iei) {
			ct_cur_sub(c, tv->len - 1u, val);
			return ct_cur_ok(c);
		}
	n = (*iei & 0xf0) == 0x70 ? ct_cur_be16(c) : ct_cur_u8(c);
	ct_cur_sub(c, n, val);
	return ct_cur_ok(c);
}

/* The message name and protocol to put back after an inner decode that
 * found no cause (dissect.h: `message` is the innermost message that
 * carried a cause, or the outermost). */
struct ct_nas_saved {
	char message[sizeof(((struct ct_dissect *)0)->message)];
	const char *protocol;
	unsigned ncauses, nids, dropped;
};

static inline void
ct_nas_save(const struct ct_dissect *d, struct ct_nas_saved *s)
{
	memcpy(s->message, d->message, sizeof(s->message));
	s->protocol = d->protocol;
	s->ncauses = d->ncauses;
	s->nids = d->nids;
	s->dropped = d->dropped;
}

/* Everything an inner decode added taken back (a decode that proved the
 * bytes were not what was tried). */
static inline void
ct_nas_undo(struct ct_dissect *d, const struct ct_nas_saved *s)
{
	memcpy(d->message, s->message, sizeof(s->message));
	d->protocol = s->protocol;
	d->ncauses = s->ncauses;
	d->nids = s->nids;
	d->dropped = s->dropped;
}

/*
 * A message "integrity protected and ciphered" (security header type 2 or
 * 4; TS 24.301 §9.3.1, TS 24.501 §9.3.1) is read as plain when its body,
 * after the MAC and sequence number, decodes whole and without fault as a
 * plain NAS message: what the null ciphering algorithm EEA0 / NEA0 leaves
 * (TS 33.401 §5.1.3.2, TS 33.501 §5.11.1.1: the ciphertext is the
 * plaintext). A real cipher's output passing that (the right protocol
 * discriminator with security header type 0, a known message type, every
 * IE's length consistent) is a chance of well under one in ten thousand.
 * Decided by the bytes, not by the UE's security mode command: a per-UE
 * context would have to follow the subscriber across the chunks the
 * capture reader decodes side by side. Returns CT_DEC_OK when read so;
 * otherwise everything the try added is undone and the message is counted
 * ciphered, as before.
 */
static inline enum ct_dec_status
ct_nas_null_cipher(struct ct_cur *body, struct ct_dissect *d,
		   enum ct_dec_status (*decode)(struct ct_cur *, struct ct_dissect *, int))
{
	struct ct_nas_saved s;
	enum ct_dec_status st;

	ct_nas_save(d, &s);
	st = decode(body, d, 1);
	if (st == CT_DEC_OK && ct_cur_ok(body))
		return CT_DEC_OK;
	ct_nas_undo(d, &s);
	if (d->message[0] == '\0')
		ct_dissect_set_message(d, "Ciphered message");
	d->ciphered = 1;
	return CT_DEC_CIPHERED;
}

static inline void
ct_nas_restore(struct ct_dissect *d, const struct ct_nas_saved *s)
{
	/* a cause was found if one was added, or dropped for lack of room
	 * (dropped also counts identities, so only when the causes are full) */
	int found = d->ncauses != s->ncauses ||
		    (d->ncauses == CT_DISSECT_MAX_CAUSES && d->dropped != s->dropped);

	d->protocol = s->protocol;
	if (!found)
		memcpy(d->message, s->message, sizeof(s->message));
}

/*
 * The NAS message inside an S1AP, NGAP or RANAP NAS-PDU (pdu, the octet
 * string's value) through decode with the same d: the outer message keeps
 * its protocol and name unless the NAS message gave a cause. The NAS
 * status when it is one the caller reports (truncated, malformed); a
 * ciphered or unsupported one is named by d->ciphered / its name, not
 * reported.
 */
static inline enum ct_dec_status
ct_nas_inner(const struct ct_cur *pdu, struct ct_dissect *d,
	     enum ct_dec_status (*decode)(const uint8_t *, size_t, struct ct_dissect *))
{
	struct ct_nas_saved s;
	enum ct_dec_status st;

	ct_nas_save(d, &s);
	st = decode(pdu->p, pdu->len, d);
	ct_nas_restore(d, &s);
	return st == CT_DEC_CIPHERED || st == CT_DEC_UNSUPPORTED ? CT_DEC_OK : st;
}

/* An LV (1-octet length) or LV-E (2-octet length) mandatory IE. */
static inline void
ct_nas_lv(struct ct_cur *c, struct ct_cur *val, int ext)
{
	size_t n = ext ? ct_cur_be16(c) : ct_cur_u8(c);

	ct_cur_sub(c, n, val);
}

/* The worse of an outer and an inner status: the outer one's first. */
static inline enum ct_dec_status
ct_nas_worse(enum ct_dec_status outer, enum ct_dec_status inner)
{
	return outer != CT_DEC_OK ? outer : inner;
}

/* A NAS cause: no group (TS 24.301 / 24.501 causes are one octet). Judged
 * by the family's failure rule; ct_nas_add_info for a cause an accept
 * carries for information, never a failure. */
static inline void
ct_nas_add_cause(struct ct_dissect *d, enum ct_family fam, uint32_t value)
{
	ct_dissect_add_cause(d, fam, CT_CG_NONE, value, NULL);
}

static inline void
ct_nas_add_info(struct ct_dissect *d, enum ct_family fam, uint32_t value)
{
	ct_dissect_add_info(d, fam, CT_CG_NONE, value, NULL);
}

#endif
