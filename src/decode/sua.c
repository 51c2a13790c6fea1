/*
 * sua.c — SS7 SCCP User Adaptation over SCTP, RFC 3868 (PPID 4, port 14001).
 *
 *   common header (§3.1), as M3UA's:
 *   | version (1) = 1 | reserved (1) | message class (1) | message type (1) |
 *   | message length (4), header included                                   |
 *   then parameters (§3.10), each padded to 4 octets:
 *   | tag (2) | length (2), tag and length included | value ... | pad |
 *
 *   Source / Destination Address (0x0102 calling, 0x0103 called, §3.10.2):
 *   | routing indicator (2) | address indicator (2) | sub-parameters: |
 *     Global Title 0x8001, Point Code 0x8002 (4), SSN 0x8003 (| 0 (3) | SSN |)
 *   SCCP Cause (0x0106, §3.10.6): | 0 (2) | cause type (1) | cause value (1) |
 *   Segmentation (0x0117, §3.10.17): | F bit, remaining (4 bits) (1) |
 *     | segmentation reference (3) |
 *   Source / Destination Reference Number (0x0104 / 0x0105): 4 octets
 *
 * SUA carries SCCP's users (BSSAP, RANAP, TCAP with MAP and CAMEL) over IP
 * without SCCP: the Data parameter (0x010B) of a CLDT, CLDR, CORE, COAK,
 * CODT, CODA, RELRE or COREF goes where SCCP's data goes (sccp.c,
 * ct_sccp_payload), by the called party's SSN, then the calling party's; a
 * connection's data without one is recognised by its first octets. The
 * reference numbers are identities (CT_ID_SUA_REF, 8 hex digits) the
 * capture links as it links SCCP's local references: a CORE names the
 * caller's, a COAK, RELRE and RELCO both ends', a CODT the receiver's. A
 * CLDT or CLDR segment (Segmentation other than "first, 0 remaining") goes
 * to SCCP's segment hook (dissect.h struct ct_sccp_segment) keyed by the
 * two addresses and the segmentation reference. A CLDR's return cause
 * (Q.713 §3.12) is named in its message; as with SCCP, it is not reported
 * as a subscriber's cause (what the returned data says is).
 * The management classes (MGMT, SSNM, ASPSM, ASPTM, RKM) are named and
 * carry no subscriber cause.
 */
#include <stdio.h>

#include "celltriage/decode.h"
#include "ss7.h"

#define MAX_PARAMS 32    /* parameters looked at per message */
#define MAX_SUBPARAMS 8  /* sub-parameters looked at per address */

/* §3.1.2 message classes */
enum { CLASS_MGMT = 0, CLASS_SSNM = 2, CLASS_ASPSM = 3, CLASS_ASPTM = 4, CLASS_CL = 7,
       CLASS_CO = 8, CLASS_RKM = 9 };

#define MSG(cls, type) ((uint32_t)(cls) << 8 | (type))

enum {
	CLDT = MSG(CLASS_CL, 1), CLDR = MSG(CLASS_CL, 2),
	CORE = MSG(CLASS_CO, 1), COAK = MSG(CLASS_CO, 2), COREF = MSG(CLASS_CO, 3),
	RELRE = MSG(CLASS_CO, 4), RELCO = MSG(CLASS_CO, 5), CODT = MSG(CLASS_CO, 8),
	CODA = MSG(CLASS_CO, 9), COERR = MSG(CLASS_CO, 10)
};

/* §3.1.2-3.1.3: the message types of each class. */
static const struct ct_name msg_names[] = {
	{ MSG(CLASS_MGMT, 0), "SUA ERR" },        { MSG(CLASS_MGMT, 1), "SUA NTFY" },
	{ MSG(CLASS_SSNM, 1), "SUA DUNA" },       { MSG(CLASS_SSNM, 2), "SUA DAVA" },
	{ MSG(CLASS_SSNM, 3), "SUA DAUD" },       { MSG(CLASS_SSNM, 4), "SUA SCON" },
	{ MSG(CLASS_SSNM, 5), "SUA DUPU" },       { MSG(CLASS_SSNM, 6), "SUA DRST" },
	{ MSG(CLASS_ASPSM, 1), "SUA ASPUP" },     { MSG(CLASS_ASPSM, 2), "SUA ASPDN" },
	{ MSG(CLASS_ASPSM, 3), "SUA BEAT" },      { MSG(CLASS_ASPSM, 4), "SUA ASPUP ACK" },
	{ MSG(CLASS_ASPSM, 5), "SUA ASPDN ACK" }, { MSG(CLASS_ASPSM, 6), "SUA BEAT ACK" },
	{ MSG(CLASS_ASPTM, 1), "SUA ASPAC" },     { MSG(CLASS_ASPTM, 2), "SUA ASPIA" },
	{ MSG(CLASS_ASPTM, 3), "SUA ASPAC ACK" }, { MSG(CLASS_ASPTM, 4), "SUA ASPIA ACK" },
	{ CLDT, "SUA CLDT" },                     { CLDR, "SUA CLDR" },
	{ CORE, "SUA CORE" },                     { COAK, "SUA COAK" },
	{ COREF, "SUA COREF" },                   { RELRE, "SUA RELRE" },
	{ RELCO, "SUA RELCO" },                   { MSG(CLASS_CO, 6), "SUA RESCO" },
	{ MSG(CLASS_CO, 7), "SUA RESRE" },        { CODT, "SUA CODT" },
	{ CODA, "SUA CODA" },                     { COERR, "SUA COERR" },
	{ MSG(CLASS_CO, 11), "SUA COIT" },
	{ MSG(CLASS_RKM, 1), "SUA REG REQ" },     { MSG(CLASS_RKM, 2), "SUA REG RSP" },
	{ MSG(CLASS_RKM, 3), "SUA DEREG REQ" },   { MSG(CLASS_RKM, 4), "SUA DEREG RSP" },
	{ 0, NULL }
};

