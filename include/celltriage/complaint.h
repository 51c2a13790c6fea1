/*
 * complaint.h — a subscriber's complaint, as read from complaint JSON (one
 * object, an array, or JSON Lines).
 *
 * Every field but msisdn and phenomenon may be absent, and absent means "not
 * known yet", never false: booleans are tri-state (CT_UNKNOWN / CT_NO /
 * CT_YES) and numbers carry a `has` flag. Unknown extra fields are ignored.
 * Values of the wrong type, unknown enum values and out-of-range numbers are
 * errors naming the field ("measurements.signal_dbm: 20 is out of range
 * -150..-10"). The original JSON object is kept (c->json) so a ticket stores
 * the complaint exactly as received, UTF-8 text included.
 */
#ifndef CELLTRIAGE_COMPLAINT_H
#define CELLTRIAGE_COMPLAINT_H

#include <jansson.h>

#include "celltriage/util.h"

enum ct_tri { CT_UNKNOWN = 0, CT_NO = 1, CT_YES = 2 };

enum ct_phenomenon {
	CT_PH_NO_ACCESS, CT_PH_CALL_DROP, CT_PH_DATA_DROP, CT_PH_SLOW_DATA,
	CT_PH_NO_SIGNAL, CT_PH_SMS_FAIL, CT_PH_VOICE_QUALITY, CT_PH__COUNT
};

enum ct_rat { CT_RAT_UNKNOWN = 0, CT_RAT_GSM, CT_RAT_UMTS, CT_RAT_TDSCDMA, CT_RAT_LTE, CT_RAT_NR, CT_RAT__COUNT };

enum ct_cust_grade { CT_CG_UNKNOWN = 0, CT_CUST_VIP, CT_CUST_PREMIUM, CT_CUST_NORMAL };

enum ct_channel {
	CT_CH_UNKNOWN = 0, CT_CH_HOTLINE, CT_CH_APP, CT_CH_STORE, CT_CH_MEDIA,
	CT_CH_REGULATOR, CT_CH_CONSUMER_COUNCIL, CT_CH_GROUP_SITE, CT_CH_LEADERSHIP
};

/* Complaint flags (the complaint's "flags"): bit (1 << value). */
enum ct_flag {
	CT_FL_MEDIA_EXPOSED, CT_FL_REGULATOR_DEADLINE, CT_FL_CHURN_THREAT,
	CT_FL_BILLING_DISPUTE, CT_FL_SECURITY, CT_FL_SENSITIVE_PARTY,
	CT_FL_KEY_RELATION, CT_FL_APPEAL, CT_FL__COUNT
};

struct ct_num {
	int has;
	double v;
};

/* A list of short strings (supported RATs, bands, alarms). */
struct ct_strlist {
	char **v;
	size_t n;
	int has; /* the field was present (an empty list is "known: none") */
};

struct ct_complaint {
	json_t *json;            /* the object as received (owned reference) */
	/* Its text as read, compact (ct_json_compact): what a filed ticket
	 * keeps, numbers as written (owned; NULL when it was not read from
	 * text, then the object is written out instead). */
	char *text;
	char *id, *received_at, *msisdn, *imsi, *imei; /* NULL when absent */
	long long received_epoch; int has_received;
	/* received_at had no UTC offset and was read in the process's zone
	 * (util.h ct_parse_time): what to tell the user, naming where and the
	 * time it was read as (owned; NULL when it had an offset). */
	char *zone_notice;
	enum ct_cust_grade cust_grade;
	enum ct_tri group_customer;
	enum ct_channel channel;
	unsigned flags;          /* 1 << enum ct_flag */
	enum ct_phenomenon phenomenon;
	enum ct_rat rat;
	char *band;
	struct ct_num lat, lon, site_lat, site_lon;
	char *cell, *address;
	struct {
		char *model;
		struct ct_num age_years;
		enum ct_tri damaged, unbranded;
		struct ct_strlist rats, bands;
	} terminal;
	enum ct_tri arrears, barred;
	/* field tests: CT_YES = works, CT_NO = fails */
	enum ct_tri user_sim_in_test_phone, test_sim_in_user_phone, test_sim_on_site;
	enum ct_tri segment_users_affected, subscriber_data_ok;
	struct {
		struct ct_num signal_dbm, interference_dbm, interference_grade,
			bler_pct, retrans_pct, timing_advance, reselections_per_min,
			pingpong_handovers, sinr_db, rsrq_db;
	} meas;
	struct {
		enum ct_tri cell_busy, core_cell_data_match, core_board_alarm;
		struct ct_strlist alarms;
		struct ct_num packet_resource_load_pct, gateway_load_pct;
	} omc;
	enum ct_tri known_model_defect;
	/* Extension: layer-3 failure causes read on site (engineering mode,
	 * a trace): "signalling": [{"family": "emm", "cause": 15}]. Present and
	 * empty means "traced, no failure". Captures add to these (evidence.h). */
	struct ct_sigcause {
		int family;  /* enum ct_family */
		int group;   /* enum ct_cause_group, 0 = none */
		long cause;
		char *source; /* "trace.pcap frame 12"; NULL = typed into the complaint */
		char *message; /* the message that carried it, when read from a capture */
	} *sig;
	size_t nsig, capsig;
	int has_sig;
	char *description;
	/* Values that came from evidence files (drive tests, OMC exports):
	 * the field ("measurements.signal_dbm") and where it came from, with
	 * what the complaint itself said when it disagreed. The tree shows the
	 * source in the evidence of every step that reads the field. */
	struct ct_evnote {
		char *field;
		char *source;
	} *notes;
	size_t nnotes;
	/* Evidence files given that add nothing to this complaint, each with
	 * why (field: the file, source: the reason): the verdict's path shows
	 * them, so a file that was not used is seen not to be. */
	struct ct_evnote *unused;
	size_t nunused;
	/* A drive-test spot (evidence.h ct_evidence_add_drivetest): of the n
	 * samples of the complaint's RAT within the radius (or on its cell),
	 * how many are beyond the threshold: the level below coverage_dbm, the
	 * SINR below sinr_min_db, as the drive-test report counts them. where
	 * names the file, its lines and the spot. */
	struct ct_spot {
		int has;
		size_t n, beyond;
		double threshold;
		char *where;
	} spot_level, spot_sinr;
};

