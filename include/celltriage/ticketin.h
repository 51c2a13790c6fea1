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
/* The line (from 1) of each element of a top-level JSON array (or of the
 * one object) in s: at most max into lines; returns how many. */
size_t ct_json_item_lines(const char *s, size_t len, size_t *lines, size_t max);

/*
 * A TMF621 TroubleTicket (where = "in.json: item 3" for messages): the
 * standard attributes and characteristics the field table names, the notes
 * as the history. A TroubleTicket from another system (no
 * characteristics) still reads: its status and severity are mapped back.
 */
int ct_ticket_from_tmf621(json_t *o, struct ct_ticket *t, struct ct_event **ev, size_t *nev,
			  const char *where, struct ct_err *err);

#endif
