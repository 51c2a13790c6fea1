/*
 * noc.c — what the NOC workflow prints (report.h): the audit
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
 * Masking (a subscriber's number shown to whoever does not need it): keep
 * the first 3 and the last 2 digits
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

char *
ct_mask_text(const char *s)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *p = s;

	if (!s)
		return NULL;
	while (*p) {
		size_t n = strspn(p, "0123456789");

		if (n >= CT_MASK_RUN) {
			char *run = ct_xstrndup(p, n), *m = ct_mask_number(run);

			ct_buf_puts(&b, m);
			free(m);
			free(run);
		} else {
			ct_buf_add(&b, p, n ? n : 1);
		}
		p += n ? n : 1;
	}
	return ct_buf_detach(&b);
}

static void
mask_field(char **f, char *(*how)(const char *))
{
	char *m = how(*f);

	free(*f);
	*f = m;
}

/* 1 when key is one of keys (NULL-terminated). */
static int
key_in(const char *key, const char *const *keys)
{
	for (; *keys; keys++)
		if (!strcmp(key, *keys))
			return 1;
	return 0;
}

/* Masks every string value under a key naming a subscriber number, and the
 * numbers inside the free text a person wrote (a description, an address),
 * at any depth of a stored document. */
static void
mask_json(json_t *j)
{
	static const char *const number_keys[] = {
		"msisdn", "imsi", "imei", "imeisv", "subscriber", NULL
	};
	static const char *const text_keys[] = {
		"description", "address", "result", "evidence",
		"text", "note", /* a comment's, a move's note: typed by a person */
		NULL
	};
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_foreach(j, k, v) {
			int num = key_in(k, number_keys);

			if ((num || key_in(k, text_keys)) && json_is_string(v)) {
				char *m = num ? ct_mask_number(json_string_value(v))
					      : ct_mask_text(json_string_value(v));

				json_object_set_new(j, k, ct_json_str(m));
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
	/* The workflow's free text (what a department replied, the evidence
	 * of an invalid complaint): numbers a person typed into it. */
	static const char *const free_text[] = { "result", "evidence", NULL };

	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		char **v = (char **)((char *)t + f->off);

		if (f->type == CT_FT_TEXT && (f->flags & CT_FF_SUBSCRIBER))
			mask_field(v, ct_mask_number);
		else if (f->type == CT_FT_DOC && (f->flags & CT_FF_SUBSCRIBER))
			mask_doc(v);
		else if (f->type == CT_FT_TEXT && key_in(f->name, free_text))
			mask_field(v, ct_mask_text);
	}
}

void
ct_events_mask(struct ct_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *j = v[i].detail ? json_loads(v[i].detail, 0, NULL) : NULL;

		if (json_is_object(j))
			mask_doc(&v[i].detail);
		else
			mask_field(&v[i].detail, ct_mask_text);
		json_decref(j);
	}
}

/* ---------------------------------------------------------------------
 * History
 */

json_t *
ct_event_detail_json(const char *detail)
{
	json_t *d = detail ? json_loads(detail, 0, NULL) : NULL;
	long long earlier;
	int rev, end = 0;

	if (json_is_object(d))
		return d;
	json_decref(d);
	d = json_object();
	if (!detail || !*detail)
		return d;
	/* Filing's own words before details were objects: the rev is the
	 * event's rev already, the earlier ticket a member. */
	if (sscanf(detail, "rev %d%n", &rev, &end) == 1 && detail[end] == '\0')
		return d;
	end = 0;
	if (sscanf(detail, "rev %d, repeat of ticket %lld%n", &rev, &earlier, &end) == 2 &&
	    detail[end] == '\0') {
		json_object_set_new(d, "repeat_of", json_integer(earlier));
		return d;
	}
	json_object_set_new(d, "text", ct_json_str(detail));
	return d;
}

json_t *
ct_event_to_json(const struct ct_event *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "at", ct_json_time(e->at, 0));
	json_object_set_new(o, "who", ct_json_str(e->who));
	json_object_set_new(o, "action", ct_json_str(e->action));
	json_object_set_new(o, "rev", e->rev ? json_integer(e->rev) : json_null());
	json_object_set_new(o, "status", ct_json_str(e->status));
	/* Always an object, whatever the store that wrote it kept. */
	json_object_set_new(o, "detail", ct_event_detail_json(e->detail));
	return o;
}

/* The detail for a person: "department=radio person=li" from its object;
 * a text (a comment, an older store's words) as it is. */
