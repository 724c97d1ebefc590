/* SPDX-License-Identifier: MIT */
/*
 * io_uring_set_iowait(): with IORING_FEAT_NO_IOWAIT (Linux 6.15) waits can
 * be kept out of iowait accounting; the library then passes
 * IORING_ENTER_NO_IOWAIT on every enter. Without the feature the call
 * fails with -EOPNOTSUPP and changes nothing.
 */
#include "mode-util.h"

int main(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 8, 0);
	if (!(ring.features & IORING_FEAT_NO_IOWAIT))
		t_skip("no IORING_FEAT_NO_IOWAIT (Linux 6.15)");

	/* By default waits count as iowait. */
	t_enter_reset();
	t_expect_no_cqe(&ring, 1);
	if (t_enter_counted())
		t_eq(t_enter_all_flags & IORING_ENTER_NO_IOWAIT, 0);

	t_eq(io_uring_set_iowait(&ring, false), 0);
	t_enter_reset();
	t_expect_no_cqe(&ring, 1);
	if (t_enter_counted())
		t_assert(t_enter_last_flags & IORING_ENTER_NO_IOWAIT,
			 "flags 0x%x", t_enter_last_flags);
	t_roundtrip(&ring, true);

	t_eq(io_uring_set_iowait(&ring, true), 0);
	t_enter_reset();
	t_expect_no_cqe(&ring, 1);
	if (t_enter_counted())
		t_eq(t_enter_all_flags & IORING_ENTER_NO_IOWAIT, 0);

	/* As on a kernel without the feature. */
	ring.features &= ~IORING_FEAT_NO_IOWAIT;
	t_eq(io_uring_set_iowait(&ring, false), -EOPNOTSUPP);
	t_enter_reset();
	t_expect_no_cqe(&ring, 1);
	if (t_enter_counted())
		t_eq(t_enter_all_flags & IORING_ENTER_NO_IOWAIT, 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
