/*
 * sccp.c — SS7 Signalling Connection Control Part, ITU-T Q.713 (07/96),
 * with ANSI T1.112 addresses for the ANSI variant.
 *
 *   | message type (1) | fixed part | pointers (1 octet each, counted from
 *   the pointer itself) | variable parts: | length (1) | value | optional part |
 *
 *   UDT  (0x09): class | ptr called | ptr calling | ptr data
 *   XUDT (0x11): class | hop counter | ptr called | ptr calling | ptr data | ptr optional
 *   UDTS (0x0a) / XUDTS (0x12): return cause instead of class, same pointers
 *   CR   (0x01): src ref (3) | class | ptr called | ptr optional (calling 0x04, data 0x0f)
 *   CC   (0x02): dst ref (3) | src ref (3) | class | ptr optional
 *   CREF (0x03): dst ref (3) | refusal cause | ptr optional
 *   RLSD (0x04): dst ref (3) | src ref (3) | release cause | ptr optional
 *   RLC  (0x05): dst ref (3) | src ref (3)
 *   DT1  (0x06): dst ref (3) | segmenting/reassembling | ptr data
 *
 *   called/calling party address (§3.4), ITU:
 *   | national (1) | RI (1) | GTI (4) | SSN ind (1) | PC ind (1) | PC | SSN | GT |
 *   ANSI T1.112 §3.4: | national | RI | GTI (4) | PC ind | SSN ind | SSN | PC (3) | GT |
 *   The point code takes 2 octets (ITU 14 bits, Japanese 16) or 3 (Chinese).
 *
 * The subsystem number routes the data (Q.713 §3.4.2.2, TS 23.003 §8.1):
 * 254 BSSAP (bssap.c), 142 RANAP (ranap.c), the MAP and CAMEL subsystems
 * (5-10, 145-150) TCAP (tcap.c). The called party's SSN is tried first,
 * then the calling party's. A DT1 names no subsystem (its connection's CR
 * did): its data is recognised by its first octets — BSSAP's discriminator
 * and length (TS 48.006 §9.3), else a RANAP APER header — and a UDT/XUDT
 * to an unknown SSN whose data starts with a TCAP message tag goes to TCAP.
 * The local references are identities (CT_ID_SCCP_REF, 6 hex digits): a CR
 * names the caller's, a CC and an RLSD/RLC both ends', a DT1 the
 * receiver's, so the capture layer links a connection's messages (and the
 * subscriber a DTAP in it names) without state here.
 *
 * An XUDT or XUDTS segment (optional Segmentation parameter, §3.17, other
 * than a single "first, 0 remaining") goes to the caller's hook (dissect.h
 * struct ct_sccp_hook) with its key (the called and calling addresses as
 * sent, the local reference) and its place; the capture puts the message
 * back together and decodes the whole with ct_decode_sccp_data. Without a
 * hook it is CT_DEC_NOT_REASSEMBLED. LUDT (2-octet pointers, broadband
 * links only) is not read.
 * Connection refusal and release causes are not failures a subscriber
 * sees on their own (the BSSAP/RANAP inside tells why) and are not reported.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"
#include "ss7.h"

enum {
	MT_CR = 0x01, MT_CC = 0x02, MT_CREF = 0x03, MT_RLSD = 0x04, MT_RLC = 0x05,
	MT_DT1 = 0x06, MT_DT2 = 0x07, MT_AK = 0x08, MT_UDT = 0x09, MT_UDTS = 0x0a,
	MT_ED = 0x0b, MT_EA = 0x0c, MT_RSR = 0x0d, MT_RSC = 0x0e, MT_ERR = 0x0f,
	MT_IT = 0x10, MT_XUDT = 0x11, MT_XUDTS = 0x12, MT_LUDT = 0x13, MT_LUDTS = 0x14
};

/* Q.713 §2.1 Table 1. */
static const struct ct_name msg_names[] = {
	{ MT_CR, "SCCP CR" },     { MT_CC, "SCCP CC" },       { MT_CREF, "SCCP CREF" },
	{ MT_RLSD, "SCCP RLSD" }, { MT_RLC, "SCCP RLC" },     { MT_DT1, "SCCP DT1" },
	{ MT_DT2, "SCCP DT2" },   { MT_AK, "SCCP AK" },       { MT_UDT, "SCCP UDT" },
	{ MT_UDTS, "SCCP UDTS" }, { MT_ED, "SCCP ED" },       { MT_EA, "SCCP EA" },
	{ MT_RSR, "SCCP RSR" },   { MT_RSC, "SCCP RSC" },     { MT_ERR, "SCCP ERR" },
	{ MT_IT, "SCCP IT" },     { MT_XUDT, "SCCP XUDT" },   { MT_XUDTS, "SCCP XUDTS" },
	{ MT_LUDT, "SCCP LUDT" }, { MT_LUDTS, "SCCP LUDTS" }, { 0, NULL }
};

