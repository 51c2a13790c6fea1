/*
 * mac_lte.c — LTE MAC PDUs in the "mac-lte-framed" layout, with the RLC
 * and PDCP headers of the signalling radio bearers, down to LTE RRC.
 *
 * 3GPP TS 36.321 v15 §6.1.2 (MAC PDU, subheaders), §6.2.1 (LCID values);
 * TS 36.322 v15 §6.2.1.4 (RLC AMD PDU header), §6.2.1.6 (STATUS PDU);
 * TS 36.323 v15 §6.2.2 (PDCP Data PDU for SRBs: 5-bit SN, 4-octet MAC-I).
 *
 * The framing is the context a sniffer (or a test tool) writes before each
 * MAC PDU, as Wireshark's mac-lte-framed reads it: an optional "mac-lte"
 * start string (the form sent over UDP), three fixed octets, then tags with
 * lengths implied by the tag, the last one (0x01) followed by the PDU:
 *
 *   +------------+-----------+-----------+-----+------+-----+------+--------+
 *   | radio type | direction | RNTI type | tag | data | ... | 0x01 | MAC PDU |
 *   | 1 FDD 2 TDD| 0 UL 1 DL | 0..10     |     |      |     |      |         |
 *   +------------+-----------+-----------+-----+------+-----+------+--------+
 *
 * A MAC PDU for a C-RNTI is a header of subheaders then the control
 * elements, SDUs and padding in the same order:
 *
 *   R/F2/E/LCID (8)             control element of fixed size, padding, or
 *                               the last subheader (its SDU runs to the end)
 *   R/F2/E/LCID, F(1) L(7)      SDU or variable-size control element
 *   R/F2/E/LCID, F(1) L(15)     (F2 = 1: a 16-bit L instead)
 *
 * LCID 0 is CCCH (LTE RRC UL-CCCH / DL-CCCH, no RLC header: TM), 1 and 2
 * the signalling radio bearers SRB1/SRB2 (RLC AM, PDCP, then UL-DCCH /
 * DL-DCCH), 3..10 data radio bearers (user data, not read). The SRB path:
 *
 *   RLC AMD: D/C=1 RF P FI(2) E SN(10) [E LI(11) ...]   (RF=1: a resegment)
 *   PDCP:    R R R SN(5) | RRC message | MAC-I (4)
 *
 * What is read plainly: whole RLC SDUs (FI = 00) and the PDCP payload as
 * is, i.e. before security or with null ciphering (EEA0), which is what a
 * sniffer sees for the connection setup. A segmented SDU (FI != 00 or a
 * resegment) is one piece of a message that spans PDUs: the PDU's status
 * is CT_DEC_NOT_REASSEMBLED when nothing else in it was read. P-RNTI PDUs
 * are PCCH, SI-RNTI BCCH-DL-SCH, a DL PDU without RNTI the BCH (MIB);
 * RA-RNTI PDUs are random access responses (no RRC inside).
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/cursor.h"
#include "celltriage/decode.h"

enum { RADIO_FDD = 1, RADIO_TDD = 2 };
enum { DIR_UL = 0, DIR_DL = 1 };
enum { RNTI_NONE = 0, RNTI_P = 1, RNTI_RA = 2, RNTI_C = 3, RNTI_SI = 4, RNTI_SPS = 5,
       RNTI_M = 6, RNTI_SL_BCH = 7, RNTI_SL = 8, RNTI_SC = 9, RNTI_G = 10 };

enum {
	TAG_PAYLOAD = 0x01, TAG_PHY = 0x0b, TAG_SR = 0x11,
	TAG_PREDEFINED = 0x05, TAG_CRC = 0x07
};

/* Tag -> octets of its value (-1: not a tag); TAG_PHY has a 1-octet length,
 * TAG_SR a 2-octet count of 4-octet items (both read by code). */
