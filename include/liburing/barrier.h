/* SPDX-License-Identifier: MIT */
/*
 * Memory ordering between this process and the kernel on the shared rings.
 *
 * The kernel publishes CQEs and consumes SQEs concurrently with us, so every
 * index shared with it is read or written through one of these helpers.
 * The shared words are plain integers (the kernel's layout), so each helper
 * views the word as an atomic object of the same type for one access.
 *
 * C++ gets function templates over std::atomic, and <atomic> is visible
 * after <liburing.h>; C gets macros and <stdatomic.h>. Both spell the same
 * five operations:
 *
 *	IO_URING_READ_ONCE(var), IO_URING_WRITE_ONCE(var, val)
 *		relaxed: the value may change under us, nothing else is
 *		ordered by the access;
 *	io_uring_smp_load_acquire(p)
 *		entries the kernel published before moving the index are
 *		visible once the new index has been read;
 *	io_uring_smp_store_release(p, v)
 *		everything written before (SQE contents, consumed CQE slots)
 *		is visible to the kernel before the new index is;
 *	io_uring_smp_mb()
 *		full fence: orders a store before a later load, which
 *		acquire/release do not.
 */
#ifndef LIBURING_BARRIER_H
#define LIBURING_BARRIER_H

#ifdef __cplusplus
#include <atomic>

/* Templates need C++ linkage even if this file is included in extern "C". */
extern "C++" {

/*
 * Keeps the value argument out of template argument deduction, so that
 * io_uring_smp_store_release(&u16_tail, tail + 1) converts the int sum to
 * the index type instead of failing to deduce one T from two types.
 */
template <typename T>
struct __io_uring_same_type {
	typedef T type;
};

template <typename T>
inline std::atomic<T> *__io_uring_as_atomic(T *p) noexcept
{
	static_assert(sizeof(std::atomic<T>) == sizeof(T),
		      "std::atomic<T> must have the layout of T");
	return reinterpret_cast<std::atomic<T> *>(p);
}

template <typename T>
inline T IO_URING_READ_ONCE(const T &var) noexcept
{
	return std::atomic_load_explicit(
		__io_uring_as_atomic(const_cast<T *>(&var)),
		std::memory_order_relaxed);
}

template <typename T>
inline void IO_URING_WRITE_ONCE(T &var,
				typename __io_uring_same_type<T>::type val)
	noexcept
{
	std::atomic_store_explicit(__io_uring_as_atomic(&var), val,
				   std::memory_order_relaxed);
}

template <typename T>
inline T io_uring_smp_load_acquire(const T *p) noexcept
{
	return std::atomic_load_explicit(
		__io_uring_as_atomic(const_cast<T *>(p)),
		std::memory_order_acquire);
}

template <typename T>
inline void io_uring_smp_store_release(T *p,
				       typename __io_uring_same_type<T>::type v)
	noexcept
{
	std::atomic_store_explicit(__io_uring_as_atomic(p), v,
				   std::memory_order_release);
}

inline void io_uring_smp_mb() noexcept
{
	std::atomic_thread_fence(std::memory_order_seq_cst);
}

} /* extern "C++" */

#else /* C */
#include <stdatomic.h>

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && \
	!defined(__STDC_NO_ATOMICS__)
/*
 * C11: the <stdatomic.h> operations on an _Atomic view of the word. The
 * casts also accept a pointer that already is to an _Atomic type.
 */
#define IO_URING_WRITE_ONCE(var, val)					\
	atomic_store_explicit((_Atomic __typeof__(var) *) &(var),	\
			      (val), memory_order_relaxed)
#define IO_URING_READ_ONCE(var)						\
	atomic_load_explicit((_Atomic __typeof__(var) *) &(var),	\
			     memory_order_relaxed)
#define io_uring_smp_store_release(p, v)				\
	atomic_store_explicit((_Atomic __typeof__(*(p)) *) (p), (v),	\
			      memory_order_release)
#define io_uring_smp_load_acquire(p)					\
	atomic_load_explicit((_Atomic __typeof__(*(p)) *) (p),		\
			     memory_order_acquire)
#define io_uring_smp_mb()						\
	atomic_thread_fence(memory_order_seq_cst)
#else
/*
 * C99 has no _Atomic; the compiler builtins that <stdatomic.h> is built on
 * give the same orderings without it, and without -pedantic warnings.
 */
#define IO_URING_WRITE_ONCE(var, val)					\
	__atomic_store_n(&(var), (val), __ATOMIC_RELAXED)
#define IO_URING_READ_ONCE(var)						\
	__atomic_load_n(&(var), __ATOMIC_RELAXED)
#define io_uring_smp_store_release(p, v)				\
	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define io_uring_smp_load_acquire(p)					\
	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define io_uring_smp_mb()						\
	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

#endif /* C */

#endif
