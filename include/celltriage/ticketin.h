/*
 * ticketin.h — reading tickets back in (src/ingest/): our own `ticket
 * export` (--format json and csv, ticketin.c) and TM Forum TMF621
 * TroubleTicket JSON (tmf621.c), each mapped through the field table
 * (ticket.h ct_fields[]). The writers are in report.h.
 *
 * Each fills a struct ct_ticket (free with ct_ticket_free, or the array
 * with ct_tickets_free) and its history (free with ct_events_free). Errors
 * are CT_EINPUT with one line naming the input ("where") and the first
 * mistake; nothing is returned then.
 */
#ifndef CELLTRIAGE_TICKETIN_H
#define CELLTRIAGE_TICKETIN_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "celltriage/ticket.h"
#include "celltriage/util.h"

/*
 * One object of the `ticket export --format json` array (where = "file:line:
 * ticket N" for messages): every member type-checked, the status one of the
 * lifecycle's, the history's revs each once.
 */
int ct_ticket_from_export_json(json_t *o, struct ct_ticket *t, struct ct_event **ev, size_t *nev,
			       const char *where, struct ct_err *err);
/*
 * The whole `ticket export --format csv` text: *out (free with
 * ct_tickets_free) and *lines (the line each ticket starts on; free()).
 * CT_EINPUT "file:line: why" on the first bad record.
 */
int ct_tickets_from_export_csv(const char *text, size_t len, const char *file,
			       struct ct_ticket **out, size_t **lines, size_t *n,
			       struct ct_err *err);

/*
 * Reading a file ticket by ticket (`ticket import` of any size: memory holds
 * one ticket). The caller opens and closes fp.
 *
 * The elements of a top-level JSON array (or the one object) of fp, one at
 * a time: next returns 1 with *item (json_decref it) and the *line it starts
 * on, 0 at the end, CT_EINPUT with "file:line:column: what" for malformed
 * JSON, something after the array, or an element over 64 MiB.
 */
struct ct_json_stream {
	FILE *fp;
	const char *file;
	size_t line, col;          /* of the next byte */
	int push, state;
	struct ct_buf item;
	struct ct_buf lifted;      /* item with the values taken out (js_lift) */
	char *ahead;               /* bytes read from fp, [at, got) not yet taken */
	size_t at, got;
};
void ct_json_stream_init(struct ct_json_stream *js, FILE *fp, const char *file);
int ct_json_stream_next(struct ct_json_stream *js, json_t **item, size_t *line,
			struct ct_err *err);
/*
 * The same, the values of the item's top-level members named in keys (a
 * NULL-terminated list) that are objects or arrays taken out as their
 * compact text into texts[k] (free() each; NULL when not taken) and read
 * as null in *item: a bulky document is checked as jansson would, but not
 * built into a tree only to be written out as text again.
 */
int ct_json_stream_next_lifted(struct ct_json_stream *js, const char *const *keys, char **texts,
			       json_t **item, size_t *line, struct ct_err *err);
/*
 * The next ticket of a stream of our export's JSON array, as
 * ct_json_stream_next and ct_ticket_from_export_json ("file:line: ticket
 * n: what"), the stored documents (complaint, verdict) carried as text:
 * 1 with *t, *ev, *nev and the *line it starts on; 0 at the end; CT_EINPUT.
 */
int ct_export_json_next(struct ct_json_stream *js, size_t n, struct ct_ticket *t,
			struct ct_event **ev, size_t *nev, size_t *line, struct ct_err *err);
void ct_json_stream_free(struct ct_json_stream *js);

/*
 * The records of a `ticket export --format csv` file, one at a time, as
 * ct_tickets_from_export_csv reads them: 1 with *t (ct_ticket_free) and its
 * *line, 0 at the end, CT_EINPUT "file:line: why".
 */
struct ct_csv_stream {
	FILE *fp;
	const char *file;
	size_t line;
	int header;                /* read */
	struct ct_buf rec;
};
void ct_csv_stream_init(struct ct_csv_stream *cs, FILE *fp, const char *file);
int ct_csv_stream_next(struct ct_csv_stream *cs, struct ct_ticket *t, size_t *line,
		       struct ct_err *err);
void ct_csv_stream_free(struct ct_csv_stream *cs);

/*
 * A TMF621 TroubleTicket (where = "in.json: item 3" for messages): the
 * standard attributes and characteristics the field table names, the notes
 * as the history. A TroubleTicket from another system (no
 * characteristics) still reads: its status and severity are mapped back.
 */
int ct_ticket_from_tmf621(json_t *o, struct ct_ticket *t, struct ct_event **ev, size_t *nev,
			  const char *where, struct ct_err *err);

#endif
