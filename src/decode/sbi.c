/*
 * sbi.c — 5G core service-based interface messages (3GPP TS 29.500 v17):
 * HTTP requests and responses of the NF services (Nudm, Nausf, Namf,
 * Nsmf, Npcf ...), their ProblemDetails causes (TS 29.500 §5.2.7.2, TS
 * 29.571 §5.2.4.1) and the NAS-5GS / NGAP parts of multipart/related
 * bodies (RFC 2387, TS 29.502 §6.1.2.4, TS 29.518 §6.1.2.4).
 *
 * The message is text (decode.h: an HTTP/1.1 message, or an HTTP/2 stream
 * as http2.c writes it):
 *
 *     start-line CRLF            "HTTP/1.1 404 Not Found", "GET /p HTTP/1.1"
 *   | ":status: 404" CRLF ...    HTTP/2 pseudo-headers (RFC 9113 §8.3)
 *     *( field-name ": " field-value CRLF )
 *     CRLF
 *     body                       application/problem+json, application/json,
 *                                multipart/related; boundary=...
 *
 *   multipart/related (RFC 2046 §5.1.1):
 *     "--" boundary CRLF part-headers CRLF CRLF part-body CRLF
 *     "--" boundary CRLF ... "--" boundary "--"
 *
 * Every response's status is a cause (a failure from 400 up, RFC 9110
 * §15); an error response's ProblemDetails "cause" (the body, or the
 * "error" member of a JSON part of a multipart error body: TS 29.502
 * §6.1.6.2.7 SmContextCreateError) is a second one, group "problem",
 * numbered by the table below. The service is the first segment of the request's path
 * (TS 29.501 §4.4.1: {apiRoot}/{apiName}/{apiVersion}/...). SUPI, GPSI
 * and PEI (TS 29.571 §5.3.2: "imsi-...", "msisdn-...", "imei-...",
 * "imeisv-...") are taken from the path and from the JSON members that
 * name them.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/decode.h"
#include "text.h"

#define HTTP_HEAD_MAX (64u << 10)  /* header section on a stream */
#define HTTP_BODY_MAX (1u << 20)   /* Content-Length followed on a stream */
#define JSON_MAX (256u << 10)      /* a JSON body or part parsed */
#define JSON_DEPTH 8               /* members looked for identities this deep */
#define JSON_MEMBERS 512           /* members looked at per document */
#define PARTS_MAX 8                /* multipart parts read */
#define BOUNDARY_MAX 70            /* RFC 2046 §5.1.1 */

/*
 * ProblemDetails causes, numbered by celltriage (stable: profiles name
 * them): 1000-1099 TS 29.500 Table 5.2.7.2-1 (any service), 1100-1199
 * subscription and authorisation (TS 29.503 Nudm, TS 29.509 Nausf, TS
 * 29.502 Nsmf, TS 29.507/29.512 Npcf), 1200-1299 resources and load,
 * 1300-1399 the other causes of Namf (TS 29.518) and Nsmf (TS 29.502).
 */
