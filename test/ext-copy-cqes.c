/* SPDX-License-Identifier: MIT */
/*
 * uringx_copy_cqes() copies CQEs out by value and consumes them, counting
 * CQEs on every ring: nr, wait_nr and the result are CQEs whether they
 * are 16 or 32 bytes (CQE32, CQE_MIXED). A 32-byte CQE fills two array
 * elements; mixed-ring padding and the library's own timeout CQEs are
 * consumed but never copied or counted.
 */
#include <string.h>

#include "helpers.h"
#include "liburing/ext.h"

#define ENTRIES		8
#define UNTOUCHED	0xaaaaaaaaaaaaaaaaULL

static void queue_nop(struct io_uring *ring, __u64 user_data, bool big)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "SQ full");
	io_uring_prep_nop(sqe);
	if (big)
		sqe->nop_flags = IORING_NOP_CQE32;
	io_uring_sqe_set_data64(sqe, user_data);
}

static void submit(struct io_uring *ring, unsigned int nr)
{
	t_eq(io_uring_submit(ring), nr);
}

/* A copied CQE: the whole first half, and a big one's zero second half. */
static void t_copied(const struct io_uring_cqe *cqe, __u64 user_data,
		     int res, unsigned int flags)
{
	t_eq(cqe->user_data, user_data);
	t_eq(cqe->res, res);
	t_eq(cqe->flags, flags);
	if (flags & IORING_CQE_F_32) {
		t_eq(cqe->big_cqe[0], 0);
		t_eq(cqe->big_cqe[1], 0);
	}
}

static void plain_ring(void)
{
	struct io_uring_cqe out[ENTRIES * 2 + 1];
	struct io_uring ring;
	unsigned int i;

	t_ring_init(&ring, ENTRIES, 0);
	for (i = 0; i < ENTRIES; i++)
		queue_nop(&ring, 10 + i, false);
	submit(&ring, ENTRIES);
	memset(out, 0xaa, sizeof(out));
	t_eq(uringx_copy_cqes(&ring, out, 3, ENTRIES), 3);
	for (i = 0; i < 3; i++)
		t_copied(&out[i], 10 + i, 0, 0);
	/* Nothing past nr was written; the rest is still in the ring. */
	t_eq(out[3].user_data, UNTOUCHED);
	t_eq(io_uring_cq_ready(&ring), ENTRIES - 3);

	t_eq(uringx_copy_cqes(&ring, out, ENTRIES * 2, 0), ENTRIES - 3);
	for (i = 0; i < ENTRIES - 3; i++)
		t_copied(&out[i], 13 + i, 0, 0);
	t_eq(io_uring_cq_ready(&ring), 0);
	t_eq(uringx_copy_cqes(&ring, out, ENTRIES, 0), 0);

	/* Bad input: a clear error, and nothing consumed. */
	queue_nop(&ring, 30, false);
	submit(&ring, 1);
	t_eq(uringx_copy_cqes(&ring, NULL, 0, 0), 0);
	t_eq(uringx_copy_cqes(&ring, NULL, 1, 0), -EFAULT);
	t_eq(uringx_copy_cqes(NULL, out, 1, 0), -EFAULT);
	/* More CQEs than the ring can show at once would never come. */
	t_eq(uringx_copy_cqes(&ring, out, 1, ENTRIES * 2 + 1), -EINVAL);
	t_eq(io_uring_cq_ready(&ring), 1);
	t_eq(uringx_copy_cqes(&ring, out, 1, 1), 1);
	t_copied(&out[0], 30, 0, 0);
	t_expect_no_cqe(&ring, 0);
	io_uring_queue_exit(&ring);
}

/*
 * The library's timeout CQE (kernels without EXT_ARG, forced here by
 * clearing the feature bit) is consumed and not counted; with EXT_ARG the
 * same user_data is the application's own and is copied.
 */
static void internal_timeout(void)
{
	struct io_uring_cqe out[2];
	struct io_uring ring;

	t_ring_init(&ring, ENTRIES, 0);
	ring.features &= ~IORING_FEAT_EXT_ARG;
	queue_nop(&ring, LIBURING_UDATA_TIMEOUT, false);
	queue_nop(&ring, 21, false);
	submit(&ring, 2);
	memset(out, 0xaa, sizeof(out));
	t_eq(uringx_copy_cqes(&ring, out, 2, 1), 1);
	t_copied(&out[0], 21, 0, 0);
	t_eq(out[1].user_data, UNTOUCHED);
	t_eq(*ring.cq.khead, 2);
	io_uring_queue_exit(&ring);

	t_ring_init(&ring, ENTRIES, 0);
	queue_nop(&ring, LIBURING_UDATA_TIMEOUT, false);
	submit(&ring, 1);
	t_eq(uringx_copy_cqes(&ring, out, 2, 1), 1);
	t_copied(&out[0], LIBURING_UDATA_TIMEOUT, 0, 0);
	t_expect_no_cqe(&ring, 0);
	io_uring_queue_exit(&ring);
}

