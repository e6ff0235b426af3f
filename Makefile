# minit: plain GNU make, no configure.
#   make              static, stripped ./minit (musl-gcc when present)
#   make test         unit + integration (+ VM, engine) suites, as root
#   make test SAN=1   the same on an ASan+UBSan build (build-san/)
#   make fuzz         every parser's libFuzzer harness for FUZZ_S=60 s
#   make mutate       plant each bug of tests/mutants/: its tests must fail
#   make bench        minit against tini, dumb-init, catatonit, unshare, bwrap
#   make ARCH=aarch64 static, stripped arm64 build-aarch64/minit (cross, musl)
#   make dist         dist/minit-VERSION-{x86_64,aarch64} and SHA256SUMS
#   make install      PREFIX=/usr/local DESTDIR=
PREFIX ?= /usr/local
DESTDIR ?=
BUILD := build
# The release's version, the one --version prints.
VERSION := $(shell sed -n 's/^\#define MINIT_VERSION "\(.*\)"/\1/p' minit.h)

# make predefines CC=cc, so CC ?= would never pick musl-gcc: ask where
# CC came from instead.
ifeq ($(origin CC),default)
  ifneq ($(shell command -v musl-gcc 2>/dev/null),)
    CC := musl-gcc
  endif
endif

# ARCH=aarch64: a cross build from this x86_64 machine into a folder of
# its own (build-aarch64/minit, build-aarch64/probe, build-aarch64/unit/),
# so the native ./minit is never overwritten. Debian's multiarch
# musl-dev:arm64 gives the aarch64-linux-musl-gcc wrapper (the cross gcc
# with musl's specs), linux-libc-dev:arm64 the arm64 <asm/*.h>.
# tests/aarch64/ runs the results under qemu (user and system).
ifeq ($(ARCH),aarch64)
  ifneq ($(SAN),)
    $(error SAN=1 is for the native build only)
  endif
  # Always the cross compiler, even when the caller's make was given a CC.
  AARCH64_CC ?= aarch64-linux-musl-gcc
  override CC := $(AARCH64_CC)
  BUILD := build-aarch64
  MINIT_BIN := $(BUILD)/minit
  PROBE_BIN := $(BUILD)/probe
  ARCH_INC := /usr/include/aarch64-linux-gnu
  # gcc emits unwind tables on arm64 even without the asynchronous ones
  # (2.7 KiB of .eh_frame that nothing reads).
  ARCH_CFLAGS := -fno-unwind-tables
  # minit's own objects in the tiny code model: code and data within
  # 1 MiB, so an address is one ADR instead of ADRP+ADD (-2,496 B). Not
  # the test programs, whose buffers are larger (a reference out of
  # reach fails the link, never silently).
  # No frame pointer kept in x29 (gcc keeps one on arm64, not on
  # x86_64): a MOV in every function that calls another (-704 B).
  OBJ_CFLAGS := -mcmodel=tiny -mgeneral-regs-only -fomit-frame-pointer
  # Size flags, measured one by one (see SIZE_CFLAGS below): on arm64
  # -fno-inline-functions-called-once costs 1 KiB, -fno-jump-tables 8 B,
  # -fno-ipa-modref 56 B.
  # -fno-tree-tail-merge 64 B, -fno-shrink-wrap 16 B; together 440 B:
  # -fno-tree-loop-distribute-patterns 120 B, -fno-move-loop-invariants
  # 112 B, -fno-tree-sra 80 B, -fno-code-hoisting 32 B, -fno-caller-saves
  # 16 B, -mgeneral-regs-only (OBJ_CFLAGS) 80 B.
  SIZE_CFLAGS := -fno-optimize-sibling-calls -fno-expensive-optimizations \
	-fno-tree-tail-merge -fno-shrink-wrap -fno-tree-loop-distribute-patterns \
	-fno-move-loop-invariants -fno-tree-sra -fno-code-hoisting -fno-caller-saves \
	-fno-partial-inlining -fno-ipa-modref -fno-tree-coalesce-vars -fno-tree-forwprop \
	-fno-tree-loop-im
