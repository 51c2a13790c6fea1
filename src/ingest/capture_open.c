/*
 * capture_open.c — a capture read by its content whatever the compression
 * around it: gzip (RFC 1952; what Wireshark writes when asked to compress,
 * and how traces are archived), inflated by zlib into a stdio stream that
 * libpcap reads as it reads a file (fopencookie(3)). Anything else goes to
 * libpcap as it is, which then says whether it is a capture.
 *
 *   file bytes --> first two: 1f 8b (RFC 1952 §2.3.1 ID1 ID2)?
 *                    yes: inflate, member after member (§2.2) --> libpcap
 *                    no:  the stream itself (rewound), or, when it cannot be
 *                         rewound (a pipe), the two bytes then the rest
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>

#include "capture_int.h"

#define UNZ_IN (64u << 10)      /* compressed bytes read at a time */

struct unz {
	FILE *src;
	int own;                  /* src is closed with the stream */
	int gzip;                 /* 1: inflating; 0: passing through */
	int in_member;            /* inside a gzip member (its end not seen yet) */
	z_stream z;
	unsigned char in[UNZ_IN];
	size_t npeek, peeked;     /* passing through: the bytes read to look */
	char *err;                /* the caller's, for what went wrong */
	size_t errn;
};

static ssize_t
unz_read(void *cookie, char *buf, size_t size)
{
	struct unz *u = cookie;
	size_t got = 0;

	if (!u->gzip) {
		while (u->peeked < u->npeek && got < size)
			buf[got++] = (char)u->in[u->peeked++];
		if (got < size)
			got += fread(buf + got, 1, size - got, u->src);
		return (ssize_t)got;
	}
	u->z.next_out = (unsigned char *)buf;
	u->z.avail_out = (uInt)(size > UINT32_MAX ? UINT32_MAX : size);
	while (u->z.avail_out > 0) {
		int rc;

		if (u->z.avail_in == 0) {
			size_t n = fread(u->in, 1, sizeof(u->in), u->src);

			if (n == 0) {
				if (ferror(u->src) || u->in_member)
					snprintf(u->err, u->errn, "gzip: %s",
						 ferror(u->src) ? strerror(errno)
								: "the compressed data ends early");
				break;
			}
			u->z.next_in = u->in;
			u->z.avail_in = (uInt)n;
		}
		u->in_member = 1;
		rc = inflate(&u->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			/* Another member may follow (RFC 1952 §2.2: a gzip file
			 * is a series of members, as `cat a.gz b.gz` makes). */
			u->in_member = 0;
			if (inflateReset(&u->z) != Z_OK)
				break;
			continue;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(u->err, u->errn, "gzip: %s", u->z.msg ? u->z.msg : "corrupt data");
			if (u->z.avail_out == size) {
				errno = EIO;
				return -1;
			}
			break;
		}
	}
	return (ssize_t)(size - u->z.avail_out);
}

static int
unz_close(void *cookie)
{
	struct unz *u = cookie;
	int rc = 0;

	if (u->gzip)
		inflateEnd(&u->z);
	if (u->own && u->src != stdin)
		rc = fclose(u->src);
	free(u);
	return rc;
}

FILE *
ct_cap_open_stream(FILE *src, int own, char *err, size_t errn)
{
	static const cookie_io_functions_t io = { unz_read, NULL, NULL, unz_close };
	struct unz *u = ct_xcalloc(1, sizeof(*u));
	long at = ftell(src);
	FILE *fp;

	err[0] = '\0';
	u->src = src;
	u->own = own;
	u->err = err;
	u->errn = errn;
	u->npeek = fread(u->in, 1, 2, src);
	if (u->npeek == 2 && u->in[0] == 0x1f && u->in[1] == 0x8b) {
		u->gzip = 1;
		/* 15 + 16: a gzip header and trailer around deflate (zlib.h) */
		if (inflateInit2(&u->z, 15 + 16) != Z_OK) {
			free(u);
			snprintf(err, errn, "gzip: cannot start zlib");
			return NULL;
		}
		u->z.next_in = u->in;
		u->z.avail_in = 2;
	} else if (at >= 0 && fseek(src, at, SEEK_SET) == 0) {
		free(u); /* a plain file: libpcap reads it directly */
		return src;
	}
	fp = fopencookie(u, "rb", io);
	if (!fp) {
		if (u->gzip)
			inflateEnd(&u->z);
		free(u);
		snprintf(err, errn, "%s", strerror(errno));
		return NULL;
	}
	return fp;
}
