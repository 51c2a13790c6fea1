/*
 * lte_rrc.c — LTE RRC: the message type of each logical channel, and the
 * release, re-establishment and reject causes.
 *
 * 3GPP TS 36.331 v16 §6.2 (message definitions, ASN.1), encoded in basic
 * unaligned PER (ITU-T X.691): no octet alignment, a CHOICE index is
 * ceil(log2(n)) bits, an ENUMERATED likewise, the presence bits of a
 * SEQUENCE's OPTIONAL components come first. Every channel's message is
 *
 *   XXX-Message ::= SEQUENCE { message XXX-MessageType }
 *   XXX-MessageType ::= CHOICE {
 *       c1                     CHOICE { msg0, msg1, ... },   -- 2^k alternatives
 *       messageClassExtension  SEQUENCE {} | CHOICE { c2 ..., future ... } }
 *
 *   bit:  0        1 .. k            k+1 ...
 *       +-----+------------------+-----------------------------+
 *       | ext | c1 index (k bits)| the message's own fields    |
 *       +-----+------------------+-----------------------------+
 *
 * Only the messages that carry a cause are decoded past their index:
 *
 *   RRCConnectionRelease (DL-DCCH c1 5) §6.2.2:
 *     rrc-TransactionIdentifier(2) critExt(1) c1(2) presence(3) releaseCause(2)
 *   RRCConnectionReestablishmentRequest (UL-CCCH c1 0):
 *     critExt(1) c-RNTI(16) physCellId(9) shortMAC-I(16) reestablishmentCause(2) spare(2)
 *   RRCConnectionReject (DL-CCCH c1 2):
 *     critExt(1) c1(2) presence(1) waitTime(4, value - 1)
 *   RRCConnectionRequest (UL-CCCH c1 1):
 *     critExt(1) ue-Identity(1: s-TMSI | randomValue) mmec(8) m-TMSI(32) |
 *     randomValue(40), establishmentCause(3), spare(1)
 *
 * Cause values of family CT_FAM_LTE_RRC are celltriage's numbering, because
 * the causes are three different ENUMERATEDs (ct_lte_rrc_cause_table); the
 * failure rule (failure.c) judges them by these numbers:
 *     0..3   ReleaseCause (enumeration index)          not a failure
 *     16..19 ReestablishmentCause (16 + index)         failure: these are
 *            the UE's radio-link-failure / handover-failure signal
 *     32     RRCConnectionReject (no cause field)      failure
 *     33     RRCConnectionReestablishmentReject         failure
 * RRCConnectionRequest's establishmentCause is not a failure and is not a
 * cause; its M-TMSI (when the UE identifies itself by S-TMSI) becomes a
 * CT_ID_TMSI.
 *
 * The messages that carry a NAS message (dedicatedInfoNAS, an OCTET STRING
 * with an unaligned length determinant, X.691 §11.9.3.6) hand it to the
 * EPS NAS decoder with the same struct ct_dissect:
 *   RRCConnectionSetupComplete (UL-DCCH c1 4):
 *     rrc-TransactionIdentifier(2) critExt(1) c1(2) presence(2: registeredMME,
 *     nonCriticalExtension) selectedPLMN-Identity(3, 1..6) [registeredMME:
 *     presence(1) [PLMN-Identity] mmegi(16) mmec(8)] dedicatedInfoNAS
 *   ULInformationTransfer (UL-DCCH c1 9):
 *     critExt(1) c1(2) presence(1) dedicatedInfoType(2) dedicatedInfoNAS
 *   DLInformationTransfer (DL-DCCH c1 1):
 *     rrc-TransactionIdentifier(2) critExt(1) c1(2) presence(1)
 *     dedicatedInfoType(2) dedicatedInfoNAS
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/cursor.h"
#include "celltriage/decode.h"
#include "nas_common.h"

/* The longest dedicatedInfoNAS copied out of an unaligned bit position: a
 * NAS message is bounded by the PDCP SDU (8188 octets, TS 36.323 §4.3.1),
 * but signalling NAS messages are far shorter; a longer one is not read. */
