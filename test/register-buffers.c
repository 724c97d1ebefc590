/* SPDX-License-Identifier: MIT */
/*
 * Fixed buffers: register, use with READ_FIXED/WRITE_FIXED, update, tag,
 * sparse tables, clone into another ring, and every argument error.
 */
#include <sys/mman.h>
#include <sys/uio.h>

#include "register-util.h"

#define BUF_SZ	4096
#define NR_BUFS	4

static char *bufs[NR_BUFS];
static struct iovec iovs[NR_BUFS];

static void fill(char *buf, char c)
{
	memset(buf, c, BUF_SZ);
}

static void expect_filled(const char *buf, char c)
{
	int i;

	for (i = 0; i < BUF_SZ; i++)
		if (buf[i] != c)
			t_fail("byte %d is 0x%x, expected 0x%x", i, buf[i], c);
}

/* Write registered buffer widx to the file, read it back into ridx. */
static void round_trip(struct io_uring *ring, int fd, unsigned int widx,
		       char *wbuf, unsigned int ridx, char *rbuf)
{
	t_queue_fixed_rw(ring, IORING_OP_WRITE_FIXED, fd, wbuf, BUF_SZ, 0,
			 widx, 1);
	t_submit(ring, 1);
	t_expect_cqe(ring, 1, BUF_SZ, 0, 5000);
	t_queue_fixed_rw(ring, IORING_OP_READ_FIXED, fd, rbuf, BUF_SZ, 0,
			 ridx, 2);
	t_submit(ring, 1);
	t_expect_cqe(ring, 2, BUF_SZ, 0, 5000);
}

static void plain_buffers(struct io_uring *ring, int fd)
{
	t_eq(io_uring_register_buffers(ring, iovs, 2), 0);
	/* One table per ring. */
	t_eq(io_uring_register_buffers(ring, iovs, 2), -EBUSY);

	fill(bufs[0], 'a');
	fill(bufs[1], 0);
	round_trip(ring, fd, 0, bufs[0], 1, bufs[1]);
	expect_filled(bufs[1], 'a');

	/* An address outside the registered buffer is refused. */
	t_queue_fixed_rw(ring, IORING_OP_READ_FIXED, fd, bufs[2], BUF_SZ, 0,
			 1, 3);
	t_submit(ring, 1);
	t_expect_cqe(ring, 3, -EFAULT, 0, 5000);
	/* So is an index past the table. */
	t_queue_fixed_rw(ring, IORING_OP_READ_FIXED, fd, bufs[0], BUF_SZ, 0,
			 2, 4);
	t_submit(ring, 1);
	t_expect_cqe(ring, 4, -EFAULT, 0, 5000);

	/* Update slot 1 to point at buffer 2: reads now land there. */
	t_eq(io_uring_register_buffers_update_tag(ring, 1, &iovs[2], NULL, 1),
	     1);
	fill(bufs[0], 'b');
	fill(bufs[1], 0);
	fill(bufs[2], 0);
	round_trip(ring, fd, 0, bufs[0], 1, bufs[2]);
	expect_filled(bufs[2], 'b');
	expect_filled(bufs[1], 0);

	/* Updates past the end are refused. */
	t_eq(io_uring_register_buffers_update_tag(ring, 2, &iovs[0], NULL, 1),
	     -EINVAL);

	t_eq(io_uring_unregister_buffers(ring), 0);
	t_eq(io_uring_unregister_buffers(ring), -ENXIO);
	t_queue_fixed_rw(ring, IORING_OP_READ_FIXED, fd, bufs[0], BUF_SZ, 0,
			 0, 5);
	t_submit(ring, 1);
	t_expect_cqe(ring, 5, -EFAULT, 0, 5000);
}

/* Collect n tag CQEs (res 0, flags 0) and check they are exactly tags[]. */
static void expect_tags(struct io_uring *ring, const __u64 *tags, int n)
{
	struct __kernel_timespec ts = { .tv_sec = 5 };
	bool seen[8] = { false };
	struct io_uring_cqe *cqe;
	int i, j;

	for (i = 0; i < n; i++) {
		t_eq(io_uring_wait_cqe_timeout(ring, &cqe, &ts), 0);
		t_eq(cqe->res, 0);
		t_eq(cqe->flags, 0);
		for (j = 0; j < n; j++)
			if (!seen[j] && cqe->user_data == tags[j])
				break;
		t_assert(j < n, "unexpected tag CQE %llu",
			 (unsigned long long) cqe->user_data);
		seen[j] = true;
		io_uring_cqe_seen(ring, cqe);
	}
	t_expect_no_cqe(ring, 50);
}

