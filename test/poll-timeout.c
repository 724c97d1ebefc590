/* SPDX-License-Identifier: MIT */
/*
 * Poll (single and multishot, remove, update), timeouts (remove, update,
 * link timeouts) and cancellation by user_data, by descriptor and of
 * everything, on pipes and eventfds; every CQE checked in full.
 */
#include <poll.h>
#include <sys/eventfd.h>

#include "helpers.h"
#include "prep-util.h"

static struct io_uring ring;
/* Set when a part is skipped: the kernel feature it lacks. */
static const char *lacking;

static struct io_uring_sqe *queue(__u64 user_data)
{
	struct io_uring_sqe *sqe = t_get_sqe(&ring);

	sqe->user_data = user_data;
	return sqe;
}

/* Two CQEs whose order the kernel does not promise; flags must be 0. */
static void expect_two(__u64 ud_a, int res_a, __u64 ud_b, int res_b)
{
	bool seen_a = false, seen_b = false;
	int i;

	for (i = 0; i < 2; i++) {
		struct io_uring_cqe cqe = t_wait_cqe(&ring, T_WAIT_MS);

		t_eq(cqe.flags, 0);
		if (cqe.user_data == ud_a && !seen_a) {
			t_eq(cqe.res, res_a);
			seen_a = true;
		} else if (cqe.user_data == ud_b && !seen_b) {
			t_eq(cqe.res, res_b);
			seen_b = true;
		} else {
			t_fail("unexpected CQE user_data %llu res %d",
			       (unsigned long long) cqe.user_data, cqe.res);
		}
	}
}

static void poll_single(void)
{
	int p[2];
	char c;

	t_assert(!pipe2(p, O_CLOEXEC), "pipe");
	io_uring_prep_poll_add(queue(1), p[0], POLLIN);
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);
	t_write_all(p[1], "x", 1);
	t_expect_cqe(&ring, 1, POLLIN, 0, T_WAIT_MS);

	/* Already ready: completes at once, with only the asked-for bits. */
	io_uring_prep_poll_add(queue(2), p[1], POLLOUT | POLLIN);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 2, POLLOUT, 0, T_WAIT_MS);

	/* The other end closed. */
	t_eq(read(p[0], &c, 1), 1);
	io_uring_prep_poll_add(queue(3), p[0], POLLIN);
	t_submit(&ring, 1);
	close(p[1]);
	t_expect_cqe(&ring, 3, POLLHUP, 0, T_WAIT_MS);
	close(p[0]);

	io_uring_prep_poll_add(queue(4), -1, POLLIN);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 4, -EBADF, 0, T_WAIT_MS);
}

