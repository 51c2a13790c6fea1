#!/bin/sh
# noc.sh: the NOC ticket workflow through the command line — every
# lifecycle rule, every stage deadline with a fake clock (--now), closing
# rules, repeat/appeal/batch kinds, masking, TMF621 export/import round trip,
# and 8 processes x 250 mixed operations on 50 tickets. On the backend
# CT_TEST_BACKEND names (tests/store-backend.sh).
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC
unset CELLTRIAGE_PROFILE
export USER=noc-test
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap '[ -n "${KEEP:-}" ] || { backend_done; rm -rf "$tmp"; }' EXIT
. tests/store-backend.sh
export CELLTRIAGE_STORE="$(store t)"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
ct() { "$bin" ticket "$@"; }
# expect STATUS DESCRIPTION CMD...: runs CMD, checks its exit status; its
# stdout is in $tmp/out, stderr in $tmp/err.
expect() {
	want=$1 what=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" = "$want" ] && ok || bad "$what: exit $got, want $want: $(cat "$tmp/err")"
}
# same TEXT FILE DESCRIPTION: FILE is exactly TEXT (one line).
same() { [ "$(cat "$2")" = "$1" ] && ok || bad "$3: got '$(cat "$2")', want '$1'"; }
# A complaint: id msisdn phenomenon [extra JSON members].
complaint() {
	printf '{"id":"%s","msisdn":"%s","imsi":"46000123456%04d","phenomenon":"%s","rat":"gsm","measurements":{"signal_dbm":-101}%s}\n' \
		"$1" "$2" "${#1}" "$3" "${4:-}"
}
jget() { jq -r "$1" "$tmp/out"; }

# ---- lifecycle: each legal move, and the refusals -----------------------
complaint L1 13800000001 call_drop >"$tmp/l1.json"
expect 0 "file L1" ct file --now 2026-11-22T08:00:00Z "$tmp/l1.json"
# Illegal first move: names the status and the allowed moves, one line.
expect 2 "handle before dispatch" ct handle 1 --now 2026-11-22T08:01:00Z
same "celltriage: ticket 1 is accepted: handle is not allowed (allowed: dispatch)" "$tmp/err" "illegal move message"
expect 2 "close an accepted ticket" ct close 1
# Dispatch needs a department (a usage error, exit 1).
expect 1 "dispatch without department" ct dispatch 1
expect 0 "dispatch" ct dispatch 1 --department radio --person li --who alice --now 2026-11-22T08:10:00Z
same "ticket 1: accepted -> dispatched (rev 2)" "$tmp/out" "dispatch output"
expect 2 "reply before handling" ct reply 1 --now 2026-11-22T08:11:00Z
same "celltriage: ticket 1 is dispatched: reply is not allowed (allowed: dispatch, handle)" "$tmp/err" "reply refused"
expect 0 "re-dispatch to another department" ct dispatch 1 --department transmission --person wang --now 2026-11-22T08:12:00Z
expect 2 "handle dated before the last change" ct handle 1 --now 2026-11-22T08:11:00Z
same "celltriage: ticket 1: 2026-11-22T16:11:00+08:00 is before its last change at 2026-11-22T16:12:00+08:00" "$tmp/err" "move before the last change"
expect 0 "handle" ct handle 1 --who bob --now 2026-11-22T08:20:00Z
# The listing's exact-value filters: the department and person a ticket is
# with now, the subscriber, the complaint id; none matching: no tickets.
for args in "--department transmission" "--person wang" "--msisdn 13800000001" "--complaint L1" \
	    "--department transmission --person wang --status handling"; do
	# shellcheck disable=SC2086
	expect 0 "list $args" ct list $args --format json
	[ "$(jq -c '[.[].id]' "$tmp/out")" = "[1]" ] && ok || bad "list $args: $(cat "$tmp/out" | head -c 200)"
done
for args in "--department radio" "--person li" "--msisdn 13800000009" "--imsi 460000000000001" "--complaint L2"; do
	# shellcheck disable=SC2086
	expect 0 "list $args" ct list $args
	same "no tickets" "$tmp/out" "list $args (nothing matches)"
