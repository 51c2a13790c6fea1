/*
 * ticket.c — renders stored tickets (report.h): the `ticket list` table,
 * JSON array and CSV, and the `ticket show` page with the decision path.
 *
 * The JSON members and CSV columns of a ticket are the field table's
 * (ticket.h ct_fields[]); times are ISO 8601 UTC ("2026-11-20T01:15:00Z").
 * CSV is RFC 4180: comma separated, CRLF line ends, fields quoted when they
 * hold a comma, a double quote, CR or LF, with inner quotes doubled, and a
 * header row. A text cell a spreadsheet would take for a formula (a leading
 * '=', '+', '-', '@', tab or CR) starts with a single quote (util.h
 * ct_csv_guarded), which the import drops again. `ticket list --format csv` has the list's columns, `ticket
 * export --format csv` every column.
 *
 * The `ticket show` page, for an 80-column terminal:
 *
 *   ticket 12: radio/coverage, grade 2, accepted
 *     complaint   C20261120-0001
 *     ...         (every field, then the complaint's description)
 *   Deadlines
 *     dispatch    2026-11-20T02:15:00Z
 *   Decision path
 *     Q3.1.1  fail     weak signal
 *                      evidence   measurements.signal_dbm=-97 (complaint)
 *                      why        -97 dBm is below the threshold -94 dBm
 *   Needs / Actions
 *
 * Control characters in what is shown (a complaint's words, a stored
 * document) are escaped (util.h ct_buf_put_text): they reach no terminal.
 *
 * The path comes from verdict_json as stored; any key may be missing (a
 * verdict written by an older or newer program) and is then left out.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/report.h"

#define TERM_WIDTH 80

/* ---------------------------------------------------------------------
 * JSON
 */

/* A JSON string for s (null when s is NULL). Invalid UTF-8 bytes (the
 * store keeps whatever it was given) become U+FFFD instead of losing the
 * whole value. */
json_t *
ct_json_str(const char *s)
{
	json_t *j;
	struct ct_buf b = CT_BUF_INIT;
	size_t n, i = 0;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	n = strlen(s);
	while (i < n) {
		size_t k = ct_utf8_len((const unsigned char *)s + i, n - i);

		if (k) {
			ct_buf_add(&b, s + i, k);
			i += k;
		} else {
			ct_buf_add(&b, "\xef\xbf\xbd", 3);
			i++;
		}
	}
	j = json_string(ct_buf_str(&b));
	ct_buf_free(&b);
	return j ? j : json_null();
}

json_t *
ct_json_time(long long t, int always)
{
	char buf[32];

	if (!t && !always)
		return json_null();
	ct_fmt_time(buf, sizeof(buf), t);
	return json_string(buf);
}

/* A stored JSON document as an object; text that does not parse is kept
 * as a string so that nothing stored is hidden. */
static json_t *
jdoc(const char *s)
{
	json_t *j;

	if (!s)
		return json_null();
	j = json_loads(s, JSON_DECODE_ANY, NULL);
	return j ? j : ct_json_str(s);
}

json_t *
ct_deadlines_json(const struct ct_ticket *t, int always)
{
	json_t *o = json_object();

	for (size_t i = 0; i < t->ndeadlines; i++) {
		json_t *k = ct_json_str(t->deadlines[i].stage);

		/* Keys must be valid UTF-8 too: use the repaired stage name. */
		if (json_is_string(k))
			json_object_set_new(o, json_string_value(k),
					    ct_json_time(t->deadlines[i].due, always));
		json_decref(k);
	}
	return o;
}