static const signed char tag_len[0x12] = {
	[0x01] = 0, [0x02] = 2 /* RNTI */, [0x03] = 2 /* UE id */,
	[0x04] = 2 /* SFN, subframe */, [0x05] = 1 /* predefined data */,
	[0x06] = 1 /* retx */, [0x07] = 1 /* CRC status */, [0x08] = 0 /* ext BSR sizes */,
	[0x09] = 2 /* send preamble */, [0x0a] = 1 /* carrier id */, [0x0b] = -2,
	[0x0c] = 0, [0x0d] = 0 /* simultaneous PUCCH/PUSCH */, [0x0e] = 1 /* CE mode */,
	[0x0f] = 1 /* NB mode */, [0x10] = 1 /* UL RBs */, [0x11] = -2,
	[0x00] = -1
};

/* LCID values, TS 36.321 §6.2.1 Tables 6.2.1-1 (DL-SCH) and 6.2.1-2 (UL-SCH). */
enum { LCID_CCCH = 0, LCID_SRB2 = 2, LCID_LAST_DRB = 10, LCID_PADDING = 31 };

/* Octets of a fixed-size control element (-1: variable size, with an L
 * field; -2: not a value this reader knows). */
static int
ce_len(unsigned lcid, int dl)
{
	if (dl) {
		switch (lcid) {
		case 24: return 4;   /* Activation/Deactivation (four octets) */
		case 25: return 0;   /* SC-PTM stop indication */
		case 26: return 0;   /* Long DRX command */
		case 27: return 1;   /* Activation/Deactivation (one octet) */
		case 28: return 6;   /* UE contention resolution identity */
		case 29: return 1;   /* Timing advance command */
		case 30: return 0;   /* DRX command */
		default: return -2;
		}
	}
	switch (lcid) {
	case 24: return -1;          /* Dual connectivity power headroom report */
	case 25: return -1;          /* Extended power headroom report */
	case 26: return 1;           /* Power headroom report */
	case 27: return 2;           /* C-RNTI */
	case 28: return 1;           /* Truncated BSR */
	case 29: return 1;           /* Short BSR */
	case 30: return 3;           /* Long BSR */
	default: return -2;
	}
}

#define MAX_SUBHEADERS 64

struct subpdu {
	unsigned lcid;
	long len;                     /* -1: the rest of the PDU */
};

/* What the PDU's parts gave: the worst status of the parts read, and
 * whether any part reached RRC or was a segment. */
struct outcome {
	enum ct_dec_status st;
	int rrc, segments;
};

static void
note(struct outcome *o, enum ct_dec_status st)
{
	/* OK < not reassembled < unsupported < truncated/malformed: an error
	 * of the bytes outranks a part not read */
	static const int rank[] = { [CT_DEC_OK] = 0, [CT_DEC_NOT_REASSEMBLED] = 1,
				    [CT_DEC_CIPHERED] = 2, [CT_DEC_UNSUPPORTED] = 3,
				    [CT_DEC_TRUNCATED] = 4, [CT_DEC_MALFORMED] = 5 };

	if (rank[st] > rank[o->st])
		o->st = st;
}

/* One RRC message of an SRB: PDCP header, the message, the 4-octet MAC-I. */
static void
pdcp_srb(const uint8_t *p, size_t len, int dl, struct outcome *o, struct ct_dissect *d)
{
	enum ct_dec_status st;

	if (len < 1 + 4) {
		note(o, CT_DEC_TRUNCATED);
		return;
	}
	st = ct_decode_lte_rrc(p + 1, len - 1 - 4, dl ? CT_LTE_RRC_DL_DCCH : CT_LTE_RRC_UL_DCCH, d);
	o->rrc = 1;
	note(o, st);
}

