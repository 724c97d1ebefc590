/* SPDX-License-Identifier: MIT */
/*
 * Creating, mapping and tearing down rings: the cold path.
 */
#include <string.h>
#include <sys/mman.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "setup.h"

static size_t sqe_bytes(unsigned int flags)
{
	return sizeof(struct io_uring_sqe) << io_uring_sqe_shift_from_flags(flags);
}

static size_t cqe_bytes(unsigned int flags)
{
	return sizeof(struct io_uring_cqe) << io_uring_cqe_shift_from_flags(flags);
}

/*
 * Point the library's view of the rings at memory holding the kernel's
 * layout, described by the offsets setup returned in p. sq->ring_ptr,
 * cq->ring_ptr and sq->sqes must already be set.
 */
void __io_uring_setup_ring_pointers(struct io_uring_params *p,
				    struct io_uring_sq *sq,
				    struct io_uring_cq *cq)
{
	char *sq_ring = sq->ring_ptr;
	char *cq_ring = cq->ring_ptr;

	sq->khead = (unsigned *) (sq_ring + p->sq_off.head);
	sq->ktail = (unsigned *) (sq_ring + p->sq_off.tail);
	sq->kring_mask = (unsigned *) (sq_ring + p->sq_off.ring_mask);
	sq->kring_entries = (unsigned *) (sq_ring + p->sq_off.ring_entries);
	sq->kflags = (unsigned *) (sq_ring + p->sq_off.flags);
	sq->kdropped = (unsigned *) (sq_ring + p->sq_off.dropped);
	sq->array = NULL;
	if (!(p->flags & IORING_SETUP_NO_SQARRAY))
		sq->array = (unsigned *) (sq_ring + p->sq_off.array);

	cq->khead = (unsigned *) (cq_ring + p->cq_off.head);
	cq->ktail = (unsigned *) (cq_ring + p->cq_off.tail);
	cq->kring_mask = (unsigned *) (cq_ring + p->cq_off.ring_mask);
	cq->kring_entries = (unsigned *) (cq_ring + p->cq_off.ring_entries);
	cq->koverflow = (unsigned *) (cq_ring + p->cq_off.overflow);
	cq->cqes = (struct io_uring_cqe *) (cq_ring + p->cq_off.cqes);
	cq->kflags = NULL;
	if (p->cq_off.flags)
		cq->kflags = (unsigned *) (cq_ring + p->cq_off.flags);

	/* Private copies: they never change for the life of the mapping. */
	sq->ring_mask = *sq->kring_mask;
	sq->ring_entries = *sq->kring_entries;
	cq->ring_mask = *cq->kring_mask;
	cq->ring_entries = *cq->kring_entries;
}

/* Bytes of the SQ and CQ ring regions for the offsets setup returned. */
static void ring_sizes(const struct io_uring_params *p, size_t *sq_sz,
		       size_t *cq_sz)
{
	*sq_sz = 0;
	if (!(p->flags & IORING_SETUP_NO_SQARRAY))
		*sq_sz = p->sq_off.array + p->sq_entries * sizeof(unsigned);
	*cq_sz = p->cq_off.cqes + p->cq_entries * cqe_bytes(p->flags);
}

void __io_uring_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	if (sq->ring_sz)
		__sys_munmap(sq->ring_ptr, sq->ring_sz);
	if (cq->ring_ptr && cq->ring_sz && cq->ring_ptr != sq->ring_ptr)
		__sys_munmap(cq->ring_ptr, cq->ring_sz);
}

/*
 * Map the rings and SQE array the kernel allocated for fd. Also used by
 * io_uring_resize_rings() to map the new rings after a resize.
 */
