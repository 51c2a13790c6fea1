/*
 * load.c — the evidence files given with complaints (evidence.h): what each
 * file is, from its first bytes, and reading it once for every complaint
 * of the run; joining them to one complaint is ct_evidence_apply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "celltriage/drivetest.h"
#include "celltriage/evidence.h"
#include "celltriage/profile.h"

/* A capture as evidence: only its failures count (ct_evidence_add_capture),
 * and they wait in a temporary file, so a multi-gigabyte trace costs no
 * more memory than a small one. */
#define EVIDENCE_CAP_FLAGS (CT_CAP_SPILL | CT_CAP_FAILURES_ONLY)

/* The first bytes of path into buf; -1 when it cannot be opened. */
static long
file_head(const char *path, void *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size, f);
	fclose(f);
	return (long)n;
}

enum ct_evkind
ct_evidence_sniff(const char *path)
{
	unsigned char m[4];
	long got = file_head(path, m, sizeof(m));
	size_t n;

	if (got < 0)
		return CT_EV_UNKNOWN;
	n = (size_t)got;
	for (size_t i = 0; i < n; i++) {
		if (m[i] == '{' || m[i] == '[')
			return CT_EV_JSON;
		if (m[i] != ' ' && m[i] != '\t' && m[i] != '\r' && m[i] != '\n')
			break;
	}
	if (n < 4)
		return CT_EV_UNKNOWN;
	/* pcap magic in either byte order, micro- (a1b2c3d4) or nanosecond
	 * (a1b23c4d) timestamps, and the pcapng Section Header Block type. */
	if ((m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0xc3 && m[3] == 0xd4) ||
	    (m[0] == 0xd4 && m[1] == 0xc3 && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0x3c && m[3] == 0x4d) ||
	    (m[0] == 0x4d && m[1] == 0x3c && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a))
		return CT_EV_CAPTURE;
	return CT_EV_UNKNOWN;
}

enum ct_evkind
ct_evidence_sniff_omc(const char *path, const struct ct_omc_profile *map)
{
	char buf[65536];
	long n = file_head(path, buf, sizeof(buf));

	if (n < 0)
		return CT_EV_UNKNOWN;
	return ct_omc_sniff(buf, (size_t)n, map) != CT_OMC_UNKNOWN ? CT_EV_OMC : CT_EV_UNKNOWN;
}

static int
load_omc(struct ct_evidence_set *ev, const char *path, FILE *warn, struct ct_err *err)
{
	struct ct_omc *o = &ev->omcs[ev->nomcs];
	int rc;

	if ((rc = ct_omc_read(path, &ev->prof->omc, o, err)) != 0)
		return rc;
	if (warn)
		ct_badrows_warn(warn, "celltriage", o->file, &o->bad);
	ev->nomcs++;
	return 0;
}

static int
load_capture(struct ct_evidence_set *ev, const char *path, struct ct_err *err)
{
	struct ct_capture_opts opts;
	int rc;

	ct_capture_opts_of_profile(ev->prof, &opts);
	if ((rc = ct_capture_read(path, EVIDENCE_CAP_FLAGS | CT_CAP_MTP3(ev->prof->mtp3_variant),
				  &opts, &ev->caps[ev->ncaps], err)) != 0)
		return rc;
	ev->ncaps++;
	return 0;
}

static int
load_drive(struct ct_evidence_set *ev, const char *path, FILE *warn, struct ct_err *err)
{
	struct ct_dt_log *log = &ev->dts[ev->ndts];
	int rc;

	if ((rc = ct_dt_read(path, ev->prof, log, err)) == 0) {
		if (warn)
			ct_badrows_warn(warn, "celltriage", log->file, &log->bad);
		rc = ct_dt_analyse(log, ev->prof, &ev->dtst[ev->ndts], err);
	}
	if (rc) {
		ct_dt_free(log); /* also after a failed read */
		return rc;
	}
	ev->ndts++;
	return 0;
}

int
ct_evidence_load(struct ct_evidence_set *ev, const struct ct_evidence_files *f,
		 const struct ct_profile *p, char **complaints, int *ncomplaints,
		 struct ct_err *err)
{
	size_t most = (size_t)(f->nargs + f->ncaptures + f->ndrives) + 1;
	int rc = 0;

