# dcr - build, test, install. See README.md.
#
#   make            build the commands into bin/
#   make demo       install missing build packages, build, run the example
#   make check      install missing packages, build, run every test
#   make check-san  the same tests against an ASan+UBSan build
#   make check-tsan the threaded readers (dcr-agg -j 2) under ThreadSanitizer
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (30), then
#                   the randomized oracles on ORACLE_CASES (100000) cases
#   make valgrind   the tests (or VALGRIND_TESTS) under valgrind memcheck
#   make bench      the benchmark against grep, mawk, Miller, datamash, DuckDB
#   make report-shots  screenshots and PDFs of the HTML reports, to look at
#   make install PREFIX=/usr/local DESTDIR=

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
SHAREDIR  = $(PREFIX)/share/dcr

# CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are the builder's: `make CFLAGS=-O3`
# or `make CPPFLAGS=-DNDEBUG` replaces them whole and keeps what dcr needs
# to build (the DCR_ variables, which come first so the builder's win).
# Warnings are never errors here, so that a newer compiler does not break
# a package build; `make check` and CI add WERROR=-Werror.
CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS  = -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion \
            -Wmissing-prototypes -Wstrict-prototypes
WERROR   ?=
DCR_CFLAGS   = -std=c11 $(WARNINGS) -pthread
DCR_CPPFLAGS = -D_GNU_SOURCE -DDCR_VERSION='"$(VERSION)"' \
               -DDCR_PATTERN_DIR='"$(SHAREDIR)/patterns"' -Ilib
DCR_LDLIBS   = -lpcre2-8 -lz -ldeflate -lsodium -lm -pthread

# Build flavours: the release build in build/, the sanitizer build in
# build/san/ (selected with SAN=1), the ThreadSanitizer build in
# build/tsan/ (TSAN=1).
# OBJDIR and BINOUT may be set on the command line to build elsewhere.
ifeq ($(TSAN),1)
OBJDIR   ?= build/tsan
BINOUT   ?= build/tsan/bin
SAN_CFLAGS  = -O1 -fsanitize=thread -fno-omit-frame-pointer
SAN_LDFLAGS = -fsanitize=thread
else ifeq ($(SAN),1)
OBJDIR   ?= build/san
BINOUT   ?= build/san/bin
SAN_CFLAGS  = -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_LDFLAGS = -fsanitize=address,undefined
else
OBJDIR   ?= build/rel
BINOUT   ?= bin
endif

# Headers are followed by the compiler (-MMD -MP): an object is rebuilt
# when a header it includes changes, and only then.
ALL_CPPFLAGS = $(DCR_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = $(DCR_CFLAGS) $(CFLAGS) $(SAN_CFLAGS) $(WERROR)
ALL_LDFLAGS  = $(LDFLAGS) $(SAN_LDFLAGS)
ALL_LDLIBS   = $(LDLIBS) $(DCR_LDLIBS)
DEPFLAGS     = -MMD -MP -MF $@.d -MT $@
COMPILE      = $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS)

# Objects also depend on the flags they were built with: a build with other
# flags into the same OBJDIR rebuilds everything instead of mixing them.
# (-Werror is left out: it changes no object.)
FLAGS_USED := $(CC) $(DCR_CPPFLAGS) $(CPPFLAGS) $(DCR_CFLAGS) $(CFLAGS) $(SAN_CFLAGS) $(ALL_LDFLAGS) $(ALL_LDLIBS)
ifneq ($(file <$(OBJDIR)/flags),$(FLAGS_USED))
$(shell mkdir -p $(OBJDIR))
$(file >$(OBJDIR)/flags,$(FLAGS_USED))
endif

