#!/bin/sh
# Smoke-run the file examples on a small file: the copies must be
# byte-identical and say how many bytes they moved; digest must print
# exactly what cksum(1) prints, at several depths and with SQPOLL.
set -u
fail() { echo "example-files: $*"; exit 1; }

tmp=$(mktemp -d /tmp/liburing-ex-files.XXXXXX) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT

# 300 KiB + 123 bytes: several blocks and a short last one.
head -c 307323 /dev/urandom > "$tmp/src" || fail "make input"
: > "$tmp/empty"
size=307323

for ex in io-copy link-copy fixed-copy; do
	for f in src empty; do
		out=$(./examples/$ex "$tmp/$f" "$tmp/$f.$ex" 2>&1) ||
			fail "$ex $f: exit $?: $out"
		cmp -s "$tmp/$f" "$tmp/$f.$ex" || fail "$ex $f: copy differs"
		want=$size
		[ $f = empty ] && want=0
		case $out in
		"copied $want bytes "*) ;;
		*) fail "$ex $f: unexpected output: $out" ;;
		esac
	done
done

# link-copy: one chain per 64 KiB block, none retried on a regular file.
out=$(./examples/link-copy "$tmp/src" "$tmp/dst") || fail "link-copy"
case $out in
*"with 5 linked read->write chains (0 retried)") ;;
*) fail "link-copy: unexpected output: $out" ;;
esac

for f in src empty; do
	want=$(cksum < "$tmp/$f" | cut -d' ' -f1,2)
	for opts in "" "-d 1" "-d 3" "--sqpoll" "--sqpoll -d 16"; do
		out=$(./examples/digest $opts "$tmp/$f" 2>&1) ||
			fail "digest $opts $f: exit $?: $out"
		[ "$out" = "$want $tmp/$f" ] ||
			fail "digest $opts $f: got '$out', cksum says '$want'"
	done
done

# Errors are reported, not ignored.
out=$(./examples/io-copy "$tmp/missing" "$tmp/x" 2>&1) &&
	fail "io-copy of a missing file succeeded"
case $out in
*"No such file or directory"*) ;;
*) fail "io-copy missing file: unexpected message: $out" ;;
esac
exit 0
