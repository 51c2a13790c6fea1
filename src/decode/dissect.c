/* dissect.c — the shared per-message result of the decoders, and cause names. */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"
#include "celltriage/dissect.h"
#include "celltriage/util.h"
#include "text.h"

static const struct ct_name family_names[] = {
	{ CT_FAM_RR, "rr" },         { CT_FAM_MM, "mm" },
	{ CT_FAM_CC, "cc" },         { CT_FAM_LTE_RRC, "lte-rrc" },
	{ CT_FAM_EMM, "emm" },       { CT_FAM_ESM, "esm" },
	{ CT_FAM_5GMM, "5gmm" },     { CT_FAM_5GSM, "5gsm" },
	{ CT_FAM_S1AP, "s1ap" },     { CT_FAM_NGAP, "ngap" },
	{ CT_FAM_GTPV2, "gtpv2" },   { CT_FAM_DIAMETER, "diameter" },
	{ CT_FAM_SIP, "sip" },       { CT_FAM_BSSMAP, "bssmap" },
	{ CT_FAM_RANAP, "ranap" },   { CT_FAM_MAP, "map" },
	{ CT_FAM_CAMEL, "camel" },   { CT_FAM_TCAP, "tcap" },
	{ CT_FAM_ISUP, "isup" },     { CT_FAM_RSL, "rsl" },
	{ CT_FAM_RLM, "rlm" },       { CT_FAM_HNBAP, "hnbap" },
	{ CT_FAM_RUA, "rua" },       { CT_FAM_GTPV1, "gtpv1" },
	{ CT_FAM_PFCP, "pfcp" },     { CT_FAM_Q931, "q931" },
	{ CT_FAM_GMM, "gmm" },       { CT_FAM_SM, "sm" },
	{ CT_FAM_SBI, "sbi" },       { CT_FAM_UMTS_RRC, "umts-rrc" },
	{ CT_FAM_ANSI_MAP, "ansi-map" },
	{ CT_FAM_NBAP, "nbap" },
	{ 0, NULL }
};

static const struct ct_name group_names[] = {
	{ CT_CG_RADIO_NETWORK, "radioNetwork" }, { CT_CG_TRANSPORT, "transport" },
	{ CT_CG_NAS, "nas" },   { CT_CG_PROTOCOL, "protocol" },
	{ CT_CG_MISC, "misc" }, { CT_CG_Q850, "q850" },
	{ CT_CG_EXPERIMENTAL, "experimental" },
	{ CT_CG_NON_STANDARD, "nonStandard" },
	{ CT_CG_RADIO_NETWORK_EXT, "radioNetworkExtension" },
	{ CT_CG_P_ABORT, "p-abort" }, { CT_CG_U_ABORT, "u-abort" },
	{ CT_CG_PROBLEM, "problem" },
	{ CT_CG_ANSI_P_ABORT, "ansi-p-abort" }, { CT_CG_NATIONAL, "national" },
	{ 0, NULL }
};

void
ct_dissect_reset(struct ct_dissect *d)
{
	memset(d, 0, sizeof(*d));
	d->is_request = -1;
}

void
ct_dissect_reuse(struct ct_dissect *d)
{
	/* d->rules and d->sccp stay: they are the caller's, for every message */
	d->protocol = NULL;
	d->message[0] = '\0';
	d->is_request = -1;
	d->procedure = 0;
	d->application = 0;
	d->seq = 0;
	d->ciphered = 0;
	d->ncauses = 0;
	d->nids = 0;
	d->dropped = 0;
}

