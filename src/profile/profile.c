/*
 * profile.c — loads a profile (libconfig) and its chain of bases into
 * struct ct_profile.
 *
 *   each file ──build──> its tree, each key checked against the key table
 *                        (keys.c: a key it does not list is refused)
 *             ──merge──> onto its base's tree (built-in default.cfg first)
 *   merged tree ──read─> struct ct_profile, one generic loop over the table
 *
 * Every value keeps the file and line it came from: errors name them, and
 * ct_profile_settings lists them (celltriage profile show), made from the
 * kept files when first asked for.
 */
#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "celltriage/profile.h"
#include "keys.h"

#define BUILTIN_NAME "built-in default.cfg"

int
pf_bad(struct pf_ld *ld, const struct pf_node *n, const char *fmt, ...)
{
	struct ct_buf b = CT_BUF_INIT;
	int line = n->s ? config_setting_source_line(n->s) : 0;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	ct_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (line > 0)
		rc = ct_fail(ld->err, CT_EPROFILE, "%s:%d: %s", n->file, line, ct_buf_str(&b));
	else
		rc = ct_fail(ld->err, CT_EPROFILE, "%s: %s", n->file, ct_buf_str(&b));
	ct_buf_free(&b);
	return rc;
}

/* ---- the merged tree ---- */

static struct pf_node *
node_new(const char *name, const config_setting_t *s, const char *file)
{
	struct pf_node *n = ct_xcalloc(1, sizeof(*n));

	n->name = name;
	n->s = s;
	n->file = file;
	return n;
}

static void
node_add(struct pf_node *g, struct pf_node *k)
{
	g->kid = ct_xgrow(g->kid, g->n + 1, &g->cap, sizeof(*g->kid));
	g->kid[g->n++] = k;
}

static void
node_free(struct pf_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n);
}

/* The member of g named name (not a NAME_prepend list), and its index. */
static struct pf_node *
node_at(const struct pf_node *g, const char *name, size_t *at)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->kid[i]->name && !g->kid[i]->prepend && !strcmp(g->kid[i]->name, name)) {
			*at = i;
			return g->kid[i];
		}
	return NULL;
}

struct pf_node *
pf_member(const struct pf_node *g, const char *name)
{
	size_t at;

	return node_at(g, name, &at);
}

static int
node_is_group(const struct pf_node *n)
{
	return config_setting_is_group(n->s);
}

/*
 * Merges src (a derived file's group) into dst (the base's), consuming src:
 * groups merge key by key, anything else replaces the base's value whole, and
 * a NAME_prepend list puts its items before the base's list NAME.
 */
static void
node_merge(struct pf_node *dst, struct pf_node *src)
{
	for (size_t i = 0; i < src->n; i++) {
		struct pf_node *k = src->kid[i], *d;
		size_t at = 0;

		src->kid[i] = NULL;
		d = node_at(dst, k->name, &at);
		if (d && k->prepend) {
			/* k's items, then d's, become d's */
			for (size_t j = 0; j < d->n; j++)
				node_add(k, d->kid[j]);
			free(d->kid);
			d->kid = k->kid, d->n = k->n, d->cap = k->cap;
			k->kid = NULL, k->n = 0;
			node_free(k);
		} else if (d && node_is_group(d) && node_is_group(k)) {
			node_merge(d, k);
		} else if (d) {
			node_free(d);
			dst->kid[at] = k;
		} else {
			k->prepend = 0;
			node_add(dst, k);
		}
	}
	node_free(src);
}

/* 1 when every value under n comes from file. */
static int
node_all_from(const struct pf_node *n, const char *file)
{
	if (!n->kid || !node_is_group(n))
		return n->file == file;
	for (size_t i = 0; i < n->n; i++)
		if (!node_all_from(n->kid[i], file))
			return 0;
	return 1;
}

/*
 * "a.b", "a[3]": path joined with a key name, or with an item index (name
 * NULL). Paths are short; a longer one than size (a long unknown key) is cut.
 */
static void
key_path(char *dst, size_t size, const char *path, const char *name, size_t index)
{
	int n = name ? snprintf(dst, size, "%s%s%s", path, *path ? "." : "", name)
		     : snprintf(dst, size, "%s[%zu]", path, index);

	if (n < 0)
		dst[0] = '\0';
}

