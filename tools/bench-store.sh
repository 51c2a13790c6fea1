#!/bin/sh
# bench-store.sh: section 4 of `make bench` (called by tools/bench.sh), the
# shared ticket store at operator scale. Nothing is asserted: each figure is
# printed with its target and "met" or "not met", next to a reference
# measured in the same run on the same machine and engine (plain SQLite:
# the sqlite3 CLI reading the same rows, or a C insert loop).
#
# The store: BENCH_STORE_N tickets (default 1000000) written by
# tools/gen-store.c in the store's own export format (a year of complaints
# before 2026-12-01T09:00:00Z, ids in filing order, 1 in 100 still open,
# half of those 4 hours to 5 days old: past a stage limit unless they wait
# for the customer's feedback, a status that runs no clock; files of
# BENCH_STORE_PER_FILE tickets, default 20000, kept between runs), built
# through the public `ticket import`, one file after another. Then, each as time and peak RSS (/usr/bin/time -v):
#   import           tickets/s over all files, the peak RSS of the largest;
#                    reference: a C loop inserting as many rows of a ticket's
#                    size (its export bytes), one transaction per file
#   list --overdue   at the generator's now; reference: sqlite3 reading the
#                    open tickets
#   list --grade 1 --format json   a filtered listing; reference: sqlite3
#                    reading the grade-1 tickets
#   list --format json             everything; reference: sqlite3 reading
#                    every ticket
#   hotspots         at the generator's now (the profile's window and
#                    baseline); reference: sqlite3 counting the window's and
#                    baseline's tickets per cell
#   ticket report --month 2026-11  reference: sqlite3 counting the month's
#                    tickets by cause, grade and status
#   (list --overdue, hotspots and the month report, which have a time
#   target, and their references each run three times in a row: the median
#   run is the figure)
#   bytes per ticket the store's files over the tickets; reference: the
#                    export format's bytes per ticket
#   ticket file      on the big store, BENCH_STORE_FILE complaints (default
#                    1000: half by one process, half by 4 processes at once),
#                    on the cells of the generated tickets (filing reads the
#                    cell's recent tickets for the hot-cell note), filed at
#                    the generator's now; reference: a C loop inserting as
#                    many rows of a ticket's size, one transaction per row,
#                    WAL with synchronous = FULL as the store has (1 and 4
#                    processes). Five rounds, each the references then the
#                    filings (new complaints each round): the median of each
#                    is the figure (a round of 500 filings takes a tenth of
#                    a second: one round slowed by the machine's other work
#                    moved the median of three), and every round's times
#                    are printed. On
#                    PostgreSQL the store's tables are first vacuumed and
#                    analyzed, as after any bulk load (its time is printed):
#                    else the server's autovacuum of the million imported
#                    rows works on the same two cores during the rounds
#
# The C loops' rows are incompressible text (PostgreSQL compresses a run of
# one byte, and 5,000 of them were stored in 69 bytes: not a ticket's size).
#
# Every command runs with at most BENCH_STORE_MEM_MB megabytes of address
# space (default 8192; ulimit -v): one that needs more is reported as failed.
#
# Backends are columns: BENCH_STORE_BACKENDS (default "sqlite postgresql")
# lists them; a backend is a store_BACKEND function (the --store argument
# and a reset), a ref_BACKEND function (the references on its engine:
# the sqlite3 or psql client reading the same rows, a C insert loop over
# the engine's own library), a size_BACKEND function (the bytes it holds)
# and a q_BACKEND function (one number from SQL). PostgreSQL runs on a
# throwaway cluster (tools/pg-cluster.sh, fsync on as a server has it),
# left out with a notice when the server programs are not installed.
# Before the import the new cluster writes a max_wal_size of write-ahead log
# and checkpoints (pg-cluster.sh cyclewal), so that it reuses its log's
# segments as a server that has been running does: a new cluster makes and
# zero-fills a 16 MB file for each of its first 64, and on this kind of
# virtual machine (memory the host provides when first touched) the first
# ten files of the import took 30.3 s on a new cluster and 19.4 s after the
# cycle in one trial (24.6-27.8 s in runs of this script, the machine's
# memory colder). The reference import, which runs after it, found them
# recycled anyway.
set -u
cd "$(dirname "$0")/.." || exit 2
n=${BENCH_STORE_N:-1000000}
per=${BENCH_STORE_PER_FILE:-20000}
nf=${BENCH_STORE_FILE:-1000}
backends=${BENCH_STORE_BACKENDS:-sqlite postgresql}
cap=${BENCH_STORE_MEM_MB:-8192}
bin=bin/celltriage
dir=build/bench/store
mkdir -p "$dir"
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
cc=${CC:-cc}
now=2026-12-01T09:00:00Z      # the generator's now: open tickets are measured at it
month=2026-11

