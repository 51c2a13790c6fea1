/*
 * noc.h — the NOC's monitoring (issue 5 items 5-8; SPEC §4): hotspots,
 * knowledge of planned work, customer profiles, and the monthly figures.
 *
 * Places: a cell id is "MCC-MNC-SITE-SECTOR" (SPEC §6: "460-00-12345-1");
 * its area is the cell id without the last component, the site
 * ("460-00-12345"). Knowledge given for an area covers every cell whose id
 * starts with the area followed by '-' (so "460-00" covers a whole network).
 *
 * Errors follow util.h; the store functions name the store's path.
 * Who frees what is said per function.
 */
#ifndef CELLTRIAGE_NOC_H
#define CELLTRIAGE_NOC_H

#include <stddef.h>

#include <jansson.h>

#include "celltriage/profile.h"
#include "celltriage/store.h"
#include "celltriage/util.h"

/* The area (site) of a cell into buf: "460-00-12345-1" -> "460-00-12345".
 * Returns 0, or -1 (buf = "") when the cell id has no '-'. */
int ct_cell_area(const char *cell, char *buf, size_t n);
/* 1 when cell is the place: equal to it, or within it (place + '-' prefix). */
int ct_place_covers(const char *place, const char *cell);

/* ---------------------------------------------------------------------
 * Hotspots (seed 004): per cell, area and cause, the complaints of the
 * window [now - window, now] against the place's own baseline: the count in
 * [now - window - baseline, now - window), scaled to the window. A ticket's
 * time is received_at, else filed_at.
 *
 *   expected = max(baseline count, floor) x window / baseline
 *   p        = P(X >= count | Poisson(expected))   (gsl_cdf_poisson_Q)
 *   hot      : p <= p_max and count >= min_count
 *
 * An area or cause whose window tickets all lie in one hot cell is not
 * reported again (the cell says it).
 */
struct ct_hot_params {
	long long now, window_s, baseline_s;
	double p_max, floor;
	int min_count;
	unsigned levels;  /* CT_HOT_CELL | CT_HOT_AREA | CT_HOT_CAUSE */
};
enum { CT_HOT_CELL = 1, CT_HOT_AREA = 2, CT_HOT_CAUSE = 4 };

struct ct_hotspot {
	const char *level;     /* "cell", "area", "cause" (static) */
	char *place;           /* the cell id, area or cause code */
	long long count, baseline_count;
	double expected, p_value;
	long long *tickets;    /* ids of the window's tickets, ascending */
	size_t ntickets;
};

/* The profile's thresholds with now. levels = all three. */
void ct_hot_params_from_profile(const struct ct_profile *p, long long now,
				struct ct_hot_params *hp);
/* P(X >= k) for X ~ Poisson(mu): 1 for k <= 0. */
double ct_poisson_upper(long long k, double mu);
/*
 * The tickets received (else filed) within [from, to], on cell (NULL: every
 * cell), with only id, complaint, cell, cause, received_at, filed_at and
 * batch filled: what the test needs, read through the time indexes of
 * schema 4. Free with ct_tickets_free.
 */
int ct_store_between(struct ct_store *s, const char *cell, long long from, long long to,
		     struct ct_ticket **v, size_t *n, struct ct_err *err);
/*
 * The hot places among v (any order), most significant first (p, then
 * count, then level cell < area < cause, then place). *out is an array the
 * caller frees with ct_hotspots_free(out, n).
 */
void ct_hotspots_find(const struct ct_ticket *v, size_t n, const struct ct_hot_params *hp,
		      struct ct_hotspot **out, size_t *nout);
void ct_hotspots_free(struct ct_hotspot *v, size_t n);
/* Renderers: the JSON array of the fixed contract (cell, count, baseline =
 * expected count, p_value, tickets; plus level, area, cause, baseline_count),
 * and an aligned table. */
json_t *ct_hotspots_to_json(const struct ct_hotspot *v, size_t n);
void ct_hotspots_text(struct ct_buf *b, const struct ct_hotspot *v, size_t n,
		      const struct ct_hot_params *hp);

/* ---------------------------------------------------------------------
 * Knowledge (seed 001): planned outages and site adjustments.
 */
struct ct_knowledge {
	long long id;
	char *cell, *area;          /* exactly one is set */
	long long from, to, restore;
	char *what, *who;
	long long created_at;
	long long linked;           /* tickets tagged known:<id> (list only) */
};
/* Adds k (id, created_at ignored: now; linked ignored) and links the
 * tickets already in the store that it covers (tag known:<id>, an event
 * "known" in each history, rev + 1). *id is the new id, *nlinked how many
 * were linked. One transaction. */
int ct_knowledge_add(struct ct_store *s, const struct ct_knowledge *k, long long now,
		     long long *id, size_t *nlinked, struct ct_err *err);
/* Every entry, by id, with its linked count. Free with ct_knowledge_free. */
int ct_knowledge_list(struct ct_store *s, struct ct_knowledge **v, size_t *n,
		      struct ct_err *err);
