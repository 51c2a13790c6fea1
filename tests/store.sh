#!/bin/sh
# store.sh: the ticket store through the command line — filing, idempotent
# refiling, filters and formats, UTF-8 round trip, unreadable stores, 4
# concurrent filers x 200 complaints, and a filer killed with SIGKILL.
# On the backend CT_TEST_BACKEND names (tests/store-backend.sh); the checks
# of what only an SQLite file has run on SQLite alone.
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC
unset CELLTRIAGE_PROFILE
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'backend_done; rm -rf "$tmp"' EXIT
. tests/store-backend.sh
export CELLTRIAGE_STORE="$(store t)"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
count() { "$bin" ticket list --format csv "$@" | tail -n +2 | wc -l | tr -d ' '; }

# Filing the samples: one ticket each, ids printed.
"$bin" ticket file --now 2026-11-22T08:00:00Z captures/complaints/*.json >"$tmp/out" 2>"$tmp/err" \
	&& ok || bad "ticket file samples: $(cat "$tmp/err")"
n=$(ls captures/complaints/*.json | wc -l | tr -d ' ')
[ "$(grep -c '^filed ticket' "$tmp/out")" = "$n" ] && ok || bad "expected $n 'filed ticket' lines: $(cat "$tmp/out")"
[ "$(count)" = "$n" ] && ok || bad "list: $(count) tickets, want $n"
# The same complaints again (as a batch): updated, not duplicated.
"$bin" ticket file captures/complaints/batch.jsonl >"$tmp/out" 2>&1 || bad "refile: $(cat "$tmp/out")"
[ "$(grep -c '^updated ticket' "$tmp/out")" = 3 ] && ok || bad "refile: want 3 updated: $(cat "$tmp/out")"
[ "$(count)" = "$((n + 1))" ] && ok || bad "after refile: $(count) tickets, want $((n + 1))"
# Filters.
[ "$(count --grade 1)" = 2 ] && ok || bad "--grade 1: $(count --grade 1)"
[ "$(count --cause radio/coverage)" = 1 ] && ok || bad "--cause radio/coverage: $(count --cause radio/coverage)"
[ "$(count --cell 460-00-88123-2)" = 1 ] && ok || bad "--cell: $(count --cell 460-00-88123-2)"
[ "$(count --status accepted)" = "$((n + 1))" ] && ok || bad "--status accepted"
# JSON list: one array, the contract's keys.
"$bin" ticket list --format json >"$tmp/list.json" || bad "list json"
for k in '"id":' '"complaint":' '"msisdn":' '"cause":' '"grade":' '"status":' '"filed_at":' '"tags":'; do
	grep -q "$k" "$tmp/list.json" && ok || bad "list json lacks $k"
done
[ "$(head -c 1 "$tmp/list.json")" = "[" ] && ok || bad "list json is not an array"
# UTF-8 round trip: the Chinese description comes back byte for byte.
id=$("$bin" ticket list --format csv --cause radio/coverage | tail -1 | cut -d, -f1)
"$bin" ticket show --format json "$id" >"$tmp/show.json" || bad "show json"
grep -q '地下车库内手机无信号，无法拨打电话。' "$tmp/show.json" && ok || bad "UTF-8 description lost"
"$bin" ticket show "$id" >"$tmp/show.txt" || bad "show text"
grep -q 'Q3.1.1' "$tmp/show.txt" && ok || bad "show lacks the decision path"
# Errors: missing ticket, missing store (no file, no database).
"$bin" ticket show 9999 2>"$tmp/err"; [ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "show 9999: $(cat "$tmp/err")"
"$bin" ticket list --store "$(store_absent none)" 2>"$tmp/err"; [ $? -eq 2 ] && grep -q none "$tmp/err" && ok || bad "missing store: $(cat "$tmp/err")"
# Commands that only read never write: an SQLite file keeps its bytes and
# its mtime, and no -wal or -shm is left behind; a PostgreSQL database
# keeps its relations and no row is inserted, updated or deleted.
# (An old mtime first, so that a write within the same second shows.)
sqlite_only && touch -d 2020-01-02T03:04:05Z "$tmp/t.db"
m0=$(store_state t)
for c in "ticket list" "ticket list --format json" "ticket list --overdue --now 2026-11-23T00:00:00Z" \
	"ticket show 1" "ticket history 1" "ticket export" "ticket export --format tmf621" \
	"ticket report --month 2026-11" "hotspots --now 2026-11-23T00:00:00Z" "knowledge list" \
	"customer show 13800138000"; do
	# shellcheck disable=SC2086
	"$bin" $c >/dev/null 2>"$tmp/err" || bad "$c: $(cat "$tmp/err")"
	[ "$(store_state t)" = "$m0" ] && ok || bad "$c changed the store"
done

# ---- what only an SQLite file has: a file that is not a database, a
# directory, the file's mode, an older schema's user_version, another
# program's file, another application_id, an empty file
if sqlite_only; then
	printf 'this is not a database, just text that is long enough to look like a header......\n' >"$tmp/junk.db"
	"$bin" ticket file --store "$tmp/junk.db" captures/complaints/terminal-band.json 2>"$tmp/err"
	[ $? -eq 2 ] && grep -q junk.db "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "junk store: $(cat "$tmp/err")"
	mkdir "$tmp/dir.db"
	"$bin" ticket file --store "$tmp/dir.db" captures/complaints/terminal-band.json 2>"$tmp/err"
	[ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "directory store: $(cat "$tmp/err")"
	# File mode 0600.
	[ "$(stat -c %a "$tmp/t.db")" = 600 ] && ok || bad "store mode $(stat -c %a "$tmp/t.db")"
	# A store of an older schema is not migrated by a reader: one line saying what does.
	v=$(sqlite3 "$tmp/t.db" 'PRAGMA user_version')
	sqlite3 "$tmp/t.db" 'PRAGMA user_version = 3'
	cp "$tmp/t.db" "$tmp/t.before"
	"$bin" ticket list 2>"$tmp/err"
	[ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'older than this program.*ticket file' "$tmp/err" &&
		cmp -s "$tmp/t.db" "$tmp/t.before" && ok || bad "old store under list: $(cat "$tmp/err")"
	sqlite3 "$tmp/t.db" "PRAGMA user_version = $v"
	# Another program's SQLite file is refused with one line, by readers and
	# writers alike, and left byte for byte as it was.
	sqlite3 "$tmp/foreign.db" 'CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('"'ann'"')'
	cp "$tmp/foreign.db" "$tmp/foreign.before"
	for c in "ticket list" "ticket file captures/complaints/terminal-band.json"; do
		# shellcheck disable=SC2086
		"$bin" $c --store "$tmp/foreign.db" >/dev/null 2>"$tmp/err"
		[ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'not a celltriage store' "$tmp/err" &&
			cmp -s "$tmp/foreign.db" "$tmp/foreign.before" && [ ! -e "$tmp/foreign.db-wal" ] &&
			ok || bad "foreign store under $c: $(cat "$tmp/err")"
	done
	# The same with our table names but another application id.
	sqlite3 "$tmp/other.db" 'CREATE TABLE tickets (x); CREATE TABLE deadlines (y); PRAGMA user_version = 2; PRAGMA application_id = 7'
	"$bin" ticket list --store "$tmp/other.db" 2>"$tmp/err"
	[ $? -eq 2 ] && grep -q 'not a celltriage store' "$tmp/err" && ok || bad "application id 7: $(cat "$tmp/err")"
	# An empty file: a reader sees no tickets and leaves it empty; the first
	# filing makes it a store, owner-only.
	: >"$tmp/empty.db"
	chmod 644 "$tmp/empty.db"
	[ "$("$bin" ticket list --store "$tmp/empty.db")" = "no tickets" ] && [ ! -s "$tmp/empty.db" ] &&
		[ ! -e "$tmp/empty.db-wal" ] && ok || bad "empty file under list"
	"$bin" ticket file --store "$tmp/empty.db" captures/complaints/terminal-band.json >/dev/null 2>"$tmp/err" &&
		[ -s "$tmp/empty.db" ] && [ "$(stat -c %a "$tmp/empty.db")" = 600 ] &&
		[ "$(sqlite3 "$tmp/empty.db" 'PRAGMA application_id')" = 1129599559 ] &&
		ok || bad "empty file under file: mode $(stat -c %a "$tmp/empty.db"): $(cat "$tmp/err")"
else
	# PostgreSQL: a database without the store's tables is what an empty file
	# is: a reader sees no tickets and adds nothing; the first filing makes it
	# a store.
	e=$(store empty)
	e0=$(store_state empty)
	[ "$("$bin" ticket list --store "$e")" = "no tickets" ] && [ "$(store_state empty)" = "$e0" ] &&
		[ "${e0%% *}" = 0 ] && ok || bad "empty database under list: $(store_state empty)"
	"$bin" ticket file --store "$e" captures/complaints/terminal-band.json >/dev/null 2>"$tmp/err" &&
		[ "$(store_sql empty 'SELECT count(*) FROM tickets')" = 1 ] && ok || bad "empty database under file: $(cat "$tmp/err")"
	# The same store by libpq's other names for it: postgres://, the socket
	# folder as a percent-encoded host, and a service of a service file.
	"$bin" ticket list --format csv >"$tmp/url.csv" 2>&1
	db=$(pg_db t)
	enc=$(printf %s "$CT_TEST_PG" | sed 's|/|%2F|g')
	for u in "postgres:///$db?host=$CT_TEST_PG&user=celltriage" "postgresql://celltriage@$enc/$db" "service=$db"; do
		PGSERVICEFILE="$CT_TEST_PG/pg_service.conf" "$bin" ticket list --format csv --store "$u" >"$tmp/alt.csv" 2>&1
		[ -s "$tmp/url.csv" ] && cmp -s "$tmp/url.csv" "$tmp/alt.csv" && ok || bad "--store $u: $(head -3 "$tmp/alt.csv")"
	done
fi

# Four filers at once, 200 complaints each: 800 tickets, nothing lost. The
# four share their subscribers and three cells, so on PostgreSQL, where
# filings lock those instead of the store, a group's filing often finds
# one another group holds, and is filed again in a group of its own.
export CELLTRIAGE_STORE="$(store c)"
for w in 1 2 3 4; do
	i=0
	while [ $i -lt 200 ]; do
		printf '{"id":"W%d-%03d","msisdn":"1380000%04d","location":{"cell":"460-00-7-%d"},"phenomenon":"call_drop","rat":"gsm","measurements":{"interference_dbm":-%d}}\n' \
			$w $i $i $((i % 3)) $((70 + i % 40))
		i=$((i + 1))
	done >"$tmp/w$w.jsonl"
done
for w in 1 2 3 4; do "$bin" ticket file "$tmp/w$w.jsonl" >"$tmp/w$w.out" 2>&1 & done
wait
[ "$(cat "$tmp"/w?.out | grep -c '^filed ticket')" = 800 ] && ok || bad "concurrent: $(cat "$tmp"/w?.out | grep -vc '^filed ticket') lines not filed"
[ "$(count)" = 800 ] && ok || bad "concurrent: $(count) tickets, want 800"
[ "$(store_integrity c)" = ok ] && ok || bad "integrity check after concurrent filing: $(store_integrity c)"
# Each ticket's history as long as its rev, each printed id once.
[ "$(store_sql c "SELECT count(*) FROM tickets AS t WHERE rev <> (SELECT count(*) FROM ticket_event WHERE ticket = t.id)")" = 0 ] &&
	ok || bad "concurrent: histories shorter or longer than their revs"
[ "$(cat "$tmp"/w?.out | awk '/^filed ticket/ { print $3 }' | sort -u | wc -l | tr -d ' ')" = 800 ] &&
	ok || bad "concurrent: ids printed more than once"

# An imported ticket keeps the queue's columns as a filed one does: the
# overdue list of the imported store equals the original's, and no imported
# ticket is left "not computed" (due_stage NULL).
"$bin" ticket file --store "$(store q1)" --now 2026-11-23T09:00:00Z captures/complaints/batch.jsonl >/dev/null 2>&1
"$bin" ticket dispatch 1 --store "$(store q1)" --department radio --person li --now 2026-11-23T09:10:00Z >/dev/null 2>&1
"$bin" ticket export --store "$(store q1)" --format json >"$tmp/q1.json" 2>/dev/null
"$bin" ticket import --store "$(store q2)" "$tmp/q1.json" >/dev/null 2>&1 && ok || bad "import of an export"
for at in 2026-11-23T09:30:00Z 2026-11-23T12:00:00Z 2026-11-30T00:00:00Z; do
	"$bin" ticket list --store "$(store q1)" --overdue --now "$at" >"$tmp/q1.due" 2>&1
	"$bin" ticket list --store "$(store q2)" --overdue --now "$at" >"$tmp/q2.due" 2>&1
	[ -s "$tmp/q1.due" ] && cmp -s "$tmp/q1.due" "$tmp/q2.due" && ok || bad "overdue at $at differs after import"
done
n=$(store_sql q2 'SELECT count(*) FROM tickets WHERE due_stage IS NULL')
[ "$n" = 0 ] && ok || bad "import: $n tickets without their due columns"

# CSV cells a spreadsheet would run as formulas (OWASP "CSV Injection": a
# leading =, +, -, @, tab or CR) start with a single quote; numbers do not;
# the import drops the quote again: export -> import -> export is identical.
export CELLTRIAGE_STORE="$tmp/f.db"
cx() { printf '{"id":"%s","msisdn":"1390000000%s","phenomenon":"no_access","rat":"lte","measurements":{"signal_dbm":-100}}\n' "$1" "$2"; }
{ cx '=1+2' 1; cx '@SUM(A1:A9)' 2; cx '-2+3,\"x\"' 3; cx "'=already" 4; } >"$tmp/f.jsonl"
"$bin" ticket file --now 2026-11-22T08:00:00Z "$tmp/f.jsonl" >/dev/null 2>"$tmp/err" || bad "formula complaints: $(cat "$tmp/err")"
"$bin" ticket dispatch 1 --department core --person "+cmd|' /C calc'!A0" --now 2026-11-22T08:05:00Z >/dev/null 2>"$tmp/err" ||
	bad "formula dispatch: $(cat "$tmp/err")"
"$bin" ticket export --format csv >"$tmp/f1.csv" 2>"$tmp/err" || bad "formula export: $(cat "$tmp/err")"
grep -q "^1,'=1+2," "$tmp/f1.csv" && ok || bad "a leading = not guarded: $(sed -n 2p "$tmp/f1.csv")"
grep -q "^2,'@SUM(A1:A9)," "$tmp/f1.csv" && ok || bad "a leading @ not guarded"
grep -q "^3,\"'-2+3,\"\"x\"\"\"," "$tmp/f1.csv" && ok || bad "a quoted leading - not guarded"
grep -q "^4,''=already," "$tmp/f1.csv" && ok || bad "a value starting '= not guarded again"
grep -q ",core,'+cmd|' /C calc'!A0," "$tmp/f1.csv" && ok || bad "a leading + not guarded: $(sed -n 2p "$tmp/f1.csv")"
"$bin" ticket list --format csv >"$tmp/f1.list" 2>/dev/null
grep -q "^1,'=1+2," "$tmp/f1.list" && ok || bad "ticket list csv: a leading = not guarded"
"$bin" ticket import --store "$tmp/f2.db" "$tmp/f1.csv" >/dev/null 2>"$tmp/err" || bad "formula import: $(cat "$tmp/err")"
"$bin" ticket export --store "$tmp/f2.db" --format csv >"$tmp/f2.csv" 2>/dev/null
cmp -s "$tmp/f1.csv" "$tmp/f2.csv" && ok || bad "guarded CSV export -> import -> export differs"
"$bin" ticket show --store "$tmp/f2.db" --format json 4 | grep -q "\"'=already\"" && ok || bad "import: '=already lost its quote"
"$bin" ticket show --store "$tmp/f2.db" --format json 1 | grep -q '"=1+2"' && ok || bad "import: the guard quote kept in =1+2"

# An import refuses a complaint id or cell with a control character, as
# filing does (nothing imported).
sed '2s/^\([0-9]*\),[^,]*,/\1,"C1\n2",/' "$tmp/f1.csv" >"$tmp/f3.csv"
"$bin" ticket import --store "$tmp/f3.db" "$tmp/f3.csv" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "celltriage: $tmp/f3.csv:2: ticket 1: complaint: control character 0x0a at byte 3; nothing imported" ] &&
	ok || bad "import of a complaint id with a newline: exit $rc: $(cat "$tmp/err")"

# Output that fails after the store was written: one line that says the
# ticket was filed (with its id), a non-zero exit, and the ticket is there.
export CELLTRIAGE_STORE="$tmp/o.db"
if [ -w /dev/full ]; then
	"$bin" ticket file --now 2026-11-22T08:00:00Z captures/complaints/terminal-band.json >/dev/full 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -q '^celltriage: ticket 1 was filed (complaint C20261120-0002), but <stdout>: ' "$tmp/err" &&
		ok || bad "ticket file >/dev/full: exit $rc: $(cat "$tmp/err")"
	"$bin" ticket show 1 >/dev/null 2>&1 && ok || bad "ticket file >/dev/full: the ticket was not kept"
	"$bin" ticket file --format json captures/complaints/terminal-band.json >/dev/full 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'ticket 1 was updated' "$tmp/err" &&
		ok || bad "ticket file --format json >/dev/full: exit $rc: $(cat "$tmp/err")"
	# From a pipe, filed one at a time (no group): the same one line.
	cat captures/complaints/terminal-band.json |
		CELLTRIAGE_STORE="$tmp/op.db" "$bin" ticket file /dev/stdin >/dev/full 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -q '^celltriage: ticket 1 was filed (complaint C20261120-0002), but <stdout>: No space left on device$' "$tmp/err" &&
		ok || bad "ticket file /dev/stdin (a pipe) >/dev/full: exit $rc: $(cat "$tmp/err")"
	"$bin" ticket dispatch 1 --department radio >/dev/full 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "celltriage: ticket 1 was moved to dispatched (rev 3), but <stdout>: No space left on device" ] &&
		ok || bad "ticket dispatch >/dev/full: exit $rc: $(cat "$tmp/err")"
	"$bin" ticket export >"$tmp/o.json" 2>/dev/null
	"$bin" ticket import --store "$tmp/o2.db" "$tmp/o.json" >/dev/full 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "celltriage: 1 ticket was imported, but <stdout>: No space left on device" ] &&
		ok || bad "ticket import >/dev/full: exit $rc: $(cat "$tmp/err")"
	"$bin" ticket show --store "$tmp/o2.db" 1 >/dev/null 2>&1 && ok || bad "ticket import >/dev/full: not imported"
fi
# The file size limit (ulimit -f) and a closed pipe: one-line errors, not a
# death by SIGXFSZ or SIGPIPE.
i=0
while [ $i -lt 300 ]; do
	printf '{"id":"U%04d","msisdn":"1390000%04d","phenomenon":"no_access","rat":"lte","measurements":{"signal_dbm":-1%02d}}\n' $i $i $((i % 40))
	i=$((i + 1))
done >"$tmp/u.jsonl"
sh -c "ulimit -f 100; exec \"$bin\" ticket file --store \"$tmp/u.db\" \"$tmp/u.jsonl\"" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'u.db' "$tmp/err" && ok ||
	bad "ticket file under ulimit -f: exit $rc: $(cat "$tmp/err")"
"$bin" ticket file --store "$tmp/u2.db" "$tmp/u.jsonl" >/dev/null 2>&1
sh -c "ulimit -f 80; exec \"$bin\" ticket export --store \"$tmp/u2.db\"" >"$tmp/u.out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "celltriage: <stdout>: File too large" ] && ok ||
	bad "ticket export under ulimit -f: exit $rc: $(cat "$tmp/err")"
{ "$bin" ticket export --store "$tmp/u2.db" 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -c 10 >/dev/null
[ "$(cat "$tmp/rc")" = 2 ] && [ "$(cat "$tmp/err")" = "celltriage: <stdout>: Broken pipe" ] && ok ||
	bad "ticket export into a closed pipe: exit $(cat "$tmp/rc"): $(cat "$tmp/err")"

# ---------------------------------------------------------------- the desk's rules
# Free-text search, comments, departments, date filters, escalation, on a
# store of their own (the same ids on either engine).
export CELLTRIAGE_STORE="$(store r)"
"$bin" ticket file --now 2026-11-22T08:00:00Z captures/complaints/*.json >/dev/null 2>&1
ids() { "$bin" ticket list --format csv "$@" 2>&1 | tail -n +2 | cut -d, -f1 | tr '\n' ' '; }
# Chinese words inside a description (no spaces between them), a phrase of
# several, a part of a cell id, an English phrase, a complaint id, misses.
for q in '信号:6 ' '无信号:6 ' '车库 信号:6 ' '22001:5 ' 'ring road:3 ' 'C20261121-0107:2 ' \
	'gateway_load:4 ' '13811112222:3 ' '号信:' 'xyz:' 'ring xyz:'; do
	[ "$(ids --search "${q%%:*}")" = "${q#*:}" ] && ok || bad "search ${q%%:*}: '$(ids --search "${q%%:*}")'"
done
[ "$("$bin" ticket export --search 信号 | python3 -c 'import json,sys; print([t["id"] for t in json.load(sys.stdin)])')" = "[6]" ] &&
	ok || bad "export --search"
"$bin" ticket list --search '!!' >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "^celltriage ticket list: --search: '!!' has no word to search for$" "$tmp/err" && ok ||
	bad "search of nothing: $(cat "$tmp/err")"
# A comment: no status change, rev + 1, in the history, searched.
"$bin" ticket comment 2 --text '客户说地铁站也掉线; called back at 10:00' --who ann --now 2026-11-22T09:00:00Z >"$tmp/out" 2>&1 &&
	[ "$(cat "$tmp/out")" = "ticket 2: comment (rev 2)" ] && ok || bad "comment: $(cat "$tmp/out")"
[ "$(ids --search 地铁站)" = "2 " ] && [ "$(ids --search 'called back')" = "2 " ] && ok || bad "comment searched"
"$bin" ticket history 2 --format json >"$tmp/h.json"
python3 -c 'import json,sys; h = json.load(open(sys.argv[1])); e = h[-1]
sys.exit(not (e["action"] == "comment" and e["who"] == "ann" and e["rev"] == 2 and e["status"] == "accepted"
  and e["detail"] == {"text": "客户说地铁站也掉线; called back at 10:00"} and all(isinstance(x["detail"], dict) for x in h)))' "$tmp/h.json" &&
	ok || bad "comment in the history: $(cat "$tmp/h.json")"
"$bin" ticket show 2 | grep -q '^  2026-11-22T17:00:00+08:00  rev 2   comment   -> accepted    ann        客户说地铁站也掉线; called back at 10:00$' &&
	ok || bad "comment in show: $("$bin" ticket show 2 | grep comment)"
# --mask masks the numbers a comment holds, as every free text's.
"$bin" ticket comment 4 --text 'customer 13700002222 called' --now 2026-11-22T09:00:00Z >/dev/null 2>&1
"$bin" ticket history 4 --mask | grep -q 'comment   -> accepted    .*customer 137\*\*\*\*\*\*22 called$' &&
	! "$bin" ticket export --format tmf621 --mask | grep -q 13700002222 && ok || bad "a comment masked: $("$bin" ticket history 4 --mask)"
"$bin" ticket comment 2 --text 'late' --rev 1 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'ticket 2 changed since it was read (rev 1, now 2)' "$tmp/err" && ok || bad "comment at a stale rev: $(cat "$tmp/err")"
"$bin" ticket comment 2 --text '   ' >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'ticket 2: the comment is empty' "$tmp/err" && ok || bad "empty comment: $(cat "$tmp/err")"
"$bin" ticket comment 2 >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && ok || bad "comment without text"
printf 'from a file\n' >"$tmp/c.txt"
"$bin" ticket comment 2 --text-file "$tmp/c.txt" --now 2026-11-22T09:01:00Z >/dev/null 2>&1 &&
	[ "$(ids --search 'from a file')" = "2 " ] && ok || bad "comment from a file"
"$bin" ticket export --format tmf621 --complaint C20261121-0107 >"$tmp/tmf.json"
python3 -c 'import json,sys; n = json.load(open(sys.argv[1]))[0]["note"]
sys.exit(not (n[1]["text"] == "客户说地铁站也掉线; called back at 10:00" and n[1]["author"] == "ann" and n[0]["detail"] == {}))' "$tmp/tmf.json" &&
	ok || bad "comment as a TMF621 note"
# Export, import elsewhere: the comment and the object details come back.
"$bin" ticket export --complaint C20261121-0107 >"$tmp/c.json"
"$bin" ticket import --store "$(store r2)" "$tmp/c.json" >/dev/null 2>"$tmp/err" &&
	"$bin" ticket export --store "$(store r2)" | cmp -s - "$tmp/c.json" && ok || bad "export/import with a comment: $(cat "$tmp/err")"
# An export of an older release (details as text) still imports; the
# details come out as objects.
python3 -c 'import json,sys; a = json.load(open(sys.argv[1]))
for t in a:
    t["history"] = [e for e in t["history"] if e["action"] != "comment"]
    t["rev"] = len(t["history"]); t["history"][0]["detail"] = "rev 1, repeat of ticket 7"
    t["history"].append(dict(t["history"][0], action="note", detail="parts ordered", rev=t["rev"] + 1)); t["rev"] += 1
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)' "$tmp/c.json" "$tmp/old.json"
"$bin" ticket import --store "$(store r3)" "$tmp/old.json" >/dev/null 2>"$tmp/err" &&
	"$bin" ticket history 2 --store "$(store r3)" --format json >"$tmp/old-h.json" &&
	python3 -c 'import json,sys; h = json.load(open(sys.argv[1]))
sys.exit(not ([e["detail"] for e in h] == [{"repeat_of": 7}, {"text": "parts ordered"}]))' "$tmp/old-h.json" &&
	ok || bad "an older export's text details: $(cat "$tmp/err" "$tmp/old-h.json")"

# A ticket filed again in a group (one file, the complaint twice): its
# searched words are the last filing's, its comment's kept; FTS5 sees them
# only at the group's commit.
r4="$(store r4)"
"$bin" ticket file --store "$r4" --now 2026-11-22T08:00:00Z captures/complaints/nothing-known.json >/dev/null 2>&1
"$bin" ticket comment 1 --store "$r4" --text 'parts from charlie' --now 2026-11-22T08:30:00Z >/dev/null 2>&1
python3 -c 'import json,sys; c = json.load(open(sys.argv[1]))
for w in ("alpha words", "bravo words"):
    c["description"] = w; print(json.dumps(c, ensure_ascii=False))' captures/complaints/nothing-known.json >"$tmp/again.jsonl"
"$bin" ticket file --store "$r4" --now 2026-11-22T09:00:00Z "$tmp/again.jsonl" >"$tmp/out" 2>&1
r4ids() { "$bin" ticket list --store "$r4" --format csv --search "$1" 2>&1 | tail -n +2 | cut -d, -f1 | tr '\n' ' '; }
[ "$(grep -c '^updated ticket 1 ' "$tmp/out")" = 2 ] && [ "$(r4ids alpha)" = "" ] && [ "$(r4ids bravo)" = "1 " ] &&
	[ "$(r4ids charlie)" = "1 " ] && [ "$(r4ids 掉线)" = "" ] && ok ||
	bad "words of a ticket filed again in a group: $(cat "$tmp/out"); alpha '$(r4ids alpha)' bravo '$(r4ids bravo)' charlie '$(r4ids charlie)'"

# Letters outside ASCII are found in either case, on either engine; a word
# longer than 2046 bytes (more than PostgreSQL holds) is no word: the
# ticket is filed, found by its other words, and a search for that word
# alone has nothing to search for.
r5="$(store r5)"
long=$(python3 -c 'print("x" * 2047)')
python3 -c 'import json,sys; c = json.load(open(sys.argv[1]))
c["description"] = "ÉCOLE Straße ΣΟΦΙΑ " + sys.argv[2] + " ok " + "y" * 2046
print(json.dumps(c, ensure_ascii=False))' captures/complaints/nothing-known.json "$long" >"$tmp/case.json"
"$bin" ticket file --store "$r5" --now 2026-11-22T08:00:00Z "$tmp/case.json" >"$tmp/out" 2>&1 || bad "filing a long word: $(cat "$tmp/out")"
r5ids() { "$bin" ticket list --store "$r5" --format csv --search "$1" 2>&1 | tail -n +2 | cut -d, -f1 | tr '\n' ' '; }
for q in école ÉCOLE straße STRASSE σοφια Σοφια ok "$(python3 -c 'print("Y" * 2046)')" "$long ok"; do
	want="1 "; [ "$q" = STRASSE ] && want=""
	[ "$(r5ids "$q")" = "$want" ] && ok || bad "search $(printf %.20s "$q") on $(printf %.20s "$r5"): '$(r5ids "$q")'"
done
"$bin" ticket list --store "$r5" --search "$long" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "has no word to search for$" "$tmp/err" && ok || bad "search of a long word: $(head -c 300 "$tmp/err")"

# Departments: the profile's id, name or alias; anything else refused.
"$bin" ticket dispatch 1 --department 'Radio Optimisation' --now 2026-11-22T09:10:00Z >/dev/null 2>&1 &&
	[ "$("$bin" ticket list --format csv --department radio | tail -n +2 | cut -d, -f1)" = 1 ] &&
	[ "$(ids --department 网优)" = "1 " ] && ok || bad "dispatch to an alias"
"$bin" ticket history 1 --format json | grep -q '"department": "optimisation"' && ok || bad "the department's id kept"
"$bin" ticket dispatch 3 --department 'radio team' --now 2026-11-22T09:10:00Z >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && [ "$(head -1 "$tmp/err")" = "celltriage ticket dispatch: --department: 'radio team' is not a department of the profile (optimisation, core, transmission, maintenance, planning, data, customer_service, marketing)" ] &&
	ok || bad "unknown department: $(cat "$tmp/err")"
"$bin" ticket list --department nobody >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "list --department nobody"
# Received (else filed) within [--from, --to).
[ "$(ids --from 2026-11-21T00:00:00Z --to 2026-11-22T00:00:00Z)" = "2 4 " ] &&
	[ "$(ids --from 2026-11-21T06:05:00Z)" = "2 4 " ] && [ "$(ids --to 2026-11-20T01:40:00Z)" = "3 6 " ] &&
	ok || bad "--from/--to: $(ids --from 2026-11-21T00:00:00Z --to 2026-11-22T00:00:00Z)"
"$bin" ticket list --from yesterday >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "--from yesterday"
# Escalation: near once, overdue once, per stage run; for cron.
export CELLTRIAGE_STORE="$(store e)"
printf '{"id":"E1","msisdn":"13900000001","phenomenon":"no_access","rat":"lte","received_at":"2026-11-22T08:00:00Z"}\n' >"$tmp/e.json"
"$bin" ticket file --now 2026-11-22T08:00:00Z "$tmp/e.json" >/dev/null 2>&1
esc() { "$bin" ticket escalate --now "$1" 2>&1 | tr '\n' '|'; }
[ "$(esc 2026-11-22T07:40:00Z)" = "" ] && ok || bad "escalate too early"
[ "$(esc 2026-11-22T08:00:00Z)" = "ticket 1: dispatch due 2026-11-22T16:15:00+08:00 near|" ] && ok || bad "near: $(esc 2026-11-22T08:00:00Z)"
[ "$(esc 2026-11-22T08:05:00Z)" = "" ] && ok || bad "near twice"
[ "$(esc 2026-11-22T08:20:00Z)" = "ticket 1: dispatch due 2026-11-22T16:15:00+08:00 overdue|" ] && ok || bad "overdue"
[ "$(esc 2026-11-22T08:30:00Z)" = "" ] && ok || bad "overdue twice"
"$bin" ticket dispatch 1 --department core --now 2026-11-22T08:40:00Z >/dev/null 2>&1
# The department's budget: handle and return, 120 + 15 minutes.
[ "$(esc 2026-11-22T10:30:00Z)" = "ticket 1: handle due 2026-11-22T18:55:00+08:00 near|" ] && ok || bad "the next stage: $(esc 2026-11-22T10:30:00Z)"
"$bin" ticket history 1 --format json >"$tmp/h.json"
python3 -c 'import json,sys; h = json.load(open(sys.argv[1]))
e = [(x["rev"], x["detail"]) for x in h if x["action"] == "escalation"]
sys.exit(not (e == [(None, {"stage": "dispatch", "due": "2026-11-22T16:15:00+08:00", "level": "near"}),
  (None, {"stage": "dispatch", "due": "2026-11-22T16:15:00+08:00", "level": "overdue"}),
  (None, {"stage": "handle", "due": "2026-11-22T18:55:00+08:00", "level": "near"})] and h[-1]["at"] == "2026-11-22T18:30:00+08:00"))' "$tmp/h.json" &&
	ok || bad "escalations in the history: $(cat "$tmp/h.json")"
# No change of the ticket: the rev stays (a --rev taken before still holds).
"$bin" ticket handle 1 --rev 2 --now 2026-11-22T10:35:00Z >/dev/null 2>&1 && ok || bad "rev kept by escalations"
# Two scanners at once raise it once between them.
printf '{"id":"E2","msisdn":"13900000002","phenomenon":"no_access","rat":"lte","received_at":"2026-11-22T12:00:00Z"}\n' >"$tmp/e2.json"
"$bin" ticket file --now 2026-11-22T12:00:00Z "$tmp/e2.json" >/dev/null 2>&1
"$bin" ticket escalate --now 2026-11-22T12:20:00Z >"$tmp/s1" 2>&1 &
p1=$!
"$bin" ticket escalate --now 2026-11-22T12:20:00Z >"$tmp/s2" 2>&1 &
p2=$!
wait $p1; wait $p2
[ "$(cat "$tmp/s1" "$tmp/s2" | sort)" = "ticket 1: handle due 2026-11-22T18:55:00+08:00 overdue
ticket 2: dispatch due 2026-11-22T20:15:00+08:00 overdue" ] && ok ||
	bad "two scanners: $(cat "$tmp/s1" "$tmp/s2")"
# An export with escalations imports (they are not changes).
"$bin" ticket export >"$tmp/e.json"
"$bin" ticket import --store "$(store e2)" "$tmp/e.json" >/dev/null 2>"$tmp/err" && ok || bad "import with escalations: $(cat "$tmp/err")"
# ... with what they raised: the imported store raises none of them again.
[ "$("$bin" ticket escalate --store "$(store e2)" --now 2026-11-22T12:30:00Z)" = "" ] && ok ||
	bad "escalations raised again after an import"
# Escalated overdue, both tickets are out of the scan's index (in either store).
for st in e e2; do
	[ "$(store_sql $st 'SELECT count(*) FROM tickets WHERE due_at IS NOT NULL AND esc_due IS DISTINCT FROM due_at')" = 0 ] &&
		ok || bad "store $st: tickets escalated overdue still scanned"
done

# A filer killed with SIGKILL mid-run loses no ticket it reported as filed.
export CELLTRIAGE_STORE="$(store k)"
i=0
while [ $i -lt 3000 ]; do
	printf '{"id":"K%04d","msisdn":"1390000%04d","phenomenon":"no_access","rat":"lte","measurements":{"signal_dbm":-1%02d}}\n' $i $i $((i % 40))
	i=$((i + 1))
done >"$tmp/k.jsonl"
"$bin" ticket file "$tmp/k.jsonl" >"$tmp/k.out" 2>/dev/null &
pid=$!
# Let it file some tickets (at least 20), then kill it without warning.
t=0
filed() { n=$(grep -c '^filed' "$tmp/k.out" 2>/dev/null); echo "${n:-0}"; }
while [ "$(filed)" -lt 20 ] && [ $t -lt 300 ]; do
	sleep 0.1
	t=$((t + 1))
done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
reported=$(grep -c '^filed ticket' "$tmp/k.out")
missing=0
for id in $(grep '^filed ticket' "$tmp/k.out" | awk '{print $3}'); do
	"$bin" ticket show "$id" >/dev/null 2>&1 || missing=$((missing + 1))
done
[ "$reported" -ge 20 ] && [ "$missing" -eq 0 ] && ok || bad "SIGKILL: $reported reported, $missing missing"
[ "$(count)" -ge "$reported" ] && [ "$(count)" -lt 3000 ] && ok || bad "SIGKILL: $(count) stored, $reported reported"
[ "$(store_integrity k)" = ok ] && ok || bad "integrity check after SIGKILL: $(store_integrity k)"
echo "store ($backend): $pass passed, $fail failed (killed filer had reported $reported tickets)"
[ "$fail" -eq 0 ]
