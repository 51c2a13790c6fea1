#!/bin/sh
# demo.sh: the main job on the sample data that ships in captures/ — diagnose
# complaints, print a one-visit test plan, file everything into a local
# SQLite ticket store (demo-store/tickets.db), list and show the tickets.
set -eu
cd "$(dirname "$0")/.."
ct=bin/celltriage
store=demo-store/tickets.db
mkdir -p demo-store
rm -f "$store" "$store-wal" "$store-shm"
export CELLTRIAGE_STORE="$store"
export LC_ALL=C   # the glob order below, and so the ticket ids, are fixed

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

step "A VIP cannot make calls in an underground car park (GSM)" \
	"celltriage diagnose captures/complaints/weak-coverage-vip.json"
$ct diagnose captures/complaints/weak-coverage-vip.json

step "A call-drop complaint with nothing measured yet: the one-visit test plan" \
	"celltriage plan captures/complaints/nothing-known.json"
$ct plan captures/complaints/nothing-known.json

step "A complaint with the engineer's drive-test log as evidence" \
	"celltriage diagnose captures/complaints/route-no-access.json captures/drivetest/sample-route.csv"
$ct diagnose captures/complaints/route-no-access.json captures/drivetest/sample-route.csv

step "File every sample complaint into the shared store (the VIP first), with the evidence" \
	"celltriage ticket file captures/complaints/*.json captures/signalling/lte-attach-reject.pcap captures/drivetest/sample-route.csv"
$ct ticket file captures/complaints/weak-coverage-vip.json
$ct ticket file $(ls captures/complaints/*.json | grep -v weak-coverage-vip) \
	captures/signalling/lte-attach-reject.pcap captures/drivetest/sample-route.csv

step "A batch (JSON Lines) with complaints already filed: updated, not duplicated" \
	"celltriage ticket file captures/complaints/batch.jsonl"
$ct ticket file captures/complaints/batch.jsonl

step "The queue" "celltriage ticket list"
$ct ticket list

step "The VIP ticket with its deadlines and decision path" "celltriage ticket show 1"
$ct ticket show 1

printf '\nstore: %s (try: CELLTRIAGE_STORE=%s %s ticket list --format json)\n' "$store" "$store" "$ct"
