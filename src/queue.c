/* SPDX-License-Identifier: MIT */
/*
 * Submitting SQEs and waiting for CQEs: the hot path. No allocation, no
 * locks; at most one io_uring_enter() per call unless a wait must retry.
 */
#include <signal.h>

#include "liburing.h"
#include "int_flags.h"
#include "syscall.h"
#include "queue.h"

/*
 * Whether SQEs we published need an io_uring_enter() to be seen. Without
 * SQPOLL they always do. With SQPOLL only when the kernel thread went to
 * sleep, in which case *flags gets the wakeup request.
 */
static inline bool sq_ring_needs_enter(struct io_uring *ring,
				       unsigned int submit,
				       unsigned int *flags)
{
	if (!submit)
		return false;
	if (!(ring->flags & IORING_SETUP_SQPOLL))
		return true;

	/*
	 * Full barrier: our tail store (in __io_uring_flush_sq) must be
	 * visible to the SQ thread before we read its NEED_WAKEUP flag;
	 * the kernel orders its flag store and tail read the same way, so
	 * one of us always sees the other.
	 */
	io_uring_smp_mb();
	if (uring_unlikely(IO_URING_READ_ONCE(*ring->sq.kflags) &
			   IORING_SQ_NEED_WAKEUP)) {
		*flags |= IORING_ENTER_SQ_WAKEUP;
		return true;
	}
	return false;
}

/* Completions the kernel holds back until we enter it. */
static inline bool cq_ring_needs_flush(struct io_uring *ring)
{
	return IO_URING_READ_ONCE(*ring->sq.kflags) &
	       (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN);
}

/*
 * INT_FLAG_CQ_ENTER (set at setup) covers the rings whose completions
 * only ever appear inside io_uring_enter(): DEFER_TASKRUN, and IOPOLL
 * without an SQ thread to reap for us.
 */
static inline bool cq_ring_needs_enter(struct io_uring *ring)
{
	return (ring->int_flags & INT_FLAG_CQ_ENTER) ||
	       cq_ring_needs_flush(ring);
}

/*
 * The loop behind every wait: look for a CQE, enter the kernel to submit
 * and/or wait when needed, and look again.
 *
 * Returns 0 with *cqe_ptr set once a CQE is there; -EAGAIN when nothing is
 * there and nothing was asked to wait for; -ETIME when a timed wait ran
 * out with no CQE, even if the enter that waited also submitted; another
 * -errno from the kernel. As liburing does, when the CQE only turned up
 * after a first io_uring_enter(), the value returned is that call's result
 * (the number of SQEs it submitted).
 */
int __io_uring_get_cqe_data(struct io_uring *ring,
			    struct io_uring_cqe **cqe_ptr,
			    struct get_data *data)
{
	struct io_uring_cqe *cqe = NULL;
	bool looped = false;
	int err = 0;

	for (;;) {
		unsigned int flags = ring_enter_flags(ring);
		bool need_enter = false;
		unsigned int nr_available;
		int ret;

		ret = __io_uring_peek_cqe(ring, &cqe, &nr_available);
		if (ret) {
			/*
			 * The library's own timeout (kernels without
			 * EXT_ARG) fired: that is the answer even if the
			 * enter before it submitted something.
			 */
			err = ret;
			break;
		}
		if (!cqe && !data->wait_nr && !data->submit) {
			/* One trip into the kernel is all a peek gets. */
			if (looped || !cq_ring_needs_enter(ring)) {
				if (!err)
					err = -EAGAIN;
				break;
			}
			need_enter = true;
		}
		if (data->wait_nr > nr_available || need_enter) {
			flags |= IORING_ENTER_GETEVENTS | data->get_flags;
			need_enter = true;
		}
		if (sq_ring_needs_enter(ring, data->submit, &flags))
			need_enter = true;
		if (!need_enter)
			break;
		if (looped && data->has_ts) {
			/*
			 * The kernel already waited out the whole timeout.
			 * When that same enter submitted every SQE, it
			 * returned their count instead of -ETIME: without a
			 * CQE to hand back, the timeout is still the answer.
			 * A partial submission skipped the wait; its count
			 * stands.
			 */
			if (!cqe && (!err || !data->submit))
				err = -ETIME;
			break;
		}

		ret = __sys_io_uring_enter2(ring->enter_ring_fd, data->submit,
					    data->wait_nr, flags, data->arg,
					    data->sz);
		if (ret < 0) {
			if (!err)
				err = ret;
			break;
		}

		data->submit -= ret;
		if (cqe)
			break;
		if (!looped) {
			looped = true;
			err = ret;
		}
	}

