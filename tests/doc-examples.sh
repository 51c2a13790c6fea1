#!/bin/sh
# doc-examples.sh: every console example of README.md and of the manual page
# runs as shown, as doctest does for Python's docstrings.
#
# An example is a line "$ COMMAND" (continued on the next lines while a line
# ends with a backslash) followed by the output it shows, up to the next "$ "
# line or the end of the block: in README.md the ```console blocks, in
# doc/celltriage.1 the .nf/.fi blocks of EXAMPLES (roff escapes undone). A
# "..." stands for any text, as doctest's ELLIPSIS, and a line that is just
# "..." (indented or not) for any whole lines, none included; everything
# else must be there as shown, trailing blanks (and CRs) aside.
# The output compared is standard output followed by standard error. A
# command must exit 0 unless the output shown has a "celltriage: " or
# "celltriage COMMAND: " error line.
#
# Each document's examples run in order, in a fresh directory holding the
# shipped samples (captures/, profiles/) and bin/celltriage, with a fresh
# store ($CELLTRIAGE_STORE), TZ=UTC, LC_ALL=C and USER=alice; `celltriage`
# is on PATH. Times the output depends on are given with --now in the
# examples themselves. CELLTRIAGE=path picks the binary (default: the
# sanitizer build).
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${CELLTRIAGE:-build/asan/celltriage}
case $bin in /*) ;; *) bin=$root/$bin ;; esac
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# extract NAME < TEXT: splits examples into $tmp/NAME/N.cmd, N.exp, N.at
# (the source line). TEXT holds only the example blocks, each line prefixed
# with its line number and a tab; a line "@@" ends a block.
extract() {
	mkdir -p "$tmp/$1"
	awk -F '\t' -v dir="$tmp/$1" '
	function close_ex() {
		if (n) { close(dir "/" n ".cmd"); close(dir "/" n ".exp") }
	}
	$2 == "@@" && NF == 2 { close_ex(); incmd = 0; inex = 0; next }
	{
		line = substr($0, index($0, "\t") + 1)
		if (incmd) {
			print line > (dir "/" n ".cmd")
			incmd = line ~ /\\$/
			next
		}
		if (line ~ /^\$ /) {
			close_ex()
			n++
			print $1 > (dir "/" n ".at")
			close(dir "/" n ".at")
			printf "" > (dir "/" n ".exp")
			print substr(line, 3) > (dir "/" n ".cmd")
			incmd = line ~ /\\$/
			inex = 1
			next
		}
		if (inex)
			print line > (dir "/" n ".exp")
	}
	END { close_ex() }'
}

# README.md: the ```console blocks.
awk '
/^```console[ \t]*$/ { on = 1; next }
on && /^```[ \t]*$/ { on = 0; print NR "\t@@"; next }
on { print NR "\t" $0 }' README.md | extract readme

# The manual page: the .nf/.fi blocks of EXAMPLES, roff escapes undone. A
# bare "-" there would print as a hyphen, not the minus a command needs.
awk '
/^\.SH / { ex = ($0 ~ /^\.SH EXAMPLES/); next }
ex && /^\.nf/ { on = 1; next }
ex && /^\.fi/ { on = 0; print NR "\t@@"; next }
ex && on { print NR "\t" $0 }' doc/celltriage.1 >"$tmp/man.raw"
awk -F '\t' '$2 ~ /(^|[^\\])-/ { print $1 }' "$tmp/man.raw" >"$tmp/man.dash"
while read -r at; do
	fail=$((fail + 1))
	echo "FAIL: doc/celltriage.1:$at: a bare - in an example prints as a hyphen (write \\-)"
done <"$tmp/man.dash"
sed 's/\\-/-/g; s/\\(dq/"/g; s/\\(aq/'"'"'/g; s/\\(ti/~/g; s/\\&//g; s/\\e/\\/g' "$tmp/man.raw" |
	extract man

# match EXPECTED GOT: 0 when GOT is EXPECTED with each "..." standing for
# any text (doctest's ELLIPSIS); a line that is only "..." stands for any
# whole lines, none included. Trailing blanks, and blank lines at the end,
# are ignored on both sides.
match() {
	awk '
	function trim(s) { sub(/[ \t\r]+$/, "", s); return s }
	FNR == 1 { f++ }
	f == 1 { e[++ne] = trim($0); next }
	{ g[++ng] = trim($0) }
	END {
		while (ne > 0 && e[ne] == "") ne--
		while (ng > 0 && g[ng] == "") ng--
		G = ""
		for (i = 1; i <= ng; i++) G = G g[i] "\n"
		# Pieces of literal text between the ellipses; kind[k] is "line"
		# when the ellipsis after piece k is a line of its own.
		np = 1; p[1] = ""
		for (i = 1; i <= ne; i++) {
			if (e[i] ~ /^[ \t]*\.\.\.$/) {
				kind[np] = "line"; p[++np] = ""
				continue
			}
			rest = e[i]
			while ((j = index(rest, "...")) > 0) {
				p[np] = p[np] substr(rest, 1, j - 1)
				kind[np] = "inline"; p[++np] = ""
				rest = substr(rest, j + 3)
			}
			p[np] = p[np] rest "\n"
		}
		if (np == 1) exit !(G == p[1])
		lg = length(G)
		if (substr(G, 1, length(p[1])) != p[1]) exit 1
		pos = length(p[1]) + 1
		for (k = 2; k <= np; k++) {
			len = length(p[k])
			if (k == np) {
				s = lg - len + 1
				if (s < pos || substr(G, s, len) != p[k] || !ok_start(s)) exit 1
				exit 0
			}
			for (s = pos; s + len - 1 <= lg; s++)
				if (substr(G, s, len) == p[k] && ok_start(s)) break
			if (s + len - 1 > lg) exit 1
			pos = s + len
		}
	}
	# After a line of "...", the text goes on at the start of a line.
	function ok_start(s) {
		return kind[k - 1] != "line" || s == pos || substr(G, s - 1, 1) == "\n"
	}' "$1" "$2"
}

# run DOC NAME: the examples of one document in a fresh directory and store.
run() {
	doc=$1 name=$2
	w=$tmp/work-$name
	mkdir -p "$w/bin"
	ln -s "$root/captures" "$w/captures"
	ln -s "$root/profiles" "$w/profiles"
	ln -s "$bin" "$w/bin/celltriage"
	n=1
	count=0
	while [ -f "$tmp/$name/$n.cmd" ]; do
		at=$(cat "$tmp/$name/$n.at")
		(
			cd "$w" &&
			env -u CELLTRIAGE_PROFILE TZ=UTC LC_ALL=C USER=alice HOME="$w" \
				CELLTRIAGE_STORE="$w/tickets.db" PATH="$w/bin:$PATH" \
				sh "$tmp/$name/$n.cmd" >"$tmp/out" 2>"$tmp/err"
		)
		rc=$?
		cat "$tmp/out" "$tmp/err" >"$tmp/got"
		why=""
		if ! match "$tmp/$name/$n.exp" "$tmp/got"; then
			why="output differs"
		elif [ "$rc" -ne 0 ] && ! grep -q '^celltriage\( [a-z]*\)\{0,1\}: ' "$tmp/$name/$n.exp"; then
			why="exit status $rc, and the example shows no error"
		fi
		if [ -z "$why" ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $doc:$at: $why"
			awk '{ print (NR == 1 ? "  $ " : "    ") $0 }' "$tmp/$name/$n.cmd"
			echo "  --- shown"
			sed 's/^/  | /' "$tmp/$name/$n.exp" | head -40
			echo "  --- got (exit $rc)"
			sed 's/^/  | /' "$tmp/got" | head -40
		fi
		n=$((n + 1))
		count=$((count + 1))
	done
	# A document whose examples all vanished is a failure, not a pass.
	if [ "$count" -lt "$3" ]; then
		fail=$((fail + 1))
		echo "FAIL: $doc: $count examples found, expected at least $3"
	fi
}

run README.md readme 20
run doc/celltriage.1 man 8

echo "doc-examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
