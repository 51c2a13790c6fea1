/*
 * test_noc2.c — the NOC's monitoring (noc.h): the Poisson tail against a
 * direct sum, hotspot detection (a planted burst is found, a steady cell is
 * not, an area inside one hot cell is not repeated), places, the deduction
 * rule (provincial complaint-handling flow) at its edges, month boundaries,
 * the month's figures on a known set of tickets, ticket annotation, and the
 * store's schema 4: migration from 3, knowledge linking, customer profiles;
 * a `knowledge add` racing a filing is not lost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "celltriage/noc.h"
#include "celltriage/profile.h"
#include "celltriage/report.h"
#include "celltriage/store.h"

#define NOV1 1793491200LL  /* 2026-11-01T00:00:00Z */
#define DEC1 1796083200LL  /* 2026-12-01T00:00:00Z */
#define DAY  86400LL

/* P(X >= k), X ~ Poisson(mu), by summing the mass function of the upper
 * tail term by term (k .. k + 400): an independent check of GSL's
 * incomplete-gamma route, exact to long double even for tiny tails. */
static double
tail_by_sum(long long k, double mu)
{
	long double term = expl(-(long double)mu), sum = 0;

	for (long long i = 0; i < k; i++)
		term *= (long double)mu / (long double)(i + 1);
	for (long long i = k; i < k + 400; i++) {
		sum += term;
		term *= (long double)mu / (long double)(i + 1);
	}
	return (double)sum;
}

/* Relative agreement to 1e-9. */
static int
close_rel(double got, double want)
{
	return fabs(got - want) <= 1e-9 * fabs(want);
}

static void
test_poisson_tail(void **state)
{
	static const struct { long long k; double mu; } cases[] = {
		{ 1, 2.0 }, { 3, 0.25 }, { 10, 4.0 }, { 5, 1.0 / 28 }, { 2, 0.5 }, { 20, 12.0 }
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double got = ct_poisson_upper(cases[i].k, cases[i].mu);
		double want = tail_by_sum(cases[i].k, cases[i].mu);

		assert_true(close_rel(got, want));
	}
	/* Values worked by hand: 1 - e^-2 and 1 - e^-0.25 (1 + 0.25 + 0.03125). */
	assert_true(fabs(ct_poisson_upper(1, 2.0) - 0.8646647167633873) < 1e-12);
	assert_true(fabs(ct_poisson_upper(3, 0.25) - 0.00216149668976251) < 1e-12);
	assert_true(ct_poisson_upper(0, 3.0) == 1.0);
}

/* A ticket at time at on cell, cause. */
static struct ct_ticket
tk(long long id, long long at, const char *cell, const char *cause)
{
	struct ct_ticket t;

	memset(&t, 0, sizeof(t));
	t.id = id;
	t.received_at = at;
	t.filed_at = at + 60;
	t.cell = (char *)cell;
	t.cause = (char *)cause;
	return t;
}

static struct ct_hot_params
params(long long now)
{
	struct ct_hot_params hp = {
		.now = now, .window_s = DAY, .baseline_s = 28 * DAY, .p_max = 0.001, .floor = 1.0,
		.min_count = 3, .levels = CT_HOT_CELL | CT_HOT_AREA | CT_HOT_CAUSE
	};
	return hp;
}

static void
test_hotspots(void **state)
{
	/* 28 days of baseline: cell STEADY gets 2 complaints a day (56), cell
	 * QUIET one a week (4). In the last day STEADY gets 3 (its usual rate:
	 * not hot) and QUIET gets 5 (a burst: hot). */
	struct ct_ticket v[80];
	struct ct_hotspot *h = NULL;
	struct ct_hot_params hp = params(DEC1);
	size_t n = 0, nh = 0;
	long long id = 1;

	(void)state;
	for (int d = 0; d < 28; d++) {
		long long day = DEC1 - DAY - (28 - d) * DAY;

		v[n++] = tk(id++, day + 3600, "460-00-1-1", "radio/coverage");
		v[n++] = tk(id++, day + 7200, "460-00-1-1", "radio/coverage");
		if (d % 7 == 3)
			v[n++] = tk(id++, day + 5000, "460-00-2-1", "radio/interference");
	}
	for (int i = 0; i < 3; i++)
		v[n++] = tk(id++, DEC1 - DAY + 1000 * (i + 1), "460-00-1-1", "radio/coverage");
	for (int i = 0; i < 5; i++)
		v[n++] = tk(100 + i, DEC1 - 3600 * (i + 1), "460-00-2-1", "radio/interference");
	/* Outside both periods: ignored. */
	v[n++] = tk(200, DEC1 - 40 * DAY, "460-00-2-1", "radio/interference");
	v[n++] = tk(201, DEC1 + 10, "460-00-2-1", "radio/interference");

	ct_hotspots_find(v, n, &hp, &h, &nh);
	/* Only the quiet cell: its area (site 460-00-2) and the cause
	 * radio/interference have the same five tickets, all inside the hot
	 * cell, so they are not reported again. */
	assert_int_equal(nh, 1);
	assert_string_equal(h[0].level, "cell");
	assert_string_equal(h[0].place, "460-00-2-1");
	assert_int_equal(h[0].count, 5);
	assert_int_equal(h[0].baseline_count, 4);
	/* expected = 4 x 1/28 */
	assert_true(fabs(h[0].expected - 4.0 / 28.0) < 1e-12);
	assert_true(close_rel(h[0].p_value, tail_by_sum(5, 4.0 / 28.0)));
	assert_int_equal(h[0].ntickets, 5);
	assert_int_equal(h[0].tickets[0], 100);
	assert_int_equal(h[0].tickets[4], 104);
	ct_hotspots_free(h, nh);

	/* A second cell on the same site with the same burst: two hot cells;
	 * the site is reported too (its tickets are not all in one cell). */
	for (int i = 0; i < 5; i++)
		v[n++] = tk(300 + i, DEC1 - 3000 * (i + 1), "460-00-2-2", "radio/equipment");
	ct_hotspots_find(v, n, &hp, &h, &nh);
	assert_int_equal(nh, 3);
	/* Most significant first: the site, 10 against 4/28 (p ~ 1e-15) ... */
	assert_string_equal(h[0].place, "460-00-2");
	assert_string_equal(h[0].level, "area");
	assert_int_equal(h[0].count, 10);
	assert_true(close_rel(h[0].p_value, tail_by_sum(10, 4.0 / 28.0)));
	/* ... the new cell, 5 against the floor 1/28 (p = 4.70e-10) ... */
	assert_string_equal(h[1].place, "460-00-2-2");
	assert_true(fabs(h[1].expected - 1.0 / 28.0) < 1e-12);
	assert_true(close_rel(h[1].p_value, tail_by_sum(5, 1.0 / 28.0)));
	/* ... then the first cell, 5 against 4/28. */
	assert_string_equal(h[2].place, "460-00-2-1");
	ct_hotspots_free(h, nh);

	/* Below min_count nothing is hot, however quiet the place. */
	hp.min_count = 6;
	hp.levels = CT_HOT_CELL;
	ct_hotspots_find(v, n, &hp, &h, &nh);
	assert_int_equal(nh, 0);
	ct_hotspots_free(h, nh);
}

