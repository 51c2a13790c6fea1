#!/bin/sh
# gen-drivetest.sh — writes the project's own synthetic drive-test samples
# into captures/drivetest/ (never copies of the real logs in ../shared):
#
#   sample-route.csv  G-NetTrack Pro CSV layout, 150 rows, one a second, a
#                     car heading north at ~15 m/s (0.000135 deg latitude a
#                     second) from 51.8900 N 8.4000 W. On it:
#                       rows 40-51  LTE RSRP -114..-119 dBm (below -110) over
#                                   ~165 m: a weak_coverage segment
#                       rows 70-73  good RSRP, SNR -6 dB: interference
#                       rows 90-92  cell 11016972 -> 11016973 -> back after
#                                   2 s: a pingpong_handover
#                       rows 120-125 no service (RSRP "-"): the data session
#                                   drops (State I, no throughput)
#   sample-calls.nmf  Nemo NMF layout on the same road: an LTE call that
#                     ends normally (CAD status 1 cause 16), one that drops
#                     (CAD status 2, cause 41) where the coverage is weak,
#                     and a handover failure (HOF).
#
# Deterministic: the values are formulas of the row number, no randomness.
# Use: sh tools/gen-drivetest.sh [OUTDIR]
set -eu
out=${1:-captures/drivetest}
mkdir -p "$out"

awk 'BEGIN {
	print "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR,CQI,RSSI,DL_bitrate,UL_bitrate,State,PINGAVG,PINGMIN,PINGMAX,PINGSTDEV,PINGLOSS,CELLHEX,NODEHEX,LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ"
	for (i = 0; i < 150; i++) {
		s = 10 * 60 + i                       # 10:10:00 + i seconds
		ts = sprintf("2026.03.02_10.%02d.%02d", int(s / 60), s % 60)
		lat = 51.8900 + 0.000135 * i
		lon = -8.4000
		cell = 12; raw = 11016972; mode = "LTE"
		rsrp = -85 - (i % 7); rsrq = -9 - (i % 3); snr = 14 - (i % 5)
		dl = 8000 + 37 * (i % 11); ul = 60 + (i % 9); state = "D"
		if (i >= 40 && i <= 51) { rsrp = -114 - (i % 6); rsrq = -15; snr = 1; dl = 900 }
		if (i >= 70 && i <= 73) { rsrp = -88; rsrq = -17; snr = -6; dl = 1500 }
		if (i >= 110) { cell = 13; raw = 11016973 }
		if (i == 90 || i == 91) { cell = 13; raw = 11016973 }
		if (i >= 120 && i <= 125) {
			printf "%s,%.6f,%.6f,54,X,-,LTE,-,-,-,-,-,0,0,I,-,-,-,-,-,-,-,-,-,-,-\n", ts, lon, lat
			continue
		}
		printf "%s,%.6f,%.6f,54,X,%d,%s,%d,%d,%.1f,9,%d,%d,%d,%s,-,-,-,-,-,%X,A81B,9CBA,%d,%d.0,%d.0\n", \
			ts, lon, lat, cell, mode, rsrp, rsrq, snr, rsrp + 20, dl, ul, state, cell, raw, rsrp - 6, rsrq - 2
	}
}' > "$out/sample-route.csv"

awk 'BEGIN {
	print "#FF,,,\"2.26\""
	print "#START,10:10:00.000,,\"2.3.2026\""
	for (i = 0; i < 60; i++) {
		t = sprintf("10:%02d:%02d.000", 10 + int(i / 60), i % 60)
		printf "GPS,%s,,%.6f,%.6f,20,0,1,9,15,,,,\n", t, -8.4000, 51.8900 + 0.000135 * i
		rsrp = (i >= 40 && i <= 51) ? -116.0 : -90.0 - (i % 5)
		printf "CELLMEAS,%s,,7,0,2,9,0,1,1300,101,-60.0,%.1f,-10.0,,110.0,2,1,1300,102,-65.0,%.1f,-13.0,,\n", t, rsrp, rsrp - 7
		printf "TAD,%s,,7,%d\n", t, 3 + int(i / 20)
		if (i == 2)  printf "CAA,%s,1,1,7,1,1,\"100\",,,,\n", t
		if (i == 5)  printf "CAC,%s,1,1,7,1,3,0\n", t
		if (i == 20) printf "CAD,%s,1,1,7,1,1,16\n", t
		if (i == 25) printf "CAA,%s,1,2,7,1,1,\"100\",,,,\n", t
		if (i == 28) printf "CAC,%s,1,2,7,1,3,0\n", t
		if (i == 48) printf "CAD,%s,1,2,7,1,2,41\n", t
		if (i == 50) printf "HOA,%s,1,9,1,901,7,3,1300,101,1,7,3,1300,102,1\n", t
		if (i == 52) printf "HOF,%s,1,9,\n", t
	}
	print "#STOP,10:11:00.000,,\"2.3.2026\""
}' > "$out/sample-calls.nmf"
echo "wrote $out/sample-route.csv $out/sample-calls.nmf"
