#!/bin/sh
# Run every workload in every variant that was built (ours, v215, peer,
# raw) and report, per workload:
#  - user-space instructions per operation under callgrind, measured as
#    (Ir(N2) - Ir(N1)) / (N2 - N1) so that setup and teardown cancel out;
#  - the median of BENCH_RUNS timed runs, in nanoseconds per operation;
#  - the ratios ours/2.15, ours/2.3 and ours/raw for both;
# then the cost of the sweep-N workloads fitted as a + b / batch.
# Prints a table and writes results.md beside this script. Exits 1 when a
# program failed (a skip, for a kernel without the feature, is not one).
#
# Environment: BENCH_RUNS (default 11, at least 5), BENCH_CG_N1 and
# BENCH_CG_N2 (default 1024 and 9216), BENCH_ONLY (workload names to run),
# BENCH_TASKSET (a CPU list to pin every program to, e.g. 1).
set -u
cd "$(dirname "$0")"

B=build
RUNS=${BENCH_RUNS:-11}
[ "$RUNS" -ge 5 ] 2>/dev/null || RUNS=5
N1=${BENCH_CG_N1:-1024}
N2=${BENCH_CG_N2:-9216}
VARIANTS="ours v215 peer raw"
IR_VARIANTS="$VARIANTS asm"	# asm: instructions only
OUT=results.md
CG=$B/callgrind
RAW=$B/results.txt
mkdir -p "$CG"
: > "$RAW"

# name|program|arguments|operations per timed run|what one operation is
WORKLOADS='nop-1|nop|1|200000|nop at batch 1: get_sqe, prep_nop, submit_and_wait(1), wait_cqe, cqe_seen
nop-32|nop|32|2000000|nop at batch 32: 32 x (get_sqe, prep_nop), submit_and_wait(32), 32 x (wait_cqe, cqe_seen)
nop-32-defer|nop|32 defer|2000000|as nop-32 on a SINGLE_ISSUER + DEFER_TASKRUN ring
nop-32-foreach|nop|32 foreach|2000000|as nop-32, the batch reaped with one io_uring_for_each_cqe() walk and one cq_advance(32)
sync-msg|sync-msg||300000|register_sync_msg into a ring, wait_cqe, cqe_seen (peer: io_uring_register(-1, 31) by hand)
msg-ring-32|msg-ring||1000000|MSG_RING ring to ring at batch 32, both sides reaped (per message)
read-4k|read||300000|4 KiB reads of a page-cached file at queue depth 32
read-4k-fixed|read|fixed|300000|as read-4k with registered buffers and file (read_fixed, FIXED_FILE)
peek-batch-32|peek-batch||2000000|nop at batch 32 reaped with one peek_batch_cqe(32) and cq_advance(32)
timeout-wait|timeout-wait||200000|get_sqe, prep_nop, submit, wait_cqe_timeout(1 s), cqe_seen
sync-msg-32|sync-msg|32|1000000|32 x register_sync_msg into a ring, reaped with one for_each_cqe walk and one cq_advance(32) (per message)
read-4k-foreach|read|foreach|300000|as read-4k, the 32 reaped with one for_each_cqe walk and one cq_advance(32)
recv-bufring-32|recv-bufring||300000|provided-buffer recv at batch 32, steady state: sendmmsg of 32 datagrams (AF_UNIX socketpair), 32 x prep_recv + BUFFER_SELECT, submit_and_wait(32), for_each_cqe walk with buf_ring_add per CQE, buf_ring_advance(32), cq_advance(32) (per datagram)
timeout-wait-8|timeout-wait|8|1000000|8 x (get_sqe, prep_nop), submit_and_wait_timeout(8, 1 ms, never hit), for_each_cqe walk, cq_advance(8) (per nop)
setup|setup||5000|io_uring_queue_init(256, flags 0) + io_uring_queue_exit (per ring)
walk-256|walk||20000000|io_uring_for_each_cqe over 256 posted CQEs summing user_data, nothing consumed (per CQE): the walk itself
sweep-1|nop|1 foreach|200000|nop at batch 1, reaped with for_each_cqe + cq_advance (the sweep fitted below)
sweep-4|nop|4 foreach|500000|as sweep-1 at batch 4
sweep-16|nop|16 foreach|1000000|as sweep-1 at batch 16
sweep-64|nop|64 foreach|2000000|as sweep-1 at batch 64
sweep-256|nop|256 foreach|2000000|as sweep-1 at batch 256'

