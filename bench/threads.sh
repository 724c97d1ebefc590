#!/bin/sh
# The threads workload (bench/threads.c), run by run.sh after the others:
# 1, 2 and 4 threads submitting NOPs through the uringx_shared layer, each
# with its own ring, and through one ring behind a plain mutex: at batch 1
# and 16 waiting for each batch (depth 1), and at batch 1 with 8 requests
# in flight per thread, each submitted on its own call (depth 8). Prints a markdown section for results.md on stdout, progress on
# stderr. Per operation: ns = median of BENCH_RUNS timed runs (the modes
# interleaved); Ir = user-space instructions of all threads under callgrind,
# (Ir(N2) - Ir(N1)) / (N2 - N1); the shared layer's enters per operation.
#
# Environment: BENCH_RUNS (default 11), BENCH_THREADS_OPS (default 200000
# per timed run), BENCH_TASKSET as in run.sh.
set -u
cd "$(dirname "$0")"
B=build
prog=$B/threads.ours
RUNS=${BENCH_RUNS:-11}
OPS=${BENCH_THREADS_OPS:-200000}
N1=4000
N2=20000
[ -x "$prog" ] || { echo "bench: threads: $prog not built" >&2; exit 1; }
pin=
if [ -n "${BENCH_TASKSET:-}" ] && command -v taskset >/dev/null 2>&1; then
	pin="taskset -c $BENCH_TASKSET"
fi

median() {
	tr ' ' '\n' | grep -v '^$' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Ir per operation, or "-" when callgrind is missing or the run failed.
irs() { # mode threads batch depth
	command -v valgrind >/dev/null 2>&1 || { echo -; return; }
	for n in $N1 $N2; do
		timeout 300 valgrind --tool=callgrind \
			--callgrind-out-file="$B/threads.cg.$n.out" \
			"$prog" "$1" "$2" "$n" "$3" "$4" >/dev/null 2>&1 ||
			{ echo -; return; }
	done
	a=$(awk '/^summary:/ { print $2 }' "$B/threads.cg.$N1.out")
	b=$(awk '/^summary:/ { print $2 }' "$B/threads.cg.$N2.out")
	awk -v a="$a" -v b="$b" -v n1=$N1 -v n2=$N2 \
		'BEGIN { printf "%.0f\n", (b - a) / (n2 - n1) }'
}

echo
echo "## Threads: one shared ring vs a ring per thread vs a mutex"
echo
echo "bench/threads.c, $OPS NOPs per timed run split over the threads," \
     "each thread keeping **depth** batches in flight (depth 1: waiting" \
     "for its own batch before the next; depth 8: a request submitted" \
     "per call, the oldest waited for when 8 are out);" \
     "$(getconf _NPROCESSORS_ONLN) CPUs. **shared** = uringx_shared" \
     "(get_sqes, prep, submit_and_wait at depth 1, submit then wait at" \
     "depth 8), **own** = a ring" \
     "per thread, **mutex** = one ring behind one pthread mutex." \
     "**sh/own** = own's time (or Ir) over shared's: the shared layer's" \
     "speed as a fraction of per-thread rings (goal >= 0.70 at 4 threads);" \
     "**sh/mx** = the same against the mutex (> 1: shared is faster);" \
     "**handoff** = ns for one CPU to pass a cache line to the other" \
     "(threads handoff, run between the others): the host places this" \
     "machine's CPUs anew from time to time, and the shared ring's" \
     "time follows this number (about 2.5x slower at 4 threads when it" \
     "goes from ~35 ns to ~175 ns), the per-thread rings' does not."
echo
echo "| threads | batch | depth | ns shared | ns own | ns mutex | ns sh/own | ns sh/mx | Ir shared | Ir own | Ir mutex | Ir sh/own | Ir sh/mx | enters/op shared | handoff |"
echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
for cfg in "1 1" "16 1" "1 8"; do
	set -- $cfg
	batch=$1 depth=$2
	for t in 1 2 4; do
		printf 'bench: threads %s x batch %s x depth %s' "$t" "$batch" \
			"$depth" >&2
		ns_shared= ns_own= ns_mutex= ent= hand=
		r=0
		while [ $r -lt "$RUNS" ]; do
			for m in shared own mutex; do
				out=$($pin "$prog" $m $t "$OPS" $batch $depth) || {
					echo " $m failed" >&2; exit 1; }
				ns=$(echo "$out" | awk '{ print $2 }')
				eval "ns_$m=\"\$ns_$m $ns\""
				[ $m = shared ] &&
					ent="$ent $(echo "$out" | awk '{ print $4 }')"
			done
			hand="$hand $($pin "$prog" handoff 2 200000 |
				awk '{ print $2 }')"
			r=$((r + 1))
		done
		s=$(echo "$ns_shared" | median)
		o=$(echo "$ns_own" | median)
		x=$(echo "$ns_mutex" | median)
		e=$(echo "$ent" | median)
		h=$(echo "$hand" | median)
		is=$(irs shared $t $batch $depth)
		io=$(irs own $t $batch $depth)
		ix=$(irs mutex $t $batch $depth)
		awk -v t=$t -v b=$batch -v d=$depth -v s="$s" -v o="$o" -v x="$x" \
			-v is="$is" -v io="$io" -v ix="$ix" -v e="$e" -v h="$h" '
		function r(a, b) { return (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a > 0) ? sprintf("%.2f", b / a) : "-" }
		BEGIN {
			printf "| %s | %s | %s | %.1f | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s | %.3f | %.0f |\n",
			       t, b, d, s, o, x, r(s, o), r(s, x), is, io, ix,
			       r(is, io), r(is, ix), e, h
		}'
		echo " done" >&2
	done
done
