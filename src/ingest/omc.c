/*
 * omc.c — OMC exports (omc.h): format recognition, the shared object and
 * alarm lists the readers fill, time and duration parsing, cell matching
 * and the per-object KPIs named in the profile.
 *
 * The readers themselves are omc_xml.c (TS 32.435, TS 28.532, vendor alarm
 * XML), ves.c (ONAP VES JSON) and omc_csv.c (mapped CSV exports).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/omc.h"

static const struct ct_name format_names[] = {
	{ CT_OMC_32435, "32.435" },
	{ CT_OMC_28532, "28.532" },
	{ CT_OMC_VES_PERF, "ves-perf3gpp" },
	{ CT_OMC_VES_FAULT, "ves-fault" },
	{ CT_OMC_VES_STND, "ves-stnddefined" },
	{ CT_OMC_ALARM_XML, "alarm-xml" },
	{ CT_OMC_CSV_COUNTERS, "csv-counters" },
	{ CT_OMC_CSV_ALARMS, "csv-alarms" },
	{ 0, NULL }
};

const char *
ct_omc_format_name(enum ct_omc_format f)
{
	const char *n = ct_name_of(format_names, (int)f);

	return n ? n : "unknown";
}

/* FNV-1a over the DN, then the period's end folded in. */
static size_t
object_hash(const char *dn, long long end, int has_end)
{
	unsigned long long h = 1469598103934665603ULL;

	for (const unsigned char *p = (const unsigned char *)dn; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	if (has_end)
		h = (h ^ (unsigned long long)end) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 32));
}

static int
object_is(const struct ct_omc_object *ob, const char *dn, long long end, int has_end)
{
	return ob->has_end == has_end && (!has_end || ob->end == end) && !strcmp(ob->dn, dn);
}

/* The slot of (dn, end): the object's or the empty one where it goes. */
static size_t *
object_slot(const struct ct_omc *o, const char *dn, long long end, int has_end)
{
	size_t mask = o->nslots - 1, i = object_hash(dn, end, has_end) & mask;

	while (o->slots[i] && !object_is(&o->objs[o->slots[i] - 1], dn, end, has_end))
		i = (i + 1) & mask;
	return &o->slots[i];
}

/* Keeps the table at most half full: doubles it and places every object again. */
static void
object_index_grow(struct ct_omc *o)
{
	if (o->nslots && 2 * (o->nobjs + 1) <= o->nslots)
		return;
	free(o->slots);
	o->nslots = o->nslots ? 2 * o->nslots : 64;
	o->slots = ct_xcalloc(o->nslots, sizeof(*o->slots));
	for (size_t i = 0; i < o->nobjs; i++)
		*object_slot(o, o->objs[i].dn, o->objs[i].end, o->objs[i].has_end) = i + 1;
}

struct ct_omc_object *
ct_omc_object_get(struct ct_omc *o, const char *dn, long long end, int has_end, long gran)
{
	struct ct_omc_object *ob;
	size_t *slot;

	object_index_grow(o);
	slot = object_slot(o, dn, end, has_end);
	if (*slot)
		return &o->objs[*slot - 1];
	o->objs = ct_xgrow(o->objs, o->nobjs + 1, &o->capobjs, sizeof(*o->objs));
	ob = &o->objs[o->nobjs++];
	*slot = o->nobjs;
	memset(ob, 0, sizeof(*ob));
	ob->dn = ct_xstrdup(dn);
	ob->end = end;
	ob->has_end = has_end;
	ob->granularity_s = gran;
	ob->kpi.busy = -1;
	return ob;
}

void
ct_omc_counter_add(struct ct_omc *o, struct ct_omc_object *ob, const char *name,
		   const char *text, size_t len)
{
	struct ct_omc_counter *c;
	char *end;

	while (len && isspace((unsigned char)*text))
		text++, len--;
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	ob->c = ct_xgrow(ob->c, ob->n + 1, &ob->cap, sizeof(*ob->c));
	c = &ob->c[ob->n++];
	c->name = ct_xstrdup(name);
	c->text = ct_xstrndup(text, len);
	c->num = len ? strtod(c->text, &end) : 0;
	/* one finite number; "inf", "nan" and lists stay text */
	c->has_num = len && *end == '\0' && isfinite(c->num);
	o->values++;
}

struct ct_omc_alarm *
ct_omc_alarm_add(struct ct_omc *o)
{
	struct ct_omc_alarm *a;

	o->alarms = ct_xgrow(o->alarms, o->nalarms + 1, &o->capalarms, sizeof(*o->alarms));
	a = &o->alarms[o->nalarms++];
	memset(a, 0, sizeof(*a));
	return a;
}

/* ISO 8601 durations as the PM files write them (TS 32.435 granPeriod
 * "duration", xs:duration): P[nD][T[nH][nM][nS]], whole numbers. */
