/*
 * capture_causes.c — what each decoded message leaves in a capture
 * (capture.h): the message and undecoded counts, the message on the
 * subscriber ladder (CT_CAP_KEEP_MESSAGES), and its causes, kept in
 * cap->causes or, with CT_CAP_SPILL, written in a compact form to a
 * temporary file during the pass and read back in file order
 * (ct_capture_next_cause).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_int.h"

#define SPILL_BUF (1 << 16) /* stdio buffer of the temporary file of causes */

/*
 * A spilled cause (CT_CAP_SPILL): this header, then the message and the
 * cell without their NULs. The file is read back by the same process, so
 * the protocol's static name is kept as its pointer.
 */
struct spill_rec {
	uint64_t frame;
	int64_t sec;
	const char *protocol;
	int32_t usec;
	uint32_t value;
	int32_t node;
	uint8_t family, group, failure, msglen, celllen;
};

/* Reading the spill back: blocks of SPILL_BUF, records taken from them
 * (three fread calls per record were a quarter of writing the JSON). */
struct ct_cap_spill_reader {
	unsigned char buf[SPILL_BUF];
	size_t pos, len;
};

int
ct_cap_spill_open(struct ct_capture *cap)
{
	cap->spill = tmpfile();
	if (!cap->spill)
		return -1;
	cap->spillbuf = ct_xmalloc(SPILL_BUF);
	setvbuf(cap->spill, cap->spillbuf, _IOFBF, SPILL_BUF);
	cap->spillrd = ct_xmalloc(sizeof(struct ct_cap_spill_reader));
	return 0;
}

void
ct_cap_spill_cause(struct ct_capture *cap, const struct ct_cap_cause *c, size_t msglen,
		   size_t celllen)
{
	struct spill_rec r;

	memset(&r, 0, sizeof(r));
	r.frame = c->frame;
	r.sec = c->sec;
	r.protocol = c->protocol;
	r.usec = c->usec;
	r.value = c->value;
	r.node = c->node;
	r.family = (uint8_t)c->family;
	r.group = (uint8_t)c->group;
	r.failure = (uint8_t)(c->failure != 0);
	r.msglen = (uint8_t)msglen;
	r.celllen = (uint8_t)celllen;
	fwrite(&r, sizeof(r), 1, cap->spill);
	fwrite(c->message, 1, msglen, cap->spill);
	fwrite(c->cell, 1, celllen, cap->spill);
}

/* Copies a NUL-terminated string into a fixed field (truncating). */
static size_t
copy_field(char *dst, size_t n, const char *src)
{
	size_t l = strlen(src);

	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = '\0';
	return l;
}

