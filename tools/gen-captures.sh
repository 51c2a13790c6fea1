#!/bin/sh
# gen-captures.sh: rebuilds the generator (no Makefile rule: it is a tool,
# not part of the product) and regenerates captures/signalling/*.pcap (and
# the .pcap.gz).
# The files are committed; rerun after changing tools/gen-captures.c and
# review `git diff --stat captures/signalling` and the golden outputs.
set -eu
cd "$(dirname "$0")/.."
mkdir -p build captures/signalling
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wformat=2 -Wvla -o build/gen-captures tools/gen-captures.c -lpcap -lnghttp2
build/gen-captures captures/signalling
# A compressed capture, as Wireshark writes one when asked to and as traces
# are archived: read by its content. -n: no name or time in the header, so
# the file is the same on every run.
gzip -n -9 -c captures/signalling/lte-attach-reject.pcap >captures/signalling/lte-attach-reject.pcap.gz
# zstd and LZ4 frames too (tshark 4.0 reads neither: tests/cli.sh compares
# them with the plain file instead of tests/capture.sh with tshark).
zstd -q -19 --no-progress -c captures/signalling/lte-attach-reject.pcap >captures/signalling/lte-attach-reject.pcap.zst
lz4 -q -9 -c captures/signalling/lte-attach-reject.pcap >captures/signalling/lte-attach-reject.pcap.lz4
ls -l captures/signalling
