/* SPDX-License-Identifier: MIT */
/*
 * uringx_get_sqes() hands out a whole chain or nothing, so a linked chain
 * is never half-queued when the SQ fills; uringx_unget_sqes() takes
 * unsubmitted SQEs back. (uringx_copy_cqes(): test/ext-copy-cqes.c.)
 */
#include "helpers.h"
#include "liburing/ext.h"

#define ENTRIES	8

static void t_prep_chain(struct io_uring_sqe **sqes, unsigned int nr,
			 __u64 first)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		io_uring_prep_nop(sqes[i]);
		io_uring_sqe_set_data64(sqes[i], first + i);
		if (i + 1 < nr)
			sqes[i]->flags |= IOSQE_IO_LINK;
	}
}

static __u64 next[3];

/*
 * Reap nr CQEs of chains 100.. and 200..: the chains may interleave, but
 * within one chain the links complete in order.
 */
static void t_reap_chains(struct io_uring *ring, unsigned int nr)
{
	struct io_uring_cqe *cqe;
	unsigned int i, chain;

	next[1] = 100;
	next[2] = 200;
	for (i = 0; i < nr; i++) {
		t_eq(io_uring_wait_cqe_nr(ring, &cqe, 1), 0);
		chain = (unsigned int) (cqe->user_data / 100);
		t_assert(chain == 1 || chain == 2, "user_data %llu",
			 (unsigned long long) cqe->user_data);
		t_eq(cqe->user_data, next[chain]);
		t_eq(cqe->res, 0);
		t_eq(cqe->flags, 0);
		next[chain]++;
		io_uring_cqe_seen(ring, cqe);
	}
	t_expect_no_cqe(ring, 0);
}

static void all_or_nothing(void)
{
	struct io_uring_sqe *sqes[ENTRIES + 1];
	struct io_uring ring;
	unsigned int i;

	t_ring_init(&ring, ENTRIES, 0);

	t_eq(uringx_get_sqes(&ring, sqes, 3), 0);
	t_eq(io_uring_sq_ready(&ring), 3);
	/* SQEs are distinct, in ring order, and cleared. */
	for (i = 0; i < 3; i++) {
		t_assert(sqes[i] == &ring.sq.sqes[i], "SQE %u slot", i);
		t_eq(sqes[i]->flags, 0);
	}
	t_prep_chain(sqes, 3, 100);

	/* 6 more do not fit in the 5 left: nothing is taken. */
	t_eq(uringx_get_sqes(&ring, sqes, 6), -EAGAIN);
	t_eq(io_uring_sq_ready(&ring), 3);
	t_eq(io_uring_sq_space_left(&ring), ENTRIES - 3);

	t_eq(uringx_get_sqes(&ring, sqes, 5), 0);
	t_prep_chain(sqes, 5, 200);
	t_eq(io_uring_sq_space_left(&ring), 0);
	t_assert(!io_uring_get_sqe(&ring), "SQ full but got an SQE");
	t_eq(uringx_get_sqes(&ring, sqes, 1), -EAGAIN);

	t_eq(io_uring_submit(&ring), ENTRIES);
	t_reap_chains(&ring, ENTRIES);
	t_eq(next[1], 103);
	t_eq(next[2], 205);

	/* Bad input. */
	t_eq(uringx_get_sqes(&ring, sqes, 0), -EINVAL);
	t_eq(uringx_get_sqes(&ring, sqes, ENTRIES + 1), -EINVAL);
	t_eq(uringx_get_sqes(NULL, sqes, 1), -EFAULT);
	t_eq(uringx_get_sqes(&ring, NULL, 1), -EFAULT);
	t_eq(io_uring_sq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
}

/*
 * Chains of every length pushed through a small ring: whenever a chain
 * does not fit, what is queued is submitted first. A failing head must
 * cancel exactly the rest of its own chain, which proves every chain
 * reached the kernel whole.
 */
static void chains_under_pressure(void)
{
	struct io_uring_sqe *sqes[ENTRIES];
	struct io_uring ring;
	unsigned int round, len, i, expect = 0;
	static char byte;
	__u64 ud = 0;
	int ret;

	t_ring_init(&ring, ENTRIES, 0);
	for (round = 0; round < 200; round++) {
		len = 1 + (round * 7) % ENTRIES;
		ret = uringx_get_sqes(&ring, sqes, len);
		if (ret == -EAGAIN) {
			unsigned int queued = io_uring_sq_ready(&ring);

			t_assert(queued + len > ENTRIES, "room but -EAGAIN");
			t_eq(io_uring_submit(&ring), queued);
			ret = uringx_get_sqes(&ring, sqes, len);
		}
		t_eq(ret, 0);
		/*
		 * Each chain: a head that fails (a read of descriptor -1,
		 * which every kernel refuses), then links that cancel.
		 */
		for (i = 0; i < len; i++) {
			if (i)
				io_uring_prep_nop(sqes[i]);
			else
				io_uring_prep_read(sqes[i], -1, &byte, 1, 0);
			io_uring_sqe_set_data64(sqes[i], ud + i);
			if (i + 1 < len)
				sqes[i]->flags |= IOSQE_IO_LINK;
		}
		t_eq(io_uring_submit(&ring), len);
		t_expect_cqe(&ring, ud, -EBADF, 0, 1000);
		for (i = 1; i < len; i++)
			t_expect_cqe(&ring, ud + i, -ECANCELED, 0, 1000);
		ud += len;
		expect += len;
	}
	t_expect_no_cqe(&ring, 0);
	t_assert(expect > ENTRIES * 50, "too few requests");
	io_uring_queue_exit(&ring);
}

static void unget(void)
{
	struct io_uring_sqe *sqes[ENTRIES];
	struct io_uring ring;

	t_ring_init(&ring, ENTRIES, 0);
	t_eq(uringx_get_sqes(&ring, sqes, 4), 0);
	t_eq(uringx_unget_sqes(&ring, 5), -EINVAL);
	t_eq(uringx_unget_sqes(&ring, 3), 0);
	t_eq(io_uring_sq_ready(&ring), 1);
	io_uring_prep_nop(sqes[0]);
	io_uring_sqe_set_data64(sqes[0], 9);
	t_eq(io_uring_submit(&ring), 1);
	/* Submitted SQEs are the kernel's: none can come back. */
	t_eq(uringx_unget_sqes(&ring, 1), -EINVAL);
	t_eq(uringx_unget_sqes(&ring, 0), 0);
	t_eq(uringx_unget_sqes(NULL, 0), -EFAULT);
	t_expect_cqe(&ring, 9, 0, 0, 1000);
	t_expect_no_cqe(&ring, 0);
	io_uring_queue_exit(&ring);
}

static void sqe128(void)
{
	struct io_uring_sqe *sqes[2];
	struct io_uring ring;

	t_ring_init(&ring, ENTRIES, IORING_SETUP_SQE128);
	t_eq(uringx_get_sqes(&ring, sqes, 2), 0);
	t_eq((char *) sqes[1] - (char *) sqes[0], 128);
	t_prep_chain(sqes, 2, 1);
	t_eq(io_uring_submit(&ring), 2);
	t_expect_cqe(&ring, 1, 0, 0, 1000);
	t_expect_cqe(&ring, 2, 0, 0, 1000);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct io_uring ring;
	int fds;

	t_ring_init(&ring, 2, 0);
	io_uring_queue_exit(&ring);
	fds = t_count_fds();

	all_or_nothing();
	chains_under_pressure();
	unget();
	sqe128();

	t_eq(t_count_fds(), fds);
	return T_PASS;
}
