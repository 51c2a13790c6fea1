/*
 * pcaplib.h — libpcap, loaded when the first capture is opened
 * (ct_pcap_load) instead of linked into the program: libpcap brings D-Bus,
 * systemd and libgcrypt with it, and their loading cost every command
 * (a filing, a listing) about a millisecond at start, and made libpq's
 * loading slower again, whether it read a capture or not.
 *
 * The capture reader calls libpcap by libpcap's own names: after this
 * header (included after <pcap/pcap.h>) each name is the entry of
 * ct_pcap that ct_pcap_load filled from the library. Nothing may call one
 * before ct_pcap_load has returned 0.
 */
#ifndef CELLTRIAGE_INGEST_PCAPLIB_H
#define CELLTRIAGE_INGEST_PCAPLIB_H

#include <stddef.h>

#include <pcap/pcap.h>

#include "celltriage/util.h"

/* X(return type, name, parameters): the functions the reader calls. */
#define CT_PCAP_FUNCS(X) \
	X(void, pcap_close, (pcap_t *)) \
	X(int, pcap_datalink, (pcap_t *)) \
	X(const char *, pcap_datalink_val_to_name, (int)) \
	X(pcap_t *, pcap_fopen_offline, (FILE *, char *)) \
	X(char *, pcap_geterr, (pcap_t *)) \
	X(int, pcap_next_ex, (pcap_t *, struct pcap_pkthdr **, const u_char **))

struct ct_pcap {
	CT_PCAP_FUNCS(CT_DL_MEMBER)
};
extern struct ct_pcap ct_pcap;

/* Loads libpcap once (thread-safe): 0, or -1 with why (one line). */
int ct_pcap_load(char *why, size_t n);

#ifndef CT_PCAP_LOADER
#define pcap_close                (ct_pcap.pcap_close)
#define pcap_datalink             (ct_pcap.pcap_datalink)
#define pcap_datalink_val_to_name (ct_pcap.pcap_datalink_val_to_name)
#define pcap_fopen_offline        (ct_pcap.pcap_fopen_offline)
#define pcap_geterr               (ct_pcap.pcap_geterr)
#define pcap_next_ex              (ct_pcap.pcap_next_ex)
#endif

#endif
