/*
 * filing.c — a diagnosed complaint becomes a ticket, and what the NOC's
 * monitoring adds to it when it is filed (noc.h): the knowledge of planned
 * work covering it, a hot cell (the hotspot test of `celltriage hotspots`
 * for its cell), the hot cell's batch of the day, the customer's profile.
 *
 *   ct_ticket_build     complaint + verdict -> ticket (deadlines from the profile)
 *   ct_filing_file      files it; inside the store's write transaction:
 *     filing_before       knowledge, hot cell: tags and action lines on the ticket
 *     (the store writes it)
 *     filing_after        the hot cell's batch joined, the customer's profile read
 *
 * The lookups run inside the transaction that writes what they found: a
 * `knowledge add` cannot slip between the match and the write (it waits,
 * then links the ticket itself).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "celltriage/complaint.h"
#include "celltriage/noc.h"
#include "celltriage/verdict.h"

static char *
dup_or_null(const char *s)
{
	return s ? ct_xstrdup(s) : NULL;
}

void
ct_ticket_build(const struct ct_complaint *c, const struct ct_verdict *v, json_t *vdoc,
		const struct ct_profile *p, long long now, struct ct_ticket *t)
{
	const struct ct_deadlines *d = &p->dl;
	/* An appeal is a complaint escalated to an outside body (the
	 * regulator, the consumer council, ...): flagged, or lodged there
	 * (complaint handling and assessment standard). */
	int appeal = ((c->flags >> CT_FL_APPEAL) & 1u) || c->channel == CT_CH_REGULATOR ||
		     c->channel == CT_CH_CONSUMER_COUNCIL;
	long long base = c->has_received ? c->received_epoch : now;

	memset(t, 0, sizeof(*t));
	t->complaint = dup_or_null(c->id);
	t->msisdn = dup_or_null(c->msisdn);
	t->imsi = dup_or_null(c->imsi);
	t->cell = dup_or_null(c->cell);
	t->rat = c->rat != CT_RAT_UNKNOWN ? ct_xstrdup(ct_rat_name(c->rat)) : NULL;
	t->phenomenon = ct_xstrdup(ct_phenomenon_name(c->phenomenon));
	t->cause = ct_xstrdup(v->cause);
	t->klass = ct_xstrdup(v->klass);
	t->domain = ct_xstrdup(v->domain);
	t->confidence = ct_xstrdup(v->confidence);
	t->grade = v->grade;
	t->status = CT_STATUS_FIRST;
	t->kind = ct_xstrdup(appeal ? CT_KIND_APPEAL : CT_KIND_ORDINARY);
	t->received_at = c->has_received ? c->received_epoch : 0;
	t->filed_at = t->updated_at = now;
	t->rev = 1;
	t->tags = ct_xcalloc(v->ntags ? v->ntags : 1, sizeof(*t->tags));
	for (size_t i = 0; i < v->ntags; i++)
		t->tags[t->ntags++] = ct_xstrdup(v->tags[i]);

	ct_ticket_set_deadlines(t, d, base, appeal);

	/* The complaint as it was written (41.152 stays 41.152: jansson
	 * would write the double it read, 41.152000000000001). */
	t->complaint_json = c->text ? ct_xstrdup(c->text)
				    : json_dumps(c->json, JSON_PRESERVE_ORDER | JSON_COMPACT);
	t->verdict_json = json_dumps(vdoc, JSON_PRESERVE_ORDER | JSON_COMPACT);
	if (!t->complaint_json || !t->verdict_json) {
		fputs("celltriage: out of memory\n", stderr);
		exit(3);
	}
}

/* ---------------------------------------------------------------------
 * What the monitoring adds
 */

/* "24h", "7d", "90m": the window as a person says it. */
static void
fmt_span(char *dst, size_t n, long long s)
{
	if (s > 2 * 86400 && s % 86400 == 0)
		snprintf(dst, n, "%lldd", s / 86400);
	else if (s > 0 && s % 3600 == 0)
		snprintf(dst, n, "%lldh", s / 3600);
	else
		ct_fmt_duration(dst, n, s);
}

void
ct_filing_notes_free(struct ct_filing_notes *fn)
{
	for (size_t i = 0; i < fn->nknown; i++)
		free(fn->known_lines[i]);
	free(fn->known_lines);
	free(fn->known);
	free(fn->hot_line);
	ct_customer_free(&fn->customer);
	memset(fn, 0, sizeof(*fn));
}

