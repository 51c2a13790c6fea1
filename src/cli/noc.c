/*
 * noc.c — the NOC workflow's `celltriage ticket` sub-commands:
 * dispatch, handle, reply, feedback, close, reopen; history; the stage
 * times of `show`; list --overdue / --due-within; batch; export; import.
 *
 * A move reads the ticket, checks it and writes it only if its rev is
 * unchanged (store.h ct_store_move); when another user's change came in
 * between, the move is re-checked against the fresh ticket and says so on
 * stderr. Exit status 2 for an illegal move, a close without its mandatory
 * fields, or a ticket changed under an explicit --rev.
 */
#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "celltriage/profile.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "celltriage/ticketin.h"
#include "cli.h"
#include "ticket.h"

/* Evidence too large for a ticket row is a mistake (a capture belongs
 * with the complaint, not pasted into the reply). */
#define EVIDENCE_MAX (64 * 1024)

long long
ticket_parse_duration(const char *s)
{
	static const struct ct_name units[] = {
		{ 1, "s" }, { 60, "m" }, { 3600, "h" }, { 86400, "d" }, { 0, NULL }
	};
	long long total = 0;
	int parts = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		char *end, u[2];
		long long v = strtoll(s, &end, 10);
		int mul;

		if (end == s || v < 0 || v > 1000000 || !*end)
			return -1;
		u[0] = *end;
		u[1] = '\0';
		if ((mul = ct_value_of(units, u)) < 0)
			return -1;
		total += v * mul;
		s = end + 1;
		parts++;
	}
	return parts ? total : -1;
}

static int
parse_id(const char *cmd, const char *s, long long *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	if (*end || *id <= 0)
		return cli_usage_error(cmd, "'%s' is not a ticket id", s);
	return 0;
}

/* --evidence names a file (its contents are the evidence) or is the text. */
static int
load_evidence(const char *arg, char **out, struct ct_err *err)
{
	FILE *fp = fopen(arg, "rb");
	size_t len;

	*out = NULL;
	if (!fp)
		return 0; /* not a file: the text itself */
	fclose(fp);
	return ct_read_file(arg, EVIDENCE_MAX, out, &len, err);
}

int
ticket_move(int argc, char **argv, const struct topts *o)
{
	struct ct_profile prof;
	const char *action = argv[0];
	char cmd[32];
	struct ct_store *st = NULL;
	struct ct_move m;
	struct ct_move_result r;
	struct ct_err err;
	char *evidence = NULL;
	long long id, now;
	int rc;

	snprintf(cmd, sizeof(cmd), "ticket %s", action);
	if (optind + 1 != argc)
		return cli_usage_error(cmd, "expected one ticket id");
	if ((rc = parse_id(cmd, argv[optind], &id)) != 0)
		return rc;
	if (o->satisfaction && !ct_satisfaction_valid(o->satisfaction))
		return cli_usage_error(cmd, "--satisfaction: '%s' is not satisfied, partly, "
				       "unsatisfied or unreachable", o->satisfaction);
	if (o->invalid && ct_action_from_name(action) != CT_ACTION_CLOSE)
		return cli_usage_error(cmd, "--invalid is for close");
	if ((rc = cli_now(o->now, &now, &err)) != 0)
		return cli_error(rc, &err);
	if (o->evidence && (rc = load_evidence(o->evidence, &evidence, &err)) != 0)
		return cli_error(rc, &err);
	memset(&m, 0, sizeof(m));
	m.action = ct_action_from_name(action);
	m.who = o->who;
	m.at = now;
	m.clock = !o->now;
	m.department = o->department;
	m.person = o->person;
	m.reply_cause = o->cause;
	m.result = o->result;
	m.satisfaction = o->satisfaction;
	m.time_taken_s = o->time_taken ? ticket_parse_duration(o->time_taken) : 0;
	m.invalid = o->invalid;
	m.evidence = evidence ? evidence : o->evidence;
	m.note = o->note;
	/* The queue's columns are computed with the profile's deadlines. */
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0) {
		free(evidence);
		return cli_error(rc, &err);
	}
	if ((rc = ticket_open_store(o, 0, &st, &err)) != 0) {
		free(evidence);
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	rc = ct_store_set_deadlines(st, &prof.dl, &err);
	if (!rc)
		rc = ct_store_move(st, id, o->rev, &m, &r, &err);
	ct_store_close(st);
	ct_profile_free(&prof);
	free(evidence);
	if (rc)
		return cli_error(rc, &err);
	if (r.conflicts)
		fprintf(stderr, "celltriage: ticket %lld was changed by someone else meanwhile; "
			"checked again against rev %d and applied (%d retr%s)\n", id, r.from_rev,
			r.conflicts, r.conflicts == 1 ? "y" : "ies");
	if (!strcmp(o->format, "json")) {
		json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:i}", "id", (json_int_t)id,
				      "action", action, "from", ct_status_name(r.from), "to",
				      ct_status_name(r.to), "rev", r.to_rev);

		cli_print_json(j, 0, &err);
		json_decref(j);
	} else {
		printf("ticket %lld: %s -> %s (rev %d)\n", id, ct_status_name(r.from),
		       ct_status_name(r.to), r.to_rev);
	}
	return cli_done("ticket %lld was moved to %s (rev %d)", id, ct_status_name(r.to), r.to_rev);
}

