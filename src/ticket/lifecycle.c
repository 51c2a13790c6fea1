/*
 * lifecycle.c — the ticket lifecycle's tables (ticket.h CT_STATUSES,
 * CT_ACTIONS, CT_MOVES, CT_STAGES) and the lookups everything else goes
 * through; the stage limits and the deadlines a new ticket carries, from
 * the profile (provincial complaint-handling flow; complaint handling and
 * assessment standard; complaint handling management rules).
 */
#include <string.h>

#include "celltriage/profile.h"
#include "celltriage/ticket.h"

#define STAGE_ROW(id, nm, st) [CT_STAGE_##id] = { nm, st },
static const struct ct_stage_def stages[CT_STAGE_END] = { CT_STAGES(STAGE_ROW) };
#undef STAGE_ROW

#define STATUS_ROW(id, nm, tm, clk, end, fl) \
	[CT_STATUS_##id] = { nm, tm, CT_STAGE_##clk, CT_STAGE_##end, fl },
static const struct ct_status_def statuses[CT_STATUS_END] = { CT_STATUSES(STATUS_ROW) };
#undef STATUS_ROW

#define ACTION_ROW(id, nm, clk) [CT_ACTION_##id] = { nm, clk },
static const struct ct_action_def actions[CT_ACTION_END] = { CT_ACTIONS(ACTION_ROW) };
#undef ACTION_ROW

#define MOVE_ROW(f, a, t) { CT_STATUS_##f, CT_ACTION_##a, CT_STATUS_##t },
static const struct ct_move_rule moves[] = { CT_MOVES(MOVE_ROW) };
#undef MOVE_ROW
#define NMOVES (sizeof(moves) / sizeof(moves[0]))

#define TMF_IN_ROW(tm, st) { tm, CT_STATUS_##st },
static const struct {
	const char *tmf;
	enum ct_status status;
} tmf_in[] = { CT_TMF_STATUSES_IN(TMF_IN_ROW) };
#undef TMF_IN_ROW

const struct ct_status_def *
ct_status_def(enum ct_status s)
{
	return &statuses[s];
}

const struct ct_stage_def *
ct_stage_def(enum ct_stage_id id)
{
	return &stages[id];
}

const struct ct_action_def *
ct_action_def(enum ct_action_id a)
{
	return &actions[a];
}

const struct ct_move_rule *
ct_move_table(size_t *n)
{
	*n = NMOVES;
	return moves;
}

const char *
ct_status_name(enum ct_status s)
{
	return s >= CT_STATUS_FIRST && s < CT_STATUS_END ? statuses[s].name : NULL;
}

enum ct_status
ct_status_from_name(const char *name)
{
	for (int s = CT_STATUS_FIRST; name && s < CT_STATUS_END; s++)
		if (!strcmp(statuses[s].name, name))
			return (enum ct_status)s;
	return CT_STATUS_NONE;
}

const char *
ct_action_name(enum ct_action_id a)
{
	return a >= CT_ACTION_FIRST && a < CT_ACTION_END ? actions[a].name : NULL;
}

enum ct_action_id
ct_action_from_name(const char *name)
{
	for (int a = CT_ACTION_FIRST; name && a < CT_ACTION_END; a++)
		if (!strcmp(actions[a].name, name))
			return (enum ct_action_id)a;
	return CT_ACTION_NONE;
}

const char *
ct_stage_name(enum ct_stage_id id)
{
	return id >= CT_STAGE_FIRST && id < CT_STAGE_END ? stages[id].name : NULL;
}

void
ct_status_names(char *buf, size_t n)
{
	struct ct_buf b = CT_BUF_INIT;

	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++)
		ct_buf_printf(&b, "%s%s", b.len ? ", " : "", statuses[s].name);
	snprintf(buf, n, "%s", ct_buf_str(&b));
	ct_buf_free(&b);
}

const char *
ct_status_tmf(enum ct_status s)
{
	return statuses[s >= CT_STATUS_FIRST && s < CT_STATUS_END ? s : CT_STATUS_FIRST].tmf;
}

enum ct_status
ct_status_from_tmf(const char *tmf)
{
	if (!tmf)
		return CT_STATUS_NONE;
	for (int s = CT_STATUS_FIRST; s < CT_STATUS_END; s++)
		if (!strcmp(statuses[s].tmf, tmf))
			return (enum ct_status)s;
	for (size_t i = 0; i < sizeof(tmf_in) / sizeof(tmf_in[0]); i++)
		if (!strcmp(tmf_in[i].tmf, tmf))
			return tmf_in[i].status;
	return CT_STATUS_NONE;
}

int
ct_status_terminal(enum ct_status s)
{
	return s >= CT_STATUS_FIRST && s < CT_STATUS_END && (statuses[s].flags & CT_SF_TERMINAL);
}

