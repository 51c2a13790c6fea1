/*
 * omc.h — OMC exports read into counters, KPIs and alarms per measured object.
 *
 * Formats, recognised from the content (never the file name):
 *   - 3GPP TS 32.435 measCollecFile XML, in both forms of the measurement
 *     block: <measTypes>a b c</measTypes> + <measResults>1 2 3</measResults>,
 *     and <measType p="1">a</measType> + <r p="1">1</r>;
 *   - 3GPP TS 28.532 measDataFile XML (the same block; a stylesheet
 *     processing instruction before the XML declaration is tolerated);
 *   - ONAP VES JSON, one event {"event": E} (its keys in any order) or an
 *     {"eventList": [E, ...]} batch: perf3gpp
 *     (perf3gppFields.measDataCollection), fault (faultFields) and stndDefined
 *     notifyNewAlarm (TS 28.532 fault supervision);
 *   - the vendor alarm file XML (root <adc>: <at p> attribute names and one
 *     <av> per alarm with <r p> values);
 *   - CSV counter and alarm exports, through the column mappings of the
 *     profile's optional `omc` group (profile.h).
 *
 * XML goes through libxml2 with no network access, no external entities or
 * DTD loading, and entity substitution off; files are capped at
 * CT_OMC_MAX_FILE bytes.
 *
 * Counting: `values` is the number of (measured object, counter)
 * results present in the file: one per <r>, one per <measResults> token,
 * one per VES measResult, one per counter cell of a CSV row.
 *
 * Objects are one per (distinguished name, end of granularity period): the
 * same cell in two periods is two objects. They are kept in file order and
 * found through a hash of that pair (an export of 100,000 cells is read in
 * linear time). KPIs (struct ct_omc_kpis) are
 * computed per object from the counters named in the profile.
 *
 * Errors (util.h): CT_EINPUT with "file:line: reason" (XML and JSON: the
 * parser's line; CSV: the row's line). On error the result is freed.
 * Everything in struct ct_omc is owned by it; ct_omc_free releases it.
 */
#ifndef CELLTRIAGE_OMC_H
#define CELLTRIAGE_OMC_H

#include <stddef.h>

#include <jansson.h>

#include "celltriage/badrows.h"
#include "celltriage/profile.h"
#include "celltriage/util.h"

/* Files larger than this are refused (the largest real PM file we hold is
 * 160 kB; a day of 15-minute files of a big node stays well below). */
#define CT_OMC_MAX_FILE (64u * 1024u * 1024u)

enum ct_omc_format {
	CT_OMC_UNKNOWN = 0,
	CT_OMC_32435,        /* "32.435" */
	CT_OMC_28532,        /* "28.532" */
	CT_OMC_VES_PERF,     /* "ves-perf3gpp" */
	CT_OMC_VES_FAULT,    /* "ves-fault" */
	CT_OMC_VES_STND,     /* "ves-stnddefined" */
	CT_OMC_ALARM_XML,    /* "alarm-xml" */
	CT_OMC_CSV_COUNTERS, /* "csv-counters" */
	CT_OMC_CSV_ALARMS    /* "csv-alarms" */
};
const char *ct_omc_format_name(enum ct_omc_format f);

struct ct_omc_counter {
	char *name;
	char *text;      /* as in the file, trimmed ("" blank, "0,1,2" a list) */
	int has_num;     /* text is one number */
	double num;
};

/* A KPI value and where it came from ("file: object DN, counter C"). */
struct ct_omc_kpi {
	int has;
	double v;
	char *source;
};

struct ct_omc_kpis {
	struct ct_omc_kpi prb_use_pct;       /* used / available PRBs, or a usage % counter */
	struct ct_omc_kpi setup_fail_pct;    /* 100 * (1 - RRC setup successes / attempts) */
	struct ct_omc_kpi drop_pct;          /* abnormal / (abnormal + normal) releases */
	struct ct_omc_kpi ul_interference_dbm;
	struct ct_omc_kpi packet_load_pct;
	struct ct_omc_kpi gateway_load_pct;
	int busy;                            /* -1 unknown, 0 no, 1 yes (prb_use_pct vs profile) */
	double busy_pct;                     /* the profile's omc.prb_busy_pct it was compared with */
};

struct ct_omc_object {
	char *dn;              /* measObjLdn / measObjInstId as written ("" allowed) */
	long long end;         /* end of its granularity period (epoch s); has_end */
	int has_end;
	long granularity_s;    /* 0 unknown */
	int suspect;
	struct ct_omc_counter *c;
	size_t n, cap;
	struct ct_omc_kpis kpi;
};

