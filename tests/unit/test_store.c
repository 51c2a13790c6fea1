/*
 * test_store.c — the ticket store (store.h): creation, round trip, filters,
 * idempotent refiling, schema refusal and migration, disk full, concurrent
 * writers and a writer killed mid-run.
 *
 * Each test gets its own directory made with mkdtemp under /tmp, removed
 * afterwards. Checks that look inside the file open it with sqlite3
 * directly, as a second process would.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <zstd.h>

#include "celltriage/report.h"
#include "celltriage/store.h"
#include "../../src/store/db.h"
#include "pgtest.h"

struct fx {
	char dir[64];
	char path[128];
	char pgdb[64];   /* the test's PostgreSQL database ("" on SQLite) */
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ct-store-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/tickets.db", f->dir);
	*state = f;
	return 0;
}

/* The same fixture on PostgreSQL: path is a new database's address. */
static int
setup_pg(void **state)
{
	struct fx *f;

	if (setup(state) != 0)
		return -1;
	f = *state;
	return pg_fresh(f->pgdb, sizeof(f->pgdb), f->path, sizeof(f->path));
}

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	chmod(f->dir, 0700);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (f->pgdb[0])
		pg_drop(f->pgdb);
	free(f);
	return 0;
}

/* ---- direct SQLite access for checks ---- */

static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static long long
raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v;
	char buf[32];

	if (pg_is_url(path)) {
		assert_int_equal(pg_query_text(path, sql, buf, sizeof(buf)), 0);
		return strtoll(buf, NULL, 10);
	}
	db = raw_open(path);

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* First column of the first row as text, into buf. */
static const char *
raw_text(const char *path, const char *sql, char *buf, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	if (pg_is_url(path)) {
		assert_int_equal(pg_query_text(path, sql, buf, n), 0);
		return buf;
	}
	db = raw_open(path);

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return buf;
}

static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char buf[8];

	if (pg_is_url(path)) {
		assert_int_equal(pg_query_text(path, sql, buf, sizeof(buf)), 0);
		return;
	}
	db = raw_open(path);

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* The first column of the first row as bytes (a BLOB; on PostgreSQL a
 * bytea): a copy, freed by the caller; *n its length. */
static void *
raw_blob(const char *path, const char *sql, size_t *n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	void *copy;

	if (pg_is_url(path)) {
		char text[16384];
		unsigned char *b;

		/* The server's text form of a bytea, as libpq reads it. */
		assert_int_equal(pg_query_text(path, sql, text, sizeof(text)), 0);
		assert_true(strlen(text) + 1 < sizeof(text));
		b = PQunescapeBytea((const unsigned char *)text, n);
		assert_non_null(b);
		copy = malloc(*n ? *n : 1);
		assert_non_null(copy);
		memcpy(copy, b, *n);
		PQfreemem(b);
		return copy;
	}
	db = raw_open(path);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(st, 0), SQLITE_BLOB);
	*n = (size_t)sqlite3_column_bytes(st, 0);
	copy = malloc(*n ? *n : 1);
	assert_non_null(copy);
	memcpy(copy, sqlite3_column_blob(st, 0), *n);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return copy;
}

/* Writes p[n] as column col of ticket 1's documents, as a BLOB (on
 * PostgreSQL a bytea). */
static void
raw_put_doc(const char *path, const char *col, const void *p, size_t n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char sql[96];

	if (pg_is_url(path)) {
		struct ct_buf b = CT_BUF_INIT;
		char one[8];

		ct_buf_printf(&b, "UPDATE ticket_doc SET %s = decode('", col);
		for (size_t i = 0; i < n; i++)
			ct_buf_printf(&b, "%02x", ((const unsigned char *)p)[i]);
		ct_buf_puts(&b, "', 'hex') WHERE ticket = 1 RETURNING 1");
		assert_int_equal(pg_query_text(path, ct_buf_str(&b), one, sizeof(one)), 0);
		assert_string_equal(one, "1");
		ct_buf_free(&b);
		return;
	}
	db = raw_open(path);
	snprintf(sql, sizeof(sql), "UPDATE ticket_doc SET %s = ?1 WHERE ticket = 1", col);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_bind_blob(st, 1, p, (int)n, SQLITE_TRANSIENT), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* SQLite's own check of the file; on PostgreSQL (whose storage is the
 * server's to check) the store's: every ticket's rev is the number of
 * events that made a revision of it, and no event names a missing ticket. */
static const char *
integrity(const char *path, char *buf, size_t n)
{
	if (!pg_is_url(path))
		return raw_text(path, "PRAGMA integrity_check", buf, n);
	return raw_text(path, "SELECT CASE WHEN"
			" NOT EXISTS (SELECT 1 FROM tickets t WHERE t.rev <>"
			"   (SELECT count(*) FROM ticket_event e WHERE e.ticket = t.id AND e.rev IS NOT NULL))"
			" AND NOT EXISTS (SELECT 1 FROM ticket_event e"
			"   WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = e.ticket))"
			" THEN 'ok' ELSE 'rev and history disagree' END", buf, n);
}

/* ---- tickets ---- */

/* The complaint as received: Chinese description, UTF-8 bytes kept. */
static const char complaint_zh[] =
	"{\"id\":\"C20261120-0001\",\"msisdn\":\"13150423168\","
	"\"phenomenon\":\"no_access\","
	"\"description\":\"\xe5\xae\xa4\xe5\x86\x85\xe6\x97\xa0\xe4\xbf\xa1\xe5\x8f\xb7"
	/* 室内无信号 ("no signal indoors") */
	"\xef\xbc\x8c\xe6\x89\x93\xe7\x94\xb5\xe8\xaf\x9d\xe7\xbb\x8f\xe5\xb8\xb8"
	"\xe6\x8e\x89\xe7\xba\xbf\"}";
	/* ，打电话经常掉线 (", calls often drop") */

static const char verdict_doc[] =
	"{\"complaint\":\"C20261120-0001\",\"class\":\"network\",\"domain\":\"radio\","
	"\"cause\":\"radio/coverage\",\"grade\":2,\"tags\":[\"network\",\"radio\"],"
	"\"path\":[{\"node\":\"Q3.1.1\",\"check\":\"weak signal\",\"result\":\"fail\","
	"\"evidence\":\"measurements.signal_dbm=-97 (complaint)\",\"value\":-97,"
	"\"threshold\":-94}],\"needs\":[],\"actions\":[\"plan coverage\"]}";

static char *tags3[] = { "network", "radio", "cell:460-00-12345-1" };
static struct ct_deadline dl3[] = {
	{ "dispatch", 1795140900 },   /* filed + 15 min (provincial complaint-handling flow) */
	{ "register", 1795143600 },   /* filed + 1 h */
	{ "reply", 1795150800 },      /* filed + 3 h */
};

/* n letters that do not compress (the store keeps a long document as a
 * zstd frame: a run of one letter would take a few bytes), then a NUL. */
static void
noise(char *buf, size_t n)
{
	unsigned long x = 2463534242UL;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		x &= 0xffffffffUL;
		buf[i] = (char)('a' + x % 26);
	}
	buf[n] = '\0';
}

/* A ticket with every field set; the strings are borrowed (not freed). */
static struct ct_ticket
full_ticket(const char *complaint)
{
	struct ct_ticket t;

	memset(&t, 0, sizeof(t));
	t.complaint = (char *)complaint;
	t.msisdn = "13150423168";
	t.imsi = "460001234567890";
	t.cell = "460-00-12345-1";
	t.rat = "gsm";
	t.phenomenon = "no_access";
	t.cause = "radio/coverage";
	t.klass = "network";
	t.domain = "radio";
	t.confidence = "high";
	t.grade = 2;
	t.status = CT_STATUS_NONE;  /* store says "accepted" */
	t.kind = "appeal";
	t.received_at = 1795137300; /* 2026-11-20T09:15:00+08:00 = 01:15:00Z */
	t.filed_at = 1795140000; /* 2026-11-20T02:00:00Z */
	t.updated_at = 0;           /* = filed_at for a new ticket */
	t.tags = tags3;
	t.ntags = 3;
	t.deadlines = dl3;
	t.ndeadlines = 3;
	t.complaint_json = (char *)complaint_zh;
	t.verdict_json = (char *)verdict_doc;
	return t;
}

/* A history of two for t (rev 2): filed at its filing, then action a
 * minute later. */
static void
history2(struct ct_ticket *t, struct ct_event ev[2], char *action)
{
	memset(ev, 0, 2 * sizeof(*ev));
	t->rev = 2;
	ev[0].at = t->filed_at;
	ev[0].action = "filed";
	ev[0].rev = 1;
	ev[1].at = t->filed_at + 60;
	ev[1].action = action;
	ev[1].rev = 2;
}

static struct ct_store *
open_ok(const char *path)
{
	struct ct_store *s = NULL;
	struct ct_err err = { "" };

	if (ct_store_open(path, 1, &s, &err) != 0)
		fail_msg("open %s: %s", path, err.msg);
	return s;
}

static long long
file_ok(struct ct_store *s, const struct ct_ticket *t, int *updated)
{
	struct ct_err err = { "" };
	long long id = -1;
	int upd = -1;

	if (ct_store_file(s, t, &id, &upd, &err) != 0)
		fail_msg("file: %s", err.msg);
	if (updated)
		*updated = upd;
	return id;
}

/* How many tickets a search finds; the first one's complaint must be
 * first (when not NULL). */
static size_t
searched(struct ct_store *s, const char *search, const char *first)
{
	struct ct_ticket_filter q = { .search = search };
	struct ct_ticket *v = NULL;
	struct ct_err err = { "" };
	size_t n = 0;

	if (ct_store_list(s, &q, &v, &n, &err) != 0)
		fail_msg("search %s: %s", search, err.msg);
	if (first && (n == 0 || strcmp(v[0].complaint, first) != 0))
		fail_msg("search %s: %zu tickets, the first %s, not %s", search, n,
			 n ? v[0].complaint : "none", first);
	ct_tickets_free(v, n);
	return n;
}

/* A hook that refuses the complaint named by arg once it is written. */
static int
refuse_named(struct ct_store *s, const struct ct_ticket *t, long long id, void *arg,
	     struct ct_err *err)
{
	(void)s;
	(void)id;
	if (arg && t->complaint && !strcmp(t->complaint, arg))
		return ct_fail(err, CT_EINPUT, "%s refused", t->complaint);
	return 0;
}

/* The complaints of the store, "A,C" (in id order). */
static const char *
complaints_of(const char *path, char *buf, size_t n)
{
	struct ct_store *s = open_ok(path);
	struct ct_ticket *v = NULL;
	struct ct_err err = { "" };
	size_t nv = 0, len = 0;

	assert_int_equal(ct_store_list(s, NULL, &v, &nv, &err), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < nv; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? "," : "", v[i].complaint);
	ct_tickets_free(v, nv);
	ct_store_close(s);
	return buf;
}

/* ---------------------------------------------------------------------- */

