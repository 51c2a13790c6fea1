/*
 * pq.c — loading libpq on first use (pq.h).
 */
#define ST_PQ_LOADER
#include <pthread.h>
#include <stdio.h>

#include "celltriage/util.h"
#include "pq.h"

/* The soname of libpq 10 and later (Debian's libpq5). */
#define PQ_LIBRARY "libpq.so.5"

struct st_pq st_pq;

static const struct ct_dl_sym pq_syms[] = {
#define ST_PQ_SYM(ret, name, params) { #name, offsetof(struct st_pq, name) },
	ST_PQ_FUNCS(ST_PQ_SYM)
#undef ST_PQ_SYM
};

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static int pq_failed;
static char pq_why[256];

static void
pq_open(void)
{
	pq_failed = ct_dl_fill(PQ_LIBRARY, "libpq5", pq_syms, sizeof(pq_syms) / sizeof(pq_syms[0]),
			       &st_pq, pq_why, sizeof(pq_why)) != 0;
}

int
st_pq_load(char *why, size_t n)
{
	pthread_once(&pq_once, pq_open);
	if (!pq_failed)
		return 0;
	snprintf(why, n, "PostgreSQL stores need libpq: %s", pq_why);
	return -1;
}
