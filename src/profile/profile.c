/*
 * profile.c — loads and validates a profile (libconfig) into struct ct_profile.
 *
 * Validation is strict where a mistake would silently change verdicts: every
 * threshold must be present and numeric, cause codes must be real cause codes,
 * grade conditions must name known fields and values. Each error names the
 * file and the line of the offending setting.
 */
#include <libconfig.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/dissect.h"
#include "celltriage/profile.h"
#include "celltriage/verdict.h"

#define BUILTIN_NAME "built-in default.cfg"

struct ld {
	const char *file;
	struct ct_err *err;
};

static int bad(struct ld *ld, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reports an error at the setting's line: "file:line: message". */
static int
bad(struct ld *ld, const config_setting_t *s, const char *fmt, ...)
{
	struct ct_buf b = CT_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	ct_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (s && config_setting_source_line(s) > 0)
		rc = ct_fail(ld->err, CT_EPROFILE, "%s:%d: %s", ld->file,
			     config_setting_source_line(s), ct_buf_str(&b));
	else
		rc = ct_fail(ld->err, CT_EPROFILE, "%s: %s", ld->file, ct_buf_str(&b));
	ct_buf_free(&b);
	return rc;
}

static int
get_number(struct ld *ld, const config_setting_t *grp, const char *key,
	   double lo, double hi, double *out)
{
	const config_setting_t *s = config_setting_get_member(grp, key);
	int t;
	char path[128];

	snprintf(path, sizeof(path), "%s.%s",
		 config_setting_name(grp) ? config_setting_name(grp) : "", key);
	if (!s)
		return bad(ld, grp, "%s: missing", path);
	t = config_setting_type(s);
	if (t == CONFIG_TYPE_INT)
		*out = config_setting_get_int(s);
	else if (t == CONFIG_TYPE_INT64)
		*out = (double)config_setting_get_int64(s);
	else if (t == CONFIG_TYPE_FLOAT)
		*out = config_setting_get_float(s);
	else
		return bad(ld, s, "%s: expected a number", path);
	if (!isfinite(*out) || *out < lo || *out > hi)
		return bad(ld, s, "%s: %g is out of range %g..%g", path, *out, lo, hi);
	return 0;
}

static int
get_int(struct ld *ld, const config_setting_t *grp, const char *key, int lo,
	int hi, int *out)
{
	double d = 0;
	int rc = get_number(ld, grp, key, lo, hi, &d);

	if (rc)
		return rc;
	if (d != floor(d))
		return bad(ld, config_setting_get_member(grp, key),
			   "%s: expected a whole number", key);
	*out = (int)d;
	return 0;
}

static const config_setting_t *
get_group(struct ld *ld, const config_setting_t *parent, const char *key, int *rc)
{
	const config_setting_t *s = config_setting_get_member(parent, key);

	if (!s || !config_setting_is_group(s)) {
		*rc = bad(ld, s ? s : parent, "%s: missing or not a group { ... }", key);
		return NULL;
	}
	return s;
}

static char *
get_string(const config_setting_t *grp, const char *key)
{
	const char *v = NULL;

	if (!config_setting_lookup_string(grp, key, &v))
		return NULL;
	return ct_xstrdup(v);
}

static int
load_rats(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	int rc = 0;
	const config_setting_t *th = get_group(ld, root, "thresholds", &rc);

	if (!th)
		return rc;
	for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
		const char *name = ct_rat_name((enum ct_rat)r);
		const config_setting_t *g = get_group(ld, th, name, &rc);
		struct ct_rat_thresholds *t = &p->rat[r];

		if (!g)
			return rc;
		t->present = 1;
		if ((rc = get_number(ld, g, "coverage_dbm", -150, -20, &t->coverage_dbm)) ||
		    (rc = get_number(ld, g, "interference_dbm", -150, 0, &t->interference_dbm)) ||
		    (rc = get_int(ld, g, "interference_grade_min", 0, 5, &t->interference_grade_min)) ||
		    (rc = get_number(ld, g, "ta_step_m", 0, 10000, &t->ta_step_m)))
			return rc;
		if (config_setting_get_member(g, "sinr_min_db")) {
			if ((rc = get_number(ld, g, "sinr_min_db", -30, 60, &t->sinr_min_db)))
				return rc;
			t->has_sinr = 1;
		}
		t->source = get_string(g, "source");
		if (!t->source)
			return bad(ld, g, "%s.source: missing (say where the numbers come from)", name);
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
parse_cond(struct ld *ld, const config_setting_t *s, const char *text, struct ct_cond *c)
{
	const char *eq = strchr(text, '=');
	char field[64];
	const char *val;
	int v = -1;

	if (!eq || (size_t)(eq - text) >= sizeof(field))
		return bad(ld, s, "grade condition \"%s\": expected field=value", text);
	memcpy(field, text, (size_t)(eq - text));
	field[eq - text] = '\0';
	val = eq + 1;
	v = ct_value_of(cond_fields, field);
	if (v < 0)
		return bad(ld, s, "grade condition \"%s\": field must be customer.grade, channel, flag or customer.group_customer", text);
	c->kind = (enum ct_cond_kind)v;
	c->text = ct_xstrdup(text);
	switch (c->kind) {
	case CT_COND_CUST_GRADE:
		for (v = CT_CUST_VIP; v <= CT_CUST_NORMAL; v++)
			if (!strcmp(ct_cust_grade_name((enum ct_cust_grade)v), val))
				break;
		if (v > CT_CUST_NORMAL)
			return bad(ld, s, "grade condition \"%s\": unknown customer grade", text);
		break;
	case CT_COND_CHANNEL:
		for (v = CT_CH_HOTLINE; v <= CT_CH_LEADERSHIP; v++)
			if (!strcmp(ct_channel_name((enum ct_channel)v), val))
				break;
		if (v > CT_CH_LEADERSHIP)
			return bad(ld, s, "grade condition \"%s\": unknown channel", text);
		break;
	case CT_COND_FLAG:
		for (v = 0; v < CT_FL__COUNT; v++)
			if (!strcmp(ct_flag_name((enum ct_flag)v), val))
				break;
		if (v >= CT_FL__COUNT)
			return bad(ld, s, "grade condition \"%s\": unknown flag", text);
		break;
	case CT_COND_GROUP_CUSTOMER:
		if (strcmp(val, "true") && strcmp(val, "false"))
			return bad(ld, s, "grade condition \"%s\": expected true or false", text);
		v = !strcmp(val, "true");
		break;
	}
	c->value = v;
	return 0;
}

static int
load_grades(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	const config_setting_t *g = config_setting_get_member(root, "grades");
	int n, rc;

	if (!g || !config_setting_is_list(g))
		return bad(ld, g ? g : root, "%s: missing or not a list ( ... )", "grades");
	if ((rc = get_int(ld, root, "default_grade", 1, 3, &p->default_grade)))
		return rc;
	n = config_setting_length(g);
	p->grades = ct_xcalloc((size_t)n + 1, sizeof(*p->grades));
	for (int i = 0; i < n; i++) {
		const config_setting_t *r = config_setting_get_elem(g, (unsigned)i);
		const config_setting_t *when = config_setting_get_member(r, "when");
		struct ct_grade_rule *gr = &p->grades[p->ngrades++];
		int m;

		if (!config_setting_is_group(r))
			return bad(ld, r, "%s: each rule is a group { grade; name; when; }", "grades");
		if ((rc = get_int(ld, r, "grade", 1, 3, &gr->grade)))
			return rc;
		gr->name = get_string(r, "name");
		if (!gr->name)
			return bad(ld, r, "%s: rule without a name", "grades");
		if (!when || !config_setting_is_array(when) || config_setting_length(when) == 0)
			return bad(ld, r, "grades: rule \"%s\": when = [\"field=value\", ...] missing", gr->name);
		m = config_setting_length(when);
		gr->conds = ct_xcalloc((size_t)m, sizeof(*gr->conds));
		for (int j = 0; j < m; j++) {
			const char *t = config_setting_get_string_elem(when, (unsigned)j);

			if (!t)
				return bad(ld, when, "grades: rule \"%s\": conditions are strings", gr->name);
			gr->nconds++;
			if ((rc = parse_cond(ld, when, t, &gr->conds[j])))
				return rc;
		}
	}
	return 0;
}

static int
load_deadlines(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	int rc = 0;
	const config_setting_t *d = get_group(ld, root, "deadlines", &rc);
	struct ct_deadlines *dl = &p->dl;

	if (!d)
		return rc;
	if ((rc = get_int(ld, d, "dispatch_min", 1, 100000, &dl->dispatch_min)) ||
	    (rc = get_int(ld, d, "handle_min", 1, 100000, &dl->handle_min)) ||
	    (rc = get_int(ld, d, "return_min", 1, 100000, &dl->return_min)) ||
	    (rc = get_int(ld, d, "feedback_min", 1, 100000, &dl->feedback_min)) ||
	    (rc = get_int(ld, d, "reply_min", 1, 100000, &dl->reply_min)) ||
	    (rc = get_int(ld, d, "appeal_reply_min", 1, 100000, &dl->appeal_reply_min)) ||
	    (rc = get_int(ld, d, "register_min", 1, 100000, &dl->register_min)) ||
	    (rc = get_int(ld, d, "register_major_min", 1, 100000, &dl->register_major_min)) ||
	    (rc = get_int(ld, d, "callback_min", 1, 100000, &dl->callback_min)) ||
	    (rc = get_int(ld, d, "progress_report_days", 1, 365, &dl->progress_report_days)) ||
	    (rc = get_int(ld, d, "revisit_days_min", 1, 365, &dl->revisit_days_min)) ||
	    (rc = get_int(ld, d, "revisit_days_max", 1, 365, &dl->revisit_days_max)))
		return rc;
	if (dl->revisit_days_max < dl->revisit_days_min)
		return bad(ld, d, "%s: revisit_days_max is before revisit_days_min", "deadlines");
	/* Added with the NOC workflow (issue 5): optional, so that profiles
	 * written before it still load with the default. */
	dl->repeat_window_days = 30;
	if (config_setting_get_member(d, "repeat_window_days") &&
	    (rc = get_int(ld, d, "repeat_window_days", 0, 365, &dl->repeat_window_days)))
		return rc;
	return 0;
}

static int
load_sigmap(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	const config_setting_t *m = config_setting_get_member(root, "signalling");
	int n;

	if (!m || !config_setting_is_list(m))
		return bad(ld, m ? m : root, "%s: missing or not a list ( ... )", "signalling");
	n = config_setting_length(m);
	p->sigmap = ct_xcalloc((size_t)n + 1, sizeof(*p->sigmap));
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
		const config_setting_t *causes = config_setting_get_member(e, "causes");
		struct ct_sigmap *sm = &p->sigmap[p->nsigmap++];
		const char *fam = NULL, *grp = NULL;

		sm->line = config_setting_source_line(e);
		if (!config_setting_lookup_string(e, "family", &fam) ||
		    (sm->family = ct_family_from_name(fam)) < 0)
			return bad(ld, e, "signalling: %s", "family missing or not one of rr mm cc lte-rrc emm esm 5gmm 5gsm s1ap ngap gtpv2 diameter sip");
		sm->group = -1;
		if (config_setting_lookup_string(e, "group", &grp)) {
			for (int g = CT_CG_RADIO_NETWORK; g <= CT_CG_EXPERIMENTAL; g++)
				if (!strcmp(grp, ct_cause_group_name((enum ct_cause_group)g)))
					sm->group = g;
			if (sm->group < 0)
				return bad(ld, e, "signalling: group \"%s\" is not radioNetwork, transport, nas, protocol, misc, q850 or experimental", grp);
		}
		sm->lo = sm->hi = -1;
		if (causes) {
			/* a single value, or [lo, hi] */
			if (config_setting_type(causes) == CONFIG_TYPE_INT) {
				sm->lo = sm->hi = config_setting_get_int(causes);
			} else if (config_setting_is_array(causes) && config_setting_length(causes) == 2) {
				sm->lo = config_setting_get_int_elem(causes, 0);
				sm->hi = config_setting_get_int_elem(causes, 1);
			} else {
				return bad(ld, causes, "signalling: %s", "causes must be a value or [lo, hi]");
			}
			if (sm->lo < 0 || sm->hi < sm->lo)
				return bad(ld, causes, "signalling: %s", "causes range is empty or negative");
		}
		sm->message = get_string(e, "message");
		sm->branch = get_string(e, "branch");
		if (!sm->branch || (strcmp(sm->branch, "radio") && !ct_cause_valid(sm->branch)))
			return bad(ld, e, "signalling: %s", "branch missing, or neither a cause code nor \"radio\"");
	}
	return 0;
}

static int
load_actions(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	const config_setting_t *a = config_setting_get_member(root, "actions");
	int n;

	if (!a || !config_setting_is_list(a))
		return bad(ld, a ? a : root, "%s: missing or not a list ( ... )", "actions");
	n = config_setting_length(a);
	p->actions = ct_xcalloc((size_t)n + 1, sizeof(*p->actions));
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(a, (unsigned)i);
		const config_setting_t *lines = config_setting_get_member(e, "do");
		struct ct_action *ac = &p->actions[p->nactions++];
		int m;

		ac->cause = get_string(e, "cause");
		if (!ac->cause || !ct_cause_valid(ac->cause))
			return bad(ld, e, "actions: %s", "cause missing or not a cause code of SPEC §6");
		if (!lines || !config_setting_is_array(lines))
			return bad(ld, e, "actions: %s", "do = [\"...\", ...] missing");
		m = config_setting_length(lines);
		ac->lines = ct_xcalloc((size_t)m + 1, sizeof(char *));
		for (int j = 0; j < m; j++) {
			const char *t = config_setting_get_string_elem(lines, (unsigned)j);

			if (!t)
				return bad(ld, lines, "actions: %s", "each action is a string");
			ac->lines[ac->n++] = ct_xstrdup(t);
		}
	}
	for (const char *const *c = ct_cause_codes; *c; c++)
		if (!ct_profile_actions(p, *c))
			return bad(ld, a, "actions: no entry for cause %s", *c);
	return 0;
}

