/* SPDX-License-Identifier: MIT */
/*
 * io_uring_register_sync_msg() with arbitrary SQEs, whose target fd is
 * always one of the harness's rings (or a non-ring object of its own).
 * When the call succeeds, exactly one CQE must appear in the target ring,
 * carrying what the SQE said.
 */
#include <errno.h>
#include <string.h>

#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct fz_snapshot snap;
	struct fz_objects o;
	struct io_uring rings[2];
	unsigned int flags[2] = { 0, IORING_SETUP_CQSIZE };
	unsigned int steps = 0, i;

	fz_snapshot(&snap);
	fz_objects_open(&o);
	for (i = 0; i < 2; i++) {
		struct io_uring_params p;
		int err;

		memset(&p, 0, sizeof(p));
		p.flags = flags[i];
		p.cq_entries = 2;
		err = FZ_CALL("queue_init_params",
			      io_uring_queue_init_params(2, &rings[i], &p));
		if (err)
			fz_fail("setup of a plain ring failed: %s",
				strerror(-err));
	}

	while (f.size && steps++ < 32) {
		struct io_uring_sqe sqe;
		struct io_uring *target = NULL;
		struct io_uring_cqe *cqe;
		int ret;

		fz_bytes(&f, &sqe, sizeof(sqe));
		switch (fz_pick(&f, 4)) {
		case 0: case 1:
			target = &rings[fz_u8(&f) & 1];
			sqe.fd = target->ring_fd;
			break;
		case 2:
			sqe.fd = fz_pick_fd(&f, &o);
			break;
		default:
			/* A registered-ring index: not usable here. */
			sqe.fd = fz_u8(&f) & 15;
			if (sqe.fd <= 2)
				sqe.fd = -1;
			break;
		}
		/* The CQE we look for must be the first one there. */
		if (target)
			while (!io_uring_peek_cqe(target, &cqe))
				io_uring_cqe_seen(target, cqe);

		/* Sometimes a well-formed message, to reach the success path. */
		if (fz_u8(&f) < 64) {
			sqe.opcode = IORING_OP_MSG_RING;
			sqe.addr = IORING_MSG_DATA;
			sqe.flags = 0;
			sqe.msg_ring_flags &= IORING_MSG_RING_FLAGS_PASS;
		}

		/*
		 * CQE flags passed through are the sender's to get right:
		 * F_SKIP and F_32 frame the CQ for the receiving library (a
		 * skipped CQE; a CQE two slots wide), and a ring that never
		 * asked for them would lose its place. Not sent.
		 */
		sqe.file_index &= ~(IORING_CQE_F_SKIP | IORING_CQE_F_32);

		ret = FZ_CALL("register_sync_msg",
			      io_uring_register_sync_msg(&sqe));
		if (ret > 0)
			fz_fail("register_sync_msg returned %d", ret);
		if (ret || !target)
			continue;

		/* Success: the CQE is there, maybe still on overflow. */
		ret = FZ_CALL("peek_cqe", io_uring_peek_cqe(target, &cqe));
		if (ret)
			fz_fail("sync message sent, no CQE (%d)", ret);
		if (cqe->user_data != sqe.off || cqe->res != (int) sqe.len)
			fz_fail("CQE {%llu, %d}, sent {%llu, %d}",
				(unsigned long long) cqe->user_data, cqe->res,
				(unsigned long long) sqe.off, (int) sqe.len);
		if (sqe.msg_ring_flags & IORING_MSG_RING_FLAGS_PASS &&
		    cqe->flags != sqe.file_index)
			fz_fail("CQE flags 0x%x, sent 0x%x", cqe->flags,
				sqe.file_index);
		io_uring_cqe_seen(target, cqe);
	}

	for (i = 0; i < 2; i++)
		io_uring_queue_exit(&rings[i]);
	fz_objects_close(&o);
	fz_check_snapshot(&snap);
	return 0;
}
