/*
 * month_html.c — the monthly figures as one self-contained HTML page
 * (report.h ct_month_html): inline CSS and inline SVG charts,
 * no script, no font, no image or style sheet from anywhere else, so the
 * file can be mailed or archived and opens the same everywhere.
 *
 *   +--------------------------------------------------------------+
 *   | Complaint figures, November 2026            subscribers ...  |
 *   | [rate vs target] [valid vs target] [repeat] [appeals]  cards |
 *   | complaints per day (columns)                                 |
 *   | by cause (bars)              | by grade, department (bars)   |
 *   | deadlines met (bars %)       | top cells (table)             |
 *   | department deductions (table, the rule spelled out)          |
 *   +--------------------------------------------------------------+
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/noc.h"
#include "celltriage/report.h"

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"
};

/* Text into HTML (element content and quoted attributes). */
static void
esc(struct ct_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': ct_buf_puts(b, "&amp;"); break;
		case '<': ct_buf_puts(b, "&lt;"); break;
		case '>': ct_buf_puts(b, "&gt;"); break;
		case '"': ct_buf_puts(b, "&quot;"); break;
		case '\'': ct_buf_puts(b, "&#39;"); break;
		default: ct_buf_add(b, s, 1);
		}
	}
}

static const char css[] =
	"*{box-sizing:border-box}"
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;"
	"margin:0;background:#f3f5f8;color:#1c2430}"
	"header{background:#1d3557;color:#fff;padding:22px 32px}"
	"header h1{margin:0;font-size:26px;font-weight:600}"
	"header p{margin:6px 0 0;color:#c9d6ea;font-size:14px}"
	"main{padding:20px 32px 32px;max-width:1200px}"
	".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-bottom:18px}"
	".card{background:#fff;border-radius:8px;padding:14px 16px;border-top:5px solid #999;"
	"box-shadow:0 1px 3px rgba(0,0,0,.08)}"
	".card.ok{border-top-color:#2a9d8f}.card.bad{border-top-color:#e63946}"
	".card .label{font-size:13px;color:#56627a}"
	".card .value{font-size:30px;font-weight:650;margin:4px 0}"
	".card .value small{font-size:14px;font-weight:400;color:#56627a}"
	".card .target{font-size:13px;color:#56627a}"
	".card .verdict{font-size:13px;font-weight:600}"
	".ok .verdict{color:#2a9d8f}.bad .verdict{color:#e63946}"
	".grid{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-bottom:14px}"
	"section{background:#fff;border-radius:8px;padding:14px 18px;"
	"box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:14px}"
	"section h2{font-size:16px;margin:0 0 10px;font-weight:600}"
	"svg{display:block;width:100%;height:auto}"
	"svg text{font-size:12px;fill:#1c2430}"
	"table{border-collapse:collapse;width:100%;font-size:13px}"
	"th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e8ef}"
	"th{color:#56627a;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	".note{font-size:12px;color:#56627a;margin-top:8px}"
	".pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff}"
	".pill.ok{background:#2a9d8f}.pill.bad{background:#e63946}"
	"footer{font-size:12px;color:#56627a;padding:0 32px 24px}";

static void
card(struct ct_buf *b, const char *label, const char *value, const char *unit, const char *target,
     int met)
{
	ct_buf_printf(b, "<div class=\"card %s\"><div class=\"label\">", met < 0 ? "" : met ? "ok" : "bad");
	esc(b, label);
	ct_buf_puts(b, "</div><div class=\"value\">");
	esc(b, value);
	ct_buf_puts(b, " <small>");
	esc(b, unit);
	ct_buf_puts(b, "</small></div><div class=\"target\">");
	esc(b, target);
	ct_buf_printf(b, "</div><div class=\"verdict\">%s</div></div>\n",
		      met < 0 ? "no subscriber count" : met ? "&#10003; on target" : "&#10007; above target");
}

/* Horizontal bars: label, bar, value; max rows rows. */
static void
hbars(struct ct_buf *b, const struct ct_count *v, size_t n, size_t max, const char *color)
{
	long long top = 1;
	size_t rows = n < max ? n : max;
	int lw = 190, bw = 330, rh = 24;

	for (size_t i = 0; i < rows; i++)
		if (v[i].n > top)
			top = v[i].n;
	if (rows == 0) {
		ct_buf_puts(b, "<p class=\"note\">no complaints</p>\n");
		return;
	}
	ct_buf_printf(b, "<svg viewBox=\"0 0 %d %zu\" role=\"img\">\n", lw + bw + 50,
		      rows * (size_t)rh + 4);
	for (size_t i = 0; i < rows; i++) {
		int w = (int)((double)bw * (double)v[i].n / (double)top + 0.5);
		size_t y = i * (size_t)rh;

		ct_buf_printf(b, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">", lw - 8, y + 16);
		esc(b, v[i].key);
		ct_buf_printf(b, "</text><rect x=\"%d\" y=\"%zu\" width=\"%d\" height=\"%d\" rx=\"3\" "
			      "fill=\"%s\"/><text x=\"%d\" y=\"%zu\">%lld</text>\n", lw, y + 4,
			      w > 1 ? w : 1, rh - 8, color, lw + w + 6, y + 16, v[i].n);
	}
	ct_buf_puts(b, "</svg>\n");
	if (n > max)
		ct_buf_printf(b, "<p class=\"note\">%zu more not shown</p>\n", n - max);
}

/* Complaints per day: columns with the daily average as a line. */
static void
day_columns(struct ct_buf *b, const struct ct_month *m)
{
	long long top = 1;
	int W = 1100, H = 200, left = 40, bottom = 24, plot = H - bottom - 10;
	double cw = (double)(W - left - 10) / (m->ndays ? m->ndays : 1);
	double avg = m->ndays ? (double)m->total / m->ndays : 0;

	for (int d = 0; d < m->ndays; d++)
		if (m->by_day[d] > top)
			top = m->by_day[d];
	ct_buf_printf(b, "<svg viewBox=\"0 0 %d %d\" role=\"img\">\n", W, H);
	ct_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa5b8\"/>\n",
		      left, 10 + plot, W - 10, 10 + plot);
	ct_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>"
		      "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n",
		      left - 6, 16, top, left - 6, 10 + plot);
	for (int d = 0; d < m->ndays; d++) {
		double h = (double)plot * (double)m->by_day[d] / (double)top;
		double x = left + d * cw + cw * 0.15;

		ct_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			      "fill=\"#457b9d\"><title>day %d: %lld</title></rect>\n", x,
			      10 + plot - h, cw * 0.7, h, d + 1, m->by_day[d]);
		if (d == 0 || (d + 1) % 5 == 0)
			ct_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
				      left + d * cw + cw / 2, H - 6, d + 1);
	}
	if (m->total) {
		double y = 10 + plot - (double)plot * avg / (double)top;

		/* The mean's label sits in the margin left of the axis, where no
		 * column can cover it. */
		ct_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e76f51\" "
			      "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" "
			      "text-anchor=\"end\" fill=\"#e76f51\">%.1f</text>\n", left, y, W - 10, y,
			      left - 6, y + 4, avg);
	}
	ct_buf_puts(b, "</svg>\n");
}

