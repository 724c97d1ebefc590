/* SPDX-License-Identifier: MIT */
/*
 * Socket commands (io_uring_prep_cmd_sock): SIOCINQ and SIOCOUTQ queue
 * sizes, setsockopt and getsockopt, and the errors.
 */
#include "op-util.h"

int main(void)
{
	int c, s, p[2], val = 0;
	socklen_t len = sizeof(val);

	t_op_begin();
	t_tcp_pair(&c, &s);
	t_write_all(c, "1234567", 7);
	/* Wait for the bytes to arrive before asking how many there are. */
	t_eq(RUN(io_uring_prep_recv(sqe_, s, &val, 1, MSG_PEEK)), 1);
	t_eq(RUN_OR_SKIP("socket commands",
			 io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SIOCINQ,
						s, 0, 0, NULL, 0)), 7);
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SIOCOUTQ, s, 0,
					0, NULL, 0)), 0);

	val = 1;
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SETSOCKOPT, s,
					SOL_SOCKET, SO_KEEPALIVE, &val,
					sizeof(val))), 0);
	val = 0;
	t_assert(!getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &val, &len) &&
		 val == 1, "SO_KEEPALIVE not set");
	val = 0;
	/* getsockopt returns the option's length. */
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_GETSOCKOPT, s,
					SOL_SOCKET, SO_TYPE, &val,
					sizeof(val))), sizeof(int));
	t_eq(val, SOCK_STREAM);
	/* A pipe has no command handler at all; nor is 99 a command. */
	t_pipe(p);
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SIOCINQ, p[0], 0,
					0, NULL, 0)), -EOPNOTSUPP);
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, 99, s, 0, 0, NULL, 0)),
	     -EOPNOTSUPP);
	t_close_pair(p);
	close(c);
	close(s);
	return t_op_end();
}
