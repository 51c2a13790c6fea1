/* bcd.c — PLMN identities and BCD digit strings (TS 24.008 10.5.1.3, 10.5.1.4). */
#include "bcd.h"
#include "text.h"

/*
 *   PLMN identity, 3 octets:
 *     +-------------+-------------+
 *     | MCC digit 2 | MCC digit 1 |  octet 1
 *     | MNC digit 3 | MCC digit 3 |  octet 2   (MNC digit 3 = 0xF: 2-digit MNC)
 *     | MNC digit 2 | MNC digit 1 |  octet 3
 *     +-------------+-------------+
 */
int
ct_bcd_plmn(const uint8_t p[3], char *out, size_t n)
{
	unsigned d[6] = { p[0] & 0xfu, p[0] >> 4, p[1] & 0xfu,
			  p[2] & 0xfu, p[2] >> 4, p[1] >> 4 };
	unsigned i;
	struct ct_tw w;

	ct_tw_init(&w, out, n);
	for (i = 0; i < 5; i++)
		if (d[i] > 9)
			return -1;
	if (d[5] != 0xf && d[5] > 9)
		return -1;
	for (i = 0; i < 6; i++) {
		if (i == 3)
			ct_tw_char(&w, '-');
		if (d[i] <= 9) /* d[5] is 0xF for a two-digit MNC */
			ct_tw_char(&w, (char)('0' + d[i]));
	}
	return 0;
}

int
ct_bcd_digits(const uint8_t *p, size_t len, unsigned first, char *out, size_t n)
{
	size_t i, w = 0;
	unsigned v;

	if (n == 0)
		return -1;
	out[0] = '\0';
	for (i = first; i < len * 2; i++) {
		v = (i & 1) ? p[i / 2] >> 4 : p[i / 2] & 0xfu;
		if (v == 0xf) {
			/* fillers end the digits: everything after is 0xF too */
			for (i++; i < len * 2; i++)
				if (((i & 1) ? p[i / 2] >> 4 : p[i / 2] & 0xfu) != 0xf)
					return -1;
			break;
		}
		if (v > 9)
			return -1;
		if (w + 1 < n)
			out[w++] = (char)('0' + v);
	}
	out[w] = '\0';
	return (int)w;
}
