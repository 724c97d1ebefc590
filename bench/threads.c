/* SPDX-License-Identifier: MIT */
/*
 * threads MODE THREADS OPS [BATCH [DEPTH]]
 *
 * THREADS threads submit NOPs, BATCH per call (default 1), OPS in all
 * (split evenly), each keeping at most DEPTH batches in flight (default
 * 1: waiting for its own batch before the next), in one of three ways:
 *
 *   shared  one ring through the uringx_shared layer (<liburing/ext.h>):
 *           get_sqes, prep_nop, then at depth 1 submit_and_wait (one
 *           call for the batch), deeper submit and, with DEPTH batches
 *           out, a wait for the oldest by its handles
 *   own     each thread its own ring: get_sqe, prep_nop, submit_and_wait
 *           (BATCH at depth 1, else 0), reap what is there, waiting only
 *           while DEPTH batches are out
 *   mutex   one ring behind one pthread mutex, held across get_sqe, prep,
 *           submit and reaping every CQE there is, crediting each to the
 *           thread its user_data names; the thread waits under the lock
 *           while DEPTH batches of its own are out
 *
 *   handoff two threads passing one cache line back and forth, OPS
 *           times: what one CPU telling another costs right now (the
 *           host places this machine's CPUs anew from time to time, and
 *           the shared ring's time follows this one); prints
 *           "ns_per_handoff N"
 *
 * Prints "ns_per_op N enters_per_op E" (E for shared only, from the
 * layer's counters; the other two make one enter per batch). With
 * THREADS_STATS set, the shared mode also prints the layer's counters on
 * stderr. Built against this tree only: the layer is an extension
 * (bench/run.sh).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liburing.h>
#include <liburing/ext.h>

#define MAX_THREADS	64
#define MAX_BATCH	32
#define MAX_DEPTH	16

static enum { SHARED, OWN, MUTEX } mode;
static unsigned int nthreads, batch, depth, per_thread;
static struct io_uring shared_ring;
static struct uringx_shared *sh;
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int credited[MAX_THREADS];	/* under ring_lock */
static pthread_barrier_t start;
/*
 * Each thread's own start and end, in ns: the main thread may be
 * scheduled out just after the barrier, so its clock would start late.
 */
static double started[MAX_THREADS], ended[MAX_THREADS];

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double) t.tv_sec * 1e9 + (double) t.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "threads: %s: %s\n", what, strerror(-err));
	exit(1);
}

/* Wait for the oldest batch in flight, at fifo[*oldest]. */
static void shared_wait_batch(unsigned long tid, __u64 (*fifo)[MAX_BATCH],
			      unsigned int *oldest)
{
	struct uringx_completion c;
	unsigned int i;
	int ret;

	for (i = 0; i < batch; i++) {
		ret = uringx_shared_wait(sh, fifo[*oldest][i], &c, NULL);
		if (ret)
			die("wait", ret);
		if (c.user_data != tid || c.res)
			die("completion", -EPROTO);
	}
	*oldest = (*oldest + 1) % depth;
}

static void run_shared(unsigned long tid)
{
	struct io_uring_sqe *sqes[MAX_BATCH];
	struct uringx_completion c[MAX_BATCH];
	__u64 fifo[MAX_DEPTH][MAX_BATCH];
	unsigned int done, i, oldest = 0, newest = 0, queued = 0;
	int ret;

	for (done = 0; done < per_thread; done += batch) {
		__u64 *reqs = fifo[newest];

		ret = uringx_shared_get_sqes(sh, sqes, reqs, batch,
			&(struct __kernel_timespec) { .tv_sec = 10 });
		if (ret)
			die("get_sqes", ret);
		for (i = 0; i < batch; i++) {
			io_uring_prep_nop(sqes[i]);
			io_uring_sqe_set_data64(sqes[i], tid);
		}
		if (depth == 1) {
			ret = uringx_shared_submit_and_wait(sh, reqs, batch, c,
							    NULL);
			if (ret)
				die("submit_and_wait", ret);
			for (i = 0; i < batch; i++)
				if (c[i].user_data != tid || c[i].res)
					die("completion", -EPROTO);
			continue;
		}
		ret = uringx_shared_submit(sh, reqs, batch, 0);
		if (ret)
			die("submit", ret);
		newest = (newest + 1) % depth;
		if (++queued == depth) {
			shared_wait_batch(tid, fifo, &oldest);
			queued--;
		}
	}
	while (queued--)
		shared_wait_batch(tid, fifo, &oldest);
}

