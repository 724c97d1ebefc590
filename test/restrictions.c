/* SPDX-License-Identifier: MIT */
/*
 * Restrictions on a ring created disabled: what is listed works once the
 * ring is enabled, everything else gets -EACCES.
 */
#include "register-util.h"

static int submit_one(struct io_uring *ring, int op, int fd, void *buf,
		      unsigned int len, unsigned int sqe_flags)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int res;

	io_uring_prep_rw(op, sqe, fd, buf, len, 0);
	sqe->flags = (__u8) sqe_flags;
	sqe->user_data = 9;
	res = io_uring_submit(ring);
	if (res != 1)
		return res;
	t_eq(io_uring_wait_cqe(ring, &cqe), 0);
	t_eq(cqe->user_data, 9);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

static void bad_restrictions(struct io_uring *ring)
{
	struct io_uring_restriction res[2];

	t_eq(io_uring_register_restrictions(ring, NULL, 1), -EINVAL);
	memset(res, 0, sizeof(res));
	res[0].opcode = IORING_RESTRICTION_LAST;
	t_eq(io_uring_register_restrictions(ring, res, 1), -EINVAL);
	res[0].opcode = IORING_RESTRICTION_SQE_OP;
	res[0].sqe_op = 255;
	t_eq(io_uring_register_restrictions(ring, res, 1), -EINVAL);
	res[0].opcode = IORING_RESTRICTION_REGISTER_OP;
	res[0].register_op = 255;
	t_eq(io_uring_register_restrictions(ring, res, 1), -EINVAL);
	t_eq(io_uring_register_restrictions(ring, res, 100000), -EINVAL);
	t_eq(io_uring_register_restrictions(ring, (void *) 8, 1), -EFAULT);
}

int main(void)
{
	struct io_uring_restriction res[4];
	struct io_uring ring, plain, fake;
	int fds, maps, pfd[2];
	char buf[4] = "abc";

	if (pipe(pfd))
		t_fail("pipe");
	fds = t_count_fds();
	maps = t_count_maps();

	/* Only rings created disabled take restrictions. */
	t_ring_init(&plain, 4, 0);
	memset(res, 0, sizeof(res));
	res[0].opcode = IORING_RESTRICTION_SQE_OP;
	res[0].sqe_op = IORING_OP_NOP;
	t_eq(io_uring_register_restrictions(&plain, res, 1), -EBADFD);
	t_eq(io_uring_enable_rings(&plain), -EBADFD);
	io_uring_queue_exit(&plain);

	t_ring_init(&ring, 4, IORING_SETUP_R_DISABLED);
	bad_restrictions(&ring);

	memset(res, 0, sizeof(res));
	res[0].opcode = IORING_RESTRICTION_SQE_OP;
	res[0].sqe_op = IORING_OP_NOP;
	res[1].opcode = IORING_RESTRICTION_SQE_OP;
	res[1].sqe_op = IORING_OP_READ;
	res[2].opcode = IORING_RESTRICTION_REGISTER_OP;
	res[2].register_op = IORING_REGISTER_PROBE;
	res[3].opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED;
	res[3].sqe_flags = IOSQE_ASYNC;
	t_eq(io_uring_register_restrictions(&ring, res, 4), 0);
	/* Only one set per ring. */
	t_eq(io_uring_register_restrictions(&ring, res, 4), -EBUSY);

	/* Still disabled: nothing can be submitted. */
	t_eq(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, 0), -EBADFD);
	t_eq(io_uring_enable_rings(&ring), 0);
	t_eq(io_uring_enable_rings(&ring), -EACCES);

	/* The refused submission above is still queued: reap it first. */
	t_eq(io_uring_submit(&ring), 1);
	t_expect_cqe(&ring, 9, 0, 0, 5000);

	t_eq(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, 0), 0);
	t_eq(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, IOSQE_ASYNC), 0);
	t_eq(submit_one(&ring, IORING_OP_NOP, -1, NULL, 0, IOSQE_IO_DRAIN),
	     -EACCES);
	t_eq(submit_one(&ring, IORING_OP_WRITE, pfd[1], buf, 3, 0), -EACCES);
	t_eq(write(pfd[1], buf, 3), 3);
	t_eq(submit_one(&ring, IORING_OP_READ, pfd[0], buf, 3, 0), 3);

	/* Register opcodes: PROBE was listed, the others were not. */
	{
		struct io_uring_probe *p = io_uring_get_probe_ring(&ring);

		t_assert(p, "allowed probe failed");
		io_uring_free_probe(p);
	}
	t_eq(io_uring_register_personality(&ring), -EACCES);
	t_eq(io_uring_register_restrictions(&ring, res, 4), -EACCES);

	t_fake_ring(&fake, t_closed_fd());
	t_eq(io_uring_register_restrictions(&fake, res, 1), -EBADF);
	t_eq(io_uring_enable_rings(&fake), -EBADF);
	t_eq_null(io_uring_enable_rings(NULL), -EFAULT);

	io_uring_queue_exit(&ring);
	close(pfd[0]);
	close(pfd[1]);
	t_eq(t_count_fds(), fds - 2);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
