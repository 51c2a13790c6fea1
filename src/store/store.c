/*
 * store.c — the shared ticket store (store.h): one SQLite file in WAL mode.
 *
 * Keeps the tickets of the lifecycle (ticket.h), every change as an audit
 * trail, on SQLite 3 through the system libsqlite3. The file layout:
 *
 *   tickets.db          the database (mode 0600, created here)
 *   tickets.db-wal      write-ahead log (same mode; SQLite copies it)
 *   tickets.db-shm      WAL index
 *
 *   schema 1                          schema 2 (adds)
 *   +---------------------------+     +------------------------------+
 *   | tickets                   |     | tickets.rev                  |
 *   |  id PK, complaint UNIQUE, |     | ticket_tag (ticket, tag)     |
 *   |  msisdn ... verdict_json, |     |   filled from tickets.tags   |
 *   |  tags  (JSON array text)  |     | ticket_event (ticket, at,    |
 *   | deadlines (ticket, stage, |     |   who, action, detail)       |
 *   |  due)                     |     |   the audit trail            |
 *   +---------------------------+     +------------------------------+
 *
 *   schema 3 (adds the NOC workflow; moves are in workflow.c)
 *   +----------------------------------------------------------------+
 *   | tickets.department, person, reply_cause, result, satisfaction,  |
 *   |   time_taken_s, invalid, evidence, status_at, repeat_of, batch  |
 *   | ticket_event.rev, status (unique per ticket and rev)            |
 *   | batch (id, cause, created_at, who)                              |
 *   +----------------------------------------------------------------+
 *
 *   schema 4 (adds knowledge and customer profiles; monitor.c)
 *   +----------------------------------------------------------------+
 *   | knowledge (id, cell | area, from_at, to_at, restore_at, what,   |
 *   |   who, created_at)   linked tickets carry the tag known:<id>    |
 *   | customer (msisdn PK, sensitive, repeat, contact, notes, who,    |
 *   |   updated_at)                                                   |
 *   +----------------------------------------------------------------+
 *
 *   schema 5 (adds the queue's index; due.c)
 *   +----------------------------------------------------------------+
 *   | tickets.due_at, due_stage  the running stage due first (open    |
 *   |   tickets; partial index tickets_due)                           |
 *   | store_meta (key, value)    'due_limits': the limits they hold   |
 *   +----------------------------------------------------------------+
 *
 *   schema 6 (adds the desk's users and subscriptions; users.c, hub.c)
 *   +----------------------------------------------------------------+
 *   | users (name PK, role, password: argon2id string, created_at)   |
 *   | user_token (hash PK: SHA-256 of the token, name, created_at)   |
 *   | hub (id, callback, query, owner, sent_id: the last ticket_event|
 *   |   id delivered, attempts, next_at, last_error)   hub.c         |
 *   +----------------------------------------------------------------+
 *
 *   schema 7 (moves the stored documents out of the ticket's row)
 *   +----------------------------------------------------------------+
 *   | ticket_doc (ticket PK, complaint_json, verdict_json): the      |
 *   |   kilobytes of each ticket, read only by what shows them       |
 *   | tickets without complaint_json, verdict_json                   |
 *   +----------------------------------------------------------------+
 *
 *   schema 8 (the desk's rules; text.c, escalate.c)
 *   +----------------------------------------------------------------+
 *   | ticket_text: each ticket's searched words (FTS5 on SQLite, a    |
 *   |   tsvector with a GIN index on PostgreSQL)                      |
 *   | escalation (ticket, stage, due_at, level PK, at): raised once   |
 *   | tickets.esc_due: the due time whose overdue was raised (partial |
 *   |   index tickets_esc: the scan reads only what may escalate)     |
 *   | tickets_filed: index on filed_at (creation-date filters)        |
 *   | tickets_queue: index on (grade, due_at) of the open tickets:    |
 *   |   the desk's queue, a grade at a time in due order (due.c)      |
 *   +----------------------------------------------------------------+
 *
 *   schema 9 (no table changes)
 *   +----------------------------------------------------------------+
 *   | ticket_doc's documents may be zstd frames (BLOB) on SQLite:     |
 *   |   db.c st_bind_doc / st_col_doc, SQL's ct_doc(x)               |
 *   +----------------------------------------------------------------+
 *
 *   schema 10
 *   +----------------------------------------------------------------+
 *   | tickets.channel: the complaint's channel (written with the     |
 *   |   row): the month's figures read no document                   |
 *   | tickets_received: (received_at, cell, cause, filed_at, batch,  |
 *   |   complaint): hot spots read the index alone                   |
 *   +----------------------------------------------------------------+
 *
 *   schema 11
 *   +----------------------------------------------------------------+
 *   | tickets_open: the open tickets' whole rows in due order (partial|
 *   |   index, replaces tickets_due; on PostgreSQL due_at and id): the |
 *   |   queue reads no table page                                     |
 *   | tickets_cell_received: (cell, received_at, cause, filed_at,    |
 *   |   batch, complaint): a filing's hot-cell check reads the index  |
 *   | ticket_doc's frames may name the store's zstd dictionary (db.c)|
 *   +----------------------------------------------------------------+
 *
 *   schema 12
 *   +----------------------------------------------------------------+
 *   | deadlines (ticket PK, stages): one row per ticket, a JSON object|
 *   |   of stage: due in due order, where it took a row per stage    |
 *   | without tickets_cell and ticket_event_ticket (the prefixes of   |
 *   |   tickets_cell_received and ticket_event_rev)                   |
 *   +----------------------------------------------------------------+
 *
 *   schema 13 (no new tables)
 *   +----------------------------------------------------------------+
 *   | ticket_tag holds only the tags looked up by tag: known:<id>,    |
 *   |   the knowledge entry that explains the ticket (monitor.c).     |
 *   |   A ticket's tags are its tags column; the others took twelve  |
 *   |   B-tree entries per ticket that nothing read                  |
 *   | tickets_batch: the tickets in a batch only (partial index)     |
 *   | on PostgreSQL, tickets_received and tickets_cell_received also |
 *   |   carry the id (INCLUDE): hot spots read the index alone        |
 *   +----------------------------------------------------------------+
 *
 *   schema 14: SQLite's text index merges 16 segments at a time
 *
 *   schema 15 (PostgreSQL only)
 *   +----------------------------------------------------------------+
 *   | no foreign keys to tickets: the rows of a ticket (documents,    |
 *   |   words, deadlines, tags, history, escalations) are written    |
 *   |   only with or after it, and no ticket is ever deleted; each   |
 *   |   row's check locked its ticket's row and logged the lock      |
 *   +----------------------------------------------------------------+
 *
 *   schema 16 (PostgreSQL only)
 *   +----------------------------------------------------------------+
 *   | ticket_doc's documents are bytea: zstd frames (db.c), as SQLite |
 *   |   keeps them since schema 9, or a short document's text         |
 *   +----------------------------------------------------------------+
 *
 * Concurrency: every write is BEGIN IMMEDIATE ... COMMIT. Every connection
 * waits up to 10 s for the write lock (db.c, busy_wait); on top of that
 * the whole transaction is retried (bounded, with a growing sleep) when it
 * still ends in SQLITE_BUSY or SQLITE_LOCKED. synchronous=FULL makes the
 * WAL commit durable before ct_store_file returns. Migrations run one
 * schema step per transaction, re-reading user_version inside it so two
 * processes opening an old store at once migrate it once.
 *
 * Ownership: a store carries PRAGMA application_id CT_STORE_APPLICATION_ID
 * (stores of schema 1 .. 4 made before it get it from the next command that
 * writes); anything else with tables is another program's and is refused
 * before the first write. Read-only commands open the store query_only and
 * never migrate it.
 *
 * Every SQL text here is a constant; values are always bound parameters.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "celltriage/store.h"
#include "internal.h"

#define WRITE_TRIES     8     /* whole-transaction tries on top of that */
#define BACKOFF_MIN_MS  5
#define BACKOFF_MAX_MS  500


/* ---------------------------------------------------------------------
 * Schema. Each step takes the store from version i to i + 1.
 */

static const char schema_v1[] =
	"CREATE TABLE tickets ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" complaint TEXT,"
	" msisdn TEXT, imsi TEXT, cell TEXT, rat TEXT, phenomenon TEXT,"
	" cause TEXT, class TEXT, domain TEXT, confidence TEXT,"
	" grade INTEGER NOT NULL DEFAULT 0,"
	" status TEXT NOT NULL DEFAULT 'accepted',"
	" kind TEXT NOT NULL DEFAULT 'ordinary',"
	" received_at INTEGER NOT NULL DEFAULT 0,"
	" filed_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" tags TEXT NOT NULL DEFAULT '[]',"
	" complaint_json TEXT,"
	" verdict_json TEXT);"
	/* NULL complaint ids are distinct in a UNIQUE index: never deduplicated. */
	"CREATE UNIQUE INDEX tickets_complaint ON tickets(complaint);"
	"CREATE INDEX tickets_status ON tickets(status);"
	"CREATE INDEX tickets_cause ON tickets(cause);"
	"CREATE INDEX tickets_cell ON tickets(cell);"
	"CREATE TABLE deadlines ("
	" ticket INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	" stage TEXT NOT NULL,"
	" due INTEGER NOT NULL,"
	" PRIMARY KEY (ticket, stage));";

static const char schema_v2[] =
	"ALTER TABLE tickets ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;"
	"CREATE TABLE ticket_tag ("
	" ticket INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	" tag TEXT NOT NULL,"
	" PRIMARY KEY (ticket, tag)) WITHOUT ROWID;"
	"CREATE INDEX ticket_tag_tag ON ticket_tag(tag);"
	/* Tags of schema-1 tickets; a malformed tags text is skipped, not fatal. */
	"INSERT OR IGNORE INTO ticket_tag (ticket, tag)"
	" SELECT t.id, j.value FROM tickets AS t, json_each(t.tags) AS j"
	" WHERE json_valid(t.tags) AND json_type(t.tags) = 'array'"
	" AND j.type = 'text';"
	"CREATE TABLE ticket_event ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" ticket INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	" at INTEGER NOT NULL,"
	" who TEXT,"
	" action TEXT NOT NULL,"
	" detail TEXT);"
	"CREATE INDEX ticket_event_ticket ON ticket_event(ticket, at);"
	/* The history starts at the migration: the filing itself predates it. */
	"INSERT INTO ticket_event (ticket, at, who, action, detail)"
	" SELECT id, filed_at, NULL, 'filed', 'filed under schema 1' FROM tickets;";

/* Schema 3: the NOC workflow. The reply's fields and the
 * responsible department live on the ticket; every event says which rev
 * and status it made (a rev appears once per ticket: the unique index is
 * the last line of defence against a lost update); batches get a table. */
static const char schema_v3[] =
	"ALTER TABLE tickets ADD COLUMN department TEXT;"
	"ALTER TABLE tickets ADD COLUMN person TEXT;"
	"ALTER TABLE tickets ADD COLUMN reply_cause TEXT;"
	"ALTER TABLE tickets ADD COLUMN result TEXT;"
	"ALTER TABLE tickets ADD COLUMN satisfaction TEXT;"
	"ALTER TABLE tickets ADD COLUMN time_taken_s INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE tickets ADD COLUMN invalid INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE tickets ADD COLUMN evidence TEXT;"
	"ALTER TABLE tickets ADD COLUMN status_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE tickets ADD COLUMN repeat_of INTEGER;"
	"ALTER TABLE tickets ADD COLUMN batch TEXT;"
	/* The best a schema-2 store knows of when its status began. */
	"UPDATE tickets SET status_at = updated_at;"
	"CREATE INDEX tickets_msisdn ON tickets(msisdn, phenomenon);"
	"CREATE INDEX tickets_imsi ON tickets(imsi, phenomenon);"
	"CREATE INDEX tickets_batch ON tickets(batch);"
	"CREATE TABLE batch ("
	" id TEXT PRIMARY KEY,"
	" cause TEXT,"
	" created_at INTEGER NOT NULL,"
	" who TEXT);"
	"ALTER TABLE ticket_event ADD COLUMN rev INTEGER;"
	"ALTER TABLE ticket_event ADD COLUMN status TEXT;"
	/* Schema 2 wrote "rev N" as the detail of filed/updated events. */
	"UPDATE ticket_event SET rev = CAST(substr(detail, 5) AS INTEGER)"
	" WHERE detail GLOB 'rev [0-9]*';"
	"CREATE UNIQUE INDEX ticket_event_rev ON ticket_event(ticket, rev);";

/* Schema 4: the NOC's monitoring. Knowledge of planned work (common
 * complaint handling cases): one place, cell or area, and a time span with the
 * promised restoration; tickets it explains carry the tag known:<id>.
 * Customer profiles (provincial complaint-handling flow): one row per
 * subscriber number. */
static const char schema_v4[] =
	"CREATE TABLE knowledge ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" cell TEXT, area TEXT,"
	" from_at INTEGER NOT NULL, to_at INTEGER NOT NULL,"
	" restore_at INTEGER NOT NULL DEFAULT 0,"
	" what TEXT NOT NULL, who TEXT, created_at INTEGER NOT NULL,"
	" CHECK ((cell IS NULL) <> (area IS NULL)), CHECK (from_at <= to_at));"
	"CREATE INDEX knowledge_span ON knowledge(to_at, from_at);"
	"CREATE TABLE customer ("
	" msisdn TEXT PRIMARY KEY,"
	" sensitive INTEGER NOT NULL DEFAULT 0,"
	" repeat INTEGER NOT NULL DEFAULT 0,"
	" contact TEXT, notes TEXT, who TEXT,"
	" updated_at INTEGER NOT NULL);"
	/* Hotspots read a time range, overall and per cell (noc.h). */
	"CREATE INDEX tickets_received ON tickets(received_at);"
	"CREATE INDEX tickets_cell_received ON tickets(cell, received_at);";

/* Schema 5: the NOC's queue as an index (due.c). Each open ticket's running
 * stage due first and when; due_stage NULL = not computed yet (so every
 * ticket of a migrated store), which the next command that writes with a
 * profile computes; the limits they were computed with in store_meta. */
static const char schema_v5[] =
	"ALTER TABLE tickets ADD COLUMN due_at INTEGER;"
	"ALTER TABLE tickets ADD COLUMN due_stage TEXT;"
	"CREATE INDEX tickets_due ON tickets(due_at) WHERE due_at IS NOT NULL;"
	"CREATE INDEX tickets_due_unknown ON tickets(id) WHERE due_stage IS NULL;"
	"CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);";

/* Schema 6: the desk's users (users.c). A password is kept as libsodium's
 * argon2id string (salt and cost in it), an API token as the SHA-256 of
 * its text: neither can be read back. */
static const char schema_v6[] =
	"CREATE TABLE users ("
	" name TEXT PRIMARY KEY,"
	" role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),"
	" password TEXT,"
	" created_at INTEGER NOT NULL);"
	"CREATE TABLE user_token ("
	" hash TEXT PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX user_token_name ON user_token(name);"
	/* The desk's notification subscriptions (hub.c): the audit trail is
	 * their outbox, each reads it from sent_id (the last ticket_event id
	 * delivered). */
	"CREATE TABLE hub ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" callback TEXT NOT NULL,"
	" query TEXT,"
	" owner TEXT,"
	" created_at INTEGER NOT NULL,"
	" sent_id INTEGER NOT NULL,"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT);";

/* Schema 7: the documents (CT_FF_FULL fields) in a table of their own. In
 * the ticket's row they sat before the columns later schemas added, so
 * every listing read each ticket's kilobytes of overflow pages to reach
 * its status or due time; now a row is a few hundred bytes. */
static const char schema_v7[] =
	"CREATE TABLE ticket_doc ("
	" ticket INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
	" complaint_json TEXT,"
	" verdict_json TEXT);"
	"INSERT INTO ticket_doc (ticket, complaint_json, verdict_json)"
	" SELECT id, complaint_json, verdict_json FROM tickets"
	" WHERE complaint_json IS NOT NULL OR verdict_json IS NOT NULL;"
	"ALTER TABLE tickets DROP COLUMN complaint_json;"
	"ALTER TABLE tickets DROP COLUMN verdict_json;"
	/* The month's figures count the year's appeals: a few among a year
	 * of tickets. */
	"CREATE INDEX tickets_appeal ON tickets(received_at) WHERE kind = 'appeal';";

/* Schema 8: the desk's rules. The searched text of each ticket (text.c:
 * filled in C by the same step, st_text_fill, since the words are put in
 * one form there), the escalations raised (escalate.c: one row per
 * ticket, stage run and level, so two scanners raise each once), and the
 * filing time's index for the creation-date filters. */
