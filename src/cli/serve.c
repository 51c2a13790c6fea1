/*
 * serve.c — `celltriage serve`: the desk (desk.h) on an address, until
 * SIGTERM or SIGINT.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "celltriage/desk.h"
#include "cli.h"

static const char serve_usage[] =
	"usage: celltriage serve [--listen HOST:PORT] [OPTIONS]\n"
	"\n"
	"The desk: TM Forum's TMF621 Trouble Ticket API (v4) over the ticket store,\n"
	"for systems and people signed in with an API token ('celltriage user\n"
	"token NAME'; 'Authorization: Bearer TOKEN'):\n"
	"\n"
	"  GET   /tmf-api/troubleTicket/v4/troubleTicket      list (status, severity,\n"
	"        grade, cell, cause, fields, offset, limit)\n"
	"  GET   /tmf-api/troubleTicket/v4/troubleTicket/ID   one ticket (ETag: rev)\n"
	"  POST  /tmf-api/troubleTicket/v4/troubleTicket      diagnose and file a complaint\n"
	"  PATCH /tmf-api/troubleTicket/v4/troubleTicket/ID   a status move\n"
	"  POST  /tmf-api/troubleTicket/v4/hub               subscribe a callback to the\n"
	"        tickets' events (GET, DELETE /hub/ID)\n"
	"  GET   /openapi.json                               what is implemented\n"
	"\n"
	"and the NOC's console in the browser at / (sign in with a user's name and\n"
	"password: a session cookie for 12 hours, and a CSRF token on every change):\n"
	"the queue, a ticket's page with its moves, search, hotspots, the month report.\n"
	"\n"
	"Viewers read; operators and admins also file and move. One line per request\n"
	"on standard error: time, user, method, path, status, milliseconds.\n"
	"\n"
	"options:\n"
	"  -l, --listen HOST:PORT   the address (default 127.0.0.1:8080; port 0: any\n"
	"                       free port, printed when listening)\n"
	"  -s, --store STORE    the store (as for 'celltriage ticket')\n"
	"      --tz ZONE        the time zone times are shown and read in (default:\n"
	"                       the profile's time.zone)\n"
	"  -p, --profile FILE   profile for filing and deadlines (default:\n"
	"                       $CELLTRIAGE_PROFILE, else built-in)\n"
	"      --cert FILE      TLS certificate (PEM), with --key: HTTPS\n"
	"      --key FILE       its private key (PEM)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 stopped by SIGTERM or SIGINT, 1 usage error, 2 unreadable\n"
	"store, profile or certificate, or an address that cannot be listened on.\n";

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void
on_ready(int port, void *arg)
{
	const char *listen = arg;

	fprintf(stderr, "celltriage serve: listening on %.*s:%d\n",
		(int)(strrchr(listen, ':') - listen), listen, port);
}

/* A PEM file's text (caller frees). */
static int
read_pem(const char *path, char **out, struct ct_err *err)
{
	FILE *f = fopen(path, "rb");
	struct ct_buf b = CT_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return ct_fail(err, CT_EINPUT, "%s: cannot be read", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < 1024 * 1024)
		ct_buf_add(&b, chunk, n);
	fclose(f);
	if (b.len == 0 || b.len >= 1024 * 1024) {
		ct_buf_free(&b);
		return ct_fail(err, CT_EINPUT, "%s: not a PEM file", path);
	}
	*out = ct_buf_detach(&b);
	return 0;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "store", required_argument, NULL, 's' },
		{ "profile", required_argument, NULL, 'p' },
		{ "cert", required_argument, NULL, 'C' },
		{ "key", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ "tz", required_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "l:s:p:h";
	const char *store = NULL, *profile = NULL, *cert = NULL, *key = NULL;
	struct ct_desk_config c;
	struct ct_profile prof;
	struct sigaction sa;
	struct ct_err err;
	char *cert_pem = NULL, *key_pem = NULL, *path;
	int opt, rc;

	memset(&c, 0, sizeof(c));
	c.listen = "127.0.0.1:8080";
	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (opt) {
		case 'l': c.listen = optarg; break;
		case 's': store = optarg; break;
		case 'p': profile = optarg; break;
		case 'z': cli_tz_option(optarg); break;
		case 'C': cert = optarg; break;
		case 'K': key = optarg; break;
		case 'h': fputs(serve_usage, stdout); return 0;
		default: return cli_option_error("serve", argv, shortopts, opts);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (!cert != !key)
		return cli_usage_error("serve", "--cert and --key go together");
	if (cert && ((rc = read_pem(cert, &cert_pem, &err)) != 0 ||
		     (rc = read_pem(key, &key_pem, &err)) != 0)) {
		free(cert_pem);
		return cli_error(rc, &err);
	}
	if ((rc = cli_load_profile(profile, &prof, &err)) != 0) {
		free(cert_pem);
		free(key_pem);
		return cli_error(rc, &err);
	}
	if (!(path = ct_store_default_path(store, &err))) {
		free(cert_pem);
		free(key_pem);
		ct_profile_free(&prof);
		return cli_error(CT_ESTORE, &err);
	}
	c.store = path;
	c.prof = &prof;
	c.cert_pem = cert_pem;
	c.key_pem = key_pem;
	c.log = stderr;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* A client that goes away mid-answer is not a reason to die. */
	signal(SIGPIPE, SIG_IGN);
	rc = ct_desk_serve(&c, &stop_flag, on_ready, (void *)c.listen, &err);
	if (!rc)
		fputs("celltriage serve: stopped\n", stderr);
	free(path);
	free(cert_pem);
	free(key_pem);
	ct_profile_free(&prof);
	return rc ? cli_error(rc, &err) : 0;
}