[ -x "$bin" ] || { echo "bench-store: $bin not built (make all)"; exit 2; }
command -v sqlite3 >/dev/null 2>&1 || { echo "store benchmark: no sqlite3 CLI, skipped"; exit 0; }
[ -x /usr/bin/time ] || { echo "store benchmark: no /usr/bin/time (make deps), skipped"; exit 0; }
[ "$nf" -ge 8 ] || nf=8

$cc -std=c11 -O2 -o build/gen-store tools/gen-store.c || exit 2

# The floor: COUNT rows of SIZE bytes into one table, PER rows per
# transaction, WAL with synchronous FULL (as the store).
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
	char *doc;
	long from, count, size, per;
	if (argc != 6) { fprintf(stderr, "usage: floor DB FROM COUNT SIZE PER\n"); return 2; }
	from = strtol(argv[2], NULL, 10);
	count = strtol(argv[3], NULL, 10);
	size = strtol(argv[4], NULL, 10);
	per = strtol(argv[5], NULL, 10);
	if (size < 1 || per < 1 || !(doc = malloc((size_t)size + 1))) return 2;
	for (long k = 0, x = 1; k < size; k++) {
		x = (x * 1103515245 + 12345) & 0x7fffffff;
		doc[k] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[x >> 16 & 63];
	}
	doc[size] = '\0';
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
		if ((i - from) % per == 0 && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "%s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, doc, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
		sqlite3_reset(st);
		if (((i - from) % per == per - 1 || i == from + count - 1) &&
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return 1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(doc);
	return 0;
}
EOF
$cc -std=c11 -O2 -o "$dir/floor" "$dir/floor.c" -lsqlite3 || exit 2

# The same floor on PostgreSQL (libpq): one INSERT per row, a server-side
# prepared statement, PER rows per transaction.
cat >"$dir/pgfloor.c" <<'EOF'
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int
ok(PGconn *c, PGresult *r)
{
	int good = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!good)
		fprintf(stderr, "%s", PQerrorMessage(c));
	PQclear(r);
	return good;
}
int
main(int argc, char **argv)
{
	PGconn *c;
	char *doc;
	long from, count, size, per;
	if (argc != 6) { fprintf(stderr, "usage: pgfloor URL FROM COUNT SIZE PER\n"); return 2; }
	from = strtol(argv[2], NULL, 10);
	count = strtol(argv[3], NULL, 10);
	size = strtol(argv[4], NULL, 10);
	per = strtol(argv[5], NULL, 10);
	if (size < 1 || per < 1 || !(doc = malloc((size_t)size + 1))) return 2;
	for (long k = 0, x = 1; k < size; k++) {
		x = (x * 1103515245 + 12345) & 0x7fffffff;
		doc[k] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[x >> 16 & 63];
	}
	doc[size] = '\0';
	c = PQconnectdb(argv[1]);
	if (PQstatus(c) != CONNECTION_OK) { fprintf(stderr, "%s", PQerrorMessage(c)); return 2; }
	PQclear(PQexec(c, "SET client_min_messages = warning"));
	if (!ok(c, PQexec(c, "CREATE TABLE IF NOT EXISTS t (id BIGINT GENERATED BY DEFAULT AS"
			  " IDENTITY PRIMARY KEY, complaint TEXT UNIQUE, doc TEXT)")) ||
	    !ok(c, PQprepare(c, "ins", "INSERT INTO t (complaint, doc) VALUES ($1, $2)", 2, NULL)))
		return 2;
	for (long i = from; i < from + count; i++) {
		char id[32];
		const char *v[2] = { id, doc };
		snprintf(id, sizeof(id), "F%08ld", i);
		if ((i - from) % per == 0 && !ok(c, PQexec(c, "BEGIN")))
			return 1;
		if (!ok(c, PQexecPrepared(c, "ins", 2, v, NULL, NULL, 0)))
			return 1;
		if (((i - from) % per == per - 1 || i == from + count - 1) && !ok(c, PQexec(c, "COMMIT")))
			return 1;
	}
	PQfinish(c);
	free(doc);
	return 0;
}
EOF
if echo " $backends " | grep -q ' postgresql '; then
	if ! sh tools/pg-cluster.sh available 2>/dev/null ||
	   ! $cc -std=c11 -O2 -o "$dir/pgfloor" "$dir/pgfloor.c" $(pkg-config --cflags --libs libpq) 2>/dev/null; then
		echo "store benchmark: no PostgreSQL server programs (make deps installs them): its column left out"
		backends=$(echo " $backends " | sed 's/ postgresql / /')
	fi
