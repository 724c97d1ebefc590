#!/bin/sh
# Where the instructions of one operation go, per function, for one
# workload and variant measured by run.sh:
#
#   sh bench/profile.sh nop-1 ours
#
# Diffs callgrind_annotate of the N2 and N1 runs in build/callgrind/ and
# divides by N2 - N1, so setup and teardown drop out. Code inlined from a
# header is listed under the header's name and the function it landed in.
# BENCH_INCLUSIVE=yes counts callees into their callers.
set -u
cd "$(dirname "$0")"
[ $# -eq 2 ] || { echo "usage: $0 WORKLOAD VARIANT" >&2; exit 1; }
N1=${BENCH_CG_N1:-1024}
N2=${BENCH_CG_N2:-9216}
dir=build/callgrind
a=$dir/$1.$2.$N1.out
b=$dir/$1.$2.$N2.out
for f in "$a" "$b"; do
	[ -f "$f" ] || { echo "$f: missing; run make bench first" >&2; exit 1; }
done

per_function() {
	callgrind_annotate --inclusive="${BENCH_INCLUSIVE:-no}" --auto=no \
		--threshold=100 "$1" |
	awk '/^ *[0-9,]+ +\([ 0-9.]+%\) +[^ ]/ && !/PROGRAM TOTALS/ {
		n = $1; gsub(",", "", n)
		sub(/^ *[0-9,]+ +\([ 0-9.]+%\) +/, "")
		sub(/ \[.*\]$/, "")
		print n "\t" $0
	}'
}

{
	per_function "$a" | sed 's/^/a\t/'
	per_function "$b" | sed 's/^/b\t/'
} | awk -F'\t' -v n="$((N2 - N1))" '
	{ v[$3] += ($1 == "b" ? $2 : -$2) }
	END {
		for (f in v) {
			x = v[f] / n
			if (x >= 0.05 || x <= -0.05)
				printf "%8.2f  %s\n", x, f
			total += x
		}
		printf "%8.2f  (all functions)\n", total
	}' | sort -rn
