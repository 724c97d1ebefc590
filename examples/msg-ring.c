/* SPDX-License-Identifier: MIT */
/*
 * Two threads, one ring each, talking with MSG_RING requests.
 *
 *   ./examples/msg-ring [ROUNDS]
 *
 * A MSG_RING SQE submitted on one ring posts a CQE on another: the
 * target's user_data and res are whatever the sender chose. Thread A and
 * thread B bounce a counter ROUNDS times (default 1000), each adding one.
 * Then A hands B a file it registered, with io_uring_prep_msg_ring_fd():
 * the kernel installs it straight into B's file table, B writes through
 * it, and A reads what B wrote. The sender's own ring also gets a CQE for
 * each MSG_RING: res 0, or the error.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <liburing.h>

/* user_data values: what a CQE means to the ring that gets it. */
enum { SENT = 1, COUNTER, FILE_ARRIVED, QUIT, WRITTEN, READ_DONE };

static struct io_uring ring_a, ring_b;
static int rounds;

static void die(const char *what, int err)
{
	fprintf(stderr, "msg-ring: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(struct io_uring *ring, __u64 data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		die("get_sqe", EBUSY);
	io_uring_sqe_set_data64(sqe, data);
	return sqe;
}

/* Post "res = value, user_data = what" on the other ring. */
static void send_msg(struct io_uring *from, struct io_uring *to,
		     unsigned int value, __u64 what)
{
	io_uring_prep_msg_ring(get_sqe(from, SENT), to->ring_fd, value, what,
			       0);
}

/* Wait for the next CQE that is not the echo of our own MSG_RING. */
static void next_cqe(struct io_uring *ring, __u64 *what, int *res)
{
	struct io_uring_cqe *cqe;
	int ret;

	for (;;) {
		ret = io_uring_submit_and_wait(ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		*what = io_uring_cqe_get_data64(cqe);
		*res = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		if (*what != SENT)
			return;
		if (*res < 0)
			die("msg_ring", -*res);
	}
}

static void *thread_b(void *arg)
{
	static const char hello[] = "written by B through A's file";
	__u64 what;
	int res;

	(void) arg;
	for (;;) {
		next_cqe(&ring_b, &what, &res);
		if (what == COUNTER) {
			send_msg(&ring_b, &ring_a, res + 1, COUNTER);
		} else if (what == FILE_ARRIVED) {
			/* res: the slot of our table the file landed in. */
			struct io_uring_sqe *sqe = get_sqe(&ring_b, WRITTEN);

			io_uring_prep_write(sqe, res, hello, strlen(hello), 0);
			sqe->flags |= IOSQE_FIXED_FILE;
		} else if (what == WRITTEN) {
			if (res < 0)
				die("B: write", -res);
			send_msg(&ring_b, &ring_a, res, WRITTEN);
		} else if (what == QUIT) {
			return NULL;
		}
	}
}

int main(int argc, char *argv[])
{
	int ret, res, fds[2];
	pthread_t b;
	char buf[64];
	__u64 what;

	rounds = argc > 1 ? atoi(argv[1]) : 1000;
	if (rounds < 1) {
		fprintf(stderr, "usage: %s [ROUNDS (1 or more)]\n", argv[0]);
		return 2;
	}
	ret = io_uring_queue_init(16, &ring_a, 0);
	if (ret < 0)
		die("queue_init", -ret);
	ret = io_uring_queue_init(16, &ring_b, 0);
	if (ret < 0)
		die("queue_init", -ret);
	/* B gets an empty file table with one slot to receive into. */
	ret = io_uring_register_files_sparse(&ring_b, 1);
	if (ret < 0)
		die(ret == -EINVAL ?
		    "register_files_sparse (needs Linux 5.19)" :
		    "register_files_sparse", -ret);
	ret = pthread_create(&b, NULL, thread_b, NULL);
	if (ret)
		die("pthread_create", ret);

	/* Ping-pong: A sends 0, B answers 1, A sends 2, ... */
	send_msg(&ring_a, &ring_b, 0, COUNTER);
	for (;;) {
		next_cqe(&ring_a, &what, &res);
		if (what != COUNTER)
			die("A: unexpected CQE", EPROTO);
		if (res >= 2 * rounds - 1)
			break;
		send_msg(&ring_a, &ring_b, res + 1, COUNTER);
	}
	printf("msg-ring: %d round trips, counter reached %d\n", rounds, res);

	/* Register a pipe's write end in A's table, pass it to B's slot 0. */
	if (pipe(fds) < 0)
		die("pipe", errno);
	ret = io_uring_register_files(&ring_a, &fds[1], 1);
	if (ret < 0)
		die("register_files", -ret);
	io_uring_prep_msg_ring_fd(get_sqe(&ring_a, SENT), ring_b.ring_fd,
				  0, 0, FILE_ARRIVED, 0);
	next_cqe(&ring_a, &what, &res);
	if (what != WRITTEN)
		die("A: unexpected CQE", EPROTO);

	/* B has written res bytes into the pipe: read them back. */
	io_uring_prep_read(get_sqe(&ring_a, READ_DONE), fds[0], buf,
			   sizeof(buf) - 1, 0);
	next_cqe(&ring_a, &what, &res);
	if (res < 0)
		die("A: read", -res);
	buf[res] = '\0';
	printf("msg-ring: passed a file to B, read back \"%s\"\n", buf);

	send_msg(&ring_a, &ring_b, 0, QUIT);
	io_uring_submit(&ring_a);
	pthread_join(b, NULL);
	io_uring_queue_exit(&ring_a);
	io_uring_queue_exit(&ring_b);
	close(fds[0]);
	close(fds[1]);
	return 0;
}
