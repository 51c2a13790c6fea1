/*
 * ticket.c — `celltriage ticket`: file, list and show tickets in the shared
 * store (store.h). Filing diagnoses each complaint first; a complaint id
 * already in the store updates its ticket instead of making a second one.
 * The NOC workflow's sub-commands (dispatch ... reopen, history, batch,
 * export, import) are in noc.c; the options are parsed here for all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "celltriage/complaint.h"
#include "celltriage/desk.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "cli.h"
#include "ticket.h"

static const char ticket_usage[] =
	"usage: celltriage ticket COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"The shared ticket store: one SQLite file (WAL mode) that several people\n"
	"and processes on one machine can use at once, or a PostgreSQL database\n"
	"that NOC workstations on several machines share.\n"
	"\n"
	"commands:\n"
	"  file COMPLAINT.json... [EVIDENCE...]\n"
	"                           diagnose and store; prints each ticket id\n"
	"  list                     tickets, filtered and formatted\n"
	"  show ID                  one ticket: every field, deadlines, stage times,\n"
	"                           history, decision path\n"
	"  dispatch ID --department D [--person P]\n"
	"                           send to a handling department (again: re-dispatch)\n"
	"  handle ID                the department is handling it\n"
	"  reply ID [--cause T] [--result T] [--department D] [--person P]\n"
	"                           the department's reply (the ticket is returned)\n"
	"  feedback ID --satisfaction S\n"
	"                           the customer was told; satisfied, partly, unsatisfied\n"
	"                           or unreachable\n"
	"  close ID [reply options] [--time-taken DUR] [--invalid --evidence TEXT|FILE]\n"
	"                           needs cause, result, satisfaction, department, person\n"
	"                           and time taken (computed from the history if not given)\n"
	"  reopen ID [--note T]     the revisit found the customer unsatisfied\n"
	"  comment ID --text T | --text-file F\n"
	"                           a comment in the history (no status change; rev + 1)\n"
	"  escalate [--now T]       raise the escalations due: open tickets whose stage\n"
	"                           is due within the profile's desk.escalation.before_min\n"
	"                           (near) or past due (overdue), once each; for cron\n"
	"  history ID               the audit trail: who did what when\n"
	"  batch create BATCH [--cause C] | add BATCH ID... | show BATCH\n"
	"  export [--format json|csv|tmf621]   every ticket with its history\n"
	"  import FILE              TMF621 TroubleTicket JSON (an array or one object),\n"
	"                           or our own export --format json or csv (all or none)\n"
	"  migrate --to STORE       copy the whole store (tickets, history, batches,\n"
	"                           knowledge, customers, users) into a new, empty store:\n"
	"                           SQLite to PostgreSQL or back\n"
	"  report --month YYYY-MM [--subscribers N] [--format text|json|csv|html]\n"
	"                           the month's figures against the profile's targets:\n"
	"                           per 10k subscribers, by cause, grade, cell and\n"
	"                           department, deadlines met, department deductions\n"
	"\n"
	"options (every command):\n"
	"  -s, --store STORE    the store: a file, or postgresql://HOST/DB (also\n"
	"                       postgres://, service=NAME); the password only\n"
	"                       through ~/.pgpass, PGPASSFILE or a service file\n"
	"                       (default: $CELLTRIAGE_STORE, else\n"
	"                       $XDG_DATA_HOME/celltriage/tickets.db, else\n"
	"                       ~/.local/share/celltriage/tickets.db)\n"
	"  -f, --format FMT     text (default) or json; list also takes csv\n"
	"      --mask           mask MSISDN, IMSI and IMEI (first 3, last 2 digits),\n"
	"                       and numbers of 7 digits or more in free text and errors\n"
	"      --now TIME       the time of a change, or what \"now\" is for deadlines\n"
	"                       (ISO 8601; default: the clock)\n"
	"      --who NAME       who makes a change (default: $USER)\n"
	"      --rev N          change only if the ticket is still at rev N\n"
	"      --note TEXT      kept with the change in the history\n"
	"  -h, --help           this text\n"
	"file:\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
	"  -p, --profile FILE   profile (default: $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -c, --capture FILE   a signalling capture as evidence (repeatable; pcap\n"
	"                       files among the arguments are recognised anyway)\n"
	"  -d, --drive-test F   a drive-test log as evidence (repeatable)\n"
	"list:\n"
	"      --status S, --grade N, --cause C, --cell CELL   filters (also export,\n"
	"                       report), and --department D, --person P, --msisdn N,\n"
	"                       --imsi N, --complaint ID (exact values); --department\n"
	"                       takes a department of the profile (id, name or alias)\n"
	"      --search TEXT    free text: every word in the complaint id, MSISDN,\n"
	"                       IMSI, cell, cause, description or comments (also export)\n"
	"      --from T, --to T received (else filed) in [T, T) (ISO 8601; also export)\n"
	"      --overdue        open tickets past a stage's limit, with stage and\n"
	"                       overdue_by_s; ordered by grade, then time left\n"
	"      --due-within DUR open tickets due within DUR (30m, 2h, 1d) and not\n"
	"                       yet overdue (with --overdue: both)\n"
	"\n"
	"An option a command does not use is refused.\n"
	"Filing a complaint id that is already in the store updates that ticket\n"
	"(and says so). A JSON Lines file files one ticket per line; a bad line is\n"
	"reported and the rest are filed. A complaint from the same subscriber about\n"
	"the same phenomenon within the profile's repeat window is filed as a repeat\n"
	"of the earlier ticket. Exit status: 0 success, 1 usage error, 2 unreadable\n"
	"input or store, an illegal move, or a close without its mandatory fields.\n";

enum {
	OPT_NOW = 256, OPT_STATUS, OPT_GRADE, OPT_CAUSE, OPT_CELL, OPT_WHO, OPT_DEPARTMENT,
	OPT_PERSON, OPT_RESULT, OPT_SATISFACTION, OPT_TIME_TAKEN, OPT_INVALID, OPT_EVIDENCE,
	OPT_NOTE, OPT_REV, OPT_OVERDUE, OPT_DUE_WITHIN, OPT_MASK, OPT_MONTH, OPT_SUBSCRIBERS,
	OPT_TO, OPT_MSISDN, OPT_IMSI, OPT_COMPLAINT, OPT_SEARCH, OPT_FROM, OPT_TEXT, OPT_TEXT_FILE
};

/* Whether option name is among the space-separated names of allowed. */
static int
option_allowed(const char *allowed, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = allowed; (p = strstr(p, name)) != NULL; p += n)
		if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/*
 * Parses the options of sub-command cmd; allowed names the options it
 * uses (besides --store, --help and --tz: every one shows or computes
 * times): any other is refused with one line,
 * never taken and ignored.
 */