long
ct_omc_duration(const char *s)
{
	long total = 0;
	int in_time = 0, any = 0;

	if (!s || *s != 'P')
		return -1;
	for (s++; *s; ) {
		long v = 0;
		int digits = 0;

		if (*s == 'T' && !in_time) {
			in_time = 1;
			s++;
			continue;
		}
		while (isdigit((unsigned char)*s) && digits < 9)
			v = v * 10 + (*s++ - '0'), digits++;
		if (!digits)
			return -1;
		switch (*s) {
		case 'D': if (in_time) return -1; v *= 86400; break;
		case 'H': if (!in_time) return -1; v *= 3600; break;
		case 'M': if (!in_time) return -1; v *= 60; break;
		case 'S': if (!in_time) return -1; break;
		default: return -1;
		}
		s++;
		if (total > 0x7fffffffL - v)
			return -1;
		total += v;
		any = 1;
	}
	return any ? total : -1;
}

int
ct_omc_time(const char *s, long long *epoch)
{
	char buf[64];
	size_t n;

	if (!s)
		return -1;
	n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	/* "2013-06-07 16:06:32" (vendor alarm files): no zone, taken as UTC. */
	if (n >= 19 && buf[10] == ' ')
		buf[10] = 'T';
	return ct_parse_time(buf, epoch);
}

/* The last relative name of a DN: "A=1,B=2" -> "B=2". */
static const char *
last_rdn(const char *dn)
{
	const char *c = strrchr(dn, ',');

	return c ? c + 1 : dn;
}

int
ct_omc_dn_is_cell(const char *dn, const char *cell)
{
	const char *rdn, *eq;
	size_t ld, lc;

	if (!dn || !cell || !*cell || !*dn)
		return 0;
	if (!strcmp(dn, cell))
		return 1;
	rdn = last_rdn(dn);
	if (!strcmp(rdn, cell))
		return 1;
	eq = strchr(rdn, '=');
	if (eq && !strcmp(eq + 1, cell))
		return 1;
	ld = strlen(dn);
	lc = strlen(cell);
	return ld > lc && dn[ld - lc - 1] == ',' && !strcmp(dn + ld - lc, cell);
}

int
ct_omc_dn_within(const char *dn, const char *ancestor)
{
	size_t la;

	if (!dn || !ancestor || !*ancestor)
		return 0;
	la = strlen(ancestor);
	return !strncmp(dn, ancestor, la) && (dn[la] == '\0' || dn[la] == ',');
}

/* --- KPIs ------------------------------------------------------------ */

/* The first counter of the list present in the object with one number. */
static const struct ct_omc_counter *
find(const struct ct_omc_object *ob, const struct ct_names *names)
{
	for (size_t k = 0; k < names->n; k++)
		for (size_t i = 0; i < ob->n; i++)
			if (ob->c[i].has_num && !strcmp(ob->c[i].name, names->v[k]))
				return &ob->c[i];
	return NULL;
}

