#!/bin/sh
# golden.sh [--regen]: runs every line of tests/golden/TESTLIST and compares
# stdout with the golden file byte for byte. --regen rewrites the files
# (review the diff before committing). CELLTRIAGE=path picks the binary.
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
regen=0
[ "${1-}" = "--regen" ] && regen=1
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
pass=0 fail=0
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
while read -r name args; do
	case $name in ''|'#'*) continue ;; esac
	# shellcheck disable=SC2086
	"$bin" $args >"$out" 2>/dev/null
	if [ $regen -eq 1 ]; then
		cp "$out" "tests/golden/$name"
	elif cmp -s "$out" "tests/golden/$name"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: golden $name (celltriage $args)"
		diff -u "tests/golden/$name" "$out" | head -20
	fi
done < tests/golden/TESTLIST
[ $regen -eq 1 ] && { echo "golden: regenerated"; exit 0; }
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
