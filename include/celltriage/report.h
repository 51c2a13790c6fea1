/*
 * report.h — what the commands print: verdicts, test plans, tickets.
 *
 * Text output is for a person at an 80-column terminal (the conclusion first,
 * then the detail, columns aligned); JSON is for scripts, its members
 * stable; CSV is RFC 4180 with a header row. Every renderer writes to a
 * struct ct_buf so the caller decides where it goes (stdout, a golden-file
 * comparison, a store column) and nothing is half-printed on error.
 */
#ifndef CELLTRIAGE_REPORT_H
#define CELLTRIAGE_REPORT_H

#include <jansson.h>

#include "celltriage/noc.h"
#include "celltriage/store.h"
#include "celltriage/util.h"
#include "celltriage/verdict.h"

/* The verdict as its JSON object, as `diagnose --format json` prints it and
 * a ticket stores it (new reference). */
json_t *ct_verdict_to_json(const struct ct_verdict *v);
/* The verdict for a person: verdict first, then path, needs, actions. */
void ct_verdict_text(struct ct_buf *b, const struct ct_verdict *v);
/* The one-visit test plan: needs grouped by where (on site, back office,
 * core side), in walk order. */
void ct_plan_text(struct ct_buf *b, const struct ct_verdict *v);
json_t *ct_plan_to_json(const struct ct_verdict *v);

/*
 * Tickets. The JSON object of a ticket has the members of the field table
 * (ticket.h ct_fields[]): id, complaint, msisdn, ..., deadlines {stage:
 * time}, and the workflow's when they are set (department, person, reply
 * {cause, result, satisfaction, time_taken_s, invalid, evidence},
 * status_at, repeat_of, batch). With full = 1 it also carries the complaint
 * as received and the verdict (with its path) as objects.
 */
json_t *ct_ticket_to_json(const struct ct_ticket *t, int full);
/* `ticket list`: an aligned table (text), a JSON array, or CSV. */
void ct_tickets_text(struct ct_buf *b, const struct ct_ticket *v, size_t n);
/*
 * The same table one ticket at a time (a listing that streams): init, then
 * measure every ticket, then head (fits the measured columns to the
 * terminal; "no tickets" when none was measured), then row for each ticket,
 * in the order measured. Output is ct_tickets_text's, byte for byte.
 */
#define CT_TABLE_COLS 7
struct ct_ticket_table {
	size_t w[CT_TABLE_COLS], sep, rows;
};
void ct_ticket_table_init(struct ct_ticket_table *tab);
void ct_ticket_table_measure(struct ct_ticket_table *tab, const struct ct_ticket *t);
void ct_ticket_table_head(struct ct_buf *b, struct ct_ticket_table *tab);
void ct_ticket_table_row(struct ct_buf *b, const struct ct_ticket_table *tab,
			 const struct ct_ticket *t);
/*
 * A JSON array written one element at a time, byte for byte as
 * json_dumps(array, flags) followed by "\n": item appends element number i
 * (0 first; j is not stolen), end closes an array of n elements.
 */
void ct_json_array_item(struct ct_buf *b, json_t *j, size_t flags, size_t i);
void ct_json_array_end(struct ct_buf *b, size_t flags, size_t n);
void ct_tickets_json(struct ct_buf *b, const struct ct_ticket *v, size_t n);
void ct_tickets_csv(struct ct_buf *b, const struct ct_ticket *v, size_t n);
/* One ticket's CSV row (no line end): the list's columns (list = 1) or the
 * export's; the header is ticket.h ct_ticket_csv_header. */
void ct_ticket_csv_row(struct ct_buf *b, const struct ct_ticket *t, int list);
/* `ticket show`: every field, the deadlines, then the decision path. */
void ct_ticket_text(struct ct_buf *b, const struct ct_ticket *t);

/*
 * Captures (capture.h). The JSON object of one file: file, packets,
 * link_type, messages, events (failures the profile maps to a branch of the
 * tree, each with frame, time, protocol, message, cause_family, cause_group
 * where there is one, cause, cause_name, branch, subscriber, cell), causes
 * (every cause-bearing field, failure or not), subscribers, undecoded
 * (counts by reason) and summary (event counts by family, or family/group
 * where the group gives a value its meaning, then by cause). p may
 * be NULL: then every failure is an event, without a branch.
 */
struct ct_capture;
struct ct_profile;
json_t *ct_capture_to_json(const struct ct_capture *cap, const struct ct_profile *p);
void ct_capture_text(struct ct_buf *b, const struct ct_capture *cap, const struct ct_profile *p);
/* CSV rows of the events (header with header = 1). */
void ct_capture_csv(struct ct_buf *b, const struct ct_capture *cap, const struct ct_profile *p,
		    int header);
/*
 * The same three outputs written as they are made into f (a stdout or a
 * temporary file), in the same bytes as above, holding nothing in memory
 * but the summary counts: for captures read with CT_CAP_SPILL. Return 0, or
 * -1 when f reports a write error (errno says why).
 */
int ct_capture_write_json(FILE *f, const struct ct_capture *cap, const struct ct_profile *p);
int ct_capture_write_text(FILE *f, const struct ct_capture *cap, const struct ct_profile *p);
int ct_capture_write_csv(FILE *f, const struct ct_capture *cap, const struct ct_profile *p,
			 int header);
/* How many events (failures the profile maps) the capture holds. */
size_t ct_capture_event_count(const struct ct_capture *cap, const struct ct_profile *p);
/* A subscriber's ladder: every message that concerns subscriber sub (an
 * index into cap->subs), in time order. */
void ct_ladder_text(struct ct_buf *b, const struct ct_capture *cap, int sub);
json_t *ct_ladder_to_json(const struct ct_capture *cap, int sub);

