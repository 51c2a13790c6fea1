/*
 * names.c — the words complaints and verdicts are written in: the names of
 * the complaint's enumerations (phenomenon, RAT, customer grade, channel,
 * flags; complaint.h) and the verdict's cause codes (verdict.h), one table
 * each. They sit here, below every layer, because the profile checks its
 * keys against them as the complaint reader, the tree, the store and the
 * reports do; the names are the complaint and verdict JSON's, which users'
 * scripts depend on: extend the tables, never rename.
 */
#include <string.h>

#include "celltriage/complaint.h"
#include "celltriage/util.h"
#include "celltriage/verdict.h"

const struct ct_name ct_phenomenon_names[] = {
	{ CT_PH_NO_ACCESS, "no_access" },   { CT_PH_CALL_DROP, "call_drop" },
	{ CT_PH_DATA_DROP, "data_drop" },   { CT_PH_SLOW_DATA, "slow_data" },
	{ CT_PH_NO_SIGNAL, "no_signal" },   { CT_PH_SMS_FAIL, "sms_fail" },
	{ CT_PH_VOICE_QUALITY, "voice_quality" }, { 0, NULL }
};

const struct ct_name ct_rat_names[] = {
	{ CT_RAT_GSM, "gsm" }, { CT_RAT_UMTS, "umts" }, { CT_RAT_TDSCDMA, "tdscdma" },
	{ CT_RAT_LTE, "lte" }, { CT_RAT_NR, "nr" },     { 0, NULL }
};

const struct ct_name ct_cust_grade_names[] = {
	{ CT_CUST_VIP, "vip" }, { CT_CUST_PREMIUM, "premium" },
	{ CT_CUST_NORMAL, "normal" }, { 0, NULL }
};

const struct ct_name ct_channel_names[] = {
	{ CT_CH_HOTLINE, "hotline" },     { CT_CH_APP, "app" },
	{ CT_CH_STORE, "store" },         { CT_CH_MEDIA, "media" },
	{ CT_CH_REGULATOR, "regulator" }, { CT_CH_CONSUMER_COUNCIL, "consumer_council" },
	{ CT_CH_GROUP_SITE, "group_site" }, { CT_CH_LEADERSHIP, "leadership" },
	{ 0, NULL }
};

const struct ct_name ct_flag_names[] = {
	{ CT_FL_MEDIA_EXPOSED, "media_exposed" },
	{ CT_FL_REGULATOR_DEADLINE, "regulator_deadline" },
	{ CT_FL_CHURN_THREAT, "churn_threat" },
	{ CT_FL_BILLING_DISPUTE, "billing_dispute" },
	{ CT_FL_SECURITY, "security" },
	{ CT_FL_SENSITIVE_PARTY, "sensitive_party" },
	{ CT_FL_KEY_RELATION, "key_relation" },
	{ CT_FL_APPEAL, "appeal" },
	{ 0, NULL }
};

const char *ct_phenomenon_name(enum ct_phenomenon p) { return ct_name_of(ct_phenomenon_names, (int)p); }
const char *ct_flag_name(enum ct_flag f) { return ct_name_of(ct_flag_names, (int)f); }

const char *
ct_rat_name(enum ct_rat r)
{
	const char *n = ct_name_of(ct_rat_names, (int)r);

	return n ? n : "";
}

int ct_rat_from_name(const char *s) { return ct_value_of(ct_rat_names, s); }

const char *
ct_channel_name(enum ct_channel ch)
{
	const char *n = ct_name_of(ct_channel_names, (int)ch);

	return n ? n : "";
}

const char *
ct_cust_grade_name(enum ct_cust_grade g)
{
	const char *n = ct_name_of(ct_cust_grade_names, (int)g);

	return n ? n : "";
}

const char *const ct_cause_codes[] = {
	"sim/account_arrears", "sim/account_barred", "sim/card_fault",
	"terminal/rat_unsupported", "terminal/band_unsupported",
	"terminal/model_defect", "terminal/device_worn", "terminal/unbranded",
	"radio/coverage", "radio/capacity", "radio/interference",
	"radio/equipment", "radio/parameters", "radio/repeater",
	"core/subscriber_data", "core/number_segment", "core/cell_data_mismatch",
	"core/board_alarm", "core/signalling", "core/packet_resources",
	"core/gateway_load", "undetermined/needs_test", NULL
};

int
ct_cause_valid(const char *cause)
{
	for (const char *const *c = ct_cause_codes; *c; c++)
		if (strcmp(*c, cause) == 0)
			return 1;
	return 0;
}
