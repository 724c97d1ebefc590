/* SPDX-License-Identifier: MIT */
/*
 * Creating and destroying rings: sizes the kernel rounds or refuses, the
 * raw setup + io_uring_queue_mmap path, and that io_uring_queue_exit (and
 * every failed setup) gives back every descriptor and mapping.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static void nop_round_trip(struct io_uring *ring, __u64 data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "no SQE");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, data);
	t_eq(io_uring_submit(ring), 1);
	t_expect_cqe(ring, data, 0, 0, 1000);
}

static void sizes(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	t_eq(io_uring_queue_init(0, &ring, 0), -EINVAL);
	t_eq(io_uring_queue_init(65536, &ring, 0), -EINVAL);
	t_eq(io_uring_queue_init(-1U, &ring, 0), -EINVAL);
	t_eq_null(io_uring_queue_init(4, NULL, 0), -EFAULT);
	t_eq_null(io_uring_queue_init_params(4, &ring, NULL), -EFAULT);

	/* Non-powers of two are rounded up. */
	t_ring_init(&ring, 5, 0);
	t_eq(ring.sq.ring_entries, 8);
	t_eq(ring.cq.ring_entries, 16);
	t_eq(ring.sq.ring_mask, 7);
	t_eq(*ring.sq.kring_entries, 8);
	nop_round_trip(&ring, 5);
	io_uring_queue_exit(&ring);

	/* CLAMP turns "too many" into "the most there can be". */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CLAMP;
	t_ring_init_params(&ring, 1U << 20, &p);
	t_eq(p.sq_entries, 32768);
	t_eq(ring.sq.ring_entries, 32768);
	nop_round_trip(&ring, 6);
	io_uring_queue_exit(&ring);

	/* The params are filled in for the caller. */
	memset(&p, 0, sizeof(p));
	t_ring_init_params(&ring, 16, &p);
	t_eq(p.sq_entries, 16);
	t_eq(p.cq_entries, 32);
	t_assert(p.features & IORING_FEAT_SINGLE_MMAP, "features 0x%x",
		 p.features);
	t_eq(ring.features, p.features);
	t_eq(ring.flags, p.flags);
	t_eq(ring.ring_fd, ring.enter_ring_fd);
	io_uring_queue_exit(&ring);
}

/* Setup done by hand, then handed to the library to map. */
static void raw_setup_and_mmap(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int fd;

	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(4, &p);
	t_assert(fd >= 0, "io_uring_setup: %d", fd);
	t_eq(io_uring_queue_mmap(fd, &p, &ring), 0);
	t_eq(ring.ring_fd, fd);
	t_eq(ring.sq.ring_entries, 4);
	t_assert(ring.sq.array != NULL, "SQ array not mapped");
	/* Without NO_SQARRAY the index array must be filled by us. */
	ring.sq.array[0] = 0;
	ring.sq.array[1] = 1;
	ring.sq.array[2] = 2;
	ring.sq.array[3] = 3;
	nop_round_trip(&ring, 7);
	t_eq(io_uring_enter(fd, 0, 0, 0, NULL), 0);
	t_eq(io_uring_enter2(fd, 0, 0, 0, NULL, _NSIG / 8), 0);
	io_uring_queue_exit(&ring);
	t_assert(fcntl(fd, F_GETFD) == -1 && errno == EBADF,
		 "queue_exit left the ring fd open");

	/* Mapping something that is not a ring fails cleanly. */
	{
		int fds_before = t_count_fds(), maps_before = t_count_maps();
		int pfd[2];

		memset(&p, 0, sizeof(p));
		fd = io_uring_setup(4, &p);
		t_assert(fd >= 0, "io_uring_setup: %d", fd);
		t_assert(!pipe(pfd), "pipe");
		/* A pipe end open read-only cannot be mapped writable. */
		t_eq(io_uring_queue_mmap(pfd[0], &p, &ring), -EACCES);
		t_eq(io_uring_queue_mmap(1000, &p, &ring), -EBADF);
		t_eq_null(io_uring_queue_mmap(fd, NULL, &ring), -EFAULT);
		t_eq_null(io_uring_queue_mmap(fd, &p, NULL), -EFAULT);
		p.flags |= IORING_SETUP_NO_MMAP;
		/* README: 2.15 does not check p against fd: it maps. */
		if (!t_peer_library())
			t_eq(io_uring_queue_mmap(fd, &p, &ring), -EINVAL);
		close(pfd[0]);
		close(pfd[1]);
		close(fd);
		t_eq(t_count_fds(), fds_before);
		t_eq(t_count_maps(), maps_before);
	}

	memset(&p, 0, sizeof(p));
	t_eq(io_uring_setup(0, &p), -EINVAL);
	t_eq(io_uring_setup(4, NULL), -EFAULT);
	t_eq(io_uring_enter(-1, 0, 0, 0, NULL), -EBADF);
	/*
	 * -1 names "no ring", which only ring-less operations accept.
	 * Ring-less registration came in 6.13 with SEND_MSG_RING, which
	 * then faults on a bad SQE pointer (before, the opcode is unknown:
	 * -EINVAL); without it -1 is just a bad fd.
	 */
	if (io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING, (void *) 8,
			      1) != -EFAULT)
		t_eq(io_uring_register(-1, IORING_REGISTER_PROBE, NULL, 0),
		     -EBADF);
	else
		t_eq(io_uring_register(-1, IORING_REGISTER_PROBE, NULL, 0),
		     -EINVAL);
	t_eq(io_uring_register(1000, IORING_REGISTER_PROBE, NULL, 0), -EBADF);
}