static void
detail_text(struct ct_buf *b, const char *detail)
{
	json_t *d = ct_event_detail_json(detail);
	const char *k;
	json_t *v;
	int first = 1;

	json_object_foreach(d, k, v) {
		if (!strcmp(k, "from"))
			continue; /* shown as the arrow */
		if (json_is_string(v) && !strcmp(k, "text"))
			ct_buf_printf(b, "%s%s", first ? "" : " ", json_string_value(v));
		else if (json_is_string(v))
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
		/* who and the detail are typed text: no control character
		 * reaches the terminal (util.h ct_buf_put_text) */
		ct_buf_put_text(b, ct_buf_str(&line));
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

/* ---------------------------------------------------------------------
 * `ticket show --format json`, also the desk's ticket page
 */

int
ct_ticket_show_json(struct ct_store *st, struct ct_ticket *t, const struct ct_deadlines *dl,
		    long long repeat_window_s, long long now, int mask, json_t **out,
		    struct ct_err *err)
{
	struct ct_customer c;
	struct ct_event *ev = NULL;
	struct ct_stage *sv = NULL;
	size_t n = 0, ns = 0;
	json_t *j, *a;
	int rc;

	*out = NULL;
	/* The customer's profile is looked up by the unmasked number. */
	if (t->msisdn && (rc = ct_customer_get(st, t->msisdn, now, repeat_window_s, &c, err)) != 0)
		return rc;
	if ((rc = ct_store_history(st, t->id, &ev, &n, err)) != 0) {
		if (t->msisdn)
			ct_customer_free(&c);
		return rc;
	}
	if (mask) {
		ct_ticket_mask(t);
		ct_events_mask(ev, n);
	}
	/* The started stages' deadlines as their clocks say: one answer
	 * with "stages", on the command line and the desk alike. */
	ct_ticket_stages(t, ev, n, dl, &sv, &ns);
	ct_ticket_clock_deadlines(t, sv, ns, dl);
	j = ct_ticket_to_json(t, 1);
	if (t->msisdn) {
		json_object_set_new(j, "customer", ct_customer_to_json(&c, mask));
		ct_customer_free(&c);
	}
	json_object_set_new(j, "stages", ct_stages_to_json(sv, ns, now));
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, ct_event_to_json(&ev[i]));
	json_object_set_new(j, "history", a);
	free(sv);
	ct_events_free(ev, n);
	*out = j;
	return 0;
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

/* ---------------------------------------------------------------------
 * Customer profiles
 */

void
ct_customer_text(struct ct_buf *b, const struct ct_customer *c, int mask)
{
	char *m = mask ? ct_mask_number(c->msisdn) : NULL;
	const char *sep = "";

	ct_buf_printf(b, "customer %s: ", m ? m : c->msisdn);
	free(m);
	if (c->sensitive) {
		ct_buf_puts(b, "SENSITIVE");
		sep = "; ";
	}
	if (c->repeat_complainer) {
		ct_buf_printf(b, "%srepeat complainer (%s%lld complaint%s, %lld recent, %lld repeat%s)",
			      sep, c->repeat ? "recorded; " : "", c->complaints,
			      c->complaints == 1 ? "" : "s", c->recent, c->repeats,
			      c->repeats == 1 ? "" : "s");
		sep = "; ";
	} else {
		ct_buf_printf(b, "%s%lld complaint%s on record", sep, c->complaints,
			      c->complaints == 1 ? "" : "s");
		sep = "; ";
	}
	if (c->contact) {
		char *ct = mask ? ct_mask_text(c->contact) : ct_xstrdup(c->contact);

		ct_buf_printf(b, "%spreferred contact: ", sep);
		ct_buf_put_text(b, ct);
		free(ct);
	}
	ct_buf_puts(b, "\n");
	if (c->notes) {
		const char *p = c->notes;

		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			char *line = ct_xstrndup(p, len), *shown = mask ? ct_mask_text(line) : line;

			ct_buf_puts(b, "  note: ");
			ct_buf_put_text(b, shown);
			ct_buf_puts(b, "\n");
			if (shown != line)
				free(shown);
			free(line);
			p += len + (nl ? 1 : 0);
		}
	}
}

json_t *
ct_customer_to_json(const struct ct_customer *c, int mask)
{
	char *m = mask ? ct_mask_number(c->msisdn) : NULL;
	json_t *o = json_object(), *notes = json_array();

	json_object_set_new(o, "msisdn", ct_json_str(m ? m : c->msisdn));
	free(m);
	json_object_set_new(o, "known", json_boolean(c->known));
	json_object_set_new(o, "sensitive", json_boolean(c->sensitive));
	json_object_set_new(o, "repeat_complainer", json_boolean(c->repeat_complainer));
	json_object_set_new(o, "repeat_recorded", json_boolean(c->repeat));
	m = mask ? ct_mask_text(c->contact) : NULL;
	json_object_set_new(o, "contact", ct_json_str(m ? m : c->contact));
	free(m);
	if (c->notes) {
		const char *p = c->notes;

		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			char *line = ct_xstrndup(p, len), *shown = mask ? ct_mask_text(line) : NULL;

			json_array_append_new(notes, ct_json_str(shown ? shown : line));
			free(shown);
			free(line);
			p += len + (nl ? 1 : 0);
		}
	}
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "complaints", json_integer(c->complaints));
	json_object_set_new(o, "recent_complaints", json_integer(c->recent));
	json_object_set_new(o, "repeats", json_integer(c->repeats));
	if (c->updated_at) {
		char tm[32];

		ct_fmt_time(tm, sizeof(tm), c->updated_at);
		json_object_set_new(o, "updated_at", json_string(tm));
		json_object_set_new(o, "updated_by", ct_json_str(c->who));
	}
	return o;
}

