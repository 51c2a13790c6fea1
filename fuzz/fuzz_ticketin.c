/* fuzz_ticketin.c — libFuzzer target: `ticket import` of our own exports
 * (src/ingest/ticketin.c). The input is read as a ticket export CSV (with
 * the real header put in front half the time, so records are reached) and
 * as a JSON export (the array's elements read one at a time, as `ticket
 * import` reads them, each through ct_ticket_from_export_json, and again
 * through ct_export_json_next, which reads the export's own form from the
 * text without a tree and carries the documents as text).
 * Invariants: a CSV that reads writes back and reads again to the same
 * bytes (export(import(x)) is a fixed point); a line number is never past
 * the input's last line; the two JSON readers agree on every element (the
 * same ticket and history, or the same message). Any crash, sanitizer report or leak
 * is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/report.h"
#include "celltriage/store.h"
#include "celltriage/ticketin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
count_lines(const char *s, size_t n)
{
	size_t l = 1;

	for (size_t i = 0; i < n; i++)
		l += s[i] == '\n';
	return l;
}

static void
csv(const char *s, size_t n)
{
	struct ct_ticket *v = NULL, *w = NULL;
	size_t *lines = NULL, *lines2 = NULL, nv = 0, nw = 0;
	struct ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
	struct ct_err err;

	if (ct_tickets_from_export_csv(s, n, "f", &v, &lines, &nv, &err) != 0)
		return;
	for (size_t i = 0; i < nv; i++)
		if (lines[i] > count_lines(s, n))
			__builtin_trap();
	ct_tickets_export_csv(&a, v, nv);
	if (ct_tickets_from_export_csv(a.s, a.len, "f", &w, &lines2, &nw, &err) != 0 || nw != nv)
		__builtin_trap();
	ct_tickets_export_csv(&b, w, nw);
	if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0)
		__builtin_trap();
	ct_buf_free(&a);
	ct_buf_free(&b);
	ct_tickets_free(v, nv);
	ct_tickets_free(w, nw);
	free(lines);
	free(lines2);
}

static int
same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The streamed reader `ticket import` uses: every element it returns
 * starts on a line of the input. The reader that carries the documents
 * as text (ct_export_json_next) gives, element by element, what the tree
 * reader does: the same ticket (its export object, documents parsed) or
 * the same message. */
static void
json_stream(const char *s, size_t n)
{
	struct ct_json_stream js, lifted;
	struct ct_err err, err2;
	json_t *x;
	size_t line, line2, k = 0;
	FILE *fp, *fp2;
	int rc, rc2;

	if (!n || !(fp = fmemopen((void *)s, n, "r")))
		return;
	if (!(fp2 = fmemopen((void *)s, n, "r"))) {
		fclose(fp);
		return;
	}
	ct_json_stream_init(&js, fp, "f");
	ct_json_stream_init(&lifted, fp2, "f");
	for (;;) {
		struct ct_ticket t, t2;
		struct ct_event *ev = NULL, *ev2 = NULL;
		size_t nev = 0, nev2 = 0;
		char where[64];

		rc = ct_json_stream_next(&js, &x, &line, &err);
		rc2 = ct_export_json_next(&lifted, ++k, &t2, &ev2, &nev2, &line2, &err2);
		if (rc == 1) {
			if (line > count_lines(s, n))
				__builtin_trap();
			snprintf(where, sizeof(where), "f:%zu: ticket %zu", line, k);
			rc = ct_ticket_from_export_json(x, &t, &ev, &nev, where, &err);
			json_decref(x);
			rc = rc ? rc : 1;
		}
		if (rc != rc2 || (rc == 1 && line != line2) ||
		    (rc != 1 && rc != 0 && strcmp(err.msg, err2.msg)))
			__builtin_trap();
		if (rc != 1)
			break;
		{
			json_t *a = ct_ticket_to_json(&t, 1), *b = ct_ticket_to_json(&t2, 1);

			if (!json_equal(a, b) || nev != nev2)
				__builtin_trap();
			for (size_t i = 0; i < nev; i++)
				if (ev[i].ticket != ev2[i].ticket || ev[i].at != ev2[i].at ||
				    ev[i].rev != ev2[i].rev || !same(ev[i].who, ev2[i].who) ||
				    !same(ev[i].action, ev2[i].action) ||
				    !same(ev[i].detail, ev2[i].detail) ||
				    !same(ev[i].status, ev2[i].status))
					__builtin_trap();
			json_decref(a);
			json_decref(b);
		}
		ct_ticket_free(&t);
		ct_events_free(ev, nev);
		ct_ticket_free(&t2);
		ct_events_free(ev2, nev2);
	}
	ct_json_stream_free(&js);
	ct_json_stream_free(&lifted);
	fclose(fp);
	fclose(fp2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_buf hdr = CT_BUF_INIT;
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	csv(s, size);
	json_stream(s, size);
	/* With the real header in front. */
	ct_tickets_export_csv(&hdr, NULL, 0);
	ct_buf_add(&hdr, s, size);
	csv(hdr.s, hdr.len);
	ct_buf_free(&hdr);
	free(s);
	return 0;
}