static const struct ct_name sbi_causes[] = {
	{ 1000, "INVALID_API" },
	{ 1001, "INVALID_MSG_FORMAT" },
	{ 1002, "INVALID_QUERY_PARAM" },
	{ 1003, "MANDATORY_QUERY_PARAM_INCORRECT" },
	{ 1004, "OPTIONAL_QUERY_PARAM_INCORRECT" },
	{ 1005, "MANDATORY_QUERY_PARAM_MISSING" },
	{ 1006, "MANDATORY_IE_INCORRECT" },
	{ 1007, "OPTIONAL_IE_INCORRECT" },
	{ 1008, "MANDATORY_IE_MISSING" },
	{ 1009, "UNSPECIFIED_MSG_FAILURE" },
	{ 1010, "RESOURCE_CONTEXT_NOT_FOUND" },
	{ 1011, "CCA_VERIFICATION_FAILURE" },
	{ 1012, "TOKEN_CCA_MISMATCH" },
	{ 1013, "MODIFICATION_NOT_ALLOWED" },
	{ 1014, "SUBSCRIPTION_NOT_FOUND" },
	{ 1015, "RESOURCE_URI_STRUCTURE_NOT_FOUND" },
	{ 1016, "INCORRECT_LENGTH" },
	{ 1017, "UNSPECIFIED_NF_FAILURE" },
	{ 1018, "SYSTEM_FAILURE" },
	{ 1019, "NF_FAILOVER" },
	{ 1020, "NF_SERVICE_FAILOVER" },
	{ 1021, "TARGET_NF_NOT_REACHABLE" },
	{ 1022, "TIMED_OUT_REQUEST" },
	{ 1023, "CONTEXT_NOT_FOUND" },
	{ 1024, "NF_CONSUMER_REDIRECT_ONE_TXN" },
	{ 1100, "USER_NOT_FOUND" },
	{ 1101, "DATA_NOT_FOUND" },
	{ 1102, "UNKNOWN_5GS_SUBSCRIPTION" },
	{ 1103, "NO_PS_SUBSCRIPTION" },
	{ 1104, "ROAMING_NOT_ALLOWED" },
	{ 1105, "ACCESS_NOT_ALLOWED" },
	{ 1106, "RAT_NOT_ALLOWED" },
	{ 1107, "DNN_NOT_ALLOWED" },
	{ 1108, "SUBSCRIPTION_DENIED" },
	{ 1109, "DNN_DENIED" },
	{ 1110, "SNSSAI_DENIED" },
	{ 1111, "PDUTYPE_DENIED" },
	{ 1112, "SSC_DENIED" },
	{ 1113, "USER_UNKNOWN" },
	{ 1114, "AUTHENTICATION_REJECTED" },
	{ 1115, "SERVING_NETWORK_NOT_AUTHORIZED" },
	{ 1116, "INVALID_HN_PUBLIC_KEY_IDENTIFIER" },
	{ 1117, "INVALID_SCHEME_OUTPUT" },
	{ 1118, "POLICY_CONTEXT_DENIED" },
	{ 1119, "DNN_NOT_SUPPORTED" },
	{ 1120, "PDUTYPE_NOT_SUPPORTED" },
	{ 1121, "SSC_NOT_SUPPORTED" },
	{ 1200, "INSUFFICIENT_RESOURCES" },
	{ 1201, "NF_CONGESTION" },
	{ 1202, "NF_CONGESTION_RISK" },
	{ 1203, "INSUFFICIENT_RESOURCES_SLICE" },
	{ 1204, "INSUFFICIENT_RESOURCES_SLICE_DNN" },
	{ 1205, "EXCEEDED_UE_SLICE_DATA_RATE" },
	{ 1206, "EXCEEDED_SLICE_DATA_RATE" },
	{ 1207, "MAX_NUMBER_OF_PDU_SESSIONS_REACHED" },
	{ 1300, "UE_NOT_REACHABLE" },
	{ 1301, "ATTEMPTING_TO_REACH_UE" },
	{ 1302, "UE_IN_CM_IDLE_STATE" },
	{ 1303, "HIGHER_PRIORITY_REQUEST_ONGOING" },
	{ 1304, "TEMPORARY_REJECT_REGISTRATION_ONGOING" },
	{ 1305, "TEMPORARY_REJECT_HANDOVER_ONGOING" },
	{ 1306, "N1_MSG_NOT_TRANSFERRED" },
	{ 1307, "N1_SM_ERROR" },
	{ 1308, "N2_SM_ERROR" },
	{ 1309, "OUT_OF_LADN_SERVICE_AREA" },
	{ 1310, "PRIORITIZED_SERVICES_ONLY" },
	{ 1311, "UNABLE_TO_PAGE_UE" },
	{ 1312, "UE_NOT_RESPONDING" },
	{ 1313, "REJECTED_BY_UE" },
	{ 1314, "NETWORK_FAILURE" },
	{ 1315, "PEER_NOT_RESPONDING" },
	{ 1316, "HOME_ROUTED_ROAMING_REQUIRED" },
	{ 1317, "PDU_SESSION_ANCHOR_CHANGE" },
	{ 1318, "HANDOVER_RESOURCE_ALLOCATION_FAILURE" },
	{ 1319, "REJECTION_DUE_TO_PAGING_RESTRICTION" },
	{ 1320, "ERROR_INITIAL_PARAMETERS" },
	{ 1321, "ERROR_TRIGGER_EVENT" },
	{ 1322, "PDU_SESSION_NOT_AVAILABLE" },
	{ 0, NULL }
};

