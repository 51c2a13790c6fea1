/*
 * tree.c — the diagnostic decision tree of the operator complaint procedure
 * (无线网络投诉相关处理流程): card/number -> terminal -> radio -> core.
 *
 * Every check appends one step to the verdict's path: what it looked at, the
 * value and threshold, and why it passed, failed or could not be made. A
 * check that cannot be made adds the test or datum that would settle it to
 * `needs` (the one-visit test plan groups them by where they are done).
 *
 *   Q1.1 account (arrears, barred)
 *   Q1.2 user's SIM in a test phone ----- works ------> Q2 terminal
 *        |                                 unknown ---> Q2 / Q4.1 / Q3 by the test SIM
 *        fails: test SIM on the spot --- works ------> Q4.1 number (segment, data, card)
 *                                        fails ------> Q3 radio, list by phenomenon
 *   Q3.1 (no_access, no_signal, sms_fail) -> Q3.1.5 signalling -> Q4.2
 *   Q3.2 (call_drop, data_drop, voice_quality)
 *   Q3.3 (slow_data) -> Q4.3 packet resources, gateway load
 *
 * Numbers come from the profile; this file holds only the structure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "celltriage/diagnose.h"
#include "celltriage/dissect.h"

/* What each missing test or datum is, why it matters and where it is done.
 * `test` is the complaint field that carries the answer, so an engineer
 * knows what to fill in. */
struct need_def {
	const char *test;
	enum ct_where where;
	const char *how;
};

static const struct need_def need_defs[] = {
	{ "arrears", CT_W_BACK_OFFICE, "check the account balance in the billing system" },
	{ "barred", CT_W_BACK_OFFICE, "check the account for barred or blocked functions" },
	{ "user_sim_in_test_phone", CT_W_SITE, "put the user's SIM in a known-good test phone and retry the failing service" },
	{ "test_sim_on_site", CT_W_SITE, "try a known-good test SIM in a test phone on the same spot" },
	{ "test_sim_in_user_phone", CT_W_SITE, "put a known-good test SIM in the user's phone and retry" },
	{ "segment_users_affected", CT_W_CORE, "check whether other numbers of the same number segment fail the same way" },
	{ "subscriber_data_ok", CT_W_CORE, "check the number's subscriber data and provisioned services in the HLR/HSS" },
	{ "rat", CT_W_SITE, "note the network mode (GSM/UMTS/TD-SCDMA/LTE/NR) the phone uses at the spot" },
	{ "band", CT_W_SITE, "note the band of the serving cell (engineering mode or OMC cell data)" },
	{ "supported_rats", CT_W_BACK_OFFICE, "look up the network modes the terminal model supports" },
	{ "supported_bands", CT_W_BACK_OFFICE, "look up the bands the terminal model supports" },
	{ "known_model_defect", CT_W_CORE, "compare the core-side event statistics of this terminal type with the population" },
	{ "terminal_condition", CT_W_SITE, "inspect the phone: age, physical damage, functions lost" },
	{ "unbranded", CT_W_SITE, "check the phone is a genuine branded model (IMEI, TAC)" },
	{ "signal_dbm", CT_W_SITE, "measure the serving-cell level at the complaint spot (engineering mode or scanner)" },
	{ "cell_busy", CT_W_BACK_OFFICE, "read the serving cell's congestion counters in the OMC" },
	{ "interference", CT_W_BACK_OFFICE, "read the serving cell's (uplink) interference level or grade in the OMC, or SINR on site" },
	{ "bler_retrans", CT_W_SITE, "measure block error and retransmission rates during a data session" },
	{ "alarms", CT_W_BACK_OFFICE, "list the base-station equipment and transmission alarms of the serving site" },
	{ "signalling", CT_W_CORE, "trace the user's layer-3 signalling and read the failure cause" },
	{ "reselection_handover", CT_W_SITE, "record reselections per minute and ping-pong handovers while standing still" },
	{ "timing_advance", CT_W_SITE, "read the timing advance at the complaint spot" },
	{ "location", CT_W_SITE, "record the complaint spot's coordinates" },
	{ "serving_site", CT_W_BACK_OFFICE, "look up the serving site's coordinates in the cell database" },
	{ "repeater_records", CT_W_BACK_OFFICE, "check the site records for a repeater serving the spot (no timing advance in this RAT)" },
	{ "core_cell_data_match", CT_W_CORE, "compare the core's cell data with the radio side's" },
	{ "core_board_alarm", CT_W_CORE, "check the core voice boards for alarms" },
	{ "packet_resource_load", CT_W_CORE, "read packet resource load (PCU, Gb interface; user plane in LTE/NR)" },
	{ "gateway_load", CT_W_CORE, "read SGSN/GGSN (MME/SGW/PGW, AMF/SMF/UPF) load" },
	{ "drive_test", CT_W_SITE, "drive-test the complaint area and record where and when the service fails" },
	{ "terminal_inspection", CT_W_SITE, "the SIM works elsewhere and no terminal fault is known yet: test the phone's functions on site" },
	{ NULL, CT_W_SITE, NULL }
};

struct walk {
	const struct ct_complaint *c;
	const struct ct_profile *p;
	struct ct_verdict *v;
	enum ct_walk mode;
	const char *cause;     /* decided cause, NULL while undecided */
	int unknowns;          /* checks without evidence so far */
	int confident;         /* the decision had no unknown before it */
	int stop;              /* nothing more to walk */
	int probe;             /* a plan walk looking past an open list: no decisions */
};

/* List outcomes. */
enum { LIST_CLEAN, LIST_POSITIVE, LIST_OPEN };

static const char *
tri_name(enum ct_tri t)
{
	return t == CT_YES ? "true" : t == CT_NO ? "false" : "unknown";
}

static const char *
test_name(enum ct_tri t)
{
	return t == CT_YES ? "works" : t == CT_NO ? "fails" : "unknown";
}

static char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xfmt(const char *fmt, ...)
{
	struct ct_buf b = CT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return ct_buf_detach(&b);
}

static const char *
num(char *buf, size_t n, double v)
{
	ct_fmt_num(buf, n, v);
	return buf;
}

/*
 * Evidence that names a field filled from an evidence file says so: the
 * "(complaint)" of the text becomes the file's own account ("drive.csv:
 * median of 42 samples within 300 m ...; the complaint said -90"), and the
 * step's source is that file.
 */
static char *
sourced(const struct ct_complaint *c, char *evidence, char **source)
{
	struct ct_buf srcs = CT_BUF_INIT, out = CT_BUF_INIT;
	char *at;

	for (size_t i = 0; evidence && i < c->nnotes; i++) {
		char key[96];

		snprintf(key, sizeof(key), "%s=", ct_basename_dot(c->notes[i].field));
		if (!strstr(evidence, key))
			continue;
		ct_buf_printf(&srcs, "%s%s", srcs.len ? "; " : "", c->notes[i].source);
		if (!*source)
			*source = ct_xstrdup(c->notes[i].source);
	}
	if (!srcs.len)
		return evidence;
	if ((at = strstr(evidence, " (complaint)")) != NULL) {
		ct_buf_add(&out, evidence, (size_t)(at - evidence));
		ct_buf_printf(&out, " (%s)%s", ct_buf_str(&srcs), at + strlen(" (complaint)"));
	} else {
		ct_buf_printf(&out, "%s (%s)", evidence, ct_buf_str(&srcs));
	}
	ct_buf_free(&srcs);
	free(evidence);
	return ct_buf_detach(&out);
}