int
ticket_comment(int argc, char **argv, const struct topts *o)
{
	struct ct_store *st = NULL;
	struct ct_move_result r;
	struct ct_err err;
	char *text = NULL;
	size_t len;
	long long id, now;
	int rc;

	if (optind + 1 != argc)
		return cli_usage_error("ticket comment", "expected one ticket id");
	if ((rc = parse_id("ticket comment", argv[optind], &id)) != 0)
		return rc;
	if (!o->text == !o->text_file)
		return cli_usage_error("ticket comment", "give --text or --text-file (one of them)");
	if (strcmp(o->format, "text") && strcmp(o->format, "json"))
		return cli_usage_error("ticket comment", "--format must be text or json");
	if ((rc = cli_now(o->now, &now, &err)) != 0)
		return cli_error(rc, &err);
	if (o->text_file && (rc = ct_read_file(o->text_file, CT_COMMENT_MAX, &text, &len, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = ticket_open_store(o, 0, &st, &err)) == 0) {
		rc = ct_store_comment(st, id, o->rev, o->who, now, !o->now, text ? text : o->text, &r,
				      &err);
		ct_store_close(st);
	}
	free(text);
	if (rc)
		return cli_error(rc, &err);
	if (!strcmp(o->format, "json")) {
		json_t *j = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)id, "action",
				      CT_EVENT_COMMENT, "status", ct_status_name(r.to), "rev", r.to_rev);

		cli_print_json(j, 0, &err);
		json_decref(j);
	} else {
		printf("ticket %lld: comment (rev %d)\n", id, r.to_rev);
	}
	return cli_done("a comment was added to ticket %lld (rev %d)", id, r.to_rev);
}

/* ticket escalate: one scan, what it raised printed (for cron). */
int
ticket_escalate(int argc, char **argv, const struct topts *o)
{
	struct ct_profile prof;
	struct ct_store *st = NULL;
	struct ct_escalation *v = NULL;
	struct ct_err err;
	size_t n = 0;
	long long now;
	int rc;

	if (optind < argc)
		return cli_usage_error("ticket escalate", "unexpected argument '%s'", argv[optind]);
	if (strcmp(o->format, "text") && strcmp(o->format, "json"))
		return cli_usage_error("ticket escalate", "--format must be text or json");
	if ((rc = cli_now(o->now, &now, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = ticket_open_store(o, 0, &st, &err)) == 0) {
		rc = ct_store_set_deadlines(st, &prof.dl, &err);
		if (!rc)
			rc = ct_store_escalate(st, now, prof.desk.esc_before_s, o->who, &v, &n, &err);
		ct_store_close(st);
	}
	ct_profile_free(&prof);
	if (rc)
		return cli_error(rc, &err);
	if (!strcmp(o->format, "json")) {
		json_t *a = json_array();
		char due[40];

		for (size_t i = 0; i < n; i++) {
			ct_fmt_time(due, sizeof(due), v[i].due);
			json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s}", "id",
							   (json_int_t)v[i].ticket, "stage", v[i].stage,
							   "due", due, "level",
							   v[i].overdue ? "overdue" : "near"));
		}
		rc = cli_print_json(a, 2, &err);
		json_decref(a);
	} else {
		char due[40];

		for (size_t i = 0; i < n; i++) {
			ct_fmt_time(due, sizeof(due), v[i].due);
			printf("ticket %lld: %s due %s %s\n", v[i].ticket, v[i].stage, due,
			       v[i].overdue ? "overdue" : "near");
		}
	}
	free(v);
	return rc ? cli_error(rc, &err) : 0;
}

