/*
 * pgtest.h — the unit tests' PostgreSQL: a fresh database per test on the
 * server the suite started (tests/run.sh: tools/pg-cluster.sh), found
 * through libpq's own environment (PGHOST, PGPORT, PGUSER). The store tests
 * that do not depend on the engine run once per backend; the PostgreSQL
 * run happens when CT_TEST_PG is set, and is skipped with a notice when not.
 *
 * Header-only: each test program includes it once.
 */
#ifndef CELLTRIAGE_TEST_PGTEST_H
#define CELLTRIAGE_TEST_PGTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

static int
pg_wanted(void)
{
	const char *e = getenv("CT_TEST_PG");

	return e && *e && strcmp(e, "0") != 0;
}

static int
pg_is_url(const char *path)
{
	return !strncmp(path, "postgresql://", 13);
}

/* A statement on the maintenance database (CREATE/DROP DATABASE). */
static int
pg_admin(const char *sql)
{
	PGconn *c = PQconnectdb("dbname=postgres");
	PGresult *r;
	int ok;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "pgtest: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "pgtest: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

/* A new empty database: its name into name, the store's address into url. */
static int
pg_fresh(char *name, size_t nn, char *url, size_t un)
{
	static unsigned seq;
	char sql[128];

	snprintf(name, nn, "ct_unit_%ld_%u", (long)getpid(), ++seq);
	snprintf(url, un, "postgresql:///%s", name);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	return pg_admin(sql);
}

static void
pg_drop(const char *name)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	pg_admin(sql);
}

/* First column of the first row of sql on the store at url, as text into
 * buf ("" for NULL); -1 when the statement fails or gives no row. */
static int
pg_query_text(const char *url, const char *sql, char *buf, size_t n)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r = NULL;
	int rc = -1;

	if (PQstatus(c) == CONNECTION_OK) {
		r = PQexec(c, sql);
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			rc = 0;
			if (n)
				buf[0] = '\0';
		} else if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
			snprintf(buf, n, "%s", PQgetvalue(r, 0, 0));
			rc = 0;
		}
	}
	if (rc)
		fprintf(stderr, "pgtest: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return rc;
}

#endif
