/*
 * gsmtap.c — GSMTAP pseudo-header (UDP port 4729) and dispatch of its payload
 * to the GSM layer 3 and LTE RRC decoders.
 *
 * Osmocom GSMTAP, version 2 (libosmocore include/osmocom/core/gsmtap.h) and
 * version 3 (gsmtapv3.h); LAPDm framing per 3GPP TS 44.006 v16 §5; the L2
 * pseudo length per TS 44.018 v16 §10.5.2.19. All fields are big-endian.
 *
 * Version 2 (hdr_len >= 4 words; the payload starts at hdr_len * 4):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+---------------+---------------+
 *  |  version = 2  | hdr_len (x4)  |     type      |   timeslot    |
 *  +-+-+-----------+---------------+---------------+---------------+
 *  |P|U|         ARFCN (14)        |  signal dBm   |    SNR dB     |
 *  +-+-+---------------------------+---------------+---------------+
 *  |                         frame number                          |
 *  +---------------+---------------+---------------+---------------+
 *  |   sub-type    |    antenna    |   sub-slot    |   reserved    |
 *  +---------------+---------------+---------------+---------------+
 *   P: PCS 1900 band, U: uplink; signal and SNR are signed.
 *
 * Version 3 (hdr_len >= 2 words, metadata TLVs fill the rest of it):
 *
 *  +---------------+---------------+-------------------------------+
 *  |  version = 3  |   reserved    |    hdr_len (32-bit words)     |
 *  +---------------+---------------+-------------------------------+
 *  |         type (16 bits)        |      sub-type (16 bits)       |
 *  +-------------------------------+-------------------------------+
 *  |  metadata: tag (16), length (16), value ... (not read here)   |
 *  +---------------------------------------------------------------+
 *
 * Payloads decoded:
 *   GSM Um (v2 type 1, v3 0x0200), sub-type = channel (bit 0x80 / 0x0100: ACCH):
 *     BCCH, CCCH, AGCH, PCH: L2 pseudo length octet, then RR layer 3;
 *     SDCCH, FACCH (TCH/F, TCH/H): LAPDm address, control, length, then L3;
 *     SACCH: 2 octets of L1 header (power, timing advance), then LAPDm.
 *   Abis (v2 type 2, v3 0x0205): a bare layer 3 message (what QCSuper and
 *     SCAT write for DTAP/RR messages), handed to ct_decode_gsm_l3 as is.
 *   LTE RRC (v2 type 0x0d, v3 0x0403), sub-type = logical channel.
 *   UMTS RRC (v2 type 0x0c), sub-type = logical channel.
 * Not decoded (CT_DEC_UNSUPPORTED): UMTS RRC in v3, LTE/5GS NAS, RLC/MAC, bursts,
 * and everything else.
 */
#include <stdio.h>

#include "celltriage/cursor.h"
#include "celltriage/decode.h"

/* GSMTAP v2 payload types. */
enum {
	V2_UM = 0x01, V2_ABIS = 0x02, V2_UM_BURST = 0x03, V2_SIM = 0x04,
	V2_GB_LLC = 0x08, V2_GB_SNDCP = 0x09, V2_UMTS_RLC_MAC = 0x0b,
	V2_UMTS_RRC = 0x0c, V2_LTE_RRC = 0x0d, V2_LTE_MAC = 0x0e,
	V2_LTE_MAC_FRAMED = 0x0f, V2_OSMOCORE_LOG = 0x10, V2_QC_DIAG = 0x11,
	V2_LTE_NAS = 0x12
};

/* GSMTAP v3 payload types. */
enum {
	V3_UM = 0x0200, V3_UM_BURST = 0x0201, V3_GB_RLCMAC = 0x0202,
	V3_GB_LLC = 0x0203, V3_GB_SNDCP = 0x0204, V3_ABIS = 0x0205,
	V3_UMTS_RRC = 0x0303, V3_LTE_RRC = 0x0403, V3_NAS_EPS = 0x0404,
	V3_NR_RRC = 0x0503, V3_NAS_5GS = 0x0504
};

/* GSM Um channel types (the sub-type), identical in v2 and v3. */
enum {
	CH_BCCH = 0x01, CH_CCCH = 0x02, CH_RACH = 0x03, CH_AGCH = 0x04,
	CH_PCH = 0x05, CH_SDCCH = 0x06, CH_SDCCH4 = 0x07, CH_SDCCH8 = 0x08,
	CH_TCH_F = 0x09, CH_TCH_H = 0x0a
};

