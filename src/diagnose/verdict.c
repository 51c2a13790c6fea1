/* verdict.c — the names of a verdict's results and places, and its lifetime
 * (the cause codes are in src/util/names.c). */
#include <stdlib.h>
#include <string.h>

#include "celltriage/util.h"
#include "celltriage/verdict.h"

static const struct ct_name results[] = {
	{ CT_R_PASS, "pass" }, { CT_R_FAIL, "fail" }, { CT_R_UNKNOWN, "unknown" },
	{ CT_R_ROUTE, "route" }, { CT_R_INFO, "info" }, { 0, NULL }
};

const char *ct_result_name(enum ct_result r) { return ct_name_of(results, (int)r); }

static const struct ct_name wheres[] = {
	{ CT_W_SITE, "on_site" }, { CT_W_BACK_OFFICE, "back_office" },
	{ CT_W_CORE, "core_side" }, { 0, NULL }
};
static const struct ct_name where_titles[] = {
	{ CT_W_SITE, "On site (field engineer, one visit)" },
	{ CT_W_BACK_OFFICE, "Back office / OMC" },
	{ CT_W_CORE, "Core side" }, { 0, NULL }
};

const char *ct_where_name(enum ct_where w) { return ct_name_of(wheres, (int)w); }
const char *ct_where_title(enum ct_where w) { return ct_name_of(where_titles, (int)w); }

void
ct_verdict_free(struct ct_verdict *v)
{
	free(v->complaint);
	free(v->grade_rule);
	free(v->decided_by);
	for (size_t i = 0; i < v->ntags; i++)
		free(v->tags[i]);
	free(v->tags);
	for (size_t i = 0; i < v->nsteps; i++) {
		free(v->steps[i].node);
		free(v->steps[i].check);
		free(v->steps[i].evidence);
		free(v->steps[i].why);
		free(v->steps[i].source);
	}
	free(v->steps);
	for (size_t i = 0; i < v->nneeds; i++) {
		free(v->needs[i].test);
		free(v->needs[i].why);
		free(v->needs[i].how);
		free(v->needs[i].node);
	}
	free(v->needs);
	for (size_t i = 0; i < v->nactions; i++)
		free(v->actions[i]);
	free(v->actions);
	memset(v, 0, sizeof(*v));
}
