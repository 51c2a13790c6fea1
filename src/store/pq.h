/*
 * pq.h — libpq, loaded when the first PostgreSQL store is opened
 * (st_pq_load) instead of linked into the program: libpq brings Kerberos,
 * LDAP and TLS with it, and their set-up cost every command about 6 ms at
 * start (a third of `ticket list --overdue` on an SQLite store), whether
 * it used PostgreSQL or not.
 *
 * db.c calls libpq by libpq's own names: after this header (included
 * after <libpq-fe.h>) each name is the entry of st_pq that st_pq_load
 * filled from the library. Nothing may call one before st_pq_load has
 * returned 0.
 */
#ifndef CELLTRIAGE_STORE_PQ_H
#define CELLTRIAGE_STORE_PQ_H

#include <stddef.h>

#include <libpq-fe.h>

#include "celltriage/util.h"

/* X(return type, name, parameters): the functions the store calls. */
#define ST_PQ_FUNCS(X) \
	X(void, PQclear, (PGresult *)) \
	X(char *, PQcmdTuples, (PGresult *)) \
	X(PGconn *, PQconnectdb, (const char *)) \
	X(void, PQconninfoFree, (PQconninfoOption *)) \
	X(int, PQenterPipelineMode, (PGconn *)) \
	X(PQconninfoOption *, PQconninfoParse, (const char *, char **)) \
	X(char *, PQerrorMessage, (const PGconn *)) \
	X(PGresult *, PQexec, (PGconn *, const char *)) \
	X(PGresult *, PQexecParams, (PGconn *, const char *, int, const Oid *, \
				     const char *const *, const int *, const int *, int)) \
	X(PGresult *, PQexecPrepared, (PGconn *, const char *, int, const char *const *, \
				       const int *, const int *, int)) \
	X(int, PQexitPipelineMode, (PGconn *)) \
	X(void, PQfinish, (PGconn *)) \
	X(char *, PQfname, (const PGresult *, int)) \
	X(void, PQfreemem, (void *)) \
	X(Oid, PQftype, (const PGresult *, int)) \
	X(PGresult *, PQgetResult, (PGconn *)) \
	X(int, PQgetisnull, (const PGresult *, int, int)) \
	X(char *, PQgetvalue, (const PGresult *, int, int)) \
	X(int, PQnfields, (const PGresult *)) \
	X(int, PQntuples, (const PGresult *)) \
	X(int, PQpipelineSync, (PGconn *)) \
	X(PGresult *, PQprepare, (PGconn *, const char *, const char *, int, const Oid *)) \
	X(char *, PQresultErrorField, (const PGresult *, int)) \
	X(ExecStatusType, PQresultStatus, (const PGresult *)) \
	X(int, PQsendPrepare, (PGconn *, const char *, const char *, int, const Oid *)) \
	X(int, PQsendQuery, (PGconn *, const char *)) \
	X(int, PQsendQueryParams, (PGconn *, const char *, int, const Oid *, \
				   const char *const *, const int *, const int *, int)) \
	X(int, PQsendQueryPrepared, (PGconn *, const char *, int, const char *const *, \
				     const int *, const int *, int)) \
	X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *, PQnoticeProcessor, void *)) \
	X(ConnStatusType, PQstatus, (const PGconn *)) \
	X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *)) \
	X(unsigned char *, PQunescapeBytea, (const unsigned char *, size_t *))

struct st_pq {
	ST_PQ_FUNCS(CT_DL_MEMBER)
};
extern struct st_pq st_pq;

/* Loads libpq once (thread-safe): 0, or -1 with why (one line). */
int st_pq_load(char *why, size_t n);

#ifndef ST_PQ_LOADER
#define PQclear              (st_pq.PQclear)
#define PQcmdTuples          (st_pq.PQcmdTuples)
#define PQconnectdb          (st_pq.PQconnectdb)
#define PQconninfoFree       (st_pq.PQconninfoFree)
#define PQconninfoParse      (st_pq.PQconninfoParse)
#define PQenterPipelineMode  (st_pq.PQenterPipelineMode)
#define PQerrorMessage       (st_pq.PQerrorMessage)
#define PQexec               (st_pq.PQexec)
#define PQexecParams         (st_pq.PQexecParams)
#define PQexecPrepared       (st_pq.PQexecPrepared)
#define PQexitPipelineMode   (st_pq.PQexitPipelineMode)
#define PQfinish             (st_pq.PQfinish)
#define PQfname              (st_pq.PQfname)
#define PQfreemem            (st_pq.PQfreemem)
#define PQftype              (st_pq.PQftype)
#define PQgetResult          (st_pq.PQgetResult)
#define PQgetisnull          (st_pq.PQgetisnull)
#define PQgetvalue           (st_pq.PQgetvalue)
#define PQnfields            (st_pq.PQnfields)
#define PQntuples            (st_pq.PQntuples)
#define PQpipelineSync       (st_pq.PQpipelineSync)
#define PQprepare            (st_pq.PQprepare)
#define PQresultErrorField   (st_pq.PQresultErrorField)
#define PQresultStatus       (st_pq.PQresultStatus)
#define PQsendPrepare        (st_pq.PQsendPrepare)
#define PQsendQuery          (st_pq.PQsendQuery)
#define PQsendQueryParams    (st_pq.PQsendQueryParams)
#define PQsendQueryPrepared  (st_pq.PQsendQueryPrepared)
#define PQsetNoticeProcessor (st_pq.PQsetNoticeProcessor)
#define PQstatus             (st_pq.PQstatus)
#define PQtransactionStatus  (st_pq.PQtransactionStatus)
#define PQunescapeBytea      (st_pq.PQunescapeBytea)
#endif

#endif
