/*
 * ticket.h — a ticket: its fields, its lifecycle and its history, each
 * written down once (src/ticket/). The store persists tickets, the readers
 * (ingest) and writers (report) move them in and out in the export formats,
 * the NOC's analyses count them: all of them read the tables here instead
 * of spelling a status or a field themselves.
 *
 *   CT_STATUSES   the lifecycle's statuses: name, TMF621 status, the stage
 *                 clock each runs, the stage its first arrival ends
 *   CT_ACTIONS    the moves' names, and whether a move restarts the clock
 *   CT_MOVES      the legal moves: from, action, to
 *   CT_STAGES     the stages time is measured in (limits: the profile's
 *                 struct ct_deadlines, ct_stage_limit)
 *   ct_fields[]   every field of struct ct_ticket: its JSON member, CSV
 *                 column, SQL column, TMF621 mapping and how it is read and
 *                 written (src/ticket/fields.c)
 *
 * A status is an enum in code; its name appears only where a ticket meets
 * text (the store's column, the JSON, CSV and TMF621 formats, the command
 * line), converted here. Functions that allocate say who frees; nothing here
 * fails except the name lookups, which return CT_*_NONE (or NULL).
 */
#ifndef CELLTRIAGE_TICKET_H
#define CELLTRIAGE_TICKET_H

#include <stddef.h>

#include "celltriage/util.h"

/* ---------------------------------------------------------------------
 * The lifecycle (provincial complaint-handling flow; complaint handling and
 * assessment standard):
 *
 *   accepted --dispatch--> dispatched --handle--> handling --reply--> replied
 *                            |    ^                     |                 |
 *                            +----+<------dispatch------+             feedback
 *                   (dispatch: another department)                        v
 *                                                 closed <--close--- feedback
 *                  handling <--reopen-- closed, feedback    (replied may close)
 *
 * A new status is one row of CT_STATUSES and its rows in CT_MOVES (and, for
 * a new move, one row of CT_ACTIONS); everything else reads them.
 */

/*
 * The stages a ticket's time is measured in, against the profile's limits
 * (ct_stage_limit). A stage starts
 *   CT_START_RECEIPT     when the complaint was received (none when the
 *                        complaint did not say when),
 *   CT_START_RECEIPT_OR_FILING  ... else when it was filed,
 *   CT_START_STATUS      when a status that runs its clock is entered,
 * and stops when a status ends it, another clock starts, or the ticket
 * reaches a terminal status.
 *
 *   X(ID,       name,       starts)
 */
#define CT_STAGES(X) \
	X(REGISTER, "register", CT_START_RECEIPT) \
	X(DISPATCH, "dispatch", CT_START_STATUS) \
	X(HANDLE,   "handle",   CT_START_STATUS) \
	X(REPLY,    "reply",    CT_START_RECEIPT_OR_FILING) \
	X(FEEDBACK, "feedback", CT_START_STATUS)

/*
 * The statuses, the first being a new ticket's (CT_STATUS_FIRST).
 *
 *   X(ID, name, TMF621 TroubleTicketStatusType, the stage clock it runs,
 *     the stage its first arrival ends, flags)
 *
 * CT_SF_TERMINAL: the ticket is finished (every clock stops; counted as
 * closed; not open for deadlines).
 */
#define CT_STATUSES(X) \
	X(ACCEPTED,   "accepted",   "acknowledged", DISPATCH, REGISTER, 0) \
	X(DISPATCHED, "dispatched", "pending",      HANDLE,   NONE,     0) \
	X(HANDLING,   "handling",   "inProgress",   HANDLE,   NONE,     0) \
	X(REPLIED,    "replied",    "resolved",     FEEDBACK, REPLY,    0) \
	X(FEEDBACK,   "feedback",   "resolved",     NONE,     NONE,     0) \
	X(CLOSED,     "closed",     "closed",       NONE,     NONE,     CT_SF_TERMINAL)

/* Other systems' TMF621 statuses, read as ours (ingest only). */
#define CT_TMF_STATUSES_IN(X) \
	X("held",      HANDLING) \
	X("cancelled", CLOSED) \
	X("rejected",  CLOSED)