static int
load_limits(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	int rc = 0;
	const config_setting_t *r = get_group(ld, root, "radio", &rc), *c, *t;

	if (!r)
		return rc;
	if ((rc = get_number(ld, r, "bler_high_pct", 0, 100, &p->bler_high_pct)) ||
	    (rc = get_number(ld, r, "retrans_high_pct", 0, 100, &p->retrans_high_pct)) ||
	    (rc = get_number(ld, r, "reselections_max_per_min", 0, 1000, &p->reselections_max_per_min)) ||
	    (rc = get_int(ld, r, "pingpong_max", 0, 100000, &p->pingpong_max)) ||
	    (rc = get_number(ld, r, "repeater_excess_m", 0, 100000, &p->repeater_excess_m)))
		return rc;
	if (!(c = get_group(ld, root, "core", &rc)))
		return rc;
	if ((rc = get_number(ld, c, "packet_resource_load_max_pct", 0, 100, &p->packet_load_max_pct)) ||
	    (rc = get_number(ld, c, "gateway_load_max_pct", 0, 100, &p->gateway_load_max_pct)))
		return rc;
	if (!(t = get_group(ld, root, "terminal", &rc)))
		return rc;
	return get_number(ld, t, "worn_age_years", 0, 60, &p->worn_age_years);
}

