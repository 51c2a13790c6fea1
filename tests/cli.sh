#!/bin/sh
# cli.sh: the command line's contract — exit statuses, one-line errors that
# name the file and the position or field, batches that go on past a bad
# record, --help on every command. Runs the sanitizer build by default
# (CELLTRIAGE=path picks another binary).
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
B=tests/bad-input
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# check NAME EXIT EXPECTED_STDERR ARGS... : exit status and the whole of stderr.
check() {
	name=$1 want_rc=$2 want_err=$3
	shift 3
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	got_err=$(cat "$tmp/err")
	if [ "$rc" -eq "$want_rc" ] && [ "$got_err" = "$want_err" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name: exit $rc (want $want_rc)"
		echo "  stderr: $got_err"
		echo "  want:   $want_err"
	fi
}

# stdout_is NAME EXPECTED ARGS... : the whole of stdout (after check).
stdout_lines() {
	name=$1 want=$2
	got=$(wc -l <"$tmp/out" | tr -d ' ')
	if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: $name: $got lines on stdout, want $want"; fi
}

check malformed-json 2 "celltriage: $B/malformed.json:3:1: string or '}' expected near '}'" \
	diagnose $B/malformed.json
check truncated-json 2 "celltriage: $B/truncated.json:1:76: premature end of input near '\"measurem'" \
	diagnose $B/truncated.json
check wrong-type 2 "celltriage: $B/wrong-type.json: measurements.signal_dbm: expected a number, got \"strong\"" \
	diagnose $B/wrong-type.json
check wrong-type-bool 2 "celltriage: $B/test-not-works-fails.json: field_tests.test_sim_on_site: expected a string, got a boolean" \
	diagnose $B/test-not-works-fails.json
check unknown-enum 2 "celltriage: $B/unknown-enum.json: phenomenon: \"teleport\" is not one of no_access, call_drop, data_drop, slow_data, no_signal, sms_fail, voice_quality" \
	diagnose $B/unknown-enum.json
check enum-any-case 0 "" diagnose --format json $B/enum-any-case.json
grep -q '"cause":"core/subscriber_data"' "$tmp/out" && grep -q '"rat:lte"' "$tmp/out" &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: enum-any-case: LTE, EMM not read as lte, emm"; }
check signal-plus20 2 "celltriage: $B/signal-plus20.json: measurements.signal_dbm: 20 is out of range -150..-10 dBm" \
	diagnose --format json $B/signal-plus20.json
stdout_lines signal-plus20-no-output 0
check signal-minus500 2 "celltriage: $B/signal-minus500.json: measurements.signal_dbm: -500 is out of range -150..-10 dBm" \
	diagnose $B/signal-minus500.json
check missing-field 2 "celltriage: $B/no-msisdn.json: msisdn: required field is missing" \
	diagnose $B/no-msisdn.json
check missing-file 2 "celltriage: $B/nonexistent.json: No such file or directory" \
	diagnose $B/nonexistent.json
check array-element 2 "celltriage: $B/array-non-object.json: [1]: complaint: expected an object, got a number
celltriage diagnose: 1 complaint diagnosed, 1 rejected" \
	diagnose --format json $B/array-non-object.json
check array-missing-comma 2 "celltriage: $B/array-missing-comma.json:4:3: ',' or ']' expected after complaint [1], got '{'" \
	diagnose --format json $B/array-missing-comma.json
stdout_lines array-missing-comma-nothing-read 0
check batch-bad-line 2 "celltriage: $B/batch-bad-line.jsonl:2: measurements.interference_grade: 9 is out of range 0..5
celltriage diagnose: 2 complaints diagnosed, 1 rejected" \
	diagnose --format json $B/batch-bad-line.jsonl
stdout_lines batch-bad-line-rest-go-through 2
check extra-fields-refused 2 "celltriage: $B/extra-fields.json: future_field: unknown key" \
	diagnose --format json $B/extra-fields.json
stdout_lines extra-fields-no-output 0
check misspelt-key 2 "celltriage: $B/misspelt-key.json: measurments: unknown key (did you mean \"measurements\"?)" \
	diagnose $B/misspelt-key.json
check batch-unknown-key 2 "celltriage: $B/batch-unknown-key.jsonl:2: signalling[0].gruop: unknown key (did you mean \"group\"?)
celltriage: $B/batch-unknown-key.jsonl:3: location.serving_site.long: unknown key (did you mean \"lon\"?)
celltriage diagnose: 2 complaints diagnosed, 2 rejected" \
	diagnose --format json $B/batch-unknown-key.jsonl
stdout_lines batch-unknown-key-rest-go-through 2
check profile-bad-value 2 "celltriage: $B/bad-profile.cfg:4: thresholds.gsm.coverage_dbm: expected a number" \
	diagnose --profile $B/bad-profile.cfg $B/extra-fields.json
check profile-syntax 2 "celltriage: $B/syntax-profile.cfg:3: syntax error" \
	diagnose --profile $B/syntax-profile.cfg $B/extra-fields.json
CELLTRIAGE_PROFILE=$B/bad-profile.cfg check profile-from-env 2 \
	"celltriage: $B/bad-profile.cfg:4: thresholds.gsm.coverage_dbm: expected a number" diagnose $B/extra-fields.json
check usage-format 1 "celltriage diagnose: --format must be text or json, not 'xml'
(see 'celltriage diagnose --help')" diagnose --format xml $B/extra-fields.json
check usage-no-file 1 "celltriage plan: no complaint file given
(see 'celltriage plan --help')" plan
check usage-command 1 "celltriage: unknown command 'frobnicate' (see 'celltriage --help')" frobnicate
# An option the command does not know, or misused, is named by the command
# (not by getopt as "list: unrecognized option", on a line of its own).
check usage-unknown-long 1 "celltriage ticket list: unknown option --limit
(see 'celltriage ticket list --help')" ticket list --limit=5
check usage-unknown-short 1 "celltriage omc: unknown option -q
(see 'celltriage omc --help')" omc -q $B/omc-truncated.xml
check usage-ambiguous 1 "celltriage ticket list: option --st is ambiguous
(see 'celltriage ticket list --help')" ticket list --st x
check usage-no-value 1 "celltriage diagnose: option --profile needs a value
(see 'celltriage diagnose --help')" diagnose --profile
check usage-short-no-value 1 "celltriage capture: option -j needs a value
(see 'celltriage capture --help')" capture -j
check usage-value-not-taken 1 "celltriage user list: option --help takes no value
(see 'celltriage user list --help')" user list --help=yes
# Captures: a file cut mid-record, a non-pcap file, an empty file, a missing
# one: exit 2, one line naming the file (and the frame where it breaks), and
# nothing on stdout for that file; the other files of the batch still go out.
S=captures/signalling
check capture-truncated 2 "celltriage: $S/truncated.pcap: frame 3: truncated dump file; tried to read 376 captured bytes, only got 40" \
	capture $S/truncated.pcap
stdout_lines capture-truncated-no-output 0
check capture-truncated-json 2 "celltriage: $S/truncated.pcap: frame 3: truncated dump file; tried to read 376 captured bytes, only got 40" \
	capture --format json $S/truncated.pcap
stdout_lines capture-truncated-json-no-output 0
check capture-truncated-batch 2 "celltriage: $S/truncated.pcap: frame 3: truncated dump file; tried to read 376 captured bytes, only got 40" \
	capture --format json -j 2 $S/truncated.pcap $S/lte-attach-reject.pcap
stdout_lines capture-truncated-batch-rest-go-through 1
check capture-not-pcap 2 "celltriage: $B/not-a-capture.pcap: unknown file format" capture $B/not-a-capture.pcap
stdout_lines capture-not-pcap-no-output 0
check capture-empty 2 "celltriage: $B/empty.pcap: truncated dump file; tried to read 4 file header bytes, only got 0" \
	capture --format csv $B/empty.pcap
stdout_lines capture-empty-no-output 0
# A gzip-compressed capture is read by its content (captures/signalling has
# one, compared with tshark by tests/capture.sh); one cut short or corrupt
# is refused in one line saying so, from a file or from standard input.
check capture-gzip 0 "" capture --format csv $S/lte-attach-reject.pcap.gz
stdout_lines capture-gzip-events 3
check capture-gzip-cut 2 "celltriage: $B/gzip-cut.pcap.gz: frame 2: gzip: the compressed data ends early" \
	capture $B/gzip-cut.pcap.gz
stdout_lines capture-gzip-cut-no-output 0
check capture-gzip-corrupt 2 "celltriage: $B/gzip-corrupt.pcap.gz: frame 1: gzip: invalid distance too far back" \
	capture $B/gzip-corrupt.pcap.gz
# zstd and LZ4 frames: the same events as the plain file, from a file and
# from standard input (tshark 4.0 reads neither, so this is their check).
"$bin" capture --format csv $S/lte-attach-reject.pcap | sed 's/^[^,]*,//' >"$tmp/plain.csv"
for z in zst lz4; do
	"$bin" capture --format csv $S/lte-attach-reject.pcap.$z | sed 's/^[^,]*,//' >"$tmp/z.csv"
	"$bin" capture --format csv - <$S/lte-attach-reject.pcap.$z | sed 's/^[^,]*,//' >"$tmp/zin.csv"
	if [ "$(wc -l <"$tmp/plain.csv")" -eq 3 ] && cmp -s "$tmp/plain.csv" "$tmp/z.csv" &&
	   cmp -s "$tmp/plain.csv" "$tmp/zin.csv"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL: capture-$z: not the events of the plain file"
	fi
done
check capture-missing 2 "celltriage: $B/nonexistent.pcap: No such file or directory" capture $B/nonexistent.pcap
check capture-usage-format 1 "celltriage capture: --format must be text, json or csv, not 'xml'
(see 'celltriage capture --help')" capture --format xml $S/lte-attach-reject.pcap
check capture-usage-jobs 1 "celltriage capture: -j: '0' is not a number of jobs (1..256)
(see 'celltriage capture --help')" capture -j 0 $S/lte-attach-reject.pcap
# OMC exports: a truncated PM file names the line; a file of no known
# format says so; a bad PM file given as evidence stops the diagnosis.
check omc-truncated 2 "celltriage: $B/omc-truncated.xml:14: expected '>'" omc $B/omc-truncated.xml
check omc-unknown 2 "celltriage: $B/omc-unknown.csv:1: not an OMC export (expected a measCollecFile, measDataFile or adc XML root, VES JSON, or a CSV header the profile maps)" \
	omc --format json $B/omc-unknown.csv
check omc-evidence-truncated 2 "celltriage: $B/omc-truncated.xml:14: expected '>'" \
	diagnose --pm $B/omc-truncated.xml captures/omc/complaint-busy-cell.json
check omc-usage-format 1 "celltriage omc: --format must be text, json or csv, not 'xml'
(see 'celltriage omc --help')" omc --format xml $B/omc-truncated.xml
# Profiles: a key the table does not know, a base that cannot be read and a
# cycle of bases are refused with the file and line, by every command.
check profile-unknown-key 2 "celltriage: $B/unknown-key-profile.cfg:4: unknown key \"radio.bler_hihg_pct\"" \
	profile show --profile $B/unknown-key-profile.cfg
stdout_lines profile-unknown-key-no-output 0
check profile-unknown-key-diagnose 2 "celltriage: $B/unknown-key-profile.cfg:4: unknown key \"radio.bler_hihg_pct\"" \
	diagnose --profile $B/unknown-key-profile.cfg $B/extra-fields.json
check profile-bad-base 2 "celltriage: $B/bad-base-profile.cfg:2: base \"no-such-profile.cfg\": cannot read $B/no-such-profile.cfg: No such file or directory" \
	profile show --profile $B/bad-base-profile.cfg
check profile-base-cycle 2 "celltriage: $B/cycle-b-profile.cfg:2: base \"cycle-a-profile.cfg\": a cycle ($B/cycle-a-profile.cfg is already in the chain)" \
	profile show --profile $B/cycle-a-profile.cfg
CELLTRIAGE_PROFILE=$B/unknown-key-profile.cfg check profile-show-env 2 \
	"celltriage: $B/unknown-key-profile.cfg:4: unknown key \"radio.bler_hihg_pct\"" profile show
CELLTRIAGE_PROFILE=profiles/strict-lte.cfg check profile-show-env-ok 0 "" profile show
if head -1 "$tmp/out" | grep -qx "# profiles/strict-lte.cfg, based on built-in default.cfg" &&
   grep -q "^thresholds.lte.coverage_dbm = -100.0; *# profiles/strict-lte.cfg:21$" "$tmp/out"; then
	pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: profile show: \$CELLTRIAGE_PROFILE not shown"; fi
check profile-no-subcommand 1 "celltriage profile: no subcommand (show)
(see 'celltriage profile --help')" profile
check profile-bad-format 1 "celltriage profile: --format must be text or json, not 'xml'
(see 'celltriage profile --help')" profile show --format xml
# A bad row in a log or CSV export is skipped: a warning per row, the
# count, exit 0; with strict = true in the profile's group it is an error.
sed 's/^  strict = false;/  strict = true;/' profiles/default.cfg >"$tmp/strict.cfg"
check drive-bad-rows 0 "celltriage: $B/drive-bad-rows.csv:4: RSRP \"abc\" is not a number (row skipped)
celltriage: $B/drive-bad-rows.csv:5: 2 fields, the header has 26 (row skipped)
celltriage: $B/drive-bad-rows.csv:9: truncated row (2 of 26 fields) (row skipped)
celltriage: $B/drive-bad-rows.csv: 3 bad rows skipped" drivetest --format json $B/drive-bad-rows.csv
if grep -q '"rows":5,"bad_rows":{"count":3,"first":\[{"line":4,' "$tmp/out"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: drive-bad-rows: no bad_rows in the JSON"; fi
check drive-bad-rows-strict 2 "celltriage: $B/drive-bad-rows.csv:4: RSRP \"abc\" is not a number" \
	drivetest --profile "$tmp/strict.cfg" $B/drive-bad-rows.csv
stdout_lines drive-bad-rows-strict-no-output 0
check omc-bad-row 0 "celltriage: $B/omc-bad-row.csv:3: time \"yesterday\" is not a time (row skipped)
celltriage: $B/omc-bad-row.csv: 1 bad row skipped" omc $B/omc-bad-row.csv
check omc-bad-row-strict 2 "celltriage: $B/omc-bad-row.csv:3: time \"yesterday\" is not a time" \
	omc --profile "$tmp/strict.cfg" $B/omc-bad-row.csv
# Lines may end in CR alone (or CRLF): the same rows, bad rows and lines.
tr '\n' '\r' <$B/drive-bad-rows.csv >"$tmp/drive-cr.csv"
check drive-cr-only 0 "celltriage: $tmp/drive-cr.csv:4: RSRP \"abc\" is not a number (row skipped)
celltriage: $tmp/drive-cr.csv:5: 2 fields, the header has 26 (row skipped)
celltriage: $tmp/drive-cr.csv:9: truncated row (2 of 26 fields) (row skipped)
celltriage: $tmp/drive-cr.csv: 3 bad rows skipped" drivetest --format json "$tmp/drive-cr.csv"
tr '\n' '\r' <$B/omc-bad-row.csv >"$tmp/omc-cr.csv"
check omc-cr-only 0 "celltriage: $tmp/omc-cr.csv:3: time \"yesterday\" is not a time (row skipped)
celltriage: $tmp/omc-cr.csv: 1 bad row skipped" omc "$tmp/omc-cr.csv"
# A value outside its measurement's reporting range is a bad row.
{ head -1 $B/drive-bad-rows.csv
  echo "2020.02.13_13.18.43,-8.39,51.93,34,B,3,LTE,50,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0"
  echo "2020.02.13_13.18.44,-8.39,51.93,34,B,3,LTE,-500,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0"
  echo "2020.02.13_13.18.45,-8.39,51.93,34,B,3,LTE,-90,-13,-2.0,5,-91,2566,26,D,-,-,-,-,-,3,A81B,9CBA,11016963,-78.0,-12.0"
} >"$tmp/drive-range.csv"
check drive-range 0 "celltriage: $tmp/drive-range.csv:2: RSRP 50 is outside the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133) (row skipped)
celltriage: $tmp/drive-range.csv:3: RSRP -500 is outside the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133) (row skipped)
celltriage: $tmp/drive-range.csv: 2 bad rows skipped" drivetest "$tmp/drive-range.csv"
check drive-range-strict 2 "celltriage: $tmp/drive-range.csv:2: RSRP 50 is outside the LTE RSRP reporting range -156..-31 dBm (3GPP TS 36.133)" \
	drivetest --profile "$tmp/strict.cfg" "$tmp/drive-range.csv"
# A modem log read without the profile that maps its layout: the message
# names the shipped profile that reads it (found in profiles/ here).
printf 'Time,rsrpVal_signal_info(dBm),rsrqVal_signal_info(dB),snrVal_signal_info(dB),RATE(MBit/s)\nSat Aug 20 13:28:14 UTC 2022,-90,-10,5,1\n' >"$tmp/modem.csv"
check drive-modem-hint 2 "celltriage: $tmp/modem.csv:1: not a drive-test log this version reads (G-NetTrack CSV, Nemo NMF, or a CSV layout the profile's drivetest.csv maps); its header is the mtu-lte layout of profiles/mtu-modem.cfg: --profile profiles/mtu-modem.cfg reads it" \
	drivetest "$tmp/modem.csv"
check drive-modem-with-profile 0 "" drivetest --profile profiles/mtu-modem.cfg "$tmp/modem.csv"
# A UTF-8 byte order mark first is skipped.
{ printf '\357\273\277'; cat $B/drive-bad-rows.csv; } >"$tmp/drive-bom.csv"
check drive-bom 0 "celltriage: $tmp/drive-bom.csv:4: RSRP \"abc\" is not a number (row skipped)
celltriage: $tmp/drive-bom.csv:5: 2 fields, the header has 26 (row skipped)
celltriage: $tmp/drive-bom.csv:9: truncated row (2 of 26 fields) (row skipped)
celltriage: $tmp/drive-bom.csv: 3 bad rows skipped" drivetest "$tmp/drive-bom.csv"
{ printf '\357\273\277'; cat captures/omc/ves-fault-site7.json; } >"$tmp/ves-bom.json"
check ves-bom 0 "" omc "$tmp/ves-bom.json"
tr '\n' '\r' <captures/omc/pm-site7.csv >"$tmp/pm-cr.csv"
"$bin" diagnose --pm "$tmp/pm-cr.csv" captures/omc/complaint-busy-cell.json >"$tmp/out" 2>&1
if head -1 "$tmp/out" | grep -q "^verdict     radio/capacity"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: a CR-only PM CSV should decide cell busy: $(head -1 "$tmp/out")"; fi
# typed_value_wins: the profile lets a typed value decide over a file's.
sed 's/^typed_value_wins = false;/typed_value_wins = true;/' profiles/default.cfg >"$tmp/typed.cfg"
"$bin" diagnose --pm captures/omc/pm-site7-r.xml captures/omc/complaint-busy-cell.json >"$tmp/out" 2>&1
if head -1 "$tmp/out" | grep -q "^verdict     radio/capacity"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: PM file should decide cell busy: $(head -1 "$tmp/out")"; fi
"$bin" diagnose --profile "$tmp/typed.cfg" --pm captures/omc/pm-site7-r.xml captures/omc/complaint-busy-cell.json >"$tmp/out" 2>&1
if head -1 "$tmp/out" | grep -q "^verdict     undetermined" &&
   grep -q "typed_value_wins" "$tmp/out"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: typed_value_wins: $(head -1 "$tmp/out")"; fi
# failures: a profile's failure rules judge the captured causes, for the
# capture command and for a capture read as diagnose evidence.
{ cat profiles/default.cfg
  echo 'failures = ( { family = "diameter"; group = "experimental"; not_failures = ( [1000, 5999] ); },'
  echo '             { family = "emm"; not_failures = ( 15 ); } );'; } >"$tmp/nofail.cfg"
"$bin" capture --profile "$tmp/nofail.cfg" captures/signalling/lte-attach-reject.pcap >"$tmp/out" 2>&1
if head -1 "$tmp/out" | grep -q "4 signalling messages, 0 failures"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: capture --profile failures: $(head -1 "$tmp/out")"; fi
"$bin" diagnose --profile "$tmp/nofail.cfg" captures/complaints/attach-rejected.json \
	captures/signalling/lte-attach-reject.pcap >"$tmp/out" 2>&1
if head -1 "$tmp/out" | grep -q "^verdict     undetermined"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: diagnose --profile failures: $(head -1 "$tmp/out")"; fi

# An evidence file that adds nothing says so in the path: which file, why.
# unused NAME WHY ARGS...: the last step is that file's info step.
unused() {
	name=$1 want=$2
	shift 2
	"$bin" diagnose --format json "$@" >"$tmp/out" 2>"$tmp/err"
	got=$(jq -r '[.path[] | select(.node == "evidence")] | map(.result + " " + .source + " | " + .why) | join("; ")' "$tmp/out")
	if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: $name: $got"; echo "  want: $want"; fi
}
D=captures/drivetest/sample-route.csv P=$S/lte-attach-reject.pcap O=captures/omc/pm-site7.csv
sed 's/"lat": 51.8961, "lon": -8.4/"lat": 51.95, "lon": -8.4/' captures/complaints/route-no-access.json >"$tmp/far.json"
unused unused-drive-far "info $D | $D: no sample within 300 m of the complaint's location (the nearest is 4.4 km away)" \
	"$tmp/far.json" $D
unused unused-drive-cell "info $D | $D: no sample on cell 460-00-22001-3 (the complaint gives no location)" \
	captures/complaints/terminal-band.json $D
unused unused-drive-used "" captures/complaints/route-no-access.json $D
unused unused-capture "info $P | $P: no packets for this subscriber: its one subscriber is not the complaint's IMSI or MSISDN" \
	captures/complaints/route-no-access.json $P
unused unused-capture-used "" captures/complaints/attach-rejected.json $P
sed 's/2026-11-20T09:10:00+08:00/2026-11-21T09:10:00+08:00/' captures/omc/complaint-busy-cell.json >"$tmp/late.json"
unused unused-omc-time "info $O | $O: no counters for cell ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=1 in the period holding the complaint's time 2026-11-21T09:10:00+08:00: outside the time window of the file, 2026-11-20T09:00:00+08:00 to 2026-11-20T09:15:00+08:00" \
	"$tmp/late.json" $O
sed 's/EUtranCellFDD=1"/EUtranCellFDD=9"/' captures/omc/complaint-busy-cell.json >"$tmp/other.json"
unused unused-omc-cell "info $O | $O: no counters for cell ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=9" \
	"$tmp/other.json" $O
unused unused-omc-nocell "info $O | $O: the complaint names no cell to find its counters and alarms by" \
	captures/complaints/nothing-known.json $O
unused unused-omc-used "" captures/omc/complaint-busy-cell.json $O
unused unused-all-three "info $P | $P: no packets for this subscriber: its one subscriber is not the complaint's IMSI or MSISDN; info $D | $D: no sample on cell ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=9 (the complaint gives no location); info $O | $O: no counters for cell ManagedElement=site-7,ENodeBFunction=1,EUtranCellFDD=9" \
	"$tmp/other.json" $O $P $D
"$bin" diagnose "$tmp/far.json" $D >"$tmp/out" 2>&1
if grep -q "^  evidence info    an evidence file that adds nothing" "$tmp/out"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: the text path lacks the unused file"; fi

# One judgement of a spot: a log whose 20 samples are all at the complaint's
# spot, 6 of them with SINR below -3 dB (median 12 dB). The drive-test
# report and the verdict name the same share, and the verdict follows it.
{ head -1 captures/drivetest/sample-route.csv
  i=0
  while [ $i -lt 20 ]; do
	snr=12.0
	[ $((i % 10)) -lt 3 ] && snr=-6.0
	printf '2026.03.02_10.10.%02d,-8.400000,51.8961%02d,5,X,12,LTE,-100,-9,%s,9,-65,8000,60,D,-,-,-,-,-,C,A81B,9CBA,11016972,-,-\n' $i $i $snr
	i=$((i + 1))
  done; } >"$tmp/spot.csv"
sed 's/"measurements": { "signal_dbm": -90 }/"measurements": { "signal_dbm": -90 }, "rat": "lte"/' \
	captures/complaints/route-no-access.json >"$tmp/spot.json"
check spot-report 0 "" drivetest "$tmp/spot.csv"
rep=$(awk '/SINR dB/ {print $6 " " $7 " " $8}' "$tmp/out")
check spot-verdict 0 "" diagnose --format json "$tmp/spot.json" "$tmp/spot.csv"
got=$(jq -r '.cause + " | " + (.path[] | select(.node == "Q3.1.3") | "\(.result) \(.value) \(.threshold) | \(.why)")' "$tmp/out")
want="radio/interference | fail 30 10 | 30.0% of the spot's samples have SINR below -3 dB, more than the spot share 10% (drivetest.spot_share_pct), with a good level"
if [ "$rep" = "30.0% < -3" ] && [ "$got" = "$want" ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: spot: the report says '$rep', the verdict '$got'"; fi
# The same spot with 1 bad sample of 20 (5%): within the share, clean.
sed '3,4s/,-6.0,/,12.0,/; 12,14s/,-6.0,/,12.0,/' "$tmp/spot.csv" >"$tmp/spot5.csv"
check spot5-report 0 "" drivetest "$tmp/spot5.csv"
rep=$(awk '/SINR dB/ {print $6 " " $7 " " $8}' "$tmp/out")
check spot5-verdict 0 "" diagnose --format json "$tmp/spot.json" "$tmp/spot5.csv"
got=$(jq -r '.path[] | select(.node == "Q3.1.3") | "\(.result) \(.value) | \(.why)"' "$tmp/out")
if [ "$rep" = "5.0% < -3" ] && [ "$got" = "pass 5 | 5.0% of the spot's samples have SINR below -3 dB, not more than the spot share 10% (drivetest.spot_share_pct)" ]; then
	pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: spot 5%: the report says '$rep', the verdict '$got'"; fi

# Times outside the years 1970-9999 are refused where they are read (the
# outputs write four-digit years, which the imports read back).
printf '{"msisdn":"13800000000","phenomenon":"no_access","received_at":"1969-12-31T23:59:59Z"}\n' >"$tmp/t1969.json"
check time-1969 2 "celltriage: $tmp/t1969.json: received_at: \"1969-12-31T23:59:59Z\" is outside the years 1970-9999" \
	diagnose "$tmp/t1969.json"
printf '{"msisdn":"13800000000","phenomenon":"no_access","received_at":"9999-12-31T23:00:00-08:00"}\n' >"$tmp/t10000.json"
check time-10000 2 "celltriage: $tmp/t10000.json: received_at: \"9999-12-31T23:00:00-08:00\" is outside the years 1970-9999" \
	diagnose "$tmp/t10000.json"
printf 'Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl\n1969-12-31 23:00:00,EUtranCellFDD=2,1,100\n2026-11-20 01:00:00,EUtranCellFDD=3,40,100\n' >"$tmp/omc1969.csv"
check omc-time-1969 0 "celltriage: $tmp/omc1969.csv:2: time \"1969-12-31 23:00:00\" is outside the years 1970-9999 (row skipped)
celltriage: $tmp/omc1969.csv: 1 bad row skipped" omc "$tmp/omc1969.csv"
printf '{"event":{"commonEventHeader":{"domain":"fault","eventName":"Fault_x","sourceName":"EUtranCellFDD=1","startEpochMicrosec":-5000000,"lastEpochMicrosec":1},"faultFields":{"alarmCondition":"LinkDown","eventSeverity":"MAJOR","specificProblem":"x"}}}\n' >"$tmp/ves1969.json"
"$bin" omc --format json "$tmp/ves1969.json" >"$tmp/out" 2>&1
if ! grep -q '1969' "$tmp/out"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL: a VES time before 1970 read as a time: $(cat "$tmp/out")"; fi
# A pcapng record (64-bit timestamp) in the year 10000: refused, naming the frame.
{ printf '\012\015\015\012\034\000\000\000\115\074\053\032\001\000\000\000\377\377\377\377\377\377\377\377\034\000\000\000'
  printf '\001\000\000\000\024\000\000\000\001\000\000\000\000\000\000\000\024\000\000\000'
  printf '\006\000\000\000\060\000\000\000\000\000\000\000\014\104\204\003\000\140\163\314\020\000\000\000\020\000\000\000'
  printf '\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\060\000\000\000'; } >"$tmp/y10000.pcapng"
for j in 1 2; do
	check "capture-year-10000-j$j" 2 "celltriage: $tmp/y10000.pcapng: frame 1: time 253402300800 s since 1970 is outside the years 1970-9999" \
		capture -j $j "$tmp/y10000.pcapng"
done
# A pcap record's ts_usec of 10^6 or more (here 0xffffffff) carries its whole
# seconds over: never "23:59:59.-00001".
cp $S/lte-attach-reject.pcap "$tmp/usec.pcap"
off=24
while [ $off -lt "$(wc -c <"$tmp/usec.pcap")" ]; do
	printf '\177\121\001\000\377\377\377\377' | dd of="$tmp/usec.pcap" bs=1 seek=$off conv=notrunc 2>/dev/null
	off=$((off + 16 + $(od -An -tu4 -j $((off + 8)) -N4 "$tmp/usec.pcap" | tr -d ' ')))
done
for j in 1 2; do
	check "capture-usec-j$j" 0 "" capture --format csv -j $j "$tmp/usec.pcap"
	if [ "$(cut -d, -f3 "$tmp/out" | sort -u | tr '\n' ' ')" = "1970-01-02T09:11:33.967295+08:00 time " ]; then
		pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: ts_usec 0xffffffff: $(cut -d, -f3 "$tmp/out" | tr '\n' ' ')"; fi
done

# Control characters: refused in ids and cells (they would split an output
# line), escaped wherever text reaches a terminal.
printf '{"id":"C1\\u001b[31mRED","msisdn":"13900000001","phenomenon":"no_access"}\n' >"$tmp/ctl-id.json"
check control-in-id 2 "celltriage: $tmp/ctl-id.json: id: control character 0x1b at byte 3" \
	diagnose "$tmp/ctl-id.json"
printf '{"id":"C1","msisdn":"13900000001","phenomenon":"no_access","location":{"cell":"460-00-1\\n2"}}\n' >"$tmp/ctl-cell.json"
check control-in-cell 2 "celltriage: $tmp/ctl-cell.json: location.cell: control character 0x0a at byte 9" \
	diagnose "$tmp/ctl-cell.json"
sed 's/generic feature phone/feature\\u001b[2J phone/; s/"band": "E"/"band": "E\\u0007"/;
     s/the test phone does./the test\\u001b]0;pwned\\u0007 phone does./' \
	captures/complaints/terminal-band.json >"$tmp/ctl.json"
check control-escaped-diagnose 0 "" diagnose "$tmp/ctl.json"
if grep -q 'band E\\x07, the band' "$tmp/out" && ! tr -d '\n' <"$tmp/out" | grep -q '[[:cntrl:]]'; then
	pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: diagnose writes control characters raw"; fi
check control-escaped-file 0 "" ticket file --store "$tmp/ctl.db" "$tmp/ctl.json"
check control-escaped-show 0 "" ticket show --store "$tmp/ctl.db" 1
if grep -q 'test\\e\]0;pwned\\x07' "$tmp/out" && ! tr -d '\n' <"$tmp/out" | grep -q '[[:cntrl:]]'; then
	pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: ticket show writes control characters raw"; fi

printf 'Time,Object,RRU.PrbUsedDl,RRU.PrbAvailDl\n2026-11-20 01:00:00,"Cell\033[2J=1",95,100\n' >"$tmp/ctl-omc.csv"
check control-escaped-omc 0 "" omc "$tmp/ctl-omc.csv"
if grep -q 'Cell\\e\[2J=1' "$tmp/out" && ! tr -d '\n' <"$tmp/out" | grep -q '[[:cntrl:]]'; then
	pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: omc writes control characters raw: $(cat -v "$tmp/out")"; fi

for c in diagnose plan ticket capture drivetest omc profile; do
	check "help-$c" 0 "" $c --help
	if grep -q "^usage: celltriage $c" "$tmp/out"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: $c --help prints no usage"; fi
done
# A full stdout is an error, not a silent truncation.
if [ -w /dev/full ]; then
	"$bin" diagnose captures/complaints/batch.jsonl >/dev/full 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "<stdout>" "$tmp/err"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: stdout to /dev/full: exit $rc, $(cat "$tmp/err")"; fi
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
