/* SPDX-License-Identifier: MIT */
/*
 * walk OPS
 *
 * The cost of io_uring_for_each_cqe() itself, per CQE: setup posts 256
 * nops (user_data 0..255) and leaves them in the CQ; each step walks all
 * 256 with a body that adds up user_data, and consumes nothing, so every
 * step sees the same CQ. One op is one CQE visited.
 */
#include "bench.h"

#define NR	256

static struct io_uring ring;
static unsigned long long sum;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	struct io_uring_sqe *sqe;
	unsigned int i;
	int ret = io_uring_queue_init(NR, &ring, 0);

	if (ret)
		return bench_setup_error("queue_init", ret);
	for (i = 0; i < NR; i++) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
	}
	ret = io_uring_submit_and_wait(&ring, NR);
	if (ret != NR || io_uring_cq_ready(&ring) != NR) {
		io_uring_queue_exit(&ring);
		return bench_say(BENCH_FAIL, "submit: %d", ret);
	}
	*step_ops = NR;
	return BENCH_OK;
}

static __attribute__((noinline)) int bench_run(unsigned long steps)
{
	struct io_uring_cqe *cqe;
	unsigned long long total;
	unsigned int head;

	while (steps--) {
		total = 0;
		io_uring_for_each_cqe(&ring, head, cqe)
			total += cqe->user_data;
		if (total != NR * (NR - 1) / 2)
			return bench_say(BENCH_FAIL, "sum %llu", total);
		sum += total;
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&ring);
}
