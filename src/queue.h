/* SPDX-License-Identifier: MIT */
/* Internals of the submit/wait path shared by src/queue.c and wait.c. */
#ifndef LIBURING_QUEUE_H
#define LIBURING_QUEUE_H

#include <stdbool.h>

struct io_uring;
struct io_uring_cqe;

/* What one wait asks io_uring_enter() for. */
struct get_data {
	unsigned int submit;	/* SQEs published and not yet submitted */
	unsigned int wait_nr;	/* CQEs to wait for */
	unsigned int get_flags;	/* extra enter flags while waiting */
	int sz;			/* size of *arg for io_uring_enter2() */
	int has_ts;		/* the wait ends after a timeout */
	void *arg;		/* sigmask, getevents_arg or wait region offset */
};

unsigned int __io_uring_flush_sq(struct io_uring *ring);
int __io_uring_get_cqe_data(struct io_uring *ring,
			    struct io_uring_cqe **cqe_ptr,
			    struct get_data *data);

#endif
