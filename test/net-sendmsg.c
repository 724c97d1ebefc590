/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_SENDMSG and IORING_OP_RECVMSG over AF_UNIX: two iovecs
 * gathered into one message, an SCM_RIGHTS descriptor passed along
 * (MSG_CMSG_CLOEXEC on the receiving side), and a bad msghdr.
 */
#include "op-util.h"

int main(void)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
	struct msghdr msg;
	struct cmsghdr *cm;
	char buf[16];
	int sv[2], p[2], passed;

	t_op_begin();
	t_pipe(p);
	t_assert(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
		 "socketpair: %s", strerror(errno));
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p[1], sizeof(int));
	t_eq(RUN(io_uring_prep_sendmsg(sqe_, sv[0], &msg, 0)), 5);

	memset(&ctl, 0, sizeof(ctl));
	memset(buf, 0, sizeof(buf));
	iov[0].iov_base = buf;
	iov[0].iov_len = sizeof(buf);
	msg.msg_iovlen = 1;
	msg.msg_controllen = sizeof(ctl.buf);
	t_eq(RUN(io_uring_prep_recvmsg(sqe_, sv[1], &msg, MSG_CMSG_CLOEXEC)),
	     5);
	t_assert(!memcmp(buf, "abcde", 5), "sendmsg payload");
	cm = CMSG_FIRSTHDR(&msg);
	t_assert(cm && cm->cmsg_type == SCM_RIGHTS, "no SCM_RIGHTS");
	memcpy(&passed, CMSG_DATA(cm), sizeof(int));
	t_eq(fcntl(passed, F_GETFD), FD_CLOEXEC);
	/* The passed descriptor is the pipe's write end. */
	t_write_all(passed, "p", 1);
	t_eq(read(p[0], buf, 1), 1);
	t_eq(buf[0], 'p');
	close(passed);

	t_eq(RUN(io_uring_prep_sendmsg(sqe_, sv[0], (void *) 8, 0)), -EFAULT);
	t_close_pair(sv);
	t_close_pair(p);
	return t_op_end();
}
