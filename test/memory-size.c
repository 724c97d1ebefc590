/* SPDX-License-Identifier: MIT */
/*
 * io_uring_memory_size() and io_uring_mlock_size(): the first is the
 * memory a ring of that shape takes (what queue_init_mem uses, and what a
 * kernel-allocated ring maps, page for page); the second is what counts
 * against RLIMIT_MEMLOCK, which is nothing since Linux 5.12. Both reject
 * sizes the kernel would reject, with its error.
 */
#include "mode-util.h"

static size_t pages(size_t bytes)
{
	size_t page = sysconf(_SC_PAGESIZE);

	return (bytes + page - 1) / page * page;
}

/* What io_uring_queue_init maps for this shape, in whole pages. */
static size_t mapped(unsigned int entries, struct io_uring_params *p)
{
	struct io_uring ring;
	size_t total;

	t_ring_init_params(&ring, entries, p);
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
	shape(40000, IORING_SETUP_CLAMP, 0);

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