/* The entries covering cell at time at (from <= at <= to), by id. */
int ct_knowledge_match(struct ct_store *s, const char *cell, long long at,
		       struct ct_knowledge **v, size_t *n, struct ct_err *err);
void ct_knowledge_free(struct ct_knowledge *v, size_t n);
/* 1 when k covers cell at time at. */
int ct_knowledge_covers(const struct ct_knowledge *k, const char *cell, long long at);
/* The action line a linked ticket carries: "Known planned work #3 on ...". */
void ct_knowledge_action(struct ct_buf *b, const struct ct_knowledge *k);

/* ---------------------------------------------------------------------
 * Customer profiles (seed 004): what was learnt about a subscriber.
 */
struct ct_customer {
	char *msisdn;
	int known;                 /* a profile row exists */
	int sensitive, repeat;     /* as recorded */
	char *contact, *notes, *who;
	long long updated_at;
	/* Derived from the store. */
	long long complaints;      /* tickets from this msisdn */
	long long recent;          /* ... received within the repeat window before now */
	long long repeats;         /* ... of kind repeat */
	long long last_ticket;     /* the latest ticket id, 0 = none */
	int repeat_complainer;     /* recorded, or repeats > 0, or recent >= 2 */
};
/* A change: -1 leaves a flag as it is; NULL leaves a text. note is
 * appended to the notes as "YYYY-MM-DD who: note". */
struct ct_customer_set {
	int sensitive, repeat;
	const char *contact, *note, *who;
};
int ct_customer_set(struct ct_store *s, const char *msisdn, const struct ct_customer_set *u,
		    long long now, struct ct_err *err);
/* The profile and the derived figures (window_s: the repeat window).
 * Always fills out (known = 0 when no row); free with ct_customer_free. */
int ct_customer_get(struct ct_store *s, const char *msisdn, long long now, long long window_s,
		    struct ct_customer *out, struct ct_err *err);
void ct_customer_free(struct ct_customer *c);
/* 1 when there is something to show (a row, or any derived flag). */
int ct_customer_worth_showing(const struct ct_customer *c);
/* One paragraph for a person; the JSON object (msisdn masked when mask). */
void ct_customer_text(struct ct_buf *b, const struct ct_customer *c, int mask);
json_t *ct_customer_to_json(const struct ct_customer *c, int mask);

/* ---------------------------------------------------------------------
 * Monthly figures (seed 000) and department deductions (seed 004).
 */

/*
 * Seed 004's yearly deduction for one department: count escalated
 * complaints it was responsible for this year, sum of its monthly
 * deductions. Within the cap (count <= cap): within_factor x sum; above:
 * over_base + over_step x (count - cap). Never above max_points.
 */
double ct_yearly_deduction(const struct ct_noc_profile *np, long long count, double monthly_sum);

struct ct_count {
	char *key;
	long long n;
};
struct ct_stage_fig {
	const char *stage;          /* static */
	long long finished, met, running_overdue;
};
struct ct_dept_fig {
	char *department;
	long long month_count;       /* responsible escalated complaints this month */
	double month_points;
	long long ytd_count;         /* January to this month */
	double ytd_sum;              /* sum of the monthly deductions */
	double yearly;               /* ct_yearly_deduction */
	int over_cap;
};
struct ct_month {
	int year, month;
	long long from, to;          /* [from, to) */
	long long subscribers;       /* 0: unknown */
	long long total, valid, repeat, appeal, invalid, closed;
	struct ct_count *by_cause, *by_cell, *by_department;
	size_t ncause, ncell, ndepartment;
	long long by_grade[4];       /* [1..3]; [0] other */
	long long *by_day;           /* complaints per day of the month */
	int ndays;
	struct ct_stage_fig stages[CT_NSTAGE];
	size_t nstages;
	struct ct_dept_fig *depts;
	size_t ndepts;
	const struct ct_noc_profile *np;
};
/* "2026-11" -> year, month and [from, to) in UTC; -1 when not a month. */
int ct_month_parse(const char *s, int *year, int *month, long long *from, long long *to);
/*
 * The month's figures from every ticket of the store (v, with each
 * ticket's history ev[i] of nev[i] events: the stage times). A ticket
 * belongs to the month of its received_at (else filed_at). Valid channel
 * complaints: not judged invalid and lodged through a channel other than
 * the hotline (the complaint's "channel"; none = hotline). Deadlines met:
 * stages finished in the month within their limit, and stages still running
 * past their limit at the month's end. Free with ct_month_free.
 */
void ct_month_compute(const struct ct_ticket *v, size_t n, const struct ct_event *const *ev,
		      const size_t *nev, const struct ct_profile *p, int year, int month,
		      long long subscribers, struct ct_month *m);
void ct_month_free(struct ct_month *m);
void ct_month_text(struct ct_buf *b, const struct ct_month *m);
json_t *ct_month_to_json(const struct ct_month *m);
void ct_month_csv(struct ct_buf *b, const struct ct_month *m);
/* One self-contained HTML file: inline CSS and SVG, no external resource. */
void ct_month_html(struct ct_buf *b, const struct ct_month *m);

#endif
