/*
 * mhd.c — loading libmicrohttpd when the desk starts (mhd.h).
 */
#define DESK_MHD_LOADER
#include "celltriage/util.h"
#include "mhd.h"

struct desk_mhd desk_mhd;

#define CT_DL_TABLE struct desk_mhd
static const struct ct_dl_sym mhd_syms[] = { DESK_MHD_FUNCS(CT_DL_SYM) };

/* The soname of Debian's libmicrohttpd12. */
static struct ct_dl_lib mhd_lib = CT_DL_LIB("libmicrohttpd.so.12", "libmicrohttpd12", mhd_syms,
					    &desk_mhd);

int
desk_mhd_load(char *why, size_t n)
{
	return ct_dl_need(&mhd_lib, "the desk needs libmicrohttpd", why, n);
}