/*
 * The moves. CT_CLOCK_KEEP: the stage clock that runs goes on (the
 * department that had the ticket dispatched now handles it); every other
 * move stops the running clock and starts its target status's afresh.
 *
 *   X(ID, name, clock)
 */
#define CT_ACTIONS(X) \
	X(DISPATCH, "dispatch", CT_CLOCK_RESTART) \
	X(HANDLE,   "handle",   CT_CLOCK_KEEP) \
	X(REPLY,    "reply",    CT_CLOCK_RESTART) \
	X(FEEDBACK, "feedback", CT_CLOCK_RESTART) \
	X(CLOSE,    "close",    CT_CLOCK_RESTART) \
	X(REOPEN,   "reopen",   CT_CLOCK_RESTART)

/*
 * The legal moves: X(from, action, to). An action leads to one status
 * whatever the status it starts from (the stage clocks are read from the
 * history's actions).
 */
#define CT_MOVES(X) \
	X(ACCEPTED,   DISPATCH, DISPATCHED) \
	X(DISPATCHED, DISPATCH, DISPATCHED) /* to another department: re-dispatch */ \
	X(HANDLING,   DISPATCH, DISPATCHED) /* handed on to a second department */ \
	X(DISPATCHED, HANDLE,   HANDLING) \
	X(HANDLING,   REPLY,    REPLIED) \
	X(REPLIED,    FEEDBACK, FEEDBACK) \
	X(REPLIED,    CLOSE,    CLOSED)     /* customer not reachable: satisfaction given at close */ \
	X(FEEDBACK,   CLOSE,    CLOSED) \
	X(FEEDBACK,   REOPEN,   HANDLING)   /* the customer is not satisfied */ \
	X(CLOSED,     REOPEN,   HANDLING)   /* the revisit on day 5-7 finds it unsolved */

enum ct_stage_start { CT_START_RECEIPT, CT_START_RECEIPT_OR_FILING, CT_START_STATUS };
enum ct_clock { CT_CLOCK_RESTART, CT_CLOCK_KEEP };
#define CT_SF_TERMINAL 1u

/*
 * The enums. NONE is 0, so a ticket or a filter set to zero has no status
 * (a store files it as the first status; a filter takes any); the values
 * run from CT_*_FIRST to before CT_*_END.
 */
#define CT_ENUM_STAGE(id, name, start) CT_STAGE_##id,
enum ct_stage_id { CT_STAGE_NONE, CT_STAGES(CT_ENUM_STAGE) CT_STAGE_END };
#undef CT_ENUM_STAGE
#define CT_ENUM_STATUS(id, name, tmf, clock, ends, flags) CT_STATUS_##id,
enum ct_status { CT_STATUS_NONE, CT_STATUSES(CT_ENUM_STATUS) CT_STATUS_END };
#undef CT_ENUM_STATUS
#define CT_ENUM_ACTION(id, name, clock) CT_ACTION_##id,
enum ct_action_id { CT_ACTION_NONE, CT_ACTIONS(CT_ENUM_ACTION) CT_ACTION_END };
#undef CT_ENUM_ACTION
#define CT_STAGE_FIRST ((enum ct_stage_id)1)
#define CT_STATUS_FIRST ((enum ct_status)1)   /* a new ticket's */
#define CT_ACTION_FIRST ((enum ct_action_id)1)
#define CT_NSTAGE (CT_STAGE_END - 1)

/* One row of CT_STATUSES. */
struct ct_status_def {
	const char *name, *tmf;
	enum ct_stage_id clock, ends;
	unsigned flags;
};
/* One row of CT_STAGES / CT_ACTIONS / CT_MOVES. */
struct ct_stage_def {
	const char *name;
	enum ct_stage_start start;
};
struct ct_action_def {
	const char *name;
	enum ct_clock clock;
};
struct ct_move_rule {
	enum ct_status from;
	enum ct_action_id action;
	enum ct_status to;
};

/* The rows (static); s, a, id must be valid (FIRST <= x < END). */
const struct ct_status_def *ct_status_def(enum ct_status s);
const struct ct_stage_def *ct_stage_def(enum ct_stage_id id);
const struct ct_action_def *ct_action_def(enum ct_action_id a);
/* Every legal move, *n of them. */
const struct ct_move_rule *ct_move_table(size_t *n);