/* An optional true/false setting (absent: false). */
static int
get_flag(struct ld *ld, const config_setting_t *grp, const char *path, const char *key, int *out)
{
	const config_setting_t *s = config_setting_get_member(grp, key);

	*out = 0;
	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return bad(ld, s, "%s.%s: expected true or false", path, key);
	*out = config_setting_get_bool(s);
	return 0;
}

/* An optional column name: absent is fine, present must be a non-empty string. */
static int
get_column(struct ld *ld, const config_setting_t *m, const char *key, char **out)
{
	const config_setting_t *s = config_setting_get_member(m, key);
	const char *v;

	*out = NULL;
	if (!s)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_STRING || !(v = config_setting_get_string(s)) || !*v)
		return bad(ld, s, "drivetest.csv: %s: expected a column name", key);
	*out = ct_xstrdup(v);
	return 0;
}

static int
load_dt_map(struct ld *ld, const config_setting_t *m, struct ct_dt_map *dm)
{
	static const char *const formats[] = { "date", "iso", "epoch", NULL };
	const config_setting_t *miss;
	const char *frat = NULL;
	int rc, ok = 0;

	dm->line = config_setting_source_line(m);
	if (!config_setting_is_group(m))
		return bad(ld, m, "drivetest.csv: each mapping is a group { name; time; level; ... }");
	if (!(dm->name = get_string(m, "name")) || !*dm->name)
		return bad(ld, m, "drivetest.csv: mapping without a name");
	if ((rc = get_column(ld, m, "time", &dm->time)) || (rc = get_column(ld, m, "lat", &dm->lat)) ||
	    (rc = get_column(ld, m, "lon", &dm->lon)) || (rc = get_column(ld, m, "rat", &dm->rat)) ||
	    (rc = get_column(ld, m, "cell", &dm->cell)) || (rc = get_column(ld, m, "level", &dm->level)) ||
	    (rc = get_column(ld, m, "level_add", &dm->level_add)) ||
	    (rc = get_column(ld, m, "quality", &dm->quality)) || (rc = get_column(ld, m, "sinr", &dm->sinr)) ||
	    (rc = get_column(ld, m, "dl", &dm->dl)) || (rc = get_column(ld, m, "ul", &dm->ul)))
		return rc;
	if (!dm->time || !dm->level)
		return bad(ld, m, "drivetest.csv: mapping \"%s\": time and level columns are required", dm->name);
	if ((!dm->lat) != (!dm->lon))
		return bad(ld, m, "drivetest.csv: mapping \"%s\": give both lat and lon, or neither", dm->name);
	dm->time_format = get_string(m, "time_format");
	if (!dm->time_format)
		dm->time_format = ct_xstrdup("iso");
	for (int i = 0; formats[i]; i++)
		ok |= !strcmp(formats[i], dm->time_format);
	if (!ok)
		return bad(ld, m, "drivetest.csv: mapping \"%s\": time_format must be date, iso or epoch", dm->name);
	if (config_setting_lookup_string(m, "fixed_rat", &frat)) {
		int r = ct_rat_from_name(frat);

		if (r <= 0 || dm->rat)
			return bad(ld, m, "drivetest.csv: mapping \"%s\": fixed_rat must be a RAT name, and not given with rat", dm->name);
		dm->fixed_rat = r;
	} else if (!dm->rat) {
		return bad(ld, m, "drivetest.csv: mapping \"%s\": give a rat column or a fixed_rat", dm->name);
	}
	dm->rate_to_kbps = 1.0;
	if (config_setting_get_member(m, "rate_to_kbps") &&
	    (rc = get_number(ld, m, "rate_to_kbps", 1e-9, 1e9, &dm->rate_to_kbps)))
		return rc;
	if ((miss = config_setting_get_member(m, "missing"))) {
		int n = config_setting_length(miss);

		if (!config_setting_is_array(miss))
			return bad(ld, miss, "drivetest.csv: missing = [ numbers ] expected");
		dm->missing = ct_xcalloc((size_t)n + 1, sizeof(double));
		for (int i = 0; i < n; i++) {
			const config_setting_t *e = config_setting_get_elem(miss, (unsigned)i);
			int t = config_setting_type(e);

			if (t == CONFIG_TYPE_FLOAT)
				dm->missing[dm->nmissing++] = config_setting_get_float(e);
			else if (t == CONFIG_TYPE_INT)
				dm->missing[dm->nmissing++] = config_setting_get_int(e);
			else
				return bad(ld, miss, "drivetest.csv: missing = [ numbers ] expected");
		}
	}
	return 0;
}

