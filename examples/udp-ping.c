/* SPDX-License-Identifier: MIT */
/*
 * UDP ping-pong between two sockets of one ring, received with
 * multishot recvmsg and taken apart with the io_uring_recvmsg_* helpers.
 *
 *   ./examples/udp-ping [ROUNDS]
 *
 * The "ping" socket sends "ping N" to the "pong" socket, which answers
 * "pong N" to whatever address the datagram came from, ROUNDS times
 * (default 1000). Each socket has one recvmsg SQE armed for the whole
 * run. A multishot recvmsg writes into a provided buffer: a struct
 * io_uring_recvmsg_out header, then the source address, then control
 * data, then the payload; the helpers find each part.
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

#define NBUFS		16
#define BUF_SIZE	256
#define BGID		1

enum { PING, PONG };			/* the two sockets */
enum { OP_RECV = 1, OP_SEND };

static struct io_uring ring;
static struct io_uring_buf_ring *br;
static char bufs[NBUFS][BUF_SIZE];
static struct msghdr msgh;	/* tells the kernel how much name to keep */
static int fds[2];
static char tx[2][64];		/* one send in flight per socket */
static struct sockaddr_in reply_to;

static void die(const char *what, int err)
{
	fprintf(stderr, "udp-ping: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(int op, int side)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe)
		die("get_sqe", EBUSY);
	io_uring_sqe_set_data64(sqe, (__u64) op << 32 | side);
	return sqe;
}

static void queue_recvmsg(int side)
{
	struct io_uring_sqe *sqe = get_sqe(OP_RECV, side);

	io_uring_prep_recvmsg_multishot(sqe, fds[side], &msgh, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = BGID;
}

static void queue_sendto(int side, const struct sockaddr_in *to)
{
	io_uring_prep_sendto(get_sqe(OP_SEND, side), fds[side], tx[side],
			     strlen(tx[side]), 0, (const struct sockaddr *) to,
			     sizeof(*to));
}

static int udp_socket(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket", errno);
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *) addr, sizeof(*addr)) < 0)
		die("bind", errno);
	if (getsockname(fd, (struct sockaddr *) addr, &len) < 0)
		die("getsockname", errno);
	return fd;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char *argv[])
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1000;
	struct sockaddr_in ping_addr, pong_addr;
	long long sent_at = 0, total_ns = 0;
	struct io_uring_cqe *cqe;
	int i, ret, done = 0;

	if (rounds < 1) {
		fprintf(stderr, "usage: %s [ROUNDS (1 or more)]\n", argv[0]);
		return 2;
	}
	fds[PING] = udp_socket(&ping_addr);
	fds[PONG] = udp_socket(&pong_addr);
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

	/* Keep room for an IPv4 source address, no control data. */
	msgh.msg_namelen = sizeof(struct sockaddr_in);
	msgh.msg_controllen = 0;
	queue_recvmsg(PING);
	queue_recvmsg(PONG);

	snprintf(tx[PING], sizeof(tx[PING]), "ping %d", 0);
	queue_sendto(PING, &pong_addr);
	sent_at = now_ns();

	while (done < rounds) {
		struct io_uring_recvmsg_out *out;
		struct sockaddr_in *from;
		unsigned int bid, len;
		int op, side, seq;
		char text[64];

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		op = io_uring_cqe_get_data64(cqe) >> 32;
		side = io_uring_cqe_get_data64(cqe) & 0xffffffff;
		if (cqe->res < 0)
			die(op == OP_SEND ? "sendto" : "recvmsg", -cqe->res);
		if (op == OP_SEND) {
			io_uring_cqe_seen(&ring, cqe);
			continue;
		}

		bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		out = io_uring_recvmsg_validate(bufs[bid], cqe->res, &msgh);
		if (!out || (out->flags & MSG_TRUNC))
			die("recvmsg: malformed or truncated datagram", EIO);
		from = io_uring_recvmsg_name(out);
		len = io_uring_recvmsg_payload_length(out, cqe->res, &msgh);
		if (len >= sizeof(text))
			len = sizeof(text) - 1;
		memcpy(text, io_uring_recvmsg_payload(out, &msgh), len);
		text[len] = '\0';
		if (!(cqe->flags & IORING_CQE_F_MORE))
			queue_recvmsg(side);	/* the multishot ended: rearm */
		io_uring_cqe_seen(&ring, cqe);
		/* Everything is copied out: the buffer can go back. */
		io_uring_buf_ring_add(br, bufs[bid], BUF_SIZE, bid,
				      io_uring_buf_ring_mask(NBUFS), 0);
		io_uring_buf_ring_advance(br, 1);

		if (side == PONG && sscanf(text, "ping %d", &seq) == 1) {
			if (from->sin_port != ping_addr.sin_port)
				die("ping from an unexpected port", EPROTO);
			reply_to = *from;	/* answer whoever asked */
			snprintf(tx[PONG], sizeof(tx[PONG]), "pong %d", seq);
			queue_sendto(PONG, &reply_to);
		} else if (side == PING && sscanf(text, "pong %d", &seq) == 1 &&
			   seq == done) {
			total_ns += now_ns() - sent_at;
			if (++done == rounds)
				break;
			snprintf(tx[PING], sizeof(tx[PING]), "ping %d", done);
			queue_sendto(PING, &pong_addr);
			sent_at = now_ns();
		} else {
			fprintf(stderr, "udp-ping: unexpected \"%s\"\n", text);
			return 1;
		}
	}

	printf("udp-ping: %d round trips, average %.1f us\n", rounds,
	       total_ns / 1000.0 / rounds);
	io_uring_free_buf_ring(&ring, br, NBUFS, BGID);
	io_uring_queue_exit(&ring);
	close(fds[PING]);
	close(fds[PONG]);
	return 0;
}