static const char schema_v8[] =
	"CREATE VIRTUAL TABLE ticket_text USING fts5(body,"
	" tokenize = 'unicode61 remove_diacritics 0');"
	"CREATE TABLE escalation ("
	" ticket INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	" stage TEXT NOT NULL,"
	" due_at INTEGER NOT NULL,"
	" level TEXT NOT NULL,"
	" at INTEGER NOT NULL,"
	" PRIMARY KEY (ticket, stage, due_at, level)) WITHOUT ROWID;"
	/* The due time whose overdue escalation was raised: the scan's index
	 * leaves those tickets out until their stage moves on. */
	"ALTER TABLE tickets ADD COLUMN esc_due INTEGER;"
	"CREATE INDEX tickets_esc ON tickets(due_at)"
	" WHERE due_at IS NOT NULL AND esc_due IS DISTINCT FROM due_at;"
	"CREATE INDEX tickets_filed ON tickets(filed_at);"
	/* The desk's queue: each grade's open tickets in due order (due.c). */
	"CREATE INDEX tickets_queue ON tickets(grade, due_at) WHERE due_at IS NOT NULL;";

/* Schema 9: the documents of ticket_doc may be zstd frames (db.c,
 * st_bind_doc), written so from this version on; older rows keep their
 * text, read as it is. No table changes: the step only keeps programs
 * that would read a frame as text away from the store. */
static const char schema_v9[] = "";

/* Schema 10: the complaint's channel (its "channel" member when that is a
 * string) kept in the ticket's row, written with the documents: the month's
 * figures count valid channel complaints without unpacking any document.
 * The time index carries what hot-spot detection reads (monitor.c,
 * ct_store_between), so a month of tickets is read from the index alone
 * instead of a table page per ticket. */
#define SCHEMA_V10_RECEIVED \
	"DROP INDEX tickets_received;" \
	"CREATE INDEX tickets_received ON tickets(received_at, cell, cause, filed_at, batch, complaint);"
static const char schema_v10[] =
	SCHEMA_V10_RECEIVED
	"ALTER TABLE tickets ADD COLUMN channel TEXT;"
	"UPDATE tickets SET channel = (SELECT CASE WHEN json_valid(d) AND"
	" json_type(d, '$.channel') = 'text' THEN json_extract(d, '$.channel') END"
	" FROM (SELECT ct_doc(complaint_json) AS d FROM ticket_doc WHERE ticket = tickets.id));";

/* Schema 11: the queue of open tickets (due.c: `ticket list --overdue`,
 * --due-within) read from an index alone. tickets_open holds every column
 * of an open ticket's row (due_at set: 1 in 100 tickets of a year's store)
 * in due order, so listing the queue reads no table page, where the first
 * column alone (tickets_due, which it replaces) cost a page per ticket.
 * A column added to tickets later is added here too, by a new index, or
 * the queue reads the table again. It is made before tickets_due is
 * dropped: SQLite then fills it from that index, not the whole table. */
#define SCHEMA_V11_OPEN_KEY "due_at, id"
#define SCHEMA_V11_OPEN_ROW \
	"complaint, msisdn, imsi, cell, rat, phenomenon, cause, class, domain, confidence," \
	" grade, status, kind, received_at, filed_at, updated_at, tags, rev, department," \
	" person, reply_cause, result, satisfaction, time_taken_s, invalid, evidence," \
	" status_at, repeat_of, batch, due_stage, esc_due, channel"
/* The cell's index also carries what a filing's hot-cell check reads of
 * the cell's recent tickets (monitor.c, ct_store_between), so it reads no
 * table page per ticket either. */
#define SCHEMA_V11_CELL \
	"DROP INDEX tickets_cell_received;" \
	"CREATE INDEX tickets_cell_received ON tickets(cell, received_at, cause, filed_at, batch," \
	" complaint);"
static const char schema_v11[] =
	"CREATE INDEX tickets_open ON tickets(" SCHEMA_V11_OPEN_KEY ", " SCHEMA_V11_OPEN_ROW ")"
	" WHERE due_at IS NOT NULL;"
	"DROP INDEX tickets_due;"
	SCHEMA_V11_CELL;

/* Schema 12: a ticket's deadlines in one row, a JSON object of stage:
 * due (st_deadlines_text), where they took a row per stage: ten rows and
 * twenty B-tree entries per ticket, written by every filing and import
 * and sorted by the walk of every listing. The two indexes the store no
 * longer reads go: tickets_cell_received and ticket_event_rev begin with
 * the cell and the ticket that tickets_cell and ticket_event_ticket held.
 * The old rows' order (due, then stage) is the one a load keeps. */
#define SCHEMA_V12_INDEXES \
	"DROP INDEX tickets_cell;" \
	"DROP INDEX ticket_event_ticket;"
static const char schema_v12[] =
	SCHEMA_V12_INDEXES
	"CREATE TABLE deadlines_v12 ("
	" ticket INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
	" stages TEXT NOT NULL);"
	"INSERT INTO deadlines_v12 (ticket, stages)"
	" SELECT ticket, json_group_object(stage, due) FROM"
	" (SELECT ticket, stage, due FROM deadlines ORDER BY ticket, due, stage) GROUP BY ticket;"
	"DROP TABLE deadlines;"
	"ALTER TABLE deadlines_v12 RENAME TO deadlines;";

/* Schema 13: ticket_tag keeps the tags something looks up by tag, those
 * linking a ticket to a knowledge entry (st_tag_looked_up); every tag
 * stays in the ticket's tags column, which is what shows it. The batch
 * index holds the tickets in a batch only (a batch is looked up by its
 * id; most tickets are in none). The same text on both engines. */
#define SCHEMA_V13 \
	"DELETE FROM ticket_tag WHERE substr(tag, 1, length('" CT_KNOWN_TAG "')) <> '" CT_KNOWN_TAG "';" \
	"DROP INDEX tickets_batch;" \
	"CREATE INDEX tickets_batch ON tickets(batch) WHERE batch IS NOT NULL;"
static const char schema_v13[] = SCHEMA_V13;
/* Schema 14: FTS5 merges the searched words' segments when 16 of one size
 * have gathered, not 4. Each write of a few tickets (a group of filings)
 * adds a small segment, and merging every 4 rewrote the index's words over
 * and over: half of the instructions of 150 groups of 32 filings on a store
 * of a million. A search looks in a few more segments; on that store the
 * same searches cost the same. The
 * merge of a level is spread over the writes that follow (crisismerge
 * above automerge): at FTS5's default of 16 for both, a level's 16th
 * segment was merged at once, and the first group of filings after an
 * import of a million tickets took 2.5 s. Only SQLite: PostgreSQL's GIN
 * index has no such setting to move. */
static const char schema_v14[] =
	"INSERT INTO ticket_text (ticket_text, rank) VALUES ('automerge', 16);"
	"INSERT INTO ticket_text (ticket_text, rank) VALUES ('crisismerge', 64);";
/* On PostgreSQL the two time indexes also carry the ticket's id, which
 * SQLite keeps in every index entry anyway: hot spots and a filing's
 * hot-cell check read only the index (an index-only scan), where each
 * ticket cost a visit to the table. */
#define PG_SCHEMA_V13 \
	SCHEMA_V13 \
	"DROP INDEX tickets_received;" \
	"CREATE INDEX tickets_received ON tickets(received_at, cell, cause, filed_at, batch, complaint)" \
	" INCLUDE (id);" \
	"DROP INDEX tickets_cell_received;" \
	"CREATE INDEX tickets_cell_received ON tickets(cell, received_at, cause, filed_at, batch," \
	" complaint) INCLUDE (id);"

/* Schemas 15 to 18 change PostgreSQL's stores only (PG_SCHEMA_V15 ..
 * PG_SCHEMA_V18). */
static const char schema_v15[] = "";
static const char schema_v16[] = "";
static const char schema_v17[] = "";
static const char schema_v18[] = "";

static const char *const migrations[CT_STORE_SCHEMA] = {
	schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6, schema_v7, schema_v8,
	schema_v9, schema_v10, schema_v11, schema_v12, schema_v13, schema_v14, schema_v15,
	schema_v16, schema_v17, schema_v18
};

/*
 * The same store on PostgreSQL, made at once at the current version (there
 * never were older PostgreSQL stores; a later version adds its step here as
 * for SQLite). Integers are bigint (SQLite's INTEGER is 64-bit); text
 * compares byte by byte (COLLATE "C", as SQLite's BINARY) so every listing
 * is in the same order on both engines. The store's identity and version
 * are rows of store_meta.
 */
#define PG_TEXT "TEXT COLLATE \"C\""
/* Schema 7 on PostgreSQL: the documents in a table of their own (as on
 * SQLite; PostgreSQL keeps large values out of line anyway, but one schema
 * keeps one set of statements). A new store has no documents to move. */
#define PG_SCHEMA_V7 \
	"CREATE TABLE ticket_doc (" \
	" ticket BIGINT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE," \
	" complaint_json " PG_TEXT "," \
	" verdict_json " PG_TEXT ");" \
	"CREATE INDEX tickets_appeal ON tickets(received_at) WHERE kind = 'appeal';"
#define PG_MOVE_DOCS \
	PG_SCHEMA_V7 \
	"INSERT INTO ticket_doc (ticket, complaint_json, verdict_json)" \
	" SELECT id, complaint_json, verdict_json FROM tickets" \
	" WHERE complaint_json IS NOT NULL OR verdict_json IS NOT NULL;" \
	"ALTER TABLE tickets DROP COLUMN complaint_json, DROP COLUMN verdict_json;"

/* Schema 8 on PostgreSQL: the searched words as a tsvector with a GIN
 * index, the escalations, the filing time's index. The table is made as
 * schema 17 has it (text.c fills it right after, as it writes it now). */
#define PG_SCHEMA_V8 \
	"CREATE TABLE ticket_text (" \
	" ticket BIGINT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE," \
	" tsv tsvector NOT NULL);" \
	"CREATE INDEX ticket_text_tsv ON ticket_text USING gin (tsv);" \
	"CREATE TABLE escalation (" \
	" ticket BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE," \
	" stage " PG_TEXT " NOT NULL," \
	" due_at BIGINT NOT NULL," \
	" level " PG_TEXT " NOT NULL," \
	" at BIGINT NOT NULL," \
	" PRIMARY KEY (ticket, stage, due_at, level));" \
	"ALTER TABLE tickets ADD COLUMN esc_due BIGINT;" \
	"CREATE INDEX tickets_esc ON tickets(due_at)" \
	" WHERE due_at IS NOT NULL AND esc_due IS DISTINCT FROM due_at;" \
	"CREATE INDEX tickets_filed ON tickets(filed_at);" \
	"CREATE INDEX tickets_queue ON tickets(grade, due_at) WHERE due_at IS NOT NULL;"

/* Schema 10 on PostgreSQL: the complaint's channel in the ticket's row. */
#define PG_SCHEMA_V10 \
	SCHEMA_V10_RECEIVED \
	"ALTER TABLE tickets ADD COLUMN channel " PG_TEXT ";" \
	"UPDATE tickets SET channel = ticket_doc.complaint_json::jsonb ->> 'channel'" \
	" FROM ticket_doc WHERE ticket_doc.ticket = tickets.id" \
	" AND jsonb_typeof(ticket_doc.complaint_json::jsonb -> 'channel') = 'string';"

/* Schema 11 on PostgreSQL: the same name and order, without the row (an
 * index holds at most 32 columns there, and an index-only scan still
 * visits the table for rows not yet marked all-visible by VACUUM). */
#define PG_SCHEMA_V11 \
	"CREATE INDEX tickets_open ON tickets(" SCHEMA_V11_OPEN_KEY ") WHERE due_at IS NOT NULL;" \
	"DROP INDEX tickets_due;" \
	SCHEMA_V11_CELL

/* Schema 12 on PostgreSQL: the same (the object's members in due order). */
#define PG_SCHEMA_V12 \
	SCHEMA_V12_INDEXES \
	"CREATE TABLE deadlines_v12 (" \
	" ticket BIGINT PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE," \
	" stages " PG_TEXT " NOT NULL);" \
	"INSERT INTO deadlines_v12 (ticket, stages)" \
	" SELECT ticket, json_object_agg(stage, due ORDER BY due, stage)::text FROM deadlines" \
	" GROUP BY ticket;" \
	"DROP TABLE deadlines;" \
	"ALTER TABLE deadlines_v12 RENAME TO deadlines;"

/* Schema 6 on PostgreSQL: the desk's users, tokens and subscriptions. */
#define PG_SCHEMA_V6 \
	"CREATE TABLE users (" \
	" name " PG_TEXT " PRIMARY KEY," \
	" role " PG_TEXT " NOT NULL CHECK (role IN ('viewer', 'operator', 'admin'))," \
	" password " PG_TEXT "," \
	" created_at BIGINT NOT NULL);" \
	"CREATE TABLE user_token (" \
	" hash " PG_TEXT " PRIMARY KEY," \
	" name " PG_TEXT " NOT NULL," \
	" created_at BIGINT NOT NULL);" \
	"CREATE INDEX user_token_name ON user_token(name);" \
	"CREATE TABLE hub (" \
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY," \
	" callback " PG_TEXT " NOT NULL," \
	" query " PG_TEXT "," \
	" owner " PG_TEXT "," \
	" created_at BIGINT NOT NULL," \
	" sent_id BIGINT NOT NULL," \
	" attempts BIGINT NOT NULL DEFAULT 0," \
	" next_at BIGINT NOT NULL DEFAULT 0," \
	" last_error " PG_TEXT ");"

/*
 * Schema 15 on PostgreSQL: the foreign keys to tickets dropped, whatever a
 * store's history named them. On PostgreSQL a row's check locks the
 * ticket's row (FOR KEY SHARE) and logs the lock: with a history of six
 * events a ticket, a quarter of an import's time (20,000 tickets: 2.77 s
 * with them, 2.03 s without, on an empty store). The store writes a
 * ticket's rows only in the transaction of the ticket or after it, and
 * deletes no ticket; SQLite keeps its keys, whose check is a lookup.
 */
#define PG_SCHEMA_V15 \
	"DO $$ DECLARE r record; BEGIN" \
	" FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint" \
	"  WHERE contype = 'f' AND confrelid = 'tickets'::regclass LOOP" \
	"  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);" \
	" END LOOP; END $$;"

/*
 * Schema 16 on PostgreSQL: the documents as bytea, written as zstd frames
 * with the store's dictionary from now on (db.c st_bind_doc), where the
 * server compressed their text (TOAST's pglz) to about four fifths. A
 * document already stored keeps its text, as bytes: st_col_doc reads both.
 * The step rewrites the table (at a million tickets, some 2 GB).
 */
#define PG_SCHEMA_V16 \
	"ALTER TABLE ticket_doc" \
	" ALTER COLUMN complaint_json TYPE bytea USING convert_to(complaint_json, 'UTF8')," \
	" ALTER COLUMN verdict_json TYPE bytea USING convert_to(verdict_json, 'UTF8');"

/*
 * Schema 17 on PostgreSQL: the searched words written as a tsvector by
 * text.c, where the server made it from their text (a generated column,
 * to_tsvector('simple', body)) and kept the text too, which nothing read:
 * the server's parsing was a tenth of an import's work on its side, and
 * the text 113 bytes a ticket (20 files of 20,000 tickets into a store of
 * their own, interleaved with the same into one of schema 16: 33.9 s
 * against 36.2 s). The words already there stay as they are; a store
 * made at schema 8 or later by this release has the table so already.
 */
#define PG_SCHEMA_V17 \
	"ALTER TABLE ticket_text ALTER COLUMN tsv DROP EXPRESSION IF EXISTS;" \
	"ALTER TABLE ticket_text DROP COLUMN IF EXISTS body;" \
	"ALTER TABLE ticket_text ALTER COLUMN tsv SET NOT NULL;"

/*
 * Schema 18 on PostgreSQL: a subscriber's tickets found through hash
 * indexes on msisdn and imsi instead of B-trees on (msisdn, phenomenon)
 * and (imsi, phenomenon). Every lookup by them is for one number (the
 * repeat check, the customer's card, --msisdn, --imsi), and the
 * phenomenon is a filter over that number's few tickets. A hash index
 * entry is a 4-byte hash code, not the number, and an insert goes to its
 * bucket without comparing texts down a tree: on a store where numbers
 * arrive in no order, the two B-trees were the costliest of a ticket's
 * indexes to keep (20 files of 20,000 tickets into a store of their own,
 * interleaved with the same into one with the B-trees: 35.7 s against
 * 38.0 s). A ticket without the number has no entry. SQLite keeps its
 * B-trees.
 */
#define PG_SCHEMA_V18 \
	"DROP INDEX tickets_msisdn;" \
	"DROP INDEX tickets_imsi;" \
	"CREATE INDEX tickets_msisdn ON tickets USING hash (msisdn);" \
	"CREATE INDEX tickets_imsi ON tickets USING hash (imsi);"

