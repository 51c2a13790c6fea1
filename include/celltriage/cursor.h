/*
 * cursor.h — the one bounds-checked reader for untrusted wire bytes.
 *
 * Every decoder reads packets through a struct ct_cur; nothing casts a struct
 * over a packet or assembles integers by hand. A read past the end does not
 * touch memory: it marks the cursor truncated, returns 0, and every later
 * read also returns 0, so a decoder can read a whole header and check
 * ct_cur_ok() once. A decoder that finds a value it cannot accept (a length
 * that points outside its container, a reserved bit set where the spec says
 * "shall be zero" and it matters) calls ct_cur_invalid(): truncated and
 * invalid are reported separately (CT_DEC_TRUNCATED versus CT_DEC_MALFORMED).
 *
 * Bit reads (for ASN.1 PER and GSM bit fields) share the same cursor: `bit`
 * is the bit offset (0 = most significant) inside the byte at `off`.
 */
#ifndef CELLTRIAGE_CURSOR_H
#define CELLTRIAGE_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct ct_cur {
	const uint8_t *p;
	size_t len;      /* bytes available from p */
	size_t off;      /* next byte */
	unsigned bit;    /* next bit inside p[off], 0..7 */
	unsigned char truncated, invalid;
};

/* Decoder results, shared by every decoder in src/decode/. */
enum ct_dec_status {
	CT_DEC_OK = 0,
	CT_DEC_TRUNCATED = 1,   /* the bytes end before the message does */
	CT_DEC_MALFORMED = 2,   /* a value that the specification does not allow */
	CT_DEC_UNSUPPORTED = 3, /* well-formed, but a variant we do not decode */
	CT_DEC_CIPHERED = 4,    /* encrypted (NAS, IPsec): a named blind spot */
	CT_DEC_NOT_REASSEMBLED = 5 /* one segment of a message split by its
				    * protocol (SCCP XUDT segmentation) */
};

static inline void
ct_cur_init(struct ct_cur *c, const uint8_t *p, size_t len)
{
	c->p = p;
	c->len = len;
	c->off = 0;
	c->bit = 0;
	c->truncated = c->invalid = 0;
}

static inline int ct_cur_ok(const struct ct_cur *c) { return !c->truncated && !c->invalid; }
static inline void ct_cur_invalid(struct ct_cur *c) { c->invalid = 1; }

/* Bytes left (0 once the cursor failed). A partly read byte counts as read. */
static inline size_t
ct_cur_left(const struct ct_cur *c)
{
	size_t off = c->off + (c->bit != 0);

	if (!ct_cur_ok(c) || off > c->len)
		return 0;
	return c->len - off;
}

/* Status for a decoder to return once it stops reading. */
static inline enum ct_dec_status
ct_cur_status(const struct ct_cur *c)
{
	return c->truncated ? CT_DEC_TRUNCATED : c->invalid ? CT_DEC_MALFORMED : CT_DEC_OK;
}

/* Reports whether n more bytes can be read; marks the cursor truncated if not. */
static inline int
ct_cur_need(struct ct_cur *c, size_t n)
{
	if (!ct_cur_ok(c))
		return 0;
	if (c->bit) /* byte reads start at the next octet boundary */
		c->off++, c->bit = 0;
	if (c->off > c->len || n > c->len - c->off) {
		c->truncated = 1;
		return 0;
	}
	return 1;
}

static inline uint8_t
ct_cur_u8(struct ct_cur *c)
{
	if (!ct_cur_need(c, 1))
		return 0;
	return c->p[c->off++];
}

static inline uint16_t
ct_cur_be16(struct ct_cur *c)
{
	uint16_t v;

	if (!ct_cur_need(c, 2))
		return 0;
	v = (uint16_t)((uint16_t)c->p[c->off] << 8 | c->p[c->off + 1]);
	c->off += 2;
	return v;
}