/* Appends a step; takes ownership of evidence and why. */
static struct ct_step *
add_step(struct walk *w, const char *node, const char *check, enum ct_result r,
	 char *evidence, char *why)
{
	struct ct_verdict *v = w->v;
	struct ct_step *s;

	v->steps = ct_xgrow(v->steps, v->nsteps + 1, &v->capsteps, sizeof(*v->steps));
	s = &v->steps[v->nsteps++];
	memset(s, 0, sizeof(*s));
	s->node = ct_xstrdup(node);
	s->check = ct_xstrdup(check);
	s->result = r;
	s->source = NULL;
	s->evidence = evidence ? sourced(w->c, evidence, &s->source) : ct_xstrdup("");
	s->why = why ? why : ct_xstrdup("");
	if (!s->source)
		s->source = ct_xstrdup(*s->evidence ? "complaint" : "");
	if (r == CT_R_UNKNOWN && !w->cause && !w->probe)
		w->unknowns++;
	return s;
}

static void
set_value(struct ct_step *s, double value, double threshold)
{
	s->has_value = 1;
	s->value = value;
	s->has_threshold = 1;
	s->threshold = threshold;
}

/* Adds a need once (the first node that needs it keeps it). */
static void
need(struct walk *w, const char *test, const char *why, const char *node)
{
	struct ct_verdict *v = w->v;
	const struct need_def *d;
	struct ct_need *n;

	for (size_t i = 0; i < v->nneeds; i++)
		if (strcmp(v->needs[i].test, test) == 0)
			return;
	for (d = need_defs; d->test && strcmp(d->test, test) != 0; d++)
		;
	v->needs = ct_xgrow(v->needs, v->nneeds + 1, &v->capneeds, sizeof(*v->needs));
	n = &v->needs[v->nneeds++];
	n->test = ct_xstrdup(test);
	n->why = ct_xstrdup(why);
	n->how = ct_xstrdup(d->how ? d->how : "");
	n->where = d->test ? d->where : CT_W_SITE;
	n->node = ct_xstrdup(node);
}

/*
 * The first positive check decides. Without unknowns before it the verdict
 * is confident and the walk is over; otherwise a plan walk goes on through
 * the other open branches (their tests could still overturn it).
 */
static void
decide(struct walk *w, const char *cause, const char *node)
{
	if (w->cause || w->probe)
		return;
	w->cause = cause;
	w->confident = w->unknowns == 0;
	free(w->v->decided_by);
	w->v->decided_by = ct_xstrdup(node);
	if (w->mode == CT_WALK_DIAGNOSE || w->confident)
		w->stop = 1;
}

/* A tri-state fact; the value `fault` (CT_YES or CT_NO) is the fault. */
static enum ct_result
tri_check_as(struct walk *w, const char *node, const char *check,
	     const char *field, enum ct_tri t, enum ct_tri fault,
	     const char *need_test, const char *fault_why, const char *clean_why)
{
	char *ev = t == CT_UNKNOWN ? NULL : xfmt("%s=%s (complaint)", field, tri_name(t));

	if (t == fault) {
		add_step(w, node, check, CT_R_FAIL, ev, ct_xstrdup(fault_why));
		return CT_R_FAIL;
	}
	if (t != CT_UNKNOWN) {
		add_step(w, node, check, CT_R_PASS, ev, ct_xstrdup(clean_why));
		return CT_R_PASS;
	}
	add_step(w, node, check, CT_R_UNKNOWN, NULL, xfmt("%s is not known", field));
	{
		char *why = xfmt("decides %s: %s", node, check);

		need(w, need_test, why, node);
		free(why);
	}
	return CT_R_UNKNOWN;
}

/* A tri-state fact whose YES is the fault. */
static enum ct_result
tri_check(struct walk *w, const char *node, const char *check,
	  const char *field, enum ct_tri t, const char *need_test,
	  const char *yes_why, const char *no_why)
{
	return tri_check_as(w, node, check, field, t, CT_YES, need_test, yes_why, no_why);
}

/* ---- Q1 card / number ------------------------------------------------ */

static void
q1_account(struct walk *w)
{
	const struct ct_complaint *c = w->c;

	if (tri_check(w, "Q1.1", "account in arrears", "account.arrears", c->arrears,
		      "arrears", "the account is in arrears: service is suspended",
		      "the account is not in arrears") == CT_R_FAIL) {
		decide(w, "sim/account_arrears", "Q1.1");
		if (w->stop)
			return;
	}
	if (tri_check(w, "Q1.1", "account barred or function blocked", "account.barred",
		      c->barred, "barred", "the account or a function is barred",
		      "nothing is barred on the account") == CT_R_FAIL)
		decide(w, "sim/account_barred", "Q1.1");
}

/* ---- Q2 terminal ------------------------------------------------------- */

