#!/bin/sh
# bench.sh: throughput figures, run by `make bench` (after `make all`).
# Nothing here is asserted: the figures are printed as ratios against
# references measured in the same run on the same machine, so they can be
# compared across machines.
#
# 1. Captures. tools/gen-captures.c --big writes BENCH_MB megabytes (default
#    256) of the project's sample messages, in BENCH_PARTS files (default 4;
#    `celltriage capture -j N` reads files in parallel, one per worker), with
#    6 failures planted per round of 10 frames. On the same files:
#      - a bare libpcap read loop (the floor: reading, nothing done),
#      - bin/celltriage capture -j 1 and -j 2, CSV (the failure events) and
#        JSON Lines (every cause as well), to /dev/null,
#      - tshark -T fields extracting the same cause fields (the peer).
#    MB/s, packets/s, peak memory, and the ratios celltriage/bare read and
#    celltriage/tshark are printed.
# 2. Complaints. bin/celltriage diagnose on BENCH_COMPLAINTS (default 10000)
#    complaints in one JSON Lines file, against one complaint per process,
#    BENCH_COMPLAINTS times: what batching saves per complaint.
# 3. Drive tests (tools/bench-drive.sh): bin/celltriage drivetest on
#    generated G-NetTrack logs of BENCH_DRIVE_ROWS rows (default 20000000)
#    and a tenth of that, samples/s and MB/s against cat of the same file
#    (the I/O floor), peak memory on both sizes.
set -u
cd "$(dirname "$0")/.."
mb=${BENCH_MB:-256}
parts=${BENCH_PARTS:-4}
ncomp=${BENCH_COMPLAINTS:-10000}
bin=bin/celltriage
dir=build/bench
mkdir -p "$dir"
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE

[ -x "$bin" ] || { echo "bench: $bin not built (make all)"; exit 2; }
cc=${CC:-cc}
$cc -std=c11 -O2 -o build/gen-captures tools/gen-captures.c -lpcap || exit 2

# The floor: libpcap reading every packet and touching nothing but its length.
cat >"$dir/bare-read.c" <<'EOF'
#define _DEFAULT_SOURCE
#include <pcap/pcap.h>
#include <stdio.h>
int
main(int argc, char **argv)
{
	unsigned long long pkts = 0, bytes = 0;
	for (int i = 1; i < argc; i++) {
		char eb[PCAP_ERRBUF_SIZE];
		struct pcap_pkthdr *h;
		const u_char *d;
		pcap_t *p = pcap_open_offline(argv[i], eb);
		if (!p) { fprintf(stderr, "%s\n", eb); return 2; }
		while (pcap_next_ex(p, &h, &d) == 1) { pkts++; bytes += h->caplen; }
		pcap_close(p);
	}
	printf("%llu packets %llu bytes\n", pkts, bytes);
	return 0;
}
EOF
$cc -std=c11 -O2 -o "$dir/bare-read" "$dir/bare-read.c" -lpcap || exit 2

now() { date +%s%N; }  # GNU date: nanoseconds
# run NAME CMD...: times CMD (stdout to /dev/null), keeps seconds and peak RSS (kB).
run() {
	name=$1
	shift
	t0=$(now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$dir/rss-$name" "$@" >/dev/null 2>"$dir/err-$name"
	else
		"$@" >/dev/null 2>"$dir/err-$name"
		echo 0 >"$dir/rss-$name"
	fi
	rc=$?
	t1=$(now)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e9 }' >"$dir/sec-$name"
	[ $rc -eq 0 ] || { echo "bench: $name failed (exit $rc): $(head -3 "$dir/err-$name")"; }
}

# ---- 1. captures ----------------------------------------------------------
files=""
i=1
while [ $i -le "$parts" ]; do
	f=$dir/big-$i.pcap
	want=$((mb / parts))
	[ "$want" -ge 1 ] || want=1
	# regenerate only when missing or of another size
	if [ ! -f "$f" ] || [ "$(cat "$f.mb" 2>/dev/null)" != "$want" ]; then
		build/gen-captures --big "$f" "$want" >/dev/null || exit 2
		echo "$want" >"$f.mb"
	fi
	files="$files $f"
	i=$((i + 1))
done
# shellcheck disable=SC2086
bytes=$(cat $files | wc -c | tr -d ' ')
# shellcheck disable=SC2086
pkts=$("$dir/bare-read" $files | awk '{ print $1 }')
# warm the page cache so every reader starts equal
# shellcheck disable=SC2086
cat $files >/dev/null

FIELDS="-e frame.number -e gtpv2.cause -e diameter.Result-Code -e diameter.Experimental-Result-Code
 -e sip.Status-Code -e sip.reason_cause_q850 -e s1ap.radioNetwork -e s1ap.transport -e s1ap.nas
 -e s1ap.protocol -e s1ap.misc -e nas_eps.emm.cause -e nas_eps.esm.cause -e ngap.radioNetwork
 -e ngap.transport -e ngap.nas -e ngap.protocol -e ngap.misc -e nas_5gs.mm.5gmm_cause
 -e nas_5gs.sm.5gsm_cause -e gsm_a.dtap.cause -e gsm_a.dtap.rej_cause -e gsm_a.rr.RRcause
 -e lte-rrc.releaseCause -e lte-rrc.reestablishmentCause"
