/* SPDX-License-Identifier: MIT */
/*
 * Creating a ring and tearing it down: io_uring_setup(2), the memory the
 * rings live in, and the library's state about them. The cold path.
 */
#include <string.h>
#include <sys/mman.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "ring_map.h"
#include "setup.h"

/*
 * What the library keeps about a ring once its memory is in place and
 * io_uring_setup() answered with fd (p as the kernel filled it in).
 */
static void adopt_ring(struct io_uring *ring, const struct io_uring_params *p,
		       int fd)
{
	bool regfd_only = p->flags & IORING_SETUP_REGISTERED_FD_ONLY;

	ring->flags = p->flags;
	ring->features = p->features;
	ring->enter_ring_fd = fd;
	/* With REGISTERED_FD_ONLY, fd is a registered index: no descriptor. */
	ring->ring_fd = regfd_only ? -1 : fd;
	if (regfd_only)
		ring->int_flags |= INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING;
	if (!(p->flags & (IORING_SETUP_CQE32 | IORING_SETUP_CQE_MIXED)) &&
	    (p->features & IORING_FEAT_EXT_ARG))
		ring->int_flags |= INT_FLAG_PLAIN_CQ;

	/* Fill the SQ index array once, so submission never writes it. */
	__uringi_sq_identity(&ring->sq);
}

/* The kernel allocates the rings; we map them from the descriptor. */
static int create_kernel_mem(unsigned int entries, struct io_uring *ring,
			     struct io_uring_params *p)
{
	int fd, ret;

	fd = __uringi_sys_setup(entries, p);
	if (fd < 0)
		return fd;
	ret = __uringi_map_new_rings(fd, p, &ring->sq, &ring->cq);
	if (ret) {
		__uringi_sys_close(fd);
		return ret;
	}
	adopt_ring(ring, p, fd);
	return 0;
}

/* IORING_SETUP_NO_MMAP: the rings live in memory the kernel is shown. */
static int create_user_mem(unsigned int entries, struct io_uring *ring,
			   struct io_uring_params *p, void *buf,
			   size_t buf_size)
{
	int used, fd;

	used = __uringi_ring_mem_get(entries, p, buf, buf_size, ring);
	if (used < 0)
		return used;
	p->sq_off.user_addr = uring_ptr_to_u64(ring->sq.sqes);
	p->cq_off.user_addr = uring_ptr_to_u64(ring->sq.ring_ptr);

	fd = __uringi_sys_setup(entries, p);
	if (fd < 0) {
		if (!(ring->int_flags & INT_FLAG_APP_MEM))
			__uringi_unmap(&ring->sq, &ring->cq);
		memset(ring, 0, sizeof(*ring));
		return fd;
	}
	__uringi_point_rings(p, &ring->sq, &ring->cq);
	adopt_ring(ring, p, fd);
	return used;
}

/*
 * Copied from a zeroed object rather than memset(): GCC turns the copy
 * into 16-byte moves, the memset() into a rep stos that runs one
 * iteration per word. Every ring setup starts here.
 */
static void clear_ring(struct io_uring *ring)
{
	static const struct io_uring empty;

	*ring = empty;
}

int __uringi_ring_create(unsigned int entries, struct io_uring *ring,
			 struct io_uring_params *p, void *buf,
			 size_t buf_size)
{
	clear_ring(ring);
	if (p->flags & IORING_SETUP_NO_MMAP)
		return create_user_mem(entries, ring, p, buf, buf_size);
	/*
	 * A ring reachable only by registered index has no descriptor to
	 * map through; the kernel says -EINVAL too.
	 */
	if (p->flags & IORING_SETUP_REGISTERED_FD_ONLY)
		return -EINVAL;
	return create_kernel_mem(entries, ring, p);
}

/*
 * The library asks for IORING_SETUP_NO_SQARRAY on its own (Linux 6.6: one
 * shared array less to keep). Older kernels refuse the flag with -EINVAL;
 * then the caller's own flags get their turn, unless they asked for it.
 */
