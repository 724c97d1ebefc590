/* SPDX-License-Identifier: MIT */
/*
 * peek-batch OPS
 *
 * 32 times get_sqe + prep_nop, one submit_and_wait(32), then all 32
 * completions in one peek_batch_cqe and one cq_advance.
 */
#include "bench.h"

#define BATCH	32

static struct io_uring ring;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	int ret = io_uring_queue_init(64, &ring, 0);

	if (ret)
		return bench_setup_error("queue_init", ret);
	*step_ops = BATCH;
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqes[BATCH];
	unsigned int i, got;
	int ret;

	while (steps--) {
		for (i = 0; i < BATCH; i++) {
			sqe = io_uring_get_sqe(&ring);
			if (!sqe)
				return bench_say(BENCH_FAIL, "SQ full");
			io_uring_prep_nop(sqe);
		}
		ret = io_uring_submit_and_wait(&ring, BATCH);
		if (ret != BATCH)
			return bench_say(BENCH_FAIL, "submit: %d", ret);
		got = io_uring_peek_batch_cqe(&ring, cqes, BATCH);
		if (got != BATCH)
			return bench_say(BENCH_FAIL, "peeked %u", got);
		for (i = 0; i < BATCH; i++)
			if (cqes[i]->res)
				return bench_say(BENCH_FAIL, "nop: %d",
						 cqes[i]->res);
		io_uring_cq_advance(&ring, BATCH);
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&ring);
}
