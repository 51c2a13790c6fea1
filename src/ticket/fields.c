/*
 * fields.c — the one table of a ticket's fields (ticket.h ct_fields[]):
 * for each member of struct ct_ticket, its JSON member, CSV column, SQL
 * column, TMF621 mapping, type and range. The store's column lists, the
 * JSON and CSV writers (report) and readers (ingest), and the TMF621
 * mapping both ways are loops over this table.
 *
 * TMF621 (TM Forum Trouble Ticket Management API, v4 resource model, with
 * v5's troubleTicketCharacteristic): a field goes onto the standard
 * attribute where one exists and onto a characteristic where none does, so
 * that export -> import -> export gives the same bytes. The lossy standard
 * attributes (status, severity and priority from the grade, name from the
 * cause, description from the complaint) are written besides, by the TMF621
 * writer.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/ticket.h"

#define OFF(m) offsetof(struct ct_ticket, m)
#define ID_MAX 9007199254740991LL       /* 2^53 - 1: exact in any JSON reader */
#define INT_MAX_ 2147483647LL
#define SECONDS_MAX (100LL * 365 * 86400)

#define CHAR(n)      { CT_TMF_CHARACTERISTIC, n, NULL, NULL }
#define ATTR(n)      { CT_TMF_ATTRIBUTE, n, NULL, NULL }
#define PARTY(r, k, t)  { CT_TMF_PARTY, r, k, t }
#define ENTITY(r, k, t) { CT_TMF_ENTITY, r, k, t }
#define RELATION(r)  { CT_TMF_RELATIONSHIP, r, NULL, NULL }

/* name, JSON member, CSV column, SQL column, TMF621, type, member, range, default, flags */
#define TEXT(nm, tmf, m, fl) { nm, nm, nm, nm, tmf, CT_FT_TEXT, OFF(m), 0, 0, NULL, fl }

