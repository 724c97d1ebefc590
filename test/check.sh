#!/bin/sh
# Checking builds and runs, each in its own copy of the tree under build/
# so the normal build is never touched:
#
#   sh test/check.sh sanitize    ASan + UBSan build, whole suite
#   sh test/check.sh tsan        TSan build, every test that starts threads
#   sh test/check.sh valgrind T.. the normal build's tests T under memcheck
#   sh test/check.sh coverage    gcov build, suite, line/branch summary
#
# Each mode ends with the suite's "N passed, N failed, N skipped" line (the
# coverage summary follows it) and exits non-zero when anything failed.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
mode=${1:?usage: sh test/check.sh sanitize|tsan|valgrind|coverage}
jobs=$(nproc 2>/dev/null || echo 2)

# Install a Debian package when a tool is missing (CI runs as root).
need_pkg() {
	cmd=$1 pkg=$2
	command -v "$cmd" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "check: installing $pkg"
		apt-get update -qq >/dev/null 2>&1 || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" \
			>/dev/null 2>&1 || true
	fi
	command -v "$cmd" >/dev/null 2>&1 && return 0
	echo "check: $cmd is needed ($pkg) and could not be installed" >&2
	exit 1
}

# Fresh copy of the source tree in build/$1 (tracked and new files; no
# build output, no configure output), configured with CC=$2.
copy_tree() {
	dst=$top/build/$1
	rm -rf "$dst"
	mkdir -p "$dst"
	if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$top" ls-files -z --cached --others --exclude-standard |
			grep -zv '^build/' |
			xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
			xargs -0 cp --parents -p -t "$dst"
	else
		tar -C "$top" --exclude=./build --exclude='*.o' --exclude='*.a' \
			--exclude='*.so*' --exclude='*.t' --exclude=config-host.mak \
			--exclude=io_uring_version.h -cf - . | tar -C "$dst" -xf -
	fi
	(cd "$dst" && ./configure --cc="$2" --cxx="$3" >/dev/null)
}

# The test programs built in build/$1.
test_list() {
	(cd "$top/build/$1" && ls test/*.t test/fuzz/*.t 2>/dev/null)
}

run_suite() {
	dir=$1
	shift
	(cd "$top/build/$dir" && sh test/runtests.sh "$@")
}

case $mode in
sanitize)
	san="-fsanitize=address,undefined -fno-sanitize-recover=all"
	copy_tree sanitize gcc g++
	make -s -C build/sanitize -j"$jobs" \
		CFLAGS="-O1 -g -fno-omit-frame-pointer $san"
	# The binary compatibility test runs a program built without ASan
	# on our instrumented liburing.so: the runtime then loads as that
	# library's dependency instead of first.
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:verify_asan_link_order=0:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_suite sanitize $(test_list sanitize)
	;;
tsan)
	copy_tree tsan gcc g++
	# -Wno-tsan: gcc warns that TSan does not model a standalone fence.
	# Ours (io_uring_smp_mb) orders our stores against the kernel's SQ
	# thread, which TSan cannot see either way.
	make -s -C build/tsan -j"$jobs" \
		CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=thread -Wno-tsan"
	progs=
	for t in $(test_list tsan); do
		src=build/tsan/${t%.t}.c
		[ -f "$src" ] || src=build/tsan/${t%.t}.cc
		[ -f "$src" ] && grep -q pthread_create "$src" &&
			progs="$progs $t"
	done
	# halt_on_error: a race is a failure, not a line in a log.
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
		run_suite tsan $progs
	;;
valgrind)
	# The normal build, as installed programs would use it; the test
	# programs come from the command line (the Makefile's list).
	shift
	need_pkg valgrind valgrind
	vg="valgrind -q --error-exitcode=99 --leak-check=full"
	vg="$vg --show-leak-kinds=all --errors-for-leak-kinds=all"
	vg="$vg --track-origins=yes --suppressions=$top/test/valgrind.supp"
	progs=
	for t in "$@"; do
		src=${t%.t}.c
		[ -f "$src" ] || src=${t%.t}.cc
		# Valgrind (3.19 at least) keeps its big lock across
		# io_uring_enter(): a thread waiting on a ring starves the
		# thread that would wake it. Those run under TSan and ASan.
		if [ -f "$src" ] && grep -q pthread_create "$src"; then
			echo "NOTE  ${t#test/}: threaded, not run under valgrind"
			continue
		fi
		progs="$progs $t"
	done
	TEST_WRAPPER="$vg" TEST_TIMEOUT=600 sh test/runtests.sh $progs
	;;
coverage)
	need_pkg lcov lcov
	copy_tree coverage gcc g++
	make -s -C build/coverage -j"$jobs" \
		CFLAGS="-O0 -g --coverage"
	rc=0
	run_suite coverage $(test_list coverage) || rc=$?
	sh test/coverage-report.sh build/coverage
	exit $rc
	;;
*)
	echo "check: unknown mode $mode" >&2
	exit 2
	;;
esac