/* NO_SQARRAY is asked for by default where the kernel has it. */
static void default_flags(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 4, 0);
	if (ring.flags & IORING_SETUP_NO_SQARRAY)
		t_assert(ring.sq.array == NULL, "array mapped anyway");
	else
		t_assert(ring.sq.array != NULL, "no array");
	t_assert(t_kernel_at_least(6, 6) ==
		 !!(ring.flags & IORING_SETUP_NO_SQARRAY),
		 "NO_SQARRAY use does not match the kernel version");
	nop_round_trip(&ring, 8);
	io_uring_queue_exit(&ring);
}

/* queue_exit on a ring that was never set up releases nothing. */
static void exit_without_setup(void)
{
	struct io_uring ring;
	int fds = t_count_fds();

	memset(&ring, 0, sizeof(ring));
	io_uring_queue_exit(&ring);
	io_uring_queue_exit(NULL);
	t_assert(fcntl(0, F_GETFD) != -1 || errno != EBADF,
		 "queue_exit of a zeroed ring closed fd 0");
	/* Nor does it after a failed setup, whatever the struct held. */
	memset(&ring, 0xff, sizeof(ring));
	t_eq(io_uring_queue_init(0, &ring, 0), -EINVAL);
	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds);
}

static void no_leaks(void)
{
	int fds = t_count_fds(), maps = t_count_maps();
	struct io_uring_params p;
	struct io_uring ring;
	int i, ret;

	for (i = 0; i < 64; i++) {
		t_ring_init(&ring, 64, i & 1 ? IORING_SETUP_SQPOLL : 0);
		nop_round_trip(&ring, i);
		io_uring_queue_exit(&ring);
	}
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);

	/* Failed setups leave nothing behind either. */
	for (i = 0; i < 64; i++) {
		ret = io_uring_queue_init(4, &ring, 1U << 31);
		t_eq(ret, -EINVAL);
		memset(&p, 0, sizeof(p));
		p.flags = IORING_SETUP_CQSIZE;	/* with cq_entries 0 */
		t_eq(io_uring_queue_init_params(4, &ring, &p), -EINVAL);
	}
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
}

int main(void)
{
	sizes();
	raw_setup_and_mmap();
	default_flags();
	/* README: 2.15's queue_exit() crashes on a ring never set up. */
	if (!t_peer_library())
		exit_without_setup();
	no_leaks();
	return T_PASS;
}
