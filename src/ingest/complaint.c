/*
 * complaint.c — reads complaint JSON into struct ct_complaint (the fields
 * and values complaint.h documents; their names are in src/util/names.c).
 *
 * Absent fields stay unknown. Present fields must have the type and range
 * the contract gives them; a violation is an error naming the field. A
 * member the contract does not name is refused at every level (a misspelt
 * key would otherwise turn a reading into "unknown" without a word), with
 * the closest allowed name as a hint.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "celltriage/complaint.h"
#include "celltriage/dissect.h"

#define COMPLAINT_FILE_MAX (256u << 20) /* a JSON Lines batch of ~100k complaints */

static const struct ct_name works_fails[] = {
	{ CT_YES, "works" }, { CT_NO, "fails" }, { 0, NULL }
};

void
ct_complaint_note(struct ct_complaint *c, const char *field, const char *source)
{
	c->notes = ct_xrealloc(c->notes, (c->nnotes + 1) * sizeof(*c->notes));
	c->notes[c->nnotes].field = ct_xstrdup(field);
	c->notes[c->nnotes].source = ct_xstrdup(source);
	c->nnotes++;
}

void
ct_complaint_unused(struct ct_complaint *c, const char *file, const char *why)
{
	c->unused = ct_xrealloc(c->unused, (c->nunused + 1) * sizeof(*c->unused));
	c->unused[c->nunused].field = ct_xstrdup(file);
	c->unused[c->nunused].source = ct_xstrdup(why);
	c->nunused++;
}

/* The context of one object being read: where it came from, for messages. */
struct rd {
	const char *where;
	struct ct_err *err;
};

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "a value";
}

static int
type_error(struct rd *rd, const char *field, const char *want, const json_t *v)
{
	if (json_is_string(v))
		return ct_fail(rd->err, CT_EINPUT, "%s: %s: expected %s, got \"%.40s\"",
			       rd->where, field, want, json_string_value(v));
	return ct_fail(rd->err, CT_EINPUT, "%s: %s: expected %s, got %s",
		       rd->where, field, want, type_name(v));
}

/* Looks up key in obj; NULL when absent or JSON null (both mean unknown). */
static json_t *
member(json_t *obj, const char *key)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;

	return v && !json_is_null(v) ? v : NULL;
}

/* Levenshtein distance of a and b, stopping at limit + 1: only "close or
 * not" matters for the hint. */
static size_t
edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), row[64], best;

	if (lb >= sizeof(row) / sizeof(row[0]) || (la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], v = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
	}
	return row[lb];
}

/* Refuses a member of obj whose name is not in allowed (NULL-terminated).
 * path is the object's place ("" at the top, "location." below it); the
 * message names the member and, when an allowed name is within two edits,
 * suggests it. */
static int
check_keys(struct rd *rd, json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *hint = NULL;
		size_t best = 3;
		int known = 0;

		(void)v;
		for (const char *const *a = allowed; *a && !known; a++)
			known = !strcmp(key, *a);
		if (known)
			continue;
		/* Unknown: the closest allowed name, for the message only. */
		for (const char *const *a = allowed; *a; a++) {
			size_t d = edit_distance(key, *a, 2);

			if (d < best) {
				best = d;
				hint = *a;
			}
		}
		if (hint)
			return ct_fail(rd->err, CT_EINPUT,
				       "%s: %s%.64s: unknown key (did you mean \"%s\"?)",
				       rd->where, path, key, hint);
		return ct_fail(rd->err, CT_EINPUT, "%s: %s%.64s: unknown key", rd->where, path, key);
	}
	return 0;
}

/* The members each object of a complaint may hold (doc/complaint.md). */
static const char *const top_keys[] = {
	"id", "received_at", "msisdn", "imsi", "imei", "phenomenon", "rat", "band",
	"customer", "channel", "flags", "location", "terminal", "account", "field_tests",
	"measurements", "omc", "known_model_defect", "signalling", "description", NULL
};
static const char *const customer_keys[] = { "grade", "group_customer", NULL };
static const char *const location_keys[] = {
	"lat", "lon", "cell", "address", "serving_site", NULL
};
static const char *const site_keys[] = { "lat", "lon", NULL };
static const char *const terminal_keys[] = {
	"model", "age_years", "damaged", "unbranded", "supported_rats", "supported_bands", NULL
};
static const char *const account_keys[] = { "arrears", "barred", NULL };
static const char *const tests_keys[] = {
	"user_sim_in_test_phone", "test_sim_in_user_phone", "test_sim_on_site",
	"segment_users_affected", "subscriber_data_ok", NULL
};
static const char *const omc_keys[] = {
	"cell_busy", "alarms", "core_cell_data_match", "core_board_alarm",
	"packet_resource_load_pct", "gateway_load_pct", NULL
};
static const char *const sig_keys[] = { "family", "cause", "group", "message", NULL };

static int
get_str(struct rd *rd, json_t *obj, const char *key, const char *field,
	size_t max, char **out)
{
	json_t *v = member(obj, key);

	if (!v)
		return 0;
	if (!json_is_string(v))
		return type_error(rd, field, "a string", v);
	if (json_string_length(v) > max)
		return ct_fail(rd->err, CT_EINPUT, "%s: %s: longer than %zu bytes",
			       rd->where, field, max);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return ct_fail(rd->err, CT_EINPUT, "%s: %s: contains a NUL character",
			       rd->where, field);
	*out = ct_xstrdup(json_string_value(v));
	return 0;
}

