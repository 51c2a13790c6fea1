/* fuzz_iub.c — libFuzzer target for the Iub user plane chain: FP data
 * frames (ct_fp_dch_frame) of one transport bearer, the transport blocks of
 * its SRB DCH through MAC-d's C/T (ct_mac_d_ct) into RLC entities
 * (ct_rlc_pdu, UM for logical channel 1, AM for 2..4, one set per
 * direction) that keep their state from frame to frame, and every SDU
 * they put together to the UMTS RRC decoder. No crash, no read outside
 * the input, SDUs within CT_RLC_SDU_MAX, a consistent RRC result.
 *
 * Input: a configuration byte (bit 0: payload CRC; bits 1-2: DCHs 1..3;
 * bits 3-7 index the transport block size table), then frames, each a
 * byte (bit 7: uplink; bits 0-6: length) and that many bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_dissect.h"

static void
sdu(void *arg, const uint8_t *p, size_t n)
{
	struct ct_dissect d;

	if (n > CT_RLC_SDU_MAX)
		__builtin_trap();
	ct_dissect_reset(&d);
	fuzz_dissect_check(ct_decode_umts_rrc(p, n, *(int *)arg, &d), &d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t sizes[8] = { 148, 8, 12, 100, 336, 640, 4, 0 };
	static struct ct_rlc_entity rlc[2][4];
	struct ct_iub_bearer b;
	struct ct_fp_frame f;
	size_t at = 1;

	if (size < 1)
		return 0;
	memset(&b, 0, sizeof(b));
	b.crc = data[0] & 1;
	b.ndch = (uint8_t)(1 + ((data[0] >> 1) & 3) % 3);
	for (unsigned i = 0; i < b.ndch; i++) {
		b.dch[i].id = (uint8_t)(i == 0 ? 31 : 10 + i);
		for (int d = 0; d < 2; d++) {
			b.dch[i].tfs[d].n = 3;
			b.dch[i].tfs[d].tf[1].ntb = 1;
			b.dch[i].tfs[d].tf[1].size = sizes[(data[0] >> 3) & 7];
			b.dch[i].tfs[d].tf[2].ntb = 2;
			b.dch[i].tfs[d].tf[2].size = sizes[(data[0] >> 3) & 7];
		}
	}
	for (int d = 0; d < 2; d++)
		for (int l = 0; l < 4; l++)
			ct_rlc_init(&rlc[d][l], l == 0 ? CT_RLC_UM : CT_RLC_AM);
	while (at < size) {
		int dir = data[at] & 0x80 ? CT_IUB_UL : CT_IUB_DL;
		int channel = dir == CT_IUB_UL ? CT_UMTS_RRC_UL_DCCH : CT_UMTS_RRC_DL_DCCH;
		size_t n = data[at] & 0x7f;

		at++;
		if (n > size - at)
			n = size - at;
		if (ct_fp_dch_frame(data + at, n, &b, dir, &f) == CT_DEC_OK) {
			if (f.ntb > CT_FP_MAX_TB)
				__builtin_trap();
			for (unsigned i = 0; i < f.ntb; i++) {
				uint8_t pdu[CT_FP_TB_OCTETS_MAX];
				size_t len;
				unsigned lch;

				if (f.tb[i].p < data + at || f.tb[i].p + (f.tb[i].bits + 7) / 8 > data + at + n)
					__builtin_trap();
				if (!ct_fp_dch_is_srb(&b.dch[f.tb[i].dch]))
					continue;
				if (ct_mac_d_ct(f.tb[i].p, f.tb[i].bits, &lch, pdu, sizeof(pdu), &len) !=
				    CT_DEC_OK || lch < 1 || lch > 4)
					continue;
				(void)ct_rlc_pdu(&rlc[dir][lch - 1], pdu, len, sdu, &channel);
			}
		}
		at += n;
	}
	return 0;
}
