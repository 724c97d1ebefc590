/* SPDX-License-Identifier: MIT */
/*
 * The kernel's ring layout in our address space: how long the SQ ring, CQ
 * ring and SQE regions of a ring descriptor are, mapping and unmapping
 * them, and pointing struct io_uring_sq/cq at the shared fields. Setup,
 * io_uring_queue_mmap(), caller-memory rings and resize all build on this
 * file, and it on nothing but the raw system calls.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "liburing.h"
#include "kernel_limits.h"
#include "syscall.h"
#include "ring_map.h"

/*
 * The ring headers sit at the start of the first page of the ring region,
 * and the kernel backs at least that page whatever length we map; no
 * architecture has pages below 4 KiB. Fields there are safe to read.
 */
#define HEADER_LIMIT	4096U

/* The regions of a ring descriptor, in the order they are mapped. */
enum ring_part { PART_SQ_RING, PART_CQ_RING, PART_SQES, NR_PARTS };

static const off_t part_pgoff[NR_PARTS] = {
	[PART_SQ_RING]	= IORING_OFF_SQ_RING,
	[PART_CQ_RING]	= IORING_OFF_CQ_RING,
	[PART_SQES]	= IORING_OFF_SQES,
};

static unsigned *ring_word(void *region, __u32 off)
{
	return (unsigned *) ((char *) region + off);
}

static bool pow2_within(__u32 n, __u32 max)
{
	return n && n <= max && !(n & (n - 1));
}

/* Every header field named in offs fits, aligned, in the first page. */
static bool header_fields_ok(const __u32 *offs, unsigned int nr)
{
	while (nr--) {
		if (offs[nr] % sizeof(__u32) ||
		    offs[nr] > HEADER_LIMIT - sizeof(__u32))
			return false;
	}
	return true;
}

/*
 * Parameters no kernel hands out, which would otherwise send us reading
 * or writing outside what gets mapped: false.
 */
static bool params_sane(const struct io_uring_params *p)
{
	const __u32 sq_hdr[] = {
		p->sq_off.head, p->sq_off.tail, p->sq_off.ring_mask,
		p->sq_off.ring_entries, p->sq_off.flags, p->sq_off.dropped,
	};
	const __u32 cq_hdr[] = {
		p->cq_off.head, p->cq_off.tail, p->cq_off.ring_mask,
		p->cq_off.ring_entries, p->cq_off.overflow, p->cq_off.flags,
	};

	return pow2_within(p->sq_entries, KERN_MAX_SQ_ENTRIES) &&
	       pow2_within(p->cq_entries, KERN_MAX_CQ_ENTRIES) &&
	       header_fields_ok(sq_hdr, sizeof(sq_hdr) / sizeof(sq_hdr[0])) &&
	       header_fields_ok(cq_hdr, sizeof(cq_hdr) / sizeof(cq_hdr[0]));
}

/*
 * The bytes each region must span for the offsets and sizes in p: the SQ
 * ring up to the end of its index array, the CQ ring up to the end of the
 * CQEs, the SQE array. The CQ ring gets 0 where it shares the SQ ring's
 * region (IORING_FEAT_SINGLE_MMAP), which then spans both.
 */
static int part_lengths(const struct io_uring_params *p, size_t len[])
{
	size_t cqe = sizeof(struct io_uring_cqe) <<
		     io_uring_cqe_shift_from_flags(p->flags);
	size_t sqe = sizeof(struct io_uring_sqe) <<
		     io_uring_sqe_shift_from_flags(p->flags);

	len[PART_CQ_RING] = p->cq_off.cqes + p->cq_entries * cqe;
	len[PART_SQ_RING] = 0;
	if (!(p->flags & IORING_SETUP_NO_SQARRAY))
		len[PART_SQ_RING] = p->sq_off.array +
				    p->sq_entries * sizeof(__u32);
	len[PART_SQES] = p->sq_entries * sqe;

	if (p->features & IORING_FEAT_SINGLE_MMAP) {
		if (len[PART_SQ_RING] < len[PART_CQ_RING])
			len[PART_SQ_RING] = len[PART_CQ_RING];
		len[PART_CQ_RING] = 0;
	}
	/* Kernels without SINGLE_MMAP predate NO_SQARRAY. */
	return len[PART_SQ_RING] ? 0 : -EINVAL;
}

