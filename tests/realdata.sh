#!/bin/sh
# realdata.sh [--regen]: the real drive-test logs and OMC exports of
# ../shared/data/ (see its README.md), when that directory is there.
#
#  1. Golden outputs: `celltriage drivetest --format json` of every file in
#     drive-tests/ (the MTU modem CSVs with profiles/mtu-modem.cfg, which maps
#     their columns) and `celltriage omc --format json` of every file in omc/,
#     compared byte for byte with tests/golden/real/<name>.json. --regen
#     rewrites them (read the diff before committing).
#  2. Independent checks of what the goldens say, computed here with awk from
#     the CSV columns, not by celltriage: the per-RAT sample counts that the
#     data README states (NetworkMode tallies), and the 10th/50th/90th
#     percentiles and the share below the coverage threshold of the serving
#     level for two files (G-NetTrack LTE RSRP; MTU UMTS RSSI + Ec/No).
#  3. The NR statistics of three 5G NSA logs (two G-NetTrack, one MTU
#     modem) as `celltriage drivetest` prints them, against the same
#     figures computed here with awk from the raw NR columns.
#  4. The real 2G/3G and core captures of ../shared/captures/real-2g3g/:
#     `celltriage capture --format json` of each (with the MTP3 variant and
#     HTTP/2 ports of tools/tshark-tables.sh in a profile: profile_args) against
#     tests/golden/real-2g3g/<name>.json (--regen rewrites them), and every
#     cause field against tshark's, from the golden files
#     tests/golden/real-2g3g/<name>.tsv that tools/tshark-golden.sh -o
#     tests/golden/real-2g3g writes (tests/capture.sh compares them).
#
# ../shared is not part of the repository: without it every check is
# skipped with a notice and the script succeeds (so a fresh clone passes).
# Runs the sanitizer build by default; CELLTRIAGE=path picks another binary.
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
data=../shared/data
gold=tests/golden/real
regen=0
[ "${1-}" = "--regen" ] && regen=1
export TZ=UTC
unset CELLTRIAGE_PROFILE CELLTRIAGE_STORE
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ---- 4. real 2G/3G and core captures ----
caps=../shared/captures/real-2g3g
gold2=tests/golden/real-2g3g
if [ -d "$caps" ]; then
	. tools/tshark-tables.sh
	set --
	for f in "$caps"/*; do
		case $f in *.pcap | *.pcapng | *.cap) ;; *) continue ;; esac
		set -- "$@" "$f"
		n=${f##*/}
		prof=$(profile_args "$f" "$tmp")
		# shellcheck disable=SC2086
		if ! "$bin" capture --format json $prof "$f" >"$tmp/out" 2>"$tmp/err"; then
			bad "$n: celltriage capture failed: $(head -3 "$tmp/err")"
		elif [ $regen -eq 1 ]; then
			cp "$tmp/out" "$gold2/$n.json"
		elif cmp -s "$tmp/out" "$gold2/$n.json"; then
			ok
		else
			bad "golden $gold2/$n.json"
			diff -u "$gold2/$n.json" "$tmp/out" | head -8 | cut -c1-300
		fi
	done
	if [ $regen -eq 0 ]; then
		if CAPTURE_GOLDEN_DIR=$gold2 CELLTRIAGE=$bin sh tests/capture.sh "$@" >"$tmp/cap" 2>&1; then
			ok
		else
			bad "cause fields against tshark's (tests/capture.sh with $gold2):"
			grep '^FAIL' "$tmp/cap" | head -20
		fi
		tail -1 "$tmp/cap"
	fi
else
	echo "realdata: notice: $caps is not there, real capture checks skipped"
fi

if [ ! -d "$data/drive-tests" ] && [ ! -d "$data/omc" ]; then
	echo "realdata: notice: $data is not there, real-data checks skipped"
	echo "realdata: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi
mkdir -p "$gold"

