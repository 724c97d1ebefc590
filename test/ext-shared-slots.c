/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared_get_sqes() waiting for a chain of slots: a thread that
 * asks for two while only one is free must sleep (not spin), take both
 * once they are free, and a timed wait that ends short of them must leave
 * the free slot free (all or none).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

#include "shared-util.h"

static struct uringx_shared *sh;
static atomic_int tid_ready;
static pid_t chain_tid;
static atomic_int chain_ret = 1;

/* Asks for two slots, then runs them as two NOPs. */
static void *chain_taker(void *arg)
{
	struct uringx_completion c;
	struct io_uring_sqe *sqes[2];
	__u64 reqs[2];
	int i, ret;

	(void) arg;
	chain_tid = t_tid();
	atomic_store(&tid_ready, 1);
	ret = uringx_shared_get_sqes(sh, sqes, reqs, 2,
		&(struct __kernel_timespec) { .tv_sec = 60 });
	if (ret) {
		atomic_store(&chain_ret, ret);
		return NULL;
	}
	for (i = 0; i < 2; i++) {
		io_uring_prep_nop(sqes[i]);
		io_uring_sqe_set_data64(sqes[i], 70 + i);
	}
	t_eq(uringx_shared_submit(sh, reqs, 2, 0), 0);
	for (i = 0; i < 2; i++) {
		t_eq(uringx_shared_wait(sh, reqs[i], &c, NULL), 0);
		t_eq(c.user_data, 70 + i);
		t_eq(c.res, 0);
	}
	atomic_store(&chain_ret, 0);
	return NULL;
}

int main(void)
{
	struct io_uring_sqe *sqes[4];
	struct io_uring ring;
	pthread_t th;
	__u64 reqs[4];

	t_ring_init(&ring, 8, 0);
	t_shared_new(&ring, 4, 0, &sh);

	/* Three of four taken: a timed ask for two runs out, none taken. */
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 3, NULL), 0);
	t_eq(uringx_shared_get_sqes(sh, sqes + 3, reqs + 3, 2,
		&(struct __kernel_timespec) { .tv_nsec = 20000000 }), -EAGAIN);
	t_eq(uringx_shared_get_sqes(sh, sqes + 3, reqs + 3, 1, NULL), 0);
	t_eq(uringx_shared_unget(sh, reqs + 3, 1), 0);

	/* The thread must sleep with one free, and wake when two are. */
	t_eq(pthread_create(&th, NULL, chain_taker, NULL), 0);
	while (!atomic_load(&tid_ready))
		sched_yield();
	t_wait_asleep(chain_tid);
	t_eq(atomic_load(&chain_ret), 1);
	t_eq(uringx_shared_unget(sh, reqs, 1), 0);
	t_eq(pthread_join(th, NULL), 0);
	t_eq(atomic_load(&chain_ret), 0);

	/* All four are free again: two left reserved, two more to take. */
	t_eq(uringx_shared_unget(sh, reqs + 1, 2), 0);
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 4, NULL), 0);
	t_eq(uringx_shared_unget(sh, reqs, 4), 0);

	t_eq(uringx_shared_free(sh), 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
