/* SPDX-License-Identifier: MIT */
/*
 * Reads and writes on a real file and pipe: plain, vectored, with RWF_*
 * flags, from registered buffers, multishot with provided buffers; then
 * fsync, sync_file_range, fallocate, ftruncate, fadvise and madvise; links
 * between them, IOSQE_ASYNC, IOSQE_FIXED_FILE, IOSQE_CQE_SKIP_SUCCESS, and
 * the error each one gives for bad input.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "helpers.h"
#include "prep-util.h"

#define BS	4096

static struct io_uring ring;
static int fd;
static char wbuf[4 * BS], rbuf[4 * BS];

static void fill(char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char) (seed + i * 7);
}

#define RUN(prep_call)	T_RUN(&ring, prep_call)

static off_t file_size(void)
{
	struct stat st;

	t_assert(!fstat(fd, &st), "fstat");
	return st.st_size;
}

static void plain_rw(void)
{
	fill(wbuf, BS, 1);
	t_eq(RUN(io_uring_prep_write(sqe_, fd, wbuf, BS, 0)), BS);
	memset(rbuf, 0, BS);
	t_eq(RUN(io_uring_prep_read(sqe_, fd, rbuf, BS, 0)), BS);
	t_assert(!memcmp(rbuf, wbuf, BS), "read back differs");

	/* A short read at end of file, then 0 past it. */
	t_eq(RUN(io_uring_prep_read(sqe_, fd, rbuf, BS, BS - 10)), 10);
	t_eq(RUN(io_uring_prep_read(sqe_, fd, rbuf, BS, 2 * BS)), 0);

	/* Offset -1: the file position, which then moves. */
	t_eq(lseek(fd, 100, SEEK_SET), 100);
	t_eq(RUN(io_uring_prep_read(sqe_, fd, rbuf, 50, (__u64) -1)), 50);
	t_assert(!memcmp(rbuf, wbuf + 100, 50), "read at position differs");
	t_eq(lseek(fd, 0, SEEK_CUR), 150);

	t_eq(RUN(io_uring_prep_read(sqe_, -1, rbuf, BS, 0)), -EBADF);
	t_eq(RUN(io_uring_prep_read(sqe_, 9999, rbuf, BS, 0)), -EBADF);
	t_eq(RUN(io_uring_prep_read(sqe_, fd, (void *) 8, BS, 0)), -EFAULT);
	t_eq(RUN(io_uring_prep_write(sqe_, fd, (void *) 8, BS, 0)), -EFAULT);
}

static void vectored_rw(void)
{
	struct iovec wv[2] = {
		{ wbuf + BS, 1000 }, { wbuf + 2 * BS, BS },
	};
	struct iovec rv[2] = {
		{ rbuf + BS, 1000 }, { rbuf + 2 * BS, BS },
	};

	fill(wbuf + BS, 3 * BS, 9);
	t_eq(RUN(io_uring_prep_writev(sqe_, fd, wv, 2, BS)), 1000 + BS);
	memset(rbuf, 0, sizeof(rbuf));
	t_eq(RUN(io_uring_prep_readv(sqe_, fd, rv, 2, BS)), 1000 + BS);
	t_assert(!memcmp(rbuf + BS, wbuf + BS, 1000) &&
		 !memcmp(rbuf + 2 * BS, wbuf + 2 * BS, BS),
		 "readv back differs");

	/* RWF_* flags reach the kernel: RWF_DSYNC / RWF_NOWAIT succeed. */
	t_eq(RUN(io_uring_prep_writev2(sqe_, fd, wv, 1, 0, RWF_DSYNC)), 1000);
	/*
	 * A file without FMODE_NOWAIT refuses RWF_NOWAIT with -EOPNOTSUPP
	 * (tmpfs in the 5.10 to 6.12 guests): preadv2() says which answer
	 * this file gives, and the ring must give the same.
	 */
	if (preadv2(fd, rv, 1, 0, RWF_NOWAIT) < 0 && errno == EOPNOTSUPP)
		t_eq(RUN(io_uring_prep_readv2(sqe_, fd, rv, 1, 0, RWF_NOWAIT)),
		     -EOPNOTSUPP);
	else
		t_eq(RUN(io_uring_prep_readv2(sqe_, fd, rv, 1, 0, RWF_NOWAIT)),
		     1000);
	/* ...and an unknown one is refused. */
	t_eq(RUN(io_uring_prep_readv2(sqe_, fd, rv, 1, 0, 1 << 30)),
	     -EOPNOTSUPP);
	t_eq(RUN(io_uring_prep_writev2(sqe_, fd, wv, 1, 0, 1 << 30)),
	     -EOPNOTSUPP);
	t_eq(RUN(io_uring_prep_readv(sqe_, fd, (void *) 8, 1, 0)), -EFAULT);
}

