/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared: more requests in flight than the CQ holds. The kernel
 * keeps the CQEs that did not fit (IORING_FEAT_NODROP) and the layer
 * brings every one home: 256 timeouts of 1 ms through a ring of 8 CQEs,
 * each handed to its waiter with its own user_data, none lost, none
 * twice. The timeouts all fire while nobody is in the layer (a NOP's CQE
 * would be sorted by its own submitter at once), so most of them land
 * in the kernel's overflow list. Once on a plain ring, once on an SQPOLL
 * one.
 */
#include <errno.h>
#include <time.h>

#include "shared-util.h"

#define NR	256

static bool overflowed_once;

/* One run on a ring set up with flags; false when SQPOLL is refused. */
static bool run(unsigned int flags)
{
	struct __kernel_timespec ms = { .tv_nsec = 1000000 };
	struct io_uring_params p = { .flags = flags, .sq_thread_idle = 10 };
	struct uringx_shared_stats st;
	struct uringx_completion c;
	struct uringx_shared *sh;
	struct io_uring_sqe *sqes[4];
	static __u64 reqs[NR];
	struct io_uring ring;
	unsigned int i, j;
	int ret;

	ret = io_uring_queue_init_params(4, &ring, &p);
	if (ret && (flags & IORING_SETUP_SQPOLL))
		return false;
	t_eq(ret, 0);
	if (!(p.features & IORING_FEAT_NODROP))
		t_skip("the kernel lacks IORING_FEAT_NODROP");
	t_shared_new(&ring, NR, 0, &sh);

	for (i = 0; i < NR; i += 4) {
		t_eq(uringx_shared_get_sqes(sh, sqes, reqs + i, 4, NULL), 0);
		for (j = 0; j < 4; j++) {
			io_uring_prep_timeout(sqes[j], &ms, 0, 0);
			io_uring_sqe_set_data64(sqes[j], 1000 + i + j);
		}
		t_eq(uringx_shared_submit(sh, reqs + i, 4, 0), 0);
	}
	/* Until the CQ overflows, 2 s at most (slow emulated machines). */
	for (i = 0; i < 200; i++) {
		if (IO_URING_READ_ONCE(*ring.sq.kflags) & IORING_SQ_CQ_OVERFLOW) {
			overflowed_once = true;
			break;
		}
		nanosleep(&(struct timespec) { .tv_nsec = 10000000 }, NULL);
	}

	/* Waited for from the last: the first ones wait in the kernel. */
	for (i = NR; i-- > 0; ) {
		t_eq(uringx_shared_wait(sh, reqs[i], &c,
			&(struct __kernel_timespec) { .tv_sec = 5 }), 0);
		t_eq(c.user_data, 1000 + i);
		t_eq(c.res, -ETIME);
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
	return true;
}

int main(void)
{
	run(0);
	/* With SQPOLL the kernel's thread submits; the flush is the same. */
	if (!run(IORING_SETUP_SQPOLL))
		t_skip("SQPOLL rings are refused here");
	/* Every CQE came home either way; the point was the overflow. */
	if (!overflowed_once)
		t_skip("the CQ never overflowed on this kernel");
	return T_PASS;
}
