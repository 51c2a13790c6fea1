/*
 * mhd.h — libmicrohttpd, loaded when the desk starts (desk_mhd_load)
 * instead of linked into the program: it brings GnuTLS and its helpers,
 * whose set-up cost every command about 2 ms at start, serving or not.
 *
 * The desk calls libmicrohttpd by its own names: after this header
 * (included after <microhttpd.h>) each name is the entry of desk_mhd
 * that desk_mhd_load filled from the library. Nothing may call one before
 * desk_mhd_load has returned 0.
 */
#ifndef CELLTRIAGE_DESK_MHD_H
#define CELLTRIAGE_DESK_MHD_H

#include <stddef.h>

#include <microhttpd.h>

#include "celltriage/util.h"

/* X(return type, name, parameters): the functions the desk calls. */
#define DESK_MHD_FUNCS(X) \
	X(enum MHD_Result, MHD_add_response_header, (struct MHD_Response *, const char *, \
						     const char *)) \
	X(struct MHD_Response *, MHD_create_response_from_buffer, (size_t, void *, \
								   enum MHD_ResponseMemoryMode)) \
	X(void, MHD_destroy_response, (struct MHD_Response *)) \
	X(const union MHD_ConnectionInfo *, MHD_get_connection_info, \
	  (struct MHD_Connection *, enum MHD_ConnectionInfoType, ...)) \
	X(int, MHD_get_connection_values, (struct MHD_Connection *, enum MHD_ValueKind, \
					   MHD_KeyValueIterator, void *)) \
	X(const union MHD_DaemonInfo *, MHD_get_daemon_info, \
	  (struct MHD_Daemon *, enum MHD_DaemonInfoType, ...)) \
	X(const char *, MHD_lookup_connection_value, (struct MHD_Connection *, enum MHD_ValueKind, \
						      const char *)) \
	X(enum MHD_Result, MHD_queue_response, (struct MHD_Connection *, unsigned int, \
						struct MHD_Response *)) \
	X(struct MHD_Daemon *, MHD_start_daemon, (unsigned int, uint16_t, MHD_AcceptPolicyCallback, \
						  void *, MHD_AccessHandlerCallback, void *, ...)) \
	X(void, MHD_stop_daemon, (struct MHD_Daemon *))

struct desk_mhd {
	DESK_MHD_FUNCS(CT_DL_MEMBER)
};
extern struct desk_mhd desk_mhd;

/* Loads libmicrohttpd once (thread-safe): 0, or -1 with why (one line). */
int desk_mhd_load(char *why, size_t n);

#ifndef DESK_MHD_LOADER
#define MHD_add_response_header         (desk_mhd.MHD_add_response_header)
#define MHD_create_response_from_buffer (desk_mhd.MHD_create_response_from_buffer)
#define MHD_destroy_response            (desk_mhd.MHD_destroy_response)
#define MHD_get_connection_info         (desk_mhd.MHD_get_connection_info)
#define MHD_get_connection_values       (desk_mhd.MHD_get_connection_values)
#define MHD_get_daemon_info             (desk_mhd.MHD_get_daemon_info)
#define MHD_lookup_connection_value     (desk_mhd.MHD_lookup_connection_value)
#define MHD_queue_response              (desk_mhd.MHD_queue_response)
#define MHD_start_daemon                (desk_mhd.MHD_start_daemon)
#define MHD_stop_daemon                 (desk_mhd.MHD_stop_daemon)
#endif

#endif
