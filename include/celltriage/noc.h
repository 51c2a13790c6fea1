/*
 * noc.h — the NOC's analyses (src/noc/): places, hotspots, what filing a
 * complaint adds to its ticket (knowledge, a hot cell, the customer's
 * profile), tickets falling due, and the monthly figures. They read the
 * store (store.h) and compute; what they find is printed by report.h.
 *
 * Places: a cell id is "MCC-MNC-SITE-SECTOR" ("460-00-12345-1"); its area
 * is the cell id without the last component, the site ("460-00-12345").
 * Knowledge given for an area covers every cell whose id starts with the
 * area followed by '-' (so "460-00" covers a whole network).
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
/* 1 when knowledge k covers cell at time at. */
int ct_knowledge_covers(const struct ct_knowledge *k, const char *cell, long long at);

/* ---------------------------------------------------------------------
 * Hotspots (provincial complaint-handling flow): per cell, area and cause,
 * the complaints of the window [now - window, now] against the place's own
 * baseline: the count in [now - window - baseline, now - window), scaled to
 * the window. A ticket's time is received_at, else filed_at.
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
/* The test of one place: count tickets in the window, base in the
 * baseline; *expected and *p as above. 1 when the place is hot. */
int ct_hot_test(long long count, long long base, const struct ct_hot_params *hp,
		double *expected, double *p);
/*
 * The hot places among v (any order), most significant first (p, then
 * count, then level cell < area < cause, then place). *out is an array the
 * caller frees with ct_hotspots_free(out, n).
 */
void ct_hotspots_find(const struct ct_ticket *v, size_t n, const struct ct_hot_params *hp,
		      struct ct_hotspot **out, size_t *nout);
void ct_hotspots_free(struct ct_hotspot *v, size_t n);
/* The batch a hot place's tickets go into on the day of now:
 * "hot-PLACE-YYYY-MM-DD", into buf. */
void ct_hot_batch_id(char *buf, size_t n, const char *place, long long now);
/*
 * Files each hot place's tickets as its batch of the day (created when
 * missing; tickets of v already in it are not added again). added[i] (nh of
 * them, the caller's) is how many tickets went into h[i]'s batch. Stops at
 * the first store error.
 */
int ct_hotspots_file_batches(struct ct_store *st, const struct ct_hotspot *h, size_t nh,
			     const struct ct_ticket *v, size_t nv, const char *who, long long now,
			     size_t *added, struct ct_err *err);

/* ---------------------------------------------------------------------
 * Filing: a diagnosed complaint becomes a ticket, and the NOC's monitoring
 * annotates it (src/noc/filing.c).
 */

/*
 * Builds the ticket for a diagnosed complaint: identity, verdict fields,
 * tags, the complaint as received and the verdict document vdoc (the
 * verdict's JSON, report.h ct_verdict_to_json) as JSON text, and the
 * deadlines from the profile (ticket.h ct_ticket_set_deadlines), counted
 * from the complaint's received_at (or from now when it has none). filed_at
 * and updated_at are now. Free with ct_ticket_free().
 */
struct ct_complaint;
struct ct_verdict;
void ct_ticket_build(const struct ct_complaint *c, const struct ct_verdict *v, json_t *vdoc,
		     const struct ct_profile *p, long long now, struct ct_ticket *t);

/*
 * What filing adds from the NOC's monitoring: before the ticket is stored,
 * the knowledge covering it and a hot cell annotate it (tags known:<id> and
 * hotspot, action lines at the head of the verdict's); after, it joins the
 * hot cell's batch of the day when one was filed, and the customer's
 * profile is read. Free with ct_filing_notes_free; report.h prints them.
 */
