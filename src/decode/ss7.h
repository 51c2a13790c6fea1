/*
 * ss7.h — what the SS7 decoders share (private to src/decode/): the
 * pointer to a variable part, as SCCP (Q.713 §2.3) and ISUP (Q.763 §1.4)
 * both lay out their messages, the SIGTRAN common header and parameters
 * (M3UA RFC 4666 §3.1-3.2, M2UA RFC 3331 §3.1; M2PA RFC 4165 §2.1 shares
 * the header), and a BER reader for TCAP (X.690 §8.1).
 */
#ifndef CELLTRIAGE_DECODE_SS7_H
#define CELLTRIAGE_DECODE_SS7_H

#include <stddef.h>
#include <stdint.h>

#include "celltriage/cursor.h"
#include "celltriage/dissect.h"

/*
 * Reads the one-octet pointer at c's position (c moves past it) and
 * returns 1 with *out the part it points to: a mandatory variable part's
 * value (its length octet read), or, with optional set, the optional part
 * to the end of the message. Returns 0 when the pointer is 0 (an absent
 * part), or when the part is not all there (c is then marked truncated).
 * The pointer counts from its own octet.
 */
int ct_ss7_pointed(struct ct_cur *c, struct ct_cur *out, int optional);

/*
 * The SIGTRAN common header: | version (1) = 1 | reserved (1) | class (1) |
 * | type (1) | length (4), header included |. Fills *cls and *type and
 * splits the rest of the message off as *body; returns CT_DEC_OK, or
 * CT_DEC_TRUNCATED / CT_DEC_MALFORMED (a version other than 1, a length
 * below the header's).
 */
enum ct_dec_status ct_sigtran_header(struct ct_cur *c, uint8_t *cls, uint8_t *type,
				     struct ct_cur *body);

/*
 * The next parameter of body: | tag (2) | length (2), tag and length
 * included | value | padding to 4 octets (the last one's may be absent) |.
 * Returns 1 with *tag and *val, 0 at the end (fewer than 4 octets left), or
 * -1 when the length is below 4 or runs past the message (body is then
 * marked invalid or truncated).
 */
int ct_sigtran_param(struct ct_cur *body, uint16_t *tag, struct ct_cur *val);

/*
 * What SCCP (sccp.c) and SUA (sua.c) share: the hand-over of an SCCP
 * user's data and of a message's segments.
 *
 * ct_sccp_payload decodes the user data by subsystem ssn (0 unknown):
 * 254 BSSAP, 142 RANAP, the MAP/CAMEL subsystems TCAP; a connection's data
 * (connectionless 0) names no subsystem and is recognised by its first
 * octets. Data for another subsystem is CT_DEC_UNSUPPORTED.
 */
enum ct_dec_status ct_sccp_payload(const struct ct_cur *data, unsigned ssn, int connectionless,
				   struct ct_dissect *d);
/* A party address as part of a segment's key: | length | octets |, at
 * most 32 of them (a longer one is cut: the key only has to tell the
 * messages being put together apart). The caller leaves room for it. */
void ct_sccp_key_address(struct ct_sccp_segment *seg, const struct ct_cur *a);
/* A segment (seg's key and place filled in) with its data to d's hook,
 * CT_DEC_OK with d's message set to message; without a hook,
 * CT_DEC_NOT_REASSEMBLED. The capture decodes the message put together
 * with ct_decode_sccp_data (decode.h). */
enum ct_dec_status ct_sccp_segment_out(struct ct_sccp_segment *seg, const struct ct_cur *data,
				       unsigned ssn, const char *message, struct ct_dissect *d);

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

/* 1 when p[0..len) starts with an ANSI TCAP package type (T1.114 §3.1:
 * private constructed 0xe1-0xe6, Abort 0xf6) rather than an ITU TCAP
 * message type (Q.773: application 0x61-0x67). */
static inline int
ct_tcap_is_ansi(const uint8_t *p, size_t len)
{
	return len && ((p[0] >= 0xe1 && p[0] <= 0xe6) || p[0] == 0xf6);
}

#endif