/* v2 type -> RAT, for struct ct_gsmtap_hdr. */
static const char *
rat_of(unsigned version, unsigned type)
{
	if (version == 2) {
		switch (type) {
		case V2_UM: case V2_ABIS: case V2_UM_BURST: case V2_GB_LLC:
		case V2_GB_SNDCP:
			return "gsm";
		case V2_UMTS_RLC_MAC: case V2_UMTS_RRC:
			return "umts";
		case V2_LTE_RRC: case V2_LTE_MAC: case V2_LTE_MAC_FRAMED: case V2_LTE_NAS:
			return "lte";
		default:
			return "";
		}
	}
	switch (type >> 8) { /* v3: the high octet is the RAT family */
	case 0x02: return "gsm";
	case 0x03: return "umts";
	case 0x04: return "lte";
	case 0x05: return "nr";
	default: return "";
	}
}

enum ct_dec_status
ct_gsmtap_header(const uint8_t *p, size_t len, struct ct_gsmtap_hdr *h)
{
	struct ct_cur c;
	unsigned words;

	ct_cur_init(&c, p, len);
	*h = (struct ct_gsmtap_hdr){ 0 };
	h->rat = "";
	h->version = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);

	if (h->version == 2) {
		uint16_t arfcn;

		words = ct_cur_u8(&c);
		h->type = ct_cur_u8(&c);
		h->timeslot = ct_cur_u8(&c);
		arfcn = ct_cur_be16(&c);
		h->signal_dbm = (int8_t)ct_cur_u8(&c);
		h->snr_db = (int8_t)ct_cur_u8(&c);
		h->frame_nr = ct_cur_be32(&c);
		h->sub_type = ct_cur_u8(&c);
		h->antenna = ct_cur_u8(&c);
		h->sub_slot = ct_cur_u8(&c);
		(void)ct_cur_u8(&c); /* reserved */
		if (!ct_cur_ok(&c))
			return ct_cur_status(&c);
		h->pcs = (arfcn >> 15) & 1;
		h->uplink = (arfcn >> 14) & 1;
		h->arfcn = arfcn & 0x3fffu;
		h->has_radio = 1;
		if (words < 4) /* shorter than the fixed fields just read */
			return CT_DEC_MALFORMED;
	} else if (h->version == 3) {
		(void)ct_cur_u8(&c); /* reserved */
		words = ct_cur_be16(&c);
		h->type = ct_cur_be16(&c);
		h->sub_type = ct_cur_be16(&c);
		if (!ct_cur_ok(&c))
			return ct_cur_status(&c);
		if (words < 2)
			return CT_DEC_MALFORMED;
	} else {
		return CT_DEC_UNSUPPORTED;
	}
	h->hdr_bytes = (size_t)words * 4;
	h->payload = h->hdr_bytes;
	h->rat = rat_of(h->version, h->type);
	if (h->hdr_bytes > len)
		return CT_DEC_TRUNCATED;
	return CT_DEC_OK;
}

/*
 * LAPDm frame, TS 44.006 §5 (formats B and B4), then the layer 3 inside:
 *
 *     8   7   6   5   4   3   2   1
 *  +---+-------+-----------+---+---+
 *  | 0 |  LPD  |   SAPI    |C/R|EA=1|  address
 *  +---+-------+-----------+---+---+
 *  | N(R) / P/F / N(S) / U bits |  |  control: xxxxxxx0 I, xxxxxx01 S, xxxxxx11 U
 *  +---------------------------+---+
 *  |  length L (6)         | M |EL=1|  length indicator (B4, SACCH UI: the
 *  +-----------------------+---+---+  L3 message's own L2 pseudo length)
 *  |  information field (L octets), then fill octets 0x2b ...
 */
static enum ct_dec_status
decode_lapdm(struct ct_cur *c, struct ct_dissect *d)
{
	uint8_t addr = ct_cur_u8(c), ctl = ct_cur_u8(c), li = ct_cur_u8(c);
	struct ct_cur l3;
	size_t n;

	d->protocol = "lapdm";
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	/* EA = 0 would mean an address field longer than one octet, which
	 * LAPDm does not have (§6.3.1); EL likewise (§6.8.1). */
	if (!(addr & 0x01) || !(li & 0x01))
		return CT_DEC_MALFORMED;
	n = li >> 2;
	if ((ctl & 0x03) == 0x01 || n == 0) {
		/* S frames (RR, RNR, REJ) and U frames without information
		 * (DISC, DM, empty SABM/UA/UI) carry no layer 3. */
		ct_dissect_set_message(d, (ctl & 0x01) == 0 ? "LAPDm I" :
					  (ctl & 0x03) == 0x01 ? "LAPDm S" : "LAPDm U");
		return CT_DEC_OK;
	}
	ct_cur_sub(c, n, &l3);
	if (!ct_cur_ok(c))
		return CT_DEC_TRUNCATED;
	/* I frames, UI and SABM/UA with information all carry layer 3. A
	 * segmented message (M bit) is decoded as far as its first segment goes. */
	return ct_decode_gsm_l3(l3.p, l3.len, d);
}

