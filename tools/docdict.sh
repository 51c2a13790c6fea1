#!/bin/sh
# docdict.sh ID OUT: makes the store's document dictionary OUT with zstd
# dictionary id ID from documents celltriage writes (tools/docdict.c says
# which, and why it is run once per id and never again for a released one).
# Run from the top of the source tree.
set -eu
id=$1 out=$2
make bin/celltriage >/dev/null
mkdir -p build
cc -std=c11 -O2 -Wall -Wextra -Werror -o build/docdict tools/docdict.c -lzstd -ljansson
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# A scenario is a comment, its complaint (JSON from a "{" line to a "}" line)
# and then what it expects.
for s in tests/scenarios/*.scn; do
	sed -n '/^{/,/^}/p' "$s" > "$d/$(basename "$s" .scn).json"
done
set -- captures/complaints/*.json captures/complaints/batch.jsonl "$d"/*.json
bin/celltriage diagnose --format json "$@" > "$d/verdicts.jsonl"
build/docdict "$id" "$out" "$@" "$d/verdicts.jsonl"
