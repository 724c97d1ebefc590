/* SPDX-License-Identifier: MIT */
/*
 * Shared by every test program. A test exits T_PASS, T_FAIL or T_SKIP and
 * prints one line saying why when it fails or skips.
 */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include "liburing.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
	T_PASS = 0,
	T_FAIL = 1,
	T_SKIP = 77,
};

/* Print "file:line: message" and exit T_FAIL. */
#define t_fail(...)	t_die(T_FAIL, __FILE__, __LINE__, __VA_ARGS__)
/* Print "skip: message" and exit T_SKIP. */
#define t_skip(...)	t_die(T_SKIP, __FILE__, __LINE__, __VA_ARGS__)

void t_die(int status, const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/* Fail unless cond holds. */
#define t_assert(cond, fmt, ...)					\
	do {								\
		if (!(cond))						\
			t_fail("assertion (" #cond ") failed: " fmt,	\
			       ##__VA_ARGS__);				\
	} while (0)

/* Fail unless a == b (as long long), naming both sides. */
#define t_eq(a, b)							\
	do {								\
		long long t_a_ = (long long) (a), t_b_ = (long long) (b); \
		if (t_a_ != t_b_)					\
			t_fail("%s == %lld, expected %s == %lld", #a, t_a_, \
			       #b, t_b_);				\
	} while (0)

/*
 * io_uring_queue_init with flags; skips the test (exit 77) when the kernel
 * says the flags are unsupported (-EINVAL/-EOPNOTSUPP) or io_uring is
 * disabled (-EPERM/-ENOSYS); fails on any other error.
 */
void t_ring_init(struct io_uring *ring, unsigned int entries,
		 unsigned int flags);
void t_ring_init_params(struct io_uring *ring, unsigned int entries,
			struct io_uring_params *p);

/*
 * Wait (at most timeout_ms) for one CQE and check all of it: user_data,
 * res and flags. The CQE is consumed.
 */
void t_expect_cqe(struct io_uring *ring, __u64 user_data, int res,
		  unsigned int flags, int timeout_ms);
/* Fail if a CQE is (or within timeout_ms becomes) ready. */
void t_expect_no_cqe(struct io_uring *ring, int timeout_ms);

/* Open file descriptors and memory mappings of this process. */
int t_count_fds(void);
int t_count_maps(void);

/* Skip unless the running kernel is at least major.minor. */
bool t_kernel_at_least(int major, int minor);

/*
 * t_eq() for a registration opcode added in Linux major.minor: an older
 * kernel refuses an opcode it does not know with -EINVAL, before it looks
 * at the descriptor or the arguments.
 */
#define t_eq_since(major, minor, a, b)					\
	do {								\
		if (t_kernel_at_least(major, minor)) {			\
			t_eq(a, b);					\
		} else {						\
			long long t_r_ = (long long) (a);		\
			t_assert(t_r_ == (b) || t_r_ == -EINVAL,	\
				 "%s == %lld before Linux %d.%d", #a,	\
				 t_r_, major, minor);			\
		}							\
	} while (0)

/*
 * Valgrind (when its header was there at build time): whether we run under
 * it, and turning its error reports off around a call that hands the
 * kernel a bad pointer on purpose, to check the kernel's -EFAULT.
 */
bool t_under_valgrind(void);
void t_valgrind_quiet(bool quiet);

/*
 * Under make runtests-peer (test/peer/run.sh, which sets LIBURING_TEST_PEER)
 * one side of the program is the real liburing 2.15: its headers, and so
 * its inline helpers, built it; or its liburing.so.2 runs it. A check of a
 * documented difference from 2.15 (README) holds only where our side of
 * it is in use.
 */
bool t_peer_headers(void);
bool t_peer_library(void);

/*
 * t_eq() for a call given a NULL pointer that the library itself must
 * refuse (-EFAULT) instead of dereferencing it. liburing 2.15 crashes
 * there (README), so on its library the call is not made.
 */
#define t_eq_null(a, b)							\
	do {								\
		if (!t_peer_library())					\
			t_eq(a, b);					\
	} while (0)

#ifdef __cplusplus
}
#endif

#endif
