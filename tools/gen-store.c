/*
 * gen-store.c — writes a year of tickets in the store's own export format
 * (`celltriage ticket export --format json`, read back by `ticket import`)
 * for tools/bench-store.sh, which builds the benchmark store through the
 * public import from these files.
 *
 *   usage: gen-store [--now TIME] [--per-file K] PREFIX N
 *          writes N tickets, ids 1..N, into PREFIX-0001.json,
 *          PREFIX-0002.json, ... of at most K tickets each (default 20000:
 *          an import may hold its whole file in memory), to be imported one
 *          after another; TIME (ISO 8601 UTC, default 2026-12-01T09:00:00Z)
 *          is the "now" the open tickets are measured against
 *
 * What the tickets look like (a fixed generator: the same arguments give the
 * same bytes):
 *   - ids in filing order, as a store gives them (ticket i + 1 was filed
 *     after ticket i): the tickets are drawn first, then numbered by their
 *     filing time, so an export of a year of a store is what is read;
 *   - 1 in 100 open (every hundredth ticket drawn), cycling over the open
 *     statuses (accepted, dispatched, handling, replied, feedback); every
 *     other open ticket is "fresh" (received 10-15 minutes before now, each
 *     move a minute or two later: no stage limit passed), the rest "aged"
 *     (received 4 hours to 5 days before now, moves spread up to now: past
 *     the limit of the stage they wait in, except those waiting for the
 *     customer's feedback, a status that runs no clock);
 *   - the rest closed, received over the year before now minus 3 days, with
 *     the whole history: filed, dispatch, handle, reply, feedback, close
 *     (one in ten customers unreachable: reply, then close with the
 *     satisfaction given at close), hours to two days apart;
 *   - grades 1, 2, 3 in 20 / 30 / 50 % (a VIP, a premium-brand and an
 *     ordinary customer, as the grading rules of the default profile say);
 *   - cells over 300 sites of 3 sectors (460-00-2SSSS-K), causes over
 *     every cause code, radio causes the most common; subscribers drawn
 *     from a pool of 50 million;
 *   - the complaint and verdict documents have the shape `ticket file`
 *     stores for a real filing (the sample complaint
 *     captures/complaints/weak-coverage-vip.json and its verdict: customer,
 *     location, terminal, account, field tests, measurements, OMC; the
 *     decision path with its evidence, tags and actions), with the values
 *     of this ticket;
 *   - the deadlines as filing sets them from the default profile's limits.
 *
 * The last line of stdout is machine-readable:
 *   "tickets N open O aged A files F"
 *
 * Build (no Makefile rule; tools/bench-store.sh does this):
 *   cc -std=c11 -O2 -o build/gen-store tools/gen-store.c
 */
#define _DEFAULT_SOURCE /* timegm, gmtime_r */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIN  60LL
#define HOUR 3600LL
#define DAY  86400LL
#define SITES 300

/* A fixed xorshift64* generator: the files are reproducible. */
static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned long long
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A number in [lo, hi]. */
static long long
between(long long lo, long long hi)
{
	return lo + (long long)(rnd() % (unsigned long long)(hi - lo + 1));
}

/* When a ticket was received and filed, and whether it is still open:
 * drawn for all of them first (struct when), then sorted by filing time
 * to give the ids. */
struct when {
	long long received, filed;
	long long k;         /* an open ticket's number among the open */
	int open, fresh;
};

static void
draw_when(struct when *w, long long j, long long now)
{
	memset(w, 0, sizeof(*w));
	w->open = j % 100 == 50;
	if (!w->open) {
		/* closed: over the year before now - 3 days */
		w->received = now - 3 * DAY - between(0, 362 * DAY);
		w->filed = w->received + between(5 * MIN, 30 * MIN);
		return;
	}
	w->k = j / 100;
	w->fresh = (w->k / 5) % 2 == 0;
	w->received = w->fresh ? now - between(10 * MIN, 15 * MIN) : now - between(4 * HOUR, 5 * DAY);
	w->filed = w->received + (w->fresh ? MIN : between(5 * MIN, 30 * MIN));
}

static int
by_filed(const void *a, const void *b)
{
	const struct when *x = a, *y = b;

	if (x->filed != y->filed)
		return x->filed < y->filed ? -1 : 1;
	return x->received < y->received ? -1 : x->received > y->received;
}

