/* badrows.c — counting the skipped rows of a lenient read, and the warnings
 * for people (the JSON outputs' "bad_rows" is src/report/badrows.c). */
#include <string.h>

#include "celltriage/badrows.h"

/* "name:12: reason" or "name:12:3: reason" -> "reason". The file name may
 * itself hold ':' (a path), so look for ":<digits>: " from the left. */
static const char *
reason_of(const char *msg)
{
	for (const char *p = strchr(msg, ':'); p; p = strchr(p + 1, ':')) {
		const char *q = p + 1;

		if (*q < '0' || *q > '9')
			continue;
		while ((*q >= '0' && *q <= '9') || *q == ':')
			q++;
		if (q[-1] == ':' && *q == ' ')
			return q + 1;
	}
	return msg;
}

void
ct_badrows_add(struct ct_badrows *b, size_t line, const char *msg)
{
	if (b->n < CT_BADROWS_KEEP) {
		struct ct_badrow *r = &b->first[b->n];

		r->line = line;
		snprintf(r->reason, sizeof(r->reason), "%s", reason_of(msg ? msg : ""));
		/* A quoted field may hold a line end: keep the reason on one line. */
		for (char *p = r->reason; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	}
	b->n++;
}

void
ct_badrows_warn(FILE *f, const char *prefix, const char *file, const struct ct_badrows *b)
{
	size_t shown = b->n < CT_BADROWS_KEEP ? b->n : CT_BADROWS_KEEP;

	for (size_t i = 0; i < shown; i++)
		fprintf(f, "%s: %s:%zu: %s (row skipped)\n", prefix, file, b->first[i].line,
			b->first[i].reason);
	if (b->n > shown)
		fprintf(f, "%s: %s: %zu bad rows skipped (first %zu shown)\n", prefix, file, b->n,
			shown);
	else if (b->n)
		fprintf(f, "%s: %s: %zu bad row%s skipped\n", prefix, file, b->n,
			b->n == 1 ? "" : "s");
}
