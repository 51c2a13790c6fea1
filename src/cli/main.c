/* main.c — the celltriage command: dispatches to the sub-commands. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "celltriage/complaint.h"
#include "celltriage/report.h"
#include "cli.h"

static const char usage[] =
	"usage: celltriage COMMAND [ARGS]\n"
	"\n"
	"Network-fault triage for wireless complaints: walks the SIM/number ->\n"
	"terminal -> radio -> core decision tree and files the verdict as a ticket.\n"
	"\n"
	"commands:\n"
	"  diagnose   walk the decision tree for complaints and print the verdict\n"
	"  plan       print the one-visit test plan for a complaint\n"
	"  ticket     file, list and show tickets in the shared store\n"
	"  capture    failures, causes and subscribers in signalling captures\n"
	"  drivetest  drive-test logs: statistics, problem segments, maps, plots\n"
	"  omc        counters, KPIs and alarms per cell in OMC exports\n"
	"  profile    the merged profile, each value with its file and line\n"
	"  hotspots   cells, areas and causes with significantly more complaints\n"
	"  knowledge  planned outages and site adjustments that explain complaints\n"
	"  customer   what was learnt about a subscriber\n"
	"  serve      the desk: the TMF621 Trouble Ticket API over the store\n"
	"  user       the desk's users, roles and API tokens\n"
	"\n"
	"'celltriage COMMAND --help' describes a command; 'man celltriage' the rest\n"
	"(installed by 'make install'; in the source tree: 'man -l doc/celltriage.1').\n"
	"Exit status: 0 success, 1 usage error, 2 unreadable input or store.\n";

static int mask_errors;

void
cli_mask_errors(void)
{
	mask_errors = 1;
}

/* An error message as it is printed: numbers masked under --mask, control
 * characters escaped (a message may quote what it could not read). */
static void
put_message(const char *msg)
{
	struct ct_buf b = CT_BUF_INIT;
	char *m = mask_errors ? ct_mask_text(msg) : NULL;

	ct_buf_put_text(&b, m ? m : msg);
	fputs(ct_buf_str(&b), stderr);
	ct_buf_free(&b);
	free(m);
}

int
cli_error(int code, const struct ct_err *err)
{
	fputs("celltriage: ", stderr);
	put_message(err->msg);
	fputs("\n", stderr);
	return code == CT_EUSAGE ? EXIT_USAGE : EXIT_INPUT;
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	struct ct_buf b = CT_BUF_INIT;

	va_start(ap, fmt);
	ct_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "celltriage %s: ", cmd);
	put_message(ct_buf_str(&b));
	fprintf(stderr, "\n(see 'celltriage %s --help')\n", cmd);
	ct_buf_free(&b);
	return EXIT_USAGE;
}

int
cli_option_error(const char *cmd, char *const argv[], const char *shortopts,
		 const struct option *longopts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : NULL;
	size_t n;
	int matches = 0;

	if (optopt > 0 && optopt < 256 && !(arg && !strncmp(arg, "--", 2))) {
		/* A short option: known (then its value is missing) or not. */
		if (optopt != ':' && strchr(shortopts, optopt))
			return cli_usage_error(cmd, "option -%c needs a value", optopt);
		return cli_usage_error(cmd, "unknown option -%c", optopt);
	}
	if (!arg || strncmp(arg, "--", 2))
		return cli_usage_error(cmd, "unknown option");
	n = strcspn(arg, "=");
	if (optopt) {
		/* A long option that exists: given a value it does not take, or
		 * without the one it needs. */
		if (arg[n])
			return cli_usage_error(cmd, "option %.*s takes no value", (int)n, arg);
		return cli_usage_error(cmd, "option %s needs a value", arg);
	}
	for (const struct option *o = longopts; o->name; o++)
		matches += !strncmp(o->name, arg + 2, n - 2);
	if (matches > 1)
		return cli_usage_error(cmd, "option %.*s is ambiguous", (int)n, arg);
	return cli_usage_error(cmd, "unknown option %.*s", (int)n, arg);
}

/* --tz, when a command's options gave it. */
static const char *tz_option;

void
cli_tz_option(const char *zone)
{
	tz_option = zone;
}

/* The profile cli_zone loaded, kept for the command's own load of the
 * same --profile: a profile is parsed and checked once per command, where
 * `ticket list` did it twice (a few milliseconds of each run). */
