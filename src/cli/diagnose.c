/*
 * diagnose.c — `celltriage diagnose` and `celltriage plan`.
 *
 * Both read complaint files (one object, an array, or JSON Lines), walk the
 * decision tree for each complaint and print the verdict or the one-visit
 * test plan. A bad record of a JSON Lines file is reported with its line
 * and the rest still go through; the exit status is then 2.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "celltriage/complaint.h"
#include "celltriage/diagnose.h"
#include "celltriage/report.h"
#include "cli.h"

static const char diagnose_usage[] =
	"usage: celltriage diagnose [--profile FILE] [--format text|json] [--capture F]...\n"
	"                           [--drive-test F]... [--pm F]... [--alarms F]...\n"
	"                           COMPLAINT.json... [EVIDENCE...]\n"
	"\n"
	"Walks the decision tree of each complaint (Q1 card/number, Q2 terminal,\n"
	"Q3 radio by phenomenon, Q4 core) and prints the verdict: cause, class,\n"
	"confidence, grade, tags, every check made with its evidence, value and\n"
	"threshold, what is still needed, and the actions for the cause.\n"
	"\n"
	"A complaint file holds one JSON object, an array of them, or one object\n"
	"per line (JSON Lines). A bad line is reported and the rest go through.\n"
	"Evidence files are recognised by content: a pcap / pcapng signalling\n"
	"capture adds the failure causes of the complaint's subscriber (by IMSI or\n"
	"MSISDN), each with its file and frame, to the Q3.1.5 / Q4 checks; a\n"
	"drive-test log (G-NetTrack CSV, Nemo NMF, a profile-mapped CSV) gives the\n"
	"level, quality, timing advance and ping-pongs of the samples near the\n"
	"complaint (the file decides over a typed value; the path shows both); an\n"
	"OMC export (TS 32.435 / 28.532 PM XML, VES JSON, alarm XML, a CSV the\n"
	"profile maps) the cell busy, UL interference, core load and active alarms\n"
	"of the complaint's location.cell at its received_at.\n"
	"\n"
	"options:\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
	"  -p, --profile FILE   thresholds, grade rules and actions (default:\n"
	"                       $CELLTRIAGE_PROFILE, else the built-in profile)\n"
	"  -f, --format FMT     text (default) or json (one object per complaint,\n"
	"                       one per line)\n"
	"  -c, --capture FILE   a signalling capture as evidence (repeatable)\n"
	"  -d, --drive-test F   a drive-test log as evidence (repeatable)\n"
	"      --pm FILE        an OMC PM export as evidence (repeatable)\n"
	"      --alarms FILE    an OMC alarm export as evidence (repeatable)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 every complaint diagnosed (undetermined is a verdict too),\n"
	"1 usage error, 2 a file or record could not be read.\n";

static const char plan_usage[] =
	"usage: celltriage plan [--profile FILE] [--format text|json] [--capture F]...\n"
	"                       [--drive-test F]... [--pm F]... [--alarms F]...\n"
	"                       COMPLAINT.json... [EVIDENCE...]\n"
	"\n"
	"Prints the one-visit test plan: every test and measurement that the\n"
	"branches still open need, grouped by where it is done (on site, back\n"
	"office / OMC, core side), in the order the tree needs them.\n"
	"\n"
	"options:\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
	"  -p, --profile FILE   profile (default: $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -f, --format FMT     text (default) or json\n"
	"  -c, --capture FILE   a signalling capture as evidence (repeatable)\n"
	"  -d, --drive-test F   a drive-test log as evidence (repeatable)\n"
	"      --pm FILE        an OMC PM export as evidence (repeatable)\n"
	"      --alarms FILE    an OMC alarm export as evidence (repeatable)\n"
	"  -h, --help           this text\n";

struct dctx {
	const struct ct_profile *prof;
	const struct cli_evidence *ev;
	enum ct_walk mode;
	int json;
	size_t shown;
};

static int
one(struct ct_complaint *c, void *arg, struct ct_err *err)
{
	struct dctx *x = arg;
	struct ct_verdict v;
	struct ct_buf b = CT_BUF_INIT;
	int rc;

	cli_evidence_apply(x->ev, c);
	ct_diagnose(c, x->prof, x->mode, &v);
	if (x->json) {
		json_t *j = x->mode == CT_WALK_PLAN ? ct_plan_to_json(&v) : ct_verdict_to_json(&v);

		rc = cli_print_json(j, 0, err);
		json_decref(j);
	} else {
		if (x->shown++)
			ct_buf_puts(&b, "\n");
		if (x->mode == CT_WALK_PLAN)
			ct_plan_text(&b, &v);
		else
			ct_verdict_text(&b, &v);
		rc = cli_write(ct_buf_str(&b), b.len, err);
	}
	ct_buf_free(&b);
	ct_verdict_free(&v);
	return rc;
}

static int
run(int argc, char **argv, enum ct_walk mode)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "capture", required_argument, NULL, 'c' },
		{ "drive-test", required_argument, NULL, 'd' },
		{ "pm", required_argument, NULL, 'c' },
		{ "alarms", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "tz", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "p:f:c:d:h";
	struct cli_evopts eo = { ct_xcalloc((size_t)argc + 1, sizeof(char *)),
				 ct_xcalloc((size_t)argc + 1, sizeof(char *)), 0, 0 };
	struct cli_evidence ev;
	const char *cmd = mode == CT_WALK_PLAN ? "plan" : "diagnose";
	const char *profile = NULL, *format = "text";
	struct ct_profile prof;
	struct ct_err err;
	struct dctx x;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 'p': profile = optarg; break;
		case 'z': cli_tz_option(optarg); break;
		case 'f': format = optarg; break;
		case 'c': eo.captures[eo.ncaptures++] = optarg; break;
		case 'd': eo.drives[eo.ndrives++] = optarg; break;
		case 'h':
			rc = -1;
			fputs(mode == CT_WALK_PLAN ? plan_usage : diagnose_usage, stdout);
			goto out_opts;
		default:
			rc = cli_option_error(cmd, argv, shortopts, opts);
			goto out_opts;
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		rc = cli_usage_error(cmd, "--format must be text or json, not '%s'", format);
		goto out_opts;
	}
	if ((rc = cli_load_profile(profile, &prof, &err)) != 0) {
		rc = cli_error(rc, &err);
		goto out_opts;
	}
	rc = cli_evidence_load(argv + optind, argc - optind, &eo, &prof, &ev);
	free(eo.captures);
	free(eo.drives);
	if (rc) {
		ct_profile_free(&prof);
		return rc;
	}
	if (ev.ncomplaints == 0) {
		cli_evidence_free(&ev);
		ct_profile_free(&prof);
		return cli_usage_error(cmd, "no complaint file given");
	}
	x.prof = &prof;
	x.ev = &ev;
	x.mode = mode;
	x.json = strcmp(format, "json") == 0;
	x.shown = 0;
	rc = cli_each_complaint(cmd, "diagnosed", ev.complaints, ev.ncomplaints, one, &x);
	cli_evidence_free(&ev);
	ct_profile_free(&prof);
	return rc;
out_opts:
	free(eo.captures);
	free(eo.drives);
	return rc < 0 ? 0 : rc;
}

int
cmd_diagnose(int argc, char **argv)
{
	return run(argc, argv, CT_WALK_DIAGNOSE);
}

int
cmd_plan(int argc, char **argv)
{
	return run(argc, argv, CT_WALK_PLAN);
}
