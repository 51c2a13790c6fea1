#!/bin/sh
# bench-store.sh: section 4 of `make bench` (called by tools/bench.sh), the
# shared ticket store. Nothing is asserted: figures are printed as
# ratios against plain SQLite measured in the same run on the same machine.
#
#   - filing: bin/celltriage ticket file on BENCH_STORE_FILE (default 2000)
#     complaints (JSON Lines, ids and numbers varied, spread over
#     BENCH_STORE_CELLS cells, default 500: filing reads the cell's recent
#     tickets for the hot-cell note, so one cell for all makes filing
#     quadratic), with one process
#     (one file) and with 4 processes (4 files, the same store at once),
#     tickets/s; against the floor, a C loop inserting the same number of
#     rows of the same size into one table, one transaction per row, WAL
#     with synchronous = FULL as the store has (also 1 and 4 processes);
#   - list --overdue on a store of BENCH_STORE_N tickets (default 1000000):
#     the one-process store replicated with SQL through the sqlite3 CLI
#     (every table a ticket has rows in: tickets, deadlines, ticket_tag,
#     ticket_event, with new ids and complaint ids, revs and histories kept
#     consistent, AUTOINCREMENT sequences moved on), then `ticket list
#     --overdue` at a --now when every ticket is overdue, time and peak RSS,
#     against sqlite3 reading the same rows (every ticket, every deadline)
#     into a file, as list's output goes. PRAGMA integrity_check on the big store is printed.
set -u
cd "$(dirname "$0")/.." || exit 2
n=${BENCH_STORE_N:-1000000}
nf=${BENCH_STORE_FILE:-2000}
ncells=${BENCH_STORE_CELLS:-500}
bin=bin/celltriage
dir=build/bench/store
mkdir -p "$dir"
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
cc=${CC:-cc}
now=2026-11-20T09:30:00Z      # filing time (the complaint is received 01:15Z)
late=2026-11-21T00:00:00Z     # every ticket is overdue by then

[ -x "$bin" ] || { echo "bench-store: $bin not built (make all)"; exit 2; }
command -v sqlite3 >/dev/null 2>&1 || { echo "store benchmark: no sqlite3 CLI, skipped"; exit 0; }
[ "$nf" -ge 4 ] || nf=4

# The floor: one row of a ticket's size per transaction, WAL, synchronous FULL.
cat >"$dir/floor.c" <<'EOF'
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	static char doc[2500];
	long from, count;
	if (argc != 4) { fprintf(stderr, "usage: floor DB FROM COUNT\n"); return 2; }
	from = strtol(argv[2], NULL, 10);
	count = strtol(argv[3], NULL, 10);
	memset(doc, 'x', sizeof(doc) - 1);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 2;
	sqlite3_busy_timeout(db, 60000);
	sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, complaint TEXT UNIQUE,"
		     " doc TEXT)", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO t (complaint, doc) VALUES (?1, ?2)", -1, &st, NULL))
		return 2;
	for (long i = from; i < from + count; i++) {
		char id[32];
		snprintf(id, sizeof(id), "F%08ld", i);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "%s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, doc, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
		sqlite3_reset(st);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return 1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
EOF
$cc -std=c11 -O2 -o "$dir/floor" "$dir/floor.c" -lsqlite3 || exit 2

t_now() { date +%s%N; }
# timed NAME CMD...: seconds into $dir/sec-NAME, peak RSS (kB) into $dir/rss-NAME,
# its output into $dir/out-NAME (both readers of the big store write theirs).
timed() {
	name=$1
	shift
	t0=$(t_now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$dir/rss-$name" "$@" >"$dir/out-$name" 2>"$dir/err-$name"
	else
		"$@" >"$dir/out-$name" 2>"$dir/err-$name"
		echo 0 >"$dir/rss-$name"
	fi
	rc=$?
	t1=$(t_now)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >"$dir/sec-$name"
	[ $rc -eq 0 ] || echo "bench-store: $name failed (exit $rc): $(head -3 "$dir/err-$name")"
}
sec() { cat "$dir/sec-$1"; }
# rate LABEL NAME COUNT FLOOR: seconds, per second, and the ratio to the floor's rate.
rate() {
	awk -v l="$1" -v s="$(sec "$2")" -v c="$3" -v f="$(sec "$4")" 'BEGIN {
		if (s <= 0) s = 0.001; if (f <= 0) f = 0.001
		printf "  %-40s %8.2f s %9.0f tickets/s  %5.2f of the floor\n", l, s, c / s, f / s }'
}

# ---- complaints: nf JSON Lines, and the same in 4 files ------------------
one=captures/complaints/weak-coverage-vip.json
jl=$dir/complaints-$nf-$ncells.jsonl
if [ ! -f "$jl" ]; then
	tr -d '\n' <"$one" | awk -v n="$nf" -v cells="$ncells" '{
		for (i = 1; i <= n; i++) {
			s = $0
			sub(/"C20261120-0001"/, sprintf("\"S%07d\"", i), s)
			sub(/"13150423168"/, sprintf("\"139%08d\"", i), s)
			sub(/"460-00-12345-1"/, sprintf("\"460-00-%05d-1\"", i % cells), s)
			print s
		}
	}' >"$jl"
