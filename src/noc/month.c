/*
 * month.c — the NOC's monthly figures (noc.h): the complaint rates against
 * the control targets (complaint handling and assessment standard) and the
 * department deductions (provincial complaint-handling flow), computed
 * from the store's tickets and their histories; report/month.c and
 * month_html.c print them.
 *
 *   month M of year Y:  tickets received in [Y-M-01, Y-(M+1)-01), local
 *                       midnights of the process's zone (the profile's)
 *     total per 10k subscribers   vs target_per_10k       (default 25)
 *     valid channel per 10k       vs target_valid_per_10k (default 1)
 *     repeat, appeal counts       vs target_repeat, target_appeal (0, 0)
 *   department d, January .. M:
 *     monthly deduction  = points_per_complaint x responsible escalations
 *     yearly             = count <= cap ? 0.1 x sum(monthly)
 *                                       : 5 + 0.5 x (count - cap), max 10
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/noc.h"

double
ct_yearly_deduction(const struct ct_noc_profile *np, long long count, double monthly_sum)
{
	double d;

	if (count <= np->deduction_cap)
		d = np->within_factor * monthly_sum;
	else
		d = np->over_base + np->over_step * (double)(count - np->deduction_cap);
	return d > np->max_points ? np->max_points : d;
}

/* The start of a month in the process's zone (the operator's month, not
 * UTC's), in epoch seconds. */
static long long
month_start(int year, int month)
{
	return ct_local_midnight(year, (unsigned)month, 1);
}

int
ct_month_parse(const char *s, int *year, int *month, long long *from, long long *to)
{
	char *end;
	long y, m;

	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	y = strtol(s, &end, 10);
	if (end != s + 4 || y < 1970 || y > 9999)
		return -1;
	m = strtol(s + 5, &end, 10);
	if (*end || m < 1 || m > 12 || s[5] < '0' || s[5] > '1')
		return -1;
	*year = (int)y;
	*month = (int)m;
	*from = month_start((int)y, (int)m);
	*to = m == 12 ? month_start((int)y + 1, 1) : month_start((int)y, (int)m + 1);
	return 0;
}

/* Counts per key (cause, cell, department): the entries in the month's
 * array, found through an open-addressing table of their indexes (a
 * province has thousands of cells; a month, a hundred thousand tickets). */
struct counter {
	struct ct_count **v;
	size_t *n;
	size_t *slot;  /* index + 1 into *v; 0 empty */
	size_t cap;    /* a power of two, at least twice *n */
};

static size_t
key_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
counter_grow(struct counter *c)
{
	size_t cap = c->cap ? c->cap * 2 : 64;

	free(c->slot);
	c->slot = ct_xcalloc(cap, sizeof(*c->slot));
	c->cap = cap;
	for (size_t i = 0; i < *c->n; i++) {
		size_t h = key_hash((*c->v)[i].key) & (cap - 1);

		while (c->slot[h])
			h = (h + 1) & (cap - 1);
		c->slot[h] = i + 1;
	}
}

static void
count_add(struct counter *c, const char *key)
{
	size_t h;

	if (2 * (*c->n + 1) > c->cap)
		counter_grow(c);
	for (h = key_hash(key) & (c->cap - 1); c->slot[h]; h = (h + 1) & (c->cap - 1))
		if (!strcmp((*c->v)[c->slot[h] - 1].key, key)) {
			(*c->v)[c->slot[h] - 1].n++;
			return;
		}
	*c->v = ct_xrealloc(*c->v, (*c->n + 1) * sizeof(**c->v));
	(*c->v)[*c->n].key = ct_xstrdup(key);
	(*c->v)[*c->n].n = 1;
	c->slot[h] = ++*c->n;
}

