# liburing: build, test and install. See README.
#
#   make                 library, liburing-ffi, tests and examples
#   make runtests        run every test; last line "N passed, N failed, N skipped"
#   make runtests-kernels  the same on Linux 5.10, 6.1 and 6.12 in VMs
#   make install         honours prefix=, libdir=, includedir=, mandir=, DESTDIR=
#   make bench           benchmarks against liburing 2.3 and raw syscalls;
#                        writes bench/results.md (never part of runtests)
#   make dist            liburing-VERSION.tar.gz; distcheck builds and tests it
#   make abi-check       abidiff against Debian's liburing 2.15-1
#   make runtests-sanitize / runtests-tsan / runtests-valgrind / fuzz / coverage
#                        checking builds, each in its own copy under build/
#
# ./configure is run with its defaults when config-host.mak is missing.

ifeq ($(filter clean distclean dist,$(MAKECMDGOALS)),)
ifeq ($(wildcard config-host.mak),)
$(info config-host.mak is missing: running ./configure with defaults)
$(shell ./configure >&2)
endif
include config-host.mak
endif
# make clean and distclean run without config-host.mak: the version (which
# names the shared libraries' targets) comes from VERSION then.
VERSION ?= $(shell cat VERSION)
VERSION_MAJOR ?= $(firstword $(subst ., ,$(VERSION)))

CFLAGS ?= -O2 -g
# -Werror in CI and developer builds (a git checkout), not for users
# building a release with a newer compiler: WERROR=1 or WERROR=0 overrides.
WERROR ?= $(if $(wildcard .git),1,0)
WARN := -Wall -Wextra -Wno-unused-parameter $(if $(filter 1,$(WERROR)),-Werror)
override CPPFLAGS += -D_GNU_SOURCE -Iinclude
LIB_CFLAGS := $(CFLAGS) $(WARN) -fPIC -fvisibility=default \
	-DLIBURING_INTERNAL -Isrc -fno-stack-protector
LINKFLAGS = -Wl,-z,defs $(LDFLAGS)
# Older config-host.mak files predate --libdevdir.
libdevdir ?= $(libdir)

MAJOR := $(VERSION_MAJOR)
SOVER := $(VERSION)

