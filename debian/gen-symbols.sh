#!/bin/sh
# Write debian/liburing2.symbols and debian/liburing-ffi2.symbols from the
# version scripts src/liburing.map and src/liburing-ffi.map: every global
# symbol at its node. A symbol of upstream's node LIBURING_2.N needs 2.N;
# those of LIBURING_2.16 (after 2.15) and of our LIBURING_EXT_1 exist only
# in these packages, so they need this package's version. Rerun after a
# map changes; dpkg-gensymbols -c4 (debian/rules) fails the build when a
# symbols file is out of date.
#
#   sh debian/gen-symbols.sh
set -e
cd "$(dirname "$0")/.."
ours=$(dpkg-parsechangelog -S Version)

gen() {
	soname=$1 pkg=$2 map=$3
	printf '%s %s #MINVER#\n' "$soname" "$pkg"
	printf '* Build-Depends-Package: liburing-dev\n'
	awk -v ours="$ours" '
	/^[A-Z_0-9.]+ \{/ { node = $1; nodes[node] = 1; next }
	/^\t\t[A-Za-z_][A-Za-z0-9_]*;/ {
		s = $1; sub(/;$/, "", s); print s "@" node
	}
	END { for (n in nodes) print n "@" n }
	' "$map" | sort -u | while IFS=@ read -r sym node; do
		case $node in
		LIBURING_2.16|LIBURING_EXT_*) min=$ours ;;
		LIBURING_*) min=${node#LIBURING_} ;;
		esac
		printf ' %s@%s %s\n' "$sym" "$node" "$min"
	done
}
gen liburing.so.2 liburing2 src/liburing.map > debian/liburing2.symbols
gen liburing-ffi.so.2 liburing-ffi2 src/liburing-ffi.map \
	> debian/liburing-ffi2.symbols