static int
count_cmp(const void *a, const void *b)
{
	const struct ct_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

static long long
ticket_time(const struct ct_ticket *t)
{
	return t->received_at > 0 ? t->received_at : t->filed_at;
}

static struct ct_dept_fig *
dept_get(struct ct_month *m, const char *d)
{
	for (size_t i = 0; i < m->ndepts; i++)
		if (!strcmp(m->depts[i].department, d))
			return &m->depts[i];
	m->depts = ct_xrealloc(m->depts, (m->ndepts + 1) * sizeof(*m->depts));
	memset(&m->depts[m->ndepts], 0, sizeof(*m->depts));
	m->depts[m->ndepts].department = ct_xstrdup(d);
	return &m->depts[m->ndepts++];
}

static int
dept_cmp(const void *a, const void *b)
{
	const struct ct_dept_fig *x = a, *y = b;

	if (x->yearly != y->yearly)
		return x->yearly > y->yearly ? -1 : 1;
	return strcmp(x->department, y->department);
}

/* The figures being added up, ticket by ticket. */
struct month_acc {
	struct ct_month *m;
	const struct ct_profile *p;
	long long ystart;
	/* Responsible escalations per department and month (1..12). */
	long long (*permonth)[13];
	struct counter by_cause, by_cell, by_department;
	/* [ndays]: each local day's first second (localtime, a few thousand
	 * instructions a call, once a day and not once a ticket). */
	long long *day_start;
};

static void
month_begin(struct month_acc *a, struct ct_month *m, const struct ct_profile *p, int year,
	    int month, long long subscribers)
{
	memset(a, 0, sizeof(*a));
	a->m = m;
	a->p = p;
	a->ystart = month_start(year, 1);
	memset(m, 0, sizeof(*m));
	m->year = year;
	m->month = month;
	m->from = month_start(year, month);
	m->to = month == 12 ? month_start(year + 1, 1) : month_start(year, month + 1);
	m->subscribers = subscribers > 0 ? subscribers : p->noc.subscribers;
	m->np = &p->noc;
	a->by_cause = (struct counter){ &m->by_cause, &m->ncause, NULL, 0 };
	a->by_cell = (struct counter){ &m->by_cell, &m->ncell, NULL, 0 };
	a->by_department = (struct counter){ &m->by_department, &m->ndepartment, NULL, 0 };
	m->ndays = (int)(ct_local_day(m->to) - ct_local_day(m->from));  /* DST: not 86400 s each */
	m->by_day = ct_xcalloc((size_t)m->ndays, sizeof(*m->by_day));
	a->day_start = ct_xcalloc((size_t)m->ndays, sizeof(*a->day_start));
	for (int d = 0; d < m->ndays; d++)
		a->day_start[d] = ct_local_midnight(year, (unsigned)month, (unsigned)d + 1);
	/* The stages in the lifecycle table's order. */
	m->nstages = CT_NSTAGE;
	for (size_t s = 0; s < m->nstages; s++)
		m->stages[s].stage = ct_stage_name((enum ct_stage_id)(CT_STAGE_FIRST + s));
}

/* The day of the month (0 first) of a time within it: the last day that
 * began at or before it. */
static int
month_day(const struct month_acc *a, long long at)
{
	int lo = 0, hi = a->m->ndays - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (a->day_start[mid] <= at)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* One ticket; ev / nev its history (have_ev 0: not read, no stage figures). */
static void
month_add(struct month_acc *a, const struct ct_ticket *t, const struct ct_event *ev, size_t nev,
	  int have_ev)
{
	struct ct_month *m = a->m;
	long long at = ticket_time(t);
	int appeal = ct_ticket_kind_is(t, CT_KIND_APPEAL);
	const char *dept = t->department && *t->department ? t->department : "(unassigned)";
	char *ch;

	/* The year's escalations the company is responsible for, per
	 * department (an appeal judged invalid is not). */
	if (appeal && !t->invalid && at >= a->ystart && at < m->to) {
		struct ct_dept_fig *d = dept_get(m, dept);
		size_t k = (size_t)(d - m->depts);
		int mon = 1;

		a->permonth = ct_xrealloc(a->permonth, m->ndepts * sizeof(*a->permonth));
		if (k == m->ndepts - 1 && d->ytd_count == 0 && d->month_count == 0)
			memset(a->permonth[k], 0, sizeof(a->permonth[k]));
		while (mon < 12 && at >= month_start(m->year, mon + 1))
			mon++;
		a->permonth[k][mon]++;
		d->ytd_count++;
		if (mon == m->month)
			d->month_count++;
	}
	if (at < m->from || at >= m->to)
		return;
	m->total++;
	/* A valid channel complaint: lodged through a channel other than
	 * the hotline (the complaint's "channel"; none = hotline). */
	ch = ct_doc_string(t->complaint_json, "channel");
	if (!t->invalid && ch && *ch && strcmp(ch, "hotline"))
		m->valid++;
	free(ch);
	if (t->invalid)
		m->invalid++;
	if (ct_ticket_kind_is(t, CT_KIND_REPEAT))
		m->repeat++;
	if (appeal)
		m->appeal++;
	if (ct_status_terminal(t->status))
		m->closed++;
	count_add(&a->by_cause, t->cause ? t->cause : "(none)");
	count_add(&a->by_cell, t->cell ? t->cell : "(none)");
	count_add(&a->by_department, dept);
	m->by_grade[t->grade >= 1 && t->grade <= 3 ? t->grade : 0]++;
	m->by_day[month_day(a, at)]++;
	if (have_ev && nev) {
		struct ct_stage *sv = NULL;
		size_t ns = 0;

		ct_ticket_stages(t, ev, nev, &a->p->dl, &sv, &ns);
		for (size_t s = 0; s < ns; s++) {
			struct ct_stage_fig *f = &m->stages[sv[s].stage - CT_STAGE_FIRST];

			if (sv[s].end) {
				f->finished++;
				if (sv[s].end - sv[s].start <= sv[s].limit_s)
					f->met++;
			} else if (sv[s].start + sv[s].limit_s < m->to &&
				   !ct_status_terminal(t->status)) {
				f->running_overdue++;
			}
		}
		free(sv);
	}
}

static void
month_end(struct month_acc *a)
{
	struct ct_month *m = a->m;
	const struct ct_profile *p = a->p;

	for (size_t k = 0; k < m->ndepts; k++) {
		struct ct_dept_fig *d = &m->depts[k];

		for (int mon = 1; mon <= m->month; mon++)
			d->ytd_sum += p->noc.points_per_complaint * (double)a->permonth[k][mon];
		d->month_points = p->noc.points_per_complaint * (double)d->month_count;
		d->yearly = ct_yearly_deduction(&p->noc, d->ytd_count, d->ytd_sum);
		d->over_cap = d->ytd_count > p->noc.deduction_cap;
	}
	free(a->permonth);
	a->permonth = NULL;
	free(a->day_start);
	a->day_start = NULL;
	free(a->by_cause.slot);
	free(a->by_cell.slot);
	free(a->by_department.slot);
	if (m->ndepts)
		qsort(m->depts, m->ndepts, sizeof(*m->depts), dept_cmp);
	if (m->ncause)
		qsort(m->by_cause, m->ncause, sizeof(*m->by_cause), count_cmp);
	if (m->ncell)
		qsort(m->by_cell, m->ncell, sizeof(*m->by_cell), count_cmp);
	if (m->ndepartment)
		qsort(m->by_department, m->ndepartment, sizeof(*m->by_department), count_cmp);
}

void
ct_month_compute(const struct ct_ticket *v, size_t n, const struct ct_event *const *ev,
		 const size_t *nev, const struct ct_profile *p, int year, int month,
		 long long subscribers, struct ct_month *m)
{
	struct month_acc a;

	month_begin(&a, m, p, year, month, subscribers);
	for (size_t i = 0; i < n; i++)
		month_add(&a, &v[i], ev ? ev[i] : NULL, nev ? nev[i] : 0, ev && nev);
	month_end(&a);
}

static void
counts_free(struct ct_count *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

void
ct_month_free(struct ct_month *m)
{
	counts_free(m->by_cause, m->ncause);
	counts_free(m->by_cell, m->ncell);
	counts_free(m->by_department, m->ndepartment);
	for (size_t i = 0; i < m->ndepts; i++)
		free(m->depts[i].department);
	free(m->depts);
	free(m->by_day);
	memset(m, 0, sizeof(*m));
}

static int
month_earlier(struct ct_ticket *t, void *arg, struct ct_err *err)
{
	(void)err;
	month_add(arg, t, NULL, 0, 0);
	return 0;
}

static int
month_ticket(struct ct_ticket *t, struct ct_event *ev, size_t nev, void *arg,
	     struct ct_err *err)
{
	(void)err;
	month_add(arg, t, ev, nev, 1);
	return 0;
}

/*
 * Two walks of one snapshot, each through the time index: the appeals of
 * the year before the month (the departments' year-to-date figures), then
 * the month's tickets with their histories (the stage figures). Neither
 * reads the stored documents beyond the complaint's channel.
 */
int
ct_month_from_store(struct ct_store *st, const struct ct_ticket_filter *f,
		    const struct ct_profile *p, int year, int month, long long subscribers,
		    struct ct_month *m, struct ct_err *err)
{
	static const struct ct_ticket_filter any;
	struct ct_ticket_filter w = f ? *f : any;
	struct month_acc a;
	int rc;

	month_begin(&a, m, p, year, month, subscribers);
	if ((rc = ct_store_read_begin(st, err)) != 0) {
		month_end(&a);
		ct_month_free(m);
		return rc;
	}
	/* The figures need no stored documents and no deadlines (a stage's
	 * limit is the profile's). */
	w.brief = 1;
	w.no_deadlines = 1;
	/* What month_add and the stages (ct_ticket_stages) read of a ticket. */
	w.fields = ct_field_bits("kind invalid received_at filed_at updated_at status_at"
				 " department complaint_json status cause cell grade");
	w.kind = CT_KIND_APPEAL;
	w.from = a.ystart;
	w.to = m->from;
	if (w.to > w.from)
		rc = ct_store_each(st, &w, month_earlier, &a, err);
	w.kind = f ? f->kind : NULL;
	w.from = m->from;
	w.to = m->to;
	if (!rc)
		rc = ct_store_each_history(st, &w, month_ticket, &a, err);
	ct_store_read_end(st);
	month_end(&a);
	if (rc)
		ct_month_free(m);
	return rc;
}
