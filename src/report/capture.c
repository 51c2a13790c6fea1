/*
 * capture.c — what a signalling capture says, for people (text), scripts
 * (JSON Lines, one object per file) and spreadsheets (CSV), and one
 * subscriber's ladder across interfaces.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/capture.h"
#include "celltriage/profile.h"
#include "celltriage/report.h"

/* "2019-09-05T18:28:01.123456+08:00" */
static void
iso_time(char *dst, size_t n, int64_t sec, int32_t usec)
{
	char base[CT_TIME_LEN];

	ct_fmt_time(base, sizeof(base), (long long)sec);
	snprintf(dst, n, "%.*s.%06d%s", CT_TIME_BASE_LEN, base, (int)usec, base + CT_TIME_BASE_LEN);
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

/*
 * The jansson form of the JSON object: the reference the streamed writer
 * (ct_capture_write_json, below) is checked against (fuzz_capture.c), and
 * for callers that want a tree. It holds the whole file's causes.
 */
json_t *
ct_capture_to_json(const struct ct_capture *cap, const struct ct_profile *p)
{
	json_t *o = json_object(), *ev = json_array(), *all = json_array(), *subs = json_array();
	json_t *und = json_object(), *sum = json_object();

	json_object_set_new(o, "file", ct_json_str(cap->file));
	json_object_set_new(o, "packets", json_integer((json_int_t)cap->packets));
	json_object_set_new(o, "link_type", json_string(cap->link_type));
	json_object_set_new(o, "messages", json_integer((json_int_t)cap->messages));
	struct ct_cap_cause cc, *c = &cc;
	size_t it = 0;

	while (ct_capture_next_cause(cap, &it, &cc)) {
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
	struct ct_cap_cause c;
	size_t n = 0, it = 0;

	while (ct_capture_next_cause(cap, &it, &c))
		n += branch_of(p, &c) != NULL;
	return n;
}

/* ---- streamed outputs ------------------------------------------------- */

/*
 * The writers below produce, byte for byte, what json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) of ct_capture_to_json() and the former ct_buf
 * renderers produced, but as they go: a row is put together in a small
 * buffer with memcpy and handed to stdio in chunks, so nothing grows with
 * the file but the summary counts (bounded by the distinct causes).
 */
struct wr {
	FILE *f;
	char b[4096];
	size_t n;
	int64_t tsec;             /* the second tday is for, when thave */
	int thave;
	char tday[48];            /* "2026-11-20T09:15:00" */
	char tzone[32];           /* its offset: "+08:00", "Z" */
	struct {                  /* cause names by (family, group, value) */
		uint32_t value;
		unsigned char fam, grp, used;
		const char *name;     /* a table's string, or buf */
		char buf[48];         /* the "unknown" fallback text */
	} names[256];
};

static void
wr_init(struct wr *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

static void
wr_flush(struct wr *w)
{
	if (w->n)
		fwrite(w->b, 1, w->n, w->f);
	w->n = 0;
}

static void
wr_mem(struct wr *w, const char *s, size_t n)
{
	if (w->n + n > sizeof(w->b)) {
		wr_flush(w);
		if (n > sizeof(w->b)) {
			fwrite(s, 1, n, w->f);
			return;
		}
	}
	memcpy(w->b + w->n, s, n);
	w->n += n;
}

static void wr_str(struct wr *w, const char *s) { wr_mem(w, s, strlen(s)); }

static void
wr_u64(struct wr *w, uint64_t v)
{
	char d[24];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	wr_mem(w, d + i, sizeof(d) - i);
}

/* A JSON string as ct_json_str + jansson write it: invalid UTF-8 bytes
 * become U+FFFD, '"' and '\\' and control characters are escaped (\b \f
 * \n \r \t, else \u00XX in upper case); '/', DEL and non-ASCII stay as
 * they are (RFC 8259 §7). */
static void
wr_json_str(struct wr *w, const char *str)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;

	/* the common case, printable ASCII without quote or backslash (every
	 * name from our tables): as it is */
	while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
		i++;
	if (i == n) {
		wr_mem(w, "\"", 1);
		wr_mem(w, str, n);
		wr_mem(w, "\"", 1);
		return;
	}
	i = 0;
	wr_mem(w, "\"", 1);
	while (i < n) {
		size_t k = ct_utf8_len(s + i, n - i);
		unsigned c = s[i];

		if (w->n + 8 > sizeof(w->b))
			wr_flush(w);
		if (k == 0) {
			memcpy(w->b + w->n, "\xef\xbf\xbd", 3);
			w->n += 3;
			i++;
			continue;
		}
		if (k > 1 || (c >= 0x20 && c != '"' && c != '\\')) {
			memcpy(w->b + w->n, s + i, k);
			w->n += k;
			i += k;
			continue;
		}
		w->b[w->n++] = '\\';
		switch (c) {
		case '"': w->b[w->n++] = '"'; break;
		case '\\': w->b[w->n++] = '\\'; break;
		case '\b': w->b[w->n++] = 'b'; break;
		case '\f': w->b[w->n++] = 'f'; break;
		case '\n': w->b[w->n++] = 'n'; break;
		case '\r': w->b[w->n++] = 'r'; break;
		case '\t': w->b[w->n++] = 't'; break;
		default:
			memcpy(w->b + w->n, "u00", 3);
			w->n += 3;
			w->b[w->n++] = hex[c >> 4];
			w->b[w->n++] = hex[c & 15];
			break;
		}
		i++;
	}
	wr_mem(w, "\"", 1);
}

/* A CSV field (RFC 4180), as ct_csv_field writes it. */
static void
wr_csv(struct wr *w, const char *s)
{
	const char *guard = ct_csv_guarded(s) ? "'" : "";

	if (!strpbrk(s, ",\"\r\n")) {
		wr_str(w, guard);
		wr_str(w, s);
		return;
	}
	wr_mem(w, "\"", 1);
	wr_str(w, guard);
	for (const char *q = s; *q; q++) {
		if (*q == '"')
			wr_mem(w, "\"\"", 2);
		else
			wr_mem(w, q, 1);
	}
	wr_mem(w, "\"", 1);
}

/* "2019-09-05T18:28:01.123456+08:00"; the date part and the offset are
 * made once a second. */
static void
wr_time(struct wr *w, int64_t sec, int32_t usec)
{
	char u[7];
	uint32_t v = usec >= 0 && usec < 1000000 ? (uint32_t)usec : 0;

	if (!w->thave || sec != w->tsec || usec < 0 || usec >= 1000000) {
		char t[48];

		if (usec < 0 || usec >= 1000000) {
			/* not a microsecond count: as snprintf("%06d") writes it */
			iso_time(t, sizeof(t), sec, usec);
			wr_str(w, t);
			return;
		}
		ct_fmt_time(t, sizeof(t), (long long)sec);
		snprintf(w->tday, sizeof(w->tday), "%.*s", CT_TIME_BASE_LEN, t);
		snprintf(w->tzone, sizeof(w->tzone), "%s", t + CT_TIME_BASE_LEN);
		w->tsec = sec;
		w->thave = 1;
	}
	wr_str(w, w->tday);
	u[0] = '.';
	for (int i = 6; i >= 1; i--, v /= 10)
		u[i] = (char)('0' + v % 10);
	wr_mem(w, u, 7);
	wr_str(w, w->tzone);
}

static const char *
wr_cause_name(struct wr *w, const struct ct_cap_cause *c)
{
	unsigned h = (c->value * 2654435761u ^ (unsigned)c->family * 31u ^ (unsigned)c->group) & 255u;

	if (!w->names[h].used || w->names[h].value != c->value || w->names[h].fam != c->family ||
	    w->names[h].grp != c->group) {
		const char *nm = ct_cause_name(c->family, c->group, c->value, w->names[h].buf,
					       sizeof(w->names[h].buf));

		w->names[h].name = nm;
		w->names[h].value = c->value;
		w->names[h].fam = (unsigned char)c->family;
		w->names[h].grp = (unsigned char)c->group;
		w->names[h].used = 1;
	}
	return w->names[h].name;
}

static int
wr_end(struct wr *w)
{
	wr_flush(w);
	return ferror(w->f) ? -1 : 0;
}

/*
 * The summary: event counts by family (or family/group) and value, each
 * level in order of first appearance, as jansson keeps insertion order.
 * Bounded by the distinct causes, not by the events.
 */
struct sum_ent {
	uint32_t value;
	unsigned char fam, grp;
	uint64_t count;
	int next;                 /* the next value of the same key, -1 last */
};

struct summary {
	int head[CT_FAM__COUNT][CT_CG__COUNT], tail[CT_FAM__COUNT][CT_CG__COUNT]; /* -1 none */
	int order[CT_FAM__COUNT * CT_CG__COUNT];  /* keys as fam * CT_CG__COUNT + grp */
	int nkeys;
	struct sum_ent *e;
	size_t n, cap;
	int *tab;                 /* open addressing over e, -1 empty */
	size_t tabcap;
};

static void
sum_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
	memset(s->head, 0xff, sizeof(s->head));
	memset(s->tail, 0xff, sizeof(s->tail));
}

static size_t
sum_hash(unsigned fam, unsigned grp, uint32_t v, size_t cap)
{
	return ((v * 2654435761u) ^ (fam << 3 | grp) * 40503u) & (cap - 1);
}

static void
sum_add(struct summary *s, const struct ct_cap_cause *c)
{
	unsigned fam = (unsigned)c->family, grp = (unsigned)c->group;
	size_t h;
	int i;

	if (fam >= CT_FAM__COUNT || grp >= CT_CG__COUNT)
		return; /* not produced by the decoders */
	if ((s->n + 1) * 2 > s->tabcap) {
		s->tabcap = s->tabcap ? s->tabcap * 2 : 64;
		free(s->tab);
		s->tab = ct_xmalloc(s->tabcap * sizeof(*s->tab));
		memset(s->tab, 0xff, s->tabcap * sizeof(*s->tab));
		for (size_t k = 0; k < s->n; k++) {
			for (h = sum_hash(s->e[k].fam, s->e[k].grp, s->e[k].value, s->tabcap);
			     s->tab[h] >= 0; h = (h + 1) & (s->tabcap - 1))
				;
			s->tab[h] = (int)k;
		}
	}
	for (h = sum_hash(fam, grp, c->value, s->tabcap); (i = s->tab[h]) >= 0;
	     h = (h + 1) & (s->tabcap - 1))
		if (s->e[i].value == c->value && s->e[i].fam == fam && s->e[i].grp == grp) {
			s->e[i].count++;
			return;
		}
	s->e = ct_xgrow(s->e, s->n + 1, &s->cap, sizeof(*s->e));
	i = (int)s->n++;
	s->e[i].value = c->value;
	s->e[i].fam = (unsigned char)fam;
	s->e[i].grp = (unsigned char)grp;
	s->e[i].count = 1;
	s->e[i].next = -1;
	s->tab[h] = i;
	if (s->head[fam][grp] < 0) {
		s->head[fam][grp] = i;
		s->order[s->nkeys++] = (int)(fam * CT_CG__COUNT + grp);
	} else {
		s->e[s->tail[fam][grp]].next = i;
	}
	s->tail[fam][grp] = i;
}

static void
sum_write(struct wr *w, const struct summary *s)
{
	wr_str(w, "{");
	for (int k = 0; k < s->nkeys; k++) {
		unsigned fam = (unsigned)s->order[k] / CT_CG__COUNT, grp = (unsigned)s->order[k] % CT_CG__COUNT;

		wr_str(w, k ? ",\"" : "\"");
		wr_str(w, ct_family_name((enum ct_family)fam));
		if (grp != CT_CG_NONE) {
			wr_str(w, "/");
			wr_str(w, ct_cause_group_name((enum ct_cause_group)grp));
		}
		wr_str(w, "\":{");
		for (int i = s->head[fam][grp]; i >= 0; i = s->e[i].next) {
			wr_str(w, i == s->head[fam][grp] ? "\"" : ",\"");
			wr_u64(w, s->e[i].value);
			wr_str(w, "\":");
			wr_u64(w, s->e[i].count);
		}
		wr_str(w, "}");
	}
	wr_str(w, "}");
}

static void
sum_free(struct summary *s)
{
	free(s->e);
	free(s->tab);
}

/* {"id":1,"imsi":"..."...} without the closing brace. */
static void
wr_sub_open(struct wr *w, const struct ct_capture *cap, int sub)
{
	const struct ct_cap_sub *s = &cap->subs[sub];

	wr_str(w, "{\"id\":");
	wr_u64(w, (uint64_t)sub + 1);
	if (s->imsi[0]) {
		wr_str(w, ",\"imsi\":");
		wr_json_str(w, s->imsi);
	}
	if (s->msisdn[0]) {
		wr_str(w, ",\"msisdn\":");
		wr_json_str(w, s->msisdn);
	}
	if (s->imei[0]) {
		wr_str(w, ",\"imei\":");
		wr_json_str(w, s->imei);
	}
}

/* The fields cause_json() makes: full for an event, else the causes list. */
static void
wr_cause(struct wr *w, const struct ct_cap_cause *c, int full)
{
	wr_str(w, "{\"frame\":");
	wr_u64(w, c->frame);
	if (full) {
		wr_str(w, ",\"time\":\"");
		wr_time(w, c->sec, c->usec);
		wr_str(w, "\",\"protocol\":");
		wr_json_str(w, c->protocol);
		wr_str(w, ",\"message\":");
		wr_json_str(w, c->message);
	}
	wr_str(w, ",\"cause_family\":\"");
	wr_str(w, ct_family_name(c->family));
	if (c->group != CT_CG_NONE) {
		wr_str(w, "\",\"cause_group\":\"");
		wr_str(w, ct_cause_group_name(c->group));
	}
	wr_str(w, "\",\"cause\":");
	wr_u64(w, c->value);
	wr_str(w, ",\"cause_name\":");
	wr_json_str(w, wr_cause_name(w, c));
	if (!full)
		wr_str(w, c->failure ? ",\"failure\":true" : ",\"failure\":false");
}

int
ct_capture_write_json(FILE *f, const struct ct_capture *cap, const struct ct_profile *p)
{
	struct wr *w = ct_xmalloc(sizeof(*w));
	struct summary sum;
	struct ct_cap_cause c;
	size_t it = 0;
	int first = 1, rc;

	wr_init(w, f);
	sum_init(&sum);
	wr_str(w, "{\"file\":");
	wr_json_str(w, cap->file);
	wr_str(w, ",\"packets\":");
	wr_u64(w, cap->packets);
	wr_str(w, ",\"link_type\":");
	wr_json_str(w, cap->link_type);
	wr_str(w, ",\"messages\":");
	wr_u64(w, cap->messages);
	wr_str(w, ",\"events\":[");
	while (ct_capture_next_cause(cap, &it, &c)) {
		const char *br = branch_of(p, &c);

		if (!br)
			continue;
		if (!first)
			wr_str(w, ",");
		first = 0;
		wr_cause(w, &c, 1);
		if (*br) {
			wr_str(w, ",\"branch\":");
			wr_json_str(w, br);
		}
		wr_str(w, ",\"subscriber\":");
		if (c.sub >= 0) {
			wr_sub_open(w, cap, c.sub);
			wr_str(w, "}");
		} else {
			wr_str(w, "null");
		}
		wr_str(w, ",\"cell\":");
		if (c.cell[0])
			wr_json_str(w, c.cell);
		else
			wr_str(w, "null");
		wr_str(w, "}");
		sum_add(&sum, &c);
	}
	wr_str(w, "],\"causes\":[");
	it = 0;
	first = 1;
	while (ct_capture_next_cause(cap, &it, &c)) {
		if (!first)
			wr_str(w, ",");
		first = 0;
		wr_cause(w, &c, 0);
		wr_str(w, "}");
	}
	wr_str(w, "],\"subscribers\":[");
	for (size_t i = 0; i < cap->nsubs; i++) {
		const struct ct_cap_sub *s = &cap->subs[i];

		if (i)
			wr_str(w, ",");
		wr_sub_open(w, cap, (int)i);
		wr_str(w, ",\"ids\":[");
		for (size_t k = 0; k < s->nids; k++) {
			if (k)
				wr_str(w, ",");
			wr_json_str(w, s->ids[k]);
		}
		wr_str(w, "],\"failures\":");
		wr_u64(w, s->failures);
		wr_str(w, "}");
	}
	wr_str(w, "],\"undecoded\":{");
	for (int u = 0; u < CT_UNDEC__COUNT; u++) {
		wr_str(w, u ? ",\"" : "\"");
		wr_str(w, ct_undec_name((enum ct_undec)u));
		wr_str(w, "\":");
		wr_u64(w, cap->undecoded[u]);
	}
	wr_str(w, "},\"summary\":");
	sum_write(w, &sum);
	wr_str(w, "}\n");
	rc = wr_end(w);
	sum_free(&sum);
	free(w);
	return rc;
}

int
ct_capture_write_text(FILE *f, const struct ct_capture *cap, const struct ct_profile *p)
{
	size_t nev = ct_capture_event_count(cap, p), it = 0;
	struct ct_cap_cause c;
	int any = 0;

	fprintf(f, "%s: %llu packets (%s), %llu signalling messages, %zu failures, %zu subscribers\n",
		cap->file, (unsigned long long)cap->packets, cap->link_type,
		(unsigned long long)cap->messages, nev, cap->nsubs);
	for (int u = 0; u < CT_UNDEC__COUNT; u++)
		if (cap->undecoded[u]) {
			fprintf(f, "%s%s %llu", any ? ", " : "  undecoded: ",
				ct_undec_name((enum ct_undec)u), (unsigned long long)cap->undecoded[u]);
			any = 1;
		}
	if (any)
		fputs("\n", f);
	if (!nev)
		return ferror(f) ? -1 : 0;
	fprintf(f, "  %6s %-15s %-8s %-24s %s\n", "frame", "time", "protocol", "cause", "subscriber");
	while (ct_capture_next_cause(cap, &it, &c)) {
		char t[40], nb[48], cause[64], sb[16];

		if (!branch_of(p, &c))
			continue;
		iso_time(t, sizeof(t), c.sec, c.usec);
		snprintf(cause, sizeof(cause), "%s %u", ct_family_name(c.family), c.value);
		fprintf(f, "  %6llu %-15.15s %-8.8s %-24.24s %s\n", (unsigned long long)c.frame,
			t + 11, c.protocol, cause, sub_label(cap, c.sub, sb, sizeof(sb)));
		fprintf(f, "  %6s %s: %s\n", "", c.message,
			ct_cause_name(c.family, c.group, c.value, nb, sizeof(nb)));
	}
	return ferror(f) ? -1 : 0;
}

int
ct_capture_write_csv(FILE *f, const struct ct_capture *cap, const struct ct_profile *p, int header)
{
	struct wr *w = ct_xmalloc(sizeof(*w));
	struct ct_cap_cause c;
	size_t it = 0;
	int rc;

	wr_init(w, f);
	if (header)
		wr_str(w, "file,frame,time,protocol,message,cause_family,cause_group,cause,cause_name,"
			  "branch,imsi,msisdn,cell\r\n");
	while (ct_capture_next_cause(cap, &it, &c)) {
		const char *br = branch_of(p, &c);

		if (!br)
			continue;
		wr_csv(w, cap->file);
		wr_str(w, ",");
		wr_u64(w, c.frame);
		wr_str(w, ",");
		wr_time(w, c.sec, c.usec);
		wr_str(w, ",");
		wr_csv(w, c.protocol);
		wr_str(w, ",");
		wr_csv(w, c.message);
		wr_str(w, ",");
		wr_str(w, ct_family_name(c.family));
		wr_str(w, ",");
		wr_str(w, c.group ? ct_cause_group_name(c.group) : "");
		wr_str(w, ",");
		wr_u64(w, c.value);
		wr_str(w, ",");
		wr_csv(w, wr_cause_name(w, &c));
		wr_str(w, ",");
		wr_csv(w, br);
		wr_str(w, ",");
		wr_csv(w, c.sub >= 0 ? cap->subs[c.sub].imsi : "");
		wr_str(w, ",");
		wr_csv(w, c.sub >= 0 ? cap->subs[c.sub].msisdn : "");
		wr_str(w, ",");
		wr_csv(w, c.cell);
		wr_str(w, "\r\n");
	}
	rc = wr_end(w);
	free(w);
	return rc;
}

/* The ct_buf forms: the same writers into a memory stream. */
static FILE *
mem_open(char **s, size_t *n)
{
	FILE *f = open_memstream(s, n);

	if (!f) {
		fputs("celltriage: out of memory\n", stderr);
		exit(3);
	}
	return f;
}

/* fclose() sets *s and *n: they are read after it. */
static void
mem_close(struct ct_buf *b, FILE *f, char **s, size_t *n)
{
	fclose(f);
	ct_buf_add(b, *s, *n);
	free(*s);
}

void
ct_capture_text(struct ct_buf *b, const struct ct_capture *cap, const struct ct_profile *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = mem_open(&s, &n);

	ct_capture_write_text(f, cap, p);
	mem_close(b, f, &s, &n);
}

void
ct_capture_csv(struct ct_buf *b, const struct ct_capture *cap, const struct ct_profile *p, int header)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = mem_open(&s, &n);

	ct_capture_write_csv(f, cap, p, header);
	mem_close(b, f, &s, &n);
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
