/* SPDX-License-Identifier: MIT */
/*
 * Waits with a minimum timeout (IORING_FEAT_MIN_TIMEOUT, Linux 6.12): a
 * wait for 8 completions returns once min_wait has passed if at least one
 * CQE is there, rather than holding out for all 8 until the full timeout.
 * With none there it waits for the first, up to the full timeout.
 */
#include "mode-util.h"

#define MIN_US		50000
#define FULL_MS		2000

static void fewer_after_min(struct io_uring *ring, bool submit_variant)
{
	struct __kernel_timespec ts = t_ts_ms(FULL_MS);
	struct io_uring_cqe *cqe;
	long long start, took;
	int ret;

	t_queue_nop(ring, 1);
	t_queue_nop(ring, 2);
	start = t_now_us();
	if (submit_variant) {
		ret = io_uring_submit_and_wait_min_timeout(ring, &cqe, 8, &ts,
							   MIN_US, NULL);
		t_eq(ret, 2);
	} else {
		t_eq(io_uring_submit(ring), 2);
		ret = io_uring_wait_cqes_min_timeout(ring, &cqe, 8, &ts,
						     MIN_US, NULL);
		t_eq(ret, 0);
	}
	took = t_now_us() - start;
	t_assert(took >= MIN_US - 1000, "returned after %lld us", took);
	t_assert(took < FULL_MS * 1000 / 2, "returned after %lld us", took);
	t_check_cqe(cqe, 1, 0, 0);
	t_eq(io_uring_cq_ready(ring), 2);
	t_reap(ring, 1, 0);
	t_reap(ring, 2, 0);
}

static void none_until_full(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(150);
	struct io_uring_cqe *cqe;
	long long start, took;

	start = t_now_us();
	t_eq(io_uring_wait_cqes_min_timeout(ring, &cqe, 8, &ts, MIN_US, NULL),
	     -ETIME);
	took = t_now_us() - start;
	t_assert(took >= 149000, "gave up after %lld us", took);
}

int main(void)
{
	struct __kernel_timespec ts = t_ts_ms(10);
	struct io_uring_cqe *cqe;
	struct io_uring ring;

	t_ring_init(&ring, 8, 0);
	if (!(ring.features & IORING_FEAT_MIN_TIMEOUT))
		t_skip("no IORING_FEAT_MIN_TIMEOUT (Linux 6.12)");
	fewer_after_min(&ring, false);
	fewer_after_min(&ring, true);
	none_until_full(&ring);
	io_uring_queue_exit(&ring);

	t_ring_init(&ring, 8, IORING_SETUP_SINGLE_ISSUER |
		    IORING_SETUP_DEFER_TASKRUN);
	fewer_after_min(&ring, false);
	fewer_after_min(&ring, true);

	/*
	 * As if the kernel lacked the feature: both variants refuse, with
	 * or without a minimum or a timeout, as liburing 2.15 does.
	 */
	ring.features &= ~IORING_FEAT_MIN_TIMEOUT;
	t_eq(io_uring_submit_and_wait_min_timeout(&ring, &cqe, 1, &ts, MIN_US,
						  NULL), -EINVAL);
	t_eq(io_uring_wait_cqes_min_timeout(&ring, &cqe, 1, &ts, MIN_US, NULL),
	     -EINVAL);
	t_eq(io_uring_wait_cqes_min_timeout(&ring, &cqe, 1, &ts, 0, NULL),
	     -EINVAL);
	t_eq(io_uring_wait_cqes_min_timeout(&ring, &cqe, 1, NULL, MIN_US,
					    NULL), -EINVAL);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
