#!/bin/sh
# Smoke-run the event-loop examples (timers, thread pool, ring-to-ring
# messages, poll and epoll loops, batched waits, the NOP benchmark) on
# tiny workloads and check what they print. An example that reports
# "needs Linux X.Y" (its feature is missing from this kernel) is skipped,
# and the whole test then exits 77 naming it, after running the others.
set -u
fail() { echo "example-events: $*"; exit 1; }
skipped=

# run NAME ARGS...: run examples/NAME with a time limit into $out;
# returns 1 (and notes the skip) when the kernel lacks the feature.
run() {
	name=$1
	shift
	out=$(timeout -k 2 20 ./examples/$name "$@" 2>&1)
	rc=$?
	case $out in
	*"needs Linux"*)
		[ $rc -ne 0 ] && { skipped="$skipped $name"; echo "$out"; return 1; } ;;
	esac
	[ $rc -eq 0 ] || fail "$name $*: exit $rc: $out"
	return 0
}

# has LINE: the output has exactly this line.
has() {
	printf '%s\n' "$out" | grep -qxF -- "$1" ||
		fail "$name: no line '$1' in: $out"
}

# has_re REGEX: some line of the output matches (grep -E, whole line).
has_re() {
	printf '%s\n' "$out" | grep -qxE -- "$1" ||
		fail "$name: no line matching '$1' in: $out"
}

if run sync-msg; then
	has "res=42 user_data=0xfeed flags=0x0"
fi

if run timer-wheel; then
	for line in "heartbeat: tick 1 of 5" "heartbeat: tick 5 of 5 (last)" \
		"deadline: updated" \
		"deadline: fired (moved from 10000 ms to 30 ms)" \
		"doomed timer: removed" "doomed timer: cancelled" \
		"read of empty pipe: cancelled by its timeout" \
		"read of empty pipe: linked timeout expired" \
		'read of full pipe: got "ready"' \
		"read of full pipe: linked timeout cancelled"; do
		has_re "\[ *[0-9]+ ms\] $(printf '%s' "$line" | sed 's/[][().]/\\&/g')"
	done
	# The moved deadline fired long before its original 10 s.
	has_re "timer-wheel: 13 events in [0-9]{1,4} ms"
fi

if run thread-pool 3 8; then
	has "thread-pool: 8 jobs done by 3 workers"
	has "job  0: 1229 primes below 10000"
	has "job  7: 7837 primes below 80000"
	n=$(printf '%s\n' "$out" | grep -cE '^job +[0-7]: [0-9]+ primes below')
	[ "$n" -eq 8 ] || fail "thread-pool: $n job lines, want 8: $out"
fi

if run msg-ring 50; then
	has "msg-ring: 50 round trips, counter reached 99"
	has "msg-ring: passed a file to B, read back \"written by B through A's file\""
fi

if run poll-loop 3 30; then
	for p in 0 1 2; do
		has "pipe $p: 10 messages, then end of file"
	done
	has_re "poll-loop: 30 messages from 3 pipes in [0-9]+ poll events"
fi

if run epoll-bridge; then
	has_re "wait 1: 2 ready: eventfd(0 eventfd2|2 eventfd0)"
	has "wait 2: 1 ready: eventfd1"
	has_re "wait 3: 3 ready:( eventfd[012]){3}"
	has "wait 4 (started before the write): 1 ready: eventfd1"
	has "epoll-bridge: 7 events in 4 waits"
fi

if run min-wait; then
	# Woken by min_wait with the fast requests, not after all four.
	has_re "min_timeout: woke after [0-9]+ ms with [123] of 4 completions, all 4 after [0-9]+ ms"
	case $out in
	*"registered wait region unavailable"*) ;;
	*) has_re "wait region: woke after [0-9]+ ms with [123] of 4 completions, all 4 after [0-9]+ ms" ;;
	esac
fi

if run nop-bench 0.3 16; then
	has_re "nop-bench: [1-9][0-9]* nops in [0-9]+\.[0-9]{2} s, batch 16: [0-9.]+ M/s, [0-9]+ ns each"
	case $out in
	*" M/s"*" M/s"*) ;;		# the progress line too
	*) fail "nop-bench: no progress line: $out" ;;
	esac
fi

if [ -n "$skipped" ]; then
	echo "kernel lacks the feature of:$skipped"
	exit 77
fi
exit 0