done
expect 0 "reply" ct reply 1 --cause "weak indoor coverage" --result "repeater installed" --now 2026-11-22T10:00:00Z
# Close without satisfaction: exit 2 naming the missing field.
expect 2 "close without satisfaction" ct close 1 --now 2026-11-22T10:05:00Z
same "celltriage: ticket 1 cannot be closed: missing satisfaction" "$tmp/err" "close names the missing field"
expect 1 "feedback with an unknown satisfaction" ct feedback 1 --satisfaction happy
expect 1 "feedback without satisfaction" ct feedback 1
expect 0 "feedback" ct feedback 1 --satisfaction unsatisfied --now 2026-11-22T10:30:00Z
# The revisit finds the customer unsatisfied: back to handling.
expect 0 "reopen from feedback" ct reopen 1 --note "still no signal" --now 2026-11-22T10:40:00Z
same "ticket 1: feedback -> handling (rev 7)" "$tmp/out" "reopen output"
expect 0 "reply again" ct reply 1 --cause "antenna tilt" --result "tilt corrected" --now 2026-11-22T11:00:00Z
expect 0 "feedback again" ct feedback 1 --satisfaction satisfied --now 2026-11-22T11:10:00Z
expect 0 "close" ct close 1 --now 2026-11-22T11:15:00Z
same "ticket 1: feedback -> closed (rev 10)" "$tmp/out" "close output"
expect 2 "closed: no handling" ct handle 1
same "celltriage: ticket 1 is closed: handle is not allowed (allowed: reopen)" "$tmp/err" "closed ticket refuses handle"
expect 0 "reopen a closed ticket" ct reopen 1 --now 2026-11-25T09:00:00Z
# The history: every change, revs 1..11 once each, who and what.
expect 0 "history json" ct history 1 --format json
[ "$(jget '[.[].rev] | map(tostring) | join(",")')" = "1,2,3,4,5,6,7,8,9,10,11" ] && ok || bad "history revs: $(jget '[.[].rev]')"
[ "$(jget '[.[].action] | join(",")')" = "filed,dispatch,dispatch,handle,reply,feedback,reopen,reply,feedback,close,reopen" ] && ok || bad "history actions: $(jget '[.[].action] | join(",")')"
[ "$(jget '.[1].who + " " + .[1].detail.department + " " + .[1].detail.person + " " + .[1].at')" = "alice optimisation li 2026-11-22T16:10:00+08:00" ] && ok || bad "dispatch event: $(jget '.[1]')"
[ "$(jget '.[6].detail.note + "|" + .[6].status')" = "still no signal|handling" ] && ok || bad "reopen event: $(jget '.[6]')"
# Closing computed the time taken: received (= filed 08:00) to first reply 10:00.
[ "$(jget '.[9].detail.time_taken_s')" = 7200 ] && ok || bad "time taken: $(jget '.[9].detail')"
# Reopening cleared the reply: closing again needs a new one.
expect 0 "reply after reopen" ct reply 1 --now 2026-11-25T10:00:00Z
expect 0 "feedback after reopen" ct feedback 1 --satisfaction partly --now 2026-11-25T10:05:00Z
expect 2 "close without a new cause and result" ct close 1 --now 2026-11-25T10:06:00Z
same "celltriage: ticket 1 cannot be closed: missing cause, result" "$tmp/err" "close after reopen names each field"
# Without department and person either: all named, in order.
complaint L2 13800000002 call_drop >"$tmp/l2.json"
ct file --now 2026-11-22T08:00:00Z "$tmp/l2.json" >/dev/null
ct dispatch 2 --department core --now 2026-11-22T08:01:00Z >/dev/null
ct handle 2 --now 2026-11-22T08:02:00Z >/dev/null
ct reply 2 --now 2026-11-22T08:03:00Z >/dev/null
expect 2 "close with nothing" ct close 2 --now 2026-11-22T08:04:00Z
same "celltriage: ticket 2 cannot be closed: missing cause, result, satisfaction, person" "$tmp/err" "every missing field named"
# Invalid needs evidence; evidence from a file is kept.
expect 2 "invalid without evidence" ct close 2 --invalid --cause "customer's phone in flight mode" --result "explained" --satisfaction satisfied --person zhao --now 2026-11-22T08:05:00Z
same "celltriage: ticket 2 cannot be judged invalid without evidence (--evidence)" "$tmp/err" "invalid refused"
printf 'call record 08:02: phone reported flight mode on\n' >"$tmp/evidence.txt"
expect 0 "invalid with evidence" ct close 2 --invalid --evidence "$tmp/evidence.txt" --cause "customer's phone in flight mode" --result "explained" --satisfaction satisfied --person zhao --time-taken 3m --now 2026-11-22T08:05:00Z
expect 0 "show json" ct show 2 --format json
[ "$(jget '"\(.reply.invalid) \(.reply.time_taken_s)"')" = "true 180" ] && ok || bad "invalid close stored: $(jget '.reply')"
[ "$(jget '.reply.evidence')" = "call record 08:02: phone reported flight mode on" ] && ok || bad "evidence from the file: $(jget '.reply.evidence')"
# An explicit --rev that is stale: nothing written, exit 2.
expect 2 "stale --rev" ct reopen 2 --rev 3
same "celltriage: ticket 2 changed since it was read (rev 3, now 5)" "$tmp/err" "stale rev message"

