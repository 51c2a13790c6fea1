/*
 * hotspot.c — hotspot (batch) detection for the NOC (noc.h; issue 5 item 5,
 * SPEC §4 / seed 004: "many complaints about one cell, area, service or
 * keyword in a short window raise an alarm ... so the batch is found early").
 *
 *   time --->   [ baseline period B              )[ window W   ]
 *               now-W-B                     now-W             now
 *   per place:  b complaints                       k complaints
 *
 *   expected  mu = max(b, floor) * W / B
 *   p-value   P(X >= k | Poisson(mu)) = gsl_cdf_poisson_Q(k - 1, mu)
 *   hot       p <= p_max  and  k >= min_count
 *
 * One-sided: only an excess is an alarm. Each place is compared with its
 * own history, so a busy city cell is not "hot" for being busy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "celltriage/noc.h"
#include "celltriage/report.h"

void
ct_hot_params_from_profile(const struct ct_profile *p, long long now, struct ct_hot_params *hp)
{
	memset(hp, 0, sizeof(*hp));
	hp->now = now;
	hp->window_s = p->noc.hot_window_s;
	hp->baseline_s = p->noc.hot_baseline_s;
	hp->p_max = p->noc.hot_p_max;
	hp->floor = p->noc.hot_baseline_floor;
	hp->min_count = p->noc.hot_min_count;
	hp->levels = CT_HOT_CELL | CT_HOT_AREA | CT_HOT_CAUSE;
}

double
ct_poisson_upper(long long k, double mu)
{
	if (k <= 0)
		return 1.0;
	if (mu <= 0)
		return 0.0;
	/* GSL's Q(k, mu) is P(X > k), so P(X >= k) is Q(k - 1). */
	return gsl_cdf_poisson_Q((unsigned int)(k - 1 > 4000000000LL ? 4000000000LL : k - 1), mu);
}

/* One place being counted. */
struct acc {
	const char *level;
	char *place;
	long long count, base;
	long long *ids;
	size_t nids, cap;
};

struct accs {
	struct acc *v;
	size_t n, cap;
};

static struct acc *
acc_get(struct accs *a, const char *level, const char *place)
{
	/* Linear search per level: the number of places with a complaint in
	 * the baseline or the window is small next to the tickets read. */
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].level == level && !strcmp(a->v[i].place, place))
			return &a->v[i];
	a->v = ct_xgrow(a->v, a->n + 1, &a->cap, sizeof(*a->v));
	memset(&a->v[a->n], 0, sizeof(a->v[a->n]));
	a->v[a->n].level = level;
	a->v[a->n].place = ct_xstrdup(place);
	return &a->v[a->n++];
}

static void
acc_count(struct accs *a, const char *level, const char *place, int in_window, long long id)
{
	struct acc *x = acc_get(a, level, place);

	if (!in_window) {
		x->base++;
		return;
	}
	x->count++;
	x->ids = ct_xgrow(x->ids, x->nids + 1, &x->cap, sizeof(*x->ids));
	x->ids[x->nids++] = id;
}

static int
cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int
level_rank(const char *l)
{
	return !strcmp(l, "cell") ? 0 : !strcmp(l, "area") ? 1 : 2;
}

static int
cmp_hot(const void *a, const void *b)
{
	const struct ct_hotspot *x = a, *y = b;

	if (x->p_value != y->p_value)
		return x->p_value < y->p_value ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (level_rank(x->level) != level_rank(y->level))
		return level_rank(x->level) - level_rank(y->level);
	return strcmp(x->place, y->place);
}

