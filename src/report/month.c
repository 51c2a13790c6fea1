/*
 * month.c — the monthly figures (noc.h; issue 5 item 8): seed 000's
 * complaint rates against the control targets, and seed 004's department
 * deductions (SPEC §4), as text, JSON, CSV and one self-contained HTML page.
 *
 *   month M of year Y:  tickets received in [Y-M-01, Y-(M+1)-01) UTC
 *     total per 10k subscribers   vs target_per_10k      (seed 000: 25)
 *     valid channel per 10k       vs target_valid_per_10k (seed 000: 1)
 *     repeat, appeal counts       vs target_repeat, target_appeal (0, 0)
 *   department d, January .. M:
 *     monthly deduction  = points_per_complaint x responsible escalations
 *     yearly             = count <= cap ? 0.1 x sum(monthly)
 *                                       : 5 + 0.5 x (count - cap), max 10
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "celltriage/noc.h"
#include "celltriage/report.h"

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

static long long
utc_epoch(int year, int month)
{
	/* Days from the civil date (H. Hinnant's algorithm): no timegm(). */
	long long y = year - (month <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long mp = (month + 9) % 12;
	long long doy = (153 * mp + 2) / 5;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (era * 146097 + doe - 719468) * 86400;
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
	*from = utc_epoch((int)y, (int)m);
	*to = m == 12 ? utc_epoch((int)y + 1, 1) : utc_epoch((int)y, (int)m + 1);
	return 0;
}

static void
count_add(struct ct_count **v, size_t *n, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].key, key)) {
			(*v)[i].n++;
			return;
		}
	*v = ct_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].key = ct_xstrdup(key);
	(*v)[*n].n = 1;
	(*n)++;
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

