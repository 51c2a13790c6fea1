#!/bin/sh
# time.sh: local time and one clock per stage through the command line —
# times shown in the profile's zone with their offset (--tz overrides it,
# an unknown zone is refused), a zone-less received_at read in the zone with
# a notice, the progress report three working days on (a Friday complaint:
# Wednesday), a holiday and a swapped workday from a profile, and ticket
# show's Deadlines and Stages, list --overdue and --due-within naming the
# same stage with the same time for a ticket not dispatched yet.
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect STATUS DESCRIPTION CMD...: stdout in $tmp/out, stderr in $tmp/err.
expect() {
	want=$1 what=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" = "$want" ] && ok || bad "$what: exit $got, want $want: $(cat "$tmp/err")"
}
# same TEXT FILE DESCRIPTION: FILE is exactly TEXT.
same() { [ "$(cat "$2")" = "$1" ] && ok || bad "$3: got '$(cat "$2")', want '$1'"; }
# line PATTERN FILE DESCRIPTION: the first line matching PATTERN, exactly.
line() { grep -m1 -- "$1" "$2" >"$tmp/line"; same "$3" "$tmp/line" "$4"; }
jget() { jq -r "$1" "$tmp/out"; }
db="$tmp/t.db"
ct() { "$bin" ticket "$@" --store "$db"; }

# ---- a Friday complaint (09:40 in Shanghai), filed on Monday ----------------
# Received Friday 2026-11-20T09:40:00+08:00; filed Monday 17:00 local.
expect 0 "file" ct file --now 2026-11-23T09:00:00Z captures/complaints/attach-rejected.json
expect 0 "show" ct show 1 --now 2026-11-23T12:00:00Z
line "^  received" "$tmp/out" "  received     2026-11-20T09:40:00+08:00" "received in the zone"
line "^  filed" "$tmp/out" "  filed        2026-11-23T17:00:00+08:00" "filed in the zone"
# Deadlines: dispatch 15 min from filing, as its stage clock; reply 3 h
# from receipt; the progress report three working days on: Wednesday.
line "^  dispatch  " "$tmp/out" "  dispatch         2026-11-23T17:15:00+08:00" "dispatch deadline from filing"
line "^  reply  " "$tmp/out" "  reply            2026-11-20T12:40:00+08:00" "reply deadline from receipt"
line "^  progress_report" "$tmp/out" "  progress_report  2026-11-25T09:40:00+08:00" "progress report: Friday + 3 working days"
line "^  revisit_from" "$tmp/out" "  revisit_from     2026-11-25T09:40:00+08:00" "revisit: calendar days"
line "^Stages" "$tmp/out" "Stages (time used against the limit, at 2026-11-23T20:00:00+08:00)" "stages at now, in the zone"
line "^  dispatch  used" "$tmp/out" "  dispatch  used 3h00m   of 15m     over by 2h45m, running" "dispatch clock from filing"

# ---- one clock: show, list --overdue and --due-within agree ---------------
expect 0 "show json" ct show 1 --format json --now 2026-11-23T12:00:00Z
dl=$(jget '.deadlines.dispatch')
st=$(jget '[.stages[] | select(.stage == "dispatch")][0] | "\(.used_s) \(.limit_s)"')
[ "$dl $st" = "2026-11-23T17:15:00+08:00 10800 900" ] && ok || bad "show json: deadline $dl, stage $st"
expect 0 "overdue" ct list --overdue --format json --now 2026-11-23T12:00:00Z
[ "$(jget '[.[] | "\(.id):\(.stage):\(.overdue_by_s)"] | join(" ")')" = "1:dispatch:9900" ] \
	&& ok || bad "overdue names dispatch: $(cat "$tmp/out")"
expect 0 "overdue text" ct list --overdue --now 2026-11-24T12:00:00Z
line "^ *1 " "$tmp/out" "    1   3  accepted    dispatch  over 26h45m  undetermined/needs_test    -" "overdue text: dispatch"
# Before the dispatch falls due: --due-within names it with the time left.
expect 0 "due within" ct list --due-within 30m --format json --now 2026-11-23T09:05:00Z
[ "$(jget '[.[] | "\(.id):\(.stage):\(.overdue_by_s)"] | join(" ")')" = "1:dispatch:-600" ] \
	&& ok || bad "due within names dispatch: $(cat "$tmp/out")"
