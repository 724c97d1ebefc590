/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by the registration tests (register-*.c, buf-ring.c,
 * resize-rings.c). Everything is static: each test includes what it uses.
 */
#ifndef TEST_REGISTER_UTIL_H
#define TEST_REGISTER_UTIL_H

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* An unlinked scratch file, open read-write. */
static inline int t_tmpfile(void)
{
	char path[] = "/tmp/liburing-test-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		t_fail("mkstemp failed");
	unlink(path);
	return fd;
}

/* The next SQE, failing the test if the SQ is full. */
static inline struct io_uring_sqe *t_get_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		t_fail("SQ unexpectedly full");
	return sqe;
}

/* Queue a READ_FIXED/WRITE_FIXED of registered buffer buf_index. */
static inline void t_queue_fixed_rw(struct io_uring *ring, int op, int fd,
				    void *buf, unsigned int len, __u64 off,
				    unsigned int buf_index, __u64 user_data)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);

	io_uring_prep_rw(op, sqe, fd, buf, len, off);
	sqe->buf_index = (__u16) buf_index;
	sqe->user_data = user_data;
}

/* Submit everything queued, failing unless exactly nr went in. */
static inline void t_submit(struct io_uring *ring, int nr)
{
	int ret = io_uring_submit(ring);

	if (ret != nr)
		t_fail("submit returned %d, expected %d", ret, nr);
}

/*
 * A struct io_uring whose descriptor is fd: enough for the register
 * wrappers, which is all it is used for (bad descriptor tests).
 */
static inline void t_fake_ring(struct io_uring *ring, int fd)
{
	memset(ring, 0, sizeof(*ring));
	ring->ring_fd = ring->enter_ring_fd = fd;
}

/* A descriptor number that is certainly not open. */
static inline int t_closed_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd < 0)
		t_fail("cannot get a descriptor");
	close(fd);
	return fd;
}

#endif
