/*
 * http2.c — HTTP/2 framing and header decompression (IETF RFC 9113, HPACK
 * RFC 7541), as the 5G core's service-based interfaces use it (3GPP TS
 * 29.500 §5.2).
 *
 * One direction of a connection is read frame by frame; each stream whose
 * sender ended it (END_STREAM) becomes one self-contained HTTP message in
 * text, which sbi.c decodes without any state (decode.h shows the form).
 * HPACK is stateful (RFC 7541 §2.3.2: a dynamic table per direction), so
 * this is the one part of the HTTP/2 reading that needs the flow's history;
 * the capture reader keeps one struct ct_http2_dir per TCP flow direction.
 *
 *   frame header (RFC 9113 §4.1):
 *   +-----------------------------------------------+
 *   |                 Length (24)                   |
 *   +---------------+---------------+---------------+
 *   |   Type (8)    |   Flags (8)   |
 *   +-+-------------+---------------+-------------------------------+
 *   |R|                 Stream Identifier (31)                      |
 *   +=+=============================================================+
 *   |                   Frame Payload (0...)                      ...
 *
 * Everything held is bounded: streams in flight per direction, header
 * block and body bytes per stream, bytes per direction, the requests
 * remembered for their responses, and the HPACK dynamic table (its size
 * is what the peer's SETTINGS allow, capped at H2_TABLE_MAX).
 */
#include <nghttp2/nghttp2.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/decode.h"
#include "text.h"

/* RFC 9113 §3.4: the client connection preface. */
static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
#define PREFACE_LEN 24u

/* RFC 9113 §6.5.2: SETTINGS_MAX_FRAME_SIZE is 2^14 unless raised; a frame
 * longer than H2_FRAME_MAX is not followed. Content sniffing asks for the
 * initial maximum. */
#define H2_FRAME_MAX (1u << 20)
#define H2_SNIFF_FRAME_MAX (1u << 14)
#define H2_SNIFF_FRAMES 16u
#define H2_STREAMS 32u           /* streams in flight per direction */
#define H2_BLOCK_MAX (16u << 10) /* a header block (HEADERS + CONTINUATION) */
#define H2_HEAD_MAX (16u << 10)  /* the decoded headers, as text */
#define H2_BODY_MAX (256u << 10) /* a stream's DATA */
#define H2_DIR_MAX (512u << 10)  /* everything a direction holds */
#define H2_REQS 64u              /* requests remembered for their responses */
#define H2_PATH_MAX 256u
#define H2_TABLE_MAX (64u << 10) /* HPACK dynamic table, whatever SETTINGS say */

enum {                           /* RFC 9113 §6 frame types */
	T_DATA = 0, T_HEADERS = 1, T_PRIORITY = 2, T_RST_STREAM = 3, T_SETTINGS = 4,
	T_PUSH_PROMISE = 5, T_PING = 6, T_GOAWAY = 7, T_WINDOW_UPDATE = 8, T_CONTINUATION = 9
};
enum { F_END_STREAM = 0x01, F_ACK = 0x01, F_END_HEADERS = 0x04, F_PADDED = 0x08,
       F_PRIORITY = 0x20 };

struct stream {
	uint32_t id;                 /* 0: slot free */
	uint64_t age;
	struct ct_http2_mark at;     /* the frame that completed its headers */
	uint8_t *block;              /* header block being put together */
	size_t nblock;
	int end_stream;              /* the HEADERS that opened it ended it */
	int headers_done;
	uint8_t *head;               /* decoded headers as text lines */
	size_t nhead;
	uint8_t *body;
	size_t nbody;
	int cut;                     /* something did not fit: counted once */
};

struct req {
	uint32_t id;
	char method[16];
	char path[H2_PATH_MAX];
};

struct ct_http2_dir {
	nghttp2_hd_inflater *hd;
	int hd_bad;                  /* the dynamic table is lost: header blocks until a fresh start fail */
	struct stream s[H2_STREAMS];
	uint64_t clock;
	size_t held;
	uint32_t continuing;         /* the stream whose CONTINUATION must follow, 0 none */
	struct req reqs[H2_REQS];    /* ring, newest at (nreq - 1) % H2_REQS */
	unsigned nreq;
	int preface_seen;
};

struct ct_http2_dir *
ct_http2_dir_new(void)
{
	struct ct_http2_dir *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	if (nghttp2_hd_inflate_new(&h->hd) != 0) {
		free(h);
		return NULL;
	}
	return h;
}

