/* test_decode_sbi.c — 5G core SBI: HTTP/1.1 and HTTP/2 (framing, HPACK
 * through libnghttp2, streams), ProblemDetails causes, multipart N1/N2
 * parts, and the exported PDU header; messages written from TS 29.500,
 * TS 29.503, TS 29.518 and RFC 9113 / RFC 7541. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <nghttp2/nghttp2.h>

#include "celltriage/decode.h"

static enum ct_dec_status
decode(const char *s, size_t n, struct ct_dissect *d)
{
	ct_dissect_reset(d);
	return ct_decode_sbi((const uint8_t *)s, n, d);
}

static const struct ct_cause *
cause_of(const struct ct_dissect *d, enum ct_family f, enum ct_cause_group g)
{
	for (unsigned i = 0; i < d->ncauses; i++)
		if (d->causes[i].family == f && d->causes[i].group == g)
			return &d->causes[i];
	return NULL;
}

static const char *
id_of(const struct ct_dissect *d, enum ct_id_kind k)
{
	for (unsigned i = 0; i < d->nids; i++)
		if (d->ids[i].kind == k)
			return d->ids[i].value;
	return NULL;
}

/* HTTP/1.1 404 with a ProblemDetails naming USER_NOT_FOUND (TS 29.503). */
static void
http1_problem(void **state)
{
	static const char m[] = "HTTP/1.1 404 Not Found\r\n"
				"Content-Type: application/problem+json\r\n"
				"Content-Length: 46\r\n"
				"\r\n"
				"{\"status\":404,\"cause\":\"USER_NOT_FOUND\"}       ";
	struct ct_dissect d;
	const struct ct_cause *c;
	char buf[32];

	(void)state;
	assert_int_equal(decode(m, sizeof(m) - 1, &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "http");
	assert_int_equal(d.is_request, 0);
	assert_int_equal(d.procedure, 404);
	assert_int_equal(d.ncauses, 2);
	c = cause_of(&d, CT_FAM_SBI, CT_CG_NONE);
	assert_non_null(c);
	assert_int_equal(c->value, 404);
	assert_true(c->failure);
	assert_string_equal(c->message, "http 404");
	c = cause_of(&d, CT_FAM_SBI, CT_CG_PROBLEM);
	assert_non_null(c);
	assert_int_equal(c->value, 1100);
	assert_true(c->failure);
	assert_string_equal(ct_cause_name(CT_FAM_SBI, CT_CG_PROBLEM, 1100, buf, sizeof(buf)),
			    "USER_NOT_FOUND");
	assert_string_equal(ct_cause_name(CT_FAM_SBI, CT_CG_NONE, 404, buf, sizeof(buf)),
			    "Not Found");
}

/* The text form of an HTTP/2 response, with its request's method and path:
 * the service and the SUPI come from the path. A 200 is a cause but not a
 * failure (RFC 9110 §15.3). */
static void
h2_text_response(void **state)
{
	static const char m[] = ":status: 200\r\ncontent-type: application/json\r\n"
				":method: GET\r\n:path: /nudm-sdm/v2/imsi-001010123456789/am-data\r\n"
				"\r\n{\"gpsis\":[\"msisdn-8613900000001\"],\"pei\":\"imeisv-3534900698733301\"}";
	struct ct_dissect d;
	const struct ct_cause *c;

	(void)state;
	assert_int_equal(decode(m, sizeof(m) - 1, &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "http2");
	assert_string_equal(d.message, "GET nudm-sdm 200");
	c = cause_of(&d, CT_FAM_SBI, CT_CG_NONE);
	assert_non_null(c);
	assert_int_equal(c->value, 200);
	assert_false(c->failure);
	assert_string_equal(id_of(&d, CT_ID_IMSI), "001010123456789");
	assert_string_equal(id_of(&d, CT_ID_IMEI), "3534900698733301");
	/* gpsis is a list of GPSIs, not the member "gpsi": not read */
	assert_null(id_of(&d, CT_ID_MSISDN));
}

/* A cause the table does not know: the status alone, the string named in
 * its message. */
static void
unknown_cause(void **state)
{
	static const char m[] = ":status: 409\r\ncontent-type: application/problem+json\r\n\r\n"
				"{\"cause\":\"SOMETHING_NEW\"}";
	struct ct_dissect d;

	(void)state;
	assert_int_equal(decode(m, sizeof(m) - 1, &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 409);
	assert_string_equal(d.causes[0].message, "http 409 SOMETHING_NEW");
}

/* N1N2MessageTransfer (TS 29.518) carrying a PDU session establishment
 * reject, 5GSM cause 26, in a multipart/related body (RFC 2387). */
static const char n1n2[] =
	"POST /namf-comm/v1/ue-contexts/imsi-001010000000001/n1-n2-messages HTTP/1.1\r\n"
	"Content-Type: multipart/related; boundary=\"b1\"\r\n"
	"\r\n"
	"--b1\r\nContent-Type: application/json\r\n\r\n"
	"{\"n1MessageContainer\":{\"n1MessageClass\":\"SM\"}}\r\n"
	"--b1\r\nContent-Id: n1\r\nContent-Type: Application/Vnd.3gpp.5gnas\r\n\r\n"
	"\x2e\x05\x01\xc3\x1a\r\n"
	"--b1--\r\n";

static void
multipart_nas(void **state)
{
	struct ct_dissect d;
	const struct ct_cause *c;

	(void)state;
	assert_int_equal(decode(n1n2, sizeof(n1n2) - 1, &d), CT_DEC_OK);
	assert_string_equal(d.protocol, "http");
	assert_int_equal(d.is_request, 1);
	c = cause_of(&d, CT_FAM_5GSM, CT_CG_NONE);
	assert_non_null(c);
	assert_int_equal(c->value, 26);
	assert_true(c->failure);
	assert_string_equal(d.message, "PDU session establishment reject");
	assert_string_equal(id_of(&d, CT_ID_IMSI), "001010000000001");
}

/* The same body without its close delimiter: the part is read, the
 * message is truncated. */
static void
multipart_cut(void **state)
{
	struct ct_dissect d;
	size_t n = sizeof(n1n2) - 1 - strlen("--b1--\r\n");

	(void)state;
	assert_int_equal(decode(n1n2, n, &d), CT_DEC_TRUNCATED);
	assert_non_null(cause_of(&d, CT_FAM_5GSM, CT_CG_NONE));
}

/* An SmContextCreateError (TS 29.502 §6.1.6.2.7): the ProblemDetails is the
 * "error" member of the JSON part; the N2 part is a transfer (TS 38.413
 * §9.3.4), read by the type the JSON names. */
static void
multipart_error(void **state)
{
	static const char m[] = ":status: 403\r\n"
				"content-type: multipart/related; boundary=XyZ\r\n\r\n"
				"--XyZ\r\ncontent-type: application/json\r\n\r\n"
				"{\"error\":{\"status\":403,\"cause\":\"SUBSCRIPTION_DENIED\"},"
				"\"n2SmInfoType\":\"PDU_RES_REL_CMD\"}\r\n"
				"--XyZ\r\ncontent-type: application/vnd.3gpp.ngap\r\n\r\n"
				"\x10\r\n"
				"--XyZ--\r\n";
	struct ct_dissect d;
	const struct ct_cause *c;

	(void)state;
	assert_int_equal(decode(m, sizeof(m) - 1, &d), CT_DEC_OK);
	c = cause_of(&d, CT_FAM_SBI, CT_CG_PROBLEM);
	assert_non_null(c);
	assert_int_equal(c->value, 1108);
	/* PDUSessionResourceReleaseCommandTransfer: cause nas normal-release */
	c = cause_of(&d, CT_FAM_NGAP, CT_CG_NAS);
	assert_non_null(c);
	assert_int_equal(c->value, 0);
	assert_false(c->failure);
}

static void
http1_framing(void **state)
{
	static const char two[] = "GET /nudm-uecm/v1/imsi-1/registrations HTTP/1.1\r\nHost: x\r\n\r\n"
				  "HTTP/1.1 204 No Content\r\n\r\n";
	static const char part[] = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";

	(void)state;
	assert_int_equal(ct_http1_frame_len((const uint8_t *)two, sizeof(two) - 1), 60);
	assert_int_equal(ct_http1_frame_len((const uint8_t *)part, sizeof(part) - 1), 0);
	assert_int_equal(ct_http1_frame_len((const uint8_t *)"SIP/2.0 200 OK\r\n\r\n", 18), (size_t)-1);
	assert_true(ct_http1_sniff((const uint8_t *)two, sizeof(two) - 1));
	assert_false(ct_http1_sniff((const uint8_t *)"INVITE sip:a SIP/2.0\r\n", 22));
	assert_false(ct_http1_sniff((const uint8_t *)"GET /x HTTP/1.1", 15)); /* no line end */
}

/* HTTP/1.1 responses take their requests' method and path in order; a
 * 100 Continue takes none. */
struct got1 {
	unsigned n;
	char msg[4][512];
	size_t len[4];
};

static void
collect1(void *arg, const uint8_t *p, size_t n)
{
	struct got1 *g = arg;

	if (g->n < 4 && n < sizeof(g->msg[0])) {
		memcpy(g->msg[g->n], p, n);
		g->len[g->n] = n;
	}
	g->n++;
}

static void
http1_pairing(void **state)
{
	static const char r1[] = "GET /nudm-sdm/v2/imsi-001010000000003/nssai HTTP/1.1\r\n\r\n";
	static const char r2[] = "DELETE /npcf-smpolicycontrol/v1/sm-policies/7 HTTP/1.1\r\n\r\n";
	static const char a0[] = "HTTP/1.1 100 Continue\r\n\r\n";
	static const char a1[] = "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\n"
				 "Content-Length: 26\r\n\r\n{\"cause\":\"DATA_NOT_FOUND\"}";
	static const char a2[] = "HTTP/1.1 204 No Content\r\n\r\n";
	struct ct_http1_dir *c = ct_http1_dir_new(), *s = ct_http1_dir_new();
	struct got1 g = { 0 };
	struct ct_dissect d;

	(void)state;
	ct_http1_message(c, s, (const uint8_t *)r1, sizeof(r1) - 1, collect1, &g);
	ct_http1_message(c, s, (const uint8_t *)r2, sizeof(r2) - 1, collect1, &g);
	ct_http1_message(s, c, (const uint8_t *)a0, sizeof(a0) - 1, collect1, &g);
	ct_http1_message(s, c, (const uint8_t *)a1, sizeof(a1) - 1, collect1, &g);
	assert_int_equal(g.n, 4);
	assert_int_equal(decode(g.msg[3], g.len[3], &d), CT_DEC_OK);
	assert_string_equal(d.message, "GET nudm-sdm 404");
	assert_int_equal(cause_of(&d, CT_FAM_SBI, CT_CG_PROBLEM)->value, 1101);
	assert_string_equal(id_of(&d, CT_ID_IMSI), "001010000000003");
	g.n = 0;
	ct_http1_message(s, c, (const uint8_t *)a2, sizeof(a2) - 1, collect1, &g);
	assert_int_equal(decode(g.msg[0], g.len[0], &d), CT_DEC_OK);
	assert_string_equal(d.message, "DELETE npcf-smpolicycontrol 204");
	ct_http1_dir_free(c);
	ct_http1_dir_free(s);
}

/* A chunked body (RFC 9112 §7.1) is framed whole. */
static void
http1_chunked(void **state)
{
	static const char m[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
				"10\r\n{\"success\":true}\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
	size_t first = sizeof(m) - 1 - strlen("HTTP/1.1 204 No Content\r\n\r\n");

	(void)state;
	assert_int_equal(ct_http1_frame_len((const uint8_t *)m, sizeof(m) - 1), first);
	assert_int_equal(ct_http1_frame_len((const uint8_t *)m, first - 2), 0);
	assert_int_equal(ct_http1_frame_len((const uint8_t *)"HTTP/1.1 200 OK\r\n"
					    "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 52),
			 (size_t)-1);
}

/* A chunked 4xx (RFC 9112 §7.1): the ProblemDetails in three chunks (one
 * with an extension, a trailer field after the last) gives the causes a
 * Content-Length one gives; a body cut short or with a chunk size that is
 * not hex gives the status, and says so. */
static void
http1_chunked_problem(void **state)
{
	static const char m[] = "HTTP/1.1 404 Not Found\r\n"
				"Content-Type: application/problem+json\r\n"
				"Transfer-Encoding: chunked\r\n"
				"\r\n"
				"e\r\n{\"status\":404,\r\n"
				"5;ext=1\r\n\"caus\r\n"
				"14\r\ne\":\"USER_NOT_FOUND\"}\r\n"
				"0\r\nX-Trailer: 1\r\n\r\n";
	static const char bad[] = "HTTP/1.1 404 Not Found\r\n"
				  "Content-Type: application/problem+json\r\n"
				  "Transfer-Encoding: chunked\r\n"
				  "\r\n"
				  "zz\r\n{}\r\n0\r\n\r\n";
	static const char huge[] = "HTTP/1.1 500 Internal Server Error\r\n"
				   "Transfer-Encoding: chunked\r\n"
				   "\r\n"
				   "ffffffff\r\n{}\r\n";
	struct ct_dissect d;
	const struct ct_cause *c;

	(void)state;
	assert_int_equal(decode(m, sizeof(m) - 1, &d), CT_DEC_OK);
	assert_int_equal(d.ncauses, 2);
	c = cause_of(&d, CT_FAM_SBI, CT_CG_NONE);
	assert_non_null(c);
	assert_int_equal(c->value, 404);
	c = cause_of(&d, CT_FAM_SBI, CT_CG_PROBLEM);
	assert_non_null(c);
	assert_int_equal(c->value, 1100); /* USER_NOT_FOUND */
	/* framed as the whole message */
	assert_int_equal(ct_http1_frame_len((const uint8_t *)m, sizeof(m) - 1), sizeof(m) - 1);
	/* cut inside the last chunk: the status, no problem cause */
	for (size_t n = sizeof(m) - 1 - 30; n < sizeof(m) - 1; n++) {
		assert_int_equal(decode(m, n, &d), CT_DEC_TRUNCATED);
		assert_non_null(cause_of(&d, CT_FAM_SBI, CT_CG_NONE));
	}
	assert_int_equal(decode(bad, sizeof(bad) - 1, &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(decode(huge, sizeof(huge) - 1, &d), CT_DEC_MALFORMED);
	assert_int_equal(d.ncauses, 1);
	assert_int_equal(d.causes[0].value, 500);
}

/* ---- HTTP/2 ---------------------------------------------------------- */

struct got {
	unsigned n;
	char msg[2][2048];
	size_t len[2];
	uint64_t frame[2];
};

static void
collect(void *arg, const struct ct_http2_mark *at, const uint8_t *p, size_t n)
{
	struct got *g = arg;

	if (g->n < 2 && n < sizeof(g->msg[0])) {
		memcpy(g->msg[g->n], p, n);
		g->len[g->n] = n;
		g->frame[g->n] = at->frame;
	}
	g->n++;
}

static size_t
frame(uint8_t *w, unsigned type, unsigned flags, uint32_t sid, const void *p, size_t n)
{
	w[0] = (uint8_t)(n >> 16);
	w[1] = (uint8_t)(n >> 8);
	w[2] = (uint8_t)n;
	w[3] = (uint8_t)type;
	w[4] = (uint8_t)flags;
	w[5] = (uint8_t)(sid >> 24);
	w[6] = (uint8_t)(sid >> 16);
	w[7] = (uint8_t)(sid >> 8);
	w[8] = (uint8_t)sid;
	memcpy(w + 9, p, n);
	return 9 + n;
}

static size_t
headers(nghttp2_hd_deflater *hd, uint8_t *w, uint32_t sid, unsigned flags,
	const char *const *nv2, size_t nf)
{
	nghttp2_nv nv[8];
	uint8_t block[512];
	ssize_t n;

	for (size_t i = 0; i < nf; i++) {
		nv[i].name = (uint8_t *)(uintptr_t)nv2[2 * i];
		nv[i].namelen = strlen(nv2[2 * i]);
		nv[i].value = (uint8_t *)(uintptr_t)nv2[2 * i + 1];
		nv[i].valuelen = strlen(nv2[2 * i + 1]);
		nv[i].flags = NGHTTP2_NV_FLAG_NONE;
	}
	n = nghttp2_hd_deflate_hd(hd, block, sizeof(block), nv, nf);
	assert_true(n > 0);
	return frame(w, 1, flags, sid, block, (size_t)n);
}

/* A request on one direction, its 404 on the other: the response's message
 * carries the request's path, the status is at the frame of its headers,
 * and the dynamic table carries over to a second exchange. */
static void
h2_streams(void **state)
{
	static const char *const req[] = { ":method", "GET", ":scheme", "http",
					   ":path", "/nudm-sdm/v2/imsi-001010000000002/sm-data",
					   ":authority", "udm:7777" };
	static const char *const rsp[] = { ":status", "404", "content-type",
					   "application/problem+json" };
	static const char body[] = "{\"cause\":\"USER_NOT_FOUND\"}";
	nghttp2_hd_deflater *cd, *sd;
	struct ct_http2_dir *c = ct_http2_dir_new(), *s = ct_http2_dir_new();
	struct ct_http2_mark at = { 1, 0, 0 };
	struct got g = { 0 };
	uint8_t w[1024];
	size_t n;
	struct ct_dissect d;
	const struct ct_cause *cs;

	(void)state;
	assert_non_null(c);
	assert_non_null(s);
	assert_int_equal(nghttp2_hd_deflate_new(&cd, 4096), 0);
	assert_int_equal(nghttp2_hd_deflate_new(&sd, 4096), 0);
	assert_int_equal(ct_http2_frame_len((const uint8_t *)"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24), 24);
	assert_int_equal(ct_http2_frame(c, s, &at, (const uint8_t *)"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
					24, collect, &g), CT_DEC_OK);
	for (int round = 0; round < 2; round++) {
		uint32_t sid = 1 + 2 * (unsigned)round;

		n = headers(cd, w, sid, 0x05, req, 4);
		assert_true(ct_http2_sniff(w, n));
		assert_int_equal(ct_http2_frame_len(w, n), n);
		at.frame++;
		assert_int_equal(ct_http2_frame(c, s, &at, w, n, collect, &g), CT_DEC_OK);
		n = headers(sd, w, sid, 0x04, rsp, 2);
		at.frame++;
		assert_int_equal(ct_http2_frame(s, c, &at, w, n, collect, &g), CT_DEC_OK);
		n = frame(w, 0, 0x01, sid, body, strlen(body));
		at.frame++;
		assert_int_equal(ct_http2_frame(s, c, &at, w, n, collect, &g), CT_DEC_OK);
	}
	assert_int_equal(g.n, 4);
	/* g.msg[1]: the first response, at the frame of its headers (3). */
	assert_int_equal(g.frame[1], 3);
	assert_int_equal(decode(g.msg[1], g.len[1], &d), CT_DEC_OK);
	assert_string_equal(d.message, "GET nudm-sdm 404");
	cs = cause_of(&d, CT_FAM_SBI, CT_CG_PROBLEM);
	assert_non_null(cs);
	assert_int_equal(cs->value, 1100);
	assert_string_equal(cs->message, "nudm-sdm 404");
	assert_string_equal(id_of(&d, CT_ID_IMSI), "001010000000002");
	/* the request, at its end (frame 2) */
	assert_int_equal(g.frame[0], 2);
	nghttp2_hd_deflate_del(cd);
	nghttp2_hd_deflate_del(sd);
	ct_http2_dir_free(c);
	ct_http2_dir_free(s);
}

/* A header block HPACK cannot read (an index past both tables) is
 * malformed, and so is every later block of the direction (the table is
 * lost); DATA of a stream never opened is malformed too. */
static void
h2_bad(void **state)
{
	static const uint8_t bad_block[] = { 0xff, 0x7f }; /* indexed field 254 + 127 */
	static const uint8_t good_block[] = { 0x88 };      /* :status: 200 (static 8) */
	struct ct_http2_dir *h = ct_http2_dir_new();
	struct ct_http2_mark at = { 1, 0, 0 };
	struct got g = { 0 };
	uint8_t w[64];
	size_t n;

	(void)state;
	n = frame(w, 0, 0x01, 7, "x", 1);
	assert_int_equal(ct_http2_frame(h, NULL, &at, w, n, collect, &g), CT_DEC_MALFORMED);
	n = frame(w, 1, 0x05, 1, bad_block, sizeof(bad_block));
	assert_int_equal(ct_http2_frame(h, NULL, &at, w, n, collect, &g), CT_DEC_MALFORMED);
	n = frame(w, 1, 0x05, 3, good_block, sizeof(good_block));
	assert_int_equal(ct_http2_frame(h, NULL, &at, w, n, collect, &g), CT_DEC_MALFORMED);
	assert_int_equal(g.n, 0);
	/* a frame shorter than its header says */
	assert_int_equal(ct_http2_frame(h, NULL, &at, w, n - 1, collect, &g), CT_DEC_TRUNCATED);
	ct_http2_dir_free(h);
	assert_false(ct_http2_sniff((const uint8_t *)"GET / HTTP/1.1\r\n\r\n", 18));
	assert_false(ct_http2_sniff(w, 0));
}

/* CONTINUATION completes a header block; a stream ended by its HEADERS
 * comes out at once; a flush hands over a stream whose end was not seen. */
static void
h2_continuation(void **state)
{
	static const uint8_t part1[] = { 0x82 };         /* :method: GET */
	static const uint8_t part2[] = { 0x84 };         /* :path: / */
	static const uint8_t resp[] = { 0x8d };          /* :status: 404 */
	struct ct_http2_dir *h = ct_http2_dir_new();
	struct ct_http2_mark at = { 5, 0, 0 };
	struct got g = { 0 };
	uint8_t w[64];
	size_t n;

	(void)state;
	n = frame(w, 1, 0x01, 1, part1, 1);              /* END_STREAM, no END_HEADERS */
	assert_int_equal(ct_http2_frame(h, NULL, &at, w, n, collect, &g), CT_DEC_OK);
	n = frame(w, 9, 0x04, 1, part2, 1);
	assert_int_equal(ct_http2_frame(h, NULL, &at, w, n, collect, &g), CT_DEC_OK);
	assert_int_equal(g.n, 1);
	assert_memory_equal(g.msg[0], ":method: GET\r\n:path: /\r\n\r\n", g.len[0]);
	n = frame(w, 1, 0x04, 3, resp, 1);
	assert_int_equal(ct_http2_frame(h, NULL, &at, w, n, collect, &g), CT_DEC_OK);
	assert_int_equal(g.n, 1);
	ct_http2_flush(h, NULL, collect, &g);
	assert_int_equal(g.n, 2);
	ct_http2_dir_free(h);
}

/* The exported PDU's tags, as Wireshark writes them (tag, length, value;
 * tag 0 ends them). */
static void
exported_pdu(void **state)
{
	static const uint8_t p[] = {
		0x00, 0x0c, 0x00, 0x05, 'h', 't', 't', 'p', '2',   /* dissector name */
		0x00, 0x14, 0x00, 0x04, 10, 206, 108, 65,          /* IPv4 source */
		0x00, 0x19, 0x00, 0x04, 0, 0, 0xa8, 0x2e,          /* source port 43054 */
		0x00, 0x15, 0x00, 0x04, 10, 206, 108, 92,          /* IPv4 destination */
		0x00, 0x1a, 0x00, 0x04, 0, 0, 0x1b, 0x9e,          /* destination port 7070 */
		0x00, 0x00, 0x00, 0x00,                            /* end of tags */
		0xaa
	};
	struct ct_exported_pdu h;

	(void)state;
	assert_int_equal(ct_exported_pdu_header(p, sizeof(p), &h), CT_DEC_OK);
	assert_string_equal(h.proto, "http2");
	assert_int_equal(h.src_len, 4);
	assert_int_equal(h.src[3], 65);
	assert_int_equal(h.sport, 43054);
	assert_int_equal(h.dport, 7070);
	assert_int_equal(h.payload, sizeof(p) - 1);
	assert_int_equal(ct_exported_pdu_header(p, 20, &h), CT_DEC_TRUNCATED);
	/* no name before the end */
	assert_int_equal(ct_exported_pdu_header(p + 9, sizeof(p) - 9, &h), CT_DEC_MALFORMED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(http1_problem),   cmocka_unit_test(h2_text_response),
		cmocka_unit_test(unknown_cause),   cmocka_unit_test(multipart_nas),
		cmocka_unit_test(multipart_cut),   cmocka_unit_test(multipart_error),
		cmocka_unit_test(http1_framing),   cmocka_unit_test(h2_streams),
		cmocka_unit_test(h2_bad),          cmocka_unit_test(h2_continuation),
		cmocka_unit_test(exported_pdu),    cmocka_unit_test(http1_pairing),
		cmocka_unit_test(http1_chunked),
		cmocka_unit_test(http1_chunked_problem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
