/*
 * keys.c — every key a profile may set: one row each (its path, its type,
 * its range and the field of struct ct_profile it fills), read by the
 * generic loop in profile.c. A key not listed here is refused. Adding a
 * limit of the radio, core or terminal group is a row of its list in
 * profile.h (CT_RADIO_LIMITS ...) and the value with its source in
 * profiles/default.cfg (which every profile inherits); any other key is a
 * row here and a field in profile.h.
 *
 * Values that need more than a type and a range (cause families, cause
 * codes, grade conditions) have a reader below; rules across keys (every
 * cause has an action, a drive-test mapping has a RAT) a check.
 */
#include <stdlib.h>
#include <string.h>

#include "celltriage/decode.h"
#include "celltriage/dissect.h"
#include "celltriage/verdict.h"
#include "keys.h"

/* ---- values that need more than a type and a range ---- */

/* Text converters (K_STR .conv): 0, or -1 when the text is not what the row says. */

static int
conv_family(const char *v, void *dst)
{
	return (*(int *)dst = ct_family_from_name(v)) < 0 ? -1 : 0;
}

static int
conv_cause_group(const char *v, void *dst)
{
	int g = ct_cause_group_from_name(v);

	if (g <= CT_CG_NONE)
		return -1;
	*(int *)dst = g;
	return 0;
}

static int
conv_cause(const char *v, void *dst)
{
	if (!ct_cause_valid(v))
		return -1;
	*(char **)dst = ct_xstrdup(v);
	return 0;
}

static int
conv_branch(const char *v, void *dst)
{
	return strcmp(v, "radio") ? conv_cause(v, dst) : (*(char **)dst = ct_xstrdup(v), 0);
}

static int
conv_rat(const char *v, void *dst)
{
	return (*(int *)dst = ct_rat_from_name(v)) <= 0 ? -1 : 0;
}

/* capture.mtp3: "itu", "ansi", "china", "japan" or "auto" (decode.h) */
static int
conv_mtp3(const char *v, void *dst)
{
	return (*(int *)dst = ct_value_of(ct_mtp3_variant_table(), v)) < 0 ? -1 : 0;
}

/* capture.user_dlts[].carries: a name of ct_user_carrier_table (decode.h) */
static int
conv_user_carrier(const char *v, void *dst)
{
	return (*(int *)dst = ct_value_of(ct_user_carrier_table(), v)) <= 0 ? -1 : 0;
}

static int
conv_time_format(const char *v, void *dst)
{
	if (strcmp(v, "date") && strcmp(v, "iso") && strcmp(v, "epoch"))
		return -1;
	*(char **)dst = ct_xstrdup(v);
	return 0;
}

static int
conv_zone(const char *v, void *dst)
{
	if (!ct_zone_valid(v))
		return -1;
	*(char **)dst = ct_xstrdup(v);
	return 0;
}

/* causes = 22; or causes = [11, 15]; (into struct ct_sigmap's lo and hi) */
static int
read_causes(struct pf_ld *ld, const struct pf_node *n, const char *path, void *dst)
{
	struct ct_sigmap *sm = (struct ct_sigmap *)((char *)dst - offsetof(struct ct_sigmap, lo));

	if (config_setting_type(n->s) == CONFIG_TYPE_INT) {
		sm->lo = sm->hi = config_setting_get_int(n->s);
	} else if (config_setting_is_array(n->s) && config_setting_length(n->s) == 2 &&
		   config_setting_type(config_setting_get_elem(n->s, 0)) == CONFIG_TYPE_INT) {
		sm->lo = config_setting_get_int_elem(n->s, 0);
		sm->hi = config_setting_get_int_elem(n->s, 1);
	} else {
		return pf_bad(ld, n, "%s: expected a value or [lo, hi]", path);
	}
	if (sm->lo < 0 || sm->hi < sm->lo)
		return pf_bad(ld, n, "%s: the range is empty or negative", path);
	return 0;
}

/* not_failures = ( 16, [30, 31] ); (into struct ct_failure_rule): the values
 * of a family that are not failures, as values and [lo, hi] ranges; ( )
 * makes every value a failure. */