fi

t_now() { date +%s%N; }
# timed NAME CMD...: seconds into $dir/sec-NAME, peak RSS (kB) into
# $dir/rss-NAME (from /usr/bin/time -v), stdout into $dir/out-NAME, the
# exit status into $dir/rc-NAME. CMD runs with at most $cap MB of address
# space: the machine may be shared, and a listing that holds the whole
# store could take all of its memory; a command stopped by the cap is
# reported as failed (and its target not met).
timed() {
	name=$1
	shift
	t0=$(t_now)
	# shellcheck disable=SC3045 # dash and bash have ulimit -v; without it, no cap
	(ulimit -v $((cap * 1024)) 2>/dev/null; exec /usr/bin/time -v -o "$dir/time-$name" "$@") \
		>"$dir/out-$name" 2>"$dir/err-$name"
	rc=$?
	t1=$(t_now)
	echo $rc >"$dir/rc-$name"
	echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >"$dir/sec-$name"
	awk -F': *' '/Maximum resident set size/ { print $2 }' "$dir/time-$name" >"$dir/rss-$name"
	[ $rc -eq 0 ] || echo "bench-store: $name failed after $(cat "$dir/sec-$name") s (exit $rc," \
		"memory cap $cap MB): $(grep -v '^Command exited' "$dir/err-$name" | head -2)"
}
# timed3 NAME CMD...: timed three times in a row, the run of the median
# time kept as NAME. For the figures with a time target and their
# references: a single run measured whichever of the two ran first, on
# colder caches, as much as the command.
timed3() {
	name3=$1
	shift
	for k in 1 2 3; do timed "$name3.$k" "$@"; done
	median "$name3" 3
}
# median NAME N: of the runs NAME.1 .. NAME.N (N odd), the one of the
# median time kept as NAME (a failed one, if any: the figure is "failed").
median() {
	mid=$(for k in $(seq "$2"); do
		echo "$(grep -qx 0 "$dir/rc-$1.$k" && echo 0 || echo 1) $(cat "$dir/sec-$1.$k") $k"
	done | sort -k1,1nr -k2,2n | awk -v m=$(($2 / 2 + 1)) 'NR == 1 && $1 == 1 { print $3; exit }
		NR == m { print $3 }')
	for f in sec rss rc out time err; do
		mv "$dir/$f-$1.$mid" "$dir/$f-$1"
		for k in $(seq "$2"); do rm -f "$dir/$f-$1.$k"; done
	done
}
# round_times NAME N: the times of NAME.1 .. NAME.N, as "a, b, ... and z s".
round_times() {
	for k in $(seq "$2"); do
		if [ "$k" -eq "$2" ]; then
			sep=" s"
		elif [ "$k" -eq $(($2 - 1)) ]; then
			sep=" and "
		else
			sep=", "
		fi
		printf '%s%s' "$(sec "$1.$k")" "$sep"
	done
}
# renamed FROM TO: a run's files under another name.
renamed() {
	for f in sec rss rc out time err; do mv "$dir/$f-$1" "$dir/$f-$2"; done
}
failed() { [ "$(cat "$dir/rc-$1")" != 0 ]; }
sec() { cat "$dir/sec-$1"; }
# ms NAME, rss_mb NAME, per_s NAME COUNT: a run's figure, or "failed".
ms() { if failed "$1"; then echo failed; else awk '{ printf "%.0f", $1 * 1000 }' "$dir/sec-$1"; fi; }
rss_mb() { if failed "$1"; then echo failed; else awk '{ printf "%.1f", $1 / 1024 }' "$dir/rss-$1"; fi; }
per_s() {
	if failed "$1"; then echo failed; else
		awk -v c="$2" '{ s = $1; if (s <= 0) s = 0.001; printf "%.0f", c / s }' "$dir/sec-$1"
	fi
}
# keep BACKEND KEY VALUE [REFERENCE]: a figure of the table below.
keep() {
	echo "$3" >"$dir/res-$1-$2"
	echo "${4:-}" >"$dir/ref-$1-$2"
}
# count NAME: tickets in a listing's output (JSON members at depth 1, or text
# lines after the header; "failed" when it failed), then the output is removed.
count() {
	if failed "$1"; then
		echo failed
	elif head -c 1 "$dir/out-$1" | grep -q '\['; then
		grep -c '^    "id": ' "$dir/out-$1"
	else
		echo $(($(wc -l <"$dir/out-$1") - 1))
	fi
	rm -f "$dir/out-$1"
}

# ---- the export files (kept between runs) --------------------------------
gen=$dir/gen-$n-$per
if [ ! -f "$gen.summary" ] || [ -n "$(find tools/gen-store.c -newer "$gen.summary")" ]; then
	rm -f "$gen"-*.json
	t0=$(t_now)
	build/gen-store --now "$now" --per-file "$per" "$gen" "$n" >"$gen.summary" || exit 2
	t1=$(t_now)
	echo "$t0 $t1" | awk '{ printf "  (export files of %s tickets written in %.1f s)\n", "'"$n"'", ($2 - $1) / 1e9 }'
fi
read -r _ _ _ nopen _ naged _ nfiles <"$gen.summary"
export_bytes=$(cat "$gen"-*.json | wc -c | tr -d ' ')
ticket_bytes=$((export_bytes / n))

# ---- complaints to file on the big store ---------------------------------
one=captures/complaints/weak-coverage-vip.json
nrounds=5
rounds=$(seq $nrounds)
half=$((nf / 2))
q=$((half / 4))
for r in $rounds; do
	# round r: complaint ids S..., T..., U..., V..., W...; subscribers
	# 139..., 138..., 137..., 136..., 135...
	jl=$dir/complaints-$nf-$r.jsonl
	tr -d '\n' <"$one" | awk -v n="$nf" -v r="$r" '{
		for (i = 1; i <= n; i++) {
			s = $0
			sub(/"C20261120-0001"/, sprintf("\"%s%07d\"", substr("STUVW", r, 1), i), s)
			sub(/"13150423168"/, sprintf("\"13%d%08d\"", 10 - r, i), s)
			sub(/"460-00-12345-1"/, sprintf("\"460-00-%05d-%d\"", 20000 + i % 300, 1 + i % 3), s)
			sub(/"2026-11-20T09:15:00\+08:00"/, "\"2026-12-01T16:30:00+08:00\"", s)
			print s
		}
	}' >"$jl"
	awk -v h="$half" -v q="$q" -v d="$dir" -v r="$r" 'NR <= h { print > (d "/one-" r ".jsonl"); next }
		{ p = int((NR - h - 1) / q); if (p > 3) p = 3; print > (d "/part-" r "-" p ".jsonl") }' "$jl"
