/* SPDX-License-Identifier: MIT */
/*
 * read OPS [fixed|foreach]
 *
 * 4 KiB reads of a file in the page cache at queue depth 32: 32 times
 * get_sqe + prep_read, one submit_and_wait(32), then wait_cqe + cqe_seen
 * for each. "fixed" reads into registered buffers from a registered file
 * (prep_read_fixed + IOSQE_FIXED_FILE). "foreach" reaps the 32 with one
 * for_each_cqe walk and one cq_advance(32) instead.
 */
#include <fcntl.h>
#include <sys/uio.h>

#include "bench.h"

#define DEPTH		32
#define BLOCK		4096
#define FILE_BLOCKS	256	/* 1 MiB: eight steps before offsets repeat */

static struct io_uring ring;
static int file_fd = -1;
static int fixed;
static int foreach;
static char *bufs;
static unsigned long long next_block;

/* An unlinked temporary file, written so that its pages are cached. */
static int make_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	char block[BLOCK];
	int fd, i;

	snprintf(path, sizeof(path), "%s/bench-read-XXXXXX", dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	unlink(path);
	memset(block, 0xa5, sizeof(block));
	for (i = 0; i < FILE_BLOCKS; i++) {
		if (write(fd, block, sizeof(block)) != sizeof(block)) {
			close(fd);
			return -EIO;
		}
	}
	return fd;
}

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	struct iovec iov[DEPTH];
	int i, ret;

	fixed = argc > 0 && !strcmp(argv[0], "fixed");
	foreach = argc > 0 && !strcmp(argv[0], "foreach");
	file_fd = make_file();
	if (file_fd < 0)
		return bench_setup_error("temporary file", file_fd);
	if (posix_memalign((void **) &bufs, BLOCK, DEPTH * BLOCK)) {
		close(file_fd);
		return bench_say(BENCH_FAIL, "out of memory");
	}
	memset(bufs, 0, DEPTH * BLOCK);
	ret = io_uring_queue_init(64, &ring, 0);
	if (ret)
		goto fail;
	if (fixed) {
		for (i = 0; i < DEPTH; i++) {
			iov[i].iov_base = bufs + i * BLOCK;
			iov[i].iov_len = BLOCK;
		}
		ret = io_uring_register_buffers(&ring, iov, DEPTH);
		if (!ret)
			ret = io_uring_register_files(&ring, &file_fd, 1);
		if (ret) {
			io_uring_queue_exit(&ring);
			goto fail;
		}
	}
	*step_ops = DEPTH;
	return BENCH_OK;
fail:
	close(file_fd);
	free(bufs);
	return bench_setup_error(fixed ? "fixed setup" : "queue_init", ret);
}

static int bench_run(unsigned long steps)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	unsigned int i, head;
	int ret;

	while (steps--) {
		for (i = 0; i < DEPTH; i++) {
			__u64 off = (next_block++ % FILE_BLOCKS) * BLOCK;
			char *buf = bufs + i * BLOCK;

			sqe = io_uring_get_sqe(&ring);
			if (!sqe)
				return bench_say(BENCH_FAIL, "SQ full");
			if (fixed) {
				io_uring_prep_read_fixed(sqe, 0, buf, BLOCK,
							 off, i);
				io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
			} else {
				io_uring_prep_read(sqe, file_fd, buf, BLOCK,
						   off);
			}
		}
		ret = io_uring_submit_and_wait(&ring, DEPTH);
		if (ret != DEPTH)
			return bench_say(BENCH_FAIL, "submit: %d", ret);
		if (foreach) {
			i = 0;
			io_uring_for_each_cqe(&ring, head, cqe) {
				if (cqe->res != BLOCK)
					return bench_say(BENCH_FAIL,
							 "read: %d", cqe->res);
				i++;
			}
			if (i != DEPTH)
				return bench_say(BENCH_FAIL, "saw %u", i);
			io_uring_cq_advance(&ring, DEPTH);
			continue;
		}
		for (i = 0; i < DEPTH; i++) {
			ret = io_uring_wait_cqe(&ring, &cqe);
			if (ret || cqe->res != BLOCK)
				return bench_say(BENCH_FAIL, "read: %d/%d",
						 ret, ret ? 0 : cqe->res);
			io_uring_cqe_seen(&ring, cqe);
		}
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&ring);
	close(file_fd);
	free(bufs);
}
