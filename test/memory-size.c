/* SPDX-License-Identifier: MIT */
/*
 * io_uring_memory_size() and io_uring_mlock_size(): the first is the
 * memory a ring of that shape takes, page for page what the kernel maps
 * for a ring set up with exactly those flags; the SQ index array counts
 * unless the flags say IORING_SETUP_NO_SQARRAY, so the figure holds on
 * kernels before 6.6 too. The second is what counts against
 * RLIMIT_MEMLOCK, which is nothing since Linux 5.12. Both reject sizes
 * the kernel would reject, with its error.
 */
#include "mode-util.h"

static size_t pages(size_t bytes)
{
	size_t page = sysconf(_SC_PAGESIZE);

	return (bytes + page - 1) / page * page;
}

/*
 * What the kernel maps for this shape, in whole pages: a raw setup, as
 * on a kernel without NO_SQARRAY the library could not add it either.
 */
static size_t mapped(unsigned int entries, const struct io_uring_params *p)
{
	struct io_uring_params kp = *p;
	struct io_uring ring;
	size_t total;
	int fd;

	fd = io_uring_setup(entries, &kp);
	if (fd == -EINVAL && p->flags)
		t_skip("kernel lacks setup flags 0x%x (SQE128, CQE32: Linux 5.19)",
		       p->flags);
	t_assert(fd >= 0, "io_uring_setup(%u, 0x%x): %d", entries, p->flags,
		 fd);
	t_eq(io_uring_queue_mmap(fd, &kp, &ring), 0);
	t_eq(!!ring.sq.array, !(p->flags & IORING_SETUP_NO_SQARRAY));
	total = pages(ring.sq.sqes_sz) + pages(ring.sq.ring_sz);
	if (ring.cq.ring_ptr != ring.sq.ring_ptr)
		total += pages(ring.cq.ring_sz);
	io_uring_queue_exit(&ring);
	return total;
}

static void shape(unsigned int entries, unsigned int flags,
		  unsigned int cq_entries)
{
	struct io_uring_params p;
	ssize_t size;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.cq_entries = cq_entries;
	size = io_uring_memory_size_params(entries, &p);
	t_assert(size > 0, "memory_size_params: %zd", size);
	if (!cq_entries)
		t_eq(io_uring_memory_size(entries, flags), size);
	t_eq(size, mapped(entries, &p));
	/*
	 * README difference: 2.15 returns the ring's size for CLAMP requests
	 * above the kernel's limit; we return 0 for every accepted request.
	 */
	if (!t_peer_library() || !(flags & IORING_SETUP_CLAMP))
		t_eq(io_uring_mlock_size_params(entries, &p), 0);
}

int main(void)
{
	struct io_uring_params p;

	shape(1, 0, 0);
	shape(8, 0, 0);
	shape(100, 0, 0);
	shape(4096, 0, 0);
	shape(64, IORING_SETUP_SQE128, 0);
	shape(64, IORING_SETUP_CQE32, 0);
	shape(256, IORING_SETUP_SQE128 | IORING_SETUP_CQE32, 0);
	shape(8, IORING_SETUP_CQSIZE, 4096);
	shape(64, IORING_SETUP_NO_SQARRAY, 0);
	shape(4096, IORING_SETUP_NO_SQARRAY, 0);
	shape(40000, IORING_SETUP_CLAMP, 0);

	/* 256 KiB of SQEs; 8192 CQEs, header and 4096 indexes: 37 pages. */
	if (sysconf(_SC_PAGESIZE) == 4096) {
		t_eq(io_uring_memory_size(4096, 0), 413696);
		t_eq(io_uring_memory_size(4096, IORING_SETUP_NO_SQARRAY),
		     397312);
	}

	t_eq(io_uring_memory_size(0, 0), -EINVAL);
	t_eq(io_uring_memory_size(40000, 0), -EINVAL);
	t_eq(io_uring_mlock_size(0, 0), -EINVAL);
	t_eq(io_uring_mlock_size(8, 0), 0);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	t_eq(io_uring_memory_size_params(8, &p), -EINVAL);
	p.cq_entries = 4;
	t_eq(io_uring_memory_size_params(8, &p), -EINVAL);
	p.cq_entries = 1U << 20;
	t_eq(io_uring_memory_size_params(8, &p), -EINVAL);
	p.flags |= IORING_SETUP_CLAMP;
	t_assert(io_uring_memory_size_params(8, &p) > 0, "CLAMP");
	return T_PASS;
}
