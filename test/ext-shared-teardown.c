/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared: teardown with requests in flight. Threads wait for reads
 * from a pipe nobody writes and for 30 s timeouts, a dispatcher waits for
 * callbacks that will never come, another thread waits for free slots;
 * uringx_shared_free() from the main thread must let every one of them
 * go, each with -ECANCELED (or its real result), and none may hang.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "shared-util.h"

#define WAITERS	6

static struct uringx_shared *sh;
static int pipe_fds[2];
static atomic_int parked;
static pid_t tids[WAITERS + 2];
static atomic_int results[WAITERS];
static atomic_int dispatch_ret = 1, get_ret = 1;
/* Read by the kernel when the SQE is submitted, maybe by another thread. */
static struct __kernel_timespec ts30 = { .tv_sec = 30 };

static void *waiter(void *arg)
{
	unsigned long i = (unsigned long) arg;
	static char buf[WAITERS][16];
	struct uringx_completion c;
	struct io_uring_sqe *sqe;
	__u64 req;
	int ret;

	t_eq(uringx_shared_get_sqes(sh, &sqe, &req, 1, NULL), 0);
	if (i % 2)
		io_uring_prep_read(sqe, pipe_fds[0], buf[i], sizeof(buf[i]), 0);
	else
		io_uring_prep_timeout(sqe, &ts30, 0, 0);
	io_uring_sqe_set_data64(sqe, 500 + i);
	t_eq(uringx_shared_submit(sh, &req, 1, 0), 0);
	tids[i] = t_tid();
	atomic_fetch_add(&parked, 1);
	ret = uringx_shared_wait(sh, req, &c, NULL);
	t_eq(ret, 0);
	t_eq(c.user_data, 500 + i);
	t_eq(c.flags, 0);
	atomic_store(&results[i], c.res);
	return NULL;
}

static void *dispatcher(void *arg)
{
	tids[WAITERS] = t_tid();
	atomic_fetch_add(&parked, 1);
	atomic_store(&dispatch_ret, uringx_shared_dispatch(sh, NULL));
	return NULL;
}

static void *slot_waiter(void *arg)
{
	struct io_uring_sqe *sqes[2];
	__u64 reqs[2];

	tids[WAITERS + 1] = t_tid();
	atomic_fetch_add(&parked, 1);
	/* Asks for more than will ever be free before the shutdown. */
	atomic_store(&get_ret, uringx_shared_get_sqes(sh, sqes, reqs, 2,
		&(struct __kernel_timespec) { .tv_sec = 60 }));
	return NULL;
}

int main(void)
{
	pthread_t th[WAITERS + 2];
	struct io_uring ring;
	unsigned long i;
	int ret;

	t_eq(pipe(pipe_fds), 0);
	t_ring_init(&ring, 16, 0);
	/* WAITERS + 1 slots: one is left, the slot waiter wants two. */
	t_shared_new(&ring, WAITERS + 1, 0, &sh);

	for (i = 0; i < WAITERS; i++)
		t_eq(pthread_create(&th[i], NULL, waiter, (void *) i), 0);
	/* Their slots are taken before the slot waiter asks for two. */
	while (atomic_load(&parked) < WAITERS)
		sched_yield();
	t_eq(pthread_create(&th[WAITERS], NULL, dispatcher, NULL), 0);
	t_eq(pthread_create(&th[WAITERS + 1], NULL, slot_waiter, NULL), 0);
	while (atomic_load(&parked) < WAITERS + 2)
		sched_yield();
	/*
	 * Each has stored its id and is about to make its call; asleep, it
	 * is inside. Freeing before that would be a use after free (on a
	 * slow guest the dispatcher once read the freed magic: -EINVAL).
	 */
	for (i = 0; i < WAITERS + 2; i++)
		t_wait_asleep(tids[i]);

	t_eq(uringx_shared_free(sh), 0);
	for (i = 0; i < WAITERS + 2; i++)
		t_eq(pthread_join(th[i], NULL), 0);
	for (i = 0; i < WAITERS; i++) {
		ret = atomic_load(&results[i]);
		/* A 30 s timeout cannot have expired: cancelled it is. */
		if (ret != -ECANCELED && ret != -EINTR)
			t_fail("waiter %lu: res %d", i, ret);
	}
	ret = atomic_load(&dispatch_ret);
	t_assert(ret == -ESHUTDOWN || ret >= 0, "dispatch: %d", ret);
	ret = atomic_load(&get_ret);
	t_assert(ret == -ESHUTDOWN || ret == 0, "get_sqes: %d", ret);
	t_eq(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	return T_PASS;
}
