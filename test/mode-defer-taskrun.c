/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_DEFER_TASKRUN: completion work queued for the ring runs
 * only when its owner enters the kernel to wait. A CQE sent by MSG_RING or
 * io_uring_register_sync_msg() stays invisible until then; every wait
 * therefore enters, and blocks instead of spinning. A peek enters only
 * when the kernel raises IORING_SQ_TASKRUN (TASKRUN_FLAG rings).
 */
#include <sys/resource.h>

#include "mode-util.h"

static long long cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
	       ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
}

/* Post {user_data, res} into target from another ring. */
static void msg_from(struct io_uring *src, struct io_uring *target,
		     __u64 user_data, int res)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(src);

	io_uring_prep_msg_ring(sqe, target->ring_fd, res, user_data, 0);
	io_uring_sqe_set_data64(sqe, 1);
	t_eq(io_uring_submit(src), 1);
	t_reap(src, 1, 0);
}

static bool msg_sync(struct io_uring *target, __u64 user_data, int res)
{
	struct io_uring_sqe sqe;
	int ret;

	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, target->ring_fd, res, user_data, 0);
	ret = io_uring_register_sync_msg(&sqe);
	if (ret == -EINVAL || ret == -EBADF || ret == -EOPNOTSUPP)
		return false;	/* Linux < 6.13: covered by msg_from alone */
	t_eq(ret, 0);
	return true;
}

static void deferred(unsigned int extra)
{
	struct io_uring_cqe *cqe;
	struct io_uring ring, src;
	long long start, cpu;

	t_ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		    IORING_SETUP_DEFER_TASKRUN | extra);
	t_ring_init(&src, 8, 0);
	t_roundtrip(&ring, true);

	/* Invisible until we enter; wait_cqe enters and finds it. */
	msg_from(&src, &ring, 0x1001, 11);
	if (io_uring_cq_ready(&ring) == 1 && !t_kernel_at_least(6, 3))
		t_skip("this kernel posts IORING_OP_MSG_RING CQEs at once, "
		       "not as the target's deferred work (Linux 6.3)");
	t_eq(io_uring_cq_ready(&ring), 0);
	if (extra & IORING_SETUP_TASKRUN_FLAG)
		t_assert(*ring.sq.kflags & IORING_SQ_TASKRUN,
			 "TASKRUN flag not raised");
	t_enter_reset();
	t_assert(io_uring_wait_cqe(&ring, &cqe) == 0, "wait_cqe");
	t_check_cqe(cqe, 0x1001, 11, 0);
	io_uring_cqe_seen(&ring, cqe);
	if (t_enter_counted())
		t_eq(t_enter_calls, 1);

	/*
	 * A peek enters only when the kernel flags the work (TASKRUN_FLAG),
	 * and then exactly once; otherwise, as with liburing, it leaves the
	 * work for the next wait and finds nothing.
	 */
	msg_from(&src, &ring, 0x1002, 12);
	t_eq(io_uring_cq_ready(&ring), 0);
	t_enter_reset();
	if (extra & IORING_SETUP_TASKRUN_FLAG) {
		t_eq(io_uring_peek_cqe(&ring, &cqe), 0);
		if (t_enter_counted())
			t_eq(t_enter_calls, 1);
	} else {
		t_eq(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
		if (t_enter_counted())
			t_eq(t_enter_calls, 0);
		t_assert(io_uring_wait_cqe(&ring, &cqe) == 0, "wait_cqe");
	}
	t_check_cqe(cqe, 0x1002, 12, 0);
	io_uring_cqe_seen(&ring, cqe);

	/* A message with no source ring; get_events runs the work. */
	if (msg_sync(&ring, 0x1003, 13)) {
		t_eq(io_uring_cq_ready(&ring), 0);
		t_eq(io_uring_get_events(&ring), 0);
		t_eq(io_uring_cq_ready(&ring), 1);
		t_expect_cqe(&ring, 0x1003, 13, 0, 1000);
	}
	t_eq(io_uring_cq_ready(&ring), 0);

	/* Waiting for nothing blocks in the kernel; it does not spin. */
	t_enter_reset();
	start = t_now_us();
	cpu = cpu_us();
	t_expect_no_cqe(&ring, 100);
	cpu = cpu_us() - cpu;
	t_assert(t_now_us() - start >= 90000, "woke early");
	t_assert(cpu < 50000, "wait burned %lld us of CPU", cpu);
	if (t_enter_counted())
		t_assert(t_enter_calls <= 2, "%lu enters for one wait",
			 t_enter_calls);

	io_uring_queue_exit(&src);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	deferred(0);
	deferred(IORING_SETUP_TASKRUN_FLAG);
	return T_PASS;
}
