#!/bin/sh
# noc2.sh: the NOC's monitoring (hotspots, knowledge, customers, monthly
# figures) through the command line,
# with a fake clock (--now): hotspot detection on a generated month (a planted
# burst is found with the p-value of an independent computation; the same
# month without it has none), --file-batch and new tickets joining a hot
# cell; knowledge linking (at filing and retroactively); customer profiles at
# filing and in ticket show; the monthly report against golden files
# (tests/noc2/report.{text,json,csv}; regenerate with REGEN=1 sh tests/noc2.sh
# after checking the change by hand) and against figures computed with jq;
# the deduction rule's cap edge; the HTML report being self-contained.
# On the backend CT_TEST_BACKEND names (tests/store-backend.sh).
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
golden=tests/noc2
export TZ=UTC
unset CELLTRIAGE_PROFILE
export USER=noc-test
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'backend_done; rm -rf "$tmp"' EXIT
. tests/store-backend.sh

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() {
	want=$1 what=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" = "$want" ] && ok || bad "$what: exit $got, want $want: $(cat "$tmp/err")"
}
same() { [ "$(cat "$2")" = "$1" ] && ok || bad "$3: got '$(cat "$2")', want '$1'"; }
has() { grep -qF -- "$1" "$2" && ok || bad "$3: '$1' not in: $(cat "$2")"; }
hasnt() { grep -qF -- "$1" "$2" && bad "$3: '$1' found in: $(cat "$2")" || ok; }
jget() { jq -r "$1" "$tmp/out"; }
# complaint ID MSISDN RECEIVED CELL [extra JSON members]
complaint() {
	printf '{"id":"%s","msisdn":"%s","phenomenon":"call_drop","rat":"gsm","received_at":"%s","location":{"cell":"%s"}%s}\n' \
		"$1" "$2" "$3" "$4" "${5:-}"
}

# ---- hotspots: a generated month ---------------------------------------
# 12 cells on 4 sites; each cell gets a complaint every 1..4 days (a fixed
# linear congruential sequence), 2026-10-29 .. 2026-11-28. The burst: 6
# complaints on 460-00-3-2 between 06:00 and 11:00 on 2026-11-29.
awk 'BEGIN {
	seed = 7; t0 = 1792886400   # 2026-10-29T00:00:00Z
	for (c = 0; c < 12; c++) {
		t = t0 + c * 7001
		while (t < 1795910400) {   # 2026-11-29T00:00:00Z
			n++
			printf "%d %s\n", t, "460-00-" int(c / 3) "-" (c % 3 + 1)
			seed = (seed * 1103515245 + 12345) % 2147483648
			t += 86400 + int(seed / 256) % (3 * 86400)
		}
	}
}' | sort -n >"$tmp/month.txt"
i=0
while read -r t cell; do
	i=$((i + 1))
	complaint "G$i" "1380000$(printf %04d $i)" "$(date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ)" "$cell"
done <"$tmp/month.txt" >"$tmp/month.jsonl"
for h in 06 07 08 09 10 11; do
	complaint "BURST$h" "1390000100$h" "2026-11-29T$h:05:00Z" 460-00-3-2
done >"$tmp/burst.jsonl"

export CELLTRIAGE_STORE="$(store quiet)"
expect 0 "file the quiet month" "$bin" ticket file --now 2026-11-29T12:00:00Z "$tmp/month.jsonl"
hasnt "hotspot:" "$tmp/out" "a quiet month marks no hot cell at filing"
for now in 2026-11-26T12:00:00Z 2026-11-27T12:00:00Z 2026-11-28T12:00:00Z 2026-11-29T12:00:00Z; do
	expect 0 "hotspots, quiet month, $now" "$bin" hotspots --now "$now" --format json
	same "[]" "$tmp/out" "quiet month at $now: no hotspot"
done
expect 0 "hotspots text, quiet" "$bin" hotspots --now 2026-11-29T12:00:00Z
has "no hotspots" "$tmp/out" "quiet text"

