/* SPDX-License-Identifier: MIT */
/*
 * Sockets over 127.0.0.1 and AF_UNIX: socket (plain and direct), bind,
 * listen, connect, accept in all its forms, send/recv, sendto, sendmsg/
 * recvmsg with descriptor passing, multishot recv and recvmsg with
 * provided buffers (and the recvmsg_* accessors), zero-copy sends with
 * their notifications, shutdown, socket commands, and the errors.
 */
#include <netinet/ip.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/un.h>

#include "helpers.h"
#include "prep-util.h"

static struct io_uring ring;
static int pipe_fds[2];

#define RUN(prep_call)	T_RUN(&ring, prep_call)

static int sock_type(int fd)
{
	socklen_t len = sizeof(int);
	int type = -1;

	t_assert(!getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len),
		 "SO_TYPE");
	return type;
}

/* socket, bind, listen, connect and accept, all through the ring. */
static void setup_ops(void)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	}, peer;
	socklen_t len = sizeof(addr);
	int lfd, cfd, afd;

	lfd = RUN(io_uring_prep_socket(sqe_, AF_INET, SOCK_STREAM |
				       SOCK_CLOEXEC, 0, 0));
	t_assert(lfd >= 0, "socket: %d", lfd);
	t_eq(sock_type(lfd), SOCK_STREAM);
	t_eq(fcntl(lfd, F_GETFD), FD_CLOEXEC);

	t_eq(RUN(io_uring_prep_bind(sqe_, lfd, (struct sockaddr *) &addr,
				    sizeof(addr))), 0);
	t_assert(!getsockname(lfd, (struct sockaddr *) &addr, &len),
		 "getsockname");
	t_assert(addr.sin_port != 0, "bind left port 0");
	t_eq(RUN(io_uring_prep_listen(sqe_, lfd, 8)), 0);

	cfd = RUN(io_uring_prep_socket(sqe_, AF_INET, SOCK_STREAM |
				       SOCK_CLOEXEC, 0, 0));
	t_eq(RUN(io_uring_prep_connect(sqe_, cfd, (struct sockaddr *) &addr,
				       sizeof(addr))), 0);

	len = sizeof(peer);
	memset(&peer, 0, sizeof(peer));
	afd = RUN(io_uring_prep_accept(sqe_, lfd, (struct sockaddr *) &peer,
				       &len, SOCK_NONBLOCK | SOCK_CLOEXEC));
	t_assert(afd >= 0, "accept: %d", afd);
	t_eq(len, sizeof(peer));
	t_eq(peer.sin_family, AF_INET);
	t_eq(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	t_assert(fcntl(afd, F_GETFL) & O_NONBLOCK, "SOCK_NONBLOCK lost");
	close(afd);
	close(cfd);

	/* Errors. */
	t_eq(RUN(io_uring_prep_socket(sqe_, AF_INET, SOCK_STREAM, 0, 1)),
	     -EINVAL);
	t_eq(RUN(io_uring_prep_socket(sqe_, 12345, SOCK_STREAM, 0, 0)),
	     -EAFNOSUPPORT);
	t_eq(RUN(io_uring_prep_bind(sqe_, pipe_fds[0],
				    (struct sockaddr *) &addr,
				    sizeof(addr))), -ENOTSOCK);
	t_eq(RUN(io_uring_prep_bind(sqe_, lfd, (struct sockaddr *) &addr,
				    sizeof(addr))), -EINVAL);
	t_eq(RUN(io_uring_prep_listen(sqe_, pipe_fds[0], 8)), -ENOTSOCK);
	t_eq(RUN(io_uring_prep_accept(sqe_, pipe_fds[0], NULL, NULL, 0)),
	     -ENOTSOCK);
	t_eq(RUN(io_uring_prep_accept(sqe_, lfd, NULL, NULL, 1 << 30)),
	     -EINVAL);
	close(lfd);

	/* Nobody listens there any more. */
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	t_eq(RUN(io_uring_prep_connect(sqe_, cfd, (struct sockaddr *) &addr,
				       sizeof(addr))), -ECONNREFUSED);
	close(cfd);
}