/* One field's value in the ticket JSON (ticket.h, the types' table). */
static json_t *
field_json(const struct ct_ticket *t, const struct ct_field *f)
{
	long long v = ct_field_int(t, f);
	json_t *a;

	switch (f->type) {
	case CT_FT_ID:
	case CT_FT_INT:
		return json_integer(v);
	case CT_FT_TEXT:
		return ct_json_str(ct_field_text(t, f));
	case CT_FT_STATUS:
		return ct_json_str(ct_status_name(t->status));
	case CT_FT_TIME:
		return ct_json_time(v, f->flags & CT_FF_REQUIRED);
	case CT_FT_SECONDS:
	case CT_FT_REF:
		return v ? json_integer(v) : json_null();
	case CT_FT_FLAG:
		return json_boolean(v);
	case CT_FT_TAGS:
		a = json_array();
		for (size_t i = 0; i < t->ntags; i++)
			if (t->tags[i])
				json_array_append_new(a, ct_json_str(t->tags[i]));
		return a;
	case CT_FT_DEADLINES:
		return ct_deadlines_json(t, 1);
	case CT_FT_DOC:
		return jdoc(ct_field_text(t, f));
	}
	return json_null();
}

/* 1 when a member of the JSON object grp ("reply") is set. */
static int
group_set(const struct ct_ticket *t, const char *grp)
{
	char g[32];

	for (size_t i = 0; i < ct_nfields; i++) {
		ct_field_json_key(&ct_fields[i], g, sizeof(g));
		if (!strcmp(g, grp) && ct_field_is_set(t, &ct_fields[i]))
			return 1;
	}
	return 0;
}

json_t *
ct_ticket_to_json(const struct ct_ticket *t, int full)
{
	json_t *o = json_object();

	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		char grp[32];
		const char *key = ct_field_json_key(f, grp, sizeof(grp));
		json_t *g;

		if ((f->flags & CT_FF_FULL) && !full)
			continue;
		if (*grp) {
			/* An object such as "reply" is there when one of its
			 * members is set, with every member. */
			g = json_object_get(o, grp);
			if (!g && !group_set(t, grp))
				continue;
			if (!g) {
				g = json_object();
				json_object_set_new(o, grp, g);
			}
			json_object_set_new(g, key, field_json(t, f));
		} else if (!(f->flags & CT_FF_WHEN_SET) || ct_field_is_set(t, f)) {
			json_object_set_new(o, key, field_json(t, f));
		}
	}
	return o;
}

void
ct_json_array_item(struct ct_buf *b, json_t *j, size_t flags, size_t i)
{
	size_t indent = flags & JSON_MAX_INDENT;
	char *s = json_dumps(j, flags);

	if (!s) {
		fputs("celltriage: out of memory\n", stderr);
		exit(3);
	}
	/* jansson's array: "[" then each element after a newline and one
	 * level of indent (or after ", " / "," on one line), elements
	 * separated by ","; strings never hold a raw newline, so the element
	 * dumped alone is indented one level by prefixing every line. */
	ct_buf_puts(b, i == 0 ? "[" : ",");
	if (indent) {
		ct_buf_printf(b, "\n%*s", (int)indent, "");
		for (const char *p = s; *p;) {
			size_t n = strcspn(p, "\n");

			ct_buf_add(b, p, n);
			p += n;
			if (*p == '\n') {
				ct_buf_printf(b, "\n%*s", (int)indent, "");
				p++;
			}
		}
	} else {
		if (i > 0 && !(flags & JSON_COMPACT))
			ct_buf_puts(b, " ");
		ct_buf_puts(b, s);
	}
	free(s);
}

void
ct_json_array_end(struct ct_buf *b, size_t flags, size_t n)
{
	if (n == 0)
		ct_buf_puts(b, "[]\n");
	else if (flags & JSON_MAX_INDENT)
		ct_buf_puts(b, "\n]\n");
	else
		ct_buf_puts(b, "]\n");
}

void
ct_tickets_json(struct ct_buf *b, const struct ct_ticket *v, size_t n)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, ct_ticket_to_json(&v[i], 0));
	s = json_dumps(a, JSON_INDENT(2));
	json_decref(a);
	if (!s) {
		fputs("celltriage: out of memory\n", stderr);
		exit(3);
	}
	ct_buf_puts(b, s);
	ct_buf_puts(b, "\n");
	free(s);
}

/* ---------------------------------------------------------------------
 * CSV (RFC 4180)
 */