/* The cause codes (every one the decision tree gives), with a weight: how
 * many in 1000 complaints end there, radio causes the most common. The node
 * that decides it, the check it makes and the action the profile lists. */
static const struct cause {
	const char *code;
	int weight;
	const char *node, *check, *action;
} causes[] = {
	{ "sim/account_arrears", 30, "Q1.1", "account in arrears",
	  "Tell the customer the account is in arrears and how to pay" },
	{ "sim/account_barred", 15, "Q1.1", "account barred or function blocked",
	  "Check why the account or the function is barred and lift it if it should not be" },
	{ "sim/card_fault", 25, "Q1.2", "user's SIM in a known-good test phone",
	  "Replace the SIM card at a service hall" },
	{ "terminal/rat_unsupported", 20, "Q2.1", "terminal supports the network mode",
	  "Tell the customer the terminal does not support the network mode in use" },
	{ "terminal/band_unsupported", 20, "Q2.2", "terminal supports the band",
	  "Tell the customer the terminal does not support the band in use" },
	{ "terminal/model_defect", 15, "Q2.3", "model design defect",
	  "Refer the customer to the manufacturer's service for the known defect" },
	{ "terminal/device_worn", 20, "Q2.4", "terminal worn or damaged",
	  "Advise a repair or a new terminal" },
	{ "terminal/unbranded", 10, "Q2.5", "unbranded terminal",
	  "Tell the customer unbranded terminals are not supported" },
	{ "radio/coverage", 220, "Q3.1.1", "weak coverage",
	  "Weak coverage: raise with radio optimisation (antenna tilt/azimuth, power, neighbour cells)" },
	{ "radio/capacity", 110, "Q3.1.2", "cell congestion",
	  "Congestion: raise with capacity planning (carriers, load balancing)" },
	{ "radio/interference", 100, "Q3.1.3", "uplink interference",
	  "Interference: locate the source with a sweep, raise with radio optimisation" },
	{ "radio/equipment", 60, "Q3.1.4", "base station equipment alarm",
	  "Equipment fault: raise with base station maintenance" },
	{ "radio/parameters", 60, "Q3.2.2", "cell parameters",
	  "Parameters: check handover and reselection parameters with radio optimisation" },
	{ "radio/repeater", 25, "Q3.2.3", "repeater fault",
	  "Repeater fault: raise with the repeater's maintenance team" },
	{ "core/subscriber_data", 30, "Q4.1", "subscriber data in the HLR/HSS",
	  "Correct the subscriber data with core network operations" },
	{ "core/number_segment", 10, "Q4.2", "number segment data",
	  "Correct the number segment data with core network operations" },
	{ "core/cell_data_mismatch", 15, "Q4.3", "cell data in the core",
	  "Align the cell data between radio and core" },
	{ "core/board_alarm", 15, "Q4.4", "core board alarm",
	  "Board alarm: raise with core network maintenance" },
	{ "core/signalling", 25, "Q4.5", "abnormal layer-3 signalling",
	  "Signalling failure: trace with core network operations" },
	{ "core/packet_resources", 20, "Q4.6", "packet core resources",
	  "Packet resources: raise with packet core operations" },
	{ "core/gateway_load", 20, "Q4.7", "gateway load",
	  "Gateway load: raise with packet core capacity planning" },
	{ "undetermined/needs_test", 155, NULL, NULL,
	  "Arrange a field test at the customer's spot" },
};
#define NCAUSES (sizeof(causes) / sizeof(causes[0]))

static const char *const phenomena[] = { "no_access", "call_drop", "data_drop", "slow_data",
					 "no_signal", "sms_fail", "voice_quality" };
static const char *const people[] = { "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang" };
static const char *const operators[] = { "noc1", "noc2", "noc3", "noc4", "noc5", "noc6" };
static const char *const models[] = { "Huawei Mate 20", "Xiaomi 13", "OPPO Reno 8", "vivo X90",
				      "iPhone 12", "Honor 50" };
static const char *const open_statuses[] = { "accepted", "dispatched", "handling", "replied",
					     "feedback" };

/* ISO 8601 UTC ("2026-11-20T01:15:00Z"), or with off seconds east as
 * "+08:00", into buf. */
static const char *
iso(char *buf, size_t n, long long t, int off)
{
	time_t tt = (time_t)(t + off);
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (!off) {
		strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	} else {
		char b[32];

		strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf, n, "%s+%02d:%02d", b, off / 3600, off % 3600 / 60);
	}
	return buf;
}

