/* verdict.c — the cause codes of SPEC §6 and the verdict's lifetime. */
#include <stdlib.h>
#include <string.h>

#include "celltriage/util.h"
#include "celltriage/verdict.h"

const char *const ct_cause_codes[] = {
	"sim/account_arrears", "sim/account_barred", "sim/card_fault",
	"terminal/rat_unsupported", "terminal/band_unsupported",
	"terminal/model_defect", "terminal/device_worn", "terminal/unbranded",
	"radio/coverage", "radio/capacity", "radio/interference",
	"radio/equipment", "radio/parameters", "radio/repeater",
	"core/subscriber_data", "core/number_segment", "core/cell_data_mismatch",
	"core/board_alarm", "core/signalling", "core/packet_resources",
	"core/gateway_load", "undetermined/needs_test", NULL
};

int
ct_cause_valid(const char *cause)
{
	for (const char *const *c = ct_cause_codes; *c; c++)
		if (strcmp(*c, cause) == 0)
			return 1;
	return 0;
}

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
