/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_CQSIZE and CLAMP: the CQ gets cq_entries (rounded up to a
 * power of two) instead of twice the SQ; CLAMP caps sizes at the kernel's
 * maximum instead of failing.
 */
#include "mode-util.h"

static void sizes(unsigned int entries, unsigned int flags,
		  unsigned int cq_entries, unsigned int want_sq,
		  unsigned int want_cq)
{
	struct io_uring_params p;
	struct io_uring ring;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.cq_entries = cq_entries;
	t_ring_init_params(&ring, entries, &p);
	t_eq(p.sq_entries, want_sq);
	t_eq(p.cq_entries, want_cq);
	t_eq(ring.sq.ring_entries, want_sq);
	t_eq(ring.cq.ring_entries, want_cq);
	t_eq(ring.cq.ring_mask, want_cq - 1);
	if (want_sq <= 1024)
		t_roundtrip(&ring, true);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	sizes(8, IORING_SETUP_CQSIZE, 64, 8, 64);
	sizes(5, IORING_SETUP_CQSIZE, 100, 8, 128);
	sizes(8, 0, 0, 8, 16);
	sizes(100000, IORING_SETUP_CLAMP, 0, 32768, 65536);
	sizes(8, IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP, 1000000, 8, 65536);

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 4;	/* smaller than the SQ */
	t_eq(io_uring_queue_init_params(8, &ring, &p), -EINVAL);
	return T_PASS;
}
