/* SPDX-License-Identifier: MIT */
/*
 * The kernel's ring layout in our address space (src/ring_map.c): the
 * lowest layer of ring setup, below setup, caller memory and resize.
 */
#ifndef LIBURING_RING_MAP_H
#define LIBURING_RING_MAP_H

/* Library-internal: never exported from liburing.so, whatever the map. */
#pragma GCC visibility push(hidden)

struct io_uring_params;
struct io_uring_sq;
struct io_uring_cq;

/*
 * Map the SQ ring, CQ ring and SQE array of ring descriptor fd as p
 * describes them, check that the kernel's ring headers agree with p, and
 * point sq and cq at them. On failure nothing stays mapped and sq, cq are
 * untouched.
 */
int __uringi_map_rings(int fd, const struct io_uring_params *p,
		       struct io_uring_sq *sq, struct io_uring_cq *cq);

/* The same without the checks, for p as io_uring_setup() filled it in. */
int __uringi_map_new_rings(int fd, const struct io_uring_params *p,
			   struct io_uring_sq *sq, struct io_uring_cq *cq);

/* Point sq and cq at ring memory already in place (ring_ptr, sqes set). */
void __uringi_point_rings(const struct io_uring_params *p,
			  struct io_uring_sq *sq, struct io_uring_cq *cq);

/* Unmap the SQ and CQ ring regions; the SQE array stays. */
void __uringi_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq);

/* Unmap all of it: the SQE array and both ring regions. */
void __uringi_unmap(struct io_uring_sq *sq, struct io_uring_cq *cq);

/* SQ slot i names SQE i, for rings that have an SQ index array. */
void __uringi_sq_identity(struct io_uring_sq *sq);

#pragma GCC visibility pop

#endif
