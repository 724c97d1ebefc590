/* SPDX-License-Identifier: MIT */
/*
 * A program written against Debian's liburing 2.3 headers, exercising
 * setup, submit, timed waits, probing, registered buffers and files,
 * buffer rings, ring fd registration and sync cancel. test/compat-peer.c
 * builds it once against the system library and runs it twice: with the
 * system's liburing.so.2 and with ours. Both runs must print the same.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <liburing.h>

static int failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("FAIL line %d: %s\n", __LINE__, #cond);	\
			failures++;					\
		}							\
	} while (0)

/* Submit what is queued, wait for one CQE, print it and consume it. */
static void reap(struct io_uring *ring, const char *what)
{
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_submit_and_wait(ring, 1);
	CHECK(ret >= 0);
	ret = io_uring_wait_cqe(ring, &cqe);
	CHECK(ret == 0);
	if (ret)
		return;
	printf("%s: data=%llu res=%d flags=0x%x\n", what,
	       (unsigned long long) cqe->user_data, cqe->res, cqe->flags);
	io_uring_cqe_seen(ring, cqe);
}

static void timed_waits(struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;

	printf("wait_cqe_timeout empty: %d\n",
	       io_uring_wait_cqe_timeout(ring, &cqe, &ts));
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 7;
	CHECK(io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL) >= 0);
	CHECK(cqe && cqe->user_data == 7);
	if (cqe)
		io_uring_cqe_seen(ring, cqe);

	/* A timeout request that fires. */
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	sqe->user_data = 8;
	reap(ring, "timeout");
}

static void probe(struct io_uring *ring)
{
	struct io_uring_probe *p = io_uring_get_probe_ring(ring);

	CHECK(p != NULL);
	if (!p)
		return;
	printf("probe: nop=%d read=%d msg_ring=%d\n",
	       io_uring_opcode_supported(p, IORING_OP_NOP),
	       io_uring_opcode_supported(p, IORING_OP_READ),
	       io_uring_opcode_supported(p, IORING_OP_MSG_RING));
	io_uring_free_probe(p);
	p = io_uring_get_probe();
	CHECK(p != NULL);
	io_uring_free_probe(p);
}

static void fixed_buffers_and_files(struct io_uring *ring, int fd)
{
	static char buf[4096];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct io_uring_sqe *sqe;

	CHECK(io_uring_register_buffers(ring, &iov, 1) == 0);
	CHECK(io_uring_register_files(ring, &fd, 1) == 0);

	memset(buf, 'x', 512);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_write_fixed(sqe, 0, buf, 512, 0, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 20;
	reap(ring, "write_fixed");

	memset(buf, 0, 512);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read_fixed(sqe, 0, buf, 512, 0, 0);
	sqe->flags |= IOSQE_FIXED_FILE;
	sqe->user_data = 21;
	reap(ring, "read_fixed");
	CHECK(buf[0] == 'x' && buf[511] == 'x');

	CHECK(io_uring_unregister_files(ring) == 0);
	CHECK(io_uring_unregister_buffers(ring) == 0);
	printf("fixed: ok\n");
}

static void buffer_ring(struct io_uring *ring)
{
	const unsigned int entries = 4;
	static char bufs[4][64];
	struct io_uring_buf_reg reg;
	struct io_uring_buf_ring *br;
	struct io_uring_sqe *sqe;
	int sv[2];
	unsigned int i;

	br = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(br != MAP_FAILED);
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (unsigned long) br;
	reg.ring_entries = entries;
	reg.bgid = 3;
	CHECK(io_uring_register_buf_ring(ring, &reg, 0) == 0);
	io_uring_buf_ring_init(br);
	for (i = 0; i < entries; i++)
		io_uring_buf_ring_add(br, bufs[i], sizeof(bufs[i]), i,
				      io_uring_buf_ring_mask(entries), i);
	io_uring_buf_ring_advance(br, entries);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[1], "hello", 5) == 5);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_recv(sqe, sv[0], NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = 3;
	sqe->user_data = 30;
	reap(ring, "recv buffer-select");
	CHECK(!memcmp(bufs[0], "hello", 5));

	CHECK(io_uring_unregister_buf_ring(ring, 3) == 0);
	close(sv[0]);
	close(sv[1]);
	munmap(br, 4096);
}

static void sync_cancel(struct io_uring *ring)
{
	struct io_uring_sync_cancel_reg reg;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	char c;
	int fds[2];

	CHECK(pipe(fds) == 0);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read(sqe, fds[0], &c, 1, 0);
	sqe->user_data = 40;
	CHECK(io_uring_submit(ring) == 1);

	memset(&reg, 0, sizeof(reg));
	reg.addr = 40;
	reg.timeout.tv_sec = -1;
	reg.timeout.tv_nsec = -1;
	printf("sync_cancel: %d\n", io_uring_register_sync_cancel(ring, &reg));
	CHECK(io_uring_wait_cqe(ring, &cqe) == 0);
	printf("cancelled read: data=%llu res=%d\n",
	       (unsigned long long) cqe->user_data, cqe->res);
	io_uring_cqe_seen(ring, cqe);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	char path[] = "/tmp/liburing-peer-file.XXXXXX";
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	int fd, i;

	CHECK(io_uring_queue_init(16, &ring, 0) == 0);
	for (i = 0; i < 3; i++) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = i;
		reap(&ring, "nop");
	}
	printf("register_ring_fd: %d\n", io_uring_register_ring_fd(&ring));
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 3;
	reap(&ring, "nop via registered ring");
	printf("unregister_ring_fd: %d\n", io_uring_unregister_ring_fd(&ring));

	timed_waits(&ring);
	probe(&ring);

	fd = mkstemp(path);
	CHECK(fd >= 0);
	unlink(path);
	fixed_buffers_and_files(&ring, fd);
	close(fd);

	buffer_ring(&ring);
	sync_cancel(&ring);
	io_uring_queue_exit(&ring);

	printf("%s\n", failures ? "failed" : "ok");
	return failures != 0;
}
