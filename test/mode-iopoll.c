/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_IOPOLL and HYBRID_IOPOLL: completions are reaped inside
 * io_uring_enter(), so the library must enter even to peek; with an SQ
 * thread doing the polling it must not. Nops support polled rings.
 */
#include "mode-util.h"

/* Older kernels (5.10 among them) refuse NOPs on a polled ring. */
static void need_polled_nops(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	int res;

	t_queue_nop(ring, 1);
	t_eq(io_uring_submit_and_wait(ring, 1), 1);
	t_eq(io_uring_peek_cqe(ring, &cqe), 0);
	t_eq(cqe->user_data, 1);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	if (res == -EINVAL)
		t_skip("kernel refuses IORING_OP_NOP on IOPOLL rings");
	t_eq(res, 0);
}

static void polled(unsigned int flags)
{
	struct io_uring_cqe *cqe;
	struct io_uring ring;

	t_ring_init(&ring, 8, flags);
	need_polled_nops(&ring);
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