	memset(ev, 0, sizeof(*ev));
	*ncomplaints = 0;
	ev->prof = p;
	ev->caps = ct_xcalloc(most, sizeof(*ev->caps));
	ev->dts = ct_xcalloc(most, sizeof(*ev->dts));
	ev->dtst = ct_xcalloc(most, sizeof(*ev->dtst));
	ev->omcs = ct_xcalloc(most, sizeof(*ev->omcs));
	for (int i = 0; i < f->nargs && !rc; i++) {
		const char *path = f->args[i];
		struct stat sb;

		/* A pipe's first bytes, once looked at, are gone: it is read
		 * as complaints (the complaint reader reports a file that
		 * cannot be opened). */
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			complaints[(*ncomplaints)++] = f->args[i];
			continue;
		}
		/* OMC exports first: VES is JSON and a CSV export is not a
		 * drive-test log. */
		if (ct_evidence_sniff_omc(path, &p->omc) == CT_EV_OMC) {
			rc = load_omc(ev, path, f->warn, err);
			continue;
		}
		switch (ct_evidence_sniff(path)) {
		case CT_EV_CAPTURE:
			rc = load_capture(ev, path, err);
			break;
		case CT_EV_JSON:
			complaints[(*ncomplaints)++] = f->args[i];
			break;
		default:
			/* Not JSON, not a capture: a drive-test log, whose reader
			 * says what is wrong with it. A file that cannot be opened
			 * is left to the complaint reader to report. */
			if (access(path, R_OK) != 0)
				complaints[(*ncomplaints)++] = f->args[i];
			else
				rc = load_drive(ev, path, f->warn, err);
			break;
		}
	}
	/* --capture, --pm and --alarms: the content decides (an OMC export,
	 * else a capture). */
	for (int i = 0; i < f->ncaptures && !rc; i++) {
		if (ct_evidence_sniff_omc(f->captures[i], &p->omc) == CT_EV_OMC)
			rc = load_omc(ev, f->captures[i], f->warn, err);
		else
			rc = load_capture(ev, f->captures[i], err);
	}
	for (int i = 0; i < f->ndrives && !rc; i++)
		rc = load_drive(ev, f->drives[i], f->warn, err);
	if (rc) {
		ct_evidence_free(ev);
		*ncomplaints = 0;
	}
	return rc;
}

int
ct_evidence_apply(const struct ct_evidence_set *ev, struct ct_complaint *c, struct ct_err *err)
{
	/* A shallow copy: only its typed measurements are read, for settling. */
	const struct ct_complaint typed = *c;

	for (size_t i = 0; i < ev->ncaps; i++) {
		ct_evidence_add_capture(c, &ev->caps[i]);
		if (ev->caps[i].spill && ferror(ev->caps[i].spill))
			return ct_fail(err, CT_EINPUT,
				       "%s: cannot read back the temporary file of its causes",
				       ev->caps[i].file);
	}
	for (size_t i = 0; i < ev->ndts; i++)
		ct_evidence_add_drivetest(c, &ev->dts[i], &ev->dtst[i], ev->prof);
	/* PM files first: they tie a short cell name to its full DN, which the
	 * alarm files need to see site alarms. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ev->nomcs; i++)
			if ((ev->omcs[i].nobjs > 0) == (pass == 0))
				ct_evidence_add_omc(c, &ev->omcs[i]);
	ct_evidence_settle(c, &typed, ev->prof);
	return 0;
}

void
ct_evidence_free(struct ct_evidence_set *ev)
{
	for (size_t i = 0; i < ev->ncaps; i++)
		ct_capture_free(&ev->caps[i]);
	for (size_t i = 0; i < ev->ndts; i++) {
		ct_dt_stats_free(&ev->dtst[i]);
		ct_dt_free(&ev->dts[i]);
	}
	free(ev->caps);
	free(ev->dts);
	free(ev->dtst);
	for (size_t i = 0; i < ev->nomcs; i++)
		ct_omc_free(&ev->omcs[i]);
	free(ev->omcs);
	memset(ev, 0, sizeof(*ev));
}
