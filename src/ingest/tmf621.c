/*
 * tmf621.c — reading TM Forum TMF621 TroubleTicket JSON (ticketin.h): the
 * standard attributes, related parties and entities, relationships and
 * characteristics the field table maps (ticket.h ct_fields[], the TMF621
 * column), the notes as the ticket's history. The writer is
 * src/report/tmf621.c; together they make export -> import -> export give
 * the same bytes.
 *
 * A TroubleTicket from another system (no characteristics) still reads:
 * its status is mapped back through the lifecycle table (other systems'
 * statuses included), its severity to a grade (else 3); a plain Note is
 * kept as a "note" event with its text.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/ticket.h"
#include "celltriage/ticketin.h"

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

/* The element of array a whose member key (role, relationshipType) is val. */
static json_t *
find_by(json_t *a, const char *key, const char *val)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_is_string(json_object_get(x, key)) &&
		    !strcmp(json_string_value(json_object_get(x, key)), val))
			return x;
	return NULL;
}

/* A field's value v, from an attribute or a characteristic named what
 * (ticket.h, the types' table). A value of the wrong JSON type is left
 * out, but for times, which are refused. */
static int
tmf_value(json_t *v, const struct ct_field *f, struct ct_ticket *t, const char *what,
	  const char *where, struct ct_err *err)
{
	long long n;
	const char *k;
	json_t *x;
	size_t i;
	int rc;

	switch (f->type) {
	case CT_FT_TEXT:
	case CT_FT_DOC:
		/* A name given twice keeps its last value. */
		free(*(char **)ct_field_ptr(t, f));
		*(char **)ct_field_ptr(t, f) = jdup(v);
		break;
	case CT_FT_STATUS:
		if (!json_is_string(v))
			break;
		t->status = ct_status_from_name(json_string_value(v));
		if (t->status == CT_STATUS_NONE)
			return ct_fail(err, CT_EINPUT,
				       "%s: ticket %lld: status \"%s\" is not one of the lifecycle's",
				       where, t->id, json_string_value(v));
		break;
	case CT_FT_INT:
	case CT_FT_SECONDS:
		if (json_is_integer(v))
			ct_field_set_int(t, f, json_integer_value(v));
		break;
	case CT_FT_FLAG:
		ct_field_set_int(t, f, json_is_true(v));
		break;
	case CT_FT_TIME:
		if ((rc = jtime_get(v, &n, where, what, err)))
			return rc;
		ct_field_set_int(t, f, n);
		break;
	case CT_FT_TAGS:
		/* The first list given is kept. */
		if (!json_is_array(v) || t->tags)
			break;
		t->tags = ct_xcalloc(json_array_size(v) + 1, sizeof(*t->tags));
		json_array_foreach(v, i, x)
			if (json_is_string(x))
				t->tags[t->ntags++] = jdup(x);
		break;
	case CT_FT_DEADLINES:
		if (!json_is_object(v) || t->deadlines)
			break;
		t->deadlines = ct_xcalloc(json_object_size(v) + 1, sizeof(*t->deadlines));
		json_object_foreach(v, k, x) {
			struct ct_deadline *d = &t->deadlines[t->ndeadlines];

			if ((rc = jtime_get(x, &d->due, where, "a deadline", err)))
				return rc;
			d->stage = ct_xstrdup(k);
			t->ndeadlines++;
		}
		break;
	case CT_FT_ID:
	case CT_FT_REF:
		break; /* the id and relationships: read by the caller */
	}
	return 0;
}

