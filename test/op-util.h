/* SPDX-License-Identifier: MIT */
/*
 * The frame of a one-feature opcode test (splice-tee.c, futex.c, net-*.c
 * and the like): one plain ring called ring, RUN() for a single request on
 * it, and a check at the end that the test closed every descriptor it
 * opened. A test includes this once, from its .c file: it defines the ring.
 */
#ifndef TEST_OP_UTIL_H
#define TEST_OP_UTIL_H

#include "prep-util.h"

static struct io_uring ring;
static int t_op_fds_before;

/* Run one request on ring (prep_call fills sqe_) and give its cqe->res. */
#define RUN(prep_call)	T_RUN(&ring, prep_call)
/* RUN(), skipping the test (naming what) if the kernel lacks the opcode. */
#define RUN_OR_SKIP(what, prep_call)	T_RUN_SKIP(&ring, what, prep_call)

static inline void t_op_begin(void)
{
	t_op_fds_before = t_count_fds();
	t_ring_init(&ring, 16, 0);
}

/* Skip, naming what, unless IORING_REGISTER_PROBE lists opcode. */
static inline void t_need_opcode(int opcode, const char *what)
{
	struct io_uring_probe *probe = io_uring_get_probe_ring(&ring);
	bool has = probe && io_uring_opcode_supported(probe, opcode);

	io_uring_free_probe(probe);
	if (!has)
		t_skip("kernel lacks %s", what);
}

/* Tear the ring down; every descriptor the test opened must be closed. */
static inline int t_op_end(void)
{
	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), t_op_fds_before);
	return T_PASS;
}

/* An SQE of ring carrying user_data, for requests reaped by hand. */
static inline struct io_uring_sqe *t_queue(__u64 user_data)
{
	struct io_uring_sqe *sqe = t_get_sqe(&ring);

	sqe->user_data = user_data;
	return sqe;
}

/*
 * The request just submitted waits for an event the test has not caused
 * yet, so no CQE may come within 10 ms; then this returns 0. A kernel
 * without the opcode completes it at once with -EINVAL or -EOPNOTSUPP:
 * that code is returned, for the caller to tidy up and skip. Any other
 * early CQE fails the test.
 */
static inline int t_pending_or_unsupported(void)
{
	struct __kernel_timespec ts = { .tv_nsec = 10000000 };
	struct io_uring_cqe *cqe, copy;
	int ret;

	ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
	if (ret == -ETIME)
		return 0;
	t_assert(!ret, "wait_cqe_timeout: %s", strerror(-ret));
	copy = *cqe;
	io_uring_cqe_seen(&ring, cqe);
	if (copy.res == -EINVAL || copy.res == -EOPNOTSUPP)
		return copy.res;
	t_fail("request %llu completed early: res %d, flags 0x%x",
	       (unsigned long long) copy.user_data, copy.res, copy.flags);
}

/* A pipe (close-on-exec) that must be created. */
static inline void t_pipe(int fds[2])
{
	t_assert(!pipe2(fds, O_CLOEXEC), "pipe: %s", strerror(errno));
}

static inline void t_close_pair(const int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

#endif
