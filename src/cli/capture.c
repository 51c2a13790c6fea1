/*
 * capture.c — `celltriage capture`: batch analysis of signalling captures.
 *
 * Memory does not grow with the captures: each file is read with its causes
 * spilled to a temporary file (CT_CAP_SPILL) and its output is written as it
 * is made. With -j 1 the main thread reads the files one after the other
 * and writes straight to stdout. With -j N, N worker threads each write a
 * file's output into a temporary file of their own, and the main thread
 * copies those to stdout in the order the files were given, as soon as each
 * is ready, so the output does not depend on -j.
 */
#include <errno.h>
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
	"GTPv2-C, GTPv1-C, PFCP, Diameter, SIP, H.225.0/Q.931; SS7 over M3UA, M2PA,\n"
	"M2UA, SUA and MTP2/MTP3 links: BSSMAP/DTAP, RANAP, MAP/CAMEL over TCAP, ISUP;\n"
	"the 2G/3G RAN: Abis RSL, Iuh HNBAP/RUA, Iub NBAP and the FP, MAC-d and RLC\n"
	"of the channels it sets up, down to UMTS RRC and NAS) and lists every failure\n"
	"with its cause, the subscriber and cell it concerns, and the branch of\n"
	"the decision tree the profile maps it to; what could not be decoded is\n"
	"counted by reason. The profile's capture.mtp3 names the MTP3 variant\n"
	"(itu, ansi, china, japan or auto).\n"
	"\n"
	"options:\n"
	"  -f, --format FMT       text (default), json (one object per file and\n"
	"                         line) or csv (one row per failure)\n"
	"  -j, --jobs N           read N files at once (default 1); with more jobs\n"
	"                         than files, each file is read ahead by a thread\n"
	"                         and, from 3 jobs a file, decoded in chunks by\n"
	"                         N / files - 1 threads\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
	"  -p, --profile FILE     the cause -> branch table and the failure rules\n"
	"                         (default: $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -s, --subscriber ID    print that subscriber's ladder (every message\n"
	"                         concerning them, across interfaces) instead\n"
	"  -h, --help             this text\n"
	"\n"
	"Exit status: 0 every file read, 1 usage error, 2 a file could not be read\n"
	"(named with the frame where it breaks); the other files are still read.\n";

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

static char stdout_buf[1 << 16];

struct job {
	const char *path;
	FILE *out;                /* with -j N: the output, in a temporary file */
	struct ct_err err;
	int rc, done;
	uint64_t packets, messages, undecoded;
	size_t events;
};

