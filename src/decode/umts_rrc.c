/*
 * umts_rrc.c — UMTS RRC: the message type of each logical channel, the NAS
 * messages of the direct transfers, and the connection release and reject
 * causes.
 *
 * 3GPP TS 25.331 v15 §11 (ASN.1), basic unaligned PER (ITU-T X.691): no
 * octet alignment, a CHOICE index of n alternatives is ceil(log2(n)) bits,
 * the presence bits of a SEQUENCE's OPTIONAL components come first, a
 * constrained length is a bit-field of its range. The DCCH and CCCH
 * messages start with an optional integrityCheckInfo (§10.3.3.16):
 *
 *   bit: 0       1 .. 36                    then
 *      +------+--------------------------+-------------------------------+
 *      | IC?  | [MAC-I (32), RRC SN (4)] | message CHOICE index | body   |
 *      +------+--------------------------+-------------------------------+
 *   index bits: DL-DCCH 5, UL-DCCH 5, DL-CCCH 3, UL-CCCH 2 (§11.1)
 *
 * Decoded past the index (CHOICE r3 | later-than-r3 is one bit):
 *   DownlinkDirectTransfer (DL-DCCH 5), r3: presence(1) transaction(2)
 *     cn-DomainIdentity(1) nas-Message(12-bit length - 1, octets)
 *   InitialDirectTransfer (UL-DCCH 5): presence(2) cn-DomainIdentity(1)
 *     intraDomainNasNodeSelector (version(1): release99: cn-Type(1): GSM-MAP
 *     routingbasis(3) routingparameter(10) dummy(1) | ANSI-41 (14); later
 *     (15)) nas-Message
 *   UplinkDirectTransfer (UL-DCCH 27): presence(2) cn-DomainIdentity(1)
 *     nas-Message
 *   RRCConnectionRelease (DL-DCCH 15): r3: presence(1) presence(2)
 *     transaction(2) [n-308(3)] releaseCause(3); later-than-r3: transaction(2)
 *     critExt(1: r4) presence(1) presence(2) [n-308(3)] releaseCause(3)
 *   RRCConnectionRelease-CCCH (DL-CCCH 2): the same after a U-RNTI (32)
 *   RRCConnectionReject (DL-CCCH 1), r3: presence(1) presence(1)
 *     initialUE-Identity transaction(2) rejectionCause(1) waitTime(4)
 * The NAS message (TS 24.008: MM, CC, GMM, SM) goes to the GSM layer 3
 * decoder with the same struct ct_dissect.
 *
 * Cause values of family CT_FAM_UMTS_RRC are celltriage's numbering, the
 * two ENUMERATEDs side by side (ct_umts_rrc_cause_table):
 *     0..7   ReleaseCause (§10.3.3.32, enumeration index)
 *     16, 17 RejectionCause (§10.3.3.31: 16 congestion, 17 unspecified)
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/cursor.h"
#include "celltriage/decode.h"
#include "nas_common.h"

enum { UMTS_RRC_CAUSE_RELEASE = 0, UMTS_RRC_CAUSE_REJECT = 16 };

static const struct ct_name umts_rrc_causes[] = {
	{ UMTS_RRC_CAUSE_RELEASE + 0, "normalEvent" },
	{ UMTS_RRC_CAUSE_RELEASE + 1, "unspecified" },
	{ UMTS_RRC_CAUSE_RELEASE + 2, "pre-emptiveRelease" },
	{ UMTS_RRC_CAUSE_RELEASE + 3, "congestion" },
	{ UMTS_RRC_CAUSE_RELEASE + 4, "re-establishmentReject" },
	{ UMTS_RRC_CAUSE_RELEASE + 5, "directedsignallingconnectionre-establishment" },
	{ UMTS_RRC_CAUSE_RELEASE + 6, "userInactivity" },
	{ UMTS_RRC_CAUSE_RELEASE + 7, "spare" },
	{ UMTS_RRC_CAUSE_REJECT + 0, "congestion" },
	{ UMTS_RRC_CAUSE_REJECT + 1, "unspecified" },
	{ 0, NULL }
};

const struct ct_name *
ct_umts_rrc_cause_table(void)
{
	return umts_rrc_causes;
}

/* Message names are the ASN.1 type names, in CHOICE order (§11.1). */
static const char *const dl_dcch[32] = {
	"ActiveSetUpdate", "AssistanceDataDelivery", "CellChangeOrderFromUTRAN",
	"CellUpdateConfirm", "CounterCheck", "DownlinkDirectTransfer",
	"HandoverFromUTRANCommand-GSM", "HandoverFromUTRANCommand-CDMA2000",
	"MeasurementControl", "PagingType2", "PhysicalChannelReconfiguration",
	"PhysicalSharedChannelAllocation", "RadioBearerReconfiguration",
	"RadioBearerRelease", "RadioBearerSetup", "RRCConnectionRelease",
	"SecurityModeCommand", "SignallingConnectionRelease",
	"TransportChannelReconfiguration", "TransportFormatCombinationControl",
	"UECapabilityEnquiry", "UECapabilityInformationConfirm",
	"UplinkPhysicalChannelControl", "URAUpdateConfirm", "UTRANMobilityInformation",
	"HandoverFromUTRANCommand-GERANIu", "MBMSModifiedServicesInformation",
	"ETWSPrimaryNotificationWithSecurity", "HandoverFromUTRANCommand-EUTRA",
	"UEInformationRequest", "LoggingMeasurementConfiguration", "spare1"
};
static const char *const ul_dcch[32] = {
	"ActiveSetUpdateComplete", "ActiveSetUpdateFailure",
	"CellChangeOrderFromUTRANFailure", "CounterCheckResponse",
	"HandoverToUTRANComplete", "InitialDirectTransfer", "HandoverFromUTRANFailure",
	"MeasurementControlFailure", "MeasurementReport",
	"PhysicalChannelReconfigurationComplete", "PhysicalChannelReconfigurationFailure",
	"RadioBearerReconfigurationComplete", "RadioBearerReconfigurationFailure",
	"RadioBearerReleaseComplete", "RadioBearerReleaseFailure",
	"RadioBearerSetupComplete", "RadioBearerSetupFailure",
	"RRCConnectionReleaseComplete", "RRCConnectionSetupComplete", "RRCStatus",
	"SecurityModeComplete", "SecurityModeFailure",
	"SignallingConnectionReleaseIndication",
	"TransportChannelReconfigurationComplete", "TransportChannelReconfigurationFailure",
	"TransportFormatCombinationControlFailure", "UECapabilityInformation",
	"UplinkDirectTransfer", "UTRANMobilityInformationConfirm",
	"UTRANMobilityInformationFailure", "MBMSModificationRequest",
	NULL /* ul-DCCH-MessageType-ext: 4 more bits */
};
static const char *const dl_ccch[8] = {
	"CellUpdateConfirm", "RRCConnectionReject", "RRCConnectionRelease",
	"RRCConnectionSetup", "URAUpdateConfirm", "ETWSPrimaryNotificationWithSecurity",
	"spare2", "spare1"
};
static const char *const ul_ccch[4] = { "CellUpdate", "RRCConnectionRequest", "URAUpdate", NULL };
static const char *const bcch_fach[4] = {
	"SystemInformation-FACH", "SystemInformationChangeIndication", "spare2", "spare1"
};

