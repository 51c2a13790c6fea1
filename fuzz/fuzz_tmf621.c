/* fuzz_tmf621.c — `ticket import`'s reader (TMF621 TroubleTicket JSON, one
 * object or an array): any bytes must give tickets or errors, never a crash,
 * a leak or undefined behaviour. Each ticket read is rendered back (TMF621,
 * the ticket JSON, the history and stage times), as import and export would. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "celltriage/profile.h"
#include "celltriage/report.h"
#include "celltriage/store.h"
#include "celltriage/ticketin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
one(json_t *o, const struct ct_deadlines *dl)
{
	struct ct_ticket t;
	struct ct_event *ev;
	struct ct_stage *sv;
	struct ct_err err;
	struct ct_buf b = CT_BUF_INIT;
	size_t nev, ns;
	json_t *j;

	if (ct_ticket_from_tmf621(o, &t, &ev, &nev, "fuzz.json", &err) != 0)
		return;
	j = ct_ticket_to_tmf621(&t, ev, nev);
	json_decref(j);
	j = ct_ticket_to_json(&t, 1);
	json_decref(j);
	ct_ticket_stages(&t, ev, nev, dl, &sv, &ns);
	ct_stages_text(&b, sv, ns, t.filed_at);
	ct_history_text(&b, ev, nev);
	ct_ticket_mask(&t);
	ct_ticket_text(&b, &t);
	free(sv);
	ct_buf_free(&b);
	ct_events_free(ev, nev);
	ct_ticket_free(&t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ct_profile prof;
	static int loaded;
	struct ct_err err;
	json_t *doc, *x;
	size_t i;

	if (!loaded) {
		if (ct_profile_load(NULL, &prof, &err) != 0)
			return 0;
		loaded = 1;
	}
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (json_is_array(doc)) {
		json_array_foreach(doc, i, x)
			one(x, &prof.dl);
	} else if (doc) {
		one(doc, &prof.dl);
	}
	json_decref(doc);
	return 0;
}