/* RFC 9110 §15 (and RFC 6585 §4 429; RFC 9113 §8.7's 421). */
static const struct ct_name http_statuses[] = {
	{ 100, "Continue" },
	{ 200, "OK" },
	{ 201, "Created" },
	{ 202, "Accepted" },
	{ 204, "No Content" },
	{ 206, "Partial Content" },
	{ 300, "Multiple Choices" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 304, "Not Modified" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 408, "Request Timeout" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 411, "Length Required" },
	{ 412, "Precondition Failed" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 421, "Misdirected Request" },
	{ 429, "Too Many Requests" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
	{ 0, NULL }
};

const struct ct_name *ct_sbi_cause_table(void) { return sbi_causes; }
const struct ct_name *ct_http_status_table(void) { return http_statuses; }

/* A span of the message (not NUL-terminated). */
struct span {
	const char *p;
	size_t n;
};

struct http_msg {
	int version2;               /* from HTTP/2 (pseudo-headers) */
	unsigned status;            /* response, 0 request */
	struct span method, path, ctype, body;
	int have_clen;
	size_t clen;
	int chunked;                /* Transfer-Encoding: chunked (RFC 9112 §7.1) */
	size_t head_len;            /* start line and fields, with the blank line */
};

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* Whether s (n bytes) starts with the NUL-terminated t, case-insensitively. */
static int
starts_ci(const char *s, size_t n, const char *t)
{
	size_t i = 0;

	for (; t[i]; i++)
		if (i >= n || lower((unsigned char)s[i]) != lower((unsigned char)t[i]))
			return 0;
	return 1;
}

/* Whether the media type s (n bytes, no parameters) is t (RFC 9110 §8.3.1:
 * case-insensitive). */
static int
is_type(const char *s, size_t n, const char *t)
{
	return n == strlen(t) && starts_ci(s, n, t);
}

static struct span
trim(struct span s)
{
	while (s.n && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.n--;
	}
	while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

/* The line at s[*at..n) without its CRLF (or bare LF); *at moves past it.
 * -1 when no line end is within the bytes. */
static int
next_line(const char *s, size_t n, size_t *at, struct span *line)
{
	const char *lf = memchr(s + *at, '\n', n - *at);
	size_t len;

	if (!lf)
		return -1;
	len = (size_t)(lf - (s + *at));
	line->p = s + *at;
	line->n = len && line->p[len - 1] == '\r' ? len - 1 : len;
	*at += len + 1;
	return 0;
}

static int
parse_uint(struct span s, size_t max, size_t *out)
{
	size_t v = 0;

	if (!s.n)
		return -1;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		if (v > (max - (size_t)(s.p[i] - '0')) / 10)
			return -1;
		v = v * 10 + (size_t)(s.p[i] - '0');
	}
	*out = v;
	return 0;
}

/* RFC 9110 §9.3 methods, and the extension PATCH (RFC 5789) the SBI uses. */
static const char *const methods[] = { "GET ", "POST ", "PUT ", "PATCH ", "DELETE ",
				       "HEAD ", "OPTIONS ", NULL };

/* The start line of an HTTP/1.1 message: status or method and target. */
static enum ct_dec_status
start_line(struct span l, struct http_msg *m)
{
	if (l.n >= 12 && memcmp(l.p, "HTTP/1.", 7) == 0 && l.p[8] == ' ') {
		size_t st;
		struct span code = { l.p + 9, 3 };

		if (parse_uint(code, 999, &st) != 0 || st < 100 || (l.n > 12 && l.p[12] != ' '))
			return CT_DEC_MALFORMED;
		m->status = (unsigned)st;
		return CT_DEC_OK;
	}
	for (unsigned i = 0; methods[i]; i++) {
		size_t ml = strlen(methods[i]);
		const char *sp;

		if (l.n <= ml || memcmp(l.p, methods[i], ml) != 0)
			continue;
		m->method.p = l.p;
		m->method.n = ml - 1;
		sp = memchr(l.p + ml, ' ', l.n - ml);
		if (!sp || l.p[ml] != '/' || (size_t)(l.p + l.n - sp) < 9 ||
		    memcmp(sp + 1, "HTTP/1.", 7) != 0)
			return CT_DEC_MALFORMED;
		m->path.p = l.p + ml;
		m->path.n = (size_t)(sp - (l.p + ml));
		return CT_DEC_OK;
	}
	return CT_DEC_MALFORMED;
}

/* The start line (or pseudo-headers) and fields; m->body is what follows
 * the blank line. CT_DEC_TRUNCATED when the blank line is not there. */
static enum ct_dec_status
parse_head(const char *s, size_t n, struct http_msg *m)
{
	size_t at = 0;
	struct span l;
	unsigned lines = 0;

	memset(m, 0, sizeof(*m));
	if (n && s[0] == ':') {
		m->version2 = 1;
	} else {
		if (next_line(s, n, &at, &l) != 0)
			return CT_DEC_TRUNCATED;
		if (start_line(l, m) != CT_DEC_OK)
			return CT_DEC_MALFORMED;
	}
	for (;;) {
		const char *colon;
		struct span name, value;

		if (next_line(s, n, &at, &l) != 0)
			return CT_DEC_TRUNCATED;
		if (l.n == 0)
			break;
		if (++lines > 512)
			return CT_DEC_MALFORMED;
		/* A pseudo-header's name starts with its colon. */
		colon = memchr(l.p + (l.p[0] == ':'), ':', l.n - (l.p[0] == ':'));
		if (!colon)
			return CT_DEC_MALFORMED;
		name.p = l.p;
		name.n = (size_t)(colon - l.p);
		value.p = colon + 1;
		value.n = l.n - name.n - 1;
		value = trim(value);
		if (name.n == 7 && memcmp(name.p, ":status", 7) == 0) {
			size_t st;

			if (parse_uint(value, 999, &st) != 0 || st < 100)
				return CT_DEC_MALFORMED;
			m->status = (unsigned)st;
		} else if (name.n == 7 && memcmp(name.p, ":method", 7) == 0) {
			m->method = value;
		} else if (name.n == 5 && memcmp(name.p, ":path", 5) == 0) {
			m->path = value;
		} else if (name.n == 12 && starts_ci(name.p, name.n, "content-type")) {
			m->ctype = value;
		} else if (name.n == 17 && starts_ci(name.p, name.n, "transfer-encoding")) {
			/* RFC 9112 §6.1: chunked is the last coding when present. */
			m->chunked = value.n >= 7 &&
				     starts_ci(value.p + value.n - 7, 7, "chunked");
		} else if (name.n == 14 && starts_ci(name.p, name.n, "content-length")) {
			if (parse_uint(value, (size_t)-1 / 2, &m->clen) != 0)
				return CT_DEC_MALFORMED;
			m->have_clen = 1;
		}
	}
	m->head_len = at;
	m->body.p = s + at;
	m->body.n = n - at;
	return CT_DEC_OK;
}

/* RFC 9112 §7.1: the length of the chunked body at s[at..n):
 *   *( chunk-size [ ext ] CRLF chunk-data CRLF ) "0" [ ext ] CRLF
 *   *( trailer-field CRLF ) CRLF
 * 0 when more bytes are needed, (size_t)-1 when it is not one. With out
 * (room for n - at bytes: the data is never longer than its coding), the
 * chunks' data is copied there as it is walked, *outn its length: what
 * was read before the end or a fault. A chunk size is at most 8 hex digits
 * and the data at most HTTP_BODY_MAX. */
static size_t
chunked_walk(const char *s, size_t n, size_t at, char *out, size_t *outn)
{
	size_t start = at;
	struct span l;

	for (unsigned i = 0; i < 100000; i++) {
		size_t size = 0, k = 0;

		if (next_line(s, n, &at, &l) != 0)
			return n - start > HTTP_BODY_MAX ? (size_t)-1 : 0;
		for (; k < l.n && k < 8; k++) {
			char ch = (char)lower((unsigned char)l.p[k]);

			if (ch >= '0' && ch <= '9')
				size = size * 16 + (size_t)(ch - '0');
			else if (ch >= 'a' && ch <= 'f')
				size = size * 16 + (size_t)(ch - 'a' + 10);
			else
				break;
		}
		if (k == 0 || (k < l.n && l.p[k] != ';' && l.p[k] != ' ' && l.p[k] != '\t'))
			return (size_t)-1;
		if (size == 0) {
			do {
				if (next_line(s, n, &at, &l) != 0)
					return 0;
			} while (l.n);
			return at - start;
		}
		if (size > HTTP_BODY_MAX || at - start + size > HTTP_BODY_MAX)
			return (size_t)-1;
		if (out) { /* the chunk, or what there is of it */
			size_t have = n - at < size ? n - at : size;

			memcpy(out + *outn, s + at, have);
			*outn += have;
		}
		if (size + 2 > n - at)
			return 0;
		at += size;
		if (s[at] != '\r' || s[at + 1] != '\n')
			return (size_t)-1;
		at += 2;
	}
	return (size_t)-1;
}

static size_t
chunked_len(const char *s, size_t n, size_t at)
{
	return chunked_walk(s, n, at, NULL, NULL);
}

size_t
ct_http1_frame_len(const uint8_t *p, size_t len)
{
	struct http_msg m;
	enum ct_dec_status st;

	if (len && p[0] == ':')
		return (size_t)-1; /* the HTTP/2 text form is never on the wire */
	st = parse_head((const char *)p, len, &m);
	if (st == CT_DEC_TRUNCATED) {
		/* Malformed once the start line is there and wrong. */
		struct http_msg t;
		size_t at = 0;
		struct span l;

		if (next_line((const char *)p, len, &at, &l) == 0 &&
		    start_line(l, &t) != CT_DEC_OK)
			return (size_t)-1;
		return len >= HTTP_HEAD_MAX ? (size_t)-1 : 0;
	}
	if (st != CT_DEC_OK || m.head_len > HTTP_HEAD_MAX || m.clen > HTTP_BODY_MAX)
		return (size_t)-1;
	if (m.chunked) {
		size_t b = chunked_len((const char *)p, len, m.head_len);

		return b == 0 || b == (size_t)-1 ? b : m.head_len + b;
	}
	/* RFC 9112 §6.3: without Content-Length (and not chunked, which is
	 * not followed) a request has no body; a response would run to the
	 * end of the connection, taken here as ending with its fields. */
	if (m.clen > len - m.head_len)
		return 0;
	return m.head_len + m.clen;
}

int
ct_http1_sniff(const uint8_t *p, size_t len)
{
	const char *s = (const char *)p;
	size_t at = 0;
	struct span l;
	struct http_msg m;

	if (len < 12 || next_line(s, len < 1024 ? len : 1024, &at, &l) != 0)
		return 0;
	memset(&m, 0, sizeof(m));
	return start_line(l, &m) == CT_DEC_OK;
}

/* Adds the identity that an SBI string names (TS 29.571 §5.3.2 Supi,
 * Gpsi, Pei; TS 29.503 §6.1.3.x SUCI in a ueId): "imsi-<digits>" ... */
static void
add_ident(struct ct_dissect *d, const char *s, size_t n)
{
	static const struct {
		const char *prefix;
		enum ct_id_kind kind;
		int digits;
	} kinds[] = {
		{ "imsi-", CT_ID_IMSI, 1 },   { "msisdn-", CT_ID_MSISDN, 1 },
		{ "imeisv-", CT_ID_IMEI, 1 }, { "imei-", CT_ID_IMEI, 1 },
		{ "suci-", CT_ID_SUCI, 0 },
	};
	char buf[64];

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t pl = strlen(kinds[k].prefix), vn;

		if (n <= pl || memcmp(s, kinds[k].prefix, pl) != 0)
			continue;
		vn = n - pl;
		if (vn >= sizeof(buf) || (kinds[k].digits && vn > 16))
			return;
		for (size_t i = 0; i < vn; i++) {
			char ch = s[pl + i];

			if (kinds[k].digits ? (ch < '0' || ch > '9')
					    : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
						(ch >= 'A' && ch <= 'Z') || ch == '-'))
				return;
		}
		memcpy(buf, s + pl, vn);
		buf[vn] = '\0';
		ct_dissect_add_id(d, kinds[k].kind, buf);
		return;
	}
}