static void
test_open_creates_0600_with_parents(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char path[192], buf[64];
	struct stat sb;

	/* Missing parents are made, as for the default location. */
	snprintf(path, sizeof(path), "%s/a/b/tickets.db", f->dir);
	assert_int_equal(ct_store_open(path, 1, &s, &err), 0);
	assert_int_equal(ct_store_found_version(s), 0);
	ct_store_close(s);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), CT_STORE_SCHEMA);
	assert_string_equal(raw_text(path, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
	/* The text index merges 16 segments of a size at a time (schema 14). */
	assert_int_equal(raw_int(path, "SELECT v FROM ticket_text_config WHERE k = 'automerge'"), 16);
	assert_int_equal(raw_int(path, "SELECT v FROM ticket_text_config WHERE k = 'crisismerge'"), 64);

	/* Reopening finds the current version. While it is open and written
	 * to, the WAL and its index are owner-only too. */
	s = NULL;
	assert_int_equal(ct_store_open(path, 0, &s, &err), 0);
	assert_int_equal(ct_store_found_version(s), CT_STORE_SCHEMA);
	{
		struct ct_ticket t = full_ticket("M1");
		char side[224];

		file_ok(s, &t, NULL);
		snprintf(side, sizeof(side), "%s-wal", path);
		assert_int_equal(stat(side, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		snprintf(side, sizeof(side), "%s-shm", path);
		assert_int_equal(stat(side, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	ct_store_close(s);

	/* create = 0 refuses a missing file and does not make it. */
	s = NULL;
	assert_int_equal(ct_store_open(f->path, 0, &s, &err), CT_ESTORE);
	assert_null(s);
	snprintf(path, sizeof(path), "%s: no such store", f->path);
	assert_string_equal(err.msg, path);
	assert_int_equal(stat(f->path, &sb), -1);
}

static void
test_round_trip_every_field(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("C20261120-0001"), g;
	struct ct_err err = { "" };
	int upd;
	long long id = file_ok(s, &t, &upd);

	assert_int_equal(id, 1);
	assert_int_equal(upd, 0);
	assert_int_equal(ct_store_get(s, id, &g, &err), 0);
	assert_int_equal(g.id, 1);
	assert_string_equal(g.complaint, "C20261120-0001");
	assert_string_equal(g.msisdn, "13150423168");
	assert_string_equal(g.imsi, "460001234567890");
	assert_string_equal(g.cell, "460-00-12345-1");
	assert_string_equal(g.rat, "gsm");
	assert_string_equal(g.phenomenon, "no_access");
	assert_string_equal(g.cause, "radio/coverage");
	assert_string_equal(g.klass, "network");
	assert_string_equal(g.domain, "radio");
	assert_string_equal(g.confidence, "high");
	assert_int_equal(g.grade, 2);
	assert_int_equal(g.status, CT_STATUS_ACCEPTED);
	assert_string_equal(g.kind, "appeal");
	assert_int_equal(g.received_at, 1795137300);
	assert_int_equal(g.filed_at, 1795140000);
	assert_int_equal(g.updated_at, 1795140000);
	assert_int_equal(g.rev, 1);
	assert_int_equal(g.ntags, 3);
	assert_string_equal(g.tags[0], "network");
	assert_string_equal(g.tags[1], "radio");
	assert_string_equal(g.tags[2], "cell:460-00-12345-1");
	assert_int_equal(g.ndeadlines, 3);
	assert_string_equal(g.deadlines[0].stage, "dispatch");
	assert_int_equal(g.deadlines[0].due, 1795140900);
	assert_string_equal(g.deadlines[1].stage, "register");
	assert_int_equal(g.deadlines[1].due, 1795143600);
	assert_string_equal(g.deadlines[2].stage, "reply");
	assert_int_equal(g.deadlines[2].due, 1795150800);
	/* Byte-exact, UTF-8 included. */
	assert_int_equal(strlen(g.complaint_json), sizeof(complaint_zh) - 1);
	assert_memory_equal(g.complaint_json, complaint_zh, sizeof(complaint_zh));
	assert_string_equal(g.verdict_json, verdict_doc);
	ct_ticket_free(&g);

	/* A sparse ticket: NULLs stay NULL, defaults fill status and kind. */
	{
		struct ct_ticket e;

		memset(&e, 0, sizeof(e));
		e.msisdn = "13800000000";
		e.filed_at = 1795136500;
		id = file_ok(s, &e, &upd);
		assert_int_equal(id, 2);
		assert_int_equal(ct_store_get(s, id, &g, &err), 0);
		assert_null(g.complaint);
		assert_null(g.imsi);
		assert_null(g.cause);
		assert_null(g.complaint_json);
		assert_null(g.verdict_json);
		assert_int_equal(g.status, CT_STATUS_ACCEPTED);
		assert_string_equal(g.kind, "ordinary");
		assert_int_equal(g.ntags, 0);
		assert_int_equal(g.ndeadlines, 0);
		assert_int_equal(g.received_at, 0);
		ct_ticket_free(&g);
	}
	/* The audit trail has one "filed" event per ticket. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event WHERE action = 'filed'"), 2);
	/* No tag of these is looked up by tag: the column alone holds them. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_tag WHERE ticket = 1"), 0);
	ct_store_close(s);
}

/* The zstd dictionary id the store's document frames name: frozen with
 * the dictionary's bytes (src/store/docdict-1.zdict). */
#define DOC_DICT_ID 0x43540001u
/* That dictionary, as built into the library (build/gen/docdict.c). */
extern const char ct_store_docdict1[];
extern const size_t ct_store_docdict1_len;

/* Ticket 1's verdict as the store reads it back: want, or none (NULL). */
static void
verdict_reads(struct ct_store *s, const char *want)
{
	struct ct_err err = { "" };
	struct ct_ticket g;

	assert_int_equal(ct_store_get(s, 1, &g, &err), 0);
	if (want)
		assert_string_equal(g.verdict_json ? g.verdict_json : "(none)", want);
	else
		assert_null(g.verdict_json);
	assert_string_equal(g.complaint, "C20261120-0001");
	ct_ticket_free(&g);
}

/* A document written now is a frame naming the dictionary, read back as
 * the same bytes. */
static void
test_doc_frame_names_dictionary(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("C20261120-0001");
	size_t n;
	void *blob;

	file_ok(s, &t, NULL);
	blob = raw_blob(f->path, "SELECT verdict_json FROM ticket_doc WHERE ticket = 1", &n);
	assert_int_equal(ZSTD_getDictID_fromFrame(blob, n), DOC_DICT_ID);
	assert_true(n < strlen(verdict_doc));
	free(blob);
	verdict_reads(s, verdict_doc);
	ct_store_close(s);
}

/* A frame without a dictionary (a store written before there was one)
 * still reads. */
static void
test_doc_frame_without_dictionary_reads(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("C20261120-0001");
	size_t n = strlen(verdict_doc), cap = ZSTD_compressBound(n), z;
	void *frame = malloc(cap);

	assert_non_null(frame);
	t.verdict_json = "{}";
	file_ok(s, &t, NULL);
	z = ZSTD_compress(frame, cap, verdict_doc, n, 3);
	assert_false(ZSTD_isError(z));
	assert_int_equal(ZSTD_getDictID_fromFrame(frame, z), 0);
	raw_put_doc(f->path, "verdict_json", frame, z);
	free(frame);
	verdict_reads(s, verdict_doc);
	ct_store_close(s);
}

/* A frame naming another dictionary is not ours: the document reads as a
 * corrupt one does (none), the rest of the ticket as it is. The frame is
 * made with the store's own dictionary under another id, so nothing but
 * the id is wrong with it. */
static void
test_doc_frame_other_dictionary_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("C20261120-0001"), g;
	struct ct_err err = { "" };
	size_t n = strlen(verdict_doc), cap = ZSTD_compressBound(n), z;
	unsigned char *dict = malloc(ct_store_docdict1_len);
	void *frame = malloc(cap);
	ZSTD_CCtx *c = ZSTD_createCCtx();

	assert_non_null(dict);
	assert_non_null(frame);
	assert_non_null(c);
	/* RFC 8878 section 5: the magic number, then the id, little-endian. */
	memcpy(dict, ct_store_docdict1, ct_store_docdict1_len);
	assert_int_equal(dict[4] | dict[5] << 8 | dict[6] << 16 | (unsigned)dict[7] << 24,
			 DOC_DICT_ID);
	dict[4] = 0x02;
	z = ZSTD_compress_usingDict(c, frame, cap, verdict_doc, n, dict, ct_store_docdict1_len, 3);
	assert_false(ZSTD_isError(z));
	assert_int_equal(ZSTD_getDictID_fromFrame(frame, z), DOC_DICT_ID + 1);

	file_ok(s, &t, NULL);
	raw_put_doc(f->path, "verdict_json", frame, z);
	verdict_reads(s, NULL);
	assert_int_equal(ct_store_get(s, 1, &g, &err), 0);
	assert_string_equal(g.complaint_json, complaint_zh);
	ct_ticket_free(&g);

	/* The same frame under the store's id reads: only the id was wrong. */
	dict[4] = 0x01;
	z = ZSTD_compress_usingDict(c, frame, cap, verdict_doc, n, dict, ct_store_docdict1_len, 3);
	assert_false(ZSTD_isError(z));
	raw_put_doc(f->path, "verdict_json", frame, z);
	verdict_reads(s, verdict_doc);
	ZSTD_freeCCtx(c);
	free(frame);
	free(dict);
	ct_store_close(s);
}

static void
test_list_filters(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t, *v;
	struct ct_ticket_filter flt;
	struct ct_err err = { "" };
	size_t n;

	/* 1: accepted, radio/coverage, cell A, grade 2 */
	t = full_ticket("L1");
	file_ok(s, &t, NULL);
	/* 2: closed, radio/coverage, cell B, grade 3 */
	t = full_ticket("L2");
	t.status = CT_STATUS_CLOSED; t.cell = "460-00-99999-2"; t.grade = 3;
	file_ok(s, &t, NULL);
	/* 3: accepted, core/subscriber_data, cell B, grade 2 */
	t = full_ticket("L3");
	t.cause = "core/subscriber_data"; t.cell = "460-00-99999-2";
	file_ok(s, &t, NULL);
	/* 4: accepted, terminal/device_worn, no cell, grade 4 */
	t = full_ticket("L4");
	t.cause = "terminal/device_worn"; t.cell = NULL; t.grade = 4;
	file_ok(s, &t, NULL);

	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].id, (long long)i + 1); /* ordered by id */
		assert_int_equal(v[i].ntags, 3);              /* tags filled */
		assert_int_equal(v[i].ndeadlines, 3);         /* deadlines filled */
	}
	assert_string_equal(v[3].complaint, "L4");
	ct_tickets_free(v, n);

	memset(&flt, 0, sizeof(flt));
	flt.status = CT_STATUS_CLOSED;
	assert_int_equal(ct_store_list(s, &flt, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].complaint, "L2");
	ct_tickets_free(v, n);

	memset(&flt, 0, sizeof(flt));
	flt.cause = "radio/coverage";
	assert_int_equal(ct_store_list(s, &flt, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].complaint, "L1");
	assert_string_equal(v[1].complaint, "L2");
	ct_tickets_free(v, n);

	memset(&flt, 0, sizeof(flt));
	flt.cell = "460-00-99999-2";
	assert_int_equal(ct_store_list(s, &flt, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].complaint, "L2");
	assert_string_equal(v[1].complaint, "L3");
	ct_tickets_free(v, n);

	memset(&flt, 0, sizeof(flt));
	flt.grade = 2;
	assert_int_equal(ct_store_list(s, &flt, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].complaint, "L1");
	assert_string_equal(v[1].complaint, "L3");
	ct_tickets_free(v, n);

	/* Filters combine with AND. */
	memset(&flt, 0, sizeof(flt));
	flt.status = CT_STATUS_ACCEPTED; flt.cell = "460-00-99999-2"; flt.grade = 2;
	assert_int_equal(ct_store_list(s, &flt, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].complaint, "L3");
	ct_tickets_free(v, n);

	/* No match is an empty list, not an error. */
	memset(&flt, 0, sizeof(flt));
	flt.cause = "radio/repeater";
	assert_int_equal(ct_store_list(s, &flt, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(v);
	/* A value with a quote is data, not SQL. */
	flt.cause = "x' OR '1'='1";
	assert_int_equal(ct_store_list(s, &flt, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	ct_store_close(s);
}

static void
test_refile_updates(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("C-DUP"), g, *v;
	struct ct_err err = { "" };
	char *tags1[] = { "network", CT_KNOWN_TAG "5", CT_KNOWN_TAG "6", "radio" };
	char *tags2[] = { "terminal", "rat:lte", CT_KNOWN_TAG "6" };
	struct ct_deadline dl1[] = { { "reply", 1795200000 } };
	char tagrows[64];
	size_t n;
	int upd;
	long long id1, id2;

	t.tags = tags1;
	t.ntags = 4;
	id1 = file_ok(s, &t, &upd);
	assert_int_equal(upd, 0);
	/* A row for each tag looked up by tag (a knowledge entry's). */
	assert_string_equal(raw_text(f->path, pg_is_url(f->path)
				     ? "SELECT string_agg(tag, ',' ORDER BY tag) FROM ticket_tag"
				     : "SELECT group_concat(tag, ',') FROM (SELECT tag FROM ticket_tag"
				       " ORDER BY tag)", tagrows, sizeof(tagrows)), "known:5,known:6");

	t.cause = "terminal/device_worn";
	t.status = CT_STATUS_CLOSED;  /* kept from the first filing */
	t.filed_at = 1795199999;      /* kept from the first filing */
	t.updated_at = 1795190000;
	t.grade = 4;
	t.tags = tags2;
	t.ntags = 3;
	t.deadlines = dl1;
	t.ndeadlines = 1;
	id2 = file_ok(s, &t, &upd);
	assert_int_equal(upd, 1);
	assert_int_equal(id2, id1);

	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	ct_tickets_free(v, n);

	assert_int_equal(ct_store_get(s, id1, &g, &err), 0);
	assert_int_equal(g.rev, 2);
	assert_int_equal(g.status, CT_STATUS_ACCEPTED);
	assert_int_equal(g.filed_at, 1795140000);
	assert_int_equal(g.updated_at, 1795190000);
	assert_string_equal(g.cause, "terminal/device_worn");
	assert_int_equal(g.grade, 4);
	assert_int_equal(g.ntags, 3);
	assert_string_equal(g.tags[1], "rat:lte");
	assert_int_equal(g.ndeadlines, 1);
	assert_int_equal(g.deadlines[0].due, 1795200000);
	ct_ticket_free(&g);

	/* Tag rows replaced; the trail says filed then updated. */
	assert_string_equal(raw_text(f->path, "SELECT tag FROM ticket_tag", tagrows, sizeof(tagrows)),
			    "known:6");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_tag"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 2);
	{
		char buf[64];

		assert_string_equal(raw_text(f->path, pg_is_url(f->path)
					     ? "SELECT string_agg(action || ':' || detail, ',' ORDER BY id)"
					       " FROM ticket_event"
					     : "SELECT group_concat(action || ':' || detail, ',')"
					       " FROM (SELECT * FROM ticket_event ORDER BY id)",
					     buf, sizeof(buf)), "filed:{},updated:{}");
	}

	/* A ticket without complaint id is never deduplicated. */
	t.complaint = NULL;
	id1 = file_ok(s, &t, &upd);
	id2 = file_ok(s, &t, &upd);
	assert_int_equal(upd, 0);
	assert_int_equal(id1, 2);
	assert_int_equal(id2, 3);
	ct_store_close(s);
}

static void
test_get_not_found(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket g;
	struct ct_err err = { "" };

	assert_int_equal(ct_store_get(s, 42, &g, &err), CT_ENOTFOUND);
	assert_string_equal(err.msg, "ticket 42 not found");
	assert_null(g.complaint);
	ct_store_close(s);
}

/* A ticket's deadlines are one row, written in due order with the last
 * of a stage named twice; a row that is not that object is refused as a
 * corrupt store on either engine, not read as no deadlines. */
static void
test_deadlines_one_row(void **state)
{
	static struct ct_deadline twice[] = {
		{ "reply", 1795150800 }, { "dispatch", 1795140000 }, { "dispatch", 1795140900 },
	};
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("D-1"), g, *v;
	struct ct_err err = { "" };
	char buf[128], want[300];
	size_t n;

	t.deadlines = twice;
	t.ndeadlines = 3;
	file_ok(s, &t, NULL);
	assert_string_equal(raw_text(f->path, "SELECT stages FROM deadlines", buf, sizeof(buf)),
			    "{\"dispatch\":1795140900,\"reply\":1795150800}");
	assert_int_equal(ct_store_get(s, 1, &g, &err), 0);
	assert_int_equal(g.ndeadlines, 2);
	assert_string_equal(g.deadlines[0].stage, "dispatch");
	assert_int_equal(g.deadlines[0].due, 1795140900);
	ct_ticket_free(&g);

	/* The column read as JSON reads it, whatever wrote it: in due order,
	 * a name twice keeping its last, spaces and escapes allowed. */
	{
		static const struct {
			const char *text, *want;   /* want: stage=due,... or NULL (corrupt) */
		} cases[] = {
			{ "{}", "" },
			{ "{\"reply\":20,\"dispatch\":10}", "dispatch=10,reply=20" },
			{ "{\"b\":5,\"a\":5}", "a=5,b=5" },
			{ "{\"a\":10,\"a\":30}", "a=30" },
			{ "{ \"a\" : -7 , \"b\":0 }", "a=-7,b=0" },
			{ "{\"a\\u0062\":1}", "ab=1" },
			{ "{\"a\":123456789012345678}", "a=123456789012345678" },
			{ "{\"a\":1234567890123456789}", "a=1234567890123456789" },
			{ "{\"a\":010}", NULL },
			{ "{\"a\":1.5}", NULL },
			{ "{\"a\":}", NULL },
			{ "{\"a\":1", NULL },
			{ "{\"a\":1}x", NULL },
			{ "[1]", NULL },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct ct_buf got = CT_BUF_INIT, sql = CT_BUF_INIT;
			int rc;

			ct_buf_puts(&sql, "UPDATE deadlines SET stages = '");
			ct_buf_puts(&sql, cases[i].text);
			ct_buf_puts(&sql, "'");
			raw_exec(f->path, ct_buf_str(&sql));
			rc = ct_store_get(s, 1, &g, &err);
			for (size_t k = 0; rc == 0 && k < g.ndeadlines; k++)
				ct_buf_printf(&got, "%s%s=%lld", k ? "," : "", g.deadlines[k].stage,
					      g.deadlines[k].due);
			if (cases[i].want ? rc != 0 || strcmp(ct_buf_str(&got), cases[i].want)
					  : rc != CT_ESTORE)
				fail_msg("%s: got rc %d, %s", cases[i].text, rc, ct_buf_str(&got));
			if (rc == 0)
				ct_ticket_free(&g);
			ct_buf_free(&got);
			ct_buf_free(&sql);
		}
	}

	raw_exec(f->path, "UPDATE deadlines SET stages = '{\"reply\":\"soon\"}'");
	snprintf(want, sizeof(want), "%s: database is corrupt: ticket 1: its deadlines are not"
		 " stage names with times", f->path);
	assert_int_equal(ct_store_get(s, 1, &g, &err), CT_ESTORE);
	assert_string_equal(err.msg, want);
	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), CT_ESTORE);
	assert_string_equal(err.msg, want);
	ct_store_close(s);
}

static void
test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char want[256], sql[160];

	close(open(f->path, O_CREAT | O_WRONLY, 0600));
	/* A newer celltriage: our application id, a schema this one lacks. */
	snprintf(sql, sizeof(sql), "CREATE TABLE future (x); PRAGMA user_version = %d;"
		 "PRAGMA application_id = 1129599559", CT_STORE_SCHEMA + 1);
	raw_exec(f->path, sql);
	assert_int_equal(ct_store_open(f->path, 1, &s, &err), CT_ESTORE);
	assert_null(s);
	snprintf(want, sizeof(want), "%s: store schema version %d is newer than this "
		 "program's (%d); use a newer celltriage", f->path, CT_STORE_SCHEMA + 1,
		 CT_STORE_SCHEMA);
	assert_string_equal(err.msg, want);
	/* Left as it was. */
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), CT_STORE_SCHEMA + 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema WHERE name = 'tickets'"), 0);
}

/* Stores written before the application id was set are ours: a reader
 * refuses to migrate one (one line naming what does), a writer migrates it
 * and sets the id; a reader then opens it without writing. */
static void
test_old_store_claimed_by_writer_only(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char want[320];

	assert_int_equal(ct_store_create_version(f->path, 3, &err), 0);
	assert_int_equal(raw_int(f->path, "PRAGMA application_id"), 0);
	assert_int_equal(ct_store_open(f->path, CT_STORE_READONLY, &s, &err), CT_ESTORE);
	assert_null(s);
	snprintf(want, sizeof(want), "%s: store schema version 3 is older than this program's "
		 "(%d); a command that writes to it (e.g. celltriage ticket file) migrates it",
		 f->path, CT_STORE_SCHEMA);
	assert_string_equal(err.msg, want);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 3);
	assert_int_equal(ct_store_open(f->path, CT_STORE_EXISTING, &s, &err), 0);
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), CT_STORE_SCHEMA);
	assert_int_equal(raw_int(f->path, "PRAGMA application_id"), CT_STORE_APPLICATION_ID);
	/* A reader opens it now, and leaves it as it is. */
	assert_int_equal(ct_store_open(f->path, CT_STORE_READONLY, &s, &err), 0);
	ct_store_close(s);
	/* Every store of this schema was made with the id: one without it is
	 * not ours. */
	raw_exec(f->path, "PRAGMA application_id = 0");
	assert_int_equal(ct_store_open(f->path, CT_STORE_READONLY, &s, &err), CT_ESTORE);
	assert_non_null(strstr(err.msg, "not a celltriage store"));
}

/* A file with someone else's tables, or with our tables but another
 * application id, is nobody's store to convert. */
