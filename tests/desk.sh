#!/bin/sh
# desk.sh: `celltriage user` and `celltriage serve` on a temporary store:
# the real server on 127.0.0.1 (port 0: a free one, read from its first
# line), driven with curl. Every endpoint and error of the TMF621 API
# (401, 403, 404, 400 for an unknown filter and malformed or oversized
# bodies, 412 for a stale If-Match, 415, 422 for an illegal move with the
# command line's message, 201 with Location), paging headers, fields=, the
# history's who (the token's user), the log line per request and a clean
# stop on SIGTERM (exit 0). JSON is checked with python3.
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC
unset CELLTRIAGE_PROFILE
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
pid= rpid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$rpid" ] && kill "$rpid" 2>/dev/null; backend_done; rm -rf "$tmp"' EXIT
# The store: an SQLite file, or a PostgreSQL database (CT_TEST_BACKEND).
. tests/store-backend.sh
CELLTRIAGE_STORE=$(store t)
export CELLTRIAGE_STORE
# The default profile but for the escalation scan: a server scans when it
# starts and then once an hour, so the checks of a history (notes, moves)
# do not depend on how long the suite takes to reach them (a scan a minute
# in would escalate the tickets filed here, which wait on their dispatch).
sed 's/^\( *scan_s = \)60;/\13600;/' profiles/default.cfg >"$tmp/profile.cfg"
grep -q '^ *scan_s = 3600;' "$tmp/profile.cfg" || { echo "desk: no scan_s in profiles/default.cfg"; exit 2; }
export CELLTRIAGE_PROFILE="$tmp/profile.cfg"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# py EXPR FILE: EXPR on the JSON of FILE (as j) is true.
py() {
	python3 -c 'import json, sys; j = json.load(open(sys.argv[2])); sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" "$2"
}

# ---------------------------------------------------------------- users
printf 'correct horse\n' >"$tmp/pw"
printf 'short\n' >"$tmp/pw-short"
"$bin" user add ann --role operator --password-file "$tmp/pw" >"$tmp/out" 2>&1 &&
	[ "$(cat "$tmp/out")" = "user ann added (operator)" ] && ok || bad "user add ann: $(cat "$tmp/out")"
"$bin" user add vic --role viewer --password-file "$tmp/pw" >/dev/null 2>&1 && ok || bad "user add vic"
"$bin" user add ann --role admin --password-file "$tmp/pw" >"$tmp/out" 2>&1
[ $? -eq 2 ] && [ "$(cat "$tmp/out")" = "celltriage: user ann exists" ] && ok || bad "user add twice: $(cat "$tmp/out")"
"$bin" user add bob --role boss --password-file "$tmp/pw" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "'boss' is not viewer, operator or admin" "$tmp/err" && ok || bad "bad role: $(cat "$tmp/err")"
"$bin" user add bob --role viewer --password-file "$tmp/pw-short" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'a password is 8 to 4096 bytes' "$tmp/err" && ok || bad "short password: $(cat "$tmp/err")"
"$bin" user add 'b b' --role viewer --password-file "$tmp/pw" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && ok || bad "bad name: $(cat "$tmp/err")"
"$bin" user add bob --role viewer >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'password-file is needed' "$tmp/err" && ok || bad "no password file: $(cat "$tmp/err")"
"$bin" user remove nobody >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && [ "$(cat "$tmp/err")" = "celltriage: user nobody not found" ] && ok || bad "remove nobody: $(cat "$tmp/err")"
"$bin" user passwd ann --password-file "$tmp/pw" >"$tmp/out" 2>&1 &&
	[ "$(cat "$tmp/out")" = "user ann: password changed" ] && ok || bad "passwd: $(cat "$tmp/out")"
tok=$("$bin" user token ann) && ok || bad "user token ann"
vtok=$("$bin" user token vic) && ok || bad "user token vic"
echo "$tok" | grep -Eq '^ct_[0-9a-f]{64}$' && ok || bad "token form: $tok"
# Only hashes are kept: neither the token nor the password is in the store.
store_holds t '$argon2id$' && ! store_holds t "$tok" && ! store_holds t 'correct horse' &&
	store_sql t 'SELECT password FROM users' | grep -q '^\$argon2id\$' && ok ||
	bad "secrets in the store"
"$bin" user token ann >/dev/null 2>&1
"$bin" user list | sed 's/created .*/created T/' >"$tmp/out"
cat >"$tmp/want" <<'EOF'
ann                  operator  2 tokens  created T
vic                  viewer    1 token   created T
EOF
cmp -s "$tmp/out" "$tmp/want" && ok || bad "user list: $(cat "$tmp/out")"
"$bin" user add gone --role viewer --password-file "$tmp/pw" >/dev/null 2>&1
gtok=$("$bin" user token gone)
"$bin" user remove gone >"$tmp/out" 2>&1 && [ "$(cat "$tmp/out")" = "user gone removed" ] && ok ||
	bad "user remove: $(cat "$tmp/out")"
[ "$(store_sql t "SELECT count(*) FROM user_token WHERE name = 'gone'")" = 0 ] && ok ||
	bad "tokens of a removed user kept"

# ---------------------------------------------------------------- serve
"$bin" serve --help | grep -q '^usage: celltriage serve' && ok || bad "serve --help"
"$bin" serve --listen nowhere >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "not HOST:PORT" "$tmp/err" && ok || bad "bad --listen: $(cat "$tmp/err")"
"$bin" serve --listen 127.0.0.1:0 2>"$tmp/log" &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	grep -q 'listening on' "$tmp/log" 2>/dev/null && break
	sleep 0.5
