/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared on an SQPOLL ring: 4 threads x 20k NOPs, single and in
 * chains; the kernel's SQ thread submits, the layer only wakes it when it
 * sleeps. Every completion reaches its requester once, with its user_data.
 */
#include <errno.h>
#include <pthread.h>

#include "shared-util.h"

#define THREADS		4
#define PER_THREAD	20000

static struct uringx_shared *sh;

static void *worker(void *arg)
{
	unsigned long tid = (unsigned long) arg;
	unsigned int done = 0, round = 0;
	struct uringx_completion c;
	struct io_uring_sqe *sqes[3];
	__u64 reqs[3];

	while (done < PER_THREAD) {
		unsigned int nr = 1 + round % 3, i;
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
						(tid << 32) | (done + i));
			if (i + 1 < nr)
				sqes[i]->flags |= IOSQE_IO_LINK;
		}
		ret = uringx_shared_submit(sh, reqs, nr, 0);
		if (ret)
			t_fail("thread %lu: submit: %d", tid, ret);
		for (i = 0; i < nr; i++) {
			ret = uringx_shared_wait(sh, reqs[i], &c, NULL);
			if (ret)
				t_fail("thread %lu: wait: %d", tid, ret);
			if (c.user_data != ((tid << 32) | (done + i)) ||
			    c.res || c.flags)
				t_fail("thread %lu: ud %llx res %d flags %x",
				       tid, (unsigned long long) c.user_data,
				       c.res, c.flags);
		}
		done += nr;
		round++;
	}
	return NULL;
}

int main(void)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SQPOLL,
		.sq_thread_idle = 10,
	};
	struct uringx_shared_stats st;
	pthread_t th[THREADS];
	struct io_uring ring;
	unsigned long i;

	t_ring_init_params(&ring, 16, &p);
	t_shared_new(&ring, 0, 0, &sh);
	for (i = 0; i < THREADS; i++)
		t_eq(pthread_create(&th[i], NULL, worker, (void *) i), 0);
	for (i = 0; i < THREADS; i++)
		t_eq(pthread_join(th[i], NULL), 0);
	t_eq(uringx_shared_get_stats(sh, &st), 0);
	t_eq(st.sqes, THREADS * PER_THREAD);
	t_eq(st.cqes, THREADS * PER_THREAD);
	t_eq(st.stray, 0);
	/* The SQ thread submits: enters are waits and wake-ups only. */
	t_assert(st.enters <= st.sqes, "%llu enters", st.enters);
	t_eq(uringx_shared_free(sh), 0);
	t_eq(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
