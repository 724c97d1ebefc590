/* SPDX-License-Identifier: MIT */
/*
 * io_uring_resize_rings() (Linux 6.13): a DEFER_TASKRUN ring gets new SQ
 * and CQ sizes; pending CQEs and unsubmitted SQEs move along, and the
 * library maps the new rings in place of the old.
 */
#include "mode-util.h"

int main(void)
{
	int maps = t_count_maps();
	struct io_uring_params p;
	struct io_uring ring;
	int ret, i;

	t_ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		    IORING_SETUP_DEFER_TASKRUN);

	/* Three CQEs waiting and two SQEs queued across the resize. */
	for (i = 0; i < 3; i++)
		t_queue_nop(&ring, i);
	t_eq(io_uring_submit_and_wait(&ring, 3), 3);
	/* README: 2.15 does not keep unsubmitted SQEs; queue them after. */
	if (!t_peer_library()) {
		t_queue_nop(&ring, 3);
		t_queue_nop(&ring, 4);
	}

	memset(&p, 0, sizeof(p));
	p.sq_entries = 32;
	p.cq_entries = 128;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(&ring, &p);
	if (ret == -EINVAL && !t_kernel_at_least(6, 13))
		t_skip("no IORING_REGISTER_RESIZE_RINGS (Linux 6.13)");
	t_eq(ret, 0);
	t_eq(ring.sq.ring_entries, 32);
	t_eq(ring.cq.ring_entries, 128);
	t_eq(io_uring_cq_ready(&ring), 3);
	if (t_peer_library()) {
		t_queue_nop(&ring, 3);
		t_queue_nop(&ring, 4);
	}
	t_eq(io_uring_sq_ready(&ring), 2);
	t_eq(io_uring_submit(&ring), 2);
	for (i = 0; i < 5; i++)
		t_reap(&ring, i, 0);
	t_roundtrip(&ring, true);

	/* And smaller again. */
	memset(&p, 0, sizeof(p));
	p.sq_entries = 4;
	t_eq(io_uring_resize_rings(&ring, &p), 0);
	t_eq(ring.sq.ring_entries, 4);
	t_eq(ring.cq.ring_entries, 8);
	t_roundtrip(&ring, false);
	io_uring_queue_exit(&ring);
	if (!t_peer_library())	/* README: 2.15 keeps old SQE arrays */
		t_eq(t_count_maps(), maps);

	/* Only DEFER_TASKRUN rings, and never NO_MMAP ones. */
	t_ring_init(&ring, 8, 0);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	t_eq(io_uring_resize_rings(&ring, &p), -EINVAL);
	t_roundtrip(&ring, false);
	io_uring_queue_exit(&ring);

	t_ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		    IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_NO_MMAP);
	t_eq(io_uring_resize_rings(&ring, &p), -EINVAL);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
