/*
 * evidence.c — joins evidence files to a complaint (evidence.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/evidence.h"

static int
same_number(const char *a, const char *b)
{
	/* MSISDNs come with and without the country code: compare the last
	 * 11 digits when both are long enough (the national number). */
	size_t la = strlen(a), lb = strlen(b), n = 11;

	if (!la || !lb)
		return 0;
	if (la < n || lb < n)
		return strcmp(a, b) == 0;
	return strcmp(a + la - n, b + lb - n) == 0;
}

size_t
ct_evidence_add_capture(struct ct_complaint *c, const struct ct_capture *cap)
{
	int sub = -1;
	size_t added = 0;

	for (size_t i = 0; i < cap->nsubs && sub < 0; i++) {
		const struct ct_cap_sub *s = &cap->subs[i];

		if ((c->imsi && s->imsi[0] && strcmp(c->imsi, s->imsi) == 0) ||
		    (c->msisdn && s->msisdn[0] && same_number(c->msisdn, s->msisdn)))
			sub = (int)i;
	}
	c->has_sig = 1;
	if (sub < 0 && cap->nsubs > 1 && !cap->phone_side)
		return 0;
	for (size_t i = 0; i < cap->ncauses; i++) {
		const struct ct_cap_cause *k = &cap->causes[i];
		struct ct_sigcause *s;
		char src[512];

		if (!k->failure || (sub >= 0 && !cap->phone_side && k->sub != sub))
			continue;
		c->sig = ct_xgrow(c->sig, c->nsig + 1, &c->capsig, sizeof(*c->sig));
		s = &c->sig[c->nsig++];
		s->family = (int)k->family;
		s->group = (int)k->group;
		s->cause = (long)k->value;
		snprintf(src, sizeof(src), "%s frame %llu", cap->file, (unsigned long long)k->frame);
		s->source = ct_xstrdup(src);
		s->message = ct_xstrdup(k->message);
		added++;
	}
	return added;
}

enum ct_evkind
ct_evidence_sniff(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return CT_EV_UNKNOWN;
	n = fread(m, 1, sizeof(m), f);
	fclose(f);
	if (n < 4)
		return CT_EV_UNKNOWN;
	/* pcap magic in either byte order, micro- (a1b2c3d4) or nanosecond
	 * (a1b23c4d) timestamps, and the pcapng Section Header Block type. */
	if ((m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0xc3 && m[3] == 0xd4) ||
	    (m[0] == 0xd4 && m[1] == 0xc3 && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0x3c && m[3] == 0x4d) ||
	    (m[0] == 0x4d && m[1] == 0x3c && m[2] == 0xb2 && m[3] == 0xa1) ||
	    (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a))
		return CT_EV_CAPTURE;
	return CT_EV_UNKNOWN;
}

/* --- OMC exports -------------------------------------------------------- */

const struct ct_valsrc *
ct_complaint_valsrc(const struct ct_complaint *c, const char *field)
{
	for (size_t i = c->nvsrc; i-- > 0;)
		if (!strcmp(c->vsrc[i].field, field))
			return &c->vsrc[i];
	return NULL;
}

/* Records (or replaces) the file source of a field; typed is what the
 * complaint said before the file's value went in (NULL: nothing). The first
 * typed value is kept when a second file replaces the first. */
static void
set_src(struct ct_complaint *c, const char *field, const char *source, const char *typed)
{
	struct ct_valsrc *v = (struct ct_valsrc *)ct_complaint_valsrc(c, field);

	if (!v) {
		c->vsrc = ct_xgrow(c->vsrc, c->nvsrc + 1, &c->capvsrc, sizeof(*c->vsrc));
		v = &c->vsrc[c->nvsrc++];
		v->field = ct_xstrdup(field);
		v->source = NULL;
		v->typed = typed ? ct_xstrdup(typed) : NULL;
	}
	free(v->source);
	v->source = ct_xstrdup(source);
}

static const char *
tri_text(enum ct_tri t)
{
	return t == CT_YES ? "true" : t == CT_NO ? "false" : NULL;
}

