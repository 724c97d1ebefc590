/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_SQE_MIXED: 64- and 128-byte SQEs share the SQ; a big one
 * (from io_uring_get_sqe128) takes two slots and never wraps.
 */
#include "mode-util.h"

int main(void)
{
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	unsigned int round;

	t_ring_init(&ring, 8, IORING_SETUP_SQE_MIXED);
	t_roundtrip(&ring, true);

	/* Odd and even starting slots, so a big SQE meets the wrap. */
	for (round = 0; round < 12; round++) {
		sqe = io_uring_get_sqe128(&ring);
		t_assert(sqe, "get_sqe128");
		io_uring_prep_rw(IORING_OP_NOP128, sqe, -1, NULL, 0, 0);
		io_uring_sqe_set_data64(sqe, 300 + round);
		t_queue_nop(&ring, 400 + round);
		t_assert(io_uring_submit_and_wait(&ring, 2) >= 2, "submit");
		t_reap(&ring, 300 + round, 0);
		t_reap(&ring, 400 + round, 0);
	}
	io_uring_queue_exit(&ring);
	return T_PASS;
}
