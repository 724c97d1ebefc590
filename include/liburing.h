/* SPDX-License-Identifier: MIT */
/*
 * liburing: the userspace side of Linux io_uring.
 *
 * This header is the whole public API. Programs include only <liburing.h>;
 * it pulls in the kernel ABI (<liburing/io_uring.h>) and the per-family
 * sub-headers itself. Functions marked IOURINGINLINE are compiled into the
 * caller; liburing-ffi exports an out-of-line copy of each for languages
 * that cannot use C inline functions.
 */
#ifndef LIB_URING_H
#define LIB_URING_H

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <errno.h>
#include <signal.h>
#include <sys/select.h>	/* sigset_t, even in strict ISO C modes */
#include <stdbool.h>
#include <stddef.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/swab.h>
#include <linux/filter.h>
#include <sys/wait.h>
#include "liburing/compat.h"
#include "liburing/io_uring.h"
#ifndef LIBURING_IO_URING_H_6_18
/* An older <linux/io_uring.h> came first: add what it may lack. */
#include "liburing/io_uring_compat.h"
#endif
#include "liburing/io_uring/query.h"
#include "liburing/io_uring/bpf_filter.h"
#include "liburing/io_uring_version.h"
#include "liburing/barrier.h"

#ifndef uring_unlikely
#define uring_unlikely(cond)	__builtin_expect(!!(cond), 0)
#endif
#ifndef uring_likely
#define uring_likely(cond)	__builtin_expect(!!(cond), 1)
#endif

/*
 * __io_uring_rare(): a condition that almost never holds, such as the ring
 * having SQE128 or CQE32 slots. Internal to the helpers below.
 */
#if defined(__has_builtin)
#if __has_builtin(__builtin_expect_with_probability)
#define __io_uring_rare(cond) \
	__builtin_expect_with_probability(!!(cond), 0, 0.999)
#endif
#endif
#ifndef __io_uring_rare
#define __io_uring_rare(cond)	uring_unlikely(cond)
#endif

/*
 * IOURINGINLINE marks helpers that liburing-ffi also exports (it defines
 * the macro empty before including this file). _LOCAL_INLINE marks private
 * helpers that are never exported. C++20 modules cannot export "static"
 * functions, hence plain "inline" there.
 */
#ifndef IOURINGINLINE
#if defined(__cplusplus) && __cplusplus >= 202002L
#define IOURINGINLINE inline
#else
#define IOURINGINLINE static inline
#endif
#endif

#ifndef _LOCAL_INLINE
#if defined(__cplusplus) && __cplusplus >= 202002L
#define _LOCAL_INLINE inline
#else
#define _LOCAL_INLINE static inline
#endif
#endif

#ifdef __cplusplus
#define LIBURING_NOEXCEPT noexcept
#else
#define LIBURING_NOEXCEPT
#endif

/* System call numbers: common to every architecture but alpha and mips. */
#if defined(__alpha__)
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup		535
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter		536
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register		537
#endif
#elif defined(__mips__)
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup		(__NR_Linux + 425)
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter		(__NR_Linux + 426)
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register		(__NR_Linux + 427)
#endif
#else
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup		425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter		426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register		427
#endif
#endif

/*
 * user_data the library reserves for its own timeout requests on kernels
 * without IORING_FEAT_EXT_ARG. Applications must not use this value.
 */
#define LIBURING_UDATA_TIMEOUT	((__u64) -1)

/* Programs test this to know that the *_data64 helpers exist. */
#define LIBURING_HAVE_DATA64

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Structs the API only passes by pointer. Declaring them here keeps the
 * prototypes valid even when an older kernel header defined the ABI and
 * lacks some of them.
 */
struct io_uring_params;
struct io_uring_probe;
struct io_uring_restriction;
struct io_uring_buf_reg;
struct io_uring_buf_ring;
struct io_uring_sync_cancel_reg;
struct io_uring_napi;
struct io_uring_clock_register;
struct io_uring_mem_region_reg;
struct io_uring_reg_wait;
struct io_uring_zcrx_ifq_reg;
struct io_uring_zcrx_rqe;
struct zcrx_ctrl;
struct io_uring_bpf;
struct io_uring_query_hdr;
struct io_uring_recvmsg_out;
struct futex_waitv;
struct open_how;
struct statx;
struct epoll_event;

/*
 * The ring as the library sees it. These layouts are ABI: inline code
 * compiled into applications reads them, so no field may move.
 *
 * k* members point into the memory shared with the kernel; the plain
 * ring_mask/ring_entries are private copies read on the hot path.
 */
