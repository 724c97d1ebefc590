/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_CONNECT: a TCP connection to a listener on 127.0.0.1, and
 * the errors once nobody listens there.
 */
#include "op-util.h"

int main(void)
{
	struct sockaddr_in addr;
	int lfd, cfd, afd, p[2];

	t_op_begin();
	t_pipe(p);
	lfd = t_tcp_listener(&addr);
	cfd = t_tcp_socket();
	t_eq(RUN(io_uring_prep_connect(sqe_, cfd, (struct sockaddr *) &addr,
				       sizeof(addr))), 0);
	afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	t_assert(afd >= 0, "accept: %s", strerror(errno));
	close(afd);
	close(cfd);
	t_eq(RUN(io_uring_prep_connect(sqe_, p[0], (struct sockaddr *) &addr,
				       sizeof(addr))), -ENOTSOCK);
	close(lfd);

	/* Nobody listens there any more. */
	cfd = t_tcp_socket();
	t_eq(RUN(io_uring_prep_connect(sqe_, cfd, (struct sockaddr *) &addr,
				       sizeof(addr))), -ECONNREFUSED);
	close(cfd);
	t_close_pair(p);
	return t_op_end();
}
