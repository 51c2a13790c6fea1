#!/bin/sh
# install.sh: `make install` into a temporary DESTDIR, with the default
# PREFIX and with another one: the binary runs, the manual page is where
# `man celltriage` looks and renders without a warning, the profiles load,
# the documentation and schemas are there; `make uninstall` leaves nothing.
# Needs the release binary built (make all); reads the page with man-db's
# `man` when it is there (a notice says when it is not).
set -u
cd "$(dirname "$0")/.."
export TZ=UTC LC_ALL=C
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
exists() { [ -f "$1" ] && ok || bad "$2: $1 not installed"; }

# check_prefix DESTDIR PREFIX [make arguments]
check_prefix() {
	d=$1 p=$2
	shift 2
	if ! make -s install DESTDIR="$d" "$@" >"$tmp/make.log" 2>&1; then
		bad "make install DESTDIR=$d $*: $(tail -3 "$tmp/make.log")"
		return
	fi
	r=$d$p
	exists "$r/bin/celltriage" binary
	[ -x "$r/bin/celltriage" ] && ok || bad "$r/bin/celltriage is not executable"
	exists "$r/share/man/man1/celltriage.1" "manual page"
	for f in profiles/*.cfg; do
		exists "$r/share/celltriage/$f" profile
	done
	exists "$r/share/doc/celltriage/README.md" documentation
	for f in doc/*.md doc/schema/*.json doc/drivetest-cdf.png; do
		exists "$r/share/doc/celltriage/$f" documentation
		cmp -s "$f" "$r/share/doc/celltriage/$f" || bad "$f installed differs from the source"
	done
	[ "$(ls doc/*.md | wc -l)" -ge 6 ] && ok || bad "fewer than 6 documents in doc/"

	# The installed binary runs, with an installed profile.
	"$r/bin/celltriage" --help >"$tmp/help" 2>&1 && ok || bad "$r/bin/celltriage --help failed"
	"$r/bin/celltriage" diagnose --profile "$r/share/celltriage/profiles/strict-lte.cfg" \
		captures/complaints/slow-data-lte.json >"$tmp/out" 2>&1 &&
		grep -q '^verdict ' "$tmp/out" && ok ||
		bad "diagnose with the installed strict-lte.cfg: $(head -3 "$tmp/out")"

	# The page renders cleanly and is where `man celltriage` looks.
	if groff -man -ww -z "$r/share/man/man1/celltriage.1" >"$tmp/groff" 2>&1 && [ ! -s "$tmp/groff" ]; then
		ok
	else
		bad "groff warns about the installed page: $(head -3 "$tmp/groff")"
	fi
	if command -v man >/dev/null 2>&1; then
		MANWIDTH=80 man -l "$r/share/man/man1/celltriage.1" >"$tmp/page" 2>"$tmp/man.err"
		if grep -q 'celltriage - network-fault triage for wireless complaints' "$tmp/page" &&
		   grep -q '^EXAMPLES' "$tmp/page" && [ ! -s "$tmp/man.err" ]; then
			ok
		else
			bad "man -l of the installed page: $(head -3 "$tmp/man.err")"
		fi
		where=$(MANPATH="$r/share/man" man -w celltriage 2>/dev/null)
		[ "$where" = "$r/share/man/man1/celltriage.1" ] && ok ||
			bad "man -w celltriage with MANPATH=$r/share/man found '$where'"
	else
		echo "notice: no man command: the installed page was not read with man"
	fi

	make -s uninstall DESTDIR="$d" "$@" >"$tmp/make.log" 2>&1 ||
		bad "make uninstall DESTDIR=$d $*: $(tail -3 "$tmp/make.log")"
	left=$(find "$d" -type f | head -5)
	[ -z "$left" ] && ok || bad "make uninstall left: $left"
}

check_prefix "$tmp/default" /usr/local
check_prefix "$tmp/opt" /opt/ct PREFIX=/opt/ct

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
