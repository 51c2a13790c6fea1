/*
 * capture.c — `celltriage capture`: batch analysis of signalling captures.
 *
 * Files are read by -j worker threads; each renders its output into a
 * buffer, and the main thread prints the buffers in the order the files were
 * given, as soon as each is ready, so the output does not depend on -j.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/capture.h"
#include "celltriage/report.h"
#include "cli.h"

static const char capture_usage[] =
	"usage: celltriage capture [--format text|json|csv] [-j N] [--profile FILE]\n"
	"                          [--subscriber IMSI|MSISDN] FILE...\n"
	"\n"
	"Reads pcap and pcapng signalling captures (GSMTAP, S1AP/NAS, NGAP/5G NAS,\n"
	"GTPv2-C, Diameter, SIP) and lists every failure with its cause, the\n"
	"subscriber and cell it concerns, and the branch of the decision tree the\n"
	"profile maps it to; what could not be decoded is counted by reason.\n"
	"\n"
	"options:\n"
	"  -f, --format FMT       text (default), json (one object per file and\n"
	"                         line) or csv (one row per failure)\n"
	"  -j, --jobs N           read N files at once (default 1)\n"
	"  -p, --profile FILE     the cause -> branch table (default:\n"
	"                         $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -s, --subscriber ID    print that subscriber's ladder (every message\n"
	"                         concerning them, across interfaces) instead\n"
	"  -h, --help             this text\n"
	"\n"
	"Exit status: 0 every file read, 1 usage error, 2 a file could not be read\n"
	"(named with the frame where it breaks); the other files are still read.\n";

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

struct job {
	const char *path;
	struct ct_buf out;
	struct ct_err err;
	int rc, done;
};

struct pool {
	struct job *jobs;
	size_t n, next;
	enum fmt fmt;
	const struct ct_profile *prof;
	const char *subscriber;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void
run_job(struct pool *pl, struct job *j, size_t index)
{
	struct ct_capture cap;
	json_t *o = NULL;
	int sub;

	j->rc = ct_capture_read(j->path, pl->subscriber ? CT_CAP_KEEP_MESSAGES : 0, &cap, &j->err);
	if (j->rc)
		return;
	if (pl->subscriber) {
		sub = ct_capture_find_sub(&cap, pl->subscriber);
		if (pl->fmt == FMT_JSON)
			o = sub >= 0 ? ct_ladder_to_json(&cap, sub) : NULL;
		else if (sub >= 0)
			ct_ladder_text(&j->out, &cap, sub);
		else
			ct_buf_printf(&j->out, "%s: subscriber %s not seen\n", cap.file, pl->subscriber);
	} else if (pl->fmt == FMT_JSON) {
		o = ct_capture_to_json(&cap, pl->prof);
	} else if (pl->fmt == FMT_CSV) {
		ct_capture_csv(&j->out, &cap, pl->prof, index == 0);
	} else {
		ct_capture_text(&j->out, &cap, pl->prof);
	}
	if (o) {
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (s) {
			ct_buf_puts(&j->out, s);
			ct_buf_puts(&j->out, "\n");
			free(s);
		}
		json_decref(o);
	}
	ct_capture_free(&cap);
}

static void *
worker(void *arg)
{
	struct pool *pl = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&pl->mu);
		i = pl->next < pl->n ? pl->next++ : pl->n;
		pthread_mutex_unlock(&pl->mu);
		if (i >= pl->n)
			return NULL;
		run_job(pl, &pl->jobs[i], i);
		pthread_mutex_lock(&pl->mu);
		pl->jobs[i].done = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
}

int
cmd_capture(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "profile", required_argument, NULL, 'p' },
		{ "subscriber", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = "text", *profile = NULL;
	struct ct_profile prof;
	struct pool pl;
	struct ct_err err;
	pthread_t *th;
	long nj = 1;
	int opt, rc, status = 0, wrote_err = 0;
	char *end;

	memset(&pl, 0, sizeof(pl));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+f:j:p:s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'p': profile = optarg; break;
		case 's': pl.subscriber = optarg; break;
		case 'j':
			nj = strtol(optarg, &end, 10);
			if (*end || nj < 1 || nj > 256)
				return cli_usage_error("capture", "-j: '%s' is not a number of jobs (1..256)", optarg);
			break;
		case 'h':
			fputs(capture_usage, stdout);
			return 0;
		default:
			return cli_usage_error("capture", "unknown option");
		}
	}
	if (!strcmp(format, "text"))
		pl.fmt = FMT_TEXT;
	else if (!strcmp(format, "json"))
		pl.fmt = FMT_JSON;
	else if (!strcmp(format, "csv"))
		pl.fmt = FMT_CSV;
	else
		return cli_usage_error("capture", "--format must be text, json or csv, not '%s'", format);
	if (optind >= argc)
		return cli_usage_error("capture", "no capture file given");
	if ((rc = cli_load_profile(profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	pl.prof = &prof;
	pl.n = (size_t)(argc - optind);
	pl.jobs = ct_xcalloc(pl.n, sizeof(*pl.jobs));
	for (size_t i = 0; i < pl.n; i++)
		pl.jobs[i].path = argv[optind + (int)i];
	if ((size_t)nj > pl.n)
		nj = (long)pl.n;
	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	th = ct_xcalloc((size_t)nj, sizeof(*th));
	for (long t = 0; t < nj; t++)
		if (pthread_create(&th[t], NULL, worker, &pl) != 0) {
			fputs("celltriage: cannot start a worker thread\n", stderr);
			exit(3);
		}
	/* Print in the order given, each file as soon as it is done. */
	for (size_t i = 0; i < pl.n; i++) {
		struct job *j = &pl.jobs[i];

		pthread_mutex_lock(&pl.mu);
		while (!j->done)
			pthread_cond_wait(&pl.cv, &pl.mu);
		pthread_mutex_unlock(&pl.mu);
		if (j->rc) {
			status = cli_error(j->rc, &j->err);
		} else if (!wrote_err && cli_write(ct_buf_str(&j->out), j->out.len, &err) != 0) {
			status = cli_error(CT_EINPUT, &err);
			wrote_err = 1;
		}
		ct_buf_free(&j->out);
		if (pl.n > 1)
			cli_progress("capture", i + 1);
	}
	cli_progress_end();
	for (long t = 0; t < nj; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&pl.mu);
	pthread_cond_destroy(&pl.cv);
	free(th);
	free(pl.jobs);
	ct_profile_free(&prof);
	return status;
}