# ---- deadlines (doc/lifecycle.md), with --now -----------------------------
export CELLTRIAGE_STORE="$(store d)"
complaint D1 13900000001 no_access ',"location":{"cell":"460-00-77-1"}' >"$tmp/d1.json"
complaint D2 13900000002 no_access ',"customer":{"grade":"vip"}' >"$tmp/d2.json"
complaint D3 13900000003 no_access ',"channel":"regulator"' >"$tmp/d3.json"
complaint D4 13900000004 no_access ',"received_at":"2026-11-22T07:00:00Z","customer":{"grade":"vip"}' >"$tmp/d4.json"
ct file --now 2026-11-22T08:00:00Z "$tmp/d1.json" "$tmp/d2.json" "$tmp/d3.json" >/dev/null
ct file --now 2026-11-22T08:00:00Z "$tmp/d4.json" >/dev/null
complaint D5 13900000005 no_access >"$tmp/d5.json"
ct file --now 2026-11-22T07:50:00Z "$tmp/d5.json" >/dev/null
# Dispatch 15 min from filing: at 08:16 tickets 1-4 are a minute over (4
# was received 07:00 but filed 08:00), ticket 5 (filed 07:50) 11 minutes.
# Grade first (2 and 4 are VIPs, 3 is lodged with a regulator: grade 2),
# then the least time left.
expect 0 "overdue at 08:16" ct list --overdue --format json --now 2026-11-22T08:16:00Z
[ "$(jget '[.[] | "\(.id):\(.grade):\(.stage):\(.overdue_by_s)"] | join(" ")')" = "2:1:dispatch:60 4:1:dispatch:60 3:2:dispatch:60 5:3:dispatch:660 1:3:dispatch:60" ] \
	&& ok || bad "overdue order: $(jget '[.[] | "\(.id):\(.grade):\(.stage):\(.overdue_by_s)"] | join(" ")')"
# The list objects plus stage and overdue_by_s.
[ "$(jget '.[0] | has("msisdn") and has("cause") and has("filed_at") and has("tags")')" = true ] && ok || bad "overdue objects lack list keys"
expect 0 "nothing overdue at 08:14" ct list --overdue --format json --now 2026-11-22T08:14:00Z
[ "$(jget '[.[] | "\(.id):\(.overdue_by_s)"] | join(",")')" = "5:540" ] && ok || bad "08:14 overdue: $(jget '[.[].id]')"
expect 0 "due within 30m at 08:00" ct list --due-within 30m --format json --now 2026-11-22T08:00:00Z
[ "$(jget '[.[] | "\(.id):\(.stage):\(.overdue_by_s)"] | join(" ")')" = "2:dispatch:-900 4:dispatch:-900 3:dispatch:-900 5:dispatch:-300 1:dispatch:-900" ] \
	&& ok || bad "due within: $(jget '[.[] | "\(.id):\(.stage):\(.overdue_by_s)"] | join(" ")')"
# Registration: 1 h, 30 min for grade 1 (ticket 4 took 60 min: over).
expect 0 "show 4 stages" ct show 4 --format json --now 2026-11-22T08:16:00Z
[ "$(jget '.stages[0] | "\(.stage) \(.used_s) \(.limit_s) \(.over)"')" = "register 3600 1800 true" ] && ok || bad "register: $(jget '.stages[0]')"
# Reply 3 h; appeals (channel regulator) 4 h.
expect 0 "show 1" ct show 1 --format json --now 2026-11-22T08:16:00Z
[ "$(jget '.kind + " " + ([.stages[] | select(.stage == "reply") | .limit_s | tostring] | join(""))')" = "ordinary 10800" ] && ok || bad "reply limit: $(jget '.stages')"
expect 0 "show 3" ct show 3 --format json --now 2026-11-22T08:16:00Z
[ "$(jget '.kind + " " + ([.stages[] | select(.stage == "reply") | .limit_s | tostring] | join(""))')" = "appeal 14400" ] && ok || bad "appeal reply limit: $(jget '.kind, .stages')"
# Handle: 2 h + return 15 min per department, from each dispatch.
ct dispatch 1 --department radio --person li --now 2026-11-22T08:10:00Z >/dev/null
expect 0 "handle overdue" ct list --overdue --format json --grade 3 --now 2026-11-22T10:30:00Z
[ "$(jget '[.[].id] | map(tostring) | join(",")')" = "5,1" ] && ok || bad "--grade filter with --overdue: $(jget '[.[].id]')"
[ "$(jget '[.[] | select(.id == 1) | "\(.stage):\(.overdue_by_s)"] | join("")')" = "handle:300" ] && ok || bad "handle overdue: $(jget '.')"
# A second department gets its own budget.
ct dispatch 1 --department core --person wu --now 2026-11-22T10:00:00Z >/dev/null
expect 0 "second department" ct show 1 --format json --now 2026-11-22T10:30:00Z
[ "$(jget '[.stages[] | select(.stage == "handle") | "\(.department):\(.used_s):\(.limit_s)"] | join(" ")')" = "optimisation:6600:8100 core:1800:8100" ] \
	&& ok || bad "handle per department: $(jget '.stages')"