int __io_uring_map_rings(int fd, struct io_uring_params *p,
			 struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	const int prot = PROT_READ | PROT_WRITE;
	const int mflags = MAP_SHARED | MAP_POPULATE;
	size_t sq_sz, cq_sz;
	void *ptr;
	int ret;

	ring_sizes(p, &sq_sz, &cq_sz);
	/* With SINGLE_MMAP both rings live in one region, mapped once. */
	if (p->features & IORING_FEAT_SINGLE_MMAP) {
		if (cq_sz > sq_sz)
			sq_sz = cq_sz;
		cq_sz = sq_sz;
	}

	ptr = __sys_mmap(NULL, sq_sz, prot, mflags, fd, IORING_OFF_SQ_RING);
	if (__sys_mmap_failed(ptr))
		return __sys_mmap_error(ptr);
	sq->ring_ptr = ptr;
	sq->ring_sz = sq_sz;

	if (p->features & IORING_FEAT_SINGLE_MMAP) {
		cq->ring_ptr = sq->ring_ptr;
	} else {
		ptr = __sys_mmap(NULL, cq_sz, prot, mflags, fd,
				 IORING_OFF_CQ_RING);
		if (__sys_mmap_failed(ptr)) {
			ret = __sys_mmap_error(ptr);
			goto err_sq;
		}
		cq->ring_ptr = ptr;
	}
	cq->ring_sz = cq_sz;

	sq->sqes_sz = sqe_bytes(p->flags) * p->sq_entries;
	ptr = __sys_mmap(NULL, sq->sqes_sz, prot, mflags, fd, IORING_OFF_SQES);
	if (__sys_mmap_failed(ptr)) {
		ret = __sys_mmap_error(ptr);
		goto err_cq;
	}
	sq->sqes = ptr;

	__io_uring_setup_ring_pointers(p, sq, cq);
	return 0;

err_cq:
	if (cq->ring_ptr != sq->ring_ptr)
		__sys_munmap(cq->ring_ptr, cq->ring_sz);
err_sq:
	__sys_munmap(sq->ring_ptr, sq->ring_sz);
	memset(sq, 0, sizeof(*sq));
	memset(cq, 0, sizeof(*cq));
	return ret;
}


void __io_uring_ring_init_common(struct io_uring *ring,
				 const struct io_uring_params *p, int fd)
{
	unsigned int i;

	ring->flags = p->flags;
	ring->features = p->features;
	ring->enter_ring_fd = fd;
	if (p->flags & IORING_SETUP_REGISTERED_FD_ONLY) {
		/* setup returned a registered ring index, not a descriptor */
		ring->ring_fd = -1;
		ring->int_flags |= INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING;
	} else {
		ring->ring_fd = fd;
	}

	/*
	 * Completions that only appear when we enter the kernel: deferred
	 * task work runs in io_uring_enter() only, and polled I/O is reaped
	 * there unless an SQ thread does it for us.
	 */
	if ((p->flags & IORING_SETUP_DEFER_TASKRUN) ||
	    (p->flags & (IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL)) ==
	    IORING_SETUP_IOPOLL)
		ring->int_flags |= INT_FLAG_CQ_ENTER;

	/*
	 * SQ slot i always names SQE i: fill the index array once here so
	 * submission never has to touch it.
	 */
	if (ring->sq.array)
		for (i = 0; i < ring->sq.ring_entries; i++)
			ring->sq.array[i] = i;
}

int io_uring_queue_mmap(int fd, struct io_uring_params *p,
			struct io_uring *ring)
{
	int ret;

	if (!p || !ring)
		return -EFAULT;
	/* There is nothing to map: the rings are in application memory. */
	if (p->flags & IORING_SETUP_NO_MMAP)
		return -EINVAL;

	memset(ring, 0, sizeof(*ring));
	ret = __io_uring_map_rings(fd, p, &ring->sq, &ring->cq);
	if (ret)
		return ret;
	__io_uring_ring_init_common(ring, p, fd);
	return 0;
}

/*
 * Create a ring. With a plain kernel mapping this is setup + mmap; the
 * NO_MMAP variants are handled by __io_uring_queue_init_mem. Returns a
 * non-negative value on success: for NO_MMAP, the bytes of memory used.
 */
int __io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
				 struct io_uring_params *p, void *buf,
				 size_t buf_size)
{
	int fd, ret;

	memset(ring, 0, sizeof(*ring));

	/*
	 * The kernel refuses this too, but only after we would have set
	 * up memory for it.
	 */
	if ((p->flags & IORING_SETUP_REGISTERED_FD_ONLY) &&
	    !(p->flags & IORING_SETUP_NO_MMAP))
		return -EINVAL;

	if (p->flags & IORING_SETUP_NO_MMAP)
		return __io_uring_queue_init_mem(entries, ring, p, buf,
						 buf_size);

	fd = __sys_io_uring_setup(entries, p);
	if (fd < 0)
		return fd;

	ret = __io_uring_map_rings(fd, p, &ring->sq, &ring->cq);
	if (ret) {
		__sys_close(fd);
		return ret;
	}
	__io_uring_ring_init_common(ring, p, fd);
	return 0;
}

