/*
 * monitor.c — the NOC's monitoring commands: `celltriage hotspots`,
 * `celltriage knowledge add|list`, `celltriage customer set|show`,
 * `celltriage ticket report`, and the customer section of `ticket show`.
 * Each parses its options and calls the analysis (noc.h) or the store, then
 * a writer (report.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/noc.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "cli.h"
#include "ticket.h"

/* ---------------------------------------------------------------------
 * Shared option handling of the three top-level commands
 */

struct mopts {
	const char *store, *profile, *format, *now, *since, *window, *by, *who;
	const char *cell, *area, *from, *to, *restore, *what;
	const char *sensitive, *repeat, *contact, *note;
	int file_batch, mask;
};

enum {
	M_NOW = 256, M_SINCE, M_WINDOW, M_BY, M_WHO, M_FILE_BATCH, M_CELL, M_AREA, M_FROM, M_TO,
	M_RESTORE, M_WHAT, M_SENSITIVE, M_REPEAT, M_CONTACT, M_NOTE, M_MASK
};

static int
mparse(const char *cmd, const char *usage, int argc, char **argv, struct mopts *o, int *help)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "tz", required_argument, NULL, 'z' },
		{ "now", required_argument, NULL, M_NOW },
		{ "since", required_argument, NULL, M_SINCE },
		{ "window", required_argument, NULL, M_WINDOW },
		{ "by", required_argument, NULL, M_BY },
		{ "who", required_argument, NULL, M_WHO },
		{ "file-batch", no_argument, NULL, M_FILE_BATCH },
		{ "cell", required_argument, NULL, M_CELL },
		{ "area", required_argument, NULL, M_AREA },
		{ "from", required_argument, NULL, M_FROM },
		{ "to", required_argument, NULL, M_TO },
		{ "restore", required_argument, NULL, M_RESTORE },
		{ "what", required_argument, NULL, M_WHAT },
		{ "sensitive", required_argument, NULL, M_SENSITIVE },
		{ "repeat", required_argument, NULL, M_REPEAT },
		{ "contact", required_argument, NULL, M_CONTACT },
		{ "note", required_argument, NULL, M_NOTE },
		{ "mask", no_argument, NULL, M_MASK },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "s:f:p:h";
	int opt;

	memset(o, 0, sizeof(*o));
	o->format = "text";
	*help = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 's': o->store = optarg; break;
		case 'f': o->format = optarg; break;
		case 'p': o->profile = optarg; break;
		case 'z': cli_tz_option(optarg); break;
		case 'h': *help = 1; fputs(usage, stdout); return 0;
		case M_NOW: o->now = optarg; break;
		case M_SINCE: o->since = optarg; break;
		case M_WINDOW: o->window = optarg; break;
		case M_BY: o->by = optarg; break;
		case M_WHO: o->who = optarg; break;
		case M_FILE_BATCH: o->file_batch = 1; break;
		case M_CELL: o->cell = optarg; break;
		case M_AREA: o->area = optarg; break;
		case M_FROM: o->from = optarg; break;
		case M_TO: o->to = optarg; break;
		case M_RESTORE: o->restore = optarg; break;
		case M_WHAT: o->what = optarg; break;
		case M_SENSITIVE: o->sensitive = optarg; break;
		case M_REPEAT: o->repeat = optarg; break;
		case M_CONTACT: o->contact = optarg; break;
		case M_NOTE: o->note = optarg; break;
		case M_MASK: o->mask = 1; cli_mask_errors(); break;
		default:
			return cli_option_error(cmd, argv, shortopts, opts);
		}
	}
	if (!*help) {
		struct ct_err err;
		int rc;

		/* Every time shown or read in the zone, from the start. */
		if ((rc = cli_zone(o->profile, &err)) != 0)
			return cli_error(rc, &err);
	}
	return 0;
}

/* JSON with reals to 6 significant digits (p-values, rates): jansson's
 * default 17 shows binary noise ("0.035709999999999999"). */
