/*
 * drivetest.c — `celltriage drivetest`: drive-test logs -> statistics,
 * problem segments and events, maps (KML, GeoJSON) and a CDF plot (SVG).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/drivetest.h"
#include "cli.h"

static const char drivetest_usage[] =
	"usage: celltriage drivetest [--format text|json|csv] [--profile FILE]\n"
	"                            [--kml FILE] [--geojson FILE] [--plot FILE.svg]\n"
	"                            [--cells FILE] LOG...\n"
	"\n"
	"Reads drive-test logs - G-NetTrack Pro CSV, Nemo Outdoor NMF, or any CSV\n"
	"layout the profile maps (drivetest.csv) - recognised by their content, and\n"
	"prints per RAT the serving level's 10th/50th/90th percentiles and the share\n"
	"below the profile's coverage threshold (95% interval), then the problems:\n"
	"weak_coverage and interference segments, pingpong_handover,\n"
	"handover_failure, call_setup_failure, call_drop, data_setup_failure and\n"
	"data_drop events, each with time, place and cell.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT    text (default), json (one object per log and line)\n"
	"                      or csv (one row per segment and event)\n"
	"  -p, --profile FILE  thresholds, segment rules and CSV mappings (default:\n"
	"                      $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -k, --kml FILE      write a KML map (Google Earth): samples coloured by\n"
	"                      the profile's thresholds, segments and events marked\n"
	"  -g, --geojson FILE  the same map as GeoJSON (QGIS)\n"
	"  -P, --plot FILE     write an SVG plot of the level CDF per RAT with the\n"
	"                      threshold lines\n"
	"  -c, --cells FILE    an OpenCellID CSV (radio,mcc,net,area,cell,unit,lon,\n"
	"                      lat,range,...): gives each sample its distance to\n"
	"                      the serving site (JSON site_distances)\n"
	"  -h, --help          this text\n"
	"\n"
	"A row that cannot be read is skipped: a warning on stderr names its line\n"
	"and reason (the first 5, then the count), JSON has \"bad_rows\", and the\n"
	"status stays 0; with drivetest { strict = true; } in the profile the first\n"
	"bad row fails the log instead.\n"
	"\n"
	"Exit status: 0 every log read, 1 usage error, 2 a log could not be read\n"
	"(named with the line where it breaks); the other logs are still read.\n";

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

static int
write_out(const char *path, const struct ct_buf *b, struct ct_err *err)
{
	FILE *f = fopen(path, "w");
	int bad;

	if (!f)
		return ct_fail(err, CT_EINPUT, "%s: %s", path, strerror(errno));
	bad = b->len && fwrite(b->s, 1, b->len, f) != b->len;
	if (fclose(f) != 0 || bad)
		return ct_fail(err, CT_EINPUT, "%s: cannot write: %s", path, strerror(errno));
	return 0;
}

int
cmd_drivetest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "kml", required_argument, NULL, 'k' },
		{ "geojson", required_argument, NULL, 'g' },
		{ "plot", required_argument, NULL, 'P' },
		{ "cells", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = "text", *profile = NULL, *kml = NULL, *geojson = NULL, *plot = NULL;
	const char *cellsf = NULL;
	struct ct_dt_cells cells = { NULL, 0, 0 };
	struct ct_dt_log *logs;
	struct ct_dt_stats *st;
	const struct ct_dt_log **lp;
	const struct ct_dt_stats **sp;
	struct ct_profile prof;
	struct ct_err err;
	enum fmt fmt;
	size_t nfiles, nok = 0;
	int opt, rc, status = 0, header = 1, stream;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:p:k:g:P:c:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'p': profile = optarg; break;
		case 'k': kml = optarg; break;
		case 'g': geojson = optarg; break;
		case 'P': plot = optarg; break;
		case 'c': cellsf = optarg; break;
		case 'h':
			fputs(drivetest_usage, stdout);
			return 0;
		default:
			return cli_usage_error("drivetest", "unknown option");
		}
	}
	if (!strcmp(format, "text"))
		fmt = FMT_TEXT;
	else if (!strcmp(format, "json"))
		fmt = FMT_JSON;
	else if (!strcmp(format, "csv"))
		fmt = FMT_CSV;
	else
		return cli_usage_error("drivetest", "--format must be text, json or csv, not '%s'", format);
	if (optind >= argc)
		return cli_usage_error("drivetest", "no drive-test log given");
	if ((rc = cli_load_profile(profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if (cellsf && (rc = ct_dt_cells_read(cellsf, &cells, &err)) != 0) {
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	stream = !kml && !geojson && !plot && !cellsf;
	nfiles = (size_t)(argc - optind);
	logs = ct_xcalloc(nfiles, sizeof(*logs));
	st = ct_xcalloc(nfiles, sizeof(*st));
	lp = ct_xcalloc(nfiles, sizeof(*lp));
	sp = ct_xcalloc(nfiles, sizeof(*sp));
	for (size_t i = 0; i < nfiles; i++) {
		struct ct_dt_out out = { CT_BUF_INIT, stdout, "<stdout>" };

		/* Without maps, plot or cell list nothing needs the samples
		 * themselves: one pass, memory independent of the log's size
		 * (ct_dt_read_stats), the output written as it is made. */
		if (stream)
			rc = ct_dt_read_stats(argv[optind + (int)i], &prof, &logs[i], &st[i], &err);
		else
			rc = ct_dt_read(argv[optind + (int)i], &prof, &logs[i], &err);
		if (rc != 0) {
			status = cli_error(rc, &err);
			ct_dt_free(&logs[i]);
			continue;
		}
		ct_badrows_warn(stderr, "celltriage", logs[i].file, &logs[i].bad);
		if (!stream) {
			if (cells.n)
				ct_dt_cells_apply(&cells, &logs[i]);
			if ((rc = ct_dt_analyse(&logs[i], &prof, &st[i], &err)) != 0) {
				status = cli_error(rc, &err);
				ct_dt_free(&logs[i]);
				continue;
			}
		}
		if (fmt == FMT_JSON)
			rc = ct_dt_json(&out, &logs[i], &st[i], &prof, &err);
		else if (fmt == FMT_CSV)
			rc = ct_dt_csv(&out, &logs[i], &st[i], header, &err);
		else
			rc = ct_dt_text(&out, &logs[i], &st[i], &prof, &err);
		header = 0;
		ct_buf_free(&out.b);
		if (stream) {
			/* nothing else needs them: close the temporary files now */
			ct_dt_stats_free(&st[i]);
			ct_dt_free(&logs[i]);
		} else {
			lp[nok] = &logs[i];
			sp[nok] = &st[i];
			nok++;
		}
		if (rc) {
			status = cli_error(rc, &err);
			break;
		}
		if (nfiles > 1)
			cli_progress("drivetest", i + 1);
	}
	cli_progress_end();
	if (kml || geojson || plot) {
		const char *paths[3] = { kml, geojson, plot };

		for (int k = 0; k < 3; k++) {
			struct ct_buf b = CT_BUF_INIT;

			if (!paths[k])
				continue;
			if (k == 0)
				ct_dt_kml(&b, lp, sp, nok, &prof);
			else if (k == 1)
				ct_dt_geojson(&b, lp, sp, nok, &prof);
			else
				ct_dt_svg(&b, lp, nok, &prof);
			if (write_out(paths[k], &b, &err) != 0)
				status = cli_error(CT_EINPUT, &err);
			ct_buf_free(&b);
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		ct_dt_stats_free(&st[i]);
		ct_dt_free(&logs[i]);
	}
	free(logs);
	free(st);
	free(lp);
	free(sp);
	ct_dt_cells_free(&cells);
	ct_profile_free(&prof);
	return status;
}