#define NAS_MAX 4096

enum {
	LTE_RRC_CAUSE_RELEASE = 0,
	LTE_RRC_CAUSE_REESTAB = 16,
	LTE_RRC_CAUSE_REJECT = 32,
	LTE_RRC_CAUSE_REESTAB_REJECT = 33
};

static const struct ct_name lte_rrc_causes[] = {
	/* ReleaseCause, TS 36.331 §6.2.2 RRCConnectionRelease */
	{ LTE_RRC_CAUSE_RELEASE + 0, "loadBalancingTAUrequired" },
	{ LTE_RRC_CAUSE_RELEASE + 1, "other" },
	{ LTE_RRC_CAUSE_RELEASE + 2, "cs-FallbackHighPriority-v1020" },
	{ LTE_RRC_CAUSE_RELEASE + 3, "rrc-Suspend-v1320" },
	/* ReestablishmentCause, §6.2.2 RRCConnectionReestablishmentRequest */
	{ LTE_RRC_CAUSE_REESTAB + 0, "reconfigurationFailure" },
	{ LTE_RRC_CAUSE_REESTAB + 1, "handoverFailure" },
	{ LTE_RRC_CAUSE_REESTAB + 2, "otherFailure" },
	{ LTE_RRC_CAUSE_REESTAB + 3, "spare1" },
	/* Rejects without a cause field */
	{ LTE_RRC_CAUSE_REJECT, "rrcConnectionReject" },
	{ LTE_RRC_CAUSE_REESTAB_REJECT, "rrcConnectionReestablishmentReject" },
	{ 0, NULL }
};

const struct ct_name *
ct_lte_rrc_cause_table(void)
{
	return lte_rrc_causes;
}

/* Message names are the ASN.1 type names, in CHOICE order (TS 36.331 §6.2.1). */
static const char *const dl_ccch_c1[4] = {
	"RRCConnectionReestablishment", "RRCConnectionReestablishmentReject",
	"RRCConnectionReject", "RRCConnectionSetup"
};
static const char *const dl_ccch_c2[4] = { "RRCEarlyDataComplete-r15", "spare3", "spare2", "spare1" };
static const char *const dl_dcch_c1[16] = {
	"CSFBParametersResponseCDMA2000", "DLInformationTransfer",
	"HandoverFromEUTRAPreparationRequest", "MobilityFromEUTRACommand",
	"RRCConnectionReconfiguration", "RRCConnectionRelease",
	"SecurityModeCommand", "UECapabilityEnquiry", "CounterCheck",
	"UEInformationRequest-r9", "LoggedMeasurementConfiguration-r10",
	"RNReconfiguration-r10", "RRCConnectionResume-r13",
	"DLDedicatedMessageSegment-r16", "spare2", "spare1"
};
static const char *const ul_ccch_c1[2] = { "RRCConnectionReestablishmentRequest", "RRCConnectionRequest" };
static const char *const ul_ccch_c3[4] = { "RRCEarlyDataRequest-r15", "spare3", "spare2", "spare1" };
static const char *const ul_dcch_c1[16] = {
	"CSFBParametersRequestCDMA2000", "MeasurementReport",
	"RRCConnectionReconfigurationComplete", "RRCConnectionReestablishmentComplete",
	"RRCConnectionSetupComplete", "SecurityModeComplete", "SecurityModeFailure",
	"UECapabilityInformation", "ULHandoverPreparationTransfer",
	"ULInformationTransfer", "CounterCheckResponse", "UEInformationResponse-r9",
	"ProximityIndication-r9", "RNReconfigurationComplete-r10",
	"MBMSCountingResponse-r10", "InterFreqRSTDMeasurementIndication-r10"
};
static const char *const ul_dcch_c2[16] = {
	"UEAssistanceInformation-r11", "InDeviceCoexIndication-r11",
	"MBMSInterestIndication-r11", "SCGFailureInformation-r12",
	"SidelinkUEInformation-r12", "WLANConnectionStatusReport-r13",
	"RRCConnectionResumeComplete-r13", "ULInformationTransferMRDC-r15",
	"SCGFailureInformationNR-r15", "MeasReportAppLayer-r15",
	"FailureInformation-r15", "ULDedicatedMessageSegment-r16",
	"PURConfigurationRequest-r16", "FailureInformation-r16",
	"MCGFailureInformation-r16", "ULInformationTransferIRAT-r16"
};
static const char *const bcch_dl_sch_c1[2] = { "SystemInformation", "SystemInformationBlockType1" };
static const char *const mcch_c2[2] = { "MBMSCountingRequest-r10", "spare" };