static int create_ring(unsigned int entries, struct io_uring *ring,
		       struct io_uring_params *p, void *buf, size_t buf_size)
{
	const unsigned int asked = p->flags;
	int ret;

	p->flags = asked | IORING_SETUP_NO_SQARRAY;
	ret = __uringi_ring_create(entries, ring, p, buf, buf_size);
	if (ret == -EINVAL && !(asked & IORING_SETUP_NO_SQARRAY)) {
		p->flags = asked;
		ret = __uringi_ring_create(entries, ring, p, buf, buf_size);
	}
	return ret;
}

int io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
			       struct io_uring_params *p)
{
	int ret;

	if (!ring || !p)
		return -EFAULT;
	ret = create_ring(entries, ring, p, NULL, 0);
	/* NO_MMAP rings report the bytes used; this interface does not. */
	return ret > 0 ? 0 : ret;
}

int io_uring_queue_init_mem(unsigned int entries, struct io_uring *ring,
			    struct io_uring_params *p, void *buf,
			    size_t buf_size)
{
	if (!ring || !p)
		return -EFAULT;
	/* Caller memory means the kernel must not allocate the rings. */
	p->flags |= IORING_SETUP_NO_MMAP;
	return create_ring(entries, ring, p, buf, buf_size);
}

int io_uring_queue_init(unsigned int entries, struct io_uring *ring,
			unsigned int flags)
{
	static const struct io_uring_params zero;
	struct io_uring_params p = zero;

	/* A copy, not an initializer: see clear_ring(). */
	p.flags = flags;
	return io_uring_queue_init_params(entries, ring, &p);
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
	ret = __uringi_map_rings(fd, p, &ring->sq, &ring->cq);
	if (!ret)
		adopt_ring(ring, p, fd);
	return ret;
}

void io_uring_queue_exit(struct io_uring *ring)
{
	/*
	 * Every set-up ring has an SQE array. A NULL or zeroed struct (a
	 * failed or missing setup) has nothing to release, and its ring_fd
	 * of 0 must not close the caller's standard input.
	 */
	if (!ring || !ring->sq.sqes)
		return;

	/*
	 * The handles first. A registered index is dropped now rather than
	 * at process exit; with REGISTERED_FD_ONLY it is the only reference
	 * we hold, so this is what closes the ring.
	 */
	if (ring->int_flags & INT_FLAG_REG_RING)
		io_uring_unregister_ring_fd(ring);
	if (ring->ring_fd >= 0)
		__uringi_sys_close(ring->ring_fd);

	/* Then the memory, unless it is the application's to free. */
	if (!(ring->int_flags & INT_FLAG_APP_MEM))
		__uringi_unmap(&ring->sq, &ring->cq);
}

int io_uring_ring_dontfork(struct io_uring *ring)
{
	int ret;

	if (!ring->sq.ring_ptr || !ring->sq.sqes || !ring->cq.ring_ptr)
		return -EINVAL;

	ret = __uringi_sys_madvise(ring->sq.sqes, ring->sq.sqes_sz,
				   MADV_DONTFORK);
	if (ret < 0)
		return ret;
	if (ring->sq.ring_sz) {
		ret = __uringi_sys_madvise(ring->sq.ring_ptr, ring->sq.ring_sz,
					   MADV_DONTFORK);
		if (ret < 0)
			return ret;
	}
	if (ring->cq.ring_ptr != ring->sq.ring_ptr && ring->cq.ring_sz)
		ret = __uringi_sys_madvise(ring->cq.ring_ptr, ring->cq.ring_sz,
					   MADV_DONTFORK);
	return ret;
}

int io_uring_set_iowait(struct io_uring *ring, bool enable_iowait)
{
	/* Kernels without the feature count every wait as iowait. */
	if (!(ring->features & IORING_FEAT_NO_IOWAIT))
		return -EOPNOTSUPP;
	ring->int_flags &= ~INT_FLAG_NO_IOWAIT;
	if (!enable_iowait)
		ring->int_flags |= INT_FLAG_NO_IOWAIT;
	return 0;
}