static void fixed_rw(void)
{
	static char reg[2 * BS] __attribute__((aligned(4096)));
	struct iovec iov = { reg, sizeof(reg) };
	struct iovec wv[2] = { { reg, 100 }, { reg + 200, 300 } };
	struct iovec rv[2] = { { reg + BS, 100 }, { reg + BS + 200, 300 } };
	int ret;

	t_register_buffers(&ring, &iov, 1);
	fill(reg, BS, 33);
	t_eq(RUN(io_uring_prep_write_fixed(sqe_, fd, reg, BS, 0, 0)), BS);
	memset(reg + BS, 0, BS);
	t_eq(RUN(io_uring_prep_read_fixed(sqe_, fd, reg + BS, BS, 0, 0)), BS);
	t_assert(!memcmp(reg, reg + BS, BS), "read_fixed back differs");

	/* No buffer 5, and a range outside buffer 0. */
	t_eq(RUN(io_uring_prep_read_fixed(sqe_, fd, reg, 10, 0, 5)), -EFAULT);
	t_eq(RUN(io_uring_prep_read_fixed(sqe_, fd, rbuf, 10, 0, 0)),
	     -EFAULT);

	/* The vectored forms (Linux 6.15). */
	memset(reg + BS, 0, BS);
	ret = RUN(io_uring_prep_writev_fixed(sqe_, fd, wv, 2, 8 * BS, 0, 0));
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		printf("kernel lacks WRITEV_FIXED, not tested\n");
		return;
	}
	t_eq(ret, 400);
	t_eq(RUN(io_uring_prep_readv_fixed(sqe_, fd, rv, 2, 8 * BS, 0, 0)),
	     400);
	t_assert(!memcmp(reg, reg + BS, 100) &&
		 !memcmp(reg + 200, reg + BS + 200, 300),
		 "readv_fixed back differs");
	rv[0].iov_base = rbuf;
	t_eq(RUN(io_uring_prep_readv_fixed(sqe_, fd, rv, 2, 0, 0, 0)),
	     -EFAULT);
}

/*
 * Multishot read from a pipe: one CQE per write, each in the next provided
 * buffer, flagged F_MORE; closing the write end ends it.
 */
static void read_multishot(void)
{
	static char bufs[4][64];
	struct io_uring_sqe *sqe;
	int p[2], i;

	t_assert(!pipe2(p, O_CLOEXEC | O_NONBLOCK), "pipe");
	t_provide(&ring, bufs, 64, 4, 7);

	sqe = t_get_sqe(&ring);
	io_uring_prep_read_multishot(sqe, p[0], 0, 0, 7);
	sqe->user_data = 2;
	t_submit(&ring, 1);
	{
		/* Before Linux 6.7 the kernel refuses it at once. */
		struct __kernel_timespec ts = { .tv_nsec = 10000000 };
		struct io_uring_cqe *cqe;

		if (!io_uring_wait_cqe_timeout(&ring, &cqe, &ts)) {
			t_eq(cqe->user_data, 2);
			t_eq(cqe->res, -EINVAL);
			io_uring_cqe_seen(&ring, cqe);
			printf("kernel lacks multishot read (Linux 6.7), not tested\n");
			io_uring_prep_remove_buffers(t_get_sqe(&ring), 4, 7);
			t_submit(&ring, 1);
			t_expect_cqe(&ring, 0, 4, 0, T_WAIT_MS);
			close(p[0]);
			close(p[1]);
			return;
		}
	}

	for (i = 0; i < 2; i++) {
		char msg[16];
		int len = snprintf(msg, sizeof(msg), "chunk %d", i);

		t_write_all(p[1], msg, len);
		t_expect_cqe(&ring, 2, len,
			     IORING_CQE_F_BUFFER | IORING_CQE_F_MORE |
			     (i << IORING_CQE_BUFFER_SHIFT), T_WAIT_MS);
		t_assert(!memcmp(bufs[i], msg, len), "chunk %d differs", i);
	}
	/* End of file: res 0, no buffer consumed, and no F_MORE. */
	close(p[1]);
	t_expect_cqe(&ring, 2, 0, 0, T_WAIT_MS);
	t_expect_no_cqe(&ring, 10);
	close(p[0]);

	/* The two unused buffers are still in group 7. */
	sqe = t_get_sqe(&ring);
	io_uring_prep_remove_buffers(sqe, 16, 7);
	sqe->user_data = 1;
	t_eq(t_run_one(&ring, NULL), 2);

	/* A regular file cannot be polled for more data. */
	t_provide(&ring, bufs, 64, 1, 7);
	t_eq(RUN(io_uring_prep_read_multishot(sqe_, fd, 0, 0, 7)), -EBADFD);
	/* Without buffer selection the opcode is refused. */
	t_eq(RUN((io_uring_prep_read_multishot(sqe_, fd, 0, 0, 7),
		  io_uring_sqe_set_flags(sqe_, 0))), -EINVAL);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 16, 7)), 1);
}

