/*
 * xmllib.c — loading libxml2 on first use (xmllib.h).
 */
#define CT_XML_LOADER
#include <stdio.h>

#include "celltriage/util.h"
#include "xmllib.h"

struct ct_xml ct_xml;

static const struct ct_dl_sym xml_syms[] = {
#define CT_XML_SYM(ret, name, params) { #name, offsetof(struct ct_xml, name) },
	CT_XML_FUNCS(CT_XML_SYM)
#undef CT_XML_SYM
	{ "xmlFree", offsetof(struct ct_xml, free_fn) },
};

/* The soname of Debian's libxml2 (2.9). */
static struct ct_dl_lib xml_lib = {
	"libxml2.so.2", "libxml2", xml_syms, sizeof(xml_syms) / sizeof(xml_syms[0]), &ct_xml,
	PTHREAD_MUTEX_INITIALIZER, 0, 0, ""
};

int
ct_xml_load(char *why, size_t n)
{
	if (ct_dl_load(&xml_lib) == 0)
		return 0;
	snprintf(why, n, "XML exports need libxml2: %s", xml_lib.why);
	return -1;
}