static const struct pf_key *
key_find(const struct pf_key *keys, const char *name, int *prepend)
{
	static const char suffix[] = "_prepend";
	size_t n = strlen(name), sn = sizeof(suffix) - 1;

	*prepend = 0;
	for (const struct pf_key *k = keys; k->name; k++) {
		if (!strcmp(k->name, name))
			return k;
		if (k->kind == K_LIST && n == strlen(k->name) + sn &&
		    !strncmp(name, k->name, n - sn) && !strcmp(name + n - sn, suffix)) {
			*prepend = 1;
			return k;
		}
	}
	return NULL;
}

/*
 * The members of one file's group g->s as g's tree, each checked against the
 * key table: a key the table does not list is refused, as is a value where it
 * has a group or a list (values are checked when read, after the merge).
 */
static int
build(struct pf_ld *ld, struct pf_node *g, const struct pf_key *keys, const char *path)
{
	int rc = 0;

	for (unsigned i = 0; i < (unsigned)config_setting_length(g->s) && !rc; i++) {
		const config_setting_t *m = config_setting_get_elem(g->s, i);
		char sub[256];
		int prepend;
		const struct pf_key *k = key_find(keys, config_setting_name(m), &prepend);
		struct pf_node *n = node_new(k ? k->name : NULL, m, g->file);

		key_path(sub, sizeof(sub), path, config_setting_name(m), 0);
		node_add(g, n);
		if (!k)
			return pf_bad(ld, n, "unknown key \"%s\"", sub);
		n->prepend = prepend;
		for (size_t j = 0; j + 1 < g->n; j++)
			if (g->kid[j]->name == k->name)  /* NAME and NAME_prepend: one row */
				return pf_bad(ld, n, "%s: give %s or %s_prepend, not both", sub,
					      k->name, k->name);
		if (k->kind == K_FILE) {
			g->n--;
			node_free(n);
		} else if (k->kind == K_GROUP) {
			if (!config_setting_is_group(m))
				return pf_bad(ld, n, "%s: expected a group { ... }", sub);
			rc = build(ld, n, k->sub, sub);
		} else if (k->kind == K_LIST) {
			if (!config_setting_is_list(m))
				return pf_bad(ld, n, "%s: expected a list ( { ... }, ... )", sub);
			for (unsigned j = 0; j < (unsigned)config_setting_length(m) && !rc; j++) {
				struct pf_node *item = node_new(NULL, config_setting_get_elem(m, j), g->file);
				char ipath[256];

				key_path(ipath, sizeof(ipath), sub, NULL, j);
				node_add(n, item);
				if (!config_setting_is_group(item->s))
					return pf_bad(ld, item, "%s: expected a group { ... }", ipath);
				rc = build(ld, item, k->sub, ipath);
			}
		}
	}
	return rc;
}

/* ---- reading values ---- */

static int
get_number(struct pf_ld *ld, const struct pf_node *n, const char *path, double lo, double hi,
	   double *out)
{
	int t = config_setting_type(n->s);

	if (t == CONFIG_TYPE_INT)
		*out = config_setting_get_int(n->s);
	else if (t == CONFIG_TYPE_INT64)
		*out = (double)config_setting_get_int64(n->s);
	else if (t == CONFIG_TYPE_FLOAT)
		*out = config_setting_get_float(n->s);
	else
		return pf_bad(ld, n, "%s: expected a number", path);
	if (!isfinite(*out) || *out < lo || *out > hi)
		return pf_bad(ld, n, "%s: %g is out of range %g..%g", path, *out, lo, hi);
	return 0;
}

/* A string value (NONEMPTY in flags: not ""); NULL with *rc set when not one. */
static const char *
get_text(struct pf_ld *ld, const struct pf_node *n, const char *path, unsigned flags, int *rc)
{
	const char *v = config_setting_get_string(n->s);

	*rc = 0;
	if (!v)
		*rc = pf_bad(ld, n, "%s: expected a string", path);
	else if ((flags & NONEMPTY) && !*v)
		*rc = pf_bad(ld, n, "%s: expected a non-empty string", path);
	return *rc ? NULL : v;
}