done
port=$(sed -n 's/^celltriage serve: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$tmp/log")
[ -n "$port" ] && ok || { bad "serve did not start: $(cat "$tmp/log")"; echo "$pass passed, $fail failed"; exit 1; }
base=http://127.0.0.1:$port
tt=$base/tmf-api/troubleTicket/v4/troubleTicket
auth="Authorization: Bearer $tok"
vauth="Authorization: Bearer $vtok"
n=0  # requests made, for the log's count

# req NAME CURL-ARGS...: the answer's body in $tmp/NAME, headers in
# $tmp/NAME.h, status in $code.
req() {
	name=$1
	shift
	n=$((n + 1))
	code=$(curl -s -o "$tmp/$name" -D "$tmp/$name.h" -w '%{http_code}' "$@")
}
hdr() { sed -n "s/^$1: *//Ip" "$tmp/$2.h" | tr -d '\r'; }
# terr NAME STATUS: a TMF error body of that status.
terr() {
	py "j['code'] == '$2' and j['status'] == '$2' and j['reason'] != '' and j['message'] != ''" "$tmp/$1"
}

req anon "$tt"
[ "$code" = 401 ] && terr anon 401 && [ -n "$(hdr WWW-Authenticate anon)" ] && ok || bad "anonymous: $code $(cat "$tmp/anon")"
req badtok -H "Authorization: Bearer ct_0000" "$tt"
[ "$code" = 401 ] && py "j['message'] == 'unknown token'" "$tmp/badtok" && ok || bad "bad token: $code"
req gonetok -H "Authorization: Bearer $gtok" "$tt"
[ "$code" = 401 ] && ok || bad "removed user's token: $code"
req openapi "$base/openapi.json"
[ "$code" = 200 ] && py "'/troubleTicket' in j['paths'] and '/troubleTicket/{id}' in j['paths']" "$tmp/openapi" &&
	python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$tmp/openapi" doc/openapi.json &&
	ok || bad "openapi.json: $code"
req anonres "$base/tmf-api/troubleTicket/v4/other"
[ "$code" = 401 ] && ok || bad "anonymous, no such resource: $code"
# A decoded path with a line break is one log line still (checked below).
req inject "$base/x%0A2026-01-01T00:00:00Z%20forged"
[ "$code" = 401 ] && ok || bad "path with a line break: $code"
req nores -H "$auth" "$base/tmf-api/troubleTicket/v4/other"
[ "$code" = 404 ] && terr nores 404 && ok || bad "no such resource: $code"
req empty -H "$auth" "$tt"
[ "$code" = 200 ] && [ "$(tr -d ' \n' <"$tmp/empty")" = "[]" ] && [ "$(hdr X-Total-Count empty)" = 0 ] && ok ||
	bad "empty list: $code $(cat "$tmp/empty")"

# POST: a complaint is diagnosed and filed as `ticket file` does.
req vpost -H "$vauth" -H 'Content-Type: application/json' --data-binary @captures/complaints/terminal-band.json "$tt"
[ "$code" = 403 ] && terr vpost 403 && ok || bad "viewer POST: $code"
req post1 -H "$auth" -H 'Content-Type: application/json' --data-binary @captures/complaints/terminal-band.json "$tt"
[ "$code" = 201 ] && [ "$(hdr Location post1)" = /tmf-api/troubleTicket/v4/troubleTicket/1 ] &&
	py "j['id'] == '1' and j['status'] == 'acknowledged' and j['externalId'] == 'C20261120-0002' and j['name'] == 'terminal/band_unsupported' and j['href'] == '/tmf-api/troubleTicket/v4/troubleTicket/1'" "$tmp/post1" &&
	ok || bad "POST complaint: $code $(head -c 300 "$tmp/post1")"
# The same ticket as `ticket file` + `ticket export --format tmf621` write it.
"$bin" ticket export --format tmf621 >"$tmp/export"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))[0]
a.pop("href")
sys.exit(a != e)' "$tmp/post1" "$tmp/export" && ok || bad "POST body differs from the export"
for f in weak-coverage-vip slow-data-lte; do
	req "post-$f" -H "$auth" -H 'Content-Type: application/json' --data-binary "@captures/complaints/$f.json" "$tt"
	[ "$code" = 201 ] && ok || bad "POST $f: $code"
done
# A TroubleTicket_Create carrying the complaint as its complaintDocument.
python3 -c '
import json, sys
c = open(sys.argv[1]).read()
print(json.dumps({"@type": "TroubleTicket_Create", "description": "from another system",
                  "troubleTicketCharacteristic": [{"name": "complaintDocument", "value": c, "valueType": "string"}]}))' \
	captures/complaints/route-no-access.json >"$tmp/create.json"
req post4 -H "$auth" -H 'Content-Type: application/json' --data-binary "@$tmp/create.json" "$tt"
[ "$code" = 201 ] && [ "$(hdr Location post4)" = /tmf-api/troubleTicket/v4/troubleTicket/4 ] && ok ||
	bad "POST TroubleTicket_Create: $code $(cat "$tmp/post4")"
printf '{"@type": "TroubleTicket_Create", "description": "no complaint"}' >"$tmp/create2.json"
req post5 -H "$auth" --data-binary "@$tmp/create2.json" "$tt"
[ "$code" = 422 ] && terr post5 422 && py "'complaintDocument' in j['message']" "$tmp/post5" && ok ||
	bad "TroubleTicket_Create without the complaint: $code"
# Refiling the same complaint id updates its ticket: 200, same id.
req refile -H "$auth" --data-binary @captures/complaints/terminal-band.json "$tt"
[ "$code" = 200 ] && py "j['id'] == '1'" "$tmp/refile" && ok || bad "refile: $code"
# Bodies that are not a complaint: one-line reasons, 400 or 422.
req malformed -H "$auth" --data-binary '{"id": ' "$tt"
[ "$code" = 400 ] && terr malformed 400 && py "'\n' not in j['message'] and j['message'].startswith('body:')" "$tmp/malformed" &&
	ok || bad "malformed body: $code $(cat "$tmp/malformed")"
req array -H "$auth" --data-binary '[1, 2]' "$tt"
[ "$code" = 400 ] && ok || bad "array body: $code"
req nobody -H "$auth" -X POST "$tt"
[ "$code" = 400 ] && ok || bad "no body: $code"
python3 -c 'print("{\"x\": \"" + "a" * 1100000 + "\"}")' >"$tmp/big.json"
req big -H "$auth" --data-binary "@$tmp/big.json" "$tt"
[ "$code" = 400 ] && py "'over 1048576 bytes' in j['message']" "$tmp/big" && ok || bad "oversized body: $code"
req dup -H "$auth" --data-binary '{"id": "a", "id": "b"}' "$tt"
[ "$code" = 400 ] && ok || bad "duplicate keys: $code"
req notcomplaint -H "$auth" --data-binary '{"id": 5}' "$tt"
[ "$code" = 422 ] && terr notcomplaint 422 && ok || bad "not a complaint: $code $(cat "$tmp/notcomplaint")"
req postarg -H "$auth" --data-binary @captures/complaints/terminal-band.json "$tt?dryRun=1"
[ "$code" = 400 ] && py "'dryRun' in j['message']" "$tmp/postarg" && ok || bad "POST with a parameter: $code"

