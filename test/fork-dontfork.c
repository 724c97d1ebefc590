/* SPDX-License-Identifier: MIT */
/*
 * fork() and the ring mappings. Without io_uring_ring_dontfork() a child
 * inherits the mappings and can use the ring: it submits a nop and reaps
 * the CQE itself, and the parent sees the shared indexes move. After
 * io_uring_ring_dontfork() the child has no ring
 * memory at all: touching the SQ ring, the CQ ring or the SQE array kills
 * it with SIGSEGV, while the parent's ring keeps working.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "helpers.h"

enum { TOUCH_SQ_RING, TOUCH_CQ_RING, TOUCH_SQES };

/* Submit a nop and reap it: returns 0 when all of the CQE is right. */
static int nop_round_trip(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = { .tv_sec = 5 };
	int ret;

	if (!sqe)
		return 1;
	io_uring_prep_nop(sqe);
	sqe->user_data = user_data;
	ret = io_uring_submit(ring);
	if (ret != 1)
		return 2;
	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	if (ret)
		return 3;
	if (cqe->user_data != user_data || cqe->res || cqe->flags)
		return 4;
	io_uring_cqe_seen(ring, cqe);
	return 0;
}

static int wait_child(pid_t pid)
{
	int status;

	t_assert(waitpid(pid, &status, 0) == pid, "waitpid");
	return status;
}

static void child_uses_ring(struct io_uring *ring)
{
	pid_t pid = fork();
	int status;

	t_assert(pid >= 0, "fork");
	if (!pid)
		_exit(nop_round_trip(ring, 0xc0ffee) ? 1 : 0);

	status = wait_child(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		t_fail("child could not use the inherited ring (status 0x%x)",
		       status);
	/*
	 * The memory is shared: we see the kernel's SQ head and the CQ head
	 * the child moved. Our private SQ indexes are now stale, so this
	 * ring is done with.
	 */
	t_eq(io_uring_smp_load_acquire(ring->sq.khead), 1);
	t_eq(io_uring_smp_load_acquire(ring->cq.khead), 1);
	t_eq(io_uring_cq_ready(ring), 0);
}

static void child_touches(struct io_uring *ring, int what)
{
	volatile unsigned int *p;
	pid_t pid;
	int status;

	switch (what) {
	case TOUCH_SQ_RING:
		p = ring->sq.ktail;
		break;
	case TOUCH_CQ_RING:
		p = ring->cq.khead;
		break;
	default:
		p = (volatile unsigned int *) ring->sq.sqes;
		break;
	}

	pid = fork();
	t_assert(pid >= 0, "fork");
	if (!pid) {
		/*
		 * Take the default action ourselves: sanitizers and valgrind
		 * would otherwise report the fault and exit instead.
		 */
		signal(SIGSEGV, SIG_DFL);
		(void) *p;
		_exit(0);
	}

	status = wait_child(pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
		t_fail("child touching ring memory (%d) after dontfork: "
		       "status 0x%x, expected SIGSEGV", what, status);
}

int main(void)
{
	struct io_uring ring, zeroed;

	/* No mappings to mark. */
	memset(&zeroed, 0, sizeof(zeroed));
	t_eq(io_uring_ring_dontfork(&zeroed), -EINVAL);

	t_ring_init(&ring, 8, 0);
	child_uses_ring(&ring);
	io_uring_queue_exit(&ring);

	t_ring_init(&ring, 8, 0);
	t_eq(nop_round_trip(&ring, 1), 0);
	t_eq(io_uring_ring_dontfork(&ring), 0);
	child_touches(&ring, TOUCH_SQ_RING);
	child_touches(&ring, TOUCH_CQ_RING);
	child_touches(&ring, TOUCH_SQES);

	/* The parent's mappings are untouched. */
	t_eq(nop_round_trip(&ring, 2), 0);
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
