/*
 * db.c — the store's connection to SQLite or PostgreSQL (db.h).
 *
 * SQLite: a thin layer over sqlite3_stmt. PostgreSQL (libpq): a statement
 * is its SQL with ?N turned into $N and its parameters kept as text; the
 * first step sends it (PQexecParams) and later steps walk the rows of the
 * answer. A statement prepared for streaming inside a transaction is read
 * through a cursor, ST_PG_BATCH rows at a time, so a listing's memory does
 * not grow with the store; the next batch is asked for as soon as one
 * arrives, and the server reads it while the caller goes through this one
 * (pg_fetch).
 *
 *   st_prepare  ->  st_bind_*  ->  st_step (ROW ... DONE)  ->  st_reset / st_finalize
 *                                    |
 *            SQLite: sqlite3_step    |   PostgreSQL: first step sends
 *                                    |   (DECLARE + FETCH when streamed),
 *                                    |   then rows from the PGresult
 *
 * Parameters go to the server as text, typed int8 or text as they were
 * bound; a NULL bound with st_bind_null is left for the server to infer
 * from where it is used.
 */
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <zstd.h>

#include "celltriage/util.h"
#include "db.h"
#include "pq.h"

#define ST_PG_BATCH 500      /* rows per FETCH of a streamed statement */
#define PG_BOOL_OID 16       /* pg_type.oid of boolean */
#define PG_INT8_OID 20       /* of bigint */
#define PG_INT2_OID 21       /* of smallint */
#define PG_INT4_OID 23       /* of integer */
#define PG_BYTEA_OID 17      /* of bytea: the stored documents */
#define PG_TEXT_OID 25       /* of text: an unused parameter's type */
#define PG_TSVECTOR_OID 3614 /* of tsvector: the searched words */
#define ST_WRITE_LOCK 1129599559 /* the advisory lock of a write: the store's application id */
#define ST_ORDER_LOCK 1129599560 /* the lock a shared write's history is written under */
#define ST_CACHE 64          /* statements kept prepared per connection */

struct st_db {
	enum st_engine engine;
	sqlite3 *lite;
	PGconn *pg;
	long long changes;   /* PostgreSQL: rows of the last command */
	unsigned cursors;    /* PostgreSQL: cursor names handed out */
	unsigned prepared;   /* PostgreSQL: server-side statement names handed out */
	char msg[512];       /* PostgreSQL: the last failure's message */
	char detail[512];    /* ... and its detail ("" when it had none) */
	int unique;          /* PostgreSQL: ... was a unique index's refusal (23505) */
	st_stmt *cache[ST_CACHE]; /* statements kept for the next st_prepare of their text */
	int ncache;
	/* PostgreSQL's pipeline mode (st_defer_begin): on (1; 2 after
	 * st_defer_leave: its answers read with the next statement's), and
	 * the statements prepared in it, which a failure may have left
	 * unprepared. */
	int defer;
	int nsent;           /* answers the pipeline of st_defer_begin will give */
	/* Sent in pipeline mode, their answers read with the next statement's
	 * (st_queue's commands, st_ask's statements), in the order sent:
	 * nothing else is sent before they are read. */
	struct st_sent *q;
	int queued;
	size_t cq;
	int lost;            /* a queued command failed: every statement is refused until ROLLBACK */
	st_stmt **preps;
	size_t npreps, cpreps;
	/* The statement whose next rows are on their way (pg_fetch): the
	 * connection takes no other command before they are received. */
	st_stmt *ahead;
	char *conninfo;      /* PostgreSQL: as opened (st_db_twin) */
	int snapshot;        /* PostgreSQL: the open transaction is a read (st_begin) */
	char corrupt[160];   /* what a reading found wrong (st_db_corrupt) */
	/* PostgreSQL: one-row INSERTs gathered between st_rows_begin and
	 * st_rows_send (st_prepare_row). */
	int rows_on;
	struct st_rowset *rowsets;
	int nrowsets;
	/* PostgreSQL: the open write shares the write lock (ST_WRITE_SHARED),
	 * has taken the order lock (st_order_take); the rows it gathered
	 * before the filing under way (st_held_mark), rowset_send's sendings,
	 * and whether the order lock was refused for want of a new group. */
	int shared, ordered;
	size_t rows_before;
	unsigned long rows_sent;
	int regroup;
};

/* The rows of one one-row INSERT gathered, to go as one INSERT of many. */
struct st_rowset {
	char *sql;           /* the one-row statement as given (key) */
	char *head;          /* ... up to and with " VALUES " */
	/* The INSERT of the most rows sent so far, and where its text ends
	 * after each row: that of fewer rows is its beginning (rowset_send). */
	struct ct_buf many;
	size_t *many_end, many_rows;
	int ncols;
	int ordered;         /* st_prepare_row_ordered's: sent under the order lock */
	unsigned *types;     /* [ncols], as the first row was bound */
	char **vals;         /* [nrows * ncols], each owned */
	size_t nrows, cap;
	int sent_at;         /* its last INSERT's answer in st_defer_begin's pipeline (-1: none) */
};
#define ST_ROWSETS     6     /* statements gathered at once */
_Static_assert(sizeof(((struct st_held_mark *)0)->nrows) / sizeof(size_t) == ST_ROWSETS,
	       "a mark counts the rows of every place");
#define ST_ROWS_PARAMS 16384 /* parameters of one INSERT of many rows, at most */

struct st_stmt {
	st_db *db;
	sqlite3_stmt *lite;
	/* PostgreSQL */
	char *sql;           /* with $N */
	int nref;            /* the largest $N in it */
	int stream;
	char **vals;         /* [nvals]: parameter text, NULL = NULL */
	unsigned *types;     /* [nvals]: 0 = let the server infer */
	int nvals, cvals;    /* ... room for cvals, kept from run to run */
	PGresult *res;
	int row, nrows;
	int started, done, cursor_open;
	int start_only;      /* PostgreSQL: st_start, the first rows not awaited */
	char cursor[24];
	/* The cache: key is the SQL as given; a cached statement is only
	 * reset by st_finalize, and handed out again while not in use. */
	char *key;
	size_t keylen;
	int in_use;
	int shaped;          /* PostgreSQL: st_prepare_row's text found of its shape */
	int runs;            /* PostgreSQL: times sent */
	int fetching;        /* PostgreSQL: its next FETCH sent ahead (db->ahead until received) */
	PGresult *next;      /* ... its answer, received */
	int nprep;           /* PostgreSQL: parameters of the server-side statement, -1 none */
	int asked;           /* PostgreSQL: sent by st_ask, its answer not taken yet */
	int gather;          /* PostgreSQL: st_prepare_row's: its row may be gathered */
	int answered;        /* ... read from the server (pg_drain): */
	int ask_rc;          /* its failure, or SQLITE_OK with its answer in st->res */
	char pname[24];      /* PostgreSQL: its name */
};

/* What an answer of the queue (st_db.q) is for. */
struct st_sent {
	st_stmt *st;         /* NULL: a command of st_queue */
	enum { ST_SENT_CMD, ST_SENT_PREP, ST_SENT_ASK, ST_SENT_GONE } what;
};

static void stmt_free(st_stmt *st);

/* ---------------------------------------------------------------------
 * Connections
 */

int
st_db_is_server(const char *name)
{
	return name && (!strncmp(name, "postgresql://", 13) || !strncmp(name, "postgres://", 11) ||
			!strncmp(name, "service=", 8));
}

/*
 * The stored documents (st_bind_doc, st_col_doc): a document of
 * DOC_PACK_MIN bytes or more is kept as a zstd frame when that is smaller,
 * anything else as its text. On SQLite a frame is a BLOB and a text is
 * TEXT; on PostgreSQL both are bytea (schema 16), a frame told from a text
 * by zstd's magic number, which no JSON text starts with. The server's own
 * compression of long values (TOAST, pglz) took a document to about four
 * fifths of its text, at a twentieth of the import's time.
 *
 * The frames are made with a dictionary built into the binary
 * (docdict-1.zdict, trained by tools/docdict.c on documents celltriage
 * writes). A complaint (~1.5 KB) and its verdict (~2.5 KB) are too short
 * for a frame to find much to repeat inside itself, while each says what
 * every other ticket's say: the same keys, the same checks of the decision
 * tree and why they passed. Alone a frame takes about half its text; with
 * the dictionary about a sixth, and it is made in a fifth of the time.
 *
 * The dictionary is frozen: a frame names it by its id (DOC_DICT_ID) and is
 * read with exactly those bytes. A better one later comes with a new id and
 * file, this one kept for reading. A frame naming no dictionary (a store
 * written before there was one) is read as it always was; a frame naming
 * any other is not ours, read as a corrupt document is (NULL).
 */
#define DOC_PACK_MIN   256
#define DOC_PACK_LEVEL 3
#define DOC_MAX        (64UL * 1024 * 1024) /* a frame claiming more is not ours */
#define DOC_DICT_ID    0x43540001u /* "CT" 1: docdict-1.zdict's id, written in its header */

/* build/gen/docdict.c, from src/store/docdict-1.zdict (tools/embed.sh) */
extern const char ct_store_docdict1[];
extern const size_t ct_store_docdict1_len;

/*
 * Each thread keeps one compression and one decompression context, made on
 * its first document and freed when it ends: a new context per document
 * cost more than the compression itself (its tables set up each time).
 */