/* §3.10: the parameters read here (the rest are skipped). */
enum {
	TAG_SOURCE_ADDRESS = 0x0102, TAG_DEST_ADDRESS = 0x0103, TAG_SOURCE_REF = 0x0104,
	TAG_DEST_REF = 0x0105, TAG_SCCP_CAUSE = 0x0106, TAG_DATA = 0x010b,
	TAG_PROTOCOL_CLASS = 0x0115, TAG_SEQUENCE_CONTROL = 0x0116, TAG_SEGMENTATION = 0x0117
};
/* §3.10.2.1-3: address sub-parameters */
enum { SUB_GLOBAL_TITLE = 0x8001, SUB_POINT_CODE = 0x8002, SUB_SSN = 0x8003 };
/* §3.10.2: routing indicator, 1 GT, 2 SSN and PC, 3 hostname, 4 SSN and IP */
enum { RI_FIRST = 1, RI_LAST = 4 };
/* §3.10.6 cause type 1: return cause, the values of Q.713 §3.12 */
enum { CAUSE_TYPE_RETURN = 1 };

static const struct ct_name return_causes[] = {
	{ 0, "no translation for an address of such nature" },
	{ 1, "no translation for this specific address" },
	{ 2, "subsystem congestion" },
	{ 3, "subsystem failure" },
	{ 4, "unequipped user" },
	{ 5, "MTP failure" },
	{ 6, "network congestion" },
	{ 7, "unqualified" },
	{ 8, "error in message transport" },
	{ 9, "error in local processing" },
	{ 10, "destination cannot perform reassembly" },
	{ 11, "SCCP failure" },
	{ 12, "hop counter violation" },
	{ 13, "segmentation not supported" },
	{ 14, "segmentation failure" },
	{ 0, NULL }
};

/* What a message's parameters said. */
struct sua_msg {
	struct ct_cur called, calling, data, segment;
	unsigned called_ssn, calling_ssn;
	int have_data, have_segment, have_cause;
	uint8_t cause_type, cause;
};

/* The SSN of an address parameter (0 when it names none); an unknown
 * routing indicator or a sub-parameter that does not fit names none. */
static unsigned
address_ssn(struct ct_cur a)
{
	struct ct_cur val;
	uint16_t ri, tag;
	unsigned ssn = 0;
	int r;

	ri = ct_cur_be16(&a);
	ct_cur_skip(&a, 2); /* address indicator */
	if (!ct_cur_ok(&a))
		return 0;
	if (ri < RI_FIRST || ri > RI_LAST)
		return 0;
	for (int i = 0; i < MAX_SUBPARAMS && (r = ct_sigtran_param(&a, &tag, &val)) != 0; i++) {
		if (r < 0)
			return 0;
		if (tag == SUB_SSN) {
			ct_cur_skip(&val, 3);
			ssn = ct_cur_u8(&val);
			if (!ct_cur_ok(&val))
				return 0;
		}
	}
	return ssn;
}

/* A reference number (4 octets) as an identity; invalid when it is not
 * 4 octets. */
static void
ref_number(struct ct_cur *val, struct ct_cur *body, struct ct_dissect *d)
{
	uint32_t r = ct_cur_be32(val);

	if (!ct_cur_ok(val) || ct_cur_left(val)) {
		ct_cur_invalid(body);
		return;
	}
	ct_dissect_add_hex(d, CT_ID_SUA_REF, r, 8);
}

