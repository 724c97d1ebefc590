#!/bin/sh
# The committed version scripts are what tools/gen-map.sh makes of
# docs/api/symbol-versions.tsv and include/liburing/ext.h: an extension
# function (or a liburing-ffi copy of an extension inline) added to the
# header without rerunning it would not be exported.
#
# Exit 0 pass, 1 fail (as the C tests).
set -u
for lib in liburing liburing-ffi; do
	want=$(sh tools/gen-map.sh "$lib") ||
		{ echo "map-current: tools/gen-map.sh $lib failed"; exit 1; }
	if [ "$want" != "$(cat "src/$lib.map")" ]; then
		printf '%s\n' "$want" | diff -u "src/$lib.map" - | head -20
		echo "map-current: src/$lib.map is stale: sh tools/gen-map.sh $lib > src/$lib.map"
		exit 1
	fi
done
