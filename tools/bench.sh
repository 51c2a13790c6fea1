#!/bin/sh
# bench.sh: throughput figures, run by `make bench` (after `make all`).
# Nothing here is asserted: the figures are printed as ratios against
# references measured in the same run on the same machine, so they can be
# compared across machines.
#
# 1. Captures. tools/gen-bigcapture.c writes the project's sample messages
#    (200 subscribers cycled, one round in 4 failing: a known number of
#    failures planted) into BENCH_PARTS files (default 1) of BENCH_MB
#    megabytes in all (default 1024), and the same at BENCH_MB / 8, to show
#    whether peak memory grows with the input. On each set of files:
#      - a bare libpcap read loop (the floor: reading, nothing done),
#      - bin/celltriage capture -j 1 and -j 2, CSV (the failure events) and
#        JSON Lines (every cause as well), to /dev/null; -j 2 on one file
#        reads ahead in a second thread, on several files (BENCH_PARTS=2)
#        it reads two files at once,
#      - with BENCH_BEFORE=path, the same with another build (e.g. the
#        binary before a change) in the same run, for a before/after figure.
#    Then the same sizes with half-open TCP flows (BENCH_HALFOPEN_EVERY,
#    default 2: after one round in 2, a TCP flow carrying SIP or Diameter
#    in segments, with gaps, opened by SYN and never closed: tens of
#    thousands of flows, more than the reader follows at once): the bare
#    read, -j 1 and -j 2 (CSV), the peak RSS of both sizes side by side
#    (the transport state is bounded per flow and in all: the big file's
#    must be about the small one's), and the undecoded counts the run
#    reports (tcp_gap, tcp_incomplete, tcp_over_limit, not_reassembled ...).
#    tshark -T fields extracting the same cause fields (the peer) reads a
#    few MB/s: it is run on a slice of BENCH_TSHARK_MB megabytes (default
#    32, one file) next to the bare read and celltriage -j 1 on the same
#    slice. MB/s, packets/s, peak RSS (/usr/bin/time) and the ratio to the
#    bare read are printed; the failure events celltriage reports are
#    checked against the planted count (a check of the run, not a test).
# 2. Complaints. bin/celltriage diagnose on BENCH_COMPLAINTS (default 10000)
#    complaints in one JSON Lines file, against one complaint per process,
#    BENCH_COMPLAINTS times: what batching saves per complaint.
#    BENCH_COMPLAINTS=0 skips it.
# 3. Drive tests (tools/bench-drive.sh): bin/celltriage drivetest on
#    generated G-NetTrack logs of BENCH_DRIVE_ROWS rows (default 20000000)
#    and a tenth of that, samples/s and MB/s against cat of the same file
#    (the I/O floor), peak memory on both sizes.
# 4. The ticket store (tools/bench-store.sh): a store of BENCH_STORE_N
#    tickets (default 1000000, 1 in 100 open) written by tools/gen-store.c
#    in the export format and built through ticket import; import rate,
#    list --overdue, a filtered and a full listing, hotspots and the month
#    report (time and peak RSS), ticket file on that store against a plain
#    SQLite insert loop, and bytes per ticket, each with its target and a
#    plain SQLite reference.
# 5. The desk (tools/bench-desk.sh): `celltriage serve` over section 4's
#    store, 50 clients on loopback (wrk) on the queue and ticket pages while
#    tickets are moved: p50/p99, requests/s, errors, every move in the
#    history; reference: the same clients on /openapi.json.
# BENCH_SECTIONS (default "capture complaints drive store desk") picks sections.
set -u
cd "$(dirname "$0")/.."
sections=" ${BENCH_SECTIONS:-capture complaints drive store desk} "
want() { case $sections in *" $1 "*) return 0 ;; esac; return 1; }
mb=${BENCH_MB:-1024}
parts=${BENCH_PARTS:-1}
tmb=${BENCH_TSHARK_MB:-32}
halfopen=${BENCH_HALFOPEN_EVERY:-2}
before=${BENCH_BEFORE:-}
ncomp=${BENCH_COMPLAINTS:-10000}
bin=bin/celltriage
dir=build/bench
mkdir -p "$dir"
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE

[ -x "$bin" ] || { echo "bench: $bin not built (make all)"; exit 2; }
[ -z "$before" ] || [ -x "$before" ] || { echo "bench: BENCH_BEFORE=$before is not a program"; exit 2; }
cc=${CC:-cc}
$cc -std=c11 -O2 -o build/gen-bigcapture tools/gen-bigcapture.c -lpcap -lnghttp2 || exit 2

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
# line NAME LABEL: seconds, MB/s, packets/s, peak RSS and the ratio to the
# bare read of the same set of files ($set).
line() {
	awk -v s="$(cat "$dir/sec-$1")" -v b="$bytes" -v p="$pkts" -v r="$(cat "$dir/rss-$1")" -v l="$2" \
	    -v f="$(cat "$dir/sec-$set-bare")" \
		'BEGIN { if (s <= 0) s = 0.001
		         printf "  %-34s %7.2f s %8.1f MB/s %10.0f pkt/s %8.1f MB RSS  %5.2f of bare\n",
		                l, s, b / 1048576 / s, p / s, r / 1024, f / s }'
}

# gen SET MB COUNT [HALFOPEN_EVERY]: COUNT files of MB/COUNT megabytes
# (kept between runs), with half-open TCP flows when HALFOPEN_EVERY is
# given; sets $files, $bytes, $pkts and $planted.
gen() {
	files=""
	planted=0
	i=1
	while [ "$i" -le "$3" ]; do
		f=$dir/$1-$i.pcap
		want=$(($2 / $3))
		[ "$want" -ge 1 ] || want=1
		if [ ! -f "$f" ] || [ "$(cat "$f.mb" 2>/dev/null)" != "$want ${4:-}" ]; then
			if [ -n "${4:-}" ]; then
				build/gen-bigcapture "$f" "${want}M" 200 4 "$4" >"$f.log" || exit 2
			else
				build/gen-bigcapture "$f" "${want}M" >"$f.log" || exit 2
			fi
			echo "$want ${4:-}" >"$f.mb"
		fi
		planted=$((planted + $(awk '/^planted/ { print $2 }' "$f.log")))
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
}

# check BIN LABEL: the failure events of the CSV output must be the planted ones.
check() {
	# shellcheck disable=SC2086
	got=$("$1" capture --format csv -j 2 $files | awk 'NR > 1' | wc -l | tr -d ' ')
	if [ "$got" -eq "$planted" ]; then
		echo "  $2: $got failure events found = $planted planted"
	else
		echo "  $2: MISMATCH: $got failure events found, $planted planted"
	fi
}

# ---- 1. captures ----------------------------------------------------------
if want capture; then
small=$((mb / 8))
[ "$small" -ge "$parts" ] || small=$parts
for set in small big; do
	if [ $set = small ]; then gen small "$small" "$parts"; else gen big "$mb" "$parts"; fi
	# shellcheck disable=SC2086
	run $set-bare "$dir/bare-read" $files
	for who in after before; do
		if [ $who = after ]; then b=$bin; else b=$before; [ -n "$b" ] || continue; fi
		for fmt in csv json; do
			for j in 1 2; do
				# shellcheck disable=SC2086
				run "$set-$who-$fmt-j$j" "$b" capture --format $fmt -j $j $files
			done
		done
	done
	echo "capture benchmark ($set): $parts files, $bytes bytes, $pkts packets, $planted failures planted"
	line $set-bare "bare libpcap read (floor)"
	for who in after before; do
		if [ $who = after ]; then b=$bin; else b=$before; [ -n "$b" ] || continue; fi
		for fmt in csv json; do
			for j in 1 2; do
				line "$set-$who-$fmt-j$j" "$who: -j $j $fmt"
			done
		done
	done
	check "$bin" "after"
	[ -z "$before" ] || check "$before" "before"
done