/*
 * The library asks for IORING_SETUP_NO_SQARRAY where the kernel has it (one
 * less shared array to write and cache line to touch), and quietly falls
 * back when the kernel refuses the flag, unless the caller asked for it.
 */
static int queue_init_try_nosqarray(unsigned int entries,
				    struct io_uring *ring,
				    struct io_uring_params *p, void *buf,
				    size_t buf_size)
{
	unsigned int flags = p->flags;
	int ret;

	p->flags |= IORING_SETUP_NO_SQARRAY;
	ret = __io_uring_queue_init_params(entries, ring, p, buf, buf_size);
	if (ret != -EINVAL || (flags & IORING_SETUP_NO_SQARRAY))
		return ret;

	p->flags = flags;
	return __io_uring_queue_init_params(entries, ring, p, buf, buf_size);
}

int io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
			       struct io_uring_params *p)
{
	int ret;

	if (!ring || !p)
		return -EFAULT;
	/* A failed setup leaves a ring that io_uring_queue_exit() ignores. */
	memset(ring, 0, sizeof(*ring));
	ret = queue_init_try_nosqarray(entries, ring, p, NULL, 0);
	return ret >= 0 ? 0 : ret;
}

int io_uring_queue_init_mem(unsigned int entries, struct io_uring *ring,
			    struct io_uring_params *p, void *buf,
			    size_t buf_size)
{
	if (!ring || !p)
		return -EFAULT;
	memset(ring, 0, sizeof(*ring));
	/* Caller memory means the kernel must not allocate the rings. */
	p->flags |= IORING_SETUP_NO_MMAP;
	return queue_init_try_nosqarray(entries, ring, p, buf, buf_size);
}

int io_uring_queue_init(unsigned int entries, struct io_uring *ring,
			unsigned int flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_queue_init_params(entries, ring, &p);
}

void io_uring_queue_exit(struct io_uring *ring)
{
	struct io_uring_sq *sq;
	struct io_uring_cq *cq;

	/*
	 * Every set-up ring has an SQE array. A NULL or zeroed struct (a
	 * failed or missing setup) has nothing to release, and its ring_fd
	 * of 0 must not close the caller's standard input.
	 */
	if (!ring || !ring->sq.sqes)
		return;
	sq = &ring->sq;
	cq = &ring->cq;

	if (!(ring->int_flags & INT_FLAG_APP_MEM)) {
		if (ring->flags & IORING_SETUP_NO_MMAP) {
			__io_uring_free_ring_mem(ring);
		} else {
			__sys_munmap(sq->sqes, sq->sqes_sz);
			__io_uring_unmap_rings(sq, cq);
		}
	}

	/*
	 * Drop the registered index now rather than at exit. With
	 * REGISTERED_FD_ONLY the index is the only reference we hold, so
	 * this is what closes the ring.
	 */
	if (ring->int_flags & INT_FLAG_REG_RING)
		io_uring_unregister_ring_fd(ring);
	if (ring->ring_fd != -1)
		__sys_close(ring->ring_fd);
}

int io_uring_ring_dontfork(struct io_uring *ring)
{
	int ret;

	if (!ring->sq.ring_ptr || !ring->sq.sqes || !ring->cq.ring_ptr)
		return -EINVAL;

	ret = __sys_madvise(ring->sq.sqes, ring->sq.sqes_sz, MADV_DONTFORK);
	if (ret < 0)
		return ret;
	if (ring->sq.ring_sz) {
		ret = __sys_madvise(ring->sq.ring_ptr, ring->sq.ring_sz,
				    MADV_DONTFORK);
		if (ret < 0)
			return ret;
	}
	if (ring->cq.ring_ptr != ring->sq.ring_ptr && ring->cq.ring_sz)
		ret = __sys_madvise(ring->cq.ring_ptr, ring->cq.ring_sz,
				    MADV_DONTFORK);
	return ret;
}

int io_uring_set_iowait(struct io_uring *ring, bool enable_iowait)
{
	/* Without the feature every wait counts as iowait; say so. */
	if (!(ring->features & IORING_FEAT_NO_IOWAIT))
		return -EOPNOTSUPP;
	if (enable_iowait)
		ring->int_flags &= ~INT_FLAG_NO_IOWAIT;
	else
		ring->int_flags |= INT_FLAG_NO_IOWAIT;
	return 0;
}