const struct ct_field ct_fields[] = {
	{ "id", "id", "id", "id", ATTR("id"), CT_FT_ID, OFF(id), 1, ID_MAX, NULL,
	  CT_FF_LIST | CT_FF_REQUIRED },
	TEXT("complaint", ATTR("externalId"), complaint, CT_FF_LIST),
	TEXT("msisdn", PARTY("customer", "id", "Individual"), msisdn,
	     CT_FF_LIST | CT_FF_FILED | CT_FF_SUBSCRIBER),
	TEXT("imsi", CHAR("imsi"), imsi, CT_FF_LIST | CT_FF_FILED | CT_FF_SUBSCRIBER),
	TEXT("cell", ENTITY("cell", "id", "Cell"), cell, CT_FF_LIST | CT_FF_FILED),
	TEXT("rat", CHAR("rat"), rat, CT_FF_LIST | CT_FF_FILED),
	TEXT("phenomenon", CHAR("phenomenon"), phenomenon, CT_FF_LIST | CT_FF_FILED),
	TEXT("cause", CHAR("cause"), cause, CT_FF_LIST | CT_FF_FILED),
	TEXT("class", CHAR("class"), klass, CT_FF_LIST | CT_FF_FILED),
	TEXT("domain", CHAR("domain"), domain, CT_FF_LIST | CT_FF_FILED),
	TEXT("confidence", CHAR("confidence"), confidence, CT_FF_LIST | CT_FF_FILED),
	/* The complaint-handling flow's grades, 1 (most urgent) to 3: the
	 * range of the profile's grade rules. */
	{ "grade", "grade", "grade", "grade", CHAR("grade"), CT_FT_INT, OFF(grade), CT_GRADE_FIRST, CT_GRADE_LAST, NULL,
	  CT_FF_LIST | CT_FF_REQUIRED | CT_FF_FILED },
	{ "status", "status", "status", "status", CHAR("status"), CT_FT_STATUS, OFF(status),
	  0, 0, NULL, CT_FF_LIST | CT_FF_REQUIRED },
	{ "kind", "kind", "kind", "kind", ATTR("ticketType"), CT_FT_TEXT, OFF(kind), 0, 0,
	  CT_KIND_ORDINARY, CT_FF_LIST },
	{ "received_at", "received_at", "received_at", "received_at", CHAR("receivedAt"),
	  CT_FT_TIME, OFF(received_at), 0, 0, NULL, CT_FF_LIST | CT_FF_FILED },
	{ "filed_at", "filed_at", "filed_at", "filed_at", ATTR("creationDate"), CT_FT_TIME,
	  OFF(filed_at), 0, 0, NULL, CT_FF_LIST | CT_FF_REQUIRED },
	{ "updated_at", "updated_at", "updated_at", "updated_at", ATTR("lastUpdate"), CT_FT_TIME,
	  OFF(updated_at), 0, 0, NULL, CT_FF_LIST | CT_FF_REQUIRED },
	{ "rev", "rev", "rev", "rev", CHAR("rev"), CT_FT_INT, OFF(rev), 1, INT_MAX_, NULL,
	  CT_FF_LIST | CT_FF_REQUIRED },
	{ "tags", "tags", "tags", "tags", CHAR("tags"), CT_FT_TAGS, OFF(tags), 0, 0, NULL,
	  CT_FF_LIST | CT_FF_FILED },
	{ "deadlines", "deadlines", "deadlines", NULL, CHAR("deadlines"), CT_FT_DEADLINES,
	  OFF(deadlines), 0, 0, NULL, CT_FF_LIST },
	TEXT("department", PARTY("responsibleDepartment", "name", "Organization"), department,
	     CT_FF_WHEN_SET),
	TEXT("person", PARTY("responsiblePerson", "name", "Individual"), person, CT_FF_WHEN_SET),
	{ "reply_cause", "reply.cause", "reply_cause", "reply_cause", CHAR("replyCause"),
	  CT_FT_TEXT, OFF(reply_cause), 0, 0, NULL, 0 },
	{ "result", "reply.result", "result", "result", CHAR("result"), CT_FT_TEXT, OFF(result),
	  0, 0, NULL, 0 },
	{ "satisfaction", "reply.satisfaction", "satisfaction", "satisfaction",
	  CHAR("satisfaction"), CT_FT_TEXT, OFF(satisfaction), 0, 0, NULL, 0 },
	{ "time_taken_s", "reply.time_taken_s", "time_taken_s", "time_taken_s",
	  CHAR("timeTakenSeconds"), CT_FT_SECONDS, OFF(time_taken_s), 0, SECONDS_MAX, NULL, 0 },
	{ "invalid", "reply.invalid", "invalid", "invalid", CHAR("invalid"), CT_FT_FLAG,
	  OFF(invalid), 0, 1, NULL, 0 },
	{ "evidence", "reply.evidence", "evidence", "evidence", CHAR("evidence"), CT_FT_TEXT,
	  OFF(evidence), 0, 0, NULL, 0 },
	{ "status_at", "status_at", "status_at", "status_at", ATTR("statusChangeDate"),
	  CT_FT_TIME, OFF(status_at), 0, 0, NULL, CT_FF_WHEN_SET },
	{ "repeat_of", "repeat_of", "repeat_of", "repeat_of", RELATION("repeatOf"), CT_FT_REF,
	  OFF(repeat_of), 1, ID_MAX, NULL, CT_FF_WHEN_SET },
	TEXT("batch", CHAR("batch"), batch, CT_FF_WHEN_SET),
	{ "complaint_json", "complaint_data", NULL, "complaint_json", CHAR("complaintDocument"),
	  CT_FT_DOC, OFF(complaint_json), 0, 0, NULL, CT_FF_FULL | CT_FF_FILED | CT_FF_SUBSCRIBER },
	{ "verdict_json", "verdict", NULL, "verdict_json", CHAR("verdictDocument"), CT_FT_DOC,
	  OFF(verdict_json), 0, 0, NULL, CT_FF_FULL | CT_FF_FILED | CT_FF_SUBSCRIBER },
};
const size_t ct_nfields = sizeof(ct_fields) / sizeof(ct_fields[0]);

const struct ct_field *
ct_field_by_json(const char *json)
{
	for (size_t i = 0; json && i < ct_nfields; i++)
		if (!strcmp(ct_fields[i].json, json))
			return &ct_fields[i];
	return NULL;
}

unsigned long long
ct_field_bits(const char *names)
{
	unsigned long long bits = 0;
	const char *p = names;

	while (*p) {
		size_t n = strcspn(p, " "), i;

		for (i = 0; i < ct_nfields; i++)
			if (strlen(ct_fields[i].name) == n && !strncmp(ct_fields[i].name, p, n))
				break;
		if (n && (i == ct_nfields || i >= 64)) {
			fprintf(stderr, "celltriage: internal error: no ticket field %.*s\n", (int)n, p);
			abort();
		}
		if (n)
			bits |= 1ULL << i;
		p += n + (p[n] == ' ');
	}
	return bits;
}