static const char pg_schema[] =
	"CREATE TABLE tickets ("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" complaint " PG_TEXT ","
	" msisdn " PG_TEXT ", imsi " PG_TEXT ", cell " PG_TEXT ", rat " PG_TEXT ","
	" phenomenon " PG_TEXT ", cause " PG_TEXT ", class " PG_TEXT ", domain " PG_TEXT ","
	" confidence " PG_TEXT ","
	" grade BIGINT NOT NULL DEFAULT 0,"
	" status " PG_TEXT " NOT NULL DEFAULT 'accepted',"
	" kind " PG_TEXT " NOT NULL DEFAULT 'ordinary',"
	" received_at BIGINT NOT NULL DEFAULT 0,"
	" filed_at BIGINT NOT NULL,"
	" updated_at BIGINT NOT NULL,"
	" tags " PG_TEXT " NOT NULL DEFAULT '[]',"
	" rev BIGINT NOT NULL DEFAULT 1,"
	" department " PG_TEXT ", person " PG_TEXT ", reply_cause " PG_TEXT ","
	" result " PG_TEXT ", satisfaction " PG_TEXT ","
	" time_taken_s BIGINT NOT NULL DEFAULT 0,"
	" invalid BIGINT NOT NULL DEFAULT 0,"
	" evidence " PG_TEXT ","
	" status_at BIGINT NOT NULL DEFAULT 0,"
	" repeat_of BIGINT,"
	" batch " PG_TEXT ","
	" due_at BIGINT,"
	" due_stage " PG_TEXT ");"
	"CREATE UNIQUE INDEX tickets_complaint ON tickets(complaint);"
	"CREATE INDEX tickets_status ON tickets(status);"
	"CREATE INDEX tickets_cause ON tickets(cause);"
	"CREATE INDEX tickets_cell ON tickets(cell);"
	"CREATE INDEX tickets_msisdn ON tickets(msisdn, phenomenon);"
	"CREATE INDEX tickets_imsi ON tickets(imsi, phenomenon);"
	"CREATE INDEX tickets_batch ON tickets(batch);"
	"CREATE INDEX tickets_received ON tickets(received_at);"
	"CREATE INDEX tickets_cell_received ON tickets(cell, received_at);"
	"CREATE INDEX tickets_due ON tickets(due_at) WHERE due_at IS NOT NULL;"
	"CREATE INDEX tickets_due_unknown ON tickets(id) WHERE due_stage IS NULL;"
	"CREATE TABLE deadlines ("
	" ticket BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	" stage " PG_TEXT " NOT NULL,"
	" due BIGINT NOT NULL,"
	" PRIMARY KEY (ticket, stage));"
	"CREATE TABLE ticket_tag ("
	" ticket BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	" tag " PG_TEXT " NOT NULL,"
	" PRIMARY KEY (ticket, tag));"
	"CREATE INDEX ticket_tag_tag ON ticket_tag(tag);"
	"CREATE TABLE ticket_event ("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" ticket BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	" at BIGINT NOT NULL,"
	" who " PG_TEXT ","
	" action " PG_TEXT " NOT NULL,"
	" detail " PG_TEXT ","
	" rev BIGINT,"
	" status " PG_TEXT ");"
	"CREATE INDEX ticket_event_ticket ON ticket_event(ticket, at);"
	"CREATE UNIQUE INDEX ticket_event_rev ON ticket_event(ticket, rev);"
	"CREATE TABLE batch ("
	" id " PG_TEXT " PRIMARY KEY,"
	" cause " PG_TEXT ","
	" created_at BIGINT NOT NULL,"
	" who " PG_TEXT ");"
	"CREATE TABLE knowledge ("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" cell " PG_TEXT ", area " PG_TEXT ","
	" from_at BIGINT NOT NULL, to_at BIGINT NOT NULL,"
	" restore_at BIGINT NOT NULL DEFAULT 0,"
	" what " PG_TEXT " NOT NULL, who " PG_TEXT ", created_at BIGINT NOT NULL,"
	" CHECK ((cell IS NULL) <> (area IS NULL)), CHECK (from_at <= to_at));"
	"CREATE INDEX knowledge_span ON knowledge(to_at, from_at);"
	"CREATE TABLE customer ("
	" msisdn " PG_TEXT " PRIMARY KEY,"
	" sensitive BIGINT NOT NULL DEFAULT 0,"
	" repeat BIGINT NOT NULL DEFAULT 0,"
	" contact " PG_TEXT ", notes " PG_TEXT ", who " PG_TEXT ","
	" updated_at BIGINT NOT NULL);"
	"CREATE TABLE store_meta (key " PG_TEXT " PRIMARY KEY, value " PG_TEXT " NOT NULL);"
	PG_SCHEMA_V6
	PG_SCHEMA_V7
	PG_SCHEMA_V8
	PG_SCHEMA_V10
	PG_SCHEMA_V11
	PG_SCHEMA_V12
	PG_SCHEMA_V13
	PG_SCHEMA_V15
	PG_SCHEMA_V16
	PG_SCHEMA_V17
	PG_SCHEMA_V18;

/* The steps of a PostgreSQL store made by an earlier release, from
 * PG_FIRST_SCHEMA (the version the first PostgreSQL stores were made at)
 * on: pg_migrations[i] takes it from PG_FIRST_SCHEMA + i to the next. Each
 * also goes into pg_schema, which makes a new store at once. */
#define PG_FIRST_SCHEMA 5
static const char *const pg_migrations[CT_STORE_SCHEMA - PG_FIRST_SCHEMA + 1] = {
	PG_SCHEMA_V6, /* 5 -> 6 */
	PG_MOVE_DOCS, /* 6 -> 7 */
	PG_SCHEMA_V8, /* 7 -> 8 (the text filled by migrate_step) */
	"SELECT 1",   /* 8 -> 9: documents stay text (the server compresses them) */
	PG_SCHEMA_V10, /* 9 -> 10 */
	PG_SCHEMA_V11, /* 10 -> 11 */
	PG_SCHEMA_V12, /* 11 -> 12 */
	PG_SCHEMA_V13, /* 12 -> 13 */
	"SELECT 1",   /* 13 -> 14: the text index's merging is SQLite's (FTS5) */
	PG_SCHEMA_V15, /* 14 -> 15 */
	PG_SCHEMA_V16, /* 15 -> 16 */
	PG_SCHEMA_V17, /* 16 -> 17 */
	PG_SCHEMA_V18, /* 17 -> 18 */
	NULL
};
#undef PG_SCHEMA_V6
#undef PG_SCHEMA_V7
#undef PG_MOVE_DOCS
#undef PG_SCHEMA_V8
#undef PG_SCHEMA_V10
#undef PG_SCHEMA_V11
#undef PG_SCHEMA_V12
#undef PG_SCHEMA_V13
#undef PG_SCHEMA_V15
#undef PG_SCHEMA_V16
#undef PG_SCHEMA_V17
#undef PG_SCHEMA_V18
#undef SCHEMA_V13
#undef SCHEMA_V12_INDEXES
#undef SCHEMA_V10_RECEIVED
#undef SCHEMA_V11_OPEN_KEY
#undef SCHEMA_V11_CELL
#undef SCHEMA_V11_OPEN_ROW
#undef PG_TEXT

/* ---------------------------------------------------------------------
 * Errors
 */

/*
 * Turns a SQLite result code into the module's one-line message. why is
 * SQLite's own message saved when the statement failed (a ROLLBACK since
 * then has reset sqlite3_errmsg to "not an error"), or NULL to ask db now.
 */
int
st_sql_fail_why(const char *path, st_db *db, int rc, const char *why, struct ct_err *err)
{
	/* A server's message says more than the nearest SQLite code would;
	 * SQLITE_CORRUPT is never the server's, but this program's reading
	 * of what it stored (a deadlines row that is not the object written). */
	if (db && st_db_engine(db) == ST_POSTGRESQL && !st_is_busy(rc) &&
	    (rc & 0xff) != SQLITE_CORRUPT)
		return ct_fail(err, CT_ESTORE, "%s: %s", path, why && *why ? why : st_db_errmsg(db));
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return ct_fail(err, CT_ESTORE, "%s: database or disk is full", path);
	case SQLITE_IOERR:
		return ct_fail(err, CT_ESTORE, "%s: disk i/o error", path);
	case SQLITE_NOTADB:
		return ct_fail(err, CT_ESTORE, "%s: not a sqlite database", path);
	case SQLITE_CORRUPT:
		if (st_db_corrupt_why(db)) {
			int e = ct_fail(err, CT_ESTORE, "%s: database is corrupt: %s", path,
					st_db_corrupt_why(db));

			st_db_corrupt_clear(db);
			return e;
		}
		return ct_fail(err, CT_ESTORE, "%s: database is corrupt", path);
	case SQLITE_READONLY:
		return ct_fail(err, CT_ESTORE, "%s: store is read-only", path);
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return ct_fail(err, CT_ESTORE, "%s: permission denied", path);
	case SQLITE_CANTOPEN:
		return ct_fail(err, CT_ESTORE, "%s: cannot open the store", path);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ct_fail(err, CT_ESTORE,
			       "%s: store is locked by another process (gave up after %d tries)",
			       path, WRITE_TRIES);
	case SQLITE_NOMEM:
		return ct_fail(err, CT_ESTORE, "%s: out of memory", path);
	default:
		return ct_fail(err, CT_ESTORE, "%s: %s", path,
			       why && *why ? why : db ? st_db_errmsg(db) : sqlite3_errstr(rc));
	}
}

int
st_sql_fail(const char *path, st_db *db, int rc, struct ct_err *err)
{
	return st_sql_fail_why(path, db, rc, NULL, err);
}

int
st_is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/* Sleeps before retry number try (0-based): 5, 10, 20 ... capped at 500 ms,
 * plus a jitter so that colliding writers do not retry in lockstep. */
void
st_backoff(int try)
{
	long ms = BACKOFF_MIN_MS;
	struct timespec ts;

	for (int i = 0; i < try && ms < BACKOFF_MAX_MS; i++)
		ms *= 2;
	if (ms > BACKOFF_MAX_MS)
		ms = BACKOFF_MAX_MS;
	ms += (long)((unsigned)getpid() % 7u);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* ---------------------------------------------------------------------
 * Small statement helpers: every one returns a SQLite result code.
 */

/* Runs a constant PRAGMA that answers one row; copies the first column as
 * text into out (may be NULL). */
static int
pragma_text(st_db *db, const char *sql, char *out, size_t n)
{
	st_stmt *st;
	int rc = st_prepare(db, sql, &st);

	if (rc != SQLITE_OK)
		return rc;
	rc = st_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = st_col_ctext(st, 0);

		if (out && n) {
			snprintf(out, n, "%s", v ? v : "");
		}
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		if (out && n)
			out[0] = '\0';
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc;
}

/* A PostgreSQL store's identity, in two statements: the tables of the
 * schema and whether store_meta is one of them, then the store's id and
 * version from it (0 when there is none, or no table). The catalog is
 * read as a table (an MVCC scan), not with to_regclass(): a name looked up
 * before another process created it stays unknown in this session's cache
 * until a lock is taken on it. */
static int
pg_identity(st_db *db, int *app_id, int *version, int *tables)
{
	st_stmt *st;
	int rc, meta = 0;

	*app_id = *version = *tables = 0;
	/* pg_tables' rows from its tables (the view's rewrite alone took a
	 * quarter of a new session's first statement). */
	rc = st_prepare(db, "SELECT count(*), count(*) FILTER (WHERE c.relname = 'store_meta')"
			" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
			" ON n.oid = c.relnamespace"
			" WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')", &st);
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = st_step(st)) == SQLITE_ROW) {
		*tables = st_col_int(st, 0);
		meta = st_col_int(st, 1) == 1;
		rc = SQLITE_OK;
	}
	st_finalize(st);
	if (rc != SQLITE_OK || !meta)
		return rc == SQLITE_DONE ? SQLITE_OK : rc;
	rc = st_prepare(db, "SELECT key, value FROM store_meta"
			" WHERE key IN ('application_id', 'schema_version')", &st);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = st_step(st)) == SQLITE_ROW) {
		const char *k = st_col_ctext(st, 0), *v = st_col_ctext(st, 1);
		int n = v ? (int)strtol(v, NULL, 10) : 0;

		if (k && !strcmp(k, "application_id"))
			*app_id = n;
		else if (k)
			*version = n;
	}
	st_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The schema version: SQLite's user_version, PostgreSQL's store_meta row. */
static int
user_version(st_db *db, int *v)
{
	char buf[32];
	int app_id, tables, rc;

	if (st_db_engine(db) != ST_SQLITE)
		return pg_identity(db, &app_id, v, &tables);
	rc = pragma_text(db, "PRAGMA user_version", buf, sizeof(buf));
	if (rc == SQLITE_OK)
		*v = (int)strtol(buf, NULL, 10);
	return rc;
}

/* Runs an INSERT ... RETURNING id, then resets it: the new row's id in *id. */
int
st_step_id(st_stmt *st, long long *id)
{
	int rc = st_step(st);

	if (rc == SQLITE_ROW) {
		*id = st_col_int64(st, 0);
		rc = st_step(st);
	}
	st_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* sql prepared to run (row 0), or to be gathered (row 1: st_prepare_row;
 * row 2: st_prepare_row_ordered) where the engine gathers. */
static int
prepare_as(st_db *db, const char *sql, int row, st_stmt **st)
{
	return row == 2 ? st_prepare_row_ordered(db, sql, st)
	       : row ? st_prepare_row(db, sql, st) : st_prepare(db, sql, st);
}

static int
run(st_db *db, const char *sql, const struct st_param *p, size_t n, long long *changed, int row)
{
	st_stmt *st = NULL;
	int rc = prepare_as(db, sql, row, &st);

	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		int k = (int)i + 1;

		switch (p[i].kind) {
		case ST_PARAM_INT:
			rc = st_bind_int64(st, k, p[i].i);
			break;
		case ST_PARAM_TSVECTOR:
			rc = st_bind_tsvector(st, k, p[i].s);
			break;
		default:
			rc = st_bind_text(st, k, p[i].s);
		}
	}
	if (rc == SQLITE_OK)
		rc = st_step_done(st);
	if (rc == SQLITE_OK && changed)
		*changed = st_changes(db);
	st_finalize(st);
	return rc;
}

int
st_run(st_db *db, const char *sql, const struct st_param *p, size_t n, long long *changed)
{
	return run(db, sql, p, n, changed, 0);
}

int
st_run_row(st_db *db, const char *sql, const struct st_param *p, size_t n)
{
	return run(db, sql, p, n, NULL, 1);
}

struct run_arg {
	const char *sql;
	const struct st_param *p;
	size_t n;
	long long changed;
};

static int
run_txn(st_db *db, void *arg)
{
	struct run_arg *a = arg;

	return st_run(db, a->sql, a->p, a->n, &a->changed);
}

int
st_write_one(struct ct_store *s, const char *sql, const struct st_param *p, size_t n,
	     long long *changed, struct ct_err *err)
{
	struct run_arg a = { sql, p, n, 0 };
	char why[256] = "";
	int rc = st_write_txn(s->db, run_txn, &a, why, sizeof(why));

	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	if (changed)
		*changed = a.changed;
	return 0;
}

