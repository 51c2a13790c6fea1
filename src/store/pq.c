/*
 * pq.c — loading libpq on first use (pq.h).
 */
#define ST_PQ_LOADER
#include "celltriage/util.h"
#include "pq.h"

struct st_pq st_pq;

#define CT_DL_TABLE struct st_pq
static const struct ct_dl_sym pq_syms[] = { ST_PQ_FUNCS(CT_DL_SYM) };

/* The soname of libpq 10 and later (Debian's libpq5). */
static struct ct_dl_lib pq_lib = CT_DL_LIB("libpq.so.5", "libpq5", pq_syms, &st_pq);

int
st_pq_load(char *why, size_t n)
{
	return ct_dl_need(&pq_lib, "PostgreSQL stores need libpq", why, n);
}