/* Optional parameter names (§3.1 Table 2). */
enum { P_END = 0x00, P_CALLING = 0x04, P_DATA = 0x0f, P_SEGMENTATION = 0x10 };

#define MAX_OPTIONAL 16

/* TS 23.003 §8.1 / Q.713 Annex B subsystem numbers. */
enum { SSN_BSSAP = 254, SSN_RANAP = 142 };

static int
ssn_is_tcap(unsigned ssn)
{
	/* 5 MAP, 6 HLR, 7 VLR, 8 MSC, 9 EIR, 10 AuC; 145 GMLC, 146 gsmSCF
	 * (CAMEL), 147 SIWF, 148 SGSN-CAMEL, 149 SGSN, 150 GGSN */
	return (ssn >= 5 && ssn <= 10) || (ssn >= 145 && ssn <= 150);
}

/* The SSN of a party address (0 when it names none). */
static unsigned
address_ssn(struct ct_cur *a, enum ct_mtp3_variant v)
{
	uint8_t ai = ct_cur_u8(a);
	size_t pclen = v == CT_MTP3_CHINA ? 3 : 2;
	unsigned ssn = 0;

	if (!ct_cur_ok(a))
		return 0;
	if (v == CT_MTP3_ANSI) {
		if (ai & 0x01)
			ssn = ct_cur_u8(a);
		if (ai & 0x02)
			ct_cur_skip(a, 3);
	} else {
		if (ai & 0x01)
			ct_cur_skip(a, pclen);
		if (ai & 0x02)
			ssn = ct_cur_u8(a);
	}
	return ct_cur_ok(a) ? ssn : 0;
}

/* What the data is, from its first octets, when no SSN says. A RANAP
 * header is checked first, with its length: "00 14 40 16" (a RANAP
 * DirectTransfer of 22 octets) also reads as BSSMAP's "discriminator 0,
 * length 20". */
static unsigned
guess_ssn(const struct ct_cur *data)
{
	const uint8_t *p = data->p;
	size_t n = data->len;

	/* RANAP-PDU: CHOICE (2 bits, padded), procedure code, criticality
	 * (2 bits, padded), open type length: short form, the rest */
	if (n >= 4 && (p[0] & 0x9f) == 0 && (p[2] & 0x3f) == 0 && p[3] == n - 4)
		return SSN_RANAP;
	if (n >= 3 && p[0] == 0x00 && p[1] == n - 2)
		return SSN_BSSAP;      /* BSSMAP: discriminator 0, length of the rest */
	if (n >= 3 && p[0] == 0x01 && p[2] == n - 3)
		return SSN_BSSAP;      /* DTAP: discriminator 1, DLCI, length */
	if (n >= 4 && (p[0] & 0x9f) == 0 && (p[2] & 0x3f) == 0)
		return SSN_RANAP;      /* a long RANAP message (2-octet length) */
	return 0;
}