/* Reads a k-bit CHOICE index and returns names[index] (names has 2^k entries). */
static const char *
choice(struct ct_cur *c, unsigned k, const char *const *names)
{
	uint32_t i = ct_cur_bits(c, k);

	return ct_cur_ok(c) ? names[i] : NULL;
}

/* RRCConnectionRelease after its CHOICE index. */
static void
rrc_release(struct ct_cur *c, struct ct_dissect *d)
{
	uint32_t cause;

	(void)ct_cur_bits(c, 2);           /* rrc-TransactionIdentifier */
	if (ct_cur_bits(c, 1) != 0)        /* criticalExtensionsFuture */
		return;
	if (ct_cur_bits(c, 2) != 0)        /* c1: spare3..spare1 */
		return;
	(void)ct_cur_bits(c, 3);           /* redirectedCarrierInfo, idleMode..., nonCriticalExtension present */
	cause = ct_cur_bits(c, 2);         /* releaseCause */
	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, CT_FAM_LTE_RRC, CT_CG_NONE,
				     LTE_RRC_CAUSE_RELEASE + cause, NULL);
}

/* RRCConnectionReestablishmentRequest after its CHOICE index. */
static void
rrc_reestab_request(struct ct_cur *c, struct ct_dissect *d)
{
	uint32_t cause;

	if (ct_cur_bits(c, 1) != 0)        /* criticalExtensionsFuture */
		return;
	(void)ct_cur_bits(c, 16);          /* ue-Identity.c-RNTI */
	(void)ct_cur_bits(c, 9);           /* ue-Identity.physCellId 0..503 */
	(void)ct_cur_bits(c, 16);          /* ue-Identity.shortMAC-I */
	cause = ct_cur_bits(c, 2);         /* reestablishmentCause */
	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, CT_FAM_LTE_RRC, CT_CG_NONE,
				     LTE_RRC_CAUSE_REESTAB + cause, NULL);
}

/* RRCConnectionReject after its CHOICE index: the reject is the cause (32);
 * waitTime (1..16 s) is read to check the message is complete. */
static void
rrc_reject(struct ct_cur *c, struct ct_dissect *d)
{
	if (ct_cur_bits(c, 1) == 0 && ct_cur_bits(c, 2) == 0) { /* r8 */
		(void)ct_cur_bits(c, 1); /* nonCriticalExtension present */
		(void)ct_cur_bits(c, 4); /* waitTime - 1 */
	}
	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, CT_FAM_LTE_RRC, CT_CG_NONE,
				     LTE_RRC_CAUSE_REJECT, NULL);
}

/* RRCConnectionRequest after its CHOICE index: the S-TMSI's M-TMSI. */
static void
rrc_request(struct ct_cur *c, struct ct_dissect *d)
{
	uint32_t tmsi;

	if (ct_cur_bits(c, 1) != 0)        /* criticalExtensionsFuture */
		return;
	if (ct_cur_bits(c, 1) != 0) {      /* randomValue */
		(void)ct_cur_bits(c, 32);
		(void)ct_cur_bits(c, 8);
		(void)ct_cur_bits(c, 3);   /* establishmentCause */
		return;
	}
	(void)ct_cur_bits(c, 8);           /* s-TMSI.mmec */
	tmsi = ct_cur_bits(c, 32);         /* s-TMSI.m-TMSI */
	(void)ct_cur_bits(c, 3);           /* establishmentCause */
	if (!ct_cur_ok(c))
		return;
	ct_dissect_add_hex(d, CT_ID_TMSI, tmsi, 8);
}