void
ct_csv_field(struct ct_buf *b, const char *s)
{
	const char *guard = "";

	if (!s)
		return; /* unknown = empty field */
	if (ct_csv_guarded(s))
		guard = "'"; /* not a formula for a spreadsheet (util.h) */
	if (!strpbrk(s, ",\"\r\n")) {
		ct_buf_puts(b, guard);
		ct_buf_puts(b, s);
		return;
	}
	ct_buf_puts(b, "\"");
	ct_buf_puts(b, guard);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			ct_buf_puts(b, "\"\"");
		else
			ct_buf_add(b, p, 1);
	}
	ct_buf_puts(b, "\"");
}

static void
csv_time(struct ct_buf *b, long long t)
{
	char buf[32];

	if (!t)
		return;
	ct_fmt_time(buf, sizeof(buf), t);
	ct_buf_puts(b, buf);
}

/* One field's value in the CSV (ticket.h, the types' table). */
static void
csv_value(struct ct_buf *b, const struct ct_ticket *t, const struct ct_field *f)
{
	long long v = ct_field_int(t, f);
	struct ct_buf list = CT_BUF_INIT;

	switch (f->type) {
	case CT_FT_ID:
	case CT_FT_INT:
	case CT_FT_SECONDS:
	case CT_FT_FLAG:
		ct_buf_printf(b, "%lld", v);
		break;
	case CT_FT_REF:
		if (v)
			ct_buf_printf(b, "%lld", v);
		break;
	case CT_FT_TEXT:
	case CT_FT_DOC:
		ct_csv_field(b, ct_field_text(t, f));
		break;
	case CT_FT_STATUS:
		ct_csv_field(b, ct_status_name(t->status));
		break;
	case CT_FT_TIME:
		csv_time(b, v);
		break;
	case CT_FT_TAGS:
		/* Joined by ';' (a tag holds ':' but never ';'). */
		for (size_t k = 0; k < t->ntags; k++) {
			if (k)
				ct_buf_puts(&list, ";");
			ct_buf_puts(&list, t->tags[k] ? t->tags[k] : "");
		}
		ct_csv_field(b, ct_buf_str(&list));
		break;
	case CT_FT_DEADLINES:
		/* stage=time;stage=time */
		for (size_t k = 0; k < t->ndeadlines; k++) {
			char tm[32];

			ct_fmt_time(tm, sizeof(tm), t->deadlines[k].due);
			ct_buf_printf(&list, "%s%s=%s", k ? ";" : "",
				      t->deadlines[k].stage ? t->deadlines[k].stage : "", tm);
		}
		ct_csv_field(b, ct_buf_str(&list));
		break;
	}
	ct_buf_free(&list);
}

void
ct_ticket_csv_row(struct ct_buf *b, const struct ct_ticket *t, int list)
{
	int first = 1;

	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];

		if (!f->csv || (list && !(f->flags & CT_FF_LIST)))
			continue;
		if (!first)
			ct_buf_puts(b, ",");
		csv_value(b, t, f);
		first = 0;
	}
}

static void
tickets_csv(struct ct_buf *b, const struct ct_ticket *v, size_t n, int list)
{
	ct_ticket_csv_header(b, list);
	ct_buf_puts(b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		ct_ticket_csv_row(b, &v[i], list);
		ct_buf_puts(b, "\r\n");
	}
}

void
ct_tickets_csv(struct ct_buf *b, const struct ct_ticket *v, size_t n)
{
	tickets_csv(b, v, n, 1);
}

void
ct_tickets_export_csv(struct ct_buf *b, const struct ct_ticket *v, size_t n)
{
	tickets_csv(b, v, n, 0);
}

/* ---------------------------------------------------------------------
 * Text helpers
 */

/* Decodes the code point at s (n bytes left) into *cp; returns its length,
 * or 1 with *cp = U+FFFD for a byte that does not start valid UTF-8. */
static size_t
next_cp(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = ct_utf8_len(u, n);

	if (k == 0) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = k == 1 ? u[0] : k == 2 ? (u[0] & 0x1fu) : k == 3 ? (u[0] & 0x0fu) : (u[0] & 0x07u);
	for (size_t i = 1; i < k; i++)
		*cp = (*cp << 6) | (u[i] & 0x3fu);
	return k;
}

