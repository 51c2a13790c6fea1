/*
 * test_ticket.c — the ticket module's tables (ticket.h): the lifecycle is
 * whole (every status named, reachable from the first, every move leads to
 * a status, each action to one status, every clock run by a status), and
 * the names convert both ways; the field table agrees with the store's
 * schema.
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
#include <sqlite3.h>

#include "celltriage/profile.h"
#include "celltriage/store.h"
#include "celltriage/ticket.h"

static void
test_statuses_named(void **state)
{
	char names[256];

	(void)state;
	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++) {
		const char *n = ct_status_name((enum ct_status)s);

		assert_non_null(n);
		assert_true(*n);
		assert_int_equal(ct_status_from_name(n), s);
		/* Its TMF621 status reads back as a status with that TMF621 status. */
		assert_non_null(ct_status_tmf((enum ct_status)s));
		assert_string_equal(ct_status_tmf(ct_status_from_tmf(ct_status_tmf((enum ct_status)s))),
				    ct_status_tmf((enum ct_status)s));
		for (int o = CT_STATUS_FIRST; o < s; o++)
			assert_string_not_equal(ct_status_name((enum ct_status)o), n);
	}
	assert_null(ct_status_name(CT_STATUS_NONE));
	assert_null(ct_status_name(CT_STATUS_END));
	assert_int_equal(ct_status_from_name("nonsense"), CT_STATUS_NONE);
	assert_int_equal(ct_status_from_name(NULL), CT_STATUS_NONE);
	assert_int_equal(ct_status_from_tmf("nonsense"), CT_STATUS_NONE);
	/* Other systems' statuses, and a status two of ours share. */
	assert_int_equal(ct_status_from_tmf("held"), CT_STATUS_HANDLING);
	assert_int_equal(ct_status_from_tmf("cancelled"), CT_STATUS_CLOSED);
	assert_int_equal(ct_status_from_tmf("resolved"), CT_STATUS_REPLIED);
	assert_string_equal(ct_status_tmf(CT_STATUS_NONE), "acknowledged");
	ct_status_names(names, sizeof(names));
	assert_string_equal(names, "accepted, dispatched, handling, replied, feedback, closed");
	for (int a = CT_ACTION_FIRST; a < CT_ACTION_END; a++) {
		const char *n = ct_action_name((enum ct_action_id)a);

		assert_non_null(n);
		assert_int_equal(ct_action_from_name(n), a);
	}
	assert_int_equal(ct_action_from_name("filed"), CT_ACTION_NONE);
	for (int g = CT_STAGE_FIRST; g < CT_STAGE_END; g++)
		assert_non_null(ct_stage_name((enum ct_stage_id)g));
	assert_null(ct_stage_name(CT_STAGE_NONE));
}

static void
test_moves_whole(void **state)
{
	size_t n;
	const struct ct_move_rule *m = ct_move_table(&n);
	int reached[CT_STATUS_END] = { 0 }, used[CT_ACTION_END] = { 0 };
	int more = 1;

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		/* Every move's ends exist. */
		assert_non_null(ct_status_name(m[i].from));
		assert_non_null(ct_status_name(m[i].to));
		assert_non_null(ct_action_name(m[i].action));
		/* An action leads to one status whatever it starts from. */
		assert_int_equal(ct_action_target(m[i].action), m[i].to);
		assert_int_equal(ct_move_target(m[i].from, m[i].action), m[i].to);
		/* A move out of a finished ticket only reopens it. */
		if (ct_status_terminal(m[i].from))
			assert_false(ct_status_terminal(m[i].to));
		used[m[i].action] = 1;
	}
	for (int a = CT_ACTION_FIRST; a < CT_ACTION_END; a++)
		assert_true(used[a]);
	/* Every status is reachable from a new ticket's. */
	reached[CT_STATUS_FIRST] = 1;
	while (more) {
		more = 0;
		for (size_t i = 0; i < n; i++)
			if (reached[m[i].from] && !reached[m[i].to])
				reached[m[i].to] = more = 1;
	}
	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++) {
		char buf[128];

		assert_true(reached[s]);
		/* ... and none is a dead end. */
		ct_moves_allowed((enum ct_status)s, buf, sizeof(buf));
		assert_string_not_equal(buf, "none");
	}
	assert_int_equal(ct_move_target(CT_STATUS_NONE, CT_ACTION_DISPATCH), CT_STATUS_NONE);
	assert_int_equal(ct_move_target(CT_STATUS_ACCEPTED, CT_ACTION_CLOSE), CT_STATUS_NONE);
}

