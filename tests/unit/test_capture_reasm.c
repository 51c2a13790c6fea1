/* test_capture_reasm.c — the capture reader's transport state
 * (src/ingest/capture_reasm.c) driven directly: what it puts together, and
 * what it gives up, counted by reason (the names the capture reports under
 * "undecoded"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "celltriage/decode.h"
#include "../../src/ingest/capture_int.h"

static void
frag_key(struct ct_cap_frag_key *k, uint32_t id)
{
	memset(k, 0, sizeof(*k));
	k->src.len = k->dst.len = 4;
	k->src.a[0] = 10;
	k->dst.a[0] = 11;
	k->version = 4;
	k->proto = 17;
	k->id = id;
}

static int
frag(struct ct_cap_reasm *r, uint32_t id, int64_t sec, size_t off, const char *s, size_t n,
     int more, uint64_t *u, uint8_t **out, size_t *outlen)
{
	struct ct_cap_frag_key k;
	uint8_t proto;

	frag_key(&k, id);
	return ct_cap_frag_add(r, &k, sec, off, (const uint8_t *)s, n, more, 17, u, out, outlen,
			       &proto);
}

/* In order, out of order with an overlap (the first copy of an octet
 * wins), a duplicate; a datagram whose fragments stop coming times out,
 * one still open at the end is incomplete; one past 65535 octets or in
 * more than 64 pieces is over the limit, each of its fragments counted. */
static void
test_fragments(void **state)
{
	struct ct_cap_reasm *r = ct_cap_reasm_new();
	uint64_t u[CT_UNDEC__COUNT] = { 0 };
	uint8_t *out;
	size_t n;
	char eight[9] = "ABCDEFGH", blk[8];

	(void)state;
	assert_int_equal(frag(r, 1, 0, 0, "aaaaaaaa", 8, 1, u, &out, &n), 0);
	assert_int_equal(frag(r, 1, 0, 16, "cc", 2, 0, u, &out, &n), 0);
	assert_int_equal(frag(r, 1, 0, 0, "aaaaaaaa", 8, 1, u, &out, &n), 0);
	assert_int_equal(u[CT_UNDEC_IP_FRAG_DUP], 1);
	/* the middle, overlapping the first: only its new block is taken */
	assert_int_equal(frag(r, 1, 0, 0, "XXXXXXXXbbbbbbbb", 16, 1, u, &out, &n), 1);
	assert_int_equal(n, 18);
	assert_memory_equal(out, "aaaaaaaabbbbbbbbcc", 18);
	free(out);
	assert_int_equal(ct_cap_reasm_held(r), 0);

	assert_int_equal(frag(r, 2, 100, 0, eight, 8, 1, u, &out, &n), 0);
	assert_int_equal(frag(r, 3, 131, 0, eight, 8, 1, u, &out, &n), 0); /* 2 is 31 s old */
	assert_int_equal(u[CT_UNDEC_IP_FRAG_TIMEOUT], 1);

	assert_int_equal(frag(r, 4, 131, 65528, eight, 16, 0, u, &out, &n), 0);
	assert_int_equal(u[CT_UNDEC_IP_FRAG_LIMIT], 1);
	for (size_t i = 0; i < 65; i++) {
		memset(blk, 'a' + (int)(i % 26), sizeof(blk));
		assert_int_equal(frag(r, 5, 131, i * 8, blk, 8, 1, u, &out, &n), 0);
	}
	assert_int_equal(u[CT_UNDEC_IP_FRAG_LIMIT], 1 + 64 + 1);
	ct_cap_reasm_finish(r, u);
	assert_int_equal(u[CT_UNDEC_IP_FRAG_INCOMPLETE], 1); /* datagram 3 */
	assert_int_equal(ct_cap_reasm_held(r), 0);
	ct_cap_reasm_free(r);
}

struct got {
	char msgs[8][128];
	int n;
};

static void
deliver(void *arg, const uint8_t *p, size_t len)
{
	struct got *g = arg;

	assert_true(g->n < 8 && len < sizeof(g->msgs[0]));
	memcpy(g->msgs[g->n], p, len);
	g->msgs[g->n++][len] = '\0';
}