struct ct_filing_notes {
	long long *known;         /* knowledge ids linked */
	char **known_lines;       /* ... and their action lines */
	size_t nknown;
	int hot;                  /* the cell is hot: */
	long long hot_count;
	double hot_expected, hot_p;
	char *hot_line;           /* ... its action line */
	char batch[300];          /* the batch joined; "" none */
	struct ct_customer customer;
	int has_customer;         /* worth showing (ct_customer_worth_showing) */
};
void ct_filing_notes_free(struct ct_filing_notes *fn);
/*
 * Files t (ct_store_file: *id, *updated) with what the monitoring adds, the
 * lookups and the writes of what they found in one write transaction of
 * the store (ct_store_file_hooked): a knowledge entry added meanwhile is
 * either seen here or links the ticket itself once it is filed. fn is
 * filled (free it with ct_filing_notes_free, also on failure); t gains the
 * tags and action lines. A failure leaves the store as it was.
 */
int ct_filing_file(struct ct_store *st, const struct ct_profile *p, struct ct_ticket *t,
		   long long now, struct ct_filing_notes *fn, long long *id, int *updated,
		   struct ct_err *err);

/* ---------------------------------------------------------------------
 * Tickets falling due (src/noc/due.c)
 */
struct ct_due {
	struct ct_ticket *t;      /* one of the caller's tickets */
	const char *stage;        /* the running stage due first (static) */
	long long overdue_by;     /* now - its due time; negative: time left */
};
/*
 * The open tickets of v whose running stage due first is overdue (overdue
 * = 1) or due within `within` seconds and not yet overdue (within >= 0; -1:
 * not asked), from each ticket's history in st and the profile's limits;
 * ordered by grade (1 first), then the least time left, then id. *out
 * (free() it) points into v.
 */
int ct_tickets_due(struct ct_store *st, struct ct_ticket *v, size_t n,
		   const struct ct_deadlines *d, long long now, int overdue, long long within,
		   struct ct_due **out, size_t *nout, struct ct_err *err);
/*
 * The same for the tickets of st matching f: read from the queue's index
 * (store.h ct_store_due) when it holds d's limits (give them to the store
 * with ct_store_set_deadlines first), else by ct_tickets_due over every
 * ticket. *v (ct_tickets_free(*v, *nv)) holds the tickets *out points into.
 */
int ct_queue_due(struct ct_store *st, const struct ct_ticket_filter *f,
		 const struct ct_deadlines *d, long long now, int overdue, long long within,
		 struct ct_ticket **v, size_t *nv, struct ct_due **out, size_t *nout,
		 struct ct_err *err);
/*
 * The first max (at least 1) of ct_queue_due's answer, in its order, and
 * in *total how many there are in all: from the index only the first max
 * tickets are read (store.h ct_store_due_first), so a page of the queue
 * does not grow with it. Without the index, ct_queue_due's answer cut.
 */
int ct_queue_first(struct ct_store *st, const struct ct_ticket_filter *f,
		   const struct ct_deadlines *d, long long now, int overdue, long long within,
		   size_t max, struct ct_ticket **v, size_t *nv, struct ct_due **out, size_t *nout,
		   long long *total, struct ct_err *err);

/* ---------------------------------------------------------------------
 * Monthly figures (complaint handling and assessment standard: the
 * complaint rates against the control targets) and department deductions
 * (provincial complaint-handling flow) (src/noc/month.c).
 */

/*
 * The yearly deduction for one department: count escalated complaints it
 * was responsible for this year, sum of its monthly deductions. Within the
 * cap (count <= cap): within_factor x sum; above: over_base + over_step x
 * (count - cap). Never above max_points.
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
	struct ct_stage_fig stages[CT_NSTAGE];   /* the lifecycle table's, in its order */
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
/* The same from the tickets of st that f lets through (the histories of
 * the month's tickets read from st). */
int ct_month_from_store(struct ct_store *st, const struct ct_ticket_filter *f,
			const struct ct_profile *p, int year, int month, long long subscribers,
			struct ct_month *m, struct ct_err *err);
void ct_month_free(struct ct_month *m);

#endif