/* The fields TMF621 carries outside the characteristics. */
static int
tmf_attributes(json_t *o, struct ct_ticket *t, const char *where, struct ct_err *err)
{
	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		const struct ct_tmf_map *m = &f->tmf;
		json_t *x, *v = NULL;
		size_t k;
		int rc;

		switch (m->kind) {
		case CT_TMF_CHARACTERISTIC:
			continue;
		case CT_TMF_ATTRIBUTE:
			v = json_object_get(o, m->name);
			break;
		case CT_TMF_PARTY:
			v = json_object_get(find_by(json_object_get(o, "relatedParty"), "role", m->name),
					    m->key);
			break;
		case CT_TMF_ENTITY:
			v = json_object_get(find_by(json_object_get(o, "relatedEntity"), "role", m->name),
					    m->key);
			break;
		case CT_TMF_RELATIONSHIP:
			json_array_foreach(json_object_get(o, "troubleTicketRelationship"), k, x) {
				const char *rt = json_string_value(json_object_get(x, "relationshipType"));
				const char *rid = json_string_value(json_object_get(x, "id"));

				if (rt && rid && !strcmp(rt, m->name) && strtoll(rid, NULL, 10) > 0)
					ct_field_set_int(t, f, strtoll(rid, NULL, 10));
			}
			continue;
		}
		if (f->type == CT_FT_ID)
			continue; /* the ticket's id: read first */
		if ((rc = tmf_value(v, f, t, m->name, where, err)))
			return rc;
	}
	return 0;
}

int
ct_ticket_from_tmf621(json_t *o, struct ct_ticket *t, struct ct_event **evp, size_t *nevp,
		      const char *where, struct ct_err *err)
{
	json_t *x, *v;
	const char *id = json_string_value(json_object_get(o, "id"));
	struct ct_event *ev = NULL;
	size_t nev = 0, i;
	char *end, why[160];
	int rc = 0, g, foreign;

	memset(t, 0, sizeof(*t));
	*evp = NULL;
	*nevp = 0;
	if (!json_is_object(o))
		return ct_fail(err, CT_EINPUT, "%s: not a TroubleTicket object", where);
	if (!id || (t->id = strtoll(id, &end, 10)) <= 0 || *end)
		return ct_fail(err, CT_EINPUT, "%s: id \"%s\" is not a ticket number", where,
			       id ? id : "");
	if ((rc = tmf_attributes(o, t, where, err)))
		goto fail;
	/* Another system's ticket: its status and severity mapped back. */
	t->status = ct_status_from_tmf(json_string_value(json_object_get(o, "status")));
	if (t->status == CT_STATUS_NONE)
		t->status = CT_STATUS_FIRST;
	g = ct_grade_from_tmf_severity(json_string_value(json_object_get(o, "severity")));
	t->grade = g > 0 ? g : 3;
	/* Ours: the exact values, as characteristics. */
	json_array_foreach(json_object_get(o, "troubleTicketCharacteristic"), i, x) {
		const char *name = json_string_value(json_object_get(x, "name"));
		const struct ct_field *f = ct_field_by_tmf(name);

		if (f && (rc = tmf_value(json_object_get(x, "value"), f, t, name, where, err)))
			goto fail;
	}
	foreign = t->rev < 1;
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
		/* The detail is an object (a text in older exports): kept as
		 * its compact JSON, as the store writes it. */
		if (json_is_object(json_object_get(v, "detail")))
			e->detail = json_dumps(json_object_get(v, "detail"), JSON_COMPACT);
		else
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
	if (foreign) {
		/* Another system's ticket (no rev): each note is a change; with
		 * none, its creation is the one change the history keeps. */
		if (!nev) {
			ev = ct_xcalloc(1, sizeof(*ev));
			ev[0].ticket = t->id;
			ev[0].at = t->filed_at;
			ev[0].action = ct_xstrdup("filed");
			ev[0].detail = ct_xstrdup("imported");
			ev[0].rev = 1;
			ev[0].status = ct_xstrdup(ct_status_name(t->status));
			nev = 1;
		}
		t->rev = nev > INT_MAX ? INT_MAX : (int)nev;
	}
	/* As filing and the workflow make them (ticket.h). */
	if (ct_ticket_check(t, ev, nev, 1, why, sizeof(why)) != 0) {
		rc = ct_fail(err, CT_EINPUT, "%s: ticket %lld: %s", where, t->id, why);
		goto fail;
	}
	*evp = ev;
	*nevp = nev;
	return 0;
fail:
	ct_events_free(ev, nev);
	ct_ticket_free(t);
	return rc;
}
