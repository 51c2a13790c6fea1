/*
 * per.h — the ALIGNED PER (ITU-T X.691) primitives S1AP and NGAP need.
 *
 * They read through the bounds-checked cursor (cursor.h) and share its
 * convention: a read past the end marks the cursor truncated and returns 0,
 * a value outside its constraint marks it invalid. Only the lengths (length
 * determinant, open type) can also meet a form we refuse — the fragmented
 * encoding of lengths >= 16K (X.691 11.9.3.8) — so they return an
 * enum ct_dec_status (CT_DEC_UNSUPPORTED then, with the cursor marked
 * invalid so that nothing after it is read).
 *
 * Nothing here allocates; every length read from the input is capped by the
 * bytes left in the cursor before it is used.
 */
#ifndef CELLTRIAGE_PER_H
#define CELLTRIAGE_PER_H

#include <stddef.h>
#include <stdint.h>

#include "celltriage/cursor.h"
#include "celltriage/dissect.h"

/* One bit: an extension bit, an OPTIONAL presence bit. */
uint32_t ct_per_bit(struct ct_cur *c);

/*
 * Constrained whole number lb..ub (X.691 11.5.7, ALIGNED): a bit-field when
 * the range is <= 255, one aligned octet when it is 256, two aligned octets
 * up to 64K, and above that a bit-field length (1..n octets) followed by the
 * aligned octets. ub - lb must be below 2^63. A value above ub marks the
 * cursor invalid.
 */
uint64_t ct_per_constrained(struct ct_cur *c, uint64_t lb, uint64_t ub);

/*
 * ENUMERATED or CHOICE index with nroot root values (X.691 14, 23): when
 * extensible, an extension bit first; a set bit means an extension value,
 * read as a normally small non-negative whole number and returned as
 * nroot + n. A root index >= nroot marks the cursor invalid.
 */
uint32_t ct_per_enum(struct ct_cur *c, uint32_t nroot, int extensible);

/*
 * Unconstrained length determinant (X.691 11.9.3.6-11.9.3.8), octet-aligned.
 * Refuses fragmentation (CT_DEC_UNSUPPORTED) and a length above the bytes
 * left (CT_DEC_TRUNCATED). *len is 0 on failure.
 */
enum ct_dec_status ct_per_length(struct ct_cur *c, size_t *len);

/*
 * Open type (X.691 11.2): a length determinant and that many octets, split
 * off as the cursor sub (c moves past them). On failure sub is an empty
 * cursor marked truncated.
 */
enum ct_dec_status ct_per_open_type(struct ct_cur *c, struct ct_cur *sub);

/* An OCTET STRING with no size constraint: like an open type. */
#define ct_per_octets ct_per_open_type

/*
 * BIT STRING (SIZE (lb..ub[, ...])) with lb < ub < 64K, skipped (X.691 16):
 * an extension bit when extensible; the length in bits as a constrained
 * whole number (an unconstrained length determinant when the extension bit
 * is set); then the bits, octet-aligned (16.11: a size that is not fixed).
 * A TransportLayerAddress (SIZE (1..160, ...)) is read so.
 */
void ct_per_skip_bits(struct ct_cur *c, unsigned lb, unsigned ub, int extensible);

/*
 * The two ways a SEQUENCE of the xxAP specifications grows, skipped:
 *  - ct_per_skip_ie_extensions: its iE-Extensions ProtocolExtensionContainer
 *    (present when its OPTIONAL bit is set): SEQUENCE (SIZE (1..65535)) OF
 *    { id (0..65535), criticality, extensionValue open type };
 *  - ct_per_skip_additions: its extension additions (present after the root
 *    components when the SEQUENCE's extension bit is set, X.691 19.7-19.9):
 *    a normally small length n - 1, n presence bits, an open type for each
 *    present addition.
 * Both are bounded by the bytes left: a count larger than them truncates.
 */
void ct_per_skip_ie_extensions(struct ct_cur *c);
void ct_per_skip_additions(struct ct_cur *c);

/*
 * The frame S1AP (TS 36.413 §9.3), NGAP (TS 38.413 §9.3) and RANAP
 * (TS 25.413 §9.3) share:
 *
 *   xxAP-PDU ::= CHOICE { initiatingMessage, successfulOutcome,
 *                         unsuccessfulOutcome, [outcome (RANAP),] ... }
 *   each: SEQUENCE { procedureCode (0..255), criticality, value open type }
 *   value: SEQUENCE { protocolIEs ProtocolIE-Container, ... }
 *   IE: SEQUENCE { id (0..65535), criticality, value open type }
 *
 * ct_per_ap_decode reads the frame, names the message from the procedure
 * table, and hands every IE's value to def->ie. An IE value that breaks its
 * constraints inside a complete open type is malformed. The status is the
 * frame's, or, when it decoded, the first non-OK status def->ie returned
 * (an inner NAS-PDU's).
 */
struct ct_ap_proc {
	uint8_t code;
	const char *msg[4]; /* initiating, successful, unsuccessful, outcome (RANAP) */
};

struct ct_ap_def {
	const char *protocol;          /* "s1ap", "ngap" (static) */
	const char *title;             /* "S1AP", for unknown procedure names */
	const struct ct_ap_proc *procs;
	size_t nprocs;
	unsigned private_code;         /* PrivateMessage: not decoded */
	enum ct_dec_status (*ie)(unsigned id, struct ct_cur *v, struct ct_dissect *d);
	unsigned nkinds;               /* root alternatives of the PDU: 0 means 3; RANAP 4 */
};

enum ct_dec_status ct_per_ap_decode(const uint8_t *p, size_t len, struct ct_dissect *d,
				    const struct ct_ap_def *def);

#endif
