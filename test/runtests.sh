#!/bin/sh
# Run each test program given on the command line with a time limit, print
# one line per test, and finish with "N passed, N failed, N skipped".
# Exit status: 0 when nothing failed.
#
# TEST_TIMEOUT (seconds, default 120) bounds each program.
# TEST_WRAPPER, when set, is a command each program runs under (valgrind).

timeout_s=${TEST_TIMEOUT:-120}
hang_log=${TMPDIR:-/tmp}/runtests.hang.$$

# Where a program that is about to time out is stuck: each of its threads'
# state, kernel stack (root only) and signal masks, into $hang_log. It
# runs in the background while $hang_flag exists (the runner removes it
# when the test ends), looking once a second, and dumps two seconds before
# timeout(1) would kill the test. No process is left behind for more than
# a second. Programs are found by their command name (a script's is "sh":
# none).
hang_base=${TMPDIR:-/tmp}/runtests.running.$$
hang_flag=
hang_watch() { # program
	comm=$(basename "$1" | cut -c 1-15)
	n=2
	while [ "$n" -lt "$timeout_s" ]; do
		sleep 1
		[ -e "$hang_flag" ] || return 0
		n=$((n + 1))
	done
	for d in /proc/[0-9]*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = "$comm" ] || continue
		for t in "$d"/task/*; do
			echo "thread ${t##*/} of ${d#/proc/}:" \
				"wchan $(cat "$t/wchan" 2>/dev/null)"
			grep -E '^(State|SigPnd|ShdPnd|SigBlk):' "$t/status" \
				2>/dev/null
			cat "$t/stack" 2>/dev/null
		done
	done > "$hang_log"
}

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
	rm -f "$hang_log"
	watcher=
	case $t in
	*.sh) ;;
	*)
		hang_flag=$hang_base.$((pass + fail + skip))
		: > "$hang_flag"
		hang_watch "$t" >/dev/null 2>&1 &
		watcher=$! ;;
	esac
	# shellcheck disable=SC2086
	out=$(timeout -k 5 "$timeout_s" ${TEST_WRAPPER:-} $run 2>&1)
	rc=$?
	# After a timeout, the watcher has dumped (or is about to): wait.
	case $rc in 124|137) [ -n "$watcher" ] && wait "$watcher" ;; esac
	[ -n "$hang_flag" ] && rm -f "$hang_flag"
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
		printf 'FAIL  %s: timed out after %ss\n' "$name" "$timeout_s"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      /'
		[ -s "$hang_log" ] && sed 's/^/      /' "$hang_log"
		rm -f "$hang_log" ;;
	*)
		fail=$((fail + 1)); failed="$failed $name"
		printf 'FAIL  %s (exit %s)\n' "$name" "$rc"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/      /' ;;
	esac
done

[ -n "$failed" ] && printf 'failed:%s\n' "$failed"
printf '%d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ]
