/*
 * pfcp.c — Packet Forwarding Control Protocol (3GPP TS 29.244 v17, Sx/N4
 * between the control plane function and the user plane function).
 *
 * Reads the header, names the message and walks its top-level IEs for
 * what triage needs: the Cause (type 19, §8.2.1), the Offending IE (40,
 * §8.2.22: which IE a rejection blames, added to the message's name) and
 * the F-SEID (57, §8.2.37) whose SEID, like the header's, identifies the
 * session. The Node ID (60) names a CP or UP function, not a subscriber,
 * and is not reported as an identity (it would join every session of a
 * node into one subscriber).
 *
 * Header (§7.2.2, Figure 7.2.2.1-1 and 7.2.2.2-1), then IEs (§8.1.1):
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-----+---+-+-+-+---------------+-------------------------------+
 *    | Ver |Spr|F|M|S| Message Type  | Message Length (after octet 4)|
 *    +-----+---+-+-+-+---------------+-------------------------------+
 *    |   SEID (8 octets, present only if S = 1) ...                  |
 *    +-----------------------------------------------+---------------+
 *    |              Sequence Number                  | Prio  | Spare |
 *    +-------------------------------+---------------+---------------+
 *    |   IE Type (2)                 |   IE Length (2)               |
 *    +-------------------------------+-------------------------------+
 *    |   [Enterprise ID (2), when bit 8 of the type's first octet]   |
 *    |   IE value ...                                                |
 *
 * Ver is 1. FO (follow on, Rel-15) announces another message after this
 * one in the same datagram: it is decoded too, its causes and identities
 * added. A message whose length points past the bytes we hold is
 * TRUNCATED; an IE whose length points past its message is MALFORMED.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/decode.h"
#include "text.h"

enum { IE_CAUSE = 19, IE_OFFENDING_IE = 40, IE_F_SEID = 57 };

#define MAX_FOLLOW_ON 4 /* messages after the first one read in a datagram */

/* TS 29.244 §7.3 Table 7.3-1: message types. */
static const struct ct_name pfcp_msgs[] = {
	{ 1, "Heartbeat Request" },
	{ 2, "Heartbeat Response" },
	{ 3, "PFD Management Request" },
	{ 4, "PFD Management Response" },
	{ 5, "Association Setup Request" },
	{ 6, "Association Setup Response" },
	{ 7, "Association Update Request" },
	{ 8, "Association Update Response" },
	{ 9, "Association Release Request" },
	{ 10, "Association Release Response" },
	{ 11, "Version Not Supported Response" },
	{ 12, "Node Report Request" },
	{ 13, "Node Report Response" },
	{ 14, "Session Set Deletion Request" },
	{ 15, "Session Set Deletion Response" },
	{ 16, "Session Set Modification Request" },
	{ 17, "Session Set Modification Response" },
	{ 50, "Session Establishment Request" },
	{ 51, "Session Establishment Response" },
	{ 52, "Session Modification Request" },
	{ 53, "Session Modification Response" },
	{ 54, "Session Deletion Request" },
	{ 55, "Session Deletion Response" },
	{ 56, "Session Report Request" },
	{ 57, "Session Report Response" },
	{ 0, NULL }
};

/* TS 29.244 §8.2.1 Table 8.2.1-1: 1-63 acceptance, 64 and above
 * rejection (0 is reserved). */
static const struct ct_name pfcp_causes[] = {
	{ 1, "Request accepted(success)" },
	{ 2, "More Usage Report to send" },
	{ 3, "Request partially accepted" },
	{ 64, "Request rejected (reason not specified)" },
	{ 65, "Session context not found" },
	{ 66, "Mandatory IE missing" },
	{ 67, "Conditional IE missing" },
	{ 68, "Invalid length" },
	{ 69, "Mandatory IE incorrect" },
	{ 70, "Invalid Forwarding Policy" },
	{ 71, "Invalid F-TEID allocation option" },
	{ 72, "No established PFCP Association" },
	{ 73, "Rule creation / modification Failure" },
	{ 74, "PFCP entity in congestion" },
	{ 75, "No resources available" },
	{ 76, "Service not supported" },
	{ 77, "System failure" },
	{ 78, "Redirection Requested" },
	{ 79, "All dynamic addresses are occupied" },
	{ 80, "Unknown Pre-defined Rule" },
	{ 81, "Unknown Application ID" },
	{ 82, "L2TP tunnel Establishment failure" },
	{ 83, "L2TP session Establishment failure" },
	{ 84, "L2TP tunnel Release" },
	{ 85, "L2TP session Release" },
	{ 86, "PFCP session restoration failure due to requested SEID already in use" },
	{ 87, "L2TP tunnel establishment failure - tunnel authentication failure" },
	{ 88, "L2TP session establishment failure - session authentication failure" },
	{ 89, "L2TP tunnel establishment failure - timeout" },
	{ 90, "L2TP session establishment failure - timeout" },
	{ 91, "L2TP establishment failure - other" },
	{ 0, NULL }
};

const struct ct_name *
ct_pfcp_cause_table(void)
{
	return pfcp_causes;
}

/* A SEID as 16 lowercase hex digits, once per message (the header's SEID
 * is the one the peer's F-SEID gave). 0: none assigned yet. */
