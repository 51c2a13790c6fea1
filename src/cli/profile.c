/*
 * profile.c — `celltriage profile show`: the merged profile (the named file
 * and its chain of bases down to the built-in default.cfg), every value with
 * the file and line it came from.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char profile_usage[] =
	"usage: celltriage profile show [--profile FILE] [--format text|json]\n"
	"\n"
	"Prints the merged profile: every threshold, grade rule, deadline,\n"
	"signalling mapping, action text and reader setting the other commands\n"
	"use, each with the file and line it came from (\"built-in default.cfg:LINE\"\n"
	"for the built-in profile's, profiles/default.cfg at build time).\n"
	"\n"
	"A profile names its base (base = \"FILE\"; relative to the profile, or\n"
	"\"default\", the built-in profile, which is also the base of a profile\n"
	"that names none) and holds only its differences. Groups merge key by key;\n"
	"a value, an array or a list (signalling, grades, actions, drivetest.csv)\n"
	"replaces the base's whole; LIST_prepend = ( ... ) puts its items before\n"
	"the base's list LIST, so they are tried first.\n"
	"\n"
	"options:\n"
	"  -p, --profile FILE   the profile (default: $CELLTRIAGE_PROFILE, else\n"
	"                       built-in)\n"
	"  -f, --format FMT     text (default): one \"key = value;  # file:line\" a\n"
	"                       line; json: one object (profile, chain, settings:\n"
	"                       key, value, file, line)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 shown, 1 usage error, 2 the profile is refused (its file\n"
	"and line and the reason on stderr: an unknown key, a value of the wrong\n"
	"type or out of range, a base that cannot be read, a cycle of bases).\n";

/* "key = value;" padded to this width before the origin. */
#define ORIGIN_COLUMN 56

static void
show_text(struct ct_buf *b, const struct ct_profile *p)
{
	size_t n;
	const struct ct_profile_setting *set = ct_profile_settings(p, &n);

	ct_buf_printf(b, "# %s", p->files[0]);
	for (size_t i = 1; i < p->nfiles; i++)
		ct_buf_printf(b, ", based on %s", p->files[i]);
	ct_buf_puts(b, "\n");
	for (size_t i = 0; i < n; i++) {
		const struct ct_profile_setting *st = &set[i];
		size_t start = b->len;

		ct_buf_printf(b, "%s = %s;", st->path, st->text);
		ct_buf_printf(b, "%*s  # %s:%d\n",
			      b->len - start < ORIGIN_COLUMN ? (int)(ORIGIN_COLUMN - (b->len - start)) : 0,
			      "", st->file, st->line);
	}
}

static json_t *
show_json(const struct ct_profile *p)
{
	json_t *o = json_object(), *chain = json_array(), *list = json_array();
	size_t n;
	const struct ct_profile_setting *set = ct_profile_settings(p, &n);

	json_object_set_new(o, "profile", json_string(p->files[0]));
	for (size_t i = 0; i < p->nfiles; i++)
		json_array_append_new(chain, json_string(p->files[i]));
	json_object_set_new(o, "chain", chain);
	for (size_t i = 0; i < n; i++) {
		const struct ct_profile_setting *st = &set[i];
		json_t *s = json_object();

		json_object_set_new(s, "key", json_string(st->path));
		json_object_set_new(s, "value", json_loads(st->json, JSON_DECODE_ANY, NULL));
		json_object_set_new(s, "file", json_string(st->file));
		json_object_set_new(s, "line", json_integer(st->line));
		json_array_append_new(list, s);
	}
	json_object_set_new(o, "settings", list);
	return o;
}

int
cmd_profile(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "f:p:h";
	const char *format = "text", *profile = NULL;
	struct ct_profile prof;
	struct ct_err err;
	int opt, rc;

	if (argc < 2)
		return cli_usage_error("profile", "no subcommand (show)");
	if (strcmp(argv[1], "show")) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			fputs(profile_usage, stdout);
			return 0;
		}
		return cli_usage_error("profile", "unknown subcommand '%s' (show)", argv[1]);
	}
	argc--, argv++;
	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'p': profile = optarg; break;
		case 'h': fputs(profile_usage, stdout); return 0;
		default: return cli_option_error("profile", argv, shortopts, opts);
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("profile", "--format must be text or json, not '%s'", format);
	if (optind < argc)
		return cli_usage_error("profile", "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_load_profile(profile, &prof, &err)) != 0)
		return cli_error(rc, &err);
	if (!strcmp(format, "json")) {
		json_t *j = show_json(&prof);

		rc = cli_print_json_flags(j, JSON_COMPACT | JSON_REAL_PRECISION(15), &err);
		json_decref(j);
	} else {
		struct ct_buf b = CT_BUF_INIT;

		show_text(&b, &prof);
		rc = cli_write(ct_buf_str(&b), b.len, &err);
		ct_buf_free(&b);
	}
	ct_profile_free(&prof);
	return rc ? cli_error(rc, &err) : 0;
}
