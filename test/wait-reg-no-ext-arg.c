/* SPDX-License-Identifier: MIT */
/*
 * io_uring_submit_and_wait_reg() on a ring without IORING_FEAT_EXT_ARG
 * (the library decides from ring->features, so clearing the bit stands in
 * for a kernel older than 5.11). The call fails with -EINVAL before it
 * touches the SQ: nothing is published or submitted, and the prepared
 * SQEs go out with the next submit as if the call had not been made.
 */
#include "mode-util.h"

int main(void)
{
	struct io_uring_cqe *cqe = NULL;
	unsigned int ktail, khead;
	struct io_uring ring;

	t_ring_init(&ring, 8, 0);
	t_queue_nop(&ring, 1);
	t_queue_nop(&ring, 2);
	t_eq(ring.sq.sqe_tail - ring.sq.sqe_head, 2);
	ktail = *ring.sq.ktail;
	khead = *ring.sq.khead;

	ring.features &= ~IORING_FEAT_EXT_ARG;
	t_enter_reset();
	t_eq(io_uring_submit_and_wait_reg(&ring, &cqe, 1, 0), -EINVAL);
	if (t_enter_counted())
		t_eq(t_enter_calls, 0);
	/* README: 2.15 publishes the SQEs before it refuses (liburing#1628). */
	if (!t_peer_library()) {
		t_eq(*ring.sq.ktail, ktail);
		t_eq(ring.sq.sqe_tail - ring.sq.sqe_head, 2);
	}
	t_eq(*ring.sq.khead, khead);
	t_eq(io_uring_sq_ready(&ring), 2);
	t_eq(io_uring_cq_ready(&ring), 0);

	/* The SQEs are still there for an ordinary submit. */
	t_eq(io_uring_submit(&ring), 2);
	t_reap(&ring, 1, 0);
	t_reap(&ring, 2, 0);
	t_eq(io_uring_cq_ready(&ring), 0);

	io_uring_queue_exit(&ring);
	return T_PASS;
}