static void
test_foreign_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char want[320];

	close(open(f->path, O_CREAT | O_WRONLY, 0600));
	raw_exec(f->path, "CREATE TABLE people (name TEXT); PRAGMA user_version = 2");
	for (int mode = CT_STORE_EXISTING; mode <= CT_STORE_READONLY; mode++) {
		assert_int_equal(ct_store_open(f->path, mode, &s, &err), CT_ESTORE);
		assert_null(s);
		snprintf(want, sizeof(want), "%s: not a celltriage store (another program's "
			 "database: application_id 0, user_version 2)", f->path);
		assert_string_equal(err.msg, want);
	}
	/* Not switched to WAL, no table added. */
	assert_int_equal(raw_int(f->path, "SELECT journal_mode = 'delete' FROM pragma_journal_mode"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"), 1);
	raw_exec(f->path, "DROP TABLE people; CREATE TABLE tickets (x); CREATE TABLE deadlines (y);"
		 "PRAGMA application_id = 99");
	assert_int_equal(ct_store_open(f->path, CT_STORE_EXISTING, &s, &err), CT_ESTORE);
	assert_non_null(strstr(err.msg, "not a celltriage store"));
}

/* ---- streaming ---- */

struct walk {
	struct ct_buf text, json, csv;
	struct ct_ticket_table tab;
	size_t n;
	int measure, stop_at;
};

static int
walk_one(struct ct_ticket *t, void *arg, struct ct_err *err)
{
	struct walk *w = arg;
	json_t *j;

	if (w->stop_at && (int)w->n + 1 == w->stop_at)
		return ct_fail(err, CT_EINPUT, "stopped at ticket %lld", t->id);
	if (w->measure) {
		ct_ticket_table_measure(&w->tab, t);
		return 0;
	}
	ct_ticket_table_row(&w->text, &w->tab, t);
	j = ct_ticket_to_json(t, 0);
	ct_json_array_item(&w->json, j, JSON_INDENT(2), w->n);
	json_decref(j);
	ct_ticket_csv_row(&w->csv, t, 1);
	ct_buf_puts(&w->csv, "\r\n");
	w->n++;
	return 0;
}

/* The streamed listing (ct_store_each and the writers one ticket at a
 * time) is the listing of the whole array, byte for byte: text table,
 * JSON, CSV; with no tickets, and with several of different widths. */
static void
test_each_streams_as_list(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_err err = { "" };

	for (int round = 0; round < 2; round++) {
		struct ct_ticket *v = NULL;
		struct ct_buf text = CT_BUF_INIT, json = CT_BUF_INIT, csv = CT_BUF_INIT;
		struct walk w;
		size_t n = 0;

		memset(&w, 0, sizeof(w));
		assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
		ct_tickets_text(&text, v, n);
		ct_tickets_json(&json, v, n);
		ct_tickets_csv(&csv, v, n);
		ct_tickets_free(v, n);

		ct_ticket_table_init(&w.tab);
		assert_int_equal(ct_store_read_begin(s, &err), 0);
		w.measure = 1;
		assert_int_equal(ct_store_each(s, NULL, walk_one, &w, &err), 0);
		ct_ticket_table_head(&w.text, &w.tab);
		w.measure = 0;
		ct_ticket_csv_header(&w.csv, 1);
		ct_buf_puts(&w.csv, "\r\n");
		assert_int_equal(ct_store_each(s, NULL, walk_one, &w, &err), 0);
		ct_store_read_end(s);
		ct_json_array_end(&w.json, JSON_INDENT(2), w.n);
		assert_int_equal(w.n, n);
		assert_string_equal(ct_buf_str(&w.text), ct_buf_str(&text));
		assert_string_equal(ct_buf_str(&w.json), ct_buf_str(&json));
		assert_string_equal(ct_buf_str(&w.csv), ct_buf_str(&csv));
		ct_buf_free(&text);
		ct_buf_free(&json);
		ct_buf_free(&csv);
		ct_buf_free(&w.text);
		ct_buf_free(&w.json);
		ct_buf_free(&w.csv);
		if (round == 0) {
			struct ct_ticket t = full_ticket("C1");

			file_ok(s, &t, NULL);
			t = full_ticket("C2");
			t.cause = "a/cause_longer_than_the_table_wants_it";
			t.cell = NULL;
			t.grade = 1;
			file_ok(s, &t, NULL);
			t = full_ticket("C3");
			t.msisdn = NULL;
			file_ok(s, &t, NULL);
		}
	}
	/* A callback's failure stops the walk and is what the walk returns. */
	{
		struct walk w;

		memset(&w, 0, sizeof(w));
		w.stop_at = 2;
		assert_int_equal(ct_store_each(s, NULL, walk_one, &w, &err), CT_EINPUT);
		assert_string_equal(err.msg, "stopped at ticket 2");
		assert_int_equal(w.n, 1);
		ct_buf_free(&w.text);
		ct_buf_free(&w.json);
		ct_buf_free(&w.csv);
	}
	ct_store_close(s);
}

static void
write_file(const char *path, const char *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void
test_garbage_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char want[256], big[8192], back[8192];
	FILE *fp;

	/* A text file of 8 KiB (longer than a SQLite header and a page). */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = "complaint notes, not a database\n"[i % 32];
	write_file(f->path, big, sizeof(big));
	assert_int_equal(ct_store_open(f->path, 1, &s, &err), CT_ESTORE);
	assert_null(s);
	snprintf(want, sizeof(want), "%s: not a sqlite database", f->path);
	assert_string_equal(err.msg, want);
	/* Not touched. */
	fp = fopen(f->path, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(back, 1, sizeof(back), fp), sizeof(back));
	fclose(fp);
	assert_memory_equal(back, big, sizeof(big));

	/* A short file: fewer bytes than the 100-byte database header. */
	write_file(f->path, "hello\n", 6);
	assert_int_equal(ct_store_open(f->path, 0, &s, &err), CT_ESTORE);
	assert_string_equal(err.msg, want);

	/* A directory where the file should be. */
	snprintf(want, sizeof(want), "%s/d.db", f->dir);
	assert_int_equal(mkdir(want, 0700), 0);
	assert_int_equal(ct_store_open(want, 1, &s, &err), CT_ESTORE);
	snprintf(want, sizeof(want), "%s/d.db: is a directory", f->dir);
	assert_string_equal(err.msg, want);

	/* A file where a parent directory should be. */
	snprintf(want, sizeof(want), "%s/x.db", f->path);
	assert_int_equal(ct_store_open(want, 1, &s, &err), CT_ESTORE);
	snprintf(want, sizeof(want), "%s/x.db: a parent is not a directory", f->path);
	assert_string_equal(err.msg, want);
}

/*
 * A store this user may not open. Root opens a 0000 file anyway, so when
 * run as root the check runs in a child that has become nobody (65534),
 * for whom the 0700 test directory and the 0600 store are closed.
 */
static void
test_unreadable_refused(void **state)
{
	struct fx *f = *state;
	char want[256], msg[512];
	int fds[2], st;
	ssize_t r;
	pid_t pid;

	ct_store_close(open_ok(f->path));
	assert_int_equal(chmod(f->path, 0), 0);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ct_store *cs = NULL;
		struct ct_err cerr = { "" };
		int rc;

		close(fds[0]);
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(1);
		rc = ct_store_open(f->path, 1, &cs, &cerr);
		if (write(fds[1], cerr.msg, strlen(cerr.msg)) < 0)
			_exit(1);
		_exit(rc == CT_ESTORE && cs == NULL ? 0 : 2);
	}
	close(fds[1]);
	r = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	assert_true(r > 0);
	msg[r] = '\0';
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	snprintf(want, sizeof(want), "%s: permission denied", f->path);
	assert_string_equal(msg, want);
	/* And the store is unchanged for its owner. */
	assert_int_equal(chmod(f->path, 0600), 0);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), CT_STORE_SCHEMA);
}

static void
test_migration_from_v1(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_ticket *v, t;
	struct ct_err err = { "" };
	size_t n;
	int upd;
	char buf[256];

	assert_int_equal(ct_store_create_v1(f->path, &err), 0);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 1);
	/* Rows as the first release wrote them (no rev, tags only as JSON). */
	raw_exec(f->path,
		 "INSERT INTO tickets (complaint, msisdn, cell, cause, class, domain, grade,"
		 " status, kind, received_at, filed_at, updated_at, tags, complaint_json,"
		 " verdict_json) VALUES"
		 " ('V1-A', '13150423168', '460-00-12345-1', 'radio/coverage', 'network',"
		 "  'radio', 2, 'accepted', 'ordinary', 1795137300, 1795140000, 1795140000,"
		 "  '[\"network\",\"radio\",\"rat:gsm\"]', '{\"id\":\"V1-A\",\"channel\":\"app\"}', '{}'),"
		 " ('V1-B', '13800000001', NULL, 'sim/account_arrears', 'card_number',"
		 "  'sim', 3, 'closed', 'appeal', 0, 1795136500, 1795136600,"
		 "  '[\"card_number\",\"sim\",\"known:2\"]', NULL, NULL),"
		 " ('V1-C', '13800000002', NULL, 'undetermined/needs_test', 'undetermined',"
		 "  'undetermined', 4, 'accepted', 'ordinary', 0, 1795136700, 1795136700,"
		 "  '[]', NULL, NULL);"
		 "INSERT INTO deadlines (ticket, stage, due) VALUES"
		 " (1, 'dispatch', 1795140900), (1, 'reply', 1795150800), (1, 'callback', 1795160000);");

	assert_int_equal(ct_store_open(f->path, 0, &s, &err), 0);
	assert_int_equal(ct_store_found_version(s), 1);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), CT_STORE_SCHEMA);

	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].complaint, "V1-A");
	assert_int_equal(v[0].rev, 1);
	assert_int_equal(v[0].ntags, 3);
	assert_string_equal(v[0].tags[2], "rat:gsm");
	assert_int_equal(v[0].ndeadlines, 3);
	assert_string_equal(v[0].deadlines[0].stage, "dispatch");
	assert_string_equal(v[0].deadlines[2].stage, "callback");   /* due order, not the names' */
	assert_int_equal(v[0].deadlines[2].due, 1795160000);
	assert_string_equal(v[0].complaint_json, "{\"id\":\"V1-A\",\"channel\":\"app\"}");
	assert_int_equal(v[1].status, CT_STATUS_CLOSED);
	assert_string_equal(v[1].kind, "appeal");
	assert_int_equal(v[1].updated_at, 1795136600);
	assert_int_equal(v[1].ntags, 3);
	assert_string_equal(v[1].tags[2], "known:2");
	assert_int_equal(v[2].ntags, 0);
	assert_int_equal(v[2].grade, 4);
	ct_tickets_free(v, n);

	/* The tag table was filled from the JSON column (schema 2), then
	 * kept only the tags looked up by tag (schema 13); the column keeps
	 * them all. */
	assert_string_equal(raw_text(f->path, "SELECT group_concat(ticket || '=' || tag, ',') FROM"
				     " (SELECT * FROM ticket_tag ORDER BY ticket, tag)",
				     buf, sizeof(buf)),
			    "2=known:2");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event WHERE action = 'filed'"), 3);

	/* Schema 11: the queue is read from an index holding each open
	 * ticket's row. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
				 " AND name IN ('tickets_open', 'tickets_due')"), 1);
	assert_int_equal(raw_int(f->path, "SELECT instr(sql, ' channel)') > 0 FROM sqlite_master"
				 " WHERE name = 'tickets_open'"), 1);
	/* Schema 13: the batch index holds the tickets in a batch. */
	assert_int_equal(raw_int(f->path, "SELECT sql LIKE '%WHERE batch IS NOT NULL' FROM sqlite_master"
				 " WHERE name = 'tickets_batch'"), 1);
	/* Schema 12: a ticket's deadlines are one row, in due order; the
	 * indexes that only repeated another's first column are gone. */
	assert_string_equal(raw_text(f->path, "SELECT group_concat(ticket || '=' || stages, ',')"
				     " FROM deadlines", buf, sizeof(buf)),
			    "1={\"dispatch\":1795140900,\"reply\":1795150800,\"callback\":1795160000}");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_master WHERE name IN"
				 " ('tickets_cell', 'ticket_event_ticket')"), 0);
	/* Schema 10 kept each complaint's channel in its row. */
	assert_string_equal(raw_text(f->path, "SELECT group_concat(coalesce(channel, '-'), ',') FROM"
				     " (SELECT channel FROM tickets ORDER BY id)", buf, sizeof(buf)),
			    "app,-,-");

	/* Schema 8 filled the searched text of every ticket in the migration. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_text"), 3);
	assert_int_equal(searched(s, "12345 V1-A", "V1-A"), 1);
	assert_int_equal(searched(s, "arrears", "V1-B"), 1);

	/* A migrated ticket is refiled in place. */
	t = full_ticket("V1-B");
	assert_int_equal(ct_store_file(s, &t, NULL, &upd, &err), 0);
	assert_int_equal(upd, 1);
	assert_int_equal(raw_int(f->path, "SELECT rev FROM tickets WHERE complaint = 'V1-B'"), 2);
	ct_store_close(s);

	/* ct_store_create_v1 refuses a database that already has a schema. */
	assert_int_equal(ct_store_create_v1(f->path, &err), CT_ESTORE);
	assert_string_equal(integrity(f->path, buf, sizeof(buf)), "ok");
}

/* A migration that fails half way leaves the store at the old version with
 * nothing of the new schema (one transaction), and SQLite's reason is in
 * the message. Here the schema-1 table already has a column schema 2 adds. */
static void
test_failed_migration_rolls_back(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char want[256];

	assert_int_equal(ct_store_create_v1(f->path, &err), 0);
	raw_exec(f->path, "ALTER TABLE tickets ADD COLUMN rev INTEGER;"
		 "INSERT INTO tickets (complaint, filed_at, updated_at) VALUES ('X', 1, 1)");
	assert_int_equal(ct_store_open(f->path, 0, &s, &err), CT_ESTORE);
	assert_null(s);
	snprintf(want, sizeof(want), "%s: duplicate column name: rev", f->path);
	assert_string_equal(err.msg, want);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema WHERE name IN"
				 " ('ticket_tag', 'ticket_event', 'ticket_tag_tag')"), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 1);
}

/* Four processes open a schema-1 store at once: it is migrated exactly
 * once (a second ALTER TABLE would fail, a second copy of the history
 * would double the events) and every opener succeeds. */
static void
test_concurrent_migration(void **state)
{
	struct fx *f = *state;
	struct ct_err err = { "" };
	pid_t pid[4];

	assert_int_equal(ct_store_create_v1(f->path, &err), 0);
	raw_exec(f->path,
		 "INSERT INTO tickets (complaint, filed_at, updated_at, tags) VALUES"
		 " ('M-A', 1795140000, 1795140000, '[\"a\",\"known:1\"]'),"
		 " ('M-B', 1795140001, 1795140001, '[\"known:1\",\"known:2\"]')");
	for (int w = 0; w < 4; w++) {
		pid[w] = fork();
		assert_true(pid[w] >= 0);
		if (pid[w] == 0) {
			struct ct_store *cs = NULL;
			struct ct_err cerr = { "" };

			if (ct_store_open(f->path, 0, &cs, &cerr) != 0) {
				fprintf(stderr, "opener %d: %s\n", w, cerr.msg);
				_exit(1);
			}
			ct_store_close(cs);
			_exit(0);
		}
	}
	for (int w = 0; w < 4; w++) {
		int st;

		assert_int_equal(waitpid(pid[w], &st, 0), pid[w]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), CT_STORE_SCHEMA);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_tag"), 3);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_tag WHERE tag = 'a'"), 0);
}

/* ---- disk full ---- */

/*
 * PRAGMA max_page_count is a property of one connection, not of the file,
 * so a second connection cannot impose it on the store's. An auto-extension
 * runs on every connection this process opens, the store's included.
 */
static int
limit_pages(sqlite3 *db, char **errmsg, const void *api)
{
	(void)errmsg; (void)api;
	return sqlite3_exec(db, "PRAGMA max_page_count = 64", NULL, NULL, NULL);
}

static void
test_disk_full(void **state)
{
	struct fx *f = *state;
	struct ct_store *s;
	struct ct_ticket t, *v;
	struct ct_err err = { "" };
	char want[256], cid[16];
	char *big;
	size_t n, bigsz = 1u << 20; /* 1 MiB: 256 pages of 4 KiB, over the 64 allowed */
	long long id = 0;

	s = open_ok(f->path); /* schema made without a limit */
	ct_store_close(s);

	assert_int_equal(sqlite3_auto_extension((void (*)(void))limit_pages), SQLITE_OK);
	s = open_ok(f->path);
	for (int i = 0; i < 5; i++) {
		snprintf(cid, sizeof(cid), "F%d", i);
		t = full_ticket(cid);
		file_ok(s, &t, NULL);
	}
	big = malloc(bigsz + 1);
	assert_non_null(big);
	noise(big, bigsz);
	big[bigsz] = '\0';
	t = full_ticket("F-BIG");
	t.complaint_json = big;
	assert_int_equal(ct_store_file(s, &t, &id, NULL, &err), CT_ESTORE);
	snprintf(want, sizeof(want), "%s: database or disk is full", f->path);
	assert_string_equal(err.msg, want);

	/* Nothing filed before is lost; the failed ticket left nothing. */
	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(v[4].complaint, "F4");
	ct_tickets_free(v, n);
	/* The store still takes a small ticket. */
	t = full_ticket("F5");
	assert_int_equal(file_ok(s, &t, NULL), 6);
	ct_store_close(s);
	sqlite3_cancel_auto_extension((void (*)(void))limit_pages);
	free(big);

	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 5 + 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 5 + 1);
}

