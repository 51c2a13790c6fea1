/*
 * exported_pdu.c — Wireshark's exported PDU header (LINKTYPE_WIRESHARK_UPPER_PDU,
 * 252, tcpdump.org link-layer header types; the tags of Wireshark's
 * exported_pdu.h).
 *
 *   +-------------+-------------+---------------------------+
 *   | tag (2)     | length (2)  | value (length octets)     |  ... repeated
 *   +-------------+-------------+---------------------------+
 *   | 0 (2)       | 0 (2)       |  end of tags, then the PDU
 *
 * Tags read: 12 dissector name, 13 heuristic dissector name, 14 dissector
 * table name (the protocol of the PDU, e.g. "http2", "ngap"); 20 / 21 IPv4
 * source / destination, 22 / 23 IPv6 source / destination; 25 / 26 source
 * / destination port (4 octets). Others are skipped by their length.
 */
#include <string.h>

#include "celltriage/decode.h"

#define EXP_MAX_TAGS 64 /* tags read before giving up */

enum {
	TAG_END = 0, TAG_PROTO_NAME = 12, TAG_HEUR_PROTO_NAME = 13, TAG_TABLE_NAME = 14,
	TAG_IPV4_SRC = 20, TAG_IPV4_DST = 21, TAG_IPV6_SRC = 22, TAG_IPV6_DST = 23,
	TAG_SRC_PORT = 25, TAG_DST_PORT = 26
};

enum ct_dec_status
ct_exported_pdu_header(const uint8_t *p, size_t len, struct ct_exported_pdu *h)
{
	struct ct_cur c;

	memset(h, 0, sizeof(*h));
	ct_cur_init(&c, p, len);
	for (unsigned i = 0; i < EXP_MAX_TAGS; i++) {
		unsigned tag = ct_cur_be16(&c), tlen = ct_cur_be16(&c);
		const uint8_t *v = ct_cur_bytes(&c, tlen);
		struct ct_cur vc;

		if (!ct_cur_ok(&c))
			return ct_cur_status(&c);
		ct_cur_init(&vc, v, tlen);
		switch (tag) {
		case TAG_END:
			h->payload = len - ct_cur_left(&c);
			return h->proto[0] ? CT_DEC_OK : CT_DEC_MALFORMED;
		case TAG_PROTO_NAME:
		case TAG_HEUR_PROTO_NAME:
		case TAG_TABLE_NAME:
			if (h->proto[0] && tag != TAG_PROTO_NAME)
				break; /* the dissector's own name wins */
			{
				/* The name may carry its NUL and padding. */
				size_t n = tlen;
				const void *nul = memchr(v, 0, n);

				if (nul)
					n = (size_t)((const uint8_t *)nul - v);
				if (n == 0 || n >= sizeof(h->proto))
					return CT_DEC_MALFORMED;
				memcpy(h->proto, v, n);
				h->proto[n] = '\0';
			}
			break;
		case TAG_IPV4_SRC:
		case TAG_IPV4_DST:
		case TAG_IPV6_SRC:
		case TAG_IPV6_DST: {
			size_t want = tag <= TAG_IPV4_DST ? 4 : 16;
			int src = tag == TAG_IPV4_SRC || tag == TAG_IPV6_SRC;

			if (tlen != want)
				return CT_DEC_MALFORMED;
			memcpy(src ? h->src : h->dst, v, want);
			if (src)
				h->src_len = (uint8_t)want;
			else
				h->dst_len = (uint8_t)want;
			break;
		}
		case TAG_SRC_PORT:
		case TAG_DST_PORT: {
			uint32_t port = ct_cur_be32(&vc);

			if (!ct_cur_ok(&vc) || port > 65535)
				return CT_DEC_MALFORMED;
			if (tag == TAG_SRC_PORT)
				h->sport = port;
			else
				h->dport = port;
			break;
		}
		default:
			break;
		}
	}
	return CT_DEC_MALFORMED;
}
