# serve-port.sh: sourced by the suites that start `celltriage serve` on
# port 0. serve_port LOG waits (10 s at most) for the server's first line
# in LOG and prints the port it chose; nothing when it did not start.
serve_port() {
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		grep -q 'listening on' "$1" 2>/dev/null && break
		sleep 0.5
	done
	sed -n 's/^celltriage serve: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$1"
}
