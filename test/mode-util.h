/* SPDX-License-Identifier: MIT */
/*
 * Shared by the ring mode tests (test/mode-*.c and friends): a round trip
 * of nops and reads through submit and every wait variant, checking every
 * CQE field, and a count of the io_uring_enter() calls the library makes.
 *
 * Include once per test program: it defines syscall(), see below.
 */
#ifndef TEST_MODE_UTIL_H
#define TEST_MODE_UTIL_H

#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "helpers.h"

/*
 * The library makes its system calls through syscall(3). This definition
 * takes precedence over libc's for the library linked into the test, so
 * we can count io_uring_enter() calls and see their flags, then pass each
 * call on unchanged.
 */
static unsigned long t_enter_calls;
static unsigned int t_enter_last_flags;
static unsigned int t_enter_all_flags;
/* When set, called after each io_uring_enter() with its fd and to_submit. */
static void (*t_enter_hook)(int fd, unsigned int to_submit);

long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);

	if (!real)
		real = (long (*)(long, ...)) dlsym(RTLD_NEXT, "syscall");
	if (nr == __NR_io_uring_enter) {
		long ret;

		t_enter_calls++;
		t_enter_last_flags = (unsigned int) a[3];
		t_enter_all_flags |= (unsigned int) a[3];
		ret = real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (t_enter_hook)
			t_enter_hook((int) a[0], (unsigned int) a[1]);
		return ret;
	}
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/*
 * Whether the counts above see the library's calls at all. liburing
 * 2.15's liburing.so.2 (make runtests-peer) makes them inline, not
 * through syscall(3): there the counts stay 0, so checks of them (and of
 * what t_enter_hook records) hold only when this is true.
 */
static inline bool t_enter_counted(void)
{
	return !t_peer_library();
}

static inline void t_enter_reset(void)
{
	t_enter_calls = 0;
	t_enter_last_flags = 0;
	t_enter_all_flags = 0;
}

static inline long long t_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static inline struct __kernel_timespec t_ts_ms(long ms)
{
	struct __kernel_timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};

	return ts;
}

static inline void t_queue_nop(struct io_uring *ring, __u64 user_data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "no SQE for nop %llu", (unsigned long long) user_data);
	io_uring_prep_nop(sqe);
	io_uring_sqe_set_data64(sqe, user_data);
}

static inline void t_check_cqe(const struct io_uring_cqe *cqe,
			       __u64 user_data, int res, unsigned int flags)
{
	t_assert(cqe, "NULL CQE, wanted user_data %llu",
		 (unsigned long long) user_data);
	if (cqe->user_data != user_data || cqe->res != res ||
	    cqe->flags != flags)
		t_fail("CQE {user_data %llu, res %d, flags 0x%x}, wanted "
		       "{%llu, %d, 0x%x}",
		       (unsigned long long) cqe->user_data, cqe->res,
		       cqe->flags, (unsigned long long) user_data, res, flags);
}

/* Consume the next CQE, which must be exactly this one. */
static inline void t_reap(struct io_uring *ring, __u64 user_data, int res)
{
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_wait_cqe(ring, &cqe);
	t_assert(ret == 0, "wait_cqe: %d", ret);
	t_check_cqe(cqe, user_data, res, 0);
	io_uring_cqe_seen(ring, cqe);
}

/*
 * With an SQ thread, submit returns the SQEs the kernel has not consumed
 * yet by its SQ head, and the thread moves the head only after a batch:
 * earlier SQEs whose CQEs we already reaped may still be counted.
 */
static inline void t_check_pending(struct io_uring *ring, int ret, int nr)
{
	if (ret == nr)
		return;
	if ((ring->flags & IORING_SETUP_SQPOLL) && ret >= 0 &&
	    ret <= (int) ring->sq.ring_entries)
		return;
	t_fail("submit returned %d, wanted %d", ret, nr);
}

static inline void t_submit_all(struct io_uring *ring, int nr)
{
	t_check_pending(ring, io_uring_submit(ring), nr);
}

/*
 * Return values of the *_wait_timeout family: the number submitted by the
 * enter that waited; with an SQ thread, as above, or 0 when the CQE was
 * already there before we looked.
 */
static inline void t_check_submitted(struct io_uring *ring, int ret, int nr)
{
	t_check_pending(ring, ret, nr);
}

