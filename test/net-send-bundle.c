/* SPDX-License-Identifier: MIT */
/*
 * Send bundles (IORING_RECVSEND_BUNDLE): one send drains several provided
 * buffers. From legacy provided buffers it takes one per CQE; from a
 * buffer ring (registered here with the raw system call) all that are
 * queued in one go; an empty ring is -ENOBUFS.
 */
#include <sys/mman.h>

#include "op-util.h"

static char data[] = "aaaabbbbcccc";

static void queue_bundle(__u64 user_data, int c, int bgid)
{
	struct io_uring_sqe *sqe = t_queue(user_data);

	io_uring_prep_send_bundle(sqe, c, 0, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
	sqe->buf_group = bgid;
}

/* Legacy buffers go one per CQE, F_MORE until the group is empty. */
static void legacy_buffers(int c, int s)
{
	char buf[32];

	t_provide(&ring, data, 4, 3, 6);
	queue_bundle(17, c, 6);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 17, 4, IORING_CQE_F_BUFFER | IORING_CQE_F_MORE,
		     T_WAIT_MS);
	t_expect_cqe(&ring, 17, 4, IORING_CQE_F_BUFFER | IORING_CQE_F_MORE |
		     (1 << IORING_CQE_BUFFER_SHIFT), T_WAIT_MS);
	t_expect_cqe(&ring, 17, 4, IORING_CQE_F_BUFFER |
		     (2 << IORING_CQE_BUFFER_SHIFT), T_WAIT_MS);
	t_eq(recv(s, buf, 12, MSG_WAITALL), 12);
	t_assert(!memcmp(buf, data, 12), "legacy bundle payload");
}

static void buffer_ring(int c, int s)
{
	struct io_uring_buf_reg reg;
	struct io_uring_buf_ring *br;
	char buf[32];
	int i;

	br = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_assert(br != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uintptr_t) br;
	reg.ring_entries = 4;
	reg.bgid = 8;
	t_eq(io_uring_register(ring.ring_fd, IORING_REGISTER_PBUF_RING, &reg,
			       1), 0);
	io_uring_buf_ring_init(br);
	for (i = 0; i < 3; i++)
		io_uring_buf_ring_add(br, data + 4 * i, 4, (unsigned short) i,
				      io_uring_buf_ring_mask(4), i);
	io_uring_buf_ring_advance(br, 3);

	queue_bundle(19, c, 8);
	t_submit(&ring, 1);
	/* The CQE names the first buffer; the rest follow in order. */
	t_expect_cqe(&ring, 19, 12, IORING_CQE_F_BUFFER, T_WAIT_MS);
	t_eq(recv(s, buf, 12, MSG_WAITALL), 12);
	t_assert(!memcmp(buf, data, 12), "bundle payload");

	/* The ring is empty now. */
	queue_bundle(20, c, 8);
	t_submit(&ring, 1);
	t_expect_cqe(&ring, 20, -ENOBUFS, 0, T_WAIT_MS);

	memset(&reg, 0, sizeof(reg));
	reg.bgid = 8;
	t_eq(io_uring_register(ring.ring_fd, IORING_UNREGISTER_PBUF_RING,
			       &reg, 1), 0);
	munmap(br, 4096);
}

int main(void)
{
	int c, s;

	t_op_begin();
	if (!(ring.features & IORING_FEAT_RECVSEND_BUNDLE))
		t_skip("kernel lacks send bundles");
	t_tcp_pair(&c, &s);
	legacy_buffers(c, s);
	buffer_ring(c, s);
	t_expect_no_cqe(&ring, 10);
	close(c);
	close(s);
	return t_op_end();
}