/* The parameters of a connectionless or connection-oriented message. */
static void
parameters(struct ct_cur *body, struct sua_msg *m, struct ct_dissect *d)
{
	struct ct_cur val;
	uint16_t tag;
	int r;

	for (int n = 0; n < MAX_PARAMS && (r = ct_sigtran_param(body, &tag, &val)) != 0; n++) {
		if (r < 0)
			return;
		switch (tag) {
		case TAG_DEST_ADDRESS:
			m->called = val;
			m->called_ssn = address_ssn(val);
			break;
		case TAG_SOURCE_ADDRESS:
			m->calling = val;
			m->calling_ssn = address_ssn(val);
			break;
		case TAG_SOURCE_REF:
		case TAG_DEST_REF:
			ref_number(&val, body, d);
			break;
		case TAG_SCCP_CAUSE:
			ct_cur_skip(&val, 2);
			m->cause_type = ct_cur_u8(&val);
			m->cause = ct_cur_u8(&val);
			if (!ct_cur_ok(&val))
				ct_cur_invalid(body);
			m->have_cause = 1;
			break;
		case TAG_SEGMENTATION:
			if (val.len != 4)
				ct_cur_invalid(body); /* §3.10.17: 4 octets */
			else if (!m->have_segment) /* the first one counts */
				m->segment = val, m->have_segment = 1;
			break;
		case TAG_DATA:
			if (!m->have_data)
				m->data = val, m->have_data = 1;
			break;
		case TAG_PROTOCOL_CLASS:   /* §3.10.15: | 0 (3) | return option, class | */
		case TAG_SEQUENCE_CONTROL: /* §3.10.16: a 4-octet value */
			if (val.len != 4)
				ct_cur_invalid(body);
			break;
		default:
			break; /* hop count, importance, routing context ... */
		}
	}
}

/* A CLDT/CLDR segment, unless it is a whole message in one: to the hook.
 * Returns 1 when handed on (*st set). */
static int
segment(struct sua_msg *m, const char *name, struct ct_dissect *d, enum ct_dec_status *st)
{
	struct ct_sccp_segment seg;
	struct ct_cur s = m->segment;
	char buf[sizeof(d->message) + 16];
	uint8_t f = ct_cur_u8(&s);
	uint32_t r = ct_cur_be24(&s);

	if ((f & 0x80) && (f & 0x0f) == 0)
		return 0; /* first, none remaining */
	seg.keylen = 0;
	ct_sccp_key_address(&seg, &m->called);
	ct_sccp_key_address(&seg, &m->calling);
	seg.key[seg.keylen++] = (uint8_t)(r >> 16);
	seg.key[seg.keylen++] = (uint8_t)(r >> 8);
	seg.key[seg.keylen++] = (uint8_t)r;
	seg.first = (f & 0x80) != 0;
	seg.remaining = f & 0x0f;
	snprintf(buf, sizeof(buf), "%s segment", name);
	*st = ct_sccp_segment_out(&seg, &m->data, m->called_ssn ? m->called_ssn : m->calling_ssn,
				  buf, d);
	return 1;
}

enum ct_dec_status
ct_decode_sua(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c, body;
	struct sua_msg m = { .have_data = 0 };
	enum ct_dec_status st;
	uint8_t cls, type;
	const char *name;
	char buf[sizeof(d->message) + 64]; /* a longer message is cut by set_message */

	ct_cur_init(&c, p, len);
	d->protocol = "sua";
	if ((st = ct_sigtran_header(&c, &cls, &type, &body)) != CT_DEC_OK)
		return st;
	d->procedure = MSG(cls, type);
	name = ct_name_of(msg_names, d->procedure);
	if (!name) {
		snprintf(buf, sizeof(buf), "SUA class %u type %u", (unsigned)cls, (unsigned)type);
		ct_dissect_set_message(d, buf);
		return CT_DEC_UNSUPPORTED;
	}
	ct_dissect_set_message(d, name);
	if (cls != CLASS_CL && cls != CLASS_CO)
		return CT_DEC_OK;

	ct_cur_init(&m.called, p, 0);
	ct_cur_init(&m.calling, p, 0);
	ct_cur_init(&m.data, p, 0);
	parameters(&body, &m, d);
	if (!ct_cur_ok(&body))
		return ct_cur_status(&body);
	if (d->procedure == CLDR && m.have_cause && m.cause_type == CAUSE_TYPE_RETURN) {
		const char *cn = ct_name_of(return_causes, m.cause);

		if (cn)
			snprintf(buf, sizeof(buf), "SUA CLDR (%s)", cn);
		else
			snprintf(buf, sizeof(buf), "SUA CLDR (return cause %u)", (unsigned)m.cause);
		ct_dissect_set_message(d, buf);
	}
	if (m.have_segment) {
		if (cls == CLASS_CL && segment(&m, name, d, &st))
			return st;
		if (cls == CLASS_CO)
			return CT_DEC_NOT_REASSEMBLED; /* §3.10.17: CLDT's and CLDR's alone */
	}
	if (d->sccp && d->sccp->only_segments)
		return CT_DEC_OK;
	if (!m.have_data || m.data.len == 0)
		return CT_DEC_OK;
	return ct_sccp_payload(&m.data, m.called_ssn ? m.called_ssn : m.calling_ssn, cls == CLASS_CL,
			       d);
}
