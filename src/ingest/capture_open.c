/*
 * capture_open.c — a capture read by its content whatever the compression
 * around it: gzip (RFC 1952; what Wireshark writes when asked to compress,
 * and how traces are archived) through zlib, zstd (RFC 8878) through
 * libzstd, LZ4 frames (the LZ4 frame format 1.6) through liblz4, each
 * decompressed into a stdio stream that libpcap reads as it reads a file
 * (fopencookie(3)). Anything else goes to libpcap as it is, which then says
 * whether it is a capture.
 *
 *   file bytes --> first four: 1f 8b .. .. (RFC 1952 §2.3.1 ID1 ID2)  gzip
 *                              28 b5 2f fd (RFC 8878 §3.1.1 magic)    zstd
 *                              04 22 4d 18 (LZ4 frame magic)          lz4
 *                    one of them: decompressed, frame after frame --> libpcap
 *                    none: the stream itself (rewound), or, when it cannot
 *                          be rewound (a pipe), the bytes read then the rest
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <lz4frame.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>
#include <zstd.h>

#include "capture_int.h"

#define UNZ_IN (64u << 10)      /* compressed bytes read at a time */

enum unz_kind { UNZ_PASS, UNZ_GZIP, UNZ_ZSTD, UNZ_LZ4 };

static const char *const unz_name[] = { "", "gzip", "zstd", "lz4" };

struct unz {
	FILE *src;
	int own;                  /* src is closed with the stream */
	enum unz_kind kind;
	int in_frame;             /* inside a member / frame (its end not seen yet) */
	z_stream z;
	ZSTD_DStream *zs;
	LZ4F_dctx *lz;
	unsigned char in[UNZ_IN];
	size_t in_pos, in_len;    /* compressed bytes in[in_pos, in_len) not used yet */
	char *err;                /* the caller's, for what went wrong */
	size_t errn;
};

/* One step of the decompressor over in[] into buf[*out, size): moves
 * in_pos and *out; 0, or -1 with err set. */
static int
unz_step(struct unz *u, char *buf, size_t size, size_t *out)
{
	const char *why = NULL;

	switch (u->kind) {
	case UNZ_GZIP: {
		int rc;

		u->z.next_in = u->in + u->in_pos;
		u->z.avail_in = (uInt)(u->in_len - u->in_pos);
		u->z.next_out = (unsigned char *)buf + *out;
		u->z.avail_out = (uInt)(size - *out > UINT32_MAX ? UINT32_MAX : size - *out);
		rc = inflate(&u->z, Z_NO_FLUSH);
		u->in_pos = u->in_len - u->z.avail_in;
		*out = (size_t)((char *)u->z.next_out - buf);
		u->in_frame = 1;
		if (rc == Z_STREAM_END) {
			/* Another member may follow (RFC 1952 §2.2: a gzip
			 * file is a series of members, as `cat a.gz b.gz`). */
			u->in_frame = 0;
			if (inflateReset(&u->z) != Z_OK)
				why = "cannot go on to the next member";
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			why = u->z.msg ? u->z.msg : "corrupt data";
		}
		break;
	}
	case UNZ_ZSTD: {
		ZSTD_inBuffer i = { u->in, u->in_len, u->in_pos };
		ZSTD_outBuffer o = { buf, size, *out };
		size_t r = ZSTD_decompressStream(u->zs, &o, &i);

		u->in_pos = i.pos;
		*out = o.pos;
		if (ZSTD_isError(r))
			why = ZSTD_getErrorName(r);
		else
			u->in_frame = r != 0; /* 0: a frame ended, and all of it is out */
		break;
	}
	case UNZ_LZ4: {
		size_t dst = size - *out, src = u->in_len - u->in_pos;
		size_t r = LZ4F_decompress(u->lz, buf + *out, &dst, u->in + u->in_pos, &src, NULL);

		u->in_pos += src;
		*out += dst;
		if (LZ4F_isError(r))
			why = LZ4F_getErrorName(r);
		else
			u->in_frame = r != 0;
		break;
	}
	default:
		break;
	}
	if (!why)
		return 0;
	snprintf(u->err, u->errn, "%s: %s", unz_name[u->kind], why);
	return -1;
}

static ssize_t
unz_read(void *cookie, char *buf, size_t size)
{
	struct unz *u = cookie;
	size_t out = 0;

	if (u->kind == UNZ_PASS) {
		while (u->in_pos < u->in_len && out < size)
			buf[out++] = (char)u->in[u->in_pos++];
		if (out < size)
			out += fread(buf + out, 1, size - out, u->src);
		return (ssize_t)out;
	}
	while (out < size) {
		size_t in_before, out_before = out;

		if (u->in_pos == u->in_len) {
			size_t n = fread(u->in, 1, sizeof(u->in), u->src);

			if (n == 0) {
				if (ferror(u->src) || u->in_frame)
					snprintf(u->err, u->errn, "%s: %s", unz_name[u->kind],
						 ferror(u->src) ? strerror(errno)
								: "the compressed data ends early");
				break;
			}
			u->in_pos = 0;
			u->in_len = n;
		}
		in_before = u->in_pos;
		if (unz_step(u, buf, size, &out) != 0) {
			if (out == 0) {
				errno = EIO;
				return -1;
			}
			break;
		}
		if (u->in_pos == in_before && out == out_before && u->in_pos < u->in_len) {
			/* No progress with input and room: nothing sound follows. */
			snprintf(u->err, u->errn, "%s: corrupt data", unz_name[u->kind]);
			break;
		}
	}
	return (ssize_t)out;
}

static int
unz_close(void *cookie)
{
	struct unz *u = cookie;
	int rc = 0;

	if (u->kind == UNZ_GZIP)
		inflateEnd(&u->z);
	ZSTD_freeDStream(u->zs); /* NULL is fine */
	if (u->lz)
		LZ4F_freeDecompressionContext(u->lz);
	if (u->own && u->src != stdin)
		rc = fclose(u->src);
	free(u);
	return rc;
}

/* The decompressor for the first bytes of the file, started; 0, or -1. */
static int
unz_start(struct unz *u)
{
	const unsigned char *m = u->in;

	u->kind = UNZ_PASS;
	if (u->in_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
		u->kind = UNZ_GZIP;
		/* 15 + 16: a gzip header and trailer around deflate (zlib.h) */
		return inflateInit2(&u->z, 15 + 16) == Z_OK ? 0 : -1;
	}
	if (u->in_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
		u->kind = UNZ_ZSTD;
		u->zs = ZSTD_createDStream();
		return u->zs && !ZSTD_isError(ZSTD_initDStream(u->zs)) ? 0 : -1;
	}
	if (u->in_len >= 4 && m[0] == 0x04 && m[1] == 0x22 && m[2] == 0x4d && m[3] == 0x18) {
		u->kind = UNZ_LZ4;
		return LZ4F_isError(LZ4F_createDecompressionContext(&u->lz, LZ4F_VERSION)) ? -1 : 0;
	}
	return 0;
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
	u->in_len = fread(u->in, 1, 4, src);
	if (unz_start(u) != 0) {
		snprintf(err, errn, "%s: cannot start the decompressor", unz_name[u->kind]);
		u->own = 0;
		unz_close(u);
		return NULL;
	}
	if (u->kind == UNZ_PASS && at >= 0 && fseek(src, at, SEEK_SET) == 0) {
		free(u); /* a plain file: libpcap reads it directly */
		return src;
	}
	fp = fopencookie(u, "rb", io);
	if (!fp) {
		snprintf(err, errn, "%s", strerror(errno));
		u->own = 0;
		unz_close(u);
		return NULL;
	}
	return fp;
}
