/* SPDX-License-Identifier: MIT */
/*
 * Rings torn down with requests still in flight: reads parked on an empty
 * pipe (one of them blocking an io-wq worker), armed timeouts, a linked
 * timeout, a multishot poll on a listening socket, a receive on a socket
 * pair, and SQEs prepared but never submitted. io_uring_queue_exit() must
 * leave no descriptor and no mapping behind, and the kernel must let go of
 * every file the requests held: once we close our ends, the other ends see
 * the hang-up without anything being written.
 */
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "helpers.h"

#define ROUNDS_PER_CONFIG	40
#define RELEASE_TIMEOUT_MS	10000

struct inflight {
	int pipe_fds[2];
	int sock_fds[2];
	int listen_fd;
	char buf[8][64];
	struct __kernel_timespec hour;
	struct __kernel_timespec link_ts;
};

static int listener(void)
{
	struct sockaddr_un addr;
	socklen_t len;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	t_assert(fd >= 0, "socket");
	/* Autobind: an abstract address the kernel picks, nothing on disk. */
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	len = sizeof(addr.sun_family);
	t_assert(!bind(fd, (struct sockaddr *) &addr, len), "bind");
	t_assert(!listen(fd, 8), "listen");
	return fd;
}

static struct io_uring_sqe *sqe_of(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	t_assert(sqe, "SQ full");
	return sqe;
}

/* Queue everything that will not complete on its own; returns the count. */
static unsigned int queue_inflight(struct io_uring *ring, struct inflight *f)
{
	struct io_uring_sqe *sqe;
	unsigned int n = 0;

	/* Reads on the empty pipe: armed on the pipe's wait queue. */
	for (n = 0; n < 4; n++) {
		sqe = sqe_of(ring);
		io_uring_prep_rw(IORING_OP_READ, sqe, f->pipe_fds[0],
				 f->buf[n], sizeof(f->buf[n]), 0);
		sqe->user_data = n + 1;
	}

	/* A read forced to io-wq: a worker blocks in pipe_read(). */
	sqe = sqe_of(ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, f->pipe_fds[0], f->buf[4],
			 sizeof(f->buf[4]), 0);
	sqe->flags |= IOSQE_ASYNC;
	sqe->user_data = ++n;

	/* Timeouts an hour away: plain, counting, multishot. */
	sqe = sqe_of(ring);
	io_uring_prep_timeout(sqe, &f->hour, 0, 0);
	sqe->user_data = ++n;
	sqe = sqe_of(ring);
	io_uring_prep_timeout(sqe, &f->hour, 1000, 0);
	sqe->user_data = ++n;
	/* Multishot timeouts are Linux 6.4; older kernels stop the batch. */
	if (t_kernel_at_least(6, 4)) {
		sqe = sqe_of(ring);
		io_uring_prep_timeout(sqe, &f->hour, 0,
				      IORING_TIMEOUT_MULTISHOT);
		sqe->user_data = ++n;
	}

	/* A read with a linked timeout (also an hour away). */
	sqe = sqe_of(ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, f->pipe_fds[0], f->buf[5],
			 sizeof(f->buf[5]), 0);
	sqe->flags |= IOSQE_IO_LINK;
	sqe->user_data = ++n;
	sqe = sqe_of(ring);
	io_uring_prep_rw(IORING_OP_LINK_TIMEOUT, sqe, -1, &f->link_ts, 1, 0);
	sqe->user_data = ++n;

	/* Multishot poll for connections on a listening socket. */
	sqe = sqe_of(ring);
	io_uring_prep_rw(IORING_OP_POLL_ADD, sqe, f->listen_fd, NULL,
			 IORING_POLL_ADD_MULTI, 0);
	sqe->poll32_events = POLLIN;
	sqe->user_data = ++n;

	/* A receive on a socket pair nobody writes to. */
	sqe = sqe_of(ring);
	io_uring_prep_rw(IORING_OP_RECV, sqe, f->sock_fds[0], f->buf[6],
			 sizeof(f->buf[6]), 0);
	sqe->user_data = ++n;
	return n;
}

/*
 * Wait until the pipe has no reader left: its write end then reports
 * POLLERR. Asking for no event at all means nothing else (POLLOUT on the
 * empty pipe) ends the wait, and nothing is written that a read the kernel
 * failed to cancel could complete with.
 */
static void wait_pipe_released(int wfd)
{
	struct pollfd pfd = { .fd = wfd, .events = 0 };
	int ret = poll(&pfd, 1, RELEASE_TIMEOUT_MS);

	t_assert(ret >= 0, "poll: %s", strerror(errno));
	if (!ret || !(pfd.revents & POLLERR))
		t_fail("pipe read end still referenced %d ms after "
		       "io_uring_queue_exit()", RELEASE_TIMEOUT_MS);
}

/* The peer of a closed socket sees POLLHUP once nothing holds it. */
static void wait_sock_released(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLRDHUP };
	int ret = poll(&pfd, 1, RELEASE_TIMEOUT_MS);

	t_assert(ret >= 0, "poll: %s", strerror(errno));
	if (!ret || !(pfd.revents & (POLLHUP | POLLRDHUP)))
		t_fail("socket still referenced %d ms after "
		       "io_uring_queue_exit()", RELEASE_TIMEOUT_MS);
}

static void one_round(unsigned int flags)
{
	struct io_uring_params p;
	struct inflight f;
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	unsigned int queued, i;
	int ret;

	memset(&f, 0, sizeof(f));
	f.hour.tv_sec = 3600;
	f.link_ts.tv_sec = 3600;
	/* Blocking (io_uring answers -EAGAIN on an O_NONBLOCK file). */
	t_assert(!pipe2(f.pipe_fds, O_CLOEXEC), "pipe2");
	t_assert(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
			     f.sock_fds), "socketpair");
	f.listen_fd = listener();

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	t_ring_init_params(&ring, 32, &p);

	queued = queue_inflight(&ring, &f);
	ret = io_uring_submit(&ring);
	t_eq(ret, queued);

	/* Two more prepared and never submitted. */
	for (i = 0; i < 2; i++)
		io_uring_prep_nop(sqe_of(&ring));

	/* Nothing may have completed: every request is waiting. */
	ret = io_uring_peek_cqe(&ring, &cqe);
	if (!ret)
		t_fail("unexpected CQE {user_data %llu, res %d, flags 0x%x}",
		       (unsigned long long) cqe->user_data, cqe->res,
		       cqe->flags);
	t_eq(ret, -EAGAIN);

	io_uring_queue_exit(&ring);

	close(f.pipe_fds[0]);
	wait_pipe_released(f.pipe_fds[1]);
	close(f.pipe_fds[1]);
	close(f.sock_fds[0]);
	wait_sock_released(f.sock_fds[1]);
	close(f.sock_fds[1]);
	close(f.listen_fd);
}

int main(void)
{
	static const unsigned int configs[] = {
		0,
		IORING_SETUP_COOP_TASKRUN,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_SQPOLL,
	};
	int fds, maps;
	unsigned int c, r;

	/* A first ring so that lazily created state is not counted. */
	one_round(0);
	fds = t_count_fds();
	maps = t_count_maps();

	for (c = 0; c < sizeof(configs) / sizeof(configs[0]); c++)
		for (r = 0; r < ROUNDS_PER_CONFIG; r++)
			one_round(configs[c]);

	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
