/*
 * users.c — the desk's users and their API tokens (store.h, schema 6).
 *
 *   users       name, role, password (libsodium's argon2id string:
 *               "$argon2id$v=19$m=...,t=...,p=1$salt$hash")
 *   user_token  hash (hex SHA-256 of the token's text), name, created_at;
 *               a console session is a row of its own whose hash is
 *               "session:" and the hex SHA-256 of the session's token
 *               (SESSION_PREFIX), so an API token never signs in as a
 *               cookie nor a session token as a bearer: neither's hash can
 *               take the other's form
 *
 * A password is hashed with crypto_pwhash_str at libsodium's interactive
 * limits (about 64 MiB and a few tens of milliseconds: a sign-in is rare,
 * a guess expensive). A token is 32 random bytes, so a plain SHA-256 of it
 * is enough: there is nothing to guess, and a request checks it in
 * microseconds. Neither a password nor a token is ever stored or printed
 * back.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"

/* Rows of user_token that are console sessions (hash "session:HEX"). */
#define SESSION_PREFIX "session:"

static const struct ct_name roles[] = {
	{ CT_ROLE_VIEWER, "viewer" },
	{ CT_ROLE_OPERATOR, "operator" },
	{ CT_ROLE_ADMIN, "admin" },
	{ 0, NULL }
};

const char *
ct_role_name(enum ct_role r)
{
	for (size_t i = 0; roles[i].name; i++)
		if (roles[i].value == (int)r)
			return roles[i].name;
	return NULL;
}

enum ct_role
ct_role_from_name(const char *name)
{
	for (size_t i = 0; name && roles[i].name; i++)
		if (strcmp(roles[i].name, name) == 0)
			return (enum ct_role)roles[i].value;
	return CT_ROLE_NONE;
}

void
ct_user_free(struct ct_user *u)
{
	free(u->name);
	memset(u, 0, sizeof(*u));
}

void
ct_users_free(struct ct_user *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ct_user_free(&v[i]);
	free(v);
}

static int
crypto_ready(struct ct_err *err)
{
	/* 0: initialised now, 1: already; safe to call from several threads. */
	if (sodium_init() < 0)
		return ct_fail(err, CT_ESTORE, "libsodium cannot be initialised");
	return 0;
}

static int
check_name(const char *name, struct ct_err *err)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > CT_USER_NAME_MAX)
		return ct_fail(err, CT_EUSAGE, "a user name is 1 to %d characters", CT_USER_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '@' || c == '-'))
			return ct_fail(err, CT_EUSAGE, "user name '%s': only letters, digits and . _ @ -",
				       name);
	}
	return 0;
}

/* The argon2id string of password into out (crypto_pwhash_STRBYTES). */
static int
hash_password(const char *password, char *out, struct ct_err *err)
{
	size_t n = strlen(password);

	if (n < CT_PASSWORD_MIN || n > CT_PASSWORD_MAX)
		return ct_fail(err, CT_EUSAGE, "a password is %d to %d bytes", CT_PASSWORD_MIN,
			       CT_PASSWORD_MAX);
	if (crypto_ready(err))
		return CT_ESTORE;
	if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ct_fail(err, CT_ESTORE, "out of memory hashing the password");
	return 0;
}

/* The stored form of a token: 64 hex digits of its SHA-256. */
static void
token_hash(const char *token, char hex[2 * crypto_hash_sha256_BYTES + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, h, sizeof(h));
}