/* Columns a code point takes on a terminal: 2 for the East Asian wide and
 * fullwidth blocks (Unicode UAX #11: Hangul Jamo, CJK, Hangul syllables,
 * compatibility ideographs, fullwidth forms, CJK extension planes), else 1. */
static size_t
cp_width(unsigned cp)
{
	static const struct { unsigned lo, hi; } wide[] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x20000, 0x3fffd },
	};

	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i].lo && cp <= wide[i].hi)
			return 2;
	return 1;
}

/* s as a terminal may show it: itself, or (when it holds a control
 * character) its escaped form (util.h ct_buf_put_text) in *tmp. Blanks
 * (tab, CR, LF) become spaces when blanks is set. */
static const char *
shown(const char *s, struct ct_buf *tmp, int blanks)
{
	const char *p;

	for (p = s; *p && (unsigned char)*p >= 0x20 && *p != 0x7f && (unsigned char)*p != 0xc2; p++)
		;
	if (!*p)
		return s;
	ct_buf_reset(tmp);
	if (blanks) {
		struct ct_buf sp = CT_BUF_INIT;

		ct_buf_puts(&sp, s);
		for (char *q = sp.s; *q; q++)
			if (*q == '\t' || *q == '\n' || *q == '\r')
				*q = ' ';
		ct_buf_put_text(tmp, sp.s);
		ct_buf_free(&sp);
	} else {
		ct_buf_put_text(tmp, s);
	}
	return ct_buf_str(tmp);
}

/* Display width of s in terminal columns (as shown). */
static size_t
width(const char *str)
{
	struct ct_buf tmp = CT_BUF_INIT;
	const char *s = shown(str, &tmp, 0);
	size_t w = 0, n = strlen(s);
	unsigned cp;

	for (size_t i = 0; i < n; ) {
		i += next_cp(s + i, n - i, &cp);
		w += cp_width(cp);
	}
	ct_buf_free(&tmp);
	return w;
}

/* Appends s cut to at most w columns (ending in '~' when cut), padded with
 * spaces to w when pad is set. Cuts only between code points. */
