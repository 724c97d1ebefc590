#!/bin/sh
# make install / make uninstall: the installed tree has what upstream
# liburing installs (plus our CMake package), a program builds with
# pkg-config and with CMake's find_package against it and runs, and
# uninstall removes exactly what install added.
#
# Exit 0 pass, 1 fail, 77 skip (as the C tests).
set -u
fail() { echo "install-tree: $*"; exit 1; }

tmp=$(mktemp -d /tmp/liburing-install.XXXXXX) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
p=$tmp/usr

make -s install prefix="$p" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make install"; }

for f in include/liburing.h include/liburing/io_uring.h \
	 include/liburing/barrier.h include/liburing/compat.h \
	 include/liburing/io_uring_version.h \
	 include/liburing/io_uring/query.h \
	 include/liburing/io_uring/bpf_filter.h \
	 lib/pkgconfig/liburing.pc lib/pkgconfig/liburing-ffi.pc \
	 lib/cmake/liburing/liburingConfig.cmake \
	 lib/cmake/liburing/liburingConfigVersion.cmake \
	 man/man3/io_uring_register_sync_msg.3; do
	[ -e "$p/$f" ] || fail "missing $f"
done
if grep -q '^ENABLE_STATIC=yes' config-host.mak; then
	[ -f "$p/lib/liburing.a" ] && [ -f "$p/lib/liburing-ffi.a" ] ||
		fail "static libraries missing"
fi
if grep -q '^ENABLE_SHARED=yes' config-host.mak; then
	for l in liburing liburing-ffi; do
		[ "$(readlink "$p/lib/$l.so")" = "$l.so.2.15" ] ||
			fail "$l.so link"
		[ "$(readlink "$p/lib/$l.so.2")" = "$l.so.2.15" ] ||
			fail "$l.so.2 link"
		[ -f "$p/lib/$l.so.2.15" ] || fail "$l.so.2.15 missing"
	done
fi
# The installed headers must not depend on the build tree.
grep -rq '/work\|config-host' "$p/include" && fail "build paths in headers"

cat > "$tmp/app.c" <<'SRC'
#include <stdio.h>
#include <liburing.h>
int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;

	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	if (io_uring_submit_and_wait(&ring, 1) != 1 ||
	    io_uring_wait_cqe(&ring, &cqe) || cqe->res)
		return 1;
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	printf("ok %d.%d\n", io_uring_major_version(),
	       io_uring_minor_version());
	return 0;
}
SRC

# pkg-config
if command -v pkg-config >/dev/null 2>&1; then
	flags=$(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --cflags --libs liburing) ||
		fail "pkg-config"
	# shellcheck disable=SC2086
	cc -o "$tmp/app" "$tmp/app.c" $flags || fail "build with pkg-config"
	out=$(LD_LIBRARY_PATH=$p/lib "$tmp/app") || fail "run (pkg-config)"
	[ "$out" = "ok 2.15" ] || fail "pkg-config program printed '$out'"
else
	echo "note: no pkg-config, that part skipped"
fi

# CMake
if command -v cmake >/dev/null 2>&1; then
	mkdir -p "$tmp/cm"
	cat > "$tmp/cm/CMakeLists.txt" <<'SRC'
cmake_minimum_required(VERSION 3.13)
project(app C)
find_package(liburing 2.15 REQUIRED)
add_executable(app ../app.c)
target_link_libraries(app PRIVATE liburing::liburing)
SRC
	(cd "$tmp/cm" && cmake -S . -B b -DCMAKE_PREFIX_PATH="$p" \
		>"$tmp/cmake.log" 2>&1 && cmake --build b >>"$tmp/cmake.log" 2>&1) ||
		{ cat "$tmp/cmake.log"; fail "cmake build"; }
	out=$(LD_LIBRARY_PATH=$p/lib "$tmp/cm/b/app") || fail "run (cmake)"
	[ "$out" = "ok 2.15" ] || fail "cmake program printed '$out'"
	# A newer major (or a newer minor) than installed must be refused.
	sed -i 's/liburing 2.15 REQUIRED/liburing 3.0 REQUIRED/' "$tmp/cm/CMakeLists.txt"
	(cd "$tmp/cm" && cmake -S . -B b2 -DCMAKE_PREFIX_PATH="$p" \
		>/dev/null 2>&1) && fail "find_package(liburing 3.0) succeeded"
else
	echo "note: no cmake, that part skipped"
fi

make -s uninstall prefix="$p" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make uninstall"; }
left=$(find "$p" -type f -o -type l)
[ -z "$left" ] || fail "uninstall left: $left"
exit 0
