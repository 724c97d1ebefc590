/* SPDX-License-Identifier: MIT */
/* Setup internals shared between src/setup*.c, register.c and tests. */
#ifndef LIBURING_SETUP_H
#define LIBURING_SETUP_H

#include <stddef.h>

struct io_uring;
struct io_uring_params;
struct io_uring_sq;
struct io_uring_cq;

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

int __io_uring_ring_layout(unsigned int entries,
			   const struct io_uring_params *p,
			   struct ring_layout *layout);
long __io_uring_page_size(void);

int __io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf,
				 size_t buf_size);
void __io_uring_setup_ring_pointers(struct io_uring_params *p,
				    struct io_uring_sq *sq,
				    struct io_uring_cq *cq);
int __io_uring_map_rings(int fd, struct io_uring_params *p,
			 struct io_uring_sq *sq, struct io_uring_cq *cq);
void __io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq);
int __io_uring_map_rings(int fd, struct io_uring_params *p,
				struct io_uring_sq *sq,
				struct io_uring_cq *cq);
/* Fill in everything but the ring pointers once setup returned fd. */
void __io_uring_ring_init_common(struct io_uring *ring,
				 const struct io_uring_params *p, int fd);

/* IORING_SETUP_NO_MMAP rings: memory from the caller or from us. */
int __io_uring_queue_init_mem(unsigned int entries, struct io_uring *ring,
			      struct io_uring_params *p, void *buf,
			      size_t buf_size);
void __io_uring_free_ring_mem(struct io_uring *ring);

#endif
