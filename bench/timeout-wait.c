/* SPDX-License-Identifier: MIT */
/*
 * timeout-wait OPS [8]
 *
 * get_sqe + prep_nop, submit, then wait_cqe_timeout (1 s) + cqe_seen: the
 * path of an event loop that waits with a deadline. The nop completes
 * inside the submit, so this measures what the timed wait costs when its
 * CQE is already there.
 *
 * "8": 8 times get_sqe + prep_nop, one submit_and_wait_timeout(8) with a
 * 1 ms timeout that the nops always beat, then one for_each_cqe walk and
 * one cq_advance(8). One op is one nop.
 */
#include "bench.h"

#define BATCH	8

static struct io_uring ring;
static int batched;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	int ret;

	batched = argc > 0 && !strcmp(argv[0], "8");
#ifdef BENCH_RAW
	if (batched)
		return bench_say(BENCH_SKIP,
				 "raw.h lacks submit_and_wait_timeout");
#endif
	ret = io_uring_queue_init(64, &ring, 0);
	if (ret)
		return bench_setup_error("queue_init", ret);
	*step_ops = batched ? BATCH : 1;
	return BENCH_OK;
}

#ifndef BENCH_RAW
static int run_batched(unsigned long steps)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned int i, head;
	int ret;

	while (steps--) {
		for (i = 0; i < BATCH; i++) {
			sqe = io_uring_get_sqe(&ring);
			if (!sqe)
				return bench_say(BENCH_FAIL, "SQ full");
			io_uring_prep_nop(sqe);
		}
		ret = io_uring_submit_and_wait_timeout(&ring, &cqe, BATCH, &ts,
						       NULL);
		if (ret != BATCH)
			return bench_say(BENCH_FAIL, "submit: %d", ret);
		i = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->res)
				return bench_say(BENCH_FAIL, "nop: %d",
						 cqe->res);
			i++;
		}
		if (i != BATCH)
			return bench_say(BENCH_FAIL, "saw %u of %u", i, BATCH);
		io_uring_cq_advance(&ring, BATCH);
	}
	return BENCH_OK;
}
#else
/* raw.h has no submit_and_wait_timeout(): setup skips. */
static int run_batched(unsigned long steps)
{
	return BENCH_FAIL;
}
#endif

static int bench_run(unsigned long steps)
{
	struct io_uring_sqe *sqe;
	struct __kernel_timespec ts = { .tv_sec = 1, .tv_nsec = 0 };
	struct io_uring_cqe *cqe;
	int ret;

	if (batched)
		return run_batched(steps);
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
