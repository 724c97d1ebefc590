/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_SEND and IORING_OP_RECV on a TCP connection: partial reads
 * with IORING_CQE_F_SOCK_NONEMPTY, MSG_PEEK, MSG_DONTWAIT, and the errors.
 */
#include "op-util.h"

int main(void)
{
	char buf[32];
	int c, s, p[2];

	t_op_begin();
	t_tcp_pair(&c, &s);
	t_eq(RUN(io_uring_prep_send(sqe_, c, "0123456789", 10, 0)), 10);
	/* Some data stays behind: F_SOCK_NONEMPTY says so (Linux 5.19). */
	io_uring_prep_recv(t_queue(2), s, buf, 4, 0);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 2, 4, t_kernel_at_least(5, 19) ?
		     IORING_CQE_F_SOCK_NONEMPTY : 0, T_WAIT_MS);
	t_assert(!memcmp(buf, "0123", 4), "recv 1");
	t_eq(RUN(io_uring_prep_recv(sqe_, s, buf, 3, MSG_PEEK)), 3);
	t_assert(!memcmp(buf, "456", 3), "peek");
	t_eq(RUN(io_uring_prep_recv(sqe_, s, buf, sizeof(buf), 0)), 6);
	t_assert(!memcmp(buf, "456789", 6), "recv 2");
	t_eq(RUN(io_uring_prep_recv(sqe_, s, buf, sizeof(buf), MSG_DONTWAIT)),
	     -EAGAIN);

	t_pipe(p);
	t_eq(RUN(io_uring_prep_send(sqe_, p[1], "x", 1, 0)), -ENOTSOCK);
	t_eq(RUN(io_uring_prep_recv(sqe_, -1, buf, 1, 0)), -EBADF);
	t_eq(RUN(io_uring_prep_send(sqe_, s, (void *) 8, 1, 0)), -EFAULT);
	t_close_pair(p);
	close(c);
	close(s);
	return t_op_end();
}