/* An array of strings or numbers: [ "a", "b" ], [ 0.0, -125 ]; its length at k->count. */
static int
get_array(struct pf_ld *ld, const struct pf_key *k, const struct pf_node *n, const char *path,
	  char *dst, char *base)
{
	size_t len = config_setting_is_array(n->s) ? (size_t)config_setting_length(n->s) : 0;
	size_t *count = (size_t *)(base + k->count);
	const char *what = k->kind == K_STRS ? "[ \"text\", ... ]" : "[ numbers ]";
	char **strs = NULL;
	double *nums = NULL;

	if (!config_setting_is_array(n->s))
		return pf_bad(ld, n, "%s: expected %s", path, what);
	if (k->kind == K_STRS)
		*(char ***)dst = strs = ct_xcalloc(len + 1, sizeof(char *));
	else
		*(double **)dst = nums = ct_xcalloc(len + 1, sizeof(double));
	for (size_t i = 0; i < len; i++) {
		const config_setting_t *e = config_setting_get_elem(n->s, (unsigned)i);
		int t = config_setting_type(e);
		const char *v = config_setting_get_string(e);

		if (nums && t == CONFIG_TYPE_INT)
			nums[(*count)++] = config_setting_get_int(e);
		else if (nums && t == CONFIG_TYPE_FLOAT)
			nums[(*count)++] = config_setting_get_float(e);
		else if (strs && v && (*v || !(k->flags & NONEMPTY)))
			strs[(*count)++] = ct_xstrdup(v);
		else
			return pf_bad(ld, n, "%s: expected %s%s", path, what,
				      strs && v ? " of non-empty strings" : "");
	}
	return 0;
}

static int read_keys(struct pf_ld *ld, const struct pf_key *keys, const struct pf_node *g,
		     const char *path, char *base);

/* One key's value n into base + k->off. */
static int
read_key(struct pf_ld *ld, const struct pf_key *k, const struct pf_node *n, const char *path, char *base)
{
	char *dst = base + k->off;
	double d = 0;
	int rc = 0;
	const char *v;

	switch (k->kind) {
	case K_FILE:
		break;
	case K_GROUP:
		rc = read_keys(ld, k->sub, n, path, dst);
		break;
	case K_LIST: {
		size_t *count = (size_t *)(base + k->count);
		char *items = ct_xcalloc(n->n + 1, k->size);

		memcpy(dst, &items, sizeof(items));  /* the field is a pointer to the item type */
		for (size_t i = 0; i < n->n && !rc; i++) {
			char item[256];

			key_path(item, sizeof(item), path, NULL, i);
			(*count)++;
			rc = read_keys(ld, k->sub, n->kid[i], item, items + i * k->size);
		}
		break;
	}
	case K_NUM:
		rc = get_number(ld, n, path, k->lo, k->hi, (double *)dst);
		break;
	case K_INT:
	case K_LONG:
	case K_LLONG:
		if ((rc = get_number(ld, n, path, k->lo, k->hi, &d)))
			break;
		if (k->scale == 0 && d != floor(d))
			return pf_bad(ld, n, "%s: expected a whole number", path);
		if (k->kind == K_INT)
			*(int *)dst = (int)d;
		else if (k->kind == K_LONG)
			*(long *)dst = (long)d;
		else
			*(long long *)dst = llround(d * (k->scale > 0 ? k->scale : 1));
		break;
	case K_FLAG:
		if (config_setting_type(n->s) != CONFIG_TYPE_BOOL)
			return pf_bad(ld, n, "%s: expected true or false", path);
		*(int *)dst = config_setting_get_bool(n->s);
		break;
	case K_STR:
		if (!(v = get_text(ld, n, path, k->flags, &rc)))
			break;
		if (!k->conv)
			*(char **)dst = ct_xstrdup(v);
		else if (k->conv(v, dst) < 0)
			return pf_bad(ld, n, "%s: \"%s\" is not %s", path, v, k->what);
		break;
	case K_STRS:
	case K_NUMS:
		rc = get_array(ld, k, n, path, dst, base);
		break;
	case K_FN:
		rc = k->read(ld, n, path, dst);
		break;
	}
	if (!rc && k->check)
		rc = k->check(ld, n);
	return rc;
}

