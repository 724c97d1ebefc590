/* SPDX-License-Identifier: MIT */
/*
 * IORING_OP_NOP128 on a ring of 64-byte SQEs: the 128-byte opcode is
 * refused, and io_uring_get_sqe128() hands out no SQE (the mixed-size
 * ring where both work is sqe-mixed.c).
 */
#include "op-util.h"

int main(void)
{
	t_op_begin();
	t_eq(RUN(io_uring_prep_nop128(sqe_)), -EINVAL);
	t_assert(!io_uring_get_sqe128(&ring),
		 "get_sqe128 on a plain ring gave an SQE");
	return t_op_end();
}