int
ticket_history(int argc, char **argv, const struct topts *o)
{
	struct ct_store *st = NULL;
	struct ct_event *ev = NULL;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_err err;
	size_t n = 0;
	long long id;
	int rc;

	if (strcmp(o->format, "text") && strcmp(o->format, "json"))
		return cli_usage_error("ticket history", "--format must be text or json");
	if (optind + 1 != argc)
		return cli_usage_error("ticket history", "expected one ticket id");
	if ((rc = parse_id("ticket history", argv[optind], &id)) != 0)
		return rc;
	if ((rc = ticket_open_store(o, CT_STORE_READONLY, &st, &err)) != 0)
		return cli_error(rc, &err);
	rc = ct_store_history(st, id, &ev, &n, &err);
	ct_store_close(st);
	if (rc)
		return cli_error(rc, &err);
	if (o->mask)
		ct_events_mask(ev, n);
	if (!strcmp(o->format, "json")) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, ct_event_to_json(&ev[i]));
		rc = cli_print_json(a, 2, &err);
		json_decref(a);
	} else {
		size_t changes = 0;

		/* Escalations are events but no changes (ticket.h). */
		for (size_t i = 0; i < n; i++)
			changes += (size_t)ct_event_is_change(&ev[i]);
		ct_buf_printf(&b, "ticket %lld: %zu change%s", id, changes, changes == 1 ? "" : "s");
		if (changes != n)
			ct_buf_printf(&b, ", %zu escalation%s", n - changes, n - changes == 1 ? "" : "s");
		ct_buf_puts(&b, "\n");
		ct_history_text(&b, ev, n);
		rc = cli_write(ct_buf_str(&b), b.len, &err);
	}
	ct_buf_free(&b);
	ct_events_free(ev, n);
	return rc ? cli_error(rc, &err) : 0;
}

int
ticket_show_deadlines(struct ct_store *st, struct ct_ticket *t, const struct topts *o,
		      struct ct_err *err)
{
	struct ct_profile prof;
	struct ct_event *ev = NULL;
	struct ct_stage *sv = NULL;
	size_t n = 0, ns = 0;
	int rc;

	if ((rc = cli_load_profile(o->profile, &prof, err)) != 0)
		return rc;
	if ((rc = ct_store_history(st, t->id, &ev, &n, err)) == 0) {
		ct_ticket_stages(t, ev, n, &prof.dl, &sv, &ns);
		ct_ticket_clock_deadlines(t, sv, ns, &prof.dl);
		free(sv);
		ct_events_free(ev, n);
	}
	ct_profile_free(&prof);
	return rc;
}

int
ticket_show_extra(struct ct_store *st, const struct ct_ticket *t, const struct topts *o,
		  struct ct_buf *text, struct ct_err *err)
{
	struct ct_profile prof;
	struct ct_event *ev = NULL;
	struct ct_stage *sv = NULL;
	size_t n = 0, ns = 0;
	long long now;
	char tm[32];
	int rc;

	if ((rc = cli_load_profile(o->profile, &prof, err)) != 0)
		return rc;
	if ((rc = cli_now(o->now, &now, err)) != 0) {
		ct_profile_free(&prof);
		return rc;
	}
	rc = ct_store_history(st, t->id, &ev, &n, err);
	if (rc) {
		ct_profile_free(&prof);
		return rc;
	}
	if (o->mask)
		ct_events_mask(ev, n);
	ct_ticket_stages(t, ev, n, &prof.dl, &sv, &ns);
	ct_fmt_time(tm, sizeof(tm), now);
	ct_buf_printf(text, "\nStages (time used against the limit, at %s)\n", tm);
	ct_stages_text(text, sv, ns, now);
	ct_buf_puts(text, "\nHistory\n");
	ct_history_text(text, ev, n);
	free(sv);
	ct_events_free(ev, n);
	ct_profile_free(&prof);
	return 0;
}

/* ---------------------------------------------------------------------
 * list --overdue / --due-within
 */