/* Multishot: one CQE per event with F_MORE, until removed. */
static void poll_multi(void)
{
	__u64 val = 1;
	int efd, i;

	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	t_assert(efd >= 0, "eventfd");
	io_uring_prep_poll_multishot(queue(10), efd, POLLIN);
	t_submit(&ring, 1);
	for (i = 0; i < 3; i++) {
		t_write_all(efd, &val, sizeof(val));
		t_expect_cqe(&ring, 10, POLLIN, IORING_CQE_F_MORE, T_WAIT_MS);
		t_eq(read(efd, &val, sizeof(val)), sizeof(val));
	}

	/* Change the user_data in place; events keep coming. */
	io_uring_prep_poll_update(queue(11), 10, 12, 0,
				  IORING_POLL_UPDATE_USER_DATA);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 11, 0, 0, T_WAIT_MS);
	t_write_all(efd, &val, sizeof(val));
	t_expect_cqe(&ring, 12, POLLIN, IORING_CQE_F_MORE, T_WAIT_MS);
	t_eq(read(efd, &val, sizeof(val)), sizeof(val));

	/* Change the events: POLLOUT is always there for an eventfd. */
	io_uring_prep_poll_update(queue(13), 12, 0, POLLOUT,
				  IORING_POLL_UPDATE_EVENTS |
				  IORING_POLL_ADD_MULTI);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 13, 0, 0, T_WAIT_MS);
	t_expect_cqe(&ring, 12, POLLOUT, IORING_CQE_F_MORE, T_WAIT_MS);

	/* Remove: the removal succeeds, the poll ends with -ECANCELED. */
	io_uring_prep_poll_remove(queue(14), 12);
	t_submit(&ring, 1);
	for (i = 0; i < 2; i++) {
		struct io_uring_cqe cqe = t_wait_cqe(&ring, T_WAIT_MS);

		/* POLLOUT may have fired again before the removal. */
		if (cqe.user_data == 12 && cqe.flags == IORING_CQE_F_MORE) {
			t_eq(cqe.res, POLLOUT);
			i--;
			continue;
		}
		if (cqe.user_data == 14) {
			t_eq(cqe.res, 0);
			t_eq(cqe.flags, 0);
		} else {
			t_eq(cqe.user_data, 12);
			t_eq(cqe.res, -ECANCELED);
			t_eq(cqe.flags, 0);
		}
	}
	io_uring_prep_poll_remove(queue(15), 12);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 15, -ENOENT, 0, T_WAIT_MS);
	io_uring_prep_poll_update(queue(16), 12, 0, POLLIN,
				  IORING_POLL_UPDATE_EVENTS);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 16, -ENOENT, 0, T_WAIT_MS);
	t_expect_no_cqe(&ring, 10);
	close(efd);
}

static void timeouts(void)
{
	struct __kernel_timespec ten_ms = { .tv_nsec = 10000000 };
	struct __kernel_timespec long_ts = { .tv_sec = 60 };

	/* A plain timeout expires with -ETIME. */
	io_uring_prep_timeout(queue(20), &ten_ms, 0, 0);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 20, -ETIME, 0, T_WAIT_MS);

	/* Removed before it fires. */
	io_uring_prep_timeout(queue(21), &long_ts, 0, 0);
	io_uring_prep_timeout_remove(queue(22), 21, 0);
	t_submit(&ring, 2);
	expect_two(21, -ECANCELED, 22, 0);
	io_uring_prep_timeout_remove(queue(23), 21, 0);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 23, -ENOENT, 0, T_WAIT_MS);

	/* A one-minute timeout shortened to 10 ms. */
	io_uring_prep_timeout(queue(24), &long_ts, 0, 0);
	t_submit(&ring, 1);
	io_uring_prep_timeout_update(queue(25), &ten_ms, 24, 0);
	t_submit(&ring, 1);
	expect_two(25, 0, 24, -ETIME);
	io_uring_prep_timeout_update(queue(26), &ten_ms, 24, 0);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 26, -ENOENT, 0, T_WAIT_MS);
	io_uring_prep_timeout_remove(queue(27), 24, 1U << 20);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 27, -EINVAL, 0, T_WAIT_MS);

	/* A count of 1: the next completion ends it, with 0. */
	io_uring_prep_timeout(queue(28), &long_ts, 1, 0);
	io_uring_prep_nop(queue(29));
	t_submit(&ring, 2);
	expect_two(29, 0, 28, 0);
}

