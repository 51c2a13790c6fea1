/*
 * test_users.c — the desk's users in the store (store.h ct_user_*): a
 * password is checked against its argon2id hash and a wrong one refused,
 * a token is found by its hash and refused once its user is removed, the
 * names and roles the store refuses, the filing's author
 * (ct_store_set_who) in the history, and the console's sessions: found
 * within their lifetime only, never taken for API tokens nor the other
 * way round, not counted as tokens, ended by signing out or by removing
 * the user.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "celltriage/store.h"

struct fx {
	char dir[64], path[96];
	struct ct_store *s;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct ct_err err;

	snprintf(f->dir, sizeof(f->dir), "/tmp/ct-users-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	if (ct_store_open(f->path, CT_STORE_CREATE, &f->s, &err) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	ct_store_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void
test_password(void **state)
{
	struct fx *f = *state;
	struct ct_user u;
	struct ct_err err;

	assert_int_equal(ct_user_add(f->s, "ann", CT_ROLE_OPERATOR, "correct horse", 100, &err), 0);
	assert_int_equal(ct_user_check_password(f->s, "ann", "correct horse", &u, &err), 0);
	assert_string_equal(u.name, "ann");
	assert_int_equal(u.role, CT_ROLE_OPERATOR);
	assert_int_equal(u.created_at, 100);
	ct_user_free(&u);
	assert_int_equal(ct_user_check_password(f->s, "ann", "correct horsE", &u, &err), CT_EAUTH);
	assert_string_equal(err.msg, "wrong user name or password");
	assert_null(u.name);
	assert_int_equal(ct_user_check_password(f->s, "bob", "correct horse", &u, &err), CT_EAUTH);
	/* A new password replaces the old one. */
	assert_int_equal(ct_user_passwd(f->s, "ann", "battery staple", &err), 0);
	assert_int_equal(ct_user_check_password(f->s, "ann", "correct horse", &u, &err), CT_EAUTH);
	assert_int_equal(ct_user_check_password(f->s, "ann", "battery staple", &u, &err), 0);
	ct_user_free(&u);
	assert_int_equal(ct_user_passwd(f->s, "bob", "battery staple", &err), CT_ENOTFOUND);
	assert_string_equal(err.msg, "user bob not found");
}

static void
test_refused(void **state)
{
	struct fx *f = *state;
	struct ct_user *v;
	struct ct_err err;
	size_t n;

	assert_int_equal(ct_user_add(f->s, "ann", CT_ROLE_VIEWER, "correct horse", 1, &err), 0);
	assert_int_equal(ct_user_add(f->s, "ann", CT_ROLE_ADMIN, "correct horse", 1, &err), CT_ESTATE);
	assert_string_equal(err.msg, "user ann exists");
	assert_int_equal(ct_user_add(f->s, "a b", CT_ROLE_VIEWER, "correct horse", 1, &err), CT_EUSAGE);
	assert_int_equal(ct_user_add(f->s, "", CT_ROLE_VIEWER, "correct horse", 1, &err), CT_EUSAGE);
	assert_int_equal(ct_user_add(f->s, "bob", CT_ROLE_NONE, "correct horse", 1, &err), CT_EUSAGE);
	assert_int_equal(ct_user_add(f->s, "bob", CT_ROLE_VIEWER, "short", 1, &err), CT_EUSAGE);
	assert_int_equal(ct_user_list(f->s, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].role, CT_ROLE_VIEWER);
	ct_users_free(v, n);
	assert_int_equal(ct_role_from_name("admin"), CT_ROLE_ADMIN);
	assert_int_equal(ct_role_from_name("root"), CT_ROLE_NONE);
	assert_null(ct_role_name(CT_ROLE_NONE));
}

