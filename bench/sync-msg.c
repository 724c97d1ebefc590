/* SPDX-License-Identifier: MIT */
/*
 * sync-msg OPS [32]
 *
 * io_uring_register_sync_msg() of one MSG_RING SQE into a ring, then
 * wait_cqe + cqe_seen on that ring: one message sent and reaped per op.
 * "32": 32 messages, then the 32 CQEs reaped with one for_each_cqe walk
 * and one cq_advance(32).
 * Liburing 2.3 has no such call; its column is the same system call made
 * through io_uring_register() (IORING_REGISTER_SEND_MSG_RING = 31).
 */
#include "bench.h"

#define MSG_LEN		42
#define MSG_DATA	0xfeedULL

#define BATCH		32

static struct io_uring target;
static struct io_uring_sqe msg;
static int batched;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	struct io_uring_cqe *cqe;
	int ret;

	batched = argc > 0 && !strcmp(argv[0], "32");
	ret = io_uring_queue_init(64, &target, 0);
	if (ret)
		return bench_setup_error("queue_init", ret);
	memset(&msg, 0, sizeof(msg));
	io_uring_prep_msg_ring(&msg, target.ring_fd, MSG_LEN, MSG_DATA, 0);
	ret = io_uring_register_sync_msg(&msg);
	if (ret) {
		io_uring_queue_exit(&target);
		return bench_setup_error("register_sync_msg", ret);
	}
	/* That first message was a probe: reap it. */
	ret = io_uring_wait_cqe(&target, &cqe);
	if (ret) {
		io_uring_queue_exit(&target);
		return bench_setup_error("wait_cqe", ret);
	}
	io_uring_cqe_seen(&target, cqe);
	*step_ops = batched ? BATCH : 1;
	return BENCH_OK;
}

static int run_batched(unsigned long steps)
{
	struct io_uring_cqe *cqe;
	unsigned int i, head;
	int ret;

	while (steps--) {
		for (i = 0; i < BATCH; i++) {
			ret = io_uring_register_sync_msg(&msg);
			if (ret)
				return bench_say(BENCH_FAIL, "sync_msg: %d",
						 ret);
		}
		i = 0;
		io_uring_for_each_cqe(&target, head, cqe) {
			if (cqe->res != MSG_LEN || cqe->user_data != MSG_DATA)
				return bench_say(BENCH_FAIL, "cqe: %d",
						 cqe->res);
			i++;
		}
		if (i != BATCH)
			return bench_say(BENCH_FAIL, "saw %u of %u", i, BATCH);
		io_uring_cq_advance(&target, BATCH);
	}
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	struct io_uring_cqe *cqe;
	int ret;

	if (batched)
		return run_batched(steps);
	while (steps--) {
		ret = io_uring_register_sync_msg(&msg);
		if (ret)
			return bench_say(BENCH_FAIL, "sync_msg: %d", ret);
		ret = io_uring_wait_cqe(&target, &cqe);
		if (ret || cqe->res != MSG_LEN || cqe->user_data != MSG_DATA)
			return bench_say(BENCH_FAIL, "wait: %d", ret);
		io_uring_cqe_seen(&target, cqe);
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&target);
}
