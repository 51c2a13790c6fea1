/*
 * xmllib.h — libxml2, loaded when the first XML export is read
 * (ct_xml_load) instead of linked into the program: libxml2 brings ICU and
 * the C++ runtime with it, and their loading cost every command (a filing,
 * a listing) about a millisecond at start, and made libpq's loading slower
 * again, whether it read XML or not.
 *
 * The OMC reader calls libxml2 by libxml2's own names: after this header
 * (included after libxml2's) each name is the entry of ct_xml that
 * ct_xml_load filled from the library; xmlFree, a variable there (the
 * library's free function), is read through its address. Nothing may use
 * one before ct_xml_load has returned 0.
 */
#ifndef CELLTRIAGE_INGEST_XMLLIB_H
#define CELLTRIAGE_INGEST_XMLLIB_H

#include <stddef.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "celltriage/util.h"

/* X(return type, name, parameters): the functions the reader calls. */
#define CT_XML_FUNCS(X) \
	X(xmlDocPtr, xmlCtxtReadMemory, (xmlParserCtxtPtr, const char *, int, const char *, \
					 const char *, int)) \
	X(xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *)) \
	X(void, xmlFreeDoc, (xmlDocPtr)) \
	X(void, xmlFreeParserCtxt, (xmlParserCtxtPtr)) \
	X(long, xmlGetLineNo, (const xmlNode *)) \
	X(xmlChar *, xmlGetProp, (const xmlNode *, const xmlChar *)) \
	X(xmlParserCtxtPtr, xmlNewParserCtxt, (void)) \
	X(xmlChar *, xmlNodeGetContent, (const xmlNode *)) \
	X(void, xmlSetStructuredErrorFunc, (void *, xmlStructuredErrorFunc)) \
	X(xmlChar *, xmlStrdup, (const xmlChar *))

struct ct_xml {
	CT_XML_FUNCS(CT_DL_MEMBER)
	xmlFreeFunc *free_fn;   /* the address of the library's xmlFree */
};
extern struct ct_xml ct_xml;

/* Loads libxml2 once (thread-safe): 0, or -1 with why (one line). */
int ct_xml_load(char *why, size_t n);

#ifndef CT_XML_LOADER
#define xmlCtxtReadMemory         (ct_xml.xmlCtxtReadMemory)
#define xmlDocGetRootElement      (ct_xml.xmlDocGetRootElement)
#define xmlFreeDoc                (ct_xml.xmlFreeDoc)
#define xmlFreeParserCtxt         (ct_xml.xmlFreeParserCtxt)
#define xmlGetLineNo              (ct_xml.xmlGetLineNo)
#define xmlGetProp                (ct_xml.xmlGetProp)
#define xmlNewParserCtxt          (ct_xml.xmlNewParserCtxt)
#define xmlNodeGetContent         (ct_xml.xmlNodeGetContent)
#define xmlSetStructuredErrorFunc (ct_xml.xmlSetStructuredErrorFunc)
#define xmlStrdup                 (ct_xml.xmlStrdup)
#undef xmlFree
#define xmlFree                   (*ct_xml.free_fn)
#endif

#endif
