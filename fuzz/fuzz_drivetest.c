/* fuzz_drivetest.c — libFuzzer target: ct_dt_read_mem (format recognition,
 * the RFC 4180 reader, G-NetTrack, NMF and the profile's CSV mappings) on
 * arbitrary bytes, then the statistics and every renderer on what was read.
 * Any crash, sanitizer report, hang or broken invariant is a bug. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/drivetest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ct_profile prof;
static int loaded;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_dt_log log;
	struct ct_dt_stats st;
	struct ct_err err;
	struct ct_buf b = CT_BUF_INIT;
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
	ct_dt_text(&b, &log, &st, &prof);
	ct_dt_json(&b, &log, &st, &prof);
	ct_dt_csv(&b, &log, &st, 1);
	ct_dt_kml(&b, &lp, &sp, 1, &prof);
	ct_dt_geojson(&b, &lp, &sp, 1, &prof);
	ct_dt_svg(&b, &lp, 1, &prof);
	ct_buf_free(&b);
	ct_dt_stats_free(&st);
	ct_dt_free(&log);
	return 0;
}