/* Runs a prepared statement that returns no row, then resets it. */
int
st_step_done(st_stmt *st)
{
	int rc = st_step(st);

	st_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---------------------------------------------------------------------
 * Write transactions with retry
 */


static int
begin_write(st_db *db, int how)
{
	int rc = SQLITE_BUSY;

	for (int try = 0; try < WRITE_TRIES && st_is_busy(rc); try++) {
		if (try > 0)
			st_backoff(try - 1);
		rc = st_begin(db, how);
	}
	return rc;
}

int
st_begin_write(st_db *db)
{
	return begin_write(db, 1);
}

int
st_begin_filing(struct ct_store *s)
{
	s->keys = 0;
	return begin_write(s->db, ST_WRITE_SHARED);
}

int
st_commit_write(st_db *db)
{
	int rc = st_order_commit(db);

	return rc == SQLITE_OK ? st_exec(db, "COMMIT") : rc;
}

/*
 * Runs fn inside BEGIN IMMEDIATE ... COMMIT. fn returns a SQLite result
 * code; anything but SQLITE_OK rolls back. Busy and locked outcomes (at
 * BEGIN, inside fn, or at COMMIT) roll back and retry the whole
 * transaction, at most WRITE_TRIES times. Returns the final result code;
 * SQLite's message for a failure is saved in why (n bytes).
 */
int
st_write_txn(st_db *db, txn_fn fn, void *arg, char *why, size_t n)
{
	int rc = SQLITE_BUSY;

	why[0] = '\0';
	if (st_in_txn(db)) {
		/* Called from a hook of ct_store_file_hooked: part of its
		 * transaction, which commits or rolls back as a whole. */
		rc = fn(db, arg);
		if (rc != SQLITE_OK)
			snprintf(why, n, "%s", st_db_errmsg(db));
		return rc;
	}
	for (int try = 0; try < WRITE_TRIES; try++) {
		if (try > 0)
			st_backoff(try - 1);
		rc = st_begin(db, 1);
		if (st_is_busy(rc))
			continue;
		if (rc != SQLITE_OK) {
			snprintf(why, n, "%s", st_db_errmsg(db));
			return rc;
		}
		rc = fn(db, arg);
		if (rc == SQLITE_OK)
			rc = st_exec(db, "COMMIT");
		if (rc == SQLITE_OK)
			return SQLITE_OK;
		snprintf(why, n, "%s", st_db_errmsg(db));
		/* SQLite may already have rolled back (e.g. after SQLITE_FULL). */
		if (st_in_txn(db))
			st_exec(db, "ROLLBACK");
		if (!st_is_busy(rc))
			return rc;
	}
	return rc;
}

/* ---------------------------------------------------------------------
 * Opening and migrating
 */

struct migrate_arg {
	int from;      /* the version this step expects */
	int *now;      /* the version found inside the transaction */
	int claim;     /* also set the application id (not for old stores made by tests) */
};

static int claim_txn(st_db *db, void *arg);

static int
migrate_step(st_db *db, void *p)
{
	struct migrate_arg *a = p;
	char sql[160];
	int v, rc;

	rc = user_version(db, &v);
	if (rc != SQLITE_OK)
		return rc;
	*a->now = v;
	if (v != a->from)
		return SQLITE_OK; /* another process migrated meanwhile */
	if (st_db_engine(db) == ST_POSTGRESQL) {
		if (v == 0) {
			rc = st_exec(db, pg_schema);
			if (rc != SQLITE_OK)
				return rc;
			snprintf(sql, sizeof(sql), "INSERT INTO store_meta (key, value) VALUES"
				 " ('application_id', '%d'), ('schema_version', '%d')",
				 CT_STORE_APPLICATION_ID, CT_STORE_SCHEMA);
			rc = st_exec(db, sql);
			if (rc == SQLITE_OK)
				*a->now = CT_STORE_SCHEMA;
			return rc;
		}
		/* A store made by an earlier release: its next step. */
		if (v < PG_FIRST_SCHEMA || !pg_migrations[v - PG_FIRST_SCHEMA])
			return SQLITE_CORRUPT;
		rc = st_exec(db, pg_migrations[v - PG_FIRST_SCHEMA]);
		if (rc == SQLITE_OK && v + 1 == 8)
			rc = st_text_fill(db);
		snprintf(sql, sizeof(sql), "UPDATE store_meta SET value = '%d'"
			 " WHERE key = 'schema_version'", v + 1);
		if (rc == SQLITE_OK)
			rc = st_exec(db, sql);
		if (rc == SQLITE_OK)
			*a->now = v + 1;
		return rc;
	}
	rc = st_exec(db, migrations[v]);
	/* Schema 8's searched text is written by C (text.c), not SQL. */
	if (rc == SQLITE_OK && v + 1 == 8)
		rc = st_text_fill(db);
	if (rc == SQLITE_OK && a->claim)
		rc = claim_txn(db, NULL);
	if (rc != SQLITE_OK)
		return rc;
	/* PRAGMA takes no bound parameters; the value is our own integer. */
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
	rc = st_exec(db, sql);
	if (rc == SQLITE_OK)
		*a->now = v + 1;
	return rc;
}

/* How a failed stat(2), open(2) or mkdir(2) of the store reads. */
static const struct ct_name open_errnos[] = {
	{ EACCES, "permission denied" },
	{ EPERM, "permission denied" },
	{ ENOENT, "no such store" },
	{ EISDIR, "is a directory" },
	{ ENOSPC, "no space left on device" },
	{ EROFS, "read-only file system" },
	{ ENOTDIR, "a parent is not a directory" },
	{ ENAMETOOLONG, "file name too long" },
	{ ELOOP, "too many symbolic links" },
	{ 0, NULL }
};

static const char *
errno_text(int e)
{
	const char *s = ct_name_of(open_errnos, e);

	return s ? s : "cannot open";
}

/* mkdir -p of path's parent directories, owner-only (0700). */
static int
make_parents(const char *path, struct ct_err *err)
{
	char *dir = ct_xstrdup(path);
	int rc = 0;

	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			rc = ct_fail(err, CT_ESTORE, "%s: cannot create directory %s: %s",
				     path, dir, errno_text(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Makes sure the file exists with mode 0600 before SQLite sees it (SQLite
 * would create it with 0644 less the umask). An existing empty file is
 * about to become a store: it gets 0600 too. Only for commands that write.
 * *made (may be NULL): 1 when the file was made here, 2 when it was empty,
 * else 0. */
static int
touch_file(const char *path, int create, int *made, struct ct_err *err)
{
	struct stat sb;
	int fd, m = 2;

	if (made)
		*made = 0;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return ct_fail(err, CT_ESTORE, "%s: is a directory", path);
		/* A store with content is not opened here: closing a descriptor
		 * drops every POSIX lock this process holds on the file, SQLite's
		 * of the other handles of a process that has several (celltriage
		 * serve) included, and another process would then take the store
		 * as unused and remove its -wal and -shm under them. */
		if (sb.st_size > 0) {
			if (access(path, R_OK | W_OK) == -1)
				return ct_fail(err, CT_ESTORE, "%s: %s", path, errno_text(errno));
			return 0;
		}
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd != -1 && sb.st_size == 0 && fchmod(fd, 0600) == -1) {
			close(fd);
			return ct_fail(err, CT_ESTORE, "%s: %s", path, errno_text(errno));
		}
	} else if (errno != ENOENT) {
		return ct_fail(err, CT_ESTORE, "%s: %s", path, errno_text(errno));
	} else if (!create) {
		return ct_fail(err, CT_ESTORE, "%s: no such store", path);
	} else {
		int rc = make_parents(path, err);

		if (rc)
			return rc;
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		m = 1;
	}
	if (fd == -1)
		return ct_fail(err, CT_ESTORE, "%s: %s", path, errno_text(errno));
	close(fd);
	if (made)
		*made = m;
	return 0;
}

/* A read-only command's check: the file exists and is not a directory;
 * nothing is created or changed. */
static int
check_file(const char *path, struct ct_err *err)
{
	struct stat sb;

	if (stat(path, &sb) == -1)
		return ct_fail(err, CT_ESTORE, "%s: %s", path, errno_text(errno));
	if (S_ISDIR(sb.st_mode))
		return ct_fail(err, CT_ESTORE, "%s: is a directory", path);
	return 0;
}

/* A PRAGMA that needs a lock on a new file (journal_mode), retried when
 * several processes open the store at the same moment. */
static int
pragma_retry(st_db *db, const char *sql, char *out, size_t n)
{
	int rc = SQLITE_BUSY;

	for (int try = 0; try < WRITE_TRIES; try++) {
		if (try > 0)
			st_backoff(try - 1);
		rc = pragma_text(db, sql, out, n);
		if (!st_is_busy(rc))
			break;
	}
	return rc;
}

/* What a file holds, read before anything is written to it. */
enum store_kind {
	STORE_EMPTY,    /* no tables: a new store (a zero-byte file, or one just made) */
	STORE_OURS,     /* a celltriage store */
	STORE_FOREIGN   /* another program's database */
};

/* A one-row count (constant SQL) into *n. */
static int
count_rows(st_db *db, const char *sql, int *n)
{
	char buf[32];
	int rc = pragma_text(db, sql, buf, sizeof(buf));

	if (rc == SQLITE_OK)
		*n = (int)strtol(buf, NULL, 10);
	return rc;
}

/*
 * Whose file this is. Ours carries CT_STORE_APPLICATION_ID; the stores of
 * schema 1 .. 4 were written before it was set, so a file with
 * application_id 0, a user_version in that range and our two first tables
 * (tickets, deadlines) is ours too. A file with no table at all is new.
 * Everything else (other tables, another application id) is foreign. The
 * first statement reads the header: a file that is not a database fails
 * here with SQLITE_NOTADB, before anything is written. The four reads are
 * one snapshot: another process creating the store at the same moment
 * commits its first schema step (tables, version and id together) either
 * before or after them, never between.
 */
static int
store_kind(st_db *db, int *app_id, int *version, enum store_kind *kind)
{
	char buf[32];
	int tables = 0, ours = 0, own, rc, lite = st_db_engine(db) == ST_SQLITE;

	rc = st_read_begin(db, &own);
	if (rc == SQLITE_OK && !lite) {
		rc = pg_identity(db, app_id, version, &tables);
	} else if (rc == SQLITE_OK) {
		if ((rc = pragma_text(db, "PRAGMA application_id", buf, sizeof(buf))) == SQLITE_OK)
			*app_id = (int)strtol(buf, NULL, 10);
		if (rc == SQLITE_OK && (rc = user_version(db, version)) == SQLITE_OK)
			rc = count_rows(db, "SELECT count(*) FROM sqlite_master", &tables);
		if (rc == SQLITE_OK)
			rc = count_rows(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
					" AND name IN ('tickets', 'deadlines')", &ours);
	}
	st_read_end(db, own, rc);
	if (rc != SQLITE_OK)
		return rc;
	if (*app_id == CT_STORE_APPLICATION_ID)
		*kind = tables ? STORE_OURS : STORE_EMPTY;
	else if (*app_id != 0)
		*kind = STORE_FOREIGN;
	else if (!tables && *version == 0)
		*kind = STORE_EMPTY;
	else if (ours == 2 && *version >= 1 && *version <= 4)
		*kind = STORE_OURS;
	else
		*kind = STORE_FOREIGN;
	return SQLITE_OK;
}

/* Marks a store of ours written before the application id was set. */
static int
claim_txn(st_db *db, void *arg)
{
	char sql[64];

	(void)arg;
	/* PRAGMA takes no bound parameters; the value is our own constant. */
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", CT_STORE_APPLICATION_ID);
	return st_exec(db, sql);
}

/*
 * A read-only command on an empty file: an empty store in memory, so the
 * command answers as on a store with no tickets and the file stays as it
 * is (a store is made only by a command that writes).
 */
static int
open_empty_in_memory(struct ct_store *s, char *why, size_t n)
{
	int rc, v = 0;

	st_db_close(s->db);
	rc = st_db_open_sqlite(":memory:", SQLITE_OPEN_READWRITE, &s->db);
	while (rc == SQLITE_OK && v < CT_STORE_SCHEMA) {
		struct migrate_arg a = { v, &v, 1 };

		rc = st_write_txn(s->db, migrate_step, &a, why, n);
	}
	if (rc == SQLITE_OK)
		rc = st_exec(s->db, "PRAGMA query_only = ON");
	return rc;
}

int
ct_store_open(const char *path, int mode, struct ct_store **out,
	      struct ct_err *err)
{
	struct ct_store *s;
	enum store_kind kind;
	char jmode[32], why[256] = "";
	int rc, v, app_id, readonly = mode == CT_STORE_READONLY, server = st_db_is_server(path);
	int made = 0;

	*out = NULL;
	if (!server) {
		rc = readonly ? check_file(path, err)
			      : touch_file(path, mode == CT_STORE_CREATE, &made, err);
		if (rc)
			return rc;
	}

	s = ct_xcalloc(1, sizeof(*s));
	s->path = server ? st_db_shown_name(path) : ct_xstrdup(path);
	s->readonly = readonly;
	s->made = made;
	if (server) {
		/* A read-only command's transactions are refused any write by
		 * the server itself. */
		rc = st_db_open_pg(path, &s->db);
		if (rc == SQLITE_OK && readonly)
			rc = st_exec(s->db, "SET default_transaction_read_only = on");
		if (rc != SQLITE_OK)
			goto sqlerr;
	} else {
		/* Read-only commands open read-write too, with query_only on: a
		 * connection opened SQLITE_OPEN_READONLY cannot remove the -wal
		 * and -shm files of a WAL store when it closes, and would leave
		 * them behind; this one, the last to close, does, and writes
		 * nothing. */
		rc = st_db_open_sqlite(path, SQLITE_OPEN_READWRITE, &s->db);
		if (rc != SQLITE_OK)
			goto sqlerr;
		sqlite3_extended_result_codes(st_db_sqlite(s->db), 1);
		if (readonly && (rc = st_exec(s->db, "PRAGMA query_only = ON")) != SQLITE_OK)
			goto sqlerr;
	}

	rc = store_kind(s->db, &app_id, &v, &kind);
	if (rc != SQLITE_OK)
		goto sqlerr;
	if (kind == STORE_FOREIGN) {
		rc = server ? ct_fail(err, CT_ESTORE, "%s: not a celltriage store (the database "
				      "has other tables and no celltriage store_meta)", s->path)
			    : ct_fail(err, CT_ESTORE, "%s: not a celltriage store (another program's "
				      "database: application_id %d, user_version %d)", s->path, app_id, v);
		goto fail;
	}
	s->found_version = kind == STORE_EMPTY ? 0 : v;
	if (v > CT_STORE_SCHEMA) {
		rc = ct_fail(err, CT_ESTORE,
			     "%s: store schema version %d is newer than this program's (%d); "
			     "use a newer celltriage", s->path, v, CT_STORE_SCHEMA);
		goto fail;
	}
	if (v < 0) {
		rc = ct_fail(err, CT_ESTORE, "%s: store schema version %d is invalid", s->path, v);
		goto fail;
	}
	if (readonly) {
		if (kind == STORE_EMPTY) {
			rc = open_empty_in_memory(s, why, sizeof(why));
			if (rc != SQLITE_OK)
				goto sqlerr;
		} else if (v < CT_STORE_SCHEMA) {
			rc = ct_fail(err, CT_ESTORE,
				     "%s: store schema version %d is older than this program's "
				     "(%d); a command that writes to it (e.g. celltriage ticket "
				     "file) migrates it", s->path, v, CT_STORE_SCHEMA);
			goto fail;
		}
		*out = s;
		return 0;
	}

	if (server)
		goto migrate;
	rc = pragma_retry(s->db, "PRAGMA journal_mode = WAL", jmode, sizeof(jmode));
	if (rc != SQLITE_OK)
		goto sqlerr;
	if (strcmp(jmode, "wal") != 0) {
		rc = ct_fail(err, CT_ESTORE,
			     "%s: the store needs WAL journal mode but sqlite answered \"%s\"",
			     s->path, jmode);
		goto fail;
	}
	/* FULL: the WAL is synced at every commit, so a filed ticket survives
	 * a crash of the process or the machine. */
	if ((rc = st_exec(s->db, "PRAGMA synchronous = FULL")) != SQLITE_OK ||
	    (rc = st_exec(s->db, "PRAGMA foreign_keys = ON")) != SQLITE_OK)
		goto sqlerr;
migrate:
	/* Each step also sets the application id (migrate_step). */
	while (v < CT_STORE_SCHEMA) {
		struct migrate_arg a = { v, &v, 1 };

		rc = st_write_txn(s->db, migrate_step, &a, why, sizeof(why));
		if (rc != SQLITE_OK)
			goto sqlerr;
		if (v > CT_STORE_SCHEMA) {
			rc = ct_fail(err, CT_ESTORE,
				     "%s: store schema version %d is newer than this program's (%d); "
				     "use a newer celltriage", s->path, v, CT_STORE_SCHEMA);
			goto fail;
		}
		app_id = CT_STORE_APPLICATION_ID;
	}
	if (app_id != CT_STORE_APPLICATION_ID &&
	    (rc = st_write_txn(s->db, claim_txn, NULL, why, sizeof(why))) != SQLITE_OK)
		goto sqlerr;
	*out = s;
	return 0;

sqlerr:
	rc = st_sql_fail_why(s->path, s->db, rc, why, err);
fail:
	ct_store_close(s);
	return rc;
}

void
ct_store_close(struct ct_store *s)
{
	if (!s)
		return;
	st_import_forget(s);
	free(s->pending);
	st_db_close(s->db);
	free(s->path);
	free(s);
}

void
ct_store_close_failed(struct ct_store *s)
{
	struct ct_err err;
	long long n = -1;
	char *path = NULL;
	int made;

	if (!s)
		return;
	/* Tickets are all a command that makes a store writes to it; another
	 * process that began to file into the new store in the meantime has
	 * made it one to keep. */
	made = s->made;
	if (made && ct_store_count(s, NULL, &n, &err) == 0 && n == 0)
		path = ct_xstrdup(s->path);
	ct_store_close(s);
	if (!path)
		return;
	/* Closed, SQLite has removed the -wal and -shm of the last handle. */
	if (made == 1)
		unlink(path);
	else
		(void)truncate(path, 0);   /* the open left it 0600 */
	free(path);
}

void
ct_store_set_repeat_window(struct ct_store *s, long long seconds)
{
	s->repeat_window = seconds > 0 ? seconds : 0;
}

int
ct_store_found_version(const struct ct_store *s)
{
	return s->found_version;
}

int
ct_store_create_version(const char *path, int version, struct ct_err *err)
{
	st_db *db = NULL;
	struct migrate_arg a;
	char why[256] = "";
	int rc, v = 0;

	if (version < 1 || version >= CT_STORE_SCHEMA)
		return ct_fail(err, CT_EUSAGE, "%s: schema version %d is not an older version",
			       path, version);
	if (st_db_is_server(path))
		return ct_fail(err, CT_EUSAGE, "%s: older store versions exist only on SQLite", path);
	rc = touch_file(path, 1, NULL, err);
	if (rc)
		return rc;
	rc = st_db_open_sqlite(path, SQLITE_OPEN_READWRITE, &db);
	if (rc == SQLITE_OK)
		rc = user_version(db, &v);
	if (rc == SQLITE_OK && v != 0) {
		st_db_close(db);
		return ct_fail(err, CT_ESTORE, "%s: not an empty database (schema version %d)",
			       path, v);
	}
	while (rc == SQLITE_OK && v < version) {
		a.from = v;
		a.now = &v;
		a.claim = 0; /* as the releases before the application id wrote it */
		rc = st_write_txn(db, migrate_step, &a, why, sizeof(why));
	}
	if (rc != SQLITE_OK)
		rc = st_sql_fail_why(path, db, rc, why, err);
	st_db_close(db);
	return rc;
}

int
ct_store_create_v1(const char *path, struct ct_err *err)
{
	return ct_store_create_version(path, 1, err);
}

/* ---------------------------------------------------------------------
 * Paths
 */

char *
ct_store_default_path(const char *opt, struct ct_err *err)
{
	const char *e;
	struct ct_buf b = CT_BUF_INIT;

	if (opt && *opt)
		return ct_xstrdup(opt);
	e = getenv("CELLTRIAGE_STORE");
	if (e && *e)
		return ct_xstrdup(e);
	/* XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and
	 * must be ignored. */
	e = getenv("XDG_DATA_HOME");
	if (e && e[0] == '/') {
		ct_buf_printf(&b, "%s/celltriage/tickets.db", e);
		return ct_buf_detach(&b);
	}
	e = getenv("HOME");
	if (e && e[0] == '/') {
		ct_buf_printf(&b, "%s/.local/share/celltriage/tickets.db", e);
		return ct_buf_detach(&b);
	}
	ct_fail(err, CT_EUSAGE,
		"no ticket store: give --store FILE or set CELLTRIAGE_STORE (HOME is not set)");
	return NULL;
}

/* ---------------------------------------------------------------------
 * Filing
 */

struct file_arg {
	const struct ct_ticket *t;
	long long window;   /* repeat window, seconds (0 = off) */
	const struct ct_deadlines *dl; /* the store's (NULL: not set) */
	long long id;
	int updated;
	const char *who;    /* the filing's author (NULL: $USER) */
	int later;          /* in a group: the searched words wait for its commit */
	st_stmt *known;     /* known_ask's statement, asked ahead (NULL: not yet) */
	long long now;      /* the filing's time */
	int leave;          /* the writes' answers left for the next statement (st_defer_leave) */
};

static int put_event_held(st_db *db, long long ticket, long long at, const char *who,
			  const char *action, const char *detail, int rev, const char *status);

/*
 * What a filing looks up, locked in a shared write (db.h ST_WRITE_SHARED)
 * before it is looked up: its complaint id, its subscriber (msisdn, else
 * imsi) and its cell, each a key of PostgreSQL's advisory locks (a 32-bit
 * hash under a class of the store's own; two names with one hash only
 * wait for each other). Held to the commit, so what a filing finds of
 * them cannot change before it is written, as under the lock a write
 * takes alone: the tickets of the same complaint, subscriber or cell.
 * The rest a filing reads (knowledge, customer profiles, batches) only
 * writes that take the write lock alone change.
 *
 * Deadlocks: a write waits for keys only while it holds none (its first
 * filing), in one order; a later filing of a group only tries, and one
 * that finds a key taken is answered CT_EREGROUP: the group commits, and
 * the filing is the next group's first.
 */
#define KEY_CLASS "1129599561"   /* the store's application id + 2 */
#define KEY_SQL "SELECT count(*) FROM unnest(CAST(?1 AS int4[])) AS k WHERE CASE WHEN ?2 = 1" \
	" THEN NOT pg_try_advisory_xact_lock(" KEY_CLASS ", k)" \
	" ELSE pg_advisory_xact_lock(" KEY_CLASS ", k)::text IS NULL END"

static uint32_t
key_hash(char kind, const char *v)
{
	uint32_t h = 2166136261u;   /* FNV-1a */

	h = (h ^ (unsigned char)kind) * 16777619u;
	for (; *v; v++)
		h = (h ^ (unsigned char)*v) * 16777619u;
	return h;
}

static int
key_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* The keys of t sent ahead (st_ask): waited for (wait), else tried. *out
 * NULL when there is nothing to lock (SQLite, a write of its own). */
static int
keys_ask(st_db *db, const struct ct_ticket *t, int wait, st_stmt **out)
{
	/* The imsi only where it is the subscriber (no msisdn): a filing
	 * looks up by it then alone, and a ticket written with both is not
	 * one it finds by the msisdn it lacks. */
	const char *const v[] = { t->complaint, t->msisdn, t->msisdn ? NULL : t->imsi, t->cell };
	static const char kind[] = "cmiz";
	int32_t k[4];
	char text[64];
	size_t n = 0, len = 0;
	int rc;

	*out = NULL;
	if (!st_db_shared(db))
		return SQLITE_OK;
	for (size_t i = 0; i < 4; i++)
		if (v[i] && *v[i])
			k[n++] = (int32_t)key_hash(kind[i], v[i]);
	if (!n)
		return SQLITE_OK;
	qsort(k, n, sizeof(*k), key_cmp);
	text[len++] = '{';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%ld", i ? "," : "",
					(long)k[i]);
	snprintf(text + len, sizeof(text) - len, "}");
	if ((rc = st_prepare(db, KEY_SQL, out)) != SQLITE_OK)
		return rc;
	st_bind_text(*out, 1, text);
	st_bind_int64(*out, 2, !wait);
	if ((rc = st_ask(*out)) != SQLITE_OK) {
		st_finalize(*out);
		*out = NULL;
	}
	return rc;
}

/* keys_ask's answer: SQLITE_OK, every key taken; SQLITE_BUSY, one was
 * not. Finalizes st. */
static int
keys_take(st_stmt *st)
{
	int rc = st_step(st);

	if (rc == SQLITE_ROW)
		rc = st_col_int64(st, 0) == 0 ? SQLITE_OK : SQLITE_BUSY;
	else if (rc == SQLITE_DONE)
		rc = SQLITE_ERROR;
	st_finalize(st);
	return rc;
}

/*
 * What the store has of the complaint being filed, in one statement (a
 * round trip to a server, not two): the ticket already filed for its
 * complaint id (*id, *rev, *status; *id = 0: none), and else whether it
 * is a repeat (complaint handling and assessment standard): the same
 * subscriber (msisdn, else imsi) about the same phenomenon within the
 * window before this complaint, times being when a complaint was
 * received, else when it was filed (*earlier: the latest such ticket,
 * 0: none). known_ask sends it ahead (st_ask), known_take reads it (and
 * finalizes it).
 */
static int
known_ask(st_db *db, const struct ct_ticket *t, long long now, long long window, st_stmt **out)
{
	/* One text per identity, each on its index (tickets_msisdn,
	 * tickets_imsi): a CASE choosing the column made SQLite scan every
	 * ticket on each filing, and filing slowed as the store grew. */
#define KNOWN_SQL(repeat, next) \
		"SELECT c.id, c.rev, c.status, " repeat ", " next " FROM (SELECT 1 AS one) AS o" \
		" LEFT JOIN tickets AS c ON c.complaint = ?3"
	/* On PostgreSQL a new ticket's id is drawn here, so that its row
	 * can go to the server with its other rows (file_txn). */
#define NEXT_ID "CASE WHEN c.id IS NULL THEN nextval('tickets_id_seq'::regclass) END"
#define REPEAT_SQL(col) \
		"(SELECT id FROM tickets WHERE " col " = ?2 AND phenomenon = ?1" \
		" AND (CASE WHEN received_at > 0 THEN received_at ELSE filed_at END)" \
		"     BETWEEN ?4 - ?5 AND ?4" \
		" ORDER BY (CASE WHEN received_at > 0 THEN received_at ELSE filed_at END) DESC," \
		" id DESC LIMIT 1)"
	static const char *const sql[2][3] = {
		{ KNOWN_SQL(REPEAT_SQL("msisdn"), "NULL"), KNOWN_SQL(REPEAT_SQL("imsi"), "NULL"),
		  KNOWN_SQL("NULL", "NULL") },
		{ KNOWN_SQL(REPEAT_SQL("msisdn"), NEXT_ID), KNOWN_SQL(REPEAT_SQL("imsi"), NEXT_ID),
		  KNOWN_SQL("NULL", NEXT_ID) },
	};
#undef NEXT_ID
#undef REPEAT_SQL
#undef KNOWN_SQL
	int repeat = window > 0 && t->phenomenon && (t->msisdn || t->imsi);
	long long when = t->received_at ? t->received_at : t->filed_at ? t->filed_at : now;
	st_stmt *st;
	int rc;

	*out = NULL;
	rc = st_prepare(db, sql[st_db_engine(db) == ST_POSTGRESQL][!repeat ? 2 : t->msisdn ? 0 : 1],
			&st);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_text(st, 3, t->complaint);   /* NULL: matches none */
	if (repeat) {
		st_bind_text(st, 1, t->phenomenon);
		st_bind_text(st, 2, t->msisdn ? t->msisdn : t->imsi);
		st_bind_int64(st, 4, when);
		st_bind_int64(st, 5, window);
	}
	if ((rc = st_ask(st)) != SQLITE_OK) {
		st_finalize(st);
		return rc;
	}
	*out = st;
	return SQLITE_OK;
}

static int
known_take(st_stmt *st, long long *id, int *rev, char **status, long long *earlier,
	   long long *next)
{
	int rc;

	*id = *earlier = *next = 0;
	*rev = 0;
	*status = NULL;
	rc = st_step(st);
	if (rc == SQLITE_ROW) {
		if (!st_col_is_null(st, 0)) {
			*id = st_col_int64(st, 0);
			*rev = st_col_int(st, 1);
			*status = st_col_text(st, 2);
		} else if (!st_col_is_null(st, 3)) {
			*earlier = st_col_int64(st, 3);
		}
		if (!*id && !st_col_is_null(st, 4))
			*next = st_col_int64(st, 4);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc;
}

/* Tags as a JSON array text; the caller frees. */
static char *
tags_json(const struct ct_ticket *t)
{
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_putc(&b, '[');
	for (size_t i = 0; i < t->ntags; i++) {
		size_t at = b.len;

		if (at > 1)
			ct_buf_putc(&b, ',');
		/* A tag that is not UTF-8 (jansson would refuse it) is dropped. */
		if (!t->tags[i] || ct_buf_json_string(&b, t->tags[i]) != 0) {
			b.len = at;
			b.s[at] = '\0';
		}
	}
	ct_buf_putc(&b, ']');
	return ct_buf_detach(&b);
}

const char *
st_who_am_i(char *buf, size_t n)
{
	const char *u = getenv("USER");

	if (u && *u)
		return u;
	snprintf(buf, n, "uid %u", (unsigned)getuid());
	return buf;
}

/* The filing's statement: the columns the diagnosis gives (CT_FF_FILED,
 * bound ?1.. by st_bind_field), then the store's own bookkeeping. A
 * complaint filed again replaces the diagnosis, keeps id, complaint,
 * filed_at, status and the workflow's fields; a kind the workflow gave
 * (repeat, batch) outlives a refile that says "ordinary". */
enum file_how { FILE_UPDATE, FILE_NEW, FILE_NEW_ID };

static char *
file_sql_make(enum file_how how)
{
	struct ct_buf b = CT_BUF_INIT, vals = CT_BUF_INIT;
	int update = how == FILE_UPDATE, k = 0;

	ct_buf_puts(&b, update ? "UPDATE tickets SET " : "INSERT INTO tickets (");
	for (size_t i = 0; i < ct_nfields; i++) {
		if (!ct_fields[i].sql || !(ct_fields[i].flags & CT_FF_FILED) ||
		    st_field_in_doc(&ct_fields[i]))
			continue;
		k++;
		if (update)
			ct_buf_printf(&b, "%s = ?%d, ", ct_fields[i].sql, k);
		else
			ct_buf_printf(&b, "%s, ", ct_fields[i].sql);
		ct_buf_printf(&vals, "?%d, ", k);
	}
	/* ?k+1 kind, +2 updated_at, +3 rev, +4 the complaint's channel (what
	 * the row keeps of the documents); a new ticket: +5 complaint,
	 * +6 status, +7 filed_at (also status_at), +8 repeat_of, +9 due_at,
	 * +10 due_stage, and +11 its id when it is given (FILE_NEW_ID: else
	 * the row returns the id it was given); an update: +5 its id. */
	if (update)
		ct_buf_printf(&b, "kind = CASE WHEN ?%d = '" CT_KIND_ORDINARY "' AND kind IN ('"
			      CT_KIND_REPEAT "', '" CT_KIND_BATCH "')"
			      " THEN kind ELSE ?%d END, updated_at = ?%d, rev = ?%d, channel = ?%d"
			      " WHERE id = ?%d", k + 1, k + 1, k + 2, k + 3, k + 4, k + 5);
	else if (how == FILE_NEW_ID)
		ct_buf_printf(&b, "kind, updated_at, rev, channel, complaint, status, filed_at,"
			      " status_at, repeat_of, due_at, due_stage, id) VALUES (%s?%d, ?%d, ?%d, ?%d,"
			      " ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d)", ct_buf_str(&vals), k + 1, k + 2,
			      k + 3, k + 4, k + 5, k + 6, k + 7, k + 7, k + 8, k + 9, k + 10, k + 11);
	else
		ct_buf_printf(&b, "kind, updated_at, rev, channel, complaint, status, filed_at,"
			      " status_at, repeat_of, due_at, due_stage) VALUES (%s?%d, ?%d, ?%d, ?%d,"
			      " ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d) RETURNING id",
			      ct_buf_str(&vals), k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7,
			      k + 7, k + 8, k + 9, k + 10);
	ct_buf_free(&vals);
	return ct_buf_detach(&b);
}

/* file_sql_make's text, made once for the process: every filing asks for
 * the same. */
static const char *
file_sql(enum file_how how)
{
	static _Atomic(char *) made[3];
	const char *sql = atomic_load(&made[how]);

	return sql ? sql : st_sql_keep(&made[how], file_sql_make(how));
}

/*
 * The queue's columns of a new ticket at parameters i, i + 1: its stage
 * clocks depend only on the row (the "filed" event moves no clock), so
 * they are written with it instead of read back and written again.
 */
static void
bind_new_due(st_stmt *st, int i, const struct ct_deadlines *dl, const struct ct_ticket *t,
	     const char *kind, const char *status, long long filed)
{
	struct ct_ticket row = *t;
	const char *stage;
	long long due_at;

	if (!dl) {
		/* Unknown: the index is not trusted until it is computed. */
		st_bind_null(st, i);
		st_bind_null(st, i + 1);
		return;
	}
	row.kind = (char *)kind;
	row.status = ct_status_from_name(status);
	row.filed_at = filed;
	if (row.grade < 1)
		row.grade = 1; /* as the grade column keeps it (its least value) */
	if (st_due_of(dl, &row, NULL, 0, &due_at, &stage))
		st_bind_int64(st, i, due_at);
	else
		st_bind_null(st, i);
	st_bind_text(st, i + 1, stage);
}

static int
file_txn(st_db *db, void *p)
{
	struct file_arg *a = p;
	const struct ct_ticket *t = a->t;
	st_stmt *st = NULL, *known = a->known;
	long long now = a->now;
	long long filed = t->filed_at ? t->filed_at : now;
	long long upd;
	long long earlier = 0;
	char *status = NULL, *channel = NULL;
	const char *kind = t->kind ? t->kind : CT_KIND_ORDINARY;
	char who[32], detail[64];
	long long next;
	enum file_how how;
	int rc, end, rev, k, col = 0;

	a->id = 0;
	a->updated = 0;
	a->known = NULL;   /* taken here */
	rc = known ? SQLITE_OK : known_ask(db, t, now, a->window, &known);
	if (rc == SQLITE_OK)
		rc = known_take(known, &a->id, &rev, &status, &earlier, &next);
	if (rc != SQLITE_OK)
		goto out;
	rev++;   /* the revision this filing makes: 1 for a new ticket */
	if (a->id) {
		a->updated = 1;
	} else if (earlier && !strcmp(kind, CT_KIND_ORDINARY)) {
		kind = CT_KIND_REPEAT;
	}

	/* A new ticket's rows are only written: they all go to the server in
	 * one round trip (st_defer_begin), the row too, its id having come
	 * with the lookup (FILE_NEW_ID: PostgreSQL; FILE_NEW, which returns
	 * the id: SQLite). One filed again reads its row and history back for
	 * its queue's columns and words. */
	how = a->updated ? FILE_UPDATE : next ? FILE_NEW_ID : FILE_NEW;
	if (!a->updated && (rc = st_defer_begin(db)) != SQLITE_OK)
		goto out;
	rc = st_prepare(db, file_sql(how), &st);
	if (rc != SQLITE_OK)
		goto out;
	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].sql && (ct_fields[i].flags & CT_FF_FILED) &&
		    !st_field_in_doc(&ct_fields[i]))
			st_bind_field(st, ++col, t, &ct_fields[i]);
	k = col + 1;   /* the parameters after the fields (file_sql_make) */
	upd = t->updated_at ? t->updated_at : a->updated ? now : filed;
	st_bind_text(st, k, kind);
	st_bind_int64(st, k + 1, upd);
	st_bind_int64(st, k + 2, rev);
	channel = ct_doc_string(t->complaint_json, "channel");
	st_bind_text(st, k + 3, channel);
	if (a->updated) {
		st_bind_int64(st, k + 4, a->id);
	} else {
		st_bind_text(st, k + 4, t->complaint);
		status = ct_xstrdup(ct_status_name(t->status ? t->status : CT_STATUS_FIRST));
		st_bind_text(st, k + 5, status);
		st_bind_int64(st, k + 6, filed);
		if (earlier)
			st_bind_int64(st, k + 7, earlier);
		else
			st_bind_null(st, k + 7);
		bind_new_due(st, k + 8, a->dl, t, kind, status, filed);
		if (how == FILE_NEW_ID)
			st_bind_int64(st, k + 10, a->id = next);
	}
	rc = how == FILE_NEW ? st_step_id(st, &a->id) : st_step_done(st);
	st_finalize(st);
	st = NULL;
	if (rc == SQLITE_OK)
		rc = st_put_docs(db, a->id, t, NULL, how != FILE_UPDATE);
	if (rc != SQLITE_OK)
		goto out;

	/* Tags and deadlines are replaced as a whole. */
	if (a->updated) {
		const struct st_param prm[] = { ST_INT(a->id) };

		rc = st_run(db, "DELETE FROM ticket_tag WHERE ticket = ?1", prm, 1, NULL);
		if (rc == SQLITE_OK)
			rc = st_run(db, "DELETE FROM deadlines WHERE ticket = ?1", prm, 1, NULL);
		if (rc != SQLITE_OK)
			goto out;
	}
	rc = st_put_tags_deadlines(db, a->id, t);
	if (rc != SQLITE_OK)
		goto out;

	/* The audit trail: every change is kept; the detail an object
	 * (the rev is the event's own). */
	if (earlier && !a->updated)
		snprintf(detail, sizeof(detail), "{\"repeat_of\":%lld}", earlier);
	else
		snprintf(detail, sizeof(detail), "{}");
	rc = (a->updated ? st_put_event : put_event_held)(db, a->id, upd,
			  a->who ? a->who : st_who_am_i(who, sizeof(who)),
			  a->updated ? "updated" : "filed", detail, rev, status);
	/* The queue's columns of a ticket filed again, from its row and
	 * history as they are now (a new one's went in with its row). */
	if (rc == SQLITE_OK && a->updated)
		rc = st_due_update(db, a->dl, a->id);
	/* The searched words: the filing gives them (and a ticket filed
	 * again keeps its comments'). */
	if (rc == SQLITE_OK && a->updated && a->later)
		rc = st_text_drop_later(db, a->id);   /* the words of now, not of the group's first */
	if (rc == SQLITE_OK)
		rc = a->updated ? (a->later ? st_text_update_later(db, a->id)
					    : st_text_update(db, a->id))
		     : a->later ? st_text_put_later(db, a->id, t, NULL, 0)
				: st_text_put(db, a->id, t, NULL, 0);
out:
	st_finalize(st);
	free(status);
	free(channel);
	/* A hooked filing's writes are answered with its next statement. */
	end = rc == SQLITE_OK && a->leave ? st_defer_leave(db) : st_defer_end(db);
	return rc == SQLITE_OK ? end : rc;
}

