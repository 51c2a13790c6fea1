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
	"prints per RAT the level's 10th/50th/90th percentiles and the share below\n"
	"the profile's coverage threshold (95% interval; a 5G NSA sample counts on\n"
	"lte, its anchor, and on nr, its NR leg), then the problems:\n"
	"weak_coverage and interference segments, pingpong_handover,\n"
	"handover_failure, call_setup_failure, call_drop, data_setup_failure and\n"
	"data_drop events, each with time, place and cell.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT    text (default), json (one object per log and line)\n"
	"                      or csv (one row per segment and event)\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
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

/* Opens a map or plot file; its name is kept in o for messages. */
static int
open_out(const char *path, struct ct_dt_out *o, struct ct_err *err)
{
	o->name = path;
	if (path && !(o->fp = fopen(path, "w")))
		return ct_fail(err, CT_EINPUT, "%s: %s", path, strerror(errno));
	return 0;
}

/* Closes it; 0, or CT_EINPUT when the last bytes could not be written. */
static int
close_out(struct ct_dt_out *o, struct ct_err *err)
{
	int rc = 0;

	if (o->fp && fclose(o->fp) != 0)
		rc = ct_fail(err, CT_EINPUT, "%s: cannot write: %s", o->name, strerror(errno));
	o->fp = NULL;
	ct_buf_free(&o->b);
	return rc;
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
		{ "tz", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "f:p:k:g:P:c:h";
	const char *format = "text", *profile = NULL, *kml = NULL, *geojson = NULL, *plot = NULL;
	const char *cellsf = NULL;
	struct ct_dt_cells cells = { NULL, 0, 0 };
	struct ct_dt_out mout[3] = { { CT_BUF_INIT, NULL, NULL }, { CT_BUF_INIT, NULL, NULL },
				     { CT_BUF_INIT, NULL, NULL } };
	struct ct_dt_maps *maps = NULL;
	const char **files;
	struct ct_profile prof;
	struct ct_err err;
	enum fmt fmt;
	size_t nfiles, nok = 0;
	int opt, rc, status = 0, header = 1;

	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'p': profile = optarg; break;
		case 'z': cli_tz_option(optarg); break;
		case 'k': kml = optarg; break;
		case 'g': geojson = optarg; break;
		case 'P': plot = optarg; break;
		case 'c': cellsf = optarg; break;
		case 'h':
			fputs(drivetest_usage, stdout);
			return 0;
		default:
			return cli_option_error("drivetest", argv, shortopts, opts);
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
	if ((rc = open_out(kml, &mout[0], &err)) != 0 || (rc = open_out(geojson, &mout[1], &err)) != 0 ||
	    (rc = open_out(plot, &mout[2], &err)) != 0 ||
	    ((kml || geojson || plot) &&
	     !(maps = ct_dt_maps_new(&prof, kml ? &mout[0] : NULL, geojson ? &mout[1] : NULL,
				     plot ? &mout[2] : NULL, &err)))) {
		for (int k = 0; k < 3; k++)
			close_out(&mout[k], &err);
		ct_dt_cells_free(&cells);
		ct_profile_free(&prof);
		return cli_error(CT_EINPUT, &err);
	}
	nfiles = (size_t)(argc - optind);
	files = ct_xcalloc(nfiles, sizeof(*files));
	for (size_t i = 0; i < nfiles; i++) {
		struct ct_dt_out out = { CT_BUF_INIT, stdout, "<stdout>" };
		struct ct_dt_log log;
		struct ct_dt_stats st;
		const char *path = argv[optind + (int)i];

		/* One pass over the log, in memory independent of its size:
		 * the statistics fold the samples in batches, the maps and the
		 * plot take each batch as it comes, and the output is written
		 * as it is made. */
		rc = ct_dt_read_stats_each(path, &prof, cells.n ? &cells : NULL, &log, &st,
					   maps ? ct_dt_maps_take : NULL, maps, &err);
		if (rc != 0) {
			status = cli_error(rc, &err);
			if (maps)
				ct_dt_maps_drop(maps);
			ct_dt_free(&log);
			continue;
		}
		ct_badrows_warn(stderr, "celltriage", log.file, &log.bad);
		if (fmt == FMT_JSON)
			rc = ct_dt_json(&out, &log, &st, &prof, &err);
		else if (fmt == FMT_CSV)
			rc = ct_dt_csv(&out, &log, &st, header, &err);
		else
			rc = ct_dt_text(&out, &log, &st, &prof, &err);
		header = 0;
		ct_buf_free(&out.b);
		if (rc == 0 && maps) {
			files[nok++] = path;
			if (ct_dt_maps_log(maps, &log, &st, &err) != 0) {
				/* a map's file cannot be written: no more maps */
				status = cli_error(CT_EINPUT, &err);
				ct_dt_maps_free(maps);
				maps = NULL;
			}
		}
		ct_dt_stats_free(&st);
		ct_dt_free(&log);
		if (rc) {
			status = cli_error(rc, &err);
			break;
		}
		if (nfiles > 1)
			cli_progress("drivetest", i + 1);
	}
	cli_progress_end();
	if (maps && ct_dt_maps_finish(maps, files, nok, &err) != 0)
		status = cli_error(CT_EINPUT, &err);
	for (int k = 0; k < 3; k++)
		if (close_out(&mout[k], &err) != 0)
			status = cli_error(CT_EINPUT, &err);
	free(files);
	ct_dt_cells_free(&cells);
	ct_profile_free(&prof);
	return status;
}
