/*
 * month.c — the monthly figures (noc.h, computed by src/noc/month.c) as
 * text, JSON and CSV (report.h); month_html.c makes the HTML page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/noc.h"
#include "celltriage/report.h"

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
	ct_buf_puts(b, "\nTargets (complaint handling and assessment standard)\n");
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
	ct_buf_printf(b, "\nDepartment deductions (provincial complaint-handling flow; %g point%s per "
		      "responsible escalation, "
		      "cap %d a year)\n", m->np->points_per_complaint,
		      m->np->points_per_complaint == 1 ? "" : "s", m->np->deduction_cap);
	if (m->ndepts == 0)
		ct_buf_puts(b, "  none\n");
	for (size_t i = 0; i < m->ndepts; i++) {
		const struct ct_dept_fig *d = &m->depts[i];
		struct ct_buf name = CT_BUF_INIT;

		/* a department's name is typed text (util.h ct_buf_put_text) */
		ct_buf_put_text(&name, d->department);
		ct_buf_printf(b, "  %-20s month %lld (%.1f pt)  year %lld, sum %.1f  ->  %.2f pt (%s)\n",
			      ct_buf_str(&name), d->month_count, d->month_points, d->ytd_count,
			      d->ytd_sum, d->yearly, d->over_cap ? "over the cap" : "within the cap");
		ct_buf_free(&name);
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
