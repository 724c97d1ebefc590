/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_WAITID: waiting for a child to exit fills in its siginfo;
 * once reaped there is nothing left to wait for.
 */
#include <sys/wait.h>

#include "op-util.h"

int main(void)
{
	siginfo_t info;
	pid_t pid;
	int ret, p[2];
	char c;

	t_op_begin();
	t_pipe(p);
	pid = fork();
	t_assert(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		/* Exit with 7 once the parent says so. */
		ret = read(p[0], &c, 1);
		_exit(ret == 1 ? 7 : 1);
	}
	memset(&info, 0, sizeof(info));
	io_uring_prep_waitid(t_queue(11), P_PID, pid, &info, WEXITED, 0);
	t_submit(&ring, 1);
	ret = t_pending_or_unsupported();
	t_write_all(p[1], "x", 1);
	if (ret) {
		waitpid(pid, NULL, 0);
		t_skip("kernel lacks IORING_OP_WAITID: %s", strerror(-ret));
	}
	t_expect_cqe(&ring, 11, 0, 0, T_WAIT_MS);
	t_eq(info.si_pid, pid);
	t_eq(info.si_code, CLD_EXITED);
	t_eq(info.si_status, 7);
	/* Reaped: nothing left to wait for. */
	t_eq(RUN(io_uring_prep_waitid(sqe_, P_PID, pid, &info, WEXITED, 0)),
	     -ECHILD);
	/* No event asked for. */
	t_eq(RUN(io_uring_prep_waitid(sqe_, P_ALL, 0, &info, 0, 0)), -EINVAL);
	t_close_pair(p);
	return t_op_end();
}