static void
stream_clear(struct ct_http2_dir *h, struct stream *s)
{
	h->held -= s->nblock + s->nhead + s->nbody;
	free(s->block);
	free(s->head);
	free(s->body);
	memset(s, 0, sizeof(*s));
}

void
ct_http2_dir_free(struct ct_http2_dir *h)
{
	if (!h)
		return;
	for (unsigned i = 0; i < H2_STREAMS; i++)
		stream_clear(h, &h->s[i]);
	nghttp2_hd_inflate_del(h->hd);
	free(h);
}

/* The stream's slot; a new one (the oldest given up when all are taken:
 * *evicted set) when create. */
static struct stream *
stream_of(struct ct_http2_dir *h, uint32_t id, int create, int *evicted)
{
	struct stream *free_slot = NULL, *oldest = NULL;

	for (unsigned i = 0; i < H2_STREAMS; i++) {
		struct stream *s = &h->s[i];

		if (s->id == id)
			return s;
		if (!s->id && !free_slot)
			free_slot = s;
		if (s->id && (!oldest || s->age < oldest->age))
			oldest = s;
	}
	if (!create)
		return NULL;
	if (!free_slot) {
		stream_clear(h, oldest);
		*evicted = 1;
		free_slot = oldest;
	}
	free_slot->id = id;
	free_slot->age = ++h->clock;
	return free_slot;
}

/* Appends n bytes to *buf (*len in use) within max and the direction's
 * budget; 0, or -1 when they do not fit (nothing appended). */
static int
grow(struct ct_http2_dir *h, uint8_t **buf, size_t *len, const void *p, size_t n, size_t max)
{
	uint8_t *nb;

	if (!n)
		return 0;
	if (n > max - *len || h->held + n > H2_DIR_MAX)
		return -1;
	nb = realloc(*buf, *len + n);
	if (!nb)
		return -1;
	memcpy(nb + *len, p, n);
	*buf = nb;
	*len += n;
	h->held += n;
	return 0;
}

static int
head_add(struct ct_http2_dir *h, struct stream *s, const char *name, size_t nn,
	 const char *value, size_t vn)
{
	char *line;
	size_t n = nn + vn + 4, at = 0;
	int rc;

	/* A value with CR or LF would break the text form: such a field is
	 * malformed anyway (RFC 9113 §8.2.1). */
	if (memchr(name, '\r', nn) || memchr(name, '\n', nn) || memchr(value, '\r', vn) ||
	    memchr(value, '\n', vn))
		return 0;
	line = malloc(n);
	if (!line)
		return -1;
	memcpy(line, name, nn);
	at = nn;
	line[at++] = ':';
	line[at++] = ' ';
	memcpy(line + at, value, vn);
	at += vn;
	line[at++] = '\r';
	line[at++] = '\n';
	rc = grow(h, &s->head, &s->nhead, line, at, H2_HEAD_MAX);
	free(line);
	return rc;
}

/* Remembers a request's method and path for the response on its stream. */
static void
remember_request(struct ct_http2_dir *h, uint32_t id, const char *head, size_t n)
{
	struct req *r = &h->reqs[h->nreq++ % H2_REQS];
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	r->id = id;
	while (i < n) {
		const char *eol = memchr(head + i, '\r', n - i);
		size_t len = eol ? (size_t)(eol - (head + i)) : n - i;
		const char *l = head + i;

		if (len > 9 && memcmp(l, ":method: ", 9) == 0 && len - 9 < sizeof(r->method)) {
			memcpy(r->method, l + 9, len - 9);
		} else if (len > 7 && memcmp(l, ":path: ", 7) == 0) {
			size_t pl = len - 7 < H2_PATH_MAX - 1 ? len - 7 : H2_PATH_MAX - 1;

			memcpy(r->path, l + 7, pl);
		}
		i += len + 2;
	}
}

static const struct req *
find_request(const struct ct_http2_dir *h, uint32_t id)
{
	unsigned n = h->nreq < H2_REQS ? h->nreq : H2_REQS;

	for (unsigned k = 0; k < n; k++) {
		const struct req *r = &h->reqs[(h->nreq - 1 - k) % H2_REQS];

		if (r->id == id)
			return r;
	}
	return NULL;
}

