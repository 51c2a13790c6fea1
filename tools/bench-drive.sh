#!/bin/sh
# bench-drive.sh: drive-test parsing + statistics throughput, the drive-test
# section of tools/bench.sh (which runs it last; it also runs alone, after
# `make all`). Nothing is asserted: figures and ratios are printed.
#
# tools/gen-bigdrive.c writes G-NetTrack Pro CSV logs of BENCH_DRIVE_ROWS
# rows (default 20000000, ~2.5 GB) and a tenth of that, from the project's
# sample route (captures/drivetest/sample-route.csv), varied lap by lap; the
# files are kept in build/bench/ and reused. For each size:
#   - cat FILE > /dev/null after a warming read: the I/O floor (page cache);
#   - celltriage drivetest --format json FILE: wall and CPU seconds,
#     samples/s, MB/s, the ratio to the floor, peak RSS (GNU time %M).
# Two routes: "route", the sample's problems (weak coverage, interference,
# ping-pong) repeated every 150 rows, and "clean" (gen-bigdrive --clean),
# the same rows with nothing wrong. Peak RSS should follow neither the
# file's size nor the number of problems found (ct_dt_read_stats in
# include/celltriage/drivetest.h): the file is read through a 1 MiB window,
# the statistics keep one entry per distinct value, the segments and events
# beyond 16384 of each are sorted through temporary files (src/util/
# spill.c), and the JSON is written out 64 KiB at a time. The number of
# problems is printed next to the memory; the clean route shows the memory
# without any. (Measured: route 22 MB at 2M rows, 128 MB at 20M before the
# spill; 12.9 and 13.4 MB with it; clean 8.4 MB both.)
set -u
cd "$(dirname "$0")/.."
rows=${BENCH_DRIVE_ROWS:-20000000}
small=$((rows / 10))
bin=bin/celltriage
dir=build/bench
mkdir -p "$dir"
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE

[ -x "$bin" ] || { echo "bench-drive: $bin not built (make all)"; exit 2; }
cc=${CC:-cc}
$cc -std=c11 -O2 -o build/gen-bigdrive tools/gen-bigdrive.c || exit 2

now() { date +%s%N; }  # GNU date: nanoseconds

echo "drive-test benchmark (G-NetTrack CSV from tools/gen-bigdrive.c)"
printf '  %-10s %-22s %8s %8s %10s %12s %8s %9s %9s\n' rows what "wall s" "cpu s" "MB/s" "samples/s" "x floor" "peak MB" problems
for route in route clean; do
for n in $small $rows; do
	f=$dir/drive-$route-$n.csv
	opt=
	[ $route = clean ] && opt=--clean
	if [ ! -s "$f" ]; then
		build/gen-bigdrive $opt captures/drivetest/sample-route.csv "$n" >"$f.tmp" && mv "$f.tmp" "$f" || {
			echo "bench-drive: cannot write $f"; rm -f "$f.tmp"; exit 2; }
	fi
	bytes=$(wc -c <"$f")
	cat "$f" >/dev/null  # warm the page cache: both readers start equal
	t0=$(now)
	cat "$f" >/dev/null
	t1=$(now)
	floor=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }')
	t0=$(now)
	/usr/bin/time -f '%M %U %S' -o "$dir/drive-time" "$bin" drivetest --format json "$f" \
		>"$dir/drive-out.json" 2>"$dir/drive-err" || {
		echo "bench-drive: celltriage failed: $(head -3 "$dir/drive-err")"; exit 2; }
	t1=$(now)
	wall=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }')
	samples=$(sed -n 's/^{[^{]*"samples":\([0-9]*\),.*/\1/p' "$dir/drive-out.json")
	problems=$(grep -o '"kind":' "$dir/drive-out.json" | wc -l)
	set -- $(cat "$dir/drive-time")
	awk -v b="$bytes" -v s="$floor" 'BEGIN { if (s <= 0) s = 0.001
		printf "  %-10s %-22s %8.2f %8s %10.0f %12s %8s %9s %9s\n", "", "cat (I/O floor)", s, "", b / 1e6 / s, "", "", "", "" }'
	awk -v n="$n" -v b="$bytes" -v w="$wall" -v u="$2" -v sy="$3" -v sm="$samples" -v fl="$floor" \
	    -v rss="$1" -v pr="$problems" -v r="$route" 'BEGIN { if (w <= 0) w = 0.001; if (fl <= 0) fl = 0.001
		printf "  %-10s %-22s %8.2f %8.2f %10.0f %12.0f %8.1f %9.1f %9d\n", n, "celltriage (" r ")", w,
		       u + sy, b / 1e6 / w, sm / w, w / fl, rss / 1024, pr }'
done
done
echo "  (x floor: celltriage's wall time over cat's; peak MB: maximum resident set;"
echo "   problems: segments + events in the JSON, which grow with the route; memory does not)"