static void tagged_buffers(struct io_uring *ring, int fd)
{
	__u64 tags[2] = { 11, 22 };
	__u64 new_tag = 33;
	__u64 zero = 0;

	t_eq(io_uring_register_buffers_tags(ring, iovs, tags, 2), 0);
	fill(bufs[0], 'c');
	fill(bufs[1], 0);
	round_trip(ring, fd, 0, bufs[0], 1, bufs[1]);
	expect_filled(bufs[1], 'c');
	t_expect_no_cqe(ring, 20);

	/* Replacing slot 0 releases the old buffer: its tag is posted. */
	t_eq(io_uring_register_buffers_update_tag(ring, 0, &iovs[3], &new_tag,
						  1), 1);
	expect_tags(ring, &tags[0], 1);

	/* A tag on a NULL (empty) slot is refused. */
	{
		struct iovec empty = { 0 };

		t_eq(io_uring_register_buffers_update_tag(ring, 1, &empty,
							  &new_tag, 1),
		     -EINVAL);
		/* Emptying slot 1 without a tag posts 22. */
		t_eq(io_uring_register_buffers_update_tag(ring, 1, &empty,
							  &zero, 1), 1);
		expect_tags(ring, &tags[1], 1);
	}

	/* Unregistering releases the rest: 33 now. */
	t_eq(io_uring_unregister_buffers(ring), 0);
	/*
	 * Before the 6.13 resource-node rework unregistering drops the tags
	 * of the slots still filled. No feature bit says so; RW_ATTR came
	 * in the same release.
	 */
	if (ring->features & IORING_FEAT_RW_ATTR)
		expect_tags(ring, &new_tag, 1);
	else
		t_expect_no_cqe(ring, 20);
}

static void sparse_buffers(struct io_uring *ring, int fd)
{
	int ret = io_uring_register_buffers_sparse(ring, NR_BUFS);

	if (ret == -EINVAL && !t_kernel_at_least(5, 19)) {
		printf("kernel lacks sparse buffer tables (Linux 5.19), not tested\n");
		return;
	}
	t_eq(ret, 0);
	/* Empty slots cannot be used... */
	t_queue_fixed_rw(ring, IORING_OP_READ_FIXED, fd, bufs[0], BUF_SZ, 0,
			 3, 1);
	t_submit(ring, 1);
	t_expect_cqe(ring, 1, -EFAULT, 0, 5000);
	/* ...until filled in. */
	t_eq(io_uring_register_buffers_update_tag(ring, 3, &iovs[3], NULL, 1),
	     1);
	t_eq(io_uring_register_buffers_update_tag(ring, 0, &iovs[0], NULL, 1),
	     1);
	fill(bufs[0], 'd');
	fill(bufs[3], 0);
	round_trip(ring, fd, 0, bufs[0], 3, bufs[3]);
	expect_filled(bufs[3], 'd');
	t_eq(io_uring_unregister_buffers(ring), 0);
	t_eq(io_uring_register_buffers_sparse(ring, 0), -EINVAL);
	t_eq(io_uring_register_buffers_sparse(ring, 1U << 20), -EINVAL);
}

static void clone_buffers(struct io_uring *src, int fd)
{
	struct io_uring dst;
	int ret;

	t_ring_init(&dst, 8, 0);
	/* Nothing to clone yet. */
	ret = io_uring_clone_buffers(&dst, src);
	if (ret == -EINVAL)
		t_skip("kernel has no IORING_REGISTER_CLONE_BUFFERS");
	t_eq(ret, -ENXIO);

	t_eq(io_uring_register_buffers(src, iovs, 2), 0);
	t_eq(io_uring_clone_buffers(&dst, src), 0);
	/* dst reads into the buffers src registered. */
	fill(bufs[0], 'e');
	fill(bufs[1], 0);
	round_trip(&dst, fd, 0, bufs[0], 1, bufs[1]);
	expect_filled(bufs[1], 'e');

	/* A table exists: plain cloning again is refused... */
	t_eq(io_uring_clone_buffers(&dst, src), -EBUSY);
	/* 6.12 clones whole tables only: DST_REPLACE is an unknown flag. */
	{
		struct io_uring empty;

		t_ring_init(&empty, 8, 0);
		ret = __io_uring_clone_buffers(&empty, src,
					       IORING_REGISTER_DST_REPLACE);
		io_uring_queue_exit(&empty);
		if (ret == -EINVAL)
			t_skip("kernel lacks IORING_REGISTER_DST_REPLACE and clone ranges (6.13)");
		t_eq(ret, 0);
	}
	/* ...unless asked to replace; a range can land at an offset. */
	t_eq(io_uring_clone_buffers_offset(&dst, src, 2, 1, 1,
					   IORING_REGISTER_DST_REPLACE), 0);
	fill(bufs[0], 'f');
	fill(bufs[1], 0);
	round_trip(&dst, fd, 0, bufs[0], 2, bufs[1]);
	expect_filled(bufs[1], 'f');
	/* Source range past its table. */
	t_eq(io_uring_clone_buffers_offset(&dst, src, 0, 1, 2,
					   IORING_REGISTER_DST_REPLACE),
	     -EOVERFLOW);
	/* Unknown flag bits. */
	t_eq(__io_uring_clone_buffers(&dst, src, 0x80), -EINVAL);

	/* Through a registered source ring index, with the __ form. */
	t_eq(io_uring_unregister_buffers(&dst), 0);
	t_eq(io_uring_register_ring_fd(src), 1);
	t_eq(__io_uring_clone_buffers(&dst, src,
				      IORING_REGISTER_SRC_REGISTERED), 0);
	t_eq(__io_uring_clone_buffers_offset(&dst, src, 0, 0, 1,
				IORING_REGISTER_SRC_REGISTERED |
				IORING_REGISTER_DST_REPLACE), 0);
	t_eq(io_uring_unregister_ring_fd(src), 1);
	t_eq(io_uring_unregister_buffers(src), 0);
	io_uring_queue_exit(&dst);
}

