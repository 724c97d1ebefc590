/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_SINGLE_ISSUER: the task that created the ring is the only
 * one allowed to submit; another thread gets -EEXIST.
 */
#include <pthread.h>

#include "mode-util.h"

static void *submit_elsewhere(void *arg)
{
	struct io_uring *ring = arg;

	return (void *) (intptr_t) io_uring_submit(ring);
}

int main(void)
{
	struct io_uring ring;
	pthread_t thread;
	void *res;

	t_ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER);
	t_roundtrip(&ring, true);

	t_queue_nop(&ring, 3);
	t_assert(!pthread_create(&thread, NULL, submit_elsewhere, &ring),
		 "pthread_create");
	pthread_join(thread, &res);
	t_eq((intptr_t) res, -EEXIST);

	/* The owner still submits the nop that is left in the SQ. */
	t_eq(io_uring_submit(&ring), 1);
	t_reap(&ring, 3, 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