struct ct_omc_alarm {
	char *object;          /* the alarmed object (DN, source name) */
	char *name;
	char *severity;
	long long raised, cleared;
	int has_raised, has_cleared;
	int core_board;        /* on a core voice node (profile omc.core_board_objects) */
};

struct ct_omc {
	char *file;
	enum ct_omc_format format;
	long long begin, end;
	int has_begin, has_end;
	long granularity_s;    /* the first measurement block's; 0 unknown */
	size_t values;
	struct ct_omc_object *objs;
	size_t nobjs, capobjs;
	/* ct_omc_object_get's index of objs by (dn, end): open addressing,
	 * slots hold an object's index + 1 (0 empty), nslots a power of two
	 * at least twice nobjs. */
	size_t *slots, nslots;
	struct ct_omc_alarm *alarms;
	size_t nalarms, capalarms;
	struct ct_badrows bad;  /* CSV rows skipped (not omc.strict) */
};

/*
 * Reads one file. map is the profile's omc group (NULL or not present: no
 * KPIs, and CSV files are not recognised). Returns 0 or CT_EINPUT.
 */
int ct_omc_read(const char *path, const struct ct_omc_profile *map,
		struct ct_omc *out, struct ct_err *err);
/* The same over bytes in memory; name stands for the file in messages. */
int ct_omc_read_mem(const char *name, const char *data, size_t len,
		    const struct ct_omc_profile *map, struct ct_omc *out,
		    struct ct_err *err);
void ct_omc_free(struct ct_omc *o);

/* The format the bytes look like, without parsing them fully. */
enum ct_omc_format ct_omc_sniff(const char *data, size_t len,
				const struct ct_omc_profile *map);

/*
 * Whether the object or alarm named dn concerns the cell: the DN equals the
 * cell, or its last relative name "Type=value" or that value equals it, or
 * the DN ends in ",cell". Case-sensitive. (The complaint's location.cell is
 * written the way the OMC names the cell: "EUtranCellFDD=1" or a full DN.)
 */
int ct_omc_dn_is_cell(const char *dn, const char *cell);
/* Whether ancestor is dn itself or one of its parents ("A=1" of "A=1,B=2"). */
int ct_omc_dn_within(const char *dn, const char *ancestor);

/*
 * Output (src/report/omc.c). JSON: one object per file with exactly the
 * keys: format, begin, end (ISO 8601 UTC or null), granularity_s
 * (null when unknown), values, objects [{dn, end, granularity_s, suspect,
 * counters {name: number or text}, kpis {...} when any}], alarms [{object,
 * name, severity, raised, cleared}] (new reference). Text: a summary per
 * file, the KPIs per object that has any, the alarms. CSV: one row per
 * counter and per alarm (file,kind,object,time,name,value).
 */
json_t *ct_omc_to_json(const struct ct_omc *o);
void ct_omc_text(struct ct_buf *b, const struct ct_omc *o);
void ct_omc_csv(struct ct_buf *b, const struct ct_omc *o, int header);

/* --- internal to src/ingest (shared by the readers) --- */
struct ct_omc_object *ct_omc_object_get(struct ct_omc *o, const char *dn,
					long long end, int has_end, long gran);
void ct_omc_counter_add(struct ct_omc *o, struct ct_omc_object *ob,
			const char *name, const char *text, size_t len);
struct ct_omc_alarm *ct_omc_alarm_add(struct ct_omc *o);
/* "PT900S", "PT15M", "PT1H", "P1D" -> seconds; -1 when not a duration. */
long ct_omc_duration(const char *s);
/* ISO 8601 or "YYYY-MM-DD hh:mm:ss" (taken as UTC); -1 when neither. */
int ct_omc_time(const char *s, long long *epoch);
void ct_omc_compute_kpis(struct ct_omc *o, const struct ct_omc_profile *map);

int ct_omc_read_xml(const char *name, const char *data, size_t len,
		    struct ct_omc *out, struct ct_err *err);
int ct_omc_read_ves(const char *name, const char *data, size_t len,
		    struct ct_omc *out, struct ct_err *err);
int ct_omc_read_csv(const char *name, const char *data, size_t len,
		    const struct ct_omc_profile *map, enum ct_omc_format f,
		    struct ct_omc *out, struct ct_err *err);

#endif