struct doc_ctx {
	ZSTD_CCtx *c;
	ZSTD_DCtx *d;
};

static pthread_key_t doc_key;
static pthread_once_t doc_once = PTHREAD_ONCE_INIT;
static int doc_keyed;

/* The dictionary digested for each direction, made once per process and
 * kept until it ends (shared by every thread: zstd only reads them). NULL
 * when one could not be made: its raw bytes are then loaded each time. */
static pthread_once_t doc_dict_once = PTHREAD_ONCE_INIT;
static ZSTD_CDict *doc_cdict;
static ZSTD_DDict *doc_ddict;

static void
doc_dict_make(void)
{
	doc_cdict = ZSTD_createCDict(ct_store_docdict1, ct_store_docdict1_len, DOC_PACK_LEVEL);
	doc_ddict = ZSTD_createDDict(ct_store_docdict1, ct_store_docdict1_len);
}

static void
doc_ctx_free(void *p)
{
	struct doc_ctx *x = p;

	ZSTD_freeCCtx(x->c);
	ZSTD_freeDCtx(x->d);
	free(x);
}

static void
doc_key_make(void)
{
	doc_keyed = pthread_key_create(&doc_key, doc_ctx_free) == 0;
}

/* This thread's contexts, or NULL (none could be made: each call then
 * makes its own, as zstd's one-shot functions do). */
static struct doc_ctx *
doc_ctx(void)
{
	struct doc_ctx *x;

	pthread_once(&doc_once, doc_key_make);
	if (!doc_keyed)
		return NULL;
	if ((x = pthread_getspecific(doc_key)))
		return x;
	x = ct_xcalloc(1, sizeof(*x));
	x->c = ZSTD_createCCtx();
	x->d = ZSTD_createDCtx();
	if (!x->c || !x->d || pthread_setspecific(doc_key, x) != 0) {
		doc_ctx_free(x);
		return NULL;
	}
	return x;
}

/* s[n] as a frame naming the dictionary, into buf[cap]: its size, or a
 * zstd error code. */
static size_t
doc_pack(void *buf, size_t cap, const char *s, size_t n)
{
	struct doc_ctx *x = doc_ctx();
	ZSTD_CCtx *c = x ? x->c : ZSTD_createCCtx();
	size_t z;

	if (!c)
		return ZSTD_compress(buf, cap, s, n, DOC_PACK_LEVEL); /* no dictionary: still read */
	pthread_once(&doc_dict_once, doc_dict_make);
	z = doc_cdict ? ZSTD_compress_usingCDict(c, buf, cap, s, n, doc_cdict)
		      : ZSTD_compress_usingDict(c, buf, cap, s, n, ct_store_docdict1,
						ct_store_docdict1_len, DOC_PACK_LEVEL);
	if (!x)
		ZSTD_freeCCtx(c);
	return z;
}

/* The text of a document frame, or NULL when p is not one. */
static char *
doc_unpack(const void *p, size_t n)
{
	unsigned long long size = ZSTD_getFrameContentSize(p, n);
	unsigned id = ZSTD_getDictID_fromFrame(p, n);
	struct doc_ctx *x;
	ZSTD_DCtx *d;
	char *out;
	size_t got;

	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > DOC_MAX ||
	    (id != 0 && id != DOC_DICT_ID))
		return NULL;
	x = doc_ctx();
	if (!(d = x ? x->d : ZSTD_createDCtx()))
		return NULL;
	out = ct_xmalloc((size_t)size + 1);
	if (id == 0) {
		got = ZSTD_decompressDCtx(d, out, (size_t)size, p, n);
	} else {
		pthread_once(&doc_dict_once, doc_dict_make);
		got = doc_ddict ? ZSTD_decompress_usingDDict(d, out, (size_t)size, p, n, doc_ddict)
				: ZSTD_decompress_usingDict(d, out, (size_t)size, p, n,
							    ct_store_docdict1, ct_store_docdict1_len);
	}
	if (!x)
		ZSTD_freeDCtx(d);
	if (ZSTD_isError(got) || got != size || memchr(out, '\0', got)) {
		free(out);
		return NULL;
	}
	out[got] = '\0';
	return out;
}

/* SQL's ct_doc(x): a document's text whichever way it is stored (the
 * queries that read a member of one, json_extract(ct_doc(...), ...)). */
static void
sql_doc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char *text;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	text = doc_unpack(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]));
	if (text)
		sqlite3_result_text(ctx, text, -1, free);
	else
		sqlite3_result_null(ctx);
}

#define BUSY_TIMEOUT_MS 10000 /* the wait for a lock, per statement */
#define BUSY_POLL_MS    1     /* between two looks at the lock */

/*
 * SQLite's busy handler of every connection to a store: another one
 * holds the lock SQLite asked for; look again in BUSY_POLL_MS, for up to
 * BUSY_TIMEOUT_MS in all (n: the looks so far). SQLite's own
 * (sqlite3_busy_timeout) sleeps 25 to 100 ms between looks once a wait has
 * gone on a little: a filer waiting for another's group of filings (tens of milliseconds)
 * slept past its end, and four processes filing at once filed half as
 * fast as one.
 */
static int
busy_wait(void *arg, int n)
{
	const struct timespec poll = { 0, BUSY_POLL_MS * 1000000L };

	(void)arg;
	if ((long long)n * BUSY_POLL_MS >= BUSY_TIMEOUT_MS)
		return 0;
	nanosleep(&poll, NULL);
	return 1;
}

/* Statement journals in memory, whatever their size. A statement that
 * changes several rows within a transaction (a ticket's rows and index
 * entries, in an import's transaction or a filing's savepoint) keeps the
 * pages it may have to undo in one; past 64 KiB SQLite moves it to a file
 * under /var/tmp, a write per page: 25 per imported ticket, half the
 * import's time. One statement's pages: the memory stays small. Before
 * the library is first used, once per process (failing only if something
 * else used SQLite first, which costs only that time). */
static pthread_once_t stmt_journal_once = PTHREAD_ONCE_INIT;

static void
stmt_journal_in_memory(void)
{
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	/* Nothing reads SQLite's count of its memory, which takes a lock at
	 * every allocation. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

const char *
st_sql_keep(_Atomic(char *) *slot, char *made)
{
	char *none = NULL;

	if (atomic_compare_exchange_strong(slot, &none, made))
		return made;
	free(made);
	return none;
}

int
st_db_open_sqlite(const char *path, int flags, st_db **out)
{
	st_db *db = ct_xcalloc(1, sizeof(*db));
	int rc;

	pthread_once(&stmt_journal_once, stmt_journal_in_memory);
	db->engine = ST_SQLITE;
	/* A connection is only ever used by one thread at a time (the desk
	 * keeps one per HTTP connection, each served by its own thread; an
	 * import's reader thread never touches the store): SQLite's own lock
	 * around every call would only cost time. */
	rc = sqlite3_open_v2(path, &db->lite, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_handler(db->lite, busy_wait, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->lite, "ct_doc", 1,
					     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					     NULL, sql_doc, NULL, NULL);
	*out = db;
	return rc;
}

/* libpq's messages end in a newline and may span lines: one line here. */
static void
pg_keep_msg(st_db *db, const char *m)
{
	size_t n;

	snprintf(db->msg, sizeof(db->msg), "%s", m && *m ? m : "unknown error");
	for (char *p = db->msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	n = strlen(db->msg);
	while (n && db->msg[n - 1] == ' ')
		db->msg[--n] = '\0';
}

static void
pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs (e.g. "... already exists, skipping") are not ours to print */
}

/* A password written into the store's name would be shown by ps(1) and
 * kept in shell histories: libpq's own means are the way (a password
 * file, a service file, a client certificate). */
static int
conninfo_has_password(const char *conninfo, int *bad)
{
	char *why = NULL;
	PQconninfoOption *o = PQconninfoParse(conninfo, &why);
	int has = 0;

	*bad = o == NULL;
	PQfreemem(why);
	for (PQconninfoOption *p = o; p && p->keyword; p++)
		if (!strcmp(p->keyword, "password") && p->val && *p->val)
			has = 1;
	PQconninfoFree(o);
	return has;
}

char *
st_db_shown_name(const char *name)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *p = name, *auth = strstr(name, "://");

	if (auth) {
		/* postgresql://user:SECRET@host/...: the user is kept. */
		const char *start = auth + 3, *end = start + strcspn(start, "/?");
		const char *at = memchr(start, '@', (size_t)(end - start));
		const char *colon = at ? memchr(start, ':', (size_t)(at - start)) : NULL;

		if (colon) {
			ct_buf_add(&b, name, (size_t)(colon - name));
			ct_buf_puts(&b, ":***");
			p = at;
		}
	}
	/* ...?password=SECRET&... or password=SECRET in key=value words. */
	while (*p) {
		const char *k = strstr(p, "password=");

		if (!k) {
			ct_buf_puts(&b, p);
			break;
		}
		k += strlen("password=");
		ct_buf_add(&b, p, (size_t)(k - p));
		ct_buf_puts(&b, "***");
		p = k + strcspn(k, auth ? "&" : " ");
	}
	return ct_buf_detach(&b);
}