/*
 * dedicatedInfoNAS at the cursor: an unaligned PER length determinant (a
 * 0-bit and 7 bits, or 10 and 14 bits; 11 is the fragmented form, not read)
 * and that many octets, handed to ct_decode_nas_eps. The RRC message keeps
 * its name unless the NAS message carried a cause.
 */
static void
rrc_nas(struct ct_cur *c, struct ct_dissect *d)
{
	uint8_t buf[NAS_MAX];
	struct ct_nas_saved s;
	uint32_t n;

	if (ct_cur_bits(c, 1) == 0) {
		n = ct_cur_bits(c, 7);
	} else if (ct_cur_bits(c, 1) == 0) {
		n = ct_cur_bits(c, 14);
	} else {
		ct_cur_invalid(c); /* fragmented: a NAS message of 16K octets or more */
		return;
	}
	if (!ct_cur_ok(c))
		return;
	if (n > NAS_MAX || n > ct_cur_left(c)) {
		if (n > ct_cur_left(c))
			c->truncated = 1;
		else
			ct_cur_invalid(c);
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		buf[i] = (uint8_t)ct_cur_bits(c, 8);
	if (!ct_cur_ok(c))
		return;
	ct_nas_save(d, &s);
	(void)ct_decode_nas_eps(buf, n, d); /* a NAS fault is the NAS layer's, named by its message */
	ct_nas_restore(d, &s);
}

/* RRCConnectionSetupComplete after its CHOICE index. */
static void
rrc_setup_complete(struct ct_cur *c, struct ct_dissect *d)
{
	uint32_t mme;

	(void)ct_cur_bits(c, 2);           /* rrc-TransactionIdentifier */
	if (ct_cur_bits(c, 1) != 0)        /* criticalExtensionsFuture */
		return;
	if (ct_cur_bits(c, 2) != 0)        /* c1: spare3..spare1 */
		return;
	mme = ct_cur_bits(c, 1);           /* registeredMME present */
	(void)ct_cur_bits(c, 1);           /* nonCriticalExtension present */
	(void)ct_cur_bits(c, 3);           /* selectedPLMN-Identity 1..6 */
	if (mme) {
		if (ct_cur_bits(c, 1)) {   /* plmn-Identity present */
			if (ct_cur_bits(c, 1)) /* mcc present: 3 digits */
				(void)ct_cur_bits(c, 12);
			(void)ct_cur_bits(c, ct_cur_bits(c, 1) ? 12 : 8); /* mnc: 2 or 3 digits */
		}
		(void)ct_cur_bits(c, 16);  /* mmegi */
		(void)ct_cur_bits(c, 8);   /* mmec */
	}
	rrc_nas(c, d);
}

/* ULInformationTransfer (ul = 1, no transaction id) or
 * DLInformationTransfer after its CHOICE index. */
static void
rrc_info_transfer(struct ct_cur *c, int ul, struct ct_dissect *d)
{
	if (!ul)
		(void)ct_cur_bits(c, 2);   /* rrc-TransactionIdentifier */
	if (ct_cur_bits(c, 1) != 0)        /* criticalExtensionsFuture */
		return;
	if (ct_cur_bits(c, 2) != 0)        /* c1: spare3..spare1 */
		return;
	(void)ct_cur_bits(c, 1);           /* nonCriticalExtension present */
	if (ct_cur_bits(c, 2) != 0)        /* dedicatedInfoType: CDMA2000 alternatives */
		return;
	rrc_nas(c, d);
}

enum ct_dec_status
ct_decode_lte_rrc(const uint8_t *p, size_t len, int channel, struct ct_dissect *d)
{
	struct ct_cur c;
	const char *name = NULL;
	uint32_t ext, idx = 0;

	ct_cur_init(&c, p, len);
	d->protocol = "lte-rrc";

	if (channel == CT_LTE_RRC_BCCH_BCH) {
		/* MasterInformationBlock: a fixed 24-bit SEQUENCE, no CHOICE. */
		ct_cur_need(&c, 3);
		if (ct_cur_ok(&c))
			ct_dissect_set_message(d, "MasterInformationBlock");
		return ct_cur_status(&c);
	}

	ext = ct_cur_bits(&c, 1); /* 0: c1, 1: messageClassExtension */
	switch (channel) {
	case CT_LTE_RRC_DL_CCCH:
		if (!ext)
			idx = ct_cur_bits(&c, 2), name = ct_cur_ok(&c) ? dl_ccch_c1[idx] : NULL;
		else if (ct_cur_bits(&c, 1) == 0)
			name = choice(&c, 2, dl_ccch_c2);
		break;
	case CT_LTE_RRC_DL_DCCH:
		if (!ext)
			idx = ct_cur_bits(&c, 4), name = ct_cur_ok(&c) ? dl_dcch_c1[idx] : NULL;
		break;
	case CT_LTE_RRC_UL_CCCH:
		if (!ext)
			idx = ct_cur_bits(&c, 1), name = ct_cur_ok(&c) ? ul_ccch_c1[idx] : NULL;
		else if (ct_cur_bits(&c, 1) == 0)
			name = "RRCConnectionResumeRequest-r13"; /* c2 has one alternative */
		else if (ct_cur_bits(&c, 1) == 0)
			name = choice(&c, 2, ul_ccch_c3);
		break;
	case CT_LTE_RRC_UL_DCCH:
		if (!ext)
			idx = ct_cur_bits(&c, 4), name = ct_cur_ok(&c) ? ul_dcch_c1[idx] : NULL;
		else if (ct_cur_bits(&c, 1) == 0)
			name = choice(&c, 4, ul_dcch_c2);
		break;
	case CT_LTE_RRC_BCCH_DL_SCH:
		if (!ext)
			name = choice(&c, 1, bcch_dl_sch_c1);
		break;
	case CT_LTE_RRC_PCCH:
		if (!ext)
			name = "Paging"; /* c1 has one alternative: no index bits */
		break;
	case CT_LTE_RRC_MCCH:
		if (!ext)
			name = "MBSFNAreaConfiguration-r9";
		else if (ct_cur_bits(&c, 1) == 0)
			name = choice(&c, 1, mcch_c2);
		break;
	default:
		ct_dissect_set_message(d, "LTE RRC (channel not decoded)");
		return CT_DEC_UNSUPPORTED;
	}
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	if (!name) {
		/* messageClassExtensionFuture: a later release's message. */
		ct_dissect_set_message(d, "messageClassExtension");
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);

	if (!ext) {
		if (channel == CT_LTE_RRC_DL_DCCH && idx == 5)
			rrc_release(&c, d);
		else if (channel == CT_LTE_RRC_UL_CCCH && idx == 0)
			rrc_reestab_request(&c, d);
		else if (channel == CT_LTE_RRC_UL_CCCH && idx == 1)
			rrc_request(&c, d);
		else if (channel == CT_LTE_RRC_DL_CCCH && idx == 2)
			rrc_reject(&c, d);
		else if (channel == CT_LTE_RRC_UL_DCCH && idx == 4)
			rrc_setup_complete(&c, d);
		else if (channel == CT_LTE_RRC_UL_DCCH && idx == 9)
			rrc_info_transfer(&c, 1, d);
		else if (channel == CT_LTE_RRC_DL_DCCH && idx == 1)
			rrc_info_transfer(&c, 0, d);
		else if (channel == CT_LTE_RRC_DL_CCCH && idx == 1 && ct_cur_ok(&c))
			ct_dissect_add_cause(d, CT_FAM_LTE_RRC, CT_CG_NONE,
					     LTE_RRC_CAUSE_REESTAB_REJECT, NULL);
	}
	return ct_cur_status(&c);
}
