/*
 * user.c — `celltriage user`: the desk's users and their API tokens, kept
 * in the store (store.h ct_user_*). A password is read from a file (never
 * from the command line, where ps would show it), its first line.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "celltriage/store.h"
#include "cli.h"

static const char user_usage[] =
	"usage: celltriage user COMMAND [OPTIONS] [NAME]\n"
	"\n"
	"The people and systems that may use the desk ('celltriage serve'), kept\n"
	"in the ticket store.\n"
	"\n"
	"commands:\n"
	"  add NAME --role ROLE --password-file F\n"
	"                       a new user; ROLE: viewer (reads tickets), operator\n"
	"                       (also files and moves them) or admin\n"
	"  passwd NAME --password-file F\n"
	"                       a new password\n"
	"  remove NAME          the user and every token of theirs\n"
	"  list                 every user: name, role, tokens, created\n"
	"  token NAME           a new API token for NAME, printed once (only its\n"
	"                       hash is kept): 'Authorization: Bearer TOKEN'\n"
	"\n"
	"options:\n"
	"  -s, --store STORE    the store (as for 'celltriage ticket')\n"
	"      --role ROLE      viewer, operator or admin\n"
	"      --password-file F   the password: the file's first line (8 to 4096\n"
	"                       bytes; - reads standard input)\n"
	"  -h, --help           this text\n"
	"\n"
	"Passwords are kept as argon2id hashes. Exit status: 0 success, 1 usage\n"
	"error, 2 unreadable store or file, a user that exists or does not.\n";

struct uopts {
	const char *store, *role, *pwfile;
};

/* The first line of path (or stdin for "-") into *out (caller frees). */
static int
read_password(const char *path, char **out, struct ct_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	*out = NULL;
	if (!f)
		return ct_fail(err, CT_EINPUT, "%s: %s", path, strerror(errno));
	n = getline(&line, &cap, f);
	if (f != stdin)
		fclose(f);
	if (n < 0) {
		free(line);
		return ct_fail(err, CT_EINPUT, "%s: no password in it", path);
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	*out = line;
	return 0;
}

static int
user_open(const struct uopts *o, int mode, struct ct_store **st, struct ct_err *err)
{
	char *path = ct_store_default_path(o->store, err);
	int rc;

	if (!path)
		return CT_ESTORE;
	rc = ct_store_open(path, mode, st, err);
	free(path);
	return rc;
}

static int
user_list(struct ct_store *st, struct ct_err *err)
{
	struct ct_user *v;
	size_t n;
	int rc;

	/* Created times in the default profile's zone (no --profile here). */
	if ((rc = cli_zone(NULL, err)) != 0 || (rc = ct_user_list(st, &v, &n, err)) != 0)
		return rc;
	if (n == 0)
		puts("no users");
	for (size_t i = 0; i < n; i++) {
		char at[32];

		ct_fmt_time(at, sizeof(at), v[i].created_at);
		printf("%-20s %-9s %lld token%s  created %s\n", v[i].name, ct_role_name(v[i].role),
		       v[i].tokens, v[i].tokens == 1 ? " " : "s", at);
	}
	ct_users_free(v, n);
	return 0;
}

int
cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "role", required_argument, NULL, 'r' },
		{ "password-file", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "s:h";
	struct uopts o = { NULL, NULL, NULL };
	struct ct_store *st = NULL;
	struct ct_err err;
	const char *sub, *name = NULL;
	char cmd[32], *pw = NULL;
	int opt, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	sub = argv[1];
	snprintf(cmd, sizeof(cmd), "user %s", sub);
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "remove") &&
	    strcmp(sub, "list") && strcmp(sub, "token")) {
		fprintf(stderr, "celltriage user: unknown command '%s' (see 'celltriage user --help')\n",
			sub);
		return EXIT_USAGE;
	}
	optind = 1;
	while ((opt = getopt_long(argc - 1, argv + 1, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 's': o.store = optarg; break;
		case 'r': o.role = optarg; break;
		case 'P': o.pwfile = optarg; break;
		case 'h': fputs(user_usage, stdout); return 0;
		default: return cli_option_error(cmd, argv + 1, shortopts, opts);
		}
	}
	if (strcmp(sub, "list") != 0) {
		if (optind + 1 != argc - 1)
			return cli_usage_error(cmd, "expected one user name");
		name = argv[optind + 1];
	} else if (optind != argc - 1) {
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	}
	if (o.role && strcmp(sub, "add") != 0)
		return cli_usage_error(cmd, "--role is for user add");
	if (o.pwfile && strcmp(sub, "add") && strcmp(sub, "passwd"))
		return cli_usage_error(cmd, "--password-file is for user add and user passwd");
	if (!strcmp(sub, "add") && !o.role)
		return cli_usage_error(cmd, "--role is needed");
	if (!strcmp(sub, "add") && ct_role_from_name(o.role) == CT_ROLE_NONE)
		return cli_usage_error(cmd, "--role: '%s' is not viewer, operator or admin", o.role);
	if ((!strcmp(sub, "add") || !strcmp(sub, "passwd")) && !o.pwfile)
		return cli_usage_error(cmd, "--password-file is needed");
	if (o.pwfile && (rc = read_password(o.pwfile, &pw, &err)) != 0)
		return cli_error(rc, &err);
	rc = user_open(&o, strcmp(sub, "list") ? CT_STORE_CREATE : CT_STORE_READONLY, &st, &err);
	if (!rc && !strcmp(sub, "add")) {
		rc = ct_user_add(st, name, ct_role_from_name(o.role), pw, (long long)time(NULL), &err);
		if (!rc)
			printf("user %s added (%s)\n", name, o.role);
	} else if (!rc && !strcmp(sub, "passwd")) {
		rc = ct_user_passwd(st, name, pw, &err);
		if (!rc)
			printf("user %s: password changed\n", name);
	} else if (!rc && !strcmp(sub, "remove")) {
		rc = ct_user_remove(st, name, &err);
		if (!rc)
			printf("user %s removed\n", name);
	} else if (!rc && !strcmp(sub, "token")) {
		char tok[CT_TOKEN_LEN + 1];

		rc = ct_user_token_add(st, name, (long long)time(NULL), tok, &err);
		if (!rc)
			puts(tok);
	} else if (!rc) {
		rc = user_list(st, &err);
	}
	ct_store_close(st);
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	return rc ? cli_error(rc, &err) : 0;
}
