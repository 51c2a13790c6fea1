/*
 * pcaplib.c — loading libpcap on first use (pcaplib.h).
 */
#define CT_PCAP_LOADER
#include <stdio.h>

#include "celltriage/util.h"
#include "pcaplib.h"

struct ct_pcap ct_pcap;

static const struct ct_dl_sym pcap_syms[] = {
#define CT_PCAP_SYM(ret, name, params) { #name, offsetof(struct ct_pcap, name) },
	CT_PCAP_FUNCS(CT_PCAP_SYM)
#undef CT_PCAP_SYM
};

/* The soname of Debian's libpcap0.8 (libpcap 1.x). */
static struct ct_dl_lib pcap_lib = {
	"libpcap.so.0.8", "libpcap0.8", pcap_syms, sizeof(pcap_syms) / sizeof(pcap_syms[0]),
	&ct_pcap, PTHREAD_MUTEX_INITIALIZER, 0, 0, ""
};

int
ct_pcap_load(char *why, size_t n)
{
	if (ct_dl_load(&pcap_lib) == 0)
		return 0;
	snprintf(why, n, "captures need libpcap: %s", pcap_lib.why);
	return -1;
}
