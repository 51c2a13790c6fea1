/*
 * diagnose.h — the decision tree (doc/decision-tree.md) and the grade rules
 * (doc/grades.md).
 *
 * ct_diagnose walks Q1 (card/number) -> Q2 (terminal) -> Q3 (radio, by
 * phenomenon) -> Q4 (core) for one complaint, comparing every value with the
 * profile's thresholds, and fills a verdict: the cause, class, domain,
 * confidence, grade, tags, the path of every check made (with its evidence,
 * value, threshold and why), the tests still needed, and the actions.
 *
 * The order-and-unknowns rule: within a list the checks run in order; the
 * first positive check decides; missing evidence before it does not block it
 * but is listed in needs and lowers the confidence to medium; a list is left
 * for Q4 only when every check in it is known to be clean; when nothing
 * settles the branch the cause is undetermined/needs_test (confidence low).
 *
 * CT_WALK_PLAN walks every branch still open instead of stopping at the
 * first medium-confidence cause, so that `needs` is the complete one-visit
 * test plan. The verdict's cause is the same in both modes.
 *
 * The verdict owns copies of everything; free it with ct_verdict_free().
 * ct_diagnose cannot fail on a complaint the reader accepted.
 */
#ifndef CELLTRIAGE_DIAGNOSE_H
#define CELLTRIAGE_DIAGNOSE_H

#include "celltriage/complaint.h"
#include "celltriage/profile.h"
#include "celltriage/verdict.h"

enum ct_walk { CT_WALK_DIAGNOSE = 0, CT_WALK_PLAN = 1 };

void ct_diagnose(const struct ct_complaint *c, const struct ct_profile *p,
		 enum ct_walk mode, struct ct_verdict *v);

/*
 * The complaint's grade by the profile's rules: the smallest grade whose
 * conditions all hold, else the profile's default. *rule is the rule's name
 * (static in the profile, or "default"); *why describes the matching
 * conditions (caller frees).
 */
int ct_grade(const struct ct_complaint *c, const struct ct_profile *p,
	     const char **rule, char **why);

#endif