/* 1 when every id of ids is among the tickets of one hot cell of out. */
static int
inside_one_hot_cell(const long long *ids, size_t n, const struct ct_hotspot *out, size_t nout)
{
	for (size_t i = 0; i < nout; i++) {
		size_t j;

		if (strcmp(out[i].level, "cell"))
			continue;
		for (j = 0; j < n; j++)
			if (!bsearch(&ids[j], out[i].tickets, out[i].ntickets, sizeof(*ids), cmp_id))
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

void
ct_hotspots_find(const struct ct_ticket *v, size_t n, const struct ct_hot_params *hp,
		 struct ct_hotspot **out, size_t *nout)
{
	struct accs a = { NULL, 0, 0 };
	struct ct_hotspot *h = NULL;
	size_t nh = 0, cap = 0;
	long long wstart = hp->now - hp->window_s, bstart = wstart - hp->baseline_s;
	double scale = hp->baseline_s > 0 ? (double)hp->window_s / (double)hp->baseline_s : 1.0;
	char area[256];

	for (size_t i = 0; i < n; i++) {
		long long at = v[i].received_at > 0 ? v[i].received_at : v[i].filed_at;
		int in_window;

		if (at < bstart || at > hp->now)
			continue;
		in_window = at >= wstart;
		if (v[i].cell && (hp->levels & CT_HOT_CELL))
			acc_count(&a, "cell", v[i].cell, in_window, v[i].id);
		if (v[i].cell && (hp->levels & CT_HOT_AREA) &&
		    ct_cell_area(v[i].cell, area, sizeof(area)) == 0)
			acc_count(&a, "area", area, in_window, v[i].id);
		if (v[i].cause && (hp->levels & CT_HOT_CAUSE))
			acc_count(&a, "cause", v[i].cause, in_window, v[i].id);
	}
	/* Cells first, so that areas and causes can be checked against them. */
	for (int pass = 0; pass < 2; pass++) {
		size_t first = nh;

		for (size_t i = 0; i < a.n; i++) {
			struct acc *x = &a.v[i];
			double mu, p;

			if ((pass == 0) != !strcmp(x->level, "cell") || x->count < hp->min_count)
				continue;
			mu = (x->base > hp->floor ? (double)x->base : hp->floor) * scale;
			p = ct_poisson_upper(x->count, mu);
			if (p > hp->p_max)
				continue;
			qsort(x->ids, x->nids, sizeof(*x->ids), cmp_id);
			if (pass == 1 && inside_one_hot_cell(x->ids, x->nids, h, first))
				continue;
			h = ct_xgrow(h, nh + 1, &cap, sizeof(*h));
			h[nh].level = x->level;
			h[nh].place = x->place;
			h[nh].count = x->count;
			h[nh].baseline_count = x->base;
			h[nh].expected = mu;
			h[nh].p_value = p;
			h[nh].tickets = x->ids;
			h[nh].ntickets = x->nids;
			x->place = NULL;   /* moved into h */
			x->ids = NULL;
			nh++;
		}
	}
	for (size_t i = 0; i < a.n; i++) {
		free(a.v[i].place);
		free(a.v[i].ids);
	}
	free(a.v);
	if (nh)
		qsort(h, nh, sizeof(*h), cmp_hot);
	*out = h;
	*nout = nh;
}

void
ct_hotspots_free(struct ct_hotspot *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].place);
		free(v[i].tickets);
	}
	free(v);
}

/* Rounded for people and scripts alike: 6 significant digits. */
static json_t *
jround(double x)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.6g", x);
	return json_real(strtod(buf, NULL));
}

json_t *
ct_hotspots_to_json(const struct ct_hotspot *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object(), *ids = json_array();
		int cell = !strcmp(v[i].level, "cell");

		for (size_t j = 0; j < v[i].ntickets; j++)
			json_array_append_new(ids, json_integer(v[i].tickets[j]));
		json_object_set_new(o, "level", json_string(v[i].level));
		json_object_set_new(o, "cell", cell ? ct_json_str(v[i].place) : json_null());
		if (cell) {
			char area[256];

			json_object_set_new(o, "area", ct_cell_area(v[i].place, area, sizeof(area)) == 0
						       ? ct_json_str(area) : json_null());
		} else {
			json_object_set_new(o, "area", !strcmp(v[i].level, "area")
						       ? ct_json_str(v[i].place) : json_null());
		}
		json_object_set_new(o, "cause", !strcmp(v[i].level, "cause")
						? ct_json_str(v[i].place) : json_null());
		json_object_set_new(o, "count", json_integer(v[i].count));
		json_object_set_new(o, "baseline", jround(v[i].expected));
		json_object_set_new(o, "baseline_count", json_integer(v[i].baseline_count));
		/* Full precision: scripts compare it with their own threshold. */
		json_object_set_new(o, "p_value", json_real(v[i].p_value));
		json_object_set_new(o, "tickets", ids);
		json_array_append_new(a, o);
	}
	return a;
}

void
ct_hotspots_text(struct ct_buf *b, const struct ct_hotspot *v, size_t n,
		 const struct ct_hot_params *hp)
{
	char tm[32], win[32], base[32];

	ct_fmt_time(tm, sizeof(tm), hp->now);
	if (hp->window_s % 3600 == 0)
		snprintf(win, sizeof(win), "%lldh", hp->window_s / 3600);
	else
		ct_fmt_duration(win, sizeof(win), hp->window_s);
	if (hp->baseline_s % 86400 == 0)
		snprintf(base, sizeof(base), "%lld days", hp->baseline_s / 86400);
	else
		ct_fmt_duration(base, sizeof(base), hp->baseline_s);
	ct_buf_printf(b, "hotspots at %s: window %s against the %s before it "
		      "(Poisson p <= %g, at least %d complaints)\n", tm, win, base, hp->p_max,
		      hp->min_count);
	if (n == 0) {
		ct_buf_puts(b, "no hotspots\n");
		return;
	}
	ct_buf_puts(b, "level  place                      count  expected  p-value    tickets\n");
	for (size_t i = 0; i < n; i++) {
		ct_buf_printf(b, "%-5s  %-25s  %5lld  %8.3g  %-9.3g ", v[i].level, v[i].place,
			      v[i].count, v[i].expected, v[i].p_value);
		for (size_t j = 0; j < v[i].ntickets; j++) {
			if (j == 12) {
				ct_buf_printf(b, " ... (%zu)", v[i].ntickets);
				break;
			}
			ct_buf_printf(b, " %lld", v[i].tickets[j]);
		}
		ct_buf_puts(b, "\n");
	}
}
