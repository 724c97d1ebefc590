#!/bin/sh
# Write a GNU ld version script for one library ("liburing" or
# "liburing-ffi") from docs/api/symbol-versions.tsv, the measured facts of
# liburing 2.15 plus the LIBURING_2.16 node. Used once to create src/*.map; rerun after the table
# changes and commit the result.
set -e
lib=$1
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
