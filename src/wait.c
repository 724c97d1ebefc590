/* SPDX-License-Identifier: MIT */
/*
 * Timed waits. Each entry point describes its wait as a struct wait_plan
 * (src/queue.h) and __uringi_wait_run() carries it out. Kernels with
 * IORING_FEAT_EXT_ARG (5.11) take the timeout as an io_uring_enter()
 * argument; older ones get an internal timeout request whose CQE, tagged
 * LIBURING_UDATA_TIMEOUT, the library swallows.
 */
#include <signal.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "queue.h"

/*
 * Decided per ring from the features setup reported, so a test can take
 * the old-kernel path by clearing IORING_FEAT_EXT_ARG in ring->features.
 */
static bool has_ext_arg(const struct io_uring *ring)
{
	return ring->features & IORING_FEAT_EXT_ARG;
}

/*
 * Whether the internal timeout's CQE is among the ready ones behind the
 * head (at the head, the peek has consumed it already).
 */
static bool timeout_cqe_posted(const struct io_uring *ring,
			       unsigned int ready)
{
	unsigned int head = *ring->cq.khead;
	unsigned int i;

	for (i = 0; i < ready; i++) {
		const struct io_uring_cqe *cqe;

		cqe = &ring->cq.cqes[__io_uring_cqe_index(ring, (head + i) &
							ring->cq.ring_mask)];
		if (cqe->user_data == LIBURING_UDATA_TIMEOUT)
			return true;
	}
	return false;
}

/*
 * The wait once the internal timeout request is armed: until wait_nr
 * CQEs are posted or the timeout's own CQE is. The kernel ends a wait
 * early when a timeout request fires during it, but not for one that
 * fired before the call (its CQE is then just one more CQE, which may
 * be too few): so each call waits for one CQE more than the CQ holds
 * when it looks. Whatever is posted after that look, the timeout's CQE
 * included, ends the call. The peek consumes a timeout CQE at the head:
 * -ETIME when the timer fired; res 0 when its count was met, which can
 * only have been by CQEs we still see, so if none is left the count was
 * met by another internal timeout and the wait ends as timed out too,
 * rather than sleep on with no timeout left. Returns 0 or -errno.
 */
static int wait_for_timeout_sqe(struct io_uring *ring,
				struct io_uring_cqe **cqe_ptr,
				unsigned int wait_nr, sigset_t *sigmask)
{
	unsigned int flags = IORING_ENTER_GETEVENTS | ring_enter_flags(ring);
	unsigned int ready;
	bool had_timeout;
	int ret;

	for (;;) {
		ready = io_uring_cq_ready(ring);
		had_timeout = timeout_cqe_posted(ring, ready);
		ret = __io_uring_peek_cqe(ring, cqe_ptr, &ready);
		if (ret)
			return ret;
		if (!*cqe_ptr && had_timeout)
			return -ETIME;
		/* A full CQ is all the kernel would wait for, too. */
		if (*cqe_ptr && (ready >= wait_nr ||
				 ready >= ring->cq.ring_entries ||
				 timeout_cqe_posted(ring, ready)))
			return 0;
		ret = __uringi_sys_enter2(ring->enter_ring_fd, 0, ready + 1,
					  flags, sigmask, _NSIG / 8);
		if (ret < 0)
			return ret;
	}
}

/*
 * A timed wait on a kernel without EXT_ARG. What the application queued
 * is submitted first, by an enter of its own (an enter that submits
 * reports the count, so a signal's -EINTR would be lost if the wait were
 * done in the same call). If that already satisfies the wait, no timeout
 * request is armed at all; otherwise the timeout counts only the
 * completions still missing, so a wait that gets them leaves nothing
 * armed to cut a later one short (a wait ended by a signal or by a full
 * CQ does). Returns the number of the application's SQEs submitted, or
 * -errno.
 */
