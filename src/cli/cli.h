/*
 * cli.h — shared plumbing of the sub-commands (src/cli/), private to the CLI.
 *
 * Each sub-command is `int cmd_x(int argc, char **argv)` returning the exit
 * status: 0 success, 1 usage error, 2 input or store error.
 */
#ifndef CELLTRIAGE_CLI_H
#define CELLTRIAGE_CLI_H

#include <jansson.h>

#include "celltriage/evidence.h"
#include "celltriage/profile.h"
#include "celltriage/util.h"

enum { EXIT_USAGE = 1, EXIT_INPUT = 2 };

int cmd_diagnose(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_ticket(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_drivetest(int argc, char **argv);
int cmd_omc(int argc, char **argv);
int cmd_profile(int argc, char **argv);
/* The NOC's monitoring (monitor.c). */
int cmd_hotspots(int argc, char **argv);
int cmd_knowledge(int argc, char **argv);
int cmd_customer(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Prints "celltriage: MESSAGE" on stderr and returns the exit status for
 * a CT_E* code. */
int cli_error(int code, const struct ct_err *err);
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* getopt_long's refusal ('?': its own messages are off) as a usage error
 * naming the option: unknown, ambiguous, missing its value or given one it
 * does not take. shortopts and longopts are the ones getopt_long was given,
 * argv its argv. */
struct option;
int cli_option_error(const char *cmd, char *const argv[], const char *shortopts,
		     const struct option *longopts);
/* --mask: from now on every error message has its numbers masked
 * (report.h ct_mask_text), as the outputs do, since a message may echo
 * the MSISDN or IMSI it could not read. */
void cli_mask_errors(void);

/*
 * The profile from --profile, else $CELLTRIAGE_PROFILE, else built-in; then
 * the process's time zone (util.h ct_zone_set): --tz when given, else the
 * profile's time.zone. Every command calls it before it reads or shows a
 * time (--now included) and before any thread starts. An unknown --tz is a
 * usage error (CT_EUSAGE).
 */
int cli_load_profile(const char *opt, struct ct_profile *p, struct ct_err *err);
/* The zone alone, for a command that shows times from its first line on
 * (cli_load_profile; the profile is kept for the command's own
 * cli_load_profile of the same --profile, which then takes it). */
int cli_zone(const char *profile_opt, struct ct_err *err);
/* --tz ZONE: the zone cli_load_profile sets instead of the profile's. */
void cli_tz_option(const char *zone);

/* Writes a buffer to stdout; returns 0 or CT_EINPUT-style failure when
 * stdout cannot be written (a full disk, a closed pipe). */
int cli_write(const char *s, size_t n, struct ct_err *err);
/* Writes b to stdout and empties it once it holds at least at_least bytes
 * (0: whatever it holds): a streaming listing's output, in chunks. */
int cli_flush(struct ct_buf *b, size_t at_least, struct ct_err *err);
/*
 * After a store write succeeded: flushes stdout and returns 0; when stdout
 * cannot be written (a full disk, a closed pipe), prints one error line that
 * says the write happened all the same ("celltriage: ticket 3 was moved to
 * dispatched (rev 2), but <stdout>: No space left on device") and returns
 * EXIT_INPUT. what is a printf format for the first part.
 */
int cli_done(const char *what, ...) __attribute__((format(printf, 1, 2)));
/* One JSON value on stdout, compact, one line. */
int cli_print_json(json_t *j, int indent, struct ct_err *err);
/* The same with jansson's json_dumps flags (JSON_PRESERVE_ORDER added). */
int cli_print_json_flags(json_t *j, size_t flags, struct ct_err *err);

/*
 * Calls fn for every complaint of every file (an object, an array or JSON
 * Lines). A file or record that cannot be read is reported on stderr and
 * counted, and the rest still go through; a summary follows when a batch had
 * bad records. fn returns 0, or a CT_E* code that stops everything (the
 * store or stdout failed). Returns the exit status. The complaint is freed
 * after fn returns.
 */
struct ct_complaint;
typedef int (*cli_complaint_fn)(struct ct_complaint *c, void *ctx, struct ct_err *err);
int cli_each_complaint(const char *cmd, const char *done_verb, char **files, int nfiles,
		       cli_complaint_fn fn, void *ctx);

/*
 * The evidence files given with the complaints (ct_evidence_load in
 * evidence.h says which file is what): the positional arguments, and the
 * files named with --capture, --pm, --alarms (captures) and --drive-test
 * (drives). cli_evidence_load reads them all, its skipped rows reported on
 * stderr, and returns 0 or the exit status after printing the error (a
 * file that cannot be read is an error: the verdict must not silently lack
 * it); complaints are the arguments that are not evidence. cli_evidence_apply
 * joins them to one complaint, and ends the run (exit status 2) when a
 * capture's causes cannot be read back.
 */
struct cli_evidence {
	struct ct_evidence_set set;
	char **complaints;    /* the arguments that are not evidence */
	int ncomplaints;
};
struct cli_evopts {
	char **captures, **drives;
	int ncaptures, ndrives;
};
int cli_evidence_load(char **args, int nargs, const struct cli_evopts *o,
		      const struct ct_profile *prof, struct cli_evidence *ev);
void cli_evidence_apply(const struct cli_evidence *ev, struct ct_complaint *c);
void cli_evidence_free(struct cli_evidence *ev);

/* --now TIME or the clock, as epoch seconds. A zone-less TIME is read in
 * the zone set (cli_load_profile), else the default profile's. */
int cli_now(const char *opt, long long *now, struct ct_err *err);

/* A progress line on stderr, only when stderr is a terminal. */
void cli_progress(const char *what, size_t done);
void cli_progress_end(void);

#endif
