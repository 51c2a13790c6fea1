/*
 * docdict.c — makes the zstd dictionary the SQLite store packs its ticket
 * documents with (src/store/db.c), from documents celltriage itself writes.
 *
 *   usage: docdict [--size BYTES] ID OUT FILE...
 *          each FILE holds JSON objects (one, an array of them, or one per
 *          line); each object, dumped compact in its own key order as the
 *          store keeps a document (json_dumps JSON_PRESERVE_ORDER |
 *          JSON_COMPACT), is one sample. OUT gets a dictionary of at most
 *          BYTES (default 32768) whose zstd dictionary id is ID (decimal or
 *          0x...; zstd reserves ids below 32768), tuned for level 3.
 *
 * The dictionary is FROZEN once released: every frame the store writes with
 * it names it by its id, and reading that frame needs these exact bytes.
 * So this tool is run once per id, by hand, and its output committed:
 * never again for an id that has been released (the samples come from the
 * binary of the day, whose verdicts change with the code and the profile:
 * a second run would give other bytes under the same id). A better
 * dictionary later gets a new id and a new file beside the old one, which
 * the store keeps for reading. The build only embeds the committed file.
 *
 * How src/store/docdict-1.zdict (id 0x43540001, "CT" 1) was made:
 *
 *   sh tools/docdict.sh 0x43540001 src/store/docdict-1.zdict
 *
 * which builds this tool and bin/celltriage and gives it, as samples, the
 * sample complaints (captures/complaints/) and the decision-tree scenarios'
 * complaints (tests/scenarios/), each compact, and the verdict document of
 * each (`diagnose --format json` prints the one `ticket file` stores).
 * Never tools/gen-store.c's tickets: the store benchmark's own input would
 * flatter the benchmark. The same inputs give the same bytes: the samples
 * are taken in the order given and zstd's training is deterministic.
 *
 * Why 32 KB: measured on 2000 generated tickets' documents at level 3, the
 * trained 16 KB dictionary packed them to 0.21 of their text, 32 KB to
 * 0.16 (no dictionary: 0.53); the dictionary is read once per process.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zdict.h>
#include <zstd.h>

#define DOC_LEVEL   3          /* db.c's DOC_PACK_LEVEL: the entropy tables are tuned for it */
#define ID_MIN      32768UL    /* zstd's format: ids below are reserved */
#define FILE_MAX    (64L << 20) /* an input file larger than this is not a sample file */

struct samples {
	char *buf;        /* every sample, one after another */
	size_t len, cap;
	size_t *sizes;
	size_t n, ncap;
};

static void
die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "docdict: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n)))
		die("%s%s", "out of memory", "");
	return p;
}

static void
add_object(struct samples *s, json_t *o, const char *file)
{
	char *text;
	size_t n;

	if (!json_is_object(o))
		die("%s: %s", file, "not a JSON object (or an array or lines of them)");
	if (!(text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT)))
		die("%s%s", "out of memory", "");
	n = strlen(text);
	while (s->len + n > s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1 << 16;
		s->buf = xrealloc(s->buf, s->cap);
	}
	if (s->n == s->ncap) {
		s->ncap = s->ncap ? 2 * s->ncap : 256;
		s->sizes = xrealloc(s->sizes, s->ncap * sizeof(*s->sizes));
	}
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	s->sizes[s->n++] = n;
	free(text);
}

static void
add_value(struct samples *s, json_t *v, const char *file)
{
	size_t i;
	json_t *o;

	if (json_is_array(v))
		json_array_foreach(v, i, o)
			add_object(s, o, file);
	else
		add_object(s, v, file);
}

/* FILE's whole text, NUL-terminated. */
static char *
slurp(const char *file)
{
	FILE *f = fopen(file, "rb");
	char *text;
	long n;

	if (!f)
		die("%s: %s", file, strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > FILE_MAX ||
	    fseek(f, 0, SEEK_SET) != 0)
		die("%s: %s", file, "cannot be read whole");
	text = xrealloc(NULL, (size_t)n + 1);
	if (fread(text, 1, (size_t)n, f) != (size_t)n)
		die("%s: %s", file, "read error");
	text[n] = '\0';
	fclose(f);
	return text;
}

/* One JSON value (an object or an array of them), else one object a line. */
static void
add_file(struct samples *s, const char *file)
{
	char *text = slurp(file), *line, *next;
	json_error_t e;
	json_t *v;

	if ((v = json_loads(text, 0, &e))) {
		add_value(s, v, file);
		json_decref(v);
		free(text);
		return;
	}
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (!line[strspn(line, " \t\r")])
			continue;
		if (!(v = json_loads(line, 0, &e)))
			die("%s: %s", file, e.text);
		add_value(s, v, file);
		json_decref(v);
	}
	free(text);
}

int
main(int argc, char **argv)
{
	struct samples s = { 0 };
	ZDICT_params_t zp;
	unsigned long id, size = 32768;
	char *end, *trained, *dict;
	size_t got, head;
	FILE *out;
	int a = 1;

	if (argc > 2 && !strcmp(argv[1], "--size")) {
		size = strtoul(argv[2], &end, 0);
		if (*end || size < 1024 || size > (1UL << 20))
			die("%s%s", "--size: 1024 to 1048576 bytes", "");
		a = 3;
	}
	if (argc - a < 3) {
		fprintf(stderr, "usage: docdict [--size BYTES] ID OUT FILE...\n");
		return 2;
	}
	errno = 0;
	id = strtoul(argv[a], &end, 0);
	if (errno || *end || id < ID_MIN || id > 0xffffffffUL)
		die("%s: %s", argv[a], "not a dictionary id from 32768 to 2^32-1");
	for (int i = a + 2; i < argc; i++)
		add_file(&s, argv[i]);

	/* The content: what zstd's trainer picks from the samples (its own
	 * header, with an id it derives, is dropped); then the header with
	 * our id and entropy tables measured on the samples at our level. */
	trained = xrealloc(NULL, size);
	got = ZDICT_trainFromBuffer(trained, size, s.buf, s.sizes, (unsigned)s.n);
	if (ZDICT_isError(got))
		die("training: %s (%s)", ZDICT_getErrorName(got), "more samples may help");
	head = ZDICT_getDictHeaderSize(trained, got);
	if (ZDICT_isError(head))
		die("%s%s", "training gave no dictionary header", "");
	memset(&zp, 0, sizeof(zp));
	zp.compressionLevel = DOC_LEVEL;
	zp.dictID = (unsigned)id;
	dict = xrealloc(NULL, size);
	got = ZDICT_finalizeDictionary(dict, size, trained + head, got - head, s.buf, s.sizes,
				       (unsigned)s.n, zp);
	if (ZDICT_isError(got))
		die("finalizing: %s%s", ZDICT_getErrorName(got), "");
	if (!(out = fopen(argv[a + 1], "wb")) || fwrite(dict, 1, got, out) != got || fclose(out) != 0)
		die("%s: %s", argv[a + 1], strerror(errno));
	printf("%s: %zu bytes, id 0x%08lx, from %zu samples (%zu bytes)\n", argv[a + 1], got, id,
	       s.n, s.len);
	free(dict);
	free(trained);
	free(s.sizes);
	free(s.buf);
	return 0;
}