static void kpi_set(struct ct_omc_kpi *k, double v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
kpi_set(struct ct_omc_kpi *k, double v, const char *fmt, ...)
{
	struct ct_buf b = CT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	k->has = 1;
	k->v = v;
	free(k->source);
	k->source = ct_buf_detach(&b);
}

static void
direct(const struct ct_omc *o, const struct ct_omc_object *ob, const struct ct_names *n,
       struct ct_omc_kpi *k)
{
	const struct ct_omc_counter *c = find(ob, n);

	if (c)
		kpi_set(k, c->num, "%s: object %s, counter %s", o->file, ob->dn, c->name);
}

void
ct_omc_compute_kpis(struct ct_omc *o, const struct ct_omc_profile *m)
{
	if (!m || !m->present)
		return;
	for (size_t i = 0; i < o->nobjs; i++) {
		struct ct_omc_object *ob = &o->objs[i];
		struct ct_omc_kpis *k = &ob->kpi;
		const struct ct_omc_counter *a, *b;

		if ((a = find(ob, &m->prb_used)) && (b = find(ob, &m->prb_avail)) && b->num > 0)
			kpi_set(&k->prb_use_pct, 100.0 * a->num / b->num,
				"%s: object %s, counters %s/%s", o->file, ob->dn, a->name, b->name);
		else
			direct(o, ob, &m->prb_usage_pct, &k->prb_use_pct);
		if (k->prb_use_pct.has) {
			k->busy = k->prb_use_pct.v > m->prb_busy_pct;
			k->busy_pct = m->prb_busy_pct;
		}
		if ((a = find(ob, &m->rrc_att)) && (b = find(ob, &m->rrc_succ)) && a->num > 0)
			kpi_set(&k->setup_fail_pct, 100.0 * (a->num - b->num) / a->num,
				"%s: object %s, counters %s/%s", o->file, ob->dn, b->name, a->name);
		if ((a = find(ob, &m->drop_abnormal)) && (b = find(ob, &m->drop_normal)) &&
		    a->num + b->num > 0)
			kpi_set(&k->drop_pct, 100.0 * a->num / (a->num + b->num),
				"%s: object %s, counters %s/(%s+%s)", o->file, ob->dn, a->name,
				a->name, b->name);
		direct(o, ob, &m->ul_interference_dbm, &k->ul_interference_dbm);
		direct(o, ob, &m->packet_load_pct, &k->packet_load_pct);
		direct(o, ob, &m->gateway_load_pct, &k->gateway_load_pct);
	}
}

/* --- reading ----------------------------------------------------------- */

/* memmem is a GNU extension; the build is plain POSIX. */
static const char *
find_mem(const char *h, size_t hn, const char *needle, size_t nn)
{
	for (size_t i = 0; nn && i + nn <= hn; i++)
		if (h[i] == needle[0] && !memcmp(h + i, needle, nn))
			return h + i;
	return NULL;
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

/* The root element's name of an XML document: the first '<' that opens an
 * element (not "<?", "<!"). */
static int
xml_root(const char *p, const char *end, char *name, size_t n)
{
	size_t k = 0;

	while (p < end) {
		p = memchr(p, '<', (size_t)(end - p));
		if (!p || p + 1 >= end)
			return -1;
		if (p[1] != '?' && p[1] != '!')
			break;
		p++;
	}
	for (p++; p < end && k + 1 < n && (isalnum((unsigned char)*p) || *p == ':' ||
					   *p == '_' || *p == '-' || *p == '.'); p++)
		name[k++] = *p;
	name[k] = '\0';
	return k ? 0 : -1;
}

/* Whether the CSV header (first line) has a column named col. */
static int
csv_has(const char *p, const char *end, const char *col)
{
	size_t lc = strlen(col);

	end = ct_eol(p, end, NULL);
	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end, *s = p;

		while (s < e && (*s == ' ' || *s == '"'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '"'))
			e--;
		if ((size_t)(e - s) == lc && !memcmp(s, col, lc))
			return 1;
		if (!c)
			break;
		p = c + 1;
	}
	return 0;
}

enum ct_omc_format
ct_omc_sniff(const char *data, size_t len, const struct ct_omc_profile *m)
{
	const char *end = data + len, *p = skip_ws(data, end);
	char root[64];

	if (ct_bom(p, (size_t)(end - p)))
		p = skip_ws(p + ct_bom(p, (size_t)(end - p)), end);
	if (p < end && *p == '<') {
		if (xml_root(p, end, root, sizeof(root)))
			return CT_OMC_UNKNOWN;
		if (!strcmp(root, "measCollecFile"))
			return CT_OMC_32435;
		if (!strcmp(root, "measDataFile"))
			return CT_OMC_28532;
		if (!strcmp(root, "adc"))
			return CT_OMC_ALARM_XML;
		return CT_OMC_UNKNOWN;
	}
	if (p < end && *p == '{') {
		/* VES: the domain decides; a cheap look for the key, the reader
		 * checks the structure. A single event ({"event": E}, what the
		 * collector's event listener receives) may hold its
		 * commonEventHeader after kilobytes of fields: JSON objects are
		 * unordered, so the "event" key alone is enough to go on. */
		size_t n = (size_t)(end - p);
		const char *hit;

		if (n > 4096)
			n = 4096;
		if (!find_mem(p, n, "\"commonEventHeader\"", 19) && !find_mem(p, n, "\"eventList\"", 11) &&
		    !find_mem(p, n, "\"event\"", 7))
			return CT_OMC_UNKNOWN;
		hit = find_mem(p, (size_t)(end - p), "\"domain\"", 8);
		if (!hit)
			return CT_OMC_UNKNOWN;
		hit = skip_ws(hit + 8, end);
		if (hit < end && *hit == ':')
			hit = skip_ws(hit + 1, end);
		if ((size_t)(end - hit) >= 10 && !memcmp(hit, "\"perf3gpp\"", 10))
			return CT_OMC_VES_PERF;
		if ((size_t)(end - hit) >= 7 && !memcmp(hit, "\"fault\"", 7))
			return CT_OMC_VES_FAULT;
		if ((size_t)(end - hit) >= 13 && !memcmp(hit, "\"stndDefined\"", 13))
			return CT_OMC_VES_STND;
		return CT_OMC_UNKNOWN;
	}
	if (!m || !m->present || p >= end)
		return CT_OMC_UNKNOWN;
	if (m->csv_alarms.present && csv_has(p, end, m->csv_alarms.object) &&
	    csv_has(p, end, m->csv_alarms.name) && csv_has(p, end, m->csv_alarms.raised))
		return CT_OMC_CSV_ALARMS;
	if (m->csv_counters.present && csv_has(p, end, m->csv_counters.object) &&
	    csv_has(p, end, m->csv_counters.time))
		return CT_OMC_CSV_COUNTERS;
	return CT_OMC_UNKNOWN;
}

/*
 * XML 1.0 §2.11 reads a lone CR as a line end and JSON (RFC 8259 §2) as
 * whitespace, but libxml2 and jansson count lines by LF only: a file with CR
 * line ends would have every error on line 1. A copy with each lone CR made
 * an LF reads the same and keeps the parsers' line numbers right. NULL when
 * there is no lone CR (nothing to copy); the caller frees the copy.
 */
static char *
lf_copy(const char *data, size_t len)
{
	char *c;

	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\r' || (i + 1 < len && data[i + 1] == '\n'))
			continue;
		c = ct_xmalloc(len ? len : 1);
		memcpy(c, data, len);
		for (size_t k = i; k < len; k++)
			if (c[k] == '\r' && (k + 1 >= len || c[k + 1] != '\n'))
				c[k] = '\n';
		return c;
	}
	return NULL;
}

