/* SPDX-License-Identifier: MIT */
/*
 * TCP echo client: checks every byte an echo server sends back.
 *
 *   ./examples/echo-client PORT [BYTES [CONNS]]
 *
 * Opens CONNS connections (default 4) to 127.0.0.1:PORT, all driven by
 * one ring: connect, then send BYTES (default 1 MiB) of a known pattern
 * while receiving the echo at the same time, then shut down the sending
 * side. The server closes once it has echoed everything, so each
 * connection ends with a recv of 0 and must have seen exactly BYTES
 * matching bytes by then.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <liburing.h>

#define MAX_CONNS	64
#define RX_SIZE		16384

enum { OP_CONNECT = 1, OP_SEND, OP_SHUTDOWN, OP_RECV };

struct conn {
	int fd;
	size_t sent, received;
	char rx[RX_SIZE];
};

static struct conn conns[MAX_CONNS];
static struct io_uring ring;
static unsigned char *pattern;
static size_t total;

static void die(const char *what, int err)
{
	fprintf(stderr, "echo-client: %s: %s\n", what, strerror(err));
	exit(1);
}

/* user_data: the operation in the high half, the connection below. */
static struct io_uring_sqe *get_sqe(int op, int idx)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe) {
		io_uring_submit(&ring);
		sqe = io_uring_get_sqe(&ring);
		if (!sqe)
			die("get_sqe", EBUSY);
	}
	io_uring_sqe_set_data64(sqe, (__u64) op << 32 | idx);
	return sqe;
}

static void queue_send(int idx)
{
	struct conn *c = &conns[idx];
	struct io_uring_sqe *sqe = get_sqe(OP_SEND, idx);

	io_uring_prep_send(sqe, c->fd, pattern + c->sent, total - c->sent,
			   MSG_NOSIGNAL);
}

static void queue_recv(int idx)
{
	struct conn *c = &conns[idx];
	struct io_uring_sqe *sqe = get_sqe(OP_RECV, idx);

	io_uring_prep_recv(sqe, c->fd, c->rx, RX_SIZE, 0);
}

int main(int argc, char *argv[])
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int nconns, i, ret, active;
	struct io_uring_cqe *cqe;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PORT [BYTES [CONNS]]\n", argv[0]);
		return 2;
	}
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(atoi(argv[1]));
	total = argc > 2 ? strtoull(argv[2], NULL, 0) : 1 << 20;
	nconns = argc > 3 ? atoi(argv[3]) : 4;
	if (nconns < 1 || nconns > MAX_CONNS) {
		fprintf(stderr, "echo-client: CONNS must be 1..%d\n",
			MAX_CONNS);
		return 2;
	}

	/* Every connection sends the same bytes: i % 251 at offset i. */
	pattern = malloc(total ? total : 1);
	if (!pattern)
		die("malloc", ENOMEM);
	for (size_t j = 0; j < total; j++)
		pattern[j] = j % 251;

	ret = io_uring_queue_init(4 * MAX_CONNS, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	for (i = 0; i < nconns; i++) {
		conns[i].fd = socket(AF_INET, SOCK_STREAM, 0);
		if (conns[i].fd < 0)
			die("socket", errno);
		io_uring_prep_connect(get_sqe(OP_CONNECT, i), conns[i].fd,
				      (struct sockaddr *) &addr, sizeof(addr));
	}

	active = nconns;
	while (active) {
		int op, idx, res;
		struct conn *c;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		op = io_uring_cqe_get_data64(cqe) >> 32;
		idx = io_uring_cqe_get_data64(cqe) & 0xffffffff;
		res = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		c = &conns[idx];

		switch (op) {
		case OP_CONNECT:
			if (res < 0)
				die("connect", -res);
			/* Send and receive at the same time: waiting to
			 * receive until all is sent could deadlock once
			 * both socket buffers fill up. */
			if (total)
				queue_send(idx);
			else
				io_uring_prep_shutdown(get_sqe(OP_SHUTDOWN,
					idx), c->fd, SHUT_WR);
			queue_recv(idx);
			break;
		case OP_SEND:
			if (res < 0)
				die("send", -res);
			c->sent += res;
			if (c->sent < total)
				queue_send(idx);
			else	/* all sent: tell the server we are done */
				io_uring_prep_shutdown(get_sqe(OP_SHUTDOWN,
					idx), c->fd, SHUT_WR);
			break;
		case OP_SHUTDOWN:
			if (res < 0)
				die("shutdown", -res);
			break;
		case OP_RECV:
			if (res < 0)
				die("recv", -res);
			if (res == 0) {		/* the server closed */
				if (c->received != total) {
					fprintf(stderr, "echo-client: "
						"connection %d: %zu of %zu "
						"bytes came back\n", idx,
						c->received, total);
					return 1;
				}
				close(c->fd);
				active--;
				break;
			}
			if (c->received + res > total ||
			    memcmp(c->rx, pattern + c->received, res)) {
				fprintf(stderr, "echo-client: connection %d: "
					"wrong data at offset %zu\n", idx,
					c->received);
				return 1;
			}
			c->received += res;
			queue_recv(idx);
			break;
		}
	}

	printf("echo-client: %d connections, %zu bytes each, all echoed "
	       "correctly\n", nconns, total);
	io_uring_queue_exit(&ring);
	free(pattern);
	return 0;
}