static int
load_drivetest_group(struct ld *ld, const config_setting_t *d, struct ct_profile *p)
{
	struct ct_dt_profile *dt = &p->dt;
	const config_setting_t *q, *maps;
	int rc;

	if (!config_setting_is_group(d))
		return bad(ld, d, "%s: not a group { ... }", "drivetest");
	if ((rc = get_number(ld, d, "weak_coverage_min_m", 0, 100000, &dt->weak_min_m)) ||
	    (rc = get_number(ld, d, "weak_coverage_min_s", 0, 86400, &dt->weak_min_s)) ||
	    (rc = get_number(ld, d, "pingpong_window_s", 0, 86400, &dt->pingpong_window_s)) ||
	    (rc = get_int(ld, d, "interference_min_samples", 1, 100000, &dt->interference_min_samples)) ||
	    (rc = get_number(ld, d, "evidence_radius_m", 1, 100000, &dt->evidence_radius_m)) ||
	    (rc = get_flag(ld, d, "drivetest", "strict", &dt->strict)))
		return rc;
	if ((q = config_setting_get_member(d, "quality_min_db"))) {
		if (!config_setting_is_group(q))
			return bad(ld, q, "%s: not a group { lte = -15.0; ... }", "drivetest.quality_min_db");
		for (int r = CT_RAT_GSM; r < CT_RAT__COUNT; r++) {
			const char *name = ct_rat_name((enum ct_rat)r);

			if (!config_setting_get_member(q, name))
				continue;
			if ((rc = get_number(ld, q, name, -40, 0, &dt->quality_min_db[r])))
				return rc;
			dt->has_quality[r] = 1;
		}
	}
	if ((maps = config_setting_get_member(d, "csv"))) {
		int n = config_setting_length(maps);

		if (!config_setting_is_list(maps))
			return bad(ld, maps, "%s: not a list ( { ... }, ... )", "drivetest.csv");
		dt->maps = ct_xcalloc((size_t)n + 1, sizeof(*dt->maps));
		for (int i = 0; i < n; i++) {
			dt->nmaps++;
			if ((rc = load_dt_map(ld, config_setting_get_elem(maps, (unsigned)i), &dt->maps[i])))
				return rc;
		}
	}
	return 0;
}