	*cqe_ptr = cqe;
	return err;
}

int __io_uring_get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned int submit, unsigned int wait_nr,
		       sigset_t *sigmask)
{
	struct get_data data = {
		.submit		= submit,
		.wait_nr	= wait_nr,
		.get_flags	= 0,
		.sz		= _NSIG / 8,
		.has_ts		= 0,
		.arg		= sigmask,
	};

	return __io_uring_get_cqe_data(ring, cqe_ptr, &data);
}

int io_uring_get_events(struct io_uring *ring)
{
	unsigned int flags = IORING_ENTER_GETEVENTS | ring_enter_flags(ring);

	return __sys_io_uring_enter(ring->enter_ring_fd, 0, 0, flags, NULL);
}

/* Fill cqes with up to *count posted CQEs; false if there were none. */
static bool peek_batch(struct io_uring *ring, struct io_uring_cqe **cqes,
		       unsigned int *count)
{
	unsigned int ready = io_uring_cq_ready(ring);
	unsigned int shift, head, mask, last;

	if (!ready)
		return false;

	shift = io_uring_cqe_shift(ring);
	head = *ring->cq.khead;
	mask = ring->cq.ring_mask;
	if (ready < *count)
		*count = ready;
	for (last = head + *count; head != last; head++)
		*cqes++ = &ring->cq.cqes[(head & mask) << shift];
	return true;
}

unsigned int io_uring_peek_batch_cqe(struct io_uring *ring,
				     struct io_uring_cqe **cqes,
				     unsigned int count)
{
	if (peek_batch(ring, cqes, &count))
		return count;
	/* Empty: give overflowed CQEs or pending task work one chance. */
	if (!cq_ring_needs_flush(ring))
		return 0;
	io_uring_get_events(ring);
	if (!peek_batch(ring, cqes, &count))
		return 0;
	return count;
}

/*
 * submit() for a ring with an SQ thread: published SQEs need an
 * io_uring_enter() only to wake the thread or to wait. Out of line, so the
 * common case below stays short.
 */
static __attribute__((noinline))
int submit_sqpoll(struct io_uring *ring, unsigned int wait_nr, bool getevents)
{
	unsigned int submitted = __io_uring_publish_sq(ring, true);
	bool cq_needs_enter = getevents || wait_nr || cq_ring_needs_enter(ring);
	unsigned int flags = ring_enter_flags(ring);

	if (sq_ring_needs_enter(ring, submitted, &flags) || cq_needs_enter) {
		if (cq_needs_enter)
			flags |= IORING_ENTER_GETEVENTS;
		return __sys_io_uring_enter(ring->enter_ring_fd, submitted,
					    wait_nr, flags, NULL);
	}
	/* The thread is awake: it picks the SQEs up by itself. */
	return submitted;
}

/*
 * Publish the SQEs handed out so far, hand them to the kernel and, with
 * wait_nr or getevents, reap or wait for completions. Inlined into each
 * entry point so the path is one function deep; the ring flags are tested
 * once, here, rather than in every helper.
 */
static inline __attribute__((always_inline))
int submit(struct io_uring *ring, unsigned int wait_nr, bool getevents)
{
	unsigned int flags, submitted;

	if (uring_unlikely(ring->flags & IORING_SETUP_SQPOLL))
		return submit_sqpoll(ring, wait_nr, getevents);

	/* Without an SQ thread, any published SQE needs the system call. */
	submitted = __io_uring_publish_sq(ring, false);
	flags = ring_enter_flags(ring);
	if (getevents || wait_nr || cq_ring_needs_enter(ring))
		return __sys_io_uring_enter(ring->enter_ring_fd, submitted,
					    wait_nr,
					    flags | IORING_ENTER_GETEVENTS,
					    NULL);
	if (submitted)
		return __sys_io_uring_enter(ring->enter_ring_fd, submitted, 0,
					    flags, NULL);
	return submitted;
}

int io_uring_submit(struct io_uring *ring)
{
	return submit(ring, 0, false);
}

int io_uring_submit_and_wait(struct io_uring *ring, unsigned int wait_nr)
{
	return submit(ring, wait_nr, false);
}

int io_uring_submit_and_get_events(struct io_uring *ring)
{
	return submit(ring, 0, true);
}

/* The exported symbol for programs linked before get_sqe became inline. */
struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	return _io_uring_get_sqe(ring);
}

int __io_uring_sqring_wait(struct io_uring *ring)
{
	unsigned int flags = IORING_ENTER_SQ_WAIT | ring_enter_flags(ring);

	return __sys_io_uring_enter(ring->enter_ring_fd, 0, 0, flags, NULL);
}