/* Names, both ways. The name of CT_*_NONE or of a value out of range is
 * NULL; an unknown name (or NULL) gives CT_*_NONE. */
const char *ct_status_name(enum ct_status s);
enum ct_status ct_status_from_name(const char *name);
const char *ct_action_name(enum ct_action_id a);
enum ct_action_id ct_action_from_name(const char *name);
const char *ct_stage_name(enum ct_stage_id id);
/* The statuses' names, ", "-separated, into buf (for messages). */
void ct_status_names(char *buf, size_t n);
/* TMF621: our status's TroubleTicketStatusType ("acknowledged" for
 * CT_STATUS_NONE), and a TMF621 status read back (the first status that
 * maps to it, else CT_TMF_STATUSES_IN; CT_STATUS_NONE when none does). */
const char *ct_status_tmf(enum ct_status s);
enum ct_status ct_status_from_tmf(const char *tmf);
/* 1 when s is finished (CT_SF_TERMINAL). */
int ct_status_terminal(enum ct_status s);

/* The status a move leads to from status s, or CT_STATUS_NONE when it is
 * not a legal move. */
enum ct_status ct_move_target(enum ct_status s, enum ct_action_id a);
/* The status an action leads to (from the status it is legal from). */
enum ct_status ct_action_target(enum ct_action_id a);
/* The actions allowed from s, ", "-separated, into buf ("none" for none). */
void ct_moves_allowed(enum ct_status s, char *buf, size_t n);

/* ---------------------------------------------------------------------
 * A ticket
 */

/* A deadline of one stage, as epoch seconds (UTC). */
struct ct_deadline {
	char *stage;        /* "register", "dispatch", "callback", "reply", ... */
	long long due;
};

/*
 * One ticket. Strings may be NULL when unknown. ct_ticket_free releases every
 * member (not the struct itself). complaint_json and verdict_json are whole
 * JSON documents stored verbatim: the complaint exactly as received (UTF-8
 * preserved) and the verdict with its decision path. ct_fields[] describes
 * each member.
 */
/* The complaint-handling flow's grades: 1, the most urgent, to 3. */
#define CT_GRADE_FIRST 1
#define CT_GRADE_LAST 3

struct ct_ticket {
	long long id;           /* assigned by the store */
	char *complaint;        /* the complaint's id; NULL = none (never deduplicated) */
	char *msisdn, *imsi;
	char *cell, *rat, *phenomenon;
	char *cause, *klass, *domain, *confidence;
	int grade;
	enum ct_status status;  /* CT_STATUS_FIRST (accepted) when filed */
	char *kind;             /* "ordinary" | "appeal" | "repeat" | "batch" */
	long long received_at;  /* 0 when the complaint did not say */
	long long filed_at, updated_at;
	int rev;                /* 1 when filed, +1 per update */
	char **tags;
	size_t ntags;
	struct ct_deadline *deadlines;
	size_t ndeadlines;
	char *complaint_json;
	char *verdict_json;
	/* The NOC workflow's. All NULL / 0 when not set. */
	char *department, *person;  /* responsible department and person (dispatch, reply) */
	char *reply_cause, *result, *satisfaction; /* the reply's mandatory fields */
	long long time_taken_s;     /* given with the reply; 0 = computed from the history */
	int invalid;                /* judged invalid (the fault is the customer's) */
	char *evidence;             /* why it is invalid (text or a file's contents) */
	long long status_at;        /* when the current status began */
	long long repeat_of;        /* the earlier ticket of a repeat complaint, 0 = none */
	char *batch;                /* the batch id, NULL = none */
};

void ct_ticket_free(struct ct_ticket *t);
/* Frees n tickets and the array. */
void ct_tickets_free(struct ct_ticket *v, size_t n);

/* One row of a ticket's history (the audit trail). status is the text the
 * event recorded (an imported history may carry another system's). */
struct ct_event {
	long long ticket, at;
	char *who, *action, *detail;
	int rev;          /* the ticket's rev after the change; 0 when unknown (oldest stores) */
	char *status;     /* the status after the change; NULL when unknown */
};
/* Frees n events and the array. */
void ct_events_free(struct ct_event *v, size_t n);

