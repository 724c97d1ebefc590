#!/bin/sh
# Real programs from Debian, linked against the system's liburing.so.2,
# run on ours through LD_LIBRARY_PATH: qemu-io (qemu-utils) doing I/O with
# its io_uring backend, and plocate searching a database it reads with
# io_uring. Their output must be right, and the dynamic loader must have
# initialised our library, not the system's.
#
# .ci/run installs qemu-utils and plocate; a program that is not there is
# skipped (exit 77 only if neither is).
set -u
fail() { echo "debian-programs: $*"; exit 1; }

ours=$(pwd)/src
[ -f "$ours/liburing.so.2" ] || { echo "skip: no shared library built"; exit 77; }
tmp=$(mktemp -d /tmp/liburing-debian.XXXXXX) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
ran=0

# "calling init: <path>" in LD_DEBUG's output names the library that ran.
loaded_ours() {
	grep -q "calling init: $ours/liburing.so.2" "$1"
}

if command -v qemu-io >/dev/null 2>&1 && command -v qemu-img >/dev/null 2>&1; then
	qemu-img create -q -f raw "$tmp/disk.img" 1M || fail "qemu-img create"
	LD_DEBUG=libs LD_DEBUG_OUTPUT=$tmp/qemu.ld LD_LIBRARY_PATH=$ours \
		qemu-io -i io_uring -f raw \
		-c 'write -P 0xab 0 64k' -c 'read -P 0xab 0 64k' \
		-c 'write -P 0x5c 128k 4k' -c 'read -P 0x5c 128k 4k' \
		-c 'read -P 0x00 64k 64k' "$tmp/disk.img" >"$tmp/qemu.out" 2>&1 ||
		{ cat "$tmp/qemu.out"; fail "qemu-io failed on our library"; }
	cat "$tmp/qemu.out"
	grep -q "Pattern verification failed" "$tmp/qemu.out" &&
		fail "qemu-io read back the wrong data"
	[ "$(grep -c '^read ' "$tmp/qemu.out")" -eq 3 ] || fail "qemu-io reads"
	[ "$(grep -c '^wrote ' "$tmp/qemu.out")" -eq 2 ] || fail "qemu-io writes"
	cat "$tmp"/qemu.ld.* > "$tmp/qemu.ldall"
	loaded_ours "$tmp/qemu.ldall" || fail "qemu-io did not load our library"
	# The bytes really are on disk, written through our rings.
	[ "$(od -An -tx1 -j 0 -N 2 "$tmp/disk.img" | tr -d ' ')" = abab ] ||
		fail "disk content"
	ran=$((ran + 1))
else
	echo "note: qemu-io not installed"
fi

if command -v plocate >/dev/null 2>&1 && command -v updatedb >/dev/null 2>&1; then
	mkdir -p "$tmp/tree/a" "$tmp/tree/b"
	touch "$tmp/tree/a/needle-one.txt" "$tmp/tree/b/needle-two.txt" \
		"$tmp/tree/b/haystack.txt"
	updatedb -l 0 -o "$tmp/db" -U "$tmp/tree" || fail "updatedb"
	# plocate is setgid: the loader ignores LD_LIBRARY_PATH for it, so
	# run a plain copy.
	cp "$(command -v plocate)" "$tmp/plocate"
	LD_DEBUG=libs LD_DEBUG_OUTPUT=$tmp/plocate.ld LD_LIBRARY_PATH=$ours \
		"$tmp/plocate" -d "$tmp/db" needle >"$tmp/plocate.out" 2>&1 ||
		{ cat "$tmp/plocate.out"; fail "plocate failed on our library"; }
	cat "$tmp/plocate.out"
	printf '%s\n%s\n' "$tmp/tree/a/needle-one.txt" "$tmp/tree/b/needle-two.txt" \
		> "$tmp/plocate.want"
	sort "$tmp/plocate.out" | cmp -s - "$tmp/plocate.want" ||
		fail "plocate found the wrong files"
	cat "$tmp"/plocate.ld.* > "$tmp/plocate.ldall"
	loaded_ours "$tmp/plocate.ldall" || fail "plocate did not load our library"
	ran=$((ran + 1))
else
	echo "note: plocate not installed"
fi

[ "$ran" -gt 0 ] || { echo "skip: neither qemu-utils nor plocate is installed"; exit 77; }
exit 0