struct io_uring_sq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kring_mask;		/* prefer ring_mask */
	unsigned *kring_entries;	/* prefer ring_entries */
	unsigned *kflags;
	unsigned *kdropped;
	unsigned *array;
	struct io_uring_sqe *sqes;

	unsigned sqe_head;	/* first SQE not yet published to the kernel */
	unsigned sqe_tail;	/* next SQE io_uring_get_sqe() hands out */

	size_t ring_sz;
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;
	unsigned sqes_sz;	/* bytes mapped for the SQE array */
	unsigned pad;
};

struct io_uring_cq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kring_mask;		/* prefer ring_mask */
	unsigned *kring_entries;	/* prefer ring_entries */
	unsigned *kflags;
	unsigned *koverflow;
	struct io_uring_cqe *cqes;

	size_t ring_sz;
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;

	unsigned pad[2];
};

/*
 * A bit of int_flags the library sets on rings where every CQE is one
 * 16-byte slot to show the application: no CQE32, no CQE_MIXED (so no
 * fillers) and IORING_FEAT_EXT_ARG (so no internal timeout CQEs; the
 * library also clears the bit before it ever queues one). The inline peek
 * takes its short path on these. Internal; absent on rings set up by
 * other builds, which then take the general path.
 */
#define __IO_URING_INT_PLAIN_CQ	0x40

struct io_uring {
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	unsigned flags;		/* IORING_SETUP_* the ring was created with */
	int ring_fd;
	unsigned features;	/* IORING_FEAT_* reported by the kernel */
	int enter_ring_fd;	/* ring_fd, or its registered index */
	__u8 int_flags;		/* library-private state */
	__u8 pad[3];
	unsigned pad2;
};

/* A zero-copy receive refill queue, as mapped for the application. */
struct io_uring_zcrx_rq {
	__u32 *khead;
	__u32 *ktail;
	__u32 rq_tail;
	unsigned ring_entries;

	struct io_uring_zcrx_rqe *rqes;
	void *ring_ptr;
};

/* A snapshot of the CQ for walking it without consuming (2.15). */
struct io_uring_cqe_iter {
	struct io_uring_cqe *cqes;
	unsigned mask;
	unsigned shift;
	unsigned head;
	unsigned tail;
};

_LOCAL_INLINE __u64 uring_ptr_to_u64(const void *ptr) LIBURING_NOEXCEPT
{
	return (__u64) (uintptr_t) ptr;
}

/*
 * Setup and teardown.
 */
int io_uring_queue_init(unsigned int entries, struct io_uring *ring,
			unsigned int flags) LIBURING_NOEXCEPT;
int io_uring_queue_init_params(unsigned int entries, struct io_uring *ring,
			       struct io_uring_params *p) LIBURING_NOEXCEPT;
int io_uring_queue_init_mem(unsigned int entries, struct io_uring *ring,
			    struct io_uring_params *p, void *buf,
			    size_t buf_size) LIBURING_NOEXCEPT;
int io_uring_queue_mmap(int fd, struct io_uring_params *p,
			struct io_uring *ring) LIBURING_NOEXCEPT;
void io_uring_queue_exit(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_ring_dontfork(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_resize_rings(struct io_uring *ring,
			  struct io_uring_params *p) LIBURING_NOEXCEPT;
int io_uring_set_iowait(struct io_uring *ring,
			bool enable_iowait) LIBURING_NOEXCEPT;
ssize_t io_uring_mlock_size(unsigned int entries,
			    unsigned int flags) LIBURING_NOEXCEPT;
ssize_t io_uring_mlock_size_params(unsigned int entries,
				   struct io_uring_params *p) LIBURING_NOEXCEPT;
ssize_t io_uring_memory_size(unsigned int entries,
			     unsigned int flags) LIBURING_NOEXCEPT;
ssize_t io_uring_memory_size_params(unsigned int entries,
				    struct io_uring_params *p) LIBURING_NOEXCEPT;

/* Probing: the caller frees the result with io_uring_free_probe(). */
struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring)
	LIBURING_NOEXCEPT;
struct io_uring_probe *io_uring_get_probe(void) LIBURING_NOEXCEPT;
void io_uring_free_probe(struct io_uring_probe *probe) LIBURING_NOEXCEPT;

/* Non-zero when the probed kernel supports SQE opcode op. */
IOURINGINLINE int io_uring_opcode_supported(const struct io_uring_probe *p,
					    int op) LIBURING_NOEXCEPT
{
	if (op < 0 || op > p->last_op)
		return 0;
	return (p->ops[op].flags & IO_URING_OP_SUPPORTED) != 0;
}

/*
 * Submission and completion.
 */
int io_uring_submit(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_submit_and_wait(struct io_uring *ring,
			     unsigned int wait_nr) LIBURING_NOEXCEPT;
int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned int wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask) LIBURING_NOEXCEPT;
int io_uring_submit_and_wait_min_timeout(struct io_uring *ring,
					 struct io_uring_cqe **cqe_ptr,
					 unsigned int wait_nr,
					 struct __kernel_timespec *ts,
					 unsigned int min_wait,
					 sigset_t *sigmask) LIBURING_NOEXCEPT;
int io_uring_submit_and_wait_reg(struct io_uring *ring,
				 struct io_uring_cqe **cqe_ptr,
				 unsigned int wait_nr,
				 int reg_index) LIBURING_NOEXCEPT;
int io_uring_submit_and_get_events(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_get_events(struct io_uring *ring) LIBURING_NOEXCEPT;
unsigned int io_uring_peek_batch_cqe(struct io_uring *ring,
				     struct io_uring_cqe **cqes,
				     unsigned int count) LIBURING_NOEXCEPT;
int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned int wait_nr, struct __kernel_timespec *ts,
		       sigset_t *sigmask) LIBURING_NOEXCEPT;
int io_uring_wait_cqes_min_timeout(struct io_uring *ring,
				   struct io_uring_cqe **cqe_ptr,
				   unsigned int wait_nr,
				   struct __kernel_timespec *ts,
				   unsigned int min_ts_usec,
				   sigset_t *sigmask) LIBURING_NOEXCEPT;
int io_uring_wait_cqe_timeout(struct io_uring *ring,
			      struct io_uring_cqe **cqe_ptr,
			      struct __kernel_timespec *ts) LIBURING_NOEXCEPT;
int __io_uring_get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned int submit, unsigned int wait_nr,
		       sigset_t *sigmask) LIBURING_NOEXCEPT;
