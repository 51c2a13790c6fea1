#!/bin/sh
# capture.sh: celltriage's capture decoding against tshark, field for field,
# on the project's own samples in captures/signalling/ and on every real
# capture in ../shared/captures/real/ (public captures, not in this
# repository). tshark's reading of each capture is a committed golden file,
# tests/golden/tshark/<capture>.tsv, written by tools/tshark-golden.sh from
# the tables of tools/tshark-tables.sh (FIELDS, TSHARK_OPTS, EXCEPTIONS), so
# this test needs no tshark. For each capture:
#  - causes: the multiset of (key, frame, value) that
#    `celltriage capture --format json` lists under "causes" must equal
#    tshark's, except where a documented difference (EXCEPTIONS, each with
#    its reason, resolved into frames in the golden file) explains it; an
#    exception naming this capture that explains nothing is stale and fails;
#  - names: for every (key, frame, value) both report, celltriage's
#    cause_name must equal the name tshark shows for the value, except the
#    documented name differences (NAME_DIFFS below); where tshark shows the
#    bare value (SIP status codes) there is no name to compare.
# A capture without a golden file fails, and so does a golden file written
# from other tables (its "# tables:" checksum differs).
#
# CAPTURE_LIVE=1 (or --live): tshark must be there; the golden files are
# also written again from tshark into a temporary folder and any difference
# from the committed ones (but the tshark version line) fails as stale.
# The real captures are skipped with a notice when ../shared is absent.
# Needs only POSIX sh, awk, sort and comm (no Python, no jq).
# CELLTRIAGE=path picks the binary (default: the sanitizer build).
# One or more files: sh tests/capture.sh FILE...   (-v: list every pair)
set -u
cd "$(dirname "$0")/.." || exit 2
. tools/tshark-tables.sh
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC LC_ALL=C
unset CELLTRIAGE_PROFILE
verbose=0
live=${CAPTURE_LIVE:-0}
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=1 ;;
	--live) live=1 ;;
	*) break ;;
	esac
	shift
done

# Documented name differences, one per line: KEY ; VALUE ; OUR NAME ;
# TSHARK'S NAME ; REASON. A (key, value) both sides report whose names
# differ is "known" when a line gives exactly these two names (so a change
# on either side fails again); otherwise it fails. A line that explains
# nothing is stale and fails when every capture was compared (the default
# set with ../shared present). With tshark 4.0.17 (SIP status codes aside,
# which tshark does not name) two are known, both on GSM Abis samples and
# real captures: CC cause 1 and an RLM cause the specification leaves
# undefined.
NAME_DIFFS='
cc ; 1 ; Unallocated (unassigned) number ; Unassigned (unallocated) number ; the cc family names its values as ITU-T Q.850 does (its table is the ISUP and SIP Reason one), tshark GSM A DTAP as 3GPP TS 24.008 Table 10.5.123, which swaps the two words
rlm ; 17 ; unknown (17) ; Unknown ; a value 3GPP TS 48.058 §9.3.22 does not define: neither side has a name for it
'

if [ ! -x "$bin" ]; then
	echo "capture: $bin not built (make build/asan/celltriage)"
	exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# variant_profile FILE: --profile and a profile naming the file's MTP3
# variant and HTTP/2 ports (tools/tshark-tables.sh MTP3_VARIANTS,
# HTTP2_PORTS: profile_args), nothing when neither.
variant_profile() {
	profile_args "$1" "$tmp"
}