/*
 * Fills c from a complaint object. `where` prefixes error messages (e.g.
 * "batch.jsonl:12"). On error c is left empty (ct_complaint_free is safe).
 */
int ct_complaint_from_json(json_t *obj, const char *where,
			   struct ct_complaint *c, struct ct_err *err);
void ct_complaint_free(struct ct_complaint *c);

/*
 * Reading complaint files: a single object, an array of objects, or JSON
 * Lines (one object per line), told by the first non-blank byte and never
 * re-read as another shape: '[' is an array, '{' is JSON Lines when the
 * first non-blank line ends with '}' and another non-blank line follows,
 * else one object; anything else is refused by ct_complaints_open. An array
 * is checked whole when it is opened (a syntax error anywhere is the open's
 * error, at its line:column, and nothing is read from it), then parsed one
 * element at a time. A file is at most 256 MiB and a record at most 100,000
 * JSON values, so reading costs the text plus one record (~20 MB).
 * Iterate with ct_complaints_next(), which returns 1 with a complaint, 0 at
 * the end, or a negative CT_E* code for a record that could not be read
 * (the message names file and line, or the array index); after a bad record
 * the reader goes on with the next one (JSON Lines, array elements).
 */
struct ct_complaint_reader;
int ct_complaints_open(const char *path, struct ct_complaint_reader **r,
		       struct ct_err *err);
/* The same over bytes in memory; name stands for the file in messages. */
int ct_complaints_open_mem(const char *name, const char *data, size_t len,
			   struct ct_complaint_reader **r, struct ct_err *err);
int ct_complaints_next(struct ct_complaint_reader *r, struct ct_complaint *c,
		       struct ct_err *err);
/* The first zone-less time of the file, once: c's zone_notice the first
 * time a complaint of r has one, else NULL (a reader tells the user so
 * once a file, never silently). */
const char *ct_complaints_notice(struct ct_complaint_reader *r, const struct ct_complaint *c);
/* Records seen so far (good and bad), and whether the file is JSON Lines. */
size_t ct_complaints_count(const struct ct_complaint_reader *r);
void ct_complaints_close(struct ct_complaint_reader *r);

/* Records that field's value came from source (copied). */
void ct_complaint_note(struct ct_complaint *c, const char *field, const char *source);
/* Records that the evidence file adds nothing, and why (both copied). */
void ct_complaint_unused(struct ct_complaint *c, const char *file, const char *why);

/* The names of the enumerations above, as complaint JSON spells them:
 * {value, name} tables (util.h's ct_name_of / ct_value_of read them), kept
 * in src/util/names.c because the profile reads them too. */
extern const struct ct_name ct_phenomenon_names[], ct_rat_names[], ct_cust_grade_names[],
	ct_channel_names[], ct_flag_names[];
const char *ct_phenomenon_name(enum ct_phenomenon p);
const char *ct_rat_name(enum ct_rat r); /* "" for unknown */
int ct_rat_from_name(const char *s);    /* -1 if not a RAT name */
const char *ct_flag_name(enum ct_flag f);
const char *ct_channel_name(enum ct_channel ch);
const char *ct_cust_grade_name(enum ct_cust_grade g);

#endif
