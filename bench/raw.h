/* SPDX-License-Identifier: MIT */
/*
 * The floor: a ring driven by hand with syscall(2) and the kernel ABI of
 * <liburing/io_uring.h>, no library at all.
 *
 * It offers only the calls the benchmarks make, under liburing's names and
 * with the meaning they have there, so that one benchmark source builds
 * against a library or against this file. Each call does the least the
 * kernel ABI asks for on a ring without SQPOLL or IOPOLL: no feature
 * checks, no errno hygiene, no internal timeouts. It is not a library and
 * must not become one; it exists to show what the library costs on top.
 */
#ifndef BENCH_RAW_H
#define BENCH_RAW_H

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <liburing/io_uring.h>

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup	425
#define __NR_io_uring_enter	426
#define __NR_io_uring_register	427
#endif

struct io_uring {
	/* SQ: we own the tail, the kernel the head. */
	unsigned int *sq_khead;
	unsigned int *sq_ktail;
	struct io_uring_sqe *sqes;
	unsigned int sq_mask;
	unsigned int sq_entries;
	unsigned int sqe_tail;		/* next SQE to hand out */
	unsigned int sq_published;	/* last value stored to *sq_ktail */

	/* CQ: the kernel owns the tail, we the head. */
	unsigned int *cq_khead;
	unsigned int *cq_ktail;
	struct io_uring_cqe *cqes;
	unsigned int cq_mask;

	int ring_fd;
	unsigned int flags;
	void *ring_ptr;
	size_t ring_sz;
	size_t sqes_sz;
};

#if defined(BENCH_RAW_INLINE_SYSCALL) && defined(__x86_64__)
/*
 * The "asm" build: the syscall instruction in line, as a library may do on
 * x86_64. The kernel takes arguments in rdi, rsi, rdx, r10, r8, r9, returns
 * in rax (-errno on failure) and clobbers rcx and r11.
 */
