/* SPDX-License-Identifier: MIT */
/*
 * io_uring_peek_batch_cqe() on an IORING_SETUP_CQE_MIXED ring (Linux
 * 6.18). A 32-byte CQE (IORING_CQE_F_32) is one CQE in two slots, and the
 * padding the kernel posts when one would straddle the end of the ring
 * (IORING_CQE_F_SKIP) is never returned. Padding at the head is consumed
 * by the call; padding after the first CQE ends the batch. So releasing
 * the batch with io_uring_cqe_seen() on each CQE, or io_uring_cq_advance()
 * by the sum of their io_uring_cqe_nr(), consumes exactly those slots.
 */
#include "helpers.h"
#include "prep-util.h"

#define CQ_SLOTS	8

/* Post CQEs for nops user_data first.., big where bigs has a 1. */
static void post(struct io_uring *ring, __u64 first, const char *bigs)
{
	unsigned int i, slots = 0;

	for (i = 0; bigs[i]; i++)
		t_queue_nop(ring, first + i, bigs[i] == '1');
	t_submit(ring, i);
	/* Every nop completes inline; count slots, padding included. */
	for (i = 0; bigs[i]; i++)
		slots += bigs[i] == '1' ? 2 : 1;
	t_assert(io_uring_cq_ready(ring) >= slots, "nops not all posted");
}

/* Check cqes[0..n-1] are nops first.., big where bigs has a 1. */
static unsigned int check_batch(struct io_uring_cqe **cqes, unsigned int n,
				__u64 first, const char *bigs)
{
	unsigned int i, slots = 0;

	t_eq(n, strlen(bigs));
	for (i = 0; i < n; i++) {
		bool big = bigs[i] == '1';

		t_eq(cqes[i]->user_data, first + i);
		t_eq(cqes[i]->res, 0);
		t_eq(cqes[i]->flags, big ? IORING_CQE_F_32 : 0);
		t_eq(io_uring_cqe_nr(cqes[i]), big ? 2 : 1);
		slots += io_uring_cqe_nr(cqes[i]);
	}
	return slots;
}

/* Move the CQ head and tail to slot pos of the ring. */
static void move_to(struct io_uring *ring, unsigned int pos)
{
	while ((*ring->cq.khead & (CQ_SLOTS - 1)) != pos) {
		struct io_uring_cqe *cqe;

		t_queue_nop(ring, 999, false);
		t_submit(ring, 1);
		t_eq(io_uring_wait_cqe(ring, &cqe), 0);
		t_eq(cqe->user_data, 999);
		io_uring_cqe_seen(ring, cqe);
	}
	t_eq(io_uring_cq_ready(ring), 0);
}

int main(void)
{
	struct io_uring_cqe *cqes[16];
	struct io_uring_params p = { 0 };
	struct io_uring ring;
	unsigned int n, slots, head;
	int ret;

	p.flags = IORING_SETUP_CQE_MIXED | IORING_SETUP_CQSIZE;
	p.cq_entries = CQ_SLOTS;
	ret = io_uring_queue_init_params(4, &ring, &p);
	if (ret == -EINVAL)
		t_skip("no IORING_SETUP_CQE_MIXED (Linux 6.18)");
	t_eq(ret, 0);

	/* Two plain and two big nops: four CQEs in six slots. */
	post(&ring, 1, "0011");
	t_eq(io_uring_cq_ready(&ring), 6);
	n = io_uring_peek_batch_cqe(&ring, cqes, 16);
	slots = check_batch(cqes, n, 1, "0011");
	t_eq(slots, 6);
	/* Peeking does not consume: the same batch again. */
	t_eq(io_uring_peek_batch_cqe(&ring, cqes, 16), 4);
	io_uring_cq_advance(&ring, slots);
	t_eq(io_uring_cq_ready(&ring), 0);
	t_eq(io_uring_peek_batch_cqe(&ring, cqes, 16), 0);

	/* count caps CQEs, not slots: big, plain, big -> first two. */
	post(&ring, 10, "101");
	n = io_uring_peek_batch_cqe(&ring, cqes, 2);
	slots = check_batch(cqes, n, 10, "10");
	io_uring_cq_advance(&ring, slots);
	n = io_uring_peek_batch_cqe(&ring, cqes, 2);
	check_batch(cqes, n, 12, "1");
	io_uring_cqe_seen(&ring, cqes[0]);
	t_eq(io_uring_cq_ready(&ring), 0);

	/*
	 * Padding after the first CQE: plain, plain at slots 5 and 6, then
	 * a big one that cannot fit in slot 7. The batch stops before the
	 * padding; the next call consumes it and returns the big CQE.
	 */
	move_to(&ring, 5);
	post(&ring, 20, "001");
	t_eq(io_uring_cq_ready(&ring), 5);
	n = io_uring_peek_batch_cqe(&ring, cqes, 16);
	check_batch(cqes, n, 20, "00");
	io_uring_cqe_seen(&ring, cqes[0]);
	io_uring_cqe_seen(&ring, cqes[1]);
	head = *ring.cq.khead;
	n = io_uring_peek_batch_cqe(&ring, cqes, 16);
	t_eq(*ring.cq.khead, head + 1);
	t_eq((*ring.cq.khead) & (CQ_SLOTS - 1), 0);
	slots = check_batch(cqes, n, 22, "1");
	io_uring_cq_advance(&ring, slots);
	t_eq(io_uring_cq_ready(&ring), 0);

	/* Padding at the head, then a big and a plain CQE. */
	move_to(&ring, 7);
	post(&ring, 30, "10");
	t_eq(io_uring_cq_ready(&ring), 4);
	n = io_uring_peek_batch_cqe(&ring, cqes, 16);
	slots = check_batch(cqes, n, 30, "10");
	t_eq(io_uring_cq_ready(&ring), 3);
	io_uring_cq_advance(&ring, slots);
	t_eq(io_uring_cq_ready(&ring), 0);

	/* Nothing left over anywhere. */
	t_eq(io_uring_peek_batch_cqe(&ring, cqes, 16), 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
