/* SPDX-License-Identifier: MIT */
/*
 * io_uring_prep_cmd_getsockname(): the local and the peer address of a
 * connected TCP socket, and the length written back.
 */
#include "helpers.h"
#include "prep-util.h"

int main(void)
{
	struct sockaddr_in local, peer, addr;
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	socklen_t len;
	int c, s, ret;

	t_ring_init(&ring, 4, 0);
	t_tcp_pair(&c, &s);

	len = sizeof(addr);
	sqe = t_get_sqe(&ring);
	io_uring_prep_cmd_getsockname(sqe, c, (struct sockaddr *) &addr, &len,
				      0);
	sqe->user_data = 1;
	ret = t_run_one(&ring, "SOCKET_URING_OP_GETSOCKNAME");
	t_eq(ret, 0);
	t_eq(len, sizeof(addr));
	len = sizeof(local);
	getsockname(c, (struct sockaddr *) &local, &len);
	t_assert(!memcmp(&addr, &local, sizeof(addr)), "local address");

	len = sizeof(addr);
	sqe = t_get_sqe(&ring);
	io_uring_prep_cmd_getsockname(sqe, c, (struct sockaddr *) &addr, &len,
				      1);
	sqe->user_data = 1;
	t_eq(t_run_one(&ring, NULL), 0);
	len = sizeof(peer);
	getpeername(c, (struct sockaddr *) &peer, &len);
	t_assert(!memcmp(&addr, &peer, sizeof(addr)), "peer address");

	close(c);
	close(s);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
