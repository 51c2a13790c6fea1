/* fuzz_reasm.c — libFuzzer target: the transport state of the capture reader
 * (src/ingest/capture_reasm.c) driven directly by hostile sequences: IP
 * fragments of a few datagrams at any offset and length (overlapping,
 * duplicated, past 64 KiB, never ending), TCP segments of a few flows at any
 * sequence number (retransmitted, overlapping, far ahead, wrapping), SCTP
 * TSNs and fragments, SCCP XUDT segments of a few messages (endless, with
 * any remaining count, under the same and overlapping local references),
 * capture time jumping forwards and back.
 * Invariants: the bytes held stay under CT_CAP_REASM_MAX after every step; a
 * completed datagram is at most 65535 bytes, an SCCP message at most 4 KiB
 * (16 segments of 254 octets); every TCP message handed over
 * is one its framing accepts, whole; nothing leaks (the end counts what is
 * held and frees it). Any crash, sanitizer report or leak is a bug.
 *
 * Input: a series of operations, each a tag byte then its fields:
 *   0 fragment: key (1) offset/8 (2) flags (1: more, version) len (1) bytes
 *   1 segment:  key (1) seq (4) flags (1) len (2, capped) bytes
 *   2 TSN:      key (1) tsn (4)
 *   3 SCTP fragment: key (1) stream (1) tsn (4) flags (1: B, E) len (1) bytes
 *   4 time:     seconds (1, signed)
 *   5 SCCP segment: key (1: address and reference) flags (1: first,
 *               remaining) len (1) bytes
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/decode.h"
#include "../src/ingest/capture_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct in {
	const uint8_t *p;
	size_t n;
};

static unsigned
take(struct in *in, unsigned bytes)
{
	unsigned v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		v <<= 8;
		if (in->n) {
			v |= *in->p++;
			in->n--;
		}
	}
	return v;
}

static const uint8_t *
take_bytes(struct in *in, size_t *n)
{
	const uint8_t *p = in->p;

	if (*n > in->n)
		*n = in->n;
	in->p += *n;
	in->n -= *n;
	return p;
}

struct sink {
	size_t (*frame_len)(const uint8_t *, size_t);
	size_t messages;
};

static void
deliver(void *arg, const uint8_t *p, size_t n)
{
	struct sink *s = arg;

	/* a whole message of the flow's protocol, as its framing says */
	if (n == 0 || s->frame_len(p, n) != n)
		__builtin_trap();
	s->messages++;
}

static void
addr(struct ct_cap_addr *a, unsigned sel, int v6)
{
	memset(a, 0, sizeof(*a));
	a->len = v6 ? 16 : 4;
	a->a[0] = 10;
	a->a[a->len - 1] = (uint8_t)sel;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_cap_reasm *r = ct_cap_reasm_new();
	uint64_t undec[CT_UNDEC__COUNT] = { 0 };
	struct in in = { data, size };
	struct sink sip = { ct_sip_frame_len, 0 }, dia = { ct_diameter_frame_len, 0 };
	struct ct_cap_tcp_app app_sip = { ct_sip_frame_len, deliver, &sip, 0 };
	struct ct_cap_tcp_app app_dia = { ct_diameter_frame_len, deliver, &dia, 0 };
	int64_t sec = 1000;

	while (in.n) {
		unsigned op = take(&in, 1) % 6, key = take(&in, 1);

		switch (op) {
		case 0: {
			struct ct_cap_frag_key k;
			size_t off = (size_t)take(&in, 2) * 8, n;
			unsigned fl = take(&in, 1);
			uint8_t *out, proto;
			size_t outlen;
			const uint8_t *p;

			n = take(&in, 1) * 8 + (fl >> 4 & 7);
			p = take_bytes(&in, &n);
			memset(&k, 0, sizeof(k));
			addr(&k.src, key & 3, fl & 2);
			addr(&k.dst, 1, fl & 2);
			k.version = fl & 2 ? 6 : 4;
			k.id = key >> 2;
			if (ct_cap_frag_add(r, &k, sec, off, p, n, fl & 1, 17, undec, &out, &outlen,
					    &proto)) {
				if (outlen > 65535 || proto != 17)
					__builtin_trap();
				free(out);
			}
			break;
		}
		case 1: {
			struct ct_cap_tcp_key k;
			uint32_t seq = take(&in, 4);
			unsigned fl = take(&in, 1);
			size_t n = take(&in, 2) % 4096;
			const uint8_t *p = take_bytes(&in, &n);

			memset(&k, 0, sizeof(k));
			addr(&k.src, key & 7, 0);
			addr(&k.dst, 1, 0);
			k.sport = (uint16_t)(key >> 3);
			k.dport = 5060;
			ct_cap_tcp_segment(r, &k, sec, seq, fl & 7, p, n, key & 0x80 ? &app_dia : &app_sip,
					   undec);
			break;
		}
		case 2: {
			struct ct_cap_sctp_key k;

			memset(&k, 0, sizeof(k));
			k.sport = (uint16_t)(36412 + (key & 7));
			k.dport = 36412;
			k.vtag = key >> 3;
			(void)ct_cap_sctp_seen(r, &k, take(&in, 4));
			break;
		}
		case 3: {
			struct ct_cap_sctp_key k;
			unsigned stream = take(&in, 1);
			uint32_t tsn = take(&in, 4);
			unsigned fl = take(&in, 1);
			size_t n = take(&in, 1) * 16, outlen;
			const uint8_t *p = take_bytes(&in, &n);
			uint8_t *out;

			memset(&k, 0, sizeof(k));
			k.sport = (uint16_t)(36412 + (key & 7));
			k.dport = 36412;
			if (ct_cap_sctp_fragment(r, &k, stream & 3, tsn, fl & 2, fl & 1, sec, p, n, undec,
						 &out, &outlen))
				free(out);
			break;
		}
		case 5: {
			struct ct_sccp_segment seg;
			unsigned fl = take(&in, 1), ssn;
			size_t n = take(&in, 1), outlen;
			const uint8_t *p = take_bytes(&in, &n);
			uint8_t *out;

			memset(&seg, 0, sizeof(seg));
			/* | len 2 | called | len 2 | calling | ref (3) |: four
			 * addresses, 16 references, some keys the same */
			seg.key[0] = 2;
			seg.key[1] = 0x42;
			seg.key[2] = (uint8_t)(key & 3);
			seg.key[3] = 2;
			seg.key[4] = 0x42;
			seg.key[5] = 7;
			seg.key[8] = (uint8_t)(key >> 4);
			seg.keylen = 9;
			seg.first = (fl & 0x80) != 0;
			seg.remaining = fl & 0x0f;
			seg.ssn = key;
			seg.data = p;
			seg.len = n;
			if (ct_cap_sccp_segment(r, &seg, sec, undec, &out, &outlen, &ssn)) {
				if (outlen > 16 * 255)
					__builtin_trap();
				free(out);
			}
			break;
		}
		default:
			sec += (int8_t)key;
			break;
		}
		if (ct_cap_reasm_held(r) > CT_CAP_REASM_MAX)
			__builtin_trap();
	}
	ct_cap_reasm_finish(r, undec);
	if (ct_cap_reasm_held(r) != 0)
		__builtin_trap();
	ct_cap_reasm_free(r);
	return 0;
}