# src/ext/: the uringx_* extensions (include/liburing/ext.h). An archive
# names its members by file name alone, so no two sources may share one.
ffi_srcs := src/ffi.c src/ext/ext-ffi.c
lib_srcs := $(filter-out $(ffi_srcs),$(wildcard src/*.c src/ext/*.c))
lib_objs := $(lib_srcs:.c=.o)
ffi_objs := $(lib_objs) $(ffi_srcs:.c=.o)
lib_priv_headers := $(wildcard src/*.h src/ext/*.h)
ifneq ($(words $(notdir $(lib_srcs) $(ffi_srcs))),\
	$(words $(sort $(notdir $(lib_srcs) $(ffi_srcs)))))
$(error two library sources share a file name: rename one)
endif

pub_headers := include/liburing.h
sub_headers := $(sort $(wildcard include/liburing/*.h) \
	include/liburing/io_uring_version.h)
uapi_headers := $(wildcard include/liburing/io_uring/*.h)
all_headers := $(pub_headers) $(sub_headers) $(uapi_headers)

static_libs := src/liburing.a src/liburing-ffi.a
shared_libs := src/liburing.so.$(SOVER) src/liburing-ffi.so.$(SOVER)
libs :=
ifeq ($(ENABLE_STATIC),yes)
libs += $(static_libs)
endif
ifeq ($(ENABLE_SHARED),yes)
libs += $(shared_libs) src/liburing.so.$(MAJOR) src/liburing.so \
	src/liburing-ffi.so.$(MAJOR) src/liburing-ffi.so
endif

# Tests and examples link the static library when there is one.
ifeq ($(ENABLE_STATIC),yes)
test_lib := src/liburing.a
else
test_lib := src/liburing.so
endif

test_srcs := $(filter-out test/helpers.c,$(wildcard test/*.c))
test_progs := $(test_srcs:.c=.t)
# Symbols only liburing.a defines (test/static-compat.c) need liburing.a.
ifneq ($(ENABLE_STATIC),yes)
test_progs := $(filter-out test/static-compat.t,$(test_progs))
endif
ifeq ($(HAVE_CXX),yes)
test_progs += $(patsubst %.cc,%.t,$(wildcard test/*.cc))
endif
# Shell tests: everything in test/ ending in .sh but the tools.
test_scripts := $(filter-out test/runtests.sh test/gen-%.sh test/check.sh \
	test/coverage-report.sh,$(wildcard test/*.sh))
# The fuzz harnesses' seed corpora, replayed without libFuzzer.
fuzz_names := $(filter-out common replay,\
	$(basename $(notdir $(wildcard test/fuzz/*.c))))
test_progs += $(patsubst %,test/fuzz/%-replay.t,$(fuzz_names))
example_srcs := $(wildcard examples/*.c)
example_progs := $(example_srcs:.c=)

.PHONY: all lib tests examples runtests bench install uninstall clean \
	distclean runtests-sanitize runtests-tsan runtests-valgrind fuzz \
	coverage runtests-peer
.SUFFIXES:

all: lib tests examples

lib: $(libs) liburing.pc liburing-ffi.pc

include/liburing/io_uring_version.h:
	./configure

# --- the library --------------------------------------------------------

src/%.o: src/%.c $(all_headers) $(lib_priv_headers)
	$(CC) $(CPPFLAGS) $(LIB_CFLAGS) -c -o $@ $<

src/liburing.a: $(lib_objs)
	rm -f $@
	$(AR) rcs $@ $^

src/liburing-ffi.a: $(ffi_objs)
	rm -f $@
	$(AR) rcs $@ $^

src/liburing.so.$(SOVER): $(lib_objs) src/liburing.map
	$(CC) $(LIB_CFLAGS) -shared $(LINKFLAGS) \
		-Wl,-soname=liburing.so.$(MAJOR) \
		-Wl,--version-script=src/liburing.map -o $@ $(lib_objs)

src/liburing-ffi.so.$(SOVER): $(ffi_objs) src/liburing-ffi.map
	$(CC) $(LIB_CFLAGS) -shared $(LINKFLAGS) \
		-Wl,-soname=liburing-ffi.so.$(MAJOR) \
		-Wl,--version-script=src/liburing-ffi.map -o $@ $(ffi_objs)

src/liburing.so.$(MAJOR) src/liburing.so: src/liburing.so.$(SOVER)
	ln -sf liburing.so.$(SOVER) $@

src/liburing-ffi.so.$(MAJOR) src/liburing-ffi.so: src/liburing-ffi.so.$(SOVER)
	ln -sf liburing-ffi.so.$(SOVER) $@

PC_SED = sed -e 's|@prefix@|$(prefix)|g' -e 's|@libdir@|$(libdevdir)|g' \
	-e 's|@includedir@|$(includedir)|g' -e 's|@VERSION@|$(VERSION)|g' \
	-e 's|@VERSION_MAJOR@|$(VERSION_MAJOR)|g' \
	-e 's|@SIZEOF_VOID_P@|$(SIZEOF_VOID_P)|g' -e 's|@URL@|$(URL)|g'
# The project's home page (pkg-config URL:, debian/control, liburing.spec).
URL := https://liburing.example.org/

%.pc: %.pc.in config-host.mak
	$(PC_SED) $< > $@

# --- tests and examples -------------------------------------------------

TEST_CFLAGS := $(CFLAGS) $(WARN) -Itest

tests: $(test_progs)

test/helpers.o: test/helpers.c test/helpers.h $(all_headers)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -c -o $@ $<

test/abi-layout-check.h: test/abi-layout.tsv test/gen-abi-check.sh
	sh test/gen-abi-check.sh < test/abi-layout.tsv > $@.tmp && mv $@.tmp $@

test/abi-constants-check.h: docs/api/constants.tsv test/gen-const-check.sh
	sh test/gen-const-check.sh < docs/api/constants.tsv > $@.tmp && mv $@.tmp $@

# Headers shared by tests beyond helpers.h (test/mode-util.h and the like).
$(test_progs): $(filter-out test/%-check.h,$(wildcard test/*.h))

test/proto-check.h: docs/api/functions.tsv test/gen-proto-check.sh \
		$(all_headers)
	sh test/gen-proto-check.sh include < docs/api/functions.tsv > $@.tmp && \
		mv $@.tmp $@

test/abi-layout.t: test/abi-layout-check.h
test/abi-constants.t: test/abi-constants-check.h
test/proto-check.t: test/proto-check.h

test/%.t: test/%.c test/helpers.o $(test_lib) $(all_headers)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -o $@ $< test/helpers.o $(T_LIB) \
		$(LDFLAGS) -lpthread

# Tests that count the library's system calls (test/mode-util.h) interpose
# libc's syscall(): they link a copy of the library built to use it, as
# it does on architectures without the inline x86_64 path.
T_LIB = $(test_lib)
libc_sys_objs := $(patsubst src/%.c,test/libc-sys/%.o,$(lib_srcs))
syscount_tests := $(patsubst %.c,%.t,$(shell grep -l '"mode-util.h"' test/*.c))

test/libc-sys/%.o: src/%.c $(all_headers) $(lib_priv_headers)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(LIB_CFLAGS) -DLIBURING_NO_RAW_SYSCALLS -c -o $@ $<

test/liburing-libc-sys.a: $(libc_sys_objs)
	rm -f $@
	$(AR) rcs $@ $^

$(syscount_tests): test/liburing-libc-sys.a
$(syscount_tests): T_LIB = test/liburing-libc-sys.a

# C++ consumers of the header: same warnings, C++11.
test/%.t: test/%.cc test/helpers.o $(test_lib) $(all_headers)
	$(CXX) $(CPPFLAGS) $(CFLAGS) $(WARN) -std=c++11 -Itest -o $@ $< \
		test/helpers.o $(test_lib) $(LDFLAGS) -lpthread

test/fuzz/%-replay.t: test/fuzz/%.c test/fuzz/common.c test/fuzz/common.h \
		test/fuzz/replay.c $(test_lib) $(all_headers)
	$(CC) $(CPPFLAGS) $(TEST_CFLAGS) -Itest/fuzz -DFUZZ_NAME='"$*"' -o $@ \
		$< test/fuzz/common.c test/fuzz/replay.c $(test_lib)

examples: $(example_progs)

examples/%: examples/%.c $(test_lib) $(all_headers)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(test_lib) $(LDFLAGS) \
		-lpthread

runtests: all
	@sh test/runtests.sh $(test_progs) $(test_scripts)

# The same suite on Debian's Linux 5.10, 6.1 and 6.12, each in a virtual
# machine (test/kernels/run.sh, docs/kernels.md).
.PHONY: runtests-kernels
runtests-kernels: all
	@sh test/kernels/run.sh $(test_progs) $(test_scripts)

bench: src/liburing.a
	$(MAKE) -C bench CC="$(CC)" CFLAGS="$(CFLAGS)"

# --- checking builds: test/check.sh, test/fuzz/run.sh ------------------

# ASan+UBSan over the whole suite, then TSan over the threaded tests.
runtests-sanitize:
	@sh test/check.sh sanitize && sh test/check.sh tsan

runtests-tsan:
	@sh test/check.sh tsan

# The suite against Debian's liburing 2.15, both ways (test/peer/run.sh).
runtests-peer: all
	@CC="$(CC)" CXX="$(CXX)" CFLAGS="$(CFLAGS)" sh test/peer/run.sh

runtests-valgrind: all
	@sh test/check.sh valgrind $(test_progs)

FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh test/fuzz/run.sh

coverage:
	@sh test/check.sh coverage

# --- install ------------------------------------------------------------

man2 := $(wildcard man/*.2)
man3 := $(wildcard man/*.3)
man7 := $(wildcard man/*.7)

install: lib
	install -d $(DESTDIR)$(includedir)/liburing/io_uring \
		$(DESTDIR)$(libdevdir)/pkgconfig $(DESTDIR)$(libdevdir)/cmake/liburing \
		$(DESTDIR)$(mandir)/man2 \
		$(DESTDIR)$(mandir)/man3 $(DESTDIR)$(mandir)/man7
	install -m 644 $(pub_headers) $(DESTDIR)$(includedir)/
	install -m 644 $(sub_headers) $(DESTDIR)$(includedir)/liburing/
	install -m 644 $(uapi_headers) $(DESTDIR)$(includedir)/liburing/io_uring/
ifeq ($(ENABLE_STATIC),yes)
	install -d $(DESTDIR)$(libdevdir)
	install -m 644 $(static_libs) $(DESTDIR)$(libdevdir)/
endif
ifeq ($(ENABLE_SHARED),yes)
	install -m 755 $(shared_libs) $(DESTDIR)$(libdir)/
	for l in liburing liburing-ffi; do \
		ln -sf $$l.so.$(SOVER) $(DESTDIR)$(libdir)/$$l.so.$(MAJOR); \
		if [ "$(libdevdir)" = "$(libdir)" ]; then \
			ln -sf $$l.so.$(SOVER) $(DESTDIR)$(libdevdir)/$$l.so; \
		else \
			install -d $(DESTDIR)$(libdevdir); \
			ln -sf $(libdir)/$$l.so.$(SOVER) \
				$(DESTDIR)$(libdevdir)/$$l.so; \
		fi; \
	done
endif
	for pc in liburing liburing-ffi; do \
		$(PC_SED) $$pc.pc.in > $(DESTDIR)$(libdevdir)/pkgconfig/$$pc.pc; \
	done
	for f in liburingConfig liburingConfigVersion; do \
		$(PC_SED) -e "s|@cmake_to_libdevdir@|$$(sh tools/relpath.sh \
			$(libdevdir)/cmake/liburing $(libdevdir))|g" \
			-e "s|@cmake_to_includedir@|$$(sh tools/relpath.sh \
			$(libdevdir)/cmake/liburing $(includedir))|g" \
			cmake/$$f.cmake.in \
			> $(DESTDIR)$(libdevdir)/cmake/liburing/$$f.cmake; \
	done
	$(if $(man2),install -m 644 $(man2) $(DESTDIR)$(mandir)/man2/)
	$(if $(man3),cp -P $(man3) $(DESTDIR)$(mandir)/man3/)
	$(if $(man7),install -m 644 $(man7) $(DESTDIR)$(mandir)/man7/)

uninstall:
	rm -f $(DESTDIR)$(includedir)/liburing.h
	rm -f $(addprefix $(DESTDIR)$(includedir)/liburing/,$(notdir $(sub_headers)))
	rm -f $(addprefix $(DESTDIR)$(includedir)/liburing/io_uring/,$(notdir $(uapi_headers)))
	-rmdir $(DESTDIR)$(includedir)/liburing/io_uring $(DESTDIR)$(includedir)/liburing
	for l in liburing liburing-ffi; do \
		rm -f $(DESTDIR)$(libdevdir)/$$l.a $(DESTDIR)$(libdevdir)/$$l.so \
		      $(DESTDIR)$(libdir)/$$l.so.$(MAJOR) \
		      $(DESTDIR)$(libdir)/$$l.so.$(SOVER) \
		      $(DESTDIR)$(libdevdir)/pkgconfig/$$l.pc; \
	done
	rm -f $(DESTDIR)$(libdevdir)/cmake/liburing/liburingConfig.cmake \
	      $(DESTDIR)$(libdevdir)/cmake/liburing/liburingConfigVersion.cmake
	-rmdir $(DESTDIR)$(libdevdir)/cmake/liburing
	rm -f $(addprefix $(DESTDIR)$(mandir)/man2/,$(notdir $(man2)))
	rm -f $(addprefix $(DESTDIR)$(mandir)/man3/,$(notdir $(man3)))
	rm -f $(addprefix $(DESTDIR)$(mandir)/man7/,$(notdir $(man7)))

clean:
	rm -rf test/libc-sys test/liburing-libc-sys.a
	rm -f src/*.o src/ext/*.o src/*.a src/*.so* test/*.o test/*.t \
		test/*-check.h test/fuzz/*.t \
		$(example_progs) liburing.pc liburing-ffi.pc

distclean: clean
	rm -f config-host.mak $(DIST).tar.gz include/liburing/io_uring_version.h
	rm -rf build

# --- release: make dist, make distcheck, make abi-check ----------------

# liburing-VERSION.tar.gz: every file git tracks at HEAD (commit first),
# under liburing-VERSION/. Nothing generated is in it: ./configure runs
# on the first make.
DIST := liburing-$(VERSION)
.PHONY: dist distcheck abi-check
dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || \
		{ echo "make dist needs a git checkout" >&2; exit 1; }
	@git diff --quiet HEAD || \
		echo "note: uncommitted changes are not in $(DIST).tar.gz" >&2
	@grep -q '^Version: *$(VERSION)$$' liburing.spec || \
		{ echo "liburing.spec: Version is not $(VERSION)" >&2; exit 1; }
	@sed -n '1s/^liburing (\(.*\)).*/\1/p' debian/changelog | \
		grep -q '^$(VERSION)' || \
		{ echo "debian/changelog: not at $(VERSION)" >&2; exit 1; }
	git archive --format=tar --prefix=$(DIST)/ HEAD | gzip -9n > $(DIST).tar.gz

# The tarball, unpacked elsewhere, builds and passes with README's two
# commands.
distcheck: dist
	@d=$$(mktemp -d /tmp/liburing-distcheck.XXXXXX) && \
	tar -xzf $(DIST).tar.gz -C $$d && \
	$(MAKE) -s -C $$d/$(DIST) && $(MAKE) -s -C $$d/$(DIST) runtests && \
	rm -rf $$d

# abidiff between our shared libraries and Debian's liburing 2.15-1
# (tools/abi-check.sh; fetched as make runtests-peer does).
abi-check: lib
	@sh tools/abi-check.sh

# --- extensions: the uring-info tool (see include/liburing/ext.h) -------

bindir ?= $(prefix)/bin
man1 := $(wildcard man/*.1)

.PHONY: install-uring-info uninstall-uring-info clean-uring-info

# tools/uring-info, which the tests run in the tree, links the library
# the tests do; the installed one links liburing.so.2 when it is built.
ifeq ($(ENABLE_SHARED),yes)
uring_info_inst := tools/uring-info-shared
else
uring_info_inst := tools/uring-info
endif

all: tools/uring-info $(uring_info_inst)

tools/uring-info: tools/uring-info.c $(test_lib) $(all_headers)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< $(test_lib)

tools/uring-info-shared: tools/uring-info.c src/liburing.so $(all_headers)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< -Lsrc -luring $(LDFLAGS)

test/ext-uring-info.t: tools/uring-info

install: install-uring-info
install-uring-info: $(uring_info_inst)
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1
	install -m 755 $(uring_info_inst) $(DESTDIR)$(bindir)/uring-info
	$(if $(man1),install -m 644 $(man1) $(DESTDIR)$(mandir)/man1/)

uninstall: uninstall-uring-info
uninstall-uring-info:
	rm -f $(DESTDIR)$(bindir)/uring-info
	rm -f $(addprefix $(DESTDIR)$(mandir)/man1/,$(notdir $(man1)))

clean: clean-uring-info
clean-uring-info:
	rm -f tools/uring-info tools/uring-info-shared
