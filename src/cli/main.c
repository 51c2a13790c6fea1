/* main.c — the celltriage command: dispatches to the sub-commands. */
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: celltriage COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  diagnose   walk the decision tree for complaints and print the verdict\n"
	"  plan       print the one-visit test plan for a complaint\n"
	"  ticket     file, list and show tickets in the shared store\n"
	"\n"
	"'celltriage COMMAND --help' describes a command.\n";

int
main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	fprintf(stderr, "celltriage: unknown command '%s'\n", argv[1]);
	return 1;
}
