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

static json_t *
jtime_or_null(long long t)
{
	char buf[32];

	if (!t)
		return json_null();
	ct_fmt_time(buf, sizeof(buf), t);
	return json_string(buf);
}

/* ---------------------------------------------------------------------
 * History
 */

json_t *
ct_event_to_json(const struct ct_event *e)
{
	json_t *o = json_object(), *d;

	json_object_set_new(o, "at", jtime_or_null(e->at));
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
				      "start", jtime_or_null(v[i].start),
				      "end", jtime_or_null(v[i].end),
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

/* ---------------------------------------------------------------------
 * TMF621
 */

/* Grade (SPEC §2) -> TMF severity: grade 1 is the most urgent. */
static const struct ct_name severities[] = {
	{ 1, "Critical" }, { 2, "Major" }, { 3, "Minor" }, { 0, NULL }
};

static void
characteristic(json_t *a, const char *name, json_t *value, const char *type)
{
	if (!value || json_is_null(value)) {
		json_decref(value);
		return;
	}
	json_array_append_new(a, json_pack("{s:s, s:o, s:s}", "name", name, "value", value,
					   "valueType", type));
}

static void
char_str(json_t *a, const char *name, const char *s)
{
	if (s)
		characteristic(a, name, ct_json_str(s), "string");
}

static void
char_int(json_t *a, const char *name, long long v)
{
	if (v)
		characteristic(a, name, json_integer(v), "integer");
}

json_t *
ct_ticket_to_tmf621(const struct ct_ticket *t, const struct ct_event *ev, size_t nev)
{
	json_t *o = json_object(), *parties = json_array(), *ents = json_array();
	json_t *notes = json_array(), *chars = json_array(), *tags = json_array(), *dl;
	const char *sev = ct_name_of(severities, t->grade);
	char buf[64];
	json_t *c;
	const char *desc = NULL;

	json_object_set_new(o, "@type", json_string("TroubleTicket"));
	snprintf(buf, sizeof(buf), "%lld", t->id);
	json_object_set_new(o, "id", json_string(buf));
	if (t->complaint)
		json_object_set_new(o, "externalId", ct_json_str(t->complaint));
	snprintf(buf, sizeof(buf), "%s", t->cause ? t->cause : "complaint");
	json_object_set_new(o, "name", ct_json_str(buf));
	c = t->complaint_json ? json_loads(t->complaint_json, 0, NULL) : NULL;
	desc = json_string_value(json_object_get(c, "description"));
	if (desc)
		json_object_set_new(o, "description", ct_json_str(desc));
	json_decref(c);
	json_object_set_new(o, "severity", json_string(sev ? sev : "Minor"));
	snprintf(buf, sizeof(buf), "%d", t->grade);
	json_object_set_new(o, "priority", json_string(buf));
	json_object_set_new(o, "status", json_string(ct_status_tmf(t->status)));
	if (t->status_at)
		json_object_set_new(o, "statusChangeDate", jtime_or_null(t->status_at));
	json_object_set_new(o, "ticketType", ct_json_str(t->kind ? t->kind : "ordinary"));
	json_object_set_new(o, "creationDate", jtime_or_null(t->filed_at));
	json_object_set_new(o, "lastUpdate", jtime_or_null(t->updated_at));

	if (t->msisdn)
		json_array_append_new(parties, json_pack("{s:o, s:s, s:s}", "id", ct_json_str(t->msisdn),
							 "role", "customer", "@referredType", "Individual"));
	if (t->department)
		json_array_append_new(parties, json_pack("{s:o, s:s, s:s}", "name",
							 ct_json_str(t->department), "role",
							 "responsibleDepartment", "@referredType",
							 "Organization"));
	if (t->person)
		json_array_append_new(parties, json_pack("{s:o, s:s, s:s}", "name", ct_json_str(t->person),
							 "role", "responsiblePerson", "@referredType",
							 "Individual"));
	json_object_set_new(o, "relatedParty", parties);
	if (t->cell)
		json_array_append_new(ents, json_pack("{s:o, s:s, s:s}", "id", ct_json_str(t->cell),
						      "role", "cell", "@referredType", "Cell"));
	json_object_set_new(o, "relatedEntity", ents);
	if (t->repeat_of) {
		snprintf(buf, sizeof(buf), "%lld", t->repeat_of);
		json_object_set_new(o, "troubleTicketRelationship",
				    json_pack("[{s:s, s:s}]", "id", buf, "relationshipType", "repeatOf"));
	}
	for (size_t i = 0; i < nev; i++) {
		const struct ct_event *e = &ev[i];
		struct ct_buf text = CT_BUF_INIT;
		json_t *n = json_object();

		ct_buf_printf(&text, "%s%s%s", e->action ? e->action : "note",
			      e->status ? " -> " : "", e->status ? e->status : "");
		snprintf(buf, sizeof(buf), "%zu", i + 1);
		json_object_set_new(n, "@type", json_string("CelltriageEvent"));
		json_object_set_new(n, "@baseType", json_string("Note"));
		json_object_set_new(n, "id", json_string(buf));
		json_object_set_new(n, "author", ct_json_str(e->who));
		json_object_set_new(n, "date", jtime_or_null(e->at));
		json_object_set_new(n, "text", ct_json_str(ct_buf_str(&text)));
		json_object_set_new(n, "action", ct_json_str(e->action));
		json_object_set_new(n, "rev", e->rev ? json_integer(e->rev) : json_null());
		json_object_set_new(n, "ticketStatus", ct_json_str(e->status));
		json_object_set_new(n, "detail", ct_json_str(e->detail));
		json_array_append_new(notes, n);
		ct_buf_free(&text);
	}
	json_object_set_new(o, "note", notes);

	/* What TMF621 has no attribute for. */
	char_str(chars, "status", ct_status_name(t->status));
	characteristic(chars, "grade", json_integer(t->grade), "integer");
	char_int(chars, "rev", t->rev);
	char_str(chars, "imsi", t->imsi);
	char_str(chars, "rat", t->rat);
	char_str(chars, "phenomenon", t->phenomenon);
	char_str(chars, "cause", t->cause);
	char_str(chars, "class", t->klass);
	char_str(chars, "domain", t->domain);
	char_str(chars, "confidence", t->confidence);
	if (t->received_at)
		characteristic(chars, "receivedAt", jtime_or_null(t->received_at), "dateTime");
	for (size_t i = 0; i < t->ntags; i++)
		json_array_append_new(tags, ct_json_str(t->tags[i]));
	characteristic(chars, "tags", tags, "array");
	dl = json_object();
	for (size_t i = 0; i < t->ndeadlines; i++) {
		json_t *k = ct_json_str(t->deadlines[i].stage);

		if (json_is_string(k))
			json_object_set_new(dl, json_string_value(k), jtime_or_null(t->deadlines[i].due));
		json_decref(k);
	}
	characteristic(chars, "deadlines", dl, "object");
	char_str(chars, "replyCause", t->reply_cause);
	char_str(chars, "result", t->result);
	char_str(chars, "satisfaction", t->satisfaction);
	char_int(chars, "timeTakenSeconds", t->time_taken_s);
	if (t->invalid)
		characteristic(chars, "invalid", json_true(), "boolean");
	char_str(chars, "evidence", t->evidence);
	char_str(chars, "batch", t->batch);
	/* The documents as stored, byte for byte (a string, not re-encoded). */
	char_str(chars, "complaintDocument", t->complaint_json);
	char_str(chars, "verdictDocument", t->verdict_json);
	json_object_set_new(o, "troubleTicketCharacteristic", chars);
	return o;
}

/* ---- import ---- */

static char *
jdup(json_t *j)
{
	const char *s = json_string_value(j);

	return s ? ct_xstrdup(s) : NULL;
}

static int
jtime_get(json_t *j, long long *out, const char *where, const char *what, struct ct_err *err)
{
	const char *s = json_string_value(j);

	*out = 0;
	if (!j || json_is_null(j))
		return 0;
	if (!s || ct_parse_time(s, out) != 0)
		return ct_fail(err, CT_EINPUT, "%s: %s is not an ISO 8601 time", where, what);
	return 0;
}

/* The ticket's string field a characteristic of that name fills, or NULL. */
static char **
str_field(struct ct_ticket *t, const char *name)
{
	const struct {
		const char *name;
		size_t off;
	} f[] = {
		{ "imsi", offsetof(struct ct_ticket, imsi) },
		{ "rat", offsetof(struct ct_ticket, rat) },
		{ "phenomenon", offsetof(struct ct_ticket, phenomenon) },
		{ "cause", offsetof(struct ct_ticket, cause) },
		{ "class", offsetof(struct ct_ticket, klass) },
		{ "domain", offsetof(struct ct_ticket, domain) },
		{ "confidence", offsetof(struct ct_ticket, confidence) },
		{ "replyCause", offsetof(struct ct_ticket, reply_cause) },
		{ "result", offsetof(struct ct_ticket, result) },
		{ "satisfaction", offsetof(struct ct_ticket, satisfaction) },
		{ "evidence", offsetof(struct ct_ticket, evidence) },
		{ "batch", offsetof(struct ct_ticket, batch) },
		{ "complaintDocument", offsetof(struct ct_ticket, complaint_json) },
		{ "verdictDocument", offsetof(struct ct_ticket, verdict_json) },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!strcmp(f[i].name, name))
			return (char **)((char *)t + f[i].off);
	return NULL;
}

static json_t *
find_role(json_t *a, const char *role)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_is_string(json_object_get(x, "role")) &&
		    !strcmp(json_string_value(json_object_get(x, "role")), role))
			return x;
	return NULL;
}

