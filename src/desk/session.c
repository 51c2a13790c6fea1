/*
 * session.c — the console's sign-in: a session cookie and its CSRF token
 * (desk.h).
 *
 *   POST   /session   name and password (JSON, or an HTML form's
 *                     application/x-www-form-urlencoded): a new session,
 *                     its token in the cookie, {name, role, csrf}
 *   GET    /session   the signed-in session's {name, role, csrf}
 *   DELETE /session   signs out (the session's row goes, the cookie too)
 *
 * The cookie:
 *
 *   ct_session=cs_<64 hex>; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict[; Secure]
 *
 * HttpOnly: the page's script never sees the token; SameSite=Strict: no
 * other site's page makes the browser send it; Secure when the server
 * speaks TLS. The session lives DESK_SESSION_S from its sign-in (store.h
 * ct_session_add: a row of the users' tokens marked as a session's).
 *
 * CSRF (the OWASP "signed double submit" pattern, without a cookie of its
 * own): every change a cookie signs in for carries X-CSRF-Token equal to
 * the session's CSRF value, a keyed BLAKE2b (crypto_generichash) of a
 * fixed label under the session token. Only a script of this origin can
 * read it (GET /session, same-origin), so another site's form or script
 * cannot make a change in the user's name even where the browser would
 * send the cookie. Requests signed in with a bearer token need none: no
 * browser adds that header by itself.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "internal.h"

#define COOKIE "ct_session"
/* The label hashed under the session token into the CSRF value. */
#define CSRF_LABEL "celltriage console csrf v1"