static int
parse(const char *cmd, const char *allowed, int argc, char **argv, struct topts *o, int *help)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "tz", required_argument, NULL, 'z' },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "grade", required_argument, NULL, OPT_GRADE },
		{ "cause", required_argument, NULL, OPT_CAUSE },
		{ "cell", required_argument, NULL, OPT_CELL },
		{ "capture", required_argument, NULL, 'c' },
		{ "drive-test", required_argument, NULL, 'd' },
		{ "pm", required_argument, NULL, 'c' },
		{ "alarms", required_argument, NULL, 'c' },
		{ "who", required_argument, NULL, OPT_WHO },
		{ "department", required_argument, NULL, OPT_DEPARTMENT },
		{ "person", required_argument, NULL, OPT_PERSON },
		{ "result", required_argument, NULL, OPT_RESULT },
		{ "satisfaction", required_argument, NULL, OPT_SATISFACTION },
		{ "time-taken", required_argument, NULL, OPT_TIME_TAKEN },
		{ "invalid", no_argument, NULL, OPT_INVALID },
		{ "evidence", required_argument, NULL, OPT_EVIDENCE },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "rev", required_argument, NULL, OPT_REV },
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "due-within", required_argument, NULL, OPT_DUE_WITHIN },
		{ "mask", no_argument, NULL, OPT_MASK },
		{ "month", required_argument, NULL, OPT_MONTH },
		{ "subscribers", required_argument, NULL, OPT_SUBSCRIBERS },
		{ "to", required_argument, NULL, OPT_TO },
		{ "msisdn", required_argument, NULL, OPT_MSISDN },
		{ "imsi", required_argument, NULL, OPT_IMSI },
		{ "complaint", required_argument, NULL, OPT_COMPLAINT },
		{ "search", required_argument, NULL, OPT_SEARCH },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "text", required_argument, NULL, OPT_TEXT },
		{ "text-file", required_argument, NULL, OPT_TEXT_FILE },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "s:f:p:c:d:h";
	static const struct {
		int val;
		const char *name;
	} shorts[] = { { 's', "store" }, { 'f', "format" }, { 'p', "profile" },
		       { 'c', "capture" }, { 'd', "drive-test" }, { 'h', "help" } };
	char *end;
	int opt, idx;

	memset(o, 0, sizeof(*o));
	o->caps = ct_xcalloc((size_t)argc + 1, sizeof(*o->caps));
	o->drives = ct_xcalloc((size_t)argc + 1, sizeof(*o->drives));
	o->format = "text";
	*help = 0;
	optind = 1;
	while ((idx = -1, opt = getopt_long(argc, argv, shortopts, opts, &idx)) != -1) {
		const char *name = idx >= 0 ? opts[idx].name : NULL;

		for (size_t i = 0; !name && i < sizeof(shorts) / sizeof(shorts[0]); i++)
			if (shorts[i].val == opt)
				name = shorts[i].name;
		if (name && strcmp(name, "store") && strcmp(name, "help") && strcmp(name, "tz") &&
		    !option_allowed(allowed, name))
			return cli_usage_error(cmd, "--%s is not an option of this command", name);
		switch (opt) {
		case 'c': o->caps[o->ncaps++] = optarg; break;
		case 'd': o->drives[o->ndrives++] = optarg; break;
		case 's': o->store = optarg; break;
		case 'f': o->format = optarg; break;
		case 'p': o->profile = optarg; break;
		case 'z': cli_tz_option(optarg); break;
		case 'h': *help = 1; return 0;
		case OPT_NOW: o->now = optarg; break;
		case OPT_STATUS:
			if ((o->filter.status = ct_status_from_name(optarg)) == CT_STATUS_NONE) {
				char names[256];

				ct_status_names(names, sizeof(names));
				return cli_usage_error(cmd, "--status: '%s' is not a status (%s)", optarg,
						       names);
			}
			break;
		case OPT_CAUSE:
			/* A filter for list (a cause code), the reply's cause (free
			 * text) for reply and close. */
			if (!strcmp(cmd, "ticket list") && !ct_cause_valid(optarg))
				return cli_usage_error(cmd, "--cause: '%s' is not a cause code", optarg);
			o->filter.cause = optarg;
			o->cause = optarg;
			break;
		case OPT_WHO: o->who = optarg; break;
		/* The department and person a move gives, or a listing's filter. */
		case OPT_DEPARTMENT: o->department = o->filter.department = optarg; break;
		case OPT_PERSON: o->person = o->filter.person = optarg; break;
		case OPT_MSISDN: o->filter.msisdn = optarg; break;
		case OPT_IMSI: o->filter.imsi = optarg; break;
		case OPT_COMPLAINT: o->filter.complaint = optarg; break;
		case OPT_RESULT: o->result = optarg; break;
		case OPT_SATISFACTION: o->satisfaction = optarg; break;
		case OPT_TIME_TAKEN:
			if (ticket_parse_duration(optarg) <= 0)
				return cli_usage_error(cmd, "--time-taken: '%s' is not a duration (e.g. 2h30m)",
						       optarg);
			o->time_taken = optarg;
			break;
		case OPT_INVALID: o->invalid = 1; break;
		case OPT_EVIDENCE: o->evidence = optarg; break;
		case OPT_NOTE: o->note = optarg; break;
		case OPT_REV:
			o->rev = (int)strtol(optarg, &end, 10);
			if (*end || o->rev < 1)
				return cli_usage_error(cmd, "--rev: '%s' is not a revision", optarg);
			break;
		case OPT_OVERDUE: o->overdue = 1; break;
		case OPT_DUE_WITHIN:
			if (ticket_parse_duration(optarg) < 0)
				return cli_usage_error(cmd, "--due-within: '%s' is not a duration (e.g. 30m)",
						       optarg);
			o->due_within = optarg;
			break;
		case OPT_MASK: o->mask = 1; cli_mask_errors(); break;
		case OPT_MONTH: o->month = optarg; break;
		case OPT_SUBSCRIBERS: o->subscribers = optarg; break;
		case OPT_TO:
			/* migrate's target store; a listing's end of time. */
			o->to = optarg;
			if (strcmp(cmd, "ticket migrate") != 0 && ct_parse_time(optarg, &o->filter.to))
				return cli_usage_error(cmd, "--to: '%s' is not an ISO 8601 time", optarg);
			break;
		case OPT_FROM:
			if (ct_parse_time(optarg, &o->filter.from))
				return cli_usage_error(cmd, "--from: '%s' is not an ISO 8601 time", optarg);
			o->from_given = 1;
			break;
		case OPT_SEARCH:
			if (!ct_store_search_words(optarg))
				return cli_usage_error(cmd, "--search: '%s' has no word to search for",
						       optarg);
			o->filter.search = optarg;
			break;
		case OPT_TEXT: o->text = optarg; break;
		case OPT_TEXT_FILE: o->text_file = optarg; break;
		case OPT_CELL: o->filter.cell = optarg; break;
		case OPT_GRADE:
			o->filter.grade = (int)strtol(optarg, &end, 10);
			if (*end || o->filter.grade < CT_GRADE_FIRST || o->filter.grade > CT_GRADE_LAST)
				return cli_usage_error(cmd, "--grade: '%s' is not a grade (%d to %d)",
						       optarg, CT_GRADE_FIRST, CT_GRADE_LAST);
			break;
		default:
			return cli_option_error(cmd, argv, shortopts, opts);
		}
	}
	/* --from alone: from then on. */
	if (o->from_given && !o->filter.to)
		o->filter.to = CT_TIME_MAX + 1;
	if (o->filter.to && o->filter.from >= o->filter.to)
		return cli_usage_error(cmd, "--from is not before --to");
	return 0;
}

