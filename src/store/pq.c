/*
 * pq.c — loading libpq on first use (pq.h).
 */
#define ST_PQ_LOADER
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "pq.h"

/* The soname of libpq 10 and later (Debian's libpq5). */
#define PQ_LIBRARY "libpq.so.5"

struct st_pq st_pq;

static const struct {
	const char *name;
	size_t off;
} pq_syms[] = {
#define ST_PQ_SYM(ret, name, params) { #name, offsetof(struct st_pq, name) },
	ST_PQ_FUNCS(ST_PQ_SYM)
#undef ST_PQ_SYM
};

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_why[256];   /* empty: loaded */

static void
pq_open(void)
{
	void *lib = dlopen(PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		snprintf(pq_why, sizeof(pq_why), "PostgreSQL stores need libpq (Debian package libpq5): %s",
			 dlerror());
		return;
	}
	for (size_t i = 0; i < sizeof(pq_syms) / sizeof(pq_syms[0]); i++) {
		void *f = dlsym(lib, pq_syms[i].name);

		if (!f) {
			snprintf(pq_why, sizeof(pq_why), "%s has no %s: libpq 10 or later is needed",
				 PQ_LIBRARY, pq_syms[i].name);
			memset(&st_pq, 0, sizeof(st_pq));
			return;
		}
		/* POSIX: a function's address as dlsym gives it. */
		memcpy((char *)&st_pq + pq_syms[i].off, &f, sizeof(f));
	}
	/* Never closed: its functions are used until the program ends. */
}

int
st_pq_load(char *why, size_t n)
{
	pthread_once(&pq_once, pq_open);
	if (!pq_why[0])
		return 0;
	snprintf(why, n, "%s", pq_why);
	return -1;
}
