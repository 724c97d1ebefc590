/* SPDX-License-Identifier: MIT */
/*
 * A thread pool reading one file through one ring shared by all threads.
 *
 *   ./examples/shared-reads [-t THREADS] [-d DEPTH] FILE
 *
 * The file is cut into 64 KiB blocks; THREADS workers (default 4) take
 * blocks from a shared counter and each keeps up to DEPTH (default 2) of
 * its reads in flight on the one ring, through the uringx_shared layer of
 * <liburing/ext.h>: reserve an SQE, prepare it with io_uring_prep_read(),
 * submit it, and wait for that read by its handle. The block number
 * travels in user_data and comes back in the completion. No worker has a
 * ring of its own and none writes a lock. Prints the bytes read, the
 * number of reads, and a checksum of the file (the sum of its bytes),
 * and how many io_uring_enter() calls the layer made for them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <liburing.h>
#include <liburing/ext.h>

#define BLOCK		65536
#define MAX_DEPTH	16

static struct uringx_shared *sh;
static int file_fd;
static unsigned long long nr_blocks;
static atomic_ullong next_block, total_bytes, total_sum, total_reads;
static unsigned int depth = 2;

static void die(const char *what, int err)
{
	fprintf(stderr, "shared-reads: %s: %s\n", what, strerror(-err));
	exit(1);
}

/* One read in flight: its handle, block and buffer. */
struct pending {
	__u64 req;
	unsigned long long block;
	unsigned char buf[BLOCK];
};

/* Queue a read of the next block into p; false when none is left. */
static bool start_read(struct pending *p)
{
	struct io_uring_sqe *sqe;
	int ret;

	p->block = atomic_fetch_add(&next_block, 1);
	if (p->block >= nr_blocks)
		return false;
	ret = uringx_shared_get_sqes(sh, &sqe, &p->req, 1,
		&(struct __kernel_timespec) { .tv_sec = 5 });
	if (ret)
		die("get_sqes", ret);
	io_uring_prep_read(sqe, file_fd, p->buf, BLOCK, p->block * BLOCK);
	io_uring_sqe_set_data64(sqe, p->block);
	ret = uringx_shared_submit(sh, &p->req, 1, 0);
	if (ret)
		die("submit", ret);
	return true;
}

static void *worker(void *arg)
{
	struct pending *p = calloc(depth, sizeof(*p));
	unsigned long long sum = 0, bytes = 0, reads = 0;
	unsigned int i, live = 0;
	bool busy[MAX_DEPTH];

	if (!p)
		die("calloc", -ENOMEM);
	for (i = 0; i < depth; i++) {
		busy[i] = start_read(&p[i]);
		live += busy[i];
	}
	/* Wait for each slot's read in turn, refill it, until all is read. */
	for (i = 0; live; i = (i + 1) % depth) {
		struct uringx_completion c;
		int ret, j;

		if (!busy[i])
			continue;
		ret = uringx_shared_wait(sh, p[i].req, &c, NULL);
		if (ret)
			die("wait", ret);
		if (c.res < 0)
			die("read", c.res);
		if (c.user_data != p[i].block)
			die("user_data", -EPROTO);
		/* Regular files read whole blocks, the last one aside. */
		for (j = 0; j < c.res; j++)
			sum += p[i].buf[j];
		bytes += (unsigned int) c.res;
		reads++;
		busy[i] = start_read(&p[i]);
		if (!busy[i])
			live--;
	}
	atomic_fetch_add(&total_sum, sum);
	atomic_fetch_add(&total_bytes, bytes);
	atomic_fetch_add(&total_reads, reads);
	free(p);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned int threads = 4, i;
	struct uringx_shared_stats st;
	struct io_uring ring;
	pthread_t th[64];
	struct stat sb;
	int opt, ret;

	while ((opt = getopt(argc, argv, "t:d:")) != -1) {
		if (opt == 't')
			threads = (unsigned int) atoi(optarg);
		else if (opt == 'd')
			depth = (unsigned int) atoi(optarg);
		else
			break;
	}
	if (optind != argc - 1 || !threads || threads > 64 || !depth ||
	    depth > MAX_DEPTH) {
		fprintf(stderr, "usage: shared-reads [-t THREADS (1..64)] "
			"[-d DEPTH (1..16)] FILE\n");
		return 2;
	}
	file_fd = open(argv[optind], O_RDONLY);
	if (file_fd < 0)
		die(argv[optind], -errno);
	if (fstat(file_fd, &sb))
		die("fstat", -errno);
	nr_blocks = ((unsigned long long) sb.st_size + BLOCK - 1) / BLOCK;

	ret = io_uring_queue_init(64, &ring, 0);
	if (ret)
		die("queue_init", ret);
	ret = uringx_shared_new(&ring, 0, 0, &sh);
	if (ret)
		die("uringx_shared_new", ret);
	for (i = 0; i < threads; i++)
		if (pthread_create(&th[i], NULL, worker, NULL))
			die("pthread_create", -EAGAIN);
	for (i = 0; i < threads; i++)
		pthread_join(th[i], NULL);
	uringx_shared_get_stats(sh, &st);
	ret = uringx_shared_free(sh);
	if (ret)
		die("uringx_shared_free", ret);
	io_uring_queue_exit(&ring);
	close(file_fd);

	printf("shared-reads: %llu bytes in %llu reads by %u threads, "
	       "sum %llu, %llu enters\n",
	       (unsigned long long) atomic_load(&total_bytes),
	       (unsigned long long) atomic_load(&total_reads), threads,
	       (unsigned long long) atomic_load(&total_sum),
	       (unsigned long long) st.enters);
	return 0;
}
