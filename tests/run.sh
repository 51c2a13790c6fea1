#!/bin/sh
# Runs the whole suite: unit tests (cmocka, sanitizer build) and CLI tests.
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0
for t in build/asan/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $t"; fi
done
if bin/celltriage --help | grep -q diagnose; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: --help"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