/* The drivetest group, or the built-in profile's when the file has none. */
static int
load_drivetest(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	const config_setting_t *d = config_setting_get_member(root, "drivetest");
	struct ld bld = { BUILTIN_NAME, ld->err };
	config_t cfg;
	int rc;

	if (d)
		return load_drivetest_group(ld, d, p);
	config_init(&cfg);
	if (!config_read_string(&cfg, ct_default_profile_text) ||
	    !(d = config_setting_get_member(config_root_setting(&cfg), "drivetest"))) {
		config_destroy(&cfg);
		return ct_fail(ld->err, CT_EPROFILE, "%s: no drivetest group", BUILTIN_NAME);
	}
	rc = load_drivetest_group(&bld, d, p);
	p->dt.builtin = 1;
	config_destroy(&cfg);
	return rc;
}

/* An array of counter names: "names = [\"RRU.PrbUsedDl\", \"pmPrbUsedDl\"]". */
static int
get_names(struct ld *ld, const config_setting_t *grp, const char *key, struct ct_names *out)
{
	const config_setting_t *a = config_setting_get_member(grp, key);
	int n;

	if (!a)
		return 0;
	if (!config_setting_is_array(a))
		return bad(ld, a, "omc.kpi.%s: expected [\"counter\", ...]", key);
	n = config_setting_length(a);
	out->v = ct_xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		const char *t = config_setting_get_string_elem(a, (unsigned)i);

		if (!t || !*t)
			return bad(ld, a, "omc.kpi.%s: counter names are non-empty strings", key);
		out->v[out->n++] = ct_xstrdup(t);
	}
	return 0;
}

static int
omc_column(struct ld *ld, const config_setting_t *grp, const char *path, const char *key,
	   int required, char **out)
{
	const config_setting_t *s = config_setting_get_member(grp, key);

	if (!s) {
		if (required)
			return bad(ld, grp, "%s.%s: missing (the header name of that column)", path, key);
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING || !*config_setting_get_string(s))
		return bad(ld, s, "%s.%s: expected a column name", path, key);
	*out = ct_xstrdup(config_setting_get_string(s));
	return 0;
}

