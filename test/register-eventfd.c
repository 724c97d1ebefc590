/* SPDX-License-Identifier: MIT */
/*
 * Eventfd notification: a registered eventfd becomes readable when a CQE
 * is posted; the _async form only for completions from io-wq workers;
 * io_uring_cq_eventfd_toggle() silences it; argument errors.
 */
#include <poll.h>
#include <sys/eventfd.h>

#include "register-util.h"

static void post_nop(struct io_uring *ring, unsigned int sqe_flags)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);

	io_uring_prep_nop(sqe);
	sqe->flags |= sqe_flags;
	sqe->user_data = 7;
	t_submit(ring, 1);
	t_expect_cqe(ring, 7, 0, 0, 5000);
}

/* Wait up to timeout_ms for the eventfd; return its counter or 0. */
static __u64 eventfd_take(int efd, int timeout_ms)
{
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	eventfd_t val = 0;

	if (poll(&pfd, 1, timeout_ms) < 0)
		t_fail("poll");
	if (!(pfd.revents & POLLIN))
		return 0;
	if (eventfd_read(efd, &val))
		t_fail("eventfd_read");
	return val;
}

static void sync_eventfd(struct io_uring *ring, int efd)
{
	t_eq(io_uring_register_eventfd(ring, efd), 0);
	t_eq(io_uring_register_eventfd(ring, efd), -EBUSY);
	t_eq(io_uring_register_eventfd_async(ring, efd), -EBUSY);

	t_eq(eventfd_take(efd, 0), 0);
	post_nop(ring, 0);
	t_assert(eventfd_take(efd, 1000) >= 1, "no eventfd signal");
	post_nop(ring, IOSQE_ASYNC);
	t_assert(eventfd_take(efd, 1000) >= 1, "no signal for async CQE");

	/* Switched off through the CQ ring flags, then back on. */
	t_assert(io_uring_cq_eventfd_enabled(ring), "enabled by default");
	t_eq(io_uring_cq_eventfd_toggle(ring, false), 0);
	t_assert(!io_uring_cq_eventfd_enabled(ring), "toggle did not stick");
	post_nop(ring, 0);
	t_eq(eventfd_take(efd, 50), 0);
	t_eq(io_uring_cq_eventfd_toggle(ring, true), 0);
	post_nop(ring, 0);
	t_assert(eventfd_take(efd, 1000) >= 1, "no signal after re-enable");

	t_eq(io_uring_unregister_eventfd(ring), 0);
	t_eq(io_uring_unregister_eventfd(ring), -ENXIO);
	post_nop(ring, 0);
	t_eq(eventfd_take(efd, 50), 0);
}

static void async_eventfd(struct io_uring *ring, int efd)
{
	t_eq(io_uring_register_eventfd_async(ring, efd), 0);
	/* Completed inline: no signal. */
	post_nop(ring, 0);
	t_eq(eventfd_take(efd, 50), 0);
	/* Completed by an io-wq worker: signal. */
	post_nop(ring, IOSQE_ASYNC);
	t_assert(eventfd_take(efd, 1000) >= 1, "no signal for async CQE");
	t_eq(io_uring_unregister_eventfd(ring), 0);
}

static void bad_args(struct io_uring *ring)
{
	struct io_uring fake;
	int closed, pfd[2];

	if (pipe(pfd))
		t_fail("pipe");
	closed = t_closed_fd();
	t_eq(io_uring_register_eventfd(ring, closed), -EBADF);
	t_eq(io_uring_register_eventfd(ring, -1), -EBADF);
	/* Not an eventfd. */
	t_eq(io_uring_register_eventfd(ring, pfd[0]), -EINVAL);
	t_eq(io_uring_register_eventfd_async(ring, pfd[0]), -EINVAL);
	t_eq_null(io_uring_register_eventfd(NULL, pfd[0]), -EFAULT);

	t_fake_ring(&fake, closed);
	t_eq(io_uring_register_eventfd(&fake, pfd[0]), -EBADF);
	t_eq(io_uring_unregister_eventfd(&fake), -EBADF);
	t_fake_ring(&fake, pfd[0]);
	t_eq(io_uring_register_eventfd_async(&fake, pfd[0]), -EOPNOTSUPP);
	close(pfd[0]);
	close(pfd[1]);
}

int main(void)
{
	struct io_uring ring;
	int fds, maps, efd;

	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (efd < 0)
		t_fail("eventfd");
	fds = t_count_fds();
	maps = t_count_maps();

	t_ring_init(&ring, 8, 0);
	bad_args(&ring);
	sync_eventfd(&ring, efd);
	async_eventfd(&ring, efd);
	io_uring_queue_exit(&ring);

	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	close(efd);
	return T_PASS;
}