int
ct_store_file(struct ct_store *s, const struct ct_ticket *t, long long *id,
	      int *updated, struct ct_err *err)
{
	struct file_arg a = { t, s->repeat_window, st_deadlines(s), 0, 0, s->who, 0, NULL,
			      (long long)time(NULL), 0 };
	char why[256];
	int rc = st_write_txn(s->db, file_txn, &a, why, sizeof(why));

	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	if (id)
		*id = a.id;
	if (updated)
		*updated = a.updated;
	return 0;
}

/*
 * The filing with the layer above's lookups in its transaction: the write
 * lock is taken first (BEGIN IMMEDIATE, retried while another writer holds
 * it), then h->before reads what the store knows of the ticket, the ticket
 * is written, h->after adds what follows from it, and all of it commits at
 * once. No other writer can come between a lookup and the write of what it
 * found. The hooks run once: a failure after the lock is taken is not
 * retried.
 */

int
ct_store_file_hooked(struct ct_store *s, struct ct_ticket *t, const struct ct_file_hooks *h,
		     long long *id, int *updated, struct ct_err *err)
{
	struct file_arg a = { t, s->repeat_window, st_deadlines(s), 0, 0, s->who, s->group, NULL,
			      (long long)time(NULL), 1 };
	struct st_held_mark mark;
	st_stmt *keys = NULL;
	char why[256] = "";
	int rc, end, hrc = 0, regroup = 0;

	/* In a group: a savepoint of the group's transaction, released into
	 * it, or rolled back alone. Its two statements are queued (st_queue):
	 * kept prepared on SQLite, answered with the next statement on
	 * PostgreSQL. The filing's keys and what the store has of the
	 * complaint are asked for at once (st_ask): they come back with the
	 * hooks' first lookup, the keys' answer first. */
	rc = s->group ? st_queue(s->db, "SAVEPOINT filing") : st_begin_filing(s);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	st_held_mark(s->db, &mark);
	rc = keys_ask(s->db, t, !s->keys, &keys);
	if (keys)
		s->keys = 1;
	if (rc == SQLITE_OK)
		rc = known_ask(s->db, t, a.now, a.window, &a.known);
	if (rc == SQLITE_OK && h->before)
		hrc = h->before(s, t, h->arg, err);
	/* A key another write holds: what the hook found may be outdated;
	 * dropped, as the filing is. */
	if (keys && rc == SQLITE_OK && hrc == 0)
		regroup = (rc = keys_take(keys)) == SQLITE_BUSY;   /* finalizes it */
	else if (keys)
		st_finalize(keys);
	if (rc == SQLITE_OK && hrc == 0)
		rc = file_txn(s->db, &a);
	st_finalize(a.known);   /* not taken: a hook failed */
	/* The ticket's writes are answered with the after hook's first
	 * lookup, or here: a failure among them fails this filing alone. */
	if (hrc == 0 && rc == SQLITE_OK && h->after)
		hrc = h->after(s, t, a.id, h->arg, err);
	end = st_defer_end(s->db);
	if (hrc == 0 && rc == SQLITE_OK)
		rc = end;
	if (hrc == 0 && rc == SQLITE_OK)
		rc = s->group ? st_queue(s->db, "RELEASE filing") : st_commit_write(s->db);
	if (rc != SQLITE_OK)
		snprintf(why, sizeof(why), "%s", st_db_errmsg(s->db));
	regroup = regroup || st_db_regroup(s->db);
	if (s->group && (hrc || rc != SQLITE_OK)) {
		/* SQLite may have rolled the whole group back (a full disk):
		 * then it is gone, and its commit says so. So is it when rows
		 * of the group's other filings went with the savepoint. */
		if (st_in_txn(s->db) && (st_exec(s->db, "ROLLBACK TO filing") != SQLITE_OK ||
					 st_exec(s->db, "RELEASE filing") != SQLITE_OK ||
					 st_held_restore(s->db, &mark) != SQLITE_OK)) {
			st_exec(s->db, "ROLLBACK");
			regroup = 0;
		}
	} else if (!s->group && st_in_txn(s->db)) {
		st_exec(s->db, "ROLLBACK");
	}
	if (regroup)
		return ct_fail(err, CT_EREGROUP, "%s: complaint %s must be the first of a new group"
			       " of filings", s->path, t->complaint ? t->complaint : "(without an id)");
	if (hrc)
		return hrc;
	if (rc != SQLITE_OK)
		return st_sql_fail_why(s->path, s->db, rc, why, err);
	if (id)
		*id = a.id;
	if (updated)
		*updated = a.updated;
	return 0;
}