fi
q=$((nf / 4))
awk -v q="$q" -v d="$dir" '{ p = int((NR - 1) / q); if (p > 3) p = 3; print > (d "/part-" p ".jsonl") }' "$jl"

# ---- filing: 1 process, 4 processes, and the floors ----------------------
rm -f "$dir"/s1.db* "$dir"/s4.db* "$dir"/f1.db* "$dir"/f4.db*
timed file1 "$bin" ticket file --store "$dir/s1.db" --now "$now" "$jl"
cat >"$dir/file4.sh" <<EOF
for p in 0 1 2 3; do
	$bin ticket file --store $dir/s4.db --now $now $dir/part-\$p.jsonl >/dev/null || echo "part \$p failed" >&2 &
done
wait
EOF
# The store file is made first, so the 4 writers time filing, not creation.
echo '[]' >"$dir/none.json"
"$bin" ticket import --store "$dir/s4.db" "$dir/none.json" >/dev/null || exit 2
timed file4 sh "$dir/file4.sh"
timed floor1 "$dir/floor" "$dir/f1.db" 0 "$nf"
sqlite3 "$dir/f4.db" "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY,
	complaint TEXT UNIQUE, doc TEXT)" >/dev/null
cat >"$dir/floor4.sh" <<EOF
for p in 0 1 2 3; do
	$dir/floor $dir/f4.db \$((p * $q)) $q &
done
wait
EOF
timed floor4 sh "$dir/floor4.sh"
got1=$(sqlite3 "$dir/s1.db" "SELECT count(*) FROM tickets")
got4=$(sqlite3 "$dir/s4.db" "SELECT count(*) FROM tickets")
echo "store benchmark: filing $nf complaints over $ncells cells (one ticket each; $got1 filed by 1 process, $got4 by 4)"
rate "plain SQLite, 1 row per transaction" floor1 "$nf" floor1
rate "plain SQLite, 4 processes" floor4 "$((q * 4))" floor4
rate "ticket file, 1 process" file1 "$got1" floor1
rate "ticket file, 4 processes" file4 "$got4" floor4
awk -v a="$(sec file1)" -v b="$(sec file4)" -v n1="$got1" -v n4="$got4" 'BEGIN {
	if (a <= 0) a = 0.001; if (b <= 0) b = 0.001
	printf "  4 processes file %.2f x as many tickets/s as 1\n", (n4 / b) / (n1 / a) }'

# ---- a store of n tickets: replicate the 1-process store with SQL --------
# (kept between runs, like the capture files: rebuilt when its size differs)
base=$got1
big=$dir/big-$n.db
if [ ! -f "$big" ] || [ "$(sqlite3 "$big" "SELECT count(*) FROM tickets")" != "$n" ]; then
	rm -f "$big" "$big-wal" "$big-shm"
	sqlite3 "$dir/s1.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$dir/s1.db" "$big"
	copies=$(( (n + base - 1) / base - 1 ))
	t0=$(t_now)
	# Copy k of ticket t is ticket t + k * base, complaint id "<id>#k"; its
	# deadlines, tags and history come along (events keep their rev, so each
	# copy's history is complete: revs 1..rev once).
	sqlite3 "$big" >/dev/null <<EOF
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -262144;
BEGIN;
CREATE TEMP TABLE k (i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $copies)
INSERT INTO k SELECT i FROM c WHERE $copies > 0;
INSERT INTO tickets (id, complaint, msisdn, imsi, cell, rat, phenomenon, cause, class, domain,
	confidence, grade, status, kind, received_at, filed_at, updated_at, tags, complaint_json,
	verdict_json, rev, department, person, reply_cause, result, satisfaction, time_taken_s,
	invalid, evidence, status_at, repeat_of, batch)
