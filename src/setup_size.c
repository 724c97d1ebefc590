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
#include "kernel_limits.h"

/*
 * The ring header (heads, tails, masks, flags) in front of the CQEs, and
 * its alignment, when the kernel cannot tell us: struct io_rings is 64
 * bytes on every architecture with 64-byte cache lines or smaller.
 */
#define RING_HDR_SIZE		64
#define RING_HDR_ALIGN		64

long __uringi_page_size(void)
{
	long page_size = sysconf(_SC_PAGESIZE);

	return page_size > 0 ? page_size : 4096;
}

static size_t round_up(size_t size, size_t align)
{
	return (size + align - 1) & ~(align - 1);
}

/*
 * The ring header size and alignment, from IO_URING_QUERY_SCQ where the
 * kernel has it (newer than 6.18); our 64-byte defaults stay otherwise.
 */
static void query_ring_header(size_t *hdr_size, size_t *hdr_align)
{
	struct io_uring_query_scq scq;
	struct io_uring_query_hdr hdr;

	*hdr_size = RING_HDR_SIZE;
	*hdr_align = RING_HDR_ALIGN;

	memset(&scq, 0, sizeof(scq));
	memset(&hdr, 0, sizeof(hdr));
	hdr.query_op = IO_URING_QUERY_SCQ;
	hdr.query_data = uring_ptr_to_u64(&scq);
	hdr.size = sizeof(scq);
	if (__uringi_sys_register(-1, IORING_REGISTER_QUERY, &hdr, 0) < 0 ||
	  hdr.result || hdr.size < sizeof(scq) || !scq.hdr_size)
		return;
	*hdr_size = scq.hdr_size;
	/* A power of two, or we keep our own. */
	if (scq.hdr_alignment && !(scq.hdr_alignment & (scq.hdr_alignment - 1)))
		*hdr_align = scq.hdr_alignment;
}

/*
 * One ring size as io_uring_setup(2) settles it: 0 is refused, more than
 * max only with IORING_SETUP_CLAMP (which caps it), and the result is
 * rounded up to a power of two.
 */
static int settle_entries(unsigned int asked, unsigned int max, bool clamp,
			  unsigned int *settled)
{
	if (!asked || (asked > max && !clamp))
		return -EINVAL;
	*settled = kern_roundup_pow2(asked < max ? asked : max);
	return 0;
}

/*
 * The SQ and CQ sizes the kernel picks for entries and p, with its errors:
 * the CQ is twice the SQ unless IORING_SETUP_CQSIZE names one at least as
 * large.
 */
static int settle_ring_sizes(unsigned int entries,
			     const struct io_uring_params *p,
			     struct ring_layout *layout)
{
	bool clamp = p->flags & IORING_SETUP_CLAMP;
	int ret;

	ret = settle_entries(entries, KERN_MAX_SQ_ENTRIES, clamp,
			     &layout->sq_entries);
	if (ret)
		return ret;
	if (!(p->flags & IORING_SETUP_CQSIZE)) {
		layout->cq_entries = 2 * layout->sq_entries;
		return 0;
	}
	ret = settle_entries(p->cq_entries, KERN_MAX_CQ_ENTRIES, clamp,
			     &layout->cq_entries);
	if (!ret && layout->cq_entries < layout->sq_entries)
		ret = -EINVAL;
	return ret;
}

int __uringi_ring_layout(unsigned int entries, const struct io_uring_params *p,
			 struct ring_layout *layout)
{
	size_t page_size = __uringi_page_size();
	size_t hdr_size, hdr_align, sqes, rings;
	int ret;

	ret = settle_ring_sizes(entries, p, layout);
	if (ret)
		return ret;
	query_ring_header(&hdr_size, &hdr_align);

	sqes = (size_t) layout->sq_entries * sizeof(struct io_uring_sqe);
	sqes <<= io_uring_sqe_shift_from_flags(p->flags);

	rings = (size_t) layout->cq_entries * sizeof(struct io_uring_cqe);
	rings <<= io_uring_cqe_shift_from_flags(p->flags);
	rings = round_up(hdr_size + rings, hdr_align);
	/*
	 * The SQ index array follows the CQEs unless the flags rule it out.
	 * That the library adds NO_SQARRAY itself where the kernel has it
	 * does not count: the size must hold on kernels before 6.6 too.
	 */
	if (!(p->flags & IORING_SETUP_NO_SQARRAY))
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
	ret = __uringi_ring_layout(entries, p, &layout);
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
	ssize_t size;
	int fd;

	size = io_uring_memory_size_params(entries, p);
	if (size < 0)
		return size;

	/*
	 * Since Linux 5.12 (IORING_FEAT_NATIVE_WORKERS) ring memory is
	 * charged to the memory cgroup, not to RLIMIT_MEMLOCK. A bare
	 * one-entry ring tells us which kernel this is; one that cannot be
	 * created tells us nothing: assume an older kernel.
	 */
	memset(&probe, 0, sizeof(probe));
	fd = __uringi_sys_setup(1, &probe);
	if (fd < 0)
		return size;
	__uringi_sys_close(fd);
	return (probe.features & IORING_FEAT_NATIVE_WORKERS) ? 0 : size;
}

ssize_t io_uring_mlock_size(unsigned int entries, unsigned int flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_mlock_size_params(entries, &p);
}