# Reply (3 h from 08:00) falls due before the second handle: the list says reply.
expect 0 "reply overdue" ct list --overdue --format json --grade 3 --now 2026-11-22T11:05:00Z
[ "$(jget '[.[] | select(.id == 1) | "\(.stage):\(.overdue_by_s)"] | join("")')" = "reply:300" ] && ok || bad "reply overdue: $(jget '.')"
# Feedback 1 h after the reply.
ct handle 1 --now 2026-11-22T10:10:00Z >/dev/null
ct reply 1 --cause c --result r --now 2026-11-22T10:20:00Z >/dev/null
expect 0 "feedback overdue" ct list --overdue --format json --grade 3 --now 2026-11-22T11:30:00Z
[ "$(jget '[.[] | select(.id == 1) | "\(.stage):\(.overdue_by_s)"] | join("")')" = "feedback:600" ] && ok || bad "feedback overdue: $(jget '.')"
expect 0 "show text" ct show 1 --now 2026-11-22T11:30:00Z
grep -q '^  feedback  used 1h10m   of 1h00m   over by 10m, running$' "$tmp/out" && ok || bad "show stage line: $(grep -A8 '^Stages' "$tmp/out")"
expect 0 "overdue json" ct list --overdue --format json --now 2026-11-22T11:30:00Z
cc=$(jget '.[] | select(.id == 1) | "\(.cause // "-") \(.cell // "-")"')
expect 0 "overdue text" ct list --overdue --now 2026-11-22T11:30:00Z
grep -q '^    1   3  replied     feedback  over 10m     ' "$tmp/out" && ok || bad "overdue text: $(cat "$tmp/out")"
# ... with the ticket's cause and cell, as the JSON has them
[ "$(awk '$1 == 1 { print $(NF - 1), $NF }' "$tmp/out")" = "$cc" ] && [ "${cc#* }" = 460-00-77-1 ] && ok ||
	bad "overdue text: cause and cell: $(grep '^    1 ' "$tmp/out") (JSON: $cc)"