int
ct_store_group_begin(struct ct_store *s, struct ct_err *err)
{
	int rc;

	if (s->group)
		return ct_fail(err, CT_ESTORE, "%s: a group of filings is already open", s->path);
	/* FTS5 writes a segment of its index at every savepoint: the group's
	 * words go in together before its commit instead (text.c). */
	if ((rc = st_begin_filing(s)) != SQLITE_OK ||
	    (rc = st_text_later_begin(s->db)) != SQLITE_OK) {
		int fail = st_sql_fail(s->path, s->db, rc, err);

		if (st_in_txn(s->db))
			st_exec(s->db, "ROLLBACK");
		return fail;
	}
	s->group = 1;
	return 0;
}

int
ct_store_group_commit(struct ct_store *s, struct ct_err *err)
{
	int rc;

	if (!s->group)
		return 0;
	s->group = 0;
	/* Not in a transaction any more: the engine rolled the group back. */
	if (!st_in_txn(s->db))
		return ct_fail(err, CT_ESTORE, "%s: the group of filings was rolled back: %s",
			       s->path, st_db_errmsg(s->db));
	rc = st_text_later_end(s->db);
	if (rc == SQLITE_OK)
		rc = st_commit_write(s->db);
	if (rc != SQLITE_OK) {
		int fail = st_sql_fail(s->path, s->db, rc, err);

		if (st_in_txn(s->db))
			st_exec(s->db, "ROLLBACK");
		return fail;
	}
	return 0;
}

void
ct_store_group_abort(struct ct_store *s)
{
	if (s->group && st_in_txn(s->db))
		st_exec(s->db, "ROLLBACK");
	s->group = 0;
}

int
ct_store_in_group(const struct ct_store *s)
{
	return s->group;
}

/* ---------------------------------------------------------------------
 * Reading
 */


char *
st_col_text(st_stmt *st, int i)
{
	const char *v = st_col_ctext(st, i);

	return v ? ct_xstrdup(v) : NULL;
}

enum ct_status
st_col_status(st_stmt *st, int i)
{
	return ct_status_from_name(st_col_ctext(st, i));
}

/* The text a document field is stored with: its own, else its default. */
static const char *
doc_text(const struct ct_ticket *t, const struct ct_field *f)
{
	return ct_field_text(t, f) ? ct_field_text(t, f) : f->dflt;
}

int
st_bind_field(st_stmt *st, int i, const struct ct_ticket *t, const struct ct_field *f)
{
	long long v;
	char *tags;
	int rc;

	switch (f->type) {
	case CT_FT_TEXT:
		return st_bind_text(st, i, ct_field_text(t, f) ? ct_field_text(t, f) : f->dflt);
	case CT_FT_DOC:
		return st_bind_doc(st, i, doc_text(t, f));
	case CT_FT_STATUS:
		return st_bind_text(st, i, ct_status_name(t->status ? t->status : CT_STATUS_FIRST));
	case CT_FT_TAGS:
		tags = tags_json(t);
		rc = st_bind_text(st, i, tags);
		free(tags);
		return rc;
	case CT_FT_REF:
		v = ct_field_int(t, f);
		return v ? st_bind_int64(st, i, v) : st_bind_null(st, i);
	case CT_FT_INT:
		/* Below its range (a rev of 0: not given) is its least value. */
		v = ct_field_int(t, f);
		return st_bind_int64(st, i, v < f->min ? f->min : v);
	case CT_FT_ID:
	case CT_FT_TIME:
	case CT_FT_SECONDS:
	case CT_FT_FLAG:
		return st_bind_int64(st, i, ct_field_int(t, f));
	case CT_FT_DEADLINES:
		break;
	}
	return st_bind_null(st, i);
}

/* Rows per INSERT of a ticket's tags, deadlines or history: one statement
 * (one round trip to a server) for all of a ticket's, up to this. */
#define ROWS_PER_INSERT 64

/* "INSERT INTO head VALUES (?1, ?2 .. ), (?1, ...) tail": nrows rows of
 * width parameters after the shared ?1 (the ticket). */
static char *
rows_sql(const char *head, int width, int nrows, const char *tail)
{
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_printf(&b, "%s VALUES ", head);
	for (int r = 0; r < nrows; r++) {
		ct_buf_puts(&b, r ? ", (?1" : "(?1");
		for (int k = 0; k < width; k++)
			ct_buf_printf(&b, ", ?%d", 2 + r * width + k);
		ct_buf_puts(&b, ")");
	}
	ct_buf_printf(&b, "%s", tail);
	return ct_buf_detach(&b);
}

/* The texts of rows_sql for one table, made once per row count and kept
 * for the process's life: filing and importing ask for the same few for
 * every ticket. Threads (the desk's) may race to make one: the first
 * stored wins and the others free theirs. */
struct rows_text {
	const char *head, *tail;
	int width;
	_Atomic(char *) by_rows[ROWS_PER_INSERT + 1];
};

static const char *
rows_text(struct rows_text *r, int nrows)
{
	const char *made = atomic_load(&r->by_rows[nrows]);

	if (made)
		return made;
	return st_sql_keep(&r->by_rows[nrows], rows_sql(r->head, r->width, nrows, r->tail));
}

static struct rows_text tag_rows = {
	"INSERT INTO ticket_tag (ticket, tag)", " ON CONFLICT DO NOTHING", 1, { NULL }
};
static struct rows_text event_rows = {
	"INSERT INTO ticket_event (ticket, at, who, action, detail, rev, status)", "", 6, { NULL }
};

/* The tags ticket_tag holds: those looked up by tag (ct_knowledge_list
 * counts each entry's tickets). Only these rows are written; a ticket's
 * tags are read from its tags column. */
static int
st_tag_looked_up(const char *tag)
{
	return tag && strncmp(tag, CT_KNOWN_TAG, sizeof(CT_KNOWN_TAG) - 1) == 0;
}

int
st_put_tags_deadlines(st_db *db, long long id, const struct ct_ticket *t)
{
	st_stmt *st = NULL;
	char *text = NULL;
	size_t i = 0;
	int rc = SQLITE_OK;

	/* An import's window (st_rows_on): each row gathered, to go after
	 * the window's ticket rows; else up to ROWS_PER_INSERT a statement. */
	for (; rc == SQLITE_OK && st_rows_on(db) && i < t->ntags; i++)
		if (st_tag_looked_up(t->tags[i])) {
			const struct st_param prm[] = { ST_INT(id), ST_TEXT(t->tags[i]) };

			rc = st_run_row(db, "INSERT INTO ticket_tag (ticket, tag) VALUES (?1, ?2)", prm, 2);
		}
	while (rc == SQLITE_OK && !st_rows_on(db) && i < t->ntags) {
		const char *v[ROWS_PER_INSERT];
		int n = 0;

		for (; i < t->ntags && n < ROWS_PER_INSERT; i++)
			if (st_tag_looked_up(t->tags[i]))
				v[n++] = t->tags[i];
		if (!n)
			break;
		rc = st_prepare(db, rows_text(&tag_rows, n), &st);
		if (rc != SQLITE_OK)
			return rc;
		st_bind_int64(st, 1, id);
		for (int k = 0; k < n; k++)
			st_bind_text(st, 2 + k, v[k]);
		rc = st_step_done(st);
		st_finalize(st);
	}
	if (rc == SQLITE_OK && (rc = st_deadlines_text(t, &text)) == SQLITE_OK && text) {
		const struct st_param prm[] = { ST_INT(id), ST_TEXT(text) };

		rc = st_run_row(db, "INSERT INTO deadlines (ticket, stages) VALUES (?1, ?2)", prm, 2);
	}
	free(text);
	return rc;
}

#define EVENT_SQL "INSERT INTO ticket_event (ticket, at, who, action, detail, rev, status)" \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"

/* One history row, written or gathered (row: prepare_as). */
static int
event_row(st_db *db, int row, long long ticket, long long at, const char *who,
	  const char *action, const char *detail, long long rev, const char *status)
{
	st_stmt *st;
	int rc = prepare_as(db, EVENT_SQL, row, &st);

	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, ticket);
	st_bind_int64(st, 2, at);
	st_bind_text(st, 3, who);
	st_bind_text(st, 4, action);
	st_bind_text(st, 5, detail);
	if (rev > 0)
		st_bind_int64(st, 6, rev);
	else
		st_bind_null(st, 6);
	st_bind_text(st, 7, status);
	rc = st_step_done(st);
	st_finalize(st);
	return rc;
}

int
st_put_events(st_db *db, long long ticket, const struct ct_event *ev, size_t nev)
{
	st_stmt *st = NULL;
	int rc = st_order_take(db);

	/* An import's window (st_rows_on): each row gathered, to go after
	 * the window's ticket rows, so a ticket already in the store is
	 * refused by its own row rather than its history's; else up to
	 * ROWS_PER_INSERT a statement. */
	if (st_rows_on(db)) {
		for (size_t i = 0; rc == SQLITE_OK && i < nev; i++)
			rc = event_row(db, 1, ticket, ev[i].at, ev[i].who,
				       ev[i].action ? ev[i].action : "note", ev[i].detail,
				       ev[i].rev, ev[i].status);
		return rc;
	}
	for (size_t i = 0; rc == SQLITE_OK && i < nev; i += ROWS_PER_INSERT) {
		int n = nev - i < ROWS_PER_INSERT ? (int)(nev - i) : ROWS_PER_INSERT;
		rc = st_prepare(db, rows_text(&event_rows, n), &st);
		if (rc != SQLITE_OK)
			return rc;
		st_bind_int64(st, 1, ticket);
		for (int k = 0; k < n; k++) {
			const struct ct_event *e = &ev[i + (size_t)k];
			int p = 2 + 6 * k;

			st_bind_int64(st, p, e->at);
			st_bind_text(st, p + 1, e->who);
			st_bind_text(st, p + 2, e->action ? e->action : "note");
			st_bind_text(st, p + 3, e->detail);
			if (e->rev > 0)
				st_bind_int64(st, p + 4, e->rev);
			else
				st_bind_null(st, p + 4);
			st_bind_text(st, p + 5, e->status);
		}
		rc = st_step_done(st);
		st_finalize(st);
	}
	return rc;
}

