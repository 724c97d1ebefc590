/* SPDX-License-Identifier: MIT */
/*
 * Multishot recvmsg on UDP: each provided buffer is taken apart with the
 * io_uring_recvmsg_* accessors (source address, IP_PKTINFO control
 * message, payload); once the buffers run out the request ends with
 * -ENOBUFS.
 */
#include "op-util.h"

static char bufs[2][256];
static struct msghdr msg;

/* Buffer i holds datagram i (len bytes, from port) as the accessors see. */
static void check_buffer(int i, int res, const char *payload, int len,
			 in_port_t port)
{
	struct io_uring_recvmsg_out *o;
	struct sockaddr_in *from;
	struct cmsghdr *cm;

	o = io_uring_recvmsg_validate(bufs[i], res, &msg);
	t_assert(o, "recvmsg_validate refused buffer %d", i);
	t_eq(o->namelen, sizeof(struct sockaddr_in));
	t_eq(o->payloadlen, len);
	t_eq(o->flags, 0);
	from = io_uring_recvmsg_name(o);
	t_eq(from->sin_port, port);
	cm = io_uring_recvmsg_cmsg_firsthdr(o, &msg);
	t_assert(cm && cm->cmsg_level == IPPROTO_IP &&
		 cm->cmsg_type == IP_PKTINFO, "no IP_PKTINFO");
	t_assert(!io_uring_recvmsg_cmsg_nexthdr(o, &msg, cm),
		 "a second control message");
	t_eq(io_uring_recvmsg_payload_length(o, res, &msg), len);
	t_assert(!memcmp(io_uring_recvmsg_payload(o, &msg), payload, len),
		 "payload %d", i);
	/* Too short for header, name and control: NULL. */
	t_assert(!io_uring_recvmsg_validate(bufs[i], 16 + 4, &msg),
		 "validate accepted a short buffer");
	t_assert(!io_uring_recvmsg_validate(bufs[i], -1, &msg),
		 "validate accepted a negative length");
}

int main(void)
{
	struct sockaddr_in a_addr, b_addr;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	int a, b, i, one = 1;

	t_op_begin();
	a = t_udp_socket(&a_addr);
	b = t_udp_socket(&b_addr);
	t_assert(!setsockopt(b, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)),
		 "IP_PKTINFO: %s", strerror(errno));
	t_provide(&ring, bufs, 256, 2, 4);

	memset(&msg, 0, sizeof(msg));
	msg.msg_namelen = sizeof(struct sockaddr_in);
	msg.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
	sqe = t_queue(5);
	io_uring_prep_recvmsg_multishot(sqe, b, &msg, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = 4;
	t_submit(&ring, 1);

	for (i = 0; i < 3; i++) {
		char payload[32];
		int len = snprintf(payload, sizeof(payload), "datagram-%d", i);

		t_eq(sendto(a, payload, len, 0, (struct sockaddr *) &b_addr,
			    sizeof(b_addr)), len);
		cqe = t_wait_cqe(&ring, T_WAIT_MS);
		t_eq(cqe.user_data, 5);
		/* Older kernels take the request as a one-shot recvmsg. */
		if (!i && !(cqe.flags & IORING_CQE_F_MORE) &&
		    !t_kernel_at_least(6, 0))
			t_skip("kernel lacks multishot recvmsg (Linux 6.0)");
		if (i == 2) {
			t_eq(cqe.res, -ENOBUFS);
			t_eq(cqe.flags, 0);
			break;
		}
		t_eq(cqe.flags, IORING_CQE_F_MORE | IORING_CQE_F_BUFFER |
		     (i << IORING_CQE_BUFFER_SHIFT));
		check_buffer(i, cqe.res, payload, len, a_addr.sin_port);
	}
	/* The third datagram is still queued. */
	t_eq(recv(b, bufs[0], sizeof(bufs[0]), MSG_DONTWAIT), 10);
	close(a);
	close(b);
	return t_op_end();
}
