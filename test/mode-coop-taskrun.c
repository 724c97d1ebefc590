/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_COOP_TASKRUN with TASKRUN_FLAG: completion work for our
 * task waits until we next enter the kernel, and the kernel raises
 * IORING_SQ_TASKRUN meanwhile. A peek that finds the CQ empty must see the
 * flag and enter once to run that work.
 */
#include <pthread.h>

#include "mode-util.h"

static int write_fd;
static int written;

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	t_assert(!sched_setaffinity(0, sizeof(set), &set), "setaffinity");
}

static void *writer(void *arg)
{
	(void) arg;
	/* Never preempt the reader: that would run its task work. */
	pin_to(1);
	if (write(write_fd, "abc", 3) == 3)
		__atomic_store_n(&written, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * A read on an empty pipe, completed by task work queued for us when
 * another thread writes. We make no system call until the work is queued
 * (any system call would run it on the way out), so spin on a variable.
 * An interrupt returning to us runs the work as well; then the read has
 * completed already and we try again.
 */
static void pending_read(struct io_uring *ring, int fds[2], char *buf,
			 __u64 user_data)
{
	int tries;

	for (tries = 0; tries < 50; tries++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		pthread_t thread;

		io_uring_prep_rw(IORING_OP_READ, sqe, fds[0], buf, 8, 0);
		io_uring_sqe_set_data64(sqe, user_data);
		t_eq(io_uring_submit(ring), 1);
		t_eq(io_uring_cq_ready(ring), 0);

		write_fd = fds[1];
		__atomic_store_n(&written, 0, __ATOMIC_RELAXED);
		t_assert(!pthread_create(&thread, NULL, writer, NULL),
			 "thread");
		while (!__atomic_load_n(&written, __ATOMIC_ACQUIRE))
			;
		if ((IO_URING_READ_ONCE(*ring->sq.kflags) &
		     IORING_SQ_TASKRUN) && !io_uring_cq_ready(ring)) {
			pthread_detach(thread);
			return;
		}
		pthread_join(thread, NULL);
		t_reap(ring, user_data, 3);
	}
	t_fail("task work never stayed pending");
}

/*
 * An interrupt can run the work after pending_read() has seen it pending
 * and before the peek looks at the flag: then the peek finds the CQE
 * without entering, or (between its look at the empty CQ and its look at
 * the flag, which it finds clear) answers "empty" from its first look,
 * rightly, with the CQE there just after. Neither round tests anything:
 * set the case up again. Returns the peek's answer from a round in which
 * it entered (or, with the peer library, whose calls we cannot count, in
 * which it found the CQE).
 */
static int peek_pending(struct io_uring *ring, int fds[2], char *buf,
			__u64 user_data, struct io_uring_cqe **cqes,
			unsigned int batch)
{
	int tries, ret, empty = batch ? 0 : -EAGAIN;

	for (tries = 0; tries < 50; tries++) {
		pending_read(ring, fds, buf, user_data);
		t_enter_reset();
		if (batch)
			ret = (int) io_uring_peek_batch_cqe(ring, cqes, batch);
		else
			ret = io_uring_peek_cqe(ring, cqes);
		if (t_enter_counted() ? t_enter_calls > 0 : ret != empty)
			return ret;
		if (ret != empty) {
			io_uring_cq_advance(ring, 1);
			continue;
		}
		t_assert(io_uring_cq_ready(ring),
			 "peek saw neither the CQE nor the flag");
		t_reap(ring, user_data, 3);
	}
	t_fail("task work always ran before the peek entered");
}

int main(void)
{
	struct io_uring_cqe *cqes[4];
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int fds[2];
	char buf[8];

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		t_skip("needs two CPUs to keep task work pending");
	pin_to(0);
	t_ring_init(&ring, 8, IORING_SETUP_COOP_TASKRUN |
		    IORING_SETUP_TASKRUN_FLAG);
	t_roundtrip(&ring, true);
	t_assert(pipe(fds) == 0, "pipe");

	/* peek_cqe */
	t_eq(peek_pending(&ring, fds, buf, 5, &cqe, 0), 0);
	if (t_enter_counted())
		t_eq(t_enter_calls, 1);
	t_check_cqe(cqe, 5, 3, 0);
	io_uring_cqe_seen(&ring, cqe);
	t_assert(!(*ring.sq.kflags & IORING_SQ_TASKRUN), "flag stuck");

	/* peek_batch_cqe */
	t_eq(peek_pending(&ring, fds, buf, 6, cqes, 4), 1);
	t_check_cqe(cqes[0], 6, 3, 0);
	io_uring_cq_advance(&ring, 1);

	/* Without the flag an empty peek costs nothing. */
	t_enter_reset();
	t_eq(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	if (t_enter_counted())
		t_eq(t_enter_calls, 0);

	close(fds[0]);
	close(fds[1]);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