/* The header block of s, through HPACK into s->head. CT_DEC_OK, or
 * CT_DEC_MALFORMED when the block cannot be decompressed (the dynamic
 * table is then lost for this direction: RFC 7541 §2.3.2 makes every
 * later block depend on it). */
static enum ct_dec_status
inflate_block(struct ct_http2_dir *h, struct stream *s)
{
	static const uint8_t none[1];
	/* An empty block has no buffer: never offset a null pointer. */
	const uint8_t *in = s->block ? s->block : none;
	size_t left = s->nblock;
	unsigned fields = 0;

	if (h->hd_bad)
		return CT_DEC_MALFORMED;
	for (;;) {
		nghttp2_nv nv;
		int fl = 0;
		ssize_t rv = nghttp2_hd_inflate_hd2(h->hd, &nv, &fl, in, left, 1);

		if (rv < 0) {
			h->hd_bad = 1;
			return CT_DEC_MALFORMED;
		}
		in += rv;
		left -= (size_t)rv;
		if (fl & NGHTTP2_HD_INFLATE_EMIT) {
			/* The fields are kept only while they fit; HPACK is
			 * still run to the end of the block for the table. */
			if (++fields <= 256 &&
			    head_add(h, s, (const char *)nv.name, nv.namelen, (const char *)nv.value,
				     nv.valuelen) != 0)
				s->cut = 1;
		}
		if (fl & NGHTTP2_HD_INFLATE_FINAL) {
			nghttp2_hd_inflate_end_headers(h->hd);
			break;
		}
		if (!(fl & NGHTTP2_HD_INFLATE_EMIT) && left == 0)
			break;
	}
	return CT_DEC_OK;
}

/* The finished stream as one message (decode.h): its header lines, for a
 * response the request's ":method" and ":path" from peer, a blank line,
 * the body. */
static void
emit_stream(struct ct_http2_dir *h, const struct ct_http2_dir *peer, struct stream *s,
	    const struct ct_http2_mark *end, ct_http2_emit emit, void *arg)
{
	char extra[H2_PATH_MAX + 48];
	struct ct_tw w;
	size_t n, en;
	uint8_t *msg;
	const struct req *r = NULL;
	int is_resp = s->nhead >= 8 && memcmp(s->head, ":status:", 8) == 0;

	if (is_resp && peer)
		r = find_request(peer, s->id);
	ct_tw_init(&w, extra, sizeof(extra));
	if (r && r->path[0]) {
		if (r->method[0]) {
			ct_tw_str(&w, ":method: ");
			ct_tw_str(&w, r->method);
			ct_tw_str(&w, "\r\n");
		}
		ct_tw_str(&w, ":path: ");
		ct_tw_str(&w, r->path);
		ct_tw_str(&w, "\r\n");
	}
	if (!is_resp && s->nhead)
		remember_request(h, s->id, (const char *)s->head, s->nhead);
	en = strlen(extra);
	n = s->nhead + en + 2 + s->nbody;
	msg = malloc(n ? n : 1);
	if (msg) {
		if (s->nhead) /* a block without fields leaves no buffer */
			memcpy(msg, s->head, s->nhead);
		memcpy(msg + s->nhead, extra, en);
		memcpy(msg + s->nhead + en, "\r\n", 2);
		if (s->nbody)
			memcpy(msg + s->nhead + en + 2, s->body, s->nbody);
		/* A response at its status (its headers' frame), a request
		 * at its end: where tshark shows the status, and the body's
		 * NAS or NGAP of a request. */
		emit(arg, is_resp || !end ? &s->at : end, msg, n);
		free(msg);
	}
	stream_clear(h, s);
}

size_t
ct_http2_frame_len(const uint8_t *p, size_t len)
{
	struct ct_cur c;
	uint32_t flen;

	if (len && p[0] == 'P') {
		size_t n = len < PREFACE_LEN ? len : PREFACE_LEN;

		if (memcmp(p, preface, n) != 0)
			return (size_t)-1;
		return len < PREFACE_LEN ? 0 : PREFACE_LEN;
	}
	if (len < 9)
		return 0;
	ct_cur_init(&c, p, len);
	flen = ct_cur_be24(&c);
	if (flen > H2_FRAME_MAX)
		return (size_t)-1;
	return len - 9 < flen ? 0 : 9 + (size_t)flen;
}

/* A frame header whose fields RFC 9113 allows for its type, as the first
 * frames of a flow found by content must have. */