/* One CQE per connection with F_MORE; cancelling ends it. */
static void multishot_accept(bool direct)
{
	struct sockaddr_in addr;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	int lfd, cfd[3], i, seen = 0;

	lfd = t_tcp_listener(&addr);
	sqe = t_get_sqe(&ring);
	if (direct)
		io_uring_prep_multishot_accept_direct(sqe, lfd, NULL, NULL, 0);
	else
		io_uring_prep_multishot_accept(sqe, lfd, NULL, NULL,
					       SOCK_CLOEXEC);
	sqe->user_data = 7;
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);

	for (i = 0; i < 3; i++) {
		cfd[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		t_assert(!connect(cfd[i], (struct sockaddr *) &addr,
				  sizeof(addr)), "connect");
		cqe = t_wait_cqe(&ring, T_WAIT_MS);
		t_eq(cqe.user_data, 7);
		t_eq(cqe.flags, IORING_CQE_F_MORE);
		if (direct) {
			/* A fresh slot of the 8-slot table each time. */
			t_assert(cqe.res >= 0 && cqe.res < 8 &&
				 !(seen & (1 << cqe.res)),
				 "slot %d", cqe.res);
			seen |= 1 << cqe.res;
		} else {
			t_assert(cqe.res >= 0 && sock_type(cqe.res) ==
				 SOCK_STREAM, "accepted %d", cqe.res);
			close(cqe.res);
		}
	}

	sqe = t_get_sqe(&ring);
	io_uring_prep_cancel64(sqe, 7, 0);
	sqe->user_data = 8;
	t_submit(&ring, 1);
	cqe = t_wait_cqe(&ring, T_WAIT_MS);
	if (cqe.user_data == 8) {
		t_eq(cqe.res, 0);
		t_expect_cqe(&ring, 7, -ECANCELED, 0, T_WAIT_MS);
	} else {
		t_eq(cqe.user_data, 7);
		t_eq(cqe.res, -ECANCELED);
		t_eq(cqe.flags, 0);
		t_expect_cqe(&ring, 8, 0, 0, T_WAIT_MS);
	}
	for (i = 0; i < 3; i++)
		close(cfd[i]);
	close(lfd);
}

static void direct_sockets(void)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	int lfd, cfd;

	/* Slots 0-2 were used by the multishot accept; 3 is free. */
	t_eq(RUN(io_uring_prep_socket_direct(sqe_, AF_INET, SOCK_DGRAM, 0,
					     3, 0)), 0);
	t_eq(RUN(io_uring_prep_socket_direct_alloc(sqe_, AF_UNIX, SOCK_STREAM,
						   0, 0)), 4);
	t_eq(RUN(io_uring_prep_socket_direct(sqe_, AF_INET, SOCK_DGRAM, 0,
					     8, 0)), -EINVAL);

	lfd = t_tcp_listener(&addr);
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	t_assert(!connect(cfd, (struct sockaddr *) &addr, len), "connect");
	t_eq(RUN(io_uring_prep_accept_direct(sqe_, lfd, NULL, NULL, 0, 6)),
	     0);
	/* The slot holds the accepted socket: recv through it. */
	t_write_all(cfd, "abc", 3);
	{
		char buf[8] = { 0 };

		t_eq(RUN((io_uring_prep_recv(sqe_, 6, buf, sizeof(buf), 0),
			  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), 3);
		t_assert(!memcmp(buf, "abc", 3), "recv from slot 6");
	}
	/* Nothing to accept, and told not to wait (Linux 6.10). */
	t_eq(RUN((io_uring_prep_accept_direct(sqe_, lfd, NULL, NULL, 0,
					      IORING_FILE_INDEX_ALLOC),
		  sqe_->ioprio |= IORING_ACCEPT_DONTWAIT)), -EAGAIN);
	close(cfd);
	close(lfd);
}

