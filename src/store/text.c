/*
 * text.c — free-text search over the tickets (store.h ct_ticket_filter
 * search; schema 8): each ticket's searchable words in table ticket_text,
 * an FTS5 table on SQLite, a tsvector column with a GIN index on
 * PostgreSQL, rewritten by every write that changes them (filing, refiling,
 * import, a comment) in that write's transaction.
 *
 *   searched: the complaint id, MSISDN, IMSI, cell, cause, the complaint's
 *             description, every comment's text
 *
 * Neither engine's word splitter splits Chinese (FTS5's unicode61 and
 * PostgreSQL's parser keep a run of CJK characters as one word), and they
 * split punctuation differently ("460-00-22001-3": four words on SQLite,
 * signed numbers on PostgreSQL). So the text is put into one form here
 * before either sees it, and a search goes through the same function:
 *
 *   "Cell 460-00-22001-3 无信号"  ->  "cell 460 00 22001 3 无 信 号"
 *
 * ASCII letters and digits make words (lower case), every other ASCII
 * byte separates them, each CJK character (Han, kana, CJK punctuation
 * aside) is a word of its own, other UTF-8 letters stay inside their word.
 * A search word matches as a phrase of its parts: "无信号" finds the three
 * characters in that order, "信号" the two; "22001" finds the cell
 * above. Letters outside ASCII are put in lower case here too (Unicode's
 * mapping, as C.UTF-8 has it), so neither engine's own folding is needed:
 * FTS5 splits the text at spaces; on PostgreSQL the words go in as a
 * tsvector made here (each word at its place, as to_tsvector('simple')
 * would make it, without the server parsing and folding every ticket's
 * text again under its own locale), and a search as a tsquery made here
 * from the same words. A word PostgreSQL cannot hold (over 2046 bytes) is
 * left out on both, so a search finds the same tickets on either.
 * (FTS5's trigram tokenizer, in SQLite 3.34 and later, Debian 12's 3.40
 * included, finds any substring of three characters or more, but no
 * two-character Chinese word, the commonest kind, and PostgreSQL has
 * nothing like it without an extension: one form on both engines was the
 * better trade.)
 */
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <jansson.h>

#include "celltriage/store.h"
#include "internal.h"

/* The searched text of one ticket is capped (a description is at most
 * 64 KiB; comments add theirs): a ticket's words beyond it are not found. */
#define TEXT_MAX (256 * 1024)
/* The longest word kept: PostgreSQL's longest word (a tsvector or a
 * tsquery refuses a longer one; to_tsvector left it out). */
#define WORD_MAX 2046
/* PostgreSQL's last word position: a later word is counted there. */
#define POS_MAX 16383
/* Tickets per statement when the whole table is rebuilt. */
#define FILL_CHUNK 500

/* A CJK ideograph or kana: written without spaces between words. */
static int
cjk(unsigned long c)
{
	return (c >= 0x3040 && c <= 0x30ff) ||    /* hiragana, katakana */
	       (c >= 0x3400 && c <= 0x4dbf) ||    /* CJK extension A */
	       (c >= 0x4e00 && c <= 0x9fff) ||    /* CJK unified ideographs */
	       (c >= 0xf900 && c <= 0xfaff) ||    /* compatibility ideographs */
	       (c >= 0x20000 && c <= 0x3134f);    /* extensions B .. G */
}

/* Punctuation and spaces outside ASCII that separate words like ASCII's:
 * the CJK symbols block (、。「」), full-width forms' punctuation. */
