/* SPDX-License-Identifier: MIT */
/*
 * Bits of struct io_uring's int_flags: library-private ring state. The
 * values match the ones liburing has always used, so a ring set up by one
 * build of the library is understood by another; PLAIN_CQ is ours, in a
 * bit liburing leaves unused, and only ever set by us.
 */
#ifndef LIBURING_INT_FLAGS_H
#define LIBURING_INT_FLAGS_H

enum {
	/* enter_ring_fd is a registered ring index, not a file descriptor */
	INT_FLAG_REG_RING	= IORING_ENTER_REGISTERED_RING,	/* 0x10 */
	/* waits pass IORING_ENTER_NO_IOWAIT (io_uring_set_iowait) */
	INT_FLAG_NO_IOWAIT	= IORING_ENTER_NO_IOWAIT,	/* 0x80 */
	/* the ring exists only as a registered index (REGISTERED_FD_ONLY) */
	INT_FLAG_REG_REG_RING	= 1,
	/* ring memory belongs to the application (io_uring_queue_init_mem) */
	INT_FLAG_APP_MEM	= 2,
	/* every CQE is one slot to show: the inline peek's short path */
	INT_FLAG_PLAIN_CQ	= __IO_URING_INT_PLAIN_CQ,	/* 0x40 */
};

/* The int_flags bits that are also io_uring_enter() flags. */
#define INT_FLAGS_ENTER_MASK	(INT_FLAG_REG_RING | INT_FLAG_NO_IOWAIT)

static inline unsigned int ring_enter_flags(const struct io_uring *ring)
{
	return ring->int_flags & INT_FLAGS_ENTER_MASK;
}

#endif
