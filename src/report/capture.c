/*
 * capture.c — what a signalling capture says, for people (text), scripts
 * (JSON Lines, one object per file) and spreadsheets (CSV), and one
 * subscriber's ladder across interfaces.
 */
#include <stdio.h>
#include <string.h>

#include "celltriage/capture.h"
#include "celltriage/profile.h"
#include "celltriage/report.h"

/* "2019-09-05T10:28:01.123456Z" */
static void
iso_time(char *dst, size_t n, int64_t sec, int32_t usec)
{
	char base[32];

	ct_fmt_time(base, sizeof(base), (long long)sec);
	/* base ends in 'Z': put the microseconds before it. */
	base[strlen(base) - 1] = '\0';
	snprintf(dst, n, "%s.%06dZ", base, (int)usec);
}

/* The profile's branch for a failure, or NULL when it is not an event. */
static const char *
branch_of(const struct ct_profile *p, const struct ct_cap_cause *c)
{
	const struct ct_sigmap *m;

	if (!c->failure)
		return NULL;
	if (!p)
		return "";
	m = ct_profile_sigmap(p, (int)c->family, (int)c->group, (long)c->value, c->message);
	return m ? m->branch : NULL;
}

static json_t *
sub_ref(const struct ct_capture *cap, int sub)
{
	const struct ct_cap_sub *s;
	json_t *o;

	if (sub < 0)
		return json_null();
	s = &cap->subs[sub];
	o = json_object();
	json_object_set_new(o, "id", json_integer(sub + 1));
	if (s->imsi[0])
		json_object_set_new(o, "imsi", ct_json_str(s->imsi));
	if (s->msisdn[0])
		json_object_set_new(o, "msisdn", ct_json_str(s->msisdn));
	if (s->imei[0])
		json_object_set_new(o, "imei", ct_json_str(s->imei));
	return o;
}

static json_t *
cause_json(const struct ct_cap_cause *c, int full)
{
	json_t *o = json_object();
	char t[40], nb[48];

	json_object_set_new(o, "frame", json_integer((json_int_t)c->frame));
	if (full) {
		iso_time(t, sizeof(t), c->sec, c->usec);
		json_object_set_new(o, "time", json_string(t));
		json_object_set_new(o, "protocol", json_string(c->protocol));
		json_object_set_new(o, "message", ct_json_str(c->message));
	}
	json_object_set_new(o, "cause_family", json_string(ct_family_name(c->family)));
	if (c->group != CT_CG_NONE)
		json_object_set_new(o, "cause_group", json_string(ct_cause_group_name(c->group)));
	json_object_set_new(o, "cause", json_integer(c->value));
	json_object_set_new(o, "cause_name",
			    ct_json_str(ct_cause_name(c->family, c->group, c->value, nb, sizeof(nb))));
	if (!full)
		json_object_set_new(o, "failure", json_boolean(c->failure));
	return o;
}

