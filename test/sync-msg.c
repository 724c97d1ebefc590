/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_sync_msg(): a MSG_RING message sent without a source
 * ring. Every posted CQE is checked whole, and so is the absence of any
 * other; every error case asserts the kernel's exact errno.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "helpers.h"

/* A zeroed stack SQE carrying a data message to fd. */
static struct io_uring_sqe msg_sqe(int fd, unsigned int len, __u64 data)
{
	struct io_uring_sqe sqe;

	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring(&sqe, fd, len, data, 0);
	return sqe;
}

static int send_msg(int fd, unsigned int len, __u64 data)
{
	struct io_uring_sqe sqe = msg_sqe(fd, len, data);

	return io_uring_register_sync_msg(&sqe);
}

static void skip_unless_supported(void)
{
	struct io_uring ring;
	int ret;

	t_ring_init(&ring, 4, 0);
	ret = send_msg(ring.ring_fd, 1, 1);
	if (ret == -EINVAL || ret == -EBADF || ret == -EOPNOTSUPP)
		t_skip("no IORING_REGISTER_SEND_MSG_RING (Linux 6.13): %s",
		       strerror(-ret));
	t_eq(ret, 0);
	t_expect_cqe(&ring, 1, 1, 0, 1000);
	io_uring_queue_exit(&ring);
}

static void plain_ring(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 4, 0);
	t_eq(send_msg(ring.ring_fd, 0x1234, 0xdeadbeefcafef00dULL), 0);
	/* Delivered during the call: nothing to wait for. */
	t_eq(io_uring_cq_ready(&ring), 1);
	t_expect_cqe(&ring, 0xdeadbeefcafef00dULL, 0x1234, 0, 1000);

	/* len is the 32-bit res: the top bit comes back as a negative res. */
	t_eq(send_msg(ring.ring_fd, 0x80000001U, 0), 0);
	t_expect_cqe(&ring, 0, (int) 0x80000001U, 0, 1000);
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

static void with_cqe_flags(void)
{
	struct io_uring_sqe sqe;
	struct io_uring ring;

	t_ring_init(&ring, 4, 0);
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring_cqe_flags(&sqe, ring.ring_fd, 7, 99, 0,
					 0xabcd0000);
	t_eq(sqe.msg_ring_flags, IORING_MSG_RING_FLAGS_PASS);
	t_eq(io_uring_register_sync_msg(&sqe), 0);
	t_expect_cqe(&ring, 99, 7, 0xabcd0000, 1000);

	/* Without FLAGS_PASS, the flags slot must be empty. */
	sqe.msg_ring_flags = 0;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

/* To the caller's own ring while a read waits on an empty pipe. */
static void own_ring_busy(void)
{
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	char buf[4];
	int fds[2];

	t_ring_init(&ring, 4, 0);
	t_assert(!pipe(fds), "pipe");
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, fds[0], buf, sizeof(buf), 0);
	io_uring_sqe_set_data64(sqe, 1);
	t_eq(io_uring_submit(&ring), 1);

	t_eq(send_msg(ring.ring_fd, 5, 2), 0);
	t_expect_cqe(&ring, 2, 5, 0, 1000);

	t_eq(write(fds[1], "abc", 3), 3);
	t_expect_cqe(&ring, 1, 3, 0, 1000);
	t_assert(!memcmp(buf, "abc", 3), "read data");
	t_expect_no_cqe(&ring, 10);
	close(fds[0]);
	close(fds[1]);
	io_uring_queue_exit(&ring);
}

/*
 * DEFER_TASKRUN: the message becomes task work of the ring's owner, so the
 * CQE only shows up once the owner enters the kernel to wait.
 */
