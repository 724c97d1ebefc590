/* SPDX-License-Identifier: MIT */
/*
 * Queue helpers beyond liburing: reserve a whole chain of SQEs or none,
 * and copy CQEs out of the ring by value.
 */
#include <string.h>

#include "liburing.h"
#include "liburing/ext.h"

/*
 * nr SQEs, all or nothing. A linked chain taken one io_uring_get_sqe() at
 * a time can run out of room halfway; a half chain submitted later would
 * run its first links alone. Here the room is checked once, up front.
 */
int uringx_get_sqes(struct io_uring *ring, struct io_uring_sqe **sqes,
		    unsigned int nr)
{
	struct io_uring_sq *sq;
	unsigned int head, tail, shift, i;

	if (!ring || !sqes)
		return -EFAULT;
	sq = &ring->sq;
	if (!nr || nr > sq->ring_entries)
		return -EINVAL;

	head = io_uring_load_sq_head(ring);
	tail = sq->sqe_tail;
	if (tail - head > sq->ring_entries - nr)
		return -EAGAIN;

	shift = io_uring_sqe_shift(ring);
	for (i = 0; i < nr; i++) {
		struct io_uring_sqe *sqe;

		sqe = &sq->sqes[((tail + i) & sq->ring_mask) << shift];
		__io_uring_clear_sqe(sqe);
		sqes[i] = sqe;
	}
	sq->sqe_tail = tail + nr;
	return 0;
}

/*
 * Take back the last nr SQEs handed out. Only SQEs not yet published by
 * a submit can come back: the kernel may already be reading the others.
 */
int uringx_unget_sqes(struct io_uring *ring, unsigned int nr)
{
	struct io_uring_sq *sq;

	if (!ring)
		return -EFAULT;
	sq = &ring->sq;
	if (nr > sq->sqe_tail - sq->sqe_head)
		return -EINVAL;
	sq->sqe_tail -= nr;
	return 0;
}

/* CQEs the application never sees: mixed-ring padding, library timeouts. */
static bool internal_cqe(const struct io_uring *ring,
			 const struct io_uring_cqe *cqe)
{
	if (cqe->flags & IORING_CQE_F_SKIP)
		return true;
	return !(ring->features & IORING_FEAT_EXT_ARG) &&
	       cqe->user_data == LIBURING_UDATA_TIMEOUT;
}

int uringx_copy_cqes(struct io_uring *ring, struct io_uring_cqe *cqes,
		     unsigned int nr, unsigned int wait_nr)
{
	struct io_uring_cqe *cqe;
	unsigned int shift, head, tail, filled = 0;
	int ret;

	if (!ring || (!cqes && nr))
		return -EFAULT;

	if (wait_nr) {
		ret = io_uring_wait_cqe_nr(ring, &cqe, wait_nr);
		if (ret < 0)
			return ret;
	} else {
		/* Lets the kernel flush what it holds back (overflow, task work). */
		ret = io_uring_peek_cqe(ring, &cqe);
		if (ret == -EAGAIN)
			return 0;
		if (ret < 0)
			return ret;
	}

	shift = io_uring_cqe_shift(ring);
	head = *ring->cq.khead;
	/* Acquire pairs with the kernel's release of the CQ tail. */
	tail = io_uring_smp_load_acquire(ring->cq.ktail);
	while (head != tail) {
		unsigned int slots;

		cqe = &ring->cq.cqes[(head & ring->cq.ring_mask) << shift];
		slots = io_uring_cqe_nr(cqe);
		if (!internal_cqe(ring, cqe)) {
			if (filled + slots > nr)
				break;
			memcpy(&cqes[filled << shift], cqe,
			       (sizeof(*cqe) << shift) * slots);
			filled += slots;
		}
		head += slots;
	}
	/* Release: our copies are done before the kernel reuses the slots. */
	io_uring_smp_store_release(ring->cq.khead, head);
	return (int) filled;
}
