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
 * Completions the kernel holds back until somebody enters it: CQEs that
 * overflowed a full CQ, or task work it flagged (IORING_SQ_TASKRUN, set
 * for IORING_SETUP_TASKRUN_FLAG rings).
 */
static inline bool cq_held_in_kernel(const struct io_uring *ring)
{
	return IO_URING_READ_ONCE(*ring->sq.kflags) &
	       (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN);
}

/*
 * Whether entering the kernel may post completions the CQ lacks: polled
 * I/O is reaped only inside io_uring_enter() unless an SQ thread does it,
 * and held-back completions come in there. sq_thread: the ring has
 * SQPOLL (a constant where the caller knows).
 *
 * DEFER_TASKRUN work is left out on purpose: it runs when we wait, or
 * when the kernel flags it as above. A submit or a peek that entered for
 * it would reap completions liburing leaves for the next wait, and from a
 * thread other than the submitter it would fail with -EEXIST.
 */
static inline bool cq_fills_on_enter(const struct io_uring *ring,
				     bool sq_thread)
{
	if (sq_thread)
		return cq_held_in_kernel(ring);
	return (ring->flags & IORING_SETUP_IOPOLL) || cq_held_in_kernel(ring);
}

/*
 * SQPOLL: whether the SQ thread went to sleep, so that SQEs published
 * now reach it only with IORING_ENTER_SQ_WAKEUP.
 */
static inline bool sq_thread_asleep(const struct io_uring *ring)
{
	/*
	 * Full barrier: our tail store (in sq_publish()) must be visible to
	 * the SQ thread before we read its NEED_WAKEUP flag; the kernel
	 * orders its flag store and tail read the same way, so one of us
	 * always sees the other.
	 */
	io_uring_smp_mb();
	return IO_URING_READ_ONCE(*ring->sq.kflags) & IORING_SQ_NEED_WAKEUP;
}

/*
 * Whether pending SQEs need a system call to be taken, adding to *flags
 * what it must carry. Only an awake SQ thread takes them without one.
 */
static inline bool sqes_need_syscall(const struct io_uring *ring,
				     unsigned int pending, unsigned int *flags)
{
	if (!pending)
		return false;
	if (ring->flags & IORING_SETUP_SQPOLL) {
		if (uring_likely(!sq_thread_asleep(ring)))
			return false;
		*flags |= IORING_ENTER_SQ_WAKEUP;
	}
	return true;
}

/*
 * Whether the wait needs the kernel to post completions. Waiting for more
 * CQEs than are posted does; so does the first look of a bare peek (no
 * CQE, nothing to submit or wait for) at a ring whose completions may
 * be waiting in the kernel. A peek enters at most once.
 */
static inline bool plan_wants_events(const struct io_uring *ring,
				     const struct wait_plan *plan,
				     const struct io_uring_cqe *cqe,
				     unsigned int ready, bool entered)
{
	if (plan->wait_nr > ready)
		return true;
	return !cqe && !plan->wait_nr && !plan->to_submit && !entered &&
	       cq_fills_on_enter(ring, ring->flags & IORING_SETUP_SQPOLL);
}

/* Whether the wait must enter the kernel now, and *flags for the call. */
static inline bool plan_next_enter(const struct io_uring *ring,
				   const struct wait_plan *plan,
				   const struct io_uring_cqe *cqe,
				   unsigned int ready, bool entered,
				   unsigned int *flags)
{
	bool enter = false;

	*flags = ring_enter_flags(ring);
	if (plan_wants_events(ring, plan, cqe, ready, entered)) {
		*flags |= IORING_ENTER_GETEVENTS | plan->clock;
		enter = true;
	}
	if (sqes_need_syscall(ring, plan->to_submit, flags))
		enter = true;
	return enter;
}

/*
 * The answer once the kernel has nothing more to do for the wait. first
 * is what the first io_uring_enter() returned, if there was one: as in
 * liburing, when the CQE only turned up after a call that submitted, that
 * call's count is the answer. A bare peek that found nothing says so.
 */
