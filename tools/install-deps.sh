#!/bin/sh
# Installs the Debian packages celltriage needs to build, test, fuzz and benchmark,
# but only those that are missing. Run by `make deps` (and so by `make demo` and
# `make test`); safe to run again. Needs root or sudo for apt-get.
set -eu

# clang + libclang-rt-dev build the libFuzzer targets (make test runs them
# briefly); tshark is the reference decoder the capture tests compare with;
# python3-jsonschema (4.x: JSON Schema draft 2020-12) checks the complaints
# and verdicts against doc/schema/ (tests/schema.sh); man-db reads the
# installed manual page in the install test; time (GNU time, /usr/bin/time
# -v) gives the benchmarks' peak memory; libpq-dev is the PostgreSQL
# store's client library. libmicrohttpd (with its GnuTLS support) and
# libsodium (argon2id, SHA-256, random tokens) make `celltriage serve` and
# its users; curl drives the server in tests/desk.sh; wrk loads it in
# `make bench` (loopback only). tzdata is the zone database the profile's
# time.zone and --tz name (/usr/share/zoneinfo). zlib, libzstd and liblz4
# decompress gzip, zstd and LZ4 compressed captures. libnghttp2-dev's HPACK
# inflater reads the header blocks of HTTP/2 (the 5G core's SBI) in
# captures, and its deflater writes them in the sample captures
# (tools/gen-captures.c). chromium is the
# browser tests/console.sh drives (headless) through playwright-core, an
# npm package (tests/console/package-lock.json, installed with `npm ci`)
# run by Node.js: nodejs and npm are Debian's unless a node and an npm are
# on the PATH already (another build of Node.js brings its own npm, which
# Debian's npm package would conflict with).
pkgs="build-essential pkg-config libpcap-dev libsqlite3-dev libconfig-dev libgsl-dev
libjansson-dev libxml2-dev libcmocka-dev libmicrohttpd-dev libsodium-dev sqlite3 clang
libclang-rt-dev tshark python3-jsonschema man-db time libpq-dev curl wrk tzdata chromium
zlib1g-dev libzstd-dev liblz4-dev libnghttp2-dev"
# The PostgreSQL server (initdb, pg_ctl, psql, amcheck) for the throwaway
# cluster the store suites also run against (tools/pg-cluster.sh); when it
# cannot be installed, the suite skips those runs with a notice.
server="postgresql-15"
# Optional tools used by parts of the test suite and by `make fuzz`; the suite
# skips (with a notice) what needs them when they cannot be installed.
extra="${CELLTRIAGE_EXTRA_PKGS-}"

# missing PKG...: those of PKG not installed.
missing() {
	for p in "$@"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$st" = "installed" ] || printf ' %s' "$p"
	done
}
# shellcheck disable=SC2086
missing=$(missing $pkgs $extra)
command -v node >/dev/null 2>&1 || missing="$missing$(missing nodejs)"
command -v npm >/dev/null 2>&1 || missing="$missing$(missing npm)"
# shellcheck disable=SC2086
missing_server=$(missing $server)

# The console test's npm packages, exactly as locked, when they are not
# there yet or the lock changed since; a failure is a notice (the suite
# says it skipped, and fails under CI=true).
console_modules() {
	dir=$(dirname "$0")/../tests/console
	[ -f "$dir/node_modules/.package-lock.json" ] &&
		[ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] && return 0
	command -v npm >/dev/null 2>&1 || return 0
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
		echo "install-deps: notice: npm ci in tests/console failed: the console suite will skip" >&2
}
if [ -z "$missing$missing_server" ]; then
	console_modules
	exit 0
fi

echo "install-deps: installing:$missing$missing_server" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
elif [ -z "$missing" ]; then
	echo "install-deps: notice: cannot install$missing_server (not root, no sudo): the store suites run on SQLite only" >&2
	exit 0
else
	echo "install-deps: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ -n "$missing_server" ]; then
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing_server >/dev/null ||
		echo "install-deps: notice: could not install$missing_server: the store suites run on SQLite only" >&2
fi
console_modules
