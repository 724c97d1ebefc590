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

/*
 * CQEs the application never sees: mixed-ring padding, and the library's
 * own timeouts on kernels without EXT_ARG. They are consumed, never copied
 * or counted.
 */
static bool internal_cqe(const struct io_uring *ring,
			 const struct io_uring_cqe *cqe)
{
	if (cqe->flags & IORING_CQE_F_SKIP)
		return true;
	return !(ring->features & IORING_FEAT_EXT_ARG) &&
	       cqe->user_data == LIBURING_UDATA_TIMEOUT;
}

static struct io_uring_cqe *cqe_at(const struct io_uring *ring,
				   unsigned int pos)
{
	unsigned int index = pos & ring->cq.ring_mask;

	return &ring->cq.cqes[index << io_uring_cqe_shift(ring)];
}

/*
 * Wait until wait_nr CQEs the caller can see are ready. The kernel counts
 * ring slots, not CQEs: ask it for the slots in use past any leading
 * internal ones, plus one per CQE still missing. A CQE takes one slot at
 * least, so that never waits for more than needed; a wake-up that brought
 * padding or a big CQE short of the count only goes round again.
 */
static int wait_visible(struct io_uring *ring, unsigned int wait_nr)
{
	struct io_uring_cqe *cqe;
	unsigned int pos, first, tail, have;
	int ret;

	for (;;) {
		first = *ring->cq.khead;
		/* Acquire pairs with the kernel's release of the CQ tail. */
		tail = io_uring_smp_load_acquire(ring->cq.ktail);
		have = 0;
		for (pos = first; pos != tail; pos += io_uring_cqe_nr(cqe)) {
			cqe = cqe_at(ring, pos);
			if (!internal_cqe(ring, cqe))
				have++;
			else if (!have)
				first = pos + io_uring_cqe_nr(cqe);
		}
		if (have >= wait_nr)
			return 0;
		ret = io_uring_wait_cqe_nr(ring, &cqe,
					   tail - first + wait_nr - have);
		if (ret < 0)
			return ret;
	}
}

/*
 * Counts are in CQEs, whatever their size: a 32-byte CQE is one CQE that
 * fills two elements of cqes, as it fills two 16-byte slots of the ring.
 */
int uringx_copy_cqes(struct io_uring *ring, struct io_uring_cqe *cqes,
		     unsigned int nr, unsigned int wait_nr)
{
	struct io_uring_cqe *cqe;
	unsigned int shift, head, tail, slots, copied = 0, filled = 0;
	int ret;

	if (!ring || (!cqes && nr))
		return -EFAULT;
	/* More than the ring can show at once would never be ready. */
	if (wait_nr > ring->cq.ring_entries)
		return -EINVAL;

	if (wait_nr) {
		ret = wait_visible(ring, wait_nr);
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
	for (; head != tail && copied < nr; head += slots) {
		cqe = cqe_at(ring, head);
		slots = io_uring_cqe_nr(cqe);
		if (internal_cqe(ring, cqe))
			continue;
		memcpy(&cqes[filled], cqe, (sizeof(*cqe) << shift) * slots);
		filled += slots << shift;
		copied++;
	}
	/* Release: our copies are done before the kernel reuses the slots. */
	io_uring_smp_store_release(ring->cq.khead, head);
	return (int) copied;
}
