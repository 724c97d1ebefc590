/* SPDX-License-Identifier: MIT */
/* Internals of the submit/wait path shared by src/queue.c and wait.c. */
#ifndef LIBURING_QUEUE_H
#define LIBURING_QUEUE_H

#include <stdbool.h>

#include "liburing.h"


/* What one wait asks io_uring_enter() for. */
struct get_data {
	unsigned int submit;	/* SQEs published and not yet submitted */
	unsigned int wait_nr;	/* CQEs to wait for */
	unsigned int get_flags;	/* extra enter flags while waiting */
	int sz;			/* size of *arg for io_uring_enter2() */
	int has_ts;		/* the wait ends after a timeout */
	void *arg;		/* sigmask, getevents_arg or wait region offset */
};

/*
 * Publish the SQEs handed out since the last call by moving the shared SQ
 * tail. Returns how many SQEs the kernel has not consumed yet. sqpoll says
 * whether the ring has an SQ thread; callers that already tested the ring
 * flags pass a constant and the test disappears.
 */
static inline unsigned int __io_uring_publish_sq(struct io_uring *ring,
						 bool sqpoll)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned int tail = sq->sqe_tail;

	if (sq->sqe_head != tail) {
		sq->sqe_head = tail;
		/*
		 * Without SQPOLL the kernel reads the tail only inside our
		 * own io_uring_enter(), and the system call orders it. The
		 * SQ thread reads it at any time: release pairs with its
		 * acquire so the SQE contents are visible first.
		 */
		if (!sqpoll)
			IO_URING_WRITE_ONCE(*sq->ktail, tail);
		else
			io_uring_smp_store_release(sq->ktail, tail);
	}
	/*
	 * The head only tells how far the kernel got; a stale value merely
	 * over-counts what is pending, so a relaxed load will do.
	 */
	return tail - IO_URING_READ_ONCE(*sq->khead);
}

static inline unsigned int __io_uring_flush_sq(struct io_uring *ring)
{
	return __io_uring_publish_sq(ring, ring->flags & IORING_SETUP_SQPOLL);
}

int __io_uring_get_cqe_data(struct io_uring *ring,
			    struct io_uring_cqe **cqe_ptr,
			    struct get_data *data);

#endif