done
nfile1=$(wc -l <"$dir/one-1.jsonl" | tr -d ' ')
nfile4=$((nf - nfile1))

# ---- backends ------------------------------------------------------------
# store_BACKEND: sets $store (the --store argument), after a fresh start.
q_sqlite() { sqlite3 "$store" "$1"; }
store_sqlite() {
	store=$dir/big-$n.db
	rm -f "$store" "$store-wal" "$store-shm"
}
# settle_BACKEND: the store after its bulk load as its engine wants it
# before the filing rounds (nothing on SQLite).
settle_sqlite() { :; }
size_sqlite() {
	cat "$store" "$store-wal" 2>/dev/null | wc -c | tr -d ' '
}
# ref_BACKEND NAME: the reference of figure NAME on the same engine.
ref_sqlite() {
	case $1 in
	import)
		rm -f "$dir"/fi.db*
		timed ref-import "$dir/floor" "$dir/fi.db" 0 "$n" "$ticket_bytes" "$per"
		rm -f "$dir"/fi.db* ;;
	overdue)
		timed3 ref-overdue sqlite3 "$store" "SELECT * FROM tickets WHERE status <> 'closed'" ;;
	grade1)
		timed ref-grade1 sqlite3 -json "$store" "SELECT * FROM tickets WHERE grade = 1" ;;
	all)
		timed ref-all sqlite3 -json "$store" "SELECT * FROM tickets" ;;
	hotspots)
		from=$(($(date -d "$now" +%s) - 29 * 86400))
		timed3 ref-hotspots sqlite3 "$store" "SELECT cell, count(*) FROM tickets
			WHERE received_at >= $from GROUP BY cell" ;;
	month)
		m0=$(date -d "$month-01T00:00:00Z" +%s)
		m1=$(date -d "$month-01T00:00:00Z + 1 month" +%s)
		timed3 ref-month sqlite3 "$store" "SELECT cause, grade, status, count(*) FROM tickets
			WHERE received_at >= $m0 AND received_at < $m1 GROUP BY 1, 2, 3" ;;
	file)
		rm -f "$dir"/f1.db* "$dir"/f4.db*
		timed ref-file1 "$dir/floor" "$dir/f1.db" 0 "$nfile1" "$ticket_bytes" 1
		sqlite3 "$dir/f4.db" "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY,
			complaint TEXT UNIQUE, doc TEXT)" >/dev/null
		cat >"$dir/floor4.sh" <<EOF
