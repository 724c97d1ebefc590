/* SPDX-License-Identifier: MIT */
/*
 * Wrappers around io_uring_register(2). Each returns the kernel's result
 * (0, a count, or an id) or -errno.
 */
#include <string.h>
#include <sys/resource.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "queue.h"
#include "register.h"
#include "ring_map.h"

/*
 * Register against the ring, through its registered index when the kernel
 * accepts one for io_uring_register() (IORING_FEAT_REG_REG_RING): that
 * skips the file table lookup, and is the only handle once the ring fd
 * itself has been closed.
 */
int __uringi_register(struct io_uring *ring, unsigned int opcode,
		      const void *arg, unsigned int nr_args)
{
	int fd;

	if (!ring)
		return -EFAULT;
	fd = ring->ring_fd;
	if (ring->int_flags & INT_FLAG_REG_REG_RING) {
		opcode |= IORING_REGISTER_USE_REGISTERED_RING;
		fd = ring->enter_ring_fd;
	}
	return __uringi_sys_register(fd, opcode, arg, nr_args);
}

/*
 * The handle io_uring_enter() uses from now on: a registered ring index
 * (which io_uring_register() can use too where the kernel has
 * IORING_FEAT_REG_REG_RING), or the descriptor itself.
 */
static void set_ring_handle(struct io_uring *ring, int handle, bool indexed)
{
	ring->enter_ring_fd = handle;
	ring->int_flags &= ~(INT_FLAG_REG_RING | INT_FLAG_REG_REG_RING);
	if (!indexed)
		return;
	ring->int_flags |= INT_FLAG_REG_RING;
	if (ring->features & IORING_FEAT_REG_REG_RING)
		ring->int_flags |= INT_FLAG_REG_REG_RING;
}

/* One slot of the task's registered-ring table (Linux 5.18). */
static int ring_table_op(struct io_uring *ring, unsigned int opcode,
			 unsigned int *slot, int fd)
{
	struct io_uring_rsrc_update up = { .offset = *slot, .data = fd };
	int ret;

	ret = __uringi_register(ring, opcode, &up, 1);
	*slot = up.offset;
	return ret;
}

int io_uring_register_ring_fd(struct io_uring *ring)
{
	unsigned int slot = -1U;	/* the kernel picks a free one */
	int ret;

	if (ring->int_flags & INT_FLAG_REG_RING)
		return -EEXIST;
	ret = ring_table_op(ring, IORING_REGISTER_RING_FDS, &slot,
			    ring->ring_fd);
	/* The kernel answers with the number of slots it filled. */
	if (ret == 1)
		set_ring_handle(ring, (int) slot, true);
	return ret;
}

int io_uring_unregister_ring_fd(struct io_uring *ring)
{
	unsigned int slot;
	int ret;

	if (!(ring->int_flags & INT_FLAG_REG_RING))
		return -EINVAL;
	slot = ring->enter_ring_fd;
	ret = ring_table_op(ring, IORING_UNREGISTER_RING_FDS, &slot, 0);
	if (ret == 1)
		set_ring_handle(ring, ring->ring_fd, false);
	return ret;
}

int io_uring_close_ring_fd(struct io_uring *ring)
{
	int fd = ring->ring_fd;

	/* Later register calls need an index the kernel takes for them. */
	if (!(ring->features & IORING_FEAT_REG_REG_RING))
		return -EOPNOTSUPP;
	/* ...and an index to go on with. */
	if (!(ring->int_flags & INT_FLAG_REG_RING))
		return -EINVAL;
	if (fd < 0)
		return -EBADF;
	ring->ring_fd = -1;
	__uringi_sys_close(fd);
	return 1;
}

/*
 * Post a CQE into the ring named by a MSG_RING SQE, without a source ring
 * (Linux 6.13). The SQE is read once, during the call.
 */
