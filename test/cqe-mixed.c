/* SPDX-License-Identifier: MIT */
/*
 * A CQE_MIXED ring holds 16- and 32-byte CQEs side by side. A 32-byte one
 * (here from a nop with IORING_NOP_CQE32) is flagged IORING_CQE_F_32 and
 * takes two slots; when it would straddle the end of the ring the kernel
 * first posts a one-slot filler flagged IORING_CQE_F_SKIP. The peek/wait
 * helpers must consume fillers silently and advance by io_uring_cqe_nr().
 */
#include "helpers.h"
#include "prep-util.h"

int main(void)
{
	struct io_uring_params p = { 0 };
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int round, i;

	/* 8 CQ slots: small and big CQEs soon wrap around. */
	p.flags = IORING_SETUP_CQE_MIXED | IORING_SETUP_CQSIZE;
	p.cq_entries = 8;
	t_ring_init_params(&ring, 4, &p);
	t_eq(io_uring_cqe_shift(&ring), 0);

	for (round = 0; round < 6; round++) {
		/* small, small, big, small: 5 slots; round 1's big wraps. */
		t_queue_nop(&ring, 100 * round + 1, false);
		t_queue_nop(&ring, 100 * round + 2, false);
		t_queue_nop(&ring, 100 * round + 3, true);
		t_queue_nop(&ring, 100 * round + 4, false);
		t_submit(&ring, 4);
		for (i = 1; i <= 4; i++) {
			t_eq(io_uring_wait_cqe(&ring, &cqe), 0);
			t_eq(cqe->user_data, 100 * round + i);
			t_eq(cqe->res, 0);
			t_eq(cqe->flags, i == 3 ? IORING_CQE_F_32 : 0);
			t_eq(io_uring_cqe_nr(cqe), i == 3 ? 2 : 1);
			if (i == 3) {
				/* The second half of a big CQE is readable. */
				t_eq(cqe->big_cqe[0], 0);
				t_eq(cqe->big_cqe[1], 0);
			}
			io_uring_cqe_seen(&ring, cqe);
		}
		t_eq(io_uring_cq_ready(&ring), 0);
	}
	/* 30 slots were shown; the rest of the head's travel is fillers. */
	t_assert(*ring.cq.khead > 30, "no filler CQE was ever posted");

	/* The same through io_uring_cqe_iter, which does not skip fillers. */
	for (round = 0; round < 4; round++) {
		struct io_uring_cqe_iter it;
		unsigned int slots = 0, seen = 0;

		t_queue_nop(&ring, 1, true);
		t_queue_nop(&ring, 2, false);
		t_submit(&ring, 2);
		t_eq(io_uring_wait_cqe_nr(&ring, &cqe, 2), 0);
		it = io_uring_cqe_iter_init(&ring);
		while (io_uring_cqe_iter_next(&it, &cqe)) {
			slots += io_uring_cqe_nr(cqe);
			if (cqe->flags & IORING_CQE_F_SKIP)
				continue;
			seen++;
			t_eq(cqe->user_data, seen);
			t_eq(cqe->flags, seen == 1 ? IORING_CQE_F_32 : 0);
		}
		t_eq(seen, 2);
		t_eq(slots, io_uring_cq_ready(&ring));
		io_uring_cq_advance(&ring, slots);
	}
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);

	/* On a ring without CQE_MIXED the flag is refused. */
	t_ring_init(&ring, 4, 0);
	t_queue_nop(&ring, 9, true);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 9, -EINVAL, 0, T_WAIT_MS);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