for p in 0 1 2 3; do
	$dir/floor $dir/f4.db \$((p * $q)) $q $ticket_bytes 1 &
done
wait
EOF
		timed ref-file4 sh "$dir/floor4.sh"
		rm -f "$dir"/f1.db* "$dir"/f4.db* ;;
	esac
}

# PostgreSQL: one cluster for the run, fsync on (a server's durability, as
# the SQLite figures have synchronous = FULL), stopped at the end.
pgdir=
pg_stop() { [ -z "$pgdir" ] || sh tools/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1; }
trap pg_stop EXIT
trap 'exit 130' INT TERM
pgdb() {
	sh tools/pg-cluster.sh dropdb "$pgdir" "$1" >/dev/null 2>&1
	sh tools/pg-cluster.sh newdb "$pgdir" "$1"
}
pgsql() { psql -X -q -A -t -d "$1" -c "$2"; }
q_postgresql() { pgsql "$store" "$1"; }
store_postgresql() {
	if [ -z "$pgdir" ]; then
		pgdir=$(mktemp -d /tmp/ct-bench-pg.XXXXXX)
		rmdir "$pgdir"
		PG_CLUSTER_FSYNC=on sh tools/pg-cluster.sh start "$pgdir" >/dev/null || return 1
		t0=$(t_now)
		sh tools/pg-cluster.sh cyclewal "$pgdir" || return 1
		t1=$(t_now)
		echo "$t0 $t1" | awk '{ printf "  postgresql: the new cluster'"'"'s write-ahead log cycled once: %.1f s\n",
			($2 - $1) / 1e9 }'
	fi
	store=$(pgdb big)
}
settle_postgresql() {
	t0=$(t_now)
	vac=$(pgsql "$store" "SELECT 'VACUUM (ANALYZE) ' || string_agg(quote_ident(tablename), ', ')
		FROM pg_tables WHERE schemaname = current_schema()")
	pgsql "$store" "$vac" || echo "  postgresql: $vac failed"
	t1=$(t_now)
	echo "$t0 $t1" | awk '{ printf "  postgresql: VACUUM (ANALYZE) of the store after the import: %.1f s\n",
		($2 - $1) / 1e9 }'
}
size_postgresql() {
	pgsql "$store" "SELECT pg_database_size(current_database())"
}
ref_postgresql() {
	case $1 in
	import)
		u=$(pgdb fi)
		timed ref-import "$dir/pgfloor" "$u" 0 "$n" "$ticket_bytes" "$per" ;;
	overdue)
		timed3 ref-overdue psql -X -A -t -d "$store" -c "SELECT * FROM tickets WHERE status <> 'closed'" ;;
	grade1)
		timed ref-grade1 psql -X -A -t -d "$store" -c "SELECT row_to_json(t) FROM tickets t WHERE grade = 1" ;;
	all)
		timed ref-all psql -X -A -t -d "$store" -c "SELECT row_to_json(t) FROM tickets t" ;;
	hotspots)
		from=$(($(date -d "$now" +%s) - 29 * 86400))
		timed3 ref-hotspots psql -X -A -t -d "$store" -c "SELECT cell, count(*) FROM tickets
			WHERE received_at >= $from GROUP BY cell" ;;
	month)
		m0=$(date -d "$month-01T00:00:00Z" +%s)
		m1=$(date -d "$month-01T00:00:00Z + 1 month" +%s)
		timed3 ref-month psql -X -A -t -d "$store" -c "SELECT cause, grade, status, count(*) FROM tickets
			WHERE received_at >= $m0 AND received_at < $m1 GROUP BY 1, 2, 3" ;;
	file)
		u=$(pgdb f1)
		timed ref-file1 "$dir/pgfloor" "$u" 0 "$nfile1" "$ticket_bytes" 1
		u=$(pgdb f4)
		"$dir/pgfloor" "$u" 0 0 1 1
		cat >"$dir/pgfloor4.sh" <<EOF
