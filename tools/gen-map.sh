#!/bin/sh
# Write a GNU ld version script for one library ("liburing" or
# "liburing-ffi"): the nodes of docs/api/symbol-versions.tsv (the measured
# facts of liburing 2.15, and the LIBURING_2.16 node that follows it), then
# our extension nodes LIBURING_EXT_1 and LIBURING_EXT_2 with every uringx_*
# function declared in include/liburing/ext.h (liburing-ffi also
# gets the URINGX_INLINE helpers, which src/ext/ext-ffi.c compiles).
# Rerun after either changes and commit the result:
#
#   sh tools/gen-map.sh liburing > src/liburing.map
#   sh tools/gen-map.sh liburing-ffi > src/liburing-ffi.map
#
# test/map-current.sh fails when a committed map is out of date.
set -e
lib=$1
case $lib in
liburing|liburing-ffi) ;;
*) echo "usage: sh tools/gen-map.sh liburing|liburing-ffi" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."

awk -F'\t' -v lib="$lib" '
NR == 1 { next }
$1 != lib { next }
{
	if ($2 != cur) {
		if (cur != "") close_node()
		cur = $2; parent = $3; nsyms = 0; haslocal = 0
		printf "%s {\n", cur
		opened = 1
	}
	if ($4 == "global") {
		if (nsyms++ == 0) printf "\tglobal:\n"
		printf "\t\t%s;\n", $5
	} else if ($4 == "local") {
		haslocal = 1
	}
}
function close_node() {
	if (haslocal) printf "\tlocal:\n\t\t*;\n"
	if (parent == "-") printf "};\n\n"
	else printf "} %s;\n\n", parent
}
END { close_node() }
' docs/api/symbol-versions.tsv

# A declaration starts in column 0 (comment lines start with "/*" or " *")
# and names its function right before the opening parenthesis.
last=$(awk -F'\t' -v lib="$lib" '$1 == lib { node = $2 } END { print node }' \
	docs/api/symbol-versions.tsv)
# The declarations after the comment line " * LIBURING_EXT_2:" go to that
# node, whose parent is LIBURING_EXT_1.
printf '\nLIBURING_EXT_1 {\n\tglobal:\n'
awk -v lib="$lib" -v last="$last" '
/^ \* LIBURING_EXT_2:/ {
	printf "} %s;\n\nLIBURING_EXT_2 {\n\tglobal:\n", last
	last = "LIBURING_EXT_1"
	next
}
/^[A-Za-z_]/ && match($0, /uringx_[a-z0-9_]*\(/) {
	if ($1 == "URINGX_INLINE" && lib != "liburing-ffi")
		next
	printf "\t\t%s;\n", substr($0, RSTART, RLENGTH - 1)
}
END { printf "} %s;\n", last }
' include/liburing/ext.h
