/* SPDX-License-Identifier: MIT */
/*
 * Copy a file with a queue of reads and writes in flight at once.
 *
 *   ./examples/io-copy SRC DST
 *
 * Each of QD slots owns a buffer and walks one block through two states:
 * read it from SRC, then write it to DST. A short read or write is simply
 * resubmitted for the rest, so the copy is exact whatever the kernel does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <liburing.h>

#define QD		8
#define CHUNK_SIZE	(64 * 1024)

struct slot {
	off_t offset;		/* where this block lives in both files */
	unsigned int len;	/* bytes in the block */
	unsigned int done;	/* bytes of the current phase completed */
	int writing;		/* 0: reading from SRC, 1: writing to DST */
	char buf[CHUNK_SIZE];
};

static struct slot slots[QD];
static int in_fd, out_fd;

static void die(const char *what, int err)
{
	fprintf(stderr, "io-copy: %s: %s\n", what, strerror(err));
	exit(1);
}

/* Queue the next step of a slot: the rest of its read or of its write. */
static void queue_slot(struct io_uring *ring, struct slot *s)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	/* The ring has QD entries and at most QD requests are in flight. */
	if (!sqe)
		die("get_sqe", EBUSY);
	if (s->writing)
		io_uring_prep_write(sqe, out_fd, s->buf + s->done,
				    s->len - s->done, s->offset + s->done);
	else
		io_uring_prep_read(sqe, in_fd, s->buf + s->done,
				   s->len - s->done, s->offset + s->done);
	io_uring_sqe_set_data(sqe, s);
}

int main(int argc, char *argv[])
{
	unsigned long reads = 0, writes = 0;
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

	ret = io_uring_queue_init(QD, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	/* Start one block per slot, as far as the file goes. */
	for (i = 0; i < QD && next_offset < size; i++) {
		slots[i].offset = next_offset;
		slots[i].len = size - next_offset < CHUNK_SIZE ?
			       size - next_offset : CHUNK_SIZE;
		next_offset += slots[i].len;
		queue_slot(&ring, &slots[i]);
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
		s = io_uring_cqe_get_data(cqe);
		if (cqe->res < 0)
			die(s->writing ? "write" : "read", -cqe->res);
		if (cqe->res == 0)
			die(s->writing ? "write" : "read", EIO);
		s->writing ? writes++ : reads++;
		s->done += cqe->res;
		io_uring_cqe_seen(&ring, cqe);

		if (s->done < s->len) {
			queue_slot(&ring, s);		/* short: finish it */
		} else if (!s->writing) {
			s->writing = 1;			/* read done: write */
			s->done = 0;
			queue_slot(&ring, s);
		} else if (next_offset < size) {
			s->offset = next_offset;	/* reuse for the next */
			s->len = size - next_offset < CHUNK_SIZE ?
				 size - next_offset : CHUNK_SIZE;
			s->done = 0;
			s->writing = 0;
			next_offset += s->len;
			queue_slot(&ring, s);
		} else {
			inflight--;
		}
	}

	printf("copied %lld bytes with %lu reads and %lu writes\n",
	       (long long) size, reads, writes);
	io_uring_queue_exit(&ring);
	close(in_fd);
	if (close(out_fd) < 0)
		die("close", errno);
	return 0;
}