pin=
if [ -n "${BENCH_TASKSET:-}" ] && command -v taskset >/dev/null 2>&1; then
	pin="taskset -c $BENCH_TASKSET"
fi
have_valgrind=
command -v valgrind >/dev/null 2>&1 && have_valgrind=1

selected() {
	[ -z "${BENCH_ONLY:-}" ] && return 0
	case " $BENCH_ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

# record WORKLOAD VARIANT KIND VALUE
record() {
	echo "$1 $2 $3 $4" >> "$RAW"
}

# Instructions per operation: two callgrind runs, N1 and N2 operations.
# The output files stay in build/callgrind/ for callgrind_annotate.
count_instructions() { # name prog args variant
	bin=$B/$2.$4
	for n in $N1 $N2; do
		# shellcheck disable=SC2086
		valgrind --tool=callgrind \
			--callgrind-out-file="$CG/$1.$4.$n.out" \
			"$bin" "$n" $3 > /dev/null 2> "$CG/$1.$4.$n.log"
		rc=$?
		if [ $rc -ne 0 ]; then
			[ $rc -eq 77 ] && return 77
			return 1
		fi
	done
	i1=$(awk '/^summary:/ { print $2 }' "$CG/$1.$4.$N1.out")
	i2=$(awk '/^summary:/ { print $2 }' "$CG/$1.$4.$N2.out")
	awk -v a="$i1" -v b="$i2" -v n1="$N1" -v n2="$N2" \
		'BEGIN { printf "%.1f\n", (b - a) / (n2 - n1) }'
}

echo "bench: $RUNS timed runs per cell; callgrind at $N1 and $N2 operations" >&2
echo "$WORKLOADS" | while IFS='|' read -r name prog args ops what; do
	selected "$name" || continue
	printf 'bench: %-14s' "$name" >&2
	for v in $IR_VARIANTS; do
		[ -x "$B/$prog.$v" ] || { record "$name" "$v" ir na; continue; }
		if [ -n "$have_valgrind" ]; then
			ir=$(count_instructions "$name" "$prog" "$args" "$v")
			case $? in
			0) ;;
			77) ir=skip ;;
			*) ir=fail ;;
			esac
		else
			ir=na
		fi
		record "$name" "$v" ir "$ir"
	done
	# Timed runs interleave the variants, so drift hits all alike.
	r=0
	while [ $r -lt "$RUNS" ]; do
		for v in $VARIANTS; do
			[ -x "$B/$prog.$v" ] || continue
			# shellcheck disable=SC2086
			out=$($pin "$B/$prog.$v" "$ops" $args 2> "$B/$name.$v.err")
			case $? in
			0) ns=$(echo "$out" | awk '/^ns_per_op/ { print $2 }') ;;
			77) ns=skip ;;
			*) ns=fail ;;
			esac
			record "$name" "$v" ns "$ns"
		done
		r=$((r + 1))
	done
	echo " done" >&2
done

# --- the table -------------------------------------------------------

kernel=$(uname -r)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
ccver=$(${CC:-cc} --version 2>/dev/null | head -n 1)
vgver=$(valgrind --version 2>/dev/null || echo 'valgrind: not installed')
peerver=$(dpkg-query -W -f '${Version}' liburing-dev 2>/dev/null || echo '?')
v215ver=$(ls ../build/peer-2.15/debs/liburing-dev_*.deb 2>/dev/null |
	sed -n 's/.*liburing-dev_\([^_]*\)_.*/\1/p' | head -n 1)

