/*
 * ticket.c — a ticket in memory (ticket.h): freeing one (every member the
 * field table names), its history, reading a member of its stored JSON
 * documents, and the annotation a ticket gets when the NOC's monitoring
 * explains it (a tag and an action line).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/ticket.h"

void
ct_ticket_free(struct ct_ticket *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].type == CT_FT_TEXT || ct_fields[i].type == CT_FT_DOC)
			free(*(char **)ct_field_ptr(t, &ct_fields[i]));
	for (size_t k = 0; k < t->ntags; k++)
		free(t->tags[k]);
	free(t->tags);
	for (size_t k = 0; k < t->ndeadlines; k++)
		free(t->deadlines[k].stage);
	free(t->deadlines);
	memset(t, 0, sizeof(*t));
}

void
ct_tickets_free(struct ct_ticket *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ct_ticket_free(&v[i]);
	free(v);
}

void
ct_events_free(struct ct_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].who);
		free(v[i].action);
		free(v[i].detail);
		free(v[i].status);
	}
	free(v);
}

char *
ct_doc_string(const char *doc, const char *key)
{
	json_t *d = doc ? json_loads(doc, 0, NULL) : NULL;
	const char *s = json_string_value(json_object_get(d, key));
	char *copy = s ? ct_xstrdup(s) : NULL;

	json_decref(d);
	return copy;
}

static int
has_tag(const struct ct_ticket *t, const char *tag)
{
	for (size_t i = 0; i < t->ntags; i++)
		if (t->tags[i] && !strcmp(t->tags[i], tag))
			return 1;
	return 0;
}

void
ct_ticket_annotate(struct ct_ticket *t, const char *tag, const char *action)
{
	json_t *v = NULL, *a;
	char *s;

	if (tag && !has_tag(t, tag)) {
		t->tags = ct_xrealloc(t->tags, (t->ntags + 1) * sizeof(*t->tags));
		t->tags[t->ntags++] = ct_xstrdup(tag);
	}
	if (t->verdict_json)
		v = json_loads(t->verdict_json, JSON_DECODE_ANY, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		return;
	}
	if (tag) {
		a = json_object_get(v, "tags");
		if (!json_is_array(a)) {
			a = json_array();
			json_object_set_new(v, "tags", a);
		}
		json_array_append_new(a, json_string(tag));
	}
	if (action) {
		a = json_object_get(v, "actions");
		if (!json_is_array(a)) {
			a = json_array();
			json_object_set_new(v, "actions", a);
		}
		/* First: the customer is told this before any repair plan. */
		json_array_insert_new(a, 0, json_string(action));
	}
	s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(v);
	if (s) {
		free(t->verdict_json);
		t->verdict_json = s;
	}
}
