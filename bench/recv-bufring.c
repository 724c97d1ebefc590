/* SPDX-License-Identifier: MIT */
/*
 * recv-bufring OPS
 *
 * Receiving with provided buffers, in steady state: a ring of 64 buffers
 * of 64 bytes (io_uring_register_buf_ring, group 1) and an AF_UNIX
 * datagram socketpair. Each step sends 32 datagrams with one sendmmsg(2),
 * then 32 times get_sqe + prep_recv(len 0) + IOSQE_BUFFER_SELECT, one
 * submit_and_wait(32), a for_each_cqe walk that checks each CQE and hands
 * its buffer back with buf_ring_add, one buf_ring_advance(32) and one
 * cq_advance(32). One op is one datagram received.
 */
#include <sys/mman.h>
#include <sys/socket.h>

#include "bench.h"

#define BATCH		32
#define NR_BUFS		64
#define BUF_LEN		64
#define MSG_LEN		16
#define BGID		1

static struct io_uring ring;
static struct io_uring_buf_ring *br;
static char *bufs;
static int socks[2] = { -1, -1 };
static struct mmsghdr msgs[BATCH];
static struct iovec msg_iov;
static char payload[MSG_LEN];

static void put_buf(unsigned int bid, int offset)
{
	io_uring_buf_ring_add(br, bufs + bid * BUF_LEN, BUF_LEN, bid,
			      NR_BUFS - 1, offset);
}

static int bench_setup(int argc, char **argv, unsigned int *step_ops)
{
	struct io_uring_buf_reg reg;
	unsigned int i;
	int ret;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, socks))
		return bench_setup_error("socketpair", -errno);
	br = mmap(NULL, NR_BUFS * sizeof(struct io_uring_buf),
		  PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bufs = malloc(NR_BUFS * BUF_LEN);
	if (br == MAP_FAILED || !bufs)
		return bench_say(BENCH_FAIL, "out of memory");
	ret = io_uring_queue_init(64, &ring, 0);
	if (ret)
		return bench_setup_error("queue_init", ret);
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (unsigned long) br;
	reg.ring_entries = NR_BUFS;
	reg.bgid = BGID;
	ret = io_uring_register_buf_ring(&ring, &reg, 0);
	if (ret) {
		io_uring_queue_exit(&ring);
		return bench_setup_error("register_buf_ring", ret);
	}
	for (i = 0; i < NR_BUFS; i++)
		put_buf(i, (int) i);
	io_uring_buf_ring_advance(br, NR_BUFS);

	memset(payload, 0x5a, sizeof(payload));
	msg_iov.iov_base = payload;
	msg_iov.iov_len = sizeof(payload);
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &msg_iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	*step_ops = BATCH;
	return BENCH_OK;
}

static int bench_run(unsigned long steps)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned int i, head;
	int ret;

	while (steps--) {
		if (sendmmsg(socks[1], msgs, BATCH, 0) != BATCH)
			return bench_say(BENCH_FAIL, "sendmmsg: %d", -errno);
		for (i = 0; i < BATCH; i++) {
			sqe = io_uring_get_sqe(&ring);
			if (!sqe)
				return bench_say(BENCH_FAIL, "SQ full");
			io_uring_prep_recv(sqe, socks[0], NULL, 0, 0);
			io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
			sqe->buf_group = BGID;
		}
		ret = io_uring_submit_and_wait(&ring, BATCH);
		if (ret != BATCH)
			return bench_say(BENCH_FAIL, "submit: %d", ret);
		i = 0;
		io_uring_for_each_cqe(&ring, head, cqe) {
			if (cqe->res != MSG_LEN ||
			    !(cqe->flags & IORING_CQE_F_BUFFER))
				return bench_say(BENCH_FAIL, "recv: %d %x",
						 cqe->res, cqe->flags);
			put_buf(cqe->flags >> IORING_CQE_BUFFER_SHIFT, (int) i);
			i++;
		}
		if (i != BATCH)
			return bench_say(BENCH_FAIL, "saw %u of %u", i, BATCH);
		io_uring_buf_ring_advance(br, BATCH);
		io_uring_cq_advance(&ring, BATCH);
	}
	return BENCH_OK;
}

static void bench_teardown(void)
{
	io_uring_queue_exit(&ring);
	close(socks[0]);
	close(socks[1]);
}
