/*
 * ss7.h — what the SS7 decoders share (private to src/decode/): the
 * pointer to a variable part, as SCCP (Q.713 §2.3) and ISUP (Q.763 §1.4)
 * both lay out their messages, and a BER reader for TCAP (X.690 §8.1).
 */
#ifndef CELLTRIAGE_DECODE_SS7_H
#define CELLTRIAGE_DECODE_SS7_H

#include <stdint.h>

#include "celltriage/cursor.h"

/*
 * Reads the one-octet pointer at c's position (c moves past it) and
 * returns 1 with *out the part it points to: a mandatory variable part's
 * value (its length octet read), or, with optional set, the optional part
 * to the end of the message. Returns 0 when the pointer is 0 (an absent
 * part), or when the part is not all there (c is then marked truncated).
 * The pointer counts from its own octet.
 */
int ct_ss7_pointed(struct ct_cur *c, struct ct_cur *out, int optional);

/* One BER TLV (X.690 §8.1): the identifier octets and the value. */
struct ct_ber {
	unsigned cls;        /* 0 universal, 1 application, 2 context, 3 private */
	int constructed;
	uint32_t tag;        /* the tag number (high-tag-number form read, < 2^28) */
	uint8_t id;          /* the first identifier octet, e.g. 0x62 for a TCAP Begin */
	struct ct_cur val;   /* the contents */
};

/*
 * Reads the next TLV of c into *t; 1, or 0 when c is at its end or the
 * TLV does not fit (c is then marked truncated or invalid). Definite
 * lengths up to 4 octets; the indefinite form (0x80, constructed only) is
 * taken to run to the end of c, less its two end-of-contents octets.
 */
int ct_ber_next(struct ct_cur *c, struct ct_ber *t);

/* A BER INTEGER's contents (1..4 octets, two's complement) into *v; 0 when
 * it is empty or longer (the cursor is then marked invalid). */
int ct_ber_int(struct ct_cur *val, int32_t *v);

#endif