expect 0 "not yet overdue" ct list --overdue --format json --now 2026-11-23T09:05:00Z
same "[]" "$tmp/out" "nothing overdue before the dispatch is due"
# Dispatched: the handle deadlines are the department's clock, from the
# dispatch (2 h handling, 15 min return), in the list and the stages alike.
expect 0 "dispatch" ct dispatch 1 --department radio --now 2026-11-23T09:30:00Z
expect 0 "show dispatched" ct show 1 --format json --now 2026-11-23T12:00:00Z
[ "$(jget '.deadlines.handle + " " + .deadlines.return')" = "2026-11-23T19:30:00+08:00 2026-11-23T19:45:00+08:00" ] \
	&& ok || bad "handle deadlines from the dispatch: $(jget '.deadlines')"
[ "$(jget '[.stages[] | select(.stage == "handle")][0] | "\(.used_s) \(.limit_s)"')" = "9000 8100" ] \
	&& ok || bad "handle stage: $(jget '.stages')"
# ... and the same deadlines in what the store keeps: the export and the
# TMF621 resource read them, not only show.
expect 0 "export dispatched" ct export --complaint C20261120-0042
[ "$(jget '.[0].deadlines.handle + " " + .[0].deadlines.return')" = "2026-11-23T19:30:00+08:00 2026-11-23T19:45:00+08:00" ] \
	&& ok || bad "export's handle deadlines from the dispatch: $(jget '.[0].deadlines')"
expect 0 "tmf621 dispatched" ct export --format tmf621 --complaint C20261120-0042
[ "$(jget '.[0].troubleTicketCharacteristic[] | select(.name == "deadlines") | .value.handle')" = "2026-11-23T19:30:00+08:00" ] \
	&& ok || bad "TMF621 handle deadline from the dispatch: $(cat "$tmp/out")"
expect 0 "overdue handle" ct list --overdue --format json --now 2026-11-23T12:00:00Z
[ "$(jget '[.[] | "\(.id):\(.stage):\(.overdue_by_s)"] | join(" ")')" = "1:handle:900" ] \
	&& ok || bad "overdue names handle: $(cat "$tmp/out")"

# A store whose due columns an earlier rule computed (the stage due first:
# reply) is answered from the histories, and recomputed by the next write.
sqlite3 "$db" "UPDATE store_meta SET value = substr(value, length('rule 2;') + 1) WHERE key = 'due_limits';
	UPDATE tickets SET due_stage = 'reply', due_at = 0 WHERE id = 1;"
expect 0 "overdue, old columns" ct list --overdue --format json --now 2026-11-23T12:00:00Z
[ "$(jget '[.[] | "\(.id):\(.stage)"] | join(" ")')" = "1:handle" ] \
	&& ok || bad "old columns not read: $(cat "$tmp/out")"
expect 0 "a write" ct handle 1 --now 2026-11-23T09:40:00Z
[ "$(sqlite3 "$db" "SELECT due_stage || ' ' || (substr((SELECT value FROM store_meta WHERE key = 'due_limits'), 1, 7) = 'rule 2;') FROM tickets WHERE id = 1")" = "handle 1" ] \
	&& ok || bad "columns recomputed: $(sqlite3 "$db" "SELECT due_stage FROM tickets")"

# ---- --tz and the profile's zone ---------------------------------------------
expect 0 "show --tz" ct show 1 --tz Europe/Berlin --now 2026-11-23T12:00:00Z
line "^  received" "$tmp/out" "  received     2026-11-20T02:40:00+01:00" "--tz Europe/Berlin"
expect 0 "show --tz UTC" ct show 1 --tz UTC --now 2026-11-23T12:00:00Z
line "^  received" "$tmp/out" "  received     2026-11-20T01:40:00Z" "--tz UTC: Z"
expect 1 "unknown --tz" ct show 1 --tz Mars/Olympus
same "celltriage: --tz: 'Mars/Olympus' is not a time zone (no zone file /usr/share/zoneinfo/Mars/Olympus)" \
	"$tmp/err" "unknown --tz refused"