/* Every key of the table from the group g into base. */
static int
read_keys(struct pf_ld *ld, const struct pf_key *keys, const struct pf_node *g, const char *path,
	  char *base)
{
	for (const struct pf_key *k = keys; k->name; k++) {
		const struct pf_node *n = pf_member(g, k->name);
		char sub[256];
		int rc;

		key_path(sub, sizeof(sub), path, k->name, 0);
		if (!n) {
			if ((k->flags & REQ) && k->kind != K_FILE)
				return pf_bad(ld, g, "%s: missing", sub);
			continue;
		}
		if (k->has)
			*(int *)(base + k->has - 1) = 1;
		if ((rc = read_key(ld, k, n, sub, base)))
			return rc;
	}
	return 0;
}

/* ---- the chain of files ---- */

/* Reads one file (path NULL: the built-in profile) and checks its version. */
static int
read_file(struct pf_ld *ld, const char *path, const char *name, const struct pf_node *from,
	  const config_setting_t **root)
{
	config_t *cfg = &ld->cfg[ld->ncfg++];
	const config_setting_t *vs;
	struct pf_node at = { .file = name };
	int ok;

	config_init(cfg);
	ok = path ? config_read_file(cfg, path) : config_read_string(cfg, ct_default_profile_text);
	if (!ok && config_error_type(cfg) == CONFIG_ERR_FILE_IO) {
		if (from)
			return pf_bad(ld, from, "base \"%s\": cannot read %s", config_setting_get_string(from->s), name);
		return ct_fail(ld->err, CT_EPROFILE, "%s: cannot read the profile", name);
	}
	if (!ok)
		return ct_fail(ld->err, CT_EPROFILE, "%s:%d: %s", name, config_error_line(cfg),
			       config_error_text(cfg));
	*root = config_root_setting(cfg);
	vs = config_setting_get_member(*root, "version");
	at.s = vs;
	if (!vs || config_setting_type(vs) != CONFIG_TYPE_INT || config_setting_get_int(vs) != 1)
		return pf_bad(ld, &at, "version: expected version = 1");
	return 0;
}

/* The file a base names: relative to the directory of the file naming it. */
static char *
base_path(const char *file, const char *base)
{
	const char *slash = strrchr(file, '/');
	struct ct_buf b = CT_BUF_INIT;

	if (base[0] != '/' && slash)
		ct_buf_add(&b, file, (size_t)(slash - file) + 1);
	ct_buf_puts(&b, base);
	return ct_buf_detach(&b);
}

/*
 * Reads path and its bases down to the built-in profile, and merges them
 * into *out (the built-in profile's tree with each file's on top, the
 * named file's last).
 */
static int
read_chain(struct pf_ld *ld, const char *path, struct pf_node **out)
{
	struct pf_node *trees[MAX_CHAIN + 1] = { NULL };
	struct stat seen[MAX_CHAIN];
	struct pf_node *from = NULL;
	char *name = path ? ct_xstrdup(path) : NULL;
	int rc = 0;
	size_t nt = 0;

	ld->p->files = ct_xcalloc(MAX_CHAIN + 2, sizeof(char *));
	for (;;) {
		const config_setting_t *root = NULL, *bs;
		const char *base = NULL;
		const char *file;

		ld->p->files[ld->p->nfiles++] = name ? name : ct_xstrdup(BUILTIN_NAME);
		file = ld->p->files[ld->p->nfiles - 1];
		if (name) {
			if (stat(name, &seen[nt]) != 0) {
				if (from)
					rc = pf_bad(ld, from, "base \"%s\": cannot read %s: %s",
						 config_setting_get_string(from->s), name, strerror(errno));
				else
					rc = ct_fail(ld->err, CT_EPROFILE, "%s: cannot read the profile", name);
				break;
			}
			for (size_t i = 0; i < nt && !rc; i++)
				if (seen[i].st_dev == seen[nt].st_dev && seen[i].st_ino == seen[nt].st_ino)
					rc = pf_bad(ld, from, "base \"%s\": a cycle (%s is already in the chain)",
						 config_setting_get_string(from->s), name);
			if (rc)
				break;
		}
		if ((rc = read_file(ld, name, file, from, &root)))
			break;
		trees[nt] = node_new(NULL, root, file);
		if ((rc = build(ld, trees[nt++], pf_top_keys, "")))
			break;
		if (!name)
			break;
		node_free(from);
		from = NULL;
		if ((bs = config_setting_get_member(root, "base"))) {
			from = node_new("base", bs, file);
			if (!(base = config_setting_get_string(bs)) || !*base) {
				rc = pf_bad(ld, from, "base: expected a profile file name or \"default\"");
				break;
			}
		}
		if (!base || !strcmp(base, "default")) {
			name = NULL;
			continue;
		}
		if (nt == MAX_CHAIN) {
			rc = pf_bad(ld, from, "base \"%s\": more than %d profiles in the chain", base, MAX_CHAIN);
			break;
		}
		name = base_path(file, base);
	}
	node_free(from);
	if (rc) {
		for (size_t i = 0; i < nt; i++)
			node_free(trees[i]);
		return rc;
	}
	*out = trees[nt - 1];
	for (size_t i = nt - 1; i-- > 0;)
		node_merge(*out, trees[i]);
	return 0;
}

