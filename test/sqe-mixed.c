/* SPDX-License-Identifier: MIT */
/*
 * 128-byte SQEs: io_uring_get_sqe128() and nop128 on an SQE_MIXED ring,
 * where a big SQE takes two slots and never wraps (a skipped nop fills
 * the last slot instead), and on an SQE128 ring.
 */
#include "helpers.h"
#include "prep-util.h"

static void mixed(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	int round;

	t_ring_init(&ring, 8, IORING_SETUP_SQE_MIXED);
	for (round = 0; round < 8; round++) {
		/* One small, one big: 3 slots, so the big one hits the end. */
		sqe = t_get_sqe(&ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = 1;
		sqe = io_uring_get_sqe128(&ring);
		t_assert(sqe, "get_sqe128 in round %d", round);
		t_assert(sqe != &ring.sq.sqes[ring.sq.ring_mask],
			 "a big SQE in the last slot");
		io_uring_prep_nop128(sqe);
		sqe->user_data = 2;
		t_assert(io_uring_submit(&ring) >= 2, "submit");
		t_expect_cqe(&ring, 1, 0, 0, T_WAIT_MS);
		t_expect_cqe(&ring, 2, 0, 0, T_WAIT_MS);
		t_expect_no_cqe(&ring, 0);
	}
	/* A full SQ has no room for two slots. */
	while (io_uring_sq_space_left(&ring) > 1)
		io_uring_prep_nop(t_get_sqe(&ring));
	t_assert(!io_uring_get_sqe128(&ring), "get_sqe128 with one slot");
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_SQE_MIXED };
	struct io_uring probe;
	int ret;

	ret = io_uring_queue_init_params(2, &probe, &p);
	if (ret == -EINVAL)
		t_skip("kernel refuses IORING_SETUP_SQE_MIXED");
	t_assert(ret == 0, "setup: %s", strerror(-ret));
	io_uring_queue_exit(&probe);
	mixed();
	return T_PASS;
}
