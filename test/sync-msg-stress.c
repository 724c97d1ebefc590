/* SPDX-License-Identifier: MIT */
/*
 * 8 threads each send 10,000 sync messages into one ring whose CQ holds 8
 * entries, while one reaper drains it. The CQ overflows constantly; every
 * message must still arrive exactly once, and in order per sender.
 */
#include <pthread.h>
#include <string.h>

#include "helpers.h"

#define SENDERS		8
#define PER_SENDER	10000

static struct io_uring ring;
static int failed_ret;

static void *sender(void *arg)
{
	unsigned int id = (unsigned int) (uintptr_t) arg;
	struct io_uring_sqe sqe;
	unsigned int seq;
	int ret;

	for (seq = 0; seq < PER_SENDER; seq++) {
		memset(&sqe, 0, sizeof(sqe));
		io_uring_prep_msg_ring(&sqe, ring.ring_fd, id,
				       ((__u64) id << 32) | seq, 0);
		/*
		 * The kernel answers -EOVERFLOW only when it could not even
		 * queue the CQE on its overflow list: then nothing was
		 * posted and sending again is the right thing.
		 */
		do {
			ret = io_uring_register_sync_msg(&sqe);
		} while (ret == -EOVERFLOW || ret == -ENOMEM);
		if (ret) {
			__atomic_store_n(&failed_ret, ret, __ATOMIC_RELAXED);
			break;
		}
	}
	return NULL;
}

int main(void)
{
	static unsigned int next_seq[SENDERS];
	struct io_uring_params p;
	pthread_t threads[SENDERS];
	unsigned int received = 0, overflowed = 0, i;
	int ret;

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 8;
	t_ring_init_params(&ring, 4, &p);
	t_eq(ring.cq.ring_entries, 8);

	{
		struct io_uring_sqe sqe;

		memset(&sqe, 0, sizeof(sqe));
		io_uring_prep_msg_ring(&sqe, ring.ring_fd, 0, 0, 0);
		ret = io_uring_register_sync_msg(&sqe);
		if (ret == -EINVAL)
			t_skip("no IORING_REGISTER_SEND_MSG_RING (Linux 6.13)");
		t_eq(ret, 0);
		t_expect_cqe(&ring, 0, 0, 0, 1000);
	}

	for (i = 0; i < SENDERS; i++)
		t_assert(!pthread_create(&threads[i], NULL, sender,
					 (void *) (uintptr_t) i), "thread");

	while (received < SENDERS * PER_SENDER) {
		struct __kernel_timespec ts = { .tv_sec = 5 };
		struct io_uring_cqe *cqe;
		unsigned int head, seen = 0;

		overflowed += io_uring_cq_has_overflow(&ring);
		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		if (ret == -ETIME)
			t_fail("stalled after %u messages (sender error %d)",
			       received, failed_ret);
		t_eq(ret, 0);

		io_uring_for_each_cqe(&ring, head, cqe) {
			unsigned int id = cqe->user_data >> 32;
			unsigned int seq = (unsigned int) cqe->user_data;

			t_assert(id < SENDERS, "bad sender %u", id);
			t_eq(cqe->res, id);
			t_eq(cqe->flags, 0);
			if (seq != next_seq[id])
				t_fail("sender %u: got seq %u, expected %u",
				       id, seq, next_seq[id]);
			next_seq[id]++;
			seen++;
		}
		io_uring_cq_advance(&ring, seen);
		received += seen;
	}

	for (i = 0; i < SENDERS; i++)
		pthread_join(threads[i], NULL);
	t_eq(failed_ret, 0);
	/* The point of the exercise: the CQ really did overflow. */
	t_assert(overflowed > 0, "the CQ never overflowed");
	for (i = 0; i < SENDERS; i++)
		t_eq(next_seq[i], PER_SENDER);
	t_expect_no_cqe(&ring, 10);
	t_assert(!io_uring_cq_has_overflow(&ring), "overflow left behind");
	io_uring_queue_exit(&ring);
	return T_PASS;
}
