/* SPDX-License-Identifier: MIT */
/*
 * Growing or shrinking the rings of a live ring (Linux 6.13,
 * IORING_REGISTER_RESIZE_RINGS): the kernel moves the pending entries to
 * new rings, and we map those in place of the old ones.
 */
#include <string.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "queue.h"
#include "register.h"
#include "setup.h"

int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p)
{
	unsigned int sqe_head, sqe_tail;
	struct io_uring_params map;
	unsigned int i;
	int ret;

	if (!p)
		return -EFAULT;
	/* We could not hand the kernel new memory for the rings. */
	if (ring->flags & IORING_SETUP_NO_MMAP)
		return -EINVAL;

	/*
	 * The kernel carries over the SQEs between its SQ head and tail;
	 * publish the ones handed out so far so they are among them.
	 */
	__io_uring_flush_sq(ring);

	memset(&p->sq_off, 0, sizeof(p->sq_off));
	memset(&p->cq_off, 0, sizeof(p->cq_off));
	ret = __io_uring_do_register(ring, IORING_REGISTER_RESIZE_RINGS, p, 1);
	if (ret < 0)
		return ret;

	sqe_head = ring->sq.sqe_head;
	sqe_tail = ring->sq.sqe_tail;

	/*
	 * The old mappings now point at memory the kernel let go of. The
	 * layout flags (SQE128, CQE32, NO_SQARRAY) are the ring's, whatever
	 * the caller put in p->flags.
	 */
	__sys_munmap(ring->sq.sqes, ring->sq.sqes_sz);
	__io_uring_unmap_rings(&ring->sq, &ring->cq);
	memset(&ring->sq, 0, sizeof(ring->sq));
	memset(&ring->cq, 0, sizeof(ring->cq));

	map = *p;
	map.flags = ring->flags;
	map.features = ring->features;
	ret = __io_uring_map_rings(ring->ring_fd, &map, &ring->sq,
					  &ring->cq);
	if (ret)
		return ret;

	ring->sq.sqe_head = sqe_head;
	ring->sq.sqe_tail = sqe_tail;
	if (ring->sq.array)
		for (i = 0; i < ring->sq.ring_entries; i++)
			ring->sq.array[i] = i;
	return 0;
}