/*
 * The kernel refuses a buffer over 1 GiB, and a zero-length one that has
 * a base address, with EFAULT (not EINVAL). The big mapping is fully
 * mapped and never touched, so the error can only come from the size
 * check: nothing gets pinned.
 */
static void big_and_empty(struct io_uring *ring)
{
	size_t len = (1UL << 30) + 4096;
	struct iovec iov;
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		t_fail("mmap of 1 GiB + 4 KiB");
	iov.iov_base = p;
	iov.iov_len = len;
	t_eq(io_uring_register_buffers(ring, &iov, 1), -EFAULT);
	t_eq(io_uring_register_buffers_tags(ring, &iov, NULL, 1), -EFAULT);
	munmap(p, len);

	iov.iov_base = bufs[0];
	iov.iov_len = 0;
	t_eq(io_uring_register_buffers(ring, &iov, 1), -EFAULT);
	/* Only NULL with length 0 is an empty slot. */
	iov.iov_base = NULL;
	t_eq(io_uring_register_buffers(ring, &iov, 1), 0);
	t_eq(io_uring_unregister_buffers(ring), 0);
}

static void bad_args(struct io_uring *ring)
{
	struct iovec bad = { .iov_base = NULL, .iov_len = BUF_SZ };
	struct io_uring fake;
	int nullfd, ret;

	/*
	 * Valgrind checks the whole array before the kernel sees it: a NULL
	 * one, and one of 1 << 20 entries that the kernel refuses unread.
	 */
	t_valgrind_quiet(true);
	t_eq(io_uring_register_buffers(ring, NULL, 1), -EFAULT);
	t_eq(io_uring_register_buffers(ring, iovs, 1U << 20), -EINVAL);
	t_valgrind_quiet(false);
	t_eq(io_uring_register_buffers(ring, iovs, 0), -EINVAL);
	t_eq(io_uring_register_buffers(ring, &bad, 1), -EFAULT);
	big_and_empty(ring);
	/*
	 * With the tagged form a NULL array means all-empty (sparse, Linux
	 * 5.19; before, the kernel reads the NULL array: -EFAULT).
	 */
	ret = io_uring_register_buffers_tags(ring, NULL, NULL, 1);
	if (ret != -EFAULT || t_kernel_at_least(5, 19)) {
		t_eq(ret, 0);
		t_eq(io_uring_unregister_buffers(ring), 0);
	}
	t_eq(io_uring_register_buffers_tags(ring, iovs, NULL, 0), -EINVAL);
	t_eq(io_uring_register_buffers_update_tag(ring, 0, iovs, NULL, 1),
	     -ENXIO);
	t_eq_null(io_uring_register_buffers(NULL, iovs, 1), -EFAULT);
	t_eq_null(io_uring_clone_buffers(ring, NULL), -EFAULT);

	t_fake_ring(&fake, t_closed_fd());
	t_eq(io_uring_register_buffers(&fake, iovs, 1), -EBADF);
	t_eq(io_uring_unregister_buffers(&fake), -EBADF);
	nullfd = open("/dev/null", O_RDONLY);
	t_fake_ring(&fake, nullfd);
	t_eq(io_uring_register_buffers(&fake, iovs, 1), -EOPNOTSUPP);
	t_eq_since(6, 12, io_uring_clone_buffers(ring, &fake), -EOPNOTSUPP);
	close(nullfd);
}

int main(void)
{
	struct io_uring ring;
	int fds, maps, fd, i;

	for (i = 0; i < NR_BUFS; i++) {
		if (posix_memalign((void **) &bufs[i], 4096, BUF_SZ))
			t_fail("posix_memalign");
		iovs[i].iov_base = bufs[i];
		iovs[i].iov_len = BUF_SZ;
	}
	fd = t_tmpfile();
	fds = t_count_fds();
	maps = t_count_maps();

	t_ring_init(&ring, 8, 0);
	bad_args(&ring);
	plain_buffers(&ring, fd);
	tagged_buffers(&ring, fd);
	sparse_buffers(&ring, fd);
	clone_buffers(&ring, fd);
	io_uring_queue_exit(&ring);

	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	close(fd);
	for (i = 0; i < NR_BUFS; i++)
		free(bufs[i]);
	return T_PASS;
}
