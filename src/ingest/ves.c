/*
 * ves.c — ONAP VES event JSON (VES event listener 7.x) carrying PM counters
 * (domain perf3gpp: 3GPP TS 28.550 measDataCollection) and alarms (domain
 * fault, and domain stndDefined with a 3GPP TS 28.532 notifyNewAlarm /
 * notifyClearedAlarm). Parsed with jansson.
 *
 *   { "event": E }  |  { "eventList": [ E, ... ] }
 *   E = { "commonEventHeader": { domain, sourceName, startEpochMicrosec,
 *                                lastEpochMicrosec, ... },
 *         "perf3gppFields":    { measDataCollection: {
 *             granularityPeriod (s), measuredEntityDn,
 *             measInfoList: [ { measTypes: { sMeasTypesList: [names] },
 *                               measValuesList: [ { measObjInstId, suspectFlag,
 *                                   measResults: [ { p, sValue|iValue|rValue } ] } ] } ] } }
 *       | "faultFields":       { alarmCondition, specificProblem, eventSeverity, ... }
 *       | "stndDefinedFields": { data: { notificationType, href, systemDN,
 *                                        perceivedSeverity, eventTime, ... } } }
 *
 * A fault event with eventSeverity NORMAL is a clear (VES 7 faultFields).
 * Times in epoch microseconds become epoch seconds.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/omc.h"

static int
vfail(struct ct_err *err, const char *name, const char *path, const char *why)
{
	return ct_fail(err, CT_EINPUT, "%s: %s: %s", name, path, why);
}

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Epoch microseconds (a JSON integer or real) -> seconds; a time outside
 * the years 1970-9999 (util.h CT_TIME_MAX) is no time. */
static int
usec(json_t *o, const char *key, long long *sec)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) / 1000000 <= CT_TIME_MAX) {
		*sec = (long long)(json_integer_value(v) / 1000000);
		return 1;
	}
	if (json_is_real(v) && json_real_value(v) >= 0 &&
	    json_real_value(v) / 1e6 < (double)CT_TIME_MAX + 1) {
		*sec = (long long)(json_real_value(v) / 1e6);
		return 1;
	}
	return 0;
}

static int
perf(const char *name, json_t *ev, json_t *hdr, struct ct_omc *o, struct ct_err *err)
{
	json_t *pf = json_object_get(ev, "perf3gppFields");
	json_t *mdc = json_object_get(pf, "measDataCollection");
	json_t *list = json_object_get(mdc, "measInfoList"), *g, *mi;
	long long end = 0;
	int has_end = usec(hdr, "lastEpochMicrosec", &end);
	long gran = 0;
	size_t i;

	if (!json_is_object(mdc))
		return vfail(err, name, "perf3gppFields.measDataCollection", "missing or not an object");
	if (!json_is_array(list))
		return vfail(err, name, "measDataCollection.measInfoList", "missing or not an array");
	g = json_object_get(mdc, "granularityPeriod");
	if (json_is_integer(g) && json_integer_value(g) > 0 && json_integer_value(g) < 86400 * 366)
		gran = (long)json_integer_value(g);
	if (!o->granularity_s)
		o->granularity_s = gran;
	json_array_foreach(list, i, mi) {
		json_t *types = json_object_get(json_object_get(mi, "measTypes"), "sMeasTypesList");
		json_t *vals = json_object_get(mi, "measValuesList"), *mv;
		size_t j;

		if (!json_is_array(types))
			return vfail(err, name, "measInfoList[].measTypes.sMeasTypesList", "missing or not an array");
		if (!json_is_array(vals))
			return vfail(err, name, "measInfoList[].measValuesList", "missing or not an array");
		json_array_foreach(vals, j, mv) {
			const char *dn = str(mv, "measObjInstId"), *sf = str(mv, "suspectFlag");
			json_t *res = json_object_get(mv, "measResults"), *r;
			struct ct_omc_object *ob;
			size_t k;

			if (!dn)
				return vfail(err, name, "measValuesList[].measObjInstId", "missing or not a string");
			if (!json_is_array(res))
				return vfail(err, name, "measValuesList[].measResults", "missing or not an array");
			ob = ct_omc_object_get(o, dn, end, has_end, gran);
			ob->suspect |= sf && !strcmp(sf, "true");
			json_array_foreach(res, k, r) {
				json_t *p = json_object_get(r, "p"), *v;
				json_int_t pi;
				const char *cname;
				char buf[64];

				if (!json_is_integer(p) || (pi = json_integer_value(p)) < 1 ||
				    (size_t)pi > json_array_size(types) ||
				    !(cname = json_string_value(json_array_get(types, (size_t)pi - 1))))
					return vfail(err, name, "measResults[].p", "not a position in sMeasTypesList");
				if ((v = json_object_get(r, "sValue")) && json_is_string(v)) {
					ct_omc_counter_add(o, ob, cname, json_string_value(v),
							   strlen(json_string_value(v)));
				} else if ((v = json_object_get(r, "iValue")) && json_is_integer(v)) {
					snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
					ct_omc_counter_add(o, ob, cname, buf, strlen(buf));
				} else if ((v = json_object_get(r, "rValue")) && json_is_number(v)) {
					ct_fmt_num(buf, sizeof(buf), json_number_value(v));
					ct_omc_counter_add(o, ob, cname, buf, strlen(buf));
				} else {
					return vfail(err, name, "measResults[]", "no sValue, iValue or rValue");
				}
			}
		}
	}
	return 0;
}