static inline void t_wait_variants(struct io_uring *ring)
{
	struct __kernel_timespec ts = t_ts_ms(5000);
	struct io_uring_cqe *cqes[8];
	struct io_uring_cqe *cqe;
	unsigned int head, seen;
	sigset_t mask;
	int ret, i;

	sigemptyset(&mask);

	/* submit + wait_cqe */
	t_queue_nop(ring, 1);
	t_submit_all(ring, 1);
	t_reap(ring, 1, 0);

	/* submit_and_wait */
	t_queue_nop(ring, 2);
	ret = io_uring_submit_and_wait(ring, 1);
	t_check_pending(ring, ret, 1);
	ret = io_uring_peek_cqe(ring, &cqe);
	t_eq(ret, 0);
	t_check_cqe(cqe, 2, 0, 0);
	io_uring_cqe_seen(ring, cqe);
	ret = io_uring_peek_cqe(ring, &cqe);
	t_eq(ret, -EAGAIN);

	/* wait_cqe_nr, then for_each_cqe and cq_advance */
	for (i = 0; i < 4; i++)
		t_queue_nop(ring, 10 + i);
	t_submit_all(ring, 4);
	ret = io_uring_wait_cqe_nr(ring, &cqe, 4);
	t_eq(ret, 0);
	t_eq(io_uring_cq_ready(ring), 4);
	seen = 0;
	io_uring_for_each_cqe(ring, head, cqe) {
		t_check_cqe(cqe, 10 + seen, 0, 0);
		seen++;
	}
	t_eq(seen, 4);
	io_uring_cq_advance(ring, seen);

	/* wait_cqe_timeout */
	t_queue_nop(ring, 20);
	t_submit_all(ring, 1);
	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	t_eq(ret, 0);
	t_check_cqe(cqe, 20, 0, 0);
	io_uring_cqe_seen(ring, cqe);

	/* wait_cqes with a timeout and a sigmask, then without either */
	for (i = 0; i < 3; i++)
		t_queue_nop(ring, 30 + i);
	t_submit_all(ring, 3);
	ret = io_uring_wait_cqes(ring, &cqe, 3, &ts, &mask);
	t_eq(ret, 0);
	t_eq(io_uring_cq_ready(ring), 3);
	for (i = 0; i < 3; i++)
		t_reap(ring, 30 + i, 0);
	t_queue_nop(ring, 35);
	t_submit_all(ring, 1);
	ret = io_uring_wait_cqes(ring, &cqe, 1, NULL, NULL);
	t_eq(ret, 0);
	t_check_cqe(cqe, 35, 0, 0);
	io_uring_cqe_seen(ring, cqe);

	/* submit_and_wait_timeout */
	t_queue_nop(ring, 40);
	t_queue_nop(ring, 41);
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 2, &ts, &mask);
	t_check_submitted(ring, ret, 2);
	t_check_cqe(cqe, 40, 0, 0);
	io_uring_cqe_seen(ring, cqe);
	t_reap(ring, 41, 0);

	/* the min_timeout variants, where the kernel has them */
	if (ring->features & IORING_FEAT_MIN_TIMEOUT) {
		t_queue_nop(ring, 50);
		ret = io_uring_submit_and_wait_min_timeout(ring, &cqe, 1, &ts,
							   1000, NULL);
		t_check_submitted(ring, ret, 1);
		t_check_cqe(cqe, 50, 0, 0);
		io_uring_cqe_seen(ring, cqe);

		t_queue_nop(ring, 51);
		t_submit_all(ring, 1);
		ret = io_uring_wait_cqes_min_timeout(ring, &cqe, 1, &ts, 1000,
						     &mask);
		t_eq(ret, 0);
		t_check_cqe(cqe, 51, 0, 0);
		io_uring_cqe_seen(ring, cqe);
	}

	/* submit_and_get_events, then peek_batch_cqe */
	for (i = 0; i < 3; i++)
		t_queue_nop(ring, 60 + i);
	ret = io_uring_submit_and_get_events(ring);
	t_check_pending(ring, ret, 3);
	ret = io_uring_wait_cqe_nr(ring, &cqe, 3);
	t_eq(ret, 0);
	t_eq(io_uring_peek_batch_cqe(ring, cqes, 8), 3);
	for (i = 0; i < 3; i++)
		t_check_cqe(cqes[i], 60 + i, 0, 0);
	io_uring_cq_advance(ring, 3);

	/* get_events on an empty ring returns 0 and posts nothing */
	ret = io_uring_get_events(ring);
	t_eq(ret, 0);
	t_eq(io_uring_cq_ready(ring), 0);
	t_eq(io_uring_peek_batch_cqe(ring, cqes, 8), 0);
}

/* A read of a regular file through the ring: res, data and flags. */
static inline void t_read_roundtrip(struct io_uring *ring)
{
	static const char text[] = "the quick brown fox";
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	char buf[64];
	int fd, ret;

	fd = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	t_assert(fd >= 0, "O_TMPFILE in /tmp");
	t_eq(pwrite(fd, text, sizeof(text), 0), sizeof(text));

	memset(buf, 0, sizeof(buf));
	sqe = io_uring_get_sqe(ring);
	t_assert(sqe, "no SQE for read");
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, buf, sizeof(buf), 4);
	io_uring_sqe_set_data64(sqe, 0xfeedULL << 32);
	ret = io_uring_submit_and_wait(ring, 1);
	t_check_pending(ring, ret, 1);
	ret = io_uring_wait_cqe(ring, &cqe);
	t_eq(ret, 0);
	t_check_cqe(cqe, 0xfeedULL << 32, sizeof(text) - 4, 0);
	io_uring_cqe_seen(ring, cqe);
	t_assert(!memcmp(buf, text + 4, sizeof(text) - 4), "read data");
	close(fd);
}

/* Everything a ring of any mode must do; nothing may be left over. */
static inline void t_roundtrip(struct io_uring *ring, bool can_read)
{
	t_wait_variants(ring);
	if (can_read)
		t_read_roundtrip(ring);
	t_eq(io_uring_cq_ready(ring), 0);
	t_eq(io_uring_sq_ready(ring), 0);
}

#endif
