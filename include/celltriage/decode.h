/*
 * decode.h — one decoder per protocol (src/decode/<protocol>.c).
 *
 * Each ct_decode_* reads exactly one message from p[0..len) through a
 * bounds-checked cursor (cursor.h), adds what it learnt to d (dissect.h:
 * protocol, message name, causes, identities) and returns a status:
 * CT_DEC_OK, or why the message could not be fully decoded. A decoder never
 * reads outside p[0..len), never allocates, never aborts, and terminates on
 * any input (every loop is bounded by the bytes left or by a fixed cap).
 *
 * The caller (src/ingest/) owns d and must ct_dissect_reset() it per message.
 * Decoders that carry another protocol (S1AP's NAS-PDU, GSMTAP's payload)
 * call the inner decoder with the same d.
 */
#ifndef CELLTRIAGE_DECODE_H
#define CELLTRIAGE_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "celltriage/dissect.h"
#include "celltriage/util.h"

/* Network side: TS 29.274, RFC 6733 / TS 29.272 / TS 29.212, RFC 3261. */
enum ct_dec_status ct_decode_gtpv2(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_diameter(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_sip(const uint8_t *p, size_t len, struct ct_dissect *d);

/* Framing for stream transports (TCP): the length of the complete message at
 * the start of p, 0 when more bytes are needed, or (size_t)-1 when p does not
 * start with such a message. */
size_t ct_diameter_frame_len(const uint8_t *p, size_t len);
size_t ct_sip_frame_len(const uint8_t *p, size_t len);

/* RAN and NAS: TS 36.413, TS 38.413 (aligned PER), TS 24.301, TS 24.501. */
enum ct_dec_status ct_decode_s1ap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_ngap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_nas_eps(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_nas_5gs(const uint8_t *p, size_t len, struct ct_dissect *d);

/* Phone side: GSMTAP (UDP 4729) with GSM Um L3 (TS 44.018 RR, TS 24.008
 * MM/CC) and LTE RRC (TS 36.331, unaligned PER). */
enum ct_dec_status ct_decode_gsmtap(const uint8_t *p, size_t len, struct ct_dissect *d);
enum ct_dec_status ct_decode_gsm_l3(const uint8_t *p, size_t len, struct ct_dissect *d);

/* Cause tables, value -> 3GPP/IETF name, terminated by {0, NULL}. Used by
 * ct_cause_name() (dissect.c). For S1AP/NGAP the table depends on the group. */
const struct ct_name *ct_gtpv2_cause_table(void);
const struct ct_name *ct_diameter_result_table(void);
/* Experimental-Result-Code (3GPP vendor 10415) values: their numbers overlap
 * the base Result-Codes, so they are a cause group of their own. */
const struct ct_name *ct_diameter_experimental_table(void);
/* Application-Id -> name ("S6a", "Gx", "Gy", ...). */
const struct ct_name *ct_diameter_application_table(void);
const struct ct_name *ct_sip_status_table(void);
const struct ct_name *ct_q850_cause_table(void);        /* CC cause and SIP Reason Q.850 */
const struct ct_name *ct_emm_cause_table(void);
const struct ct_name *ct_esm_cause_table(void);
const struct ct_name *ct_5gmm_cause_table(void);
const struct ct_name *ct_5gsm_cause_table(void);
const struct ct_name *ct_s1ap_cause_table(enum ct_cause_group g);
const struct ct_name *ct_ngap_cause_table(enum ct_cause_group g);
const struct ct_name *ct_rr_cause_table(void);
const struct ct_name *ct_mm_cause_table(void);
const struct ct_name *ct_lte_rrc_cause_table(void);

#endif