/* The service (the path's first segment) and the identities among its
 * segments (e.g. /nudm-sdm/v2/imsi-001010000000001/am-data). */
static void
read_path(struct span path, struct ct_dissect *d, char *service, size_t sn)
{
	size_t i = 0, seg = 0;
	const char *q = memchr(path.p, '?', path.n);

	if (q)
		path.n = (size_t)(q - path.p);
	service[0] = '\0';
	while (i < path.n && seg < 16) {
		size_t start, len;

		while (i < path.n && path.p[i] == '/')
			i++;
		start = i;
		while (i < path.n && path.p[i] != '/')
			i++;
		len = i - start;
		if (!len)
			break;
		if (seg == 0 && len < sn) {
			memcpy(service, path.p + start, len);
			service[len] = '\0';
		} else {
			add_ident(d, path.p + start, len);
		}
		seg++;
	}
}

/* The JSON members naming a subscriber (TS 29.571: supi, gpsi, pei; ueId
 * of Nudm/Nausf), anywhere in the document, bounded in depth and count;
 * and the type of the N2 SM information a part carries (TS 29.502
 * n2SmInfoType, TS 29.518 ngapIeType), into *n2type. */
static void
json_idents(json_t *v, unsigned depth, unsigned *budget, struct ct_dissect *d,
	    const char **n2type)
{
	const char *key;
	json_t *m;
	size_t i;

	if (depth > JSON_DEPTH || !*budget)
		return;
	if (json_is_object(v)) {
		json_object_foreach(v, key, m) {
			if (!*budget)
				return;
			(*budget)--;
			if (json_is_string(m) &&
			    (!strcmp(key, "supi") || !strcmp(key, "gpsi") || !strcmp(key, "pei") ||
			     !strcmp(key, "ueId") || !strcmp(key, "supiOrSuci")))
				add_ident(d, json_string_value(m), json_string_length(m));
			else if (json_is_string(m) &&
				 (!strcmp(key, "n2SmInfoType") || !strcmp(key, "ngapIeType")))
				*n2type = json_string_value(m);
			else if (json_is_object(m) || json_is_array(m))
				json_idents(m, depth + 1, budget, d, n2type);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m) {
			if (!*budget)
				return;
			(*budget)--;
			json_idents(m, depth + 1, budget, d, n2type);
		}
	}
}

