/* SPDX-License-Identifier: MIT */
/*
 * IORING_SETUP_SQ_REWIND (Linux 6.19): the kernel takes each submission's
 * SQEs from slots 0..to_submit-1 of the SQE array and ignores the SQ head
 * and tail, which must stay 0. The library passes the number of SQEs
 * prepared since the last submit, never writes the tail, and after each
 * submitting call hands out slot 0 again.
 *
 * The library side is checked on any kernel with IORING_SETUP_NO_SQARRAY
 * (6.6) by setting the flag in ring->flags, which is what the library
 * goes by; such a kernel sees no tail move and submits nothing. The round
 * trip through the kernel needs one that accepts the flag; without it the
 * test skips after the library side passed.
 */
#include "mode-util.h"

static unsigned int last_to_submit;

static void record_to_submit(int fd, unsigned int to_submit)
{
	(void) fd;
	last_to_submit = to_submit;
}

/* The to_submit of the library's last io_uring_enter(), where it shows. */
static void check_to_submit(unsigned int nr)
{
	if (t_enter_counted())
		t_eq(last_to_submit, nr);
}

static struct io_uring_sqe *nop_at(struct io_uring *ring, __u64 user_data,
				   unsigned int slot)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe == &ring->sq.sqes[slot], "SQE %llu not in slot %u",
		 (unsigned long long) user_data, slot);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, user_data);
	return sqe;
}

static void check_rewound(struct io_uring *ring)
{
	t_eq(*ring->sq.ktail, 0);
	t_eq(*ring->sq.khead, 0);
	t_eq(ring->sq.sqe_head, 0);
	t_eq(ring->sq.sqe_tail, 0);
}

/* The library's half, on a ring whose kernel does not rewind. */
static void library_side(void)
{
	struct __kernel_timespec ts = t_ts_ms(1);
	struct io_uring_params p;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_NO_SQARRAY;
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret == -EINVAL)
		t_skip("no IORING_SETUP_NO_SQARRAY (Linux 6.6)");
	t_eq(ret, 0);
	ring.flags |= IORING_SETUP_SQ_REWIND;

	/* Three SQEs from slot 0; submit passes 3 and rewinds. */
	nop_at(&ring, 1, 0);
	nop_at(&ring, 2, 1);
	nop_at(&ring, 3, 2);
	t_eq(io_uring_sq_ready(&ring), 3);
	last_to_submit = ~0U;
	t_eq(io_uring_submit(&ring), 0);
	check_to_submit(3);
	check_rewound(&ring);
	t_eq(io_uring_sq_ready(&ring), 0);

	/* The next SQE is slot 0 again; the wait paths rewind too. */
	nop_at(&ring, 4, 0);
	t_eq(io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL),
	     -ETIME);
	check_to_submit(1);
	check_rewound(&ring);

	nop_at(&ring, 5, 0);
	nop_at(&ring, 6, 1);
	t_eq(io_uring_submit_and_get_events(&ring), 0);
	check_to_submit(2);
	check_rewound(&ring);

	/* A wait that submits nothing leaves prepared SQEs alone. */
	nop_at(&ring, 7, 0);
	t_eq(io_uring_peek_cqe(&ring, &cqe), -EAGAIN);
	t_eq(io_uring_wait_cqe_timeout(&ring, &cqe, &ts), -ETIME);
	t_eq(ring.sq.sqe_tail, 1);
	t_eq(io_uring_submit(&ring), 0);
	check_to_submit(1);
	check_rewound(&ring);

	/* Nothing prepared: no SQEs passed. */
	t_enter_reset();
	t_eq(io_uring_submit(&ring), 0);
	if (t_enter_counted())
		t_eq(t_enter_calls, 0);

	t_eq(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
}

/* The round trip, on a kernel that rewinds. */
static bool kernel_side(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int ret, round;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQ_REWIND | IORING_SETUP_NO_SQARRAY;
	ret = io_uring_queue_init_params(4, &ring, &p);
	if (ret == -EINVAL)
		return false;
	t_eq(ret, 0);
	t_assert(ring.flags & IORING_SETUP_SQ_REWIND, "flag lost");

	/* More SQEs in total than the SQ has slots: each batch from 0. */
	for (round = 0; round < 4; round++) {
		__u64 base = 10 * round;

		nop_at(&ring, base + 1, 0);
		nop_at(&ring, base + 2, 1);
		nop_at(&ring, base + 3, 2);
		t_eq(io_uring_submit(&ring), 3);
		check_rewound(&ring);
		t_reap(&ring, base + 1, 0);
		t_reap(&ring, base + 2, 0);
		t_reap(&ring, base + 3, 0);

		nop_at(&ring, base + 4, 0);
		t_eq(io_uring_submit_and_wait(&ring, 1), 1);
		check_rewound(&ring);
		t_reap(&ring, base + 4, 0);
		t_eq(io_uring_cq_ready(&ring), 0);
	}

	/* The SQ is full at ring_entries prepared SQEs. */
	for (round = 0; round < 4; round++)
		nop_at(&ring, 100 + round, round);
	t_assert(!io_uring_get_sqe(&ring), "SQE beyond ring_entries");
	t_eq(io_uring_submit(&ring), 4);
	check_rewound(&ring);
	for (round = 0; round < 4; round++)
		t_reap(&ring, 100 + round, 0);
	t_eq(io_uring_cq_ready(&ring), 0);

	io_uring_queue_exit(&ring);
	return true;
}

int main(void)
{
	t_enter_hook = record_to_submit;
	library_side();
	if (!kernel_side())
		t_skip("no IORING_SETUP_SQ_REWIND (Linux 6.19); library side "
		       "passed");
	return T_PASS;
}