enum {
	DL_DCCH_DIRECT_TRANSFER = 5, DL_DCCH_RELEASE = 15,
	UL_DCCH_INITIAL_DT = 5, UL_DCCH_UPLINK_DT = 27, UL_DCCH_EXT = 31,
	DL_CCCH_REJECT = 1, DL_CCCH_RELEASE = 2, UL_CCCH_EXT = 3
};

/* The longest NAS message: nas-Message is OCTET STRING (SIZE (1..4095)). */
#define NAS_MAX 4095

/* nas-Message at the cursor (a 12-bit length - 1, then the octets, at any
 * bit position) to the GSM layer 3 decoder; the RRC name stays unless the
 * NAS message carried a cause. */
static void
nas_message(struct ct_cur *c, struct ct_dissect *d)
{
	uint8_t buf[NAS_MAX];
	struct ct_nas_saved s;
	uint32_t n = ct_cur_bits(c, 12) + 1;

	if (!ct_cur_ok(c))
		return;
	if (n > ct_cur_left(c)) {
		c->truncated = 1;
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		buf[i] = (uint8_t)ct_cur_bits(c, 8);
	if (!ct_cur_ok(c))
		return;
	ct_nas_save(d, &s);
	(void)ct_decode_gsm_l3(buf, n, d); /* a NAS fault is the NAS layer's */
	ct_nas_restore(d, &s);
}

/* ReleaseCause of the r3 or r4 IEs: presence(2: n-308, rplmn-information)
 * [transaction(2) for r3] [n-308(3)] releaseCause(3). */
static void
release_ies(struct ct_cur *c, int r3, struct ct_dissect *d)
{
	uint32_t n308 = ct_cur_bits(c, 1), cause;

	(void)ct_cur_bits(c, 1);               /* rplmn-information present */
	if (r3)
		(void)ct_cur_bits(c, 2);       /* rrc-TransactionIdentifier */
	if (n308)
		(void)ct_cur_bits(c, 3);       /* n-308 1..8 */
	cause = ct_cur_bits(c, 3);
	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, CT_FAM_UMTS_RRC, CT_CG_NONE, UMTS_RRC_CAUSE_RELEASE + cause,
				     NULL);
}

