/* SPDX-License-Identifier: MIT */
/*
 * Provided-buffer rings: buffers are picked in ring order, the CQE names
 * the buffer id, an empty ring gives -ENOBUFS, incremental consumption,
 * kernel-allocated rings, the inline ring helpers and argument errors.
 */
#include <sys/socket.h>

#include "register-util.h"

#define BGID	7
#define NR_ENT	8
#define BUF_LEN	64

static int sv[2];
static char bufs[NR_ENT][BUF_LEN];

static void send_msg(const char *msg)
{
	ssize_t len = (ssize_t) strlen(msg);

	if (write(sv[1], msg, len) != len)
		t_fail("write to socket");
}

/* Queue one buffer-select recv from group bgid. */
static void queue_recv(struct io_uring *ring, int bgid, unsigned int len,
		       __u64 user_data)
{
	struct io_uring_sqe *sqe = t_get_sqe(ring);

	io_uring_prep_rw(IORING_OP_RECV, sqe, sv[0], NULL, len, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	io_uring_sqe_set_buf_group(sqe, bgid);
	sqe->user_data = user_data;
}

/* Receive msg into a provided buffer; returns the buffer id used. */
static int recv_one(struct io_uring *ring, int bgid, const char *msg,
		    unsigned int extra_flags)
{
	struct io_uring_cqe *cqe;
	int len = (int) strlen(msg);
	int bid;

	send_msg(msg);
	queue_recv(ring, bgid, 0, 20);
	t_submit(ring, 1);
	t_eq(io_uring_wait_cqe(ring, &cqe), 0);
	t_eq(cqe->user_data, 20);
	t_eq(cqe->res, len);
	t_eq(cqe->flags & ~(0xffffU << IORING_CQE_BUFFER_SHIFT),
	     IORING_CQE_F_BUFFER | extra_flags);
	bid = (int) (cqe->flags >> IORING_CQE_BUFFER_SHIFT);
	io_uring_cqe_seen(ring, cqe);
	return bid;
}

static void add_buffers(struct io_uring_buf_ring *br, int first, int nr)
{
	int mask = io_uring_buf_ring_mask(NR_ENT);
	int i;

	for (i = 0; i < nr; i++)
		io_uring_buf_ring_add(br, bufs[first + i], BUF_LEN,
				      (unsigned short) (first + i), mask, i);
	io_uring_buf_ring_advance(br, nr);
}

static void in_order_and_enobufs(struct io_uring *ring)
{
	struct io_uring_buf_ring *br;
	char msg[32];
	uint16_t head;
	int err = 1, i, bid, ret;
	bool status;

	br = io_uring_setup_buf_ring(ring, NR_ENT, BGID, 0, &err);
	if (!br && err == -EINVAL)
		t_skip("kernel lacks provided buffer rings");
	t_assert(br, "setup_buf_ring: %d", err);
	t_eq(err, 0);
	t_eq(br->tail, 0);
	/* The same group cannot be set up twice. */
	t_assert(!io_uring_setup_buf_ring(ring, NR_ENT, BGID, 0, &err),
		 "second ring for one group");
	t_eq(err, -EEXIST);

	add_buffers(br, 0, 4);
	/* The head is read with IORING_REGISTER_PBUF_STATUS (Linux 6.8). */
	ret = io_uring_buf_ring_head(ring, BGID, &head);
	status = !(ret == -EINVAL && !t_kernel_at_least(6, 8));
	if (status) {
		t_eq(ret, 0);
		t_eq(head, 0);
		t_eq(io_uring_buf_ring_available(ring, br, BGID), 4);
	} else {
		printf("kernel lacks IORING_REGISTER_PBUF_STATUS (Linux 6.8), heads not tested\n");
	}

	for (i = 0; i < 4; i++) {
		snprintf(msg, sizeof(msg), "message %d", i);
		bid = recv_one(ring, BGID, msg, 0);
		t_eq(bid, i);
		t_assert(!memcmp(bufs[bid], msg, strlen(msg)),
			 "data not in buffer %d", bid);
	}
	if (status) {
		t_eq(io_uring_buf_ring_head(ring, BGID, &head), 0);
		t_eq(head, 4);
		t_eq(io_uring_buf_ring_available(ring, br, BGID), 0);
	}

	/* Out of buffers, with data waiting. */
	send_msg("no room");
	queue_recv(ring, BGID, 0, 21);
	t_submit(ring, 1);
	t_expect_cqe(ring, 21, -ENOBUFS, 0, 5000);

	/* Give two back; the wrap-around goes on in order. */
	add_buffers(br, 4, 2);
	if (status)
		t_eq(io_uring_buf_ring_available(ring, br, BGID), 2);
	queue_recv(ring, BGID, 0, 22);
	t_submit(ring, 1);
	t_expect_cqe(ring, 22, 7,
		     IORING_CQE_F_BUFFER | (4 << IORING_CQE_BUFFER_SHIFT),
		     5000);
	t_assert(!memcmp(bufs[4], "no room", 7), "wrong data in buffer 4");

	/* buf_ring_cq_advance: return a buffer and consume a CQE at once. */
	bid = recv_one(ring, BGID, "cq", 0);
	t_eq(bid, 5);
	{
		struct io_uring_sqe *sqe = t_get_sqe(ring);

		io_uring_prep_nop(sqe);
		sqe->user_data = 23;
		t_submit(ring, 1);
		t_eq(io_uring_cq_ready(ring), 1);
		io_uring_buf_ring_add(br, bufs[0], BUF_LEN, 0,
				      io_uring_buf_ring_mask(NR_ENT), 0);
		io_uring_buf_ring_cq_advance(ring, br, 1);
		t_eq(io_uring_cq_ready(ring), 0);
		if (status)
			t_eq(io_uring_buf_ring_available(ring, br, BGID), 1);
		__io_uring_buf_ring_cq_advance(ring, br, 0, 0);
	}
	t_eq(recv_one(ring, BGID, "last", 0), 0);

	t_eq(io_uring_free_buf_ring(ring, br, NR_ENT, BGID), 0);
	/* Older kernels (6.1) keep the group and say -EINVAL instead. */
	ret = io_uring_free_buf_ring(ring, NULL, NR_ENT, BGID);
	if (ret != -EINVAL || t_kernel_at_least(6, 12))
		t_eq(ret, -ENOENT);
	if (status)
		t_eq(io_uring_buf_ring_head(ring, BGID, &head), -ENOENT);
}

static void incremental(struct io_uring *ring)
{
	struct io_uring_buf_ring *br;
	struct io_uring_cqe *cqe;
	int err;

	br = io_uring_setup_buf_ring(ring, NR_ENT, BGID + 1, IOU_PBUF_RING_INC,
				     &err);
	if (!br && err == -EINVAL) {
		printf("incremental buffer rings unsupported, not tested\n");
		return;
	}
	t_assert(br, "setup_buf_ring(INC): %d", err);
	io_uring_buf_ring_add(br, bufs[5], BUF_LEN, 5,
			      io_uring_buf_ring_mask(NR_ENT), 0);
	io_uring_buf_ring_advance(br, 1);
	memset(bufs[5], 0, BUF_LEN);

	/* Each completion continues where the last one stopped. */
	t_eq(recv_one(ring, BGID + 1, "0123456789", IORING_CQE_F_BUF_MORE), 5);
	t_eq(recv_one(ring, BGID + 1, "abcdefghij", IORING_CQE_F_BUF_MORE), 5);
	t_assert(!memcmp(bufs[5], "0123456789abcdefghij", 20),
		 "incremental data misplaced: %.20s", bufs[5]);

	/* Fill the rest exactly: the buffer is done, no BUF_MORE. */
	{
		char rest[BUF_LEN - 20 + 1];

		memset(rest, 'z', sizeof(rest) - 1);
		rest[sizeof(rest) - 1] = 0;
		send_msg(rest);
		queue_recv(ring, BGID + 1, 0, 24);
		t_submit(ring, 1);
		t_eq(io_uring_wait_cqe(ring, &cqe), 0);
		t_eq(cqe->res, BUF_LEN - 20);
		t_eq(cqe->flags, IORING_CQE_F_BUFFER |
				 (5 << IORING_CQE_BUFFER_SHIFT));
		io_uring_cqe_seen(ring, cqe);
	}
	t_eq(io_uring_free_buf_ring(ring, br, NR_ENT, BGID + 1), 0);
}

/* IOU_PBUF_RING_MMAP: the kernel allocates the ring and we map it. */
static void kernel_allocated(struct io_uring *ring)
{
	struct io_uring_buf_ring *br;
	int err, maps = t_count_maps();

	br = io_uring_setup_buf_ring(ring, NR_ENT, BGID + 2,
				     IOU_PBUF_RING_MMAP, &err);
	if (!br && err == -EINVAL && !t_kernel_at_least(6, 4)) {
		printf("kernel lacks IOU_PBUF_RING_MMAP (Linux 6.4), not tested\n");
		t_eq(t_count_maps(), maps);
		return;
	}
	t_assert(br, "setup_buf_ring(MMAP): %d", err);
	t_eq(t_count_maps(), maps + 1);
	add_buffers(br, 2, 1);
	t_eq(recv_one(ring, BGID + 2, "kernel", 0), 2);
	t_assert(!memcmp(bufs[2], "kernel", 6), "wrong data");
	t_eq(io_uring_free_buf_ring(ring, br, NR_ENT, BGID + 2), 0);
	t_eq(t_count_maps(), maps);
}

static void bad_args(struct io_uring *ring)
{
	struct io_uring_buf_reg reg;
	struct io_uring fake;
	int err, ret, maps = t_count_maps();

	t_assert(!io_uring_setup_buf_ring(ring, 0, 1, 0, &err), "0 entries");
	t_eq(err, -EINVAL);
	t_assert(!io_uring_setup_buf_ring(ring, 3, 1, 0, &err), "3 entries");
	t_eq(err, -EINVAL);
	t_assert(!io_uring_setup_buf_ring(ring, 65536, 1, 0, &err), "65536");
	t_eq(err, -EINVAL);
	t_assert(!io_uring_setup_buf_ring(ring, 8, 1, 0x80, &err), "flags");
	t_eq(err, -EINVAL);
	if (!t_peer_library()) {
		t_assert(!io_uring_setup_buf_ring(NULL, 8, 1, 0, &err),
			 "NULL ring");
		t_eq(err, -EFAULT);
	}
	/* err is optional (2.15 writes through it regardless). */
	if (!t_peer_library())
		t_assert(!io_uring_setup_buf_ring(ring, 0, 1, 0, NULL),
			 "NULL err");

	t_fake_ring(&fake, t_closed_fd());
	t_assert(!io_uring_setup_buf_ring(&fake, 8, 1, 0, &err), "bad fd");
	t_eq(err, -EBADF);
	t_eq(io_uring_unregister_buf_ring(&fake, 1), -EBADF);
	t_eq(t_count_maps(), maps);

	if (!t_peer_library())	/* 2.15 reads through the NULL */
		t_eq(io_uring_register_buf_ring(ring, NULL, 0), -EINVAL);
	memset(&reg, 0, sizeof(reg));
	reg.ring_entries = 8;
	reg.bgid = 1;
	/* Neither an address nor IOU_PBUF_RING_MMAP. */
	t_eq(io_uring_register_buf_ring(ring, &reg, 0), -EFAULT);
	t_eq(io_uring_register_buf_ring(ring, &reg, 0x80), -EINVAL);
	reg.flags = 0;
	/*
	 * The flags argument is or'ed into reg->flags. Kernel-allocated
	 * rings are Linux 6.4: before, the flag is -EINVAL.
	 */
	ret = io_uring_register_buf_ring(ring, &reg, IOU_PBUF_RING_MMAP);
	t_eq(reg.flags, IOU_PBUF_RING_MMAP);
	if (ret == -EINVAL && !t_kernel_at_least(6, 4)) {
		printf("kernel lacks IOU_PBUF_RING_MMAP (Linux 6.4), not tested\n");
	} else {
		t_eq(ret, 0);
		t_eq(io_uring_unregister_buf_ring(ring, 1), 0);
		t_eq(io_uring_unregister_buf_ring(ring, 1), -ENOENT);
	}
	t_eq_null(io_uring_unregister_buf_ring(NULL, 1), -EFAULT);
}

int main(void)
{
	struct io_uring ring;
	int fds, maps;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		t_fail("socketpair");
	fds = t_count_fds();
	maps = t_count_maps();

	t_ring_init(&ring, 8, 0);
	in_order_and_enobufs(&ring);
	bad_args(&ring);
	/* README: 2.15 does not honour IOU_PBUF_RING_MMAP. */
	if (!t_peer_library())
		kernel_allocated(&ring);
	incremental(&ring);
	io_uring_queue_exit(&ring);

	t_eq(t_count_fds(), fds);
	t_eq(t_count_maps(), maps);
	return T_PASS;
}
