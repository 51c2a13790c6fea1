/*
 * profile.h — the operator's tunables: thresholds per RAT, grade rules,
 * stage deadlines, the signalling-cause map and the action texts.
 *
 * Nothing numeric about the domain lives in code: the decision tree reads
 * every threshold from here. profiles/default.cfg is compiled into the
 * binary (the built-in profile); --profile or $CELLTRIAGE_PROFILE names
 * another file.
 *
 * Inheritance: a profile names its base (`base = "strict.cfg";`, a path
 * relative to the profile's own file, or "default", the built-in profile,
 * which is also the base of a profile that names none) and holds only its
 * differences. Groups merge key by key at every depth; a scalar, an array
 * or a list in the derived profile replaces the base's whole value, except
 * that a list `L_prepend = ( ... );` puts its items before the base's list
 * L (tried first). Chains are followed up to 8 files; a cycle is refused.
 *
 * One table (src/profile/keys.c) lists every key a profile may set (its
 * path, type, range and the field below it fills): a key not in it is
 * refused, as is a value of the wrong type or out of range, each with
 * file:line and the reason. Every value keeps the file and line it came
 * from (ct_profile_settings). ct_profile_free releases everything
 * ct_profile_load allocated.
 */
#ifndef CELLTRIAGE_PROFILE_H
#define CELLTRIAGE_PROFILE_H

#include <stddef.h>

#include "celltriage/complaint.h"
#include "celltriage/dissect.h"
#include "celltriage/util.h"

struct ct_rat_thresholds {
	int present;
	double coverage_dbm;       /* serving level strictly below -> weak coverage */
	double interference_dbm;   /* interference level strictly above -> interference */
	int interference_grade_min;/* grade >= this -> interference (0: not used) */
	int has_sinr;
	double sinr_min_db;        /* SINR strictly below, with a good level -> interference */
	double ta_step_m;          /* metres per timing-advance step (0: no TA) */
	char *source;              /* where the numbers come from (shown in evidence) */
};

enum ct_cond_kind { CT_COND_CUST_GRADE, CT_COND_CHANNEL, CT_COND_FLAG, CT_COND_GROUP_CUSTOMER };

struct ct_cond {
	enum ct_cond_kind kind;
	int value;
	char *text; /* as written in the profile, for the evidence */
};

/* A grade rule: the complaint gets `grade` when every condition holds. */
struct ct_grade_rule {
	int grade;
	char *name;
	struct ct_cond *conds;
	size_t nconds;
};

/* Signalling failure -> branch of the decision tree. */
struct ct_sigmap {
	int family;       /* enum ct_family */
	int group;        /* enum ct_cause_group, -1 = any */
	long lo, hi;      /* cause value range; lo = -1: any failure of the family */
	char *message;    /* only failures carried by a message whose name holds this; NULL any */
	char *branch;     /* a cause code ("core/subscriber_data") or "radio" */
	const char *file; /* the profile file the entry is in (one of ct_profile.files) */
	int line;         /* ... and its line there */
};

struct ct_action {
	char *cause;
	char **lines;
	size_t n;
};

/*
 * A department of the operator's procedures (the `departments` list): the
 * ticket keeps its id; the display name and the aliases are other names
 * for it that dispatch, reply and the filters take.
 */
struct ct_department {
	char *id, *name;
	char **aliases;
	size_t naliases;
};

/* The desk's rules (the `desk` group). */
struct ct_desk_profile {
	long long esc_before_s;    /* escalate "near" this long before a stage is due */
	long long esc_scan_s;      /* `celltriage serve` scans for escalations this often */
};

struct ct_deadlines {
	int dispatch_min, handle_min, return_min, feedback_min;
	int reply_min, appeal_reply_min;
	int register_min, register_major_min, callback_min;
	int progress_report_days, revisit_days_min, revisit_days_max;
	int repeat_window_days;    /* same subscriber + phenomenon within this: repeat (0 = off) */
	/* The working days the deadlines counted in working days are counted
	 * in (progress_report_days): the time group's calendar, set by the
	 * loader (not a key; its arrays are the profile's). */
	struct ct_calendar cal;
};

/*
 * The `omc` group: which counters make each KPI of an OMC export (a list of
 * names per KPI, the first one present in an object wins, so one profile can
 * name several vendors' counters), the KPI thresholds, and the column
 * mappings of CSV counter and alarm exports.
 */
struct ct_names {
	char **v;
	size_t n;
};

struct ct_omc_profile {
	int present;
	struct ct_names prb_used, prb_avail, prb_usage_pct;   /* PRB use */
	struct ct_names rrc_att, rrc_succ;                    /* RRC setup */
	struct ct_names drop_abnormal, drop_normal;           /* drop rate */
	struct ct_names ul_interference_dbm;                  /* dBm per PRB */
	struct ct_names packet_load_pct, gateway_load_pct;    /* core load */
	struct ct_names core_board;  /* DN texts naming core voice nodes: their alarms -> core/board_alarm */
	double prb_busy_pct;       /* PRB use strictly above -> cell busy */
	int strict;                /* 1: a bad CSV row fails the file (else skipped, counted) */
	struct {
		int present;
		char *object, *time;   /* header names of those columns */
		long granularity_s;    /* the export's period (0: unknown) */
	} csv_counters;
	struct {
		int present;
		char *object, *name, *severity, *raised, *cleared;
	} csv_alarms;
};

