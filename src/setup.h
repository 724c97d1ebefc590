/* SPDX-License-Identifier: MIT */
/*
 * Setup internals: ring sizes (setup_size.c), memory for rings the kernel
 * does not allocate (setup_mem.c) and ring creation (setup.c), in the
 * order each builds on the one before. Mapping is in ring_map.h.
 */
#ifndef LIBURING_SETUP_H
#define LIBURING_SETUP_H

#include <stddef.h>

/* Library-internal: never exported from liburing.so, whatever the map. */
#pragma GCC visibility push(hidden)

struct io_uring;
struct io_uring_params;

/*
 * Where a ring's memory goes when the application lays it out itself
 * (IORING_SETUP_NO_MMAP): the SQE array first, then the region holding the
 * ring headers, the CQEs and (without NO_SQARRAY) the SQ index array. Both
 * parts start on a page boundary, as the kernel requires.
 */
struct ring_layout {
	unsigned int sq_entries;
	unsigned int cq_entries;
	size_t sqes_bytes;	/* page multiple */
	size_t rings_bytes;	/* page multiple */
};

/* setup_size.c */
long __uringi_page_size(void);
int __uringi_ring_layout(unsigned int entries, const struct io_uring_params *p,
			 struct ring_layout *layout);

/*
 * setup_mem.c: give ring->sq the memory of a NO_MMAP ring, buf when there
 * is one (INT_FLAG_APP_MEM), else our own mapping. Returns the bytes the
 * ring occupies, or -errno with nothing mapped.
 */
int __uringi_ring_mem_get(unsigned int entries,
			  const struct io_uring_params *p, void *buf,
			  size_t buf_size, struct io_uring *ring);

/*
 * setup.c: one io_uring_setup() and the memory for it, with p->flags as
 * given. Returns 0, or for NO_MMAP rings the bytes used; or -errno.
 */
int __uringi_ring_create(unsigned int entries, struct io_uring *ring,
			 struct io_uring_params *p, void *buf,
			 size_t buf_size);

#pragma GCC visibility pop

#endif