/* ---- where each value came from ---- */

/* A string as a profile (json 0) or JSON (json 1) writes it. */
static void
render_string(struct ct_buf *b, const char *s, int json)
{
	ct_buf_puts(b, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c;) {
		size_t n = *c < 0x80 ? 1 : ct_utf8_len(c, strlen((const char *)c));

		if (*c == '"' || *c == '\\')
			ct_buf_printf(b, "\\%c", *c);
		else if (*c == '\n')
			ct_buf_puts(b, "\\n");
		else if (*c == '\t')
			ct_buf_puts(b, "\\t");
		else if (*c < 0x20 || (json && n == 0))
			ct_buf_printf(b, json ? "\\u%04x" : "\\x%02x", n ? *c : 0xfffd);
		else
			ct_buf_add(b, (const char *)c, n ? n : 1);
		c += n ? n : 1;
	}
	ct_buf_puts(b, "\"");
}

/* A scalar or an array's value, as a profile (json 0) or JSON (json 1) writes it. */
static void
render(struct ct_buf *b, const config_setting_t *s, int json)
{
	char num[64];
	double d;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		ct_buf_printf(b, "%d", config_setting_get_int(s));
		break;
	case CONFIG_TYPE_INT64:
		ct_buf_printf(b, "%lld", config_setting_get_int64(s));
		break;
	case CONFIG_TYPE_FLOAT:
		/* the shortest text that reads back as the same double, with a point */
		d = config_setting_get_float(s);
		snprintf(num, sizeof(num), "%.15g", d);
		if (strtod(num, NULL) != d)
			snprintf(num, sizeof(num), "%.17g", d);
		ct_buf_puts(b, num);
		if (!strpbrk(num, ".e"))
			ct_buf_puts(b, ".0");
		break;
	case CONFIG_TYPE_BOOL:
		ct_buf_puts(b, config_setting_get_bool(s) ? "true" : "false");
		break;
	case CONFIG_TYPE_STRING:
		render_string(b, config_setting_get_string(s), json);
		break;
	case CONFIG_TYPE_ARRAY:
		ct_buf_puts(b, json ? "[" : "[ ");
		for (int i = 0; i < config_setting_length(s); i++) {
			if (i)
				ct_buf_puts(b, ", ");
			render(b, config_setting_get_elem(s, (unsigned)i), json);
		}
		ct_buf_puts(b, json ? "]" : (config_setting_length(s) ? " ]" : "]"));
		break;
	default:  /* an empty group or list */
		ct_buf_puts(b, config_setting_is_list(s) ? (json ? "[]" : "( )") : (json ? "{}" : "{ }"));
		break;
	}
}

/* The files of a load, kept for the settings and made into them on the
 * first ask. */
struct ct_profile_origin {
	config_t cfg[MAX_CHAIN + 1];
	size_t ncfg;
	struct pf_node *root;
	pthread_mutex_t lock;
	int made;
	struct ct_profile_setting *settings;
	size_t n, cap;
};

/* Every value under n into o->settings, with its path, file and line. */
static void
record(struct ct_profile_origin *o, const struct pf_node *n, const char *path)
{
	struct ct_profile_setting *st;
	struct ct_buf b = CT_BUF_INIT;

