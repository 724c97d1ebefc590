/* SPDX-License-Identifier: MIT */
/*
 * Rings whose memory the application (or the library on its behalf)
 * provides: IORING_SETUP_NO_MMAP (Linux 6.5).
 *
 * The memory holds the SQE array at its start and the ring region (headers,
 * CQEs, SQ index array) from the next page boundary on; the kernel is told
 * both addresses in sq_off.user_addr and cq_off.user_addr and pins them.
 */
#include <limits.h>
#include <string.h>
#include <sys/mman.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "setup.h"

#ifndef MAP_HUGETLB
#define MAP_HUGETLB	0x40000
#endif

#define HUGE_PAGE_SIZE	(2UL * 1024 * 1024)

/*
 * Anonymous shared memory for one part of the ring. Kernels before 6.13
 * want each part to be one page or one huge page, so a part bigger than a
 * page asks for a huge page first; when there is none, plain pages do on
 * the kernels that map them together (and the older ones say -EINVAL).
 * *mapped receives the length to unmap.
 */
static void *map_part(size_t size, size_t *mapped)
{
	const int prot = PROT_READ | PROT_WRITE;
	const int mflags = MAP_SHARED | MAP_ANONYMOUS;
	size_t page_size = __io_uring_page_size();
	void *ptr;

	if (size > page_size && size <= HUGE_PAGE_SIZE) {
		ptr = __sys_mmap(NULL, HUGE_PAGE_SIZE, prot,
				 mflags | MAP_HUGETLB, -1, 0);
		if (!__sys_mmap_failed(ptr)) {
			*mapped = HUGE_PAGE_SIZE;
			return ptr;
		}
	}
	ptr = __sys_mmap(NULL, size, prot, mflags, -1, 0);
	if (!__sys_mmap_failed(ptr))
		*mapped = size;
	return ptr;
}

static int alloc_ring_mem(struct io_uring *ring, const struct ring_layout *l)
{
	struct io_uring_sq *sq = &ring->sq;
	size_t len;
	void *ptr;

	ptr = map_part(l->sqes_bytes, &len);
	if (__sys_mmap_failed(ptr))
		return __sys_mmap_error(ptr);
	sq->sqes = ptr;
	sq->sqes_sz = len;

	ptr = map_part(l->rings_bytes, &len);
	if (__sys_mmap_failed(ptr)) {
		__sys_munmap(sq->sqes, sq->sqes_sz);
		sq->sqes = NULL;
		return __sys_mmap_error(ptr);
	}
	sq->ring_ptr = ptr;
	sq->ring_sz = len;
	return 0;
}

void __io_uring_free_ring_mem(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;

	if (sq->sqes)
		__sys_munmap(sq->sqes, sq->sqes_sz);
	if (sq->ring_ptr)
		__sys_munmap(sq->ring_ptr, sq->ring_sz);
}

/*
 * Returns the bytes of buf the ring occupies (or would, had it been given
 * a buffer), or -errno.
 */
int __io_uring_queue_init_mem(unsigned int entries, struct io_uring *ring,
			      struct io_uring_params *p, void *buf,
			      size_t buf_size)
{
	struct io_uring_sq *sq = &ring->sq;
	struct io_uring_cq *cq = &ring->cq;
	struct ring_layout layout;
	size_t used;
	int fd, ret;

	ret = __io_uring_ring_layout(entries, p, &layout);
	if (ret)
		return ret;
	used = layout.sqes_bytes + layout.rings_bytes;
	/* The return value must be able to say how much was used. */
	if (used > INT_MAX)
		return -ENOMEM;

	if (buf) {
		if (buf_size < used)
			return -ENOMEM;
		/*
		 * The sizes are only for io_uring_ring_dontfork(); the
		 * memory stays the application's to free.
		 */
		sq->sqes = buf;
		sq->sqes_sz = layout.sqes_bytes;
		sq->ring_ptr = (char *) buf + layout.sqes_bytes;
		sq->ring_sz = layout.rings_bytes;
		ring->int_flags |= INT_FLAG_APP_MEM;
	} else {
		ret = alloc_ring_mem(ring, &layout);
		if (ret)
			return ret;
	}
	cq->ring_ptr = sq->ring_ptr;
	cq->ring_sz = 0;	/* one region for both rings */

	p->sq_off.user_addr = uring_ptr_to_u64(sq->sqes);
	p->cq_off.user_addr = uring_ptr_to_u64(sq->ring_ptr);

	fd = __sys_io_uring_setup(entries, p);
	if (fd < 0) {
		if (!(ring->int_flags & INT_FLAG_APP_MEM))
			__io_uring_free_ring_mem(ring);
		memset(ring, 0, sizeof(*ring));
		return fd;
	}

	__io_uring_setup_ring_pointers(p, sq, cq);
	__io_uring_ring_init_common(ring, p, fd);
	return (int) used;
}
