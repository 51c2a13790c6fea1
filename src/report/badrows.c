/* badrows.c — the skipped rows of a lenient read in the JSON outputs of the
 * drive-test logs and OMC exports (badrows.h). */
#include "celltriage/badrows.h"
#include "celltriage/report.h"

json_t *
ct_badrows_json(const struct ct_badrows *b)
{
	json_t *o = json_object(), *a = json_array();
	size_t shown = b->n < CT_BADROWS_KEEP ? b->n : CT_BADROWS_KEEP;

	for (size_t i = 0; i < shown; i++) {
		json_t *r = json_object();

		json_object_set_new(r, "line", json_integer((json_int_t)b->first[i].line));
		/* The reason quotes the row: not necessarily UTF-8. */
		json_object_set_new(r, "reason", ct_json_str(b->first[i].reason));
		json_array_append_new(a, r);
	}
	json_object_set_new(o, "count", json_integer((json_int_t)b->n));
	json_object_set_new(o, "first", a);
	return o;
}