static void sync_and_space(void)
{
	t_eq(RUN(io_uring_prep_fsync(sqe_, fd, 0)), 0);
	t_eq(RUN(io_uring_prep_fsync(sqe_, fd, IORING_FSYNC_DATASYNC)), 0);
	t_eq(RUN(io_uring_prep_fsync(sqe_, fd, 1U << 4)), -EINVAL);
	t_eq(RUN(io_uring_prep_fsync(sqe_, -1, 0)), -EBADF);

	t_eq(RUN(io_uring_prep_sync_file_range(sqe_, fd, BS, 0,
					       SYNC_FILE_RANGE_WRITE)), 0);
	t_eq(RUN(io_uring_prep_sync_file_range(sqe_, fd, BS, 0, 1 << 8)),
	     -EINVAL);

	/* fallocate grows the file, or not with FALLOC_FL_KEEP_SIZE. */
	t_eq(RUN(io_uring_prep_fallocate(sqe_, fd, 0, 0, 64 * BS)), 0);
	t_eq(file_size(), 64 * BS);
	t_eq(RUN(io_uring_prep_fallocate(sqe_, fd, FALLOC_FL_KEEP_SIZE,
					 64 * BS, 64 * BS)), 0);
	t_eq(file_size(), 64 * BS);
	t_eq(RUN(io_uring_prep_fallocate(sqe_, fd, 0, 0, 0)), -EINVAL);
}

static void truncate_and_advice(void)
{
	char *map;
	int ret;

	/* ftruncate (Linux 6.9) shrinks and grows. */
	ret = RUN(io_uring_prep_ftruncate(sqe_, fd, 12345));
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		printf("kernel lacks FTRUNCATE, not tested\n");
	} else {
		t_eq(ret, 0);
		t_eq(file_size(), 12345);
		t_eq(RUN(io_uring_prep_ftruncate(sqe_, fd, 1LL << 20)), 0);
		t_eq(file_size(), 1 << 20);
		t_eq(RUN(io_uring_prep_ftruncate(sqe_, fd, -1)), -EINVAL);
	}

	t_eq(RUN(io_uring_prep_fadvise(sqe_, fd, 0, BS,
				       POSIX_FADV_DONTNEED)), 0);
	ret = RUN(io_uring_prep_fadvise64(sqe_, fd, 0, 1LL << 33,
					  POSIX_FADV_WILLNEED));
	if (ret == -EINVAL && !t_kernel_at_least(6, 7))
		printf("kernel lacks 64-bit fadvise lengths (Linux 6.7), not tested\n");
	else
		t_eq(ret, 0);
	t_eq(RUN(io_uring_prep_fadvise(sqe_, fd, 0, BS, 99)), -EINVAL);
	t_eq(RUN(io_uring_prep_fadvise(sqe_, -1, 0, BS, 0)), -EBADF);

	/* MADV_DONTNEED on private anonymous memory zeroes it. */
	map = mmap(NULL, 2 * BS, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_assert(map != MAP_FAILED, "mmap");
	memset(map, 'x', 2 * BS);
	t_eq(RUN(io_uring_prep_madvise(sqe_, map, BS, MADV_DONTNEED)), 0);
	t_eq(map[0], 0);
	t_eq(map[BS], 'x');
	ret = RUN(io_uring_prep_madvise64(sqe_, map + BS, BS, MADV_DONTNEED));
	if (ret == -EINVAL && !t_kernel_at_least(6, 7)) {
		printf("kernel lacks 64-bit madvise lengths (Linux 6.7), not tested\n");
	} else {
		t_eq(ret, 0);
		t_eq(map[BS], 0);
	}
	t_eq(RUN(io_uring_prep_madvise(sqe_, map, BS, 12345)), -EINVAL);
	munmap(map, 2 * BS);
}

/*
 * write -> fsync -> read as one chain; a failing link cancels the rest,
 * a failing hardlink does not; IOSQE_ASYNC and IOSQE_CQE_SKIP_SUCCESS.
 */
