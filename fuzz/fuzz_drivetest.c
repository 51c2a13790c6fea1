/* fuzz_drivetest.c — libFuzzer target: ct_dt_read_mem (format recognition,
 * the RFC 4180 reader, G-NetTrack, NMF and the profile's CSV mappings) on
 * arbitrary bytes, then the statistics and every renderer on what was read,
 * and the statistics again with the problems spilled through temporary
 * files (tiny runs), which must render the same bytes.
 * Any crash, sanitizer report, hang or broken invariant is a bug. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/drivetest.h"
#include "celltriage/spill.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ct_profile prof;
static int loaded;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;
	struct ct_buf b;
	struct ct_dt_out o = { CT_BUF_INIT, NULL, NULL };
	const struct ct_dt_log *lp;
	const struct ct_dt_stats *sp;
	int rc;

	if (!loaded) {
		/* The modem profile when run from the source root (its CSV
		 * mappings get fuzzed too), else the built-in one. */
		if (ct_profile_load("profiles/mtu-modem.cfg", &prof, &err) != 0 &&
		    ct_profile_load(NULL, &prof, &err) != 0)
			__builtin_trap();
		loaded = 1;
	}
	rc = ct_dt_read_mem("fuzz", (const char *)data, size, &prof, &log, &err);
	if (rc != 0) {
		/* one line, naming the input */
		if (rc != CT_EINPUT || strchr(err.msg, '\n') || strncmp(err.msg, "fuzz", 4))
			__builtin_trap();
		ct_dt_free(&log);
		return 0;
	}
	if (ct_dt_analyse(&log, &prof, &st, &err) != 0 || st.samples > log.n)
		__builtin_trap();
	for (size_t i = 0; i < st.nseg; i++)
		if (st.seg[i].first > st.seg[i].last || st.seg[i].last >= log.n)
			__builtin_trap();
	lp = &log;
	sp = &st;
	if (ct_dt_text(&o, &log, &st, &prof, &err) != 0 || ct_dt_json(&o, &log, &st, &prof, &err) != 0 ||
	    ct_dt_csv(&o, &log, &st, 1, &err) != 0)
		__builtin_trap();
	/* The same statistics with segments and events spilled to temporary
	 * files in runs of 3 render the same bytes. */
	if (st.nseg + st.nev > 3) {
		struct ct_dt_out o2 = { CT_BUF_INIT, NULL, NULL };
		struct ct_dt_acc *a;
		struct ct_dt_stats s2;
		size_t old = ct_spill_set_default_run(3);

		a = ct_dt_acc_new(&prof, log.file, 1);
		for (size_t i = 0; i < log.n; i++)
			ct_dt_acc_add(a, &log.s[i], log.logs_handovers);
		if (ct_dt_acc_finish(a, &log, &s2, &err) != 0)
			__builtin_trap();
		ct_spill_set_default_run(old);
		if (ct_dt_text(&o2, &log, &s2, &prof, &err) != 0 || ct_dt_json(&o2, &log, &s2, &prof, &err) != 0 ||
		    ct_dt_csv(&o2, &log, &s2, 1, &err) != 0 || o2.b.len != o.b.len || memcmp(o2.b.s, o.b.s, o.b.len))
			__builtin_trap();
		ct_buf_free(&o2.b);
		ct_dt_stats_free(&s2);
	}
	b = o.b;
	ct_dt_kml(&b, &lp, &sp, 1, &prof);
	ct_dt_geojson(&b, &lp, &sp, 1, &prof);
	ct_dt_svg(&b, &lp, 1, &prof);
	ct_buf_free(&b);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	return 0;
}
