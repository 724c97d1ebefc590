/* SPDX-License-Identifier: MIT */
/*
 * setup OPS
 *
 * io_uring_queue_init(256, flags 0) and io_uring_queue_exit(): the whole
 * life of a ring that is never used, per op. What a program that makes a
 * ring per thread or per connection pays before its first SQE.
 */
#include "bench.h"

#define ENTRIES	256

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	struct io_uring ring;
	int ret = io_uring_queue_init(ENTRIES, &ring, 0);

	if (ret)
		return bench_setup_error("queue_init", ret);
	io_uring_queue_exit(&ring);
	*step_ops = 1;
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	struct io_uring ring;
	int ret;

	while (steps--) {
		ret = io_uring_queue_init(ENTRIES, &ring, 0);
		if (ret)
			return bench_say(BENCH_FAIL, "queue_init: %d", ret);
		io_uring_queue_exit(&ring);
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
}
