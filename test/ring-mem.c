/* SPDX-License-Identifier: MIT */
/*
 * io_uring_queue_init_mem(): the ring lives in memory the caller gives. It
 * returns the bytes used, which io_uring_memory_size() predicts; a buffer
 * one byte short is -ENOMEM, and the rest of the buffer can host another
 * ring. Nothing is mapped or opened behind the caller's back on failure.
 */
#include <sys/mman.h>

#include "mode-util.h"

#define BUF_SIZE	(1024 * 1024)

static char *map_buf(void)
{
	char *buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	t_assert(buf != MAP_FAILED, "mmap");
	/* Garbage, as memory handed to us may hold. */
	memset(buf, 0xa5, BUF_SIZE);
	return buf;
}

static int init_mem(struct io_uring *ring, unsigned int entries,
		    unsigned int flags, void *buf, size_t size)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_queue_init_mem(entries, ring, &p, buf, size);
}

static void in_caller_memory(unsigned int entries, unsigned int flags)
{
	ssize_t need = io_uring_memory_size(entries, flags);
	char *buf = map_buf();
	int fds = t_count_fds(), maps = t_count_maps();
	struct io_uring ring;
	int ret;

	t_assert(need > 0, "memory_size(%u, 0x%x) = %zd", entries, flags,
		 need);

	/* One byte short: -ENOMEM, and nothing left behind. */
	ret = init_mem(&ring, entries, flags, buf, need - 1);
	t_eq(ret, -ENOMEM);
	t_eq(t_count_fds(), fds);

	ret = init_mem(&ring, entries, flags, buf, need);
	if (ret == -EINVAL || ret == -EOPNOTSUPP)
		t_skip("no IORING_SETUP_NO_MMAP (Linux 6.5)");
	t_eq(ret, need);
	t_assert(ring.flags & IORING_SETUP_NO_MMAP, "ring flags 0x%x",
		 ring.flags);
	t_eq(t_count_maps(), maps);	/* nothing but our buffer */

	/* Everything the kernel shares with us is inside buf. */
	t_assert((char *) ring.sq.sqes == buf, "SQEs not at buf");
	t_assert((char *) ring.cq.ring_ptr >= buf &&
		 (char *) ring.cq.ring_ptr < buf + need, "rings outside buf");
	t_assert((char *) ring.cq.cqes + (ring.cq.ring_entries <<
		 io_uring_cqe_shift(&ring)) * sizeof(struct io_uring_cqe) <=
		 buf + need, "CQEs run past the size reported");
	t_eq(*ring.sq.khead, 0);
	t_eq(*ring.cq.ktail, 0);
	t_roundtrip(&ring, true);

	/* A second ring in the rest of the same buffer. */
	{
		struct io_uring second;

		ret = init_mem(&second, entries, flags, buf + need,
			       BUF_SIZE - need);
		t_eq(ret, need);
		t_roundtrip(&second, false);
		t_roundtrip(&ring, false);
		io_uring_queue_exit(&second);
	}

	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	/* The buffer is still the caller's, and still mapped. */
	buf[0] = 1;
	munmap(buf, BUF_SIZE);
}

static void bad_arguments(void)
{
	char *buf = map_buf();
	int fds = t_count_fds(), maps = t_count_maps();
	struct io_uring ring;

	t_eq(init_mem(&ring, 0, 0, buf, BUF_SIZE), -EINVAL);
	t_eq(init_mem(&ring, 65536, 0, buf, BUF_SIZE), -EINVAL);
	t_eq(init_mem(&ring, 8, 0, buf, 0), -ENOMEM);
	/* The kernel wants both parts page aligned. */
	t_eq(init_mem(&ring, 8, 0, buf + 64, BUF_SIZE - 64), -EINVAL);
	/* REGISTERED_FD_ONLY and all: still the caller's memory. */
	t_eq(init_mem(&ring, 8, IORING_SETUP_SQPOLL | IORING_SETUP_COOP_TASKRUN,
		      buf, BUF_SIZE), -EINVAL);
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	munmap(buf, BUF_SIZE);
}

int main(void)
{
	in_caller_memory(8, 0);
	in_caller_memory(64, 0);
	in_caller_memory(256, IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
	in_caller_memory(16, IORING_SETUP_SINGLE_ISSUER |
			 IORING_SETUP_DEFER_TASKRUN);
	bad_arguments();
	return T_PASS;
}