int
ticket_list_due(const struct topts *o)
{
	struct ct_store *st = NULL;
	struct ct_ticket *v = NULL;
	struct ct_profile prof;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_err err;
	struct ct_due *d = NULL;
	struct ct_ticket_filter f;
	size_t n = 0, nd = 0;
	long long now, within = o->due_within ? ticket_parse_duration(o->due_within) : -1;
	int rc;

	if (strcmp(o->format, "text") && strcmp(o->format, "json"))
		return cli_usage_error("ticket list", "--overdue and --due-within take text or json");
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = cli_now(o->now, &now, &err)) != 0) {
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	if ((rc = ticket_open_store(o, CT_STORE_READONLY, &st, &err)) != 0) {
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	/* From the queue's index when it holds this profile's deadlines;
	 * the text shows the due stage alone, not every deadline. */
	f = o->filter;
	f.no_deadlines = !strcmp(o->format, "text");
	if (f.no_deadlines)   /* the columns of ct_due_text */
		f.fields = ct_field_bits("grade status cause cell");
	rc = ct_store_set_deadlines(st, &prof.dl, &err);
	if (!rc)
		rc = ct_queue_due(st, &f, &prof.dl, now, o->overdue, within, &v, &n, &d, &nd, &err);
	ct_store_close(st);
	ct_profile_free(&prof);
	for (size_t i = 0; !rc && o->mask && i < nd; i++)
		ct_ticket_mask(d[i].t);
	if (!rc && !strcmp(o->format, "json")) {
		json_t *a = ct_due_to_json(d, nd);

		rc = cli_print_json(a, 2, &err);
		json_decref(a);
	} else if (!rc) {
		ct_due_text(&b, d, nd);
		rc = cli_write(ct_buf_str(&b), b.len, &err);
	}
	ct_buf_free(&b);
	free(d);
	ct_tickets_free(v, n);
	return rc ? cli_error(rc, &err) : 0;
}

/* ---------------------------------------------------------------------
 * batch
 */

int
ticket_batch(int argc, char **argv, const struct topts *o)
{
	struct ct_store *st = NULL;
	struct ct_err err;
	const char *what = optind < argc ? argv[optind] : "";
	long long now;
	int rc;

	if (optind + 2 > argc)
		return cli_usage_error("ticket batch", "expected create|add|show BATCH");
	if ((rc = cli_now(o->now, &now, &err)) != 0)
		return cli_error(rc, &err);
	if (!strcmp(what, "create")) {
		if (optind + 2 != argc)
			return cli_usage_error("ticket batch", "create takes one batch id");
		if ((rc = ticket_open_store(o, 1, &st, &err)) != 0)
			return cli_error(rc, &err);
		rc = ct_store_batch_create(st, argv[optind + 1], o->cause, o->who, now, &err);
		ct_store_close(st);
		if (rc)
			return cli_error(rc, &err);
		printf("batch %s created\n", argv[optind + 1]);
		return cli_done("batch %s was created", argv[optind + 1]);
	}
	if (!strcmp(what, "add")) {
		long long *ids;
		int nids = argc - optind - 2;

		if (nids < 1)
			return cli_usage_error("ticket batch", "add needs a batch id and ticket ids");
		ids = ct_xcalloc((size_t)nids, sizeof(*ids));
		for (int i = 0; i < nids; i++)
			if ((rc = parse_id("ticket batch", argv[optind + 2 + i], &ids[i])) != 0) {
				free(ids);
				return rc;
			}
		if ((rc = ticket_open_store(o, 0, &st, &err)) == 0) {
			rc = ct_store_batch_add(st, argv[optind + 1], ids, (size_t)nids, o->who, now, &err);
			ct_store_close(st);
		}
		free(ids);
		if (rc)
			return cli_error(rc, &err);
		printf("batch %s: %d ticket%s added\n", argv[optind + 1], nids, nids == 1 ? "" : "s");
		return cli_done("%d ticket%s added to batch %s", nids, nids == 1 ? " was" : "s were",
				argv[optind + 1]);
	}
	if (!strcmp(what, "show")) {
		struct ct_batch bt;

		if (optind + 2 != argc)
			return cli_usage_error("ticket batch", "show takes one batch id");
		if ((rc = ticket_open_store(o, CT_STORE_READONLY, &st, &err)) != 0)
			return cli_error(rc, &err);
		rc = ct_store_batch_get(st, argv[optind + 1], &bt, &err);
		ct_store_close(st);
		if (rc)
			return cli_error(rc, &err);
		if (!strcmp(o->format, "json")) {
			json_t *a = json_array(), *j;
			char tm[32];

			for (size_t i = 0; i < bt.ntickets; i++)
				json_array_append_new(a, json_integer(bt.tickets[i]));
			ct_fmt_time(tm, sizeof(tm), bt.created_at);
			j = json_pack("{s:o, s:o, s:s, s:o, s:o}", "batch", ct_json_str(bt.id),
				      "cause", ct_json_str(bt.cause), "created_at", tm, "who",
				      ct_json_str(bt.who), "tickets", a);
			rc = cli_print_json(j, 0, &err);
			json_decref(j);
		} else {
			char tm[32];

			ct_fmt_time(tm, sizeof(tm), bt.created_at);
			printf("batch %s: %zu ticket%s, cause %s, created %s by %s\n", bt.id,
			       bt.ntickets, bt.ntickets == 1 ? "" : "s", bt.cause ? bt.cause : "-", tm,
			       bt.who ? bt.who : "-");
			for (size_t i = 0; i < bt.ntickets; i++)
				printf("  ticket %lld\n", bt.tickets[i]);
		}
		ct_batch_free(&bt);
		return rc ? cli_error(rc, &err) : 0;
	}
	return cli_usage_error("ticket batch", "'%s' is not create, add or show", what);
}

/* ---------------------------------------------------------------------
 * export / import
 */

/* Output is written in chunks of this size as the tickets come. */
#define EXPORT_CHUNK (64 * 1024)

struct ectx {
	const struct topts *o;
	struct ct_store *st;
	struct ct_buf b;
	size_t n;
	int csv, tmf;
};

/* One ticket of the export, with its history (json, tmf621). */
static int
export_one(struct ct_ticket *t, struct ct_event *ev, size_t nev, void *arg,
	   struct ct_err *err)
{
	struct ectx *x = arg;
	json_t *j;

	if (x->o->mask)
		ct_ticket_mask(t);
	if (x->csv) {
		ct_ticket_csv_row(&x->b, t, 0);
		ct_buf_puts(&x->b, "\r\n");
		x->n++;
		return cli_flush(&x->b, EXPORT_CHUNK, err);
	}
	if (x->o->mask)
		ct_events_mask(ev, nev);
	if (x->tmf) {
		j = ct_ticket_to_tmf621(t, ev, nev);
	} else {
		json_t *h = json_array();

		j = ct_ticket_to_json(t, 1);
		for (size_t k = 0; k < nev; k++)
			json_array_append_new(h, ct_event_to_json(&ev[k]));
		json_object_set_new(j, "history", h);
	}
	ct_json_array_item(&x->b, j, JSON_PRESERVE_ORDER | JSON_INDENT(2), x->n++);
	json_decref(j);
	return cli_flush(&x->b, EXPORT_CHUNK, err);
}

static int
export_csv_one(struct ct_ticket *t, void *arg, struct ct_err *err)
{
	return export_one(t, NULL, 0, arg, err);
}

/* The export streams: one ticket and its history in memory at a time. */
int
ticket_export(int argc, char **argv, const struct topts *o)
{
	struct ectx x = { o, NULL, CT_BUF_INIT, 0, 0, 0 };
	struct ct_err err;
	int rc;

	x.csv = !strcmp(o->format, "csv");
	x.tmf = !strcmp(o->format, "tmf621");
	if (!x.csv && !x.tmf && strcmp(o->format, "json") && strcmp(o->format, "text"))
		return cli_usage_error("ticket export", "--format must be json, csv or tmf621");
	if (optind < argc)
		return cli_usage_error("ticket export", "unexpected argument '%s'", argv[optind]);
	if ((rc = ticket_open_store(o, CT_STORE_READONLY, &x.st, &err)) != 0)
		return cli_error(rc, &err);
	if (x.csv) {
		ct_ticket_csv_header(&x.b, 0);
		ct_buf_puts(&x.b, "\r\n");
	}
	/* The CSV export has no history: the walk need not read it. */
	rc = x.csv ? ct_store_each(x.st, &o->filter, export_csv_one, &x, &err)
		   : ct_store_each_history(x.st, &o->filter, export_one, &x, &err);
	ct_store_close(x.st);
	if (!rc && !x.csv)
		ct_json_array_end(&x.b, JSON_PRESERVE_ORDER | JSON_INDENT(2), x.n);
	if (!rc)
		rc = cli_flush(&x.b, 0, &err);
	ct_buf_free(&x.b);
	return rc ? cli_error(rc, &err) : 0;
}

/*
 * Import streams: the file is read ticket by ticket and each one put into
 * the store at once, all in one write transaction, so memory holds one
 * ticket whatever the file's size, and a refusal anywhere (a malformed or
 * unchecked ticket, one already in the store) leaves the store as it was.
 */
enum import_format { IMPORT_CSV, IMPORT_EXPORT_JSON, IMPORT_TMF621 };

struct importer {
	const char *file;
	enum import_format format;
	struct ct_json_stream js;
	struct ct_csv_stream cs;
	size_t n;              /* tickets read so far */
	json_t *first;         /* the first element, read to tell the format */
	size_t first_line;
};

/* Our own --format json export (ticket objects with filed_at) rather than
 * TMF621 TroubleTickets (creationDate, @type). */
static int
is_our_export(json_t *first)
{
	return json_is_object(first) && json_object_get(first, "filed_at") &&
	       !json_object_get(first, "@type");
}

/* The next ticket: 1 with *t, *ev, *nev and where (for messages), 0 at
 * the end, CT_EINPUT with err naming file and ticket. */
static int
import_next(struct importer *im, struct ct_ticket *t, struct ct_event **ev, size_t *nev,
	    char *where, size_t wn, struct ct_err *err)
{
	json_t *x = NULL;
	size_t line = 0;
	int rc;

	*ev = NULL;
	*nev = 0;
	if (im->format == IMPORT_CSV) {
		if ((rc = ct_csv_stream_next(&im->cs, t, &line, err)) != 1)
			return rc;
		im->n++;
		snprintf(where, wn, "%s:%zu", im->file, line);
		return 1;
	}
	if (!im->first && im->format == IMPORT_EXPORT_JSON) {
		if ((rc = ct_export_json_next(&im->js, im->n + 1, t, ev, nev, &line, err)) != 1)
			return rc;
		im->n++;
		snprintf(where, wn, "%s:%zu", im->file, line);
		return 1;
	}
	if (im->first) {
		x = im->first;
		line = im->first_line;
		im->first = NULL;
	} else if ((rc = ct_json_stream_next(&im->js, &x, &line, err)) != 1) {
		return rc;
	}
	im->n++;
	if (im->format == IMPORT_EXPORT_JSON) {
		snprintf(where, wn, "%s:%zu: ticket %zu", im->file, line, im->n);
		rc = ct_ticket_from_export_json(x, t, ev, nev, where, err);
		snprintf(where, wn, "%s:%zu", im->file, line);
	} else if (!json_is_object(x)) {
		rc = ct_fail(err, CT_EINPUT, "%s: not a TroubleTicket or an array of them", im->file);
	} else {
		snprintf(where, wn, "%s: item %zu", im->file, im->n);
		rc = ct_ticket_from_tmf621(x, t, ev, nev, where, err);
	}
	json_decref(x);
	return rc ? rc : 1;
}

/*
 * The reading runs in a thread of its own, IMPORT_AHEAD tickets ahead of
 * the store's writes: parsing and writing each take about half of an
 * import, so on two cores the file goes in at nearly twice the rate. The
 * queue bounds the memory; a failure on either side stops both. The
 * tickets written go back to the reader to be freed: a free in the other
 * thread takes the lock of the reader's malloc arena, which the reader
 * holds at every allocation, and the two threads then wait on each other.
 */
#define IMPORT_AHEAD 64

/* A ticket read, with its history and what the store makes of it ahead of
 * the write (ct_store_import_ready, made by the reader while the writer is
 * behind; NULL: the writer makes it). */
struct held {
	struct ct_ticket t;
	struct ct_event *ev;
	size_t nev;
	struct ct_import_ready *ready;
};

struct parsed {
	struct held h;
	char where[512];
};

struct pipe {
	struct importer *im;
	const struct ct_store *st;
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct parsed q[IMPORT_AHEAD];
	size_t head, n;
	struct held spent[IMPORT_AHEAD]; /* written, for the reader to free */
	size_t nspent;
	int end;           /* the reader is done: rc says how */
	int rc;            /* the reader's: 0 end of file, CT_EINPUT */
	struct ct_err err; /* the reader's message */
	int stop;          /* the writer gave up: the reader stops */
};

static void
held_free(struct held *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ct_ticket_free(&v[i].t);
		ct_events_free(v[i].ev, v[i].nev);
		ct_store_import_ready_free(v[i].ready);
	}
}