static inline int plan_settled(const struct wait_plan *plan,
			       const struct io_uring_cqe *cqe, int first)
{
	if (!cqe && !plan->wait_nr && !plan->to_submit && !first)
		return -EAGAIN;
	return first;
}

/*
 * The answer when a timed wait would enter a second time: the first call
 * already waited out the whole timeout. Without a CQE that is -ETIME,
 * even if the call also submitted every SQE and so returned their count
 * (a deliberate difference from liburing, see README). Only a partial
 * submission, which skips the wait, keeps its count.
 */
static inline int plan_timed_out(const struct wait_plan *plan,
				 const struct io_uring_cqe *cqe, int first)
{
	if (!cqe && (!first || !plan->to_submit))
		return -ETIME;
	return first;
}

/* Account for an io_uring_enter() that returned submitted >= 0. */
static inline void plan_submitted(struct io_uring *ring,
				  struct wait_plan *plan, int submitted)
{
	if (!plan->to_submit)
		return;
	plan->to_submit -= submitted;
	/* The kernel of a rewound ring forgot the rest: never resend them. */
	if (sq_rewind_after_enter(ring, submitted))
		plan->to_submit = 0;
}

/*
 * Carry out a wait: look for a CQE and, while the plan says the kernel
 * has something to do, enter it and look again.
 *
 * Returns 0 (or the count of SQEs the first call submitted, see
 * plan_settled()) with *cqe_ptr set; -EAGAIN when a bare peek found
 * nothing; -ETIME when a timed wait ran out or the internal timeout of
 * src/wait.c fired; another -errno from the kernel. *cqe_ptr is NULL
 * unless a CQE is there.
 */
int __uringi_wait_run(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		      struct wait_plan *plan)
{
	struct io_uring_cqe *cqe;
	bool entered = false;
	unsigned int ready, flags;
	int first = 0, ret;

	for (;;) {
		/* Fails only with the internal timeout's error. */
		ret = __io_uring_peek_cqe(ring, &cqe, &ready);
		if (ret)
			break;
		if (!plan_next_enter(ring, plan, cqe, ready, entered,
				     &flags)) {
			ret = plan_settled(plan, cqe, first);
			break;
		}
		if (entered && plan_is_timed(plan)) {
			ret = plan_timed_out(plan, cqe, first);
			break;
		}

		ret = __uringi_sys_enter2(ring->enter_ring_fd,
					  plan->to_submit, plan->wait_nr,
					  flags, plan->arg, plan->arg_size);
		if (ret < 0) {
			/* What an earlier call submitted still counts. */
			if (first)
				ret = first;
			break;
		}
		plan_submitted(ring, plan, ret);
		if (cqe) {
			ret = first;
			break;
		}
		if (!entered)
			first = ret;
		entered = true;
	}

	*cqe_ptr = cqe;
	return ret;
}

int __io_uring_get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned int submit, unsigned int wait_nr,
		       sigset_t *sigmask)
{
	struct wait_plan plan;

	plan_untimed(&plan, wait_nr, sigmask);
	plan.to_submit = submit;
	return __uringi_wait_run(ring, cqe_ptr, &plan);
}

int io_uring_get_events(struct io_uring *ring)
{
	unsigned int flags = IORING_ENTER_GETEVENTS | ring_enter_flags(ring);

	return __uringi_sys_enter(ring->enter_ring_fd, 0, 0, flags, NULL);
}

/*
 * cq_collect() for rings whose CQ slots are not all 16-byte CQEs. On a
 * CQE_MIXED ring a big CQE is one CQE in two slots, and padding (F_SKIP)
 * is never shown: padding at the head is consumed here, as the peek and
 * wait helpers do, and padding after the first CQE ends the batch. So the
 * CQEs returned always fill the slots from the head on without a gap, and
 * releasing them (io_uring_cqe_seen() on each, or io_uring_cq_advance()
 * by the sum of their io_uring_cqe_nr()) releases exactly those slots.
 */
