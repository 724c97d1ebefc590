/* SPDX-License-Identifier: MIT */
/*
 * Request/response over TCP with NAPI busy polling on both rings.
 *
 *   ./examples/napi-pingpong --server [PORT]
 *   ./examples/napi-pingpong --client PORT [ROUNDS]
 *
 * The server listens on 127.0.0.1:PORT (0, the default, picks one and
 * prints it), serves one connection, and echoes each 64-byte message. The
 * client sends ROUNDS messages (default 1000), one at a time, and prints
 * the average round trip.
 *
 * io_uring_register_napi() (Linux 6.9) makes a ring's waits busy-poll the
 * network device queues of the sockets it serves, for up to busy_poll_to
 * microseconds, instead of sleeping until an interrupt: lower latency for
 * some CPU. It pays off on a NIC whose driver uses NAPI; loopback has no
 * NAPI context, so here the registration works but has nothing to poll.
 * Where the kernel refuses it, both sides say why and run without it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <liburing.h>

#define MSG_SIZE	64
#define BUSY_POLL_US	50

static struct io_uring ring;
static const char *role;

static void die(const char *what, int err)
{
	fprintf(stderr, "napi-pingpong %s: %s: %s\n", role, what,
		strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe)
		die("get_sqe", EBUSY);
	return sqe;
}

/* Submit the one queued request, wait for it, return its result. */
static int complete(const char *what)
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
	if (ret < 0)
		die(what, -ret);
	return ret;
}

/* Send or receive exactly MSG_SIZE bytes; 0 if the peer closed first. */
static int transfer(int fd, char *buf, int sending)
{
	int done = 0, n;

	while (done < MSG_SIZE) {
		if (sending)
			io_uring_prep_send(get_sqe(), fd, buf + done,
					   MSG_SIZE - done, MSG_NOSIGNAL);
		else
			io_uring_prep_recv(get_sqe(), fd, buf + done,
					   MSG_SIZE - done, 0);
		n = complete(sending ? "send" : "recv");
		if (n == 0)
			return 0;
		done += n;
	}
	return done;
}

static void setup_ring(void)
{
	struct io_uring_napi napi = {
		.busy_poll_to = BUSY_POLL_US,
		.prefer_busy_poll = 1,
	};
	int ret = io_uring_queue_init(8, &ring, 0);

	if (ret < 0)
		die("queue_init", -ret);
	ret = io_uring_register_napi(&ring, &napi);
	if (ret < 0)
		printf("napi-pingpong %s: napi busy poll unavailable (%s; "
		       "needs Linux 6.9): running without it\n", role,
		       strerror(-ret));
	else
		printf("napi-pingpong %s: napi busy poll on, %d us\n", role,
		       BUSY_POLL_US);
}

static int server(int port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int lfd, fd, one = 1, echoed = 0;
	char buf[MSG_SIZE];

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket", errno);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(port);
	if (bind(lfd, (struct sockaddr *) &addr, sizeof(addr)) < 0 ||
	    listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *) &addr, &len) < 0)
		die("listen", errno);
	setup_ring();
	printf("napi-pingpong server: listening on 127.0.0.1:%d\n",
	       ntohs(addr.sin_port));

	io_uring_prep_accept(get_sqe(), lfd, NULL, NULL, 0);
	fd = complete("accept");
	while (transfer(fd, buf, 0)) {
		if (!transfer(fd, buf, 1))
			die("send", EPIPE);
		echoed++;
	}
	printf("napi-pingpong server: %d messages echoed\n", echoed);
	close(fd);
	close(lfd);
	return 0;
}

static int client(int port, int rounds)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	char msg[MSG_SIZE], reply[MSG_SIZE];
	long long total_ns = 0;
	struct timespec t0, t1;
	int fd, i;

	setup_ring();
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket", errno);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(port);
	io_uring_prep_connect(get_sqe(), fd, (struct sockaddr *) &addr,
			      sizeof(addr));
	complete("connect");

	for (i = 0; i < rounds; i++) {
		memset(msg, 'a' + i % 26, sizeof(msg));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (!transfer(fd, msg, 1) || !transfer(fd, reply, 0))
			die("connection closed early", EPIPE);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (memcmp(msg, reply, MSG_SIZE))
			die("reply differs from message", EPROTO);
		total_ns += (t1.tv_sec - t0.tv_sec) * 1000000000LL +
			    t1.tv_nsec - t0.tv_nsec;
	}
	printf("napi-pingpong client: %d round trips, average %.1f us\n",
	       rounds, rounds ? total_ns / 1000.0 / rounds : 0.0);
	close(fd);
	return 0;
}

int main(int argc, char *argv[])
{
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "--server")) {
		role = "server";
		ret = server(argc > 2 ? atoi(argv[2]) : 0);
	} else if (argc >= 3 && !strcmp(argv[1], "--client")) {
		role = "client";
		ret = client(atoi(argv[2]), argc > 3 ? atoi(argv[3]) : 1000);
	} else {
		fprintf(stderr, "usage: %s --server [PORT]\n"
			"       %s --client PORT [ROUNDS]\n", argv[0], argv[0]);
		return 2;
	}
	io_uring_queue_exit(&ring);
	return ret;
}
