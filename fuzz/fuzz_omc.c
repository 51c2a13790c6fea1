/* fuzz_omc.c — the OMC export readers (omc.h) from memory: PM XML (TS 32.435
 * / 28.532), the vendor alarm XML, VES JSON and mapped CSV, then every
 * renderer and the join to a complaint. Any bytes must give a result or an
 * error, never a crash, a leak or undefined behaviour. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "celltriage/evidence.h"
#include "celltriage/omc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ct_profile prof;
	static int loaded;
	struct ct_omc o;
	struct ct_err err;
	struct ct_buf b = CT_BUF_INIT;
	struct ct_complaint c = { 0 };
	json_t *j;

	if (!loaded) {
		if (ct_profile_load(NULL, &prof, &err) != 0)
			return 0;
		loaded = 1;
	}
	if (ct_omc_read_mem("fuzz", (const char *)data, size, &prof.omc, &o, &err) != 0)
		return 0;
	ct_omc_text(&b, &o);
	ct_omc_csv(&b, &o, 1);
	j = ct_omc_to_json(&o);
	json_decref(j);
	ct_buf_free(&b);
	/* the join: a cell named like the first object, no time */
	c.cell = o.nobjs ? o.objs[0].dn : (char *)"EUtranCellFDD=1";
	ct_evidence_add_omc(&c, &o);
	c.cell = NULL;
	ct_complaint_free(&c);
	ct_omc_free(&o);
	return 0;
}