/* Whether an object's period holds the complaint's time (or there is no time). */
static int
in_period(const struct ct_complaint *c, const struct ct_omc_object *ob)
{
	if (!c->has_received)
		return 1;
	if (!ob->has_end)
		return 0;
	/* (end - granularity, end]; an unknown granularity: the end itself */
	return c->received_epoch <= ob->end && c->received_epoch > ob->end - ob->granularity_s -
	       (ob->granularity_s > 0 ? 0 : 1);
}

static int
alarm_active(const struct ct_complaint *c, const struct ct_omc_alarm *a)
{
	if (!c->has_received)
		return !a->has_cleared;
	if (a->has_raised && a->raised > c->received_epoch)
		return 0;
	return !a->has_cleared || a->cleared >= c->received_epoch;
}

/* A number field from a file: the file's value decides; a second file only
 * raises it (the worst value counts). */
static int
fill_num(struct ct_complaint *c, struct ct_num *n, const char *field, const struct ct_omc_kpi *k)
{
	const struct ct_valsrc *prev = ct_complaint_valsrc(c, field);
	char typed[32];

	if (!k)
		return 0;
	if (prev && n->has && n->v >= k->v)
		return 0;
	if (!prev && n->has)
		ct_fmt_num(typed, sizeof(typed), n->v);
	set_src(c, field, k->source, !prev && n->has ? typed : NULL);
	n->has = 1;
	n->v = k->v;
	return 1;
}

static const struct ct_omc_kpi *
worse(const struct ct_omc_kpi *best, const struct ct_omc_kpi *k)
{
	if (!k->has)
		return best;
	return !best || k->v > best->v ? k : best;
}