/* The ProblemDetails of v: v itself, or its "error" member (an error body
 * that carries N1/N2 content beside it, TS 29.502 §6.1.6.2.7). Its cause
 * string, NULL when none. */
static const char *
problem_cause(json_t *v)
{
	json_t *c = json_object_get(v, "cause");
	json_t *e;

	if (json_is_string(c))
		return json_string_value(c);
	e = json_object_get(v, "error");
	c = json_object_get(e, "cause");
	return json_is_string(c) ? json_string_value(c) : NULL;
}

struct sbi_ctx {
	struct ct_dissect *d;
	unsigned status;
	const char *cause;          /* from a JSON body or part, into json below */
	const char *n2type;         /* the N2 SM information's type, likewise */
	json_t *json[PARTS_MAX + 1];
	unsigned njson;
	enum ct_dec_status inner;   /* the worst of the parts' decoders */
};

/* A JSON body or part: identities, and an error response's cause. */
static void
read_json(struct sbi_ctx *x, struct span b)
{
	json_t *v;
	unsigned budget = JSON_MEMBERS;

	if (b.n > JSON_MAX || x->njson >= sizeof(x->json) / sizeof(x->json[0])) {
		x->inner = CT_DEC_UNSUPPORTED;
		return;
	}
	v = json_loadb(b.p, b.n, JSON_DISABLE_EOF_CHECK, NULL);
	if (!v) {
		x->inner = CT_DEC_MALFORMED;
		return;
	}
	x->json[x->njson++] = v; /* kept for the cause string, freed at the end */
	json_idents(v, 0, &budget, x->d, &x->n2type);
	if (x->status >= 400 && !x->cause)
		x->cause = problem_cause(v);
}

