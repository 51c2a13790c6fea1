/*
 * test_omc.c — OMC exports (omc.h): every reader on small files written
 * here field by field (TS 32.435 in both forms, TS 28.532 with the
 * stylesheet line first, VES perf3gpp / fault / stndDefined, the vendor
 * alarm XML, mapped CSV), exact counts, names, values and times; malformed
 * input refused with file and line; entity bombs and external entities
 * harmless; the real files of ../shared/data/omc when present; and the
 * join to a complaint (evidence.h) with its sources.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "celltriage/evidence.h"
#include "celltriage/omc.h"
#include "celltriage/profile.h"

static char dir[] = "/tmp/ct-omc-XXXXXX";
static struct ct_profile prof; /* the built-in profile: its omc group */

/* 2026-11-20T01:00:00Z and +15 min, as epoch seconds. */
#define T0100 1795136400LL
#define T0115 1795137300LL

static const char *
put(const char *name, const char *content)
{
	static char path[4][512];
	static int k;
	FILE *f;
	char *p = path[k++ % 4];

	snprintf(p, 512, "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
	fclose(f);
	return p;
}

static const struct ct_omc_counter *
counter(const struct ct_omc_object *ob, const char *name)
{
	for (size_t i = 0; i < ob->n; i++)
		if (!strcmp(ob->c[i].name, name))
			return &ob->c[i];
	return NULL;
}

/* TS 32.435 §A.? layout, the measType p= / r p= form. */
static const char pm_r[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                   /* 1 */
	"<measCollecFile xmlns=\"http://www.3gpp.org/ftp/specs/archive/32_series/32.435#measCollec\">\n"
	" <fileHeader fileFormatVersion=\"32.435 V10.0\" vendorName=\"t\">\n"            /* 3 */
	"  <measCollec beginTime=\"2026-11-20T09:00:00+08:00\"/>\n"                     /* begin 01:00Z */
	" </fileHeader>\n"
	" <measData>\n"                                                                  /* 6: the data block */
	"  <managedElement localDn=\"ManagedElement=a\"/>\n"
	"  <measInfo>\n"
	"   <granPeriod duration=\"PT15M\" endTime=\"2026-11-20T09:15:00+08:00\"/>\n"    /* 900 s, end 01:15Z */
	"   <measType p=\"1\">RRU.PrbUsedDl</measType>\n"
	"   <measType p=\"2\">RRU.PrbAvailDl</measType>\n"
	"   <measType p=\"3\">pmConsumedEnergy</measType>\n"
	"   <measValue measObjLdn=\"ManagedElement=a,EUtranCellFDD=1\">\n"
	"    <r p=\"1\">90</r><r p=\"2\">100</r><r p=\"3\"> </r>\n"                    /* a blank value */
	"   </measValue>\n"
	"   <measValue measObjLdn=\"ManagedElement=a,EUtranCellFDD=2\">\n"
	"    <r p=\"2\">100</r><r p=\"1\">10</r><r p=\"3\">1,2,3</r>\n"                /* any order; a list */
	"    <suspect>true</suspect>\n"
	"   </measValue>\n"
	"  </measInfo>\n"
	" </measData>\n"
	" <fileFooter><measCollec endTime=\"2026-11-20T09:15:00+08:00\"/></fileFooter>\n"
	"</measCollecFile>\n";

static void
test_32435_r_form(void **state)
{
	struct ct_omc o;
	struct ct_err err;
	const struct ct_omc_counter *c;

	(void)state;
	assert_int_equal(ct_omc_read(put("r.xml", pm_r), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_32435);
	assert_string_equal(ct_omc_format_name(o.format), "32.435");
	assert_int_equal(o.values, 6);                 /* one per <r> */
	assert_int_equal(o.nobjs, 2);
	assert_true(o.has_begin && o.begin == T0100);
	assert_true(o.has_end && o.end == T0115);
	assert_int_equal(o.granularity_s, 900);
	assert_string_equal(o.objs[0].dn, "ManagedElement=a,EUtranCellFDD=1");
	assert_true(o.objs[0].end == T0115);
	assert_false(o.objs[0].suspect);
	assert_true(o.objs[1].suspect);
	c = counter(&o.objs[0], "RRU.PrbUsedDl");
	assert_non_null(c);
	assert_true(c->has_num && c->num == 90);
	c = counter(&o.objs[0], "pmConsumedEnergy");
	assert_non_null(c);
	assert_false(c->has_num);
	assert_string_equal(c->text, "");
	c = counter(&o.objs[1], "pmConsumedEnergy");
	assert_string_equal(c->text, "1,2,3");
	assert_false(c->has_num);
	/* KPIs from the default profile: 90/100 PRBs is busy (> 80%), 10/100 not. */
	assert_true(o.objs[0].kpi.prb_use_pct.has && o.objs[0].kpi.prb_use_pct.v == 90);
	assert_int_equal(o.objs[0].kpi.busy, 1);
	assert_string_equal(o.objs[0].kpi.prb_use_pct.source + strlen(dir) + 1,
			    "r.xml: object ManagedElement=a,EUtranCellFDD=1, counters RRU.PrbUsedDl/RRU.PrbAvailDl");
	assert_int_equal(o.objs[1].kpi.busy, 0);
	ct_omc_free(&o);
}

/* The JSON object has exactly the keys omc.h documents, in that order. */
static void
test_json_keys(void **state)
{
	static const char *const keys[] = {
		"format", "begin", "end", "granularity_s", "values", "objects", "alarms"
	};
	struct ct_omc o;
	struct ct_err err;
	json_t *j, *ob;
	size_t i;
	char *s;

	(void)state;
	assert_int_equal(ct_omc_read(put("r.xml", pm_r), &prof.omc, &o, &err), 0);
	j = ct_omc_to_json(&o);
	assert_int_equal(json_object_size(j), 7);
	for (i = 0; i < 7; i++)
		assert_non_null(json_object_get(j, keys[i]));
	s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	assert_non_null(s);
	assert_memory_equal(s, "{\"format\":\"32.435\",\"begin\":\"2026-11-20T01:00:00Z\","
			    "\"end\":\"2026-11-20T01:15:00Z\",\"granularity_s\":900,\"values\":6,"
			    "\"objects\":[", 121);
	free(s);
	assert_string_equal(json_string_value(json_object_get(j, "format")), "32.435");
	assert_int_equal(json_integer_value(json_object_get(j, "values")), 6);
	ob = json_array_get(json_object_get(j, "objects"), 1);
	assert_string_equal(json_string_value(json_object_get(ob, "dn")), "ManagedElement=a,EUtranCellFDD=2");
	assert_true(json_is_true(json_object_get(ob, "suspect")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(ob, "counters"), "RRU.PrbUsedDl")), 10);
	assert_string_equal(json_string_value(json_object_get(json_object_get(ob, "counters"), "pmConsumedEnergy")), "1,2,3");
	assert_int_equal(json_array_size(json_object_get(j, "alarms")), 0);
	json_decref(j);
	ct_omc_free(&o);
}

/* The measTypes / measResults form, names wrapped over lines. */
static const char pm_tokens[] =
	"<?xml version=\"1.0\"?>\n"
	"<measCollecFile>\n"
	"<fileHeader><measCollec beginTime=\"2000-03-01T14:00:00+02:00\"/></fileHeader>\n" /* 12:00Z */
	"<measData><measInfo>\n"
	"<granPeriod duration=\"PT1800S\" endTime=\"2000-03-01T14:30:00+02:00\"/>\n"
	"<measTypes>attA succA\n      attB</measTypes>\n"
	"<measValue measObjLdn=\"UtranCell=x\"><measResults>1 2\n 3</measResults></measValue>\n"
	"<measValue measObjLdn=\"UtranCell=y\"><measResults>4 5 6</measResults>"
	"<suspect>true</suspect></measValue>\n"
	"</measInfo></measData>\n"
	"</measCollecFile>\n";

static void
test_32435_measresults_form(void **state)
{
	struct ct_omc o;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_omc_read(put("t.xml", pm_tokens), &prof.omc, &o, &err), 0);
	assert_int_equal(o.values, 6);                 /* one per token */
	assert_int_equal(o.nobjs, 2);
	assert_true(o.begin == 951912000LL);           /* 2000-03-01T12:00:00Z */
	assert_false(o.has_end);                       /* no footer */
	assert_int_equal(o.granularity_s, 1800);
	assert_string_equal(o.objs[1].dn, "UtranCell=y");
	assert_true(counter(&o.objs[1], "attB")->num == 6);
	assert_true(counter(&o.objs[0], "succA")->num == 2);
	assert_true(o.objs[1].suspect);
	ct_omc_free(&o);
}

/* TS 28.532 with the stylesheet PI before the declaration; two periods of
 * the same cell; an empty measObjLdn. */
static const char pm_28532[] =
	"<?xml-stylesheet type=\"text/xsl\" href=\"m.xsl\"?>\n"
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<measDataFile xmlns=\"http://www.3gpp.org/ftp/specs/archive/28_series/28.532#measData\">\n"
	" <fileHeader><measData beginTime=\"2024-12-11T09:34:00+00:00\"/></fileHeader>\n"
	" <measData>\n"
	"  <measInfo><granPeriod duration=\"PT60S\" endTime=\"2024-12-11T09:35:00Z\"/>\n"
	"   <measType p=\"1\">RRU.PrbTotDl</measType>\n"
	"   <measValue measObjLdn=\"NRCellDU=1\"><r p=\"1\">97.5</r><suspect>false</suspect></measValue>\n"
	"   <measValue measObjLdn=\"\"><r p=\"1\">1</r></measValue>\n"
	"  </measInfo>\n"
	"  <measInfo><granPeriod duration=\"PT60S\" endTime=\"2024-12-11T09:36:00Z\"/>\n"
	"   <measType p=\"1\">RRU.PrbTotDl</measType>\n"
	"   <measValue measObjLdn=\"NRCellDU=1\"><r p=\"1\">12</r></measValue>\n"
	"  </measInfo>\n"
	" </measData>\n"
	" <fileFooter><measData endTime=\"2024-12-11T09:36:00+00:00\"/></fileFooter>\n"
	"</measDataFile>\n";

static void
test_28532_stylesheet_first(void **state)
{
	struct ct_omc o;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_omc_read(put("d.xml", pm_28532), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_28532);
	assert_int_equal(o.values, 3);
	assert_int_equal(o.nobjs, 3);                  /* NRCellDU=1 twice (two periods), "" */
	assert_string_equal(o.objs[0].dn, "NRCellDU=1");
	assert_string_equal(o.objs[1].dn, "");
	assert_string_equal(o.objs[2].dn, "NRCellDU=1");
	assert_true(o.objs[0].end == 1733909700LL);    /* 2024-12-11T09:35:00Z */
	assert_true(o.objs[2].end == 1733909760LL);
	assert_true(o.begin == 1733909640LL && o.end == 1733909760LL);
	assert_int_equal(o.granularity_s, 60);
	/* RRU.PrbTotDl is already a percentage (TS 28.552 §5.1.1.2). */
	assert_true(o.objs[0].kpi.prb_use_pct.v == 97.5);
	assert_int_equal(o.objs[0].kpi.busy, 1);
	assert_int_equal(o.objs[2].kpi.busy, 0);
	ct_omc_free(&o);
}

static const char ves_perf[] =
	"\n{\"event\": {\"commonEventHeader\": {\"domain\": \"perf3gpp\",\n"
	"  \"startEpochMicrosec\": 1795136400000000, \"lastEpochMicrosec\": 1795137300000000},\n"
	" \"perf3gppFields\": {\"measDataCollection\": {\"granularityPeriod\": 900,\n"
	"  \"measInfoList\": [{\"measTypes\": {\"sMeasTypesList\": [\"a\", \"b\", \"c\"]},\n"
	"   \"measValuesList\": [\n"
	"    {\"measObjInstId\": \"EUtranCellFDD=1\", \"suspectFlag\": \"false\",\n"
	"     \"measResults\": [{\"p\": 1, \"sValue\": \"5\"}, {\"p\": 3, \"sValue\": \"1,2\"}]},\n"
	"    {\"measObjInstId\": \"EUtranCellFDD=2\", \"suspectFlag\": \"true\",\n"
	"     \"measResults\": [{\"p\": 2, \"iValue\": 7}]}]}]}}}}\n";

static void
test_ves_perf(void **state)
{
	struct ct_omc o;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_omc_read(put("p.json", ves_perf), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_VES_PERF);
	assert_int_equal(o.values, 3);                 /* one per measResult */
	assert_int_equal(o.nobjs, 2);
	assert_true(o.begin == T0100 && o.end == T0115);
	assert_int_equal(o.granularity_s, 900);
	assert_true(o.objs[0].end == T0115);
	assert_true(counter(&o.objs[0], "a")->num == 5);
	assert_string_equal(counter(&o.objs[0], "c")->text, "1,2");
	assert_true(counter(&o.objs[1], "b")->num == 7);
	assert_true(o.objs[1].suspect);
	ct_omc_free(&o);
}

static const char ves_fault[] =
	"{\"eventList\": [\n"
	" {\"commonEventHeader\": {\"domain\": \"fault\", \"sourceName\": \"ManagedElement=s\",\n"
	"   \"startEpochMicrosec\": 1795136400000000, \"lastEpochMicrosec\": 1795136400000000},\n"
	"  \"faultFields\": {\"alarmCondition\": \"RRU link down\", \"eventSeverity\": \"MAJOR\"}},\n"
	" {\"commonEventHeader\": {\"domain\": \"fault\", \"sourceName\": \"ManagedElement=t\",\n"
	"   \"startEpochMicrosec\": 1795136400000000, \"lastEpochMicrosec\": 1795137300000000},\n"
	"  \"faultFields\": {\"alarmCondition\": \"Fan\", \"eventSeverity\": \"NORMAL\"}},\n"
	" {\"commonEventHeader\": {\"domain\": \"heartbeat\"}}\n"
	"]}\n";

static void
test_ves_fault(void **state)
{
	struct ct_omc o;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_omc_read(put("f.json", ves_fault), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_VES_FAULT);
	assert_int_equal(o.values, 0);
	assert_int_equal(o.nalarms, 2);                /* the heartbeat carries none */
	assert_string_equal(o.alarms[0].object, "ManagedElement=s");
	assert_string_equal(o.alarms[0].name, "RRU link down");
	assert_string_equal(o.alarms[0].severity, "MAJOR");
	assert_true(o.alarms[0].has_raised && o.alarms[0].raised == T0100);
	assert_false(o.alarms[0].has_cleared);
	/* NORMAL severity is the clear (VES 7 faultFields). */
	assert_true(o.alarms[1].has_cleared && o.alarms[1].cleared == T0115);
	ct_omc_free(&o);
}

static const char ves_stnd[] =
	"{\"event\": {\"commonEventHeader\": {\"domain\": \"stndDefined\", \"sourceName\": \"gnb\",\n"
	"  \"stndDefinedNamespace\": \"3GPP-FaultSupervision\", \"startEpochMicrosec\": 1},\n"
	" \"stndDefinedFields\": {\"data\": {\"notificationType\": \"notifyNewAlarm\",\n"
	"  \"href\": \"ManagedElement=g,NRCellDU=4\", \"alarmType\": \"EQUIPMENT_ALARM\",\n"
	"  \"specificProblem\": \"\", \"perceivedSeverity\": \"MAJOR\",\n"
	"  \"eventTime\": \"2026-11-20T09:00:00+08:00\"}}}}\n";

static void
test_ves_stnddefined(void **state)
{
	struct ct_omc o;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_omc_read(put("s.json", ves_stnd), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_VES_STND);
	assert_int_equal(o.nalarms, 1);
	assert_string_equal(o.alarms[0].object, "ManagedElement=g,NRCellDU=4");
	assert_string_equal(o.alarms[0].name, "EQUIPMENT_ALARM"); /* no specificProblem */
	assert_string_equal(o.alarms[0].severity, "MAJOR");
	assert_true(o.alarms[0].raised == T0100);
	ct_omc_free(&o);
}

/*
 * A single event ({"event": E}, what a VES collector's event listener
 * receives) reads as the batch of that one event, whatever the order of
 * E's keys: here perf3gppFields comes first and is longer than the part of
 * the file the format is recognised from.
 */
static void
test_ves_single_event_as_batch(void **state)
{
	static const char head[] =
		"{\"perf3gppFields\": {\"measDataCollection\": {\"granularityPeriod\": 900,\n"
		"  \"measuredEntityUserName\": \"";
	static const char tail[] =
		"\",\n  \"measInfoList\": [{\"measTypes\": {\"sMeasTypesList\": [\"a\", \"b\"]},\n"
		"   \"measValuesList\": [{\"measObjInstId\": \"EUtranCellFDD=1\",\n"
		"     \"measResults\": [{\"p\": 1, \"iValue\": 5}, {\"p\": 2, \"sValue\": \"7\"}]}]}]}},\n"
		" \"commonEventHeader\": {\"domain\": \"perf3gpp\",\n"
		"  \"startEpochMicrosec\": 1795136400000000, \"lastEpochMicrosec\": 1795137300000000}}";
	char ev[6000], single[6100], batch[6100];
	struct ct_omc a, b;
	struct ct_err err;

	(void)state;
	memset(ev, 'x', sizeof(ev));
	memcpy(ev, head, strlen(head));
	snprintf(ev + 5000, sizeof(ev) - 5000, "%s", tail);
	snprintf(single, sizeof(single), "{\"event\": %s}\n", ev);
	snprintf(batch, sizeof(batch), "{\"eventList\": [%s]}\n", ev);
	assert_int_equal(ct_omc_read(put("single.json", single), &prof.omc, &a, &err), 0);
	assert_int_equal(ct_omc_read(put("batch.json", batch), &prof.omc, &b, &err), 0);
	assert_int_equal(a.format, CT_OMC_VES_PERF);
	assert_int_equal(a.format, b.format);
	assert_int_equal(a.values, 2);
	assert_int_equal(a.values, b.values);
	assert_int_equal(a.nobjs, 1);
	assert_int_equal(a.nobjs, b.nobjs);
	assert_string_equal(a.objs[0].dn, b.objs[0].dn);
	assert_true(a.begin == b.begin && a.end == b.end && a.end == T0115);
	assert_true(counter(&a.objs[0], "a")->num == 5 && counter(&b.objs[0], "a")->num == 5);
	assert_true(counter(&a.objs[0], "b")->num == 7 && counter(&b.objs[0], "b")->num == 7);
	ct_omc_free(&a);
	ct_omc_free(&b);
}

/* The vendor alarm file: names by position (p=3 absent), one av per alarm. */
static const char adc[] =
	"<?xml version=\"1.0\"?><!DOCTYPE adc SYSTEM \"AlarmRecord.dtd\">\n"
	"<adc><afh><sn>RncFunction=1,NodeBFunction=</sn><cbt>2013-06-07 16:06:32</cbt></afh>\n"
	"<ad><at p=\"1\">alarmTrapNEID</at><at p=\"2\">alarmTrapCause</at>"
	"<at p=\"5\">alarmTrapSeverity</at><at p=\"6\">alarmTrapAdditionalInfo</at>"
	"<at p=\"9\">alarmTrapTime </at>\n"                                /* stray space */
	"<av><r p=\"1\">2</r><r p=\"2\">20333</r><r p=\"5\">3</r><r p=\"6\">Cell 0 no RRU connect!</r>"
	"<r p=\"9\">2013-06-03 10:56:18</r></av>\n"
	"<av><r p=\"1\">2</r><r p=\"2\">21303</r><r p=\"5\">3</r><r p=\"6\">NULL</r></av>\n"
	"</ad><aff><ts>2013-06-07 16:06:32</ts></aff></adc>\n";

static void
test_alarm_xml(void **state)
{
	struct ct_omc o;
	struct ct_err err;

	(void)state;
	assert_int_equal(ct_omc_read(put("a.xml", adc), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_ALARM_XML);
	assert_int_equal(o.nalarms, 2);
	assert_string_equal(o.alarms[0].object, "RncFunction=1,NodeBFunction=2");
	assert_string_equal(o.alarms[0].name, "Cell 0 no RRU connect! (cause 20333)");
	assert_string_equal(o.alarms[0].severity, "3");
	assert_true(o.alarms[0].raised == 1370256978LL); /* 2013-06-03T10:56:18Z */
	assert_string_equal(o.alarms[1].name, "cause 21303");
	assert_false(o.alarms[1].has_raised);
	assert_true(o.begin == 1370621192LL);           /* cbt 2013-06-07T16:06:32Z */
	ct_omc_free(&o);
}

static void
test_csv_counters_and_alarms(void **state)
{
	struct ct_omc o;
	struct ct_err err;

	(void)state;
	/* The default profile's mapping: Object and Time columns, 900 s. */
	assert_int_equal(ct_omc_read(put("c.csv",
		"Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl\r\n"
		"2026-11-20 01:00:00,\"ManagedElement=a,EUtranCellFDD=1\",85,100\r\n"
		"2026-11-20T01:00:00Z,EUtranCellFDD=2,,100\r\n"), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_CSV_COUNTERS);
	assert_int_equal(o.values, 3);                 /* the empty cell is missing */
	assert_int_equal(o.nobjs, 2);
	assert_string_equal(o.objs[0].dn, "ManagedElement=a,EUtranCellFDD=1");
	assert_true(o.objs[0].end == T0115);           /* start + granularity */
	assert_null(counter(&o.objs[1], "RRU.PrbUsedDl"));
	assert_int_equal(o.objs[0].kpi.busy, 1);
	assert_int_equal(o.objs[1].kpi.busy, -1);
	ct_omc_free(&o);

	assert_int_equal(ct_omc_read(put("al.csv",
		"Object,Alarm,Severity,Raised,Cleared\n"
		"EUtranCellFDD=1,RRU link down,major,2026-11-20 01:00:00,\n"
		"EUtranCellFDD=2,Fan,minor,2026-11-20 01:00:00,2026-11-20 01:15:00\n"),
		&prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_CSV_ALARMS);
	assert_int_equal(o.nalarms, 2);
	assert_string_equal(o.alarms[0].name, "RRU link down");
	assert_false(o.alarms[0].has_cleared);
	assert_true(o.alarms[1].has_cleared && o.alarms[1].cleared == T0115);
	ct_omc_free(&o);
}

/* text with every LF replaced by eol (caller frees). */
static char *
with_eol(const char *text, const char *eol)
{
	struct ct_buf b = CT_BUF_INIT;

	for (const char *p = text; *p; p++)
		if (*p == '\n')
			ct_buf_puts(&b, eol);
		else
			ct_buf_add(&b, p, 1);
	return ct_buf_detach(&b);
}

/* The error, the same on the same line whether the file's lines end in
 * LF, CRLF or a lone CR. */
static void
expect_error(const char *name, const char *content, const char *msg)
{
	static const char *const eols[] = { "\n", "\r\n", "\r" };
	struct ct_omc o;
	struct ct_err err;
	char want[1024];

	/* strict: a bad CSV row fails the file (test_csv_bad_rows: lenient) */
	struct ct_omc_profile sm = prof.omc;

	sm.strict = 1;
	snprintf(want, sizeof(want), "%s/%s", dir, msg);
	for (size_t k = 0; k < 3; k++) {
		char *t = with_eol(content, eols[k]);

		assert_int_equal(ct_omc_read(put(name, t), &sm, &o, &err), CT_EINPUT);
		assert_string_equal(err.msg, want);
		free(t);
	}
}

static void
test_malformed_named_with_line(void **state)
{
	(void)state;
	/* An end tag that does not match, on line 3. */
	expect_error("bad.xml", "<?xml version=\"1.0\"?>\n<measCollecFile>\n</measData>\n",
		     "bad.xml:3: opening and ending tag mismatch: measCollecFile line 2 and measData");
	/* Three names, two results (line 4). */
	expect_error("few.xml", "<measCollecFile><measData><measInfo>\n<measTypes>a b c</measTypes>\n"
		     "<measValue measObjLdn=\"x\">\n<measResults>1 2</measResults></measValue>\n"
		     "</measInfo></measData></measCollecFile>\n",
		     "few.xml:4: measResults has fewer values than measTypes names");
	expect_error("p.xml", "<measCollecFile><measData><measInfo>\n<measType p=\"1\">a</measType>\n"
		     "<measValue measObjLdn=\"x\"><r p=\"2\">1</r></measValue>\n"
		     "</measInfo></measData></measCollecFile>\n",
		     "p.xml:3: r names no measType at p=2");
	expect_error("nodn.xml", "<measCollecFile><measData><measInfo>\n\n<measValue/>\n"
		     "</measInfo></measData></measCollecFile>\n",
		     "nodn.xml:3: measValue without measObjLdn");
	expect_error("dur.xml", "<measCollecFile><measData><measInfo>\n"
		     "<granPeriod duration=\"15 minutes\"/></measInfo></measData></measCollecFile>\n",
		     "dur.xml:2: granPeriod duration is not an ISO 8601 duration");
	/* JSON: jansson's line. */
	expect_error("bad.json", "{\"event\": {\"commonEventHeader\":\n {\"domain\": \"fault\",}\n}}\n",
		     "bad.json:2: string or '}' expected near '}'");
	expect_error("noev.json", "{\"commonEventHeader\": {\"domain\": \"fault\"}}\n",
		     "noev.json: event: neither \"event\" nor \"eventList\" at the top");
	/* CSV: the row's line. */
	expect_error("bad.csv", "Time,Object,a\n2026-11-20 01:00:00,x,1\n2026-11-20 01:00:00,x\n",
		     "bad.csv:3: 2 fields, the header has 3");
	expect_error("time.csv", "Time,Object,a\nyesterday,x,1\n",
		     "time.csv:2: time \"yesterday\" is not a time");
	expect_error("q.csv", "Object,Alarm,Raised\n\"open,x,2026-11-20 01:00:00\n",
		     "q.csv:2: unterminated quoted field");
	expect_error("other.txt", "hello\n",
		     "other.txt:1: not an OMC export (expected a measCollecFile, measDataFile or adc "
		     "XML root, VES JSON, or a CSV header the profile maps)");
}

/* Nested internal entities (a billion laughs): libxml2 refuses the
 * document (its amplification guard; we never ask for substitution). */
static void
test_entity_bomb_refused(void **state)
{
	struct ct_omc o;
	struct ct_err err;
	char want[600];
	const char *bomb =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE measCollecFile [\n"
		" <!ENTITY a \"aaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		" <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		" <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
		"]>\n"
		"<measCollecFile><measData><measInfo><measType p=\"1\">n</measType>\n"
		"<measValue measObjLdn=\"c\"><r p=\"1\">&h;</r></measValue>\n"
		"</measInfo></measData></measCollecFile>\n";

	(void)state;
	assert_int_equal(ct_omc_read(put("bomb.xml", bomb), &prof.omc, &o, &err), CT_EINPUT);
	snprintf(want, sizeof(want), "%s/bomb.xml:1: detected an entity reference loop", dir);
	assert_string_equal(err.msg, want);
}

/* An external entity: nothing is fetched (no XML_PARSE_NOENT, no DTD
 * loading, no network) and the reference adds no text to the value. */
static void
test_external_entity_harmless(void **state)
{
	struct ct_omc o;
	struct ct_err err;
	const char *xxe =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE measCollecFile [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
		"<measCollecFile><measData><measInfo><measType p=\"1\">n</measType>\n"
		"<measValue measObjLdn=\"d\"><r p=\"1\">7&x;</r></measValue>\n"
		"</measInfo></measData></measCollecFile>\n";

	(void)state;
	if (ct_omc_read(put("xxe.xml", xxe), &prof.omc, &o, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(o.values, 1);
	assert_string_equal(o.objs[0].c[0].text, "7");
	ct_omc_free(&o);
}

static void
test_helpers(void **state)
{
	long long t;

	(void)state;
	assert_int_equal(ct_omc_duration("PT900S"), 900);
	assert_int_equal(ct_omc_duration("PT15M"), 900);
	assert_int_equal(ct_omc_duration("PT1H30M"), 5400);
	assert_int_equal(ct_omc_duration("P1D"), 86400);
	assert_int_equal(ct_omc_duration("PT"), -1);
	assert_int_equal(ct_omc_duration("P15M"), -1);   /* months are not a fixed length */
	assert_int_equal(ct_omc_duration("900"), -1);
	assert_int_equal(ct_omc_time("2013-06-03 10:56:18", &t), 0);
	assert_true(t == 1370256978LL);
	assert_int_equal(ct_omc_time("xyz", &t), -1);
	/* the matching rule of omc.h */
	assert_true(ct_omc_dn_is_cell("ManagedElement=a,EUtranCellFDD=1", "ManagedElement=a,EUtranCellFDD=1"));
	assert_true(ct_omc_dn_is_cell("ManagedElement=a,EUtranCellFDD=1", "EUtranCellFDD=1"));
	assert_true(ct_omc_dn_is_cell("RncFunction=RF-1,UtranCell=Gbg-997", "Gbg-997"));
	assert_true(ct_omc_dn_is_cell("SubNetwork=1,ManagedElement=a,EUtranCellFDD=1", "ManagedElement=a,EUtranCellFDD=1"));
	assert_false(ct_omc_dn_is_cell("ManagedElement=a,EUtranCellFDD=11", "EUtranCellFDD=1"));
	assert_false(ct_omc_dn_is_cell("ManagedElement=a,EUtranCellFDD=1", "a,EUtranCellFDD=1x"));
	assert_false(ct_omc_dn_is_cell("", "x"));
	assert_true(ct_omc_dn_within("ManagedElement=a,EUtranCellFDD=1", "ManagedElement=a"));
	assert_false(ct_omc_dn_within("ManagedElement=ab,EUtranCellFDD=1", "ManagedElement=a"));
	assert_true(ct_omc_dn_within("ManagedElement=a", "ManagedElement=a"));
}

static void
complaint(struct ct_complaint *c, const char *json)
{
	json_error_t je;
	json_t *j = json_loads(json, 0, &je);
	struct ct_err err;

	assert_non_null(j);
	if (ct_complaint_from_json(j, "t", c, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(j);
}

static void
test_evidence_join(void **state)
{
	struct ct_omc pm, al;
	struct ct_err err;
	struct ct_complaint c;
	char want[600];

	(void)state;
	assert_int_equal(ct_omc_read(put("r.xml", pm_r), &prof.omc, &pm, &err), 0);
	assert_int_equal(ct_omc_read(put("al.csv",
		"Object,Alarm,Severity,Raised,Cleared\n"
		"ManagedElement=a,RRU link down,major,2026-11-20 01:05:00,\n"
		"ManagedElement=b,Fan,minor,2026-11-20 01:00:00,\n"), &prof.omc, &al, &err), 0);

	/* Typed "not busy"; the file says busy at the complaint's time: the
	 * file decides and the typed value is kept for the path. */
	complaint(&c, "{\"msisdn\": \"13700000001\", \"phenomenon\": \"no_access\","
		  " \"received_at\": \"2026-11-20T09:10:00+08:00\","
		  " \"location\": {\"cell\": \"EUtranCellFDD=1\"}, \"omc\": {\"cell_busy\": false}}");
	assert_int_equal(ct_evidence_add_omc(&c, &pm), 1);
	assert_int_equal(c.omc.cell_busy, CT_YES);
	/* notes: the cell's full DN, then where cell_busy came from */
	assert_int_equal(c.nnotes, 2);
	assert_string_equal(c.notes[0].field, "location.cell_dn");
	assert_string_equal(c.notes[0].source, "ManagedElement=a,EUtranCellFDD=1");
	assert_string_equal(c.notes[1].field, "omc.cell_busy");
	snprintf(want, sizeof(want), "%s/r.xml: object ManagedElement=a,EUtranCellFDD=1, "
		 "counters RRU.PrbUsedDl/RRU.PrbAvailDl: PRB use 90%% above the 80%% limit; "
		 "the complaint said false", dir);
	assert_string_equal(c.notes[1].source, want);
	/* The site alarm (on the parent ManagedElement=a) raised at 01:05Z is
	 * active at 01:10Z; the one on ManagedElement=b is not this site's. */
	assert_int_equal(ct_evidence_add_omc(&c, &al), 1);
	assert_true(c.omc.alarms.has);
	assert_int_equal(c.omc.alarms.n, 1);
	assert_string_equal(c.omc.alarms.v[0], "RRU link down on ManagedElement=a");
	ct_complaint_free(&c);

	/* Before the alarm was raised, and outside the PM period: nothing. */
	complaint(&c, "{\"msisdn\": \"13700000001\", \"phenomenon\": \"no_access\","
		  " \"received_at\": \"2026-11-20T08:50:00+08:00\","
		  " \"location\": {\"cell\": \"ManagedElement=a,EUtranCellFDD=1\"}}");
	assert_int_equal(ct_evidence_add_omc(&c, &pm), 0);
	assert_int_equal(c.omc.cell_busy, CT_UNKNOWN);
	assert_int_equal(ct_evidence_add_omc(&c, &al), 1);
	assert_true(c.omc.alarms.has);
	assert_int_equal(c.omc.alarms.n, 0);           /* an alarm list naming none: clean */
	ct_complaint_free(&c);

	/* No cell: the file cannot be tied to the complaint. */
	complaint(&c, "{\"msisdn\": \"13700000001\", \"phenomenon\": \"no_access\"}");
	assert_int_equal(ct_evidence_add_omc(&c, &pm), 0);
	assert_int_equal(c.omc.cell_busy, CT_UNKNOWN);
	ct_complaint_free(&c);
	ct_omc_free(&pm);
	ct_omc_free(&al);
}

static void
test_profile_omc_group(void **state)
{
	struct ct_profile p;
	struct ct_err err;
	char path[] = "/tmp/ct-omc-profile-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	char *text;
	const char *at;

	(void)state;
	assert_true(prof.omc.present);
	assert_true(prof.omc.prb_busy_pct == 80.0);
	assert_int_equal(prof.omc.rrc_att.n, 2);
	assert_string_equal(prof.omc.rrc_att.v[0], "RRC.ConnEstabAtt");
	assert_string_equal(prof.omc.csv_counters.object, "Object");
	assert_int_equal(prof.omc.csv_counters.granularity_s, 900);
	assert_string_equal(prof.omc.csv_alarms.cleared, "Cleared");
	assert_int_equal(ct_profile_load("profiles/strict-lte.cfg", &p, &err), 0);
	assert_true(p.omc.present);
	ct_profile_free(&p);
	/* a profile without an omc group takes the built-in one */
	assert_int_equal(ct_profile_load("profiles/mtu-modem.cfg", &p, &err), 0);
	assert_true(p.omc.present);
	assert_true(p.omc.prb_busy_pct == 80.0);
	assert_string_equal(p.omc.prb_used.v[0], "RRU.PrbUsedDl");
	ct_profile_free(&p);
	/* The built-in text with prb_busy_pct out of range: file:line: reason. */
	assert_true(fd >= 0);
	text = strdup(ct_default_profile_text);
	at = strstr(text, "prb_busy_pct = 80.0;");
	assert_non_null(at);
	memcpy(text + (at - text), "prb_busy_pct = 180.;", 20);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	{
		int line = 1;
		char want[256];

		for (const char *q = text; q < at; q++)
			line += *q == '\n';
		snprintf(want, sizeof(want), "%s:%d: omc.prb_busy_pct: 180 is out of range 0..100", path, line);
		assert_int_equal(ct_profile_load(path, &p, &err), CT_EPROFILE);
		assert_string_equal(err.msg, want);
	}
	free(text);
	unlink(path);
}

/* The real exports of ../shared/data/omc, when present: exact
 * counts, checked against an independent parse (Python ElementTree / json
 * counting <r>, measResults tokens and VES measResults). */
static void
test_real_files(void **state)
{
	static const struct {
		const char *file;
		enum ct_omc_format f;
		size_t values, objects, alarms;
		long gran;
	} real[] = {
		{ "pm32435_ericsson_A20220418.1900-1915_seliitdus00487.xml", CT_OMC_32435, 2667, 96, 0, 900 },
		{ "pm32435_spec_example_A1_measTypes.xml", CT_OMC_32435, 12, 3, 0, 900 },
		{ "pm32435_spec_example_A2_measType_r.xml", CT_OMC_32435, 12, 3, 0, 900 },
		{ "pm32435_spec_example_A3_sgsn.xml", CT_OMC_32435, 10, 3, 0, 900 },
		{ "pm28532_keysight_D20241211.0934+0000-0936+0000_GNB-1.xml", CT_OMC_28532, 284, 20, 0, 60 },
		{ "ves_perf3gpp_pm_report.json", CT_OMC_VES_PERF, 28, 4, 0, 900 },
		{ "ves_fault_eventlist.json", CT_OMC_VES_FAULT, 0, 0, 2, 0 },
		{ "ves_stnddefined_notifynewalarm.json", CT_OMC_VES_STND, 0, 0, 1, 0 },
		{ "fm_alarmfile_nodeb_adc.xml", CT_OMC_ALARM_XML, 0, 0, 14, 0 },
	};
	const char *base = "../shared/data/omc";

	(void)state;
	if (access(base, R_OK) != 0) {
		printf("test_omc: %s not present, real-file checks skipped\n", base);
		return;
	}
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		struct ct_omc o;
		struct ct_err err;
		char path[512];

		snprintf(path, sizeof(path), "%s/%s", base, real[i].file);
		if (ct_omc_read(path, &prof.omc, &o, &err) != 0)
			fail_msg("%s", err.msg);
		assert_int_equal(o.format, real[i].f);
		assert_int_equal(o.values, real[i].values);
		assert_int_equal(o.nobjs, real[i].objects);
		assert_int_equal(o.nalarms, real[i].alarms);
		assert_int_equal(o.granularity_s, real[i].gran);
		if (i == 0) {
			/* the Ericsson file: 15-min period, NRCellDU=2 down for 900 s */
			int found = 0;

			assert_true(o.begin == 1650308400LL && o.end == 1650309300LL);
			for (size_t k = 0; k < o.nobjs; k++) {
				const struct ct_omc_counter *c = counter(&o.objs[k], "pmCellDowntimeMan");

				if (c && strstr(o.objs[k].dn, "NRCellDU=2") && c->num == 900)
					found = 1;
			}
			assert_true(found);
		}
		if (real[i].f == CT_OMC_ALARM_XML) {
			assert_string_equal(o.alarms[6].name, "Cell 0 no RRU connect! (cause 20333)");
			assert_string_equal(o.alarms[6].object, "RncFunction=0000,NodeBFunction=2");
		}
		ct_omc_free(&o);
	}
}

static const char bad_counters[] =
	"Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl\n"       /* 1: header */
	"2026-11-20 01:00:00,EUtranCellFDD=1,95,100\n"     /* 2: good */
	"2026-11-20 01:00:00,EUtranCellFDD=2\n"            /* 3: 2 of 4 fields */
	"yesterday,EUtranCellFDD=3,1,100\n"                /* 4: time */
	"2026-11-20 01:00:00,\"EUtranCellFDD=4,1,100\n"    /* 5: open quote */
	"2026-11-20 01:00:00,EUtranCellFDD=5,40,100\n"     /* 6: good */
	"2026-11-20 01:15:00,EUtranCellFDD=6,4";          /* 7: truncated */
static const char bad_alarms[] =
	"Object,Alarm,Severity,Raised,Cleared\n"
	"EUtranCellFDD=1,RRU link down,major,2026-11-20 00:55:00,\n" /* 2: good */
	"EUtranCellFDD=1,VSWR,minor,noon,\n";                        /* 3: raised time */

/* Bad CSV rows: skipped and counted (lenient, the default), the rest read. */
static void
test_csv_bad_rows(void **state)
{
	struct ct_omc o;
	struct ct_err err;
	json_t *j;
	char *js;

	(void)state;
	assert_int_equal(ct_omc_read(put("bad.csv", bad_counters), &prof.omc, &o, &err), 0);
	assert_int_equal(o.format, CT_OMC_CSV_COUNTERS);
	assert_int_equal(o.nobjs, 2);
	assert_string_equal(o.objs[0].dn, "EUtranCellFDD=1");
	assert_string_equal(o.objs[1].dn, "EUtranCellFDD=5");
	assert_int_equal(o.values, 4);
	assert_int_equal(o.bad.n, 4);
	assert_int_equal(o.bad.first[0].line, 3);
	assert_string_equal(o.bad.first[0].reason, "2 fields, the header has 4");
	assert_int_equal(o.bad.first[1].line, 4);
	assert_string_equal(o.bad.first[1].reason, "time \"yesterday\" is not a time");
	assert_int_equal(o.bad.first[2].line, 5);
	assert_string_equal(o.bad.first[2].reason, "unterminated quoted field");
	assert_int_equal(o.bad.first[3].line, 7);
	assert_string_equal(o.bad.first[3].reason, "truncated row (3 of 4 fields)");
	/* the period is the good rows' only: 01:00 .. 01:15 */
	assert_true(o.begin == T0100 && o.end == T0115);
	j = ct_omc_to_json(&o);
	js = json_dumps(json_object_get(j, "bad_rows"), JSON_PRESERVE_ORDER | JSON_COMPACT);
	assert_string_equal(js, "{\"count\":4,\"first\":[{\"line\":3,\"reason\":\"2 fields, the header has 4\"},"
			    "{\"line\":4,\"reason\":\"time \\\"yesterday\\\" is not a time\"},"
			    "{\"line\":5,\"reason\":\"unterminated quoted field\"},"
			    "{\"line\":7,\"reason\":\"truncated row (3 of 4 fields)\"}]}");
	free(js);
	json_decref(j);
	ct_omc_free(&o);

	assert_int_equal(ct_omc_read(put("al.csv", bad_alarms), &prof.omc, &o, &err), 0);
	assert_int_equal(o.nalarms, 1);
	assert_string_equal(o.alarms[0].name, "RRU link down");
	assert_int_equal(o.bad.n, 1);
	assert_int_equal(o.bad.first[0].line, 3);
	assert_string_equal(o.bad.first[0].reason, "raised time \"noon\" is not a time");
	/* a clean file has no "bad_rows" member */
	ct_omc_free(&o);
	assert_int_equal(ct_omc_read(put("ok.csv", "Time,Object,a\n2026-11-20 01:00:00,x,1\n"),
				     &prof.omc, &o, &err), 0);
	j = ct_omc_to_json(&o);
	assert_null(json_object_get(j, "bad_rows"));
	json_decref(j);
	ct_omc_free(&o);
	/* strict: the first bad row is the file's error */
	expect_error("bad.csv", bad_counters, "bad.csv:3: 2 fields, the header has 4");
	expect_error("al.csv", bad_alarms, "al.csv:3: raised time \"noon\" is not a time");
}

/* The whole reading as JSON (caller frees). */
static char *
read_json(const char *name, const char *text)
{
	struct ct_omc o;
	struct ct_err err;
	json_t *j;
	char *js;

	assert_int_equal(ct_omc_read(put(name, text), &prof.omc, &o, &err), 0);
	j = ct_omc_to_json(&o);
	js = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(j);
	ct_omc_free(&o);
	return js;
}

/* CSV exports with CRLF or CR-only line ends read as with LF: the same
 * objects, values, alarms and bad rows on the same lines. */
static void
test_csv_line_ends(void **state)
{
	static const char *const texts[] = {
		bad_counters, bad_alarms,
		"Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl\n\n"
		"2026-11-20 01:00:00,EUtranCellFDD=1,95,100\n\n"
		"2026-11-20 01:00:00,EUtranCellFDD=2\n"
		"2026-11-20 01:00:00,EUtranCellFDD=5,40,100\n",
	};
	static const char *const eols[] = { "\r\n", "\r" };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *want = read_json("e.csv", texts[i]);

		assert_non_null(strstr(want, "\"objects\":[{") ? want : strstr(want, "\"alarms\":[{"));
		for (size_t k = 0; k < 2; k++) {
			char *t = with_eol(texts[i], eols[k]);
			char *got = read_json("e.csv", t);

			assert_string_equal(got, want);
			free(got);
			free(t);
		}
		free(want);
	}
}

/* A UTF-8 byte order mark before an export changes nothing. */
static void
test_bom(void **state)
{
	static const char *const texts[] = { ves_perf, ves_fault, ves_stnd, pm_r, adc, bad_counters };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *want = read_json("b.txt", texts[i]);
		struct ct_buf b = CT_BUF_INIT;
		char *got;

		ct_buf_puts(&b, "\xef\xbb\xbf");
		ct_buf_puts(&b, texts[i]);
		got = read_json("b.txt", ct_buf_str(&b));
		assert_string_equal(got, want);
		free(got);
		free(want);
		ct_buf_free(&b);
	}
}

/*
 * Objects are found through a hash: 30,000 cells, each in two rows of the
 * same period (found again) and one of the next (a new object), read in
 * linear time. The linear search took ~8 s for this (~25 s with the
 * sanitizers); the bound leaves a loaded machine a wide margin.
 */
static void
test_many_objects(void **state)
{
	enum { N = 30000 };
	struct ct_buf b = CT_BUF_INIT;
	struct ct_omc o;
	struct ct_err err;
	clock_t t0;
	double cpu;

	(void)state;
	ct_buf_puts(&b, "Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl\n");
	for (int i = 0; i < N; i++)
		ct_buf_printf(&b, "2026-11-20 01:00:00,\"ManagedElement=s%d,EUtranCellFDD=1\",%d,\n", i, i % 100);
	for (int i = 0; i < N; i++)
		ct_buf_printf(&b, "2026-11-20 01:00:00,\"ManagedElement=s%d,EUtranCellFDD=1\",,100\n", i);
	for (int i = 0; i < N; i++)
		ct_buf_printf(&b, "2026-11-20 01:15:00,\"ManagedElement=s%d,EUtranCellFDD=1\",1,100\n", i);
	t0 = clock();
	assert_int_equal(ct_omc_read_mem("many.csv", ct_buf_str(&b), b.len, &prof.omc, &o, &err), 0);
	cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(o.nobjs, 2 * N);
	assert_int_equal(o.values, 4 * N);
	/* file order kept; both rows of a period in one object */
	assert_string_equal(o.objs[7].dn, "ManagedElement=s7,EUtranCellFDD=1");
	assert_true(o.objs[7].end == T0115 && o.objs[N + 7].end == T0115 + 900);
	assert_int_equal(o.objs[7].n, 2);
	assert_true(counter(&o.objs[7], "RRU.PrbUsedDl")->num == 7);
	assert_true(counter(&o.objs[7], "RRU.PrbAvailDl")->num == 100);
	assert_true(o.objs[7].kpi.prb_use_pct.has && o.objs[7].kpi.prb_use_pct.v == 7);
	ct_omc_free(&o);
	ct_buf_free(&b);
	assert_true(cpu < 4.0);
}

static int
setup(void **state)
{
	struct ct_err err;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	return ct_profile_load(NULL, &prof, &err);
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	ct_profile_free(&prof);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_32435_r_form),
		cmocka_unit_test(test_json_keys),
		cmocka_unit_test(test_32435_measresults_form),
		cmocka_unit_test(test_28532_stylesheet_first),
		cmocka_unit_test(test_ves_perf),
		cmocka_unit_test(test_ves_fault),
		cmocka_unit_test(test_ves_stnddefined),
		cmocka_unit_test(test_ves_single_event_as_batch),
		cmocka_unit_test(test_alarm_xml),
		cmocka_unit_test(test_csv_counters_and_alarms),
		cmocka_unit_test(test_malformed_named_with_line),
		cmocka_unit_test(test_csv_bad_rows),
		cmocka_unit_test(test_csv_line_ends),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_many_objects),
		cmocka_unit_test(test_entity_bomb_refused),
		cmocka_unit_test(test_external_entity_harmless),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_evidence_join),
		cmocka_unit_test(test_profile_omc_group),
		cmocka_unit_test(test_real_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
