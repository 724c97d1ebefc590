/* SPDX-License-Identifier: MIT */
/*
 * The timed waits on a kernel without IORING_FEAT_EXT_ARG, forced by
 * clearing the feature bit: the library queues its own timeout request.
 * Corner cases: the SQ is full when the wait starts (what is queued goes
 * out first), enough CQEs are already there (no timeout is armed, queued
 * SQEs are still submitted), the internal timeout's CQE never reaches the
 * application, and no timeout request outlives its wait to cut a later
 * one short.
 */
#include "helpers.h"

static void queue_nops(struct io_uring *ring, unsigned int nr, __u64 first)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		t_assert(sqe, "SQ full at %u", i);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, first + i);
	}
}

int main(void)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned int i;
	int ret;

	t_ring_init(&ring, 4, 0);
	ring.features &= ~IORING_FEAT_EXT_ARG;

	/* A full SQ: the four nops go first, then the timeout request. */
	queue_nops(&ring, 4, 10);
	t_eq(io_uring_sq_space_left(&ring), 0);
	ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
	t_assert(ret >= 0, "wait with a full SQ: %d", ret);
	for (i = 0; i < 4; i++) {
		if (i)
			t_eq(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), 0);
		t_eq(cqe->user_data, 10 + i);
		t_eq(cqe->res, 0);
		io_uring_cqe_seen(&ring, cqe);
	}
	/* README: 2.15 returns counts here, and its timeouts outlive waits. */
	if (t_peer_library()) {
		io_uring_queue_exit(&ring);
		return T_PASS;
	}
	/* The library's timeout fires and is swallowed: -ETIME, no CQE. */
	t_eq(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	t_eq(io_uring_cq_ready(&ring), 0);

	/* Enough CQEs already: no timeout armed, queued SQEs still go out. */
	queue_nops(&ring, 2, 20);
	t_eq(io_uring_submit_and_wait(&ring, 2), 2);
	queue_nops(&ring, 1, 30);
	ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 2, &ts, NULL);
	t_eq(ret, 1);
	t_eq(cqe->user_data, 20);
	io_uring_cq_advance(&ring, 2);
	t_expect_cqe(&ring, 30, 0, 0, 1000);
	t_eq(io_uring_sq_ready(&ring), 0);
	/* Nothing armed behind our back: a later wait runs its full time. */
	t_eq(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);

	/*
	 * More wanted than the CQ holds, with the CQ full: that is all the
	 * wait can get (the timeout's CQE, when it fires, can only go to
	 * the kernel's overflow list). It ends at once, showing the oldest.
	 */
	for (i = 0; i < ring.cq.ring_entries; i += 4) {
		queue_nops(&ring, 4, 40 + i);
		t_eq(io_uring_submit(&ring), 4);
	}
	t_eq(io_uring_cq_ready(&ring), ring.cq.ring_entries);
	t_eq(io_uring_wait_cqes(&ring, &cqe, ring.cq.ring_entries + 2, &ts,
				NULL), 0);
	t_eq(cqe->user_data, 40);
	io_uring_cq_advance(&ring, ring.cq.ring_entries);
	/*
	 * The one place a timeout request outlives its wait: nothing more
	 * can complete while the CQ is full, so its count is not met and
	 * it fires later, ending whichever wait comes next with -ETIME.
	 */
	io_uring_queue_exit(&ring);
	return T_PASS;
}