static void
seg(struct ct_cap_reasm *r, unsigned port, uint32_t seq, unsigned fl, const char *s,
    struct got *g, uint64_t *u)
{
	struct ct_cap_tcp_key k;
	struct ct_cap_tcp_app app = { ct_sip_frame_len, deliver, g, 0 };

	memset(&k, 0, sizeof(k));
	k.src.len = k.dst.len = 4;
	k.src.a[0] = 10;
	k.dst.a[0] = 11;
	k.sport = (uint16_t)port;
	k.dport = 5060;
	ct_cap_tcp_segment(r, &k, 0, seq, fl, (const uint8_t *)s, strlen(s), &app, u);
}

#define M1 "SIP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok"
#define M2 "BYE sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n"

/* A message in three segments, the third first and the first twice: one
 * message, one retransmission. Two messages in one segment: both. Junk
 * after a message: unframed. A flow that ends (FIN) mid-message:
 * incomplete. Early segments beyond what a flow may hold: a gap. */
static void
test_tcp(void **state)
{
	struct ct_cap_reasm *r = ct_cap_reasm_new();
	uint64_t u[CT_UNDEC__COUNT] = { 0 };
	struct got g = { .n = 0 };
	const char *m = M1;

	(void)state;
	seg(r, 1, 100, 0, "SIP/2.0 200 OK\r\n", &g, u);
	seg(r, 1, 100 + 37, 0, "ok", &g, u);                     /* early */
	seg(r, 1, 100, 0, "SIP/2.0 200 OK\r\n", &g, u);          /* again */
	assert_int_equal(g.n, 0);
	seg(r, 1, 100 + 16, 0, "Content-Length: 2\r\n\r\n", &g, u);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.msgs[0], m);
	assert_int_equal(u[CT_UNDEC_TCP_RETRANSMISSION], 1);

	seg(r, 2, 7, 0, M1 M2, &g, u);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.msgs[2], M2);
	seg(r, 2, 7 + (uint32_t)strlen(M1 M2), 0, "\x01\x02junk\r\n", &g, u);
	assert_int_equal(u[CT_UNDEC_TCP_UNFRAMED], 1);

	seg(r, 3, 1, 0, "SIP/2.0 200 OK\r\nContent", &g, u);
	seg(r, 3, 24, CT_TCP_FIN, "", &g, u);
	assert_int_equal(u[CT_UNDEC_TCP_INCOMPLETE], 1);

	seg(r, 4, 1, 0, "SIP/2.0 200 OK\r\n", &g, u);
	for (uint32_t i = 0; i < 33; i++)
		seg(r, 4, 1000 + 100 * i, 0, "x", &g, u);       /* never in turn */
	assert_int_equal(u[CT_UNDEC_TCP_GAP], 1 + 1);           /* the 33rd, and the partial */
	assert_int_equal(g.n, 3);
	ct_cap_reasm_finish(r, u);
	assert_int_equal(ct_cap_reasm_held(r), 0);
	ct_cap_reasm_free(r);
}

static int
known(struct ct_cap_reasm *r, unsigned port)
{
	struct ct_cap_tcp_key k;

	memset(&k, 0, sizeof(k));
	k.src.len = k.dst.len = 4;
	k.src.a[0] = 10;
	k.dst.a[0] = 11;
	k.sport = (uint16_t)port;
	k.dport = 5060;
	return ct_cap_tcp_known(r, &k);
}

/* Half-open flows (a message begun, never ended nor closed), more than the
 * 4096 followed at once, all in the same second: each new one past the
 * limit drops the flow given a segment least recently, its held segments
 * counted over the limit; a flow given a segment again goes last. What is
 * held stays bounded, and what is left at the end is incomplete. */