for p in 0 1 2 3; do
	$dir/pgfloor '$u' \$((p * $q)) $q $ticket_bytes 1 &
done
wait
EOF
		timed ref-file4 sh "$dir/pgfloor4.sh" ;;
	esac
}

# bench BACKEND: every figure on one backend.
bench() {
	b=$1
	"store_$b" || { echo "  $b: the store could not be made: no figures"; return 1; }
	# import, one file after another
	total=0
	peak=0
	bad=0
	i=1
	for f in "$gen"-*.json; do
		timed "$b-import-$i" "$bin" ticket import --store "$store" "$f"
		total=$(awk -v a="$total" -v s="$(sec "$b-import-$i")" 'BEGIN { print a + s }')
		r=$(cat "$dir/rss-$b-import-$i")
		[ "$r" -le "$peak" ] || peak=$r
		failed "$b-import-$i" && bad=1
		last=$i
		i=$((i + 1))
	done
	echo "$peak" >"$dir/rss-$b-import"
	echo "$total" >"$dir/sec-$b-import"
	echo "$bad" >"$dir/rc-$b-import"
	"ref_$b" import
	got=$("q_$b" "SELECT count(*) FROM tickets" 2>/dev/null)
	[ "${got:-0}" -gt 0 ] || { echo "  $b: no ticket imported: no figures"; return 1; }
	echo "  $b: $got tickets imported from $nfiles files in $(sec "$b-import") s; the first file" \
		"$(sec "$b-import-1") s, the last $(sec "$b-import-$last") s"
	keep "$b" import-rate "$(per_s "$b-import" "$got")" "$(per_s ref-import "$n")"
	keep "$b" import-rss "$(rss_mb "$b-import")" "$(rss_mb ref-import)"

	# the listings, hotspots and the month report, each with its reference
	cat "$store" >/dev/null 2>&1   # warm the page cache: every reader starts equal
	timed3 "$b-overdue" "$bin" ticket list --overdue --store "$store" --now "$now"
	shown_overdue=$(count "$b-overdue")
	"ref_$b" overdue
	keep "$b" overdue-ms "$(ms "$b-overdue")" "$(ms ref-overdue)"
	keep "$b" overdue-rss "$(rss_mb "$b-overdue")" "$(rss_mb ref-overdue)"
	timed "$b-grade1" "$bin" ticket list --grade 1 --format json --store "$store" --now "$now"
	shown_grade1=$(count "$b-grade1")
	"ref_$b" grade1
	keep "$b" grade1-ms "$(ms "$b-grade1")" "$(ms ref-grade1)"
	keep "$b" grade1-rss "$(rss_mb "$b-grade1")" "$(rss_mb ref-grade1)"
	timed "$b-all" "$bin" ticket list --format json --store "$store" --now "$now"
	shown_all=$(count "$b-all")
	"ref_$b" all
	keep "$b" all-ms "$(ms "$b-all")" "$(ms ref-all)"
	keep "$b" all-rss "$(rss_mb "$b-all")" "$(rss_mb ref-all)"
	timed3 "$b-hotspots" "$bin" hotspots --store "$store" --now "$now"
	"ref_$b" hotspots
	keep "$b" hotspots-ms "$(ms "$b-hotspots")" "$(ms ref-hotspots)"
	timed3 "$b-month" "$bin" ticket report --month "$month" --store "$store"
	"ref_$b" month
	keep "$b" month-ms "$(ms "$b-month")" "$(ms ref-month)"
	echo "  $b: list --overdue printed $shown_overdue tickets, --grade 1 $shown_grade1, everything $shown_all"
	rm -f "$dir"/out-*

	# bytes per ticket, before filing adds to the store
	[ "$b" != sqlite ] || sqlite3 "$store" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1
	size=$("size_$b")
	keep "$b" bytes "$((size / got))" "$ticket_bytes"

	# ticket file on the big store: 1 process, then 4 at once, in five
	# rounds, each the floors then the filings of new complaints, so that
	# both see the same machine (fsync times change with what else it
	# writes); the median round of each is the figure.
	"settle_$b"
	for r in $rounds; do
		"ref_$b" file
		renamed ref-file1 "ref-file1.$r"
		renamed ref-file4 "ref-file4.$r"
		timed "$b-file1.$r" "$bin" ticket file --store "$store" --now "$now" "$dir/one-$r.jsonl"
		cat >"$dir/file4.sh" <<EOF
for p in 0 1 2 3; do
	$bin ticket file --store '$store' --now $now $dir/part-$r-\$p.jsonl >/dev/null || echo "part \$p failed" >&2 &
done
wait
EOF
		timed "$b-file4.$r" sh "$dir/file4.sh"
	done
	for x in file1 file4; do
		echo "  $b: $x took $(round_times "$b-$x" $nrounds), its floor $(round_times "ref-$x" $nrounds)"
		median "$b-$x" $nrounds
		median "ref-$x" $nrounds
	done
	filed=$(($("q_$b" "SELECT count(*) FROM tickets") - got))
	echo "  $b: $filed of $((nf * nrounds)) complaints filed on the big store (each round $nfile1 by 1" \
		"process, $nfile4 by 4)"
	keep "$b" file1-rate "$(per_s "$b-file1" "$nfile1")" "$(per_s ref-file1 "$nfile1")"
	keep "$b" file4-rate "$(per_s "$b-file4" "$nfile4")" "$(per_s ref-file4 "$((q * 4))")"
}