static int
parse_iso(const char *s, long long *t)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || s[n] != '\0')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = (long long)timegm(&tm);
	return 0;
}

static const struct cause *
pick_cause(void)
{
	int total = 0, r;

	for (size_t i = 0; i < NCAUSES; i++)
		total += causes[i].weight;
	r = (int)(rnd() % (unsigned)total);
	for (size_t i = 0; i < NCAUSES; i++) {
		if (r < causes[i].weight)
			return &causes[i];
		r -= causes[i].weight;
	}
	return &causes[NCAUSES - 1];
}

/* The domain and class the decision tree gives a cause. */
static void
class_of(const char *cause, char *domain, size_t n, const char **klass)
{
	size_t len = strcspn(cause, "/");

	snprintf(domain, n, "%.*s", (int)len, cause);
	*klass = !strcmp(domain, "sim") ? "card_number"
	       : !strcmp(domain, "terminal") ? "terminal"
	       : !strcmp(domain, "undetermined") ? "undetermined" : "network";
}

/* One history event; detail is a JSON value (an object, or a string). */
static void
event(FILE *f, int *rev, long long at, const char *who, const char *action, const char *status,
      const char *detail)
{
	char t[40];

	fprintf(f, "%s{\"at\":\"%s\",\"who\":\"%s\",\"action\":\"%s\",\"rev\":%d,\"status\":\"%s\","
		"\"detail\":%s}", *rev > 0 ? "," : "", iso(t, sizeof(t), at, 0), who, action, *rev + 1,
		status, detail);
	(*rev)++;
}

struct moves {
	long long at[6];     /* filed, dispatch, handle, reply, feedback, close */
	int n;               /* how many of them happened (1..6) */
	int unreachable;     /* reply, then close (no feedback) */
};