const struct ct_field *
ct_field_by_tmf(const char *characteristic)
{
	for (size_t i = 0; characteristic && i < ct_nfields; i++)
		if (ct_fields[i].tmf.kind == CT_TMF_CHARACTERISTIC &&
		    !strcmp(ct_fields[i].tmf.name, characteristic))
			return &ct_fields[i];
	return NULL;
}

void *
ct_field_ptr(struct ct_ticket *t, const struct ct_field *f)
{
	return (char *)t + f->off;
}

const void *
ct_field_cptr(const struct ct_ticket *t, const struct ct_field *f)
{
	return (const char *)t + f->off;
}

long long
ct_field_int(const struct ct_ticket *t, const struct ct_field *f)
{
	const void *p = ct_field_cptr(t, f);

	switch (f->type) {
	case CT_FT_INT:
	case CT_FT_FLAG:
		return *(const int *)p;
	case CT_FT_STATUS:
		return *(const enum ct_status *)p;
	case CT_FT_ID:
	case CT_FT_TIME:
	case CT_FT_SECONDS:
	case CT_FT_REF:
		return *(const long long *)p;
	default:
		return 0; /* not a number */
	}
}

void
ct_field_set_int(struct ct_ticket *t, const struct ct_field *f, long long v)
{
	void *p = ct_field_ptr(t, f);

	switch (f->type) {
	case CT_FT_INT:
	case CT_FT_FLAG:
		*(int *)p = (int)v;
		break;
	case CT_FT_STATUS:
		*(enum ct_status *)p = v > 0 && v < CT_STATUS_END ? (enum ct_status)v : CT_STATUS_NONE;
		break;
	case CT_FT_ID:
	case CT_FT_TIME:
	case CT_FT_SECONDS:
	case CT_FT_REF:
		*(long long *)p = v;
		break;
	default:
		break; /* not a number */
	}
}

const char *
ct_field_text(const struct ct_ticket *t, const struct ct_field *f)
{
	return f->type == CT_FT_TEXT || f->type == CT_FT_DOC ? *(char *const *)ct_field_cptr(t, f)
							      : NULL;
}

int
ct_field_is_set(const struct ct_ticket *t, const struct ct_field *f)
{
	switch (f->type) {
	case CT_FT_TEXT:
	case CT_FT_DOC:
		return ct_field_text(t, f) != NULL;
	case CT_FT_STATUS:
		return ct_field_int(t, f) != CT_STATUS_NONE;
	case CT_FT_TAGS:
		return t->ntags > 0;
	case CT_FT_DEADLINES:
		return t->ndeadlines > 0;
	default:
		return ct_field_int(t, f) != 0;
	}
}

const char *
ct_field_json_key(const struct ct_field *f, char *grp, size_t n)
{
	const char *dot = strchr(f->json, '.');

	if (!dot) {
		if (n)
			grp[0] = '\0';
		return f->json;
	}
	snprintf(grp, n, "%.*s", (int)(dot - f->json), f->json);
	return dot + 1;
}

/* The grade as a TMF621 severity: grade 1 is the most urgent. */
static const struct ct_name severities[] = {
	{ 1, "Critical" }, { 2, "Major" }, { 3, "Minor" }, { 0, NULL }
};

const char *
ct_grade_tmf_severity(int grade)
{
	const char *s = ct_name_of(severities, grade);

	return s ? s : "Minor";
}

int
ct_grade_from_tmf_severity(const char *severity)
{
	int g = severity ? ct_value_of(severities, severity) : -1;

	return g > 0 ? g : 0;
}

void
ct_ticket_csv_header(struct ct_buf *b, int list)
{
	int first = 1;

	for (size_t i = 0; i < ct_nfields; i++) {
		if (!ct_fields[i].csv || (list && !(ct_fields[i].flags & CT_FF_LIST)))
			continue;
		ct_buf_printf(b, "%s%s", first ? "" : ",", ct_fields[i].csv);
		first = 0;
	}
}

size_t
ct_ticket_csv_columns(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ct_nfields; i++)
		n += ct_fields[i].csv != NULL;
	return n;
}