	if (n->n > 0) {
		for (size_t i = 0; i < n->n; i++) {
			char sub[256];

			key_path(sub, sizeof(sub), path, n->kid[i]->name, i);
			record(o, n->kid[i], sub);
		}
		return;
	}
	o->settings = ct_xgrow(o->settings, o->n + 1, &o->cap, sizeof(*o->settings));
	st = &o->settings[o->n++];
	st->path = ct_xstrdup(path);
	render(&b, n->s, 0);
	st->text = ct_buf_detach(&b);
	render(&b, n->s, 1);
	st->json = ct_buf_detach(&b);
	st->file = n->file;
	st->line = config_setting_source_line(n->s);
}

/* ---- the API ---- */

int
ct_profile_load(const char *path, struct ct_profile *p, struct ct_err *err)
{
	struct ct_profile_origin *o = ct_xcalloc(1, sizeof(*o));
	struct pf_ld ld = { .err = err, .p = p, .cfg = o->cfg };
	struct pf_node *root = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&o->lock, NULL);
	p->origin = o;
	rc = read_chain(&ld, path, &root);
	if (!rc) {
		p->name = ct_xstrdup(p->files[0]);
		rc = read_keys(&ld, pf_top_keys, root, "", (char *)p);
	}
	if (!rc) {
		const char *builtin = p->files[p->nfiles - 1];

		p->dt.builtin = p->nfiles > 1 && node_all_from(pf_member(root, "drivetest"), builtin);
		p->noc.builtin = p->nfiles > 1 && node_all_from(pf_member(root, "noc"), builtin);
	}
	/* The files stay parsed, with their merged tree, for the settings. */
	o->root = root;
	o->ncfg = ld.ncfg;
	if (rc)
		ct_profile_free(p);
	return rc;
}

const struct ct_profile_setting *
ct_profile_settings(const struct ct_profile *p, size_t *n)
{
	struct ct_profile_origin *o = p->origin;

	*n = 0;
	if (!o)
		return NULL;
	pthread_mutex_lock(&o->lock);
	if (!o->made) {
		if (o->root)
			record(o, o->root, "");
		o->made = 1;
	}
	pthread_mutex_unlock(&o->lock);
	*n = o->n;
	return o->settings;
}

const struct ct_profile_setting *
ct_profile_setting(const struct ct_profile *p, const char *path)
{
	size_t n;
	const struct ct_profile_setting *set = ct_profile_settings(p, &n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(set[i].path, path))
			return &set[i];
	return NULL;
}

/* The kept files and the settings made from them. */
static void
origin_free(struct ct_profile_origin *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->settings[i].path);
		free(o->settings[i].text);
		free(o->settings[i].json);
	}
	free(o->settings);
	node_free(o->root);
	for (size_t i = 0; i < o->ncfg; i++)
		config_destroy(&o->cfg[i]);
	pthread_mutex_destroy(&o->lock);
	free(o);
}

const struct ct_sigmap *
ct_profile_sigmap(const struct ct_profile *p, int family, int group, long cause,
		  const char *message)
{
	for (size_t i = 0; i < p->nsigmap; i++) {
		const struct ct_sigmap *m = &p->sigmap[i];

		if (m->family != family || (m->group >= 0 && m->group != group))
			continue;
		if (m->lo >= 0 && (cause < m->lo || cause > m->hi))
			continue;
		if (m->message && (!message || !strstr(message, m->message)))
			continue;
		return m;
	}
	return NULL;
}

const struct ct_action *
ct_profile_actions(const struct ct_profile *p, const char *cause)
{
	for (size_t i = 0; i < p->nactions; i++)
		if (!strcmp(p->actions[i].cause, cause))
			return &p->actions[i];
	return NULL;
}

/* What the failures list allocated: the rules, their ranges and sources. */
static void
free_failures(struct ct_failure_rules *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free((void *)f->rule[i].not_failures);
		free((void *)f->rule[i].source);
	}
	free((void *)f->rule);
}