static void *
import_reader(void *arg)
{
	struct pipe *p = arg;
	struct ct_err err = { "" };
	struct held done[IMPORT_AHEAD];
	int rc;

	for (;;) {
		struct parsed x;
		size_t ndone;
		int ahead;

		pthread_mutex_lock(&p->mu);
		ndone = p->nspent;
		memcpy(done, p->spent, ndone * sizeof(*done));
		p->nspent = 0;
		ahead = p->n >= IMPORT_AHEAD / 2;
		pthread_mutex_unlock(&p->mu);
		held_free(done, ndone);
		rc = import_next(p->im, &x.h.t, &x.h.ev, &x.h.nev, x.where, sizeof(x.where), &err);
		if (rc != 1)
			break;
		/* The store's work that needs no store is done by whichever
		 * thread would wait: here while the writer is behind (a big
		 * store's writes), else by the writer (a small store's, which
		 * keep up with the reading). */
		x.h.ready = ahead ? ct_store_import_ready(p->st, &x.h.t, x.h.ev, x.h.nev) : NULL;
		pthread_mutex_lock(&p->mu);
		while (p->n == IMPORT_AHEAD && !p->stop)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			held_free(&x.h, 1);
			rc = 0;
			break;
		}
		p->q[(p->head + p->n++) % IMPORT_AHEAD] = x;
		pthread_cond_signal(&p->more);
		pthread_mutex_unlock(&p->mu);
	}
	pthread_mutex_lock(&p->mu);
	p->end = 1;
	p->rc = rc;
	p->err = err;
	pthread_cond_signal(&p->more);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The next ticket read: 1, or 0 when the reader has ended (p->rc says how).
 * The ticket taken before (x, unless first) goes back to the reader. */