int
ct_user_add(struct ct_store *s, const char *name, enum ct_role role, const char *password,
	    long long now, struct ct_err *err)
{
	char h[crypto_pwhash_STRBYTES];
	const struct st_param p[] = { ST_TEXT(name), ST_TEXT(ct_role_name(role)), ST_TEXT(h),
				      ST_INT(now) };
	long long changed = 0;
	int rc;

	if ((rc = check_name(name, err)) != 0)
		return rc;
	if (!ct_role_name(role))
		return ct_fail(err, CT_EUSAGE, "user %s: no role", name);
	if ((rc = hash_password(password, h, err)) != 0)
		return rc;
	rc = st_write_one(s, "INSERT INTO users (name, role, password, created_at)"
			  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO NOTHING", p, 4, &changed, err);
	sodium_memzero(h, sizeof(h));
	if (rc == 0 && changed == 0)
		rc = ct_fail(err, CT_ESTATE, "user %s exists", name);
	return rc;
}

int
ct_user_passwd(struct ct_store *s, const char *name, const char *password, struct ct_err *err)
{
	char h[crypto_pwhash_STRBYTES];
	const struct st_param p[] = { ST_TEXT(name), ST_TEXT(h) };
	long long changed = 0;
	int rc;

	if ((rc = hash_password(password, h, err)) != 0)
		return rc;
	rc = st_write_one(s, "UPDATE users SET password = ?2 WHERE name = ?1", p, 2, &changed, err);
	sodium_memzero(h, sizeof(h));
	if (rc == 0 && changed == 0)
		rc = ct_fail(err, CT_ENOTFOUND, "user %s not found", name);
	return rc;
}

struct remove_arg {
	const char *name;
	long long changed;
};

/* The user and its tokens, in one transaction. */
static int
remove_txn(st_db *db, void *arg)
{
	struct remove_arg *a = arg;
	const struct st_param p[] = { ST_TEXT(a->name) };
	int rc = st_run(db, "DELETE FROM user_token WHERE name = ?1", p, 1, NULL);

	return rc == SQLITE_OK ? st_run(db, "DELETE FROM users WHERE name = ?1", p, 1, &a->changed)
			       : rc;
}

int
ct_user_remove(struct ct_store *s, const char *name, struct ct_err *err)
{
	struct remove_arg a = { name, 0 };
	char why[256] = "";
	int rc = st_write_txn(s->db, remove_txn, &a, why, sizeof(why));

	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	if (a.changed == 0)
		return ct_fail(err, CT_ENOTFOUND, "user %s not found", name);
	return 0;
}

int
ct_user_list(struct ct_store *s, struct ct_user **v, size_t *n, struct ct_err *err)
{
	st_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	rc = st_prepare(s->db, "SELECT u.name, u.role, u.created_at,"
			" (SELECT count(*) FROM user_token AS k WHERE k.name = u.name"
			" AND k.hash NOT LIKE '" SESSION_PREFIX "%')"
			" FROM users AS u ORDER BY u.name", &st);
	while (rc == SQLITE_OK && (rc = st_step(st)) == SQLITE_ROW) {
		struct ct_user *u;

		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*v = ct_xrealloc(*v, cap * sizeof(**v));
		}
		u = &(*v)[(*n)++];
		u->name = st_col_text(st, 0);
		u->role = ct_role_from_name(st_col_ctext(st, 1));
		u->created_at = st_col_int64(st, 2);
		u->tokens = st_col_int64(st, 3);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_users_free(*v, *n);
		*v = NULL;
		*n = 0;
		return st_sql_fail(s->path, s->db, rc, err);
	}
	return 0;
}

/* The user called name, or with a token of that hash: *found 0 when none;
 * with the stored password in *pw (caller frees) when pw is not NULL. */
static int
user_by(struct ct_store *s, const char *sql, const char *key, struct ct_user *out, char **pw,
	int *found, struct ct_err *err)
{
	st_stmt *st = NULL;
	int rc = st_prepare(s->db, sql, &st);

	memset(out, 0, sizeof(*out));
	*found = 0;
	if (rc == SQLITE_OK) {
		st_bind_text(st, 1, key);
		rc = st_step(st);
	}
	if (rc == SQLITE_ROW) {
		*found = 1;
		out->name = st_col_text(st, 0);
		out->role = ct_role_from_name(st_col_ctext(st, 1));
		out->created_at = st_col_int64(st, 2);
		if (pw)
			*pw = st_col_text(st, 3);
		rc = SQLITE_DONE;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE)
		return st_sql_fail(s->path, s->db, rc, err);
	return 0;
}

/* A new random token: prefix ("ct_", "cs_") and 64 hex digits of 32
 * random bytes, into tok (CT_TOKEN_LEN + 1 bytes). */
