#!/bin/sh
# run.sh: the whole suite, run by `make test` after the builds. The layer
# order (`make layers`, and the check's own test), unit tests (cmocka,
# ASan + UBSan + LSan build), decision scenarios, golden outputs, the
# command line's contract, the shared store and the desk (`celltriage
# serve` driven with curl), each on SQLite and on a throwaway PostgreSQL
# cluster (the -pg suites; processes killed mid-change: the store-kill
# suites), the console in headless Chromium (screenshots in
# build/test-logs/console/), the JSON Schemas of doc/ against the reader and
# the verdicts, drivetest's memory on a long log (2,000,000 rows, about a
# minute), the console examples of the README and the manual page, make
# install / uninstall, and a short run of every fuzz target. Ends with "N
# passed, N failed" (suites) and a non-zero status if any failed.
set -u
cd "$(dirname "$0")/.."
export TZ=UTC
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0 fail=0
log=build/test-logs
mkdir -p "$log"

suite() {
	name=$1
	shift
	if "$@" >"$log/$name.log" 2>&1; then
		pass=$((pass + 1))
		printf 'ok    %-28s %s\n' "$name" "$(tail -1 "$log/$name.log")"
	else
		fail=$((fail + 1))
		printf 'FAIL  %-28s (log: %s)\n' "$name" "$log/$name.log"
		tail -25 "$log/$name.log" | sed 's/^/      /'
	fi
}

# One PostgreSQL cluster for the whole run (tools/pg-cluster.sh), or the
# one CT_TEST_PG names (left running); each suite makes its own databases.
pg=${CT_TEST_PG:-} pg_own=
if [ -z "$pg" ]; then
	if sh tools/pg-cluster.sh available; then
		pg=$(mktemp -d /tmp/ctpg.XXXXXX)
		if sh tools/pg-cluster.sh start "$pg" >"$log/pg-cluster.log" 2>&1; then
			pg_own=1
		else
			echo "notice: the PostgreSQL test cluster would not start ($(tail -1 "$log/pg-cluster.log")): the -pg suites skipped"
			sh tools/pg-cluster.sh stop "$pg"
			pg=
		fi
	else
		echo "notice: no PostgreSQL server (Debian package postgresql-15): the -pg suites skipped"
	fi
fi
trap '[ -z "$pg_own" ] || sh tools/pg-cluster.sh stop "$pg"' EXIT
trap 'exit 130' INT TERM
# pgsuite NAME CMD...: the suite again with its stores on PostgreSQL.
pgsuite() {
	[ -n "$pg" ] || return 0
	name=$1
	shift
	suite "$name" env CT_TEST_BACKEND=postgresql CT_TEST_PG="$pg" "$@"
}

suite layers make --no-print-directory -s layers
suite layers-check sh tests/layers.sh
# The unit tests of the store run their engine-neutral part on the cluster
# too (a database each, made through tools/pg-cluster.sh).
for t in build/asan/tests/test_*; do
	[ -x "$t" ] || continue
	suite "${t##*/}" env CT_TEST_PG="$pg" "$t"
done
suite golden sh tests/golden.sh
suite cli sh tests/cli.sh
suite time sh tests/time.sh
[ -f tests/store.sh ] && suite store-cli sh tests/store.sh
[ -f tests/store.sh ] && pgsuite store-cli-pg sh tests/store.sh
[ -f tests/store-kill.sh ] && suite store-kill sh tests/store-kill.sh
[ -f tests/store-kill.sh ] && pgsuite store-kill-pg sh tests/store-kill.sh
[ -f tests/capture.sh ] && suite capture sh tests/capture.sh
[ -f tests/noc.sh ] && suite noc env CT_TEST_PG="$pg" sh tests/noc.sh
[ -f tests/noc.sh ] && pgsuite noc-pg sh tests/noc.sh
[ -f tests/noc2.sh ] && suite noc2 sh tests/noc2.sh
[ -f tests/noc2.sh ] && pgsuite noc2-pg sh tests/noc2.sh
[ -f tests/realdata.sh ] && suite realdata sh tests/realdata.sh
[ -f tests/desk.sh ] && suite desk sh tests/desk.sh
[ -f tests/desk.sh ] && pgsuite desk-pg sh tests/desk.sh
[ -f tests/console.sh ] && suite console sh tests/console.sh
[ -f tests/drivetest-mem.sh ] && suite drivetest-mem sh tests/drivetest-mem.sh
[ -f tests/schema.sh ] && suite schema sh tests/schema.sh
[ -f tests/doc-examples.sh ] && suite doc-examples sh tests/doc-examples.sh
[ -f tests/install.sh ] && suite install sh tests/install.sh
if ls build/fuzz/bin/fuzz_* >/dev/null 2>&1; then
	suite fuzz-smoke sh tests/fuzz-smoke.sh "${FUZZ_SMOKE_SECONDS:-5}"
else
	echo "notice: no fuzz targets built (clang missing?): fuzz smoke skipped"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