static void links_and_flags(void)
{
	struct io_uring_sqe *sqe;
	int i;

	fill(wbuf, BS, 77);
	memset(rbuf, 0, BS);
	sqe = t_get_sqe(&ring);
	io_uring_prep_write(sqe, fd, wbuf, BS, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	sqe->user_data = 10;
	sqe = t_get_sqe(&ring);
	io_uring_prep_fsync(sqe, fd, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	sqe->user_data = 11;
	sqe = t_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, rbuf, BS, 0);
	sqe->user_data = 12;
	t_submit(&ring, 3);
	t_expect_cqe(&ring, 10, BS, 0, T_WAIT_MS);
	t_expect_cqe(&ring, 11, 0, 0, T_WAIT_MS);
	t_expect_cqe(&ring, 12, BS, 0, T_WAIT_MS);
	t_assert(!memcmp(rbuf, wbuf, BS), "linked read differs");

	/* A bad read breaks the chain: the two after it are cancelled. */
	sqe = t_get_sqe(&ring);
	io_uring_prep_read(sqe, -1, rbuf, BS, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	sqe->user_data = 20;
	sqe = t_get_sqe(&ring);
	io_uring_prep_write(sqe, fd, wbuf, BS, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	sqe->user_data = 21;
	sqe = t_get_sqe(&ring);
	io_uring_prep_fsync(sqe, fd, 0);
	sqe->user_data = 22;
	t_submit(&ring, 3);
	t_expect_cqe(&ring, 20, -EBADF, 0, T_WAIT_MS);
	t_expect_cqe(&ring, 21, -ECANCELED, 0, T_WAIT_MS);
	t_expect_cqe(&ring, 22, -ECANCELED, 0, T_WAIT_MS);

	/* A hard link carries on. */
	sqe = t_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, (void *) 8, BS, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_HARDLINK);
	sqe->user_data = 30;
	sqe = t_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, rbuf, 10, 0);
	sqe->user_data = 31;
	t_submit(&ring, 2);
	t_expect_cqe(&ring, 30, -EFAULT, 0, T_WAIT_MS);
	t_expect_cqe(&ring, 31, 10, 0, T_WAIT_MS);

	/* Forced to a worker: same result. */
	memset(rbuf, 0, BS);
	t_eq(RUN((io_uring_prep_read(sqe_, fd, rbuf, BS, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_ASYNC))), BS);
	t_assert(!memcmp(rbuf, wbuf, BS), "async read differs");

	/* Successes skipped, a failure still reported (Linux 5.17). */
	if (!(ring.features & IORING_FEAT_CQE_SKIP)) {
		printf("kernel lacks IOSQE_CQE_SKIP_SUCCESS, not tested\n");
		return;
	}
	for (i = 0; i < 3; i++) {
		sqe = t_get_sqe(&ring);
		io_uring_prep_write(sqe, fd, wbuf + i * 16, 16, i * 16);
		io_uring_sqe_set_flags(sqe, IOSQE_CQE_SKIP_SUCCESS);
		sqe->user_data = 40 + i;
	}
	sqe = t_get_sqe(&ring);
	io_uring_prep_write(sqe, -1, wbuf, 16, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_CQE_SKIP_SUCCESS);
	sqe->user_data = 43;
	t_submit(&ring, 4);
	t_expect_cqe(&ring, 43, -EBADF, 0, T_WAIT_MS);
	t_expect_no_cqe(&ring, 10);
}

static void fixed_file(void)
{
	int files[2] = { -1, fd };

	t_register_files(&ring, files, 2);
	memset(rbuf, 0, BS);
	t_eq(RUN((io_uring_prep_read(sqe_, 1, rbuf, BS, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), BS);
	t_assert(!memcmp(rbuf, wbuf, BS), "fixed file read differs");
	/* An empty slot and one past the table. */
	t_eq(RUN((io_uring_prep_read(sqe_, 0, rbuf, BS, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), -EBADF);
	t_eq(RUN((io_uring_prep_read(sqe_, 2, rbuf, BS, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), -EBADF);
}

int main(void)
{
	char *dir, path[256];
	int fds_before = t_count_fds();

	t_ring_init(&ring, 8, 0);
	dir = t_tmpdir();
	snprintf(path, sizeof(path), "%s/data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	t_assert(fd >= 0, "open %s", path);

	plain_rw();
	vectored_rw();
	fixed_rw();
	read_multishot();
	sync_and_space();
	truncate_and_advice();
	links_and_flags();
	fixed_file();

	io_uring_queue_exit(&ring);
	close(fd);
	t_tmpdir_done(dir);
	t_eq(t_count_fds(), fds_before);
	return T_PASS;
}
