/*
 * omc_xml.c — PM and alarm XML: 3GPP TS 32.435 measCollecFile (V10+),
 * 3GPP TS 28.532 measDataFile (the same measurement block, Rel-16), and the
 * vendor alarm file <adc> shaped like them. Parsed with libxml2 (DOM).
 *
 *   measCollecFile | measDataFile
 *   +- fileHeader  (measCollec | measData) @beginTime
 *   +- measData                               <- the data block
 *   |  +- managedElement | measEntity
 *   |  +- measInfo*
 *   |     +- granPeriod @duration "PT900S" @endTime
 *   |     +- measTypes "a b c"        | measType* @p "a"
 *   |     +- measValue* @measObjLdn
 *   |        +- measResults "1 2 3"   | r* @p "1"
 *   |        +- suspect "true"
 *   +- fileFooter  (measCollec | measData) @endTime
 *
 *   adc
 *   +- afh: ffv, sn "RncFunction=0000,NodeBFunction=", st, cbt "YYYY-MM-DD hh:mm:ss"
 *   +- ad
 *   |  +- at* @p "alarmTrapCause"       (attribute names by position)
 *   |  +- av*: aid, r* @p              (one alarm: values by position)
 *   +- aff: ts
 *
 * Safety: no network (XML_PARSE_NONET), no DTD loading, no entity
 * substitution (so neither external entities nor entity expansion bombs
 * reach the tree; libxml2 refuses amplification on its own too), and the
 * caller caps the size. Element names are matched by local name, so the
 * default namespace of the 3GPP schemas does not matter.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/omc.h"
#include "xmllib.h"

struct xerr {
	int line;
	char msg[256];
	int set;
};

/* Keeps the first parse error instead of printing it. */
static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct xerr *x = ctx;
	size_t n;

	if (x->set || !e || e->level < XML_ERR_ERROR)
		return;
	x->set = 1;
	x->line = e->line;
	snprintf(x->msg, sizeof(x->msg), "%s", e->message ? e->message : "malformed XML");
	n = strlen(x->msg);
	while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
	/* libxml2's messages start with a capital; ours are lowercase. */
	if (x->msg[0])
		x->msg[0] = (char)tolower((unsigned char)x->msg[0]);
}

static int
is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* An attribute's value (caller frees with xmlFree), NULL when absent. */
static char *
attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/*
 * The element's own character data (text and CDATA children), capped at
 * TEXT_MAX bytes. Entity references are NOT followed: xmlNodeGetContent
 * would expand them, which is exactly what an entity bomb wants. The
 * predefined entities and character references are already text.
 * Caller frees with xmlFree.
 */
#define TEXT_MAX (1u << 20)

static char *
text(const xmlNode *n)
{
	struct ct_buf b = CT_BUF_INIT;
	xmlChar *out;

	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next) {
		size_t l;

		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
			continue;
		l = strlen((const char *)c->content);
		if (b.len + l > TEXT_MAX)
			l = TEXT_MAX - b.len;
		ct_buf_add(&b, (const char *)c->content, l);
	}
	out = xmlStrdup((const xmlChar *)ct_buf_str(&b));
	ct_buf_free(&b);
	if (!out) {
		fputs("celltriage: out of memory\n", stderr);
		exit(3);
	}
	return (char *)out;
}

/* "file:line: what[arg]" at the node's line. */
static int
xfail(struct ct_err *err, const char *name, const xmlNode *n, const char *what, const char *arg)
{
	return ct_fail(err, CT_EINPUT, "%s:%ld: %s%s", name, n ? xmlGetLineNo(n) : 0L, what,
		       arg ? arg : "");
}

/* Strict "p" positions: 1..100000 (TS 32.435 says positive integer). */
static long
pos_of(const xmlNode *n)
{
	char *p = attr(n, "p"), *end;
	long v;

	if (!p)
		return -1;
	v = strtol(p, &end, 10);
	if (end == p || *end || v < 1 || v > 100000)
		v = -1;
	xmlFree(p);
	return v;
}

static void
header_time(const xmlNode *blk, const char *attrname, long long *t, int *has)
{
	for (const xmlNode *c = blk ? blk->children : NULL; c; c = c->next) {
		char *v;

		if (!is(c, "measCollec") && !is(c, "measData"))
			continue;
		if ((v = attr(c, attrname))) {
			*has = ct_omc_time(v, t) == 0;
			xmlFree(v);
			return;
		}
	}
}

struct mtypes {
	char **name;    /* by position (1-based: name[p]) */
	long max;
	size_t cap;
};