else ifneq ($(filter-out x86_64 amd64,$(ARCH)),)
  $(error ARCH=$(ARCH): only aarch64 (cross) or the native build)
endif

# Bytes each saves on x86_64: -fno-jump-tables 160 (a switch as
# compares), -fno-inline-functions-called-once 224 (-flto otherwise
# copies one-caller steps into main and run), -fno-optimize-sibling-calls
# 190 (120 on arm64), -fno-expensive-optimizations 896 (768 on arm64:
# gcc's extra CSE and peephole rounds), -fno-ipa-modref 56,
# -fno-tree-tail-merge 64, -fno-shrink-wrap 32,
# -fno-tree-loop-distribute-patterns 56 (a loop stays a loop, not a call
# to memset), -fno-partial-inlining 64 (64 on arm64 too: no function's
# early exit copied into its callers), -fno-tree-forwprop 48 (on arm64
# 8 B; there -fno-ipa-modref, -fno-tree-coalesce-vars, which costs
# x86_64 80 B, and -fno-tree-loop-im save 88 B more). None is in a loop that make bench times. -Oz (below) saves
# 960 B more on x86_64 (push/pop for small constants and the like),
# nothing on arm64; `minit -- true` runs fewer instructions with it.
SIZE_CFLAGS ?= -fno-jump-tables -fno-inline-functions-called-once -fno-optimize-sibling-calls \
	-fno-expensive-optimizations -fno-ipa-modref -fno-tree-tail-merge -fno-shrink-wrap \
	-fno-tree-loop-distribute-patterns -fno-partial-inlining -fno-tree-forwprop
# minit's own objects only, not the test programs (probe prints doubles):
# no floating-point or vector registers, which minit never uses, so a
# function with variable arguments does not save them on entry
# (x86_64 -184 B, arm64 -80 B); and on x86_64 each array at the ABI's
# alignment, not 32 bytes as gcc gives any array of 32 bytes or more for
# vector loads (-288 B of padding).
OBJ_CFLAGS ?= -mgeneral-regs-only -malign-data=abi

MACHINE := $(shell $(CC) -dumpmachine 2>/dev/null)
CFLAGS ?= -Oz -pipe
CFLAGS += -std=gnu11 -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-format-truncation \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-stack-protector -D_FORTIFY_SOURCE=0 -fno-pie -flto $(ARCH_CFLAGS) $(SIZE_CFLAGS)
# No page padding in the file: code and data share one page boundary
# (noseparate-code, common-page-size), no RELRO page in a static binary.
LDFLAGS += -static -s -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64

# Debian's musl-gcc does not see <linux/*.h>: point it at the system's
# own headers through a folder of links (nothing is copied).
ifneq ($(filter %musl-gcc,$(notdir $(CC))),)
  ARCH_INC ?= /usr/include/$(shell gcc -dumpmachine 2>/dev/null)
  CPPFLAGS += -isystem $(BUILD)/include
  KHDR := $(BUILD)/include/.stamp
  # Thin versions of musl functions that carry fallbacks (libc.c).
  LIBC_SRC := libc.c
  # No start files: libc.c's _start calls main (gcc's crtbegin/crtend
  # register C++ exception frames and transactional-memory clones,
  # crti/crtn frame an _init, and musl's crt1.o brings
  # __libc_start_main with its TLS set-up: -1.9 KiB, arm64 -2.3 KiB).
  START := -nostartfiles
  # Without that set-up the thread pointer is unset: a read of it from
  # any code linked (a musl function built with the stack protector, or
  # one that reads errno or the thread's data) would crash minit.
  TP_READ := $(if $(filter aarch64,$(ARCH)),tpidr_el0,%fs:)
  TP_OBJDUMP := $(if $(filter aarch64,$(ARCH)),aarch64-linux-gnu-objdump,objdump)
endif

