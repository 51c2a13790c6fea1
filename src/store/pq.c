/*
 * pq.c — loading libpq on first use (pq.h).
 */
#define ST_PQ_LOADER
#include <stdio.h>

#include "celltriage/util.h"
#include "pq.h"

struct st_pq st_pq;

static const struct ct_dl_sym pq_syms[] = {
#define ST_PQ_SYM(ret, name, params) { #name, offsetof(struct st_pq, name) },
	ST_PQ_FUNCS(ST_PQ_SYM)
#undef ST_PQ_SYM
};

/* The soname of libpq 10 and later (Debian's libpq5). */
static struct ct_dl_lib pq_lib = {
	"libpq.so.5", "libpq5", pq_syms, sizeof(pq_syms) / sizeof(pq_syms[0]), &st_pq,
	PTHREAD_MUTEX_INITIALIZER, 0, 0, ""
};

int
st_pq_load(char *why, size_t n)
{
	if (ct_dl_load(&pq_lib) == 0)
		return 0;
	snprintf(why, n, "PostgreSQL stores need libpq: %s", pq_lib.why);
	return -1;
}