static void run_own(unsigned long tid)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	unsigned int done, i, inflight = 0;
	int ret;

	ret = io_uring_queue_init(64, &ring, 0);
	if (ret)
		die("queue_init", ret);
	pthread_barrier_wait(&start);
	started[tid] = now_ns();
	for (done = 0; done < per_thread; done += batch) {
		for (i = 0; i < batch; i++)
			io_uring_prep_nop(io_uring_get_sqe(&ring));
		/* At most depth - 1 batches left in flight after this. */
		ret = io_uring_submit_and_wait(&ring, depth == 1 ? batch : 0);
		if (ret != (int) batch)
			die("submit_and_wait", ret < 0 ? ret : -EPROTO);
		inflight += batch;
		while (inflight) {
			if (inflight > (depth - 1) * batch)
				ret = io_uring_wait_cqe(&ring, &cqe);
			else if (io_uring_peek_cqe(&ring, &cqe))
				break;
			else
				ret = 0;
			if (ret || cqe->res)
				die("wait_cqe", ret ? ret : -EPROTO);
			io_uring_cqe_seen(&ring, cqe);
			inflight--;
		}
	}
	while (inflight--) {
		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret || cqe->res)
			die("wait_cqe", ret ? ret : -EPROTO);
		io_uring_cqe_seen(&ring, cqe);
	}
	io_uring_queue_exit(&ring);
}

/* Reap every CQE there is, crediting each to its thread. */
static void mutex_reap(void)
{
	struct io_uring_cqe *cqe;
	unsigned int head, seen = 0;

	io_uring_for_each_cqe(&shared_ring, head, cqe) {
		if (cqe->res)
			die("completion", -EPROTO);
		credited[cqe->user_data]++;
		seen++;
	}
	io_uring_cq_advance(&shared_ring, seen);
}

/* Under ring_lock: until at most max of the thread's are in flight. */
static void mutex_wait(unsigned long tid, unsigned int sent, unsigned int max)
{
	int ret;

	while (sent - credited[tid] > max) {
		ret = io_uring_submit_and_wait(&shared_ring, 1);
		if (ret < 0)
			die("submit_and_wait", ret);
		mutex_reap();
	}
}

static void run_mutex(unsigned long tid)
{
	unsigned int done, i, sent = 0;
	int ret;

	for (done = 0; done < per_thread; done += batch) {
		pthread_mutex_lock(&ring_lock);
		for (i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe;

			sqe = io_uring_get_sqe(&shared_ring);

			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, tid);
		}
		sent += batch;
		if (depth > 1) {
			ret = io_uring_submit(&shared_ring);
			if (ret < 0)
				die("submit", ret);
			mutex_reap();
		}
		mutex_wait(tid, sent, (depth - 1) * batch);
		pthread_mutex_unlock(&ring_lock);
	}
	pthread_mutex_lock(&ring_lock);
	mutex_wait(tid, sent, 0);
	pthread_mutex_unlock(&ring_lock);
}

static unsigned int baton __attribute__((aligned(64)));