int
ct_ticket_from_tmf621(json_t *o, struct ct_ticket *t, struct ct_event **evp, size_t *nevp,
		      const char *where, struct ct_err *err)
{
	json_t *chars, *x, *v;
	const char *id = json_string_value(json_object_get(o, "id"));
	struct ct_event *ev = NULL;
	size_t nev = 0, i;
	char *end;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	*evp = NULL;
	*nevp = 0;
	if (!json_is_object(o))
		return ct_fail(err, CT_EINPUT, "%s: not a TroubleTicket object", where);
	if (!id || (t->id = strtoll(id, &end, 10)) <= 0 || *end)
		return ct_fail(err, CT_EINPUT, "%s: id \"%s\" is not a ticket number", where,
			       id ? id : "");
	t->complaint = jdup(json_object_get(o, "externalId"));
	t->kind = jdup(json_object_get(o, "ticketType"));
	if ((rc = jtime_get(json_object_get(o, "creationDate"), &t->filed_at, where,
			    "creationDate", err)) ||
	    (rc = jtime_get(json_object_get(o, "lastUpdate"), &t->updated_at, where, "lastUpdate",
			    err)) ||
	    (rc = jtime_get(json_object_get(o, "statusChangeDate"), &t->status_at, where,
			    "statusChangeDate", err)))
		goto fail;
	x = find_role(json_object_get(o, "relatedParty"), "customer");
	t->msisdn = jdup(json_object_get(x, "id"));
	x = find_role(json_object_get(o, "relatedParty"), "responsibleDepartment");
	t->department = jdup(json_object_get(x, "name"));
	x = find_role(json_object_get(o, "relatedParty"), "responsiblePerson");
	t->person = jdup(json_object_get(x, "name"));
	x = find_role(json_object_get(o, "relatedEntity"), "cell");
	t->cell = jdup(json_object_get(x, "id"));
	json_array_foreach(json_object_get(o, "troubleTicketRelationship"), i, x) {
		const char *rt = json_string_value(json_object_get(x, "relationshipType"));
		const char *rid = json_string_value(json_object_get(x, "id"));

		if (rt && rid && !strcmp(rt, "repeatOf") && strtoll(rid, NULL, 10) > 0)
			t->repeat_of = strtoll(rid, NULL, 10);
	}
	/* Another system's ticket: map its status and severity back. */
	t->status = ct_status_from_tmf(json_string_value(json_object_get(o, "status")));
	if (t->status == CT_STATUS_NONE)
		t->status = CT_STATUS_FIRST;
	{
		int g = ct_value_of(severities, json_string_value(json_object_get(o, "severity")) ?
					 json_string_value(json_object_get(o, "severity")) : "");

		t->grade = g > 0 ? g : 3;
	}
	chars = json_object_get(o, "troubleTicketCharacteristic");
	json_array_foreach(chars, i, x) {
		const char *name = json_string_value(json_object_get(x, "name"));

		v = json_object_get(x, "value");
		if (!name)
			continue;
		if (!strcmp(name, "status") && json_is_string(v)) {
			t->status = ct_status_from_name(json_string_value(v));
			if (t->status == CT_STATUS_NONE) {
				rc = ct_fail(err, CT_EINPUT,
					     "%s: ticket %lld: status \"%s\" is not one of the lifecycle's",
					     where, t->id, json_string_value(v));
				goto fail;
			}
		} else if (!strcmp(name, "grade") && json_is_integer(v)) {
			t->grade = (int)json_integer_value(v);
		} else if (!strcmp(name, "rev") && json_is_integer(v)) {
			t->rev = (int)json_integer_value(v);
		} else if (str_field(t, name)) {
			/* A name given twice keeps its last value. */
			char **f = str_field(t, name);

			free(*f);
			*f = jdup(v);
		} else if (!strcmp(name, "receivedAt")) {
			if ((rc = jtime_get(v, &t->received_at, where, "receivedAt", err)))
				goto fail;
		} else if (!strcmp(name, "tags") && json_is_array(v) && !t->tags) {
			size_t k;
			json_t *tg;

			t->tags = ct_xcalloc(json_array_size(v) + 1, sizeof(*t->tags));
			json_array_foreach(v, k, tg)
				if (json_is_string(tg))
					t->tags[t->ntags++] = jdup(tg);
		} else if (!strcmp(name, "deadlines") && json_is_object(v) && !t->deadlines) {
			const char *stage;
			json_t *due;

			t->deadlines = ct_xcalloc(json_object_size(v) + 1, sizeof(*t->deadlines));
			json_object_foreach(v, stage, due) {
				struct ct_deadline *d = &t->deadlines[t->ndeadlines];

				if ((rc = jtime_get(due, &d->due, where, "a deadline", err)))
					goto fail;
				d->stage = ct_xstrdup(stage);
				t->ndeadlines++;
			}
		} else if (!strcmp(name, "timeTakenSeconds") && json_is_integer(v)) {
			t->time_taken_s = json_integer_value(v);
		} else if (!strcmp(name, "invalid")) {
			t->invalid = json_is_true(v);
		}
	}
	if (t->rev < 1)
		t->rev = 1;
	if (!t->updated_at)
		t->updated_at = t->filed_at;
	if (!t->filed_at) {
		rc = ct_fail(err, CT_EINPUT, "%s: ticket %lld has no creationDate", where, t->id);
		goto fail;
	}
	x = json_object_get(o, "note");
	if (json_array_size(x))
		ev = ct_xcalloc(json_array_size(x), sizeof(*ev));
	json_array_foreach(x, i, v) {
		struct ct_event *e = &ev[nev++];

		e->ticket = t->id;
		if ((rc = jtime_get(json_object_get(v, "date"), &e->at, where, "a note's date", err)))
			goto fail;
		e->who = jdup(json_object_get(v, "author"));
		/* A plain Note from another system is kept as a "note" event. */
		e->action = jdup(json_object_get(v, "action"));
		if (!e->action)
			e->action = ct_xstrdup("note");
		e->detail = jdup(json_object_get(v, "detail"));
		if (!e->detail && !json_object_get(v, "action"))
			e->detail = jdup(json_object_get(v, "text"));
		e->rev = (int)json_integer_value(json_object_get(v, "rev"));
		e->status = jdup(json_object_get(v, "ticketStatus"));
		/* The store keeps each rev once per ticket. */
		if (e->rev < 0)
			e->rev = 0;
		for (size_t k = 0; e->rev && k + 1 < nev; k++)
			if (ev[k].rev == e->rev) {
				rc = ct_fail(err, CT_EINPUT, "%s: ticket %lld: the history has rev %d twice",
					     where, t->id, e->rev);
				goto fail;
			}
	}
	*evp = ev;
	*nevp = nev;
	return 0;
fail:
	ct_events_free(ev, nev);
	ct_ticket_free(t);
	return rc;
}
