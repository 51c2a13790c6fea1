#!/bin/sh
# drivetest-mem.sh [ROWS]: `celltriage drivetest` with every output at
# once (text, --kml, --geojson, --plot) keeps its memory independent of the
# log's length: a G-NetTrack log of ROWS rows (default 2,000,000, about
# 300 MB), generated here with awk, with positions, 5G NSA rows (an NR leg),
# weak and interfered stretches on both legs, cell changes that ping-pong,
# is read under /usr/bin/time -v, and so is one of ROWS/10 rows. The bound:
# the peak resident set of the long run stays under 48 MB, and above the
# short run's by less than 8 MB (a log ten times longer costs no more
# memory; measured: about 19 MB for 200,000 rows and 21 MB for 2,000,000;
# before the maps were written as the log was read, 1,000,000 rows took
# 5 GB). Also checked: the maps and the plot are whole (their last
# line, and one sample placemark or feature per row).
#
# Without /usr/bin/time (GNU time) the check is skipped with a notice.
# Uses the release binary (bin/celltriage); CELLTRIAGE=path picks another
# (a sanitizer build's memory is not the program's).
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-bin/celltriage}
rows=${1:-2000000}
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
	echo "drivetest-mem: notice: no GNU /usr/bin/time, memory check skipped"
	exit 0
fi
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# gen N: a G-NetTrack log of N rows, one a second along a road.
gen() {
	awk -v n="$1" 'BEGIN {
		print "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR,CQI,RSSI,DL_bitrate,UL_bitrate,State,PINGAVG,PINGMIN,PINGMAX,PINGSTDEV,PINGLOSS,CELLHEX,NODEHEX,LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ"
		for (i = 0; i < n; i++) {
			t = 1581598800 + i
			d = int(t / 86400); s = t % 86400
			# days since 1970 -> civil date (Hinnant)
			z = d + 719468; era = int(z / 146097); doe = z - era * 146097
			yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
			y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
			mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
			mm = mp < 10 ? mp + 3 : mp - 9; y += mm <= 2
			nsa = int(i / 300) % 2
			rsrp = -80 - (int(i / 50) % 40)
			snr = int(i / 7) % 5 == 0 ? -6 : 12
			cell = 11016960 + int(i / 3) % 2 + (int(i / 500) % 3 ? 0 : 2)
			printf "%04d.%02d.%02d_%02d.%02d.%02d,%.6f,%.6f,40,B,3,%s,%d,-%d,%d.0,5,-91,%d,%d,D,-,-,-,-,-,3,A81B,9CBA,%d,",
				y, mm, dd, int(s / 3600), int(s / 60) % 60, s % 60,
				-8.4 + (i % 100000) * 0.00001, 51.9 + int(i / 100000) * 0.001,
				nsa ? "5G" : "LTE", rsrp, 8 + i % 9, snr, (i * 37) % 5000, i % 100, cell
			if (nsa)
				printf "%d.0,%d.0\n", -95 - int(i / 30) % 25, -(10 + int(i / 3) % 8)
			else
				printf "-,-\n"
		}
	}'
}

# run N: the log of N rows through every output; its peak RSS in kB in $rss.
run() {
	rss=0
	gen "$1" >"$tmp/log.csv"
	if ! /usr/bin/time -v -o "$tmp/time" "$bin" drivetest --kml "$tmp/m.kml" --geojson "$tmp/m.geojson" \
		--plot "$tmp/m.svg" "$tmp/log.csv" >"$tmp/out" 2>"$tmp/err"; then
		bad "drivetest of $1 rows failed: $(head -3 "$tmp/err")"
		return
	fi
	tail -1 "$tmp/m.kml" | grep -q '^</kml>$' && ok || bad "$1 rows: the KML is not whole"
	[ "$(grep -c '<Placemark><styleUrl>#' "$tmp/m.kml")" -eq "$1" ] && ok ||
		bad "$1 rows: $(grep -c '<Placemark><styleUrl>#' "$tmp/m.kml") sample placemarks"
	tail -c 3 "$tmp/m.geojson" | grep -q ']}' && ok || bad "$1 rows: the GeoJSON is not whole"
	[ "$(grep -o '"feature":"sample"' "$tmp/m.geojson" | wc -l)" -eq "$1" ] && ok ||
		bad "$1 rows: not one sample feature per row"
	grep -q '^</svg>$' "$tmp/m.svg" && grep -q '>nr, [0-9]* samples<' "$tmp/m.svg" && ok ||
		bad "$1 rows: the plot is not whole or has no NR curve"
	grep -q ' on nr$' "$tmp/out" && ok || bad "$1 rows: no NR segment in the text"
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")
	rm -f "$tmp/log.csv" "$tmp/m.kml" "$tmp/m.geojson" "$tmp/m.svg" "$tmp/out"
}

run $((rows / 10))
short=$rss
run "$rows"
long=$rss
echo "drivetest-mem: peak RSS $short kB for $((rows / 10)) rows, $long kB for $rows rows"
[ "$long" -gt 0 ] && [ "$long" -lt $((48 * 1024)) ] && ok ||
	bad "peak RSS $long kB for $rows rows, the bound is 48 MB"
[ "$long" -gt 0 ] && [ "$short" -gt 0 ] && [ $((long - short)) -lt $((8 * 1024)) ] && ok ||
	bad "peak RSS grew by $((long - short)) kB from $((rows / 10)) to $rows rows (bound 8 MB)"
echo "drivetest-mem: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
