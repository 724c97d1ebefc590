#!/bin/sh
# Static-only and shared-only builds (configure --disable-shared /
# --disable-static) build, link a program, and install only their kind.
set -u
fail() { echo "build-variants: $*"; exit 1; }

tmp=$(mktemp -d /tmp/liburing-variants.XXXXXX) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT

for variant in static shared; do
	d=$tmp/$variant
	mkdir -p "$d"
	cp -R configure Makefile VERSION liburing.pc.in liburing-ffi.pc.in \
		cmake src include tools "$d/" || fail "copy"
	mkdir -p "$d/test" "$d/examples" "$d/man"
	(cd "$d" && make -s distclean >/dev/null 2>&1
	 if [ $variant = static ]; then opt=--disable-shared; else opt=--disable-static; fi
	 ./configure $opt >/dev/null && make -s lib >"$tmp/$variant.log" 2>&1) ||
		{ cat "$tmp/$variant.log"; fail "$variant build"; }
	(cd "$d" && make -s install DESTDIR="$d/root" >>"$tmp/$variant.log" 2>&1) ||
		{ cat "$tmp/$variant.log"; fail "$variant install"; }
	so=$(find "$d/root" -name 'liburing*.so*' | wc -l)
	a=$(find "$d/root" -name 'liburing*.a' | wc -l)
	if [ $variant = static ]; then
		[ "$so" -eq 0 ] && [ "$a" -eq 2 ] || fail "static: $so .so, $a .a"
		lib="$d/src/liburing.a"
		# liburing.a is position-independent: it links into a .so.
		printf '#include <liburing.h>\nint f(struct io_uring *r) { return io_uring_submit(r); }\n' > "$tmp/so.c"
		cc -shared -fPIC -I"$d/include" -o "$tmp/so.so" "$tmp/so.c" \
			"$d/src/liburing.a" -Wl,-z,defs || fail "liburing.a is not PIC"
	else
		[ "$a" -eq 0 ] && [ "$so" -eq 6 ] || fail "shared: $so .so, $a .a"
		lib="-L$d/src -luring"
	fi
	printf '#include <liburing.h>\nint main(void) { struct io_uring r; if (io_uring_queue_init(2, &r, 0)) return 1; io_uring_queue_exit(&r); return 0; }\n' > "$tmp/p.c"
	# shellcheck disable=SC2086
	cc -I"$d/include" -o "$tmp/p" "$tmp/p.c" $lib || fail "$variant link"
	LD_LIBRARY_PATH=$d/src "$tmp/p" || fail "$variant run"
done
exit 0
