/* SPDX-License-Identifier: MIT */
/*
 * io_uring futexes: futex_wait (no wait when the value differs), a waiter
 * woken through the ring, futex_waitv reporting which futex woke it, and
 * the errors.
 */
#include <linux/futex.h>

#include "op-util.h"

#ifndef FUTEX2_SIZE_U32
#define FUTEX2_SIZE_U32		0x02
#endif
#ifndef FUTEX2_PRIVATE
#define FUTEX2_PRIVATE		128
#endif

#define U32_PRIVATE	(FUTEX2_SIZE_U32 | FUTEX2_PRIVATE)

static uint32_t word1, word2;

static void wait_wake(void)
{
	struct io_uring_cqe cqe;
	int i;

	/* The value differs: no wait at all. */
	word1 = 1;
	t_eq(RUN_OR_SKIP("io_uring futexes",
			 io_uring_prep_futex_wait(sqe_, &word1, 0,
						  FUTEX_BITSET_MATCH_ANY,
						  U32_PRIVATE, 0)), -EAGAIN);

	/* A waiter, woken through the ring; wake reports one woken. */
	io_uring_prep_futex_wait(t_queue(8), &word1, 1, FUTEX_BITSET_MATCH_ANY,
				 U32_PRIVATE, 0);
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);
	io_uring_prep_futex_wake(t_queue(9), &word1, 1, FUTEX_BITSET_MATCH_ANY,
				 U32_PRIVATE, 0);
	t_submit(&ring, 1);
	for (i = 0; i < 2; i++) {
		cqe = t_wait_cqe(&ring, T_WAIT_MS);
		t_eq(cqe.flags, 0);
		t_eq(cqe.res, cqe.user_data == 8 ? 0 : 1);
	}
	t_eq(RUN(io_uring_prep_futex_wake(sqe_, &word1, 1,
					  FUTEX_BITSET_MATCH_ANY,
					  U32_PRIVATE, 0)), 0);
	/* An empty mask; an operation flag the kernel does not define. */
	t_eq(RUN(io_uring_prep_futex_wait(sqe_, &word1, 1, 0,
					  FUTEX2_SIZE_U32, 0)), -EINVAL);
	t_eq(RUN(io_uring_prep_futex_wait(sqe_, &word1, 1,
					  FUTEX_BITSET_MATCH_ANY,
					  FUTEX2_SIZE_U32, 1)), -EINVAL);
}

/* waitv: res is the index of the futex that was woken. */
static void waitv(void)
{
	struct futex_waitv wv[2];

	word1 = 1;
	word2 = 5;
	memset(wv, 0, sizeof(wv));
	wv[0].uaddr = (uintptr_t) &word1;
	wv[0].val = 1;
	wv[0].flags = U32_PRIVATE;
	wv[1].uaddr = (uintptr_t) &word2;
	wv[1].val = 5;
	wv[1].flags = U32_PRIVATE;
	io_uring_prep_futex_waitv(t_queue(10), wv, 2, 0);
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);
	t_eq(RUN(io_uring_prep_futex_wake(sqe_, &word2, 1,
					  FUTEX_BITSET_MATCH_ANY,
					  U32_PRIVATE, 0)), 1);
	t_expect_cqe(&ring, 10, 1, 0, T_WAIT_MS);
	t_eq(RUN(io_uring_prep_futex_waitv(sqe_, wv, 0, 0)), -EINVAL);
}

int main(void)
{
	t_op_begin();
	wait_wake();
	waitv();
	return t_op_end();
}
