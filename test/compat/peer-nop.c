/* SPDX-License-Identifier: MIT */
/*
 * Built against the SYSTEM's liburing headers and library (Debian's
 * liburing 2.3), then run with LD_LIBRARY_PATH pointing at ours: the
 * binary-compatibility check driven by test/compat-peer.c.
 *
 * Prints the path of the library that actually served the calls, then
 * "ok" once every check passed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <liburing.h>

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("check failed: %s (line %d)\n", #cond,	\
			       __LINE__);				\
			return 1;					\
		}							\
	} while (0)

int main(void)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };
	struct io_uring_cqe *cqes[16], *cqe;
	struct io_uring ring;
	Dl_info info;
	unsigned int i;
	int ret;

	CHECK(dladdr((void *) io_uring_queue_init, &info));
	printf("library: %s\n", info.dli_fname);

	CHECK(io_uring_queue_init(8, &ring, 0) == 0);

	/* One at a time, through the inline helpers of the old header. */
	for (i = 0; i < 20; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		CHECK(sqe);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 100 + i);
		CHECK(io_uring_submit_and_wait(&ring, 1) == 1);
		CHECK(io_uring_wait_cqe(&ring, &cqe) == 0);
		CHECK(cqe->user_data == 100 + i && cqe->res == 0 &&
		      cqe->flags == 0);
		io_uring_cqe_seen(&ring, cqe);
	}

	/* A full SQ, reaped in a batch. */
	for (i = 0; i < 8; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		CHECK(sqe);
		io_uring_prep_nop(sqe);
		sqe->user_data = i;
	}
	CHECK(io_uring_get_sqe(&ring) == NULL);
	CHECK(io_uring_submit(&ring) == 8);
	CHECK(io_uring_wait_cqe_nr(&ring, &cqe, 8) == 0);
	CHECK(io_uring_peek_batch_cqe(&ring, cqes, 16) == 8);
	for (i = 0; i < 8; i++)
		CHECK(cqes[i]->user_data == i);
	io_uring_cq_advance(&ring, 8);

	ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
	CHECK(ret == -ETIME);
	CHECK(io_uring_peek_cqe(&ring, &cqe) == -EAGAIN);

	io_uring_queue_exit(&ring);
	printf("ok\n");
	return 0;
}
