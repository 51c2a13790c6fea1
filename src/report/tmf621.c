/*
 * tmf621.c — a ticket as a TM Forum TMF621 TroubleTicket (report.h; Trouble
 * Ticket Management API, v4 resource model, with v5's
 * troubleTicketCharacteristic). Each field goes where the field table puts
 * it (ticket.h ct_fields[], the TMF621 column): a standard attribute, a
 * related party or entity, a relationship, or a characteristic; the history
 * goes into note[]. The reader is src/ingest/tmf621.c: export -> import ->
 * export gives the same bytes.
 *
 *   celltriage            TroubleTicket
 *   ----------------      ---------------------------------------------------
 *   id, complaint         id (a string), externalId
 *   kind, filed_at,       ticketType, creationDate, lastUpdate,
 *   updated_at, status_at statusChangeDate (ISO 8601 UTC)
 *   msisdn                relatedParty role "customer" (id)
 *   department, person   relatedParty roles "responsibleDepartment",
 *                         "responsiblePerson" (name)
 *   cell                  relatedEntity role "cell" (id)
 *   repeat_of             troubleTicketRelationship relationshipType "repeatOf"
 *   history               note[]: @type CelltriageEvent (@baseType Note) with
 *                         author, date, text, action, rev, ticketStatus, detail
 *   everything else       troubleTicketCharacteristic {name, value, valueType}
 *
 * Besides, for systems that read only the standard attributes: name (the
 * cause), description (the complaint's own words), severity and priority
 * (from the grade) and status (the lifecycle table's TMF621 status); the
 * exact status and grade are characteristics.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/report.h"

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

/* A field as a characteristic: numbers of the INT type always, a list
 * always (maybe empty), anything else when set (ticket.h, the types'
 * table). */
static void
field_characteristic(json_t *a, const struct ct_ticket *t, const struct ct_field *f)
{
	long long v = ct_field_int(t, f);
	const char *name = f->tmf.name;
	json_t *x;

	switch (f->type) {
	case CT_FT_TEXT:
	case CT_FT_DOC:
		/* The documents as stored, byte for byte (a string, not re-encoded). */
		if (ct_field_text(t, f))
			characteristic(a, name, ct_json_str(ct_field_text(t, f)), "string");
		break;
	case CT_FT_STATUS:
		if (ct_status_name(t->status))
			characteristic(a, name, json_string(ct_status_name(t->status)), "string");
		break;
	case CT_FT_INT:
		characteristic(a, name, json_integer(v), "integer");
		break;
	case CT_FT_SECONDS:
		if (v)
			characteristic(a, name, json_integer(v), "integer");
		break;
	case CT_FT_FLAG:
		if (v)
			characteristic(a, name, json_true(), "boolean");
		break;
	case CT_FT_TIME:
		if (v)
			characteristic(a, name, ct_json_time(v, 0), "dateTime");
		break;
	case CT_FT_TAGS:
		x = json_array();
		for (size_t i = 0; i < t->ntags; i++)
			json_array_append_new(x, ct_json_str(t->tags[i]));
		characteristic(a, name, x, "array");
		break;
	case CT_FT_DEADLINES:
		characteristic(a, name, ct_deadlines_json(t, 0), "object");
		break;
	case CT_FT_ID:
	case CT_FT_REF:
		break;
	}
}

/* A field as a standard attribute of o. */
static void
field_attribute(json_t *o, const struct ct_ticket *t, const struct ct_field *f)
{
	long long v = ct_field_int(t, f);
	char buf[32];

	switch (f->type) {
	case CT_FT_ID:
		snprintf(buf, sizeof(buf), "%lld", v);
		json_object_set_new(o, f->tmf.name, json_string(buf));
		break;
	case CT_FT_TEXT:
		if (ct_field_text(t, f) || f->dflt)
			json_object_set_new(o, f->tmf.name,
					    ct_json_str(ct_field_text(t, f) ? ct_field_text(t, f)
									   : f->dflt));
		break;
	case CT_FT_TIME:
		if (v || !(f->flags & CT_FF_WHEN_SET))
			json_object_set_new(o, f->tmf.name, ct_json_time(v, 0));
		break;
	case CT_FT_STATUS:
	case CT_FT_INT:
	case CT_FT_SECONDS:
	case CT_FT_FLAG:
	case CT_FT_REF:
	case CT_FT_TAGS:
	case CT_FT_DEADLINES:
	case CT_FT_DOC:
		break;
	}
}