void
ct_month_compute(const struct ct_ticket *v, size_t n, const struct ct_event *const *ev,
		 const size_t *nev, const struct ct_profile *p, int year, int month,
		 long long subscribers, struct ct_month *m)
{
	long long ystart = utc_epoch(year, 1);
	/* Responsible escalations per department and month (1..12). */
	long long (*permonth)[13] = NULL;

	memset(m, 0, sizeof(*m));
	m->year = year;
	m->month = month;
	m->from = utc_epoch(year, month);
	m->to = month == 12 ? utc_epoch(year + 1, 1) : utc_epoch(year, month + 1);
	m->subscribers = subscribers > 0 ? subscribers : p->noc.subscribers;
	m->np = &p->noc;
	m->ndays = (int)((m->to - m->from) / 86400);
	m->by_day = ct_xcalloc((size_t)m->ndays, sizeof(*m->by_day));
	/* The stages in the lifecycle table's order. */
	m->nstages = CT_NSTAGE;
	for (size_t s = 0; s < m->nstages; s++)
		m->stages[s].stage = ct_stage_name((enum ct_stage_id)(CT_STAGE_FIRST + s));

	for (size_t i = 0; i < n; i++) {
		const struct ct_ticket *t = &v[i];
		long long at = ticket_time(t);
		int appeal = t->kind && !strcmp(t->kind, "appeal");
		const char *dept = t->department && *t->department ? t->department : "(unassigned)";
		char *ch;

		/* Seed 004: the year's escalations the company is responsible
		 * for, per department (an appeal judged invalid is not). */
		if (appeal && !t->invalid && at >= ystart && at < m->to) {
			struct ct_dept_fig *d = dept_get(m, dept);
			size_t k = (size_t)(d - m->depts);
			int mon = 1;

			permonth = ct_xrealloc(permonth, m->ndepts * sizeof(*permonth));
			if (k == m->ndepts - 1 && d->ytd_count == 0 && d->month_count == 0)
				memset(permonth[k], 0, sizeof(permonth[k]));
			while (mon < 12 && at >= utc_epoch(year, mon + 1))
				mon++;
			permonth[k][mon]++;
			d->ytd_count++;
			if (mon == month)
				d->month_count++;
		}
		if (at < m->from || at >= m->to)
			continue;
		m->total++;
		/* A valid channel complaint: lodged through a channel other than
		 * the hotline (the complaint's "channel"; none = hotline). */
		ch = ct_doc_string(t->complaint_json, "channel");
		if (!t->invalid && ch && *ch && strcmp(ch, "hotline"))
			m->valid++;
		free(ch);
		if (t->invalid)
			m->invalid++;
		if (t->kind && !strcmp(t->kind, "repeat"))
			m->repeat++;
		if (appeal)
			m->appeal++;
		if (ct_status_terminal(t->status))
			m->closed++;
		count_add(&m->by_cause, &m->ncause, t->cause ? t->cause : "(none)");
		count_add(&m->by_cell, &m->ncell, t->cell ? t->cell : "(none)");
		count_add(&m->by_department, &m->ndepartment, dept);
		m->by_grade[t->grade >= 1 && t->grade <= 3 ? t->grade : 0]++;
		m->by_day[(at - m->from) / 86400]++;
		if (ev && nev) {
			struct ct_stage *sv = NULL;
			size_t ns = 0;

			ct_ticket_stages(t, ev[i], nev[i], &p->dl, &sv, &ns);
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
	for (size_t k = 0; k < m->ndepts; k++) {
		struct ct_dept_fig *d = &m->depts[k];

		for (int mon = 1; mon <= month; mon++)
			d->ytd_sum += p->noc.points_per_complaint * (double)permonth[k][mon];
		d->month_points = p->noc.points_per_complaint * (double)d->month_count;
		d->yearly = ct_yearly_deduction(&p->noc, d->ytd_count, d->ytd_sum);
		d->over_cap = d->ytd_count > p->noc.deduction_cap;
	}
	free(permonth);
	if (m->ndepts)
		qsort(m->depts, m->ndepts, sizeof(*m->depts), dept_cmp);
	if (m->ncause)
		qsort(m->by_cause, m->ncause, sizeof(*m->by_cause), count_cmp);
	if (m->ncell)
		qsort(m->by_cell, m->ncell, sizeof(*m->by_cell), count_cmp);
	if (m->ndepartment)
		qsort(m->by_department, m->ndepartment, sizeof(*m->by_department), count_cmp);
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

/* ---------------------------------------------------------------------
 * Rendering. Rates are per 10,000 subscribers, two decimals; points one.
 */

static double
per10k(const struct ct_month *m, long long n)
{
	return m->subscribers > 0 ? 10000.0 * (double)n / (double)m->subscribers : NAN;
}

static double
round2(double x)
{
	return round(x * 100.0) / 100.0;
}

struct kpi {
	const char *name, *label;
	long long count;
	double rate, target;  /* rate NAN: counts against a count target */
	int met;              /* -1: unknown (no subscribers) */
};

static size_t
kpis(const struct ct_month *m, struct kpi k[4])
{
	k[0] = (struct kpi){ "complaints", "Complaints (hotline platform)", m->total,
			     per10k(m, m->total), m->np->target_per_10k, -1 };
	k[1] = (struct kpi){ "valid_channel", "Valid channel complaints", m->valid,
			     per10k(m, m->valid), m->np->target_valid_per_10k, -1 };
	k[2] = (struct kpi){ "repeat", "Repeat complaints", m->repeat, NAN,
			     m->np->target_repeat, m->repeat <= m->np->target_repeat };
	k[3] = (struct kpi){ "appeal", "Appeals", m->appeal, NAN, m->np->target_appeal,
			     m->appeal <= m->np->target_appeal };
	for (int i = 0; i < 2; i++)
		if (!isnan(k[i].rate))
			k[i].met = round2(k[i].rate) <= k[i].target;
	return 4;
}

static const char *
met_word(int met)
{
	return met < 0 ? "unknown" : met ? "met" : "MISSED";
}

void
ct_month_text(struct ct_buf *b, const struct ct_month *m)
{
	struct kpi k[4];
	size_t nk = kpis(m, k);

	ct_buf_printf(b, "complaint figures %04d-%02d: %lld complaint%s", m->year, m->month,
		      m->total, m->total == 1 ? "" : "s");
	if (m->subscribers > 0)
		ct_buf_printf(b, ", %lld subscribers\n", m->subscribers);
	else
		ct_buf_puts(b, ", subscribers unknown (give --subscribers N for rates)\n");
	ct_buf_puts(b, "\nTargets (seed 000)\n");
	for (size_t i = 0; i < nk; i++) {
		if (i < 2 && !isnan(k[i].rate))
			ct_buf_printf(b, "  %-30s %6lld  %7.2f per 10k  target %3g per 10k  %s\n",
				      k[i].label, k[i].count, k[i].rate, k[i].target, met_word(k[i].met));
		else if (i < 2)
			ct_buf_printf(b, "  %-30s %6lld  %7s per 10k  target %3g per 10k  %s\n",
				      k[i].label, k[i].count, "-", k[i].target, met_word(k[i].met));
		else
			ct_buf_printf(b, "  %-30s %6lld  %16s  target %3g          %s\n", k[i].label,
				      k[i].count, "", k[i].target, met_word(k[i].met));
	}
	ct_buf_printf(b, "  judged invalid %lld, closed %lld\n", m->invalid, m->closed);
	ct_buf_puts(b, "\nBy grade\n");
	for (int g = 1; g <= 3; g++)
		ct_buf_printf(b, "  grade %d  %6lld\n", g, m->by_grade[g]);
	if (m->by_grade[0])
		ct_buf_printf(b, "  other    %6lld\n", m->by_grade[0]);
	ct_buf_puts(b, "\nBy cause\n");
	for (size_t i = 0; i < m->ncause; i++)
		ct_buf_printf(b, "  %-28s %6lld\n", m->by_cause[i].key, m->by_cause[i].n);
	ct_buf_puts(b, "\nBy cell\n");
	for (size_t i = 0; i < m->ncell; i++)
		ct_buf_printf(b, "  %-28s %6lld\n", m->by_cell[i].key, m->by_cell[i].n);
	ct_buf_puts(b, "\nBy department\n");
	for (size_t i = 0; i < m->ndepartment; i++)
		ct_buf_printf(b, "  %-28s %6lld\n", m->by_department[i].key, m->by_department[i].n);
	ct_buf_puts(b, "\nDeadlines (stages finished in time / finished; still running past the limit)\n");
	for (size_t i = 0; i < m->nstages; i++)
		ct_buf_printf(b, "  %-9s %5lld / %-5lld  overdue %lld\n", m->stages[i].stage,
			      m->stages[i].met, m->stages[i].finished, m->stages[i].running_overdue);
	ct_buf_printf(b, "\nDepartment deductions (seed 004; %g point%s per responsible escalation, "
		      "cap %d a year)\n", m->np->points_per_complaint,
		      m->np->points_per_complaint == 1 ? "" : "s", m->np->deduction_cap);
	if (m->ndepts == 0)
		ct_buf_puts(b, "  none\n");
	for (size_t i = 0; i < m->ndepts; i++) {
		const struct ct_dept_fig *d = &m->depts[i];

		ct_buf_printf(b, "  %-20s month %lld (%.1f pt)  year %lld, sum %.1f  ->  %.2f pt (%s)\n",
			      d->department, d->month_count, d->month_points, d->ytd_count,
			      d->ytd_sum, d->yearly, d->over_cap ? "over the cap" : "within the cap");
	}
}

static json_t *
counts_json(const struct ct_count *v, size_t n, const char *key)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:o, s:I}", key, ct_json_str(v[i].key),
						   "count", (json_int_t)v[i].n));
	return a;
}

