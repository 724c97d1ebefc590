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

/*
 * The CQEs of nops 1 and 3 (res 0) and of the bad SQE 2 (-EINVAL), in
 * any order: kernels before 6.2 post the failure before the nops.
 */
static void reap_batch(struct io_uring *ring, unsigned int nr)
{
	bool seen[4] = { false };
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct io_uring_cqe *cqe;
		__u64 ud;

		t_eq(io_uring_wait_cqe(ring, &cqe), 0);
		ud = cqe->user_data;
		t_assert(ud >= 1 && ud <= 3 && !seen[ud], "user_data %llu",
			 (unsigned long long) ud);
		seen[ud] = true;
		t_eq(cqe->res, ud == 2 ? -EINVAL : 0);
		t_eq(cqe->flags, 0);
		io_uring_cqe_seen(ring, cqe);
	}
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
	reap_batch(&ring, 3);
	io_uring_queue_exit(&ring);

	t_ring_init(&ring, 8, 0);
	t_queue_nop(&ring, 1);
	queue_bad(&ring, 2);
	t_queue_nop(&ring, 3);
	t_eq(io_uring_submit(&ring), 2);
	reap_batch(&ring, 2);
	t_eq(io_uring_sq_ready(&ring), 1);
	t_eq(io_uring_submit(&ring), 1);
	t_reap(&ring, 3, 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