# ---- kinds: repeat, appeal, batch ----------------------------------------
export CELLTRIAGE_STORE="$(store k)"
complaint R1 13700000001 call_drop ',"received_at":"2026-11-01T08:00:00Z"' >"$tmp/r1.json"
complaint R2 13700000001 call_drop ',"received_at":"2026-11-20T08:00:00Z"' >"$tmp/r2.json"
complaint R3 13700000001 no_access ',"received_at":"2026-11-20T09:00:00Z"' >"$tmp/r3.json"
complaint R4 13700000001 call_drop ',"received_at":"2027-01-20T08:00:00Z"' >"$tmp/r4.json"
ct file --now 2026-11-22T08:00:00Z "$tmp/r1.json" "$tmp/r2.json" "$tmp/r3.json" "$tmp/r4.json" >/dev/null
expect 0 "list kinds" ct list --format json
[ "$(jget '[.[] | "\(.id):\(.kind):\(.repeat_of // 0)"] | join(" ")')" = "1:ordinary:0 2:repeat:1 3:ordinary:0 4:ordinary:0" ] \
	&& ok || bad "repeat detection: $(jget '[.[] | "\(.id):\(.kind):\(.repeat_of // 0)"] | join(" ")')"
expect 0 "show repeat" ct show 2
grep -q '^  repeat of    ticket 1$' "$tmp/out" && ok || bad "show lacks 'repeat of': $(head -20 "$tmp/out")"
# A flagged appeal.
complaint A1 13700000009 call_drop ',"flags":["appeal"]' >"$tmp/a1.json"
ct file --now 2026-11-22T08:00:00Z "$tmp/a1.json" >/dev/null
expect 0 "appeal kind" ct show 5 --format json
[ "$(jget '.kind')" = appeal ] && ok || bad "flag appeal: $(jget '.kind')"
# Batches.
expect 0 "batch create" ct batch create B-0001 --cause radio/coverage --now 2026-11-22T09:00:00Z
expect 2 "batch create twice" ct batch create B-0001
same "celltriage: batch B-0001 already exists" "$tmp/err" "duplicate batch"
expect 0 "batch add" ct batch add B-0001 3 4 5 --now 2026-11-22T09:01:00Z
expect 2 "batch add missing ticket" ct batch add B-0001 1 99
expect 0 "batch show" ct batch show B-0001 --format json
[ "$(jget '"\(.batch) \(.cause) \(.tickets | map(tostring) | join(","))"')" = "B-0001 radio/coverage 3,4,5" ] && ok || bad "batch show: $(cat "$tmp/out")"
expect 0 "kinds after batch" ct list --format json
[ "$(jget '[.[] | "\(.id):\(.kind):\(.batch // "-")"] | join(" ")')" = "1:ordinary:- 2:repeat:- 3:batch:B-0001 4:batch:B-0001 5:appeal:B-0001" ] \
	&& ok || bad "batch kinds: $(jget '[.[] | "\(.id):\(.kind):\(.batch // "-")"] | join(" ")')"

# ---- masking --------------------------------------------------------------
for args in "list" "list --format json" "list --format csv" "show 1" "show 1 --format json" \
	"export --format json" "export --format csv" "export --format tmf621"; do
	# shellcheck disable=SC2086
	ct $args --mask >"$tmp/m.out" 2>&1 || bad "--mask $args failed"
	if grep -q '13700000001\|4600012345' "$tmp/m.out"; then bad "--mask $args shows a number"; else ok; fi
done
expect 0 "masked json" ct show 1 --format json --mask
[ "$(jget '.msisdn + " " + .imsi + " " + .complaint_data.msisdn')" = "137******01 460**********02 137******01" ] && ok || bad "mask form: $(jget '.msisdn, .imsi, .complaint_data.msisdn')"
# Numbers inside free text (a description, an address, a department's
# result) and in error messages are masked too; short numbers are kept.
complaint M1 13700000009 no_access ',"description":"call 13912345678 or 0755-87654321 after 18:00, floor 12","location":{"address":"room 3, IMSI 460009876543210"}' >"$tmp/m1.json"
expect 0 "file M1" ct file --now 2026-11-22T09:30:00Z "$tmp/m1.json"
mid=$(awk 'NR == 1 {print $3}' "$tmp/out")
expect 0 "dispatch M1" ct dispatch "$mid" --department radio --now 2026-11-22T09:31:00Z
expect 0 "handle M1" ct handle "$mid" --now 2026-11-22T09:35:00Z
expect 0 "reply M1" ct reply "$mid" --result "called back on 13912345678" --now 2026-11-22T09:40:00Z
for args in "show $mid" "show $mid --format json" "export --format json" "export --format csv" "export --format tmf621"; do
	# shellcheck disable=SC2086
	ct $args --mask >"$tmp/m.out" 2>&1 || bad "--mask $args failed"
	if grep -q '13912345678\|87654321\|460009876543210' "$tmp/m.out"; then bad "--mask $args shows a number in free text"; else ok; fi
done
expect 0 "masked free text" ct show "$mid" --format json --mask
[ "$(jget '.complaint_data.description + " | " + .complaint_data.location.address + " | " + .reply.result')" = \
  "call 139******78 or 0755-876***21 after 18:00, floor 12 | room 3, IMSI 460**********10 | called back on 139******78" ] &&
	ok || bad "masked free text: $(jget '.complaint_data.description, .complaint_data.location.address, .reply.result')"
printf '{"msisdn":"1391234567x","phenomenon":"no_access"}\n' >"$tmp/m2.json"
expect 2 "masked error" ct file --mask "$tmp/m2.json"
same "celltriage: $tmp/m2.json: msisdn: \"139*****67x\" is not 3 to 15 digits" "$tmp/err" "--mask error message"
# (SQLite only: the file's mode.)
if sqlite_only; then
	[ "$(stat -c %a "$tmp/k.db")" = 600 ] && ok || bad "store mode $(stat -c %a "$tmp/k.db")"
fi

# ---- export / import round trip (TMF621 and JSON) -------------------------
for db in t k d; do
	export CELLTRIAGE_STORE="$(store "$db")"
	ct export --format tmf621 >"$tmp/$db.tmf.json" || bad "export tmf621 $db"
	ct export --format json >"$tmp/$db.a.json" || bad "export json $db"
	export CELLTRIAGE_STORE="$(store "$db-copy")"
	expect 0 "import $db" ct import "$tmp/$db.tmf.json"
	ct export --format tmf621 >"$tmp/$db.tmf2.json"
	cmp -s "$tmp/$db.tmf.json" "$tmp/$db.tmf2.json" && ok || bad "tmf621 round trip $db differs: $(diff "$tmp/$db.tmf.json" "$tmp/$db.tmf2.json" | head -5)"
	ct export --format json >"$tmp/$db.b.json"
	cmp -s "$tmp/$db.a.json" "$tmp/$db.b.json" && ok || bad "json export after import $db differs: $(diff "$tmp/$db.a.json" "$tmp/$db.b.json" | head -5)"
	# Our own exports import too (recognised by content): json and csv.
	export CELLTRIAGE_STORE="$(store "$db")"
	ct export --format csv >"$tmp/$db.a.csv" || bad "export csv $db"
	export CELLTRIAGE_STORE="$(store "$db-json")"
	expect 0 "import json export $db" ct import "$tmp/$db.a.json"
	ct export --format json >"$tmp/$db.c.json"
	cmp -s "$tmp/$db.a.json" "$tmp/$db.c.json" && ok || bad "json round trip $db differs: $(diff "$tmp/$db.a.json" "$tmp/$db.c.json" | head -5)"
	ct export --format tmf621 >"$tmp/$db.tmf3.json"
	cmp -s "$tmp/$db.tmf.json" "$tmp/$db.tmf3.json" && ok || bad "tmf621 export after json import $db differs"
	export CELLTRIAGE_STORE="$(store "$db-csv")"
	expect 0 "import csv export $db" ct import "$tmp/$db.a.csv"
	ct export --format csv >"$tmp/$db.b.csv"
	cmp -s "$tmp/$db.a.csv" "$tmp/$db.b.csv" && ok || bad "csv round trip $db differs: $(diff "$tmp/$db.a.csv" "$tmp/$db.b.csv" | head -5)"
done
# ---- ticket migrate: the whole store to the other engine and back -------
# The suite's stores are on this run's backend; the copy goes to an SQLite
# file when they are on PostgreSQL and the other way round, then back into
# a new store of the suite's kind: the exports are the same bytes.
for db in t k d; do
	export CELLTRIAGE_STORE="$(store "$db")"
	if sqlite_only; then
		if [ -n "${CT_TEST_PG:-}" ]; then other=$(sh tools/pg-cluster.sh newdb "$CT_TEST_PG" "ct$$_mig_$db"); else other=; fi
	else
		other=$tmp/$db-mig.db
	fi
	[ -n "$other" ] || continue
	expect 0 "migrate $db" ct migrate --to "$other"
	grep -q "^copied [0-9]* tickets\{0,1\} into " "$tmp/out" && ok || bad "migrate $db said: $(cat "$tmp/out")"
	"$bin" ticket export --store "$other" --format json >"$tmp/$db.m.json"
	cmp -s "$tmp/$db.a.json" "$tmp/$db.m.json" && ok || bad "export after migrate $db differs: $(diff "$tmp/$db.a.json" "$tmp/$db.m.json" | head -5)"
	back=$(store "$db-back")
	expect 0 "migrate $db back" "$bin" ticket migrate --store "$other" --to "$back"
	"$bin" ticket export --store "$back" --format tmf621 >"$tmp/$db.m.tmf.json"
	cmp -s "$tmp/$db.tmf.json" "$tmp/$db.m.tmf.json" && ok || bad "tmf621 export after migrating $db back differs"
	expect 2 "migrate into a store with tickets" "$bin" ticket migrate --store "$other" --to "$back"
	grep -q "the target store is not empty" "$tmp/err" && ok || bad "migrate into a full store: $(cat "$tmp/err")"
	[ -z "${CT_TEST_PG:-}" ] || ! sqlite_only || sh tools/pg-cluster.sh dropdb "$CT_TEST_PG" "ct$$_mig_$db" >/dev/null
done
expect 1 "--to on another command" ct show 1 --to x
grep -q -- "ticket show: --to is not an option of this command" "$tmp/err" && ok || bad "--to elsewhere: $(cat "$tmp/err")"
# An option a command does not use is refused, never taken and ignored.
for args in "list --satisfaction satisfied" "list --who alice" "show 1 --who alice" \
	    "export --note x" "history 1 --rev 2" "show 1 --department radio"; do
	# shellcheck disable=SC2086
	expect 1 "ticket $args refused" ct $args
	grep -q "is not an option of this command" "$tmp/err" && ok || bad "ticket $args: $(cat "$tmp/err")"
done

export CELLTRIAGE_STORE="$(store k-copy)"
[ "$(jq -r '.[0] | "\(.["@type"]) \(.id) \(.externalId) \(.status) \(.severity) \(.ticketType)"' "$tmp/k.tmf.json")" = "TroubleTicket 1 R1 acknowledged Minor ordinary" ] \
	&& ok || bad "tmf621 fields: $(jq -c '.[0]' "$tmp/k.tmf.json" | head -c 300)"
expect 2 "import twice refused" ct import "$tmp/k.tmf.json"
grep -q 'ticket 1 (complaint R1) is already in the store' "$tmp/err" && ok || bad "import twice: $(head -2 "$tmp/err")"
# The store still works after an import: moves continue the revs.
expect 0 "move an imported ticket" ct dispatch 2 --department radio --now 2026-11-23T08:00:00Z
same "ticket 2: accepted -> dispatched (rev 2)" "$tmp/out" "imported ticket moves"
printf '{"id":"x"}' >"$tmp/badtmf.json"
expect 2 "import a bad ticket" ct import "$tmp/badtmf.json"
# Checked as filing: an id past 2^53 - 1 is refused, and filing goes on.
printf '{"id":"9223372036854775807","creationDate":"2026-11-20T01:20:00Z"}' >"$tmp/bigid.json"
expect 2 "import an id filing could not follow" ct import "$tmp/bigid.json"
same "celltriage: $tmp/bigid.json: item 1: ticket 9223372036854775807: id 9223372036854775807 is not 1 to 9007199254740991; nothing imported" "$tmp/err" "huge id message"
# One bad TroubleTicket among good ones: nothing of the file is imported.
export CELLTRIAGE_STORE="$(store tmfbad)"
jq '.[1].creationDate = "soon"' "$tmp/t.tmf.json" >"$tmp/bad11.json"
expect 2 "import tmf621 with a bad item" ct import "$tmp/bad11.json"
same "celltriage: $tmp/bad11.json: item 2: creationDate is not an ISO 8601 time; nothing imported" "$tmp/err" "tmf621 bad item message"
[ "$(store_count tmfbad tickets)" = 0 ] && ok || bad "a refused tmf621 import left tickets behind"
export CELLTRIAGE_STORE="$(store k-copy)"
expect 0 "file after a refused huge id" ct file --now 2026-11-23T09:00:00Z "$tmp/l1.json"
# grade 77, rev 99 with one history row: one line naming file and ticket.
jq '.[0].grade = 77' "$tmp/t.a.json" >"$tmp/bad9.json"
expect 2 "import grade 77" ct import "$tmp/bad9.json"
same "celltriage: $tmp/bad9.json:2: ticket 1: grade is not an integer in range; nothing imported" "$tmp/err" "grade 77 message"
jq '.[0].rev = 99' "$tmp/t.a.json" >"$tmp/bad10.json"
expect 2 "import rev 99" ct import "$tmp/bad10.json"
grep -q "^celltriage: $tmp/bad10.json:2: ticket 1: rev 99 but [0-9]* changes in the history; nothing imported\$" "$tmp/err" && ok || bad "rev 99 message: $(cat "$tmp/err")"
# Bad json / csv exports: one line naming file and line, exit 2, nothing imported.
for db in t k; do wc -l <"$tmp/$db.a.csv" >"$tmp/$db.rows"; done
[ "$(cat "$tmp/t.rows")" -ge 3 ] && ok || bad "t.a.csv has too few rows for the bad-input tests"
export CELLTRIAGE_STORE="$(store bad)"
# 1. the second ticket's grade a string: names its line (where "  {" starts it).
jq '.[1].grade = "high"' "$tmp/t.a.json" >"$tmp/bad1.json"
l2=$(grep -n '^  {' "$tmp/bad1.json" | sed -n 2p | cut -d: -f1)
expect 2 "import json with a wrong type" ct import "$tmp/bad1.json"
same "celltriage: $tmp/bad1.json:$l2: ticket 2: grade is not an integer in range; nothing imported" "$tmp/err" "json wrong type message"
[ "$(store_count bad tickets)" = 0 ] && ok || bad "json wrong type imported something"
# A refused import leaves no store it made: no file where there was none,
# an empty file where it was empty (a server's database keeps its tables).
if sqlite_only; then
	[ ! -e "$tmp/bad.db" ] && [ ! -e "$tmp/bad.db-wal" ] && ok ||
		bad "a refused import left the store it made: $(ls "$tmp"/bad.db* 2>&1)"
	: >"$tmp/empty.db"
	expect 2 "import json with a wrong type into an empty file" \
		ct import --store "$tmp/empty.db" "$tmp/bad1.json"
	[ -f "$tmp/empty.db" ] && [ ! -s "$tmp/empty.db" ] && ok ||
		bad "a refused import left the empty file a store: $(ls -l "$tmp"/empty.db* 2>&1)"
fi
# 2. a history item's rev a string.
jq '.[0].history[0].rev = "1"' "$tmp/t.a.json" >"$tmp/bad2.json"
expect 2 "import json with a bad history item" ct import "$tmp/bad2.json"
same "celltriage: $tmp/bad2.json:2: ticket 1: rev is not an integer in range; nothing imported" "$tmp/err" "json history type message"
# 3. malformed JSON: jansson's line and column.
head -c 200 "$tmp/t.a.json" >"$tmp/bad3.json"
expect 2 "import truncated json" ct import "$tmp/bad3.json"
[ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "^celltriage: $tmp/bad3.json:[0-9]*:[0-9]*: " "$tmp/err" && ok || bad "truncated json message: $(cat "$tmp/err")"
# 4. csv: a third ticket (ticket 1's row as id 9) whose grade is not a number;
# ticket 2's evidence spans two lines (a quoted line break), so it starts on line 5.
[ "$(cat "$tmp/t.rows")" = 4 ] && ok || bad "t.a.csv has $(cat "$tmp/t.rows") lines, not 4"
{ cat "$tmp/t.a.csv"; sed -n '2s/^1,L1,\(.*\),3,feedback,/9,L9,\1,x,feedback,/p' "$tmp/t.a.csv"; } >"$tmp/bad4.csv"
[ "$(grep -c '^9,L9,.*,x,feedback,' "$tmp/bad4.csv")" = 1 ] && ok || bad "bad4.csv not made"
expect 2 "import csv with a bad grade" ct import "$tmp/bad4.csv"
same "celltriage: $tmp/bad4.csv:5: grade is not valid; nothing imported" "$tmp/err" "csv wrong type message"
# 5. csv: an unterminated quote in the last record.
{ cat "$tmp/t.a.csv"; printf '99,"R99,1\r\n'; } >"$tmp/bad5.csv"
expect 2 "import csv with an open quote" ct import "$tmp/bad5.csv"
same "celltriage: $tmp/bad5.csv:$(($(cat "$tmp/t.rows") + 1)): a quoted field does not end; nothing imported" "$tmp/err" "csv quote message"
# 6. csv: a missing column.
sed '2s/,[^,]*\r$/\r/' "$tmp/t.a.csv" >"$tmp/bad6.csv"
expect 2 "import csv with a column missing" ct import "$tmp/bad6.csv"
same "celltriage: $tmp/bad6.csv:2: 30 columns, the header has 31; nothing imported" "$tmp/err" "csv columns message"
[ "$(store_count bad tickets)" = 0 ] && ok || bad "bad csv imported something"
# 7. one ticket already in the store: the whole file is refused (one transaction).
export CELLTRIAGE_STORE="$(store one)"
jq '[.[1]]' "$tmp/t.a.json" >"$tmp/one.json"
expect 0 "import one ticket" ct import "$tmp/one.json"
expect 2 "import a file with a ticket already there" ct import "$tmp/t.a.json"
l2=$(grep -n '^  {' "$tmp/t.a.json" | sed -n 2p | cut -d: -f1)
grep -q "^celltriage: $tmp/t.a.json:$l2: ticket 2 (complaint .*) is already in the store; nothing imported\$" "$tmp/err" && ok || bad "duplicate message: $(cat "$tmp/err")"
[ "$(store_count one tickets)" = 1 ] && ok || bad "a refused import left tickets behind"
expect 2 "import a csv with a ticket already there" ct import "$tmp/t.a.csv"
[ "$(store_count one tickets)" = 1 ] && ok || bad "a refused csv import left tickets behind"
printf 'hello,world\r\n' >"$tmp/bad8.csv"
expect 2 "import a csv that is not an export" ct import "$tmp/bad8.csv"
same "celltriage: $tmp/bad8.csv:1: not the header of a ticket export; nothing imported" "$tmp/err" "foreign csv message"

# ---- 8 processes x 250 mixed operations on 50 tickets ---------------------
# 2000 runs of the program: the release build when there is one (the
# sanitizer build takes minutes for this alone on a shared machine).
cbin=$bin
[ -z "${CELLTRIAGE:-}" ] && [ -x bin/celltriage ] && cbin=bin/celltriage
export CELLTRIAGE_STORE="$(store c)"
i=1
while [ $i -le 50 ]; do
	complaint "CC$i" "1360000$(printf %04d $i)" call_drop
	i=$((i + 1))
done >"$tmp/c.jsonl"
ct file --now 2026-11-22T08:00:00Z "$tmp/c.jsonl" >/dev/null || bad "concurrency: filing"
for w in 1 2 3 4 5 6 7 8; do
	awk -v seed=$w 'BEGIN {
		srand(seed);
		split("dispatch handle reply feedback close reopen show list", ops, " ");
		split("core transmission planning", deps, " ");
		for (k = 0; k < 250; k++) {
			op = ops[int(rand() * 8) + 1]; id = int(rand() * 50) + 1;
			if (op == "dispatch") a = "--department " deps[int(rand() * 3) + 1] " --person p" seed;
			else if (op == "reply") a = "--cause c" seed " --result r" seed;
			else if (op == "feedback") a = "--satisfaction satisfied";
			else if (op == "close") a = "--person p" seed;
			else a = "";
			if (op == "list") print "list --status handling";
			else if (op == "show") print op, id;
			else print op, id, a, "--who w" seed;
		}
	}' >"$tmp/ops$w"
done
for w in 1 2 3 4 5 6 7 8; do
	(
		while read -r line; do
			# shellcheck disable=SC2086
			"$cbin" ticket $line >>"$tmp/done$w" 2>>"$tmp/err$w"
			echo "$?" >>"$tmp/rc$w"
		done <"$tmp/ops$w"
	) &
done
wait
cat "$tmp"/rc? | sort | uniq -c >"$tmp/rcs"
# Refused moves exit 2 with the illegal-move message; nothing else fails.
other=$(cat "$tmp"/err? | grep -v 'is not allowed (allowed:\|cannot be closed: missing\|was changed by someone else meanwhile' | head -3)
[ -z "$other" ] && ok || bad "concurrency: unexpected errors: $other"
applied=$(cat "$tmp"/done? | grep -c '^ticket [0-9]*: [a-z]* -> [a-z]* (rev [0-9]*)$')
events=$(store_sql c "SELECT count(*) FROM ticket_event WHERE action <> 'filed'")
# Every move a process was told was applied is in the store: none lost.
[ "$applied" = "$events" ] && ok || bad "concurrency: $applied moves reported, $events in the store"
[ "$applied" -gt 100 ] && ok || bad "concurrency: only $applied moves applied"
# Each ticket's revs are 1..rev, each once, and its last event is its status.
q=$(store_sql c "SELECT count(*) FROM tickets t WHERE t.rev <> (SELECT count(*) FROM ticket_event e WHERE e.ticket = t.id)
	OR t.rev <> (SELECT count(DISTINCT rev) FROM ticket_event e WHERE e.ticket = t.id)
	OR t.rev <> (SELECT max(rev) FROM ticket_event e WHERE e.ticket = t.id)
	OR t.status <> (SELECT status FROM ticket_event e WHERE e.ticket = t.id AND e.rev = t.rev)")
[ "$q" = 0 ] && ok || bad "concurrency: $q tickets with an incomplete or inconsistent history"
# Every step of every history is a legal move from the status before it.
q=$(store_sql c "WITH legal(f, a, t) AS (VALUES
	('accepted','dispatch','dispatched'), ('dispatched','dispatch','dispatched'),
	('handling','dispatch','dispatched'), ('dispatched','handle','handling'),
	('handling','reply','replied'), ('replied','feedback','feedback'),
	('replied','close','closed'), ('feedback','close','closed'),
	('feedback','reopen','handling'), ('closed','reopen','handling'))
	SELECT count(*) FROM ticket_event e JOIN ticket_event p ON p.ticket = e.ticket AND p.rev = e.rev - 1
	WHERE NOT EXISTS (SELECT 1 FROM legal WHERE f = p.status AND a = e.action AND t = e.status)
	   OR $(sql_json e.detail from) <> p.status")
[ "$q" = 0 ] && ok || bad "concurrency: $q illegal steps in the histories"
[ "$(store_integrity c)" = ok ] && ok || bad "integrity check after the concurrent run: $(store_integrity c)"
retried=$(cat "$tmp"/err? | grep -c 'was changed by someone else meanwhile')

echo "noc ($backend): $pass passed, $fail failed ($applied concurrent moves applied, $retried after a lost race; exit codes: $(tr -s ' \n' ' ' <"$tmp/rcs"))"
[ "$fail" -eq 0 ]
