/* SPDX-License-Identifier: MIT */
/*
 * Timers on a ring: the kernel keeps the wheel, the ring delivers the ticks.
 *
 *   ./examples/timer-wheel
 *
 * Shows each kind of timeout request:
 *  - a periodic timer: one multishot timeout, a CQE per tick;
 *  - a deadline moved earlier with io_uring_prep_timeout_update();
 *  - a timer cancelled with io_uring_prep_timeout_remove();
 *  - an I/O request bounded by a linked timeout: a read of an empty pipe
 *    that gives up, and one of a full pipe that wins the race.
 * Each event is printed with the milliseconds since the start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <liburing.h>

enum {
	HEARTBEAT = 1, DEADLINE, UPDATE, DOOMED, REMOVE,
	SLOW_READ, SLOW_READ_TIMEOUT, FAST_READ, FAST_READ_TIMEOUT,
};

#define TICKS		5
#define EXPECTED_CQES	(TICKS + 8)

static struct io_uring ring;
static long long start_ms;

static void die(const char *what, int err)
{
	fprintf(stderr, "timer-wheel: %s: %s\n", what, strerror(err));
	exit(1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct io_uring_sqe *get_sqe(__u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe)
		die("get_sqe", EBUSY);
	io_uring_sqe_set_data64(sqe, user_data);
	return sqe;
}

static struct __kernel_timespec ms(long long msec)
{
	struct __kernel_timespec ts = {
		.tv_sec = msec / 1000,
		.tv_nsec = (msec % 1000) * 1000000,
	};
	return ts;
}

int main(void)
{
	/* Timespecs must stay valid until the SQEs are submitted. */
	struct __kernel_timespec tick = ms(10), deadline = ms(10000);
	struct __kernel_timespec sooner = ms(30), doomed = ms(5000);
	struct __kernel_timespec slow_limit = ms(20), fast_limit = ms(5000);
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int empty_pipe[2], full_pipe[2], ret, seen = 0, ticks = 0;
	char slow_buf[16], fast_buf[16];

	if (pipe(empty_pipe) < 0 || pipe(full_pipe) < 0)
		die("pipe", errno);
	if (write(full_pipe[1], "ready", 5) != 5)
		die("write", errno);
	ret = io_uring_queue_init(32, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);
	start_ms = now_ms();

	/* A periodic timer: count = TICKS, then it ends by itself. */
	sqe = get_sqe(HEARTBEAT);
	io_uring_prep_timeout(sqe, &tick, TICKS, IORING_TIMEOUT_MULTISHOT);

	/* A far deadline, then moved to 30 ms from now. */
	io_uring_prep_timeout(get_sqe(DEADLINE), &deadline, 0, 0);
	io_uring_prep_timeout_update(get_sqe(UPDATE), &sooner, DEADLINE, 0);

	/* A timer cancelled before it fires. */
	io_uring_prep_timeout(get_sqe(DOOMED), &doomed, 0, 0);
	io_uring_prep_timeout_remove(get_sqe(REMOVE), DOOMED, 0);

	/* Reads bounded by a linked timeout: the SQE right after an
	 * IOSQE_IO_LINK one. Whichever finishes first cancels the other. */
	sqe = get_sqe(SLOW_READ);
	io_uring_prep_read(sqe, empty_pipe[0], slow_buf, sizeof(slow_buf), 0);
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_prep_link_timeout(get_sqe(SLOW_READ_TIMEOUT), &slow_limit, 0);

	sqe = get_sqe(FAST_READ);
	io_uring_prep_read(sqe, full_pipe[0], fast_buf, sizeof(fast_buf), 0);
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_prep_link_timeout(get_sqe(FAST_READ_TIMEOUT), &fast_limit, 0);

	ret = io_uring_submit(&ring);
	if (ret < 0)
		die("submit", -ret);

	while (seen < EXPECTED_CQES) {
		long long t;
		int res;

		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret < 0)
			die("wait_cqe", -ret);
		t = now_ms() - start_ms;
		res = cqe->res;
		printf("[%5lld ms] ", t);
		switch (io_uring_cqe_get_data64(cqe)) {
		case HEARTBEAT:
			/* Each tick is -ETIME; F_MORE says more will come. */
			if (res == -EINVAL)
				die("multishot timeout (needs Linux 6.4)",
				    -res);
			if (res != -ETIME)
				die("heartbeat", -res);
			ticks++;
			printf("heartbeat: tick %d of %d%s\n", ticks, TICKS,
			       cqe->flags & IORING_CQE_F_MORE ? "" : " (last)");
			break;
		case DEADLINE:
			if (res != -ETIME)
				die("deadline", -res);
			printf("deadline: fired (moved from 10000 ms to "
			       "30 ms)\n");
			break;
		case UPDATE:
			if (res < 0)
				die("timeout_update", -res);
			printf("deadline: updated\n");
			break;
		case DOOMED:
			if (res != -ECANCELED)
				die("doomed timer: expected -ECANCELED", -res);
			printf("doomed timer: cancelled\n");
			break;
		case REMOVE:
			if (res < 0)
				die("timeout_remove", -res);
			printf("doomed timer: removed\n");
			break;
		case SLOW_READ:
			if (res != -ECANCELED)
				die("read of empty pipe: expected -ECANCELED",
				    res < 0 ? -res : EINVAL);
			printf("read of empty pipe: cancelled by its "
			       "timeout\n");
			break;
		case SLOW_READ_TIMEOUT:
			if (res != -ETIME)
				die("slow read's timeout", -res);
			printf("read of empty pipe: linked timeout expired\n");
			break;
		case FAST_READ:
			if (res < 0)
				die("read of full pipe", -res);
			printf("read of full pipe: got \"%.*s\"\n", res,
			       fast_buf);
			break;
		case FAST_READ_TIMEOUT:
			if (res != -ECANCELED)
				die("fast read's timeout: expected -ECANCELED",
				    -res);
			printf("read of full pipe: linked timeout cancelled\n");
			break;
		}
		io_uring_cqe_seen(&ring, cqe);
		seen++;
	}

	printf("timer-wheel: %d events in %lld ms\n", seen,
	       now_ms() - start_ms);
	io_uring_queue_exit(&ring);
	return 0;
}
