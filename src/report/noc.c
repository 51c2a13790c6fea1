/*
 * noc.c — what the NOC workflow prints (report.h, issue 5): the audit
 * trail, stage times against their limits, masked subscriber numbers, the
 * export CSV, and TM Forum TMF621 TroubleTicket JSON both ways.
 *
 * TMF621 (TM Forum Trouble Ticket Management API, v4 resource model, with
 * v5's troubleTicketCharacteristic): a ticket maps onto the standard
 * attributes where one exists and onto characteristics where none does, so
 * that export -> import -> export gives the same bytes:
 *
 *   celltriage            TroubleTicket
 *   ----------------      ---------------------------------------------------
 *   id                    id (string)
 *   complaint             externalId
 *   grade                 severity (1 Critical, 2 Major, else Minor),
 *                         priority ("1".."9"), characteristic grade
 *   status                status (accepted acknowledged, dispatched pending,
 *                         handling inProgress, replied/feedback resolved,
 *                         closed closed), characteristic status (exact)
 *   kind                  ticketType
 *   filed/updated_at      creationDate / lastUpdate (ISO 8601 UTC)
 *   status_at             statusChangeDate
 *   msisdn                relatedParty role "customer" (id)
 *   department, person    relatedParty roles "responsibleDepartment",
 *                         "responsiblePerson" (name)
 *   cell                  relatedEntity role "cell" (id)
 *   repeat_of             troubleTicketRelationship relationshipType "repeatOf"
 *   history               note[]: @type CelltriageEvent (@baseType Note) with
 *                         author, date, text, action, rev, ticketStatus, detail
 *   everything else       troubleTicketCharacteristic {name, value, valueType}
 *
 * A TroubleTicket from another system (no characteristics) still imports:
 * status and grade are mapped back from status and severity.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/report.h"

/* ---------------------------------------------------------------------
 * Masking (issue 5 item 10): keep the first 3 and the last 2 digits
 */

char *
ct_mask_number(const char *s)
{
	size_t n, digits = 0, seen = 0;
	char *m;

	if (!s)
		return NULL;
	n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
	m = ct_xstrdup(s);
	for (size_t i = 0; i < n; i++) {
		if (m[i] < '0' || m[i] > '9')
			continue;
		/* Too short to keep 5 digits and still hide any: hide all. */
		if (digits <= 5 || (seen >= 3 && seen < digits - 2))
			m[i] = '*';
		seen++;
	}
	return m;
}

static void
mask_field(char **f)
{
	char *m = ct_mask_number(*f);

	free(*f);
	*f = m;
}

/* Masks every string value under a key naming a subscriber number, at any
 * depth of a stored document. */
static void
mask_json(json_t *j)
{
	static const char *const keys[] = { "msisdn", "imsi", "imei", "imeisv", "subscriber" };
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_foreach(j, k, v) {
			int hit = 0;

			for (size_t x = 0; x < sizeof(keys) / sizeof(keys[0]); x++)
				if (!strcmp(k, keys[x]))
					hit = 1;
			if (hit && json_is_string(v)) {
				char *m = ct_mask_number(json_string_value(v));

				json_object_set_new(j, k, json_string(m));
				free(m);
			} else {
				mask_json(v);
			}
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			mask_json(v);
	}
}

static void
mask_doc(char **doc)
{
	json_t *j;
	char *s;

	if (!*doc)
		return;
	j = json_loads(*doc, JSON_DECODE_ANY, NULL);
	if (!j)
		return; /* not JSON: shown as stored, never parsed for numbers */
	mask_json(j);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(j);
	if (s) {
		free(*doc);
		*doc = s;
	}
}

void
ct_ticket_mask(struct ct_ticket *t)
{
	mask_field(&t->msisdn);
	mask_field(&t->imsi);
	mask_doc(&t->complaint_json);
	mask_doc(&t->verdict_json);
}

/* ---------------------------------------------------------------------
 * Durations and times
 */

/* "2h15m", "45m", "30s", "-10m" (overdue), "0s". */
void
ct_fmt_duration(char *dst, size_t n, long long s)
{
	const char *sign = s < 0 ? "-" : "";
	long long a = s < 0 ? -s : s;

	if (a >= 86400 && a % 3600 == 0)
		snprintf(dst, n, "%s%lldd%lldh", sign, a / 86400, a % 86400 / 3600);
	else if (a >= 3600)
		snprintf(dst, n, "%s%lldh%02lldm", sign, a / 3600, a % 3600 / 60);
	else if (a >= 60)
		snprintf(dst, n, "%s%lldm", sign, a / 60);
	else
		snprintf(dst, n, "%s%llds", sign, a);
}

/* ---------------------------------------------------------------------
 * History
 */

