/* SPDX-License-Identifier: MIT */
/*
 * Where the memory of an IORING_SETUP_NO_MMAP ring (Linux 6.5) comes from:
 * the application's buffer, or anonymous mappings of ours.
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
	size_t page_size = __uringi_page_size();
	void *ptr;

	if (size > page_size && size <= HUGE_PAGE_SIZE) {
		ptr = __uringi_sys_mmap(NULL, HUGE_PAGE_SIZE, prot,
					mflags | MAP_HUGETLB, -1, 0);
		if (!__uringi_sys_mmap_failed(ptr)) {
			*mapped = HUGE_PAGE_SIZE;
			return ptr;
		}
	}
	ptr = __uringi_sys_mmap(NULL, size, prot, mflags, -1, 0);
	if (!__uringi_sys_mmap_failed(ptr))
		*mapped = size;
	return ptr;
}

/* Our own memory for the layout: both parts, or neither. */
static int map_ring_mem(struct io_uring_sq *sq, const struct ring_layout *l)
{
	size_t sqes_len, rings_len;
	void *sqes, *rings;

	sqes = map_part(l->sqes_bytes, &sqes_len);
	if (__uringi_sys_mmap_failed(sqes))
		return __uringi_sys_mmap_error(sqes);
	rings = map_part(l->rings_bytes, &rings_len);
	if (__uringi_sys_mmap_failed(rings)) {
		__uringi_sys_munmap(sqes, sqes_len);
		return __uringi_sys_mmap_error(rings);
	}
	sq->sqes = sqes;
	sq->sqes_sz = sqes_len;
	sq->ring_ptr = rings;
	sq->ring_sz = rings_len;
	return 0;
}

int __uringi_ring_mem_get(unsigned int entries,
			  const struct io_uring_params *p, void *buf,
			  size_t buf_size, struct io_uring *ring)
{
	struct ring_layout layout;
	size_t used;
	int ret;

	ret = __uringi_ring_layout(entries, p, &layout);
	if (ret)
		return ret;
	used = layout.sqes_bytes + layout.rings_bytes;
	/* The return value must be able to say how much was used. */
	if (used > INT_MAX)
		return -ENOMEM;

	if (!buf) {
		ret = map_ring_mem(&ring->sq, &layout);
		if (ret)
			return ret;
	} else if (buf_size < used) {
		return -ENOMEM;
	} else {
		/*
		 * The sizes are only for io_uring_ring_dontfork(); the
		 * memory stays the application's to free.
		 */
		ring->sq.sqes = buf;
		ring->sq.sqes_sz = layout.sqes_bytes;
		ring->sq.ring_ptr = (char *) buf + layout.sqes_bytes;
		ring->sq.ring_sz = layout.rings_bytes;
		ring->int_flags |= INT_FLAG_APP_MEM;
		/*
		 * Some kernels (6.12 does) pin this memory as it is and
		 * take the heads and tails in it for zero, as in pages
		 * of their own: garbage there is a ring whose tail is
		 * already far ahead. Our own mappings are zero-filled.
		 */
		memset(ring->sq.ring_ptr, 0, layout.rings_bytes);
	}
	/* One region holds both rings; its length is counted once. */
	ring->cq.ring_ptr = ring->sq.ring_ptr;
	ring->cq.ring_sz = 0;
	return (int) used;
}
