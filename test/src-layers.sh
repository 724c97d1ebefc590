#!/bin/sh
# The library's files form layers: no two files of src/ depend on each
# other, directly or around a loop. A file depends on another when its
# object calls a function the other defines (nm), so this sees what the
# code does, not what it includes. tsort(1) reports any loop.
#
# Exit 0 pass, 1 fail, 77 skip (as the C tests).
set -u
fail() { echo "src-layers: $*"; exit 1; }

command -v nm >/dev/null 2>&1 || { echo "skip: nm (binutils) is missing"; exit 77; }
command -v tsort >/dev/null 2>&1 || { echo "skip: tsort is missing"; exit 77; }

objs=$(ls src/*.o src/ext/*.o 2>/dev/null | grep -v '^src/ffi\.o$' |
	grep -v '/ext-ffi\.o$')
[ -n "$objs" ] || { echo "skip: the library is not built"; exit 77; }

tmp=$(mktemp -d /tmp/liburing-layers.XXXXXX) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT

for o in $objs; do
	nm --defined-only -g "$o" | awk -v o="$o" 'NF == 3 { print $3, o }'
done | sort > "$tmp/defs"
for o in $objs; do
	nm -u "$o" | awk -v o="$o" '{ print $NF, o }'
done | sort > "$tmp/uses"

# "user definer" for every call that stays inside the library.
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3 }' |
	sort -u > "$tmp/edges"
# Every object is a node, even one that calls nothing of ours.
for o in $objs; do echo "$o $o"; done >> "$tmp/edges"

if ! tsort "$tmp/edges" > /dev/null 2> "$tmp/err"; then
	cat "$tmp/err"
	fail "the files of src/ depend on each other in a loop"
fi
echo "src-layers: $(echo "$objs" | wc -w) objects, $(awk '$1 != $2' \
	"$tmp/edges" | wc -l) dependencies, no loop"