enum ct_dec_status
ct_sccp_payload(const struct ct_cur *data, unsigned ssn, int connectionless, struct ct_dissect *d)
{
	const uint8_t *p = data->p;
	size_t n = data->len;
	char buf[sizeof(d->message) + 16];

	if (!ssn && !connectionless)
		ssn = guess_ssn(data);
	if (ssn == SSN_BSSAP)
		return ct_decode_bssap(p, n, d);
	if (ssn == SSN_RANAP)
		return ct_decode_ranap(p, n, d);
	/* Q.773 §3.1: TCAP message types are application-wide tags 1-7
	 * (0x61 Unidirectional, 0x62 Begin, 0x64 End, 0x65 Continue, 0x67 Abort) */
	if (ssn_is_tcap(ssn) || (n && p[0] >= 0x61 && p[0] <= 0x67) || ct_tcap_is_ansi(p, n))
		return ct_decode_tcap(p, n, ssn, d);
	snprintf(buf, sizeof(buf), "%s to SSN %u", d->message, ssn);
	ct_dissect_set_message(d, buf);
	return CT_DEC_UNSUPPORTED;
}

/* The optional part from the cursor (its pointer): the data parameter,
 * the calling party's SSN and, when the message is a segment, its place
 * (seg->first, seg->remaining, the local reference as the key's last three
 * octets). */
static void
optional_part(struct ct_cur *c, struct ct_cur *data, int *have_data, unsigned *calling_ssn,
	      int *segment, struct ct_sccp_segment *seg, enum ct_mtp3_variant v)
{
	struct ct_cur o, val;

	if (!ct_ss7_pointed(c, &o, 1))
		return;
	for (int i = 0; i < MAX_OPTIONAL && ct_cur_ok(&o); i++) {
		uint8_t name = ct_cur_u8(&o), n;

		if (name == P_END || !ct_cur_ok(&o))
			return;
		n = ct_cur_u8(&o);
		ct_cur_sub(&o, n, &val);
		if (!ct_cur_ok(&o)) {
			c->truncated = 1;
			return;
		}
		if (name == P_DATA) {
			*data = val;
			*have_data = 1;
		} else if (name == P_CALLING) {
			*calling_ssn = address_ssn(&val, v);
		} else if (name == P_SEGMENTATION) {
			/* §3.17: first (1) | class (1) | spare (2) | remaining (4) | local ref (3) */
			uint8_t f = ct_cur_u8(&val);
			uint32_t r = ct_cur_be24(&val);

			if (!ct_cur_ok(&val)) {
				ct_cur_invalid(c); /* §3.17: the parameter is 4 octets */
				return;
			}
			if ((f & 0x80) && (f & 0x0f) == 0)
				continue; /* a whole message in one segment */
			if (*segment || (size_t)seg->keylen + 3 > sizeof(seg->key))
				continue; /* the first Segmentation parameter counts */
			*segment = 1;
			seg->first = (f & 0x80) != 0;
			seg->remaining = f & 0x0f;
			seg->key[seg->keylen++] = (uint8_t)(r >> 16);
			seg->key[seg->keylen++] = (uint8_t)(r >> 8);
			seg->key[seg->keylen++] = (uint8_t)r;
		}
	}
}

void
ct_sccp_key_address(struct ct_sccp_segment *seg, const struct ct_cur *a)
{
	size_t n = a->len < 32 ? a->len : 32;

	seg->key[seg->keylen++] = (uint8_t)n;
	if (n)
		memcpy(seg->key + seg->keylen, a->p, n);
	seg->keylen = (uint8_t)(seg->keylen + n);
}

enum ct_dec_status
ct_sccp_segment_out(struct ct_sccp_segment *seg, const struct ct_cur *data, unsigned ssn,
		    const char *message, struct ct_dissect *d)
{
	if (!d->sccp)
		return CT_DEC_NOT_REASSEMBLED;
	ct_dissect_set_message(d, message);
	if (d->sccp->segment) {
		seg->ssn = ssn;
		seg->data = data->p;
		seg->len = data->len;
		d->sccp->segment(d->sccp->arg, seg);
	}
	return CT_DEC_OK;
}

enum ct_dec_status
ct_decode_sccp_data(const uint8_t *p, size_t len, unsigned ssn, struct ct_dissect *d)
{
	struct ct_cur data;

	d->protocol = "sccp";
	ct_dissect_set_message(d, "SCCP XUDT reassembled");
	ct_cur_init(&data, p, len);
	if (len == 0)
		return CT_DEC_OK;
	return ct_sccp_payload(&data, ssn, 1, d);
}