/* One ticket, as one line of the JSON array. */
static void
ticket(FILE *f, long long id, const struct when *w, long long now, long long *open,
       long long *aged)
{
	const struct cause *c = pick_cause();
	const char *klass, *status, *rat, *band, *sat, *cust, *rule, *who = operators[rnd() % 6];
	char domain[16], cell[32], msisdn[16], imsi[20], cid[32], tags[512], t[40], d[512];
	char rcv_local[40];
	int grade, g = (int)(rnd() % 10), rev = 0, site = (int)(rnd() % SITES);
	int sector = 1 + (int)(rnd() % 3), is_open = w->open, r = (int)(rnd() % 100);
	long long received = w->received, subscriber = (long long)(rnd() % 50000000ULL), reg;
	struct moves m;
	const char *phen = phenomena[rnd() % 7], *person = people[rnd() % 8];
	double signal = -70.0 - (double)(rnd() % 45), lat, lon;

	memset(&m, 0, sizeof(m));
	class_of(c->code, domain, sizeof(domain), &klass);
	grade = g < 2 ? 1 : g < 5 ? 2 : 3;
	cust = grade == 1 ? "vip" : grade == 2 ? "premium" : "normal";
	rule = grade == 1 ? "VIP subscriber (customer.grade=vip)"
	     : grade == 2 ? "premium-brand (GoTone) subscriber (customer.grade=premium)"
	     : "default (no grade rule matches: grade 3)";
	rat = r < 60 ? "lte" : r < 80 ? "nr" : r < 95 ? "gsm" : "umts";
	band = !strcmp(rat, "lte") ? "3" : !strcmp(rat, "nr") ? "n78" : !strcmp(rat, "gsm") ? "900" : "1";
	snprintf(cell, sizeof(cell), "460-00-%05d-%d", 20000 + site, sector);
	snprintf(msisdn, sizeof(msisdn), "139%08lld", subscriber % 100000000LL);
	snprintf(imsi, sizeof(imsi), "4600%011lld", subscriber);
	lat = 41.0 + (double)site * 0.001;
	lon = 82.5 + (double)site * 0.0013;

	/* When (draw_when): the moves after the filing. */
	m.at[0] = w->filed;
	if (!is_open) {
		m.at[1] = m.at[0] + between(10 * MIN, HOUR);
		m.at[2] = m.at[1] + between(20 * MIN, 2 * HOUR);
		m.at[3] = m.at[2] + between(HOUR, 2 * DAY);
		m.unreachable = rnd() % 10 == 0;
		m.at[4] = m.at[3] + between(HOUR, 4 * HOUR);
		m.at[5] = (m.unreachable ? m.at[3] : m.at[4]) + between(30 * MIN, 2 * HOUR);
		m.n = 6;
		status = "closed";
	} else {
		long long k = w->k, span;
		int fresh = w->fresh;

		status = open_statuses[k % 5];
		m.n = 1 + (int)(k % 5);
		/* the moves spread evenly from filing to a minute before now */
		span = now - MIN - m.at[0];
		for (int j = 1; j < m.n; j++)
			m.at[j] = m.at[0] + span * j / m.n;
		(*open)++;
		if (!fresh)
			(*aged)++;
	}
	iso(t, sizeof(t), received, 0);
	snprintf(cid, sizeof(cid), "C%.4s%.2s%.2s-%07lld", t, t + 5, t + 8, id);
	reg = grade == 1 ? 30 * MIN : HOUR;

	/* tags: class, domain (when it differs), the cause's leaf, rat, cell, phenomenon */
	snprintf(tags, sizeof(tags), "\"%s\",%s%s%s\"%s\",\"rat:%s\",\"cell:%s\",\"phenomenon:%s\"",
		 klass, strcmp(klass, domain) ? "\"" : "", strcmp(klass, domain) ? domain : "",
		 strcmp(klass, domain) ? "\"," : "", strchr(c->code, '/') + 1, rat, cell, phen);

	fprintf(f, "{\"id\":%lld,\"complaint\":\"%s\",\"msisdn\":\"%s\",\"imsi\":\"%s\","
		"\"cell\":\"%s\",\"rat\":\"%s\",\"phenomenon\":\"%s\",\"cause\":\"%s\","
		"\"class\":\"%s\",\"domain\":\"%s\",\"confidence\":\"%s\",\"grade\":%d,"
		"\"status\":\"%s\",\"kind\":\"ordinary\",",
		id, cid, msisdn, imsi, cell, rat, phen, c->code, klass, domain, c->node ? (r % 3 ? "high" : "medium") : "low", grade, status);
	fprintf(f, "\"received_at\":\"%s\",", iso(t, sizeof(t), received, 0));
	fprintf(f, "\"filed_at\":\"%s\",", iso(t, sizeof(t), m.at[0], 0));
	fprintf(f, "\"updated_at\":\"%s\",", iso(t, sizeof(t), m.at[m.n - 1], 0));
	fprintf(f, "\"rev\":%d,\"tags\":[%s],\"deadlines\":{", m.n - (m.unreachable && m.n == 6), tags);
	{
		static const struct { const char *stage; long long after; } dl[] = {
			{ "dispatch", 15 * MIN }, { "register", 0 }, { "callback", 120 * MIN },
			{ "handle", 135 * MIN }, { "return", 150 * MIN }, { "reply", 180 * MIN },
			{ "feedback", 210 * MIN }, { "progress_report", 3 * DAY },
			{ "revisit_from", 5 * DAY }, { "revisit_to", 7 * DAY },
		};
		for (size_t i = 0; i < sizeof(dl) / sizeof(dl[0]); i++)
			fprintf(f, "%s\"%s\":\"%s\"", i ? "," : "", dl[i].stage,
				iso(t, sizeof(t), received + (dl[i].after ? dl[i].after : reg), 0));
	}
	fputs("},", f);
	if (m.n >= 2)
		fprintf(f, "\"department\":\"%s\",\"person\":\"%s\",",
			!strcmp(domain, "undetermined") ? "field_test" : domain, person);
	sat = m.unreachable ? "unreachable" : r < 75 ? "satisfied" : r < 92 ? "partly" : "unsatisfied";
	if (m.n >= 4) {
		char taken[32] = "null", satq[32] = "null";

		if (m.n == 6)
			snprintf(taken, sizeof(taken), "%lld", m.at[5] - received);
		if (m.n >= 5)
			snprintf(satq, sizeof(satq), "\"%s\"", sat);
		fprintf(f, "\"reply\":{\"cause\":\"%s\",\"result\":\"%s\",\"satisfaction\":%s,"
			"\"time_taken_s\":%s,\"invalid\":false,\"evidence\":null},",
			strchr(c->code, '/') + 1,
			c->node ? "fixed, the customer was told" : "field test arranged", satq, taken);
	}
	fprintf(f, "\"status_at\":\"%s\",", iso(t, sizeof(t), m.at[m.n - 1], 0));

	/* complaint_data: the sample complaint's shape with this ticket's values */
	iso(rcv_local, sizeof(rcv_local), received, 8 * 3600);
	fprintf(f, "\"complaint_data\":{\"id\":\"%s\",\"received_at\":\"%s\",\"msisdn\":\"%s\","
		"\"imsi\":\"%s\",\"customer\":{\"grade\":\"%s\",\"group_customer\":false},"
		"\"channel\":\"hotline\",\"phenomenon\":\"%s\",\"rat\":\"%s\",\"band\":\"%s\","
		"\"location\":{\"lat\":%.4f,\"lon\":%.4f,\"cell\":\"%s\",\"address\":\"site %d sector %d\","
		"\"serving_site\":{\"lat\":%.4f,\"lon\":%.4f}},"
		"\"terminal\":{\"model\":\"%s\",\"age_years\":%d,\"damaged\":false,\"unbranded\":false,"
		"\"supported_rats\":[\"gsm\",\"umts\",\"lte\",\"nr\"],"
		"\"supported_bands\":[\"900\",\"1800\",\"1\",\"3\",\"8\",\"n78\"]},"
		"\"account\":{\"arrears\":%s,\"barred\":%s},"
		"\"field_tests\":{\"user_sim_in_test_phone\":\"fails\",\"test_sim_on_site\":\"%s\"},"
		"\"measurements\":{\"signal_dbm\":%.0f,\"interference_dbm\":%d,\"interference_grade\":%d},"
		"\"omc\":{\"cell_busy\":%s,\"alarms\":[]},"
		"\"description\":\"%s on cell %s\"},",
		cid, rcv_local, msisdn, imsi, cust, phen, rat, band, lat + 0.002, lon + 0.003, cell, site,
		sector, lat, lon, models[rnd() % 6], (int)(rnd() % 6),
		!strcmp(c->code, "sim/account_arrears") ? "true" : "false",
		!strcmp(c->code, "sim/account_barred") ? "true" : "false",
		!strcmp(domain, "sim") ? "works" : "fails", signal, -105 + (int)(rnd() % 15),
		1 + (int)(rnd() % 5), !strcmp(c->code, "radio/capacity") ? "true" : "false", phen, cell);

	/* verdict: the decision path of the real filing, ending at this cause's node */
	fprintf(f, "\"verdict\":{\"complaint\":\"%s\",\"class\":\"%s\",\"domain\":\"%s\","
		"\"cause\":\"%s\",\"confidence\":\"%s\",\"grade\":%d,\"grade_rule\":\"%s\","
		"\"decided_by\":%s%s%s,\"tags\":[%s],\"path\":["
		"{\"node\":\"Q1.1\",\"check\":\"account in arrears\",\"result\":\"pass\","
		"\"evidence\":\"account.arrears=false (complaint)\",\"why\":\"the account is not in arrears\","
		"\"source\":\"complaint\"},"
		"{\"node\":\"Q1.1\",\"check\":\"account barred or function blocked\",\"result\":\"pass\","
		"\"evidence\":\"account.barred=false (complaint)\",\"why\":\"nothing is barred on the account\","
		"\"source\":\"complaint\"},"
		"{\"node\":\"Q1.2\",\"check\":\"user's SIM in a known-good test phone\",\"result\":\"route\","
		"\"evidence\":\"field_tests.user_sim_in_test_phone=fails (complaint)\","
		"\"why\":\"the SIM fails in a good phone: the SIM, the number or the network (test SIM next)\","
		"\"source\":\"complaint\"}",
		cid, klass, domain, c->code, c->node ? (r % 3 ? "high" : "medium") : "low", grade, rule,
		c->node ? "\"" : "", c->node ? c->node : "null", c->node ? "\"" : "", tags);
	if (c->node)
		fprintf(f, ",{\"node\":\"%s\",\"check\":\"%s\",\"result\":\"fail\","
			"\"evidence\":\"measurements.signal_dbm=%.0f (complaint)\","
			"\"why\":\"%s found on cell %s\",\"value\":%.1f,\"threshold\":-94.0,"
			"\"source\":\"complaint\"}", c->node, c->check, signal, c->check, cell, signal);
	else
		fputs(",{\"node\":\"Q3\",\"check\":\"field test at the spot\",\"result\":\"unknown\","
		      "\"evidence\":\"\",\"why\":\"no drive test or capture was given\"}", f);
	fprintf(f, "],\"needs\":[%s],\"actions\":[\"%s\"]},",
		c->node ? "" : "\"a drive test at the customer's spot\"", c->action);

	/* history */
	fputs("\"history\":[", f);
	event(f, &rev, m.at[0], "uid 0", "filed", "accepted", "\"rev 1\"");
	if (m.n >= 2) {
		snprintf(d, sizeof(d), "{\"from\":\"accepted\",\"department\":\"%s\",\"person\":\"%s\"}",
			 !strcmp(domain, "undetermined") ? "field_test" : domain, person);
		event(f, &rev, m.at[1], who, "dispatch", "dispatched", d);
	}
	if (m.n >= 3)
		event(f, &rev, m.at[2], who, "handle", "handling", "{\"from\":\"dispatched\"}");
	if (m.n >= 4) {
		snprintf(d, sizeof(d), "{\"from\":\"handling\",\"cause\":\"%s\",\"result\":\"%s\"}",
			 strchr(c->code, '/') + 1, c->node ? "fixed, the customer was told" : "field test arranged");
		event(f, &rev, m.at[3], who, "reply", "replied", d);
	}
	if (m.n >= 5 && !m.unreachable) {
		snprintf(d, sizeof(d), "{\"from\":\"replied\",\"satisfaction\":\"%s\"}", sat);
		event(f, &rev, m.at[4], who, "feedback", "feedback", d);
	}
	if (m.n == 6) {
		snprintf(d, sizeof(d), "{\"from\":\"%s\",%s%s%s\"time_taken_s\":%lld}",
			 m.unreachable ? "replied" : "feedback", m.unreachable ? "\"satisfaction\":\"" : "",
			 m.unreachable ? sat : "", m.unreachable ? "\"," : "", m.at[5] - received);
		event(f, &rev, m.at[5], who, "close", "closed", d);
	}
	fputs("]}", f);
}

