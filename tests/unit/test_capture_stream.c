/*
 * test_capture_stream.c — the constant-memory capture path: causes spilled
 * to a temporary file and read back (CT_CAP_SPILL, CT_CAP_FAILURES_ONLY),
 * identity keys kept binary and turned into text only for the subscriber
 * id lists, and the streamed JSON / CSV writers, which must write the
 * bytes jansson (ct_capture_to_json) and the former renderers wrote.
 *
 * Inputs: the project's sample capture captures/signalling/lte-attach-reject.pcap
 * (tools/gen-captures.c: S1AP InitialUEMessage with an Attach request for
 * IMSI 001010123456789 from eNB 10.0.0.1 to MME 10.0.0.2 on SCTP 36412,
 * S6a AIR, AIA with Experimental-Result-Code 5001, Attach reject EMM 15),
 * and captures built field by field in memory below.
 * Run from the source root (as tests/run.sh does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include "celltriage/capture.h"
#include "celltriage/report.h"

#define SAMPLE "captures/signalling/lte-attach-reject.pcap"

/* What a writer makes of cap, NUL-terminated (caller frees). */
static char *
render(const struct ct_capture *cap, int csv)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(f);
	if (csv)
		assert_int_equal(ct_capture_write_csv(f, cap, NULL, 1), 0);
	else
		assert_int_equal(ct_capture_write_json(f, cap, NULL), 0);
	fclose(f);
	return s;
}

/* The jansson rendering of the same capture, with the newline the CLI adds. */
static char *
reference_json(const struct ct_capture *cap)
{
	json_t *o = ct_capture_to_json(cap, NULL);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *r = malloc(strlen(s) + 2);

	assert_non_null(r);
	memcpy(r, s, strlen(s));
	memcpy(r + strlen(s), "\n", 2);
	free(s);
	json_decref(o);
	return r;
}

static void
test_spill_reads_back_the_same_causes(void **state)
{
	struct ct_capture mem, sp;
	struct ct_cap_cause a, b;
	struct ct_err err;
	size_t ia = 0, ib = 0, n = 0;

	(void)state;
	assert_int_equal(ct_capture_read(SAMPLE, 0, NULL, &mem, &err), 0);
	assert_int_equal(ct_capture_read(SAMPLE, CT_CAP_SPILL, NULL, &sp, &err), 0);
	assert_null(mem.spill);
	assert_non_null(sp.spill);
	assert_null(sp.causes);      /* nothing kept in memory */
	assert_int_equal(sp.ncauses, 2);
	while (ct_capture_next_cause(&mem, &ia, &a)) {
		assert_int_equal(ct_capture_next_cause(&sp, &ib, &b), 1);
		assert_int_equal(a.frame, b.frame);
		assert_int_equal(a.sec, b.sec);
		assert_int_equal(a.usec, b.usec);
		assert_string_equal(a.protocol, b.protocol);
		assert_string_equal(a.message, b.message);
		assert_int_equal(a.family, b.family);
		assert_int_equal(a.group, b.group);
		assert_int_equal(a.value, b.value);
		assert_int_equal(a.failure, b.failure);
		assert_int_equal(a.sub, b.sub);
		assert_string_equal(a.cell, b.cell);
		n++;
	}
	assert_int_equal(ct_capture_next_cause(&sp, &ib, &b), 0);
	assert_int_equal(n, 2);
	/* a second walk starts again at the first cause: frame 3, the AIA's
	 * Experimental-Result-Code 5001, of subscriber 0 */
	ib = 0;
	assert_int_equal(ct_capture_next_cause(&sp, &ib, &b), 1);
	assert_int_equal(b.frame, 3);
	assert_int_equal(b.sec, 1795137300);
	assert_int_equal(b.usec, 3800);
	assert_string_equal(b.protocol, "diameter");
	assert_string_equal(b.message, "Authentication-Information-Answer");
	assert_int_equal(b.family, CT_FAM_DIAMETER);
	assert_int_equal(b.group, CT_CG_EXPERIMENTAL);
	assert_int_equal(b.value, 5001);
	assert_int_equal(b.failure, 1);
	assert_int_equal(b.sub, 0);
	assert_int_equal(ct_capture_next_cause(&sp, &ib, &b), 1);
	assert_int_equal(b.frame, 4);
	assert_string_equal(b.message, "Attach reject");
	assert_int_equal(b.family, CT_FAM_EMM);
	assert_int_equal(b.value, 15);
	ct_capture_free(&mem);
	ct_capture_free(&sp);
}

