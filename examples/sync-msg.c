/* SPDX-License-Identifier: MIT */
/*
 * Post a completion into a ring from outside it: no source ring needed.
 *
 *   ./examples/sync-msg
 *
 * Prints the CQE the ring received. Needs Linux 6.13 or later: before it,
 * says so and exits 77.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <liburing.h>

int main(void)
{
	struct io_uring_sqe sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init(8, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "queue_init: %s\n", strerror(-ret));
		return 1;
	}

	/* The SQE lives on the stack: zero it, then describe the message. */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, ring.ring_fd, 42, 0xfeedULL, 0);
	ret = io_uring_register_sync_msg(&sqe);
	if (ret < 0) {
		/*
		 * Before 6.13 the kernel has no ring-less registration: it
		 * takes -1 for a bad ring descriptor (-EBADF), or the
		 * opcode for unknown (-EINVAL). 77: the "skipped" status of
		 * test harnesses.
		 */
		bool old_kernel = ret == -EBADF || ret == -EINVAL;

		fprintf(stderr, "sync_msg: %s%s\n", strerror(-ret),
			old_kernel ? " (needs Linux 6.13)" : "");
		io_uring_queue_exit(&ring);
		return old_kernel ? 77 : 1;
	}

	/* The message arrives as an ordinary CQE: res = len, data = data. */
	ret = io_uring_wait_cqe(&ring, &cqe);
	if (ret < 0) {
		fprintf(stderr, "wait_cqe: %s\n", strerror(-ret));
		io_uring_queue_exit(&ring);
		return 1;
	}
	printf("res=%d user_data=0x%llx flags=0x%x\n", cqe->res,
	       (unsigned long long) cqe->user_data, cqe->flags);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	return 0;
}
