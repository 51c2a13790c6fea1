/*
 * iuh.h — what HNBAP (hnbap.c) and RUA (rua.c) read alike (private to
 * src/decode/): their Cause CHOICE and their Context-ID.
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

/* Context-ID ::= BIT STRING (SIZE (24)) (TS 25.469 §9.2.1.8, TS 25.468
 * §9.2.1.5): added to d as CT_ID_RUA_CTX, 6 hex digits. */
void ct_iuh_context_id(struct ct_cur *v, struct ct_dissect *d);

#endif