static void
test_token(void **state)
{
	struct fx *f = *state;
	char tok[CT_TOKEN_LEN + 1], tok2[CT_TOKEN_LEN + 1];
	struct ct_user u, *v;
	struct ct_err err;
	size_t n;

	assert_int_equal(ct_user_add(f->s, "ann", CT_ROLE_ADMIN, "correct horse", 1, &err), 0);
	assert_int_equal(ct_user_token_add(f->s, "ann", 2, tok, &err), 0);
	assert_int_equal(ct_user_token_add(f->s, "ann", 3, tok2, &err), 0);
	assert_int_equal(strlen(tok), CT_TOKEN_LEN);
	assert_memory_equal(tok, "ct_", 3);
	assert_string_not_equal(tok, tok2);
	assert_int_equal(ct_user_token_add(f->s, "bob", 2, tok2, &err), CT_ENOTFOUND);
	assert_int_equal(ct_user_check_token(f->s, tok, &u, &err), 0);
	assert_string_equal(u.name, "ann");
	assert_int_equal(u.role, CT_ROLE_ADMIN);
	ct_user_free(&u);
	/* One digit changed, a token of another length: unknown. */
	tok[10] = tok[10] == '0' ? '1' : '0';
	assert_int_equal(ct_user_check_token(f->s, tok, &u, &err), CT_EAUTH);
	assert_string_equal(err.msg, "unknown token");
	assert_int_equal(ct_user_check_token(f->s, "ct_", &u, &err), CT_EAUTH);
	assert_int_equal(ct_user_list(f->s, &v, &n, &err), 0);
	assert_int_equal(v[0].tokens, 2);
	ct_users_free(v, n);
	/* Removing the user removes its tokens. */
	assert_int_equal(ct_user_check_token(f->s, tok2, &u, &err), CT_EAUTH); /* bob's failed add */
	assert_int_equal(ct_user_token_add(f->s, "ann", 4, tok2, &err), 0);
	assert_int_equal(ct_user_remove(f->s, "ann", &err), 0);
	assert_int_equal(ct_user_check_token(f->s, tok2, &u, &err), CT_EAUTH);
	assert_int_equal(ct_user_remove(f->s, "ann", &err), CT_ENOTFOUND);
}

static void
test_session(void **state)
{
	struct fx *f = *state;
	char s1[CT_TOKEN_LEN + 1], s2[CT_TOKEN_LEN + 1], tok[CT_TOKEN_LEN + 1];
	struct ct_user u, *v;
	struct ct_err err;
	size_t n;

	assert_int_equal(ct_user_add(f->s, "ann", CT_ROLE_OPERATOR, "correct horse", 1, &err), 0);
	assert_int_equal(ct_session_add(f->s, "ann", 1000, 100, s1, &err), 0);
	assert_int_equal(strlen(s1), CT_TOKEN_LEN);
	assert_memory_equal(s1, "cs_", 3);
	assert_int_equal(ct_session_add(f->s, "bob", 1000, 100, s2, &err), CT_ENOTFOUND);
	assert_string_equal(err.msg, "user bob not found");
	/* Within its lifetime, up to its last second. */
	assert_int_equal(ct_session_check(f->s, s1, 1099, 100, &u, &err), 0);
	assert_string_equal(u.name, "ann");
	assert_int_equal(u.role, CT_ROLE_OPERATOR);
	ct_user_free(&u);
	assert_int_equal(ct_session_check(f->s, s1, 1100, 100, &u, &err), CT_EAUTH);
	assert_string_equal(err.msg, "the session has ended: sign in again");
	assert_null(u.name);
	/* A session is no API token, an API token no session. */
	assert_int_equal(ct_user_check_token(f->s, s1, &u, &err), CT_EAUTH);
	assert_int_equal(ct_user_token_add(f->s, "ann", 1000, tok, &err), 0);
	assert_int_equal(ct_session_check(f->s, tok, 1000, 100, &u, &err), CT_EAUTH);
	assert_string_equal(err.msg, "no such session");
	/* Only API tokens are counted; a new session clears the user's ended ones. */
	assert_int_equal(ct_session_add(f->s, "ann", 1200, 100, s2, &err), 0);
	assert_int_equal(ct_user_list(f->s, &v, &n, &err), 0);
	assert_int_equal(v[0].tokens, 1);
	ct_users_free(v, n);
	assert_int_equal(ct_session_check(f->s, s1, 1000, 100, &u, &err), CT_EAUTH);
	/* Signing out ends it; removing the user ends the others. */
	assert_int_equal(ct_session_add(f->s, "ann", 1200, 100, s1, &err), 0);
	assert_int_equal(ct_session_remove(f->s, s2, &err), 0);
	assert_int_equal(ct_session_check(f->s, s2, 1201, 100, &u, &err), CT_EAUTH);
	assert_int_equal(ct_session_check(f->s, s1, 1201, 100, &u, &err), 0);
	ct_user_free(&u);
	assert_int_equal(ct_user_remove(f->s, "ann", &err), 0);
	assert_int_equal(ct_session_check(f->s, s1, 1201, 100, &u, &err), CT_EAUTH);
}

static void
test_filing_author(void **state)
{
	struct fx *f = *state;
	struct ct_ticket t;
	struct ct_event *ev;
	struct ct_err err;
	long long id;
	int updated;
	size_t n;

	memset(&t, 0, sizeof(t));
	t.complaint = "C1";
	t.cause = "radio/coverage";
	t.grade = 3;
	t.filed_at = 1000;
	ct_store_set_who(f->s, "ann");
	assert_int_equal(ct_store_file(f->s, &t, &id, &updated, &err), 0);
	ct_store_set_who(f->s, NULL);
	assert_int_equal(ct_store_history(f->s, id, &ev, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].who, "ann");
	assert_string_equal(ev[0].action, "filed");
	ct_events_free(ev, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filing_author, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