int
st_db_open_pg(const char *conninfo, st_db **out)
{
	st_db *db = ct_xcalloc(1, sizeof(*db));
	PGresult *res;
	int bad, ok;

	db->engine = ST_POSTGRESQL;
	db->conninfo = ct_xstrdup(conninfo);
	*out = db;
	if (st_pq_load(db->msg, sizeof(db->msg)) != 0)
		return SQLITE_CANTOPEN;
	if (conninfo_has_password(conninfo, &bad)) {
		pg_keep_msg(db, "the store's address carries a password; give it through a password "
			    "file (PGPASSFILE, ~/.pgpass), a service file or a client certificate");
		return SQLITE_CANTOPEN;
	}
	if (bad) {
		pg_keep_msg(db, "not a valid PostgreSQL connection address");
		return SQLITE_CANTOPEN;
	}
	db->pg = PQconnectdb(conninfo);
	if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
		pg_keep_msg(db, db->pg ? PQerrorMessage(db->pg) : "out of memory");
		return SQLITE_CANTOPEN;
	}
	PQsetNoticeProcessor(db->pg, pg_quiet, NULL);
	/* The session's settings, in one round trip: the text's encoding,
	 * and every cursor planned to be read to its end, as the store reads
	 * each one. The server's default plans a cursor for its first tenth
	 * (cursor_tuple_fraction 0.1): a listing of one cell walked the whole
	 * table in id order to find the cell's few tickets (400,000 tickets:
	 * 0.23 s, against 0.03 s planned for all its rows; a listing of
	 * everything, or of a fifth, keeps its plan, an index scan in id
	 * order). */
	res = PQexec(db->pg, "SET client_encoding = 'UTF8'; SET cursor_tuple_fraction = 1.0");
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok) {
		pg_keep_msg(db, PQerrorMessage(db->pg));
		return SQLITE_CANTOPEN;
	}
	return SQLITE_OK;
}

void
st_db_close(st_db *db)
{
	if (!db)
		return;
	st_rows_drop(db);
	free(db->rowsets);
	for (int i = 0; i < db->ncache; i++)
		stmt_free(db->cache[i]);
	if (db->lite)
		sqlite3_close_v2(db->lite);
	if (db->pg)
		PQfinish(db->pg);
	free(db->q);
	free(db->preps);
	free(db->conninfo);
	free(db);
}

enum st_engine
st_db_engine(const st_db *db)
{
	return db->engine;
}

sqlite3 *
st_db_sqlite(st_db *db)
{
	return db->lite;
}

const char *
st_db_errmsg(st_db *db)
{
	if (!db)
		return "out of memory";
	return db->engine == ST_SQLITE ? sqlite3_errmsg(db->lite) : db->msg;
}

const char *
st_db_failed_detail(const st_db *db)
{
	return db->engine == ST_POSTGRESQL ? db->detail : "";
}

int
st_db_failed_unique(st_db *db)
{
	if (db->engine == ST_SQLITE) {
		int x = sqlite3_extended_errcode(db->lite);

		return x == SQLITE_CONSTRAINT_UNIQUE || x == SQLITE_CONSTRAINT_PRIMARYKEY;
	}
	return db->unique;
}

int
st_db_corrupt(st_db *db, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->corrupt, sizeof(db->corrupt), fmt, ap);
	va_end(ap);
	return SQLITE_CORRUPT;
}

const char *
st_db_corrupt_why(st_db *db)
{
	return db && db->corrupt[0] ? db->corrupt : NULL;
}

void
st_db_corrupt_clear(st_db *db)
{
	if (db)
		db->corrupt[0] = '\0';
}

st_db *
st_stmt_db(st_stmt *st)
{
	return st->db;
}

/* A PostgreSQL failure as the SQLite code nearest to it (by SQLSTATE). */
static const struct {
	const char *state; /* a full code, or a class of two characters */
	int rc;
} pg_states[] = {
	{ "40001", SQLITE_BUSY },       /* serialization_failure */
	{ "40P01", SQLITE_BUSY },       /* deadlock_detected */
	{ "55P03", SQLITE_BUSY },       /* lock_not_available */
	{ "53100", SQLITE_FULL },       /* disk_full */
	{ "53200", SQLITE_NOMEM },      /* out_of_memory */
	{ "25006", SQLITE_READONLY },   /* read_only_sql_transaction */
	{ "42501", SQLITE_PERM },       /* insufficient_privilege */
	{ "28", SQLITE_AUTH },          /* invalid authorization */
	{ "23", SQLITE_CONSTRAINT },    /* integrity constraint violation */
	{ "08", SQLITE_IOERR },         /* connection exception */
};

static int
pg_fail(st_db *db, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *d = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	int rc = SQLITE_ERROR;

	pg_keep_msg(db, m ? m : PQerrorMessage(db->pg));
	snprintf(db->detail, sizeof(db->detail), "%s", d ? d : "");
	db->unique = state && !strcmp(state, "23505");
	for (size_t i = 0; state && i < sizeof(pg_states) / sizeof(pg_states[0]); i++)
		if (!strncmp(state, pg_states[i].state, strlen(pg_states[i].state))) {
			rc = pg_states[i].rc;
			break;
		}
	if (PQstatus(db->pg) != CONNECTION_OK)
		rc = SQLITE_IOERR;
	PQclear(res);
	return rc;
}

/* Keeps the row count of a finished command. */
static void
pg_count(st_db *db, PGresult *res)
{
	const char *n = PQcmdTuples(res);

	if (n && *n)
		db->changes = strtoll(n, NULL, 10);
}

/* The connection ready for a command: the rows a statement fetched ahead
 * (pg_fetch) are received into it first. */
static PGconn *
pg_idle(st_db *db)
{
	st_stmt *st = db->ahead;
	PGresult *res;

	if (st) {
		db->ahead = NULL;
		st->next = PQgetResult(db->pg);   /* NULL: the connection is lost */
		while ((res = PQgetResult(db->pg)))
			PQclear(res);
	}
	return db->pg;
}

/*
 * The answers of what was sent in pipeline mode, then the sync's, read,
 * and the mode left. The first nq answers are the queue's (db->q): an
 * asked statement's goes to it (its rows, or its failure for its own
 * st_step), a failed preparation leaves its statement unprepared, and a
 * command's failure is returned. Any other answer's failure is returned
 * too (its message kept), as is SQLITE_IOERR without the sync's answer
 * (the connection is lost), but for the answer at index keep (-1: none):
 * that is the caller's, in *kept, or its failure in *kept_rc, when no
 * command before it failed. A statement skipped after a failure fails
 * with that failure's code.
 */
static int
pg_drain(st_db *db, int nq, int keep, PGresult **kept, int *kept_rc, long long *changes,
	 size_t nchanges)
{
	PGresult *res;
	int rc = SQLITE_OK, first = SQLITE_OK, synced = 0, k = 0;

	for (size_t i = 0; i < nchanges; i++)
		changes[i] = -1;

	/* Each answer in the order sent (a result, then NULL), then the
	 * sync's; those after a failure are the statements it aborted. */
	while ((res = PQgetResult(db->pg))) {
		ExecStatusType s = PQresultStatus(res);
		const struct st_sent *e = k < nq ? &db->q[k] : NULL;
		int failed = SQLITE_OK;

		if (s == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			synced = 1;
			break;
		}
		if (s == PGRES_COMMAND_OK && (size_t)k < nchanges) {
			const char *n = PQcmdTuples(res);

			changes[k] = n && *n ? strtoll(n, NULL, 10) : 0;
		}
		if (s == PGRES_FATAL_ERROR) {
			failed = pg_fail(db, res);   /* its message kept */
			res = NULL;
			if ((size_t)k < nchanges)
				changes[k] = -2;     /* the one that failed */
		} else if (s == PGRES_PIPELINE_ABORTED) {
			failed = first != SQLITE_OK ? first : SQLITE_ERROR;
		}
		if (first == SQLITE_OK)
			first = failed;
		if (e && e->what == ST_SENT_ASK) {
			e->st->answered = 1;
			e->st->ask_rc = failed;
			e->st->res = failed == SQLITE_OK ? res : NULL;
			if (failed == SQLITE_OK)
				res = NULL;
		} else if (e && e->what == ST_SENT_PREP) {
			if (failed != SQLITE_OK)
				e->st->nprep = -1;   /* prepared again when next sent */
		} else if (e && e->what == ST_SENT_GONE) {
			;   /* its statement was reset unread */
		} else if (k == keep) {
			if (rc == SQLITE_OK && failed != SQLITE_OK)
				*kept_rc = failed;
			else if (rc == SQLITE_OK) {
				*kept = res;
				res = NULL;
			}
		} else if (failed != SQLITE_OK && rc == SQLITE_OK) {
			rc = failed;
		}
		PQclear(res);
		k++;
		while ((res = PQgetResult(db->pg)))
			PQclear(res);
	}
	/* Asked statements left without an answer: the connection is lost. */
	for (int i = k; i < nq; i++)
		if (db->q[i].what == ST_SENT_ASK) {
			db->q[i].st->answered = 1;
			db->q[i].st->ask_rc = SQLITE_IOERR;
		}
	if ((!synced || !PQexitPipelineMode(db->pg)) && rc == SQLITE_OK)
		rc = pg_fail(db, NULL);
	if (rc != SQLITE_OK && keep >= 0) {
		PQclear(*kept);
		*kept = NULL;
	}
	return rc;
}

/* A queued command's failure kept (pg_flush). */
static int
pg_lose(st_db *db, int rc)
{
	if (rc != SQLITE_OK)
		PQexitPipelineMode(db->pg);   /* if still in it and idle; nothing else */
	db->lost = rc;
	return rc;
}

