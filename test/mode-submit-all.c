/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_SUBMIT_ALL: a bad SQE in a batch fails on its own and the
 * rest are still submitted. Without it, submission stops after the bad
 * one and what follows stays in the SQ.
 */
#include "mode-util.h"

static void queue_bad(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_nop(sqe);
	sqe->opcode = 0xfe;	/* no such opcode */
	io_uring_sqe_set_data64(sqe, user_data);
}

int main(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 8, IORING_SETUP_SUBMIT_ALL);
	t_roundtrip(&ring, true);
	t_queue_nop(&ring, 1);
	queue_bad(&ring, 2);
	t_queue_nop(&ring, 3);
	t_eq(io_uring_submit(&ring), 3);
	t_reap(&ring, 1, 0);
	t_reap(&ring, 2, -EINVAL);
	t_reap(&ring, 3, 0);
	io_uring_queue_exit(&ring);

	t_ring_init(&ring, 8, 0);
	t_queue_nop(&ring, 1);
	queue_bad(&ring, 2);
	t_queue_nop(&ring, 3);
	t_eq(io_uring_submit(&ring), 2);
	t_reap(&ring, 1, 0);
	t_reap(&ring, 2, -EINVAL);
	t_eq(io_uring_sq_ready(&ring), 1);
	t_eq(io_uring_submit(&ring), 1);
	t_reap(&ring, 3, 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