/* CQE32: every CQE is 32 bytes, one CQE, two elements. */
static void cqe32_ring(void)
{
	__u64 big[13];
	struct io_uring ring;
	unsigned int i;

	t_ring_init(&ring, ENTRIES, IORING_SETUP_CQE32);
	for (i = 0; i < 3; i++)
		queue_nop(&ring, 50 + i, false);
	submit(&ring, 3);
	memset(big, 0xaa, sizeof(big));
	t_eq(uringx_copy_cqes(&ring, (struct io_uring_cqe *) big, 2, 3), 2);
	for (i = 0; i < 2; i++) {
		/* 32 bytes each: user_data, res + flags, two extra words. */
		t_eq(big[4 * i], 50 + i);
		t_eq(big[4 * i + 1], 0);
		t_eq(big[4 * i + 2], 0);
		t_eq(big[4 * i + 3], 0);
	}
	t_eq(big[8], UNTOUCHED);
	t_eq(io_uring_cq_ready(&ring), 1);
	t_eq(uringx_copy_cqes(&ring, (struct io_uring_cqe *) big, 3, 0), 1);
	t_eq(big[0], 52);
	t_eq(big[4], 51);
	t_expect_no_cqe(&ring, 0);
	io_uring_queue_exit(&ring);
}

/*
 * CQE_MIXED, 8 slots: big and small CQEs side by side. Positions below
 * are ring slots; a big CQE that would straddle the end of the ring is
 * preceded by a one-slot padding CQE.
 */
static void mixed_ring(void)
{
	struct __kernel_timespec ts = { .tv_nsec = 20 * 1000 * 1000 };
	struct io_uring_params p;
	struct io_uring_cqe out[8];
	struct io_uring_sqe *sqe;
	struct io_uring ring;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQE_MIXED | IORING_SETUP_CQSIZE;
	p.cq_entries = ENTRIES;
	t_ring_init_params(&ring, 4, &p);

	/* Slots 0-1 big, 2 small, 3-4 big: two CQEs fit in nr = 2. */
	queue_nop(&ring, 1, true);
	queue_nop(&ring, 2, false);
	queue_nop(&ring, 3, true);
	submit(&ring, 3);
	memset(out, 0xaa, sizeof(out));
	t_eq(uringx_copy_cqes(&ring, out, 2, 3), 2);
	t_copied(&out[0], 1, 0, IORING_CQE_F_32);
	t_copied(&out[2], 2, 0, 0);
	t_eq(out[3].user_data, UNTOUCHED);
	t_eq(io_uring_cq_ready(&ring), 2);
	t_eq(uringx_copy_cqes(&ring, out, ENTRIES, 0), 1);
	t_copied(&out[0], 3, 0, IORING_CQE_F_32);
	t_eq(out[2].user_data, 2);

	/* Slots 5-6 big, 7 padding, 8-9 big, 10 small. */
	queue_nop(&ring, 4, true);
	queue_nop(&ring, 5, true);
	queue_nop(&ring, 6, false);
	submit(&ring, 3);
	memset(out, 0xaa, sizeof(out));
	t_eq(uringx_copy_cqes(&ring, out, 1, 0), 1);
	t_copied(&out[0], 4, 0, IORING_CQE_F_32);
	t_eq(out[2].user_data, UNTOUCHED);
	/* Waiting for 2 CQEs: the two there, not the padding before them. */
	t_eq(uringx_copy_cqes(&ring, out, ENTRIES, 2), 2);
	t_copied(&out[0], 5, 0, IORING_CQE_F_32);
	t_copied(&out[2], 6, 0, 0);
	t_eq(out[3].user_data, UNTOUCHED);
	t_eq(*ring.cq.khead, 11);

	/*
	 * Slots 11-12 big, 13 a timeout's CQE some 20 ms later: waiting for
	 * two CQEs is not done when two slots are.
	 */
	queue_nop(&ring, 7, true);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	io_uring_sqe_set_data64(sqe, 8);
	submit(&ring, 2);
	memset(out, 0xaa, sizeof(out));
	t_eq(uringx_copy_cqes(&ring, out, ENTRIES, 2), 2);
	t_copied(&out[0], 7, 0, IORING_CQE_F_32);
	t_copied(&out[2], 8, -ETIME, 0);
	t_eq(out[3].user_data, UNTOUCHED);
	t_expect_no_cqe(&ring, 0);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;
	int fds;

	t_ring_init(&ring, 2, 0);
	io_uring_queue_exit(&ring);
	fds = t_count_fds();

	plain_ring();
	internal_timeout();
	cqe32_ring();
	mixed_ring();

	t_eq(t_count_fds(), fds);
	return T_PASS;
}
