/* SPDX-License-Identifier: MIT */
/*
 * Rings whose memory the application (or the library on its behalf)
 * provides: IORING_SETUP_NO_MMAP.
 *
 * Not implemented yet: see issue 6.
 */
#include "liburing.h"
#include "setup.h"

int __io_uring_queue_init_mem(unsigned int entries, struct io_uring *ring,
			      struct io_uring_params *p, void *buf,
			      size_t buf_size)
{
	(void) entries;
	(void) ring;
	(void) p;
	(void) buf;
	(void) buf_size;
	return -EOPNOTSUPP;
}

void __io_uring_free_ring_mem(struct io_uring *ring)
{
	(void) ring;
}