int io_uring_register_sync_msg(struct io_uring_sqe *sqe)
{
	/*
	 * No checks of our own: the kernel answers a NULL sqe with -EINVAL
	 * and reads the SQE once, so a bad one cannot hurt us either.
	 */
	return __uringi_sys_register(-1, IORING_REGISTER_SEND_MSG_RING, sqe,
				     1);
}

/*
 * Fixed buffers.
 */

int io_uring_register_buffers(struct io_uring *ring,
			      const struct iovec *iovecs,
			      unsigned int nr_iovecs)
{
	return __uringi_register(ring, IORING_REGISTER_BUFFERS, iovecs,
				 nr_iovecs);
}

/* The tagged and sparse forms share IORING_REGISTER_BUFFERS2/FILES2. */
static int register_rsrc2(struct io_uring *ring, unsigned int opcode,
			  const void *data, const __u64 *tags,
			  unsigned int nr, unsigned int flags)
{
	struct io_uring_rsrc_register reg;

	memset(&reg, 0, sizeof(reg));
	reg.nr = nr;
	reg.flags = flags;
	reg.data = uring_ptr_to_u64(data);
	reg.tags = uring_ptr_to_u64(tags);
	return __uringi_register(ring, opcode, &reg, sizeof(reg));
}

static int update_rsrc2(struct io_uring *ring, unsigned int opcode,
			unsigned int off, const void *data, const __u64 *tags,
			unsigned int nr)
{
	struct io_uring_rsrc_update2 up;

	memset(&up, 0, sizeof(up));
	up.offset = off;
	up.data = uring_ptr_to_u64(data);
	up.tags = uring_ptr_to_u64(tags);
	up.nr = nr;
	return __uringi_register(ring, opcode, &up, sizeof(up));
}

int io_uring_register_buffers_tags(struct io_uring *ring,
				   const struct iovec *iovecs,
				   const __u64 *tags, unsigned int nr)
{
	return register_rsrc2(ring, IORING_REGISTER_BUFFERS2, iovecs, tags,
			      nr, 0);
}

int io_uring_register_buffers_sparse(struct io_uring *ring, unsigned int nr)
{
	return register_rsrc2(ring, IORING_REGISTER_BUFFERS2, NULL, NULL, nr,
			      IORING_RSRC_REGISTER_SPARSE);
}

int io_uring_register_buffers_update_tag(struct io_uring *ring,
					 unsigned int off,
					 const struct iovec *iovecs,
					 const __u64 *tags, unsigned int nr)
{
	return update_rsrc2(ring, IORING_REGISTER_BUFFERS_UPDATE, off, iovecs,
			    tags, nr);
}

int io_uring_unregister_buffers(struct io_uring *ring)
{
	return __uringi_register(ring, IORING_UNREGISTER_BUFFERS, NULL,
				 0);
}

/*
 * Copy registered buffers from src into dst (Linux 6.12; ranges and
 * DST_REPLACE 6.13). SRC_REGISTERED is only honoured when src really
 * has a registered index the kernel can look up; otherwise the plain
 * descriptor goes over and the flag is dropped.
 */
int __io_uring_clone_buffers_offset(struct io_uring *dst,
				    struct io_uring *src,
				    unsigned int dst_off, unsigned int src_off,
				    unsigned int nr, unsigned int flags)
{
	struct io_uring_clone_buffers arg = {
		.src_off = src_off,
		.dst_off = dst_off,
		.nr = nr,
	};
	bool by_index;

	if (!src)
		return -EFAULT;
	by_index = (flags & IORING_REGISTER_SRC_REGISTERED) &&
		   (src->int_flags & INT_FLAG_REG_REG_RING);
	arg.src_fd = by_index ? (__u32) src->enter_ring_fd :
				(__u32) src->ring_fd;
	arg.flags = by_index ? flags : flags & ~IORING_REGISTER_SRC_REGISTERED;
	return __uringi_register(dst, IORING_REGISTER_CLONE_BUFFERS,
				 &arg, 1);
}

