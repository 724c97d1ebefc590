/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_CQE_MIXED (Linux 6.18): 16- and 32-byte CQEs share the CQ.
 * A big CQE takes two slots and is flagged IORING_CQE_F_32; when only the
 * last slot is left before the wrap, the kernel pads it with a CQE flagged
 * IORING_CQE_F_SKIP, which the library consumes without showing it.
 */
#include "mode-util.h"

static void queue_nop32(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	io_uring_prep_nop(sqe);
	sqe->nop_flags = IORING_NOP_CQE32;
	io_uring_sqe_set_data64(sqe, user_data);
}

int main(void)
{
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	unsigned int i, round;

	t_ring_init(&ring, 8, IORING_SETUP_CQE_MIXED);
	t_eq(ring.cq.ring_entries, 16);
	t_roundtrip(&ring, true);

	/*
	 * Walk the CQ around several times with a big CQE at every odd
	 * position, so one lands on the last slot before the wrap.
	 */
	for (round = 0; round < 8; round++) {
		queue_nop32(&ring, 100 + round);
		for (i = 0; i < 2; i++)
			t_queue_nop(&ring, 200 + i);
		t_eq(io_uring_submit_and_wait(&ring, 3), 3);

		t_eq(io_uring_wait_cqe(&ring, &cqe), 0);
		t_check_cqe(cqe, 100 + round, 0, IORING_CQE_F_32);
		t_eq(io_uring_cqe_nr(cqe), 2);
		io_uring_cqe_seen(&ring, cqe);
		for (i = 0; i < 2; i++)
			t_reap(&ring, 200 + i, 0);
		t_eq(io_uring_cq_ready(&ring), 0);
	}
	io_uring_queue_exit(&ring);
	return T_PASS;
}