static void send_recv(void)
{
	char buf[32];
	int c, s;

	t_tcp_pair(&c, &s);
	t_eq(RUN(io_uring_prep_send(sqe_, c, "0123456789", 10, 0)), 10);
	/* Some data stays behind: F_SOCK_NONEMPTY says so. */
	{
		struct io_uring_sqe *sqe = t_get_sqe(&ring);

		io_uring_prep_recv(sqe, s, buf, 4, 0);
		sqe->user_data = 2;
		t_submit(&ring, 1);
		t_expect_cqe(&ring, 2, 4, IORING_CQE_F_SOCK_NONEMPTY,
			     T_WAIT_MS);
	}
	t_assert(!memcmp(buf, "0123", 4), "recv 1");
	t_eq(RUN(io_uring_prep_recv(sqe_, s, buf, 3, MSG_PEEK)), 3);
	t_assert(!memcmp(buf, "456", 3), "peek");
	t_eq(RUN(io_uring_prep_recv(sqe_, s, buf, sizeof(buf), 0)), 6);
	t_assert(!memcmp(buf, "456789", 6), "recv 2");
	t_eq(RUN(io_uring_prep_recv(sqe_, s, buf, sizeof(buf), MSG_DONTWAIT)),
	     -EAGAIN);

	/* A recv waits for data; shutdown(SHUT_WR) of the peer is EOF. */
	{
		struct io_uring_sqe *sqe = t_get_sqe(&ring);

		io_uring_prep_recv(sqe, s, buf, sizeof(buf), 0);
		sqe->user_data = 3;
		t_submit(&ring, 1);
		t_expect_no_cqe(&ring, 10);
		t_eq(RUN(io_uring_prep_shutdown(sqe_, c, SHUT_WR)), 0);
		/*
		 * TCP reports one byte "in queue" once the FIN is in, so
		 * even the end-of-file CQE carries F_SOCK_NONEMPTY.
		 */
		t_expect_cqe(&ring, 3, 0, IORING_CQE_F_SOCK_NONEMPTY,
			     T_WAIT_MS);
	}
	t_eq(RUN(io_uring_prep_send(sqe_, c, "x", 1, MSG_NOSIGNAL)), -EPIPE);
	t_eq(RUN(io_uring_prep_shutdown(sqe_, pipe_fds[0], SHUT_RD)),
	     -ENOTSOCK);
	t_eq(RUN(io_uring_prep_shutdown(sqe_, s, 99)), -EINVAL);
	t_eq(RUN(io_uring_prep_send(sqe_, pipe_fds[1], "x", 1, 0)),
	     -ENOTSOCK);
	t_eq(RUN(io_uring_prep_recv(sqe_, -1, buf, 1, 0)), -EBADF);
	t_eq(RUN(io_uring_prep_send(sqe_, s, (void *) 8, 1, 0)), -EFAULT);
	close(c);
	close(s);
}