static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : 0;
}

/*
 * A real write failure: a child caps the size of any file it writes
 * (RLIMIT_FSIZE) just above the store's present size, so the WAL cannot
 * grow to hold a 1 MiB ticket. write(2) then fails (short write or EFBIG)
 * as on a full disk; the child reports the message through a pipe.
 */
static void
test_write_fails_at_file_size_limit(void **state)
{
	struct fx *f = *state;
	struct ct_store *s;
	struct ct_ticket *v;
	struct ct_err err = { "" };
	char msg[512], wal[160], want_full[256], want_io[256], buf[64];
	int fds[2], st;
	size_t n;
	ssize_t r;
	pid_t pid;

	s = open_ok(f->path);
	for (int i = 0; i < 3; i++) {
		char cid[16];
		struct ct_ticket t;

		snprintf(cid, sizeof(cid), "R%d", i);
		t = full_ticket(cid);
		file_ok(s, &t, NULL);
	}
	ct_store_close(s);

	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ct_store *cs = NULL;
		struct ct_err cerr = { "" };
		struct ct_ticket t = full_ticket("R-BIG");
		struct rlimit rl;
		off_t cap = file_size(f->path);
		size_t bigsz = 1u << 20;
		char *big = malloc(bigsz + 1);
		int rc;

		close(fds[0]);
		if (!big || ct_store_open(f->path, 0, &cs, &cerr) != 0)
			_exit(1);
		if (file_size(wal) > cap)
			cap = file_size(wal);
		signal(SIGXFSZ, SIG_IGN); /* get EFBIG instead of dying */
		rl.rlim_cur = rl.rlim_max = (rlim_t)cap + 8192;
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(1);
		noise(big, bigsz);
		big[bigsz] = '\0';
		t.complaint_json = big;
		rc = ct_store_file(cs, &t, NULL, NULL, &cerr);
		if (write(fds[1], cerr.msg, strlen(cerr.msg)) < 0)
			_exit(1);
		ct_store_close(cs);
		_exit(rc == CT_ESTORE ? 0 : 2);
	}
	close(fds[1]);
	r = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	assert_true(r > 0);
	msg[r] = '\0';
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	print_message("store error at the size limit: %s\n", msg);
	/* A short write or ENOSPC is reported as full, EFBIG as an i/o error. */
	snprintf(want_full, sizeof(want_full), "%s: database or disk is full", f->path);
	snprintf(want_io, sizeof(want_io), "%s: disk i/o error", f->path);
	if (strcmp(msg, want_full) != 0)
		assert_string_equal(msg, want_io);

	s = open_ok(f->path);
	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[2].complaint, "R2");
	ct_tickets_free(v, n);
	ct_store_close(s);
	assert_string_equal(integrity(f->path, buf, sizeof(buf)), "ok");
}

/* ---- several processes ---- */

/* A second process holds the write lock for a second: filing waits for it
 * (busy timeout) instead of failing. */
static void
test_waits_for_a_held_lock(void **state)
{
	struct fx *f = *state;
	struct ct_store *s;
	struct ct_ticket t = full_ticket("B1");
	struct ct_err err = { "" };
	struct timespec t0, t1;
	int fds[2], st;
	long long id;
	double waited;
	char c;
	pid_t pid;

	ct_store_close(open_ok(f->path));
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db = NULL;

		close(fds[0]);
		if (sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		if (write(fds[1], "L", 1) != 1)
			_exit(1);
		sleep(1);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		sqlite3_close(db);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1); /* the lock is held now */
	close(fds[0]);
	s = open_ok(f->path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(ct_store_file(s, &t, &id, NULL, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(id, 1);
	assert_true(waited > 0.5); /* it did wait for the other writer */
	ct_store_close(s);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

#define WRITERS 4
#define PER_WRITER 200

static void
test_concurrent_writers(void **state)
{
	struct fx *f = *state;
	pid_t pid[WRITERS];
	struct ct_store *s;
	struct ct_ticket *v;
	struct ct_err err = { "" };
	char buf[64];
	size_t n;

	for (int w = 0; w < WRITERS; w++) {
		pid[w] = fork();
		assert_true(pid[w] >= 0);
		if (pid[w] == 0) {
			struct ct_store *cs = NULL;
			struct ct_err cerr = { "" };
			char cid[32];

			/* Every child opens (and so creates) the store itself. */
			if (ct_store_open(f->path, 1, &cs, &cerr) != 0) {
				fprintf(stderr, "writer %d: %s\n", w, cerr.msg);
				_exit(1);
			}
			for (int i = 0; i < PER_WRITER; i++) {
				struct ct_ticket t;
				long long id;
				int upd;

				snprintf(cid, sizeof(cid), "W%d-%03d", w, i);
				t = full_ticket(cid);
				if (ct_store_file(cs, &t, &id, &upd, &cerr) != 0 || upd != 0) {
					fprintf(stderr, "writer %d: %s\n", w, cerr.msg);
					_exit(1);
				}
			}
			ct_store_close(cs);
			_exit(0);
		}
	}
	for (int w = 0; w < WRITERS; w++) {
		int st;

		assert_int_equal(waitpid(pid[w], &st, 0), pid[w]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	s = open_ok(f->path);
	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, WRITERS * PER_WRITER);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i].id, (long long)i + 1);
	ct_tickets_free(v, n);
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(DISTINCT complaint) FROM tickets"), 800);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 800);
	assert_string_equal(integrity(f->path, buf, sizeof(buf)), "ok");
}

/* ---- schema 3: the NOC workflow ---- */

/* A schema-2 store as the second release wrote it migrates to 3: the new
 * columns are there, status_at is the last update, the "rev N" details of
 * schema-2 events become their rev, and a move then works on the old
 * ticket, continuing its revs. */
static void
test_migration_from_v2(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_ticket t;
	struct ct_event *ev;
	struct ct_move m;
	struct ct_move_result r;
	struct ct_err err = { "" };
	size_t n;
	char buf[256];

	assert_int_equal(ct_store_create_version(f->path, 2, &err), 0);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 2);
	raw_exec(f->path,
		 "INSERT INTO tickets (complaint, msisdn, cause, grade, status, kind, received_at,"
		 " filed_at, updated_at, tags, rev) VALUES"
		 " ('V2-A', '13150423168', 'radio/coverage', 2, 'accepted', 'ordinary', 0,"
		 "  1795140000, 1795143600, '[]', 2);"
		 "INSERT INTO ticket_event (ticket, at, who, action, detail) VALUES"
		 " (1, 1795140000, 'ann', 'filed', 'rev 1'),"
		 " (1, 1795143600, 'ann', 'updated', 'rev 2');");
	assert_int_equal(ct_store_open(f->path, 0, &s, &err), 0);
	assert_int_equal(ct_store_found_version(s), 2);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), CT_STORE_SCHEMA);
	assert_int_equal(ct_store_get(s, 1, &t, &err), 0);
	assert_int_equal(t.rev, 2);
	assert_int_equal(t.status_at, 1795143600);  /* = updated_at */
	assert_null(t.department);
	assert_null(t.batch);
	assert_int_equal(t.repeat_of, 0);
	ct_ticket_free(&t);
	assert_string_equal(raw_text(f->path, "SELECT group_concat(rev, ',') FROM"
				     " (SELECT rev FROM ticket_event ORDER BY id)", buf, sizeof(buf)),
			    "1,2");
	/* The unique (ticket, rev) index guards the history from now on. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema"
				 " WHERE name = 'ticket_event_rev'"), 1);

	memset(&m, 0, sizeof(m));
	m.action = CT_ACTION_DISPATCH;
	m.who = "bob";
	m.at = 1795144000;
	m.department = "radio";
	assert_int_equal(ct_store_move(s, 1, 0, &m, &r, &err), 0);
	assert_int_equal(r.from_rev, 2);
	assert_int_equal(r.to_rev, 3);
	assert_int_equal(r.from, CT_STATUS_ACCEPTED);
	assert_int_equal(r.to, CT_STATUS_DISPATCHED);
	assert_int_equal(ct_store_history(s, 1, &ev, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ev[2].rev, 3);
	assert_string_equal(ev[2].status, "dispatched");
	assert_string_equal(ev[2].who, "bob");
	assert_int_equal(ev[2].at, 1795144000);
	assert_string_equal(ev[2].detail, "{\"from\":\"accepted\",\"department\":\"radio\"}");
	assert_null(ev[0].status);  /* schema 2 did not record it */
	ct_events_free(ev, n);
	ct_store_close(s);
	assert_string_equal(integrity(f->path, buf, sizeof(buf)), "ok");
}

static void
move_ok(struct ct_store *s, long long id, const char *action, long long at)
{
	struct ct_move m;
	struct ct_err err = { "" };

	memset(&m, 0, sizeof(m));
	m.action = ct_action_from_name(action);
	m.at = at;
	m.department = "radio";
	if (ct_store_move(s, id, 0, &m, NULL, &err) != 0)
		fail_msg("%s %lld: %s", action, id, err.msg);
}

/* Two users read the same ticket; the second one's change, checked against
 * what it read, is not written over the first one's: CT_ECONFLICT with
 * --rev, and re-checked against the fresh state without it. */
static void
test_optimistic_race(void **state)
{
	struct fx *f = *state;
	struct ct_store *a = open_ok(f->path), *b = open_ok(f->path);
	struct ct_ticket t = full_ticket("RACE-1"), seen;
	struct ct_move m;
	struct ct_err err = { "" };
	long long id = file_ok(a, &t, NULL);

	move_ok(a, id, "dispatch", 1795141000);                 /* rev 2, dispatched */
	/* User A reads the ticket: dispatched, rev 2, and means to handle it. */
	assert_int_equal(ct_store_get(a, id, &seen, &err), 0);
	assert_int_equal(seen.rev, 2);
	/* User B handles it first (rev 3). */
	move_ok(b, id, "handle", 1795141100);
	memset(&m, 0, sizeof(m));
	m.action = CT_ACTION_HANDLE;
	m.at = 1795141200;
	/* A's move against the rev it read: refused, nothing written. */
	assert_int_equal(ct_store_move(a, id, seen.rev, &m, NULL, &err), CT_ECONFLICT);
	assert_string_equal(err.msg, "ticket 1 changed since it was read (rev 2, now 3)");
	/* Without a rev: checked again on the fresh state, where it is illegal. */
	assert_int_equal(ct_store_move(a, id, 0, &m, NULL, &err), CT_ESTATE);
	assert_string_equal(err.msg, "ticket 1 is handling: handle is not allowed (allowed: dispatch, reply)");
	ct_ticket_free(&seen);
	assert_int_equal(raw_int(f->path, "SELECT rev FROM tickets"), 3);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 3);
	assert_int_equal(raw_int(f->path, "SELECT at FROM ticket_event WHERE rev = 3"), 1795141100);
	ct_store_close(a);
	ct_store_close(b);
}

/* A move dated before the ticket's last change is refused: the history
 * stays in time order and no stage gets a negative time. */
static void
test_move_before_last_change_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("LATE-1");
	struct ct_move m;
	struct ct_err err = { "" };
	long long id = file_ok(s, &t, NULL);

	move_ok(s, id, "dispatch", 1795141000);                 /* rev 2 */
	memset(&m, 0, sizeof(m));
	m.action = CT_ACTION_HANDLE;
	m.at = 1795140999;
	assert_int_equal(ct_store_move(s, id, 0, &m, NULL, &err), CT_ESTATE);
	assert_string_equal(err.msg, "ticket 1: 2026-11-20T02:16:39Z is before its last change at "
			    "2026-11-20T02:16:40Z");
	assert_int_equal(raw_int(f->path, "SELECT rev FROM tickets"), 2);
	/* The same second is not before it. */
	move_ok(s, id, "handle", 1795141000);
	assert_int_equal(raw_int(f->path, "SELECT rev FROM tickets"), 3);
	ct_store_close(s);
}

/* The store's own gate on import (whatever reader made the ticket): the
 * checks of filing, nothing written on a refusal. */
static void
test_import_checked(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("IMP-1");
	struct ct_event ev = { 0 };
	struct ct_err err = { "" };
	long long id;

	t.id = 9223372036854775807LL;
	t.rev = 1;
	ev.at = t.filed_at;
	ev.action = "filed";
	ev.rev = 1;
	assert_int_equal(ct_store_import(s, &t, &ev, 1, &err), CT_EINPUT);
	assert_string_equal(err.msg, "ticket 9223372036854775807: id 9223372036854775807 is not 1 to "
			    "9007199254740991");
	t.id = 5;
	t.grade = 77;
	assert_int_equal(ct_store_import(s, &t, &ev, 1, &err), CT_EINPUT);
	assert_string_equal(err.msg, "ticket 5: grade 77 is not 1 to 3");
	t.grade = 2;
	t.rev = 99;
	assert_int_equal(ct_store_import(s, &t, &ev, 1, &err), CT_EINPUT);
	assert_string_equal(err.msg, "ticket 5: rev 99 but 1 change in the history");
	t.rev = 1;
	t.filed_at = 253402300800LL;   /* 10000-01-01 */
	assert_int_equal(ct_store_import(s, &t, &ev, 1, &err), CT_EINPUT);
	assert_string_equal(err.msg, "ticket 5: filed_at is not within the years 1970 to 9999");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 0);
	t.filed_at = 1795140000;
	assert_int_equal(ct_store_import(s, &t, &ev, 1, &err), 0);
	/* Filing goes on after it. */
	t.complaint = "IMP-2";
	assert_int_equal(ct_store_file(s, &t, &id, NULL, &err), 0);
	assert_int_equal(id, 6);
	ct_store_close(s);
}

/* A streamed import is one transaction: tickets added are seen by no one
 * until the commit, and a refusal half-way (abort) leaves none of them. On
 * SQLite the add refuses a ticket in the store and the import may go on
 * without it; on PostgreSQL the answer comes later (a later add or the
 * commit refuses it, naming it), and the import is given up. */