static void
test_tcp_half_open(void **state)
{
	struct ct_cap_reasm *r = ct_cap_reasm_new();
	uint64_t u[CT_UNDEC__COUNT] = { 0 };
	struct got g = { .n = 0 };

	(void)state;
	for (unsigned f = 1; f <= 4096; f++)
		seg(r, f, 1, 0, "SIP/2.0 200 OK\r\n", &g, u);
	assert_int_equal(u[CT_UNDEC_TCP_LIMIT], 0);
	seg(r, 1, 1 + 16, 0, "Content", &g, u);                /* flow 1: the newest now */
	for (unsigned f = 4097; f <= 8191; f++)
		seg(r, f, 1, 0, "SIP/2.0 200 OK\r\n", &g, u);
	assert_int_equal(u[CT_UNDEC_TCP_LIMIT], 4095);          /* flows 2 .. 4096 */
	assert_true(known(r, 1));
	assert_false(known(r, 2));
	assert_true(known(r, 4097));
	seg(r, 8192, 1, 0, "SIP/2.0 200 OK\r\n", &g, u);
	assert_int_equal(u[CT_UNDEC_TCP_LIMIT], 4095 + 2);      /* flow 1, two segments */
	assert_false(known(r, 1));
	assert_true(ct_cap_reasm_held(r) <= CT_CAP_REASM_MAX);
	assert_int_equal(g.n, 0);
	ct_cap_reasm_finish(r, u);
	assert_int_equal(u[CT_UNDEC_TCP_INCOMPLETE], 4096);
	assert_int_equal(ct_cap_reasm_held(r), 0);
	ct_cap_reasm_free(r);
}

/* A TSN seen again in its association is a duplicate, within a window of
 * 1024 TSNs below the highest; another association's same TSN is not.
 * Fragments B, middle, E with consecutive TSNs make one message; a TSN
 * missing among them gives it up, its pieces counted. */
static void
test_sctp(void **state)
{
	struct ct_cap_reasm *r = ct_cap_reasm_new();
	uint64_t u[CT_UNDEC__COUNT] = { 0 };
	struct ct_cap_sctp_key a, b;
	uint8_t *out;
	size_t n;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.sport = a.dport = 36412;
	a.vtag = 1;
	b = a;
	b.vtag = 2;
	assert_int_equal(ct_cap_sctp_seen(r, &a, 5), 0);
	assert_int_equal(ct_cap_sctp_seen(r, &a, 5), 1);
	assert_int_equal(ct_cap_sctp_seen(r, &b, 5), 0);
	assert_int_equal(ct_cap_sctp_seen(r, &a, 4), 0);
	assert_int_equal(ct_cap_sctp_seen(r, &a, 4), 1);
	assert_int_equal(ct_cap_sctp_seen(r, &a, 5 + 1024), 0);
	assert_int_equal(ct_cap_sctp_seen(r, &a, 5), 0);        /* out of the window */
	assert_int_equal(ct_cap_sctp_seen(r, &a, 4 + 1024), 0);
	assert_int_equal(ct_cap_sctp_seen(r, &a, 4 + 1024), 1);

	assert_int_equal(ct_cap_sctp_fragment(r, &a, 1, 10, 1, 0, 0, (const uint8_t *)"ab", 2, u,
					      &out, &n), 0);
	assert_int_equal(ct_cap_sctp_fragment(r, &a, 1, 11, 0, 0, 0, (const uint8_t *)"cd", 2, u,
					      &out, &n), 0);
	assert_int_equal(ct_cap_sctp_fragment(r, &a, 1, 12, 0, 1, 0, (const uint8_t *)"e", 1, u,
					      &out, &n), 1);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "abcde", 5);
	free(out);
	assert_int_equal(ct_cap_sctp_fragment(r, &a, 1, 20, 1, 0, 0, (const uint8_t *)"ab", 2, u,
					      &out, &n), 0);
	assert_int_equal(ct_cap_sctp_fragment(r, &a, 1, 22, 0, 1, 0, (const uint8_t *)"e", 1, u,
					      &out, &n), 0);
	assert_int_equal(u[CT_UNDEC_NOT_REASSEMBLED], 2);
	ct_cap_reasm_finish(r, u);
	ct_cap_reasm_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_tcp_half_open),
		cmocka_unit_test(test_sctp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