# Half-open TCP flows: speed, peak memory on both sizes, what was given up.
if [ "$halfopen" -gt 0 ]; then
	for set in hsmall hbig; do
		if [ $set = hsmall ]; then gen hsmall "$small" 1 "$halfopen"; else gen hbig "$mb" 1 "$halfopen"; fi
		# shellcheck disable=SC2086
		run $set-bare "$dir/bare-read" $files
		for j in 1 2; do
			# shellcheck disable=SC2086
			run "$set-csv-j$j" "$bin" capture --format csv -j $j $files
		done
		# the text output's second line is the undecoded counts
		# shellcheck disable=SC2086
		"$bin" capture --format text $files 2>/dev/null | sed -n 2p >"$dir/undec-$set"
		echo "capture benchmark ($set, half-open TCP flows): $bytes bytes, $pkts packets," \
			"$(awk '/half-open/ { print $1 }' "$dir/$set-1.pcap.log") flows, $planted failures planted"
		line $set-bare "bare libpcap read (floor)"
		line $set-csv-j1 "after: -j 1 csv"
		line $set-csv-j2 "after: -j 2 csv"
		# the counts asked about first (the text output leaves out zeros),
		# then every count the run reports
		for u in not_reassembled tcp_gap; do
			printf '  %s %s;' "$u" \
				"$(sed -n "s/.*[ ,]$u \([0-9]*\).*/\1/p" "$dir/undec-$set" | grep . || echo 0)"
		done
		echo " all undecoded:"
		sed 's/^ *undecoded: /    /' "$dir/undec-$set"
		check "$bin" "after"
	done
	awk -v s="$(cat "$dir/rss-hsmall-csv-j1")" -v b="$(cat "$dir/rss-hbig-csv-j1")" \
	    -v s2="$(cat "$dir/rss-hsmall-csv-j2")" -v b2="$(cat "$dir/rss-hbig-csv-j2")" \
		'BEGIN { printf "  peak RSS, 1/8 size -> full size: -j 1 %.1f -> %.1f MB (x %.2f), -j 2 %.1f -> %.1f MB (x %.2f)%s\n",
		         s / 1024, b / 1024, b / (s ? s : 1), s2 / 1024, b2 / 1024, b2 / (s2 ? s2 : 1),
		         (b > s * 1.25 + 4096 || b2 > s2 * 1.25 + 4096) ? ": GROWS with the input" : ": flat" }'
fi

# The peer, on a slice: tshark would take too long on the big set.
if command -v tshark >/dev/null 2>&1; then
	gen slice "$tmb" 1
	set=slice
	FIELDS="-e frame.number -e gtpv2.cause -e diameter.Result-Code -e diameter.Experimental-Result-Code
 -e sip.Status-Code -e sip.reason_cause_q850 -e s1ap.radioNetwork -e s1ap.transport -e s1ap.nas
 -e s1ap.protocol -e s1ap.misc -e nas_eps.emm.cause -e nas_eps.esm.cause -e ngap.radioNetwork
 -e ngap.transport -e ngap.nas -e ngap.protocol -e ngap.misc -e nas_5gs.mm.5gmm_cause
 -e nas_5gs.sm.5gsm_cause -e gsm_a.dtap.cause -e gsm_a.dtap.rej_cause -e gsm_a.rr.RRcause
 -e lte-rrc.releaseCause -e lte-rrc.reestablishmentCause"
	# shellcheck disable=SC2086
	run slice-bare "$dir/bare-read" $files
	# shellcheck disable=SC2086
	run slice-csv "$bin" capture --format csv $files
	# shellcheck disable=SC2086
	run slice-json "$bin" capture --format json $files
	# shellcheck disable=SC2086,SC2046
	run slice-tshark tshark -n -r $files -T fields $(echo $FIELDS) -E occurrence=a
	echo "capture benchmark (tshark, on a slice of $tmb MB: the big set would take too long): $bytes bytes, $pkts packets"
	line slice-bare "bare libpcap read (floor)"
	line slice-csv "after: -j 1 csv"
	line slice-json "after: -j 1 json"
	line slice-tshark "tshark -T fields (same causes)"
	awk -v a="$(cat "$dir/sec-slice-csv")" -v t="$(cat "$dir/sec-slice-tshark")" \
		'BEGIN { if (a <= 0) a = 0.001; printf "  celltriage -j 1 csv is %.1f x as fast as tshark\n", t / a }'
else
	echo "capture benchmark: tshark not installed, no peer figures"
fi
fi
ratio() { awk -v a="$(cat "$dir/sec-$1")" -v b="$(cat "$dir/sec-$2")" 'BEGIN { if (a <= 0) a = 0.001; printf "%.2f", b / a }'; }
# ---- 2. complaints (BENCH_COMPLAINTS=0 skips this section only) ------------
if [ "$ncomp" -gt 0 ] && want complaints; then
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
fi

# ---- 3. drive tests ---------------------------------------------------------
# Parsing + statistics of G-NetTrack logs of tens of millions of rows against
# a plain read of the same file, peak memory on two sizes: tools/bench-drive.sh.
if want drive; then sh tools/bench-drive.sh; fi

# ---- 4. the ticket store ----------------------------------------------------
# The store at operator scale, built through the public import, each figure
# against its target and plain SQLite in the same run: tools/bench-store.sh.
if want store; then sh tools/bench-store.sh; fi
# 5. The desk under load, on loopback only: tools/bench-desk.sh.
if want desk; then sh tools/bench-desk.sh; fi
