/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_R_DISABLED: the ring starts disabled; submitting fails with
 * -EBADFD until IORING_REGISTER_ENABLE_RINGS. Restrictions and wait
 * regions can only be registered in between.
 */
#include "mode-util.h"

int main(void)
{
	struct io_uring_cqe *cqe;
	struct io_uring ring;

	t_ring_init(&ring, 8, IORING_SETUP_R_DISABLED);
	t_queue_nop(&ring, 1);
	t_eq(io_uring_submit(&ring), -EBADFD);
	t_eq(io_uring_submit_and_wait(&ring, 1), -EBADFD);
	t_eq(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);

	t_eq(io_uring_register(ring.ring_fd, IORING_REGISTER_ENABLE_RINGS,
			       NULL, 0), 0);
	/* The nop queued while disabled goes out now. */
	t_eq(io_uring_submit(&ring), 1);
	t_reap(&ring, 1, 0);
	t_roundtrip(&ring, true);

	/* Enabling twice is refused. */
	t_eq(io_uring_register(ring.ring_fd, IORING_REGISTER_ENABLE_RINGS,
			       NULL, 0), -EBADFD);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