# SAN=1: AddressSanitizer and UBSan need the dynamic glibc build, in a
# folder of its own (build-san/minit, build-san/probe) so that the
# release ./minit is never overwritten; `make test SAN=1` runs the whole
# suite on them. clang where present: its UBSan writes to ASan's report
# file (gcc's libubsan ignores log_path and prints to stderr only).
ifeq ($(SAN),1)
  CC := $(if $(shell command -v clang 2>/dev/null),clang,cc)
  CFLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDFLAGS := -fsanitize=address,undefined
  KHDR :=
  CPPFLAGS :=
  START :=
  OBJ_CFLAGS :=
  # libc.c's thin functions are for the static musl build only (its
  # header says so): glibc and ASan keep their own.
  LIBC_SRC :=
  BUILD := build-san
  MINIT_BIN := $(BUILD)/minit
  PROBE_BIN := $(BUILD)/probe
  # spawn.c's vfork-style child runs on a stack of its own in .bss, which
  # ASan cannot follow (google/sanitizers#189): the functions it runs are
  # marked CHILD there and go without ASan; the rest of spawn.c has it.
else
  MINIT_BIN ?= minit
  PROBE_BIN ?= probe
endif

SRCS := init.c options.c spawn.c rootfs.c cgroup.c netsetup.c netns.c parse.c boot.c fmt.c seccomp.c log.c $(LIBC_SRC)

# The system-call table of the target architecture (x86_64, aarch64),
# generated from the kernel headers with --seccomp's default list;
# seccomp.c includes it. build/gen serves every build folder.
SC_ARCH := $(firstword $(subst -, ,$(MACHINE)))
SC_HOST := $(shell uname -m)
GEN := build/gen
$(GEN)/syscalls-%.h: gensyscalls.sh seccomp.list
	@mkdir -p $(GEN)
	sh gensyscalls.sh $* seccomp.list > $@.tmp && mv $@.tmp $@
OBJS := $(SRCS:%.c=$(BUILD)/%.o)

all: $(MINIT_BIN)

# --version prints the commit, as tini does ("- git.HASH"): dockerd shows
# it in `docker info`. From a tree without git (a source package), say
# GIT_HASH=HASH.
GIT_HASH ?= $(or $(shell git -C $(CURDIR) rev-parse --short HEAD 2>/dev/null),unknown)
$(BUILD)/options.o: CPPFLAGS += -DMINIT_GIT='"$(GIT_HASH)"'

$(BUILD)/include/.stamp:
	@mkdir -p $(BUILD)/include
	ln -sfn /usr/include/linux $(BUILD)/include/linux
	ln -sfn /usr/include/asm-generic $(BUILD)/include/asm-generic
	ln -sfn $(ARCH_INC)/asm $(BUILD)/include/asm
	@touch $@

# minit's objects are compiled from copies of the sources whose message
# literals msgpack.pl has coded with a dictionary of pairs, which fmt.c
# expands when it prints (-3 KiB; its header says which literals). Every
# build of minit has it, SAN=1 too, so the sanitizers see the expansion;
# the fuzz and valgrind builds compile the sources as they are. It writes
# only the copies that changed.
MSGDIR := $(BUILD)/msg
$(MSGDIR)/.stamp: $(SRCS) msgpack.pl
	@mkdir -p $(MSGDIR)
	perl msgpack.pl $(MSGDIR) $(SRCS)
	@touch $@
$(MSGDIR)/%.c: $(MSGDIR)/.stamp ;
.SECONDARY: $(SRCS:%.c=$(MSGDIR)/%.c) $(MSGDIR)/msgdict.h

$(BUILD)/%.o: $(MSGDIR)/%.c minit.h $(KHDR)
	@mkdir -p $(BUILD)
	$(CC) $(CPPFLAGS) -I. -I$(GEN) $(CFLAGS) $(OBJ_CFLAGS) -c -o $@ $<
$(BUILD)/fmt.o: $(MSGDIR)/msgdict.h
# libc.c outside link-time optimisation: the linker must see the symbols
# its assembly defines (_start, syscall, ioctl, prctl) before it searches
# musl's archive, and an LTO object shows it only its C symbols.
$(BUILD)/libc.o: CFLAGS += -fno-lto -foptimize-sibling-calls
$(MSGDIR)/msgdict.h: $(MSGDIR)/.stamp ;

