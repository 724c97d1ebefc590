/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_NO_SQARRAY: no SQ index array; the SQ tail names SQEs
 * directly. As liburing 2.15 does, the library asks for it by default and
 * the ring then reports it in ring.flags.
 */
#include "mode-util.h"

int main(void)
{
	struct io_uring_params p;
	struct io_uring ring;

	t_ring_init(&ring, 8, IORING_SETUP_NO_SQARRAY);
	t_assert(ring.sq.array == NULL, "SQ array mapped");
	t_roundtrip(&ring, true);
	io_uring_queue_exit(&ring);

	/* Asked for by default, where the kernel has it. */
	memset(&p, 0, sizeof(p));
	t_ring_init_params(&ring, 8, &p);
	t_assert(ring.flags & IORING_SETUP_NO_SQARRAY, "not the default");
	t_assert(p.flags & IORING_SETUP_NO_SQARRAY, "params not updated");
	t_assert(ring.sq.array == NULL, "SQ array mapped");
	io_uring_queue_exit(&ring);

	/* The raw setup without it still gets an identity index array. */
	memset(&p, 0, sizeof(p));
	{
		int fd = io_uring_setup(8, &p);
		unsigned int i;

		t_assert(fd >= 0, "io_uring_setup: %d", fd);
		t_eq(io_uring_queue_mmap(fd, &p, &ring), 0);
		t_assert(ring.sq.array != NULL, "no SQ array");
		/* README: 2.15 leaves the array zeroed: every SQE is slot 0. */
		if (!t_peer_library()) {
			for (i = 0; i < ring.sq.ring_entries; i++)
				t_eq(ring.sq.array[i], i);
			t_roundtrip(&ring, true);
		}
		io_uring_queue_exit(&ring);
	}
	return T_PASS;
}