static void
new_token(const char *prefix, char *tok)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	memcpy(tok, prefix, 3);
	sodium_bin2hex(tok + 3, CT_TOKEN_LEN - 3 + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

/* The row of hash for user name, when the user exists (CT_ENOTFOUND when
 * not): the check and the insert one statement, so a user removed
 * meanwhile leaves no token behind. */
static int
token_insert(struct ct_store *s, const char *name, const char *hash, long long now,
	     struct ct_err *err)
{
	const struct st_param p[] = { ST_TEXT(name), ST_TEXT(hash), ST_INT(now) };
	long long changed = 0;
	int rc = st_write_one(s, "INSERT INTO user_token (name, hash, created_at) SELECT ?1, ?2, ?3"
			      " WHERE EXISTS (SELECT 1 FROM users WHERE name = ?1)", p, 3, &changed,
			      err);

	if (rc == 0 && changed == 0)
		rc = ct_fail(err, CT_ENOTFOUND, "user %s not found", name);
	return rc;
}

int
ct_user_token_add(struct ct_store *s, const char *name, long long now, char *tok,
		  struct ct_err *err)
{
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	int rc;

	if ((rc = crypto_ready(err)) != 0)
		return rc;
	new_token("ct_", tok);
	token_hash(tok, hex);
	if ((rc = token_insert(s, name, hex, now, err)) != 0)
		sodium_memzero(tok, CT_TOKEN_LEN + 1);
	return rc;
}

int
ct_user_check_password(struct ct_store *s, const char *name, const char *password,
		       struct ct_user *out, struct ct_err *err)
{
	char *pw = NULL;
	int found, rc;

	if ((rc = crypto_ready(err)) != 0)
		return rc;
	rc = user_by(s, "SELECT name, role, created_at, password FROM users WHERE name = ?1", name,
		     out, &pw, &found, err);
	if (rc)
		return rc;
	if (!found || !pw || crypto_pwhash_str_verify(pw, password, strlen(password)) != 0) {
		free(pw);
		ct_user_free(out);
		return ct_fail(err, CT_EAUTH, "wrong user name or password");
	}
	free(pw);
	return 0;
}

int
ct_user_check_token(struct ct_store *s, const char *token, struct ct_user *out,
		    struct ct_err *err)
{
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	int found, rc;

	if ((rc = crypto_ready(err)) != 0)
		return rc;
	if (strlen(token) != CT_TOKEN_LEN || strncmp(token, "ct_", 3) != 0) {
		memset(out, 0, sizeof(*out));
		return ct_fail(err, CT_EAUTH, "unknown token");
	}
	token_hash(token, hex);
	rc = user_by(s, "SELECT u.name, u.role, u.created_at FROM user_token AS k"
		     " JOIN users AS u ON u.name = k.name WHERE k.hash = ?1", hex, out, NULL,
		     &found, err);
	if (rc == 0 && !found)
		rc = ct_fail(err, CT_EAUTH, "unknown token");
	return rc;
}

/* The stored form of a session token: SESSION_PREFIX and its hash. */
static void
session_hash(const char *tok, char out[sizeof(SESSION_PREFIX) + 2 * crypto_hash_sha256_BYTES])
{
	memcpy(out, SESSION_PREFIX, sizeof(SESSION_PREFIX) - 1);
	token_hash(tok, out + sizeof(SESSION_PREFIX) - 1);
}

/* Whether tok has the form of a session token ("cs_" and 64 hex digits). */
static int
session_form(const char *tok)
{
	if (strlen(tok) != CT_TOKEN_LEN || strncmp(tok, "cs_", 3) != 0)
		return 0;
	for (size_t i = 3; i < CT_TOKEN_LEN; i++)
		if (!strchr("0123456789abcdef", tok[i]))
			return 0;
	return 1;
}

int
ct_session_add(struct ct_store *s, const char *name, long long now, long long lifetime,
	       char *tok, struct ct_err *err)
{
	char h[sizeof(SESSION_PREFIX) + 2 * crypto_hash_sha256_BYTES];
	const struct st_param p[] = { ST_TEXT(name), ST_INT(now - lifetime) };
	int rc;

	if ((rc = crypto_ready(err)) != 0)
		return rc;
	/* The user's sessions past their lifetime go first: nothing else
	 * would ever remove the rows of sessions not signed out. */
	rc = st_write_one(s, "DELETE FROM user_token WHERE name = ?1 AND hash LIKE '" SESSION_PREFIX
			  "%' AND created_at <= ?2", p, 2, NULL, err);
	if (rc)
		return rc;
	new_token("cs_", tok);
	session_hash(tok, h);
	if ((rc = token_insert(s, name, h, now, err)) != 0)
		sodium_memzero(tok, CT_TOKEN_LEN + 1);
	return rc;
}

int
ct_session_check(struct ct_store *s, const char *tok, long long now, long long lifetime,
		 struct ct_user *out, struct ct_err *err)
{
	char h[sizeof(SESSION_PREFIX) + 2 * crypto_hash_sha256_BYTES];
	st_stmt *st = NULL;
	int found = 0, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = crypto_ready(err)) != 0)
		return rc;
	if (!session_form(tok))
		return ct_fail(err, CT_EAUTH, "no such session");
	session_hash(tok, h);
	rc = st_prepare(s->db, "SELECT u.name, u.role, u.created_at FROM user_token AS k"
			" JOIN users AS u ON u.name = k.name WHERE k.hash = ?1 AND k.created_at > ?2",
			&st);
	if (rc == SQLITE_OK) {
		st_bind_text(st, 1, h);
		st_bind_int64(st, 2, now - lifetime);
		rc = st_step(st);
	}
	if (rc == SQLITE_ROW) {
		found = 1;
		out->name = st_col_text(st, 0);
		out->role = ct_role_from_name(st_col_ctext(st, 1));
		out->created_at = st_col_int64(st, 2);
		rc = SQLITE_DONE;
	}
	st_finalize(st);
	if (rc != SQLITE_DONE)
		return st_sql_fail(s->path, s->db, rc, err);
	if (!found)
		return ct_fail(err, CT_EAUTH, "the session has ended: sign in again");
	return 0;
}

int
ct_session_remove(struct ct_store *s, const char *tok, struct ct_err *err)
{
	char h[sizeof(SESSION_PREFIX) + 2 * crypto_hash_sha256_BYTES];
	const struct st_param p[] = { ST_TEXT(h) };

	if (!session_form(tok))
		return 0;
	session_hash(tok, h);
	return st_write_one(s, "DELETE FROM user_token WHERE hash = ?1", p, 1, NULL, err);
}

void
ct_store_set_who(struct ct_store *s, const char *who)
{
	s->who = who;
}