int
ct_omc_read_mem(const char *name, const char *data, size_t len,
		const struct ct_omc_profile *map, struct ct_omc *out, struct ct_err *err)
{
	enum ct_omc_format f;
	char *lf = NULL;
	size_t bom;
	int rc;

	memset(out, 0, sizeof(*out));
	out->file = ct_xstrdup(name);
	if (len > CT_OMC_MAX_FILE) {
		ct_omc_free(out);
		return ct_fail(err, CT_EINPUT, "%s: larger than %u bytes", name, CT_OMC_MAX_FILE);
	}
	/* A UTF-8 byte order mark is no part of any format (jansson refuses
	 * one; RFC 8259 §8.1 lets a parser ignore it): skipped here, once. */
	bom = ct_bom(data, len);
	data += bom;
	len -= bom;
	f = ct_omc_sniff(data, len, map);
	out->format = f;
	switch (f) {
	case CT_OMC_32435:
	case CT_OMC_28532:
	case CT_OMC_ALARM_XML:
		lf = lf_copy(data, len);
		rc = ct_omc_read_xml(name, lf ? lf : data, len, out, err);
		break;
	case CT_OMC_VES_PERF:
	case CT_OMC_VES_FAULT:
	case CT_OMC_VES_STND:
		lf = lf_copy(data, len);
		rc = ct_omc_read_ves(name, lf ? lf : data, len, out, err);
		break;
	case CT_OMC_CSV_COUNTERS:
	case CT_OMC_CSV_ALARMS:
		rc = ct_omc_read_csv(name, data, len, map, f, out, err);
		break;
	default:
		rc = ct_fail(err, CT_EINPUT, "%s:1: not an OMC export (expected a measCollecFile, "
			     "measDataFile or adc XML root, VES JSON, or a CSV header the profile maps)",
			     name);
		break;
	}
	free(lf);
	if (rc) {
		ct_omc_free(out);
		return rc;
	}
	ct_omc_compute_kpis(out, map);
	for (size_t i = 0; map && i < out->nalarms; i++)
		for (size_t k = 0; k < map->core_board.n && !out->alarms[i].core_board; k++)
			out->alarms[i].core_board = strstr(out->alarms[i].object, map->core_board.v[k]) != NULL;
	return 0;
}

int
ct_omc_read(const char *path, const struct ct_omc_profile *map, struct ct_omc *out,
	    struct ct_err *err)
{
	char *data;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = ct_read_file(path, CT_OMC_MAX_FILE, &data, &len, err)) != 0)
		return rc;
	rc = ct_omc_read_mem(path, data, len, map, out, err);
	free(data);
	return rc;
}

static void
kpis_free(struct ct_omc_kpis *k)
{
	free(k->prb_use_pct.source);
	free(k->setup_fail_pct.source);
	free(k->drop_pct.source);
	free(k->ul_interference_dbm.source);
	free(k->packet_load_pct.source);
	free(k->gateway_load_pct.source);
}

void
ct_omc_free(struct ct_omc *o)
{
	for (size_t i = 0; i < o->nobjs; i++) {
		struct ct_omc_object *ob = &o->objs[i];

		for (size_t j = 0; j < ob->n; j++) {
			free(ob->c[j].name);
			free(ob->c[j].text);
		}
		free(ob->c);
		free(ob->dn);
		kpis_free(&ob->kpi);
	}
	free(o->objs);
	free(o->slots);
	for (size_t i = 0; i < o->nalarms; i++) {
		free(o->alarms[i].object);
		free(o->alarms[i].name);
		free(o->alarms[i].severity);
	}
	free(o->alarms);
	free(o->file);
	memset(o, 0, sizeof(*o));
}