/*
 * Drive tests (the `drivetest` group). A CSV mapping names the columns of
 * one log layout; a CSV whose header row has every named column is read
 * with it.
 */
struct ct_dt_map {
	char *name;
	char *time, *time_format;   /* time_format: "date" (date(1)), "iso", "epoch" */
	char *lat, *lon, *rat, *cell, *level, *level_add, *quality, *sinr, *dl, *ul;
	char *nr_level, *nr_quality, *nr_sinr; /* the NR leg of 5G NSA (EN-DC) rows */
	int fixed_rat;              /* enum ct_rat when rat is not a column, else 0 */
	double rate_to_kbps;        /* dl/ul column unit -> kbit/s */
	double *missing;            /* level/quality values that mean "no value" */
	size_t nmissing;
	int line;
};

struct ct_dt_profile {
	double weak_min_m;          /* weak-coverage segment: at least this long (m) */
	double weak_min_s;          /* ... or this long (s) when the log has no position */
	double pingpong_window_s;   /* A->B->A within this time is a ping-pong */
	int interference_min_samples;
	double evidence_radius_m;   /* samples this close to the complaint are its evidence */
	double spot_share_pct;      /* a spot is weak (poor SINR) when more than this share
				     * of its samples is beyond the threshold */
	int strict;                 /* 1: a bad row fails the log (else skipped, counted) */
	int has_quality[CT_RAT__COUNT];
	double quality_min_db[CT_RAT__COUNT]; /* RSRQ / Ec/No strictly below -> poor */
	struct ct_dt_map *maps;
	size_t nmaps;
	int builtin;                /* 1: a profile file's, inherited whole from the built-in one */
};

/*
 * The NOC's monitoring and monthly figures: the `noc` group (builtin = 1 in
 * a profile file that inherits it whole from the built-in profile).
 */
struct ct_noc_profile {
	/* Hotspots (provincial complaint-handling flow): complaints in the
	 * recent window against the place's own rate in the baseline period
	 * before it. */
	long long hot_window_s, hot_baseline_s;
	double hot_p_max;          /* one-sided Poisson p-value at or below: hot */
	int hot_min_count;         /* ... and at least this many in the window */
	double hot_baseline_floor; /* complaints per baseline period assumed at least */
	/* Monthly figures (complaint handling and assessment standard) and
	 * deductions (provincial complaint-handling flow). */
	long long subscribers;     /* 0: unknown (per-10k figures need --subscribers) */
	double target_per_10k, target_valid_per_10k;
	int target_repeat, target_appeal;
	double points_per_complaint; /* monthly deduction per responsible escalated complaint */
	int deduction_cap;         /* yearly count per department within which 0.1 x sum applies */
	double within_factor, over_base, over_step, max_points;
	int builtin;
};

/*
 * The `time` group: the zone every time is shown in and every zone-less
 * time read in (an IANA name, ct_zone_set; --tz overrides it), and the
 * working-day calendar: the working weekdays ("mon" .. "sun"), the
 * holidays and the swapped working days ("YYYY-MM-DD"), as written; the
 * loader turns them into deadlines.cal.
 */
struct ct_time_profile {
	char *zone;
	struct ct_names working_days, holidays, workdays;
	long long *off, *on;       /* holidays, workdays as day numbers, sorted */
};

/*
 * One value of the merged profile and where it came from (what `celltriage
 * profile show` prints): every scalar and array, list items by index.
 */
struct ct_profile_setting {
	char *path;        /* "thresholds.lte.coverage_dbm", "signalling[3].branch" */
	char *text;        /* the value as a profile writes it: -100.0, "lte", [ 0.0, -125.0 ] */
	char *json;        /* the same value as JSON */
	const char *file;  /* one of ct_profile.files */
	int line;          /* its line in that file */
};

/*
 * The tree's limits outside the per-RAT thresholds, one row each, by the
 * profile group they are read from:
 *
 *   X(member of struct ct_profile, key, C type, kind: NUM a number or INT
 *     a whole number, lo, hi: the range the loader accepts)
 *
 * struct ct_profile declares the members from these lists and the key
 * table (src/profile/keys.c) reads the keys from them, so a new limit is a
 * row here and its value, with its source, in profiles/default.cfg.
 */
#define CT_RADIO_LIMITS(X) \
	X(bler_high_pct,            "bler_high_pct",            double, NUM, 0, 100) \
	X(retrans_high_pct,         "retrans_high_pct",         double, NUM, 0, 100) \
	X(reselections_max_per_min, "reselections_max_per_min", double, NUM, 0, 1000) \
	X(pingpong_max,             "pingpong_max",             int,    INT, 0, 100000) \
	X(repeater_excess_m,        "repeater_excess_m",        double, NUM, 0, 100000)