static void unmap_parts(void *const addr[], const size_t len[],
			enum ring_part upto)
{
	int i;

	for (i = upto - 1; i >= 0; i--)
		if (len[i])
			__uringi_sys_munmap(addr[i], len[i]);
}

/*
 * p may come from the caller (io_uring_queue_mmap) and describe some other
 * ring. The kernel backs only its own ring's pages of a longer mapping,
 * and touching the rest raises SIGBUS; its header, read from the first
 * page, says which ring this really is.
 */
static bool kernel_agrees(const struct io_uring_params *p, void *sq_ring,
			  void *cq_ring)
{
	return *ring_word(sq_ring, p->sq_off.ring_entries) == p->sq_entries &&
	       *ring_word(sq_ring, p->sq_off.ring_mask) == p->sq_entries - 1 &&
	       *ring_word(cq_ring, p->cq_off.ring_entries) == p->cq_entries &&
	       *ring_word(cq_ring, p->cq_off.ring_mask) == p->cq_entries - 1;
}

/*
 * Whether the kernel backs every page of a region we mapped. It inserts
 * the pages of its own ring when the mapping is made, so mincore() sees
 * them resident, and any page past its ring is not. That catches what the
 * header cannot tell: SQE or CQE sizes (SQE128, CQE32) that p->flags gets
 * wrong. When mincore() itself fails we cannot tell, and accept; nor when
 * it calls the first page absent, which the kernel always backs: older
 * kernels (5.10, 6.1) map rings as raw page frames (remap_pfn_range),
 * which mincore() reports as not resident, however present.
 */
static bool fully_backed(void *addr, size_t len)
{
	long page_size = sysconf(_SC_PAGESIZE);
	size_t page = page_size > 0 ? (size_t) page_size : HEADER_LIMIT;
	unsigned char vec[64];
	size_t chunk, i;
	char *at = addr;

	while (len) {
		chunk = len < sizeof(vec) * page ? len : sizeof(vec) * page;
		if (__uringi_sys_mincore(at, chunk, vec))
			return true;
		if (at == addr && !(vec[0] & 1))
			return true;
		for (i = 0; i < (chunk + page - 1) / page; i++)
			if (!(vec[i] & 1))
				return false;
		at += chunk;
		len -= chunk;
	}
	return true;
}

/* Both entry points below; verify: cross-check p against the kernel. */
static int map_rings(int fd, const struct io_uring_params *p,
		     struct io_uring_sq *sq, struct io_uring_cq *cq,
		     bool verify)
{
	void *addr[NR_PARTS] = { NULL };
	size_t len[NR_PARTS];
	int i, ret;

	if (verify && !params_sane(p))
		return -EINVAL;
	ret = part_lengths(p, len);
	if (ret)
		return ret;

	for (i = 0; i < NR_PARTS; i++) {
		if (!len[i])
			continue;
		addr[i] = __uringi_sys_mmap(NULL, len[i],
					    PROT_READ | PROT_WRITE,
					    MAP_SHARED | MAP_POPULATE, fd,
					    part_pgoff[i]);
		if (__uringi_sys_mmap_failed(addr[i])) {
			ret = __uringi_sys_mmap_error(addr[i]);
			unmap_parts(addr, len, i);
			return ret;
		}
	}
	if (!len[PART_CQ_RING])
		addr[PART_CQ_RING] = addr[PART_SQ_RING];

	if (verify &&
	    !kernel_agrees(p, addr[PART_SQ_RING], addr[PART_CQ_RING])) {
		unmap_parts(addr, len, NR_PARTS);
		return -EINVAL;
	}
	for (i = 0; verify && i < NR_PARTS; i++) {
		if (len[i] && !fully_backed(addr[i], len[i])) {
			unmap_parts(addr, len, NR_PARTS);
			return -EINVAL;
		}
	}

	sq->ring_ptr = addr[PART_SQ_RING];
	sq->ring_sz = len[PART_SQ_RING];
	cq->ring_ptr = addr[PART_CQ_RING];
	/* A shared region reports its full length on both sides. */
	cq->ring_sz = len[PART_CQ_RING] ? len[PART_CQ_RING] : sq->ring_sz;
	sq->sqes = addr[PART_SQES];
	sq->sqes_sz = len[PART_SQES];
	__uringi_point_rings(p, sq, cq);
	return 0;
}

