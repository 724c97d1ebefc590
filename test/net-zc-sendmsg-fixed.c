/* SPDX-License-Identifier: MIT */
/*
 * Zero-copy sendmsg from a registered buffer
 * (io_uring_prep_sendmsg_zc_fixed, Linux 6.16): the result with F_MORE,
 * then the notification.
 */
#include "zc-util.h"

int main(void)
{
	struct iovec miov = { t_zc_reg + 200, 6 };
	struct io_uring_cqe cqe;
	struct msghdr msg;
	int c, s;

	t_op_begin();
	t_zc_begin(&c, &s);
	memcpy(t_zc_reg + 200, "regmsg", 6);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &miov;
	msg.msg_iovlen = 1;
	io_uring_prep_sendmsg_zc_fixed(t_queue(14), c, &msg, 0, 0);
	t_submit(&ring, 1);
	cqe = t_wait_cqe(&ring, T_WAIT_MS);
	t_eq(cqe.user_data, 14);
	if (cqe.res == -EINVAL || cqe.res == -EOPNOTSUPP)
		t_skip("kernel lacks sendmsg_zc from registered buffers: %s",
		       strerror(-cqe.res));
	t_eq(cqe.res, 6);
	t_eq(cqe.flags, IORING_CQE_F_MORE);
	t_expect_cqe(&ring, 14, 0, IORING_CQE_F_NOTIF, T_WAIT_MS);
	t_zc_received(s, "regmsg", 6);
	t_expect_no_cqe(&ring, 10);
	t_zc_end(c, s);
	return t_op_end();
}