/*
 * Events that are not moves. A comment changes no status but is a change
 * of the ticket (rev + 1, its detail {"text": ...}); an escalation is an
 * observation of the clock, not a change: no rev (NULL), and neither the
 * rev nor updated_at moves, so an If-Match taken before it still holds.
 * ct_event_is_change is 0 for an escalation, 1 for every other event.
 */
#define CT_EVENT_COMMENT    "comment"
#define CT_EVENT_ESCALATION "escalation"
int ct_event_is_change(const struct ct_event *e);

/* The kinds of ticket (complaint handling and assessment standard):
 * ordinary, appeal (lodged with an outside body), repeat (the same customer
 * and phenomenon again within the window), batch (one cause, many tickets).
 * NULL-terminated; ct_kind_valid is 1 for one of them. */
#define CT_KIND_ORDINARY "ordinary"
#define CT_KIND_APPEAL   "appeal"
#define CT_KIND_REPEAT   "repeat"
#define CT_KIND_BATCH    "batch"
extern const char *const ct_kinds[];
int ct_kind_valid(const char *kind);
/* The customer's satisfaction as the revisit records it: 1 for satisfied,
 * partly, unsatisfied or unreachable, else 0. */
int ct_satisfaction_valid(const char *s);
/* 1 when t is of that kind (a NULL kind is ordinary). */
int ct_ticket_kind_is(const struct ct_ticket *t, const char *kind);

/* The times a ticket holds: util.h CT_TIME_MAX. */

/*
 * Checks a ticket read from outside (an import) against what filing and
 * the workflow make: every integer field within the field table's range
 * (id 1 .. 2^53 - 1, grade 1 .. 3, rev >= 1 ...), the cause (when set) one
 * of the cause codes, a status of the lifecycle (or none: the first), the
 * kind (when set) one of
 * ct_kinds, every time and deadline within 1970 .. 9999, no control
 * character in the complaint id or the cell (as filing). With history = 1
 * (the format carries the history) the history is ev[0 .. nev): one event
 * per change, so nev = t->rev (escalations aside: ct_event_is_change), the
 * i-th change has rev i + 1 (0: unknown, as the oldest stores wrote), each
 * event within 1970 .. 9999 and none before the one before it. Returns 0, or -1 with why (n bytes) saying the first mistake
 * ("grade 77 is not 1 to 3").
 */
int ct_ticket_check(const struct ct_ticket *t, const struct ct_event *ev, size_t nev,
		    int history, char *why, size_t n);

/*
 * A string member of a stored JSON document (complaint_json, verdict_json,
 * an event's detail): a copy the caller frees; NULL when doc is NULL, is
 * not a JSON object, or has no such string member.
 */
char *ct_doc_string(const char *doc, const char *key);

/*
 * Adds a tag (when not there yet) to t->tags and to the tags of the stored
 * verdict document, and an action line at the head of the verdict's
 * actions (either may be NULL). The tree's cause is kept.
 */
void ct_ticket_annotate(struct ct_ticket *t, const char *tag, const char *action);

/* ---------------------------------------------------------------------
 * Stages and deadlines: reply within 3 h, appeals 4 h (complaint handling
 * and assessment standard); registration within 1 h, major complaints
 * 30 min (complaint handling management rules); dispatch 15 min, handle 2 h
 * per department, return 15 min, feedback 1 h (provincial
 * complaint-handling flow). The numbers are the profile's.
 */
struct ct_deadlines;

/* A stage's limit in seconds for a ticket of this grade and kind. */
long long ct_stage_limit(enum ct_stage_id id, const struct ct_deadlines *d, int grade,
			 int appeal);

/*
 * The deadlines a new ticket carries (t->filed_at and t->received_at set),
 * each stage's from where its clock starts (ct_stage_filing_start), base
 * (when the complaint was received, else when it was filed) standing in for
 * a time the ticket lacks: register (30 min for grade 1), dispatch from the
 * filing and handle, return and feedback in a chain after it, callback,
 * reply (the appeal deadline for appeals), progress_report (in working days
 * of d->cal, util.h ct_add_working_days), revisit_from, revisit_to
 * (calendar days). Appends to t->deadlines.
 */
