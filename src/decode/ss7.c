/* ss7.c — the pointers of SCCP and ISUP messages, the SIGTRAN header and
 * parameters, and a BER reader (ss7.h). */
#include "ss7.h"

enum ct_dec_status
ct_sigtran_header(struct ct_cur *c, uint8_t *cls, uint8_t *type, struct ct_cur *body)
{
	uint8_t version = ct_cur_u8(c);
	uint32_t mlen;

	ct_cur_skip(c, 1);
	*cls = ct_cur_u8(c);
	*type = ct_cur_u8(c);
	mlen = ct_cur_be32(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	if (version != 1 || mlen < 8)
		return CT_DEC_MALFORMED;
	if (mlen - 8 > ct_cur_left(c))
		return CT_DEC_TRUNCATED;
	ct_cur_sub(c, mlen - 8, body);
	return CT_DEC_OK;
}

int
ct_sigtran_param(struct ct_cur *body, uint16_t *tag, struct ct_cur *val)
{
	uint16_t plen;
	size_t pad;

	if (ct_cur_left(body) < 4)
		return 0;
	*tag = ct_cur_be16(body);
	plen = ct_cur_be16(body);
	if (plen < 4) {
		ct_cur_invalid(body);
		return -1;
	}
	ct_cur_sub(body, plen - 4u, val);
	if (!ct_cur_ok(body))
		return -1;
	pad = (4 - plen % 4) % 4;
	ct_cur_skip(body, pad < ct_cur_left(body) ? pad : ct_cur_left(body));
	return 1;
}

int
ct_ss7_pointed(struct ct_cur *c, struct ct_cur *out, int optional)
{
	size_t at = c->off;
	uint8_t ptr = ct_cur_u8(c);
	struct ct_cur t;

	if (!ct_cur_ok(c) || ptr == 0)
		return 0;
	if (at + ptr >= c->len) {
		c->truncated = 1;
		return 0;
	}
	ct_cur_init(&t, c->p + at + ptr, c->len - at - ptr);
	if (optional) {
		*out = t;
		return 1;
	}
	ct_cur_sub(&t, ct_cur_u8(&t), out);
	if (!ct_cur_ok(&t)) {
		c->truncated = 1;
		return 0;
	}
	return 1;
}

int
ct_ber_next(struct ct_cur *c, struct ct_ber *t)
{
	uint8_t id, l;
	size_t len = 0;

	if (ct_cur_left(c) == 0)
		return 0;
	id = ct_cur_u8(c);
	t->id = id;
	t->cls = id >> 6;
	t->constructed = (id & 0x20) != 0;
	t->tag = id & 0x1fu;
	if (t->tag == 0x1f) { /* high tag number: base 128, at most 4 octets */
		uint8_t o;
		int n = 0;

		t->tag = 0;
		do {
			o = ct_cur_u8(c);
			t->tag = t->tag << 7 | (o & 0x7fu);
		} while ((o & 0x80) && ++n < 4 && ct_cur_ok(c));
		if (o & 0x80)
			ct_cur_invalid(c);
	}
	l = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return 0;
	if (l == 0x80) {
		/* indefinite (§8.1.3.6): constructed only; the rest of c */
		if (!t->constructed || ct_cur_left(c) < 2) {
			ct_cur_invalid(c);
			return 0;
		}
		ct_cur_sub(c, ct_cur_left(c) - 2, &t->val);
		ct_cur_skip(c, 2);
		return ct_cur_ok(c);
	}
	if (l & 0x80) {
		unsigned n = l & 0x7fu;

		if (n > 4) {
			ct_cur_invalid(c);
			return 0;
		}
		while (n--)
			len = len << 8 | ct_cur_u8(c);
	} else {
		len = l;
	}
	ct_cur_sub(c, len, &t->val);
	return ct_cur_ok(c);
}

int
ct_ber_int(struct ct_cur *val, int32_t *v)
{
	size_t n = ct_cur_left(val);
	uint32_t u;

	if (n == 0 || n > 4) {
		ct_cur_invalid(val);
		return 0;
	}
	u = ct_cur_u8(val);
	if (u & 0x80)
		u |= 0xffffff00u; /* negative: sign-extend */
	while (--n)
		u = u << 8 | ct_cur_u8(val);
	*v = (int32_t)u;
	return ct_cur_ok(val);
}
