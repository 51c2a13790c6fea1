/*
 * mtp3.c — SS7 Message Transfer Part level 3: ITU-T Q.704 §2.2 and §14
 * (14-bit point codes), ANSI T1.111.4 (24-bit), the Chinese national
 * variant (GF 001-9001: ITU's layout with 24-bit point codes) and the
 * Japanese TTC JT-Q.704 (16-bit point codes).
 *
 *   | SIO: NI (2) | priority/spare (2) | SI (4) | routing label | user part ...
 *
 *   routing label, ITU (4 octets, least significant bit first):
 *     | DPC (14) | OPC (14) | SLS (4) |
 *   ANSI and Chinese (7 octets): | DPC (3) | OPC (3) | SLS (1) |
 *   Japanese (5 octets):         | DPC (2) | OPC (2) | SLS (4) spare (4) |
 *
 * The service indicator (Q.704 §14.2.1) picks the user part: 0 signalling
 * network management, 1 and 2 testing (SLTM/SLTA: decoded, no cause),
 * 3 SCCP (sccp.c), 5 ISUP (isup.c); the others are not decoded. The
 * variant cannot be told from the bytes in general: the caller names it;
 * CT_MTP3_AUTO tries ITU, then ANSI (decode.h).
 */
#include <stdio.h>

#include "celltriage/decode.h"

static const struct ct_name variants[] = {
	{ CT_MTP3_ITU, "itu" }, { CT_MTP3_ANSI, "ansi" }, { CT_MTP3_CHINA, "china" },
	{ CT_MTP3_JAPAN, "japan" }, { CT_MTP3_AUTO, "auto" }, { 0, NULL }
};

const struct ct_name *
ct_mtp3_variant_table(void)
{
	return variants;
}

/* Q.704 §14.2.1 service indicator values. */
enum { SI_SNM = 0, SI_MTN = 1, SI_MTNS = 2, SI_SCCP = 3, SI_TUP = 4, SI_ISUP = 5 };

/* Routing label length of each variant (but AUTO). */
static size_t
label_len(enum ct_mtp3_variant v)
{
	switch (v) {
	case CT_MTP3_ANSI:
	case CT_MTP3_CHINA: return 7;
	case CT_MTP3_JAPAN: return 5;
	default: return 4;
	}
}

static enum ct_dec_status
user_part(unsigned si, const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	char buf[40];

	switch (si) {
	case SI_SCCP:
		return ct_decode_sccp(p, len, v, d);
	case SI_ISUP:
		return ct_decode_isup(p, len, v, d);
	case SI_SNM:
	case SI_MTN:
	case SI_MTNS:
		/* changeover, link tests: no cause a subscriber sees */
		d->protocol = "mtp3mg";
		ct_dissect_set_message(d, si == SI_SNM ? "MTP3 network management" : "MTP3 link test");
		return CT_DEC_OK;
	default:
		d->protocol = "mtp3";
		snprintf(buf, sizeof(buf), "MTP3 service indicator %u", si);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
}

enum ct_dec_status
ct_decode_mtp3_user(unsigned si, const uint8_t *p, size_t len, enum ct_mtp3_variant v,
		    struct ct_dissect *d)
{
	enum ct_dec_status st;

	if (v != CT_MTP3_AUTO)
		return user_part(si, p, len, v, d);
	st = user_part(si, p, len, CT_MTP3_ITU, d);
	if (st != CT_DEC_MALFORMED && st != CT_DEC_TRUNCATED)
		return st;
	ct_dissect_reuse(d);
	if (user_part(si, p, len, CT_MTP3_ANSI, d) == CT_DEC_OK)
		return CT_DEC_OK;
	ct_dissect_reuse(d); /* neither reads: report ITU's reading */
	return user_part(si, p, len, CT_MTP3_ITU, d);
}

/* One variant's reading of the message from the SIO on. */
static enum ct_dec_status
mtp3(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c;
	uint8_t sio;

	ct_cur_init(&c, p, len);
	d->protocol = "mtp3";
	sio = ct_cur_u8(&c);
	ct_cur_skip(&c, label_len(v));
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	return user_part(sio & 0x0fu, p + c.off, len - c.off, v, d);
}

enum ct_dec_status
ct_decode_mtp3(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	enum ct_dec_status st;

	if (v != CT_MTP3_AUTO)
		return mtp3(p, len, v, d);
	/* the routing label's length is the variant's: ITU's 4 octets, then
	 * ANSI's 7 when ITU leaves the user part unreadable */
	st = mtp3(p, len, CT_MTP3_ITU, d);
	if (st != CT_DEC_MALFORMED && st != CT_DEC_TRUNCATED)
		return st;
	ct_dissect_reuse(d);
	if (mtp3(p, len, CT_MTP3_ANSI, d) == CT_DEC_OK)
		return CT_DEC_OK;
	ct_dissect_reuse(d);
	return mtp3(p, len, CT_MTP3_ITU, d);
}