#define JSON6 (JSON_INDENT(2) | JSON_REAL_PRECISION(6))

static int
open_store(const char *opt, int mode, struct ct_store **s, struct ct_err *err)
{
	char *path = ct_store_default_path(opt, err);
	int rc;

	if (!path)
		return CT_ESTORE;
	rc = ct_store_open(path, mode, s, err);
	free(path);
	return rc;
}

/* ---------------------------------------------------------------------
 * hotspots
 */

static const char hotspots_usage[] =
	"usage: celltriage hotspots [--since TIME | --window DUR] [--now TIME]\n"
	"                           [--by cell,area,cause] [--format text|json] [--file-batch]\n"
	"\n"
	"Cells, areas (sites) and causes whose complaints in the recent window are\n"
	"significantly above their own rate in the baseline period before it: a\n"
	"one-sided Poisson test (window, baseline period, p-value and minimum count\n"
	"from the profile's noc.hotspots group). Prints each hot place with its\n"
	"tickets, most significant first.\n"
	"\n"
	"options:\n"
	"  -s, --store FILE   the ticket store\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
	"  -p, --profile FILE profile (default: $CELLTRIAGE_PROFILE, else built-in)\n"
	"  -f, --format FMT   text (default) or json: one array of {level, cell, area,\n"
	"                     cause, count, baseline (expected count), baseline_count,\n"
	"                     p_value, tickets}\n"
	"      --now TIME     the end of the window (ISO 8601; default: the clock)\n"
	"      --since TIME   the window starts here (instead of the profile's window)\n"
	"      --window DUR   the window's length (24h, 6h, 2d)\n"
	"      --by LIST      levels to test, comma-separated (default: cell,area,cause)\n"
	"      --file-batch   file each hot place's tickets as a batch\n"
	"                     (hot-PLACE-YYYY-MM-DD; new tickets of a hot cell join it)\n"
	"      --who NAME     who files the batch (default: $USER)\n";

static int
parse_levels(const char *s, unsigned *levels)
{
	static const struct ct_name names[] = {
		{ CT_HOT_CELL, "cell" }, { CT_HOT_AREA, "area" }, { CT_HOT_CAUSE, "cause" }, { 0, NULL }
	};
	char part[16];

	*levels = 0;
	while (s && *s) {
		size_t n = strcspn(s, ",");
		int v;

		if (n == 0 || n >= sizeof(part))
			return -1;
		memcpy(part, s, n);
		part[n] = '\0';
		if ((v = ct_value_of(names, part)) < 0)
			return -1;
		*levels |= (unsigned)v;
		s += n + (s[n] == ',');
	}
	return *levels ? 0 : -1;
}

