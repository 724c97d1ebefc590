/* SPDX-License-Identifier: MIT */
/*
 * Random sequences of prepared SQEs, with arbitrary arguments, submitted to
 * a ring and reaped. Every target is an object this harness created: a
 * pipe, an eventfd, a socket pair, a file and names in a temporary
 * directory, its own rings, and memory it mapped. Opcodes whose targets
 * could escape that (open, close, socket, fd install, waitid, paths
 * outside the directory) are never generated.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "common.h"

/* Layout of the harness memory (o->buf) the SQEs point into. */
#define DATA_OFF	0		/* read/write/send/recv data */
#define DATA_LEN	16384
#define IOV_OFF		16384		/* struct iovec[8] */
#define MSG_OFF		16640		/* struct msghdr */
#define TS_OFF		16768		/* struct __kernel_timespec */
#define NAME_OFF	16800		/* path names, NUL terminated */
#define FUTEX_OFF	16896		/* futex words */
#define FDS_OFF		16960		/* int[8] for FILES_UPDATE */
#define STATX_OFF	17408		/* struct statx, 256 bytes */
#define PBUF_OFF	32768		/* provided buffers */
#define PBUF_LEN	32768

struct ctx {
	struct fz *f;
	struct fz_objects *o;
	struct io_uring *ring;
	struct io_uring *other;
};

static void *area(struct ctx *c, size_t off)
{
	return c->o->buf + off;
}

/* A length no bigger than max, mostly small, sometimes exactly max. */
static unsigned int pick_len(struct ctx *c, unsigned int max)
{
	unsigned int v = fz_u16(c->f);

	return (v & 0x8000) ? max : v % (max + 1);
}

static void fill_iovecs(struct ctx *c, unsigned int nr)
{
	struct iovec *iov = area(c, IOV_OFF);
	unsigned int i;

	for (i = 0; i < nr; i++) {
		unsigned int off = fz_u16(c->f) % DATA_LEN;

		iov[i].iov_base = area(c, DATA_OFF + off);
		iov[i].iov_len = pick_len(c, DATA_LEN - off);
	}
}

static void *fill_msghdr(struct ctx *c)
{
	struct msghdr *msg = area(c, MSG_OFF);

	memset(msg, 0, sizeof(*msg));
	fill_iovecs(c, 2);
	msg->msg_iov = area(c, IOV_OFF);
	msg->msg_iovlen = fz_pick(c->f, 3);
	return msg;
}

static void *fill_timespec(struct ctx *c)
{
	struct __kernel_timespec *ts = area(c, TS_OFF);

	/* Mostly short, so timeouts fire within the input. */
	ts->tv_sec = fz_u8(c->f) < 240 ? 0 : (long long) fz_u64(c->f);
	ts->tv_nsec = fz_u8(c->f) < 200 ? fz_u16(c->f) * 10 :
					   (long long) fz_u64(c->f);
	return ts;
}

/* A relative name inside the temporary directory. */
static const char *pick_name(struct ctx *c)
{
	static const char *const names[] = { "a", "b", "file", "d", "" };
	char *dst = area(c, NAME_OFF + 32 * fz_pick(c->f, 2));

	strcpy(dst, names[fz_pick(c->f, 5)]);
	return dst;
}

static int pick_ring_fd(struct ctx *c)
{
	switch (fz_pick(c->f, 4)) {
	case 0: return c->ring->ring_fd;
	case 1: return c->other->ring_fd;
	case 2: return c->o->pipe_fds[0];	/* not a ring */
	default: return fz_u8(c->f) & 7;	/* a fixed file index */
	}
}

/*
 * Opcodes built on io_uring_prep_rw() with harness targets. The prep
 * helpers the tree has are used where they exist.
 */
