/* fuzz_complaint.c — the complaint reader (JSON, arrays, JSON Lines) and the
 * decision tree behind it: any bytes must give complaints or errors, never a
 * crash, a leak or undefined behaviour. */
#include <stddef.h>
#include <stdint.h>

#include "celltriage/complaint.h"
#include "celltriage/diagnose.h"
#include "celltriage/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ct_profile prof;
	static int loaded;
	struct ct_complaint_reader *r;
	struct ct_complaint c;
	struct ct_err err;
	int rc;

	if (!loaded) {
		if (ct_profile_load(NULL, &prof, &err) != 0)
			return 0;
		loaded = 1;
	}
	if (ct_complaints_open_mem("fuzz.json", (const char *)data, size, &r, &err) != 0)
		return 0;
	while ((rc = ct_complaints_next(r, &c, &err)) != 0) {
		struct ct_verdict v;
		struct ct_buf b = CT_BUF_INIT;

		if (rc < 0)
			continue;
		ct_diagnose(&c, &prof, CT_WALK_PLAN, &v);
		ct_verdict_text(&b, &v);
		ct_plan_text(&b, &v);
		ct_buf_free(&b);
		ct_verdict_free(&v);
		ct_complaint_free(&c);
	}
	ct_complaints_close(r);
	return 0;
}