/* An identifier (the complaint's id, a cell): a string without control
 * characters, which would split an output line or drive a terminal. */
static int
get_id(struct rd *rd, json_t *obj, const char *key, const char *field, size_t max, char **out)
{
	int rc = get_str(rd, obj, key, field, max, out);
	long at;

	if (rc || !*out || (at = ct_ctrl_char(*out)) < 0)
		return rc;
	rc = ct_fail(rd->err, CT_EINPUT, "%s: %s: control character 0x%02x at byte %ld",
		     rd->where, field, (unsigned char)(*out)[at], at + 1);
	free(*out);
	*out = NULL;
	return rc;
}

/* A string of digits (MSISDN, IMSI, IMEI), an optional leading '+' for MSISDN. */
static int
get_digits(struct rd *rd, json_t *obj, const char *key, size_t minlen,
	   size_t maxlen, int plus, char **out)
{
	int rc = get_str(rd, obj, key, key, 64, out);
	const char *s;
	size_t n;

	if (rc || !*out)
		return rc;
	s = *out + (plus && **out == '+');
	n = strlen(s);
	if (n < minlen || n > maxlen || strspn(s, "0123456789") != n) {
		rc = ct_fail(rd->err, CT_EINPUT, "%s: %s: \"%s\" is not %zu to %zu digits",
			     rd->where, key, *out, minlen, maxlen);
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* The value of name in table t, compared without regard to ASCII case
 * ("LTE" is lte): no two names of a complaint enumeration differ only in
 * case, so folding never makes a value ambiguous. -1 if not there. */
static int
enum_value(const struct ct_name *t, const char *name)
{
	for (; t->name; t++)
		if (strcasecmp(t->name, name) == 0)
			return t->value;
	return -1;
}

static int
get_enum(struct rd *rd, json_t *obj, const char *key, const char *field,
	 const struct ct_name *t, int *out)
{
	json_t *v = member(obj, key);
	int e;

	if (!v)
		return 0;
	if (!json_is_string(v))
		return type_error(rd, field, "a string", v);
	e = enum_value(t, json_string_value(v));
	if (e < 0) {
		struct ct_buf allowed = CT_BUF_INIT;
		int rc;

		for (const struct ct_name *p = t; p->name; p++)
			ct_buf_printf(&allowed, "%s%s", p == t ? "" : ", ", p->name);
		rc = ct_fail(rd->err, CT_EINPUT, "%s: %s: \"%.40s\" is not one of %s",
			     rd->where, field, json_string_value(v), ct_buf_str(&allowed));
		ct_buf_free(&allowed);
		return rc;
	}
	*out = e;
	return 0;
}

static int
get_bool(struct rd *rd, json_t *obj, const char *key, const char *field,
	 enum ct_tri *out)
{
	json_t *v = member(obj, key);

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return type_error(rd, field, "true or false", v);
	*out = json_is_true(v) ? CT_YES : CT_NO;
	return 0;
}

static int
get_num(struct rd *rd, json_t *obj, const char *key, const char *field,
	double lo, double hi, int integer, const char *unit, struct ct_num *out)
{
	json_t *v = member(obj, key);
	double d;
	char a[32], b[32], x[32];

	if (!v)
		return 0;
	if (!json_is_number(v))
		return type_error(rd, field, "a number", v);
	d = json_number_value(v);
	/* The numbers are written only for a message: printf's %f cost more
	 * than the rest of reading a number (three for each one read). */
	if (!isfinite(d) || d < lo || d > hi) {
		ct_fmt_num(x, sizeof(x), d);
		ct_fmt_num(a, sizeof(a), lo);
		ct_fmt_num(b, sizeof(b), hi);
		return ct_fail(rd->err, CT_EINPUT, "%s: %s: %s is out of range %s..%s%s%s",
			       rd->where, field, x, a, b, *unit ? " " : "", unit);
	}
	if (integer && d != floor(d)) {
		ct_fmt_num(x, sizeof(x), d);
		return ct_fail(rd->err, CT_EINPUT, "%s: %s: %s is not a whole number",
			       rd->where, field, x);
	}
	out->has = 1;
	out->v = d;
	return 0;
}

static int
get_object(struct rd *rd, json_t *obj, const char *key, json_t **out)
{
	json_t *v = member(obj, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_object(v))
		return type_error(rd, key, "an object", v);
	*out = v;
	return 0;
}

static int
get_strlist(struct rd *rd, json_t *obj, const char *key, const char *field,
	    struct ct_strlist *out)
{
	json_t *v = member(obj, key), *e;
	size_t i;

	if (!v)
		return 0;
	if (!json_is_array(v))
		return type_error(rd, field, "an array", v);
	if (json_array_size(v) > 1024)
		return ct_fail(rd->err, CT_EINPUT, "%s: %s: more than 1024 entries",
			       rd->where, field);
	out->has = 1;
	out->v = ct_xcalloc(json_array_size(v) + 1, sizeof(char *));
	json_array_foreach(v, i, e) {
		char name[64];

		snprintf(name, sizeof(name), "%s[%zu]", field, i);
		if (json_is_string(e)) {
			out->v[out->n++] = ct_xstrdup(json_string_value(e));
		} else if (json_is_object(e) && json_is_string(json_object_get(e, "name"))) {
			/* alarms may be objects: {"name": ..., ...} */
			out->v[out->n++] = ct_xstrdup(json_string_value(json_object_get(e, "name")));
		} else if (json_is_integer(e)) {
			char num[32];

			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(e));
			out->v[out->n++] = ct_xstrdup(num);
		} else {
			return type_error(rd, name, "a string", e);
		}
	}
	return 0;
}

static void
strlist_free(struct ct_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
ct_complaint_free(struct ct_complaint *c)
{
	if (c->json)
		json_decref(c->json);
	free(c->text);
	free(c->id);
	free(c->received_at);
	free(c->zone_notice);
	free(c->msisdn);
	free(c->imsi);
	free(c->imei);
	free(c->band);
	free(c->cell);
	free(c->address);
	free(c->terminal.model);
	strlist_free(&c->terminal.rats);
	strlist_free(&c->terminal.bands);
	strlist_free(&c->omc.alarms);
	for (size_t i = 0; i < c->nnotes; i++) {
		free(c->notes[i].field);
		free(c->notes[i].source);
	}
	free(c->notes);
	for (size_t i = 0; i < c->nunused; i++) {
		free(c->unused[i].field);
		free(c->unused[i].source);
	}
	free(c->unused);
	free(c->spot_level.where);
	free(c->spot_sinr.where);
	for (size_t i = 0; i < c->nsig; i++) {
		free(c->sig[i].source);
		free(c->sig[i].message);
	}
	free(c->sig);
	free(c->description);
	memset(c, 0, sizeof(*c));
}

/* Measurement fields and their plausible ranges. A reading outside the range
 * is a typing or unit error (e.g. +20 dBm, -500 dBm), refused rather than
 * diagnosed. Ranges: TS 45.008 / TS 36.133 reporting ranges, widened. */
#define MEAS(f, lo, hi, integer, unit) { #f, offsetof(struct ct_complaint, meas.f), lo, hi, integer, unit }
static const struct {
	const char *key;
	size_t off;
	double lo, hi;
	int integer;
	const char *unit;
} meas_fields[] = {
	MEAS(signal_dbm, -150, -10, 0, "dBm"),
	MEAS(interference_dbm, -150, 0, 0, "dBm"),
	MEAS(interference_grade, 0, 5, 1, ""),
	MEAS(bler_pct, 0, 100, 0, "%"),
	MEAS(retrans_pct, 0, 100, 0, "%"),
	MEAS(timing_advance, 0, 4000, 1, ""),   /* GSM 0..63, LTE 0..1282, NR 0..3846 */
	MEAS(reselections_per_min, 0, 1000, 0, ""),
	MEAS(pingpong_handovers, 0, 100000, 1, ""),
	MEAS(sinr_db, -30, 60, 0, "dB"),
	MEAS(rsrq_db, -40, 0, 0, "dB"),
};

static int
read_location(struct rd *rd, json_t *obj, struct ct_complaint *c)
{
	json_t *loc, *site;
	int rc;

	if ((rc = get_object(rd, obj, "location", &loc)) || !loc)
		return rc;
	if ((rc = check_keys(rd, loc, "location.", location_keys)))
		return rc;
	if ((rc = get_num(rd, loc, "lat", "location.lat", -90, 90, 0, "", &c->lat)) ||
	    (rc = get_num(rd, loc, "lon", "location.lon", -180, 180, 0, "", &c->lon)) ||
	    (rc = get_id(rd, loc, "cell", "location.cell", 128, &c->cell)) ||
	    (rc = get_str(rd, loc, "address", "location.address", 4096, &c->address)))
		return rc;
	if (c->lat.has != c->lon.has)
		return ct_fail(rd->err, CT_EINPUT, "%s: location: lat and lon go together",
			       rd->where);
	site = member(loc, "serving_site");
	if (!site)
		return 0;
	if (!json_is_object(site))
		return type_error(rd, "location.serving_site", "an object", site);
	if ((rc = check_keys(rd, site, "location.serving_site.", site_keys)))
		return rc;
	if ((rc = get_num(rd, site, "lat", "location.serving_site.lat", -90, 90, 0, "", &c->site_lat)) ||
	    (rc = get_num(rd, site, "lon", "location.serving_site.lon", -180, 180, 0, "", &c->site_lon)))
		return rc;
	if (c->site_lat.has != c->site_lon.has)
		return ct_fail(rd->err, CT_EINPUT,
			       "%s: location.serving_site: lat and lon go together", rd->where);
	return 0;
}

static int
read_terminal(struct rd *rd, json_t *obj, struct ct_complaint *c)
{
	json_t *t;
	int rc;

	if ((rc = get_object(rd, obj, "terminal", &t)) || !t)
		return rc;
	if ((rc = check_keys(rd, t, "terminal.", terminal_keys)))
		return rc;
	if ((rc = get_str(rd, t, "model", "terminal.model", 256, &c->terminal.model)) ||
	    (rc = get_num(rd, t, "age_years", "terminal.age_years", 0, 60, 0, "years",
			  &c->terminal.age_years)) ||
	    (rc = get_bool(rd, t, "damaged", "terminal.damaged", &c->terminal.damaged)) ||
	    (rc = get_bool(rd, t, "unbranded", "terminal.unbranded", &c->terminal.unbranded)) ||
	    (rc = get_strlist(rd, t, "supported_rats", "terminal.supported_rats", &c->terminal.rats)) ||
	    (rc = get_strlist(rd, t, "supported_bands", "terminal.supported_bands", &c->terminal.bands)))
		return rc;
	/* kept as written: the tree compares them without regard to case */
	for (size_t i = 0; i < c->terminal.rats.n; i++)
		if (enum_value(ct_rat_names, c->terminal.rats.v[i]) < 0)
			return ct_fail(rd->err, CT_EINPUT,
				       "%s: terminal.supported_rats[%zu]: \"%.40s\" is not one of gsm, umts, tdscdma, lte, nr",
				       rd->where, i, c->terminal.rats.v[i]);
	return 0;
}

static int
read_tests(struct rd *rd, json_t *obj, struct ct_complaint *c)
{
	json_t *ft;
	int rc, v;

	if ((rc = get_object(rd, obj, "field_tests", &ft)) || !ft)
		return rc;
	if ((rc = check_keys(rd, ft, "field_tests.", tests_keys)))
		return rc;
#define WF(key, dst) \
	do { \
		v = CT_UNKNOWN; \
		if ((rc = get_enum(rd, ft, #key, "field_tests." #key, works_fails, &v))) \
			return rc; \
		c->dst = (enum ct_tri)v; \
	} while (0)
	WF(user_sim_in_test_phone, user_sim_in_test_phone);
	WF(test_sim_in_user_phone, test_sim_in_user_phone);
	WF(test_sim_on_site, test_sim_on_site);
#undef WF
	if ((rc = get_bool(rd, ft, "segment_users_affected", "field_tests.segment_users_affected",
			   &c->segment_users_affected)) ||
	    (rc = get_bool(rd, ft, "subscriber_data_ok", "field_tests.subscriber_data_ok",
			   &c->subscriber_data_ok)))
		return rc;
	return 0;
}

static int
read_meas(struct rd *rd, json_t *obj, struct ct_complaint *c)
{
	const char *keys[sizeof(meas_fields) / sizeof(meas_fields[0]) + 1];
	json_t *m;
	int rc;

	if ((rc = get_object(rd, obj, "measurements", &m)) || !m)
		return rc;
	for (size_t i = 0; i < sizeof(meas_fields) / sizeof(meas_fields[0]); i++)
		keys[i] = meas_fields[i].key;
	keys[sizeof(meas_fields) / sizeof(meas_fields[0])] = NULL;
	if ((rc = check_keys(rd, m, "measurements.", keys)))
		return rc;
	for (size_t i = 0; i < sizeof(meas_fields) / sizeof(meas_fields[0]); i++) {
		char field[64];

		snprintf(field, sizeof(field), "measurements.%s", meas_fields[i].key);
		rc = get_num(rd, m, meas_fields[i].key, field, meas_fields[i].lo,
			     meas_fields[i].hi, meas_fields[i].integer, meas_fields[i].unit,
			     (struct ct_num *)((char *)c + meas_fields[i].off));
		if (rc)
			return rc;
	}
	return 0;
}

static int
read_omc(struct rd *rd, json_t *obj, struct ct_complaint *c)
{
	json_t *o;
	int rc;

	if ((rc = get_object(rd, obj, "omc", &o)) || !o)
		return rc;
	if ((rc = check_keys(rd, o, "omc.", omc_keys)))
		return rc;
	if ((rc = get_bool(rd, o, "cell_busy", "omc.cell_busy", &c->omc.cell_busy)) ||
	    (rc = get_strlist(rd, o, "alarms", "omc.alarms", &c->omc.alarms)) ||
	    (rc = get_bool(rd, o, "core_cell_data_match", "omc.core_cell_data_match",
			   &c->omc.core_cell_data_match)) ||
	    (rc = get_bool(rd, o, "core_board_alarm", "omc.core_board_alarm",
			   &c->omc.core_board_alarm)) ||
	    (rc = get_num(rd, o, "packet_resource_load_pct", "omc.packet_resource_load_pct",
			  0, 100, 0, "%", &c->omc.packet_resource_load_pct)) ||
	    (rc = get_num(rd, o, "gateway_load_pct", "omc.gateway_load_pct", 0, 100, 0, "%",
			  &c->omc.gateway_load_pct)))
		return rc;
	return 0;
}

static int
read_parties(struct rd *rd, json_t *obj, struct ct_complaint *c)
{
	json_t *cust, *fl, *e;
	int rc, v;
	size_t i;

	if ((rc = get_object(rd, obj, "customer", &cust)))
		return rc;
	if (cust) {
		if ((rc = check_keys(rd, cust, "customer.", customer_keys)))
			return rc;
		v = CT_CG_UNKNOWN;
		if ((rc = get_enum(rd, cust, "grade", "customer.grade", ct_cust_grade_names, &v)))
			return rc;
		c->cust_grade = (enum ct_cust_grade)v;
		if ((rc = get_bool(rd, cust, "group_customer", "customer.group_customer",
				   &c->group_customer)))
			return rc;
	}
	v = CT_CH_UNKNOWN;
	if ((rc = get_enum(rd, obj, "channel", "channel", ct_channel_names, &v)))
		return rc;
	c->channel = (enum ct_channel)v;
	fl = member(obj, "flags");
	if (!fl)
		return 0;
	if (!json_is_array(fl))
		return type_error(rd, "flags", "an array", fl);
	json_array_foreach(fl, i, e) {
		char field[32];

		snprintf(field, sizeof(field), "flags[%zu]", i);
		if (!json_is_string(e))
			return type_error(rd, field, "a string", e);
		v = enum_value(ct_flag_names, json_string_value(e));
		if (v < 0)
			return ct_fail(rd->err, CT_EINPUT,
				       "%s: %s: \"%.40s\" is not a known flag (media_exposed, regulator_deadline, churn_threat, billing_dispute, security, sensitive_party, key_relation, appeal)",
				       rd->where, field, json_string_value(e));
		c->flags |= 1u << v;
	}
	return 0;
}

/* A cause family without regard to case: the family names are all lower
 * case ("EMM" is emm). -1 if not a family. */
static int
family_value(const char *name)
{
	char low[16];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	if (name[i])
		return -1;
	low[i] = '\0';
	return ct_family_from_name(low);
}

static int
read_signalling(struct rd *rd, json_t *obj, struct ct_complaint *c)
{
	json_t *arr = member(obj, "signalling"), *e;
	size_t i;

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return type_error(rd, "signalling", "an array", arr);
	if (json_array_size(arr) > 256)
		return ct_fail(rd->err, CT_EINPUT, "%s: signalling: more than 256 entries", rd->where);
	c->has_sig = 1;
	c->capsig = json_array_size(arr) + 1;
	c->sig = ct_xcalloc(c->capsig, sizeof(*c->sig));
	json_array_foreach(arr, i, e) {
		char field[48], path[49];
		json_t *fam, *cause, *grp, *msg;
		int f, g = CT_CG_NONE, rc;

		snprintf(field, sizeof(field), "signalling[%zu]", i);
		if (!json_is_object(e))
			return type_error(rd, field, "an object", e);
		snprintf(path, sizeof(path), "%s.", field);
		if ((rc = check_keys(rd, e, path, sig_keys)))
			return rc;
		fam = json_object_get(e, "family");
		cause = json_object_get(e, "cause");
		grp = json_object_get(e, "group");
		if (!json_is_string(fam) || (f = family_value(json_string_value(fam))) < 0)
			return ct_fail(rd->err, CT_EINPUT,
				       "%s: %s.family: expected one of " CT_FAMILY_CHOICES,
				       rd->where, field);
		if (!json_is_integer(cause) || json_integer_value(cause) < 0 ||
		    json_integer_value(cause) > 0xffffffffLL)
			return ct_fail(rd->err, CT_EINPUT, "%s: %s.cause: expected a whole number 0..4294967295",
				       rd->where, field);
		if (grp && !json_is_null(grp)) {
			g = -1;
			if (json_is_string(grp))
				for (int k = CT_CG_RADIO_NETWORK; k < CT_CG__COUNT; k++)
					if (!strcasecmp(json_string_value(grp),
							ct_cause_group_name((enum ct_cause_group)k)))
						g = k;
			if (g < 0)
				return ct_fail(rd->err, CT_EINPUT,
					       "%s: %s.group: expected " CT_CAUSE_GROUP_CHOICES,
					       rd->where, field);
		}
		msg = json_object_get(e, "message");
		if (msg && !json_is_null(msg) && !json_is_string(msg))
			return type_error(rd, "signalling.message", "a string", msg);
		c->sig[c->nsig].family = f;
		c->sig[c->nsig].group = g;
		c->sig[c->nsig].cause = (long)json_integer_value(cause);
		c->sig[c->nsig].message = json_is_string(msg) ? ct_xstrdup(json_string_value(msg)) : NULL;
		c->nsig++;
	}
	return 0;
}

int
ct_complaint_from_json(json_t *obj, const char *where, struct ct_complaint *c,
		       struct ct_err *err)
{
	struct rd rd = { where, err };
	int rc, v;

	memset(c, 0, sizeof(*c));
	if (!json_is_object(obj))
		return type_error(&rd, "complaint", "an object", obj);
	c->json = json_incref(obj);
	c->phenomenon = CT_PH__COUNT;
	v = CT_PH__COUNT;
	if ((rc = check_keys(&rd, obj, "", top_keys)) ||
	    (rc = get_id(&rd, obj, "id", "id", 128, &c->id)) ||
	    (rc = get_str(&rd, obj, "received_at", "received_at", 64, &c->received_at)) ||
	    (rc = get_digits(&rd, obj, "msisdn", 3, 15, 1, &c->msisdn)) ||
	    (rc = get_digits(&rd, obj, "imsi", 6, 15, 0, &c->imsi)) ||
	    (rc = get_digits(&rd, obj, "imei", 14, 16, 0, &c->imei)) ||
	    (rc = get_enum(&rd, obj, "phenomenon", "phenomenon", ct_phenomenon_names, &v)))
		goto fail;
	c->phenomenon = (enum ct_phenomenon)v;
	if (!c->msisdn) {
		rc = ct_fail(err, CT_EINPUT, "%s: msisdn: required field is missing", where);
		goto fail;
	}
	if (c->phenomenon == CT_PH__COUNT) {
		rc = ct_fail(err, CT_EINPUT, "%s: phenomenon: required field is missing", where);
		goto fail;
	}
	if (c->received_at) {
		int zoneless = 0;

		if ((rc = ct_parse_time_zoned(c->received_at, &c->received_epoch, &zoneless)) < 0) {
			rc = ct_fail(err, CT_EINPUT, "%s: received_at: \"%.40s\" %s", where,
				     c->received_at, rc == CT_TIME_RANGE ? CT_TIME_RANGE_WHY
				     : "is not an ISO 8601 time");
			goto fail;
		}
		c->has_received = 1;
		if (zoneless) {
			struct ct_buf b = CT_BUF_INIT;
			char at[CT_TIME_LEN];

			ct_fmt_time(at, sizeof(at), c->received_epoch);
			ct_buf_printf(&b, "%s: received_at: \"%.40s\" has no UTC offset: read as %s (%s)",
				      where, c->received_at, at, ct_zone() ? ct_zone() : "the local zone");
			c->zone_notice = ct_buf_detach(&b);
		}
	}
	v = CT_RAT_UNKNOWN;
	if ((rc = get_enum(&rd, obj, "rat", "rat", ct_rat_names, &v)))
		goto fail;
	c->rat = (enum ct_rat)v;
	if ((rc = get_str(&rd, obj, "band", "band", 32, &c->band)) ||
	    (rc = read_parties(&rd, obj, c)) || (rc = read_location(&rd, obj, c)) ||
	    (rc = read_terminal(&rd, obj, c)) || (rc = read_tests(&rd, obj, c)) ||
	    (rc = read_meas(&rd, obj, c)) || (rc = read_omc(&rd, obj, c)) ||
	    (rc = get_bool(&rd, obj, "known_model_defect", "known_model_defect",
			   &c->known_model_defect)) ||
	    (rc = read_signalling(&rd, obj, c)) ||
	    (rc = get_str(&rd, obj, "description", "description", 65536, &c->description)))
		goto fail;
	{
		json_t *acct;

		if ((rc = get_object(&rd, obj, "account", &acct)) ||
		    (acct && (rc = check_keys(&rd, acct, "account.", account_keys))))
			goto fail;
		if (acct && ((rc = get_bool(&rd, acct, "arrears", "account.arrears", &c->arrears)) ||
			     (rc = get_bool(&rd, acct, "barred", "account.barred", &c->barred))))
			goto fail;
	}
	return 0;
fail:
	ct_complaint_free(c);
	return rc;
}

/* --- reading files: one object, an array, or JSON Lines --- */

/*
 * The values one complaint may hold. The contract's largest lists are 1024
 * bands, 1024 alarms (objects of a few members each) and 256 signalling
 * entries, some thousands of values; jansson spends up to ~200 bytes on a
 * value, so this bounds the memory of one record to ~20 MB whatever its text
 * (a record of 26 million "[]" would otherwise cost gigabytes).
 */
#define COMPLAINT_VALUES_MAX 100000u

enum shape { SHAPE_OBJECT, SHAPE_ARRAY, SHAPE_LINES };

struct ct_complaint_reader {
	char *path;
	char *text;
	size_t len;
	enum shape shape;
	size_t pos;       /* next record's first byte; len when done */
	size_t index;     /* array: next element's index */
	size_t lineno;    /* JSON Lines: line number of the last line read */
	size_t count;
	int noticed;      /* a zone-less time was reported (ct_complaints_notice) */
};

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static size_t
skip_blank(const char *t, size_t len, size_t i)
{
	while (i < len && is_blank(t[i]))
		i++;
	return i;
}

/*
 * The extent of one JSON value starting at t[i]: the offset just past the
 * bracket that closes it when it is an array or object, else of the first
 * ',', ']' or '}' outside strings (or len). *values is an upper bound of
 * the values it holds (openings plus separators, plus one); scanning stops
 * once it passes COMPLAINT_VALUES_MAX.
 * Only the extent is judged here: jansson parses it and reports its errors.
 */
static size_t
value_end(const char *t, size_t len, size_t i, size_t *values)
{
	size_t depth = 0, n = 1;

	for (; i < len && n <= COMPLAINT_VALUES_MAX; i++) {
		switch (t[i]) {
		case '"':
			for (i++; i < len && t[i] != '"'; i++)
				if (t[i] == '\\')
					i++;
			break;
		case '[':
		case '{':
			depth++;
			n++;
			break;
		case ']':
		case '}':
			if (depth == 0)
				goto out;
			if (--depth == 0) {
				i++;
				goto out;
			}
			break;
		case ',':
			if (depth == 0)
				goto out;
			n++;
			break;
		}
	}
out:
	*values = n;
	return i < len ? i : len;
}

/* Line and column (1-based, UTF-8 characters as jansson counts them) of
 * byte off of t. */
static void
line_col(const char *t, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (t[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)t[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/*
 * Parses t[off .. off+n) as one JSON value (any type), reporting errors at
 * the file's line and column: where names the file, t is the file's text
 * (its line and column at off are counted only for a message) or, when
 * base_line is not 0, the start of line base_line. A value of more than
 * COMPLAINT_VALUES_MAX values is refused before jansson sees it.
 */
static json_t *
load_value(const char *where, const char *t, size_t off, size_t n, size_t base_line,
	   struct ct_err *err)
{
	json_error_t je;
	size_t values, line, col, base_col = 1;
	json_t *j = NULL;

	value_end(t + off, n, 0, &values);
	if (values <= COMPLAINT_VALUES_MAX &&
	    (j = json_loadb(t + off, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je)))
		return j;
	if (!base_line)
		line_col(t, off, &base_line, &base_col);
	if (values > COMPLAINT_VALUES_MAX) {
		ct_fail(err, CT_EINPUT, "%s:%zu:%zu: a complaint of more than %u JSON values",
			where, base_line, base_col, COMPLAINT_VALUES_MAX);
		return NULL;
	}
	line = base_line + (size_t)(je.line > 0 ? je.line - 1 : 0);
	col = je.line <= 1 ? base_col - 1 + (size_t)(je.column > 0 ? je.column : 1) :
			     (size_t)je.column;
	ct_fail(err, CT_EINPUT, "%s:%zu:%zu: %s", where, line, col, je.text);
	return NULL;
}

/*
 * Checks the whole array whose '[' is at t[i] before anything is read from
 * it: every element is valid JSON of at most COMPLAINT_VALUES_MAX values and
 * the elements are separated by ',' and closed by the last ']' of the file.
 * One element is parsed at a time, so the memory is one element's.
 */
static int
check_array(const char *path, const char *t, size_t len, size_t i, struct ct_err *err)
{
	size_t line, col, end, values;
	json_t *j;

	i = skip_blank(t, len, i + 1);
	if (i < len && t[i] == ']')
		goto closed;
	for (size_t k = 0;; k++) {
		end = value_end(t, len, i, &values);
		j = load_value(path, t, i, end - i, 0, err);
		if (!j)
			return CT_EINPUT;
		json_decref(j);
		end = skip_blank(t, len, end);
		if (end < len && t[end] == ']') {
			i = end;
			break;
		}
		if (end >= len || t[end] != ',') {
			line_col(t, end, &line, &col);
			if (end >= len)
				return ct_fail(err, CT_EINPUT,
					       "%s:%zu:%zu: ']' expected at the end of the array after complaint [%zu]",
					       path, line, col, k);
			if (t[end] > ' ' && t[end] < 0x7f)
				return ct_fail(err, CT_EINPUT,
					       "%s:%zu:%zu: ',' or ']' expected after complaint [%zu], got '%c'",
					       path, line, col, k, t[end]);
			return ct_fail(err, CT_EINPUT,
				       "%s:%zu:%zu: ',' or ']' expected after complaint [%zu], got byte 0x%02x",
				       path, line, col, k, (unsigned char)t[end]);
		}
		i = end + 1;
	}
closed:
	end = skip_blank(t, len, i + 1);
	if (end < len) {
		line_col(t, end, &line, &col);
		return ct_fail(err, CT_EINPUT, "%s:%zu:%zu: end of file expected after the array",
			       path, line, col);
	}
	return 0;
}

/*
 * A file starting with '{' is JSON Lines when its first non-blank line ends
 * with '}' (the whole first record on its line) and another non-blank line
 * follows; otherwise it is one object, however it is laid out.
 */
static int
first_line_is_record(const char *t, size_t len, size_t i)
{
	const char *nl = memchr(t + i, '\n', len - i);
	size_t e = nl ? (size_t)(nl - t) : len, last = e;

	while (last > i && is_blank(t[last - 1]))
		last--;
	return nl && t[last - 1] == '}' && skip_blank(t, len, e) < len;
}

static int reader_start(struct ct_complaint_reader *r, const char *path,
			struct ct_complaint_reader **out, struct ct_err *err);

int
ct_complaints_open(const char *path, struct ct_complaint_reader **out,
		   struct ct_err *err)
{
	struct ct_complaint_reader *r = ct_xcalloc(1, sizeof(*r));
	int rc;

	rc = ct_read_file(path, COMPLAINT_FILE_MAX, &r->text, &r->len, err);
	if (rc) {
		free(r);
		return rc;
	}
	return reader_start(r, path, out, err);
}

int
ct_complaints_open_mem(const char *name, const char *data, size_t len,
		       struct ct_complaint_reader **out, struct ct_err *err)
{
	struct ct_complaint_reader *r = ct_xcalloc(1, sizeof(*r));

	if (len > COMPLAINT_FILE_MAX) {
		free(r);
		return ct_fail(err, CT_EINPUT, "%s: larger than %u bytes", name, COMPLAINT_FILE_MAX);
	}
	r->text = ct_xmalloc(len + 1);
	memcpy(r->text, data, len);
	r->text[len] = '\0';
	r->len = len;
	return reader_start(r, name, out, err);
}

/* The file's shape is decided here, by its first non-blank byte, and never
 * revised: a broken array or object is one error and nothing is read from
 * it. */
static int
reader_start(struct ct_complaint_reader *r, const char *path,
	     struct ct_complaint_reader **out, struct ct_err *err)
{
	size_t i, line, col;
	int rc;

	r->path = ct_xstrdup(path);
	if (strlen(r->text) != r->len) {
		rc = ct_fail(err, CT_EINPUT, "%s: byte %zu: NUL byte in JSON text", path,
			     strlen(r->text));
		goto fail;
	}
	i = skip_blank(r->text, r->len, 0);
	r->pos = i;
	if (i < r->len && r->text[i] == '[') {
		r->shape = SHAPE_ARRAY;
		if ((rc = check_array(path, r->text, r->len, i, err)))
			goto fail;
		r->pos = skip_blank(r->text, r->len, i + 1);
		if (r->text[r->pos] == ']')
			r->pos = r->len;
	} else if (i < r->len && r->text[i] == '{') {
		r->shape = first_line_is_record(r->text, r->len, i) ? SHAPE_LINES : SHAPE_OBJECT;
		if (r->shape == SHAPE_LINES)
			r->pos = 0;
	} else {
		line_col(r->text, i, &line, &col);
		rc = i < r->len ?
			ct_fail(err, CT_EINPUT,
				"%s:%zu:%zu: expected a complaint object, an array of them, or JSON Lines",
				path, line, col) :
			ct_fail(err, CT_EINPUT, "%s: empty file: expected a complaint object, an array of them, or JSON Lines",
				path);
		goto fail;
	}
	*out = r;
	return 0;
fail:
	ct_complaints_close(r);
	return rc;
}

/* The text of the one object a whole file holds (a parser has read it
 * whole: only white space, and a byte order mark, lie around it). */
static char *
object_text(const char *s, size_t n)
{
	const char *open = memchr(s, '{', n), *close = s + n;

	while (close > open && close[-1] != '}')
		close--;
	return ct_json_compact(open, (size_t)(close - open));
}

static int
next_line(struct ct_complaint_reader *r, struct ct_complaint *c, struct ct_err *err)
{
	char where[512];

	while (r->pos < r->len) {
		const char *p = r->text + r->pos, *e = memchr(p, '\n', r->len - r->pos);
		size_t n = e ? (size_t)(e - p) : r->len - r->pos;
		size_t a = strspn(p, " \t\r");
		json_t *j;
		int rc;

		r->pos += n + (e != NULL);
		r->lineno++;
		if (a >= n)
			continue; /* blank line */
		r->count++;
		snprintf(where, sizeof(where), "%s:%zu", r->path, r->lineno);
		j = load_value(r->path, p, 0, n, r->lineno, err);
		if (!j)
			return CT_EINPUT;
		rc = ct_complaint_from_json(j, where, c, err);
		json_decref(j);
		if (!rc)
			c->text = ct_json_compact(p, n);
		return rc ? rc : 1;
	}
	return 0;
}

int
ct_complaints_next(struct ct_complaint_reader *r, struct ct_complaint *c,
		   struct ct_err *err)
{
	char where[512];
	size_t start, end, next, values;
	json_error_t je;
	json_t *j;
	int rc;

	memset(c, 0, sizeof(*c));
	if (r->shape == SHAPE_LINES)
		return next_line(r, c, err);
	if (r->pos >= r->len)
		return 0;
	r->count++;
	if (r->shape == SHAPE_OBJECT) {
		size_t at = r->pos;

		r->pos = r->len;
		j = load_value(r->path, r->text, at, r->len - at, 0, err);
		if (!j)
			return CT_EINPUT;
		rc = ct_complaint_from_json(j, r->path, c, err);
		json_decref(j);
		if (!rc)
			c->text = object_text(r->text + at, r->len - at);
		return rc ? CT_EINPUT : 1;
	}
	/* an element of an array check_array has found sound */
	start = r->pos;
	end = value_end(r->text, r->len, start, &values);
	j = json_loadb(r->text + start, end - start, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
		       &je);
	next = skip_blank(r->text, r->len, end);
	r->pos = r->text[next] == ',' ? next + 1 : r->len;
	snprintf(where, sizeof(where), "%s: [%zu]", r->path, r->index++);
	if (!j) /* only when memory runs out: check_array read it before */
		return ct_fail(err, CT_EINPUT, "%s: %s", where, je.text);
	rc = ct_complaint_from_json(j, where, c, err);
	json_decref(j);
	if (!rc)
		c->text = ct_json_compact(r->text + start, end - start);
	return rc ? CT_EINPUT : 1;
}

const char *
ct_complaints_notice(struct ct_complaint_reader *r, const struct ct_complaint *c)
{
	if (r->noticed || !c->zone_notice)
		return NULL;
	r->noticed = 1;
	return c->zone_notice;
}

size_t ct_complaints_count(const struct ct_complaint_reader *r) { return r->count; }

void
ct_complaints_close(struct ct_complaint_reader *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->path);
	free(r);
}