static void
test_import_stream_all_or_nothing(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("STR-1");
	struct ct_event ev = { 0 };
	struct ct_err err = { "" };
	int pg = f->pgdb[0] != '\0';

	t.rev = 1;
	ev.at = t.filed_at;
	ev.action = "filed";
	ev.rev = 1;
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	t.id = 1;
	assert_int_equal(ct_store_import_add(s, &t, &ev, 1, NULL, NULL, &err), 0);
	t.id = 2;
	t.complaint = "STR-2";
	assert_int_equal(ct_store_import_add(s, &t, &ev, 1, NULL, NULL, &err), 0);
	t.id = 3;   /* complaint STR-2 again */
	assert_int_equal(ct_store_import_add(s, &t, &ev, 1, NULL, "t.json:7", &err),
			 pg ? 0 : CT_ESTATE);
	if (pg) {
		assert_int_equal(ct_store_import_commit(s, &err), CT_ESTATE);
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 0);
	}
	assert_string_equal(err.msg, "t.json:7: ticket 3 (complaint STR-2) is already in the store");
	if (pg)
		assert_int_equal(ct_store_import_begin(s, &err), 0);
	t.id = 2;   /* id 2 again, a new complaint */
	t.complaint = "STR-9";
	if (!pg) {
		assert_int_equal(ct_store_import_add(s, &t, &ev, 1, NULL, NULL, &err), CT_ESTATE);
		assert_string_equal(err.msg, "ticket 2 (complaint STR-9) is already in the store");
	}
	/* Nothing of either was written: the two first go on alone. */
	t.id = 3;
	assert_int_equal(ct_store_import_add(s, &t, &ev, 1, NULL, NULL, &err), 0);
	ct_store_import_abort(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 0);
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	assert_int_equal(ct_store_import_add(s, &t, &ev, 1, NULL, NULL, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 0);
	assert_int_equal(ct_store_import_commit(s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 1);
	ct_store_import_abort(s);   /* nothing in progress: harmless */
	ct_store_close(s);
}

/* What an import writes comes back as it was given, whatever its bytes:
 * a tab, a newline, a carriage return, backslashes, and a text that reads
 * "\\N" (not NULL); a NULL stays NULL. */
static void
test_import_odd_text(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("ODD\\1"), got;
	struct ct_event ev = { 0 }, *hist = NULL;
	struct ct_err err = { "" };
	const char *odd = "tab\there\nnewline\r\\N back\\slash \\t end\\";
	char doc[256];
	size_t nh = 0;

	snprintf(doc, sizeof(doc), "{\"id\":\"ODD\\\\1\",\"description\":\"a\\tb\\\\c\"}");
	t.id = 7;
	t.rev = 1;
	t.person = (char *)odd;
	t.result = "\\N";
	t.department = NULL;
	t.complaint_json = doc;
	ev.at = t.filed_at;
	ev.action = "filed";
	ev.who = (char *)odd;
	ev.detail = "{\"note\":\"x\\ty\"}";
	ev.rev = 1;
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	assert_int_equal(ct_store_import_add(s, &t, &ev, 1, NULL, NULL, &err), 0);
	assert_int_equal(ct_store_import_commit(s, &err), 0);
	assert_int_equal(ct_store_get(s, 7, &got, &err), 0);
	assert_string_equal(got.complaint, "ODD\\1");
	assert_string_equal(got.person, odd);
	assert_string_equal(got.result, "\\N");
	assert_null(got.department);
	assert_string_equal(got.complaint_json, doc);
	assert_int_equal(ct_store_history(s, 7, &hist, &nh, &err), 0);
	assert_int_equal(nh, 1);
	assert_string_equal(hist[0].who, odd);
	assert_string_equal(hist[0].detail, ev.detail);
	ct_events_free(hist, nh);
	ct_ticket_free(&got);
	ct_store_close(s);
}

/* An import of two windows and a part of one (on PostgreSQL each window's
 * documents, words and deadlines go as one INSERT each): every ticket has
 * its rows, found by what they hold. */
static void
test_import_rows_of_every_ticket(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	const int n = 2 * CT_STORE_IMPORT_AHEAD + 44;
	struct ct_ticket t, got;
	struct ct_event ev[2];
	struct ct_ticket_filter flt = { .status = CT_STATUS_NONE };
	struct ct_ticket *v = NULL;
	struct ct_err err = { "" };
	char complaint[32];
	size_t nv = 0;

	assert_int_equal(ct_store_import_begin(s, &err), 0);
	for (int i = 1; i <= n; i++) {
		snprintf(complaint, sizeof(complaint), "ROWS-%d", i);
		t = full_ticket(complaint);
		t.id = i;
		history2(&t, ev, "note");
		if (ct_store_import_add(s, &t, ev, 2, NULL, NULL, &err) != 0)
			fail_msg("%d: %s", i, err.msg);
	}
	assert_int_equal(ct_store_import_commit(s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc"), n);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM deadlines"), n);
	assert_int_equal(raw_int(f->path, pg_is_url(f->path) ? "SELECT count(*) FROM ticket_text"
					: "SELECT count(*) FROM ticket_text WHERE ticket_text MATCH 'rows'"), n);
	/* The first, a window's last and the last: their own documents, deadlines
	 * and words. */
	for (int i = 1; i <= n; i += i == 1 ? CT_STORE_IMPORT_AHEAD - 1 : n - CT_STORE_IMPORT_AHEAD) {
		snprintf(complaint, sizeof(complaint), "ROWS-%d", i);
		assert_int_equal(ct_store_get(s, i, &got, &err), 0);
		assert_string_equal(got.complaint, complaint);
		assert_string_equal(got.complaint_json, complaint_zh);
		assert_string_equal(got.verdict_json, verdict_doc);
		assert_int_equal(got.ndeadlines, 3);
		ct_ticket_free(&got);
		flt.search = complaint;
		assert_int_equal(ct_store_list(s, &flt, &v, &nv, &err), 0);
		assert_int_equal(nv, 1);
		assert_int_equal(v[0].id, i);
		ct_tickets_free(v, nv);
	}
	ct_store_close(s);
}

/* A ticket made ready by ct_store_import_ready (in another thread, in the
 * import) is written as one made ready in ct_store_import_add: the same
 * documents (packed alike on SQLite), channel and searched words. */
static void
test_import_ready_same_rows(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("RDX");
	struct ct_event ev[2] = { { 0 }, { 0 } };
	struct ct_import_ready *r;
	struct ct_err err = { "" };
	char a[4096], b[4096], doc[1024];

	/* Long enough to be packed, with a channel for the row. */
	snprintf(doc, sizeof(doc), "{\"id\":\"RDX\",\"channel\":\"app\",\"phenomenon\":\"no_access\","
		 "\"description\":\"%s %s %s\"}", "no signal indoors since the storm on Tuesday;",
		 "calls drop in the kitchen and the bedroom, data stalls at the window;",
		 "the neighbours on the same floor say the same, the outdoor signal is fine");
	t.complaint_json = doc;
	history2(&t, ev, CT_EVENT_COMMENT);
	ev[1].detail = "{\"text\":\"天线 tilted by storm\"}";
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	t.id = 1;
	r = ct_store_import_ready(s, &t, ev, 2);
	if (ct_store_import_add(s, &t, ev, 2, r, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	ct_store_import_ready_free(r);
	ct_store_import_ready_free(NULL);
	t.id = 2;
	t.complaint = "RDY";
	if (ct_store_import_add(s, &t, ev, 2, NULL, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(ct_store_import_commit(s, &err), 0);
	ct_store_close(s);

	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc AS a JOIN ticket_doc AS b"
				 " ON a.ticket = 1 AND b.ticket = 2"
				 " AND a.complaint_json = b.complaint_json"
				 " AND a.verdict_json = b.verdict_json"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets AS a JOIN tickets AS b"
				 " ON a.id = 1 AND b.id = 2 AND a.channel = 'app' AND b.channel = 'app'"), 1);
	if (pg_is_url(f->path)) {
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_text AS a"
					 " JOIN ticket_text AS b ON a.ticket = 1 AND b.ticket = 2"
					 " AND a.tsv @@ 'rdx'::tsquery AND b.tsv @@ 'rdy'::tsquery"
					 " AND ts_delete(a.tsv, 'rdx') = ts_delete(b.tsv, 'rdy')"
					 " AND a.tsv @@ '天 <-> 线 <-> tilted <-> by <-> storm'::tsquery"), 1);
		return;
	}
	/* Packed on SQLite; the words after the complaint's are the same,
	 * the comment's among them. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc"
				 " WHERE typeof(complaint_json) = 'blob'"), 2);
	raw_text(f->path, "SELECT body FROM ticket_text WHERE rowid = 1", a, sizeof(a));
	raw_text(f->path, "SELECT body FROM ticket_text WHERE rowid = 2", b, sizeof(b));
	assert_int_equal(strncmp(a, "rdx ", 4), 0);
	assert_int_equal(strncmp(b, "rdy ", 4), 0);
	assert_string_equal(a + 4, b + 4);
	assert_non_null(strstr(a, "天 线 tilted by storm"));
}

#define MOVERS 4
#define PER_MOVER 40

/* Four processes re-dispatch the same ticket 40 times each: every move is
 * applied exactly once (160 revs on top of 2, each in the history once),
 * whatever the interleaving. */
static void
test_concurrent_moves_none_lost(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("MOVE-1");
	long long id = file_ok(s, &t, NULL);
	pid_t pid[MOVERS];
	char buf[64];

	move_ok(s, id, "dispatch", 1795141000);
	ct_store_close(s);
	for (int w = 0; w < MOVERS; w++) {
		pid[w] = fork();
		assert_true(pid[w] >= 0);
		if (pid[w] == 0) {
			struct ct_store *cs = NULL;
			struct ct_err cerr = { "" };
			struct ct_move m;

			if (ct_store_open(f->path, 0, &cs, &cerr) != 0)
				_exit(1);
			memset(&m, 0, sizeof(m));
			m.action = CT_ACTION_DISPATCH;
			m.department = w % 2 ? "core" : "radio";
			for (int i = 0; i < PER_MOVER; i++) {
				/* One second for all: the movers share no clock, and a
				 * move dated before the last change is refused. */
				m.at = 1795142000;
				if (ct_store_move(cs, id, 0, &m, NULL, &cerr) != 0) {
					fprintf(stderr, "mover %d: %s\n", w, cerr.msg);
					_exit(1);
				}
			}
			ct_store_close(cs);
			_exit(0);
		}
	}
	for (int w = 0; w < MOVERS; w++) {
		int st;

		assert_int_equal(waitpid(pid[w], &st, 0), pid[w]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_int_equal(raw_int(f->path, "SELECT rev FROM tickets"), 2 + MOVERS * PER_MOVER);
	assert_int_equal(raw_int(f->path, "SELECT count(DISTINCT rev) FROM ticket_event"),
			 2 + MOVERS * PER_MOVER);
	assert_int_equal(raw_int(f->path, "SELECT max(rev) FROM ticket_event"), 2 + MOVERS * PER_MOVER);
	assert_string_equal(integrity(f->path, buf, sizeof(buf)), "ok");
}

/* Repeat detection at filing (complaint handling and assessment standard):
 * same msisdn and phenomenon within the window; the earlier ticket is
 * linked. */
static void
test_repeat_detection(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("REP-1"), g;
	struct ct_err err = { "" };
	long long id1, id2, id3, id4, id5;

	ct_store_set_repeat_window(s, 30 * 86400LL);
	t.kind = NULL;
	id1 = file_ok(s, &t, NULL);
	t = full_ticket("REP-2");
	t.kind = NULL;
	t.received_at += 10 * 86400LL;          /* 10 days later: a repeat */
	id2 = file_ok(s, &t, NULL);
	t = full_ticket("REP-3");
	t.kind = NULL;
	t.received_at += 41 * 86400LL;          /* 31 days after REP-2: not one */
	id3 = file_ok(s, &t, NULL);
	assert_int_equal(ct_store_get(s, id2, &g, &err), 0);
	assert_string_equal(g.kind, "repeat");
	assert_int_equal(g.repeat_of, id1);
	ct_ticket_free(&g);
	assert_int_equal(ct_store_get(s, id3, &g, &err), 0);
	assert_string_equal(g.kind, "ordinary");
	assert_int_equal(g.repeat_of, 0);
	ct_ticket_free(&g);
	/* No number: the IMSI decides (REP-3 had the same IMSI 4 days before);
	 * another IMSI is someone else. */
	t = full_ticket("REP-4");
	t.kind = NULL;
	t.msisdn = NULL;
	t.received_at += 45 * 86400LL;
	id4 = file_ok(s, &t, NULL);
	t = full_ticket("REP-5");
	t.kind = NULL;
	t.msisdn = NULL;
	t.imsi = "460001234567899";
	t.received_at += 46 * 86400LL;
	id5 = file_ok(s, &t, NULL);
	assert_int_equal(ct_store_get(s, id4, &g, &err), 0);
	assert_string_equal(g.kind, "repeat");
	assert_int_equal(g.repeat_of, id3);
	ct_ticket_free(&g);
	assert_int_equal(ct_store_get(s, id5, &g, &err), 0);
	assert_string_equal(g.kind, "ordinary");
	assert_int_equal(g.repeat_of, 0);
	ct_ticket_free(&g);
	ct_store_close(s);
}

static void
test_killed_writer_loses_nothing(void **state)
{
	struct fx *f = *state;
	int fds[2], st;
	pid_t pid;
	long long ids[4096];
	size_t nids = 0;
	struct ct_store *s;
	struct ct_ticket g;
	struct ct_err err = { "" };
	char buf[64];

	ct_store_close(open_ok(f->path));
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ct_store *cs = NULL;
		struct ct_err cerr = { "" };
		char cid[32];

		close(fds[0]);
		if (ct_store_open(f->path, 0, &cs, &cerr) != 0)
			_exit(1);
		for (int i = 0; i < 4000; i++) {
			struct ct_ticket t;
			long long id;

			snprintf(cid, sizeof(cid), "K%04d", i);
			t = full_ticket(cid);
			if (ct_store_file(cs, &t, &id, NULL, &cerr) != 0)
				_exit(1);
			/* Reported only once ct_store_file has returned. */
			if (write(fds[1], &id, sizeof(id)) != (ssize_t)sizeof(id))
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	/* Read a good number of ids, then kill the writer mid-run. */
	while (nids < 150) {
		ssize_t r = read(fds[0], &ids[nids], sizeof(ids[0]));

		assert_int_equal(r, (ssize_t)sizeof(ids[0]));
		nids++;
	}
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	/* Ids already in the pipe were reported too. */
	for (;;) {
		ssize_t r = read(fds[0], &ids[nids], sizeof(ids[0]));

		if (r <= 0)
			break;
		assert_int_equal(r, (ssize_t)sizeof(ids[0]));
		nids++;
		assert_true(nids < 4000);
	}
	close(fds[0]);
	assert_true(nids >= 150);

	s = open_ok(f->path);
	for (size_t i = 0; i < nids; i++) {
		char cid[32];

		assert_int_equal(ct_store_get(s, ids[i], &g, &err), 0);
		snprintf(cid, sizeof(cid), "K%04zu", i);
		assert_string_equal(g.complaint, cid);
		ct_ticket_free(&g);
	}
	/* And the store takes new tickets after the crash. */
	{
		struct ct_ticket t = full_ticket("after-crash");

		assert_true(file_ok(s, &t, NULL) > (long long)nids);
	}
	ct_store_close(s);
	assert_string_equal(integrity(f->path, buf, sizeof(buf)), "ok");
}

static void
test_default_path(void **state)
{
	struct ct_err err = { "" };
	char *p;

	(void)state;
	p = ct_store_default_path("/x/opt.db", &err);
	assert_string_equal(p, "/x/opt.db");
	free(p);
	setenv("CELLTRIAGE_STORE", "/x/env.db", 1);
	p = ct_store_default_path(NULL, &err);
	assert_string_equal(p, "/x/env.db");
	free(p);
	unsetenv("CELLTRIAGE_STORE");
	setenv("XDG_DATA_HOME", "/x/data", 1);
	setenv("HOME", "/home/u", 1);
	p = ct_store_default_path(NULL, &err);
	assert_string_equal(p, "/x/data/celltriage/tickets.db");
	free(p);
	setenv("XDG_DATA_HOME", "relative", 1); /* ignored per the XDG spec */
	p = ct_store_default_path(NULL, &err);
	assert_string_equal(p, "/home/u/.local/share/celltriage/tickets.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_null(ct_store_default_path(NULL, &err));
	assert_string_equal(err.msg,
		"no ticket store: give --store FILE or set CELLTRIAGE_STORE (HOME is not set)");
}

/* ---- PostgreSQL only ---- */

/* A password in the store's address would be shown by ps(1) and kept in
 * shell histories: refused, and never repeated in the message. */
static void
test_pg_password_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char url[256];

	snprintf(url, sizeof(url), "postgresql://someone:s3cr3t@localhost/%s", f->pgdb);
	assert_int_equal(ct_store_open(url, CT_STORE_CREATE, &s, &err), CT_ESTORE);
	assert_null(s);
	assert_null(strstr(err.msg, "s3cr3t"));
	assert_non_null(strstr(err.msg, "password file"));
	snprintf(url, sizeof(url), "postgresql:///%s?password=s3cr3t", f->pgdb);
	assert_int_equal(ct_store_open(url, CT_STORE_CREATE, &s, &err), CT_ESTORE);
	assert_null(strstr(err.msg, "s3cr3t"));
	/* Nothing was made in the database. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_catalog.pg_tables"
				 " WHERE schemaname = current_schema()"), 0);
}

/* Another program's database is refused before anything is written, by
 * readers and writers alike. */
static void
test_pg_foreign_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_err err = { "" };
	char want[256];

	raw_exec(f->path, "CREATE TABLE people (name TEXT)");
	snprintf(want, sizeof(want), "%s: not a celltriage store (the database has other tables "
		 "and no celltriage store_meta)", f->path);
	for (int mode = CT_STORE_EXISTING; mode <= CT_STORE_READONLY; mode++) {
		assert_int_equal(ct_store_open(f->path, mode, &s, &err), CT_ESTORE);
		assert_string_equal(err.msg, want);
	}
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_catalog.pg_tables"
				 " WHERE schemaname = current_schema()"), 1);
}

/* A read-only command on an empty database answers as on an empty store
 * and makes nothing; on a store, the server itself refuses it any write. */
static void
test_pg_readonly_writes_nothing(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = NULL;
	struct ct_ticket *v = NULL, t = full_ticket("RO-1");
	struct ct_err err = { "" };
	size_t n = 9;

	assert_int_equal(ct_store_open(f->path, CT_STORE_READONLY, &s, &err), 0);
	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_catalog.pg_tables"
				 " WHERE schemaname = current_schema()"), 0);

	s = open_ok(f->path);
	file_ok(s, &t, NULL);
	ct_store_close(s);
	assert_int_equal(ct_store_open(f->path, CT_STORE_READONLY, &s, &err), 0);
	t.complaint = "RO-2";
	assert_int_equal(ct_store_file(s, &t, NULL, NULL, &err), CT_ESTORE);
	assert_non_null(strstr(err.msg, "read-only transaction"));
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 1);
}

/* The whole store to PostgreSQL and back to a new SQLite file: every
 * table's rows, with their ids; filing goes on after the copied ids; a
 * copy into a store that holds anything is refused. */
