/*
 * mhd.c — loading libmicrohttpd when the desk starts (mhd.h).
 */
#define DESK_MHD_LOADER
#include <stdio.h>

#include "celltriage/util.h"
#include "mhd.h"

struct desk_mhd desk_mhd;

static const struct ct_dl_sym mhd_syms[] = {
#define DESK_MHD_SYM(ret, name, params) { #name, offsetof(struct desk_mhd, name) },
	DESK_MHD_FUNCS(DESK_MHD_SYM)
#undef DESK_MHD_SYM
};

/* The soname of Debian's libmicrohttpd12. */
static struct ct_dl_lib mhd_lib = {
	"libmicrohttpd.so.12", "libmicrohttpd12", mhd_syms, sizeof(mhd_syms) / sizeof(mhd_syms[0]),
	&desk_mhd, PTHREAD_MUTEX_INITIALIZER, 0, 0, ""
};

int
desk_mhd_load(char *why, size_t n)
{
	if (ct_dl_load(&mhd_lib) == 0)
		return 0;
	snprintf(why, n, "the desk needs libmicrohttpd: %s", mhd_lib.why);
	return -1;
}
