/* SPDX-License-Identifier: MIT */
/*
 * A readiness event loop on multishot poll.
 *
 *   ./examples/poll-loop [PIPES [MESSAGES]]
 *
 * Code written for poll(2) or epoll (non-blocking fds, read until
 * EAGAIN) moves onto a ring with one IORING_OP_POLL_ADD per fd in
 * multishot mode: it stays armed and posts a CQE, with the ready mask in
 * res, every time the fd becomes ready. A producer thread writes MESSAGES
 * lines (default 100) spread over PIPES pipes (default 4), then closes
 * them. At end-of-file the loop cancels the fd's poll with
 * io_uring_prep_poll_remove() before closing it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <liburing.h>

#define MAX_PIPES	64
#define REMOVE_TAG	(1ULL << 32)	/* user_data of a poll_remove */

enum { OPEN, REMOVING, CLOSED };

static int rfd[MAX_PIPES], wfd[MAX_PIPES], state[MAX_PIPES];
static int npipes, nmessages;
static struct io_uring ring;

static void die(const char *what, int err)
{
	fprintf(stderr, "poll-loop: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe) {
		io_uring_submit(&ring);
		sqe = io_uring_get_sqe(&ring);
		if (!sqe)
			die("get_sqe", EBUSY);
	}
	return sqe;
}

/* user_data of pipe i's poll is i: that is how poll_remove finds it. */
static void arm_poll(int i)
{
	struct io_uring_sqe *sqe = get_sqe();

	io_uring_prep_poll_multishot(sqe, rfd[i], POLLIN);
	io_uring_sqe_set_data64(sqe, i);
}

static void *producer(void *arg)
{
	char line[32];
	int k, len;

	(void) arg;
	for (k = 0; k < nmessages; k++) {
		len = snprintf(line, sizeof(line), "message %d\n", k);
		if (write(wfd[k % npipes], line, len) != len)
			die("write", errno);
	}
	for (k = 0; k < npipes; k++)
		close(wfd[k]);
	return NULL;
}

int main(int argc, char *argv[])
{
	int i, ret, open_pipes, fds[2], count[MAX_PIPES] = { 0 };
	int total = 0, events = 0;
	struct io_uring_cqe *cqe;
	pthread_t thread;
	char buf[4096];

	npipes = argc > 1 ? atoi(argv[1]) : 4;
	nmessages = argc > 2 ? atoi(argv[2]) : 100;
	if (npipes < 1 || npipes > MAX_PIPES || nmessages < 0) {
		fprintf(stderr, "usage: %s [PIPES (1..%d) [MESSAGES]]\n",
			argv[0], MAX_PIPES);
		return 2;
	}
	ret = io_uring_queue_init(2 * MAX_PIPES, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	for (i = 0; i < npipes; i++) {
		if (pipe(fds) < 0)
			die("pipe", errno);
		rfd[i] = fds[0];
		wfd[i] = fds[1];
		/* Readiness-style: read until EAGAIN, never block. */
		fcntl(rfd[i], F_SETFL, fcntl(rfd[i], F_GETFL) | O_NONBLOCK);
		arm_poll(i);
	}
	io_uring_submit(&ring);
	ret = pthread_create(&thread, NULL, producer, NULL);
	if (ret)
		die("pthread_create", ret);

	open_pipes = npipes;
	while (open_pipes) {
		__u64 data;
		int more, res;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		data = io_uring_cqe_get_data64(cqe);
		res = cqe->res;
		more = cqe->flags & IORING_CQE_F_MORE;
		io_uring_cqe_seen(&ring, cqe);

		if (data & REMOVE_TAG) {
			/* -ENOENT: the poll had already ended by itself. */
			if (res < 0 && res != -ENOENT)
				die("poll_remove", -res);
			continue;
		}
		i = data;
		if (state[i] == REMOVING) {
			/* Its last CQE (-ECANCELED): now it can be closed. */
			if (!more) {
				state[i] = CLOSED;
				close(rfd[i]);
				open_pipes--;
			}
			continue;
		}
		if (res < 0)
			die("poll", -res);
		events++;

		/* Ready: drain it, counting lines. */
		for (;;) {
			ssize_t n = read(rfd[i], buf, sizeof(buf));

			if (n < 0 && errno == EAGAIN)
				break;
			if (n < 0)
				die("read", errno);
			if (n == 0) {		/* end of file: stop polling */
				struct io_uring_sqe *sqe = get_sqe();

				printf("pipe %d: %d messages, then end of "
				       "file\n", i, count[i]);
				state[i] = REMOVING;
				io_uring_prep_poll_remove(sqe, i);
				io_uring_sqe_set_data64(sqe, REMOVE_TAG | i);
				break;
			}
			for (ssize_t j = 0; j < n; j++)
				count[i] += buf[j] == '\n';
		}
		if (!more && state[i] == REMOVING) {
			state[i] = CLOSED;	/* the poll was over anyway */
			close(rfd[i]);
			open_pipes--;
		} else if (!more) {
			arm_poll(i);		/* the kernel ended it: rearm */
		}
	}

	pthread_join(thread, NULL);
	for (i = 0; i < npipes; i++)
		total += count[i];
	printf("poll-loop: %d messages from %d pipes in %d poll events\n",
	       total, npipes, events);
	io_uring_queue_exit(&ring);
	return total == nmessages ? 0 : 1;
}