static inline uint32_t
ct_cur_be24(struct ct_cur *c)
{
	uint32_t v;

	if (!ct_cur_need(c, 3))
		return 0;
	v = (uint32_t)c->p[c->off] << 16 | (uint32_t)c->p[c->off + 1] << 8 |
	    c->p[c->off + 2];
	c->off += 3;
	return v;
}

static inline uint32_t
ct_cur_be32(struct ct_cur *c)
{
	uint32_t v;

	if (!ct_cur_need(c, 4))
		return 0;
	v = (uint32_t)c->p[c->off] << 24 | (uint32_t)c->p[c->off + 1] << 16 |
	    (uint32_t)c->p[c->off + 2] << 8 | c->p[c->off + 3];
	c->off += 4;
	return v;
}

static inline uint16_t
ct_cur_le16(struct ct_cur *c)
{
	uint16_t v;

	if (!ct_cur_need(c, 2))
		return 0;
	v = (uint16_t)(c->p[c->off] | (uint16_t)c->p[c->off + 1] << 8);
	c->off += 2;
	return v;
}

static inline uint32_t
ct_cur_le32(struct ct_cur *c)
{
	uint32_t v;

	if (!ct_cur_need(c, 4))
		return 0;
	v = (uint32_t)c->p[c->off] | (uint32_t)c->p[c->off + 1] << 8 |
	    (uint32_t)c->p[c->off + 2] << 16 | (uint32_t)c->p[c->off + 3] << 24;
	c->off += 4;
	return v;
}

/* Returns a pointer to the next n bytes and skips them, or NULL (truncated). */
static inline const uint8_t *
ct_cur_bytes(struct ct_cur *c, size_t n)
{
	const uint8_t *q;

	if (!ct_cur_need(c, n))
		return NULL;
	q = c->p + c->off;
	c->off += n;
	return q;
}

static inline void
ct_cur_skip(struct ct_cur *c, size_t n)
{
	(void)ct_cur_bytes(c, n);
}

/*
 * Splits off the next n bytes as a cursor of their own (a TLV's value, an
 * open type), advancing c past them. If they are not all there, c is marked
 * truncated and sub is an empty, truncated cursor.
 */
static inline void
ct_cur_sub(struct ct_cur *c, size_t n, struct ct_cur *sub)
{
	const uint8_t *q = ct_cur_bytes(c, n);

	ct_cur_init(sub, q ? q : (const uint8_t *)"", q ? n : 0);
	if (!q)
		sub->truncated = 1;
}

/* Reads n bits (0..32), most significant first. */
static inline uint32_t
ct_cur_bits(struct ct_cur *c, unsigned n)
{
	uint32_t v = 0;

	if (!ct_cur_ok(c))
		return 0;
	if (n > 32) {
		c->invalid = 1;
		return 0;
	}
	if (c->off < c->len && n <= (c->len - c->off) * 8 - c->bit) {
		/* All n bits are there: up to an octet's worth at a time
		 * (a PER message reads most of its fields this way). */
		while (n) {
			unsigned avail = 8u - c->bit, take = n < avail ? n : avail;

			v = v << take | ((uint32_t)c->p[c->off] >> (avail - take) & ((1u << take) - 1u));
			c->bit += take;
			if (c->bit == 8)
				c->bit = 0, c->off++;
			n -= take;
		}
		return v;
	}
	/* Bits run out on the way: as far as they go, then truncated. */
	while (n--) {
		if (c->off >= c->len) {
			c->truncated = 1;
			return 0;
		}
		v = v << 1 | ((c->p[c->off] >> (7 - c->bit)) & 1u);
		if (++c->bit == 8)
			c->bit = 0, c->off++;
	}
	return v;
}

/* Moves to the next octet boundary (ASN.1 aligned PER padding). */
static inline void
ct_cur_align(struct ct_cur *c)
{
	if (c->bit)
		c->bit = 0, c->off++;
}

#endif
