/*
 * omc.c — what `celltriage omc` prints for an OMC export (omc.h): the JSON
 * object documented in omc.h, a text summary, or CSV rows.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "celltriage/omc.h"
#include "celltriage/report.h"

static json_t *
time_or_null(int has, long long t)
{
	char buf[40];

	if (!has)
		return json_null();
	ct_fmt_time(buf, sizeof(buf), t);
	return json_string(buf);
}

/* Whole numbers as JSON integers ("92", not "92.0"). */
static json_t *
num_json(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static void
kpi_json(json_t *o, const char *key, const struct ct_omc_kpi *k)
{
	if (k->has)
		json_object_set_new(o, key, num_json(k->v));
}

json_t *
ct_omc_to_json(const struct ct_omc *o)
{
	json_t *j = json_object(), *objs = json_array(), *alarms = json_array();

	json_object_set_new(j, "format", json_string(ct_omc_format_name(o->format)));
	json_object_set_new(j, "begin", time_or_null(o->has_begin, o->begin));
	json_object_set_new(j, "end", time_or_null(o->has_end, o->end));
	json_object_set_new(j, "granularity_s",
			    o->granularity_s > 0 ? json_integer(o->granularity_s) : json_null());
	json_object_set_new(j, "values", json_integer((json_int_t)o->values));
	if (o->bad.n)
		json_object_set_new(j, "bad_rows", ct_badrows_json(&o->bad));
	for (size_t i = 0; i < o->nobjs; i++) {
		const struct ct_omc_object *ob = &o->objs[i];
		const struct ct_omc_kpis *k = &ob->kpi;
		json_t *jo = json_object(), *cs = json_object(), *ks = json_object();

		json_object_set_new(jo, "dn", ct_json_str(ob->dn));
		json_object_set_new(jo, "end", time_or_null(ob->has_end, ob->end));
		json_object_set_new(jo, "granularity_s",
				    ob->granularity_s > 0 ? json_integer(ob->granularity_s) : json_null());
		json_object_set_new(jo, "suspect", json_boolean(ob->suspect));
		for (size_t c = 0; c < ob->n; c++)
			json_object_set_new(cs, ob->c[c].name, ob->c[c].has_num
					    ? num_json(ob->c[c].num) : ct_json_str(ob->c[c].text));
		json_object_set_new(jo, "counters", cs);
		kpi_json(ks, "prb_use_pct", &k->prb_use_pct);
		kpi_json(ks, "setup_fail_pct", &k->setup_fail_pct);
		kpi_json(ks, "drop_pct", &k->drop_pct);
		kpi_json(ks, "ul_interference_dbm", &k->ul_interference_dbm);
		kpi_json(ks, "packet_load_pct", &k->packet_load_pct);
		kpi_json(ks, "gateway_load_pct", &k->gateway_load_pct);
		if (k->busy >= 0)
			json_object_set_new(ks, "cell_busy", json_boolean(k->busy));
		if (json_object_size(ks))
			json_object_set_new(jo, "kpis", ks);
		else
			json_decref(ks);
		json_array_append_new(objs, jo);
	}
	json_object_set_new(j, "objects", objs);
	for (size_t i = 0; i < o->nalarms; i++) {
		const struct ct_omc_alarm *a = &o->alarms[i];

		json_array_append_new(alarms, json_pack("{s:o, s:o, s:o, s:o, s:o}",
			"object", ct_json_str(a->object), "name", ct_json_str(a->name),
			"severity", ct_json_str(a->severity),
			"raised", time_or_null(a->has_raised, a->raised),
			"cleared", time_or_null(a->has_cleared, a->cleared)));
	}
	json_object_set_new(j, "alarms", alarms);
	return j;
}

static void
kpi_text(struct ct_buf *b, const char *label, const struct ct_omc_kpi *k, const char *unit)
{
	char n[32];

	if (!k->has)
		return;
	ct_fmt_num(n, sizeof(n), k->v);
	ct_buf_printf(b, "    %-22s %s%s\n", label, n, unit);
}

/* A line of names read from the file (objects, alarms), its control
 * characters escaped (util.h ct_buf_put_text), then a line end. */
static void
file_line(struct ct_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
file_line(struct ct_buf *b, const char *fmt, ...)
{
	struct ct_buf line = CT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vprintf(&line, fmt, ap);
	va_end(ap);
	ct_buf_put_text(b, ct_buf_str(&line));
	ct_buf_puts(b, "\n");
	ct_buf_free(&line);
}

void
ct_omc_text(struct ct_buf *b, const struct ct_omc *o)
{
	char t1[40], t2[40];
	size_t with_kpi = 0;

	ct_buf_printf(b, "%s: %s, %zu value%s, %zu object%s, %zu alarm%s\n", o->file,
		      ct_omc_format_name(o->format), o->values, o->values == 1 ? "" : "s",
		      o->nobjs, o->nobjs == 1 ? "" : "s", o->nalarms, o->nalarms == 1 ? "" : "s");
	if (o->has_begin || o->has_end) {
		ct_fmt_time(t1, sizeof(t1), o->begin);
		ct_fmt_time(t2, sizeof(t2), o->end);
		ct_buf_printf(b, "  period %s .. %s", o->has_begin ? t1 : "?", o->has_end ? t2 : "?");
		if (o->granularity_s > 0)
			ct_buf_printf(b, ", granularity %ld s", o->granularity_s);
		ct_buf_puts(b, "\n");
	}
	if (o->bad.n)
		ct_buf_printf(b, "  %zu bad row%s skipped (first at line %zu)\n", o->bad.n,
			      o->bad.n == 1 ? "" : "s", o->bad.first[0].line);
	for (size_t i = 0; i < o->nobjs; i++) {
		const struct ct_omc_object *ob = &o->objs[i];
		const struct ct_omc_kpis *k = &ob->kpi;

		if (!k->prb_use_pct.has && !k->setup_fail_pct.has && !k->drop_pct.has &&
		    !k->ul_interference_dbm.has && !k->packet_load_pct.has && !k->gateway_load_pct.has)
			continue;
		if (!with_kpi++)
			ct_buf_puts(b, "  KPIs\n");
		ct_fmt_time(t1, sizeof(t1), ob->end);
		file_line(b, "  %s%s%s%s", ob->dn[0] ? ob->dn : "(no name)",
			      ob->has_end ? " until " : "", ob->has_end ? t1 : "",
			      ob->suspect ? " (suspect)" : "");
		kpi_text(b, "PRB use", &k->prb_use_pct, "%");
		if (k->busy >= 0)
			ct_buf_printf(b, "    %-22s %s\n", "cell busy", k->busy ? "yes" : "no");
		kpi_text(b, "RRC setup failures", &k->setup_fail_pct, "%");
		kpi_text(b, "drops", &k->drop_pct, "%");
		kpi_text(b, "UL interference", &k->ul_interference_dbm, " dBm");
		kpi_text(b, "packet resource load", &k->packet_load_pct, "%");
		kpi_text(b, "gateway load", &k->gateway_load_pct, "%");
	}
	if (o->nalarms)
		ct_buf_puts(b, "  alarms\n");
	for (size_t i = 0; i < o->nalarms; i++) {
		const struct ct_omc_alarm *a = &o->alarms[i];

		ct_fmt_time(t1, sizeof(t1), a->raised);
		ct_fmt_time(t2, sizeof(t2), a->cleared);
		file_line(b, "  %-20s %-9s %s  %s%s%s", a->has_raised ? t1 : "?",
			      a->severity[0] ? a->severity : "-", a->object, a->name,
			      a->has_cleared ? ", cleared " : "", a->has_cleared ? t2 : "");
	}
}

void
ct_omc_csv(struct ct_buf *b, const struct ct_omc *o, int header)
{
	char t[40];

	if (header)
		ct_buf_puts(b, "file,kind,object,time,name,value\r\n");
	for (size_t i = 0; i < o->nobjs; i++) {
		const struct ct_omc_object *ob = &o->objs[i];

		if (ob->has_end)
			ct_fmt_time(t, sizeof(t), ob->end);
		for (size_t c = 0; c < ob->n; c++) {
			ct_csv_field(b, o->file);
			ct_buf_puts(b, ",counter,");
			ct_csv_field(b, ob->dn);
			ct_buf_puts(b, ",");
			ct_csv_field(b, ob->has_end ? t : "");
			ct_buf_puts(b, ",");
			ct_csv_field(b, ob->c[c].name);
			ct_buf_puts(b, ",");
			ct_csv_field(b, ob->c[c].text);
			ct_buf_puts(b, "\r\n");
		}
	}
	for (size_t i = 0; i < o->nalarms; i++) {
		const struct ct_omc_alarm *a = &o->alarms[i];

		if (a->has_raised)
			ct_fmt_time(t, sizeof(t), a->raised);
		ct_csv_field(b, o->file);
		ct_buf_puts(b, a->has_cleared ? ",alarm_cleared," : ",alarm,");
		ct_csv_field(b, a->object);
		ct_buf_puts(b, ",");
		ct_csv_field(b, a->has_raised ? t : "");
		ct_buf_puts(b, ",");
		ct_csv_field(b, a->name);
		ct_buf_puts(b, ",");
		ct_csv_field(b, a->severity);
		ct_buf_puts(b, "\r\n");
	}
}