int __uringi_map_rings(int fd, const struct io_uring_params *p,
		       struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	return map_rings(fd, p, sq, cq, true);
}

/*
 * p is what io_uring_setup() just answered for fd: the header and the
 * sizes are the kernel's own, so there is nothing to cross-check, and
 * setup saves the probes (a mincore() per region and the page size).
 */
int __uringi_map_new_rings(int fd, const struct io_uring_params *p,
			   struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	return map_rings(fd, p, sq, cq, false);
}

void __uringi_point_rings(const struct io_uring_params *p,
			  struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	void *sr = sq->ring_ptr, *cr = cq->ring_ptr;

	cq->khead = ring_word(cr, p->cq_off.head);
	cq->ktail = ring_word(cr, p->cq_off.tail);
	cq->kring_mask = ring_word(cr, p->cq_off.ring_mask);
	cq->kring_entries = ring_word(cr, p->cq_off.ring_entries);
	cq->koverflow = ring_word(cr, p->cq_off.overflow);
	/* Offset 0 is the SQ head: a kernel without CQ flags says 0. */
	cq->kflags = p->cq_off.flags ? ring_word(cr, p->cq_off.flags) : NULL;
	cq->cqes = (struct io_uring_cqe *) ((char *) cr + p->cq_off.cqes);

	sq->khead = ring_word(sr, p->sq_off.head);
	sq->ktail = ring_word(sr, p->sq_off.tail);
	sq->kring_mask = ring_word(sr, p->sq_off.ring_mask);
	sq->kring_entries = ring_word(sr, p->sq_off.ring_entries);
	sq->kflags = ring_word(sr, p->sq_off.flags);
	sq->kdropped = ring_word(sr, p->sq_off.dropped);
	sq->array = (p->flags & IORING_SETUP_NO_SQARRAY) ? NULL :
		    ring_word(sr, p->sq_off.array);

	/* The sizes never change while the memory is in place: cache them. */
	cq->ring_entries = *cq->kring_entries;
	cq->ring_mask = *cq->kring_mask;
	sq->ring_entries = *sq->kring_entries;
	sq->ring_mask = *sq->kring_mask;
}

void __uringi_unmap_rings(struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	bool shared = cq->ring_ptr == sq->ring_ptr;

	if (sq->ring_ptr && sq->ring_sz)
		__uringi_sys_munmap(sq->ring_ptr, sq->ring_sz);
	if (cq->ring_ptr && cq->ring_sz && !shared)
		__uringi_sys_munmap(cq->ring_ptr, cq->ring_sz);
}

void __uringi_unmap(struct io_uring_sq *sq, struct io_uring_cq *cq)
{
	if (sq->sqes && sq->sqes_sz)
		__uringi_sys_munmap(sq->sqes, sq->sqes_sz);
	__uringi_unmap_rings(sq, cq);
}

void __uringi_sq_identity(struct io_uring_sq *sq)
{
	unsigned int slot;

	if (!sq->array)
		return;
	for (slot = 0; slot < sq->ring_entries; slot++)
		sq->array[slot] = slot;
}