int __io_uring_sqring_wait(struct io_uring *ring) LIBURING_NOEXCEPT;

/*
 * Registration.
 */
int io_uring_register_buffers(struct io_uring *ring,
			      const struct iovec *iovecs,
			      unsigned int nr_iovecs) LIBURING_NOEXCEPT;
int io_uring_register_buffers_tags(struct io_uring *ring,
				   const struct iovec *iovecs,
				   const __u64 *tags,
				   unsigned int nr) LIBURING_NOEXCEPT;
int io_uring_register_buffers_sparse(struct io_uring *ring,
				     unsigned int nr) LIBURING_NOEXCEPT;
int io_uring_register_buffers_update_tag(struct io_uring *ring,
					 unsigned int off,
					 const struct iovec *iovecs,
					 const __u64 *tags,
					 unsigned int nr) LIBURING_NOEXCEPT;
int io_uring_unregister_buffers(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_clone_buffers(struct io_uring *dst,
			   struct io_uring *src) LIBURING_NOEXCEPT;
int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags) LIBURING_NOEXCEPT;
int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr,
				  unsigned int flags) LIBURING_NOEXCEPT;
int __io_uring_clone_buffers_offset(struct io_uring *dst,
				    struct io_uring *src,
				    unsigned int dst_off, unsigned int src_off,
				    unsigned int nr,
				    unsigned int flags) LIBURING_NOEXCEPT;

int io_uring_register_files(struct io_uring *ring, const int *files,
			    unsigned int nr_files) LIBURING_NOEXCEPT;
int io_uring_register_files_tags(struct io_uring *ring, const int *files,
				 const __u64 *tags,
				 unsigned int nr) LIBURING_NOEXCEPT;
int io_uring_register_files_sparse(struct io_uring *ring,
				   unsigned int nr) LIBURING_NOEXCEPT;
int io_uring_register_files_update(struct io_uring *ring, unsigned int off,
				   const int *files,
				   unsigned int nr_files) LIBURING_NOEXCEPT;
int io_uring_register_files_update_tag(struct io_uring *ring,
				       unsigned int off, const int *files,
				       const __u64 *tags,
				       unsigned int nr_files) LIBURING_NOEXCEPT;
