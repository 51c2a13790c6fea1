/*
 * bcd.h — telephony BCD shared by the RAN and NAS decoders (private to
 * src/decode/): PLMN identities (TS 24.008 10.5.1.3, TS 36.413 9.2.3.8) and
 * the digit strings of mobile identities (TS 24.008 10.5.1.4).
 */
#ifndef CELLTRIAGE_DECODE_BCD_H
#define CELLTRIAGE_DECODE_BCD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes "mcc-mnc" ("001-01", "310-260") from the 3 octets of a PLMN
 * identity. Returns 0, or -1 when a digit is not 0-9 (out is then "").
 * n must be at least 8.
 */
int ct_bcd_plmn(const uint8_t p[3], char *out, size_t n);

/*
 * Writes the BCD digits of p[0..len), low nibble first in each octet,
 * starting at nibble `first` (0 = low nibble of p[0], 1 = its high nibble)
 * and stopping at the first 0xF filler or at the end. Returns the number of
 * digits, or -1 when a nibble is not 0-9 or a filler is followed by anything
 * but fillers. At most n-1
 * digits are written; out is always NUL-terminated.
 */
int ct_bcd_digits(const uint8_t *p, size_t len, unsigned first, char *out, size_t n);

#endif
