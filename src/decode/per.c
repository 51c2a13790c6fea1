/*
 * per.c — ALIGNED PER primitives, ITU-T X.691 (02/2021), clauses 11 and 14.
 *
 * Only the subset the S1AP (TS 36.413) and NGAP (TS 38.413) PDUs use: the
 * protocol containers are SEQUENCEs of {id, criticality, open type}, so a
 * decoder needs whole numbers, bits, enumerations and lengths.
 *
 *   constrained whole number, range r = ub - lb + 1 (11.5.7):
 *     r == 1         no bits
 *     r <= 255       ceil(log2 r) bits, not aligned
 *     r == 256       | align | 8 bits |
 *     r <= 65536     | align | 16 bits |
 *     r >  65536     | len-1 in ceil(log2 n) bits | align | len octets |
 *                    (n = octets needed for r - 1)
 *
 *   length determinant (11.9.3), always aligned:
 *     0xxxxxxx                  0..127
 *     10xxxxxx xxxxxxxx         0..16383
 *     11xxxxxx                  fragment of xxxxxx * 16K octets (refused)
 */
#include <stdio.h>

#include "celltriage/per.h"

/* Bits needed to hold values 0..n-1 (n >= 1). */
static unsigned
bits_for_range(uint64_t n)
{
	/* the bit length of n - 1: every constrained number asks (a loop
	 * over the bits was a tenth of ct_per_constrained) */
	return n <= 1 ? 0 : 64u - (unsigned)__builtin_clzll(n - 1);
}

/* Octets needed to hold v (at least 1). */
static unsigned
octets_for(uint64_t v)
{
	unsigned n = 1;

	while (n < 8 && (v >> (8 * n)) != 0)
		n++;
	return n;
}

uint32_t
ct_per_bit(struct ct_cur *c)
{
	return ct_cur_bits(c, 1);
}

uint64_t
ct_per_constrained(struct ct_cur *c, uint64_t lb, uint64_t ub)
{
	uint64_t range, v = 0;
	unsigned nmax, len, i;

	if (ub < lb || ub - lb >= ((uint64_t)1 << 63)) {
		ct_cur_invalid(c);
		return 0;
	}
	range = ub - lb + 1;
	if (range == 1)
		return lb;
	if (range <= 255) {
		v = ct_cur_bits(c, bits_for_range(range));
	} else if (range == 256) {
		ct_cur_align(c);
		v = ct_cur_u8(c);
	} else if (range <= 65536) {
		ct_cur_align(c);
		v = ct_cur_be16(c);
	} else {
		/* 11.5.7.4: the octet count is itself a constrained number 1..nmax. */
		nmax = octets_for(range - 1);
		len = (unsigned)ct_cur_bits(c, bits_for_range(nmax)) + 1;
		ct_cur_align(c);
		if (len > nmax) {
			ct_cur_invalid(c);
			return 0;
		}
		for (i = 0; i < len; i++)
			v = v << 8 | ct_cur_u8(c);
	}
	if (!ct_cur_ok(c))
		return 0;
	if (v > ub - lb) {
		ct_cur_invalid(c);
		return 0;
	}
	return lb + v;
}

uint32_t
ct_per_enum(struct ct_cur *c, uint32_t nroot, int extensible)
{
	uint32_t v;
	size_t len;

	if (extensible && ct_per_bit(c)) {
		/* 11.6: normally small non-negative whole number. */
		if (!ct_per_bit(c))
			return nroot + ct_cur_bits(c, 6);
		/* >= 64: semi-constrained, a length and up to 4 octets. */
		if (ct_per_length(c, &len) != CT_DEC_OK)
			return 0;
		if (len == 0 || len > 4) {
			ct_cur_invalid(c);
			return 0;
		}
		v = 0;
		while (len--)
			v = v << 8 | ct_cur_u8(c);
		return nroot + v;
	}
	if (nroot == 0) {
		ct_cur_invalid(c);
		return 0;
	}
	v = (uint32_t)ct_per_constrained(c, 0, nroot - 1);
	return v;
}

/* The length determinant's value, whatever it counts (octets, bits, items). */
static enum ct_dec_status
length_value(struct ct_cur *c, size_t *len)
{
	uint8_t b;

	*len = 0;
	ct_cur_align(c);
	b = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	if ((b & 0x80) == 0) {
		*len = b;
	} else if ((b & 0xc0) == 0x80) {
		*len = (size_t)(b & 0x3f) << 8 | ct_cur_u8(c);
		if (!ct_cur_ok(c)) {
			*len = 0;
			return ct_cur_status(c);
		}
	} else {
		/* 11.9.3.8 fragmentation: lengths of 16K and more. No S1AP or
		 * NGAP message we decode needs it, so it is refused. */
		ct_cur_invalid(c);
		return CT_DEC_UNSUPPORTED;
	}
	return CT_DEC_OK;
}

enum ct_dec_status
ct_per_length(struct ct_cur *c, size_t *len)
{
	enum ct_dec_status st;
	size_t n;

	st = length_value(c, &n);
	*len = 0;
	if (st != CT_DEC_OK)
		return st;
	if (n > ct_cur_left(c)) {
		c->truncated = 1;
		return CT_DEC_TRUNCATED;
	}
	*len = n;
	return CT_DEC_OK;
}

