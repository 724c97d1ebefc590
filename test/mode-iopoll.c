/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_IOPOLL and HYBRID_IOPOLL: completions are reaped inside
 * io_uring_enter(), so the library must enter even to peek; with an SQ
 * thread doing the polling it must not. Nops support polled rings.
 */
#include "mode-util.h"

static void polled(unsigned int flags)
{
	struct io_uring_cqe *cqe;
	struct io_uring ring;

	t_ring_init(&ring, 8, flags);
	t_roundtrip(&ring, false);

	/* An empty polled ring: a peek enters once, then says -EAGAIN. */
	t_enter_reset();
	t_eq(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	if (t_enter_counted()) {
		t_eq(t_enter_calls, 1);
		t_assert(t_enter_last_flags & IORING_ENTER_GETEVENTS,
			 "no GETEVENTS");
	}

	/* Every submit reaps as well. */
	t_queue_nop(&ring, 9);
	t_enter_reset();
	t_eq(io_uring_submit(&ring), 1);
	if (t_enter_counted()) {
		t_eq(t_enter_calls, 1);
		t_assert(t_enter_last_flags & IORING_ENTER_GETEVENTS,
			 "no GETEVENTS");
	}
	t_reap(&ring, 9, 0);
	io_uring_queue_exit(&ring);
}

static void polled_by_sq_thread(void)
{
	struct io_uring_params p;
	struct io_uring_cqe *cqe;
	struct io_uring ring;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 1000;
	t_ring_init_params(&ring, 8, &p);
	t_roundtrip(&ring, false);

	/* The SQ thread reaps: an empty peek costs no system call. */
	t_enter_reset();
	t_eq(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	if (t_enter_counted())
		t_eq(t_enter_calls, 0);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	polled(IORING_SETUP_IOPOLL);
	polled(IORING_SETUP_IOPOLL | IORING_SETUP_HYBRID_IOPOLL);
	polled_by_sq_thread();
	return T_PASS;
}