# golden NAME ARGS...: stdout of celltriage ARGS against $gold/NAME.json.
golden() {
	name=$1
	shift
	if ! "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; then
		bad "$name: celltriage $* failed: $(head -3 "$tmp/err")"
		return
	fi
	if [ $regen -eq 1 ]; then
		cp "$tmp/out" "$gold/$name.json"
	elif cmp -s "$tmp/out" "$gold/$name.json"; then
		ok
	else
		bad "golden $name (celltriage $*)"
		diff -u "$gold/$name.json" "$tmp/out" | head -8 | cut -c1-300
	fi
}

for f in "$data"/drive-tests/*; do
	[ -f "$f" ] || continue
	n=${f##*/}
	case $n in
	mtu_modem_*) golden "${n%.*}" drivetest --format json --profile profiles/mtu-modem.cfg "$f" ;;
	*) golden "${n%.*}" drivetest --format json "$f" ;;
	esac
done
for f in "$data"/omc/*; do
	[ -f "$f" ] || continue
	n=${f##*/}
	golden "${n%.*}" omc --format json "$f"
done
if [ $regen -eq 1 ]; then
	echo "realdata: regenerated $gold"
	exit 0
fi

# ---- independent checks ----

# jnum FILE RAT KEY: a number of by_rat.RAT from a golden (one JSON line).
jnum() {
	sed -n "s/.*\"by_rat\":.*\"$2\":{\"samples\":[0-9]*,\\(.*\\)/\\1/p" "$1" |
		sed -n "s/^[^{}]*\"$3\":\\([-0-9.eE+]*\\).*/\\1/p" | head -1
}
jsamples() {
	sed -n "s/.*\"$2\":{\"samples\":\\([0-9]*\\),.*/\\1/p" "$1" | head -1
}

# pct: reads numbers, prints "n p10 median p90 below" with GSL's definition
# (sorted x, p = f*(n-1), linear between neighbours) and the share strictly
# below threshold $1.
pct() {
	sort -g | awk -v thr="$1" '
		{ x[n++] = $1 + 0; if ($1 + 0 < thr) below++ }
		function q(f,   p, i) { p = f * (n - 1); i = int(p)
			return i + 1 < n ? x[i] + (p - i) * (x[i + 1] - x[i]) : x[i] }
		END { printf "%d %.6f %.6f %.6f %.10f\n", n, q(0.1), q(0.5), q(0.9), below / n }'
}

# same NAME GOT WANT: numbers equal to 1e-6 (the JSON prints 10 digits).
same() {
	if awk -v a="$2" -v b="$3" 'BEGIN { d = a - b; exit !(a != "" && d < 1e-6 && d > -1e-6) }'; then
		ok
	else
		bad "$1: golden says '$2', computed $3"
	fi
}

# check_rat GOLDEN RAT THRESHOLD VALUES: the golden's level statistics
# against pct() over the values (one per line in the file VALUES). Not in a
# pipeline: the counts must stay in this shell.
check_rat() {
	set -- "$1" "$2" "$3" $(pct "$3" <"$4")
	[ "$(jsamples "$1" "$2")" = "$4" ] && ok || bad "$1 $2: samples $(jsamples "$1" "$2"), computed $4"
	same "$1 $2 p10" "$(jnum "$1" "$2" signal_p10_dbm)" "$5"
	same "$1 $2 median" "$(jnum "$1" "$2" signal_median_dbm)" "$6"
	same "$1 $2 p90" "$(jnum "$1" "$2" signal_p90_dbm)" "$7"
	same "$1 $2 below" "$(jnum "$1" "$2" below_threshold_share)" "$8"
}

