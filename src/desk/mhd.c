/*
 * mhd.c — loading libmicrohttpd when the desk starts (mhd.h).
 */
#define DESK_MHD_LOADER
#include <pthread.h>
#include <stdio.h>

#include "celltriage/util.h"
#include "mhd.h"

/* The soname of Debian's libmicrohttpd12. */
#define MHD_LIBRARY "libmicrohttpd.so.12"

struct desk_mhd desk_mhd;

static const struct ct_dl_sym mhd_syms[] = {
#define DESK_MHD_SYM(ret, name, params) { #name, offsetof(struct desk_mhd, name) },
	DESK_MHD_FUNCS(DESK_MHD_SYM)
#undef DESK_MHD_SYM
};

static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
static int mhd_failed;
static char mhd_why[256];

static void
mhd_open(void)
{
	mhd_failed = ct_dl_fill(MHD_LIBRARY, "libmicrohttpd12", mhd_syms,
				sizeof(mhd_syms) / sizeof(mhd_syms[0]), &desk_mhd, mhd_why,
				sizeof(mhd_why)) != 0;
}

int
desk_mhd_load(char *why, size_t n)
{
	pthread_once(&mhd_once, mhd_open);
	if (!mhd_failed)
		return 0;
	snprintf(why, n, "the desk needs libmicrohttpd: %s", mhd_why);
	return -1;
}
