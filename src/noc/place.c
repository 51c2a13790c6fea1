/*
 * place.c — places the NOC's analyses match complaints on (noc.h): a cell
 * id is "MCC-MNC-SITE-SECTOR" ("460-00-12345-1"); its area is the cell id
 * without the last component, the site ("460-00-12345"). A place covers
 * every cell whose id is the place or starts with it followed by '-' (so
 * "460-00" covers a whole network); knowledge of planned work covers the
 * cells of its place within its span.
 */
#include <string.h>

#include "celltriage/noc.h"

int
ct_cell_area(const char *cell, char *buf, size_t n)
{
	const char *dash = cell ? strrchr(cell, '-') : NULL;

	if (n)
		buf[0] = '\0';
	if (!dash || dash == cell || (size_t)(dash - cell) >= n)
		return -1;
	memcpy(buf, cell, (size_t)(dash - cell));
	buf[dash - cell] = '\0';
	return 0;
}

int
ct_place_covers(const char *place, const char *cell)
{
	size_t n;

	if (!place || !cell || !*place)
		return 0;
	n = strlen(place);
	return !strncmp(place, cell, n) && (cell[n] == '\0' || cell[n] == '-');
}

int
ct_knowledge_covers(const struct ct_knowledge *k, const char *cell, long long at)
{
	if (!cell || at < k->from || at > k->to)
		return 0;
	if (k->cell)
		return !strcmp(k->cell, cell);
	return ct_place_covers(k->area, cell);
}