int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags)
{
	return __io_uring_clone_buffers_offset(dst, src, 0, 0, 0, flags);
}

int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr, unsigned int flags)
{
	return __io_uring_clone_buffers_offset(dst, src, dst_off, src_off, nr,
				flags | IORING_REGISTER_SRC_REGISTERED);
}

int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src)
{
	return __io_uring_clone_buffers_offset(dst, src, 0, 0, 0,
					       IORING_REGISTER_SRC_REGISTERED);
}

/*
 * Fixed files.
 */

/*
 * The kernel refuses a file table larger than RLIMIT_NOFILE with -EMFILE.
 * Raise the soft limit by nr once (never past the hard limit, which the
 * kernel enforces) and let the caller try again; failures are ignored,
 * the retry then simply fails the same way.
 */
static void raise_nofile_limit(unsigned int nr)
{
	struct rlimit rlim;

	if (__uringi_sys_getrlimit(RLIMIT_NOFILE, &rlim))
		return;
	if (rlim.rlim_cur >= nr)
		return;
	rlim.rlim_cur += nr;
	__uringi_sys_setrlimit(RLIMIT_NOFILE, &rlim);
}

static int register_files_retry(struct io_uring *ring, unsigned int opcode,
				const void *arg, unsigned int nr_args,
				unsigned int nr_files)
{
	int ret;

	ret = __uringi_register(ring, opcode, arg, nr_args);
	if (ret != -EMFILE)
		return ret;
	raise_nofile_limit(nr_files);
	return __uringi_register(ring, opcode, arg, nr_args);
}

int io_uring_register_files(struct io_uring *ring, const int *files,
			    unsigned int nr_files)
{
	return register_files_retry(ring, IORING_REGISTER_FILES, files,
				    nr_files, nr_files);
}

int io_uring_register_files_tags(struct io_uring *ring, const int *files,
				 const __u64 *tags, unsigned int nr)
{
	struct io_uring_rsrc_register reg;

	memset(&reg, 0, sizeof(reg));
	reg.nr = nr;
	reg.data = uring_ptr_to_u64(files);
	reg.tags = uring_ptr_to_u64(tags);
	return register_files_retry(ring, IORING_REGISTER_FILES2, &reg,
				    sizeof(reg), nr);
}

int io_uring_register_files_sparse(struct io_uring *ring, unsigned int nr)
{
	struct io_uring_rsrc_register reg;

	memset(&reg, 0, sizeof(reg));
	reg.nr = nr;
	reg.flags = IORING_RSRC_REGISTER_SPARSE;
	return register_files_retry(ring, IORING_REGISTER_FILES2, &reg,
				    sizeof(reg), nr);
}

/* Returns the number of slots updated. */
int io_uring_register_files_update(struct io_uring *ring, unsigned int off,
				   const int *files, unsigned int nr_files)
{
	struct io_uring_files_update up;

	memset(&up, 0, sizeof(up));
	up.offset = off;
	up.fds = uring_ptr_to_u64(files);
	return __uringi_register(ring, IORING_REGISTER_FILES_UPDATE, &up,
				 nr_files);
}

int io_uring_register_files_update_tag(struct io_uring *ring,
				       unsigned int off, const int *files,
				       const __u64 *tags,
				       unsigned int nr_files)
{
	return update_rsrc2(ring, IORING_REGISTER_FILES_UPDATE2, off, files,
			    tags, nr_files);
}

int io_uring_unregister_files(struct io_uring *ring)
{
	return __uringi_register(ring, IORING_UNREGISTER_FILES, NULL, 0);
}

/* Slots [off, off + len) are where IORING_FILE_INDEX_ALLOC picks from. */
int io_uring_register_file_alloc_range(struct io_uring *ring,
				       unsigned int off, unsigned int len)
{
	struct io_uring_file_index_range range;

	memset(&range, 0, sizeof(range));
	range.off = off;
	range.len = len;
	return __uringi_register(ring, IORING_REGISTER_FILE_ALLOC_RANGE,
				 &range, 0);
}

