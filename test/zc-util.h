/* SPDX-License-Identifier: MIT */
/*
 * Shared by the zero-copy send tests (net-zc*.c): a connected TCP pair
 * with one registered page to send from, and the two CQEs every
 * zero-copy send posts, on the ring of op-util.h.
 */
#ifndef TEST_ZC_UTIL_H
#define TEST_ZC_UTIL_H

#include "op-util.h"

/* The registered buffer, index 0. */
static char t_zc_reg[4096] __attribute__((aligned(4096)));

/* A TCP pair over loopback, with t_zc_reg registered on ring. */
static inline void t_zc_begin(int *client, int *server)
{
	struct iovec iov = { t_zc_reg, sizeof(t_zc_reg) };

	t_tcp_pair(client, server);
	t_register_buffers(&ring, &iov, 1);
}

static inline void t_zc_end(int client, int server)
{
	io_uring_register(ring.ring_fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
	close(client);
	close(server);
}

/*
 * Submit the zero-copy send queued with user_data: first its result (res,
 * with F_MORE, failed or not), then its notification (notif_res, F_NOTIF).
 */
static inline void t_zc_expect(__u64 user_data, int res, int notif_res)
{
	t_submit(&ring, 1);
	t_expect_cqe(&ring, user_data, res, IORING_CQE_F_MORE, T_WAIT_MS);
	t_expect_cqe(&ring, user_data, notif_res, IORING_CQE_F_NOTIF,
		     T_WAIT_MS);
}

/* The next bytes on fd are exactly want[0..len). */
static inline void t_zc_received(int fd, const char *want, int len)
{
	char buf[64];

	t_eq(recv(fd, buf, sizeof(buf), 0), len);
	t_assert(!memcmp(buf, want, len), "received \"%.*s\", want \"%.*s\"",
		 len, buf, len, want);
}

#endif