static void defer_taskrun(void)
{
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init(4, &ring, IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN);
	if (ret == -EINVAL) {
		printf("note: no DEFER_TASKRUN, part skipped\n");
		return;
	}
	t_eq(ret, 0);
	t_eq(send_msg(ring.ring_fd, 11, 12), 0);
	t_eq(io_uring_cq_ready(&ring), 0);
	t_expect_cqe(&ring, 12, 11, 0, 1000);
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

static void sqpoll(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 4, IORING_SETUP_SQPOLL);
	t_eq(send_msg(ring.ring_fd, 21, 22), 0);
	t_expect_cqe(&ring, 22, 21, 0, 1000);
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

/* A ring created disabled refuses messages until it is enabled. */
static void r_disabled(void)
{
	struct io_uring ring;

	t_ring_init(&ring, 4, IORING_SETUP_R_DISABLED);
	t_eq(send_msg(ring.ring_fd, 31, 32), -EBADFD);
	t_eq(io_uring_cq_ready(&ring), 0);
	t_eq(io_uring_register(ring.ring_fd, IORING_REGISTER_ENABLE_RINGS,
			       NULL, 0), 0);
	t_eq(send_msg(ring.ring_fd, 33, 34), 0);
	t_expect_cqe(&ring, 34, 33, 0, 1000);
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

struct waiter {
	struct io_uring *ring;
	pid_t tid;
	int ret;
	struct io_uring_cqe cqe;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;
	struct io_uring_cqe *cqe;

	__atomic_store_n(&w->tid, (pid_t) syscall(SYS_gettid),
			 __ATOMIC_RELEASE);
	w->ret = io_uring_wait_cqe(w->ring, &cqe);
	if (!w->ret) {
		w->cqe = *cqe;
		io_uring_cqe_seen(w->ring, cqe);
	}
	return NULL;
}

/* Wait (bounded) until thread tid sleeps in the kernel. */
static void wait_until_sleeping(pid_t tid)
{
	char path[64], stat[512], *state;
	int i;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	for (i = 0; i < 100000; i++) {
		FILE *f = fopen(path, "r");
		size_t n;

		if (!f)
			t_fail("open %s", path);
		n = fread(stat, 1, sizeof(stat) - 1, f);
		fclose(f);
		stat[n] = 0;
		state = strrchr(stat, ')');
		if (state && state[1] == ' ' && state[2] == 'S')
			return;
		sched_yield();
	}
	t_fail("waiter thread never went to sleep");
}

static void wakes_waiter(void)
{
	struct waiter w = { 0 };
	struct io_uring ring;
	pthread_t thread;
	pid_t tid;

	t_ring_init(&ring, 4, 0);
	w.ring = &ring;
	t_assert(!pthread_create(&thread, NULL, wait_thread, &w), "thread");
	while (!(tid = __atomic_load_n(&w.tid, __ATOMIC_ACQUIRE)))
		sched_yield();
	wait_until_sleeping(tid);

	t_eq(send_msg(ring.ring_fd, 41, 42), 0);
	pthread_join(thread, NULL);
	t_eq(w.ret, 0);
	t_eq(w.cqe.user_data, 42);
	t_eq(w.cqe.res, 41);
	t_eq(w.cqe.flags, 0);
	t_expect_no_cqe(&ring, 10);
	io_uring_queue_exit(&ring);
}

static void errors(void)
{
	struct io_uring_sqe sqe;
	struct io_uring ring;
	int fds[2], closed_fd;

	t_ring_init(&ring, 4, 0);
	t_assert(!pipe(fds), "pipe");

	/* No SQE at all. */
	t_eq(io_uring_register_sync_msg(NULL), -EINVAL);

	/* A target that is open but is not a ring. */
	t_eq(send_msg(fds[0], 1, 1), -EBADFD);

	/* A target that is not open. */
	closed_fd = dup(fds[0]);
	close(closed_fd);
	t_eq(send_msg(closed_fd, 1, 1), -EBADF);
	t_eq(send_msg(-1, 1, 1), -EBADF);

	/* Any opcode but MSG_RING. */
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.opcode = IORING_OP_NOP;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);

	/* File descriptors cannot be sent without a source ring. */
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring_fd(&sqe, ring.ring_fd, 0, 0, 1, 0);
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	memset(&sqe, 0, sizeof(sqe));
	io_uring_prep_msg_ring_fd_alloc(&sqe, ring.ring_fd, 0, 1, 0);
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);

	/* Unknown message flags; CQE_SKIP means nothing for data. */
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.msg_ring_flags = 1U << 7;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	sqe.msg_ring_flags = IORING_MSG_RING_CQE_SKIP;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);

	/* SQE flags, and the fields MSG_RING keeps reserved. */
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.flags = IOSQE_FIXED_FILE;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.flags = IOSQE_IO_LINK;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.buf_index = 1;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.personality = 1;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.addr3 = 1;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	sqe.file_index = 1;
	t_eq(io_uring_register_sync_msg(&sqe), -EINVAL);

	/* The raw register call: exactly one SQE. */
	sqe = msg_sqe(ring.ring_fd, 1, 1);
	t_eq(io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING, &sqe, 2),
	     -EINVAL);
	t_eq(io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING, &sqe, 0),
	     -EINVAL);
	t_eq(io_uring_register(-1, IORING_REGISTER_SEND_MSG_RING,
			       (void *) 8, 1), -EFAULT);

	/* Not one of those posted anything. */
	t_expect_no_cqe(&ring, 10);
	close(fds[0]);
	close(fds[1]);
	io_uring_queue_exit(&ring);
}

int main(void)
{
	skip_unless_supported();
	plain_ring();
	with_cqe_flags();
	own_ring_busy();
	defer_taskrun();
	sqpoll();
	r_disabled();
	wakes_waiter();
	errors();
	return T_PASS;
}
