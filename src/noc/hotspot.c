/*
 * hotspot.c — the NOC's hotspot (batch) detection (noc.h; provincial
 * complaint-handling flow: "many complaints about one cell, area, service
 * or keyword in a short window raise an alarm ... so the batch is found
 * early"), and filing a hot place's tickets as a batch.
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "celltriage/noc.h"
#include "celltriage/store.h"

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

int
ct_hot_test(long long count, long long base, const struct ct_hot_params *hp, double *expected,
	    double *p)
{
	double scale = hp->baseline_s > 0 ? (double)hp->window_s / (double)hp->baseline_s : 1.0;

	*expected = (base > hp->floor ? (double)base : hp->floor) * scale;
	*p = ct_poisson_upper(count, *expected);
	return count >= hp->min_count && *p <= hp->p_max;
}

/* One place being counted. */
struct acc {
	const char *level;
	char *place;
	long long count, base;
	long long *ids;
	size_t nids, cap;
};

/* The places in the order first seen, and an open-addressing index of
 * them (slot: position + 1, 0 empty): a store of a million tickets has a
 * hundred thousand in the window and baseline, over thousands of places. */
struct accs {
	struct acc *v;
	size_t n, cap;
	size_t *slot, nslots;
};

/* FNV-1a of the place, mixed with its level (one of three constants). */
static size_t
acc_hash(const char *level, const char *place)
{
	size_t h = (size_t)14695981039346656037ULL ^ (size_t)(uintptr_t)level;

	for (const unsigned char *p = (const unsigned char *)place; *p; p++)
		h = (h ^ *p) * (size_t)1099511628211ULL;
	return h;
}

static void
acc_reindex(struct accs *a)
{
	free(a->slot);
	a->nslots = a->nslots ? a->nslots * 2 : 256;
	a->slot = ct_xcalloc(a->nslots, sizeof(*a->slot));
	for (size_t i = 0; i < a->n; i++) {
		size_t k = acc_hash(a->v[i].level, a->v[i].place) & (a->nslots - 1);

		while (a->slot[k])
			k = (k + 1) & (a->nslots - 1);
		a->slot[k] = i + 1;
	}
}

static struct acc *
acc_get(struct accs *a, const char *level, const char *place)
{
	size_t k;

	if ((a->n + 1) * 2 > a->nslots)
		acc_reindex(a);
	for (k = acc_hash(level, place) & (a->nslots - 1); a->slot[k]; k = (k + 1) & (a->nslots - 1)) {
		struct acc *x = &a->v[a->slot[k] - 1];

		if (x->level == level && !strcmp(x->place, place))
			return x;
	}
	a->v = ct_xgrow(a->v, a->n + 1, &a->cap, sizeof(*a->v));
	memset(&a->v[a->n], 0, sizeof(a->v[a->n]));
	a->v[a->n].level = level;
	a->v[a->n].place = ct_xstrdup(place);
	a->slot[k] = a->n + 1;
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
	struct accs a = { NULL, 0, 0, NULL, 0 };
	struct ct_hotspot *h = NULL;
	size_t nh = 0, cap = 0;
	long long wstart = hp->now - hp->window_s, bstart = wstart - hp->baseline_s;
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

			if ((pass == 0) != !strcmp(x->level, "cell") ||
			    !ct_hot_test(x->count, x->base, hp, &mu, &p))
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
	free(a.slot);
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

void
ct_hot_batch_id(char *buf, size_t n, const char *place, long long now)
{
	char day[32];

	ct_fmt_time(day, sizeof(day), now);
	day[10] = '\0';
	snprintf(buf, n, "hot-%s-%s", place, day);
}

int
ct_hotspots_file_batches(struct ct_store *st, const struct ct_hotspot *h, size_t nh,
			 const struct ct_ticket *v, size_t nv, const char *who, long long now,
			 size_t *added, struct ct_err *err)
{
	/* A ticket is in one batch: the most specific hot place takes it (a
	 * cell before its area, an area before a cause) and the others leave
	 * it there, so each batch keeps the tickets it is said to have. */
	long long *taken = NULL;
	size_t ntaken = 0, cap = 0;
	int rc = 0;

	for (size_t n = 0; !rc && n < nh * 3; n++) {
		size_t i = n % nh;
		char id[300], cause[300];
		long long *add;
		size_t nadd = 0;

		/* Pass n / nh takes the places of that specificity. */
		if (level_rank(h[i].level) != (int)(n / nh))
			continue;
		add = ct_xcalloc(h[i].ntickets + 1, sizeof(*add));
		ct_hot_batch_id(id, sizeof(id), h[i].place, now);
		snprintf(cause, sizeof(cause), "hotspot:%s:%s", h[i].level, h[i].place);
		rc = ct_store_batch_create(st, id, cause, who, now, err);
		if (rc && rc != CT_ESTATE) {
			free(add);
			break;
		}
		/* Tickets already in this batch are not added again, nor those an
		 * earlier place of this run took. */
		for (size_t j = 0; j < h[i].ntickets; j++) {
			int in = 0;

			for (size_t k = 0; k < nv; k++)
				if (v[k].id == h[i].tickets[j]) {
					in = v[k].batch && !strcmp(v[k].batch, id);
					break;
				}
			for (size_t k = 0; !in && k < ntaken; k++)
				in = taken[k] == h[i].tickets[j];
			if (!in)
				add[nadd++] = h[i].tickets[j];
		}
		rc = nadd ? ct_store_batch_add(st, id, add, nadd, who, now, err) : 0;
		for (size_t j = 0; !rc && j < nadd; j++) {
			taken = ct_xgrow(taken, ntaken + 1, &cap, sizeof(*taken));
			taken[ntaken++] = add[j];
		}
		free(add);
		if (!rc)
			added[i] = nadd;
	}
	free(taken);
	return rc;
}
