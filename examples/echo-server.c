/* SPDX-License-Identifier: MIT */
/*
 * TCP echo server: multishot accept, multishot recv into a provided
 * buffer ring, and send.
 *
 *   ./examples/echo-server [PORT [MAX_CONNS]]
 *
 * Listens on 127.0.0.1:PORT (0, the default, picks a free port; the
 * first line printed says which). With MAX_CONNS it exits once that many
 * connections have closed; without, it runs until killed. Try it with
 * examples/echo-client.
 *
 * One accept SQE posts a CQE per new connection; one recv SQE per
 * connection posts a CQE per chunk of data, in a buffer the kernel took
 * from a ring we provide. We send the chunk back, then return its buffer
 * to the ring. Sends on a connection go one at a time, in order: two in
 * flight on one socket could be reordered.
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

#define NBUFS		64	/* buffers in the ring: a power of two */
#define BUF_SIZE	4096
#define BGID		0	/* buffer group id of our ring */
#define MAX_FD		1024

enum { OP_ACCEPT = 1, OP_RECV, OP_SEND };

struct conn {
	int open, eof;			/* eof: close once drained */
	int starved;			/* recv stopped for lack of buffers */
	unsigned short queue[NBUFS];	/* buffer ids waiting to be sent */
	unsigned int head, tail;
	unsigned int sent;		/* bytes of the head buffer sent */
};

static struct conn conns[MAX_FD];
static unsigned int buf_len[NBUFS];	/* bytes received into each buffer */
static struct io_uring_buf_ring *br;
static char bufs[NBUFS][BUF_SIZE];
static struct io_uring ring;

static void die(const char *what, int err)
{
	fprintf(stderr, "echo-server: %s: %s\n", what, strerror(err));
	exit(1);
}

/* user_data: the operation in the high half, the fd below. */
static struct io_uring_sqe *get_sqe(int op, int fd)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe) {			/* SQ full: flush it and retry */
		io_uring_submit(&ring);
		sqe = io_uring_get_sqe(&ring);
		if (!sqe)
			die("get_sqe", EBUSY);
	}
	io_uring_sqe_set_data64(sqe, (__u64) op << 32 | fd);
	return sqe;
}

static void queue_recv(int fd)
{
	struct io_uring_sqe *sqe = get_sqe(OP_RECV, fd);

	io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;	/* the kernel picks a buffer */
	sqe->buf_group = BGID;
}

/* Send (the rest of) the oldest buffer queued on a connection. */
static void queue_send(int fd)
{
	struct conn *c = &conns[fd];
	unsigned int bid = c->queue[c->head % NBUFS];

	io_uring_prep_send(get_sqe(OP_SEND, fd), fd, bufs[bid] + c->sent,
			   buf_len[bid] - c->sent, MSG_NOSIGNAL);
}

/* Give a buffer back to the kernel and restart starved receives. */
static void recycle_buffer(unsigned int bid)
{
	int fd;

	io_uring_buf_ring_add(br, bufs[bid], BUF_SIZE, bid,
			      io_uring_buf_ring_mask(NBUFS), 0);
	io_uring_buf_ring_advance(br, 1);
	for (fd = 0; fd < MAX_FD; fd++) {
		if (conns[fd].open && conns[fd].starved) {
			conns[fd].starved = 0;
			queue_recv(fd);
		}
	}
}

/* A send completed: finish a short one, else recycle its buffer and
 * go on with the next. */
static void on_send(int fd, int res)
{
	struct conn *c = &conns[fd];
	unsigned int bid = c->queue[c->head % NBUFS];

	if (res < 0)
		fprintf(stderr, "echo-server: send: %s\n", strerror(-res));
	c->sent = res < 0 ? buf_len[bid] : c->sent + res;
	if (c->sent < buf_len[bid]) {
		queue_send(fd);
		return;
	}
	c->head++;
	c->sent = 0;
	recycle_buffer(bid);
	if (c->head != c->tail)
		queue_send(fd);
}

static int listen_on(int port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket", errno);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *) &addr, sizeof(addr)) < 0 ||
	    listen(fd, 128) < 0 ||
	    getsockname(fd, (struct sockaddr *) &addr, &len) < 0)
		die("listen", errno);
	printf("echo-server: listening on 127.0.0.1:%d\n",
	       ntohs(addr.sin_port));
	return fd;
}

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 0;
	int max_conns = argc > 2 ? atoi(argv[2]) : 0;
	unsigned long long echoed = 0;
	int closed = 0, listen_fd, ret, i;
	struct io_uring_cqe *cqe;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines show up at once */
	listen_fd = listen_on(port);
	ret = io_uring_queue_init(256, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	/* Register the buffer ring and fill it with every buffer. */
	br = io_uring_setup_buf_ring(&ring, NBUFS, BGID, 0, &ret);
	if (!br)
		die(ret == -EINVAL ? "setup_buf_ring (needs Linux 5.19)" :
		    "setup_buf_ring", -ret);
	for (i = 0; i < NBUFS; i++)
		io_uring_buf_ring_add(br, bufs[i], BUF_SIZE, i,
				      io_uring_buf_ring_mask(NBUFS), i);
	io_uring_buf_ring_advance(br, NBUFS);

	io_uring_prep_multishot_accept(get_sqe(OP_ACCEPT, 0), listen_fd, NULL,
				       NULL, 0);
	while (!max_conns || closed < max_conns) {
		struct io_uring_sqe *sqe;
		int op, fd, res, more;
		struct conn *c;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		op = io_uring_cqe_get_data64(cqe) >> 32;
		fd = io_uring_cqe_get_data64(cqe) & 0xffffffff;
		res = cqe->res;
		more = cqe->flags & IORING_CQE_F_MORE;
		c = &conns[fd];

		if (op == OP_ACCEPT) {
			if (res < 0)
				die("accept", -res);
			if (res >= MAX_FD)
				die("accept: too many connections", EMFILE);
			memset(&conns[res], 0, sizeof(conns[res]));
			conns[res].open = 1;
			queue_recv(res);
			if (!more) {	/* the kernel ended the multishot */
				sqe = get_sqe(OP_ACCEPT, 0);
				io_uring_prep_multishot_accept(sqe, listen_fd,
							       NULL, NULL, 0);
			}
		} else if (op == OP_RECV && res > 0) {
			/* Queue the chunk behind the connection's earlier
			 * ones; send it now if nothing else is in flight. */
			unsigned int bid;

			bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;

			buf_len[bid] = res;
			c->queue[c->tail++ % NBUFS] = bid;
			if (c->tail - c->head == 1)
				queue_send(fd);
			if (!more)
				queue_recv(fd);
		} else if (op == OP_RECV && res == -ENOBUFS) {
			c->starved = 1;		/* until a buffer is back */
		} else if (op == OP_RECV) {
			if (res < 0)
				fprintf(stderr, "echo-server: recv: %s\n",
					strerror(-res));
			c->eof = 1;		/* 0: the peer is done */
		} else if (op == OP_SEND) {
			echoed += res > 0 ? res : 0;
			on_send(fd, res);
		}
		io_uring_cqe_seen(&ring, cqe);

		/* Close once the peer is done and the last echo is out. */
		if (op != OP_ACCEPT && c->open && c->eof &&
		    c->head == c->tail) {
			c->open = 0;
			close(fd);
			closed++;
		}
	}

	printf("echo-server: %d connections served, %llu bytes echoed\n",
	       closed, echoed);
	io_uring_free_buf_ring(&ring, br, NBUFS, BGID);
	io_uring_queue_exit(&ring);
	close(listen_fd);
	return 0;
}
