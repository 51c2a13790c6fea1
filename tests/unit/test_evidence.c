/*
 * test_evidence.c — which captures concern which complaint: matched by IMSI
 * or MSISDN, a phone-side log is the complainant's own, a named trace of
 * someone else adds nothing (so one capture in a batch joins one complaint);
 * which file given with complaints is what, read once and joined to one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "celltriage/capture.h"
#include "celltriage/complaint.h"
#include "celltriage/evidence.h"
#include "celltriage/profile.h"

static struct ct_cap_sub subs[2];
static struct ct_cap_cause causes[3];

/* Two subscribers; a failure of each and a success of the first. */
static void
make_capture(struct ct_capture *cap, size_t nsubs)
{
	memset(cap, 0, sizeof(*cap));
	memset(subs, 0, sizeof(subs));
	memset(causes, 0, sizeof(causes));
	snprintf(subs[0].imsi, sizeof(subs[0].imsi), "001010123456789");
	snprintf(subs[1].msisdn, sizeof(subs[1].msisdn), "8613800001111");
	causes[0] = (struct ct_cap_cause){ .frame = 3, .family = CT_FAM_DIAMETER,
		.group = CT_CG_EXPERIMENTAL, .value = 5001, .failure = 1, .sub = 0 };
	causes[1] = (struct ct_cap_cause){ .frame = 4, .family = CT_FAM_EMM, .value = 7,
		.failure = 1, .sub = 1 };
	causes[2] = (struct ct_cap_cause){ .frame = 5, .family = CT_FAM_DIAMETER, .value = 2001,
		.failure = 0, .sub = 0 };
	cap->file = "t.pcap";
	cap->subs = subs;
	cap->nsubs = nsubs;
	cap->causes = causes;
	cap->ncauses = 3;
}

static void
complaint(struct ct_complaint *c, char *imsi, char *msisdn)
{
	memset(c, 0, sizeof(*c));
	c->imsi = imsi;
	c->msisdn = msisdn;
}

static void
release(struct ct_complaint *c)
{
	for (size_t i = 0; i < c->nsig; i++) {
		free(c->sig[i].source);
		free(c->sig[i].message);
	}
	free(c->sig);
	for (size_t i = 0; i < c->nunused; i++) {
		free(c->unused[i].field);
		free(c->unused[i].source);
	}
	free(c->unused);
}

static void
test_matched_by_imsi(void **state)
{
	struct ct_capture cap;
	struct ct_complaint c;

	(void)state;
	make_capture(&cap, 2);
	complaint(&c, "001010123456789", NULL);
	assert_int_equal(ct_evidence_add_capture(&c, &cap), 1);
	assert_true(c.has_sig);
	assert_int_equal(c.sig[0].cause, 5001);
	assert_int_equal(c.sig[0].group, CT_CG_EXPERIMENTAL);
	assert_string_equal(c.sig[0].source, "t.pcap frame 3");
	release(&c);
}

static void
test_matched_by_national_msisdn(void **state)
{
	struct ct_capture cap;
	struct ct_complaint c;

	(void)state;
	make_capture(&cap, 2);
	complaint(&c, NULL, "13800001111"); /* without the country code */
	assert_int_equal(ct_evidence_add_capture(&c, &cap), 1);
	assert_int_equal(c.sig[0].family, CT_FAM_EMM);
	release(&c);
}

static void
test_someone_else_adds_nothing(void **state)
{
	struct ct_capture cap;
	struct ct_complaint c;

	(void)state;
	make_capture(&cap, 2);
	complaint(&c, "460001111111111", "13912345678");
	assert_int_equal(ct_evidence_add_capture(&c, &cap), 0);
	assert_false(c.has_sig); /* not traced: the trace is not theirs */
	/* ... and the verdict is told which file and why */
	assert_int_equal(c.nunused, 1);
	assert_string_equal(c.unused[0].field, cap.file);
	assert_string_equal(c.unused[0].source, "no packets for this subscriber: none of its 2 "
			    "subscribers is the complaint's IMSI or MSISDN");
	release(&c);
	/* A single named subscriber who is not the complainant: nothing either. */
	make_capture(&cap, 1);
	complaint(&c, NULL, "13912345678");
	assert_int_equal(ct_evidence_add_capture(&c, &cap), 0);
	assert_false(c.has_sig);
	assert_int_equal(c.nunused, 1);
	release(&c);
}

