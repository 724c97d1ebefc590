/* SPDX-License-Identifier: MIT */
/*
 * io_uring_resize_rings(): the rings grow and shrink under a live ring,
 * unreaped CQEs and not yet submitted SQEs survive, nothing leaks.
 */
#include "register-util.h"

static void queue_nops(struct io_uring *ring, int nr, __u64 first)
{
	int i;

	for (i = 0; i < nr; i++) {
		struct io_uring_sqe *sqe = t_get_sqe(ring);

		io_uring_prep_nop(sqe);
		sqe->user_data = first + i;
	}
}

static void reap_nops(struct io_uring *ring, int nr, __u64 first)
{
	int i;

	for (i = 0; i < nr; i++)
		t_expect_cqe(ring, first + i, 0, 0, 5000);
	t_eq(io_uring_cq_ready(ring), 0);
}

static int resize(struct io_uring *ring, unsigned int sq, unsigned int cq)
{
	struct io_uring_params p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.sq_entries = sq;
	p.cq_entries = cq;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(ring, &p);
	/* The library leaves p ready for the next call. */
	t_eq(p.flags, 0);
	if (!ret) {
		t_eq(ring->sq.ring_entries, sq);
		t_eq(ring->cq.ring_entries, cq);
		t_eq(ring->sq.ring_mask, sq - 1);
		t_eq(ring->cq.ring_mask, cq - 1);
	}
	return ret;
}

/* Grow with CQEs pending and SQEs prepared but not submitted. */
static void keeps_pending(struct io_uring *ring, unsigned int sq,
			  unsigned int cq, __u64 base)
{
	/* README: 2.15 does not keep unsubmitted SQEs; queue them after. */
	bool sqes_kept = !t_peer_library();

	queue_nops(ring, 5, base);
	t_submit(ring, 5);
	t_eq(io_uring_cq_ready(ring), 5);
	if (sqes_kept) {
		queue_nops(ring, 3, base + 5);
		t_eq(io_uring_sq_ready(ring), 3);
	}

	t_eq(resize(ring, sq, cq), 0);
	t_eq(io_uring_cq_ready(ring), 5);
	if (!sqes_kept)
		queue_nops(ring, 3, base + 5);
	t_eq(io_uring_sq_ready(ring), 3);
	reap_nops(ring, 5, base);
	t_submit(ring, 3);
	reap_nops(ring, 3, base + 5);
}

int main(void)
{
	struct io_uring_params p;
	struct io_uring ring, plain;
	int fds, maps, ring_maps, ret, i;

	fds = t_count_fds();
	maps = t_count_maps();

	/* Only DEFER_TASKRUN rings can be resized. */
	t_ring_init(&plain, 8, 0);
	ret = resize(&plain, 16, 32);
	t_eq(ret, -EINVAL);
	io_uring_queue_exit(&plain);

	t_ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
			      IORING_SETUP_DEFER_TASKRUN);
	ring_maps = t_count_maps();
	ret = resize(&ring, 16, 32);
	if (ret == -EINVAL)
		t_skip("kernel lacks IORING_REGISTER_RESIZE_RINGS");
	t_eq(ret, 0);
	/* The old rings were unmapped, the new ones mapped. */
	if (!t_peer_library())	/* README: 2.15 keeps the old SQE array */
		t_eq(t_count_maps(), ring_maps);

	keeps_pending(&ring, 64, 128, 100);
	/* Shrink, many times, so the indexes wrap around the new masks. */
	for (i = 0; i < 20; i++)
		keeps_pending(&ring, i & 1 ? 8 : 16, i & 1 ? 16 : 32,
			      1000 + 10 * i);

	/* Too many CQEs for the new CQ: refused, nothing lost. */
	queue_nops(&ring, 8, 500);
	t_submit(&ring, 8);
	t_eq(resize(&ring, 4, 4), -EOVERFLOW);
	t_eq(ring.cq.ring_entries, 16);
	reap_nops(&ring, 8, 500);

	/* Argument errors. */
	/* README: 2.15 dereferences a NULL params and crashes. */
	if (!t_peer_library())
		t_eq(io_uring_resize_rings(&ring, NULL), -EINVAL);
	t_eq_null(io_uring_resize_rings(NULL, &p), -EFAULT);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 8;
	p.flags = IORING_SETUP_SQPOLL;
	t_eq(io_uring_resize_rings(&ring, &p), -EINVAL);
	t_eq(p.flags, 0);
	t_eq(resize(&ring, 0, 16), -EINVAL);
	t_eq(resize(&ring, 8, 4), -EINVAL);
	t_eq(resize(&ring, 1U << 20, 1U << 21), -EINVAL);

	if (!t_peer_library())	/* README: 2.15 keeps old SQE arrays */
		t_eq(t_count_maps(), ring_maps);
	/* Still fully working after all that. */
	queue_nops(&ring, 2, 900);
	t_submit(&ring, 2);
	reap_nops(&ring, 2, 900);

	/* No descriptor to map the new rings through: refused up front. */
	if (io_uring_register_ring_fd(&ring) == 1 &&
	    io_uring_close_ring_fd(&ring) == 1) {
		memset(&p, 0, sizeof(p));
		p.sq_entries = 16;
		t_eq(io_uring_resize_rings(&ring, &p), -EBADF);
		t_eq(ring.sq.ring_entries, 8);
		/* README: 2.15 has let the kernel resize: the ring is lost. */
		if (!t_peer_library()) {
			queue_nops(&ring, 1, 950);
			t_submit(&ring, 1);
			reap_nops(&ring, 1, 950);
		}
	}
	io_uring_queue_exit(&ring);

	t_eq(t_count_fds(), fds);
	if (!t_peer_library())	/* README: 2.15 keeps old SQE arrays */
		t_eq(t_count_maps(), maps);
	return T_PASS;
}
