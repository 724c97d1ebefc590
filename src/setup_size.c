/* SPDX-License-Identifier: MIT */
/*
 * How much memory a ring takes: the layout used for IORING_SETUP_NO_MMAP
 * rings, and io_uring_memory_size() / io_uring_mlock_size() which report it.
 */
#include <string.h>
#include <unistd.h>

#include "liburing.h"
#include "syscall.h"
#include "setup.h"

/*
 * The ring header (heads, tails, masks, flags) in front of the CQEs, and
 * its alignment, when the kernel cannot tell us: struct io_rings is 64
 * bytes on every architecture with 64-byte cache lines or smaller.
 */
#define RING_HDR_SIZE		64
#define RING_HDR_ALIGN		64

long __io_uring_page_size(void)
{
	long page_size = sysconf(_SC_PAGESIZE);

	return page_size > 0 ? page_size : 4096;
}

static size_t round_up(size_t size, size_t align)
{
	return (size + align - 1) & ~(align - 1);
}

static unsigned int roundup_pow2(unsigned int n)
{
	return n <= 1 ? 1 : 1U << (32 - __builtin_clz(n - 1));
}

/*
 * Ask the kernel (Linux 6.19+, IO_URING_QUERY_SCQ) for the ring header
 * size; older kernels answer -EINVAL or -EOPNOTSUPP and we use our own.
 * Returns true when the kernel answered, which also proves it has
 * IORING_SETUP_NO_SQARRAY.
 */
static bool query_ring_header(size_t *hdr_size, size_t *hdr_align)
{
	struct io_uring_query_scq scq;
	struct io_uring_query_hdr hdr;
	int ret;

	*hdr_size = RING_HDR_SIZE;
	*hdr_align = RING_HDR_ALIGN;

	memset(&scq, 0, sizeof(scq));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_data = uring_ptr_to_u64(&scq);
	hdr.query_op = IO_URING_QUERY_SCQ;
	hdr.size = sizeof(scq);
	ret = __sys_io_uring_register(-1, IORING_REGISTER_QUERY, &hdr, 0);
	if (ret < 0 || hdr.result < 0 || hdr.size < sizeof(scq) ||
	    !scq.hdr_size)
		return false;

	*hdr_size = scq.hdr_size;
	/* A power of two, or we keep our own. */
	if (scq.hdr_alignment && !(scq.hdr_alignment & (scq.hdr_alignment - 1)))
		*hdr_align = scq.hdr_alignment;
	return true;
}

/*
 * The SQ and CQ sizes the kernel will pick for entries and p, with the
 * errors it would give: the same rules as io_uring_setup(2).
 */
static int ring_entries(unsigned int entries, const struct io_uring_params *p,
			unsigned int *sq_entries, unsigned int *cq_entries)
{
	unsigned int cq;

	if (!entries)
		return -EINVAL;
	if (entries > KERN_MAX_SQ_ENTRIES) {
		if (!(p->flags & IORING_SETUP_CLAMP))
			return -EINVAL;
		entries = KERN_MAX_SQ_ENTRIES;
	}
	entries = roundup_pow2(entries);

	if (p->flags & IORING_SETUP_CQSIZE) {
		cq = p->cq_entries;
		if (!cq)
			return -EINVAL;
		if (cq > KERN_MAX_CQ_ENTRIES) {
			if (!(p->flags & IORING_SETUP_CLAMP))
				return -EINVAL;
			cq = KERN_MAX_CQ_ENTRIES;
		}
		cq = roundup_pow2(cq);
		if (cq < entries)
			return -EINVAL;
	} else {
		cq = 2 * entries;
	}

	*sq_entries = entries;
	*cq_entries = cq;
	return 0;
}

int __io_uring_ring_layout(unsigned int entries,
			   const struct io_uring_params *p,
			   struct ring_layout *layout)
{
	size_t page_size = __io_uring_page_size();
	size_t hdr_size, hdr_align, sqes, rings;
	bool sq_array;
	int ret;

	ret = ring_entries(entries, p, &layout->sq_entries,
			   &layout->cq_entries);
	if (ret)
		return ret;

	/*
	 * The SQ index array follows the CQEs unless the ring has none. A
	 * kernel that answers the header query has NO_SQARRAY, which the
	 * library then always asks for.
	 */
	sq_array = !query_ring_header(&hdr_size, &hdr_align) &&
		   !(p->flags & IORING_SETUP_NO_SQARRAY);

	sqes = (size_t) layout->sq_entries * sizeof(struct io_uring_sqe);
	sqes <<= io_uring_sqe_shift_from_flags(p->flags);

	rings = (size_t) layout->cq_entries * sizeof(struct io_uring_cqe);
	rings <<= io_uring_cqe_shift_from_flags(p->flags);
	rings = round_up(hdr_size + rings, hdr_align);
	if (sq_array)
		rings += (size_t) layout->sq_entries * sizeof(__u32);

	layout->sqes_bytes = round_up(sqes, page_size);
	layout->rings_bytes = round_up(rings, page_size);
	return 0;
}

ssize_t io_uring_memory_size_params(unsigned int entries,
				    struct io_uring_params *p)
{
	struct ring_layout layout;
	int ret;

	if (!p)
		return -EFAULT;
	ret = __io_uring_ring_layout(entries, p, &layout);
	if (ret)
		return ret;
	return layout.sqes_bytes + layout.rings_bytes;
}

ssize_t io_uring_memory_size(unsigned int entries, unsigned int flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_memory_size_params(entries, &p);
}

ssize_t io_uring_mlock_size_params(unsigned int entries,
				   struct io_uring_params *p)
{
	struct io_uring_params probe;
	struct io_uring ring;

	if (!p)
		return -EFAULT;

	/*
	 * Since Linux 5.12 (IORING_FEAT_NATIVE_WORKERS) ring memory is
	 * charged to the memory cgroup, not to RLIMIT_MEMLOCK. A ring that
	 * cannot be created tells us nothing: assume an older kernel.
	 */
	memset(&probe, 0, sizeof(probe));
	if (!io_uring_queue_init_params(entries, &ring, &probe)) {
		io_uring_queue_exit(&ring);
		if (probe.features & IORING_FEAT_NATIVE_WORKERS)
			return 0;
	}
	return io_uring_memory_size_params(entries, p);
}

ssize_t io_uring_mlock_size(unsigned int entries, unsigned int flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_mlock_size_params(entries, &p);
}
