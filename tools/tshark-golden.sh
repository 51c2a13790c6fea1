#!/bin/sh
# tshark-golden.sh [-o DIR] [FILE...]: tshark's reading of each capture,
# written as a golden file that tests/capture.sh compares celltriage with,
# so the test needs no tshark. One file per capture:
# DIR/<capture file name>.tsv (DIR defaults to tests/golden/tshark), for
# the same captures tests/capture.sh uses when none is named (the project's
# samples, and ../shared/captures/real/ when it is there).
#
# The file is tab-separated, after a header of "#" lines naming the tshark
# version, its options and the checksum of tools/tshark-tables.sh's tables:
#   cause  KEY FRAME VALUE NAME   every cause field of FIELDS that tshark
#                                 decodes (one line per occurrence), with
#                                 the name tshark shows for the value ("-"
#                                 when it shows none, e.g. SIP status codes);
#                                 sorted by key, frame, value
#   except SIDE KEY FRAME FILE REASON
#                                 the frames each exception of EXCEPTIONS
#                                 selects, in table order: for side tshark
#                                 only frames where tshark reports a cause of
#                                 the exception's keys (a tshark-only pair can
#                                 only be one of those), for side ours every
#                                 frame the filter selects
# Values are decimal (tshark's BASE_HEX "0x15" converted); lte-rrc values
# use celltriage's numbering (see FIELDS). The names come from tshark's PDML
# "showname" ("Cause: IMSI unknown in HSS (2)" -> "IMSI unknown in HSS"),
# the value's label being the field's name from `tshark -G fields`; a
# showname of another shape stops the script rather than guess.
#
# Deterministic: LC_ALL=C, TZ=UTC, the same tshark gives the same bytes.
# Needs tshark, POSIX sh, awk and sort. Exit 0, or 2 naming what failed.
set -u
cd "$(dirname "$0")/.." || exit 2
. tools/tshark-tables.sh
export LC_ALL=C TZ=UTC
out=$GOLDEN_DIR
if [ "${1-}" = "-o" ]; then
	[ $# -ge 2 ] || { echo "tshark-golden: -o needs a directory"; exit 2; }
	out=$2
	shift 2
fi
if ! command -v tshark >/dev/null 2>&1; then
	echo "tshark-golden: tshark not found (Debian package tshark)"
	exit 2
fi
mkdir -p "$out" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# tshark's own configuration: only the user link types (tshark-tables.sh)
mkdir -p "$tmp/wireshark" || exit 2
printf '%s\n' "$USER_DLTS" >"$tmp/wireshark/user_dlts" || exit 2
export WIRESHARK_CONFIG_DIR="$tmp/wireshark"

version=$(tshark --version 2>/dev/null | head -1)

# field -> key, and the display filter selecting frames with any of them
fieldmap=""
anyfield=""
set -f
pairs=$(printf '%s\n' "$FIELDS" | awk 'NF == 2 { print $1 "=" $2 }')
for p in $pairs; do
	fieldmap="$fieldmap $p"
	anyfield="${anyfield:+$anyfield || }${p%%=*}"
done
set +f

# field -> label ("Cause", "5GMM cause", "DTAP Cause"...): how tshark
# starts the showname of each field
tshark -G fields 2>/dev/null | awk -F '\t' -v map="$fieldmap" '
BEGIN { n = split(map, m, " "); for (i = 1; i <= n; i++) { split(m[i], p, "="); want[p[1]] = 1 } }
$1 == "F" && ($3 in want) { print $3 "\t" $2 }' >"$tmp/labels"
for p in $pairs; do
	grep -q "^${p%%=*}	" "$tmp/labels" || {
		echo "tshark-golden: this tshark has no field ${p%%=*}"
		exit 2
	}
done

# causes FILE: "cause KEY FRAME VALUE NAME" lines from tshark's PDML
causes() {
	# shellcheck disable=SC2086
	{ tshark $(tshark_opts "$1") -r "$1" -Y "$anyfield" -T pdml 2>"$tmp/err"; echo $? >"$tmp/st"; } |
	awk -v map="$fieldmap" -v labels="$tmp/labels" -v file="${1##*/}" '
	function attr(s, a) {
		if (!match(s, " " a "=\"[^\"]*\""))
			return ""
		return substr(s, RSTART + length(a) + 3, RLENGTH - length(a) - 4)
	}
	function unxml(s) {
		gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
		gsub(/&apos;/, "'\''", s); gsub(/&amp;/, "\\&", s); gsub(/\t/, " ", s)
		return s
	}
	function num(s,    i, n, d) {
		if (s !~ /^0[xX]/)
			return s + 0
		n = 0
		s = tolower(substr(s, 3))
		for (i = 1; i <= length(s); i++) {
			d = index("0123456789abcdef", substr(s, i, 1))
			if (d == 0)
				return -1
			n = n * 16 + d - 1
		}
		return n
	}
	# name: the value name in showname s of field f with value v, "-" if none
	function name(f, s, v,    rest, pre, t) {
		sub(/^[.01 ]+ = /, "", s)        # bit-field picture of a masked field
		pre = label[f] ": "
		if (substr(s, 1, length(pre)) != pre)
			return ""
		rest = substr(s, length(pre) + 1)
		if (rest == v || rest ~ ("^" v " \\(0x[0-9a-fA-F]+\\)$"))
			return "-"                   # the bare value (SIP status codes)
		t = " (" v ")"
		if (length(rest) > length(t) && substr(rest, length(rest) - length(t) + 1) == t)
			return substr(rest, 1, length(rest) - length(t))     # "Name (v)"
		if (match(rest, " \\(0x0*" sprintf("%x", v) "\\)$") && RSTART > 1)
			return substr(rest, 1, RSTART - 1)                   # "Name (0x09)": BASE_HEX
		t = "(" v ") "
		if (index(rest, t) == 1 || index(rest, ": " t) > 0)  # "[Cause: ](v) Name"
			return substr(rest, index(rest, t) + length(t))
		return ""
	}
	BEGIN {
		n = split(map, m, " ")
		for (i = 1; i <= n; i++) {
			split(m[i], p, "=")
			key[p[1]] = p[2]
		}
		while ((getline l < labels) > 0) {
			split(l, p, "\t")
			label[p[1]] = p[2]
		}
		bad = 0
	}
	/<field name="num" / { fr = attr($0, "show") }
	/<field name="/ {
		f = attr($0, "name")
		if (!(f in key))
			next
		k = key[f]
		v = num(attr($0, "show"))
		nm = name(f, unxml(attr($0, "showname")), v)
		if (nm == "") {
			printf "tshark-golden: %s: frame %s: no name in the showname of %s: %s\n", file, fr, f, attr($0, "showname") > "/dev/stderr"
			bad = 1
			next
		}
		if (k ~ /\+16$/) { sub(/\+16$/, "", k); v += 16 }
		printf "cause\t%s\t%s\t%d\t%s\n", k, fr, v, nm
	}
	END { exit bad }' || return 1
	[ "$(cat "$tmp/st")" = 0 ] || { echo "tshark-golden: ${1##*/}: tshark failed: $(grep -v 'Running as user' "$tmp/err" | head -1)" >&2; return 1; }
	return 0
}

