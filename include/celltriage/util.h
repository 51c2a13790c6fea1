/*
 * util.h — the error convention and the small helpers every module shares.
 *
 * Errors: a function that can fail returns 0 on success or a negative CT_E*
 * code, and writes a one-line message into a caller-supplied struct ct_err.
 * Messages are lowercase, have no full stop, and start with the place:
 * "complaint.json:3:14: ..." or "store.db: ...". The CLI prints the message
 * and maps the code onto the exit status (CT_EUSAGE -> 1, the rest -> 2).
 *
 * Memory: ct_xmalloc and friends never return NULL; on exhaustion they print
 * "celltriage: out of memory" and exit with status 3 (as git's xmalloc does).
 */
#ifndef CELLTRIAGE_UTIL_H
#define CELLTRIAGE_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum {
	CT_OK = 0,
	CT_EUSAGE = -1,   /* the command line is wrong */
	CT_EINPUT = -2,   /* an input file cannot be read or parsed */
	CT_ESTORE = -3,   /* the ticket store cannot be opened or written */
	CT_EPROFILE = -4, /* the profile is malformed */
	CT_ENOTFOUND = -5 /* a ticket or other named thing does not exist */
};

struct ct_err {
	char msg[1024];
};

/* Formats into err->msg (truncating). Always returns code, so callers can
 * write `return ct_fail(err, CT_EINPUT, "%s:%d: ...", ...)`. */
int ct_fail(struct ct_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void *ct_xmalloc(size_t n);
void *ct_xcalloc(size_t nmemb, size_t size);
void *ct_xrealloc(void *p, size_t n);
/* Grows an array by doubling: *cap is updated; elements are elsize bytes. */
void *ct_xgrow(void *p, size_t need, size_t *cap, size_t elsize);
char *ct_xstrdup(const char *s);
char *ct_xstrndup(const char *s, size_t n);

/*
 * JSON text without a tree (json.c). ct_json_skim: the JSON value at s (white space before it allowed): 1 with *end just
 * after it when this walk is sure jansson parses it alike with
 * JSON_REJECT_DUPLICATES (the grammar of RFC 8259, UTF-8, no U+0000,
 * numbers in range, no key twice in one object, nesting within 64), and
 * *spaced 1 when white space lies between its tokens; 0 when jansson must
 * judge (it may be malformed). s is NUL-terminated.
 */
int ct_json_skim(const char *s, const char **end, int *spaced);
/* The member key of doc's top-level object (its last occurrence, as
 * jansson keeps): 1 with [*vs, *ve) its value's text (both NULL when there
 * is none) and *close at the object's closing brace; 0 when a parser must
 * answer (not an object, an escape in a key, anything the scan is not sure
 * of). */
int ct_json_member(const char *doc, const char *key, const char **vs, const char **ve,
		   const char **close);
/* The string member key of doc's top-level object (its last occurrence,
 * as jansson keeps): 1 with *out set (a copy the caller frees; NULL when
 * there is none or it is not a string); 0 when a parser must answer (not
 * an object, an escape in a key or in that string, anything the scan is
 * not sure of). */
int ct_json_string_member(const char *doc, const char *key, char **out);
/* A copy of the JSON text [s, s + n) without the white space between its
 * tokens (RFC 8259 section 2), strings and their escapes as they are: the
 * text of a value a parser has read whole (on other text, a copy with the
 * same white space dropped). */
char *ct_json_compact(const char *s, size_t n);

/*
 * struct ct_buf — a growable NUL-terminated string. Zero-initialise (or
 * CT_BUF_INIT) before use; ct_buf_free releases it; ct_buf_detach hands the
 * string to the caller, who frees it with free().
 */
struct ct_buf {
	char *s;
	size_t len, cap;
};
#define CT_BUF_INIT { NULL, 0, 0 }

void ct_buf_add(struct ct_buf *b, const char *s, size_t n);
void ct_buf_puts(struct ct_buf *b, const char *s);
/* One byte: the common case (room left) without a call. */
static inline void
ct_buf_putc(struct ct_buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		ct_buf_add(b, &c, 1);
	} else {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	}
}
void ct_buf_printf(struct ct_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ct_buf_vprintf(struct ct_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void ct_buf_reset(struct ct_buf *b);
/* s as a JSON string, quoted and escaped as json_dumps writes one, at the
 * end of b (json.c): 0, or -1 with nothing added when s is not UTF-8 (a
 * string jansson refuses). */
int ct_buf_json_string(struct ct_buf *b, const char *s);
/* The decimal integer [v, ve) (an optional '-', then digits only), as
 * jansson reads a JSON integer, within long long: 0 with *out, else -1
 * (empty, another character, out of range; leading zeros are the
 * caller's to refuse). */
int ct_parse_integer(const char *v, const char *ve, long long *out);
/* v in decimal into buf (at least 21 bytes, NUL-terminated): its length. */
size_t ct_lltoa(long long v, char *buf);
const char *ct_buf_str(const struct ct_buf *b); /* "" when empty */
char *ct_buf_detach(struct ct_buf *b);
void ct_buf_free(struct ct_buf *b);

/*
 * Reads a whole file into memory (NUL-terminated; *len excludes the NUL).
 * Files larger than max bytes are refused. Caller frees *out.
 */
int ct_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct ct_err *err);

/* Formats a double the way the outputs print numbers: shortest form that
 * round-trips for typical field values ("-94", "3.5"). */
void ct_fmt_num(char *dst, size_t n, double v);
/* v in decimal at dst (room for CT_INT_LEN bytes, the NUL included), as
 * "%lld" writes it, without printf's cost; its length. */
#define CT_INT_LEN 21
size_t ct_fmt_int(char *dst, long long v);

/* The latest time any input may hold: 9999-12-31T23:59:59Z (the outputs
 * write a four-digit year, which the imports read back); the earliest is
 * the epoch, 1970-01-01T00:00:00Z. */
#define CT_TIME_MAX 253402300799LL

/*
 * Time zones. Every time is shown, and every zone-less time read, in the
 * process's zone, which ct_zone_set sets once at start, before any thread
 * (it sets TZ: the C library's localtime reads it): the profile's
 * time.zone, or --tz. Nothing else reads TZ's value, so a program that
 * never calls ct_zone_set runs in whatever zone its environment says
 * (the unit tests: UTC).
 *
 * ct_zone_valid: 1 when zone is an IANA name with a file under
 * /usr/share/zoneinfo (Debian's tzdata), 0 when not (a relative name of
 * letters, digits and "/_-+", no "..").
 * ct_zone_set: 0, or -1 when the zone is not valid (nothing changed).
 * ct_zone: the zone set, NULL before any.
 */
#define CT_ZONEINFO "/usr/share/zoneinfo"
int ct_zone_valid(const char *zone);
int ct_zone_set(const char *zone);
const char *ct_zone(void);

/*
 * ISO 8601 ("2026-11-20T09:15:00+08:00", "...Z", or without an offset: a
 * local time of the process's zone). Returns 0 and the UTC epoch seconds,
 * -1 when s is not such a time, or CT_TIME_RANGE when it is one outside
 * the years 1970-9999 (in UTC). ct_parse_time_zoned sets *zoneless (when
 * not NULL) to 1 when s had no offset, so that a reader can say which zone
 * it read it in.
 */
#define CT_TIME_RANGE (-2)
#define CT_TIME_RANGE_WHY "is outside the years 1970-9999"
int ct_parse_time(const char *s, long long *epoch);
int ct_parse_time_zoned(const char *s, long long *epoch, int *zoneless);
/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day 1..31). */
long long ct_days_from_civil(long long y, unsigned m, unsigned d);
/* The start (00:00) of a local date of the process's zone, as epoch
 * seconds; the local date (a day number, as ct_days_from_civil's) of an
 * epoch time. Month boundaries and days of a report are drawn with them. */