/*
 * The queue's answers (st_queue, st_ask) read. The callers of the queued
 * commands have gone on as if they had succeeded, so a failure among them
 * is not any one caller's: every statement after it is refused with it,
 * a commit too, until the whole transaction is rolled back (st_exec
 * "ROLLBACK"). A rollback to a savepoint would not do: the failed command
 * may have been the release of a filing its caller has counted as done.
 * An asked statement's failure is its own step's.
 */
static int
pg_flush(st_db *db)
{
	int nq = db->queued;

	if (db->lost || !nq)
		return db->lost;
	db->queued = 0;
	return pg_lose(db, PQpipelineSync(db->pg) ? pg_drain(db, nq, -1, NULL, NULL, NULL, 0)
						  : pg_fail(db, NULL));
}

/* Pipeline mode for the queue: on already, or entered (1), else 0. */
static int
pg_pipeline(st_db *db)
{
	return db->queued || PQenterPipelineMode(pg_idle(db));
}

/* An answer to come (sent) noted in the queue. */
static void
pg_queued(st_db *db, st_stmt *st, int what)
{
	db->q = ct_xgrow(db->q, (size_t)db->queued + 1, &db->cq, sizeof(*db->q));
	db->q[db->queued].st = st;
	db->q[db->queued].what = what;
	db->queued++;
}

int
st_queue(st_db *db, const char *sql)
{
	int rc;

	if (db->engine == ST_SQLITE) {
		st_stmt *st;

		rc = st_prepare(db, sql, &st);

		if (rc == SQLITE_OK && (rc = st_step(st)) == SQLITE_DONE)
			rc = SQLITE_OK;
		st_finalize(st);
		return rc;
	}
	if (db->lost)
		return db->lost;
	/* After st_defer_leave, the writes answered first: a command's
	 * failure fails the transaction, theirs only the statement. */
	if (db->defer == 2 && (rc = st_defer_end(db)) != SQLITE_OK)
		return rc;
	/* In st_defer_begin's pipeline, its answer is st_defer_end's. */
	if (db->defer) {
		if (!PQsendQueryParams(db->pg, sql, 0, NULL, NULL, NULL, NULL, 0))
			return pg_fail(db, NULL);
		db->nsent++;
		return SQLITE_OK;
	}
	if (!pg_pipeline(db))
		return pg_fail(db, NULL);
	if (!PQsendQueryParams(db->pg, sql, 0, NULL, NULL, NULL, NULL, 0))
		return pg_lose(db, pg_fail(db, NULL));
	pg_queued(db, NULL, ST_SENT_CMD);
	return SQLITE_OK;
}

int
st_exec(st_db *db, const char *sql)
{
	PGresult *res;
	ExecStatusType s;
	int rc;

	if (db->engine == ST_SQLITE)
		return sqlite3_exec(db->lite, sql, NULL, NULL, NULL);
	if (db->defer == 2 && (rc = st_defer_end(db)) != SQLITE_OK && strncmp(sql, "ROLLBACK", 8))
		return rc;
	if (db->lost && !strcmp(sql, "ROLLBACK"))
		db->lost = SQLITE_OK;
	if ((rc = pg_flush(db)) != SQLITE_OK)
		return rc;
	res = PQexec(pg_idle(db), sql);
	s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		return pg_fail(db, res);
	pg_count(db, res);
	PQclear(res);
	return SQLITE_OK;
}

int
st_in_txn(st_db *db)
{
	if (db->engine == ST_SQLITE)
		return !sqlite3_get_autocommit(db->lite);
	pg_flush(db);   /* the queued answers first (a failure among them: still in it) */
	return PQtransactionStatus(db->pg) != PQTRANS_IDLE;
}

int
st_begin(st_db *db, int write)
{
	char sql[192];

	if (db->engine == ST_SQLITE)
		return st_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
	db->snapshot = !write;
	db->shared = write == ST_WRITE_SHARED;
	db->ordered = db->regroup = 0;
	db->rows_before = 0;
	/* A shared write gathers its rows (st_prepare_row) to its commit,
	 * which sends them under the order lock (st_order_commit). */
	st_rows_drop(db);
	db->rows_on = db->shared;
	/* A write: READ COMMITTED, each statement sees every commit made
	 * before it, and the lock is taken first, so the statements after it
	 * see the store as no other writer can change it until COMMIT (a
	 * shared write: what its filings lock, store.c). A read: one
	 * snapshot for all its statements. A shared write's lookups run on
	 * the plan made once for their session: planned again for each
	 * filing's values, they took a tenth of the server's time, and they
	 * run no slower on it. */
	if (!write)
		return st_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	snprintf(sql, sizeof(sql), "BEGIN ISOLATION LEVEL READ COMMITTED;%s"
		 " SELECT pg_advisory_xact_lock%s(%d)",
		 db->shared ? " SET LOCAL plan_cache_mode = force_generic_plan;" : "",
		 db->shared ? "_shared" : "", ST_WRITE_LOCK);
	return st_exec(db, sql);
}

int
st_db_shared(const st_db *db)
{
	return db->engine == ST_POSTGRESQL && db->shared;
}

int
st_db_holding(const st_db *db)
{
	return db->engine == ST_POSTGRESQL && db->shared && !db->ordered;
}

static int rows_send_some(st_db *db, int ordered);
static void rowset_cut(struct st_rowset *r, size_t keep);

/* The rows gathered sent, those whose order counts (the history) after
 * the order lock: it is held from there to the commit, so the rest go
 * before it. From now on the write's rows go at once. */
static int
order_now(st_db *db)
{
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%d)", ST_ORDER_LOCK);
	db->ordered = 1;
	rc = rows_send_some(db, 0);
	if (rc == SQLITE_OK)
		rc = st_queue(db, sql);
	if (rc == SQLITE_OK)
		rc = rows_send_some(db, 1);
	db->rows_on = 0;
	return rc;
}

int
st_order_take(st_db *db)
{
	if (!st_db_holding(db))
		return SQLITE_OK;
	/* Earlier filings' rows sent inside this one's savepoint would be
	 * undone with it while they stand. */
	if (db->rows_before) {
		db->regroup = 1;
		snprintf(db->msg, sizeof(db->msg), "the filing must begin a new group");
		return SQLITE_BUSY;
	}
	return order_now(db);
}

int
st_order_commit(st_db *db)
{
	int rc = st_db_holding(db) ? order_now(db) : st_rows_send(db);

	st_rows_drop(db);
	return rc;
}

int
st_db_regroup(const st_db *db)
{
	return db->regroup;
}

static size_t
rows_gathered(const st_db *db)
{
	size_t n = 0;

	for (int i = 0; i < db->nrowsets; i++)
		n += db->rowsets[i].nrows;
	return n;
}

void
st_held_mark(st_db *db, struct st_held_mark *m)
{
	memset(m, 0, sizeof(*m));
	m->ordered = db->ordered;
	m->rows_on = db->rows_on;
	m->sent = db->rows_sent;
	m->nsets = db->nrowsets;
	for (int i = 0; i < db->nrowsets; i++)
		m->nrows[i] = db->rowsets[i].nrows;
	db->rows_before = rows_gathered(db);
	db->regroup = 0;
}

int
st_held_restore(st_db *db, const struct st_held_mark *m)
{
	/* Rows sent since the mark went with the savepoint: fine if they
	 * were only the filing's own. */
	if (db->rows_sent != m->sent && db->rows_before)
		return SQLITE_ABORT;
	for (int i = 0; i < db->nrowsets; i++) {
		size_t keep = db->rows_sent == m->sent && i < m->nsets ? m->nrows[i] : 0;

		rowset_cut(&db->rowsets[i], keep);
	}
	db->ordered = m->ordered;
	db->rows_on = m->rows_on;
	return SQLITE_OK;
}