int
cmd_hotspots(int argc, char **argv)
{
	struct mopts o;
	struct ct_profile prof;
	struct ct_hot_params hp;
	struct ct_store *st = NULL;
	struct ct_ticket *v = NULL;
	struct ct_hotspot *h = NULL;
	struct ct_buf b = CT_BUF_INIT, filed = CT_BUF_INIT;
	struct ct_err err;
	size_t n = 0, nh = 0;
	long long now, since;
	unsigned levels = CT_HOT_CELL | CT_HOT_AREA | CT_HOT_CAUSE;
	int help, rc, json;

	if ((rc = mparse("hotspots", hotspots_usage, argc, argv, &o, &help)) != 0 || help)
		return rc;
	json = !strcmp(o.format, "json");
	if (!json && strcmp(o.format, "text"))
		return cli_usage_error("hotspots", "--format must be text or json");
	if (optind < argc)
		return cli_usage_error("hotspots", "unexpected argument '%s'", argv[optind]);
	if (o.since && o.window)
		return cli_usage_error("hotspots", "give --since or --window, not both");
	if (o.by && parse_levels(o.by, &levels) != 0)
		return cli_usage_error("hotspots", "--by: '%s' is not a list of cell, area, cause", o.by);
	if ((rc = cli_load_profile(o.profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = cli_now(o.now, &now, &err)) != 0) {
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	ct_hot_params_from_profile(&prof, now, &hp);
	ct_profile_free(&prof);
	hp.levels = levels;
	if (o.window && (hp.window_s = ticket_parse_duration(o.window)) <= 0)
		return cli_usage_error("hotspots", "--window: '%s' is not a duration (e.g. 24h)", o.window);
	if (o.since) {
		if (ct_parse_time(o.since, &since) != 0)
			return cli_usage_error("hotspots", "--since: '%s' is not an ISO 8601 time", o.since);
		if (since >= now)
			return cli_usage_error("hotspots", "--since is not before --now");
		hp.window_s = now - since;
	}
	if ((rc = open_store(o.store, o.file_batch ? CT_STORE_CREATE : CT_STORE_READONLY, &st, &err)) != 0)
		return cli_error(rc, &err);
	rc = ct_store_between(st, now - hp.window_s - hp.baseline_s, now, &v, &n, &err);
	if (!rc) {
		ct_hotspots_find(v, n, &hp, &h, &nh);
		if (o.file_batch) {
			size_t *added = ct_xcalloc(nh + 1, sizeof(*added));

			rc = ct_hotspots_file_batches(st, h, nh, v, n, o.who, now, added, &err);
			for (size_t i = 0; !rc && i < nh; i++) {
				char id[300];

				ct_hot_batch_id(id, sizeof(id), h[i].place, now);
				ct_buf_printf(&filed, "batch %s: %zu ticket%s added\n", id, added[i],
					      added[i] == 1 ? "" : "s");
			}
			free(added);
		}
	}
	ct_store_close(st);
	if (!rc) {
		if (json) {
			json_t *a = ct_hotspots_to_json(h, nh);

			rc = cli_print_json_flags(a, JSON6, &err);
			json_decref(a);
		} else {
			ct_hotspots_text(&b, h, nh, &hp);
			ct_buf_puts(&b, ct_buf_str(&filed));
			rc = cli_write(ct_buf_str(&b), b.len, &err);
		}
		/* With --format json the batches are said on stderr: stdout is one array. */
		if (!rc && json && filed.len)
			fputs(ct_buf_str(&filed), stderr);
	}
	ct_buf_free(&b);
	ct_buf_free(&filed);
	ct_hotspots_free(h, nh);
	ct_tickets_free(v, n);
	return rc ? cli_error(rc, &err) : 0;
}

/* ---------------------------------------------------------------------
 * knowledge
 */

static const char knowledge_usage[] =
	"usage: celltriage knowledge add (--cell C | --area A) --from TIME --to TIME\n"
	"                                [--restore TIME] --what TEXT\n"
	"       celltriage knowledge list [--format text|json]\n"
	"\n"
	"Known planned outages and site adjustments. A complaint received\n"
	"on a covered cell within the span is linked to it when filed (tag known:ID,\n"
	"and an action line with the promised restoration time); tickets already in\n"
	"the store are linked when the knowledge is added. An area is a cell-id\n"
	"prefix: --area 460-00-12345 covers 460-00-12345-1, -2, ...\n"
	"\n"
	"options: -s/--store FILE, -f/--format, --who NAME, --now TIME (when it is\n"
	"recorded), -h/--help\n";

static void
knowledge_json_add(json_t *a, const struct ct_knowledge *k)
{
	char f[32], t[32], r[32], c[32];

	ct_fmt_time(f, sizeof(f), k->from);
	ct_fmt_time(t, sizeof(t), k->to);
	ct_fmt_time(r, sizeof(r), k->restore);
	ct_fmt_time(c, sizeof(c), k->created_at);
	json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:s, s:I}",
		"id", (json_int_t)k->id, "cell", ct_json_str(k->cell), "area", ct_json_str(k->area),
		"from", f, "to", t, "restore", k->restore ? json_string(r) : json_null(),
		"what", ct_json_str(k->what), "who", ct_json_str(k->who), "created_at", c,
		"linked", (json_int_t)k->linked));
}