/* An SRB's RLC AM PDU (TS 36.322 §6.2.1.4): data PDUs' whole SDUs to PDCP. */
static void
rlc_am(const uint8_t *p, size_t len, int dl, struct outcome *o, struct ct_dissect *d)
{
	struct ct_cur c;
	uint32_t fi, e;
	size_t li[16], nli = 0, at;

	ct_cur_init(&c, p, len);
	if (ct_cur_bits(&c, 1) == 0) {     /* D/C = 0: a STATUS PDU, no SDU */
		if (!ct_cur_ok(&c))
			note(o, ct_cur_status(&c));
		return;
	}
	if (ct_cur_bits(&c, 1)) {          /* RF: an AMD PDU segment */
		o->segments = 1;
		return;
	}
	(void)ct_cur_bits(&c, 1);          /* P: polling */
	fi = ct_cur_bits(&c, 2);           /* FI: first/last octet is not an SDU's edge */
	e = ct_cur_bits(&c, 1);
	(void)ct_cur_bits(&c, 10);         /* SN */
	/* E = 1: one (E, LI) pair per SDU but the last; octet aligned after them */
	while (e && ct_cur_ok(&c)) {
		if (nli == sizeof(li) / sizeof(li[0])) {
			note(o, CT_DEC_UNSUPPORTED);
			return;
		}
		e = ct_cur_bits(&c, 1);
		li[nli++] = ct_cur_bits(&c, 11);
	}
	ct_cur_align(&c);
	if (!ct_cur_ok(&c)) {
		note(o, ct_cur_status(&c));
		return;
	}
	at = c.off;
	for (size_t i = 0; i <= nli; i++) {
		size_t n = i < nli ? li[i] : len - at;
		/* the first SDU continues one from before when FI's first bit
		 * is set, the last goes on in the next PDU when its second is */
		int partial = (i == 0 && (fi & 2)) || (i == nli && (fi & 1));

		if (i < nli && (n == 0 || n > len - at)) {
			note(o, CT_DEC_MALFORMED);
			return;
		}
		if (partial)
			o->segments = 1;
		else
			pdcp_srb(p + at, n, dl, o, d);
		at += n;
	}
}

/* The subheaders of a C-RNTI MAC PDU, then each part. */
static enum ct_dec_status
mac_pdu(const uint8_t *p, size_t len, int dl, struct ct_dissect *d)
{
	struct subpdu sh[MAX_SUBHEADERS];
	struct outcome o = { CT_DEC_OK, 0, 0 };
	struct ct_cur c;
	size_t n = 0, at;
	uint32_t e = 1;

	ct_cur_init(&c, p, len);
	while (e && ct_cur_ok(&c)) {
		uint32_t f2, lcid;
		int fixed;

		if (n == MAX_SUBHEADERS) {
			ct_dissect_set_message(d, "MAC PDU (too many subheaders)");
			return CT_DEC_UNSUPPORTED;
		}
		(void)ct_cur_bits(&c, 1);          /* R */
		f2 = ct_cur_bits(&c, 1);
		e = ct_cur_bits(&c, 1);
		lcid = ct_cur_bits(&c, 5);
		sh[n].lcid = lcid;
		if (lcid == LCID_PADDING) {
			/* last: padding to the end; before: one octet of padding */
			sh[n++].len = e ? 0 : -1;
			continue;
		}
		fixed = lcid <= LCID_LAST_DRB ? -1 : ce_len(lcid, dl);
		if (fixed == -2) {
			char m[64];

			snprintf(m, sizeof(m), "MAC PDU (LCID %u not read)", (unsigned)lcid);
			ct_dissect_set_message(d, m);
			return ct_cur_ok(&c) ? CT_DEC_UNSUPPORTED : ct_cur_status(&c);
		}
		if (fixed >= 0)
			sh[n].len = fixed;
		else if (!e)
			sh[n].len = -1;
		else if (f2)
			sh[n].len = ct_cur_bits(&c, 16);
		else
			sh[n].len = ct_cur_bits(&c, 1) ? ct_cur_bits(&c, 15) : ct_cur_bits(&c, 7);
		n++;
	}
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	at = c.off;
	for (size_t i = 0; i < n; i++) {
		size_t k = sh[i].len < 0 ? len - at : (size_t)sh[i].len;

		if (k > len - at)
			return CT_DEC_TRUNCATED;
		if (sh[i].lcid == LCID_CCCH) {
			note(&o, ct_decode_lte_rrc(p + at, k, dl ? CT_LTE_RRC_DL_CCCH
							: CT_LTE_RRC_UL_CCCH, d));
			o.rrc = 1;
		} else if (sh[i].lcid >= 1 && sh[i].lcid <= LCID_SRB2 && k > 0) {
			rlc_am(p + at, k, dl, &o, d);
		}
		at += k;
	}
	if (!o.rrc) {
		d->protocol = "mac-lte";
		ct_dissect_set_message(d, o.segments ? "MAC PDU (RRC segment)" : "MAC PDU");
		if (o.segments && o.st == CT_DEC_OK)
			return CT_DEC_NOT_REASSEMBLED;
	}
	return o.st;
}

