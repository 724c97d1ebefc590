/* SPDX-License-Identifier: MIT */
/*
 * io_uring_queue_mmap() with parameters that do not describe the ring of
 * fd: -EINVAL, nothing left mapped, fd still open, and no SIGBUS. The
 * kernel backs only its own ring's pages of a longer mapping, so sizes
 * taken from another ring would send the library writing the SQ index
 * array (or SQEs) into pages that are not there.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

struct raw_ring {
	struct io_uring_params p;
	int fd;
};

static void raw_setup(struct raw_ring *r, unsigned int entries,
		      unsigned int flags, unsigned int cq_entries)
{
	memset(&r->p, 0, sizeof(r->p));
	r->p.flags = flags;
	r->p.cq_entries = cq_entries;
	r->fd = io_uring_setup(entries, &r->p);
	if (r->fd == -ENOSYS || r->fd == -EPERM)
		t_skip("io_uring is disabled");
	if (r->fd == -EINVAL && flags)
		t_skip("kernel lacks setup flags 0x%x (SQE128, CQE32: Linux 5.19)",
		       flags);
	t_assert(r->fd >= 0, "io_uring_setup(%u): %d", entries, r->fd);
}

/*
 * p is wrong for fd: refused, and nothing of it stays behind. Where p
 * describes a smaller ring, the kernel may refuse the short mapping
 * itself (-EFAULT on 6.18) before the library looks at the header.
 */
static void refused(int fd, struct io_uring_params *p, bool smaller,
		    const char *what)
{
	int maps = t_count_maps();
	struct io_uring ring;
	int ret;

	/* README: 2.15 does not check p against fd (and may get SIGBUS). */
	if (t_peer_library())
		return;
	memset(&ring, 0xa5, sizeof(ring));
	ret = io_uring_queue_mmap(fd, p, &ring);
	t_assert(ret == -EINVAL || (smaller && ret == -EFAULT),
		 "%s: %d, not -EINVAL", what, ret);
	/*
	 * Valgrind's view of /proc/self/maps keeps a split segment after a
	 * mapping part of which the kernel never backed; the real kernel
	 * count is checked outside valgrind.
	 */
	t_assert(t_count_maps() == maps || t_under_valgrind(),
		 "%s: mappings left", what);
	t_assert(fcntl(fd, F_GETFD) >= 0, "%s: fd closed", what);
	/* A failed ring is one io_uring_queue_exit() ignores. */
	t_assert(ring.sq.sqes == NULL, "%s: ring not cleared", what);
	io_uring_queue_exit(&ring);
}

static void nop_roundtrip(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "no SQE");
	io_uring_prep_nop(sqe);
	sqe->user_data = 0x1234;
	t_eq(io_uring_submit(ring), 1);
	t_expect_cqe(ring, 0x1234, 0, 0, 1000);
	t_expect_no_cqe(ring, 0);
}

int main(void)
{
	struct raw_ring small, big, cqbig, big32, big128;
	struct io_uring_params p;
	struct io_uring ring;
	int fds;

	raw_setup(&small, 8, 0, 0);
	raw_setup(&big, 4096, 0, 0);
	raw_setup(&cqbig, 8, IORING_SETUP_CQSIZE, 64);
	raw_setup(&big32, 4096, IORING_SETUP_CQE32, 0);
	raw_setup(&big128, 4096, IORING_SETUP_SQE128, 0);
	fds = t_count_fds();

	/* The example from the bug: a 4096-entry ring's sizes, 8 entries. */
	refused(small.fd, &big.p, false, "4096 params, 8-entry fd");
	refused(big.fd, &small.p, true, "8 params, 4096-entry fd");
	/* Same SQ, other CQ. */
	refused(small.fd, &cqbig.p, false, "CQ 64 params, CQ 16 fd");
	refused(cqbig.fd, &small.p, true, "CQ 16 params, CQ 64 fd");

	/*
	 * Same sizes, bigger entries: the header agrees, but the SQ array
	 * of a CQE32 ring and the SQEs of an SQE128 one lie past the pages
	 * of a plain ring.
	 */
	refused(big.fd, &big32.p, false, "CQE32 params, plain fd");
	refused(big.fd, &big128.p, false, "SQE128 params, plain fd");

	/* Parameters no kernel hands out. */
	p = small.p;
	p.sq_off.ring_entries = 1U << 20;
	refused(small.fd, &p, false, "header offset past the first page");
	p = small.p;
	p.cq_off.ring_mask = 3;
	refused(small.fd, &p, false, "misaligned header offset");
	p = small.p;
	p.sq_entries = 6;
	refused(small.fd, &p, false, "SQ size not a power of two");
	p = small.p;
	p.cq_entries = 0;
	refused(small.fd, &p, false, "no CQ");
	p = small.p;
	p.sq_entries = 16;
	p.sq_off.array = small.p.sq_off.array + 64;
	refused(small.fd, &p, false, "bigger SQ");
	t_eq(t_count_fds(), fds);

	/* Each fd still works with its own parameters. */
	t_eq(io_uring_queue_mmap(small.fd, &small.p, &ring), 0);
	t_eq(ring.sq.ring_entries, 8);
	t_eq(ring.cq.ring_entries, 16);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	t_eq(io_uring_queue_mmap(big.fd, &big.p, &ring), 0);
	t_eq(ring.sq.ring_entries, 4096);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	t_eq(io_uring_queue_mmap(cqbig.fd, &cqbig.p, &ring), 0);
	t_eq(ring.cq.ring_entries, 64);
	nop_roundtrip(&ring);
	io_uring_queue_exit(&ring);
	close(big32.fd);
	close(big128.fd);
	t_eq(t_count_fds(), fds - 5);
	return T_PASS;
}
