/*
 * sip.c — SIP messages (IETF RFC 3261), with the Reason header of RFC 3326
 * and the asserted identity of RFC 3325, as IMS (TS 24.229) uses them.
 *
 * Reads the start line (request method, or response status), and from the
 * headers: Call-ID (compact "i"), CSeq, Content-Length (compact "l"),
 * Reason (its Q.850 cause becomes a second cause), and the caller's number
 * from P-Asserted-Identity or From (compact "f") when it is tel:+digits or
 * sip:+digits. Header names are case-insensitive (§7.3.1), folded lines
 * (a line starting with SP or HTAB continues the previous header) are
 * joined, and bare LF line ends are tolerated (§7.5 asks for robustness).
 *
 *     start-line  =  Method SP Request-URI SP SIP-Version CRLF      (§7.1)
 *                 /  SIP-Version SP Status-Code SP Reason-Phrase CRLF (§7.2)
 *     *( header-name HCOLON header-value CRLF )
 *     CRLF
 *     [ message-body ]   (Content-Length octets)
 *
 *     Reason: Q.850 ;cause=16 ;text="Terminated", SIP ;cause=487  (RFC 3326 §2)
 *
 * The bytes are not NUL-terminated: the cursor hands over the message once,
 * and all scanning below is over (pointer, length) spans, every index
 * checked against its span's length.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"
#include "text.h"

/* Headers longer than this in total are not SIP we can frame on a stream
 * (RFC 3261 leaves the limit to implementations; 64 KiB is far above
 * any real IMS message's headers). A body has its own cap. */
#define SIP_HEAD_MAX (64u * 1024u)
#define SIP_BODY_MAX (1024u * 1024u)
/* A folded header is joined into a buffer of this size; longer values are
 * cut (the fields we read are all near the start). */
#define SIP_HEADER_BUF 1024
#define SIP_MAX_Q850 4
/* A start line longer than this is not taken for SIP found by content (a
 * request line with a long URI stays far below). */
#define SIP_SNIFF_LINE 512

/* RFC 3261 §21, and the codes later RFCs registered with IANA. */
static const struct ct_name sip_statuses[] = {
	{ 100, "Trying" },
	{ 180, "Ringing" },
	{ 181, "Call Is Being Forwarded" },
	{ 182, "Queued" },
	{ 183, "Session Progress" },
	{ 199, "Early Dialog Terminated" },
	{ 200, "OK" },
	{ 202, "Accepted" },
	{ 204, "No Notification" },
	{ 300, "Multiple Choices" },
	{ 301, "Moved Permanently" },
	{ 302, "Moved Temporarily" },
	{ 305, "Use Proxy" },
	{ 380, "Alternative Service" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 402, "Payment Required" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" },
	{ 408, "Request Timeout" },
	{ 410, "Gone" },
	{ 412, "Conditional Request Failed" },
	{ 413, "Request Entity Too Large" },
	{ 414, "Request-URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 416, "Unsupported URI Scheme" },
	{ 417, "Unknown Resource-Priority" },
	{ 420, "Bad Extension" },
	{ 421, "Extension Required" },
	{ 422, "Session Interval Too Small" },
	{ 423, "Interval Too Brief" },
	{ 424, "Bad Location Information" },
	{ 428, "Use Identity Header" },
	{ 429, "Provide Referrer Identity" },
	{ 430, "Flow Failed" },
	{ 433, "Anonymity Disallowed" },
	{ 436, "Bad Identity-Info" },
	{ 437, "Unsupported Certificate" },
	{ 438, "Invalid Identity Header" },
	{ 439, "First Hop Lacks Outbound Support" },
	{ 440, "Max-Breadth Exceeded" },
	{ 469, "Bad Info Package" },
	{ 470, "Consent Needed" },
	{ 480, "Temporarily Unavailable" },
	{ 481, "Call/Transaction Does Not Exist" },
	{ 482, "Loop Detected" },
	{ 483, "Too Many Hops" },
	{ 484, "Address Incomplete" },
	{ 485, "Ambiguous" },
	{ 486, "Busy Here" },
	{ 487, "Request Terminated" },
	{ 488, "Not Acceptable Here" },
	{ 489, "Bad Event" },
	{ 491, "Request Pending" },
	{ 493, "Undecipherable" },
	{ 494, "Security Agreement Required" },
	{ 500, "Server Internal Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Server Time-out" },
	{ 505, "Version Not Supported" },
	{ 513, "Message Too Large" },
	{ 555, "Push Notification Service Not Supported" },
	{ 580, "Precondition Failure" },
	{ 600, "Busy Everywhere" },
	{ 603, "Decline" },
	{ 604, "Does Not Exist Anywhere" },
	{ 606, "Not Acceptable" },
	{ 607, "Unwanted" },
	{ 608, "Rejected" },
	{ 0, NULL }
};

const struct ct_name *
ct_sip_status_table(void)
{
	return sip_statuses;
}

/* A piece of the message: never NUL-terminated, n is the only bound. */
struct span {
	const char *s;
	size_t n;
};

/* What one scan of the start line and headers found. */
struct sip_scan {
	int is_request;
	unsigned status;         /* responses */
	struct span method;      /* requests */
	struct span phrase;      /* responses */
	size_t head_len;         /* start line + headers + blank line */
	int have_clen;
	unsigned long clen;
	int have_cseq;
	uint32_t cseq;
	char cseq_method[24];    /* copied: header text lives in a reused buffer */
	char call_id[64];
	char pai_number[20], from_number[20];
	unsigned q850[SIP_MAX_Q850];
	unsigned nq850, q850_dropped;
};

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Case-insensitive comparison of a span with a lowercase literal of n
 * characters; span_is takes the length of a literal from its size, so the
 * common case, a header of another length, costs one comparison. */
static int
span_is_n(struct span a, const char *lit, size_t n)
{
	size_t i;

	if (a.n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)a.s[i]) != lit[i])
			return 0;
	return 1;
}
#define span_is(a, lit) span_is_n((a), "" lit, sizeof(lit) - 1)

