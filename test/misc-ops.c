/* SPDX-License-Identifier: MIT */
/*
 * The remaining families: splice and tee, pipe creation (plain and
 * direct), epoll_ctl and epoll_wait, futex wait/wake/waitv, waitid on a
 * child, provided buffer removal, passthrough commands on a file that has
 * none, and nop128 refused in a 64-byte SQE.
 */
#include <linux/futex.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/wait.h>

#include "helpers.h"
#include "prep-util.h"

#ifndef FUTEX2_SIZE_U32
#define FUTEX2_SIZE_U32		0x02
#endif
#ifndef FUTEX2_PRIVATE
#define FUTEX2_PRIVATE		128
#endif

static struct io_uring ring;

#define RUN(prep_call)	T_RUN(&ring, prep_call)

static struct io_uring_sqe *queue(__u64 user_data)
{
	struct io_uring_sqe *sqe = t_get_sqe(&ring);

	sqe->user_data = user_data;
	return sqe;
}

static void splice_tee(void)
{
	char buf[32], *dir, path[512];
	int a[2], b[2], fd;

	t_assert(!pipe2(a, O_CLOEXEC) && !pipe2(b, O_CLOEXEC), "pipe");
	dir = t_tmpdir();
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	t_write_all(fd, "0123456789", 10);

	/* File at offset 2 into a pipe; the file position does not move. */
	t_eq(lseek(fd, 0, SEEK_SET), 0);
	t_eq(RUN(io_uring_prep_splice(sqe_, fd, 2, a[1], -1, 5, 0)), 5);
	t_eq(lseek(fd, 0, SEEK_CUR), 0);
	/* tee duplicates the pipe's contents without consuming them. */
	t_eq(RUN(io_uring_prep_tee(sqe_, a[0], b[1], 5, 0)), 5);
	t_eq(read(b[0], buf, sizeof(buf)), 5);
	t_assert(!memcmp(buf, "23456", 5), "tee copy");
	/* Pipe back into the file at offset 20. */
	t_eq(RUN(io_uring_prep_splice(sqe_, a[0], -1, fd, 20, 5, 0)), 5);
	t_eq(pread(fd, buf, 5, 20), 5);
	t_assert(!memcmp(buf, "23456", 5), "splice back");

	/* Registered input via SPLICE_F_FD_IN_FIXED. */
	{
		int files[1] = { fd };

		t_register_files(&ring, files, 1);
		t_eq(RUN(io_uring_prep_splice(sqe_, 0, 0, a[1], -1, 3,
					      SPLICE_F_FD_IN_FIXED)), 3);
		t_eq(read(a[0], buf, sizeof(buf)), 3);
		t_assert(!memcmp(buf, "012", 3), "fixed splice");
		io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES,
				  NULL, 0);
	}

	/* Neither end a pipe; an offset on a pipe; tee of a file. */
	t_eq(RUN(io_uring_prep_splice(sqe_, fd, 0, fd, 30, 5, 0)), -EINVAL);
	t_eq(RUN(io_uring_prep_splice(sqe_, a[0], 3, fd, 0, 5, 0)), -ESPIPE);
	t_eq(RUN(io_uring_prep_tee(sqe_, fd, b[1], 5, 0)), -EINVAL);
	t_eq(RUN(io_uring_prep_splice(sqe_, -1, 0, a[1], -1, 5, 0)), -EBADF);

	/* Linked: splice into a pipe, then read it out. */
	{
		struct io_uring_sqe *sqe = queue(5);

		io_uring_prep_splice(sqe, fd, 0, a[1], -1, 4, 0);
		io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
		memset(buf, 0, sizeof(buf));
		io_uring_prep_read(queue(6), a[0], buf, 4, 0);
		t_submit(&ring, 2);
		t_expect_cqe(&ring, 5, 4, 0, T_WAIT_MS);
		t_expect_cqe(&ring, 6, 4, 0, T_WAIT_MS);
		t_assert(!memcmp(buf, "0123", 4), "linked splice/read");
	}
	close(fd);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	t_tmpdir_done(dir);
}