static void
worse(struct sbi_ctx *x, enum ct_dec_status st)
{
	if (st != CT_DEC_OK && x->inner == CT_DEC_OK)
		x->inner = st;
}

/* One body (or part) by its media type. */
static void
read_body(struct sbi_ctx *x, struct span ctype, struct span b, int depth);

/* The boundary parameter of a multipart media type (RFC 2046 §5.1.1),
 * quoted or not. */
static int
boundary_of(struct span ct, char *out, size_t n)
{
	for (size_t i = 0; i + 9 <= ct.n; i++) {
		size_t j, len = 0;

		if (!starts_ci(ct.p + i, ct.n - i, "boundary="))
			continue;
		j = i + 9;
		if (j < ct.n && ct.p[j] == '"') {
			j++;
			while (j + len < ct.n && ct.p[j + len] != '"')
				len++;
		} else {
			while (j + len < ct.n && ct.p[j + len] != ';' && ct.p[j + len] != ' ')
				len++;
		}
		if (!len || len > BOUNDARY_MAX || len >= n)
			return -1;
		memcpy(out, ct.p + j, len);
		out[len] = '\0';
		return 0;
	}
	return -1;
}

/* Finds "--boundary" in s[from..n) at a line start; its offset or n. */
static size_t
find_delim(const char *s, size_t n, size_t from, const char *bd, size_t bl)
{
	for (size_t i = from; i + 2 + bl <= n; i++) {
		if (s[i] != '-' || s[i + 1] != '-' || memcmp(s + i + 2, bd, bl) != 0)
			continue;
		if (i == 0 || s[i - 1] == '\n')
			return i;
	}
	return n;
}