static int
sane(unsigned type, unsigned flags, uint32_t len, uint32_t sid)
{
	if (sid & 0x80000000u)
		return 0;
	switch (type) {
	case T_DATA: return sid != 0 && !(flags & ~0x09u);
	case T_HEADERS: return sid != 0 && !(flags & ~0x2du);
	case T_PRIORITY: return sid != 0 && len == 5 && !flags;
	case T_RST_STREAM: return sid != 0 && len == 4 && !flags;
	case T_SETTINGS: return sid == 0 && len % 6 == 0 && !(flags & ~0x01u);
	case T_PING: return sid == 0 && len == 8 && !(flags & ~0x01u);
	case T_GOAWAY: return sid == 0 && len >= 8 && !flags;
	case T_WINDOW_UPDATE: return len == 4 && !flags;
	case T_CONTINUATION: return sid != 0 && !(flags & ~0x04u);
	default: return 0;
	}
}

int
ct_http2_sniff(const uint8_t *p, size_t len)
{
	struct ct_cur c;
	int headers = 0;

	if (len >= PREFACE_LEN && memcmp(p, preface, PREFACE_LEN) == 0)
		return 1;
	ct_cur_init(&c, p, len);
	for (unsigned i = 0; i < H2_SNIFF_FRAMES && ct_cur_left(&c); i++) {
		uint32_t flen = ct_cur_be24(&c);
		unsigned type = ct_cur_u8(&c), flags = ct_cur_u8(&c);
		uint32_t sid = ct_cur_be32(&c);

		if (!ct_cur_ok(&c) || flen > H2_SNIFF_FRAME_MAX || !sane(type, flags, flen, sid))
			return 0;
		if (type == T_HEADERS && (flags & F_END_HEADERS))
			headers = 1;
		ct_cur_skip(&c, flen);
		if (!ct_cur_ok(&c))
			return 0;
	}
	/* The segment is whole frames, one of them a complete header block. */
	return headers && ct_cur_left(&c) == 0;
}

int
ct_http2_starts(const uint8_t *p, size_t len)
{
	struct ct_cur c;
	uint32_t flen;
	unsigned type, flags;

	if (len >= PREFACE_LEN && memcmp(p, preface, PREFACE_LEN) == 0)
		return 1;
	ct_cur_init(&c, p, len);
	flen = ct_cur_be24(&c);
	type = ct_cur_u8(&c);
	flags = ct_cur_u8(&c);
	return ct_cur_ok(&c) && flen <= H2_FRAME_MAX && sane(type, flags, flen, ct_cur_be32(&c)) &&
	       ct_cur_ok(&c);
}

/* RFC 9113 §6.1, §6.2: a payload without its padding (and, for HEADERS,
 * the priority fields). */
static int
unpad(struct ct_cur *c, unsigned flags, int prio, struct ct_cur *out)
{
	unsigned pad = 0;
	size_t left;

	if (flags & F_PADDED)
		pad = ct_cur_u8(c);
	if (prio)
		ct_cur_skip(c, 5);
	left = ct_cur_left(c);
	if (!ct_cur_ok(c) || pad > left)
		return -1;
	ct_cur_sub(c, left - pad, out);
	return 0;
}

/* RFC 9113 §6.5.2: SETTINGS_HEADER_TABLE_SIZE (1) the sender of a
 * SETTINGS frame allows its peer's encoder: applied to the inflater of
 * the other direction. */
static void
settings(struct ct_cur *c, struct ct_http2_dir *peer)
{
	while (ct_cur_left(c) >= 6) {
		unsigned id = ct_cur_be16(c);
		uint32_t v = ct_cur_be32(c);

		if (id == 1 && peer && !peer->hd_bad)
			nghttp2_hd_inflate_change_table_size(peer->hd,
							     v < H2_TABLE_MAX ? v : H2_TABLE_MAX);
	}
}

