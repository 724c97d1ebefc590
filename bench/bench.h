/* SPDX-License-Identifier: MIT */
/*
 * What every benchmark program shares.
 *
 * A benchmark is one source built several ways (see bench/Makefile):
 *   BENCH_OURS  against this tree's include/ and src/liburing.a
 *   BENCH_PEER  against the system's liburing (Debian's 2.3)
 *   BENCH_V215  against liburing 2.15 (Debian unstable's, static)
 *   BENCH_RAW   against raw.h, a hand-driven ring with no library
 *
 * The program defines bench_setup(), bench_run() and bench_teardown() and
 * gets main() from here:
 *
 *   prog OPS [ARGS...]
 *
 * sets up, warms up, then times bench_run() over OPS operations (rounded up
 * to whole steps) with CLOCK_MONOTONIC and prints one line:
 *
 *   ns_per_op 123.4
 *
 * Exit status 0, 77 when the running kernel lacks the feature (one line
 * says why), 1 on any error. Instruction counts come from running the same
 * program under callgrind with two values of OPS (bench/run.sh).
 */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(BENCH_RAW)
#include "raw.h"
#define BENCH_VARIANT	"raw"
#elif defined(BENCH_PEER)
#include <liburing.h>
#define BENCH_VARIANT	"peer"
#elif defined(BENCH_V215)
#include <liburing.h>
#define BENCH_VARIANT	"v215"
#else
#include <liburing.h>
#include "ours-config.h"	/* generated: what this tree has so far */
#define BENCH_VARIANT	"ours"
#endif

#ifndef IORING_REGISTER_SEND_MSG_RING
#define IORING_REGISTER_SEND_MSG_RING	31
#endif

/*
 * Liburing 2.3 predates io_uring_register_sync_msg(): the peer column
 * makes the same io_uring_register(2) call through its raw wrapper.
 */
#if defined(BENCH_PEER)
static inline int bench_register_sync_msg(struct io_uring_sqe *sqe)
{
	return io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING, sqe, 1);
}
#define io_uring_register_sync_msg bench_register_sync_msg
#endif

/*
 * Stand-ins for helpers this tree may not have yet, so the benchmarks
 * build now and measure the real helper as soon as it lands (the probe in
 * bench/Makefile decides). Only setup calls the register ones, so they do
 * not touch what is measured.
 */
#if defined(BENCH_OURS) && !BENCH_HAVE_REGISTER_BUFFERS
static inline int bench_register_buffers(struct io_uring *ring,
					 const struct iovec *iovecs,
					 unsigned int nr)
{
	return io_uring_register(ring->ring_fd, IORING_REGISTER_BUFFERS,
				 iovecs, nr);
}
#define io_uring_register_buffers bench_register_buffers
#endif

#if defined(BENCH_OURS) && !BENCH_HAVE_REGISTER_FILES
static inline int bench_register_files(struct io_uring *ring,
				       const int *files, unsigned int nr)
{
	return io_uring_register(ring->ring_fd, IORING_REGISTER_FILES, files,
				 nr);
}
#define io_uring_register_files bench_register_files
#endif

#if defined(BENCH_OURS) && !BENCH_HAVE_PREP_READ
static inline void bench_prep_read(struct io_uring_sqe *sqe, int fd,
				   void *buf, unsigned int nbytes,
				   __u64 offset)
{
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}
#define io_uring_prep_read bench_prep_read
#endif

#if defined(BENCH_OURS) && !BENCH_HAVE_PREP_READ_FIXED
static inline void bench_prep_read_fixed(struct io_uring_sqe *sqe, int fd,
					 void *buf, unsigned int nbytes,
					 __u64 offset, int buf_index)
{
	io_uring_prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16) buf_index;
}
#define io_uring_prep_read_fixed bench_prep_read_fixed
#endif

enum {
	BENCH_OK = 0,
	BENCH_FAIL = 1,
	BENCH_SKIP = 77,
};

/*
 * Set up with the arguments after OPS; return BENCH_OK, or BENCH_SKIP or
 * BENCH_FAIL after printing why. *step_ops receives how many operations
 * one step of bench_run() performs.
 */
static int bench_setup(int argc, char **argv, unsigned int *step_ops);
/* Run steps steps; BENCH_OK or BENCH_FAIL after printing why. */
static int bench_run(unsigned long steps);
static void bench_teardown(void);

/* Print "variant: message" to stderr and return status. */
__attribute__((format(printf, 2, 3)))
static int bench_say(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", BENCH_VARIANT);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* An error from setup: a kernel without the feature is a skip. */
static inline int bench_setup_error(const char *what, int err)
{
	if (err == -EINVAL || err == -EOPNOTSUPP || err == -ENOSYS)
		return bench_say(BENCH_SKIP, "%s: %s: kernel lacks it", what,
				 strerror(-err));
	return bench_say(BENCH_FAIL, "%s: %s", what, strerror(-err));
}

static inline unsigned long long bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Fixed, so that it cancels out of the callgrind difference. */
#define BENCH_WARMUP_OPS	256

int main(int argc, char **argv)
{
	unsigned long ops, steps, warm_steps;
	unsigned long long start, end;
	unsigned int step_ops = 1;
	int ret;

	if (argc < 2 || !(ops = strtoul(argv[1], NULL, 0))) {
		fprintf(stderr, "usage: %s OPS [ARGS...]\n", argv[0]);
		return BENCH_FAIL;
	}
	ret = bench_setup(argc - 2, argv + 2, &step_ops);
	if (ret)
		return ret;
	steps = (ops + step_ops - 1) / step_ops;
	warm_steps = (BENCH_WARMUP_OPS + step_ops - 1) / step_ops;

	ret = bench_run(warm_steps);
	if (!ret) {
		start = bench_now_ns();
		ret = bench_run(steps);
		end = bench_now_ns();
	}
	bench_teardown();
	if (ret)
		return ret;
	printf("ns_per_op %.1f\n", (double) (end - start) /
	       ((double) steps * step_ops));
	return BENCH_OK;
}

#endif