int
ticket_open_store(const struct topts *o, int mode, struct ct_store **s, struct ct_err *err)
{
	char *path = ct_store_default_path(o->store, err);
	int rc;

	if (!path)
		return CT_ESTORE;
	rc = ct_store_open(path, mode, s, err);
	free(path);
	return rc;
}

/*
 * Complaints read from regular files are filed in groups (group commit,
 * store.h): up to GROUP_MAX filings, or what GROUP_MS brings, share one
 * transaction and one flush to disk, and their lines are printed once the
 * group is committed. A printed line still means a ticket in the store.
 * Input that may wait (a pipe, a terminal) is filed one complaint at a
 * time, so the store's write lock is never held while reading.
 */
#define GROUP_MAX 32
#define GROUP_MS  50

struct fctx {
	const struct ct_profile *prof;
	const struct cli_evidence *ev;
	struct ct_store *st;
	long long now;
	int json, mask;
	int grouping;            /* complaints come from regular files */
	struct ct_buf out;       /* the lines of the open group */
	size_t pending;          /* filings in the open group */
	struct timespec t0;      /* when the open group began */
	/* The group's first and last filing, for a message. */
	long long first_id, last_id;
	char *first_c, *last_c;
	int last_updated;
};

static long long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000LL + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The one error of a filing whose line could not be written: the filing
 * stands (the ticket is in the store). */
