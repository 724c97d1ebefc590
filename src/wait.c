/* SPDX-License-Identifier: MIT */
/*
 * Timed waits. Kernels with IORING_FEAT_EXT_ARG (5.11) take the timeout as
 * an io_uring_enter() argument; older ones get an internal timeout request
 * whose CQE, tagged LIBURING_UDATA_TIMEOUT, the library swallows.
 */
#include <signal.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "queue.h"

static int wait_ext_arg(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			unsigned int submit, unsigned int wait_nr,
			struct __kernel_timespec *ts,
			unsigned int min_wait_usec, sigset_t *sigmask)
{
	struct io_uring_getevents_arg arg = {
		.sigmask	= uring_ptr_to_u64(sigmask),
		.sigmask_sz	= _NSIG / 8,
		.min_wait_usec	= min_wait_usec,
		.ts		= uring_ptr_to_u64(ts),
	};
	struct get_data data = {
		.submit		= submit,
		.wait_nr	= wait_nr,
		.get_flags	= IORING_ENTER_EXT_ARG,
		.sz		= sizeof(arg),
		.has_ts		= ts != NULL,
		.arg		= &arg,
	};

	return __io_uring_get_cqe_data(ring, cqe_ptr, &data);
}

/*
 * A timed wait on a kernel without EXT_ARG. What the application queued
 * is submitted first, by an enter of its own (an enter that submits
 * reports the count, so a signal's -EINTR would be lost if the wait were
 * done in the same call). If that already satisfies the wait, no timeout
 * request is armed at all; otherwise the timeout counts only the
 * completions still missing, so it never outlives the wait and cuts a
 * later one short. Returns the number of the application's SQEs
 * submitted, or -errno.
 */
static int wait_internal_timeout(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned int wait_nr,
				 struct __kernel_timespec *ts,
				 sigset_t *sigmask)
{
	struct io_uring_sqe *sqe;
	unsigned int ready;
	int submitted = 0, ret;

	if (ring->sq.sqe_tail != ring->sq.sqe_head) {
		submitted = io_uring_submit(ring);
		if (submitted < 0)
			return submitted;
	}

	ret = __io_uring_peek_cqe(ring, cqe_ptr, &ready);
	if (ret)
		return ret;
	if (*cqe_ptr && ready >= wait_nr)
		return submitted;

	sqe = _io_uring_get_sqe(ring);
	if (!sqe)
		return -EAGAIN;	/* SQPOLL has not consumed the SQ yet */
	io_uring_prep_timeout(sqe, ts, wait_nr > ready ? wait_nr - ready : 1,
			      0);
	sqe->user_data = LIBURING_UDATA_TIMEOUT;
	ret = io_uring_submit(ring);
	if (ret < 0)
		return ret;

	ret = __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, sigmask);
	return ret < 0 ? ret : submitted;
}

/*
 * Decided per ring from the features setup reported, so a test can take
 * the old-kernel path by clearing IORING_FEAT_EXT_ARG in ring->features.
 */
static bool has_ext_arg(const struct io_uring *ring)
{
	return ring->features & IORING_FEAT_EXT_ARG;
}

int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned int wait_nr, struct __kernel_timespec *ts,
		       sigset_t *sigmask)
{
	int ret;

	if (!ts)
		return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, sigmask);
	if (has_ext_arg(ring))
		return wait_ext_arg(ring, cqe_ptr, 0, wait_nr, ts, 0, sigmask);
	ret = wait_internal_timeout(ring, cqe_ptr, wait_nr, ts, sigmask);
	return ret < 0 ? ret : 0;
}

int io_uring_wait_cqes_min_timeout(struct io_uring *ring,
				   struct io_uring_cqe **cqe_ptr,
				   unsigned int wait_nr,
				   struct __kernel_timespec *ts,
				   unsigned int min_ts_usec, sigset_t *sigmask)
{
	/* A kernel without MIN_TIMEOUT just waits for the full timeout. */
	if (!(ring->features & IORING_FEAT_MIN_TIMEOUT))
		min_ts_usec = 0;
	return wait_ext_arg(ring, cqe_ptr, 0, wait_nr, ts, min_ts_usec,
			    sigmask);
}

int io_uring_wait_cqe_timeout(struct io_uring *ring,
			      struct io_uring_cqe **cqe_ptr,
			      struct __kernel_timespec *ts)
{
	return io_uring_wait_cqes(ring, cqe_ptr, 1, ts, NULL);
}

static int submit_and_wait_timeout(struct io_uring *ring,
				   struct io_uring_cqe **cqe_ptr,
				   unsigned int wait_nr,
				   struct __kernel_timespec *ts,
				   unsigned int min_wait, sigset_t *sigmask)
{
	if (!ts)
		return __io_uring_get_cqe(ring, cqe_ptr,
					  __io_uring_flush_sq(ring), wait_nr,
					  sigmask);
	if (has_ext_arg(ring))
		return wait_ext_arg(ring, cqe_ptr, __io_uring_flush_sq(ring),
				    wait_nr, ts, min_wait, sigmask);
	return wait_internal_timeout(ring, cqe_ptr, wait_nr, ts, sigmask);
}

int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned int wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask)
{
	return submit_and_wait_timeout(ring, cqe_ptr, wait_nr, ts, 0, sigmask);
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
	return submit_and_wait_timeout(ring, cqe_ptr, wait_nr, ts, min_wait,
				       sigmask);
}

int io_uring_submit_and_wait_reg(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned int wait_nr, int reg_index)
{
	/* The kernel takes the region slot as a byte offset in arg. */
	unsigned long offset = reg_index * sizeof(struct io_uring_reg_wait);
	struct get_data data = {
		.submit		= __io_uring_flush_sq(ring),
		.wait_nr	= wait_nr,
		.get_flags	= IORING_ENTER_EXT_ARG |
				  IORING_ENTER_EXT_ARG_REG,
		.sz		= sizeof(struct io_uring_reg_wait),
		.has_ts		= true,
		.arg		= (void *) (uintptr_t) offset,
	};

	if (!has_ext_arg(ring))
		return -EINVAL;
	return __io_uring_get_cqe_data(ring, cqe_ptr, &data);
}
