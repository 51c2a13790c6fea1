/*
 * pgtest.h — the unit tests' PostgreSQL: a fresh database per test on the
 * cluster the suite started (tests/run.sh: tools/pg-cluster.sh start DIR;
 * CT_TEST_PG=DIR), made and dropped through that script. The store tests
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

/* The cluster's own script: "newdb DIR NAME" prints the new database's
 * address, "dropdb DIR NAME" drops it. 0, or -1 with a message. */
static int
pg_cluster(const char *verb, const char *name, char *out, size_t n)
{
	char cmd[512];
	FILE *p;
	int ok = 0;

	snprintf(cmd, sizeof(cmd), "sh tools/pg-cluster.sh %s '%s' '%s'", verb,
		 getenv("CT_TEST_PG"), name);
	if (!(p = popen(cmd, "r")))
		return -1;
	if (out && n && fgets(out, (int)n, p)) {
		out[strcspn(out, "\n")] = '\0';
		ok = out[0] != '\0';
	} else if (!out) {
		ok = 1;
	}
	if (pclose(p) != 0 || !ok) {
		fprintf(stderr, "pgtest: %s failed\n", cmd);
		return -1;
	}
	return 0;
}

/* A new empty database: its name into name, the store's address into url. */
static int
pg_fresh(char *name, size_t nn, char *url, size_t un)
{
	static unsigned seq;

	snprintf(name, nn, "ct_unit_%ld_%u", (long)getpid(), ++seq);
	return pg_cluster("newdb", name, url, un);
}

static void
pg_drop(const char *name)
{
	pg_cluster("dropdb", name, NULL, 0);
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