store_copy quiet hot
export CELLTRIAGE_STORE="$(store hot)"
expect 0 "file the burst" "$bin" ticket file --now 2026-11-29T12:00:00Z "$tmp/burst.jsonl"
first=$(head -1 "$tmp/out" | awk '{print $3}')
# The cell had 10 complaints in the 28 days before: the 4th complaint of
# the burst makes it hot at filing (4 against 0.39 expected: p = 0.00073).
[ "$(grep -c 'hotspot: Cell 460-00-3-2 is a hotspot' "$tmp/out")" = 3 ] && ok || bad "burst filing: $(cat "$tmp/out")"
expect 0 "hotspots json" "$bin" hotspots --now 2026-11-29T12:00:00Z --format json
[ "$(jget 'length')" = 1 ] && ok || bad "one hotspot: $(cat "$tmp/out")"
[ "$(jget '.[0].cell + " " + (.[0].count|tostring) + " " + .[0].level')" = "460-00-3-2 6 cell" ] && ok || bad "hot cell: $(jget '.[0]')"
want_ids=$(seq "$first" $((first + 5)) | paste -sd, -)
[ "$(jget '.[0].tickets | map(tostring) | join(",")')" = "$want_ids" ] && ok || bad "hot tickets: $(jget '.[0].tickets'), want $want_ids"
# Independently: the cell's baseline count (28 days before the window) from
# the generated data, expected = max(b, 1) / 28, p = sum of the Poisson
# mass from 6 upwards.
# The window is 2026-11-28T12:00:00Z (1795867200) .. 2026-11-29T12:00:00Z.
b=$(awk '$1 >= 1795867200 - 28 * 86400 && $1 < 1795867200 && $2 == "460-00-3-2"' "$tmp/month.txt" | wc -l)
w=$(awk '$1 >= 1795867200 && $2 == "460-00-3-2"' "$tmp/month.txt" | wc -l)
awk -v b="$b" -v k=$((w + 6)) -v got_mu="$(jget '.[0].baseline')" -v got_p="$(jget '.[0].p_value')" \
    -v got_b="$(jget '.[0].baseline_count')" -v got_k="$(jget '.[0].count')" 'BEGIN {
	mu = (b > 1 ? b : 1) / 28
	term = exp(-mu); for (i = 0; i < k; i++) term *= mu / (i + 1)
	for (i = k; i < k + 200; i++) { p += term; term *= mu / (i + 1) }
	d1 = got_mu / mu - 1; d2 = got_p / p - 1
	if (got_b != b || got_k != k || d1 > 1e-4 || d1 < -1e-4 || d2 > 1e-4 || d2 < -1e-4) {
		printf "b %s/%s k %s/%s mu %s/%.6g p %s/%.6g\n", got_b, b, got_k, k, got_mu, mu, got_p, p
		exit 1
	}
}' >"$tmp/pcheck" && ok || bad "p-value against the independent computation: $(cat "$tmp/pcheck")"
# --window 24h is the profile's default; --since the same start.
expect 0 "hotspots --window" "$bin" hotspots --now 2026-11-29T12:00:00Z --window 24h --format json
[ "$(jget '.[0].cell')" = 460-00-3-2 ] && ok || bad "--window 24h"
expect 0 "hotspots --since" "$bin" hotspots --now 2026-11-29T12:00:00Z --since 2026-11-28T12:00:00Z --format json
[ "$(jget '.[0].count')" = 6 ] && ok || bad "--since"
# A 2-hour window holds 2 of the burst: fewer than min_count 3.
expect 0 "hotspots 2h window" "$bin" hotspots --now 2026-11-29T12:00:00Z --window 2h --format json
same "[]" "$tmp/out" "2h window"
# Before the burst the cell is not hot.
expect 0 "hotspots before the burst" "$bin" hotspots --now 2026-11-29T06:00:00Z --format json
same "[]" "$tmp/out" "before the burst"
expect 1 "--since and --window" "$bin" hotspots --since 2026-11-28T00:00:00Z --window 2h
expect 1 "--by nonsense" "$bin" hotspots --by street
expect 1 "--format csv" "$bin" hotspots --format csv
# --file-batch files them; a new complaint of the hot cell joins the batch.
expect 0 "hotspots --file-batch" "$bin" hotspots --now 2026-11-29T12:00:00Z --file-batch --who noc
has "batch hot-460-00-3-2-2026-11-29: 6 tickets added" "$tmp/out" "batch filed"
expect 0 "batch show" "$bin" ticket batch show hot-460-00-3-2-2026-11-29 --format json
[ "$(jget '(.tickets | map(tostring) | join(",")) + " " + .cause')" = "$want_ids hotspot:cell:460-00-3-2" ] && ok || bad "batch: $(cat "$tmp/out")"
expect 0 "file-batch again adds none" "$bin" hotspots --now 2026-11-29T12:00:00Z --file-batch
has "batch hot-460-00-3-2-2026-11-29: 0 tickets added" "$tmp/out" "batch refiled"
complaint NEWHOT 13900009999 2026-11-29T11:30:00Z 460-00-3-2 >"$tmp/newhot.json"
expect 0 "file into the hot cell" "$bin" ticket file --now 2026-11-29T12:00:00Z "$tmp/newhot.json"
has "hotspot: Cell 460-00-3-2 is a hotspot: 7 complaints in the last 24h" "$tmp/out" "new ticket says the cell is hot"
has "batch: joined hot-460-00-3-2-2026-11-29" "$tmp/out" "new ticket joins the batch"
id=$(head -1 "$tmp/out" | awk '{print $3}')
expect 0 "show the new hot ticket" "$bin" ticket show "$id" --format json
[ "$(jget '.kind + " " + .batch + " " + ([.tags[] | select(. == "hotspot")] | length | tostring)')" = "batch hot-460-00-3-2-2026-11-29 1" ] && ok || bad "hot ticket kind/tags: $(jget '.kind, .batch, .tags')"
[ "$(jget '.verdict.actions[0] | startswith("Cell 460-00-3-2 is a hotspot")')" = true ] && ok || bad "hot ticket action: $(jget '.verdict.actions')"
# Filed again, the complaint is counted once: as it is now, not also as
# the store has it.
expect 0 "file the hot ticket again" "$bin" ticket file --now 2026-11-29T12:00:00Z "$tmp/newhot.json"
has "hotspot: Cell 460-00-3-2 is a hotspot: 7 complaints in the last 24h" "$tmp/out" "refiled ticket counted once"
complaint NEWCOLD 13900009998 2026-11-29T11:30:00Z 460-00-1-1 >"$tmp/newcold.json"
expect 0 "file into a quiet cell" "$bin" ticket file --now 2026-11-29T12:00:00Z --format json "$tmp/newcold.json"
[ "$(jget '.hotspot')" = null ] && ok || bad "quiet cell: $(cat "$tmp/out")"