int io_uring_unregister_files(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_register_file_alloc_range(struct io_uring *ring,
				       unsigned int off,
				       unsigned int len) LIBURING_NOEXCEPT;

int io_uring_register_eventfd(struct io_uring *ring, int fd) LIBURING_NOEXCEPT;
int io_uring_register_eventfd_async(struct io_uring *ring,
				    int fd) LIBURING_NOEXCEPT;
int io_uring_unregister_eventfd(struct io_uring *ring) LIBURING_NOEXCEPT;

int io_uring_register_probe(struct io_uring *ring, struct io_uring_probe *p,
			    unsigned int nr) LIBURING_NOEXCEPT;
int io_uring_register_personality(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_unregister_personality(struct io_uring *ring,
				    int id) LIBURING_NOEXCEPT;
int io_uring_register_restrictions(struct io_uring *ring,
				   struct io_uring_restriction *res,
				   unsigned int nr_res) LIBURING_NOEXCEPT;
int io_uring_enable_rings(struct io_uring *ring) LIBURING_NOEXCEPT;

#ifdef _GNU_SOURCE
int io_uring_register_iowq_aff(struct io_uring *ring, size_t cpusz,
			       const cpu_set_t *mask) LIBURING_NOEXCEPT;
#endif
int io_uring_unregister_iowq_aff(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_register_iowq_max_workers(struct io_uring *ring,
				       unsigned int *values) LIBURING_NOEXCEPT;

int io_uring_register_ring_fd(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_unregister_ring_fd(struct io_uring *ring) LIBURING_NOEXCEPT;
int io_uring_close_ring_fd(struct io_uring *ring) LIBURING_NOEXCEPT;

int io_uring_register_buf_ring(struct io_uring *ring,
			       struct io_uring_buf_reg *reg,
			       unsigned int flags) LIBURING_NOEXCEPT;
int io_uring_unregister_buf_ring(struct io_uring *ring,
				 int bgid) LIBURING_NOEXCEPT;
int io_uring_buf_ring_head(struct io_uring *ring, int buf_group,
			   uint16_t *head) LIBURING_NOEXCEPT;
struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring,
						  unsigned int nentries,
						  int bgid, unsigned int flags,
						  int *err) LIBURING_NOEXCEPT;
int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br,
			   unsigned int nentries, int bgid) LIBURING_NOEXCEPT;

int io_uring_register_sync_cancel(struct io_uring *ring,
				  struct io_uring_sync_cancel_reg *reg)
	LIBURING_NOEXCEPT;
int io_uring_register_sync_msg(struct io_uring_sqe *sqe) LIBURING_NOEXCEPT;

int io_uring_register_napi(struct io_uring *ring,
			   struct io_uring_napi *napi) LIBURING_NOEXCEPT;
int io_uring_unregister_napi(struct io_uring *ring,
			     struct io_uring_napi *napi) LIBURING_NOEXCEPT;
int io_uring_register_clock(struct io_uring *ring,
			    struct io_uring_clock_register *arg)
	LIBURING_NOEXCEPT;
int io_uring_register_region(struct io_uring *ring,
			     struct io_uring_mem_region_reg *reg)
	LIBURING_NOEXCEPT;
int io_uring_register_wait_reg(struct io_uring *ring,
			       struct io_uring_reg_wait *reg,
			       int nr) LIBURING_NOEXCEPT;
int io_uring_register_ifq(struct io_uring *ring,
			  struct io_uring_zcrx_ifq_reg *reg) LIBURING_NOEXCEPT;
int io_uring_register_zcrx_ctrl(struct io_uring *ring,
				struct zcrx_ctrl *ctrl) LIBURING_NOEXCEPT;
int io_uring_register_bpf_filter(struct io_uring *ring,
				 struct io_uring_bpf *bpf) LIBURING_NOEXCEPT;
int io_uring_register_bpf_filter_task(struct io_uring_bpf *bpf)
	LIBURING_NOEXCEPT;
int io_uring_register_query(struct io_uring_query_hdr *query)
	LIBURING_NOEXCEPT;

/*
 * The raw system calls, for programs that manage rings themselves. They
 * return the kernel's result or -errno.
 */
int io_uring_setup(unsigned int entries,
		   struct io_uring_params *p) LIBURING_NOEXCEPT;
int io_uring_enter(unsigned int fd, unsigned int to_submit,
		   unsigned int min_complete, unsigned int flags,
		   sigset_t *sig) LIBURING_NOEXCEPT;
int io_uring_enter2(unsigned int fd, unsigned int to_submit,
		    unsigned int min_complete, unsigned int flags,
		    void *arg, size_t sz) LIBURING_NOEXCEPT;
int io_uring_register(unsigned int fd, unsigned int opcode, const void *arg,
		      unsigned int nr_args) LIBURING_NOEXCEPT;

/*
 * Version of the library actually loaded. Compare with
 * IO_URING_VERSION_MAJOR/MINOR for the headers compiled against.
 */
int io_uring_major_version(void) LIBURING_NOEXCEPT;
int io_uring_minor_version(void) LIBURING_NOEXCEPT;
bool io_uring_check_version(int major, int minor) LIBURING_NOEXCEPT;

/* True when the headers are OLDER than major.minor (so: "check failed"). */
#define IO_URING_CHECK_VERSION(major, minor)				\
	((major) > IO_URING_VERSION_MAJOR ||				\
	 ((major) == IO_URING_VERSION_MAJOR &&				\
	  (minor) > IO_URING_VERSION_MINOR))

/*
 * Completion side helpers.
 */

/* CQ slots are 32 bytes in a CQE32 ring: index them with this shift. */
IOURINGINLINE unsigned int io_uring_cqe_shift_from_flags(unsigned int flags)
	LIBURING_NOEXCEPT
{
	return !!(flags & IORING_SETUP_CQE32);
}

IOURINGINLINE unsigned int io_uring_cqe_shift(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	return io_uring_cqe_shift_from_flags(ring->flags);
}

/* The cqes[] index of CQ slot n. */
_LOCAL_INLINE unsigned int __io_uring_cqe_index(const struct io_uring *ring,
						unsigned int n)
	LIBURING_NOEXCEPT
{
	if (__io_uring_rare(ring->flags & IORING_SETUP_CQE32))
		n <<= 1;
	return n;
}

/*
 * How many CQ slots this CQE occupies: two for a big CQE posted into a
 * CQE_MIXED ring (flagged IORING_CQE_F_32), one otherwise.
 */
IOURINGINLINE unsigned int io_uring_cqe_nr(const struct io_uring_cqe *cqe)
	LIBURING_NOEXCEPT
{
	return 1U + !!(cqe->flags & IORING_CQE_F_32);
}

/* Hand nr CQ slots back to the kernel. */
IOURINGINLINE void io_uring_cq_advance(struct io_uring *ring, unsigned int nr)
	LIBURING_NOEXCEPT
{
	if (nr) {
		struct io_uring_cq *cq = &ring->cq;

		/*
		 * Release: our reads of the consumed CQEs complete before the
		 * kernel sees their slots free and overwrites them.
		 */
		io_uring_smp_store_release(cq->khead, *cq->khead + nr);
	}
}

/* Mark a CQE returned by peek/wait as consumed. */
IOURINGINLINE void io_uring_cqe_seen(struct io_uring *ring,
				     struct io_uring_cqe *cqe)
	LIBURING_NOEXCEPT
{
	/*
	 * io_uring_cqe_nr() spelled as a branch: the big CQE of a mixed ring
	 * is rare, and a test-and-jump costs less than computing 1 or 2.
	 */
	if (uring_likely(cqe && !(cqe->flags & IORING_CQE_F_32)))
		io_uring_cq_advance(ring, 1);
	else if (cqe)
		io_uring_cq_advance(ring, 2);
}

IOURINGINLINE void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe)
	LIBURING_NOEXCEPT
{
	return (void *) (uintptr_t) cqe->user_data;
}

IOURINGINLINE __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
	LIBURING_NOEXCEPT
{
	return cqe->user_data;
}

/* Number of CQEs posted and not yet consumed. */
IOURINGINLINE unsigned int io_uring_cq_ready(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	/* Acquire pairs with the kernel's release of the CQ tail. */
	return io_uring_smp_load_acquire(ring->cq.ktail) - *ring->cq.khead;
}

/* True when completions wait in the kernel because the CQ was full. */
IOURINGINLINE bool io_uring_cq_has_overflow(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	return IO_URING_READ_ONCE(*ring->sq.kflags) & IORING_SQ_CQ_OVERFLOW;
}

IOURINGINLINE bool io_uring_cq_eventfd_enabled(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	if (!ring->cq.kflags)
		return true;
	return !(IO_URING_READ_ONCE(*ring->cq.kflags) &
		 IORING_CQ_EVENTFD_DISABLED);
}

IOURINGINLINE int io_uring_cq_eventfd_toggle(struct io_uring *ring,
					     bool enabled) LIBURING_NOEXCEPT
{
	unsigned int flags;

	if (enabled == io_uring_cq_eventfd_enabled(ring))
		return 0;
	if (!ring->cq.kflags)
		return -EOPNOTSUPP;

	flags = IO_URING_READ_ONCE(*ring->cq.kflags);
	if (enabled)
		flags &= ~IORING_CQ_EVENTFD_DISABLED;
	else
		flags |= IORING_CQ_EVENTFD_DISABLED;
	IO_URING_WRITE_ONCE(*ring->cq.kflags, flags);
	return 0;
}

/*
 * What io_uring_for_each_cqe() reads once per walk rather than once per
 * CQE. A slot's byte offset in the CQE array is (index * stride) & bmask:
 * stride is a power of two, so that equals (index & ring_mask) * stride,
 * with one instruction less and no variable shift to keep in a register.
 * An offset is a multiple of 16, so bit 0 of bmask is free: it says the
 * ring is CQE_MIXED, where a CQE may fill two slots. One register less
 * for the loop to keep.
 */
struct __io_uring_cq_walk {
	char *cqes;		/* the CQE array, as bytes */
	unsigned int tail;	/* the CQ tail when the walk began */
	unsigned int stride;	/* bytes per CQ slot: 16 (32 with CQE32) */
	unsigned int bmask;	/* ring_mask * stride, | 1 if CQE_MIXED */
};

_LOCAL_INLINE struct __io_uring_cq_walk
__io_uring_cq_walk_start(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	struct __io_uring_cq_walk walk;

	walk.cqes = (char *) ring->cq.cqes;
	walk.stride = (unsigned int) sizeof(struct io_uring_cqe) <<
		      io_uring_cqe_shift(ring);
	walk.bmask = ring->cq.ring_mask * walk.stride |
		     !!(ring->flags & IORING_SETUP_CQE_MIXED);
	/*
	 * Acquire pairs with the kernel's release of the CQ tail: every CQE
	 * before it is written by the time we read it. Once per walk: CQEs
	 * posted during the walk are left for the next one.
	 */
	walk.tail = io_uring_smp_load_acquire(ring->cq.ktail);
	return walk;
}

#define __io_uring_paste2(a, b)	a##b
#define __io_uring_paste(a, b)	__io_uring_paste2(a, b)

/*
 * Walk the posted CQEs without consuming them; call io_uring_cq_advance()
 * with the number seen afterwards. head must be an unsigned int variable;
 * cqe is NULL once the walk has run to its end, and break and continue
 * work in the body as in any for loop.
 *
 * The snapshot lives in a variable declared by the loop, named after the
 * line, so nested walks on different lines do not shadow each other (two
 * started on one line, from one macro, do: correct, but -Wshadow says so).
 * On a plain or CQE32 ring a CQE is always one slot; only CQE_MIXED rings
 * look at IORING_CQE_F_32 to step over the second slot of a big CQE.
 */
#if defined(__cplusplus) || \
	(defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L)
#define io_uring_for_each_cqe(ring, head, cqe)				\
	__io_uring_for_each_cqe(ring, head, cqe,			\
				__io_uring_paste(__io_uring_walk_, __LINE__))
#else
/*
 * C89 has no declarations in a for statement, so no snapshot: this walk
 * reads the tail (with acquire, as above) and the ring's fields per CQE.
 */
#define io_uring_for_each_cqe(ring, head, cqe)				\
	for ((head) = *(ring)->cq.khead;				\
	     ((cqe) = (head) != io_uring_smp_load_acquire((ring)->cq.ktail) ? \
		&(ring)->cq.cqes[((head) & (ring)->cq.ring_mask) <<	\
				 io_uring_cqe_shift(ring)] : NULL);	\
	     (head) += io_uring_cqe_nr(cqe))
#endif

#define __io_uring_for_each_cqe(ring, head, cqe, walk)			\
	for (struct __io_uring_cq_walk walk =				\
		((head) = *(ring)->cq.khead, __io_uring_cq_walk_start(ring)); \
	     (head) != walk.tail ?					\
		((cqe) = (struct io_uring_cqe *) (walk.cqes +		\
			(((head) * walk.stride) & walk.bmask)), 1) :	\
		((cqe) = NULL, 0);					\
	     (head)++, __io_uring_rare(walk.bmask & 1) ?		\
		(void) ((head) += io_uring_cqe_nr(cqe) - 1) : (void) 0)

/*
 * Snapshot of the CQ for iteration with io_uring_cqe_iter_next(); as with
 * io_uring_for_each_cqe(), nothing is consumed.
 */
IOURINGINLINE struct io_uring_cqe_iter
io_uring_cqe_iter_init(const struct io_uring *ring) LIBURING_NOEXCEPT
{
	struct io_uring_cqe_iter iter;

	iter.cqes = ring->cq.cqes;
	iter.mask = ring->cq.ring_mask;
	iter.shift = io_uring_cqe_shift(ring);
	iter.head = *ring->cq.khead;
	/* Acquire pairs with the kernel's release of the CQ tail. */
	iter.tail = io_uring_smp_load_acquire(ring->cq.ktail);
	return iter;
}

IOURINGINLINE bool io_uring_cqe_iter_next(struct io_uring_cqe_iter *iter,
					  struct io_uring_cqe **cqe)
	LIBURING_NOEXCEPT
{
	if (iter->head == iter->tail)
		return false;

	*cqe = &iter->cqes[(iter->head & iter->mask) << iter->shift];
	iter->head += io_uring_cqe_nr(*cqe);
	return true;
}

/*
 * Consume a CQE the application must never see: padding posted into a
 * mixed-size CQ, or the completion of the library's own timeout on kernels
 * without EXT_ARG. Returns true when the caller should look at the next CQE.
 */
_LOCAL_INLINE bool io_uring_skip_cqe(struct io_uring *ring,
				     struct io_uring_cqe *cqe, int *err)
	LIBURING_NOEXCEPT
{
	if (uring_likely(!(cqe->flags & IORING_CQE_F_SKIP))) {
		if (uring_likely(ring->features & IORING_FEAT_EXT_ARG))
			return false;
		if (cqe->user_data != LIBURING_UDATA_TIMEOUT)
			return false;
		if (IO_URING_READ_ONCE(cqe->res) < 0)
			*err = cqe->res;
		/* Kernels without EXT_ARG predate mixed CQs: one slot. */
		io_uring_cq_advance(ring, 1);
		return !*err;
	}
	/* Padding: one slot, or two when flagged IORING_CQE_F_32. */
	io_uring_cq_advance(ring, 1U + !!(IO_URING_READ_ONCE(cqe->flags) &
					  IORING_CQE_F_32));
	return true;
}

/*
 * The general peek, for rings that may hold CQEs the application must
 * not see (see io_uring_skip_cqe()). Marked cold, so that compilers keep
 * it out of line and the short path below stays small enough to inline.
 */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((cold))
#endif
_LOCAL_INLINE int __io_uring_peek_cqe_any(struct io_uring *ring,
					  struct io_uring_cqe **cqe_ptr,
					  unsigned int *nr_available)
	LIBURING_NOEXCEPT
{
	unsigned int mask = ring->cq.ring_mask;
	struct io_uring_cqe *cqe;
	unsigned int available;
	int err = 0;

	for (;;) {
		/* Acquire pairs with the kernel's release of the CQ tail. */
		unsigned int tail = io_uring_smp_load_acquire(ring->cq.ktail);
		/* Only we write the CQ head: a plain load is enough. */
		unsigned int head = *ring->cq.khead;

		cqe = NULL;
		available = tail - head;
		if (!available)
			break;

		cqe = &ring->cq.cqes[__io_uring_cqe_index(ring, head & mask)];
		if (!io_uring_skip_cqe(ring, cqe, &err)) {
			/* A failed internal timeout was consumed above. */
			if (err)
				cqe = NULL;
			break;
		}
	}

	*cqe_ptr = cqe;
	if (nr_available)
		*nr_available = available;
	return err;
}

/*
 * The first CQE an application should see, or NULL; never enters the
 * kernel. nr_available (optional) receives the number of posted CQEs.
 */
IOURINGINLINE int __io_uring_peek_cqe(struct io_uring *ring,
				      struct io_uring_cqe **cqe_ptr,
				      unsigned int *nr_available)
	LIBURING_NOEXCEPT
{
	/*
	 * One test instead of three (slot size, fillers, internal timeouts)
	 * on the rings that have none of them: the first posted CQE is the
	 * one to show.
	 */
	if (uring_likely(ring->int_flags & __IO_URING_INT_PLAIN_CQ)) {
		/* Acquire pairs with the kernel's release of the CQ tail. */
		unsigned int tail = io_uring_smp_load_acquire(ring->cq.ktail);
		unsigned int head = *ring->cq.khead;

		*cqe_ptr = head != tail ?
			   &ring->cq.cqes[head & ring->cq.ring_mask] : NULL;
		if (nr_available)
			*nr_available = tail - head;
		return 0;
	}
	return __io_uring_peek_cqe_any(ring, cqe_ptr, nr_available);
}

IOURINGINLINE int io_uring_wait_cqe_nr(struct io_uring *ring,
				       struct io_uring_cqe **cqe_ptr,
				       unsigned int wait_nr) LIBURING_NOEXCEPT
{
	struct io_uring_cqe *cqe;
	int ret;

	ret = __io_uring_get_cqe(ring, &cqe, 0, wait_nr, NULL);
	*cqe_ptr = cqe;
	return ret;
}

/* A ready CQE without blocking, or -EAGAIN. */
IOURINGINLINE int io_uring_peek_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
	LIBURING_NOEXCEPT
{
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	/*
	 * Empty CQ: the library enters the kernel once if completions may
	 * be held there (IOPOLL reaping, DEFER_TASKRUN work, overflow),
	 * and returns -EAGAIN otherwise.
	 */
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 0);
}