enum ct_status
ct_move_target(enum ct_status s, enum ct_action_id a)
{
	for (size_t i = 0; i < NMOVES; i++)
		if (moves[i].from == s && moves[i].action == a)
			return moves[i].to;
	return CT_STATUS_NONE;
}

enum ct_status
ct_action_target(enum ct_action_id a)
{
	for (size_t i = 0; i < NMOVES; i++)
		if (moves[i].action == a)
			return moves[i].to;
	return CT_STATUS_NONE;
}

void
ct_moves_allowed(enum ct_status s, char *buf, size_t n)
{
	struct ct_buf b = CT_BUF_INIT;
	int listed[CT_ACTION_END] = { 0 };

	for (size_t i = 0; i < NMOVES; i++) {
		/* An action listed once even if the table had it twice. */
		if (moves[i].from != s || listed[moves[i].action])
			continue;
		listed[moves[i].action] = 1;
		ct_buf_printf(&b, "%s%s", b.len ? ", " : "", actions[moves[i].action].name);
	}
	snprintf(buf, n, "%s", b.len ? ct_buf_str(&b) : "none");
	ct_buf_free(&b);
}

/* ---------------------------------------------------------------------
 * Limits and deadlines: the numbers are the profile's (struct ct_deadlines)
 */

long long
ct_stage_limit(enum ct_stage_id id, const struct ct_deadlines *d, int grade, int appeal)
{
	switch (id) {
	case CT_STAGE_REGISTER:
		return 60LL * (grade == 1 ? d->register_major_min : d->register_min);
	case CT_STAGE_DISPATCH:
		return 60LL * d->dispatch_min;
	case CT_STAGE_HANDLE:
		/* The department's reply is its return: both budgets. */
		return 60LL * (d->handle_min + d->return_min);
	case CT_STAGE_REPLY:
		return 60LL * (appeal ? d->appeal_reply_min : d->reply_min);
	case CT_STAGE_FEEDBACK:
		return 60LL * d->feedback_min;
	case CT_STAGE_NONE:
	case CT_STAGE_END:
		break;
	}
	return 0;
}

static void
deadline(struct ct_ticket *t, const char *stage, long long due)
{
	t->deadlines = ct_xrealloc(t->deadlines, (t->ndeadlines + 1) * sizeof(*t->deadlines));
	t->deadlines[t->ndeadlines].stage = ct_xstrdup(stage);
	t->deadlines[t->ndeadlines].due = due;
	t->ndeadlines++;
}

void
ct_ticket_set_deadlines(struct ct_ticket *t, const struct ct_deadlines *d, long long base,
			int appeal)
{
	long long at, reg = ct_stage_filing_start(t, CT_STAGE_REGISTER);
	long long reply = ct_stage_filing_start(t, CT_STAGE_REPLY);

	/* The stages' deadlines start where their clocks do
	 * (ct_stage_filing_start), so that the deadlines and the stage clocks
	 * give one answer; base stands in for a time the ticket lacks.
	 * Complaint handling management rules: registered within 1 h, a major
	 * (grade 1) complaint within 30 min; first call back within 2 h; a
	 * progress report after 3 working days unresolved (the profile's
	 * calendar); the satisfaction revisit on day 5-7 (calendar days: the
	 * customer is called whatever the day). */
	deadline(t, "register", (reg ? reg : base) +
		 ct_stage_limit(CT_STAGE_REGISTER, d, t->grade, appeal));
	/* Provincial complaint-handling flow: dispatch 15 min from acceptance
	 * (filing) -> handle 2 h -> return 15 min -> feedback 1 h. */
	at = ct_stage_filing_start(t, CT_STAGE_DISPATCH);
	at = (at ? at : base) + ct_stage_limit(CT_STAGE_DISPATCH, d, t->grade, appeal);
	deadline(t, "dispatch", at);
	at += 60LL * d->handle_min;
	deadline(t, "handle", at);
	at += 60LL * d->return_min;
	deadline(t, "return", at);
	at += 60LL * d->feedback_min;
	deadline(t, "feedback", at);
	deadline(t, "callback", base + 60LL * d->callback_min);
	/* Complaint handling and assessment standard: reply within 3 h,
	 * appeals 4 h. */
	deadline(t, "reply", (reply ? reply : base) +
		 ct_stage_limit(CT_STAGE_REPLY, d, t->grade, appeal));
	deadline(t, "progress_report", ct_add_working_days(&d->cal, base, d->progress_report_days));
	deadline(t, "revisit_from", base + 86400LL * d->revisit_days_min);
	deadline(t, "revisit_to", base + 86400LL * d->revisit_days_max);
}