static int
read_not_failures(struct pf_ld *ld, const struct pf_node *n, const char *path, void *dst)
{
	struct ct_failure_rule *r =
		(struct ct_failure_rule *)((char *)dst - offsetof(struct ct_failure_rule, not_failures));
	struct ct_value_range *v;
	int len;

	if (!config_setting_is_list(n->s))
		return pf_bad(ld, n, "%s: expected a list ( value or [lo, hi], ... )", path);
	len = config_setting_length(n->s);
	v = ct_xcalloc((size_t)len + 1, sizeof(*v));
	r->not_failures = v;
	for (int k = 0; k < len; k++) {
		const config_setting_t *x = config_setting_get_elem(n->s, (unsigned)k);
		const struct pf_node at = { .s = x, .file = n->file };
		long long lo, hi;

		if (config_setting_type(x) == CONFIG_TYPE_INT || config_setting_type(x) == CONFIG_TYPE_INT64) {
			lo = hi = config_setting_get_int64(x);
		} else if (config_setting_is_array(x) && config_setting_length(x) == 2 &&
			   config_setting_type(config_setting_get_elem(x, 0)) != CONFIG_TYPE_FLOAT &&
			   config_setting_type(config_setting_get_elem(x, 1)) != CONFIG_TYPE_FLOAT) {
			lo = config_setting_get_int64_elem(x, 0);
			hi = config_setting_get_int64_elem(x, 1);
		} else {
			return pf_bad(ld, &at, "%s[%d]: expected a value or [lo, hi]", path, k);
		}
		if (lo < 0 || hi < lo || hi > 0xffffffffLL)
			return pf_bad(ld, &at, "%s[%d]: the range is empty or outside 0..4294967295", path, k);
		v[k].lo = (uint32_t)lo;
		v[k].hi = (uint32_t)hi;
		r->n++;
	}
	return 0;
}

static const struct ct_name cond_fields[] = {
	{ CT_COND_CUST_GRADE, "customer.grade" }, { CT_COND_CHANNEL, "channel" },
	{ CT_COND_FLAG, "flag" }, { CT_COND_GROUP_CUSTOMER, "customer.group_customer" },
	{ 0, NULL }
};

/* "customer.grade=vip", "channel=media", "flag=churn_threat", "customer.group_customer=true" */
static int
parse_cond(struct pf_ld *ld, const struct pf_node *n, const char *path, const char *text,
	   struct ct_cond *c)
{
	const char *eq = strchr(text, '=');
	char field[64];
	const char *val;
	int v = -1;

	if (!eq || (size_t)(eq - text) >= sizeof(field))
		return pf_bad(ld, n, "%s: \"%s\": expected field=value", path, text);
	memcpy(field, text, (size_t)(eq - text));
	field[eq - text] = '\0';
	val = eq + 1;
	v = ct_value_of(cond_fields, field);
	if (v < 0)
		return pf_bad(ld, n, "%s: \"%s\": field must be customer.grade, channel, flag or customer.group_customer", path, text);
	c->kind = (enum ct_cond_kind)v;
	c->text = ct_xstrdup(text);
	switch (c->kind) {
	case CT_COND_CUST_GRADE:
		if ((v = ct_value_of(ct_cust_grade_names, val)) < 0)
			return pf_bad(ld, n, "%s: \"%s\": unknown customer grade", path, text);
		break;
	case CT_COND_CHANNEL:
		if ((v = ct_value_of(ct_channel_names, val)) < 0)
			return pf_bad(ld, n, "%s: \"%s\": unknown channel", path, text);
		break;
	case CT_COND_FLAG:
		if ((v = ct_value_of(ct_flag_names, val)) < 0)
			return pf_bad(ld, n, "%s: \"%s\": unknown flag", path, text);
		break;
	case CT_COND_GROUP_CUSTOMER:
		if (strcmp(val, "true") && strcmp(val, "false"))
			return pf_bad(ld, n, "%s: \"%s\": expected true or false", path, text);
		v = !strcmp(val, "true");
		break;
	}
	c->value = v;
	return 0;
}

/* when = [ "field=value", ... ] of a grade rule (into its conds and nconds). */
static int
read_conds(struct pf_ld *ld, const struct pf_node *n, const char *path, void *dst)
{
	struct ct_grade_rule *gr = (struct ct_grade_rule *)((char *)dst -
							    offsetof(struct ct_grade_rule, conds));
	int len = config_setting_is_array(n->s) ? config_setting_length(n->s) : 0;

	if (len == 0)
		return pf_bad(ld, n, "%s: expected [ \"field=value\", ... ]", path);
	gr->conds = ct_xcalloc((size_t)len, sizeof(*gr->conds));
	for (int j = 0; j < len; j++) {
		const char *t = config_setting_get_string_elem(n->s, (unsigned)j);
		int rc;

		if (!t)
			return pf_bad(ld, n, "%s: expected [ \"field=value\", ... ]", path);
		gr->nconds++;
		if ((rc = parse_cond(ld, n, path, t, &gr->conds[j])))
			return rc;
	}
	return 0;
}

/* ---- rules across keys ---- */

/* The satisfaction revisit window: min before max, reported at whichever of
 * the two the nearer profile file sets. */