int
st_db_twin(st_db *db, st_db **out)
{
	PGresult *res;
	const char *id;
	char sql[96];
	int rc;

	*out = NULL;
	if (db->engine != ST_POSTGRESQL || !db->snapshot || !st_in_txn(db))
		return SQLITE_MISUSE;
	if ((rc = pg_flush(db)) != SQLITE_OK)
		return rc;
	/* The snapshot's name, as the server gives it (hex digits and
	 * dashes); any other text is not put into a statement. The export
	 * cannot be in a savepoint (the server refuses it in a
	 * subtransaction): its failure is db's, as any statement's. */
	res = PQexec(pg_idle(db), "SELECT pg_export_snapshot()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		return pg_fail(db, res);
	id = PQgetvalue(res, 0, 0);
	if (strspn(id, "0123456789ABCDEFabcdef-") != strlen(id) || strlen(id) > 64) {
		PQclear(res);
		return SQLITE_ERROR;
	}
	snprintf(sql, sizeof(sql), "SET TRANSACTION SNAPSHOT '%s'", id);
	PQclear(res);
	rc = st_db_open_pg(db->conninfo, out);
	if (rc == SQLITE_OK)
		rc = st_exec(*out, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (rc == SQLITE_OK)
		rc = st_exec(*out, sql);
	if (rc == SQLITE_OK) {
		(*out)->snapshot = 1;
		return SQLITE_OK;
	}
	st_db_close(*out);
	*out = NULL;
	return rc;
}

long long
st_changes(st_db *db)
{
	return db->engine == ST_SQLITE ? sqlite3_changes(db->lite) : db->changes;
}

int
st_defer_begin(st_db *db)
{
	int rc;

	if (db->engine != ST_POSTGRESQL)
		return SQLITE_OK;
	if (db->defer) {   /* on already, or left (st_defer_leave): on again */
		db->defer = 1;
		return SQLITE_OK;
	}
	if ((rc = pg_flush(db)) != SQLITE_OK)
		return rc;
	if (!PQenterPipelineMode(pg_idle(db)))
		return pg_fail(db, NULL);
	db->defer = 1;
	db->nsent = 0;
	return SQLITE_OK;
}

int
st_defer_on(const st_db *db)
{
	return db->defer;
}

int
st_defer_sent(const st_db *db)
{
	return db->defer ? db->nsent : 0;
}

int
st_defer_end(st_db *db)
{
	return st_defer_end_changes(db, NULL, 0);
}

/* st_defer_begin's pipeline read (rc: how), and the mode left. */
static int
pg_defer_done(st_db *db, int rc)
{
	/* After a failure the server skipped what followed it, a statement's
	 * preparation too: each is prepared again when next sent (a new name;
	 * one made before the failure is left unused). */
	for (size_t i = 0; rc != SQLITE_OK && i < db->npreps; i++)
		db->preps[i]->nprep = -1;
	db->npreps = 0;
	db->defer = 0;
	return rc;
}

int
st_defer_end_changes(st_db *db, long long *changes, size_t n)
{
	if (!db->defer)
		return SQLITE_OK;
	return pg_defer_done(db, PQpipelineSync(db->pg) ? pg_drain(db, 0, -1, NULL, NULL, changes, n)
							: pg_fail(db, NULL));
}

int
st_defer_leave(st_db *db)
{
	if (db->defer)
		db->defer = 2;
	return SQLITE_OK;
}

int
st_sync_ids(st_db *db)
{
	static const char sql[] =
		"SELECT setval(pg_get_serial_sequence('tickets', 'id'),"
		" coalesce(max(id), 0) + 1, false) FROM tickets;"
		"SELECT setval(pg_get_serial_sequence('ticket_event', 'id'),"
		" coalesce(max(id), 0) + 1, false) FROM ticket_event;"
		"SELECT setval(pg_get_serial_sequence('knowledge', 'id'),"
		" coalesce(max(id), 0) + 1, false) FROM knowledge;"
		"SELECT setval(pg_get_serial_sequence('hub', 'id'),"
		" coalesce(max(id), 0) + 1, false) FROM hub";

	return db->engine == ST_SQLITE ? SQLITE_OK : st_exec(db, sql);
}

/* ---------------------------------------------------------------------
 * Statements
 */

/* sql with ?N (and a bare ?, numbered on) as $N; quoted text and names are
 * copied as they are. *nref: the largest number. */
static char *
pg_translate(const char *sql, int *nref)
{
	struct ct_buf b = CT_BUF_INIT;
	int next = 1;

	*nref = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			const char *q = strchr(p + 1, *p);
			size_t n = q ? (size_t)(q - p) + 1 : strlen(p);

			ct_buf_add(&b, p, n);
			p += n - 1;
		} else if (*p == '?') {
			long v = next;

			if (p[1] >= '0' && p[1] <= '9') {
				char *end;

				v = strtol(p + 1, &end, 10);
				p = end - 1;
			}
			if (v > 0 && v < 32767) {
				next = (int)v + 1;
				if (v > *nref)
					*nref = (int)v;
			}
			ct_buf_printf(&b, "$%ld", v);
		} else {
			ct_buf_add(&b, p, 1);
		}
	}
	return ct_buf_detach(&b);
}

/*
 * A statement for sql: one the connection kept, when that text is not in
 * use, else a new one, kept if there is room. Filing and importing run the
 * same dozen texts for every ticket; SQLite then skips parsing and
 * planning, and PostgreSQL runs them as server-side prepared statements.
 */
static int
prepare(st_db *db, const char *sql, int stream, st_stmt **out)
{
	size_t len = strlen(sql);
	st_stmt *st;
	int rc;

	*out = NULL;
	/* The texts of INSERTs of many rows differ near their ends only. */
	for (int i = 0; i < db->ncache; i++) {
		st = db->cache[i];
		if (!st->in_use && st->stream == stream && st->keylen == len &&
		    !memcmp(st->key, sql, len)) {
			st->in_use = 1;
			*out = st;
			return SQLITE_OK;
		}
	}
	st = ct_xcalloc(1, sizeof(*st));
	st->db = db;
	st->stream = stream;
	st->nprep = -1;
	if (db->engine == ST_SQLITE) {
		rc = sqlite3_prepare_v2(db->lite, sql, -1, &st->lite, NULL);
		if (rc != SQLITE_OK) {
			free(st);
			return rc;
		}
	} else {
		st->sql = pg_translate(sql, &st->nref);
	}
	if (db->ncache < ST_CACHE) {
		st->key = ct_xstrdup(sql);
		st->keylen = len;
		st->in_use = 1;
		db->cache[db->ncache++] = st;
	}
	*out = st;
	return SQLITE_OK;
}

int
st_prepare(st_db *db, const char *sql, st_stmt **out)
{
	int rc = prepare(db, sql, 0, out);

	if (rc == SQLITE_OK)
		(*out)->gather = 0;   /* kept from a st_prepare_row of the same text */
	return rc;
}

int
st_prepare_stream(st_db *db, const char *sql, st_stmt **out)
{
	return prepare(db, sql, 1, out);
}

/* ---------------------------------------------------------------------
 * One-row INSERTs gathered into INSERTs of many rows
 *
 * A statement costs the server a few microseconds of its own (bind,
 * portal, executor start and end) besides the row it writes: 128 rows of
 * a ticket's deadlines took 0.67-0.73 ms as 128 pipelined statements and
 * 0.30-0.43 ms as one. Between st_rows_begin and st_rows_send the rows of
 * statements made by st_prepare_row are kept, and st_rows_send sends each
 * statement's as one INSERT (in the pipeline of st_defer_begin when it is
 * on): a window of an import writes its tickets' documents, words and
 * deadlines in three statements instead of three a ticket.
 */

static int pg_param(st_stmt *st, int i, char *val, unsigned type);

/* The number of parameters when sql ends in "VALUES (?1, ?2, ..., ?n)" and
 * has no other, else 0; *head: where that tuple starts. */
static int
row_shape(const char *sql, size_t *head)
{
	const char *v = strstr(sql, " VALUES (");
	const char *p;
	int n = 0;

	if (!v || strstr(v + 1, " VALUES ("))
		return 0;
	*head = (size_t)(v - sql) + 8;
	for (p = v + 9;; p++) {
		char want[16];
		int len = snprintf(want, sizeof(want), "?%d", n + 1);

		if (strncmp(p, want, (size_t)len) != 0 || (p[len] >= '0' && p[len] <= '9'))
			return 0;
		n++;
		p += len;
		if (!strcmp(p, ")"))
			return strchr(sql, '?') == v + 9 ? n : 0;
		if (strncmp(p, ", ", 2) != 0)
			return 0;
		p += 1;
	}
}

static int
prepare_row(st_db *db, const char *sql, int gather, st_stmt **out)
{
	size_t head;
	int rc = prepare(db, sql, 0, out);

	if (rc != SQLITE_OK || db->engine != ST_POSTGRESQL) {
		if (rc == SQLITE_OK)
			(*out)->gather = 0;
		return rc;
	}
	/* Its shape read once for the text kept (a statement not kept is
	 * read every time, as it is made every time). */
	if (!(*out)->shaped && !row_shape(sql, &head)) {
		st_finalize(*out);
		*out = NULL;
		return SQLITE_MISUSE;
	}
	(*out)->shaped = 1;
	(*out)->gather = gather;
	return SQLITE_OK;
}

int
st_prepare_row(st_db *db, const char *sql, st_stmt **out)
{
	return prepare_row(db, sql, 1, out);
}

int
st_prepare_row_ordered(st_db *db, const char *sql, st_stmt **out)
{
	return prepare_row(db, sql, 2, out);
}

int
st_rows_begin(st_db *db)
{
	if (db->engine == ST_POSTGRESQL)
		db->rows_on = 1;
	return SQLITE_OK;
}

/* A rowset's rows after its first keep dropped. */
static void
rowset_cut(struct st_rowset *r, size_t keep)
{
	for (size_t i = keep * (size_t)r->ncols; i < r->nrows * (size_t)r->ncols; i++) {
		free(r->vals[i]);
		r->vals[i] = NULL;
	}
	if (r->nrows > keep)
		r->nrows = keep;
}

/* A rowset's rows and everything it holds freed: an empty place. */
static void
rowset_free(struct st_rowset *r)
{
	rowset_cut(r, 0);
	free(r->sql);
	free(r->head);
	ct_buf_free(&r->many);
	free(r->many_end);
	free(r->types);
	free(r->vals);
	memset(r, 0, sizeof(*r));
}