long long ct_local_midnight(long long y, unsigned m, unsigned d);
long long ct_local_day(long long epoch);
/* Formats epoch seconds as the local time of the process's zone with its
 * offset: "2026-11-20T09:15:00+08:00"; a zero offset is written "Z"
 * ("2026-11-20T01:15:00Z", ISO 8601's designator for it). A time whose
 * local year would not have four digits is written in UTC. Needs 26 bytes. */
#define CT_TIME_LEN 32
void ct_fmt_time(char *dst, size_t n, long long epoch);
/* The same in UTC whatever the zone: "2026-11-20T01:15:00Z" (a clock that
 * is not UTC's is shown with the Z cut off: a drive-test log's own). */
void ct_fmt_time_utc(char *dst, size_t n, long long epoch);
/* ct_fmt_time's text is the date and time, CT_TIME_BASE_LEN bytes (a
 * four-digit year), then the offset: fractions of a second go between. */
#define CT_TIME_BASE_LEN 19

/*
 * A working-day calendar: the weekdays that are working days, the dates
 * that are holidays (off, whatever their weekday) and the swapped working
 * days (on, whatever their weekday: the weekend days some calendars work
 * to bridge a holiday). Dates are day numbers (ct_days_from_civil), each
 * list sorted; the arrays belong to whoever fills the struct (the profile).
 */
struct ct_calendar {
	unsigned week;           /* bit d set: weekday d works (0 = Sunday .. 6) */
	const long long *off;    /* holidays */
	size_t noff;
	const long long *on;     /* swapped working days */
	size_t non;
};
/* 1 when day (a day number) is a working day of c. */
int ct_working_day(const struct ct_calendar *c, long long day);
/*
 * The time n working days after epoch, in the process's zone: the same
 * local time of day on the n-th working day after epoch's local date
 * (Friday + 3 = Wednesday on a Monday-to-Friday week). A calendar with no
 * working day within ten years of epoch gives epoch + n days.
 */
long long ct_add_working_days(const struct ct_calendar *c, long long epoch, int n);

