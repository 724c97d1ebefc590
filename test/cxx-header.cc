/* SPDX-License-Identifier: MIT */
/*
 * <liburing.h> from C++: compiles warning-free as C++11 and the inline
 * helpers work (a nop and a sync message round trip).
 */
#include <cstring>
#include "liburing.h"
#include "helpers.h"

int main()
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_sqe msg;
	struct io_uring_cqe *cqe;

	t_ring_init(&ring, 4, 0);
	sqe = io_uring_get_sqe(&ring);
	t_assert(sqe != nullptr, "no sqe");
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, 42);
	t_eq(io_uring_submit_and_wait(&ring, 1), 1);
	t_eq(io_uring_wait_cqe(&ring, &cqe), 0);
	t_eq(cqe->user_data, 42);
	t_eq(cqe->res, 0);
	io_uring_cqe_seen(&ring, cqe);

	std::memset(&msg, 0, sizeof(msg));
	io_uring_prep_msg_ring(&msg, ring.ring_fd, 3, 4, 0);
	int ret = io_uring_register_sync_msg(&msg);
	if (ret == -EINVAL)
		t_skip("no IORING_REGISTER_SEND_MSG_RING");
	t_eq(ret, 0);
	t_expect_cqe(&ring, 4, 3, 0, 1000);
	io_uring_queue_exit(&ring);
	return T_PASS;
}
