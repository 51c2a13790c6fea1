#!/bin/sh
# layers.sh: the layer check itself (tools/layers.sh) on a tiny tree of
# its own, built here with the project's order (tools/layers.txt): a call,
# a variable read and a private header included from a lower layer to a
# higher one must each fail with a line naming both files and the symbol;
# calls downwards and within a layer pass; a folder the order does not
# name is refused; layers the order names that have no folder are fine
# (this tree has no decode/ or cli/).
set -u
cd "$(dirname "$0")/.."
cc=${CC:-cc}
check=tools/layers.sh
order=tools/layers.txt
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# put FOLDER FILE TEXT: a source file of the tree.
put() {
	mkdir -p "$tmp/src/$1"
	printf '%s\n' "$3" >"$tmp/src/$1/$2"
}
# build: compiles every .c of the tree into obj/FOLDER/NAME.o.
build() {
	rm -rf "$tmp/obj"
	for c in "$tmp"/src/*/*.c; do
		f=${c%/*}
		f=${f##*/}
		n=${c##*/}
		mkdir -p "$tmp/obj/$f"
		"$cc" -c "$c" -o "$tmp/obj/$f/${n%.c}.o" || { echo "cannot compile $c"; exit 2; }
	done
}
# run: the check on the tree; its output in $tmp/out, its status in $rc.
run() {
	sh "$check" -o "$order" -s "$tmp/src" "$tmp"/obj/*/*.o >"$tmp/out" 2>&1
	rc=$?
}
# expect_line NAME LINE: the output holds LINE exactly.
expect_line() {
	if grep -qxF "$2" "$tmp/out"; then ok; else bad "$1: no line '$2' in: $(cat "$tmp/out")"; fi
}

# A clean tree: report calls util and diagnose, diagnose calls util and a
# file of its own layer, and the order's ticket, noc, cli... have no folder.
put util names.c 'int lt_util_name(int v); int lt_util_name(int v) { return v + 1; }'
put diagnose tree.c 'int lt_util_name(int v); int lt_walk(int v); int lt_walk(int v) { return lt_util_name(v); }'
put diagnose join.c 'int lt_walk(int v); int lt_join(int v); int lt_join(int v) { return lt_walk(v); }'
put report text.c 'int lt_join(int v); int lt_util_name(int v); int lt_text(int v);
int lt_text(int v) { return lt_join(v) + lt_util_name(v); }'
build
run
if [ "$rc" -eq 0 ] && grep -q "^layers: 4 objects, no use of a higher layer" "$tmp/out"; then ok; else
	bad "clean tree: exit $rc: $(cat "$tmp/out")"; fi

# Planted: util calls the report writer, and ingest reads diagnose's table.
put util up.c 'int lt_text(int v); int lt_up(int v); int lt_up(int v) { return lt_text(v); }'
put diagnose table.c 'const int lt_table[] = { 1, 2 };'
put ingest read.c 'extern const int lt_table[]; int lt_read(int i); int lt_read(int i) { return lt_table[i]; }'
build
run
[ "$rc" -eq 1 ] && ok || bad "planted calls: exit $rc, want 1: $(cat "$tmp/out")"
expect_line call-up "$tmp/src/util/up.c: uses lt_text of $tmp/src/report/text.c (report is above util)"
expect_line data-up "$tmp/src/ingest/read.c: uses lt_table of $tmp/src/diagnose/table.c (diagnose is above ingest)"
expect_line count "layers: 2 uses of a higher layer ($order)"
[ "$(grep -c ': uses ' "$tmp/out")" -eq 2 ] && ok || bad "planted calls: other lines: $(cat "$tmp/out")"
rm -f "$tmp/src/util/up.c" "$tmp/src/ingest/read.c"

# Planted: util includes a private header of store/.
put store internal.h '#define LT_STORE 1'
put util inc.c '#include "../store/internal.h"
int lt_inc(void); int lt_inc(void) { return LT_STORE; }'
build
run
[ "$rc" -eq 1 ] && ok || bad "planted include: exit $rc, want 1: $(cat "$tmp/out")"
expect_line include-up "$tmp/src/util/inc.c:1: includes a header of store/ (store is above util)"
rm -f "$tmp/src/util/inc.c"

# The same include downwards is fine.
put report inc.c '#include "../store/internal.h"
int lt_inc(void); int lt_inc(void) { return LT_STORE; }'
build
run
[ "$rc" -eq 0 ] && ok || bad "include downwards: exit $rc: $(cat "$tmp/out")"

# A folder the order does not name is refused, before any object is read.
put misc helper.c 'int lt_misc(void); int lt_misc(void) { return 0; }'
run
[ "$rc" -eq 2 ] && ok || bad "unnamed folder: exit $rc, want 2: $(cat "$tmp/out")"
expect_line unnamed-src "layers: $tmp/src/misc/ is not in $order: give the folder its place in the order"
build
run
expect_line unnamed-obj "layers: $tmp/obj/misc/helper.o: its folder misc is not in $order"
rm -rf "$tmp/src/misc"

# An order that names a folder twice is refused.
sed 's/^cli /util /' "$order" >"$tmp/order"
build
sh "$check" -o "$tmp/order" -s "$tmp/src" "$tmp"/obj/*/*.o >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "util named twice" "$tmp/out" && ok || bad "order naming util twice: exit $rc: $(cat "$tmp/out")"

echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
