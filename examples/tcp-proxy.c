/* SPDX-License-Identifier: MIT */
/*
 * Relay one TCP connection to another: multishot recv with a buffer ring
 * on both sockets, send to the other side.
 *
 *   ./examples/tcp-proxy LISTEN_PORT TARGET_PORT
 *
 * Listens on 127.0.0.1:LISTEN_PORT (0 picks a free port; the first line
 * printed says which), accepts one client, connects to
 * 127.0.0.1:TARGET_PORT and copies bytes both ways until both sides have
 * finished, passing each end-of-stream on as a shutdown(SHUT_WR).
 *
 * Both sockets receive into buffers picked from one shared buffer ring.
 * A buffer goes back to the ring only once the other side has taken its
 * bytes, so a slow reader applies back-pressure to a fast writer.
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

#define NBUFS		32
#define BUF_SIZE	8192
#define BGID		7

enum { OP_RECV = 1, OP_SEND, OP_SHUTDOWN };

/* One direction of the relay: bytes received on 'from' go to 'to'. */
struct pipe_dir {
	int from, to;
	int eof, starved, done;
	unsigned short queue[NBUFS];	/* received buffers, in order */
	unsigned int head, tail, sent;
	unsigned long long bytes;
};

static struct pipe_dir dirs[2];		/* 0: client->target, 1: back */
static unsigned int buf_len[NBUFS];
static struct io_uring_buf_ring *br;
static struct io_uring ring;
static char bufs[NBUFS][BUF_SIZE];

static void die(const char *what, int err)
{
	fprintf(stderr, "tcp-proxy: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(int op, int dir)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe)			/* the ring is sized for the worst */
		die("get_sqe", EBUSY);
	io_uring_sqe_set_data64(sqe, (__u64) op << 32 | dir);
	return sqe;
}

static void queue_recv(int dir)
{
	struct io_uring_sqe *sqe = get_sqe(OP_RECV, dir);

	io_uring_prep_recv_multishot(sqe, dirs[dir].from, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
}

static void queue_send(int dir)
{
	struct pipe_dir *d = &dirs[dir];
	unsigned int bid = d->queue[d->head % NBUFS];

	io_uring_prep_send(get_sqe(OP_SEND, dir), d->to, bufs[bid] + d->sent,
			   buf_len[bid] - d->sent, MSG_NOSIGNAL);
}

/* A send completed: finish a short one, else give its buffer back to
 * the kernel, restart receives that ran out, and send the next. */
static void on_send(int dir, int res)
{
	struct pipe_dir *d = &dirs[dir];
	unsigned int bid = d->queue[d->head % NBUFS];
	int i;

	d->sent += res;
	if (d->sent < buf_len[bid]) {
		queue_send(dir);
		return;
	}
	d->head++;
	d->sent = 0;
	io_uring_buf_ring_add(br, bufs[bid], BUF_SIZE, bid,
			      io_uring_buf_ring_mask(NBUFS), 0);
	io_uring_buf_ring_advance(br, 1);
	for (i = 0; i < 2; i++) {
		if (dirs[i].starved && !dirs[i].eof) {
			dirs[i].starved = 0;
			queue_recv(i);
		}
	}
	if (d->head != d->tail)
		queue_send(dir);
}

/* A socket listening on 127.0.0.1:*port; *port is updated if it was 0. */
static int listen_on(int *port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket", errno);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(*port);
	if (bind(fd, (struct sockaddr *) &addr, sizeof(addr)) < 0 ||
	    listen(fd, 1) < 0 ||
	    getsockname(fd, (struct sockaddr *) &addr, &len) < 0)
		die("listen", errno);
	*port = ntohs(addr.sin_port);
	return fd;
}

int main(int argc, char *argv[])
{
	struct sockaddr_in target = { .sin_family = AF_INET };
	int listen_fd, client_fd, target_fd, ret, i, finished = 0, port;

	if (argc != 3) {
		fprintf(stderr, "usage: %s LISTEN_PORT TARGET_PORT\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	port = atoi(argv[1]);
	listen_fd = listen_on(&port);
	target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	target.sin_port = htons(atoi(argv[2]));
	printf("tcp-proxy: listening on 127.0.0.1:%d, forwarding to "
	       "127.0.0.1:%d\n", port, atoi(argv[2]));

	ret = io_uring_queue_init(16, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);
	br = io_uring_setup_buf_ring(&ring, NBUFS, BGID, 0, &ret);
	if (!br)
		die("setup_buf_ring", -ret);
	for (i = 0; i < NBUFS; i++)
		io_uring_buf_ring_add(br, bufs[i], BUF_SIZE, i,
				      io_uring_buf_ring_mask(NBUFS), i);
	io_uring_buf_ring_advance(br, NBUFS);

	/* Setting up is sequential: plain accept(2) and connect(2) do. */
	client_fd = accept(listen_fd, NULL, NULL);
	if (client_fd < 0)
		die("accept", errno);
	close(listen_fd);
	target_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (target_fd < 0 || connect(target_fd, (struct sockaddr *) &target,
				     sizeof(target)) < 0)
		die("connect", errno);

	dirs[0].from = dirs[1].to = client_fd;
	dirs[1].from = dirs[0].to = target_fd;
	queue_recv(0);
	queue_recv(1);

	while (finished < 2) {
		struct io_uring_cqe *cqe;
		int op, dir, res, more;
		struct pipe_dir *d;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		op = io_uring_cqe_get_data64(cqe) >> 32;
		dir = io_uring_cqe_get_data64(cqe) & 0xffffffff;
		res = cqe->res;
		more = cqe->flags & IORING_CQE_F_MORE;
		d = &dirs[dir];

		if (op == OP_RECV && res > 0) {
			unsigned int bid;

			bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;

			buf_len[bid] = res;
			d->queue[d->tail++ % NBUFS] = bid;
			if (d->tail - d->head == 1)
				queue_send(dir);
			if (!more)
				queue_recv(dir);
		} else if (op == OP_RECV && res == -ENOBUFS) {
			d->starved = 1;
		} else if (op == OP_RECV) {
			if (res < 0)
				die("recv", -res);
			d->eof = 1;
		} else if (op == OP_SEND) {
			if (res < 0)
				die("send", -res);
			d->bytes += res;
			on_send(dir, res);
		} else if (op == OP_SHUTDOWN) {
			if (res < 0)
				die("shutdown", -res);
			finished++;
		}
		io_uring_cqe_seen(&ring, cqe);

		/* Pass end-of-stream on once everything before it is. */
		if (d->eof && !d->done && d->head == d->tail) {
			d->done = 1;
			io_uring_prep_shutdown(get_sqe(OP_SHUTDOWN, dir), d->to,
					       SHUT_WR);
		}
	}

	printf("tcp-proxy: relayed %llu bytes client->target, %llu bytes "
	       "target->client\n", dirs[0].bytes, dirs[1].bytes);
	io_uring_free_buf_ring(&ring, br, NBUFS, BGID);
	io_uring_queue_exit(&ring);
	close(client_fd);
	close(target_fd);
	return 0;
}
