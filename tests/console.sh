#!/bin/sh
# console.sh: the console in a real browser. The server (`celltriage
# serve` on 127.0.0.1, a free port) on a temporary store with an operator,
# a viewer and tickets filed for the walk (two received and filed 2 days ago: overdue;
# five just now, four of them on one cell: a hot cell), and Debian's
# chromium, headless, driven by playwright-core (tests/console/walk.cjs):
# sign-in, the queue, a ticket worked from dispatch to close through its
# forms, a refused move, a viewer, search, a comment, hotspots, the month
# report; screenshots into build/test-logs/console/. Skips with one notice
# when chromium, node or the npm packages are missing (make deps installs
# them), except under CI=true, where that fails.
set -u
cd "$(dirname "$0")/.."
. tests/serve-port.sh
bin=${CELLTRIAGE:-build/asan/celltriage}
export TZ=UTC
unset CELLTRIAGE_PROFILE
out=build/test-logs/console
browser=${CHROMIUM:-$(command -v chromium || true)}
missing=
[ -n "$browser" ] || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -f tests/console/node_modules/playwright-core/package.json ] || missing="$missing playwright-core"
if [ -n "$missing" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: missing:$missing (make deps installs them)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "notice: the console suite skipped: missing:$missing (make deps installs them)"
	exit 0
fi
tmp=$(mktemp -d) || exit 2
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export CELLTRIAGE_STORE="$tmp/t.db"
rm -rf "$out"
mkdir -p "$out"

# Users.
printf 'correct horse\n' >"$tmp/pw"
"$bin" user add ann --role operator --password-file "$tmp/pw" >/dev/null &&
	"$bin" user add vic --role viewer --password-file "$tmp/pw" >/dev/null || exit 2

# Tickets: complaints made from the samples with their own ids, numbers
# and times (received 2 days ago, or minutes ago on the hot cell).
python3 - "$tmp" <<'EOF' || exit 2
import json, sys, time
tmp = sys.argv[1]
now = int(time.time())
def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))
def make(src, name, cid, msisdn, ago, cell=None):
    c = json.load(open('captures/complaints/' + src))
    c['id'] = cid
    c['msisdn'] = msisdn
    c['received_at'] = iso(now - ago)
    if cell:
        c['location']['cell'] = cell
    json.dump(c, open(tmp + '/' + name, 'w'), ensure_ascii=False)
    # Filed a few minutes after it was received: a ticket waits on the
    # stage its status runs (dispatch, 15 minutes from filing).
    open(tmp + '/' + name + '.filed', 'w').write(iso(now - ago + 300 if ago > 300 else now))
make('weak-coverage-vip.json', 'c1.json', 'W-0001', '13150423168', 2 * 86400)
make('slow-data-lte.json', 'c2.json', 'W-0002', '13800000002', 2 * 86400)
for i in range(4):
    make('weak-coverage-vip.json', 'h%d.json' % i, 'W-H%d' % i, '1390000000%d' % i, 600 + 60 * i,
         '460-00-77777-1')
make('slow-data-lte.json', 'c3.json', 'W-0003', '13800000003', 300)
# The one filed later through the API, to see the queue refresh itself.
make('slow-data-lte.json', 'live.json', 'W-LIVE', '13800000009', 60)
EOF
for f in c1 c2 h0 h1 h2 h3 c3; do
	"$bin" ticket file --now "$(cat "$tmp/$f.json.filed")" "$tmp/$f.json" >/dev/null || { echo "FAIL: filing $f"; echo "0 passed, 1 failed"; exit 1; }
done

"$bin" serve --listen 127.0.0.1:0 2>"$tmp/log" &
pid=$!
port=$(serve_port "$tmp/log")
if [ -z "$port" ]; then
	echo "FAIL: serve did not start: $(cat "$tmp/log")"
	echo "0 passed, 1 failed"
	exit 1
fi

BASE=http://127.0.0.1:$port CHROMIUM=$browser OUT=$out LIVE="$tmp/live.json" \
	node tests/console/walk.cjs
st=$?
kill -TERM "$pid"
wait "$pid" || { echo "FAIL: the server's stop"; st=1; }
pid=
# No request of the walk was a server error; the sanitizers found nothing.
if grep -Eq ' (5[0-9][0-9]) [0-9]+ms$' "$tmp/log"; then
	echo "FAIL: server errors: $(grep -E ' 5[0-9][0-9] [0-9]+ms$' "$tmp/log" | head -3)"
	st=1
fi
if grep -Eq 'Sanitizer|runtime error' "$tmp/log"; then
	echo "FAIL: the sanitizers: $(grep -E 'Sanitizer|runtime error' "$tmp/log" | head -3)"
	st=1
fi
cp "$tmp/log" "$out/server.log"
exit "$st"