static __attribute__((noinline))
bool cq_collect_sized(struct io_uring *ring, struct io_uring_cqe **cqes,
		      unsigned int *count, unsigned int ready)
{
	unsigned int shift = io_uring_cqe_shift(ring);
	unsigned int mask = ring->cq.ring_mask;
	bool mixed = ring->flags & IORING_SETUP_CQE_MIXED;
	unsigned int head = *ring->cq.khead;
	unsigned int tail = head + ready;
	unsigned int n = 0;

	while (head != tail && n < *count) {
		struct io_uring_cqe *cqe;
		unsigned int slots;

		cqe = &ring->cq.cqes[(head & mask) << shift];
		slots = mixed ? io_uring_cqe_nr(cqe) : 1;

		if (mixed && (cqe->flags & IORING_CQE_F_SKIP)) {
			if (n)
				break;
			io_uring_cq_advance(ring, slots);
		} else {
			cqes[n++] = cqe;
		}
		head += slots;
	}
	*count = n;
	/* As for a plain ring: false only when nothing but padding was left. */
	return n || head != tail;
}

/*
 * Point cqes[] at up to *count posted CQEs, oldest first, and set *count
 * to how many. False when the CQ held none.
 */
static bool cq_collect(struct io_uring *ring, struct io_uring_cqe **cqes,
		       unsigned int *count)
{
	unsigned int ready = io_uring_cq_ready(ring);
	unsigned int head, last;

	if (!ready)
		return false;
	if (uring_unlikely(ring->flags &
			   (IORING_SETUP_CQE32 | IORING_SETUP_CQE_MIXED)))
		return cq_collect_sized(ring, cqes, count, ready);

	/* One 16-byte slot per CQE: the batch is a run of slots. */
	if (ready < *count)
		*count = ready;
	head = *ring->cq.khead;
	for (last = head + *count; head != last; head++)
		*cqes++ = &ring->cq.cqes[head & ring->cq.ring_mask];
	return true;
}

unsigned int io_uring_peek_batch_cqe(struct io_uring *ring,
				     struct io_uring_cqe **cqes,
				     unsigned int count)
{
	if (cq_collect(ring, cqes, &count))
		return count;
	/* Empty: give overflowed CQEs or flagged task work one chance. */
	if (!cq_held_in_kernel(ring))
		return 0;
	io_uring_get_events(ring);
	if (!cq_collect(ring, cqes, &count))
		return 0;
	return count;
}

/*
 * submit() for the rings whose SQ is special: an SQ thread (the SQEs need
 * an io_uring_enter() only to wake it, or to wait) or SQ_REWIND (slots
 * start at 0 again after each call). Out of line, so the common case
 * below stays short.
 */
static __attribute__((noinline))
int submit_special(struct io_uring *ring, unsigned int wait_nr,
		   bool getevents)
{
	unsigned int pending = sq_publish_any(ring);
	unsigned int flags = ring_enter_flags(ring);
	bool reap = getevents || wait_nr ||
		    cq_fills_on_enter(ring, ring->flags & IORING_SETUP_SQPOLL);
	int ret;

	/* Evaluated first: it adds the wakeup flag the enter may need. */
	if (!sqes_need_syscall(ring, pending, &flags) && !reap)
		return pending;	/* the SQ thread is awake and takes them */
	if (reap)
		flags |= IORING_ENTER_GETEVENTS;
	ret = __uringi_sys_enter(ring->enter_ring_fd, pending, wait_nr,
				 flags, NULL);
	if (pending)
		sq_rewind_after_enter(ring, ret);
	return ret;
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
	unsigned int flags, pending;

	if (uring_unlikely(ring->flags & SQ_MODE_MASK))
		return submit_special(ring, wait_nr, getevents);

	/* Without an SQ thread, any published SQE needs the system call. */
	pending = sq_publish(ring, 0);
	flags = ring_enter_flags(ring);
	if (getevents || wait_nr || cq_fills_on_enter(ring, false))
		return __uringi_sys_enter(ring->enter_ring_fd, pending,
					  wait_nr,
					  flags | IORING_ENTER_GETEVENTS,
					  NULL);
	if (pending)
		return __uringi_sys_enter(ring->enter_ring_fd, pending, 0,
					  flags, NULL);
	return pending;
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

	return __uringi_sys_enter(ring->enter_ring_fd, 0, 0, flags, NULL);
}
