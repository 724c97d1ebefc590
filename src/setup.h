/* SPDX-License-Identifier: MIT */
/* Setup internals shared between src/setup*.c, register.c and tests. */
#ifndef LIBURING_SETUP_H
#define LIBURING_SETUP_H

#include <stddef.h>

struct io_uring;
struct io_uring_params;
struct io_uring_sq;
struct io_uring_cq;

int __io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf,
				 size_t buf_size);
void __io_uring_setup_ring_pointers(struct io_uring_params *p,
				    struct io_uring_sq *sq,
				    struct io_uring_cq *cq);
int __io_uring_map_rings(int fd, struct io_uring_params *p,
			 struct io_uring_sq *sq, struct io_uring_cq *cq);
void __io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq);

/* IORING_SETUP_NO_MMAP rings: memory from the caller or from us. */
int __io_uring_queue_init_mem(unsigned int entries, struct io_uring *ring,
			      struct io_uring_params *p, void *buf,
			      size_t buf_size);
void __io_uring_free_ring_mem(struct io_uring *ring);

#endif
