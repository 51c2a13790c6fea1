/*
 * rlc.c — UMTS RLC, 3GPP TS 25.322 v11 §9.2: the receiving side of
 * unacknowledged (UMD) and acknowledged (AMD) mode, SDUs put together
 * from the PDUs' length indicators. Transparent mode has no header: its
 * PDU is the SDU, and needs no entity.
 *
 *   UMD PDU:  | SN (7) | E (1) | [LI (7 or 15) | E (1)] ... | data | padding |
 *   AMD PDU:  | D/C (1) | SN (12) | P (1) | HE (2) | [LI | E] ... | data |
 *             D/C 0 is a control PDU (STATUS, RESET): no SDU data.
 *             HE 1: length indicators follow; 0: data; 2: data, and the
 *             PDU's last octet ends an SDU (§9.2.2.4).
 *
 * A length indicator (§9.2.2.8) is 7 bits in a PDU of up to 125 (UMD) or
 * 126 (AMD) octets, 15 bits in a longer one; it counts the data octets from
 * the end of the header to the last octet of an SDU. Special values (7-bit
 * form; the 15-bit ones are the same with 0x7f.. in front):
 *   0x00  the SDU of the previous PDU ended exactly at its end
 *   0x7c  (UMD) the data starts an SDU
 *   0x7d  (UMD) the data is one whole SDU
 *   0x7e  (AMD) a piggybacked STATUS follows; (UMD) as 0x7d
 *   0x7f  padding follows
 *
 * Sequence numbers: UMD modulo 128, AMD modulo 4096. A PDU that does not
 * follow the last one (a gap) drops the SDU being put together; an AMD PDU
 * already received (a retransmission) is skipped. The first PDU an entity
 * sees starts an SDU only when it says so (0x7c) or is AMD SN 0.
 */
#include <string.h>

#include "celltriage/cursor.h"
#include "celltriage/decode.h"

#define LI_MAX 64 /* length indicators read per PDU */

void
ct_rlc_init(struct ct_rlc_entity *e, int mode)
{
	e->mode = mode;
	e->started = 0;
	e->have = 0;
	e->next_sn = 0;
	e->len = 0;
	e->dropped = 0;
}

/* The SDU being put together is lost. */
static void
drop(struct ct_rlc_entity *e)
{
	if (e->have && e->len > 0)
		e->dropped++;
	e->have = 0;
	e->len = 0;
}

static void
append(struct ct_rlc_entity *e, const uint8_t *p, size_t n)
{
	if (!e->have)
		return;
	if (n > CT_RLC_SDU_MAX - e->len) {
		e->dropped++;
		e->have = 0;
		e->len = 0;
		return;
	}
	memcpy(e->sdu + e->len, p, n);
	e->len += n;
}

/* The SDU ends here: emitted when its start was seen; the next starts. */
static void
sdu_end(struct ct_rlc_entity *e, void (*emit)(void *, const uint8_t *, size_t), void *arg)
{
	if (e->have && e->len > 0)
		emit(arg, e->sdu, e->len);
	e->have = 1;
	e->len = 0;
}

enum ct_dec_status
ct_rlc_pdu(struct ct_rlc_entity *e, const uint8_t *p, size_t len,
	   void (*emit)(void *arg, const uint8_t *sdu, size_t n), void *arg)
{
	struct ct_cur c;
	uint32_t sn, mod;
	unsigned ext, he = 0, li_bits, nli = 0;
	uint32_t li[LI_MAX];
	const uint8_t *data;
	size_t dlen, pos = 0;
	uint32_t pad, piggy, start, whole;

	ct_cur_init(&c, p, len);
	if (e->mode == CT_RLC_AM) {
		if (ct_cur_bits(&c, 1) == 0) /* control PDU */
			return ct_cur_status(&c);
		sn = ct_cur_bits(&c, 12);
		(void)ct_cur_bits(&c, 1);     /* polling */
		he = ct_cur_bits(&c, 2);
		ext = he == 1;
		mod = 4096;
		li_bits = len <= 126 ? 7 : 15;
	} else {
		sn = ct_cur_bits(&c, 7);
		ext = ct_cur_bits(&c, 1);
		mod = 128;
		li_bits = len <= 125 ? 7 : 15;
	}
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	while (ext && ct_cur_ok(&c)) {
		uint32_t v = ct_cur_bits(&c, li_bits);

		ext = ct_cur_bits(&c, 1);
		if (nli < LI_MAX)
			li[nli++] = v;
		else
			ct_cur_invalid(&c);
	}
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);

	/* sequence */
	if (!e->started) {
		e->started = 1;
		e->have = e->mode == CT_RLC_AM && sn == 0;
		e->len = 0;
	} else if (sn != e->next_sn) {
		if (e->mode == CT_RLC_AM && ((e->next_sn - sn) & (mod - 1)) < mod / 2)
			return CT_DEC_OK;     /* already received */
		drop(e);
	}
	e->next_sn = (sn + 1) & (mod - 1);

	data = ct_cur_bytes(&c, 0);
	dlen = ct_cur_left(&c);
	pad = (1u << li_bits) - 1;
	piggy = pad - 1;
	whole = pad - 2;
	start = pad - 3;
	for (unsigned i = 0; i < nli; i++) {
		uint32_t v = li[i];

		if (v == 0) {
			sdu_end(e, emit, arg);
		} else if (v == pad) {
			return CT_DEC_OK;
		} else if (e->mode == CT_RLC_UM && v == start) {
			drop(e);
			e->have = 1;
		} else if (v == piggy || (e->mode == CT_RLC_UM && v == whole)) {
			if (e->mode == CT_RLC_AM)
				return CT_DEC_OK; /* a STATUS after the data read so far */
			drop(e);
			e->have = 1;
			append(e, data, dlen);
			sdu_end(e, emit, arg);
			return CT_DEC_OK;
		} else if (v > start) {
			continue;             /* other special values: nothing to put together */
		} else {
			if (v < pos || v > dlen) {
				drop(e);
				return CT_DEC_MALFORMED;
			}
			append(e, data + pos, v - pos);
			sdu_end(e, emit, arg);
			pos = v;
		}
	}
	append(e, data + pos, dlen - pos);
	if (e->mode == CT_RLC_AM && he == 2)
		sdu_end(e, emit, arg);
	return CT_DEC_OK;
}