/* A local reference (3 octets) as an identity. */
static void
ref(struct ct_cur *c, struct ct_dissect *d)
{
	uint32_t r = ct_cur_be24(c);

	if (ct_cur_ok(c))
		ct_dissect_add_hex(d, CT_ID_SCCP_REF, r, 6);
}

enum ct_dec_status
ct_decode_sccp(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c, called, calling, data;
	struct ct_sccp_segment seg;
	unsigned called_ssn = 0, calling_ssn = 0;
	int have_data = 0, segment = 0, connectionless = 0;
	const char *name;
	uint8_t type;

	ct_cur_init(&c, p, len);
	ct_cur_init(&called, p, 0);
	ct_cur_init(&calling, p, 0);
	ct_cur_init(&data, p, 0);
	seg.keylen = 0;
	d->protocol = "sccp";
	type = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	d->procedure = type;
	name = ct_name_of(msg_names, type);
	ct_dissect_set_message(d, name ? name : "SCCP message");
	if (!name)
		return CT_DEC_MALFORMED; /* §2.1: no other message type exists */

	switch (type) {
	case MT_UDT:
	case MT_UDTS:
	case MT_XUDT:
	case MT_XUDTS:
		connectionless = 1;
		ct_cur_skip(&c, 1); /* class, or return cause */
		if (type == MT_XUDT || type == MT_XUDTS)
			ct_cur_skip(&c, 1); /* hop counter */
		if (ct_ss7_pointed(&c, &called, 0))
			called_ssn = address_ssn(&called, v);
		if (ct_ss7_pointed(&c, &calling, 0))
			calling_ssn = address_ssn(&calling, v);
		have_data = ct_ss7_pointed(&c, &data, 0);
		if (type == MT_XUDT || type == MT_XUDTS) {
			ct_sccp_key_address(&seg, &called);
			ct_sccp_key_address(&seg, &calling);
			optional_part(&c, &data, &have_data, &calling_ssn, &segment, &seg, v);
		}
		if (called.invalid || calling.invalid)
			ct_cur_invalid(&c);
		break;
	case MT_CR:
		ref(&c, d);         /* source local reference */
		ct_cur_skip(&c, 1); /* class */
		if (ct_ss7_pointed(&c, &called, 0))
			called_ssn = address_ssn(&called, v);
		optional_part(&c, &data, &have_data, &calling_ssn, &segment, &seg, v);
		break;
	case MT_CC:
		ref(&c, d);
		ref(&c, d);
		ct_cur_skip(&c, 1); /* class */
		optional_part(&c, &data, &have_data, &calling_ssn, &segment, &seg, v);
		break;
	case MT_CREF:
		ref(&c, d);
		ct_cur_skip(&c, 1); /* refusal cause */
		optional_part(&c, &data, &have_data, &calling_ssn, &segment, &seg, v);
		break;
	case MT_RLSD:
		ref(&c, d);
		ref(&c, d);
		ct_cur_skip(&c, 1); /* release cause */
		optional_part(&c, &data, &have_data, &calling_ssn, &segment, &seg, v);
		break;
	case MT_RLC:
		ref(&c, d);
		ref(&c, d);
		break;
	case MT_DT1:
		ref(&c, d);         /* destination local reference */
		ct_cur_skip(&c, 1); /* segmenting/reassembling */
		have_data = ct_ss7_pointed(&c, &data, 0);
		break;
	case MT_LUDT:
	case MT_LUDTS:
		return CT_DEC_UNSUPPORTED; /* 2-octet pointers, broadband links only */
	default:
		ct_cur_skip(&c, 3); /* the rest carry no user data decoded here */
		break;
	}
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (segment && connectionless)
		return ct_sccp_segment_out(&seg, &data, called_ssn ? called_ssn : calling_ssn,
					   "SCCP XUDT segment", d);
	if (segment)
		return CT_DEC_NOT_REASSEMBLED; /* §3.17 is XUDT's and XUDTS's alone */
	if (d->sccp && d->sccp->only_segments)
		return CT_DEC_OK;
	if (!have_data || data.len == 0)
		return CT_DEC_OK;
	return ct_sccp_payload(&data, called_ssn ? called_ssn : calling_ssn, connectionless, d);
}
