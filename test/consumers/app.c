/* SPDX-License-Identifier: MIT */
/*
 * The program the consumer projects in test/consumers/ build against an
 * installed liburing: a nop round trip, then the library's version.
 */
#include <stdio.h>
#include <liburing.h>
int main(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;

	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	if (io_uring_submit_and_wait(&ring, 1) != 1 ||
	    io_uring_wait_cqe(&ring, &cqe) || cqe->res)
		return 1;
	io_uring_cqe_seen(&ring, cqe);
	io_uring_queue_exit(&ring);
	printf("ok %d.%d\n", io_uring_major_version(),
	       io_uring_minor_version());
	return 0;
}
