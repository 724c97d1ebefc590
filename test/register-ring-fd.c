/* SPDX-License-Identifier: MIT */
/*
 * Registered ring descriptors: once registered, the library enters and
 * registers through the index, so the ring keeps working after
 * io_uring_close_ring_fd() has closed the real descriptor.
 */
#include "register-util.h"

static void nop_round_trip(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);

	io_uring_prep_nop(sqe);
	sqe->user_data = user_data;
	t_submit(ring, 1);
	t_expect_cqe(ring, user_data, 0, 0, 5000);
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_probe *p;
	int fds, maps, pfd[2], ret;
	char buf[8] = { 0 };	/* the kernel fills it, unseen by valgrind */

	if (pipe(pfd))
		t_fail("pipe");
	fds = t_count_fds();
	maps = t_count_maps();
	t_ring_init(&ring, 8, 0);

	t_eq(io_uring_unregister_ring_fd(&ring), -EINVAL);
	ret = io_uring_close_ring_fd(&ring);
	if (ret == -EOPNOTSUPP)
		t_skip("kernel lacks IORING_FEAT_REG_REG_RING");
	t_eq(ret, -EINVAL);

	ret = io_uring_register_ring_fd(&ring);
	if (ret == -EINVAL)
		t_skip("kernel lacks IORING_REGISTER_RING_FDS");
	t_eq(ret, 1);
	t_eq(io_uring_register_ring_fd(&ring), -EEXIST);
	/* enter_ring_fd is now a small index, not the descriptor. */
	t_assert(ring.enter_ring_fd != ring.ring_fd, "enter_ring_fd unchanged");
	t_assert(ring.int_flags & IORING_ENTER_REGISTERED_RING,
		 "int_flags 0x%x", ring.int_flags);
	nop_round_trip(&ring, 1);

	/* Drop the descriptor: only the registered index is left. */
	t_eq(io_uring_close_ring_fd(&ring), 1);
	t_eq(ring.ring_fd, -1);
	t_eq(t_count_fds(), fds);
	t_eq(io_uring_close_ring_fd(&ring), -EBADF);

	nop_round_trip(&ring, 2);
	/* Register calls go through the index too. */
	p = io_uring_get_probe_ring(&ring);
	t_assert(p, "probe through the registered ring failed");
	io_uring_free_probe(p);
	t_eq(io_uring_register_files(&ring, pfd, 2), 0);
	{
		struct io_uring_sqe *sqe = t_get_sqe(&ring);

		t_eq(write(pfd[1], "ring", 4), 4);
		io_uring_prep_rw(IORING_OP_READ, sqe, 0, buf, sizeof(buf), 0);
		sqe->flags |= IOSQE_FIXED_FILE;
		sqe->user_data = 3;
		t_submit(&ring, 1);
		t_expect_cqe(&ring, 3, 4, 0, 5000);
		t_assert(!memcmp(buf, "ring", 4), "wrong data");
	}
	t_eq(io_uring_unregister_files(&ring), 0);

	io_uring_queue_exit(&ring);
	close(pfd[0]);
	close(pfd[1]);
	t_eq(t_count_fds(), fds - 2);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
