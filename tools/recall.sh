#!/bin/sh
# recall.sh: recall and precision of celltriage's capture causes against
# tshark's, per family, over every capture tests/capture.sh compares: the
# project's samples and ../shared/captures/real/ (golden files in
# tests/golden/tshark/), then ../shared/captures/real-2g3g/ (golden files in
# tests/golden/real-2g3g/). A cause is a (key, frame, value); "both" counts
# those both sides report (as multisets), recall is both / tshark's,
# precision both / ours; known-t and known-o count the differences a
# documented reason of tools/tshark-tables.sh explains (tshark's only and
# ours only). Needs the golden files, not tshark.
# CELLTRIAGE=path picks the binary (default bin/celltriage).
set -u
cd "$(dirname "$0")/.." || exit 2
. tools/tshark-tables.sh
export CELLTRIAGE=${CELLTRIAGE:-bin/celltriage}
rows=$(mktemp) || exit 2
trap 'rm -f "$rows"' EXIT
rc=0
CAPTURE_FAMILIES=$rows sh tests/capture.sh | tail -1 || rc=1
if [ -d ../shared/captures/real-2g3g ]; then
	CAPTURE_FAMILIES=$rows CAPTURE_GOLDEN_DIR=tests/golden/real-2g3g sh tests/capture.sh \
		../shared/captures/real-2g3g/*.pcap* ../shared/captures/real-2g3g/*.cap | tail -1 || rc=1
fi
# the table itself: tests/capture.sh's family_table
sed -n '/^family_table() {/,/^}/p' tests/capture.sh >"$rows.sh"
. "$rows.sh"
rm -f "$rows.sh"
family_table "$rows"
awk '{ n[$1]++ } END { t = n["tshark"]; o = n["ours"]; b = n["both"]
	printf "%-10s %7d %7d %7d %7.3f %7.3f %8d %8d\n", "all", t, o, b, b / t, b / o, n["known-tshark"], n["known-ours"] }' "$rows"
exit $rc