enum ct_dec_status
ct_decode_mac_lte_framed(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	static const char start[] = "mac-lte";
	struct ct_cur c;
	unsigned radio, dir, rnti, tag = 0, crc_bad = 0, predefined = 0;
	size_t body;

	d->protocol = "mac-lte";
	ct_cur_init(&c, p, len);
	if (len >= sizeof(start) - 1 && memcmp(p, start, sizeof(start) - 1) == 0)
		ct_cur_skip(&c, sizeof(start) - 1);
	radio = ct_cur_u8(&c);
	dir = ct_cur_u8(&c);
	rnti = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if ((radio != RADIO_FDD && radio != RADIO_TDD) || dir > DIR_DL || rnti > RNTI_G) {
		ct_dissect_set_message(d, "MAC-LTE framing (bad context)");
		return CT_DEC_MALFORMED;
	}
	while (ct_cur_ok(&c) && tag != TAG_PAYLOAD) {
		tag = ct_cur_u8(&c);
		if (!ct_cur_ok(&c))
			break;
		if (tag >= sizeof(tag_len) || tag_len[tag] == -1) {
			ct_dissect_set_message(d, "MAC-LTE framing (unknown tag)");
			return CT_DEC_MALFORMED;
		}
		if (tag == TAG_PHY)
			ct_cur_skip(&c, ct_cur_u8(&c));
		else if (tag == TAG_SR)
			ct_cur_skip(&c, (size_t)ct_cur_be16(&c) * 4);
		else if (tag == TAG_CRC)
			crc_bad = ct_cur_u8(&c) != 1;  /* 1: CRC correct */
		else if (tag == TAG_PREDEFINED)
			predefined = ct_cur_u8(&c) != 0;
		else
			ct_cur_skip(&c, (size_t)tag_len[tag]);
	}
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (crc_bad) {
		/* the PHY could not check the bits: nothing in them is evidence */
		ct_dissect_set_message(d, "MAC PDU (CRC error)");
		return CT_DEC_MALFORMED;
	}
	if (predefined) {
		ct_dissect_set_message(d, "MAC PDU (predefined test data)");
		return CT_DEC_UNSUPPORTED;
	}
	body = c.off;
	switch (rnti) {
	case RNTI_C:
	case RNTI_SPS:
		return mac_pdu(p + body, len - body, dir == DIR_DL, d);
	case RNTI_P:
		return ct_decode_lte_rrc(p + body, len - body, CT_LTE_RRC_PCCH, d);
	case RNTI_SI:
		return ct_decode_lte_rrc(p + body, len - body, CT_LTE_RRC_BCCH_DL_SCH, d);
	case RNTI_NONE:
		if (dir == DIR_DL)
			return ct_decode_lte_rrc(p + body, len - body, CT_LTE_RRC_BCCH_BCH, d);
		break;
	case RNTI_RA:
		ct_dissect_set_message(d, "Random Access Response");
		return CT_DEC_OK;
	default:
		break;
	}
	ct_dissect_set_message(d, "MAC PDU (RNTI type not read)");
	return CT_DEC_UNSUPPORTED;
}
