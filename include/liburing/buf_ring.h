/* SPDX-License-Identifier: MIT */
/*
 * Provided-buffer ring helpers. Included by <liburing.h> only; do not
 * include this file directly.
 */
#ifndef LIBURING_BUF_RING_H
#define LIBURING_BUF_RING_H

#ifndef LIB_URING_H
#error "include <liburing.h>, not <liburing/buf_ring.h>"
#endif

/* Index mask for a buffer ring of ring_entries (a power of two) entries. */
IOURINGINLINE int io_uring_buf_ring_mask(__u32 ring_entries) LIBURING_NOEXCEPT
{
	return ring_entries - 1;
}

IOURINGINLINE void io_uring_buf_ring_init(struct io_uring_buf_ring *br)
	LIBURING_NOEXCEPT
{
	br->tail = 0;
}

/*
 * Fill the entry buf_offset places past the current tail. The kernel does
 * not see it until io_uring_buf_ring_advance() moves the tail.
 */
IOURINGINLINE void io_uring_buf_ring_add(struct io_uring_buf_ring *br,
					 void *addr, unsigned int len,
					 unsigned short bid, int mask,
					 int buf_offset) LIBURING_NOEXCEPT
{
	struct io_uring_buf *buf = &br->bufs[(br->tail + buf_offset) & mask];

	buf->addr = (unsigned long) (uintptr_t) addr;
	buf->len = len;
	buf->bid = bid;
}

/* Publish count entries added with io_uring_buf_ring_add(). */
IOURINGINLINE void io_uring_buf_ring_advance(struct io_uring_buf_ring *br,
					     int count) LIBURING_NOEXCEPT
{
	unsigned short new_tail = br->tail + count;

	/* Release: the entries' contents are visible before the tail. */
	io_uring_smp_store_release(&br->tail, new_tail);
}

IOURINGINLINE void __io_uring_buf_ring_cq_advance(struct io_uring *ring,
						  struct io_uring_buf_ring *br,
						  int cq_count, int buf_count)
	LIBURING_NOEXCEPT
{
	io_uring_buf_ring_advance(br, buf_count);
	io_uring_cq_advance(ring, cq_count);
}

/* Return count buffers and consume count CQEs in one go. */
IOURINGINLINE void io_uring_buf_ring_cq_advance(struct io_uring *ring,
						struct io_uring_buf_ring *br,
						int count) LIBURING_NOEXCEPT
{
	__io_uring_buf_ring_cq_advance(ring, br, count, count);
}

/* Buffers the kernel has not consumed yet, or -errno. */
IOURINGINLINE int io_uring_buf_ring_available(struct io_uring *ring,
					      struct io_uring_buf_ring *br,
					      unsigned short bgid)
	LIBURING_NOEXCEPT
{
	uint16_t head;
	int ret;

	ret = io_uring_buf_ring_head(ring, bgid, &head);
	if (ret)
		return ret;
	return (uint16_t) (br->tail - head);
}

#endif
