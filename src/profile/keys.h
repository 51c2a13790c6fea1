/*
 * keys.h — private to src/profile/: the row type of the key table (keys.c,
 * every key a profile may set) and what its readers use of the loader
 * (profile.c: the chain of files, their merged tree, the generic reader).
 */
#ifndef CELLTRIAGE_PROFILE_KEYS_H
#define CELLTRIAGE_PROFILE_KEYS_H

#include <libconfig.h>
#include <stddef.h>

#include "celltriage/profile.h"

#define MAX_CHAIN 8     /* profile files in a chain, the built-in one not counted */

/*
 * A setting of the merged profile: a group (its members in kid), a list (its
 * items in kid, each a group) or a value (a scalar or an array, in s). A
 * group merged from several files keeps the first file's s and file.
 */
struct pf_node {
	const char *name;           /* the key table's name; NULL for a list item */
	int prepend;                /* a list written as NAME_prepend */
	const config_setting_t *s;
	const char *file;           /* the file s is in (one of ct_profile.files) */
	struct pf_node **kid;
	size_t n, cap;
};

/* One load: where errors go, the profile being filled, the files read. */
struct pf_ld {
	struct ct_err *err;
	struct ct_profile *p;
	config_t *cfg;              /* [MAX_CHAIN + 1]: ct_profile_origin's, kept */
	size_t ncfg;
};

enum pf_kind {
	K_FILE,   /* version, base: each file's own, not merged */
	K_GROUP,  /* { ... }: the keys of sub, merged key by key */
	K_LIST,   /* ( { ... }, ... ): items of sub's keys, size bytes each */
	K_NUM,    /* a number -> double */
	K_INT,    /* a whole number -> int */
	K_LONG,   /* a whole number -> long */
	K_LLONG,  /* a number times scale, rounded -> long long */
	K_FLAG,   /* true or false -> int */
	K_STR,    /* a string -> char * */
	K_STRS,   /* [ "text", ... ] -> char ** and a size_t count */
	K_NUMS,   /* [ numbers ] -> double * and a size_t count */
	K_FN      /* read converts it */
};

enum { REQ = 1, NONEMPTY = 2 };

/* HAS(off): the int at off is set to 1 when the key is there (0: no such int). */
#define HAS(off) ((off) + 1)

/* A row of the key table; a table ends with a row whose name is NULL. */
struct pf_key {
	const char *name;
	enum pf_kind kind;
	size_t off;         /* where the value goes, from the start of the group's struct */
	double lo, hi;      /* numbers: the range */
	unsigned flags;     /* REQ: must be there; NONEMPTY: strings are not "" */
	size_t has;         /* HAS(offset) or 0 */
	size_t count;       /* K_LIST, K_STRS, K_NUMS: offset of the size_t count */
	const struct pf_key *sub;  /* K_GROUP, K_LIST: the keys inside */
	size_t size;        /* K_LIST: one item's size */
	double scale;       /* K_LLONG: seconds per unit (0: 1, a whole number) */
	/* K_STR: converts the text into dst (else it is copied); -1: it is not `what` */
	int (*conv)(const char *v, void *dst);
	const char *what;
	/* K_FN: converts the value n into dst (base + off); 0 or pf_bad's code */
	int (*read)(struct pf_ld *, const struct pf_node *n, const char *path, void *dst);
	/* after the value is read: rules across keys; 0 or pf_bad's code */
	int (*check)(struct pf_ld *, const struct pf_node *n);
};

/* The keys of a profile's top level (keys.c). */
extern const struct pf_key pf_top_keys[];

/* Reports an error at the node's line: "file:line: message"; returns CT_EPROFILE. */
int pf_bad(struct pf_ld *ld, const struct pf_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The member of group g that the key table calls name; NULL when none. */
struct pf_node *pf_member(const struct pf_node *g, const char *name);

#endif
