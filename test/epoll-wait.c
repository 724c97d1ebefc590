/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_EPOLL_WAIT (Linux 6.15): a wait on an epoll instance stays
 * pending until a watched descriptor becomes ready, then completes with
 * the number of events it filled in.
 */
#include <sys/epoll.h>

#include "op-util.h"

int main(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234 };
	struct epoll_event out[4];
	int ep, p[2], ret;

	t_op_begin();
	ep = epoll_create1(EPOLL_CLOEXEC);
	t_assert(ep >= 0, "epoll_create1: %s", strerror(errno));
	t_pipe(p);
	t_assert(!epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), "epoll_ctl: %s",
		 strerror(errno));

	/* The kernel fills it; valgrind cannot tell it did. */
	memset(out, 0, sizeof(out));
	io_uring_prep_epoll_wait(t_queue(7), ep, out, 4, 0);
	t_submit(&ring, 1);
	ret = t_pending_or_unsupported();
	if (ret)
		t_skip("kernel lacks IORING_OP_EPOLL_WAIT: %s", strerror(-ret));
	t_write_all(p[1], "e", 1);
	t_expect_cqe(&ring, 7, 1, 0, T_WAIT_MS);
	t_eq(out[0].events, EPOLLIN);
	t_eq(out[0].data.u64, 0x1234);
	/* Not an epoll descriptor. */
	t_eq(RUN(io_uring_prep_epoll_wait(sqe_, p[0], out, 4, 0)), -EINVAL);
	close(ep);
	t_close_pair(p);
	return t_op_end();
}