static json_t *
jnum2(double x)
{
	return isnan(x) ? json_null() : json_real(round2(x));
}

json_t *
ct_month_to_json(const struct ct_month *m)
{
	struct kpi k[4];
	size_t nk = kpis(m, k);
	json_t *o = json_object(), *t = json_object(), *a, *g = json_object();
	char buf[32];

	snprintf(buf, sizeof(buf), "%04d-%02d", m->year % 10000, m->month % 100);
	json_object_set_new(o, "month", json_string(buf));
	ct_fmt_time(buf, sizeof(buf), m->from);
	json_object_set_new(o, "from", json_string(buf));
	ct_fmt_time(buf, sizeof(buf), m->to);
	json_object_set_new(o, "to", json_string(buf));
	json_object_set_new(o, "subscribers", m->subscribers > 0 ? json_integer(m->subscribers)
								: json_null());
	for (size_t i = 0; i < nk; i++) {
		json_t *x = json_object();

		json_object_set_new(x, "count", json_integer(k[i].count));
		if (i < 2) {
			json_object_set_new(x, "per_10k", jnum2(k[i].rate));
			json_object_set_new(x, "target_per_10k", json_real(k[i].target));
		} else {
			json_object_set_new(x, "target", json_integer((json_int_t)k[i].target));
		}
		json_object_set_new(x, "met", k[i].met < 0 ? json_null() : json_boolean(k[i].met));
		json_object_set_new(t, k[i].name, x);
	}
	json_object_set_new(o, "targets", t);
	json_object_set_new(o, "total", json_integer(m->total));
	json_object_set_new(o, "invalid", json_integer(m->invalid));
	json_object_set_new(o, "closed", json_integer(m->closed));
	for (int i = 1; i <= 3; i++) {
		snprintf(buf, sizeof(buf), "%d", i);
		json_object_set_new(g, buf, json_integer(m->by_grade[i]));
	}
	if (m->by_grade[0])
		json_object_set_new(g, "other", json_integer(m->by_grade[0]));
	json_object_set_new(o, "by_grade", g);
	json_object_set_new(o, "by_cause", counts_json(m->by_cause, m->ncause, "cause"));
	json_object_set_new(o, "by_cell", counts_json(m->by_cell, m->ncell, "cell"));
	json_object_set_new(o, "by_department",
			    counts_json(m->by_department, m->ndepartment, "department"));
	a = json_array();
	for (int d = 0; d < m->ndays; d++)
		json_array_append_new(a, json_integer(m->by_day[d]));
	json_object_set_new(o, "by_day", a);
	a = json_array();
	for (size_t i = 0; i < m->nstages; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I}", "stage", m->stages[i].stage,
						   "finished", (json_int_t)m->stages[i].finished,
						   "met", (json_int_t)m->stages[i].met, "running_overdue",
						   (json_int_t)m->stages[i].running_overdue));
	json_object_set_new(o, "deadlines", a);
	a = json_array();
	for (size_t i = 0; i < m->ndepts; i++) {
		const struct ct_dept_fig *d = &m->depts[i];

		json_array_append_new(a, json_pack("{s:o, s:I, s:o, s:I, s:o, s:i, s:b, s:o}",
			"department", ct_json_str(d->department), "month_count",
			(json_int_t)d->month_count, "month_points", json_real(round2(d->month_points)),
			"year_count", (json_int_t)d->ytd_count, "year_sum", json_real(round2(d->ytd_sum)),
			"cap", m->np->deduction_cap, "over_cap", d->over_cap,
			"yearly_deduction", json_real(round2(d->yearly))));
	}
	json_object_set_new(o, "deductions", a);
	return o;
}

