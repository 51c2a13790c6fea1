/*
 * ipa.c — the ip.access "IPA" multiplex that carries GSM Abis over TCP
 * (nanoBTS, osmo-bts: TCP 3002 for OML, 3003 for RSL), as Osmocom's
 * libosmo-abis and the nanoBTS documentation describe it (no 3GPP
 * specification covers it).
 *
 *   | length (2, of the payload) | stream (1) | payload ... |
 *   stream: 0x00 RSL (TS 48.058, rsl.c), 0xfe IPA CCM (the link's own
 *   PING/PONG and identity exchange), 0xff OML (TS 12.21), 0xee Osmocom
 *   extensions, 0xfc/0xfd legacy MGCP and the osmo SCCPlite.
 *
 * RSL is decoded; CCM is named (a keep-alive or identity message carries no
 * cause); OML and the other streams are named and counted as unsupported.
 */
#include <stdio.h>

#include "celltriage/decode.h"

#define IPA_HDR 3
#define IPA_MAX 0xffff /* the length field's range */

enum { ST_RSL = 0x00, ST_OSMO = 0xee, ST_MGCP = 0xfc, ST_SCCP = 0xfd, ST_CCM = 0xfe,
       ST_OML = 0xff };

/* CCM message types (the first payload octet). */
static const struct ct_name ccm_names[] = {
	{ 0x00, "IPA PING" }, { 0x01, "IPA PONG" }, { 0x04, "IPA ID GET" },
	{ 0x05, "IPA ID RESP" }, { 0x06, "IPA ID ACK" }, { 0x07, "IPA ID NACK" },
	{ 0x08, "IPA PROXY" }, { 0x09, "IPA PROXY ACK" }, { 0x0a, "IPA PROXY NACK" },
	{ 0x0b, "IPA SSL INFO" }, { 0, NULL }
};

static const struct ct_name stream_names[] = {
	{ ST_OML, "OML" }, { ST_OSMO, "IPA Osmocom extension" }, { ST_MGCP, "IPA MGCP" },
	{ ST_SCCP, "IPA SCCP" }, { 0, NULL }
};

static int
known_stream(uint8_t s)
{
	return s == ST_RSL || s == ST_CCM || ct_name_of(stream_names, s) != NULL;
}

size_t
ct_ipa_frame_len(const uint8_t *p, size_t len)
{
	struct ct_cur c;
	uint16_t n;
	uint8_t s;

	ct_cur_init(&c, p, len);
	n = ct_cur_be16(&c);
	s = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return 0;
	if (!known_stream(s) || n == 0)
		return (size_t)-1;
	return len - IPA_HDR < n ? 0 : (size_t)n + IPA_HDR; /* 0: more bytes needed */
}

int
ct_ipa_sniff(const uint8_t *p, size_t len)
{
	size_t off = 0;
	int n = 0;

	/* Whole messages of known streams, back to back, to the last byte: a
	 * chance match needs every length to land on the next header. */
	while (off < len && n < 64) {
		size_t m = ct_ipa_frame_len(p + off, len - off);

		if (m == 0 || m == (size_t)-1)
			return 0;
		off += m;
		n++;
	}
	return n > 0 && off == len;
}

enum ct_dec_status
ct_decode_ipa(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c, body;
	uint16_t n;
	uint8_t s, t;
	const char *name;
	char buf[32];

	ct_cur_init(&c, p, len);
	d->protocol = "ipa";
	n = ct_cur_be16(&c);
	s = ct_cur_u8(&c);
	ct_cur_sub(&c, n, &body);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	switch (s) {
	case ST_RSL:
		return ct_decode_rsl(body.p, body.len, d);
	case ST_CCM:
		t = ct_cur_u8(&body);
		if (!ct_cur_ok(&body))
			return CT_DEC_TRUNCATED;
		name = ct_name_of(ccm_names, t);
		if (!name) {
			snprintf(buf, sizeof(buf), "IPA CCM 0x%02x", (unsigned)t);
			ct_dissect_set_message(d, buf);
			return CT_DEC_UNSUPPORTED;
		}
		ct_dissect_set_message(d, name);
		return CT_DEC_OK;
	default:
		name = ct_name_of(stream_names, s);
		if (!name) {
			snprintf(buf, sizeof(buf), "IPA stream 0x%02x", (unsigned)s);
			name = buf;
		}
		if (s == ST_OML)
			d->protocol = "oml";
		ct_dissect_set_message(d, name);
		return CT_DEC_UNSUPPORTED;
	}
}