$(BUILD)/seccomp.o: $(GEN)/syscalls-$(SC_ARCH).h
build-fuzz/seccomp.o build-vg/seccomp.o: $(GEN)/syscalls-$(SC_HOST).h

$(MINIT_BIN): $(OBJS)
	$(CC) $(CFLAGS) $(OBJ_CFLAGS) -o $@ $(START) $(OBJS) $(LDFLAGS)
ifneq ($(SAN),1)
	@if readelf -lW $@ | grep -q INTERP || readelf -dW $@ | grep -q NEEDED; then \
		echo "minit: not static" >&2; exit 1; fi
	@if [ -n "$(TP_READ)" ] && $(TP_OBJDUMP) -d $@ | grep -E '$(TP_READ)'; then \
		echo "minit: the code above reads the thread pointer, which libc.c's _start does not set" >&2; \
		rm -f $@; exit 1; fi
	perl noshdr.pl $@
endif
	@echo "$@: $$(stat -c %s $@) bytes ($(CC), $(firstword $(subst -, ,$(MACHINE))), $$(if readelf -lW $@ | grep -q INTERP; then echo dynamic; else echo static; fi))"

# ---- tests ---------------------------------------------------------------
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/tap.h $(BUILD)/parse.o minit.h
	@mkdir -p $(BUILD)/unit
	$(CC) $(CPPFLAGS) $(CFLAGS) -I. -I$(GEN) -o $@ $< $(BUILD)/parse.o $(if $(filter 1,$(SAN)),$(LDFLAGS),-static)

# seccomp.c's tests include it whole (the filter is checked on a BPF
# interpreter), once for the build's table, once for aarch64's.
$(BUILD)/unit/seccomp_test: seccomp.c tests/bpf.h $(GEN)/syscalls-$(SC_ARCH).h
$(BUILD)/unit/syscalls_aarch64_test: seccomp.c tests/unit/seccomp_test.c $(GEN)/syscalls-aarch64.h

$(PROBE_BIN): tests/probe.c $(KHDR)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(if $(filter 1,$(SAN)),$(LDFLAGS),-static -s)

# tests/ptyrun.c: a job on a fresh pseudo-terminal, for tests/matrix.sh.
$(BUILD)/ptyrun: tests/ptyrun.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(if $(filter 1,$(SAN)),$(LDFLAGS),-static -s)

units: $(UNIT_BINS)