CMDS      = $(notdir $(basename $(wildcard cmd/dcr-*.c)))
LIBSRC    = $(wildcard lib/*/*.c)
LIBOBJ    = $(LIBSRC:lib/%.c=$(OBJDIR)/lib/%.o)
# The jobs are one shell program (cmd/dcr-jobs.sh) under two names.
JOBS      = dcr-nightly dcr-monthly
BINS      = $(CMDS:%=$(BINOUT)/%)
JOBBINS   = $(JOBS:%=$(BINOUT)/%)
TOOLS     = $(if $(wildcard tests/gen/dcr-gen.c),$(BINOUT)/dcr-gen)
UNITSRC   = $(wildcard tests/unit/test_*.c)
UNITS     = $(UNITSRC:tests/unit/%.c=$(OBJDIR)/unit/%)
MAN1      = $(wildcard share/man/man1/*.1)
MAN5      = $(wildcard share/man/man5/*.5)
MAN7      = $(wildcard share/man/man7/*.7)

# Debian packages: to build; to run the tests (including the ones that
# render HTML in Chromium, change users with setpriv and mount tmpfs with
# unshare); to fuzz and to run under valgrind; and the peers the benchmark
# times dcr against. `make deps` installs every one that is missing, so that
# no test ever skips for want of a tool; it is the only target that
# installs anything.
DEPS_BUILD = gcc make libc6-dev libpcre2-dev zlib1g-dev libdeflate-dev libsodium-dev
DEPS_TEST  = bats bats-support bats-assert parallel openssh-server openssh-client rsync zsh mandoc python3 python3-cryptography gzip tzdata chromium shellcheck \
             util-linux systemd strace
DEPS_FUZZ  = clang libclang-rt-14-dev
DEPS_VALGRIND = valgrind
DEPS_BENCH = mawk miller datamash pigz hyperfine time
DEPS      ?= $(DEPS_BUILD) $(DEPS_TEST) $(DEPS_FUZZ) $(DEPS_VALGRIND) $(DEPS_BENCH)

.PHONY: all demo check check-san check-tsan unit deps install uninstall clean bench fuzz valgrind report-shots

all: $(BINS) $(JOBBINS) $(TOOLS)

$(JOBBINS): cmd/dcr-jobs.sh Makefile
	@mkdir -p $(@D)
	share=$$(realpath -m --relative-to=$(@D) share) && \
	sed -e 's/@VERSION@/$(VERSION)/' -e "s|@SHARE@|$$share|" cmd/dcr-jobs.sh >$@.tmp && \
		chmod 755 $@.tmp && mv $@.tmp $@

# What the compiler says of each file is kept in WARN (and shown): with
# WERROR set, a warning in a file compiled earlier without it still fails
# the build (werror-earlier, below), instead of passing because the object
# is up to date.
WARN = 2>$(1) || { cat $(1) >&2; exit 1; }; cat $(1) >&2

$(OBJDIR)/lib/%.o: lib/%.c $(OBJDIR)/flags
	@mkdir -p $(@D)
	$(COMPILE) -c $< -o $@ $(call WARN,$@.warn)

$(OBJDIR)/cmd/%.o: cmd/%.c $(OBJDIR)/flags
	@mkdir -p $(@D)
	$(COMPILE) -c $< -o $@ $(call WARN,$@.warn)

$(OBJDIR)/libdcr.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $^

# Programs are linked beside and renamed into place: a test that runs
# make while others run the programs never executes a half-written one.
$(BINOUT)/%: $(OBJDIR)/cmd/%.o $(OBJDIR)/libdcr.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $^ $(ALL_LDLIBS) -o $@.tmp$$$$ && mv -f $@.tmp$$$$ $@

$(BINOUT)/dcr-gen: tests/gen/dcr-gen.c $(OBJDIR)/libdcr.a $(OBJDIR)/flags
	@mkdir -p $(@D) $(OBJDIR)/gen
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -MF $(OBJDIR)/gen/dcr-gen.d -MT $@ \
		$(ALL_LDFLAGS) $< $(OBJDIR)/libdcr.a $(ALL_LDLIBS) -o $@.tmp$$$$ $(call WARN,$(OBJDIR)/gen/dcr-gen.warn); \
		mv -f $@.tmp$$$$ $@

# (Their dependency files go beside, not among the tests that tests/run runs.)
$(OBJDIR)/unit/%: tests/unit/%.c $(OBJDIR)/libdcr.a $(OBJDIR)/flags
	@mkdir -p $(@D) $(OBJDIR)/unit-deps
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -MF $(OBJDIR)/unit-deps/$*.d -MT $@ \
		$(ALL_LDFLAGS) -Itests/unit $< $(OBJDIR)/libdcr.a $(ALL_LDLIBS) -o $@ \
		$(call WARN,$(OBJDIR)/unit-deps/$*.warn)

ifneq ($(strip $(WERROR)),)
all: werror-earlier-all
unit: werror-earlier-unit
endif
NO_WARNINGS = for f in $(1); do [ ! -s "$$f" ] || { cat "$$f" >&2; \
	echo "$$f: the compiler warned, and WERROR is set" >&2; exit 1; }; done
werror-earlier-all: $(BINS) $(TOOLS)
	@$(call NO_WARNINGS,$(LIBOBJ:=.warn) $(CMDS:%=$(OBJDIR)/cmd/%.o.warn) \
		$(if $(TOOLS),$(OBJDIR)/gen/dcr-gen.warn))
werror-earlier-unit: $(UNITS)
	@$(call NO_WARNINGS,$(UNITSRC:tests/unit/%.c=$(OBJDIR)/unit-deps/%.warn))
.PHONY: werror-earlier-all werror-earlier-unit

-include $(wildcard $(OBJDIR)/lib/*/*.d $(OBJDIR)/cmd/*.d $(OBJDIR)/unit-deps/*.d $(OBJDIR)/gen/*.d)

unit: $(UNITS)

# Install what is missing, as root (apt-get) or through sudo.
deps:
	@missing=$$(for p in $(DEPS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The demo needs only what builds dcr.
demo:
	@$(MAKE) -s deps DEPS="$(DEPS_BUILD)"
	@$(MAKE) -s all
	@PATH="$(CURDIR)/bin:$$PATH" sh examples/demo.sh
	@echo
	@PATH="$(CURDIR)/bin:$$PATH" sh examples/nightly.sh

# The tests build with warnings as errors.
check: deps
	@$(MAKE) -s all unit WERROR=-Werror
	@BINDIR="$(CURDIR)/$(BINOUT)" UNITDIR="$(CURDIR)/$(OBJDIR)/unit" sh tests/run

# SAN_EXCLUDE: .bats files to leave out (CI leaves out the loops that test
# the jobs' shell, not memory: see .ci/run).
SAN_EXCLUDE ?=
check-san: deps
	@$(MAKE) -s SAN=1 all unit WERROR=-Werror
	@# the release build too: the tests that run make in the tree (make
	@# demo, make install, the report shots) then find it built, instead
	@# of each building it at once
	@$(MAKE) -s all WERROR=-Werror
	@TESTS_EXCLUDE="$(SAN_EXCLUDE)" \
	  BINDIR="$(CURDIR)/build/san/bin" UNITDIR="$(CURDIR)/build/san/unit" \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run

# Fuzz every harness for FUZZ_SECONDS each (libFuzzer, clang).
FUZZ_SECONDS ?= 30
ORACLE_CASES ?= 100000

fuzz: deps
	@bash tests/fuzz/run $(FUZZ_SECONDS)
	@$(MAKE) -s all
	@BINDIR="$(CURDIR)/$(BINOUT)" sh tests/fuzz/oracles $(ORACLE_CASES)

# The BATS suite (or VALGRIND_TESTS) with every command under valgrind.
VALGRIND_TESTS ?=
# The threaded readers under ThreadSanitizer (tests/tsan/run).
check-tsan: deps
	@$(MAKE) -s TSAN=1 all WERROR=-Werror
	@sh tests/tsan/run "$(CURDIR)/build/tsan/bin"

valgrind: deps
	@$(MAKE) -s all unit
	@BINDIR="$(CURDIR)/$(BINOUT)" UNITDIR="$(CURDIR)/$(OBJDIR)/unit" \
	  bash tests/valgrind/run $(VALGRIND_TESTS)

bench: deps
	@$(MAKE) -s all
	@BINDIR="$(CURDIR)/$(BINOUT)" sh tests/bench/run

# The example day's and a generated month's HTML report as a person sees
# them: full-page screenshots 1280 and 390 px (a phone) wide and a PDF of
# each, into SHOTS; the month has its first SHOTS_DAYS days published.
SHOTS      ?= build/shots
SHOTS_DAYS ?= 29
report-shots:
	@$(MAKE) -s deps DEPS="$(DEPS_BUILD) chromium python3"
	@$(MAKE) -s all
	@PATH="$(CURDIR)/$(BINOUT):$$PATH" bash tests/shots/run "$(SHOTS)" "$(SHOTS_DAYS)"

SYSTEMDDIR  = $(PREFIX)/lib/systemd/system
UNITS_SD    = $(wildcard share/systemd/*.service share/systemd/*.timer)
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(SHAREDIR)/patterns $(DESTDIR)$(SHAREDIR)/examples/logs \
		$(DESTDIR)$(SHAREDIR)/examples/patterns $(DESTDIR)$(SHAREDIR)/examples/recode \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	for j in $(JOBS); do \
		sed -e 's/@VERSION@/$(VERSION)/' -e 's|@SHARE@|../share/dcr|' cmd/dcr-jobs.sh \
			>$(DESTDIR)$(BINDIR)/$$j && chmod 755 $(DESTDIR)$(BINDIR)/$$j || exit 1; done
	install -d $(DESTDIR)$(SHAREDIR)/indicators
	install -m 644 $(wildcard share/indicators/*.ind) $(DESTDIR)$(SHAREDIR)/indicators
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	$(if $(MAN7),install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7)
	$(if $(wildcard share/patterns/*),install -m 644 $(wildcard share/patterns/*) $(DESTDIR)$(SHAREDIR)/patterns)
	install -m 644 share/dcr.schema $(DESTDIR)$(SHAREDIR)
	install -m 755 $(wildcard examples/*.sh) $(DESTDIR)$(SHAREDIR)/examples
	install -m 644 $(wildcard examples/*.conf) $(DESTDIR)$(SHAREDIR)/examples
	install -m 644 $(wildcard examples/logs/*) $(DESTDIR)$(SHAREDIR)/examples/logs
	install -m 644 $(wildcard examples/patterns/*) $(DESTDIR)$(SHAREDIR)/examples/patterns
	install -m 644 $(wildcard examples/recode/*) $(DESTDIR)$(SHAREDIR)/examples/recode
	for d in $(notdir $(wildcard examples/raw/*)); do \
		install -d $(DESTDIR)$(SHAREDIR)/examples/raw/$$d && \
		install -m 644 examples/raw/$$d/* $(DESTDIR)$(SHAREDIR)/examples/raw/$$d || exit 1; done
	for c in $(CMDS) $(JOBS); do install -m 644 share/completion/dcr.bash $(DESTDIR)$(BASHCOMPDIR)/$$c; done
	install -m 644 share/completion/_dcr $(DESTDIR)$(ZSHCOMPDIR)/_dcr
	install -d $(DESTDIR)$(SYSTEMDDIR)
	for u in $(notdir $(UNITS_SD)); do \
		sed 's|@BINDIR@|$(BINDIR)|g' share/systemd/$$u >$(DESTDIR)$(SYSTEMDDIR)/$$u && \
		chmod 644 $(DESTDIR)$(SYSTEMDDIR)/$$u || exit 1; done

uninstall:
	rm -f $(CMDS:%=$(DESTDIR)$(BINDIR)/%) $(CMDS:%=$(DESTDIR)$(BASHCOMPDIR)/%) \
		$(JOBS:%=$(DESTDIR)$(BINDIR)/%) $(JOBS:%=$(DESTDIR)$(BASHCOMPDIR)/%) \
		$(DESTDIR)$(ZSHCOMPDIR)/_dcr $(UNITS_SD:share/systemd/%=$(DESTDIR)$(SYSTEMDDIR)/%)
	rm -f $(MAN1:share/man/%=$(DESTDIR)$(MANDIR)/%) $(MAN5:share/man/%=$(DESTDIR)$(MANDIR)/%) \
		$(MAN7:share/man/%=$(DESTDIR)$(MANDIR)/%)
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build bin