/* One rowset's rows as one INSERT, sent; the rowset emptied. */
static int
rowset_send(st_db *db, struct st_rowset *r)
{
	st_stmt *st = NULL;
	int rc, on = db->rows_on;
	char end;

	if (!r->nrows)
		return SQLITE_OK;
	db->rows_sent++;
	/* Sent, not gathered again: one row's INSERT is the statement that
	 * gathered it, the same text and the same kept statement. */
	db->rows_on = 0;
	/* The text of nrows rows: the beginning of the longest one made,
	 * which is made longer when it is not long enough. */
	if (r->many_rows < r->nrows) {
		char num[1 + CT_INT_LEN] = "?";

		if (!r->many_rows)
			ct_buf_puts(&r->many, r->head);
		r->many_end = ct_xrealloc(r->many_end, r->nrows * sizeof(*r->many_end));
		for (size_t i = r->many_rows, k = i * (size_t)r->ncols + 1; i < r->nrows; i++) {
			ct_buf_puts(&r->many, i ? ", (" : "(");
			for (int c = 0; c < r->ncols; c++, k++) {
				size_t n = ct_fmt_int(num + 1, (long long)k);

				if (c)
					ct_buf_add(&r->many, ", ", 2);
				ct_buf_add(&r->many, num, n + 1);
			}
			ct_buf_puts(&r->many, ")");
			r->many_end[i] = r->many.len;
		}
		r->many_rows = r->nrows;
	}
	end = r->many.s[r->many_end[r->nrows - 1]];
	r->many.s[r->many_end[r->nrows - 1]] = '\0';   /* prepare copies what it keeps */
	rc = prepare(db, r->many.s, 0, &st);
	r->many.s[r->many_end[r->nrows - 1]] = end;
	for (size_t i = 0; rc == SQLITE_OK && i < r->nrows * (size_t)r->ncols; i++) {
		rc = pg_param(st, (int)i + 1, r->vals[i], r->types[i % (size_t)r->ncols]);
		r->vals[i] = NULL;   /* the statement's now */
	}
	if (rc == SQLITE_OK)
		rc = st_step(st);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	r->sent_at = st_defer_on(db) ? st_defer_sent(db) - 1 : -1;
	st_finalize(st);
	rowset_cut(r, 0);
	db->rows_on = on;
	return rc;
}

/* The rows gathered whose order counts (ordered 1) or not (0), or all
 * (-1), sent. */
static int
rows_send_some(st_db *db, int ordered)
{
	int rc = SQLITE_OK;

	for (int i = 0; i < db->nrowsets; i++) {
		int one = ordered < 0 || db->rowsets[i].ordered == ordered
				  ? rowset_send(db, &db->rowsets[i]) : SQLITE_OK;

		if (rc == SQLITE_OK)
			rc = one;
	}
	return rc;
}

int
st_rows_send(st_db *db)
{
	return rows_send_some(db, -1);
}

int
st_rows_flush(st_db *db, const char *sql, int *answer)
{
	*answer = -1;
	for (int i = 0; i < db->nrowsets; i++) {
		struct st_rowset *r = &db->rowsets[i];
		int rc;

		if (strcmp(r->sql, sql) != 0)
			continue;
		rc = rowset_send(db, r);   /* nothing when empty */
		*answer = r->sent_at;      /* this send's, or the last one since the last flush */
		r->sent_at = -1;
		return rc;
	}
	return SQLITE_OK;
}

int
st_rows_on(const st_db *db)
{
	return db->rows_on && !db->shared;
}

void
st_rows_drop(st_db *db)
{
	for (int i = 0; i < db->nrowsets; i++)
		rowset_free(&db->rowsets[i]);
	db->nrowsets = 0;
	db->rows_on = 0;
}

int
st_rows_end(st_db *db)
{
	int rc = st_rows_send(db);

	st_rows_drop(db);
	return rc;
}

/* st's row, bound, kept for st_rows_send instead of sent (st_step). */
static int
rows_take(st_stmt *st)
{
	st_db *db = st->db;
	struct st_rowset *r = NULL;
	size_t head;
	int n, rc;

	for (int i = 0; i < db->nrowsets && !r; i++)
		if (!strcmp(db->rowsets[i].sql, st->key))
			r = &db->rowsets[i];
	/* A shared write's rows are sent under the order lock only. */
	if (((!r && db->nrowsets == ST_ROWSETS) ||
	     (r && (r->nrows + 1) * (size_t)r->ncols > ST_ROWS_PARAMS)) &&
	    (rc = st_order_take(db)) != SQLITE_OK)
		return rc;
	if (!r && db->nrowsets == ST_ROWSETS && (rc = st_rows_send(db)) != SQLITE_OK)
		return rc;
	if (!r && db->nrowsets == ST_ROWSETS) {
		r = &db->rowsets[0];   /* all sent: the first's place taken over */
		rowset_free(r);        /* (its values sized for its own columns) */
	} else if (!r) {
		if (!db->rowsets)
			db->rowsets = ct_xcalloc(ST_ROWSETS, sizeof(*db->rowsets));
		r = &db->rowsets[db->nrowsets++];
	}
	if (!r->sql) {   /* the statement's shape read once, for its rowset */
		n = row_shape(st->key, &head);
		r->sent_at = -1;
		r->sql = ct_xstrdup(st->key);
		r->head = ct_xstrndup(st->key, head);
		r->ncols = n;
		r->ordered = st->gather == 2;
		r->types = ct_xcalloc((size_t)n, sizeof(*r->types));
		for (int c = 0; c < n; c++)
			r->types[c] = c < st->nvals ? st->types[c] : PG_TEXT_OID;
	}
	n = r->ncols;
	if ((r->nrows + 1) * (size_t)n > ST_ROWS_PARAMS && (rc = rowset_send(db, r)) != SQLITE_OK)
		return rc;
	if (r->nrows == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 128;
		r->vals = ct_xrealloc(r->vals, r->cap * (size_t)n * sizeof(*r->vals));
	}
	for (int c = 0; c < n; c++) {
		r->vals[r->nrows * (size_t)n + (size_t)c] = c < st->nvals ? st->vals[c] : NULL;
		if (c < st->nvals)
			st->vals[c] = NULL;   /* the rowset's now */
	}
	r->nrows++;
	db->changes = 1;
	return SQLITE_OK;
}

/* The answer of the FETCH st sent ahead (pg_fetch_ahead), received; the
 * caller owns it (NULL: the connection is lost). */
static PGresult *
pg_take_ahead(st_stmt *st)
{
	PGresult *res;

	pg_idle(st->db);
	res = st->next;
	st->next = NULL;
	st->fetching = 0;
	return res;
}

/* The cursor's next FETCH sent, its answer left for pg_fetch: when no other
 * statement of the connection has one on its way. */
static void
pg_fetch_ahead(st_stmt *st)
{
	st_db *db = st->db;
	char sql[64];

	snprintf(sql, sizeof(sql), "FETCH %d FROM %s", ST_PG_BATCH, st->cursor);
	/* Not sent: the next FETCH waits for its turn. */
	if (!db->ahead && !db->defer && !db->queued && !db->lost && PQsendQuery(db->pg, sql)) {
		db->ahead = st;
		st->fetching = 1;
	}
}

/*
 * A cursor's next rows. After a whole batch the next FETCH is sent at once
 * and answered while the caller goes through these rows: the server reads
 * the next batch while this process formats the last, where each waited
 * for the other. One statement of a connection fetches ahead at a time.
 */