enum ct_dec_status
ct_http2_frame(struct ct_http2_dir *h, struct ct_http2_dir *peer, const struct ct_http2_mark *at,
	       const uint8_t *p, size_t len, ct_http2_emit emit, void *arg)
{
	struct ct_cur c, body;
	uint32_t flen, sid;
	unsigned type, flags;
	struct stream *s;
	int evicted = 0;
	enum ct_dec_status st = CT_DEC_OK;

	if (len == PREFACE_LEN && memcmp(p, preface, PREFACE_LEN) == 0) {
		/* A new connection: whatever the table held is gone. */
		h->preface_seen = 1;
		return CT_DEC_OK;
	}
	ct_cur_init(&c, p, len);
	flen = ct_cur_be24(&c);
	type = ct_cur_u8(&c);
	flags = ct_cur_u8(&c);
	sid = ct_cur_be32(&c) & 0x7fffffffu;
	if (!ct_cur_ok(&c) || ct_cur_left(&c) != flen)
		return CT_DEC_TRUNCATED;
	if (h->continuing && (type != T_CONTINUATION || sid != h->continuing)) {
		/* RFC 9113 §6.10: nothing may come between a header block's
		 * frames. The block is lost, and with it the table. */
		s = stream_of(h, h->continuing, 0, &evicted);
		if (s)
			stream_clear(h, s);
		h->continuing = 0;
		h->hd_bad = 1;
		st = CT_DEC_MALFORMED;
	}
	switch (type) {
	case T_HEADERS:
	case T_CONTINUATION:
		if (!sid)
			return CT_DEC_MALFORMED;
		if (type == T_CONTINUATION) {
			if (h->continuing != sid)
				return CT_DEC_MALFORMED;
			ct_cur_sub(&c, flen, &body);
		} else if (unpad(&c, flags, (flags & F_PRIORITY) != 0, &body) != 0) {
			return CT_DEC_MALFORMED;
		}
		s = stream_of(h, sid, 1, &evicted);
		if (type == T_HEADERS) {
			if (s->headers_done && s->nblock == 0) {
				/* Trailers: their block still goes through
				 * HPACK; their fields are not kept. */
				s->headers_done = 2;
			}
			if (flags & F_END_STREAM)
				s->end_stream = 1;
		}
		if (grow(h, &s->block, &s->nblock, ct_cur_bytes(&body, ct_cur_left(&body)),
			 ct_cur_left(&body), H2_BLOCK_MAX) != 0) {
			/* Without the whole block the table cannot follow. */
			stream_clear(h, s);
			h->continuing = 0;
			h->hd_bad = 1;
			return CT_DEC_MALFORMED;
		}
		if (!(flags & F_END_HEADERS)) {
			h->continuing = sid;
			return st;
		}
		h->continuing = 0;
		{
			size_t keep = s->nhead;
			enum ct_dec_status is = inflate_block(h, s);

			h->held -= s->nblock;
			free(s->block);
			s->block = NULL;
			s->nblock = 0;
			if (is != CT_DEC_OK) {
				stream_clear(h, s);
				return is;
			}
			if (s->headers_done == 2) {
				h->held -= s->nhead - keep;
				s->nhead = keep;
			} else {
				s->at = *at;
			}
			s->headers_done = 1;
		}
		if (s->end_stream)
			emit_stream(h, peer, s, at, emit, arg);
		break;
	case T_DATA:
		if (!sid)
			return CT_DEC_MALFORMED;
		if (unpad(&c, flags, 0, &body) != 0)
			return CT_DEC_MALFORMED;
		s = stream_of(h, sid, 0, &evicted);
		if (!s || !s->headers_done)
			/* Its headers were before the capture or given up. */
			return CT_DEC_MALFORMED;
		if (!s->cut && grow(h, &s->body, &s->nbody, ct_cur_bytes(&body, ct_cur_left(&body)),
				    ct_cur_left(&body), H2_BODY_MAX) != 0)
			s->cut = 1;
		if (flags & F_END_STREAM)
			emit_stream(h, peer, s, at, emit, arg);
		break;
	case T_RST_STREAM:
		s = stream_of(h, sid, 0, &evicted);
		if (s)
			stream_clear(h, s);
		break;
	case T_SETTINGS:
		if (!(flags & F_ACK))
			settings(&c, peer);
		break;
	default:
		/* PRIORITY, PUSH_PROMISE (not used by the SBI: TS 29.500
		 * §5.2.2.2 has servers not push), PING, GOAWAY,
		 * WINDOW_UPDATE and extension types carry nothing read. */
		break;
	}
	if (evicted)
		st = CT_DEC_NOT_REASSEMBLED;
	return st;
}

void
ct_http2_flush(struct ct_http2_dir *h, const struct ct_http2_dir *peer, ct_http2_emit emit,
	       void *arg)
{
	for (unsigned i = 0; i < H2_STREAMS; i++)
		if (h->s[i].id && h->s[i].headers_done)
			emit_stream(h, peer, &h->s[i], NULL, emit, arg);
}
