/* SPDX-License-Identifier: MIT */
/*
 * timeout-wait OPS
 *
 * get_sqe + prep_nop, submit, then wait_cqe_timeout (1 s) + cqe_seen: the
 * path of an event loop that waits with a deadline. The nop completes
 * inside the submit, so this measures what the timed wait costs when its
 * CQE is already there.
 */
#include "bench.h"

static struct io_uring ring;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	int ret = io_uring_queue_init(64, &ring, 0);

	if (ret)
		return bench_setup_error("queue_init", ret);
	*step_ops = 1;
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	struct io_uring_sqe *sqe;
	struct __kernel_timespec ts = { .tv_sec = 1, .tv_nsec = 0 };
	struct io_uring_cqe *cqe;
	int ret;

	while (steps--) {
		sqe = io_uring_get_sqe(&ring);
		if (!sqe)
			return bench_say(BENCH_FAIL, "SQ full");
		io_uring_prep_nop(sqe);
		ret = io_uring_submit(&ring);
		if (ret != 1)
			return bench_say(BENCH_FAIL, "submit: %d", ret);
		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		if (ret || cqe->res)
			return bench_say(BENCH_FAIL, "wait: %d/%d", ret,
					 ret ? 0 : cqe->res);
		io_uring_cqe_seen(&ring, cqe);
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&ring);
}