enum ct_dec_status
ct_per_open_type(struct ct_cur *c, struct ct_cur *sub)
{
	size_t n;
	enum ct_dec_status st = ct_per_length(c, &n);

	if (st != CT_DEC_OK) {
		ct_cur_init(sub, (const uint8_t *)"", 0);
		sub->truncated = 1;
		return st;
	}
	ct_cur_sub(c, n, sub);
	return ct_cur_status(sub);
}

void
ct_per_skip_bits(struct ct_cur *c, unsigned lb, unsigned ub, int extensible)
{
	size_t n;

	if (extensible && ct_per_bit(c)) {
		/* 16.11 with no effective constraint: a length determinant. */
		if (length_value(c, &n) != CT_DEC_OK)
			return;
	} else {
		n = (size_t)ct_per_constrained(c, lb, ub);
		if (!ct_cur_ok(c))
			return;
		if (n > 0)       /* 16.11: the bits octet-aligned */
			ct_cur_align(c);
	}
	ct_cur_skip(c, n / 8);
	(void)ct_cur_bits(c, (unsigned)(n % 8));
}

void
ct_per_skip_ie_extensions(struct ct_cur *c)
{
	struct ct_cur v;
	unsigned n, i;

	n = (unsigned)ct_per_constrained(c, 1, 65535);
	for (i = 0; i < n && ct_cur_ok(c); i++) {
		(void)ct_per_constrained(c, 0, 65535); /* id */
		(void)ct_per_enum(c, 3, 0);            /* criticality */
		(void)ct_per_open_type(c, &v);         /* extensionValue */
	}
}

void
ct_per_skip_additions(struct ct_cur *c)
{
	struct ct_cur v;
	size_t n, i;

	/* 11.9.3.4: normally small length, n - 1 in 6 bits when n <= 64. */
	if (!ct_per_bit(c))
		n = ct_cur_bits(c, 6) + 1;
	else if (length_value(c, &n) != CT_DEC_OK)
		return;
	if (n == 0) {
		ct_cur_invalid(c);
		return;
	}
	/* The presence bitmap first, then the open types of the present
	 * ones in order: count them, then skip that many. */
	{
		size_t present = 0;

		for (i = 0; i < n && ct_cur_ok(c); i++)
			present += ct_per_bit(c);
		for (i = 0; i < present && ct_cur_ok(c); i++)
			(void)ct_per_open_type(c, &v);
	}
}

/* ---- the S1AP / NGAP frame (per.h) ------------------------------------ */

static const char *const ap_kinds[4] = {
	"initiatingMessage", "successfulOutcome", "unsuccessfulOutcome", "outcome"
};

static void
ap_message_name(struct ct_dissect *d, const struct ct_ap_def *def, unsigned code, unsigned kind)
{
	char buf[64];

	for (size_t i = 0; i < def->nprocs; i++)
		if (def->procs[i].code == code && def->procs[i].msg[kind]) {
			ct_dissect_set_message(d, def->procs[i].msg[kind]);
			return;
		}
	snprintf(buf, sizeof(buf), "%s procedure %u %s", def->title, code, ap_kinds[kind]);
	ct_dissect_set_message(d, buf);
}

enum ct_dec_status
ct_per_ap_decode(const uint8_t *p, size_t len, struct ct_dissect *d, const struct ct_ap_def *def)
{
	struct ct_cur c, msg, v;
	enum ct_dec_status st, inner = CT_DEC_OK;
	unsigned kind, code, count, i, id, nkinds = def->nkinds ? def->nkinds : 3;

	ct_cur_init(&c, p, len);
	d->protocol = def->protocol;
	if (ct_per_bit(&c)) /* an extension alternative of the PDU CHOICE */
		return ct_cur_ok(&c) ? CT_DEC_UNSUPPORTED : ct_cur_status(&c);
	kind = ct_cur_bits(&c, 2);
	if (ct_cur_ok(&c) && kind >= nkinds)
		ct_cur_invalid(&c);
	code = (unsigned)ct_per_constrained(&c, 0, 255);
	(void)ct_per_enum(&c, 3, 0); /* criticality: reject, ignore, notify */
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	d->procedure = code;
	d->is_request = kind == 0;
	ap_message_name(d, def, code, kind);
	st = ct_per_open_type(&c, &msg);
	if (st != CT_DEC_OK)
		return st;
	if (code == def->private_code) /* a PrivateIE-Container, not decoded */
		return CT_DEC_OK;

	/* The message: SEQUENCE { protocolIEs ProtocolIE-Container, ... } */
	(void)ct_per_bit(&msg);
	count = (unsigned)ct_per_constrained(&msg, 0, 65535);
	for (i = 0; i < count && ct_cur_ok(&msg); i++) {
		id = (unsigned)ct_per_constrained(&msg, 0, 65535);
		(void)ct_per_enum(&msg, 3, 0);
		st = ct_per_open_type(&msg, &v);
		if (st != CT_DEC_OK)
			return st;
		st = def->ie(id, &v, d);
		/* the open type was complete: a value that runs past it or
		 * breaks its constraints is malformed, not truncated */
		if (!ct_cur_ok(&v))
			return CT_DEC_MALFORMED;
		if (inner == CT_DEC_OK)
			inner = st;
	}
	if (!ct_cur_ok(&msg))
		return ct_cur_status(&msg);
	return inner;
}
