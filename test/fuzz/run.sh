#!/bin/sh
# Build the libFuzzer harnesses (clang, -fsanitize=fuzzer,address,undefined)
# into build/fuzz/ and run each for FUZZ_SECONDS (default 60), starting
# from its seed corpus in test/fuzz/corpus/NAME/. New inputs go to
# build/fuzz/corpus/NAME/; a finding leaves build/fuzz/crash-* behind and
# makes this script fail.
#
#   sh test/fuzz/run.sh [NAME...]     (default: every harness)
set -eu
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
out=build/fuzz

if ! command -v clang >/dev/null 2>&1 ||
   ! clang -print-file-name=libclang_rt.fuzzer-x86_64.a | grep -q /; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "fuzz: installing clang and libclang-rt-14-dev"
		apt-get update -qq >/dev/null 2>&1 || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang \
			libclang-rt-14-dev >/dev/null 2>&1 || true
	fi
fi
command -v clang >/dev/null 2>&1 || { echo "fuzz: clang is missing" >&2; exit 1; }
[ -f include/liburing/io_uring_version.h ] || ./configure >/dev/null

san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE -Iinclude -Wall -Wextra \
-Werror -Wno-unused-parameter"
mkdir -p "$out/lib"
objs=
for src in src/*.c src/ext/*.c; do
	case $src in src/ffi.c|src/ext/ext-ffi.c) continue ;; esac
	obj=$out/lib/$(basename "$src" .c).o
	# shellcheck disable=SC2086
	clang $cflags $san -fsanitize=fuzzer-no-link -DLIBURING_INTERNAL \
		-Isrc -c -o "$obj" "$src"
	objs="$objs $obj"
done

if [ $# -eq 0 ]; then
	set --
	for h in test/fuzz/*.c; do
		case $h in test/fuzz/common.c|test/fuzz/replay.c) continue ;; esac
		set -- "$@" "$(basename "$h" .c)"
	done
fi

failed=
for name in "$@"; do
	# shellcheck disable=SC2086
	clang $cflags $san -fsanitize=fuzzer -Itest/fuzz -o "$out/$name" \
		"test/fuzz/$name.c" test/fuzz/common.c $objs
	mkdir -p "$out/corpus/$name" "test/fuzz/corpus/$name"
	echo "fuzz: $name for ${seconds}s"
	# One input may not take 10 s; the whole process not 4 GiB.
	if "./$out/$name" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix="$out/$name-" \
		"$out/corpus/$name" "test/fuzz/corpus/$name" \
		>"$out/$name.log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^Done' \
			"$out/$name.log" | sed "s/^/fuzz: $name: /"
	else
		failed="$failed $name"
		echo "fuzz: $name FAILED, log: $out/$name.log"
		grep -E -A12 'ERROR|fuzz finding|Test unit written' \
			"$out/$name.log" | head -40
	fi
done

if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
echo "fuzz: all harnesses ran ${seconds}s without a finding"