static void
mtypes_reset(struct mtypes *m)
{
	for (long i = 0; m->name && i <= m->max; i++)
		free(m->name[i]);
	free(m->name);
	memset(m, 0, sizeof(*m));
}

static void
mtypes_set(struct mtypes *m, long p, const char *s, size_t n)
{
	if ((size_t)p + 1 > m->cap) {
		size_t old = m->cap;

		m->name = ct_xgrow(m->name, (size_t)p + 1, &m->cap, sizeof(char *));
		memset(m->name + old, 0, (m->cap - old) * sizeof(char *));
	}
	free(m->name[p]);
	m->name[p] = ct_xstrndup(s, n);
	if (p > m->max)
		m->max = p;
}

/* The whitespace-separated tokens of s: calls back per token. */
static const char *
token(const char **s, size_t *n)
{
	const char *p = *s, *t;

	while (*p && isspace((unsigned char)*p))
		p++;
	if (!*p)
		return NULL;
	t = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	*n = (size_t)(p - t);
	*s = p;
	return t;
}

static int
read_measvalue(const char *name, const xmlNode *mv, const struct mtypes *mt,
	       long long end, int has_end, long gran, struct ct_omc *o, struct ct_err *err)
{
	char *dn = attr(mv, "measObjLdn");
	struct ct_omc_object *ob;
	const xmlNode *c;
	int rc = 0;

	if (!dn)
		return xfail(err, name, mv, "measValue without measObjLdn", NULL);
	ob = ct_omc_object_get(o, dn, end, has_end, gran);
	xmlFree(dn);
	for (c = mv->children; c && !rc; c = c->next) {
		if (is(c, "r")) {
			long p = pos_of(c);
			char *t;

			if (p < 0)
				return xfail(err, name, c, "r without a valid p attribute", NULL);
			if (p > mt->max || !mt->name[p]) {
				char ps[24];

				snprintf(ps, sizeof(ps), "%ld", p);
				return xfail(err, name, c, "r names no measType at p=", ps);
			}
			t = text(c);
			ct_omc_counter_add(o, ob, mt->name[p], t, strlen(t));
			xmlFree(t);
		} else if (is(c, "measResults")) {
			char *t = text(c);
			const char *s = t, *tok;
			size_t n;
			long k = 0;

			while ((tok = token(&s, &n)) != NULL) {
				if (++k > mt->max || !mt->name[k]) {
					xmlFree(t);
					return xfail(err, name, c, "measResults has more values than measTypes names", NULL);
				}
				ct_omc_counter_add(o, ob, mt->name[k], tok, n);
			}
			xmlFree(t);
			if (k != mt->max)
				return xfail(err, name, c, "measResults has fewer values than measTypes names", NULL);
		} else if (is(c, "suspect")) {
			char *t = text(c);
			const char *s = t, *tok;
			size_t n;

			tok = token(&s, &n);
			ob->suspect |= tok && n == 4 && !memcmp(tok, "true", 4);
			xmlFree(t);
		}
	}
	return rc;
}

static int
read_measinfo(const char *name, const xmlNode *mi, struct ct_omc *o, struct ct_err *err)
{
	const xmlNode *gp = child(mi, "granPeriod"), *c;
	struct mtypes mt = { NULL, 0, 0 };
	long long end = 0;
	int has_end = 0, rc = 0;
	long gran = 0;

	if (gp) {
		char *d = attr(gp, "duration"), *e = attr(gp, "endTime");

		if (d) {
			gran = ct_omc_duration(d);
			xmlFree(d);
			if (gran < 0) {
				xmlFree(e);
				return xfail(err, name, gp, "granPeriod duration is not an ISO 8601 duration", NULL);
			}
		}
		if (e) {
			has_end = ct_omc_time(e, &end) == 0;
			xmlFree(e);
			if (!has_end)
				return xfail(err, name, gp, "granPeriod endTime is not an ISO 8601 time", NULL);
		}
	}
	if (!o->granularity_s)
		o->granularity_s = gran;
	for (c = mi->children; c; c = c->next) {
		if (is(c, "measTypes")) {
			char *t = text(c);
			const char *s = t, *tok;
			size_t n;
			long k = 0;

			while ((tok = token(&s, &n)) != NULL && k < 100000)
				mtypes_set(&mt, ++k, tok, n);
			xmlFree(t);
		} else if (is(c, "measType")) {
			long p = pos_of(c);
			char *t;
			const char *s, *tok;
			size_t n;

			if (p < 0) {
				mtypes_reset(&mt);
				return xfail(err, name, c, "measType without a valid p attribute", NULL);
			}
			t = text(c);
			s = t;
			if ((tok = token(&s, &n)) != NULL)
				mtypes_set(&mt, p, tok, n);
			xmlFree(t);
		}
	}
	for (c = mi->children; c && !rc; c = c->next)
		if (is(c, "measValue"))
			rc = read_measvalue(name, c, &mt, end, has_end, gran, o, err);
	mtypes_reset(&mt);
	return rc;
}