json_t *
ct_capture_to_json(const struct ct_capture *cap, const struct ct_profile *p)
{
	json_t *o = json_object(), *ev = json_array(), *all = json_array(), *subs = json_array();
	json_t *und = json_object(), *sum = json_object();

	json_object_set_new(o, "file", ct_json_str(cap->file));
	json_object_set_new(o, "packets", json_integer((json_int_t)cap->packets));
	json_object_set_new(o, "link_type", json_string(cap->link_type));
	json_object_set_new(o, "messages", json_integer((json_int_t)cap->messages));
	for (size_t i = 0; i < cap->ncauses; i++) {
		const struct ct_cap_cause *c = &cap->causes[i];
		const char *br = branch_of(p, c);

		json_array_append_new(all, cause_json(c, 0));
		if (br) {
			json_t *e = cause_json(c, 1), *fam;
			char v[16], key[48];

			if (*br)
				json_object_set_new(e, "branch", json_string(br));
			json_object_set_new(e, "subscriber", sub_ref(cap, c->sub));
			json_object_set_new(e, "cell", c->cell[0] ? ct_json_str(c->cell) : json_null());
			json_array_append_new(ev, e);
			/* Keyed by family, and by group where the group changes
			 * what a value means (SIP status vs Q.850, Diameter base vs
			 * experimental, the S1AP/NGAP cause groups). */
			if (c->group != CT_CG_NONE)
				snprintf(key, sizeof(key), "%s/%s", ct_family_name(c->family),
					 ct_cause_group_name(c->group));
			else
				snprintf(key, sizeof(key), "%s", ct_family_name(c->family));
			fam = json_object_get(sum, key);
			if (!fam) {
				fam = json_object();
				json_object_set_new(sum, key, fam);
			}
			snprintf(v, sizeof(v), "%u", c->value);
			json_object_set_new(fam, v, json_integer(json_integer_value(json_object_get(fam, v)) + 1));
		}
	}
	json_object_set_new(o, "events", ev);
	json_object_set_new(o, "causes", all);
	for (size_t i = 0; i < cap->nsubs; i++) {
		const struct ct_cap_sub *s = &cap->subs[i];
		json_t *so = sub_ref(cap, (int)i), *ids = json_array();

		for (size_t k = 0; k < s->nids; k++)
			json_array_append_new(ids, ct_json_str(s->ids[k]));
		json_object_set_new(so, "ids", ids);
		json_object_set_new(so, "failures", json_integer(s->failures));
		json_array_append_new(subs, so);
	}
	json_object_set_new(o, "subscribers", subs);
	for (int u = 0; u < CT_UNDEC__COUNT; u++)
		json_object_set_new(und, ct_undec_name((enum ct_undec)u),
				    json_integer((json_int_t)cap->undecoded[u]));
	json_object_set_new(o, "undecoded", und);
	json_object_set_new(o, "summary", sum);
	return o;
}

static const char *
sub_label(const struct ct_capture *cap, int sub, char *buf, size_t n)
{
	const struct ct_cap_sub *s;

	if (sub < 0)
		return "-";
	s = &cap->subs[sub];
	if (s->imsi[0])
		return s->imsi;
	if (s->msisdn[0])
		return s->msisdn;
	snprintf(buf, n, "#%d", sub + 1);
	return buf;
}

size_t
ct_capture_event_count(const struct ct_capture *cap, const struct ct_profile *p)
{
	size_t n = 0;

	for (size_t i = 0; i < cap->ncauses; i++)
		n += branch_of(p, &cap->causes[i]) != NULL;
	return n;
}

void
ct_capture_text(struct ct_buf *b, const struct ct_capture *cap, const struct ct_profile *p)
{
	size_t nev = ct_capture_event_count(cap, p);
	int any = 0;

	ct_buf_printf(b, "%s: %llu packets (%s), %llu signalling messages, %zu failures, %zu subscribers\n",
		      cap->file, (unsigned long long)cap->packets, cap->link_type,
		      (unsigned long long)cap->messages, nev, cap->nsubs);
	for (int u = 0; u < CT_UNDEC__COUNT; u++)
		if (cap->undecoded[u]) {
			ct_buf_printf(b, "%s%s %llu", any ? ", " : "  undecoded: ",
				      ct_undec_name((enum ct_undec)u), (unsigned long long)cap->undecoded[u]);
			any = 1;
		}
	if (any)
		ct_buf_puts(b, "\n");
	if (!nev)
		return;
	ct_buf_printf(b, "  %6s %-15s %-8s %-24s %s\n", "frame", "time", "protocol", "cause", "subscriber");
	for (size_t i = 0; i < cap->ncauses; i++) {
		const struct ct_cap_cause *c = &cap->causes[i];
		char t[40], nb[48], cause[64], sb[16];

		if (!branch_of(p, c))
			continue;
		iso_time(t, sizeof(t), c->sec, c->usec);
		snprintf(cause, sizeof(cause), "%s %u", ct_family_name(c->family), c->value);
		ct_buf_printf(b, "  %6llu %-15.15s %-8.8s %-24.24s %s\n", (unsigned long long)c->frame,
			      t + 11, c->protocol, cause, sub_label(cap, c->sub, sb, sizeof(sb)));
		ct_buf_printf(b, "  %6s %s: %s\n", "", c->message,
			      ct_cause_name(c->family, c->group, c->value, nb, sizeof(nb)));
	}
}

