/* fuzz_doc_string.c — libFuzzer target: reading one string member of a
 * stored JSON document (ct_doc_string, src/ticket/ticket.c), which walks
 * the text itself and leaves to jansson only what it is not sure of.
 * The first byte picks the member asked for; the rest is the document.
 * Invariant: the answer is exactly jansson's (json_loads, then the
 * member if it is a string), for any bytes. The same bytes written as a
 * JSON string without a tree (ct_buf_json_string, util/json.c) are what
 * json_dumps writes, or refused where json_string refuses them. A crash,
 * sanitizer report or leak is a bug too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/ticket.h"
#include "celltriage/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = { "channel", "description", "text", "a", "", "stage" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *key;
	char *doc, *got;
	json_t *d;
	const char *want;

	if (size < 1)
		return 0;
	key = keys[data[0] % (sizeof(keys) / sizeof(keys[0]))];
	doc = malloc(size);
	memcpy(doc, data + 1, size - 1);
	doc[size - 1] = '\0';
	got = ct_doc_string(doc, key);
	d = json_loads(doc, 0, NULL);
	want = json_string_value(json_object_get(d, key));
	if ((want == NULL) != (got == NULL) || (want && strcmp(want, got)))
		abort();
	json_decref(d);
	free(got);
	{
		struct ct_buf b = CT_BUF_INIT;
		json_t *v = json_string(doc);
		char *dumped = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		int rc = ct_buf_json_string(&b, doc);

		if ((rc != 0) != (v == NULL) || (v && strcmp(dumped, b.s)) || (!v && b.len))
			abort();
		free(dumped);
		json_decref(v);
		ct_buf_free(&b);
	}
	free(doc);
	return 0;
}
