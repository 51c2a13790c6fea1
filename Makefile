# celltriage — network-fault triage engine for wireless complaints.
#
#   make demo    install missing packages, build, diagnose and file the sample complaints
#   make test    install missing packages, build (release + ASan/UBSan), run every test
#   make         build bin/celltriage
#   make layers  no call from a lower layer to a higher one (tools/layers.txt)
#   make bench   benchmarks (figures as ratios against a reference in the same run)
#   make fuzz    longer libFuzzer runs of every decoder
#   make install the binary, the manual page, the example profiles and the
#                documentation under PREFIX (/usr/local), staged in DESTDIR;
#                make uninstall removes them

CC      ?= cc
PKGS    := libpcap sqlite3 libpq libconfig gsl jansson libxml-2.0 libmicrohttpd libsodium zlib libzstd liblz4 libnghttp2
VERSION := 0.1.0
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DCELLTRIAGE_VERSION='"$(VERSION)"'
WARN    := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
           -Wpointer-arith -Wformat=2 -Wvla -Wno-unused-parameter
OPT     ?= -O3 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Four libraries are not linked but loaded when first needed, so that
# what they bring (Kerberos, LDAP, TLS; D-Bus and systemd; ICU and the C++
# runtime) does not slow every command's start: libpq when a PostgreSQL
# store is first opened (src/store/pq.c), libmicrohttpd when the desk
# starts (src/desk/mhd.c), libpcap when a capture is opened
# (src/ingest/pcaplib.c), libxml2 when an XML export is read
# (src/ingest/xmllib.c). The unit tests that call libpq or libpcap
# themselves (a server's catalog, a capture written) link those.
DL_PKGS    = libpq libmicrohttpd libpcap libxml-2.0
PKG_LIBS   = $(shell pkg-config --libs $(filter-out $(DL_PKGS),$(PKGS)) 2>/dev/null) \
	     -ldl -lm -pthread
DL_LIBS    = $(shell pkg-config --libs libpq libpcap 2>/dev/null)

