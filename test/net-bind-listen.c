/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_BIND and IORING_OP_LISTEN: a TCP socket bound to an ephemeral
 * port of 127.0.0.1 and listening there, and the errors.
 */
#include "op-util.h"

int main(void)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(addr);
	int lfd, p[2];

	t_op_begin();
	t_pipe(p);
	lfd = t_tcp_socket();
	t_eq(RUN_OR_SKIP("IORING_OP_BIND (Linux 6.11)",
			 io_uring_prep_bind(sqe_, lfd,
					    (struct sockaddr *) &addr,
					    sizeof(addr))), 0);
	t_assert(!getsockname(lfd, (struct sockaddr *) &addr, &len),
		 "getsockname: %s", strerror(errno));
	t_assert(addr.sin_port != 0, "bind left port 0");
	t_eq(RUN(io_uring_prep_listen(sqe_, lfd, 8)), 0);
	/* It listens: connect(2) to it succeeds. */
	close(t_tcp_connect(&addr));

	t_eq(RUN(io_uring_prep_bind(sqe_, p[0], (struct sockaddr *) &addr,
				    sizeof(addr))), -ENOTSOCK);
	/* Bound already. */
	t_eq(RUN(io_uring_prep_bind(sqe_, lfd, (struct sockaddr *) &addr,
				    sizeof(addr))), -EINVAL);
	t_eq(RUN(io_uring_prep_listen(sqe_, p[0], 8)), -ENOTSOCK);
	close(lfd);
	t_close_pair(p);
	return t_op_end();
}