static void
read_multipart(struct sbi_ctx *x, struct span ctype, struct span b, int depth)
{
	char bd[BOUNDARY_MAX + 1];
	size_t bl, at, parts = 0;

	if (boundary_of(ctype, bd, sizeof(bd)) != 0) {
		worse(x, CT_DEC_MALFORMED);
		return;
	}
	bl = strlen(bd);
	at = find_delim(b.p, b.n, 0, bd, bl);
	while (at < b.n && parts < PARTS_MAX) {
		size_t start = at + 2 + bl, next, hend;
		struct span line, pct = { NULL, 0 }, part;

		if (start + 2 <= b.n && b.p[start] == '-' && b.p[start + 1] == '-')
			return; /* the close delimiter */
		/* Past the rest of the delimiter line. */
		if (next_line(b.p, b.n, &start, &line) != 0)
			break;
		next = find_delim(b.p, b.n, start, bd, bl);
		/* The part's fields, then its body up to the CRLF before the
		 * next delimiter (RFC 2046 §5.1.1: it belongs to the delimiter). */
		hend = start;
		for (;;) {
			if (hend >= next || next_line(b.p, next, &hend, &line) != 0) {
				worse(x, CT_DEC_MALFORMED);
				return;
			}
			if (line.n == 0)
				break;
			if (starts_ci(line.p, line.n, "content-type:")) {
				pct.p = line.p + 13;
				pct.n = line.n - 13;
				pct = trim(pct);
			}
		}
		part.p = b.p + hend;
		part.n = next - hend;
		if (part.n && part.p[part.n - 1] == '\n')
			part.n--;
		if (part.n && part.p[part.n - 1] == '\r')
			part.n--;
		read_body(x, pct, part, depth + 1);
		parts++;
		at = next;
	}
	if (at >= b.n)
		worse(x, CT_DEC_TRUNCATED); /* no close delimiter */
}

static void
read_body(struct sbi_ctx *x, struct span ctype, struct span b, int depth)
{
	size_t n = ctype.n;
	const char *semi = ctype.p ? memchr(ctype.p, ';', ctype.n) : NULL;

	if (!b.n || !ctype.p)
		return;
	if (semi)
		n = (size_t)(semi - ctype.p);
	while (n && ctype.p[n - 1] == ' ')
		n--;
	/* TS 29.500 §5.4: application/json, application/problem+json,
	 * multipart/related; TS 29.502 / 29.518: the 3GPP NAS and NGAP types. */
	if (is_type(ctype.p, n, "application/json") ||
	    is_type(ctype.p, n, "application/problem+json")) {
		read_json(x, b);
	} else if (is_type(ctype.p, n, "multipart/related") && depth == 0) {
		read_multipart(x, ctype, b, depth);
	} else if (is_type(ctype.p, n, "application/vnd.3gpp.5gnas")) {
		worse(x, ct_decode_nas_5gs((const uint8_t *)b.p, b.n, x->d));
	} else if (is_type(ctype.p, n, "application/vnd.3gpp.ngap")) {
		/* A transfer, not an NGAP-PDU (TS 29.502 §6.1.2.4). */
		worse(x, ct_decode_ngap_transfer((const uint8_t *)b.p, b.n, x->n2type, x->d));
	}
}

enum ct_dec_status
ct_decode_sbi(const uint8_t *p, size_t len, struct ct_dissect *d)
{
	struct http_msg m;
	struct sbi_ctx x;
	enum ct_dec_status st;
	char service[48];
	struct ct_tw w;
	char msg[64];
	char *data = NULL;          /* a chunked body's data, decoded */
	enum ct_dec_status coding = CT_DEC_OK;

	const char *proto = len && p[0] == ':' ? "http2" : "http";

	st = parse_head((const char *)p, len, &m);
	d->protocol = proto;
	if (st != CT_DEC_OK)
		return st;
	if (m.have_clen && !m.version2 && m.clen < m.body.n)
		m.body.n = m.clen;
	if (m.chunked && !m.version2) {
		/* RFC 9112 §7.1: the data of the chunks is the body (§6.3:
		 * chunked wins over a Content-Length). The message was framed
		 * by its coding; one cut short or with a chunk size that is
		 * not one reads what came before and says so. */
		size_t dn = 0, r;

		data = malloc(m.body.n ? m.body.n : 1);
		if (!data)
			return CT_DEC_UNSUPPORTED;
		r = chunked_walk(m.body.p, m.body.n, 0, data, &dn);
		coding = r == (size_t)-1 ? CT_DEC_MALFORMED : r == 0 ? CT_DEC_TRUNCATED : CT_DEC_OK;
		m.body.p = data;
		m.body.n = dn;
		m.have_clen = 0;
	}
	d->is_request = m.status == 0;
	d->procedure = m.status;
	service[0] = '\0';
	if (m.path.p)
		read_path(m.path, d, service, sizeof(service));
	ct_tw_init(&w, msg, sizeof(msg));
	if (m.method.p) {
		ct_tw_str(&w, "");
		for (size_t i = 0; i < m.method.n && i < 8; i++)
			ct_tw_char(&w, m.method.p[i]);
		ct_tw_char(&w, ' ');
	}
	ct_tw_str(&w, service[0] ? service : "http");
	if (m.status) {
		ct_tw_char(&w, ' ');
		ct_tw_u64(&w, m.status);
	}
	ct_dissect_set_message(d, msg);

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.status = m.status;
	read_body(&x, m.ctype, m.body, 0);
	d->protocol = proto; /* the parts' decoders name their own */
	if (m.status) {
		int v = x.cause ? ct_value_of(sbi_causes, x.cause) : -1;
		char cm[48];

		ct_tw_init(&w, cm, sizeof(cm));
		ct_tw_str(&w, service[0] ? service : "http");
		ct_tw_char(&w, ' ');
		ct_tw_u64(&w, m.status);
		if (x.cause && v < 0) {
			/* A cause the table does not know: named beside the status. */
			ct_tw_char(&w, ' ');
			ct_tw_str(&w, x.cause);
		}
		ct_dissect_add_cause(d, CT_FAM_SBI, CT_CG_NONE, m.status, cm);
		if (v >= 0)
			ct_dissect_add_cause(d, CT_FAM_SBI, CT_CG_PROBLEM, (uint32_t)v, cm);
	}
	for (unsigned i = 0; i < x.njson; i++)
		json_decref(x.json[i]);
	free(data);
	if (coding != CT_DEC_OK)
		return coding;
	if (m.version2 == 0 && m.have_clen && m.clen > len - m.head_len)
		return CT_DEC_TRUNCATED;
	return x.inner;
}