static int
check_deadlines(struct pf_ld *ld, const struct pf_node *n)
{
	const struct ct_deadlines *dl = &ld->p->dl;
	const struct pf_node *lo = pf_member(n, "revisit_days_min");
	const struct pf_node *hi = pf_member(n, "revisit_days_max");

	if (dl->revisit_days_max >= dl->revisit_days_min)
		return 0;
	for (size_t i = 0; i < ld->p->nfiles && hi->file != ld->p->files[i]; i++)
		if (lo->file == ld->p->files[i])
			return pf_bad(ld, lo, "deadlines.revisit_days_min: %d is after revisit_days_max %d",
				      dl->revisit_days_min, dl->revisit_days_max);
	return pf_bad(ld, hi, "deadlines.revisit_days_max: %d is before revisit_days_min %d",
		      dl->revisit_days_max, dl->revisit_days_min);
}

/* "YYYY-MM-DD" -> a day number; -1 when it is not such a date. */
static int
date_day(const char *v, long long *day)
{
	char iso[32];
	long long t;

	if (strlen(v) != 10)
		return -1;
	snprintf(iso, sizeof(iso), "%sT00:00:00Z", v);
	if (ct_parse_time(iso, &t) != 0)
		return -1;
	*day = t / 86400;
	return 0;
}