static void prep_one(struct ctx *c, struct io_uring_sqe *sqe)
{
	struct fz *f = c->f;
	struct fz_objects *o = c->o;
	unsigned int off = fz_u16(f) % DATA_LEN;
	void *data = area(c, DATA_OFF + off);
	unsigned int data_len = pick_len(c, DATA_LEN - off);
	unsigned int nr;

	switch (fz_pick(f, 40)) {
	case 0:
		io_uring_prep_nop(sqe);
		break;
	case 1:
		io_uring_prep_timeout(sqe, fill_timespec(c), fz_u32(f),
				      fz_u32(f));
		break;
	case 2:
		io_uring_prep_msg_ring(sqe, pick_ring_fd(c), fz_u32(f),
				       fz_u64(f), fz_u32(f));
		break;
	case 3:
		io_uring_prep_msg_ring_cqe_flags(sqe, pick_ring_fd(c),
						 fz_u32(f), fz_u64(f),
						 fz_u32(f), fz_u32(f));
		break;
	case 4:
		io_uring_prep_msg_ring_fd(sqe, pick_ring_fd(c), fz_u8(f) % 10,
					  (int) fz_u32(f), fz_u64(f),
					  fz_u32(f));
		break;
	case 5:
		io_uring_prep_msg_ring_fd_alloc(sqe, pick_ring_fd(c),
						fz_u8(f) % 10, fz_u64(f),
						fz_u32(f));
		break;
	case 6: case 7:
		io_uring_prep_rw(IORING_OP_READ, sqe, fz_pick_fd(f, o), data,
				 data_len, fz_u32(f) % (1 << 20));
		break;
	case 8: case 9:
		io_uring_prep_rw(IORING_OP_WRITE, sqe, fz_pick_fd(f, o), data,
				 data_len, fz_u32(f) % (1 << 20));
		break;
	case 10:
	case 11:
		nr = fz_pick(f, 9);
		fill_iovecs(c, nr);
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_READV :
			IORING_OP_WRITEV, sqe, fz_pick_fd(f, o),
			area(c, IOV_OFF), nr, fz_u32(f) % (1 << 20));
		break;
	case 12:
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_READ_FIXED :
			IORING_OP_WRITE_FIXED, sqe, fz_pick_fd(f, o), data,
			data_len, fz_u32(f) % (1 << 20));
		break;
	case 13:
		nr = fz_pick(f, 9);
		fill_iovecs(c, nr);
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_READV_FIXED :
			IORING_OP_WRITEV_FIXED, sqe, fz_pick_fd(f, o),
			area(c, IOV_OFF), nr, fz_u32(f) % (1 << 20));
		break;
	case 14:
		io_uring_prep_rw(IORING_OP_FSYNC, sqe, fz_pick_fd(f, o), NULL,
				 0, 0);
		break;
	case 15:
		io_uring_prep_rw(IORING_OP_POLL_ADD, sqe, fz_pick_fd(f, o),
				 NULL, fz_u8(f) & 1 ? IORING_POLL_ADD_MULTI : 0,
				 0);
		break;
	case 16:
		/* Removal targets user_data, any value will do. */
		io_uring_prep_rw(IORING_OP_POLL_REMOVE, sqe, -1,
				 (void *) (uintptr_t) fz_u8(f), fz_u32(f), 0);
		break;
	case 17:
		io_uring_prep_rw(IORING_OP_SYNC_FILE_RANGE, sqe,
				 fz_pick_fd(f, o), NULL, fz_u16(f), fz_u16(f));
		break;
	case 18:
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_SENDMSG :
			IORING_OP_RECVMSG, sqe, fz_pick_fd(f, o),
			fill_msghdr(c), 1, 0);
		break;
	case 19:
		io_uring_prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1,
				 (void *) (uintptr_t) fz_u8(f), 0, 0);
		break;
	case 20:
		io_uring_prep_rw(IORING_OP_ASYNC_CANCEL, sqe, fz_pick_fd(f, o),
				 (void *) (uintptr_t) fz_u8(f), 0, 0);
		break;
	case 21:
		io_uring_prep_rw(IORING_OP_LINK_TIMEOUT, sqe, -1,
				 fill_timespec(c), 1, 0);
		break;
	case 22:
		/* At most 1 MiB of real blocks in the temporary file. */
		io_uring_prep_rw(IORING_OP_FALLOCATE, sqe, fz_pick_fd(f, o),
				 (void *) (uintptr_t) (fz_u32(f) % (1 << 20)),
				 fz_u8(f) & 3, fz_u32(f) % (1 << 20));
		break;
	case 23:
		nr = fz_pick(f, 9);
		for (off = 0; off < nr; off++)
			((int *) area(c, FDS_OFF))[off] = fz_pick_fd(f, o);
		io_uring_prep_rw(IORING_OP_FILES_UPDATE, sqe, -1,
				 area(c, FDS_OFF), nr, fz_u8(f) % 12);
		break;
	case 24:
		io_uring_prep_rw(IORING_OP_STATX, sqe, o->dir_fd, pick_name(c),
				 fz_u32(f), (uintptr_t) area(c, STATX_OFF));
		break;
	case 25:
		io_uring_prep_rw(IORING_OP_FADVISE, sqe, fz_pick_fd(f, o),
				 NULL, fz_u32(f), fz_u32(f));
		sqe->fadvise_advice = fz_u8(f) % 8;
		break;
	case 26: {
		/* Only advice that cannot hurt memory we still use. */
		static const int advice[] = {
			MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL,
			MADV_WILLNEED, MADV_COLD, MADV_PAGEOUT,
		};

		io_uring_prep_rw(IORING_OP_MADVISE, sqe, -1, o->buf + PBUF_OFF,
				 pick_len(c, PBUF_LEN), 0);
		sqe->fadvise_advice = advice[fz_pick(f, 6)];
		break;
	}
	case 27:
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_SEND :
			IORING_OP_RECV, sqe, fz_pick_fd(f, o), data, data_len,
			0);
		break;
	case 28:
		if (fz_u8(f) & 1)
			io_uring_prep_rw(IORING_OP_SEND_ZC, sqe,
					 fz_pick_fd(f, o), data, data_len, 0);
		else
			io_uring_prep_rw(IORING_OP_SENDMSG_ZC, sqe,
					 fz_pick_fd(f, o), fill_msghdr(c), 1,
					 0);
		break;
	case 29:
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_SPLICE :
			IORING_OP_TEE, sqe, fz_pick_fd(f, o), NULL,
			pick_len(c, DATA_LEN), fz_u8(f) & 1 ? -1ULL :
			fz_u16(f));
		sqe->splice_fd_in = fz_pick_fd(f, o);
		sqe->splice_off_in = fz_u8(f) & 1 ? -1ULL : fz_u16(f);
		break;
	case 30: {
		/* nbufs buffers of len bytes, all inside the pbuf area. */
		unsigned int len = 1 + fz_u16(f) % 4096;
		unsigned int nbufs = 1 + fz_u16(f) % (PBUF_LEN / len);

		io_uring_prep_rw(IORING_OP_PROVIDE_BUFFERS, sqe, nbufs,
				 o->buf + PBUF_OFF, len, fz_u16(f));
		sqe->buf_group = fz_u8(f) & 3;
		break;
	}
	case 31:
		io_uring_prep_rw(IORING_OP_REMOVE_BUFFERS, sqe, fz_u8(f), NULL,
				 0, 0);
		sqe->buf_group = fz_u8(f) & 3;
		break;
	case 32:
		io_uring_prep_rw(IORING_OP_SHUTDOWN, sqe, fz_pick_fd(f, o),
				 NULL, fz_u8(f) % 4, 0);
		break;
	case 33:
		io_uring_prep_rw(IORING_OP_RENAMEAT, sqe, o->dir_fd,
				 pick_name(c), o->dir_fd,
				 (uintptr_t) pick_name(c));
		sqe->rename_flags = fz_u8(f) & 7;
		break;
	case 34:
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_UNLINKAT :
			IORING_OP_MKDIRAT, sqe, o->dir_fd, pick_name(c),
			fz_u8(f) & 1 ? 0700 : 0, 0);
		sqe->unlink_flags = fz_u8(f) & 1 ? AT_REMOVEDIR : 0;
		break;
	case 35:
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_SYMLINKAT :
			IORING_OP_LINKAT, sqe, o->dir_fd, pick_name(c),
			o->dir_fd, (uintptr_t) pick_name(c));
		break;
	case 36: {
		/* Futex words live in harness memory. */
		uint32_t *word = area(c, FUTEX_OFF);

		*word = fz_u8(f) & 1;
		io_uring_prep_rw(fz_u8(f) & 1 ? IORING_OP_FUTEX_WAIT :
			IORING_OP_FUTEX_WAKE, sqe, fz_u8(f) & 3, word, 0,
			fz_u32(f));
		sqe->futex_flags = 0;
		sqe->addr3 = fz_u64(f);
		break;
	}
	case 37:
		io_uring_prep_rw(IORING_OP_FTRUNCATE, sqe, fz_pick_fd(f, o),
				 NULL, 0, fz_u32(f) % (1 << 20));
		break;
	case 38:
		io_uring_prep_rw(IORING_OP_READ_MULTISHOT, sqe,
				 fz_pick_fd(f, o), NULL, fz_u16(f) % 4096,
				 0);
		sqe->buf_group = fz_u8(f) & 3;
		break;
	default:
		/* An opcode number past the table: -EINVAL. */
		io_uring_prep_rw(IORING_OP_LAST +
				 fz_pick(f, 256 - IORING_OP_LAST), sqe, -1,
				 NULL, 0, 0);
		break;
	}

	/* Request flags and the per-opcode knobs, all arbitrary. */
	sqe->flags |= fz_u8(f) & (IOSQE_FIXED_FILE | IOSQE_IO_DRAIN |
				  IOSQE_IO_LINK | IOSQE_IO_HARDLINK |
				  IOSQE_ASYNC | IOSQE_BUFFER_SELECT |
				  IOSQE_CQE_SKIP_SUCCESS);
	if (sqe->flags & IOSQE_BUFFER_SELECT)
		sqe->buf_group = fz_u8(f) & 3;
	if (fz_u8(f) < 32)
		sqe->ioprio = fz_u16(f);
	if (fz_u8(f) < 32 && sqe->opcode != IORING_OP_MADVISE)
		sqe->rw_flags = (int) fz_u32(f);
	if (fz_u8(f) < 16)
		sqe->personality = fz_u16(f);
	sqe->user_data = fz_u8(f);

	/*
	 * CQE flags a message passes through are the sender's to get
	 * right: F_SKIP and F_32 frame the CQ for the receiving library,
	 * and a ring that never asked for them would lose its place.
	 */
	if (sqe->opcode == IORING_OP_MSG_RING &&
	    sqe->msg_ring_flags & IORING_MSG_RING_FLAGS_PASS)
		sqe->file_index &= ~(IORING_CQE_F_SKIP | IORING_CQE_F_32);
}