# TZ in the environment changes nothing.
TZ=America/New_York "$bin" ticket show 1 --store "$db" --now 2026-11-23T12:00:00Z >"$tmp/out" 2>&1
line "^  received" "$tmp/out" "  received     2026-11-20T09:40:00+08:00" "TZ is not read"
cat >"$tmp/berlin.cfg" <<'CFG'
version = 1;
time: { zone = "Europe/Berlin"; };
CFG
expect 0 "profile zone" ct show 1 --profile "$tmp/berlin.cfg" --now 2026-11-23T12:00:00Z
line "^  received" "$tmp/out" "  received     2026-11-20T02:40:00+01:00" "the profile's zone"
cat >"$tmp/badzone.cfg" <<'CFG'
version = 1;
time: { zone = "Europe/Atlantis"; };
CFG
expect 2 "bad zone" ct show 1 --profile "$tmp/badzone.cfg"
same "celltriage: $tmp/badzone.cfg:2: time.zone: \"Europe/Atlantis\" is not a time zone (an IANA name with a file under /usr/share/zoneinfo)" \
	"$tmp/err" "unknown profile zone refused"

# ---- holidays and swapped workdays -----------------------------------------
# Received Tuesday 2026-09-29 10:00 local; 1-7 October off, Saturday 10
# October worked: 3 working days = 30 September, 8 and 9 October.
cat >"$tmp/cn.cfg" <<'CFG'
version = 1;
time: {
  holidays = [ "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07" ];
  workdays = [ "2026-10-10" ];
};
CFG
printf '{"id":"H1","received_at":"2026-09-29T10:00:00+08:00","msisdn":"8613600000001","phenomenon":"no_access"}\n' >"$tmp/h1.json"
expect 0 "file with holidays" ct file --profile "$tmp/cn.cfg" --now 2026-09-29T03:00:00Z "$tmp/h1.json"
expect 0 "show holidays" ct show 2 --profile "$tmp/cn.cfg"
line "^  progress_report" "$tmp/out" "  progress_report  2026-10-09T10:00:00+08:00" "holidays skipped"
printf '{"id":"H2","received_at":"2026-10-09T10:00:00+08:00","msisdn":"8613600000002","phenomenon":"no_access"}\n' >"$tmp/h2.json"
expect 0 "file before a swapped Saturday" ct file --profile "$tmp/cn.cfg" --now 2026-10-09T03:00:00Z "$tmp/h2.json"
expect 0 "show swapped" ct show 3 --profile "$tmp/cn.cfg"
line "^  progress_report" "$tmp/out" "  progress_report  2026-10-13T10:00:00+08:00" "a swapped Saturday worked"
cat >"$tmp/baddate.cfg" <<'CFG'
version = 1;
time: { holidays = [ "2026-13-01" ]; };
CFG
expect 2 "bad holiday" ct show 1 --profile "$tmp/baddate.cfg"
same "celltriage: $tmp/baddate.cfg:2: time.holidays[0]: \"2026-13-01\" is not a date (YYYY-MM-DD)" \
	"$tmp/err" "a malformed holiday refused"
expect 0 "profile show" "$bin" profile show --profile "$tmp/cn.cfg"
line "^time.workdays" "$tmp/out" "time.workdays = [ \"2026-10-10\" ];                         # $tmp/cn.cfg:4" "profile show: where it came from"

# ---- a zone-less received_at: read in the zone, with a notice ----------------
printf '{"id":"Z1","received_at":"2026-11-20T09:15:00","msisdn":"8613600000003","phenomenon":"no_access"}\n' >"$tmp/z.json"
expect 0 "zone-less" ct file --now 2026-11-23T09:00:00Z "$tmp/z.json"
same "celltriage: notice: $tmp/z.json: received_at: \"2026-11-20T09:15:00\" has no UTC offset: read as 2026-11-20T09:15:00+08:00 (Asia/Shanghai); so is every zone-less time of this file" \
	"$tmp/err" "zone-less notice"
expect 0 "zone-less shown" ct show 4 --format json
[ "$(jget '.received_at')" = "2026-11-20T09:15:00+08:00" ] && ok || bad "zone-less read in the zone: $(jget '.received_at')"

echo "time: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
