/*
 * isup.c — ISDN User Part, ITU-T Q.763 (12/1999): the message types and
 * the Cause indicators (§3.12) of the messages that carry them.
 *
 *   | CIC (2, 12 or 14 bits) | message type (1) | mandatory fixed part |
 *   | pointers: one per mandatory variable parameter, then one to the
 *     optional part (0: none) — each counted from its own octet |
 *   | variable parameters: | length (1) | value | |
 *   | optional part: | name (1) | length (1) | value | ... | 0 end |
 *
 *   Cause indicators (§3.12, Q.850 §2.1):
 *   | ext | coding standard (2) | spare | location (4) |
 *   | ext | recommendation (7) |          only when the first ext is 0
 *   | ext | cause value (7) | diagnostics ... |
 *
 * REL has the Cause indicators as its mandatory variable parameter; RLC,
 * ACM, CON, CPG and ANM may carry one in the optional part (name 0x12).
 * The cause value is reported in family isup with the Q.850 names
 * (q850.c); the CIC layout is the same two octets in every MTP3 variant.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "ss7.h"

#define MAX_OPTIONAL 32
enum { MT_REL = 0x0c, P_CAUSE = 0x12 };

/* Q.763 Table 4: message types. */
static const struct ct_name msg_names[] = {
	{ 0x01, "ISUP IAM" }, { 0x02, "ISUP SAM" }, { 0x03, "ISUP INR" }, { 0x04, "ISUP INF" },
	{ 0x05, "ISUP COT" }, { 0x06, "ISUP ACM" }, { 0x07, "ISUP CON" }, { 0x08, "ISUP FOT" },
	{ 0x09, "ISUP ANM" }, { 0x0c, "ISUP REL" }, { 0x0d, "ISUP SUS" }, { 0x0e, "ISUP RES" },
	{ 0x10, "ISUP RLC" }, { 0x11, "ISUP CCR" }, { 0x12, "ISUP RSC" }, { 0x13, "ISUP BLO" },
	{ 0x14, "ISUP UBL" }, { 0x15, "ISUP BLA" }, { 0x16, "ISUP UBA" }, { 0x17, "ISUP GRS" },
	{ 0x18, "ISUP CGB" }, { 0x19, "ISUP CGU" }, { 0x1a, "ISUP CGBA" }, { 0x1b, "ISUP CGUA" },
	{ 0x1f, "ISUP FAR" }, { 0x20, "ISUP FAA" }, { 0x21, "ISUP FRJ" }, { 0x24, "ISUP LPA" },
	{ 0x28, "ISUP PAM" }, { 0x29, "ISUP GRA" }, { 0x2a, "ISUP CQM" }, { 0x2b, "ISUP CQR" },
	{ 0x2c, "ISUP CPG" }, { 0x2d, "ISUP USR" }, { 0x2e, "ISUP UCIC" }, { 0x2f, "ISUP CFN" },
	{ 0x30, "ISUP OLM" }, { 0x31, "ISUP CRG" }, { 0x32, "ISUP NRM" }, { 0x33, "ISUP FAC" },
	{ 0x36, "ISUP IDR" }, { 0x37, "ISUP IRS" }, { 0x38, "ISUP SGM" },
	{ 0, NULL }
};

/* Where the optional part's pointer is: after the mandatory fixed part
 * and one pointer per mandatory variable parameter (Q.763 Tables 21-46). */
static const struct { uint8_t type, fixed, nvar; } layouts[] = {
	{ 0x06, 2, 0 }, /* ACM: backward call indicators */
	{ 0x07, 2, 0 }, /* CON: backward call indicators */
	{ 0x09, 0, 0 }, /* ANM */
	{ MT_REL, 0, 1 }, /* REL: Cause indicators */
	{ 0x10, 0, 0 }, /* RLC */
	{ 0x2c, 1, 0 }, /* CPG: event information */
};

/* Cause indicators from c (the parameter's value). */
static void
cause(struct ct_cur *c, struct ct_dissect *d)
{
	uint8_t o1 = ct_cur_u8(c), o2;

	if (!(o1 & 0x80))
		ct_cur_skip(c, 1); /* recommendation */
	o2 = ct_cur_u8(c);
	if (!ct_cur_ok(c))
		return;
	ct_dissect_add_cause(d, CT_FAM_ISUP, CT_CG_NONE, o2 & 0x7fu, NULL);
}

enum ct_dec_status
ct_decode_isup(const uint8_t *p, size_t len, enum ct_mtp3_variant v, struct ct_dissect *d)
{
	struct ct_cur c, val, opt;
	const char *name;
	uint8_t type;
	char buf[32];

	(void)v;
	ct_cur_init(&c, p, len);
	d->protocol = "isup";
	ct_cur_skip(&c, 2); /* CIC */
	type = ct_cur_u8(&c);
	if (!ct_cur_ok(&c))
		return ct_cur_status(&c);
	d->procedure = type;
	name = ct_name_of(msg_names, type);
	if (!name) {
		snprintf(buf, sizeof(buf), "ISUP 0x%02x", (unsigned)type);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		if (layouts[i].type != type)
			continue;
		ct_cur_skip(&c, layouts[i].fixed);
		for (unsigned k = 0; k < layouts[i].nvar; k++)
			if (ct_ss7_pointed(&c, &val, 0) && type == MT_REL && k == 0)
				cause(&val, d);
		if (ct_cur_left(&c) && ct_ss7_pointed(&c, &opt, 1)) {
			for (int n = 0; n < MAX_OPTIONAL && ct_cur_left(&opt); n++) {
				uint8_t pname = ct_cur_u8(&opt);

				if (pname == 0)
					break;
				ct_cur_sub(&opt, ct_cur_u8(&opt), &val);
				if (pname == P_CAUSE && ct_cur_ok(&opt))
					cause(&val, d);
			}
			if (!ct_cur_ok(&opt))
				return CT_DEC_MALFORMED;
		}
		break;
	}
	return ct_cur_status(&c);
}
