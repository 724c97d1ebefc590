/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_NO_MMAP without caller memory: the library allocates the
 * ring memory itself (nothing is mmap'ed from the ring fd) and frees it in
 * io_uring_queue_exit(). Small and large rings, with and without the SQ
 * index array.
 */
#include "mode-util.h"

static void nommap(unsigned int entries, unsigned int flags)
{
	int fds = t_count_fds(), maps = t_count_maps();
	struct io_uring ring;

	t_ring_init(&ring, entries, IORING_SETUP_NO_MMAP | flags);
	t_assert(ring.flags & IORING_SETUP_NO_MMAP, "flags 0x%x", ring.flags);
	t_eq(ring.sq.ring_entries, entries);
	t_eq(t_count_fds(), fds + 1);
	t_roundtrip(&ring, true);
	t_eq(io_uring_ring_dontfork(&ring), 0);
	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
}

int main(void)
{
	nommap(8, 0);
	nommap(64, IORING_SETUP_NO_SQARRAY);
	/* README: 2.15 wants huge pages for these (-ENOMEM without them). */
	if (!t_peer_library()) {
		nommap(1024, 0);
		nommap(512, IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
	}
	nommap(8, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
	return T_PASS;
}