static int
filed_unprinted(struct ct_err *err, long long id, int updated, const char *complaint)
{
	return ct_fail(err, CT_EINPUT, "ticket %lld was %s (complaint %s), but <stdout>: %s", id,
		       updated ? "updated" : "filed", complaint ? complaint : "without an id",
		       errno ? strerror(errno) : "cannot write");
}

/* Opens a group, its clock started. */
static int
group_begin(struct fctx *x, struct ct_err *err)
{
	int rc = ct_store_group_begin(x->st, err);

	if (rc == 0)
		clock_gettime(CLOCK_MONOTONIC, &x->t0);
	return rc;
}

/* Commits the open group, then prints its lines. */
static int
group_end(struct fctx *x, struct ct_err *err)
{
	size_t n = x->pending;
	int rc;

	if (!ct_store_in_group(x->st))
		return 0;
	x->pending = 0;
	if ((rc = ct_store_group_commit(x->st, err)) != 0) {
		ct_buf_reset(&x->out);
		if (n)
			fprintf(stderr, "celltriage: none of the last %zu filing%s (not printed) is "
				"in the store\n", n, n == 1 ? "" : "s");
		return rc;
	}
	errno = 0;
	if (x->out.len && (fwrite(x->out.s, 1, x->out.len, stdout) != x->out.len ||
			   fflush(stdout) != 0)) {
		const char *why = errno ? strerror(errno) : "cannot write";

		if (n == 1)
			rc = filed_unprinted(err, x->last_id, x->last_updated, x->last_c);
		else
			rc = ct_fail(err, CT_EINPUT, "tickets %lld (complaint %s) to %lld (complaint %s),"
				     " %zu in all, were filed, but <stdout>: %s", x->first_id,
				     x->first_c ? x->first_c : "without an id", x->last_id,
				     x->last_c ? x->last_c : "without an id", n, why);
	}
	ct_buf_reset(&x->out);
	return rc;
}

