#!/bin/sh
# make abi-check: abidiff (Debian's abigail-tools) between Debian's
# liburing 2.15-1 (unstable, fetched by test/peer/run.sh --fetch into
# build/peer-2.15) and our src/liburing.so.2 and src/liburing-ffi.so.2.
#
# Debian's libraries carry no DWARF (it is in the -dbgsym packages of
# another archive), so what is compared is the ELF symbol table with its
# versions: no symbol may be removed or change its version node, and every
# symbol we add must be at one of our own nodes, LIBURING_2.16,
# LIBURING_EXT_1 or LIBURING_EXT_2. Types are not compared here; test/abi-layout and
# test/proto-check compare them with the measured 2.15 tables.
#
# Exit 0 clean, 1 a removed/changed symbol or an addition elsewhere,
# 2 no abidiff or no 2.15 libraries.
set -u
cd "$(dirname "$0")/.."
ours_nodes='LIBURING_2.16|LIBURING_EXT_1|LIBURING_EXT_2'

command -v abidiff >/dev/null 2>&1 ||
	{ echo "abi-check: abidiff missing (apt-get install abigail-tools)"; exit 2; }
sh test/peer/run.sh --fetch || exit 2
theirs=$(cat build/peer-2.15/stamp)
tmp=$(mktemp -d /tmp/liburing-abi.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT

rc=0
for lib in liburing.so.2 liburing-ffi.so.2; do
	[ -f "src/$lib" ] || { echo "abi-check: src/$lib not built"; exit 2; }
	abidiff --no-show-locs "$theirs/$lib" "src/$lib" > "$tmp/out" 2>&1
	st=$?
	# abidiff's status: bit 1 error, 2 usage, 4 change, 8 incompatible.
	bad=
	[ $((st & 3)) -eq 0 ] || bad="abidiff failed (status $st)"
	[ $((st & 8)) -eq 0 ] || bad="incompatible change"
	grep -E '[1-9][0-9]* (Removed|Changed)' "$tmp/out" >/dev/null &&
		bad="symbols removed or changed"
	# Every symbol abidiff names is a change; it must be ours.
	grep -oE '[A-Za-z_][A-Za-z0-9_]*@@?[A-Z0-9_.]+' "$tmp/out" | sort -u \
		> "$tmp/named"
	grep -vE "@@?($ours_nodes)\$" "$tmp/named" > "$tmp/foreign"
	[ -s "$tmp/foreign" ] &&
		bad="changes outside $ours_nodes: $(tr '\n' ' ' < "$tmp/foreign")"
	added=$(grep -cE "@@?($ours_nodes)\$" "$tmp/named")
	if [ -n "$bad" ]; then
		cat "$tmp/out"
		echo "abi-check: $lib: $bad"
		rc=1
	else
		echo "abi-check: $lib: no symbol removed or changed against" \
			"2.15-1; $added added at our nodes"
	fi
done
exit $rc
