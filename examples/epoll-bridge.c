/* SPDX-License-Identifier: MIT */
/*
 * Drive an existing epoll set from a ring.
 *
 *   ./examples/epoll-bridge
 *
 * Code built around epoll (a library that hands you its epoll fd, say)
 * can live in an io_uring event loop: the ring manages the set with
 * IORING_OP_EPOLL_CTL and waits on it with IORING_OP_EPOLL_WAIT
 * (Linux 6.15), whose CQE says how many epoll_events were filled in.
 * On an older kernel the ring polls the epoll fd itself, which is
 * readable when an event is pending, then calls epoll_wait(2) with a zero
 * timeout. Three eventfds stand in for the library's fds.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <liburing.h>

#define NFDS	3

static struct io_uring ring;
static int have_epoll_wait, have_epoll_ctl;

static void die(const char *what, int err)
{
	fprintf(stderr, "epoll-bridge: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe)
		die("get_sqe", EBUSY);
	return sqe;
}

/* Submit what is queued, wait for one CQE and return its result. */
static int run(void)
{
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_submit_and_wait(&ring, 1);
	if (ret < 0)
		die("submit_and_wait", -ret);
	ret = io_uring_peek_cqe(&ring, &cqe);
	if (ret < 0)
		die("peek_cqe", -ret);
	ret = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	return ret;
}

/* Start waiting for the epoll set through the ring. */
static void queue_epoll_wait(int epfd, struct epoll_event *events, int max)
{
	if (have_epoll_wait)
		io_uring_prep_epoll_wait(get_sqe(), epfd, events, max, 0);
	else
		io_uring_prep_poll_add(get_sqe(), epfd, POLLIN);
	io_uring_submit(&ring);
}

/* Finish that wait: returns how many events were filled in. */
static int reap_epoll_wait(int epfd, struct epoll_event *events, int max)
{
	int ret = run();

	if (ret < 0)
		die("epoll wait", -ret);
	if (!have_epoll_wait) {
		ret = epoll_wait(epfd, events, max, 0);
		if (ret < 0)
			die("epoll_wait", errno);
	}
	return ret;
}

/* Read the counter of every eventfd reported, so it is not reported
 * again, and print which ones they were. */
static void consume(struct epoll_event *events, int n, const int *efd)
{
	__u64 value;
	int i, idx;

	printf("%d ready:", n);
	for (i = 0; i < n; i++) {
		idx = events[i].data.u32;
		printf(" eventfd%d", idx);
		if (read(efd[idx], &value, sizeof(value)) < 0)
			die("read eventfd", errno);
	}
	printf("\n");
}

int main(void)
{
	static const int rounds[][NFDS] = { { 1, 0, 1 }, { 0, 1, 0 },
					    { 1, 1, 1 } };
	struct epoll_event ev, events[NFDS];
	struct io_uring_probe *probe;
	struct io_uring_cqe *cqe;
	int i, r, n, ret, epfd, efd[NFDS], total = 0;
	__u64 value;

	ret = io_uring_queue_init(8, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);
	probe = io_uring_get_probe_ring(&ring);
	if (!probe)
		die("get_probe_ring", ENOMEM);
	have_epoll_ctl = io_uring_opcode_supported(probe, IORING_OP_EPOLL_CTL);
	have_epoll_wait = io_uring_opcode_supported(probe,
						    IORING_OP_EPOLL_WAIT);
	io_uring_free_probe(probe);

	epfd = epoll_create1(0);
	if (epfd < 0)
		die("epoll_create1", errno);
	for (i = 0; i < NFDS; i++) {
		efd[i] = eventfd(0, EFD_NONBLOCK);
		if (efd[i] < 0)
			die("eventfd", errno);
		ev.events = EPOLLIN;
		ev.data.u32 = i;	/* comes back in the epoll_event */
		if (have_epoll_ctl) {
			io_uring_prep_epoll_ctl(get_sqe(), epfd, efd[i],
						EPOLL_CTL_ADD, &ev);
			ret = run();
		} else {
			ret = epoll_ctl(epfd, EPOLL_CTL_ADD, efd[i], &ev) ?
			      -errno : 0;
		}
		if (ret < 0)
			die("epoll_ctl", -ret);
	}
	printf("epoll-bridge: epoll_ctl %s, waiting with %s\n",
	       have_epoll_ctl ? "through the ring" : "called directly",
	       have_epoll_wait ? "IORING_OP_EPOLL_WAIT" :
	       "a poll of the epoll fd");

	/* Events that are already pending when the wait starts. */
	for (r = 0; r < 3; r++) {
		value = 1;
		for (i = 0; i < NFDS; i++)
			if (rounds[r][i] &&
			    write(efd[i], &value, sizeof(value)) < 0)
				die("write eventfd", errno);
		queue_epoll_wait(epfd, events, NFDS);
		n = reap_epoll_wait(epfd, events, NFDS);
		printf("wait %d: ", r + 1);
		consume(events, n, efd);
		total += n;
	}

	/* A wait that starts with nothing ready stays in the ring,
	 * costing no thread, until an fd of the set becomes ready. */
	queue_epoll_wait(epfd, events, NFDS);
	if (io_uring_peek_cqe(&ring, &cqe) == 0)
		die("the wait ended with nothing ready", EPROTO);
	value = 1;
	if (write(efd[1], &value, sizeof(value)) < 0)
		die("write eventfd", errno);
	n = reap_epoll_wait(epfd, events, NFDS);
	printf("wait 4 (started before the write): ");
	consume(events, n, efd);
	total += n;

	printf("epoll-bridge: %d events in 4 waits\n", total);
	for (i = 0; i < NFDS; i++)
		close(efd[i]);
	close(epfd);
	io_uring_queue_exit(&ring);
	return 0;
}