static void
test_pg_copy_both_ways(void **state)
{
	static const char *const counts[] = {
		"SELECT count(*) FROM tickets", "SELECT count(*) FROM ticket_event",
		"SELECT count(*) FROM ticket_tag", "SELECT count(*) FROM deadlines",
		"SELECT count(*) FROM knowledge", "SELECT count(*) FROM customer",
		"SELECT count(*) FROM batch", "SELECT sum(rev) FROM tickets",
		"SELECT max(id) FROM ticket_event",
	};
	struct fx *f = *state;
	struct ct_store *lite, *pg, *back;
	struct ct_err err = { "" };
	struct ct_knowledge k = { 0 };
	struct ct_customer_set cu = { 1, -1, "call after 18:00", "prefers SMS", "noc" };
	char lite_path[160], back_path[160];
	long long n = 0, id;

	snprintf(lite_path, sizeof(lite_path), "%s/lite.db", f->dir);
	snprintf(back_path, sizeof(back_path), "%s/back.db", f->dir);
	lite = open_ok(lite_path);
	for (int i = 0; i < 5; i++) {
		char c[16];
		struct ct_ticket t;

		snprintf(c, sizeof(c), "CP-%d", i);
		t = full_ticket(c);
		t.msisdn = i % 2 ? "13150423168" : "13900000000";
		file_ok(lite, &t, NULL);
	}
	k.cell = "460-00-12345-1";
	k.from = 1795100000;
	k.to = 1795200000;
	k.what = "antenna work";
	assert_int_equal(ct_knowledge_add(lite, &k, 1795150000, &id, NULL, &err), 0);
	assert_int_equal(ct_customer_set(lite, "13150423168", &cu, 1795150000, &err), 0);
	assert_int_equal(ct_store_batch_create(lite, "B-1", "radio/coverage", "noc", 1795150000, &err), 0);

	pg = open_ok(f->path);
	assert_int_equal(ct_store_copy(lite, pg, &n, NULL, NULL, &err), 0);
	assert_int_equal(n, 5);
	back = open_ok(back_path);
	assert_int_equal(ct_store_copy(pg, back, &n, NULL, NULL, &err), 0);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		long long want = raw_int(lite_path, counts[i]);

		assert_true(want > 0);
		assert_int_equal(raw_int(f->path, counts[i]), want);
		assert_int_equal(raw_int(back_path, counts[i]), want);
	}
	/* Once more into a store with tickets: refused, nothing added. */
	assert_int_equal(ct_store_copy(lite, pg, &n, NULL, NULL, &err), CT_ESTATE);
	assert_non_null(strstr(err.msg, "not empty"));
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 5);
	/* New tickets get the next ids on both. */
	{
		struct ct_ticket t = full_ticket("CP-new");

		assert_int_equal(file_ok(pg, &t, NULL), 6);
		assert_int_equal(file_ok(back, &t, NULL), 6);
	}
	ct_store_close(back);
	ct_store_close(pg);
	ct_store_close(lite);
}

/* Group commit: the filings of a group are seen by no one before its
 * commit, a filing refused in it is undone alone, and all of them are
 * there after; an aborted group leaves nothing. */
static void
test_group_commit(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_file_hooks h = { NULL, refuse_named, (void *)"B" };
	struct ct_err err = { "" };
	const char *names[] = { "A", "B", "C" };
	char buf[64];
	long long id;
	int upd;

	assert_int_equal(ct_store_group_begin(s, &err), 0);
	assert_true(ct_store_in_group(s));
	for (size_t i = 0; i < 3; i++) {
		struct ct_ticket t = full_ticket(names[i]);

		assert_int_equal(ct_store_file_hooked(s, &t, &h, &id, &upd, &err), i == 1 ? CT_EINPUT : 0);
	}
	assert_string_equal(complaints_of(f->path, buf, sizeof(buf)), "");
	assert_int_equal(ct_store_group_commit(s, &err), 0);
	assert_false(ct_store_in_group(s));
	assert_string_equal(complaints_of(f->path, buf, sizeof(buf)), "A,C");
	/* Each with its one history row, its documents, words and deadlines
	 * (on PostgreSQL gathered to the commit: the refused one's dropped). */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_text"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(DISTINCT ticket) FROM deadlines"), 2);

	assert_int_equal(ct_store_group_begin(s, &err), 0);
	{
		struct ct_ticket t = full_ticket("D");

		assert_int_equal(ct_store_file_hooked(s, &t, &h, &id, &upd, &err), 0);
	}
	ct_store_group_abort(s);
	assert_false(ct_store_in_group(s));
	assert_string_equal(complaints_of(f->path, buf, sizeof(buf)), "A,C");
	ct_store_close(s);
}

/* The complaints of the store in the order their history was written
 * (event ids), "B,A". */
static const char *
complaints_by_event(const char *path, char *buf, size_t n)
{
	return raw_text(path, "SELECT string_agg(complaint, ',' ORDER BY e.id) FROM ticket_event AS e"
			" JOIN tickets AS t ON t.id = e.ticket", buf, n);
}

static struct ct_ticket
ticket_at(const char *complaint, const char *msisdn, const char *cell)
{
	struct ct_ticket t = full_ticket(complaint);

	t.msisdn = (char *)msisdn;
	t.cell = (char *)cell;
	return t;
}

/* On PostgreSQL filings share the write lock (two groups open at once
 * from two connections), each locking its complaint, subscriber and cell:
 * a later filing of a group that needs one another group holds is
 * answered CT_EREGROUP at once, without waiting (it would wait while
 * holding keys of its own: a deadlock). The history of each group is
 * written at its commit, in the order the groups commit: the desk's
 * notifications read by event id. A filing that writes history at once
 * (a ticket filed again) after others of its group is answered
 * CT_EREGROUP too, and goes through as the first of the next. */
static void
test_pg_filers_share_the_write(void **state)
{
	struct fx *f = *state;
	struct ct_store *a, *b;
	struct ct_file_hooks h = { NULL, NULL, NULL };
	struct ct_err err = { "" };
	struct ct_ticket ta = ticket_at("SH-A", "13900000001", "460-00-1-1"),
			 tb = ticket_at("SH-B", "13900000002", "460-00-2-2"),
			 tc = ticket_at("SH-C", "13900000003", "460-00-1-1"),
			 td = ticket_at("SH-D", "13900000004", "460-00-4-4"),
			 te = ticket_at("SH-E", "13900000005", "460-00-5-5"),
			 tf = ticket_at("SH-F", "13900000006", "460-00-5-5");
	char buf[64];
	long long id;
	int upd;

	/* A wait for a lock the other connection holds fails instead of
	 * hanging the test (both are this thread's). */
	setenv("PGOPTIONS", "-c lock_timeout=10s", 1);
	a = open_ok(f->path);
	b = open_ok(f->path);
	unsetenv("PGOPTIONS");
	assert_int_equal(ct_store_group_begin(a, &err), 0);
	assert_int_equal(ct_store_file_hooked(a, &ta, &h, &id, &upd, &err), 0);
	assert_int_equal(ct_store_group_begin(b, &err), 0);
	assert_int_equal(ct_store_file_hooked(b, &tb, &h, &id, &upd, &err), 0);
	/* SH-A's cell. */
	assert_int_equal(ct_store_file_hooked(b, &tc, &h, &id, &upd, &err), CT_EREGROUP);
	assert_non_null(strstr(err.msg, "SH-C"));
	assert_int_equal(ct_store_group_commit(b, &err), 0);
	assert_int_equal(ct_store_group_commit(a, &err), 0);
	/* Filed first, committed last: its history comes after. */
	assert_string_equal(complaints_by_event(f->path, buf, sizeof(buf)), "SH-B,SH-A");

	/* Now SH-C goes through; a refile after it in the same group waits
	 * for the next group. */
	assert_int_equal(ct_store_group_begin(b, &err), 0);
	assert_int_equal(ct_store_file_hooked(b, &tc, &h, &id, &upd, &err), 0);
	assert_int_equal(ct_store_file_hooked(b, &ta, &h, &id, &upd, &err), CT_EREGROUP);
	assert_int_equal(ct_store_group_commit(b, &err), 0);
	assert_int_equal(ct_store_group_begin(b, &err), 0);
	assert_int_equal(ct_store_file_hooked(b, &ta, &h, &id, &upd, &err), 0);
	assert_int_equal(upd, 1);
	/* After the refile wrote its history at once, the group's new
	 * filings write theirs at once too, and still lock what they look
	 * up: SH-E, in SH-D's cell, is another group's to wait for. */
	assert_int_equal(ct_store_file_hooked(b, &td, &h, &id, &upd, &err), 0);
	assert_int_equal(ct_store_group_begin(a, &err), 0);
	assert_int_equal(ct_store_file_hooked(a, &te, &h, &id, &upd, &err), 0);
	assert_int_equal(ct_store_file_hooked(b, &tf, &h, &id, &upd, &err), CT_EREGROUP);
	/* b holds the order lock since its refile: a's commit waits for b's. */
	assert_int_equal(ct_store_group_commit(b, &err), 0);
	assert_int_equal(ct_store_group_commit(a, &err), 0);
	assert_string_equal(complaints_by_event(f->path, buf, sizeof(buf)),
			    "SH-B,SH-A,SH-C,SH-A,SH-D,SH-E");
	/* Every ticket with its rows, every history as long as its rev. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 5);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc"), 5);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_text"), 5);
	assert_int_equal(raw_int(f->path, "SELECT count(DISTINCT ticket) FROM deadlines"), 5);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets AS t WHERE rev <>"
				 " (SELECT count(*) FROM ticket_event WHERE ticket = t.id)"), 0);
	ct_store_close(b);
	ct_store_close(a);
}

/* A PostgreSQL store made by the release before schema 6 (emulated: the
 * tables of 6 dropped, the documents put back in the row, the version set
 * back) is taken to the current
 * version by the first command that writes, keeping its tickets; a reader
 * refuses it until then. */
/* What a walk of fetch_ahead_walk saw. */
struct seen {
	long long n, last, stop_at;
	int bad;
};

static int
seen_history(struct ct_ticket *t, struct ct_event *ev, size_t nev, void *arg,
	     struct ct_err *err)
{
	struct seen *w = arg;

	(void)err;
	/* In id order, each with its own two events in rev order. */
	if (t->id != w->last + 1 || nev != 2 || ev[0].rev != 1 || ev[1].rev != 2 ||
	    ev[0].ticket != t->id || ev[1].ticket != t->id)
		w->bad = 1;
	w->last = t->id;
	return ++w->n == w->stop_at;
}

/* A streamed read on PostgreSQL fetches its next rows while the caller
 * goes through the last (db.c pg_fetch): over several batches, three
 * cursors interleaved (tickets, deadlines, history), every row comes once
 * and in order; a walk stopped with rows on their way leaves the
 * connection serving. */
static void
test_pg_fetch_ahead(void **state)
{
	enum { N = 1234 };   /* more than two of the cursor's batches */
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("FA-0");
	struct ct_event ev[2] = { { 0 }, { 0 } };
	struct ct_err err = { "" };
	struct ct_ticket_filter any = { .status = CT_STATUS_NONE };
	struct seen w;
	char complaint[16];
	long long n = 0;

	history2(&t, ev, "note");
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	for (int i = 1; i <= N; i++) {
		snprintf(complaint, sizeof(complaint), "FA-%d", i);
		t.id = i;
		t.complaint = complaint;
		if (ct_store_import_add(s, &t, ev, 2, NULL, NULL, &err) != 0)
			fail_msg("%s", err.msg);
	}
	assert_int_equal(ct_store_import_commit(s, &err), 0);

	memset(&w, 0, sizeof(w));
	assert_int_equal(ct_store_each_history(s, NULL, seen_history, &w, &err), 0);
	assert_int_equal(w.n, N);
	assert_int_equal(w.last, N);
	assert_false(w.bad);
	/* Stopped after the first batch, the next one on its way. */
	memset(&w, 0, sizeof(w));
	w.stop_at = 501;
	assert_int_equal(ct_store_each_history(s, NULL, seen_history, &w, &err), 1);
	assert_int_equal(w.n, 501);
	assert_false(w.bad);
	assert_int_equal(ct_store_count(s, &any, &n, &err), 0);
	assert_int_equal(n, N);
	/* The statements, used again, read their own rows, not those left. */
	memset(&w, 0, sizeof(w));
	assert_int_equal(ct_store_each_history(s, NULL, seen_history, &w, &err), 0);
	assert_int_equal(w.n, N);
	assert_false(w.bad);
	ct_store_close(s);
}

/* The row keeps the complaint's channel, written with it: by filing, and
 * by filing the complaint again with another channel, or none. */
static void
test_file_keeps_channel(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("CH-1");
	char buf[32];

	t.complaint_json = "{\"id\":\"CH-1\",\"channel\":\"app\"}";
	file_ok(s, &t, NULL);
	assert_string_equal(raw_text(f->path, "SELECT channel FROM tickets", buf, sizeof(buf)), "app");
	t.complaint_json = "{\"id\":\"CH-1\",\"channel\":\"hotline\"}";
	file_ok(s, &t, NULL);
	assert_string_equal(raw_text(f->path, "SELECT channel FROM tickets", buf, sizeof(buf)),
			    "hotline");
	t.complaint_json = "{\"id\":\"CH-1\"}";
	file_ok(s, &t, NULL);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets WHERE channel IS NULL"), 1);
	ct_store_close(s);
}

/* In a walk's callback: the revs of the history, in the order given. */
static int
revs_history(struct ct_ticket *t, struct ct_event *ev, size_t nev, void *arg,
	     struct ct_err *err)
{
	char *out = arg;

	(void)t;
	(void)err;
	for (size_t i = 0; i < nev && i < 8; i++)
		out[i] = (char)('0' + ev[i].rev);
	out[nev < 8 ? nev : 8] = '\0';
	return 0;
}

/* A history comes in the order its changes were committed in (the events'
 * ids), whatever their times say: every walk, a time range's too (read
 * per ticket on SQLite, through the ticket index's time order on a
 * server). */
static void
test_history_in_commit_order(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("ORD-1");
	struct ct_event ev[2] = { { 0 }, { 0 } };
	struct ct_err err = { "" };
	struct ct_ticket_filter month = { .from = 1793462400, .to = 1796054400 };
	char got[16] = "";

	t.id = 1;
	history2(&t, ev, "note");
	if (ct_store_import(s, &t, ev, 2, &err) != 0)
		fail_msg("%s", err.msg);
	move_ok(s, 1, "dispatch", t.filed_at + 120);
	/* The first event last by its time, its rev and its place in the
	 * table (no command writes that; a hand may have): by its id, it is
	 * still the first. */
	raw_exec(f->path, "UPDATE ticket_event SET at = at + 1000, rev = 9 WHERE rev = 1");
	assert_int_equal(ct_store_each_history(s, NULL, revs_history, got, &err), 0);
	assert_string_equal(got, "923");
	got[0] = '\0';
	assert_int_equal(ct_store_each_history(s, &month, revs_history, got, &err), 0);
	assert_string_equal(got, "923");
	ct_store_close(s);
}

/* In a walk's callback: the history as long as the ticket's rev says (the
 * ticket and its history from one snapshot), and the store's connections
 * to the server, besides the one asking. */
struct twin_seen {
	const char *url;
	long long n, conns;
	int bad;
};

static int
twin_history(struct ct_ticket *t, struct ct_event *ev, size_t nev, void *arg,
	     struct ct_err *err)
{
	struct twin_seen *w = arg;

	(void)ev;
	(void)err;
	if ((long long)nev != t->rev)
		w->bad = 1;
	if (w->n++ == 0)
		w->conns = raw_int(w->url, "SELECT count(*) FROM pg_stat_activity WHERE"
				   " datname = current_database() AND pid <> pg_backend_pid()");
	return 0;
}

/* On PostgreSQL a whole walk reads the histories on a second connection
 * (store.c walk_prepare): in the snapshot of the walk's transaction, so a
 * move committed by another user after the reader's snapshot was taken is
 * in neither the ticket nor its history. */
static void
test_pg_walk_snapshot(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path), *other;
	struct ct_ticket t = full_ticket("SNAP-0");
	struct ct_event ev[2] = { { 0 }, { 0 } };
	struct ct_err err = { "" };
	struct twin_seen w = { f->path, 0, 0, 0 };
	char complaint[24];

	history2(&t, ev, "note");
	for (int i = 1; i <= 3; i++) {
		snprintf(complaint, sizeof(complaint), "SNAP-%d", i);
		t.id = i;
		t.complaint = complaint;
		if (ct_store_import(s, &t, ev, 2, &err) != 0)
			fail_msg("%s", err.msg);
	}
	assert_int_equal(ct_store_read_begin(s, &err), 0);
	assert_int_equal(ct_store_count(s, &(struct ct_ticket_filter){ 0 }, &w.n, &err), 0);
	w.n = 0;
	/* Committed after the snapshot: ticket 2 at rev 3, three events. */
	other = open_ok(f->path);
	move_ok(other, 2, "dispatch", t.filed_at + 60);
	ct_store_close(other);
	assert_int_equal(ct_store_each_history(s, NULL, twin_history, &w, &err), 0);
	ct_store_read_end(s);
	assert_int_equal(w.n, 3);
	assert_false(w.bad);
	assert_int_equal(w.conns, 2);   /* the store's, and the histories' */
	/* A new snapshot has the move, in both. */
	memset(&w, 0, sizeof(w));
	w.url = f->path;
	assert_int_equal(ct_store_each_history(s, NULL, twin_history, &w, &err), 0);
	assert_false(w.bad);
	assert_int_equal(raw_int(f->path, "SELECT rev FROM tickets WHERE id = 2"), 3);
	ct_store_close(s);
}

