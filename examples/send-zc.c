/* SPDX-License-Identifier: MIT */
/*
 * Zero-copy send: two CQEs per request, and when a buffer is free again.
 *
 *   ./examples/send-zc [CHUNKS]
 *
 * Sends CHUNKS (default 64) chunks of 64 KiB over a loopback TCP
 * connection with io_uring_prep_send_zc() while the same ring receives
 * them on the other end and checks every byte.
 *
 * A zero-copy send completes twice. The first CQE (IORING_CQE_F_MORE set)
 * gives the bytes sent: the next send may go. The second, the
 * notification (IORING_CQE_F_NOTIF), says the kernel no longer reads the
 * buffer: only then may it be written again. So the sender rotates through
 * NSLOTS buffers and waits for a slot's notification before refilling it.
 * With IORING_SEND_ZC_REPORT_USAGE the notification also says whether the
 * kernel had to copy after all, which loopback always does.
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

#define CHUNK	(64 * 1024)
#define NSLOTS	4

enum { OP_SEND = 1, OP_RECV };

struct slot {
	unsigned int sent;	/* bytes of its chunk sent so far */
	int notifs;		/* notifications still to come */
	char buf[CHUNK];
};

static struct slot slots[NSLOTS];
static char rx[CHUNK];
static struct io_uring ring;
static int tx_fd, rx_fd;

static void die(const char *what, int err)
{
	fprintf(stderr, "send-zc: %s: %s\n", what, strerror(err));
	exit(1);
}

static struct io_uring_sqe *get_sqe(int op, int slot)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	if (!sqe)
		die("get_sqe", EBUSY);
	io_uring_sqe_set_data64(sqe, (__u64) op << 32 | slot);
	return sqe;
}

static void queue_send(int idx)
{
	struct slot *s = &slots[idx];

	io_uring_prep_send_zc(get_sqe(OP_SEND, idx), tx_fd, s->buf + s->sent,
			      CHUNK - s->sent, MSG_NOSIGNAL,
			      IORING_SEND_ZC_REPORT_USAGE);
	s->notifs++;
}

/* A connected pair of loopback TCP sockets, set up the plain way. */
static void connect_pair(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *) &addr, sizeof(addr)) ||
	    listen(lfd, 1) || getsockname(lfd, (struct sockaddr *) &addr, &len))
		die("listen socket", errno);
	tx_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (tx_fd < 0 || connect(tx_fd, (struct sockaddr *) &addr, len))
		die("connect", errno);
	rx_fd = accept(lfd, NULL, NULL);
	if (rx_fd < 0)
		die("accept", errno);
	close(lfd);
}

int main(int argc, char *argv[])
{
	int chunks = argc > 1 ? atoi(argv[1]) : 64;
	unsigned long long received = 0, total = (unsigned long long) chunks *
						 CHUNK;
	int next_chunk = 0, cur = -1, ret, i, j;
	int sends = 0, notifs = 0, copied = 0;
	struct io_uring_cqe *cqe;

	if (chunks < 0) {
		fprintf(stderr, "usage: %s [CHUNKS]\n", argv[0]);
		return 2;
	}
	connect_pair();
	ret = io_uring_queue_init(16, &ring, 0);
	if (ret < 0)
		die("queue_init", -ret);

	io_uring_prep_recv(get_sqe(OP_RECV, 0), rx_fd, rx, CHUNK, 0);

	for (;;) {
		int busy = 0;

		/* With no send in flight, start the next chunk in the
		 * next slot, once that slot's buffer is released. */
		if (cur < 0 && next_chunk < chunks &&
		    !slots[next_chunk % NSLOTS].notifs) {
			cur = next_chunk % NSLOTS;
			memset(slots[cur].buf, next_chunk & 0xff, CHUNK);
			slots[cur].sent = 0;
			next_chunk++;
			queue_send(cur);
		}
		for (i = 0; i < NSLOTS; i++)
			busy |= slots[i].notifs;
		if (next_chunk == chunks && cur < 0 && !busy &&
		    received == total)
			break;

		ret = io_uring_submit_and_wait(&ring, 1);
		if (ret < 0)
			die("submit_and_wait", -ret);
		ret = io_uring_peek_cqe(&ring, &cqe);
		if (ret < 0)
			die("peek_cqe", -ret);
		i = io_uring_cqe_get_data64(cqe) & 0xffffffff;

		if (io_uring_cqe_get_data64(cqe) >> 32 == OP_RECV) {
			if (cqe->res <= 0)
				die("recv", cqe->res ? -cqe->res : EPIPE);
			/* Chunk k is all bytes k & 0xff. */
			for (j = 0; j < cqe->res; j++, received++)
				if (rx[j] != (char) (received / CHUNK))
					die("received data is wrong", EIO);
			if (received < total)
				io_uring_prep_recv(get_sqe(OP_RECV, 0), rx_fd,
						   rx, CHUNK, 0);
		} else if (cqe->flags & IORING_CQE_F_NOTIF) {
			/* The buffer is ours again. */
			notifs++;
			slots[i].notifs--;
			if (cqe->res & IORING_NOTIF_USAGE_ZC_COPIED)
				copied++;
		} else {
			if (cqe->res == -EINVAL || cqe->res == -EOPNOTSUPP)
				die("send_zc (needs Linux 6.0)", -cqe->res);
			if (cqe->res < 0)
				die("send_zc", -cqe->res);
			/* No F_MORE: no notification will follow. */
			if (!(cqe->flags & IORING_CQE_F_MORE))
				slots[i].notifs--;
			sends++;
			slots[i].sent += cqe->res;
			if (slots[i].sent < CHUNK)
				queue_send(i);		/* short: the rest */
			else
				cur = -1;
		}
		io_uring_cqe_seen(&ring, cqe);
	}

	printf("send-zc: %d chunks in %d zero-copy sends, %d notifications "
	       "(%d copied by the kernel), %llu bytes received intact\n",
	       chunks, sends, notifs, copied, received);
	io_uring_queue_exit(&ring);
	close(tx_fd);
	close(rx_fd);
	return 0;
}