/* The omc group (omc.h): KPI counter names, thresholds, CSV columns. */
static int
load_omc_group(struct ld *ld, const config_setting_t *o, struct ct_profile *p)
{
	const config_setting_t *k, *cc, *ca;
	struct ct_omc_profile *m = &p->omc;
	int rc;

	if (!config_setting_is_group(o))
		return bad(ld, o, "%s: not a group { ... }", "omc");
	m->present = 1;
	if ((rc = get_number(ld, o, "prb_busy_pct", 0, 100, &m->prb_busy_pct)) ||
	    (rc = get_flag(ld, o, "omc", "strict", &m->strict)) ||
	    (rc = get_names(ld, o, "core_board_objects", &m->core_board)))
		return rc;
	k = config_setting_get_member(o, "kpi");
	if (k && !config_setting_is_group(k))
		return bad(ld, k, "%s: not a group { ... }", "omc.kpi");
	if (k && ((rc = get_names(ld, k, "prb_used", &m->prb_used)) ||
		  (rc = get_names(ld, k, "prb_avail", &m->prb_avail)) ||
		  (rc = get_names(ld, k, "prb_usage_pct", &m->prb_usage_pct)) ||
		  (rc = get_names(ld, k, "rrc_att", &m->rrc_att)) ||
		  (rc = get_names(ld, k, "rrc_succ", &m->rrc_succ)) ||
		  (rc = get_names(ld, k, "drop_abnormal", &m->drop_abnormal)) ||
		  (rc = get_names(ld, k, "drop_normal", &m->drop_normal)) ||
		  (rc = get_names(ld, k, "ul_interference_dbm", &m->ul_interference_dbm)) ||
		  (rc = get_names(ld, k, "packet_load_pct", &m->packet_load_pct)) ||
		  (rc = get_names(ld, k, "gateway_load_pct", &m->gateway_load_pct))))
		return rc;
	if ((cc = config_setting_get_member(o, "csv_counters"))) {
		double g = 0;

		if (!config_setting_is_group(cc))
			return bad(ld, cc, "%s: not a group { ... }", "omc.csv_counters");
		m->csv_counters.present = 1;
		if ((rc = omc_column(ld, cc, "omc.csv_counters", "object", 1, &m->csv_counters.object)) ||
		    (rc = omc_column(ld, cc, "omc.csv_counters", "time", 1, &m->csv_counters.time)))
			return rc;
		if (config_setting_get_member(cc, "granularity_s") &&
		    (rc = get_number(ld, cc, "granularity_s", 0, 86400 * 31, &g)))
			return rc;
		m->csv_counters.granularity_s = (long)g;
	}
	if ((ca = config_setting_get_member(o, "csv_alarms"))) {
		if (!config_setting_is_group(ca))
			return bad(ld, ca, "%s: not a group { ... }", "omc.csv_alarms");
		m->csv_alarms.present = 1;
		if ((rc = omc_column(ld, ca, "omc.csv_alarms", "object", 1, &m->csv_alarms.object)) ||
		    (rc = omc_column(ld, ca, "omc.csv_alarms", "name", 1, &m->csv_alarms.name)) ||
		    (rc = omc_column(ld, ca, "omc.csv_alarms", "raised", 1, &m->csv_alarms.raised)) ||
		    (rc = omc_column(ld, ca, "omc.csv_alarms", "severity", 0, &m->csv_alarms.severity)) ||
		    (rc = omc_column(ld, ca, "omc.csv_alarms", "cleared", 0, &m->csv_alarms.cleared)))
			return rc;
	}
	return 0;
}

/* The omc group, or the built-in profile's when the file has none (as for
 * drivetest); none at all leaves omc.present = 0 (no KPIs, no CSV). */
static int
load_omc(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	const config_setting_t *o = config_setting_get_member(root, "omc");
	struct ld bld = { BUILTIN_NAME, ld->err };
	config_t cfg;
	int rc = 0;

	if (o)
		return load_omc_group(ld, o, p);
	config_init(&cfg);
	if (config_read_string(&cfg, ct_default_profile_text) &&
	    (o = config_setting_get_member(config_root_setting(&cfg), "omc")))
		rc = load_omc_group(&bld, o, p);
	config_destroy(&cfg);
	return rc;
}

/* The noc group's hotspots and report sub-groups (profile.h ct_noc_profile). */
static int
load_noc_group(struct ld *ld, const config_setting_t *g, struct ct_profile *p)
{
	struct ct_noc_profile *n = &p->noc;
	const config_setting_t *h, *r;
	double win_h, base_d, subs;
	int rc = 0;

	if (!config_setting_is_group(g))
		return bad(ld, g, "%s: not a group { ... }", "noc");
	if (!(h = get_group(ld, g, "hotspots", &rc)) || !(r = get_group(ld, g, "report", &rc)))
		return rc;
	if ((rc = get_number(ld, h, "window_hours", 0.25, 24.0 * 366, &win_h)) ||
	    (rc = get_number(ld, h, "baseline_days", 1, 3660, &base_d)) ||
	    (rc = get_number(ld, h, "p_value", 1e-300, 0.5, &n->hot_p_max)) ||
	    (rc = get_int(ld, h, "min_count", 1, 1000000, &n->hot_min_count)) ||
	    (rc = get_number(ld, h, "baseline_floor", 0.001, 1e6, &n->hot_baseline_floor)) ||
	    (rc = get_number(ld, r, "subscribers", 0, 1e12, &subs)) ||
	    (rc = get_number(ld, r, "target_per_10k", 0, 10000, &n->target_per_10k)) ||
	    (rc = get_number(ld, r, "target_valid_per_10k", 0, 10000, &n->target_valid_per_10k)) ||
	    (rc = get_int(ld, r, "target_repeat", 0, 1000000, &n->target_repeat)) ||
	    (rc = get_int(ld, r, "target_appeal", 0, 1000000, &n->target_appeal)) ||
	    (rc = get_number(ld, r, "points_per_complaint", 0, 1000, &n->points_per_complaint)) ||
	    (rc = get_int(ld, r, "deduction_cap", 0, 1000000, &n->deduction_cap)) ||
	    (rc = get_number(ld, r, "within_cap_factor", 0, 1000, &n->within_factor)) ||
	    (rc = get_number(ld, r, "over_cap_base", 0, 1000, &n->over_base)) ||
	    (rc = get_number(ld, r, "over_cap_step", 0, 1000, &n->over_step)) ||
	    (rc = get_number(ld, r, "max_points", 0, 1000, &n->max_points)))
		return rc;
	n->hot_window_s = (long long)(win_h * 3600.0 + 0.5);
	n->hot_baseline_s = (long long)(base_d * 86400.0 + 0.5);
	n->subscribers = (long long)subs;
	return 0;
}