static void
fault(json_t *ev, json_t *hdr, struct ct_omc *o)
{
	json_t *ff = json_object_get(ev, "faultFields");
	const char *cond = str(ff, "alarmCondition"), *sp = str(ff, "specificProblem");
	const char *sev = str(ff, "eventSeverity"), *src = str(hdr, "sourceName");
	struct ct_omc_alarm *a = ct_omc_alarm_add(o);

	a->object = ct_xstrdup(src ? src : "");
	a->name = ct_xstrdup(cond && *cond ? cond : sp ? sp : "");
	a->severity = ct_xstrdup(sev ? sev : "");
	a->has_raised = usec(hdr, "startEpochMicrosec", &a->raised);
	if (sev && !strcmp(sev, "NORMAL"))
		a->has_cleared = usec(hdr, "lastEpochMicrosec", &a->cleared);
}

static void
stnd(json_t *ev, json_t *hdr, struct ct_omc *o)
{
	json_t *d = json_object_get(json_object_get(ev, "stndDefinedFields"), "data");
	const char *nt = str(d, "notificationType"), *obj = str(d, "href");
	const char *sp = str(d, "specificProblem"), *type = str(d, "alarmType");
	const char *sev = str(d, "perceivedSeverity"), *t = str(d, "eventTime");
	struct ct_omc_alarm *a;
	long long when;
	int has_when;

	if (!nt || (strcmp(nt, "notifyNewAlarm") && strcmp(nt, "notifyClearedAlarm")))
		return;
	if (!obj)
		obj = str(d, "systemDN");
	if (!obj)
		obj = str(hdr, "sourceName");
	has_when = t && ct_omc_time(t, &when) == 0;
	if (!has_when)
		has_when = usec(hdr, "startEpochMicrosec", &when);
	a = ct_omc_alarm_add(o);
	a->object = ct_xstrdup(obj ? obj : "");
	a->name = ct_xstrdup(sp && *sp ? sp : type ? type : "");
	a->severity = ct_xstrdup(sev ? sev : "");
	if (!strcmp(nt, "notifyClearedAlarm")) {
		a->has_cleared = has_when;
		a->cleared = when;
	} else {
		a->has_raised = has_when;
		a->raised = when;
	}
}

static int
one_event(const char *name, json_t *ev, struct ct_omc *o, struct ct_err *err)
{
	json_t *hdr = json_object_get(ev, "commonEventHeader");
	const char *dom = str(hdr, "domain");
	long long t;

	if (!json_is_object(hdr) || !dom)
		return vfail(err, name, "commonEventHeader.domain", "missing");
	if (!o->has_begin && usec(hdr, "startEpochMicrosec", &t) && !strcmp(dom, "perf3gpp")) {
		o->begin = t;
		o->has_begin = 1;
	}
	if (!strcmp(dom, "perf3gpp")) {
		if (usec(hdr, "lastEpochMicrosec", &t) && (!o->has_end || t > o->end)) {
			o->end = t;
			o->has_end = 1;
		}
		return perf(name, ev, hdr, o, err);
	}
	if (!strcmp(dom, "fault"))
		fault(ev, hdr, o);
	else if (!strcmp(dom, "stndDefined"))
		stnd(ev, hdr, o);
	/* other domains (heartbeat, measurement, ...) carry nothing for us */
	return 0;
}

int
ct_omc_read_ves(const char *name, const char *data, size_t len, struct ct_omc *o,
		struct ct_err *err)
{
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je), *list, *ev;
	size_t i;
	int rc = 0;

	if (!root)
		return ct_fail(err, CT_EINPUT, "%s:%d: %s", name, je.line, je.text);
	if ((ev = json_object_get(root, "event")) != NULL) {
		rc = one_event(name, ev, o, err);
	} else if (json_is_array(list = json_object_get(root, "eventList"))) {
		json_array_foreach(list, i, ev) {
			if ((rc = one_event(name, ev, o, err)) != 0)
				break;
		}
	} else {
		rc = vfail(err, name, "event", "neither \"event\" nor \"eventList\" at the top");
	}
	json_decref(root);
	return rc;
}