/* ---- HTTP/1.1 requests and their responses ------------------------------ */

/* RFC 9112 §9.3: a connection's responses come in the order of its
 * requests; the last H1_PENDING requests a direction sent wait for theirs. */
#define H1_PENDING 16u
#define H1_PATH_MAX 256u

struct ct_http1_dir {
	struct {
		char method[16];
		char path[H1_PATH_MAX];
	} q[H1_PENDING];
	unsigned head, n;
};

struct ct_http1_dir *
ct_http1_dir_new(void)
{
	return calloc(1, sizeof(struct ct_http1_dir));
}

void
ct_http1_dir_free(struct ct_http1_dir *h)
{
	free(h);
}

void
ct_http1_message(struct ct_http1_dir *h, struct ct_http1_dir *peer, const uint8_t *p, size_t n,
		 ct_http1_emit emit, void *arg)
{
	struct http_msg m;
	size_t at = 0;
	struct span l;

	if (next_line((const char *)p, n, &at, &l) != 0 || start_line(l, &m) != CT_DEC_OK ||
	    (m.status && m.status < 200)) {
		/* Not a message this pairs (1xx: more responses follow). */
		emit(arg, p, n);
		return;
	}
	memset(&m, 0, sizeof(m));
	(void)start_line(l, &m);
	if (!m.status) {
		unsigned slot;

		if (h->n == H1_PENDING) { /* the oldest is given up */
			h->head = (h->head + 1) % H1_PENDING;
			h->n--;
		}
		slot = (h->head + h->n++) % H1_PENDING;
		memset(&h->q[slot], 0, sizeof(h->q[slot]));
		memcpy(h->q[slot].method, m.method.p,
		       m.method.n < sizeof(h->q[slot].method) ? m.method.n : sizeof(h->q[slot].method) - 1);
		memcpy(h->q[slot].path, m.path.p, m.path.n < H1_PATH_MAX ? m.path.n : H1_PATH_MAX - 1);
		emit(arg, p, n);
		return;
	}
	if (!peer || !peer->n) {
		emit(arg, p, n);
		return;
	}
	{
		unsigned slot = peer->head;
		char extra[H1_PATH_MAX + 48];
		struct ct_tw w;
		size_t en;
		uint8_t *msg;

		peer->head = (peer->head + 1) % H1_PENDING;
		peer->n--;
		ct_tw_init(&w, extra, sizeof(extra));
		ct_tw_str(&w, ":method: ");
		ct_tw_str(&w, peer->q[slot].method);
		ct_tw_str(&w, "\r\n:path: ");
		ct_tw_str(&w, peer->q[slot].path);
		ct_tw_str(&w, "\r\n");
		en = strlen(extra);
		msg = malloc(n + en);
		if (!msg) {
			emit(arg, p, n);
			return;
		}
		/* After the status line: the fields the decoder reads as the
		 * request's (decode.h). */
		memcpy(msg, p, at);
		memcpy(msg + at, extra, en);
		memcpy(msg + at + en, p + at, n - at);
		emit(arg, msg, n + en);
		free(msg);
	}
}
