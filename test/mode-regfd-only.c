/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_REGISTERED_FD_ONLY (with NO_MMAP): setup returns a
 * registered ring index instead of a file descriptor. The ring has no fd
 * (ring_fd is -1), every enter goes through the index, and exiting the
 * ring unregisters it, which is what frees it.
 */
#include "mode-util.h"

int main(void)
{
	int fds = t_count_fds(), maps = t_count_maps();
	struct io_uring ring;

	/* Needs NO_MMAP: refused before any memory or fd is taken. */
	t_eq(io_uring_queue_init(8, &ring, IORING_SETUP_REGISTERED_FD_ONLY),
	     -EINVAL);
	t_eq(t_count_fds(), fds);

	t_ring_init(&ring, 8, IORING_SETUP_REGISTERED_FD_ONLY |
		    IORING_SETUP_NO_MMAP);
	t_eq(ring.ring_fd, -1);
	t_assert(ring.enter_ring_fd >= 0, "index %d", ring.enter_ring_fd);
	t_eq(t_count_fds(), fds);

	t_enter_reset();
	t_roundtrip(&ring, true);
	if (t_enter_counted())
		t_assert(t_enter_all_flags & IORING_ENTER_REGISTERED_RING,
			 "enters without IORING_ENTER_REGISTERED_RING");

	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);

	/* The index is free again: a new ring gets going the same way. */
	t_ring_init(&ring, 8, IORING_SETUP_REGISTERED_FD_ONLY |
		    IORING_SETUP_NO_MMAP);
	t_roundtrip(&ring, false);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