/* The event of a new ticket's filing: in a shared write (db.h
 * ST_WRITE_SHARED) gathered for its commit, else written. */
static int
put_event_held(st_db *db, long long ticket, long long at, const char *who, const char *action,
	       const char *detail, int rev, const char *status)
{
	if (!st_db_holding(db))
		return st_put_event(db, ticket, at, who, action, detail, rev, status);
	return event_row(db, 2, ticket, at, who, action, detail, rev, status);
}

int
st_put_event(st_db *db, long long ticket, long long at, const char *who, const char *action,
	     const char *detail, int rev, const char *status)
{
	int rc = st_order_take(db);   /* in a shared write: its history from now on in order */

	return rc == SQLITE_OK ? event_row(db, 0, ticket, at, who, action, detail, rev, status) : rc;
}

/* The tags column as the store writes it, a JSON array of strings
 * without escapes (["network","cell:460-00-1-1"]), read without a JSON
 * parser: every listing reads it for every row. -1 for anything else (an
 * escape, a number, spaces where the store puts none), left to the parser. */
static int
plain_tags(const char *s, struct ct_ticket *t)
{
	const char *p = s + 1, *q;
	size_t cap = 1;

	if (*s != '[')
		return -1;
	for (q = s; *q; q++)
		cap += *q == ',';
	t->tags = ct_xcalloc(cap + 1, sizeof(char *));
	if (*p == ']' && !p[1])
		return 0;
	for (;;) {
		if (*p != '"')
			break;
		for (q = ++p; *q && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20; q++)
			;
		if (*q != '"' || t->ntags == cap)
			break;
		t->tags[t->ntags++] = ct_xstrndup(p, (size_t)(q - p));
		p = q + 1;
		if (*p == ']' && !p[1])
			return 0;
		if (*p++ != ',')
			break;
	}
	for (size_t i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	t->tags = NULL;
	t->ntags = 0;
	return -1;
}

/* Parses the tags column; text that is not a JSON array gives no tags. */
static void
parse_tags(const char *s, struct ct_ticket *t)
{
	json_t *a;
	size_t i, n = 0;

	t->tags = NULL;
	t->ntags = 0;
	if (!s || plain_tags(s, t) == 0)
		return;
	a = json_loads(s, 0, NULL);
	if (!json_is_array(a)) {
		json_decref(a);
		return;
	}
	t->tags = ct_xcalloc(json_array_size(a) + 1, sizeof(char *));
	for (i = 0; i < json_array_size(a); i++) {
		const char *v = json_string_value(json_array_get(a, i));

		if (v)
			t->tags[n++] = ct_xstrdup(v);
	}
	t->ntags = n;
	json_decref(a);
}

int
st_field_in_doc(const struct ct_field *f)
{
	return (f->flags & CT_FF_FULL) != 0;
}

void
st_ticket_columns(struct ct_buf *b)
{
	int first = 1;

	for (size_t i = 0; i < ct_nfields; i++)
		if (ct_fields[i].sql) {
			ct_buf_printf(b, "%s%s.%s", first ? "" : ", ",
				      st_field_in_doc(&ct_fields[i]) ? "ticket_doc" : "tickets",
				      ct_fields[i].sql);
			first = 0;
		}
}

void
st_ticket_columns_brief(struct ct_buf *b, st_db *db, unsigned long long fields)
{
	/* The complaint's channel, as a document of that one member (from
	 * the ticket's row: no document is read). */
	const char *channel = !db ? "NULL"
		: st_db_engine(db) == ST_SQLITE
		? "json_object('channel', tickets.channel)"
		: "json_build_object('channel', tickets.channel)::text";
	int first = 1;

	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];

		if (!f->sql)
			continue;
		if (fields && f->type != CT_FT_ID && !(fields & (1ULL << i)))
			ct_buf_puts(b, first ? "NULL" : ", NULL");
		else if (!st_field_in_doc(f))
			ct_buf_printf(b, "%stickets.%s", first ? "" : ", ", f->sql);
		else
			ct_buf_printf(b, "%s%s", first ? "" : ", ",
				      f->off == offsetof(struct ct_ticket, complaint_json) ? channel : "NULL");
		first = 0;
	}
}

void
st_ticket_select(struct ct_buf *b)
{
	ct_buf_puts(b, "SELECT ");
	st_ticket_columns(b);
	ct_buf_puts(b, " FROM " ST_TICKETS_WITH_DOCS);
}

/* The parameter of ticket_doc's INSERT that field f (a document) takes:
 * 2 for the complaint, 3 for the verdict (st_put_docs), -1 for any other. */
static int
doc_param(const struct ct_field *f)
{
	if (!f->sql || !st_field_in_doc(f))
		return -1;
	return f->off == offsetof(struct ct_ticket, complaint_json) ? 2 : 3;
}

void
st_pack_docs(const struct ct_ticket *t, struct st_doc packed[2])
{
	for (size_t i = 0; i < ct_nfields; i++) {
		int k = doc_param(&ct_fields[i]);

		if (k > 0)
			st_doc_pack(&packed[k - 2], doc_text(t, &ct_fields[i]));
	}
}

int
st_put_docs(st_db *db, long long id, const struct ct_ticket *t, const struct st_doc packed[2],
	    int fresh)
{
	st_stmt *st = NULL;
	/* A new ticket's without the upsert: its check of the unique index
	 * was a sixth of the write on PostgreSQL. */
	int rc = fresh ? st_prepare_row(db, "INSERT INTO ticket_doc (ticket, complaint_json,"
					    " verdict_json) VALUES (?1, ?2, ?3)", &st)
		       : st_prepare(db, "INSERT INTO ticket_doc (ticket, complaint_json, verdict_json)"
				    " VALUES (?1, ?2, ?3) ON CONFLICT (ticket) DO UPDATE SET"
				    " complaint_json = excluded.complaint_json,"
				    " verdict_json = excluded.verdict_json", &st);

	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, id);
	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		int k = doc_param(f);

		if (k > 0 && packed)
			st_bind_packed(st, k, &packed[k - 2], doc_text(t, f));
		else if (k > 0)
			st_bind_field(st, k, t, f);
	}
	rc = st_step_done(st);
	st_finalize(st);
	return rc;
}

void
st_row_to_ticket(st_stmt *st, struct ct_ticket *t)
{
	int col = 0;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < ct_nfields; i++) {
		const struct ct_field *f = &ct_fields[i];
		char *tags;

		if (!f->sql)
			continue;
		switch (f->type) {
		case CT_FT_TEXT:
			*(char **)ct_field_ptr(t, f) = st_col_text(st, col);
			break;
		case CT_FT_DOC:
			*(char **)ct_field_ptr(t, f) = st_col_doc(st, col);
			break;
		case CT_FT_STATUS:
			t->status = st_col_status(st, col);
			break;
		case CT_FT_TAGS:
			tags = st_col_text(st, col);
			parse_tags(tags, t);
			free(tags);
			break;
		case CT_FT_ID:
		case CT_FT_INT:
		case CT_FT_TIME:
		case CT_FT_SECONDS:
		case CT_FT_FLAG:
		case CT_FT_REF:
			ct_field_set_int(t, f, st_col_int64(st, col));
			break;
		case CT_FT_DEADLINES:
			break; /* a table of its own: st_load_deadlines */
		}
		col++;
	}
}

/*
 * A ticket's deadlines as the deadlines table keeps them (schema 12): one
 * JSON object of stage: due (seconds since 1970) in the order the stages
 * fall due (due, then stage, the order every reader gets them in), a stage
 * named twice keeping its last deadline, NULL stages left out.
 */
static int
by_due(const void *a, const void *b)
{
	const struct ct_deadline *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->stage, y->stage);
}

int
st_deadlines_text(const struct ct_ticket *t, char **out)
{
	struct ct_deadline *v;
	struct ct_buf b = CT_BUF_INIT;
	size_t n = 0;
	int rc = SQLITE_OK;

	*out = NULL;
	if (!t->ndeadlines)
		return SQLITE_OK;
	v = ct_xcalloc(t->ndeadlines, sizeof(*v));
	for (size_t i = 0; i < t->ndeadlines; i++) {
		const struct ct_deadline *d = &t->deadlines[i];
		int later = 0;

		for (size_t j = i + 1; d->stage && j < t->ndeadlines && !later; j++)
			later = t->deadlines[j].stage && !strcmp(t->deadlines[j].stage, d->stage);
		if (d->stage && !later)
			v[n++] = *d;
	}
	qsort(v, n, sizeof(*v), by_due);
	ct_buf_putc(&b, '{');
	for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
		char num[24];

		if (i)
			ct_buf_putc(&b, ',');
		if (ct_buf_json_string(&b, v[i].stage) != 0)
			rc = SQLITE_MISMATCH;   /* a stage's name that is not UTF-8 */
		ct_buf_putc(&b, ':');
		ct_buf_add(&b, num, ct_lltoa(v[i].due, num));
	}
	ct_buf_putc(&b, '}');
	if (rc == SQLITE_OK && n)
		*out = ct_buf_detach(&b);
	ct_buf_free(&b);
	free(v);
	return rc;
}

/*
 * The deadlines column as the store writes it, {"stage":due,...} with
 * ASCII names without escapes and plain integers (st_deadlines_text), read
 * without a JSON parser into t after its n first (a listing reads it for
 * every ticket, and jansson's parse was a tenth of a JSON listing). -1,
 * t as it was, for anything else (spaces, an escape, a name twice, a
 * number out of range), left to the parser.
 */
static int
plain_deadlines(const char *s, struct ct_ticket *t, size_t n)
{
	const char *p = s + 1;
	size_t cap = 0;

	if (*s != '{')
		return -1;
	for (const char *q = s; *q; q++)
		cap += *q == ':';
	t->deadlines = ct_xrealloc(t->deadlines, (n + cap + 1) * sizeof(*t->deadlines));
	if (*p == '}' && !p[1])
		return 0;
	while (*p == '"') {
		const char *k = ++p, *d, *e;
		long long due;

		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		if (*p != '"' || p[1] != ':' || t->ndeadlines - n == cap)
			break;
		for (size_t i = n; i < t->ndeadlines; i++)
			if (strlen(t->deadlines[i].stage) == (size_t)(p - k) &&
			    !strncmp(t->deadlines[i].stage, k, (size_t)(p - k)))
				goto fail;
		d = p + 2;
		e = d + (*d == '-');
		if (*e == '0' && e[1] >= '0' && e[1] <= '9')
			break;          /* a leading zero: not JSON */
		e += strspn(e, "0123456789");
		if (ct_parse_integer(d, e, &due) != 0)
			break;
		t->deadlines[t->ndeadlines].stage = ct_xstrndup(k, (size_t)(p - k));
		t->deadlines[t->ndeadlines].due = due;
		t->ndeadlines++;
		p = e;
		if (*p == '}' && !p[1])
			return 0;
		if (*p++ != ',')
			break;
	}
fail:
	while (t->ndeadlines > n)
		free(t->deadlines[--t->ndeadlines].stage);
	return -1;
}

/* Adds the deadlines of a row's text (st_deadlines_text; NULL: none) to
 * t, in due order. Text that is not an object of stage names and whole
 * times is a corrupt store, said of t's ticket on db. */
static int
deadlines_corrupt(st_db *db, const struct ct_ticket *t)
{
	return st_db_corrupt(db, "ticket %lld: its deadlines are not stage names with times", t->id);
}

static int
deadlines_parse(st_db *db, const char *text, struct ct_ticket *t)
{
	json_t *o, *v;
	const char *k;
	size_t n = t->ndeadlines;
	int rc = SQLITE_OK;

	if (!text)
		return SQLITE_OK;
	if (plain_deadlines(text, t, n) == 0) {
		qsort(t->deadlines + n, t->ndeadlines - n, sizeof(*t->deadlines), by_due);
		return SQLITE_OK;
	}
	o = json_loads(text, 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return deadlines_corrupt(db, t);
	}
	t->deadlines = ct_xrealloc(t->deadlines, (n + json_object_size(o) + 1) * sizeof(*t->deadlines));
	json_object_foreach(o, k, v) {
		if (!json_is_integer(v)) {
			rc = deadlines_corrupt(db, t);
			break;
		}
		t->deadlines[t->ndeadlines].stage = ct_xstrdup(k);
		t->deadlines[t->ndeadlines].due = json_integer_value(v);
		t->ndeadlines++;
	}
	json_decref(o);
	qsort(t->deadlines + n, t->ndeadlines - n, sizeof(*t->deadlines), by_due);
	return rc;
}

/* Fills t->deadlines from the deadlines table (dl is a prepared
 * st_deadlines_sql). */
int
st_load_deadlines(st_stmt *dl, struct ct_ticket *t)
{
	int rc;

	st_bind_int64(dl, 1, t->id);
	rc = st_step(dl);
	if (rc == SQLITE_ROW)
		rc = deadlines_parse(st_stmt_db(dl), st_col_ctext(dl, 0), t);
	else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	st_reset(dl);
	return rc;
}

const char st_deadlines_sql[] = "SELECT stages FROM deadlines WHERE ticket = ?1";

/* Columns named with their table: the walk joins deadlines and
 * ticket_event (which has a status of its own) to tickets. */
/* kind as the ticket module's table has it, NULL when it is not there. */
static const char *
known_kind(const char *kind)
{
	for (size_t i = 0; ct_kinds[i]; i++)
		if (!strcmp(kind, ct_kinds[i]))
			return ct_kinds[i];
	return NULL;
}

/* " AND tickets.COL IN (...)" of the set bits of mask, each the literal
 * name(bit) gives (the ticket module's names, or a number when name is
 * NULL): a literal list, so that the column's index can answer. */
static void
where_in(struct ct_buf *b, const char *col, unsigned mask, int lo, int hi,
	 const char *(*name)(int))
{
	const char *sep = "";

	ct_buf_printf(b, " AND tickets.%s IN (", col);
	for (int k = lo; k < hi; k++) {
		if (!(mask & (1u << k)))
			continue;
		if (name)
			ct_buf_printf(b, "%s'%s'", sep, name(k));
		else
			ct_buf_printf(b, "%s%d", sep, k);
		sep = ", ";
	}
	ct_buf_puts(b, *sep ? ")" : "NULL)");
}

static const char *
status_name_of(int k)
{
	return ct_status_name((enum ct_status)k);
}

/*
 * Only the conditions a filter sets go into the statement, each as a term
 * the planner can answer from an index (a "?1 IS NULL OR status = ?1" it
 * cannot: that read every ticket). The parameters keep their numbers
 * whichever are there (st_bind_filter binds them all).
 */
void
st_filter_where(struct ct_buf *b, st_db *db, const struct ct_ticket_filter *f)
{
	ct_buf_puts(b, "1 = 1");
	if (f->status)
		ct_buf_puts(b, " AND tickets.status = ?1");
	if (f->statuses)
		where_in(b, "status", f->statuses, CT_STATUS_FIRST, CT_STATUS_END, status_name_of);
	if (f->cause)
		ct_buf_puts(b, " AND tickets.cause = ?2");
	if (f->cell)
		ct_buf_puts(b, " AND tickets.cell = ?3");
	if (f->grade)
		ct_buf_puts(b, " AND tickets.grade = ?4");
	if (f->grades)
		where_in(b, "grade", f->grades, CT_GRADE_FIRST, CT_GRADE_LAST + 1, NULL);
	/* A kind of the ticket module's table goes in as its literal, so
	 * that the partial index of the rare kinds (tickets_appeal) can
	 * answer; anything else is a parameter. */
	if (f->kind && known_kind(f->kind))
		ct_buf_printf(b, " AND tickets.kind = '%s'", known_kind(f->kind));
	else if (f->kind)
		ct_buf_puts(b, " AND tickets.kind = ?12");
	/* The exact-value filters, each a parameter of its own. */
	if (f->department)
		ct_buf_puts(b, " AND tickets.department = ?13");
	if (f->person)
		ct_buf_puts(b, " AND tickets.person = ?14");
	if (f->msisdn)
		ct_buf_puts(b, " AND tickets.msisdn = ?15");
	if (f->imsi)
		ct_buf_puts(b, " AND tickets.imsi = ?16");
	if (f->complaint)
		ct_buf_puts(b, " AND tickets.complaint = ?17");
	/* Free text through the engine's own index (text.c). */
	if (f->search && !ct_store_search_words(f->search))
		ct_buf_puts(b, " AND 1 = 0");
	else if (f->search)
		st_text_where(b, db ? st_db_engine(db) : ST_SQLITE, f->search);
	if (f->filed_from)
		ct_buf_puts(b, " AND tickets.filed_at >= ?19");
	if (f->filed_to)
		ct_buf_puts(b, " AND tickets.filed_at < ?20");
	if (f->due_from)
		ct_buf_puts(b, " AND tickets.due_at >= ?21");
	if (f->due_to)
		ct_buf_puts(b, " AND tickets.due_at < ?22");
	/* Received, else filed, within [from, to): each half on the index
	 * tickets_received. */
	if (f->to)
		ct_buf_puts(b, " AND ((tickets.received_at >= ?10 AND tickets.received_at < ?11)"
			    " OR (tickets.received_at = 0 AND tickets.filed_at >= ?10"
			    " AND tickets.filed_at < ?11))");
}