echo "$WORKLOADS" | awk -F'|' -v raw="$RAW" -v out="$OUT" -v runs="$RUNS" \
	-v n1="$N1" -v n2="$N2" -v kernel="$kernel" -v cpu="$cpu" \
	-v ncpu="$ncpu" -v ccver="$ccver" -v vgver="$vgver" \
	-v peerver="$peerver" -v v215ver="${v215ver:-?}" \
	-v only="${BENCH_ONLY:-}" '
function median(list,    v, n, i, j, t) {
	n = split(list, v, " ")
	if (n == 0)
		return ""
	for (i = 1; i <= n; i++) {
		if (v[i] !~ /^[0-9.]+$/)
			return v[i]
		v[i] += 0
	}
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
# Half the interquartile range of the runs, in percent of their median:
# the noise a ratio of medians has to beat.
function spread(list,    v, n, i, j, t, k) {
	n = split(list, v, " ")
	if (n < 4 || v[1] !~ /^[0-9.]+$/)
		return ""
	for (i = 1; i <= n; i++)
		v[i] += 0
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	k = int((n + 3) / 4)
	return sprintf("%.1f", 50 * (v[n + 1 - k] - v[k]) / median(list))
}
function num(x) { return x ~ /^[0-9.]+$/ }
function ratio(a, b) { return num(a) && num(b) && b > 0 ? sprintf("%.2f", a / b) : "-" }
function show(x) { return x == "" ? "-" : (num(x) ? sprintf("%.1f", x) : x) }
BEGIN {
	while ((getline line < raw) > 0) {
		split(line, f, " ")
		key = f[1] SUBSEP f[2]
		if (f[3] == "ir")
			ir[key] = f[4]
		else
			ns[key] = ns[key] (ns[key] == "" ? "" : " ") f[4]
	}
}
{
	if (only != "" && index(" " only " ", " " $1 " ") == 0)
		next
	names[++count] = $1
	what[$1] = $5
}
END {
	fmt = "%-15s %7s %7s %7s %7s %7s %5s %5s %5s | %7s %7s %7s %5s %5s %4s\n"
	printf fmt, "workload", "Ir ours", "Ir 2.15", "Ir 2.3", "Ir raw",
	       "Ir asm", "/2.15", "/2.3", "/raw", "ns ours", "ns 2.15",
	       "ns 2.3", "/2.15", "/2.3", "+-%"
	print "# Benchmark results\n" > out
	print "Generated by `make bench` (bench/run.sh). Per operation:" > out
	print "**Ir** = user-space instructions under callgrind, (Ir(" n2 \
	      ") - Ir(" n1 ")) / " (n2 - n1) "; **ns** = median of " runs \
	      " timed runs (CLOCK_MONOTONIC around the loop); **/2.15**," \
	      " **/2.3** and **/raw** = ours divided by that column; **+-%** =" \
	      " half the interquartile range of our timed runs, in percent of" \
	      " their median. Columns: **ours** = this tree," \
	      " **2.15** = liburing " v215ver " (from Debian unstable," \
	      " liburing-dev, static), **2.3** = Debian liburing-dev " \
	      peerver " (static), **raw** = bench/raw.h, no library" \
	      " (syscall(2)), **asm** = raw.h with the syscall instruction" \
	      " in line instead of libc syscall(2) (instructions only).\n" > out
	print "| workload | Ir ours | Ir 2.15 | Ir 2.3 | Ir raw | Ir asm | Ir ours/2.15 | Ir ours/2.3 | Ir ours/raw | ns ours | ns 2.15 | ns 2.3 | ns ours/2.15 | ns ours/2.3 | +-% |" > out
	print "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|" > out
	for (i = 1; i <= count; i++) {
		w = names[i]
		io = ir[w SUBSEP "ours"]; iv = ir[w SUBSEP "v215"]
		ip = ir[w SUBSEP "peer"]; iw = ir[w SUBSEP "raw"]
		ia = ir[w SUBSEP "asm"]
		no = median(ns[w SUBSEP "ours"]); nv = median(ns[w SUBSEP "v215"])
		np = median(ns[w SUBSEP "peer"])
		sp = spread(ns[w SUBSEP "ours"]); spv = spread(ns[w SUBSEP "v215"])
		spp = spread(ns[w SUBSEP "peer"])
		IR[w] = io; IRV[w] = iv; IRP[w] = ip
		NSV[w] = ratio(no, nv); NSR[w] = ratio(no, np)
		IRF[w SUBSEP "ours"] = io; IRF[w SUBSEP "v215"] = iv
		IRF[w SUBSEP "peer"] = ip
		IRF[w SUBSEP "raw"] = iw; IRF[w SUBSEP "asm"] = ia
		NOISE[w] = (sp + 0 > spp + 0 ? sp : spp) / 100
		NOISEV[w] = (sp + 0 > spv + 0 ? sp : spv) / 100
		sps = sp == "" ? "-" : sp
		printf fmt, w, show(io), show(iv), show(ip), show(iw), show(ia),
		       ratio(io, iv), ratio(io, ip), ratio(io, iw), show(no),
		       show(nv), show(np), ratio(no, nv), ratio(no, np), sps
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
		       w, show(io), show(iv), show(ip), show(iw), show(ia),
		       ratio(io, iv), ratio(io, ip), ratio(io, iw), show(no),
		       show(nv), show(np), ratio(no, nv), ratio(no, np),
		       sps > out
	}

	sweep()

	print "\n## Targets\n" > out
	print "Against liburing 2.15 (issue 17): every workload Ir ours <=" \
	      " 0.95 x 2.15, their geometric mean <= 0.90 x 2.15, the" \
	      " for_each walk <= 16 Ir per CQE, setup + teardown <= 2.15," \
	      " time ours/2.15 <= 1.00 within the spread of the run.\n" > out
	print "| target | value | met |" > out
	print "|---|--:|:-:|" > out
	n = 0; lsum = 0
	for (i = 1; i <= count; i++) {
		w = names[i]
		r = ratio(IR[w], IRV[w])
		if (r == "-")
			continue
		printf "| %s: Ir ours <= 0.95 x 2.15 | %s | %s |\n", w, r,
		       IR[w] <= 0.95 * IRV[w] ? "yes" : "**no**" > out
		n++; lsum += log(IR[w] / IRV[w])
	}
	if (n) {
		g = exp(lsum / n)
		printf "| geometric mean of Ir ours/2.15 (%d workloads) <= 0.90 | %.3f | %s |\n",
		       n, g, g <= 0.90 ? "yes" : "**no**" > out
		printf "geometric mean of Ir ours/2.15 over %d workloads: %.3f\n", n, g
	}
	target("walk-256", "Ir ours per CQE of the for_each walk <= 16", 16)
	if (num(IR["setup"]) && num(IRV["setup"]))
		printf "| setup: Ir ours <= 2.15 | %s / %s | %s |\n",
		       show(IR["setup"]), show(IRV["setup"]),
		       IR["setup"] <= IRV["setup"] ? "yes" : "**no**" > out
	for (i = 1; i <= count; i++) {
		w = names[i]
		r = NSV[w]
		if (r != "-")
			printf "| %s: ns ours/2.15 <= 1.00 | %s | %s |\n", w, r,
			       r + 0 <= 1.0 ? "yes" : (r - 1 <= NOISEV[w] ? \
			       "within noise (+-" 100 * NOISEV[w] "%)" : "**no**") > out
	}

	print "\nEarlier targets (against the 2.3 of Debian, and absolute ones set" \
	      " with another harness whose no-library floor differs from" \
	      " that of raw here):\n" > out
	print "| target | value | met |" > out
	print "|---|--:|:-:|" > out
	target("nop-1", "Ir ours per nop at batch 1 <= 100", 100)
	target("nop-32", "Ir ours per nop at batch 32 <= 40", 40)
	target("nop-32-foreach", "Ir ours per nop at batch 32 <= 40 (batch reaped with for_each_cqe)", 40)
	target("sync-msg", "Ir ours per sync message <= 40", 40)
	over("nop-1", "raw", "Ir ours - Ir raw at batch 1 <= 100 - 79 = 21", 21)
	over("nop-32", "raw", "Ir ours - Ir raw at batch 32 <= 40 - 24 = 16", 16)
	over("nop-32", "asm", "Ir ours - Ir asm at batch 32 <= 16", 16)
	for (i = 1; i <= count; i++) {
		w = names[i]
		r = ratio(IR[w], IRP[w])
		if (r != "-")
			printf "| %s: Ir ours <= 2.3 | %s | %s |\n", w, r,
			       r + 0 <= 1.0 ? "yes" : "**no**" > out
	}

	print "\n## Workloads\n" > out
	for (i = 1; i <= count; i++)
		printf "- **%s**: %s\n", names[i], what[names[i]] > out
	print "\n## Machine\n" > out
	printf "- kernel %s, %s CPUs: %s\n- %s\n- %s\n", kernel, ncpu, cpu,
	       ccver, vgver > out
	print "- the callgrind outputs stay in bench/build/callgrind/ for" \
	      " callgrind_annotate" > out
}
# Least squares of Ir = a + b / batch over the sweep-N workloads, per
# variant: a is what each op costs, b what each batch (its system call and
# the fixed part of submitting and reaping) costs.
function sweep(    vs, nv, k, v, i, w, bt, x, y, m, sx, sy, sxx, sxy, a, b) {
	nv = split("ours v215 peer raw", vs, " ")
	hdr = 0
	for (k = 1; k <= nv; k++) {
		v = vs[k]
		m = sx = sy = sxx = sxy = 0
		for (i = 1; i <= count; i++) {
			w = names[i]
			if (w !~ /^sweep-[0-9]+$/ || !num(IRF[w SUBSEP v]))
				continue
			bt = substr(w, 7) + 0
			x = 1 / bt; y = IRF[w SUBSEP v] + 0
			m++; sx += x; sy += y; sxx += x * x; sxy += x * y
		}
		if (m < 2 || m * sxx - sx * sx == 0)
			continue
		b = (m * sxy - sx * sy) / (m * sxx - sx * sx)
		a = (sy - b * sx) / m
		if (!hdr) {
			print "\n## Batch sweep\n" > out
			print "The sweep-N rows fitted as Ir per op = a + b / batch" \
			      " (least squares over the " m " batch sizes): a =" \
			      " instructions per nop, b = instructions per batch.\n" > out
			print "| variant | a | b |" > out
			print "|---|--:|--:|" > out
			hdr = 1
		}
		printf "| %s | %.1f | %.1f |\n", v, a, b > out
		printf "sweep fit %-5s a = %6.1f  b = %6.1f\n", v, a, b
	}
}
function over(w, floor, label, limit,    v, f) {
	v = IR[w]; f = IRF[w SUBSEP floor]
	if (!num(v) || !num(f))
		return
	printf "| %s | %.1f | %s |\n", label, v - f,
	       v - f <= limit ? "yes" : "**no**" > out
}
function target(w, label, limit,    v) {
	v = IR[w]
	if (v == "")
		return
	printf "| %s | %s | %s |\n", label, show(v),
	       num(v) ? (v + 0 <= limit ? "yes" : "**no**") : "-" > out
}'

# The threads workload has its own section (bench/threads.sh).
if selected threads && [ -x "$B/threads.ours" ]; then
	sh ./threads.sh >> "$OUT" || echo "threads fail" >> "$RAW"
fi

echo "bench: wrote bench/$OUT" >&2
if grep -q ' fail$' "$RAW"; then
	echo "bench: some programs failed; see bench/$B/*.err and" \
	     "bench/$CG/*.log" >&2
	exit 1
fi
exit 0
