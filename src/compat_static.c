/* SPDX-License-Identifier: MIT */
/*
 * Names liburing.a has always defined but never declared in liburing.h
 * nor exported from liburing.so: statically linked programs reach for
 * them. Each is a thin shell over our own setup internals. The version
 * script (src/liburing.map) keeps them out of the shared library.
 */
#include "liburing.h"
#include "ring_map.h"
#include "setup.h"

int io_uring_mmap(int fd, struct io_uring_params *p, struct io_uring_sq *sq,
		  struct io_uring_cq *cq);
void io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq);
void io_uring_setup_ring_pointers(struct io_uring_params *p,
				  struct io_uring_sq *sq,
				  struct io_uring_cq *cq);
int __io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf,
				 size_t buf_size);

/* Map the rings of fd as p describes them and point sq, cq at them. */
int io_uring_mmap(int fd, struct io_uring_params *p, struct io_uring_sq *sq,
		  struct io_uring_cq *cq)
{
	if (!p || !sq || !cq)
		return -EFAULT;
	return __uringi_map_rings(fd, p, sq, cq);
}

/* Unmap the two ring regions io_uring_mmap() mapped (not the SQEs). */
void io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	__uringi_unmap_rings(sq, cq);
}

/* Point sq and cq into ring memory already mapped at their ring_ptr. */
void io_uring_setup_ring_pointers(struct io_uring_params *p,
				  struct io_uring_sq *sq,
				  struct io_uring_cq *cq)
{
	__uringi_point_rings(p, sq, cq);
}

/*
 * One setup with p->flags exactly as given; buf (NULL: our own memory)
 * holds the rings of an IORING_SETUP_NO_MMAP ring.
 */
int __io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf,
				 size_t buf_size)
{
	if (!ring || !p)
		return -EFAULT;
	return __uringi_ring_create(entries, ring, p, buf, buf_size);
}
