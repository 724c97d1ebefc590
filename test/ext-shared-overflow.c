/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared: more requests in flight than the CQ holds. The kernel
 * keeps the CQEs that did not fit (IORING_FEAT_NODROP) and the layer
 * brings every one home: 256 NOPs through a ring of 8 CQEs, each handed
 * to its waiter with its own user_data, none lost, none twice. The ring
 * is SQPOLL: the kernel's thread posts CQEs while nobody reaps (a plain
 * ring's submitter sorts the CQEs of its enter at once).
 */
#include <errno.h>

#include "helpers.h"
#include "liburing/ext.h"

#define NR	256

int main(void)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SQPOLL,
		.sq_thread_idle = 100,
	};
	struct uringx_shared_stats st;
	struct uringx_completion c;
	struct uringx_shared *sh;
	struct io_uring_sqe *sqes[4];
	static __u64 reqs[NR];
	struct io_uring ring;
	unsigned int i, j;
	bool overflowed;
	int ret;

	t_ring_init_params(&ring, 4, &p);
	if (!(p.features & IORING_FEAT_NODROP))
		t_skip("the kernel lacks IORING_FEAT_NODROP");
	ret = uringx_shared_new(&ring, NR, 0, &sh);
	if (ret == -EOPNOTSUPP)
		t_skip("the kernel lacks IORING_FEAT_EXT_ARG");
	t_eq(ret, 0);

	for (i = 0; i < NR; i += 4) {
		t_eq(uringx_shared_get_sqes(sh, sqes, reqs + i, 4, NULL), 0);
		for (j = 0; j < 4; j++) {
			io_uring_prep_nop(sqes[j]);
			io_uring_sqe_set_data64(sqes[j], 1000 + i + j);
		}
		t_eq(uringx_shared_submit(sh, reqs + i, 4, 0), 0);
	}
	overflowed = IO_URING_READ_ONCE(*ring.sq.kflags) &
		     IORING_SQ_CQ_OVERFLOW;
	t_assert(overflowed, "the CQ never overflowed");

	/* Waited for from the last: the first ones wait in the kernel. */
	for (i = NR; i-- > 0; ) {
		t_eq(uringx_shared_wait(sh, reqs[i], &c,
			&(struct __kernel_timespec) { .tv_sec = 5 }), 0);
		t_eq(c.user_data, 1000 + i);
		t_eq(c.res, 0);
		t_eq(c.flags, 0);
	}
	t_eq(uringx_shared_get_stats(sh, &st), 0);
	t_eq(st.sqes, NR);
	t_eq(st.cqes, NR);
	t_eq(st.stray, 0);
	t_eq(uringx_shared_free(sh), 0);
	t_eq(io_uring_cq_ready(&ring), 0);
	t_assert(!(IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW),
		 "CQEs left in the kernel");
	io_uring_queue_exit(&ring);
	return T_PASS;
}