static int
cmp_day(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* A list of dates as sorted day numbers (into *out, freed with the profile). */
static int
read_dates(struct pf_ld *ld, const struct pf_node *g, const char *key, const struct ct_names *v,
	   long long **out, size_t *n)
{
	*out = ct_xcalloc(v->n + 1, sizeof(**out));
	*n = v->n;
	for (size_t i = 0; i < v->n; i++)
		if (date_day(v->v[i], &(*out)[i]) != 0)
			return pf_bad(ld, pf_member(g, key), "time.%s[%zu]: \"%s\" is not a date (YYYY-MM-DD)",
				      key, i, v->v[i]);
	qsort(*out, v->n, sizeof(**out), cmp_day);
	return 0;
}

/* The calendar: the weekdays by name, the dates as day numbers. */
static int
check_time(struct pf_ld *ld, const struct pf_node *n)
{
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	struct ct_time_profile *tp = &ld->p->time;
	struct ct_calendar *cal = &ld->p->dl.cal;
	int rc;

	cal->week = 0;
	for (size_t i = 0; i < tp->working_days.n; i++) {
		unsigned bit = 0;

		for (unsigned d = 0; d < 7; d++)
			if (strcmp(tp->working_days.v[i], days[d]) == 0)
				bit = 1u << d;
		if (!bit)
			return pf_bad(ld, pf_member(n, "working_days"),
				      "time.working_days[%zu]: \"%s\" is not a day (mon, tue, wed, thu, fri, sat, sun)",
				      i, tp->working_days.v[i]);
		cal->week |= bit;
	}
	if ((rc = read_dates(ld, n, "holidays", &tp->holidays, &tp->off, &cal->noff)) != 0 ||
	    (rc = read_dates(ld, n, "workdays", &tp->workdays, &tp->on, &cal->non)) != 0)
		return rc;
	cal->off = tp->off;
	cal->on = tp->on;
	return 0;
}

/* What an entry leaves out: any cause group, any cause value. */
static int
check_sigmap(struct pf_ld *ld, const struct pf_node *n)
{
	for (size_t i = 0; i < ld->p->nsigmap; i++) {
		struct ct_sigmap *sm = &ld->p->sigmap[i];
		const struct pf_node *e = n->kid[i];

		sm->file = e->file;
		sm->line = config_setting_source_line(e->s);
		if (!pf_member(e, "group"))
			sm->group = -1;
		if (!pf_member(e, "causes"))
			sm->lo = sm->hi = -1;
	}
	return 0;
}

/* What a failure rule leaves out (any cause group), where it was written,
 * and one rule per family and group in one file. */
static int
check_failures(struct pf_ld *ld, const struct pf_node *n)
{
	struct ct_failure_rule *rules = (struct ct_failure_rule *)ld->p->failures.rule;

	for (size_t i = 0; i < ld->p->failures.n; i++) {
		struct ct_failure_rule *r = &rules[i];
		const struct pf_node *e = n->kid[i];
		struct ct_buf src = CT_BUF_INIT;

		if (!pf_member(e, "group"))
			r->group = CT_FAIL_ANY_GROUP;
		ct_buf_printf(&src, "%s:%d", e->file, config_setting_source_line(e->s));
		r->source = ct_buf_detach(&src);
		for (size_t j = 0; j < i; j++)
			if (rules[j].family == r->family && rules[j].group == r->group &&
			    n->kid[j]->file == e->file)
				return pf_bad(ld, e, "failures[%zu]: a second rule for %s%s%s", i,
					      ct_family_name((enum ct_family)r->family),
					      r->group == CT_FAIL_ANY_GROUP ? "" : "/",
					      r->group == CT_FAIL_ANY_GROUP ? "" :
					      ct_cause_group_name((enum ct_cause_group)r->group));
	}
	return 0;
}

static int
check_actions(struct pf_ld *ld, const struct pf_node *n)
{
	for (const char *const *c = ct_cause_codes; *c; c++)
		if (!ct_profile_actions(ld->p, *c))
			return pf_bad(ld, n, "actions: no entry for cause %s", *c);
	return 0;
}

/* No name of one department names another: a name resolves to one id. */
/* capture.user_dlts: one entry per DLT */
static int
check_user_dlts(struct pf_ld *ld, const struct pf_node *n)
{
	const struct ct_profile *p = ld->p;

	for (size_t i = 0; i < p->nuser_dlts; i++)
		for (size_t j = 0; j < i; j++)
			if (p->user_dlts[j].dlt == p->user_dlts[i].dlt)
				return pf_bad(ld, n->kid[i], "capture.user_dlts[%zu]: DLT %d is "
					      "mapped twice", i, p->user_dlts[i].dlt);
	return 0;
}

static int
check_departments(struct pf_ld *ld, const struct pf_node *n)
{
	const struct ct_profile *p = ld->p;

	for (size_t i = 0; i < p->ndepartments; i++) {
		const struct ct_department *d = &p->departments[i];
		const struct ct_department *o = ct_profile_department(p, d->id);

		if (o != d)
			return pf_bad(ld, n->kid[i], "departments[%zu] \"%s\": the id names department %s too",
				      i, d->id, o->id);
		if ((o = ct_profile_department(p, d->name)) != d)
			return pf_bad(ld, n->kid[i], "departments[%zu] \"%s\": the name \"%s\" names "
				      "department %s too", i, d->id, d->name, o->id);
		for (size_t k = 0; k < d->naliases; k++)
			if ((o = ct_profile_department(p, d->aliases[k])) != d)
				return pf_bad(ld, n->kid[i], "departments[%zu] \"%s\": the alias \"%s\" "
					      "names department %s too", i, d->id, d->aliases[k], o->id);
	}
	return 0;
}

/* What a drive-test mapping leaves out, and the columns it must name. */
static int
check_dt_maps(struct pf_ld *ld, const struct pf_node *n)
{
	for (size_t i = 0; i < ld->p->dt.nmaps; i++) {
		struct ct_dt_map *dm = &ld->p->dt.maps[i];
		const struct pf_node *e = n->kid[i];

		dm->line = config_setting_source_line(e->s);
		if (!dm->time_format)
			dm->time_format = ct_xstrdup("iso");
		if (!pf_member(e, "rate_to_kbps"))
			dm->rate_to_kbps = 1.0;
		if ((!dm->lat) != (!dm->lon))
			return pf_bad(ld, e, "drivetest.csv[%zu] \"%s\": give both lat and lon, or neither", i, dm->name);
		if (!dm->fixed_rat == !dm->rat)
			return pf_bad(ld, e, "drivetest.csv[%zu] \"%s\": give a rat column or a fixed_rat (not both)", i, dm->name);
	}
	return 0;
}

/* ---- the key table ---- */

#define P(f) offsetof(struct ct_profile, f)
#define RT(f) offsetof(struct ct_rat_thresholds, f)
#define GR(f) offsetof(struct ct_grade_rule, f)
#define DL(f) offsetof(struct ct_deadlines, f)
#define SM(f) offsetof(struct ct_sigmap, f)
#define AC(f) offsetof(struct ct_action, f)
#define FR(f) offsetof(struct ct_failure_rule, f)
#define OM(f) offsetof(struct ct_omc_profile, f)
#define DT(f) offsetof(struct ct_dt_profile, f)
#define DM(f) offsetof(struct ct_dt_map, f)
#define NC(f) offsetof(struct ct_noc_profile, f)
#define TM(f) offsetof(struct ct_time_profile, f)
#define DP(f) offsetof(struct ct_department, f)
#define DK(f) offsetof(struct ct_desk_profile, f)
/* A row: the key, its kind, where it goes, REQ and NONEMPTY; other fields by name. */
#define ROW(key, kind_, off_, flags_) .name = (key), .kind = (kind_), .off = (off_), .flags = (flags_)
#define RANGE(lo_, hi_) .lo = (lo_), .hi = (hi_)
/* A list of names (struct ct_names) in struct ct_omc_profile. */
#define NAMES(key, f) { ROW(key, K_STRS, OM(f.v), NONEMPTY), .count = OM(f.n) }
/* A column name (a non-empty string). */
#define COLUMN(key, off, fl) { ROW(key, K_STR, off, NONEMPTY | (fl)) }

static const struct pf_key rat_keys[] = {  /* struct ct_rat_thresholds */
	{ ROW("coverage_dbm", K_NUM, RT(coverage_dbm), REQ), RANGE(-150, -20) },
	{ ROW("interference_dbm", K_NUM, RT(interference_dbm), REQ), RANGE(-150, 0) },
	{ ROW("interference_grade_min", K_INT, RT(interference_grade_min), REQ), RANGE(0, 5) },
	{ ROW("sinr_min_db", K_NUM, RT(sinr_min_db), 0), RANGE(-30, 60), .has = HAS(RT(has_sinr)) },
	{ ROW("ta_step_m", K_NUM, RT(ta_step_m), REQ), RANGE(0, 10000) },
	{ ROW("source", K_STR, RT(source), REQ | NONEMPTY) },  /* where the numbers come from */
	{ .name = NULL }
};

/* One group per RAT, named as ct_rat_name names them. */
#define RAT_GROUP(key, r) \
	{ ROW(key, K_GROUP, P(rat[r]), REQ), .has = HAS(P(rat[r].present)), .sub = rat_keys }
static const struct pf_key threshold_keys[] = {  /* struct ct_profile */
	RAT_GROUP("gsm", CT_RAT_GSM), RAT_GROUP("umts", CT_RAT_UMTS),
	RAT_GROUP("tdscdma", CT_RAT_TDSCDMA), RAT_GROUP("lte", CT_RAT_LTE),
	RAT_GROUP("nr", CT_RAT_NR),
	{ .name = NULL }
};

/* The limits' rows come from profile.h's lists (CT_RADIO_LIMITS ...). */
#define LIMIT_KEY(member, key, type, kind, lo, hi) \
	{ ROW(key, K_##kind, P(member), REQ), RANGE(lo, hi) },
static const struct pf_key radio_keys[] = {  /* struct ct_profile */
	CT_RADIO_LIMITS(LIMIT_KEY)
	{ .name = NULL }
};

static const struct pf_key core_keys[] = {  /* struct ct_profile */
	CT_CORE_LIMITS(LIMIT_KEY)
	{ .name = NULL }
};

static const struct pf_key terminal_keys[] = {  /* struct ct_profile */
	CT_TERMINAL_LIMITS(LIMIT_KEY)
	{ .name = NULL }
};

static const struct pf_key grade_keys[] = {  /* struct ct_grade_rule */
	{ ROW("grade", K_INT, GR(grade), REQ), RANGE(1, 3) },
	{ ROW("name", K_STR, GR(name), REQ | NONEMPTY) },
	{ ROW("when", K_FN, GR(conds), REQ), .read = read_conds },
	{ .name = NULL }
};

static const struct pf_key deadline_keys[] = {  /* struct ct_deadlines */
	{ ROW("dispatch_min", K_INT, DL(dispatch_min), REQ), RANGE(1, 100000) },
	{ ROW("handle_min", K_INT, DL(handle_min), REQ), RANGE(1, 100000) },
	{ ROW("return_min", K_INT, DL(return_min), REQ), RANGE(1, 100000) },
	{ ROW("feedback_min", K_INT, DL(feedback_min), REQ), RANGE(1, 100000) },
	{ ROW("reply_min", K_INT, DL(reply_min), REQ), RANGE(1, 100000) },
	{ ROW("appeal_reply_min", K_INT, DL(appeal_reply_min), REQ), RANGE(1, 100000) },
	{ ROW("register_min", K_INT, DL(register_min), REQ), RANGE(1, 100000) },
	{ ROW("register_major_min", K_INT, DL(register_major_min), REQ), RANGE(1, 100000) },
	{ ROW("callback_min", K_INT, DL(callback_min), REQ), RANGE(1, 100000) },
	{ ROW("progress_report_days", K_INT, DL(progress_report_days), REQ), RANGE(1, 365) },
	{ ROW("revisit_days_min", K_INT, DL(revisit_days_min), REQ), RANGE(1, 365) },
	{ ROW("revisit_days_max", K_INT, DL(revisit_days_max), REQ), RANGE(1, 365) },
	{ ROW("repeat_window_days", K_INT, DL(repeat_window_days), REQ), RANGE(0, 365) },
	{ .name = NULL }
};

static const struct pf_key sigmap_keys[] = {  /* struct ct_sigmap */
	{ ROW("family", K_STR, SM(family), REQ), .conv = conv_family,
	  .what = "one of " CT_FAMILY_CHOICES },
	{ ROW("group", K_STR, SM(group), 0), .conv = conv_cause_group,
	  .what = CT_CAUSE_GROUP_CHOICES },
	{ ROW("causes", K_FN, SM(lo), 0), .read = read_causes },
	{ ROW("message", K_STR, SM(message), NONEMPTY) },
	{ ROW("branch", K_STR, SM(branch), REQ), .conv = conv_branch,
	  .what = "a cause code or \"radio\"" },
	{ .name = NULL }
};

static const struct pf_key failure_keys[] = {  /* struct ct_failure_rule */
	{ ROW("family", K_STR, FR(family), REQ), .conv = conv_family,
	  .what = "one of " CT_FAMILY_CHOICES },
	{ ROW("group", K_STR, FR(group), 0), .conv = conv_cause_group,
	  .what = CT_CAUSE_GROUP_CHOICES },
	{ ROW("not_failures", K_FN, FR(not_failures), REQ), .read = read_not_failures },
	{ .name = NULL }
};

static const struct pf_key action_keys[] = {  /* struct ct_action */
	{ ROW("cause", K_STR, AC(cause), REQ), .conv = conv_cause, .what = "a cause code" },
	{ ROW("do", K_STRS, AC(lines), REQ), .count = AC(n) },
	{ .name = NULL }
};

static const struct pf_key kpi_keys[] = {  /* struct ct_omc_profile */
	NAMES("prb_used", prb_used), NAMES("prb_avail", prb_avail),
	NAMES("prb_usage_pct", prb_usage_pct), NAMES("rrc_att", rrc_att),
	NAMES("rrc_succ", rrc_succ), NAMES("drop_abnormal", drop_abnormal),
	NAMES("drop_normal", drop_normal), NAMES("ul_interference_dbm", ul_interference_dbm),
	NAMES("packet_load_pct", packet_load_pct), NAMES("gateway_load_pct", gateway_load_pct),
	{ .name = NULL }
};

static const struct pf_key csv_counter_keys[] = {  /* struct ct_omc_profile */
	COLUMN("object", OM(csv_counters.object), REQ),
	COLUMN("time", OM(csv_counters.time), REQ),
	{ ROW("granularity_s", K_LONG, OM(csv_counters.granularity_s), 0), RANGE(0, 86400 * 31) },
	{ .name = NULL }
};

static const struct pf_key csv_alarm_keys[] = {  /* struct ct_omc_profile */
	COLUMN("object", OM(csv_alarms.object), REQ),
	COLUMN("name", OM(csv_alarms.name), REQ),
	COLUMN("raised", OM(csv_alarms.raised), REQ),
	COLUMN("severity", OM(csv_alarms.severity), 0),
	COLUMN("cleared", OM(csv_alarms.cleared), 0),
	{ .name = NULL }
};

static const struct pf_key omc_keys[] = {  /* struct ct_omc_profile */
	{ ROW("prb_busy_pct", K_NUM, OM(prb_busy_pct), REQ), RANGE(0, 100) },
	{ ROW("strict", K_FLAG, OM(strict), 0) },
	{ ROW("kpi", K_GROUP, 0, 0), .sub = kpi_keys },
	NAMES("core_board_objects", core_board),
	{ ROW("csv_counters", K_GROUP, 0, 0), .sub = csv_counter_keys,
	  .has = HAS(OM(csv_counters.present)) },
	{ ROW("csv_alarms", K_GROUP, 0, 0), .sub = csv_alarm_keys, .has = HAS(OM(csv_alarms.present)) },
	{ .name = NULL }
};

/* A quality floor per RAT: RSRQ / Ec/No in dB. */
#define QUALITY(key, r) \
	{ ROW(key, K_NUM, DT(quality_min_db[r]), 0), RANGE(-40, 0), .has = HAS(DT(has_quality[r])) }
static const struct pf_key quality_keys[] = {  /* struct ct_dt_profile */
	QUALITY("gsm", CT_RAT_GSM), QUALITY("umts", CT_RAT_UMTS),
	QUALITY("tdscdma", CT_RAT_TDSCDMA), QUALITY("lte", CT_RAT_LTE),
	QUALITY("nr", CT_RAT_NR),
	{ .name = NULL }
};

static const struct pf_key dt_map_keys[] = {  /* struct ct_dt_map */
	COLUMN("name", DM(name), REQ),
	COLUMN("time", DM(time), REQ),
	{ ROW("time_format", K_STR, DM(time_format), 0), .conv = conv_time_format,
	  .what = "date, iso (when absent) or epoch" },
	COLUMN("lat", DM(lat), 0), COLUMN("lon", DM(lon), 0),
	COLUMN("rat", DM(rat), 0),  /* a column naming the RAT, or: */
	{ ROW("fixed_rat", K_STR, DM(fixed_rat), 0), .conv = conv_rat, .what = "a RAT name" },
	COLUMN("cell", DM(cell), 0),
	COLUMN("level", DM(level), REQ), COLUMN("level_add", DM(level_add), 0),
	COLUMN("quality", DM(quality), 0), COLUMN("sinr", DM(sinr), 0),
	COLUMN("dl", DM(dl), 0), COLUMN("ul", DM(ul), 0),
	/* the NR leg of an EN-DC row: SS-RSRP, SS-RSRQ, SS-SINR */
	COLUMN("nr_level", DM(nr_level), 0), COLUMN("nr_quality", DM(nr_quality), 0),
	COLUMN("nr_sinr", DM(nr_sinr), 0),
	{ ROW("rate_to_kbps", K_NUM, DM(rate_to_kbps), 0), RANGE(1e-9, 1e9) },  /* 1 when absent */
	{ ROW("missing", K_NUMS, DM(missing), 0), .count = DM(nmissing) },
	{ .name = NULL }
};

static const struct pf_key dt_keys[] = {  /* struct ct_dt_profile */
	{ ROW("weak_coverage_min_m", K_NUM, DT(weak_min_m), REQ), RANGE(0, 100000) },
	{ ROW("weak_coverage_min_s", K_NUM, DT(weak_min_s), REQ), RANGE(0, 86400) },
	{ ROW("pingpong_window_s", K_NUM, DT(pingpong_window_s), REQ), RANGE(0, 86400) },
	{ ROW("interference_min_samples", K_INT, DT(interference_min_samples), REQ), RANGE(1, 100000) },
	{ ROW("evidence_radius_m", K_NUM, DT(evidence_radius_m), REQ), RANGE(1, 100000) },
	{ ROW("spot_share_pct", K_NUM, DT(spot_share_pct), REQ), RANGE(0, 100) },
	{ ROW("strict", K_FLAG, DT(strict), 0) },
	{ ROW("quality_min_db", K_GROUP, 0, 0), .sub = quality_keys },
	{ ROW("csv", K_LIST, DT(maps), 0), .count = DT(nmaps), .sub = dt_map_keys,
	  .size = sizeof(struct ct_dt_map), .check = check_dt_maps },
	{ .name = NULL }
};

static const struct pf_key hotspot_keys[] = {  /* struct ct_noc_profile */
	{ ROW("window_hours", K_LLONG, NC(hot_window_s), REQ), RANGE(0.25, 24.0 * 366), .scale = 3600 },
	{ ROW("baseline_days", K_LLONG, NC(hot_baseline_s), REQ), RANGE(1, 3660), .scale = 86400 },
	{ ROW("p_value", K_NUM, NC(hot_p_max), REQ), RANGE(1e-300, 0.5) },
	{ ROW("min_count", K_INT, NC(hot_min_count), REQ), RANGE(1, 1000000) },
	{ ROW("baseline_floor", K_NUM, NC(hot_baseline_floor), REQ), RANGE(0.001, 1e6) },
	{ .name = NULL }
};

static const struct pf_key report_keys[] = {  /* struct ct_noc_profile */
	{ ROW("subscribers", K_LLONG, NC(subscribers), REQ), RANGE(0, 1e12) },
	{ ROW("target_per_10k", K_NUM, NC(target_per_10k), REQ), RANGE(0, 10000) },
	{ ROW("target_valid_per_10k", K_NUM, NC(target_valid_per_10k), REQ), RANGE(0, 10000) },
	{ ROW("target_repeat", K_INT, NC(target_repeat), REQ), RANGE(0, 1000000) },
	{ ROW("target_appeal", K_INT, NC(target_appeal), REQ), RANGE(0, 1000000) },
	{ ROW("points_per_complaint", K_NUM, NC(points_per_complaint), REQ), RANGE(0, 1000) },
	{ ROW("deduction_cap", K_INT, NC(deduction_cap), REQ), RANGE(0, 1000000) },
	{ ROW("within_cap_factor", K_NUM, NC(within_factor), REQ), RANGE(0, 1000) },
	{ ROW("over_cap_base", K_NUM, NC(over_base), REQ), RANGE(0, 1000) },
	{ ROW("over_cap_step", K_NUM, NC(over_step), REQ), RANGE(0, 1000) },
	{ ROW("max_points", K_NUM, NC(max_points), REQ), RANGE(0, 1000) },
	{ .name = NULL }
};

static const struct pf_key noc_keys[] = {  /* struct ct_noc_profile */
	{ ROW("hotspots", K_GROUP, 0, REQ), .sub = hotspot_keys },
	{ ROW("report", K_GROUP, 0, REQ), .sub = report_keys },
	{ .name = NULL }
};

static const struct pf_key time_keys[] = {  /* struct ct_time_profile */
	{ ROW("zone", K_STR, TM(zone), REQ | NONEMPTY), .conv = conv_zone,
	  .what = "a time zone (an IANA name with a file under " CT_ZONEINFO ")" },
	{ ROW("working_days", K_STRS, TM(working_days.v), REQ | NONEMPTY), .count = TM(working_days.n) },
	{ ROW("holidays", K_STRS, TM(holidays.v), REQ | NONEMPTY), .count = TM(holidays.n) },
	{ ROW("workdays", K_STRS, TM(workdays.v), REQ | NONEMPTY), .count = TM(workdays.n) },
	{ .name = NULL }
};

static const struct pf_key department_keys[] = {  /* struct ct_department */
	{ ROW("id", K_STR, DP(id), REQ | NONEMPTY) },
	{ ROW("name", K_STR, DP(name), REQ | NONEMPTY) },
	{ ROW("aliases", K_STRS, DP(aliases), 0), .count = DP(naliases) },
	{ .name = NULL }
};

static const struct pf_key escalation_keys[] = {  /* struct ct_desk_profile */
	{ ROW("before_min", K_LLONG, DK(esc_before_s), REQ), RANGE(0, 10080), .scale = 60 },
	{ ROW("scan_s", K_LLONG, DK(esc_scan_s), REQ), RANGE(1, 86400) },
	{ .name = NULL }
};

static const struct pf_key desk_keys[] = {  /* struct ct_desk_profile */
	{ ROW("escalation", K_GROUP, 0, REQ), .sub = escalation_keys },
	{ .name = NULL }
};

#define UD(f) offsetof(struct ct_user_dlt, f)
static const struct pf_key user_dlt_keys[] = {  /* struct ct_user_dlt */
	{ ROW("dlt", K_INT, UD(dlt), REQ), RANGE(CT_USER_DLT_FIRST,
						CT_USER_DLT_FIRST + CT_USER_DLT_COUNT - 1) },
	{ ROW("carries", K_STR, UD(carries), REQ), .conv = conv_user_carrier,
	  .what = CT_USER_CARRIER_CHOICES },
	{ .name = NULL }
};

/* capture.sbi_ports: TCP ports, whole numbers 1..65535, each once */
static int
check_sbi_ports(struct pf_ld *ld, const struct pf_node *n)
{
	const struct ct_profile *p = ld->p;

	for (size_t i = 0; i < p->nsbi_ports; i++) {
		double v = p->sbi_ports[i];

		if (v < 1 || v > 65535 || v != (double)(long)v)
			return pf_bad(ld, n, "capture.sbi_ports[%zu]: %g is not a TCP port (1..65535)",
				      i, v);
		for (size_t j = 0; j < i; j++)
			if (p->sbi_ports[j] == v)
				return pf_bad(ld, n, "capture.sbi_ports[%zu]: port %g is listed twice",
					      i, v);
	}
	return 0;
}

static const struct pf_key capture_keys[] = {  /* struct ct_profile */
	{ ROW("mtp3", K_STR, P(mtp3_variant), 0), .conv = conv_mtp3,
	  .what = "itu, ansi, china, japan or auto" },
	{ ROW("user_dlts", K_LIST, P(user_dlts), 0), .count = P(nuser_dlts),
	  .sub = user_dlt_keys, .size = sizeof(struct ct_user_dlt), .check = check_user_dlts },
	{ ROW("sbi_ports", K_NUMS, P(sbi_ports), 0), .count = P(nsbi_ports),
	  .check = check_sbi_ports },
	{ .name = NULL }
};

const struct pf_key pf_top_keys[] = {  /* struct ct_profile */
	{ ROW("version", K_FILE, 0, REQ) },  /* each file's own: 1 */
	{ ROW("base", K_FILE, 0, 0) },       /* each file's own: its base profile */
	{ ROW("typed_value_wins", K_FLAG, P(typed_value_wins), 0) },
	{ ROW("thresholds", K_GROUP, 0, REQ), .sub = threshold_keys },
	{ ROW("radio", K_GROUP, 0, REQ), .sub = radio_keys },
	{ ROW("core", K_GROUP, 0, REQ), .sub = core_keys },
	{ ROW("terminal", K_GROUP, 0, REQ), .sub = terminal_keys },
	{ ROW("default_grade", K_INT, P(default_grade), REQ), RANGE(1, 3) },
	{ ROW("grades", K_LIST, P(grades), REQ), .count = P(ngrades), .sub = grade_keys,
	  .size = sizeof(struct ct_grade_rule) },
	{ ROW("deadlines", K_GROUP, P(dl), REQ), .sub = deadline_keys, .check = check_deadlines },
	{ ROW("signalling", K_LIST, P(sigmap), REQ), .count = P(nsigmap), .sub = sigmap_keys,
	  .size = sizeof(struct ct_sigmap), .check = check_sigmap },
	{ ROW("actions", K_LIST, P(actions), REQ), .count = P(nactions), .sub = action_keys,
	  .size = sizeof(struct ct_action), .check = check_actions },
	{ ROW("failures", K_LIST, P(failures.rule), 0), .count = P(failures.n), .sub = failure_keys,
	  .size = sizeof(struct ct_failure_rule), .check = check_failures },
	{ ROW("omc", K_GROUP, P(omc), 0), .sub = omc_keys, .has = HAS(P(omc.present)) },
	{ ROW("drivetest", K_GROUP, P(dt), REQ), .sub = dt_keys },
	{ ROW("noc", K_GROUP, P(noc), REQ), .sub = noc_keys },
	{ ROW("time", K_GROUP, P(time), REQ), .sub = time_keys, .check = check_time },
	{ ROW("departments", K_LIST, P(departments), REQ), .count = P(ndepartments),
	  .sub = department_keys, .size = sizeof(struct ct_department), .check = check_departments },
	{ ROW("desk", K_GROUP, P(desk), REQ), .sub = desk_keys },
	{ ROW("capture", K_GROUP, 0, 0), .sub = capture_keys },
	{ .name = NULL }
};