/* Formats a duration in seconds: "2h15m", "45m", "30s", "-10m" (overdue),
 * "1d2h" (whole hours past a day), "0s". */
void ct_fmt_duration(char *dst, size_t n, long long seconds);

/* Great-circle distance in metres between two WGS84 points (haversine on
 * the IUGG mean Earth radius; good to ~0.5% — enough for site distances). */
double ct_distance_m(double lat1, double lon1, double lat2, double lon2);

/* A dotted name's last component: "field_tests.test_sim_on_site" -> "test_sim_on_site". */
const char *ct_basename_dot(const char *name);

/* Length of the valid UTF-8 sequence at s[0..n) (1-4), or 0 when it is not
 * one (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF): the
 * rule jansson applies to the strings it writes. n must be at least 1. */
size_t ct_utf8_len(const unsigned char *s, size_t n);

/*
 * Text input lines end in LF, CRLF or a lone CR (old Mac tools, some OMC
 * exports): ct_eol returns the first CR or LF in [p, end) (end when none)
 * and sets *next past that line end, a CRLF being one. ct_bom is the length
 * of a UTF-8 byte order mark at the start of [p, p + len): 3 or 0.
 */
const char *ct_eol(const char *p, const char *end, const char **next);
size_t ct_bom(const char *p, size_t len);

/*
 * CSV injection (OWASP "CSV Injection"): a spreadsheet reads a cell that
 * starts with '=', '+', '-', '@', a tab or a CR as a formula. Such a text
 * cell is written with a leading single quote, which spreadsheets show as
 * text and do not print. ct_csv_guarded says whether s is such a cell:
 * its first byte after any leading single quotes is one of those, and s is
 * not a plain decimal number ("-94", "+8613800138000", "1.5e3": no
 * formula). Counting the quotes makes the quote reversible: a value that
 * already starts with "'=" is written "''=", and a reader drops the first
 * quote of a cell exactly when ct_csv_guarded is true of the rest.
 */
int ct_csv_guarded(const char *s);

/*
 * Control characters in text for a terminal: ct_buf_put_text appends s with
 * every C0 control byte (0x00-0x1f), DEL and C1 control (U+0080-U+009F)
 * written as an escape (\n, \t, \e, \x07, \u009b), so
 * that bytes read from a complaint or a capture can neither move the
 * cursor, ring a bell, recolour the terminal nor split an output line.
 * ct_ctrl_char returns the offset of the first C0 control byte or DEL in s,
 * or -1 when s has none: a reader refuses ids and cells with one.
 */
void ct_buf_put_text(struct ct_buf *b, const char *s);
long ct_ctrl_char(const char *s);

/* Value -> name tables (cause codes, enums), with a fallback for unknowns. */
struct ct_name {
	int value;
	const char *name;
};
/* Returns the name for v, or NULL. */
const char *ct_name_of(const struct ct_name *t, int v);
/* Returns the value for name, or -1 when the name is not in the table. */
int ct_value_of(const struct ct_name *t, const char *name);

/*
 * A library loaded when first needed (dl.c): opens soname and puts the
 * address of each of syms[0 .. n-1] (a function's name and the offset of
 * its pointer in table) into table. 0, or -1 with why (one line naming the
 * library and the Debian package that has it).
 */
struct ct_dl_sym {
	const char *name;
	size_t off;
};
int ct_dl_fill(const char *soname, const char *package, const struct ct_dl_sym *syms, size_t n,
	       void *table, char *why, size_t wn);
/* The same once per library, safe from any thread: 0, or -1 with lib->why. */
struct ct_dl_lib {
	const char *soname, *package;
	const struct ct_dl_sym *syms;
	size_t nsyms;
	void *table;
	pthread_mutex_t lock;      /* PTHREAD_MUTEX_INITIALIZER */
	int tried, failed;
	char why[256];
};
int ct_dl_load(struct ct_dl_lib *lib);
/* ct_dl_load, its refusal in why as "WHAT: <the reason>" (what: who needs
 * the library, "captures need libpcap"). */
int ct_dl_need(struct ct_dl_lib *lib, const char *what, char *why, size_t n);

/*
 * A loaded library's table, from an X-macro list of the functions called,
 * each X(return type, name, parameters) (src/store/pq.h):
 *   struct t { FUNCS(CT_DL_MEMBER) };         the function pointers
 *   #define CT_DL_TABLE struct t
 *   static const struct ct_dl_sym syms[] = { FUNCS(CT_DL_SYM) };
 *   static struct ct_dl_lib lib = CT_DL_LIB("libx.so.1", "libx1", syms, &table);
 */
#define CT_DL_MEMBER(ret, name, params) ret (*name) params;
#define CT_DL_SYM(ret, name, params) { #name, offsetof(CT_DL_TABLE, name) },
#define CT_DL_LIB(soname, package, syms, table) \
	{ soname, package, syms, sizeof(syms) / sizeof((syms)[0]), table, \
	  PTHREAD_MUTEX_INITIALIZER, 0, 0, "" }

#endif
