/* SPDX-License-Identifier: MIT */
/*
 * CQ overflow: ten times more completions than the CQ holds, none reaped
 * until all are submitted. The kernel (IORING_FEAT_NODROP) keeps the
 * surplus and raises IORING_SQ_CQ_OVERFLOW; the library must flush it as
 * the CQ drains, so every CQE arrives, in order, whatever reads them.
 */
#include "mode-util.h"

#define SQ_ENTRIES	8
#define CQ_ENTRIES	16
#define TOTAL		(10 * CQ_ENTRIES)

static void fill(struct io_uring *ring)
{
	unsigned int i;

	for (i = 0; i < TOTAL; i++) {
		t_queue_nop(ring, i);
		if (io_uring_sq_space_left(ring) == 0)
			t_eq(io_uring_submit(ring), SQ_ENTRIES);
	}
	t_eq(io_uring_sq_ready(ring), 0);
	t_assert(io_uring_cq_has_overflow(ring), "no overflow flagged");
	t_eq(*ring->cq.koverflow, 0);	/* nothing dropped */
}

static void drain(struct io_uring *ring, int how)
{
	struct io_uring_cqe *cqes[8];
	struct io_uring_cqe *cqe;
	unsigned int next = 0, n, i;

	while (next < TOTAL) {
		switch (how) {
		case 0:
			t_eq(io_uring_wait_cqe(ring, &cqe), 0);
			t_check_cqe(cqe, next++, 0, 0);
			io_uring_cqe_seen(ring, cqe);
			break;
		case 1:
			t_eq(io_uring_peek_cqe(ring, &cqe), 0);
			t_check_cqe(cqe, next++, 0, 0);
			io_uring_cqe_seen(ring, cqe);
			break;
		case 2:
			n = io_uring_peek_batch_cqe(ring, cqes, 8);
			t_assert(n > 0, "peek_batch found nothing at %u", next);
			for (i = 0; i < n; i++)
				t_check_cqe(cqes[i], next++, 0, 0);
			io_uring_cq_advance(ring, n);
			break;
		default:
			t_eq(io_uring_wait_cqe_nr(ring, &cqe, 4), 0);
			for (i = 0; i < 4; i++) {
				t_eq(io_uring_peek_cqe(ring, &cqe), 0);
				t_check_cqe(cqe, next++, 0, 0);
				io_uring_cqe_seen(ring, cqe);
			}
			break;
		}
	}
	t_assert(!io_uring_cq_has_overflow(ring), "overflow left");
	t_eq(io_uring_peek_cqe(ring, &cqe), -EAGAIN);
}

static void run(unsigned int flags)
{
	struct io_uring_params p;
	struct io_uring ring;
	int how;

	for (how = 0; how < 4; how++) {
		memset(&p, 0, sizeof(p));
		p.flags = flags | IORING_SETUP_CQSIZE;
		p.cq_entries = CQ_ENTRIES;
		t_ring_init_params(&ring, SQ_ENTRIES, &p);
		if (!(ring.features & IORING_FEAT_NODROP))
			t_skip("no IORING_FEAT_NODROP (Linux 5.5)");
		fill(&ring);
		drain(&ring, how);
		t_roundtrip(&ring, false);
		io_uring_queue_exit(&ring);
	}
}

int main(void)
{
	run(0);
	run(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	run(IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG);
	return T_PASS;
}