/* Deadlines: percent met per stage as bars against 100%. */
static void
deadline_bars(struct ct_buf *b, const struct ct_month *m)
{
	int lw = 90, bw = 260, rh = 26;

	ct_buf_printf(b, "<svg viewBox=\"0 0 %d %zu\" role=\"img\">\n", lw + bw + 200,
		      m->nstages * (size_t)rh + 4);
	for (size_t i = 0; i < m->nstages; i++) {
		const struct ct_stage_fig *f = &m->stages[i];
		double pct = f->finished ? 100.0 * (double)f->met / (double)f->finished : 0;
		int w = (int)(bw * pct / 100.0 + 0.5);
		size_t y = i * (size_t)rh;
		const char *col = pct >= 95 ? "#2a9d8f" : pct >= 80 ? "#e9c46a" : "#e63946";

		ct_buf_printf(b, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">%s</text>"
			      "<rect x=\"%d\" y=\"%zu\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"#e4e8ef\"/>",
			      lw - 8, y + 17, f->stage, lw, y + 5, bw, rh - 10);
		if (f->finished)
			ct_buf_printf(b, "<rect x=\"%d\" y=\"%zu\" width=\"%d\" height=\"%d\" rx=\"3\" "
				      "fill=\"%s\"/><text x=\"%d\" y=\"%zu\">%.0f%% (%lld/%lld)</text>", lw, y + 5, w,
				      rh - 10, col, lw + bw + 8, y + 17, pct, f->met, f->finished);
		else
			ct_buf_printf(b, "<text x=\"%d\" y=\"%zu\">none finished</text>", lw + bw + 8,
				      y + 17);
		if (f->running_overdue)
			ct_buf_printf(b, "<text x=\"%d\" y=\"%zu\" fill=\"#e63946\">+%lld overdue</text>",
				      lw + bw + 112, y + 17, f->running_overdue);
		ct_buf_puts(b, "\n");
	}
	ct_buf_puts(b, "</svg>\n");
}

