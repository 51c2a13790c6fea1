# store-backend.sh: sourced by the store suites (store.sh, noc.sh, noc2.sh,
# store-kill.sh) once they have made $tmp: where their stores live.
#
# CT_TEST_BACKEND=sqlite (the default): a store is a file in $tmp.
# CT_TEST_BACKEND=postgresql: a store is a fresh database of the cluster in
# $CT_TEST_PG (tools/pg-cluster.sh start DIR, as tests/run.sh does), or of
# a cluster the suite starts here and stops at its end when that is unset.
#
#   store NAME          the store NAME of this run, for --store or
#                       CELLTRIAGE_STORE; on PostgreSQL its database is
#                       made, empty, the first time it is named
#   store_absent NAME   a store that does not exist (no file, no database)
#   store_sql NAME SQL  runs SQL on store NAME; rows as sqlite3 prints them
#   store_count NAME TABLE  the rows of TABLE, 0 when the store or the
#                       table is not there
#   sql_json COL KEY    the SQL for member KEY of the JSON text in COL
#   store_holds NAME TEXT  true when TEXT is anywhere in what store NAME
#                       keeps (SQLite: the file and its -wal; PostgreSQL:
#                       a dump of the database)
#   store_integrity NAME  "ok", or what the engine's own check found
#                       (SQLite: PRAGMA integrity_check, its foreign
#                       keys checked as rows are written; PostgreSQL:
#                       amcheck over every table and B-tree index, and
#                       the rows whose ticket is missing, as the store
#                       keeps no foreign keys there)
#   store_state NAME    one line that changes when anything writes the
#                       store (SQLite: the file's bytes and mtime and any
#                       -wal or -shm; PostgreSQL: the relations and the
#                       rows inserted, updated or deleted)
#   store_copy FROM TO  store TO becomes a copy of store FROM
#   sqlite_only         true on SQLite: guards the checks of what only an
#                       SQLite file has (its mode, -wal and -shm, foreign
#                       or empty files, application_id, user_version)
#   backend_done        the suite's EXIT trap calls it: drops this run's
#                       databases, stops a cluster started here
# On PostgreSQL, a program ($bin) that does not take a database's URL as
# its store ends the suite at once with one line (and does not leave files
# named after the URLs behind).
# An interrupted suite still runs its EXIT trap (workers, databases, cluster).
trap 'exit 130' INT TERM HUP
backend=${CT_TEST_BACKEND:-sqlite}
pgc=tools/pg-cluster.sh
pg_own=

sqlite_only() { [ "$backend" = sqlite ]; }
pg_db() { printf '%s%s' "$pg_prefix" "$1" | tr -c 'a-z0-9_' '_'; }
pg_url() { sh "$pgc" url "$CT_TEST_PG" "$(pg_db "$1")" ${2:+"$2"}; }
pg_sql() {
	url=$1
	shift
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$url" "$@"
}

store() {
	if sqlite_only; then
		printf '%s/%s.db\n' "$tmp" "$1"
		return
	fi
	# The URL even when the database could not be made: a store named
	# wrongly must fail the checks, never fall back to the user's own.
	if [ ! -e "$tmp/.pg.$(pg_db "$1")" ]; then
		sh "$pgc" newdb "$CT_TEST_PG" "$(pg_db "$1")" >/dev/null &&
			: >"$tmp/.pg.$(pg_db "$1")"
	fi
	pg_url "$1"
}

store_absent() {
	if sqlite_only; then printf '%s/%s.db\n' "$tmp" "$1"; else pg_url "$1"; fi
}

store_sql() {
	if sqlite_only; then
		sqlite3 "$tmp/$1.db" "$2"
	else
		pg_sql "$(pg_url "$1")" -c "$2"
	fi
}

store_count() {
	if sqlite_only; then
		if [ -f "$tmp/$1.db" ]; then sqlite3 "$tmp/$1.db" "SELECT count(*) FROM $2"; else echo 0; fi
		return
	fi
	u=$(pg_url "$1")
	if [ ! -e "$tmp/.pg.$(pg_db "$1")" ] || [ "$(pg_sql "$u" -c "SELECT to_regclass('public.$2') IS NULL")" = t ]; then
		echo 0
	else
		pg_sql "$u" -c "SELECT count(*) FROM $2"
	fi
}

store_holds() {
	if sqlite_only; then
		cat "$tmp/$1.db" "$tmp/$1.db-wal" 2>/dev/null | grep -qaF -- "$2"
	else
		pg_dump --no-owner --data-only -d "$(pg_url "$1")" | grep -qF -- "$2"
	fi
}

