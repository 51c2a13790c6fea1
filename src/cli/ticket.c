/* ticket.c — `celltriage ticket`: the shared ticket store (merged with the store module). */
#include <stdio.h>

#include "cli.h"

int
cmd_ticket(int argc, char **argv)
{
	fputs("celltriage ticket: not built yet\n", stderr);
	return EXIT_USAGE;
}