static void
test_subscriber_ids_from_binary_keys(void **state)
{
	struct ct_capture cap;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_capture_read(SAMPLE, CT_CAP_SPILL, NULL, &cap, &err), 0);
	assert_int_equal(cap.nsubs, 1);
	assert_string_equal(cap.subs[0].imsi, "001010123456789");
	assert_int_equal(cap.subs[0].failures, 2);
	assert_int_equal(cap.subs[0].nids, 4);
	/* UE ids scoped by their association, the endpoints in text order
	 * whichever way the message went (frame 1 eNB->MME, frame 4 MME->eNB) */
	assert_string_equal(cap.subs[0].ids[0], "enb-ue-id:10.0.0.1/36412-10.0.0.2/36412:1");
	assert_string_equal(cap.subs[0].ids[1], "imsi:001010123456789");
	assert_string_equal(cap.subs[0].ids[2],
			    "session:mme.epc.mnc001.mcc001.3gppnetwork.org;1795137300;42");
	assert_string_equal(cap.subs[0].ids[3], "mme-ue-id:10.0.0.1/36412-10.0.0.2/36412:1");
	ct_capture_free(&cap);
}

static void
test_failures_only_keeps_failures(void **state)
{
	struct ct_capture cap;
	struct ct_err err;
	struct ct_cap_cause c;
	size_t it = 0, n = 0;

	(void)state;
	/* the GTPv2 sample: Create Session Response with cause 73 (a failure)
	 * and nothing else bearing a cause; the SIP sample: 100 Trying (not a
	 * failure), then 503 with Reason Q.850 34 (two failures) */
	assert_int_equal(ct_capture_read("captures/signalling/sip-invite-503-q850.pcap",
					 CT_CAP_SPILL | CT_CAP_FAILURES_ONLY, NULL, &cap, &err), 0);
	while (ct_capture_next_cause(&cap, &it, &c)) {
		assert_int_equal(c.failure, 1);
		assert_int_equal(c.frame, 3);
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(cap.ncauses, 2);
	ct_capture_free(&cap);
	assert_int_equal(ct_capture_read("captures/signalling/sip-invite-503-q850.pcap",
					 CT_CAP_SPILL, NULL, &cap, &err), 0);
	assert_int_equal(cap.ncauses, 3); /* 100, 503, Q.850 34 */
	ct_capture_free(&cap);
}

static void
test_streamed_json_equals_jansson_on_sample(void **state)
{
	struct ct_capture mem, sp;
	struct ct_err err;
	char *ref, *a, *b;

	(void)state;
	assert_int_equal(ct_capture_read(SAMPLE, 0, NULL, &mem, &err), 0);
	assert_int_equal(ct_capture_read(SAMPLE, CT_CAP_SPILL, NULL, &sp, &err), 0);
	ref = reference_json(&mem);
	a = render(&mem, 0);
	b = render(&sp, 0);
	assert_string_equal(a, ref);
	assert_string_equal(b, ref);
	/* and the summary, keyed by family/group where the group matters */
	assert_non_null(strstr(ref, "\"summary\":{\"diameter/experimental\":{\"5001\":1},\"emm\":{\"15\":1}}}\n"));
	free(ref);
	free(a);
	free(b);
	ct_capture_free(&mem);
	ct_capture_free(&sp);
}

/* A capture made by hand: strings that need escaping or repair, and a
 * summary whose keys and values must keep their order of first sight. */
static void
add_cause(struct ct_capture *cap, uint64_t frame, enum ct_family f, enum ct_cause_group g,
	  uint32_t v, const char *msg)
{
	struct ct_cap_cause *c;

	cap->causes = ct_xgrow(cap->causes, cap->ncauses + 1, &cap->capcauses, sizeof(*cap->causes));
	c = &cap->causes[cap->ncauses++];
	memset(c, 0, sizeof(*c));
	c->frame = frame;
	c->sec = 1795137300;
	c->usec = 42;
	c->protocol = "sip";
	snprintf(c->message, sizeof(c->message), "%s", msg);
	c->family = f;
	c->group = g;
	c->value = v;
	c->failure = 1;
	c->node = -1;
	c->sub = -1;
}

static void
test_escaping_and_summary_order(void **state)
{
	struct ct_capture cap;
	char *ref, *got, *csv;

	(void)state;
	memset(&cap, 0, sizeof(cap));
	/* file name: a quote, a backslash, a tab, a control byte (0x1f), an
	 * invalid UTF-8 byte (0xff), a valid 2-byte sequence (U+00E9) and DEL */
	cap.file = ct_xstrdup("a\"b\\c\td\x1f" "e\xff" "f\xc3\xa9g\x7f");
	cap.packets = 9;
	cap.messages = 9;
	snprintf(cap.link_type, sizeof(cap.link_type), "EN10MB");
	add_cause(&cap, 1, CT_FAM_SIP, CT_CG_NONE, 503, "503 \"x\", y");
	add_cause(&cap, 2, CT_FAM_EMM, CT_CG_NONE, 15, "Attach reject");
	add_cause(&cap, 3, CT_FAM_SIP, CT_CG_Q850, 34, "503\r\n");
	add_cause(&cap, 4, CT_FAM_SIP, CT_CG_NONE, 486, "486");
	add_cause(&cap, 5, CT_FAM_SIP, CT_CG_NONE, 503, "503");
	/* a second before 1970 (the writer caches the date by second: -1
	 * must not pass for "nothing cached") */
	cap.causes[4].sec = -1;
	ref = reference_json(&cap);
	got = render(&cap, 0);
	assert_string_equal(got, ref);
	assert_memory_equal(got, "{\"file\":\"a\\\"b\\\\c\\td\\u001Fe\xef\xbf\xbd" "f\xc3\xa9g\x7f\",", 36);
	assert_non_null(strstr(got, "\"summary\":{\"sip\":{\"503\":2,\"486\":1},\"emm\":{\"15\":1},"
				    "\"sip/q850\":{\"34\":1}}}\n"));
	assert_non_null(strstr(got, "\"time\":\"2026-11-20T01:15:00.000042Z\""));
	assert_non_null(strstr(got, "\"frame\":5,\"time\":\"1969-12-31T23:59:59.000042Z\""));
	csv = render(&cap, 1);
	/* RFC 4180: fields with a comma, quote or line break are quoted, "" inside */
	assert_non_null(strstr(csv, ",1,2026-11-20T01:15:00.000042Z,sip,\"503 \"\"x\"\", y\",sip,,503,"
				    "Service Unavailable,,,,\r\n"));
	assert_non_null(strstr(csv, ",3,2026-11-20T01:15:00.000042Z,sip,\"503\r\n\",sip,q850,34,"
				    "No circuit/channel available,,,,\r\n"));
	free(ref);
	free(got);
	free(csv);
	ct_capture_free(&cap);
}

/* Writes the packets of the (Ethernet) captures files[0..nf) `rounds` times
 * into a new temporary pcap file, one second apart per round; returns its
 * path (caller unlinks, frees). Each round moves the TSN of an SCTP DATA
 * chunk first in its packet on (IPv4 without options: the TSN at offset
 * 14 + 20 + 12 + 4), as an association that went on would: the same TSN
 * again is a duplicate, counted once. */
static char *
repeat_files(const char *const *files, int nf, unsigned rounds)
{
	char eb[PCAP_ERRBUF_SIZE], *path = strdup("/tmp/ct-readahead-XXXXXX");
	struct pcap_pkthdr hd[32], *h;
	u_char *pk[32];
	const u_char *d;
	pcap_t *in, *dead;
	pcap_dumper_t *out;
	int fd, n = 0;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (int f = 0; f < nf; f++) {
		in = pcap_open_offline(files[f], eb);
		assert_non_null(in);
		assert_int_equal(pcap_datalink(in), DLT_EN10MB);
		while (n < 32 && pcap_next_ex(in, &h, &d) == 1) {
			hd[n] = *h;
			pk[n] = malloc(h->caplen);
			assert_non_null(pk[n]);
			memcpy(pk[n], d, h->caplen);
			n++;
		}
		pcap_close(in);
	}
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	out = pcap_dump_open(dead, path);
	assert_non_null(out);
	for (unsigned r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			struct pcap_pkthdr t = hd[i];
			u_char *q = pk[i];

			t.ts.tv_sec += (time_t)r;
			if (t.caplen >= 54 && q[12] == 0x08 && q[13] == 0x00 && q[14] == 0x45 &&
			    q[23] == 132 && q[46] == 0) {
				uint32_t tsn = (uint32_t)q[50] << 24 | (uint32_t)q[51] << 16 |
					       (uint32_t)q[52] << 8 | q[53];

				tsn += 16;
				q[50] = (u_char)(tsn >> 24);
				q[51] = (u_char)(tsn >> 16);
				q[52] = (u_char)(tsn >> 8);
				q[53] = (u_char)tsn;
			}
			pcap_dump((u_char *)out, &t, q);
		}
	pcap_dump_close(out);
	pcap_close(dead);
	for (int i = 0; i < n; i++)
		free(pk[i]);
	return path;
}

/* CT_CAP_READAHEAD (a second thread reading in 1 MiB batches, 4 in
 * flight) gives what the plain loop gives: on a file of many batches, so
 * the batches wrap around, and on a file that breaks mid-record. */
static void
test_readahead_equals_plain_read(void **state)
{
	struct ct_capture a, b;
	struct ct_err ea, eb;
	static const char *const sample[] = { SAMPLE };
	char *path = repeat_files(sample, 1, 6000), *ra, *rb;

	(void)state;
	assert_int_equal(ct_capture_read(path, CT_CAP_SPILL, NULL, &a, &ea), 0);
	assert_int_equal(ct_capture_read(path, CT_CAP_SPILL | CT_CAP_READAHEAD, NULL, &b, &eb), 0);
	assert_int_equal(a.packets, 24000);  /* 4 packets of the sample x 6000 */
	assert_int_equal(b.packets, a.packets);
	assert_int_equal(b.ncauses, 12000);  /* 2 causes each round */
	ra = render(&a, 0);
	rb = render(&b, 0);
	assert_true(strlen(ra) > 4 * 1024 * 1024 / 4);
	assert_string_equal(ra, rb);
	free(ra);
	free(rb);
	ct_capture_free(&a);
	ct_capture_free(&b);
	unlink(path);
	free(path);

	assert_int_equal(ct_capture_read("captures/signalling/truncated.pcap", 0, NULL, &a, &ea),
			 CT_EINPUT);
	assert_int_equal(ct_capture_read("captures/signalling/truncated.pcap", CT_CAP_READAHEAD, NULL,
					 &b, &eb), CT_EINPUT);
	assert_string_equal(ea.msg, eb.msg);
	assert_non_null(strstr(eb.msg, "truncated.pcap: frame 3: truncated dump file"));
}

/* The JSON of path read by workers in chunks of `chunk` bytes equals one
 * thread's. */
static void
workers_equal_one_thread(const char *path, size_t chunk)
{
	struct ct_capture a, b;
	struct ct_err err;
	char *ra, *rb;

	assert_int_equal(ct_capture_read(path, CT_CAP_SPILL, NULL, &a, &err), 0);
	ct_capture_set_chunk(chunk);
	assert_int_equal(ct_capture_read(path, CT_CAP_SPILL | CT_CAP_WORKERS(3), NULL, &b, &err), 0);
	ct_capture_set_chunk(0);
	ra = render(&a, 0);
	rb = render(&b, 0);
	if (strcmp(ra, rb) != 0)
		fail_msg("%s, chunks of %zu bytes: workers differ from one thread", path, chunk);
	free(ra);
	free(rb);
	ct_capture_free(&a);
	ct_capture_free(&b);
}

/* Workers decoding chunks side by side, merged in order, give what one
 * thread gives: the identities of each chunk are linked as one pass links
 * them (a UE id in use across a chunk boundary is the same subscriber; one
 * released in a chunk and used again is someone else). Every packet its
 * own chunk is the hardest case; on the project's samples and, where
 * ../shared is present, on every real capture (several with S1AP/NGAP UE
 * context releases, which retire UE ids). */
static void
test_workers_equal_one_thread(void **state)
{
	static const char *const own[] = {
		"captures/signalling/lte-attach-reject.pcap",
		"captures/signalling/s1ap-ue-id-reuse.pcap", /* ids released, then reused */
		"captures/signalling/s1ap-pdn-reject-radio-lost.pcap",
		"captures/signalling/ngap-pdu-reject-release.pcap",
		"captures/signalling/gsmtap-rr-release-mm-reject.pcap",
		"captures/signalling/gtpv2-create-session-no-resources.pcap",
		"captures/signalling/diameter-tcp-qinq.pcap",
		"captures/signalling/sip-invite-503-q850.pcap",
		"captures/signalling/ngap-registration-reject-sll.pcap",
		"captures/signalling/gsmtap-cc-disconnect-rrc-reestablishment.pcap",
		/* transport state across chunks: fragments, TCP segments out of
		 * order, a duplicate TSN; tunnels */
		"captures/signalling/sip-ip-fragments.pcap",
		"captures/signalling/sip-ipv6-fragments.pcap",
		"captures/signalling/sip-tcp-segments.pcap",
		"captures/signalling/s1ap-duplicate-chunk.pcap",
		"captures/signalling/sip-in-gtpu.pcap",
		"captures/signalling/sip-pppoe.pcap",
		"captures/signalling/sip-gre.pcap",
		"captures/signalling/sip-port-5065.pcap",
		"captures/signalling/nas-null-cipher-reject.pcap",
		/* SCCP XUDT segments put together across chunks (the stage
		 * collects them), one left incomplete; Abis channels released
		 * and used again; ANSI TCAP transactions ended */
		"captures/signalling/ss7-map-xudt-segmented-returnerror.pcap",
		"captures/signalling/abis-ipa-rsl-lu-reject.pcap",
		"captures/signalling/abis-lapd-rsl-error-indication.pcap",
		"captures/signalling/ss7-ansi-map-return-error-abort.pcap",
	};
	static const char *const two[] = { SAMPLE, "captures/signalling/diameter-tcp-qinq.pcap",
					   "captures/signalling/s1ap-ue-id-reuse.pcap" };
	char *path = repeat_files(two, 3, 50);
	FILE *ls;
	char line[1024];
	int real = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		workers_equal_one_thread(own[i], 1);
		workers_equal_one_thread(own[i], 600);
	}
	workers_equal_one_thread(path, 1);
	workers_equal_one_thread(path, 5000);
	unlink(path);
	free(path);
	ls = popen("ls ../shared/captures/real/*.pcap ../shared/captures/real/*.pcapng 2>/dev/null", "r");
	assert_non_null(ls);
	while (fgets(line, sizeof(line), ls)) {
		line[strcspn(line, "\n")] = '\0';
		workers_equal_one_thread(line, 1);
		workers_equal_one_thread(line, 20000);
		real++;
	}
	pclose(ls);
	if (!real)
		printf("notice: ../shared absent: workers checked on the project's samples only\n");
}