# ours FILE: "key frame value<TAB>cause_name" for every entry of "causes".
ours() {
	"$bin" capture --format json $(variant_profile "$1") "$1" | awk '
	{
		s = $0
		while (match(s, /\{"frame":[0-9]+,"cause_family":"[^"]*",("cause_group":"[^"]*",)?"cause":[0-9]+,"cause_name":"([^"\\]|\\.)*"/)) {
			m = substr(s, RSTART + 1, RLENGTH - 1)
			s = substr(s, RSTART + RLENGTH)
			nm = m
			sub(/^.*,"cause_name":"/, "", nm)
			nm = substr(nm, 1, length(nm) - 1)
			gsub(/\\"/, "\"", nm); gsub(/\\\//, "/", nm); gsub(/\\t/, " ", nm); gsub(/\\\\/, "\\", nm)
			sub(/,"cause_name":.*$/, "", m)
			gsub(/"/, "", m)
			n = split(m, kv, ",")
			fr = ""; fam = ""; grp = ""; val = ""
			for (i = 1; i <= n; i++) {
				split(kv[i], p, ":")
				if (p[1] == "frame") fr = p[2]
				else if (p[1] == "cause_family") fam = p[2]
				else if (p[1] == "cause_group") grp = p[2]
				else if (p[1] == "cause") val = p[2]
			}
			print (grp == "" ? fam : fam "/" grp) " " fr " " val "\t" nm
		}
	}'
}

# family_table ROWS: the per-family table of rows "tshark|ours|both|
# known-tshark|known-ours FAMILY".
family_table() {
	awk '
	{ n[$1 " " $2]++; fam[$2] = 1 }
	END {
		printf "%-10s %7s %7s %7s %7s %7s %8s %8s\n", "family", "tshark", "ours", "both", "recall", "precis", "known-t", "known-o"
		for (f in fam) {
			t = n["tshark " f] + 0; o = n["ours " f] + 0; b = n["both " f] + 0
			printf "%-10s %7d %7d %7d %7s %7s %8d %8d\n", f, t, o, b,
				t ? sprintf("%.3f", b / t) : "-", o ? sprintf("%.3f", b / o) : "-",
				n["known-tshark " f], n["known-ours " f]
		}
	}' "$1" | { read -r h; echo "$h"; sort; }
}

pass=0 fail=0 known=0 ncauses=0 nnames=0 nunnamed=0 nnamediff=0
full=0
if [ $# -gt 0 ]; then
	files="$*"
else
	files=$(default_captures)
	if [ -d "$REAL_CAPTURES" ]; then
		full=1
	else
		echo "notice: ../shared absent: real-capture tests skipped"
	fi
fi

if [ "$live" = 1 ]; then
	if ! command -v tshark >/dev/null 2>&1; then
		echo "capture: CAPTURE_LIVE=1 but tshark is not installed"
		exit 2
	fi
	# shellcheck disable=SC2086
	sh tools/tshark-golden.sh -o "$tmp/live" $files >"$tmp/live.log" 2>&1 || {
		echo "FAIL: tools/tshark-golden.sh failed:"
		grep -v ' exception frames$' "$tmp/live.log"
		fail=$((fail + 1))
	}
fi

: >"$tmp/names-used"
: >"$tmp/families"
for f in $files; do
	b=${f##*/}
	g=$GOLDEN_DIR/$b.tsv
	if [ ! -f "$g" ]; then
		echo "FAIL: $b: no golden file, run tools/tshark-golden.sh"
		fail=$((fail + 1))
		continue
	fi
	if [ "$(sed -n 's/^# tables: //p' "$g")" != "$TABLES_SUM" ]; then
		echo "FAIL: $b: golden file written from other tables than tools/tshark-tables.sh, run tools/tshark-golden.sh"
		fail=$((fail + 1))
		continue
	fi
	if [ "$live" = 1 ] && [ -f "$tmp/live/$b.tsv" ]; then
		grep -v '^# tshark: ' "$g" >"$tmp/g.committed"
		grep -v '^# tshark: ' "$tmp/live/$b.tsv" >"$tmp/g.live"
		if ! cmp -s "$tmp/g.committed" "$tmp/g.live"; then
			vc=$(sed -n 's/^# tshark: //p' "$g")
			vl=$(sed -n 's/^# tshark: //p' "$tmp/live/$b.tsv")
			if [ "$vc" = "$vl" ]; then
				echo "FAIL: $b: stale golden file: tshark reads the capture otherwise now, run tools/tshark-golden.sh:"
			else
				echo "FAIL: $b: stale golden file: written with $vc, tshark here is $vl, run tools/tshark-golden.sh:"
			fi
			diff "$tmp/g.committed" "$tmp/g.live" | head -10
			fail=$((fail + 1))
			continue
		fi
	fi
	if ! "$bin" capture --format json $(variant_profile "$f") "$f" >/dev/null 2>"$tmp/err"; then
		echo "FAIL: $b: celltriage failed: $(cat "$tmp/err")"
		fail=$((fail + 1))
		continue
	fi
	ours "$f" | sort >"$tmp/ours-named"
	cut -f1 "$tmp/ours-named" >"$tmp/ours"
	awk -F '\t' '$1 == "cause" { print $2 " " $3 " " $4 }' "$g" | sort >"$tmp/theirs"
	{
		comm -23 "$tmp/theirs" "$tmp/ours" | sed 's/^/tshark /'
		comm -13 "$tmp/theirs" "$tmp/ours" | sed 's/^/ours /'
	} >"$tmp/diff"
	# the exceptions, resolved: "side key frame<TAB>file<TAB>reason"
	awk -F '\t' '$1 == "except" { print $2 " " $3 " " $4 "\t" $5 "\t" $6 }' "$g" >"$tmp/explained"
	# Classify each differing pair; check every named exception was used.
	awk -F '\t' -v file="$b" -v ex="$tmp/explained" -v excs="$EXCEPTIONS" '
	BEGIN {
		while ((getline l < ex) > 0) {
			split(l, p, "\t")
			if (p[1] in reason)
				continue # the first exception that explains a pair names it
			reason[p[1]] = p[3]
			owner[p[1]] = p[2]
		}
		n = split(excs, lines, "\n")
		for (i = 1; i <= n; i++) {
			split(lines[i], q, ";")
			gsub(/ /, "", q[1])
			gsub(/ /, "", q[2])
			if (q[1] == file) named[q[2]] = 1
		}
	}
	{
		split($0, w, " ")
		id = w[1] " " w[2] " " w[3]
		if (!(id in reason) && ((w[1] " * " w[3]) in reason))
			id = w[1] " * " w[3]
		if (id in reason) {
			print "known: " file ": " w[1] " only: " w[2] " frame " w[3] " value " w[4] ": " reason[id]
			if (owner[id] == file) usedfile = 1
		} else
			print "FAIL: " file ": " w[1] " only: " w[2] " frame " w[3] " value " w[4]
	}
	END {
		for (k in named)
			if (!usedfile)
				print "FAIL: " file ": stale exception for " k
	}' "$tmp/diff" >"$tmp/verdict"
	# Names of the (key, frame, value) both report, as a multiset.
	awk -F '\t' -v file="$b" -v diffs="$NAME_DIFFS" -v used="$tmp/names-used" '
	BEGIN {
		n = split(diffs, lines, "\n")
		for (i = 1; i <= n; i++) {
			if (split(lines[i], q, ";") < 5)
				continue
			for (j = 1; j <= 4; j++) { sub(/^ +/, "", q[j]); sub(/ +$/, "", q[j]) }
			sub(/^ +/, "", q[5])
			d = q[1] " " q[2] "\t" q[3] "\t" q[4]
			doc[d] = q[5]
		}
	}
	FILENAME == ARGV[1] {
		if ($1 != "cause")
			next
		id = $2 " " $3 " " $4
		tc[id]++
		tn[id] = $5
		next
	}
	{
		id = $1
		if (!(id in tc) || tc[id] == 0)
			next
		tc[id]--
		split(id, w, " ")
		if (tn[id] == "-") {
			unnamed++
			next
		}
		compared++
		if ($2 == tn[id])
			next
		d = w[1] " " w[3] "\t" $2 "\t" tn[id]
		if (d in doc) {
			print "known: " file ": name of " w[1] " " w[3] " frame " w[2] ": ours \"" $2 "\", tshark \"" tn[id] "\": " doc[d]
			print d >> used
			namediff++
		} else
			print "FAIL: " file ": name of " w[1] " " w[3] " frame " w[2] ": ours \"" $2 "\", tshark \"" tn[id] "\""
	}
	END { printf "names %d %d %d\n", compared, unnamed, namediff }' "$g" "$tmp/ours-named" >"$tmp/names"
	grep -v '^names ' "$tmp/names" >>"$tmp/verdict"
	# per family (the key without its group): tshark's, ours, both, and
	# the differences a documented reason explains, one row each
	{
		awk '{ sub(/\/.*/, "", $1); print "tshark " $1 }' "$tmp/theirs"
		awk '{ sub(/\/.*/, "", $1); print "ours " $1 }' "$tmp/ours"
		comm -12 "$tmp/theirs" "$tmp/ours" | awk '{ sub(/\/.*/, "", $1); print "both " $1 }'
		sed -n 's|^known: [^:]*: \([a-z]*\) only: \([^ /]*\)[^ ]* .*|known-\1 \2|p' "$tmp/verdict"
	} >>"$tmp/families"
	set -- $(sed -n 's/^names //p' "$tmp/names")
	n=$(wc -l <"$tmp/ours" | tr -d ' ')
	k=$(grep -c '^known: [^:]*: [a-z]* only' "$tmp/verdict")
	if grep -q '^FAIL' "$tmp/verdict"; then
		fail=$((fail + 1))
		cat "$tmp/verdict"
	else
		pass=$((pass + 1))
		known=$((known + k))
		ncauses=$((ncauses + n))
		nnames=$((nnames + $1))
		nunnamed=$((nunnamed + $2))
		nnamediff=$((nnamediff + $3))
		echo "ok: $b: $n causes, equal to tshark's but for $k known differences; $1 names equal to tshark's but for $3 known name differences"
		if [ $verbose -eq 1 ]; then cat "$tmp/verdict"; else
			grep '^known' "$tmp/verdict" | sed 's/ frame [0-9]* value [0-9]*:/:/; s/ frame [0-9]*: ours/: ours/' | sort | uniq -c |
				sed 's/^ *\([0-9]*\) known: /  known x\1: /'
		fi
	fi
done
# a documented name difference that explained nothing in a full run is stale
if [ $full -eq 1 ]; then
	printf '%s\n' "$NAME_DIFFS" | awk -F ';' -v used="$tmp/names-used" '
	BEGIN { while ((getline l < used) > 0) u[l] = 1 }
	NF >= 5 {
		for (j = 1; j <= 4; j++) { sub(/^ +/, "", $j); sub(/ +$/, "", $j) }
		if (!(($1 " " $2 "\t" $3 "\t" $4) in u)) { print "FAIL: stale name difference: " $1 " " $2 " \"" $3 "\" / \"" $4 "\""; bad = 1 }
	}
	END { exit bad }' || fail=$((fail + 1))
fi
# Recall and precision per family: "both" over tshark's and over ours,
# with the differences explained (known) beside them. CAPTURE_FAMILIES=F
# also appends the rows to F (tools/recall.sh adds up several runs).
[ -n "${CAPTURE_FAMILIES-}" ] && cat "$tmp/families" >>"$CAPTURE_FAMILIES"
[ $verbose -eq 1 ] && family_table "$tmp/families"
echo "capture: $pass files passed, $fail failed ($ncauses causes of celltriage compared, $known known differences; $nnames names compared, $nnamediff known name differences, $nunnamed values tshark does not name)"
[ "$fail" -eq 0 ]
