/*
 * ticket.c — `celltriage ticket`: file, list and show tickets in the shared
 * store (store.h). Filing diagnoses each complaint first; a complaint id
 * already in the store updates its ticket instead of making a second one.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/complaint.h"
#include "celltriage/diagnose.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "cli.h"

static const char ticket_usage[] =
	"usage: celltriage ticket COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"The shared ticket store: one SQLite file (WAL mode) that several people\n"
	"and processes can use at once.\n"
	"\n"
	"commands:\n"
	"  file COMPLAINT.json... [EVIDENCE...]\n"
	"                           diagnose and store; prints each ticket id\n"
	"  list                     tickets, filtered and formatted\n"
	"  show ID                  one ticket: every field, deadlines, decision path\n"
	"\n"
	"options (every command):\n"
	"  -s, --store FILE     the store (default: $CELLTRIAGE_STORE, else\n"
	"                       $XDG_DATA_HOME/celltriage/tickets.db, else\n"
	"                       ~/.local/share/celltriage/tickets.db)\n"
	"  -f, --format FMT     text (default) or json; list also takes csv\n"
	"  -h, --help           this text\n"
	"file:\n"
	"  -p, --profile FILE   profile (default: $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -c, --capture FILE   a signalling capture as evidence (repeatable; pcap\n"
	"                       files among the arguments are recognised anyway)\n"
	"  -d, --drive-test F   a drive-test log as evidence (repeatable)\n"
	"      --now TIME       filing time, ISO 8601 (default: the clock)\n"
	"list:\n"
	"      --status S, --grade N, --cause C, --cell CELL   filters\n"
	"\n"
	"Filing a complaint id that is already in the store updates that ticket\n"
	"(and says so). A JSON Lines file files one ticket per line; a bad line is\n"
	"reported and the rest are filed. Exit status: 0 success, 1 usage error,\n"
	"2 unreadable input or store.\n";

enum { OPT_NOW = 256, OPT_STATUS, OPT_GRADE, OPT_CAUSE, OPT_CELL };

struct topts {
	const char *store, *profile, *format, *now;
	char **caps, **drives;
	int ncaps, ndrives;
	struct ct_ticket_filter filter;
};

static int
parse(const char *cmd, int argc, char **argv, struct topts *o, int *help)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "grade", required_argument, NULL, OPT_GRADE },
		{ "cause", required_argument, NULL, OPT_CAUSE },
		{ "cell", required_argument, NULL, OPT_CELL },
		{ "capture", required_argument, NULL, 'c' },
		{ "drive-test", required_argument, NULL, 'd' },
		{ "pm", required_argument, NULL, 'c' },
		{ "alarms", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int opt;

	memset(o, 0, sizeof(*o));
	o->caps = ct_xcalloc((size_t)argc + 1, sizeof(*o->caps));
	o->drives = ct_xcalloc((size_t)argc + 1, sizeof(*o->drives));
	o->format = "text";
	*help = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+s:f:p:c:d:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': o->caps[o->ncaps++] = optarg; break;
		case 'd': o->drives[o->ndrives++] = optarg; break;
		case 's': o->store = optarg; break;
		case 'f': o->format = optarg; break;
		case 'p': o->profile = optarg; break;
		case 'h': *help = 1; return 0;
		case OPT_NOW: o->now = optarg; break;
		case OPT_STATUS: o->filter.status = optarg; break;
		case OPT_CAUSE:
			if (!ct_cause_valid(optarg))
				return cli_usage_error(cmd, "--cause: '%s' is not a cause code", optarg);
			o->filter.cause = optarg;
			break;
		case OPT_CELL: o->filter.cell = optarg; break;
		case OPT_GRADE:
			o->filter.grade = (int)strtol(optarg, &end, 10);
			if (*end || o->filter.grade < 1 || o->filter.grade > 9)
				return cli_usage_error(cmd, "--grade: '%s' is not a grade", optarg);
			break;
		default:
			return cli_usage_error(cmd, "unknown option");
		}
	}
	return 0;
}

static int
open_store(const struct topts *o, int create, struct ct_store **s, struct ct_err *err)
{
	char *path = ct_store_default_path(o->store, err);
	int rc;

	if (!path)
		return CT_ESTORE;
	rc = ct_store_open(path, create, s, err);
	free(path);
	return rc;
}

struct fctx {
	const struct ct_profile *prof;
	const struct cli_evidence *ev;
	struct ct_store *st;
	long long now;
	int json;
};

static int
file_one(struct ct_complaint *c, void *arg, struct ct_err *err)
{
	struct fctx *x = arg;
	struct ct_verdict v;
	struct ct_ticket t;
	long long id;
	int updated, rc;

	cli_evidence_apply(x->ev, c);
	ct_diagnose(c, x->prof, CT_WALK_DIAGNOSE, &v);
	ct_ticket_build(c, &v, x->prof, x->now, &t);
	rc = ct_store_file(x->st, &t, &id, &updated, err);
	if (rc == 0 && x->json) {
		json_t *j = json_pack("{s:I, s:s?, s:s, s:s, s:i, s:b}", "id", (json_int_t)id,
				      "complaint", t.complaint, "msisdn", t.msisdn,
				      "cause", t.cause, "grade", t.grade, "updated", updated);

		rc = cli_print_json(j, 0, err);
		json_decref(j);
	} else if (rc == 0) {
		printf("%s ticket %lld  %s  %s  grade %d\n", updated ? "updated" : "filed", id,
		       t.complaint ? t.complaint : "(no complaint id)", t.cause, t.grade);
	}
	/* Printed means filed: never hold the line in a buffer. */
	if (rc == 0 && fflush(stdout) != 0)
		rc = ct_fail(err, CT_EINPUT, "<stdout>: cannot write");
	ct_ticket_free(&t);
	ct_verdict_free(&v);
	return rc;
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
	if (!x.json && strcmp(o->format, "text") != 0)
		return cli_usage_error("ticket file", "--format must be text or json");
	if ((rc = cli_now(o->now, &x.now, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
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
	if ((rc = open_store(o, 1, &x.st, &err)) != 0) {
		cli_evidence_free(&ev);
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	x.prof = &prof;
	x.ev = &ev;
	rc = cli_each_complaint("ticket file", "filed", ev.complaints, ev.ncomplaints, file_one, &x);
	ct_store_close(x.st);
	cli_evidence_free(&ev);
	ct_profile_free(&prof);
	return rc;
}

static int
ticket_list(int argc, char **argv, const struct topts *o)
{
	struct ct_store *st = NULL;
	struct ct_ticket *v = NULL;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_err err;
	size_t n = 0;
	int rc;

	if (strcmp(o->format, "text") && strcmp(o->format, "json") && strcmp(o->format, "csv"))
		return cli_usage_error("ticket list", "--format must be text, json or csv");
	if (optind < argc)
		return cli_usage_error("ticket list", "unexpected argument '%s'", argv[optind]);
	if ((rc = open_store(o, 0, &st, &err)) != 0)
		return cli_error(rc, &err);
	rc = ct_store_list(st, &o->filter, &v, &n, &err);
	ct_store_close(st);
	if (rc)
		return cli_error(rc, &err);
	if (strcmp(o->format, "json") == 0)
		ct_tickets_json(&b, v, n);
	else if (strcmp(o->format, "csv") == 0)
		ct_tickets_csv(&b, v, n);
	else
		ct_tickets_text(&b, v, n);
	ct_tickets_free(v, n);
	rc = cli_write(ct_buf_str(&b), b.len, &err);
	ct_buf_free(&b);
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
	if ((rc = open_store(o, 0, &st, &err)) != 0)
		return cli_error(rc, &err);
	rc = ct_store_get(st, id, &t, &err);
	ct_store_close(st);
	if (rc)
		return cli_error(rc, &err);
	if (strcmp(o->format, "json") == 0) {
		json_t *j = ct_ticket_to_json(&t, 1);

		rc = cli_print_json(j, 2, &err);
		json_decref(j);
	} else {
		ct_ticket_text(&b, &t);
		rc = cli_write(ct_buf_str(&b), b.len, &err);
	}
	ct_buf_free(&b);
	ct_ticket_free(&t);
	return rc ? cli_error(rc, &err) : 0;
}

int
cmd_ticket(int argc, char **argv)
{
	static const struct {
		const char *name, *full;
		int (*fn)(int, char **, const struct topts *);
	} subs[] = {
		{ "file", "ticket file", ticket_file },
		{ "list", "ticket list", ticket_list },
		{ "show", "ticket show", ticket_show },
	};
	struct topts o;
	int help, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(ticket_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		rc = parse(subs[i].full, argc - 1, argv + 1, &o, &help);
		if (rc == 0 && help)
			fputs(ticket_usage, stdout);
		else if (rc == 0)
			rc = subs[i].fn(argc - 1, argv + 1, &o);
		free(o.caps);
		free(o.drives);
		return rc;
	}
	fprintf(stderr, "celltriage ticket: unknown command '%s' (see 'celltriage ticket --help')\n", argv[1]);
	return EXIT_USAGE;
}