static struct {
	int kept;
	const char *opt;
	struct ct_profile p;
} zone_profile;

int
cli_load_profile(const char *opt, struct ct_profile *p, struct ct_err *err)
{
	const char *path = opt;
	int rc;

	if (zone_profile.kept && (opt == zone_profile.opt ||
				  (opt && zone_profile.opt && !strcmp(opt, zone_profile.opt)))) {
		*p = zone_profile.p;   /* the zone it set is still the process's */
		zone_profile.kept = 0;
		return 0;
	}
	if (!path) {
		path = getenv("CELLTRIAGE_PROFILE");
		if (path && !*path)
			path = NULL;
	}
	if ((rc = ct_profile_load(path, p, err)) != 0)
		return rc;
	/* The one place the process's zone is set: every command loads its
	 * profile before it reads a time or starts a thread. */
	if (tz_option && !ct_zone_valid(tz_option)) {
		ct_profile_free(p);
		return ct_fail(err, CT_EUSAGE, "--tz: '%s' is not a time zone (no zone file %s/%s)",
			       tz_option, CT_ZONEINFO, tz_option);
	}
	if (ct_zone_set(tz_option ? tz_option : p->time.zone) != 0) {
		/* The loader checked the name: only setenv can fail here. */
		rc = ct_fail(err, CT_EPROFILE, "time.zone: '%s' cannot be set", p->time.zone);
		ct_profile_free(p);
		return rc;
	}
	return 0;
}

int
cli_zone(const char *profile_opt, struct ct_err *err)
{
	struct ct_profile p;
	int rc;

	if ((rc = cli_load_profile(profile_opt, &p, err)) != 0)
		return rc;
	if (zone_profile.kept)
		ct_profile_free(&zone_profile.p);
	zone_profile.p = p;
	zone_profile.opt = profile_opt;
	zone_profile.kept = 1;
	return 0;
}

int
cli_write(const char *s, size_t n, struct ct_err *err)
{
	if (n && fwrite(s, 1, n, stdout) != n)
		return ct_fail(err, CT_EINPUT, "<stdout>: %s", strerror(errno));
	return 0;
}

int
cli_flush(struct ct_buf *b, size_t at_least, struct ct_err *err)
{
	int rc = 0;

	if (b->len >= at_least && b->len) {
		rc = cli_write(ct_buf_str(b), b->len, err);
		ct_buf_reset(b);
	}
	return rc;
}

int
cli_done(const char *what, ...)
{
	struct ct_buf b = CT_BUF_INIT;
	va_list ap;
	int e;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	e = errno;
	va_start(ap, what);
	ct_buf_vprintf(&b, what, ap);
	va_end(ap);
	ct_buf_printf(&b, ", but <stdout>: %s", e ? strerror(e) : "cannot write");
	fputs("celltriage: ", stderr);
	put_message(ct_buf_str(&b));
	fputs("\n", stderr);
	ct_buf_free(&b);
	return EXIT_INPUT;
}

int
cli_print_json(json_t *j, int indent, struct ct_err *err)
{
	return cli_print_json_flags(j, indent ? JSON_INDENT(indent) : JSON_COMPACT, err);
}

int
cli_print_json_flags(json_t *j, size_t flags, struct ct_err *err)
{
	char *s = json_dumps(j, JSON_PRESERVE_ORDER | flags);
	int rc;

	if (!s)
		return ct_fail(err, CT_EINPUT, "<stdout>: cannot encode JSON");
	rc = cli_write(s, strlen(s), err);
	if (!rc)
		rc = cli_write("\n", 1, err);
	free(s);
	return rc;
}

int
cli_now(const char *opt, long long *now, struct ct_err *err)
{
	int rc;

	if (!opt) {
		*now = (long long)time(NULL);
		return 0;
	}
	/* A command that has not loaded its profile yet: the default
	 * profile's zone reads a zone-less --now (never the environment's). */
	if (!ct_zone() && (rc = cli_zone(NULL, err)) != 0)
		return rc;
	if (ct_parse_time(opt, now) != 0)
		return ct_fail(err, CT_EUSAGE, "--now: '%s' is not an ISO 8601 time", opt);
	return 0;
}