/* sendto on UDP, recvmsg reporting the source address. */
static void datagrams(void)
{
	struct sockaddr_in a_addr, b_addr, from;
	struct iovec iov;
	struct msghdr msg;
	char buf[16];
	int a, b;

	a = t_udp_socket(&a_addr);
	b = t_udp_socket(&b_addr);
	t_eq(RUN(io_uring_prep_sendto(sqe_, a, "dgram", 5, 0,
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
}

/* sendmsg with two iovecs and an SCM_RIGHTS descriptor over AF_UNIX. */
static void unix_msgs(void)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
	struct msghdr msg;
	struct cmsghdr *cm;
	char buf[16];
	int sv[2], passed;

	t_assert(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
		 "socketpair");
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &pipe_fds[1], sizeof(int));
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
	/* The passed descriptor is the pipe's write end. */
	t_write_all(passed, "p", 1);
	t_eq(read(pipe_fds[0], buf, 1), 1);
	t_eq(buf[0], 'p');
	close(passed);

	t_eq(RUN(io_uring_prep_sendmsg(sqe_, sv[0], (void *) 8, 0)), -EFAULT);
	close(sv[0]);
	close(sv[1]);
}

/* recv multishot from provided buffers until the peer shuts down. */
static void recv_multishot(void)
{
	static char bufs[4][16];
	struct io_uring_sqe *sqe;
	int c, s, i;

	t_tcp_pair(&c, &s);
	t_provide(&ring, bufs, 16, 4, 3);
	sqe = t_get_sqe(&ring);
	io_uring_prep_recv_multishot(sqe, s, NULL, 0, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = 3;
	sqe->user_data = 9;
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);
	for (i = 0; i < 3; i++) {
		char msg[8];
		int len = snprintf(msg, sizeof(msg), "m%d", i * 11);

		t_write_all(c, msg, len);
		t_expect_cqe(&ring, 9, len,
			     IORING_CQE_F_MORE | IORING_CQE_F_BUFFER |
			     (i << IORING_CQE_BUFFER_SHIFT), T_WAIT_MS);
		t_assert(!memcmp(bufs[i], msg, len), "message %d", i);
	}
	/* EOF ends it: no F_MORE, no buffer, F_SOCK_NONEMPTY as above. */
	shutdown(c, SHUT_WR);
	t_expect_cqe(&ring, 9, 0, IORING_CQE_F_SOCK_NONEMPTY, T_WAIT_MS);
	t_expect_no_cqe(&ring, 10);

	/* Multishot needs buffer selection. */
	t_eq(RUN(io_uring_prep_recv_multishot(sqe_, s, bufs, 16, 0)),
	     -EINVAL);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 4, 3)), 1);
	close(c);
	close(s);
}

/*
 * recvmsg multishot on UDP: each buffer is taken apart with the accessors
 * (source address, IP_PKTINFO control message, payload); once the
 * buffers run out the request ends with -ENOBUFS.
 */
static void recvmsg_multishot(void)
{
	static char bufs[2][256];
	struct sockaddr_in a_addr, b_addr;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	struct msghdr msg;
	int a, b, i, one = 1;

	a = t_udp_socket(&a_addr);
	b = t_udp_socket(&b_addr);
	t_assert(!setsockopt(b, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)),
		 "IP_PKTINFO");
	t_provide(&ring, bufs, 256, 2, 4);

	memset(&msg, 0, sizeof(msg));
	msg.msg_namelen = sizeof(struct sockaddr_in);
	msg.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
	sqe = t_get_sqe(&ring);
	io_uring_prep_recvmsg_multishot(sqe, b, &msg, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = 4;
	sqe->user_data = 5;
	t_submit(&ring, 1);

	for (i = 0; i < 3; i++) {
		char payload[32];
		int len = snprintf(payload, sizeof(payload), "datagram-%d", i);

		t_eq(sendto(a, payload, len, 0, (struct sockaddr *) &b_addr,
			    sizeof(b_addr)), len);
		cqe = t_wait_cqe(&ring, T_WAIT_MS);
		t_eq(cqe.user_data, 5);
		if (i == 2) {
			t_eq(cqe.res, -ENOBUFS);
			t_eq(cqe.flags, 0);
			break;
		}
		t_eq(cqe.flags, IORING_CQE_F_MORE | IORING_CQE_F_BUFFER |
		     (i << IORING_CQE_BUFFER_SHIFT));
		{
			struct io_uring_recvmsg_out *o;
			struct sockaddr_in *from;
			struct cmsghdr *cm;

			o = io_uring_recvmsg_validate(bufs[i], cqe.res, &msg);
			t_assert(o, "recvmsg_validate refused buffer %d", i);
			t_eq(o->namelen, sizeof(struct sockaddr_in));
			t_eq(o->payloadlen, len);
			t_eq(o->flags, 0);
			from = io_uring_recvmsg_name(o);
			t_eq(from->sin_port, a_addr.sin_port);
			cm = io_uring_recvmsg_cmsg_firsthdr(o, &msg);
			t_assert(cm && cm->cmsg_level == IPPROTO_IP &&
				 cm->cmsg_type == IP_PKTINFO,
				 "no IP_PKTINFO");
			t_assert(!io_uring_recvmsg_cmsg_nexthdr(o, &msg, cm),
				 "a second control message");
			t_eq(io_uring_recvmsg_payload_length(o, cqe.res, &msg),
			     len);
			t_assert(!memcmp(io_uring_recvmsg_payload(o, &msg),
					 payload, len), "payload %d", i);
			/* Too short for header, name and control: NULL. */
			t_assert(!io_uring_recvmsg_validate(bufs[i], 16 + 4,
							    &msg),
				 "validate accepted a short buffer");
			t_assert(!io_uring_recvmsg_validate(bufs[i], -1, &msg),
				 "validate accepted a negative length");
		}
	}
	/* The third datagram is still queued. */
	t_eq(recv(b, bufs[0], sizeof(bufs[0]), MSG_DONTWAIT), 10);
	close(a);
	close(b);
}