/*
 * The NOC workflow and its monitoring (src/report/noc.c, hotspot.c,
 * month.c, month_html.c; the analyses are noc.h's).
 */
/* Keeps the first 3 and last 2 digits of a subscriber number, the other
 * digits become '*' (all of them when there are 5 or fewer). NULL for NULL;
 * the caller frees. */
char *ct_mask_number(const char *s);
/* Free text with every run of CT_MASK_RUN or more digits (a number that
 * may be an MSISDN, IMSI or IMEI: national mobile numbers have 7 digits and
 * more) masked as ct_mask_number masks it; shorter runs (a day, a floor, a
 * signal level) are kept. NULL for NULL; the caller frees. */
#define CT_MASK_RUN 7
char *ct_mask_text(const char *s);
/* Masks t's msisdn and imsi, every msisdn/imsi/imei value inside the
 * stored complaint and verdict documents, and the numbers (ct_mask_text)
 * in the complaint's description and address and the workflow's result and
 * evidence, in place (before rendering). */
void ct_ticket_mask(struct ct_ticket *t);
/* Masks the numbers in a ticket's history as ct_ticket_mask masks them in
 * the ticket: the free text each change recorded (a result, evidence). */
void ct_events_mask(struct ct_event *v, size_t n);
/* The audit trail: one line per event / a JSON object per event. */
void ct_history_text(struct ct_buf *b, const struct ct_event *v, size_t n);
json_t *ct_event_to_json(const struct ct_event *e);
/*
 * An event's detail as the JSON object every output shows (export, history,
 * TMF621 notes, the desk's events): the stored object, or what an older
 * store kept as text read into one ("rev N" of filing: {}; "rev 1, repeat
 * of ticket N": {"repeat_of": N}; any other text: {"text": ...}). A new
 * reference; {} for none.
 */
json_t *ct_event_detail_json(const char *detail);
/* Stage times against their limits (store.h ct_ticket_stages), at now. */
void ct_stages_text(struct ct_buf *b, const struct ct_stage *v, size_t n, long long now);
json_t *ct_stages_to_json(const struct ct_stage *v, size_t n, long long now);
/*
 * `ticket show --format json`'s object, which the desk's ticket page shows
 * too: the ticket with its documents (ct_ticket_to_json full), the
 * customer's profile (when it has an MSISDN; the repeat window in seconds),
 * its stage times against d's limits at now and its history. mask masks t
 * in place first (the customer is looked up by the number as stored). *out
 * is the caller's (json_decref); on failure it is NULL and err says why.
 */
int ct_ticket_show_json(struct ct_store *st, struct ct_ticket *t, const struct ct_deadlines *dl,
			long long repeat_window_s, long long now, int mask, json_t **out,
			struct ct_err *err);
/* `ticket export --format csv`: every column of the field table. */
void ct_tickets_export_csv(struct ct_buf *b, const struct ct_ticket *v, size_t n);
/* A customer profile: one paragraph for a person; the JSON object (msisdn,
 * and the numbers in the contact and notes, masked when mask). */
void ct_customer_text(struct ct_buf *b, const struct ct_customer *c, int mask);
json_t *ct_customer_to_json(const struct ct_customer *c, int mask);
/* What filing added to a ticket (noc.h ct_filing_notes): the lines printed
 * under the "filed" line, and its members of the `ticket file --format
 * json` object (known, hotspot, customer). */
void ct_filing_notes_text(struct ct_buf *b, const struct ct_filing_notes *fn, int mask);
void ct_filing_notes_json(json_t *o, const struct ct_filing_notes *fn, int mask);
/* `ticket list --overdue / --due-within`: an aligned table ("no tickets"
 * when none) and a JSON array of the tickets with stage and overdue_by_s. */
void ct_due_text(struct ct_buf *b, const struct ct_due *v, size_t n);
json_t *ct_due_to_json(const struct ct_due *v, size_t n);
/* Hotspots: the JSON array of the fixed contract (cell, count, baseline =
 * expected count, p_value, tickets; plus level, area, cause,
 * baseline_count), and an aligned table. */
json_t *ct_hotspots_to_json(const struct ct_hotspot *v, size_t n);
void ct_hotspots_text(struct ct_buf *b, const struct ct_hotspot *v, size_t n,
		      const struct ct_hot_params *hp);
/* The monthly figures as text, JSON, CSV, and one self-contained HTML file
 * (inline CSS and SVG, no external resource). */
void ct_month_text(struct ct_buf *b, const struct ct_month *m);
json_t *ct_month_to_json(const struct ct_month *m);
void ct_month_csv(struct ct_buf *b, const struct ct_month *m);
void ct_month_html(struct ct_buf *b, const struct ct_month *m);

/* The ticket as a TM Forum TMF621 TroubleTicket, with the history as notes
 * (src/report/tmf621.c; read back by ticketin.h ct_ticket_from_tmf621). */
json_t *ct_ticket_to_tmf621(const struct ct_ticket *t, const struct ct_event *ev, size_t nev);

/* An ISO 8601 UTC time as a JSON string; 0 is JSON null unless always. */
json_t *ct_json_time(long long t, int always);
/* A ticket's deadlines as {stage: time} (times as ct_json_time). */
json_t *ct_deadlines_json(const struct ct_ticket *t, int always);

/* A JSON string for s (JSON null when s is NULL); bytes that are not UTF-8
 * (decoded from the wire, or stored as given) become U+FFFD. */
json_t *ct_json_str(const char *s);

/* CSV field quoting (RFC 4180): appends s, quoted when it needs to be, with
 * a leading single quote when a spreadsheet would read it as a formula
 * (util.h ct_csv_guarded). */
void ct_csv_field(struct ct_buf *b, const char *s);

#endif