echo "store benchmark: $n tickets ($nopen open at $now, $naged of them 4 h to 5 days old) in" \
	"$nfiles export files of $per, imported one after another; $(nproc) cores (other work on" \
	"the machine shares them)"
for b in $backends; do
	command -v "store_$b" >/dev/null 2>&1 || { echo "bench-store: no backend $b"; exit 2; }
	bench "$b" || backends=$(echo " $backends " | sed "s/ $b / /")
done

[ -n "$(echo "$backends" | tr -d ' ')" ] || exit 0

# ---- the table: one column per backend -----------------------------------
# row KEY LABEL UNIT OP TARGET: the figure, its reference and whether it
# meets the target (OP: le, the figure at most TARGET; ge, at least; ratio,
# figure / reference at least TARGET; none: printed only).
row() {
	line=$(printf "  %-34s %-19s" "$2" "$(case $4 in le) echo "<= $5 $3" ;; ge) echo ">= $5 $3" ;;
		ratio) echo ">= $5 of ref" ;; *) echo "-" ;; esac)")
	for b in $backends; do
		line="$line$(awk -v v="$(cat "$dir/res-$b-$1")" -v r="$(cat "$dir/ref-$b-$1")" \
			-v op="$4" -v t="$5" -v u="$3" 'BEGIN {
			met = op == "le" ? v <= t : op == "ge" ? v >= t : op == "ratio" ? (r > 0 && v / r >= t) : -1
			cell = sprintf("%s %s (ref %s)", v, u, r)
			if (op == "ratio" && r > 0) cell = sprintf("%s (%.2f of ref)", cell, v / r)
			if (v == "failed") { cell = sprintf("failed (ref %s)", r); met = op == "none" ? -1 : 0 }
			printf " %-40s %-8s", cell, met < 0 ? "" : met ? "met" : "not met" }')"
	done
	echo "$line"
}
head=$(printf "  %-34s %-19s" "figure" "target")
for b in $backends; do head="$head$(printf " %-40s %-8s" "$b (reference: plain $b)" "")"; done
echo "$head"
row overdue-ms "list --overdue: time" ms le 50
row overdue-rss "list --overdue: peak RSS" MB le 30
row grade1-ms "list --grade 1 --format json: time" ms none 0
row grade1-rss "list --grade 1 --format json: RSS" MB le 50
row all-ms "list --format json (all): time" ms none 0
row all-rss "list --format json (all): RSS" MB le 50
row import-rate "import: rate" tickets/s ge 10000
row import-rss "import: peak RSS" MB le 100
row file1-rate "ticket file, 1 process: rate" tickets/s ratio 0.5
row file4-rate "ticket file, 4 processes: rate" tickets/s ratio 0.5
row hotspots-ms "hotspots: time" ms le 500
row month-ms "report --month $month: time" ms le 2000
row bytes "store bytes per ticket" B none 0