/* The noc group, or the built-in profile's when the file has none (as for
 * drivetest). */
static int
load_noc(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	const config_setting_t *g = config_setting_get_member(root, "noc");
	struct ld bld = { BUILTIN_NAME, ld->err };
	config_t cfg;
	int rc;

	if (g)
		return load_noc_group(ld, g, p);
	config_init(&cfg);
	if (!config_read_string(&cfg, ct_default_profile_text) ||
	    !(g = config_setting_get_member(config_root_setting(&cfg), "noc"))) {
		config_destroy(&cfg);
		return ct_fail(ld->err, CT_EPROFILE, "%s: no noc group", BUILTIN_NAME);
	}
	rc = load_noc_group(&bld, g, p);
	p->noc.builtin = 1;
	config_destroy(&cfg);
	return rc;
}

/*
 * The optional `failures` group: which causes of a family are not failures,
 * replacing the built-in rule (dissect.h) for that family, or for one of
 * its cause groups when the entry names one:
 *   failures = ( { family = "gtpv2"; not_failures = ( [0, 63] ); },
 *                { family = "sip"; group = "q850"; not_failures = ( 16, [30, 31] ); } );
 * not_failures is a list of values and [lo, hi] ranges; an empty list
 * makes every value a failure. A family (and group) may have one entry.
 */
static int
load_failure_ranges(struct ld *ld, const config_setting_t *nf, struct ct_failure_rule *r)
{
	int n = config_setting_length(nf);
	struct ct_value_range *v = ct_xcalloc((size_t)n + 1, sizeof(*v));

	r->not_failures = v;
	for (int k = 0; k < n; k++) {
		const config_setting_t *x = config_setting_get_elem(nf, (unsigned)k);
		long long lo, hi;

		if (config_setting_type(x) == CONFIG_TYPE_INT || config_setting_type(x) == CONFIG_TYPE_INT64) {
			lo = hi = config_setting_get_int64(x);
		} else if (config_setting_is_array(x) && config_setting_length(x) == 2) {
			lo = config_setting_get_int64_elem(x, 0);
			hi = config_setting_get_int64_elem(x, 1);
		} else {
			return bad(ld, x, "failures: %s", "each of not_failures must be a value or [lo, hi]");
		}
		if (lo < 0 || hi < lo || hi > 0xffffffffLL)
			return bad(ld, x, "failures: %s", "not_failures range is empty or outside 0..4294967295");
		v[k].lo = (uint32_t)lo;
		v[k].hi = (uint32_t)hi;
		r->n++;
	}
	return 0;
}

static int
load_failures(struct ld *ld, const config_setting_t *root, struct ct_profile *p)
{
	const config_setting_t *f = config_setting_get_member(root, "failures");
	struct ct_failure_rule *rules;
	int n;

	if (!f)
		return 0;
	if (!config_setting_is_list(f))
		return bad(ld, f, "%s: not a list ( ... )", "failures");
	n = config_setting_length(f);
	rules = ct_xcalloc((size_t)n + 1, sizeof(*rules));
	p->failures.rule = rules;
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(f, (unsigned)i);
		const config_setting_t *nf = config_setting_get_member(e, "not_failures");
		struct ct_failure_rule *r = &rules[p->failures.n];
		const char *fam = NULL, *grp = NULL;
		struct ct_buf src = CT_BUF_INIT;
		int rc;

		if (!config_setting_is_group(e))
			return bad(ld, e, "failures: %s", "each entry is a group { family = ...; not_failures = ( ... ); }");
		if (!config_setting_lookup_string(e, "family", &fam) ||
		    (r->family = ct_family_from_name(fam)) < 0)
			return bad(ld, e, "failures: %s", "family missing or not one of rr mm cc lte-rrc emm esm 5gmm 5gsm s1ap ngap gtpv2 diameter sip");
		r->group = CT_FAIL_ANY_GROUP;
		if (config_setting_lookup_string(e, "group", &grp) &&
		    (r->group = ct_cause_group_from_name(grp)) < 0)
			return bad(ld, e, "failures: group \"%s\" is not radioNetwork, transport, nas, protocol, misc, q850 or experimental", grp);
		for (size_t j = 0; j < p->failures.n; j++)
			if (rules[j].family == r->family && rules[j].group == r->group)
				return bad(ld, e, "failures: a second entry for %s%s%s", fam,
					   grp ? "/" : "", grp ? grp : "");
		if (!nf || !config_setting_is_list(nf))
			return bad(ld, nf ? nf : e, "failures: %s", "not_failures missing or not a list ( value or [lo, hi], ... )");
		p->failures.n++; /* from here on ct_profile_free releases it */
		ct_buf_printf(&src, "%s:%d", ld->file, config_setting_source_line(e));
		r->source = ct_buf_detach(&src);
		if ((rc = load_failure_ranges(ld, nf, r)) != 0)
			return rc;
	}
	return 0;
}