int
main(int argc, char **argv)
{
	long long now, n, per = 20000, open = 0, aged = 0, files = 0;
	struct when *plan;
	const char *when = "2026-12-01T09:00:00Z", *prefix;
	int a = 1;
	char *end;

	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (!strcmp(argv[a], "--now")) {
			when = argv[a + 1];
		} else if (!strcmp(argv[a], "--per-file")) {
			errno = 0;
			per = strtoll(argv[a + 1], &end, 10);
			if (errno || *end || per < 1) {
				fprintf(stderr, "gen-store: --per-file %s is not a count\n", argv[a + 1]);
				return 2;
			}
		} else {
			break;
		}
	}
	if (argc - a != 2 || parse_iso(when, &now) != 0) {
		fputs("usage: gen-store [--now YYYY-MM-DDTHH:MM:SSZ] [--per-file K] PREFIX N\n", stderr);
		return 2;
	}
	prefix = argv[a];
	errno = 0;
	n = strtoll(argv[a + 1], &end, 10);
	if (errno || *end || n < 1) {
		fprintf(stderr, "gen-store: %s is not a ticket count\n", argv[a + 1]);
		return 2;
	}
	/* The times first, then the ids in filing order. */
	if (!(plan = calloc((size_t)n, sizeof(*plan)))) {
		fputs("gen-store: out of memory\n", stderr);
		return 1;
	}
	for (long long j = 1; j <= n; j++)
		draw_when(&plan[j - 1], j, now);
	qsort(plan, (size_t)n, sizeof(*plan), by_filed);
	for (long long first = 1; first <= n; first += per) {
		char path[4096];
		FILE *f;

		files++;
		snprintf(path, sizeof(path), "%s-%04lld.json", prefix, files);
		if (!(f = fopen(path, "w"))) {
			fprintf(stderr, "gen-store: %s: %s\n", path, strerror(errno));
			return 1;
		}
		fputs("[\n", f);
		for (long long id = first; id < first + per && id <= n; id++) {
			if (id > first)
				fputs(",\n", f);
			ticket(f, id, &plan[id - 1], now, &open, &aged);
		}
		fputs("\n]\n", f);
		if (fclose(f) != 0) {
			fprintf(stderr, "gen-store: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	free(plan);
	printf("tickets %lld open %lld aged %lld files %lld\n", n, open, aged, files);
	return 0;
}