static int
pg_fetch(st_stmt *st)
{
	st_db *db = st->db;
	char sql[64];
	PGresult *res;
	int rc;

	PQclear(st->res);
	st->res = NULL;
	snprintf(sql, sizeof(sql), "FETCH %d FROM %s", ST_PG_BATCH, st->cursor);
	if (!st->fetching && (rc = pg_flush(db)) != SQLITE_OK)
		return rc;
	res = st->fetching ? pg_take_ahead(st) : PQexec(pg_idle(db), sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return pg_fail(db, res);
	st->res = res;
	st->nrows = PQntuples(res);
	st->row = -1;
	if (st->nrows == ST_PG_BATCH)
		pg_fetch_ahead(st);
	return SQLITE_OK;
}

/* The statement sent in pipeline mode: as its server-side statement when
 * prepared with n parameters, else with its text. 1 when sent. */
static int
pg_send_query(st_stmt *st, int n, const char **vals, const unsigned *types)
{
	if (st->nprep == n)
		return PQsendQueryPrepared(st->db->pg, st->pname, n, vals, NULL, NULL, 0);
	return PQsendQueryParams(st->db->pg, st->sql, n, (const Oid *)types, vals, NULL, NULL, 0);
}

/* A new server-side name for st's statement. */
static void
pg_name(st_stmt *st)
{
	snprintf(st->pname, sizeof(st->pname), "ct_p%u", ++st->db->prepared);
}

/*
 * In pipeline mode: the statement sent, a kept one not yet on the server
 * prepared first (in a pipeline that costs no round trip of its own; its
 * answer comes before the statement's, and *prepared says it was sent).
 * 1 when sent.
 */
static int
pg_send_piped(st_stmt *st, int n, const char **vals, const unsigned *types, int *prepared)
{
	*prepared = 0;
	if (st->key && st->nprep < 0) {
		pg_name(st);
		if (!PQsendPrepare(st->db->pg, st->pname, st->sql, n, (const Oid *)types))
			return 0;
		st->nprep = n;
		*prepared = 1;
	}
	return pg_send_query(st, n, vals, types);
}

/* In st_defer_begin's mode: the statement sent, its answer left for
 * st_defer_end (which makes one a failure left unprepared prepare again). */
static int
pg_send_deferred(st_stmt *st, int n, const char **vals, unsigned *types)
{
	st_db *db = st->db;
	int prepared, ok = pg_send_piped(st, n, vals, types, &prepared);

	if (prepared) {
		db->nsent++;
		db->preps = ct_xgrow(db->preps, db->npreps + 1, &db->cpreps, sizeof(*db->preps));
		db->preps[db->npreps++] = st;
	}
	db->nsent += ok;
	st->runs++;
	st->done = 1;
	return ok ? SQLITE_OK : pg_fail(db, NULL);
}

/*
 * A plain statement (neither streamed nor being prepared) sent after what
 * waits for its answers in pipeline mode (the queue of st_queue and
 * st_ask, or the writes of st_defer_leave), and the answers of all read in
 * one round trip: *res its own, or a failure returned. A queued command's
 * failure is pg_flush's (the statement did not run, the transaction
 * fails); a write's is the statement's (it did not run either).
 */
static int
pg_ride(st_stmt *st, int n, const char **vals, unsigned *types, PGresult **res)
{
	st_db *db = st->db;
	int rc, ok, own = SQLITE_OK, queued = db->queued, writes = db->defer ? db->nsent : 0;

	ok = pg_send_query(st, n, vals, types);
	db->queued = 0;
	/* The earlier answers, then the statement's, then the sync's. */
	*res = NULL;
	rc = ok && PQpipelineSync(db->pg)
		     ? pg_drain(db, queued, queued + writes, res, &own, NULL, 0)
		     : pg_fail(db, NULL);
	if (db->defer)
		return pg_defer_done(db, rc) != SQLITE_OK ? rc : own;
	return pg_lose(db, rc) != SQLITE_OK ? rc : own;
}

/* The statement's parameters as libpq takes them: *n of them, the arrays
 * the caller's to free. */
static int
pg_params(st_stmt *st, const char ***vals, unsigned **types)
{
	int n = st->nref > st->nvals ? st->nref : st->nvals;

	*vals = n ? ct_xcalloc((size_t)n, sizeof(**vals)) : NULL;
	*types = n ? ct_xcalloc((size_t)n, sizeof(**types)) : NULL;
	for (int i = 0; i < n; i++) {
		if (i < st->nvals) {
			(*vals)[i] = st->vals[i];
			(*types)[i] = st->types[i];
		} else {
			(*types)[i] = PG_TEXT_OID; /* not bound: NULL, as on SQLite */
		}
	}
	return n;
}

int
st_ask(st_stmt *st)
{
	st_db *db = st->db;
	const char **vals;
	unsigned *types;
	int n, prepared, ok;

	/* Else answered at its first step, as ever. */
	if (st->lite || st->stream || st->started || db->defer)
		return SQLITE_OK;
	if (db->lost)
		return db->lost;
	if (!pg_pipeline(db))
		return pg_fail(db, NULL);
	n = pg_params(st, &vals, &types);
	ok = pg_send_piped(st, n, vals, types, &prepared);
	free(vals);
	free(types);
	if (prepared)
		pg_queued(db, st, ST_SENT_PREP);
	if (!ok)
		return pg_lose(db, pg_fail(db, NULL));
	pg_queued(db, st, ST_SENT_ASK);
	st->runs++;
	st->started = st->asked = 1;
	return SQLITE_OK;
}

/* A statement's answer taken: its rows, or it is done. */
static void
pg_took(st_stmt *st, PGresult *res)
{
	pg_count(st->db, res);
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		st->res = res;
		st->nrows = PQntuples(res);
		st->row = -1;
	} else {
		PQclear(res);
		st->done = 1;
	}
}

/* An asked statement's answer (st_ask), read with the rest of the queue's
 * if it has not been yet. */
static int
pg_answer(st_stmt *st)
{
	int rc = st->answered ? SQLITE_OK : pg_flush(st->db);
	PGresult *res;

	st->asked = 0;
	if (!st->answered) {
		/* Never read: a failed command before it (st_queue's rule). */
		for (int i = 0; i < st->db->queued; i++)
			if (st->db->q[i].st == st)
				st->db->q[i].what = ST_SENT_GONE;
		return rc != SQLITE_OK ? rc : SQLITE_IOERR;
	}
	st->answered = 0;
	rc = st->ask_rc;
	st->ask_rc = SQLITE_OK;
	res = st->res;
	st->res = NULL;
	if (rc == SQLITE_OK)
		pg_took(st, res);
	return rc;
}

/* The first step: sends the statement. */
static int
pg_send(st_stmt *st)
{
	st_db *db = st->db;
	const char **vals;
	unsigned *types;
	int n = pg_params(st, &vals, &types);
	struct ct_buf b = CT_BUF_INIT;
	const char *sql = st->sql;
	PGresult *res = NULL;
	ExecStatusType s;
	int rc = SQLITE_OK, prepare, ride;

	if (db->defer == 1) {
		rc = pg_send_deferred(st, n, vals, types);
		free(vals);
		free(types);
		return rc;
	}
	/* Sent before: worth a server-side statement from now on. A plain
	 * statement goes in the round trip of the answers waiting (pg_ride);
	 * a streamed one or one being prepared waits for them. */
	prepare = st->key && st->runs > 0 && st->nprep < 0;
	ride = (db->queued || db->defer) && !st->stream && !prepare;
	if (!ride && ((rc = st_defer_end(db)) != SQLITE_OK || (rc = pg_flush(db)) != SQLITE_OK))
		goto out;
	if (st->stream && st_in_txn(db)) {
		snprintf(st->cursor, sizeof(st->cursor), "ct_c%u", ++db->cursors);
		ct_buf_printf(&b, "DECLARE %s NO SCROLL CURSOR FOR %s", st->cursor, st->sql);
		sql = ct_buf_str(&b);
	} else if (prepare) {
		PGresult *p;

		pg_name(st);
		p = PQprepare(pg_idle(db), st->pname, st->sql, n, (const Oid *)types);
		if (PQresultStatus(p) == PGRES_COMMAND_OK)
			st->nprep = n;
		PQclear(p);
	}
	st->runs++;
	if (ride)
		rc = pg_ride(st, n, vals, types, &res);
	else if (!st->cursor[0] && st->nprep == n)
		res = PQexecPrepared(pg_idle(db), st->pname, n, vals, NULL, NULL, 0);
	else
		res = PQexecParams(pg_idle(db), sql, n, (const Oid *)types, vals, NULL, NULL, 0);
	if (rc != SQLITE_OK)
		goto out;
	s = PQresultStatus(res);
	if (s == PGRES_TUPLES_OK) {
		pg_took(st, res);
	} else if (s == PGRES_COMMAND_OK) {
		if (st->cursor[0]) {
			st->cursor_open = 1;
			PQclear(res);
			if (st->start_only) {
				/* As after a whole batch taken: the first st_step
				 * fetches, from what pg_fetch_ahead sent if it could. */
				st->nrows = ST_PG_BATCH;
				st->row = ST_PG_BATCH - 1;
				pg_fetch_ahead(st);
			} else {
				rc = pg_fetch(st);
			}
		} else {
			pg_took(st, res);
		}
	} else {
		st->cursor[0] = '\0';
		rc = pg_fail(db, res);
	}
out:
	ct_buf_free(&b);
	free(vals);
	free(types);
	return rc;
}

int
st_step(st_stmt *st)
{
	int rc;

	if (st->lite)
		return sqlite3_step(st->lite);
	if (st->gather && st->db->rows_on && !st->started && st->key) {
		st->started = st->done = 1;
		return (rc = rows_take(st)) == SQLITE_OK ? SQLITE_DONE : rc;
	}
	if (st->asked && (rc = pg_answer(st)) != SQLITE_OK) {
		st->done = 1;
		return rc;
	}
	if (!st->started) {
		st->started = 1;
		if ((rc = pg_send(st)) != SQLITE_OK) {
			st->done = 1;
			return rc;
		}
	}
	if (st->done)
		return SQLITE_DONE;
	if (++st->row < st->nrows)
		return SQLITE_ROW;
	if (st->cursor_open && st->nrows == ST_PG_BATCH) {
		if ((rc = pg_fetch(st)) != SQLITE_OK) {
			st->done = 1;
			return rc;
		}
		if (++st->row < st->nrows)
			return SQLITE_ROW;
	}
	st->done = 1;
	return SQLITE_DONE;
}

int
st_start(st_stmt *st)
{
	int rc;

	if (st->lite || !st->stream || st->started)
		return SQLITE_OK;
	st->started = 1;
	st->start_only = 1;
	rc = pg_send(st);
	st->start_only = 0;
	if (rc != SQLITE_OK)
		st->done = 1;
	return rc;
}

void
st_reset(st_stmt *st)
{
	if (!st)
		return;
	if (st->lite) {
		sqlite3_reset(st->lite);
		return;
	}
	if (st->asked)   /* its answer is not wanted */
		pg_answer(st);
	PQclear(st->res);
	st->res = NULL;
	if (st->fetching)   /* the rows fetched ahead are not wanted */
		PQclear(pg_take_ahead(st));
	if (st->cursor_open && pg_flush(st->db) == SQLITE_OK &&
	    PQtransactionStatus(pg_idle(st->db)) == PQTRANS_INTRANS) {
		char sql[48];

		snprintf(sql, sizeof(sql), "CLOSE %s", st->cursor);
		PQclear(PQexec(pg_idle(st->db), sql));
	}
	st->cursor_open = 0;
	st->cursor[0] = '\0';
	st->started = st->done = 0;
	st->row = st->nrows = 0;
}