static int
filing_before(struct ct_store *st, const struct ct_profile *p, struct ct_ticket *t,
	      long long now, struct ct_filing_notes *fn, struct ct_err *err)
{
	long long at = t->received_at > 0 ? t->received_at : now;
	struct ct_knowledge *k = NULL;
	struct ct_hot_params hp;
	long long all, recent, count;
	double expected, pv;
	size_t nk = 0;
	int rc;

	memset(fn, 0, sizeof(*fn));
	if (!t->cell)
		return 0;
	/* Both lookups at once: the knowledge of the cell, and its counts for
	 * the test of `hotspots` at the complaint's time, this complaint
	 * counted in the window (one filed again once: as it is now, not as
	 * the store has it). */
	ct_hot_params_from_profile(p, at, &hp);
	if ((rc = ct_store_cell_lookups(st, t->cell, at, at - hp.window_s - hp.baseline_s,
					at - hp.window_s, at, t->complaint, &k, &nk, &all, &recent,
					err)) != 0)
		return rc;

	/* Knowledge: the tree's cause stays; the ticket says why. */
	if (nk) {
		fn->known = ct_xcalloc(nk, sizeof(*fn->known));
		fn->known_lines = ct_xcalloc(nk, sizeof(*fn->known_lines));
	}
	for (size_t i = 0; i < nk; i++) {
		struct ct_buf line = CT_BUF_INIT;
		char tag[40];

		snprintf(tag, sizeof(tag), CT_KNOWN_TAG "%lld", k[i].id);
		ct_knowledge_action(&line, &k[i]);
		ct_ticket_annotate(t, tag, ct_buf_str(&line));
		fn->known[fn->nknown] = k[i].id;
		fn->known_lines[fn->nknown++] = ct_buf_detach(&line);
	}
	ct_knowledge_free(k, nk);

	/* A hot cell. */
	count = recent + 1;
	if (ct_hot_test(count, all - recent, &hp, &expected, &pv)) {
		struct ct_buf line = CT_BUF_INIT;
		char win[32];

		fmt_span(win, sizeof(win), hp.window_s);
		ct_buf_printf(&line, "Cell %s is a hotspot: %lld complaints in the last %s "
			      "against %.3g expected (Poisson p = %.3g): likely one cause with "
			      "the others (celltriage hotspots)", t->cell, count, win, expected, pv);
		ct_ticket_annotate(t, "hotspot", ct_buf_str(&line));
		fn->hot = 1;
		fn->hot_count = count;
		fn->hot_expected = expected;
		fn->hot_p = pv;
		fn->hot_line = ct_buf_detach(&line);
		ct_hot_batch_id(fn->batch, sizeof(fn->batch), t->cell, now);
	}
	return 0;
}

static int
filing_after(struct ct_store *st, const struct ct_profile *p, const struct ct_ticket *t,
	     long long id, long long now, struct ct_filing_notes *fn, struct ct_err *err)
{
	long long at = t->received_at > 0 ? t->received_at : now;
	int rc, joined = 0;

	/* Both lookups at once: a hot cell's batch of the day (filed today:
	 * the new ticket joins it), and the customer's profile, shown when
	 * they complain again. */
	if ((rc = ct_store_batch_customer(st, fn->hot ? fn->batch : NULL, t->msisdn, at,
					  86400LL * p->dl.repeat_window_days, &joined,
					  &fn->customer, err)) != 0)
		return rc;
	if (t->msisdn)
		fn->has_customer = ct_customer_worth_showing(&fn->customer);
	if (!joined) {
		fn->batch[0] = '\0';
		return 0;
	}
	if ((rc = ct_store_batch_add(st, fn->batch, &id, 1, NULL, now, err)) != 0 || !t->msisdn)
		return rc;
	/* Joining made the ticket's kind "batch": the profile's repeats are
	 * counted again. */
	ct_customer_free(&fn->customer);
	if ((rc = ct_customer_get(st, t->msisdn, at, 86400LL * p->dl.repeat_window_days,
				  &fn->customer, err)) != 0)
		return rc;
	fn->has_customer = ct_customer_worth_showing(&fn->customer);
	return 0;
}

/* The hooks of ct_store_file_hooked. */
struct filing {
	const struct ct_profile *p;
	long long now;
	struct ct_filing_notes *fn;
};

static int
hook_before(struct ct_store *st, struct ct_ticket *t, void *arg, struct ct_err *err)
{
	struct filing *f = arg;

	return filing_before(st, f->p, t, f->now, f->fn, err);
}

static int
hook_after(struct ct_store *st, const struct ct_ticket *t, long long id, void *arg,
	   struct ct_err *err)
{
	struct filing *f = arg;

	return filing_after(st, f->p, t, id, f->now, f->fn, err);
}

int
ct_filing_file(struct ct_store *st, const struct ct_profile *p, struct ct_ticket *t,
	       long long now, struct ct_filing_notes *fn, long long *id, int *updated,
	       struct ct_err *err)
{
	struct filing f = { p, now, fn };
	struct ct_file_hooks h = { hook_before, hook_after, &f };

	memset(fn, 0, sizeof(*fn));
	return ct_store_file_hooked(st, t, &h, id, updated, err);
}