void
ct_month_html(struct ct_buf *b, const struct ct_month *m)
{
	const char *mname = m->month >= 1 && m->month <= 12 ? month_names[m->month - 1] : "?";
	char v[64], t[96];
	struct ct_count grades[3];
	char gk[3][24];
	double r;

	ct_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		      "<title>Complaint figures %s %d</title>\n<style>%s</style></head><body>\n",
		      mname, m->year, css);
	ct_buf_printf(b, "<header><h1>Complaint figures &middot; %s %d</h1><p>", mname, m->year);
	if (m->subscribers > 0)
		ct_buf_printf(b, "%lld subscribers &middot; ", m->subscribers);
	ct_buf_printf(b, "%lld complaint%s &middot; %lld closed &middot; %lld judged invalid</p>"
		      "</header>\n<main>\n<div class=\"cards\">\n", m->total,
		      m->total == 1 ? "" : "s", m->closed, m->invalid);

	r = m->subscribers > 0 ? 10000.0 * (double)m->total / (double)m->subscribers : NAN;
	snprintf(v, sizeof(v), isnan(r) ? "%.0f" : "%.2f", isnan(r) ? (double)m->total : r);
	snprintf(t, sizeof(t), "target %g per 10k", m->np->target_per_10k);
	card(b, "Complaints, hotline platform", v, isnan(r) ? "complaints" : "per 10k", t,
	     isnan(r) ? -1 : round(r * 100) / 100 <= m->np->target_per_10k);
	r = m->subscribers > 0 ? 10000.0 * (double)m->valid / (double)m->subscribers : NAN;
	snprintf(v, sizeof(v), isnan(r) ? "%.0f" : "%.2f", isnan(r) ? (double)m->valid : r);
	snprintf(t, sizeof(t), "target %g per 10k", m->np->target_valid_per_10k);
	card(b, "Valid channel complaints", v, isnan(r) ? "complaints" : "per 10k", t,
	     isnan(r) ? -1 : round(r * 100) / 100 <= m->np->target_valid_per_10k);
	snprintf(v, sizeof(v), "%lld", m->repeat);
	snprintf(t, sizeof(t), "target %d", m->np->target_repeat);
	card(b, "Repeat complaints", v, "", t, m->repeat <= m->np->target_repeat);
	snprintf(v, sizeof(v), "%lld", m->appeal);
	snprintf(t, sizeof(t), "target %d", m->np->target_appeal);
	card(b, "Appeals", v, "", t, m->appeal <= m->np->target_appeal);
	ct_buf_puts(b, "</div>\n");

	ct_buf_printf(b, "<section><h2>Complaints per day <span style=\"font-weight:400;"
		      "color:#e76f51;font-size:14px\">&#9476; mean %.1f a day</span></h2>\n",
		      m->ndays ? (double)m->total / m->ndays : 0.0);
	day_columns(b, m);
	ct_buf_puts(b, "</section>\n<div class=\"grid\">\n<section><h2>By cause</h2>\n");
	hbars(b, m->by_cause, m->ncause, 10, "#1d3557");
	ct_buf_puts(b, "</section>\n<section><h2>By grade</h2>\n");
	for (int g = 0; g < 3; g++) {
		snprintf(gk[g], sizeof(gk[g]), "grade %d", g + 1);
		grades[g].key = gk[g];
		grades[g].n = m->by_grade[g + 1];
	}
	hbars(b, grades, 3, 3, "#e76f51");
	ct_buf_puts(b, "<h2 style=\"margin-top:14px\">By department</h2>\n");
	hbars(b, m->by_department, m->ndepartment, 6, "#2a9d8f");
	ct_buf_puts(b, "</section>\n</div>\n<div class=\"grid\">\n"
		    "<section><h2>Deadlines met (stages finished in time)</h2>\n");
	deadline_bars(b, m);
	ct_buf_puts(b, "<p class=\"note\">Limits from the profile (provincial complaint-handling "
		    "flow). "
		    "+N overdue: still running past their limit at the month's end.</p>"
		    "</section>\n<section><h2>Cells with most complaints</h2>\n"
		    "<table><tr><th>cell</th><th class=\"n\">complaints</th>"
		    "<th class=\"n\">per 10k</th></tr>\n");
	for (size_t i = 0; i < m->ncell && i < 8; i++) {
		ct_buf_puts(b, "<tr><td>");
		esc(b, m->by_cell[i].key);
		ct_buf_printf(b, "</td><td class=\"n\">%lld</td><td class=\"n\">", m->by_cell[i].n);
		if (m->subscribers > 0)
			ct_buf_printf(b, "%.2f", 10000.0 * (double)m->by_cell[i].n / (double)m->subscribers);
		else
			ct_buf_puts(b, "&ndash;");
		ct_buf_puts(b, "</td></tr>\n");
	}
	ct_buf_puts(b, "</table></section>\n</div>\n");

	ct_buf_puts(b, "<section><h2>Department deductions (provincial complaint-handling flow)</h2>\n"
		    "<table><tr><th>department</th><th class=\"n\">escalations this month</th>"
		    "<th class=\"n\">monthly points</th><th class=\"n\">escalations this year</th>"
		    "<th class=\"n\">sum of monthly points</th><th>cap</th>"
		    "<th class=\"n\">yearly deduction</th></tr>\n");
	if (m->ndepts == 0)
		ct_buf_puts(b, "<tr><td colspan=\"7\">no escalated complaints this year</td></tr>\n");
	for (size_t i = 0; i < m->ndepts; i++) {
		const struct ct_dept_fig *d = &m->depts[i];

		ct_buf_puts(b, "<tr><td>");
		esc(b, d->department);
		ct_buf_printf(b, "</td><td class=\"n\">%lld</td><td class=\"n\">%.1f</td>"
			      "<td class=\"n\">%lld</td><td class=\"n\">%.1f</td>"
			      "<td><span class=\"pill %s\">%s %d</span></td>"
			      "<td class=\"n\"><b>%.2f</b></td></tr>\n", d->month_count, d->month_points,
			      d->ytd_count, d->ytd_sum, d->over_cap ? "bad" : "ok",
			      d->over_cap ? "over cap" : "within cap", m->np->deduction_cap, d->yearly);
	}
	ct_buf_printf(b, "</table><p class=\"note\">Monthly points = %g &times; the month's escalated "
		      "complaints the department is responsible for (appeals not judged invalid). "
		      "Yearly: within the cap %g &times; the sum of the monthly points; above it "
		      "%g + %g &times; (count above the cap); at most %g points.</p></section>\n",
		      m->np->points_per_complaint, m->np->within_factor, m->np->over_base,
		      m->np->over_step, m->np->max_points);
	ct_buf_printf(b, "</main>\n<footer>celltriage ticket report &middot; %04d-%02d &middot; "
		      "figures from the ticket store; targets and deduction rule from the profile"
		      "</footer>\n</body></html>\n", m->year % 10000, m->month % 100);
}