# A hot cell inside a hot area: the cell's batch keeps its 6 tickets, the
# area's takes the other 2; every batch holds what its line says.
export CELLTRIAGE_STORE="$(store hb)"
for i in 1 2 3 4 5 6 7 8; do
	cell=460-00-9-1
	[ "$i" -le 6 ] || cell=460-00-9-2
	complaint "HB$i" "1390000000$i" "2026-11-29T0$i:00:00Z" "$cell"
done >"$tmp/hb.jsonl"
expect 0 "file a burst in a hot area" "$bin" ticket file --now 2026-11-29T10:00:00Z "$tmp/hb.jsonl"
expect 0 "file-batch, a cell in an area" "$bin" hotspots --now 2026-11-29T12:00:00Z --file-batch
has "batch hot-460-00-9-1-2026-11-29: 6 tickets added" "$tmp/out" "the cell's batch"
has "batch hot-460-00-9-2026-11-29: 2 tickets added" "$tmp/out" "the area's batch"
grep '^batch ' "$tmp/out" >"$tmp/hb.lines"
while read -r _ b n _; do
	b=${b%:}
	expect 0 "batch show $b" "$bin" ticket batch show "$b" --format json
	[ "$(jq '.tickets | length' "$tmp/out")" = "$n" ] && ok || bad "batch $b: said $n, holds $(jq -c '.tickets' "$tmp/out")"
done <"$tmp/hb.lines"

# ---- knowledge ----------------------------------------------------------
export CELLTRIAGE_STORE="$(store k)"
complaint KA 13800001001 2026-11-10T08:00:00Z 460-00-77-1 >"$tmp/ka.json"
expect 0 "file before the knowledge" "$bin" ticket file --now 2026-11-10T09:00:00Z "$tmp/ka.json"
expect 0 "knowledge add (area)" "$bin" knowledge add --area 460-00-77 --from 2026-11-10T00:00:00Z \
	--to 2026-11-11T00:00:00Z --restore 2026-11-11T06:00:00Z --what "site 77 antenna swap" \
	--who planner --now 2026-11-10T10:00:00Z
