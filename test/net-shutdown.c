/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_SHUTDOWN: shutting down the writing side ends a recv the
 * peer has waiting, with end of file; sending after it fails; the errors.
 */
#include "op-util.h"

int main(void)
{
	char buf[32];
	int c, s, p[2];

	t_op_begin();
	t_tcp_pair(&c, &s);
	/* A recv waits for data; shutdown(SHUT_WR) of the peer is EOF. */
	io_uring_prep_recv(t_queue(3), s, buf, sizeof(buf), 0);
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);
	t_eq(RUN(io_uring_prep_shutdown(sqe_, c, SHUT_WR)), 0);
	/*
	 * TCP reports one byte "in queue" once the FIN is in, so even the
	 * end-of-file CQE carries F_SOCK_NONEMPTY (Linux 5.19 on).
	 */
	t_expect_cqe(&ring, 3, 0, t_kernel_at_least(5, 19) ?
		     IORING_CQE_F_SOCK_NONEMPTY : 0, T_WAIT_MS);
	t_eq(RUN(io_uring_prep_send(sqe_, c, "x", 1, MSG_NOSIGNAL)), -EPIPE);

	t_pipe(p);
	t_eq(RUN(io_uring_prep_shutdown(sqe_, p[0], SHUT_RD)), -ENOTSOCK);
	t_eq(RUN(io_uring_prep_shutdown(sqe_, s, 99)), -EINVAL);
	t_close_pair(p);
	close(c);
	close(s);
	return t_op_end();
}
