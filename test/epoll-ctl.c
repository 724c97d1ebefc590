/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_EPOLL_CTL: add, modify and delete a watched descriptor
 * through the ring, with the errors epoll_ctl(2) gives.
 */
#include <sys/epoll.h>

#include "op-util.h"

int main(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234 };
	struct epoll_event out[4];
	int ep, p[2];

	t_op_begin();
	ep = epoll_create1(EPOLL_CLOEXEC);
	t_assert(ep >= 0, "epoll_create1: %s", strerror(errno));
	t_pipe(p);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_ADD, &ev)),
	     0);
	/* The watch is in place: epoll_wait(2) reports it with our data. */
	t_write_all(p[1], "e", 1);
	t_eq(epoll_wait(ep, out, 4, 0), 1);
	t_eq(out[0].events, EPOLLIN);
	t_eq(out[0].data.u64, 0x1234);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_ADD, &ev)),
	     -EEXIST);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[1], EPOLL_CTL_DEL, NULL)),
	     -ENOENT);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], 99, &ev)), -EINVAL);

	ev.events = EPOLLOUT;
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_MOD, &ev)),
	     0);
	/* The read end is never writable: nothing to report any more. */
	t_eq(epoll_wait(ep, out, 4, 0), 0);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_DEL, NULL)),
	     0);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_MOD, &ev)),
	     -ENOENT);
	close(ep);
	t_close_pair(p);
	return t_op_end();
}