same "knowledge 1 recorded; 1 ticket already filed linked to it" "$tmp/out" "retroactive link"
expect 0 "history of the linked ticket" "$bin" ticket history 1 --format json
[ "$(jget '.[1].action + " " + .[1].who + " " + (.[1].rev|tostring)')" = "known planner 2" ] && ok || bad "known event: $(cat "$tmp/out")"
complaint KB 13800001002 2026-11-10T12:00:00Z 460-00-77-3 >"$tmp/kb.json"
complaint KC 13800001003 2026-11-12T12:00:00Z 460-00-77-3 >"$tmp/kc.json"
complaint KD 13800001004 2026-11-10T12:00:00Z 460-00-78-1 >"$tmp/kd.json"
expect 0 "file in its place and time" "$bin" ticket file --now 2026-11-10T13:00:00Z "$tmp/kb.json"
has "  known: Known planned work #1 on area 460-00-77 (site 77 antenna swap, 2026-11-10T08:00:00+08:00 to 2026-11-11T08:00:00+08:00): tell the customer service is promised back by 2026-11-11T14:00:00+08:00" "$tmp/out" "filing says known"
expect 0 "show the linked ticket" "$bin" ticket show 2 --format json
[ "$(jget '[.tags[] | select(. == "known:1")] | length')" = 1 ] && ok || bad "known tag: $(jget '.tags')"
[ "$(jget '.verdict.actions[0] | startswith("Known planned work #1")')" = true ] && ok || bad "known action: $(jget '.verdict.actions')"
# The tree's cause is kept.
"$bin" diagnose --format json "$tmp/kb.json" >"$tmp/d.json"
[ "$(jget '.cause')" = "$(jq -r .cause "$tmp/d.json")" ] && ok || bad "cause kept"
expect 0 "file after the span" "$bin" ticket file --now 2026-11-12T13:00:00Z --format json "$tmp/kc.json"
[ "$(jget '.known | length')" = 0 ] && ok || bad "after the span linked: $(cat "$tmp/out")"
expect 0 "file on another site" "$bin" ticket file --now 2026-11-10T13:00:00Z --format json "$tmp/kd.json"
[ "$(jget '.known | length')" = 0 ] && ok || bad "other site linked: $(cat "$tmp/out")"
expect 0 "knowledge add (cell)" "$bin" knowledge add --cell 460-00-78-1 --from 2026-11-10T00:00:00Z \
	--to 2026-11-10T23:00:00Z --what "power work" --now 2026-11-10T14:00:00Z --format json
same '{"id":2,"linked":1}' "$tmp/out" "cell knowledge links KD"
expect 0 "knowledge list" "$bin" knowledge list --format json
[ "$(jget '(map(.linked|tostring) | join(",")) + " " + .[0].area + " " + .[1].cell + " " + .[0].restore')" = "2,1 460-00-77 460-00-78-1 2026-11-11T14:00:00+08:00" ] && ok || bad "knowledge list: $(cat "$tmp/out")"
expect 1 "knowledge with both places" "$bin" knowledge add --cell a-1 --area a --from 2026-11-10T00:00:00Z --to 2026-11-11T00:00:00Z --what x
expect 1 "knowledge without --what" "$bin" knowledge add --cell a-1 --from 2026-11-10T00:00:00Z --to 2026-11-11T00:00:00Z
expect 1 "knowledge ending before it begins" "$bin" knowledge add --cell a-1 --from 2026-11-11T00:00:00Z --to 2026-11-10T00:00:00Z --what x
expect 1 "knowledge bad time" "$bin" knowledge add --cell a-1 --from yesterday --to 2026-11-10T00:00:00Z --what x

# ---- customer profile ---------------------------------------------------
export CELLTRIAGE_STORE="$(store c)"
expect 0 "customer set" "$bin" customer set 13800002001 --sensitive yes --contact "SMS only, after 18:00" \
	--note "journalist; wants a written answer" --who alice --now 2026-11-05T09:00:00Z
same "customer 13800002001 updated" "$tmp/out" "customer set output"
complaint CU1 13800002001 2026-11-06T08:00:00Z 460-00-9-1 >"$tmp/cu1.json"
expect 0 "file from a known customer" "$bin" ticket file --now 2026-11-06T08:30:00Z "$tmp/cu1.json"
cat >"$tmp/want" <<'EOF'
  customer 13800002001: SENSITIVE; 1 complaint on record; preferred contact: SMS only, after 18:00
  note: 2026-11-05 alice: journalist; wants a written answer
EOF
tail -2 "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" && ok || bad "customer at filing: $(cat "$tmp/out")"
expect 0 "ticket show has the customer" "$bin" ticket show 1 --now 2026-11-06T09:00:00Z
has "Customer" "$tmp/out" "show section"
has "customer 13800002001: SENSITIVE" "$tmp/out" "show customer line"
expect 0 "ticket show --mask" "$bin" ticket show 1 --now 2026-11-06T09:00:00Z --mask --format json
[ "$(jget '.customer.msisdn + " " + .msisdn + " " + (.customer.sensitive|tostring)')" = "138******01 138******01 true" ] && ok || bad "masked show: $(jget '.customer')"
# Numbers in the customer's contact and notes are masked too.
expect 0 "customer set numbers" "$bin" customer set 13800002003 --contact "call 13912345678 or 0755-87654321" \
	--note "IMSI 460009876543210, floor 12" --who bob --now 2026-11-05T09:00:00Z
expect 0 "customer show --mask" "$bin" customer show 13800002003 --mask --now 2026-11-06T09:00:00Z
cat >"$tmp/want" <<'EOF'
customer 138******03: 0 complaints on record; preferred contact: call 139******78 or 0755-876***21
  note: 2026-11-05 bob: IMSI 460**********10, floor 12
EOF
cmp -s "$tmp/want" "$tmp/out" && ok || bad "customer show --mask: $(cat "$tmp/out")"
expect 0 "customer show --mask json" "$bin" customer show 13800002003 --mask --format json --now 2026-11-06T09:00:00Z
[ "$(jget '.contact + " | " + .notes[0]')" = "call 139******78 or 0755-876***21 | 2026-11-05 bob: IMSI 460**********10, floor 12" ] &&
	ok || bad "customer show --mask json: $(cat "$tmp/out")"
complaint CU2 13800002001 2026-11-08T08:00:00Z 460-00-9-1 >"$tmp/cu2.json"
expect 0 "the customer again (repeat)" "$bin" ticket file --now 2026-11-08T08:30:00Z --format json "$tmp/cu2.json"
[ "$(jget '.customer | (.repeat_complainer|tostring) + " " + (.complaints|tostring) + " " + (.repeats|tostring) + " " + .contact')" = "true 2 1 SMS only, after 18:00" ] && ok || bad "repeat complainer: $(cat "$tmp/out")"
# Derived only: an unknown number with two complaints.
complaint CV1 13800002002 2026-11-08T08:00:00Z 460-00-9-1 >"$tmp/cv1.json"
expect 0 "unknown number, first" "$bin" ticket file --now 2026-11-09T09:00:00Z "$tmp/cv1.json"
hasnt "customer" "$tmp/out" "nothing to show for a first complaint"
expect 0 "customer show (derived)" "$bin" customer show 13800002002 --now 2026-11-09T09:00:00Z --format json
[ "$(jget '(.known|tostring) + " " + (.repeat_complainer|tostring) + " " + (.complaints|tostring)')" = "false false 1" ] && ok || bad "derived one: $(cat "$tmp/out")"
expect 0 "customer set --repeat" "$bin" customer set 13800002002 --repeat yes --now 2026-11-09T10:00:00Z
expect 0 "customer show text" "$bin" customer show 13800002002 --now 2026-11-09T10:00:00Z
same "customer 13800002002: repeat complainer (recorded; 1 complaint, 1 recent, 0 repeats)" "$tmp/out" "recorded repeat"
expect 1 "customer bad number" "$bin" customer set 12ab --sensitive yes
expect 1 "customer set nothing" "$bin" customer set 13800002002
expect 1 "customer bad flag" "$bin" customer set 13800002002 --sensitive maybe
expect 2 "customer show, no store" env CELLTRIAGE_STORE="$(store_absent none)" "$bin" customer show 13800002002

# ---- monthly report -----------------------------------------------------
# A known store: 8 complaints in November 2026, one in October, one in
# December, each filed 5 minutes after it was received. Channels: hotline
# x3, store x2, app, regulator x2 (appeals); R8 is R2's subscriber again
# (a repeat). Subscribers 20,000. Every figure of the golden files was
# checked by hand against this list (see the comments below).
export CELLTRIAGE_STORE="$(store r)"
# filec ID MSISDN RECEIVED CELL EXTRA FILED
filec() {
	complaint "$1" "$2" "$3" "$4" "$5" >"$tmp/one.json"
	"$bin" ticket file --now "$6" "$tmp/one.json" >/dev/null 2>"$tmp/err" || bad "file $1: $(cat "$tmp/err")"
}
filec R1 13800003001 2026-11-02T08:00:00Z 460-00-1-1 ', "channel":"hotline", "account":{"arrears":true}' 2026-11-02T08:05:00Z
filec R2 13800003002 2026-11-03T08:00:00Z 460-00-1-1 ', "channel":"hotline"' 2026-11-03T08:05:00Z
filec R3 13800003003 2026-11-03T09:00:00Z 460-00-1-2 ', "channel":"store", "terminal":{"unbranded":true}' 2026-11-03T09:05:00Z
filec R4 13800003004 2026-11-10T10:00:00Z 460-00-2-1 ', "channel":"store"' 2026-11-10T10:05:00Z
filec R5 13800003005 2026-11-15T11:00:00Z 460-00-2-1 ', "channel":"app"' 2026-11-15T11:05:00Z
filec R6 13800003006 2026-11-20T12:00:00Z 460-00-2-1 ', "channel":"regulator"' 2026-11-20T12:05:00Z
filec R7 13800003007 2026-11-21T12:00:00Z 460-00-3-1 ', "channel":"regulator"' 2026-11-21T12:05:00Z
filec R8 13800003002 2026-11-25T08:00:00Z 460-00-1-1 ', "channel":"hotline"' 2026-11-25T08:05:00Z
filec R9 13800003009 2026-10-20T08:00:00Z 460-00-1-1 ', "channel":"regulator"' 2026-10-20T08:05:00Z
filec R10 13800003010 2026-12-01T08:00:00Z 460-00-1-1 ', "channel":"hotline"' 2026-12-01T08:05:00Z
ct() { "$bin" ticket "$@" >/dev/null 2>"$tmp/err" || bad "ticket $*: $(cat "$tmp/err")"; }
# R1: its whole life in time (dispatch 5 min after filing, reply after 1 h,
# feedback 30 min later). R2: dispatched 20 min after filing (late; its
# handling still runs at the month's end). R5: in time, closed as invalid.
# R6, R7 (November) and R9 (October): appeals dispatched to core on the
# 30th, late. R3, R4, R8 never dispatched (the dispatch stage runs overdue).
ct dispatch 1 --department radio --person li --now 2026-11-02T08:10:00Z
ct handle 1 --now 2026-11-02T08:20:00Z
ct reply 1 --cause arrears --result "paid" --now 2026-11-02T09:00:00Z
ct feedback 1 --satisfaction satisfied --now 2026-11-02T09:30:00Z
ct close 1 --now 2026-11-02T09:40:00Z
ct dispatch 2 --department radio --person li --now 2026-11-03T08:25:00Z
for t in 6 7 9; do ct dispatch $t --department core --person wang --now 2026-11-30T00:00:00Z; done
ct dispatch 5 --department radio --person li --now 2026-11-15T11:05:00Z
ct handle 5 --now 2026-11-15T11:10:00Z
ct reply 5 --cause "phone settings" --result "explained" --now 2026-11-15T12:00:00Z
ct feedback 5 --satisfaction satisfied --now 2026-11-15T12:30:00Z
ct close 5 --invalid --evidence "APN set wrong by the user" --now 2026-11-15T12:40:00Z
# By hand: 8 complaints = 4.00 per 10k (target 25: met); valid channel R3,
# R4, R6, R7 = 4 = 2.00 per 10k (R5 invalid, R1 R2 R8 hotline; target 1:
# missed); repeat R8 = 1; appeals R6 R7 = 2; grades: 2 (regulator) x2, 3 x6;
# register 8/8 in time; dispatch finished R1 R2 R5 R6 R7, in time R1 R5,
# running overdue R3 R4 R8; handle R1 R5 in time, running overdue R2 R6 R7;
# reply R1 R5 in time, running overdue the other 6; feedback R1 R5 in time.
# Core: 2 this month, 3 this year (cap 3): 0.1 x 3 = 0.30.
for f in text json csv; do
	expect 0 "report $f" "$bin" ticket report --month 2026-11 --subscribers 20000 --format $f
	if [ "${REGEN:-}" = 1 ]; then
		cp "$tmp/out" "$golden/report.$f"
	fi
	cmp -s "$tmp/out" "$golden/report.$f" && ok || { bad "report $f differs from $golden/report.$f:"; diff "$golden/report.$f" "$tmp/out" | head -20; }
done
# The figures against jq over the tickets themselves.
"$bin" ticket list --format json >"$tmp/list.json"
expect 0 "report json" "$bin" ticket report --month 2026-11 --subscribers 20000 --format json
nov='[.[] | select(.received_at >= "2026-11-01" and .received_at < "2026-12-01")]'
[ "$(jget .total)" = "$(jq "$nov | length" "$tmp/list.json")" ] && ok || bad "total"
[ "$(jget .targets.appeal.count)" = "$(jq "$nov | map(select(.kind == \"appeal\")) | length" "$tmp/list.json")" ] && ok || bad "appeals"
[ "$(jget .targets.repeat.count)" = "$(jq "$nov | map(select(.kind == \"repeat\")) | length" "$tmp/list.json")" ] && ok || bad "repeats"
[ "$(jget '.targets.complaints.per_10k')" = "$(jq "$nov | length * 10000 / 20000" "$tmp/list.json")" ] && ok || bad "per 10k: $(jget .targets.complaints)"
[ "$(jget '[.by_cause[].count] | add')" = "$(jget .total)" ] && ok || bad "by cause adds up"
[ "$(jget '[.by_day[]] | add')" = "$(jget .total)" ] && ok || bad "by day adds up"
# Core: appeals R6, R7 (November) and R9 (October): 3 in the year, at the
# cap: 0.1 x (2 + 1) = 0.3.
[ "$(jget '.deductions[] | select(.department == "core") | "\(.month_count) \(.year_count) \(.yearly_deduction) \(.over_cap)"')" = "2 3 0.3 false" ] && ok || bad "core within the cap: $(jget .deductions)"
# One more core appeal in November: 4 > 3: 5 + 0.5 x 1.
filec R11 13800003011 2026-11-28T08:00:00Z 460-00-3-1 ', "channel":"consumer_council"' 2026-11-28T08:05:00Z
ct dispatch 11 --department core --person wang --now 2026-11-30T00:00:00Z
expect 0 "report over the cap" "$bin" ticket report --month 2026-11 --format json
[ "$(jget '.deductions[] | select(.department == "core") | "\(.month_count) \(.year_count) \(.yearly_deduction) \(.over_cap)"')" = "3 4 5.5 true" ] && ok || bad "core over the cap: $(jget .deductions)"
[ "$(jget '.subscribers')" = null ] && [ "$(jget '.targets.complaints.met')" = null ] && ok || bad "no subscribers: no rate"
# HTML: one self-contained file.
expect 0 "report html" "$bin" ticket report --month 2026-11 --subscribers 20000 --format html
has "<svg" "$tmp/out" "html has charts"
has "</html>" "$tmp/out" "html complete"
for x in "http:" "https:" "src=" "<link" "<script" "@import" "url("; do
	hasnt "$x" "$tmp/out" "html self-contained ($x)"
done
expect 1 "report without --month" "$bin" ticket report
expect 1 "report bad month" "$bin" ticket report --month 2026-13
has "celltriage ticket report: --month: '2026-13' is not a month (YYYY-MM, e.g. 2026-11)" "$tmp/err" \
	"a bad month named"
expect 1 "report bad format" "$bin" ticket report --month 2026-11 --format xml
expect 1 "report bad subscribers" "$bin" ticket report --month 2026-11 --subscribers many

echo "noc2 ($backend): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
