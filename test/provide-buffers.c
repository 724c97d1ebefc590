/* SPDX-License-Identifier: MIT */
/*
 * Legacy provided buffers (IORING_OP_PROVIDE_BUFFERS and
 * IORING_OP_REMOVE_BUFFERS): removal takes as many as asked for and
 * says how many it took; an emptied group still exists; the errors.
 */
#include "op-util.h"

int main(void)
{
	static char bufs[4][8];

	t_op_begin();
	t_provide(&ring, bufs, 8, 4, 2);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 2)), 3);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 2)), 1);
	/*
	 * An emptied group still exists (Linux 5.19 on; before, emptying
	 * it removed it); one never provided does not.
	 */
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 2)),
	     t_kernel_at_least(5, 19) ? 0 : -ENOENT);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 3, 99)), -ENOENT);
	/* Zero buffers is "too many" to provide, and invalid to remove. */
	t_eq(RUN(io_uring_prep_provide_buffers(sqe_, bufs, 8, 0, 2, 0)),
	     -E2BIG);
	t_eq(RUN(io_uring_prep_remove_buffers(sqe_, 0, 2)), -EINVAL);
	return t_op_end();
}