static int
read_pm(const char *name, const xmlNode *root, struct ct_omc *o, struct ct_err *err)
{
	int rc = 0;

	for (const xmlNode *c = root->children; c && !rc; c = c->next) {
		if (is(c, "fileHeader")) {
			header_time(c, "beginTime", &o->begin, &o->has_begin);
		} else if (is(c, "fileFooter")) {
			header_time(c, "endTime", &o->end, &o->has_end);
		} else if (is(c, "measData")) {
			for (const xmlNode *mi = c->children; mi && !rc; mi = mi->next)
				if (is(mi, "measInfo"))
					rc = read_measinfo(name, mi, o, err);
		}
	}
	return rc;
}

/* The vendor alarm file: attribute names by position, one <av> per alarm. */
static int
read_adc(const char *name, const xmlNode *root, struct ct_omc *o, struct ct_err *err)
{
	const xmlNode *afh = child(root, "afh"), *ad = child(root, "ad"), *aff = child(root, "aff");
	const xmlNode *c;
	struct mtypes at = { NULL, 0, 0 };
	char *sn = NULL;
	long p_neid = -1, p_cause = -1, p_sev = -1, p_info = -1, p_time = -1;

	if (afh) {
		const xmlNode *cbt = child(afh, "cbt"), *snn = child(afh, "sn");

		if (cbt) {
			char *t = text(cbt);

			o->has_begin = ct_omc_time(t, &o->begin) == 0;
			xmlFree(t);
		}
		if (snn) {
			char *t = text(snn);

			sn = ct_xstrdup(t);
			xmlFree(t);
		}
	}
	if (aff && child(aff, "ts")) {
		char *t = text(child(aff, "ts"));

		o->has_end = ct_omc_time(t, &o->end) == 0;
		xmlFree(t);
	}
	if (!ad) {
		free(sn);
		return xfail(err, name, root, "alarm file without an <ad> block", NULL);
	}
	for (c = ad->children; c; c = c->next) {
		long p;
		char *t;
		const char *s, *tok;
		size_t n;

		if (!is(c, "at"))
			continue;
		if ((p = pos_of(c)) < 0) {
			free(sn);
			mtypes_reset(&at);
			return xfail(err, name, c, "at without a valid p attribute", NULL);
		}
		t = text(c);
		s = t;
		/* names may carry stray spaces ("alarmTrapLocateInfo ") */
		if ((tok = token(&s, &n)) != NULL) {
			mtypes_set(&at, p, tok, n);
			if (!strcmp(at.name[p], "alarmTrapNEID")) p_neid = p;
			else if (!strcmp(at.name[p], "alarmTrapCause")) p_cause = p;
			else if (!strcmp(at.name[p], "alarmTrapSeverity")) p_sev = p;
			else if (!strcmp(at.name[p], "alarmTrapAdditionalInfo")) p_info = p;
			else if (!strcmp(at.name[p], "alarmTrapTime")) p_time = p;
		}
		xmlFree(t);
	}
	for (c = ad->children; c; c = c->next) {
		struct ct_omc_alarm *a;
		char *v[5] = { NULL, NULL, NULL, NULL, NULL }; /* neid cause sev info time */
		const long want[5] = { p_neid, p_cause, p_sev, p_info, p_time };

		if (!is(c, "av"))
			continue;
		for (const xmlNode *r = c->children; r; r = r->next) {
			long p;

			if (!is(r, "r"))
				continue;
			if ((p = pos_of(r)) < 0) {
				for (int k = 0; k < 5; k++)
					xmlFree(v[k]);
				free(sn);
				mtypes_reset(&at);
				return xfail(err, name, r, "r without a valid p attribute", NULL);
			}
			for (int k = 0; k < 5; k++)
				if (want[k] == p && !v[k])
					v[k] = text(r);
		}
		a = ct_omc_alarm_add(o);
		{
			struct ct_buf b = CT_BUF_INIT;

			/* sn names the parent and ends in "Type=": the NE id completes it. */
			ct_buf_printf(&b, "%s%s", sn ? sn : "", v[0] ? v[0] : "");
			a->object = ct_buf_detach(&b);
		}
		{
			/* The additional text names the fault ("Cell 0 no RRU
			 * connect!"); "NULL" means none. The cause code goes along. */
			struct ct_buf b = CT_BUF_INIT;
			int has_info = v[3] && *v[3] && strcmp(v[3], "NULL") != 0;

			if (has_info)
				ct_buf_printf(&b, "%s (cause %s)", v[3], v[1] ? v[1] : "unknown");
			else
				ct_buf_printf(&b, "cause %s", v[1] ? v[1] : "unknown");
			a->name = ct_buf_detach(&b);
		}
		a->severity = ct_xstrdup(v[2] ? v[2] : "");
		if (v[4])
			a->has_raised = ct_omc_time(v[4], &a->raised) == 0;
		for (int k = 0; k < 5; k++)
			xmlFree(v[k]);
	}
	free(sn);
	mtypes_reset(&at);
	return 0;
}