struct pool {
	struct job *jobs;
	size_t n, next;
	enum fmt fmt;
	const struct ct_profile *prof;
	const char *subscriber;
	unsigned flags;           /* CT_CAP_READAHEAD when cores are spare */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Reads job j's file and writes its output into out. */
static void
run_job(struct pool *pl, struct job *j, size_t index, FILE *out)
{
	struct ct_capture cap;
	struct ct_buf b = CT_BUF_INIT;
	json_t *o = NULL;
	unsigned flags = CT_CAP_SPILL | pl->flags;
	struct ct_capture_opts opts;
	int sub, wrc = 0;

	ct_capture_opts_of_profile(pl->prof, &opts);

	if (pl->fmt != FMT_JSON)
		flags |= CT_CAP_FAILURES_ONLY; /* text and CSV list only events */
	if (pl->subscriber)
		j->rc = ct_capture_read_subscriber(j->path, pl->subscriber, pl->flags,
						   &opts, &cap, &sub, &j->err);
	else
		j->rc = ct_capture_read(j->path, flags, &opts, &cap, &j->err);
	if (j->rc)
		return;
	j->packets = cap.packets;
	j->messages = cap.messages;
	if (pl->fmt == FMT_TEXT && !pl->subscriber)
		j->events = ct_capture_event_count(&cap, pl->prof);
	for (int u = 0; u < CT_UNDEC__COUNT; u++)
		j->undecoded += cap.undecoded[u];
	if (pl->subscriber) {
		if (pl->fmt == FMT_JSON)
			o = sub >= 0 ? ct_ladder_to_json(&cap, sub) : NULL;
		else if (sub >= 0)
			ct_ladder_text(&b, &cap, sub);
		else
			ct_buf_printf(&b, "%s: subscriber %s not seen\n", cap.file, pl->subscriber);
		if (o) {
			char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

			if (s) {
				ct_buf_puts(&b, s);
				ct_buf_puts(&b, "\n");
				free(s);
			}
			json_decref(o);
		}
		if (b.len && fwrite(b.s, 1, b.len, out) != b.len)
			wrc = -1;
		ct_buf_free(&b);
	} else if (pl->fmt == FMT_JSON) {
		wrc = ct_capture_write_json(out, &cap, pl->prof);
	} else if (pl->fmt == FMT_CSV) {
		wrc = ct_capture_write_csv(out, &cap, pl->prof, index == 0);
	} else {
		wrc = ct_capture_write_text(out, &cap, pl->prof);
	}
	if (cap.spill && ferror(cap.spill))
		j->rc = ct_fail(&j->err, CT_EINPUT, "%s: cannot read back the temporary file", j->path);
	else if (wrc)
		j->rc = ct_fail(&j->err, CT_EINPUT, "%s: cannot write the output: %s",
				out == stdout ? "<stdout>" : "temporary file", strerror(errno));
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
		pl->jobs[i].out = tmpfile();
		if (!pl->jobs[i].out)
			pl->jobs[i].rc = ct_fail(&pl->jobs[i].err, CT_EINPUT, "%s: cannot make a temporary file: %s",
						 pl->jobs[i].path, strerror(errno));
		else
			run_job(pl, &pl->jobs[i], i, pl->jobs[i].out);
		pthread_mutex_lock(&pl->mu);
		pl->jobs[i].done = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
}

/* Copies a worker's temporary output file to stdout. */
static int
copy_out(FILE *f, struct ct_err *err)
{
	char buf[1 << 16];
	size_t n;

	if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
		return ct_fail(err, CT_EINPUT, "temporary file: %s", strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return ct_fail(err, CT_EINPUT, "<stdout>: %s", strerror(errno));
	if (ferror(f))
		return ct_fail(err, CT_EINPUT, "temporary file: %s", strerror(errno));
	if (fflush(stdout) != 0)
		return ct_fail(err, CT_EINPUT, "<stdout>: %s", strerror(errno));
	return 0;
}

/* The batch's closing table: one line a file, then the totals. */
static void
summary(const struct pool *pl)
{
	uint64_t pk = 0, msg = 0, und = 0;
	size_t ev = 0, bad = 0;

	printf("\n%-36s %10s %9s %8s %9s\n", "file", "packets", "messages", "failures", "undecoded");
	for (size_t i = 0; i < pl->n; i++) {
		const struct job *j = &pl->jobs[i];
		const char *name = strrchr(j->path, '/') ? strrchr(j->path, '/') + 1 : j->path;
		size_t l = strlen(name);

		if (j->rc) {
			printf("%-36.36s %10s\n", l > 36 ? name + l - 36 : name, "unreadable");
			bad++;
			continue;
		}
		printf("%-36.36s %10llu %9llu %8zu %9llu\n", l > 36 ? name + l - 36 : name,
		       (unsigned long long)j->packets, (unsigned long long)j->messages, j->events,
		       (unsigned long long)j->undecoded);
		pk += j->packets;
		msg += j->messages;
		ev += j->events;
		und += j->undecoded;
	}
	printf("%-36s %10llu %9llu %8zu %9llu\n", bad ? "total (readable files)" : "total",
	       (unsigned long long)pk, (unsigned long long)msg, ev, (unsigned long long)und);
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
		{ "tz", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "f:j:p:s:h";
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
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'p': profile = optarg; break;
		case 'z': cli_tz_option(optarg); break;
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
			return cli_option_error("capture", argv, shortopts, opts);
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
	if ((size_t)nj > pl.n) {
		/* more jobs than files: a spare core reads ahead; from three
		 * jobs a file, the others decode chunks of it side by side (the
		 * ladder reads ahead only). Two jobs on a file stay a read-ahead:
		 * chunks need a reader, the decoders and a merge, 14% more
		 * instructions in all (481 M against 421 M on a 16 MB capture,
		 * callgrind), slower than one thread unless both cores are free;
		 * the read-ahead takes the read off the decoding thread (387 M
		 * left on it) for 2% more in all. */
		long per = nj / (long)pl.n;

		pl.flags = CT_CAP_READAHEAD |
			   (per >= 3 ? CT_CAP_WORKERS(per - 1 > 255 ? 255 : per - 1) : 0);
		nj = (long)pl.n;
	}
	pl.flags |= CT_CAP_MTP3(prof.mtp3_variant);
	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	/* stdout carries the bulk of the work's output: big blocks (glibc
	 * ignores the size unless the buffer is given). */
	setvbuf(stdout, stdout_buf, _IOFBF, sizeof(stdout_buf));
	if (nj == 1) {
		/* One after the other, straight to stdout. */
		for (size_t i = 0; i < pl.n; i++) {
			struct job *j = &pl.jobs[i];

			if (wrote_err)
				break;
			run_job(&pl, j, i, stdout);
			if (j->rc) {
				status = cli_error(j->rc, &j->err);
				wrote_err = ferror(stdout) != 0;
			} else if (fflush(stdout) != 0) {
				ct_fail(&err, CT_EINPUT, "<stdout>: %s", strerror(errno));
				status = cli_error(CT_EINPUT, &err);
				wrote_err = 1;
			}
			if (pl.n > 1)
				cli_progress("capture", i + 1);
		}
		th = NULL;
		nj = 0;
	} else {
		th = ct_xcalloc((size_t)nj, sizeof(*th));
		for (long t = 0; t < nj; t++)
			if (pthread_create(&th[t], NULL, worker, &pl) != 0) {
				fputs("celltriage: cannot start a worker thread\n", stderr);
				exit(3);
			}
	}
	/* -j N: print in the order given, each file as soon as it is done. */
	for (size_t i = 0; nj && i < pl.n; i++) {
		struct job *j = &pl.jobs[i];

		pthread_mutex_lock(&pl.mu);
		while (!j->done)
			pthread_cond_wait(&pl.cv, &pl.mu);
		pthread_mutex_unlock(&pl.mu);
		if (j->rc) {
			status = cli_error(j->rc, &j->err);
		} else if (!wrote_err && copy_out(j->out, &err) != 0) {
			status = cli_error(CT_EINPUT, &err);
			wrote_err = 1;
		}
		if (j->out)
			fclose(j->out);
		if (pl.n > 1)
			cli_progress("capture", i + 1);
	}
	cli_progress_end();
	for (long t = 0; t < nj; t++)
		pthread_join(th[t], NULL);
	if (pl.n > 1 && pl.fmt == FMT_TEXT && !pl.subscriber && !wrote_err)
		summary(&pl);
	pthread_mutex_destroy(&pl.mu);
	pthread_cond_destroy(&pl.cv);
	free(th);
	free(pl.jobs);
	ct_profile_free(&prof);
	return status;
}