int
cmd_knowledge(int argc, char **argv)
{
	struct mopts o;
	struct ct_store *st = NULL;
	struct ct_err err;
	const char *sub = argc > 1 ? argv[1] : "";
	int help, rc;

	if (argc < 2 || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		fputs(knowledge_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if ((rc = mparse("knowledge", knowledge_usage, argc - 1, argv + 1, &o, &help)) != 0 || help)
		return rc;
	if (optind < argc - 1)
		return cli_usage_error("knowledge", "unexpected argument '%s'", argv[optind + 1]);
	if (strcmp(o.format, "text") && strcmp(o.format, "json"))
		return cli_usage_error("knowledge", "--format must be text or json");
	if (!strcmp(sub, "add")) {
		struct ct_knowledge k;
		long long now, id;
		size_t linked;

		memset(&k, 0, sizeof(k));
		if (!o.cell == !o.area)
			return cli_usage_error("knowledge add", "give --cell or --area (one of them)");
		if (!o.from || !o.to || !o.what || !*o.what)
			return cli_usage_error("knowledge add", "--from, --to and --what are required");
		if (ct_parse_time(o.from, &k.from) || ct_parse_time(o.to, &k.to) ||
		    (o.restore && ct_parse_time(o.restore, &k.restore)))
			return cli_usage_error("knowledge add", "--from, --to and --restore take ISO 8601 times");
		if (k.to < k.from)
			return cli_usage_error("knowledge add", "--to is before --from");
		k.cell = (char *)o.cell;
		k.area = (char *)o.area;
		k.what = (char *)o.what;
		k.who = (char *)o.who;
		if ((rc = cli_now(o.now, &now, &err)) != 0)
			return cli_error(rc, &err);
		if ((rc = open_store(o.store, 1, &st, &err)) != 0)
			return cli_error(rc, &err);
		rc = ct_knowledge_add(st, &k, now, &id, &linked, &err);
		ct_store_close(st);
		if (rc)
			return cli_error(rc, &err);
		if (!strcmp(o.format, "json")) {
			json_t *j = json_pack("{s:I, s:I}", "id", (json_int_t)id, "linked", (json_int_t)linked);

			cli_print_json(j, 0, &err);
			json_decref(j);
		} else {
			printf("knowledge %lld recorded; %zu ticket%s already filed linked to it\n", id,
			       linked, linked == 1 ? "" : "s");
		}
		return cli_done("knowledge %lld was recorded", id);
	}
	if (!strcmp(sub, "list")) {
		struct ct_knowledge *v = NULL;
		struct ct_buf b = CT_BUF_INIT;
		size_t n = 0;

		if ((rc = open_store(o.store, CT_STORE_READONLY, &st, &err)) != 0)
			return cli_error(rc, &err);
		rc = ct_knowledge_list(st, &v, &n, &err);
		ct_store_close(st);
		if (rc)
			return cli_error(rc, &err);
		if (!strcmp(o.format, "json")) {
			json_t *a = json_array();

			for (size_t i = 0; i < n; i++)
				knowledge_json_add(a, &v[i]);
			rc = cli_print_json(a, 2, &err);
			json_decref(a);
		} else {
			if (n == 0)
				ct_buf_puts(&b, "no knowledge recorded\n");
			for (size_t i = 0; i < n; i++) {
				char f[32], t[32], r[32];

				ct_fmt_time(f, sizeof(f), v[i].from);
				ct_fmt_time(t, sizeof(t), v[i].to);
				ct_fmt_time(r, sizeof(r), v[i].restore);
				ct_buf_printf(&b, "#%lld  %s %s  %s .. %s  restore %s  linked %lld\n     %s\n",
					      v[i].id, v[i].cell ? "cell" : "area",
					      v[i].cell ? v[i].cell : v[i].area, f, t,
					      v[i].restore ? r : "-", v[i].linked, v[i].what);
			}
			rc = cli_write(ct_buf_str(&b), b.len, &err);
		}
		ct_buf_free(&b);
		ct_knowledge_free(v, n);
		return rc ? cli_error(rc, &err) : 0;
	}
	return cli_usage_error("knowledge", "'%s' is not add or list", sub);
}

/* ---------------------------------------------------------------------
 * customer
 */

static const char customer_usage[] =
	"usage: celltriage customer set MSISDN [--sensitive yes|no] [--repeat yes|no]\n"
	"                                      [--contact TEXT] [--note TEXT]\n"
	"       celltriage customer show MSISDN [--format text|json] [--mask]\n"
	"\n"
	"What was learnt about a subscriber: a sensitive party, a repeat\n"
	"complainer, the preferred contact, notes (each --note is added, dated and\n"
	"signed). Shown again when a new complaint from the number is filed, and by\n"
	"ticket show. \"repeat complainer\" is also derived from the store: a repeat\n"
	"ticket, or two complaints within the profile's repeat window.\n"
	"\n"
	"options: -s/--store FILE, -p/--profile FILE, --tz ZONE, -f/--format, --who NAME,\n"
	"--now TIME, --mask, -h/--help\n";

static int
yes_no(const char *s, int *v)
{
	static const struct ct_name yn[] = { { 1, "yes" }, { 0, "no" }, { 1, "true" }, { 0, "false" },
					     { 0, NULL } };

	*v = -1;
	if (!s)
		return 0;
	*v = ct_value_of(yn, s);
	return *v < 0 ? -1 : 0;
}

/* A subscriber number as a complaint gives it: 3 to 15 digits. */
static int
msisdn_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 3 && n <= 15 && strspn(s, "0123456789") == n;
}

int
cmd_customer(int argc, char **argv)
{
	struct mopts o;
	struct ct_store *st = NULL;
	struct ct_err err;
	const char *sub = argc > 1 ? argv[1] : "", *msisdn;
	long long now;
	int help, rc;

	if (argc < 2 || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		fputs(customer_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if ((rc = mparse("customer", customer_usage, argc - 1, argv + 1, &o, &help)) != 0 || help)
		return rc;
	if (optind + 1 != argc - 1)
		return cli_usage_error("customer", "expected one subscriber number");
	msisdn = argv[optind + 1];
	if (!msisdn_ok(msisdn))
		return cli_usage_error("customer", "'%s' is not 3 to 15 digits", msisdn);
	if (strcmp(o.format, "text") && strcmp(o.format, "json"))
		return cli_usage_error("customer", "--format must be text or json");
	if ((rc = cli_now(o.now, &now, &err)) != 0)
		return cli_error(rc, &err);
	if (!strcmp(sub, "set")) {
		struct ct_customer_set u;

		memset(&u, 0, sizeof(u));
		if (yes_no(o.sensitive, &u.sensitive) || yes_no(o.repeat, &u.repeat))
			return cli_usage_error("customer set", "--sensitive and --repeat take yes or no");
		u.contact = o.contact;
		u.note = o.note;
		u.who = o.who;
		if (u.sensitive < 0 && u.repeat < 0 && !u.contact && !u.note)
			return cli_usage_error("customer set", "nothing to set (--sensitive, --repeat, "
					       "--contact, --note)");
		if ((rc = open_store(o.store, 1, &st, &err)) != 0)
			return cli_error(rc, &err);
		rc = ct_customer_set(st, msisdn, &u, now, &err);
		ct_store_close(st);
		if (rc)
			return cli_error(rc, &err);
		printf("customer %s updated\n", msisdn);
		return cli_done("customer %s was updated", msisdn);
	}
	if (!strcmp(sub, "show")) {
		struct ct_profile prof;
		struct ct_customer c;
		struct ct_buf b = CT_BUF_INIT;

		if ((rc = cli_load_profile(o.profile, &prof, &err)) != 0)
			return cli_error(rc, &err);
		if ((rc = open_store(o.store, CT_STORE_READONLY, &st, &err)) == 0) {
			rc = ct_customer_get(st, msisdn, now, 86400LL * prof.dl.repeat_window_days, &c, &err);
			ct_store_close(st);
		}
		ct_profile_free(&prof);
		if (rc)
			return cli_error(rc, &err);
		if (!strcmp(o.format, "json")) {
			json_t *j = ct_customer_to_json(&c, o.mask);

			rc = cli_print_json(j, 2, &err);
			json_decref(j);
		} else {
			ct_customer_text(&b, &c, o.mask);
			if (!c.known)
				ct_buf_puts(&b, "  (no profile recorded)\n");
			rc = cli_write(ct_buf_str(&b), b.len, &err);
		}
		ct_buf_free(&b);
		ct_customer_free(&c);
		return rc ? cli_error(rc, &err) : 0;
	}
	return cli_usage_error("customer", "'%s' is not set or show", sub);
}

/* ---------------------------------------------------------------------
 * The customer section of ticket show
 */

int
ticket_show_customer(struct ct_store *st, const char *msisdn, const struct topts *o,
		     struct ct_buf *text, struct ct_err *err)
{
	struct ct_profile prof;
	struct ct_customer c;
	long long now;
	int rc;

	if (!msisdn)
		return 0;
	if ((rc = cli_load_profile(o->profile, &prof, err)) != 0)
		return rc;
	if ((rc = cli_now(o->now, &now, err)) != 0) {
		ct_profile_free(&prof);
		return rc;
	}
	rc = ct_customer_get(st, msisdn, now, 86400LL * prof.dl.repeat_window_days, &c, err);
	ct_profile_free(&prof);
	if (rc)
		return rc;
	if (ct_customer_worth_showing(&c)) {
		ct_buf_puts(text, "\nCustomer\n  ");
		ct_customer_text(text, &c, o->mask);
	}
	ct_customer_free(&c);
	return 0;
}

/* ---------------------------------------------------------------------
 * ticket report --month
 */

int
ticket_report(int argc, char **argv, const struct topts *o)
{
	struct ct_store *st = NULL;
	struct ct_profile prof;
	struct ct_month m;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_err err;
	long long from, to, subs = 0;
	int year, month, rc;
	const char *fmt = o->format;

	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "html"))
		return cli_usage_error("ticket report", "--format must be text, json, csv or html");
	if (optind < argc)
		return cli_usage_error("ticket report", "unexpected argument '%s'", argv[optind]);
	if (!o->month)
		return cli_usage_error("ticket report", "--month YYYY-MM is required (e.g. 2026-11)");
	if (ct_month_parse(o->month, &year, &month, &from, &to) != 0)
		return cli_usage_error("ticket report", "--month: '%s' is not a month (YYYY-MM,"
				       " e.g. 2026-11)", o->month);
	if (o->subscribers) {
		char *end;

		subs = strtoll(o->subscribers, &end, 10);
		if (*end || subs <= 0)
			return cli_usage_error("ticket report", "--subscribers: '%s' is not a count",
					       o->subscribers);
	}
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = ticket_open_store(o, CT_STORE_READONLY, &st, &err)) != 0) {
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	rc = ct_month_from_store(st, &o->filter, &prof, year, month, subs, &m, &err);
	ct_store_close(st);
	if (!rc) {
		if (!strcmp(fmt, "json")) {
			json_t *j = ct_month_to_json(&m);

			rc = cli_print_json_flags(j, JSON6, &err);
			json_decref(j);
		} else {
			if (!strcmp(fmt, "csv"))
				ct_month_csv(&b, &m);
			else if (!strcmp(fmt, "html"))
				ct_month_html(&b, &m);
			else
				ct_month_text(&b, &m);
			rc = cli_write(ct_buf_str(&b), b.len, &err);
		}
		ct_month_free(&m);
	}
	ct_buf_free(&b);
	ct_profile_free(&prof);
	return rc ? cli_error(rc, &err) : 0;
}
