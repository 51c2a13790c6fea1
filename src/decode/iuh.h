/*
 * iuh.h — what HNBAP (hnbap.c), RUA (rua.c) and NBAP (nbap.c) read alike
 * (private to src/decode/): their Cause CHOICE, the names of its transport
 * and protocol values (and HNBAP's and RUA's misc ones), and Iuh's
 * Context-ID. Defined in hnbap.c.
 */
#ifndef CELLTRIAGE_DECODE_IUH_H
#define CELLTRIAGE_DECODE_IUH_H

#include "celltriage/cursor.h"
#include "celltriage/dissect.h"

/*
 * Cause ::= CHOICE { radioNetwork, transport, protocol, misc, ... } (TS
 * 25.469 §9.2.1.2, TS 25.468 §9.2.1.3), each an extensible ENUMERATED
 * whose root size is nroot[alternative]; added to d as family fam, the
 * enumeration index as value. A CHOICE extension marks v invalid.
 */
void ct_iuh_cause(struct ct_cur *v, struct ct_dissect *d, enum ct_family fam,
		  const unsigned nroot[4]);

/* The values of CauseTransport (transport-resource-unavailable,
 * unspecified), CauseProtocol (transfer-syntax-error ..
 * abstract-syntax-error-falsely-constructed-message) and, for HNBAP and
 * RUA, CauseMisc (processing-overload .. unspecified): the same
 * enumerations in TS 25.469 §9.2.1.2, TS 25.468 §9.2.1.3 and, but for
 * misc, TS 25.433 §9.2.1.6. */
extern const struct ct_name ct_iuh_transport_causes[];
extern const struct ct_name ct_iuh_protocol_causes[];
extern const struct ct_name ct_iuh_misc_causes[];

/* Context-ID ::= BIT STRING (SIZE (24)) (TS 25.469 §9.2.1.8, TS 25.468
 * §9.2.1.5): added to d as CT_ID_RUA_CTX, 6 hex digits. */
void ct_iuh_context_id(struct ct_cur *v, struct ct_dissect *d);

#endif
