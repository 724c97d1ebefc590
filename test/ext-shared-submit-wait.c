/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared_submit_and_wait(): 8 threads x 50k NOPs in batches of 1
 * to 4 (linked half the time), each batch submitted and waited for in
 * one call; every completion comes back once, in the caller's order,
 * with its own user_data. Then the errors: bad arguments, a handle with
 * a callback, a stale handle, a timed-out wait that leaves the request
 * to uringx_shared_wait(), and a call after shutdown.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "shared-util.h"

#define THREADS		8
#define PER_THREAD	50000

static struct uringx_shared *sh;

static void *worker(void *arg)
{
	unsigned long tid = (unsigned long) arg;
	struct uringx_completion cs[4];
	struct io_uring_sqe *sqes[4];
	unsigned int done = 0, round = 0;
	__u64 reqs[4];

	while (done < PER_THREAD) {
		unsigned int nr = 1 + round % 4, i;
		int ret;

		if (nr > PER_THREAD - done)
			nr = PER_THREAD - done;
		ret = uringx_shared_get_sqes(sh, sqes, reqs, nr,
			&(struct __kernel_timespec) { .tv_sec = 10 });
		if (ret)
			t_fail("thread %lu: get_sqes: %d", tid, ret);
		for (i = 0; i < nr; i++) {
			io_uring_prep_nop(sqes[i]);
			io_uring_sqe_set_data64(sqes[i],
						(tid << 48) | (done + i));
			if (round % 2 && i + 1 < nr)
				sqes[i]->flags |= IOSQE_IO_LINK;
		}
		memset(cs, 0xff, sizeof(cs));
		ret = uringx_shared_submit_and_wait(sh, reqs, nr, cs, NULL);
		if (ret)
			t_fail("thread %lu: submit_and_wait: %d", tid, ret);
		for (i = 0; i < nr; i++)
			if (cs[i].user_data != ((tid << 48) | (done + i)) ||
			    cs[i].res || cs[i].flags || cs[i].big_cqe[0])
				t_fail("thread %lu: ud %llx res %d flags %x",
				       tid,
				       (unsigned long long) cs[i].user_data,
				       cs[i].res, cs[i].flags);
		/* The handles are spent. */
		if (round % 1000 == 0)
			t_eq(uringx_shared_wait(sh, reqs[0], cs, NULL),
			     -ENOENT);
		done += nr;
		round++;
	}
	return NULL;
}

static void on_done(struct uringx_shared *s, const struct uringx_completion *c,
		    void *arg)
{
	(void) s;
	(void) c;
	(void) arg;
}

static void errors(void)
{
	const struct __kernel_timespec ms10 = { .tv_nsec = 10000000 };
	const struct __kernel_timespec bad = { .tv_nsec = 1000000000 };
	struct __kernel_timespec never = { .tv_sec = 1000 };
	struct uringx_completion c;
	struct io_uring_sqe *sqe;
	__u64 req, stale;

	t_eq(uringx_shared_submit_and_wait(NULL, &req, 1, &c, NULL), -EINVAL);
	t_eq(uringx_shared_get_sqes(sh, &sqe, &req, 1, NULL), 0);
	io_uring_prep_nop(sqe);
	t_eq(uringx_shared_submit_and_wait(sh, NULL, 1, &c, NULL), -EFAULT);
	t_eq(uringx_shared_submit_and_wait(sh, &req, 1, NULL, NULL), -EFAULT);
	t_eq(uringx_shared_submit_and_wait(sh, &req, 0, &c, NULL), -EINVAL);
	t_eq(uringx_shared_submit_and_wait(sh, &req, 1, &c, &bad), -EINVAL);
	/* Refused before anything went in: the request is still reserved. */
	t_eq(uringx_shared_set_callback(sh, req, on_done, NULL), 0);
	t_eq(uringx_shared_submit_and_wait(sh, &req, 1, &c, NULL), -EINVAL);
	t_eq(uringx_shared_set_callback(sh, req, NULL, NULL), 0);
	io_uring_sqe_set_data64(sqe, 7);
	t_eq(uringx_shared_submit_and_wait(sh, &req, 1, &c, NULL), 0);
	t_eq(c.user_data, 7);
	t_eq(c.res, 0);
	t_eq(c.flags, 0);
	stale = req;
	t_eq(uringx_shared_submit_and_wait(sh, &stale, 1, &c, NULL), -ENOENT);

	/* A timeout that outlives the wait: it stays, to be waited for. */
	t_eq(uringx_shared_get_sqes(sh, &sqe, &req, 1, NULL), 0);
	io_uring_prep_timeout(sqe, &never, 0, 0);
	io_uring_sqe_set_data64(sqe, 8);
	t_eq(uringx_shared_submit_and_wait(sh, &req, 1, &c, &ms10), -ETIME);
	t_eq(uringx_shared_wait(sh, req, &c, &ms10), -ETIME);

	/* Shutdown cancels it; a reserved request is dropped. */
	t_eq(uringx_shared_get_sqes(sh, &sqe, &stale, 1, NULL), 0);
	io_uring_prep_nop(sqe);
	t_eq(uringx_shared_shutdown(sh), 0);
	t_eq(uringx_shared_wait(sh, req, &c, NULL), 0);
	t_eq(c.user_data, 8);
	t_eq(c.res, -ECANCELED);
	t_eq(uringx_shared_submit_and_wait(sh, &stale, 1, &c, NULL),
	     -ESHUTDOWN);
	t_eq(uringx_shared_submit_and_wait(sh, &stale, 1, &c, NULL), -ENOENT);
}

int main(void)
{
	struct uringx_shared_stats st;
	pthread_t th[THREADS];
	struct io_uring ring;
	unsigned long i;

	t_ring_init(&ring, 64, 0);
	t_shared_new(&ring, 0, 0, &sh);
	for (i = 0; i < THREADS; i++)
		t_eq(pthread_create(&th[i], NULL, worker, (void *) i), 0);
	for (i = 0; i < THREADS; i++)
		t_eq(pthread_join(th[i], NULL), 0);
	t_eq(uringx_shared_get_stats(sh, &st), 0);
	t_eq(st.sqes, THREADS * PER_THREAD);
	t_eq(st.cqes, THREADS * PER_THREAD);
	t_eq(st.stray, 0);
	errors();
	t_eq(uringx_shared_free(sh), 0);
	io_uring_queue_exit(&ring);
	printf("submit-wait: %d x %d NOPs, %.3f enters per request\n",
	       THREADS, PER_THREAD,
	       (double) st.enters / (THREADS * PER_THREAD));
	return 0;
}