/*
 * Eventfd notification.
 */

int io_uring_register_eventfd(struct io_uring *ring, int fd)
{
	return __uringi_register(ring, IORING_REGISTER_EVENTFD, &fd, 1);
}

int io_uring_register_eventfd_async(struct io_uring *ring, int fd)
{
	return __uringi_register(ring, IORING_REGISTER_EVENTFD_ASYNC, &fd,
				 1);
}

int io_uring_unregister_eventfd(struct io_uring *ring)
{
	return __uringi_register(ring, IORING_UNREGISTER_EVENTFD, NULL,
				 0);
}

/*
 * Probing, credentials and restrictions.
 */

/* p must have room for nr ops and be zeroed: the kernel checks. */
int io_uring_register_probe(struct io_uring *ring, struct io_uring_probe *p,
			    unsigned int nr)
{
	return __uringi_register(ring, IORING_REGISTER_PROBE, p, nr);
}

/* Returns the new personality id: the caller's current credentials. */
int io_uring_register_personality(struct io_uring *ring)
{
	return __uringi_register(ring, IORING_REGISTER_PERSONALITY, NULL,
				 0);
}

/* The kernel takes the id in nr_args. */
int io_uring_unregister_personality(struct io_uring *ring, int id)
{
	return __uringi_register(ring, IORING_UNREGISTER_PERSONALITY,
				 NULL, (unsigned int) id);
}

int io_uring_register_restrictions(struct io_uring *ring,
				   struct io_uring_restriction *res,
				   unsigned int nr_res)
{
	return __uringi_register(ring, IORING_REGISTER_RESTRICTIONS, res,
				 nr_res);
}

int io_uring_enable_rings(struct io_uring *ring)
{
	return __uringi_register(ring, IORING_REGISTER_ENABLE_RINGS, NULL,
				 0);
}

/*
 * io-wq workers.
 */

int io_uring_register_iowq_aff(struct io_uring *ring, size_t cpusz,
			       const cpu_set_t *mask)
{
	/* nr_args is an unsigned int: do not let a huge size wrap. */
	if (cpusz >= (1U << 31))
		return -EINVAL;
	return __uringi_register(ring, IORING_REGISTER_IOWQ_AFF, mask,
				 (unsigned int) cpusz);
}

int io_uring_unregister_iowq_aff(struct io_uring *ring)
{
	return __uringi_register(ring, IORING_UNREGISTER_IOWQ_AFF, NULL,
				 0);
}

/* values[2]: bounded, unbounded; 0 keeps a limit. Old limits come back. */
int io_uring_register_iowq_max_workers(struct io_uring *ring,
				       unsigned int *values)
{
	return __uringi_register(ring, IORING_REGISTER_IOWQ_MAX_WORKERS,
				 values, 2);
}

/*
 * Everything else that takes one argument structure.
 */

int io_uring_register_sync_cancel(struct io_uring *ring,
				  struct io_uring_sync_cancel_reg *reg)
{
	return __uringi_register(ring, IORING_REGISTER_SYNC_CANCEL, reg,
				 1);
}

int io_uring_register_napi(struct io_uring *ring, struct io_uring_napi *napi)
{
	return __uringi_register(ring, IORING_REGISTER_NAPI, napi, 1);
}

/* napi may be NULL; otherwise the settings in force are copied back. */
int io_uring_unregister_napi(struct io_uring *ring,
			     struct io_uring_napi *napi)
{
	return __uringi_register(ring, IORING_UNREGISTER_NAPI, napi, 1);
}

int io_uring_register_clock(struct io_uring *ring,
			    struct io_uring_clock_register *arg)
{
	return __uringi_register(ring, IORING_REGISTER_CLOCK, arg, 0);
}

