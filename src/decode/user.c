/*
 * user.c — the user link types (LINKTYPE_USER0..15, DLT 147..162 of the
 * tcpdump.org link-type registry): frames whose protocol the file does not
 * say, and that the profile names (capture.user_dlts), handed to the
 * decoder of what they carry. A frame is the bare PDU (no pseudo-header),
 * but for mac-lte-framed and gsmtap, whose own headers come first.
 */
#include "celltriage/decode.h"

static const struct ct_name carriers[] = {
	{ CT_USER_MAC_LTE_FRAMED, "mac-lte-framed" },
	{ CT_USER_LTE_RRC_UL_CCCH, "lte-rrc.ul-ccch" },
	{ CT_USER_LTE_RRC_DL_CCCH, "lte-rrc.dl-ccch" },
	{ CT_USER_LTE_RRC_UL_DCCH, "lte-rrc.ul-dcch" },
	{ CT_USER_LTE_RRC_DL_DCCH, "lte-rrc.dl-dcch" },
	{ CT_USER_LTE_RRC_BCCH_BCH, "lte-rrc.bcch-bch" },
	{ CT_USER_LTE_RRC_BCCH_DL_SCH, "lte-rrc.bcch-dl-sch" },
	{ CT_USER_LTE_RRC_PCCH, "lte-rrc.pcch" },
	{ CT_USER_NAS_EPS, "nas-eps" },
	{ CT_USER_NAS_5GS, "nas-5gs" },
	{ CT_USER_S1AP, "s1ap" },
	{ CT_USER_NGAP, "ngap" },
	{ CT_USER_RANAP, "ranap" },
	{ CT_USER_GSM_L3, "gsm-l3" },
	{ CT_USER_GSMTAP, "gsmtap" },
	{ CT_USER_GTPV2, "gtpv2" },
	{ CT_USER_DIAMETER, "diameter" },
	{ CT_USER_SIP, "sip" },
	{ 0, NULL }
};

const struct ct_name *
ct_user_carrier_table(void)
{
	return carriers;
}

enum ct_dec_status
ct_decode_user(enum ct_user_carrier c, const uint8_t *p, size_t len, struct ct_dissect *d)
{
	switch (c) {
	case CT_USER_MAC_LTE_FRAMED: return ct_decode_mac_lte_framed(p, len, d);
	case CT_USER_LTE_RRC_UL_CCCH: return ct_decode_lte_rrc(p, len, CT_LTE_RRC_UL_CCCH, d);
	case CT_USER_LTE_RRC_DL_CCCH: return ct_decode_lte_rrc(p, len, CT_LTE_RRC_DL_CCCH, d);
	case CT_USER_LTE_RRC_UL_DCCH: return ct_decode_lte_rrc(p, len, CT_LTE_RRC_UL_DCCH, d);
	case CT_USER_LTE_RRC_DL_DCCH: return ct_decode_lte_rrc(p, len, CT_LTE_RRC_DL_DCCH, d);
	case CT_USER_LTE_RRC_BCCH_BCH: return ct_decode_lte_rrc(p, len, CT_LTE_RRC_BCCH_BCH, d);
	case CT_USER_LTE_RRC_BCCH_DL_SCH:
		return ct_decode_lte_rrc(p, len, CT_LTE_RRC_BCCH_DL_SCH, d);
	case CT_USER_LTE_RRC_PCCH: return ct_decode_lte_rrc(p, len, CT_LTE_RRC_PCCH, d);
	case CT_USER_NAS_EPS: return ct_decode_nas_eps(p, len, d);
	case CT_USER_NAS_5GS: return ct_decode_nas_5gs(p, len, d);
	case CT_USER_S1AP: return ct_decode_s1ap(p, len, d);
	case CT_USER_NGAP: return ct_decode_ngap(p, len, d);
	case CT_USER_RANAP: return ct_decode_ranap(p, len, d);
	case CT_USER_GSM_L3: return ct_decode_gsm_l3(p, len, d);
	case CT_USER_GSMTAP: return ct_decode_gsmtap(p, len, d);
	case CT_USER_GTPV2: return ct_decode_gtpv2(p, len, d);
	case CT_USER_DIAMETER: return ct_decode_diameter(p, len, d);
	case CT_USER_SIP: return ct_decode_sip(p, len, d);
	case CT_USER_NONE:
	case CT_USER__COUNT:
		break;
	}
	ct_dissect_set_message(d, "user link type not mapped");
	return CT_DEC_UNSUPPORTED;
}