/* CSV: one figure per row (section, key, count, per_10k, target, met,
 * points); points only for the deductions. */
static void
csv_row(struct ct_buf *b, const char *section, const char *key, long long count, double rate,
	double target, int has_target, int met)
{
	ct_csv_field(b, section);
	ct_buf_puts(b, ",");
	ct_csv_field(b, key);
	ct_buf_printf(b, ",%lld,", count);
	if (!isnan(rate))
		ct_buf_printf(b, "%.2f", rate);
	ct_buf_puts(b, ",");
	if (has_target)
		ct_buf_printf(b, "%g", target);
	ct_buf_printf(b, ",%s,\n", met < 0 ? "" : met ? "yes" : "no");
}

void
ct_month_csv(struct ct_buf *b, const struct ct_month *m)
{
	struct kpi k[4];
	size_t nk = kpis(m, k);
	char buf[64];

	ct_buf_puts(b, "section,key,count,per_10k,target,met,points\n");
	for (size_t i = 0; i < nk; i++)
		csv_row(b, "target", k[i].name, k[i].count, k[i].rate, k[i].target, 1, k[i].met);
	csv_row(b, "total", "invalid", m->invalid, NAN, 0, 0, -1);
	csv_row(b, "total", "closed", m->closed, NAN, 0, 0, -1);
	for (int g = 1; g <= 3; g++) {
		snprintf(buf, sizeof(buf), "%d", g);
		csv_row(b, "grade", buf, m->by_grade[g], per10k(m, m->by_grade[g]), 0, 0, -1);
	}
	for (size_t i = 0; i < m->ncause; i++)
		csv_row(b, "cause", m->by_cause[i].key, m->by_cause[i].n, per10k(m, m->by_cause[i].n),
			0, 0, -1);
	for (size_t i = 0; i < m->ncell; i++)
		csv_row(b, "cell", m->by_cell[i].key, m->by_cell[i].n, per10k(m, m->by_cell[i].n),
			0, 0, -1);
	for (size_t i = 0; i < m->ndepartment; i++)
		csv_row(b, "department", m->by_department[i].key, m->by_department[i].n,
			per10k(m, m->by_department[i].n), 0, 0, -1);
	for (size_t i = 0; i < m->nstages; i++) {
		snprintf(buf, sizeof(buf), "%s_finished", m->stages[i].stage);
		csv_row(b, "deadline", buf, m->stages[i].finished, NAN, 0, 0, -1);
		snprintf(buf, sizeof(buf), "%s_met", m->stages[i].stage);
		csv_row(b, "deadline", buf, m->stages[i].met, NAN, 0, 0, -1);
		snprintf(buf, sizeof(buf), "%s_overdue", m->stages[i].stage);
		csv_row(b, "deadline", buf, m->stages[i].running_overdue, NAN, 0, 0, -1);
	}
	/* Deductions: the month's responsible escalations with the month's
	 * points; the year's count against the cap with the yearly points. */
	for (size_t i = 0; i < m->ndepts; i++) {
		const struct ct_dept_fig *d = &m->depts[i];

		ct_buf_puts(b, "deduction_month,");
		ct_csv_field(b, d->department);
		ct_buf_printf(b, ",%lld,,,,%.2f\n", d->month_count, d->month_points);
		ct_buf_puts(b, "deduction_year,");
		ct_csv_field(b, d->department);
		ct_buf_printf(b, ",%lld,,%d,%s,%.2f\n", d->ytd_count, m->np->deduction_cap,
			      d->over_cap ? "no" : "yes", d->yearly);
	}
}