/* An import's rows go to the server without waiting for answers (pipeline
 * mode): a failure among them is the import's message, the import is
 * refused whole, and the connection goes on serving. */
static void
test_pg_pipeline_failure(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("PL-1");
	struct ct_event ev[2] = { { 0 }, { 0 } };
	struct ct_err err = { "" };
	struct ct_ticket *v = NULL;
	size_t n = 0;

	t.id = 1;
	history2(&t, ev, "note");
	/* The history's insert, sent behind the ticket's, fails on the server. */
	raw_exec(f->path, "CREATE FUNCTION pl_refuse() RETURNS trigger LANGUAGE plpgsql AS"
		 " $$ BEGIN RAISE EXCEPTION 'history refused by the test'; END $$;"
		 " CREATE TRIGGER pl_refuse BEFORE INSERT ON ticket_event"
		 " FOR EACH ROW EXECUTE FUNCTION pl_refuse()");
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	assert_int_equal(ct_store_import_add(s, &t, ev, 2, NULL, NULL, &err), 0);
	assert_int_not_equal(ct_store_import_commit(s, &err), 0);
	assert_non_null(strstr(err.msg, "history refused by the test"));
	ct_store_import_abort(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 0);
	raw_exec(f->path, "DROP TRIGGER pl_refuse ON ticket_event");
	/* The same connection imports the ticket once nothing refuses it. */
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	if (ct_store_import_add(s, &t, ev, 2, NULL, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(ct_store_import_commit(s, &err), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event WHERE ticket = 1"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc WHERE ticket = 1"), 1);
	assert_int_equal(ct_store_list(s, NULL, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].complaint, "PL-1");
	ct_tickets_free(v, n);
	ct_store_close(s);
}

/* A connection's session: the text in UTF-8, and every cursor planned to
 * be read to its end, as the store reads each one (with the server's
 * default, a tenth, a listing of one cell of a large store walked all the
 * tickets in id order to find the cell's few). */
static void
test_pg_session(void **state)
{
	struct fx *f = *state;
	st_db *db = NULL;
	st_stmt *st = NULL;

	assert_int_equal(st_db_open_pg(f->path, &db), SQLITE_OK);
	assert_int_equal(st_prepare(db, "SELECT current_setting('cursor_tuple_fraction'),"
				    " current_setting('client_encoding')", &st), SQLITE_OK);
	assert_int_equal(st_step(st), SQLITE_ROW);
	assert_string_equal(st_col_ctext(st, 0), "1");
	assert_string_equal(st_col_ctext(st, 1), "UTF8");
	st_finalize(st);
	st_db_close(db);
}

/* Commands queued on the connection (st_queue: a group's SAVEPOINT and
 * RELEASE) are answered with the next statement. One that fails fails
 * that statement and every one after it, a rollback to a savepoint and a
 * commit too, until the whole transaction is rolled back: the failed
 * command may be the release of a filing already counted as done. */
static void
test_pg_queued_failure(void **state)
{
	struct fx *f = *state;
	st_db *db = NULL;
	st_stmt *st = NULL;

	raw_exec(f->path, "CREATE TABLE q (v bigint)");
	assert_int_equal(st_db_open_pg(f->path, &db), SQLITE_OK);
	assert_int_equal(st_exec(db, "BEGIN"), SQLITE_OK);
	assert_int_equal(st_exec(db, "INSERT INTO q VALUES (1)"), SQLITE_OK);
	assert_int_equal(st_queue(db, "SAVEPOINT a"), SQLITE_OK);
	assert_int_equal(st_queue(db, "INSERT INTO q VALUES (2)"), SQLITE_OK);
	assert_int_equal(st_queue(db, "RELEASE a"), SQLITE_OK);
	assert_int_equal(st_prepare(db, "SELECT count(*) FROM q", &st), SQLITE_OK);
	assert_int_equal(st_step(st), SQLITE_ROW);
	assert_int_equal(st_col_int(st, 0), 2);
	st_finalize(st);

	assert_int_equal(st_queue(db, "SAVEPOINT b"), SQLITE_OK);
	assert_int_equal(st_queue(db, "RELEASE nosuch"), SQLITE_OK);
	assert_int_equal(st_prepare(db, "SELECT count(*) FROM q", &st), SQLITE_OK);
	assert_int_equal(st_step(st), SQLITE_ERROR);
	assert_non_null(strstr(st_db_errmsg(db), "nosuch"));
	st_finalize(st);
	assert_int_equal(st_exec(db, "ROLLBACK TO b"), SQLITE_ERROR);
	assert_int_equal(st_queue(db, "SAVEPOINT c"), SQLITE_ERROR);
	assert_int_equal(st_exec(db, "COMMIT"), SQLITE_ERROR);
	assert_int_equal(st_exec(db, "ROLLBACK"), SQLITE_OK);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM q"), 0);

	/* The connection serves again, queued commands included. */
	assert_int_equal(st_exec(db, "BEGIN"), SQLITE_OK);
	assert_int_equal(st_queue(db, "INSERT INTO q VALUES (3)"), SQLITE_OK);
	assert_int_equal(st_exec(db, "COMMIT"), SQLITE_OK);
	assert_int_equal(raw_int(f->path, "SELECT sum(v) FROM q"), 3);
	st_db_close(db);
}

/* The after hook of test_group_row_refused: a lookup, as the CLI's. */
static int
after_lookup(struct ct_store *s, const struct ct_ticket *t, long long id, void *arg,
	     struct ct_err *err)
{
	struct ct_customer c;
	int rc = ct_customer_get(s, t->msisdn, t->received_at, 86400, &c, err);

	(void)id;
	(void)arg;
	if (rc == 0)
		ct_customer_free(&c);
	return rc;
}

/* A filing whose rows the engine refuses (a trigger on its tag) fails alone
 * in a group, its message naming why, whether its writes are answered with
 * the after hook's lookup or at its end (PostgreSQL sends them without
 * waiting): the filings before and after it are stored. */
static void
test_group_row_refused(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_err err = { "" };
	char *boom[] = { CT_KNOWN_TAG "999" };
	long long id;
	int upd;

	if (pg_is_url(f->path))
		raw_exec(f->path, "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$"
			 " BEGIN RAISE EXCEPTION 'tag boom refused'; END $$;"
			 "CREATE TRIGGER boom BEFORE INSERT ON ticket_tag FOR EACH ROW"
			 " WHEN (NEW.tag = 'known:999') EXECUTE FUNCTION boom()");
	else
		raw_exec(f->path, "CREATE TRIGGER boom BEFORE INSERT ON ticket_tag"
			 " WHEN NEW.tag = 'known:999' BEGIN SELECT RAISE(ABORT, 'tag boom refused'); END");
	for (int pass = 0; pass < 2; pass++) {
		struct ct_file_hooks h = { NULL, pass ? after_lookup : NULL, NULL };
		struct ct_ticket b = full_ticket(pass ? "RB-2" : "RB-1"),
				 c = full_ticket(pass ? "RC-2" : "RC-1");

		b.tags = boom;
		b.ntags = 1;
		assert_int_equal(ct_store_group_begin(s, &err), 0);
		/* Three before it: every statement of a filing is prepared on
		 * the server by then, and so goes with the answers waiting. */
		for (int i = 0; i < 3; i++) {
			char complaint[32];
			struct ct_ticket a;

			snprintf(complaint, sizeof(complaint), "RA-%d-%d", pass, i);
			a = full_ticket(complaint);
			assert_int_equal(ct_store_file_hooked(s, &a, &h, &id, &upd, &err), 0);
		}
		assert_int_not_equal(ct_store_file_hooked(s, &b, &h, &id, &upd, &err), 0);
		assert_non_null(strstr(err.msg, "tag boom refused"));
		err.msg[0] = '\0';
		assert_int_equal(ct_store_file_hooked(s, &c, &h, &id, &upd, &err), 0);
		assert_int_equal(ct_store_group_commit(s, &err), 0);
	}
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 8);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets WHERE complaint LIKE 'RB%'"), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 8);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc"), 8);
	/* Nothing of the refused filing is left, on PostgreSQL without
	 * foreign keys to tickets (schema 15) too. */
	assert_int_equal(raw_int(f->path, pg_is_url(f->path)
		? "SELECT (SELECT count(*) FROM ticket_event)"
		  " + (SELECT count(*) FROM ticket_doc) + (SELECT count(*) FROM deadlines)"
		  " + (SELECT count(*) FROM ticket_text) + (SELECT count(*) FROM ticket_tag)"
		  " - (SELECT count(*) FROM ticket_event JOIN tickets ON tickets.id = ticket)"
		  " - (SELECT count(*) FROM ticket_doc JOIN tickets ON tickets.id = ticket)"
		  " - (SELECT count(*) FROM deadlines JOIN tickets ON tickets.id = ticket)"
		  " - (SELECT count(*) FROM ticket_text JOIN tickets ON tickets.id = ticket)"
		  " - (SELECT count(*) FROM ticket_tag JOIN tickets ON tickets.id = ticket)"
		: "SELECT (SELECT count(*) FROM ticket_event) - (SELECT count(*) FROM tickets)"
		  " + (SELECT count(*) FROM ticket_text) - (SELECT count(*) FROM tickets)"), 0);
	if (pg_is_url(f->path))
		assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
					 " AND confrelid = 'tickets'::regclass"), 0);
}

/* Lookups asked ahead (st_ask) are sent at once and answered in the round
 * trip of the next statement: they ran before it. A failed lookup fails
 * its own step and the statement it went with, not the transaction; a
 * queued command's failure before it fails it and the transaction. */
/* Rows of one-row INSERTs gathered (st_prepare_row) go as INSERTs of many
 * rows, whatever the statements' number and columns: five statements of
 * one to three columns, more than are gathered at once, 300 rows each, the
 * fifth's gathered where the first's were (two columns where one was);
 * none is lost or put in another's table. A statement of another shape is
 * refused, and outside st_rows_begin a row goes at once. */
static void
test_pg_rows_gathered(void **state)
{
	struct fx *f = *state;
	st_db *db = NULL;
	st_stmt *st = NULL;
	static const char *const ins[5] = {
		"INSERT INTO g0 (a) VALUES (?1)",
		"INSERT INTO g1 (a, b) VALUES (?1, ?2)",
		"INSERT INTO g2 (a, b, c) VALUES (?1, ?2, ?3)",
		"INSERT INTO g3 (a) VALUES (?1)",
		"INSERT INTO g4 (a, b) VALUES (?1, ?2)",
	};
	char sql[96];

	raw_exec(f->path, "CREATE TABLE g0 (a bigint); CREATE TABLE g1 (a bigint, b text);"
		 " CREATE TABLE g2 (a bigint, b text, c text); CREATE TABLE g3 (a bigint);"
		 " CREATE TABLE g4 (a bigint, b text)");
	assert_int_equal(st_db_open_pg(f->path, &db), SQLITE_OK);
	assert_int_equal(st_prepare_row(db, "INSERT INTO g0 (a) VALUES (?1) RETURNING a", &st),
			 SQLITE_MISUSE);
	assert_int_equal(st_prepare_row(db, "INSERT INTO g1 (a, b) VALUES (?2, ?1)", &st),
			 SQLITE_MISUSE);
	assert_int_equal(st_exec(db, "BEGIN"), SQLITE_OK);
	assert_int_equal(st_rows_begin(db), SQLITE_OK);
	for (int k = 0; k < 5; k++)
		for (int i = 0; i < 300; i++) {
			assert_int_equal(st_prepare_row(db, ins[k], &st), SQLITE_OK);
			st_bind_int64(st, 1, 1000 * k + i);
			for (int c = 2; c <= 1 + k % 3; c++)
				st_bind_text(st, c, k == 2 && c == 3 ? "x'\\y" : "t");
			assert_int_equal(st_step(st), SQLITE_DONE);
			assert_int_equal(st_changes(db), 1);
			st_finalize(st);
		}
	assert_int_equal(st_rows_end(db), SQLITE_OK);
	/* Outside st_rows_begin: at once. */
	assert_int_equal(st_prepare_row(db, ins[0], &st), SQLITE_OK);
	st_bind_int64(st, 1, -1);
	assert_int_equal(st_step(st), SQLITE_DONE);
	st_finalize(st);
	assert_int_equal(st_exec(db, "COMMIT"), SQLITE_OK);
	st_db_close(db);
	for (int k = 0; k < 5; k++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM g%d WHERE a BETWEEN %d AND %d", k,
			 1000 * k, 1000 * k + 299);
		assert_int_equal(raw_int(f->path, sql), 300);
		snprintf(sql, sizeof(sql), "SELECT sum(a) - 300 * %d FROM g%d WHERE a >= 0", 1000 * k, k);
		assert_int_equal(raw_int(f->path, sql), 299 * 300 / 2);
	}
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM g2 WHERE c = 'x''\\y'"), 300);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM g0 WHERE a = -1"), 1);
}

static void
test_pg_asked(void **state)
{
	struct fx *f = *state;
	st_db *db = NULL;
	st_stmt *a = NULL, *b = NULL, *c = NULL;

	raw_exec(f->path, "CREATE TABLE q (v bigint)");
	assert_int_equal(st_db_open_pg(f->path, &db), SQLITE_OK);
	assert_int_equal(st_exec(db, "BEGIN"), SQLITE_OK);
	assert_int_equal(st_exec(db, "INSERT INTO q VALUES (1)"), SQLITE_OK);

	/* Asked (and prepared, in the same round trip) three times:
	 * each time the counts are from before the insert they went with. */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(st_prepare(db, "SELECT sum(v) FROM q WHERE v >= ?1", &a), SQLITE_OK);
		st_bind_int64(a, 1, 1);
		assert_int_equal(st_ask(a), SQLITE_OK);
		assert_int_equal(st_prepare(db, "SELECT count(*) FROM q", &b), SQLITE_OK);
		assert_int_equal(st_ask(b), SQLITE_OK);
		assert_int_equal(st_prepare(db, "INSERT INTO q VALUES (?1) RETURNING v", &c), SQLITE_OK);
		st_bind_int64(c, 1, 10 + i);
		assert_int_equal(st_step(c), SQLITE_ROW);
		assert_int_equal(st_col_int(c, 0), 10 + i);
		assert_int_equal(st_step(b), SQLITE_ROW);
		assert_int_equal(st_col_int(b, 0), 1 + i);
		assert_int_equal(st_step(b), SQLITE_DONE);
		assert_int_equal(st_step(a), SQLITE_ROW);
		assert_int_equal(st_col_int(a, 0), 1 + (i ? 10 : 0) + (i > 1 ? 11 : 0));
		st_finalize(a);
		st_finalize(b);
		st_finalize(c);
	}

	/* A failed lookup: its step and its rider's fail; a rollback to a
	 * savepoint is enough, and what came before stands. */
	assert_int_equal(st_exec(db, "SAVEPOINT s"), SQLITE_OK);
	assert_int_equal(st_prepare(db, "SELECT 1 / (v - v) FROM q", &a), SQLITE_OK);
	assert_int_equal(st_ask(a), SQLITE_OK);
	assert_int_equal(st_prepare(db, "SELECT count(*) FROM q", &b), SQLITE_OK);
	assert_int_equal(st_step(b), SQLITE_ERROR);
	assert_non_null(strstr(st_db_errmsg(db), "division by zero"));
	assert_int_equal(st_step(a), SQLITE_ERROR);
	st_finalize(a);
	st_finalize(b);
	assert_int_equal(st_exec(db, "ROLLBACK TO s"), SQLITE_OK);

	/* A queued command's failure fails the lookup after it, and the
	 * transaction as st_queue's rule says. */
	assert_int_equal(st_queue(db, "RELEASE nosuch"), SQLITE_OK);
	assert_int_equal(st_prepare(db, "SELECT count(*) FROM q", &b), SQLITE_OK);
	assert_int_equal(st_ask(b), SQLITE_OK);
	assert_int_equal(st_step(b), SQLITE_ERROR);
	assert_non_null(strstr(st_db_errmsg(db), "nosuch"));
	st_finalize(b);
	assert_int_equal(st_exec(db, "COMMIT"), SQLITE_ERROR);
	assert_int_equal(st_exec(db, "ROLLBACK"), SQLITE_OK);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM q"), 0);

	/* Asked and never stepped: its answer is read and dropped, and the
	 * connection serves on. */
	assert_int_equal(st_exec(db, "BEGIN"), SQLITE_OK);
	assert_int_equal(st_prepare(db, "SELECT count(*) FROM q", &b), SQLITE_OK);
	assert_int_equal(st_ask(b), SQLITE_OK);
	st_finalize(b);
	assert_int_equal(st_exec(db, "INSERT INTO q VALUES (7)"), SQLITE_OK);
	assert_int_equal(st_exec(db, "COMMIT"), SQLITE_OK);
	assert_int_equal(raw_int(f->path, "SELECT sum(v) FROM q"), 7);
	st_db_close(db);
}

