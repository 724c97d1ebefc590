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

# Where libraries and man pages go below the prefix: lib and man by
# default, lib/<triplet> and share/man in a Debian build. A path that is
# not under $(prefix) would make "make install prefix=..." write outside
# the test's tree: skipped then.
below_prefix() {
	v=$(sed -n "s/^$1=//p" config-host.mak)
	[ "$v" = '$(libdir)' ] && v=$(sed -n 's/^libdir=//p' config-host.mak)
	case $v in
	'$(prefix)/'*) echo "${v#'$(prefix)/'}" ;;
	*) echo "skip: $1 $v is not below \$(prefix)" >&2; exit 77 ;;
	esac
}
L=$(below_prefix libdir) || exit 77
[ "$(below_prefix libdevdir)" = "$L" ] || { echo "skip: libdevdir differs from libdir"; exit 77; }
M=$(below_prefix mandir) || exit 77

# The exact tree a packager gets: test/install-tree.expected, plus one
# page per man/NAME.N (built with both static and shared libraries).
if grep -q '^ENABLE_STATIC=yes' config-host.mak &&
   grep -q '^ENABLE_SHARED=yes' config-host.mak; then
	make -s install DESTDIR="$tmp/dest" prefix=/usr >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log"; fail "make install DESTDIR"; }
	(cd "$tmp/dest" && find . -type f -o -type l) | sed 's|^\./||' |
		sort > "$tmp/got"
	{
		sed -e "s|^usr/lib/|usr/$L/|" -e "s|^usr/man/|usr/$M/|" \
			test/install-tree.expected
		for f in man/*.[1-9]; do
			echo "usr/$M/man${f##*.}/${f#man/}"
		done
	} | sort > "$tmp/want"
	diff -u "$tmp/want" "$tmp/got" || fail "installed tree differs from test/install-tree.expected"

	# The installed uring-info uses the installed liburing.so.2.
	LD_LIBRARY_PATH=$tmp/dest/usr/$L ldd "$tmp/dest/usr/bin/uring-info" |
		grep -q "liburing.so.2 => $tmp/dest/usr/$L/liburing.so.2" ||
		fail "the installed uring-info does not link liburing.so.2"

	# The CMake package is relocatable: found in the staging tree,
	# with every path inside it, it builds a program that runs there.
	if command -v cmake >/dev/null 2>&1; then
		cp -R test/consumers "$tmp/staged"
		cm=$tmp/staged/cmake
		(cmake -S "$cm" -B "$cm/b" -DCMAKE_PREFIX_PATH="$tmp/dest/usr" \
			>"$tmp/cmake.log" 2>&1 &&
		 cmake --build "$cm/b" >>"$tmp/cmake.log" 2>&1) ||
			{ cat "$tmp/cmake.log"; fail "cmake build (DESTDIR)"; }
		grep -q "$tmp/dest/usr/include" "$cm/b/CMakeFiles/app.dir/flags.make" ||
			fail "cmake (DESTDIR) did not use the staged headers"
		out=$(LD_LIBRARY_PATH=$tmp/dest/usr/$L "$cm/b/app") ||
			fail "run (cmake, DESTDIR)"
		[ "$out" = "ok 2.15" ] || fail "cmake (DESTDIR) program printed '$out'"
	fi
fi

make -s install prefix="$p" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make install"; }

for f in include/liburing.h include/liburing/io_uring.h \
	 include/liburing/barrier.h include/liburing/compat.h \
	 include/liburing/io_uring_version.h \
	 include/liburing/io_uring/query.h \
	 include/liburing/io_uring/bpf_filter.h \
	 $L/pkgconfig/liburing.pc $L/pkgconfig/liburing-ffi.pc \
	 $L/cmake/liburing/liburingConfig.cmake \
	 $L/cmake/liburing/liburingConfigVersion.cmake \
	 $M/man3/io_uring_register_sync_msg.3; do
	[ -e "$p/$f" ] || fail "missing $f"
done
if grep -q '^ENABLE_STATIC=yes' config-host.mak; then
	[ -f "$p/$L/liburing.a" ] && [ -f "$p/$L/liburing-ffi.a" ] ||
		fail "static libraries missing"
fi
if grep -q '^ENABLE_SHARED=yes' config-host.mak; then
	for l in liburing liburing-ffi; do
		[ "$(readlink "$p/$L/$l.so")" = "$l.so.2.15" ] ||
			fail "$l.so link"
		[ "$(readlink "$p/$L/$l.so.2")" = "$l.so.2.15" ] ||
			fail "$l.so.2 link"
		[ -f "$p/$L/$l.so.2.15" ] || fail "$l.so.2.15 missing"
	done
fi
# The installed headers must not depend on the build tree.
grep -rq '/work\|config-host' "$p/include" && fail "build paths in headers"


# A throwaway Makefile project using pkg-config (test/consumers/pkgconfig).
if command -v pkg-config >/dev/null 2>&1; then
	cp -R test/consumers "$tmp/consumers"
	make -s -C "$tmp/consumers/pkgconfig" \
		PKG_CONFIG_PATH="$p/$L/pkgconfig" >"$tmp/pc.log" 2>&1 ||
		{ cat "$tmp/pc.log"; fail "build with pkg-config"; }
	out=$(LD_LIBRARY_PATH=$p/$L "$tmp/consumers/pkgconfig/app") ||
		fail "run (pkg-config)"
	[ "$out" = "ok 2.15" ] || fail "pkg-config program printed '$out'"
else
	echo "note: no pkg-config, that part skipped"
fi

# A throwaway CMake project using find_package (test/consumers/cmake).
if command -v cmake >/dev/null 2>&1; then
	[ -d "$tmp/consumers" ] || cp -R test/consumers "$tmp/consumers"
	cm=$tmp/consumers/cmake
	(cmake -S "$cm" -B "$cm/b" -DCMAKE_PREFIX_PATH="$p" \
		>"$tmp/cmake.log" 2>&1 && cmake --build "$cm/b" >>"$tmp/cmake.log" 2>&1) ||
		{ cat "$tmp/cmake.log"; fail "cmake build"; }
	out=$(LD_LIBRARY_PATH=$p/$L "$cm/b/app") || fail "run (cmake)"
	[ "$out" = "ok 2.15" ] || fail "cmake program printed '$out'"
	# A newer major than installed must be refused.
	(cmake -S "$cm" -B "$cm/b2" -DCMAKE_PREFIX_PATH="$p" \
		-DLIBURING_WANT=3.0 >/dev/null 2>&1) &&
		fail "find_package(liburing 3.0) succeeded"
else
	echo "note: no cmake, that part skipped"
fi

make -s uninstall prefix="$p" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make uninstall"; }
left=$(find "$p" -type f -o -type l)
[ -z "$left" ] || fail "uninstall left: $left"
exit 0