static void *handoff(void *arg)
{
	unsigned int me = (unsigned int) (unsigned long) arg, i;

	for (i = 0; i < per_thread; i++) {
		while (__atomic_load_n(&baton, __ATOMIC_ACQUIRE) % 2 != me)
			;
		__atomic_fetch_add(&baton, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static int run_handoff(unsigned long n)
{
	pthread_t th[2];
	double t0;
	unsigned long i;

	per_thread = (unsigned int) n;
	t0 = now_ns();
	for (i = 0; i < 2; i++)
		if (pthread_create(&th[i], NULL, handoff, (void *) i))
			die("pthread_create", -EAGAIN);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	printf("ns_per_handoff %.1f\n", (now_ns() - t0) / (2.0 * (double) n));
	return 0;
}

static void *worker(void *arg)
{
	unsigned long tid = (unsigned long) arg;

	if (mode == OWN) {
		run_own(tid);
		ended[tid] = now_ns();
		return NULL;
	}
	pthread_barrier_wait(&start);
	started[tid] = now_ns();
	if (mode == SHARED)
		run_shared(tid);
	else
		run_mutex(tid);
	ended[tid] = now_ns();
	return NULL;
}

int main(int argc, char **argv)
{
	struct uringx_shared_stats st = { 0 };
	pthread_t th[MAX_THREADS];
	double t0, t1;
	unsigned long i, ops;
	double ns;
	int ret;

	if (argc < 4) {
		fprintf(stderr, "usage: threads shared|own|mutex|handoff THREADS "
			"OPS [BATCH [DEPTH]]\n");
		return 1;
	}
	if (!strcmp(argv[1], "shared"))
		mode = SHARED;
	else if (!strcmp(argv[1], "own"))
		mode = OWN;
	else if (!strcmp(argv[1], "mutex"))
		mode = MUTEX;
	else if (!strcmp(argv[1], "handoff"))
		return run_handoff(strtoul(argv[3], NULL, 0));
	else
		die("mode", -EINVAL);
	nthreads = (unsigned int) atoi(argv[2]);
	ops = strtoul(argv[3], NULL, 0);
	batch = argc > 4 ? (unsigned int) atoi(argv[4]) : 1;
	depth = argc > 5 ? (unsigned int) atoi(argv[5]) : 1;
	if (!nthreads || nthreads > MAX_THREADS || !batch || batch > MAX_BATCH ||
	    !depth || depth > MAX_DEPTH)
		die("arguments", -EINVAL);
	per_thread = (unsigned int) ((ops / nthreads + batch - 1) / batch *
				     batch);

	if (mode != OWN) {
		ret = io_uring_queue_init(256, &shared_ring, 0);
		if (ret)
			die("queue_init", ret);
	}
	if (mode == SHARED) {
		ret = uringx_shared_new(&shared_ring, 0, 0, &sh);
		if (ret == -EOPNOTSUPP) {
			printf("skip: the kernel lacks IORING_FEAT_EXT_ARG\n");
			return 77;
		}
		if (ret)
			die("uringx_shared_new", ret);
	}
	pthread_barrier_init(&start, NULL, nthreads + 1);
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, worker, (void *) i))
			die("pthread_create", -EAGAIN);
	pthread_barrier_wait(&start);
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	/* From the first thread's start to the last one's end. */
	t0 = started[0];
	t1 = ended[0];
	for (i = 1; i < nthreads; i++) {
		if (started[i] < t0)
			t0 = started[i];
		if (ended[i] > t1)
			t1 = ended[i];
	}
	ns = t1 - t0;
	ops = (unsigned long) per_thread * nthreads;
	if (mode == SHARED) {
		uringx_shared_get_stats(sh, &st);
		uringx_shared_free(sh);
	}
	if (mode != OWN)
		io_uring_queue_exit(&shared_ring);
	printf("ns_per_op %.1f enters_per_op %.3f\n", ns / (double) ops,
	       mode == SHARED ? (double) st.enters / (double) ops :
	       1.0 / batch);
	if (mode == SHARED && getenv("THREADS_STATS"))
		fprintf(stderr, "sqes %llu enters %llu submit_enters %llu "
			"combined %llu\n", (unsigned long long) st.sqes,
			(unsigned long long) st.enters,
			(unsigned long long) st.submit_enters,
			(unsigned long long) st.combined);
	pthread_barrier_destroy(&start);
	return 0;
}