static int
separator(unsigned long c)
{
	return (c >= 0x2000 && c <= 0x206f) ||    /* general punctuation, spaces */
	       (c >= 0x3000 && c <= 0x303f) ||    /* CJK symbols and punctuation */
	       (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	       (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65);
}

static unsigned long
code_point(const unsigned char *s, size_t len)
{
	static const unsigned char lead[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned long c = s[0] & lead[len];

	for (size_t i = 1; i < len; i++)
		c = (c << 6) | (s[i] & 0x3f);
	return c;
}

static locale_t lower_locale;

static void
lower_locale_make(void)
{
	lower_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* c's lower case as UTF-8 after b (c itself without a C.UTF-8 locale). */
static void
put_lower(struct ct_buf *b, unsigned long c)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char u[4];
	size_t n;

	pthread_once(&once, lower_locale_make);
	if (lower_locale) {
		wint_t l = towlower_l((wint_t)c, lower_locale);

		if (l != WEOF && l > 0 && l <= 0x10ffff)
			c = (unsigned long)l;
	}
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	ct_buf_add(b, u, n);
}

void
st_text_words(struct ct_buf *b, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	size_t start = 0, word = 0;  /* the word's separator and first byte in b */
	int in_word = 0;             /* a new text starts a new word */
	int skip = 0;                /* in a word too long to keep */

	while (i < n && b->len < TEXT_MAX) {
		size_t len = s[i] < 0x80 ? 1 : ct_utf8_len(s + i, n - i);
		unsigned long c;
		int letter;

		if (len == 0) {
			i++; /* not UTF-8: a separator */
			in_word = skip = 0;
			continue;
		}
		c = len == 1 ? s[i] : code_point(s + i, len);
		letter = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (len > 1 && !separator(c) && !cjk(c));
		i += len;
		if (!letter) {
			in_word = skip = 0;
			if (len > 1 && cjk(c)) {
				if (b->len)
					ct_buf_putc(b, ' ');
				ct_buf_add(b, (const char *)s + i - len, len);
			}
			continue;
		}
		if (skip)
			continue;
		if (!in_word) {
			start = b->len;
			if (b->len)
				ct_buf_putc(b, ' ');
			word = b->len;
			in_word = 1;
		}
		if (len == 1)
			ct_buf_putc(b, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
		else
			put_lower(b, c);
		if (b->len - word > WORD_MAX) {
			/* Longer than either engine keeps a word: left out. */
			b->len = start;
			b->s[b->len] = '\0';
			in_word = 0;
			skip = 1;
		}
	}
}

/* A word of st_text_words quoted as a tsvector or tsquery holds it: in
 * single quotes, a quote or backslash escaped (the words hold neither:
 * ASCII punctuation separates them). */
static void
put_lexeme(struct ct_buf *b, const char *w, size_t n)
{
	ct_buf_putc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '\'' || w[i] == '\\')
			ct_buf_putc(b, '\\');
		ct_buf_putc(b, w[i]);
	}
	ct_buf_putc(b, '\'');
}

/* The next word of a search, in the one form (st_text_words), into w;
 * 0 when there is none. */
static int
search_word(const char **p, struct ct_buf *w)
{
	ct_buf_reset(w);
	while (**p) {
		size_t n;
		char *one;

		*p += strspn(*p, " \t\r\n");
		n = strcspn(*p, " \t\r\n");
		if (!n)
			break;
		one = ct_xstrndup(*p, n);
		st_text_words(w, one);
		free(one);
		*p += n;
		if (w->len)
			return 1;
	}
	return 0;
}

int
st_text_query(const char *search, struct ct_buf *q)
{
	struct ct_buf w = CT_BUF_INIT;
	int words = 0;

	/* Each word of the search a quoted phrase of its parts, juxtaposed:
	 * FTS5 ANDs them ("460 00 22001 3" "无"). */
	while (search_word(&search, &w))
		ct_buf_printf(q, "%s\"%s\"", words++ ? " " : "", ct_buf_str(&w));
	ct_buf_free(&w);
	return words;
}

/* A word of several parts as a tsquery phrase after q: 'a' <-> 'b'. */
static void
put_phrase(struct ct_buf *q, const char *w)
{
	while (*w) {
		size_t k = strcspn(w, " ");

		put_lexeme(q, w, k);
		w += k;
		if (*w) {
			ct_buf_puts(q, " <-> ");
			w++;
		}
	}
}

/*
 * A search's parameters in a filter's statement (store.c st_filter_where
 * numbers its own 1 to 22 around them): ?18 the whole query (SQLite: FTS5's
 * MATCH; PostgreSQL: the words of several parts, phrases ANDed in one
 * tsquery), and on PostgreSQL from ?25 on, two for each word of one part,
 * a term of its own found in the searched words or as the ticket's MSISDN
 * or IMSI (ticket_words leaves those out when they are one word): the k-th
 * binds SEARCH_WORDS + 2k (its tsquery) and the next (itself). One walk
 * writes the terms (sql) or binds them (st), so the two cannot disagree.
 */
#define SEARCH_QUERY 18
#define SEARCH_WORDS 25

static void
search_terms(const char *search, struct ct_buf *sql, st_stmt *st)
{
	struct ct_buf w = CT_BUF_INIT, q = CT_BUF_INIT, one = CT_BUF_INIT;
	int k = SEARCH_WORDS;

	while (search_word(&search, &w)) {
		if (strchr(ct_buf_str(&w), ' ')) {
			if (q.len)
				ct_buf_puts(&q, " & ");
			put_phrase(&q, ct_buf_str(&w));
			continue;
		}
		if (sql)
			ct_buf_printf(sql, " AND tickets.id IN (SELECT ticket FROM ticket_text"
				      " WHERE tsv @@ ?%d::tsquery UNION ALL SELECT id FROM tickets"
				      " WHERE msisdn = ?%d UNION ALL SELECT id FROM tickets"
				      " WHERE imsi = ?%d)", k, k + 1, k + 1);
		if (st) {
			ct_buf_reset(&one);
			put_lexeme(&one, w.s, w.len);
			st_bind_text(st, k, ct_buf_str(&one));
			st_bind_text(st, k + 1, ct_buf_str(&w));
		}
		k += 2;
	}
	if (q.len && sql)
		ct_buf_printf(sql, " AND tickets.id IN (SELECT ticket FROM ticket_text"
			      " WHERE tsv @@ ?%d::tsquery)", SEARCH_QUERY);
	if (q.len && st)
		st_bind_text(st, SEARCH_QUERY, ct_buf_str(&q));
	ct_buf_free(&w);
	ct_buf_free(&q);
	ct_buf_free(&one);
}

void
st_text_where(struct ct_buf *b, int engine, const char *search)
{
	if (engine == ST_POSTGRESQL)
		search_terms(search, b, NULL);
	else
		ct_buf_printf(b, " AND tickets.id IN (SELECT rowid FROM ticket_text"
			      " WHERE ticket_text MATCH ?%d)", SEARCH_QUERY);
}

void
st_text_bind(st_stmt *st, const char *search)
{
	struct ct_buf q = CT_BUF_INIT;

	if (st_db_engine(st_stmt_db(st)) == ST_POSTGRESQL) {
		search_terms(search, NULL, st);
		return;
	}
	st_text_query(search, &q);
	st_bind_text(st, SEARCH_QUERY, ct_buf_str(&q));
	ct_buf_free(&q);
}

void
st_text_vector(struct ct_buf *v, const char *words)
{
	char num[CT_INT_LEN];
	long long pos = 0;

	while (*words) {
		size_t k = strcspn(words, " ");

		if (v->len)
			ct_buf_putc(v, ' ');
		put_lexeme(v, words, k);
		ct_buf_putc(v, ':');
		pos += pos < POS_MAX;
		ct_buf_add(v, num, ct_fmt_int(num, pos));
		words += k;
		words += *words == ' ';
	}
}

/* Whether an identifier is one word of st_text_words as it is: ASCII
 * digits and lower-case letters (an MSISDN, an IMSI), not too long. A
 * search word then finds it by its column as well. Read without a copy:
 * an import asks twice a ticket. */
static int
one_word(const char *id)
{
	size_t n = strspn(id, "0123456789abcdefghijklmnopqrstuvwxyz");

	return n > 0 && n <= WORD_MAX && id[n] == '\0';
}

/* The searched text of a ticket: its identifiers (complaint, msisdn,
 * imsi, cell, cause), its complaint's description and its comments. On
 * PostgreSQL an MSISDN or IMSI that is one word as it is stays out of
 * them: a search word of one part is looked for in those columns too
 * (st_text_where), through their hash indexes, where the GIN index would
 * keep a key of its own for each number, the dearest of a ticket's words
 * to write. */
static void
ticket_words(struct ct_buf *b, const char *const ids[5], const char *complaint_json,
	     const struct ct_buf *comments, int engine)
{
	char *desc;

	for (int i = 0; i < 5; i++)
		if (ids[i] && !(engine == ST_POSTGRESQL && (i == 1 || i == 2) && one_word(ids[i])))
			st_text_words(b, ids[i]);
	desc = ct_doc_string(complaint_json, "description");
	if (desc)
		st_text_words(b, desc);
	free(desc);
	if (comments->len)
		st_text_words(b, ct_buf_str(comments));
}

/* A comment's words (its detail's text) after those in out. */
static void
comment_text(struct ct_buf *out, const char *detail)
{
	char *said = ct_doc_string(detail, "text");

	if (said)
		ct_buf_printf(out, " %s", said);
	free(said);
}

#define TEXT_COLUMNS \
	"SELECT tickets.complaint, tickets.msisdn, tickets.imsi, tickets.cell, tickets.cause," \
	" ticket_doc.complaint_json, tickets.id FROM " ST_TICKETS_WITH_DOCS

/* The words of ticket id written; fresh: a new ticket's, which no row
 * holds yet (without an upsert, which looks in the unique index first;
 * on SQLite without the delete), else they replace the row's. */
static int
put_text(st_db *db, long long id, const char *body, int later, int fresh)
{
	const struct st_param p[] = { ST_INT(id), ST_TEXT(body) };
	int rc;

	if (later)
		return st_run(db, "INSERT INTO temp.text_later (id, body) VALUES (?1, ?2)", p, 2,
			      NULL);
	if (st_db_engine(db) == ST_POSTGRESQL) {
		struct ct_buf v = CT_BUF_INIT;

		st_text_vector(&v, body);
		const struct st_param pv[] = { ST_INT(id), ST_TSVECTOR(ct_buf_str(&v)) };

		rc = fresh   /* may go with an import window's */
		     ? st_run_row(db, "INSERT INTO ticket_text (ticket, tsv) VALUES (?1, ?2)", pv, 2)
		     : st_run(db, "INSERT INTO ticket_text (ticket, tsv) VALUES (?1, ?2)"
			      " ON CONFLICT (ticket) DO UPDATE SET tsv = excluded.tsv", pv, 2, NULL);
		ct_buf_free(&v);
		return rc;
	}
	if (fresh)
		return st_run(db, "INSERT INTO ticket_text (rowid, body) VALUES (?1, ?2)", p, 2, NULL);
	/* An FTS5 table has no upsert: the old row out, the new one in. */
	rc = st_run(db, "DELETE FROM ticket_text WHERE rowid = ?1", p, 1, NULL);
	return rc == SQLITE_OK ? st_run(db, "INSERT INTO ticket_text (rowid, body) VALUES (?1, ?2)",
					p, 2, NULL)
			       : rc;
}

char *
st_text_of(const struct ct_ticket *t, const struct ct_event *ev, size_t nev, int engine)
{
	const char *const ids[5] = { t->complaint, t->msisdn, t->imsi, t->cell, t->cause };
	struct ct_buf body = CT_BUF_INIT, comments = CT_BUF_INIT;

	for (size_t i = 0; i < nev; i++)
		if (ev[i].action && !strcmp(ev[i].action, CT_EVENT_COMMENT))
			comment_text(&comments, ev[i].detail);
	ticket_words(&body, ids, t->complaint_json, &comments, engine);
	ct_buf_free(&comments);
	return ct_buf_detach(&body);
}

static int
text_put(st_db *db, long long id, const struct ct_ticket *t, const struct ct_event *ev,
	 size_t nev, int later)
{
	char *body = st_text_of(t, ev, nev, st_db_engine(db));
	int rc = put_text(db, id, body, later, 1);

	free(body);
	return rc;
}

int
st_text_put(st_db *db, long long id, const struct ct_ticket *t, const struct ct_event *ev,
	    size_t nev)
{
	return text_put(db, id, t, ev, nev, 0);
}

/*
 * A long write on SQLite (an import of thousands of tickets in one
 * transaction) keeps its tickets' words aside and indexes them once at
 * the end. FTS5 writes what it holds in memory to the file at every
 * statement savepoint of a transaction it is part of (SQLite asks each
 * virtual table in the transaction to save its state, and FTS5 saves by
 * flushing): fed a ticket at a time, it would write a tiny segment per
 * ticket and merge them over and over. The words wait in a temporary
 * table (a file of SQLite's temporary store, not memory) and go into the
 * index in one statement just before the commit.
 */
int
st_text_later_begin(st_db *db)
{
	if (st_db_engine(db) != ST_SQLITE)
		return SQLITE_OK;
	return st_exec(db, "CREATE TEMP TABLE IF NOT EXISTS text_later"
		       " (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
		       "DELETE FROM temp.text_later");
}

int
st_text_put_later(st_db *db, long long id, const struct ct_ticket *t, const struct ct_event *ev,
		  size_t nev)
{
	return text_put(db, id, t, ev, nev, st_db_engine(db) == ST_SQLITE);
}

int
st_text_put_text(st_db *db, long long id, const char *text, int later)
{
	return put_text(db, id, text, later && st_db_engine(db) == ST_SQLITE, 1);
}

int
st_text_later_end(st_db *db)
{
	if (st_db_engine(db) != ST_SQLITE)
		return SQLITE_OK;
	return st_exec(db, "DELETE FROM ticket_text WHERE rowid IN (SELECT id FROM temp.text_later);"
		       "INSERT INTO ticket_text (rowid, body) SELECT id, body FROM temp.text_later"
		       " ORDER BY id;"
		       "DELETE FROM temp.text_later");
}

int
st_text_drop_later(st_db *db, long long id)
{
	const struct st_param p[] = { ST_INT(id) };

	if (st_db_engine(db) != ST_SQLITE)
		return SQLITE_OK;
	return st_run(db, "DELETE FROM temp.text_later WHERE id = ?1", p, 1, NULL);
}

/* The words of the tickets with ids in (lo, hi] from their rows, documents
 * and comments, written at once or kept aside (later). */
static int
text_range(st_db *db, long long lo, long long hi, int later)
{
	st_stmt *tk = NULL, *cm = NULL;
	int rc, crow;

	rc = st_prepare(db, TEXT_COLUMNS " WHERE tickets.id > ?1 AND tickets.id <= ?2"
			" ORDER BY tickets.id", &tk);
	if (rc == SQLITE_OK)
		rc = st_prepare(db, "SELECT ticket, detail FROM ticket_event WHERE ticket > ?1"
				" AND ticket <= ?2 AND action = '" CT_EVENT_COMMENT "'"
				" ORDER BY ticket, id", &cm);
	if (rc != SQLITE_OK)
		goto out;
	st_bind_int64(tk, 1, lo);
	st_bind_int64(tk, 2, hi);
	st_bind_int64(cm, 1, lo);
	st_bind_int64(cm, 2, hi);
	crow = st_step(cm);
	while ((rc = st_step(tk)) == SQLITE_ROW) {
		struct ct_buf body = CT_BUF_INIT, comments = CT_BUF_INIT;
		long long id = st_col_int64(tk, 6);

		const char *ids[5];

		while (crow == SQLITE_ROW && st_col_int64(cm, 0) <= id) {
			if (st_col_int64(cm, 0) == id)
				comment_text(&comments, st_col_ctext(cm, 1));
			crow = st_step(cm);
		}
		char *complaint = st_col_doc(tk, 5);

		for (int i = 0; i < 5; i++)
			ids[i] = st_col_ctext(tk, i);
		ticket_words(&body, ids, complaint, &comments, st_db_engine(db));
		free(complaint);
		rc = put_text(db, id, ct_buf_str(&body), later, 0);
		ct_buf_free(&body);
		ct_buf_free(&comments);
		if (rc != SQLITE_OK)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = crow == SQLITE_ROW || crow == SQLITE_DONE ? SQLITE_OK : crow;
out:
	st_finalize(tk);
	st_finalize(cm);
	return rc;
}

int
st_text_update(st_db *db, long long id)
{
	return text_range(db, id - 1, id, 0);
}

int
st_text_update_later(st_db *db, long long id)
{
	return text_range(db, id - 1, id, st_db_engine(db) == ST_SQLITE);
}

int
st_text_range(st_db *db, long long lo, long long hi)
{
	return text_range(db, lo, hi, 0);
}

int
st_text_fill(st_db *db)
{
	long long lo = 0, max = 0;
	st_stmt *st = NULL;
	int rc = st_prepare(db, "SELECT coalesce(max(id), 0) FROM tickets", &st);

	if (rc != SQLITE_OK)
		return rc;
	if ((rc = st_step(st)) == SQLITE_ROW) {
		max = st_col_int64(st, 0);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	/* By id ranges: one ticket's statements at a time would make a
	 * million round trips to a server. */
	for (; rc == SQLITE_OK && lo < max; lo += FILL_CHUNK)
		rc = st_text_range(db, lo, lo + FILL_CHUNK);
	return rc;
}
