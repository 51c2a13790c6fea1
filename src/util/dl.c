/*
 * dl.c — libraries loaded when first needed (util.h ct_dl_fill): libpq
 * when a PostgreSQL store is opened, libmicrohttpd when the desk starts,
 * libpcap when a capture is opened, libxml2 when an XML export is read.
 * Linked, each would cost every command its own start-up and that of what
 * it brings (Kerberos, LDAP, two TLS libraries), whether it used it or not.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "celltriage/util.h"

int
ct_dl_load(struct ct_dl_lib *lib)
{
	/* Once per library, whichever thread asks first; the others wait. */
	pthread_mutex_lock(&lib->lock);
	if (!lib->tried) {
		lib->failed = ct_dl_fill(lib->soname, lib->package, lib->syms, lib->nsyms, lib->table,
					 lib->why, sizeof(lib->why)) != 0;
		lib->tried = 1;
	}
	pthread_mutex_unlock(&lib->lock);
	return lib->failed ? -1 : 0;
}

int
ct_dl_need(struct ct_dl_lib *lib, const char *what, char *why, size_t n)
{
	if (ct_dl_load(lib) == 0)
		return 0;
	snprintf(why, n, "%s: %s", what, lib->why);
	return -1;
}

int
ct_dl_fill(const char *soname, const char *package, const struct ct_dl_sym *syms, size_t n,
	   void *table, char *why, size_t wn)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		snprintf(why, wn, "cannot load %s (Debian package %s): %s", soname, package,
			 dlerror());
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		void *f = dlsym(lib, syms[i].name);

		if (!f) {
			snprintf(why, wn, "%s has no %s: a newer %s is needed", soname, syms[i].name,
				 package);
			memset(table, 0, syms[n - 1].off + sizeof(f));
			return -1;
		}
		/* POSIX: a function's address as dlsym gives it. */
		memcpy((char *)table + syms[i].off, &f, sizeof(f));
	}
	/* Never closed: its functions are used until the program ends. */
	return 0;
}
