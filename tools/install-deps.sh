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
# -v) gives the benchmarks' peak memory. libmicrohttpd (with its GnuTLS
# support) and libsodium (argon2id, SHA-256, random tokens) make `celltriage
# serve` and its users; curl drives the server in tests/desk.sh.
pkgs="build-essential pkg-config libpcap-dev libsqlite3-dev libconfig-dev libgsl-dev
libjansson-dev libxml2-dev libcmocka-dev libmicrohttpd-dev libsodium-dev sqlite3 clang
libclang-rt-dev tshark python3-jsonschema man-db time curl"
# Optional tools used by parts of the test suite and by `make fuzz`; the suite
# skips (with a notice) what needs them when they cannot be installed.
extra="${CELLTRIAGE_EXTRA_PKGS-}"

missing=""
for p in $pkgs $extra; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
