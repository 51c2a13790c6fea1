#!/bin/sh
# capture.sh: celltriage's capture decoding against tshark, field for field,
# on every real capture in ../shared/captures/real/ (public captures, not in
# this repository). For each cause family the multiset of (frame, value)
# pairs that `celltriage capture --format json` lists under "causes" must
# equal what tshark extracts from the same file, except for the documented
# differences listed in the EXCEPTIONS table below (each with its reason).
#
# Skipped (with a notice, passing) when ../shared or tshark is absent.
# Needs only POSIX sh, awk, sort and comm (no Python, no jq).
# CELLTRIAGE=path picks the binary (default: the sanitizer build).
# Run one file with: sh tests/capture.sh FILE...
set -u
cd "$(dirname "$0")/.."
bin=${CELLTRIAGE:-build/asan/celltriage}
real=../shared/captures/real
export TZ=UTC
unset CELLTRIAGE_PROFILE

if [ ! -d "$real" ]; then
	echo "notice: ../shared absent: real-capture tests skipped"
	exit 0
fi
if ! command -v tshark >/dev/null 2>&1; then
	echo "notice: tshark missing: real-capture tests skipped"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "capture: $bin not built (make build/asan/celltriage)"
	exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# tshark field -> our cause_family[/cause_group]. The lte-rrc causes are
# celltriage's numbering (src/decode/lte_rrc.c): ReleaseCause is its
# enumeration index, ReestablishmentCause is 16 + its index.
FIELDS='
gtpv2.cause                        gtpv2
diameter.Result-Code               diameter
diameter.Experimental-Result-Code  diameter/experimental
sip.Status-Code                    sip
sip.reason_cause_q850              sip/q850
s1ap.radioNetwork                  s1ap/radioNetwork
s1ap.transport                     s1ap/transport
s1ap.nas                           s1ap/nas
s1ap.protocol                      s1ap/protocol
s1ap.misc                          s1ap/misc
nas_eps.emm.cause                  emm
nas_eps.esm.cause                  esm
ngap.radioNetwork                  ngap/radioNetwork
ngap.transport                     ngap/transport
ngap.nas                           ngap/nas
ngap.protocol                      ngap/protocol
ngap.misc                          ngap/misc
nas_5gs.mm.5gmm_cause              5gmm
nas_5gs.sm.5gsm_cause              5gsm
gsm_a.dtap.cause                   cc
gsm_a.dtap.rej_cause               mm
gsm_a.rr.RRcause                   rr
lte-rrc.releaseCause               lte-rrc
lte-rrc.reestablishmentCause       lte-rrc+16
'

# Documented differences: FILE KEY FRAMES|* SIDE REASON. SIDE is "tshark"
# (only tshark reports it) or "ours". A pair that differs and is listed here
# is reported as "known", not as a failure; a listed pair that no longer
# differs is reported as "stale" (and fails, so the table stays true).
EXCEPTIONS='
'

# ours FILE: "key frame value" for every entry of "causes".
ours() {
	"$bin" capture --format json "$1" | awk '
	{
		s = $0
		while (match(s, /\{"frame":[0-9]+,"cause_family":"[^"]*",("cause_group":"[^"]*",)?"cause":[0-9]+/)) {
			m = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
			gsub(/[{}"]/, "", m)
			n = split(m, kv, ",")
			fr = ""; fam = ""; grp = ""; val = ""
			for (i = 1; i <= n; i++) {
				split(kv[i], p, ":")
				if (p[1] == "frame") fr = p[2]
				else if (p[1] == "cause_family") fam = p[2]
				else if (p[1] == "cause_group") grp = p[2]
				else if (p[1] == "cause") val = p[2]
			}
			print (grp == "" ? fam : fam "/" grp), fr, val
		}
	}'
}

# theirs FILE: the same from tshark, one pass with every field.
theirs() {
	args=""
	keys=""
	for w in $FIELDS; do
		case $w in
		*.*) args="$args -e $w" ;;
		*) keys="$keys $w" ;;
		esac
	done
	# shellcheck disable=SC2086
	tshark -n -r "$1" -T fields -e frame.number $args \
		-E occurrence=a -E separator=/t -E aggregator=, 2>/dev/null | awk -F '\t' -v keys="$keys" '
	BEGIN { nk = split(keys, key, " ") }
	{
		for (i = 2; i <= NF && i - 1 <= nk; i++) {
			if ($i == "")
				continue
			k = key[i - 1]
			add = 0
			if (k ~ /\+16$/) { sub(/\+16$/, "", k); add = 16 }
			n = split($i, v, ",")
			for (j = 1; j <= n; j++)
				if (v[j] != "")
					print k, $1, v[j] + add
		}
	}'
}

pass=0 fail=0 known=0
if [ $# -gt 0 ]; then files="$*"; else files=$(ls "$real"/*.pcap "$real"/*.pcapng 2>/dev/null); fi
for f in $files; do
	b=${f##*/}
	ours "$f" | sort >"$tmp/ours" || { echo "FAIL: $b: celltriage failed"; fail=$((fail + 1)); continue; }
	theirs "$f" | sort >"$tmp/theirs"
	comm -23 "$tmp/theirs" "$tmp/ours" | sed 's/^/tshark /' >"$tmp/diff"
	comm -13 "$tmp/theirs" "$tmp/ours" | sed 's/^/ours /' >>"$tmp/diff"
	# Classify each differing pair against the exceptions.
	printf '%s\n' "$EXCEPTIONS" | awk -v file="$b" -v out="$tmp/verdict" '
	NR == FNR {
		if ($0 ~ /^[ \t]*(#|$)/) next
		if ($1 != file) next
		ne++; ek[ne] = $2; ef[ne] = $3; es[ne] = $4
		r = $0; for (i = 1; i <= 4; i++) sub(/^[ \t]*[^ \t]+/, "", r); sub(/^[ \t]+/, "", r)
		er[ne] = r
		next
	}
	{
		side = $1; k = $2; fr = $3; v = $4
		hit = 0
		for (i = 1; i <= ne; i++) {
			if (ek[i] != k || es[i] != side) continue
			if (ef[i] != "*" && ("," ef[i] ",") !~ ("," fr ",")) continue
			hit = i; break
		}
		if (hit) { used[hit] = 1; print "known: " file ": " side " only: " k " frame " fr " value " v " (" er[hit] ")" }
		else print "FAIL: " file ": " side " only: " k " frame " fr " value " v
	}
	END {
		for (i = 1; i <= ne; i++) if (!used[i]) print "FAIL: " file ": stale exception: " ek[i] " " ef[i] " " es[i]
	}' - "$tmp/diff" >"$tmp/verdict"
	n=$(wc -l <"$tmp/ours" | tr -d ' ')
	if grep -q '^FAIL' "$tmp/verdict"; then
		fail=$((fail + 1))
		cat "$tmp/verdict"
	else
		pass=$((pass + 1))
		k=$(grep -c '^known' "$tmp/verdict")
		known=$((known + k))
		echo "ok: $b: $n causes equal to tshark's ($k known differences)"
		grep '^known' "$tmp/verdict" | head -3
	fi
done
echo "capture: $pass files passed, $fail failed ($known known differences)"
[ "$fail" -eq 0 ]
