/* SPDX-License-Identifier: MIT */
/*
 * Datagrams over UDP: IORING_OP_SEND with a destination (sendto),
 * recvmsg reporting the source address and MSG_TRUNC, and a send with no
 * address on an unconnected socket.
 */
#include "op-util.h"

int main(void)
{
	struct sockaddr_in a_addr, b_addr, from;
	struct iovec iov;
	struct msghdr msg;
	char buf[16];
	int a, b;

	t_op_begin();
	a = t_udp_socket(&a_addr);
	b = t_udp_socket(&b_addr);
	t_eq(RUN_OR_SKIP("IORING_OP_SEND with an address (Linux 6.0)",
			 io_uring_prep_sendto(sqe_, a, "dgram", 5, 0,
					      (struct sockaddr *) &b_addr,
					      sizeof(b_addr))), 5);

	/* The kernel fills them; valgrind cannot tell it did. */
	memset(buf, 0, sizeof(buf));
	memset(&from, 0, sizeof(from));
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	t_eq(RUN(io_uring_prep_recvmsg(sqe_, b, &msg, 0)), 5);
	t_assert(!memcmp(buf, "dgram", 5), "datagram payload");
	t_eq(msg.msg_namelen, sizeof(from));
	t_eq(from.sin_port, a_addr.sin_port);

	/* A datagram too big for the buffer is cut, MSG_TRUNC says so. */
	t_eq(RUN(io_uring_prep_sendto(sqe_, a, "0123456789", 10, 0,
				      (struct sockaddr *) &b_addr,
				      sizeof(b_addr))), 10);
	iov.iov_len = 4;
	t_eq(RUN(io_uring_prep_recvmsg(sqe_, b, &msg, 0)), 4);
	t_assert(msg.msg_flags & MSG_TRUNC, "MSG_TRUNC not reported");

	/* No address on an unconnected socket. */
	t_eq(RUN(io_uring_prep_send(sqe_, a, "x", 1, 0)), -EDESTADDRREQ);
	close(a);
	close(b);
	return t_op_end();
}
