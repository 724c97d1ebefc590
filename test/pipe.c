/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_PIPE: a pipe created through the ring, as plain descriptors
 * (O_CLOEXEC honoured) and into registered file slots, given or
 * allocated, and the errors.
 */
#include "op-util.h"

int main(void)
{
	int fds[2] = { -1, -1 };
	char c;

	t_op_begin();
	t_eq(RUN_OR_SKIP("IORING_OP_PIPE",
			 io_uring_prep_pipe(sqe_, fds, O_CLOEXEC)), 0);
	t_eq(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
	t_write_all(fds[1], "z", 1);
	t_eq(read(fds[0], &c, 1), 1);
	t_eq(c, 'z');
	t_close_pair(fds);
	t_eq(RUN(io_uring_prep_pipe(sqe_, fds, 1 << 30)), -EINVAL);
	t_eq(RUN(io_uring_prep_pipe(sqe_, (void *) 8, 0)), -EFAULT);

	/* Into registered slots: fds receives slot numbers. */
	t_register_files_sparse(&ring, 4);
	t_eq(RUN(io_uring_prep_pipe_direct(sqe_, fds, 0, 1)), 0);
	t_eq(fds[0], 1);
	t_eq(fds[1], 2);
	t_eq(RUN((io_uring_prep_write(sqe_, 2, "q", 1, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), 1);
	t_eq(RUN((io_uring_prep_read(sqe_, 1, &c, 1, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), 1);
	t_eq(c, 'q');
	t_eq(RUN(io_uring_prep_pipe_direct(sqe_, fds, 0,
					   IORING_FILE_INDEX_ALLOC)), 0);
	t_assert(fds[0] != fds[1] && fds[0] >= 0 && fds[0] < 4 &&
		 fds[1] >= 0 && fds[1] < 4 && fds[0] != 1 && fds[0] != 2 &&
		 fds[1] != 1 && fds[1] != 2, "allocated %d %d", fds[0],
		 fds[1]);
	/* Slot 3 is the last: no room for the write end. */
	t_eq(RUN(io_uring_prep_pipe_direct(sqe_, fds, 0, 3)), -EINVAL);
	io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, NULL, 0);
	return t_op_end();
}
