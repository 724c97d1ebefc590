/* SPDX-License-Identifier: MIT */
/*
 * A ring with no setup flags: nops and a read through submit and every
 * wait variant. Without SQPOLL each submit is exactly one enter.
 */
#include "mode-util.h"

int main(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 8, 0);
	t_roundtrip(&ring, true);

	/* io_uring_submit is one enter, with no GETEVENTS. */
	t_queue_nop(&ring, 7);
	t_enter_reset();
	t_eq(io_uring_submit(&ring), 1);
	if (t_enter_counted()) {
		t_eq(t_enter_calls, 1);
		t_eq(t_enter_last_flags & IORING_ENTER_GETEVENTS, 0);
	}
	/* The CQE is posted inline: waiting for it takes no enter at all. */
	t_reap(&ring, 7, 0);
	if (t_enter_counted())
		t_eq(t_enter_calls, 1);

	io_uring_queue_exit(&ring);
	return T_PASS;
}