static json_t *
notes(const struct ct_event *ev, size_t nev)
{
	json_t *a = json_array();
	char buf[32];

	for (size_t i = 0; i < nev; i++) {
		const struct ct_event *e = &ev[i];
		struct ct_buf text = CT_BUF_INIT;
		json_t *n = json_object();

		json_t *detail = ct_event_detail_json(e->detail);
		const char *said = json_string_value(json_object_get(detail, "text"));

		/* A comment's note says what was written; a change, what it did. */
		if (e->action && !strcmp(e->action, CT_EVENT_COMMENT) && said)
			ct_buf_puts(&text, said);
		else
			ct_buf_printf(&text, "%s%s%s", e->action ? e->action : "note",
				      e->status ? " -> " : "", e->status ? e->status : "");
		snprintf(buf, sizeof(buf), "%zu", i + 1);
		json_object_set_new(n, "@type", json_string("CelltriageEvent"));
		json_object_set_new(n, "@baseType", json_string("Note"));
		json_object_set_new(n, "id", json_string(buf));
		json_object_set_new(n, "author", ct_json_str(e->who));
		json_object_set_new(n, "date", ct_json_time(e->at, 0));
		json_object_set_new(n, "text", ct_json_str(ct_buf_str(&text)));
		json_object_set_new(n, "action", ct_json_str(e->action));
		json_object_set_new(n, "rev", e->rev ? json_integer(e->rev) : json_null());
		json_object_set_new(n, "ticketStatus", ct_json_str(e->status));
		json_object_set_new(n, "detail", detail);
		json_array_append_new(a, n);
		ct_buf_free(&text);
	}
	return a;
}

json_t *
ct_ticket_to_tmf621(const struct ct_ticket *t, const struct ct_event *ev, size_t nev)
{
	json_t *o = json_object(), *parties = json_array(), *ents = json_array();
	json_t *rels = json_array(), *chars = json_array();
	char buf[64], *desc;

	json_object_set_new(o, "@type", json_string("TroubleTicket"));
	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		const struct ct_tmf_map *m = &f->tmf;

		switch (m->kind) {
		case CT_TMF_ATTRIBUTE:
			field_attribute(o, t, f);
			break;
		case CT_TMF_PARTY:
		case CT_TMF_ENTITY:
			if (ct_field_text(t, f))
				json_array_append_new(m->kind == CT_TMF_PARTY ? parties : ents,
						      json_pack("{s:o, s:s, s:s}", m->key,
								ct_json_str(ct_field_text(t, f)),
								"role", m->name, "@referredType",
								m->referred));
			break;
		case CT_TMF_RELATIONSHIP:
			if (ct_field_int(t, f)) {
				snprintf(buf, sizeof(buf), "%lld", ct_field_int(t, f));
				json_array_append_new(rels, json_pack("{s:s, s:s}", "id", buf,
								      "relationshipType", m->name));
			}
			break;
		case CT_TMF_CHARACTERISTIC:
			field_characteristic(chars, t, f);
			break;
		}
	}
	/* What systems reading only the standard attributes need. */
	json_object_set_new(o, "name", ct_json_str(t->cause ? t->cause : "complaint"));
	desc = ct_doc_string(t->complaint_json, "description");
	if (desc)
		json_object_set_new(o, "description", ct_json_str(desc));
	free(desc);
	json_object_set_new(o, "severity", json_string(ct_grade_tmf_severity(t->grade)));
	snprintf(buf, sizeof(buf), "%d", t->grade);
	json_object_set_new(o, "priority", json_string(buf));
	json_object_set_new(o, "status", json_string(ct_status_tmf(t->status)));
	json_object_set_new(o, "relatedParty", parties);
	json_object_set_new(o, "relatedEntity", ents);
	if (json_array_size(rels))
		json_object_set_new(o, "troubleTicketRelationship", rels);
	else
		json_decref(rels);
	json_object_set_new(o, "note", notes(ev, nev));
	json_object_set_new(o, "troubleTicketCharacteristic", chars);
	return o;
}