void
ct_cap_record(struct ct_cap_pkt *k, enum ct_dec_status st)
{
	struct ct_capture *cap = k->cap;
	const char *cell = "";
	int node, keep;

	cap->messages++;
	switch (st) {
	case CT_DEC_OK: break;
	case CT_DEC_TRUNCATED: cap->undecoded[CT_UNDEC_TRUNCATED]++; break;
	case CT_DEC_MALFORMED: cap->undecoded[CT_UNDEC_MALFORMED]++; break;
	case CT_DEC_UNSUPPORTED: cap->undecoded[CT_UNDEC_UNSUPPORTED]++; break;
	case CT_DEC_CIPHERED: cap->undecoded[CT_UNDEC_CIPHERED]++; break;
	case CT_DEC_NOT_REASSEMBLED: cap->undecoded[CT_UNDEC_NOT_REASSEMBLED]++; break;
	}
	if (k->d.ciphered && st != CT_DEC_CIPHERED)
		cap->undecoded[CT_UNDEC_CIPHERED]++;
	node = ct_cap_link_ids(k);
	for (unsigned i = 0; i < k->d.nids; i++)
		if (k->d.ids[i].kind == CT_ID_CELL)
			cell = k->d.ids[i].value;
	keep = !cap->want || (node >= 0 && (size_t)node < cap->nwant && cap->want[node]);
	if ((k->flags & CT_CAP_KEEP_MESSAGES) && keep) {
		struct ct_cap_msg *m;
		char a[40]; /* the longest: IPv6 in full, 8 x 4 hex digits and 7 colons */

		cap->msgs = ct_xgrow(cap->msgs, cap->nmsgs + 1, &cap->capmsgs, sizeof(*cap->msgs));
		m = &cap->msgs[cap->nmsgs++];
		m->frame = k->frame;
		m->sec = k->sec;
		m->usec = k->usec;
		m->protocol = k->d.protocol ? k->d.protocol : "";
		copy_field(m->message, sizeof(m->message), k->d.message);
		ct_cap_addr_text(a, sizeof(a), k->src.a, k->src.len);
		snprintf(m->src, sizeof(m->src), "%s:%hu", a, (unsigned short)k->sport);
		ct_cap_addr_text(a, sizeof(a), k->dst.a, k->dst.len);
		snprintf(m->dst, sizeof(m->dst), "%s:%hu", a, (unsigned short)k->dport);
		m->ncause = k->d.ncauses ? (int)cap->ncauses : -1;
		m->nc = (int)k->d.ncauses;
		m->node = node;
		m->sub = -1;
	}
	for (unsigned i = 0; i < k->d.ncauses; i++) {
		const struct ct_cause *dc = &k->d.causes[i];
		struct ct_cap_cause tmp, *c = &tmp;
		size_t ml, cl;

		if (((k->flags & CT_CAP_FAILURES_ONLY) && !dc->failure) || !keep)
			continue;
		if (!cap->spill) {
			cap->causes = ct_xgrow(cap->causes, cap->ncauses + 1, &cap->capcauses,
					       sizeof(*cap->causes));
			c = &cap->causes[cap->ncauses];
		}
		cap->ncauses++;
		c->frame = k->frame;
		c->sec = k->sec;
		c->usec = k->usec;
		c->protocol = k->d.protocol ? k->d.protocol : "";
		ml = copy_field(c->message, sizeof(c->message), dc->message[0] ? dc->message : k->d.message);
		c->family = dc->family;
		c->group = dc->group;
		c->value = dc->value;
		c->failure = dc->failure;
		c->node = node;
		c->sub = -1;
		cl = copy_field(c->cell, sizeof(c->cell), cell);
		if (cap->spill)
			ct_cap_spill_cause(cap, c, ml, cl);
	}
}

/* The next n bytes of the spill, NULL at its end or on a read error. */
static const unsigned char *
spill_take(FILE *f, struct ct_cap_spill_reader *rd, size_t n)
{
	const unsigned char *p;

	if (rd->len - rd->pos < n) {
		memmove(rd->buf, rd->buf + rd->pos, rd->len - rd->pos);
		rd->len -= rd->pos;
		rd->pos = 0;
		rd->len += fread(rd->buf + rd->len, 1, sizeof(rd->buf) - rd->len, f);
		if (rd->len < n)
			return NULL;
	}
	p = rd->buf + rd->pos;
	rd->pos += n;
	return p;
}

int
ct_capture_next_cause(const struct ct_capture *cap, size_t *it, struct ct_cap_cause *c)
{
	struct ct_cap_spill_reader *rd = cap->spillrd;
	const unsigned char *p;
	struct spill_rec r;

	if (*it >= cap->ncauses)
		return 0;
	if (!cap->spill) {
		*c = cap->causes[(*it)++];
		return 1;
	}
	if (*it == 0) {
		if (fflush(cap->spill) != 0 || fseek(cap->spill, 0, SEEK_SET) != 0)
			return 0;
		rd->pos = rd->len = 0;
	}
	if (!(p = spill_take(cap->spill, rd, sizeof(r))))
		return 0;
	memcpy(&r, p, sizeof(r));
	if (r.msglen >= sizeof(c->message) || r.celllen >= sizeof(c->cell) ||
	    !(p = spill_take(cap->spill, rd, (size_t)r.msglen + r.celllen)))
		return 0;
	memcpy(c->message, p, r.msglen);
	memcpy(c->cell, p + r.msglen, r.celllen);
	c->message[r.msglen] = '\0';
	c->cell[r.celllen] = '\0';
	c->frame = r.frame;
	c->sec = r.sec;
	c->usec = r.usec;
	c->protocol = r.protocol;
	c->family = (enum ct_family)r.family;
	c->group = (enum ct_cause_group)r.group;
	c->value = r.value;
	c->failure = r.failure;
	c->node = r.node;
	c->sub = r.node >= 0 && cap->sub_of ? cap->sub_of[r.node] : -1;
	(*it)++;
	return 1;
}