/* The server ends the connection in the middle of a group of filings:
 * the filing after it fails, the group's commit says it was rolled back,
 * and the store holds none of the group, the filing before included. */
static void
test_pg_group_connection_lost(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_file_hooks h = { NULL, NULL, NULL };
	struct ct_err err = { "" };
	struct ct_ticket a = full_ticket("GL-1"), b = full_ticket("GL-2");
	long long id;
	int upd;

	assert_int_equal(ct_store_group_begin(s, &err), 0);
	assert_int_equal(ct_store_file_hooked(s, &a, &h, &id, &upd, &err), 0);
	raw_exec(f->path, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
		 " WHERE datname = current_database() AND pid <> pg_backend_pid()");
	assert_int_not_equal(ct_store_file_hooked(s, &b, &h, &id, &upd, &err), 0);
	assert_int_not_equal(ct_store_group_commit(s, &err), 0);
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 0);
}

/* Tickets of an import on PostgreSQL are answered CT_STORE_IMPORT_AHEAD at
 * a time: one already in the store, sent among them, refuses the import at
 * the add that reads their answers, naming that ticket (not the one being
 * added), and the store keeps only what it held. */
static void
test_pg_import_refused_later(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("DUP");
	struct ct_event ev[2];
	struct ct_err err = { "" };
	char complaint[32], where[32], want[96];
	const int dup = CT_STORE_IMPORT_AHEAD + 20;
	int refused_at = 0;

	file_ok(s, &t, NULL);   /* ticket 1, complaint DUP */
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	for (int i = 2; i <= 3 * CT_STORE_IMPORT_AHEAD && !refused_at; i++) {
		snprintf(complaint, sizeof(complaint), i == dup ? "DUP" : "IMP-%d", i);
		t = full_ticket(complaint);
		snprintf(where, sizeof(where), "f.json:%d", i);
		t.id = i;
		history2(&t, ev, "note");
		if (ct_store_import_add(s, &t, ev, 2, NULL, where, &err) != 0)
			refused_at = i;
	}
	/* The add of the second window's last ticket (ids from 2) read them. */
	assert_int_equal(refused_at, 1 + 2 * CT_STORE_IMPORT_AHEAD);
	snprintf(want, sizeof(want), "f.json:%d: ticket %d (complaint DUP) is already in the store",
		 dup, dup);
	assert_string_equal(err.msg, want);
	ct_store_import_abort(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 1);

	/* A unique index's refusal of another of a ticket's rows (here the
	 * documents of ticket 7, left by hand without their ticket) is the
	 * server's failure, not a ticket already in the store: neither 7,
	 * whose row went in, nor 8, whose row the server skipped after it. */
	raw_exec(f->path, "INSERT INTO ticket_doc (ticket) VALUES (7)");
	assert_int_equal(ct_store_import_begin(s, &err), 0);
	for (int i = 7; i <= 8; i++) {
		snprintf(complaint, sizeof(complaint), "IMP-%d", i);
		t = full_ticket(complaint);
		t.id = i;
		history2(&t, ev, "note");
		assert_int_equal(ct_store_import_add(s, &t, ev, 2, NULL, "g.json", &err), 0);
	}
	assert_int_not_equal(ct_store_import_commit(s, &err), 0);
	assert_non_null(strstr(err.msg, "ticket_doc_pkey"));
	assert_null(strstr(err.msg, "already in the store"));
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 1);
	ct_store_close(s);
}

/* An import's ticket rows go to PostgreSQL many to an INSERT: a refused
 * INSERT names its ticket by the key in the server's detail, whichever of
 * its rows that was: a complaint id in the store (with a parenthesis in
 * it), an id in the store, an id twice in the file (the second named). */
static int
import_refused(struct ct_store *s, const long long *ids, const char *const *complaints, int n,
	       struct ct_err *err)
{
	struct ct_ticket t;
	struct ct_event ev[2];
	char where[32];
	int rc = ct_store_import_begin(s, err);

	for (int i = 0; rc == 0 && i < n; i++) {
		t = full_ticket(complaints[i]);
		t.id = ids[i];
		history2(&t, ev, "note");
		snprintf(where, sizeof(where), "r.json:%d", i + 1);
		rc = ct_store_import_add(s, &t, ev, 2, NULL, where, err);
	}
	if (rc == 0)
		rc = ct_store_import_commit(s, err);
	ct_store_import_abort(s);
	return rc;
}

static void
test_pg_import_refusal_names_ticket(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("A)B(");
	struct ct_err err = { "" };
	const long long by_complaint[] = { 2, 3, 4, 5 }, by_id[] = { 6, 7, 1, 8 },
			twice[] = { 9, 10, 9, 11 };
	const char *const c1[] = { "R-2", "R-3", "A)B(", "R-5" }, *const c2[] = { "R-6", "R-7", "R-1", "R-8" },
			  *const c3[] = { "R-9", "R-10", "R-9b", "R-11" };

	file_ok(s, &t, NULL);   /* ticket 1, complaint A)B( */
	assert_int_equal(import_refused(s, by_complaint, c1, 4, &err), CT_ESTATE);
	assert_string_equal(err.msg, "r.json:3: ticket 4 (complaint A)B() is already in the store");
	assert_int_equal(import_refused(s, by_id, c2, 4, &err), CT_ESTATE);
	assert_string_equal(err.msg, "r.json:3: ticket 1 (complaint R-1) is already in the store");
	assert_int_equal(import_refused(s, twice, c3, 4, &err), CT_ESTATE);
	assert_string_equal(err.msg, "r.json:3: ticket 9 (complaint R-9b) is already in the store");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_event"), 1);
	ct_store_close(s);
}

/* A verdict as a store of schema 5 kept it: text, in the ticket's row;
 * long enough that a store of schema 16 would write it as a frame. */
#define M5_VERDICT "{\"complaint\":\"C20261120-0001\",\"cause\":\"radio/coverage\"," \
	"\"why\":\"RSRP -112 dBm below the coverage threshold of -94 dBm on 460-00-22001-3," \
	" measured where and when the complaint says; no alarm, no planned work, no other" \
	" complaint from the cell in the window: the coverage hole is the cause\"}"

static void
test_pg_migrates_from_5(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("M5-1");
	struct ct_err err = { "" };
	char buf[64];

	file_ok(s, &t, NULL);
	ct_store_close(s);
	/* Schema 5: no desk tables, the documents in the ticket's row, no
	 * searched text, escalations, filing time or queue index. */
	raw_exec(f->path, "DROP TABLE ticket_text; DROP TABLE escalation; DROP INDEX tickets_filed;"
		 " DROP INDEX tickets_queue;"
		 " DROP INDEX tickets_esc; ALTER TABLE tickets DROP COLUMN esc_due;"
		 " ALTER TABLE tickets DROP COLUMN channel;"
		 " DROP TABLE users; DROP TABLE user_token; DROP TABLE hub;"
		 " ALTER TABLE tickets ADD COLUMN complaint_json TEXT, ADD COLUMN verdict_json TEXT;"
		 " DROP TABLE ticket_doc;"
		 " UPDATE tickets SET complaint_json = '{\"id\":\"M5-1\",\"channel\":\"app\"}',"
		 " verdict_json = '" M5_VERDICT "';"
		 " DROP INDEX tickets_appeal;"
		 " DROP INDEX tickets_open;"
		 " CREATE INDEX tickets_due ON tickets(due_at) WHERE due_at IS NOT NULL;"
		 " CREATE INDEX tickets_cell ON tickets(cell);"
		 " CREATE INDEX ticket_event_ticket ON ticket_event(ticket, at);"
		 " DROP INDEX tickets_msisdn; DROP INDEX tickets_imsi;"
		 " CREATE INDEX tickets_msisdn ON tickets(msisdn, phenomenon);"
		 " CREATE INDEX tickets_imsi ON tickets(imsi, phenomenon);"
		 " DROP TABLE deadlines; CREATE TABLE deadlines ("
		 " ticket BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
		 " stage TEXT COLLATE \"C\" NOT NULL, due BIGINT NOT NULL, PRIMARY KEY (ticket, stage));"
		 " INSERT INTO deadlines VALUES (1, 'reply', 1795150800), (1, 'callback', 1795160000),"
		 " (1, 'dispatch', 1795140900);"
		 " INSERT INTO ticket_tag VALUES (1, 'old-tag'), (1, 'known:9');"
		 " UPDATE store_meta SET value = '5' WHERE key = 'schema_version'");
	assert_int_equal(ct_store_open(f->path, CT_STORE_READONLY, &s, &err), CT_ESTORE);
	assert_non_null(strstr(err.msg, "store schema version 5 is older"));
	s = open_ok(f->path);
	ct_store_close(s);
	snprintf(buf, sizeof(buf), "%d", CT_STORE_SCHEMA);
	assert_string_equal(raw_text(f->path, "SELECT value FROM store_meta WHERE key = 'schema_version'",
				     buf + 16, sizeof(buf) - 16), buf);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM users"), 0);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM tickets"), 1);
	/* The channel is the complaint's again (schema 10). */
	assert_string_equal(raw_text(f->path, "SELECT channel FROM tickets", buf, sizeof(buf)), "app");
	/* The queue's index replaced (schema 11). */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_indexes WHERE tablename = 'tickets'"
				 " AND indexname IN ('tickets_open', 'tickets_due')"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_indexes"
				 " WHERE indexname = 'tickets_open'"), 1);
	/* The documents moved out of the row, unchanged. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_doc"
				 " WHERE verdict_json LIKE '{\"complaint\":\"C20261120-0001\"%'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM information_schema.columns"
				 " WHERE table_name = 'tickets' AND column_name LIKE '%_json'"), 0);
	/* Schema 8 filled the searched text. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_text"
				 " WHERE tsv @@ websearch_to_tsquery('simple', '\"m5 1\"')"), 1);
	/* Schema 12: the deadlines one row, read in due order. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM deadlines"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_indexes WHERE indexname IN"
				 " ('tickets_cell', 'ticket_event_ticket')"), 0);
	/* Schema 13: only the tags looked up by tag keep a row; the batch
	 * index holds the tickets in a batch. */
	assert_string_equal(raw_text(f->path, "SELECT string_agg(tag, ',' ORDER BY tag) FROM ticket_tag",
				     buf, sizeof(buf)), "known:9");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_batch'"
				 " AND indexdef LIKE '%WHERE (batch IS NOT NULL)'"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_indexes WHERE indexname IN"
				 " ('tickets_received', 'tickets_cell_received')"
				 " AND indexdef LIKE '%INCLUDE (id)'"), 2);
	/* Schema 15: no foreign key to tickets (the deadlines' made above
	 * by hand included). */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
				 " AND confrelid = 'tickets'::regclass"), 0);
	/* Schema 16: the documents are bytea; the text ones of before read
	 * as they were written. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM information_schema.columns"
				 " WHERE table_name = 'ticket_doc' AND data_type = 'bytea'"), 2);
	/* Schema 18: a subscriber's tickets found through hash indexes. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pg_indexes WHERE indexname IN"
				 " ('tickets_msisdn', 'tickets_imsi') AND indexdef LIKE '%USING hash (%'"), 2);
	s = open_ok(f->path);
	assert_int_equal(ct_store_get(s, 1, &t, &err), 0);
	assert_string_equal(t.verdict_json, M5_VERDICT);
	assert_string_equal(t.complaint_json, "{\"id\":\"M5-1\",\"channel\":\"app\"}");
	assert_int_equal(t.ndeadlines, 3);
	assert_string_equal(t.deadlines[0].stage, "dispatch");
	assert_string_equal(t.deadlines[1].stage, "reply");
	assert_string_equal(t.deadlines[2].stage, "callback");
	assert_int_equal(t.deadlines[2].due, 1795160000);
	ct_ticket_free(&t);
	ct_store_close(s);
}

/* A store of schema 16 kept the searched words' text and had the server
 * make their tsvector from it (a generated column): schema 17 keeps the
 * tsvector, found as before, and writes the next ones itself. */
static void
test_pg_migrates_words(void **state)
{
	struct fx *f = *state;
	struct ct_store *s = open_ok(f->path);
	struct ct_ticket t = full_ticket("W16-1");

	file_ok(s, &t, NULL);
	ct_store_close(s);
	raw_exec(f->path, "DROP TABLE ticket_text; CREATE TABLE ticket_text ("
		 " ticket BIGINT PRIMARY KEY, body TEXT NOT NULL,"
		 " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED);"
		 " CREATE INDEX ticket_text_tsv ON ticket_text USING gin (tsv);"
		 " INSERT INTO ticket_text (ticket, body) VALUES (1, 'w16 1 école 460 00 22001 3');"
		 " UPDATE store_meta SET value = '16' WHERE key = 'schema_version'");
	s = open_ok(f->path);
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT value::int FROM store_meta WHERE key = 'schema_version'"),
			 CT_STORE_SCHEMA);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM information_schema.columns"
				 " WHERE table_name = 'ticket_text' AND (column_name = 'body'"
				 " OR is_generated <> 'NEVER' OR is_nullable <> 'NO')"), 0);
	s = open_ok(f->path);
	assert_int_equal(searched(s, "ÉCOLE 22001", "W16-1"), 1);
	/* A ticket filed now: its words written as a tsvector, each at its
	 * place, as the server made them, without its MSISDN and IMSI (one
	 * word each): a search finds those by their columns, on both
	 * tickets. */
	t = full_ticket("W17-2");
	file_ok(s, &t, NULL);
	assert_int_equal(searched(s, "w17-2", "W17-2"), 1);
	assert_int_equal(searched(s, "13150423168 radio", "W17-2"), 1);
	assert_int_equal(searched(s, "460001234567890", NULL), 2);
	assert_int_equal(searched(s, "22001 13150423168", "W16-1"), 1);
	ct_store_close(s);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM ticket_text JOIN tickets ON tickets.id = ticket"
				 " WHERE complaint = 'W17-2' AND tsv::text LIKE '%''w17'':1 %'"
				 " AND tsv @@ '''2'' <-> ''460'' <-> ''00'' <-> ''12345'''::tsquery"
				 " AND NOT tsv @@ '''13150423168'' | ''460001234567890'''::tsquery"),
			 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates_0600_with_parents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_every_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doc_frame_names_dictionary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doc_frame_without_dictionary_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doc_frame_other_dictionary_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refile_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadlines_one_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_store_claimed_by_writer_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_streams_as_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_in_commit_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_keeps_channel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_row_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_migration_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_fails_at_file_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waits_for_a_held_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_writer_loses_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_optimistic_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_before_last_change_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_stream_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_odd_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_rows_of_every_ticket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_ready_same_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_moves_none_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeat_detection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_commit, setup, teardown),
		cmocka_unit_test(test_default_path),
	};

	/* The tests that do not look at the engine itself, on PostgreSQL. */
	const struct CMUnitTest pg_tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_every_field, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_doc_frame_names_dictionary, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_doc_frame_without_dictionary_reads, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_doc_frame_other_dictionary_refused, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_refile_updates, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_get_not_found, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_deadlines_one_row, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_each_streams_as_list, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_killed_writer_loses_nothing, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_optimistic_race, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_move_before_last_change_refused, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_import_checked, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_import_stream_all_or_nothing, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_import_odd_text, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_import_rows_of_every_ticket, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_import_ready_same_rows, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_moves_none_lost, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_repeat_detection, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_group_commit, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_password_refused, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_foreign_refused, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_readonly_writes_nothing, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_copy_both_ways, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_migrates_from_5, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_migrates_words, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_pipeline_failure, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_queued_failure, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_session, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_asked, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_rows_gathered, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_import_refused_later, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_import_refusal_names_ticket, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_group_connection_lost, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_fetch_ahead, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_walk_snapshot, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_history_in_commit_order, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_file_keeps_channel, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_group_row_refused, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(test_pg_filers_share_the_write, setup_pg, teardown),
	};
	int failed = cmocka_run_group_tests_name("store", tests, NULL, NULL);

	if (!pg_wanted()) {
		printf("notice: store on PostgreSQL skipped (no test server: CT_TEST_PG unset)\n");
		return failed;
	}
	return failed + cmocka_run_group_tests_name("store-postgresql", pg_tests, NULL, NULL);
}
