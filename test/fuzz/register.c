/* SPDX-License-Identifier: MIT */
/*
 * The register wrappers with arbitrary arguments, and io_uring_register()
 * itself for the opcodes whose arguments can be confined to harness
 * memory and harness descriptors. Opcodes that would change the ring under
 * the library (resizing) or need hardware (zero-copy receive) are left out.
 */
#include <errno.h>
#include <string.h>

#include "common.h"

/* Harness memory layout for register arguments. */
#define ARG_OFF		0		/* the argument struct/array */
#define ARG_LEN		4096
#define MEM_OFF		8192		/* memory the kernel may pin or use */
#define MEM_LEN		(FZ_BUF_SIZE - MEM_OFF)

static bool registered;	/* the library registered the ring fd */

static void raw_register(struct fz *f, struct fz_objects *o,
			 struct io_uring *ring, struct io_uring *other)
{
	void *arg = o->buf + ARG_OFF;
	unsigned int opcode, nr = fz_u8(f) % 16, i;
	int fd = ring->ring_fd;

	fz_bytes(f, arg, fz_u16(f) % ARG_LEN);
	switch (fz_pick(f, 22)) {
	case 0: {
		struct iovec *iov = arg;

		opcode = IORING_REGISTER_BUFFERS;
		for (i = 0; i < nr; i++) {
			unsigned int off = fz_u16(f) % MEM_LEN;

			iov[i].iov_base = fz_u8(f) < 8 ? NULL :
					  o->buf + MEM_OFF + off;
			iov[i].iov_len = fz_u16(f) % (MEM_LEN - off + 1);
		}
		break;
	}
	case 1:
		opcode = IORING_UNREGISTER_BUFFERS;
		break;
	case 2:
	case 3: {
		int *fds = arg;

		opcode = fz_u8(f) & 1 ? IORING_REGISTER_FILES :
			 IORING_REGISTER_FILES_UPDATE;
		if (opcode == IORING_REGISTER_FILES_UPDATE) {
			struct io_uring_files_update *up = arg;

			fds = (int *) (up + 1);
			up->fds = (uintptr_t) fds;
		}
		for (i = 0; i < nr; i++)
			fds[i] = fz_u8(f) & 1 ? IORING_REGISTER_FILES_SKIP :
				 fz_pick_fd(f, o);
		break;
	}
	case 4:
		opcode = IORING_UNREGISTER_FILES;
		break;
	case 5:
		opcode = fz_u8(f) & 1 ? IORING_REGISTER_EVENTFD :
			 IORING_REGISTER_EVENTFD_ASYNC;
		*(int *) arg = fz_u8(f) & 1 ? o->event_fd : fz_pick_fd(f, o);
		nr = fz_u8(f) & 3 ? 1 : nr;
		break;
	case 6:
		opcode = IORING_UNREGISTER_EVENTFD;
		break;
	case 7:
		opcode = IORING_REGISTER_PROBE;
		nr = fz_u16(f) % 300;
		/* Room for the header and nr ops. */
		if (sizeof(struct io_uring_probe) +
		    nr * sizeof(struct io_uring_probe_op) > ARG_LEN)
			nr = 16;
		break;
	case 8:
		opcode = IORING_REGISTER_PERSONALITY;
		break;
	case 9:
		opcode = IORING_UNREGISTER_PERSONALITY;
		nr = fz_u16(f);
		break;
	case 10:
		opcode = IORING_REGISTER_RESTRICTIONS;
		nr %= ARG_LEN / sizeof(struct io_uring_restriction);
		break;
	case 11:
		opcode = IORING_REGISTER_ENABLE_RINGS;
		break;
	case 12:
		opcode = fz_u8(f) & 1 ? IORING_REGISTER_IOWQ_AFF :
			 IORING_UNREGISTER_IOWQ_AFF;
		nr = fz_u16(f) % ARG_LEN;
		break;
	case 13:
		opcode = IORING_REGISTER_IOWQ_MAX_WORKERS;
		nr = fz_u8(f) & 3 ? 2 : nr;
		break;
	case 14: {
		struct io_uring_rsrc_update *up = arg;

		opcode = fz_u8(f) & 1 ? IORING_REGISTER_RING_FDS :
			 IORING_UNREGISTER_RING_FDS;
		nr %= 4;
		for (i = 0; i < nr; i++)
			up[i].data = fz_u8(f) & 1 ? (unsigned) ring->ring_fd :
				     (unsigned) fz_pick_fd(f, o);
		break;
	}
	case 15: {
		struct io_uring_buf_reg *reg = arg;

		opcode = fz_u8(f) & 1 ? IORING_REGISTER_PBUF_RING :
			 IORING_UNREGISTER_PBUF_RING;
		/* Ring memory inside ours, or kernel allocated (MMAP). */
		reg->ring_entries %= MEM_LEN / 16 + 1;
		if (!(reg->flags & IOU_PBUF_RING_MMAP))
			reg->ring_addr = (uintptr_t) (o->buf + MEM_OFF);
		else
			reg->ring_addr = 0;
		reg->bgid &= 7;
		nr = 1;
		break;
	}
	case 16: {
		struct io_uring_sync_cancel_reg *reg = arg;

		opcode = IORING_REGISTER_SYNC_CANCEL;
		/* At most 10 ms each, or none: a cancel never blocks long. */
		reg->timeout.tv_sec = 0;
		reg->timeout.tv_nsec %= 10000000;
		if (fz_u8(f) & 1)
			reg->fd = fz_pick_fd(f, o);
		nr = 1;
		break;
	}
	case 17:
		opcode = IORING_REGISTER_FILE_ALLOC_RANGE;
		break;
	case 18:
		opcode = IORING_REGISTER_PBUF_STATUS;
		nr = 1;
		break;
	case 19:
		opcode = IORING_REGISTER_CLOCK;
		break;
	case 20: {
		struct io_uring_clone_buffers *cb = arg;

		opcode = IORING_REGISTER_CLONE_BUFFERS;
		cb->src_fd = fz_u8(f) & 1 ? (unsigned) other->ring_fd :
			     (unsigned) fz_pick_fd(f, o);
		nr = 1;
		break;
	}
	default:
		/* An opcode past the table: -EINVAL. */
		opcode = IORING_REGISTER_LAST + fz_u8(f);
		break;
	}