void ct_ticket_set_deadlines(struct ct_ticket *t, const struct ct_deadlines *d, long long base,
			     int appeal);

/*
 * How long each stage of a ticket took, from the ticket and its history,
 * against the limits d:
 *
 *   received   filed     dispatch         reply      feedback   close
 *      |--------|-----------|---------------|-----------|---------|
 *       register  dispatch        handle       feedback
 *      |------------------ reply -----------|
 *
 * "handle" includes the return step: the store has no event between
 * "handled" and "returned", the department's reply is the return, so the
 * department's budget is the sum of the two. A handle stage names its
 * department. Stages not yet started are absent; a running stage has end =
 * 0. *out is an array the caller frees with free() (the names are static).
 */
struct ct_stage {
	enum ct_stage_id stage;
	const char *name;
	char department[64];     /* handle only; "" when unknown */
	long long start, end;    /* end = 0: still running */
	long long limit_s;
};
void ct_ticket_stages(const struct ct_ticket *t, const struct ct_event *ev, size_t nev,
		      const struct ct_deadlines *d, struct ct_stage **out, size_t *n);
/*
 * The deadlines of t's stages that have started, from their clocks (v, n
 * from ct_ticket_stages): start + limit of each stage's latest run (handle:
 * the department's handle and return deadlines), so that a ticket's
 * Deadlines and its Stages give one answer after a re-filing or a
 * re-dispatch; a stage not started keeps the deadline planned at filing.
 */
void ct_ticket_clock_deadlines(struct ct_ticket *t, const struct ct_stage *v, size_t n,
			       const struct ct_deadlines *d);
/*
 * The stage an open ticket in status waits on (closed: none): the running
 * stage due first, leaving out those that fell due before the clock its
 * status runs started (CT_STATUSES: accepted -> dispatch, dispatched and
 * handling -> handle, replied -> feedback). An accepted ticket filed after
 * its reply fell due waits on its dispatch; a handled one whose reply falls
 * due before the handle does waits on the reply. *stage and *overdue_by
 * (now - due; negative = time left). Returns 0 when a stage is running, -1 when
 * none is. The queue (list --overdue, --due-within), the store's due
 * columns and ticket show all read this.
 */
int ct_ticket_due(const struct ct_stage *v, size_t n, enum ct_status status, long long now,
		  const char **stage, long long *overdue_by);
/*
 * When stage id starts at filing, by the stage table (CT_STAGES): receipt
 * for register (0 when the complaint gave no time), receipt else filing
 * for reply, filing for the first status's clock (dispatch); 0 for a
 * stage that starts with a later move. The stage clocks and the deadlines
 * a new ticket carries both read it.
 */
long long ct_stage_filing_start(const struct ct_ticket *t, enum ct_stage_id id);

/* ---------------------------------------------------------------------
 * The fields (src/ticket/fields.c)
 *
 * How each type is written (the readers take back exactly that):
 *
 *   type          JSON                  CSV                   SQL             TMF621 characteristic
 *   ID            number                decimal               integer         (the id attribute: a string)
 *   TEXT          string or null        field, "" = NULL      text            string, when set
 *   STATUS        its name              its name              its name        string
 *   INT           number                decimal               integer         integer
 *   TIME          ISO 8601 UTC or null  ISO 8601, "" = 0      epoch seconds   dateTime, when set
 *   SECONDS       number or null (0)    decimal               integer         integer, when set
 *   FLAG          true / false          0 / 1                 0 / 1           boolean, when true
 *   REF           number or null (0)    decimal, "" = 0       integer or NULL (a relationship)
 *   TAGS          array of strings      joined by ';'         JSON array      array
 *   DEADLINES     {stage: time}         stage=time;...        own table       object
 *   DOC           the document parsed   (not in the CSV)      text            string, verbatim
 */
enum ct_ftype {
	CT_FT_ID, CT_FT_TEXT, CT_FT_STATUS, CT_FT_INT, CT_FT_TIME, CT_FT_SECONDS, CT_FT_FLAG,
	CT_FT_REF, CT_FT_TAGS, CT_FT_DEADLINES, CT_FT_DOC
};

