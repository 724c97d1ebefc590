/* SPDX-License-Identifier: MIT */
/*
 * A thread pool whose workers report back through the event loop's ring.
 *
 *   ./examples/thread-pool [WORKERS [JOBS]]
 *
 * The main thread runs an event loop that only ever waits on its ring.
 * Workers (default 4) take jobs (default 16; job i counts the primes
 * below 10000 * (i + 1)) and, when one is done, post a CQE straight into
 * the loop's ring with io_uring_register_sync_msg(): a MSG_RING request
 * that needs no ring of the worker's own. The CQE carries the job number
 * in user_data and the result in res, so no queue or lock is needed to
 * hand results back, and the same wait that serves the loop's I/O wakes
 * it for them. Needs Linux 6.13 or later.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <liburing.h>

#define MAX_WORKERS	64

static struct io_uring ring;
static int njobs;
static int next_job;		/* taken with an atomic add */

static void die(const char *what, int err)
{
	fprintf(stderr, "thread-pool: %s: %s\n", what, strerror(err));
	exit(1);
}

static int count_primes_below(int n)
{
	int i, j, count = 0;

	for (i = 2; i < n; i++) {
		for (j = 2; j * j <= i; j++)
			if (i % j == 0)
				break;
		if (j * j > i)
			count++;
	}
	return count;
}

static void *worker(void *arg)
{
	int job, ret;

	(void) arg;
	while ((job = __atomic_fetch_add(&next_job, 1, __ATOMIC_RELAXED)) <
	       njobs) {
		int result = count_primes_below(10000 * (job + 1));
		struct io_uring_sqe sqe;

		/* The SQE is ours, on the stack: zero it, then describe
		 * the CQE to post: res = result, user_data = job. */
		memset(&sqe, 0, sizeof(sqe));
		io_uring_prep_msg_ring(&sqe, ring.ring_fd, result, job, 0);
		ret = io_uring_register_sync_msg(&sqe);
		if (ret < 0)
			die("register_sync_msg", -ret);
	}
	return NULL;
}

int main(int argc, char *argv[])
{
	int nworkers = argc > 1 ? atoi(argv[1]) : 4;
	pthread_t threads[MAX_WORKERS];
	struct io_uring_sqe probe;
	struct io_uring_cqe *cqe;
	int i, ret, done = 0;
	char *seen;

	njobs = argc > 2 ? atoi(argv[2]) : 16;
	if (nworkers < 1 || nworkers > MAX_WORKERS || njobs < 0) {
		fprintf(stderr, "usage: %s [WORKERS (1..%d) [JOBS]]\n",
			argv[0], MAX_WORKERS);
		return 2;
	}
	seen = calloc(njobs + 1, 1);
	if (!seen)
		die("calloc", ENOMEM);
	ret = io_uring_queue_init(64, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	/* An SQE with a bad fd tells whether the kernel has sync_msg:
	 * -EBADF if it does, -EINVAL if it does not know the opcode. */
	memset(&probe, 0, sizeof(probe));
	io_uring_prep_msg_ring(&probe, -1, 0, 0, 0);
	ret = io_uring_register_sync_msg(&probe);
	if (ret == -EINVAL)
		die("register_sync_msg (needs Linux 6.13)", -ret);

	for (i = 0; i < nworkers; i++) {
		ret = pthread_create(&threads[i], NULL, worker, NULL);
		if (ret)
			die("pthread_create", ret);
	}

	/* The event loop: results arrive as CQEs, in any order. */
	while (done < njobs) {
		unsigned int job;

		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret < 0)
			die("wait_cqe", -ret);
		job = io_uring_cqe_get_data64(cqe);
		if (job >= (unsigned int) njobs || seen[job])
			die("unexpected completion", EPROTO);
		seen[job] = 1;
		printf("job %2u: %d primes below %d\n", job, cqe->res,
		       10000 * (job + 1));
		io_uring_cqe_seen(&ring, cqe);
		done++;
	}

	for (i = 0; i < nworkers; i++)
		pthread_join(threads[i], NULL);
	printf("thread-pool: %d jobs done by %d workers\n", njobs, nworkers);
	io_uring_queue_exit(&ring);
	free(seen);
	return 0;
}
