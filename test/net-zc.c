/* SPDX-License-Identifier: MIT */
/*
 * Zero-copy sends (IORING_OP_SEND_ZC, IORING_OP_SENDMSG_ZC): the result
 * with F_MORE, then the notification; from a user buffer and from a
 * registered one; IORING_SEND_ZC_REPORT_USAGE; and the errors, which are
 * notified too.
 */
#include "zc-util.h"

int main(void)
{
	struct iovec miov = { "zcmsg", 5 };
	struct msghdr msg;
	char buf[8] = { 0 };
	int c, s;

	t_op_begin();
	t_need_opcode(IORING_OP_SEND_ZC, "IORING_OP_SEND_ZC (Linux 6.0)");
	t_zc_begin(&c, &s);

	io_uring_prep_send_zc(t_queue(11), c, "zero-copy", 9, 0,
			      IORING_SEND_ZC_REPORT_USAGE);
	/* Loopback delivery copies the pages, and the kernel says so. */
	t_zc_expect(11, 9, IORING_NOTIF_USAGE_ZC_COPIED);
	t_zc_received(s, "zero-copy", 9);

	memcpy(t_zc_reg + 100, "fixed", 5);
	io_uring_prep_send_zc_fixed(t_queue(12), c, t_zc_reg + 100, 5, 0, 0,
				    0);
	t_zc_expect(12, 5, 0);
	t_zc_received(s, "fixed", 5);

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &miov;
	msg.msg_iovlen = 1;
	io_uring_prep_sendmsg_zc(t_queue(13), c, &msg, 0);
	t_zc_expect(13, 5, 0);
	t_zc_received(s, "zcmsg", 5);

	/* A buffer outside the registered one; a bad buffer index. */
	io_uring_prep_send_zc_fixed(t_queue(15), c, buf, 5, 0, 0, 0);
	/* The notification is posted even for a failed send. */
	t_zc_expect(15, -EFAULT, 0);
	io_uring_prep_send_zc_fixed(t_queue(16), c, t_zc_reg, 5, 0, 0, 9);
	t_zc_expect(16, -EFAULT, 0);
	/* Unknown zero-copy flags: refused, and still notified. */
	io_uring_prep_send_zc(t_queue(18), c, buf, 1, 0, 1U << 14);
	if (t_kernel_at_least(6, 2)) {
		t_zc_expect(18, -EINVAL, 0);
	} else {	/* 6.1 refuses them at preparation: no notification. */
		t_submit(&ring, 1);
		t_expect_cqe(&ring, 18, -EINVAL, 0, T_WAIT_MS);
	}
	t_expect_no_cqe(&ring, 10);

	t_zc_end(c, s);
	return t_op_end();
}