/* RRCConnectionRelease (DCCH) or RRCConnectionRelease-CCCH after its index. */
static void
rrc_release(struct ct_cur *c, int ccch, struct ct_dissect *d)
{
	if (ct_cur_bits(c, 1) == 0) {          /* r3 */
		(void)ct_cur_bits(c, 1);       /* laterNonCriticalExtensions present */
		if (ccch)
			(void)ct_cur_bits(c, 32); /* u-RNTI */
		release_ies(c, 1, d);
		return;
	}
	if (ccch)                              /* later-than-r3 */
		(void)ct_cur_bits(c, 32);      /* u-RNTI */
	(void)ct_cur_bits(c, 2);               /* rrc-TransactionIdentifier */
	if (ct_cur_bits(c, 1) != 0)            /* criticalExtensions: later than r4 */
		return;
	(void)ct_cur_bits(c, 1);               /* v4d0NonCriticalExtensions present */
	release_ies(c, 0, d);
}

/* PLMN-Identity (§10.3.1.11): mcc 3 digits, mnc 2 or 3 digits. */
static void
plmn(struct ct_cur *c)
{
	(void)ct_cur_bits(c, 12);
	(void)ct_cur_bits(c, ct_cur_bits(c, 1) ? 12 : 8);
}

/* InitialUE-Identity (§10.3.3.15), skipped: 8 alternatives. */
static void
initial_ue_identity(struct ct_cur *c)
{
	switch (ct_cur_bits(c, 3)) {
	case 0: /* imsi: SEQUENCE (SIZE (6..21)) OF Digit */
		(void)ct_cur_bits(c, 4 * (ct_cur_bits(c, 4) + 6));
		break;
	case 1: /* tmsi-and-LAI: TMSI (32), LAI: PLMN, LAC (16) */
		(void)ct_cur_bits(c, 32);
		plmn(c);
		(void)ct_cur_bits(c, 16);
		break;
	case 2: /* p-TMSI-and-RAI: P-TMSI (32), RAI: LAI, RAC (8) */
		(void)ct_cur_bits(c, 32);
		plmn(c);
		(void)ct_cur_bits(c, 16);
		(void)ct_cur_bits(c, 8);
		break;
	case 3: /* imei: SEQUENCE (SIZE (15)) OF Digit */
		(void)ct_cur_bits(c, 30);
		(void)ct_cur_bits(c, 30);
		break;
	case 4: /* esn-DS-41: BIT STRING (SIZE (32)) */
		(void)ct_cur_bits(c, 32);
		break;
	case 5: /* imsi-DS-41: OCTET STRING (SIZE (5..7)) */
		for (uint32_t n = ct_cur_bits(c, 2) + 5; n && ct_cur_ok(c); n--)
			(void)ct_cur_bits(c, 8);
		break;
	case 6: /* imsi-and-ESN-DS-41 */
		for (uint32_t n = ct_cur_bits(c, 2) + 5; n && ct_cur_ok(c); n--)
			(void)ct_cur_bits(c, 8);
		(void)ct_cur_bits(c, 32);
		break;
	default: /* tmsi-DS-41: OCTET STRING (SIZE (2..17)) */
		for (uint32_t n = ct_cur_bits(c, 4) + 2; n && ct_cur_ok(c); n--)
			(void)ct_cur_bits(c, 8);
		break;
	}
}

/* RRCConnectionReject after its index: the r3 IEs' rejectionCause. */
static void
rrc_reject(struct ct_cur *c, struct ct_dissect *d)
{
	uint32_t cause;

	if (ct_cur_bits(c, 1) != 0)            /* later-than-r3: not read */
		return;
	(void)ct_cur_bits(c, 1);               /* laterNonCriticalExtensions present */
	(void)ct_cur_bits(c, 1);               /* redirectionInfo present */
	initial_ue_identity(c);
	(void)ct_cur_bits(c, 2);               /* rrc-TransactionIdentifier */
	cause = ct_cur_bits(c, 1);             /* rejectionCause */
	(void)ct_cur_bits(c, 4);               /* waitTime 0..15 s */
	if (ct_cur_ok(c))
		ct_dissect_add_cause(d, CT_FAM_UMTS_RRC, CT_CG_NONE, UMTS_RRC_CAUSE_REJECT + cause,
				     NULL);
}

