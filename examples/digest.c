/* SPDX-License-Identifier: MIT */
/*
 * Checksum a file with DEPTH reads in flight, optionally with SQPOLL.
 *
 *   ./examples/digest [--sqpoll] [-d DEPTH] FILE
 *
 * Prints "CRC SIZE FILE", the POSIX cksum(1) CRC, so the output can be
 * compared with `cksum FILE`. Reads complete in any order but a CRC must
 * see the bytes in order: block b always lives in slot b % DEPTH, and the
 * digest consumes slots in block order, refilling each one as it goes.
 *
 * With --sqpoll a kernel thread polls the submission queue: while it is
 * awake, io_uring_submit() needs no system call at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <liburing.h>

#define CHUNK_SIZE	(32 * 1024)
#define MAX_DEPTH	64

struct slot {
	unsigned long long block;	/* which block of the file */
	unsigned int len;	/* bytes this block should have */
	unsigned int done;	/* bytes read so far */
	char buf[CHUNK_SIZE];
};

static struct slot slots[MAX_DEPTH];
static unsigned int crc_table[256];
static int fd;

static void die(const char *what, int err)
{
	fprintf(stderr, "digest: %s: %s\n", what, strerror(err));
	exit(1);
}

/* The cksum(1) CRC: polynomial 0x04C11DB7, most significant bit first. */
static void crc_init(void)
{
	unsigned int i, bit, c;

	for (i = 0; i < 256; i++) {
		c = i << 24;
		for (bit = 0; bit < 8; bit++)
			c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
		crc_table[i] = c;
	}
}

static unsigned int crc_update(unsigned int crc, const unsigned char *p,
			       size_t len)
{
	while (len--)
		crc = (crc << 8) ^ crc_table[(crc >> 24) ^ *p++];
	return crc;
}

/* Read (the rest of) a slot's block; user_data is the slot index. */
static void queue_read(struct io_uring *ring, unsigned int idx)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct slot *s = &slots[idx];

	if (!sqe)
		die("get_sqe", EBUSY);
	io_uring_prep_read(sqe, fd, s->buf + s->done, s->len - s->done,
			   s->block * CHUNK_SIZE + s->done);
	io_uring_sqe_set_data64(sqe, idx);
}

static void start_block(struct io_uring *ring, unsigned long long block,
			unsigned int depth, off_t size)
{
	struct slot *s = &slots[block % depth];
	off_t left = size - (off_t) (block * CHUNK_SIZE);

	s->block = block;
	s->len = left < CHUNK_SIZE ? left : CHUNK_SIZE;
	s->done = 0;
	queue_read(ring, block % depth);
}

int main(int argc, char *argv[])
{
	struct io_uring_params params;
	unsigned long long next_block = 0, consumed = 0, nblocks;
	unsigned int depth = 8, crc = 0;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int opt, ret, sqpoll = 0;
	struct option longopts[] = {
		{ "sqpoll", no_argument, NULL, 's' },
		{ "depth", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned char len_byte;
	struct stat st;
	off_t size, n;

	while ((opt = getopt_long(argc, argv, "sd:", longopts, NULL)) != -1) {
		if (opt == 's') {
			sqpoll = 1;
		} else if (opt == 'd') {
			depth = atoi(optarg);
		} else {
			fprintf(stderr, "usage: %s [--sqpoll] [-d DEPTH] "
				"FILE\n", argv[0]);
			return 2;
		}
	}
	if (optind != argc - 1 || depth < 1 || depth > MAX_DEPTH) {
		fprintf(stderr, "usage: %s [--sqpoll] [-d 1..%d] FILE\n",
			argv[0], MAX_DEPTH);
		return 2;
	}
	fd = open(argv[optind], O_RDONLY);
	if (fd < 0)
		die(argv[optind], errno);
	if (fstat(fd, &st) < 0)
		die("fstat", errno);
	size = st.st_size;
	nblocks = (size + CHUNK_SIZE - 1) / CHUNK_SIZE;

	memset(&params, 0, sizeof(params));
	if (sqpoll) {
		params.flags = IORING_SETUP_SQPOLL;
		params.sq_thread_idle = 100;	/* ms before it sleeps */
	}
	ret = io_uring_queue_init_params(depth, &ring, &params);
	if (ret < 0)
		die(sqpoll ? "queue_init with SQPOLL" : "queue_init", -ret);

	crc_init();
	/* Fill the window: block b goes to slot b % depth. */
	for (; next_block < nblocks && next_block < depth; next_block++)
		start_block(&ring, next_block, depth, size);

	while (consumed < nblocks) {
		struct slot *s;
		unsigned int idx;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		idx = io_uring_cqe_get_data64(cqe);
		if (cqe->res <= 0)
			die("read", cqe->res ? -cqe->res : EIO);
		s = &slots[idx];
		s->done += cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		if (s->done < s->len) {
			queue_read(&ring, idx);		/* short: the rest */
			continue;
		}

		/* Digest every complete block at the head, in order. */
		while (consumed < nblocks) {
			s = &slots[consumed % depth];
			if (s->block != consumed || s->done < s->len)
				break;
			crc = crc_update(crc, (unsigned char *) s->buf, s->len);
			consumed++;
			/* The slot is free: refill it with the next block. */
			if (next_block < nblocks)
				start_block(&ring, next_block++, depth, size);
		}
	}

	/* cksum(1) ends with the length, least significant byte first. */
	for (n = size; n; n >>= 8) {
		len_byte = n & 0xff;
		crc = crc_update(crc, &len_byte, 1);
	}
	printf("%u %lld %s\n", ~crc, (long long) size, argv[optind]);
	io_uring_queue_exit(&ring);
	close(fd);
	return 0;
}