/* The next CQE, blocking until one is posted. */
IOURINGINLINE int io_uring_wait_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
	LIBURING_NOEXCEPT
{
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

/*
 * Submission side helpers.
 */

/* SQ slots are 128 bytes in an SQE128 ring: index them with this shift. */
IOURINGINLINE unsigned int io_uring_sqe_shift_from_flags(unsigned int flags)
	LIBURING_NOEXCEPT
{
	return !!(flags & IORING_SETUP_SQE128);
}

IOURINGINLINE unsigned int io_uring_sqe_shift(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	return io_uring_sqe_shift_from_flags(ring->flags);
}

/*
 * The kernel's SQ head. With SQPOLL a kernel thread moves it while we run;
 * the acquire keeps us from reusing an SQE it is still reading. It is
 * taken for every ring, SQPOLL or not.
 */
IOURINGINLINE unsigned int io_uring_load_sq_head(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	return io_uring_smp_load_acquire(ring->sq.khead);
}

/* SQEs handed out and not yet consumed by the kernel. */
IOURINGINLINE unsigned int io_uring_sq_ready(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	return ring->sq.sqe_tail - io_uring_load_sq_head(ring);
}

/* SQEs io_uring_get_sqe() can still hand out. */
IOURINGINLINE unsigned int io_uring_sq_space_left(const struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

/* SQPOLL only: block until the SQ thread has made room in the SQ. */
IOURINGINLINE int io_uring_sqring_wait(struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	if (!(ring->flags & IORING_SETUP_SQPOLL))
		return 0;
	if (io_uring_sq_space_left(ring))
		return 0;
	return __io_uring_sqring_wait(ring);
}

/*
 * Clear the SQE fields that most prep helpers leave alone, so a slot reused
 * from an earlier request carries nothing over. The prep helper then sets
 * opcode, fd, off, addr and len.
 */
IOURINGINLINE void io_uring_initialize_sqe(struct io_uring_sqe *sqe)
	LIBURING_NOEXCEPT
{
	sqe->flags = 0;
	sqe->ioprio = 0;
	sqe->rw_flags = 0;
	sqe->buf_index = 0;
	sqe->personality = 0;
	sqe->file_index = 0;
	sqe->addr3 = 0;
	sqe->__pad2[0] = 0;
}

/*
 * What io_uring_get_sqe() does to a slot: clear all of its first 64 bytes,
 * not only the fields io_uring_initialize_sqe() clears, so an SQE handed
 * out and never prepared is a NOP on fd 0 with user_data 0 rather than a
 * replay of the slot's last request. The second half of an SQE128 slot is
 * left to the prep helper.
 */
_LOCAL_INLINE void __io_uring_clear_sqe(struct io_uring_sqe *sqe)
	LIBURING_NOEXCEPT
{
	__builtin_memset(sqe, 0, sizeof(*sqe));
}

#include "liburing/prep.h"
#include "liburing/recvmsg.h"

/* The next free SQE, initialised, or NULL when the SQ is full. */
IOURINGINLINE struct io_uring_sqe *_io_uring_get_sqe(struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned int head = io_uring_load_sq_head(ring);
	unsigned int tail = sq->sqe_tail;
	struct io_uring_sqe *sqe;
	unsigned int index;

	if (tail - head >= sq->ring_entries)
		return NULL;

	/* As for CQ slots, a rarely taken shift for SQE128 rings. */
	index = tail & sq->ring_mask;
	if (__io_uring_rare(ring->flags & IORING_SETUP_SQE128))
		index <<= 1;
	sqe = &sq->sqes[index];
	sq->sqe_tail = tail + 1;
	__io_uring_clear_sqe(sqe);
	return sqe;
}

/*
 * Applications get the inline version; the library also exports a real
 * io_uring_get_sqe symbol for programs linked before it became inline.
 */
#ifndef LIBURING_INTERNAL
IOURINGINLINE struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	return _io_uring_get_sqe(ring);
}
#else
struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring) LIBURING_NOEXCEPT;
#endif

