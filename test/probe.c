/* SPDX-License-Identifier: MIT */
/*
 * Opcode probing: io_uring_get_probe(_ring), io_uring_register_probe and
 * io_uring_opcode_supported agree with what the kernel accepts.
 */
#include "register-util.h"

#define PROBE_SIZE(n)	(sizeof(struct io_uring_probe) + \
			 (n) * sizeof(struct io_uring_probe_op))

/* Submit a bare SQE with opcode op and return its result. */
static int try_opcode(struct io_uring *ring, int op)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);
	struct io_uring_cqe *cqe;
	int res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = (__u8) op;
	sqe->fd = -1;
	sqe->user_data = 0x100 + op;
	t_submit(ring, 1);
	t_eq(io_uring_wait_cqe(ring, &cqe), 0);
	t_eq(cqe->user_data, 0x100 + op);
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

static void check_probe(struct io_uring *ring, struct io_uring_probe *p)
{
	int op, res;

	t_assert(p, "no probe");
	t_assert(p->last_op >= IORING_OP_READ, "last_op %u", p->last_op);
	t_eq(p->ops_len, p->last_op + 1);
	for (op = 0; op <= p->last_op; op++)
		t_eq(p->ops[op].op, op);

	t_assert(io_uring_opcode_supported(p, IORING_OP_NOP), "no NOP?");
	t_assert(!io_uring_opcode_supported(p, p->last_op + 1),
		 "opcode past last_op reported supported");
	t_assert(!io_uring_opcode_supported(p, -1), "negative opcode");

	/* The kernel refuses what is past last_op... */
	t_eq(try_opcode(ring, p->last_op + 1), -EINVAL);
	/* ...and everything the probe calls unsupported. */
	for (op = 0; op <= p->last_op; op++) {
		if (io_uring_opcode_supported(p, op))
			continue;
		res = try_opcode(ring, op);
		t_assert(res == -EINVAL || res == -EOPNOTSUPP,
			 "unsupported opcode %d gave %d", op, res);
	}
	/* A supported one goes through. */
	t_eq(try_opcode(ring, IORING_OP_NOP), 0);
}

static void raw_register_probe(struct io_uring *ring,
			       const struct io_uring_probe *full)
{
	struct io_uring_probe *p = calloc(1, PROBE_SIZE(256));

	/* Fewer slots than opcodes: only those are filled in. */
	t_eq(io_uring_register_probe(ring, p, 4), 0);
	t_eq(p->last_op, full->last_op);
	t_eq(p->ops_len, 4);
	t_eq(p->ops[3].op, 3);
	t_eq(p->ops[4].op, 0);

	/* Zero slots: just last_op. */
	memset(p, 0, PROBE_SIZE(256));
	t_eq(io_uring_register_probe(ring, p, 0), 0);
	t_eq(p->last_op, full->last_op);
	t_eq(p->ops_len, 0);

	/* The buffer must come in zeroed. */
	memset(p, 0, PROBE_SIZE(256));
	p->ops[1].flags = 1;
	t_eq(io_uring_register_probe(ring, p, 8), -EINVAL);
	memset(p, 0, PROBE_SIZE(256));
	t_eq(io_uring_register_probe(ring, p, 257), -EINVAL);
	t_eq(io_uring_register_probe(ring, NULL, 8), -EINVAL);
	t_eq(io_uring_register_probe(ring, (void *) 8, 8), -EFAULT);
	free(p);
}

int main(void)
{
	struct io_uring_probe *p, *p2;
	struct io_uring ring, fake;
	int fds, maps;

	fds = t_count_fds();
	maps = t_count_maps();
	t_ring_init(&ring, 8, 0);

	p = io_uring_get_probe_ring(&ring);
	check_probe(&ring, p);
	p2 = io_uring_get_probe();
	t_assert(p2, "io_uring_get_probe failed");
	t_assert(!memcmp(p, p2, PROBE_SIZE(p->last_op + 1)),
		 "the two probes disagree");
	raw_register_probe(&ring, p);
	io_uring_free_probe(p2);
	io_uring_free_probe(p);

	if (!t_peer_library())
		t_assert(!io_uring_get_probe_ring(NULL), "probe of NULL ring");
	t_fake_ring(&fake, t_closed_fd());
	t_assert(!io_uring_get_probe_ring(&fake), "probe of a closed fd");
	t_eq(io_uring_register_probe(&fake, NULL, 0), -EBADF);
	io_uring_free_probe(NULL);

	io_uring_queue_exit(&ring);
	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
