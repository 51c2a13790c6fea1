/*
 * omc.c — `celltriage omc`: counters, KPIs and alarms per measured object in
 * OMC exports (TS 32.435 / TS 28.532 PM XML, VES JSON, the vendor alarm XML,
 * CSV exports mapped in the profile). One file after another; a file that
 * cannot be read is reported and the others are still printed.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "celltriage/omc.h"
#include "cli.h"

static const char omc_usage[] =
	"usage: celltriage omc [--format text|json|csv] [--profile FILE] FILE...\n"
	"\n"
	"Reads OMC exports, recognised by content: 3GPP TS 32.435 measCollecFile\n"
	"and TS 28.532 measDataFile PM XML, ONAP VES JSON (perf3gpp, fault,\n"
	"stndDefined notifyNewAlarm), the vendor alarm file XML (<adc>), and CSV\n"
	"counter and alarm exports through the column mappings of the profile's\n"
	"omc group. Prints the counters per measured object and period, the KPIs\n"
	"the profile maps (PRB use and cell busy, RRC setup failures, drops, UL\n"
	"interference, core load) and the alarms.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT     text (default), json (one object per file, one per\n"
	"                       line: format, begin, end, granularity_s, values,\n"
	"                       objects, alarms) or csv (one row per counter/alarm)\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
	"  -p, --profile FILE   KPI counter names, thresholds, CSV mappings\n"
	"                       (default: $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -h, --help           this text\n"
	"\n"
	"A CSV row that cannot be read is skipped: a warning on stderr names its\n"
	"line and reason (the first 5, then the count), JSON has \"bad_rows\", and\n"
	"the status stays 0; with omc { strict = true; } in the profile the first\n"
	"bad row fails the file instead.\n"
	"\n"
	"Exit status: 0 every file read, 1 usage error, 2 a file could not be read\n"
	"(named with its line); the other files are still read.\n";

int
cmd_omc(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "tz", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "f:p:h";
	const char *format = "text", *profile = NULL;
	struct ct_profile prof;
	struct ct_err err;
	int opt, rc, status = 0, fmt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'p': profile = optarg; break;
		case 'z': cli_tz_option(optarg); break;
		case 'h': fputs(omc_usage, stdout); return 0;
		default: return cli_option_error("omc", argv, shortopts, opts);
		}
	}
	if (!strcmp(format, "text"))
		fmt = 0;
	else if (!strcmp(format, "json"))
		fmt = 1;
	else if (!strcmp(format, "csv"))
		fmt = 2;
	else
		return cli_usage_error("omc", "--format must be text, json or csv, not '%s'", format);
	if (optind >= argc)
		return cli_usage_error("omc", "no file given");
	if ((rc = cli_load_profile(profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	for (int i = optind; i < argc; i++) {
		struct ct_omc o;
		struct ct_buf b = CT_BUF_INIT;

		if ((rc = ct_omc_read(argv[i], &prof.omc, &o, &err)) != 0) {
			status = cli_error(rc, &err);
			continue;
		}
		ct_badrows_warn(stderr, "celltriage", o.file, &o.bad);
		if (fmt == 1) {
			json_t *j = ct_omc_to_json(&o);

			rc = cli_print_json(j, 0, &err);
			json_decref(j);
		} else {
			if (fmt == 0)
				ct_omc_text(&b, &o);
			else
				ct_omc_csv(&b, &o, i == optind);
			rc = cli_write(ct_buf_str(&b), b.len, &err);
		}
		ct_buf_free(&b);
		ct_omc_free(&o);
		if (rc) {
			ct_profile_free(&prof);
			return cli_error(rc, &err);
		}
	}
	ct_profile_free(&prof);
	return status;
}
