/*
 * spill.h — an external sort of fixed-size records: add them in any order,
 * then walk them in a comparator's order, holding a bounded number of them
 * in memory however many there are.
 *
 * Records collect in an in-memory run of at most `run` records. A full run
 * is sorted and written to a temporary file (tmpfile(3): unnamed, removed
 * when closed or when the program ends). Runs on disk are merged by level:
 * CT_SPILL_FANIN runs of one level become one run of the next, each level in
 * its own file, so at most CT_SPILL_FANIN - 1 runs per level wait, and
 * walking merges those few (a small read block each) with the in-memory
 * run. A spill that never fills its run never touches the disk.
 *
 * Order: the comparator's; records it finds equal come out in the order
 * they were added (the sort is stable), so the order is fully determined
 * whatever the comparator leaves open.
 *
 * Errors (util.h): 0 or CT_EINPUT with a one-line message "NAME: cannot
 * write the temporary file: REASON" (creating, writing, reading it back).
 *
 * Ownership: ct_spill_new's spill is released (its files closed) by
 * ct_spill_free. A record given by ct_spill_next stays valid until the next
 * call on the spill. ct_spill_detach hands the sorted array to the caller,
 * who frees it with free().
 */
#ifndef CELLTRIAGE_SPILL_H
#define CELLTRIAGE_SPILL_H

#include <stddef.h>

#include "celltriage/util.h"

struct ct_spill;

typedef int (*ct_spill_cmp)(const void *a, const void *b);

/* Runs per level merged into one run of the next level. */
#define CT_SPILL_FANIN 16
/* A run size that is never reached: everything stays in memory. */
#define CT_SPILL_NEVER ((size_t)-1)

/*
 * A spill of records of size bytes, in cmp's order. run: records kept in
 * memory before a run goes to disk; 0 takes the default (16384, or what
 * ct_spill_set_default_run set); CT_SPILL_NEVER keeps them all. name
 * starts the error messages (copied).
 */
struct ct_spill *ct_spill_new(const char *name, size_t size, ct_spill_cmp cmp, size_t run);
/* Sets the default run size (for tests: a tiny run forces several runs
 * and levels); returns the previous one. */
size_t ct_spill_set_default_run(size_t run);

/* Adds a copy of rec. Not while a walk is under way (a later
 * ct_spill_rewind starts a new one that includes it). */
int ct_spill_add(struct ct_spill *s, const void *rec, struct ct_err *err);
/* Records added. */
size_t ct_spill_count(const struct ct_spill *s);
/* 1 when some records are in a temporary file. */
int ct_spill_on_disk(const struct ct_spill *s);

/* Starts (or restarts) a walk from the first record in order. */
int ct_spill_rewind(struct ct_spill *s, struct ct_err *err);
/* 1 and *rec = the next record; 0 at the end; <0 on a read error. */
int ct_spill_next(struct ct_spill *s, const void **rec, struct ct_err *err);

/*
 * When nothing went to disk: the records sorted in one malloc'd array
 * (NULL when there are none), *n their number, and the spill is left empty.
 * When some did: NULL and *n = 0, the spill unchanged.
 */
void *ct_spill_detach(struct ct_spill *s, size_t *n);

void ct_spill_free(struct ct_spill *s);

#endif