/* Copies at most n-1 bytes, never splitting a UTF-8 sequence. */
static void
copy_str(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

static void
add_cause(struct ct_dissect *d, enum ct_family fam, enum ct_cause_group grp, uint32_t value,
	  int failure, const char *message)
{
	struct ct_cause *c;

	if (d->ncauses >= CT_DISSECT_MAX_CAUSES) {
		d->dropped++;
		return;
	}
	c = &d->causes[d->ncauses++];
	c->family = fam;
	c->group = grp;
	c->value = value;
	c->failure = (unsigned char)failure;
	copy_str(c->message, sizeof(c->message), message ? message : d->message);
}

void
ct_dissect_add_cause(struct ct_dissect *d, enum ct_family fam, enum ct_cause_group grp,
		     uint32_t value, const char *message)
{
	add_cause(d, fam, grp, value, ct_cause_is_failure(d->rules, fam, grp, value), message);
}

void
ct_dissect_add_info(struct ct_dissect *d, enum ct_family fam, enum ct_cause_group grp,
		    uint32_t value, const char *message)
{
	add_cause(d, fam, grp, value, 0, message);
}

void
ct_dissect_add_id(struct ct_dissect *d, enum ct_id_kind kind, const char *value)
{
	if (d->nids >= CT_DISSECT_MAX_IDS) {
		d->dropped++;
		return;
	}
	d->ids[d->nids].kind = kind;
	copy_str(d->ids[d->nids].value, sizeof(d->ids[0].value), value);
	d->nids++;
}

void
ct_dissect_set_message(struct ct_dissect *d, const char *message)
{
	copy_str(d->message, sizeof(d->message), message);
}

const char *
ct_family_name(enum ct_family f)
{
	const char *n = ct_name_of(family_names, (int)f);

	return n ? n : "none";
}

int
ct_family_from_name(const char *name)
{
	return ct_value_of(family_names, name);
}

const char *
ct_cause_group_name(enum ct_cause_group g)
{
	const char *n = ct_name_of(group_names, (int)g);

	return n ? n : "";
}

int
ct_cause_group_from_name(const char *name)
{
	return ct_value_of(group_names, name);
}

/* Each decoder's cause table; a family without one falls back to "unknown". */
static const struct ct_name *
cause_table(enum ct_family f, enum ct_cause_group g)
{
	switch (f) {
	case CT_FAM_RR:
		return ct_rr_cause_table();
	case CT_FAM_MM:
		return ct_mm_cause_table();
	case CT_FAM_LTE_RRC:
		return ct_lte_rrc_cause_table();
	case CT_FAM_UMTS_RRC:
		return ct_umts_rrc_cause_table();
	case CT_FAM_GTPV2:
		return ct_gtpv2_cause_table();
	case CT_FAM_DIAMETER:
		return g == CT_CG_EXPERIMENTAL ? ct_diameter_experimental_table()
					       : ct_diameter_result_table();
	case CT_FAM_SIP:
		return g == CT_CG_Q850 ? ct_q850_cause_table() : ct_sip_status_table();
	case CT_FAM_CC:
		return ct_q850_cause_table();
	case CT_FAM_S1AP:
		return ct_s1ap_cause_table(g);
	case CT_FAM_NGAP:
		return ct_ngap_cause_table(g);
	case CT_FAM_EMM:
		return ct_emm_cause_table();
	case CT_FAM_ESM:
		return ct_esm_cause_table();
	case CT_FAM_5GMM:
		return ct_5gmm_cause_table();
	case CT_FAM_5GSM:
		return ct_5gsm_cause_table();
	case CT_FAM_BSSMAP:
		return ct_bssmap_cause_table();
	case CT_FAM_RANAP:
		return ct_ranap_cause_table(g);
	case CT_FAM_MAP:
		return ct_map_error_table();
	case CT_FAM_CAMEL:
		return ct_camel_error_table();
	case CT_FAM_TCAP:
		return g == CT_CG_ANSI_P_ABORT ? ct_ansi_tcap_p_abort_table() : ct_tcap_cause_table(g);
	case CT_FAM_ANSI_MAP:
		return ct_ansi_map_error_table(g);
	case CT_FAM_ISUP:
	case CT_FAM_Q931:
		return ct_q850_cause_table();
	case CT_FAM_RSL:
		return ct_rsl_cause_table();
	case CT_FAM_RLM:
		return ct_rlm_cause_table();
	case CT_FAM_HNBAP:
		return ct_hnbap_cause_table(g);
	case CT_FAM_NBAP:
		return ct_nbap_cause_table(g);
	case CT_FAM_RUA:
		return ct_rua_cause_table(g);
	case CT_FAM_GTPV1:
		return ct_gtpv1_cause_table();
	case CT_FAM_PFCP:
		return ct_pfcp_cause_table();
	case CT_FAM_GMM:
		return ct_gmm_cause_table();
	case CT_FAM_SM:
		return ct_sm_cause_table();
	case CT_FAM_SBI:
		return g == CT_CG_PROBLEM ? ct_sbi_cause_table() : ct_http_status_table();
	default:
		return NULL;
	}
}

const char *
ct_cause_name(enum ct_family f, enum ct_cause_group g, uint32_t value,
	      char *buf, size_t n)
{
	const struct ct_name *t = cause_table(f, g);
	const char *name = t ? ct_name_of(t, (int)value) : NULL;

	if (name)
		return name;
	snprintf(buf, n, "unknown (%u)", value);
	return buf;
}

void
ct_dissect_add_number(struct ct_dissect *d, enum ct_id_kind kind, uint64_t value)
{
	char buf[24];
	struct ct_tw w;

	ct_tw_init(&w, buf, sizeof(buf));
	ct_tw_u64(&w, value);
	ct_dissect_add_id(d, kind, buf);
}

void
ct_dissect_add_hex(struct ct_dissect *d, enum ct_id_kind kind, uint64_t value, unsigned digits)
{
	char buf[24];
	struct ct_tw w;

	ct_tw_init(&w, buf, sizeof(buf));
	ct_tw_hex(&w, value, digits);
	ct_dissect_add_id(d, kind, buf);
}

void
ct_dissect_add_plmn_number(struct ct_dissect *d, enum ct_id_kind kind, const char *plmn,
			   uint64_t value)
{
	char buf[48];
	struct ct_tw w;

	ct_tw_init(&w, buf, sizeof(buf));
	ct_tw_str(&w, plmn);
	ct_tw_char(&w, '-');
	ct_tw_u64(&w, value);
	ct_dissect_add_id(d, kind, buf);
}