static int
import_take(struct pipe *p, struct parsed *x, int first)
{
	int got = 0;

	pthread_mutex_lock(&p->mu);
	if (!first && p->nspent < IMPORT_AHEAD)
		p->spent[p->nspent++] = x->h;
	else if (!first)
		held_free(&x->h, 1);
	while (p->n == 0 && !p->end)
		pthread_cond_wait(&p->more, &p->mu);
	if (p->n) {
		*x = p->q[p->head];
		p->head = (p->head + 1) % IMPORT_AHEAD;
		p->n--;
		got = 1;
		/* The reader, when the queue was full, is woken once half of it
		 * is free: then it reads on for many tickets instead of waking
		 * for each one taken. */
		if (p->n == IMPORT_AHEAD / 2)
			pthread_cond_signal(&p->room);
	}
	pthread_mutex_unlock(&p->mu);
	return got;
}

/* Stops the reader, waits for it, and frees what it read ahead. */
static void
import_stop(struct pipe *p, pthread_t th)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->room);
	pthread_mutex_unlock(&p->mu);
	pthread_join(th, NULL);
	held_free(p->spent, p->nspent);
	for (; p->n; p->n--, p->head = (p->head + 1) % IMPORT_AHEAD)
		held_free(&p->q[p->head].h, 1);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->more);
	pthread_cond_destroy(&p->room);
}

