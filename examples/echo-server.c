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
 * One accept SQE keeps producing a CQE per new connection, and one recv
 * SQE per connection keeps producing a CQE per chunk of data. The kernel
 * picks the buffer for each chunk from a ring of buffers we provide; the
 * CQE names it, we send it back, and only when the send is done does the
 * buffer go back into the ring. Sends on a connection go one at a time,
 * in order: two sends in flight on one socket could be reordered.
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
	int open;
	int eof;			/* peer shut down; close when drained */
	int starved;			/* recv stopped for lack of buffers */
	unsigned short queue[NBUFS];	/* buffer ids waiting to be sent */
	unsigned int head, tail;
	unsigned int sent;		/* bytes of the head buffer sent */
};

static struct conn conns[MAX_FD];
static unsigned int buf_len[NBUFS];	/* bytes received into each buffer */
static struct io_uring_buf_ring *br;
static char *bufs;
static struct io_uring ring;

static void die(const char *what, int err)
{
	fprintf(stderr, "echo-server: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe) {			/* SQ full: flush it and retry */
		io_uring_submit(&ring);
		sqe = io_uring_get_sqe(&ring);
		if (!sqe)
			die("get_sqe", EBUSY);
	}
	return sqe;
}

static void queue_recv(int fd)
{
	struct io_uring_sqe *sqe = get_sqe();

	io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;	/* the kernel picks a buffer */
	sqe->buf_group = BGID;
	io_uring_sqe_set_data64(sqe, (__u64) OP_RECV << 32 | fd);
}

/* Send (the rest of) the oldest buffer queued on a connection. */
static void queue_send(int fd)
{
	struct conn *c = &conns[fd];
	unsigned int bid = c->queue[c->head % NBUFS];
	struct io_uring_sqe *sqe = get_sqe();

	io_uring_prep_send(sqe, fd, bufs + bid * BUF_SIZE + c->sent,
			   buf_len[bid] - c->sent, MSG_NOSIGNAL);
	io_uring_sqe_set_data64(sqe, (__u64) OP_SEND << 32 | fd);
}

static void recycle_buffer(unsigned int bid)
{
	int fd;

	io_uring_buf_ring_add(br, bufs + bid * BUF_SIZE, BUF_SIZE, bid,
			      io_uring_buf_ring_mask(NBUFS), 0);
	io_uring_buf_ring_advance(br, 1);
	/* A buffer is back: restart receives that ran out of them. */
	for (fd = 0; fd < MAX_FD; fd++) {
		if (conns[fd].open && conns[fd].starved) {
			conns[fd].starved = 0;
			queue_recv(fd);
		}
	}
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
	if (bind(fd, (struct sockaddr *) &addr, sizeof(addr)) < 0)
		die("bind", errno);
	if (listen(fd, 128) < 0)
		die("listen", errno);
	if (getsockname(fd, (struct sockaddr *) &addr, &len) < 0)
		die("getsockname", errno);
	printf("echo-server: listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
	return fd;
}

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 0;
	int max_conns = argc > 2 ? atoi(argv[2]) : 0;
	unsigned long long echoed = 0;
	int closed = 0, listen_fd, ret, i;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines show up at once */
	listen_fd = listen_on(port);
	ret = io_uring_queue_init(256, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	/* Register the buffer ring and fill it with every buffer. */
	br = io_uring_setup_buf_ring(&ring, NBUFS, BGID, 0, &ret);
	if (!br)
		die("setup_buf_ring", -ret);
	bufs = malloc(NBUFS * BUF_SIZE);
	if (!bufs)
		die("malloc", ENOMEM);
	for (i = 0; i < NBUFS; i++)
		io_uring_buf_ring_add(br, bufs + i * BUF_SIZE, BUF_SIZE, i,
				      io_uring_buf_ring_mask(NBUFS), i);
	io_uring_buf_ring_advance(br, NBUFS);

	sqe = get_sqe();
	io_uring_prep_multishot_accept(sqe, listen_fd, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, (__u64) OP_ACCEPT << 32);

	while (!max_conns || closed < max_conns) {
		int op, fd, res, more;
		struct conn *c;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0 && ret != -EINTR)
			die("submit_and_wait", -ret);
		if (io_uring_peek_cqe(&ring, &cqe) < 0)
			continue;
		op = io_uring_cqe_get_data64(cqe) >> 32;
		fd = io_uring_cqe_get_data64(cqe) & 0xffffffff;
		res = cqe->res;
		more = cqe->flags & IORING_CQE_F_MORE;
		c = &conns[fd];

		if (op == OP_ACCEPT) {
			if (res < 0)
				die("accept", -res);
			if (res >= MAX_FD) {
				fprintf(stderr, "echo-server: fd %d too big\n",
					res);
				close(res);
			} else {
				memset(&conns[res], 0, sizeof(conns[res]));
				conns[res].open = 1;
				queue_recv(res);
			}
			if (!more)	/* the kernel ended the multishot */
				io_uring_prep_multishot_accept(get_sqe(),
					listen_fd, NULL, NULL, 0);
		} else if (op == OP_RECV && res > 0) {
			unsigned int bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;

			buf_len[bid] = res;
			c->queue[c->tail++ % NBUFS] = bid;
			if (c->tail - c->head == 1)	/* nothing in flight */
				queue_send(fd);
			if (!more)
				queue_recv(fd);
		} else if (op == OP_RECV && res == -ENOBUFS) {
			c->starved = 1;	/* wait for a buffer to come back */
		} else if (op == OP_RECV) {
			if (res < 0)
				fprintf(stderr, "echo-server: recv: %s\n",
					strerror(-res));
			c->eof = 1;	/* 0: the peer is done sending */
		} else if (op == OP_SEND) {
			unsigned int bid = c->queue[c->head % NBUFS];

			if (res < 0) {
				fprintf(stderr, "echo-server: send: %s\n",
					strerror(-res));
				c->sent = buf_len[bid];	/* drop it */
			} else {
				c->sent += res;
				echoed += res;
			}
			if (c->sent < buf_len[bid]) {
				queue_send(fd);		/* short send */
			} else {
				c->head++;
				c->sent = 0;
				recycle_buffer(bid);
				if (c->head != c->tail)
					queue_send(fd);
			}
		}
		io_uring_cqe_seen(&ring, cqe);

		/* A connection is closed once its peer is done and its
		 * last echo has gone out. */
		if (op != OP_ACCEPT && c->open && c->eof && c->head == c->tail) {
			c->open = 0;
			close(fd);
			closed++;
		}
	}

	printf("echo-server: %d connections served, %llu bytes echoed\n",
	       closed, echoed);
	io_uring_free_buf_ring(&ring, br, NBUFS, BGID);
	io_uring_queue_exit(&ring);
	free(bufs);
	close(listen_fd);
	return 0;
}
