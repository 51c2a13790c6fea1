#!/bin/sh
# pg-cluster.sh: a throwaway PostgreSQL cluster for the store tests, from
# Debian's postgresql-15 (initdb and pg_ctl). It runs as an unprivileged
# user, listens on no TCP port (a Unix socket in DIR only), trusts local
# socket connections and nothing else, and does not fsync: it is thrown away
# (PG_CLUSTER_FSYNC=on: it does, as a server would, for the benchmark).
#
#   pg-cluster.sh available         exit 0 if the server programs are there
#   pg-cluster.sh start DIR         DIR: absent or empty, a short path (the
#                                   socket's name must fit in 107 bytes);
#                                   prints the base URL of the test role
#   pg-cluster.sh newdb DIR NAME    a fresh empty database owned by the test
#                                   role; prints its URL (NAME: [a-z0-9_])
#   pg-cluster.sh copydb DIR FROM TO  database TO as a copy of FROM (no
#                                   session may be open on FROM); its URL
#   pg-cluster.sh url DIR NAME [USER]  the URL of database NAME (as USER,
#                                   default the test role), created or not
#   pg-cluster.sh dropdb DIR NAME   drops the database (its sessions too)
#   pg-cluster.sh cyclewal DIR      writes max_wal_size of write-ahead log
#                                   and checkpoints, so the server reuses its
#                                   segments from then on, as one that has
#                                   been running does, instead of creating
#                                   and zero-filling a new file for each
#   pg-cluster.sh stop DIR          stops the server and removes DIR
#
# The test role "celltriage" is not a superuser: it owns each test database
# (and so its public schema) and nothing else, as a NOC's database user
# would. The superuser is "postgres". newdb also adds a [NAME] section to
# DIR/pg_service.conf, for libpq's service= names (PGSERVICEFILE).
# When run as root, the server runs as $PG_CLUSTER_USER, else as the
# "postgres" user the Debian package creates, else as "nobody"; DIR is
# given to that user. Exit status: 0 done, 1 usage, 2 failure (one line on
# stderr, with the server log's tail when it would not start).
set -eu

bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
role=celltriage
admin=postgres

die() {
	echo "pg-cluster: $*" >&2
	exit 2
}
usage() {
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
	exit 1
}

# The user the server runs as, and a way to run a command as that user.
if [ "$(id -u)" -eq 0 ]; then
	runas=${PG_CLUSTER_USER:-}
	if [ -z "$runas" ]; then
		if getent passwd postgres >/dev/null; then runas=postgres; else runas=nobody; fi
	fi
	getent passwd "$runas" >/dev/null || die "no user $runas to run the server as"
else
	runas=$(id -un)
fi
asuser() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$runas" -- "$@"
	else
		"$@"
	fi
}

# url DIR NAME [USER]: libpq's URI with the socket directory as a host
# parameter (an absolute path there means a Unix socket directory).
url() {
	printf 'postgresql:///%s?host=%s&user=%s\n' "$2" "$1" "${3:-$role}"
}
# sql DIR SQL: one statement as the superuser, in database postgres.
sql() {
	"$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$(url "$1" postgres "$admin")" -c "$2"
}
# service DIR NAME: database NAME as a service of DIR/pg_service.conf.
service() {
	printf '[%s]\nhost=%s\ndbname=%s\nuser=%s\n\n' "$2" "$1" "$2" "$role" >>"$1/pg_service.conf"
}
checkname() {
	case $1 in
	'' | *[!a-z0-9_]* | [0-9]*) die "database name '$1' is not [a-z_][a-z0-9_]*" ;;
	esac
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
available)
	[ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] && [ -x "$bindir/psql" ]
	;;
start)
	[ $# -eq 1 ] || usage
	dir=$1
	[ -x "$bindir/initdb" ] || die "no $bindir/initdb (Debian package postgresql-15)"
	case $dir in /*) ;; *) die "$dir: the cluster folder must be an absolute path" ;; esac
	# sun_path holds 108 bytes, the terminating NUL included.
	[ ${#dir} -le 92 ] || die "$dir: too long for the socket's name (at most 92 bytes)"
	mkdir -p "$dir"
	[ -z "$(ls -A "$dir")" ] || die "$dir: not empty"
	chmod 700 "$dir"
	[ "$(id -u)" -ne 0 ] || chown "$runas:" "$dir"
	asuser test -w "$dir" || die "$dir: not reachable by user $runas (a parent folder closed to it?)"
	cd "$dir"
	asuser "$bindir/initdb" -D "$dir/data" -U "$admin" --auth-local=trust --auth-host=reject \
		-E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
		{ tail -5 "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }
	# Only the socket: local trust is the whole of pg_hba.conf.
	printf 'local all all trust\n' | asuser tee "$dir/data/pg_hba.conf" >/dev/null
	# PG_CLUSTER_FSYNC=on: a server's durability (the benchmark compares
	# it with SQLite's synchronous = FULL), with a server's cache.
	durable=off buffers=32MB
	[ "${PG_CLUSTER_FSYNC:-off}" != on ] || durable=on buffers=256MB
	cat <<-EOF | asuser tee -a "$dir/data/postgresql.conf" >/dev/null
		# pg-cluster.sh: a throwaway test cluster
		listen_addresses = ''
		unix_socket_directories = '$dir'
		fsync = $durable
		full_page_writes = $durable
		synchronous_commit = $durable
		shared_buffers = $buffers
		max_connections = 60
		logging_collector = off
	EOF
	asuser "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1 ||
		{ tail -5 "$dir/server.log" >&2 2>/dev/null; die "the server in $dir would not start"; }
	sql "$dir" "CREATE ROLE $role LOGIN" >/dev/null || die "the server in $dir: cannot create role $role"
	: >"$dir/pg_service.conf"
	url "$dir" ""
	;;
newdb)
	[ $# -eq 2 ] || usage
	checkname "$2"
	sql "$1" "CREATE DATABASE $2 OWNER $role TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'" >/dev/null
	service "$1" "$2"
	url "$1" "$2"
	;;
copydb)
	[ $# -eq 3 ] || usage
	checkname "$2"
	checkname "$3"
	sql "$1" "CREATE DATABASE $3 TEMPLATE $2 OWNER $role" >/dev/null
	service "$1" "$3"
	url "$1" "$3"
	;;
url)
	[ $# -ge 2 ] && [ $# -le 3 ] || usage
	url "$@"
	;;
dropdb)
	[ $# -eq 2 ] || usage
	checkname "$2"
	sql "$1" "DROP DATABASE IF EXISTS $2 WITH (FORCE)" >/dev/null
	;;
cyclewal)
	[ $# -eq 1 ] || usage
	sql "$1" "DO \$\$ BEGIN
		FOR i IN 1 .. (SELECT setting::int / 16 FROM pg_settings WHERE name = 'max_wal_size') LOOP
			PERFORM pg_logical_emit_message(false, 'pg-cluster', 'cycle');
			PERFORM pg_switch_wal();
		END LOOP; END \$\$" >/dev/null
	sql "$1" "CHECKPOINT" >/dev/null
	;;
stop)
	[ $# -eq 1 ] || usage
	dir=$1
	[ -d "$dir" ] || exit 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		(cd "$dir" && asuser "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1) ||
			die "the server in $dir would not stop"
	fi
	rm -rf "$dir"
	;;
*)
	usage
	;;
esac