# G-NetTrack: the RAT counts ../shared/data/README.md states, from the
# NetworkMode column ($7) with the drive-test reader's mapping (5G NSA rows are LTE).
gt_counts() {
	awk -F, 'NR > 1 && $8 != "-" {
		if ($7 == "5G" || $7 == "LTE") l++
		else if ($7 ~ /^(UMTS|HSPA|HSPA\+|HSDPA|HSUPA)$/) u++
		else if ($7 == "EDGE" || $7 == "GPRS") g++ }
		END { printf "%d %d %d\n", g, u, l }' "$1"
}
rat_counts() {
	g=$gold/$1.json
	[ -f "$g" ] || return
	set -- "$1" "$2" $(gt_counts "$data/drive-tests/$1.csv")
	got="$(jsamples "$g" gsm) $(jsamples "$g" umts) $(jsamples "$g" lte)"
	[ "$got" = "$2" ] && ok || bad "$1: gsm/umts/lte samples $got, README says $2"
	[ "$got" = "$3 $4 $5" ] && ok || bad "$1: gsm/umts/lte samples $got, NetworkMode column says $3 $4 $5"
}
# README: EDGE 13; HSPA+ 868 + UMTS 79 + HSUPA 18; 5G 911 + LTE 473 ...
rat_counts gnettrack_ucc5g_amazonprime_driving_20191129 "13 965 1384"
rat_counts gnettrack_ucc5g_download_driving_20200213 "0 627 1841"
rat_counts gnettrack_ucc5g_download_static_20200214 "0 0 1013"
rat_counts gnettrack_ucc5g_netflix_driving_20191126 "0 130 3572"

# Percentiles, computed here. LTE RSRP ($8) of the Amazon Prime drive
# (thresholds.lte.coverage_dbm = -110 in profiles/default.cfg).
f=gnettrack_ucc5g_amazonprime_driving_20191129
if [ -f "$gold/$f.json" ]; then
	awk -F, 'NR > 1 && ($7 == "5G" || $7 == "LTE") && $8 != "-" { print $8 }' \
		"$data/drive-tests/$f.csv" >"$tmp/v"
	check_rat "$gold/$f.json" lte -110 "$tmp/v"
	awk -F, 'NR > 1 && $7 ~ /^(UMTS|HSPA\+|HSUPA)$/ && $8 != "-" { print $8 }' \
		"$data/drive-tests/$f.csv" >"$tmp/v"
	check_rat "$gold/$f.json" umts -95 "$tmp/v"
fi
# MTU UMTS modem: RSCP = carrier RSSI ($3) + CPICH Ec/No ($2), rows with
# the -125 sentinel left out (profiles/mtu-modem.cfg, mapping mtu-umts).
f=mtu_modem_umts_route_20220820
if [ -f "$gold/$f.json" ]; then
	awk -F, 'NR > 1 && $2 != -125 && $3 != -125 { printf "%.10g\n", $2 + $3 }' \
		"$data/drive-tests/$f.csv" >"$tmp/v"
	check_rat "$gold/$f.json" umts -95 "$tmp/v"
fi

# ---- NR of the 5G NSA logs, against the program's own output ----
#
# The NR leg of each 5G NSA sample, taken here from the raw CSV columns
# with awk (not by celltriage): G-NetTrack's NRxRSRP ($25) / NRxRSRQ ($26)
# on NetworkMode 5G rows, values outside the NR reporting ranges of 3GPP TS
# 38.133 (SS-RSRP -156..-31 dBm, SS-RSRQ -43..20 dB) being the app's
# placeholders; the MTU modem's nr_rsrp ($5) / nr_rsrq ($6), 0, -125 and
# -140 meaning no reading (profiles/mtu-modem.cfg). A quality counts only
# with its level. Then count, p10/median/p90 (GSL's definition) and the
# shares below thresholds.nr.coverage_dbm (-110) and
# drivetest.quality_min_db.nr (-15) of the NR levels and qualities are
# compared with `celltriage drivetest --format json` run here.

# nrnum FILE OBJ KEY: by_rat.nr.OBJ.KEY (OBJ "-": by_rat.nr.KEY).
nrnum() {
	sed -n 's/.*"nr":{"samples"/"samples"/p' "$1" >"$tmp/nr"
	if [ "$2" = - ]; then
		sed -n "s/^[^{]*\"$3\":\([-0-9.eE+]*\).*/\1/p" "$tmp/nr"
	else
		sed -n "s/.*\"$2\":{[^}]*\"$3\":\([-0-9.eE+]*\).*/\1/p" "$tmp/nr"
	fi
}

