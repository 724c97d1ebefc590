/* SPDX-License-Identifier: MIT */
/*
 * Memory ordering between this process and the kernel on the shared rings.
 *
 * The kernel publishes CQEs and consumes SQEs concurrently with us, so every
 * index shared with it is read or written through one of these macros. They
 * map onto the compiler's __atomic builtins, which exist with the same
 * meaning in C and C++, so one definition serves both languages.
 */
#ifndef LIBURING_BARRIER_H
#define LIBURING_BARRIER_H

/*
 * Relaxed access: the value may change under us (or someone else reads it),
 * but no other memory is ordered by this access.
 */
#define IO_URING_WRITE_ONCE(var, val) \
	__atomic_store_n(&(var), (val), __ATOMIC_RELAXED)
#define IO_URING_READ_ONCE(var) \
	__atomic_load_n(&(var), __ATOMIC_RELAXED)

/*
 * Release store: everything written before it (SQE contents, consumed CQE
 * slots) is visible to the kernel before the new index is.
 */
#define io_uring_smp_store_release(p, v) \
	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

/*
 * Acquire load: entries the kernel published before moving the index are
 * visible to us once we have read the new index.
 */
#define io_uring_smp_load_acquire(p) \
	__atomic_load_n((p), __ATOMIC_ACQUIRE)

/*
 * Full fence: orders a store before a later load, which release/acquire do
 * not (used when we publish the SQ tail and then read the SQPOLL flags).
 */
#define io_uring_smp_mb() \
	__atomic_thread_fence(__ATOMIC_SEQ_CST)

#endif
