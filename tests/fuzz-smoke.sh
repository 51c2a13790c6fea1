#!/bin/sh
# fuzz-smoke.sh [SECONDS]: runs every libFuzzer target for SECONDS (default 5)
# on its seed corpus (fuzz/corpus/<name>/) plus the kept crashers
# (fuzz/regressions/<name>/). A crash fails the run and leaves the input in
# build/fuzz/crash-<name>-*; keep it as a regression input after fixing.
set -u
cd "$(dirname "$0")/.."
secs=${1:-5}
pass=0 fail=0
for bin in build/fuzz/bin/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	work=build/fuzz/work-$name
	mkdir -p "$work"
	dirs="$work"
	[ -d "fuzz/corpus/$name" ] && dirs="$dirs fuzz/corpus/$name"
	[ -d "fuzz/regressions/$name" ] && dirs="$dirs fuzz/regressions/$name"
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="build/fuzz/crash-$name-" $dirs >"build/fuzz/log-$name" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: fuzz target $name (see build/fuzz/log-$name)"
		tail -20 "build/fuzz/log-$name"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
