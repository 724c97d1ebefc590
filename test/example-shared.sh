#!/bin/sh
# Smoke-run examples/shared-reads: a thread pool reading a file through one
# shared ring must read every byte once (bytes, reads and the byte sum
# match the file) with any number of threads and depth, and an empty file.
set -u
fail() { echo "example-shared: $*"; exit 1; }

tmp=$(mktemp -d /tmp/liburing-ex-shared.XXXXXX) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT

# 1 MiB + 777 bytes: 17 blocks, a short last one.
size=1049353
head -c $size /dev/urandom > "$tmp/src" || fail "make input"
: > "$tmp/empty"
sum=$(od -An -v -tu1 "$tmp/src" | awk '{ for (i = 1; i <= NF; i++) s += $i } END { printf "%d", s }')

for opts in "" "-t 1" "-t 8 -d 1" "-t 3 -d 4"; do
	out=$(./examples/shared-reads $opts "$tmp/src" 2>&1) ||
		fail "$opts: exit $?: $out"
	case $out in
	"shared-reads: $size bytes in 17 reads by "*" threads, sum $sum, "*) ;;
	*) fail "$opts: unexpected output: $out (want $size bytes, sum $sum)" ;;
	esac
done
out=$(./examples/shared-reads "$tmp/empty" 2>&1) || fail "empty: exit $?: $out"
case $out in
"shared-reads: 0 bytes in 0 reads by 4 threads, sum 0, "*) ;;
*) fail "empty: unexpected output: $out" ;;
esac
out=$(./examples/shared-reads "$tmp/missing" 2>&1) && fail "missing file: exit 0"
exit 0
