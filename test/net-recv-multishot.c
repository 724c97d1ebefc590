/* SPDX-License-Identifier: MIT */
/*
 * Multishot recv (IORING_RECV_MULTISHOT) from legacy provided buffers: one
 * CQE per message, each naming its buffer, until the peer shuts down.
 */
#include "op-util.h"

int main(void)
{
	static char bufs[4][16];
	struct io_uring_sqe *sqe;
	int c, s, i;

	t_op_begin();
	t_tcp_pair(&c, &s);
	t_provide(&ring, bufs, 16, 4, 3);
	sqe = t_queue(9);
	io_uring_prep_recv_multishot(sqe, s, NULL, 0, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = 3;
	t_submit(&ring, 1);
	if (t_pending_or_unsupported())
		t_skip("kernel lacks multishot recv (Linux 6.0)");
	for (i = 0; i < 3; i++) {
		char msg[8];
		int len = snprintf(msg, sizeof(msg), "m%d", i * 11);

		t_write_all(c, msg, len);
		t_expect_cqe(&ring, 9, len,
			     IORING_CQE_F_MORE | IORING_CQE_F_BUFFER |
			     (i << IORING_CQE_BUFFER_SHIFT), T_WAIT_MS);
		t_assert(!memcmp(bufs[i], msg, len), "message %d", i);
	}
	/*
	 * EOF ends it: no F_MORE, no buffer; F_SOCK_NONEMPTY because TCP
	 * counts the FIN as one byte in queue.
	 */
	shutdown(c, SHUT_WR);
	t_expect_cqe(&ring, 9, 0, IORING_CQE_F_SOCK_NONEMPTY, T_WAIT_MS);
	t_expect_no_cqe(&ring, 10);

	/* Multishot needs buffer selection. */
	t_eq(RUN(io_uring_prep_recv_multishot(sqe_, s, bufs, 16, 0)),
	     -EINVAL);
	/* Only the fourth buffer was left. */
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 4, 3)), 1);
	close(c);
	close(s);
	return t_op_end();
}
