/*
 * hotspot.c — what `celltriage hotspots` prints (report.h; the test is
 * src/noc/hotspot.c): the JSON array of the fixed contract and an aligned
 * table.
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/noc.h"
#include "celltriage/report.h"

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