/* A link timeout bounds the request linked before it. */
static void link_timeouts(void)
{
	struct __kernel_timespec ten_ms = { .tv_nsec = 10000000 };
	struct __kernel_timespec long_ts = { .tv_sec = 60 };
	struct io_uring_sqe *sqe;
	char buf[4];
	int p[2];

	t_assert(!pipe2(p, O_CLOEXEC), "pipe");
	sqe = queue(30);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	io_uring_prep_link_timeout(queue(31), &ten_ms, 0);
	t_submit(&ring, 2);
	expect_two(30, -ECANCELED, 31, -ETIME);

	/* The read wins: the timeout is cancelled. */
	t_write_all(p[1], "ab", 2);
	sqe = queue(32);
	io_uring_prep_read(sqe, p[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	io_uring_prep_link_timeout(queue(33), &long_ts, 0);
	t_submit(&ring, 2);
	expect_two(32, 2, 33, -ECANCELED);

	/* Not linked to anything. */
	io_uring_prep_link_timeout(queue(34), &ten_ms, 0);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 34, -EINVAL, 0, T_WAIT_MS);
	close(p[0]);
	close(p[1]);
}

static void cancels(void)
{
	static int marker;
	char buf[4];
	int p[2], i;

	t_assert(!pipe2(p, O_CLOEXEC), "pipe");
	/* By user_data, 64-bit and pointer forms. */
	io_uring_prep_read(queue(40), p[0], buf, 1, 0);
	io_uring_prep_read(queue((uintptr_t) &marker), p[0], buf, 1, 0);
	t_submit(&ring, 2);
	t_expect_no_cqe(&ring, 10);
	io_uring_prep_cancel64(queue(41), 40, 0);
	t_submit(&ring, 1);
	expect_two(40, -ECANCELED, 41, 0);
	io_uring_prep_cancel(queue(42), &marker, 0);
	t_submit(&ring, 1);
	expect_two((uintptr_t) &marker, -ECANCELED, 42, 0);
	io_uring_prep_cancel64(queue(43), 40, 0);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 43, -ENOENT, 0, T_WAIT_MS);

	/*
	 * Cancelling by descriptor, ALL and ANY are Linux 5.19: before,
	 * the flags are -EINVAL, and the rest is not tested.
	 */
	io_uring_prep_cancel_fd(queue(49), p[0], IORING_ASYNC_CANCEL_ALL);
	t_submit(&ring, 1);
	{
		struct io_uring_cqe cqe = t_wait_cqe(&ring, T_WAIT_MS);

		t_eq(cqe.user_data, 49);
		if (cqe.res == -EINVAL) {
			lacking = "no cancel by descriptor or of all requests (IORING_ASYNC_CANCEL_FD/ALL/ANY, Linux 5.19)";
			close(p[0]);
			close(p[1]);
			return;
		}
		t_assert(cqe.res == 0 || cqe.res == -ENOENT, "res %d",
			 cqe.res);
	}

	/* By descriptor: all three reads on p[0]; res is how many. */
	for (i = 0; i < 3; i++)
		io_uring_prep_read(queue(50 + i), p[0], buf, 1, 0);
	t_submit(&ring, 3);
	t_expect_no_cqe(&ring, 10);
	io_uring_prep_cancel_fd(queue(54), p[0], IORING_ASYNC_CANCEL_ALL);
	t_submit(&ring, 1);
	for (i = 0; i < 4; i++) {
		struct io_uring_cqe cqe = t_wait_cqe(&ring, T_WAIT_MS);

		t_eq(cqe.res, cqe.user_data == 54 ? 3 : -ECANCELED);
		t_eq(cqe.flags, 0);
	}
	/* Without CANCEL_ALL only the first match goes. */
	io_uring_prep_cancel_fd(queue(55), p[0], 0);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 55, -ENOENT, 0, T_WAIT_MS);

	/* Everything, whatever it is. */
	io_uring_prep_read(queue(60), p[0], buf, 1, 0);
	io_uring_prep_poll_add(queue(61), p[0], POLLIN);
	t_submit(&ring, 2);
	io_uring_prep_cancel64(queue(62), 0, IORING_ASYNC_CANCEL_ANY);
	t_submit(&ring, 1);
	for (i = 0; i < 3; i++) {
		struct io_uring_cqe cqe = t_wait_cqe(&ring, T_WAIT_MS);

		t_eq(cqe.res, cqe.user_data == 62 ? 2 : -ECANCELED);
	}
	io_uring_prep_cancel64(queue(63), 0, 1U << 20);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 63, -EINVAL, 0, T_WAIT_MS);
	t_expect_no_cqe(&ring, 10);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	int fds_before = t_count_fds();

	t_ring_init(&ring, 16, 0);
	poll_single();
	poll_multi();
	timeouts();
	link_timeouts();
	cancels();
	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds_before);
	if (lacking)
		t_skip("%s", lacking);
	return T_PASS;
}
