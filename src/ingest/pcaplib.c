/*
 * pcaplib.c — loading libpcap on first use (pcaplib.h).
 */
#define CT_PCAP_LOADER
#include "celltriage/util.h"
#include "pcaplib.h"

struct ct_pcap ct_pcap;

#define CT_DL_TABLE struct ct_pcap
static const struct ct_dl_sym pcap_syms[] = { CT_PCAP_FUNCS(CT_DL_SYM) };

/* The soname of Debian's libpcap0.8 (libpcap 1.x). */
static struct ct_dl_lib pcap_lib = CT_DL_LIB("libpcap.so.0.8", "libpcap0.8", pcap_syms, &ct_pcap);

int
ct_pcap_load(char *why, size_t n)
{
	return ct_dl_need(&pcap_lib, "captures need libpcap", why, n);
}
