/* SPDX-License-Identifier: MIT */
/*
 * uringx_queue_init_best(): wished-for setup flags the kernel lacks, and
 * the ones that depend on them or conflict, are dropped and reported; the
 * ring that comes back works; bad input gives -errno and leaks nothing.
 */
#include <string.h>

#include "helpers.h"
#include "liburing/ext.h"

#define UNKNOWN_FLAG	(1U << 31)

static void t_nop_round_trip(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "no SQE");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 77);
	t_eq(io_uring_submit(ring), 1);
	t_expect_cqe(ring, 77, 0, 0, 1000);
	t_expect_no_cqe(ring, 0);
}

/* Ask for wish, expect exactly want granted, and a ring that has them. */
static void t_best(unsigned int wish, unsigned int want)
{
	struct io_uring_params p;
	struct io_uring ring;
	unsigned int granted = 12345;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = wish;
	ret = uringx_queue_init_best(8, &ring, &p, &granted);
	t_assert(ret == 0, "wish 0x%x: %d", wish, ret);
	t_assert(granted == want, "wish 0x%x: granted 0x%x, expected 0x%x",
		 wish, granted, want);
	t_assert((ring.flags & wish) == want, "ring flags 0x%x", ring.flags);
	t_assert(!(ring.flags & UNKNOWN_FLAG), "unknown flag kept");
	t_nop_round_trip(&ring);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	const unsigned int taskrun = IORING_SETUP_SINGLE_ISSUER |
				     IORING_SETUP_DEFER_TASKRUN |
				     IORING_SETUP_TASKRUN_FLAG;
	struct uringx_caps caps;
	struct io_uring_params p;
	struct io_uring ring;
	unsigned int granted;
	int fds, ret;

	ret = uringx_get_caps(&caps, 0);
	if (ret == -EPERM || ret == -ENOSYS)
		t_skip("io_uring is not available to this process (%d)", ret);
	t_eq(ret, 0);
	if ((caps.setup_flags & taskrun) != taskrun)
		t_skip("kernel lacks DEFER_TASKRUN (Linux 6.1)");
	fds = t_count_fds();

	/* Nothing to drop. */
	t_best(0, 0);
	t_best(IORING_SETUP_CLAMP, IORING_SETUP_CLAMP);
	t_best(taskrun, taskrun);

	/* A bit no kernel knows goes, the rest stays. */
	t_best(UNKNOWN_FLAG, 0);
	t_best(UNKNOWN_FLAG | taskrun, taskrun);
	t_best(UNKNOWN_FLAG | IORING_SETUP_SUBMIT_ALL,
	       IORING_SETUP_SUBMIT_ALL);

	/* Dependencies: DEFER_TASKRUN without SINGLE_ISSUER goes, with it
	 * TASKRUN_FLAG that needed it. */
	t_best(IORING_SETUP_DEFER_TASKRUN, 0);
	t_best(IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG, 0);
	t_best(IORING_SETUP_TASKRUN_FLAG, 0);
	t_best(IORING_SETUP_SQ_AFF, 0);

	/* Conflicts: SQPOLL wins over the task-run flags. */
	t_best(IORING_SETUP_SQPOLL | taskrun,
	       IORING_SETUP_SQPOLL | IORING_SETUP_SINGLE_ISSUER);
	t_best(IORING_SETUP_SQPOLL | IORING_SETUP_COOP_TASKRUN,
	       IORING_SETUP_SQPOLL);
	if (caps.setup_flags & IORING_SETUP_CQE_MIXED)
		t_best(IORING_SETUP_CQE32 | IORING_SETUP_CQE_MIXED,
		       IORING_SETUP_CQE32);

	/* The same answers with QUERY forced off. */
	setenv(URINGX_ENV_NO_QUERY, "1", 1);
	t_best(UNKNOWN_FLAG | taskrun, taskrun);
	t_best(IORING_SETUP_DEFER_TASKRUN, 0);
	unsetenv(URINGX_ENV_NO_QUERY);

	/* granted may be NULL. */
	memset(&p, 0, sizeof(p));
	p.flags = UNKNOWN_FLAG;
	t_eq(uringx_queue_init_best(4, &ring, &p, NULL), 0);
	io_uring_queue_exit(&ring);

	/* Errors the kernel gives for reasons other than flags come back. */
	memset(&p, 0, sizeof(p));
	p.flags = UNKNOWN_FLAG | IORING_SETUP_SINGLE_ISSUER;
	granted = 99;
	t_eq(uringx_queue_init_best(0, &ring, &p, &granted), -EINVAL);
	t_eq(granted, 0);
	t_eq(p.flags, UNKNOWN_FLAG | IORING_SETUP_SINGLE_ISSUER);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;	/* with cq_entries 0 */
	t_eq(uringx_queue_init_best(4, &ring, &p, &granted), -EINVAL);
	t_eq(p.flags, IORING_SETUP_CQSIZE);
	t_eq(uringx_queue_init_best(4, NULL, &p, &granted), -EFAULT);
	t_eq(uringx_queue_init_best(4, &ring, NULL, &granted), -EFAULT);

	t_eq(t_count_fds(), fds);
	return T_PASS;
}
