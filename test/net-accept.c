/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_ACCEPT in its forms: one accept with the peer's address and
 * flags, multishot (one CQE per connection, plain and into registered
 * slots), accept into a given slot, IORING_ACCEPT_DONTWAIT, and the errors.
 */
#include "op-util.h"

static void accept_one(void)
{
	struct sockaddr_in addr, peer;
	socklen_t len = sizeof(peer);
	int lfd, cfd, afd, p[2];

	lfd = t_tcp_listener(&addr);
	cfd = t_tcp_connect(&addr);
	memset(&peer, 0, sizeof(peer));
	afd = RUN(io_uring_prep_accept(sqe_, lfd, (struct sockaddr *) &peer,
				       &len, SOCK_NONBLOCK | SOCK_CLOEXEC));
	t_assert(afd >= 0, "accept: %d", afd);
	t_eq(len, sizeof(peer));
	t_eq(peer.sin_family, AF_INET);
	t_eq(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	t_assert(fcntl(afd, F_GETFL) & O_NONBLOCK, "SOCK_NONBLOCK lost");
	t_eq(fcntl(afd, F_GETFD), FD_CLOEXEC);
	close(afd);
	close(cfd);

	t_pipe(p);
	t_eq(RUN(io_uring_prep_accept(sqe_, p[0], NULL, NULL, 0)),
	     -ENOTSOCK);
	t_eq(RUN(io_uring_prep_accept(sqe_, lfd, NULL, NULL, 1 << 30)),
	     -EINVAL);
	t_close_pair(p);
	close(lfd);
}

/* One CQE per connection with F_MORE; cancelling ends it. */
static void accept_multishot(bool direct)
{
	struct sockaddr_in addr;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	int lfd, cfd[3], i, seen = 0;

	lfd = t_tcp_listener(&addr);
	sqe = t_queue(7);
	if (direct)
		io_uring_prep_multishot_accept_direct(sqe, lfd, NULL, NULL, 0);
	else
		io_uring_prep_multishot_accept(sqe, lfd, NULL, NULL,
					       SOCK_CLOEXEC);
	t_submit(&ring, 1);
	if (t_pending_or_unsupported())
		t_skip("kernel lacks multishot accept (Linux 5.19)");

	for (i = 0; i < 3; i++) {
		cfd[i] = t_tcp_connect(&addr);
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
			t_assert(cqe.res >= 0 && t_sock_type(cqe.res) ==
				 SOCK_STREAM, "accepted %d", cqe.res);
			close(cqe.res);
		}
	}

	io_uring_prep_cancel64(t_queue(8), 7, 0);
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

/* Into a registered slot the test names, then one the kernel picks. */
static void accept_direct(void)
{
	struct sockaddr_in addr;
	char buf[8] = { 0 };
	int lfd, cfd, ret;

	lfd = t_tcp_listener(&addr);
	cfd = t_tcp_connect(&addr);
	t_eq(RUN(io_uring_prep_accept_direct(sqe_, lfd, NULL, NULL, 0, 6)),
	     0);
	/* The slot holds the accepted socket: recv through it. */
	t_write_all(cfd, "abc", 3);
	t_eq(RUN((io_uring_prep_recv(sqe_, 6, buf, sizeof(buf), 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), 3);
	t_assert(!memcmp(buf, "abc", 3), "recv from slot 6");
	/* Nothing to accept, and told not to wait (Linux 6.10). */
	ret = RUN((io_uring_prep_accept_direct(sqe_, lfd, NULL, NULL, 0,
					       IORING_FILE_INDEX_ALLOC),
		   sqe_->ioprio |= IORING_ACCEPT_DONTWAIT));
	if (ret == -EINVAL && !t_kernel_at_least(6, 10))
		printf("kernel lacks IORING_ACCEPT_DONTWAIT (Linux 6.10), not tested\n");
	else
		t_eq(ret, -EAGAIN);
	close(cfd);
	close(lfd);
}

int main(void)
{
	t_op_begin();
	accept_one();
	accept_multishot(false);
	t_register_files_sparse(&ring, 8);
	accept_multishot(true);
	accept_direct();
	io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, NULL, 0);
	return t_op_end();
}