SELECT t.id + k.i * $base, t.complaint || '#' || k.i, t.msisdn, t.imsi, t.cell, t.rat,
	t.phenomenon, t.cause, t.class, t.domain, t.confidence, t.grade, t.status, t.kind,
	t.received_at, t.filed_at, t.updated_at, t.tags,
	json_set(t.complaint_json, '\$.id', t.complaint || '#' || k.i), t.verdict_json, t.rev,
	t.department, t.person, t.reply_cause, t.result, t.satisfaction, t.time_taken_s,
	t.invalid, t.evidence, t.status_at, t.repeat_of, t.batch
FROM k, tickets t WHERE t.id <= $base AND t.id + k.i * $base <= $n ORDER BY k.i, t.id;
INSERT INTO deadlines (ticket, stage, due)
SELECT d.ticket + k.i * $base, d.stage, d.due FROM k, deadlines d
WHERE d.ticket <= $base AND d.ticket + k.i * $base <= $n;
INSERT INTO ticket_tag (ticket, tag)
SELECT g.ticket + k.i * $base, g.tag FROM k, ticket_tag g
WHERE g.ticket <= $base AND g.ticket + k.i * $base <= $n;
INSERT INTO ticket_event (ticket, at, who, action, detail, rev, status)
SELECT e.ticket + k.i * $base, e.at, e.who, e.action, e.detail, e.rev, e.status FROM k, ticket_event e
WHERE e.ticket <= $base AND e.ticket + k.i * $base <= $n ORDER BY k.i, e.id;
DELETE FROM tickets WHERE id > $n;
UPDATE sqlite_sequence SET seq = (SELECT max(id) FROM tickets) WHERE name = 'tickets';
UPDATE sqlite_sequence SET seq = (SELECT max(id) FROM ticket_event) WHERE name = 'ticket_event';
COMMIT;
PRAGMA journal_mode = WAL;
EOF
	[ $? -eq 0 ] || { echo "bench-store: replicating the store failed"; exit 2; }
	t1=$(t_now)
	echo "$t0 $t1" | awk '{ printf "  (store of %s tickets built by SQL replication in %.1f s)\n", "'"$n"'", ($2 - $1) / 1e9 }'
fi
cnt=$(sqlite3 "$big" "SELECT count(*) FROM tickets")
bad=$(sqlite3 "$big" "SELECT count(*) FROM tickets t WHERE t.rev <> (SELECT count(*) FROM ticket_event e WHERE e.ticket = t.id)")
# warm the page cache so both readers start equal
cat "$big" >/dev/null
timed overdue "$bin" ticket list --overdue --store "$big" --now "$late"
timed readfloor sqlite3 "$big" "SELECT * FROM tickets ORDER BY id; SELECT * FROM deadlines ORDER BY ticket, due"
shown=$(($(wc -l <"$dir/out-overdue") - 1)) # the header line
rm -f "$dir/out-overdue" "$dir/out-readfloor"
echo "store benchmark: list --overdue on a store of $cnt tickets ($(du -m "$big" | cut -f1) MB; $bad with a history that does not match their rev; integrity_check: $(sqlite3 "$big" 'PRAGMA quick_check' | head -1))"
awk -v s="$(sec readfloor)" -v r="$(cat "$dir/rss-readfloor")" 'BEGIN { if (s <= 0) s = 0.001
	printf "  %-40s %8.2f s %8.1f MB RSS\n", "sqlite3 reading tickets + deadlines", s, r / 1024 }'
awk -v s="$(sec overdue)" -v r="$(cat "$dir/rss-overdue")" -v f="$(sec readfloor)" -v c="$shown" 'BEGIN {
	if (s <= 0) s = 0.001
	printf "  %-40s %8.2f s %8.1f MB RSS  %5.2f of the floor (%s tickets overdue)\n",
	       "ticket list --overdue", s, r / 1024, f / s, c }'