static void
put_cell(struct ct_buf *b, const char *str, size_t w, int pad)
{
	struct ct_buf tmp = CT_BUF_INIT;
	const char *s = shown(str, &tmp, 0);
	size_t sw = width(s), cols = 0, i = 0, n;
	unsigned cp;

	if (sw <= w) {
		ct_buf_puts(b, s);
		for (; pad && sw < w; sw++)
			ct_buf_puts(b, " ");
		ct_buf_free(&tmp);
		return;
	}
	if (w == 0) {
		ct_buf_free(&tmp);
		return;
	}
	n = strlen(s);
	while (i < n) {
		size_t k = next_cp(s + i, n - i, &cp);

		if (cols + cp_width(cp) > w - 1)
			break;
		cols += cp_width(cp);
		i += k;
	}
	ct_buf_add(b, s, i);
	ct_buf_puts(b, "~");
	for (cols++; pad && cols < w; cols++)
		ct_buf_puts(b, " ");
	ct_buf_free(&tmp);
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* ---------------------------------------------------------------------
 * `ticket list` as a table
 */

/* "gr" for the grade: with the longest cause code (25 columns) and a
 * 14-column cell id the row is 78 columns; "grade" would cut the cell. */
static const char *const table_head[CT_TABLE_COLS] = {
	"id", "gr", "status", "cause", "cell", "msisdn", "filed"
};
enum { COL_ID, COL_GRADE, COL_STATUS, COL_CAUSE, COL_CELL, COL_MSISDN, COL_FILED };

/* The cells of t's row; cells holds the short texts (id, grade, date). */
static void
table_cells(const struct ct_ticket *t, char cells[CT_TABLE_COLS][32],
	    const char *txt[CT_TABLE_COLS])
{
	char tm[32];

	snprintf(cells[COL_ID], 32, "%lld", t->id);
	snprintf(cells[COL_GRADE], 32, "%d", t->grade);
	/* The date is enough in the list; `ticket show` has the time. */
	ct_fmt_time(tm, sizeof(tm), t->filed_at);
	snprintf(cells[COL_FILED], 32, "%.10s", tm);
	txt[COL_ID] = cells[COL_ID];
	txt[COL_GRADE] = cells[COL_GRADE];
	txt[COL_STATUS] = or_dash(ct_status_name(t->status));
	txt[COL_CAUSE] = or_dash(t->cause);
	txt[COL_CELL] = or_dash(t->cell);
	txt[COL_MSISDN] = or_dash(t->msisdn);
	txt[COL_FILED] = cells[COL_FILED];
}

void
ct_ticket_table_init(struct ct_ticket_table *tab)
{
	memset(tab, 0, sizeof(*tab));
	for (int c = 0; c < CT_TABLE_COLS; c++)
		tab->w[c] = width(table_head[c]);
	tab->sep = 2;
}

void
ct_ticket_table_measure(struct ct_ticket_table *tab, const struct ct_ticket *t)
{
	char cells[CT_TABLE_COLS][32];
	const char *txt[CT_TABLE_COLS];

	table_cells(t, cells, txt);
	for (int c = 0; c < CT_TABLE_COLS; c++) {
		size_t cw = width(txt[c]);

		if (cw > tab->w[c])
			tab->w[c] = cw;
	}
	tab->rows++;
}

/* One line of the table: the head (txt NULL) or a row. */
static void
table_line(struct ct_buf *b, const struct ct_ticket_table *tab, const char *const *txt)
{
	struct ct_buf line = CT_BUF_INIT;

	for (int c = 0; c < CT_TABLE_COLS; c++) {
		const char *s = txt ? txt[c] : table_head[c];

		if (c)
			for (size_t k = 0; k < tab->sep; k++)
				ct_buf_puts(&line, " ");
		/* Numbers right-aligned, text left-aligned. */
		if (c == COL_ID && txt) {
			for (size_t k = width(s); k < tab->w[c]; k++)
				ct_buf_puts(&line, " ");
			ct_buf_puts(&line, s);
		} else {
			put_cell(&line, s, tab->w[c], c != CT_TABLE_COLS - 1);
		}
	}
	/* No trailing blanks. */
	while (line.len && line.s[line.len - 1] == ' ')
		line.s[--line.len] = '\0';
	ct_buf_puts(b, ct_buf_str(&line));
	ct_buf_puts(b, "\n");
	ct_buf_free(&line);
}

void
ct_ticket_table_head(struct ct_buf *b, struct ct_ticket_table *tab)
{
	/* Columns that give way, in this order, each down to its minimum: the
	 * cause, the reason for the list, gives way last. */
	static const int shrink_order[] = { COL_MSISDN, COL_CELL, COL_STATUS, COL_CAUSE };
	static const size_t min_w[CT_TABLE_COLS] = { 2, 2, 6, 12, 10, 11, 10 };
	size_t total;

	if (tab->rows == 0) {
		ct_buf_puts(b, "no tickets\n");
		return;
	}
	/* Fit 80 columns: first narrow the gutters, then cut columns one
	 * character at a time in shrink_order. */
	for (;;) {
		int pick = -1;

		total = tab->sep * (CT_TABLE_COLS - 1);
		for (int c = 0; c < CT_TABLE_COLS; c++)
			total += tab->w[c];
		if (total <= TERM_WIDTH)
			break;
		if (tab->sep == 2) {
			tab->sep = 1;
			continue;
		}
		for (size_t k = 0; k < sizeof(shrink_order) / sizeof(shrink_order[0]); k++) {
			int c = shrink_order[k];

			if (tab->w[c] > min_w[c]) {
				pick = c;
				break;
			}
		}
		if (pick < 0)
			break; /* cannot fit; print as narrow as allowed */
		tab->w[pick]--;
	}
	table_line(b, tab, NULL);
}

void
ct_ticket_table_row(struct ct_buf *b, const struct ct_ticket_table *tab, const struct ct_ticket *t)
{
	char cells[CT_TABLE_COLS][32];
	const char *txt[CT_TABLE_COLS];

	table_cells(t, cells, txt);
	table_line(b, tab, txt);
}

void
ct_tickets_text(struct ct_buf *b, const struct ct_ticket *v, size_t n)
{
	struct ct_ticket_table tab;

	ct_ticket_table_init(&tab);
	for (size_t i = 0; i < n; i++)
		ct_ticket_table_measure(&tab, &v[i]);
	ct_ticket_table_head(b, &tab);
	for (size_t i = 0; i < n; i++)
		ct_ticket_table_row(b, &tab, &v[i]);
}

/* ---------------------------------------------------------------------
 * `ticket show`
 */

/*
 * Appends "<indent><label padded to lw><text>" word-wrapped to TERM_WIDTH,
 * continuation lines indented under the text. Newlines in the text count
 * as blanks. A word wider than the room on a line (a sentence in Chinese,
 * which has no blanks) is broken between code points.
 */
static void
wrap(struct ct_buf *b, size_t indent, const char *label, size_t lw, const char *str)
{
	struct ct_buf tmp = CT_BUF_INIT;
	const char *text = shown(str, &tmp, 1);
	size_t col, start, room, n = strlen(text), i = 0;

	/* A label as wide as its column still gets a blank after it. */
	if (lw && width(label) >= lw && label[strlen(label) - 1] != ' ')
		lw = width(label) + 1;
	start = indent + lw;
	room = start < TERM_WIDTH - 20 ? TERM_WIDTH - start : 20;
	for (size_t k = 0; k < indent; k++)
		ct_buf_puts(b, " ");
	put_cell(b, label, lw, 1);
	col = start;
	while (i < n) {
		size_t e, ww = 0;
		unsigned cp;

		if (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t') {
			i++;
			continue;
		}
		for (e = i; e < n && !strchr(" \n\r\t", text[e]); ) {
			e += next_cp(text + e, n - e, &cp);
			ww += cp_width(cp);
		}
		if (col > start && col + 1 + ww > start + room) {
			ct_buf_puts(b, "\n");
			for (size_t k = 0; k < start; k++)
				ct_buf_puts(b, " ");
			col = start;
		} else if (col > start) {
			ct_buf_puts(b, " ");
			col++;
		}
		if (ww <= room) {
			ct_buf_add(b, text + i, e - i);
			col += ww;
		} else {
			while (i < e) {
				size_t k = next_cp(text + i, e - i, &cp);

				if (col > start && col + cp_width(cp) > start + room) {
					ct_buf_puts(b, "\n");
					for (size_t m = 0; m < start; m++)
						ct_buf_puts(b, " ");
					col = start;
				}
				ct_buf_add(b, text + i, k);
				col += cp_width(cp);
				i += k;
			}
		}
		i = e;
	}
	ct_buf_puts(b, "\n");
	ct_buf_free(&tmp);
}

static void
field(struct ct_buf *b, const char *label, const char *value)
{
	wrap(b, 2, label, 13, or_dash(value));
}

static void
field_time(struct ct_buf *b, const char *label, size_t lw, long long t, const char *suffix)
{
	char tm[32];
	struct ct_buf v = CT_BUF_INIT;

	if (t) {
		ct_fmt_time(tm, sizeof(tm), t);
		ct_buf_puts(&v, tm);
	} else {
		ct_buf_puts(&v, "-");
	}
	if (suffix)
		ct_buf_puts(&v, suffix);
	wrap(b, 2, label, lw, ct_buf_str(&v));
	ct_buf_free(&v);
}

/* The text of a JSON value for display: strings as they are, numbers in the
 * outputs' number form, anything else as compact JSON. NULL when absent. */
static char *
jtext(json_t *j)
{
	char num[32];

	if (!j || json_is_null(j))
		return NULL;
	if (json_is_string(j))
		return ct_xstrdup(json_string_value(j));
	if (json_is_number(j)) {
		ct_fmt_num(num, sizeof(num), json_number_value(j));
		return ct_xstrdup(num);
	}
	if (json_is_true(j))
		return ct_xstrdup("true");
	if (json_is_false(j))
		return ct_xstrdup("false");
	return json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* A detail line under a path step or need, when the key is there. */
static void
detail(struct ct_buf *b, size_t indent, const char *label, json_t *obj, const char *key)
{
	char *s = jtext(json_object_get(obj, key));

	if (s && *s)
		wrap(b, indent, label, 11, s);
	free(s);
}

static void
render_path(struct ct_buf *b, json_t *path)
{
	size_t nodew = 4, indent;
	size_t i;
	json_t *st;

	json_array_foreach(path, i, st) {
		char *node = jtext(json_object_get(st, "node"));

		if (node && width(node) > nodew)
			nodew = width(node);
		free(node);
	}
	if (nodew > 16)
		nodew = 16;
	indent = 2 + nodew + 2 + 7 + 2; /* node, result (7 = "unknown"), gutters */
	ct_buf_puts(b, "\nDecision path\n");
	json_array_foreach(path, i, st) {
		char *node = jtext(json_object_get(st, "node"));
		char *res = jtext(json_object_get(st, "result"));
		char *check = jtext(json_object_get(st, "check"));
		char *val = jtext(json_object_get(st, "value"));
		char *thr = jtext(json_object_get(st, "threshold"));
		struct ct_buf head = CT_BUF_INIT;

		if (!json_is_object(st)) {
			char *raw = jtext(st);

			wrap(b, 2, "", 0, raw ? raw : "-");
			free(raw);
			continue;
		}
		/* Node and result make the label; the check wraps under itself. */
		put_cell(&head, or_dash(node), nodew, 1);
		ct_buf_puts(&head, "  ");
		put_cell(&head, or_dash(res), 7, 1);
		ct_buf_puts(&head, "  ");
		wrap(b, 2, ct_buf_str(&head), indent - 2, or_dash(check));
		ct_buf_free(&head);
		detail(b, indent, "evidence", st, "evidence");
		if (val || thr) {
			struct ct_buf vt = CT_BUF_INIT;

			ct_buf_puts(&vt, val ? val : "-");
			if (thr)
				ct_buf_printf(&vt, " (threshold %s)", thr);
			wrap(b, indent, "value", 11, ct_buf_str(&vt));
			ct_buf_free(&vt);
		}
		detail(b, indent, "why", st, "why");
		detail(b, indent, "source", st, "source");
		free(node);
		free(res);
		free(check);
		free(val);
		free(thr);
	}
}

static void
render_needs(struct ct_buf *b, json_t *needs)
{
	size_t i;
	json_t *nd;

	ct_buf_puts(b, "\nNeeds\n");
	json_array_foreach(needs, i, nd) {
		char *test = jtext(json_object_get(nd, "test"));
		char *where = jtext(json_object_get(nd, "where"));
		char *node = jtext(json_object_get(nd, "node"));
		struct ct_buf h = CT_BUF_INIT;

		if (!json_is_object(nd)) {
			char *raw = jtext(nd);

			wrap(b, 2, "", 0, raw ? raw : "-");
			free(raw);
			continue;
		}
		ct_buf_puts(&h, or_dash(test));
		if (where || node) {
			ct_buf_printf(&h, " (%s%s%s)", where ? where : "",
				      where && node ? ", " : "", node ? node : "");
		}
		wrap(b, 2, "", 0, ct_buf_str(&h));
		ct_buf_free(&h);
		detail(b, 6, "why", nd, "why");
		detail(b, 6, "how", nd, "how");
		free(test);
		free(where);
		free(node);
	}
}

void
ct_ticket_text(struct ct_buf *b, const struct ct_ticket *t)
{
	json_t *vd = NULL, *a;
	char rev[32];
	size_t dlw;
	struct ct_buf tags = CT_BUF_INIT;

	ct_buf_printf(b, "ticket %lld: %s, grade %d, %s\n", t->id, or_dash(t->cause),
		      t->grade, or_dash(ct_status_name(t->status)));
	field(b, "complaint", t->complaint);
	field(b, "msisdn", t->msisdn);
	field(b, "imsi", t->imsi);
	field(b, "cell", t->cell);
	field(b, "rat", t->rat);
	field(b, "phenomenon", t->phenomenon);
	field(b, "class", t->klass);
	field(b, "domain", t->domain);
	field(b, "confidence", t->confidence);
	field(b, "kind", t->kind);
	if (t->repeat_of) {
		char rep[32];

		snprintf(rep, sizeof(rep), "ticket %lld", t->repeat_of);
		field(b, "repeat of", rep);
	}
	if (t->batch)
		field(b, "batch", t->batch);
	if (t->department)
		field(b, "department", t->department);
	if (t->person)
		field(b, "person", t->person);
	if (t->reply_cause)
		field(b, "reply cause", t->reply_cause);
	if (t->result)
		field(b, "result", t->result);
	if (t->satisfaction)
		field(b, "satisfaction", t->satisfaction);
	if (t->time_taken_s) {
		char tt[32];

		ct_fmt_duration(tt, sizeof(tt), t->time_taken_s);
		field(b, "time taken", tt);
	}
	if (t->invalid)
		field(b, "judged", "invalid (the fault is the customer's)");
	if (t->evidence)
		field(b, "evidence", t->evidence);
	field_time(b, "received", 13, t->received_at, NULL);
	field_time(b, "filed", 13, t->filed_at, NULL);
	snprintf(rev, sizeof(rev), " (rev %d)", t->rev);
	field_time(b, "updated", 13, t->updated_at, rev);
	for (size_t i = 0; i < t->ntags; i++) {
		if (i)
			ct_buf_puts(&tags, " ");
		ct_buf_puts(&tags, t->tags[i] ? t->tags[i] : "");
	}
	field(b, "tags", ct_buf_str(&tags));
	ct_buf_free(&tags);
	/* The complainant's own words, from the complaint as received. */
	{
		char *d = ct_doc_string(t->complaint_json, "description");

		if (d && *d)
			field(b, "description", d);
		free(d);
	}

	ct_buf_puts(b, "\nDeadlines\n");
	if (t->ndeadlines == 0)
		ct_buf_puts(b, "  -\n");
	/* Stage names ("progress_report") can be wider than field labels. */
	dlw = 13;
	for (size_t i = 0; i < t->ndeadlines; i++)
		if (width(or_dash(t->deadlines[i].stage)) + 2 > dlw)
			dlw = width(or_dash(t->deadlines[i].stage)) + 2;
	for (size_t i = 0; i < t->ndeadlines; i++)
		field_time(b, or_dash(t->deadlines[i].stage), dlw, t->deadlines[i].due, NULL);

	if (t->verdict_json)
		vd = json_loads(t->verdict_json, 0, NULL);
	if (!json_is_object(vd)) {
		ct_buf_puts(b, t->verdict_json ? "\nDecision path\n  (stored verdict is not a JSON object)\n"
				 : "\nDecision path\n  (no verdict stored)\n");
		json_decref(vd);
		return;
	}
	{
		char *by = jtext(json_object_get(vd, "decided_by"));
		char *rule = jtext(json_object_get(vd, "grade_rule"));

		if (by || rule)
			ct_buf_puts(b, "\nVerdict\n");
		if (by)
			field(b, "decided by", by);
		if (rule)
			field(b, "grade rule", rule);
		free(by);
		free(rule);
	}
	a = json_object_get(vd, "path");
	if (json_is_array(a) && json_array_size(a))
		render_path(b, a);
	else
		ct_buf_puts(b, "\nDecision path\n  -\n");
	a = json_object_get(vd, "needs");
	if (json_is_array(a) && json_array_size(a))
		render_needs(b, a);
	a = json_object_get(vd, "actions");
	if (json_is_array(a) && json_array_size(a)) {
		size_t i;
		json_t *x;

		ct_buf_puts(b, "\nActions\n");
		json_array_foreach(a, i, x) {
			char *s = jtext(x);

			wrap(b, 2, "- ", 2, s ? s : "-");
			free(s);
		}
	}
	json_decref(vd);
}