# GET list: filters, paging, fields.
req all -H "$auth" "$tt"
[ "$code" = 200 ] && py "[t['id'] for t in j] == ['1', '2', '3', '4']" "$tmp/all" &&
	[ "$(hdr X-Total-Count all)" = 4 ] && [ "$(hdr X-Result-Count all)" = 4 ] && ok || bad "list all: $code"
req page -H "$auth" "$tt?offset=1&limit=2"
[ "$code" = 200 ] && py "[t['id'] for t in j] == ['2', '3']" "$tmp/page" &&
	[ "$(hdr X-Total-Count page)" = 4 ] && [ "$(hdr X-Result-Count page)" = 2 ] && ok || bad "page: $code"
req past -H "$auth" "$tt?offset=10"
[ "$code" = 200 ] && [ "$(hdr X-Total-Count past)" = 4 ] && [ "$(hdr X-Result-Count past)" = 0 ] && ok || bad "offset past the end"
req fields -H "$auth" "$tt?fields=status,severity&limit=1"
[ "$code" = 200 ] && py "list(j[0].keys()) == ['@type', 'id', 'severity', 'status', 'href']" "$tmp/fields" && ok ||
	bad "fields=: $(cat "$tmp/fields")"
# like_cli "PARAM=V|--option V"...: each filter against the command line's
# listing of the same store (and finding something).
like_cli() {
	for q in "$@"; do
		hq=${q%%|*}
		opt=${q#*|}
		# shellcheck disable=SC2086
		want=$("$bin" ticket list --format json $opt | python3 -c 'import json,sys; print(",".join(str(t["id"]) for t in json.load(sys.stdin)))')
		req filt -H "$auth" "$tt?$hq"
		got=$(python3 -c 'import json,sys; print(",".join(t["id"] for t in json.load(open(sys.argv[1]))))' "$tmp/filt")
		[ "$code" = 200 ] && [ "$got" = "$want" ] && [ -n "$got" ] && ok || bad "filter $hq: '$got', want '$want'"
	done
}
like_cli "status=accepted|--status accepted" "grade=1|--grade 1" "cause=terminal/band_unsupported|--cause terminal/band_unsupported" \
	"cell=460-00-22001-3|--cell 460-00-22001-3"
req tmfst -H "$auth" "$tt?status=acknowledged"
[ "$code" = 200 ] && [ "$(hdr X-Total-Count tmfst)" = 4 ] && ok || bad "TMF status filter: $code"
# A filter and a page together: the count is the filter's, the page its slice.
req fpage -H "$auth" "$tt?status=acknowledged&severity=Minor&offset=1&limit=1"
want=$("$bin" ticket list --format json | python3 -c 'import json,sys
v = [str(t["id"]) for t in json.load(sys.stdin) if t["grade"] >= 3]
print(len(v), v[1:2])')
got=$(python3 -c 'import json,sys; print(sys.argv[2], [t["id"] for t in json.load(open(sys.argv[1]))])' \
	"$tmp/fpage" "$(hdr X-Total-Count fpage)")
[ "$code" = 200 ] && [ "$got" = "$want" ] && [ "${want#* }" != "[]" ] && [ "$(hdr X-Result-Count fpage)" = 1 ] && ok ||
	bad "filtered page: '$got', want '$want'"
req sev -H "$auth" "$tt?severity=Critical"
want=$("$bin" ticket list --format json --grade 1 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$code" = 200 ] && [ "$(hdr X-Total-Count sev)" = "$want" ] && ok || bad "severity filter: $code"
for q in department=nobody subscriber=1 'status=open' 'creationDate.gt=yesterday' 'creationDate.after=2026-11-20T00:00:00Z' 'expectedResolutionDate.lt=2026-13-01T00:00:00Z' 'q=!!' 'grade=0' 'limit=0' 'limit=5000' 'offset=-1' 'severity=High' 'cause=nonsense'; do
	req refused -H "$auth" "$tt?$q"
	[ "$code" = 400 ] && terr refused 400 && py "'${q%%=*}' in j['message']" "$tmp/refused" && ok ||
		bad "?$q not refused: $code $(cat "$tmp/refused")"
done

# GET one.
req one -H "$vauth" "$tt/2"
[ "$code" = 200 ] && [ "$(hdr ETag one)" = '"1"' ] && py "j['id'] == '2'" "$tmp/one" && ok || bad "GET one: $code"
req none -H "$auth" "$tt/99"
[ "$code" = 404 ] && py "j['message'] == 'ticket 99 not found'" "$tmp/none" && ok || bad "GET 99: $code"
req notid -H "$auth" "$tt/abc"
[ "$code" = 404 ] && ok || bad "GET abc: $code"
req onearg -H "$auth" "$tt/2?fields=id"
[ "$code" = 400 ] && ok || bad "GET one with a parameter: $code"
# Two requests on one kept-alive connection (one store handle) answer alike.
n=$((n + 2))
curl -s -H "$auth" -o "$tmp/ka1" "$tt/1" -o "$tmp/ka2" "$tt/2" &&
	py "j['id'] == '1'" "$tmp/ka1" && py "j['id'] == '2'" "$tmp/ka2" && ok || bad "keep-alive"
req delete -H "$auth" -X DELETE "$tt/2"
[ "$code" = 405 ] && [ "$(hdr Allow delete)" = "GET, PATCH" ] && ok || bad "DELETE: $code"

# PATCH: the moves, with the command line's rules and messages.
mp='Content-Type: application/merge-patch+json'
req vpatch -H "$vauth" -H "$mp" -X PATCH -d '{"status": "dispatched", "department": "radio"}' "$tt/2"
[ "$code" = 403 ] && ok || bad "viewer PATCH: $code"
req ctype -H "$auth" -H 'Content-Type: application/json' -X PATCH -d '{"status": "dispatched"}' "$tt/2"
[ "$code" = 415 ] && ok || bad "PATCH as application/json: $code"
req move1 -H "$auth" -H "$mp" -H 'If-Match: "1"' -X PATCH -d '{"status": "dispatched", "department": "radio", "person": "li"}' "$tt/2"
[ "$code" = 200 ] && [ "$(hdr ETag move1)" = '"2"' ] && py "j['status'] == 'pending'" "$tmp/move1" && ok ||
	bad "dispatch: $code $(cat "$tmp/move1")"
req stale -H "$auth" -H "$mp" -H 'If-Match: "1"' -X PATCH -d '{"action": "handle"}' "$tt/2"
[ "$code" = 412 ] && py "j['message'] == 'ticket 2 changed since it was read (rev 1, now 2)'" "$tmp/stale" && ok ||
	bad "stale If-Match: $code $(cat "$tmp/stale")"
req badmatch -H "$auth" -H "$mp" -H 'If-Match: W/"x"' -X PATCH -d '{"action": "handle"}' "$tt/2"
[ "$code" = 400 ] && ok || bad "bad If-Match: $code"
# An illegal move: 422 with the very message `ticket close` gives.
cli=$("$bin" ticket close 2 2>&1 >/dev/null)
req illegal -H "$auth" -H "$mp" -X PATCH -d '{"action": "close"}' "$tt/2"
[ "$code" = 422 ] && py "'celltriage: ' + j['message'] == '''$cli'''" "$tmp/illegal" && ok ||
	bad "illegal move: $code $(cat "$tmp/illegal") / $cli"
req unknown -H "$auth" -H "$mp" -X PATCH -d '{"priority": "1"}' "$tt/2"
[ "$code" = 400 ] && py "'priority' in j['message']" "$tmp/unknown" && ok || bad "unknown member: $code"
req badsat -H "$auth" -H "$mp" -X PATCH -d '{"action": "feedback", "satisfaction": "happy"}' "$tt/2"
[ "$code" = 400 ] && py "'happy' in j['message']" "$tmp/badsat" && ok || bad "bad satisfaction: $code"
req nostatus -H "$auth" -H "$mp" -X PATCH -d '{}' "$tt/2"
[ "$code" = 400 ] && ok || bad "PATCH without a status: $code"
req badjson -H "$auth" -H "$mp" -X PATCH -d '{"status": ' "$tt/2"
[ "$code" = 400 ] && ok || bad "PATCH malformed: $code"
req patch404 -H "$auth" -H "$mp" -X PATCH -d '{"action": "handle"}' "$tt/99"
[ "$code" = 404 ] && ok || bad "PATCH 99: $code"
req move2 -H "$auth" -H "$mp" -H 'If-Match: 2' -X PATCH -d '{"action": "handle"}' "$tt/2"
[ "$code" = 200 ] && py "j['status'] == 'inProgress'" "$tmp/move2" && ok || bad "handle: $code"
# The history names the token's user, for the filing and each move.
"$bin" ticket history 2 --format json >"$tmp/hist"
py "[(e['action'], e['who']) for e in j] == [('filed', 'ann'), ('dispatch', 'ann'), ('handle', 'ann')]" "$tmp/hist" &&
	ok || bad "history who: $(cat "$tmp/hist")"

# The desk's rules: filters the command line has, notes, departments.
like_cli "msisdn=13150423168|--msisdn 13150423168" "relatedParty.id=13150423168|--msisdn 13150423168" \
	"externalId=C20261120-0002|--complaint C20261120-0002" "q=信号|--search 信号" "q=22001|--search 22001" \
	"department=Radio%20Optimisation|--department optimisation" "person=li|--person li"
req q0 -H "$auth" "$tt?q=nowhere"
[ "$code" = 200 ] && [ "$(hdr X-Total-Count q0)" = 0 ] && ok || bad "q without a hit: $code"
# Dates: filed now, so none before 2020 and all after; the stages' due
# times of open tickets (all before 2099: the queue's overdue then).
req d1 -H "$auth" "$tt?creationDate.lt=2020-01-01T00:00:00Z"
[ "$code" = 200 ] && [ "$(hdr X-Total-Count d1)" = 0 ] && ok || bad "creationDate.lt: $code"
req d2 -H "$auth" "$tt?creationDate.gt=2020-01-01T00:00:00Z&creationDate.lte=2099-01-01T00:00:00Z"
[ "$code" = 200 ] && [ "$(hdr X-Total-Count d2)" = 4 ] && ok || bad "creationDate.gt and .lte: $code"
req d3 -H "$auth" "$tt?expectedResolutionDate.lt=2099-01-01T00:00:00Z"
want=$("$bin" ticket list --overdue --now 2099-01-01T00:00:00Z --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$code" = 200 ] && [ "$(hdr X-Total-Count d3)" = "$want" ] && [ "$want" -gt 0 ] && ok || bad "expectedResolutionDate.lt: $code $(hdr X-Total-Count d3) want $want"
req d4 -H "$auth" "$tt?creationDate.gt=2026-11-20"
[ "$code" = 400 ] && terr d4 400 && py "j['message'].startswith('creationDate.gt: ')" "$tmp/d4" && ok || bad "a malformed date: $code $(cat "$tmp/d4")"
# An unknown department: 422 with the profile's list, nothing changed.
req baddept -H "$auth" -H "$mp" -X PATCH -d '{"action": "dispatch", "department": "radio team"}' "$tt/3"
[ "$code" = 422 ] && terr baddept 422 &&
	py "j['message'] == \"body: department 'radio team' is not a department of the profile (optimisation, core, transmission, maintenance, planning, data, customer_service, marketing)\"" "$tmp/baddept" &&
	ok || bad "unknown department: $code $(cat "$tmp/baddept")"
# Notes: PATCH adds them (a comment each, by the token's user); the
# status stays, the rev moves, a stale If-Match is refused.
req note1 -H "$auth" -H "$mp" -H 'If-Match: "1"' -X PATCH -d '{"note": [{"text": "客户在地铁站"}, {"text": "called back"}]}' "$tt/3"
[ "$code" = 200 ] && [ "$(hdr ETag note1)" = '"3"' ] &&
	py "[(n['text'], n['author'], n['action']) for n in j['note'][1:]] == [('客户在地铁站', 'ann', 'comment'), ('called back', 'ann', 'comment')] and j['status'] == 'acknowledged'" "$tmp/note1" &&
	ok || bad "PATCH notes: $code $(cat "$tmp/note1")"
req note2 -H "$auth" -H "$mp" -H 'If-Match: "1"' -X PATCH -d '{"note": [{"text": "late"}]}' "$tt/3"
[ "$code" = 412 ] && ok || bad "notes at a stale rev: $code"
for b in '{"note": []}' '{"note": [{"text": 1}]}' '{"note": [{"text": "x", "author": "me"}]}' '{"note": [{"text": " "}]}'; do
	req note3 -H "$auth" -H "$mp" -X PATCH -d "$b" "$tt/3"
	[ "$code" = 400 ] && terr note3 400 && ok || bad "notes $b: $code $(cat "$tmp/note3")"
done
req qnote -H "$auth" "$tt?q=地铁站"
[ "$code" = 200 ] && py "[t['id'] for t in j] == ['3']" "$tmp/qnote" && ok || bad "a note searched: $(cat "$tmp/qnote")"
"$bin" ticket history 3 --format json >"$tmp/hist3"
py "[(e['action'], e['who'], e['detail']) for e in j[1:]] == [('comment', 'ann', {'text': '客户在地铁站'}), ('comment', 'ann', {'text': 'called back'})]" "$tmp/hist3" &&
	ok || bad "notes in the history: $(cat "$tmp/hist3")"

# The hub: a local receiver (it records each POST; "down" makes it answer
# 500) takes the events of the changes after the subscription, in order.
cat >"$tmp/recv.py" <<'PY'
import http.server, os, sys
out, port = sys.argv[1], int(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if os.path.exists(out + ".down"):
            self.send_response(500); self.end_headers(); return
        with open(out, "a") as f:
            f.write(self.path + " " + body.decode() + "\n")
        self.send_response(201); self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", port), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$tmp/recv.py" "$tmp/got" 0 >"$tmp/rport" &
rpid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$tmp/rport" ] && break; sleep 0.3; done
rport=$(cat "$tmp/rport")
# events EXPECTED...: the receiver's lines, as "eventId eventType ticket status", within 10 s
# (escalations aside: raised by the server's own scan, checked below).
# The events each subscriber received, in the order it received them (a
# stable sort by callback path: two subscribers' deliveries interleave as
# the hub's rounds fall, each one's own order is what is checked).
events() {
	want=$(printf '%s\n' "$@" | sort -s -k1,1)
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		got=$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    p, b = l.split(" ", 1); e = json.loads(b); t = e["event"]["troubleTicket"]
    if e["eventType"] != "TroubleTicketEscalationEvent":
        print(p, e["eventId"], e["eventType"], t["id"], t["status"])' "$tmp/got" 2>/dev/null |
			sort -s -k1,1)
		[ "$got" = "$want" ] && return 0
		sleep 0.5
	done
	echo "got: $got"
	return 1
}
req vhub -H "$vauth" -d "{\"callback\": \"http://127.0.0.1:$rport/listener\"}" "$base/tmf-api/troubleTicket/v4/hub"
[ "$code" = 403 ] && ok || bad "viewer subscribes: $code"
for b in '{"callback": "https://x/y"}' '{"callback": "ftp://x"}' '{"callback": "http://:80/"}' \
	"{\"callback\": \"http://127.0.0.1:$rport/\", \"query\": \"status=closed\"}" '{"callback": 1}' '{"x": 1}' '{'; do
	req badhub -H "$auth" -d "$b" "$base/tmf-api/troubleTicket/v4/hub"
	[ "$code" = 400 ] && terr badhub 400 && ok || bad "hub body $b: $code"
done
req hub -H "$auth" -d "{\"callback\": \"http://127.0.0.1:$rport/listener\"}" "$base/tmf-api/troubleTicket/v4/hub"
[ "$code" = 201 ] && [ "$(hdr Location hub)" = /tmf-api/troubleTicket/v4/hub/1 ] &&
	py "j == {'id': '1', 'callback': 'http://127.0.0.1:$rport/listener'}" "$tmp/hub" && ok || bad "subscribe: $code $(cat "$tmp/hub")"
req hub2 -H "$auth" -d "{\"callback\": \"http://127.0.0.1:$rport/states\", \"query\": \"eventType=TroubleTicketStateChangeEvent\"}" \
	"$base/tmf-api/troubleTicket/v4/hub"
[ "$code" = 201 ] && ok || bad "subscribe with a query: $code"
req hubget -H "$vauth" "$base/tmf-api/troubleTicket/v4/hub/2"
[ "$code" = 200 ] && py "j['query'] == 'eventType=TroubleTicketStateChangeEvent'" "$tmp/hubget" && ok || bad "GET hub: $code"
ev0=$(store_sql t 'SELECT max(id) FROM ticket_event')
req hpost -H "$auth" --data-binary @captures/complaints/nothing-known.json "$tt"
req hmove -H "$auth" -H "$mp" -X PATCH -d '{"action": "reply", "replyCause": "x", "result": "y"}' "$tt/2"
req hnote -H "$auth" -H "$mp" -X PATCH -d '{"note": [{"text": "told the customer"}]}' "$tt/2"
events "/listener $((ev0 + 1)) TroubleTicketCreateEvent 5 acknowledged" \
	"/listener $((ev0 + 2)) TroubleTicketStateChangeEvent 2 resolved" \
	"/listener $((ev0 + 3)) TroubleTicketAttributeValueChangeEvent 2 resolved" \
	"/states $((ev0 + 2)) TroubleTicketStateChangeEvent 2 resolved" && ok || bad "events delivered"
grep "\"eventId\":\"$((ev0 + 3))\"" "$tmp/got" | cut -d' ' -f2- >"$tmp/noteev"
py "j['fieldPath'] == 'note' and j['event']['detail'] == {'text': 'told the customer'} and j['event']['troubleTicket']['note'][-1]['text'] == 'told the customer'" "$tmp/noteev" &&
	ok || bad "the note's event: $(cat "$tmp/noteev")"
ev0=$((ev0 + 1))
# The receiver refuses: retried with a growing wait, across a restart of
# the server, and delivered once it takes them again; nothing lost.
: >"$tmp/got.down"
: >"$tmp/got"
req hmove2 -H "$auth" -H "$mp" -X PATCH -d '{"action": "feedback", "satisfaction": "satisfied"}' "$tt/2"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(store_sql t 'SELECT min(attempts) FROM hub')" -ge 1 ] 2>/dev/null && break
	sleep 0.5
done
[ "$(store_sql t 'SELECT min(attempts) FROM hub')" -ge 1 ] &&
	store_sql t 'SELECT last_error FROM hub WHERE id = 1' | grep -q 'status 500' && ok ||
	bad "a refused delivery is recorded: $(store_sql t 'SELECT * FROM hub')"
grep -q "celltriage serve: hub 1: event $((ev0 + 3)): 127.0.0.1:$rport: status 500 (retry in 1s)" "$tmp/log" && ok ||
	bad "the refusal's log line: $(grep hub "$tmp/log")"

# SIGTERM: a clean stop, exit 0, one log line per request.
kill -TERM "$pid"
wait "$pid"
st=$?
pid=
[ "$st" = 0 ] && tail -1 "$tmp/log" | grep -q '^celltriage serve: stopped$' && ok || bad "SIGTERM: exit $st: $(tail -3 "$tmp/log")"
lines=$(grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(Z|[+-][0-9]{2}:[0-9]{2}) [^ ]+ [A-Z]+ /.* [0-9]{3} [0-9]+ms$' "$tmp/log")
[ "$lines" = "$n" ] && ok || bad "log: $lines request lines for $n requests"
! grep -q '^2026-01-01T00:00:00Z forged' "$tmp/log" && grep -q ' - GET /x?2026-01-01T00:00:00Z forged 401 ' "$tmp/log" &&
	ok || bad "log line of a path with a line break"
grep -q " ann PATCH /tmf-api/troubleTicket/v4/troubleTicket/2 412 " "$tmp/log" &&
	grep -q " - GET /tmf-api/troubleTicket/v4/troubleTicket 401 " "$tmp/log" && ok || bad "log lines: $(head -5 "$tmp/log")"
# Restarted with the receiver taking events again: the one refused is
# delivered, nothing lost, the subscriptions kept.
rm -f "$tmp/got.down"
"$bin" serve --listen 127.0.0.1:0 2>"$tmp/log4" &
pid=$!
events "/listener $((ev0 + 3)) TroubleTicketStateChangeEvent 2 resolved" \
	"/states $((ev0 + 3)) TroubleTicketStateChangeEvent 2 resolved" && ok || bad "delivered after a restart"
[ "$(store_sql t 'SELECT sum(attempts) FROM hub')" = 0 ] && ok || bad "attempts not reset"
# The restarted server's escalation scan: every open ticket past its
# stage's due time or within the profile's 30 minutes of it (those filed
# here wait on their dispatch, 15 minutes from filing): each raised, once
# a level, and delivered as TroubleTicketEscalationEvent.
for _ in 1 2 3 4 5 6 7 8 9 10; do
	grep -q TroubleTicketEscalationEvent "$tmp/got" && break
	sleep 0.5
done
open=$( ("$bin" ticket list --overdue --format json; "$bin" ticket list --due-within 30m --format json) |
	python3 -c 'import json,sys; d = json.JSONDecoder(); s = sys.stdin.read().strip(); v = []
while s:
    o, n = d.raw_decode(s); v += o; s = s[n:].strip()
print(sorted(set(t["id"] for t in v)))')
[ "$(store_sql t "SELECT count(*) FROM ticket_event WHERE action = 'escalation' AND rev IS NULL")" = \
  "$(store_sql t "SELECT count(DISTINCT ticket) FROM ticket_event WHERE action = 'escalation'")" ] &&
	python3 -c '
import json, sys
got = sorted(int(e["event"]["troubleTicket"]["id"]) for e in (json.loads(l.split(" ", 1)[1]) for l in open(sys.argv[1]))
             if e["eventType"] == "TroubleTicketEscalationEvent")
sys.exit(str(sorted(set(got))) != sys.argv[2] or sys.argv[2] == "[]")' "$tmp/got" "$open" && ok || bad "escalations delivered: want $open: $(grep -c Escalation "$tmp/got")"
grep -q '^celltriage serve: escalation: ticket [0-9]*: [a-z]* due [0-9T:Z+-]* \(near\|overdue\)$' "$tmp/log4" && ok || bad "escalation log line"
port4=$(sed -n 's/^celltriage serve: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$tmp/log4")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" -X DELETE "http://127.0.0.1:$port4/tmf-api/troubleTicket/v4/hub/1")
[ "$code" = 204 ] && ok || bad "DELETE hub: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "http://127.0.0.1:$port4/tmf-api/troubleTicket/v4/hub/1")
[ "$code" = 404 ] && ok || bad "GET a removed hub: $code"
kill -TERM "$pid"
wait "$pid" && ok || bad "second stop"
pid=
kill "$rpid"
rpid=
# A port in use: one line, exit 2.
"$bin" serve --listen 127.0.0.1:0 2>"$tmp/log2" &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	grep -q 'listening on' "$tmp/log2" 2>/dev/null && break
	sleep 0.5
done
port2=$(sed -n 's/^celltriage serve: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$tmp/log2")
"$bin" serve --listen "127.0.0.1:$port2" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'cannot listen' "$tmp/err" && ok || bad "port in use: $(cat "$tmp/err")"
kill -INT "$pid"
wait "$pid"
st=$?
pid=
[ "$st" = 0 ] && ok || bad "SIGINT: exit $st"

# ---------------------------------------------------------------- console sessions
# Signing in to the console (POST /session): the cookie's flags, the CSRF
# token every change a cookie signs in for must carry, sessions and API
# tokens kept apart, signing out, a session past its lifetime.
. tests/serve-port.sh
"$bin" serve --listen 127.0.0.1:0 2>"$tmp/log5" &
pid=$!
port5=$(serve_port "$tmp/log5")
cbase=http://127.0.0.1:$port5
ctt=$cbase/tmf-api/troubleTicket/v4/troubleTicket
json="Content-Type: application/json"
req page "$cbase/"
[ "$code" = 401 ] && [ "$(hdr Content-Type page)" = "text/html;charset=utf-8" ] && grep -q 'id="signin"' "$tmp/page" &&
	[ "$(hdr Content-Security-Policy page)" = "default-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'" ] &&
	! grep -qi '<script>' "$tmp/page" && ok || bad "anonymous /: $code $(hdr Content-Type page)"
req anonq "$cbase/desk/v1/queue"
[ "$code" = 401 ] && terr anonq 401 && ok || bad "anonymous queue: $code"
req anonjs "$cbase/console/app.js"
[ "$code" = 401 ] && ok || bad "anonymous app.js: $code"
req anonnone "$cbase/console/nothing.js"
[ "$code" = 401 ] && grep -q 'id="signin"' "$tmp/anonnone" && ok || bad "anonymous, no such file: $code"
req signjs "$cbase/console/signin.js"
[ "$code" = 200 ] && [ "$(hdr Content-Type signjs)" = "text/javascript;charset=utf-8" ] && ok || bad "signin.js: $code"
req wrongpw -H "$json" -d '{"name":"ann","password":"not the password"}' "$cbase/session"
[ "$code" = 401 ] && py "j['message'] == 'wrong user name or password'" "$tmp/wrongpw" &&
	[ -z "$(hdr Set-Cookie wrongpw)" ] && ok || bad "wrong password: $code"
req nouser -H "$json" -d '{"name":"nobody","password":"correct horse"}' "$cbase/session"
[ "$code" = 401 ] && py "j['message'] == 'wrong user name or password'" "$tmp/nouser" && ok || bad "no such user: $code"
req badform -H "Content-Type: text/plain" -d 'ann' "$cbase/session"
[ "$code" = 415 ] && terr badform 415 && ok || bad "sign-in body of another type: $code"
req signin -H "$json" -d '{"name":"ann","password":"correct horse"}' "$cbase/session"
cookie=$(hdr Set-Cookie signin)
stok=$(printf '%s' "$cookie" | sed -n 's/^ct_session=\(cs_[0-9a-f]\{64\}\); .*/\1/p')
[ "$code" = 200 ] && [ -n "$stok" ] &&
	[ "$cookie" = "ct_session=$stok; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict" ] &&
	py "j['name'] == 'ann' and j['role'] == 'operator' and len(j['csrf']) == 64 and j['lifetime_s'] == 43200" "$tmp/signin" &&
	ok || bad "sign in: $code $cookie"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$tmp/signin")
# An HTML form's body signs in too.
req formin -H "Content-Type: application/x-www-form-urlencoded" --data 'name=ann&password=correct+horse' "$cbase/session"
[ "$code" = 200 ] && ok || bad "form sign-in: $code"
# Only the session's hash is kept, as a row of its own, not counted as a token.
! store_holds t "$stok" &&
	[ "$(store_sql t "SELECT count(*) FROM user_token WHERE name = 'ann' AND hash LIKE 'session:%'")" = 2 ] &&
	"$bin" user list | grep -q '^ann  *operator  2 tokens' && ok || bad "sessions in the store: $("$bin" user list)"
ck="Cookie: ct_session=$stok"
req sess -H "$ck" "$cbase/session"
[ "$code" = 200 ] && py "j['csrf'] == '$csrf'" "$tmp/sess" && ok || bad "GET /session: $code"
req ckq -H "$ck" "$cbase/desk/v1/queue"
[ "$code" = 200 ] && py "j['open'] >= 1 and isinstance(j['tickets'], list)" "$tmp/ckq" && ok || bad "queue with the cookie: $code"
# The queue's order is the command line's: the overdue as `ticket list
# --overdue` lists them, then those due later as `--due-within` does.
"$bin" ticket list --overdue --format json >"$tmp/over.json" &&
	"$bin" ticket list --due-within 3660d --format json >"$tmp/later.json" &&
	python3 -c 'import json,sys; q=json.load(open(sys.argv[1])); o=json.load(open(sys.argv[2])); l=json.load(open(sys.argv[3])); sys.exit([t["id"] for t in q["tickets"]] != [t["id"] for t in o + l] or q["overdue"] != len(o) or q["open"] != len(o) + len(l) or not q["tickets"])' \
		"$tmp/ckq" "$tmp/over.json" "$tmp/later.json" && ok || bad "the queue's order: $(cat "$tmp/ckq" | head -5)"
req cknone -H "$ck" "$cbase/console/nothing.js"
[ "$code" = 404 ] && terr cknone 404 && ok || bad "no such file, signed in: $code"
req ckpage -H "$ck" "$cbase/"
[ "$code" = 200 ] && grep -q 'src="/console/app.js"' "$tmp/ckpage" && ok || bad "/ signed in: $code"
# A change with the cookie and no CSRF token, or a wrong one: 403.
req nocsrf -H "$ck" -H "Content-Type: application/merge-patch+json" -X PATCH -d '{"action":"handle"}' "$ctt/1"
[ "$code" = 403 ] && terr nocsrf 403 && py "'X-CSRF-Token' in j['message']" "$tmp/nocsrf" && ok || bad "no CSRF token: $code"
req badcsrf -H "$ck" -H "X-CSRF-Token: $(printf '%064d' 0)" -H "Content-Type: application/merge-patch+json" -X PATCH \
	-d '{"action":"handle"}' "$ctt/1"
[ "$code" = 403 ] && ok || bad "wrong CSRF token: $code"
req nocsrfdel -H "$ck" -X DELETE "$cbase/session"
[ "$code" = 403 ] && ok || bad "sign-out without the CSRF token: $code"
# With it, the move is checked as ever (the CLI's message) and made in the session user's name.
req okcsrf -H "$ck" -H "X-CSRF-Token: $csrf" -H "Content-Type: application/merge-patch+json" -X PATCH \
	-d '{"action":"close"}' "$ctt/1"
[ "$code" = 422 ] && py "j['message'].startswith('ticket 1 ')" "$tmp/okcsrf" && ok || bad "a move with the CSRF token: $code $(cat "$tmp/okcsrf")"
# A viewer's session cannot move tickets either.
req vsignin -H "$json" -d '{"name":"vic","password":"correct horse"}' "$cbase/session"
vstok=$(hdr Set-Cookie vsignin | sed -n 's/^ct_session=\(cs_[0-9a-f]*\);.*/\1/p')
vcsrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$tmp/vsignin")
req vmove -H "Cookie: ct_session=$vstok" -H "X-CSRF-Token: $vcsrf" -H "Content-Type: application/merge-patch+json" \
	-X PATCH -d '{"action":"handle"}' "$ctt/1"
[ "$code" = 403 ] && py "j['message'] == 'user vic (viewer) cannot move tickets'" "$tmp/vmove" && ok || bad "viewer's session moves: $code"
[ "$vcsrf" != "$csrf" ] && ok || bad "two sessions, one CSRF value"
# A bearer token needs no CSRF token; an API token is no cookie, a session no bearer token.
req bearer -H "$auth" "$cbase/desk/v1/ticket/1"
[ "$code" = 200 ] && py "j['id'] == 1 and isinstance(j['history'], list) and isinstance(j['moves'], list)" "$tmp/bearer" &&
	[ "$(hdr ETag bearer)" != "" ] && ok || bad "ticket page with a token: $code"
req tokcookie -H "Cookie: ct_session=$tok" "$cbase/desk/v1/queue"
[ "$code" = 401 ] && ok || bad "an API token as the cookie: $code"
req sessbearer -H "Authorization: Bearer $stok" "$cbase/desk/v1/queue"
[ "$code" = 401 ] && ok || bad "a session token as a bearer token: $code"
# The console's reads refuse what they do not implement.
req qarg -H "$auth" "$cbase/desk/v1/queue?status=open"
[ "$code" = 400 ] && py "j['message'] == \"query parameter 'status' is not implemented here\"" "$tmp/qarg" && ok || bad "queue?status: $code"
req badmonth -H "$auth" "$cbase/desk/v1/report/month?month=2026-13"
[ "$code" = 400 ] && py "j['message'] == \"month '2026-13' is not YYYY-MM\"" "$tmp/badmonth" && ok || bad "month 2026-13: $code"
req month -H "$auth" "$cbase/desk/v1/report/month?month=2026-11"
[ "$code" = 200 ] && grep -q '<title>Complaint figures' "$tmp/month" &&
	hdr Content-Security-Policy month | grep -q "default-src 'none'" && ok || bad "month report: $code"
req hot -H "$auth" "$cbase/desk/v1/hotspots"
[ "$code" = 200 ] && py "isinstance(j['hotspots'], list) and j['window_s'] > 0" "$tmp/hot" && ok || bad "hotspots: $code"
req nodesk -H "$auth" "$cbase/desk/v1/other"
[ "$code" = 404 ] && ok || bad "no such console read: $code"
# Signing out ends the session: the cookie goes, the old token is refused.
req signout -H "$ck" -H "X-CSRF-Token: $csrf" -X DELETE "$cbase/session"
[ "$code" = 204 ] && [ "$(hdr Set-Cookie signout)" = "ct_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" ] &&
	ok || bad "sign out: $code $(hdr Set-Cookie signout)"
req after -H "$ck" "$cbase/desk/v1/queue"
[ "$code" = 401 ] && ok || bad "after signing out: $code"
# A session past its lifetime (12 hours) is refused.
store_sql t "UPDATE user_token SET created_at = created_at - 43201 WHERE name = 'vic' AND hash LIKE 'session:%'"
req expired -H "Cookie: ct_session=$vstok" "$cbase/session"
[ "$code" = 401 ] && py "j['message'] == 'the session has ended: sign in again'" "$tmp/expired" && ok || bad "expired session: $code"
grep -q ' ann PATCH /tmf-api/troubleTicket/v4/troubleTicket/1 403 ' "$tmp/log5" &&
	grep -q ' - POST /session 401 ' "$tmp/log5" && ok || bad "sessions' log lines"
kill -TERM "$pid"
wait "$pid" && ok || bad "console sessions' server stop"
pid=

# HTTPS with --cert and --key (a self-signed certificate made here).
if command -v openssl >/dev/null 2>&1 &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 2 \
		-subj /CN=127.0.0.1 >/dev/null 2>&1; then
	"$bin" serve --listen 127.0.0.1:0 --cert "$tmp/cert.pem" --key "$tmp/key.pem" 2>"$tmp/log3" &
	pid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		grep -q 'listening on' "$tmp/log3" 2>/dev/null && break
		sleep 0.5
	done
	port3=$(sed -n 's/^celltriage serve: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$tmp/log3")
	code=$(curl -s -o "$tmp/tls" -w '%{http_code}' --cacert "$tmp/cert.pem" -H "$auth" \
		"https://127.0.0.1:$port3/tmf-api/troubleTicket/v4/troubleTicket/1")
	[ "$code" = 200 ] && py "j['id'] == '1'" "$tmp/tls" && ok || bad "HTTPS: $code $(cat "$tmp/log3")"
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port3/openapi.json")
	[ "$code" != 200 ] && ok || bad "plain HTTP answered on the HTTPS port"
	# Over TLS the session cookie is Secure.
	req tlsin --cacert "$tmp/cert.pem" -H "Content-Type: application/json" \
		-d '{"name":"ann","password":"correct horse"}' "https://127.0.0.1:$port3/session"
	[ "$code" = 200 ] && hdr Set-Cookie tlsin | grep -q '; HttpOnly; SameSite=Strict; Secure$' && ok ||
		bad "TLS session cookie: $code $(hdr Set-Cookie tlsin)"
	kill -TERM "$pid"
	wait "$pid" && ok || bad "HTTPS server stop"
	pid=
else
	echo "notice: no openssl: HTTPS not tested"
fi
"$bin" serve --cert "$tmp/pw" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q -- '--cert and --key go together' "$tmp/err" && ok || bad "--cert alone: $(cat "$tmp/err")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