/* Where TMF621 carries a field: a TroubleTicket attribute (name), a
 * relatedParty / relatedEntity with that role (the value in member key,
 * @referredType referred), a troubleTicketRelationship of that
 * relationshipType, or a troubleTicketCharacteristic of that name. */
enum ct_tmf_kind { CT_TMF_CHARACTERISTIC, CT_TMF_ATTRIBUTE, CT_TMF_PARTY, CT_TMF_ENTITY,
		   CT_TMF_RELATIONSHIP };
struct ct_tmf_map {
	enum ct_tmf_kind kind;
	const char *name, *key, *referred;
};

/* Flags of a field. */
#define CT_FF_LIST     1u  /* a column of `ticket list --format csv` (all are in the export's) */
#define CT_FF_REQUIRED 2u  /* always written; a ticket read without it is refused */
#define CT_FF_WHEN_SET 4u  /* in the ticket JSON only when set */
#define CT_FF_FULL     8u  /* in the ticket JSON only in full (show, export) */
#define CT_FF_FILED   16u  /* given by the diagnosis: replaced when a complaint is filed again */
#define CT_FF_SUBSCRIBER 32u /* identifies the subscriber (or holds documents that do): --mask masks it */

struct ct_field {
	const char *name;      /* the field's name in messages */
	const char *json;      /* member of the ticket JSON; "reply.cause": member cause of
				* the object reply (made when one of its members is set) */
	const char *csv;       /* column of the export CSV; NULL: not in the CSV */
	const char *sql;       /* column of table tickets; NULL: kept in a table of its own */
	struct ct_tmf_map tmf;
	enum ct_ftype type;
	size_t off;            /* the member of struct ct_ticket */
	long long min, max;    /* ID, INT, SECONDS, FLAG, REF: the range a reader accepts */
	const char *dflt;      /* TEXT: the value when not set (store, TMF621); NULL: none */
	unsigned flags;
};

/* Every field, in the order of the JSON object and the CSV columns. */
extern const struct ct_field ct_fields[];
extern const size_t ct_nfields;

/* The field of that JSON member / CSV column / TMF621 characteristic; NULL
 * when none. */
const struct ct_field *ct_field_by_json(const char *json);
const struct ct_field *ct_field_by_tmf(const char *characteristic);

/* The fields a read needs when it needs only some (struct
 * ct_ticket_filter's fields): bit i stands for ct_fields[i]. The names
 * (struct ct_field's name) are separated by spaces; a name that is no
 * field's is a mistake of the program, which stops it. */
unsigned long long ct_field_bits(const char *names);

/* The member f describes in t: TEXT and DOC as char **, ID, TIME, SECONDS
 * and REF as long long *, INT and FLAG as int *, STATUS as enum ct_status *. */
void *ct_field_ptr(struct ct_ticket *t, const struct ct_field *f);
const void *ct_field_cptr(const struct ct_ticket *t, const struct ct_field *f);
/* An integer field's value (ID, INT, TIME, SECONDS, FLAG, REF, STATUS), and
 * setting it. */
long long ct_field_int(const struct ct_ticket *t, const struct ct_field *f);
void ct_field_set_int(struct ct_ticket *t, const struct ct_field *f, long long v);
/* A TEXT or DOC field's value. */
const char *ct_field_text(const struct ct_ticket *t, const struct ct_field *f);
/* 1 when f has a value in t: a string, a non-zero number, a status, a tag
 * or a deadline. */
int ct_field_is_set(const struct ct_ticket *t, const struct ct_field *f);
/* The JSON member's name within its object ("cause" for "reply.cause"),
 * and the object's name ("reply"; NULL for a member of the ticket). grp
 * has n bytes. */
const char *ct_field_json_key(const struct ct_field *f, char *grp, size_t n);

/* The grade as a TMF621 severity (1 Critical, 2 Major, else Minor), and a
 * severity read back (0 when it is none of those). */
const char *ct_grade_tmf_severity(int grade);
int ct_grade_from_tmf_severity(const char *severity);

/* The CSV header line, without the line end: the export's columns, or with
 * list = 1 those of `ticket list --format csv`. */
void ct_ticket_csv_header(struct ct_buf *b, int list);
/* The number of the export CSV's columns. */
size_t ct_ticket_csv_columns(void);

#endif