/* Notes a filing of the open group for group_end's message. */
static void
group_note(struct fctx *x, long long id, const char *complaint, int updated)
{
	if (x->pending == 1) {
		free(x->first_c);
		x->first_id = id;
		x->first_c = complaint ? ct_xstrdup(complaint) : NULL;
	}
	free(x->last_c);
	x->last_id = id;
	x->last_c = complaint ? ct_xstrdup(complaint) : NULL;
	x->last_updated = updated;
}

static int
file_one(struct ct_complaint *c, void *arg, struct ct_err *err)
{
	struct fctx *x = arg;
	struct ct_ticket t;
	long long id = 0;
	int updated = 0, filed, rc;
	struct ct_filing_notes fn;
	struct ct_buf line = CT_BUF_INIT;

	cli_evidence_apply(x->ev, c);
	if (x->grouping && !ct_store_in_group(x->st) && (rc = group_begin(x, err)) != 0)
		return rc;
	/* Diagnosed, then filed with knowledge, hot cell, customer profile. */
	rc = ct_desk_file(x->st, x->prof, c, x->now, &t, &fn, &id, &updated, err);
	if (rc == CT_EREGROUP) {
		/* What it looks up is another filer's until that one commits:
		 * this group commits, and the filing waits as the next one's
		 * first (which is never answered so). */
		ct_filing_notes_free(&fn);
		ct_ticket_free(&t);
		if ((rc = group_end(x, err)) != 0 || (rc = group_begin(x, err)) != 0)
			return rc;
		rc = ct_desk_file(x->st, x->prof, c, x->now, &t, &fn, &id, &updated, err);
	}
	filed = rc == 0;
	if (rc == 0 && x->json) {
		json_t *j = json_pack("{s:I, s:s?, s:s, s:s, s:i, s:b}", "id", (json_int_t)id,
				      "complaint", t.complaint, "msisdn", t.msisdn,
				      "cause", t.cause, "grade", t.grade, "updated", updated);
		char *text;

		if (x->mask) {
			char *mm = ct_mask_number(t.msisdn);

			json_object_set_new(j, "msisdn", ct_json_str(mm));
			free(mm);
		}
		ct_filing_notes_json(j, &fn, x->mask);
		text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
		ct_buf_printf(&line, "%s\n", text ? text : "{}");
		free(text);
		json_decref(j);
	} else if (rc == 0) {
		ct_buf_printf(&line, "%s ticket %lld  %s  %s  grade %d\n", updated ? "updated" : "filed",
			      id, t.complaint ? t.complaint : "(no complaint id)", t.cause, t.grade);
		ct_filing_notes_text(&line, &fn, x->mask);
	}
	ct_filing_notes_free(&fn);
	if (x->grouping) {
		/* A failed filing was undone alone: the group's others stand. */
		int grc = 0;

		if (filed) {
			ct_buf_add(&x->out, line.s ? line.s : "", line.len);
			x->pending++;
			group_note(x, id, t.complaint, updated);
		}
		if (!filed || x->pending >= GROUP_MAX || ms_since(&x->t0) >= GROUP_MS)
			grc = group_end(x, filed ? err : &(struct ct_err){ "" });
		if (filed)
			rc = grc;
		else if (grc)
			fprintf(stderr, "celltriage: the group before it was not filed either\n");
	} else if (filed) {
		/* Printed means filed: never hold the line in a buffer. A line
		 * that cannot be written does not undo the filing: the one error
		 * says so. */
		errno = 0;
		if (fwrite(line.s, 1, line.len, stdout) != line.len || fflush(stdout) != 0)
			rc = filed_unprinted(err, id, updated, t.complaint);
	}
	ct_buf_free(&line);
	ct_ticket_free(&t);
	return rc;
}