/* Zero-copy: the result with F_MORE, then the notification. */
static void zero_copy(void)
{
	static char reg[4096] __attribute__((aligned(4096)));
	struct iovec iov = { reg, sizeof(reg) };
	struct io_uring_sqe *sqe;
	struct iovec miov = { "zcmsg", 5 };
	struct msghdr msg;
	char buf[64];
	int c, s, ret;

	t_tcp_pair(&c, &s);
	t_register_buffers(&ring, &iov, 1);

	sqe = t_get_sqe(&ring);
	io_uring_prep_send_zc(sqe, c, "zero-copy", 9, 0,
			      IORING_SEND_ZC_REPORT_USAGE);
	sqe->user_data = 11;
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 11, 9, IORING_CQE_F_MORE, T_WAIT_MS);
	/* Loopback delivery copies the pages, and the kernel says so. */
	t_expect_cqe(&ring, 11, IORING_NOTIF_USAGE_ZC_COPIED,
		     IORING_CQE_F_NOTIF, T_WAIT_MS);
	t_eq(recv(s, buf, sizeof(buf), 0), 9);
	t_assert(!memcmp(buf, "zero-copy", 9), "send_zc payload");

	memcpy(reg + 100, "fixed", 5);
	sqe = t_get_sqe(&ring);
	io_uring_prep_send_zc_fixed(sqe, c, reg + 100, 5, 0, 0, 0);
	sqe->user_data = 12;
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 12, 5, IORING_CQE_F_MORE, T_WAIT_MS);
	t_expect_cqe(&ring, 12, 0, IORING_CQE_F_NOTIF, T_WAIT_MS);
	t_eq(recv(s, buf, sizeof(buf), 0), 5);
	t_assert(!memcmp(buf, "fixed", 5), "send_zc_fixed payload");

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &miov;
	msg.msg_iovlen = 1;
	sqe = t_get_sqe(&ring);
	io_uring_prep_sendmsg_zc(sqe, c, &msg, 0);
	sqe->user_data = 13;
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 13, 5, IORING_CQE_F_MORE, T_WAIT_MS);
	t_expect_cqe(&ring, 13, 0, IORING_CQE_F_NOTIF, T_WAIT_MS);
	t_eq(recv(s, buf, sizeof(buf), 0), 5);
	t_assert(!memcmp(buf, "zcmsg", 5), "sendmsg_zc payload");

	/* Registered buffers for sendmsg_zc came with Linux 6.16. */
	memcpy(reg + 200, "regmsg", 6);
	miov.iov_base = reg + 200;
	miov.iov_len = 6;
	sqe = t_get_sqe(&ring);
	io_uring_prep_sendmsg_zc_fixed(sqe, c, &msg, 0, 0);
	sqe->user_data = 14;
	t_submit(&ring, 1);
	{
		struct io_uring_cqe cqe = t_wait_cqe(&ring, T_WAIT_MS);

		t_eq(cqe.user_data, 14);
		ret = cqe.res;
		if (ret == -EINVAL || ret == -EOPNOTSUPP) {
			printf("kernel lacks fixed sendmsg_zc, not tested\n");
		} else {
			t_eq(ret, 6);
			t_eq(cqe.flags, IORING_CQE_F_MORE);
			t_expect_cqe(&ring, 14, 0, IORING_CQE_F_NOTIF,
				     T_WAIT_MS);
			t_eq(recv(s, buf, sizeof(buf), 0), 6);
			t_assert(!memcmp(buf, "regmsg", 6),
				 "sendmsg_zc_fixed payload");
		}
	}

	/* A buffer outside the registered one; a bad buffer index. */
	sqe = t_get_sqe(&ring);
	io_uring_prep_send_zc_fixed(sqe, c, buf, 5, 0, 0, 0);
	sqe->user_data = 15;
	t_submit(&ring, 1);
	/* The notification is posted even for a failed send. */
	t_expect_cqe(&ring, 15, -EFAULT, IORING_CQE_F_MORE, T_WAIT_MS);
	t_expect_cqe(&ring, 15, 0, IORING_CQE_F_NOTIF, T_WAIT_MS);
	sqe = t_get_sqe(&ring);
	io_uring_prep_send_zc_fixed(sqe, c, reg, 5, 0, 0, 9);
	sqe->user_data = 16;
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 16, -EFAULT, IORING_CQE_F_MORE, T_WAIT_MS);
	t_expect_cqe(&ring, 16, 0, IORING_CQE_F_NOTIF, T_WAIT_MS);
	/* Unknown zero-copy flags: refused, and still notified. */
	sqe = t_get_sqe(&ring);
	io_uring_prep_send_zc(sqe, c, buf, 1, 0, 1U << 14);
	sqe->user_data = 18;
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 18, -EINVAL, IORING_CQE_F_MORE, T_WAIT_MS);
	t_expect_cqe(&ring, 18, 0, IORING_CQE_F_NOTIF, T_WAIT_MS);
	t_expect_no_cqe(&ring, 10);

	io_uring_register(ring.ring_fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
	close(c);
	close(s);
}