void
desk_csrf(const char *token, char out[DESK_CSRF_LEN + 1])
{
	unsigned char h[DESK_CSRF_LEN / 2];

	/* The key is the token's text: 67 bytes, over crypto_generichash's
	 * 64-byte key limit, so its SHA-256 is the key. */
	unsigned char key[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(key, (const unsigned char *)token, strlen(token));
	crypto_generichash(h, sizeof(h), (const unsigned char *)CSRF_LABEL, strlen(CSRF_LABEL),
			   key, sizeof(key));
	sodium_bin2hex(out, DESK_CSRF_LEN + 1, h, sizeof(h));
	sodium_memzero(key, sizeof(key));
}

const char *
desk_session_cookie(const struct desk_req *q)
{
	return MHD_lookup_connection_value(q->conn, MHD_COOKIE_KIND, COOKIE);
}

/* Whether a method changes something (and so needs the CSRF token). */
static int
changes(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

int
desk_session_sign_in(struct desk_req *q, const char *token, struct desk_resp *r)
{
	struct ct_store *st;
	struct ct_err err;
	const char *sent;
	int rc;

	if (!(st = desk_store(q, r)))
		return -1;
	rc = ct_session_check(st, token, (long long)time(NULL), DESK_SESSION_S, &q->user, &err);
	if (rc)
		return desk_sign_in_failed(rc, &err, r);
	q->session = token;
	desk_csrf(token, q->csrf);
	sent = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	if (changes(q->method) &&
	    (!sent || strlen(sent) != DESK_CSRF_LEN || sodium_memcmp(sent, q->csrf, DESK_CSRF_LEN))) {
		desk_error(r, 403, "%s %s: a change needs the X-CSRF-Token header (its value is GET "
			   "/session's csrf)", q->method, q->path);
		return -1;
	}
	return 0;
}

/* The session's answer: {name, role, csrf}. */
static void
session_json(const struct desk_req *q, struct desk_resp *r)
{
	r->json = json_pack("{s:s, s:s, s:s, s:I}", "name", q->user.name, "role",
			    ct_role_name(q->user.role), "csrf", q->csrf, "lifetime_s",
			    (json_int_t)DESK_SESSION_S);
}

/* ---------------------------------------------------------------------
 * Sign-in forms
 */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* application/x-www-form-urlencoded (WHATWG URL, "urlencoded parsing"):
 * the value of key in body (n bytes) decoded into out; 0, or -1 when the
 * key is absent or a %-escape is broken. */
static int
form_value(const char *body, size_t n, const char *key, struct ct_buf *out)
{
	size_t klen = strlen(key), i = 0;

	while (i < n) {
		size_t end = i, eq;

		while (end < n && body[end] != '&')
			end++;
		for (eq = i; eq < end && body[eq] != '='; eq++)
			;
		if (eq - i == klen && !memcmp(body + i, key, klen)) {
			ct_buf_reset(out);
			for (size_t j = eq + 1; j < end; j++) {
				if (body[j] == '+') {
					ct_buf_putc(out, ' ');
				} else if (body[j] == '%') {
					int hi = j + 2 < end ? hexval(body[j + 1]) : -1;
					int lo = j + 2 < end ? hexval(body[j + 2]) : -1;

					if (hi < 0 || lo < 0)
						return -1;
					ct_buf_putc(out, (char)(hi * 16 + lo));
					j += 2;
				} else {
					ct_buf_putc(out, body[j]);
				}
			}
			return 0;
		}
		i = end + 1;
	}
	return -1;
}

/* name and password from the body into the buffers; 0, or -1 with a 400/415. */
static int
credentials(const struct desk_req *q, struct ct_buf *name, struct ct_buf *pw,
	    struct desk_resp *r)
{
	if (q->body_too_big) {
		desk_error(r, 400, "the body is over %d bytes", DESK_BODY_MAX);
		return -1;
	}
	if (desk_content_type_is(q, "application/x-www-form-urlencoded")) {
		if (form_value(q->body, q->nbody, "name", name) ||
		    form_value(q->body, q->nbody, "password", pw)) {
			desk_error(r, 400, "body: name and password are needed");
			return -1;
		}
	} else if (desk_content_type_is(q, "application/json")) {
		json_error_t je;
		json_t *o = json_loadb(q->body, q->nbody, JSON_REJECT_DUPLICATES, &je);
		const char *n = json_string_value(json_object_get(o, "name"));
		const char *p = json_string_value(json_object_get(o, "password"));

		if (!o) {
			desk_error(r, 400, "body:%d:%d: %s", je.line, je.column, je.text);
			return -1;
		}
		if (!n || !p || json_object_size(o) != 2) {
			json_decref(o);
			desk_error(r, 400, "body: {\"name\": ..., \"password\": ...} is expected");
			return -1;
		}
		ct_buf_puts(name, n);
		ct_buf_puts(pw, p);
		json_decref(o);
	} else {
		desk_error(r, 415, "sign in with application/json or an HTML form");
		return -1;
	}
	return 0;
}

/* The Set-Cookie of token (NULL: the one that ends the browser's). */
static void
set_cookie(const struct desk_req *q, const char *token, struct desk_resp *r)
{
	snprintf(r->cookie, sizeof(r->cookie),
		 COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", token ? token : "",
		 token ? DESK_SESSION_S : 0, q->cfg->cert_pem ? "; Secure" : "");
}

static void
session_post(struct desk_req *q, struct desk_resp *r)
{
	struct ct_buf name = CT_BUF_INIT, pw = CT_BUF_INIT;
	char tok[CT_TOKEN_LEN + 1];
	struct ct_store *st;
	struct ct_err err;
	int rc;

	if (credentials(q, &name, &pw, r) != 0)
		goto out;
	if (!(st = desk_store(q, r)))
		goto out;
	rc = ct_user_check_password(st, ct_buf_str(&name), ct_buf_str(&pw), &q->user, &err);
	if (rc == 0)
		rc = ct_session_add(st, q->user.name, (long long)time(NULL), DESK_SESSION_S, tok, &err);
	if (rc == CT_EAUTH) {
		desk_error(r, 401, "%s", err.msg);
	} else if (rc) {
		ct_user_free(&q->user);
		desk_error(r, 503, "%s", err.msg);
	} else {
		desk_csrf(tok, q->csrf);
		set_cookie(q, tok, r);
		sodium_memzero(tok, sizeof(tok));
		r->status = 200;
		session_json(q, r);
	}
out:
	if (pw.s)
		sodium_memzero(pw.s, pw.len);
	ct_buf_free(&name);
	ct_buf_free(&pw);
}

void
session_route(struct desk_req *q, struct desk_resp *r)
{
	const char *cookie = desk_session_cookie(q);
	struct ct_err err;

	if (!strcmp(q->method, "POST")) {
		session_post(q, r);
		return;
	}
	if (strcmp(q->method, "GET") && strcmp(q->method, "DELETE")) {
		r->allow = "GET, POST, DELETE";
		desk_error(r, 405, "%s is not allowed on /session", q->method);
		return;
	}
	if (!cookie) {
		desk_error(r, 401, "no session: sign in (POST /session)");
		return;
	}
	if (desk_session_sign_in(q, cookie, r) != 0)
		return;
	if (!strcmp(q->method, "GET")) {
		r->status = 200;
		session_json(q, r);
	} else if (ct_session_remove(*q->store, cookie, &err) != 0) {
		desk_error(r, 503, "%s", err.msg);
	} else {
		set_cookie(q, NULL, r);
		r->status = 204;
	}
}
