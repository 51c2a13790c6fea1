/*
 * fp.c — UMTS Frame Protocol of the dedicated channels on Iub, 3GPP TS
 * 25.427 v11 §6.2 (FDD), data frames of one transport bearer as NBAP set
 * it up (nbap.c: its DCHs, each with its Transport Format Set):
 *
 *   | header CRC (7) | FT (1) | CFN (8) | spare (3) TFI (5) | ... one per DCH |
 *   | TB ... (each padded to an octet) of DCH 1 | ... of DCH n |
 *   uplink only: | QE (8) | CRCI (1 per TB, padded to an octet) |
 *   | [payload CRC (16), when NBAP says it is included] |
 *
 * FT 1 is a control frame (§6.3): no transport blocks. The header CRC
 * (§7.2, CRC-7: x^7 + x^6 + x^2 + 1) covers the header after its first
 * octet; a frame whose header CRC fails is malformed (its TFIs cannot be
 * trusted), the payload CRC is not checked (a block the Node B flagged bad
 * still decodes or not on its own).
 */
#include "celltriage/cursor.h"
#include "celltriage/decode.h"

/* CRC-7 of TS 25.427 §7.2, most significant bit first. */
static unsigned
crc7(const uint8_t *p, size_t n)
{
	unsigned crc = 0;

	for (size_t i = 0; i < n; i++)
		for (int b = 7; b >= 0; b--) {
			unsigned in = (p[i] >> b) & 1, top = (crc >> 6) & 1;

			crc = (crc << 1) & 0x7f;
			if (in ^ top)
				crc ^= 0x45; /* x^6 + x^2 + 1 */
		}
	return crc;
}

int
ct_fp_dch_is_srb(const struct ct_iub_dch *h)
{
	/* Which DCH carries the SRBs is RRC's (TS 25.331 §10.3.4.21), not
	 * NBAP's: the vendors' DCH id 31, or the 148-bit transport block of
	 * the standard SRB configurations (TS 34.108 §6.10.2.4.1). */
	if (h->id == 31)
		return 1;
	for (int d = 0; d < 2; d++)
		for (unsigned i = 0; i < h->tfs[d].n; i++)
			if (h->tfs[d].tf[i].size == 148)
				return 1;
	return 0;
}

enum ct_dec_status
ct_fp_dch_frame(const uint8_t *p, size_t len, const struct ct_iub_bearer *b, int dir,
		struct ct_fp_frame *f)
{
	struct ct_cur c;
	uint8_t first;
	unsigned tfi[CT_IUB_MAX_DCH], total = 0;

	f->control = 0;
	f->ntb = 0;
	f->cfn = 0;
	ct_cur_init(&c, p, len);
	first = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (first & 1) {
		f->control = 1;
		return CT_DEC_OK;
	}
	if (b->ndch == 0)
		return CT_DEC_UNSUPPORTED;
	f->cfn = ct_cur_u8(&c);
	for (unsigned i = 0; i < b->ndch; i++)
		tfi[i] = ct_cur_u8(&c) & 0x1f;
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (crc7(p + 1, 1 + b->ndch) != (unsigned)(first >> 1))
		return CT_DEC_MALFORMED;
	for (unsigned i = 0; i < b->ndch; i++) {
		const struct ct_iub_tfs *t = &b->dch[i].tfs[dir];
		unsigned ntb, bits;

		if (tfi[i] >= t->n)
			return CT_DEC_MALFORMED;
		ntb = t->tf[tfi[i]].ntb;
		bits = t->tf[tfi[i]].size;
		for (unsigned k = 0; k < ntb; k++) {
			const uint8_t *q = ct_cur_bytes(&c, (bits + 7) / 8);

			if (!q)
				return ct_cur_status(&c);
			if (f->ntb < CT_FP_MAX_TB) {
				f->tb[f->ntb].p = q;
				f->tb[f->ntb].bits = bits;
				f->tb[f->ntb].dch = i;
				f->ntb++;
			}
			total++;
		}
	}
	if (dir == CT_IUB_UL)
		ct_cur_skip(&c, 1 + (total + 7) / 8); /* QE, CRCIs */
	if (b->crc)
		ct_cur_skip(&c, 2);
	return ct_cur_status(&c);
}