json_t *
ct_event_to_json(const struct ct_event *e)
{
	json_t *o = json_object(), *d;

	json_object_set_new(o, "at", ct_json_time(e->at, 0));
	json_object_set_new(o, "who", ct_json_str(e->who));
	json_object_set_new(o, "action", ct_json_str(e->action));
	json_object_set_new(o, "rev", e->rev ? json_integer(e->rev) : json_null());
	json_object_set_new(o, "status", ct_json_str(e->status));
	/* A JSON detail (schema 3 moves) as an object, older text as text. */
	d = e->detail ? json_loads(e->detail, 0, NULL) : NULL;
	json_object_set_new(o, "detail", json_is_object(d) ? d : ct_json_str(e->detail));
	if (d && !json_is_object(d))
		json_decref(d);
	return o;
}

/* The detail for a person: "department=radio person=li" from a JSON object,
 * the text itself otherwise. */
static void
detail_text(struct ct_buf *b, const char *detail)
{
	json_t *d = detail ? json_loads(detail, 0, NULL) : NULL;
	const char *k;
	json_t *v;
	int first = 1;

	if (!json_is_object(d)) {
		ct_buf_puts(b, detail ? detail : "");
		json_decref(d);
		return;
	}
	json_object_foreach(d, k, v) {
		if (!strcmp(k, "from"))
			continue; /* shown as the arrow */
		if (json_is_string(v))
			ct_buf_printf(b, "%s%s=%s", first ? "" : " ", k, json_string_value(v));
		else if (json_is_integer(v))
			ct_buf_printf(b, "%s%s=%lld", first ? "" : " ", k,
				      (long long)json_integer_value(v));
		else if (json_is_true(v))
			ct_buf_printf(b, "%s%s", first ? "" : " ", k);
		first = 0;
	}
	json_decref(d);
}

/*
 *   2026-11-22T08:00:00Z  rev 1  filed     -> accepted    alice
 *   2026-11-22T08:10:00Z  rev 2  dispatch  -> dispatched  bob    department=radio
 */
void
ct_history_text(struct ct_buf *b, const struct ct_event *v, size_t n)
{
	if (n == 0) {
		ct_buf_puts(b, "  -\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ct_event *e = &v[i];
		char tm[32], rev[16];
		struct ct_buf d = CT_BUF_INIT;
		struct ct_buf line = CT_BUF_INIT;

		ct_fmt_time(tm, sizeof(tm), e->at);
		if (e->rev)
			snprintf(rev, sizeof(rev), "rev %d", e->rev);
		else
			snprintf(rev, sizeof(rev), "rev -");
		detail_text(&d, e->detail);
		ct_buf_printf(&line, "  %s  %-7s %-9s %s%-11s %-10s %s", tm, rev,
			      e->action ? e->action : "-", e->status ? "-> " : "   ",
			      e->status ? e->status : "", e->who ? e->who : "-", ct_buf_str(&d));
		while (line.len && line.s[line.len - 1] == ' ')
			line.s[--line.len] = '\0';
		ct_buf_puts(b, ct_buf_str(&line));
		ct_buf_puts(b, "\n");
		ct_buf_free(&line);
		ct_buf_free(&d);
	}
}

/* ---------------------------------------------------------------------
 * Stages
 */

json_t *
ct_stages_to_json(const struct ct_stage *v, size_t n, long long now)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		long long used = (v[i].end ? v[i].end : now) - v[i].start;
		json_t *o = json_pack("{s:s, s:o, s:o, s:I, s:I, s:b}",
				      "stage", v[i].name,
				      "start", ct_json_time(v[i].start, 0),
				      "end", ct_json_time(v[i].end, 0),
				      "used_s", (json_int_t)used,
				      "limit_s", (json_int_t)v[i].limit_s,
				      "over", used > v[i].limit_s);

		if (v[i].department[0])
			json_object_set_new(o, "department", ct_json_str(v[i].department));
		json_array_append_new(a, o);
	}
	return a;
}

/*
 *   stage     used    limit   state
 *   dispatch  10m     15m     done
 *   handle    2h40m   2h15m   over by 25m, running  (radio)
 */
void
ct_stages_text(struct ct_buf *b, const struct ct_stage *v, size_t n, long long now)
{
	if (n == 0) {
		ct_buf_puts(b, "  -\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		long long used = (v[i].end ? v[i].end : now) - v[i].start;
		char u[32], l[32], over[32];
		struct ct_buf line = CT_BUF_INIT;

		ct_fmt_duration(u, sizeof(u), used);
		ct_fmt_duration(l, sizeof(l), v[i].limit_s);
		ct_buf_printf(&line, "  %-9s used %-7s of %-7s ", v[i].name, u, l);
		if (used > v[i].limit_s) {
			ct_fmt_duration(over, sizeof(over), used - v[i].limit_s);
			ct_buf_printf(&line, "over by %s", over);
		} else {
			ct_buf_puts(&line, "within");
		}
		ct_buf_puts(&line, v[i].end ? "" : ", running");
		if (v[i].department[0])
			ct_buf_printf(&line, "  (%s)", v[i].department);
		ct_buf_puts(b, ct_buf_str(&line));
		ct_buf_puts(b, "\n");
		ct_buf_free(&line);
	}
}