# The fuzz harnesses without libFuzzer (a host-only library): tests/replay.c
# feeds them the seed corpus, on any architecture (tests/aarch64/fuzz.sh).
REPLAY_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/replay/%,$(wildcard tests/fuzz/*.c))

$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/fuzz.h tests/replay.c minit.h options.c \
		$(BUILD)/parse.o $(BUILD)/fmt.o $(BUILD)/seccomp.o
	@mkdir -p $(BUILD)/replay
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-shadow -I. -I$(GEN) -o $@ $< tests/replay.c \
		$(BUILD)/parse.o $(BUILD)/fmt.o $(if $(filter seccomp,$*),,$(BUILD)/seccomp.o) -static

replays: $(REPLAY_BINS)

# Everything tests/aarch64/ runs, for ARCH=aarch64 (or any ARCH).
arch-all: $(MINIT_BIN) $(PROBE_BIN) units replays

# make aarch64: the arm64 build and its test binaries, in build-aarch64/.
aarch64:
	$(MAKE) ARCH=aarch64 arch-all

# A hung test fails after TEST_TIMEOUT seconds instead of stalling the run.
TEST_TIMEOUT ?= 900
# tests/lib.sh and tests/engines/lib.sh are sourced by the others, not tests.
# tests/aarch64/ (the arm64 build under qemu-user and in an arm64 VM) runs
# in the native make test, after `make aarch64`; not under SAN=1.
ifeq ($(SAN)$(filter aarch64,$(ARCH)),)
  AARCH64_TESTS := $(filter-out tests/aarch64/lib.sh,$(sort $(wildcard tests/aarch64/*.sh)))
  # Without the cross compiler (make deps installs it) the arm64 scripts
  # say so and skip; CI has it.
  AARCH64_PRE := $(if $(shell command -v $(or $(AARCH64_CC),aarch64-linux-musl-gcc) 2>/dev/null),aarch64)
endif
TESTS ?= tests/unit.t $(filter-out tests/lib.sh tests/rootfs-lib.sh,$(sort $(wildcard tests/*.sh))) \
	$(filter-out tests/engines/lib.sh,$(sort $(wildcard tests/engines/*.sh))) tests/vm/run.sh \
	$(AARCH64_TESTS)

# Under SAN=1 any sanitizer report is fatal: the process exits 86 (no
# test expects that status) and writes its report to a file under
# MINIT_SANLOG, not to stderr, so that a report from a process whose
# status no test looks at is still seen: tests/lib.sh fails the script
# that left one, and the run fails if any is left at the end.
# LeakSanitizer stays on: minit allocates nothing, the probe frees.
SANLOG := $(CURDIR)/$(BUILD)/sanlog
SAN_OPTS := halt_on_error=1:exitcode=86:log_path=$(SANLOG)/report
SAN_ENV := MINIT_SAN=1 MINIT_SANLOG=$(SANLOG) \
	ASAN_OPTIONS=$(SAN_OPTS):detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=$(SAN_OPTS):print_stacktrace=1 \
	LSAN_OPTIONS=$(SAN_OPTS)

test: $(MINIT_BIN) $(PROBE_BIN) $(BUILD)/ptyrun units $(if $(filter tests/aarch64/%,$(TESTS) $(TESTS_EXTRA)),$(AARCH64_PRE))
ifeq ($(SAN),1)
	@rm -rf $(SANLOG) && mkdir -p -m 1777 $(SANLOG)	# --run-as: any uid may report
endif
	$(if $(filter 1,$(SAN)),$(SAN_ENV)) \
	MINIT=$(CURDIR)/$(MINIT_BIN) PROBE=$(CURDIR)/$(PROBE_BIN) PTYRUN=$(CURDIR)/$(BUILD)/ptyrun UNITDIR=$(CURDIR)/$(BUILD)/unit \
		prove -f -j1 --exec 'timeout -k 10 $(TEST_TIMEOUT)' $(TESTS) $(TESTS_EXTRA)
ifeq ($(SAN),1)
	@if [ -n "$$(ls -A $(SANLOG))" ]; then \
		echo "sanitizer reports in $(SANLOG):" >&2; find $(SANLOG) -type f -exec cat {} + >&2; exit 1; fi
endif

# ---- mutation gate: every mutant in tests/mutants/ must fail its tests --------
# make mutate [MUTANTS="name..."] [MUTATE_J=2]: tests/mutants/README.md.
MUTATE_J ?= 2
mutate:
	MUTATE_J=$(MUTATE_J) bash tests/mutants/run.sh $(MUTANTS)

.PHONY: mutate

# ---- benchmarks (root): bench/run.sh writes bench/results.md, bench/chart.sh
# draws bench/results.svg from its ratios (gnuplot) ----------------
BENCH_TOOLS := $(BUILD)/bench/timeit $(BUILD)/bench/floor $(BUILD)/bench/fwdlat $(BUILD)/bench/cgfloor \
	$(BUILD)/bench/netfloor $(BUILD)/bench/tcpbench $(BUILD)/bench/sysloop

$(BUILD)/bench/%: bench/%.c bench/bench.h $(KHDR)
	@mkdir -p $(BUILD)/bench
	$(CC) $(CPPFLAGS) -O2 -static -o $@ $<

bench: minit probe $(BENCH_TOOLS)
	MINIT=$(CURDIR)/minit PROBE=$(CURDIR)/probe BENCH_BIN=$(CURDIR)/$(BUILD)/bench bash bench/run.sh

# ---- fuzzing ---------------------------------------------------------------
# make fuzz FUZZ_S=60: build every harness in tests/fuzz/ with clang's
# libFuzzer (+ASan, UBSan) into build-fuzz/ and run each for FUZZ_S
# seconds; -j2 runs two at once. New inputs go to build-fuzz/run/<name>/
# corpus, the seeds in tests/fuzz/corpus/<name>/ are only read, so the
# repository's corpus stays small. A crash, a sanitizer report, a broken
# invariant or a hang (10 s per input) fails the target; the input is
# left in build-fuzz/run/<name>/ with the command to replay it.
FUZZ_S ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I. -I$(GEN) \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_NAMES := $(sort $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c)))
FUZZ_BINS := $(FUZZ_NAMES:%=build-fuzz/fuzz_%)
FUZZ_OBJS := $(SRCS:%.c=build-fuzz/%.o)

build-fuzz/%.o: %.c minit.h
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build-fuzz/fuzz_%: tests/fuzz/%.c tests/fuzz/fuzz.h tests/fuzz/sigref.h minit.h build-fuzz/parse.o build-fuzz/fmt.o
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(filter %.o,$^)

# args.c and env.c compile options.c into themselves, with parse.c, fmt.c, seccomp.c.
build-fuzz/fuzz_args build-fuzz/fuzz_env: build-fuzz/fuzz_%: tests/fuzz/%.c tests/fuzz/fuzz.h \
		tests/fuzz/sigref.h tests/fuzz/optref.h minit.h options.c \
		build-fuzz/parse.o build-fuzz/fmt.o build-fuzz/seccomp.o
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(filter %.o,$^)
# seccomp.c's harness includes it whole, as its unit test does.
build-fuzz/fuzz_seccomp: seccomp.c tests/bpf.h $(GEN)/syscalls-$(SC_HOST).h

fuzz-build: $(FUZZ_BINS)

fuzz-run-%: build-fuzz/fuzz_%
	@d=build-fuzz/run/$*; rm -rf $$d && mkdir -p $$d/corpus && \
	if $< -max_total_time=$(FUZZ_S) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=$$d/ $$d/corpus tests/fuzz/corpus/$* > $$d/log 2>&1; then \
		echo "fuzz $*: ok, $$(sed -n 's/^stat::number_of_executed_units: *//p' $$d/log) runs in $(FUZZ_S) s, $$(ls $$d/corpus | wc -l) new inputs"; \
	else \
		grep -v '^#\|^INFO\|^stat::' $$d/log | tail -40 >&2; \
		echo "fuzz $*: FAILED; replay: $< $$(ls $$d/crash-* $$d/timeout-* $$d/leak-* $$d/oom-* 2>/dev/null | head -1)" >&2; \
		exit 1; \
	fi

fuzz: $(FUZZ_NAMES:%=fuzz-run-%)

.PHONY: fuzz fuzz-build

# ---- valgrind --------------------------------------------------------------
# tests/valgrind.sh runs memcheck on a dynamic glibc build, -O1 -g and no
# sanitizers (valgrind knows little of a static musl binary): build-vg/.
# memcheck sees no stack or global overrun: a canary in every function
# and fortified string calls abort on those instead.
VG_CC ?= cc
VG_FLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I$(GEN) \
	-fstack-protector-all -D_FORTIFY_SOURCE=2

build-vg/%.o: %.c minit.h
	@mkdir -p build-vg
	$(VG_CC) $(VG_FLAGS) -c -o $@ $<

build-vg/minit: $(SRCS:%.c=build-vg/%.o)
	$(VG_CC) $(VG_FLAGS) -o $@ $^

build-vg/unit/%: tests/unit/%.c build-vg/parse.o minit.h
	@mkdir -p build-vg/unit
	$(VG_CC) $(VG_FLAGS) -I. -o $@ $< build-vg/parse.o

# ---- the Debian root the --root tests run in (tests/rootfs-lib.sh) --------
# mmdebstrap minbase + python3-minimal from apt's own archive, cached in
# /var/cache/minit-rootfs/bookworm-minbase (about a minute, once).
rootfs:
	bash -c '. tests/rootfs-lib.sh && debian_root'

.PHONY: rootfs

# ---- Debian package (root not needed) -----------------------------------------
# make deb: debian/ with debhelper, built by dpkg-buildpackage in a copy of
# the sources under build-deb/ (the tree and its parent stay clean), then
# lintian, which must have nothing to say. Install: apt install ./build-deb/minit_*.deb
DEB_SRC = build-deb/minit-$(VERSION)

deb:
	rm -rf build-deb && mkdir -p $(DEB_SRC)
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t $(DEB_SRC)
	cd $(DEB_SRC) && GIT_HASH=$(GIT_HASH) dpkg-buildpackage -b -us -uc
	lintian --fail-on error,warning,info,pedantic --info --pedantic build-deb/minit_$(VERSION)_*.changes
	@ls build-deb/*.deb

.PHONY: deb

install: $(MINIT_BIN)
	install -D -m 755 $(MINIT_BIN) $(DESTDIR)$(PREFIX)/bin/minit
	install -D -m 644 minit.1 $(DESTDIR)$(PREFIX)/share/man/man1/minit.1

clean:
	rm -rf build build-san build-fuzz build-vg build-aarch64 build-deb dist minit probe

.PHONY: all test units bench install clean
ifneq ($(SAN)$(filter aarch64,$(ARCH)),)
minit: $(MINIT_BIN)
probe: $(PROBE_BIN)
.PHONY: minit probe
endif

# ---- release: both architectures' static binaries with their SHA-256 ----
# make dist: dist/minit-VERSION-x86_64 (this machine's build) and
# dist/minit-VERSION-aarch64 (the cross build), each checked static and of
# its architecture, and dist/SHA256SUMS (sha256sum -c reads it).
DIST := dist
dist:
	@[ "$(firstword $(subst -, ,$(MACHINE)))" = x86_64 ] || \
		{ echo "make dist: builds on an x86_64 machine (this one: $(MACHINE))" >&2; exit 1; }
	env -u MAKEFLAGS -u MFLAGS $(MAKE) --no-print-directory minit
	env -u MAKEFLAGS -u MFLAGS $(MAKE) --no-print-directory ARCH=aarch64 build-aarch64/minit
	@rm -rf $(DIST) && mkdir -p $(DIST)
	cp minit $(DIST)/minit-$(VERSION)-x86_64
	cp build-aarch64/minit $(DIST)/minit-$(VERSION)-aarch64
	@for a in x86_64:X86-64 aarch64:AArch64; do f=$(DIST)/minit-$(VERSION)-$${a%%:*}; \
		readelf -hW $$f | grep -q "Machine:.*$${a#*:}" || { echo "$$f: not $${a%%:*}" >&2; exit 1; }; \
		if readelf -lW $$f | grep -q INTERP || readelf -dW $$f | grep -q NEEDED; then \
			echo "$$f: not static" >&2; exit 1; fi; done
	cd $(DIST) && sha256sum minit-$(VERSION)-x86_64 minit-$(VERSION)-aarch64 > SHA256SUMS
	@cd $(DIST) && for f in minit-$(VERSION)-*; do echo "$(DIST)/$$f: $$(stat -c %s $$f) bytes"; done; cat SHA256SUMS

.PHONY: dist aarch64 arch-all replays

# ---- set-up on a fresh Debian machine (root) -------------------------------
# Everything the build, the tests and the benchmarks use, from Debian.
# The arm64 build and its tests: the cross gcc, musl and the kernel headers
# for arm64 from Debian's multiarch archive (linux-libc-dev of both
# architectures at one version: Multi-Arch: same), qemu-user and
# qemu-system-aarch64. The arm64 kernel and busybox for the VM are
# fetched with apt-get download by tests/vm/host.sh, not installed.
DEPS := build-essential musl-tools util-linux procps iproute2 busybox-static \
	cpio gzip qemu-system-x86 runc crun podman docker.io containerd lxc \
	tini dumb-init catatonit bubblewrap hyperfine valgrind clang \
	libclang-rt-14-dev afl++ strace perl python3 mmdebstrap \
	gcc-aarch64-linux-gnu musl-dev:arm64 linux-libc-dev linux-libc-dev:arm64 \
	qemu-user-static qemu-system-arm redis-server redis-tools \
	debhelper lintian gnuplot-nox libcap2-bin
deps:
	dpkg --add-architecture arm64
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 $(DEPS)

.PHONY: deps
