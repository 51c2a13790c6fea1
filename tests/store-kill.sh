#!/bin/sh
# store-kill.sh: the store under processes killed without warning. Eight
# workers file complaints and move tickets through the command line against
# one store while this script SIGKILLs a random worker (with the program it
# is running) at random moments for $CT_KILL_SECONDS (default 20) seconds,
# starting a new one in its place. A worker writes a line to its log only
# after the program said the operation was done (exit 0, and the ticket
# and rev it printed). At the end: every logged filing and move is in the
# store, no rev of a ticket was reported to two operations, each ticket's
# history holds revs 1..rev once each and ends at its status, and the
# engine's own integrity check passes. On the backend CT_TEST_BACKEND names
# (tests/store-backend.sh). CT_KILL_SEED repeats a run's choices.
set -u
cd "$(dirname "$0")/.."
# Thousands of runs of the program: the release build when there is one.
bin=${CELLTRIAGE:-build/asan/celltriage}
[ -z "${CELLTRIAGE:-}" ] && [ -x bin/celltriage ] && bin=bin/celltriage
export TZ=UTC
unset CELLTRIAGE_PROFILE
export USER=kill-test
seconds=${CT_KILL_SECONDS:-20}
seed=${CT_KILL_SEED:-$(($(date +%s) % 100000))}
workers=8
tickets=40
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
pids=""
stop_workers() {
	for p in $pids; do kill -KILL "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null; done
	wait
}
trap 'stop_workers; backend_done; rm -rf "$tmp"' EXIT
. tests/store-backend.sh
export CELLTRIAGE_STORE="$(store kill)"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# The tickets the workers move, filed before they start.
i=1
while [ $i -le $tickets ]; do
	printf '{"id":"T%d","msisdn":"1370000%04d","phenomenon":"call_drop","rat":"gsm","measurements":{"signal_dbm":-101}}\n' $i $i
	i=$((i + 1))
done >"$tmp/tickets.jsonl"
"$bin" ticket file "$tmp/tickets.jsonl" >"$tmp/filed" 2>&1 || { bad "filing the tickets: $(tail -1 "$tmp/filed")"; exit 1; }
sed -n 's/^filed ticket \([0-9]*\) *\([^ ]*\) .*/filed \1 \2/p' "$tmp/filed" >"$tmp/log.0"

# worker W N: the Nth worker in slot W. Its operations come from a seeded
# sequence: a new complaint (1 in 4) or a move of one of the tickets
# (refused moves, exit 2, are part of the game). Its log lines:
#   filed ID COMPLAINT
#   move ID REV ACTION STATUS
cat >"$tmp/worker.sh" <<'EOF'
bin=$1 tmp=$2 w=$3 n=$4 seed=$5 tickets=$6
awk -v seed="$seed" -v w="$w" -v n="$n" -v tickets="$tickets" 'BEGIN {
	srand(seed * 1000 + w * 100 + n)
	split("dispatch handle reply feedback close reopen", ops, " ")
	split("core transmission planning", deps, " ")
	for (k = 0; k < 100000; k++) {
		if (rand() < 0.25) { print "file K" w "-" n "-" k; continue }
		op = ops[int(rand() * 6) + 1]; id = int(rand() * tickets) + 1
		if (op == "dispatch") a = "--department " deps[int(rand() * 3) + 1] " --person p" w
		else if (op == "reply") a = "--cause c" w " --result r" w
		else if (op == "feedback") a = "--satisfaction satisfied"
		else if (op == "close") a = "--person p" w
		else a = ""
		print op, id, a
	}
}' | while read -r op rest; do
	if [ "$op" = file ]; then
		printf '{"id":"%s","msisdn":"1380000%04d","phenomenon":"no_access","rat":"lte","measurements":{"signal_dbm":-115}}\n' \
			"$rest" "$w" >"$tmp/c$w.json"
		"$bin" ticket file "$tmp/c$w.json" >"$tmp/out$w" 2>>"$tmp/err$w" || continue
		line=$(sed -n 's/^filed ticket \([0-9]*\) *\([^ ]*\) .*/filed \1 \2/p' "$tmp/out$w")
	else
		# shellcheck disable=SC2086
		"$bin" ticket $op $rest --who w$w >"$tmp/out$w" 2>>"$tmp/err$w" || continue
		line=$(sed -n "s/^ticket \([0-9]*\): [a-z]* -> \([a-z]*\) (rev \([0-9]*\))\$/move \1 \3 $op \2/p" "$tmp/out$w")
	fi
	# Done, as the program said: only now into the log.
	[ -n "$line" ] && echo "$line" >>"$tmp/log.$w" || echo "unparsed output of $op: $(cat "$tmp/out$w")" >>"$tmp/err$w"
done
EOF

