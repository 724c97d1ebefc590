/* SPDX-License-Identifier: MIT */
/*
 * Copy a file through registered buffers and registered files.
 *
 *   ./examples/fixed-copy SRC DST
 *
 * Registering buffers pins their pages once, instead of on every I/O;
 * registering files lets each request name a slot of the ring's file
 * table instead of a descriptor the kernel must look up and reference.
 * The requests are READ_FIXED / WRITE_FIXED with IOSQE_FIXED_FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <liburing.h>

#define QD		8
#define CHUNK_SIZE	(64 * 1024)
#define SRC_SLOT	0	/* indexes in the registered file table */
#define DST_SLOT	1

struct slot {
	off_t offset;
	unsigned int len;
	unsigned int done;
	int writing;
};

static struct slot slots[QD];
static struct iovec iovs[QD];	/* slot i uses registered buffer i */

static void die(const char *what, int err)
{
	fprintf(stderr, "fixed-copy: %s: %s\n", what, strerror(err));
	exit(1);
}

static void queue_slot(struct io_uring *ring, int i)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct slot *s = &slots[i];
	char *buf = (char *) iovs[i].iov_base + s->done;

	if (!sqe)
		die("get_sqe", EBUSY);
	/* The buffer must lie inside registered buffer i. */
	if (s->writing)
		io_uring_prep_write_fixed(sqe, DST_SLOT, buf, s->len - s->done,
					  s->offset + s->done, i);
	else
		io_uring_prep_read_fixed(sqe, SRC_SLOT, buf, s->len - s->done,
					 s->offset + s->done, i);
	sqe->flags |= IOSQE_FIXED_FILE;
	io_uring_sqe_set_data64(sqe, i);
}

static void start_block(struct io_uring *ring, int i, off_t *next, off_t size)
{
	slots[i].offset = *next;
	slots[i].len = size - *next < CHUNK_SIZE ? size - *next : CHUNK_SIZE;
	slots[i].done = 0;
	slots[i].writing = 0;
	*next += slots[i].len;
	queue_slot(ring, i);
}

int main(int argc, char *argv[])
{
	off_t size, next_offset = 0;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int fds[2], i, ret, inflight = 0;
	struct stat st;
	char *mem;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SRC DST\n", argv[0]);
		return 2;
	}
	fds[SRC_SLOT] = open(argv[1], O_RDONLY);
	if (fds[SRC_SLOT] < 0)
		die(argv[1], errno);
	fds[DST_SLOT] = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fds[DST_SLOT] < 0)
		die(argv[2], errno);
	if (fstat(fds[SRC_SLOT], &st) < 0)
		die("fstat", errno);
	size = st.st_size;

	ret = io_uring_queue_init(QD, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	/* One allocation, cut into QD page-aligned registered buffers. */
	ret = posix_memalign((void **) &mem, 4096, QD * CHUNK_SIZE);
	if (ret)
		die("posix_memalign", ret);
	for (i = 0; i < QD; i++) {
		iovs[i].iov_base = mem + i * CHUNK_SIZE;
		iovs[i].iov_len = CHUNK_SIZE;
	}
	ret = io_uring_register_buffers(&ring, iovs, QD);
	if (ret < 0)
		die("register_buffers", -ret);
	ret = io_uring_register_files(&ring, fds, 2);
	if (ret < 0)
		die("register_files", -ret);
	/* The file table holds its own references: the fds can go now. */
	close(fds[SRC_SLOT]);
	close(fds[DST_SLOT]);

	for (i = 0; i < QD && next_offset < size; i++) {
		start_block(&ring, i, &next_offset, size);
		inflight++;
	}

	while (inflight) {
		struct slot *s;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		i = io_uring_cqe_get_data64(cqe);
		s = &slots[i];
		if (cqe->res <= 0)
			die(s->writing ? "write_fixed" : "read_fixed",
			    cqe->res ? -cqe->res : EIO);
		s->done += cqe->res;
		io_uring_cqe_seen(&ring, cqe);

		if (s->done < s->len) {
			queue_slot(&ring, i);
		} else if (!s->writing) {
			s->writing = 1;
			s->done = 0;
			queue_slot(&ring, i);
		} else if (next_offset < size) {
			start_block(&ring, i, &next_offset, size);
		} else {
			inflight--;
		}
	}

	printf("copied %lld bytes through %d registered buffers and "
	       "2 registered files\n", (long long) size, QD);
	/* Unregistering drops the last references and closes the files. */
	io_uring_unregister_files(&ring);
	io_uring_unregister_buffers(&ring);
	io_uring_queue_exit(&ring);
	free(mem);
	return 0;
}
