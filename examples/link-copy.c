/* SPDX-License-Identifier: MIT */
/*
 * Copy a file with linked SQEs: each block is a read linked to a write.
 *
 *   ./examples/link-copy SRC DST
 *
 * IOSQE_IO_LINK makes the kernel start the write only once the read has
 * succeeded, so one submission moves a block with no round trip through
 * the application. If the read comes back short, the kernel breaks the
 * chain and the write completes with -ECANCELED; we then redo the block.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <liburing.h>

#define PAIRS		8		/* read->write chains in flight */
#define CHUNK_SIZE	(64 * 1024)

struct pair {
	off_t offset;
	unsigned int len;
	int pending;		/* CQEs still to come: 2 per chain */
	int read_res, write_res;
	char buf[CHUNK_SIZE];
};

static struct pair pairs[PAIRS];
static int in_fd, out_fd;

static void die(const char *what, int err)
{
	fprintf(stderr, "link-copy: %s: %s\n", what, strerror(err));
	exit(1);
}

/* user_data: pair index times two, plus one for the write. */
static void queue_pair(struct io_uring *ring, int idx)
{
	struct pair *p = &pairs[idx];
	struct io_uring_sqe *sqe;

	sqe = io_uring_get_sqe(ring);
	if (!sqe)
		die("get_sqe", EBUSY);
	io_uring_prep_read(sqe, in_fd, p->buf, p->len, p->offset);
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_sqe_set_data64(sqe, idx * 2);

	sqe = io_uring_get_sqe(ring);
	if (!sqe)
		die("get_sqe", EBUSY);
	io_uring_prep_write(sqe, out_fd, p->buf, p->len, p->offset);
	io_uring_sqe_set_data64(sqe, idx * 2 + 1);
	p->pending = 2;
}

int main(int argc, char *argv[])
{
	unsigned long chains = 0, retries = 0;
	off_t size, next_offset = 0;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int i, ret, inflight = 0;
	struct stat st;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SRC DST\n", argv[0]);
		return 2;
	}
	in_fd = open(argv[1], O_RDONLY);
	if (in_fd < 0)
		die(argv[1], errno);
	out_fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out_fd < 0)
		die(argv[2], errno);
	if (fstat(in_fd, &st) < 0)
		die("fstat", errno);
	size = st.st_size;

	ret = io_uring_queue_init(2 * PAIRS, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	for (i = 0; i < PAIRS && next_offset < size; i++) {
		pairs[i].offset = next_offset;
		pairs[i].len = size - next_offset < CHUNK_SIZE ?
			       size - next_offset : CHUNK_SIZE;
		next_offset += pairs[i].len;
		queue_pair(&ring, i);
		inflight++;
	}

	while (inflight) {
		struct pair *p;
		int idx, is_write;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		idx = io_uring_cqe_get_data64(cqe) / 2;
		is_write = io_uring_cqe_get_data64(cqe) % 2;
		p = &pairs[idx];
		if (is_write)
			p->write_res = cqe->res;
		else
			p->read_res = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		if (--p->pending)
			continue;	/* wait for both halves of the chain */

		chains++;
		if (p->read_res < 0)
			die("read", -p->read_res);
		if (p->read_res == 0)
			die("read: file shrank", EIO);
		if (p->write_res < 0 && p->write_res != -ECANCELED)
			die("write", -p->write_res);
		if (p->write_res != (int) p->len) {
			/* Short read or write: the whole block again. */
			retries++;
			queue_pair(&ring, idx);
			continue;
		}
		if (next_offset < size) {
			p->offset = next_offset;
			p->len = size - next_offset < CHUNK_SIZE ?
				 size - next_offset : CHUNK_SIZE;
			next_offset += p->len;
			queue_pair(&ring, idx);
		} else {
			inflight--;
		}
	}

	printf("copied %lld bytes with %lu linked read->write chains "
	       "(%lu retried)\n", (long long) size, chains, retries);
	io_uring_queue_exit(&ring);
	close(in_fd);
	if (close(out_fd) < 0)
		die("close", errno);
	return 0;
}
