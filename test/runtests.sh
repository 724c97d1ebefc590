#!/bin/sh
# Run each test program given on the command line with a time limit, print
# one line per test, and finish with "N passed, N failed, N skipped".
# Exit status: 0 when nothing failed.
#
# TEST_TIMEOUT (seconds, default 120) bounds each program.
# TEST_WRAPPER, when set, is a command each program runs under (valgrind).

timeout_s=${TEST_TIMEOUT:-120}
pass=0
fail=0
skip=0
failed=

for t in "$@"; do
	name=${t#test/}
	name=${name%.t}
	name=${name%.sh}
	case $t in
	*.sh) run="sh ./$t" ;;
	*) run="./$t" ;;
	esac
	# shellcheck disable=SC2086
	out=$(timeout -k 5 "$timeout_s" ${TEST_WRAPPER:-} $run 2>&1)
	rc=$?
	last=$(printf '%s\n' "$out" | tail -n 1)
	case $rc in
	0)
		pass=$((pass + 1))
		printf 'PASS  %s\n' "$name" ;;
	77)
		skip=$((skip + 1))
		printf 'SKIP  %s: %s\n' "$name" "$last" ;;
	124|137)
		fail=$((fail + 1)); failed="$failed $name"
		printf 'FAIL  %s: timed out after %ss\n' "$name" "$timeout_s" ;;
	*)
		fail=$((fail + 1)); failed="$failed $name"
		printf 'FAIL  %s (exit %s)\n' "$name" "$rc"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      /' ;;
	esac
done

[ -n "$failed" ] && printf 'failed:%s\n' "$failed"
printf '%d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ]
