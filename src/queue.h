/* SPDX-License-Identifier: MIT */
/*
 * Internals of the submit/wait path shared by src/queue.c and src/wait.c.
 *
 * Every public wait builds a struct wait_plan once: what to hand the
 * kernel, how many CQEs to wait for, and what io_uring_enter() argument
 * carries the timeout and signal mask. __uringi_wait_run() then carries
 * the plan out.
 */
#ifndef LIBURING_QUEUE_H
#define LIBURING_QUEUE_H

#include <stdbool.h>

#include "liburing.h"

/* Library-internal: never exported from liburing.so, whatever the map. */
#pragma GCC visibility push(hidden)

/*
 * The ring modes that change how SQEs reach the kernel: an SQ thread
 * reads the tail by itself, and an SQ_REWIND ring has no head or tail at
 * all. Both are rare; the common path tests this mask once.
 */
#define SQ_MODE_MASK	(IORING_SETUP_SQPOLL | IORING_SETUP_SQ_REWIND)

/*
 * Hand the kernel the SQEs io_uring_get_sqe() gave out since the last
 * call, and return how many it has not taken yet. sq_mode is ring->flags
 * & SQ_MODE_MASK; a caller that already knows it passes a constant and
 * the tests fold away.
 *
 * sqe_head marks how far we published. On an SQ_REWIND ring nothing is
 * stored and, the head staying 0, the count is simply what was prepared;
 * the slots are rewound by sq_rewind_after_enter() once the kernel has
 * read them.
 */
static inline unsigned int sq_publish(struct io_uring *ring,
				      unsigned int sq_mode)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned int prepared = sq->sqe_tail;

	/* Nothing new: leave the shared cache line alone. */
	if (sq->sqe_head != prepared) {
		sq->sqe_head = prepared;
		/*
		 * Without SQPOLL the kernel reads the tail only inside our
		 * own io_uring_enter(), and the system call orders it. The
		 * SQ thread reads it at any time: release pairs with its
		 * acquire so the SQE contents are visible first. An
		 * SQ_REWIND ring has no tail to store.
		 */
		if (sq_mode & IORING_SETUP_SQPOLL)
			io_uring_smp_store_release(sq->ktail, prepared);
		else if (!(sq_mode & IORING_SETUP_SQ_REWIND))
			IO_URING_WRITE_ONCE(*sq->ktail, prepared);
	}
	/*
	 * The head only tells how far the kernel got; a stale value merely
	 * over-counts what is pending, so a relaxed load will do.
	 */
	return prepared - IO_URING_READ_ONCE(*sq->khead);
}

/* sq_publish() for callers that have not looked at the ring mode. */
static inline unsigned int sq_publish_any(struct io_uring *ring)
{
	return sq_publish(ring, ring->flags & SQ_MODE_MASK);
}

/*
 * After an io_uring_enter() that was given SQEs. The kernel of an
 * SQ_REWIND ring starts from slot 0 on every call, whatever it took this
 * time, so the next io_uring_get_sqe() must hand out slot 0 again. A
 * failed call took nothing: the SQEs stay and the next submit sends them.
 * Returns true when the ring was rewound.
 */
static inline bool sq_rewind_after_enter(struct io_uring *ring, int ret)
{
	if (uring_likely(!(ring->flags & IORING_SETUP_SQ_REWIND)) || ret < 0)
		return false;
	ring->sq.sqe_head = 0;
	ring->sq.sqe_tail = 0;
	return true;
}

/*
 * How the kernel learns when to give up waiting, and so what the
 * io_uring_enter() argument is. Each value is the set of enter flags
 * that tells the kernel how to read that argument, so the wait loop
 * never has to translate one into the other. (Kernels without EXT_ARG
 * get a timeout request instead: see src/wait.c; their wait itself is
 * WAIT_UNTIMED.)
 */
enum wait_clock {
	/* arg is the sigmask, or NULL */
	WAIT_UNTIMED	= 0,
	/* arg is a struct io_uring_getevents_arg (timeout, min-wait) */
	WAIT_EXT_ARG	= IORING_ENTER_EXT_ARG,
	/* arg is a byte offset into the registered wait region */
	WAIT_REG_REGION	= IORING_ENTER_EXT_ARG | IORING_ENTER_EXT_ARG_REG,
};

/* One wait, described once by its public entry point. */
struct wait_plan {
	unsigned int to_submit;	/* published SQEs the kernel still lacks */
	unsigned int wait_nr;	/* CQEs the caller wants before returning */
	enum wait_clock clock;
	unsigned int arg_size;	/* of *arg, or of the region entry */
	void *arg;		/* the io_uring_enter2() argument, per clock */
	/* The argument itself for WAIT_EXT_ARG: arg points here. */
	struct io_uring_getevents_arg ext;
};

/*
 * Whether the kernel may end the wait by a timeout. A registered region
 * entry may hold one; only the kernel knows.
 */
static inline bool plan_is_timed(const struct wait_plan *plan)
{
	if (plan->clock == WAIT_EXT_ARG)
		return plan->ext.ts;
	return plan->clock == WAIT_REG_REGION;
}

/*
 * The plan builders, one per clock. Each sets every field the loop reads;
 * to_submit starts at 0, and an entry point that submits sets it from
 * sq_publish_any() once the plan is known to be valid.
 */
static inline void plan_untimed(struct wait_plan *plan, unsigned int wait_nr,
				sigset_t *sigmask)
{
	plan->to_submit = 0;
	plan->wait_nr = wait_nr;
	plan->clock = WAIT_UNTIMED;
	plan->arg = sigmask;
	/* The kernel wants the size of its own sigset_t, not libc's. */
	plan->arg_size = _NSIG / 8;
}

/*
 * The timeout (NULL: none, so the wait is untimed) and the min-wait in
 * a struct io_uring_getevents_arg (Linux 5.11, IORING_FEAT_EXT_ARG).
 */
static inline void plan_ext_arg(struct wait_plan *plan, unsigned int wait_nr,
				struct __kernel_timespec *ts,
				unsigned int min_wait_usec, sigset_t *sigmask)
{
	plan->to_submit = 0;
	plan->wait_nr = wait_nr;
	plan->clock = WAIT_EXT_ARG;
	plan->ext.sigmask = uring_ptr_to_u64(sigmask);
	plan->ext.sigmask_sz = _NSIG / 8;
	plan->ext.min_wait_usec = min_wait_usec;
	plan->ext.ts = uring_ptr_to_u64(ts);
	plan->arg = &plan->ext;
	plan->arg_size = sizeof(plan->ext);
}

/*
 * Entry reg_index of the registered wait region (Linux 6.13) says how
 * long to wait, with which sigmask; the kernel reads it at each call.
 */
static inline void plan_reg_region(struct wait_plan *plan,
				   unsigned int wait_nr, int reg_index)
{
	/* The kernel takes the entry as a byte offset into the region. */
	unsigned long offset = reg_index * sizeof(struct io_uring_reg_wait);

	plan->to_submit = 0;
	plan->wait_nr = wait_nr;
	plan->clock = WAIT_REG_REGION;
	plan->arg = (void *) (uintptr_t) offset;
	plan->arg_size = sizeof(struct io_uring_reg_wait);
}

int __uringi_wait_run(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		      struct wait_plan *plan);

#pragma GCC visibility pop

#endif