static void
clear_params(st_stmt *st)
{
	for (int i = 0; i < st->nvals; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
	}
	st->nvals = 0;
}

static void
stmt_free(st_stmt *st)
{
	if (st->lite) {
		sqlite3_finalize(st->lite);
	} else {
		st_reset(st);
		clear_params(st);
		free(st->vals);
		free(st->types);
		free(st->sql);
	}
	free(st->key);
	free(st);
}

/* A kept statement goes back to the connection, reset and unbound. */
void
st_finalize(st_stmt *st)
{
	if (!st)
		return;
	if (!st->key) {
		stmt_free(st);
		return;
	}
	st_reset(st);
	if (st->lite)
		sqlite3_clear_bindings(st->lite);
	else
		clear_params(st);
	st->in_use = 0;
}

/* Parameter i (1-based) of a PostgreSQL statement, made room for. */
static int
pg_param(st_stmt *st, int i, char *val, unsigned type)
{
	if (i < 1 || i > 32767) {
		free(val);
		return SQLITE_RANGE;
	}
	if (i > st->cvals) {
		/* Doubled: an INSERT of many rows binds thousands, one by one. */
		int c = st->cvals ? st->cvals : 16;

		while (c < i)
			c *= 2;
		st->vals = ct_xrealloc(st->vals, (size_t)c * sizeof(*st->vals));
		st->types = ct_xrealloc(st->types, (size_t)c * sizeof(*st->types));
		st->cvals = c;
	}
	if (i > st->nvals) {
		for (int k = st->nvals; k < i; k++) {
			st->vals[k] = NULL;
			st->types[k] = PG_TEXT_OID;
		}
		st->nvals = i;
	}
	free(st->vals[i - 1]);
	st->vals[i - 1] = val;
	st->types[i - 1] = type;
	return SQLITE_OK;
}

int
st_bind_int64(st_stmt *st, int i, long long v)
{
	char buf[CT_INT_LEN];
	size_t n;

	if (st->lite)
		return sqlite3_bind_int64(st->lite, i, v);
	n = ct_fmt_int(buf, v);
	return pg_param(st, i, ct_xstrndup(buf, n), PG_INT8_OID);
}

int
st_bind_tsvector(st_stmt *st, int i, const char *s)
{
	if (st->lite)
		return st_bind_text(st, i, s);
	return pg_param(st, i, s ? ct_xstrdup(s) : NULL, PG_TSVECTOR_OID);
}

int
st_bind_null(st_stmt *st, int i)
{
	if (st->lite)
		return sqlite3_bind_null(st->lite, i);
	return pg_param(st, i, NULL, 0);
}

int
st_bind_text(st_stmt *st, int i, const char *s)
{
	if (st->lite)
		return s ? sqlite3_bind_text(st->lite, i, s, -1, SQLITE_TRANSIENT)
			 : sqlite3_bind_null(st->lite, i);
	/* Typed, so that "?1 IS NULL OR status = ?1" is one text parameter. */
	return pg_param(st, i, s ? ct_xstrdup(s) : NULL, PG_TEXT_OID);
}

void
st_doc_pack(struct st_doc *d, const char *s)
{
	size_t n, bound, z;

	d->frame = NULL;
	d->n = 0;
	if (!s || (n = strlen(s)) < DOC_PACK_MIN)
		return;
	bound = ZSTD_compressBound(n);
	d->frame = ct_xmalloc(bound);
	z = doc_pack(d->frame, bound, s, n);
	if (ZSTD_isError(z) || z >= n) {
		free(d->frame);
		d->frame = NULL;
		return;
	}
	d->n = z;
}

void
st_doc_free(struct st_doc *d)
{
	free(d->frame);
	d->frame = NULL;
	d->n = 0;
}

/* n bytes as a bytea parameter, in the text form the statements are sent
 * in: "\x" and two hex digits a byte. */
static int
pg_bind_bytes(st_stmt *st, int i, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = p;
	char *v = ct_xmalloc(2 * n + 3), *o = v;

	*o++ = '\\';
	*o++ = 'x';
	for (size_t k = 0; k < n; k++) {
		*o++ = hex[u[k] >> 4];
		*o++ = hex[u[k] & 0x0f];
	}
	*o = '\0';
	return pg_param(st, i, v, PG_BYTEA_OID);
}

int
st_bind_packed(st_stmt *st, int i, const struct st_doc *d, const char *s)
{
	if (!st->lite) {
		if (!s)
			return pg_param(st, i, NULL, PG_BYTEA_OID);
		return d->frame ? pg_bind_bytes(st, i, d->frame, d->n) : pg_bind_bytes(st, i, s, strlen(s));
	}
	if (!d->frame)
		return st_bind_text(st, i, s);
	/* Copied, as st_bind_text copies: a statement kept for its text keeps
	 * its bindings after the frame is freed. */
	return sqlite3_bind_blob(st->lite, i, d->frame, (int)d->n, SQLITE_TRANSIENT);
}

int
st_bind_doc(st_stmt *st, int i, const char *s)
{
	struct st_doc d;
	int rc;

	st_doc_pack(&d, s);
	if (!st->lite || !d.frame) {
		rc = st_bind_packed(st, i, &d, s);
		st_doc_free(&d);
		return rc;
	}
	/* SQLite frees the frame when done with it, also when binding fails. */
	return sqlite3_bind_blob(st->lite, i, d.frame, (int)d.n, free);
}

/* A document read from a bytea column (PostgreSQL): a frame unpacked, a
 * text as it is; NULL for a frame that does not unpack, a text holding a
 * NUL byte (not one the store wrote) or no memory for libpq's copy. */
static char *
pg_col_doc(const char *v)
{
	static const unsigned char magic[4] = { 0x28, 0xb5, 0x2f, 0xfd }; /* zstd's, little-endian */
	size_t n;
	unsigned char *p = PQunescapeBytea((const unsigned char *)v, &n);
	char *text = NULL;

	if (!p)
		return NULL;   /* out of memory: read as a document that is not there */
	if (n >= sizeof(magic) && !memcmp(p, magic, sizeof(magic))) {
		text = doc_unpack(p, n);
	} else if (!memchr(p, '\0', n)) {
		text = ct_xmalloc(n + 1);
		memcpy(text, p, n);
		text[n] = '\0';
	}
	PQfreemem(p);
	return text;
}

char *
st_col_doc(st_stmt *st, int i)
{
	const char *v;

	if (st->lite && sqlite3_column_type(st->lite, i) == SQLITE_BLOB)
		return doc_unpack(sqlite3_column_blob(st->lite, i),
				  (size_t)sqlite3_column_bytes(st->lite, i));
	v = st_col_ctext(st, i);
	if (v && !st->lite && PQftype(st->res, i) == PG_BYTEA_OID)
		return pg_col_doc(v);
	return v ? ct_xstrdup(v) : NULL;
}

int
st_col_count(st_stmt *st)
{
	if (st->lite)
		return sqlite3_column_count(st->lite);
	return st->res ? PQnfields(st->res) : 0;
}

static int
pg_has(st_stmt *st, int i)
{
	return st->res && st->row >= 0 && st->row < st->nrows && i >= 0 && i < PQnfields(st->res);
}

int
st_col_is_null(st_stmt *st, int i)
{
	if (st->lite)
		return sqlite3_column_type(st->lite, i) == SQLITE_NULL;
	return !pg_has(st, i) || PQgetisnull(st->res, st->row, i);
}

const char *
st_col_ctext(st_stmt *st, int i)
{
	if (st->lite)
		return (const char *)sqlite3_column_text(st->lite, i);
	return st_col_is_null(st, i) ? NULL : PQgetvalue(st->res, st->row, i);
}

/* The server's text of an integer, as strtoll reads it: plain digits by
 * ct_parse_integer, anything else (out of range, a boolean's f) by
 * strtoll. A walk reads millions of them, and strtoll's generality was a
 * sixth of its time. */
static long long
pg_int(const char *v)
{
	long long n;

	return ct_parse_integer(v, v + strlen(v), &n) == 0 ? n : strtoll(v, NULL, 10);
}

long long
st_col_int64(st_stmt *st, int i)
{
	const char *v;

	if (st->lite)
		return sqlite3_column_int64(st->lite, i);
	v = st_col_ctext(st, i);
	if (!v)
		return 0;
	/* A boolean answer reads as SQLite's 0 / 1. */
	if (v[0] == 't' && !v[1])
		return 1;
	return pg_int(v);
}

int
st_col_int(st_stmt *st, int i)
{
	long long v = st_col_int64(st, i);

	return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

const char *
st_col_name(st_stmt *st, int i)
{
	if (st->lite)
		return sqlite3_column_name(st->lite, i);
	return st->res && i >= 0 && i < PQnfields(st->res) ? PQfname(st->res, i) : NULL;
}

int
st_col_type(st_stmt *st, int i)
{
	if (st->lite) {
		int t = sqlite3_column_type(st->lite, i);

		return t == SQLITE_INTEGER || t == SQLITE_NULL ? t : SQLITE_TEXT;
	}
	if (st_col_is_null(st, i))
		return SQLITE_NULL;
	switch (PQftype(st->res, i)) {
	case PG_INT8_OID:
	case PG_INT4_OID:
	case PG_INT2_OID:
	case PG_BOOL_OID:
		return SQLITE_INTEGER;
	default:
		return SQLITE_TEXT;
	}
}