int
ct_profile_load(const char *path, struct ct_profile *p, struct ct_err *err)
{
	config_t cfg;
	struct ld ld = { path ? path : BUILTIN_NAME, err };
	const config_setting_t *root, *vs;
	int ok, rc, version = 0;

	memset(p, 0, sizeof(*p));
	config_init(&cfg);
	ok = path ? config_read_file(&cfg, path)
		  : config_read_string(&cfg, ct_default_profile_text);
	if (!ok) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			rc = ct_fail(err, CT_EPROFILE, "%s: cannot read the profile", ld.file);
		else
			rc = ct_fail(err, CT_EPROFILE, "%s:%d: %s", ld.file,
				     config_error_line(&cfg), config_error_text(&cfg));
		config_destroy(&cfg);
		return rc;
	}
	root = config_root_setting(&cfg);
	p->name = ct_xstrdup(ld.file);
	vs = config_setting_get_member(root, "version");
	if (vs && config_setting_type(vs) == CONFIG_TYPE_INT)
		version = config_setting_get_int(vs);
	if (version != 1)
		rc = bad(&ld, vs ? vs : root, "%s: expected version = 1", "version");
	else if (!(rc = load_rats(&ld, root, p)) && !(rc = load_limits(&ld, root, p)) &&
		 !(rc = load_grades(&ld, root, p)) && !(rc = load_deadlines(&ld, root, p)) &&
		 !(rc = load_sigmap(&ld, root, p)) && !(rc = load_actions(&ld, root, p)) &&
		 !(rc = load_drivetest(&ld, root, p)) && !(rc = load_omc(&ld, root, p)) &&
		 !(rc = get_flag(&ld, root, "profile", "typed_value_wins", &p->typed_value_wins)))
		rc = load_noc(&ld, root, p);
	if (!rc)
		rc = load_failures(&ld, root, p);
	config_destroy(&cfg);
	if (rc)
		ct_profile_free(p);
	return rc;
}

/* What load_failures allocated: the rules, their ranges and sources. */
static void
free_failures(struct ct_failure_rules *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free((void *)f->rule[i].not_failures);
		free((void *)f->rule[i].source);
	}
	free((void *)f->rule);
}

const struct ct_sigmap *
ct_profile_sigmap(const struct ct_profile *p, int family, int group, long cause,
		  const char *message)
{
	for (size_t i = 0; i < p->nsigmap; i++) {
		const struct ct_sigmap *m = &p->sigmap[i];

		if (m->family != family || (m->group >= 0 && m->group != group))
			continue;
		if (m->lo >= 0 && (cause < m->lo || cause > m->hi))
			continue;
		if (m->message && (!message || !strstr(message, m->message)))
			continue;
		return m;
	}
	return NULL;
}

const struct ct_action *
ct_profile_actions(const struct ct_profile *p, const char *cause)
{
	for (size_t i = 0; i < p->nactions; i++)
		if (!strcmp(p->actions[i].cause, cause))
			return &p->actions[i];
	return NULL;
}

void
ct_profile_free(struct ct_profile *p)
{
	free(p->name);
	for (int r = 0; r < CT_RAT__COUNT; r++)
		free(p->rat[r].source);
	for (size_t i = 0; i < p->ngrades; i++) {
		for (size_t j = 0; j < p->grades[i].nconds; j++)
			free(p->grades[i].conds[j].text);
		free(p->grades[i].conds);
		free(p->grades[i].name);
	}
	free(p->grades);
	for (size_t i = 0; i < p->nsigmap; i++) {
		free(p->sigmap[i].branch);
		free(p->sigmap[i].message);
	}
	free(p->sigmap);
	for (size_t i = 0; i < p->nactions; i++) {
		for (size_t j = 0; j < p->actions[i].n; j++)
			free(p->actions[i].lines[j]);
		free(p->actions[i].lines);
		free(p->actions[i].cause);
	}
	free(p->actions);
	for (size_t i = 0; i < p->dt.nmaps; i++) {
		struct ct_dt_map *m = &p->dt.maps[i];

		free(m->name); free(m->time); free(m->time_format); free(m->lat); free(m->lon);
		free(m->rat); free(m->cell); free(m->level); free(m->level_add); free(m->quality);
		free(m->sinr); free(m->dl); free(m->ul); free(m->missing);
	}
	free(p->dt.maps);
	{
		struct ct_names *nl[] = {
			&p->omc.prb_used, &p->omc.prb_avail, &p->omc.prb_usage_pct, &p->omc.rrc_att,
			&p->omc.rrc_succ, &p->omc.drop_abnormal, &p->omc.drop_normal,
			&p->omc.ul_interference_dbm, &p->omc.packet_load_pct, &p->omc.gateway_load_pct,
			&p->omc.core_board
		};

		for (size_t i = 0; i < sizeof(nl) / sizeof(nl[0]); i++) {
			for (size_t j = 0; j < nl[i]->n; j++)
				free(nl[i]->v[j]);
			free(nl[i]->v);
		}
	}
	free(p->omc.csv_counters.object);
	free(p->omc.csv_counters.time);
	free(p->omc.csv_alarms.object);
	free(p->omc.csv_alarms.name);
	free(p->omc.csv_alarms.severity);
	free(p->omc.csv_alarms.raised);
	free(p->omc.csv_alarms.cleared);
	free_failures(&p->failures);
	memset(p, 0, sizeof(*p));
}