static inline long raw_syscall6(long nr, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a" (ret)
			 : "0" (nr), "D" (a1), "S" (a2), "d" (a3), "r" (r10),
			   "r" (r8), "r" (r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#define raw_sys(nr, a1, a2, a3, a4, a5, a6) \
	((int) raw_syscall6((nr), (long) (a1), (long) (a2), (long) (a3), \
			    (long) (a4), (long) (a5), (long) (a6)))
#else
/* syscall(2) reports failure as -1 and errno. */
static inline int raw_result(long ret)
{
	return ret < 0 ? -errno : (int) ret;
}
#define raw_sys(nr, a1, a2, a3, a4, a5, a6) \
	raw_result(syscall((nr), (a1), (a2), (a3), (a4), (a5), (a6)))
#endif

static inline int raw_enter(struct io_uring *ring, unsigned int submit,
			    unsigned int wait_nr, unsigned int flags,
			    const void *arg, size_t sz)
{
	return raw_sys(__NR_io_uring_enter, ring->ring_fd, submit, wait_nr,
		       flags, arg, sz);
}

static inline int io_uring_register(unsigned int fd, unsigned int opcode,
				    const void *arg, unsigned int nr_args)
{
	return raw_sys(__NR_io_uring_register, fd, opcode, arg, nr_args, 0, 0);
}

/*
 * One mapping holds both rings (IORING_FEAT_SINGLE_MMAP, Linux 5.4); the
 * floor does not bother with older kernels.
 */
static inline int raw_map(struct io_uring *ring, struct io_uring_params *p)
{
	size_t sq_sz = p->sq_off.array + p->sq_entries * sizeof(unsigned int);
	size_t cq_sz = p->cq_off.cqes +
		       p->cq_entries * sizeof(struct io_uring_cqe);
	char *ptr;

	if (!(p->features & IORING_FEAT_SINGLE_MMAP))
		return -ENOSYS;
	ring->ring_sz = sq_sz > cq_sz ? sq_sz : cq_sz;
	ptr = mmap(NULL, ring->ring_sz, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_POPULATE, ring->ring_fd, IORING_OFF_SQ_RING);
	if (ptr == MAP_FAILED)
		return -errno;
	ring->ring_ptr = ptr;

	ring->sqes_sz = p->sq_entries * sizeof(struct io_uring_sqe);
	ring->sqes = mmap(NULL, ring->sqes_sz, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, ring->ring_fd,
			  IORING_OFF_SQES);
	if (ring->sqes == MAP_FAILED) {
		munmap(ptr, ring->ring_sz);
		return -errno;
	}

	ring->sq_khead = (unsigned int *) (ptr + p->sq_off.head);
	ring->sq_ktail = (unsigned int *) (ptr + p->sq_off.tail);
	ring->sq_mask = p->sq_entries - 1;
	ring->sq_entries = p->sq_entries;
	ring->cq_khead = (unsigned int *) (ptr + p->cq_off.head);
	ring->cq_ktail = (unsigned int *) (ptr + p->cq_off.tail);
	ring->cqes = (struct io_uring_cqe *) (ptr + p->cq_off.cqes);
	ring->cq_mask = p->cq_entries - 1;
	ring->sqe_tail = ring->sq_published = *ring->sq_ktail;

	if (!(p->flags & IORING_SETUP_NO_SQARRAY)) {
		unsigned int *array = (unsigned int *) (ptr + p->sq_off.array);
		unsigned int i;

		/* Slot i names SQE i, once and for all. */
		for (i = 0; i < p->sq_entries; i++)
			array[i] = i;
	}
	return 0;
}

static inline int io_uring_queue_init_params(unsigned int entries,
					     struct io_uring *ring,
					     struct io_uring_params *p)
{
	unsigned int flags = p->flags;
	int fd, ret;

	memset(ring, 0, sizeof(*ring));
	/* No SQ index array where the kernel allows it (Linux 6.6). */
	p->flags = flags | IORING_SETUP_NO_SQARRAY;
	fd = raw_sys(__NR_io_uring_setup, entries, p, 0, 0, 0, 0);
	if (fd == -EINVAL) {
		p->flags = flags;
		fd = raw_sys(__NR_io_uring_setup, entries, p, 0, 0, 0, 0);
	}
	if (fd < 0)
		return fd;
	ring->ring_fd = fd;
	ring->flags = p->flags;
	ret = raw_map(ring, p);
	if (ret)
		close(fd);
	return ret;
}

static inline int io_uring_queue_init(unsigned int entries,
				      struct io_uring *ring, unsigned int flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_queue_init_params(entries, ring, &p);
}

static inline void io_uring_queue_exit(struct io_uring *ring)
{
	munmap(ring->sqes, ring->sqes_sz);
	munmap(ring->ring_ptr, ring->ring_sz);
	close(ring->ring_fd);
}

/* Without SQPOLL the head moves only inside our own io_uring_enter(). */
static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	unsigned int tail = ring->sqe_tail;

	if (tail - *ring->sq_khead >= ring->sq_entries)
		return NULL;
	ring->sqe_tail = tail + 1;
	return &ring->sqes[tail & ring->sq_mask];
}

/* Zero the whole SQE in four vector stores, then fill the common fields. */
static inline void raw_prep(struct io_uring_sqe *sqe, int op, int fd,
			    const void *addr, unsigned int len, __u64 off)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = (__u8) op;
	sqe->fd = fd;
	sqe->addr = (uintptr_t) addr;
	sqe->len = len;
	sqe->off = off;
}

static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	raw_prep(sqe, IORING_OP_NOP, -1, NULL, 0, 0);
}

static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd,
				      void *buf, unsigned int nbytes,
				      __u64 offset)
{
	raw_prep(sqe, IORING_OP_READ, fd, buf, nbytes, offset);
}

static inline void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd,
					    void *buf, unsigned int nbytes,
					    __u64 offset, int buf_index)
{
	raw_prep(sqe, IORING_OP_READ_FIXED, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16) buf_index;
}

static inline void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd,
					  unsigned int len, __u64 data,
					  unsigned int flags)
{
	raw_prep(sqe, IORING_OP_MSG_RING, fd, NULL, len, data);
	sqe->msg_ring_flags = flags;
}

static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe,
					  unsigned int flags)
{
	sqe->flags = (__u8) flags;
}

static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe,
					   __u64 data)
{
	sqe->user_data = data;
}

/*
 * Publish the SQEs handed out since last time. Without SQPOLL the kernel
 * reads the tail only inside the io_uring_enter() that follows, which
 * orders it: a plain store is enough.
 */