/*
 * A 128-byte SQE: any SQE of an SQE128 ring, or two adjacent slots of an
 * SQE_MIXED ring. A big SQE cannot wrap around the end of the array, so
 * when only the last slot is left before the wrap it is filled with a nop
 * whose success completion is skipped. NULL when there is no room, or when
 * the ring has neither flag.
 */
IOURINGINLINE struct io_uring_sqe *io_uring_get_sqe128(struct io_uring *ring)
	LIBURING_NOEXCEPT
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned int head = io_uring_load_sq_head(ring);
	unsigned int tail = sq->sqe_tail;
	struct io_uring_sqe *sqe;

	if (ring->flags & IORING_SETUP_SQE128)
		return _io_uring_get_sqe(ring);
	if (!(ring->flags & IORING_SETUP_SQE_MIXED))
		return NULL;

	if (((tail + 1) & sq->ring_mask) == 0) {
		/* Room for the filler nop plus both halves? */
		if ((tail + 2) - head >= sq->ring_entries)
			return NULL;
		sqe = _io_uring_get_sqe(ring);
		io_uring_prep_nop(sqe);
		sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
		tail = sq->sqe_tail;
	} else if ((tail + 1) - head >= sq->ring_entries) {
		return NULL;
	}

	sqe = &sq->sqes[tail & sq->ring_mask];
	sq->sqe_tail = tail + 2;
	__io_uring_clear_sqe(sqe);
	return sqe;
}

#include "liburing/buf_ring.h"

#ifdef __cplusplus
}
#endif

#ifdef IOURINGINLINE
#undef IOURINGINLINE
#endif
#ifdef _LOCAL_INLINE
#undef _LOCAL_INLINE
#endif

#endif