int io_uring_register_region(struct io_uring *ring,
			     struct io_uring_mem_region_reg *reg)
{
	return __uringi_register(ring, IORING_REGISTER_MEM_REGION, reg,
				 1);
}

/*
 * The first registered-wait interface (liburing 2.9) was dropped from the
 * kernel before it shipped in a release; wait arguments now live in a
 * region registered with IORING_MEM_REGION_REG_WAIT_ARG. liburing keeps the
 * symbol and always fails it, and so do we.
 */
int io_uring_register_wait_reg(struct io_uring *ring,
			       struct io_uring_reg_wait *reg, int nr)
{
	(void) ring;
	(void) reg;
	(void) nr;
	return -EINVAL;
}

int io_uring_register_ifq(struct io_uring *ring,
			  struct io_uring_zcrx_ifq_reg *reg)
{
	return __uringi_register(ring, IORING_REGISTER_ZCRX_IFQ, reg, 1);
}

int io_uring_register_zcrx_ctrl(struct io_uring *ring, struct zcrx_ctrl *ctrl)
{
	return __uringi_register(ring, IORING_REGISTER_ZCRX_CTRL, ctrl, 0);
}

int io_uring_register_bpf_filter(struct io_uring *ring,
				 struct io_uring_bpf *bpf)
{
	return __uringi_register(ring, IORING_REGISTER_BPF_FILTER, bpf,
				 1);
}

/*
 * Calls without a ring: fd -1 tells the kernel so. A task filter applies
 * to every ring the calling task (and its children) creates afterwards.
 */
int io_uring_register_bpf_filter_task(struct io_uring_bpf *bpf)
{
	return __uringi_sys_register(-1, IORING_REGISTER_BPF_FILTER, bpf, 1);
}

int io_uring_register_query(struct io_uring_query_hdr *query)
{
	return __uringi_sys_register(-1, IORING_REGISTER_QUERY, query, 0);
}

/*
 * Resizing (Linux 6.13, DEFER_TASKRUN rings only).
 *
 * The kernel copies the SQEs it has been shown (up to the shared SQ tail)
 * and every unreaped CQE into the new rings, keeping head and tail values,
 * then frees the old ones. SQEs the application has prepared but not yet
 * submitted only exist in our view, so publish them first; submission then
 * picks them up from the new ring as if nothing happened.
 */
int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p)
{
	struct io_uring_params map_p;
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	int ret;

	if (!ring)
		return -EFAULT;
	/* What the kernel says of a missing argument. */
	if (!p)
		return -EINVAL;
	/* Application-owned ring memory cannot be remapped by us. */
	if (ring->flags & IORING_SETUP_NO_MMAP)
		return -EINVAL;
	/* The new rings are reached by mmap() on the ring descriptor. */
	if (ring->ring_fd < 0)
		return -EBADF;

	memset(&p->sq_off, 0, sizeof(p->sq_off));
	memset(&p->cq_off, 0, sizeof(p->cq_off));
	sq_publish_any(ring);

	ret = __uringi_register(ring, IORING_REGISTER_RESIZE_RINGS, p, 1);
	if (ret < 0)
		goto out;

	memset(&sq, 0, sizeof(sq));
	memset(&cq, 0, sizeof(cq));
	map_p = *p;
	map_p.features = ring->features;
	ret = __uringi_map_rings(ring->ring_fd, &map_p, &sq, &cq);
	if (ret)
		goto out;
	__uringi_unmap(&ring->sq, &ring->cq);

	/* The kernel kept the ring indexes; so do we. */
	sq.sqe_head = ring->sq.sqe_head;
	sq.sqe_tail = ring->sq.sqe_tail;
	__uringi_sq_identity(&sq);
	ring->sq = sq;
	ring->cq = cq;
out:
	/* As liburing does: p is ready to be filled in for the next resize. */
	p->flags = 0;
	return ret;
}