static void
test_stage_clocks(void **state)
{
	static const struct ct_deadlines dl = {
		.dispatch_min = 15, .handle_min = 120, .return_min = 15, .feedback_min = 60,
		.reply_min = 180, .appeal_reply_min = 240, .register_min = 60,
		.register_major_min = 30, .callback_min = 120, .progress_report_days = 3,
		.revisit_days_min = 5, .revisit_days_max = 7, .repeat_window_days = 30,
	};
	int run[CT_STAGE_END] = { 0 }, ended[CT_STAGE_END] = { 0 };

	(void)state;
	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++) {
		const struct ct_status_def *d = ct_status_def((enum ct_status)s);

		/* A status runs a clock that starts with a status ... */
		if (d->clock != CT_STAGE_NONE) {
			assert_int_equal(ct_stage_def(d->clock)->start, CT_START_STATUS);
			run[d->clock] = 1;
		}
		/* ... and ends one that is counted from the complaint. */
		if (d->ends != CT_STAGE_NONE) {
			assert_int_not_equal(ct_stage_def(d->ends)->start, CT_START_STATUS);
			ended[d->ends] = 1;
		}
		/* A finished ticket runs no clock. */
		if (ct_status_terminal((enum ct_status)s))
			assert_int_equal(d->clock, CT_STAGE_NONE);
	}
	for (int g = CT_STAGE_FIRST; g < CT_STAGE_END; g++) {
		/* Every stage starts and ends somewhere, and has a limit. */
		if (ct_stage_def((enum ct_stage_id)g)->start == CT_START_STATUS)
			assert_true(run[g]);
		else
			assert_true(ended[g]);
		assert_true(ct_stage_limit((enum ct_stage_id)g, &dl, 3, 0) > 0);
	}
	assert_int_equal(ct_stage_limit(CT_STAGE_REGISTER, &dl, 1, 0), 30 * 60);
	assert_int_equal(ct_stage_limit(CT_STAGE_REPLY, &dl, 3, 1), 240 * 60);
	assert_int_equal(ct_stage_limit(CT_STAGE_HANDLE, &dl, 3, 0), 135 * 60);
}

/* The store's tickets table has a column for every field the table says
 * it keeps there, and no column the field table does not know. */
static void
test_fields_match_schema(void **state)
{
	char dir[] = "/tmp/test_ticket.XXXXXX", path[64];
	struct ct_store *st = NULL;
	struct ct_err err = { "" };
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	size_t ncols = 0, nsql = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(ct_store_open(path, 1, &st, &err), 0);
	ct_store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('tickets')", -1,
					    &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(q, 0);
		int known = 0;

		for (size_t i = 0; i < ct_nfields; i++)
			known |= ct_fields[i].sql && !strcmp(ct_fields[i].sql, col);
		if (!known)
			fail_msg("column tickets.%s is not in the field table", col);
		ncols++;
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	for (size_t i = 0; i < ct_nfields; i++)
		nsql += ct_fields[i].sql != NULL;
	assert_int_equal(ncols, nsql);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses_named),
		cmocka_unit_test(test_moves_whole),
		cmocka_unit_test(test_stage_clocks),
		cmocka_unit_test(test_fields_match_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