sql_json() {
	if sqlite_only; then
		printf "json_extract(%s, '\$.%s')" "$1" "$2"
	else
		printf "(%s::jsonb ->> '%s')" "$1" "$2"
	fi
}

store_integrity() {
	if sqlite_only; then
		sqlite3 "$tmp/$1.db" 'PRAGMA integrity_check'
		return
	fi
	# amcheck in a schema of its own, leaving the store's schema as it was;
	# bt_index_check raises an error on a damaged index, verify_heapam
	# returns a row per damaged tuple.
	pg_sql "$(pg_url "$1" postgres)" -c 'SET client_min_messages = warning' \
		-c 'CREATE SCHEMA IF NOT EXISTS ct_amcheck' \
		-c 'CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA ct_amcheck' \
		-c "SELECT count(ct_amcheck.bt_index_check(c.oid, true)) FROM pg_class c
			JOIN pg_am a ON a.oid = c.relam
			WHERE c.relkind = 'i' AND a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace" \
		-c "SELECT c.relname || ': block ' || v.blkno || ': ' || v.msg
			FROM pg_class c, ct_amcheck.verify_heapam(c.oid) v
			WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace" \
		-c "SELECT r.t || ': ' || r.n || ' rows without their ticket' FROM (
			SELECT 'ticket_event' AS t, count(*) AS n FROM ticket_event x
				WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = x.ticket)
			UNION ALL SELECT 'ticket_doc', count(*) FROM ticket_doc x
				WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = x.ticket)
			UNION ALL SELECT 'ticket_text', count(*) FROM ticket_text x
				WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = x.ticket)
			UNION ALL SELECT 'deadlines', count(*) FROM deadlines x
				WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = x.ticket)
			UNION ALL SELECT 'ticket_tag', count(*) FROM ticket_tag x
				WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = x.ticket)
			UNION ALL SELECT 'escalation', count(*) FROM escalation x
				WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = x.ticket)) AS r
			WHERE r.n > 0" >"$tmp/.amcheck" 2>&1
	# The first line is the count of indexes checked; any more is damage.
	if [ $? -eq 0 ] && [ "$(wc -l <"$tmp/.amcheck")" -eq 1 ] && [ "$(cat "$tmp/.amcheck")" -gt 0 ]; then
		echo ok
	else
		cat "$tmp/.amcheck"
	fi
}

store_state() {
	if sqlite_only; then
		f="$tmp/$1.db"
		echo "$(stat -c %Y "$f") $(cksum <"$f") $(ls "$f-wal" "$f-shm" 2>/dev/null)"
		return
	fi
	# A session's row counts reach the statistics when it ends: wait for
	# the program's session to be gone first.
	u=$(pg_url "$1")
	i=0
	while [ $i -lt 50 ] && [ "$(pg_sql "$u" -c "SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()")" != 0 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	pg_sql "$u" -c "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)
		|| ' ' || (SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables)"
}

store_copy() {
	if sqlite_only; then
		cp "$tmp/$1.db" "$tmp/$2.db"
		return
	fi
	sh "$pgc" copydb "$CT_TEST_PG" "$(pg_db "$1")" "$(pg_db "$2")" >/dev/null &&
		: >"$tmp/.pg.$(pg_db "$2")"
}

backend_done() {
	sqlite_only && return 0
	if [ -n "$pg_own" ]; then
		sh "$pgc" stop "$CT_TEST_PG"
		return
	fi
	for m in "$tmp"/.pg.*; do
		[ -e "$m" ] && sh "$pgc" dropdb "$CT_TEST_PG" "${m##*/.pg.}"
	done
	return 0
}

# The backend, once every function is there for the EXIT trap.
case $backend in
sqlite) ;;
postgresql)
	if [ -z "${CT_TEST_PG:-}" ]; then
		CT_TEST_PG=$(mktemp -d /tmp/ctpg.XXXXXX) || exit 2
		pg_own=1
		if ! sh "$pgc" start "$CT_TEST_PG" >/dev/null; then
			# (backend_done stops what did start)
			echo "cannot start a PostgreSQL cluster (tools/pg-cluster.sh)" >&2
			exit 2
		fi
	fi
	# One prefix per run of a suite: suites may share one cluster.
	pg_prefix="ct$$_"
	;;
*)
	echo "CT_TEST_BACKEND is sqlite or postgresql, not '$backend'" >&2
	exit 2
	;;
esac

if ! sqlite_only; then
	"$bin" ticket list --store "$(store probe)" >"$tmp/.probe" 2>&1
	if [ $? -ne 0 ] || [ "$(cat "$tmp/.probe")" != "no tickets" ]; then
		echo "FAIL: $bin does not open a PostgreSQL database as its store: $(head -1 "$tmp/.probe")"
		exit 1
	fi
fi