static inline unsigned int raw_publish(struct io_uring *ring)
{
	unsigned int submit = ring->sqe_tail - ring->sq_published;

	ring->sq_published = ring->sqe_tail;
	__atomic_store_n(ring->sq_ktail, ring->sqe_tail, __ATOMIC_RELAXED);
	return submit;
}

static inline int io_uring_submit_and_wait(struct io_uring *ring,
					   unsigned int wait_nr)
{
	return raw_enter(ring, raw_publish(ring), wait_nr,
			 wait_nr ? IORING_ENTER_GETEVENTS : 0, NULL, 0);
}

static inline int io_uring_submit(struct io_uring *ring)
{
	return io_uring_submit_and_wait(ring, 0);
}

static inline int io_uring_peek_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
{
	/* Acquire pairs with the kernel's release of the CQ tail. */
	unsigned int tail = __atomic_load_n(ring->cq_ktail, __ATOMIC_ACQUIRE);
	unsigned int head = *ring->cq_khead;

	if (tail == head)
		return -EAGAIN;
	*cqe_ptr = &ring->cqes[head & ring->cq_mask];
	return 0;
}

static inline int io_uring_wait_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
{
	for (;;) {
		int ret;

		if (!io_uring_peek_cqe(ring, cqe_ptr))
			return 0;
		ret = raw_enter(ring, 0, 1, IORING_ENTER_GETEVENTS, NULL, 0);
		if (ret < 0)
			return ret;
	}
}

static inline int io_uring_wait_cqe_timeout(struct io_uring *ring,
					    struct io_uring_cqe **cqe_ptr,
					    struct __kernel_timespec *ts)
{
	struct io_uring_getevents_arg arg;
	int ret;

	if (!io_uring_peek_cqe(ring, cqe_ptr))
		return 0;
	memset(&arg, 0, sizeof(arg));
	arg.ts = (uintptr_t) ts;
	ret = raw_enter(ring, 0, 1,
			IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, &arg,
			sizeof(arg));
	if (ret < 0)
		return ret;
	return io_uring_peek_cqe(ring, cqe_ptr) ? -ETIME : 0;
}

/* Release: our reads of the CQEs finish before the kernel reuses them. */
static inline void io_uring_cq_advance(struct io_uring *ring, unsigned int nr)
{
	__atomic_store_n(ring->cq_khead, *ring->cq_khead + nr,
			 __ATOMIC_RELEASE);
}

static inline void io_uring_cqe_seen(struct io_uring *ring,
				     struct io_uring_cqe *cqe)
{
	(void) cqe;
	io_uring_cq_advance(ring, 1);
}

/* Walk the posted CQEs; io_uring_cq_advance() consumes them afterwards. */
#define io_uring_for_each_cqe(ring, head, cqe)				\
	for ((head) = *(ring)->cq_khead;				\
	     ((cqe) = ((head) != __atomic_load_n((ring)->cq_ktail,	\
						 __ATOMIC_ACQUIRE) ?	\
		       &(ring)->cqes[(head) & (ring)->cq_mask] : NULL)); \
	     (head)++)

static inline unsigned int io_uring_peek_batch_cqe(struct io_uring *ring,
						   struct io_uring_cqe **cqes,
						   unsigned int count)
{
	unsigned int head = *ring->cq_khead;
	unsigned int ready = __atomic_load_n(ring->cq_ktail,
					     __ATOMIC_ACQUIRE) - head;
	unsigned int i;

	if (count > ready)
		count = ready;
	for (i = 0; i < count; i++)
		cqes[i] = &ring->cqes[(head + i) & ring->cq_mask];
	return count;
}

static inline int io_uring_register_buffers(struct io_uring *ring,
					    const struct iovec *iovecs,
					    unsigned int nr)
{
	return io_uring_register(ring->ring_fd, IORING_REGISTER_BUFFERS,
				 iovecs, nr);
}

static inline int io_uring_register_files(struct io_uring *ring,
					  const int *files, unsigned int nr)
{
	return io_uring_register(ring->ring_fd, IORING_REGISTER_FILES, files,
				 nr);
}

/* MSG_RING without a source ring (Linux 6.13). */
static inline int io_uring_register_sync_msg(struct io_uring_sqe *sqe)
{
	return io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING, sqe, 1);
}

#endif