static int
is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static struct span
trim(struct span a)
{
	while (a.n && is_ws(a.s[0]))
		a.s++, a.n--;
	while (a.n && (is_ws(a.s[a.n - 1]) || a.s[a.n - 1] == '\r'))
		a.n--;
	return a;
}

/* RFC 3261 §25.1 token characters. */
static int
is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("-.!%*_+`'~", c));
}

/* Unsigned decimal of a whole span (at most 10 digits, no overflow past
 * 2^32-1). Returns 0, or -1 when it is not a number. */
static int
span_uint(struct span a, unsigned long *out)
{
	uint64_t v = 0; /* ten digits fit; unsigned long may be 32 bits */
	size_t i;

	if (a.n == 0 || a.n > 10)
		return -1;
	for (i = 0; i < a.n; i++) {
		if (a.s[i] < '0' || a.s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(a.s[i] - '0');
	}
	if (v > 0xffffffffu)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

/* Copies a span as printable ASCII ('?' for anything else), cut to fit. */
static void
span_copy(struct span a, char *out, size_t n)
{
	/* one bound, so the loop has no early exit (the compiler makes it
	 * wide: every message copies its Call-ID, method or phrase) */
	size_t k, m = a.n < n - 1 ? a.n : n - 1;

	for (k = 0; k < m; k++) {
		unsigned char ch = (unsigned char)a.s[k];

		out[k] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
	}
	out[k] = '\0';
}

/* Splits off the part of *rest before the first sep outside double quotes
 * (RFC 3261 §25.1 quoted-string, with backslash escapes). */
static struct span
split(struct span *rest, char sep)
{
	struct span head = *rest;
	const char *q = rest->n ? memchr(rest->s, '"', rest->n) : NULL, *e;
	size_t i;
	int quoted = 0;

	if (!q) {
		/* no quotes: the first sep, found by memchr (every start line
		 * and Reason is split) */
		e = rest->n ? memchr(rest->s, sep, rest->n) : NULL;
		i = e ? (size_t)(e - rest->s) : rest->n;
	} else {
		for (i = 0; i < rest->n; i++) {
			char c = rest->s[i];

			if (quoted && c == '\\' && i + 1 < rest->n)
				i++;
			else if (c == '"')
				quoted = !quoted;
			else if (c == sep && !quoted)
				break;
		}
	}
	head.n = i;
	if (i < rest->n) {
		rest->s += i + 1;
		rest->n -= i + 1;
	} else {
		rest->s += rest->n;
		rest->n = 0;
	}
	return head;
}

/* "tel:+86 139-1234-5678" or "sip:+8613912345678@ims...": an E.164 number
 * (RFC 3966 §5.1.4 global number, visual separators dropped). */
static void
find_number(struct span v, char *out, size_t n)
{
	size_t i, k;

	for (i = 0; i + 5 <= v.n; i++) {
		struct span scheme = { v.s + i, 4 };

		if (v.s[i + 4] != '+' || !(span_is(scheme, "tel:") || span_is(scheme, "sip:")))
			continue;
		k = 0;
		for (i += 5; i < v.n; i++) {
			char c = v.s[i];

			if (c >= '0' && c <= '9') {
				if (k + 1 >= n)
					return;
				out[k++] = c;
			} else if (!strchr("-.() ", c) || c == '\0') {
				break;
			}
		}
		out[k] = '\0';
		if (k < 5 || k > 15) /* E.164: at most 15 digits */
			out[0] = '\0';
		return;
	}
}

/* Reason (RFC 3326 §2): reason-value *(COMMA reason-value), each
 * protocol *(SEMI reason-params); we keep the Q.850 cause values. */
static int
parse_reason(struct span v, struct sip_scan *m)
{
	while (v.n) {
		struct span rv = split(&v, ',');
		struct span proto = trim(split(&rv, ';'));

		while (rv.n) {
			struct span param = split(&rv, ';');
			struct span name = trim(split(&param, '='));
			unsigned long cause;

			if (!span_is(name, "cause") || !span_is(proto, "q.850"))
				continue;
			if (span_uint(trim(param), &cause) < 0 || cause > 127)
				return -1; /* Q.850 causes are 7 bits */
			if (m->nq850 < SIP_MAX_Q850)
				m->q850[m->nq850++] = (unsigned)cause;
			else
				m->q850_dropped++;
		}
	}
	return 0;
}

/* One complete (unfolded) header line. Returns -1 when a header we read
 * has a value the RFC does not allow. */
static int
header(struct span h, struct sip_scan *m)
{
	struct span name = h, v = { h.s + h.n, 0 };
	const char *colon = memchr(h.s, ':', h.n);

	/* a header name is a token (§25.1): no quotes to skip */
	if (colon) {
		name.n = (size_t)(colon - h.s);
		v.s = colon + 1;
		v.n = h.n - name.n - 1;
	}
	name = trim(name);
	switch (name.n) {
	case 1: case 4: case 6: case 7: case 14: case 19:
		break; /* the lengths of the names below */
	default:
		return 0; /* Via, To, Contact, Max-Forwards ...: not read */
	}
	v = trim(v);
	if (span_is(name, "call-id") || span_is(name, "i")) {
		if (!m->call_id[0])
			span_copy(v, m->call_id, sizeof(m->call_id));
	} else if (span_is(name, "cseq")) {
		/* CSeq = 1*DIGIT LWS Method (§20.16) */
		struct span num = v, meth;
		unsigned long seq;
		size_t i = 0;

		while (i < v.n && !is_ws(v.s[i]))
			i++;
		num.n = i;
		meth.s = v.s + i;
		meth.n = v.n - i;
		meth = trim(meth);
		if (span_uint(num, &seq) < 0)
			return -1;
		m->have_cseq = 1;
		m->cseq = (uint32_t)seq;
		span_copy(meth, m->cseq_method, sizeof(m->cseq_method));
	} else if (span_is(name, "content-length") || span_is(name, "l")) {
		if (span_uint(v, &m->clen) < 0)
			return -1;
		m->have_clen = 1;
	} else if (span_is(name, "reason")) {
		return parse_reason(v, m);
	} else if (span_is(name, "p-asserted-identity")) {
		if (!m->pai_number[0])
			find_number(v, m->pai_number, sizeof(m->pai_number));
	} else if (span_is(name, "from") || span_is(name, "f")) {
		if (!m->from_number[0])
			find_number(v, m->from_number, sizeof(m->from_number));
	}
	return 0;
}

/* The start line, without its line end. */
static enum ct_dec_status
start_line(struct span l, struct sip_scan *m)
{
	struct span rest = l, a, b, c;
	unsigned long code;
	size_t i;

	a = split(&rest, ' ');
	if (span_is(a, "sip/2.0")) {
		/* Status-Line: three digits, SP, a phrase that may be empty */
		b = split(&rest, ' ');
		if (b.n != 3 || span_uint(b, &code) < 0 || code < 100 || code > 699)
			return CT_DEC_MALFORMED;
		m->is_request = 0;
		m->status = (unsigned)code;
		m->phrase = trim(rest);
		return CT_DEC_OK;
	}
	b = split(&rest, ' ');
	c = rest;
	if (a.n == 0 || b.n == 0 || !span_is(c, "sip/2.0"))
		return CT_DEC_MALFORMED;
	for (i = 0; i < a.n; i++)
		if (!is_token_char(a.s[i]))
			return CT_DEC_MALFORMED;
	m->is_request = 1;
	m->method = a;
	return CT_DEC_OK;
}

/* Whether bytes without a line end yet could still become a start line:
 * printable ASCII (a CR only as the last byte). */
static int
plausible_prefix(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\r' && i + 1 == n)
			continue;
		if (ch < 0x20 || ch >= 0x7f)
			return 0;
	}
	return 1;
}

/* Returns the length of the line at s[0..n) (to its LF), or n+1 when there
 * is no LF. *l is the line without CR LF. */
static size_t
next_line(const char *s, size_t n, struct span *l)
{
	const char *lf = memchr(s, '\n', n);
	size_t len;

	if (!lf)
		return n + 1;
	len = (size_t)(lf - s);
	l->s = s;
	l->n = len;
	if (l->n && s[l->n - 1] == '\r')
		l->n--;
	return len + 1;
}

/*
 * Scans the start line and the headers of s[0..n). Returns CT_DEC_OK with
 * m->head_len set, CT_DEC_TRUNCATED when the headers do not end within n
 * bytes, or CT_DEC_MALFORMED. m is filled as far as the scan got.
 */
static enum ct_dec_status
scan(const char *s, size_t n, struct sip_scan *m)
{
	char hbuf[SIP_HEADER_BUF];
	size_t pos = 0, step;
	int have_header = 0;
	struct span l = { s, 0 }, h = { hbuf, 0 };
	enum ct_dec_status st;

	memset(m, 0, sizeof(*m));
	while (pos < n && (s[pos] == '\r' || s[pos] == '\n'))
		pos++; /* §7.5: empty lines before the start line are ignored */
	step = next_line(s + pos, n - pos, &l);
	if (step > n - pos)
		return plausible_prefix(s + pos, n - pos) ? CT_DEC_TRUNCATED
							  : CT_DEC_MALFORMED;
	st = start_line(l, m);
	if (st != CT_DEC_OK)
		return st;
	pos += step;

	for (;;) {
		step = next_line(s + pos, n - pos, &l);
		if (step > n - pos)
			return CT_DEC_TRUNCATED;
		pos += step;
		if (l.n > 0 && is_ws(l.s[0]) && have_header) {
			/* §7.3.1 folding: the continuation joins with one SP,
			 * in hbuf (the header is copied there at its first fold) */
			struct span t = trim(l);
			size_t room;

			if (h.s != hbuf) {
				memcpy(hbuf, h.s, h.n);
				h.s = hbuf;
			}
			room = sizeof(hbuf) - h.n; /* h.n <= sizeof(hbuf) */
			if (room > 1) {
				size_t k = t.n < room - 1 ? t.n : room - 1;

				hbuf[h.n++] = ' ';
				memcpy(hbuf + h.n, t.s, k);
				h.n += k;
			}
			continue;
		}
		if (have_header) {
			if (header(h, m) < 0)
				return CT_DEC_MALFORMED;
			have_header = 0;
		}
		if (l.n == 0)
			break; /* the blank line that ends the headers */
		/* an unfolded header is read where it lies, cut like a copy */
		h.s = l.s;
		h.n = l.n < sizeof(hbuf) ? l.n : sizeof(hbuf);
		have_header = 1;
	}
	m->head_len = pos;
	return CT_DEC_OK;
}

/* Adds what the scan found to d, in the order causes are reported:
 * the response status, then the Reason header's Q.850 causes. */
static void
report(struct ct_dissect *d, const struct sip_scan *m)
{
	char name[96], text[48]; /* d->message keeps 63 */
	unsigned i;

	if (m->is_request) {
		span_copy(m->method, name, sizeof(name));
	} else {
		struct ct_tw w; /* "503 Service Unavailable (INVITE)" */

		span_copy(m->phrase, text, sizeof(text));
		ct_tw_init(&w, name, sizeof(name));
		ct_tw_u64(&w, m->status);
		ct_tw_char(&w, ' ');
		ct_tw_str(&w, text);
		if (m->have_cseq && m->cseq_method[0]) {
			ct_tw_str(&w, " (");
			ct_tw_str(&w, m->cseq_method);
			ct_tw_char(&w, ')');
		}
	}
	ct_dissect_set_message(d, name);
	d->is_request = m->is_request;
	if (m->have_cseq)
		d->seq = m->cseq;
	if (!m->is_request)
		ct_dissect_add_cause(d, CT_FAM_SIP, CT_CG_NONE, m->status, NULL);
	for (i = 0; i < m->nq850; i++)
		ct_dissect_add_cause(d, CT_FAM_SIP, CT_CG_Q850, m->q850[i], NULL);
	d->dropped += m->q850_dropped;
	if (m->call_id[0])
		ct_dissect_add_id(d, CT_ID_CALL_ID, m->call_id);
	if (m->pai_number[0])
		ct_dissect_add_id(d, CT_ID_MSISDN, m->pai_number);
	else if (m->from_number[0])
		ct_dissect_add_id(d, CT_ID_MSISDN, m->from_number);
}

/* The whole of p as text; the cursor is the one place wire bytes come from. */
static const char *
take_all(const uint8_t *p, size_t len)
{
	struct ct_cur c;
	const uint8_t *q;

	ct_cur_init(&c, p, len);
	q = ct_cur_bytes(&c, len);
	return q ? (const char *)q : "";
}

/* Keep-alives: RFC 5626 §3.5.1 CRLF CRLF ping and CRLF pong, and the
 * blank datagrams NAT keep-alive timers of user agents send. */
static int
only_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n' && !is_ws(s[i]))
			return 0;
	return n > 0;
}