static void
test_phone_side_log_is_theirs(void **state)
{
	struct ct_capture cap;
	struct ct_complaint c;

	(void)state;
	make_capture(&cap, 2);
	cap.phone_side = 10;
	complaint(&c, NULL, "13912345678");
	assert_int_equal(ct_evidence_add_capture(&c, &cap), 2); /* both failures, not the 2001 */
	assert_true(c.has_sig);
	release(&c);
}

static void
test_sniff(void **state)
{
	(void)state;
	assert_int_equal(ct_evidence_sniff("captures/signalling/lte-attach-reject.pcap"), CT_EV_CAPTURE);
	assert_int_equal(ct_evidence_sniff("captures/complaints/terminal-band.json"), CT_EV_JSON);
	assert_int_equal(ct_evidence_sniff("captures/drivetest/sample-route.csv"), CT_EV_UNKNOWN);
	assert_int_equal(ct_evidence_sniff("/nonexistent"), CT_EV_UNKNOWN);
}

/* The content decides what a file is: the OMC exports first (VES is JSON
 * too), complaint files come back unread, and a file that cannot be opened
 * is left to the complaint reader. */
static void
test_load(void **state)
{
	char *args[] = { "captures/omc/complaint-busy-cell.json",
			 "captures/signalling/lte-attach-reject.pcap",
			 "tests/bad-input/drive-bad-rows.csv", "captures/omc/pm-site7-r.xml",
			 "captures/omc/ves-fault-site7.json", "/nonexistent" };
	char *caps[] = { "captures/omc/alarms-site7.xml",
			 "captures/signalling/sip-invite-503-q850.pcap" };
	char *drives[] = { "captures/drivetest/sample-calls.nmf" };
	char *complaints[6], warned[4096];
	struct ct_evidence_files f = { args, 6, caps, 2, drives, 1, tmpfile() };
	struct ct_complaint_reader *r;
	struct ct_evidence_set ev;
	struct ct_complaint c;
	struct ct_profile prof;
	struct ct_err err;
	size_t got;
	int n;

	(void)state;
	assert_non_null(f.warn);
	assert_int_equal(ct_profile_load(NULL, &prof, &err), 0);
	assert_int_equal(ct_evidence_load(&ev, &f, &prof, complaints, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(complaints[0], args[0]);
	assert_string_equal(complaints[1], "/nonexistent");
	assert_int_equal(ev.ncaps, 2);
	assert_int_equal(ev.ndts, 2);
	assert_int_equal(ev.nomcs, 3);
	/* The drive-test log's skipped rows, for people. */
	rewind(f.warn);
	got = fread(warned, 1, sizeof(warned) - 1, f.warn);
	warned[got] = '\0';
	assert_non_null(strstr(warned, "celltriage: tests/bad-input/drive-bad-rows.csv: 3 bad rows skipped\n"));
	fclose(f.warn);
	/* Joined: the PM file says the complaint's cell is busy. */
	assert_int_equal(ct_complaints_open(complaints[0], &r, &err), 0);
	assert_int_equal(ct_complaints_next(r, &c, &err), 1);
	assert_int_equal(c.omc.cell_busy, CT_NO); /* as typed */
	assert_int_equal(ct_evidence_apply(&ev, &c, &err), 0);
	assert_int_equal(c.omc.cell_busy, CT_YES);
	ct_complaint_free(&c);
	ct_complaints_close(r);
	ct_evidence_free(&ev);
	assert_int_equal(ev.ncaps + ev.ndts + ev.nomcs, 0);
	ct_profile_free(&prof);
}

/* A file that cannot be read fails the whole load: the verdict must not
 * silently lack it; what was read before is released. */
static void
test_load_fails(void **state)
{
	char *args[] = { "captures/complaints/terminal-band.json",
			 "captures/signalling/lte-attach-reject.pcap",
			 "tests/bad-input/not-a-capture.pcap" };
	char *complaints[3];
	struct ct_evidence_files f = { args, 3, NULL, 0, NULL, 0, NULL };
	struct ct_evidence_set ev;
	struct ct_profile prof;
	struct ct_err err;
	int n;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &prof, &err), 0);
	assert_int_equal(ct_evidence_load(&ev, &f, &prof, complaints, &n, &err), CT_EINPUT);
	assert_int_equal(strncmp(err.msg, "tests/bad-input/not-a-capture.pcap:", 35), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ev.ncaps + ev.ndts + ev.nomcs, 0);
	assert_null(ev.caps);
	ct_profile_free(&prof);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matched_by_imsi),
		cmocka_unit_test(test_matched_by_national_msisdn),
		cmocka_unit_test(test_someone_else_adds_nothing),
		cmocka_unit_test(test_phone_side_log_is_theirs),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