# exceptions FILE CAUSES: "except SIDE KEY FRAME FILE REASON" for every
# exception of EXCEPTIONS that concerns FILE, in table order.
exceptions() {
	printf '%s\n' "$EXCEPTIONS" | while IFS=';' read -r ef ek es ex er; do
		ef=$(echo "$ef" | tr -d ' ')
		[ -n "$ef" ] || continue
		case $ef in '#'*) continue ;; esac
		[ "$ef" = "*" ] || [ "$ef" = "${1##*/}" ] || continue
		ek=$(echo "$ek" | tr -d ' ')
		es=$(echo "$es" | tr -d ' ')
		ex=$(echo "$ex" | sed 's/^ *//; s/ *$//')
		er=$(echo "$er" | sed 's/^ *//; s/ *$//')
		case $es in
		tshark)
			# no cause of these keys in the file: nothing to explain
			awk -F '\t' -v ks=",$ek," '$1 == "cause" && (ks == ",*," || index(ks, "," $2 ",")) { f = 1 } END { exit !f }' "$2" || continue ;;
		ours) ;;
		*) echo "tshark-golden: exception side \"$es\" is neither tshark nor ours" >&2; return 1 ;;
		esac
		# shellcheck disable=SC2086
		{ tshark $(tshark_opts "$1") -r "$1" -Y "$ex" -T fields -e frame.number 2>"$tmp/err"; echo $? >"$tmp/st"; } >"$tmp/frames"
		[ "$(cat "$tmp/st")" = 0 ] || { echo "tshark-golden: ${1##*/}: filter \"$ex\": $(grep -v 'Running as user' "$tmp/err" | head -1)" >&2; return 1; }
		awk -F '\t' -v s="$es" -v ks="$ek" -v ef="$ef" -v r="$er" -v causes="$2" '
		BEGIN {
			n = split(ks, k, ",")
			while ((getline l < causes) > 0) {
				split(l, p, "\t")
				has[p[2] " " p[3]] = 1
				has["* " p[3]] = 1
			}
		}
		{
			for (i = 1; i <= n; i++)
				if (s == "ours" || ((k[i] " " $1) in has))
					printf "except\t%s\t%s\t%s\t%s\t%s\n", s, k[i], $1, ef, r
		}' "$tmp/frames"
	done
}

if [ $# -gt 0 ]; then
	files="$*"
else
	files=$(default_captures)
	[ -d "$REAL_CAPTURES" ] || echo "notice: $REAL_CAPTURES absent: golden files of the real captures not written"
fi
fail=0 n=0
for f in $files; do
	b=${f##*/}
	if [ ! -r "$f" ]; then
		echo "tshark-golden: $f: cannot read"
		fail=1
		continue
	fi
	causes "$f" >"$tmp/c" || { fail=1; continue; }
	sort -t '	' -k2,2 -k3,3n -k4,4n -k5 "$tmp/c" >"$tmp/causes"
	exceptions "$f" "$tmp/causes" >"$tmp/except" || { fail=1; continue; }
	{
		printf '# tshark golden file of %s, written by tools/tshark-golden.sh: do not edit\n' "$b"
		printf '# tshark: %s\n' "$version"
		printf '# options: %s\n' "$(tshark_opts "$f")"
		printf '# tables: %s\n' "$TABLES_SUM"
		printf '# cause\tkey\tframe\tvalue\tname\n'
		printf '# except\tside\tkey\tframe\tfile\treason\n'
		cat "$tmp/causes" "$tmp/except"
	} >"$tmp/out"
	mv "$tmp/out" "$out/$b.tsv" || { fail=1; continue; }
	n=$((n + 1))
	echo "$out/$b.tsv: $(grep -c '^cause' "$tmp/causes") causes, $(grep -c '^except' "$tmp/except") exception frames"
done
echo "tshark-golden: $n files written"
[ "$fail" -eq 0 ] || exit 2
