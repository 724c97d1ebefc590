/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_SOCKET: a socket as a plain descriptor (type and
 * SOCK_CLOEXEC as asked), into a given registered file slot or ones the
 * kernel allocates until the table is full, and the errors.
 */
#include "op-util.h"

int main(void)
{
	int fd, i, slot, taken;

	t_op_begin();
	fd = RUN_OR_SKIP("IORING_OP_SOCKET (Linux 5.19)",
			 io_uring_prep_socket(sqe_, AF_INET, SOCK_STREAM |
					      SOCK_CLOEXEC, 0, 0));
	t_assert(fd >= 0, "socket: %d", fd);
	t_eq(t_sock_type(fd), SOCK_STREAM);
	t_eq(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	t_eq(RUN(io_uring_prep_socket(sqe_, AF_INET, SOCK_STREAM, 0, 1)),
	     -EINVAL);
	t_eq(RUN(io_uring_prep_socket(sqe_, 12345, SOCK_STREAM, 0, 0)),
	     -EAFNOSUPPORT);

	/*
	 * A given slot gives 0. Allocation gives the slot it took, looking
	 * from just past the slot last filled; a full table is -ENFILE.
	 */
	t_register_files_sparse(&ring, 8);
	t_eq(RUN(io_uring_prep_socket_direct(sqe_, AF_INET, SOCK_DGRAM, 0,
					     3, 0)), 0);
	t_eq(RUN(io_uring_prep_socket_direct_alloc(sqe_, AF_UNIX, SOCK_STREAM,
						   0, 0)), 4);
	taken = 1 << 3 | 1 << 4;
	for (i = 0; i < 6; i++) {
		slot = RUN(io_uring_prep_socket_direct_alloc(sqe_, AF_UNIX,
							     SOCK_STREAM, 0,
							     0));
		t_assert(slot >= 0 && slot < 8 && !(taken & (1 << slot)),
			 "allocated slot %d, taken 0x%x", slot, taken);
		taken |= 1 << slot;
	}
	t_eq(RUN(io_uring_prep_socket_direct_alloc(sqe_, AF_UNIX, SOCK_STREAM,
						   0, 0)), -ENFILE);
	/* Past the end of the 8-slot table. */
	t_eq(RUN(io_uring_prep_socket_direct(sqe_, AF_INET, SOCK_DGRAM, 0,
					     8, 0)), -EINVAL);
	io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, NULL, 0);
	return t_op_end();
}
