#!/bin/sh
# gen-captures.sh: rebuilds the generator (no Makefile rule: it is a tool,
# not part of the product) and regenerates captures/signalling/*.pcap.
# The files are committed; rerun after changing tools/gen-captures.c and
# review `git diff --stat captures/signalling` and the golden outputs.
set -eu
cd "$(dirname "$0")/.."
mkdir -p build captures/signalling
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wformat=2 -Wvla -o build/gen-captures tools/gen-captures.c -lpcap
build/gen-captures captures/signalling
ls -l captures/signalling
