/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_SQE128 and CQE32: every SQE slot is 128 bytes and every CQE
 * 32, so the library must index both arrays with the right shift.
 */
#include "mode-util.h"

static void big(unsigned int flags)
{
	struct io_uring_sqe *a, *b;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int i;

	t_ring_init(&ring, 8, flags);
	t_roundtrip(&ring, true);

	/* Consecutive SQEs sit one big slot apart. */
	a = io_uring_get_sqe(&ring);
	b = io_uring_get_sqe(&ring);
	t_eq((char *) b - (char *) a,
	     (flags & IORING_SETUP_SQE128) ? 128 : 64);
	io_uring_prep_nop(a);
	io_uring_sqe_set_data64(a, 1);
	io_uring_prep_nop(b);
	io_uring_sqe_set_data64(b, 2);
	t_eq(io_uring_submit_and_wait(&ring, 2), 2);

	/* So do consecutive CQEs, and the extra half is zeroed. */
	for (i = 1; i <= 2; i++) {
		t_eq(io_uring_wait_cqe(&ring, &cqe), 0);
		t_check_cqe(cqe, i, 0, 0);
		if (flags & IORING_SETUP_CQE32) {
			t_eq(cqe->big_cqe[0], 0);
			t_eq(cqe->big_cqe[1], 0);
		}
		io_uring_cqe_seen(&ring, cqe);
	}
	t_eq((char *) &ring.cq.cqes[1 << io_uring_cqe_shift(&ring)] -
	     (char *) ring.cq.cqes, (flags & IORING_SETUP_CQE32) ? 32 : 16);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	big(IORING_SETUP_SQE128);
	big(IORING_SETUP_CQE32);
	big(IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
	return T_PASS;
}
