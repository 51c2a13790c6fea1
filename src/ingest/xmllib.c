/*
 * xmllib.c — loading libxml2 on first use (xmllib.h).
 */
#define CT_XML_LOADER
#include "celltriage/util.h"
#include "xmllib.h"

struct ct_xml ct_xml;

#define CT_DL_TABLE struct ct_xml
static const struct ct_dl_sym xml_syms[] = {
	CT_XML_FUNCS(CT_DL_SYM)
	{ "xmlFree", offsetof(struct ct_xml, free_fn) },
};

/* The soname of Debian's libxml2 (2.9). */
static struct ct_dl_lib xml_lib = CT_DL_LIB("libxml2.so.2", "libxml2", xml_syms, &ct_xml);

int
ct_xml_load(char *why, size_t n)
{
	return ct_dl_need(&xml_lib, "XML exports need libxml2", why, n);
}
