/*
 * ticket.h — the `celltriage ticket` command's options, shared by its
 * files: ticket.c (file, list, show, option parsing), noc.c (the NOC
 * workflow: moves, history, batches, export, import) and monitor.c (the
 * month's report, the customer in show). Private to the CLI.
 */
#ifndef CELLTRIAGE_CLI_TICKET_H
#define CELLTRIAGE_CLI_TICKET_H

#include <jansson.h>

#include "celltriage/noc.h"
#include "celltriage/store.h"
#include "celltriage/util.h"

struct topts {
	const char *store, *profile, *format, *now;
	char **caps, **drives;
	int ncaps, ndrives;
	struct ct_ticket_filter filter;
	/* The workflow (noc.c). */
	const char *who, *department, *person, *cause, *result, *satisfaction;
	const char *time_taken, *evidence, *note, *due_within;
	/* The monthly report (monitor.c). */
	const char *month, *subscribers;
	/* ticket migrate's target store. */
	const char *to;
	/* ticket comment's text. */
	const char *text, *text_file;
	int rev, invalid, overdue, mask, from_given;
	/* --department as the profile's department id (department and
	 * filter.department point here once it is resolved). */
	char department_id[128];
};

/* Opens the store named by o in mode (store.h enum ct_store_mode). */
int ticket_open_store(const struct topts *o, int mode, struct ct_store **s,
		      struct ct_err *err);
/* "30m", "2h", "1h30m", "90s", "2d" -> seconds; -1 when not a duration. */
long long ticket_parse_duration(const char *s);

/* Each returns the exit status (argv[optind] is the first argument). */
int ticket_move(int argc, char **argv, const struct topts *o);     /* dispatch ... reopen */
int ticket_history(int argc, char **argv, const struct topts *o);
int ticket_comment(int argc, char **argv, const struct topts *o);
int ticket_escalate(int argc, char **argv, const struct topts *o);
int ticket_batch(int argc, char **argv, const struct topts *o);
int ticket_export(int argc, char **argv, const struct topts *o);
int ticket_import(int argc, char **argv, const struct topts *o);
int ticket_migrate(int argc, char **argv, const struct topts *o);
/* list --overdue / --due-within. */
int ticket_list_due(const struct topts *o);
/* The deadlines of t's stages that have started, from their clocks
 * (ticket.h ct_ticket_clock_deadlines), before t is shown. */
int ticket_show_deadlines(struct ct_store *st, struct ct_ticket *t, const struct topts *o,
			  struct ct_err *err);
/* The stages and history sections of `ticket show` (text; the JSON is
 * report.h ct_ticket_show_json's). */
int ticket_show_extra(struct ct_store *st, const struct ct_ticket *t, const struct topts *o,
		      struct ct_buf *text, struct ct_err *err);

/* The customer section of `ticket show` (msisdn unmasked; NULL: none). */
int ticket_show_customer(struct ct_store *st, const char *msisdn, const struct topts *o,
			 struct ct_buf *text, struct ct_err *err);
/* ticket report --month YYYY-MM. */
int ticket_report(int argc, char **argv, const struct topts *o);

#endif