/* GSM Um payload by channel. */
static enum ct_dec_status
decode_um(const uint8_t *p, size_t len, unsigned chan, int acch, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t pl;

	ct_cur_init(&c, p, len);
	if (acch) {
		/* SACCH: ordered MS power / FPC and timing advance (TS 44.004 §7). */
		ct_cur_skip(&c, 2);
		return ct_cur_ok(&c) ? decode_lapdm(&c, d) : ct_cur_status(&c);
	}
	switch (chan) {
	case CH_BCCH: case CH_CCCH: case CH_AGCH: case CH_PCH:
		/* TS 44.018 §10.5.2.19 L2 pseudo length: bits 8-3 length,
		 * bits 2-1 = 01. The message follows (rest octets included). */
		pl = ct_cur_u8(&c);
		if (!ct_cur_ok(&c)) {
			d->protocol = "gsm-rr";
			return ct_cur_status(&c);
		}
		if ((pl & 0x03) != 0x01) {
			d->protocol = "gsm-rr";
			return CT_DEC_MALFORMED;
		}
		return ct_decode_gsm_l3(p + c.off, len - c.off, d);
	case CH_SDCCH: case CH_SDCCH4: case CH_SDCCH8: case CH_TCH_F: case CH_TCH_H:
		return decode_lapdm(&c, d);
	default:
		/* RACH access bursts, PDCH/PACCH RLC/MAC, CBCH, voice frames. */
		d->protocol = "gsmtap";
		ct_dissect_set_message(d, "GSM Um (channel not decoded)");
		return CT_DEC_UNSUPPORTED;
	}
}

/* GSMTAP v3 LTE RRC sub-types -> enum ct_lte_rrc_channel (gsmtapv3.h). */
static int
v3_lte_channel(unsigned sub)
{
	switch (sub) {
	case 0x0001: return CT_LTE_RRC_BCCH_BCH;
	case 0x0003: return CT_LTE_RRC_BCCH_DL_SCH;
	case 0x0006: return CT_LTE_RRC_MCCH;
	case 0x0007: return CT_LTE_RRC_PCCH;
	case 0x0008: return CT_LTE_RRC_DL_CCCH;
	case 0x0009: return CT_LTE_RRC_DL_DCCH;
	case 0x000a: return CT_LTE_RRC_UL_CCCH;
	case 0x000b: return CT_LTE_RRC_UL_DCCH;
	default: return -1;
	}
}

static enum ct_dec_status
unsupported(struct ct_dissect *d, const char *what)
{
	d->protocol = "gsmtap";
	ct_dissect_set_message(d, what);
	return CT_DEC_UNSUPPORTED;
}

enum ct_dec_status
ct_decode_gsmtap(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_gsmtap_hdr h;
	enum ct_dec_status st = ct_gsmtap_header(p, len, &h);
	const uint8_t *pl;
	size_t plen;

	if (st != CT_DEC_OK) {
		d->protocol = "gsmtap";
		return st;
	}
	pl = p + h.payload;
	plen = len - h.payload;

	if (h.version == 2) {
		switch (h.type) {
		case V2_UM:
			return decode_um(pl, plen, h.sub_type & 0x7fu, (h.sub_type & 0x80u) != 0, d);
		case V2_ABIS:
			return ct_decode_gsm_l3(pl, plen, d);
		case V2_LTE_RRC:
			/* v2 sub-types are the enum's values; 8.. are NB-IoT,
			 * MBMS, sidelink variants that the decoder refuses. */
			return ct_decode_lte_rrc(pl, plen, (int)h.sub_type, d);
		case V2_LTE_NAS:
			/* NAS: ct_decode_nas_eps (merged with decode-ran) */
			return unsupported(d, "LTE NAS");
		case V2_UMTS_RRC:
			/* v2 sub-types are the enum's values; the system
			 * information containers (11..) are refused. */
			return ct_decode_umts_rrc(pl, plen, (int)h.sub_type, d);
		default:
			return unsupported(d, "GSMTAP payload not decoded");
		}
	}

	switch (h.type) { /* version 3 */
	case V3_UM:
		return decode_um(pl, plen, h.sub_type & 0xffu, (h.sub_type & 0x0100u) != 0, d);
	case V3_ABIS:
		return ct_decode_gsm_l3(pl, plen, d);
	case V3_LTE_RRC: {
		int ch = v3_lte_channel(h.sub_type);

		if (ch < 0) {
			d->protocol = "lte-rrc";
			ct_dissect_set_message(d, "LTE RRC (channel not decoded)");
			return CT_DEC_UNSUPPORTED;
		}
		return ct_decode_lte_rrc(pl, plen, ch, d);
	}
	case V3_NAS_EPS:
		/* NAS: ct_decode_nas_eps (merged with decode-ran) */
		return unsupported(d, "LTE NAS");
	case V3_UMTS_RRC:
		/* UMTS RRC in v3 (TS 25.331): its sub-types are not mapped yet. */
		return unsupported(d, "UMTS RRC");
	default:
		return unsupported(d, "GSMTAP payload not decoded");
	}
}