int
ticket_import(int argc, char **argv, const struct topts *o)
{
	const char *file = optind < argc ? argv[optind] : NULL;
	struct ct_store *st = NULL;
	struct ct_profile prof;
	struct importer im;
	struct pipe p;
	struct parsed x;
	pthread_t th;
	int started = 0;
	struct ct_err err;
	FILE *fp;
	int rc, c;

	if (!file || optind + 1 != argc)
		return cli_usage_error("ticket import", "expected one file");
	/* The queue's columns of each imported ticket are computed with the
	 * profile's deadlines, as filing computes them. */
	if ((rc = cli_load_profile(o->profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if (!(fp = fopen(file, "r"))) {
		rc = ct_fail(&err, CT_EINPUT, "%s: %s", file, strerror(errno));
		ct_profile_free(&prof);
		return cli_error(rc, &err);
	}
	memset(&im, 0, sizeof(im));
	im.file = file;
	/* JSON starts with [ or { (after white space); else our CSV or nothing. */
	while ((c = getc(fp)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		;
	rewind(fp);
	ct_json_stream_init(&im.js, fp, file);
	ct_csv_stream_init(&im.cs, fp, file);
	if (c != '[' && c != '{') {
		im.format = IMPORT_CSV;
	} else {
		rc = ct_json_stream_next(&im.js, &im.first, &im.first_line, &err);
		if (rc < 0)
			goto input_error;
		im.format = is_our_export(im.first) ? IMPORT_EXPORT_JSON : IMPORT_TMF621;
	}
	if ((rc = ticket_open_store(o, 1, &st, &err)) != 0 ||
	    (rc = ct_store_set_deadlines(st, &prof.dl, &err)) != 0 ||
	    (rc = ct_store_import_begin(st, &err)) != 0)
		goto store_error;
	memset(&p, 0, sizeof(p));
	p.im = &im;
	p.st = st;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.more, NULL);
	pthread_cond_init(&p.room, NULL);
	if (pthread_create(&th, NULL, import_reader, &p) != 0) {
		rc = ct_fail(&err, CT_ESTORE, "%s: cannot start the reader", file);
		goto store_error;
	}
	started = 1;
	for (int first = 1;; first = 0) {
		if (!import_take(&p, &x, first)) {
			if (p.rc == 0)
				break;
			err = p.err;
			goto input_error;
		}
		rc = ct_store_import_add(st, &x.h.t, x.h.ev, x.h.nev, x.h.ready, x.where, &err);
		if (rc == 0)
			continue;
		held_free(&x.h, 1);   /* kept by this thread, not given back */
		goto refused;
	}
	import_stop(&p, th);
	started = 0;
	/* A ticket found in the store may be refused only now (PostgreSQL). */
	if ((rc = ct_store_import_commit(st, &err)) != 0)
		goto refused;
	printf("imported %zu ticket%s\n", im.n, im.n == 1 ? "" : "s");
	rc = cli_done("%zu ticket%s imported", im.n, im.n == 1 ? " was" : "s were");
	goto out;
refused:
	/* A ticket refused (its where in the message), or the store failed. */
	if (rc != CT_ESTATE && rc != CT_EINPUT)
		goto store_error;
input_error:
	fprintf(stderr, "celltriage: %s; nothing imported\n", err.msg);
	rc = EXIT_INPUT;
	goto out;
store_error:
	rc = cli_error(rc, &err);
out:
	if (started)
		import_stop(&p, th);
	if (st) {
		ct_store_import_abort(st);
		if (rc)
			ct_store_close_failed(st);
		else
			ct_store_close(st);
	}
	json_decref(im.first);
	ct_json_stream_free(&im.js);
	ct_csv_stream_free(&im.cs);
	fclose(fp);
	ct_profile_free(&prof);
	return rc;
}

/* The copy's progress on a terminal: tickets so far, on one line. */
static void
migrate_progress(const char *table, size_t rows, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rcopying %s: %zu", table, rows);
}

/*
 * The whole store into a new one: the NOC moving from one machine's SQLite
 * file to a PostgreSQL server (or back). The source is only read.
 */
int
ticket_migrate(int argc, char **argv, const struct topts *o)
{
	struct ct_store *from = NULL, *to = NULL;
	struct ct_err err;
	long long n = 0;
	int rc, tty = isatty(STDERR_FILENO);

	if (!o->to || !*o->to)
		return cli_usage_error("ticket migrate", "--to STORE is required");
	if (optind < argc)
		return cli_usage_error("ticket migrate", "unexpected argument '%s'", argv[optind]);
	if ((rc = ticket_open_store(o, CT_STORE_READONLY, &from, &err)) != 0)
		return cli_error(rc, &err);
	if ((rc = ct_store_open(o->to, CT_STORE_CREATE, &to, &err)) == 0)
		rc = ct_store_copy(from, to, &n, tty ? migrate_progress : NULL, NULL, &err);
	if (tty)
		fputs("\r\033[K", stderr);
	ct_store_close(to);
	ct_store_close(from);
	if (rc)
		return cli_error(rc, &err);
	printf("copied %lld ticket%s into %s\n", n, n == 1 ? "" : "s", o->to);
	return 0;
}