/* Every complaint file a regular file: none can make the reader wait. */
static int
regular_files(char **files, int n)
{
	struct stat sb;

	for (int i = 0; i < n; i++)
		if (!strcmp(files[i], "-") || stat(files[i], &sb) != 0 || !S_ISREG(sb.st_mode))
			return 0;
	return n > 0;
}

static int
ticket_file(int argc, char **argv, const struct topts *o)
{
	struct ct_profile prof;
	struct ct_err err;
	struct cli_evidence ev;
	struct fctx x;
	int rc;

	x.json = strcmp(o->format, "json") == 0;
	x.mask = o->mask;
	if (!x.json && strcmp(o->format, "text") != 0)
		return cli_usage_error("ticket file", "--format must be text or json");
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = cli_now(o->now, &x.now, &err)) != 0) {
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	{
		struct cli_evopts eo = { o->caps, o->drives, o->ncaps, o->ndrives };

		if ((rc = cli_evidence_load(argv + optind, argc - optind, &eo, &prof, &ev)) != 0) {
			ct_profile_free(&prof);
			return rc;
		}
	}
	if (ev.ncomplaints == 0) {
		cli_evidence_free(&ev);
		ct_profile_free(&prof);
		return cli_usage_error("ticket file", "no complaint file given");
	}
	if ((rc = ticket_open_store(o, 1, &x.st, &err)) != 0) {
		cli_evidence_free(&ev);
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	/* Repeat complaints (complaint handling and assessment standard): the
	 * profile's window. The queue's columns: its deadlines. */
	ct_store_set_repeat_window(x.st, 86400LL * prof.dl.repeat_window_days);
	if ((rc = ct_store_set_deadlines(x.st, &prof.dl, &err)) != 0) {
		ct_store_close(x.st);
		cli_evidence_free(&ev);
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	x.prof = &prof;
	x.ev = &ev;
	x.grouping = regular_files(ev.complaints, ev.ncomplaints);
	x.out = (struct ct_buf)CT_BUF_INIT;
	x.pending = 0;
	x.first_c = x.last_c = NULL;
	rc = cli_each_complaint("ticket file", "filed", ev.complaints, ev.ncomplaints, file_one, &x);
	{
		int grc = group_end(&x, &err);

		if (grc && !rc)
			rc = cli_error(grc, &err);
	}
	ct_buf_free(&x.out);
	free(x.first_c);
	free(x.last_c);
	ct_store_close(x.st);
	cli_evidence_free(&ev);
	ct_profile_free(&prof);
	return rc;
}

/* Output is written in chunks of this size as the rows come. */
#define LIST_CHUNK (64 * 1024)

struct lctx {
	const struct topts *o;
	struct ct_buf b;
	struct ct_ticket_table tab;
	size_t n;
	enum { L_MEASURE, L_TEXT, L_JSON, L_CSV } what;
};

static int
list_one(struct ct_ticket *t, void *arg, struct ct_err *err)
{
	struct lctx *x = arg;
	json_t *j;

	if (x->o->mask)
		ct_ticket_mask(t);
	switch (x->what) {
	case L_MEASURE:
		ct_ticket_table_measure(&x->tab, t);
		return 0;
	case L_TEXT:
		ct_ticket_table_row(&x->b, &x->tab, t);
		break;
	case L_JSON:
		j = ct_ticket_to_json(t, 0);
		ct_json_array_item(&x->b, j, JSON_INDENT(2), x->n);
		json_decref(j);
		break;
	case L_CSV:
		ct_ticket_csv_row(&x->b, t, 1);
		ct_buf_puts(&x->b, "\r\n");
		break;
	}
	x->n++;
	return cli_flush(&x->b, LIST_CHUNK, err);
}

/* The listing streams: one ticket in memory at a time. The table is two
 * walks of one snapshot, the first measuring the columns. */
static int
ticket_list(int argc, char **argv, const struct topts *o)
{
	struct ct_store *st = NULL;
	struct lctx x = { o, CT_BUF_INIT, { { 0 }, 0, 0 }, 0, L_TEXT };
	struct ct_err err;
	int rc;

	if (strcmp(o->format, "text") && strcmp(o->format, "json") && strcmp(o->format, "csv"))
		return cli_usage_error("ticket list", "--format must be text, json or csv");
	if (optind < argc)
		return cli_usage_error("ticket list", "unexpected argument '%s'", argv[optind]);
	if (o->overdue || o->due_within)
		return ticket_list_due(o);
	if ((rc = ticket_open_store(o, CT_STORE_READONLY, &st, &err)) != 0)
		return cli_error(rc, &err);
	rc = ct_store_read_begin(st, &err);
	if (!rc && strcmp(o->format, "json") == 0) {
		x.what = L_JSON;
		rc = ct_store_each(st, &o->filter, list_one, &x, &err);
		if (!rc)
			ct_json_array_end(&x.b, JSON_INDENT(2), x.n);
	} else if (!rc && strcmp(o->format, "csv") == 0) {
		x.what = L_CSV;
		ct_ticket_csv_header(&x.b, 1);
		ct_buf_puts(&x.b, "\r\n");
		rc = ct_store_each(st, &o->filter, list_one, &x, &err);
	} else if (!rc) {
		ct_ticket_table_init(&x.tab);
		x.what = L_MEASURE;
		rc = ct_store_each(st, &o->filter, list_one, &x, &err);
		if (!rc) {
			ct_ticket_table_head(&x.b, &x.tab);
			x.what = L_TEXT;
			rc = ct_store_each(st, &o->filter, list_one, &x, &err);
		}
	}
	ct_store_read_end(st);
	ct_store_close(st);
	if (!rc)
		rc = cli_flush(&x.b, 0, &err);
	ct_buf_free(&x.b);
	return rc ? cli_error(rc, &err) : 0;
}

static int
ticket_show(int argc, char **argv, const struct topts *o)
{
	struct ct_store *st = NULL;
	struct ct_ticket t;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_err err;
	long long id;
	char *end;
	int rc;

	if (strcmp(o->format, "text") && strcmp(o->format, "json"))
		return cli_usage_error("ticket show", "--format must be text or json");
	if (optind + 1 != argc)
		return cli_usage_error("ticket show", "expected one ticket id");
	id = strtoll(argv[optind], &end, 10);
	if (*end || id <= 0)
		return cli_usage_error("ticket show", "'%s' is not a ticket id", argv[optind]);
	if ((rc = ticket_open_store(o, CT_STORE_READONLY, &st, &err)) != 0)
		return cli_error(rc, &err);
	rc = ct_store_get(st, id, &t, &err);
	/* The stages' deadlines as their clocks say (one answer with Stages;
	 * the JSON's are ct_ticket_show_json's). A store keeps them so since
	 * its deadlines follow the clocks; a ticket finished before may not. */
	if (!rc && strcmp(o->format, "json") != 0 &&
	    (rc = ticket_show_deadlines(st, &t, o, &err)) != 0)
		ct_ticket_free(&t);
	if (rc) {
		ct_store_close(st);
		return cli_error(rc, &err);
	}
	if (strcmp(o->format, "json") == 0) {
		struct ct_profile prof;
		long long now;
		json_t *j = NULL;

		if ((rc = cli_now(o->now, &now, &err)) == 0 &&
		    (rc = cli_load_profile(o->profile, &prof, &err)) == 0) {
			rc = ct_ticket_show_json(st, &t, &prof.dl, 86400LL * prof.dl.repeat_window_days,
						 now, o->mask, &j, &err);
			ct_profile_free(&prof);
		}
		if (!rc)
			rc = cli_print_json(j, 2, &err);
		json_decref(j);
	} else {
		struct ct_buf cust = CT_BUF_INIT;

		rc = ticket_show_customer(st, t.msisdn, o, &cust, &err);
		if (o->mask)
			ct_ticket_mask(&t);
		ct_ticket_text(&b, &t);
		ct_buf_puts(&b, ct_buf_str(&cust));
		ct_buf_free(&cust);
		if (!rc)
			rc = ticket_show_extra(st, &t, o, &b, &err);
		if (!rc)
			rc = cli_write(ct_buf_str(&b), b.len, &err);
	}
	ct_store_close(st);
	ct_buf_free(&b);
	ct_ticket_free(&t);
	return rc ? cli_error(rc, &err) : 0;
}

/*
 * --department names one of the profile's departments (its id, display
 * name or an alias): the ticket keeps the id, and a listing filters on it;
 * any other name is refused with the list of ids.
 */
static int
resolve_department(const char *cmd, struct topts *o)
{
	const struct ct_department *d;
	struct ct_profile prof;
	struct ct_err err;
	char ids[512];
	int rc;

	if (!o->department)
		return 0;
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	d = ct_profile_department(&prof, o->department);
	if (!d) {
		ct_profile_department_ids(&prof, ids, sizeof(ids));
		ct_profile_free(&prof);
		return cli_usage_error(cmd, "--department: '%s' is not a department of the profile (%s)",
				       o->department, ids);
	}
	snprintf(o->department_id, sizeof(o->department_id), "%s", d->id);
	o->department = o->filter.department = o->department_id;
	ct_profile_free(&prof);
	return 0;
}

int
cmd_ticket(int argc, char **argv)
{
	/* Each sub-command with the options it uses (--store, --help: all). */
	static const struct {
		const char *name, *full;
		int (*fn)(int, char **, const struct topts *);
		const char *options;
	} subs[] = {
		{ "file", "ticket file", ticket_file,
		  "format mask now profile capture pm alarms drive-test" },
		{ "list", "ticket list", ticket_list,
		  "status grade cause cell department person msisdn imsi complaint search from to format"
		  " overdue due-within mask now profile" },
		{ "show", "ticket show", ticket_show, "format mask now profile" },
		{ "history", "ticket history", ticket_history, "format mask" },
		{ "batch", "ticket batch", ticket_batch, "cause format now who" },
		{ "export", "ticket export", ticket_export,
		  "status grade cause cell department person msisdn imsi complaint search from to format"
		  " mask" },
		{ "comment", "ticket comment", ticket_comment, "text text-file rev who now format" },
		{ "escalate", "ticket escalate", ticket_escalate, "now profile format who" },
		{ "import", "ticket import", ticket_import, "profile" },
		{ "report", "ticket report", ticket_report,
		  "status grade cause cell department person format month profile subscribers" },
		{ "migrate", "ticket migrate", ticket_migrate, "to" },
	};
	static const char move_options[] = "cause department person result satisfaction time-taken"
		" invalid evidence note rev who now profile format";
	const char *options = NULL;
	struct topts o;
	char full[64];
	int help, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(ticket_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (size_t i = 0; i <= sizeof(subs) / sizeof(subs[0]); i++) {
		int (*fn)(int, char **, const struct topts *);

		if (i < sizeof(subs) / sizeof(subs[0])) {
			if (strcmp(argv[1], subs[i].name) != 0)
				continue;
			snprintf(full, sizeof(full), "%s", subs[i].full);
			fn = subs[i].fn;
			options = subs[i].options;
		} else if (ct_action_from_name(argv[1]) != CT_ACTION_NONE) {
			/* A move of the lifecycle (ticket.h CT_ACTIONS). */
			snprintf(full, sizeof(full), "ticket %s", argv[1]);
			fn = ticket_move;
			options = move_options;
		} else {
			break;
		}
		rc = parse(full, options, argc - 1, argv + 1, &o, &help);
		if (rc == 0 && !help)
			rc = resolve_department(full, &o);
		if (rc == 0 && help) {
			fputs(ticket_usage, stdout);
		} else if (rc == 0) {
			struct ct_err err;

			/* Every time shown or read in the zone, from the start. */
			if ((rc = cli_zone(o.profile, &err)) != 0)
				rc = cli_error(rc, &err);
			else
				rc = fn(argc - 1, argv + 1, &o);
		}
		free(o.caps);
		free(o.drives);
		return rc;
	}
	fprintf(stderr, "celltriage ticket: unknown command '%s' (see 'celltriage ticket --help')\n", argv[1]);
	return EXIT_USAGE;
}