static void
add_seid(struct ct_dissect *d, uint64_t seid)
{
	char hex[17];
	struct ct_tw w;

	if (seid == 0)
		return;
	ct_tw_init(&w, hex, sizeof(hex));
	ct_tw_hex(&w, seid, 16);
	for (unsigned i = 0; i < d->nids; i++)
		if (d->ids[i].kind == CT_ID_SEID && strcmp(d->ids[i].value, hex) == 0)
			return;
	ct_dissect_add_id(d, CT_ID_SEID, hex);
}

static uint64_t
be64(struct ct_cur *c)
{
	uint64_t hi = ct_cur_be32(c);

	return hi << 32 | ct_cur_be32(c);
}

/* The top-level IEs of m. cut: m ends where our bytes end. *offending is
 * the type the Offending IE names (0: none). */
static enum ct_dec_status
walk_ies(struct ct_cur *m, struct ct_dissect *d, const char *msg, int cut, unsigned *offending)
{
	while (ct_cur_left(m) > 0) {
		struct ct_cur v;
		uint16_t type, len;

		if (ct_cur_left(m) < 4)
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
		type = ct_cur_be16(m);
		len = ct_cur_be16(m);
		if (len > ct_cur_left(m))
			return cut ? CT_DEC_TRUNCATED : CT_DEC_MALFORMED;
		ct_cur_sub(m, len, &v);
		if (type & 0x8000) /* §8.1.1: vendor-specific, Enterprise ID first */
			continue;
		switch (type) {
		case IE_CAUSE: {
			uint8_t cause = ct_cur_u8(&v);

			if (!ct_cur_ok(&v))
				return CT_DEC_MALFORMED;
			ct_dissect_add_cause(d, CT_FAM_PFCP, CT_CG_NONE, cause, msg);
			break;
		}
		case IE_OFFENDING_IE:
			*offending = ct_cur_be16(&v);
			if (!ct_cur_ok(&v))
				return CT_DEC_MALFORMED;
			break;
		case IE_F_SEID: {
			/* §8.2.37: spare (6) | V4 | V6, SEID (8), addresses */
			uint64_t seid;

			ct_cur_skip(&v, 1);
			seid = be64(&v);
			if (!ct_cur_ok(&v))
				return CT_DEC_MALFORMED;
			add_seid(d, seid);
			break;
		}
		default:
			break;
		}
	}
	return CT_DEC_OK;
}

/* One message at c; first names d. *follow: FO announces another. */
static enum ct_dec_status
decode_message(struct ct_cur *c, struct ct_dissect *d, int first, int *follow)
{
	struct ct_cur m;
	uint8_t flags, type;
	uint16_t mlen;
	uint32_t seq;
	uint64_t seid = 0;
	unsigned offending = 0;
	const char *name;
	char buf[64];
	size_t have, fixed;
	int cut;
	enum ct_dec_status st;

	flags = ct_cur_u8(c);
	type = ct_cur_u8(c);
	mlen = ct_cur_be16(c);
	if (!ct_cur_ok(c))
		return ct_cur_status(c);
	if (flags >> 5 != 1)
		return CT_DEC_MALFORMED;
	*follow = (flags & 0x04) != 0;
	fixed = (flags & 0x01) ? 12 : 4; /* [SEID] + sequence number + spare */
	if (mlen < fixed)
		return CT_DEC_MALFORMED;
	have = ct_cur_left(c);
	cut = mlen > have;
	ct_cur_sub(c, cut ? have : mlen, &m);
	if (flags & 0x01)
		seid = be64(&m);
	seq = ct_cur_be24(&m);
	ct_cur_skip(&m, 1);
	if (!ct_cur_ok(&m))
		return CT_DEC_TRUNCATED;

	name = ct_name_of(pfcp_msgs, type);
	if (!name) {
		snprintf(buf, sizeof(buf), "PFCP message type %u", (unsigned)type);
		name = buf;
	}
	if (first) {
		ct_dissect_set_message(d, name);
		d->procedure = type;
		d->seq = seq;
		/* Table 7.3-1 names each type a request or a response (the
		 * node messages' requests are odd, the session messages' even). */
		d->is_request = name == buf ? -1 : strstr(name, "Request") != NULL;
	}
	add_seid(d, seid);
	st = walk_ies(&m, d, name, cut, &offending);
	if (offending && first) {
		/* The rejection's culprit, in the message's name:
		 * "Session Establishment Response (offending IE 60)". */
		char named[64];
		struct ct_tw w;

		ct_tw_init(&w, named, sizeof(named));
		ct_tw_str(&w, name);
		ct_tw_str(&w, " (offending IE ");
		ct_tw_u64(&w, offending);
		ct_tw_char(&w, ')');
		ct_dissect_set_message(d, named);
	}
	if (st == CT_DEC_OK && cut)
		st = CT_DEC_TRUNCATED;
	return st;
}

enum ct_dec_status
ct_decode_pfcp(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct ct_cur c;
	enum ct_dec_status st;
	int follow = 0;

	d->protocol = "pfcp";
	ct_cur_init(&c, p, len);
	st = decode_message(&c, d, 1, &follow);
	for (int i = 0; st == CT_DEC_OK && follow && i < MAX_FOLLOW_ON; i++) {
		if (ct_cur_left(&c) == 0) /* announced but cut off */
			return CT_DEC_TRUNCATED;
		st = decode_message(&c, d, 0, &follow);
	}
	return st;
}