int
cli_each_complaint(const char *cmd, const char *done_verb, char **files, int nfiles,
		   cli_complaint_fn fn, void *ctx)
{
	struct ct_err err;
	size_t good = 0, bad = 0;
	int rc, status = 0;

	for (int i = 0; i < nfiles; i++) {
		struct ct_complaint_reader *r;
		struct ct_complaint c;

		if ((rc = ct_complaints_open(files[i], &r, &err)) != 0) {
			status = cli_error(rc, &err);
			bad++;
			continue;
		}
		while ((rc = ct_complaints_next(r, &c, &err)) != 0) {
			if (rc < 0) {
				status = cli_error(rc, &err);
				bad++;
				continue;
			}
			if (ct_complaints_notice(r, &c))
				fprintf(stderr, "celltriage: notice: %s; so is every zone-less time of "
					"this file\n", c.zone_notice);
			rc = fn(&c, ctx, &err);
			ct_complaint_free(&c);
			if (rc) {
				/* Fatal (the store, stdout): what was done stays done. */
				ct_complaints_close(r);
				cli_progress_end();
				return cli_error(rc, &err);
			}
			if (++good % 100 == 0)
				cli_progress(cmd, good);
		}
		ct_complaints_close(r);
	}
	cli_progress_end();
	if (bad && good + bad > 1)
		fprintf(stderr, "celltriage %s: %zu complaint%s %s, %zu rejected\n", cmd,
			good, good == 1 ? "" : "s", done_verb, bad);
	return status;
}

int
cli_evidence_load(char **args, int nargs, const struct cli_evopts *o,
		  const struct ct_profile *prof, struct cli_evidence *ev)
{
	const struct ct_evidence_files f = { args, nargs, o->captures, o->ncaptures,
					     o->drives, o->ndrives, stderr };
	struct ct_err err;
	int rc;

	ev->complaints = ct_xcalloc((size_t)nargs + 1, sizeof(*ev->complaints));
	rc = ct_evidence_load(&ev->set, &f, prof, ev->complaints, &ev->ncomplaints, &err);
	if (rc) {
		cli_evidence_free(ev);
		return cli_error(rc, &err);
	}
	return 0;
}

void
cli_evidence_apply(const struct cli_evidence *ev, struct ct_complaint *c)
{
	struct ct_err err;

	if (ct_evidence_apply(&ev->set, c, &err) != 0)
		exit(cli_error(CT_EINPUT, &err));
}

void
cli_evidence_free(struct cli_evidence *ev)
{
	ct_evidence_free(&ev->set);
	free(ev->complaints);
	ev->complaints = NULL;
	ev->ncomplaints = 0;
}

static int progress_shown;

void
cli_progress(const char *what, size_t done)
{
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r%s: %zu", what, done);
	progress_shown = 1;
}

void
cli_progress_end(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
	{ "diagnose", cmd_diagnose },
	{ "plan", cmd_plan },
	{ "ticket", cmd_ticket },
	{ "capture", cmd_capture },
	{ "drivetest", cmd_drivetest },
	{ "omc", cmd_omc },
	{ "profile", cmd_profile },
	{ "hotspots", cmd_hotspots },
	{ "knowledge", cmd_knowledge },
	{ "customer", cmd_customer },
	{ "user", cmd_user },
	{ "serve", cmd_serve },
};

int
main(int argc, char **argv)
{
	int rc;

	/* A closed pipe (`| head`) and the file size limit (`ulimit -f`)
	 * would kill the process without a word: ignored, they make the write
	 * fail with EPIPE or EFBIG, which the output's error path reports as
	 * one line (and a store write as the store's error). */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	/* getopt's own messages name the subcommand alone ("list: ..."), on
	 * a line of their own: each command says it (cli_option_error). */
	opterr = 0;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("celltriage " CELLTRIAGE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name)) {
			rc = commands[i].fn(argc - 1, argv + 1);
			/* A command that failed has said why (once): a stdout
			 * that failed with it is not a second error. */
			if ((fflush(stdout) != 0 || ferror(stdout)) && rc == 0) {
				fprintf(stderr, "celltriage: <stdout>: %s\n", strerror(errno));
				return EXIT_INPUT;
			}
			return rc;
		}
	fprintf(stderr, "celltriage: unknown command '%s' (see 'celltriage --help')\n", argv[1]);
	return EXIT_USAGE;
}