# start_worker W N: in a session and process group of its own (killed with
# whatever it runs); returns once that group is there, so that a kill
# cannot come before it and miss.
start_worker() {
	setsid sh "$tmp/worker.sh" "$bin" "$tmp" "$1" "$2" "$seed" $tickets &
	eval "pid$1=\$!"
	t=0
	until kill -0 "-$!" 2>/dev/null || [ $t -ge 100 ]; do
		sleep 0.01
		t=$((t + 1))
	done
}
w=1
while [ $w -le $workers ]; do
	start_worker $w 1
	eval "gen$w=1"
	w=$((w + 1))
done
list_pids() { w=1 pids=""; while [ $w -le $workers ]; do eval "pids=\"\$pids \$pid$w\""; w=$((w + 1)); done; }
list_pids

# The killer: a seeded schedule of (pause, worker), until the time is up.
awk -v seed="$seed" -v workers=$workers 'BEGIN {
	srand(seed)
	for (k = 0; k < 100000; k++) printf "%.2f %d\n", 0.05 + rand() * 0.45, int(rand() * workers) + 1
}' >"$tmp/schedule"
kills=0
end=$(($(date +%s) + seconds))
while read -r pause w; do
	[ "$(date +%s)" -lt "$end" ] || break
	sleep "$pause"
	eval "p=\$pid$w g=\$gen$w"
	kill -KILL "-$p" 2>/dev/null && kills=$((kills + 1))
	wait "$p" 2>/dev/null
	start_worker "$w" $((g + 1))
	eval "gen$w=$((g + 1))"
	list_pids
done <"$tmp/schedule"
stop_workers
pids=""

# ---- what the store holds against what the workers were told -----------
cat "$tmp"/log.* >"$tmp/log"
filings=$(grep -c '^filed ' "$tmp/log")
moves=$(grep -c '^move ' "$tmp/log")
"$bin" ticket export --format json >"$tmp/export.json" 2>"$tmp/err" || bad "export: $(cat "$tmp/err")"
jq -r '.[] | "filed \(.id) \(.complaint)"' "$tmp/export.json" | sort >"$tmp/store.filed"
jq -r '.[] | .id as $t | .history[] | select(.action != "filed") | "move \($t) \(.rev) \(.action) \(.status)"' \
	"$tmp/export.json" | sort >"$tmp/store.moves"
# Every filing and move a worker logged is in the store.
grep '^filed ' "$tmp/log" | sort | comm -23 - "$tmp/store.filed" >"$tmp/lost.filed"
grep '^move ' "$tmp/log" | sort | comm -23 - "$tmp/store.moves" >"$tmp/lost.moves"
[ ! -s "$tmp/lost.filed" ] && ok || bad "$(wc -l <"$tmp/lost.filed") reported filings not in the store: $(head -3 "$tmp/lost.filed")"
[ ! -s "$tmp/lost.moves" ] && ok || bad "$(wc -l <"$tmp/lost.moves") reported moves not in the store: $(head -3 "$tmp/lost.moves")"
# No rev of a ticket was reported to two operations (no lost update).
twice=$(grep '^move ' "$tmp/log" | awk '{print $2, $3}' | sort | uniq -d | head -3)
[ -z "$twice" ] && ok || bad "revs reported twice (ticket rev): $twice"
# Each ticket: revs 1..rev once each, in order, the last one its status.
jq -r '.[] | select(([.history[].rev] != [range(1; .rev + 1)]) or (.history[-1].status != .status))
	| "ticket \(.id) rev \(.rev) status \(.status): history \([.history[] | "\(.rev):\(.status)"] | join(","))"' \
	"$tmp/export.json" >"$tmp/badhist"
[ -s "$tmp/export.json" ] && [ ! -s "$tmp/badhist" ] && ok || bad "histories: $(head -3 "$tmp/badhist")"
[ "$(store_integrity kill)" = ok ] && ok || bad "integrity check: $(store_integrity kill)"
# Only refusals and lost races on stderr: a killed program leaves nothing
# a later one trips over.
other=$(cat "$tmp"/err? 2>/dev/null | grep -v 'is not allowed (allowed:\|cannot be closed: missing\|was changed by someone else meanwhile\|is before its last change' | head -3)
[ -z "$other" ] && ok || bad "unexpected errors: $other"
# The run did what it is for.
[ "$kills" -ge $((seconds / 2)) ] && [ "$filings" -ge $((tickets + 20)) ] && [ "$moves" -ge 20 ] && ok ||
	bad "too little happened: $kills kills, $filings filings, $moves moves"

echo "store-kill ($backend): $pass passed, $fail failed ($kills workers killed in ${seconds}s; $filings filings and $moves moves reported; seed $seed)"
[ "$fail" -eq 0 ]