/* A quiet month: every cell at its usual rate. No hotspot. */
static void
test_hotspots_quiet(void **state)
{
	struct ct_ticket *v = calloc(2000, sizeof(*v));
	struct ct_hotspot *h = NULL;
	size_t n = 0, nh = 0;
	unsigned seed = 12345;

	(void)state;
	/* 20 cells, each with a complaint every 1..3 days (a fixed
	 * pseudo-random sequence), for 29 days. */
	for (int c = 0; c < 20; c++) {
		static char cells[20][32];
		long long at = DEC1 - 29 * DAY;

		snprintf(cells[c], sizeof(cells[c]), "460-00-%d-%d", c / 3, c % 3);
		while (at < DEC1) {
			v[n] = tk((long long)n + 1, at, cells[c], "radio/coverage");
			n++;
			seed = seed * 1103515245u + 12345u;
			at += DAY + (long long)((seed >> 8) % (2 * DAY));
		}
	}
	for (long long now = DEC1 - 3 * DAY; now <= DEC1; now += DAY) {
		struct ct_hot_params hp = params(now);

		ct_hotspots_find(v, n, &hp, &h, &nh);
		assert_int_equal(nh, 0);
		ct_hotspots_free(h, nh);
	}
	free(v);
}

static void
test_places(void **state)
{
	char buf[64];
	struct ct_knowledge k;

	(void)state;
	assert_int_equal(ct_cell_area("460-00-12345-1", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "460-00-12345");
	assert_int_equal(ct_cell_area("cellA", buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	assert_int_equal(ct_cell_area("460-00-12345-1", buf, 5), -1);  /* does not fit */
	assert_true(ct_place_covers("460-00-12345", "460-00-12345-1"));
	assert_true(ct_place_covers("460-00", "460-00-12345-1"));
	assert_true(ct_place_covers("460-00-12345-1", "460-00-12345-1"));
	assert_false(ct_place_covers("460-00-1234", "460-00-12345-1"));  /* not at a '-' */
	assert_false(ct_place_covers("", "460-00-12345-1"));

	memset(&k, 0, sizeof(k));
	k.area = "460-00-12345";
	k.from = NOV1;
	k.to = NOV1 + DAY;
	assert_true(ct_knowledge_covers(&k, "460-00-12345-2", NOV1));
	assert_true(ct_knowledge_covers(&k, "460-00-12345-2", NOV1 + DAY));
	assert_false(ct_knowledge_covers(&k, "460-00-12345-2", NOV1 + DAY + 1));
	assert_false(ct_knowledge_covers(&k, "460-00-99999-2", NOV1 + 10));
	k.area = NULL;
	k.cell = "460-00-12345-1";
	assert_true(ct_knowledge_covers(&k, "460-00-12345-1", NOV1 + 10));
	assert_false(ct_knowledge_covers(&k, "460-00-12345-2", NOV1 + 10));
}

/* The seed's rule with its numbers: 0.1, 5, 0.5, 10; cap 3. */
static void
test_deduction_rule(void **state)
{
	struct ct_noc_profile np;

	(void)state;
	memset(&np, 0, sizeof(np));
	np.deduction_cap = 3;
	np.within_factor = 0.1;
	np.over_base = 5;
	np.over_step = 0.5;
	np.max_points = 10;
	assert_true(ct_yearly_deduction(&np, 0, 0) == 0);
	/* At the cap: still within, 0.1 x the monthly sum. */
	assert_true(fabs(ct_yearly_deduction(&np, 3, 3.0) - 0.3) < 1e-12);
	/* One above: 5 + 0.5 x 1. */
	assert_true(fabs(ct_yearly_deduction(&np, 4, 4.0) - 5.5) < 1e-12);
	/* 5 + 0.5 x 10 = 10 exactly; 5 + 0.5 x 11 is capped at 10. */
	assert_true(fabs(ct_yearly_deduction(&np, 13, 13.0) - 10.0) < 1e-12);
	assert_true(fabs(ct_yearly_deduction(&np, 14, 14.0) - 10.0) < 1e-12);
	/* Within the cap but a large monthly sum: capped at 10 too. */
	assert_true(fabs(ct_yearly_deduction(&np, 2, 150.0) - 10.0) < 1e-12);
	/* The over-cap branch does not depend on the sum. */
	assert_true(fabs(ct_yearly_deduction(&np, 5, 0.0) - 6.0) < 1e-12);
	np.deduction_cap = 0;
	assert_true(fabs(ct_yearly_deduction(&np, 1, 1.0) - 5.5) < 1e-12);
}

static void
test_month_parse(void **state)
{
	int y, m;
	long long from, to;

	(void)state;
	assert_int_equal(ct_month_parse("2026-11", &y, &m, &from, &to), 0);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	assert_int_equal(from, NOV1);
	assert_int_equal(to, DEC1);
	assert_int_equal(ct_month_parse("2026-12", &y, &m, &from, &to), 0);
	assert_int_equal(to, 1798761600LL);      /* 2027-01-01 */
	assert_int_equal(ct_month_parse("2024-02", &y, &m, &from, &to), 0);
	assert_int_equal(from, 1706745600LL);
	assert_int_equal(to - from, 29 * DAY);   /* leap year */
	assert_int_equal(ct_month_parse("2026-13", &y, &m, &from, &to), -1);
	assert_int_equal(ct_month_parse("2026-00", &y, &m, &from, &to), -1);
	assert_int_equal(ct_month_parse("2026-1", &y, &m, &from, &to), -1);
	assert_int_equal(ct_month_parse("26-11", &y, &m, &from, &to), -1);
	assert_int_equal(ct_month_parse("2026/11", &y, &m, &from, &to), -1);
	assert_int_equal(ct_month_parse(NULL, &y, &m, &from, &to), -1);
}

/* The month's figures on tickets whose every number is known. */
/* A month's days are the local calendar's, across a change of the clocks:
 * in Berlin, 25 October 2026 has 25 hours (03:00 summer time is 02:00
 * again) and is one day; 29 March 2026 has 23. */
static void
test_month_days_dst(void **state)
{
	/* Local times (Europe/Berlin) and the day of the month each falls on. */
	static const struct {
		int month;
		long long at;
		int day;
	} cases[] = {
		{ 10, 1792881000, 24 },   /* 2026-10-25T00:30+02:00 */
		{ 10, 1792967400, 24 },   /* 2026-10-25T23:30+01:00: 24 h later, same day */
		{ 10, 1792969200, 25 },   /* 2026-10-26T00:00+01:00 */
		{ 10, 1793487599, 30 },   /* 2026-10-31T23:59:59+01:00 */
		{ 10, 1790805600, 0 },    /* 2026-10-01T00:00+02:00 */
		{ 3, 1774738800, 28 },    /* 2026-03-29T00:00+01:00 */
		{ 3, 1774821599, 28 },    /* 2026-03-29T23:59:59+02:00: its last second */
		{ 3, 1774821600, 29 },    /* 2026-03-30T00:00+02:00 */
	};
	struct ct_profile p;
	struct ct_err err;
	char *tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(ct_zone_set("Europe/Berlin"), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ct_ticket t;
		struct ct_month m;

		memset(&t, 0, sizeof(t));
		t.id = 1;
		t.grade = 3;
		t.kind = "ordinary";
		t.status = CT_STATUS_ACCEPTED;
		t.received_at = cases[i].at;
		t.filed_at = cases[i].at;
		ct_month_compute(&t, 1, NULL, NULL, &p, 2026, cases[i].month, 0, &m);
		assert_int_equal(m.ndays, 31);
		assert_int_equal(m.total, 1);
		for (int d = 0; d < m.ndays; d++)
			if (m.by_day[d] != (d == cases[i].day)) {
				print_error("case %zu: day %d has %lld\n", i, d, m.by_day[d]);
				fail();
			}
		ct_month_free(&m);
	}
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(tz);
	ct_profile_free(&p);
}

static void
test_month_figures(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	struct ct_month m;
	struct ct_ticket v[7];
	struct ct_event ev[2];
	const struct ct_event *evp[7] = { NULL };
	size_t nev[7] = { 0 };
	json_t *j;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	/* Profile defaults: targets 25 / 1 per 10k, 0, 0; 1 point, cap 3. */
	assert_true(p.noc.target_per_10k == 25.0);
	assert_int_equal(p.noc.deduction_cap, 3);

	/* 1: hotline, radio dept, closed, reply in 2 h (met); 2: store channel
	 * (valid), repeat; 3: appeal, core dept; 4: appeal judged invalid, core;
	 * 5: appeal in October, core (counts for the year only); 6: December
	 * (not this month); 7: channel app, judged invalid (not valid). */
	for (int i = 0; i < 7; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].id = i + 1;
		v[i].grade = 3;
		v[i].kind = "ordinary";
		v[i].status = CT_STATUS_ACCEPTED;
		v[i].cause = "radio/coverage";
		v[i].cell = "460-00-1-1";
		v[i].received_at = NOV1 + DAY * (i + 1);
		v[i].filed_at = v[i].received_at;
	}
	v[0].complaint_json = "{\"channel\":\"hotline\"}";
	v[0].department = "radio";
	v[0].status = CT_STATUS_CLOSED;
	v[1].complaint_json = "{\"channel\":\"store\"}";
	v[1].kind = "repeat";
	v[1].grade = 2;
	v[2].kind = "appeal";
	v[2].department = "core";
	v[2].cause = "core/signalling";
	v[2].grade = 1;
	v[3].kind = "appeal";
	v[3].department = "core";
	v[3].invalid = 1;
	v[4].kind = "appeal";
	v[4].department = "core";
	v[4].received_at = NOV1 - 5 * DAY;
	v[5].received_at = DEC1 + 3600;
	v[6].complaint_json = "{\"channel\":\"app\"}";
	v[6].invalid = 1;
	v[6].cell = "460-00-1-2";
	/* Ticket 1's history: dispatched after 10 min, replied after 2 h. */
	memset(ev, 0, sizeof(ev));
	ev[0].ticket = 1;
	ev[0].at = v[0].received_at + 600;
	ev[0].action = "dispatch";
	ev[0].detail = "{\"department\":\"radio\"}";
	ev[1].ticket = 1;
	ev[1].at = v[0].received_at + 7200;
	ev[1].action = "reply";
	evp[0] = ev;
	nev[0] = 2;

	ct_month_compute(v, 7, evp, nev, &p, 2026, 11, 20000, &m);
	assert_int_equal(m.total, 5);          /* 1, 2, 3, 4, 7 */
	assert_int_equal(m.valid, 1);          /* 2 (store); 7 is invalid, 1 is hotline */
	assert_int_equal(m.repeat, 1);
	assert_int_equal(m.appeal, 2);         /* 3, 4 */
	assert_int_equal(m.invalid, 2);
	assert_int_equal(m.closed, 1);
	assert_int_equal(m.by_grade[1], 1);
	assert_int_equal(m.by_grade[2], 1);
	assert_int_equal(m.by_grade[3], 3);
	assert_int_equal(m.ncause, 2);
	assert_string_equal(m.by_cause[0].key, "radio/coverage");
	assert_int_equal(m.by_cause[0].n, 4);
	assert_int_equal(m.ncell, 2);
	assert_int_equal(m.by_day[1], 1);      /* Nov 2: ticket 1 */
	assert_int_equal(m.by_day[0], 0);
	assert_int_equal(m.ndays, 30);
	/* Dispatch in 10 of 15 min, reply in 2 h of 3 h: both met. */
	assert_string_equal(m.stages[1].stage, "dispatch");
	assert_int_equal(m.stages[1].finished, 1);
	assert_int_equal(m.stages[1].met, 1);
	assert_string_equal(m.stages[3].stage, "reply");
	assert_int_equal(m.stages[3].met, 1);
	/* Core: this month 1 responsible escalation (3; 4 is invalid), the year
	 * 2 (with October's 5): within the cap 3, 0.1 x (1 + 1) = 0.2. */
	assert_int_equal(m.ndepts, 1);
	assert_string_equal(m.depts[0].department, "core");
	assert_int_equal(m.depts[0].month_count, 1);
	assert_int_equal(m.depts[0].ytd_count, 2);
	assert_true(fabs(m.depts[0].ytd_sum - 2.0) < 1e-12);
	assert_true(fabs(m.depts[0].yearly - 0.2) < 1e-12);
	assert_false(m.depts[0].over_cap);

	/* JSON: 5 complaints of 20,000 subscribers = 2.5 per 10k. */
	j = ct_month_to_json(&m);
	assert_string_equal(json_string_value(json_object_get(j, "month")), "2026-11");
	assert_true(json_real_value(json_object_get(json_object_get(json_object_get(j, "targets"),
		    "complaints"), "per_10k")) == 2.5);
	assert_true(json_is_true(json_object_get(json_object_get(json_object_get(j, "targets"),
		    "complaints"), "met")));
	/* Valid: 1 of 20,000 = 0.5 per 10k, target 1: met. Repeat 1 > 0: missed. */
	assert_true(json_real_value(json_object_get(json_object_get(json_object_get(j, "targets"),
		    "valid_channel"), "per_10k")) == 0.5);
	assert_true(json_is_false(json_object_get(json_object_get(json_object_get(j, "targets"),
		    "repeat"), "met")));
	json_decref(j);
	ct_month_free(&m);

	/* Two more valid core appeals this month: year count 4 > cap 3:
	 * 5 + 0.5 x 1 = 5.5. */
	v[1].kind = "appeal";
	v[1].department = "core";
	v[6].kind = "appeal";
	v[6].department = "core";
	v[6].invalid = 0;
	ct_month_compute(v, 7, evp, nev, &p, 2026, 11, 0, &m);
	assert_int_equal(m.depts[0].ytd_count, 4);
	assert_int_equal(m.depts[0].month_count, 3);
	assert_true(fabs(m.depts[0].yearly - 5.5) < 1e-12);
	assert_true(m.depts[0].over_cap);
	assert_int_equal(m.subscribers, 0);    /* unknown: no rate */
	ct_month_free(&m);
	ct_profile_free(&p);
}

static void
test_annotate(void **state)
{
	struct ct_ticket t;
	json_t *v;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.tags = calloc(1, sizeof(*t.tags));
	t.tags[0] = strdup("radio");
	t.ntags = 1;
	t.verdict_json = strdup("{\"cause\":\"radio/coverage\",\"tags\":[\"radio\"],\"actions\":[\"fix it\"]}");
	ct_ticket_annotate(&t, "known:7", "Known planned work #7");
	ct_ticket_annotate(&t, "known:7", NULL);   /* the tag once on the ticket */
	assert_int_equal(t.ntags, 2);
	assert_string_equal(t.tags[1], "known:7");
	v = json_loads(t.verdict_json, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(v, "cause")), "radio/coverage");
	assert_string_equal(json_string_value(json_array_get(json_object_get(v, "actions"), 0)),
			    "Known planned work #7");
	assert_string_equal(json_string_value(json_array_get(json_object_get(v, "actions"), 1)),
			    "fix it");
	json_decref(v);
	ct_ticket_free(&t);
}

/* The annotation as jansson writes it: the verdict read to a tree, the tag
 * appended, the action put first, written back compact in order. */
static char *
annotate_by_tree(const char *doc, const char *tag, const char *action)
{
	json_t *v = json_loads(doc, JSON_DECODE_ANY, NULL), *a;
	char *s;

	if (!json_is_object(v)) {
		json_decref(v);
		return strdup(doc);
	}
	if (tag) {
		if (!json_is_array(a = json_object_get(v, "tags")))
			json_object_set_new(v, "tags", a = json_array());
		json_array_append_new(a, json_string(tag));
	}
	if (action) {
		if (!json_is_array(a = json_object_get(v, "actions")))
			json_object_set_new(v, "actions", a = json_array());
		json_array_insert_new(a, 0, json_string(action));
	}
	s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(v);
	return s;
}

/* Whether doc is as jansson writes it (the verdict a filing annotates is). */
static int
as_written(const char *doc)
{
	json_t *v = json_loads(doc, JSON_DECODE_ANY, NULL);
	char *s = v ? json_dumps(v, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	int same = s && !strcmp(s, doc);

	free(s);
	json_decref(v);
	return same;
}

/* The annotation of a verdict text is the one jansson's tree gives: byte
 * for byte when jansson wrote the text, the same JSON value otherwise (an
 * escape jansson would not write stays as it was). With and without the
 * arrays, empty ones, members around them, escapes to write, a text that
 * is not compact, a member that is no array, a key twice, text that is not
 * JSON, a tag or action that is not UTF-8. */
static void
test_annotate_as_tree(void **state)
{
	static const char *const docs[] = {
		"{\"cause\":\"radio/coverage\",\"tags\":[\"radio\"],\"actions\":[\"fix it\"]}",
		"{\"tags\":[],\"actions\":[]}",
		"{\"actions\":[\"a\",\"b\"],\"x\":{\"tags\":[1]},\"tags\":[\"t\",{\"k\":[2]}],\"z\":1.5}",
		"{\"cause\":\"core/ims\",\"rsrp\":-101.25,\"n\":[1,2,[3]]}",
		"{}",
		"{\"tags\":[\"a\"]}",
		"{\"actions\":[\"\\u0001 \\\"q\\\" \\/\"]}",
		"{ \"tags\": [\"spaced\"], \"actions\": [] }",
		"{\"tags\":\"radio\",\"actions\":null}",
		"{\"tags\":[\"a\"],\"tags\":[\"b\"]}",
		"{\"k\\u0041\":1,\"tags\":[]}",
		"[1,2]",
		"{\"tags\":[",
	};
	static const struct {
		const char *tag, *action;
	} notes[] = {
		{ "known:7", "Known planned work #7" },
		{ "hotspot", NULL },
		{ NULL, "Cell 460-00-1-1 is a hotspot: \"3\" in 24 h\\n\t无信号 \x01" },
		{ "bad\xff", "also \xc3" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		for (size_t k = 0; k < sizeof(notes) / sizeof(notes[0]); k++) {
			struct ct_ticket t;
			char *want = annotate_by_tree(docs[i], notes[k].tag, notes[k].action);

			memset(&t, 0, sizeof(t));
			t.verdict_json = strdup(docs[i]);
			ct_ticket_annotate(&t, notes[k].tag, notes[k].action);
			json_t *g = json_loads(t.verdict_json, JSON_DECODE_ANY, NULL);
			json_t *w = json_loads(want, JSON_DECODE_ANY, NULL);

			if (as_written(docs[i]) ? strcmp(t.verdict_json, want) != 0
						: !json_equal(g, w) && strcmp(t.verdict_json, want))
				fail_msg("%s + (%s, %s):\n got %s\nwant %s", docs[i],
					 notes[k].tag ? notes[k].tag : "-",
					 notes[k].action ? notes[k].action : "-", t.verdict_json, want);
			json_decref(g);
			json_decref(w);
			free(want);
			ct_ticket_free(&t);
		}
}

/* ---------------------------------------------------------------------
 * The store: schema 4
 */

static char dir[64];
static char path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_noc2.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	return 0;
}

static int
teardown(void **state)
{
	char f[160];
	static const char *const sfx[] = { "", "-wal", "-shm" };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		snprintf(f, sizeof(f), "%s%s", path, sfx[i]);
		unlink(f);
	}
	rmdir(dir);
	return 0;
}

static long long
sql_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
sql_exec(const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_migration_v3_to_v4(void **state)
{
	struct ct_store *s = NULL;
	struct ct_err err;
	struct ct_ticket t;

	(void)state;
	assert_int_equal(ct_store_create_version(path, 3, &err), 0);
	assert_int_equal(sql_int("PRAGMA user_version"), 3);
	sql_exec("INSERT INTO tickets (complaint, msisdn, cell, cause, grade, status, kind,"
		 " received_at, filed_at, updated_at, tags, rev, status_at) VALUES"
		 " ('V3-A', '13800000001', '460-00-5-1', 'radio/coverage', 3, 'accepted',"
		 "  'ordinary', 1793530000, 1793530000, 1793530000, '[\"radio\"]', 1, 1793530000);");
	assert_int_equal(sql_int("SELECT count(*) FROM sqlite_schema WHERE name = 'knowledge'"), 0);
	assert_int_equal(ct_store_open(path, 0, &s, &err), 0);
	assert_int_equal(ct_store_found_version(s), 3);
	assert_int_equal(sql_int("PRAGMA user_version"), CT_STORE_SCHEMA);
	assert_int_equal(sql_int("SELECT v FROM ticket_text_config WHERE k = 'automerge'"), 16);
	assert_int_equal(sql_int("SELECT v FROM ticket_text_config WHERE k = 'crisismerge'"), 64);
	assert_int_equal(sql_int("SELECT count(*) FROM sqlite_schema WHERE name IN"
				 " ('knowledge', 'customer')"), 2);
	assert_int_equal(ct_store_get(s, 1, &t, &err), 0);
	assert_string_equal(t.complaint, "V3-A");
	assert_string_equal(t.cell, "460-00-5-1");
	ct_ticket_free(&t);
	ct_store_close(s);
}

/* The month's figures from the store (a walk that reads a few of each
 * ticket's fields) are those computed from the same tickets read whole:
 * closings known only from the ticket (its status_at, else its
 * updated_at), departments, channels, appeals of the months before, a
 * ticket judged invalid. */
static void
test_month_store_equals_compute(void **state)
{
	static const char *const chans[] = { "{\"channel\":\"app\"}", "{\"channel\":\"hotline\"}" };
	struct ct_store *s = NULL;
	struct ct_profile p;
	struct ct_err err;
	struct ct_month m1, m2;
	struct ct_ticket *v = NULL;
	struct ct_event ev[3];
	struct ct_event **evp;
	size_t n = 0, *nev;
	char *j1, *j2;
	json_t *a;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(ct_store_open(path, 1, &s, &err), 0);
	for (int i = 0; i < 6; i++) {
		struct ct_ticket t;
		char complaint[24];

		memset(&t, 0, sizeof(t));
		memset(ev, 0, sizeof(ev));
		snprintf(complaint, sizeof(complaint), "MS-%d", i);
		t.id = i + 1;
		t.complaint = complaint;
		t.grade = 1 + i % 3;
		t.kind = i == 2 || i == 3 ? "appeal" : i == 4 ? "repeat" : "ordinary";
		t.status = CT_STATUS_ACCEPTED;
		t.cause = i % 2 ? "core/signalling" : "radio/coverage";
		t.cell = i % 2 ? "460-00-1-2" : "460-00-1-1";
		t.department = i % 2 ? "core" : "radio";
		t.complaint_json = (char *)chans[i % 2];
		t.received_at = (i == 3 ? NOV1 - 20 * DAY : NOV1 + (i + 1) * DAY) + 9 * 3600;
		t.filed_at = t.received_at + 60;
		t.updated_at = t.filed_at;
		t.invalid = i == 4;
		t.rev = 1;
		ev[0].at = t.filed_at;
		ev[0].action = "filed";
		ev[0].rev = 1;
		if (i == 0 || i == 1) {
			/* Closed, the closing move not in the history: the stages
			 * end at status_at (ticket 1), else at updated_at (2). */
			t.status = CT_STATUS_CLOSED;
			t.status_at = i == 0 ? t.filed_at + 600 : 0;
			t.updated_at = t.filed_at + 10 * 3600;
		} else if (i == 2) {
			t.status = CT_STATUS_REPLIED;
			t.rev = 3;
			t.updated_at = t.filed_at + 7200;
			ev[1].at = t.filed_at + 600;
			ev[1].action = "dispatch";
			ev[1].detail = "{\"department\":\"core\"}";
			ev[1].rev = 2;
			ev[2].at = t.updated_at;
			ev[2].action = "reply";
			ev[2].rev = 3;
		}
		if (ct_store_import(s, &t, ev, (size_t)t.rev, &err) != 0)
			fail_msg("ticket %d: %s", i + 1, err.msg);
	}
	assert_int_equal(ct_month_from_store(s, NULL, &p, 2026, 11, 0, &m1, &err), 0);
	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 6);
	evp = calloc(n, sizeof(*evp));
	nev = calloc(n, sizeof(*nev));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ct_store_history(s, v[i].id, &evp[i], &nev[i], &err), 0);
	ct_month_compute(v, n, (const struct ct_event *const *)evp, nev, &p, 2026, 11, 0, &m2);
	assert_int_equal(m1.total, 5);
	assert_int_equal(m1.closed, 2);
	a = ct_month_to_json(&m1);
	j1 = json_dumps(a, JSON_SORT_KEYS);
	json_decref(a);
	a = ct_month_to_json(&m2);
	j2 = json_dumps(a, JSON_SORT_KEYS);
	json_decref(a);
	assert_string_equal(j1, j2);
	free(j1);
	free(j2);
	for (size_t i = 0; i < n; i++)
		ct_events_free(evp[i], nev[i]);
	free(evp);
	free(nev);
	ct_tickets_free(v, n);
	ct_month_free(&m1);
	ct_month_free(&m2);
	ct_store_close(s);
	ct_profile_free(&p);
}

/* The queue's columns of ticket id equal what the stage clocks compute
 * from its row and history with d. */
static void
check_due(struct ct_store *s, long long id, const struct ct_deadlines *d)
{
	struct ct_err err;
	struct ct_ticket t;
	struct ct_event *ev = NULL;
	struct ct_stage *sv = NULL;
	size_t nev = 0, ns = 0;
	const char *stage = NULL;
	long long by = 0, due = -1;
	char sql[160];
	int running = 0;

	assert_int_equal(ct_store_get(s, id, &t, &err), 0);
	assert_int_equal(ct_store_history(s, id, &ev, &nev, &err), 0);
	if (!ct_status_terminal(t.status)) {
		ct_ticket_stages(&t, ev, nev, d, &sv, &ns);
		running = ct_ticket_due(sv, ns, t.status, 0, &stage, &by) == 0;
		due = -by;
	}
	snprintf(sql, sizeof(sql), "SELECT coalesce(due_at, -1) FROM tickets WHERE id = %lld", id);
	assert_int_equal(sql_int(sql), running ? due : -1);
	snprintf(sql, sizeof(sql), "SELECT due_stage = '%s' FROM tickets WHERE id = %lld",
		 running ? stage : "", id);
	assert_int_equal(sql_int(sql), 1);
	free(sv);
	ct_events_free(ev, nev);
	ct_ticket_free(&t);
}

/* Overdue and due-within from the index equal the answer computed from
 * every ticket's history, at several times. */
static void
check_queue(struct ct_store *s, const struct ct_deadlines *d, int want_index)
{
	static const long long at[] = { NOV1, NOV1 + 1800, NOV1 + 4 * 3600, NOV1 + 86400,
					 NOV1 + 30 * 86400 };
	struct ct_err err;

	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		for (int mode = 0; mode < 3; mode++) {
			int overdue = mode != 1;
			long long within = mode == 0 ? -1 : 7200;
			struct ct_ticket *v = NULL, *w = NULL;
			struct ct_due *a = NULL, *b = NULL;
			long long *due = NULL;
			const char **stage = NULL;
			size_t nv = 0, nw = 0, na = 0, nb = 0;

			assert_int_equal(ct_store_due(s, NULL, 0, 1, &w, &nw, &due, &stage, &err),
					 want_index ? 0 : 1);
			ct_tickets_free(w, nw);
			free(due);
			free(stage);
			assert_int_equal(ct_queue_due(s, NULL, d, at[i], overdue, within, &v, &nv, &a,
						      &na, &err), 0);
			assert_int_equal(ct_store_list(s, NULL, &w, &nw, &err), 0);
			assert_int_equal(ct_tickets_due(s, w, nw, d, at[i], overdue, within, &b, &nb,
							&err), 0);
			assert_int_equal(na, nb);
			for (size_t k = 0; k < na; k++) {
				assert_int_equal(a[k].t->id, b[k].t->id);
				assert_string_equal(a[k].stage, b[k].stage);
				assert_int_equal(a[k].overdue_by, b[k].overdue_by);
			}
			/* A page of it: its first one, and all, with the count. */
			for (size_t max = 1; max <= 100; max += 99) {
				struct ct_ticket *pv = NULL;
				struct ct_due *pa = NULL;
				size_t npv = 0, npa = 0;
				long long total = -1;

				assert_int_equal(ct_queue_first(s, NULL, d, at[i], overdue, within, max,
								&pv, &npv, &pa, &npa, &total, &err), 0);
				assert_int_equal(total, (long long)na);
				assert_int_equal(npa, na < max ? na : max);
				for (size_t k = 0; k < npa; k++) {
					assert_int_equal(pa[k].t->id, a[k].t->id);
					assert_int_equal(pa[k].overdue_by, a[k].overdue_by);
				}
				free(pa);
				ct_tickets_free(pv, npv);
			}
			free(a);
			free(b);
			ct_tickets_free(v, nv);
			ct_tickets_free(w, nw);
		}
}

/* Schema 5 on a store migrated from schema 4: the columns are computed by
 * the first writer with a profile, and kept by filing, refiling and every
 * move; a reader with other limits is answered from the histories. */
static void
test_due_columns(void **state)
{
	static const enum ct_action_id path_moves[] = {
		CT_ACTION_DISPATCH, CT_ACTION_HANDLE, CT_ACTION_DISPATCH, CT_ACTION_HANDLE,
		CT_ACTION_REPLY, CT_ACTION_FEEDBACK, CT_ACTION_REOPEN, CT_ACTION_REPLY,
		CT_ACTION_CLOSE, CT_ACTION_REOPEN
	};
	struct ct_store *s = NULL, *ro = NULL;
	struct ct_profile p, other;
	struct ct_err err;
	struct ct_ticket t;
	struct ct_move m;
	long long id2 = 0;
	int upd;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(ct_store_create_version(path, 4, &err), 0);
	sql_exec("INSERT INTO tickets (complaint, msisdn, cell, cause, grade, status, kind,"
		 " received_at, filed_at, updated_at, tags, rev, status_at) VALUES"
		 " ('V4-A', '13800000001', '460-00-5-1', 'radio/coverage', 1, 'accepted',"
		 "  'ordinary', 1793530000, 1793530600, 1793530600, '[]', 1, 1793530600),"
		 " ('V4-B', '13800000002', '460-00-5-2', 'radio/coverage', 3, 'dispatched',"
		 "  'appeal', 0, 1793530000, 1793531000, '[]', 2, 1793531000);"
		 "INSERT INTO ticket_event (ticket, at, who, action, detail, rev, status) VALUES"
		 " (1, 1793530600, 'x', 'filed', 'rev 1', 1, 'accepted'),"
		 " (2, 1793530000, 'x', 'filed', 'rev 1', 1, 'accepted'),"
		 " (2, 1793531000, 'x', 'dispatch', '{\"department\":\"radio\"}', 2, 'dispatched');");
	assert_int_equal(ct_store_open(path, CT_STORE_EXISTING, &s, &err), 0);
	assert_int_equal(sql_int("PRAGMA user_version"), CT_STORE_SCHEMA);
	/* Migrated: not computed, so the index does not answer. */
	assert_int_equal(sql_int("SELECT count(*) FROM tickets WHERE due_stage IS NULL"), 2);
	assert_int_equal(ct_store_set_deadlines(s, &p.dl, &err), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM tickets WHERE due_stage IS NULL"), 0);
	check_due(s, 1, &p.dl);
	check_due(s, 2, &p.dl);
	check_queue(s, &p.dl, 1);

	/* Filing, then refiling as an appeal (another reply limit). */
	memset(&t, 0, sizeof(t));
	t.complaint = "V5-C";
	t.grade = 2;
	t.received_at = NOV1;
	t.filed_at = NOV1 + 600;
	assert_int_equal(ct_store_file(s, &t, &id2, &upd, &err), 0);
	check_due(s, id2, &p.dl);
	t.kind = "appeal";
	t.updated_at = NOV1 + 900;
	assert_int_equal(ct_store_file(s, &t, &id2, &upd, &err), 0);
	assert_int_equal(upd, 1);
	check_due(s, id2, &p.dl);
	check_queue(s, &p.dl, 1);

	/* Every kind of move, one after the other. */
	for (size_t i = 0; i < sizeof(path_moves) / sizeof(path_moves[0]); i++) {
		memset(&m, 0, sizeof(m));
		m.action = path_moves[i];
		m.who = "noc";
		m.at = NOV1 + 3600 * (long long)(i + 1);
		m.department = i == 0 ? "radio" : i == 2 ? "core" : NULL;
		m.reply_cause = "radio/coverage";
		m.result = "fixed";
		m.satisfaction = "satisfied";
		m.person = "li";
		m.time_taken_s = 600;
		assert_int_equal(ct_store_move(s, id2, 0, &m, NULL, &err), 0);
		check_due(s, id2, &p.dl);
		check_queue(s, &p.dl, 1);
	}

	/* A reader whose profile has other limits: the histories answer. */
	assert_int_equal(ct_profile_load(NULL, &other, &err), 0);
	other.dl.dispatch_min += 5;
	assert_int_equal(ct_store_open(path, CT_STORE_READONLY, &ro, &err), 0);
	assert_int_equal(ct_store_set_deadlines(ro, &other.dl, &err), 0);
	check_queue(ro, &other.dl, 0);
	ct_store_close(ro);
	/* A writer with them recomputes every ticket and records them. */
	assert_int_equal(ct_store_set_deadlines(s, &other.dl, &err), 0);
	check_due(s, 1, &other.dl);
	check_due(s, id2, &other.dl);
	check_queue(s, &other.dl, 1);
	ct_store_close(s);
	ct_profile_free(&p);
	ct_profile_free(&other);
}

static void
test_knowledge_store(void **state)
{
	struct ct_store *s = NULL;
	struct ct_err err;
	struct ct_ticket t;
	struct ct_knowledge k, *v = NULL;
	size_t n = 0, linked = 0;
	long long id = 0, tid;
	int upd;

	(void)state;
	assert_int_equal(ct_store_open(path, 1, &s, &err), 0);
	/* Two tickets: one on the site in the span, one on another site. */
	memset(&t, 0, sizeof(t));
	t.complaint = "K-1";
	t.cell = "460-00-7-2";
	t.received_at = NOV1 + 3600;
	t.verdict_json = "{\"cause\":\"radio/coverage\",\"tags\":[],\"actions\":[\"a\"]}";
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);
	t.complaint = "K-2";
	t.cell = "460-00-8-2";
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);

	memset(&k, 0, sizeof(k));
	k.area = "460-00-7";
	k.from = NOV1;
	k.to = NOV1 + DAY;
	k.restore = NOV1 + DAY + 3600;
	k.what = "antenna swap";
	k.who = "ops";
	assert_int_equal(ct_knowledge_add(s, &k, NOV1 + 7200, &id, &linked, &err), 0);
	assert_int_equal(id, 1);
	assert_int_equal(linked, 1);
	assert_int_equal(ct_store_get(s, 1, &t, &err), 0);
	assert_int_equal(t.rev, 2);
	assert_string_equal(t.tags[t.ntags - 1], "known:1");
	assert_non_null(strstr(t.verdict_json, "Known planned work #1 on area 460-00-7"));
	assert_non_null(strstr(t.verdict_json, "2026-11-02T01:00:00Z"));  /* restore */
	ct_ticket_free(&t);
	assert_int_equal(ct_store_get(s, 2, &t, &err), 0);
	assert_int_equal(t.rev, 1);
	ct_ticket_free(&t);

	assert_int_equal(ct_knowledge_match(s, "460-00-7-1", NOV1 + 100, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].what, "antenna swap");
	assert_string_equal(v[0].who, "ops");
	ct_knowledge_free(v, n);
	assert_int_equal(ct_knowledge_match(s, "460-00-7-1", NOV1 + DAY + 1, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	ct_knowledge_free(v, n);
	assert_int_equal(ct_knowledge_match(s, "460-00-70-1", NOV1 + 100, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	ct_knowledge_free(v, n);
	assert_int_equal(ct_knowledge_list(s, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].linked, 1);
	ct_knowledge_free(v, n);

	/* Refused: neither or both places, an empty description. */
	k.cell = "460-00-7-1";
	assert_int_equal(ct_knowledge_add(s, &k, NOV1, &id, &linked, &err), CT_EUSAGE);
	k.cell = NULL;
	k.area = NULL;
	assert_int_equal(ct_knowledge_add(s, &k, NOV1, &id, &linked, &err), CT_EUSAGE);
	ct_store_close(s);
}

/* The race of a filing with a `knowledge add` (what the NOC's filing does,
 * through the store's hooks): the filer looks the cell's knowledge up and
 * finds none; then another process adds knowledge covering the cell; then
 * the filer writes. The other process must not come between: its add waits
 * for the filing's transaction and links the filed ticket itself. */
struct race {
	pid_t child;
	int go;                /* write end of the pipe that starts the add */
	int child_done_early;  /* the add finished between lookup and write */
	size_t matched;
};

/* The other process: forked before any store is open (SQLite's state
 * must not cross a fork), it waits for the word, then adds knowledge
 * covering the cell. */
static pid_t
fork_adder(int *go)
{
	int p[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ct_store *cs = NULL;
		struct ct_err cerr;
		struct ct_knowledge k;
		long long kid;
		size_t linked;

		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(2);
		memset(&k, 0, sizeof(k));
		k.cell = "460-00-9-1";
		k.from = NOV1;
		k.to = NOV1 + DAY;
		k.what = "power work";
		if (ct_store_open(path, 0, &cs, &cerr) != 0 ||
		    ct_knowledge_add(cs, &k, NOV1 + 7200, &kid, &linked, &cerr) != 0) {
			fprintf(stderr, "knowledge add: %s\n", cerr.msg);
			_exit(1);
		}
		ct_store_close(cs);
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

static int
race_before(struct ct_store *s, struct ct_ticket *t, void *arg, struct ct_err *err)
{
	struct race *r = arg;
	struct ct_knowledge *v = NULL;
	int rc = ct_knowledge_match(s, t->cell, t->received_at, &v, &r->matched, err);

	for (size_t i = 0; i < r->matched; i++) {
		struct ct_buf line = CT_BUF_INIT;
		char tag[40];

		snprintf(tag, sizeof(tag), "known:%lld", v[i].id);
		ct_knowledge_action(&line, &v[i]);
		ct_ticket_annotate(t, tag, ct_buf_str(&line));
		ct_buf_free(&line);
	}
	ct_knowledge_free(v, r->matched);
	if (rc)
		return rc;
	/* Paused between the lookup and the write: the add runs now, and
	 * has up to a second to finish in between. */
	assert_int_equal(write(r->go, "x", 1), 1);
	for (int i = 0; i < 100; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		int st;

		if (waitpid(r->child, &st, WNOHANG) == r->child) {
			r->child_done_early = 1;
			break;
		}
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void
test_filing_knowledge_race(void **state)
{
	struct ct_store *s = NULL;
	struct ct_err err;
	struct ct_ticket t;
	struct ct_knowledge *v = NULL;
	struct race r = { 0, -1, 0, 0 };
	struct ct_file_hooks h = { race_before, NULL, &r };
	size_t n = 0;
	long long tid = 0;
	int upd, st;

	(void)state;
	r.child = fork_adder(&r.go);
	assert_int_equal(ct_store_open(path, 1, &s, &err), 0);
	memset(&t, 0, sizeof(t));
	t.complaint = "RACE-K";
	t.cell = "460-00-9-1";
	t.received_at = NOV1 + 3600;
	t.verdict_json = ct_xstrdup("{\"cause\":\"radio/coverage\",\"tags\":[],\"actions\":[]}");
	assert_int_equal(ct_store_file_hooked(s, &t, &h, &tid, &upd, &err), 0);
	free(t.verdict_json);
	for (size_t i = 0; i < t.ntags; i++)
		free(t.tags[i]);
	free(t.tags);
	close(r.go);
	assert_int_equal(r.matched, 0);
	if (!r.child_done_early) {
		assert_int_equal(waitpid(r.child, &st, 0), r.child);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	/* The link is kept: tag, action line, history, knowledge list. */
	assert_int_equal(ct_store_get(s, tid, &t, &err), 0);
	assert_int_equal(t.ntags, 1);
	assert_string_equal(t.tags[0], "known:1");
	assert_non_null(strstr(t.verdict_json, "Known planned work #1"));
	ct_ticket_free(&t);
	assert_int_equal(sql_int("SELECT count(*) FROM ticket_event WHERE action = 'known'"), 1);
	assert_int_equal(ct_knowledge_list(s, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].linked, 1);
	ct_knowledge_free(v, n);
	ct_store_close(s);
	/* The add waited for the filing's transaction. */
	assert_int_equal(r.child_done_early, 0);
}

static void
test_customer_store(void **state)
{
	struct ct_store *s = NULL;
	struct ct_err err;
	struct ct_customer c;
	struct ct_customer_set u = { -1, -1, NULL, NULL, NULL };
	struct ct_ticket t;
	struct ct_buf b = CT_BUF_INIT;
	long long tid;
	int upd;

	(void)state;
	assert_int_equal(ct_store_open(path, 1, &s, &err), 0);
	/* Nobody knows the number yet. */
	assert_int_equal(ct_customer_get(s, "13800000009", NOV1, 30 * DAY, &c, &err), 0);
	assert_false(c.known);
	assert_false(ct_customer_worth_showing(&c));
	ct_customer_free(&c);

	u.sensitive = 1;
	u.contact = "SMS after 18:00";
	u.note = "journalist";
	u.who = "alice";
	assert_int_equal(ct_customer_set(s, "13800000009", &u, NOV1, &err), 0);
	/* A second note is added; the flag not given stays. */
	u.sensitive = -1;
	u.contact = NULL;
	u.note = "wants it in writing";
	u.who = "bob";
	assert_int_equal(ct_customer_set(s, "13800000009", &u, NOV1 + DAY, &err), 0);
	assert_int_equal(ct_customer_get(s, "13800000009", NOV1 + DAY, 30 * DAY, &c, &err), 0);
	assert_true(c.known);
	assert_true(c.sensitive);
	assert_false(c.repeat_complainer);
	assert_string_equal(c.contact, "SMS after 18:00");
	assert_string_equal(c.notes, "2026-11-01 alice: journalist\n2026-11-02 bob: wants it in writing");
	ct_customer_text(&b, &c, 1);
	assert_string_equal(ct_buf_str(&b),
		"customer 138******09: SENSITIVE; 0 complaints on record; preferred contact: SMS after 18:00\n"
		"  note: 2026-11-01 alice: journalist\n"
		"  note: 2026-11-02 bob: wants it in writing\n");
	ct_buf_free(&b);
	ct_customer_free(&c);

	/* Derived: two complaints within the window make a repeat complainer,
	 * even without a profile row. */
	memset(&t, 0, sizeof(t));
	t.msisdn = "13900000001";
	t.received_at = NOV1;
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);
	assert_int_equal(ct_customer_get(s, "13900000001", NOV1 + DAY, 30 * DAY, &c, &err), 0);
	assert_false(c.repeat_complainer);
	ct_customer_free(&c);
	t.received_at = NOV1 + 3600;
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);
	assert_int_equal(ct_customer_get(s, "13900000001", NOV1 + DAY, 30 * DAY, &c, &err), 0);
	assert_false(c.known);
	assert_true(c.repeat_complainer);
	assert_int_equal(c.complaints, 2);
	assert_int_equal(c.recent, 2);
	assert_int_equal(c.last_ticket, tid);
	assert_true(ct_customer_worth_showing(&c));
	ct_customer_free(&c);
	/* Out of the window: no longer recent. */
	assert_int_equal(ct_customer_get(s, "13900000001", NOV1 + 40 * DAY, 30 * DAY, &c, &err), 0);
	assert_false(c.repeat_complainer);
	ct_customer_free(&c);
	ct_store_close(s);
}

/* The time range the hotspot test reads: received_at, else filed_at; and
 * one cell's counts, a complaint left out. */
/* A cell's counts, times from NOV1 (test_store_between's tickets). */
struct cell_count {
	const char *cell;
	long long from, split, to;
	const char *except;
	long long all, recent;
};

static const struct cell_count counts[] = {
	/* 1 and 3 on the cell, 3 (filed at +200) at or after the split. */
	{ "460-00-1-1", 0, 150, DAY, NULL, 2, 1 },
	/* The split is inclusive; a ticket at the range's end is in it. */
	{ "460-00-1-1", 100, 200, 200, NULL, 2, 1 },
	/* Complaint B3 left out; another complaint leaves everything in. */
	{ "460-00-1-1", 0, 150, DAY, "B3", 1, 0 },
	{ "460-00-1-1", 0, 150, DAY, "B9", 2, 1 },
	/* One left out that is not among them: on another cell, out of the
	 * range; and B1, in the range before the split. */
	{ "460-00-1-1", 0, 150, DAY, "B4", 2, 1 },
	{ "460-00-1-1", 0, 150, DAY, "B2", 2, 1 },
	{ "460-00-1-1", 0, 150, DAY, "B1", 1, 1 },
	/* A split before the range: every ticket of the range is recent. */
	{ "460-00-1-1", 50, 0, DAY, NULL, 2, 2 },
	{ "460-00-1-2", 0, 150, DAY, NULL, 1, 1 },
	{ "460-00-9-9", 0, 150, DAY, NULL, 0, 0 },
};

static void
test_store_between(void **state)
{
	struct ct_store *s = NULL;
	struct ct_err err;
	struct ct_ticket t, *v = NULL;
	size_t n = 0;
	long long tid, all, recent;
	int upd;

	(void)state;
	assert_int_equal(ct_store_open(path, 1, &s, &err), 0);
	memset(&t, 0, sizeof(t));
	t.cell = "460-00-1-1";
	t.cause = "radio/coverage";
	t.complaint = "B1";
	t.received_at = NOV1 + 100;                 /* 1: in */
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);
	t.complaint = "B2";
	t.received_at = NOV1 + 2 * DAY;             /* 2: after */
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);
	t.complaint = "B3";
	t.received_at = 0;                          /* 3: no time given, filed in */
	t.filed_at = NOV1 + 200;
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);
	t.complaint = "B4";
	t.cell = "460-00-1-2";                      /* 4: another cell, in */
	t.received_at = NOV1 + 300;
	assert_int_equal(ct_store_file(s, &t, &tid, &upd, &err), 0);

	assert_int_equal(ct_store_between(s, NOV1, NOV1 + DAY, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].id, 1);
	assert_int_equal(v[1].id, 3);
	assert_string_equal(v[1].cause, "radio/coverage");
	assert_int_equal(v[2].id, 4);
	assert_string_equal(v[2].cell, "460-00-1-2");
	ct_tickets_free(v, n);

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		const struct cell_count *c = &counts[i];

		assert_int_equal(ct_store_cell_counts(s, c->cell, NOV1 + c->from, NOV1 + c->split,
						      NOV1 + c->to, c->except, &all, &recent,
						      &err), 0);
		if (all != c->all || recent != c->recent)
			fail_msg("%s [%lld, %lld] split %lld except %s: %lld, %lld recent", c->cell,
				 c->from, c->to, c->split, c->except ? c->except : "-", all, recent);
	}
	ct_store_close(s);
}

/* The noc group: in the built-in profile; a profile without it takes the
 * built-in's; a bad value is refused with file:line. */
static void
test_profile_noc(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	const char *cut;
	char file[160];
	FILE *fp;

	(void)state;
	assert_int_equal(ct_profile_load(NULL, &p, &err), 0);
	assert_int_equal(p.noc.hot_window_s, 86400);
	assert_int_equal(p.noc.hot_baseline_s, 28 * 86400);
	assert_true(p.noc.hot_p_max == 0.001);
	assert_int_equal(p.noc.hot_min_count, 3);
	assert_true(p.noc.within_factor == 0.1 && p.noc.over_base == 5 && p.noc.over_step == 0.5 &&
		    p.noc.max_points == 10);
	assert_false(p.noc.builtin);
	ct_profile_free(&p);

	/* The default profile without its noc group (the last group). */
	cut = strstr(ct_default_profile_text, "\nnoc:");
	assert_non_null(cut);
	snprintf(file, sizeof(file), "%s/nonoc.cfg", dir);
	fp = fopen(file, "w");
	assert_non_null(fp);
	fwrite(ct_default_profile_text, 1, (size_t)(cut - ct_default_profile_text) + 1, fp);
	fclose(fp);
	assert_int_equal(ct_profile_load(file, &p, &err), 0);
	assert_true(p.noc.builtin);
	assert_int_equal(p.noc.hot_min_count, 3);
	ct_profile_free(&p);

	/* A p-value of 2 is out of range. */
	fp = fopen(file, "a");
	assert_non_null(fp);
	fputs("noc: { hotspots: { window_hours = 24.0; baseline_days = 28.0; p_value = 2.0;\n"
	      " min_count = 3; baseline_floor = 1.0; }; report: { }; };\n", fp);
	fclose(fp);
	assert_int_equal(ct_profile_load(file, &p, &err), CT_EPROFILE);
	assert_non_null(strstr(err.msg, "hotspots.p_value: 2 is out of range"));
	assert_int_equal(strncmp(err.msg, file, strlen(file)), 0);
	unlink(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poisson_tail),
		cmocka_unit_test(test_hotspots),
		cmocka_unit_test(test_hotspots_quiet),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_deduction_rule),
		cmocka_unit_test(test_month_parse),
		cmocka_unit_test(test_month_figures),
		cmocka_unit_test(test_month_days_dst),
		cmocka_unit_test(test_annotate),
		cmocka_unit_test(test_annotate_as_tree),
		cmocka_unit_test_setup_teardown(test_migration_v3_to_v4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_store_equals_compute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_knowledge_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filing_knowledge_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_customer_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_between, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_noc, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