SRC     := $(sort $(wildcard src/*/*.c))
LIBSRC  := $(filter-out src/cli/%,$(SRC))
CLISRC  := $(filter src/cli/%,$(SRC))
GEN     := build/gen/default_profile.c build/gen/openapi.c build/gen/www.c build/gen/docdict.c
# The console's files (HTML, CSS, JavaScript), built into the binary.
WWW     := $(sort $(wildcard src/desk/www/*))

# Two builds side by side: release (bin/celltriage) and the sanitizer build the tests also run.
GENOBJ    = $(patsubst build/gen/%.c,build/$(1)/gen/%.o,$(GEN))
REL_OBJ  := $(patsubst src/%.c,build/rel/%.o,$(LIBSRC)) $(call GENOBJ,rel)
ASAN_OBJ := $(patsubst src/%.c,build/asan/%.o,$(LIBSRC)) $(call GENOBJ,asan)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps demo test layers bench fuzz fuzz-build clean install uninstall
all: bin/celltriage

deps:
	@sh tools/install-deps.sh

build/gen/default_profile.c: profiles/default.cfg tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh ct_default_profile_text profiles/default.cfg > $@
# The desk's /openapi.json, checked as JSON by tests/desk.sh.
build/gen/openapi.c: doc/openapi.json tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh ct_desk_openapi doc/openapi.json > $@
# The store's zstd dictionary for its documents (src/store/db.c): a committed
# file, frozen (tools/docdict.c says why), never made by the build.
build/gen/docdict.c: src/store/docdict-1.zdict tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh ct_store_docdict1 src/store/docdict-1.zdict > $@
# The console (src/desk/www/), served by the desk at / and /console/.
build/gen/www.c: $(WWW) tools/embed.sh tools/embed-www.sh
	@mkdir -p $(dir $@)
	sh tools/embed-www.sh $(WWW) > $@

build/rel/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) -Iinclude $(PKG_CFLAGS) -MMD -MP -c $< -o $@
build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) -c $< -o $@
build/asan/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) -Iinclude $(PKG_CFLAGS) -MMD -MP -c $< -o $@
build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) -O1 -g -c $< -o $@

# Made afresh: ar r keeps the member of a source that moved or went.
build/rel/libcelltriage.a: $(REL_OBJ)
	rm -f $@ && ar rcs $@ $^
build/asan/libcelltriage.a: $(ASAN_OBJ)
	rm -f $@ && ar rcs $@ $^

CLI_OBJ  := $(patsubst src/%.c,build/rel/%.o,$(CLISRC))
bin/celltriage: $(CLI_OBJ) build/rel/libcelltriage.a
	@mkdir -p bin
	$(CC) $(OPT) -o $@ $^ $(PKG_LIBS)
build/asan/celltriage: $(patsubst src/%.c,build/asan/%.o,$(CLISRC)) build/asan/libcelltriage.a
	$(CC) -O1 -g $(SAN) -o $@ $^ $(PKG_LIBS)

# The layer order, written once in tools/layers.txt: no release object may use
# a symbol a higher layer's object defines (tools/layers.sh reads their nm).
layers: $(REL_OBJ) $(CLI_OBJ)
	@sh tools/layers.sh $^

# Unit tests (cmocka), one program per file in tests/unit/, built against the sanitizer library.
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))
build/asan/tests/%: tests/unit/%.c build/asan/libcelltriage.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) -Iinclude $(PKG_CFLAGS) -o $@ $< \
		build/asan/libcelltriage.a $(PKG_LIBS) $(DL_LIBS) -lcmocka

# libFuzzer targets: fuzz/fuzz_<name>.c, each built with clang against a
# coverage-instrumented copy of the library. `make fuzz` runs each for
# FUZZ_SECONDS; `make test` runs each briefly (tests/fuzz-smoke.sh).
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -O1 -g
FUZZ_OBJ     := $(patsubst src/%.c,build/fuzz/%.o,$(LIBSRC)) $(call GENOBJ,fuzz)
FUZZ_SRC     := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN     := $(patsubst fuzz/%.c,build/fuzz/bin/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 60
build/fuzz/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) $(WARN) $(FUZZ_FLAGS) -Iinclude $(PKG_CFLAGS) -MMD -MP -c $< -o $@
build/fuzz/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) -O1 -c $< -o $@
build/fuzz/libcelltriage.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^
build/fuzz/bin/%: fuzz/%.c build/fuzz/libcelltriage.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) $(WARN) -fsanitize=fuzzer,address,undefined -O1 -g -Iinclude $(PKG_CFLAGS) \
		-o $@ $< build/fuzz/libcelltriage.a $(PKG_LIBS)
fuzz-build: deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
fuzz: fuzz-build
	@sh tests/fuzz-smoke.sh $(FUZZ_SECONDS)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh

test: deps
	@$(MAKE) --no-print-directory all build/asan/celltriage $(UNIT_BIN) $(FUZZ_BIN)
	@sh tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tools/bench.sh

# Installation. DESTDIR stages the tree for a package; the documentation
# keeps the source's layout (README.md, doc/, doc/schema/) so its links hold.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
DOCDIR  ?= $(DATADIR)/doc/celltriage
PROFDIR := $(DATADIR)/celltriage/profiles
DOCS    := $(wildcard doc/*.md) doc/drivetest-cdf.png
SCHEMAS := $(wildcard doc/schema/*.json)
PROFILES := $(wildcard profiles/*.cfg)
# The drive-test reader names the installed profile that reads a log.
build/rel/ingest/csvmap.o build/asan/ingest/csvmap.o build/fuzz/ingest/csvmap.o: \
	CSTD += -DCT_PROFDIR='"$(PROFDIR)"'
INSTALL ?= install

install: bin/celltriage
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PROFDIR) \
		$(DESTDIR)$(DOCDIR)/doc/schema
	$(INSTALL) -m 0755 bin/celltriage $(DESTDIR)$(BINDIR)/celltriage
	$(INSTALL) -m 0644 doc/celltriage.1 $(DESTDIR)$(MANDIR)/man1/celltriage.1
	$(INSTALL) -m 0644 $(PROFILES) $(DESTDIR)$(PROFDIR)/
	$(INSTALL) -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	$(INSTALL) -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/doc/
	$(INSTALL) -m 0644 $(SCHEMAS) $(DESTDIR)$(DOCDIR)/doc/schema/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/celltriage $(DESTDIR)$(MANDIR)/man1/celltriage.1
	rm -rf $(DESTDIR)$(PROFDIR) $(DESTDIR)$(DOCDIR)
	-rmdir $(DESTDIR)$(DATADIR)/celltriage 2>/dev/null

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)