static int
in_list(const struct ct_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static char *
list_text(const struct ct_strlist *l)
{
	struct ct_buf b = CT_BUF_INIT;

	for (size_t i = 0; i < l->n; i++)
		ct_buf_printf(&b, "%s%s", i ? "," : "", l->v[i]);
	return ct_buf_detach(&b);
}

static enum ct_result
q2_rat(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	const char *rat = ct_rat_name(c->rat);
	char *l;
	int ok;

	if (c->rat == CT_RAT_UNKNOWN || !c->terminal.rats.has) {
		add_step(w, "Q2.1", "terminal supports the network mode", CT_R_UNKNOWN,
			 NULL, xfmt("%s not known",
				    c->rat == CT_RAT_UNKNOWN ? "the RAT in use is" :
				    "the terminal's supported RATs are"));
		need(w, c->rat == CT_RAT_UNKNOWN ? "rat" : "supported_rats",
		     "decides Q2.1: does the model support the network mode in use", "Q2.1");
		return CT_R_UNKNOWN;
	}
	l = list_text(&c->terminal.rats);
	ok = in_list(&c->terminal.rats, rat);
	add_step(w, "Q2.1", "terminal supports the network mode", ok ? CT_R_PASS : CT_R_FAIL,
		 xfmt("rat=%s, terminal.supported_rats=[%s] (complaint)", rat, l),
		 ok ? xfmt("the model supports %s", rat)
		    : xfmt("the model does not support %s, the network mode in use", rat));
	free(l);
	return ok ? CT_R_PASS : CT_R_FAIL;
}

static enum ct_result
q2_band(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	char *l;
	int ok;

	if (!c->band || !c->terminal.bands.has) {
		add_step(w, "Q2.2", "terminal supports the band", CT_R_UNKNOWN, NULL,
			 xfmt("%s not known", !c->band ? "the band in use is" :
				    "the terminal's supported bands are"));
		need(w, !c->band ? "band" : "supported_bands",
		     "decides Q2.2: does the model support the band in use", "Q2.2");
		return CT_R_UNKNOWN;
	}
	l = list_text(&c->terminal.bands);
	ok = in_list(&c->terminal.bands, c->band);
	add_step(w, "Q2.2", "terminal supports the band", ok ? CT_R_PASS : CT_R_FAIL,
		 xfmt("band=%s, terminal.supported_bands=[%s] (complaint)", c->band, l),
		 ok ? xfmt("the model supports band %s", c->band)
		    : xfmt("the model does not support band %s, the band in use", c->band));
	free(l);
	return ok ? CT_R_PASS : CT_R_FAIL;
}

static enum ct_result
q2_worn(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	double limit = w->p->worn_age_years;
	char a[32], b[32];
	struct ct_step *s;

	if (c->terminal.damaged == CT_YES) {
		add_step(w, "Q2.4", "terminal old or damaged", CT_R_FAIL,
			 ct_xstrdup("terminal.damaged=true (complaint)"),
			 ct_xstrdup("the phone is damaged and has lost functions"));
		return CT_R_FAIL;
	}
	if (c->terminal.age_years.has && c->terminal.age_years.v >= limit) {
		s = add_step(w, "Q2.4", "terminal old or damaged", CT_R_FAIL,
			     xfmt("terminal.age_years=%s (complaint)",
				  num(a, sizeof(a), c->terminal.age_years.v)),
			     xfmt("%s years old, at or beyond the %s years at which a phone counts as worn",
				  num(a, sizeof(a), c->terminal.age_years.v), num(b, sizeof(b), limit)));
		set_value(s, c->terminal.age_years.v, limit);
		return CT_R_FAIL;
	}
	if (c->terminal.damaged == CT_NO || c->terminal.age_years.has) {
		s = add_step(w, "Q2.4", "terminal old or damaged", CT_R_PASS,
			     c->terminal.age_years.has
				     ? xfmt("terminal.age_years=%s, terminal.damaged=%s (complaint)",
					    num(a, sizeof(a), c->terminal.age_years.v),
					    tri_name(c->terminal.damaged))
				     : ct_xstrdup("terminal.damaged=false (complaint)"),
			     c->terminal.age_years.has
				     ? xfmt("younger than %s years%s", num(b, sizeof(b), limit),
					    c->terminal.damaged == CT_NO ? " and not damaged" : "")
				     : ct_xstrdup("not damaged"));
		if (c->terminal.age_years.has)
			set_value(s, c->terminal.age_years.v, limit);
		return CT_R_PASS;
	}
	add_step(w, "Q2.4", "terminal old or damaged", CT_R_UNKNOWN, NULL,
		 ct_xstrdup("the phone's age and condition are not known"));
	need(w, "terminal_condition", "decides Q2.4: is this unit worn or damaged", "Q2.4");
	return CT_R_UNKNOWN;
}

/* Q2: model-wide faults first, then this unit's. */
static int
q2_terminal(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	int open = 0;

	if (q2_rat(w) == CT_R_FAIL)
		return decide(w, "terminal/rat_unsupported", "Q2.1"), LIST_POSITIVE;
	open |= w->v->steps[w->v->nsteps - 1].result == CT_R_UNKNOWN;
	if (q2_band(w) == CT_R_FAIL)
		return decide(w, "terminal/band_unsupported", "Q2.2"), LIST_POSITIVE;
	open |= w->v->steps[w->v->nsteps - 1].result == CT_R_UNKNOWN;
	switch (tri_check(w, "Q2.3", "model design defect", "known_model_defect",
			  c->known_model_defect, "known_model_defect",
			  "core-side statistics show this model failing significantly more than the population",
			  "this model does not fail more than the population")) {
	case CT_R_FAIL:
		return decide(w, "terminal/model_defect", "Q2.3"), LIST_POSITIVE;
	case CT_R_UNKNOWN:
		open = 1;
		break;
	default:
		break;
	}
	if (q2_worn(w) == CT_R_FAIL)
		return decide(w, "terminal/device_worn", "Q2.4"), LIST_POSITIVE;
	open |= w->v->steps[w->v->nsteps - 1].result == CT_R_UNKNOWN;
	switch (tri_check(w, "Q2.5", "unbranded (counterfeit) terminal", "terminal.unbranded",
			  c->terminal.unbranded, "unbranded",
			  "the phone is unbranded and may lack functions",
			  "the phone is a branded model")) {
	case CT_R_FAIL:
		return decide(w, "terminal/unbranded", "Q2.5"), LIST_POSITIVE;
	case CT_R_UNKNOWN:
		open = 1;
		break;
	default:
		break;
	}
	return open ? LIST_OPEN : LIST_CLEAN;
}

/* ---- signalling causes -> branches (the profile's table) -------------- */

/*
 * Whether a cause typed into the complaint (or read from a trace) is a
 * failure: the same rule the decoders judge captured causes by (success,
 * acceptance and normal-release values are not evidence of a fault), with
 * the profile's overrides (its `failures` group).
 */
static int
sig_is_failure(const struct ct_profile *p, const struct ct_sigcause *s)
{
	return ct_cause_is_failure(&p->failures, (enum ct_family)s->family,
				   (enum ct_cause_group)s->group, (uint32_t)s->cause);
}

static const struct ct_sigmap *
sig_map(const struct ct_profile *p, const struct ct_sigcause *s)
{
	return ct_profile_sigmap(p, s->family, s->group, s->cause, s->message);
}

static void
sig_text(struct ct_buf *b, const struct ct_sigcause *s)
{
	char nb[48];

	ct_buf_printf(b, "%s", ct_family_name((enum ct_family)s->family));
	if (s->group)
		ct_buf_printf(b, "/%s", ct_cause_group_name((enum ct_cause_group)s->group));
	ct_buf_printf(b, " %ld (%s)", s->cause,
		      ct_cause_name((enum ct_family)s->family, (enum ct_cause_group)s->group,
				    (uint32_t)s->cause, nb, sizeof(nb)));
}

/*
 * The first failure whose mapped branch is `want` (a cause code), or any
 * core cause when want is NULL. Returns the mapping, and the cause in *out.
 */
static const struct ct_sigmap *
sig_find(const struct walk *w, const char *want, const struct ct_sigcause **out)
{
	const struct ct_complaint *c = w->c;

	for (size_t i = 0; i < c->nsig; i++) {
		const struct ct_sigmap *m;

		if (!sig_is_failure(w->p, &c->sig[i]) || !(m = sig_map(w->p, &c->sig[i])))
			continue;
		if (want ? strcmp(m->branch, want) == 0 : strncmp(m->branch, "core/", 5) == 0) {
			*out = &c->sig[i];
			return m;
		}
	}
	return NULL;
}

static char *
sig_evidence(const struct ct_sigcause *s)
{
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_puts(&b, "signalling: ");
	sig_text(&b, s);
	ct_buf_printf(&b, " (%s)", s->source ? s->source : "complaint");
	return ct_buf_detach(&b);
}

/* A step decided by a signalling cause names the file and frame it came from. */
static void
sig_source(struct ct_step *st, const struct ct_sigcause *s)
{
	if (s->source) {
		free(st->source);
		st->source = ct_xstrdup(s->source);
	}
}

/* ---- Q4 core --------------------------------------------------------- */

/* Q4.1: the user's number fails where a test number works. */
static int
q4_number(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	const struct ct_sigcause *sc;
	const struct ct_sigmap *m;
	enum ct_result r;
	int open = 0;

	r = tri_check(w, "Q4.1.1", "whole number segment affected", "field_tests.segment_users_affected",
		      c->segment_users_affected, "segment_users_affected",
		      "other users of the number segment fail too: a network change touched the segment",
		      "only this user of the number segment is affected");
	if (r == CT_R_FAIL)
		return decide(w, "core/number_segment", "Q4.1.1"), LIST_POSITIVE;
	open |= r == CT_R_UNKNOWN;

	if (c->subscriber_data_ok == CT_UNKNOWN &&
	    (m = sig_find(w, "core/subscriber_data", &sc)) != NULL) {
		struct ct_buf b = CT_BUF_INIT;

		sig_text(&b, sc);
		sig_source(add_step(w, "Q4.1.2", "subscriber data and services", CT_R_FAIL, sig_evidence(sc),
				    xfmt("the network refused the subscription: %s maps to core/subscriber_data (profile %s:%d)",
					 ct_buf_str(&b), m->file, m->line)), sc);
		ct_buf_free(&b);
		return decide(w, "core/subscriber_data", "Q4.1.2"), LIST_POSITIVE;
	}
	r = tri_check_as(w, "Q4.1.2", "subscriber data and services", "field_tests.subscriber_data_ok",
		      c->subscriber_data_ok, CT_NO, "subscriber_data_ok",
		      "the number's subscriber data is wrong or a service is not provisioned",
		      "the subscriber data is correct");
	if (r == CT_R_FAIL)
		return decide(w, "core/subscriber_data", "Q4.1.2"), LIST_POSITIVE;
	if (r == CT_R_UNKNOWN || open)
		return LIST_OPEN;
	if (c->user_sim_in_test_phone != CT_NO || c->test_sim_on_site != CT_YES)
		return LIST_OPEN; /* Q1.2 not settled: the card is not the only suspect */

	/* Only this number, data correct, the user's SIM fails in a good phone:
	 * the card itself. The test SIM in the user's phone confirms it. */
	if (c->test_sim_in_user_phone == CT_UNKNOWN) {
		add_step(w, "Q4.1.3", "test SIM works in the user's phone", CT_R_UNKNOWN, NULL,
			 ct_xstrdup("not tried: it would confirm the phone is good and the card is not"));
		need(w, "test_sim_in_user_phone", "confirms Q4.1.3: the card is faulty, not the phone", "Q4.1.3");
	}
	add_step(w, "Q4.1.3", "SIM card physically faulty", CT_R_FAIL,
		 xfmt("field_tests.user_sim_in_test_phone=fails, test_sim_on_site=works, "
		      "subscriber_data_ok=true, test_sim_in_user_phone=%s (complaint)",
		      test_name(c->test_sim_in_user_phone)),
		 ct_xstrdup(c->test_sim_in_user_phone == CT_NO
			    ? "the user's SIM fails in a good phone with correct data (the user's phone fails with a good SIM too: check it as well)"
			    : "the user's SIM fails in a good phone although its data is correct and the spot is served"));
	decide(w, "sim/card_fault", "Q4.1.3");
	return LIST_POSITIVE;
}

/* A percentage with a "max" threshold from the profile. */
static enum ct_result
load_check(struct walk *w, const char *node, const char *check, const char *field,
	   const struct ct_num *n, double max, const char *need_test)
{
	char a[32], b[32];
	struct ct_step *s;
	int over;

	if (!n->has) {
		add_step(w, node, check, CT_R_UNKNOWN, NULL, xfmt("%s is not known", field));
		need(w, need_test, check, node);
		return CT_R_UNKNOWN;
	}
	over = n->v > max;
	s = add_step(w, node, check, over ? CT_R_FAIL : CT_R_PASS,
		     xfmt("%s=%s (complaint)", field, num(a, sizeof(a), n->v)),
		     xfmt("%s%% is %s the %s%% limit", num(a, sizeof(a), n->v),
			  over ? "above" : "within", num(b, sizeof(b), max)));
	set_value(s, n->v, max);
	return over ? CT_R_FAIL : CT_R_PASS;
}

/* Q4.3: slow data with a clean radio side. */
static int
q4_packet(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	const struct ct_sigcause *sc;
	enum ct_result r;
	int open = 0;

	r = load_check(w, "Q4.3.1", "packet resources", "omc.packet_resource_load_pct",
		       &c->omc.packet_resource_load_pct, w->p->packet_load_max_pct,
		       "packet_resource_load");
	if (r == CT_R_FAIL)
		return decide(w, "core/packet_resources", "Q4.3.1"), LIST_POSITIVE;
	open |= r == CT_R_UNKNOWN;
	if (sig_find(w, "core/gateway_load", &sc)) {
		sig_source(add_step(w, "Q4.3.2", "gateway load", CT_R_FAIL, sig_evidence(sc),
				    ct_xstrdup("the core refused for lack of resources: the gateway is overloaded")), sc);
		return decide(w, "core/gateway_load", "Q4.3.2"), LIST_POSITIVE;
	}
	r = load_check(w, "Q4.3.2", "gateway load", "omc.gateway_load_pct",
		       &c->omc.gateway_load_pct, w->p->gateway_load_max_pct, "gateway_load");
	if (r == CT_R_FAIL)
		return decide(w, "core/gateway_load", "Q4.3.2"), LIST_POSITIVE;
	open |= r == CT_R_UNKNOWN;
	return open ? LIST_OPEN : LIST_CLEAN;
}

/* Q4.2: cannot access, radio clean: core cell data and voice boards. */
static int
q4_access(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	enum ct_result r;
	int open = 0;

	r = tri_check_as(w, "Q4.2.1", "core cell data match the radio side", "omc.core_cell_data_match",
		      c->omc.core_cell_data_match, CT_NO, "core_cell_data_match",
		      "the core's cell data disagree with the radio side's",
		      "the core's cell data agree with the radio side's");
	if (r == CT_R_FAIL)
		return decide(w, "core/cell_data_mismatch", "Q4.2.1"), LIST_POSITIVE;
	open |= r == CT_R_UNKNOWN;
	r = tri_check(w, "Q4.2.2", "alarms on core voice boards", "omc.core_board_alarm",
		      c->omc.core_board_alarm, "core_board_alarm",
		      "the core voice boards are in alarm", "no alarm on the core voice boards");
	if (r == CT_R_FAIL)
		return decide(w, "core/board_alarm", "Q4.2.2"), LIST_POSITIVE;
	open |= r == CT_R_UNKNOWN;
	return open ? LIST_OPEN : LIST_CLEAN;
}

/* ---- Q3 radio -------------------------------------------------------- */

/* The thresholds of the RAT in use, or NULL when the RAT is unknown. */
static const struct ct_rat_thresholds *
rat_thr(const struct walk *w)
{
	const struct ct_rat_thresholds *t = &w->p->rat[w->c->rat];

	return w->c->rat != CT_RAT_UNKNOWN && t->present ? t : NULL;
}

/* Over every RAT the profile knows: the lowest and highest value of a
 * threshold (for a complaint that does not say which RAT it was on). */
static void
thr_span(const struct ct_profile *p, int interference, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (int r = 1; r < CT_RAT__COUNT; r++) {
		double t;

		if (!p->rat[r].present)
			continue;
		t = interference ? p->rat[r].interference_dbm : p->rat[r].coverage_dbm;
		*lo = fmin(*lo, t);
		*hi = fmax(*hi, t);
	}
}

/* A drive-test spot's share beyond its threshold, in percent. */
static double
spot_pct(const struct ct_spot *sp)
{
	return sp->n ? 100.0 * (double)sp->beyond / (double)sp->n : 0;
}

/* 1 when more of the spot's samples than the profile's share are beyond
 * the threshold (drivetest.spot_share_pct; strict, as thresholds are). */
static int
spot_bad(const struct walk *w, const struct ct_spot *sp)
{
	return spot_pct(sp) > w->p->dt.spot_share_pct;
}

/* "12 of 40 samples (30.0%) below -110 dBm": the report's count. */
static void
spot_text(struct ct_buf *b, const struct ct_spot *sp, const char *unit)
{
	char t[32];

	ct_buf_printf(b, "%zu of %zu samples (%.1f%%) below %s %s", sp->beyond, sp->n, spot_pct(sp),
		      num(t, sizeof(t), sp->threshold), unit);
}

/* Q3.1.1 at a drive-tested spot: the share of its samples below the RAT's
 * coverage threshold against the profile's spot share. */
static enum ct_result
q3_coverage_spot(struct walk *w, const char *node, const struct ct_rat_thresholds *t)
{
	const struct ct_spot *sp = &w->c->spot_level;
	struct ct_buf ev = CT_BUF_INIT, why = CT_BUF_INIT;
	char a[32], l[32];
	int weak = spot_bad(w, sp);
	struct ct_step *s;

	ct_buf_puts(&ev, "drive-test spot: ");
	spot_text(&ev, sp, "dBm");
	ct_buf_printf(&ev, " (%s); measurements.signal_dbm=%s (complaint)", sp->where,
		      num(a, sizeof(a), w->c->meas.signal_dbm.v));
	ct_buf_printf(&why, "%.1f%% of the spot's samples are below the %s coverage threshold %s dBm "
		      "[%s]: %s the spot share %s%% (drivetest.spot_share_pct)", spot_pct(sp),
		      ct_rat_name(w->c->rat), num(a, sizeof(a), t->coverage_dbm), t->source,
		      weak ? "more than" : "not more than", num(l, sizeof(l), w->p->dt.spot_share_pct));
	s = add_step(w, node, "weak coverage", weak ? CT_R_FAIL : CT_R_PASS, ct_buf_detach(&ev),
		     ct_buf_detach(&why));
	set_value(s, spot_pct(sp), w->p->dt.spot_share_pct);
	return weak ? CT_R_FAIL : CT_R_PASS;
}

static enum ct_result
q3_coverage(struct walk *w, const char *node)
{
	const struct ct_num *sig = &w->c->meas.signal_dbm;
	const struct ct_rat_thresholds *t = rat_thr(w);
	char a[32], b[32], d[32];
	struct ct_step *s;
	double lo, hi;

	if (t && w->c->spot_level.has && w->c->spot_level.n && sig->has)
		return q3_coverage_spot(w, node, t);
	if (!sig->has) {
		add_step(w, node, "weak coverage", CT_R_UNKNOWN, NULL,
			 ct_xstrdup("the signal level at the spot is not known"));
		need(w, "signal_dbm", "decides weak coverage", node);
		return CT_R_UNKNOWN;
	}
	if (t) {
		int weak = sig->v < t->coverage_dbm;

		s = add_step(w, node, "weak coverage", weak ? CT_R_FAIL : CT_R_PASS,
			     xfmt("measurements.signal_dbm=%s (complaint)", num(a, sizeof(a), sig->v)),
			     xfmt("%s dBm is %s the %s coverage threshold %s dBm [%s]",
				  num(a, sizeof(a), sig->v), weak ? "below" : "not below",
				  ct_rat_name(w->c->rat), num(b, sizeof(b), t->coverage_dbm), t->source));
		set_value(s, sig->v, t->coverage_dbm);
		return weak ? CT_R_FAIL : CT_R_PASS;
	}
	/* RAT unknown: weak only if weak for every RAT, clean only if clean for all. */
	thr_span(w->p, 0, &lo, &hi);
	if (sig->v < lo || sig->v >= hi) {
		int weak = sig->v < lo;

		s = add_step(w, node, "weak coverage", weak ? CT_R_FAIL : CT_R_PASS,
			     xfmt("measurements.signal_dbm=%s (complaint), rat unknown", num(a, sizeof(a), sig->v)),
			     xfmt("%s dBm is %s every RAT's coverage threshold (%s..%s dBm)",
				  num(a, sizeof(a), sig->v), weak ? "below" : "not below",
				  num(b, sizeof(b), lo), num(d, sizeof(d), hi)));
		set_value(s, sig->v, weak ? lo : hi);
		return weak ? CT_R_FAIL : CT_R_PASS;
	}
	add_step(w, node, "weak coverage", CT_R_UNKNOWN,
		 xfmt("measurements.signal_dbm=%s (complaint), rat unknown", num(a, sizeof(a), sig->v)),
		 xfmt("%s dBm is weak for some RATs and not for others (%s..%s dBm): the RAT decides",
		      num(a, sizeof(a), sig->v), num(b, sizeof(b), lo), num(d, sizeof(d), hi)));
	need(w, "rat", "decides weak coverage: the thresholds differ per RAT", node);
	return CT_R_UNKNOWN;
}

static enum ct_result
q3_capacity(struct walk *w, const char *node)
{
	return tri_check(w, node, "cell too busy", "omc.cell_busy", w->c->omc.cell_busy,
			 "cell_busy", "the OMC counters show the cell's resources exhausted",
			 "the cell is not congested");
}

/*
 * Interference: the level above the RAT's threshold, or the interference
 * grade at or above the profile's minimum, or (LTE/NR) SINR below its
 * minimum while the level is good. Positive on any; clean when at least one
 * measure is known and none is positive.
 */
static enum ct_result
q3_interference(struct walk *w, const char *node)
{
	const struct ct_complaint *c = w->c;
	const struct ct_rat_thresholds *t = rat_thr(w);
	struct ct_buf ev = CT_BUF_INIT, why = CT_BUF_INIT;
	char a[32], b[32];
	int known = 0, pos = 0, undecided = 0;
	double val = 0, thr = 0;
	int has_vt = 0;
	struct ct_step *s;
	enum ct_result r;

	if (c->meas.interference_dbm.has) {
		double iv = c->meas.interference_dbm.v, lo, hi;

		ct_buf_printf(&ev, "measurements.interference_dbm=%s", num(a, sizeof(a), iv));
		if (t) {
			thr = t->interference_dbm;
			known = 1;
			pos = iv > thr;
			ct_buf_printf(&why, "%s dBm is %s the %s interference threshold %s dBm",
				      num(a, sizeof(a), iv), pos ? "above" : "not above",
				      ct_rat_name(c->rat), num(b, sizeof(b), thr));
		} else {
			thr_span(w->p, 1, &lo, &hi);
			if (iv > hi || iv <= lo) {
				known = 1;
				pos = iv > hi;
				thr = pos ? hi : lo;
				ct_buf_printf(&why, "%s dBm is %s every RAT's interference threshold",
					      num(a, sizeof(a), iv), pos ? "above" : "not above");
			} else {
				undecided = 1;
				ct_buf_printf(&why, "%s dBm is interference for some RATs only: the RAT decides",
					      num(a, sizeof(a), iv));
			}
		}
		val = iv;
		has_vt = known;
	}
	if (c->meas.interference_grade.has) {
		int g = (int)c->meas.interference_grade.v;
		int gmin = t ? t->interference_grade_min : w->p->rat[CT_RAT_GSM].interference_grade_min;

		ct_buf_printf(&ev, "%smeasurements.interference_grade=%d", ev.len ? ", " : "", g);
		if (gmin > 0) {
			int gp = g >= gmin;

			ct_buf_printf(&why, "%sgrade %d is %s %d", why.len ? "; " : "", g,
				      gp ? "at or above" : "below", gmin);
			if (gp && !pos) {
				val = g;
				thr = gmin;
				has_vt = 1;
			}
			pos |= gp;
			known = 1;
		}
	}
	if (t && t->has_sinr && c->spot_sinr.has && c->spot_sinr.n) {
		/* A drive-tested spot: the share of its samples with SINR below
		 * the minimum, as the drive-test report counts it; with a good
		 * level at the spot that is interference. */
		const struct ct_spot *sp = &c->spot_sinr;
		int good_level = c->spot_level.has && c->spot_level.n ? !spot_bad(w, &c->spot_level)
				 : c->meas.signal_dbm.has && c->meas.signal_dbm.v >= t->coverage_dbm;
		char l[32];

		ct_buf_printf(&ev, "%sdrive-test spot: ", ev.len ? ", " : "");
		spot_text(&ev, sp, "dB SINR");
		ct_buf_printf(&ev, " (%s)", sp->where);
		if (c->meas.sinr_db.has)
			ct_buf_printf(&ev, "; measurements.sinr_db=%s", num(a, sizeof(a), c->meas.sinr_db.v));
		num(l, sizeof(l), w->p->dt.spot_share_pct);
		if (spot_bad(w, sp) && good_level) {
			ct_buf_printf(&why, "%s%.1f%% of the spot's samples have SINR below %s dB, more than "
				      "the spot share %s%% (drivetest.spot_share_pct), with a good level",
				      why.len ? "; " : "", spot_pct(sp), num(a, sizeof(a), t->sinr_min_db), l);
			if (!pos) {
				val = spot_pct(sp);
				thr = w->p->dt.spot_share_pct;
				has_vt = 1;
			}
			pos = 1;
			known = 1;
		} else if (!spot_bad(w, sp)) {
			ct_buf_printf(&why, "%s%.1f%% of the spot's samples have SINR below %s dB, not more "
				      "than the spot share %s%% (drivetest.spot_share_pct)", why.len ? "; " : "",
				      spot_pct(sp), num(a, sizeof(a), t->sinr_min_db), l);
			if (!pos && !has_vt) {
				val = spot_pct(sp);
				thr = w->p->dt.spot_share_pct;
				has_vt = 1;
			}
			known = 1;
		} else {
			ct_buf_printf(&why, "%s%.1f%% of the spot's samples have SINR below %s dB, but the "
				      "level is weak there too: coverage, not interference",
				      why.len ? "; " : "", spot_pct(sp), num(a, sizeof(a), t->sinr_min_db));
		}
	} else if (t && t->has_sinr && c->meas.sinr_db.has) {
		double sv = c->meas.sinr_db.v;
		int good_level = c->meas.signal_dbm.has && c->meas.signal_dbm.v >= t->coverage_dbm;

		ct_buf_printf(&ev, "%smeasurements.sinr_db=%s", ev.len ? ", " : "", num(a, sizeof(a), sv));
		if (sv < t->sinr_min_db && good_level) {
			ct_buf_printf(&why, "%sSINR %s dB is below %s dB with a good level", why.len ? "; " : "",
				      num(a, sizeof(a), sv), num(b, sizeof(b), t->sinr_min_db));
			if (!pos) {
				val = sv;
				thr = t->sinr_min_db;
				has_vt = 1;
			}
			pos = 1;
			known = 1;
		} else if (sv >= t->sinr_min_db) {
			ct_buf_printf(&why, "%sSINR %s dB is not below %s dB", why.len ? "; " : "",
				      num(a, sizeof(a), sv), num(b, sizeof(b), t->sinr_min_db));
			known = 1;
		} else {
			ct_buf_printf(&why, "%sSINR %s dB is low but so is (or may be) the level: coverage, not interference",
				      why.len ? "; " : "", num(a, sizeof(a), sv));
		}
	}
	if (ev.len)
		ct_buf_puts(&ev, " (complaint)");
	r = pos ? CT_R_FAIL : known ? CT_R_PASS : CT_R_UNKNOWN;
	if (r == CT_R_UNKNOWN && !why.len)
		ct_buf_puts(&why, "no interference level, grade or SINR is known");
	s = add_step(w, node, "strong interference", r, ev.len ? ct_buf_detach(&ev) : NULL,
		     ct_buf_detach(&why));
	ct_buf_free(&ev);
	if (has_vt)
		set_value(s, val, thr);
	if (r == CT_R_UNKNOWN)
		need(w, undecided ? "rat" : "interference", "decides strong interference", node);
	return r;
}

/* Q3.3.2: interference that slows data shows as retransmissions and BLER. */
static enum ct_result
q3_interference_slow(struct walk *w, const char *node)
{
	const struct ct_complaint *c = w->c;
	const struct ct_num *bler = &c->meas.bler_pct, *re = &c->meas.retrans_pct;
	char a[32], b[32], d[32];
	int high;

	if (q3_interference(w, node) != CT_R_FAIL)
		return w->v->steps[w->v->nsteps - 1].result;
	if (!bler->has && !re->has) {
		add_step(w, node, "retransmission and block errors", CT_R_UNKNOWN, NULL,
			 ct_xstrdup("interference is strong; whether it slows data shows in BLER and retransmissions, not known"));
		need(w, "bler_retrans", "confirms interference is what slows data", node);
		return CT_R_UNKNOWN;
	}
	high = (bler->has && bler->v > w->p->bler_high_pct) || (re->has && re->v > w->p->retrans_high_pct);
	add_step(w, node, "retransmission and block errors", high ? CT_R_FAIL : CT_R_PASS,
		 xfmt("measurements.bler_pct=%s, retrans_pct=%s (complaint)",
		      bler->has ? num(a, sizeof(a), bler->v) : "unknown",
		      re->has ? num(b, sizeof(b), re->v) : "unknown"),
		 xfmt("%s the %s%% limit: interference %s the data",
		      high ? "above" : "within", num(d, sizeof(d), w->p->bler_high_pct),
		      high ? "is degrading" : "is not degrading"));
	return high ? CT_R_FAIL : CT_R_PASS;
}

static enum ct_result
q3_parameters(struct walk *w, const char *node)
{
	const struct ct_complaint *c = w->c;
	const struct ct_num *rs = &c->meas.reselections_per_min, *pp = &c->meas.pingpong_handovers;
	char a[32], b[32];
	struct ct_step *s;
	int rs_hi, pp_hi;

	const struct ct_sigcause *sc;
	const struct ct_sigmap *m;

	if ((!rs->has || rs->v <= w->p->reselections_max_per_min) &&
	    (!pp->has || pp->v <= w->p->pingpong_max) &&
	    (m = sig_find(w, "radio/parameters", &sc)) != NULL) {
		struct ct_buf t = CT_BUF_INIT;

		sig_text(&t, sc);
		sig_source(add_step(w, node, "handover failures", CT_R_FAIL, sig_evidence(sc),
				    xfmt("%s%s%s maps to radio/parameters (profile %s:%d)", ct_buf_str(&t),
					 sc->message ? " in " : "", sc->message ? sc->message : "", m->file,
					 m->line)), sc);
		ct_buf_free(&t);
		return CT_R_FAIL;
	}
	if (!rs->has && !pp->has) {
		add_step(w, node, "frequent reselection or ping-pong handover", CT_R_UNKNOWN, NULL,
			 ct_xstrdup("reselection and handover counts are not known"));
		need(w, "reselection_handover", "decides abnormal cell parameters", node);
		return CT_R_UNKNOWN;
	}
	rs_hi = rs->has && rs->v > w->p->reselections_max_per_min;
	pp_hi = pp->has && pp->v > w->p->pingpong_max;
	s = add_step(w, node, "frequent reselection or ping-pong handover",
		     rs_hi || pp_hi ? CT_R_FAIL : CT_R_PASS,
		     xfmt("measurements.reselections_per_min=%s, pingpong_handovers=%s (complaint)",
			  rs->has ? num(a, sizeof(a), rs->v) : "unknown",
			  pp->has ? num(b, sizeof(b), pp->v) : "unknown"),
		     rs_hi ? xfmt("%s reselections a minute is above %s: abnormal reselection parameters",
				  num(a, sizeof(a), rs->v), num(b, sizeof(b), w->p->reselections_max_per_min))
		     : pp_hi ? xfmt("%s ping-pong handovers is above %d: abnormal handover parameters",
				    num(a, sizeof(a), pp->v), w->p->pingpong_max)
		     : ct_xstrdup("reselection and handover counts are within the profile's limits"));
	if (rs_hi || (!pp_hi && rs->has))
		set_value(s, rs->v, w->p->reselections_max_per_min);
	else
		set_value(s, pp->v, w->p->pingpong_max);
	return rs_hi || pp_hi ? CT_R_FAIL : CT_R_PASS;
}

/*
 * Q3.2.3: the timing advance gives the radio path's length; through a
 * repeater it is longer than the straight line to the serving site by the
 * repeater's delay. More than the profile's excess points at a repeater.
 */
static enum ct_result
q3_repeater(struct walk *w, const char *node)
{
	const struct ct_complaint *c = w->c;
	const struct ct_rat_thresholds *t = rat_thr(w);
	char a[32], b[32], d[32], e[32];
	const char *missing = NULL;
	double implied, dist, excess;
	struct ct_step *s;
	int rep;

	if (!c->meas.timing_advance.has)
		missing = "timing_advance";
	else if (!t)
		missing = "rat";
	else if (!c->lat.has || !c->lon.has)
		missing = "location";
	else if (!c->site_lat.has || !c->site_lon.has)
		missing = "serving_site";
	if (!missing && t->ta_step_m <= 0) {
		add_step(w, node, "signal through a repeater", CT_R_UNKNOWN, NULL,
			 xfmt("%s has no timing advance to compare with the site distance",
			      ct_rat_name(c->rat)));
		need(w, "repeater_records", "decides a repeater fault", node);
		return CT_R_UNKNOWN;
	}
	if (missing) {
		add_step(w, node, "signal through a repeater", CT_R_UNKNOWN, NULL,
			 xfmt("needs the timing advance, the RAT, the spot and the serving site; %s is not known",
			      missing));
		need(w, missing, "decides a repeater fault (timing advance against site distance)", node);
		return CT_R_UNKNOWN;
	}
	implied = c->meas.timing_advance.v * t->ta_step_m;
	dist = ct_distance_m(c->lat.v, c->lon.v, c->site_lat.v, c->site_lon.v);
	excess = implied - dist;
	rep = excess > w->p->repeater_excess_m;
	s = add_step(w, node, "signal through a repeater", rep ? CT_R_FAIL : CT_R_PASS,
		     xfmt("measurements.timing_advance=%s, location and serving_site (complaint)",
			  num(a, sizeof(a), c->meas.timing_advance.v)),
		     xfmt("timing advance implies %s m, the site is %s m away: %s m %s the %s m a repeater adds",
			  num(a, sizeof(a), round(implied)), num(b, sizeof(b), round(dist)),
			  num(d, sizeof(d), round(excess)), rep ? "beyond" : "within",
			  num(e, sizeof(e), w->p->repeater_excess_m)));
	set_value(s, excess, w->p->repeater_excess_m);
	return rep ? CT_R_FAIL : CT_R_PASS;
}

static enum ct_result
q3_equipment(struct walk *w, const char *node)
{
	const struct ct_strlist *al = &w->c->omc.alarms;
	char *l;

	if (!al->has) {
		add_step(w, node, "equipment or transmission fault", CT_R_UNKNOWN, NULL,
			 ct_xstrdup("the site's alarms are not known"));
		need(w, "alarms", "decides an equipment or transmission fault", node);
		return CT_R_UNKNOWN;
	}
	l = list_text(al);
	if (al->n) {
		add_step(w, node, "equipment or transmission fault", CT_R_FAIL,
			 xfmt("omc.alarms=[%s] (complaint)", l),
			 xfmt("%zu active alarm%s on the serving site", al->n, al->n == 1 ? "" : "s"));
		free(l);
		return CT_R_FAIL;
	}
	add_step(w, node, "equipment or transmission fault", CT_R_PASS,
		 ct_xstrdup("omc.alarms=[] (complaint)"), ct_xstrdup("no active alarm on the serving site"));
	free(l);
	return CT_R_PASS;
}

/* Q3.1.5: abnormal layer-3 signalling; its cause points into the core. */
static enum ct_result
q3_signalling(struct walk *w, const char *node, const char **cause)
{
	const struct ct_complaint *c = w->c;
	const struct ct_sigcause *sc = NULL;
	const struct ct_sigmap *m;
	struct ct_buf b = CT_BUF_INIT;
	size_t nfail = 0;

	if (!c->has_sig) {
		add_step(w, node, "abnormal layer-3 signalling", CT_R_UNKNOWN, NULL,
			 ct_xstrdup("no signalling trace"));
		need(w, "signalling", "decides abnormal layer-3 signalling", node);
		return CT_R_UNKNOWN;
	}
	for (size_t i = 0; i < c->nsig; i++)
		nfail += sig_is_failure(w->p, &c->sig[i]);
	if ((m = sig_find(w, NULL, &sc)) != NULL) {
		sig_text(&b, sc);
		sig_source(add_step(w, node, "abnormal layer-3 signalling", CT_R_FAIL, sig_evidence(sc),
				    xfmt("failure cause %s -> %s (profile %s:%d)", ct_buf_str(&b), m->branch,
					 m->file, m->line)), sc);
		ct_buf_free(&b);
		*cause = m->branch;
		return CT_R_FAIL;
	}
	if (nfail) {
		/* Failures that map to the radio side only: evidence, not a verdict. */
		for (size_t i = 0; i < c->nsig && !sc; i++)
			if (sig_is_failure(w->p, &c->sig[i]))
				sc = &c->sig[i];
		sig_source(add_step(w, node, "abnormal layer-3 signalling", CT_R_PASS, sig_evidence(sc),
				    ct_xstrdup("the failures point at the radio link, not at the core")), sc);
		return CT_R_PASS;
	}
	add_step(w, node, "abnormal layer-3 signalling", CT_R_PASS,
		 xfmt("signalling: %zu cause%s, none a failure (%s)", c->nsig, c->nsig == 1 ? "" : "s",
		      c->nsig && c->sig[0].source ? c->sig[0].source : "complaint"),
		 ct_xstrdup("the trace shows no layer-3 failure"));
	return CT_R_PASS;
}

struct q3_item {
	const char *node;
	enum ct_result (*fn)(struct walk *, const char *);
	const char *cause;
};

static const struct q3_item list_access[] = {
	{ "Q3.1.1", q3_coverage, "radio/coverage" },
	{ "Q3.1.2", q3_capacity, "radio/capacity" },
	{ "Q3.1.3", q3_interference, "radio/interference" },
	{ "Q3.1.4", q3_equipment, "radio/equipment" },
	{ NULL, NULL, NULL }
};
static const struct q3_item list_sustain[] = {
	{ "Q3.2.1", q3_interference, "radio/interference" },
	{ "Q3.2.2", q3_parameters, "radio/parameters" },
	{ "Q3.2.3", q3_repeater, "radio/repeater" },
	{ "Q3.2.4", q3_equipment, "radio/equipment" },
	{ NULL, NULL, NULL }
};
static const struct q3_item list_slow[] = {
	{ "Q3.3.1", q3_coverage, "radio/coverage" },
	{ "Q3.3.2", q3_interference_slow, "radio/interference" },
	{ "Q3.3.3", q3_parameters, "radio/parameters" },
	{ "Q3.3.4", q3_equipment, "radio/equipment" },
	{ NULL, NULL, NULL }
};

static int
run_list(struct walk *w, const struct q3_item *it)
{
	int open = 0;

	for (; it->node; it++) {
		enum ct_result r = it->fn(w, it->node);

		if (r == CT_R_FAIL) {
			decide(w, it->cause, it->node);
			return LIST_POSITIVE;
		}
		open |= r == CT_R_UNKNOWN;
	}
	return open ? LIST_OPEN : LIST_CLEAN;
}

/* Every check of the branch is clean: the procedure's lists do not name the
 * cause, so say so and ask for the evidence that would. */
static void
all_clean(struct walk *w, const char *node)
{
	add_step(w, node, "every check of the branch clean", CT_R_UNKNOWN, NULL,
		 ct_xstrdup("no check of the branch found a fault: the cause is outside the checklist"));
	need(w, "drive_test", "every check is clean: find where and when the service fails", node);
}

/* A plan walk lists the tests of a branch it may yet have to enter. */
static void
probe(struct walk *w, int (*branch)(struct walk *))
{
	w->probe = 1;
	branch(w);
	w->probe = 0;
}

static void
q3_radio(struct walk *w)
{
	const char *cause = NULL;
	int r;

	switch (w->c->phenomenon) {
	case CT_PH_CALL_DROP:
	case CT_PH_DATA_DROP:
	case CT_PH_VOICE_QUALITY:
		if (run_list(w, list_sustain) == LIST_CLEAN)
			all_clean(w, "Q3.2");
		return;
	case CT_PH_SLOW_DATA:
		r = run_list(w, list_slow);
		if (r == LIST_CLEAN && q4_packet(w) == LIST_CLEAN)
			all_clean(w, "Q4.3");
		else if (r == LIST_OPEN && w->mode == CT_WALK_PLAN)
			probe(w, q4_packet);
		return;
	default:
		r = run_list(w, list_access);
		if (r == LIST_POSITIVE)
			return;
		/* Q3.1.5 is the list's last check, and it leads into Q4.2. */
		if (q3_signalling(w, "Q3.1.5", &cause) == CT_R_FAIL) {
			/* "core/signalling unless Q4 says more": the core's own
			 * data may name the fault; a cause the table already
			 * names (subscriber data, gateway load) stands. Unknowns
			 * here refine, they do not weaken the verdict. */
			if (strcmp(cause, "core/signalling") == 0) {
				int before = w->unknowns;

				if (q4_access(w) == LIST_POSITIVE)
					return;
				w->unknowns = before;
			}
			decide(w, cause, "Q3.1.5");
			return;
		}
		if (r == LIST_CLEAN && q4_access(w) == LIST_CLEAN)
			all_clean(w, "Q4.2");
		else if (r == LIST_OPEN && w->mode == CT_WALK_PLAN)
			probe(w, q4_access);
		return;
	}
}

/* ---- the walk -------------------------------------------------------- */

static void
route(struct walk *w, const char *node, const char *check, const char *field,
      enum ct_tri t, const char *works, const char *fails, const char *need_why)
{
	if (t == CT_UNKNOWN) {
		add_step(w, node, check, CT_R_UNKNOWN, NULL, xfmt("%s: not done", field));
		need(w, ct_basename_dot(field), need_why, node);
		return;
	}
	add_step(w, node, check, CT_R_ROUTE, xfmt("%s=%s (complaint)", field, test_name(t)),
		 ct_xstrdup(t == CT_YES ? works : fails));
}

static void
walk(struct walk *w)
{
	const struct ct_complaint *c = w->c;
	enum ct_tri gate = c->user_sim_in_test_phone, spot = c->test_sim_on_site;

	q1_account(w);
	if (w->stop)
		return;
	route(w, "Q1.2", "user's SIM in a known-good test phone", "field_tests.user_sim_in_test_phone",
	      gate, "the SIM works elsewhere: the terminal is suspect (Q2)",
	      "the SIM fails in a good phone: the SIM, the number or the network (test SIM next)",
	      "decides Q1.2: the terminal versus the SIM, the number or the network");
	if (gate == CT_YES) {
		if (q2_terminal(w) == LIST_CLEAN) {
			add_step(w, "Q2", "terminal fault found", CT_R_UNKNOWN, NULL,
				 ct_xstrdup("the SIM works in a test phone but no model-wide or unit fault is known"));
			need(w, "terminal_inspection", "settles Q2: which terminal fault", "Q2");
		}
		return;
	}
	route(w, "Q1.2", "known-good test SIM on the same spot", "field_tests.test_sim_on_site",
	      spot, "a test SIM works here: the user's SIM or number is at fault (Q4.1)",
	      "a test SIM fails here too: the network is at fault (Q3)",
	      "decides Q1.2: the SIM or number versus the network");
	if (spot == CT_NO) {
		q3_radio(w);
		return;
	}
	if (gate == CT_NO && spot == CT_YES) {
		q4_number(w);
		return;
	}
	/* The route is not settled: walk every branch it could take, in the
	 * tree's order; positive evidence in any of them still counts. */
	if (gate == CT_UNKNOWN && spot != CT_NO)
		q2_terminal(w);
	if (!w->stop && spot != CT_YES)
		q3_radio(w);
	if (!w->stop && spot != CT_NO)
		q4_number(w);
}

static void
add_tag(struct ct_verdict *v, char *tag)
{
	v->tags = ct_xrealloc(v->tags, (v->ntags + 1) * sizeof(*v->tags));
	v->tags[v->ntags++] = tag;
}

int
ct_grade(const struct ct_complaint *c, const struct ct_profile *p,
	 const char **rule, char **why)
{
	const struct ct_grade_rule *best = NULL;

	for (size_t i = 0; i < p->ngrades; i++) {
		const struct ct_grade_rule *g = &p->grades[i];
		int all = 1;

		for (size_t k = 0; k < g->nconds && all; k++) {
			const struct ct_cond *cd = &g->conds[k];

			switch (cd->kind) {
			case CT_COND_CUST_GRADE: all = (int)c->cust_grade == cd->value; break;
			case CT_COND_CHANNEL: all = (int)c->channel == cd->value; break;
			case CT_COND_FLAG: all = (c->flags >> cd->value) & 1u; break;
			case CT_COND_GROUP_CUSTOMER:
				all = c->group_customer == (cd->value ? CT_YES : CT_NO);
				break;
			}
		}
		if (all && (!best || g->grade < best->grade))
			best = g;
	}
	if (!best) {
		*rule = "default";
		*why = xfmt("no grade rule matches: grade %d", p->default_grade);
		return p->default_grade;
	}
	{
		struct ct_buf b = CT_BUF_INIT;

		for (size_t k = 0; k < best->nconds; k++)
			ct_buf_printf(&b, "%s%s", k ? " and " : "", best->conds[k].text);
		*rule = best->name;
		*why = ct_buf_detach(&b);
	}
	return best->grade;
}

void
ct_diagnose(const struct ct_complaint *c, const struct ct_profile *p,
	    enum ct_walk mode, struct ct_verdict *v)
{
	struct walk w = { .c = c, .p = p, .v = v, .mode = mode };
	const struct ct_action *act;
	const char *rule, *slash;
	char *why;

	memset(v, 0, sizeof(*v));
	v->complaint = c->id ? ct_xstrdup(c->id) : NULL;
	v->grade = ct_grade(c, p, &rule, &why);
	v->grade_rule = xfmt("%s (%s)", rule, why);
	free(why);

	walk(&w);
	/* The evidence files that add nothing, each with why: a file that was
	 * given and not used is seen not to be. */
	for (size_t i = 0; i < c->nunused; i++) {
		struct ct_step *s = add_step(&w, "evidence", "an evidence file that adds nothing",
					     CT_R_INFO, NULL, xfmt("%s: %s", c->unused[i].field,
								   c->unused[i].source));

		free(s->source);
		s->source = ct_xstrdup(c->unused[i].field);
	}

	if (w.cause) {
		v->cause = w.cause;
		v->confidence = w.confident ? "high" : "medium";
	} else {
		v->cause = "undetermined/needs_test";
		v->confidence = "low";
	}
	/* The cause string must outlive the profile: use the contract's copy. */
	for (const char *const *cc = ct_cause_codes; *cc; cc++)
		if (strcmp(*cc, v->cause) == 0)
			v->cause = *cc;
	slash = strchr(v->cause, '/');
	v->domain = strncmp(v->cause, "sim/", 4) == 0 ? "sim"
		  : strncmp(v->cause, "terminal/", 9) == 0 ? "terminal"
		  : strncmp(v->cause, "radio/", 6) == 0 ? "radio"
		  : strncmp(v->cause, "core/", 5) == 0 ? "core" : "undetermined";
	v->klass = strcmp(v->domain, "sim") == 0 ? "card_number"
		 : strcmp(v->domain, "terminal") == 0 ? "terminal"
		 : strcmp(v->domain, "undetermined") == 0 ? "undetermined" : "network";

	add_tag(v, ct_xstrdup(v->klass));
	if (strcmp(v->klass, v->domain) != 0)
		add_tag(v, ct_xstrdup(v->domain));
	add_tag(v, ct_xstrdup(slash + 1));
	if (c->rat != CT_RAT_UNKNOWN)
		add_tag(v, xfmt("rat:%s", ct_rat_name(c->rat)));
	if (c->cell)
		add_tag(v, xfmt("cell:%s", c->cell));
	add_tag(v, xfmt("phenomenon:%s", ct_phenomenon_name(c->phenomenon)));

	if ((act = ct_profile_actions(p, v->cause)) != NULL) {
		v->actions = ct_xcalloc(act->n ? act->n : 1, sizeof(*v->actions));
		for (size_t i = 0; i < act->n; i++)
			v->actions[v->nactions++] = ct_xstrdup(act->lines[i]);
	}
}