# check_nr NAME LEVELS QUALITIES PLACEHOLDERS ARGS...: the NR statistics of
# celltriage ARGS against the values in the files LEVELS and QUALITIES.
check_nr() {
	name=$1 lev=$2 qual=$3 ph=$4
	shift 4
	if ! "$bin" drivetest --format json "$@" >"$tmp/nrout" 2>"$tmp/err"; then
		bad "$name: celltriage drivetest $* failed: $(head -3 "$tmp/err")"
		return
	fi
	[ -s "$lev" ] || { bad "$name: no NR level in the CSV (the check would prove nothing)"; return; }
	set -- $(pct -110 <"$lev")
	[ "$(nrnum "$tmp/nrout" - samples)" = "$1" ] && ok ||
		bad "$name nr: samples $(nrnum "$tmp/nrout" - samples), computed $1"
	same "$name nr p10" "$(nrnum "$tmp/nrout" - signal_p10_dbm)" "$2"
	same "$name nr median" "$(nrnum "$tmp/nrout" - signal_median_dbm)" "$3"
	same "$name nr p90" "$(nrnum "$tmp/nrout" - signal_p90_dbm)" "$4"
	same "$name nr below -110" "$(nrnum "$tmp/nrout" - below_threshold_share)" "$5"
	set -- $(pct -15 <"$qual")
	[ "$(nrnum "$tmp/nrout" quality_db n)" = "$1" ] && ok ||
		bad "$name nr: quality n $(nrnum "$tmp/nrout" quality_db n), computed $1"
	same "$name nr quality p10" "$(nrnum "$tmp/nrout" quality_db p10)" "$2"
	same "$name nr quality median" "$(nrnum "$tmp/nrout" quality_db median)" "$3"
	same "$name nr quality p90" "$(nrnum "$tmp/nrout" quality_db p90)" "$4"
	same "$name nr quality below -15" "$(nrnum "$tmp/nrout" poor_quality share)" "$5"
	got=$(sed -n 's/.*"nr_placeholders":\([0-9]*\).*/\1/p' "$tmp/nrout")
	[ "${got:-0}" = "$ph" ] && ok || bad "$name: nr_placeholders ${got:-0}, computed $ph"
}

nr_gnettrack() {
	f=$data/drive-tests/$1.csv
	[ -f "$f" ] || return
	awk -F, 'NR > 1 && $7 == "5G" && $25 != "-" && $25 + 0 >= -156 && $25 + 0 <= -31 { print $25 }' \
		"$f" >"$tmp/lev"
	awk -F, 'NR > 1 && $7 == "5G" && $25 != "-" && $25 + 0 >= -156 && $25 + 0 <= -31 &&
		 $26 != "-" && $26 + 0 >= -43 && $26 + 0 <= 20 { print $26 }' "$f" >"$tmp/qual"
	ph=$(awk -F, 'NR > 1 && $7 == "5G" {
		if ($25 != "-" && ($25 + 0 < -156 || $25 + 0 > -31)) n++
		if ($26 != "-" && ($26 + 0 < -43 || $26 + 0 > 20)) n++ } END { print n + 0 }' "$f")
	check_nr "$1" "$tmp/lev" "$tmp/qual" "$ph" "$f"
}
nr_gnettrack gnettrack_ucc5g_download_driving_20200213
nr_gnettrack gnettrack_ucc5g_netflix_driving_20191126

f=$data/drive-tests/mtu_modem_5gnsa_route_20211217.csv
if [ -f "$f" ]; then
	awk -F, 'NR > 1 && $5 != 0 && $5 != -125 && $5 != -140 { print $5 }' "$f" >"$tmp/lev"
	awk -F, 'NR > 1 && $5 != 0 && $5 != -125 && $5 != -140 &&
		 $6 != 0 && $6 != -125 && $6 != -140 { print $6 }' "$f" >"$tmp/qual"
	check_nr mtu_modem_5gnsa_route_20211217 "$tmp/lev" "$tmp/qual" 0 --profile profiles/mtu-modem.cfg "$f"
fi

echo "realdata: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