/*
 * TS 28.532 files from some producers put an <?xml-stylesheet?> instruction
 * before the XML declaration, which XML forbids. Move the declaration to
 * the front (on the same line as before when it had none of its own, so
 * line numbers stay right); everything else is left for the parser to judge.
 */
static char *
fix_declaration(const char *data, size_t len, size_t *outlen)
{
	const char *p = data, *end = data + len, *d, *de;
	char *out;

	while (p < end && isspace((unsigned char)*p))
		p++;
	if ((size_t)(end - p) < 6 || memcmp(p, "<?xml-", 6) != 0)
		return NULL;
	/* the declaration must follow only PIs and white space */
	for (d = p; d < end;) {
		if ((size_t)(end - d) >= 6 && !memcmp(d, "<?xml", 5) && isspace((unsigned char)d[5]))
			break;
		if ((size_t)(end - d) >= 2 && d[0] == '<' && d[1] == '?') {
			const char *q = d;

			while (q + 1 < end && !(q[0] == '?' && q[1] == '>'))
				q++;
			if (q + 1 >= end)
				return NULL;
			d = q + 2;
		} else if (isspace((unsigned char)*d)) {
			d++;
		} else {
			return NULL;
		}
	}
	if (d >= end)
		return NULL;
	for (de = d; de + 1 < end && !(de[0] == '?' && de[1] == '>'); de++)
		if (*de == '\n')
			return NULL;
	if (de + 1 >= end)
		return NULL;
	de += 2;
	out = ct_xmalloc(len + 1);
	memcpy(out, d, (size_t)(de - d));
	memcpy(out + (de - d), data, (size_t)(d - data));
	memcpy(out + (de - data), de, (size_t)(end - de));
	out[len] = '\0';
	*outlen = len;
	return out;
}

int
ct_omc_read_xml(const char *name, const char *data, size_t len, struct ct_omc *o,
		struct ct_err *err)
{
	struct xerr xe;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	const xmlNode *root;
	size_t flen = 0;
	char *fixed = fix_declaration(data, len, &flen);
	int rc;

	memset(&xe, 0, sizeof(xe));
	if (len > 0x7fffffff) {
		free(fixed);
		return ct_fail(err, CT_EINPUT, "%s: too large", name);
	}
	if (ct_xml_load(xe.msg, sizeof(xe.msg)) != 0) {
		free(fixed);
		return ct_fail(err, CT_EINPUT, "%s: %s", name, xe.msg);
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		free(fixed);
		return ct_fail(err, CT_EINPUT, "%s: cannot start the XML parser", name);
	}
	xmlSetStructuredErrorFunc(&xe, on_error);
	/* No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD,
	 * no XML_PARSE_HUGE: libxml2's default limits stay in force. */
	doc = xmlCtxtReadMemory(ctxt, fixed ? fixed : data, (int)(fixed ? flen : len), name, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(fixed);
	if (!doc || xe.set) {
		if (doc)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return ct_fail(err, CT_EINPUT, "%s:%d: %s", name, xe.set ? xe.line : 1,
			       xe.set ? xe.msg : "malformed XML");
	}
	xmlFreeParserCtxt(ctxt);
	root = xmlDocGetRootElement(doc);
	if (!root) {
		xmlFreeDoc(doc);
		return ct_fail(err, CT_EINPUT, "%s:1: no root element", name);
	}
	if (is(root, "measCollecFile") || is(root, "measDataFile"))
		rc = read_pm(name, root, o, err);
	else if (is(root, "adc"))
		rc = read_adc(name, root, o, err);
	else
		rc = xfail(err, name, root, "unexpected root element ", (const char *)root->name);
	xmlFreeDoc(doc);
	return rc;
}
