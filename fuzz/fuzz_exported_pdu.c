/* fuzz_exported_pdu.c — libFuzzer target for ct_exported_pdu_header
 * (decode.h): any bytes, no crash, no read outside the input, and a
 * consistent result (a NUL-terminated name, the PDU within the input). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "celltriage/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_exported_pdu h;
	enum ct_dec_status st = ct_exported_pdu_header(data, size, &h);

	if (st > CT_DEC_NOT_REASSEMBLED || memchr(h.proto, '\0', sizeof(h.proto)) == NULL ||
	    h.src_len > 16 || h.dst_len > 16 || h.sport > 65535 || h.dport > 65535)
		__builtin_trap();
	if (st == CT_DEC_OK && (h.payload > size || h.proto[0] == '\0'))
		__builtin_trap();
	return 0;
}
