#!/bin/sh
# bench-desk.sh: section 5 of `make bench` (called by tools/bench.sh), the
# NOC's desk under load. Nothing is asserted: each figure is printed with
# its target and "met" or "not met", next to a reference measured in the
# same run against the same server.
#
# The store: the SQLite store of BENCH_STORE_N tickets (default 1000000)
# that section 4 (tools/bench-store.sh) leaves in build/bench/store, or,
# when it is not there, one built the same way (tools/gen-store.c's export
# files through `ticket import`). `celltriage serve` runs on 127.0.0.1 (a
# free port; never another host) over it, and wrk (Debian's wrk) keeps
# BENCH_DESK_CLIENTS connections (default 50) busy for BENCH_DESK_SECONDS
# (default 20) in all, half on each page, at once:
#   the queue        GET BENCH_DESK_QUEUE (the console's queue: open
#                    tickets, overdue first)
#   a ticket page    GET BENCH_DESK_PAGE + ID, ID drawn at random from the
#                    store's ids (the console's ticket page)
# while one more client moves BENCH_DESK_MOVES open tickets (default 200)
# through the API (PATCH, dispatch), one after another. Then: p50/p99 of
# each page, requests/s, errors (non-2xx answers, socket errors and
# timeouts), and whether every move is in its ticket's history.
# Reference: the same clients on /openapi.json of the same server (an
# answer that reads no store: the HTTP floor), in the same run.
set -u
cd "$(dirname "$0")/.." || exit 2
n=${BENCH_STORE_N:-1000000}
per=${BENCH_STORE_PER_FILE:-20000}
clients=${BENCH_DESK_CLIENTS:-50}
secs=${BENCH_DESK_SECONDS:-20}
moves=${BENCH_DESK_MOVES:-200}
queue=${BENCH_DESK_QUEUE:-/desk/v1/queue}
page=${BENCH_DESK_PAGE:-/desk/v1/ticket/}
dept=${BENCH_DESK_DEPARTMENT:-radio}
bin=bin/celltriage
dir=build/bench/desk
sdir=build/bench/store
now=2026-12-01T09:00:00Z      # the generator's now (as section 4)
mkdir -p "$dir" "$sdir"
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE

[ -x "$bin" ] || { echo "bench-desk: $bin not built (make all)"; exit 2; }
for c in wrk curl sqlite3; do
	command -v "$c" >/dev/null 2>&1 || { echo "desk benchmark: no $c (make deps), skipped"; exit 0; }
done

# ---- the store ------------------------------------------------------------
store=$sdir/big-$n.db
have=$(sqlite3 "$store" "SELECT count(*) FROM tickets" 2>/dev/null || echo 0)
if [ "${have:-0}" -lt "$n" ]; then
	gen=$sdir/gen-$n-$per
	${CC:-cc} -std=c11 -O2 -o build/gen-store tools/gen-store.c || exit 2
	if [ ! -f "$gen.summary" ] || [ -n "$(find tools/gen-store.c -newer "$gen.summary")" ]; then
		rm -f "$gen"-*.json
		build/gen-store --now "$now" --per-file "$per" "$gen" "$n" >"$gen.summary" || exit 2
	fi
	rm -f "$store" "$store-wal" "$store-shm"
	echo "  (building a store of $n tickets through ticket import)"
	for f in "$gen"-*.json; do
		"$bin" ticket import --store "$store" "$f" >/dev/null || exit 2
	done
	have=$(sqlite3 "$store" "SELECT count(*) FROM tickets")
fi
maxid=$(sqlite3 "$store" "SELECT max(id) FROM tickets")

# ---- the server -----------------------------------------------------------
db=$dir/desk.db
rm -f "$db" "$db-wal" "$db-shm"
# The moves change tickets: they go to a copy, so the store stays section 4's.
sqlite3 "$store" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1
cp "$store" "$db"
printf 'bench password\n' >"$dir/pw"
"$bin" user remove bench --store "$db" >/dev/null 2>&1
"$bin" user add bench --role operator --password-file "$dir/pw" --store "$db" >/dev/null || exit 2
tok=$("$bin" user token bench --store "$db") || exit 2
"$bin" serve --listen 127.0.0.1:0 --store "$db" 2>"$dir/serve.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
i=0
while ! grep -q 'listening on' "$dir/serve.log" 2>/dev/null && [ $i -lt 60 ]; do
	sleep 0.5
	i=$((i + 1))