static int wait_with_timeout_sqe(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned int wait_nr,
				 struct __kernel_timespec *ts,
				 sigset_t *sigmask)
{
	struct io_uring_sqe *sqe;
	unsigned int ready, missing;
	int submitted = 0, ret;

	if (ring->sq.sqe_tail != ring->sq.sqe_head) {
		submitted = io_uring_submit(ring);
		if (submitted < 0)
			return submitted;
	}

	/*
	 * With DEFER_TASKRUN, the completion of an earlier wait's timeout
	 * (its count met) can still be task work: have it posted and
	 * swallowed now, before it could count towards the new timeout.
	 */
	if (ring->flags & IORING_SETUP_DEFER_TASKRUN) {
		ret = io_uring_get_events(ring);
		if (ret < 0)
			return ret;
	}
	ret = __io_uring_peek_cqe(ring, cqe_ptr, &ready);
	if (ret)
		return ret;
	if (*cqe_ptr && ready >= wait_nr)
		return submitted;

	sqe = _io_uring_get_sqe(ring);
	if (!sqe)
		return -EAGAIN;	/* SQPOLL has not consumed the SQ yet */
	missing = wait_nr > ready ? wait_nr - ready : 1;
	io_uring_prep_timeout(sqe, ts, missing, 0);
	sqe->user_data = LIBURING_UDATA_TIMEOUT;
	/*
	 * Its CQE must be swallowed: from now on the inline peek takes the
	 * general path (setup set PLAIN_CQ only with EXT_ARG, which a test
	 * may have cleared since).
	 */
	ring->int_flags &= ~INT_FLAG_PLAIN_CQ;
	ret = io_uring_submit(ring);
	if (ret < 0)
		return ret;

	ret = wait_for_timeout_sqe(ring, cqe_ptr, wait_nr, sigmask);
	return ret < 0 ? ret : submitted;
}

int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned int wait_nr, struct __kernel_timespec *ts,
		       sigset_t *sigmask)
{
	struct wait_plan plan;
	int ret;

	/* No timeout: the plain wait every inline helper uses. */
	if (!ts)
		return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, sigmask);
	if (!has_ext_arg(ring)) {
		ret = wait_with_timeout_sqe(ring, cqe_ptr, wait_nr, ts,
					    sigmask);
		return ret < 0 ? ret : 0;
	}
	plan_ext_arg(&plan, wait_nr, ts, 0, sigmask);
	return __uringi_wait_run(ring, cqe_ptr, &plan);
}

int io_uring_wait_cqes_min_timeout(struct io_uring *ring,
				   struct io_uring_cqe **cqe_ptr,
				   unsigned int wait_nr,
				   struct __kernel_timespec *ts,
				   unsigned int min_ts_usec, sigset_t *sigmask)
{
	struct wait_plan plan;

	/*
	 * Always the EXT_ARG form, with or without ts. A kernel without
	 * MIN_TIMEOUT (before 6.12) is refused, whatever min_ts_usec says,
	 * as liburing 2.15 does and as the submit variant below does.
	 */
	if (!(ring->features & IORING_FEAT_MIN_TIMEOUT))
		return -EINVAL;
	plan_ext_arg(&plan, wait_nr, ts, min_ts_usec, sigmask);
	return __uringi_wait_run(ring, cqe_ptr, &plan);
}

int io_uring_wait_cqe_timeout(struct io_uring *ring,
			      struct io_uring_cqe **cqe_ptr,
			      struct __kernel_timespec *ts)
{
	return io_uring_wait_cqes(ring, cqe_ptr, 1, ts, NULL);
}

/*
 * Both submit-and-wait-with-timeout entry points. Without ts min_wait
 * is ignored: the wait is an untimed one.
 */
static int submit_and_wait_timespec(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr,
				    unsigned int wait_nr,
				    struct __kernel_timespec *ts,
				    unsigned int min_wait_usec,
				    sigset_t *sigmask)
{
	struct wait_plan plan;

	if (!ts)
		return __io_uring_get_cqe(ring, cqe_ptr, sq_publish_any(ring),
					  wait_nr, sigmask);
	if (!has_ext_arg(ring))
		return wait_with_timeout_sqe(ring, cqe_ptr, wait_nr, ts,
					     sigmask);
	plan_ext_arg(&plan, wait_nr, ts, min_wait_usec, sigmask);
	plan.to_submit = sq_publish_any(ring);
	return __uringi_wait_run(ring, cqe_ptr, &plan);
}

int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned int wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask)
{
	return submit_and_wait_timespec(ring, cqe_ptr, wait_nr, ts, 0,
					sigmask);
}

int io_uring_submit_and_wait_min_timeout(struct io_uring *ring,
					 struct io_uring_cqe **cqe_ptr,
					 unsigned int wait_nr,
					 struct __kernel_timespec *ts,
					 unsigned int min_wait,
					 sigset_t *sigmask)
{
	if (!(ring->features & IORING_FEAT_MIN_TIMEOUT))
		return -EINVAL;
	return submit_and_wait_timespec(ring, cqe_ptr, wait_nr, ts, min_wait,
					sigmask);
}

int io_uring_submit_and_wait_reg(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned int wait_nr, int reg_index)
{
	struct wait_plan plan;

	/*
	 * Refused before anything is published: the SQEs stay where they
	 * are, for the caller to submit some other way.
	 */
	if (!has_ext_arg(ring))
		return -EINVAL;
	plan_reg_region(&plan, wait_nr, reg_index);
	plan.to_submit = sq_publish_any(ring);
	return __uringi_wait_run(ring, cqe_ptr, &plan);
}