/* ---------------------------------------------------------------------
 * What filing added (noc.h ct_filing_notes)
 */

void
ct_filing_notes_text(struct ct_buf *b, const struct ct_filing_notes *fn, int mask)
{
	for (size_t i = 0; i < fn->nknown; i++)
		ct_buf_printf(b, "  known: %s\n", fn->known_lines[i]);
	if (fn->hot)
		ct_buf_printf(b, "  hotspot: %s\n", fn->hot_line);
	if (fn->batch[0])
		ct_buf_printf(b, "  batch: joined %s\n", fn->batch);
	if (fn->has_customer) {
		ct_buf_puts(b, "  ");
		ct_customer_text(b, &fn->customer, mask);
	}
}

void
ct_filing_notes_json(json_t *o, const struct ct_filing_notes *fn, int mask)
{
	json_t *k = json_array();

	for (size_t i = 0; i < fn->nknown; i++)
		json_array_append_new(k, json_integer(fn->known[i]));
	json_object_set_new(o, "known", k);
	json_object_set_new(o, "hotspot", fn->hot
		? json_pack("{s:I, s:f, s:f, s:o}", "count", (json_int_t)fn->hot_count,
			    "baseline", fn->hot_expected, "p_value", fn->hot_p,
			    "batch", fn->batch[0] ? json_string(fn->batch) : json_null())
		: json_null());
	json_object_set_new(o, "customer", fn->has_customer
		? ct_customer_to_json(&fn->customer, mask) : json_null());
}

/* ---------------------------------------------------------------------
 * Tickets falling due (noc.h ct_tickets_due)
 */

/*
 *      id  gr  status      stage     due          cause                      cell
 *       3   1  dispatched  handle    over 2h10m   radio/coverage             460-00-1-1
 *       4   2  accepted    dispatch  in 10m       core/gateway_load          -
 */
void
ct_due_text(struct ct_buf *b, const struct ct_due *v, size_t n)
{
	if (n == 0) {
		ct_buf_puts(b, "no tickets\n");
		return;
	}
	ct_buf_puts(b, "   id  gr  status      stage     due          cause                      cell\n");
	for (size_t i = 0; i < n; i++) {
		const struct ct_ticket *t = v[i].t;
		char dur[32], due[48];

		/* Past due by, or time left: never a negative duration. */
		ct_fmt_duration(dur, sizeof(dur), v[i].overdue_by > 0 ? v[i].overdue_by : -v[i].overdue_by);
		snprintf(due, sizeof(due), "%s %s", v[i].overdue_by > 0 ? "over" : "in", dur);
		ct_buf_printf(b, "%5lld  %2d  %-10s  %-8s  %-11s  %-25s  %s\n", t->id, t->grade,
			      ct_status_name(t->status) ? ct_status_name(t->status) : "-",
			      v[i].stage, due, t->cause ? t->cause : "-", t->cell ? t->cell : "-");
	}
}

json_t *
ct_due_to_json(const struct ct_due *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *j = ct_ticket_to_json(v[i].t, 0);

		json_object_set_new(j, "stage", json_string(v[i].stage));
		json_object_set_new(j, "overdue_by_s", json_integer(v[i].overdue_by));
		json_array_append_new(a, j);
	}
	return a;
}
