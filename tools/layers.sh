#!/bin/sh
# layers.sh: no call from a lower layer to a higher one (`make layers`).
#
# usage: sh tools/layers.sh [-o ORDER] [-s SRCDIR] [OBJECT.o...]
#
# ORDER (default tools/layers.txt) lists the layers, lowest first. An
# object's layer is the folder it was built in (build/rel/ingest/omc.o is
# ingest). For every symbol an object uses (nm: U) that another object
# defines, the definer's layer must be the user's or one below it; each use
# that goes up is one line naming both files and the symbol, and the exit
# status is 1:
#   src/ingest/x.c: uses ct_y of src/diagnose/y.c (diagnose is above ingest)
# A folder of SRCDIR (default src), or an object's folder, that the order
# does not name is refused (status 2). Layers the order names that have no
# folder yet are fine. Without objects: every build/rel/*/*.o (`make layers`
# names the objects of the current sources, so a stale object of a removed
# file is not read).
#
# Includes: the public headers (include/celltriage/*.h) declare the types
# several layers share (complaint.h is read by the profile and the reports
# alike), so an include is no edge; every use of a function or a variable
# shows in nm, also one that a header's static inline function or macro
# makes (the including object holds it). What nm cannot see, a folder
# including another folder's private header (#include "../store/x.h"), is
# checked from the sources.
set -u
order=tools/layers.txt
src=src
while getopts o:s: opt; do
	case $opt in
	o) order=$OPTARG ;;
	s) src=$OPTARG ;;
	*) echo "usage: sh tools/layers.sh [-o ORDER] [-s SRCDIR] [OBJECT.o...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
	set -- build/rel/*/*.o
	[ -f "$1" ] || { echo "layers: no objects in build/rel (run make first)" >&2; exit 2; }
fi
[ -r "$order" ] || { echo "layers: $order: cannot be read" >&2; exit 2; }

# "folder rank" per line, the order's comments and blank lines dropped.
ranks=$(awk '{ sub(/#.*/, "") } NF { n++; for (i = 1; i <= NF; i++) print $i, n }' "$order")
dup=$(printf '%s\n' "$ranks" | awk '{ print $1 }' | sort | uniq -d)
[ -z "$dup" ] || { echo "layers: $order: $dup named twice" >&2; exit 2; }

known() {
	printf '%s\n' "$ranks" | awk -v f="$1" '$1 == f { ok = 1 } END { exit !ok }'
}

status=0
for d in "$src"/*/; do
	[ -d "$d" ] || continue
	f=${d%/}
	f=${f##*/}
	if ! known "$f"; then
		echo "layers: $src/$f/ is not in $order: give the folder its place in the order" >&2
		status=2
	fi
done
for o in "$@"; do
	f=${o%/*}
	f=${f##*/}
	if ! known "$f"; then
		echo "layers: $o: its folder $f is not in $order" >&2
		status=2
	fi
done
[ "$status" -eq 0 ] || exit "$status"

# nm -A -P: "OBJECT: SYMBOL TYPE [VALUE SIZE]"; U (or an undefined weak
# symbol, w/v without a value) is a use, anything else a definition.
syms=$(nm -A -P -g "$@") || { echo "layers: nm failed" >&2; exit 2; }

# The sources' includes of another folder's private header.
incs=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"\.\./' "$src"/*/*.[ch] 2>/dev/null)

result=$({
	printf '%s\n' "$ranks" | sed 's/^/R /'
	printf '%s\n' "$syms" | sed 's/^/S /'
	[ -z "$incs" ] || printf '%s\n' "$incs" | sed 's/^/I /'
} | awk -v src="$src" '
# The source an object was built from, when it is there (for the message).
function source(o,   f, n, s, line) {
	n = split(o, f, "/")
	if (n >= 2) {
		s = src "/" f[n - 1] "/" f[n]
		sub(/\.o$/, ".c", s)
		if ((getline line < s) >= 0) {
			close(s)
			return s
		}
	}
	return o
}
function folder(path,   f, n) {
	n = split(path, f, "/")
	return n >= 2 ? f[n - 1] : ""
}
$1 == "R" { rank[$2] = $3; next }
$1 == "S" {
	obj = $2
	sub(/:$/, "", obj)
	objs[obj] = 1
	if ($4 == "U" || ($4 ~ /^[wv]$/ && NF < 5)) {
		nuse++
		useobj[nuse] = obj
		usesym[nuse] = $3
	} else if (!($3 in def)) {
		def[$3] = obj
	}
	next
}
$1 == "I" {
	# I src/A/x.c:LINE:#include "../B/y.h"
	split(substr($0, 3), p, ":")
	from = folder(p[1])
	to = $0
	sub(/^[^"]*"\.\.\//, "", to)
	sub(/\/.*/, "", to)
	if ((to in rank) && (from in rank) && rank[to] > rank[from])
		printf "V %s:%s: includes a header of %s/ (%s is above %s)\n", p[1], p[2], to, to, from
	next
}
END {
	for (i = 1; i <= nuse; i++) {
		s = usesym[i]
		if (!(s in def))
			continue
		a = folder(useobj[i])
		b = folder(def[s])
		if (rank[b] > rank[a])
			printf "V %s: uses %s of %s (%s is above %s)\n", source(useobj[i]), s,
			       source(def[s]), b, a
	}
	for (o in objs)
		n++
	printf "N %d\n", n
}') || { echo "layers: awk failed" >&2; exit 2; }
out=$(printf '%s\n' "$result" | sed -n 's/^V //p' | sort -u)
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	echo "layers: $(printf '%s\n' "$out" | wc -l | tr -d ' ') uses of a higher layer ($order)"
	exit 1
fi
echo "layers: $(printf '%s\n' "$result" | sed -n 's/^N //p') objects, no use of a higher layer ($order)"