void
ct_capture_csv(struct ct_buf *b, const struct ct_capture *cap, const struct ct_profile *p, int header)
{
	if (header)
		ct_buf_puts(b, "file,frame,time,protocol,message,cause_family,cause_group,cause,cause_name,"
			       "branch,imsi,msisdn,cell\r\n");
	for (size_t i = 0; i < cap->ncauses; i++) {
		const struct ct_cap_cause *c = &cap->causes[i];
		const char *br = branch_of(p, c);
		char t[40], nb[48], v[16];

		if (!br)
			continue;
		iso_time(t, sizeof(t), c->sec, c->usec);
		snprintf(v, sizeof(v), "%u", c->value);
		ct_csv_field(b, cap->file);
		ct_buf_printf(b, ",%llu,%s,", (unsigned long long)c->frame, t);
		ct_csv_field(b, c->protocol);
		ct_buf_puts(b, ",");
		ct_csv_field(b, c->message);
		ct_buf_printf(b, ",%s,%s,%s,", ct_family_name(c->family),
			      c->group ? ct_cause_group_name(c->group) : "", v);
		ct_csv_field(b, ct_cause_name(c->family, c->group, c->value, nb, sizeof(nb)));
		ct_buf_puts(b, ",");
		ct_csv_field(b, br);
		ct_buf_puts(b, ",");
		ct_csv_field(b, c->sub >= 0 ? cap->subs[c->sub].imsi : "");
		ct_buf_puts(b, ",");
		ct_csv_field(b, c->sub >= 0 ? cap->subs[c->sub].msisdn : "");
		ct_buf_puts(b, ",");
		ct_csv_field(b, c->cell);
		ct_buf_puts(b, "\r\n");
	}
}

void
ct_ladder_text(struct ct_buf *b, const struct ct_capture *cap, int sub)
{
	char sb[16];

	ct_buf_printf(b, "%s: subscriber %s\n", cap->file, sub_label(cap, sub, sb, sizeof(sb)));
	for (size_t i = 0; i < cap->nmsgs; i++) {
		const struct ct_cap_msg *m = &cap->msgs[i];
		char t[40], nb[48];

		if (m->sub != sub)
			continue;
		iso_time(t, sizeof(t), m->sec, m->usec);
		ct_buf_printf(b, "  %s %6llu %-8s %s -> %s\n", t + 11, (unsigned long long)m->frame,
			      m->protocol, m->src, m->dst);
		ct_buf_printf(b, "  %15s %6s %s", "", "", m->message);
		for (int k = m->ncause; k >= 0 && k < m->ncause + m->nc && (size_t)k < cap->ncauses; k++) {
			const struct ct_cap_cause *c = &cap->causes[k];

			ct_buf_printf(b, " [%s %u %s%s]", ct_family_name(c->family), c->value,
				      ct_cause_name(c->family, c->group, c->value, nb, sizeof(nb)),
				      c->failure ? ", failure" : "");
		}
		ct_buf_puts(b, "\n");
	}
}

json_t *
ct_ladder_to_json(const struct ct_capture *cap, int sub)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "file", ct_json_str(cap->file));
	json_object_set_new(o, "subscriber", sub_ref(cap, sub));
	for (size_t i = 0; i < cap->nmsgs; i++) {
		const struct ct_cap_msg *m = &cap->msgs[i];
		json_t *e, *cs;
		char t[40];

		if (m->sub != sub)
			continue;
		cs = json_array(); /* after the check: a skipped message made none */
		iso_time(t, sizeof(t), m->sec, m->usec);
		e = json_object();
		json_object_set_new(e, "frame", json_integer((json_int_t)m->frame));
		json_object_set_new(e, "time", json_string(t));
		json_object_set_new(e, "protocol", json_string(m->protocol));
		json_object_set_new(e, "src", json_string(m->src));
		json_object_set_new(e, "dst", json_string(m->dst));
		json_object_set_new(e, "message", ct_json_str(m->message));
		for (int k = m->ncause; k >= 0 && k < m->ncause + m->nc && (size_t)k < cap->ncauses; k++)
			json_array_append_new(cs, cause_json(&cap->causes[k], 0));
		json_object_set_new(e, "causes", cs);
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "ladder", a);
	return o;
}