static void pipes(void)
{
	int fds[2] = { -1, -1 }, ret;
	char c;

	ret = RUN(io_uring_prep_pipe(sqe_, fds, O_CLOEXEC));
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		printf("kernel lacks IORING_OP_PIPE, not tested\n");
		return;
	}
	t_eq(ret, 0);
	t_eq(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
	t_write_all(fds[1], "z", 1);
	t_eq(read(fds[0], &c, 1), 1);
	t_eq(c, 'z');
	close(fds[0]);
	close(fds[1]);
	t_eq(RUN(io_uring_prep_pipe(sqe_, fds, 1 << 30)), -EINVAL);
	t_eq(RUN(io_uring_prep_pipe(sqe_, (void *) 8, 0)), -EFAULT);

	/* Into registered slots: fds receives slot numbers. */
	t_register_files_sparse(&ring, 4);
	t_eq(RUN(io_uring_prep_pipe_direct(sqe_, fds, 0, 1)), 0);
	t_eq(fds[0], 1);
	t_eq(fds[1], 2);
	t_eq(RUN((io_uring_prep_write(sqe_, 2, "q", 1, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), 1);
	t_eq(RUN((io_uring_prep_read(sqe_, 1, &c, 1, 0),
		  io_uring_sqe_set_flags(sqe_, IOSQE_FIXED_FILE))), 1);
	t_eq(c, 'q');
	t_eq(RUN(io_uring_prep_pipe_direct(sqe_, fds, 0,
					   IORING_FILE_INDEX_ALLOC)), 0);
	t_assert(fds[0] != fds[1] && fds[0] >= 0 && fds[0] < 4 &&
		 fds[1] >= 0 && fds[1] < 4 && fds[0] != 1 && fds[0] != 2 &&
		 fds[1] != 1 && fds[1] != 2, "allocated %d %d", fds[0],
		 fds[1]);
	t_eq(RUN(io_uring_prep_pipe_direct(sqe_, fds, 0, 3)), -EINVAL);
	io_uring_register(ring.ring_fd, IORING_UNREGISTER_FILES, NULL, 0);
}

static void epoll(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234 };
	struct epoll_event out[4];
	int ep, p[2], ret;

	ep = epoll_create1(EPOLL_CLOEXEC);
	t_assert(!pipe2(p, O_CLOEXEC), "pipe");
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_ADD, &ev)),
	     0);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_ADD, &ev)),
	     -EEXIST);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[1], EPOLL_CTL_DEL, NULL)),
	     -ENOENT);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], 99, &ev)), -EINVAL);

	/* epoll_wait (Linux 6.15) waits for the event. */
	io_uring_prep_epoll_wait(queue(7), ep, out, 4, 0);
	t_submit(&ring, 1);
	{
		struct io_uring_cqe cqe;
		struct __kernel_timespec ts = { .tv_nsec = 10000000 };
		struct io_uring_cqe *c;

		ret = io_uring_wait_cqe_timeout(&ring, &c, &ts);
		if (!ret) {
			cqe = *c;
			io_uring_cqe_seen(&ring, c);
			if (cqe.res == -EINVAL || cqe.res == -EOPNOTSUPP) {
				printf("kernel lacks EPOLL_WAIT, not tested\n");
				goto ctl_only;
			}
			t_fail("epoll_wait completed early: %d", cqe.res);
		}
	}
	t_write_all(p[1], "e", 1);
	t_expect_cqe(&ring, 7, 1, 0, T_WAIT_MS);
	t_eq(out[0].events, EPOLLIN);
	t_eq(out[0].data.u64, 0x1234);
	t_eq(RUN(io_uring_prep_epoll_wait(sqe_, p[0], out, 4, 0)), -EINVAL);
ctl_only:
	ev.events = EPOLLOUT;
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_MOD, &ev)),
	     0);
	t_eq(RUN(io_uring_prep_epoll_ctl(sqe_, ep, p[0], EPOLL_CTL_DEL, NULL)),
	     0);
	close(ep);
	close(p[0]);
	close(p[1]);
}

static void futexes(void)
{
	static uint32_t word1, word2;
	struct futex_waitv wv[2];
	int ret;

	/* The value differs: no wait at all. */
	word1 = 1;
	ret = RUN(io_uring_prep_futex_wait(sqe_, &word1, 0,
					   FUTEX_BITSET_MATCH_ANY,
					   FUTEX2_SIZE_U32 | FUTEX2_PRIVATE,
					   0));
	if (ret == -EINVAL || ret == -EOPNOTSUPP) {
		printf("kernel lacks io_uring futexes, not tested\n");
		return;
	}
	t_eq(ret, -EAGAIN);

	/* A waiter, woken through the ring; wake reports one woken. */
	io_uring_prep_futex_wait(queue(8), &word1, 1, FUTEX_BITSET_MATCH_ANY,
				 FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0);
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);
	io_uring_prep_futex_wake(queue(9), &word1, 1, FUTEX_BITSET_MATCH_ANY,
				 FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0);
	t_submit(&ring, 1);
	{
		int i;

		for (i = 0; i < 2; i++) {
			struct io_uring_cqe cqe = t_wait_cqe(&ring, T_WAIT_MS);

			t_eq(cqe.flags, 0);
			t_eq(cqe.res, cqe.user_data == 8 ? 0 : 1);
		}
	}
	t_eq(RUN(io_uring_prep_futex_wake(sqe_, &word1, 1,
					  FUTEX_BITSET_MATCH_ANY,
					  FUTEX2_SIZE_U32 | FUTEX2_PRIVATE,
					  0)), 0);
	t_eq(RUN(io_uring_prep_futex_wait(sqe_, &word1, 1, 0,
					  FUTEX2_SIZE_U32, 0)), -EINVAL);
	t_eq(RUN(io_uring_prep_futex_wait(sqe_, &word1, 1,
					  FUTEX_BITSET_MATCH_ANY,
					  FUTEX2_SIZE_U32, 1)), -EINVAL);

	/* waitv: res is the index of the futex that was woken. */
	word2 = 5;
	memset(wv, 0, sizeof(wv));
	wv[0].uaddr = (uintptr_t) &word1;
	wv[0].val = 1;
	wv[0].flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
	wv[1].uaddr = (uintptr_t) &word2;
	wv[1].val = 5;
	wv[1].flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
	io_uring_prep_futex_waitv(queue(10), wv, 2, 0);
	t_submit(&ring, 1);
	t_expect_no_cqe(&ring, 10);
	t_eq(RUN(io_uring_prep_futex_wake(sqe_, &word2, 1,
					  FUTEX_BITSET_MATCH_ANY,
					  FUTEX2_SIZE_U32 | FUTEX2_PRIVATE,
					  0)), 1);
	t_expect_cqe(&ring, 10, 1, 0, T_WAIT_MS);
	t_eq(RUN(io_uring_prep_futex_waitv(sqe_, wv, 0, 0)), -EINVAL);
}

