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
check batch-bad-line 2 "celltriage: $B/batch-bad-line.jsonl:2: measurements.interference_grade: 9 is out of range 0..5
celltriage diagnose: 2 complaints diagnosed, 1 rejected" \
	diagnose --format json $B/batch-bad-line.jsonl
stdout_lines batch-bad-line-rest-go-through 2
check extra-fields-ignored 0 "" diagnose --format json $B/extra-fields.json
stdout_lines extra-fields-one-object 1
check profile-bad-value 2 "celltriage: $B/bad-profile.cfg:4: gsm.coverage_dbm: expected a number" \
	diagnose --profile $B/bad-profile.cfg $B/extra-fields.json
check profile-syntax 2 "celltriage: $B/syntax-profile.cfg:3: syntax error" \
	diagnose --profile $B/syntax-profile.cfg $B/extra-fields.json
CELLTRIAGE_PROFILE=$B/bad-profile.cfg check profile-from-env 2 \
	"celltriage: $B/bad-profile.cfg:4: gsm.coverage_dbm: expected a number" diagnose $B/extra-fields.json
check usage-format 1 "celltriage diagnose: --format must be text or json, not 'xml'
(see 'celltriage diagnose --help')" diagnose --format xml $B/extra-fields.json
check usage-no-file 1 "celltriage plan: no complaint file given
(see 'celltriage plan --help')" plan
check usage-command 1 "celltriage: unknown command 'frobnicate' (see 'celltriage --help')" frobnicate
for c in diagnose plan ticket capture drivetest; do
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