/* InitialDirectTransfer / UplinkDirectTransfer after the index. */
static void
ul_direct_transfer(struct ct_cur *c, int initial, struct ct_dissect *d)
{
	(void)ct_cur_bits(c, 2);               /* measuredResultsOnRACH, extensions present */
	(void)ct_cur_bits(c, 1);               /* cn-DomainIdentity: cs, ps */
	if (initial) {                         /* intraDomainNasNodeSelector */
		if (ct_cur_bits(c, 1) != 0)    /* later: futurecoding */
			(void)ct_cur_bits(c, 15);
		else if (ct_cur_bits(c, 1) != 0) /* release99, ansi-41-IDNNS */
			(void)ct_cur_bits(c, 14);
		else                           /* gsm-Map-IDNNS */
			(void)ct_cur_bits(c, 3 + 10 + 1);
	}
	nas_message(c, d);
}

/* DownlinkDirectTransfer after the index (r3; later versions not read). */
static void
dl_direct_transfer(struct ct_cur *c, struct ct_dissect *d)
{
	if (ct_cur_bits(c, 1) != 0)            /* later-than-r3 */
		return;
	(void)ct_cur_bits(c, 1);               /* laterNonCriticalExtensions present */
	(void)ct_cur_bits(c, 2);               /* rrc-TransactionIdentifier */
	(void)ct_cur_bits(c, 1);               /* cn-DomainIdentity */
	nas_message(c, d);
}

enum ct_dec_status
ct_decode_umts_rrc(const uint8_t *p, size_t len, int channel, struct ct_dissect *d)
{
	struct ct_cur c;
	const char *name = NULL;
	uint32_t idx = 0;

	ct_cur_init(&c, p, len);
	d->protocol = "umts-rrc";
	switch (channel) {
	case CT_UMTS_RRC_DL_DCCH:
	case CT_UMTS_RRC_UL_DCCH:
	case CT_UMTS_RRC_DL_CCCH:
	case CT_UMTS_RRC_UL_CCCH:
		if (ct_cur_bits(&c, 1))         /* integrityCheckInfo */
			(void)ct_cur_bits(&c, 32), (void)ct_cur_bits(&c, 4);
		break;
	default:
		break;
	}
	switch (channel) {
	case CT_UMTS_RRC_DL_DCCH:
		idx = ct_cur_bits(&c, 5), name = dl_dcch[idx];
		break;
	case CT_UMTS_RRC_UL_DCCH:
		idx = ct_cur_bits(&c, 5), name = ul_dcch[idx];
		if (idx == UL_DCCH_EXT)
			name = ct_cur_bits(&c, 4) == 0 ? "UEInformationResponse" : "spare";
		break;
	case CT_UMTS_RRC_DL_CCCH:
		idx = ct_cur_bits(&c, 3), name = dl_ccch[idx];
		break;
	case CT_UMTS_RRC_UL_CCCH:
		idx = ct_cur_bits(&c, 2), name = ul_ccch[idx];
		if (idx == UL_CCCH_EXT)
			name = ct_cur_bits(&c, 2) == 0 ? "CellUpdateFDD-r11" : "spare";
		break;
	case CT_UMTS_RRC_PCCH:
		name = ct_cur_bits(&c, 1) == 0 ? "PagingType1" : "spare";
		break;
	case CT_UMTS_RRC_BCCH_FACH:
		name = bcch_fach[ct_cur_bits(&c, 2)];
		break;
	case CT_UMTS_RRC_BCCH_BCH:
		/* SystemInformation-BCH: SFN-prime (11) then the payload
		 * CHOICE (4 bits, §10.2.48.8.1) */
		ct_cur_need(&c, 2);
		name = "SystemInformation-BCH";
		break;
	default:
		ct_dissect_set_message(d, "UMTS RRC (channel not decoded)");
		return CT_DEC_UNSUPPORTED;
	}
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	ct_dissect_set_message(d, name);

	if (channel == CT_UMTS_RRC_DL_DCCH && idx == DL_DCCH_DIRECT_TRANSFER)
		dl_direct_transfer(&c, d);
	else if (channel == CT_UMTS_RRC_DL_DCCH && idx == DL_DCCH_RELEASE)
		rrc_release(&c, 0, d);
	else if (channel == CT_UMTS_RRC_UL_DCCH && idx == UL_DCCH_INITIAL_DT)
		ul_direct_transfer(&c, 1, d);
	else if (channel == CT_UMTS_RRC_UL_DCCH && idx == UL_DCCH_UPLINK_DT)
		ul_direct_transfer(&c, 0, d);
	else if (channel == CT_UMTS_RRC_DL_CCCH && idx == DL_CCCH_RELEASE)
		rrc_release(&c, 1, d);
	else if (channel == CT_UMTS_RRC_DL_CCCH && idx == DL_CCCH_REJECT)
		rrc_reject(&c, d);
	return ct_cur_status(&c);
}