done
port=$(sed -n 's/^celltriage serve: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$dir/serve.log")
[ -n "$port" ] || { echo "bench-desk: the server did not start: $(tail -1 "$dir/serve.log")"; exit 2; }
base=http://127.0.0.1:$port
code=$(curl -s -o "$dir/probe" -w '%{http_code}' -H "Authorization: Bearer $tok" "$base$queue")
[ "$code" = 200 ] || { echo "bench-desk: $queue answers $code: $(head -c 300 "$dir/probe")"; exit 2; }

# A ticket page at random: wrk's request() draws the id.
cat >"$dir/ticket.lua" <<EOF
math.randomseed(os.time())
wrk.headers["Authorization"] = "Bearer $tok"
request = function()
	return wrk.format("GET", "$page" .. math.random(1, $maxid))
end
EOF
cat >"$dir/auth.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $tok"
EOF
half=$((clients / 2))

# load NAME SCRIPT PATH CONNS: wrk on one page, its summary in $dir/wrk-NAME.
load() {
	wrk -t1 -c"$4" -d"${secs}s" --timeout 10s --latency -s "$2" "$base$3" >"$dir/wrk-$1" 2>&1
}
# p NAME PCT: the latency at PCT ("50%", "99%") in ms.
p() {
	awk -v k="$2" '$1 == k {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		printf "%.1f", u == "us" ? v / 1000 : u == "s" ? v * 1000 : u == "m" ? v * 60000 : v }' "$dir/wrk-$1"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$dir/wrk-$1"; }
errs() {
	awk '/Non-2xx or 3xx responses:/ { e += $NF }
	     /Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 }
	     END { print e + 0 }' "$dir/wrk-$1"
}

# The reference: the HTTP floor, all clients on /openapi.json.
load floor "$dir/auth.lua" /openapi.json "$clients"

# The open tickets to move, and the mover running beside the readers.
sqlite3 "$db" "SELECT id FROM tickets WHERE status = 'accepted' ORDER BY id LIMIT $moves" >"$dir/ids"
cat >"$dir/mover.sh" <<EOF
ok=0
while read -r id; do
	c=\$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H "Authorization: Bearer $tok" \\
		-H 'Content-Type: application/merge-patch+json' \\
		-d '{"action": "dispatch", "department": "$dept", "person": "bench"}' "$base/tmf-api/troubleTicket/v4/troubleTicket/\$id")
	[ "\$c" = 200 ] && ok=\$((ok + 1)) || echo "move of \$id: \$c" >&2
done <"$dir/ids"
echo \$ok >"$dir/moved"
EOF
sh "$dir/mover.sh" 2>"$dir/mover.err" &
mpid=$!
load queue "$dir/auth.lua" "$queue" "$half" &
qpid=$!
load page "$dir/ticket.lua" / "$((clients - half))"
wait "$qpid"
wait "$mpid"
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rc=$?
trap - EXIT

want=$(wc -l <"$dir/ids" | tr -d ' ')
moved=$(cat "$dir/moved" 2>/dev/null || echo 0)
inhist=$(sqlite3 "$db" "SELECT count(DISTINCT ticket) FROM ticket_event WHERE action = 'dispatch'
	AND who = 'bench' AND ticket IN ($(paste -sd, "$dir/ids"))" 2>/dev/null || echo "?")

echo "desk benchmark: serve on 127.0.0.1 over a store of $have tickets; $clients clients for $secs s" \
	"($half on the queue, $((clients - half)) on ticket pages) and one moving $want tickets;" \
	"$(nproc) cores shared by the server and the clients"
printf "  %-34s %-12s %-12s %-12s %-10s %-8s %s\n" page p50 p99 requests/s errors target ""
for k in queue page floor; do
	label=$(case $k in queue) echo "queue ($queue)" ;; page) echo "ticket page" ;;
		floor) echo "reference: /openapi.json" ;; esac)
	p99=$(p "$k" 99%)
	met=$(case $k in floor) echo "" ;; *) awk -v v="$p99" -v e="$(errs "$k")" \
		'BEGIN { print (v != "" && v <= 100 && e == 0) ? "met" : "not met" }' ;; esac)
	printf "  %-34s %-12s %-12s %-12s %-10s %-8s %s\n" "$label" "$(p "$k" 50%) ms" "$p99 ms" \
		"$(rps "$k")" "$(errs "$k")" "$(case $k in floor) echo - ;; *) echo '<=100 ms' ;; esac)" "$met"
done
for k in queue page; do
	awk -v a="$(p "$k" 99%)" -v b="$(p floor 99%)" -v k="$k" \
		'BEGIN { if (b > 0) printf "  %s p99 / reference p99: %.1f\n", k, a / b }'
done
echo "  moves: $moved of $want answered 200, $inhist in the history; the server stopped with status $rc" \
	"on SIGTERM"
[ ! -s "$dir/mover.err" ] || { echo "  refused moves:"; head -5 "$dir/mover.err" | sed 's/^/    /'; }
