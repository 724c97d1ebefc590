#!/bin/sh
# Install the packages dpkg-buildpackage built in a throwaway Debian
# bookworm chroot, in place of Debian's liburing2 and liburing-dev, and run
# a Debian program that uses liburing there: qemu-io with its io_uring
# backend, through the system loader (no LD_LIBRARY_PATH). It must do
# its I/O and have loaded our liburing.so.2, which is told apart from
# Debian's by our own version node LIBURING_EXT_1.
#
#   sh debian/chroot-check.sh DEBDIR [ROOT]
#
# DEBDIR holds the liburing2, liburing-ffi2, liburing-dev and uring-info
# .debs; ROOT (default /tmp/liburing-chroot) is made with debootstrap
# from MIRROR (default http://deb.debian.org/debian) when it has no
# qemu-io yet. Needs root.
set -eu
debs=$(cd "${1:?usage: chroot-check.sh DEBDIR [ROOT]}" && pwd)
root=${2:-/tmp/liburing-chroot}
mirror=${MIRROR:-http://deb.debian.org/debian}
fail() { echo "chroot-check: $*"; exit 1; }

if [ ! -x "$root/usr/bin/qemu-io" ]; then
	debootstrap --variant=minbase \
		--include=qemu-utils,libc6-dev,liburing-dev \
		bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
		fail "debootstrap failed (see $root.log)"
fi
mount -t proc proc "$root/proc"
trap 'umount "$root/proc"' EXIT

mkdir -p "$root/tmp/debs"
cp "$debs"/liburing2_*.deb "$debs"/liburing-ffi2_*.deb \
	"$debs"/liburing-dev_*.deb "$debs"/uring-info_*.deb "$root/tmp/debs/"
echo "before: $(chroot "$root" dpkg-query -W liburing2 liburing-dev | tr '\n' ' ')"
# liburing2 first: liburing-ffi2 Breaks the liburing2 it takes
# liburing-ffi.so.2 from, so that one must already be replaced (apt
# orders this by itself; dpkg -i takes the order given).
chroot "$root" sh -c 'cd /tmp/debs && dpkg -i liburing2_*.deb \
	liburing-ffi2_*.deb liburing-dev_*.deb uring-info_*.deb' \
	>"$root/tmp/dpkg.log" 2>&1 ||
	{ cat "$root/tmp/dpkg.log"; fail "dpkg -i failed"; }
rm -rf "$root/tmp/debs"
echo "after: $(chroot "$root" dpkg-query -W liburing2 liburing-ffi2 liburing-dev uring-info | tr '\n' ' ')"

chroot "$root" sh -c '
	set -e
	cd /tmp
	rm -f disk.img qemu.ld.*
	qemu-img create -q -f raw disk.img 1M
	LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/qemu.ld qemu-io -f raw \
		--aio io_uring -c "write -P 0x5a 0 4k" -c "read -P 0x5a 0 4k" \
		-c "read -P 0 4k 4k" disk.img' >"$root/tmp/qemu.out" 2>&1 ||
	{ cat "$root/tmp/qemu.out"; fail "qemu-io failed"; }
cat "$root/tmp/qemu.out"
grep -q "Pattern verification failed" "$root/tmp/qemu.out" &&
	fail "qemu-io read back the wrong data"
[ "$(grep -c '^read ' "$root/tmp/qemu.out")" -eq 2 ] || fail "qemu-io reads"

# The library the loader initialised, and whose package it is.
lib=$(sed -n 's/.*calling init: \(.*liburing\.so\.2\)$/\1/p' \
	"$root"/tmp/qemu.ld.* | head -n 1)
[ -n "$lib" ] || fail "qemu-io did not load liburing.so.2"
real=$(chroot "$root" readlink -f "$lib")
owner=$(chroot "$root" dpkg -S "$real")
echo "qemu-io loaded $lib -> $real ($owner)"
readelf --dyn-syms -W "$root$real" | grep -q 'uringx_get_caps@@LIBURING_EXT_1' ||
	fail "$real is not ours: no uringx_get_caps@@LIBURING_EXT_1"
echo "chroot-check: qemu-io ran on our liburing.so.2 (LIBURING_EXT_1 present)"