static void wait_child(void)
{
	siginfo_t info;
	pid_t pid;
	int ret, p[2];
	char c;

	t_assert(!pipe2(p, O_CLOEXEC), "pipe");
	pid = fork();
	t_assert(pid >= 0, "fork");
	if (!pid) {
		/* Exit with 7 once the parent says so. */
		ret = read(p[0], &c, 1);
		_exit(ret == 1 ? 7 : 1);
	}
	memset(&info, 0, sizeof(info));
	io_uring_prep_waitid(queue(11), P_PID, pid, &info, WEXITED, 0);
	t_submit(&ring, 1);
	{
		struct __kernel_timespec ts = { .tv_nsec = 10000000 };
		struct io_uring_cqe *cqe;

		ret = io_uring_wait_cqe_timeout(&ring, &cqe, &ts);
		if (!ret) {
			int res = cqe->res;

			io_uring_cqe_seen(&ring, cqe);
			t_write_all(p[1], "x", 1);
			waitpid(pid, NULL, 0);
			if (res == -EINVAL || res == -EOPNOTSUPP) {
				printf("kernel lacks WAITID, not tested\n");
				goto out;
			}
			t_fail("waitid completed early: %d", res);
		}
	}
	t_write_all(p[1], "x", 1);
	t_expect_cqe(&ring, 11, 0, 0, T_WAIT_MS);
	t_eq(info.si_pid, pid);
	t_eq(info.si_code, CLD_EXITED);
	t_eq(info.si_status, 7);
	/* Reaped: nothing left to wait for. */
	t_eq(RUN(io_uring_prep_waitid(sqe_, P_PID, pid, &info, WEXITED, 0)),
	     -ECHILD);
	t_eq(RUN(io_uring_prep_waitid(sqe_, P_ALL, 0, &info, 0, 0)), -EINVAL);
out:
	close(p[0]);
	close(p[1]);
}

/* Passthrough on something without a command handler; remove_buffers. */
static void commands_and_buffers(void)
{
	static char bufs[4][8];
	int p[2];

	t_assert(!pipe2(p, O_CLOEXEC), "pipe");
	t_eq(RUN(io_uring_prep_uring_cmd(sqe_, 1, p[0])), -EOPNOTSUPP);
	t_eq(RUN(io_uring_prep_cmd_discard(sqe_, p[0], 0, 4096)),
	     -EOPNOTSUPP);
	/* A 128-byte command on a 64-byte SQE ring is refused. */
	t_eq(RUN(io_uring_prep_uring_cmd128(sqe_, 1, p[0])), -EINVAL);
	close(p[0]);
	close(p[1]);

	t_provide(&ring, bufs, 8, 4, 2);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 2)), 3);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 2)), 1);
	/* An emptied group still exists; one never provided does not. */
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 2)), 0);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 99)), -ENOENT);
	/* Zero buffers is "too many" to provide, and invalid to remove. */
	t_eq(RUN(io_uring_prep_provide_buffers(sqe_, bufs, 8, 0, 2, 0)),
	     -E2BIG);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 0, 2)), -EINVAL);
}

/* A 128-byte opcode in a 64-byte SQE is refused (see sqe-mixed.c). */
static void nop128(void)
{
	t_eq(RUN(io_uring_prep_nop128(sqe_)), -EINVAL);
	t_assert(!io_uring_get_sqe128(&ring),
		 "get_sqe128 on a plain ring gave an SQE");
}

int main(void)
{
	int fds_before = t_count_fds();

	t_ring_init(&ring, 16, 0);
	splice_tee();
	pipes();
	epoll();
	futexes();
	wait_child();
	commands_and_buffers();
	nop128();
	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds_before);
	return T_PASS;
}