enum ct_dec_status
ct_decode_sip(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	const char *s = take_all(p, len);
	struct sip_scan m;
	enum ct_dec_status st;

	d->protocol = "sip";
	if (only_blank(s, len)) {
		ct_dissect_set_message(d, "keep-alive");
		return CT_DEC_OK;
	}
	st = scan(s, len, &m);
	if (m.status || m.method.n) /* the start line was read */
		report(d, &m);
	if (st != CT_DEC_OK)
		return st;
	/* §18.3: with Content-Length, the body must be all there. Without it
	 * (datagrams), the body is the rest of the packet. */
	if (m.have_clen && m.clen > len - m.head_len)
		return CT_DEC_TRUNCATED;
	return CT_DEC_OK;
}

/*
 * Whether p starts with a SIP start line (§7.1 request line ending in
 * "SIP/2.0", or §7.2 status line "SIP/2.0 NNN"), for SIP on any port. Cheap
 * on anything else: a start line begins with an uppercase letter (methods
 * are uppercase tokens by convention, §27.4; the version is "SIP"), and
 * must end within SIP_SNIFF_LINE bytes.
 */
int
ct_sip_sniff(const uint8_t *p, size_t len)
{
	struct sip_scan m;
	struct span l;
	const char *s;
	size_t n = len < SIP_SNIFF_LINE ? len : SIP_SNIFF_LINE;

	if (len < 12 || p[0] < 'A' || p[0] > 'Z')
		return 0;
	s = take_all(p, n);
	if (next_line(s, n, &l) > n || l.n < 11)
		return 0;
	memset(&m, 0, sizeof(m));
	return start_line(l, &m) == CT_DEC_OK &&
	       (!m.is_request || (m.method.n && m.method.s[0] >= 'A' && m.method.s[0] <= 'Z'));
}

size_t
ct_sip_frame_len(const uint8_t *p, size_t len)
{
	const char *s = take_all(p, len);
	struct sip_scan m;
	size_t i = 0;
	enum ct_dec_status st;

	while (i < len && (s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i == len)
		return len ? len : 0; /* keep-alives form a frame of their own */
	if (i > 0)
		return i;
	st = scan(s, len, &m);
	if (st == CT_DEC_MALFORMED)
		return (size_t)-1;
	if (st == CT_DEC_TRUNCATED)
		return len >= SIP_HEAD_MAX ? (size_t)-1 : 0;
	if (m.head_len > SIP_HEAD_MAX || m.clen > SIP_BODY_MAX)
		return (size_t)-1;
	/* §18.3: stream transports must send Content-Length; a message
	 * without it ends with its headers. */
	if (m.clen > len - m.head_len)
		return 0;
	return m.head_len + m.clen;
}