#define CT_CORE_LIMITS(X) \
	X(packet_load_max_pct,  "packet_resource_load_max_pct", double, NUM, 0, 100) \
	X(gateway_load_max_pct, "gateway_load_max_pct",         double, NUM, 0, 100)
#define CT_TERMINAL_LIMITS(X) \
	X(worn_age_years, "worn_age_years", double, NUM, 0, 60)

#define CT_LIMIT_MEMBER(member, key, type, kind, lo, hi) type member;

/* One user link type of capture.user_dlts. */
struct ct_user_dlt {
	int dlt;                   /* 147..162 */
	int carries;               /* enum ct_user_carrier */
};

struct ct_profile {
	char *name;                /* file name, or "built-in default.cfg" */
	char **files;              /* the chain: name, its base, ..., "built-in default.cfg"
				    * (a base named relative to its profile: joined to its directory) */
	size_t nfiles;
	/* The parsed files, kept for ct_profile_settings (private). */
	struct ct_profile_origin *origin;
	struct ct_rat_thresholds rat[CT_RAT__COUNT]; /* [0] unused */
	CT_RADIO_LIMITS(CT_LIMIT_MEMBER)     /* radio { ... } */
	CT_CORE_LIMITS(CT_LIMIT_MEMBER)      /* core { ... } */
	CT_TERMINAL_LIMITS(CT_LIMIT_MEMBER)  /* terminal { ... } */
	struct ct_grade_rule *grades;
	size_t ngrades;
	int default_grade;
	struct ct_deadlines dl;
	struct ct_sigmap *sigmap;
	size_t nsigmap;
	struct ct_action *actions;
	size_t nactions;
	struct ct_omc_profile omc;
	int typed_value_wins;      /* evidence files do not override typed values */
	struct ct_dt_profile dt;
	struct ct_noc_profile noc;
	struct ct_time_profile time;
	struct ct_department *departments; /* `departments`: the handling departments */
	size_t ndepartments;
	struct ct_desk_profile desk;
	/* The optional `failures` group: the profile's own failure rules
	 * (dissect.h), each replacing the built-in rule of its family (and
	 * group) wherever causes are judged: the tree and the captures read
	 * with this profile. Empty (n = 0) without the group. The rules, their
	 * ranges and their sources ("file:line") are the profile's. */
	struct ct_failure_rules failures;
	/* capture { mtp3 = "itu"; }: the MTP3 variant of the SS7 links in the
	 * captures read with this profile (decode.h enum ct_mtp3_variant; 0,
	 * without the key, is ITU). */
	int mtp3_variant;
	/* capture { user_dlts = ( { dlt = 147; carries = "mac-lte-framed"; } ); }:
	 * what each user link type (DLT 147..162) of the captures carries
	 * (decode.h enum ct_user_carrier); one entry per DLT. An unlisted user
	 * DLT's frames are counted undecoded. */
	struct ct_user_dlt *user_dlts;
	size_t nuser_dlts;
	/* capture { sbi_ports = [ 7777 ]; }: TCP ports read as the 5G core's
	 * SBI (HTTP/2 or HTTP/1.1) from a flow's first message (a capture begun
	 * mid-connection), whole numbers 1..65535; elsewhere content decides. */
	double *sbi_ports;
	size_t nsbi_ports;
};

/*
 * Loads path and its chain of bases, or the built-in profile when path is
 * NULL. Returns 0, or CT_EPROFILE with "file:line: reason" in err (p is then
 * empty: nothing to free).
 */
int ct_profile_load(const char *path, struct ct_profile *p, struct ct_err *err);
void ct_profile_free(struct ct_profile *p);
/* Every value of the merged profile with its file and line, in the
 * built-in profile's order, then the keys it lacks (what `celltriage
 * profile show` prints); *n their count. Made on the first call, from the
 * files the load parsed and kept (a third of a load's work, which only
 * `profile show` needs); safe from any thread. */
const struct ct_profile_setting *ct_profile_settings(const struct ct_profile *p, size_t *n);
/* The merged value at path ("deadlines.reply_min", "grades[0].name"), with
 * its file and line; NULL when the profile has none there. */
const struct ct_profile_setting *ct_profile_setting(const struct ct_profile *p,
						    const char *path);
/*
 * The first signalling-map entry for a failure (family, group, value, and the
 * message that carried it, NULL when unknown); NULL when none matches.
 */
const struct ct_sigmap *ct_profile_sigmap(const struct ct_profile *p, int family,
					  int group, long cause, const char *message);

/*
 * The department named by text: its id, its display name or one of its
 * aliases (ASCII letters compared without case); NULL when none is (or the
 * profile lists none). ct_profile_department_ids writes the ids,
 * ", "-separated, into buf (for the refusal's message).
 */
const struct ct_department *ct_profile_department(const struct ct_profile *p, const char *text);
void ct_profile_department_ids(const struct ct_profile *p, char *buf, size_t n);

/* The action lines for a cause code; NULL when the profile has none. */
const struct ct_action *ct_profile_actions(const struct ct_profile *p, const char *cause);
/* The built-in profile's text (profiles/default.cfg at build time). */
extern const char ct_default_profile_text[];
extern const size_t ct_default_profile_text_len;

#endif