/* Register a few harness files and the data area, as a program would. */
static void register_some(struct ctx *c)
{
	struct fz_objects *o = c->o;
	int files[8] = {
		o->pipe_fds[0], o->pipe_fds[1], o->event_fd, o->sock_fds[0],
		o->sock_fds[1], o->file_fd, -1, -1,
	};
	struct iovec iov = {
		.iov_base = area(c, DATA_OFF), .iov_len = DATA_LEN,
	};

	FZ_CALL("register files", io_uring_register(c->ring->ring_fd,
		IORING_REGISTER_FILES, files, 8));
	FZ_CALL("register buffers", io_uring_register(c->ring->ring_fd,
		IORING_REGISTER_BUFFERS, &iov, 1));
}

static void wait_some(struct ctx *c)
{
	struct __kernel_timespec ts = { .tv_nsec = 100000 * fz_pick(c->f, 20) };
	struct io_uring_cqe *cqe;
	int ret;

	ret = FZ_CALL("wait_cqe_timeout",
		      io_uring_wait_cqe_timeout(c->ring, &cqe, &ts));
	if (!ret && cqe)
		io_uring_cqe_seen(c->ring, cqe);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int ring_flags[] = {
		0,
		IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_SQPOLL,
		IORING_SETUP_CQSIZE,
		IORING_SETUP_SQE128 | IORING_SETUP_CQE32,
		IORING_SETUP_SUBMIT_ALL,
	};
	struct fz f = { data, size };
	struct fz_snapshot snap;
	struct fz_objects o;
	struct io_uring ring, other;
	struct io_uring_params p;
	struct ctx c = { &f, &o, &ring, &other };
	struct io_uring_sqe *sqe;
	unsigned int steps = 0;
	int ret;

	fz_snapshot(&snap);
	fz_objects_open(&o);

	memset(&p, 0, sizeof(p));
	p.flags = ring_flags[fz_pick(&f, 7)];
	p.cq_entries = 1 + fz_pick(&f, 8);	/* a tiny CQ that overflows */
	ret = FZ_CALL("queue_init_params",
		      io_uring_queue_init_params(1 + fz_pick(&f, 16), &ring,
						 &p));
	if (ret)
		goto out_objects;
	ret = FZ_CALL("queue_init", io_uring_queue_init(4, &other, 0));
	if (ret)
		goto out_ring;

	if (fz_u8(&f) & 1)
		register_some(&c);

	while (f.size && steps++ < 64) {
		switch (fz_pick(&f, 10)) {
		case 0: case 1: case 2: case 3: case 4:
			sqe = io_uring_get_sqe(&ring);
			if (sqe)
				prep_one(&c, sqe);
			break;
		case 5:
			FZ_CALL("submit", io_uring_submit(&ring));
			break;
		case 6:
			wait_some(&c);
			break;
		case 7:
			fz_drain(&ring);
			fz_drain(&other);
			break;
		case 8:
			FZ_CALL("submit_and_get_events",
				io_uring_submit_and_get_events(&ring));
			break;
		default:
			if (fz_u8(&f) & 1)
				FZ_CALL("register_ring_fd",
					io_uring_register_ring_fd(&ring));
			else
				FZ_CALL("unregister_ring_fd",
					io_uring_unregister_ring_fd(&ring));
			break;
		}
	}
	FZ_CALL("submit", io_uring_submit(&ring));
	fz_drain(&ring);

	io_uring_queue_exit(&other);
out_ring:
	io_uring_queue_exit(&ring);
out_objects:
	fz_objects_close(&o);
	fz_check_snapshot(&snap);
	return 0;
}
