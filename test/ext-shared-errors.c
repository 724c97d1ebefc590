/* SPDX-License-Identifier: MIT */
/*
 * uringx_shared: bad input is a clear -errno, never a crash: NULL and
 * foreign pointers, stale and made-up handles, a handle waited for twice,
 * refused ring flags, multishot requests, a full slot table, a timed-out
 * wait, and every call after shutdown. Also: a ring of 32-byte CQEs.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include "shared-util.h"

static const struct __kernel_timespec ms10 = { .tv_nsec = 10000000 };

static void refused_flags(void)
{
	static const unsigned int flags[] = {
		IORING_SETUP_SINGLE_ISSUER,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_COOP_TASKRUN,
	};
	struct uringx_shared *sh = NULL;
	unsigned int i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		struct io_uring ring;
		struct io_uring_params p = { .flags = flags[i] };

		if (io_uring_queue_init_params(8, &ring, &p))
			continue;	/* the kernel lacks the flag */
		t_eq(uringx_shared_new(&ring, 0, 0, &sh), -EINVAL);
		io_uring_queue_exit(&ring);
	}
}

/* A ring of 32-byte CQEs: the completion carries the second half. */
static void big_cqes(void)
{
	struct io_uring_params p = { .flags = IORING_SETUP_CQE32 };
	struct uringx_completion c;
	struct uringx_shared *sh;
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	__u64 req;

	if (io_uring_queue_init_params(8, &ring, &p))
		return;		/* the kernel lacks CQE32 */
	t_eq(uringx_shared_new(&ring, 0, 0, &sh), 0);
	t_eq(uringx_shared_get_sqes(sh, &sqe, &req, 1, NULL), 0);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 32);
	t_eq(uringx_shared_submit(sh, &req, 1, 0), 0);
	memset(&c, 0xff, sizeof(c));
	t_eq(uringx_shared_wait(sh, req, &c, NULL), 0);
	t_eq(c.user_data, 32);
	t_eq(c.res, 0);
	t_eq(c.flags, 0);
	t_eq(c.big_cqe[0], 0);
	t_eq(c.big_cqe[1], 0);
	t_eq(uringx_shared_free(sh), 0);
	t_eq(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	struct uringx_shared *sh, *fake_sh;
	static unsigned long fake_mem[64];
	struct uringx_completion c;
	struct uringx_shared_stats st;
	struct io_uring_sqe *sqes[8];
	struct io_uring ring;
	__u64 reqs[8], req;

	refused_flags();
	big_cqes();
	t_ring_init(&ring, 8, 0);
	t_eq(uringx_shared_new(NULL, 0, 0, &sh), -EFAULT);
	t_eq(uringx_shared_new(&ring, 0, 0, NULL), -EFAULT);
	t_eq(uringx_shared_new(&ring, 0, 1U << 31, &sh), -EINVAL);
	t_eq(uringx_shared_new(&ring, 1U << 30, 0, &sh), -EINVAL);
	t_shared_new(&ring, 4, 0, &sh);

	/* Not a uringx_shared at all. */
	fake_sh = (struct uringx_shared *) fake_mem;
	t_eq(uringx_shared_get_sqes(NULL, sqes, reqs, 1, NULL), -EINVAL);
	t_eq(uringx_shared_get_sqes(fake_sh, sqes, reqs, 1, NULL), -EINVAL);
	t_eq(uringx_shared_submit(fake_sh, reqs, 1, 0), -EINVAL);
	t_eq(uringx_shared_wait(fake_sh, 1, &c, NULL), -EINVAL);
	t_eq(uringx_shared_dispatch(NULL, NULL), -EINVAL);
	t_eq(uringx_shared_unget(NULL, reqs, 1), -EINVAL);
	t_eq(uringx_shared_set_callback(NULL, 1, NULL, NULL), -EINVAL);
	t_eq(uringx_shared_get_stats(NULL, &st), -EINVAL);
	t_eq(uringx_shared_shutdown(NULL), -EINVAL);
	t_eq(uringx_shared_free(NULL), -EINVAL);
	t_eq(uringx_shared_free(fake_sh), -EINVAL);

	/* NULL arrays, zero and oversized counts, bad timeouts. */
	t_eq(uringx_shared_get_sqes(sh, NULL, reqs, 1, NULL), -EFAULT);
	t_eq(uringx_shared_get_sqes(sh, sqes, NULL, 1, NULL), -EFAULT);
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 0, NULL), -EINVAL);
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 5, NULL), -EINVAL);
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 1,
		&(struct __kernel_timespec) { .tv_nsec = -1 }), -EINVAL);
	t_eq(uringx_shared_submit(sh, NULL, 1, 0), -EFAULT);
	t_eq(uringx_shared_wait(sh, 1, NULL, NULL), -EFAULT);
	t_eq(uringx_shared_get_stats(sh, NULL), -EFAULT);

	/* Made-up handles: 0, out of range, wrong generation. */
	t_eq(uringx_shared_wait(sh, 0, &c, NULL), -ENOENT);
	t_eq(uringx_shared_wait(sh, 99, &c, NULL), -ENOENT);
	t_eq(uringx_shared_wait(sh, (7ULL << 32) | 1, &c, NULL), -ENOENT);
	req = 1;
	t_eq(uringx_shared_submit(sh, &req, 1, 0), -ENOENT);

	/*
	 * All or none: 2 asked with 1 free gives -EAGAIN, and the handle
	 * the failed call left in reqs[0] claims nothing.
	 */
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 3, NULL), 0);
	t_eq(uringx_shared_get_sqes(sh, sqes + 3, reqs + 3, 2, NULL), -EAGAIN);
	io_uring_prep_nop(sqes[3]);
	t_eq(uringx_shared_submit(sh, reqs + 3, 1, 0), -ENOENT);
	t_eq(uringx_shared_unget(sh, reqs, 3), 0);

	/* The slot table is full: -EAGAIN at once, or after a wait. */
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 4, NULL), 0);
	t_eq(uringx_shared_get_sqes(sh, sqes + 4, reqs + 4, 1, NULL), -EAGAIN);
	t_eq(uringx_shared_get_sqes(sh, sqes + 4, reqs + 4, 1, &ms10),
	     -EAGAIN);
	/* Reserved, not submitted: cannot be waited for. */
	t_eq(uringx_shared_wait(sh, reqs[0], &c, NULL), -EINVAL);
	/* The same handle twice in one submit. */
	io_uring_prep_nop(sqes[0]);
	io_uring_prep_nop(sqes[1]);
	reqs[4] = reqs[3];
	t_eq(uringx_shared_submit(sh, reqs + 3, 2, 0), -EINVAL);
	t_eq(uringx_shared_submit(sh, reqs, 1, 1U << 30), -EINVAL);

	/* Multishot is refused, and the reservation stays usable. */
	io_uring_prep_poll_multishot(sqes[2], 0, POLLIN);
	t_eq(uringx_shared_submit(sh, &reqs[2], 1, 0), -EINVAL);
	io_uring_prep_nop(sqes[2]);
	io_uring_prep_timeout(sqes[3], &(struct __kernel_timespec)
			      { .tv_sec = 30 }, 0, 0);
	io_uring_sqe_set_data64(sqes[3], 33);

	/* Give one back; its handle goes stale. */
	t_eq(uringx_shared_unget(sh, &reqs[1], 1), 0);
	t_eq(uringx_shared_unget(sh, &reqs[1], 1), -ENOENT);
	t_eq(uringx_shared_submit(sh, &reqs[1], 1, 0), -ENOENT);

	/* A NOP: waited for once, then the handle is stale. */
	io_uring_sqe_set_data64(sqes[0], 0xabcdef);
	t_eq(uringx_shared_submit(sh, &reqs[0], 1, 0), 0);
	t_eq(uringx_shared_submit(sh, &reqs[0], 1, 0), -EINVAL);
	t_eq(uringx_shared_set_callback(sh, reqs[0], NULL, NULL), -EINVAL);
	t_eq(uringx_shared_wait(sh, reqs[0], &c, NULL), 0);
	t_eq(c.user_data, 0xabcdef);
	t_eq(c.res, 0);
	t_eq(c.flags, 0);
	t_eq(uringx_shared_wait(sh, reqs[0], &c, NULL), -ENOENT);

	/* A 30 s timeout: a short wait times out, the request stays. */
	t_eq(uringx_shared_submit(sh, &reqs[3], 1, 0), 0);
	t_eq(uringx_shared_wait(sh, reqs[3], &c, &ms10), -ETIME);
	t_eq(uringx_shared_wait(sh, reqs[3], &c, &ms10), -ETIME);

	/* Shutdown cancels it; new work is refused. */
	t_eq(uringx_shared_shutdown(sh), 0);
	t_eq(uringx_shared_shutdown(sh), 0);
	t_eq(uringx_shared_wait(sh, reqs[3], &c, NULL), 0);
	t_eq(c.user_data, 33);
	t_eq(c.res, -ECANCELED);
	t_eq(uringx_shared_get_sqes(sh, sqes, reqs, 1, NULL), -ESHUTDOWN);
	t_eq(uringx_shared_submit(sh, &reqs[2], 1, 0), -ESHUTDOWN);
	t_eq(uringx_shared_dispatch(sh, &ms10), -ESHUTDOWN);
	t_eq(uringx_shared_get_stats(sh, &st), 0);
	t_eq(st.sqes, 2);
	t_eq(st.cqes, 2);
	t_eq(st.stray, 0);
	t_eq(uringx_shared_free(sh), 0);
	t_eq(io_uring_cq_ready(&ring), 0);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
