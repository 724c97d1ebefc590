/* SPDX-License-Identifier: MIT */
/*
 * sync-msg OPS
 *
 * io_uring_register_sync_msg() of one MSG_RING SQE into a ring, then
 * wait_cqe + cqe_seen on that ring: one message sent and reaped per op.
 * Liburing 2.3 has no such call; its column is the same system call made
 * through io_uring_register() (IORING_REGISTER_SEND_MSG_RING = 31).
 */
#include "bench.h"

#define MSG_LEN		42
#define MSG_DATA	0xfeedULL

static struct io_uring target;
static struct io_uring_sqe msg;

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	int ret = io_uring_queue_init(64, &target, 0);

	if (ret)
		return bench_setup_error("queue_init", ret);
	memset(&msg, 0, sizeof(msg));
	io_uring_prep_msg_ring(&msg, target.ring_fd, MSG_LEN, MSG_DATA, 0);
	ret = io_uring_register_sync_msg(&msg);
	if (ret) {
		io_uring_queue_exit(&target);
		return bench_setup_error("register_sync_msg", ret);
	}
	*step_ops = 1;
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	struct io_uring_cqe *cqe;
	int ret;

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