/*
 * Bundles: one send drains several provided buffers. From a buffer ring
 * (registered here with the raw system call) it takes all that are
 * queued in one go; from legacy provided buffers one per CQE.
 */
static void send_bundle(void)
{
	static char data[] = "aaaabbbbcccc";
	struct io_uring_buf_reg reg;
	struct io_uring_buf_ring *br;
	struct io_uring_sqe *sqe;
	char buf[32];
	int c, s, i;

	if (!(ring.features & IORING_FEAT_RECVSEND_BUNDLE)) {
		printf("kernel lacks send bundles, not tested\n");
		return;
	}
	t_tcp_pair(&c, &s);

	t_provide(&ring, data, 4, 3, 6);
	sqe = t_get_sqe(&ring);
	io_uring_prep_send_bundle(sqe, c, 0, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = 6;
	sqe->user_data = 17;
	t_submit(&ring, 1);
	/* Legacy buffers go one per CQE, F_MORE until the group is empty. */
	t_expect_cqe(&ring, 17, 4, IORING_CQE_F_BUFFER | IORING_CQE_F_MORE,
		     T_WAIT_MS);
	t_expect_cqe(&ring, 17, 4, IORING_CQE_F_BUFFER | IORING_CQE_F_MORE |
		     (1 << IORING_CQE_BUFFER_SHIFT), T_WAIT_MS);
	t_expect_cqe(&ring, 17, 4, IORING_CQE_F_BUFFER |
		     (2 << IORING_CQE_BUFFER_SHIFT), T_WAIT_MS);
	t_eq(recv(s, buf, 12, MSG_WAITALL), 12);
	t_assert(!memcmp(buf, data, 12), "legacy bundle payload");

	br = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_assert(br != MAP_FAILED, "mmap");
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uintptr_t) br;
	reg.ring_entries = 4;
	reg.bgid = 8;
	t_eq(io_uring_register(ring.ring_fd, IORING_REGISTER_PBUF_RING, &reg,
			       1), 0);
	io_uring_buf_ring_init(br);
	for (i = 0; i < 3; i++)
		io_uring_buf_ring_add(br, data + 4 * i, 4, (unsigned short) i,
				      io_uring_buf_ring_mask(4), i);
	io_uring_buf_ring_advance(br, 3);

	sqe = t_get_sqe(&ring);
	io_uring_prep_send_bundle(sqe, c, 0, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = 8;
	sqe->user_data = 19;
	t_submit(&ring, 1);
	/* The CQE names the first buffer; the rest follow in order. */
	t_expect_cqe(&ring, 19, 12, IORING_CQE_F_BUFFER, T_WAIT_MS);
	t_eq(recv(s, buf, 12, MSG_WAITALL), 12);
	t_assert(!memcmp(buf, data, 12), "bundle payload");

	/* The ring is empty now. */
	t_eq(RUN((io_uring_prep_send_bundle(sqe_, c, 0, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_BUFFER_SELECT),
		  sqe_->buf_group = 8)), -ENOBUFS);

	memset(&reg, 0, sizeof(reg));
	reg.bgid = 8;
	t_eq(io_uring_register(ring.ring_fd, IORING_UNREGISTER_PBUF_RING,
			       &reg, 1), 0);
	munmap(br, 4096);
	close(c);
	close(s);
}

/* Socket commands: queue sizes and socket options. */
static void socket_cmds(void)
{
	int c, s, val = 0, ret;
	socklen_t len = sizeof(val);

	t_tcp_pair(&c, &s);
	t_write_all(c, "1234567", 7);
	/* Wait for the bytes to arrive before asking how many there are. */
	t_eq(RUN(io_uring_prep_recv(sqe_, s, &val, 1, MSG_PEEK)), 1);
	ret = RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SIOCINQ, s, 0,
					 0, NULL, 0));
	if (ret == -EOPNOTSUPP || ret == -EINVAL) {
		printf("kernel lacks socket commands, not tested\n");
		goto out;
	}
	t_eq(ret, 7);
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SIOCOUTQ, s, 0,
					0, NULL, 0)), 0);

	val = 1;
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SETSOCKOPT, s,
					SOL_SOCKET, SO_KEEPALIVE, &val,
					sizeof(val))), 0);
	val = 0;
	t_assert(!getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &val, &len) &&
		 val == 1, "SO_KEEPALIVE not set");
	val = 0;
	/* getsockopt returns the option's length. */
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_GETSOCKOPT, s,
					SOL_SOCKET, SO_TYPE, &val,
					sizeof(val))), sizeof(int));
	t_eq(val, SOCK_STREAM);
	/* A pipe has no command handler at all. */
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, SOCKET_URING_OP_SIOCINQ,
					pipe_fds[0], 0, 0, NULL, 0)),
	     -EOPNOTSUPP);
	t_eq(RUN(io_uring_prep_cmd_sock(sqe_, 99, s, 0, 0, NULL, 0)),
	     -EOPNOTSUPP);
out:
	close(c);
	close(s);
}

int main(void)
{
	int fds_before = t_count_fds();

	t_ring_init(&ring, 16, 0);
	t_assert(!pipe2(pipe_fds, O_CLOEXEC), "pipe");

	setup_ops();
	multishot_accept(false);
	t_register_files_sparse(&ring, 8);
	multishot_accept(true);
	direct_sockets();
	send_recv();
	datagrams();
	unix_msgs();
	recv_multishot();
	recvmsg_multishot();
	zero_copy();
	send_bundle();
	socket_cmds();

	io_uring_queue_exit(&ring);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	t_eq(t_count_fds(), fds_before);
	return T_PASS;
}