size_t
ct_evidence_add_omc(struct ct_complaint *c, const struct ct_omc *omc)
{
	const struct ct_omc_kpi *busy_yes = NULL, *busy_no = NULL, *intf = NULL, *pkt = NULL,
		*gw = NULL;
	const char **matched = NULL;
	double busy_limit = 0;
	size_t nmatched = 0, filled = 0;
	struct ct_strlist found = { NULL, 0, 0 };
	struct ct_buf src = CT_BUF_INIT;

	if (!c->cell || !*c->cell)
		return 0;
	matched = ct_xcalloc(omc->nobjs + 1, sizeof(*matched));
	for (size_t i = 0; i < omc->nobjs; i++) {
		const struct ct_omc_object *ob = &omc->objs[i];
		const struct ct_omc_kpis *k = &ob->kpi;

		if (!ct_omc_dn_is_cell(ob->dn, c->cell) || !in_period(c, ob))
			continue;
		matched[nmatched++] = ob->dn;
		/* Remember the cell's full name for alarm files read later. */
		if (!ct_complaint_valsrc(c, "location.cell_dn") && strchr(ob->dn, ','))
			set_src(c, "location.cell_dn", ob->dn, NULL);
		if (k->busy >= 0)
			busy_limit = k->busy_pct;
		if (k->busy == 1)
			busy_yes = worse(busy_yes, &k->prb_use_pct);
		else if (k->busy == 0)
			busy_no = worse(busy_no, &k->prb_use_pct);
		intf = worse(intf, &k->ul_interference_dbm);
		pkt = worse(pkt, &k->packet_load_pct);
		gw = worse(gw, &k->gateway_load_pct);
	}
	if (busy_yes || busy_no) {
		const struct ct_omc_kpi *k = busy_yes ? busy_yes : busy_no;
		const struct ct_valsrc *prev = ct_complaint_valsrc(c, "omc.cell_busy");
		enum ct_tri t = busy_yes ? CT_YES : CT_NO;
		double lim = busy_limit;
		char v[32], l[32];
		struct ct_buf s = CT_BUF_INIT;

		ct_fmt_num(v, sizeof(v), k->v);
		ct_fmt_num(l, sizeof(l), lim);
		ct_buf_printf(&s, "%s: PRB use %s%% %s the %s%% limit", k->source, v,
			      t == CT_YES ? "above" : "within", l);
		/* A file that shows the cell busy outweighs one that does not. */
		if (!prev || t == CT_YES || c->omc.cell_busy != CT_YES) {
			set_src(c, "omc.cell_busy", ct_buf_str(&s), prev ? NULL : tri_text(c->omc.cell_busy));
			c->omc.cell_busy = t;
			filled++;
		}
		ct_buf_free(&s);
	}
	filled += (size_t)fill_num(c, &c->meas.interference_dbm, "measurements.interference_dbm", intf);
	filled += (size_t)fill_num(c, &c->omc.packet_resource_load_pct, "omc.packet_resource_load_pct", pkt);
	filled += (size_t)fill_num(c, &c->omc.gateway_load_pct, "omc.gateway_load_pct", gw);

	/* Alarms on the cell, or on its site / node (an ancestor of its DN). */
	for (size_t i = 0; i < omc->nalarms; i++) {
		const struct ct_omc_alarm *a = &omc->alarms[i];
		int on = ct_omc_dn_is_cell(a->object, c->cell);
		struct ct_buf t = CT_BUF_INIT;

		const struct ct_valsrc *dn = ct_complaint_valsrc(c, "location.cell_dn");

		for (size_t m = 0; !on && m < nmatched; m++)
			on = ct_omc_dn_within(matched[m], a->object);
		if (!on)
			on = ct_omc_dn_within(c->cell, a->object) ||
			     (dn && ct_omc_dn_within(dn->source, a->object));
		if (!on || !alarm_active(c, a))
			continue;
		ct_buf_printf(&t, "%s on %s", a->name, a->object);
		found.v = ct_xrealloc(found.v, (found.n + 1) * sizeof(char *));
		found.v[found.n++] = ct_buf_detach(&t);
		ct_buf_printf(&src, "%s%s", src.len ? ", " : "", a->object);
	}
	if (found.n || (omc->nalarms && !ct_complaint_valsrc(c, "omc.alarms"))) {
		const struct ct_valsrc *prev = ct_complaint_valsrc(c, "omc.alarms");
		struct ct_buf s = CT_BUF_INIT, typed = CT_BUF_INIT;

		if (found.n)
			ct_buf_printf(&s, "%s: alarm list, object%s %s", omc->file, found.n == 1 ? "" : "s",
				      ct_buf_str(&src));
		else
			ct_buf_printf(&s, "%s: alarm list, no active alarm on %s", omc->file, c->cell);
		if (!prev && c->omc.alarms.has) {
			for (size_t i = 0; i < c->omc.alarms.n; i++)
				ct_buf_printf(&typed, "%s%s", i ? ", " : "", c->omc.alarms.v[i]);
			ct_buf_puts(&typed, "");
		}
		if (!prev) {
			/* the file's list replaces what was typed */
			set_src(c, "omc.alarms", ct_buf_str(&s), c->omc.alarms.has ? ct_buf_str(&typed) : NULL);
			for (size_t i = 0; i < c->omc.alarms.n; i++)
				free(c->omc.alarms.v[i]);
			c->omc.alarms.n = 0;
		} else {
			/* a second alarm file adds its alarms to the first's */
			struct ct_buf both = CT_BUF_INIT;

			ct_buf_printf(&both, "%s; %s", prev->source, ct_buf_str(&s));
			set_src(c, "omc.alarms", ct_buf_str(&both), NULL);
			ct_buf_free(&both);
		}
		c->omc.alarms.has = 1;
		for (size_t i = 0; i < found.n; i++) {
			c->omc.alarms.v = ct_xrealloc(c->omc.alarms.v, (c->omc.alarms.n + 1) * sizeof(char *));
			c->omc.alarms.v[c->omc.alarms.n++] = found.v[i];
			found.v[i] = NULL;
		}
		filled++;
		ct_buf_free(&s);
		ct_buf_free(&typed);
	}
	for (size_t i = 0; i < found.n; i++)
		free(found.v[i]);
	free(found.v);
	ct_buf_free(&src);
	free(matched);
	return filled;
}

enum ct_evkind
ct_evidence_sniff_omc(const char *path, const struct ct_omc_profile *map)
{
	char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return CT_EV_UNKNOWN;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return ct_omc_sniff(buf, n, map) != CT_OMC_UNKNOWN ? CT_EV_OMC : CT_EV_UNKNOWN;
}