void
st_bind_filter(st_stmt *st, const struct ct_ticket_filter *f)
{
	st_bind_text(st, 1, ct_status_name(f->status));
	st_bind_text(st, 2, f->cause);
	st_bind_text(st, 3, f->cell);
	st_bind_int64(st, 4, f->grade);
	if (f->kind && !known_kind(f->kind))
		st_bind_text(st, 12, f->kind);
	if (f->department)
		st_bind_text(st, 13, f->department);
	if (f->person)
		st_bind_text(st, 14, f->person);
	if (f->msisdn)
		st_bind_text(st, 15, f->msisdn);
	if (f->imsi)
		st_bind_text(st, 16, f->imsi);
	if (f->complaint)
		st_bind_text(st, 17, f->complaint);
	if (f->search && ct_store_search_words(f->search))
		st_text_bind(st, f->search);
	if (f->filed_from)
		st_bind_int64(st, 19, f->filed_from);
	if (f->filed_to)
		st_bind_int64(st, 20, f->filed_to);
	if (f->due_from)
		st_bind_int64(st, 21, f->due_from);
	if (f->due_to)
		st_bind_int64(st, 22, f->due_to);
	if (f->to) {
		st_bind_int64(st, 10, f->from > 0 ? f->from : 1);
		st_bind_int64(st, 11, f->to);
	}
	if (f->limit > 0) {
		st_bind_int64(st, 23, f->limit);
		st_bind_int64(st, 24, f->offset);
	}
}

int
ct_store_last_change(struct ct_store *s, long long *id, struct ct_err *err)
{
	st_stmt *st = NULL;
	int rc = st_prepare(s->db, "SELECT coalesce(max(id), 0) FROM ticket_event", &st);

	if (rc == SQLITE_OK && (rc = st_step(st)) == SQLITE_ROW) {
		*id = st_col_int64(st, 0);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc == SQLITE_OK ? 0 : st_sql_fail(s->path, s->db, rc, err);
}

int
ct_store_count(struct ct_store *s, const struct ct_ticket_filter *f, long long *n,
	       struct ct_err *err)
{
	static const struct ct_ticket_filter any = { .status = CT_STATUS_NONE };
	struct ct_buf sql = CT_BUF_INIT;
	struct ct_ticket_filter all = f ? *f : any;
	st_stmt *st = NULL;
	int rc;

	all.limit = all.offset = 0;
	ct_buf_puts(&sql, "SELECT count(*) FROM tickets WHERE ");
	st_filter_where(&sql, s->db, &all);
	rc = st_prepare(s->db, ct_buf_str(&sql), &st);
	ct_buf_free(&sql);
	if (rc == SQLITE_OK) {
		st_bind_filter(st, &all);
		rc = st_step(st);
	}
	if (rc == SQLITE_ROW) {
		*n = st_col_int64(st, 0);
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc == SQLITE_OK ? 0 : st_sql_fail(s->path, s->db, rc, err);
}

int
ct_store_search_words(const char *search)
{
	struct ct_buf q = CT_BUF_INIT;
	int n = search ? st_text_query(search, &q) : 0;

	ct_buf_free(&q);
	return n;
}

int
st_read_begin(st_db *db, int *own)
{
	*own = !st_in_txn(db);
	return *own ? st_begin(db, 0) : SQLITE_OK;
}

void
st_read_end(st_db *db, int own, int rc)
{
	if (own)
		st_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK");
}

int
ct_store_read_begin(struct ct_store *s, struct ct_err *err)
{
	int rc = st_begin(s->db, 0);

	return rc == SQLITE_OK ? 0 : st_sql_fail(s->path, s->db, rc, err);
}

void
ct_store_read_end(struct ct_store *s)
{
	if (st_in_txn(s->db))
		st_exec(s->db, "COMMIT");
}

/*
 * The walk of ct_store_each and ct_store_each_history: the tickets in id
 * order, and beside them, in the same order, their deadlines and (when
 * asked) their history, each one statement read as a stream and merged by
 * ticket id, so a walk costs three statements, not three per ticket.
 */
struct walk {
	st_stmt *st, *dl, *ev;
	int dl_row, ev_row;    /* the statement is on a row not yet taken */
	int ev_each;           /* ev is one ticket's history, asked per ticket */
	st_db *twin;           /* ev's connection when not the store's (st_db_twin) */
};

/* Takes the rows of ticket id from a merged statement (column 0: ticket). */
static int
walk_take(st_stmt *st, int *row, long long id, int (*take)(st_stmt *, void *), void *into)
{
	int rc = SQLITE_ROW;

	for (;;) {
		if (!*row) {
			rc = st_step(st);
			if (rc != SQLITE_ROW)
				return rc == SQLITE_DONE ? SQLITE_OK : rc;
			*row = 1;
		}
		if (st_col_int64(st, 0) > id)
			return SQLITE_OK;
		if (st_col_int64(st, 0) == id && (rc = take(st, into)) != SQLITE_OK)
			return rc;
		*row = 0;
	}
}

static int
take_deadline(st_stmt *st, void *p)
{
	return deadlines_parse(st_stmt_db(st), st_col_ctext(st, 1), p);
}

/* A ticket's history as read, and each event's id (column 7), by which
 * events_in_order puts it in order. */
struct events {
	struct ct_event *v;
	long long *ids;
	size_t n, cap, cap_ids;
};

static int
take_event(st_stmt *st, void *p)
{
	struct events *e = p;
	struct ct_event *x;

	e->v = ct_xgrow(e->v, e->n + 1, &e->cap, sizeof(*e->v));
	e->ids = ct_xgrow(e->ids, e->n + 1, &e->cap_ids, sizeof(*e->ids));
	e->ids[e->n] = st_col_int64(st, 7);
	x = &e->v[e->n++];
	x->ticket = st_col_int64(st, 0);
	x->at = st_col_int64(st, 1);
	x->who = st_col_text(st, 2);
	x->action = st_col_text(st, 3);
	x->detail = st_col_text(st, 4);
	x->rev = st_col_int(st, 5);
	x->status = st_col_text(st, 6);
	return 0;
}

static int
walk_prepare(struct ct_store *s, const struct ct_ticket_filter *f, int history, struct walk *w)
{
	struct ct_buf sql = CT_BUF_INIT, where = CT_BUF_INIT;
	int rc;

	memset(w, 0, sizeof(*w));
	st_filter_where(&where, s->db, f);
	ct_buf_puts(&sql, "SELECT ");
	if (f->brief)
		st_ticket_columns_brief(&sql, s->db, f->fields);
	else
		st_ticket_columns(&sql);
	ct_buf_printf(&sql, " FROM " ST_TICKETS_WITH_DOCS " WHERE %s ORDER BY tickets.id",
		      ct_buf_str(&where));
	if (f->limit > 0) {
		/* A page: the deadlines and events of its tickets only. */
		ct_buf_puts(&sql, " LIMIT ?23 OFFSET ?24");
		char *terms = ct_xstrdup(ct_buf_str(&where));

		ct_buf_printf(&where, " AND tickets.id IN (SELECT tickets.id FROM tickets WHERE %s"
			      " ORDER BY tickets.id LIMIT ?23 OFFSET ?24)", terms);
		free(terms);
	}
	rc = st_prepare_stream(s->db, ct_buf_str(&sql), &w->st);
	ct_buf_reset(&sql);
	ct_buf_printf(&sql, "SELECT d.ticket, d.stages FROM tickets JOIN deadlines AS d"
		      " ON d.ticket = tickets.id WHERE %s ORDER BY d.ticket", ct_buf_str(&where));
	if (rc == SQLITE_OK && !f->no_deadlines)
		rc = st_prepare_stream(s->db, ct_buf_str(&sql), &w->dl);
	ct_buf_reset(&sql);
	/* Insertion order is the order the changes were committed in. A
	 * time range (a month's report) is read through the time index, in
	 * no ticket order: SQLite would sort the histories merged in ticket
	 * order whole first (hundreds of thousands of rows, in one thread),
	 * so there each ticket's is asked for on the ticket index instead.
	 * A server sorts them faster than it answers a statement per ticket. */
	w->ev_each = f->to != 0 && st_db_engine(s->db) == ST_SQLITE;
	/* Per ticket, the few rows are put in order here (events_in_order,
	 * by the event's id): an ORDER BY made SQLite set up a sorter for
	 * every ticket, and the server sort every ticket's again. */
	if (w->ev_each)
		ct_buf_puts(&sql, "SELECT e.ticket, e.at, e.who, e.action, e.detail, e.rev, e.status,"
			    " e.id FROM ticket_event AS e WHERE e.ticket = ?1");
	else if (f->to != 0)   /* a time range on the server */
		/* The range's tickets in id order, each one's
		 * history through the ticket index (the OFFSET keeps the
		 * subquery a loop over them): the join below read the whole
		 * history table and sorted what it kept, 1.3 s for a month of a
		 * 200,000-ticket store where this takes 0.5. */
		ct_buf_printf(&sql, "SELECT e.ticket, e.at, e.who, e.action, e.detail, e.rev,"
			      " e.status, e.id FROM (SELECT tickets.id FROM tickets WHERE %s"
			      " ORDER BY tickets.id) AS t CROSS JOIN LATERAL (SELECT * FROM ticket_event"
			      " AS e WHERE e.ticket = t.id OFFSET 0) AS e ORDER BY t.id",
			      ct_buf_str(&where));
	else
		ct_buf_printf(&sql, "SELECT e.ticket, e.at, e.who, e.action, e.detail, e.rev,"
			      " e.status, e.id FROM tickets JOIN ticket_event AS e ON e.ticket = tickets.id"
			      " WHERE %s ORDER BY e.ticket, e.id", ct_buf_str(&where));
	/* On a server, a whole walk's histories are read on a second
	 * connection in the same snapshot: its server process works them
	 * out while the store's works out the tickets (a month's report
	 * waited on the two one after the other). A page is too short to
	 * pay for the connection; without one (the server's connection
	 * limit), both are read on the store's. */
	if (rc == SQLITE_OK && history && !w->ev_each && st_db_engine(s->db) == ST_POSTGRESQL &&
	    f->limit <= 0 && st_db_twin(s->db, &w->twin) != SQLITE_OK)
		w->twin = NULL;
	if (rc == SQLITE_OK && history)
		rc = w->ev_each ? st_prepare(s->db, ct_buf_str(&sql), &w->ev)
				: st_prepare_stream(w->twin ? w->twin : s->db, ct_buf_str(&sql), &w->ev);
	ct_buf_free(&sql);
	ct_buf_free(&where);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_filter(w->st, f);
	if (w->dl)
		st_bind_filter(w->dl, f);
	if (w->ev && !w->ev_each)
		st_bind_filter(w->ev, f);
	/* The histories' first rows are worked out while the tickets' are. */
	return w->twin ? st_start(w->ev) : SQLITE_OK;
}

/* The events in the order of their ids (the order they were committed
 * in): an insertion sort of a few, mostly in order already. */
static void
events_in_order(struct events *e)
{
	for (size_t k = 1; k < e->n; k++)
		for (size_t i = k; i > 0 && e->ids[i - 1] > e->ids[i]; i--) {
			long long id = e->ids[i];
			struct ct_event x = e->v[i];

			e->ids[i] = e->ids[i - 1];
			e->ids[i - 1] = id;
			e->v[i] = e->v[i - 1];
			e->v[i - 1] = x;
		}
}

/* One ticket's history on the ticket index (a walk's ev_each). */
static int
walk_history(st_stmt *ev, long long id, struct events *e)
{
	int rc;

	st_reset(ev);
	st_bind_int64(ev, 1, id);
	while ((rc = st_step(ev)) == SQLITE_ROW)
		take_event(ev, e);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
walk(struct ct_store *s, const struct ct_ticket_filter *f, ct_ticket_fn fn,
     ct_history_fn hfn, void *arg, struct ct_err *err)
{
	static const struct ct_ticket_filter any = { .status = CT_STATUS_NONE };
	struct walk w;
	int rc, own, stop = 0, ev_rc = SQLITE_OK;

	if (!f)
		f = &any;
	/* One read transaction: the rows are a consistent snapshot. */
	rc = st_read_begin(s->db, &own);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	rc = walk_prepare(s, f, hfn != NULL, &w);
	while (rc == SQLITE_OK && (rc = st_step(w.st)) == SQLITE_ROW) {
		struct ct_ticket t;
		struct events e = { NULL, NULL, 0, 0, 0 };

		st_row_to_ticket(w.st, &t);
		rc = w.dl ? walk_take(w.dl, &w.dl_row, t.id, take_deadline, &t) : SQLITE_OK;
		if (rc == SQLITE_OK && w.ev)
			rc = ev_rc = w.ev_each ? walk_history(w.ev, t.id, &e)
					       : walk_take(w.ev, &w.ev_row, t.id, take_event, &e);
		if (rc == SQLITE_OK) {
			events_in_order(&e);
			stop = hfn ? hfn(&t, e.v, e.n, arg, err) : fn(&t, arg, err);
		}
		ct_events_free(e.v, e.n);
		free(e.ids);
		ct_ticket_free(&t);
		if (rc != SQLITE_OK || stop)
			break;
	}
	if (rc == SQLITE_DONE || stop)
		rc = SQLITE_OK;
	st_finalize(w.st);
	st_finalize(w.dl);
	st_finalize(w.ev);
	st_read_end(s->db, own, rc);
	if (rc != SQLITE_OK && w.twin && ev_rc != SQLITE_OK)
		rc = st_sql_fail(s->path, w.twin, ev_rc, err);
	else if (rc != SQLITE_OK)
		rc = st_sql_fail(s->path, s->db, rc, err);
	if (w.twin) {
		st_exec(w.twin, "COMMIT");
		st_db_close(w.twin);
	}
	return rc != SQLITE_OK ? rc : stop;
}

int
ct_store_each(struct ct_store *s, const struct ct_ticket_filter *f, ct_ticket_fn fn, void *arg,
	      struct ct_err *err)
{
	return walk(s, f, fn, NULL, arg, err);
}

int
ct_store_each_history(struct ct_store *s, const struct ct_ticket_filter *f, ct_history_fn fn,
		      void *arg, struct ct_err *err)
{
	return walk(s, f, NULL, fn, arg, err);
}

struct collect {
	struct ct_ticket *v;
	size_t n, cap;
};

/* Keeps a copy of t: moves its members into the array. */
static int
collect_one(struct ct_ticket *t, void *arg, struct ct_err *err)
{
	struct collect *c = arg;

	(void)err;
	c->v = ct_xgrow(c->v, c->n + 1, &c->cap, sizeof(*c->v));
	c->v[c->n++] = *t;
	memset(t, 0, sizeof(*t));
	return 0;
}

int
ct_store_list(struct ct_store *s, const struct ct_ticket_filter *f,
	      struct ct_ticket **out, size_t *n, struct ct_err *err)
{
	struct collect c = { NULL, 0, 0 };
	int rc = ct_store_each(s, f, collect_one, &c, err);

	*out = NULL;
	*n = 0;
	if (rc) {
		ct_tickets_free(c.v, c.n);
		return rc;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

/* internal.h */
int
st_load_ticket(st_db *db, long long id, struct ct_ticket *t, int *found)
{
	struct ct_buf sql = CT_BUF_INIT;
	st_stmt *st;
	int rc;

	memset(t, 0, sizeof(*t));
	*found = 0;
	st_ticket_select(&sql);
	ct_buf_puts(&sql, " WHERE id = ?1");
	rc = st_prepare(db, ct_buf_str(&sql), &st);
	ct_buf_free(&sql);
	if (rc != SQLITE_OK)
		return rc;
	st_bind_int64(st, 1, id);
	rc = st_step(st);
	if (rc == SQLITE_ROW) {
		st_row_to_ticket(st, t);
		*found = 1;
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	st_finalize(st);
	return rc;
}

int
ct_store_get(struct ct_store *s, long long id, struct ct_ticket *out,
	     struct ct_err *err)
{
	st_stmt *dl = NULL;
	int rc, own, found = 0;

	memset(out, 0, sizeof(*out));
	rc = st_read_begin(s->db, &own);
	if (rc != SQLITE_OK)
		return st_sql_fail(s->path, s->db, rc, err);
	rc = st_load_ticket(s->db, id, out, &found);
	if (rc == SQLITE_OK && found &&
	    (rc = st_prepare(s->db, st_deadlines_sql, &dl)) == SQLITE_OK)
		rc = st_load_deadlines(dl, out);
	st_finalize(dl);
	st_read_end(s->db, own, rc);
	if (rc != SQLITE_OK) {
		ct_ticket_free(out);
		memset(out, 0, sizeof(*out));
		return st_sql_fail(s->path, s->db, rc, err);
	}
	if (!found)
		return ct_fail(err, CT_ENOTFOUND, "ticket %lld not found", id);
	return 0;
}
