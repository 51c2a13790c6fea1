#!/bin/sh
# store.sh: the ticket store through the command line — filing, idempotent
# refiling, filters and formats, UTF-8 round trip, unreadable stores, 4
# concurrent filers x 200 complaints, and a filer killed with SIGKILL.
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC
unset CELLTRIAGE_PROFILE
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
export CELLTRIAGE_STORE="$tmp/t.db"

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
# Errors: missing ticket, missing store, not a database, a directory.
"$bin" ticket show 9999 2>"$tmp/err"; [ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "show 9999: $(cat "$tmp/err")"
"$bin" ticket list --store "$tmp/none.db" 2>"$tmp/err"; [ $? -eq 2 ] && grep -q none.db "$tmp/err" && ok || bad "missing store: $(cat "$tmp/err")"
printf 'this is not a database, just text that is long enough to look like a header......\n' >"$tmp/junk.db"
"$bin" ticket file --store "$tmp/junk.db" captures/complaints/terminal-band.json 2>"$tmp/err"
[ $? -eq 2 ] && grep -q junk.db "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "junk store: $(cat "$tmp/err")"
mkdir "$tmp/dir.db"
"$bin" ticket file --store "$tmp/dir.db" captures/complaints/terminal-band.json 2>"$tmp/err"
[ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "directory store: $(cat "$tmp/err")"
# File mode 0600.
[ "$(stat -c %a "$tmp/t.db")" = 600 ] && ok || bad "store mode $(stat -c %a "$tmp/t.db")"

# Four filers at once, 200 complaints each: 800 tickets, nothing lost.
export CELLTRIAGE_STORE="$tmp/c.db"
for w in 1 2 3 4; do
	i=0
	while [ $i -lt 200 ]; do
		printf '{"id":"W%d-%03d","msisdn":"1380000%04d","phenomenon":"call_drop","rat":"gsm","measurements":{"interference_dbm":-%d}}\n' \
			$w $i $i $((70 + i % 40))
		i=$((i + 1))
	done >"$tmp/w$w.jsonl"
done
for w in 1 2 3 4; do "$bin" ticket file "$tmp/w$w.jsonl" >"$tmp/w$w.out" 2>&1 & done
wait
[ "$(cat "$tmp"/w?.out | grep -c '^filed ticket')" = 800 ] && ok || bad "concurrent: $(cat "$tmp"/w?.out | grep -vc '^filed ticket') lines not filed"
[ "$(count)" = 800 ] && ok || bad "concurrent: $(count) tickets, want 800"
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 "$tmp/c.db" 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check after concurrent filing"
fi

# A filer killed with SIGKILL mid-run loses no ticket it reported as filed.
export CELLTRIAGE_STORE="$tmp/k.db"
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
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 "$tmp/k.db" 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check after SIGKILL"
fi
echo "store: $pass passed, $fail failed (killed filer had reported $reported tickets)"
[ "$fail" -eq 0 ]
