/* SPDX-License-Identifier: MIT */
/*
 * msg-ring OPS
 *
 * Ring to ring: 32 times get_sqe + prep_msg_ring on the source ring, one
 * submit_and_wait(32), then wait_cqe + cqe_seen for each of the 32 source
 * completions and each of the 32 messages on the target ring.
 */
#include "bench.h"

#define BATCH		32
#define MSG_DATA	0xbeef0000ULL

static struct io_uring source, target;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	int ret = io_uring_queue_init(64, &source, 0);

	if (ret)
		return bench_setup_error("queue_init", ret);
	ret = io_uring_queue_init(64, &target, 0);
	if (ret) {
		io_uring_queue_exit(&source);
		return bench_setup_error("queue_init", ret);
	}
	*step_ops = BATCH;
	return BENCH_OK;
}

static int reap(struct io_uring *ring, int res, __u64 data)
{
	struct io_uring_cqe *cqe;
	unsigned int i;
	int ret;

	for (i = 0; i < BATCH; i++) {
		ret = io_uring_wait_cqe(ring, &cqe);
		if (ret || cqe->res != res || (data && cqe->user_data != data))
			return bench_say(BENCH_FAIL, "wait: %d", ret);
		io_uring_cqe_seen(ring, cqe);
	}
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	struct io_uring_sqe *sqe;
	unsigned int i;
	int ret;

	while (steps--) {
		for (i = 0; i < BATCH; i++) {
			sqe = io_uring_get_sqe(&source);
			if (!sqe)
				return bench_say(BENCH_FAIL, "SQ full");
			io_uring_prep_msg_ring(sqe, target.ring_fd, 7,
					       MSG_DATA, 0);
		}
		ret = io_uring_submit_and_wait(&source, BATCH);
		if (ret != BATCH)
			return bench_say(BENCH_FAIL, "submit: %d", ret);
		if (reap(&source, 0, 0) || reap(&target, 7, MSG_DATA))
			return BENCH_FAIL;
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&source);
	io_uring_queue_exit(&target);
}
