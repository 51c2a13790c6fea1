/*
 * verdict.h — what the decision tree concludes, and why.
 *
 * A verdict names one of the fixed cause codes, the class and domain it lies
 * in, the complaint's grade (the grades of the network management centre's
 * complaint-handling flow), and the whole trail: every check the tree made
 * (node, what it looked at, the value, the threshold, the source of the
 * value, and why the check passed, failed or could not be made), the tests
 * and data still needed (`needs`), and the actions for the cause.
 *
 * ct_verdict_free releases everything inside; the struct itself is the
 * caller's.
 */
#ifndef CELLTRIAGE_VERDICT_H
#define CELLTRIAGE_VERDICT_H

#include <stddef.h>

/* The fixed cause codes, as the verdict JSON spells them (users' scripts
 * depend on them: extend, never rename); NULL-terminated. ct_cause_valid:
 * 1 when cause is one of them. Kept in src/util/names.c: the profile checks
 * the causes it maps against them. */
extern const char *const ct_cause_codes[];
int ct_cause_valid(const char *cause);

enum ct_result {
	CT_R_PASS,     /* evidence shows this check is clean */
	CT_R_FAIL,     /* evidence shows the fault this check looks for */
	CT_R_UNKNOWN,  /* no evidence either way */
	CT_R_ROUTE,    /* a routing test: the value chooses the next branch */
	CT_R_INFO      /* context only (grade, RAT in use) */
};

/* Where a missing test or datum is obtained (the plan groups by this). */
enum ct_where { CT_W_SITE, CT_W_BACK_OFFICE, CT_W_CORE };

struct ct_step {
	char *node;        /* "Q3.1.1" */
	char *check;       /* "weak signal" */
	enum ct_result result;
	char *evidence;    /* "measurements.signal_dbm=-97 (complaint)" */
	char *why;         /* "-97 dBm is below the gsm coverage threshold -94 dBm" */
	int has_value, has_threshold;
	double value, threshold;
	char *source;      /* "complaint", or a file and position */
};

struct ct_need {
	char *test;        /* "test_sim_on_site" */
	char *why;         /* "decides Q1.2: SIM/number versus network" */
	char *how;         /* what to do, for the plan */
	enum ct_where where;
	char *node;        /* the first node that needs it */
};

struct ct_verdict {
	char *complaint;   /* the complaint's id, NULL when it has none */
	const char *cause; /* one of ct_cause_codes */
	const char *klass; /* card_number | terminal | network | undetermined */
	const char *domain;/* sim | terminal | radio | core | undetermined */
	const char *confidence; /* high | medium | low */
	int grade;
	char *grade_rule;  /* the rule that set the grade */
	char *decided_by;  /* the node that decided, NULL when undetermined */
	char **tags;
	size_t ntags;
	struct ct_step *steps;
	size_t nsteps, capsteps;
	struct ct_need *needs;
	size_t nneeds, capneeds;
	char **actions;
	size_t nactions;
};

void ct_verdict_free(struct ct_verdict *v);
const char *ct_result_name(enum ct_result r);
const char *ct_where_name(enum ct_where w);       /* "on_site", "back_office", "core_side" */
const char *ct_where_title(enum ct_where w);      /* "On site", ... */

#endif
