/* SPDX-License-Identifier: MIT */
/*
 * Ring setup with arbitrary parameters: io_uring_queue_init_params(),
 * io_uring_queue_init() and io_uring_queue_init_mem() (with memory the
 * harness owns). Whatever the kernel accepts must then work for a nop
 * round trip; whatever it refuses must leave nothing behind.
 */
#include <errno.h>
#include <string.h>

#include "common.h"

static void use_ring(struct fz *f, struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_nsec = 1000000 };
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int ret;

	if (fz_u8(f) & 1)
		FZ_CALL("register_ring_fd", io_uring_register_ring_fd(ring));
	sqe = io_uring_get_sqe(ring);
	if (!sqe)
		fz_fail("a new ring has no free SQE");
	io_uring_prep_nop(sqe);
	sqe->user_data = 7;
	/* A disabled ring (R_DISABLED) or IOPOLL may refuse: fine. */
	ret = FZ_CALL("submit_and_wait_timeout",
		      io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts,
						       NULL));
	if (ret >= 0 && cqe) {
		if (cqe->user_data != 7)
			fz_fail("nop CQE has user_data %llu",
				(unsigned long long) cqe->user_data);
		io_uring_cqe_seen(ring, cqe);
	}
	if (fz_u8(f) & 1)
		FZ_CALL("unregister_ring_fd",
			io_uring_unregister_ring_fd(ring));
	io_uring_queue_exit(ring);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct fz_snapshot snap;
	struct fz_objects o;
	struct io_uring_params p;
	struct io_uring ring;
	unsigned int entries;
	int ret;

	fz_snapshot(&snap);
	fz_objects_open(&o);

	/* Everything arbitrary but the user_addr inputs of NO_MMAP. */
	fz_bytes(&f, &p, sizeof(p));
	p.sq_off.user_addr = 0;
	p.cq_off.user_addr = 0;
	/* Small sizes mostly; the kernel clamps or refuses the rest. */
	entries = fz_u8(&f) < 200 ? fz_u8(&f) : fz_u32(&f);
	if (fz_u8(&f) < 200)
		p.cq_entries %= 1024;
	/* Another workqueue to attach to: one of ours, or anything. */
	if (p.flags & IORING_SETUP_ATTACH_WQ && fz_u8(&f) & 1)
		p.wq_fd = o.pipe_fds[0];

	switch (fz_pick(&f, 3)) {
	case 0:
		ret = FZ_CALL("queue_init_params",
			      io_uring_queue_init_params(entries, &ring, &p));
		break;
	case 1:
		ret = FZ_CALL("queue_init",
			      io_uring_queue_init(entries, &ring, p.flags));
		break;
	default:
		ret = FZ_CALL("queue_init_mem",
			      io_uring_queue_init_mem(entries, &ring, &p,
						      o.buf,
						      fz_u32(&f) % FZ_BUF_SIZE));
		break;
	}
	if (ret >= 0)
		use_ring(&f, &ring);

	fz_objects_close(&o);
	fz_check_snapshot(&snap);
	return 0;
}
