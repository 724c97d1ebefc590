/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_URING_CMD passthrough on a file without a command handler (a
 * pipe): uring_cmd and cmd_discard are refused, and a 128-byte command
 * does not fit a 64-byte SQE ring.
 */
#include "op-util.h"

int main(void)
{
	int p[2];

	t_op_begin();
	t_need_opcode(IORING_OP_URING_CMD, "IORING_OP_URING_CMD (Linux 5.19)");
	t_pipe(p);
	t_eq(RUN(io_uring_prep_uring_cmd(sqe_, 1, p[0])), -EOPNOTSUPP);
	t_eq(RUN(io_uring_prep_cmd_discard(sqe_, p[0], 0, 4096)),
	     -EOPNOTSUPP);
	t_eq(RUN(io_uring_prep_uring_cmd128(sqe_, 1, p[0])), -EINVAL);
	t_close_pair(p);
	return t_op_end();
}