/* The two-pass ladder keeps the subscriber's messages, all of them and
 * only them: the same frames, messages and causes as the one-pass read
 * that keeps every message. */
static void
test_subscriber_ladder_keeps_only_theirs(void **state)
{
	static const char *const two[] = { SAMPLE, "captures/signalling/diameter-tcp-qinq.pcap" };
	static const char *const ids[] = { "001010123456789", "001010000000042", "999" };
	struct ct_capture all, one;
	struct ct_err err;
	char *path = repeat_files(two, 2, 3);

	(void)state;
	assert_int_equal(ct_capture_read(path, CT_CAP_KEEP_MESSAGES, NULL, &all, &err), 0);
	for (int i = 0; i < 3; i++) {
		int sa = ct_capture_find_sub(&all, ids[i]), so;
		size_t k = 0, kept = 0;

		assert_int_equal(ct_capture_read_subscriber(path, ids[i], 0, NULL, &one, &so, &err), 0);
		assert_int_equal(so, sa);
		assert_int_equal(one.packets, all.packets);
		if (sa < 0) {
			assert_int_equal(i, 2);   /* 999 is nobody */
			assert_int_equal(one.nmsgs, 0);
			ct_capture_free(&one);
			continue;
		}
		for (size_t m = 0; m < all.nmsgs; m++) {
			const struct ct_cap_msg *a = &all.msgs[m], *b;

			if (a->sub != sa)
				continue;
			assert_true(k < one.nmsgs);
			b = &one.msgs[k++];
			assert_int_equal(b->frame, a->frame);
			assert_string_equal(b->message, a->message);
			assert_int_equal(b->sub, so);
			assert_int_equal(b->nc, a->nc);
			for (int c = 0; c < a->nc; c++)
				assert_int_equal(one.causes[b->ncause + c].value,
						 all.causes[a->ncause + c].value);
		}
		kept = k;
		assert_int_equal(one.nmsgs, kept);
		assert_true(kept > 0 && kept < all.nmsgs); /* the other one's are not kept */
		assert_int_equal(one.subs[so].messages, all.subs[sa].messages);
		ct_capture_free(&one);
	}
	ct_capture_free(&all);
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spill_reads_back_the_same_causes),
		cmocka_unit_test(test_subscriber_ids_from_binary_keys),
		cmocka_unit_test(test_failures_only_keeps_failures),
		cmocka_unit_test(test_streamed_json_equals_jansson_on_sample),
		cmocka_unit_test(test_escaping_and_summary_order),
		cmocka_unit_test(test_readahead_equals_plain_read),
		cmocka_unit_test(test_subscriber_ladder_keeps_only_theirs),
		cmocka_unit_test(test_workers_equal_one_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