	if (registered && fz_u8(f) & 1) {
		opcode |= IORING_REGISTER_USE_REGISTERED_RING;
		fd = ring->enter_ring_fd;
	}
	FZ_CALL("io_uring_register", io_uring_register(fd, opcode, arg, nr));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct fz_snapshot snap;
	struct fz_objects o;
	struct io_uring ring, other;
	unsigned int steps = 0;
	uint16_t head;
	int ret;

	fz_snapshot(&snap);
	fz_objects_open(&o);
	ret = FZ_CALL("queue_init", io_uring_queue_init(4, &ring,
			fz_u8(&f) & 1 ? IORING_SETUP_R_DISABLED : 0));
	if (ret)
		fz_fail("setup of a plain ring failed: %s", strerror(-ret));
	ret = FZ_CALL("queue_init", io_uring_queue_init(4, &other, 0));
	if (ret)
		fz_fail("setup of a plain ring failed: %s", strerror(-ret));

	while (f.size && steps++ < 32) {
		switch (fz_pick(&f, 8)) {
		case 0:
			ret = FZ_CALL("register_ring_fd",
				      io_uring_register_ring_fd(&ring));
			if (ret == 1)
				registered = true;
			else if (ret >= 0)
				fz_fail("register_ring_fd returned %d", ret);
			break;
		case 1:
			ret = FZ_CALL("unregister_ring_fd",
				      io_uring_unregister_ring_fd(&ring));
			if (ret == 1)
				registered = false;
			else if (ret >= 0)
				fz_fail("unregister_ring_fd returned %d", ret);
			break;
		case 2:
			/* Last: the ring may then be reachable only by index. */
			if (!f.size || fz_u8(&f) < 16)
				FZ_CALL("close_ring_fd",
					io_uring_close_ring_fd(&ring));
			break;
		case 3:
			ret = FZ_CALL("buf_ring_head",
				      io_uring_buf_ring_head(&ring,
						(int) fz_u32(&f), &head));
			if (ret > 0)
				fz_fail("buf_ring_head returned %d", ret);
			break;
		default:
			raw_register(&f, &o, &ring, &other);
			break;
		}
		/* Any work the calls queued (cancels, eventfd) is reaped. */
		fz_drain(&ring);
	}

	/*
	 * Registered ring slots belong to the thread, not to a ring, and
	 * hold a reference to it: empty them all so that no input leaves
	 * a ring alive for the next one.
	 */
	for (steps = 0; steps < 16; steps++) {
		struct io_uring_rsrc_update up = { .offset = steps };

		io_uring_register(other.ring_fd, IORING_UNREGISTER_RING_FDS,
				  &up, 1);
	}
	registered = false;
	io_uring_queue_exit(&other);
	io_uring_queue_exit(&ring);
	fz_objects_close(&o);
	fz_check_snapshot(&snap);
	return 0;
}