void
ct_profile_free(struct ct_profile *p)
{
	free(p->name);
	for (size_t i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	free(p->files);
	origin_free(p->origin);
	for (int r = 0; r < CT_RAT__COUNT; r++)
		free(p->rat[r].source);
	for (size_t i = 0; i < p->ngrades; i++) {
		for (size_t j = 0; j < p->grades[i].nconds; j++)
			free(p->grades[i].conds[j].text);
		free(p->grades[i].conds);
		free(p->grades[i].name);
	}
	free(p->grades);
	for (size_t i = 0; i < p->nsigmap; i++) {
		free(p->sigmap[i].branch);
		free(p->sigmap[i].message);
	}
	free(p->sigmap);
	for (size_t i = 0; i < p->nactions; i++) {
		for (size_t j = 0; j < p->actions[i].n; j++)
			free(p->actions[i].lines[j]);
		free(p->actions[i].lines);
		free(p->actions[i].cause);
	}
	free(p->actions);
	for (size_t i = 0; i < p->dt.nmaps; i++) {
		struct ct_dt_map *m = &p->dt.maps[i];

		free(m->name); free(m->time); free(m->time_format); free(m->lat); free(m->lon);
		free(m->rat); free(m->cell); free(m->level); free(m->level_add); free(m->quality);
		free(m->sinr); free(m->dl); free(m->ul); free(m->missing);
		free(m->nr_level); free(m->nr_quality); free(m->nr_sinr);
	}
	free(p->dt.maps);
	{
		struct ct_names *nl[] = {
			&p->omc.prb_used, &p->omc.prb_avail, &p->omc.prb_usage_pct, &p->omc.rrc_att,
			&p->omc.rrc_succ, &p->omc.drop_abnormal, &p->omc.drop_normal,
			&p->omc.ul_interference_dbm, &p->omc.packet_load_pct, &p->omc.gateway_load_pct,
			&p->omc.core_board
		};

		for (size_t i = 0; i < sizeof(nl) / sizeof(nl[0]); i++) {
			for (size_t j = 0; j < nl[i]->n; j++)
				free(nl[i]->v[j]);
			free(nl[i]->v);
		}
	}
	free(p->omc.csv_counters.object);
	free(p->omc.csv_counters.time);
	free(p->omc.csv_alarms.object);
	free(p->omc.csv_alarms.name);
	free(p->omc.csv_alarms.severity);
	free(p->omc.csv_alarms.raised);
	free(p->omc.csv_alarms.cleared);
	for (size_t i = 0; i < p->ndepartments; i++) {
		struct ct_department *d = &p->departments[i];

		for (size_t j = 0; j < d->naliases; j++)
			free(d->aliases[j]);
		free(d->aliases);
		free(d->id);
		free(d->name);
	}
	free(p->departments);
	free(p->user_dlts);
	free(p->sbi_ports);
	free_failures(&p->failures);
	free(p->time.zone);
	{
		struct ct_names *nl[] = { &p->time.working_days, &p->time.holidays, &p->time.workdays };

		for (size_t i = 0; i < sizeof(nl) / sizeof(nl[0]); i++) {
			for (size_t j = 0; j < nl[i]->n; j++)
				free(nl[i]->v[j]);
			free(nl[i]->v);
		}
	}
	free(p->time.off);
	free(p->time.on);
	memset(p, 0, sizeof(*p));
}

/* ASCII letters without case; every other byte (UTF-8 included) exactly. */
static int
same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* The first department any of whose names is text (check_departments
 * makes sure no name is two departments'). */
const struct ct_department *
ct_profile_department(const struct ct_profile *p, const char *text)
{
	if (!text)
		return NULL;
	for (size_t i = 0; i < p->ndepartments; i++) {
		const struct ct_department *d = &p->departments[i];

		if (same_name(d->id, text) || same_name(d->name, text))
			return d;
		for (size_t k = 0; k < d->naliases; k++)
			if (same_name(d->aliases[k], text))
				return d;
	}
	return NULL;
}

void
ct_profile_department_ids(const struct ct_profile *p, char *buf, size_t n)
{
	struct ct_buf b = CT_BUF_INIT;

	for (size_t i = 0; i < p->ndepartments; i++)
		ct_buf_printf(&b, "%s%s", i ? ", " : "", p->departments[i].id);
	snprintf(buf, n, "%s", p->ndepartments ? ct_buf_str(&b) : "none");
	ct_buf_free(&b);
}