# (/usr/bin/time runs programs, not shell functions: a script)
{
	echo 'for f in "$@"; do'
	echo '	tshark -n -r "$f" -T fields '$(echo $FIELDS)' -E occurrence=a || exit 1'
	echo 'done'
} >"$dir/tshark-all.sh"

# shellcheck disable=SC2086
run bare "$dir/bare-read" $files
# shellcheck disable=SC2086
run j1 "$bin" capture --format csv -j 1 $files
# shellcheck disable=SC2086
run j2 "$bin" capture --format csv -j 2 $files
# shellcheck disable=SC2086
run j1json "$bin" capture --format json -j 1 $files
# shellcheck disable=SC2086
run j2json "$bin" capture --format json -j 2 $files
have_tshark=0
if command -v tshark >/dev/null 2>&1; then
	have_tshark=1
	# shellcheck disable=SC2086
	run tshark sh "$dir/tshark-all.sh" $files
fi

# The planted failures, as celltriage counts them (a check of the run, not a test).
# shellcheck disable=SC2086
events=$("$bin" capture --format csv -j 2 $files | awk 'NR > 1' | wc -l | tr -d ' ')

echo "capture benchmark: $parts files, $bytes bytes, $pkts packets, $events failure events found"
line() { # name label
	awk -v s="$(cat "$dir/sec-$1")" -v b="$bytes" -v p="$pkts" -v r="$(cat "$dir/rss-$1")" -v l="$2" \
		'BEGIN { if (s <= 0) s = 0.001
		         printf "  %-34s %8.2f s %9.1f MB/s %11.0f packets/s %8.1f MB peak RSS\n",
		                l, s, b / 1048576 / s, p / s, r / 1024 }'
}
line bare "bare libpcap read (floor)"
line j1 "celltriage capture -j 1 (csv)"
line j2 "celltriage capture -j 2 (csv)"
line j1json "celltriage capture -j 1 (json)"
line j2json "celltriage capture -j 2 (json)"
[ $have_tshark -eq 1 ] && line tshark "tshark -T fields (same causes)"
ratio() { awk -v a="$(cat "$dir/sec-$1")" -v b="$(cat "$dir/sec-$2")" 'BEGIN { if (a <= 0) a = 0.001; printf "%.2f", b / a }'; }
echo "  ratios (throughput, higher is faster):"
echo "    celltriage -j 1 / bare read:   $(ratio j1 bare)"
echo "    celltriage -j 2 / bare read:   $(ratio j2 bare)"
echo "    celltriage -j 2 / -j 1:        $(ratio j2 j1)"
echo "    json -j 1 / bare read:         $(ratio j1json bare)  (JSON lists every cause: jansson builds it in memory)"
if [ $have_tshark -eq 1 ]; then
	echo "    celltriage -j 1 / tshark:      $(ratio j1 tshark)"
	echo "    celltriage -j 2 / tshark:      $(ratio j2 tshark)"
else
	echo "    (tshark not installed: no peer figures)"
fi

# ---- 2. complaints ----------------------------------------------------------
one=captures/complaints/weak-coverage-vip.json
batch=$dir/complaints-$ncomp.jsonl
if [ ! -f "$batch" ]; then
	# One object per line, ids and numbers varied so no two are equal.
	tr -d '\n' <"$one" | awk -v n="$ncomp" '{
		for (i = 1; i <= n; i++) {
			s = $0
			sub(/"C20261120-0001"/, sprintf("\"B%06d\"", i), s)
			sub(/"signal_dbm": -101/, sprintf("\"signal_dbm\": %d", -70 - i % 50), s)
			print s
		}
	}' >"$batch"
fi
run batch "$bin" diagnose --format json "$batch"
cat >"$dir/single-runs.sh" <<EOF
i=0
while [ \$i -lt $ncomp ]; do
	$bin diagnose --format json $one || exit 1
	i=\$((i + 1))
done
EOF
run single sh "$dir/single-runs.sh"
echo "diagnose benchmark: $ncomp complaints"
awk -v s="$(cat "$dir/sec-batch")" -v n="$ncomp" 'BEGIN { if (s <= 0) s = 0.001
	printf "  %-34s %8.2f s %9.0f complaints/s\n", "one JSON Lines file", s, n / s }'
awk -v s="$(cat "$dir/sec-single")" -v n="$ncomp" 'BEGIN { if (s <= 0) s = 0.001
	printf "  %-34s %8.2f s %9.0f complaints/s\n", "one process per complaint", s, n / s }'
echo "  ratio batch / one per process:   $(ratio batch single)"

# ---- 3. drive tests ---------------------------------------------------------
# Parsing + statistics of G-NetTrack logs of tens of millions of rows against
# a plain read of the same file, peak memory on two sizes: tools/bench-drive.sh.
sh tools/bench-drive.sh
